"""pre-commit: which hooks failed, and what kind of check each one is."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Regex, Rule, scan_with, state
from remediate.facts.parsers.handlers import evidence
from remediate.facts.view import View
from remediate.models import Category

# What a hook id says about the check it runs (first match wins). The check-yaml/toml/json/xml hooks fail
# only on a file that does not parse (the configuration specialist's work, whoever reports it); yamllint is
# a linter whose findings are mostly style on files that parse (lint), and its own `syntax` records say when
# a file does not (doclint.SYNTAX_RULE).
_KINDS: tuple[tuple[Regex, Category], ...] = (
    (Regex(r"format|fmt|prettier|black|isort|end-of-file|trailing-whitespace|mixed-line"), Category.FORMAT),
    (Regex(r"mypy|pyright|tsc|typecheck|type-check|compile"), Category.TYPE),
    (Regex(r"check-(?:yaml|toml|json|xml)|actionlint|check-jsonschema"), Category.CONFIG),
    (Regex(r"hadolint|dockerfile"), Category.DOCKERFILE),
    (Regex(r"sqlfluff|sql"), Category.SQL),
    (Regex(r"pytest|test"), Category.TEST),
)


def hook_category(hook_id: str) -> Category:
    for pattern, category in _KINDS:
        if pattern.search(hook_id.lower()):
            return category
    return Category.LINT


@state
class _Hooks:
    found: Findings = field(default_factory=lambda: Findings(tool="pre-commit"))
    failed: tuple[int, str] | None = None  # (line, name) of the failed hook whose details follow
    categories: list[Category] = field(default_factory=list)

    def after_failed(self, _no: int) -> bool:
        return self.failed is not None


def _hook(st: _Hooks, no: int, m: re.Match[str]) -> None:
    st.found.seen = True
    if m.group("verdict") == "Failed":
        st.failed = (no, m.group("name").strip())
        st.found.mark(no, 10.0)
    else:
        st.failed = None


def _hook_id(st: _Hooks, no: int, m: re.Match[str]) -> None:
    assert st.failed is not None
    hook = m.group(1)
    category = hook_category(hook)
    st.categories.append(category)
    st.found.error(st.failed[0], f"hook {hook} failed ({st.failed[1]})", code=hook, weight=10.0, category=category)
    st.found.mark(no, 9.0)


_RULES = LineRules[_Hooks](
    # (a greedy name that ends short of the dots: a lazy one ran over a long run of spaces or dots from each of
    # its places, quadratic on a line that ends in a verdict but has no dots before it)
    Rule(
        r"^(?P<name>.*[^\s.])\s*+\.{3,}+\s*+(?:\(no files to check\))?(?P<verdict>Passed|Failed|Skipped)$",
        _hook,
        ends=("Passed", "Failed", "Skipped"),
    ),
    Rule(r"^- hook id: (\S+)$", _hook_id, starts="- ", when=_Hooks.after_failed),
    Rule(
        r"^- (exit code: \d+|files were modified by this hook)$", evidence(8.0), starts="- ", when=_Hooks.after_failed
    ),
)


def _finish(st: _Hooks, _view: View) -> Findings:
    if st.categories:
        # The parser's verdict is the kind of the first failing hook; the hooks' own tools
        # (ruff, mypy...) are parsed by their own parsers from the same lines.
        st.found.category = st.categories[0]
    return st.found


PARSER = Parser(tool="pre-commit", category=Category.LINT, parse=scan_with(_RULES, lambda _view: _Hooks(), _finish))
