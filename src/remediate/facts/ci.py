"""CI structure: which CI wrote the log, where steps/commands start, and where the job failed.

Recognised: GitHub Actions (`##[group]Run ...`, `##[error]Process completed with exit code N`, the
`job<TAB>step<TAB>` prefix of `gh run view --log`), GitLab (`$ cmd`, `ERROR: Job failed: exit code
N`), Jenkins (`+ cmd`, `ERROR: script returned exit code N`, `Finished: FAILURE`), Travis (`$ cmd`,
`The command "X" exited with N.`), Azure Pipelines (`##[section]Starting: STEP`, the inline script
after `Script contents:`, `##[error]Bash exited with code 'N'.`), CircleCI (a `run` step's output
starts with its shell's `#!/bin/bash -eo pipefail` and the command, and ends `Exited with code exit
status N`) and Buildkite (`~~~ Running commands`, `$ cmd`, `🚨 Error: The command exited with status
N`). Anything else falls back to tool-level failure lines (`make: *** ... Error 2`, `error Command
failed with exit code 1.`...).
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Set
from dataclasses import dataclass, field

from remediate.facts.lazyregex import Regex
from remediate.facts.reader import gh_step_prefix
from remediate.facts.scan import ScanResult
from remediate.facts.view import View, branch_label, failed_branches
from remediate.models import CiStep, LineRange


@dataclass(frozen=True)
class FailurePoint:
    line: int
    exit_code: int | None
    command: str | None
    job_level: bool  # reported by the CI runner (a step/command failed), not by a tool
    names_command: bool = True  # `command` is a command line (make and just name a target instead)


@dataclass(frozen=True)
class AzureTask:
    """What the statuses read of an Azure Pipelines task (_azure_tasks)."""

    post: bool  # a post-job task (_AZURE_POST)
    errors: tuple[str, ...]  # its `##[error]` lines
    finished: bool  # it reached its `##[section]Finishing:` line


@dataclass
class Structure:
    ci: str = "unknown"
    steps: list[tuple[int, str]] = field(default_factory=list)  # (line, title): step/command starts
    failures: list[FailurePoint] = field(default_factory=list)
    primary: FailurePoint | None = None
    failing_step: str | None = None
    failing_command: str | None = None  # the failing step's whole command block (multi-line script)
    failed_line: str | None = None  # the command in the block that failed, when the log shows it
    shell: str | None = None  # the shell the CI ran the block with (GitHub Actions' `shell:` line)
    exit_code: int | None = None
    region: tuple[int, int] | None = None  # lines of the failing step/command's output
    regions: list[tuple[int, int]] = field(default_factory=list)  # every failing step's output
    setup_ranges: list[tuple[int, int]] = field(default_factory=list)  # step scripts/env echoed by the CI
    job_name: str | None = None
    statuses: list[CiStep] = field(default_factory=list)  # the steps' exit statuses the CI reported (Facts.steps)
    post_start: int | None = None  # where the steps run whatever the job's returned begin (GitHub's post steps)
    after_steps: set[int] = field(default_factory=set)  # the start lines of steps run whatever the script returned
    # Travis' after stages (stage, first line, the line closing it): `after_failure` runs only because the script failed
    # (the job's own reaction: a test report or log `cat`ed), `after_script` whatever it returned (coverage
    # uploads, deploy hooks). See _after_folds.
    after_stages: list[tuple[str, int, int]] = field(default_factory=list)
    stages: dict[int, str] = field(default_factory=dict)  # line -> the GitLab stage (section) it is in
    phases: list[str] = field(default_factory=list)  # each step's Buildkite phase, by index (_buildkite_phases)
    parallel: list[tuple[int, int]] = field(default_factory=list)  # Jenkins' parallel steps' spans (_jenkins_parallel)
    failed_branches: list[tuple[int, str]] = field(default_factory=list)  # (line, name): `Failed in branch NAME`
    tasks: list[AzureTask] = field(default_factory=list)  # each Azure task, by index among the steps (_azure_tasks)
    tool_echoes: set[int] = field(default_factory=set)  # `$ cmd` lines a tool printed, not the runner (_tool_echoes)
    key_lines: list[int] = field(default_factory=list)  # always worth showing: job name, failing step + script


# Travis says how every `script:` command exited, 0 too (it runs each whatever the ones before returned).
_TRAVIS_EXIT = Regex(r'^The command "(?P<cmd>.*)" (?:exited with|failed and exited with) (?P<code>\d+)')
# Job-level failure lines: (pattern, ci). Group "code" is the exit code, "cmd" the command.
_GHA_EXIT = Regex(r"^##\[error\]Process completed with exit code (?P<code>\d+)\.?$")
_JOB_FAILURES: tuple[tuple[Regex, str], ...] = (
    (_GHA_EXIT, "github-actions"),
    (
        Regex(
            r"^##\[error\](?:The operation was canceled|The job .* exceeded the maximum execution time"
            r"|The runner has received a shutdown signal|The hosted runner .* lost communication"
            r"|The (?:action|background step)(?: .{1,200})? has timed out).*$"
        ),
        "github-actions",
    ),
    (_TRAVIS_EXIT, "travis"),
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
)
# Travis quotes a multi-line command as it was written: `The command "docker run \` on one line,
# its other lines, then `" exited with 1.` (a command ending in a newline closes on a line alone).
_TRAVIS_OPEN = Regex(r'^The command "(?P<cmd>.*)$')
_TRAVIS_CLOSE = Regex(r'^(?P<cmd>.*)" (?:exited with|failed and exited with) (?P<code>\d+)\.?$')
_JOB_STARTS = ("##[error]", "The command", "ERROR: ", "Build step", "Finished: ", "Exited with code", "\U0001f6a8 Err")
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
_GHA_STEP = Regex(r"^##\[group\]Run (.+)$")
_COMMAND = Regex(r"^\$ (.+)$")
_JENKINS_CMD = Regex(r"^\+ (.+)$")
_GITLAB = Regex(r"^(?:Running with gitlab-runner|Executing \"step_script\" stage|Job succeeded$)")
_JENKINS = Regex(r"^(?:\[Pipeline\]|Started by (?:user|an SCM|timer|upstream)|Building in workspace)")
_TRAVIS = Regex(r"^(?:travis_fold|Worker information|Build system information|Done\. Your build exited)")
_AZURE = Regex(r"^##\[section\](?:Starting|Finishing): ")
_CIRCLECI = Regex(
    r"^(?:#!/bin/(?:ba)?sh (?:--login )?-eo pipefail$|Exited with code exit status \d+$|CircleCI received exit code)"
)
_BUILDKITE = Regex(
    r"^(?:~~~ (?:Running commands|Preparing working directory|Running global)|\U0001f6a8 Error: The command exited)"
)
# Step starts read from the view's lines for the CIs whose step lines the scan does not mark.
_AZURE_STEP = Regex(r"^##\[section\]Starting: (.+)$")
_CIRCLECI_STEP = Regex(r"^#!/\S+(?: \S+)*$")


def detect(view: View, scanned: ScanResult) -> Structure:
    st = Structure(ci=_which_ci(view))
    st.steps, gh_steps = _marked_steps(view, scanned)
    if st.ci in _NO_DOLLAR_ECHO:  # a `$ cmd` line there is a tool's echo (Yarn's, Bun's), not a step
        st.steps = [(no, title) for no, title in st.steps if not view.text(no).lstrip().startswith("$ ")]
    if st.ci in _LINE_STEPS:
        st.steps = sorted(set(st.steps) | set(_LINE_STEPS[st.ci](view)))  # a step the scan marked too, once
    st.failures = _failures(view)
    st.parallel = _jenkins_parallel(view) if st.ci == "jenkins" else []
    st.failed_branches = failed_branches(view) if st.parallel else []  # read once: the region and the statuses
    if st.ci == "github-actions":
        post = _gha_post_steps(view, st.steps)
        st.post_start = post[0][0] if post else None
        st.after_steps = {no for no, _ in post}
        st.steps.extend(post)
        st.steps.sort()
    if st.ci == "gitlab":
        st.stages = _gitlab_stages(view)
        st.after_steps = {no for no, _ in st.steps if st.stages.get(no) == "after_script"}
    if st.ci in ("gitlab", "buildkite"):  # their runners echo `$ cmd` as tools do
        st.tool_echoes = _tool_echoes(view, st.steps)
    if st.ci == "buildkite":  # read once: the after-steps and the statuses both rest on it
        st.phases = _buildkite_phases(view, st.steps)
        st.after_steps = {no for (no, _), phase in zip(sorted(st.steps), st.phases, strict=True) if phase == "after"}
    if st.ci == "azure":  # read once: the after-steps and the statuses both rest on it
        st.tasks = _azure_tasks(view, st.steps)
        st.after_steps = _azure_after(st)
    if st.ci in _AFTER_STEPS:
        st.after_steps = _AFTER_STEPS[st.ci](view, st.steps)
    st.primary = _gha_primary(st) if st.ci == "github-actions" else _primary(st.failures)
    if st.primary is not None:
        st.exit_code = st.primary.exit_code
        _locate_region(st, view, gh_steps)
    st.setup_ranges = _travis_setup_ranges(view) if st.ci == "travis" else _gha_setup_ranges(view)
    st.after_stages = _after_folds(view) if st.ci == "travis" else []
    st.statuses = _STATUSES[st.ci](st, view) if st.ci in _STATUSES else []
    _key_lines(st, view)
    return st


def _marked_steps(view: View, scanned: ScanResult) -> tuple[list[tuple[int, str]], dict[int, str]]:
    """The steps the scan marked (GitHub Actions' `Run` groups, echoed commands), and the GitHub
    Actions steps' names by line, where the runner prefixed them."""
    steps: list[tuple[int, str]] = []
    gh_steps: dict[int, str] = {}
    for marker in scanned.markers:
        line = view.get(marker.line)
        if line is None:
            continue
        m = _GHA_STEP.match(line.text)
        if m:
            steps.append((line.no, m.group(1).strip()))
            name = gh_step_prefix(line.raw)
            if name:
                gh_steps[line.no] = name
            continue
        m = _COMMAND.match(line.text.strip())
        if m:
            steps.append((line.no, m.group(1).strip()))
    return steps, gh_steps


def _failures(view: View) -> list[FailurePoint]:
    """Every line that says a job, a command or a tool failed (with a non-zero code), in line order."""
    failures: list[FailurePoint] = []
    for line in view.lines:
        text = line.text
        if not text:
            continue
        job = _match_any(text, _JOB_FAILURES)
        if job is None and text.startswith('The command "'):
            quoted = _travis_quoted(view, line.no)
            if quoted is not None and quoted[1] != 0:
                failures.append(FailurePoint(line.no, quoted[1], quoted[0], job_level=True))
            continue
        if job is not None:
            code = _int(job.groupdict().get("code"))
            if code != 0:
                failures.append(FailurePoint(line.no, code, job.groupdict().get("cmd"), job_level=True))
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
            code = _int(m.groupdict().get("code"))
            if code == 0:
                return None
            cmd, target = m.groupdict().get("cmd"), m.groupdict().get("target")
            return FailurePoint(no, code, cmd or target, job_level=False, names_command=bool(cmd))
    return None


def _jenkins_steps(view: View) -> list[tuple[int, str]]:
    """Jenkins shell steps trace each command as `+ cmd` (sh runs with -x). A `+ ` line that goes on
    a diff is output, not a trace: after a line that starts with `-`, `+` or `@@` and is no trace, and
    inside a hunk (from its `@@` to the first line that is no hunk's: an added line `+    y = 2` after a
    context line reads as a trace). A `bat` step's commands are cmd.exe's echoes (_bat_echo). A shell step that
    shows no command (a `bat` script under `@echo off`, an `sh` script whose shebang sets no `-x`) starts on its
    own Pipeline line, titled by its kind (_silent_title), so that its output is no other step's."""
    steps: list[tuple[int, str]] = []
    prev_diff = hunk = batch = prev_blank = False
    opened: tuple[int, str] | None = None  # a shell step's line, until it shows a command
    parallel = 0  # inside a parallel step, whose branches' lines interleave: a step's next line may be another's
    for line in view.lines:
        text = line.text
        if text.startswith("[") and (text.startswith("[Pipeline] ") or _jenkins_shell(text)):
            if opened is not None:
                steps.append(opened)
            parallel += (text == _JENKINS_PARALLEL[0]) - (text == _JENKINS_PARALLEL[1] and parallel > 0)
            batch = text == "[Pipeline] bat" or bool(_FREESTYLE_BATCH_LINE.match(text))
            shell = not parallel and _JENKINS_SHELL_STEP.match(text)
            opened = (line.no, _silent_title(text)) if shell else None
        if batch and prev_blank and (echoed := _bat_echo(text)):
            steps.append((line.no, echoed))
            opened = None
        prev_blank = not text.strip()
        hunk = text.startswith("@@") or (hunk and text[:1] in _HUNK_LINES)
        m = _JENKINS_CMD.match(text)
        trace = m is not None and not prev_diff and not hunk
        if m and trace and not text.startswith("++"):
            steps.append((line.no, m.group(1).strip()))
            opened = None
        prev_diff = not trace and text.startswith(("-", "+", "@@"))
    return steps if opened is None else [*steps, opened]


# cmd.exe, running a `bat` step's script with echo on, prints each command after a blank line behind its prompt,
# the working directory: `C:\Jenkins\workspace\shop>pip install -e . ` (learn.microsoft.com/windows-server/
# administration/windows-commands/echo; public Jenkins consoles show `[Pipeline] bat`, a blank line, the echo).
_BAT_PROMPT = Regex(r"^[A-Za-z]:\\[^<>|\"\r\n]{0,400}?>(?=\S)(.+)$")


def _bat_echo(text: str) -> str | None:
    """The command cmd.exe echoed on this line (None: no prompt opens it)."""
    m = _BAT_PROMPT.match(text) if text[1:3] == ":\\" else None
    return m.group(1).strip() if m else None


_HUNK_LINES = (" ", "+", "-", "\\")  # a unified diff hunk's lines: context, added, removed, `\ No newline`


def _azure_steps(view: View) -> list[tuple[int, str]]:
    return [(line.no, m.group(1).strip()) for line in view.lines if (m := _AZURE_STEP.match(line.text))]


def _circleci_steps(view: View) -> list[tuple[int, str]]:
    """A CircleCI `run` step's output opens with its shell's shebang, then the command."""
    steps: list[tuple[int, str]] = []
    for line in view.lines:
        if line.text.startswith("#!/") and _CIRCLECI_STEP.match(line.text):
            command: list[str] = []
            for following in view.after(line.no, MAX_BLOCK_LINES):  # a command continued by `\`: all of it
                command.append(following.text)
                if not following.text.rstrip().endswith("\\"):
                    break
            logical = _logical_commands(command)
            steps.append((line.no, logical[0] if logical else command[0].strip() if command else line.text))
    return steps


def _buildkite_steps(view: View) -> list[tuple[int, str]]:
    """Buildkite echoes each command as `$ cmd` behind its own timestamp escape (not a scan marker); the agent's
    prompt of the job's command is wrapped in its signal trap (_BUILDKITE_TRAP), which is not the user's command."""
    return [(line.no, line.text[2:].strip().removeprefix(_BUILDKITE_TRAP)) for line in view.lines if _echoed(line.text)]


# buildkite/agent (internal/job/command.go, defaultCommandPhase) runs the step's whole `command` (a list's lines joined
# by newlines) as one `bash -e -c` script and prompts it once (shell/logger.go Promptf: `$ ` and the script, its later
# lines unprefixed), after `trap 'kill -- $$' INT TERM QUIT; ` on a POSIX shell unless the agent runs with the
# avoid-recursive-trap experiment. Only the agent writes that trap: its prompt, colours stripped or not.
_BUILDKITE_TRAP = "trap 'kill -- $$' INT TERM QUIT; "
_BUILDKITE_TRAPPED = "$ " + _BUILDKITE_TRAP


def _trapped(view: View, no: int) -> bool:
    """Whether line `no` is the Buildkite agent's prompt of the job's command (_BUILDKITE_TRAP)."""
    return view.text(no).startswith(_BUILDKITE_TRAPPED)


# Yarn 1 opens each script it runs with `yarn run vX.Y.Z` and echoes the script's command as `$ cmd`, as it echoes a
# nested run's (`yarn lint` or npm-run-all inside the script) without a header; the outer run closes with `Done in
# Ns.` or, once the script failed, `info Visit https://yarnpkg.com/en/docs/cli/run ...` (tests/facts/data:
# wrapper_yarn1_test_lint_fails.txt, wrapper_yarn1_two_runs_second_fails.txt).
_YARN_RUN = Regex(r"^yarn run v\d+\.\d+\.\d+$")
_YARN_DONE = ("Done in ", "info Visit https://yarnpkg.com/en/docs/cli/run")


def _tool_echoes(view: View, steps: list[tuple[int, str]]) -> set[int]:
    """The step lines that are a tool's own `$ cmd` echo, not the runner's: those inside a Yarn run (_YARN_RUN), and
    those after the Buildkite agent's prompt of the job's command in its phase (the agent prompts it once). A log
    whose colours were stripped shows nothing else that tells the runner's echo from a tool's (_runners_echoes)."""
    lines = {no for no, _ in steps}
    tools: set[int] = set()
    in_yarn = in_command = False
    for line in view.lines:
        text = line.text
        if text.startswith("yarn run v") and _YARN_RUN.match(text):
            in_yarn = True
        elif in_yarn and text.startswith(_YARN_DONE):
            in_yarn = False
        elif text.startswith("~~~ "):
            in_command = False  # the agent's next section
        elif line.no in lines and (in_yarn or in_command):
            tools.add(line.no)
        elif line.no in lines and text.startswith(_BUILDKITE_TRAPPED):
            in_command = True
    return tools


def _echoed(text: str) -> bool:
    return text.startswith("$ ") and bool(text[2:].strip())


# CIs whose runners never echo a command as `$ cmd` (GitHub Actions' `Run` groups, Jenkins' `+ cmd`, Azure's
# and CircleCI's script headers): Travis, GitLab and Buildkite do, and a wrapper's own echo looks the same.
_NO_DOLLAR_ECHO = frozenset({"github-actions", "jenkins", "azure", "circleci"})
_LINE_STEPS = {
    "jenkins": _jenkins_steps,
    "azure": _azure_steps,
    "circleci": _circleci_steps,
    "buildkite": _buildkite_steps,
}

_JOB_NAME = Regex(r"^Complete job name: (.+)$")
SCRIPT_LINES = 4  # lines of the failing step's script shown after its header
_ECHOES = ("$ ", "+ ")  # a shell's echo of the command it runs


def _key_lines(st: Structure, view: View) -> None:
    for line in view.lines[:200]:
        m = _JOB_NAME.match(line.text)
        if m:
            st.job_name = m.group(1).strip()
            st.key_lines.append(line.no)
            break
    if st.region is None:
        return
    start = st.region[0]
    st.key_lines.append(start)
    st.key_lines.extend(_script_lines(view, start))


def _script_lines(view: View, header: int) -> list[int]:
    """The first lines of the step's script under its header (GitHub Actions' `Run` group, the
    script under CircleCI's shebang), to a blank line or the group's `shell:` / `env:`, at most
    SCRIPT_LINES. A header that echoes the command itself (Travis, GitLab and Buildkite's `$ cmd`,
    Jenkins' `+ cmd`, cmd.exe's `C:\\ws>cmd`) has the command's output under it, which the excerpt weighs
    like any other line: shown as the step's script, a banner or a tool's notice took room whatever the budget."""
    if view.text(header).startswith(_ECHOES) or _bat_echo(view.text(header)):
        return []
    script: list[int] = []
    for line in view.after(header, SCRIPT_LINES):
        text = line.text
        if not text.strip() or text.startswith(("shell:", "##[")) or text.strip() == "env:":
            break
        script.append(line.no)
    return script


def _which_ci(view: View) -> str:
    head = view.lines[:400]
    for line in head:
        text = line.text
        if _AZURE.match(text):  # Azure writes `##[` commands too, but never GitHub's step groups
            return "azure"
        if text.startswith("##[") or gh_step_prefix(line.raw):
            return "github-actions"
    for line in view.lines:
        text = line.text
        if text.startswith("##[section]") and _AZURE.match(text):
            return "azure"
        if text.startswith("##[group]") or text.startswith("##[error]"):
            return "github-actions"
        if _GITLAB.match(text):
            return "gitlab"
        if _JENKINS.match(text):
            return "jenkins"
        if _TRAVIS.match(text):
            return "travis"
        if text.startswith(("#!/", "Exited", "CircleCI")) and _CIRCLECI.match(text):
            return "circleci"
        if text.startswith(("~~~", "\U0001f6a8")) and _BUILDKITE.match(text):
            return "buildkite"
    return "unknown"


def _match_any(text: str, rules: tuple[tuple[Regex, str], ...]) -> re.Match[str] | None:
    if not text.startswith(_JOB_STARTS):
        return None
    for pattern, _ci in rules:
        m = pattern.match(text)
        if m:
            return m
    return None


def _travis_quoted(view: View, no: int) -> tuple[str, int] | None:
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


def _int(value: str | None) -> int | None:
    return int(value) if value is not None and value.isdigit() else None


def _primary(failures: list[FailurePoint]) -> FailurePoint | None:
    """The first job-level failure (later ones are usually consequences or cleanup), else the last
    tool-level one (the final verdict printed before the job ended)."""
    for f in failures:
        if f.job_level and f.exit_code is not None:
            return f
    for f in failures:
        if f.job_level:
            return f
    return failures[-1] if failures else None


def _step_start(st: Structure, failure: FailurePoint) -> tuple[int, str] | None:
    """The step header or echoed command whose output ends at `failure` (the last one before it, not one of the
    steps run whatever the script returned for the runner's report; for Travis/Jenkins, which name the command,
    the last echo of that command)."""
    found: tuple[int, str] | None = None
    for no, title in st.steps:
        if no >= failure.line:
            break
        # the runner's report is of the script's steps, and a tool's own echo is inside the runner's command's output
        if not (failure.job_level and (no in st.after_steps or no in st.tool_echoes)):
            found = (no, title)
    if failure.command:
        echoed = failure.command.split("\n", 1)[0].strip()  # a multi-line command echoes its first line
        for no, title in reversed(st.steps):
            if no < failure.line and title == echoed:
                return no, title
    return found


def _locate_region(st: Structure, view: View, gh_steps: dict[int, str]) -> None:
    assert st.primary is not None
    end = st.primary.line
    for failure in st.failures:
        if failure.job_level:
            start = _step_start(st, failure)
            if start is not None and all(start[0] > r[1] for r in st.regions):
                st.regions.append((start[0], _output_end(st, start[0], failure.line)))
    st.failing_command = st.primary.command
    start = _step_start(st, st.primary)
    if start is not None:
        start_line, title = start
        st.region = (start_line, _output_end(st, start_line, end))
        st.failing_step = gh_steps.get(start_line) or (f"Run {title}" if st.ci == "github-actions" else title)
        if _silent(title):  # a step that showed no command names none: its stage names it
            st.failing_step = _jenkins_stage(view, start_line) or title
        else:
            st.failing_command = st.failing_command or title
            block = command_block(st, view, start_line, end)
            st.failing_command, st.failed_line, st.shell = block.text or st.failing_command, block.failed, block.shell
    elif st.primary.command and st.primary.names_command and not st.primary.job_level:
        st.failed_line = st.primary.command  # no step shown: the tool that ran it names the command
    last = view.get(end)
    prefix = gh_step_prefix(last.raw) if last is not None else None
    if prefix:
        st.failing_step = prefix
    if st.parallel and st.region is not None:
        _in_parallel(st, view)


_JENKINS_STAGE = Regex(r"^\[Pipeline\] \{ \((?:Branch: )?(.{1,200})\)$")


def _jenkins_stage(view: View, no: int) -> str | None:
    """The name of the Pipeline stage (or parallel branch) whose block the step on line `no` opened in: the last
    `[Pipeline] { (NAME)` within MAX_BLOCK_LINES before it."""
    for k in range(no - 1, max(0, no - MAX_BLOCK_LINES), -1):
        text = view.text(k)
        if text.startswith("[Pipeline] { (") and (m := _JENKINS_STAGE.match(text)):
            return m.group(1)
    return None


def _in_parallel(st: Structure, view: View) -> None:
    """A failure whose step lies in a Jenkins parallel step: the failing step is the branch the Pipeline names
    (`Failed in branch NAME`). Where the log names no branch on its lines, they interleave anonymously and the last
    trace before the failure may be another branch's: the failing step's output is then the parallel step's from
    its opening, and no command is known for the one that failed. Where it does (view.tasks: `[NAME]`, _unbranched),
    the output starts at the branch's first line (the excerpt follows the branch's own lines, view.tasks) and the
    command block is the branch's last shell step's commands (_branch_block)."""
    assert st.region is not None
    start, end = st.region
    span = _span_of(st.parallel, start)
    if span is None:
        return
    failed = [name for no, name in st.failed_branches if span[0] < no <= span[1]]
    st.failing_step = failed[0] if failed else None
    st.failing_command = st.failed_line = None
    label = branch_label(failed[0]) if failed else None
    first = next((no for no, task in sorted(view.tasks.items()) if task == label and no > span[0]), span[0])
    st.region = (first, end)
    st.regions = [(first, e) if s == start else (s, e) for s, e in st.regions]
    if label is not None and first != span[0]:
        titles = _branch_block(st, view, label, end)
        block = _bounded(titles, _failed_title(titles), None)
        st.failing_command, st.failed_line = block.text, block.failed


def _branch_block(st: Structure, view: View, label: str, end: int) -> list[str]:
    """The commands a branch's last shell step before line `end` traced (`+ cmd` on the lines `label` marks)."""
    ours = [no for no, task in view.tasks.items() if task == label and no < end]
    shells = [no for no in ours if _JENKINS_SHELL_STEP.match(view.text(no))]
    after = max(shells, default=0)
    return [title for no, title in st.steps if after < no < end and view.tasks.get(no) == label and not _silent(title)]


def _span_of(spans: list[tuple[int, int]], no: int) -> tuple[int, int] | None:
    """The span (first, last line) among sorted, disjoint ones that holds line `no`."""
    k = bisect_right([first for first, _ in spans], no) - 1
    return spans[k] if k >= 0 and no <= spans[k][1] else None


def _output_end(st: Structure, start: int, failure: int) -> int:
    """The last line of the failing step's output: the line before the first step run whatever the script
    returned (GitLab reports the job's failure after its after_script), else the failure's line."""
    return min((no - 1 for no in st.after_steps if start < no < failure), default=failure)


@dataclass(frozen=True)
class Block:
    text: str | None = None
    failed: str | None = None
    shell: str | None = None


MAX_BLOCK_LINES = 300
MAX_BLOCK_CHARS = 16_000  # a longer script is not a usable check: only its first line is kept
_SCRIPT_END = Regex(r"^(?:shell|with|env): ?|^##\[")
_SHELL = Regex(r"^shell: (.+)$")
_CYAN = (b"\x1b[36;1m", b"[36;1m")  # GitHub Actions echoes a `run:` script in bold cyan
# A Jenkins freestyle job's shell build step, as its line opens: `[WORKSPACE] $ /bin/sh -xe /tmp/jenkinsN.sh`.
_FREESTYLE_SHELL = r"\[[^\]]{1,200}\] \$ /bin/(?:ba)?sh -\w*x"
# ... and its Windows batch build step: `[WORKSPACE] $ cmd /c call C:\Windows\TEMP\jenkinsN.bat`.
_FREESTYLE_BATCH = r"\[[^\]]{1,200}\] \$ cmd(?:\.exe)? /c call "
_FREESTYLE_BATCH_LINE = Regex(rf"^{_FREESTYLE_BATCH}")

# The Pipeline's shell steps (jenkins.io/doc/pipeline/steps/workflow-durable-task-step: sh, bat, powershell, pwsh) and a
# freestyle job's shell or batch build step, as their line opens them.
_JENKINS_SHELL_STEP = Regex(
    rf"^(?:\[Pipeline\] (?P<kind>sh|bat|powershell|pwsh)$|{_FREESTYLE_SHELL}|{_FREESTYLE_BATCH})"
)
_SILENT = "(no command shown)"  # a silent shell step's title ends so: no command of the user's reads so


def _silent_title(text: str) -> str:
    """The title of a shell step that shows no command: its kind (`bat`, `sh`, a freestyle job's `shell` or `batch`
    build step) and that no command is shown."""
    m = _JENKINS_SHELL_STEP.match(text)
    kind = m.group("kind") if m and m.group("kind") else "batch" if _FREESTYLE_BATCH_LINE.match(text) else "shell"
    return f"{kind} {_SILENT}"


def _silent(title: str) -> bool:
    """Whether a step's title is a shell step's that showed no command (_silent_title)."""
    return title.endswith(_SILENT)


_STAGE = Regex(
    r'^Executing "(?:step_script|build_script|after_script)" stage|^\[Pipeline\] (?:sh|bat)\b'
    r"|^~~~ Running (?:commands|script|batch script)\b"  # Buildkite
    rf"|^{_FREESTYLE_SHELL}|^{_FREESTYLE_BATCH}"  # a Jenkins freestyle job's shell or batch build step
)
_SET_LINE = Regex(r"^\s*(?:set\s+[-+]\w+(?:\s+\w+)*|#.*)?\s*$")


def command_block(st: Structure, view: View, start: int, end: int) -> Block:
    """The failing step's whole command block and, when the log shows it, the line that failed."""
    if st.ci == "github-actions":
        return _gha_block(view, start, end)
    if st.ci == "azure":
        return _azure_block(view, start, end)
    if st.ci == "circleci":
        return _circleci_block(view, start, end)
    if st.ci == "buildkite" and (_trapped(view, start) or _agents_only_prompt(st, view, start)):
        traced = _buildkite_traced(view, start, end)
        if traced is not None or _trapped(view, start):
            return traced or _buildkite_block(view, start, end)
    # GitLab / Travis / Jenkins echo each command (`$ cmd`, `+ cmd`): the block is the commands
    # echoed since the stage began (not a tool's own echoes), and the failed one is the last before the failure.
    stage = max((line.no for line in view.lines if line.no < start and _STAGE.match(line.text)), default=0)
    titles = (
        [title for no, title in st.steps if stage < no <= start and no not in st.tool_echoes and not _silent(title)]
        if stage
        else [title for no, title in st.steps if no == start]
    )
    if st.primary is not None and st.primary.command:
        titles = [st.primary.command]
    return _bounded(titles, _failed_title(titles), None)


# A command that exits with the code of the one before it, whatever it is: `exit /b` (cmd.exe's errorlevel),
# `exit /b %ERRORLEVEL%`, `if errorlevel 1 exit /b 1`, `if %ERRORLEVEL% neq 0 exit /b %ERRORLEVEL%`, `exit $?`.
_EXIT_PASSTHROUGH = Regex(
    r"^(?:if\s+(?:errorlevel\s+\d+|%errorlevel%\s+(?:neq|gtr|geq)\s+0|not\s+%errorlevel%\s*==\s*0)\s+exit(?:\s+/b)?"
    r"(?:\s+\S+)?|exit(?:\s+/b)?(?:\s+(?:%errorlevel%|\$\?))?)\s*$",
    re.IGNORECASE,
)


def _failed_title(titles: list[str]) -> str | None:
    """The command that failed among a step's echoed commands: the last, unless it only passed on the code of the
    one before it (_EXIT_PASSTHROUGH), which is then the one that failed."""
    if len(titles) > 1 and _EXIT_PASSTHROUGH.match(titles[-1]):
        return titles[-2]
    return titles[-1] if titles else None


def _gha_block(view: View, start: int, end: int) -> Block:
    script: list[str] = []
    marked = any(_cyan(line.raw) for line in view.after(start, 1))
    shell = None
    for line in view.after(start, MAX_BLOCK_LINES + 1):
        if marked and not _cyan(line.raw):
            m = _SHELL.match(line.text)
            shell = m.group(1).strip() if m else None
            break
        if not marked and _SCRIPT_END.match(line.text):
            m = _SHELL.match(line.text)
            shell = m.group(1).strip() if m else None
            break
        script.append(line.text)
    if not script or (not marked and shell is None):
        return Block()  # an action (`uses:`), or the script is not in the view
    commands = _logical_commands(script)
    programs = {c.split()[0] for c in commands}
    traced = _last_trace(view, start + len(script) + 1, end, programs) if _xtrace(script, shell) else None
    failed = commands[0] if len(commands) == 1 else traced
    return _bounded(script, failed, shell)


_AZURE_OUTPUT = Regex(r"^=+ Starting Command Output =+$")
_AZURE_COMMAND = Regex(r"^\[command\](.+)$")


def _azure_block(view: View, start: int, end: int) -> Block:
    """An Azure script task prints its inline script between `Script contents:` and the
    `Starting Command Output` rule; other tasks name the tool they run as `[command]...`."""
    script: list[str] | None = None
    command = None
    for line in view.after(start, end - start):
        text = line.text
        if script is None and text == "Script contents:":
            script = []
        elif script is not None and _AZURE_OUTPUT.match(text):
            commands = _logical_commands(script)
            return _bounded(script, commands[0] if len(commands) == 1 else None, None)
        elif script is not None and len(script) <= MAX_BLOCK_LINES:
            script.append(text)
        elif text.startswith("[command]"):
            m = _AZURE_COMMAND.match(text)
            command = m.group(1).strip() if m else command
    return Block(command, command) if command else Block()


# A shell compound command opening or closing where a command starts (line start, after `;`,
# `&&`, `||`, `|`, `(`): `for f in *; do` opens, `done` closes, `echo done` does neither.
_COMPOUND = Regex(r"(?:^|[;&|(])\s*(if|for|while|until|case|fi|done|esac)\b")
_CLOSING = ("fi", "done", "esac")


def _circleci_block(view: View, start: int, end: int) -> Block:
    """CircleCI prints a `run` step's command right after its shell's shebang and then its output,
    with nothing between: the command is the line after the shebang and those it carries on to (_continued)."""
    script = _continued([line.text for line in view.after(start, min(MAX_BLOCK_LINES, end - start - 1))])
    shebang = view.get(start)
    commands = _logical_commands(script)
    return _bounded(script, commands[0] if len(commands) == 1 else None, shebang.text[2:] if shebang else None)


def _buildkite_block(view: View, start: int, end: int) -> Block:
    """The Buildkite agent prompts the job's whole command once, its later lines unprefixed, and its output follows
    with nothing between (_BUILDKITE_TRAP): the command is the prompt's and the lines it carries on to (_continued).
    Which of its commands failed the log does not show (`bash -e` stops there, echoing nothing): none is named."""
    first = view.text(start)[len(_BUILDKITE_TRAPPED) :]
    script = _continued([first, *(line.text for line in view.after(start, min(MAX_BLOCK_LINES, end - start - 1)))])
    return _bounded(script, None, None)


def _agents_only_prompt(st: Structure, view: View, start: int) -> bool:
    """Whether line `start` is the command phase's only prompt in the agent's grey (_BUILDKITE_PROMPT): the agent's
    prompt of the job's whole command, which an agent without the signal trap writes bare (`$ cmd1`, `cmd2`...)."""
    command = [no for (no, _), phase in zip(sorted(st.steps), st.phases, strict=True) if phase == "command"]
    return [no for no in command if _BUILDKITE_PROMPT in _raw(view, no)[:120]] == [start]


def _buildkite_traced(view: View, start: int, end: int) -> Block | None:
    """The agent's prompt of the job's command when the command traces itself (`set -x`, `set -euxo pipefail`):
    bash's first `+ cmd` trace ends the prompted script (its later lines unprefixed, _buildkite_block), and the last
    trace before the failure of a command the script runs is the one that failed (bash -e stopped there). None when
    no trace follows or the script before it turns on no tracing (a `+ ` line is then output)."""
    first = view.text(start)[2:].removeprefix(_BUILDKITE_TRAP)
    following = [line.text for line in view.after(start, min(MAX_BLOCK_LINES, end - start - 1))]
    at = next((k for k, text in enumerate(following) if text.startswith("+ ")), None)
    if at is None:
        return None
    script = [first, *following[:at]]
    commands = _logical_commands(script)
    if not commands or not _xtrace(script, None):
        return None
    failed = _last_trace(view, start + at, end, {c.split()[0] for c in commands})
    return _bounded(script, failed, None)


def _continued(lines: list[str]) -> list[str]:
    """The command opening `lines` and the lines it carries on to: after a trailing backslash, or inside an
    `if`/`for`/`while`/`case` not yet closed. Lines after a complete command are taken for output (a multi-line
    script of complete commands is not told apart from its output: its first command stands for it), and a command
    never closed within `lines` is its first line alone (not a command block after all)."""
    depth = 0
    for k, text in enumerate(lines):
        for m in _COMPOUND.finditer(text):
            depth += -1 if m.group(1) in _CLOSING else 1
        if depth <= 0 and not text.rstrip().endswith("\\"):
            return lines[: k + 1]
    return lines[:1]


def _cyan(raw: bytes) -> bool:
    return any(marker in raw for marker in _CYAN)


_XTRACE = Regex(r"^\s*set\s+(?:-\w*x|-o\s+xtrace)|(?:^|\s)-\w*x\w*(?:\s|$)")


def _xtrace(script: list[str], shell: str | None) -> bool:
    """Whether the shell traces commands (`set -x`, `bash -x`): only then is `+ cmd` its trace."""
    return any(_XTRACE.match(line) for line in script) or bool(shell and _XTRACE.search(shell.split("{")[0]))


def _last_trace(view: View, first: int, end: int, programs: set[str]) -> str | None:
    """The last command `set -x` traced (`+ cmd`) before the failure, within the step. A `+ ...`
    line whose program the block never runs is output (a diff), not the shell's trace."""
    for no in range(end - 1, first, -1):
        text = view.text(no)
        if text.startswith("+ ") and not text.startswith("++"):
            traced = text[2:].strip()
            if traced and traced.split()[0] in programs:
                return traced
    return None


def _logical_commands(script: list[str]) -> list[str]:
    """Script lines joined at trailing backslashes, without blank lines, comments and `set` options."""
    out: list[str] = []
    pending = ""
    for line in script:
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1].rstrip() + " "
            continue
        joined = (pending + line.strip()).strip()
        pending = ""
        if not _SET_LINE.match(joined):
            out.append(" ".join(joined.split()))
    if pending.strip():
        out.append(" ".join(pending.split()))
    return out


