"""The parsers' table shape (parsers.base Rule/LineRules, parsers.handlers): patterns compiled on
first use, literal gates, named-group handlers."""

from __future__ import annotations

import dataclasses
import inspect
import re
import subprocess
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from remediate.facts.parsers import all_parsers, base, parser_view
from remediate.facts.parsers.base import Findings, Found, LineRules, Literals, Regex, Rule, plain, scan_with, state
from remediate.facts.parsers.handlers import record, summary
from remediate.facts.reader import LogSource
from remediate.facts.redact import Redactor
from remediate.facts.scan import scan
from remediate.facts.view import View, build_view


def _view(*texts: str) -> View:
    return View.of(texts)


def test_a_rule_whose_literals_never_show_compiles_nothing() -> None:
    # An invalid pattern: compiling it raises, so the first line that reaches it says when it is compiled.
    rules = LineRules[Found](Rule("(", record(), starts="BOOM "))
    parse = scan_with(rules, plain("t"))
    assert parse(_view("all fine", "", "still fine")).errors == []
    with pytest.raises(re.error):
        parse(_view("fine", "BOOM here"))


def test_a_shared_regex_compiles_once_on_first_use() -> None:
    pattern = Regex(r"(\d+) failed")
    assert pattern._compiled is None
    m = pattern.search("3 failed")
    assert m is not None and m.group(1) == "3"
    assert pattern._compiled is not None


def test_record_reads_named_groups_and_a_second_spelling() -> None:
    where = r"(?P<file>\S+?\.ts)(?:\((?P<line>\d+),(?P<col>\d+)\)|:(?P<line2>\d+):(?P<col2>\d+))"
    diagnostic = Rule[Found](rf"^{where} error (?P<code>TS\d+): (?P<msg>.+)$", record(), has=(" error TS",))
    other = Rule[Found](
        r"^(?P<msg>boom) at (?P<where>\w+)$", record("code-{where}", tool="other", weight=9.0), starts="boom"
    )
    rules = LineRules(diagnostic, other)
    found = scan_with(rules, plain("tsc"))(
        _view("./a.ts(3,4) error TS2322: bad type", "b.ts:5:6 error TS1005: ';' expected", "boom at home")
    )
    assert [(e.file, e.line, e.column, e.code, e.message, e.tool) for e in found.errors] == [
        ("a.ts", 3, 4, "TS2322", "bad type", "tsc"),
        ("b.ts", 5, 6, "TS1005", "';' expected", "tsc"),
        (None, None, None, "code-home", "boom", "other"),
    ]
    assert found.evidence[3] == 9.0


def test_summary_sums_failed_and_errors_and_marks_the_line() -> None:
    rules = LineRules[Found](
        Rule(r"^\d+ examples?, (?P<failed>\d+) failures?(?:, (?P<errors>\d+) errors?)?$", summary(9.0), has=(" fail",))
    )
    assert scan_with(rules, plain("rspec"))(_view("5 examples, 2 failures, 1 error")).summaries == {1: 3}
    found = scan_with(rules, plain("rspec"))(_view("x", "5 examples, 2 failures"))
    assert (found.summaries, found.seen, found.evidence) == ({2: 2}, True, {2: 9.0})
    passed = scan_with(rules, plain("rspec"))(_view("5 examples, 0 failures"))
    assert (passed.summaries, passed.seen, passed.evidence) == ({1: 0}, True, {})


def test_head_matches_only_the_start_of_a_long_line() -> None:
    seen: list[str] = []

    def keep(_st: Found, _no: int, m: re.Match[str]) -> None:
        seen.append(m.string)

    rules = LineRules[Found](Rule(r"needle", keep, has=("needle",), search=True, head=20))
    scan_with(rules, plain("t"))(_view("needle early" + "x" * 50, "x" * 50 + "needle late"))
    assert seen == ["needle early" + "x" * 8]


def test_a_handler_that_declines_lets_the_next_rule_try() -> None:
    calls: list[str] = []

    def declines(_st: Found, _no: int, _m: re.Match[str]) -> bool:
        calls.append("first")
        return False

    rules = LineRules[Found](
        Rule("x", declines, starts="x"),
        Rule("x", lambda st, no, _m: st.found.mark(no, 5.0), starts="x"),
    )
    found: Findings = scan_with(rules, plain("t"))(_view("xyz"))
    assert calls == ["first"] and found.evidence == {1: 5.0}


LAZY = tuple(
    f"remediate.facts.{name}"
    for name in ("lazyregex", "parsers", "score", "redact", "ci", "classify", "meaning", "tasks")
)


