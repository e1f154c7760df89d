"""The Dagger backend: the source is a Directory mounted in the user's container.

Isolation here is the container's: the engine runs each command in its own container, the
host's files and environment are not in it. Differences from the local backend, by design
of the engine rather than choice:

- the container has the engine's network (Dagger has no per-exec switch to cut it);
- limits are applied inside the image with `sh -c 'ulimit ...; exec timeout ...'`, so the
  image needs a POSIX `sh` and coreutils/busybox `timeout` (every common CI image has both);
- `search` is the engine's ripgrep-style search: Rust regex syntax, not Python `re`;
- paths through a symlink are refused outright (the engine has no readlink to tell a link
  inside the tree from one out of it); writes go into the Directory, never the container.

Only here: `image_stats` builds a Dockerfile of the work tree with the engine (BuildKit) and reads
the layer count and size from the OCI manifest of the image it exports; the dockerfile specialist's
facts carry these numbers before and after the fix (locally only the static counts exist).

This module and main.py are the only places that import dagger.
"""

from __future__ import annotations

import builtins
import contextlib
import json
import tarfile
import tempfile
import time
import uuid
from collections.abc import Awaitable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import anyio
import dagger

from remediate.models import ExecResult, Limits
from remediate.sandbox.base import (
    ARTIFACT_DIRS,
    ARTIFACT_SUFFIXES,
    READ_LIMIT_BYTES,
    WORKSPACE,
    PathRejected,
    SandboxError,
    normalize_relpath,
    tail_text,
    writable_rel,
)
from remediate.sandbox.patch import patch_paths

T = TypeVar("T")

KILL_AFTER_S = 5
EXEC_NONCE = "REMEDIATE_EXEC_NONCE"
TIMED_OUT_CODES = (124, 137)  # `timeout` after TERM, and after its follow-up KILL
# $1..$4: data KiB, cpu s, file size in 512-byte blocks, open files; then timeout's argv.
_LIMITED = (
    'ulimit -d "$1" && ulimit -t "$2" && ulimit -f "$3" && ulimit -n "$4" '
    '|| { echo "remediate: cannot set resource limits" >&2; exit 125; }; '
    'shift 4; exec timeout -k "$KILL_AFTER" "$@"'
)
ARTIFACT_EXCLUDES = [f"**/{d}" for d in sorted(ARTIFACT_DIRS)] + [f"**/*{s}" for s in ARTIFACT_SUFFIXES]