def _bounded(lines: list[str], failed: str | None, shell: str | None) -> Block:
    text = "\n".join(lines).strip("\n")
    if not text:
        return Block(failed=failed, shell=shell)
    if len(lines) > MAX_BLOCK_LINES or len(text) > MAX_BLOCK_CHARS:
        text = lines[0]
    return Block(text, failed, shell)


# Travis's own reports on the machine before the job's first command (`travis_fold:start:NAME`
# in the raw line, before the `\r` that hides it): the worker, the build image's tool versions
# and sudo configuration, the docker MTU and resolver set-up. Never a command of the project's;
# lines in them such as "...useful error messages" or "timeout" are no failure evidence.
_TRAVIS_SETUP = (b"worker_info", b"system_info", b"docker_mtu", b"resolvconf")


def _travis_setup_ranges(view: View) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    open_at: dict[bytes, int] = {}
    for line in view.lines:
        if b"travis_fold:" not in line.raw:
            continue
        for name in _TRAVIS_SETUP:
            if b"travis_fold:start:" + name in line.raw:
                open_at[name] = line.no
            elif b"travis_fold:end:" + name in line.raw and name in open_at:
                ranges.append((open_at.pop(name), line.no))
    return sorted(ranges)


def _gha_setup_ranges(view: View) -> list[tuple[int, int]]:
    """Line ranges of `##[group]Run ...` blocks: the step's script, shell and env echoed by the
    runner before the step's output. They name the command but hold no error output."""
    ranges: list[tuple[int, int]] = []
    start: int | None = None
    for line in view.lines:
        text = line.text
        if not text.startswith("##["):
            continue
        if text.startswith("##[group]Run "):
            start = line.no
        elif text.startswith("##[endgroup]") and start is not None:
            if line.no - start < 400:
                ranges.append((start + 1, line.no))
            start = None
    return ranges


