"""The Dagger path's attempt store (a PostgreSQL URL secret) and its reading of secrets, offline."""

from __future__ import annotations

import json
from pathlib import Path

import anyio

from remediate.state import Published, open_store
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
    runs = [INPUTS | {"secrets": {"state": pg_url}, "inputs": {"project": p}} for p in ("acme/busy", "acme/free")]
    busy, free = run("fixes", {"runs": runs})["result"]  # one interpreter, in this order
    report = json.loads(busy["report"])
    assert busy["status"] == "refused", report["message"]
    assert "attempt_active" in [e["kind"] for e in report["guard_events"]]
    assert report["usage"]["model_calls"] == 0
    # The URL is a secret: it never reaches the report.
    assert pg_url not in busy["report"]

    report = json.loads(free["report"])
    assert free["status"] == "fixed", report["message"]
    assert report["project"] == "acme/free" and report["attempt_key"]


def test_outcome_records_ci_events_in_the_postgresql_store(pg_url: str) -> None:  # noqa: F811
    store = open_store(pg_url)
    branch = "remediate/test-add-0123abcd"
    store.begin_sync("acme/loop", "k" * 64, "run-fixed", 600.0)
    store.mark_published_sync("run-fixed", Published("acme/loop", branch, "https://github.com/acme/loop/pull/7"))
    webhook = "https://hooks.slack.invalid/services/T0/B0/" + "s3cr3t" * 4  # unreachable: notified false
    answer = run(
        "outcome",
        {
            "secrets": {"state": pg_url},
            "calls": [
                {"branch": branch, "result": "SUCCESS", "slack_webhook": webhook},
                {"branch": branch, "result": "FAILURE"},  # CI events repeat: the first outcome stands
                {"branch": "remediate/nothing-12345678", "result": "CANCELLED"},
                {"branch": "main", "result": "SUCCESS"},
            ],
        },
    )
    assert answer["invalid"] == []  # every query the function sent is valid against the engine's schema
    done, repeat, unknown, not_a_fix = answer["result"]
    assert done["recorded"] and done["status"] == "succeeded" and done["run_id"] == "run-fixed"
    assert done["pr_url"] == "https://github.com/acme/loop/pull/7" and done["recovery_s"] >= 0
    assert not done["notified"]  # the webhook is unreachable; the outcome is recorded all the same
    assert not repeat["recorded"] and repeat["status"] == "succeeded"
    assert not unknown["recorded"] and unknown["status"] is None
    assert "not a remediate branch" in not_a_fix["error"]
    attempt = store.get_sync("run-fixed")
    assert attempt is not None and attempt.status == "succeeded" and store.active_sync("acme/loop") is None
    assert pg_url not in json.dumps(answer["result"]) and webhook not in json.dumps(answer["result"])


def test_outcome_without_a_postgresql_store_is_a_clear_error() -> None:
    calls = [{"branch": "remediate/test-add-0123abcd", "result": "SUCCESS"}]
    sqlite_state = {"secrets": {"state": ".remediate/state.db"}}
    missing, sqlite = run("outcome", {"calls": [*calls, calls[0] | sqlite_state]})["result"]
    assert "--state (a postgresql:// URL secret)" in missing["error"]
    assert "postgresql://" in sqlite["error"]


def test_outcome_is_registered_with_the_commands_typed_inputs() -> None:
    answer = run("register")
    assert answer["invalid"] == []
    fn = answer["result"]["registered"]["Remediate"]["outcome"]
    args = {name: spec["type"] for name, spec in fn["args"].items()}
    assert args == {"branch": "String!", "result": "CIResult!", "slack_webhook": "Secret"}
    assert fn["returns"] == "String!" and fn["cache"] == "Never"  # an outcome is never served from the cache
