"""A Buildkite step's `commands:` list, joined by newlines and run as one `bash -e -c` script, prompted once by the
agent (buildkite/agent internal/job/executor.go, defaultCommandPhase: `Promptf("%s", cmdToExec)`; older agents put
`trap 'kill -- $$' INT TERM QUIT; ` before it), its later lines unprefixed. When the script turns on tracing
(`set -euxo pipefail`), bash's first `+ cmd` ends the prompted script, so the failing command is the whole list, and
the last trace before the agent's failure line is the command that failed (facts/ci/buildkite.buildkite_traced). The
output is real (tests/facts/data/README.md: buildkite_xtrace_ruff_pytest.txt)."""

from __future__ import annotations

from pathlib import Path

import pytest

from remediate.facts import extract_facts
from tests.facts import ciframing

DATA = Path(__file__).parent / "data"
PYTEST = "python -m pytest -p no:cacheprovider tests"
SCRIPT = f"set -euxo pipefail\nruff check --no-cache shop || true\n{PYTEST}\necho done"
OUTPUT = (DATA / "buildkite_xtrace_ruff_pytest.txt").read_text()


@pytest.mark.parametrize(("grey", "trapped"), [(True, True), (True, False), (False, True)])
def test_a_traced_commands_list_is_the_block_and_its_last_trace_the_failed_line(grey: bool, trapped: bool) -> None:
    facts = extract_facts(ciframing.buildkite_command(SCRIPT, [(OUTPUT, 1)], grey=grey, trapped=trapped))
    assert (facts.failing_command, facts.failed_line, facts.exit_code) == (SCRIPT, PYTEST, 1)
    assert [t.id for t in facts.failing_tests] == ["tests/test_cart.py::test_total_adds_prices"]
    # ruff's finding (forgiven by `|| true`, as its `+ true` trace shows) is still read, in its own traced command's
    # step, which passed (tests/facts/test_xtrace.py: its records do not vote)
    assert any(e.tool == "ruff" for e in facts.errors)


def test_an_untraced_commands_list_names_no_failed_line_it_cannot_see() -> None:
    # without tracing nothing marks where the prompted script ends: its first command stands for it, and the agent's
    # trapped prompt names no failed line (bash -e stopped silently), as before
    untraced = "\n".join(line for line in OUTPUT.splitlines() if not line.startswith("+ "))
    script = SCRIPT.removeprefix("set -euxo pipefail\n")
    facts = extract_facts(ciframing.buildkite_command(script, [(untraced, 1)]))
    assert (facts.failing_command, facts.failed_line) == ("ruff check --no-cache shop || true", None)
