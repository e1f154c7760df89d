"""Context providers: extra facts a specialist gets before its loop, computed with no model.

Each provider is an async function `(ContextRequest) -> ContextResult`, registered by name in
PROVIDERS; a specialist lists the ones it needs. They read the sandbox and run commands in it
(hadolint, dbt, python), never write the project, and return text that joins the facts in the
first message, plus numbers the pipeline can compare before and after the fix.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, Protocol, runtime_checkable

from remediate.agents.dockerfile_facts import DOCKERFILE_NAME, analyse, parse_hadolint_json
from remediate.diffs import fenced
from remediate.globs import matches
from remediate.models import CheckSpec, ExecResult, Facts, Limits, Route
from remediate.sandbox.base import Sandbox, SandboxError
from remediate.sandbox.tree import list_files

REGION_RADIUS = 6
MAX_REGION_FILES = 6
MAX_LINES_PER_FILE = 80
MAX_REGION_LINES = 320
MAX_SHOWN_FILE_LINES = 150
PROVIDER_TIMEOUT_S = 180.0


@dataclass(frozen=True)
class ContextRequest:
    sandbox: Sandbox
    facts: Facts
    route: Route
    check: CheckSpec
    limits: Limits = field(default_factory=lambda: Limits(timeout_s=PROVIDER_TIMEOUT_S))


@dataclass
class ContextResult:
    text: str = ""
    metrics: dict[str, float] = field(default_factory=dict)


Provider = Callable[[ContextRequest], Awaitable[ContextResult]]


@runtime_checkable
class ImageInspector(Protocol):
    """A sandbox that can build an image (the Dagger backend can; the local one has no engine)."""

    async def image_stats(self, dockerfile: str) -> dict[str, float]: ...


# ------------------------------------------------------------------ helpers


def _rel(path: str | None) -> str | None:
    if not path or path.startswith("/") or "\x00" in path or "site-packages" in path:
        return None
    parts = PurePosixPath(path).parts
    if ".." in parts:
        return None
    return PurePosixPath(*parts).as_posix() if parts else None


async def _read(sandbox: Sandbox, path: str) -> str | None:
    try:
        return await sandbox.read(path)
    except (SandboxError, OSError, UnicodeDecodeError):
        return None


async def _run(req: ContextRequest, argv: Sequence[str]) -> ExecResult | None:
    limits = req.limits.model_copy(update={"timeout_s": min(req.limits.timeout_s, PROVIDER_TIMEOUT_S)})
    try:
        return await req.sandbox.run(list(argv), limits)
    except SandboxError:
        return None


def numbered(lines: Sequence[str], spans: Iterable[tuple[int, int]]) -> str:
    """Lines with 1-based numbers, as read_file shows them; `...` between spans."""
    width = len(str(len(lines)))
    out: list[str] = []
    last = 0
    for start, end in spans:
        if last and start > last + 1:
            out.append(" " * width + " ...")
        for n in range(start, end + 1):
            text = lines[n - 1]
            out.append(f"{n:>{width}}| {text}")
        last = end
    return "\n".join(out)


def merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _import_header(lines: Sequence[str]) -> tuple[int, int] | None:
    """The module's import block (Python), so an edit that needs an import does not need a read."""
    last = 0
    for n, line in enumerate(lines[:60], start=1):
        if re.match(r"(?:from\s+\S+\s+import\b|import\s+\S)", line):
            last = n
        elif last and line.strip() and not line.startswith((" ", "\t", ")")):
            break
    return (1, last) if last else None


async def _listing(sandbox: Sandbox) -> list[str]:
    try:
        return [p for p in await list_files(sandbox, ".", 5) if not p.endswith("/")]
    except SandboxError:
        return []


def _resolve_name(listing: Sequence[str], name: str) -> str | None:
    """A project path for what a log calls a file: relative paths as they are, absolute ones (CI
    or sandbox work dirs) by their longest existing suffix, bare names by a unique match."""
    if "site-packages" in name or "\x00" in name:
        return None
    parts = PurePosixPath(name).parts
    if ".." in parts:
        return None
    parts = tuple(p for p in parts if p != "/")
    for i in range(len(parts)):
        candidate = PurePosixPath(*parts[i:]).as_posix()
        if candidate in listing:
            return candidate
    if len(parts) == 1:
        found = [p for p in listing if PurePosixPath(p).name == parts[0]]
        return found[0] if len(found) == 1 else None
    return None


