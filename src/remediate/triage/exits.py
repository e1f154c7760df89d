"""What an exit status and the job's stop say: a command the shell did not find or could not run, a
process a signal ended, `timeout`'s limit, a job stopped from outside, a checkout the CI could not make."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import partial

from remediate.facts.lazyregex import Regex
from remediate.facts.meaning import (
    TOOLCHAIN_COMMANDS,
    flakes_fail,
    missing_commands,
    missing_in,
    out_of_memory,
    run_limit,
    signalled,
    status_127,
    timeout_banner,
    unreachable,
)
from remediate.facts.parsers.checkout import TOOL as CHECKOUT_TOOL
from remediate.models import Category, Facts
from remediate.triage.failing import FailingView
from remediate.triage.reports import counts_failures
from remediate.triage.signal import Signal, pattern_signal

# Exit statuses whose meaning POSIX fixes for every shell: 127, the command was not found; 126, it
# was found but could not be executed. The CI ran something its environment does not provide (a
# tool not installed, a script not executable): the CI's configuration, whatever the step runs.
_SHELL_EXITS: dict[int, str] = {127: "the shell found no such command", 126: "the command could not be executed"}


# A shell reports a command a signal ended as 128 + the signal: 137, SIGKILL (the kernel's OOM killer,
# a container's memory limit, a runner's or `timeout -s KILL`'s limit); 143, SIGTERM (a cancelled or
# timed-out job stopping its processes). Nothing the project's code says: the job's resources or run.
_SIGNAL_EXITS: dict[int, str] = {
    137: "killed by SIGKILL (out of memory, or a time limit)",
    143: "stopped by SIGTERM (a cancelled or timed-out job)",
}


# GNU timeout exits 124 when it stopped its command at the limit (the status alone could be anyone's).
_TIMEOUT_EXIT = 124


_TIMEOUT_COMMAND = re.compile(r"(?:\S*/)?timeout\s")
# make's report of a recipe that exited 124 (`make: *** [Makefile:2: test] Error 124`, after whatever the recipe left on
# its line), below make's echo of the recipe's `timeout` command (`timeout 5 python -m pytest tests`, a shell's
# xtrace `+ timeout ...`): GNU timeout's status under make's own (2). A 124 with no `timeout` echoed is anyone's.
_RECIPE_124 = Regex(r"\*\*\* \[[^\]\n]{1,300}\] Error 124$", re.MULTILINE)
_TIMEOUT_ECHOED = Regex(r"^(?:\+ )?(?:\S*/)?timeout\s", re.MULTILINE)


# What the CIs print when they stopped a job or its step from outside, or of a step's command a signal ended: their
# own time limits and cancellations (GitHub Actions, its runner's `##[error]` shown as `Error: ` where its page is
# copied: `Error: The action has timed out.` at a step's timeout-minutes; Azure, GitLab, Travis, CircleCI, Jenkins,
# Buildkite; Travis's travis_wait, `Timeout (20 minutes) reached. Terminating "CMD"`), the step's status 137 or 143
# (`Process completed with exit code 137.`, `exited with 137.`), Jenkins' aborted build. The agents' own words
# for a time limit or a lost machine, from their source where the CI cannot run here: Jenkins' timeout step
# (workflow-basic-steps' TimeoutStepExecution logs `Cancelling nested steps due to timeout`, and its cause of
# interruption prints `Timeout has been exceeded`), Buildkite's agent (`🚨 Error: The command was interrupted by a
# signal`, its bootstrap's words when a cancel or timeout_in_minutes signalled the command's shell; the job's `Exited
# with status -1 (process killed or agent lost; ...)`, buildkite.com/docs/agent/lifecycle), Azure Pipelines'
# `We stopped hearing from agent X.` (the agent lost mid-job), travis-worker's end of a job whose log outgrew its limit
# (step_run_script.go: `The job exceeded the maximum log length, and has been terminated.`: the command was still
# running), AppVeyor's time limit (`Build execution time has reached the maximum allowed time for your plan (60
# minutes).`, as its users' issues quote it).
# Of those, the CIs' own time limits (the job's, a step's, a wait without output): what was running when the limit came
# is what the failing step shows, the limit the rules name (pattern:job-timeout), whatever ran too long.
_JOB_TIME_LIMITS = (
    r"has exceeded the maximum execution time|exceeded the maximum time limit for jobs|"
    r"ran longer than the maximum time of|"
    r"^(?:##\[error\]|Error: )The (?:action|background step)(?: .{1,200})? has timed out|"
    r"Job failed: execution took longer than|No output has been received in the last \w+|"
    r"Too long with no output \(exceeded|Build timed out \(after|"
    r"Timeout \(\d+ minutes\) reached\. Terminating \"|"
    r"^Cancelling nested steps due to timeout$|^Timeout has been exceeded$|"
    r"\bBuild execution time has reached the maximum allowed time\b"
)
_JOB_STOPS = (
    _JOB_TIME_LIMITS + r"|^(?:##\[error\]|Error: )?The operation was canceled\.?$|"
    r"Job failed: canceled|Received cancellation signal|"
    r"runner has received a shutdown signal|lost communication with the server|"
    r"(?:exit code|exit status|exited with(?: code)?) 1(?:37|43)\b|^Finished: ABORTED$|"
    r"\bError: The command was interrupted by a signal$|Exited with status -1 \(process killed or agent lost\b|"
    r"\bWe stopped hearing from agent\b|"
    r"\bThe job exceeded the maximum log length\b"
)
# What the programs that started a process print when a signal from outside ended it, each as it prints it: a shell's
# report of its foreground command's signal (bash: `script: line N:  PID Killed  cmd`), Go's wording of a child's signal
# (the reports naming the program, GCC's, collect2's, Cargo's, GHC's, are meaning.signalled's, read apart), make's
# `Error 137` and its own report of a recipe's signal (`make: *** [Makefile:2: test] Killed`, make 3.81's `make: ***
# [test] Killed`: it lands after whatever the killed command left on its line), npm's and Yarn's, Gradle's client whose
# build daemon was killed (`Gradle build daemon disappeared unexpectedly`, 2.x to 8.x, the JVM's usual end on a CI's
# memory limit) and its test worker's JVM (`Process 'Gradle Test Executor 1' finished with non-zero exit value 137`),
# Surefire's forked JVM (`Process Exit Code: 137`, below the run's Results it counted so far), the kernel's OOM killer,
# Kubernetes' OOMKilled. A test runner prints them of its own workers after its summary, so they never say the run had
# finished.
_PROCESS_STOPS = (
    r": line \d+: +\d+ (?:Killed|Terminated) +\S|^(?:Killed|Terminated)$|"
    r"signal: killed$|\] Error 1(?:37|43)$|(?:exit value|Exit Code:) 1(?:37|43)\b|"
    r"^npm (?:ERR!|error) signal SIG(?:KILL|TERM)$|Command failed with signal \"SIG(?:KILL|TERM)\"|"
    r"\*\*\* \[[^\]\n]{1,300}\] (?:Killed|Terminated)$|Gradle build daemon disappeared unexpectedly|"
    r"Out of memory: Killed process|\bOOMKilled\b"
)
# A job or one of its processes stopped from outside, in either's words.
_STOPPED = Regex(f"{_JOB_STOPS}|{_PROCESS_STOPS}", re.MULTILINE)
_PROCESS_STOPPED = Regex(_PROCESS_STOPS, re.MULTILINE)
_TIME_LIMIT = Regex(_JOB_TIME_LIMITS, re.MULTILINE)


# The rules that name a job, a run or a process stopped from outside or at a limit, or a run failed on flakes: the
# run's time, resources or luck; a consequence whose cause may be the code (bench/triage.py counts the abstentions).
STOPPED_RULES = frozenset(
    {
        "pattern:stopped",
        "pattern:job-timeout",
        "pattern:signal-exit",
        "pattern:timeout-exit",
        "pattern:run-timeout",
        "pattern:out-of-memory",
        "pattern:flaky",
        "pattern:checkout",
    }
)


# What a missing command weighs when the log says a download could not reach its server.
UNFETCHED_COMMAND_WEIGHT = 0.5


# Where package managers put their dependencies' commands: a command run by such a path that the shell did not
# find is a dependency not installed (`./node_modules/.bin/eslint: not found`, Composer's `vendor/bin/phpunit`).
_DEPENDENCY_BINS = ("node_modules/.bin/", "vendor/bin/")


# The rule of a command the shell did not find whose owner the log cannot tell: a tool the CI's image lacks, or a
# command the project's dependencies install (not installed); the rival of shell-exit's config (verdict._unsure).
COMMAND_UNPLACED_RULE = "command-unplaced"
COMMAND_UNPLACED = (
    "a command the shell did not find: a tool the CI's image lacks, or one the project's dependencies install, "
    "not installed (the source's manifests not read); not sure which"
)


# The rules of a status 127's own evidence (_missing_command): what a command the shell did not find means.
NOT_FOUND_RULES = frozenset({"shell-exit", "command-dependency", COMMAND_UNPLACED_RULE})


def _missing_command(view: FailingView, reason: str) -> list[Signal]:
    """A command the shell did not find (status 127) is the CI's set-up (install the tool in the workflow), unless
    the project's dependencies install it: run by its package manager's path (_DEPENDENCY_BINS), or named by the
    source's manifests (RepoFacts.commands: a dependency's or the project's own console script), a dependency not
    installed. A bare name with no source read may be either: both are named (COMMAND_UNPLACED_RULE); a package
    manager's, a runtime's or a system tool's name (TOOLCHAIN_COMMANDS) is the image's either way. A command run
    by another path (a script not in the checkout) and a status whose words are not shown stay the set-up's."""
    names = not_found(view)
    repo = view.facts.repo
    installed = [n for n in names if any(b in n for b in _DEPENDENCY_BINS)]
    # a package manager or a runtime installs and runs the dependencies: the image's, a manifest naming it or not
    bare = [n for n in names if "/" not in n and n.lower() not in TOOLCHAIN_COMMANDS]
    installed += [n for n in bare if repo is not None and n.lower() in repo.commands]
    if installed:
        why = f"{reason}: `{installed[0]}`, a command the project's dependencies install, not installed"
        return [pattern_signal(Category.DEPENDENCY, 0.9, why, "command-dependency")]
    config = pattern_signal(Category.CONFIG, 0.8, reason, "shell-exit")
    if not bare or repo is not None:
        return [config]
    why = f"{reason}: `{bare[0]}`, which the project's dependencies may install (the source not read)"
    return [config, pattern_signal(Category.DEPENDENCY, 0.8, why, COMMAND_UNPLACED_RULE)]


