"""CircleCI: `run` steps opened by their shell's shebang, their command block and the steps run after a failing
one (their statuses: statuses.stopped_at_failure)."""

from __future__ import annotations

from remediate.facts.ci.scripts import MAX_BLOCK_LINES, Block, bounded, continued, logical_commands, one_command_shell
from remediate.facts.ci.statuses import after_first_failure
from remediate.facts.lazyregex import Regex
from remediate.facts.view import View

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
    shell = one_command_shell(shebang.text[2:] if shebang else None, script, commands)
    return bounded(script, commands[0] if len(commands) == 1 else None, shell)


_CIRCLECI_EXIT = ("Exited with code ", "CircleCI received exit code ")


def circleci_after(view: View, steps: list[tuple[int, str]]) -> set[int]:
    """The `run` steps after the first one that exited non-zero: they run `when: on_fail` or `always`."""
    return after_first_failure(view, steps, lambda text: text.startswith(_CIRCLECI_EXIT))