async def _project_paths(sandbox: Sandbox, names: Sequence[str]) -> list[str]:
    listing = await _listing(sandbox)
    out: list[str] = []
    for name in names:
        found = _resolve_name(listing, name)
        if found is not None and found not in out:
            out.append(found)
    return out


# Test files in every language the specialists know: their regions come after the code's.
TEST_PATHS = (
    "tests/**", "test/**", "test_*.py", "*_test.py", "conftest.py", "*_test.go", "*.test.*", "*.spec.*",
    "__tests__/**", "src/test/**", "*Test.java", "*Tests.java", "*_test.c", "test_*.c",
)  # fmt: skip


def _is_test_path(path: str) -> bool:
    return matches(path, TEST_PATHS) is not None


# ------------------------------------------------------------------ file regions

_TRACE_REF = re.compile(r'(?:File|in) "([^"]+)", line (\d+)')


async def file_regions(req: ContextRequest) -> ContextResult:
    """The lines around every error the facts locate, read now, so no tool call re-reads them."""
    spots = await _resolved(req.sandbox, _error_spots(req.facts))
    ordered = sorted(spots, key=lambda p: (_is_test_path(p), list(spots).index(p)))
    sections: list[str] = []
    total = 0
    for path in ordered[:MAX_REGION_FILES]:
        text = await _read(req.sandbox, path)
        if text is None:
            continue
        lines = text.splitlines()
        if not lines:
            continue
        spans = _spans_around(path, lines, spots[path])
        if not spans:
            continue
        kept = _within_budget(spans, min(MAX_LINES_PER_FILE, MAX_REGION_LINES - total))
        if not kept:
            break
        total += sum(e - s + 1 for s, e in kept)
        shown = ", ".join(f"{s}-{e}" for s, e in kept)
        sections.append(f"### {path} (lines {shown} of {len(lines)})\n```\n{numbered(lines, kept)}\n```")
    if not sections:
        return ContextResult()
    head = (
        "## Relevant file regions (read by the harness just now; line numbers are the file's)\n"
        "These are the lines around each location the errors name. Edit from them directly; "
        "read a file only for lines not shown here."
    )
    return ContextResult("\n\n".join([head, *sections]))


def _error_spots(facts: Facts) -> dict[str, set[int]]:
    """The repository files and lines the errors and the excerpt's Python frames name, in the
    order first named."""
    spots: dict[str, set[int]] = {}
    for err in facts.errors:
        rel = _rel(err.file)
        if rel and err.line:
            spots.setdefault(rel, set()).add(err.line)
    for path, line in _TRACE_REF.findall(facts.excerpt):
        rel = _rel(path)
        if rel:
            spots.setdefault(rel, set()).add(int(line))
    return spots


async def _resolved(sandbox: Sandbox, spots: dict[str, set[int]]) -> dict[str, set[int]]:
    """`spots` with each name the repository does not hold replaced by the file it means (a
    resolved one moves to the end), or dropped."""
    # Go and some compilers name files relative to their package or build directory.
    listing = await _listing(sandbox)
    for name in [p for p in spots if listing and p not in listing]:
        found = _resolve_name(listing, name)
        lines_at = spots.pop(name)
        if found is not None:
            spots.setdefault(found, set()).update(lines_at)
    return spots


def _spans_around(path: str, lines: list[str], wanted: set[int]) -> list[tuple[int, int]]:
    """REGION_RADIUS lines either side of each wanted line the file has, and a Python file's imports."""
    spans = [(max(1, n - REGION_RADIUS), min(len(lines), n + REGION_RADIUS)) for n in sorted(wanted) if n <= len(lines)]
    if spans and path.endswith((".py", ".pyi")) and (header := _import_header(lines)):
        spans.append(header)
    return spans


def _within_budget(spans: list[tuple[int, int]], budget: int) -> list[tuple[int, int]]:
    """The merged spans, in order, cut to `budget` lines in all."""
    kept: list[tuple[int, int]] = []
    for start, end in merge(spans):
        if budget <= 0:
            break
        end = min(end, start + budget - 1)
        kept.append((start, end))
        budget -= end - start + 1
    return kept


# ------------------------------------------------------------------ configuration files

