"""GitHub Actions: a `run:` step's script block and shell, the runner's `Run` groups, its post steps, the job's
failure among several failing steps, and the steps' statuses."""

from __future__ import annotations

from bisect import bisect_right

from remediate.facts.ci.failures import GHA_EXIT, JOB_FAILURES, match_any, primary_failure
from remediate.facts.ci.model import FailurePoint, StepEnd, Structure
from remediate.facts.ci.scripts import MAX_BLOCK_LINES, Block, bounded, logical_commands, one_command_shell
from remediate.facts.ci.statuses import ci_steps
from remediate.facts.lazyregex import Regex
from remediate.facts.reader import gh_step_prefix
from remediate.facts.view import Line, View
from remediate.facts.xtrace import errexit_shell, read_traced, traces_itself
from remediate.models import CiStep

_SCRIPT_END = Regex(r"^(?:shell|with|env): ?|^##\[")
_SHELL = Regex(r"^shell: (.+)$")
_CYAN = (b"\x1b[36;1m", b"[36;1m")  # GitHub Actions echoes a `run:` script in bold cyan


def gha_block(view: View, start: int, end: int) -> Block:
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
    commands = logical_commands(script)
    after = start + len(script) + 1  # the `shell:` line
    traced = read_traced(view, script, after, end, errexit_shell(shell)) if traces_itself(script, shell) else None
    failed = commands[0] if len(commands) == 1 else traced.failed if traced else None
    return bounded(script, failed, one_command_shell(shell, script, commands), traced)


def _cyan(raw: bytes) -> bool:
    return any(marker in raw for marker in _CYAN)


def gha_setup_ranges(view: View) -> list[tuple[int, int]]:
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
            if line.no - start < _GHA_GROUP_LINES:
                ranges.append((start + 1, line.no))
            start = None
    return ranges


# GitHub's runner writes `Post job cleanup.` first in each post step (an action's post script, run after the job's
# steps whatever they returned), and `Cleaning up orphan processes` in the job's last step.
_GHA_POST = ("Post job cleanup.", "Cleaning up orphan processes")
_GHA_GROUP_KEYS = Regex(r"^(?:shell: \S|with:$|env:$)")
_GHA_GROUP_LINES = 400  # a runner's step header lists its script, inputs and environment within these


def gha_post_steps(view: View, steps: list[tuple[int, str]]) -> list[tuple[int, str]]:
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


def gha_action_failures(view: View, st: Structure) -> list[FailurePoint]:
    """The steps that ran an action (`uses:`) and failed by their own message: the step's last line is an
    `##[error]` line (`core.setFailed` writes `::error::MSG`, which the runner prints as `##[error]MSG`, and the
    runner reports no exit code for an action), each a failure point at that line with no code. A `run:` step (its
    group lists its `shell:`) is left out: it fails with `Process completed with exit code N.`, so an `##[error]`
    last in it is a problem matcher's annotation of a step that passed."""
    post = st.post_start if st.post_start is not None else view.total_lines + 1
    starts = [no for no, _ in sorted(st.steps) if no < post and _gha_runner_header(view, no)]
    failed: list[FailurePoint] = []
    for k, no in enumerate(starts):
        last = _last_word(view, no, starts[k + 1] if k + 1 < len(starts) else post)
        if last is not None and not _gha_run_step(view, no) and match_any(last.text, JOB_FAILURES) is None:
            failed.append(FailurePoint(last.no, None, None, job_level=True, end=StepEnd.ACTION_ERROR))
    return failed


def _last_word(view: View, start: int, end: int) -> Line | None:
    """The step's last line (its lines `start` to `end` - 1) when it is an `##[error]` line, else None."""
    last = view.get(end - 1)
    return last if last is not None and last.no > start and last.text.startswith("##[error]") else None


def _gha_run_step(view: View, no: int) -> bool:
    """Whether the runner's `Run` group at line `no` is a `run:` step's: it echoes a script and lists a `shell:`."""
    for line in view.after(no, _GHA_GROUP_LINES):
        if line.text.startswith("##["):
            return False
        if _SHELL.match(line.text):
            return True
    return False


def gha_primary(st: Structure) -> FailurePoint | None:
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
    return failed[-1] if failed else primary_failure(st.failures)


def _gha_stopped_later(st: Structure, failed: list[FailurePoint], f: FailurePoint) -> bool:
    """Whether `f` ended a step without its process exiting (the runner's own stop: a cancel, a time limit, a
    shutdown; or an action's own error message) that started after a step had exited non-zero: a step the runner ran
    once the job had failed (`if: always()`), whose end is not the job's failure (_gha_ran_after; the category
    follows the first failure, triage.exits._ended_later)."""
    if f.end not in _UNEXITED:
        return False
    exited = [e.line for e in failed if e.end is StepEnd.EXITED and e.line < f.line]
    return bool(exited) and any(exited[0] < no < f.line for no, _ in st.steps)


# The ends of a step whose process did not exit with a code of its own: the runner stopped it, or it was an action
_UNEXITED = (StepEnd.STOPPED, StepEnd.ACTION_ERROR)


def gha_statuses(st: Structure, view: View) -> list[CiStep]:
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
    # a traced command of the failing step's script is inside the runner's step (Structure.traces)
    bounds = [
        i for i, (no, _) in enumerate(starts) if no < post and no not in st.traces and _gha_runner_header(view, no)
    ]
    first_post = next((i for i, (no, _) in enumerate(starts) if no >= post), len(starts))
    errors = [(line.no, GHA_EXIT.match(line.text)) for line in view.lines if line.text.startswith("##[error]")]
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
    stops = [bisect_right(starts, (f.line, "")) - 1 for f in st.failures if f.job_level and f.end in _UNEXITED]
    ran_after = _gha_ran_after(codes, first_post, [i for i in stops if 0 <= i < first_post])
    return ci_steps(view, starts, codes, set(range(first_post, len(starts))) | ran_after)


def _gha_ran_after(codes: dict[int, int], first_post: int, stopped: list[int]) -> set[int]:
    """The steps after the last one that exited non-zero whose status the log does not show (no exit line: the
    runner cancelled or timed them out, or an action failed in its own words): the runner ran them only for
    `if: always()`/`failure()` (or after a continue-on-error step), once the job had failed, so what they show is
    vouch-only, as a post step's, never a second failure (the category follows the job's first failure). Where no
    step exited non-zero, the same holds after the first step the runner stopped (`stopped`: the steps its cancel or
    a time limit cut, JOB_FAILURES): a step after it ran only for `if: always()`/`cancelled()` (docs.github.com,
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
