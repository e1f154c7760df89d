"""The failing step's script, when its shell traced it (`set -x`: a Buildkite `commands:` list, a GitHub Actions
`run:` block): each command it traced is a step of its own, with the status the trace shows (facts/xtrace.py).
Under errexit a command a later trace follows did not fail the step, so its output is a passing step's (silent in
triage's failing view, no vote in the facts' classification); the failing one gets the step's code; where the
trace proves nothing (errexit off) the command's step has no status, as before. Jenkins' `sh` steps trace each
command as a step already (jenkins.py)."""

from __future__ import annotations

from remediate.facts.ci.buildkite import buildkite_phases
from remediate.facts.ci.model import Structure
from remediate.facts.ci.statuses import ci_steps
from remediate.facts.view import View
from remediate.facts.xtrace import failing
from remediate.models import CiStep


def add_traces(st: Structure, view: View) -> None:
    """The failing step's traced commands (Structure.traced) as steps of their own, after the region and the command
    block were read from the runner's steps alone; each one's status in Structure.traces."""
    if st.traced is None or st.region is None:
        return
    taken = {no for no, _ in st.steps}
    for trace, code in zip(st.traced.traces, st.traced.statuses(st.exit_code), strict=True):
        if trace.start not in taken and st.region[0] < trace.start <= st.region[1]:
            st.steps.append((trace.start, trace.command))
            st.traces[trace.start] = code
    st.steps.sort()
    if st.ci == "buildkite":  # each step's phase, by index: the traces are the command's
        st.phases = buildkite_phases(view, st.steps)


def from_failing_trace(st: Structure) -> None:
    """The failing step's output from its failing traced command on (xtrace.failing: the last, or the one an `exit 1`
    handed on): what the commands before it printed are their own steps' (a forgiven linter's report, a passing
    install), not the failure's, for the readers of the failing step's region (the generic readers, its summaries,
    the classification's weights, the excerpt). The runner's step header and its script stay key lines (read before)."""
    if st.traced is None or st.region is None:
        return
    k = failing(st.traced.commands)
    start = st.traced.traces[k].start if k is not None else None
    if start is None or start not in st.traces or start <= st.region[0]:
        return
    first = st.region[0]
    st.region = (start, st.region[1])
    st.regions = [(start, end) if s == first else (s, end) for s, end in st.regions]
    st.key_lines.append(start)


def traced_statuses(st: Structure, view: View, statuses: list[CiStep]) -> list[CiStep]:
    """The steps' statuses with the traced commands' own: the status the trace shows, none where it proves nothing
    (the runner's step they ran in gave them its code: its lines now end before the first)."""
    if not st.traces:
        return statuses
    starts = sorted(st.steps)
    kept = [s for s in statuses if starts[s.step][0] not in st.traces]
    codes = {i: code for i, (no, _) in enumerate(starts) if (code := st.traces.get(no)) is not None}
    return sorted([*kept, *ci_steps(view, starts, codes, set())], key=lambda s: s.step)
