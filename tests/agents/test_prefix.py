"""The deterministic prefix does no harm: it touches only the files the failure names, never a
protected one, and the model then sees only what remains."""

from __future__ import annotations

from pathlib import Path

from remediate.client import ModelAccess
from remediate.models import Status
from remediate.replay import Cassette
from remediate.session import Backend, run_session
from remediate.spec import FixSpec, Policy
from tests.agents.scripting import Script
from tests.conftest import needs_bwrap
from tests.helpers import make_project, sandbox_factory

pytestmark = needs_bwrap

UGLY = "def f( x ):\n    return x+1\n"
PROJECT = {
    "pyproject.toml": "[tool.ruff]\nline-length = 100\n",
    "src/a.py": UGLY,
    "src/untouched.py": "y = [1,2]\n",  # unformatted too, but the failure does not name it
    "tests/test_a.py": UGLY,
}
LOG = (
    "##[group]Run ruff format --check src/a.py tests/test_a.py\n##[endgroup]\n"
    "Would reformat: src/a.py\nWould reformat: tests/test_a.py\n2 files would be reformatted\n"
    "##[error]Process completed with exit code 1.\n"
)
CHECK = "ruff format --check src/a.py tests/test_a.py"


async def test_prefix_skips_protected_and_unnamed_files_and_the_model_sees_the_rest(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", PROJECT)
    log = tmp_path / "ci.log"
    log.write_text(LOG)
    # The only thing left is a protected test file: the specialist says so instead of editing it.
    script = Script("claude-haiku-5-5", "the lint specialist after the prefix")
    script.turn(
        [("run_check", {})],
        contains=(
            "After the deterministic fixers",
            "ruff [format] tests/test_a.py",
        ),
        # What the fixers fixed is gone from the errors; what the failure never named is never shown.
        absent=("ruff [format] src/a.py", "src/untouched.py"),
    )
    script.turn(
        [
            (
                "finish",
                {"root_cause": "tests/test_a.py is unformatted", "summary": "protected: not mine", "fixed": False},
            )
        ],
        results={0: ("check FAILED", "1 file would be reformatted, 1 file already formatted")},
    )
    path = tmp_path / "cassette.json"
    Cassette(kind="scripted", interactions=script.interactions).dump(path)
    backend = Backend(open_sandbox=sandbox_factory(project), access=ModelAccess(cassette=path))
    spec = FixSpec(check=CHECK, log_path=log, source_dir=project, policy=Policy(passes_required=1))
    outcome = await run_session(spec, backend)
    report, handle = outcome.report, outcome.model_client
    assert handle is not None and handle.player is not None
    assert not handle.player.mismatches, handle.player.mismatches
    assert report.changed_files == ["src/a.py"], report.patch
    assert "def f(x):" in report.patch and report.status == Status.NOT_FIXED
    assert report.usage.model_calls == 2
