"""The attempt store: one active attempt per project, leases that expire, idempotent effects.

A SQLite file by default; a PostgreSQL URL (`postgresql://...`) when runners share state.

- `attempts`: one row per run. A partial unique index on `project` over the rows whose status
  is `running` lets the database, not a race between two processes, decide who runs: the
  second insert fails and that run is refused. An attempt holds a lease (`expires_at`) that
  the running process renews; an attempt whose lease ran out (its process crashed or was
  killed) is marked `expired` by the next attempt on the project, which then proceeds.
- the outcome lifecycle: a published fix keeps its row active as `pr_open` (the same partial
  unique index covers it, so a second failure while a fix PR is pending is refused with a link
  to that PR, not duplicated); `record_outcome` ends it `succeeded` (the watched workflow passed
  on the fix), `failed` (it failed, or the PR was closed unmerged) or `cancelled` (a person).
  A retry of a failed fix is a new row with `attempt_no` + 1 and `retry_of` the failed run.
- `effects`: one row per side effect (apply, publish) and idempotency key
  (`keys.idempotency_key`: project, failing commit, check, facts fingerprint). The primary
  key makes the claim atomic: the same key never acts twice. A claim records an effect that
  happened: when the effect fails (the patch does not apply, the push or the PR fails) the run
  releases its claim, so a rerun of the same failure may act.

Every operation opens its own connection and runs in a worker thread; failures raise
`StateError`, which the pipeline turns into a refusal (fail closed).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import anyio

from remediate import outfiles
from remediate.errors import Refused
from remediate.keys import idempotency_key

RUNNING = "running"
EXPIRED = "expired"
PR_OPEN = "pr_open"
SUCCEEDED = "succeeded"
FAILED = "failed"
CANCELLED = "cancelled"
# Statuses that hold the project's one active slot; every other status is final.
ACTIVE = (RUNNING, PR_OPEN)
OUTCOMES = (SUCCEEDED, FAILED, CANCELLED)
DEFAULT_LEASE_S = 120.0
# An open fix PR holds the project's slot until CI reports an outcome; one nobody reports on frees it after this.
PR_OPEN_TTL_S = 7 * 24 * 3600.0
_EXPIRED_MESSAGE = "lease expired: the run stopped renewing it (crashed or killed)"

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS attempts (
        run_id TEXT PRIMARY KEY,
        project TEXT NOT NULL,
        idem_key TEXT NOT NULL,
        status TEXT NOT NULL,
        started_at DOUBLE PRECISION NOT NULL,
        expires_at DOUBLE PRECISION NOT NULL,
        finished_at DOUBLE PRECISION,
        message TEXT NOT NULL DEFAULT ''
    )""",
    # v1 of the wall covered `running` only; v2 covers every non-final status (open PRs included).
    "DROP INDEX IF EXISTS attempts_one_active",
    # The wall: at most one non-final attempt per project, enforced by the database.
    "CREATE UNIQUE INDEX IF NOT EXISTS attempts_one_active_v2 ON attempts (project) "
    f"WHERE status IN ('{RUNNING}', '{PR_OPEN}')",
    "CREATE INDEX IF NOT EXISTS attempts_by_key ON attempts (idem_key)",
    """CREATE TABLE IF NOT EXISTS effects (
        idem_key TEXT NOT NULL,
        kind TEXT NOT NULL,
        run_id TEXT NOT NULL,
        created_at DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (idem_key, kind)
    )""",
    # What a published attempt opened, and how it ended (one row per published run).
    """CREATE TABLE IF NOT EXISTS publications (
        run_id TEXT PRIMARY KEY,
        project TEXT NOT NULL,
        branch TEXT NOT NULL,
        pr_url TEXT NOT NULL DEFAULT '',
        attempt_no INTEGER NOT NULL DEFAULT 1,
        retry_of TEXT,
        published_at DOUBLE PRECISION NOT NULL,
        outcome TEXT,
        outcome_at DOUBLE PRECISION
    )""",
    "CREATE INDEX IF NOT EXISTS publications_by_branch ON publications (branch)",
)


