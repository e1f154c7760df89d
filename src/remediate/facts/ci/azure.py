"""Azure Pipelines: tasks (`##[section]Starting: STEP`), an inline script's block or the `[command]` a task ran,
post-job tasks and the tasks' statuses."""

from __future__ import annotations

from bisect import bisect_left

from remediate.facts.ci.failures import JOB_FAILURES, int_or_none, match_any
from remediate.facts.ci.model import AzureTask, Structure
from remediate.facts.ci.scripts import MAX_BLOCK_LINES, Block, bounded, logical_commands, one_command_shell
from remediate.facts.ci.statuses import ci_steps, indices_of
from remediate.facts.lazyregex import Regex
from remediate.facts.view import View
from remediate.models import CiStep

# Step starts read from the view's lines for the CIs whose step lines the scan does not mark.
_AZURE_STEP = Regex(r"^##\[section\]Starting: (.+)$")


def azure_steps(view: View) -> list[tuple[int, str]]:
    return [(line.no, m.group(1).strip()) for line in view.lines if (m := _AZURE_STEP.match(line.text))]


_AZURE_OUTPUT = Regex(r"^=+ Starting Command Output =+$")
_AZURE_COMMAND = Regex(r"^\[command\](.+)$")
# The program a script task runs its script with and the program's options, on the `[command]` line after the rule:
# `/usr/bin/bash --noprofile --norc /home/vsts/work/_temp/X.sh` (the CmdLine and Bash tasks on Linux and macOS, errexit
# off: github.com/microsoft/azure-pipelines-agent/issues/1803), `"C:\Windows\system32\cmd.exe" /D /E:ON ...` on Windows.
_AZURE_SHELL = Regex(r'^\[command\](?P<shell>(?:"[^"]{1,300}"|\S{1,300})(?:\s+--?[A-Za-z][\w-]{0,40})*)')


def azure_block(view: View, start: int, end: int) -> Block:
    """An Azure script task prints its inline script between `Script contents:` and the
    `Starting Command Output` rule, then the shell it runs it with (_AZURE_SHELL); other tasks name the tool they
    run as `[command]...`."""
    script: list[str] | None = None
    command = None
    for line in view.after(start, end - start):
        text = line.text
        if script is None and text == "Script contents:":
            script = []
        elif script is not None and _AZURE_OUTPUT.match(text):
            commands = logical_commands(script)
            shown = _AZURE_SHELL.match(view.text(line.no + 1))
            shell = one_command_shell(shown.group("shell") if shown else None, script, commands)
            return bounded(script, commands[0] if len(commands) == 1 else None, shell)
        elif script is not None and len(script) <= MAX_BLOCK_LINES:
            script.append(text)
        elif text.startswith("[command]"):
            m = _AZURE_COMMAND.match(text)
            command = m.group(1).strip() if m else command
    return Block(command, command) if command else Block()


# The tasks Azure Pipelines runs after the job's steps whatever they returned: each checkout's post-job task and
# the job's last, `Finalize Job` (learn.microsoft.com/azure/devops/pipelines/process/phases: "Post-job" steps).
_AZURE_POST = ("Post-job: ", "Finalize Job")


def azure_tasks(view: View, steps: list[tuple[int, str]]) -> list[AzureTask]:
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


def azure_after(st: Structure) -> set[int]:
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


def azure_statuses(st: Structure, view: View) -> list[CiStep]:
    """Azure Pipelines' tasks whose status the log shows: a task that wrote no `##[error]` line and reached its
    `##[section]Finishing:` line passed (a task fails by writing one: a script task's `##[error]Bash exited with
    code 'N'.`, or the task library's `The process '...' failed with exit code N`); a failing one exited the code
    its error line names (None when it names none); tasks after the first failing one ran once the job had."""
    starts = sorted(st.steps)
    codes: dict[int, int] = {}
    for i, task in enumerate(st.tasks):
        exits = [int_or_none(m.groupdict().get("code")) for text in task.errors if (m := match_any(text, JOB_FAILURES))]
        code = next((c for c in exits if c is not None), None)
        if code is not None:
            codes[i] = code
        elif not task.errors and task.finished:
            codes[i] = 0
    return ci_steps(view, starts, codes, indices_of(starts, st.after_steps))
