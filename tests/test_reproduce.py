"""Reproduced means the same failure: the reproduction's output is compared with the log's facts.

The outputs below are real pytest / ruff output, made by running the tools here on a small
src-layout project (`shipcalc`) and a file with unused imports.
"""

from __future__ import annotations

from remediate.facts import extract_facts
from remediate.models import ExecResult, Facts, Reproduction
from remediate.reproduce import classify, environment_hint, failure_key

TWO_ASSERTIONS = """\
FF                                                                       [100%]
=================================== FAILURES ===================================
____________________________________ test_a ____________________________________

    def test_a():
>       assert cost(1) == 2
E       assert 3 == 2
E        +  where 3 = cost(1)

tests/test_cost.py:3: AssertionError
____________________________________ test_b ____________________________________

    def test_b():
>       assert cost(2) == 4
E       assert 5 == 4
E        +  where 5 = cost(2)

tests/test_cost.py:5: AssertionError
=========================== short test summary info ============================
FAILED tests/test_cost.py::test_a - assert 3 == 2
FAILED tests/test_cost.py::test_b - assert 5 == 4
2 failed in 3.37s
"""

ONE_ASSERTION = """\
.F                                                                       [100%]
=================================== FAILURES ===================================
____________________________________ test_b ____________________________________

    def test_b():
>       assert cost(2) == 4
E       assert 5 == 4
E        +  where 5 = cost(2)

tests/test_cost.py:5: AssertionError
=========================== short test summary info ============================
FAILED tests/test_cost.py::test_b - assert 5 == 4
1 failed, 1 passed in 0.41s
"""

MODULE_MISSING = """\
==================================== ERRORS ====================================
_____________________ ERROR collecting tests/test_cost.py ______________________
ImportError while importing test module '/tmp/envexp/shipcalc/tests/test_cost.py'.
Hint: make sure your test modules/packages have valid Python names.
Traceback:
tests/test_cost.py:1: in <module>
    from shipcalc import cost
E   ModuleNotFoundError: No module named 'shipcalc'
=========================== short test summary info ============================
ERROR tests/test_cost.py
!!!!!!!!!!!!!!!!!!!! Interrupted: 1 error during collection !!!!!!!!!!!!!!!!!!!!
1 error in 3.91s
"""

RUFF_TWO = """\
F401 [*] `os` imported but unused
 --> src/app/lintme.py:1:8
  |
1 | import os
  |        ^^
2 | import sys
  |
help: Remove unused import: `os`

F401 [*] `sys` imported but unused
 --> src/app/lintme.py:2:8
  |
1 | import os
2 | import sys
  |        ^^^
help: Remove unused import: `sys`

Found 2 errors.
[*] 2 fixable with `--fix`.
"""

# The CI runner checked out the project somewhere else: same failures, other absolute paths.
CI_LOG = (
    "2024-05-01T10:00:00.0000000Z ##[group]Run python -m pytest -q\n"
    + "".join(f"2024-05-01T10:00:01.0000000Z {line}\n" for line in TWO_ASSERTIONS.splitlines())
    + "2024-05-01T10:00:02.0000000Z ##[error]Process completed with exit code 1.\n"
)


def facts_of(text: str) -> Facts:
    return extract_facts(text.encode())


def run(output: str, code: int = 1, timed_out: bool = False) -> ExecResult:
    return ExecResult(argv=["sh"], exit_code=code, output=output, duration_s=1.0, timed_out=timed_out)


def test_same_failing_tests_are_the_same_failure() -> None:
    verdict = classify(facts_of(CI_LOG), run(TWO_ASSERTIONS))
    assert verdict.kind == Reproduction.SAME and verdict.compared_by == "tests"
    assert verdict.matched == ["test_cost.py::test_a", "test_cost.py::test_b"]
    assert verdict.hint == ""


