"""A specialist is data: a prompt, a small tool subset, a budget, a model, what it may write,
the deterministic fixers that run before any model call, the context providers that compute
extra facts before the loop, and how its fix is verified."""

from __future__ import annotations

import shlex
from collections.abc import Collection, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from remediate.globs import matches
from remediate.models import Budget, Category, CheckSpec
from remediate.tools import DEFAULT_PROTECTED, PathPolicy, ToolName
from remediate.verify import PatchRule, added_line_findings, own_rules

FILES = "{files}"


def from_log_safely(path: str) -> bool:
    """Whether a file name read from the log may stand for a file of the tree: never empty, an option,
    an absolute path, an escape or a NUL."""
    return bool(path) and not path.startswith(("/", "-")) and ".." not in path.split("/") and "\x00" not in path


class PrefixStep(BaseModel):
    """One deterministic fixer. It runs only when the route's category and the tools that
    failed say it applies, and only on the files the failure names (minus protected ones):
    a prefix never reformats or rewrites files the failure did not mention."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    argv: tuple[str, ...] = Field(description=f"command; the argument {FILES!r} expands to the target files")
    categories: tuple[Category, ...] = Field(default=(), description="run only for these categories (empty: any)")
    tools: tuple[str, ...] = Field(
        default=(), description="run only when one of these tools failed (facts) or is the check (empty: any)"
    )
    description: str = ""

    def applies(self, category: Category, tools: Sequence[str], check: CheckSpec) -> bool:
        if self.categories and category not in self.categories:
            return False
        if not self.tools:
            return True
        return any(tool in tools or check.mentions(tool) for tool in self.tools)

    def command(self, files: Sequence[str]) -> list[str] | None:
        """The argv to run, or None when it needs target files and there are none."""
        if FILES not in self.argv:
            return list(self.argv)
        if not files:
            return None
        out: list[str] = []
        for arg in self.argv:
            out.extend(files if arg == FILES else [arg])
        return out

    def render(self, files: Sequence[str]) -> str:
        argv = self.command(files)
        return shlex.join(argv) if argv is not None else ""


class Specialist(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    prompt: str = Field(description="file name in prompts/")
    description: str = Field(default="", description="one line the triage agent reads to choose a specialist")
    categories: tuple[Category, ...]
    tools: tuple[ToolName, ...]
    budget: Budget = Field(default_factory=Budget)
    writable: tuple[str, ...] | None = None
    protected: tuple[str, ...] = DEFAULT_PROTECTED
    prefix: tuple[PrefixStep, ...] = Field(default=(), description="deterministic fixers run before the model")
    context: tuple[str, ...] = Field(
        default=(),
        description="context providers (agents/providers.py) run before the loop; their text joins the facts",
    )
    install: str | None = Field(
        default=None,
        description="shell command re-run before every check of this specialist (its own run_check and the "
        "verification), e.g. the dependency install step",
    )
    forbidden: tuple[tuple[str, str], ...] = Field(
        default=(),
        description="(name, regex) pairs an added line may not match, on top of the harness's symptom guard",
    )
    model: str | None = Field(default=None, description="default model; a run's --model overrides it")
    writes: Literal["sources", "build", "declarations", "own"] = Field(
        default="own",
        description="what it may write in the failure's language (agents/languages.py): its sources, sources and "
        "build files, dependency declarations, or its own `writable` whatever the language",
    )
    language: str | None = Field(default=None, description="set by languages.specialize: the failure's language")

    def policy(self, allow_edit: tuple[str, ...] = ()) -> PathPolicy:
        return PathPolicy(protected=self.protected, allow_edit=allow_edit, writable=self.writable)

    def rules(self, paths: Collection[str] | None = None) -> list[PatchRule]:
        """This specialist's own rules for verification (e.g. no `Any` for types); `paths`: only
        in these files (the ones its stage changed)."""
        return own_rules(self.name, self.forbidden, paths)

    def forbidden_findings(self, patch: str, paths: Collection[str] | None = None) -> list[str]:
        """Added lines that break this specialist's own rules."""
        return added_line_findings(patch, self.rules(paths))

    def prefix_files(self, targets: Sequence[str], allow_edit: tuple[str, ...] = ()) -> list[str]:
        """Target files a deterministic fixer may touch: writable for this specialist, not protected."""
        policy = self.policy(allow_edit)
        out: list[str] = []
        for path in targets:
            if not from_log_safely(path):
                continue
            if policy.is_protected(path) is not None:
                continue
            if self.writable is not None and matches(path, self.writable) is None:
                continue
            out.append(path)
        return out
