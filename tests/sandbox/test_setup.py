"""--setup: once per run, with network, in a virtualenv layered over the check's interpreter;
what it installs (venv packages, node_modules) reaches every check read-only, without network."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest

from remediate.sandbox.base import SandboxError
from remediate.sandbox.factory import LocalSandboxes

PROBE = "import socket, sys; socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=3).close()"


def project(tmp_path: Path) -> Path:
    src = tmp_path / "proj"
    (src / "pkg").mkdir(parents=True)
    (src / "pkg" / "__init__.py").write_text("VALUE = 42\n")
    return src


def sandboxes(src: Path, setup: str | None) -> LocalSandboxes:
    # The caller's PATH is remediate's interpreter only: what the check sees is what setup adds.
    environ = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin"}
    return LocalSandboxes(src, environ=environ, setup=setup)


async def test_setup_installs_for_the_checks_which_see_it_read_only_and_offline(tmp_path: Path) -> None:
    src = project(tmp_path)
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = server.getsockname()[1]
    # What `pip install -e .` leaves: a .pth naming the project's own path, plus an npm-style dir.
    setup = (
        f'python -c "{PROBE}" {port} && echo net-ok > node_modules.txt; '
        "python -c \"import site, os; open(site.getsitepackages()[0] + '/proj.pth', 'w').write(os.getcwd())\" "
        "&& mkdir -p node_modules/dep && echo 'module.exports = 1' > node_modules/dep/index.js"
    )
    boxes = sandboxes(src, setup)
    try:
        done = await boxes.prepare()
        assert done is not None and done.ok, done.output if done else None
        server.accept()[0].close()  # the setup reached the host: it had network
        environment = boxes.environment()
        assert environment.setup == setup and environment.virtual_env and "node_modules" in environment.bound_read_only
        assert environment.python is not None and environment.python.startswith(environment.virtual_env)
        async with boxes() as sb:
            check = await sb.run(
                [
                    "sh",
                    "-c",
                    "python -c 'import pkg; print(pkg.VALUE)'; cat node_modules/dep/index.js; "
                    "touch node_modules/x || echo RO-NODE; "
                    f'python -c "{PROBE}" {port} || echo NO-NET',
                ]
            )
            assert not (sb.root / "node_modules.txt").exists()  # the setup's own file changes stay there
        assert "42" in check.output and "module.exports = 1" in check.output, check.output
        assert "RO-NODE" in check.output and "NO-NET" in check.output
        assert not (src / "node_modules").exists()  # the source is never touched
    finally:
        server.close()
        root = boxes._setup_env.root if boxes._setup_env else None
        await boxes.aclose()
    assert root is not None and not root.exists()  # the per-run environment is removed


async def test_a_failed_setup_is_reported_with_its_output(tmp_path: Path) -> None:
    boxes = sandboxes(project(tmp_path), "echo broken install >&2; exit 3")
    try:
        done = await boxes.prepare()
    finally:
        await boxes.aclose()
    assert done is not None and done.exit_code == 3 and "broken install" in done.output


async def test_without_setup_prepare_only_selects(tmp_path: Path) -> None:
    boxes = sandboxes(project(tmp_path), None)
    assert await boxes.prepare() is None
    assert boxes.environment().files == 1 and boxes.environment().virtual_env is None


async def test_a_source_holding_the_system_dirs_is_refused(tmp_path: Path) -> None:
    boxes = LocalSandboxes(Path("/"), environ={"PATH": "/usr/bin"})
    with pytest.raises(SandboxError, match="system directories"):
        async with boxes():
            pass
