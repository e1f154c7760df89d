"""The tool surface the model sees, and its enforcement.

Every input is a pydantic model (its JSON schema is what the API receives), validated before
anything runs. Every failure becomes a readable `is_error` result, never an exception the
loop has to survive. Paths go through the sandbox's rules; protected paths are read-only
unless the run allows them; every output is capped and redacted before the model sees it.
"""

from __future__ import annotations

import ast
import enum
import hashlib
import json
import re
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import anyio
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from remediate.errors import RemediateError, validation_text
from remediate.facts import capping
from remediate.facts.reader import strip_ansi
from remediate.facts.redact import Redactor
from remediate.globs import matches
from remediate.models import Limits
from remediate.sandbox.base import Sandbox, SandboxError, normalize_relpath
from remediate.sandbox.tree import list_files, search
from remediate.testconfig import TEST_CONFIG_PATHS, has_test_sections, test_config_changes

# CI configuration: a job runs it with the repository's token and secrets, so a model that edits it
# could grant itself what the job may do. Protected by default (below); remediate/reach.py names it.
CI_CONFIG_PATHS: tuple[str, ...] = (
    ".github/**",
    ".gitlab-ci.yml",
    ".gitlab/**",
    ".circleci/**",
    ".travis.yml",
    "Jenkinsfile",
    "azure-pipelines.yml",
    "bitbucket-pipelines.yml",
    ".buildkite/**",
    # the other CIs whose logs the facts read: Cloud Build, CodeBuild (its default buildspec), TeamCity's versioned
    # settings, Drone and Woodpecker
    "cloudbuild.yaml",
    "cloudbuild.yml",
    "cloudbuild.json",
    "buildspec.yml",
    "buildspec.yaml",
    ".teamcity/**",
    ".drone.yml",
    ".drone.yaml",
    ".woodpecker.yml",
    ".woodpecker.yaml",
    ".woodpecker/**",
)
# Paths no specialist may write unless the run opts in with --allow-edit.
DEFAULT_PROTECTED: tuple[str, ...] = (
    "tests/**",
    "test/**",
    "test_*.py",
    "*_test.py",
    "conftest.py",
    *CI_CONFIG_PATHS,
    "*.lock",
    "package-lock.json",
    "pnpm-lock.yaml",
    "go.sum",
    ".git/**",
    ".remediate.toml",
    *TEST_CONFIG_PATHS,
)

MAX_OUTPUT_CHARS = 12_000
MAX_READ_LINES = 400
# A check always gets at least this long, even when the wall-time budget is nearly spent.
MIN_CHECK_TIMEOUT_S = 1.0
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ToolName(enum.StrEnum):
    READ_FILE = "read_file"
    LIST_FILES = "list_files"
    SEARCH = "search"
    EDIT_FILE = "edit_file"
    WRITE_FILE = "write_file"
    RUN_CHECK = "run_check"
    FINISH = "finish"


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ReadFileInput(_Input):
    """Read a text file of the project, with line numbers."""

    path: str = Field(description="Path relative to the project root, e.g. src/pkg/module.py")
    start_line: int = Field(default=1, ge=1, description="First line to show (1-based)")
    end_line: int | None = Field(default=None, ge=1, description="Last line to show (inclusive)")


class ListFilesInput(_Input):
    """List files and directories (directories end with '/')."""

    path: str = Field(default=".", description="Directory relative to the project root")
    depth: int = Field(default=2, ge=1, le=6)


class SearchInput(_Input):
    """Search project files for a Python regular expression."""

    pattern: str = Field(min_length=1, max_length=500)
    glob: str | None = Field(default=None, description="Only files matching this glob, e.g. '*.py'")


class EditFileInput(_Input):
    """Replace one exact occurrence of old_text with new_text in a file."""

    path: str
    old_text: str = Field(min_length=1, description="Exact text to replace; must occur exactly once")
    new_text: str


class WriteFileInput(_Input):
    """Create a file or replace its whole content."""

    path: str
    content: str


class RunCheckInput(_Input):
    """Run the project's configured check command (the failing CI check). Takes no arguments."""