class StateError(Refused):
    """The store cannot be reached or used."""


@dataclass(frozen=True)
class Attempt:
    run_id: str
    project: str
    key: str
    status: str
    started_at: float
    expires_at: float
    message: str = ""


@dataclass(frozen=True)
class Published:
    project: str
    branch: str
    pr_url: str
    attempt_no: int = 1
    retry_of: str | None = None


@dataclass(frozen=True)
class Publication:
    run_id: str
    project: str
    branch: str
    pr_url: str
    attempt_no: int
    retry_of: str | None
    published_at: float
    started_at: float
    status: str  # the attempt's status


@dataclass(frozen=True)
class OutcomeChange:
    publication: Publication
    status: str  # the attempt's status after the call
    changed: bool
    at: float | None = None

    @property
    def recovery_s(self) -> float | None:
        """From the start of the attempt (the failure was known) to the outcome."""
        return None if self.at is None else max(self.at - self.publication.started_at, 0.0)


class AttemptRefused(Refused):
    """Another attempt on the same project is active: running with a live lease, or its fix PR is open."""

    def __init__(self, active: Attempt, publication: Publication | None = None) -> None:
        if active.status == PR_OPEN and publication is not None:
            text = (
                f"a remediate fix is pending on {active.project}: {publication.pr_url or publication.branch} "
                f"(run {active.run_id}); this failure waits for its outcome"
            )
        else:
            text = (
                f"another remediate run ({active.run_id}) is active on {active.project}; "
                f"its lease ends in {max(active.expires_at - time.time(), 0):.0f}s"
            )
        super().__init__(text)
        self.active = active
        self.publication = publication


@dataclass(frozen=True)
class EffectClaim:
    acted: bool  # True: this run may act; False: the key already acted
    run_id: str  # the run that holds the claim


class _Cursor(Protocol):
    def execute(self, query: Any, params: Sequence[Any] = ...) -> Any: ...
    def fetchone(self) -> Any: ...


Clock = Callable[[], float]


def _row(row: Sequence[Any]) -> Attempt:
    run_id, project, key, status, started, expires, message = row
    return Attempt(str(run_id), str(project), str(key), str(status), float(started), float(expires), str(message))


def _publication(row: Sequence[Any]) -> Publication:
    run_id, project, branch, url, attempt_no, retry_of, published, started, status = row
    return Publication(
        str(run_id), str(project), str(branch), str(url), int(attempt_no), None if retry_of is None else str(retry_of),
        float(published), float(started), str(status),
    )  # fmt: skip


_SELECT_PUBLICATION = (
    "SELECT p.run_id, p.project, p.branch, p.pr_url, p.attempt_no, p.retry_of, p.published_at, a.started_at, a.status "
    "FROM publications p JOIN attempts a ON a.run_id = p.run_id"
)
_SELECT_ATTEMPT = "SELECT run_id, project, idem_key, status, started_at, expires_at, message FROM attempts"