def test_importing_the_facts_compiles_no_pattern() -> None:
    """`remediate facts` pays at start only for what a log reaches (bench/facts_start.py): the
    parsers, the scorer, the redaction rules, the CI shapes, the classifier and the tasks' names compile no
    regular expression at import (of the facts and of what extract_facts reads with); a log compiles the ones it
    reaches. (Reading, cleaning and scanning run
    their few patterns on every line of every log: those compile at import.) The compiled `Regex`es
    are counted as well as the calls."""
    code = (
        "import gc, re, sys\n"
        f"LAZY = {LAZY!r}\n"
        "calls = []\n"
        "real = re.compile\n"
        "def counting(pattern, flags=0):\n"
        "    caller = sys._getframe(1).f_globals.get('__name__', '')\n"
        "    if caller.startswith(LAZY) and caller != 'remediate.facts.lazyregex':\n"
        "        calls.append(caller)\n"
        "    return real(pattern, flags)\n"
        "re.compile = counting\n"
        "import remediate.facts, remediate.facts.extract\n"
        "from remediate.facts.lazyregex import Regex\n"
        "def compiled():\n"
        "    return sum(1 for o in gc.get_objects() if isinstance(o, Regex) and o._compiled is not None)\n"
        "print(len(calls), sorted(set(calls)), compiled())\n"
        "from remediate.facts.redact import Redactor\n"
        "assert Redactor().redact('key ghp_' + 'a' * 36) == 'key [REDACTED:github_token]'\n"
        "print(compiled())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    at_import, after_use = done.stdout.splitlines()
    assert at_import == "0 [] 0"
    assert int(after_use) > 0  # the redaction compiled what it reached, no more than that


def test_a_table_whose_literals_are_nowhere_in_the_view_runs_only_its_unguarded_rules() -> None:
    seen: list[tuple[str, int]] = []

    def keep(name: str) -> Callable[[Found, int, re.Match[str]], None]:
        return lambda _st, no, _m: seen.append((name, no))

    rules = LineRules[Found](
        Rule("BOOM", keep("guarded"), starts="BOOM"),
        Rule(r"\d", keep("unguarded"), search=True),
    )
    parse = scan_with(rules, plain("t"))
    parse(_view("a1", "", "b2"))
    assert seen == [("unguarded", 1), ("unguarded", 3)]
    seen.clear()
    parse(_view("a1", "BOOM 2"))  # another view: its own literals, not the last view's
    assert seen == [("unguarded", 1), ("guarded", 2)]


@pytest.mark.parametrize("all_at_once", [False, True])
def test_skipping_tables_by_the_view_s_literals_changes_no_finding(
    monkeypatch: pytest.MonkeyPatch, all_at_once: bool
) -> None:
    """Every registered parser on every sample log finds exactly what it finds when every table
    reads every line: the whole-view literal test only leaves out lines no gate would pass (with
    the literals looked for one by one, as on a small view, or all at once, as on a large one)."""
    if all_at_once:
        monkeypatch.setattr(base, "ALL_AT_ONCE_CHARS", 0)
    views = _sample_views()
    assert len(views) > 100
    skipped = [[_found(parser.parse(view)) for parser in all_parsers()] for view in views]
    assert skipped == _every_line_findings()


def _sample_views() -> list[View]:
    """Fresh views of the samples: a view's literals are made on its first use, by the way this test looks for them."""
    return [_parser_view(path.read_bytes()) for path in sorted((Path(__file__).parent / "data").glob("*.txt"))]


@cache
def _every_line_findings() -> list[list[Findings | None]]:
    """What every registered parser finds on every sample when every table reads every line: made once, as
    it is the same whichever way the literals are looked for (they are not looked at), and the slowest pass."""
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(Literals, "any_of", lambda _self, _literals: True)
        return [[_found(parser.parse(view)) for parser in all_parsers()] for view in _sample_views()]


def _found(found: Findings) -> Findings | None:
    """None for findings of nothing (a table finished on a view it found nothing in may have named
    its tool otherwise: javac rather than maven)."""
    return None if found == Findings(tool=found.tool) else found


def test_the_one_pass_search_finds_every_gate_literal_a_substring_search_finds() -> None:
    text = "\n".join(path.read_text() for path in sorted((Path(__file__).parent / "data").glob("*.txt")))
    assert len(text) > base.ALL_AT_ONCE_CHARS
    places = base._all_at_once(text)
    assert places is not None
    assert {literal: bool(found) for literal, found in places.items()} == {
        literal: literal in text for literal in base._GATE_LITERALS
    }
    assert all(text.startswith(literal, at) for literal, found in places.items() for at in found)  # where it stands
    assert 50 < sum(bool(found) for found in places.values()) < len(places)  # some tables' occur in the samples


def _parser_view(raw: bytes) -> View:
    with LogSource(raw) as src:
        return parser_view(build_view(src, scan(src), Redactor()))


def test_an_empty_needle_does_not_break_the_one_pass_search(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "ALL_AT_ONCE_CHARS", 0)
    seen: list[int] = []
    rules = LineRules[Found](Rule("a", lambda _st, no, _m: seen.append(no), has=("",)))
    scan_with(rules, plain("t"))(_view("a1", "b", "a2"))
    assert seen == [1, 3]


def test_a_parser_state_is_made_a_dataclass_without_reading_its_signature(monkeypatch: pytest.MonkeyPatch) -> None:
    """dataclass writes a docstring-less class's docstring from `inspect.signature` (~0.05 ms a class,
    at each parser module's import); a parser's state is spared it, and is still a dataclass."""
    calls: list[object] = []
    real = inspect.signature

    def counted(obj: Any, *args: Any, **kwargs: Any) -> inspect.Signature:
        calls.append(obj)
        return real(obj, *args, **kwargs)

    monkeypatch.setattr(inspect, "signature", counted)

    @state
    class _Counting:
        found: Findings
        seen: int = 0

    st = _Counting(Findings(tool="t"))
    assert st.seen == 0 and [f.name for f in dataclasses.fields(_Counting)] == ["found", "seen"]
    assert calls == []
