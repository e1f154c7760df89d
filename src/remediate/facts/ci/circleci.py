"""CircleCI: `run` steps opened by their shell's shebang, their command block, the steps run after a failing
one, and the steps' statuses."""

from __future__ import annotations

from bisect import bisect_left

from remediate.facts.ci.model import Structure
from remediate.facts.ci.scripts import MAX_BLOCK_LINES, Block, bounded, continued, logical_commands
from remediate.facts.ci.statuses import ci_steps, indices_of
from remediate.facts.lazyregex import Regex
from remediate.facts.view import View
from remediate.models import CiStep

_CIRCLECI_STEP = Regex(r"^#!/\S+(?: \S+)*$")


def circleci_steps(view: View) -> list[tuple[int, str]]:
    """A CircleCI `run` step's output opens with its shell's shebang, then the command."""
    steps: list[tuple[int, str]] = []
    for line in view.lines:
        if line.text.startswith("#!/") and _CIRCLECI_STEP.match(line.text):
            command: list[str] = []
            for following in view.after(line.no, MAX_BLOCK_LINES):  # a command continued by `\`: all of it
                command.append(following.text)
                if not following.text.rstrip().endswith("\\"):
                    break
            logical = logical_commands(command)
            steps.append((line.no, logical[0] if logical else command[0].strip() if command else line.text))
    return steps


def circleci_block(view: View, start: int, end: int) -> Block:
    """CircleCI prints a `run` step's command right after its shell's shebang and then its output,
    with nothing between: the command is the line after the shebang and those it carries on to (continued)."""
    script = continued([line.text for line in view.after(start, min(MAX_BLOCK_LINES, end - start - 1))])
    shebang = view.get(start)
    commands = logical_commands(script)
    return bounded(script, commands[0] if len(commands) == 1 else None, shebang.text[2:] if shebang else None)


_CIRCLECI_EXIT = ("Exited with code ", "CircleCI received exit code ")


def circleci_after(view: View, steps: list[tuple[int, str]]) -> set[int]:
    """The `run` steps after the first one that exited non-zero: they run `when: on_fail` or `always`."""
    first = next((line.no for line in view.lines if line.text.startswith(_CIRCLECI_EXIT)), None)
    return {no for no, _ in steps if first is not None and no > first}


def circleci_statuses(st: Structure, view: View) -> list[CiStep]:
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
    return ci_steps(view, starts, codes, indices_of(starts, st.after_steps))