class StateStore:
    """The SQL both backends share; subclasses open connections and name integrity errors."""

    integrity_errors: tuple[type[BaseException], ...] = ()

    def __init__(self, clock: Clock = time.time) -> None:
        self.clock = clock

    # ------------------------------------------------------------ backend hooks

    @contextmanager
    def _transaction(self) -> Iterator[_Cursor]:
        raise NotImplementedError

    def _sql(self, query: str) -> str:
        return query

    def describe(self) -> str:
        raise NotImplementedError

    # ------------------------------------------------------------ synchronous API

    def init(self) -> None:
        with self._transaction() as cur:
            for statement in SCHEMA:
                cur.execute(statement)

    def begin_sync(self, project: str, key: str, run_id: str, lease_s: float, retry_of: str | None = None) -> Attempt:
        """Take the project's one active slot. A retry of the attempt holding it (its fix failed CI) closes
        that attempt as `failed` in the same transaction: the retry is linked, not refused."""
        now = self.clock()
        try:
            with self._transaction() as cur:
                cur.execute(
                    self._sql(
                        "UPDATE attempts SET status = ?, finished_at = ?, message = ? "
                        "WHERE project = ? AND status IN (?, ?) AND expires_at < ?"
                    ),
                    (EXPIRED, now, _EXPIRED_MESSAGE, project, *ACTIVE, now),
                )
                if retry_of:
                    cur.execute(
                        self._sql("UPDATE attempts SET status = ?, finished_at = ?, message = ? "
                                  "WHERE run_id = ? AND project = ? AND status = ?"),
                        (FAILED, now, f"its fix failed; retried by {run_id}", retry_of, project, PR_OPEN),
                    )  # fmt: skip
                    cur.execute(
                        self._sql("UPDATE publications SET outcome = ?, outcome_at = ? "
                                  "WHERE run_id = ? AND outcome IS NULL"),
                        (FAILED, now, retry_of),
                    )  # fmt: skip
                cur.execute(
                    self._sql(
                        "INSERT INTO attempts (run_id, project, idem_key, status, started_at, expires_at, message) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)"
                    ),
                    (run_id, project, key, RUNNING, now, now + lease_s, ""),
                )
        except self.integrity_errors:
            active = self.active_sync(project)
            if active is None:  # it finished between our insert and this read: the caller may retry
                raise StateError(f"attempt on {project} raced with another run; retry") from None
            raise AttemptRefused(active, self.publication_sync(active.run_id)) from None
        return Attempt(run_id, project, key, RUNNING, now, now + lease_s)

    def renew_sync(self, run_id: str, lease_s: float) -> bool:
        with self._transaction() as cur:
            cur.execute(
                self._sql("UPDATE attempts SET expires_at = ? WHERE run_id = ? AND status = ?"),
                (self.clock() + lease_s, run_id, RUNNING),
            )
            return bool(getattr(cur, "rowcount", 0))

    def finish_sync(self, run_id: str, status: str, message: str) -> None:
        with self._transaction() as cur:
            cur.execute(
                self._sql("UPDATE attempts SET status = ?, finished_at = ?, message = ? WHERE run_id = ?"),
                (status, self.clock(), message[:2000], run_id),
            )

    def active_sync(self, project: str) -> Attempt | None:
        with self._transaction() as cur:
            cur.execute(
                self._sql(_SELECT_ATTEMPT + " WHERE project = ? AND status IN (?, ?)"),
                (project, *ACTIVE),
            )
            row = cur.fetchone()
        return None if row is None else _row(row)

    def get_sync(self, run_id: str) -> Attempt | None:
        with self._transaction() as cur:
            cur.execute(self._sql(_SELECT_ATTEMPT + " WHERE run_id = ?"), (run_id,))
            row = cur.fetchone()
        return None if row is None else _row(row)

    def mark_published_sync(self, run_id: str, published: Published) -> bool:
        """The run opened (or found) its PR: its row stays active as `pr_open` until an outcome ends it.

        False when the row is gone or no longer the project's active one (another attempt took the slot
        between the run's end and this call): the publication is still recorded."""
        now = self.clock()
        changed = False
        with self._transaction() as cur:
            try:
                cur.execute(
                    self._sql("UPDATE attempts SET status = ?, expires_at = ?, finished_at = NULL "
                              "WHERE run_id = ? AND status NOT IN (?, ?, ?)"),
                    (PR_OPEN, now + PR_OPEN_TTL_S, run_id, *OUTCOMES),
                )  # fmt: skip
                changed = bool(getattr(cur, "rowcount", 0))
            except self.integrity_errors:
                changed = False
            cur.execute(
                self._sql(
                    "INSERT INTO publications (run_id, project, branch, pr_url, attempt_no, retry_of, published_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id) DO NOTHING"
                ),
                (run_id, published.project, published.branch, published.pr_url, published.attempt_no,
                 published.retry_of, now),
            )  # fmt: skip
        return changed

    def publication_sync(self, run_id: str) -> Publication | None:
        with self._transaction() as cur:
            cur.execute(self._sql(_SELECT_PUBLICATION + " WHERE p.run_id = ?"), (run_id,))
            row = cur.fetchone()
        return None if row is None else _publication(row)

    def record_outcome_sync(self, branch: str, outcome: str, message: str) -> OutcomeChange | None:
        """End the latest attempt published on `branch` with `outcome`; None when no attempt published there.

        Only `pr_open` moves: an outcome reported twice (CI events repeat) changes nothing the second time."""
        if outcome not in OUTCOMES:
            raise StateError(f"not an outcome: {outcome!r} (one of {', '.join(OUTCOMES)})")
        now = self.clock()
        with self._transaction() as cur:
            cur.execute(
                self._sql(_SELECT_PUBLICATION + " WHERE p.branch = ? ORDER BY p.published_at DESC LIMIT 1"),
                (branch,),
            )
            row = cur.fetchone()
            if row is None:
                return None
            found = _publication(row)
            if found.status != PR_OPEN:
                return OutcomeChange(found, found.status, changed=False)
            cur.execute(
                self._sql(
                    "UPDATE attempts SET status = ?, finished_at = ?, message = ? WHERE run_id = ? AND status = ?"
                ),
                (outcome, now, message[:2000], found.run_id, PR_OPEN),
            )
            cur.execute(
                self._sql("UPDATE publications SET outcome = ?, outcome_at = ? WHERE run_id = ?"),
                (outcome, now, found.run_id),
            )
        return OutcomeChange(found, outcome, changed=True, at=now)

    def claim_effect_sync(self, key: str, kind: str, run_id: str) -> EffectClaim:
        try:
            with self._transaction() as cur:
                cur.execute(
                    self._sql("INSERT INTO effects (idem_key, kind, run_id, created_at) VALUES (?, ?, ?, ?)"),
                    (key, kind, run_id, self.clock()),
                )
        except self.integrity_errors:
            with self._transaction() as cur:
                cur.execute(self._sql("SELECT run_id FROM effects WHERE idem_key = ? AND kind = ?"), (key, kind))
                row = cur.fetchone()
            return EffectClaim(acted=False, run_id=str(row[0]) if row else "?")
        return EffectClaim(acted=True, run_id=run_id)

    def release_effect_sync(self, key: str, kind: str, run_id: str) -> bool:
        """Give back a claim whose effect did not happen (the apply or push failed), so a rerun of the same
        failure may act; only the run that holds the claim releases it."""
        with self._transaction() as cur:
            cur.execute(
                self._sql("DELETE FROM effects WHERE idem_key = ? AND kind = ? AND run_id = ?"), (key, kind, run_id)
            )
            return bool(getattr(cur, "rowcount", 0))

    # ------------------------------------------------------------ async API (worker threads)

    async def begin(
        self, project: str, key: str, run_id: str, lease_s: float = DEFAULT_LEASE_S, retry_of: str | None = None
    ) -> Attempt:
        return await anyio.to_thread.run_sync(self.begin_sync, project, key, run_id, lease_s, retry_of)

    async def renew(self, run_id: str, lease_s: float = DEFAULT_LEASE_S) -> bool:
        return await anyio.to_thread.run_sync(self.renew_sync, run_id, lease_s)

    async def finish(self, run_id: str, status: str, message: str) -> None:
        await anyio.to_thread.run_sync(self.finish_sync, run_id, status, message)

    async def mark_published(self, run_id: str, published: Published) -> bool:
        return await anyio.to_thread.run_sync(self.mark_published_sync, run_id, published)

    async def record_outcome(self, branch: str, outcome: str, message: str) -> OutcomeChange | None:
        return await anyio.to_thread.run_sync(self.record_outcome_sync, branch, outcome, message)

    async def claim_effect(self, key: str, kind: str, run_id: str) -> EffectClaim:
        return await anyio.to_thread.run_sync(self.claim_effect_sync, key, kind, run_id)

    async def release_effect(self, key: str, kind: str, run_id: str) -> bool:
        return await anyio.to_thread.run_sync(self.release_effect_sync, key, kind, run_id)


