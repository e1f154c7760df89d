"""The eval runner: cases x attempts through the real `fix` pipeline, concurrently and bounded.

dataset = fixture cases; solver = `run_session`; scorer = scoring.py. Offline, each case's
cassette answers for the model; with a key, the real model does (and `record` refreshes the
cassettes).
"""

from __future__ import annotations

import os
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

import anyio
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from remediate.client import ModelAccess
from remediate.errors import BadInput
from remediate.evals.cases import Case, load_cases
from remediate.evals.prepare import ensure_prepared
from remediate.models import FixReport, Limits, Status
from remediate.sandbox.factory import local_factory
from remediate.session import Backend, FixOutcome, run_session
from remediate.spec import FixSpec, Policy, Settings


class SuiteError(BadInput):
    pass


class Suite(BaseModel):
    """evals/suite.toml"""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    fixtures: Path = Path("fixtures")
    cases: tuple[str, ...] = ("*",)
    attempts: int = Field(default=1, ge=1, le=50)
    concurrency: int = Field(default=2, ge=1, le=64)
    model: str | None = Field(default=None, description="one model for every specialist; None: each its own")
    passes_required: int = Field(default=2, ge=1)

    @classmethod
    def load(cls, path: Path) -> Suite:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            suite = cls.model_validate(data)
        except (OSError, tomllib.TOMLDecodeError, ValidationError) as exc:
            raise SuiteError(f"{path}: {exc}") from exc
        if not suite.fixtures.is_absolute():
            suite = suite.model_copy(update={"fixtures": (path.parent.parent / suite.fixtures).resolve()})
        return suite

    def select(self, pattern: str | None = None) -> list[Case]:
        chosen: dict[str, Case] = {}
        for glob in (pattern,) if pattern else self.cases:
            for case in load_cases(self.fixtures, glob):
                chosen[case.id] = case
        return [chosen[k] for k in sorted(chosen)]


class AttemptResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    case: str
    category: str
    language: str = "python"
    attempt: int
    status: Status
    verified: bool
    protected_violation: bool
    symptom_patch: bool
    tool_calls: int
    model_calls: int
    input_tokens: int
    output_tokens: int
    usd: float
    wall_s: float
    message: str
    trace: str | None = None
    patch: str | None = None
    report: str | None = None


# What the baseline and the report name as the model when none is forced.
SPECIALIST_DEFAULTS = "each specialist's default"


class RunOptions(BaseModel):
    model_config = ConfigDict(frozen=True)

    attempts: int = Field(default=1, ge=1, le=50)
    concurrency: int = Field(default=2, ge=1, le=64)
    model: str | None = None  # None: each specialist runs on its own default model
    live: bool = False
    record: bool = False
    passes_required: int = Field(default=2, ge=1, le=10)
    # Inside a Dagger container the container is the sandbox; bubblewrap may not run there.
    unsafe_no_sandbox: bool = False


REPLAY = "replay.json"