def limited_argv(argv: Sequence[str], limits: Limits) -> list[str]:
    """Wrap argv so the image's shell applies the rlimits and coreutils `timeout` the clock."""
    mib = 1024 * 1024
    numbers = [limits.memory_mb * 1024, limits.cpu_s, limits.file_size_mb * mib // 512, limits.open_files]
    # A plain decimal: `timeout` rejects "1e-03", and treats 0 as "no timeout at all".
    seconds = f"{max(limits.timeout_s, 0.001):.3f}"
    script = _LIMITED.replace("$KILL_AFTER", str(KILL_AFTER_S))
    return ["sh", "-c", script, "sh", *map(str, numbers), seconds, *argv]


def _clean(path: str) -> str:
    """Engine paths may come back as ./x or /x; compare them as plain relative paths."""
    return path.removeprefix("./").lstrip("/")


class DaggerSandbox:
    """Sandbox over `container` (the source mounted at `workdir`, its workdir) and the
    untouched `original` Directory the diff is taken against."""

    def __init__(
        self,
        container: dagger.Container,
        original: dagger.Directory,
        *,
        workdir: str = WORKSPACE,
        limits: Limits | None = None,
    ) -> None:
        self._ctr = container
        self._original = original
        self._workdir = workdir
        self._limits = limits or Limits()
        # The original plus what the agent wrote (write/apply/authored runs): what `diff` ships.
        self._authored = original

    def _replace_tree(self, tree: dagger.Directory) -> dagger.Container:
        """The container with `tree` as its work tree. `with_directory` alone merges into what is at the
        path (the engine's union semantics): files a patch deletes or renames would survive."""
        return self._ctr.without_directory(self._workdir).with_directory(self._workdir, tree)

    def directory(self) -> dagger.Directory:
        """The current work tree, e.g. for `.changes(original)` to return a Changeset."""
        return self._ctr.directory(self._workdir)

    async def _resolve(self, path: str) -> str:
        """Normalise `path` and refuse it if any existing component is a symlink.

        The engine offers no readlink, so unlike the local backend we cannot tell a link
        inside the tree from one out of it; refusing all of them is the safe reading.
        """
        rel = normalize_relpath(path)
        parts = rel.split("/") if rel else []
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        tree = self.directory()

        async def is_link(prefix: str) -> bool:
            kind = dagger.ExistsType.SYMLINK_TYPE
            return await tree.exists(prefix, expected_type=kind, do_not_follow_symlinks=True)

        try:
            links = await _gather([is_link(p) for p in prefixes])
        except dagger.QueryError as exc:
            raise SandboxError(f"cannot inspect {path}: {exc}") from None
        if any(links):
            raise PathRejected(f"{path!r} passes through a symlink; the Dagger backend does not follow them")
        return rel

    async def _writable(self, path: str) -> str:
        return writable_rel(await self._resolve(path), path)

    async def read(self, path: str) -> str:
        rel = await self._resolve(path) or "."
        stat = self.directory().stat(rel)
        try:
            kind = await stat.file_type()
            if kind == dagger.FileType.DIRECTORY:
                raise SandboxError(f"{path} is a directory; list it instead of reading it")
            size = await stat.size()
            if size > READ_LIMIT_BYTES:
                raise SandboxError(
                    f"{path} is {size} bytes, over the {READ_LIMIT_BYTES}-byte read limit; search it instead"
                )
            text = await self.directory().file(rel).contents()
        except dagger.QueryError as exc:
            raise SandboxError(f"cannot read {path}: {exc}") from None
        if "\x00" in text:
            raise SandboxError(f"{path} is a binary file and cannot be read as text")
        return text

    async def write(self, path: str, text: str) -> None:
        rel = await self._writable(path)
        tree = self.directory()
        permissions = 0o644
        with contextlib.suppress(dagger.QueryError):  # a missing file keeps the default
            # An existing file keeps its mode: an executable script stays executable.
            permissions = await tree.stat(rel).permissions() & 0o7777
        # Written into the Directory, not the container path: a write cannot leave the tree.
        written = tree.with_new_file(rel, text, permissions=permissions)
        try:
            await written.sync()
        except dagger.QueryError as exc:
            raise SandboxError(f"cannot write {path}: {exc}") from None
        self._ctr = self._replace_tree(written)
        self._authored = self._authored.with_new_file(rel, text, permissions=permissions)

    async def run(self, argv: Sequence[str], limits: Limits | None = None, *, authored: bool = False) -> ExecResult:
        if not argv:
            raise SandboxError("argv must be a non-empty list of strings")
        limits = limits or self._limits
        before = self.directory()
        started = time.monotonic()
        # A fresh nonce per command: the engine caches exec layers, and an identical chain (the
        # second verification pass, a re-run of a flaky check, the same check in a later call) would
        # be served from cache instead of run - a cached failure is not a reproduction, a cached pass
        # is not a second pass, and a cached timeout finishes in no time.
        ctr = self._ctr.with_env_variable(EXEC_NONCE, uuid.uuid4().hex)
        ctr = ctr.with_exec(limited_argv(argv, limits), expect=dagger.ReturnType.ANY)
        try:
            code = await ctr.exit_code()
            output = await ctr.combined_output()
            self._ctr = ctr  # later commands see this one's effects, as in a real checkout
            if authored:  # a fixer the pipeline chose: what it changed or deleted is the agent's
                await self._adopt(before)
        except dagger.ExecError as exc:
            # Signal deaths (128-191) fall outside ReturnType.ANY and arrive as an error.
            code, output = exc.exit_code, exc.stdout + exc.stderr
        except dagger.QueryError as exc:
            raise SandboxError(f"cannot run {argv[0]}: {exc}") from None
        elapsed = time.monotonic() - started
        timed_out = code in TIMED_OUT_CODES and elapsed >= limits.timeout_s
        text, dropped = tail_text(output.encode("utf-8"), limits.output_bytes)
        return ExecResult(
            argv=list(argv),
            exit_code=124 if timed_out else code,
            output=text,
            duration_s=elapsed,
            timed_out=timed_out,
            truncated_bytes=dropped,
        )

    async def _adopt(self, before: dagger.Directory) -> None:
        after = self.directory()
        # New files a run leaves are artifacts, as for check runs.
        added = [p for p in map(_clean, await after.changes(before).added_paths()) if not p.endswith("/")]
        kept = after.without_files(added) if added else after
        self._authored = self._authored.with_changes(kept.changes(before))

    async def diff(self) -> str:
        """The agent's patch: the authored tree against the original (check runs' changes are not in it)."""
        before = self._original.filter(exclude=ARTIFACT_EXCLUDES)
        after = self._authored.filter(exclude=ARTIFACT_EXCLUDES)
        try:
            return await after.changes(before).as_patch().contents()
        except dagger.QueryError as exc:
            raise SandboxError(f"cannot compute the diff: {exc}") from None

    async def run_changes(self) -> str:
        """What command runs changed in the tree's files besides the agent's writes; new files a
        run leaves are artifacts and not listed."""
        expected = self._authored.filter(exclude=ARTIFACT_EXCLUDES)
        current = self.directory().filter(exclude=ARTIFACT_EXCLUDES)
        try:
            added = [p for p in map(_clean, await current.changes(expected).added_paths()) if not p.endswith("/")]
            if added:
                current = current.without_files(added)
            return await current.changes(expected).as_patch().contents()
        except dagger.QueryError as exc:
            raise SandboxError(f"cannot compute the check runs' changes: {exc}") from None

    async def apply(self, patch: str) -> None:
        for path in patch_paths(patch):
            await self._writable(path)  # every path writable and free of links, or refused
        patched = self.directory().with_patch(patch)
        try:
            await patched.sync()
        except dagger.QueryError as exc:
            raise SandboxError(f"the patch does not apply: {exc}") from None
        self._ctr = self._replace_tree(patched)
        self._authored = self._authored.with_patch(patch)

    async def image_stats(self, dockerfile: str) -> dict[str, float]:
        """Build `dockerfile` from the work tree with the engine and measure the image it produced:
        layers and their compressed size, from the OCI manifest of the exported image."""
        rel = await self._resolve(dockerfile)
        image = self.directory().docker_build(dockerfile=rel)
        with tempfile.TemporaryDirectory() as tmp:
            archive = Path(tmp) / "image.tar"
            try:
                await image.as_tarball().export(str(archive))
            except dagger.QueryError as exc:
                raise SandboxError(f"the image does not build: {_first_line(exc)}") from None
            layers, size = await anyio.to_thread.run_sync(oci_layers, archive)
        return {"layers": float(layers), "size_mb": round(size / 1_000_000, 2)}

    async def aclose(self) -> None:
        """Nothing to release: the engine owns the snapshots."""


async def _gather(calls: Sequence[Awaitable[T]]) -> builtins.list[T]:
    """Await engine queries concurrently (each is a round trip); re-raise the first error
    as itself, not wrapped in the task group's ExceptionGroup."""
    results: dict[int, T] = {}
    errors: builtins.list[Exception] = []

    async def one(i: int, call: Awaitable[T]) -> None:
        try:
            results[i] = await call
        except dagger.QueryError as exc:
            errors.append(exc)

    async with anyio.create_task_group() as tg:
        for i, call in enumerate(calls):
            tg.start_soon(one, i, call)
    if errors:
        raise errors[0]
    return [results[i] for i in range(len(calls))]


def oci_layers(archive: Path) -> tuple[int, int]:
    """(layer count, total compressed bytes) of the single image in an OCI image-layout tarball
    (what `Container.asTarball` exports): index.json -> manifest -> layers."""
    with tarfile.open(archive) as tar:

        def blob(name: str) -> dict[str, Any]:
            member = tar.extractfile(name)
            if member is None:
                raise SandboxError(f"the image archive has no {name}")
            data: dict[str, Any] = json.loads(member.read())
            return data

        index = blob("index.json")
        descriptor = index["manifests"][0]
        manifest = blob("blobs/" + descriptor["digest"].replace(":", "/", 1))
        if "manifests" in manifest:  # an index of one platform
            manifest = blob("blobs/" + manifest["manifests"][0]["digest"].replace(":", "/", 1))
        layers = manifest.get("layers", [])
        return len(layers), sum(int(layer.get("size", 0)) for layer in layers)


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0][:300] if str(exc).strip() else type(exc).__name__