class FinishInput(_Input):
    """Declare the work done (or abandoned) and explain the root cause."""

    root_cause: str = Field(min_length=1, max_length=2000, description="The root cause, in one or two sentences")
    summary: str = Field(min_length=1, max_length=4000, description="What you changed and why it fixes the cause")
    fixed: bool = Field(description="True only if your last run_check passed after your change")


class ToolFailure(RemediateError):
    """A tool call the model can correct: becomes an is_error tool_result."""


@dataclass(frozen=True)
class PathPolicy:
    protected: tuple[str, ...] = DEFAULT_PROTECTED
    allow_edit: tuple[str, ...] = ()
    writable: tuple[str, ...] | None = None  # None: anything not protected

    def check_write(self, path: str) -> None:
        rel = normalize_relpath(path)
        hit = matches(rel, self.protected)
        if hit and not matches(rel, self.allow_edit):
            raise ToolFailure(
                f"{rel} is protected (matches {hit!r}) and is read-only in this run. "
                "Fix the code under test, not the tests, CI config or lock files."
            )
        if self.writable is not None and not matches(rel, self.writable):
            raise ToolFailure(f"{rel} is outside the files this specialist may change: {', '.join(self.writable)}")

    def is_protected(self, path: str) -> str | None:
        hit = matches(path, self.protected)
        return None if hit is None or matches(path, self.allow_edit) else hit


@runtime_checkable
class ResolvesTargets(Protocol):
    """A sandbox that can say which file a path really names (after symlinks inside the tree)."""

    def target(self, path: str) -> str: ...


@dataclass
class ToolOutcome:
    content: str
    is_error: bool = False
    truncated: bool = False
    redactions: int = 0
    exit_code: int | None = None
    finish: FinishInput | None = None
    invalid: bool = False  # an unknown tool or arguments that do not fit the schema


@dataclass
class CheckCommand:
    argv: list[str]
    limits: Limits = field(default_factory=Limits)


@dataclass
class ToolState:
    """What the tools observed, for the loop and the report."""

    contents: dict[str, str] = field(default_factory=dict)  # path -> sha256 of what the tools wrote

    def wrote(self, path: str, text: str) -> None:
        rel = normalize_relpath(path)
        self.contents[rel] = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    def fingerprint(self) -> str:
        """The workspace as the tools left it: equal when the same content is back."""
        return hashlib.sha256(json.dumps(sorted(self.contents.items())).encode()).hexdigest()[:16]


Handler = Callable[["Toolbox", Any], Awaitable[ToolOutcome]]


@dataclass(frozen=True)
class ToolSpec:
    name: ToolName
    input_model: type[_Input]
    handler: Handler

    def definition(self) -> dict[str, Any]:
        schema = self.input_model.model_json_schema()
        schema.pop("title", None)
        description = (self.input_model.__doc__ or "").strip()
        return {"name": self.name.value, "description": description, "input_schema": schema}


def cap(text: str, limit: int = MAX_OUTPUT_CHARS) -> tuple[str, bool]:
    """Keep the head and the tail: CI output has its cause near the end, its context near the start."""
    return capping.cap(text, limit)


def _numbered(text: str, start: int, end: int | None) -> tuple[str, bool]:
    lines = text.splitlines()
    total = len(lines)
    last = min(end or total, total, start + MAX_READ_LINES - 1)
    if start > max(total, 1):
        raise ToolFailure(f"start_line {start} is past the end of the file ({total} lines)")
    width = len(str(last))
    body = "\n".join(f"{n:>{width}}| {lines[n - 1]}" for n in range(start, last + 1))
    more = last < (end or total)
    if more:
        body += f"\n[showing lines {start}-{last} of {total}; ask for start_line={last + 1} to read on]"
    return body, more


def _syntax_error(path: str, text: str) -> str | None:
    """Edits to Python files are checked at edit time: a broken file is never left behind."""
    if not path.endswith(".py"):
        return None
    try:
        ast.parse(text, filename=path)
    except SyntaxError as exc:
        return f"SyntaxError at line {exc.lineno}: {exc.msg}"
    return None


