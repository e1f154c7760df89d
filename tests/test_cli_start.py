"""`remediate --help` loads only typer, rich and the light modules: the model SDK, the forge
clients, pydantic, the sandbox and the pipeline load when a command runs. (Its wall time is
measured by bench/cli_start.py, not here.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bench.cli_start import HELP_RUN

# Not pydantic: typer itself loads it to read a subcommand's option values (`fix --help`).
HEAVY = (
    "anthropic",
    "githubkit",
    "gitlab",
    "httpx",
    "anyio",
    "opentelemetry",
    "remediate.models",
    "remediate.facts",
    "remediate.pipeline",
    "remediate.sandbox",
    "remediate.publish.core",
    "remediate.state",
)


@pytest.mark.parametrize("argv", [["--help"], ["fix", "--help"], ["--version"]], ids=" ".join)
def test_help_loads_no_heavy_module(argv: list[str]) -> None:
    code = HELP_RUN.replace("['remediate', '--help']", repr(["remediate", *argv]))
    code += f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r} or m in {HEAVY!r}))\n"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Usage" in run.stdout or "remediate " in run.stdout
    assert run.stdout.splitlines()[-1] == "[]", run.stdout.splitlines()[-1]


FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "py-renamed-function"
SDK_AT_EXIT = (
    "import atexit, sys\n"
    "atexit.register(lambda: print('SDK loaded:', 'anthropic' in sys.modules, file=sys.stderr))\n"
    "from remediate.cli import app\n"
    "app(sys.argv[1:], prog_name='remediate')\n"
)


def test_a_run_that_ends_before_any_model_call_never_imports_the_sdk(tmp_path: Path) -> None:
    """The newcomer's first run often ends `different_failure` (the environment differs): no model
    is needed, so the SDK (seconds to import on a loaded machine) is never loaded."""
    args = ["fix", "--source", str(FIXTURE / "src"), "--log", str(FIXTURE / "ci.log"), "--state", "off"]
    args += ["--check", "python -c 'import no_such_module_here'", "--out", str(tmp_path / "out"), "--json"]
    args += ["--cassette", str(FIXTURE / "cassette.json")]
    run = subprocess.run([sys.executable, "-c", SDK_AT_EXIT, *args], capture_output=True, text=True, check=False)
    assert run.returncode == 14, run.stderr  # different_failure
    assert "SDK loaded: False" in run.stderr, run.stderr


def test_opening_a_model_client_imports_the_sdk() -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from remediate.client import ModelAccess, open_client\n"
        "from remediate.facts.redact import Redactor\n"
        "assert 'anthropic' not in sys.modules\n"
        f"open_client(ModelAccess(cassette=Path({str(FIXTURE / 'cassette.json')!r})), Redactor(), None)\n"
        "print('anthropic' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "True"
