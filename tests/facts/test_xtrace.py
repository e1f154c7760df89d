"""Each traced command's own status inside one script a CI step ran under `set -x` (facts/xtrace.py): under errexit a
command a later trace of the same script follows did not fail the step (a silent step: its records do not vote);
without errexit, or after `set +e`, nothing is proven; the last traced command, or the one before an `exit 1` that
hands its status on, is the one that failed. The outputs are real (tests/facts/data/README.md, "Each traced
command's own status inside one script"), framed as a Buildkite `commands:` list, a GitHub Actions `run:` block
and a Jenkins `sh` step."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.facts.ci import Structure, detect
from remediate.facts.reader import LogSource
from remediate.facts.redact import Redactor
from remediate.facts.scan import scan
from remediate.facts.view import View, build_view
from remediate.facts.xtrace import errexit_shell, failing, pipelines, prefix, statuses
from remediate.models import Category, Facts
from remediate.triage import rule_verdict
from tests.facts import ciframing, framing

DATA = Path(__file__).parent / "data"
PYTEST = "python -m pytest -p no:cacheprovider tests"
RUFF = "ruff check --no-cache shop"


def _read(name: str) -> str:
    return (DATA / name).read_text()


def _status(facts: Facts, command: str) -> int | None:
    """The status Facts.steps gives the step of this command, -1 when it lists none."""
    found = [s.exit_code for s in facts.steps if s.command == command]
    return found[0] if found and found[0] is not None else -1 if not found else None


def _buildkite_log() -> bytes:
    script = f"set -euxo pipefail\n{RUFF} || true\n{PYTEST}\necho done"
    return ciframing.buildkite_command(script, [(_read("buildkite_xtrace_ruff_pytest.txt"), 1)])


def _buildkite() -> Facts:
    return extract_facts(_buildkite_log())


def _gha_forgiven_log() -> bytes:
    script = f'set -x\nmypy shop || echo "type check is advisory for now"\n{PYTEST}'
    return framing.github_script(script, _read("xtrace_gha_mypy_forgiven_pytest.txt"))


def _gha_forgiven() -> Facts:
    return extract_facts(_gha_forgiven_log())


def _gha_noerrexit() -> Facts:
    script = f"set -x\n{RUFF}\npython -m pytest -p no:cacheprovider -q tests"
    output = _read("xtrace_noerrexit_ruff_pytest.txt")
    return extract_facts(framing.github_script(script, output, shell="/usr/bin/bash {0}"))


PS4_SCRIPT = (
    "export PS4='+(${BASH_SOURCE}:${LINENO}): '\nset -x\n"
    'VERSION=$(python -c "import shop; print(0.3)")\n'
    "python -m pytest -p no:cacheprovider -q -k test_discount tests\n"
    f'{RUFF} || {{ echo "lint failed for $VERSION"; exit 1; }}\necho "all checks passed"'
)


def _gha_ps4_tail() -> Facts:
    output = _read("xtrace_ps4_exit_tail_ruff.txt")
    return extract_facts(
        framing.github_script(PS4_SCRIPT, output, shell="/usr/bin/bash --noprofile --norc -e -o pipefail {0}")
    )


def _jenkins_tail() -> Facts:
    first, output = _read("xtrace_dash_exit_tail_ruff.txt").split("\n", 1)
    return extract_facts(ciframing.jenkins_pipeline([("Checks", [(first.removeprefix("+ "), output, 1)])]))


def test_a_forgiven_linter_in_a_buildkite_list_is_silent_and_the_tests_decide() -> None:
    facts = _buildkite()
    assert (_status(facts, RUFF), _status(facts, "true"), _status(facts, PYTEST)) == (0, 0, 1)
    assert [e.tool for e in facts.errors if e.tool == "ruff"]  # still read, in its own (silent) step
    verdict = rule_verdict(facts)
    assert (verdict.category, verdict.decided) == (Category.TEST, True)  # was lint, 0.93, decided


def test_a_forgiven_type_checker_in_a_github_run_block_is_silent() -> None:
    facts = _gha_forgiven()
    assert (facts.failing_step, facts.failed_line) == ("Run set -x", PYTEST)
    assert (_status(facts, "mypy shop"), _status(facts, PYTEST)) == (0, 1)
    verdict = rule_verdict(facts)
    assert (verdict.category, verdict.decided) == (Category.TEST, True)  # was type, unsure (0.40)


def test_without_errexit_a_later_trace_proves_nothing() -> None:
    facts = _gha_noerrexit()
    assert _status(facts, RUFF) is None or _status(facts, RUFF) == -1  # no status: its records still vote
    assert not any(s.exit_code == 0 and s.command == RUFF for s in facts.steps)


def test_a_changed_ps4_and_an_exit_that_hands_the_status_on() -> None:
    facts = _gha_ps4_tail()
    assert facts.failed_line == RUFF  # was None: PS4's `+(FILE:LINE): ` was no trace
    pytest_run = "python -m pytest -p no:cacheprovider -q -k test_discount tests"
    assert (_status(facts, pytest_run), _status(facts, RUFF), _status(facts, "exit 1")) == (0, 1, 1)
    # the command substitution's trace (`++(...)`) opens the step of the assignment that expanded it
    assignment = next(s for s in facts.steps if s.command == "VERSION=0.3")
    assert assignment.lines is not None and assignment.lines.start < min(
        s.lines.start for s in facts.steps if s.command == pytest_run and s.lines
    )
    verdict = rule_verdict(facts)
    assert (verdict.category, verdict.decided) == (Category.LINT, True)


PIPED = "python -m pytest -p no:cacheprovider tests"
PIPE_SCRIPT = f"set -x\n{RUFF} || true\n{PIPED} 2>&1 | tee pytest.log"


@pytest.mark.parametrize("tee_first", [False, True])
def test_a_pipelines_members_are_one_command_whichever_bash_traced_first(tee_first: bool) -> None:
    output = _read("xtrace_pipefail_pytest_tee.txt")
    traced = f"+ {PIPED}\n+ tee pytest.log\n"
    assert traced in output
    if tee_first:  # each member's subshell prints its own trace: either may come first
        output = output.replace(traced, f"+ tee pytest.log\n+ {PIPED}\n")
    shell = "/usr/bin/bash --noprofile --norc -e -o pipefail {0}"
    facts = extract_facts(framing.github_script(PIPE_SCRIPT, output, shell=shell))
    pipeline = f"{PIPED} | tee pytest.log"
    assert facts.failed_line == pipeline  # was `tee pytest.log` (the member traced last)
    assert (_status(facts, RUFF), _status(facts, pipeline)) == (0, 1)
    assert _status(facts, PIPED) == -1  # no step of its own that passed: the pipeline failed
    verdict = rule_verdict(facts)
    assert (verdict.category, verdict.decided) == (Category.TEST, True)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("python -m pytest tests 2>&1 | tee pytest.log", [("python", "tee")]),
        ("cat x | grep y | head -3 && echo ok", [("cat", "grep", "head")]),
        ("make |& tee log", [("make", "tee")]),
        ("if ! ls | grep -q x; then echo none; fi", [("ls", "grep")]),
        ("CI=1 npm test | tee t.log || true", [("npm", "tee")]),
        ("a || b && c; d & e", []),
    ],
)
def test_pipelines_of_a_script(line: str, expected: list[tuple[str, ...]]) -> None:
    assert pipelines([line]) == expected


def test_a_jenkins_command_whose_status_an_exit_hands_on_failed() -> None:
    facts = _jenkins_tail()
    assert facts.failed_line == RUFF  # was `exit 1`, and ruff's trace passed: its finding was muted
    assert _status(facts, RUFF) == 1
    verdict = rule_verdict(facts)
    assert verdict.category is Category.LINT  # was unknown: no signal


@pytest.mark.parametrize(
    ("commands", "errexit", "expected"),
    [
        (["mypy shop", "echo 'advisory'", PYTEST], True, [0, 0, 2]),
        ([RUFF, PYTEST], False, [None, 2]),
        (["a", "set +e", "b", "set -e", "c", "d"], True, [0, 0, None, None, 0, 2]),
        (["a", "set +euo pipefail", "b", "set -o errexit", "c"], True, [0, 0, None, None, 2]),
        (["a", "./ci/lint.sh", "b", "d"], True, [0, None, None, 2]),
        ([PYTEST, RUFF, "echo 'lint failed'", "exit 1"], True, [0, 2, 2, 2]),
        ([PYTEST, "false"], True, [2, 2]),
        ([PYTEST, "exit 0"], True, [0, 2]),
    ],
)
def test_statuses(commands: list[str], errexit: bool, expected: list[int | None]) -> None:
    assert statuses(commands, errexit, 2) == expected


def test_failing_is_the_last_unless_it_hands_a_status_on() -> None:
    assert failing([]) is None
    assert failing(["exit 1"]) == 0
    assert failing(["a", "printf 'x\\n'", "echo y", "return 3"]) == 0


@pytest.mark.parametrize(
    ("ps4", "line", "depth", "command"),
    [
        ("+ ", "+ ruff check .", 1, "ruff check ."),
        ("+ ", "++ git describe", 2, "git describe"),
        ("+(${BASH_SOURCE}:${LINENO}): ", "+(/w/_temp/x.sh:5): exit 1", 1, "exit 1"),
        ("+ $(date +%H:%M:%S) ", "+ 14:05:14 echo a", 1, "echo a"),
        ("+ ${BASH_SOURCE}:${LINENO}:${FUNCNAME[0]:+${FUNCNAME[0]}():} ", "+ ci.sh:3:main(): make", 1, "make"),
        ("\\033[33m+ \\033[0m", "\\033[33m+ make", None, None),  # opens with an escape: its first character unknown
    ],
)
def test_prefix(ps4: str, line: str, depth: int | None, command: str | None) -> None:
    pattern = prefix(ps4)
    m = pattern.match(line) if pattern is not None else None
    assert (len(m.group("depth")), m.group("cmd")) == (depth, command) if m else (depth, command) == (None, None)


def test_errexit_shell() -> None:
    assert errexit_shell("/usr/bin/bash -e {0}") and errexit_shell("bash --noprofile --norc -eo pipefail {0}")
    assert errexit_shell("/usr/bin/bash --noprofile --norc -e -o pipefail {0}") and errexit_shell("sh -e {0}")
    assert not errexit_shell("/usr/bin/bash {0}") and not errexit_shell("bash --noprofile --norc {0}")
    assert not errexit_shell(None)


def test_a_diffs_lines_are_output_and_a_trace_after_its_hunk_is_one() -> None:
    # git's diff (real: git239_diff_dist_stale.txt) forgiven by `|| true`: its `+function ...` line is the hunk's,
    # the `+ true` right after the hunk's counted lines is bash's trace, and a table's `----|---` border hides none
    diff = _read("git239_diff_dist_stale.txt").rstrip("\n")
    output = f"+ git diff --exit-code\n{diff}\n+ true\n+ {PYTEST}\n----------|---------|\n+ {PYTEST}\nE assert 4 == 3"
    script = f"set -x\ngit diff --exit-code || true\n{PYTEST}\n{PYTEST}"
    facts = extract_facts(framing.github_script(script, output))
    assert [(s.command, s.exit_code) for s in facts.steps if s.command.startswith(("git", "true", "python"))] == [
        ("git diff --exit-code", 0),
        ("true", 0),
        (PYTEST, 0),
        (PYTEST, 1),
    ]


def _structure(log: bytes) -> tuple[Structure, View]:
    with LogSource(log) as src:
        scanned = scan(src)
        view = build_view(src, scanned, Redactor())
    return detect(view, scanned), view


@pytest.mark.parametrize("log", [_buildkite_log, _gha_forgiven_log])
def test_the_failing_steps_region_starts_at_its_failing_traced_command(log: Callable[[], bytes]) -> None:
    # what the forgiven checker printed before it is its own step's, not the failure's: the generic readers, the
    # summaries and the excerpt read the region; the runner's step header stays a key line
    st, view = _structure(log())
    assert st.region is not None and view.text(st.region[0]).removeprefix("+ ") == PYTEST
    assert any(view.text(no).startswith(("$ ", "##[group]Run ")) for no in st.key_lines)


def test_a_hunk_runs_its_counted_lines_blank_context_lines_included() -> None:
    # real git 2.39 output (xtrace_dash_git_diff_then_pytest.txt): the hunk `@@ -2,7 +2,7 @@` holds two blank context
    # lines (their space gone in the view) and ends on a context line right before pytest's trace
    output = _read("xtrace_dash_git_diff_then_pytest.txt")
    script = "set -x\ngit --no-pager diff\npython -m pytest -p no:cacheprovider -q tests"
    facts = extract_facts(framing.github_script(script, output))
    traced = [(s.command, s.exit_code) for s in facts.steps if s.command.startswith(("git", "python"))]
    assert traced == [("git --no-pager diff", 0), ("python -m pytest -p no:cacheprovider -q tests", 1)]
    assert facts.failed_line == "python -m pytest -p no:cacheprovider -q tests"


def test_a_jenkins_branch_whose_exit_hands_a_failure_on_failed_there() -> None:
    # the dash sample in a parallel branch whose lines name it (Pipeline: Job before 2.26), beside a passing branch
    first, output = _read("xtrace_dash_exit_tail_ruff.txt").split("\n", 1)
    branches = [("Checks", [(first.removeprefix("+ "), output, 1)]), ("Docs", [("echo docs", "docs", 0)])]
    facts = extract_facts(ciframing.jenkins_parallel([], branches, prefixed=True))
    assert (facts.failing_step, facts.failed_line) == ("Checks", RUFF)  # the line was `exit 1`
    assert (_status(facts, RUFF), _status(facts, "exit 1")) == (1, 1)  # ruff's step passed: its finding was muted


def test_a_jenkins_trace_after_a_table_border_or_a_nested_trace_is_a_step() -> None:
    # real bash 5.2 `-xe` output (xtrace_bash_jenkins_table_then_pytest.txt), as a Jenkins `sh` step on an agent whose
    # sh is bash prints it: `SHA=$(git rev-parse ...)` traces its substitution `++ git ...` first, and sqlite3's table
    # ends on its `+-----+` border right before pytest's trace. Neither is a diff's line: the next `+ cmd` is a step,
    # and the failing one is pytest's (both were hidden, the step's failure left to `sh (no command shown)`). git's
    # `- subject` line right before sqlite3's trace is a list's item, not a diff's removed line: sqlite3 is a step
    output = _read("xtrace_bash_jenkins_table_then_pytest.txt")
    facts = extract_facts(ciframing.jenkins_pipeline([("Checks", [("", output, 1)])], silent=True))
    commands = [s.command for s in facts.steps]
    assert [c for c in commands if c.startswith(("SHA=", "git", "sqlite3", "python"))] == [
        "SHA=25b4482",
        "git log '--format=- %s' -2",
        "sqlite3 -table shop.db 'select sku, qty from stock'",
        "python -m pytest -p no:cacheprovider -q tests",
    ]
    assert facts.failed_line == "python -m pytest -p no:cacheprovider -q tests"


def test_npm_s_list_of_what_it_added_is_no_jenkins_step() -> None:
    # real npm 6.14.18 install output (npm6_install_passed.txt: `+ mocha@5.2.0`, `+ request@2.88.2` rows, as bash
    # traces a command) in a Jenkins `sh -xe` step that installs, then runs mocha (mocha.txt) and fails: the rows are
    # no steps (a package `mocha@5.2.0` would stand as the step whose output the failure's follows)
    output = "\n".join([_read("npm6_install_passed.txt"), "+ npx mocha", _read("mocha.txt")])
    facts = extract_facts(ciframing.jenkins_pipeline([("Test", [("npm install", output, 1)])]))
    assert [s.command for s in facts.steps if not s.command.startswith("sh")] == ["npm install", "npx mocha"]
    assert facts.failed_line == "npx mocha"


@pytest.mark.parametrize(
    ("sample", "steps"),
    [
        (
            "xtrace_bash_jenkins_changelog_then_pytest.txt",
            ["tail -n 2 CHANGELOG.md", PYTEST.replace("tests", "-q tests")],
        ),
        ("xtrace_dash_jenkins_yaml_list_then_node_test.txt", ["cat ci/matrix.yml", "node --test cart.test.js"]),
    ],
)
def test_a_list_printed_right_before_a_jenkins_trace_hides_no_step(sample: str, steps: list[str]) -> None:
    # real bash 5.2 and dash 0.5.12 `-xe` output: a changelog's `- Fix rounding of discounts` and a YAML list's
    # `- node20` right before the failing command's trace. An item stands for no command after it (as many words as
    # it: a diff's added line stands for a removed one): the failing step is the test run, not the `tail` or `cat`
    facts = extract_facts(ciframing.jenkins_pipeline([("Checks", [("", _read(sample), 1)])], silent=True))
    assert [s.command for s in facts.steps if not s.command.startswith("sh")] == steps
    assert facts.failed_line == steps[-1] and facts.category is Category.TEST


def test_unittest_s_ndiff_lines_are_no_jenkins_steps() -> None:
    # real bash 5.2 `-xe` output of unittest's assertEqual on two strings and two lists (difflib's ndiff): `- total 8`,
    # its `?       ^` marks, `+ total 7`; the list's `+ [...]` after its marks and a blank line. The added lines are
    # the diff's, not traces: the failing step is unittest's run (it was `['items', ..., 'yes']`)
    output = _read("xtrace_bash_jenkins_unittest_ndiff.txt")
    facts = extract_facts(ciframing.jenkins_pipeline([("Checks", [("", output, 1)])], silent=True))
    assert [s.command for s in facts.steps] == ["git --version", "python -m unittest ut.test_receipt"]
    assert facts.failed_line == "python -m unittest ut.test_receipt"


@pytest.mark.parametrize(
    ("sample", "steps"),
    [
        (
            "xtrace_bash_jenkins_node_test_assert_legend.txt",
            ["node --version", "node --test --test-reporter=spec test/"],
        ),
        ("xtrace_dash_jenkins_mocha_node_assert.txt", ["npx mocha --version", "npx mocha spec/cart.spec.js"]),
        ("xtrace_bash_jenkins_mocha_jest_expect.txt", ["node --version", "npx mocha spec/receipt.spec.js"]),
    ],
)
def test_an_assertion_s_diff_after_its_legend_holds_no_jenkins_step(sample: str, steps: list[str]) -> None:
    # real node 20 output under bash 5.2 / dash 0.5.12 `-xe`: node's assert prints its legend `+ actual - expected`
    # and the added side first (`+ 'total 3\nlines 2'` before `- 'total 4\nlines 2'`) at the line's start, as node
    # --test prints a file's error and mocha its message; Jest's expect under mocha, `- Expected  - 1` / `+ Received
    # + 1`, then `- total due 4` / `+ total 3` (fewer words). They were the steps `actual - expected`, `'total 3...'`,
    # `total 3`, and the failing one: it is the test run
    facts = extract_facts(ciframing.jenkins_pipeline([("Checks", [("", _read(sample), 1)])], silent=True))
    assert [s.command for s in facts.steps] == steps
    assert facts.failed_line == steps[-1] and facts.category is Category.TEST


def test_a_hunks_no_newline_marker_keeps_the_hunk_open() -> None:
    # real git 2.39 output under bash 5.2 `-xe` (xtrace_bash_git_diff_no_newline_then_pytest.txt): `\ No newline at
    # end of file` follows the old side's last line, and the hunk's added `+    return 2` comes after it: still the
    # diff's, no `return 2` step, in a Jenkins `sh` step as in a GitHub one
    output = _read("xtrace_bash_git_diff_no_newline_then_pytest.txt")
    facts = extract_facts(ciframing.jenkins_pipeline([("Checks", [("", output, 1)])], silent=True))
    assert [s.command for s in facts.steps] == ["git --no-pager diff", "python -m pytest -p no:cacheprovider -q tests"]