# The database and the journals SQLite creates beside it.
_SQLITE_FILES = ("", "-journal", "-wal", "-shm")


class SqliteStore(StateStore):
    integrity_errors = (sqlite3.IntegrityError,)

    def __init__(self, path: Path, clock: Clock = time.time) -> None:
        super().__init__(clock)
        self.path = path

    def describe(self) -> str:
        return f"sqlite:{self.path}"

    @contextmanager
    def _transaction(self) -> Iterator[_Cursor]:
        try:
            # SQLite opens (and creates) these by name, following links: none may be one.
            for suffix in _SQLITE_FILES:
                outfiles.not_a_link(self.path.with_name(self.path.name + suffix))
        except OSError as exc:
            raise StateError(f"cannot open the state store: {exc}") from exc
        try:
            conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
        except sqlite3.Error as exc:
            raise StateError(f"cannot open the state store {self.path}: {exc}") from exc
        try:
            cur = conn.cursor()
            cur.execute("BEGIN IMMEDIATE")  # one writer at a time: no lost update between two runs
            try:
                yield cur
            except BaseException:
                conn.rollback()
                raise
            conn.commit()
        except sqlite3.IntegrityError:
            raise
        except sqlite3.Error as exc:
            raise StateError(f"state store {self.path}: {exc}") from exc
        finally:
            conn.close()


