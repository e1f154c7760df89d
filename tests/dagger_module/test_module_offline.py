"""The module registered and called through the Python SDK's own machinery, against a fake engine
that validates every query against the engine's schema (tests/dagger_module/harness.py).

Each scenario runs in a fresh interpreter, as the runtime's entrypoint does.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from remediate.facts import extract_facts
from tests.dagger_module.harness import run
from tests.test_children import _marker, _sleepers

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "fixtures" / "py-renamed-function"


@pytest.fixture(scope="module")
def registration() -> dict[str, Any]:
    return run("register")


def test_registration_sends_only_valid_queries(registration: dict[str, Any]) -> None:
    assert registration["invalid"] == []
    assert registration["queries"] > 10  # the introspection, then one round trip per ID


def test_every_function_resolves_and_registers(registration: dict[str, Any]) -> None:
    resolved = registration["result"]["resolved"]
    registered = registration["result"]["registered"]
    assert set(resolved) == set(registered)
    for name, functions in resolved.items():
        assert set(functions) <= set(registered[name]) | {""}, name


def test_negative_controls_are_caught() -> None:
    caught = run("controls")["result"]
    assert caught["unknown_field"]["recorded"][0][1] == ["Cannot query field 'noSuchField' on type 'Container'."]
    assert "argument 'address'" in caught["missing_required_argument"]["recorded"][0][1][0]
    assert "already defines a default value" in caught["default_path_with_default"]


def test_facts_through_the_sdk_equals_the_local_facts() -> None:
    answer = run("facts", {"log": str(FIXTURE / "ci.log")})
    assert answer["invalid"] == []
    assert json.loads(answer["result"]["answer"]) == json.loads(extract_facts(FIXTURE / "ci.log").model_dump_json())
    assert any("export" in query for query in answer["result"]["queries"])  # the log came through the engine


def test_facts_take_the_auto_budget_as_the_cli_does() -> None:
    answer = run("facts", {"log": str(FIXTURE / "ci.log"), "budget_tokens": "auto"})
    assert answer["invalid"] == []
    local = extract_facts(FIXTURE / "ci.log", budget_tokens="auto")
    assert json.loads(answer["result"]["answer"]) == json.loads(local.model_dump_json())


def test_what_a_facts_call_started_ends_with_it() -> None:
    """A scan worker the scan never held (it failed as it started): the call's sweep ends it, before the
    runtime's process does (alive after it before, as init's child)."""
    marker = _marker()
    answer = run("facts", {"log": str(FIXTURE / "ci.log"), "stray": marker})["result"]
    assert answer["answer"] == {"error": "FunctionError: the worker failed as it started"}
    assert _sleepers(marker) == []


@pytest.mark.parametrize(
    ("budget", "error"),
    [("lots", "must be a number or 'auto', got 'lots'"), ("10", "must be at least 50, got 10")],
)
def test_a_bad_facts_budget_is_refused_before_the_log_is_exported(budget: str, error: str) -> None:
    answer = run("facts", {"log": str(FIXTURE / "ci.log"), "budget_tokens": budget})["result"]
    assert answer["answer"] == {"error": f"FunctionError: budget-tokens {error}"}
    assert not any("export" in query for query in answer["queries"])


@pytest.fixture(scope="module")
def sandbox_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    base = tmp_path_factory.mktemp("sandbox")
    source = base / "src"
    (source / "pkg").mkdir(parents=True)
    (source / "pkg" / "mod.py").write_text("def add(a, b):\n    return a + b\n")
    (source / "pkg" / "old.py").write_text("OLD = 1\n")
    (source / "pkg" / "moved.py").write_text("x = 1\n")
    (source / "util.py").write_text("def helper():\n    pass\n")
    work = base / "git"
    subprocess.run(["cp", "-r", str(source), str(work)], check=True)
    git = ["git", "-C", str(work), "-c", "user.email=t@t", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "base"], check=True)
    subprocess.run([*git, "rm", "-q", "pkg/old.py"], check=True)
    subprocess.run([*git, "mv", "pkg/moved.py", "pkg/renamed.py"], check=True)
    patch = subprocess.run([*git, "diff", "--cached"], capture_output=True, text=True, check=True).stdout
    return run("sandbox", {"source": str(source), "deleting_patch": patch})


def test_every_sandbox_method_sends_only_valid_queries(sandbox_run: dict[str, Any]) -> None:
    assert sandbox_run["invalid"] == []
    result = sandbox_run["result"]
    assert result["read"] == "def add(a, b):\n    return a + b\n"
    assert result["list"] == ["pkg/", "pkg/mod.py", "pkg/moved.py", "pkg/old.py", "util.py"]
    assert [(m["path"], m["line"]) for m in result["search"]] == [("pkg/mod.py", 1), ("util.py", 1)]
    assert result["read_after_write"] == "NEW = 1\n"
    assert "+NEW = 1" in result["diff_after_write"]
    assert result["errors"] == {
        "read_missing": "SandboxError",
        "write_git": "PathRejected",
        "escape": "PathRejected",
        "bad_patch": "SandboxError",
    }


def test_exit_codes_and_timeouts_come_back_from_the_engine(sandbox_run: dict[str, Any]) -> None:
    ok, fail, again, slow = sandbox_run["result"]["runs"]
    assert (ok["exit_code"], ok["output"]) == (0, "NEW = 1\n")
    assert (fail["exit_code"], fail["output"]) == (3, "broken\n")
    assert again == fail
    assert slow["timed_out"] and slow["exit_code"] == 124


def test_apply_replaces_the_work_tree_so_deletions_and_renames_hold(sandbox_run: dict[str, Any]) -> None:
    # withDirectory merges into what is at the path (the engine's union semantics): apply must replace it.
    listing = sandbox_run["result"]["listing_after_delete"]
    assert "pkg/old.py" not in listing and "pkg/moved.py" not in listing
    assert "pkg/renamed.py" in listing
    diff = sandbox_run["result"]["diff_after_delete"]
    assert "deleted file mode" in diff and "pkg/old.py" in diff


def test_no_command_is_served_from_the_engines_cache(sandbox_run: dict[str, Any]) -> None:
    cache = sandbox_run["result"]["cache"]
    assert cache["plain_exec_runs"] == 1  # control: the fake engine caches identical exec chains
    assert cache["sandbox_runs"] == 2


def test_image_facts_come_from_the_exported_image_manifest(sandbox_run: dict[str, Any]) -> None:
    # The fake engine's build makes one layer per RUN/COPY/ADD of the final stage; the sandbox reads
    # the count and sizes back from the OCI archive, as it would from BuildKit's.
    result = sandbox_run["result"]
    assert result["image"]["layers"] == 3 and result["image_after"]["layers"] == 2
    assert result["image"]["size_mb"] >= 0
    assert result["image_broken"].startswith("the image does not build: ")