async def _read_file(box: Toolbox, args: ReadFileInput) -> ToolOutcome:
    text = await box.sandbox.read(args.path)
    body, more = _numbered(text, args.start_line, args.end_line)
    return ToolOutcome(body or "(empty file)", truncated=more)


async def _list_files(box: Toolbox, args: ListFilesInput) -> ToolOutcome:
    entries = await list_files(box.sandbox, args.path, args.depth)
    return ToolOutcome("\n".join(entries) if entries else "(no files)")


async def _search(box: Toolbox, args: SearchInput) -> ToolOutcome:
    found = await search(box.sandbox, args.pattern, args.glob)
    if not found:
        return ToolOutcome("no matches")
    return ToolOutcome("\n".join(f"{m.path}:{m.line}: {m.text}" for m in found))


def _check_write(box: Toolbox, path: str) -> None:
    """The policy holds for the path as given and for the file it really names: a symlink
    inside the tree (src/helper.py -> ../tests/test_x.py) must not open a protected file."""
    box.policy.check_write(path)
    if isinstance(box.sandbox, ResolvesTargets):
        real = box.sandbox.target(path)
        if real != normalize_relpath(path):
            box.policy.check_write(real)


def _check_test_sections(box: Toolbox, path: str, old: str | None, new: str) -> None:
    """pyproject.toml / package.json / setup.cfg: their test and lint sections are read-only."""
    rel = normalize_relpath(path)
    if matches(rel, box.policy.allow_edit):
        return
    if changes := test_config_changes(rel, old, new):
        raise ToolFailure(
            "; ".join(changes) + ". Test selection and test/lint settings are read-only in this run: "
            "fix the code, not which tests run or how they are judged. Nothing was written."
        )


async def _edit_file(box: Toolbox, args: EditFileInput) -> ToolOutcome:
    _check_write(box, args.path)
    text = await box.sandbox.read(args.path)
    count = text.count(args.old_text)
    if count == 0:
        raise ToolFailure(
            f"old_text was not found in {args.path}. Read the file again and copy the text exactly, "
            "including indentation."
        )
    if count > 1:
        raise ToolFailure(f"old_text occurs {count} times in {args.path}; include more surrounding lines")
    new = text.replace(args.old_text, args.new_text, 1)
    if problem := _syntax_error(args.path, new):
        raise ToolFailure(f"edit rejected, the file would not parse: {problem}. The file is unchanged.")
    _check_test_sections(box, args.path, text, new)
    await box.sandbox.write(args.path, new)
    box.state.wrote(args.path, new)
    line = text[: text.index(args.old_text)].count("\n") + 1
    return ToolOutcome(f"edited {args.path} at line {line}")


async def _write_file(box: Toolbox, args: WriteFileInput) -> ToolOutcome:
    _check_write(box, args.path)
    if problem := _syntax_error(args.path, args.content):
        raise ToolFailure(f"write rejected, the file would not parse: {problem}. Nothing was written.")
    if has_test_sections(args.path):
        try:
            old: str | None = await box.sandbox.read(args.path)
        except SandboxError:
            old = None
        _check_test_sections(box, args.path, old, args.content)
    await box.sandbox.write(args.path, args.content)
    box.state.wrote(args.path, args.content)
    return ToolOutcome(f"wrote {args.path} ({len(args.content.splitlines())} lines)")


async def _run_check(box: Toolbox, _: RunCheckInput) -> ToolOutcome:
    limits = box.check.limits
    if box.deadline is not None:
        # A check never outlives the wall-time budget by more than MIN_CHECK_TIMEOUT_S.
        left = max(box.deadline - time.monotonic(), MIN_CHECK_TIMEOUT_S)
        if left < limits.timeout_s:
            limits = limits.model_copy(update={"timeout_s": left})
    result = await box.sandbox.run(box.check.argv, limits)
    verdict = "TIMED OUT" if result.timed_out else ("PASSED" if result.exit_code == 0 else "FAILED")
    header = f"check {verdict} (exit code {result.exit_code}, {result.duration_s:.1f}s)"
    return ToolOutcome(f"{header}\n{result.output}", exit_code=result.exit_code)


async def _finish(box: Toolbox, args: FinishInput) -> ToolOutcome:
    return ToolOutcome("finished", finish=args)