def _shell_exit(view: FailingView, code: int) -> list[Signal]:
    """A command the shell did not find (or could not run) is the CI's set-up, unless the log says a
    client could not reach its server: an install step that pipes a download into a shell or an archive
    tool (`curl -sSL URL | sh`) succeeds on an empty download, and the command it was to install is then
    not found. The network's failure then, not the configuration's: the set-up's evidence weighs less and
    does not vouch, and the unreached server is named (infra, which no failure pattern decides alone)."""
    reason = f"exit code {code}: {_SHELL_EXITS[code]}"
    words = unreachable(view.excerpt)
    if words is None:
        return _missing_command(view, reason)
    why = f" (but a server could not be reached before it: {words})"
    shell = pattern_signal(Category.CONFIG, UNFETCHED_COMMAND_WEIGHT, reason + why, "shell-exit")
    reached = f"a download could not reach its server ({words}); the command it was to install is not found"
    return [replace(shell, discounted=True), pattern_signal(Category.INFRA, 0.9, reached, "out-of-reach")]


def _shell_status(view: FailingView) -> int | None:
    """The failing step's status when it is a shell's (_SHELL_EXITS): its own, or a 127 make, Yarn or npm report
    under their own status; None otherwise, and for the dynamic loader's 127 (a program's shared library missing,
    not a missing command)."""
    code, excerpt = view.facts.exit_code, view.excerpt
    shell = code if code in _SHELL_EXITS or not status_127(excerpt) else 127
    if shell is None or shell not in _SHELL_EXITS:
        return None
    loader = shell == 127 and any(m.means is Category.INFRA for m in missing_in(excerpt))
    return None if loader else shell


