"""The attempt store on SQLite and on a real PostgreSQL server: one active attempt per
project (the partial unique index decides), leases that expire after a crash, effects that
act once per idempotency key."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from remediate.keys import idempotency_key
from remediate.state import EXPIRED, RUNNING, AttemptRefused, StateError, StateStore, attempt_key, open_store

PG_BIN = next((p for p in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)), None)
NO_PG = "PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin"


def _pg_user() -> list[str]:
    """initdb refuses to run as root: run the throwaway cluster as the postgres user then."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("root without setpriv cannot drop to the postgres user for initdb")
    try:
        import pwd

        entry = pwd.getpwnam("postgres")
    except KeyError:
        pytest.skip("running as root and there is no postgres user to own the test cluster")
    return ["setpriv", f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}", "--init-groups", "--"]


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    if PG_BIN is None or not (PG_BIN / "initdb").exists():
        pytest.skip(NO_PG)
    as_pg = _pg_user()
    # Not under pytest's tmp root: as root that is 0700, and the cluster runs as postgres.
    base = Path(tempfile.mkdtemp(prefix="remediate-pg-"))
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    if as_pg:
        import pwd

        entry = pwd.getpwnam("postgres")
        os.chown(base, entry.pw_uid, entry.pw_gid)
        os.chown(sock, entry.pw_uid, entry.pw_gid)
        base.chmod(0o755)
    env = {"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8"}
    subprocess.run(
        [*as_pg, str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"],
        check=True,
        capture_output=True,
        env=env,
    )
    options = f"-k {sock} -c listen_addresses='' -c fsync=off"
    subprocess.run(
        [*as_pg, str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-l", str(base / "log"), "start"],
        check=True,
        capture_output=True,
        env=env,
    )
    try:
        yield f"postgresql:///postgres?host={sock}&user=postgres"
    finally:
        subprocess.run(
            [*as_pg, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            env=env,
            check=False,
        )
        shutil.rmtree(base, ignore_errors=True)


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["sqlite", "postgresql"])
def spec(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "state.db")
    url: str = request.getfixturevalue("pg_url")
    # Each test gets its own tables: a fresh schema on the shared throwaway server.
    schema = f"t{time.monotonic_ns()}"
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    return f"{url}&options=-csearch_path%3D{schema}"


def test_one_active_attempt_per_project(spec: str) -> None:
    clock = Clock()
    store = open_store(spec, clock)
    first = store.begin_sync("octo/app", "k1", "run-1", lease_s=60)
    assert first.status == RUNNING
    with pytest.raises(AttemptRefused) as refused:
        store.begin_sync("octo/app", "k2", "run-2", lease_s=60)
    assert refused.value.active.run_id == "run-1" and "run-1" in str(refused.value)
    store.begin_sync("octo/other", "k3", "run-3", lease_s=60)  # another project is independent
    store.finish_sync("run-1", "fixed", "done")
    assert store.begin_sync("octo/app", "k2", "run-4", lease_s=60).status == RUNNING


def test_a_crashed_attempt_expires_and_the_next_one_proceeds(spec: str) -> None:
    clock = Clock()
    store = open_store(spec, clock)
    store.begin_sync("octo/app", "k", "crashed", lease_s=30)
    clock.now += 20
    assert store.renew_sync("crashed", 30)  # alive: renewing moves the lease to t+50
    clock.now += 20
    with pytest.raises(AttemptRefused):
        store.begin_sync("octo/app", "k", "too-early", lease_s=30)
    clock.now += 11  # no renewal for longer than the lease: the process is gone
    store.begin_sync("octo/app", "k", "next", lease_s=30)
    old = store.get_sync("crashed")
    assert old is not None and old.status == EXPIRED and "lease expired" in old.message


def test_concurrent_begins_admit_exactly_one(spec: str) -> None:
    store = open_store(spec)
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def contender(i: int) -> None:
        barrier.wait()
        try:
            store.begin_sync("octo/race", f"k{i}", f"run-{i}", lease_s=60)
            outcomes.append("admitted")
        except AttemptRefused:
            outcomes.append("refused")

    threads = [threading.Thread(target=contender, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["admitted"] + ["refused"] * 7


def test_the_same_key_never_acts_twice(spec: str) -> None:
    store = open_store(spec)
    key = attempt_key("octo/app", "a" * 40, "pytest -q", "test\n...")
    assert key == idempotency_key("octo/app", "a" * 40, "pytest -q", "test\n...")
    assert store.claim_effect_sync(key, "publish", "run-1").acted
    again = store.claim_effect_sync(key, "publish", "run-2")
    assert not again.acted and again.run_id == "run-1"
    assert store.claim_effect_sync(key, "apply", "run-2").acted  # a different effect of the same key


def test_a_killed_process_leaves_an_attempt_that_expires(tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    code = (
        "import sys, time; sys.path.insert(0, 'src')\n"
        "from remediate.state import open_store\n"
        f"open_store({str(db)!r}).begin_sync('octo/app', 'k', 'doomed', lease_s=1.0)\n"
        "print('admitted', flush=True); time.sleep(60)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parents[1]
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "admitted"
        store = open_store(db)
        with pytest.raises(AttemptRefused):
            store.begin_sync("octo/app", "k", "early", lease_s=60)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    time.sleep(1.1)
    assert store.begin_sync("octo/app", "k", "after", lease_s=60).status == RUNNING
    doomed = store.get_sync("doomed")
    assert doomed is not None and doomed.status == EXPIRED


def test_an_unreachable_store_is_an_error_not_a_pass(tmp_path: Path) -> None:
    with pytest.raises(StateError):
        open_store("postgresql:///postgres?host=/nonexistent-socket-dir&user=postgres&connect_timeout=2")
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(StateError):
        open_store(blocker / "state.db")


def test_store_describe_hides_credentials() -> None:
    from remediate.state import PostgresStore

    store = PostgresStore("postgresql://user:s3cretpass@db.internal:5432/remediate")
    assert "s3cretpass" not in store.describe() and "db.internal" in store.describe()
    assert isinstance(store, StateStore)
