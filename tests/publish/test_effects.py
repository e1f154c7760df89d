"""A claim records an effect that happened: an --apply or a publish that failed gives its claim back, so a rerun
of the same failure (same idempotency key, another run) acts; one that happened still blocks the rerun."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer

from remediate import cli
from remediate.models import FixReport
from remediate.publish import PublishConfig, PublishResult, PublishStatus, publish_fix
from remediate.publish import cli as publish_cli
from remediate.state import open_store
from tests.publish.conftest import Remote, config, make_report
from tests.publish.fakegithub import FakeGitHub, error_body

KEY = "5e" * 32  # an idempotency key (sha256 hex)


def test_only_the_holder_releases_a_claim(tmp_path: Path) -> None:
    store = open_store(tmp_path / "state.db")
    assert store.claim_effect_sync(KEY, "apply", "r1").acted
    assert not store.release_effect_sync(KEY, "apply", "r2")  # another run cannot free r1's claim
    assert not store.claim_effect_sync(KEY, "apply", "r2").acted
    assert store.release_effect_sync(KEY, "apply", "r1")
    assert store.claim_effect_sync(KEY, "apply", "r2").acted


def test_a_failed_apply_does_not_block_the_rerun(remote: Remote, tmp_path: Path) -> None:
    store = open_store(tmp_path / "state.db")
    source, patch = remote.checkout, tmp_path / "fix.patch"
    patch.write_text(remote.patch)
    calc = source / "src" / "calc.py"
    original = calc.read_text()
    calc.write_text("def add(a, b):\n    return a * b\n")  # someone changed the line: the patch cannot apply
    with pytest.raises(typer.Exit) as failed:
        cli._apply_once(source, patch, store, KEY, "r1")
    assert failed.value.exit_code != 0
    assert calc.read_text() == "def add(a, b):\n    return a * b\n"  # nothing was written
    calc.write_text(original)
    cli._apply_once(source, patch, store, KEY, "r2")  # the rerun of the same failure applies it
    assert calc.read_text() == "def add(a, b):\n    return a + b\n"
    # An apply that happened keeps its claim: a third run that finds the fix reverted does not re-apply it.
    calc.write_text(original)
    cli._apply_once(source, patch, store, KEY, "r3")
    assert calc.read_text() == original
    assert store.claim_effect_sync(KEY, "apply", "r4").run_id == "r2"


def test_a_failed_publish_does_not_block_the_rerun(
    remote: Remote, fake: FakeGitHub, token: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def with_fake(report: FixReport, cfg: PublishConfig, **kw: Any) -> PublishResult:
        return await publish_fix(report, cfg, transport=fake.transport, **kw)

    monkeypatch.setattr(publish_cli, "publish_fix", with_fake)
    store = open_store(tmp_path / "state.db")
    fake.fail_next("POST", r"/pulls$", status=403, body=error_body("Resource not accessible by integration"))
    first = make_report(remote.patch, run_id="r1", attempt_key=KEY, project="octo-org/invoicing")
    assert cli._claim(store, KEY, "publish", "r1")
    failed = cli._publish_claimed(first, config(remote, token), store, KEY, quiet=True)
    assert not failed.ok and fake.pulls == [] and "not accessible" in failed.message, failed.message
    assert failed.branch is not None and fake.branch_sha(failed.branch) is not None  # pushed, but no PR
    rerun = first.model_copy(update={"run_id": "r2"})
    assert cli._claim(store, KEY, "publish", "r2")  # the claim was given back
    done = cli._publish_claimed(rerun, config(remote, token), store, KEY, quiet=True)
    # The branch the failed run pushed is adopted (same tree, parent, bot, key); the PR is opened now.
    assert done.status == PublishStatus.COMPLETED, done.message
    assert len(fake.pulls) == 1
    assert not cli._claim(store, KEY, "publish", "r3")  # a publish that happened still acts once
