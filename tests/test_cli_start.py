"""`remediate --help` loads only typer, rich and the light modules: the model SDK, the forge
clients, pydantic, the sandbox and the pipeline load when a command runs. (Its wall time is
measured by bench/cli_start.py, not here.)"""

from __future__ import annotations

import subprocess
import sys

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