def not_found(view: FailingView) -> list[str]:
    """The commands the shell said it did not find in the failing step whose status says so (127, its own or a
    wrapper's report of it): what failed the step, whatever check it was to run."""
    return missing_commands(view.excerpt) if _shell_status(view) == 127 else []


def exit_signals(view: FailingView) -> list[Signal]:
    """The exit status's meaning, and the failing steps' words of a stop, a run's limit or memory (their excerpt);
    a stop that ended a later step than the job's first failure is left out (_ended_later)."""
    signals: list[Signal] = []
    facts, excerpt = view.facts, view.excerpt
    code = facts.exit_code
    if (shell := _shell_status(view)) is not None:
        signals += _shell_exit(view, shell)
    stops: list[tuple[Signal, int | None]] = []
    # a status is reported once its step ended: after all the step printed (_after_finished_run)
    finished = _finished_run(facts, excerpt)
    if code is not None and code in _SIGNAL_EXITS and finished is None:
        signal = pattern_signal(Category.INFRA, 0.85, f"exit code {code}: {_SIGNAL_EXITS[code]}", "signal-exit")
        stops.append((signal, _code_line(view, code)))
    if finished is None and (limit := _timeout_status(view)) is not None:
        stops.append(limit)
    if (stop := _stopped(view)) is not None and not _after_finished_run(finished, stop[1]):
        stops.append(stop)
    at = partial(_line_at, view)
    stops += _run_signals(view) + _worker_lost(excerpt, at) + _go_test_ended(excerpt, at)
    return signals + _ended_later(view, stops) + _checkout_signals(view)


