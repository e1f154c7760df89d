"""The project's own modules, as its manifests name them (OwnModule): go.mod's `module example.com/shop` (and each
module a go.work uses), Cargo.toml's [package] and [lib] names and its [workspace] members' ones, package.json's
name and its workspaces' ones (npm's and Yarn's, pnpm-workspace.yaml's, lerna.json's), pyproject.toml's [project]
(or Poetry's) name and its src/ layout's packages.

A tool that says a module is missing names it as the code imports it (`no required module provides package
example.com/shop/rates`, `unresolved import shop_rates::tariff`, `Cannot find module '@shop/rates/lib/tariff'`):
a name under one of these is the project's own (moved, renamed, not built or linked), not a third party's, though
the tree's folders do not spell it (a crate's folder is `crates/rates`, a package's `packages/rates`). Reads are
bounded (MAX_MANIFEST_BYTES a file, MAX_MANIFESTS files, members inside the source only); a manifest that cannot
be read or parsed names nothing (no crash, no guess).
"""

from __future__ import annotations

import json
import os
import tomllib
from collections import deque
from collections.abc import Iterator, Sequence
from fnmatch import fnmatchcase
from itertools import islice
from pathlib import Path
from typing import Any

from remediate.facts.lazyregex import Regex
from remediate.models import Ecosystem, OwnModule

MAX_MANIFEST_BYTES = 256_000
# A lockfile lists every package installed: megabytes in a large project (a 39 MB one of 76,000 packages parses in
# ~1.2 s here); past the bound it is not read and tells nothing.
MAX_LOCKFILE_BYTES = 16_000_000
MAX_MANIFESTS = 200  # member manifests read, at most (a monorepo's workspaces)
MAX_GLOB = 5_000  # paths a member pattern may match (`packages/**` walks every folder below)

# go.mod's module directive (`module example.com/shop`, quoted or not, a comment after it); go.work's use
# directives, one a line or in a block (`use ./rates`, `use (` ... `./cart` ... `)`).
_GO_MODULE = Regex(r"^module\s+\"?(?P<path>[^\s\"/][^\s\"]*)\"?\s*(?://.*)?$")
_GO_USE = Regex(r"^(?:use\s+)?\"?(?P<dir>\.{1,2}(?:/[^\s\"]*)?)\"?\s*(?://.*)?$")


def own_modules(source: Path, listed: Sequence[str] = ()) -> list[OwnModule]:
    """The module names the manifests at the root of `source` and their members name, each once; `listed`, the
    tree summary's paths, adds the nested Go modules it shows (tools/go.mod: a module of its own, in no go.work)."""
    root = source.resolve()
    nested = [p.removesuffix("/go.mod") for p in listed if p.endswith("/go.mod")]
    found = [*_go(root, nested), *_cargo(root), *_npm(root), *_python(root)]
    return list({(m.name, m.ecosystem): m for m in found}.values())


def read_manifest(root: Path, rel: str, limit: int = MAX_MANIFEST_BYTES) -> str | None:
    """A manifest's text (its first `limit` bytes), or None: absent, outside the source, not text. `root` as
    given (a relative --source, or a symlink to the project): compared with the manifest's real path once resolved."""
    path = root / rel
    try:
        if not path.resolve().is_relative_to(root.resolve()) or not path.is_file():
            return None
        with path.open("rb") as f:
            return f.read(limit).decode("utf-8")
    except (OSError, UnicodeDecodeError, ValueError):  # ValueError: a NUL in a name the manifests gave (a dependency's)
        return None


def read_toml(root: Path, rel: str) -> dict[str, Any]:
    text = read_manifest(root, rel)
    try:
        return tomllib.loads(text) if text else {}
    except tomllib.TOMLDecodeError:
        return {}


def _json(root: Path, rel: str, limit: int = MAX_MANIFEST_BYTES) -> dict[str, Any]:
    text = read_manifest(root, rel, limit)
    try:
        value = json.loads(text) if text else {}
    except ValueError:  # json.JSONDecodeError, and a number too large to convert
        return {}
    return value if isinstance(value, dict) else {}


def table_in(value: Any, key: str) -> dict[str, Any]:
    found = value.get(key) if isinstance(value, dict) else None
    return found if isinstance(found, dict) else {}


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _members(root: Path, patterns: list[str], manifest: str) -> list[str]:
    """The repo-relative manifests of the workspace members `patterns` name (`crates/*`, `packages/rates`):
    folders inside the source holding `manifest`, at most MAX_MANIFESTS."""
    out: list[str] = []
    for pattern in patterns:
        pattern = pattern.strip().removeprefix("./").rstrip("/")
        if not pattern or pattern.startswith("/") or ".." in pattern.split("/") or pattern.startswith("!"):
            continue
        for folder in _member_folders(root, pattern):
            rel = f"{folder.relative_to(root).as_posix()}/{manifest}"
            if rel not in out and (root / rel).is_file():
                out.append(rel)
            if len(out) >= MAX_MANIFESTS:
                return out
    return out


