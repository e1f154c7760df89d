"""pre-commit: which hooks failed, and what kind of check each one is."""

from __future__ import annotations

import re

from remediate.facts.parsers.base import Findings, Parser
from remediate.facts.view import View
from remediate.models import Category

_HOOK = re.compile(r"^(.+?)\s*\.{3,}\s*(?:\(no files to check\))?(Passed|Failed|Skipped)$")
_HOOK_ID = re.compile(r"^- hook id: (\S+)$")
_DETAIL = re.compile(r"^- (exit code: \d+|files were modified by this hook)$")
# What a hook id says about the check it runs (first match wins).
_KINDS: tuple[tuple[re.Pattern[str], Category], ...] = (
    (re.compile(r"format|fmt|prettier|black|isort|end-of-file|trailing-whitespace|mixed-line"), Category.FORMAT),
    (re.compile(r"mypy|pyright|tsc|typecheck|type-check|compile"), Category.TYPE),
    (re.compile(r"check-(?:yaml|toml|json|xml)|yamllint|actionlint|check-jsonschema"), Category.CONFIG),
    (re.compile(r"hadolint|dockerfile"), Category.DOCKERFILE),
    (re.compile(r"sqlfluff|sql"), Category.SQL),
    (re.compile(r"pytest|test"), Category.TEST),
)


def hook_category(hook_id: str) -> Category:
    for pattern, category in _KINDS:
        if pattern.search(hook_id.lower()):
            return category
    return Category.LINT


def parse(view: View) -> Findings:
    found = Findings(tool="pre-commit")
    failed: tuple[int, str] | None = None
    categories: list[Category] = []
    for line in view.lines:
        text = line.text
        if not text:
            continue
        if text.endswith(("Passed", "Failed", "Skipped")) and "..." in text:
            m = _HOOK.match(text)
            if m:
                found.seen = True
                if m.group(2) == "Failed":
                    failed = (line.no, m.group(1).strip())
                    found.mark(line.no, 10.0)
                else:
                    failed = None
                continue
        if failed is not None and text.startswith("- "):
            m = _HOOK_ID.match(text)
            if m:
                hook = m.group(1)
                categories.append(hook_category(hook))
                found.error(failed[0], f"hook {hook} failed ({failed[1]})", code=hook, weight=10.0)
                found.mark(line.no, 9.0)
                continue
            if _DETAIL.match(text):
                found.mark(line.no, 8.0)
    if categories:
        # The parser's verdict is the kind of the first failing hook; the hooks' own tools
        # (ruff, mypy...) are parsed by their own parsers from the same lines.
        found.category = categories[0]
    return found


PARSER = Parser(tool="pre-commit", category=Category.LINT, parse=parse)