# Travis folds each command it runs once the job has failed in its stage's name (`after_failure`,
# `after_script.2`): printing logs, uploading coverage, building docs, whatever the script returned.
@functools.cache
def _after_fold() -> re.Pattern[bytes]:
    """Travis' after_failure/after_script folds, compiled on first use: importing the facts compiles no
    pattern (tests/facts/test_rules.py)."""
    return re.compile(rb"travis_fold:(start|end):(after_failure|after_script)\b")


def _travis_statuses(st: Structure, view: View) -> list[CiStep]:
    """The Travis steps whose exit status the job reports (`The command "X" exited with N.`, 0 too), and
    those run in its after_failure and after_script stages, by step (the index of its start among the
    log's steps, as the records' ErrorRecord.step)."""
    starts = sorted(st.steps)
    lines = [no for no, _ in starts]
    codes = _travis_codes(view, starts)
    for i in _passed_setup(view, lines):
        codes.setdefault(i, 0)
    after = {i for _, first, close in st.after_stages for i in _between(lines, first, close)}
    return _ci_steps(view, starts, codes, after)


def _indices_of(starts: list[tuple[int, str]], lines: set[int]) -> set[int]:
    """The indices among the step starts of the steps starting on `lines` (Structure.after_steps' line numbers)."""
    return {i for i, (no, _) in enumerate(starts) if no in lines}


