"""The lines that say a job, a command or a tool failed: each CI runner's report (JOB_FAILURES, Travis' quoted
commands over several lines too), session runners' and tools' (`make: *** ... Error 2`, nox, tox), and which of
them is the job's failure (primary_failure)."""

from __future__ import annotations

import re

from remediate.facts.ci.model import FailurePoint, StepEnd
from remediate.facts.ci.scripts import MAX_BLOCK_LINES
from remediate.facts.lazyregex import Regex
from remediate.facts.parsers.teamcity import ERROR_STATUSES
from remediate.facts.view import View

# Travis says how every `script:` command exited, 0 too (it runs each whatever the ones before returned).
TRAVIS_EXIT = Regex(r'^The command "(?P<cmd>.*)" (?:exited with|failed and exited with) (?P<code>\d+)')
# Cloud Build's report of the step that failed the build (facts/ci/cloudbuild.py): a step's command exited non-zero,
# or the step stopped otherwise (its timeout: no code).
CLOUDBUILD_FAILED = Regex(
    r'^ERROR: build step (?P<no>\d{1,4}) "[^"]{0,500}" failed: (?:step exited with non-zero status: (?P<code>\d+)|.*)$'
)
# AWS CodeBuild's agent stamps each of its own lines (`[Container] 2024/05/01 10:00:00.123456 `, facts/ci/codebuild.py),
# and reports a buildspec command that failed behind it.
CODEBUILD_STAMP = r"\[Container\] \d{4}/\d\d/\d\d \d\d:\d\d:\d\d(?:\.\d{1,9})? "
CODEBUILD_FAILED = Regex(rf"^{CODEBUILD_STAMP}Command did not exit successfully (?P<cmd>.+) exit status (?P<code>\d+)$")
GHA_EXIT = Regex(r"^##\[error\]Process completed with exit code (?P<code>\d+)\.?$")
# GitHub's runner stopping a step (StepEnd.STOPPED): a cancel, the job's time limit, a shutdown, a lost runner, an
# action's own time limit
GHA_STOPPED = Regex(
    r"^##\[error\](?:The operation was canceled|The job .* exceeded the maximum execution time"
    r"|The runner has received a shutdown signal|The hosted runner .* lost communication"
    r"|The (?:action|background step)(?: .{1,200})? has timed out).*$"
)
# The other runners stopping the job at their limits (StepEnd.STOPPED, no code, no command: the command still running
# is the failing step's): travis-worker's when the job printed nothing for its limit (`No output has been received in
# the last 10m0s, this potentially indicates a stalled build or something wrong with the build itself.`), outlived its
# time or printed too much (`The job exceeded the maximum time limit for jobs, and has been terminated.`, `... maximum
# log length ...`), gitlab-runner's at the job's timeout (`ERROR: Job failed: execution took longer than 1h0m0s
# seconds`).
CI_STOPPED = Regex(
    r"^(?:No output has been received in the last \w+, this potentially indicates a stalled build"
    r"|The job exceeded the maximum (?:time limit for jobs|log length), and has been terminated"
    r"|ERROR: Job failed: execution took longer than )"
)
# Job-level failure lines: (pattern, ci). Group "code" is the exit code, "cmd" the command.
JOB_FAILURES: tuple[tuple[Regex, str], ...] = (
    (GHA_EXIT, "github-actions"),
    (GHA_STOPPED, "github-actions"),
    (TRAVIS_EXIT, "travis"),
    (CI_STOPPED, "travis, gitlab"),
    (Regex(r"^ERROR: Job failed: (?:command terminated with )?exit (?:code|status) (?P<code>\d+)"), "gitlab"),
    (Regex(r"^ERROR: Job failed: (?P<cmd>.+)$"), "gitlab"),
    (Regex(r"^ERROR: script returned exit code (?P<code>\d+)"), "jenkins"),
    # a freestyle job's build step names its kind (`Execute shell`), not the command it ran
    (Regex(r"^Build step '[^']+' marked build as failure"), "jenkins"),
    (Regex(r"^Finished: (?:FAILURE|ABORTED|UNSTABLE)$"), "jenkins"),
    # Azure's script tasks (CmdLine, Bash, PowerShell), then the task library's message for a tool it ran.
    (Regex(r"^##\[error\](?:Bash|Cmd\.exe|PowerShell|Script) exited with code '(?P<code>\d+)'\.?$"), "azure"),
    (Regex(r"^##\[error\]The process '(?P<cmd>[^']{1,500})' failed with exit code (?P<code>\d+)$"), "azure"),
    (Regex(r"^Exited with code (?:exit status )?(?P<code>\d+)$"), "circleci"),
    (Regex(r"^\U0001f6a8 Error: The command exited with status (?P<code>-?\d+)$"), "buildkite"),
    (CLOUDBUILD_FAILED, "cloudbuild"),
    (CODEBUILD_FAILED, "codebuild"),
    # TeamCity's build problem for a step whose process exited non-zero (facts/ci/teamcity.py; the bare `Process exited
    # with code 1` above it is the runner's word on the process, a tool-level line), and the one a script or a
    # reporter raises (`##teamcity[buildProblem description='...']`, jetbrains.com/help/teamcity/service-messages.html)
    (Regex(r"^Process exited with code (?P<code>-?\d+) \(Step: .{1,300}\)$"), "teamcity"),
    (Regex(r"^##teamcity\[buildProblem "), "teamcity"),
    # a script's or a tool's error message (`##teamcity[message text='...' status='ERROR' errorDetails='...']`):
    # TeamCity fails the build on it (status FAILURE alike); its attributes in any order, each value whole (`|'` kept)
    (
        Regex(rf"^##teamcity\[message(?:\s+\w{{1,40}}='(?:[^'|]|\|.)*')*?\s+status='(?:{'|'.join(ERROR_STATUSES)})'"),
        "teamcity",
    ),
)
# Travis quotes a multi-line command as it was written: `The command "docker run \` on one line,
# its other lines, then `" exited with 1.` (a command ending in a newline closes on a line alone).
_TRAVIS_OPEN = Regex(r'^The command "(?P<cmd>.*)$')
_TRAVIS_CLOSE = Regex(r'^(?P<cmd>.*)" (?:exited with|failed and exited with) (?P<code>\d+)\.?$')
_JOB_STARTS = (
    "##[error]",
    "The command",
    "No output has",
    "The job exceeded",
    "ERROR: ",
    "Build step",
    "Finished: ",
    "Exited with code",
    "\U0001f6a8 Err",
    "[Container] ",
    "Process exited",
    "##teamcity[",
)
# Session runners name the command that failed: nox, tox 4 (`ENV: exit N (T seconds) DIR> CMD pid=P`), tox 3.
# Also what a wrapper ran (facts/wrappers.py), where a code of 0 (tox 4 reports passing commands alike) is none.
SESSION_FAILURES: tuple[Regex, ...] = (
    Regex(r"^nox > Command (?P<cmd>.+) failed with exit code (?P<code>\d+)$"),
    Regex(r"^[\w.-]+: exit (?P<code>\d+) \([\d.]+ seconds\) \S*> (?P<cmd>.+?) pid=\d+$"),
    Regex(r"^ERROR: InvocationError for command (?P<cmd>.+) \(exited with code (?P<code>\d+)\)$"),
)
_TOOL_FAILURES: tuple[Regex, ...] = (
    Regex(r"^(?:g?make(?:\[\d+\])?): \*\*\* \[(?P<target>[^\]]+)\] Error (?P<code>\d+)"),
    Regex(r"^(?:error|ERROR):? Command failed with exit code (?P<code>\d+)"),
    Regex(r"^npm (?:ERR!|error) (?:code ELIFECYCLE|errno (?P<code>\d+))"),
    Regex(r"^(?:Error|ERROR): Process completed with exit code (?P<code>\d+)"),
    Regex(r"^error: Recipe `(?P<target>[^`]+)` failed (?:on line \d+ )?with exit code (?P<code>\d+)"),
    Regex(r"returned non-zero exit status (?P<code>\d+)"),
    Regex(r"^Process (?:exited|finished) with (?:exit )?code:? (?P<code>[1-9]\d*)"),
    Regex(r"^exit status (?P<code>[1-9]\d*)$"),
    Regex(r"^Done\. Your build exited with (?P<code>[1-9]\d*)\.$"),
    Regex(r"^ERROR: \"(?P<cmd>[^\"]+)\" exited with (?P<code>\d+)\.$"),
    *SESSION_FAILURES,
)


