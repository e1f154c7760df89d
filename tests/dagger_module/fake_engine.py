"""A fake Dagger engine for the offline tests: the real SDK talks to it over HTTP, as to an engine.

Every query the SDK sends is parsed and validated against the engine's real schema (v0.21 branch,
tests/dagger_module/data/schema.graphqls), and every ID argument is checked against its `@expectedType`.
Invalid queries are recorded (`FakeEngine.invalid`) and answered with errors, as the engine would.

Valid queries are executed by graphql-core over a small in-memory model of the engine's objects:
Directory/File are file maps, a Container is a file system plus env and workdir, and `withExec` runs
its argv for real on the host in a temporary copy of the container's workdir (the image is not
modelled: host tools stand in for the image's). Two engine semantics are kept on purpose because
the module must cope with them:

- calls are content-addressed and memoized: the same call on the same object returns the same
  result, so an identical `withExec` chain runs once (the engine's layer cache);
- `withDirectory` merges into what is already at the path (the engine's union semantics).

Module registration objects (Module, TypeDef, Function, FunctionArg...) are recorded, and
`FakeEngine.typedefs(module_id)` reads the registered module back.

What is not modelled raises "not implemented by the fake engine", so a test never passes on a
field the fake does not know.
"""

from __future__ import annotations

import base64
import fnmatch
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import graphql

SCHEMA_PATH = Path(__file__).parent / "data" / "schema.graphqls"


@dataclass(frozen=True)
class Entry:
    kind: str  # "file" | "dir" | "link"
    data: bytes = b""
    mode: int = 0o644
    target: str = ""


Tree = dict[str, Entry]  # relative path (no leading or trailing "/") -> entry


def _norm(path: str) -> str:
    parts = [p for p in path.replace("\\", "/").split("/") if p not in ("", ".")]
    return "/".join(parts)


def _glob_regex(pattern: str) -> re.Pattern[str]:
    out, i = "", 0
    pattern = _norm(pattern) if pattern not in ("", ".") else ""
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out + r"\Z")


def _matches_any(path: str, patterns: list[str]) -> bool:
    """A path matches when it or one of its parent directories matches a pattern."""
    parts = path.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    return any(_glob_regex(p).match(prefix) for p in patterns for prefix in prefixes)


def subtree(tree: Tree, path: str) -> Tree:
    root = _norm(path)
    if not root:
        return dict(tree)
    return {k[len(root) + 1 :]: v for k, v in tree.items() if k.startswith(root + "/")}


def without(tree: Tree, path: str) -> Tree:
    root = _norm(path)
    return {k: v for k, v in tree.items() if k != root and not k.startswith(root + "/")}


def merged(tree: Tree, path: str, other: Tree) -> Tree:
    """`other` put at `path` on top of what is there: the engine's union semantics."""
    root = _norm(path)
    out = dict(tree)
    parts = root.split("/") if root else []
    for i in range(len(parts)):
        out.setdefault("/".join(parts[: i + 1]), Entry("dir", mode=0o755))
    for key, value in other.items():
        out[f"{root}/{key}" if root else key] = value
    return out


def read_tree(base: Path) -> Tree:
    tree: Tree = {}
    for current, dirs, files in os.walk(base):
        for name in sorted(dirs + files):
            full = Path(current) / name
            rel = full.relative_to(base).as_posix()
            if full.is_symlink():
                tree[rel] = Entry("link", target=os.readlink(full))
            elif full.is_dir():
                tree[rel] = Entry("dir", mode=full.stat().st_mode & 0o7777)
            else:
                tree[rel] = Entry("file", full.read_bytes(), full.stat().st_mode & 0o7777)
    return tree


def write_tree(tree: Tree, base: Path) -> None:
    base.mkdir(parents=True, exist_ok=True)
    for rel in sorted(tree):
        entry, target = tree[rel], base / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if entry.kind == "dir":
            target.mkdir(exist_ok=True)
        elif entry.kind == "link":
            target.symlink_to(entry.target)
        else:
            target.write_bytes(entry.data)
            target.chmod(entry.mode)


