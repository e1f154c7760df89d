"""A formatter's check failing under a build tool or a wrapper (make, a CMake target, an npm 6 script, tox, nox) is
the formatter's: format, not lint by the wrapper's name (real runs, tests/facts/data/README.md, round 47 precision);
a wrapper's record named by its script beside a tool's own record says which script ran, not what failed."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.classify import _GENERIC
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA

# (sample, the command a CI runs, the exit status, the category it decides)
WRAPPED = [
    ("make43_clang_format14_dry_run.txt", "make format-check", 2, Category.FORMAT),
    ("cmake325_clang_format14_target.txt", "cmake --build build --target format-check", 2, Category.FORMAT),
    ("make43_gofmt119_l_tee.txt", "make fmt-check", 2, Category.FORMAT),
    ("make43_gofmt119_l_message.txt", "make fmt-check-msg", 2, Category.FORMAT),
    ("npm6_lint_prettier3_check.txt", "npm run lint", 1, Category.FORMAT),
    ("tox4_lint_black26.txt", "tox -e lint", 1, Category.FORMAT),
    ("nox2026_lint_black26.txt", "nox -s lint", 1, Category.FORMAT),
    # npm 6's `Failed at the shopcart@1.0.0 lint script.` beside tsc's own type error: not two checkers failing
    ("npm6_lint_tsc59.txt", "npm run lint", 2, Category.TYPE),
]


@pytest.mark.parametrize(("sample", "command", "code", "category"), WRAPPED)
@pytest.mark.parametrize("shown", ["command", "script"])
def test_a_tool_s_check_under_a_wrapper_decides_the_tool_s_kind(
    sample: str, command: str, code: int, category: Category, shown: str
) -> None:
    run = command if shown == "command" else "./ci/check.sh"  # a script whose name names no tool
    f = extract_facts(framing.github_actions(run, (DATA / sample).read_text(), code))
    verdict = rule_verdict(f)
    assert (verdict.category, verdict.decided) == (category, True), verdict.reason
    assert f.category is category  # the facts' class too: the script's name does not outvote the tool's records


def test_the_lint_script_s_name_is_weighed_down_beside_the_tool_s_records() -> None:
    f = extract_facts(framing.github_actions("npm run lint", (DATA / "npm6_lint_prettier3_check.txt").read_text()))
    named = [e for e in f.errors if e.code == "script-failed"]
    assert [e.category for e in named] == [Category.LINT]  # the record stays, by its name
    verdict = rule_verdict(f)
    lint = [s for s in verdict.signals if s.kind == "records" and s.category is Category.LINT]
    assert lint and all(s.discounted for s in lint)


@pytest.mark.parametrize(
    "line",
    [
        # Spotless's own words (its plugin-gradle README): its check's failure and the task that fixes it
        "> The following files had format violations:",
        "Run './gradlew spotlessApply' to fix these violations.",
    ],
)
def test_spotless_s_words_are_a_formatter_s(line: str) -> None:
    first = next(category for pattern, category, _ in _GENERIC if pattern.search(line))
    assert first is Category.FORMAT