def failure_points(view: View) -> list[FailurePoint]:
    """Every line that says a job, a command or a tool failed (with a non-zero code), in line order."""
    failures: list[FailurePoint] = []
    for line in view.lines:
        text = line.text
        if not text:
            continue
        job = match_any(text, JOB_FAILURES)
        if job is None and text.startswith('The command "'):
            quoted = travis_quoted(view, line.no)
            if quoted is not None and quoted[1] != 0:
                failures.append(FailurePoint(line.no, quoted[1], quoted[0], job_level=True, end=StepEnd.EXITED))
            continue
        if job is not None:
            code = int_or_none(job.groupdict().get("code"))
            if code != 0:
                failures.append(FailurePoint(line.no, code, job.groupdict().get("cmd"), True, _job_end(code, text)))
            continue
        if text[0] in "gmneEPDr" or "returned non-zero" in text or ": exit " in text:
            point = _tool_failure(line.no, text)
            if point is not None:
                failures.append(point)
    return failures


def _tool_failure(no: int, text: str) -> FailurePoint | None:
    """The first tool-failure pattern the line matches, as a failure point (None: no match, or code 0)."""
    for pattern in _TOOL_FAILURES:
        m = pattern.search(text)
        if m:
            code = int_or_none(m.groupdict().get("code"))
            if code == 0:
                return None
            cmd, target = m.groupdict().get("cmd"), m.groupdict().get("target")
            end = StepEnd.EXITED if code is not None else StepEnd.REPORTED
            return FailurePoint(no, code, cmd or target, job_level=False, end=end, names_command=bool(cmd))
    return None


