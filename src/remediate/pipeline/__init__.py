"""One `fix`: facts -> reproduce -> triage -> prefix -> specialist -> verify -> report.

Nothing here knows which sandbox backend runs it or whether the model is live or replayed.
Every path out of `run_fix` is a typed FixReport; nothing raises to the caller.

flow holds run_fix and the stages in order; context the run's context (RunDeps, Run) and what several stages ask
of it; clients the run's one model client; admission the guards before any spend (circuit breaker, one active
attempt per project, its lease); stages the specialists' stages, one for every failure of the job; specialist one
specialist's model loop with its context providers.
"""

from remediate.pipeline.context import RunDeps
from remediate.pipeline.flow import PipelineResult, run_fix

__all__ = ["PipelineResult", "RunDeps", "run_fix"]
