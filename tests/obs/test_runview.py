"""The run view page: rendered by headless Chromium, every section present; hostile text escaped;
self-contained."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from rich.console import Console

from remediate.models import Category, Facts, FixReport, Route, Status
from remediate.runrecord import load_record
from remediate.runview import render_page, text_tree
from remediate.runview.page import write_page
from tests.obs.browser import dump_dom, screenshot
from tests.obs.conftest import LintRun

SECTIONS = ("verdict", "summary", "timeline", "model-calls", "tool-calls", "checks", "route", "facts", "diff", "guards")


class _Sections(HTMLParser):
    """Text per <section id=...>, and the element names seen."""

    def __init__(self) -> None:
        super().__init__()
        self.text: dict[str, list[str]] = {}
        self.tags: set[str] = set()
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag == "section":
            self._stack.append(dict(attrs).get("id") or "?")
            self.text.setdefault(self._stack[-1], [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "section" and self._stack:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        if self._stack:
            self.text[self._stack[-1]].append(data)


def sections(dom: str) -> tuple[dict[str, str], set[str]]:
    parser = _Sections()
    parser.feed(dom)
    return {k: " ".join(v) for k, v in parser.text.items()}, parser.tags


def test_run_view_renders_every_section_in_chromium(lint_run: LintRun, tmp_path: Path) -> None:
    page = lint_run.out / "run.html"
    found, tags = sections(dump_dom(page))
    assert set(SECTIONS) <= set(found), set(SECTIONS) - set(found)
    assert "fixed" in found["verdict"] and "passed 2 of 2" in found["verdict"]
    assert "claude-haiku-5-5" in found["summary"]
    assert "svg" in tags and "rect" in tags and "chat claude-haiku-5-5" in found["timeline"]
    assert found["model-calls"].count("claude-haiku-5-5") == 3 and "tool_use" in found["model-calls"]
    assert "edit_file" in found["tool-calls"] and "run_check" in found["tool-calls"]
    assert "reproduce" in found["checks"] and "verify 2" in found["checks"]
    assert "lint -> lint" in found["route"] and "rules" in found["route"]
    assert "E722" in found["facts"]
    assert "except InvalidOperation" in found["diff"] and "root cause" in found["diff"]
    shot = screenshot(page, tmp_path / "run.png")
    assert shot.stat().st_size > 10_000


def test_run_view_is_self_contained(lint_run: LintRun) -> None:
    html = (lint_run.out / "run.html").read_text()
    assert "<script" not in html and "<link" not in html and "@import" not in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)


HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>\x1b[31mRED\x1b]0;title\x07\u202eevil\rover'


def _hostile_run(tmp_path: Path) -> Path:
    span: dict[str, Any] = {
        "type": "span",
        "name": "execute_tool read_file",
        "trace_id": "1" * 32,
        "span_id": "2" * 16,
        "parent_id": None,
        "start_ns": 1_000,
        "end_ns": 2_000_000,
        "status": "ERROR",
        "status_description": HOSTILE,
        "attributes": {
            "gen_ai.operation.name": "execute_tool",
            "gen_ai.tool.name": "read_file",
            "gen_ai.tool.call.arguments": json.dumps({"path": HOSTILE}),
            "gen_ai.tool.call.result": HOSTILE,
            "remediate.tool.is_error": True,
        },
        "events": [],
    }
    (tmp_path / "run.jsonl").write_text(json.dumps(span) + "\n")
    report = FixReport(
        run_id="r1",
        status=Status.NOT_FIXED,
        message=HOSTILE,
        exit_code=10,
        check=f"echo '{HOSTILE.replace(chr(39), '')}'",
        route=Route(category=Category.TEST, specialist="tests", reason=HOSTILE, target_files=[HOSTILE]),
        facts=Facts(excerpt="── log lines 7-8 ──\n" + HOSTILE + "\nsecond", failing_command=HOSTILE),
        patch=f"--- a/x.py\n+++ b/x.py\n@@ -1 +1 @@\n-{HOSTILE}\n+{HOSTILE}\n",
        root_cause=HOSTILE,
    )
    (tmp_path / "report.json").write_text(report.model_dump_json())
    return tmp_path


def test_hostile_text_is_escaped_in_the_page_and_the_terminal(tmp_path: Path) -> None:
    run = _hostile_run(tmp_path)
    page = write_page(run)
    html = page.read_text()
    assert "<script" not in html and "<img" not in html and "\x1b" not in html and "\u202e" not in html
    assert "&lt;script&gt;" in html and "\\x1b[31m" in html and "\\u202e" in html
    found, tags = sections(dump_dom(page))
    assert "img" not in tags and "script" not in tags
    assert "<script>alert(1)</script>" in found["tool-calls"]  # shown as text, not run
    assert re.search(r"\b8 +second", found["facts"]), "excerpt lines carry their log line numbers"
    assert "\\rover" in found["facts"] and "\\rover" in found["diff"], "a carriage return is shown, not a line break"
    tree = text_tree(load_record(run))
    console = Console(record=True, width=300, color_system=None)
    console.print(tree)
    shown = console.export_text()
    assert "\x1b" not in shown and "\x07" not in shown and "\\x1b" in shown


def test_render_page_without_report_still_shows_the_record(lint_run: LintRun) -> None:
    html = render_page(load_record(lint_run.out), None)
    assert 'id="timeline"' in html and 'id="model-calls"' in html and "no report.json" in html
