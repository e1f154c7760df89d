"""The Dagger path's attempt store (a PostgreSQL URL secret) and its reading of secrets, offline."""

from __future__ import annotations

import json
from pathlib import Path

import anyio

from remediate.state import open_store
from tests.dagger_module.harness import run
from tests.test_guards_state import pg_url  # noqa: F401  (the throwaway PostgreSQL cluster)

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "fixtures" / "py-renamed-function"
INPUTS = {"source": str(FIXTURE / "src"), "log": str(FIXTURE / "ci.log"), "cassette": str(FIXTURE / "cassette.json")}


def test_an_empty_secret_is_absent() -> None:
    assert run("plaintext", {"values": ["", "  \n", "sk-test"]})["result"] == [None, None, "sk-test"]


def test_a_sqlite_state_is_bad_input_before_any_work() -> None:
    answer = run("fix", INPUTS | {"secrets": {"state": ".remediate/state.db"}})
    result = answer["result"]
    assert result["status"] == "bad_input" and result["exit_code"] == 2
    assert "postgresql://" in json.loads(result["report"])["message"]
    assert answer["execs"] == []  # nothing ran


def test_another_active_attempt_on_the_project_refuses_then_a_free_project_runs(pg_url: str) -> None:  # noqa: F811
    store = open_store(pg_url)
    anyio.run(store.begin, "acme/busy", "k" * 64, "run-elsewhere", 600.0)
    busy = run("fix", INPUTS | {"secrets": {"state": pg_url}, "inputs": {"project": "acme/busy"}})["result"]
    report = json.loads(busy["report"])
    assert busy["status"] == "refused", report["message"]
    assert "attempt_active" in [e["kind"] for e in report["guard_events"]]
    assert report["usage"]["model_calls"] == 0
    # The URL is a secret: it never reaches the report.
    assert pg_url not in busy["report"]

    free = run("fix", INPUTS | {"secrets": {"state": pg_url}, "inputs": {"project": "acme/free"}})["result"]
    report = json.loads(free["report"])
    assert free["status"] == "fixed", report["message"]
    assert report["project"] == "acme/free" and report["attempt_key"]