class NotModelled(Exception):
    pass


class Obj:
    """An engine object: immutable once made; its digest is its identity (and its ID)."""

    typename = ""
    digest = ""


@dataclass(eq=False)
class Directory(Obj):
    tree: Tree
    typename = "Directory"

    def _dir(self, tree: Tree) -> Directory:
        return Directory(tree)

    def f_entries(self, path: str | None = None) -> list[str]:
        sub = subtree(self.tree, path or "")
        return sorted(k + ("/" if v.kind == "dir" else "") for k, v in sub.items() if "/" not in k)

    def f_glob(self, pattern: str) -> list[str]:
        rx = _glob_regex(pattern)
        return sorted(k + ("/" if v.kind == "dir" else "") for k, v in self.tree.items() if rx.match(k))

    def f_exists(self, path: str, expectedType: str | None = None, doNotFollowSymlinks: bool = False) -> bool:
        entry = self.tree.get(_norm(path))
        if _norm(path) == "":
            entry = Entry("dir")
        if entry is None:
            return False
        if entry.kind == "link" and not doNotFollowSymlinks:
            entry = self.tree.get(_norm(str(Path(_norm(path)).parent / entry.target)))
            if entry is None:
                return False
        wanted = {"REGULAR_TYPE": "file", "DIRECTORY_TYPE": "dir", "SYMLINK_TYPE": "link", None: entry.kind}
        return wanted[expectedType] == entry.kind

    def f_stat(self, path: str, doNotFollowSymlinks: bool = False) -> Stat:
        rel = _norm(path)
        entry = Entry("dir", mode=0o755) if rel == "" else self.tree.get(rel)
        if entry is None:
            raise graphql.GraphQLError(f"stat {path}: no such file or directory")
        kind = {"file": "REGULAR", "dir": "DIRECTORY", "link": "SYMLINK"}[entry.kind]
        return Stat(Path(rel).name, kind, len(entry.data), entry.mode)

    def f_file(self, path: str) -> File:
        entry = self.tree.get(_norm(path))
        if entry is None or entry.kind != "file":
            raise graphql.GraphQLError(f"{path}: no such file")
        return File(Path(path).name, entry.data, entry.mode)

    def f_directory(self, path: str) -> Directory:
        if _norm(path) and self.tree.get(_norm(path), Entry("file")).kind != "dir":
            raise graphql.GraphQLError(f"{path}: no such directory")
        return self._dir(subtree(self.tree, path))

    def f_withNewFile(self, path: str, contents: str, permissions: int | None = None) -> Directory:
        entry = Entry("file", contents.encode(), permissions if permissions is not None else 0o644)
        return self._dir(merged(without(self.tree, path), "", {_norm(path): entry}) | _parents(path))

    def f_withDirectory(self, path: str, source: Directory, exclude: list[str] | None = None,
                        include: list[str] | None = None, **_: Any) -> Directory:  # fmt: skip
        return self._dir(merged(self.tree, path, _filtered(source.tree, exclude, include)))

    def f_withoutFiles(self, paths: list[str]) -> Directory:
        tree = self.tree
        for path in paths:
            tree = {k: v for k, v in tree.items() if k != _norm(path)}
        return self._dir(tree)

    def f_withoutFile(self, path: str) -> Directory:
        return self.f_withoutFiles([path])

    def f_withoutDirectory(self, path: str) -> Directory:
        return self._dir(without(self.tree, path))

    def f_filter(self, exclude: list[str] | None = None, include: list[str] | None = None, **_: Any) -> Directory:
        return self._dir(_filtered(self.tree, exclude, include))

    def f_search(self, pattern: str, globs: list[str] | None = None, limit: int | None = None,
                 literal: bool = False, **_: Any) -> list[SearchResult]:  # fmt: skip
        rx = re.compile(re.escape(pattern) if literal else pattern)
        found: list[SearchResult] = []
        for path in sorted(self.tree):
            entry = self.tree[path]
            if entry.kind != "file" or (globs and not any(fnmatch.fnmatch(path, g) for g in globs)):
                continue
            for number, line in enumerate(entry.data.decode("utf-8", "replace").splitlines(keepends=True), 1):
                if rx.search(line):
                    found.append(SearchResult(path, number, line))
                    if limit is not None and len(found) >= limit:
                        return found
        return found

    def f_changes(self, from_: Directory) -> Changeset:
        return Changeset(from_.tree, self.tree)

    def f_withPatch(self, patch: str) -> Directory:
        with tempfile.TemporaryDirectory() as tmp:
            write_tree(self.tree, Path(tmp))
            done = subprocess.run(["git", "apply", "--whitespace=nowarn", "-"], input=patch.encode(), cwd=tmp,
                                  capture_output=True, check=False)  # fmt: skip
            if done.returncode != 0:
                raise graphql.GraphQLError(f"apply patch: {done.stderr.decode().strip()}")
            return self._dir(read_tree(Path(tmp)))

    def f_export(self, path: str, wipe: bool = False) -> str:
        if wipe:
            shutil.rmtree(path, ignore_errors=True)
        write_tree(self.tree, Path(path))
        return path

    def f_sync(self) -> Directory:
        return self

    def f_digest(self, excludeMetadata: bool = False) -> str:
        entries = sorted(
            (k, v.kind, v.mode, hashlib.sha256(v.data).hexdigest(), v.target) for k, v in self.tree.items()
        )
        return "sha256:" + hashlib.sha256(json.dumps(entries).encode()).hexdigest()

    def f_dockerBuild(self, dockerfile: str = "Dockerfile", **options: Any) -> Container:
        """Not BuildKit: one layer per RUN/COPY/ADD of the final stage, its bytes the instruction's
        text, so the module's reading of the exported manifest is what is tested, not a build."""
        if any(options.values()):
            raise NotModelled(f"dockerBuild options {sorted(k for k, v in options.items() if v)}")
        entry = self.tree.get(_norm(dockerfile))
        if entry is None or entry.kind != "file":
            raise graphql.GraphQLError(f"failed to read dockerfile {dockerfile}: not found")
        stage: list[str] = []
        for line in entry.data.decode().splitlines():
            word = line.strip().split(" ", 1)[0].upper()
            if word == "FROM":
                stage = []
            elif word in ("RUN", "COPY", "ADD"):
                stage.append(line.strip())
            elif word not in ("", "WORKDIR", "ENV", "ARG", "CMD", "ENTRYPOINT", "USER", "EXPOSE", "LABEL") and not (
                word.startswith("#")
            ):
                raise graphql.GraphQLError(f"dockerfile parse error: unknown instruction {word}")
        return Container(image=f"built:{dockerfile}", layers=tuple(gzip.compress(i.encode(), mtime=0) for i in stage))


