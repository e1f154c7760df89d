"""The Dagger module: one run of remediate, one object.

`fix` runs the pipeline once, through `session.run_session` (the same assembly the CLI and the eval
runner use), and returns a `Remediation`: `status`, `report` (JSON), `patch` (File), `changes()`
(a Changeset against the source), `artifacts()` (report.json, fix.patch, run.jsonl) and
`publish(...)`; every one of them reads that one run. What every call shares (model access, models,
the image and its setup, a cassette, limits, the attempt store) is the constructor's:

    dagger call --api-key env:ANTHROPIC_API_KEY --setup "pip install -e . pytest" \\
      fix --source . --log ci.log changes export --path .

Caching: `fix`, `publish` and `eval` call a model or push, so they are never cached; the sandbox
puts a nonce on every command (no check is served from the engine's layer cache); `facts` and a
Remediation's accessors are pure and cacheable. Only this file and sandbox/dagger.py import dagger.

What `fix` and `facts` start in the runtime's own process (host git, the facts scan's workers) ends
with the call (children.reaped_children, as the CLI's entry points): the runtime's container is the
last boundary, not the first.
"""

from __future__ import annotations

import re
import tempfile
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar, cast

import anyio
import dagger
from dagger import DefaultPath, Doc, Ignore, dag, field, function, object_type
from pydantic import ValidationError

from remediate.children import reaped_children
from remediate.client import ModelAccess
from remediate.errors import validation_text
from remediate.facts import extract_facts, parse_budget
from remediate.hostgit import head_commit
from remediate.models import CheckSpec, ExitCode, FixReport, Limits, Status
from remediate.pricing import DEFAULT_TRIAGE_MODEL
from remediate.publish import PublishResult
from remediate.publish.config import PublishStatus
from remediate.publish.outcome import CIResult, not_a_fix_branch, record_outcome
from remediate.sandbox.base import WORKSPACE, Sandbox
from remediate.sandbox.dagger import DaggerSandbox
from remediate.session import PATCH, REPORT, TRACE, Backend, run_session
from remediate.spec import BudgetOverride, FixSpec, Policy, new_run_id
from remediate.state import StateError, StateStore, open_store

# Publishing runs `remediate publish` (git + GitHub) in its own container built from this module's
# source: the real git binary, and tokens that enter only as Dagger secret variables.
PUBLISH_IMAGE = "python:3.12-slim"
# Never copied into a container built from this module: the engine's vendored SDK (sdk/), venvs, caches.
MODULE_EXCLUDES = ["sdk", ".venv", ".git", ".remediate", "**/__pycache__", "**/.pytest_cache"]
# dagger-io is unpinned in pyproject.toml (the engine's SDK copy is used under Dagger); pip pins it here.
PIP_INSTALL = ["python", "-m", "pip", "install", "-q", "--no-cache-dir", "-c", "constraints.txt"]
STATUSES = "fixed, not_fixed, budget_exhausted, loop_detected, refused, not_reproduced, bad_input or error"


F = TypeVar("F", bound=Callable[..., Any])

# The outcome's values as a Dagger enum: `dagger call outcome --result SUCCESS` (the CLI takes members by name).
dagger.enum_type(CIResult)


def never_cached(fn: F) -> F:
    """`@function(cache="never")`. dagger-io 0.21.11 accepts `cache` but its typed overloads omit it."""
    decorate = cast(Callable[[F], F], function(cache="never"))  # type: ignore[call-overload]
    return decorate(fn)