def test_missing_module_instead_of_the_assertions_is_a_different_failure() -> None:
    """The newcomer run: the log's two AssertionErrors, a ModuleNotFoundError in the sandbox."""
    verdict = classify(facts_of(CI_LOG), run(MODULE_MISSING, code=2))
    assert verdict.kind == Reproduction.DIFFERENT
    shown = ", ".join(verdict.reproduced_failures)
    assert "test_cost.py::test_a" in verdict.reason and "No module named 'shipcalc'" in shown
    assert "tests/test_cost.py: error collecting test module" in shown
    assert "--setup" in verdict.hint and "pip install -e ." in verdict.hint


def test_some_of_the_logs_tests_failing_is_partial() -> None:
    verdict = classify(facts_of(CI_LOG), run(ONE_ASSERTION))
    assert verdict.kind == Reproduction.PARTIAL
    assert verdict.matched == ["test_cost.py::test_b"]
    assert "1 of the log's 2" in verdict.reason and "test_cost.py::test_a" in verdict.reason


def test_a_passing_check_is_passed() -> None:
    verdict = classify(facts_of(CI_LOG), run("2 passed in 0.2s\n", code=0))
    assert verdict.kind == Reproduction.PASSED


def test_errors_are_compared_when_the_log_names_no_tests() -> None:
    # CI ran ruff from the repository root with other absolute paths; the sandbox from the project.
    log = RUFF_TWO.replace("src/app/", "/home/runner/work/app/app/src/app/")
    same = classify(facts_of(log), run(RUFF_TWO))
    assert same.kind == Reproduction.SAME and same.compared_by == "errors", same
    one = RUFF_TWO.split("F401 [*] `sys`")[0] + "Found 1 error.\n"
    assert classify(facts_of(log), run(one)).kind == Reproduction.PARTIAL
    other = classify(facts_of(log), run("error: Failed to parse pyproject.toml: expected `=`\n", code=2))
    assert other.kind == Reproduction.DIFFERENT


def test_killed_or_timed_out_reproduction_is_different_whatever_it_printed() -> None:
    killed = classify(facts_of(CI_LOG), run(TWO_ASSERTIONS[:200], code=137))
    assert killed.kind == Reproduction.DIFFERENT and "--memory-mb" in killed.reason
    slow = classify(facts_of(CI_LOG), run(TWO_ASSERTIONS[:200], code=124, timed_out=True))
    assert slow.kind == Reproduction.DIFFERENT and "--timeout" in slow.reason


def test_log_without_comparable_facts_counts_as_same_and_says_so() -> None:
    verdict = classify(facts_of("make: *** [all] Error 2\n"), run("something else\n"))
    assert verdict.kind == Reproduction.SAME and verdict.compared_by == "nothing"
    assert "names no failing test or error" in verdict.reason


def test_test_key_ignores_the_directory_the_runner_started_in() -> None:
    assert failure_key("tests/unit/test_x.py::C::test_y[1]") == "test_x.py::C::test_y[1]"
    assert failure_key("test_x.py::test_y") == "test_x.py::test_y"


def test_hints_name_the_fix() -> None:
    assert "--memory-mb" in environment_hint("MemoryError\n", 1)
    assert "npm ci" in environment_hint("Error: Cannot find module 'left-pad'\n", 1)
    assert "PATH" in environment_hint("sh: 1: tox: not found\n", 127)


GOFMT_LOG = (
    "##[group]Run ! gofmt -l . | grep .\n! gofmt -l . | grep .\n##[endgroup]\n"
    "geo/distance.go\nunits/units.go\n##[error]Process completed with exit code 1.\n"
)


def test_a_bare_list_is_read_below_the_check_s_command() -> None:
    """gofmt -l prints bare paths; the go parser reads them only below a line naming a Go formatter, which the sandbox's
    output lacks and the log's step shows: the output is read below its command echoed, as the log's step is."""
    listed = run("geo/distance.go\nunits/units.go\n")
    verdict = classify(facts_of(GOFMT_LOG), listed, command="! gofmt -l . | grep .")
    assert verdict.kind == Reproduction.SAME and verdict.compared_by == "errors"
    one = classify(facts_of(GOFMT_LOG), run("geo/distance.go\n"), command="! gofmt -l . | grep .")
    assert one.kind == Reproduction.PARTIAL
