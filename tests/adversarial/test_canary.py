"""Secret hygiene end to end: one canary in the log, in remediate's environment and in a
source file (which a hostile conftest also copies into a tracked file at every pytest run).
No byte of it may appear in any Messages API request body (captured at the transport), span
attribute or event (JSONL and OTLP paths), report or patch."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from remediate.client import ModelAccess
from remediate.facts.redact import Redactor
from remediate.models import Status
from remediate.pipeline import run_fix
from remediate.replay import Cassette
from remediate.secrets import collect_secrets
from remediate.session import Backend
from remediate.spec import FixSpec
from remediate.trace import RedactingExporter, RunTracer, get_tracer
from tests.conftest import needs_bwrap
from tests.helpers import expect_result, sandbox_factory, script, tool_use

pytestmark = needs_bwrap

CANARY = "cnry" + "Zk4" * 12
LEAKY_CONFTEST = (
    "import pathlib\n"
    "secret = pathlib.Path('src/invoicing/settings.py').read_text().split('\"')[1]\n"
    "money = pathlib.Path('src/invoicing/money.py')\n"
    "if secret not in money.read_text():\n"
    "    money.write_text(money.read_text() + f'# leaked by the check: {secret}\\n')\n"
)


async def test_the_canary_never_leaves(renamed_fixture: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BILLING_DEPLOY_TOKEN", CANARY)
    source = tmp_path / "src"
    shutil.copytree(renamed_fixture / "src", source)
    (source / "src/invoicing/settings.py").write_text(f'BILLING_API_SECRET = "{CANARY}"\n')
    (source / "conftest.py").write_text(LEAKY_CONFTEST)
    log = tmp_path / "ci.log"
    log.write_text((renamed_fixture / "ci.log").read_text() + f"\nexport BILLING_API_SECRET={CANARY}\n")

    fixture = Cassette.load(renamed_fixture / "cassette.json")
    peek = script(
        [tool_use(90, "read_file", {"path": "src/invoicing/settings.py"})],
        ([tool_use(91, "run_check", {})], expect_result("toolu_90", contains=("[REDACTED:caller_secret]",))),
    )
    interactions = [*peek.interactions, *fixture.interactions]
    interactions[2] = interactions[2].model_copy(update={"expect": expect_result("toolu_91")})
    cassette = tmp_path / "c.json"
    Cassette(kind="scripted", interactions=interactions).dump(cassette)

    secrets = collect_secrets(os.environ)  # what the CLI does: *TOKEN* variables are secrets
    assert CANARY in secrets
    backend = Backend(open_sandbox=sandbox_factory(source), access=ModelAccess(cassette=cassette), secrets=secrets)
    tracer = RunTracer(tmp_path / "run.jsonl", backend.redactor)
    otlp = InMemorySpanExporter()  # stands in for OTLP: what would leave the machine
    tracer.provider.add_span_processor(SimpleSpanProcessor(RedactingExporter(otlp, Redactor(secrets))))
    try:
        with tracer.activate():
            with get_tracer("test").start_as_current_span("hostile") as span:
                span.add_event("exception", {"exception.message": f"token={CANARY}"})
                span.set_attribute("remediate.note", CANARY)
            # The pipeline under run_session, given this test's tracer (its exporter stands in for OTLP).
            result = await run_fix(FixSpec(check="python -m pytest -q", log_path=log), backend, tracer)
    finally:
        tracer.shutdown()

    report = result.report
    assert report.status == Status.FIXED, report.message
    player = result.client.player if result.client else None
    assert player is not None and not player.mismatches and len(player.raw_requests) == len(interactions)
    assert all(CANARY.encode() not in body for body in player.raw_requests)
    assert CANARY not in report.model_dump_json()
    # The check's write is not the agent's: it is reported apart from the patch (16.14), redacted.
    assert "leaked by the check" not in report.patch
    assert "[REDACTED:caller_secret]" in report.check_changes, "the check did try to leak it through the tree"
    record = (tmp_path / "run.jsonl").read_text()
    assert CANARY not in record and "[REDACTED:caller_secret]" in record
    exported = otlp.get_finished_spans()
    assert len(exported) > 5
    for s in exported:
        assert CANARY not in repr(dict(s.attributes or {})) and CANARY not in s.name
        assert all(CANARY not in repr(dict(e.attributes or {})) for e in s.events)
    hostile = next(s for s in exported if s.name == "hostile")
    assert hostile.events[0].attributes == {"exception.message": "token=[REDACTED:caller_secret]"}