@object_type
class Remediation:
    """One remediate run on one failure: its outcome, the verified patch, and what to do with it."""

    status: Annotated[str, Doc(f"How the run ended: {STATUSES} (README)")] = field()
    exit_code: Annotated[int, Doc("The CLI's exit code for this status")] = field()
    report: Annotated[str, Doc("FixReport JSON: check, route, facts, patch, verification, usage, guard events")] = (
        field()
    )
    patch: Annotated[dagger.File, Doc("The verified patch (fix.patch); empty unless the status is fixed")] = field()
    source: dagger.Directory
    outputs: dagger.Directory
    state: dagger.Secret | None = None

    @function
    def changes(self) -> dagger.Changeset:
        """The verified fix as a changeset against the source (empty unless fixed); `export --path .` applies it."""
        report = FixReport.model_validate_json(self.report)
        if report.status.value == "fixed" and report.patch:
            return self.source.with_patch(report.patch).changes(self.source)
        return self.source.changes(self.source)

    @function
    def artifacts(self) -> dagger.Directory:
        """The run's files: report.json, fix.patch (when there is a patch) and run.jsonl (the spans)."""
        return self.outputs

    @never_cached
    async def publish(
        self,
        repo: Annotated[str, Doc("owner/name on GitHub; default: the run's project")] = "",
        commit: Annotated[str, Doc("The failing commit (full SHA); default: the run's")] = "",
        base: Annotated[str, Doc("The PR's target; default: the repository's default branch")] = "",
        github_token: Annotated[dagger.Secret | None, Doc("Token with contents+pull_requests write")] = None,
        app_id: Annotated[str, Doc("GitHub App id (with app-private-key)")] = "",
        app_private_key: Annotated[dagger.Secret | None, Doc("GitHub App private key (PEM)")] = None,
        slack_webhook: Annotated[dagger.Secret | None, Doc("Slack webhook, if .remediate.toml enables it")] = None,
    ) -> str:
        """Publish a verified fix as a remediate/<slug>-<key8> branch and a PR, idempotently; PublishResult JSON.

        Without an attempt store the keyed branch is the deduplication: the same key names the same branch,
        and a run that finds its branch or PR does nothing. With one (the constructor's `state`), the
        publish effect is also claimed once per key first."""
        report = FixReport.model_validate_json(self.report)
        repo = repo or _owner_name(report.project or "")
        commit = commit or report.commit or ""
        if report.status.value != "fixed":
            return _skipped(f"the run ended {report.status.value}")
        if not (repo and commit and (github_token or (app_id and app_private_key))):
            raise ValueError("publish needs repo, commit, and github-token or app-id + app-private-key")
        if not await _claim(self.state, report, "publish"):
            return _skipped(f"key {str(report.attempt_key)[:12]} already published")
        secrets = {"REMEDIATE_GITHUB_TOKEN": github_token, "REMEDIATE_APP_PRIVATE_KEY": app_private_key,
                   "REMEDIATE_SLACK_WEBHOOK": slack_webhook}  # fmt: skip
        if self.state is not None:  # the PR is recorded (pr_open) for `remediate outcome` (docs/ci.md)
            secrets["REMEDIATE_STATE"] = self.state
        ctr = _publish_container(self.source, self.report, app_id, secrets)
        return await _published(ctr, _publish_argv(report, repo, commit, base), self.state, report)


