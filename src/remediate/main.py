"""The Dagger module: thin functions over the same core the CLI runs.

Only this file and sandbox/dagger.py import dagger. Function caching is disabled in
dagger.json: a model's answer must never be replayed from Dagger's cache.
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated

import dagger
from dagger import DefaultPath, Doc, Ignore, dag, function, object_type

from remediate.client import ModelAccess
from remediate.facts import extract_facts
from remediate.models import FixReport, Limits
from remediate.pricing import DEFAULT_MODEL, DEFAULT_TRIAGE_MODEL
from remediate.publish import PublishResult
from remediate.sandbox.base import Sandbox
from remediate.sandbox.dagger import DaggerSandbox
from remediate.session import Backend, run_session
from remediate.spec import FixSpec, Policy

WORKDIR = "/workspace"
# Publishing runs `remediate publish` (git + GitHub) in its own container built from this module's
# source: the real git binary, and tokens that enter only as Dagger secret variables.
PUBLISH_IMAGE = "python:3.12-slim"


@object_type
class Remediate:
    """Fix failing CI jobs: typed facts, a narrow agent, a verified patch."""

    @function
    async def fix(
        self,
        source: Annotated[dagger.Directory, Doc("The project whose check failed")],
        log: Annotated[dagger.File, Doc("The failed CI job's log")],
        check: Annotated[str, Doc("The check command that failed, e.g. 'python -m pytest -q'")],
        api_key: Annotated[dagger.Secret | None, Doc("Anthropic API key")] = None,
        model: Annotated[str, Doc("Model for every specialist; empty: each specialist's own (README)")] = "",
        triage_model: Annotated[
            str, Doc("Model of the triage micro-agent, asked only when the rules are unsure")
        ] = DEFAULT_TRIAGE_MODEL,
        image: Annotated[str, Doc("Image the check runs in")] = "python:3.12-slim",
        setup: Annotated[str, Doc("Shell command run once in the image before the check")] = "",
        cassette: Annotated[dagger.File | None, Doc("Replay model responses from this cassette")] = None,
        check_timeout: Annotated[int, Doc("Seconds per check run")] = 600,
        publish: Annotated[
            bool, Doc("Open a branch + PR for a verified fix (needs repo, commit, credentials)")
        ] = False,
        repo: Annotated[str, Doc("publish: owner/name on GitHub")] = "",
        commit: Annotated[str, Doc("publish: the failing commit (full SHA)")] = "",
        base: Annotated[str, Doc("publish: the PR's target; default: the repository's default branch")] = "",
        github_token: Annotated[dagger.Secret | None, Doc("publish: token with contents+pull_requests write")] = None,
        app_id: Annotated[str, Doc("publish: GitHub App id (with app-private-key)")] = "",
        app_private_key: Annotated[dagger.Secret | None, Doc("publish: GitHub App private key (PEM)")] = None,
        slack_webhook: Annotated[
            dagger.Secret | None, Doc("publish: Slack webhook, if .remediate.toml enables it")
        ] = None,
    ) -> dagger.Changeset:
        """Return the verified fix as a changeset against `source` (empty when not fixed); with publish, also a PR."""
        if publish and not (repo and commit and (github_token or (app_id and app_private_key))):
            raise ValueError("publish needs repo, commit, and github-token or app-id + app-private-key")
        report = await self._run(
            source, log, check, api_key, model, triage_model, image, setup, cassette, check_timeout
        )
        if publish and report.status.value == "fixed":
            out = await self._publish(
                source, report.model_dump_json(), check, repo, commit, base, github_token, app_id, app_private_key,
                slack_webhook,
            )  # fmt: skip
            print(out)  # the PublishResult JSON, in the function's log
            published = PublishResult.model_validate_json(out) if out.strip() else None
            if published is None or not published.ok:
                raise RuntimeError(published.message if published else "publishing produced no result")
        elif publish:
            print(f"publish: skipped - the run ended {report.status.value}")
        if report.status.value == "fixed" and report.patch:
            return source.with_patch(report.patch).changes(source)
        return source.changes(source)

    @function
    async def report(
        self,
        source: Annotated[dagger.Directory, Doc("The project whose check failed")],
        log: Annotated[dagger.File, Doc("The failed CI job's log")],
        check: Annotated[str, Doc("The check command that failed")],
        api_key: Annotated[dagger.Secret | None, Doc("Anthropic API key")] = None,
        model: Annotated[str, Doc("Model for every specialist; empty: each specialist's own (README)")] = "",
        triage_model: Annotated[
            str, Doc("Model of the triage micro-agent, asked only when the rules are unsure")
        ] = DEFAULT_TRIAGE_MODEL,
        image: Annotated[str, Doc("Image the check runs in")] = "python:3.12-slim",
        setup: Annotated[str, Doc("Shell command run once in the image before the check")] = "",
        cassette: Annotated[dagger.File | None, Doc("Replay model responses from this cassette")] = None,
        check_timeout: Annotated[int, Doc("Seconds per check run")] = 600,
    ) -> str:
        """Run `fix` and return its FixReport as JSON (status, patch, verification, usage, cost)."""
        report = await self._run(
            source, log, check, api_key, model, triage_model, image, setup, cassette, check_timeout
        )
        return report.model_dump_json(indent=2)

    @function
    async def publish(
        self,
        source: Annotated[dagger.Directory, Doc("The project checkout (its .remediate.toml is read)")],
        report: Annotated[dagger.File, Doc("report.json of a fix run (dagger call report ... > report.json)")],
        check: Annotated[str, Doc("The check command the run fixed (part of the idempotency key)")],
        repo: Annotated[str, Doc("owner/name on GitHub")],
        commit: Annotated[str, Doc("The failing commit (full SHA)")],
        base: Annotated[str, Doc("The PR's target; default: the repository's default branch")] = "",
        github_token: Annotated[dagger.Secret | None, Doc("Token with contents+pull_requests write")] = None,
        app_id: Annotated[str, Doc("GitHub App id (with app-private-key)")] = "",
        app_private_key: Annotated[dagger.Secret | None, Doc("GitHub App private key (PEM)")] = None,
        slack_webhook: Annotated[dagger.Secret | None, Doc("Slack webhook, if .remediate.toml enables it")] = None,
    ) -> str:
        """Publish a verified fix as a remediate/<slug>-<key8> branch and a PR, idempotently; PublishResult JSON."""
        return await self._publish(
            source, await report.contents(), check, repo, commit, base, github_token, app_id, app_private_key,
            slack_webhook,
        )  # fmt: skip

    async def _publish(
        self,
        source: dagger.Directory,
        report_json: str,
        check: str,
        repo: str,
        commit: str,
        base: str,
        github_token: dagger.Secret | None,
        app_id: str,
        app_private_key: dagger.Secret | None,
        slack_webhook: dagger.Secret | None,
    ) -> str:
        ctr = (
            dag.container()
            .from_(PUBLISH_IMAGE)
            .with_exec(
                ["sh", "-c", "apt-get update -qq && apt-get install -y -qq --no-install-recommends git >/dev/null"]
            )
            .with_directory("/opt/remediate", dag.current_module().source(), exclude=[".venv", ".git", "fixtures"])
            .with_exec(["pip", "install", "-q", "--no-cache-dir", "/opt/remediate"])
            .with_directory("/src", source)
            .with_new_file("/run/remediate/report.json", report_json)
            .with_env_variable("REMEDIATE_APP_ID", app_id)
            .with_env_variable("REMEDIATE_PUBLISH_NONCE", uuid.uuid4().hex)  # a push is never served from cache
        )
        secrets = {
            "REMEDIATE_GITHUB_TOKEN": github_token,
            "REMEDIATE_APP_PRIVATE_KEY": app_private_key,
            "REMEDIATE_SLACK_WEBHOOK": slack_webhook,
        }
        for name, secret in secrets.items():
            if secret is not None:
                ctr = ctr.with_secret_variable(name, secret)
        argv = ["remediate", "publish", "--json", "--report", "/run/remediate/report.json", "--source", "/src"]
        argv += ["--check", check, "--repo", repo, "--commit", commit] + (["--base", base] if base else [])
        return await ctr.with_exec(argv, expect=dagger.ReturnType.ANY).stdout()

    @function
    async def eval(
        self,
        repo: Annotated[
            dagger.Directory,
            DefaultPath("/"),
            Ignore([".venv", ".remediate", "**/__pycache__", "**/.pytest_cache", "**/target", "**/logs"]),
            Doc("This module's repository: fixtures/, evals/ and the remediate package"),
        ],
        attempts: Annotated[int, Doc("Attempts per case")] = 1,
        model: Annotated[str, Doc("Model for the specialists")] = DEFAULT_MODEL,
        api_key: Annotated[dagger.Secret | None, Doc("Anthropic API key; without it the cassettes replay")] = None,
        cases: Annotated[str, Doc("Glob of case ids")] = "*",
        image: Annotated[str, Doc("Image the eval runs in")] = "python:3.11-slim",
    ) -> dagger.Directory:
        """Run the eval suite, each case a parallel pipeline in its own container; return the report
        directory (report.md, report.html, results.jsonl, gate.json when a baseline exists)."""
        runner = (
            dag.container()
            .from_(image)
            .with_exec(["sh", "-c", "apt-get update -qq && apt-get install -y -qq git >/dev/null"])
            .with_directory("/repo", repo)
            .with_workdir("/repo")
            .with_exec(["python", "-m", "pip", "install", "-q", "--upgrade", "pip>=25.1"])
            .with_exec(["python", "-m", "pip", "install", "-q", "-e", ".", "--group", "tools"])
        )
        if api_key is not None:
            runner = runner.with_secret_variable("ANTHROPIC_API_KEY", api_key)
        ids = sorted(
            path.split("/")[1] for path in await repo.glob(f"fixtures/{cases}/case.toml") if path.count("/") == 2
        )
        argv = ["remediate", "eval", "--attempts", str(attempts), "--model", model, "--no-gate"]
        # The container is the sandbox here: bubblewrap needs privileges Dagger does not grant.
        argv.append("--unsafe-no-sandbox")
        # Each case is its own pipeline; the engine runs them in parallel when the results are gathered.
        runs = [
            runner.with_exec([*argv, "--cases", case, "--out", f"/out/{case}"]).directory(f"/out/{case}")
            for case in ids
        ]
        gathered = dag.directory()
        for case, run in zip(ids, runs, strict=True):
            gathered = gathered.with_directory(case, run)
        merge = ["python", "-m", "remediate.evals.merge", "/report", *(f"/runs/{case}" for case in ids)]
        merge += ["--baseline", "evals/baseline.json", "--model", model]
        if api_key is not None:
            merge.append("--live")
        # merge exits 1 when the gate fails; the report (gate.json included) is still the result, and
        # the workflow's gate step reads gate.json.
        return (
            runner.with_directory("/runs", gathered).with_exec(merge, expect=dagger.ReturnType.ANY).directory("/report")
        )

    @function
    async def facts(
        self,
        log: Annotated[dagger.File, Doc("A CI log")],
        source: Annotated[dagger.Directory | None, Doc("The project, for repo facts")] = None,
        budget_tokens: Annotated[int, Doc("Token budget of the excerpt")] = 2000,
    ) -> str:
        """Typed, redacted facts from a CI log as JSON; no model is called."""
        with tempfile.TemporaryDirectory() as tmp:
            log_path = Path(tmp) / "ci.log"
            await log.export(str(log_path))
            source_path = None
            if source is not None:
                source_path = Path(tmp) / "source"
                await source.export(str(source_path))
            return extract_facts(log_path, source=source_path, budget_tokens=budget_tokens).model_dump_json(indent=2)

    async def _run(
        self,
        source: dagger.Directory,
        log: dagger.File,
        check: str,
        api_key: dagger.Secret | None,
        model: str,
        triage_model: str,
        image: str,
        setup: str,
        cassette: dagger.File | None,
        check_timeout: int,
    ) -> FixReport:
        base = dag.container().from_(image).with_directory(WORKDIR, source).with_workdir(WORKDIR)
        if setup:
            base = base.with_exec(["sh", "-c", setup])

        @asynccontextmanager
        async def open_sandbox() -> AsyncIterator[Sandbox]:
            yield DaggerSandbox(base, source)

        key = await api_key.plaintext() if api_key is not None else None
        with tempfile.TemporaryDirectory() as tmp:
            log_path = Path(tmp) / "ci.log"
            await log.export(str(log_path))
            cassette_path = None
            if cassette is not None:
                cassette_path = Path(tmp) / "cassette.json"
                await cassette.export(str(cassette_path))
            backend = Backend(
                open_sandbox=open_sandbox,
                access=ModelAccess(api_key=key, cassette=cassette_path),
                secrets=tuple(s for s in (key,) if s),
            )
            spec = FixSpec(
                check=check,
                log_path=log_path,
                model=model or None,
                triage_model=triage_model,
                policy=Policy(limits=Limits(timeout_s=check_timeout)),
            )
            outcome = await run_session(spec, backend, Path(tmp) / "out")
            return outcome.report


# Dagger discovers the main object by the module's name; keep the import side-effect free otherwise.
__all__ = ["Remediate"]