def _timeout_status(view: FailingView) -> tuple[Signal, int | None] | None:
    """GNU timeout's status 124 at its limit, with its log line: the failing command's own (`timeout 600 pytest`),
    or make's report of a recipe's (_RECIPE_124, below the recipe's `timeout` echoed); None otherwise."""
    facts, excerpt = view.facts, view.excerpt
    if facts.exit_code == _TIMEOUT_EXIT and _TIMEOUT_COMMAND.match(facts.failed_line or ""):
        reason = f"exit code {_TIMEOUT_EXIT}: `timeout` stopped the command at its time limit"
        return pattern_signal(Category.INFRA, 0.85, reason, "timeout-exit"), _code_line(view, _TIMEOUT_EXIT)
    m = _RECIPE_124.search(excerpt)
    if m is None or _TIMEOUT_ECHOED.search(excerpt, 0, m.start()) is None:
        return None
    reason = f"make's recipe exited {_TIMEOUT_EXIT}: `timeout` stopped its command at its time limit"
    return pattern_signal(Category.INFRA, 0.85, reason, "timeout-exit"), _line_at(view, m.start())


def _stopped(view: FailingView) -> tuple[Signal, int | None] | None:
    """The failing view's words of a stop, with the log line they lie on: a CI's time limit (_TIME_LIMIT: the limit
    named, whatever was running), else a program a signal from outside ended as the tool that ran it reports
    (meaning.signalled: the program named), else the first other words of a stop (_STOPPED); None without them."""
    excerpt = view.excerpt
    if (m := _TIME_LIMIT.search(excerpt)) is not None:
        reason = f"the CI stopped the job at its time limit, whatever was running then ({_line_of(excerpt, m)[:100]})"
        return pattern_signal(Category.INFRA, 0.9, reason, "job-timeout"), _line_at(view, m.start())
    if (said := signalled(excerpt)) is not None:
        line = " ".join(said.line.split())
        shown = line if len(line) <= 100 else f"{line[:50]} ... {line[-45:]}"  # Cargo's names the signal at its end
        reason = f"`{said.program}` was ended by {said.signal} from outside, as the tool that ran it says ({shown})"
        return pattern_signal(Category.INFRA, 0.9, reason, "stopped"), _line_at(view, said.start)
    if (m := _STOPPED.search(excerpt)) is None:
        return None
    reason = f"the job or its command was stopped from outside ({_line_of(excerpt, m)[:100]})"
    return pattern_signal(Category.INFRA, 0.9, reason, "stopped"), _line_at(view, m.start())


def _line_of(text: str, m: re.Match[str]) -> str:
    """The line a match lies on, its spaces folded."""
    start, end = text.rfind("\n", 0, m.start()) + 1, text.find("\n", m.end())
    return " ".join(text[start : end if end >= 0 else None].split())