class PostgresStore(StateStore):
    def __init__(self, url: str, clock: Clock = time.time) -> None:
        super().__init__(clock)
        try:
            import psycopg
        except ImportError as exc:  # the optional dependency
            raise StateError("a PostgreSQL --state needs psycopg: pip install 'remediate[postgres]'") from exc
        self._psycopg = psycopg
        self.url = url
        self.integrity_errors = (psycopg.errors.IntegrityError,)

    def describe(self) -> str:
        # Never print credentials: keep the scheme and the host part only.
        tail = self.url.split("@", 1)[-1]
        return f"postgresql://{tail.split('://', 1)[-1]}"

    def _sql(self, query: str) -> str:
        return query.replace("?", "%s")

    @contextmanager
    def _transaction(self) -> Iterator[_Cursor]:
        psycopg = self._psycopg
        try:
            conn = psycopg.connect(self.url, connect_timeout=10)
        except psycopg.Error as exc:
            raise StateError(f"cannot reach the state store {self.describe()}: {type(exc).__name__}") from exc
        try:
            with conn, conn.cursor() as cur:  # commits on success, rolls back on error
                yield cur
        except psycopg.errors.IntegrityError:
            raise
        except psycopg.Error as exc:
            raise StateError(f"state store {self.describe()}: {exc}") from exc
        finally:
            conn.close()


def open_store(spec: str | Path, clock: Clock = time.time) -> StateStore:
    """A store from `--state`: a PostgreSQL URL, or a SQLite file path (created if missing)."""
    text = str(spec)
    store: StateStore
    if text.startswith(("postgresql://", "postgres://")):
        store = PostgresStore(text, clock)
    else:
        path = Path(text.removeprefix("sqlite:"))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StateError(f"cannot create the directory of {path}: {exc.strerror}") from exc
        store = SqliteStore(path, clock)
    store.init()
    return store


def attempt_key(project: str, failing_commit: str, check: str, fingerprint_basis: str, base: str | None = None) -> str:
    """The idempotency key of an attempt (the one `keys.py` defines for branches and trailers)."""
    return idempotency_key(project, failing_commit, check, fingerprint_basis, base)
