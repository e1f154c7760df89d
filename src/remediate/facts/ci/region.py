"""Where the job failed: the failing step's start and output (its region), its command block by CI
(command_block), and the key lines always worth showing (the job's name, the failing step and its script)."""

from __future__ import annotations

from remediate.facts.ci.azure import azure_block
from remediate.facts.ci.buildkite import agents_only_prompt, buildkite_block, buildkite_traced, is_trapped
from remediate.facts.ci.circleci import circleci_block
from remediate.facts.ci.github import gha_block
from remediate.facts.ci.jenkins import (
    FREESTYLE_BATCH,
    FREESTYLE_SHELL,
    bat_echo,
    in_parallel,
    jenkins_stage,
    silent,
    step_shell,
)
from remediate.facts.ci.model import FailurePoint, Structure
from remediate.facts.ci.scripts import CI_SHELLS, Block, bounded, echoed_shell, failed_title
from remediate.facts.lazyregex import Regex
from remediate.facts.reader import gh_step_prefix
from remediate.facts.view import View
from remediate.facts.xtrace import failing

_JOB_NAME = Regex(r"^Complete job name: (.+)$")
SCRIPT_LINES = 4  # lines of the failing step's script shown after its header
_ECHOES = ("$ ", "+ ")  # a shell's echo of the command it runs


def mark_key_lines(st: Structure, view: View) -> None:
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
    if view.text(header).startswith(_ECHOES) or bat_echo(view.text(header)):
        return []
    script: list[int] = []
    for line in view.after(header, SCRIPT_LINES):
        text = line.text
        if not text.strip() or text.startswith(("shell:", "##[")) or text.strip() == "env:":
            break
        script.append(line.no)
    return script


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


_HANDED_ON_TRACES = 10  # an `exit 1` and the messages before it hand on the failure of the trace before them


def _handed_on(st: Structure, view: View, start: tuple[int, str] | None) -> tuple[int, str] | None:
    """On Jenkins, where each traced command is a step: the trace whose failure an `exit 1` at the failing step's end
    (and the messages before it) handed on (`cmd || { echo failed; exit 1; }`, xtrace.failing), in the same shell
    step, whose output is the failure's; else `start`."""
    if st.ci != "jenkins" or start is None:
        return start
    tail = [step for step in st.steps if step[0] <= start[0]][-_HANDED_ON_TRACES:]
    k = failing([title for _, title in tail])
    if k is None or any(view.text(no).startswith("[Pipeline] ") for no in range(tail[k][0], start[0])):
        return start
    return tail[k]


def locate_region(st: Structure, view: View, gh_steps: dict[int, str]) -> None:
    assert st.primary is not None
    end = st.primary.line
    for failure in st.failures:
        if failure.job_level:
            start = _handed_on(st, view, _step_start(st, failure))
            if start is not None and all(start[0] > r[1] for r in st.regions):
                st.regions.append((start[0], _output_end(st, start[0], failure.line)))
    st.failing_command = st.primary.command
    start = _handed_on(st, view, _step_start(st, st.primary))
    if start is not None:
        start_line, title = start
        st.region = (start_line, _output_end(st, start_line, end))
        st.failing_step = gh_steps.get(start_line) or (f"Run {title}" if st.ci == "github-actions" else title)
        if silent(title):  # a step that showed no command names none: its stage names it
            st.failing_step = jenkins_stage(view, start_line) or title
        elif st.ci in ("cloudbuild", "teamcity"):  # their logs show no step's script: the step is named, no command
            pass
        else:
            st.failing_command = st.failing_command or title
            block = command_block(st, view, start_line, end)
            st.failing_command, st.failed_line, st.shell = block.text or st.failing_command, block.failed, block.shell
            st.traced = block.traced
    elif st.primary.command and st.primary.names_command and not st.primary.job_level:
        st.failed_line = st.primary.command  # no step shown: the tool that ran it names the command
    last = view.get(end)
    prefix = gh_step_prefix(last.raw) if last is not None else None
    if prefix:
        st.failing_step = prefix
    if st.parallel and st.region is not None:
        in_parallel(st, view)


def _output_end(st: Structure, start: int, failure: int) -> int:
    """The last line of the failing step's output: the line before the first step run whatever the script
    returned (GitLab reports the job's failure after its after_script), else the failure's line."""
    return min((no - 1 for no in st.after_steps if start < no < failure), default=failure)


_STAGE = Regex(
    r'^Executing "(?:step_script|build_script|after_script)" stage|^\[Pipeline\] (?:sh|bat)\b'
    r"|^~~~ Running (?:commands|script|batch script)\b"  # Buildkite
    rf"|^{FREESTYLE_SHELL}|^{FREESTYLE_BATCH}"  # a Jenkins freestyle job's shell or batch build step
)


def command_block(st: Structure, view: View, start: int, end: int) -> Block:
    """The failing step's whole command block and, when the log shows it, the line that failed."""
    if st.ci == "github-actions":
        return gha_block(view, start, end)
    if st.ci == "azure":
        return azure_block(view, start, end)
    if st.ci == "circleci":
        return circleci_block(view, start, end)
    if st.ci == "buildkite" and (is_trapped(view, start) or agents_only_prompt(st, view, start)):
        traced = buildkite_traced(view, start, end)
        if traced is not None or is_trapped(view, start):
            return traced or buildkite_block(view, start, end)
    # GitLab / Travis / Jenkins echo each command (`$ cmd`, `+ cmd`): the block is the commands
    # echoed since the stage began (not a tool's own echoes), and the failed one is the last before the failure.
    stage = max((line.no for line in view.lines if line.no < start and _STAGE.match(line.text)), default=0)
    titles = (
        [title for no, title in st.steps if stage < no <= start and no not in st.tool_echoes and not silent(title)]
        if stage
        else [title for no, title in st.steps if no == start]
    )
    if st.primary is not None and st.primary.command:
        titles = [st.primary.command]
    return bounded(titles, failed_title(titles, traced=st.ci == "jenkins"), _echoing_shell(st, view, stage, start))


def _echoing_shell(st: Structure, view: View, stage: int, start: int) -> str | None:
    """The shell of a CI that echoes each command (scripts.CI_SHELLS; a Jenkins step's by its line, from line `stage`
    on, jenkins.step_shell), with what the commands it echoed before line `start` since `stage` set (scripts.
    echoed_shell: Travis runs every stage's lines in one bash, so all it echoed before)."""
    shell = step_shell(view.text(stage)) if st.ci == "jenkins" else CI_SHELLS.get(st.ci)
    echoed = [title for no, title in st.steps if stage < no < start and no not in st.tool_echoes]
    return echoed_shell(shell, echoed) if shell else None
