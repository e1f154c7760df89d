"""Gradle's own failure block: `* What went wrong:`, its first line and the `> ` causes below it
(each nested cause indented further), after an optional `* Where:` naming the build script's
line. What went wrong says what kind of failure it is: a task's (by what the task does and the
cause Gradle gives), a dependency Gradle could not resolve (or a repository it could not reach),
the build script's own mistake, or a task the project does not define. A failure whose meaning
Gradle does not say (an `Exec` task's command exiting non-zero) is only shown: the tool that ran
inside says why."""

from __future__ import annotations

from typing import NamedTuple

from remediate.facts.meaning import task_failure, unreachable
from remediate.facts.parsers.base import Regex
from remediate.facts.view import View
from remediate.models import Category

BLOCK_LINES = 40  # a block longer than this (a long dependency chain) is read in part

_EXECUTION = Regex(r"^Execution failed for task '(?:[\w.-]*:)*(?P<name>[\w.-]+)'\.$")
_WHERE = Regex(r"^(?:Build|Settings|Script|Initialization script) file '(?P<file>[^']+)' line: (?P<line>\d+)$")
_CAUSE = Regex(r"^\s*> (?P<cause>.+)$")


class Failure(NamedTuple):
    """What Gradle says went wrong: its message (the first line and each `> ` cause), the block's
    last line, and what it means (UNKNOWN and no code when Gradle does not say)."""

    message: str
    end: int
    category: Category
    code: str | None
    file: str | None = None
    line: int | None = None


def what_went_wrong(view: View, no: int) -> Failure | None:
    """The block under `* What went wrong:` at line `no` (None if the heading has no line below)."""
    lines = []
    for line in view.after(no, BLOCK_LINES):
        if not line.text.strip() or line.text.startswith("* "):
            break
        lines.append(line)
    if not lines:
        return None
    first = lines[0].text.strip()
    causes = [m["cause"].strip() for line in lines[1:] if (m := _CAUSE.match(line.text))]
    category, code = _meaning(first, causes)
    file, at = _where(view, no)
    message = " > ".join([first, *causes])
    return Failure(message, lines[-1].no, category, code, file, at)


def _meaning(first: str, causes: list[str]) -> tuple[Category, str | None]:
    said = [first, *causes]
    if any(unreachable(text) for text in causes):  # the repository could not be reached, not the artifact found missing
        return Category.INFRA, "repository-unreachable"
    task = m["name"] if (m := _EXECUTION.match(first)) else None
    if failure := task_failure("gradle", said, task):  # what Gradle's words or the task's name mean (facts.meaning)
        return failure.category, failure.code
    return Category.UNKNOWN, None


def _where(view: View, no: int) -> tuple[str | None, int | None]:
    """The build script's place from the `* Where:` section just above, if there is one."""
    for above in range(no - 1, max(no - 4, 0), -1):
        if m := _WHERE.match(view.text(above).strip()):
            return m["file"], int(m["line"])
    return None, None