TOOL_SPECS: dict[ToolName, ToolSpec] = {
    spec.name: spec
    for spec in (
        ToolSpec(ToolName.READ_FILE, ReadFileInput, _read_file),
        ToolSpec(ToolName.LIST_FILES, ListFilesInput, _list_files),
        ToolSpec(ToolName.SEARCH, SearchInput, _search),
        ToolSpec(ToolName.EDIT_FILE, EditFileInput, _edit_file),
        ToolSpec(ToolName.WRITE_FILE, WriteFileInput, _write_file),
        ToolSpec(ToolName.RUN_CHECK, RunCheckInput, _run_check),
        ToolSpec(ToolName.FINISH, FinishInput, _finish),
    )
}


@dataclass
class Toolbox:
    """The tools one specialist may use, bound to one sandbox and one check."""

    sandbox: Sandbox
    check: CheckCommand
    names: Sequence[ToolName]
    policy: PathPolicy = field(default_factory=PathPolicy)
    redactor: Redactor = field(default_factory=Redactor)
    state: ToolState = field(default_factory=ToolState)
    deadline: float | None = None  # time.monotonic() by which run_check must be done

    def definitions(self) -> list[dict[str, Any]]:
        return [TOOL_SPECS[name].definition() for name in self.names]

    async def execute(self, name: str, raw_input: object) -> ToolOutcome:
        """Run one tool call. Never raises for anything the model did wrong."""
        try:
            tool = ToolName(name)
        except ValueError:
            tool = None
        if tool is None or tool not in self.names:
            offered = ", ".join(n.value for n in self.names)
            shown = name if len(name) <= 100 else name[:100] + "…"
            return await self._finalize(
                ToolOutcome(f"unknown tool {shown!r}; the tools are: {offered}", is_error=True, invalid=True)
            )
        spec = TOOL_SPECS[tool]
        try:
            args = spec.input_model.model_validate(raw_input)
        except ValidationError as exc:
            problems = validation_text(exc)
            invalid = ToolOutcome(f"invalid input for {name}: {problems}", is_error=True, invalid=True)
            return await self._finalize(invalid)
        try:
            outcome = await spec.handler(self, args)
        except (ToolFailure, SandboxError) as exc:
            outcome = ToolOutcome(str(exc), is_error=True)
        except OSError as exc:
            # Whatever the host says (EACCES from a planted /proc link, ENAMETOOLONG...), the model
            # may read it and try something else; never the host path (strerror has none).
            outcome = ToolOutcome(f"{name} failed: {exc.strerror or type(exc).__name__}", is_error=True)
        return await self._finalize(outcome)

    async def _finalize(self, outcome: ToolOutcome) -> ToolOutcome:
        # Redaction is CPU work on up to megabytes: off the event loop, so leases and timers run.
        return await anyio.to_thread.run_sync(self._finalize_sync, outcome)

    def _finalize_sync(self, outcome: ToolOutcome) -> ToolOutcome:
        before = sum(self.redactor.counts.values())
        text = outcome.content
        if outcome.exit_code is not None:
            text = clean_output(text)
        # Capped before redacting (the cut never splits a secret), so a huge output costs little.
        outcome.content, capped = capping.redact_capped(text, self.redactor, MAX_OUTPUT_CHARS)
        outcome.redactions = sum(self.redactor.counts.values()) - before
        outcome.truncated = outcome.truncated or capped
        return outcome


def scrub(text: str, redactor: Redactor, *, command_output: bool) -> str:
    """What a tool result may show the model. Command output loses escape codes and carriage
    returns first (progress frames run together), so a secret split by a colour code or a
    `\r` is whole again when the redactor sees it (file contents are shown as they are)."""
    if command_output:
        text = clean_output(text)
    return redactor.redact(text)


def clean_output(text: str) -> str:
    return _CONTROL.sub("", strip_ansi(text).replace("\r\n", "\n").replace("\r", ""))


def canonical_args(raw_input: object) -> str:
    """Arguments as a stable string, for loop detection."""
    try:
        return json.dumps(raw_input, sort_keys=True, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(raw_input)
