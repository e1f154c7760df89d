"""How a run ended beyond the code it ran: the machine's disk or memory (exhausted), a kill from outside
(killed; signalled, in the words of the tool that ran the program), a process's memory limit (out_of_memory), a
runner's limit for its whole run (run_limit) or for one test (per_test_limit), a run failed on flaky tests alone
(flakes_fail), an image build's RUN command (run_failed).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import NamedTuple

from remediate.facts.lazyregex import Regex
from remediate.facts.meaning.network import matched_words

# A machine that ran out of room for what a job wrote or started, in the C library's words (`[Errno 28] No
# space left on device`, npm's `no space left on device`, `Cannot allocate memory`), Node's codes (ENOSPC,
# ENOMEM), the disk quota's, and GCC's when its compiler ran out (`cc1: out of memory allocating N bytes`,
# older `virtual memory exhausted`): the runner's disk or memory, not the code that was writing, starting or
# being compiled. Not `MemoryError` nor a heap limit (`JavaScript heap out of memory`, `OutOfMemoryError`):
# a program's own allocations reach those first.
_EXHAUSTED = Regex(
    r"[Nn]o space left on device|\bENOSPC\b|Disk quota exceeded|Cannot allocate memory|\bENOMEM\b|"
    r"\bout of memory allocating \d+ bytes|virtual memory exhausted"
)


def exhausted(text: str) -> str | None:
    """The words saying the machine ran out of disk or memory, if `text` holds them."""
    return matched_words(_EXHAUSTED, text)


# A test's process that a signal from outside ended, in the words of the runner that started it: Jest's worker (`A
# jest worker process (pid=N) was terminated by another process: signal=SIGKILL`): the kernel's OOM killer, a
# container's memory limit, a job's time limit. A signal the process raised itself (SIGSEGV, SIGABRT: a crash in
# the code or a native module) is not read here, nor a worker whose end names no signal (pytest-xdist's `node
# down: Not properly terminated` follows a segfault as well as a kill).
_KILLED = Regex(r"\bterminated by another process: signal=SIG(?:KILL|TERM)\b")


def killed(text: str) -> str | None:
    """The words saying a test's process was ended by a signal from outside, if `text` holds them."""
    return matched_words(_KILLED, text)


# A program a signal from outside ended (SIGKILL: the kernel's OOM killer, a container's memory limit, a CPU limit,
# `kill -9`; SIGTERM: a time limit, a cancel), in the words of the tool that ran it, each naming the program: GCC's
# driver of its pass (GCC 12: `gcc: fatal error: Killed signal terminated program cc1`, `g++: fatal error: Terminated
# signal terminated program cc1plus`, `x86_64-linux-gnu-gcc: ... program as` under GHC; older releases' `g++:
# internal compiler error: Killed (program cc1plus)`), collect2 of its linker (`collect2: fatal error: ld terminated
# with signal 9 [Killed]`), Cargo of rustc, a build script or a test binary (`process didn't exit successfully:
# `/.../rustc --crate-name heavy ...` (signal: 9, SIGKILL: kill)`), GHC of the C compiler, assembler or linker it runs
# (`` `x86_64-linux-gnu-gcc' failed in phase `Assembler'. (Exit code: -9) ``: a negative code is the signal), and
# cabal-install of a package's build (`cabal: Failed to build cartcalc-0.1.0.0 (which is required by exe:cartcalc
# from cartcalc-0.1.0.0). The build process was killed (i.e. SIGKILL). The typical reason ...`, wrapped at 80 columns
# wherever its words fall: the package named, not the program, GHC or its C compiler). Not a signal the program
# raised itself (SIGSEGV, SIGABRT: CRASH_SIGNALS, the program's own fault; cabal's `segfaulted (i.e. SIGSEGV)`).
_SIGNALLED = (
    Regex(
        r"^\S+: (?:fatal|internal compiler) error: (?P<signal>Killed|Terminated) signal terminated program "
        r"(?P<program>\S+)$"
        r"|^\S+: internal compiler error: (?P<signal2>Killed|Terminated) \(program (?P<program2>\S+)\)$",
        re.MULTILINE,
        needles="terminated program|(program ",
    ),
    Regex(
        r"^collect2: fatal error: (?P<program>\S+) terminated with signal (?P<signal>9|15) \[(?:Killed|Terminated)\]$",
        re.MULTILINE,
        needles="terminated with signal",
    ),
    Regex(
        r"process didn't exit successfully: `(?P<program>[^`\s]+)(?: [^`\n]*)?` "
        r"\(signal: (?P<signal>9|15), SIG(?:KILL|TERM)\b",
        needles="(signal: ",
    ),
    Regex(
        r"^`(?P<program>[^'\s]+)' failed in phase `[^'\n]+'\. \(Exit code: -(?P<signal>9|15)\)$",
        re.MULTILINE,
        needles="(Exit code: -",
    ),
    Regex(
        r"^cabal(?:\.exe)?: Failed to build (?P<program>[\w.-]+)[\s\S]{0,600}?\bThe\s+build\s+process\s+was\s+killed\s+"
        r"\(i\.e\.\s+SIG(?P<signal>KILL)\)",
        re.MULTILINE,
        needles="Failed to build",
    ),
)
# The programs Cargo runs to build (the compiler, a package's build script); any other it runs is a test binary.
_CARGO_BUILDS = ("rustc", "build-script-build", "build_script_build")