def _ci_steps(
    view: View,
    starts: list[tuple[int, str]],
    codes: dict[int, int],
    after: set[int],
    unshown: Set[int] = frozenset(),
) -> list[CiStep]:
    """The steps with a status, run after the failure or `unshown` (a command before the failing one whose status
    the log does not show: exit_code None), by their index among the log's step starts; a step's lines run from
    its start to the line before the next step's (the last one's to the log's end)."""
    ends = [no - 1 for no, _ in starts[1:]] + [view.lines[-1].no if view.lines else 0]
    return [
        CiStep(
            step=i,
            command=title[:200],
            exit_code=codes.get(i),
            after_failure=i in after,
            lines=LineRange(start=no, end=max(no, ends[i])),
        )
        for i, (no, title) in enumerate(starts)
        if i in codes or i in after or i in unshown
    ]


def _travis_codes(view: View, starts: list[tuple[int, str]]) -> dict[int, int]:
    """Each step's exit code as Travis reports it after the command's output: the last echo of the quoted
    command before the report (else the last step before it) and the steps after that echo up to the report
    (a wrapper's own `$ cmd` echoes, Yarn's, inside its output)."""
    lines = [no for no, _ in starts]
    codes: dict[int, int] = {}
    done = 0  # steps before this one have their report
    for line in view.lines:
        if not line.text.startswith('The command "'):
            continue
        m = _TRAVIS_EXIT.match(line.text)
        status = (m.group("cmd"), int(m.group("code"))) if m else _travis_quoted(view, line.no)
        end = bisect_left(lines, line.no)  # the steps that started before the report
        if status is None or end <= done:
            continue
        echoed = status[0].split("\n", 1)[0].strip()
        first = next((i for i in range(end - 1, done - 1, -1) if starts[i][1] == echoed), end - 1)
        codes.update(dict.fromkeys(range(first, end), status[1]))
        done = end
    return codes