CONFIG_SUFFIXES = (".toml", ".yaml", ".yml", ".json", ".ini", ".cfg", ".conf")
_CONFIG_REF = re.compile(r"(?<![\w.-])(/?(?:[\w.-]+/)*[\w.-]+\.(?:ya?ml|toml|json|ini|cfg|conf))\b")
_PARSE_SCRIPT = r"""
import json, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
try:
    if path.endswith(".toml"):
        import tomllib
        tomllib.loads(text)
    elif path.endswith((".yaml", ".yml")):
        import yaml
        list(yaml.safe_load_all(text))
    elif path.endswith(".json"):
        json.loads(text)
    else:
        import configparser
        configparser.ConfigParser().read_string(text)
except ImportError as exc:
    print(f"SKIP no parser in the check's environment: {exc}")
except Exception as exc:
    print("ERROR " + type(exc).__module__ + "." + type(exc).__name__ + ": " + " ".join(str(exc).split()))
else:
    print("OK")
""".strip()
_TABLE = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")


def _toml_tables(lines: Sequence[str]) -> list[str]:
    seen: dict[str, int] = {}
    notes: list[str] = []
    for n, line in enumerate(lines, start=1):
        m = _TABLE.match(line)
        if not m or m.group(1) == "[[":
            continue
        name = m.group(2)
        if name in seen:
            notes.append(f"table [{name}] is declared twice: line {seen[name]} and line {n}")
        else:
            seen[name] = n
    return notes


async def config_files(req: ContextRequest) -> ContextResult:
    """Each configuration file the failure names: does it parse here, where not, what is on those lines."""
    candidates = [e.file for e in req.facts.errors if e.file and e.file.endswith(CONFIG_SUFFIXES)]
    text = "\n".join([req.facts.excerpt, *(e.message for e in req.facts.errors)])
    candidates += _CONFIG_REF.findall(text)
    paths = await _project_paths(req.sandbox, list(dict.fromkeys(candidates)))
    sections: list[str] = []
    for path in [p for p in paths if not p.startswith(".github/")][:3]:
        content = await _read(req.sandbox, path)
        if content is None:
            continue
        lines = content.splitlines()
        result = await _run(req, ["python", "-c", _PARSE_SCRIPT, path])
        verdict = result.output.strip().splitlines()[-1] if result is not None and result.output.strip() else "not run"
        notes = [f"parsed by the check's Python just now: {verdict}"]
        error_lines = [int(n) for n in re.findall(r"line (\d+)", verdict)]
        for n, line in enumerate(lines, start=1):
            if "\t" in line[: len(line) - len(line.lstrip())]:
                notes.append(f"line {n} is indented with a TAB character")
        if path.endswith(".toml"):
            notes += _toml_tables(lines)
        if len(lines) <= MAX_SHOWN_FILE_LINES:
            spans = [(1, len(lines))] if lines else []
        else:
            spans = merge((max(1, n - 20), min(len(lines), n + 20)) for n in error_lines or [1])
        body = numbered([line.replace("\t", "\\t") for line in lines], spans)
        section = f"### {path}\n" + "\n".join(f"- {note}" for note in notes) + f"\n```\n{body}\n```"
        if any("\t" in line for line in lines):
            section += "\n(TAB characters are shown as \\t above; the file holds real tabs there.)"
        sections.append(section)
    if not sections:
        return ContextResult()
    return ContextResult("\n\n".join(["## Configuration files the failure names", *sections]))


# ------------------------------------------------------------------ dependencies

_IMPORTED = re.compile(r"'([\w.]+)' imported but|No module named '([\w.]+)'|DEP\d{3} '([\w.]+)'")
_DISTRIBUTIONS = r"""
import importlib.metadata as md, json, sys
mapping = md.packages_distributions()
out = {}
for module in sys.argv[1:]:
    dists = mapping.get(module.split(".")[0], [])
    out[module] = [[d, md.version(d)] for d in dict.fromkeys(dists)]
print(json.dumps(out))
""".strip()
DECLARATIONS = ("pyproject.toml", "requirements.txt", "requirements-dev.txt", "setup.cfg")