def _member_folders(root: Path, pattern: str) -> list[Path]:
    """The folders a member pattern matches (`crates/*`, `packages/**`, `apps/web`), at most MAX_GLOB, matched a
    segment at a time: a folder whose real path leaves the source (a symlink out of it) is neither matched nor
    listed, where Path.glob would list it (`escape/*` through `escape -> /`)."""
    folders = [root]
    for segment in pattern.split("/"):
        found: list[Path] = []
        for folder in folders:
            found += _matching(root, folder, segment, MAX_GLOB - len(found))
            if len(found) >= MAX_GLOB:
                break
        folders = found
    return sorted(set(folders))


def _matching(root: Path, folder: Path, segment: str, limit: int) -> list[Path]:
    """The folders inside the source that one segment of a member pattern matches in `folder`: `**` the folder and
    every folder below it (symlinks not followed, as Path.glob), a wildcard its children by fnmatch, else that child."""
    if segment == "**":
        below, queue = [folder], deque([folder])
        while queue and len(below) < limit:
            children = [c for c in _subfolders(root, queue.popleft()) if not c.is_symlink()]
            below += children
            queue.extend(children)
        return below[:limit]
    if segment in ("", "."):
        return [folder]
    if not any(c in segment for c in "*?["):
        child = folder / segment
        return [child] if _inside(root, child) and child.is_dir() else []
    return [c for c in _subfolders(root, folder) if fnmatchcase(c.name, segment)][:limit]


def _subfolders(root: Path, folder: Path) -> list[Path]:
    """The folders in `folder` that lie inside the source (their real path), by name; none when it cannot be read."""
    try:
        with os.scandir(folder) as entries:
            names = sorted(e.name for e in islice(entries, MAX_GLOB) if e.is_dir())
    except OSError:
        return []
    return [folder / name for name in names if _inside(root, folder / name)]


def _inside(root: Path, path: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root)
    except (OSError, RuntimeError, ValueError):  # a symlink loop; a NUL in a member pattern's name
        return False


def _module(name: Any, manifest: str, ecosystem: Ecosystem) -> Iterator[OwnModule]:
    if isinstance(name, str) and name.strip() and len(name) <= 214:
        yield OwnModule(name=name.strip(), manifest=manifest, ecosystem=ecosystem)


def _go(root: Path, nested: list[str]) -> Iterator[OwnModule]:
    """go.mod's module path, and those of the modules go.work uses or the tree shows (`nested`: folders inside the
    source)."""
    folders = {".", *nested}
    in_use = False
    for line in (raw.strip() for raw in (read_manifest(root, "go.work") or "").splitlines()):
        in_use = in_use or line.startswith("use (")
        if (line.startswith("use ") or in_use) and (m := _GO_USE.match(line.removeprefix("use ("))):
            folders.add(m["dir"].rstrip("/"))
        in_use = in_use and line != ")"
    for folder in sorted(folders)[:MAX_MANIFESTS]:
        rel = "go.mod" if folder == "." else f"{folder.removeprefix('./')}/go.mod"
        text = read_manifest(root, rel) or ""
        path = next((m["path"] for line in text.splitlines() if (m := _GO_MODULE.match(line.strip()))), None)
        yield from _module(path, rel, "go")


def _cargo(root: Path) -> Iterator[OwnModule]:
    """The crates of Cargo.toml and its workspace's members, by the name the code imports them (`-` as `_`)."""
    top = read_toml(root, "Cargo.toml")
    members = _strings(table_in(top, "workspace").get("members"))
    for rel in ["Cargo.toml", *_members(root, members, "Cargo.toml")]:
        manifest = top if rel == "Cargo.toml" else read_toml(root, rel)
        for name in (table_in(manifest, "package").get("name"), table_in(manifest, "lib").get("name")):
            if isinstance(name, str):
                yield from _module(name.replace("-", "_"), rel, "cargo")


def _npm(root: Path) -> Iterator[OwnModule]:
    """package.json's name and its workspaces' (npm's and Yarn's list, Yarn's `{"packages": [...]}`, pnpm's
    pnpm-workspace.yaml, Lerna's lerna.json)."""
    top = _json(root, "package.json")
    workspaces = top.get("workspaces")
    patterns = _strings(table_in(top, "workspaces").get("packages") if isinstance(workspaces, dict) else workspaces)
    patterns += _pnpm_packages(read_manifest(root, "pnpm-workspace.yaml") or "")
    patterns += _strings(_json(root, "lerna.json").get("packages"))
    for rel in ["package.json", *_members(root, patterns, "package.json")]:
        yield from _module((top if rel == "package.json" else _json(root, rel)).get("name"), rel, "npm")


def _pnpm_packages(text: str) -> list[str]:
    """pnpm-workspace.yaml's `packages:` list (pnpm.io/pnpm-workspace_yaml: `- 'packages/*'` items, a flow list
    `packages: ['packages/*', "apps/*"]`, over one line or several), read as YAML. A file that does not parse (a
    tab indenting, a date that is none), or whose `packages` is not a list, names none."""
    if not text:
        return []
    import yaml  # only for a pnpm workspace: most sources have none, and facts start without it

    try:
        document = yaml.safe_load(text)
    except (yaml.YAMLError, ValueError, RecursionError):  # a malformed file, a bad timestamp, nesting past the stack
        return []
    return _strings(document.get("packages")) if isinstance(document, dict) else []


