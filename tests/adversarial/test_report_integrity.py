"""Issue 16.9: the last redaction pass works on fields, not on serialized JSON. It can neither
crash a run (a secret that equals a JSON key) nor change the verified patch (a rule matching
across the `\\n` escapes of the JSON text); the patch in the report, in fix.patch and the one
applied are the bytes verified, and a hash in the report says so."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import anyio
import pytest
from typer.testing import CliRunner

from remediate.cli import app
from remediate.client import ModelAccess
from remediate.models import FixReport, Status
from remediate.replay import Cassette
from remediate.session import Backend, run_session
from remediate.spec import FixSpec, Policy
from tests.conftest import needs_bwrap
from tests.helpers import sandbox_factory, script, tool_use

pytestmark = needs_bwrap

OLD = "return money.round_money(self.discounted() * self.tax_rate)"
NEW = "return money.round_currency(self.discounted() * self.tax_rate)"
# In JSON text these four lines are one string: `://cache:6379\n+x=1\n+y=2\n+#admin@` reads as a
# URL with a password to the url_credentials rule, which then swallowed the three line breaks.
TRAP = '"""\nredis://cache:6379\nx=1\ny=2\nadmin@example.com\n"""\n'


def _cassette(tmp_path: Path, notes: str | None = None, new_text: str = NEW) -> Path:
    steps = [[tool_use(1, "edit_file", {"path": "src/invoicing/invoice.py", "old_text": OLD, "new_text": new_text})]]
    if notes is not None:
        end = "        return money.split_evenly(self.total(), count)\n"
        edit = {"path": "src/invoicing/invoice.py", "old_text": end, "new_text": end + "\n\nNOTES = " + notes}
        steps.append([tool_use(2, "edit_file", edit)])
    steps.append([tool_use(3, "finish", {"root_cause": "renamed helper", "summary": "s", "fixed": True})])
    cassette: Cassette = script(*steps)
    path = tmp_path / "cassette.json"
    cassette.dump(path)
    return path


async def _fix(
    fixture: Path, tmp_path: Path, notes: str | None = None, new_text: str = NEW, secrets: tuple[str, ...] = ()
) -> FixReport:
    backend = Backend(
        open_sandbox=sandbox_factory(fixture / "src"),
        access=ModelAccess(cassette=_cassette(tmp_path, notes, new_text)),
        secrets=secrets,
    )
    spec = FixSpec(check="python -m pytest -q", log_path=fixture / "ci.log", policy=Policy(passes_required=1))
    return (await run_session(spec, backend)).report


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


async def test_the_verified_patch_keeps_its_lines_and_its_hash(renamed_fixture: Path, tmp_path: Path) -> None:
    report = await _fix(renamed_fixture, tmp_path, TRAP)
    assert report.status == Status.FIXED, report.message
    assert "+redis://cache:6379\n+x=1\n+y=2\n+admin@example.com\n" in report.patch
    assert report.verification is not None
    assert report.patch_sha256 == _sha(report.patch) == report.verification.patch_sha256
    work = tmp_path / "copy"
    shutil.copytree(renamed_fixture / "src", work)
    (tmp_path / "p.patch").write_text(report.patch, encoding="utf-8")
    done = await anyio.run_process(["git", "apply", "--check", str(tmp_path / "p.patch")], cwd=work, check=False)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("secret", ["exit_code", "run_id", "status", "fixed\\n"])
async def test_a_secret_equal_to_a_json_word_cannot_crash_the_run(
    renamed_fixture: Path, tmp_path: Path, secret: str
) -> None:
    report = await _fix(renamed_fixture, tmp_path, secrets=(secret,))
    assert report.status == Status.FIXED, report.message
    assert report.patch_sha256 == _sha(report.patch)


async def test_a_secret_in_a_field_is_still_redacted(renamed_fixture: Path, tmp_path: Path) -> None:
    secret = "hunter2-Zq8vLm2pXr9T"
    new = f"{NEW}\n        # {secret}"
    report = await _fix(renamed_fixture, tmp_path, new_text=new, secrets=(secret,))
    dumped = report.model_dump_json()
    assert secret not in dumped and "[REDACTED:caller_secret]" in report.patch
    assert report.patch_sha256 == _sha(report.patch)


def test_fix_patch_on_disk_and_the_applied_file_are_the_verified_bytes(renamed_fixture: Path, tmp_path: Path) -> None:
    source = tmp_path / "proj"
    shutil.copytree(renamed_fixture / "src", source)
    out = tmp_path / "out"
    args = ["fix", "--source", str(source), "--log", str(renamed_fixture / "ci.log"), "--check", "python -m pytest -q"]
    args += ["--cassette", str(_cassette(tmp_path, TRAP)), "--out", str(out), "--passes", "1", "--state", "off"]
    result = CliRunner().invoke(app, [*args, "--apply"])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text())
    on_disk = (out / "fix.patch").read_bytes()
    assert hashlib.sha256(on_disk).hexdigest() == report["patch_sha256"] == report["verification"]["patch_sha256"]
    assert (source / "src/invoicing/invoice.py").read_text().endswith(TRAP)