def _parents(path: str) -> Tree:
    parts = _norm(path).split("/")[:-1]
    return {"/".join(parts[: i + 1]): Entry("dir", mode=0o755) for i in range(len(parts))}


def _filtered(tree: Tree, exclude: list[str] | None, include: list[str] | None) -> Tree:
    out = {k: v for k, v in tree.items() if not (exclude and _matches_any(k, exclude))}
    if include:
        out = {k: v for k, v in out.items() if _matches_any(k, include) or v.kind == "dir"}
    return out


@dataclass(eq=False)
class File(Obj):
    name: str
    data: bytes
    mode: int = 0o644
    typename = "File"

    def f_contents(self, offsetLines: int | None = None, limitLines: int | None = None) -> str:
        if offsetLines is not None or limitLines is not None:
            raise NotModelled("File.contents with offsetLines/limitLines")
        return self.data.decode("utf-8", "replace")

    def f_size(self) -> int:
        return len(self.data)

    def f_name(self) -> str:
        return self.name

    def f_export(self, path: str, allowParentDirPath: bool = False) -> str:
        Path(path).write_bytes(self.data)
        return path

    def f_sync(self) -> File:
        return self


@dataclass(eq=False)
class Stat(Obj):
    name: str
    kind: str
    size: int
    permissions: int
    typename = "Stat"

    def f_name(self) -> str:
        return self.name

    def f_fileType(self) -> str:
        return self.kind

    def f_size(self) -> int:
        return self.size

    def f_permissions(self) -> int:
        return self.permissions