def _finished_run(facts: Facts, excerpt: str) -> int | None:
    """The log line of the failing step's last test summary, when it counts failing tests (reports.counts_failing_tests'
    reading: `1 failed in 0.02s`, `Tests: 1 failed, 2 total`, `FAILED (failures=1)`), else None. A runner prints its
    summary once its run ended: every test it ran had its verdict, and its failures are the tests'. Not where the
    excerpt says a process was killed (_PROCESS_STOPS): Surefire counts the tests its fork finished above `Process
    Exit Code: 137`, the tests the kill cut left uncounted."""
    tests = [s for s in facts.summaries if s.category is Category.TEST]
    if not tests or not counts_failures(tests[-1]) or _PROCESS_STOPPED.search(excerpt) or signalled(excerpt):
        return None
    return tests[-1].log_line


def _after_finished_run(finished: int | None, line: int | None) -> bool:
    """Whether a stop's words (a CI's time limit, a kill, a cancel) lie below the summary of a test run that had
    finished (_finished_run): the stop ended what came after (a process that would not exit, a later command), not
    the run, whose failing tests stand. A stop above the summary, or in a run that printed none (cut mid-test), is
    what ended the run: it stays, and the rules abstain."""
    return finished is not None and line is not None and line > finished


def _ended_later(view: FailingView, stops: list[tuple[Signal, int | None]]) -> list[Signal]:
    """The category follows the job's first failure. A stop (a kill, a time limit, a cancellation, memory run out)
    whose words or exit status lie only in a step after the earliest failing step, when that step shows a failure of
    its own (failing tests, records that vote), ended a step the CI ran once the job had already failed (an `if:
    always()` step, a later Travis script command, the step running when a job that had failed was cancelled): it
    is left out, as gather leaves out what steps run after the failure show for another category (never a second
    failure, nor a rival), and the earlier failure decides as it would alone. A stop inside that very step (a test
    run killed after one test had failed) is what ended it: it stays, and the rules abstain."""
    end = _first_failure_end(view)
    return [s for s, line in stops if end is None or line is None or line <= end]


def _first_failure_end(view: FailingView) -> int | None:
    """The last log line (0-based) of the earliest step the CI reported failing, when that step shows a failure of its
    own (failing tests, or records that vote); None otherwise (the first failure is not known)."""
    failed = [s for s in view.facts.steps if s.step in view.failed and s.lines is not None]
    if not failed:
        return None
    first = min(failed, key=lambda s: s.lines.start if s.lines else 0)
    shown = any(t.step == first.step for t in view.failing_tests) or any(
        e.step == first.step and e.votes for e in view.errors
    )
    return first.lines.end if shown and first.lines else None


def _code_line(view: FailingView, code: int) -> int | None:
    """The first log line of the last failing step that reported this exit status (where the status lies)."""
    steps = [s for s in view.facts.steps if s.step in view.failed and s.exit_code == code and s.lines is not None]
    return max(s.lines.start for s in steps if s.lines) if steps else None


# What tells the log line the failing view's excerpt shows at an offset (_line_at, bound to its view).
LineAt = Callable[[int], int | None]


def _line_at(view: FailingView, offset: int) -> int | None:
    """The log line the failing view's excerpt shows at `offset` (FailingView.numbers), None for a block's header."""
    index = view.excerpt.count("\n", 0, offset)
    return view.numbers[index] if index < len(view.numbers) else None


def _words_line(view: FailingView, words: str) -> int | None:
    """The log line where the failing view's excerpt first shows `words` (a reader's quoted evidence)."""
    return _line_at(view, view.excerpt.find(words))


def _checkout_signals(view: FailingView) -> list[Signal]:
    """The CI's checkout that git refused (parsers/checkout: the commit, branch or pull request ref to build, or a
    submodule's commit, not on the remote): the job stopped before the project's commands ran, on the CI's own
    work; the infrastructure, which the rules name and never decide alone (a pattern no labelled log attests)."""
    said = next((e.message for e in view.errors if e.tool == CHECKOUT_TOOL and e.votes), None)
    if said is None:
        return []
    reason = f"the CI could not check out what it was to build ({said})"
    return [pattern_signal(Category.INFRA, 0.9, reason, "checkout")]


