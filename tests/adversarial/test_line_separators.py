"""Issue 16.2: characters that `str.splitlines()` treats as line breaks (git and Python do not)
must not hide an added line from the patch readers: the symptom guard, the specialists'
forbidden rules and the protected-path readers all read lines as git does."""

from __future__ import annotations

import pytest

from remediate.agents import SPECIALISTS
from remediate.diffs import git_lines, parse_patch
from remediate.tools import PathPolicy
from remediate.verify import protected_paths_touched, symptom_findings

# Every separator str.splitlines() honours besides \n (and \r\n).
SEPARATORS = ["\f", "\v", "\r", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
IDS = [f"U+{ord(s):04X}" for s in SEPARATORS]


def _patch(added: str, path: str = "src/app.py") -> str:
    return f"diff --git a/{path} b/{path}\n--- a/{path}\n+++ b/{path}\n@@ -1,1 +1,2 @@\n def total(items):\n+{added}\n"


@pytest.mark.parametrize("sep", SEPARATORS, ids=IDS)
def test_forced_exit_after_a_separator_is_seen(sep: str) -> None:
    findings = symptom_findings(_patch(f"    value = 1{sep}import os; os._exit(0)"))
    assert any("forced success exit" in f for f in findings), findings


@pytest.mark.parametrize("sep", SEPARATORS, ids=IDS)
def test_suppression_comment_after_a_separator_is_seen(sep: str) -> None:
    findings = symptom_findings(_patch(f"    value: int = 'x'  {sep}# type: ignore"))
    assert any("type: ignore" in f for f in findings), findings
    findings = symptom_findings(_patch(f"    value = 1{sep}# ruff: noqa"))
    assert any("noqa" in f for f in findings), findings


@pytest.mark.parametrize("sep", SEPARATORS, ids=IDS)
def test_anchored_rules_see_the_pieces_python_sees(sep: str) -> None:
    # `^\s*assert True` is anchored: it must also run on what follows the separator.
    findings = symptom_findings(_patch(f"    value = 1{sep}    assert True"))
    assert any("trivial assertion" in f for f in findings), findings


@pytest.mark.parametrize("sep", SEPARATORS, ids=IDS)
def test_specialist_forbidden_rule_sees_it(sep: str) -> None:
    findings = SPECIALISTS["types"].forbidden_findings(_patch(f"    value = 1{sep}from typing import Any"))
    assert any("Any" in f for f in findings), findings


@pytest.mark.parametrize("sep", SEPARATORS, ids=IDS)
def test_a_fake_header_after_a_separator_is_not_a_header(sep: str) -> None:
    # Inside an added line, a `diff --git` after a separator is content, not a new file entry.
    patch = _patch(f"x = 1{sep}diff --git a/src/ok.py b/src/ok.py")
    assert [c.path for c in parse_patch(patch)] == ["src/app.py"]
    assert protected_paths_touched(_patch(f"x = 1{sep}+++ b/src/ok.py", "tests/test_app.py"), PathPolicy()) == [
        "tests/test_app.py"
    ]


def test_git_lines_splits_on_newline_only() -> None:
    text = "a\fb\r\nc\x85d\u2028e\n\nf"
    assert git_lines(text) == ["a\fb\r", "c\x85d\u2028e", "", "f"]
    assert git_lines(text, keepends=True) == ["a\fb\r\n", "c\x85d\u2028e\n", "\n", "f"]
    assert git_lines("") == []
    assert git_lines("x\n") == ["x"]