def _job_end(code: int | None, text: str) -> StepEnd:
    """How the step a CI's failure line reports ended: with its code, stopped by its runner, or a report that names
    no code."""
    if code is not None:
        return StepEnd.EXITED
    return StepEnd.STOPPED if GHA_STOPPED.match(text) or CI_STOPPED.match(text) else StepEnd.REPORTED


def match_any(text: str, rules: tuple[tuple[Regex, str], ...]) -> re.Match[str] | None:
    if not text.startswith(_JOB_STARTS):
        return None
    for pattern, _ci in rules:
        m = pattern.match(text)
        if m:
            return m
    return None


def travis_quoted(view: View, no: int) -> tuple[str, int] | None:
    """A multi-line command Travis quotes from line `no` (`The command "...` without its closing
    quote): the command and its exit code (0 too), when its `" exited with N.` closes it within
    MAX_BLOCK_LINES consecutive lines, before another quote opens. Stopping at the next opening reads
    each line for one opening at most: linear in the view."""
    opening = _TRAVIS_OPEN.match(view.text(no))
    if opening is None:
        return None
    parts = [opening.group("cmd")]
    for line in view.after(no, MAX_BLOCK_LINES):
        if line.text.startswith('The command "'):
            return None
        closing = _TRAVIS_CLOSE.match(line.text)
        if closing is None:
            parts.append(line.text)
            continue
        parts.append(closing.group("cmd"))
        return "\n".join(parts).strip(), int(closing.group("code"))
    return None


def int_or_none(value: str | None) -> int | None:
    return int(value) if value is not None and value.isdigit() else None


def primary_failure(failures: list[FailurePoint]) -> FailurePoint | None:
    """The first job-level failure (later ones are usually consequences or cleanup), else the last
    tool-level one (the final verdict printed before the job ended)."""
    for f in failures:
        if f.job_level and f.end is StepEnd.EXITED:
            return f
    for f in failures:
        if f.job_level:
            return f
    return failures[-1] if failures else None