# pytest-xdist's word for a worker whose process ended under it (execnet's channel closed): `[gw0] node down: Not
# properly terminated` (behind the progress letters of the tests before it, `..[gw1] node down: ...`, without -v),
# then `worker 'gw0' crashed while running 'TEST'` as that test's failure. It says no cause.
_WORKER_DOWN = Regex(r"^[.sxXFE]*(\[gw\d+\] node down: Not properly terminated)$", re.MULTILINE)
# pytest's header under pytest-timeout's thread method, which ends a test's process at that test's own limit
_THREAD_METHOD = "\ntimeout method: thread\n"
# What a worker prints itself as it dies of its own fault: CPython's faulthandler (on in every pytest run) for a
# segfault or an abort in the code or a native module, pytest-timeout's thread-method banner for a test's own limit.
_WORKER_OWN_END = Regex(r"^Fatal Python error: |^" + timeout_banner() + "$", re.MULTILINE)


def _worker_lost(excerpt: str, at: LineAt) -> list[tuple[Signal, int | None]]:
    """A test worker gone with no word of its own: killed from outside (the OOM killer, a container's limit, a
    cancel's SIGKILL), which prints nothing, so the `crashed while running` test is only what it ran then; the
    run's memory or stop, which the rules name and never decide alone (the test stays a guess). A worker that
    printed its own end (a segfault's `Fatal Python error`, a test's time limit) crashed on the code: not read."""
    m = _WORKER_DOWN.search(excerpt)
    if m is None or _WORKER_OWN_END.search(excerpt):
        return []
    reason = f"a test worker's process ended with no word of its own, as a kill from outside leaves it ({m[1]})"
    if _THREAD_METHOD in excerpt:  # the worker's stderr, where the thread method's banner went, is not shown
        reason += "; or pytest-timeout's thread method, which this run uses, at a test's own time limit"
    return [(pattern_signal(Category.INFRA, 0.9, reason, "stopped"), at(m.start(1)))]


# `go test -v`'s report of a package whose test binary ended while a test ran, with no word of its own: the test's
# `=== RUN` line, then at once the package's `FAIL\tpkg\t0.006s` (Go 1.19: no `--- FAIL`, no `FAIL` line alone, no
# `signal: killed`, which only a run without -v prints). A kill from outside (the OOM killer, a container's limit)
# leaves this, and so does the code's silent `os.Exit(1)`; the code's own end says something first (`log.Fatal`'s
# line, a panic's trace), which this does not read.
_GO_TEST_ENDED = Regex(r"^=== RUN +(?P<test>\S+)\nFAIL\t\S+\t[\d.]+s$", re.MULTILINE)


def _go_test_ended(excerpt: str, at: LineAt) -> list[tuple[Signal, int | None]]:
    """A Go test binary that ended mid-test with no word of its own (_GO_TEST_ENDED): the run's memory or stop, or
    the code's silent exit, which the log cannot tell apart; named, never decided alone (the test stays a guess)."""
    m = _GO_TEST_ENDED.search(excerpt)
    if m is None:
        return []
    reason = f"a Go test binary ended while {m['test']} ran, with no word of its own, as a kill from outside leaves it"
    return [(pattern_signal(Category.INFRA, 0.9, reason, "stopped"), at(m.start()))]


def _run_signals(view: FailingView) -> list[tuple[Signal, int | None]]:
    """A test runner that stopped its whole run at its time limit (meaning.run_limit), a process that ran out of
    the memory it may use (meaning.out_of_memory: a heap limit, an allocation refused), or a run failed on tests
    that passed when rerun (meaning.flakes_fail): the run's time, memory or luck, not a test's own check (rules
    that count only once attested, like the other consequences here); each with the log line of its words."""
    signals = []
    excerpt = view.excerpt
    if words := run_limit(excerpt):
        reason = f"the test runner stopped its whole run at its time limit ({words})"
        signals.append((pattern_signal(Category.INFRA, 0.9, reason, "run-timeout"), _words_line(view, words)))
    if words := out_of_memory(excerpt):
        reason = f"a process ran out of the memory it may use ({words})"
        signals.append((pattern_signal(Category.INFRA, 0.9, reason, "out-of-memory"), _words_line(view, words)))
    if words := flakes_fail(excerpt, step_failed=bool(view.failed)):
        reason = f"the run failed on tests that passed when rerun: flaky ({words})"
        signals.append((pattern_signal(Category.INFRA, 0.9, reason, "flaky"), _words_line(view, words)))
    return signals