async def dependencies(req: ContextRequest) -> ContextResult:
    """The declared dependencies (the files, numbered) and which distribution provides each module
    the failure names, with the version installed in the check's environment."""
    text = "\n".join([req.facts.excerpt, *(e.message for e in req.facts.errors)])
    modules = list(dict.fromkeys(next(g for g in m if g) for m in _IMPORTED.findall(text)))[:10]
    sections: list[str] = ["## Dependency facts (computed by the harness just now)"]
    if modules:
        result = await _run(req, ["python", "-c", _DISTRIBUTIONS, *modules])
        mapping: dict[str, list[list[str]]] = {}
        if result is not None and result.ok:
            try:
                mapping = json.loads(result.output.strip().splitlines()[-1])
            except (json.JSONDecodeError, IndexError):
                mapping = {}
        lines = []
        for module in modules:
            dists = mapping.get(module) or []
            if dists:
                provided = ", ".join(f"`{d}` {v}" for d, v in dists)
                lines.append(
                    f"- import `{module}` is provided by the distribution {provided} in the check's environment"
                )
            else:
                lines.append(f"- import `{module}`: no installed distribution provides it in the check's environment")
        sections += ["### Modules the failure names", *lines]
    for path in DECLARATIONS:
        content = await _read(req.sandbox, path)
        if content is None:
            continue
        lines_of = content.splitlines()
        spans = [(1, min(len(lines_of), MAX_SHOWN_FILE_LINES))] if lines_of else []
        sections.append(f"### {path}\n```\n{numbered(lines_of, spans)}\n```")
    sections.append(
        "Every run_check (and the verification) first re-runs the install step: each declared requirement must "
        "resolve with `pip install --dry-run --no-index` against the check's environment, then the check runs."
    )
    return ContextResult("\n\n".join(sections))


# ------------------------------------------------------------------ Dockerfiles


async def _dockerfiles(req: ContextRequest) -> list[str]:
    found = [p for e in req.facts.errors if (p := _rel(e.file)) and DOCKERFILE_NAME.search(p)]
    found += [p for w in req.check.words if (p := _rel(w)) and DOCKERFILE_NAME.search(p)]
    if not found:
        try:
            listing = await list_files(req.sandbox, ".", 3)
        except SandboxError:
            listing = []
        found = [p for p in listing if not p.endswith("/") and DOCKERFILE_NAME.search(p)]
    out: list[str] = []
    for path in dict.fromkeys(found):
        if await _read(req.sandbox, path) is not None:
            out.append(path)
    return out[:2]


async def dockerfile(req: ContextRequest) -> ContextResult:
    """Instructions, stages, layers, cache hygiene and hadolint findings of the Dockerfile(s) the
    failure is about; under a backend that can build, the image's real layer count and size."""
    sections = ["## Dockerfile facts (computed by the harness just now, no model)"]
    metrics: dict[str, float] = {}
    for index, path in enumerate(await _dockerfiles(req)):
        text = await _read(req.sandbox, path) or ""
        stats = analyse(path, text)
        numbers = stats.numbers()
        lines = text.splitlines()
        part = [f"### {path}"]
        part.append(
            f"- {numbers['instructions']} instructions, {numbers['stages']} stage(s); the final stage has "
            f"{numbers['final_stage_layers']} layer-creating instructions (RUN/COPY/ADD), "
            f"{numbers['final_stage_run']} of them RUN"
        )
        if stats.hygiene:
            part.append(f"- cache and layer hygiene ({len(stats.hygiene)}):")
            part += [f"  - {f.text()}" for f in stats.hygiene]
        else:
            part.append("- cache and layer hygiene: nothing to flag")
        result = await _run(req, ["hadolint", "--no-fail", "-f", "json", path])
        findings = parse_hadolint_json(result.output) if result is not None and result.exit_code != 127 else None
        if findings is None:
            part.append("- hadolint: not available in the check's environment")
        else:
            part.append(f"- hadolint ({len(findings)} finding(s), with the project's own .hadolint.yaml if any):")
            part += [f"  - line {f.line} {f.code} {f.level}: {f.message}" for f in findings]
            numbers["hadolint_findings"] = len(findings)
        if isinstance(req.sandbox, ImageInspector):
            try:
                image = await req.sandbox.image_stats(path)
            except SandboxError as exc:
                part.append(f"- built image: the build failed ({exc})")
            else:
                part.append("- built image: " + ", ".join(f"{k} {v:g}" for k, v in image.items()))
                numbers.update({f"image_{k}": int(v) for k, v in image.items()})
        spans = [(1, min(len(lines), 200))] if lines else []
        part.append("\n".join(fenced(numbered(lines, spans), "dockerfile")))
        sections.append("\n".join(part))
        prefix = "" if index == 0 else f"{path}:"
        metrics.update({f"{prefix}{k}": float(v) for k, v in numbers.items()})
    if len(sections) == 1:
        return ContextResult()
    return ContextResult("\n\n".join(sections), metrics)


# ------------------------------------------------------------------ SQL and dbt

