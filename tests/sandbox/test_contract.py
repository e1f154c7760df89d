"""One contract for every sandbox backend, plus what only the local backend can show.

The local bubblewrap backend always runs here. The Dagger backend runs only when an engine
is reachable (the `dagger` CLI or a DAGGER_SESSION_PORT session); tests it cannot satisfy
by design (network, host paths) say so in their skip reason.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import socket
import sys
import time
import uuid
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import anyio
import pytest

from remediate.models import Limits
from remediate.sandbox import tree as tree_module
from remediate.sandbox.base import PathRejected, Sandbox, SandboxError, SandboxUnavailable
from remediate.sandbox.jail import tool_binds
from remediate.sandbox.local import LocalSandbox, open_local_sandbox
from remediate.sandbox.tree import list_files, search

TOOL_PATHS = (Path(sys.executable).parent,)
DAGGER_IMAGE = "python:3.12-slim"
DAGGER_REACHABLE = shutil.which("dagger") is not None or "DAGGER_SESSION_PORT" in os.environ
FAST = Limits(timeout_s=20, memory_mb=512, cpu_s=20)

Opener = Callable[..., AbstractAsyncContextManager[Sandbox]]


@dataclass(frozen=True)
class Backend:
    name: str
    open: Opener

    def host_root(self, sandbox: Sandbox) -> Path | None:
        return sandbox.root if isinstance(sandbox, LocalSandbox) else None


@asynccontextmanager
async def _open_local(
    source: Path, *, env: Mapping[str, str] | None = None, limits: Limits | None = None
) -> AsyncIterator[Sandbox]:
    async with open_local_sandbox(source, tool_paths=TOOL_PATHS, env=env, limits=limits or FAST) as sandbox:
        yield sandbox


@asynccontextmanager
async def _open_dagger(
    source: Path, *, env: Mapping[str, str] | None = None, limits: Limits | None = None
) -> AsyncIterator[Sandbox]:
    import dagger

    from remediate.sandbox.base import WORKSPACE
    from remediate.sandbox.dagger import DaggerSandbox

    async with dagger.connection(dagger.Config(log_output=sys.stderr)):
        original = dagger.dag.host().directory(str(source))
        container = dagger.dag.container().from_(DAGGER_IMAGE).with_directory(WORKSPACE, original)
        for key, value in (env or {}).items():
            container = container.with_env_variable(key, value)
        yield DaggerSandbox(container.with_workdir(WORKSPACE), original, limits=limits or FAST)


NO_ENGINE = "no Dagger engine reachable (no `dagger` CLI on PATH, no DAGGER_SESSION_PORT)"


@pytest.fixture(
    params=[
        pytest.param(Backend("local", _open_local), id="local-bwrap"),
        pytest.param(
            Backend("dagger", _open_dagger),
            id="dagger",
            marks=[pytest.mark.dagger, pytest.mark.skipif(not DAGGER_REACHABLE, reason=NO_ENGINE)],
        ),
    ]
)
def backend(request: pytest.FixtureRequest) -> Backend:
    result: Backend = request.param
    return result


def local_only(backend: Backend, why: str) -> None:
    if backend.name != "local":
        pytest.skip(f"{backend.name}: {why}")


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """A small project with text, binary, no-newline, artifact and .git content."""
    src = tmp_path / "project"
    (src / "pkg" / "sub").mkdir(parents=True)
    (src / "pkg" / "__init__.py").write_text("")
    (src / "pkg" / "mod.py").write_text("import os\n\n\ndef hello():\n    return 'hello'\n")
    (src / "pkg" / "sub" / "deep.py").write_text("X = 1\n")
    (src / "README.md").write_text("# demo\nhello world\n")
    (src / "noeol.txt").write_text("first\nlast")
    (src / "crlf.txt").write_bytes(b"one\r\ntwo\r\n")
    (src / "data.bin").write_bytes(b"hello\x00\x01\x02binary")
    (src / "run.sh").write_text("#!/bin/sh\necho run\n")
    (src / "run.sh").chmod(0o755)
    (src / "node_modules" / "lib").mkdir(parents=True)
    (src / "node_modules" / "lib" / "index.js").write_text("hello from an artifact\n")
    (src / "pkg" / "__pycache__").mkdir()
    (src / "pkg" / "__pycache__" / "mod.cpython-311.pyc").write_bytes(b"\x00pyc hello")
    (src / ".git").mkdir()
    (src / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    return src


def tree_digest(root: Path) -> dict[str, str]:
    """Every entry under root (symlinks as their target, files by hash, modes included)."""
    out: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            st = path.lstat()
            if path.is_symlink():
                out[rel] = "-> " + os.readlink(path)
            elif path.is_file():
                out[rel] = f"{st.st_mode:o} " + hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                out[rel] = f"{st.st_mode:o} dir"
    return out


def diff_paths(patch: str) -> list[str]:
    return [line.split(" b/", 1)[1] for line in patch.splitlines() if line.startswith("diff --git ")]


# ================================================================ commands


async def test_exit_code_and_interleaved_output(backend: Backend, source: Path) -> None:
    async with backend.open(source) as sb:
        result = await sb.run(["sh", "-c", "echo one; echo two >&2; echo three; exit 3"])
        assert result.exit_code == 3 and not result.ok and not result.timed_out
        assert result.output == "one\ntwo\nthree\n"
        assert result.argv == ["sh", "-c", "echo one; echo two >&2; echo three; exit 3"]
        ok = await sb.run(["python", "-c", "print(open('pkg/mod.py').read().count('def'))"])
        assert ok.ok and ok.output.strip() == "1"


async def test_command_not_found_is_127_not_an_exception(backend: Backend, source: Path) -> None:
    async with backend.open(source) as sb:
        result = await sb.run(["definitely-not-a-command-xyz"])
    assert result.exit_code == 127
    assert "definitely-not-a-command-xyz" in result.output


async def test_output_keeps_the_tail_and_counts_the_rest(backend: Backend, source: Path) -> None:
    script = "import sys; sys.stdout.write('x' * 100000 + 'THE END')"
    async with backend.open(source) as sb:
        result = await sb.run(["python", "-c", script], FAST.model_copy(update={"output_bytes": 1000}))
    assert result.ok
    assert len(result.output.encode()) == 1000 and result.output.endswith("THE END")
    assert result.truncated_bytes == 100007 - 1000


async def test_cannot_reach_the_network(backend: Backend, source: Path) -> None:
    local_only(backend, "Dagger execs get the engine's network; there is no per-exec switch")
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.setblocking(False)
    port = server.getsockname()[1]
    probe = f"""
