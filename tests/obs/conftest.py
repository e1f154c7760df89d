from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import FIXTURES

CASE = FIXTURES / "lint-bare-except"


@dataclass
class Collector:
    """A local OTLP/HTTP endpoint: keeps each request body the real exporter posts."""

    bodies: list[tuple[str, str, bytes]] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def endpoint(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/v1/traces"


@pytest.fixture(scope="module")
def collector() -> Iterator[Collector]:
    found = Collector()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            found.bodies.append((self.path, self.headers.get("Content-Type", ""), body))
            self.send_response(200)
            self.send_header("Content-Type", "application/x-protobuf")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            return None

    found.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=found.server.serve_forever, daemon=True)
    thread.start()
    yield found
    found.server.shutdown()


def run_fix_cli(source: Path, out: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`remediate fix` on the lint-bare-except fixture, replayed from its cassette."""
    # The check runs with the caller's tools: this interpreter's scripts (ruff) first on PATH.
    env = {**env, "PATH": os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "remediate.cli",
            "fix",
            "--source",
            str(source),
            "--log",
            str(CASE / "ci.log"),
            "--check",
            "ruff check .",
            "--cassette",
            str(CASE / "cassette.json"),
            "--out",
            str(out),
            "--state",
            "off",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


@dataclass
class LintRun:
    out: Path
    collector: Collector
    stdout: str
    stderr: str
    code: int


@pytest.fixture(scope="module")
def lint_run(tmp_path_factory: pytest.TempPathFactory, collector: Collector) -> LintRun:
    """One real `fix` (sandboxed checks, the SDK against the cassette), exporting OTLP to the collector."""
    if shutil.which("bwrap") is None:
        pytest.skip("bubblewrap (bwrap) is not installed")
    root = tmp_path_factory.mktemp("lint-run")
    source = root / "src"
    shutil.copytree(CASE / "src", source)
    env = {
        **os.environ,
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": collector.endpoint,
        "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL": "http/protobuf",
    }
    env.pop("ANTHROPIC_API_KEY", None)
    done = run_fix_cli(source, root / "out", env)
    return LintRun(root / "out", collector, done.stdout, done.stderr, done.returncode)