@object_type
class Remediate:
    """Fix failing CI jobs: typed facts, a narrow agent, a verified patch."""

    api_key: Annotated[dagger.Secret | None, Doc("Anthropic API key; absent or empty: replay the cassette")] = None
    model: Annotated[str, Doc("Model for every specialist; empty: each specialist's own (README)")] = ""
    triage_model: Annotated[str, Doc("Model of the triage micro-agent, asked only when the rules are unsure")] = (
        DEFAULT_TRIAGE_MODEL
    )
    image: Annotated[str, Doc("Image the check runs in")] = "python:3.12-slim"
    setup: Annotated[str, Doc("Shell command run once in the image before the check")] = ""
    cassette: Annotated[dagger.File | None, Doc("Replay model responses from this cassette")] = None
    check_timeout: Annotated[int, Doc("Seconds per check run")] = 600
    memory_mb: Annotated[int, Doc("Memory cap per check run (MiB)")] = 4096
    state: Annotated[
        dagger.Secret | None,
        Doc("Attempt store: a postgresql:// URL (each call is a fresh container: no SQLite across calls)"),
    ] = None

    @never_cached
    async def fix(
        self,
        source: Annotated[
            dagger.Directory, Doc("The project whose check failed (its .git, if any, feeds the breaker)")
        ],
        log: Annotated[dagger.File, Doc("The failed CI job's log")],
        check: Annotated[str, Doc("The check command that failed; default: read from the log's failing step")] = "",
        allow_edit: Annotated[list[str] | None, Doc("Globs of protected paths this run may edit")] = None,
        passes: Annotated[int, Doc("Verification runs that must pass")] = 2,
        max_usd: Annotated[float | None, Doc("Dollar budget of the specialist (default: its own)")] = None,
        run_max_usd: Annotated[float | None, Doc("Dollar budget of the whole run")] = None,
        commit: Annotated[str, Doc("The failing commit; default: HEAD of the source's .git")] = "",
        project: Annotated[str, Doc("owner/name; default: the source's origin remote")] = "",
        breaker_generations: Annotated[int, Doc("Commits checked for Remediate-Run (0: off)")] = 1,
    ) -> Remediation:
        """Run remediate once on a failure; every accessor of the result reads this one run."""
        with reaped_children(), tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            try:
                policy = Policy(
                    allow_edit=tuple(allow_edit or ()),
                    passes_required=passes,
                    limits=Limits(timeout_s=self.check_timeout, memory_mb=self.memory_mb),
                    budget=BudgetOverride(usd=max_usd),
                    run_budget=BudgetOverride(usd=run_max_usd),
                    breaker_generations=breaker_generations,
                )
                spec = await self._spec(work, source, log, check, policy, commit, project)
                backend = await self._backend(work, source, policy.limits)
            except (ValidationError, ValueError) as exc:  # before any work: a typed bad_input, no traceback
                text = validation_text(exc) if isinstance(exc, ValidationError) else str(exc)
                return _bad_input(text, source, self.state)
            outcome = await run_session(spec, backend, work / "out")
            outputs = dag.directory()
            for name in (REPORT, PATCH, TRACE):
                if (work / "out" / name).is_file():
                    outputs = outputs.with_new_file(name, (work / "out" / name).read_text(encoding="utf-8"))
        return _remediation(outcome.report, source, outputs, self.state)

    async def _spec(
        self, work: Path, source: dagger.Directory, log: dagger.File, check: str, policy: Policy, commit: str,
        project: str,
    ) -> FixSpec:  # fmt: skip
        """The run's inputs; the source is exported with its .git so the breaker reads its history."""
        await source.export(str(work / "source"))
        await log.export(str(work / "ci.log"))
        checkout = work / "source"
        return FixSpec(
            check=CheckSpec(command=check) if check.strip() else None,
            log_path=work / "ci.log",
            source_dir=checkout,
            model=self.model or None,
            triage_model=self.triage_model,
            commit=commit or await _head(checkout),
            project=project or _origin(checkout) or f"dagger-source:{(await source.digest())[:24]}",
            policy=policy,
        )

    async def _backend(self, work: Path, source: dagger.Directory, limits: Limits) -> Backend:
        key = await _plaintext(self.api_key)
        cassette = None
        if self.cassette is not None:
            cassette = work / "cassette.json"
            await self.cassette.export(str(cassette))
        base = dag.container().from_(self.image).with_directory(WORKSPACE, source).with_workdir(WORKSPACE)
        if self.setup:
            base = base.with_exec(["sh", "-c", self.setup])

        @asynccontextmanager
        async def open_sandbox() -> AsyncIterator[Sandbox]:
            yield DaggerSandbox(base, source, limits=limits)

        url = await _plaintext(self.state)
        return Backend(
            open_sandbox=open_sandbox,
            access=ModelAccess(api_key=key, cassette=cassette),
            secrets=tuple(s for s in (key, url) if s),
            state=_store(url),
        )

    @never_cached
    async def outcome(
        self,
        branch: Annotated[str, Doc("The fix branch CI ran on (remediate/<slug>-<key8>)")],
        result: Annotated[CIResult, Doc("What CI (or a person) says about the fix")],
        slack_webhook: Annotated[dagger.Secret | None, Doc("Slack webhook for the one outcome notification")] = None,
    ) -> str:
        """Record how a published fix ended in the attempt store (the constructor's `state`, a postgresql:// URL)
        and notify once; OutcomeResult JSON. `remediate outcome` as a function (docs/ci.md, "The loop")."""
        if wrong := not_a_fix_branch(branch):
            raise ValueError(wrong)
        store = _store(await _plaintext(self.state))
        if store is None:
            raise ValueError("outcome needs the attempt store the fix run used: --state (a postgresql:// URL secret)")
        webhook = await _plaintext(slack_webhook)
        try:
            done = await record_outcome(store, branch, result, webhook=webhook)
        except StateError as exc:  # its text names the host, never the credentials
            raise RuntimeError(f"the attempt store is unavailable: {exc}") from None
        return done.model_dump_json()

    @never_cached
    async def eval(
        self,
        repo: Annotated[
            dagger.Directory,
            DefaultPath("/"),
            Ignore([".venv", "sdk", ".remediate", "**/__pycache__", "**/.pytest_cache", "**/target", "**/logs"]),
            Doc("This module's repository: fixtures/, evals/ and the remediate package"),
        ],
        attempts: Annotated[int, Doc("Attempts per case")] = 1,
        cases: Annotated[str, Doc("Glob of case ids")] = "*",
    ) -> dagger.Directory:
        """Run the eval suite, each case a parallel pipeline in its own container; return the report
        directory (report.md, report.html, results.jsonl, gate.json when a baseline exists)."""
        key = self.api_key if await _plaintext(self.api_key) else None  # an empty secret: replay
        runner = (
            dag.container()
            .from_("python:3.11-slim")
            .with_exec(["sh", "-c", "apt-get update -qq && apt-get install -y -qq git >/dev/null"])
            .with_directory("/repo", repo, exclude=MODULE_EXCLUDES)
            .with_workdir("/repo")
            .with_exec(["python", "-m", "pip", "install", "-q", "--upgrade", "pip>=25.1"])
            .with_exec([*PIP_INSTALL, "-e", ".", "--group", "tools"])
        )
        if key is not None:
            runner = runner.with_secret_variable("ANTHROPIC_API_KEY", key)
        ids = sorted(
            path.split("/")[1] for path in await repo.glob(f"fixtures/{cases}/case.toml") if path.count("/") == 2
        )
        # The container is the sandbox here: bubblewrap needs privileges Dagger does not grant.
        argv = ["remediate", "eval", "--attempts", str(attempts), "--no-gate", "--unsafe-no-sandbox"]
        argv += (["--model", self.model] if self.model else []) + (["--offline"] if key is None else [])
        gathered = dag.directory()
        for case in ids:  # each case its own pipeline; the engine runs them in parallel
            run = runner.with_exec([*argv, "--cases", case, "--out", f"/out/{case}"]).directory(f"/out/{case}")
            gathered = gathered.with_directory(case, run)
        merge = ["python", "-m", "remediate.evals.merge", "/report", *(f"/runs/{case}" for case in ids)]
        merge += ["--baseline", "evals/baseline.json", "--model", self.model or "each specialist's default"]
        merge += ["--live"] if key is not None else []
        # merge exits 1 when the gate fails; the report (gate.json included) is still the result.
        return (
            runner.with_directory("/runs", gathered).with_exec(merge, expect=dagger.ReturnType.ANY).directory("/report")
        )

    @function
    async def facts(
        self,
        log: Annotated[dagger.File, Doc("A CI log")],
        source: Annotated[dagger.Directory | None, Doc("The project, for repo facts")] = None,
        budget_tokens: Annotated[
            str, Doc("Token budget of the excerpt: a number, or 'auto' (2,000; up to 4,000 for several failures)")
        ] = "2000",
    ) -> str:
        """Typed, redacted facts from a CI log as JSON; no model is called."""
        budget = parse_budget(budget_tokens, "budget-tokens")  # bad input is refused before any export
        with reaped_children(), tempfile.TemporaryDirectory() as tmp:
            log_path = Path(tmp) / "ci.log"
            await log.export(str(log_path))
            source_path = None
            if source is not None:
                source_path = Path(tmp) / "source"
                await source.export(str(source_path))
            return extract_facts(log_path, source=source_path, budget_tokens=budget).model_dump_json(indent=2)