class ReplayRecord(BaseModel):
    """replay.json in an attempt's folder: what the model client of the run saw, which the report does
    not say (whether a client was opened at all, how much of the cassette it served, what it was asked)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    client_opened: bool
    replayed: bool  # a cassette player answered (offline), not a live or recording client
    served: int = 0  # cassette responses served
    interactions: int = 0  # responses the cassette holds
    mismatches: list[str] = []  # requests the cassette did not expect (redacted)
    request_models: list[str] = []  # the model of each request, in order

    @classmethod
    def of(cls, outcome: FixOutcome, redact: Callable[[str], str]) -> ReplayRecord:
        handle = outcome.model_client
        player = handle.player if handle is not None else None
        if player is None:
            return cls(client_opened=handle is not None, replayed=False)
        return cls(
            client_opened=True,
            replayed=True,
            served=player.position,
            interactions=len(player.cassette.interactions),
            mismatches=[redact(m) for m in player.mismatches],
            request_models=[str(r.get("model", "")) for r in player.requests],
        )


def attempt_folder(case_id: str, attempt: int) -> str:
    """Where an attempt's files live, relative to the eval's output directory (reports link to it)."""
    return f"attempts/{case_id}/{attempt}"


def _as_expected(case: Case, report: FixReport) -> bool:
    """A fix counts when verified; a case that expects another status (e.g. different_failure) when it ends so."""
    if case.spec.expect != Status.FIXED:
        return report.status == case.spec.expect
    return report.status == Status.FIXED and bool(report.verification and report.verification.passed)


def score_attempt(case: Case, attempt: int, report: FixReport, wall_s: float, folder: str) -> AttemptResult:
    verification = report.verification
    protected = bool(verification and verification.protected_paths_touched) or any(
        e.kind == "protected_path" for e in report.guard_events
    )
    symptom = bool(verification and verification.symptom_findings)
    return AttemptResult(
        case=case.id,
        category=case.spec.category.value,
        language=case.spec.language,
        attempt=attempt,
        status=report.status,
        verified=_as_expected(case, report),
        protected_violation=protected,
        symptom_patch=symptom,
        tool_calls=report.tool_calls,
        model_calls=report.usage.model_calls,
        input_tokens=report.usage.input_tokens + report.usage.cache_read_tokens + report.usage.cache_write_tokens,
        output_tokens=report.usage.output_tokens,
        usd=round(report.usage.usd, 6),
        wall_s=round(wall_s, 3),
        message=report.message,
        trace=f"{folder}/run.jsonl",
        patch=f"{folder}/fix.patch" if report.patch else None,
        report=f"{folder}/report.json",
    )


async def run_attempt(case: Case, attempt: int, options: RunOptions, out_dir: Path) -> AttemptResult:
    await ensure_prepared(case)
    rel = attempt_folder(case.id, attempt)
    limits = Limits(timeout_s=case.spec.timeout_s, memory_mb=case.spec.memory_mb)
    if options.live:
        # Live: the real model; with record, its answers become the case's cassette.
        access = ModelAccess(
            api_key=Settings().anthropic_api_key,
            cassette=case.cassette if options.record else None,
            record=options.record,
        )
    else:
        access = ModelAccess(cassette=case.cassette if case.cassette.is_file() else None)
    sandboxes = local_factory(
        case.source,
        limits=limits,
        unsafe_no_sandbox=options.unsafe_no_sandbox,
        setup=case.spec.setup,
        extra_tool_paths=case.spec.toolchain().paths,
    )
    backend = Backend.local(sandboxes, access=access)
    spec = FixSpec(
        check=case.spec.check,
        log_path=case.log,
        source_dir=case.source,
        model=options.model,
        run_id=f"{case.id}-{attempt}",
        # The suite already runs `concurrency` cases at once: their verification passes share the cores.
        policy=Policy(
            passes_required=options.passes_required,
            limits=limits,
            parallel_passes=max(1, (os.cpu_count() or 1) // options.concurrency),
        ),
    )
    started = time.monotonic()
    outcome = await run_session(spec, backend, out_dir / rel)
    replay = ReplayRecord.of(outcome, backend.redactor.redact)
    await anyio.Path(out_dir / rel / REPLAY).write_text(replay.model_dump_json(indent=2) + "\n", encoding="utf-8")
    return score_attempt(case, attempt, outcome.report, time.monotonic() - started, rel)


async def run_cases(
    cases: list[Case],
    options: RunOptions,
    out_dir: Path,
    on_result: Callable[[AttemptResult], None] | None = None,
) -> list[AttemptResult]:
    results: list[AttemptResult] = []
    limiter = anyio.CapacityLimiter(options.concurrency)

    async def one(case: Case, attempt: int) -> None:
        async with limiter:
            result = await run_attempt(case, attempt, options, out_dir)
        results.append(result)
        if on_result is not None:
            on_result(result)

    async with anyio.create_task_group() as group:
        for case in cases:
            for attempt in range(1, options.attempts + 1):
                group.start_soon(one, case, attempt)
    return sorted(results, key=lambda r: (r.case, r.attempt))