@dataclass(eq=False)
class SearchResult(Obj):
    path: str
    line: int
    text: str
    typename = "SearchResult"

    def f_filePath(self) -> str:
        return self.path

    def f_lineNumber(self) -> int:
        return self.line

    def f_matchedLines(self) -> str:
        return self.text


@dataclass(eq=False)
class Changeset(Obj):
    before_tree: Tree
    after_tree: Tree
    typename = "Changeset"

    def _files(self, tree: Tree) -> dict[str, Entry]:
        # .git is left out of the fake's patches only: git cannot diff a tree holding its own .git.
        return {k: v for k, v in tree.items() if v.kind != "dir" and k.split("/")[0] != ".git"}

    def f_addedPaths(self) -> list[str]:
        return sorted(
            k + ("/" if v.kind == "dir" else "") for k, v in self.after_tree.items() if k not in self.before_tree
        )

    def f_removedPaths(self) -> list[str]:
        return sorted(
            k + ("/" if v.kind == "dir" else "") for k, v in self.before_tree.items() if k not in self.after_tree
        )

    def f_modifiedPaths(self) -> list[str]:
        before, after = self._files(self.before_tree), self._files(self.after_tree)
        return sorted(k for k in before.keys() & after.keys() if before[k] != after[k])

    def f_isEmpty(self) -> bool:
        return not (self.f_addedPaths() or self.f_removedPaths() or self.f_modifiedPaths())

    def f_asPatch(self) -> File:
        """A git-style patch from before to after (a/ b/ prefixes, no rename detection)."""
        git = ["git", "-c", "user.email=fake@engine", "-c", "user.name=fake", "-c", "core.autocrlf=false"]
        with tempfile.TemporaryDirectory() as tmp:
            write_tree(self._files(self.before_tree), Path(tmp))
            subprocess.run([*git, "init", "-q"], cwd=tmp, check=True)
            subprocess.run([*git, "add", "-A"], cwd=tmp, check=True)
            subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", "before"], cwd=tmp, check=True)
            for child in Path(tmp).iterdir():
                if child.name != ".git":
                    shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
            write_tree(self._files(self.after_tree), Path(tmp))
            subprocess.run([*git, "add", "-A"], cwd=tmp, check=True)
            done = subprocess.run([*git, "diff", "--cached", "--no-renames", "--binary"], cwd=tmp,
                                  capture_output=True, check=True)  # fmt: skip
        return File("diff.patch", done.stdout)

    def f_before(self) -> Directory:
        return Directory(self.before_tree)

    def f_after(self) -> Directory:
        return Directory(self.after_tree)

    def f_export(self, path: str) -> str:
        """Apply the changes onto the host path (what `dagger call ... export` does with a Changeset)."""
        base = Path(path)
        for rel in self.f_removedPaths():
            target = base / rel
            if target.is_dir():
                shutil.rmtree(target)
            else:
                target.unlink(missing_ok=True)
        write_tree({k: v for k, v in self.after_tree.items() if self.before_tree.get(k) != v}, base)
        return path

    def f_sync(self) -> Changeset:
        return self


@dataclass(eq=False)
class Secret(Obj):
    name: str
    plaintext: str
    typename = "Secret"

    def f_plaintext(self) -> str:
        return self.plaintext

    def f_name(self) -> str:
        return self.name


@dataclass(eq=False)
class Exec:
    code: int
    stdout: str
    stderr: str


