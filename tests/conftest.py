from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"

needs_bwrap = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap (bwrap) is not installed")


@pytest.fixture(scope="session", autouse=True)
def _own_state_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Runs without --out/--state write to the per-user state dir: the tests get their own (the
    variable reaches the subprocesses too), not the machine user's."""
    saved = os.environ.get("XDG_STATE_HOME")
    os.environ["XDG_STATE_HOME"] = str(tmp_path_factory.mktemp("xdg-state"))
    yield
    if saved is None:
        os.environ.pop("XDG_STATE_HOME", None)
    else:
        os.environ["XDG_STATE_HOME"] = saved


@pytest.fixture
def renamed_fixture() -> Path:
    return FIXTURES / "py-renamed-function"


@pytest.fixture(autouse=True)
def _own_attempt_store(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    # A CLI run without --state uses $REMEDIATE_STATE or the cwd's .remediate/state.db: a test must
    # not find the claims of an earlier test run (same --basetemp, same project path, same key).
    monkeypatch.setenv("REMEDIATE_STATE", str(tmp_path_factory.mktemp("state") / "state.db"))