class Signalled(NamedTuple):
    """A program a signal from outside ended, as the tool that ran it reports: the program's name, the signal
    (SIGKILL or SIGTERM), the report's line and where it starts in the text read."""

    program: str
    signal: str
    line: str
    start: int

    @property
    def building(self) -> bool:
        """Whether the program was a build's (a compiler's pass, an assembler, a linker, a build script): every
        report but Cargo's of a test binary."""
        return "signal: " not in self.line or self.program.startswith(_CARGO_BUILDS)


def signalled(text: str) -> Signalled | None:
    """The first report in `text` of a program a signal from outside ended (_SIGNALLED), if any."""
    found = [m for pattern in _SIGNALLED if (m := pattern.search(text))]
    if not found:
        return None
    m = min(found, key=lambda m: m.start())
    groups = {k: v for k, v in m.groupdict().items() if v}
    program = PurePosixPath(groups.get("program") or groups["program2"]).name
    kill = (groups.get("signal") or groups["signal2"]) in ("Killed", "9", "KILL")
    start = text.rfind("\n", 0, m.start()) + 1
    end = text.find("\n", m.end())
    return Signalled(program, "SIGKILL" if kill else "SIGTERM", text[start : end if end >= 0 else None], start)


# A test's process that died of a signal its own code raised (a crash in the code or a native module it loads: a bad
# pointer, an abort, a bus error, a division by zero, an illegal instruction), by the names its watcher prints: POSIX's
# (Cargo's test binary: `process didn't exit successfully: `...` (signal: 11, SIGSEGV: invalid memory reference)`,
# parsers/rust) and strsignal's (CPython's faulthandler: `Fatal Python error: Segmentation fault`, parsers/pytest).
# The test that ran is the one that failed: a test's failure, not the machine's (a kill from outside is `killed`'s).
CRASH_SIGNALS = ("SIGSEGV", "SIGABRT", "SIGBUS", "SIGFPE", "SIGILL")
CRASH_WORDS = ("Segmentation fault", "Aborted", "Bus error", "Floating point exception", "Illegal instruction")


