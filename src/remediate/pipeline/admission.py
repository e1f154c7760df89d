"""The guards before any spend: the circuit breaker over the failing commit (with a retry's lineage), one active
attempt per project in the state store, its lease renewed while the run works and released when it ends."""

from __future__ import annotations

import anyio

from remediate import breaker
from remediate.errors import Stop
from remediate.models import GuardEvent, GuardKind, Status
from remediate.pipeline.context import Run
from remediate.state import AttemptRefused, StateError, StateStore, attempt_key


async def admit(run: Run) -> None:
    with run.stage("admit"):
        await _admission(run)


async def _admission(run: Run) -> None:
    """Guards before any spend: the circuit breaker (with its retry lineage), then one active attempt per project."""
    spec, backend = run.spec, run.backend
    assert run.facts is not None and run.check is not None
    commit = await _breaker(run) or spec.commit or ""
    project = spec.project or (str(spec.source_dir) if spec.source_dir is not None else "unknown")
    run.commit, run.project = commit or None, project
    run.attempt_key = attempt_key(project, commit, run.check.command, run.facts.fingerprint_basis(), spec.base)
    store = backend.state
    if store is None:
        return
    retry_of = run.lineage.trip.run_id if run.lineage and run.lineage.trip else None
    try:
        await store.begin(project, run.attempt_key, spec.run_id, backend.lease_s, retry_of=retry_of)
    except AttemptRefused as exc:
        run.events.append(GuardEvent(kind=GuardKind.ATTEMPT_ACTIVE, detail=str(exc)))
        raise Stop(Status.REFUSED, str(exc)) from exc
    except StateError as exc:
        run.events.append(GuardEvent(kind=GuardKind.STATE_UNAVAILABLE, detail=str(exc)))
        raise Stop(Status.REFUSED, f"the attempt store is unavailable (fail closed): {exc}") from exc
    run.registered = spec.run_id
    if run.background is not None:
        run.background.start_soon(_renew_lease, run, store)


async def _breaker(run: Run) -> str | None:
    """The failing commit's SHA when the source has git history; refuses remediate's own commits beyond the
    retry limit, and gives a retry the previous attempt's patch and root cause."""
    spec, policy = run.spec, run.spec.policy
    source = spec.source_dir
    if policy.breaker_generations == 0:
        run.events.append(GuardEvent(kind=GuardKind.BREAKER_OFF, detail="--breaker-generations 0: not checked"))
        return None
    if source is None or not breaker.is_git_tree(source):
        run.events.append(GuardEvent(kind=GuardKind.BREAKER_SKIPPED, detail="the source has no git history to check"))
        return None
    try:
        commits = await breaker.read_commits(source, spec.commit or "HEAD", policy.breaker_generations)
        decision = breaker.decide(commits, policy.breaker_generations, policy.max_retries)
        if decision.trip is not None and not decision.refuse:
            note = await breaker.previous_attempt(source, decision.trip, decision.attempt)
            run.retry_notes.append(run.backend.redactor.redact(note))
    except breaker.BreakerError as exc:
        run.events.append(GuardEvent(kind=GuardKind.BREAKER, detail=str(exc)))
        raise Stop(Status.REFUSED, f"circuit breaker cannot read the failing commit (fail closed): {exc}") from exc
    if decision.trip is not None:
        run.events.append(GuardEvent(kind=GuardKind.BREAKER, detail=decision.message))
        if decision.refuse:
            raise Stop(Status.REFUSED, f"circuit breaker: {decision.message}")
        run.lineage = decision
    return commits[0].sha


async def _renew_lease(run: Run, store: StateStore) -> None:
    """Keep the attempt's lease alive while the run works; a crash stops the renewals."""
    lease = run.backend.lease_s
    while True:
        await anyio.sleep(lease / 3)
        try:
            await store.renew(run.spec.run_id, lease)
        except StateError as exc:
            run.events.append(GuardEvent(kind=GuardKind.LEASE_RENEWAL_FAILED, detail=str(exc)))


async def release(run: Run, status: Status, message: str) -> None:
    store = run.backend.state
    if store is None or run.registered is None:
        return
    try:
        await store.finish(run.registered, status.value, message)
    except StateError as exc:  # the lease then expires on its own
        run.events.append(GuardEvent(kind=GuardKind.STATE_UNAVAILABLE, detail=f"could not close the attempt: {exc}"))
