"""The Dagger module: thin functions over the same core the CLI runs.

Only this file and sandbox/dagger.py import dagger. Function caching is disabled in
dagger.json: a model's answer must never be replayed from Dagger's cache.
"""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated

import dagger
from dagger import Doc, dag, function, object_type

from remediate.client import ModelAccess
from remediate.facts import extract_facts
from remediate.models import FixReport, Limits
from remediate.pipeline import FixRequest, Runtime, run_fix
from remediate.pricing import DEFAULT_MODEL
from remediate.sandbox.base import Sandbox
from remediate.sandbox.dagger import DaggerSandbox
from remediate.trace import RunTracer

WORKDIR = "/workspace"


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
        model: Annotated[str, Doc("Model for the specialist")] = DEFAULT_MODEL,
        image: Annotated[str, Doc("Image the check runs in")] = "python:3.12-slim",
        setup: Annotated[str, Doc("Shell command run once in the image before the check")] = "",
        cassette: Annotated[dagger.File | None, Doc("Replay model responses from this cassette")] = None,
        check_timeout: Annotated[int, Doc("Seconds per check run")] = 600,
    ) -> dagger.Changeset:
        """Return the verified fix as a changeset against `source` (empty when not fixed)."""
        report = await self._run(source, log, check, api_key, model, image, setup, cassette, check_timeout)
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
        model: Annotated[str, Doc("Model for the specialist")] = DEFAULT_MODEL,
        image: Annotated[str, Doc("Image the check runs in")] = "python:3.12-slim",
        setup: Annotated[str, Doc("Shell command run once in the image before the check")] = "",
        cassette: Annotated[dagger.File | None, Doc("Replay model responses from this cassette")] = None,
        check_timeout: Annotated[int, Doc("Seconds per check run")] = 600,
    ) -> str:
        """Run `fix` and return its FixReport as JSON (status, patch, verification, usage, cost)."""
        report = await self._run(source, log, check, api_key, model, image, setup, cassette, check_timeout)
        return report.model_dump_json(indent=2)

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
            runtime = Runtime(
                open_sandbox=open_sandbox,
                access=ModelAccess(api_key=key, cassette=cassette_path),
                secrets=tuple(s for s in (key,) if s),
            )
            request = FixRequest(
                check=check, log_path=log_path, model=model, limits=Limits(timeout_s=check_timeout, memory_mb=4096)
            )
            tracer = RunTracer(Path(tmp) / "run.jsonl", runtime.redactor)
            runtime.tracer = tracer
            try:
                with tracer.activate():
                    return await run_fix(request, runtime)
            finally:
                tracer.shutdown()


# Dagger discovers the main object by the module's name; keep the import side-effect free otherwise.
__all__ = ["Remediate"]
