"""One place builds a run: `run_session(spec, backend, out) -> FixOutcome`.

The CLI, the Dagger module and the eval runner each describe a run (`FixSpec`) and where it runs
(`Backend`: the sandbox factory, model access, secrets, attempt store); this module owns the rest:
the run record (tracing activate/shutdown) and the artifacts (report.json, fix.patch, run.jsonl,
and the run view run.html rendered from them).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio

from remediate import outfiles
from remediate.client import ClientHandle, ModelAccess
from remediate.facts.redact import Redactor
from remediate.interrupt import Interrupt
from remediate.models import CheckEnvironment, ExecResult, FixReport, Frozen
from remediate.pipeline import run_fix
from remediate.progress import OnEvent
from remediate.runrecord import RECORD, REPORT
from remediate.runview.page import write_run_view
from remediate.sandbox.factory import LocalSandboxes
from remediate.spec import FixSpec
from remediate.state import DEFAULT_LEASE_S, StateStore
from remediate.trace import RunTracer
from remediate.verify import SandboxFactory

PATCH = "fix.patch"
TRACE = RECORD
__all__ = ["PATCH", "REPORT", "TRACE", "Artifacts", "Backend", "FixOutcome", "run_session", "write_artifacts"]


@dataclass
class Backend:
    """Where and with what a run executes; the same spec runs on any backend."""

    open_sandbox: SandboxFactory
    access: ModelAccess = field(default_factory=ModelAccess)
    secrets: tuple[str, ...] = ()
    on_event: OnEvent | None = None  # progress for a person watching (remediate/progress.py)
    # The attempt store (one active attempt per project); None: no admission by state.
    state: StateStore | None = None
    lease_s: float = DEFAULT_LEASE_S
    # Once per run before reproduce: select the work copy, run --setup (a failed setup is bad input).
    prepare: Callable[[], Awaitable[ExecResult | None]] | None = None
    # What the checks run with (PATH, interpreter, work copy), for the report.
    describe_environment: Callable[[], CheckEnvironment] | None = None
    # Called once when the run ends, whatever its end: removes what the backend made for it.
    release: Callable[[], Awaitable[None]] | None = None
    # Set by the CLI: SIGINT/SIGTERM cancel the run's work, which then reports `interrupted`.
    interrupt: Interrupt | None = None
    redactor: Redactor = field(init=False)

    def __post_init__(self) -> None:
        self.redactor = Redactor(self.secrets)

    @classmethod
    def local(cls, sandboxes: LocalSandboxes, **kwargs: Any) -> Backend:
        """A backend over local sandboxes: their factory, setup, environment and cleanup."""
        return cls(
            open_sandbox=sandboxes,
            prepare=sandboxes.prepare,
            describe_environment=sandboxes.environment,
            release=sandboxes.aclose,
            **kwargs,
        )


class Artifacts(Frozen):
    """The files a run leaves in its output directory."""

    directory: Path
    report: Path
    trace: Path
    patch: Path | None = None
    view: Path | None = None  # run.html; None when the record could not be rendered


@dataclass(frozen=True)
class FixOutcome:
    report: FixReport
    artifacts: Artifacts | None = None  # None: the run was given no output directory
    # The model client the run opened (None: no model was asked); a replay's player lists its mismatches.
    model_client: ClientHandle | None = None

    @property
    def attempt_key(self) -> str | None:
        return self.report.attempt_key


async def run_session(spec: FixSpec, backend: Backend, out: Path | None = None) -> FixOutcome:
    """Run `spec` on `backend`. With `out`, record the run there and write its artifacts.

    Never raises for a failed run: every path ends in a typed, redacted FixReport."""
    try:
        if out is None:
            result = await run_fix(spec, backend)
            return FixOutcome(result.report, None, result.client)
        await anyio.Path(out).mkdir(parents=True, exist_ok=True)
        tracer = RunTracer(out / TRACE, backend.redactor)
        try:
            with tracer.activate():
                result = await run_fix(spec, backend, tracer)
        finally:
            tracer.shutdown()
        return FixOutcome(result.report, write_artifacts(out, result.report), result.client)
    finally:
        if backend.release is not None:
            with anyio.CancelScope(shield=True):
                await backend.release()


def write_artifacts(out: Path, report: FixReport) -> Artifacts:
    # Written as fresh files renamed over the names: a link planted there is replaced, not followed.
    outfiles.write_text(out / REPORT, report.model_dump_json(indent=2) + "\n")
    patch = None
    if report.patch:
        patch = out / PATCH
        outfiles.write_new(patch, report.patch.encode("utf-8"))  # the verified bytes (report.patch_sha256)
    else:  # a reused --out holds one run: no patch left from an earlier one
        outfiles.remove(out / PATCH)
    view = write_run_view(out)
    return Artifacts(directory=out, report=out / REPORT, trace=out / TRACE, patch=patch, view=view)
