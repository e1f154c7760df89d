"""What the CIs' step statuses share: the steps with a status as Facts.steps holds them (ci_steps), the steps run
after the first failing one (after_first_failure), and the codes of a phase a shell that stops at the first failing
command ran, from the runner's own echoes (GitLab's script, Buildkite's command, a Jenkins `sh` step)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Set

from remediate.facts.ci.model import Structure
from remediate.facts.view import View
from remediate.facts.xtrace import SCRIPT_RUN, errexit_after
from remediate.models import CiStep, LineRange


def indices_of(starts: list[tuple[int, str]], lines: set[int]) -> set[int]:
    """The indices among the step starts of the steps starting on `lines` (Structure.after_steps' line numbers)."""
    return {i for i, (no, _) in enumerate(starts) if no in lines}


def after_first_failure(view: View, steps: list[tuple[int, str]], failed: Callable[[str], bool]) -> set[int]:
    """The steps that start after the first line the CI writes for a failing step (`failed`): they run whatever the
    one before returned (CircleCI's `when: on_fail`/`always` steps, CodeBuild's post_build)."""
    first = next((line.no for line in view.lines if failed(line.text)), None)
    return {no for no, _ in steps if first is not None and no > first}


def stopped_at_failure(st: Structure, view: View) -> list[CiStep]:
    """The statuses of steps that stop at the first failing one (CircleCI's `run` steps, CodeBuild's commands in a
    phase): a step the CI reports failing (`Exited with code exit status N`, `Command did not exit successfully ...
    exit status N`) has its code, one the next step's start follows without it passed (before the failure: after it,
    steps run whatever the one before returned: Structure.after_steps)."""
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


def ci_steps(
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


def phase_codes(
    starts: list[tuple[int, str]], phase: list[int], echoes: list[int], code: int | None, tools: Set[int]
) -> tuple[dict[int, int], set[int]]:
    """The codes of a phase a shell that stops at the first failing command ran (echo_codes), and the steps whose
    status the log does not show. Without the runner's own echoes (colours stripped) no echo shows the one before
    it passed, but the last `$ cmd` echoed that is no tool's known echo (`tools`, the lines of _tool_echoes), the
    runner's or a tool's inside the runner's command, still opens the output that failed: it gets the phase's code
    with the tools' echoes after it, and the commands before it are unshown (failing.py: they may
    vouch for that failure, never compete with it)."""
    if echoes:
        return echo_codes(phase, echoes, code, unsure_echoes(starts, echoes)), set()
    runners = [i for i in phase if starts[i][0] not in tools]  # a tool's own echo is inside a runner's command
    if not runners or code is None:
        return {}, set()
    last = phase.index(runners[-1])
    return dict.fromkeys(phase[last:], code), set(phase[:last])


def runners_echoes(view: View, starts: list[tuple[int, str]], phase: list[int], marker: bytes) -> list[int]:
    """The steps of a phase that are the runner's own echoes: those its colour marks (`marker` in the raw line).
    A log whose colours were stripped (copied from the job page, a raw download run through a cleaner) has none:
    there a tool's own `$ cmd` echo (Yarn's `$ jest`, Bun's, a script's `echo "$ $*"`) looks like the runner's,
    and read as the runner's it would make the command that printed it, the one that failed, read as passed."""
    return [i for i in phase if marker in raw_line(view, starts[i][0])[:120]]


def unsure_echoes(starts: list[tuple[int, str]], echoes: list[int], *, traces: bool = False) -> set[int]:
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
        errexit_off = not errexit_after(title, not errexit_off)
        child = child or (traces and bool(SCRIPT_RUN.match(title)))
        unsafe = ran_off or child
    return unsure


def echo_codes(phase: list[int], echoes: list[int], code: int | None, unsure: set[int]) -> dict[int, int]:
    """The exit codes of a phase's steps, by index, when a shell that stops at the first failing command ran them
    (GitLab's script, Buildkite's commands, a Jenkins `sh` step run with `-xe`): a command the runner's next echo
    follows passed, unless that echo is `unsure` (unsure_echoes), and the last one exited `code` (None: the log
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


def raw_line(view: View, no: int) -> bytes:
    line = view.get(no)
    return line.raw if line is not None else b""