def _python(root: Path) -> Iterator[OwnModule]:
    """pyproject.toml's distribution name as an import name (`Shop-Cart`: shop_cart, as PEP 503 normalizes it), and
    the packages and modules of its src/ layout (src/shopcart/__init__.py, src/shopcart.py), also under a setup.py
    or setup.cfg without a pyproject.toml (setuptools' own manifests, `python setup.py develop`'s)."""
    pyproject = read_toml(root, "pyproject.toml")
    for table in (table_in(pyproject, "project"), table_in(table_in(pyproject, "tool"), "poetry")):
        name = table.get("name")
        if isinstance(name, str):
            yield from _module(name.lower().replace("-", "_").replace(".", "_"), "pyproject.toml", "python")
    setuptools = (m for m in ("setup.py", "setup.cfg") if (root / m).is_file())
    manifest = "pyproject.toml" if pyproject else next(setuptools, None)
    if manifest is None:
        return
    try:
        entries = sorted((root / "src").iterdir())[:MAX_MANIFESTS] if (root / "src").is_dir() else []
    except OSError:
        return
    for entry in entries:
        if (entry / "__init__.py").is_file() or (entry.suffix == ".py" and entry.is_file()):
            yield from _module(entry.stem if entry.suffix == ".py" else entry.name, manifest, "python")


# A requirement's distribution name (PEP 508: `ruff>=0.6`, `black[jupyter]; python_version > "3.8"`).
_REQUIREMENT = Regex(r"^\s*(?P<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)")


def dependency_commands(source: Path) -> list[str]:
    """The commands the manifests at the root of `source` would put on the PATH once installed, each once, lower
    case: package.json's dependencies of every kind (npm links a package's bin into node_modules/.bin, most often
    under its name: `eslint`, `@biomejs/biome`'s `biome`), pyproject.toml's requirements (PEP 621's dependencies,
    optional-dependencies and PEP 735's dependency-groups, Poetry's dependency tables: a distribution's console
    script is most often its name) and its own console scripts ([project.scripts], Poetry's scripts: on the PATH
    once the project is installed), and requirements*.txt's names. A bin named otherwise than its package
    (`typescript`'s `tsc`) is told only by npm's lockfile (_locked_bins)."""
    root = source.resolve()
    package = _json(root, "package.json")
    kinds = ("dependencies", "devDependencies", "optionalDependencies", "peerDependencies")
    direct = [name for kind in kinds for name in table_in(package, kind)]
    npm = [name.rsplit("/", 1)[-1] for name in direct] + _locked_bins(root, direct)
    return list(dict.fromkeys(n.lower() for n in [*npm, *_python_commands(root)] if n))


def _locked_bins(root: Path, direct: list[str]) -> list[str]:
    """The bins npm's lockfile (v2/v3: package-lock.json or npm-shrinkwrap.json) records for the package's own
    dependencies (`"node_modules/typescript": {"bin": {"tsc": ..., "tsserver": ...}}`): a dependency's dependencies
    are left out (their bins, `semver`, `which`, are as often a system's command). Yarn's and pnpm's lockfiles
    record no bin names (pnpm's only `hasBin: true`): where the source holds the installed node_modules, each
    dependency's own package.json names them (Yarn's copy, pnpm's link into node_modules/.pnpm)."""
    for name in ("npm-shrinkwrap.json", "package-lock.json"):
        packages = table_in(_json(root, name, MAX_LOCKFILE_BYTES), "packages")
        if packages:
            return [bin for dep in direct for bin in table_in(packages.get(f"node_modules/{dep}"), "bin")]
    return [
        bin
        for dep in direct[:MAX_MANIFESTS]
        for bin in table_in(_json(root, f"node_modules/{dep}/package.json"), "bin")
    ]


def _python_commands(root: Path) -> list[str]:
    """pyproject.toml's requirements and console scripts, and requirements*.txt's (see dependency_commands)."""
    pyproject = read_toml(root, "pyproject.toml")
    project, poetry = table_in(pyproject, "project"), table_in(table_in(pyproject, "tool"), "poetry")
    listed = _strings(project.get("dependencies"))
    for group in [
        *table_in(project, "optional-dependencies").values(),
        *table_in(pyproject, "dependency-groups").values(),
    ]:
        listed += _strings(group)
    groups = [table_in(g, "dependencies") for g in table_in(poetry, "group").values()]
    names = [n for t in (table_in(poetry, "dependencies"), table_in(poetry, "dev-dependencies"), *groups) for n in t]
    names += [*table_in(project, "scripts"), *table_in(poetry, "scripts")]
    try:
        texts = [read_manifest(root, p.name) or "" for p in sorted(root.glob("requirements*.txt"))[:MAX_MANIFESTS]]
    except OSError:
        texts = []
    listed += [line for text in texts for line in text.splitlines() if not line.lstrip().startswith(("-", "#"))]
    names += [m["name"] for r in listed if (m := _REQUIREMENT.match(r))]
    return [n for n in names if n != "python"]
