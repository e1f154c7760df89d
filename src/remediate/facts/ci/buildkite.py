"""Buildkite: the agent's `$ cmd` prompts (the job's command wrapped in its signal trap), its phases (set-up,
command, hooks after), the command block (traced or not), and the commands' statuses."""

from __future__ import annotations

from bisect import bisect_left

from remediate.facts.ci.model import Structure
from remediate.facts.ci.scripts import CI_SHELLS, MAX_BLOCK_LINES, Block, bounded, continued, logical_commands
from remediate.facts.ci.statuses import ci_steps, indices_of, phase_codes, raw_line, runners_echoes
from remediate.facts.lazyregex import Regex
from remediate.facts.view import View
from remediate.facts.xtrace import first_trace, read_traced, traces_itself
from remediate.models import CiStep


def buildkite_steps(view: View) -> list[tuple[int, str]]:
    """Buildkite echoes each command as `$ cmd` behind its own timestamp escape (not a scan marker); the agent's
    prompt of the job's command is wrapped in its signal trap (_BUILDKITE_TRAP), which is not the user's command."""
    return [(line.no, line.text[2:].strip().removeprefix(_BUILDKITE_TRAP)) for line in view.lines if _echoed(line.text)]


# buildkite/agent (internal/job/command.go, defaultCommandPhase) runs the step's whole `command` (a list's lines joined
# by newlines) as one `bash -e -c` script and prompts it once (shell/logger.go Promptf: `$ ` and the script, its later
# lines unprefixed), after `trap 'kill -- $$' INT TERM QUIT; ` on a POSIX shell unless the agent runs with the
# avoid-recursive-trap experiment. Only the agent writes that trap: its prompt, colours stripped or not.
_BUILDKITE_TRAP = "trap 'kill -- $$' INT TERM QUIT; "
BUILDKITE_TRAPPED = "$ " + _BUILDKITE_TRAP


def is_trapped(view: View, no: int) -> bool:
    """Whether line `no` is the Buildkite agent's prompt of the job's command (_BUILDKITE_TRAP)."""
    return view.text(no).startswith(BUILDKITE_TRAPPED)


def _echoed(text: str) -> bool:
    return text.startswith("$ ") and bool(text[2:].strip())


def buildkite_block(view: View, start: int, end: int) -> Block:
    """The Buildkite agent prompts the job's whole command once, its later lines unprefixed, and its output follows
    with nothing between (_BUILDKITE_TRAP): the command is the prompt's and the lines it carries on to (continued).
    Which of its commands failed the log does not show (`bash -e` stops there, echoing nothing): none is named."""
    first = view.text(start)[len(BUILDKITE_TRAPPED) :]
    script = continued([first, *(line.text for line in view.after(start, min(MAX_BLOCK_LINES, end - start - 1)))])
    return bounded(script, None, CI_SHELLS["buildkite"])


def agents_only_prompt(st: Structure, view: View, start: int) -> bool:
    """Whether line `start` is the command phase's only prompt in the agent's grey (_BUILDKITE_PROMPT): the agent's
    prompt of the job's whole command, which an agent without the signal trap writes bare (`$ cmd1`, `cmd2`...)."""
    command = [no for (no, _), phase in zip(sorted(st.steps), st.phases, strict=True) if phase == "command"]
    return [no for no in command if _BUILDKITE_PROMPT in raw_line(view, no)[:120]] == [start]


def buildkite_traced(view: View, start: int, end: int) -> Block | None:
    """The agent's prompt of the job's command when the command traces itself (`set -x`, `set -euxo pipefail`):
    bash's first trace (`+ cmd`, or behind the PS4 the script assigns) ends the prompted script (its later lines
    unprefixed, buildkite_block), and the script's traces, run with `bash -e`, say which command failed and which
    did not stop it (facts/xtrace.py). None when no trace follows or the script before it turns on no tracing (a
    `+ ` line is then output)."""
    first = view.text(start)[2:].removeprefix(_BUILDKITE_TRAP)
    following = [line.text for line in view.after(start, min(MAX_BLOCK_LINES, end - start - 1))]
    at = first_trace(following)
    if at is None:
        return None
    script = [first, *following[:at]]
    if not logical_commands(script) or not traces_itself(script, None):
        return None
    traced = read_traced(view, script, start + at, end, errexit=True)
    return bounded(script, traced.failed if traced else None, CI_SHELLS["buildkite"], traced)


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


def buildkite_phases(view: View, steps: list[tuple[int, str]]) -> list[str]:
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


def buildkite_statuses(st: Structure, view: View) -> list[CiStep]:
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
        trapped = [i for i in command if is_trapped(view, starts[i][0])]  # the agent's prompt, coloured or not
        echoes = trapped or runners_echoes(view, starts, command, _BUILDKITE_PROMPT)
        shown, unshown = phase_codes(starts, command, echoes, st.exit_code if failed else None, st.tool_echoes)
        codes.update(shown)
    return ci_steps(view, starts, codes, indices_of(starts, st.after_steps), unshown)