import socket
def attempt(name, fn):
    try:
        fn()
        print(name, "REACHED")
    except OSError as exc:
        print(name, "blocked", type(exc).__name__)
attempt("host-loopback", lambda: socket.create_connection(("127.0.0.1", {port}), timeout=3).close())
attempt("dns", lambda: socket.getaddrinfo("example.com", 443))
attempt("external", lambda: socket.create_connection(("1.1.1.1", 53), timeout=3).close())
"""
    try:
        # Control: the same probe outside the sandbox reaches the host server.
        outside = await anyio.run_process([sys.executable, "-c", probe])
        assert "host-loopback REACHED" in outside.stdout.decode()
        server.accept()[0].close()
        async with backend.open(source) as sb:
            result = await sb.run(["python", "-c", probe])
        assert result.ok, result.output
        for name in ("host-loopback", "dns", "external"):
            assert f"{name} blocked" in result.output, result.output
        with pytest.raises(BlockingIOError):
            server.accept()  # nothing from inside ever arrived
    finally:
        server.close()


async def test_cannot_write_outside_the_work_dir(backend: Backend, source: Path, tmp_path: Path) -> None:
    tag = uuid.uuid4().hex
    host_targets = [
        Path("/etc") / f"remediate-canary-{tag}",
        tmp_path / "host-tmp" / f"canary-{tag}",
        source / f"canary-{tag}",
        Path.home() / f"remediate-canary-{tag}",
        Path("/") / f"remediate-canary-{tag}",
    ]
    targets = [*map(str, host_targets), f"../canary-{tag}", f"canary-inside-{tag}"]
    script = (
        "import os, sys\n"
        "for t in sys.argv[1:]:\n"
        "    try:\n"
        "        os.makedirs(os.path.dirname(os.path.abspath(t)), exist_ok=True)\n"
        "        open(t, 'w').write('x')\n"
        "        print('wrote', t)\n"
        "    except OSError as exc:\n"
        "        print('denied', t, exc.strerror)\n"
    )
    try:
        async with backend.open(source) as sb:
            result = await sb.run(["python", "-c", script, *targets])
            assert result.ok, result.output
            # Control: writing inside the work dir works and is visible through the sandbox.
            assert await sb.read(f"canary-inside-{tag}") == "x"
            root = backend.host_root(sb)
            if root is not None:
                assert (root / f"canary-inside-{tag}").exists()
                assert not (root.parent / f"canary-{tag}").exists()
        for target in host_targets:
            assert not target.exists(), f"{target} appeared on the host"
        assert not (source.parent / f"canary-{tag}").exists()
    finally:
        for target in host_targets:
            if target.is_file():
                target.unlink()


async def test_cannot_see_the_host_environment(backend: Backend, source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    canary = f"canary-{uuid.uuid4().hex}"
    monkeypatch.setenv("REMEDIATE_TEST_CANARY", canary)
    script = "env; echo ---; for f in /proc/[0-9]*/environ; do tr '\\000' '\\n' < $f; done 2>/dev/null"
    async with backend.open(source, env={"PASSED_IN": "yes"}) as sb:
        result = await sb.run(["sh", "-c", script])
    assert result.ok, result.output
    assert "PASSED_IN=yes" in result.output  # control: variables we hand over do arrive
    assert canary not in result.output
    if backend.name == "local":
        assert "HOME=/tmp" in result.output and "CI=true" in result.output
        # /proc/1 inside is bwrap's own pid 1: it was started with the minimal environment too.
        pid1 = result.output.split("---", 1)[1]
        assert "PASSED_IN=yes" in pid1 and canary not in pid1


async def test_host_filesystem_is_not_visible(backend: Backend, source: Path, tmp_path: Path) -> None:
    content = f"content-{uuid.uuid4().hex}"
    marker = tmp_path / "host-file.txt"
    marker.write_text(content)
    async with backend.open(source) as sb:
        if backend.name == "local":
            # The work copy is mounted at the source's own path: what is there is the copy.
            (source / "README.md").write_text("# changed on the host after the copy\n")
            where = str(source)
        else:
            where = "/workspace"
        result = await sb.run(["sh", "-c", f"cat {marker}; cat {where}/README.md; pwd"])
    assert content not in result.output and "changed on the host" not in result.output
    assert "# demo" in result.output and where in result.output  # control: the work copy itself is there


def _readable_shadow() -> str:
    try:
        return Path("/etc/shadow").read_text().strip()
    except OSError:
        return ""


async def test_host_secrets_in_etc_are_masked(source: Path) -> None:
    shadow = _readable_shadow()
    if not shadow:
        pytest.skip("/etc/shadow is not readable here, so there is nothing to mask")
    async with _open_local(source) as sb:
        result = await sb.run(["sh", "-c", "cat /etc/shadow; cat /etc/passwd"])
    assert shadow.splitlines()[0] not in result.output
    assert "root:" in result.output  # control: the rest of /etc (here /etc/passwd) is readable


async def test_cannot_outlive_its_timeout(backend: Backend, source: Path) -> None:
    spawn = "(sleep {delay}; echo late > {name}) & sleep {main}"
    async with backend.open(source) as sb:
        # Control: left alone, the background writer does write its marker.
        control = await sb.run(["sh", "-c", spawn.format(delay=0.2, name="control.txt", main=0.6)])
        assert control.ok and "control.txt" in await list_files(sb)

        started = time.monotonic()
        result = await sb.run(
            ["sh", "-c", spawn.format(delay=1.5, name="late.txt", main=60)], FAST.model_copy(update={"timeout_s": 1})
        )
        assert result.timed_out and result.exit_code == 124 and not result.ok
        assert time.monotonic() - started < 3
        await anyio.sleep(2.0)
        assert "late.txt" not in await list_files(sb)
        root = backend.host_root(sb)
        if root is not None:
            assert not (root / "late.txt").exists()


async def test_a_cancelled_run_leaves_nothing_behind(source: Path) -> None:
    async with _open_local(source) as sb:
        assert isinstance(sb, LocalSandbox)
        with anyio.move_on_after(0.5) as scope:
            await sb.run(["sh", "-c", "(sleep 1; echo late > late.txt) & sleep 60"])
        assert scope.cancelled_caught
        await anyio.sleep(1.5)
        assert not (sb.root / "late.txt").exists()


async def test_cannot_allocate_past_its_memory_cap(backend: Backend, source: Path) -> None:
    capped = FAST.model_copy(update={"memory_mb": 256})
    async with backend.open(source) as sb:
        control = await sb.run(["python", "-c", "b = bytearray(64 * 1024**2); print(len(b))"], capped)
        assert control.ok, control.output
        result = await sb.run(["python", "-c", "b = bytearray(1024**3); print('allocated')"], capped)
    assert result.exit_code != 0 and "allocated" not in result.output
    assert "MemoryError" in result.output


async def test_cpu_and_file_size_limits(backend: Backend, source: Path) -> None:
    async with backend.open(source) as sb:
        spin = await sb.run(["python", "-c", "while True: pass"], FAST.model_copy(update={"cpu_s": 1}))
        assert spin.exit_code != 0 and not spin.timed_out and spin.duration_s < 10
        big = "open('big.out', 'wb').write(b'x' * (3 * 1024**2))"
        result = await sb.run(["python", "-c", big], FAST.model_copy(update={"file_size_mb": 1}))
        assert result.exit_code != 0 and "File too large" in result.output


# ================================================================ paths

BAD_PATHS = ["/etc/passwd", "../outside.txt", "pkg/../../outside.txt", "a\x00b", "C:/x", "pkg\\mod.py", ""]


@pytest.mark.parametrize("bad", BAD_PATHS)
async def test_path_rules(backend: Backend, source: Path, bad: str) -> None:
    async with backend.open(source) as sb:
        with pytest.raises(PathRejected):
            await sb.read(bad)
        with pytest.raises(PathRejected):
            await sb.write(bad, "x")
        if bad:
            with pytest.raises(PathRejected):
                await list_files(sb, bad)


async def test_symlinks_out_are_rejected(backend: Backend, source: Path) -> None:
    (source / "etc-link").symlink_to("/etc")
    (source / "up").symlink_to("..")
    (source / "hostname-link").symlink_to("/etc/hostname")
    async with backend.open(source) as sb:
        for path in ("etc-link/hostname", "up/project/README.md", "hostname-link"):
            with pytest.raises(PathRejected):
                await sb.read(path)
            with pytest.raises(PathRejected):
                await sb.write(path, "x")
        with pytest.raises(PathRejected):
            await list_files(sb, "etc-link")
    assert (source / "hostname-link").is_symlink()


async def test_symlinks_inside_stay_usable(source: Path) -> None:
    (source / "inner-link.py").symlink_to("pkg/mod.py")
    async with _open_local(source) as sb:
        assert "def hello" in await sb.read("inner-link.py")
        await sb.write("inner-link.py", "through the link\n")
        assert await sb.read("pkg/mod.py") == "through the link\n"
        assert diff_paths(await sb.diff()) == ["pkg/mod.py"]


async def test_prefix_sibling_of_the_work_dir_is_rejected(source: Path) -> None:
    async with _open_local(source) as sb:
        assert isinstance(sb, LocalSandbox)
        sibling = sb.root.parent / (sb.root.name + "2")  # /tmp/x/work vs /tmp/x/work2
        sibling.mkdir()
        (sibling / "secret.txt").write_text("secret")
        (sb.root / "sib").symlink_to(f"../{sibling.name}")
        with pytest.raises(PathRejected):
            await sb.read("sib/secret.txt")
        with pytest.raises(PathRejected):
            await sb.write("sib/new.txt", "x")
        assert not (sibling / "new.txt").exists()


# ================================================================ files


async def test_read(backend: Backend, source: Path) -> None:
    (source / "big.txt").write_text("y" * 1_500_000)
    async with backend.open(source) as sb:
        assert await sb.read("pkg/mod.py") == (source / "pkg" / "mod.py").read_text()
        assert await sb.read("./noeol.txt") == "first\nlast"
        assert await sb.read("crlf.txt") == "one\r\ntwo\r\n"
        for path, words in [("missing.py", "missing.py"), ("pkg", "directory"), ("data.bin", "binary")]:
            with pytest.raises(SandboxError, match=words):
                await sb.read(path)
        with pytest.raises(SandboxError, match="limit"):
            await sb.read("big.txt")


async def test_write(backend: Backend, source: Path) -> None:
    async with backend.open(source) as sb:
        await sb.write("new/dir/file.py", "x = 1\n")
        assert await sb.read("new/dir/file.py") == "x = 1\n"
        await sb.write("pkg/mod.py", "changed")
        assert await sb.read("pkg/mod.py") == "changed"
        await sb.write("run.sh", "#!/bin/sh\necho changed\n")
        assert (await sb.run(["./run.sh"])).output == "changed\n"  # the mode survived
        with pytest.raises(SandboxError):
            await sb.write("pkg", "x")
        with pytest.raises(PathRejected, match=r"\.git"):
            await sb.write(".git/config", "[core]\n\tfsmonitor = evil\n")
        with pytest.raises(SandboxError):
            await sb.write("README.md/child", "x")  # a file where a dir is needed


async def test_list(backend: Backend, source: Path) -> None:
    async with backend.open(source) as sb:
        top = await list_files(sb, ".", depth=1)
        assert top == ["README.md", "crlf.txt", "data.bin", "noeol.txt", "pkg/", "run.sh"]
        deep = await list_files(sb)
        assert "pkg/mod.py" in deep and "pkg/sub/" in deep and "pkg/sub/deep.py" not in deep
        assert deep == sorted(deep)
        assert await list_files(sb, "pkg", depth=3) == ["pkg/__init__.py", "pkg/mod.py", "pkg/sub/", "pkg/sub/deep.py"]
        assert not [p for p in await list_files(sb, depth=5) if "node_modules" in p or "pycache" in p or ".git" in p]
        assert await list_files(sb, "pkg/mod.py") == ["pkg/mod.py"]
        with pytest.raises(SandboxError):
            await list_files(sb, "nowhere")


async def test_search(backend: Backend, source: Path) -> None:
    (source / "long.txt").write_text("hello " + "z" * 5000 + "\n")
    async with backend.open(source) as sb:
        found = await search(sb, r"def \w+\(")
        assert [(m.path, m.line, m.text) for m in found] == [("pkg/mod.py", 4, "def hello():")]
        hellos = await search(sb, "hello")
        paths = {m.path for m in hellos}
        assert {"README.md", "pkg/mod.py", "long.txt"} <= paths
        assert not paths & {"data.bin", "node_modules/lib/index.js", "pkg/__pycache__/mod.cpython-311.pyc"}
        assert all(len(m.text) <= 301 for m in hellos)
        assert {m.path for m in await search(sb, "hello", glob="*.md")} == {"README.md"}
        assert {m.path for m in await search(sb, "X", glob="pkg/sub/*")} == {"pkg/sub/deep.py"}
        assert len(await search(sb, ".", max_matches=3)) == 3
        assert await search(sb, "no such text anywhere") == []
        with pytest.raises(SandboxError, match=r"regular expression|regex"):
            await search(sb, "(unclosed")


# ================================================================ diff and apply


async def test_diff_shows_only_real_changes(backend: Backend, source: Path) -> None:
    async with backend.open(source) as sb:
        assert await sb.diff() == ""
        await sb.write("pkg/mod.py", "import os\n\n\ndef hello():\n    return 'HELLO'\n")
        await sb.write("added.py", "NEW = True\n")
        script = (
            "rm README.md && echo made-by-run > stray.txt && mkdir -p __pycache__ "
            "&& echo x > __pycache__/a.pyc && echo y > .git/HEAD && { echo z > node_modules/n.js || true; }"
        )
        assert (await sb.run(["sh", "-c", script], authored=True)).ok
        patch = await sb.diff()
    assert diff_paths(patch) == ["README.md", "added.py", "pkg/mod.py"]
    # Block by block, so an engine's extra `index` lines between them do not matter.
    for block in (
        "deleted file mode 100644\n",
        "--- a/README.md\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-# demo\n-hello world\n",
        "new file mode 100644\n",
        "--- /dev/null\n+++ b/added.py\n@@ -0,0 +1 @@\n+NEW = True\n",
        "-    return 'hello'\n+    return 'HELLO'\n",
    ):
        assert block in patch


async def test_changes_of_a_check_run_are_reported_apart_from_the_patch(backend: Backend, source: Path) -> None:
    async with backend.open(source) as sb:
        await sb.write("pkg/mod.py", "import os\n\n\ndef hello():\n    return 'HELLO'\n")
        script = (
            "rm README.md && echo hooked >> pkg/mod.py && echo made-by-run > stray.txt "
            "&& mkdir -p __pycache__ && echo x > __pycache__/a.pyc && echo y > .git/HEAD"
        )
        assert (await sb.run(["sh", "-c", script])).ok
        patch, changes = await sb.diff(), await sb.run_changes()
        assert await sb.read("pkg/mod.py") == "import os\n\n\ndef hello():\n    return 'HELLO'\nhooked\n"
    assert diff_paths(patch) == ["pkg/mod.py"] and "hooked" not in patch
    assert diff_paths(changes) == ["README.md", "pkg/mod.py"]
    assert "+hooked\n" in changes and "-    return 'HELLO'" not in changes


async def test_diff_no_newline_and_binary(backend: Backend, source: Path) -> None:
    async with backend.open(source) as sb:
        await sb.write("noeol.txt", "first\nlast\n")
        await sb.write("crlf.txt", "one\r\ntwo")
        assert (await sb.run(["sh", "-c", "printf 'other\\000bytes' > data.bin"], authored=True)).ok
        patch = await sb.diff()
    assert "-last\n\\ No newline at end of file\n+last\n" in patch
    assert "-two\r\n+two\n\\ No newline at end of file\n" in patch
    assert "Binary files a/data.bin and b/data.bin differ\n" in patch


async def test_diff_apply_round_trip(backend: Backend, source: Path) -> None:
    async with backend.open(source) as a:
        await a.write("pkg/mod.py", "import sys\n\n\ndef hello():\n    return 'hi'")
        await a.write("noeol.txt", "first\nlast\n")
        await a.write("crlf.txt", "one\r\n2\r\n")
        await a.write("brand/new file.txt", "spaces and ünïcode\n")
        await a.write("empty.txt", "")
        assert (await a.run(["rm", "pkg/sub/deep.py"], authored=True)).ok
        patch = await a.diff()
        expected = {p: await a.read(p) for p in ("pkg/mod.py", "noeol.txt", "crlf.txt", "brand/new file.txt")}
    async with backend.open(source) as b:
        await b.apply(patch)
        for path, text in expected.items():
            assert await b.read(path) == text
        assert await b.read("empty.txt") == ""
        with pytest.raises(SandboxError):
            await b.read("pkg/sub/deep.py")
        assert await b.diff() == patch  # applied files count as created in b as well


async def test_failed_apply_leaves_the_tree_unchanged(backend: Backend, source: Path) -> None:
    good = "--- a/README.md\n+++ b/README.md\n@@ -1,2 +1,2 @@\n # demo\n-hello world\n+goodbye world\n"
    bad = "--- a/pkg/mod.py\n+++ b/pkg/mod.py\n@@ -1 +1 @@\n-this line is not there\n+x\n"
    async with backend.open(source) as sb:
        with pytest.raises(SandboxError, match="does not apply"):
            await sb.apply(good + bad)
        assert await sb.read("README.md") == "# demo\nhello world\n"
        assert await sb.diff() == ""
        await sb.apply(good)
        assert await sb.read("README.md") == "# demo\ngoodbye world\n"


@pytest.mark.parametrize(
    ("patch", "error"),
    [
        ("--- a/../escape.txt\n+++ b/../escape.txt\n@@ -0,0 +1 @@\n+x\n", "escapes"),
        ("--- /dev/null\n+++ b//etc/evil\n@@ -0,0 +1 @@\n+x\n", "absolute"),
        ("diff --git a/.git/config b/.git/config\n--- a/.git/config\n+++ b/.git/config\n", ".git"),
        ("diff --git a/l b/l\nnew file mode 120000\n--- /dev/null\n+++ b/l\n@@ -0,0 +1 @@\n+/etc\n", "symlink"),
    ],
)
async def test_apply_rejects_bad_paths_before_git(backend: Backend, source: Path, patch: str, error: str) -> None:
    async with backend.open(source) as sb:
        with pytest.raises(PathRejected, match=re.escape(error)):
            await sb.apply(patch)
        assert await sb.diff() == ""


async def test_apply_through_a_symlink_out_is_rejected(source: Path) -> None:
    (source / "etc-link").symlink_to("/etc")
    patch = "--- /dev/null\n+++ b/etc-link/remediate-evil\n@@ -0,0 +1 @@\n+x\n"
    async with _open_local(source) as sb:
        with pytest.raises(PathRejected):
            await sb.apply(patch)
    assert not await anyio.Path("/etc/remediate-evil").exists()


async def test_diff_never_reads_through_a_symlink_out(source: Path) -> None:
    (source / "conf").mkdir()
    (source / "conf" / "passwd").write_text("mine\n")
    async with _open_local(source) as sb:
        # A run swaps the directory for a link to the host's /etc (visible read-only inside).
        assert (await sb.run(["sh", "-c", "rm -r conf && ln -s /etc conf"])).ok
        changes = await sb.run_changes()
        assert (await sb.run(["sh", "-c", "true"], authored=True)).ok
        patch = await sb.diff()
    for text in (changes, patch):
        assert "root:" not in text
    assert "deleted file mode 100644\n--- a/conf/passwd\n+++ /dev/null\n@@ -1 +0,0 @@\n-mine\n" in changes


async def test_source_is_never_modified(backend: Backend, source: Path) -> None:
    (source / "link-in").symlink_to("pkg/mod.py")
    before = tree_digest(source)
    async with backend.open(source) as sb:
        await sb.write("pkg/mod.py", "overwritten")
        await sb.write("link-in", "through the link")
        await sb.apply("--- a/README.md\n+++ b/README.md\n@@ -1,2 +1 @@\n # demo\n-hello world\n")
        # Locally node_modules is bound read-only, so rm fails there; the touch must still work.
        assert (await sb.run(["sh", "-c", "rm -rf ./* .git 2>/dev/null; touch everything-gone"])).ok
        root = backend.host_root(sb)
    assert tree_digest(source) == before
    if root is not None:
        assert not root.exists()  # the work copy is deleted on close


# ================================================================ local backend specifics


async def test_missing_bwrap_refuses_with_install_hint(source: Path, tmp_path: Path) -> None:
    with pytest.raises(SandboxUnavailable) as info:
        async with open_local_sandbox(source, bwrap=tmp_path / "no" / "bwrap"):
            pass
    assert "apt-get install bubblewrap" in str(info.value) and "--unsafe-no-sandbox" in str(info.value)


async def test_bwrap_without_namespaces_refuses(source: Path, tmp_path: Path) -> None:
    fake = tmp_path / "bwrap"
    fake.write_text("#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n")
    fake.chmod(0o755)
    with pytest.raises(SandboxUnavailable, match="No permissions to create new namespace"):
        async with open_local_sandbox(source, bwrap=fake):
            pass


async def test_unsafe_mode_runs_without_bwrap_but_still_limits(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    canary = f"canary-{uuid.uuid4().hex}"
    monkeypatch.setenv("REMEDIATE_TEST_CANARY", canary)
    async with open_local_sandbox(
        source, unsafe_no_sandbox=True, bwrap=tmp_path / "no-bwrap", tool_paths=TOOL_PATHS, limits=FAST
    ) as sb:
        assert not sb.isolated
        result = await sb.run(["sh", "-c", "env; pwd"])
        assert result.ok and canary not in result.output and str(sb.root) in result.output
        timed = await sb.run(
            ["sh", "-c", "(sleep 1.5; echo late > late.txt) & sleep 60"], FAST.model_copy(update={"timeout_s": 0.5})
        )
        assert timed.timed_out
        await anyio.sleep(2.0)
        assert not (sb.root / "late.txt").exists()
        assert (await sb.run(["nope-not-here"])).exit_code == 127


async def test_catastrophic_regex_is_cut_off(source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tree_module, "SEARCH_TIMEOUT_S", 1.0)
    (source / "evil.txt").write_text("a" * 40 + "!\n")
    async with _open_local(source) as sb:
        started = time.monotonic()
        with pytest.raises(SandboxError, match="gave up"):
            await search(sb, r"^(a|a)+$")
        assert time.monotonic() - started < 5


def test_tool_binds_expose_install_prefixes_not_homes(tmp_path: Path) -> None:
    binds = tool_binds([Path(sys.executable).parent])
    venv = Path(sys.prefix).resolve()
    assert venv in binds or any(venv.is_relative_to(b) for b in binds)
    base = Path(sys.base_prefix).resolve()
    if not base.is_relative_to("/usr"):
        # An interpreter's prefix brings its bin and lib, not the rest of it.
        assert base / "lib" in binds and base / "bin" in binds and base not in binds
    home_bin = tmp_path / "home" / "bin"
    home_bin.mkdir(parents=True)
    (tmp_path / "home" / ".ssh").mkdir()
    assert tool_binds([home_bin]) == [home_bin]
    assert tool_binds([Path("/usr/bin")]) == []
