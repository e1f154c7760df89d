"""The facts as the model reads them: compact, typed, with original log line numbers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from remediate.diffs import fenced
from remediate.facts.meaning import MODULE_SEPARATORS, PYTHON_SEPARATORS, lies_below, missing_in
from remediate.models import Facts, OwnModule, Route, Severity


def _in_step(step: int | None, steps: Mapping[int, str] | None) -> str:
    """Where a record or failing test was printed: ` (step 3: `pytest`)`, numbered from 1 in log order;
    "" when the steps are not asked for or not known."""
    if steps is None or step is None:
        return ""
    title = steps.get(step)
    return f" (step {step + 1}: `{title}`)" if title else f" (step {step + 1})"


def failing_test_lines(
    facts: Facts, *, limit: int, message_chars: int | None = None, steps: Mapping[int, str] | None = None
) -> list[str]:
    """A "Failing tests" section, or nothing; with `steps` (Facts.step_titles), each test's CI step."""
    if not facts.failing_tests:
        return []
    lines = ["", "## Failing tests"]
    for t in facts.failing_tests[:limit]:
        said = f": {t.message[:message_chars]}" if t.message else ""
        lines.append(f"- {t.id}{_in_step(t.step, steps)}{said}")
    return lines


def error_lines(
    facts: Facts,
    *,
    limit: int,
    message_chars: int | None = None,
    steps: Mapping[int, str] | None = None,
    levels: bool = False,
) -> list[str]:
    """An "Errors" section (tool, code, file:line:column, message), or nothing; with `steps`
    (Facts.step_titles), each record's CI step; with `levels`, a warning's or a note's level
    (ErrorRecord.severity: the tool printed it in a run it may not have failed). The specialists' context
    asks for neither, so recorded conversations stay valid."""
    if not facts.errors:
        return []
    lines = ["", "## Errors"]
    for e in facts.errors[:limit]:
        where = ":".join(str(x) for x in (e.file, e.line, e.column) if x is not None)
        code = f" [{e.code}]" if e.code else ""
        code += f" ({e.severity.value})" if levels and e.severity is not Severity.ERROR else ""
        lines.append(f"- {e.tool}{code}{_in_step(e.step, steps)} {where} {e.message[:message_chars]}".rstrip())
        if e.repeats:
            places = f" at {', '.join(e.also_at)}" if e.also_at else ""
            examples = f"; e.g. {' | '.join(x[:message_chars] for x in e.examples)}" if e.examples else ""
            lines.append(f"  (and {e.repeats} more like it{places}{examples})")
    return lines


def command_lines(facts: Facts, check: str | None) -> list[str]:
    """The failing step's command block as the log shows it, the line of it that failed, and what the
    wrapper that line names ran (an npm script's own command, a tox session's)."""
    block = facts.failing_command
    if not block or block == check:
        return []
    lines = (
        [f"- command in the log: `{block}`"] if "\n" not in block else ["- command block in the log:", *fenced(block)]
    )
    if facts.failed_line and facts.failed_line != block:
        lines.append(f"- the line that failed: `{facts.failed_line}`")
    if facts.ran_command:
        lines.append(f"- what that line's wrapper ran (its own report or echo): `{facts.ran_command[:300]}`")
    return lines


# The own modules a prompt lists, at most: a monorepo's workspaces can be hundreds (manifests.MAX_MANIFESTS).
OWN_MODULES_SHOWN = 40


def own_module_lines(facts: Facts, limit: int = OWN_MODULES_SHOWN) -> list[str]:
    """An "own modules" section (RepoFacts.modules, from --source's manifests: each module's name as the code
    imports it, its ecosystem and manifest), or nothing. A tool's `Cannot find module '@shop/rates/lib/tariff'`,
    `no required module provides package example.com/shop/rates/tariff` or rustc's `unresolved import
    shop_rates::tariff` under one of them names the project's own code (moved, renamed, not built or linked),
    not a package to install, though no folder of the tree spells the name (packages/rates, crates/rates)."""
    modules = facts.repo.modules if facts.repo else []
    if not modules:
        return []
    lines = ["", "## The project's own modules (its manifests name them)"]
    lines += [f"- `{m.name}` ({m.ecosystem}: {m.manifest})" for m in _missing_first(facts, modules)[:limit]]
    if len(modules) > limit:
        lines.append(f"- (and {len(modules) - limit} more)")
    return lines


def _missing_first(facts: Facts, modules: Sequence[OwnModule]) -> list[OwnModule]:
    """The modules a missing name of the excerpt is or lies below first (`@shop/rates` for `Cannot find module
    '@shop/rates/lib/tariff'`, `shopcart` for `No module named 'shopcart.rates'`), then the others in order: past
    the bound, the one the failure names would otherwise be cut off."""
    said = {m.name for m in missing_in(facts.excerpt)}
    separators = (*MODULE_SEPARATORS, *PYTHON_SEPARATORS)  # a Python package's modules too (`shopcart.rates`)

    def named(module: OwnModule) -> bool:
        return any(name == module.name or lies_below(name, module.name, separators) for name in said)

    return sorted(modules, key=lambda m: not named(m))


def render_facts(facts: Facts, route: Route, check: str, extra: Sequence[str] = ()) -> str:
    """The first message: the facts, then what the specialist's context providers computed."""
    out: list[str] = ["# Failure facts (computed by the harness, no model involved)", ""]
    out.append(f"- check command: `{check}`")
    if facts.failing_step:
        out.append(f"- CI step: {facts.failing_step}")
    out += command_lines(facts, check)
    if facts.exit_code is not None:
        out.append(f"- exit code: {facts.exit_code}")
    out.append(f"- category: {facts.category.value} (confidence {facts.confidence:.2f}); route: {route.reason}")
    if route.language:
        out.append(f"- language: {route.language}")
    if facts.tools:
        out.append(f"- tools seen in the log: {', '.join(facts.tools)}")
    out += failing_test_lines(facts, limit=30)
    out += error_lines(facts, limit=40)
    if route.target_files:
        out += ["", "## Files the errors name", *[f"- {p}" for p in route.target_files]]
    out += own_module_lines(facts)
    if facts.excerpt:
        ranges = ", ".join(f"{r.start}-{r.end}" for r in facts.excerpt_lines)
        out += ["", f"## Log excerpt (original log lines {ranges})", *fenced(facts.excerpt)]
    if facts.redactions:
        out += ["", f"Secrets were redacted from the log: {sum(facts.redactions.values())} occurrence(s)."]
    for section in extra:
        if section.strip():
            out += ["", section.strip()]
    return "\n".join(out)


TASK = (
    "Find the root cause of this failure in the project and fix it with the smallest correct change. "
    "Use the facts above; run the check before you finish; then call finish."
)