# A process that ran out of the memory it may use, in its runtime's own words as it ends: Node's V8 (`FATAL ERROR:
# Reached heap limit Allocation failed - JavaScript heap out of memory`, every version's wording ends so) and for a
# worker thread's own heap (`Error: Worker terminated due to reaching memory limit: JS heap out of memory`, its code
# ERR_WORKER_OUT_OF_MEMORY: Vitest's threads pool, Vitest 1's default, reports it as an unhandled error), jest-worker's
# (29) for a worker it saw end at its heap (`Jest worker ran out of memory and crashed` as the suite's `Test suite
# failed to run`: a worker thread's, `--workerThreads`, prints no V8 report of its own), the
# JVM's `java.lang.OutOfMemoryError` (javac's `The system is out of resources.` above it), Gradle's daemon
# (`Expiring Daemon because JVM heap space is exhausted`) and its cause line under `What went wrong:` when a task's
# code met the daemon's heap (`> Java heap space`, `> GC overhead limit exceeded`: the error's message alone), and
# Surefire 3's when its forked JVM met its heap (`There was an error in the forked process` over the same message
# alone, each line behind Maven's `[ERROR] `: no test's report, the fork's tests after it never ran),
# Python's `MemoryError` as a traceback's or pytest's last line (`E       MemoryError`), Go's runtime (`fatal
# error: out of memory`, `fatal error: runtime: out of memory` when the OS refuses it more, `fatal error: out of
# memory allocating heap arena metadata` when a data limit refuses the heap's own bookkeeping), C++'s uncaught
# std::bad_alloc (libstdc++: `terminate called after throwing an instance of 'std::bad_alloc'`, `  what():
# std::bad_alloc`), Rust's allocation failure (`memory allocation of N bytes failed`) and GHC's runtime, a compiler's
# or a program's (`ghc: internal error: Unable to commit 1048576 bytes of memory` when the OS refuses it more,
# `prog: Heap exhausted;` at its `+RTS -M` limit). The heap's limit, the
# container's or the code's own appetite (a leak, an endless loop): which of them the log cannot tell, so these
# name the run's resources and decide nothing (not meaning.exhausted, whose machine-wide words discount the tool
# that failed on them). A test that expects the error names it elsewhere on its line (`pytest.raises(MemoryError)`,
# `EXPECT_THROW(..., std::bad_alloc)`).
_OUT_OF_MEMORY = Regex(
    r"\bJavaScript heap out of memory\b|\bjava\.lang\.OutOfMemoryError\b|"
    r"\bWorker terminated due to reaching memory limit: JS heap out of memory\b|"
    r"\bJest worker ran out of memory and crashed\b|"
    r"\bExpiring Daemon because JVM heap space is exhausted\b|^> (?:Java heap space|GC overhead limit exceeded)$|"
    r"(?:(?<=There was an error in the forked process\n)|(?<=There was an error in the forked process\n\[ERROR\] ))"
    r"(?:Java heap space|GC overhead limit exceeded)$|"
    r"^(?:E +)?MemoryError(?:: |$)|"
    r"^fatal error: (?:runtime: )?out of memory(?: allocating \w[\w ]{0,40})?$|"
    r"\binstance of 'std::bad_alloc'|\bwhat\(\): +std::bad_alloc$|"
    r"^memory allocation of \d+ bytes failed$|"
    r"^[\w.-]{1,80}: (?:internal error: Unable to commit \d+ bytes of memory|Heap exhausted;)$",
    re.MULTILINE,
)


def out_of_memory(text: str) -> str | None:
    """The words saying a process ran out of the memory it may use (a heap limit, an allocation refused), if
    `text` holds them."""
    return matched_words(_OUT_OF_MEMORY, text)


# A test runner's own limit for its whole run, reached: Go's test binary's alarm (`go test -timeout`, 10 minutes by
# default: `panic: test timed out after 10m0s`), pytest-timeout's `--session-timeout` (`!!! session-timeout: 2.0 sec
# exceeded !!!`), Surefire's `forkedProcessTimeoutInSeconds` (`There was a timeout in the fork`), and Karma's limits on
# the browser that runs the tests (browserNoActivityTimeout: Karma 1's `Disconnected, because no message in 30000
# ms.`, Karma 6's `Disconnected (0 times) , because no message in 3000 ms.`; captureTimeout: `ChromeHeadless has not
# captured in 2000 ms, killing.`, `have not` before Karma 4). What ran too long may be the code (a deadlock, an
# endless loop) or the runner (a slow machine, a browser that did not start); the run as a whole was stopped, no
# test's own check failed. A test's own limit (pytest-timeout's per-test `Failed: Timeout >1.0s`, Jest's `Exceeded
# timeout of 5000 ms for a test`, Mocha's `Timeout of 2000ms exceeded`) is PER_TEST_LIMIT's, read in that test's report.
RUN_LIMIT = Regex(
    r"^panic: test timed out after \w+|\bsession-timeout: [\d.]+ sec exceeded\b|There was a timeout in the fork\b|"
    r"\bDisconnected(?: \(\d+ times\))? ?, because no message in \d+ ms\b|"
    r"\bha(?:s|ve) not captured in \d+ ms, killing\b",
    re.MULTILINE,
)


def run_limit(text: str) -> str | None:
    """The words saying a test runner stopped its whole run at its time limit, if `text` holds them."""
    return matched_words(RUN_LIMIT, text)