def _after_folds(view: View) -> list[tuple[str, int, int]]:
    """Travis' after_failure and after_script folds, each (stage, first line, the line closing it), in log order.
    A fold may close and the next open on one line (a step starting there is the next one's); a fold the log cuts
    off closes after its last line; a start inside an open fold is of the fold already open."""
    folds: list[tuple[str, int, int]] = []
    opened: tuple[str, int] | None = None
    for line in view.lines:
        if b"travis_fold:" not in line.raw:
            continue
        for m in _after_fold().finditer(line.raw):
            if m.group(1) == b"start":
                opened = (m.group(2).decode(), line.no) if opened is None else opened
            elif opened is not None:
                folds.append((opened[0], opened[1], line.no))
                opened = None
    if opened is not None:
        folds.append((opened[0], opened[1], view.lines[-1].no + 1 if view.lines else opened[1] + 1))
    return folds


@functools.cache
def _setup_fold() -> re.Pattern[bytes]:
    """Travis' before_install, install and before_script folds (`install.2`, not `install.rebar` or
    `install_chrome`, a language's own set-up), compiled on first use."""
    return re.compile(
        rb"travis_fold:(start|end):(?:before_install|install|before_script)(?:\.\d{1,4})?(?=[\r\x1b\s]|$)"
    )


def _passed_setup(view: View, lines: list[int]) -> set[int]:
    """The steps of before_install, install and before_script folds that passed: Travis says nothing of a set-up
    command that exited 0 and stops the job at one that did not (`The command "X" failed and exited with N during
    .`), so a set-up fold that closed with a step started after it passed."""
    passed: set[int] = set()
    opened: int | None = None
    for line in view.lines:
        if b"travis_fold:" not in line.raw:
            continue
        for m in _setup_fold().finditer(line.raw):
            if m.group(1) == b"start":
                opened = line.no if opened is None else opened
            elif opened is not None:
                if bisect_left(lines, line.no) < len(lines):  # the job went on
                    passed.update(_between(lines, opened, line.no))
                opened = None
    return passed


def _between(lines: list[int], first: int, end: int) -> range:
    """The indices of the steps that start at `first` or later, before line `end`."""
    return range(bisect_left(lines, first), bisect_left(lines, end))


# GitHub's runner writes `Post job cleanup.` first in each post step (an action's post script, run after the job's
# steps whatever they returned), and `Cleaning up orphan processes` in the job's last step.
_GHA_POST = ("Post job cleanup.", "Cleaning up orphan processes")
_GHA_GROUP_KEYS = Regex(r"^(?:shell: \S|with:$|env:$)")
_GHA_GROUP_LINES = 400  # a runner's step header lists its script, inputs and environment within these


