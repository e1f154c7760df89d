from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"

needs_bwrap = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap (bwrap) is not installed")


@pytest.fixture
def renamed_fixture() -> Path:
    return FIXTURES / "py-renamed-function"


@pytest.fixture(autouse=True)
def _own_attempt_store(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    # A CLI run without --state uses $REMEDIATE_STATE or the cwd's .remediate/state.db: a test must
    # not find the claims of an earlier test run (same --basetemp, same project path, same key).
    monkeypatch.setenv("REMEDIATE_STATE", str(tmp_path_factory.mktemp("state") / "state.db"))