def _module_container(image: str) -> dagger.Container:
    """`image` with git and this module's remediate package installed (never the vendored sdk/)."""
    return (
        dag.container()
        .from_(image)
        .with_exec(["sh", "-c", "apt-get update -qq && apt-get install -y -qq --no-install-recommends git >/dev/null"])
        .with_directory("/opt/remediate", dag.current_module().source(), exclude=[*MODULE_EXCLUDES, "fixtures"])
        .with_workdir("/opt/remediate")
        .with_exec([*PIP_INSTALL, "."])
    )


def _publish_argv(report: FixReport, repo: str, commit: str, base: str) -> list[str]:
    """`remediate publish` in the publish container, for this report's fix."""
    argv = ["remediate", "publish", "--json", "--report", "/run/remediate/report.json", "--source", "/src"]
    argv += ["--repo", repo, "--commit", commit] + (["--base", base] if base else [])
    if report.check is not None:
        argv += ["--check", report.check.command]
    return argv


def _publish_container(
    source: dagger.Directory, report: str, app_id: str, secrets: dict[str, dagger.Secret | None]
) -> dagger.Container:
    """The container that publishes: the source, the report, and the secrets that are given."""
    ctr = (
        _module_container(PUBLISH_IMAGE)
        .with_directory("/src", source)
        .with_new_file("/run/remediate/report.json", report)
        .with_env_variable("REMEDIATE_APP_ID", app_id)
        .with_env_variable("REMEDIATE_PUBLISH_NONCE", uuid.uuid4().hex)  # a push is never served from cache
    )
    for name, secret in secrets.items():
        if secret is not None:
            ctr = ctr.with_secret_variable(name, secret)
    return ctr


