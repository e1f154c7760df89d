"""The stored tool-output samples (tests/facts/data, see its README) and the lookups the parser
tests make on their facts."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.models import Category, ErrorRecord, Facts
from remediate.triage import rule_verdict
from tests.facts import framing

DATA = Path(__file__).parent / "data"


def facts_view(log: Path) -> str:
    """What `remediate facts --log LOG` prints for a human (wide enough that no line wraps)."""
    done = subprocess.run(
        [sys.executable, "-m", "remediate.entry", "facts", "--log", str(log)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    return done.stdout


CIS: dict[str, tuple[Callable[..., bytes], str]] = {
    "github-actions": (framing.github_actions, "/home/runner/work/proj/proj/"),
    "gitlab": (framing.gitlab, "/builds/group/proj/"),
    # GitHub's runner after setup-node, setup-python and setup-go: their problem matchers rewrite the
    # lines they match (`##[error]src/a.ts(3,5): error TS2322: ...`), workflow commands are consumed.
    "github-runner": (
        lambda command, output: framing.github_runner(command, output, framing.SETUP_MATCHERS),
        "/home/runner/work/proj/proj/",
    ),
}


# (sample, the command a CI runs, the workspace its paths are under or None, a record's repo path, its category)
Framed = tuple[str, str, str | None, str, Category]


@cache
def facts(name: str) -> Facts:
    return extract_facts(DATA / name)


def error(f: Facts, **want: object) -> ErrorRecord:
    """The first error record whose fields equal `want` (message: substring)."""
    for err in f.errors:
        fields = err.model_dump()
        if all((str(v) in fields["message"]) if k == "message" else fields.get(k) == v for k, v in want.items()):
            return err
    raise AssertionError(f"no error with {want} in {[e.model_dump() for e in f.errors]}")


def reads_the_same_inside_a_ci_log(
    ci: str, sample: str, command: str, workspace: str | None, path: str, category: Category
) -> None:
    """A sample wrapped in a CI's log (its absolute paths under that CI's workspace) gives the
    bare output's records, with repository paths, the command as the failed line, and the triage
    rules see the tool: its command is a check signal of its category."""
    wrap, root = CIS[ci]
    output = (DATA / sample).read_text()
    if workspace:
        output = output.replace(workspace, root)
    f = extract_facts(wrap(command, output))
    bare = extract_facts(output.encode())
    assert f.category is category and bare.category is category
    assert [(e.tool, e.file, e.line, e.code, e.message) for e in f.errors] == [
        (e.tool, e.file, e.line, e.code, e.message) for e in bare.errors
    ]
    assert [t.id for t in f.failing_tests] == [t.id for t in bare.failing_tests]
    assert path in [e.file for e in f.errors] + [t.file for t in f.failing_tests]
    assert not [e.file for e in f.errors if e.file and (e.file.startswith("/") or "\\" in e.file)]
    assert f.failed_line == command
    verdict = rule_verdict(f, command)
    assert verdict.category is category, verdict.reason
    if "INSTALL" not in command:  # an install is no check; its records decide
        assert [s.category for s in verdict.signals if s.kind == "check"] == [category]  # the tool is known


def framed_test(cases: Sequence[Framed]) -> Callable[[str, str, str, str | None, str, Category], None]:
    """A parser module's CI-framing test: each of its cases read inside every CI's log
    (`test_... = framed_test(CASES)` in the module collects it)."""

    @pytest.mark.parametrize("ci", sorted(CIS))
    @pytest.mark.parametrize(("sample", "command", "workspace", "path", "category"), cases)
    def test(ci: str, sample: str, command: str, workspace: str | None, path: str, category: Category) -> None:
        reads_the_same_inside_a_ci_log(ci, sample, command, workspace, path, category)

    return test