# A test that ended at its own time limit, in its runner's words for that test: Jest's (27+: `Exceeded timeout of 5000
# ms for a test.`, `... for a hook.`), Mocha's `Timeout of 2000ms exceeded.`, pytest-timeout's (`Failed: Timeout
# (>1.0s) from pytest-timeout.`, 1.x's `Failed: Timeout >1.0s`), node:test's and ExUnit's `test timed out after
# 1000ms` (`** (ExUnit.TimeoutError) test timed out after 60000ms`), JUnit 4's `TestTimedOutException: test timed out
# after 100 milliseconds`, JUnit 5's @Timeout (`TimeoutException: waitsForStock() timed out after 1 second`),
# Playwright's `Test timeout of 30000ms exceeded.`, Vitest's `Test timed out in 5000ms.` / `Hook timed out in`,
# Jasmine's (Karma's) `Timeout - Async function did not complete within 5000ms`, the older words of Jest's jasmine2
# runner (Jest 22 to 26: `Timeout - Async callback was not invoked within the 5000 ms timeout specified by
# jest.setTimeout.`, 24's `the 5000ms timeout`) and of Jasmine 2 (`... within timeout specified by
# jasmine.DEFAULT_TIMEOUT_INTERVAL.`, no number: Jest 21 and before too), and CTest's `***Timeout` (its
# parser's message `Timeout`; its rows as a log shows them where no parser read them: `2/2 Test #2: stock_test
# ....***Timeout   2.02 sec` and, under `The following tests FAILED:`, `2 - stock_test (Timeout)`). What ran too
# long may be the code (a deadlock, a promise never settled) or the machine
# (a slow runner, a service that answers late): the test's own check did not fail. Not an assertion that retried
# until its own timeout (Playwright's `Timed out 5000ms waiting for expect(locator)...`), nor a helper's own wait
# (Vim's `WaitFor() timed out after 5000 msec`): the test waited for a condition, WAIT_LIMIT's.
PER_TEST_LIMIT = Regex(
    r"\bExceeded timeout of \d+ ms for a (?:test|hook)\b|\bTimeout of \d+ms exceeded\b|"
    r"\bFailed: Timeout (?:\(>|>)[\d.]+s\b|\btest timed out after \d+ ?m?s\b|"
    r"\bTestTimedOutException: test timed out after \d+ \w+|\bTimeoutException: \w+\(\) timed out after \d+ \w+|"
    r"\bTest timeout of \d+ms exceeded\b|\b(?:Test|Hook) timed out in \d+ms\b|"
    r"\bTimeout - Async (?:function did not complete|callback was not invoked) within (?:\d+ ?ms\b|the \d+ ?ms "
    r"timeout specified by jest\.setTimeout|timeout specified by jasmine\.DEFAULT_TIMEOUT_INTERVAL)|"
    r"^(?:\*{3})?Timeout$|"
    r"\*{3}Timeout {1,12}[\d.]{1,12} sec$|^\s{1,12}\d{1,6} - \S{1,300} \(Timeout\)$",
    re.MULTILINE,
)


# pytest-timeout's banner (`+++++ Timeout +++++`, pytest's write_sep at the terminal's width) over every thread's stack
# when a test reached its own limit: the thread method (`--timeout-method=thread`) prints it and ends the whole process,
# on -v's line of that test (`tests/x.py::test_y +++++ Timeout +++++`) or after its progress dots; the signal method
# prints it only when other threads run, above the test's `Failed: Timeout`. A test's own limit, as PER_TEST_LIMIT.
# `word`: a pattern for the word itself (a reader's group around it).
def timeout_banner(word: str = "Timeout") -> str:
    """The pattern of pytest-timeout's banner (above), unanchored."""
    return r"\+{5,300} " + word + r" \+{5,300}"


def per_test_limit(text: str) -> str | None:
    """The words saying a test ended at its own time limit (PER_TEST_LIMIT), if `text` holds them."""
    return matched_words(PER_TEST_LIMIT, text)