_FAILING_MODEL = re.compile(
    r"(?:Failure|Error|Runtime Error|Database Error|Compilation Error) in model (\w+) \(([^)]+\.sql)\)"
)
_DBT_FLAGS = ("--profiles-dir", "--project-dir", "--target", "-t", "--vars", "--profile")
_CREATES = re.compile(
    r"\bcreate\s+(?:or\s+replace\s+)?(?:temp(?:orary)?\s+)?(?:table|view)\s+(?:if\s+not\s+exists\s+)?([\w.\"]+)",
    re.IGNORECASE,
)
_READS = re.compile(r"\b(?:from|join)\s+([A-Za-z_][\w.\"]*)(?![\w.\"]|\s*\()", re.IGNORECASE)
_CTE = re.compile(r"\b([A-Za-z_]\w*)\s+as\s*\(", re.IGNORECASE)


def dbt_flags(check: CheckSpec) -> list[str]:
    """The global dbt options of the check command (profiles, project, target), to run dbt the same way."""
    words = check.words
    out: list[str] = []
    for i, word in enumerate(words):
        if word in _DBT_FLAGS and i + 1 < len(words):
            out += [word, words[i + 1]]
        elif any(word.startswith(flag + "=") for flag in _DBT_FLAGS):
            out.append(word)
    return out


def _columns_text(columns: dict[str, Any]) -> str:
    parts = []
    for col in columns.values():
        kind = col.get("type") or col.get("data_type")
        parts.append(f"{col.get('name')} {kind}" if kind else str(col.get("name")))
    return ", ".join(parts) if parts else "(none)"


async def _dbt(req: ContextRequest) -> ContextResult:
    text = "\n".join([req.facts.excerpt, *(e.message for e in req.facts.errors)])
    failing = _FAILING_MODEL.search(text)
    model = failing.group(1) if failing else None
    notes = await _dbt_artifacts(req, model)
    manifest_text = await _read(req.sandbox, "target/manifest.json")
    if manifest_text is None:
        return ContextResult("## dbt facts\n- dbt could not parse the project in the check's environment")
    manifest = json.loads(manifest_text)
    catalog_text = await _read(req.sandbox, "target/catalog.json")
    catalog: dict[str, Any] = json.loads(catalog_text).get("nodes", {}) if catalog_text else {}
    nodes: dict[str, Any] = {**manifest.get("nodes", {}), **manifest.get("sources", {})}
    models = {n["name"]: uid for uid, n in nodes.items() if n.get("resource_type") == "model"}
    sections = ["## dbt facts (computed by the harness just now, no model)", *[f"- {n}" for n in notes]]
    if model is None or model not in models:
        listing = [f"- {name}: {nodes[uid].get('original_file_path')}" for name, uid in sorted(models.items())]
        return ContextResult("\n".join([*sections, "### Models", *listing]))
    uid = models[model]
    node = nodes[uid]
    sections += _dbt_model_lines(node, manifest.get("child_map", {}).get(uid, []), nodes)
    sections += _dbt_upstream_lines(node, nodes, catalog)
    compiled_path = node.get("compiled_path")
    compiled = await _read(req.sandbox, compiled_path) if compiled_path else None
    if compiled:
        title = f"Compiled SQL of `{node['name']}` ({compiled_path}; line numbers match the database error's LINE)"
        sections.append(_sql_block(title, compiled))
    source_text = await _read(req.sandbox, node.get("original_file_path", ""))
    if source_text:
        title = f"Source of `{node['name']}` ({node.get('original_file_path')}, the file to edit)"
        sections.append(_sql_block(title, source_text))
    return ContextResult("\n".join(sections))


async def _dbt_artifacts(req: ContextRequest, model: str | None) -> list[str]:
    """Have dbt write target/manifest.json (and, for a failing model, the catalog of what it
    selects from, built first); the notes say what is missing from them."""
    flags = dbt_flags(req.check)
    env = ["env", "DO_NOT_TRACK=1", "DBT_SEND_ANONYMOUS_USAGE_STATS=false"]
    if model is None:
        await _run(req, [*env, "dbt", "parse", *flags])
        return ["no failing model named in the log; showing the project's models"]
    notes: list[str] = []
    built = await _run(req, [*env, "dbt", "build", "--select", f"+{model}", "--exclude", model, *flags])
    if built is None or not built.ok:
        notes.append("building the upstream models failed; columns below come from the manifest only")
    await _run(req, [*env, "dbt", "docs", "generate", "--select", f"+{model}", *flags])
    return notes


