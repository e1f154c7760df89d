"""`remediate --help` loads only typer, rich and the light modules: the model SDK, the forge
clients, pydantic, the sandbox and the pipeline load when a command runs. (Its wall time is
measured by bench/cli_start.py, not here.)"""

from __future__ import annotations

import os
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


# `remediate facts` on the fixture's log, reporting on stderr which entry-point groups were read and
# whether pydantic's plugin switch was set when the log was opened and when the command ended.
FACTS_PLUGINS = (
    "import importlib.metadata as metadata, os, sys\n"
    "log = sys.argv[1]\n"
    "groups = []\n"
    "real = metadata.entry_points\n"
    "def reading(**selection):\n"
    "    groups.append(selection.get('group'))\n"
    "    return real(**selection)\n"
    "metadata.entry_points = reading\n"
    "at_open = []\n"
    "def audit(event, args):\n"
    "    if event == 'open' and str(args[0]) == log:\n"
    "        at_open.append(os.environ.get('PYDANTIC_DISABLE_PLUGINS'))\n"
    "sys.addaudithook(audit)\n"
    "from remediate.entry import main\n"
    "sys.argv = ['remediate', 'facts', '--log', log, '--json']\n"
    "try:\n"
    "    main()\n"
    "except SystemExit:\n"
    "    pass\n"
    "print('pydantic' in groups, at_open[:1], os.environ.get('PYDANTIC_DISABLE_PLUGINS'), file=sys.stderr)\n"
)


def _facts_plugins(env: dict[str, str]) -> str:
    run = subprocess.run(
        [sys.executable, "-c", FACTS_PLUGINS, str(FIXTURE / "ci.log")], capture_output=True, text=True, env=env
    )
    assert '"category"' in run.stdout, run.stderr
    return run.stderr.strip().splitlines()[-1]


def test_facts_builds_its_models_without_looking_for_pydantic_plugins() -> None:
    """The facts' models are remediate's own: building them reads no distribution's entry points (a
    few ms at every start). The switch is set only while they are built: the log is read, and
    anything the command starts runs, without it."""
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    assert _facts_plugins(env) == "False [None] None"


def test_facts_keeps_the_users_own_plugin_setting() -> None:
    """A user who disabled one plugin by name keeps the others: pydantic looks for them as usual."""
    env = {**os.environ, "PYDANTIC_DISABLE_PLUGINS": "their_plugin"}
    assert _facts_plugins(env) == "True ['their_plugin'] their_plugin"