# A test's own wait for a condition, given up at that wait's own time limit: an async assertion that polls until its
# timeout, in its library's words. Gomega's `Eventually(...).Should(...)` (`Timed out after 1.001s.` over the
# matcher's last failure, Ginkgo 2's `[FAILED] Timed out after 1.001s.`; not Consistently's `Failed after`, a
# condition that changed), @testing-library/dom's `waitFor` (`Timed out in waitFor.`, or the callback's last error
# under a frame of its wait-for.js: `findBy*`'s `Unable to find an element`, an `expect` that never held), and
# Awaitility's `ConditionTimeoutException` (`Condition with lambda expression in X was not fulfilled within 10
# seconds.`, its untilAsserted's `... expected:<2> but was:<1> within 1 seconds.`). So is an assertion that retries
# until its own timeout: Playwright Test's web-first assertions (before 1.53: `Timed out 5000ms waiting for
# expect(locator).toBeVisible()`; after: `expect(locator).toHaveText(expected) failed` over `Timeout: 5000ms`, which
# its parser's message carries: `... failed (Timeout: 5000ms)`) and its `expect.poll` and `toPass` (`Timeout 5000ms
# exceeded while waiting on the predicate`), Cypress's retried commands and assertions (`Timed out retrying after
# 4000ms: Expected to find element: ...`), Vim's test helpers (shared.vim's `WaitFor() timed out after 5000 msec`, and
# WaitForAssert's assertion whose call stack names it: `..WaitForAssert[2]..<SNR>5_WaitForCommon[11]..<lambda>1 line
# 1: Expected 'dead' but got 'run'`). So is a browser automation's action that waits for its element, page or
# condition until its own timeout: Playwright's (`locator.click: Timeout 3000ms exceeded.`, `page.goto: ...`,
# `page.waitForSelector: ...`, each over its `Call log:`), Puppeteer's (22 and later: `Waiting for selector `#receipt`
# failed` over its cause `Waiting failed: 3000ms exceeded`, before that one line with both, lowercase before 14; its
# locators' `Timed out after waiting 3000ms`, goto's `Navigation timeout of 3000 ms exceeded`) and Selenium's
# WebDriverWait (`selenium.common.exceptions.TimeoutException`, Java's `org.openqa.selenium.TimeoutException`, raised
# by a page load's timeout too). An assertion that failed at once (`expect(received).toBe(expected)` alone, Vim's
# assert_equal in the test's own function) is the test's own check. What never came may be the code's (a message
# never sent) or the machine's (a slow runner, a service answering late), as at a test's own limit
# (PER_TEST_LIMIT): the matcher's words in the report are the wait's last try, not an assertion that failed at once.
WAIT_LIMIT = Regex(
    r"^\s{0,12}(?:\[FAILED\] )?Timed out after \d+\.\d{3}s\.$|\bTimed out in waitFor\.|"
    r"[/\\]@testing-library[/\\]dom[/\\]dist[/\\]wait-for\.js:\d+|\bConditionTimeoutException\b|"
    r"\bTimed out \d+ms waiting for expect\(\w+\)(?:\.\w+){1,3}\([^()\n]{0,100}\)|"
    r"\bexpect\(\w+\)(?:\.\w+){1,3}\([^()\n]{0,100}\) failed \(Timeout: \d+ms\)|"
    r"\bTimeout \d+ms exceeded while waiting on the predicate\b|\bTimed out retrying after \d+ms\b|"
    r"\bWaitFor\(\) timed out after \d+ msec\b|(?:^|(?<=\.\.))WaitForAssert\[\d+\](?=\.\.)|"
    r"\b[a-z]\w{0,30}\.\w{1,40}: Timeout \d+ms exceeded\.|\b[Ww]aiting for selector `[^`\n]{1,300}` failed\b|"
    r"\bWaiting failed: \d+ms exceeded\b|\bTimed out after waiting \d+ms\b|\bNavigation timeout of \d+ ms exceeded\b|"
    r"\b(?:selenium\.common\.exceptions|org\.openqa\.selenium)\.TimeoutException\b",
    re.MULTILINE,
)


def wait_limit(text: str) -> str | None:
    """The words saying a test's own wait for a condition gave up at its time limit (WAIT_LIMIT), if `text` holds
    them (without the indent Gomega's line may carry)."""
    words = matched_words(WAIT_LIMIT, text)
    return words.strip() if words else None