@dataclass(eq=False)
class Container(Obj):
    tree: Tree = field(default_factory=dict)
    workdir: str = ""
    env: dict[str, str] = field(default_factory=dict)
    image: str = ""
    last: Exec | None = None
    layers: tuple[bytes, ...] = ()
    typename = "Container"

    def _with(self, **changes: Any) -> Container:
        values = {"tree": self.tree, "workdir": self.workdir, "env": self.env, "image": self.image, "last": None,
                  "layers": self.layers}  # fmt: skip
        return Container(**(values | changes))

    def f_asTarball(self, **options: Any) -> File:
        """An OCI image layout (index.json -> manifest -> layer blobs), as the engine exports one."""
        if options.pop("mediaTypes", "OCIMediaTypes") != "OCIMediaTypes" or any(options.values()):
            raise NotModelled(f"asTarball options {sorted(k for k, v in options.items() if v)}")
        blobs: dict[str, bytes] = {}

        def add(data: bytes) -> dict[str, Any]:
            digest = "sha256:" + hashlib.sha256(data).hexdigest()
            blobs[digest] = data
            return {"digest": digest, "size": len(data)}

        config = add(json.dumps({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers"}}).encode())
        layers = [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip"} | add(b) for b in self.layers]
        manifest = add(json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                                   "config": {"mediaType": "application/vnd.oci.image.config.v1+json"} | config,
                                   "layers": layers}).encode())  # fmt: skip
        index = {
            "schemaVersion": 2,
            "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json"} | manifest],
        }
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w") as tar:
            files = {"oci-layout": b'{"imageLayoutVersion":"1.0.0"}', "index.json": json.dumps(index).encode()}
            files |= {"blobs/" + d.replace(":", "/"): b for d, b in blobs.items()}
            for name, data in files.items():
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
        return File("image.tar", buffer.getvalue())

    def f_from(self, address: str) -> Container:
        return self._with(image=address)

    def f_withWorkdir(self, path: str, expand: bool = False) -> Container:
        return self._with(workdir=_norm(path))

    def f_withEnvVariable(self, name: str, value: str, expand: bool = False) -> Container:
        return self._with(env=self.env | {name: value})

    def f_withSecretVariable(self, name: str, secret: Secret) -> Container:
        return self._with(env=self.env | {name: secret.plaintext})

    def f_withDirectory(self, path: str, source: Directory, exclude: list[str] | None = None,
                        include: list[str] | None = None, **_: Any) -> Container:  # fmt: skip
        return self._with(tree=merged(self.tree, path, _filtered(source.tree, exclude, include)))

    def f_withoutDirectory(self, path: str, expand: bool = False) -> Container:
        return self._with(tree=without(self.tree, path))

    def f_withNewFile(self, path: str, contents: str, permissions: int | None = None, **_: Any) -> Container:
        entry = Entry("file", contents.encode(), permissions if permissions is not None else 0o644)
        return self._with(tree=without(self.tree, path) | _parents(path) | {_norm(path): entry})

    def f_directory(self, path: str, expand: bool = False) -> Directory:
        return Directory(subtree(self.tree, path))

    def f_file(self, path: str, expand: bool = False) -> File:
        return Directory(self.tree).f_file(path)

    def f_withExec(self, args: list[str], expect: str = "SUCCESS", **options: Any) -> Container:
        if any(v for v in options.values()):
            raise NotModelled(f"withExec options {sorted(k for k, v in options.items() if v)}")
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp) / "work"
            write_tree(subtree(self.tree, self.workdir), work)
            env = {"PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '/usr/bin:/bin')}",
                   "HOME": tmp, "LANG": "C.UTF-8"} | self.env  # fmt: skip
            done = subprocess.run(args, cwd=work, env=env, capture_output=True, check=False, timeout=600)
            tree = merged(without(self.tree, self.workdir), self.workdir, read_tree(work))
        result = Exec(done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"))
        if (expect == "SUCCESS" and result.code != 0) or (expect == "FAILURE" and result.code == 0):
            raise graphql.GraphQLError(
                f"process {args!r} did not complete successfully: exit code: {result.code}",
                extensions={"_type": "EXEC_ERROR", "cmd": args, "exitCode": result.code,
                            "stdout": result.stdout, "stderr": result.stderr},
            )  # fmt: skip
        return self._with(tree=tree, last=result)

    def _exec(self) -> Exec:
        if self.last is None:
            raise graphql.GraphQLError("no command has been set")
        return self.last

    def f_exitCode(self) -> int:
        return self._exec().code

    def f_stdout(self) -> str:
        return self._exec().stdout

    def f_stderr(self) -> str:
        return self._exec().stderr

    def f_combinedOutput(self) -> str:
        return self._exec().stdout + self._exec().stderr

    def f_sync(self) -> Container:
        return self


@dataclass(eq=False)
class CurrentModule(Obj):
    source: Directory
    typename = "CurrentModule"

    def f_source(self) -> Directory:
        return self.source


@dataclass(eq=False)
class Recorder(Obj):
    """A module registration object (Module, TypeDef, Function, ...): remembers the calls that built it."""

    kind: str
    calls: tuple[tuple[str, dict[str, Any]], ...] = ()

    @property
    def typename(self) -> str:  # type: ignore[override]
        return self.kind


class Root:
    def __init__(self, engine: FakeEngine) -> None:
        self.engine = engine

    def f_container(self, platform: str | None = None) -> Container:
        return Container()

    def f_directory(self) -> Directory:
        return Directory({})

    def f_setSecret(self, name: str, plaintext: str) -> Secret:
        return Secret(name, plaintext)

    def f_currentModule(self) -> CurrentModule:
        return CurrentModule(self.engine.module_source)

    def f_node(self, id: str) -> Obj:
        return self.engine.load(id, None)


RECORDED_ROOTS = {"module": "Module", "typeDef": "TypeDef", "function": "Function"}


class FakeEngine:
    def __init__(self, module_source: Path | None = None) -> None:
        self.schema = graphql.build_schema(SCHEMA_PATH.read_text(encoding="utf-8"))
        self.token = base64.b64encode(os.urandom(12)).decode()
        self.objects: dict[str, Obj] = {}
        self.queries: list[str] = []
        self.invalid: list[tuple[str, list[str]]] = []
        self.execs: list[list[str]] = []
        self._lock = threading.RLock()
        self.module_source = Directory(read_tree(module_source) if module_source else {})
        self._server: ThreadingHTTPServer | None = None

    # -- objects -------------------------------------------------------------------------------

    def register(self, obj: Obj) -> str:
        with self._lock:
            if not obj.digest:
                obj.digest = "fake-" + hashlib.sha256(os.urandom(16)).hexdigest()[:24]
            self.objects.setdefault(obj.digest, obj)
            return obj.digest

    def load(self, id_: str, expected: str | None) -> Obj:
        with self._lock:
            obj = self.objects.get(id_)
        if obj is None:
            raise graphql.GraphQLError(f"unknown ID {id_[:40]!r}")
        if expected is not None and obj.typename != expected:
            raise graphql.GraphQLError(f"ID of a {obj.typename} given where a {expected} is expected")
        return obj

    def directory(self, path: Path) -> str:
        """The ID of a Directory with the contents of a host path (what `--source .` sends)."""
        return self.register(Directory(read_tree(path)))

    def file(self, path: Path) -> str:
        return self.register(File(path.name, path.read_bytes()))

    def secret(self, name: str, value: str) -> str:
        return self.register(Secret(name, value))

    # -- resolution ----------------------------------------------------------------------------

    def _expected_types(self, info: graphql.GraphQLResolveInfo) -> dict[str, str]:
        definition = info.parent_type.fields[info.field_name]
        expected = {}
        for name, arg in definition.args.items():
            for directive in arg.ast_node.directives if arg.ast_node else ():
                if directive.name.value == "expectedType":
                    value = directive.arguments[0].value
                    assert isinstance(value, graphql.StringValueNode)
                    expected[name] = value.value
        return expected

    def _loaded_args(self, info: graphql.GraphQLResolveInfo, args: dict[str, Any]) -> dict[str, Any]:
        expected = self._expected_types(info)
        out = {}
        for name, value in args.items():
            if name in expected and value is not None:
                if isinstance(value, list):
                    value = [self.load(v, expected[name]) for v in value]
                else:
                    value = self.load(value, expected[name])
            out["from_" if name == "from" else name] = value
        return out

    def resolve(self, source: Any, info: graphql.GraphQLResolveInfo, /, **args: Any) -> Any:
        name = info.field_name
        where = f"{info.parent_type.name}.{name}"
        if name == "id" and isinstance(source, Obj):
            return self.register(source)
        if isinstance(source, Root) and name in RECORDED_ROOTS:
            return self._memo(Recorder(RECORDED_ROOTS[name], ((name, args),)), source, name, args)
        if isinstance(source, Recorder):
            return_type = graphql.get_named_type(info.return_type)
            if not isinstance(return_type, graphql.GraphQLObjectType):
                raise graphql.GraphQLError(f"{where} is not implemented by the fake engine")
            return Recorder(return_type.name, (*source.calls, (name, args)))
        handler = getattr(source, f"f_{name}", None)
        if handler is None:
            raise graphql.GraphQLError(f"{where} is not implemented by the fake engine")
        loaded = self._loaded_args(info, args)
        cached = self._cached(source, name, args)
        if cached is not None:
            return cached
        try:
            if name == "withExec":
                self.execs.append(list(args["args"]))
            result = handler(**loaded)
        except NotModelled as exc:
            raise graphql.GraphQLError(f"{where}: {exc} is not modelled by the fake engine") from None
        if name in ("sync",):
            return self.register(result)
        return self._memo(result, source, name, args)

    def _key(self, source: Any, name: str, args: dict[str, Any]) -> str | None:
        if isinstance(source, Root):
            parent = "root"
        elif isinstance(source, Obj) and source.digest:
            parent = source.digest
        else:
            return None
        return hashlib.sha256(json.dumps([parent, name, args], sort_keys=True, default=str).encode()).hexdigest()[:32]

    def _cached(self, source: Any, name: str, args: dict[str, Any]) -> Any:
        key = self._key(source, name, args)
        with self._lock:
            return self.objects.get(key) if key else None

    def _memo(self, result: Any, source: Any, name: str, args: dict[str, Any]) -> Any:
        """Content addressing: an object made by the same call on the same parent is the same object."""
        if isinstance(result, Obj) and not result.digest:
            key = self._key(source, name, args)
            if key is not None:
                result.digest = key
                with self._lock:
                    return self.objects.setdefault(key, result)
        if isinstance(result, list):
            return [self._memo(item, source, f"{name}[{i}]", args) for i, item in enumerate(result)]
        return result

    def type_of(self, value: Any, info: graphql.GraphQLResolveInfo, abstract: Any) -> str | None:
        return value.typename if isinstance(value, Obj) else None

    # -- HTTP ----------------------------------------------------------------------------------

    def answer(self, body: dict[str, Any]) -> dict[str, Any]:
        source = body.get("query", "")
        with self._lock:
            self.queries.append(source)
        try:
            document = graphql.parse(source)
        except graphql.GraphQLError as exc:
            with self._lock:
                self.invalid.append((source, [exc.message]))
            return {"errors": [exc.formatted]}
        errors = graphql.validate(self.schema, document)
        if errors:
            with self._lock:
                self.invalid.append((source, [e.message for e in errors]))
            return {"errors": [e.formatted for e in errors]}
        result = graphql.execute_sync(
            self.schema,
            document,
            root_value=Root(self),
            variable_values=body.get("variables"),
            operation_name=body.get("operationName"),
            field_resolver=self.resolve,
            type_resolver=self.type_of,
        )
        out: dict[str, Any] = {"data": result.data}
        if result.errors:
            out["errors"] = [e.formatted for e in result.errors]
        return out

    @contextmanager
    def serving(self) -> Iterator[FakeEngine]:
        """Serve on 127.0.0.1 and point the SDK at it (DAGGER_SESSION_PORT/TOKEN), as the runtime does."""
        engine = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                expected = "Basic " + base64.b64encode(f"{engine.token}:".encode()).decode()
                if self.headers.get("Authorization") != expected:
                    self.send_response(401)
                    self.end_headers()
                    return
                length = int(self.headers.get("Content-Length", "0"))
                payload = json.dumps(engine.answer(json.loads(self.rfile.read(length)))).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:
                return None

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        saved = {k: os.environ.get(k) for k in ("DAGGER_SESSION_PORT", "DAGGER_SESSION_TOKEN")}
        os.environ["DAGGER_SESSION_PORT"] = str(server.server_address[1])
        os.environ["DAGGER_SESSION_TOKEN"] = self.token
        try:
            yield self
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
            server.shutdown()
            server.server_close()

    # -- reading a registered module back ------------------------------------------------------

    def typedef(self, id_: str) -> str:
        """A TypeDef ID as GraphQL-ish text: String!, [String!]!, Directory (optional: no "!")."""
        rec = self.load(id_, "TypeDef")
        assert isinstance(rec, Recorder)
        name, optional = "?", False
        for call, args in rec.calls:
            if call == "withKind":
                name = {"STRING_KIND": "String", "INTEGER_KIND": "Int", "BOOLEAN_KIND": "Boolean",
                        "FLOAT_KIND": "Float", "VOID_KIND": "Void"}.get(args["kind"], args["kind"])  # fmt: skip
            elif call in ("withObject", "withInterface", "withEnum", "withScalar"):
                name = args["name"]
            elif call == "withListOf":
                name = f"[{self.typedef(args['elementType'])}]"
            elif call == "withOptional":
                optional = bool(args["optional"])
        return name if optional else name + "!"

    def registered(self, module_id: str) -> dict[str, dict[str, Any]]:
        """Objects of a registered module: {object: {function: {"returns", "args", "cache", ...}}}."""
        module = self.load(module_id, "Module")
        assert isinstance(module, Recorder)
        objects: dict[str, dict[str, Any]] = {}
        for call, args in module.calls:
            if call != "withObject":
                continue
            typedef = self.load(args["object"], "TypeDef")
            assert isinstance(typedef, Recorder)
            obj_name, functions = "", {}
            for tcall, targs in typedef.calls:
                if tcall == "withObject":
                    obj_name = targs["name"]
                elif tcall in ("withFunction", "withConstructor"):
                    fn = self._function(targs["function"])
                    functions["" if tcall == "withConstructor" else fn["name"]] = fn
                elif tcall == "withField":
                    functions[targs["name"]] = {"name": targs["name"], "returns": self.typedef(targs["typeDef"]),
                                                "args": {}, "field": True}  # fmt: skip
            objects[obj_name] = functions
        return objects

    def _function(self, id_: str) -> dict[str, Any]:
        fn = self.load(id_, "Function")
        assert isinstance(fn, Recorder)
        out: dict[str, Any] = {"args": {}, "cache": None}
        for call, args in fn.calls:
            if call == "function":
                out["name"], out["returns"] = args["name"], self.typedef(args["returnType"])
            elif call == "withArg":
                out["args"][args["name"]] = {
                    "type": self.typedef(args["typeDef"]),
                    "default": args.get("defaultValue"),
                    "default_path": args.get("defaultPath"),
                    "ignore": args.get("ignore"),
                }
            elif call == "withCachePolicy":
                out["cache"] = args["policy"]
            elif call == "withDescription":
                out["doc"] = args["description"]
        return out
