"""Memory limits, time limits and kills, in real output (tests/facts/data/README.md, "Memory limits, time limits and
kills beside a test's failure"), plain and inside a failing CI step: a process out of the memory it may use names the
infrastructure and the rules abstain; a kill or a stop that ended a later step than a genuine test failure leaves the
decision to that failure (the category follows the first failure); a test's own time limit stays that test's failure."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.facts.extract import modules_reading
from remediate.facts.meaning import out_of_memory
from remediate.models import Category
from remediate.triage import CALIBRATION, RuleVerdict, route_by_rules, rule_verdict
from tests.facts import framing

DATA = Path(__file__).parent / "data"
FRAMES: list[Callable[..., bytes]] = [framing.github_actions, framing.gitlab, framing.travis, framing.jenkins]


def _read(sample: str) -> str:
    return (DATA / sample).read_text()


def _plain_and_framed(command: str, sample: str, code: int) -> list[bytes]:
    return [(DATA / sample).read_bytes(), *(frame(command, _read(sample), code) for frame in FRAMES)]


def _named(verdict: RuleVerdict, rule: str) -> str:
    named = [s.reason for s in verdict.signals if s.name == rule and not s.discounted]
    assert named, verdict.reason
    return named[0]


# (sample, the command the CI ran, its exit status, words of the runtime's own report)
OUT_OF_MEMORY = [
    ("node20_heap_limit.txt", "node --max-old-space-size=16 build.js", 134, "JavaScript heap out of memory"),
    ("python311_memory_error.txt", "python3 load.py", 1, "MemoryError"),
    ("cpp_gxx12_bad_alloc.txt", "./index", 134, "std::bad_alloc"),
    ("java17_heap_space.txt", "java -Xmx8m Alloc", 1, "java.lang.OutOfMemoryError"),
    ("javac17_out_of_resources.txt", "javac -d out src/*.java", 3, "java.lang.OutOfMemoryError"),
    ("go119_out_of_memory.txt", "go run .", 2, "fatal error: out of memory"),
    ("rust195_alloc_failed.txt", "cargo run --offline", 134, "memory allocation of 67108864 bytes failed"),
    # a test run ended by it: no suite's report (jest -i), a test's report (pytest, CTest's std::bad_alloc)
    ("jest29_heap_limit.txt", "npx jest --ci -i", 134, "JavaScript heap out of memory"),
    # Vitest's worker threads (Vitest 1's default pool): Node's words for a worker at its heap limit, no V8 report
    ("vitest1_heap_limit.txt", "npx vitest run", 1, "Worker terminated due to reaching memory limit"),
    # Jest 29's worker threads: jest-worker's own words for a worker it saw end at its heap (was decided test, 1.00)
    ("jest29_threads_heap_limit.txt", "npx jest --ci -w 2 --workerThreads", 1, "Jest worker ran out of memory"),
    ("pytest9_memory_error.txt", "python -m pytest tests", 1, "MemoryError"),
    ("ctest325_bad_alloc.txt", "ctest --output-on-failure", 8, "std::bad_alloc"),
    # Gradle's cause line for a task that met the daemon's heap (named build before, keywords only)
    ("gradle441_task_heap_space.txt", "./gradlew index", 1, "> Java heap space"),
    # Surefire's forked JVM at its heap (`-Xmx64m`): the error's message alone under its fork error, `Tests run: 0`
    ("maven_surefire_fork_heap_space.txt", "mvn -B test", 1, "Java heap space"),
    # one test's own code allocating until a data limit or the test JVM's heap refuses it: a leak in the code or a
    # runner too small, which the log cannot tell apart (Go's runtime refusing its heap's own bookkeeping first)
    ("go119_test_heap_arena_out_of_memory.txt", "go test -v ./...", 1, "out of memory allocating heap arena"),
    ("cargo195_test_alloc_failed.txt", "cargo test --offline", 101, "memory allocation of 67108864 bytes failed"),
    ("gradle441_junit_test_heap.txt", "gradle test --offline", 1, "java.lang.OutOfMemoryError"),
    # GHC's runtime, the compiler's own (stack and cabal builds on a small runner) and a program's: the OS refusing
    # it more (a data limit) and its `+RTS -M` heap limit (was: named test under `stack test`, nothing plain)
    ("ghc902_compile_data_limit.txt", "stack --no-terminal test", 134, "Unable to commit 1048576 bytes of memory"),
    ("ghc902_program_data_limit.txt", "./big", 134, "Unable to commit 1048576 bytes of memory"),
    ("ghc902_program_heap_exhausted.txt", "./big +RTS -M4m -RTS", 251, "big: Heap exhausted;"),
]


@pytest.mark.parametrize(("sample", "command", "code", "words"), OUT_OF_MEMORY)
def test_a_process_out_of_the_memory_it_may_use_names_the_infrastructure(
    sample: str, command: str, code: int, words: str
) -> None:
    # was: no signal at all (java, javac, python, C++, Rust), or a test decided (pytest, CTest) on a run whose
    # process met its memory limit: the code's appetite or the runner's memory, which the log cannot tell apart
    for data in _plain_and_framed(command, sample, code):
        facts = extract_facts(data)
        verdict = rule_verdict(facts)
        assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason
        assert words in _named(verdict, "pattern:out-of-memory")
        assert not CALIBRATION.vouches("pattern:out-of-memory") and route_by_rules(facts) is None


def test_a_heap_limit_beside_a_test_s_own_failure_is_two_failures() -> None:
    # Jest with two workers: one suite fails its assertion, another's worker dies at the heap limit. Fixing the
    # assertion leaves the run failing: the rules abstain (they decided test before), naming the memory
    for frame in FRAMES:
        data = frame("npx jest --ci -w 2", _read("jest29_heap_limit_beside_failure.txt"))
        verdict = rule_verdict(extract_facts(data))
        assert not verdict.decided, verdict.reason
        assert "JavaScript heap out of memory" in _named(verdict, "pattern:out-of-memory")


# (command, the run with a worker or fork out of its heap beside an assertion, the memory's words, the assertion alone)
_HEAP_BESIDE_FAILURE = [
    # Vitest 1 (worker threads): one file fails its assertion, the other's worker ends at its heap limit, reported as
    # an unhandled error under a summary counting the assertion alone
    (
        "npx vitest run",
        "vitest1_heap_limit_beside_failure.txt",
        "Worker terminated due to reaching memory limit",
        "vitest1_assertion.txt",
    ),
    # Jest 29's worker threads: cart.test.js fails its assertion, index.test.js's worker thread ends at its heap
    (
        "npx jest --ci -w 2 --workerThreads",
        "jest29_threads_heap_limit_beside_failure.txt",
        "Jest worker ran out of memory and crashed",
        "jest29_assertion.txt",
    ),
    # Surefire: CartTest fails its assertion, then LoadTest's fork ends at its heap
    (
        "mvn -B test",
        "maven_surefire_fork_heap_space_beside_failure.txt",
        "Java heap space",
        "maven_surefire_failures.txt",
    ),
]


@pytest.mark.parametrize(("command", "sample", "words", "alone"), _HEAP_BESIDE_FAILURE)
def test_a_worker_or_fork_out_of_its_heap_beside_a_test_s_own_failure_is_two_failures(
    command: str, sample: str, words: str, alone: str
) -> None:
    # Each was decided test (confidence 1.00); fixing the assertion leaves the run failing, so the rules abstain,
    # naming the memory (as Jest's: above)
    verdict = rule_verdict(extract_facts(framing.github_actions(command, _read(sample))))
    assert not verdict.decided, verdict.reason
    assert words in _named(verdict, "pattern:out-of-memory")
    # the control: the runner's assertion alone is the test's failure
    control = rule_verdict(extract_facts(framing.github_actions(command, _read(alone))))
    assert control.category is Category.TEST and control.decided, control.reason


def test_a_worker_force_exited_after_its_tests_is_no_second_failure() -> None:
    # jest-runner's warning that a worker leaking a timer was force exited once the tests were done: no memory, no stop;
    # the one assertion decides the run, as alone
    sample = _read("jest29_worker_force_exited_beside_failure.txt")
    assert "failed to exit gracefully" in sample and out_of_memory(sample) is None
    verdict = rule_verdict(extract_facts(framing.github_actions("npx jest --ci -w 2", sample)))
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason
    assert not any(s.category is Category.INFRA for s in verdict.signals), verdict.reason


def test_the_words_of_memory_run_out() -> None:
    assert out_of_memory("FATAL ERROR: CALL_AND_RETRY_LAST Allocation failed - JavaScript heap out of memory")
    # Vitest 3 with --pool=threads ends in the same worker words as Vitest 1
    assert out_of_memory(_read("vitest3_threads_heap_limit.txt")) == (
        "Worker terminated due to reaching memory limit: JS heap out of memory"
    )
    assert out_of_memory("Expiring Daemon because JVM heap space is exhausted")
    assert out_of_memory("    Jest worker ran out of memory and crashed") == "Jest worker ran out of memory and crashed"
    assert out_of_memory("fatal error: runtime: out of memory") == "fatal error: runtime: out of memory"
    assert out_of_memory("MemoryError: unable to allocate 8.00 GiB") == "MemoryError: "
    # Surefire's fork error names memory only with the OutOfMemoryError's message below it
    fork = "[ERROR] There was an error in the forked process\n[ERROR] "
    assert out_of_memory(fork + "Java heap space") == "Java heap space"
    assert out_of_memory(fork + "TestEngine with ID 'junit-jupiter' failed to discover tests") is None
    assert out_of_memory("[INFO] Loading Java heap space settings") is None
    # a test that expects the error, or source that names it, is not a process out of memory
    assert out_of_memory("    with pytest.raises(MemoryError):") is None
    assert out_of_memory("Expected: load() throws an exception of type std::bad_alloc.") is None
    assert out_of_memory("except MemoryError:") is None


# A later step than the test run that failed first, each (command, output, exit status), as the CI ran it after the
# failure: killed by SIGKILL (bash's `Killed`), out of memory, cancelled at the job's time limit (the runner's own
# `##[error]The operation was canceled.`, no exit status)
LATER_STEPS = [
    ("bash oom.sh", "bash_killed_sigkill.txt", 137),
    ("node --max-old-space-size=16 build.js", "node20_heap_limit.txt", 134),
    ("javac -d out src/*.java", "javac17_out_of_resources.txt", 3),
]


@pytest.mark.parametrize(("command", "sample", "code"), LATER_STEPS)
def test_a_stop_that_ended_a_later_step_leaves_the_decision_to_the_first_failure(
    command: str, sample: str, code: int
) -> None:
    failed = ("python -m pytest -p no:cacheprovider tests", _read("pytest9_cart_failed.txt"), 1)
    jobs = [
        framing.github_steps([failed, (command, _read(sample), code)]),  # an `if: always()` step
        framing.travis_commands([failed, (command, _read(sample), code)]),  # Travis runs every script command
    ]
    for data in jobs:
        facts = extract_facts(data)
        verdict = rule_verdict(facts)
        assert verdict.category is Category.TEST and verdict.decided, verdict.reason
        assert not any(s.category is Category.INFRA for s in verdict.signals), verdict.reason
    # the same stop in the step that ran first is the first failure: the rules abstain, naming it
    first = framing.github_steps([(command, _read(sample), code), failed])
    verdict = rule_verdict(extract_facts(first))
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason


def test_a_job_cancelled_at_its_time_limit_after_the_tests_failed_decides_test() -> None:
    failed = ("python -m pytest -p no:cacheprovider tests", _read("pytest9_cart_failed.txt"), 1)
    later = ("bash upload.sh", "uploading coverage\n##[error]The operation was canceled.", 0)
    verdict = rule_verdict(extract_facts(framing.github_steps([failed, later])))
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason
    # cancelled while the test step itself ran: the cancellation ended that step, and the rules abstain
    cancelled = _read("pytest9_failed_then_killed.txt") + "##[error]The operation was canceled.\n"
    verdict = rule_verdict(extract_facts(framing.github_steps([(failed[0], cancelled, 0)])))
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason


def test_a_jest_run_cut_at_its_step_s_time_limit_after_a_failure_is_not_decided_on_that_failure() -> None:
    # Jest -i --verbose: cart.test.js failed its assertion, then sync.test.js waited (printing) until the step's
    # timeout-minutes: the runner's words, as the raw log and as its page shows them (`Error: `: was decided test 0.95)
    command = "npx jest --ci -i --verbose"
    for end in ("Error: The action has timed out.", "##[error]The action 'Run tests' has timed out after 10 minutes."):
        cut = framing.github_steps([(command, _read("jest29_failed_then_cut.txt") + end + "\n", 0)])
        verdict = rule_verdict(extract_facts(cut))
        assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason
        assert "has timed out" in _named(verdict, "pattern:job-timeout")  # the step's time limit, named as one
    # the control: the assertion alone, the step failing on it
    control = rule_verdict(extract_facts(framing.github_actions(command, _read("jest29_assertion.txt"))))
    assert control.category is Category.TEST and control.decided, control.reason


@pytest.mark.parametrize("frame", FRAMES)
def test_a_test_run_killed_after_one_test_failed_is_not_decided_on_that_test(frame: Callable[..., bytes]) -> None:
    # one step: pytest -v failed a test, then its process was SIGKILLed on the next one (what ended the step)
    facts = extract_facts(frame("python -m pytest -v tests", _read("pytest9_failed_then_killed.txt"), 137))
    assert [t.id for t in facts.failing_tests] == ["tests/test_cart.py::test_total_adds_prices"]
    verdict = rule_verdict(facts)
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason


def test_a_go_test_binary_ended_mid_test_with_no_word_is_not_decided_on_another_package_s_failure() -> None:
    # go test -v: package b's binary SIGKILLed during TestIndexBuilds prints only its `=== RUN` and `FAIL\tpkg`; beside
    # package a's `--- FAIL` it was decided test (0.96) on that failure alone. Now named (a stop), and not decided
    command = "go test -v ./..."
    for sample in ("go119_test_v_killed_beside_failure.txt", "go119_test_v_killed.txt"):
        verdict = rule_verdict(extract_facts(framing.github_actions(command, _read(sample))))
        assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason
        assert "while TestIndexBuilds ran, with no word of its own" in _named(verdict, "pattern:stopped")
    # the control: log.Fatal in package c's test says its words before the same `FAIL\tpkg`: the code's own exit,
    # and package a's failure decides test as before
    control = rule_verdict(
        extract_facts(framing.github_actions(command, _read("go119_test_v_log_fatal_beside_failure.txt")))
    )
    assert control.category is Category.TEST and control.decided, control.reason


@pytest.mark.parametrize("frame", FRAMES)
def test_a_cargo_test_run_stopped_by_timeout_after_a_failure_abstains(frame: Callable[..., bytes]) -> None:
    # libtest's `has been running for over 60 seconds` is a warning; `timeout 75` ended the run (exit 124)
    data = frame("timeout 75 cargo test --offline", _read("cargo195_test_over_60s_timeout.txt"), 124)
    verdict = rule_verdict(extract_facts(data))
    assert not verdict.decided, verdict.reason
    assert "time limit" in _named(verdict, "pattern:timeout-exit")


@pytest.mark.parametrize("frame", FRAMES)
def test_ctest_s_per_test_timeout_alone_is_named_not_decided(frame: Callable[..., bytes]) -> None:
    # `set_tests_properties(... TIMEOUT 2)` is the test's own limit, as Jest's and pytest-timeout's per-test limits
    # (tests/facts/test_timeouts.py): the test hangs or the machine is slow; the run's only failure, it is named
    facts = extract_facts(frame("ctest --output-on-failure", _read("ctest325_timeout.txt"), 8))
    assert [t.id for t in facts.failing_tests] == ["stock_test"], facts.failing_tests
    verdict = rule_verdict(facts)
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason
    assert "its own time limit, no assertion failed (Timeout)" in verdict.reason


@pytest.mark.parametrize("frame", FRAMES)
def test_ctest_s_timeout_read_by_the_generic_reader_keeps_its_status(frame: Callable[..., bytes]) -> None:
    # CTest's parser left out (a runner no parser knows), its list's `2 - stock_test (Timeout)` is still the
    # test's own limit, not a failure of its code: named, not decided test
    log = frame("ctest --output-on-failure", _read("ctest325_timeout.txt"), 8)
    facts = extract_facts(log, leave_out=modules_reading(log))
    assert [(t.id, t.message) for t in facts.failing_tests] == [("stock_test", "Timeout")], facts.failing_tests
    verdict = rule_verdict(facts)
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason


def _jenkins_timeout(output: str) -> bytes:
    """A declarative pipeline's `timeout(time: 1, unit: 'MINUTES')` around an `sh` step, written, not run (Jenkins
    cannot run here): the timeout step's `Timeout set to expire in ...`, then, at the limit, workflow-basic-steps'
    TimeoutStepExecution's `Cancelling nested steps due to timeout`, the durable task's `Sending interrupt signal to
    process`, and the cause of interruption (TimeoutStepExecution.ExceededTimeout: `Timeout has been exceeded`)."""
    lines = [
        "Started by user admin",
        "[Pipeline] Start of Pipeline",
        "[Pipeline] node",
        "Running on agent-1 in /var/lib/jenkins/workspace/shop",
        "[Pipeline] {",
        "[Pipeline] stage",
        "[Pipeline] { (Test)",
        "[Pipeline] timeout",
        "Timeout set to expire in 1 min 0 sec",
        "[Pipeline] {",
        "[Pipeline] sh",
        "+ python -m pytest -v -p no:cacheprovider tests",
        *output.splitlines(),
        "Cancelling nested steps due to timeout",
        "Sending interrupt signal to process",
        "[Pipeline] }",
        "[Pipeline] // timeout",
        "[Pipeline] }",
        "[Pipeline] // stage",
        "[Pipeline] }",
        "[Pipeline] // node",
        "[Pipeline] End of Pipeline",
        "Timeout has been exceeded",
        "Finished: FAILURE",
    ]
    return ("\n".join(lines) + "\n").encode()


def _buildkite_interrupted(output: str) -> bytes:
    """A Buildkite job whose command was signalled (a cancel, `timeout_in_minutes`), written, not run: the agent's
    bootstrap prints `🚨 Error: The command was interrupted by a signal` (buildkite/agent's executor, when the
    command's shell was signalled; buildkite.com/docs/agent/lifecycle), each line behind its APC timestamp."""
    lines = [
        "~~~ Running commands",
        "$ python -m pytest -v -p no:cacheprovider tests",
        *output.splitlines(),
        "\U0001f6a8 Error: The command was interrupted by a signal",
        "^^^ +++",
    ]
    return ("\n".join(f"\x1b_bk;t={1714557600000 + 37 * i}\x07{line}" for i, line in enumerate(lines)) + "\n").encode()


def _azure_agent_lost(output: str) -> bytes:
    """An Azure Pipelines job whose agent stopped answering mid-step, written, not run: the job's
    `##[error]We stopped hearing from agent NAME. Verify the agent machine is running and has a healthy network
    connection.` (Azure DevOps' troubleshooting docs quote it), after the task's output."""
    lines = [
        "##[section]Starting: Test",
        "Starting Command Output",
        "/usr/bin/bash --noprofile --norc /home/vsts/work/_temp/0b7e4f3a.sh",
        *output.splitlines(),
        "##[error]We stopped hearing from agent Azure Pipelines 3. Verify the agent machine is running and has a "
        "healthy network connection.",
        "##[section]Finishing: Test",
    ]
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize(
    ("job", "words", "rule"),
    [
        (_jenkins_timeout, "Cancelling nested steps due to timeout", "pattern:job-timeout"),
        (_buildkite_interrupted, "The command was interrupted by a signal", "pattern:stopped"),
        (_azure_agent_lost, "We stopped hearing from agent", "pattern:stopped"),
    ],
)
def test_a_ci_s_own_time_limit_or_lost_agent_during_a_test_run_names_the_infrastructure(
    job: Callable[[str], bytes], words: str, rule: str
) -> None:
    # pytest -v had failed one test when the step's processes were ended (a cancel: no summary, its line for the
    # next test unfinished): no exit status, only the CI's words. Each decided test on the one failing test before
    # (0.95-0.96). (pytest9_failed_then_terminated.txt, used here before, holds a run that finished: its summary
    # counts both tests, so a stop below it ended no test: test_job_time_limits.py, FINISHED)
    facts = extract_facts(job(_read("pytest9_cut_by_cancel.txt")))
    assert [t.id for t in facts.failing_tests] == ["tests/test_cart.py::test_total_adds_prices"]
    verdict = rule_verdict(facts)
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason
    assert words in _named(verdict, rule)


@pytest.mark.parametrize("frame", FRAMES)
def test_a_gradle_test_worker_killed_from_outside_is_not_decided_test(frame: Callable[..., bytes]) -> None:
    # `Process 'Gradle Test Executor 1' finished with non-zero exit value 137`: the test JVM SIGKILLed (the OOM killer's
    # signal), no test's report; decided test on the command and `:test FAILED` before (0.81)
    data = frame("./gradlew test --offline", _read("gradle441_test_executor_killed.txt"))
    verdict = rule_verdict(extract_facts(data))
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason
    assert "finished with non-zero exit value 137" in _named(verdict, "pattern:stopped")


@pytest.mark.parametrize("frame", FRAMES)
def test_ctest_s_timeout_rows_under_a_script_name_the_limit(frame: Callable[..., bytes]) -> None:
    # run by a script that names no runner (`./ci/run.sh`), no parser reading CTest: only its summary counts the
    # failure, and its rows (`...***Timeout   2.02 sec`, `2 - stock_test (Timeout)`) say the test ran out of time
    output = _read("ctest325_timeout.txt")
    log = frame("./ci/run.sh", output, 8)
    verdict = rule_verdict(extract_facts(log, leave_out=modules_reading(frame("ctest", output, 8))))
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason
    assert "its own time limit" in verdict.reason, verdict.reason