# An assertion that retried until its own timeout says so below its first line: Playwright's web-first assertion
# (1.53 and later) on a line of its own under its header (`expect(locator).toHaveText(expected) failed` over its
# `Locator:`, `Expected:`, `Received:` and `Timeout:  5000ms` lines), and `expect.poll`'s and `toPass`'s call log
# (`- Timeout 5000ms exceeded while waiting on the predicate`, WAIT_LIMIT's words on their own). Its parser joins the
# first to its message (parsers/jsrunners: `... failed (Timeout: 5000ms)`); where no parser read the report,
# joined_waits does, so the two lines read as the one wait they are, whichever reads them.
ASSERTION_TIMED_OUT = Regex(r"^\s*(?:- )?(Timeout: +\d+ms|Timeout \d+ms exceeded while waiting on the predicate)$")
_ASSERTION_HEADER = Regex(r"\bexpect\(\w+\)(?:\.\w+){1,3}\([^()\n]{0,100}\) failed$")
# How far below its header a web-first assertion's report states its timeout: its locator's, expected and received
# values' lines (a received list may take a few more), before its call log.
ASSERTION_DETAIL = 12


def joined_waits(lines: Sequence[str]) -> list[str]:
    """The lines, each web-first assertion's header (_ASSERTION_HEADER) followed by the timeout its report states
    below it (ASSERTION_TIMED_OUT, within ASSERTION_DETAIL lines, before another header) as its parser's message
    reads (`expect(locator).toBeVisible() failed (Timeout: 5000ms)`: WAIT_LIMIT's words)."""
    joined = list(lines)
    for i, line in enumerate(lines):
        if _ASSERTION_HEADER.search(line.rstrip()) is None:
            continue
        for below in lines[i + 1 : i + 1 + ASSERTION_DETAIL]:
            if _ASSERTION_HEADER.search(below.rstrip()) is not None:
                break
            if (m := ASSERTION_TIMED_OUT.match(below)) is not None and m[1].startswith("Timeout:"):
                joined[i] = f"{line.rstrip()} ({' '.join(m[1].split())})"
                break
    return joined


# A test runner's verdict that its run failed on flaky tests alone: tests that failed and then passed when rerun,
# which the project counts as failures (Surefire's `failOnFlakeCount`: `There is 1 flake and failOnFlakeCount is
# set to 1.`). No test fails when run again: what failed is the run's luck (timing, a service, the machine).
FLAKES_FAIL = Regex(r"\bThere (?:is|are) \d+ flakes? and failOnFlakeCount is set to \d+")


# pytest-rerunfailures' `--fail-on-flaky` exits 7 under the passing run's own summary, which counts its reruns and
# nothing failed (`3 passed, 1 rerun in 0.04s`: pytest's order puts `failed` and `errors` before `rerun`). The same
# words close a run that passed: they say the run failed on its flakes only in a step known to have failed.
RERUN_PASSED = Regex(
    r"(?<== )(?:\d+ (?:passed|skipped|deselected|xfailed|xpassed|warnings?), )*\d+ rerun in \d[\d.]*s\b"
)


def flakes_fail(text: str, *, step_failed: bool = False) -> str | None:
    """The words saying a run failed on tests that passed when rerun, if `text` holds them; with `step_failed` (the
    text is a step's the CI says failed), a passing run's summary counting its reruns too (RERUN_PASSED)."""
    return matched_words(FLAKES_FAIL, text) or (matched_words(RERUN_PASSED, text) if step_failed else None)


# An image build whose RUN instruction's command exited non-zero, in each builder's words: BuildKit's
# `process "/bin/sh -c CMD" did not complete successfully: exit code: N` (BuildKit before 0.11:
# `executor failed running [/bin/sh -c CMD]`), the legacy builder's `The command '/bin/sh -c CMD' returned
# a non-zero code: N`, buildah's and podman's `building at STEP "RUN CMD": exit status N` (podman 4:
# `...: while running runtime: exit status N`), kaniko's `failed to execute command: waiting for process
# to exit: exit status N`. The Dockerfile only ran the command: what failed is what it ran (its tests,
# its build, its dependency install), said in the lines above.
_RUN_FAILED = Regex(
    r"process \"[^\"]{0,500}\" did not complete successfully: exit code: \d+|executor failed running \[|"
    r"The command '[^']{0,500}' returned a non-zero code: \d+|"
    r"building at STEP \"RUN [^\"]{0,500}\": (?:exit status \d+|while running runtime)|"
    r"failed to execute command: waiting for process to exit: exit status \d+"
)


def run_failed(text: str) -> str | None:
    """The words saying an image build's RUN command failed (not the Dockerfile itself), if `text` holds them."""
    return matched_words(_RUN_FAILED, text)
