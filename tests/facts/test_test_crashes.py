"""A test process that died of a signal its own code raised (a segfault, an abort), in its runner's words: pytest's
faulthandler dump (`Fatal Python error: Segmentation fault`, the current thread's stack) names the test that crashed,
read as that test's failure (as pytest-xdist's report of a crashed worker's test is); a crash outside any test (a
test module's import) names none. Cargo's test binary that died of one (`process didn't exit successfully: ...
(signal: 11, SIGSEGV: invalid memory reference)`): the test libtest was running when one thread printed its name, else
the binary's tests (meaning.CRASH_SIGNALS: one list of the signals a crash raises)."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.parsers import rust
from remediate.facts.view import View
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA

COMMAND = "python -m pytest -p no:cacheprovider tests"


@pytest.mark.parametrize(
    ("name", "test_id", "said"),
    [
        ("pytest9_segfault_in_test.txt", "tests/test_native.py::test_reads_native_buffer", "Segmentation fault"),
        ("pytest9_v_segfault_in_test.txt", "tests/test_native.py::test_reads_native_buffer", "Segmentation fault"),
        ("pytest9_abort_beside_thread.txt", "tests/test_stock.py::test_reserves", "Aborted"),
    ],
)
def test_a_test_that_crashed_the_run_is_its_failing_test(name: str, test_id: str, said: str) -> None:
    # before: nothing read (no report, no summary): the command's guess alone, undecided (0.29); now the test in
    # the crashing thread's stack (not the other thread's `_poll`), and the run's failure is that test's
    f = extract_facts(framing.travis(COMMAND, (DATA / name).read_text()))
    assert [(t.id, t.message) for t in f.failing_tests] == [(test_id, f"Fatal Python error: {said}")]
    verdict = rule_verdict(f)
    assert (verdict.category, verdict.decided) == (Category.TEST, True), verdict.reason


def test_a_crash_importing_a_test_module_names_no_test_and_decides_nothing() -> None:
    # control: the stack's frame in the test file is its `<module>`, no test function: no failing test, undecided
    f = extract_facts(framing.travis(COMMAND, (DATA / "pytest9_segfault_collecting.txt").read_text()))
    assert not f.failing_tests
    assert not rule_verdict(f).decided


def test_under_an_installers_command_a_crashed_test_is_no_dependency_decision() -> None:
    f = extract_facts(
        framing.travis("pip install -r requirements.txt", (DATA / "pytest9_segfault_in_test.txt").read_text())
    )
    verdict = rule_verdict(f)
    assert not verdict.decided and Category.TEST in verdict.scores, verdict.reason


CARGO = "cargo test --offline --color never"


@pytest.mark.parametrize(
    ("name", "test_id", "file", "signal"),
    [
        ("cargo195_test_segfault.txt", "src/lib.rs", "src/lib.rs", "SIGSEGV: invalid memory reference"),
        (
            "cargo195_test_segfault_one_thread.txt",
            "tests::writes_through_a_null_pointer",
            "src/lib.rs",
            "SIGSEGV: invalid memory reference",
        ),
        ("cargo195_test_abort_integration.txt", "tests/api.rs", "tests/api.rs", "SIGABRT: process abort signal"),
    ],
)
def test_a_crashed_test_binary_is_its_test_s_failure(name: str, test_id: str, file: str, signal: str) -> None:
    # before: `error: test failed, to rerun pass `--lib`` read as nothing (the diagnostics skip it): keywords, undecided
    f = extract_facts(framing.travis(CARGO, (DATA / name).read_text(), 101))
    assert [(t.id, t.file, t.message) for t in f.failing_tests] == [
        (test_id, file, f"the test binary crashed ({signal})")
    ]
    verdict = rule_verdict(f)
    assert (verdict.category, verdict.decided) == (Category.TEST, True), verdict.reason


@pytest.mark.parametrize(
    "cause",
    [
        # a kill from outside (the OOM killer, a time limit) is no crash of the test's own code
        "  process didn't exit successfully: `target/debug/deps/x-1` (signal: 9, SIGKILL: kill)",
        "  process didn't exit successfully: `target/debug/deps/x-1` (exit status: 101)",
        "  process didn't exit successfully: `target/debug/deps/x-1` (signal: 11, SIGSEGV" + ")" * 5000,
    ],
)
def test_a_binary_that_was_killed_or_exited_names_no_crash(cause: str) -> None:
    lines = ["running 1 test", "error: test failed, to rerun pass `--lib`", "", "Caused by:", cause]
    assert rust.parse(View.of(lines)).tests == []


def test_a_crash_s_cause_far_from_cargo_s_failure_is_not_read() -> None:
    crash = "  process didn't exit successfully: `x` (signal: 11, SIGSEGV: invalid memory reference)"
    assert rust.parse(View.of(["error: test failed, to rerun pass `--lib`", *[""] * 4, crash])).tests == []
    assert rust.parse(View.of([crash])).tests == []


@pytest.mark.parametrize(
    ("name", "command", "test_id"),
    [
        ("go119_test_nil_pointer_panic.txt", "go test ./...", "TestTotalWithMissingItem"),
        (
            "jest29_worker_segfault.txt",
            "npx jest --ci --maxWorkers=2",
            "jest/native.test.js › Test suite failed to run",
        ),
    ],
)
def test_a_runner_that_names_the_crashed_test_decides_it(name: str, command: str, test_id: str) -> None:
    # checked as stored (no change): Go's test binary names the test its panic ended (`--- FAIL:` above `[signal
    # SIGSEGV: ...]`), Jest the suite whose worker a signal ended
    f = extract_facts(framing.travis(command, (DATA / name).read_text()))
    assert [t.id for t in f.failing_tests] == [test_id]
    verdict = rule_verdict(f)
    assert (verdict.category, verdict.decided) == (Category.TEST, True), verdict.reason


@pytest.mark.parametrize(
    ("name", "command"),
    [("mocha10_segfault_in_test.txt", "npx mocha"), ("jest29_segfault_in_band.txt", "npx jest --ci")],
)
def test_a_node_runner_that_died_in_band_names_no_test_and_decides_nothing(name: str, command: str) -> None:
    # the runner's own process died (the shell's `Segmentation fault`): no test is named, as a crash importing a
    # pytest module names none; the test command leans test and the rules abstain
    f = extract_facts(framing.travis(command, (DATA / name).read_text(), 139))
    assert not f.failing_tests
    verdict = rule_verdict(f)
    assert not verdict.decided and verdict.category is Category.TEST, verdict.reason


def test_a_binary_its_allocator_aborted_is_no_crash_of_the_code() -> None:
    # Rust's `memory allocation of N bytes failed` then SIGABRT: the memory's limit (tests/facts/test_kills), no test
    f = extract_facts(framing.travis(CARGO, (DATA / "cargo195_test_alloc_failed.txt").read_text(), 101))
    assert not f.failing_tests


@pytest.mark.parametrize("name", ["pytest9_segfault_in_test.txt", "pytest9_total_assertion.txt"])
@pytest.mark.parametrize("runner", ["./run_tests.sh", "spin test -- --durations=10", "make check"])
def test_a_run_step_s_install_before_a_runner_no_rule_names_is_not_what_failed(name: str, runner: str) -> None:
    # a `run:` block installs, then runs the tests through a script no command rule knows: the failing tests came
    # from after the install, which ran to its end; before, the install's command (dependency, 0.85) outweighed the
    # crashed test and nothing was decided
    script = f"python -m pip install -r requirements.txt\n{runner}"
    verdict = rule_verdict(extract_facts(framing.github_script(script, (DATA / name).read_text())))
    assert (verdict.category, verdict.decided) == (Category.TEST, True), verdict.reason


def test_an_install_after_the_failing_tests_leaves_the_block_as_it_was() -> None:
    # control: the block's last part is the install, so nothing after it could have run the tests: the whole block
    # is read as before (the installer's command against the crashed test: undecided)
    script = "./run_tests.sh\npython -m pip install -r requirements.txt"
    data = (DATA / "pytest9_segfault_in_test.txt").read_text()
    verdict = rule_verdict(extract_facts(framing.github_script(script, data)))
    assert not verdict.decided and Category.TEST in verdict.scores, verdict.reason