async def _published(ctr: dagger.Container, argv: list[str], state: dagger.Secret | None, report: FixReport) -> str:
    """Run the publish; its PublishResult JSON, or an error (and the claim released) when nothing was published."""
    published: PublishResult | None = None
    try:
        out = await ctr.with_exec(argv, expect=dagger.ReturnType.ANY).stdout()
        published = PublishResult.model_validate_json(out) if out.strip() else None
    finally:
        if published is None or not published.ok:  # nothing published: a rerun of this failure may try
            await _release(state, report, "publish")
    if published is None or not published.ok:
        raise RuntimeError(published.message if published else "publishing produced no result")
    return out


async def _plaintext(secret: dagger.Secret | None) -> str | None:
    """A secret's value; an empty one (an unset CI secret passed as env:NAME) counts as absent."""
    if secret is None:
        return None
    value = (await secret.plaintext()).strip()
    return value or None


def _store(url: str | None) -> StateStore | None:
    if url is None:
        return None
    if not url.startswith(("postgresql://", "postgres://")):
        # Each Dagger call runs in a fresh container: a SQLite file would hold no lock across calls.
        raise ValueError("state must be a postgresql:// URL under Dagger (a SQLite file does not outlive the call)")
    return open_store(url)


async def _claim(state: dagger.Secret | None, report: FixReport, effect: str) -> bool:
    store = _store(await _plaintext(state))
    if store is None or report.attempt_key is None:
        return True
    claim = await store.claim_effect(report.attempt_key, effect, report.run_id)
    return claim.acted


async def _release(state: dagger.Secret | None, report: FixReport, effect: str) -> None:
    """The claimed effect did not happen: give the claim back (a claim records only what happened)."""
    store = _store(await _plaintext(state))
    if store is not None and report.attempt_key is not None:
        await store.release_effect(report.attempt_key, effect, report.run_id)


async def _head(checkout: Path) -> str | None:
    """HEAD of the exported source when it carries its .git (None: the breaker then fails closed)."""
    return await anyio.to_thread.run_sync(head_commit, checkout)


_REMOTE = re.compile(r'^\[remote "origin"\]\s*$(?P<body>(?:\n(?!\[).*)*)', re.MULTILINE)
_URL = re.compile(r"^\s*url\s*=\s*(\S+)", re.MULTILINE)
_OWNER_NAME = re.compile(r"[:/](?P<owner>[\w.-]+)/(?P<name>[\w.-]+?)(?:\.git)?/?$")


def _origin(checkout: Path) -> str | None:
    """owner/name of the source's origin remote, read from .git/config as text (no git runs on it)."""
    try:
        config = (checkout / ".git" / "config").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    section = _REMOTE.search(config)
    url = _URL.search(section.group("body")) if section else None
    return _owner_name(url.group(1)) if url else None


def _owner_name(text: str) -> str:
    found = _OWNER_NAME.search(text.strip()) if "/" in text else None
    if found:
        return f"{found.group('owner')}/{found.group('name')}"
    return text if re.fullmatch(r"[\w.-]+/[\w.-]+", text) else ""


def _bad_input(message: str, source: dagger.Directory, state: dagger.Secret | None) -> Remediation:
    status = Status.BAD_INPUT
    report = FixReport(run_id=new_run_id(), status=status, message=message, exit_code=int(ExitCode.of(status)))
    outputs = dag.directory().with_new_file(REPORT, report.model_dump_json(indent=2) + "\n")
    return _remediation(report, source, outputs, state)


def _remediation(
    report: FixReport, source: dagger.Directory, outputs: dagger.Directory, state: dagger.Secret | None
) -> Remediation:
    fields = {
        "status": report.status.value,
        "exit_code": report.exit_code,
        "report": report.model_dump_json(indent=2),
        "patch": dag.directory().with_new_file(PATCH, report.patch).file(PATCH),
        "source": source,
        "outputs": outputs,
        "state": state,
    }
    # object_type makes a keyword-only dataclass at run time; mypy cannot see through the SDK's
    # method-level dataclass_transform (it knows no __init__ arguments), hence the mapping.
    return Remediation(**fields)


def _skipped(reason: str) -> str:
    return PublishResult(status=PublishStatus.SKIPPED, message=f"publish: skipped - {reason}").model_dump_json()


# Dagger discovers the main object by the module's name; keep the import side-effect free otherwise.
__all__ = ["Remediate", "Remediation"]