def _dbt_model_lines(node: dict[str, Any], children: list[str], nodes: dict[str, Any]) -> list[str]:
    """The failing model: its file, the columns its schema declares, the data tests on it."""
    lines = [f"### Failing model `{node['name']}` ({node.get('original_file_path')})"]
    declared = node.get("columns") or {}
    if declared:
        lines.append(
            "- columns its schema declares (downstream consumers and tests rely on these names): " + ", ".join(declared)
        )
    tests = [nodes[c]["name"] for c in children if c in nodes and nodes[c].get("resource_type") == "test"]
    if tests:
        lines.append("- data tests on it: " + ", ".join(tests))
    return lines


def _dbt_upstream_lines(node: dict[str, Any], nodes: dict[str, Any], catalog: dict[str, Any]) -> list[str]:
    """Each relation the model selects from, with its columns as built if the catalog has them."""
    lines = ["### Upstream relations it selects from (columns as built in the database when available)"]
    for parent in node.get("depends_on", {}).get("nodes", []):
        pnode = nodes.get(parent)
        if pnode is None:
            continue
        real = catalog.get(parent, {}).get("columns")
        source = "database" if real else "schema.yml (declared only)"
        cols = _columns_text(real) if real else ", ".join(pnode.get("columns") or {}) or "(unknown)"
        lines.append(
            f"- {pnode.get('resource_type')} `{pnode['name']}` ({pnode.get('original_file_path')}), "
            f"from the {source}: {cols}"
        )
    return lines


def _sql_block(title: str, text: str) -> str:
    """A numbered SQL listing (its first 200 lines) under a heading."""
    lines = text.splitlines()
    return f"### {title}\n```sql\n{numbered(lines, [(1, min(len(lines), 200))])}\n```"


def _sql_lineage(text: str) -> tuple[list[str], list[str]]:
    clean = re.sub(r"--[^\n]*", "", text)
    creates = [c.strip('"').lower() for c in _CREATES.findall(clean)]
    ctes = {c.lower() for c in _CTE.findall(clean)}
    reads = [r.strip('"').lower() for r in _READS.findall(clean)]
    reads = [r for r in dict.fromkeys(reads) if r not in ctes and r not in creates]
    return creates, reads


async def _plain_sql(req: ContextRequest) -> ContextResult:
    try:
        listing = await list_files(req.sandbox, ".", 4)
    except SandboxError:
        return ContextResult()
    files = [p for p in listing if p.endswith(".sql")][:40]
    if not files:
        return ContextResult()
    lineage: dict[str, tuple[list[str], list[str]]] = {}
    texts: dict[str, str] = {}
    for path in files:
        content = await _read(req.sandbox, path)
        if content is not None:
            texts[path] = content
            lineage[path] = _sql_lineage(content)
    creator = {table: path for path, (creates, _) in lineage.items() for table in creates}
    mentioned = "\n".join(
        [req.facts.excerpt, *(e.message for e in req.facts.errors), *(t.id for t in req.facts.failing_tests)]
    )
    words = {w.lower() for w in re.findall(r"[A-Za-z_]\w*", mentioned)}
    relevant = [path for table, path in creator.items() if table in words]
    upstream = [creator[r] for path in relevant for r in lineage[path][1] if r in creator]
    shown = list(dict.fromkeys([*relevant, *upstream]))[:6]
    sections = ["## SQL facts (computed by the harness just now, no model)", "### Lineage of the project's SQL files"]
    for path, (creates, reads) in lineage.items():
        sections.append(
            f"- {path}: creates {', '.join(creates) or '-'}; reads {', '.join(reads) or '-'}"
            + (" (named by the failure)" if path in relevant else "")
        )
    for path in shown:
        lines = texts[path].splitlines()
        sections.append(f"### {path}\n```sql\n{numbered(lines, [(1, min(len(lines), 120))])}\n```")
    return ContextResult("\n".join(sections))


async def sql(req: ContextRequest) -> ContextResult:
    """dbt projects: the failing model, its compiled SQL, the upstream relations' real columns (dbt
    manifest and catalog). Plain SQL projects: the lineage of the .sql files and the ones the failure names."""
    if await _read(req.sandbox, "dbt_project.yml") is not None:
        return await _dbt(req)
    return await _plain_sql(req)


PROVIDERS: dict[str, Provider] = {
    "file_regions": file_regions,
    "config_files": config_files,
    "dependencies": dependencies,
    "dockerfile": dockerfile,
    "sql": sql,
}

__all__ = ["PROVIDERS", "ContextRequest", "ContextResult", "ImageInspector", "Provider"]
