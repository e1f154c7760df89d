"""Interpreted and scripting ecosystems' CI tools (R, Lua, Ruby, shell, Python security and
docstring checkers, stylesheet linters, JavaScript test runners, Go linters), on their real output
made here (tests/facts/data/README.md says how); each also wrapped in a GitHub Actions and a GitLab
log, where it gives the same records with repository paths and the triage rules see the tool."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from remediate.facts import extract_facts
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA, error, facts

# (sample, the command a CI runs, the workspace its paths are under or None, a record's repo path, its category)
FRAMED = [
    ("testthat_check.txt", "Rscript -e 'devtools::test()'", None, "tests/testthat/test-calc.R", Category.TEST),
    (
        "r_cmd_check.txt",
        "R CMD check --no-manual rcalc_0.1.0.tar.gz",
        None,
        "tests/testthat/test-calc.R",
        Category.TEST,
    ),
    ("r_install_parse_error.txt", "R CMD INSTALL .", "/home/runner/work/rbad/rbad/", "R/calc.R", Category.BUILD),
    ("color/lintr_plain.txt", "Rscript -e 'lintr::lint_package()'", None, "R/calc.R", Category.LINT),
]
CIS: dict[str, tuple[Callable[..., bytes], str]] = {
    "github-actions": (framing.github_actions, "/home/runner/work/proj/proj/"),
    "gitlab": (framing.gitlab, "/builds/group/proj/"),
}


@pytest.mark.parametrize("ci", sorted(CIS))
@pytest.mark.parametrize(("sample", "command", "workspace", "path", "category"), FRAMED)
def test_each_tool_reads_the_same_inside_a_ci_log(
    ci: str, sample: str, command: str, workspace: str | None, path: str, category: Category
) -> None:
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


# ------------------------------------------------------------------ R


def test_testthat_names_each_failed_test_with_its_file_line_and_message() -> None:
    f = facts("testthat_check.txt")
    assert f.category is Category.TEST and f.tools == ["testthat"]
    assert [(t.id, t.file) for t in f.failing_tests] == [
        ("add sums two numbers", "tests/testthat/test-calc.R"),
        ("safe_div of zero errors with a message", "tests/testthat/test-calc.R"),
        ("strings match", "tests/testthat/test-calc.R"),
    ]
    assert error(f, line=10, code="error").message == "Error in `safe_div(1, 0)`: division by zero"
    assert error(f, line=2, code="failure").message == "add(1, 2) (`actual`) not equal to 3 (`expected`)."
    assert error(f, line=15).message == "FALSE is not TRUE"  # a second failure in the same test
    assert "[ FAIL 4 | WARN 0 | SKIP 0 | PASS 1 ]" in f.excerpt


def test_r_cmd_check_names_each_failed_check_and_what_it_says() -> None:
    f = facts("r_cmd_check.txt")
    assert f.category is Category.TEST  # the failing tests outweigh a documentation warning
    assert error(f, code="ERROR").message == "checking tests ... ERROR: Running the tests in ‘tests/testthat.R’ failed."
    assert error(f, code="WARNING").message.startswith("checking for missing documentation entries ... WARNING")
    assert error(f, tool="testthat", line=15).file == "tests/testthat/test-calc.R"  # from the output's tail
    assert not [e for e in f.errors if "NOTE" in e.message]  # a NOTE does not fail a check
    assert "Status: 1 ERROR, 1 WARNING, 1 NOTE" in f.excerpt


def test_rcmdcheck_summary_repeats_the_failed_checks_and_the_test_failures() -> None:
    f = facts("rcmdcheck_summary.txt")
    assert f.category is Category.TEST
    assert {t.id for t in f.failing_tests} == {
        "add sums two numbers",
        "safe_div of zero errors with a message",
        "strings match",
    }
    assert error(f, code="WARNING").message.endswith("WARNING: Undocumented code objects:")


def test_a_package_that_cannot_be_installed_is_a_build_failure() -> None:
    check = facts("r_cmd_check_install.txt")
    assert check.category is Category.BUILD
    assert error(check, code="ERROR").message.endswith("can be installed ... ERROR: Installation failed.")
    install = facts("r_install_parse_error.txt")
    assert install.category is Category.BUILD and install.tools == ["R"]
    parse = error(install, code="parse")
    assert (parse.file, parse.line, parse.message) == ("R/calc.R", 5, "unexpected end of input")


def test_lintr_lints_are_records_named_by_their_linter() -> None:
    f = facts("color/lintr_plain.txt")
    assert f.category is Category.LINT and f.tools == ["lintr"]
    got = error(f, code="commas_linter")
    assert (got.file, got.line, got.column, got.message) == (
        "R/calc.R",
        1,
        19,
        "Commas should always have a space after.",
    )
    assert len(f.errors) == 6