def _gha_post_steps(view: View, steps: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The post steps' starts: the runner's `Post job cleanup.` lines after the job's last `Run` step and its last
    exit report (a step that prints the words itself, before either, printed output)."""
    last = max((no for no, _ in steps), default=0)
    for line in view.lines:
        if line.no > last and line.text.startswith("##[error]Process completed"):
            last = line.no
    return [
        (line.no, gh_step_prefix(line.raw) or line.text)
        for line in view.lines
        if line.no > last and line.text in _GHA_POST
    ]


def _gha_primary(st: Structure) -> FailurePoint | None:
    """The job's failure on GitHub Actions: the last job-level failure before the post steps. A failing step
    stops the job unless it runs with `continue-on-error: true`, which prints its `##[error]Process completed
    with exit code N.` all the same, and the log does not show the setting; a step runs after a failing one
    only when that one continued on error or when it runs `if: always()`/`failure()`. So a job whose steps
    failed one after another failed with its last failing step at least (a continue-on-error step last of all,
    or a failing `if: failure()` upload after the real failure, is read wrongly: the log cannot tell them
    apart), except the runner's own stop of a later step (_gha_stopped_later); every failing step's output stays a
    region (Structure.regions) all the same."""
    failed = [f for f in st.failures if f.job_level and (st.post_start is None or f.line < st.post_start)]
    failed = [f for f in failed if not _gha_stopped_later(st, failed, f)]
    return failed[-1] if failed else _primary(st.failures)


def _gha_stopped_later(st: Structure, failed: list[FailurePoint], f: FailurePoint) -> bool:
    """Whether `f` is the runner's own stop (a cancel, a time limit, a shutdown: no exit code) of a step that started
    after a step had exited non-zero: a step the runner ran once the job had failed (`if: always()`), whose stop is
    not the job's failure (_gha_ran_after; the category follows the first failure, triage.exits._ended_later)."""
    if f.exit_code is not None:
        return False
    exited = [e.line for e in failed if e.exit_code is not None and e.line < f.line]
    return bool(exited) and any(exited[0] < no < f.line for no, _ in st.steps)


def _gha_statuses(st: Structure, view: View) -> list[CiStep]:
    """GitHub Actions' steps whose status the log shows. A step ending `##[error]Process completed with exit code
    N.` exited N; one the next step's `Run` header follows with no `##[error]` line between passed (the runner
    goes on after a failing step only for a continue-on-error one, which printed its exit line, or for an
    `if: always()` step); the last step before the post steps without an exit line shows no status (an
    action's own `##[error]` message, a timeout), unless a step before it exited non-zero: then it ran once the job
    had failed, as the post steps did (_gha_ran_after); the post steps ran whatever the steps returned. A header a
    tool wrote (`echo "::group::Run x"`) is none of the runner's (_gha_runner_header) and shares the status of
    the step that printed it."""
    starts = sorted(st.steps)
    post = st.post_start if st.post_start is not None else view.total_lines + 1
    bounds = [i for i, (no, _) in enumerate(starts) if no < post and _gha_runner_header(view, no)]
    first_post = next((i for i, (no, _) in enumerate(starts) if no >= post), len(starts))
    errors = [(line.no, _GHA_EXIT.match(line.text)) for line in view.lines if line.text.startswith("##[error]")]
    codes: dict[int, int] = {}
    for k, i in enumerate(bounds):
        end = bounds[k + 1] if k + 1 < len(bounds) else first_post
        until = starts[end][0] if end < len(starts) else post
        inside = [m for no, m in errors if starts[i][0] < no < until]
        exits = [int(m.group("code")) for m in inside if m is not None]
        if exits:
            codes.update(dict.fromkeys(range(i, end), exits[-1]))
        elif not inside and k + 1 < len(bounds):
            codes.update(dict.fromkeys(range(i, end), 0))
    stops = [bisect_right(starts, (f.line, "")) - 1 for f in st.failures if f.job_level and f.exit_code is None]
    ran_after = _gha_ran_after(codes, first_post, [i for i in stops if 0 <= i < first_post])
    return _ci_steps(view, starts, codes, set(range(first_post, len(starts))) | ran_after)


def _gha_ran_after(codes: dict[int, int], first_post: int, stopped: list[int]) -> set[int]:
    """The steps after the last one that exited non-zero whose status the log does not show (no exit line: the
    runner cancelled or timed them out, or an action failed in its own words): the runner ran them only for
    `if: always()`/`failure()` (or after a continue-on-error step), once the job had failed, so what they show is
    vouch-only, as a post step's, never a second failure (the category follows the job's first failure). Where no
    step exited non-zero, the same holds after the first step the runner stopped (`stopped`: the steps its cancel or
    a time limit cut, _JOB_FAILURES): a step after it ran only for `if: always()`/`cancelled()` (docs.github.com,
    "Workflow cancellation reference": the server re-evaluates the unfinished steps' `if` conditions, and
    actions/runner's StepsRunner runs a step only if its condition holds), or after a continue-on-error step."""
    failed = [i for i, code in codes.items() if code]
    last = max(failed) if failed else min(stopped) if stopped else None
    return set() if last is None else {i for i in range(last + 1, first_post) if i not in codes}


def _gha_runner_header(view: View, no: int) -> bool:
    """Whether the `##[group]Run` header at line `no` is the runner's: it echoes the step's script in cyan, or
    lists the step's shell, inputs or environment before its group ends (a tool's own group holds its output)."""
    for i, line in enumerate(view.after(no, _GHA_GROUP_LINES)):
        if (i == 0 and _cyan(line.raw)) or _GHA_GROUP_KEYS.match(line.text):
            return True
        if line.text.startswith("##["):
            return False
    return False


@functools.cache
def _gitlab_section() -> re.Pattern[bytes]:
    """GitLab's section markers in the raw line (`section_start:1714557602:step_script[collapsed=true]\\r...`),
    compiled on first use."""
    return re.compile(rb"section_(start|end):\d{1,20}:([A-Za-z0-9_.-]{1,100})")


# Runners without section markers (before 12.x), and a log copied from the job page (markers and colour gone),
# name their stages in plain lines.
_GITLAB_STAGE = Regex(
    r'^(?:Executing "(?P<script>step_script|build_script)" stage|(?P<after>Running after[_ ]script)'
    r"|(?P<passing>Uploading artifacts for successful job)"
    r"|(?P<other>Uploading artifacts|Saving cache|Cleaning up|ERROR: Job failed|Job succeeded))"
)


def _unmarked_stage(named: re.Match[str]) -> str | None:
    """The stage a plain stage line opens (as its section marker names it), None for one that runs no script."""
    if named.group("script"):
        return "step_script"
    if named.group("after"):
        return "after_script"
    return "upload_artifacts_on_success" if named.group("passing") else None


_GITLAB_ECHO = b"\x1b[32;1m$ "  # the runner echoes each script command in bold green
_GITLAB_SCRIPT = ("step_script", "build_script")


def _gitlab_statuses(st: Structure, view: View) -> list[CiStep]:
    """GitLab's script commands whose status the log shows. The runner echoes each command it runs in green
    (`$ cmd`) and runs before_script and script together (the "step_script" stage) in a shell that stops at the
    first command that fails: a command the runner's next echo in that stage follows passed; the stage's last one
    exited with the job's code (`ERROR: Job failed: exit code N`), unless the job went on to upload its
    artifacts as a passing job does (`upload_artifacts_on_success`: something after the script failed).
    after_script's commands run whatever the script returned. An echo without the runner's colour (Yarn's own
    `$ eslint`) shares the status of the runner's echo before it; in a log without the colour the script's
    commands show none (_runners_echoes)."""
    starts = sorted(st.steps)
    stages = st.stages
    script = [i for i, (no, _) in enumerate(starts) if stages.get(no) in _GITLAB_SCRIPT]
    echoes = _runners_echoes(view, starts, script, _GITLAB_ECHO)
    code = (st.exit_code or 0) if _gitlab_script_failed(st, stages) else None
    codes, unshown = _phase_codes(starts, script, echoes, code, st.tool_echoes)
    return _ci_steps(view, starts, codes, _indices_of(starts, st.after_steps), unshown)


def _phase_codes(
    starts: list[tuple[int, str]], phase: list[int], echoes: list[int], code: int | None, tools: Set[int]
) -> tuple[dict[int, int], set[int]]:
    """The codes of a phase a shell that stops at the first failing command ran (_echo_codes), and the steps whose
    status the log does not show. Without the runner's own echoes (colours stripped) no echo shows the one before
    it passed, but the last `$ cmd` echoed that is no tool's known echo (`tools`, the lines of _tool_echoes), the
    runner's or a tool's inside the runner's command, still opens the output that failed: it gets the phase's code
    with the tools' echoes after it, and the commands before it are unshown (failing.py: they may
    vouch for that failure, never compete with it)."""
    if echoes:
        return _echo_codes(phase, echoes, code, _unsure_echoes(starts, echoes)), set()
    runners = [i for i in phase if starts[i][0] not in tools]  # a tool's own echo is inside a runner's command
    if not runners or code is None:
        return {}, set()
    last = phase.index(runners[-1])
    return dict.fromkeys(phase[last:], code), set(phase[:last])


def _runners_echoes(view: View, starts: list[tuple[int, str]], phase: list[int], marker: bytes) -> list[int]:
    """The steps of a phase that are the runner's own echoes: those its colour marks (`marker` in the raw line).
    A log whose colours were stripped (copied from the job page, a raw download run through a cleaner) has none:
    there a tool's own `$ cmd` echo (Yarn's `$ jest`, Bun's, a script's `echo "$ $*"`) looks like the runner's,
    and read as the runner's it would make the command that printed it, the one that failed, read as passed."""
    return [i for i in phase if marker in _raw(view, starts[i][0])[:120]]


# A shell's errexit turned off (`set +e`, `set +eu`, `set +o errexit`) and on again, where a command starts.
_ERREXIT = Regex(r"(?:^|[;&|]\s*)set\s+(?:(?P<off>\+\w*e\w*|\+o\s+errexit)|-\w*e\w*|-o\s+errexit)\b")
# A command running a shell script: its `set -x` traces (`+ cmd`) look like the calling shell's own.
_SCRIPT_RUN = Regex(r"^(?:\w+=\S*\s+)*(?:\S*/)?(?:(?:ba|da|k|z)?sh\s+\S|\S+\.(?:sh|bash)(?:\s|$))")


def _unsure_echoes(starts: list[tuple[int, str]], echoes: list[int], *, traces: bool = False) -> set[int]:
    """The echoes that do not show the command echoed before them passed: those after a command run with errexit
    off (after `set +e`, up to `set -e`: the shell went on whatever it returned) and, with `traces` (xtrace's
    `+ cmd`), those after a command that ran a shell script, whose own `set -x` traces its commands alike."""
    unsure: set[int] = set()
    errexit_off = child = unsafe = False
    for i in echoes:
        if unsafe:
            unsure.add(i)
        title = starts[i][1]
        ran_off = errexit_off
        for m in _ERREXIT.finditer(title) if "set" in title else ():
            errexit_off = m.group("off") is not None
        child = child or (traces and bool(_SCRIPT_RUN.match(title)))
        unsafe = ran_off or child
    return unsure


def _echo_codes(phase: list[int], echoes: list[int], code: int | None, unsure: set[int]) -> dict[int, int]:
    """The exit codes of a phase's steps, by index, when a shell that stops at the first failing command ran them
    (GitLab's script, Buildkite's commands, a Jenkins `sh` step run with `-xe`): a command the runner's next echo
    follows passed, unless that echo is `unsure` (_unsure_echoes), and the last one exited `code` (None: the log
    does not say; the last command's code is the script's whether or not it stopped at a failure). A step between
    two echoes (a tool's own `$ eslint lib` under the runner's `$ yarn lint`) shares the status of the echo
    before it."""
    codes: dict[int, int] = {}
    for k, i in enumerate(echoes):
        end = echoes[k + 1] if k + 1 < len(echoes) else max(phase) + 1
        if k + 1 < len(echoes) and echoes[k + 1] not in unsure:
            codes.update(dict.fromkeys(range(i, end), 0))
        elif k + 1 == len(echoes) and code is not None:
            codes.update(dict.fromkeys(range(i, end), code))
    return codes


def _raw(view: View, no: int) -> bytes:
    line = view.get(no)
    return line.raw if line is not None else b""


def _gitlab_script_failed(st: Structure, stages: dict[int, str]) -> bool:
    """Whether the job failed with an exit code (its script's last command's) and uploaded no passing job's
    artifacts."""
    failed = st.primary is not None and st.primary.job_level and bool(st.exit_code)
    return failed and "upload_artifacts_on_success" not in stages.values()


def _gitlab_stages(view: View) -> dict[int, str]:
    """The stage each line is in, by line, from the section markers when the log has them (a command's output
    naming a stage in plain words changes nothing then), else from the lines old runners print."""
    marked = any(b"section_start:" in line.raw for line in view.lines)
    stages: dict[int, str] = {}
    stage: str | None = None
    for line in view.lines:
        if marked and b"section_" in line.raw:
            for section in _gitlab_section().finditer(line.raw):
                stage = section.group(2).decode() if section.group(1) == b"start" else None
        elif not marked and (named := _GITLAB_STAGE.match(line.text)):
            stage = _unmarked_stage(named)
        if stage is not None:
            stages[line.no] = stage
    return stages


# Jenkins' Pipeline prints each step it runs as `[Pipeline] NAME` and each block's braces as `[Pipeline] {` and
# `[Pipeline] }`; a declarative pipeline's `post { }` runs in a block named `Declarative: Post Actions`, a stage's
# own post conditions under a `Post stage` line inside the stage's braces (jenkins.io/doc/book/pipeline/syntax/#post).
_JENKINS_POST = ("[Pipeline] { (Declarative: Post Actions)", "Post stage")
_JENKINS_SHELL = Regex(rf"^(?:{_FREESTYLE_SHELL}\w* |{_FREESTYLE_BATCH})")


def _jenkins_post(view: View, steps: list[tuple[int, str]]) -> set[int]:
    """The start lines of the steps a post block ran (whatever the stages returned): from its opening line to the
    brace that closes the block it lies in."""
    after: set[int] = set()
    depth = 0
    post_depth: int | None = None  # the depth the open post block lies at
    commands = {no for no, _ in steps}
    for line in view.lines:
        text = line.text
        if text == "[Pipeline] {" or text.startswith("[Pipeline] { ("):
            depth += 1
        elif text == "[Pipeline] }":
            depth -= 1
            post_depth = None if post_depth is not None and depth < post_depth else post_depth
        if post_depth is None and text in _JENKINS_POST:
            post_depth = depth
        elif post_depth is not None and line.no in commands:
            after.add(line.no)
    return after


def _jenkins_statuses(st: Structure, view: View) -> list[CiStep]:
    """Jenkins' shell steps' commands whose status the log shows. A `sh` step runs its script with `sh -xe`: each
    command traced as `+ cmd` and the script stopped at the first that fails, failing the step, and a failed step
    stops the pipeline (what runs then is a post block's). So a command the next trace of its step follows passed,
    the commands of a step another step's follow passed unless a `script returned exit code N` lies between (a
    step in `catchError` or `warnError`, which prints it and goes on), and the last command of the last step
    before the post blocks exited the code the job reports (`ERROR: script returned exit code N` at the log's
    end). A `+ cmd` of a post block ran whatever the stages returned. Within a step, a trace after `set +e` or
    after a command that ran a script (whose own `set -x` traces alike, without our `-e`) shows no earlier command
    passed (_unsure_echoes), nor does any in a step whose shell went on after a tool said a command failed
    (_went_on)."""
    starts = sorted(st.steps)
    blocks = _jenkins_blocks(st, view, starts)
    failed = [(f.line, f.exit_code) for f in st.failures if f.job_level and f.exit_code is not None]
    tool_failed = [f.line for f in st.failures if not f.job_level]  # in line order
    branch_failed = [no for no, _ in st.failed_branches]
    codes: dict[int, int] = {}
    for k, (block, kind) in enumerate(blocks):
        until = starts[blocks[k + 1][0][0]][0] if k + 1 < len(blocks) else view.total_lines + 1
        inside = [code for no, code in failed if starts[block[-1]][0] < no < until]
        code = inside[0] if inside else (0 if k + 1 < len(blocks) else None)
        if kind == "branch":
            later = any(
                kind_ == "branch" and _branch(view, starts, b) == _branch(view, starts, block)
                for b, kind_ in blocks[k + 1 :]
            )
            codes.update(_branch_codes(st, view, starts, block, later, failed, tool_failed))
            continue
        if kind == "parallel":
            if code == 0 and not any(starts[block[0]][0] < no < until for no in branch_failed):
                codes.update(dict.fromkeys(block, 0))  # every branch passed: the pipeline went on
            continue
        # a batch script goes on after a failing command: its code is its last command's; so does a shell that
        # traced more after a command's output said it failed
        went_on = kind == "batch" or _went_on(starts, block, tool_failed)
        unsure = set(block[1:]) if went_on else _unsure_echoes(starts, block, traces=True)
        codes.update(_echo_codes(block, block, code, unsure))
    steps = _ci_steps(view, starts, codes, _indices_of(starts, st.after_steps))
    # a branch's step whose lines name it interleaves with the other branches': its lines are no one range
    return [s.model_copy(update={"lines": None}) if s.lines and s.lines.start in view.tasks else s for s in steps]


def branch_steps(view: View, steps: list[int]) -> dict[int, int]:
    """Each line a Jenkins parallel branch printed, where the log names the branch on it (view.tasks, _unbranched):
    the index among `steps` (the lines the log's steps start on, in order) of that branch's own step started last
    at or before it. Its branches' lines interleave: the step started last before a line may be another branch's."""
    if not view.tasks:
        return {}
    index = {no: i for i, no in enumerate(steps)}
    last: dict[str, int] = {}
    out: dict[int, int] = {}
    for no in sorted(view.tasks):
        label = view.tasks[no]
        if no in index:
            last[label] = index[no]
        if label in last:
            out[no] = last[label]
    return out


def _branch(view: View, starts: list[tuple[int, str]], block: list[int]) -> str:
    """The parallel branch whose shell step ran `block` (its lines' `[NAME]`, view.tasks)."""
    return view.tasks.get(starts[block[0]][0], "")


def _branch_codes(
    st: Structure,
    view: View,
    starts: list[tuple[int, str]],
    block: list[int],
    later: bool,
    failed: list[tuple[int, int]],
    tool_failed: list[int],
) -> dict[int, int]:
    """The codes of one shell step of a parallel branch whose lines name it (_jenkins_blocks' "branch"). The branch
    stops at its first failing step (`sh -xe`, as outside a parallel step): a step its branch's next step follows
    passed, and so did every step of a branch that never failed (`Failed in branch NAME`) once the parallel step
    closed. The last step of the one branch that failed exited the code the job reports; with several failed, which
    code is whose the log does not say."""
    label = _branch(view, starts, block)
    span = _span_of(st.parallel, starts[block[0]][0])
    if span is None:
        return {}
    names = [branch_label(name) for no, name in st.failed_branches if span[0] < no <= span[1]]
    closed = view.text(span[1]) == _JENKINS_PARALLEL[1]
    if later or (label not in names and closed):
        code: int | None = 0
    elif label in names and len(names) == 1:
        code = next((c for no, c in failed if no > span[0]), None)
    else:
        code = None
    ours = [no for no in tool_failed if view.tasks.get(no) == label]
    unsure = set(block[1:]) if _went_on(starts, block, ours) else _unsure_echoes(starts, block, traces=True)
    codes: dict[int, int] = {}
    for k, i in enumerate(block):  # the branch's commands interleave with others': each by its own index
        if k + 1 < len(block) and block[k + 1] not in unsure:
            codes[i] = 0
        elif k + 1 == len(block) and code is not None:
            codes[i] = code
    return codes


def _went_on(starts: list[tuple[int, str]], block: list[int], failed: list[int]) -> bool:
    """Whether a step's shell traced another command after a tool said one failed (`failed`: the lines of the tools'
    failure reports, _TOOL_FAILURES: `make: *** [x] Error 2`, `error Command failed with exit code 1.`): a shell
    running with `-e` stops there, so one without it traced these commands (a child script run `bash -x` or by its
    own `#!/bin/bash -x`, whatever its name, or a step's script without `-e`), and no trace of the step shows the
    command before it passed."""
    first, last = starts[block[0]][0], starts[block[-1]][0]
    k = bisect_right(failed, first)
    return k < len(failed) and failed[k] < last


# The Pipeline's parallel step: its branches' lines interleave in the log, with no branch's name on them
# (`[Pipeline] { (Branch: NAME)` opens each), and a branch that failed says so once it closed.
_JENKINS_PARALLEL = ("[Pipeline] parallel", "[Pipeline] // parallel")


def _jenkins_parallel(view: View) -> list[tuple[int, int]]:
    """The outermost parallel steps' spans: from `[Pipeline] parallel` to its `[Pipeline] // parallel` (the log's last
    line when it never closed)."""
    spans: list[tuple[int, int]] = []
    depth = opened = 0
    for line in view.lines:
        if line.text == _JENKINS_PARALLEL[0]:
            opened = line.no if depth == 0 else opened
            depth += 1
        elif line.text == _JENKINS_PARALLEL[1] and depth:
            depth -= 1
            if depth == 0:
                spans.append((opened, line.no))
    if depth and view.lines:
        spans.append((opened, view.lines[-1].no))
    return spans


def _jenkins_blocks(st: Structure, view: View, starts: list[tuple[int, str]]) -> list[tuple[list[int], str]]:
    """The stages' shell steps, each the indices of the commands it ran (a post block's left out) and its kind:
    "sh", "batch" (a `bat` step's, or a freestyle job's batch build step), "parallel" or "branch". Commands between
    two of the Pipeline's step lines (or a freestyle job's build step line) are one step's. In a parallel step, a
    command on a line that names its branch (view.tasks, _unbranched) is its branch's step's, the commands between
    two of that branch's step lines ("branch"); all those of a parallel step whose lines name no branch are one
    block ("parallel"), since which branch ran a command is not shown."""
    boundaries = [
        (line.no, "batch" if text == "[Pipeline] bat" or _FREESTYLE_BATCH_LINE.match(text) else "sh")
        for line in view.lines
        if (text := line.text).startswith("[Pipeline] ") or _jenkins_shell(text)
    ]
    lines = [no for no, _ in boundaries]
    tasks = view.tasks
    by_branch: dict[str, list[int]] = {}  # each branch's own step lines
    for no in lines:
        if no in tasks:
            by_branch.setdefault(tasks[no], []).append(no)
    # (boundary index, parallel, kind, the branch's own boundary line): a parallel step's last
    blocks: dict[tuple[int, bool, str, int], list[int]] = {}
    for i, (no, _) in enumerate(starts):
        if no in st.after_steps:
            continue
        k = bisect_right(lines, no)  # a silent step starts on its boundary's line: it is that boundary's
        span = _span_of(st.parallel, no)
        if span and no in tasks:
            own = by_branch.get(tasks[no], [])
            key = (bisect_left(lines, span[0]), True, "branch", own[bisect_right(own, no) - 1] if own else 0)
        elif span:
            key = (bisect_left(lines, span[0]), True, "parallel", 0)
        else:
            key = (k, False, boundaries[k - 1][1] if k else "sh", 0)
        blocks.setdefault(key, []).append(i)
    return [(blocks[key], key[2]) for key in sorted(blocks)]


def _jenkins_shell(text: str) -> bool:
    return text.startswith("[") and bool(_JENKINS_SHELL.match(text))


# The tasks Azure Pipelines runs after the job's steps whatever they returned: each checkout's post-job task and
# the job's last, `Finalize Job` (learn.microsoft.com/azure/devops/pipelines/process/phases: "Post-job" steps).
_AZURE_POST = ("Post-job: ", "Finalize Job")


def _azure_tasks(view: View, steps: list[tuple[int, str]]) -> list[AzureTask]:
    """Each task (its `##[section]Starting:` line to the next task's): whether it is a post-job task, its
    `##[error]` lines, and whether it reached its `##[section]Finishing:` line."""
    starts = sorted(steps)
    lines = [no for no, _ in starts]
    errors: list[list[str]] = [[] for _ in starts]
    finished = [False] * len(starts)
    for line in view.lines:
        k = bisect_left(lines, line.no + 1) - 1 if line.text.startswith("##[") else -1
        if k >= 0 and line.text.startswith("##[error]"):
            errors[k].append(line.text)
        elif k >= 0 and line.text.startswith("##[section]Finishing: "):
            finished[k] = True
    return [
        AzureTask(title.startswith(_AZURE_POST), tuple(errors[k]), finished[k]) for k, (_, title) in enumerate(starts)
    ]


def _azure_after(st: Structure) -> set[int]:
    """The tasks run once the job had failed: after the first task that wrote an `##[error]` line (a later one ran
    under `condition: failed()` or `always()`, or after a `continueOnError` task: the log does not say which), and
    the post-job tasks."""
    after: set[int] = set()
    failed = False
    for (no, _), task in zip(sorted(st.steps), st.tasks, strict=True):
        if failed or task.post:
            after.add(no)
        failed = failed or (not task.post and bool(task.errors))
    return after


def _azure_statuses(st: Structure, view: View) -> list[CiStep]:
    """Azure Pipelines' tasks whose status the log shows: a task that wrote no `##[error]` line and reached its
    `##[section]Finishing:` line passed (a task fails by writing one: a script task's `##[error]Bash exited with
    code 'N'.`, or the task library's `The process '...' failed with exit code N`); a failing one exited the code
    its error line names (None when it names none); tasks after the first failing one ran once the job had."""
    starts = sorted(st.steps)
    codes: dict[int, int] = {}
    for i, task in enumerate(st.tasks):
        exits = [_int(m.groupdict().get("code")) for text in task.errors if (m := _match_any(text, _JOB_FAILURES))]
        code = next((c for c in exits if c is not None), None)
        if code is not None:
            codes[i] = code
        elif not task.errors and task.finished:
            codes[i] = 0
    return _ci_steps(view, starts, codes, _indices_of(starts, st.after_steps))


# The Buildkite agent's own section headers (buildkite/agent's job executor: `~~~ Preparing working directory`,
# `~~~ Running commands`, `~~~ Running plugin NAME post-command hook`, `~~~ Uploading artifacts`); a script's own
# `--- ` and `+++ ` groups are its output. The hooks after the command run whatever it returned.
_BUILDKITE_PHASE = Regex(
    r"^~~~ (?:(?P<command>Running (?:commands|script|batch script)\b)"
    r"|Running (?:global|local|plugin .{1,100}?|agent) (?P<hook>[\w-]{1,40}) hook"
    r"|(?P<after>Uploading artifacts)|(?P<setup>Preparing|Setting up|Running))"
)
_BUILDKITE_AFTER_HOOKS = frozenset({"post-command", "pre-artifact", "post-artifact", "pre-exit"})
_BUILDKITE_PROMPT = b"\x1b[90m$"  # the agent and its plugins print their prompt's `$` in grey (promptf)


def _buildkite_phases(view: View, steps: list[tuple[int, str]]) -> list[str]:
    """Each step's phase, by its index among the steps: "setup", "command" or "after" (a log without the agent's
    headers is taken for the command's output alone)."""
    marks: list[tuple[int, str]] = []
    for line in view.lines:
        if line.text.startswith("~~~ ") and (m := _BUILDKITE_PHASE.match(line.text)):
            hook = m.group("hook")
            command = m.group("command") or hook == "command"
            after = m.group("after") or hook in _BUILDKITE_AFTER_HOOKS
            marks.append((line.no, "command" if command else "after" if after else "setup"))
    lines = [no for no, _ in marks]
    phases = []
    for no, _ in sorted(steps):
        k = bisect_left(lines, no) - 1
        phases.append(marks[k][1] if k >= 0 else "command")
    return phases


def _buildkite_statuses(st: Structure, view: View) -> list[CiStep]:
    """Buildkite's commands whose status the log shows: the agent's set-up commands passed when it went on to run
    the job's command; the command phase's `$ cmd` prompts are a shell's that stops at the first failing command
    (the agent runs the command with `bash -e -c`), the last exiting the code of `🚨 Error: The command exited with
    status N`; the hooks after it run whatever it returned."""
    starts = sorted(st.steps)
    phases = st.phases
    command = [i for i, phase in enumerate(phases) if phase == "command"]
    codes = {i: 0 for i, phase in enumerate(phases) if phase == "setup" and command and i < command[0]}
    failed = st.primary is not None and st.primary.job_level
    unshown: set[int] = set()
    if command:
        trapped = [i for i in command if _trapped(view, starts[i][0])]  # the agent's prompt, coloured or not
        echoes = trapped or _runners_echoes(view, starts, command, _BUILDKITE_PROMPT)
        shown, unshown = _phase_codes(starts, command, echoes, st.exit_code if failed else None, st.tool_echoes)
        codes.update(shown)
    return _ci_steps(view, starts, codes, _indices_of(starts, st.after_steps), unshown)


_CIRCLECI_EXIT = ("Exited with code ", "CircleCI received exit code ")


def _circleci_after(view: View, steps: list[tuple[int, str]]) -> set[int]:
    """The `run` steps after the first one that exited non-zero: they run `when: on_fail` or `always`."""
    first = next((line.no for line in view.lines if line.text.startswith(_CIRCLECI_EXIT)), None)
    return {no for no, _ in steps if first is not None and no > first}


def _circleci_statuses(st: Structure, view: View) -> list[CiStep]:
    """CircleCI's `run` steps whose status the log shows: a step ends `Exited with code exit status N` when its
    command failed (the step's shell runs `-eo pipefail`), and one the next step's shebang follows without it
    passed (before the failure: after it, steps run whatever the one before returned)."""
    starts = sorted(st.steps)
    lines = [no for no, _ in starts]
    codes: dict[int, int] = {}
    for f in st.failures:
        k = bisect_left(lines, f.line) - 1
        if f.job_level and k >= 0 and f.exit_code is not None:
            codes.setdefault(k, f.exit_code)
    for i, (no, _) in enumerate(starts[:-1]):
        if no not in st.after_steps:
            codes.setdefault(i, 0)
    return _ci_steps(view, starts, codes, _indices_of(starts, st.after_steps))


_AFTER_STEPS = {
    "jenkins": _jenkins_post,
    "circleci": _circleci_after,
}
_STATUSES = {
    "travis": _travis_statuses,
    "github-actions": _gha_statuses,
    "gitlab": _gitlab_statuses,
    "jenkins": _jenkins_statuses,
    "azure": _azure_statuses,
    "buildkite": _buildkite_statuses,
    "circleci": _circleci_statuses,
}
