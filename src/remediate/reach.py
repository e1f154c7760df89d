"""Failures out of remediate's reach, decided from the facts alone, before any model call or sandbox.

Two kinds end a `fix` early (`refused`, with one line saying what and why):
- every error record lies in a file the specialist may not write (its protected paths, as the run
  applies them, --allow-edit included): a workflow file actionlint or GitHub itself rejects is in
  `.github/**`, which remediate never edits, since a model editing workflows could grant itself
  the job's permissions and secrets. Only records of kinds whose fix is the named file itself
  (config, lint, format) count: a failing test in tests/** is evidence against the code under test,
  which is what gets fixed, and a compile or type error in a protected file may come from a
  writable one it uses.
- the job lacks a setting, a secret or a token permission (facts/parsers/github_access.py), or a
  credential another tool uses (git's, ssh's, the AWS CLI's, docker login's: facts/parsers/credentials.py), or
  a package registry refused the publish's token (npm's, twine's, cargo's: facts/parsers/publish.py): no edit
  of the repository fixes that.
When the facts are not that clear (a failing test, an error without a file, any writable file named)
the run goes on as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from remediate.facts.meaning import missing_of
from remediate.facts.parsers import credentials, github_access, precommit, publish
from remediate.globs import matches
from remediate.models import Category, ErrorRecord, Facts
from remediate.tools import CI_CONFIG_PATHS, PathPolicy

# Record kinds whose fix is an edit of the file they name.
LOCAL_KINDS = frozenset({Category.CONFIG, Category.LINT, Category.FORMAT})
SHOWN = 3  # files or settings named in the one line
# What a setting record says the job needs, by its tool and code: each code with the tool whose record says it
# (each module's TOOL_OF), so a code is one tool's word only.
_NEEDS: dict[tuple[str, str], str] = {
    (tool_of[code], code): need
    for tool_of, needs in (
        (github_access.TOOL_OF, github_access.SETTING_CODES),
        (credentials.TOOL_OF, credentials.SETTING_CODES),
        (publish.REFUSED_TOOL_OF, publish.REFUSED_CODES),
        (publish.REGISTRY_TOOL_OF, publish.REGISTRY_CODES),
    )
    for code, need in needs.items()
}


@dataclass(frozen=True)
class OutOfReach:
    """Why no run of remediate can fix this failure: `message` for the report, `detail` for its event."""

    message: str
    detail: str


@dataclass(frozen=True)
class Writer:
    """Who would fix the failure (a specialist's name) and what it may not write."""

    name: str
    policy: PathPolicy


def out_of_reach(facts: Facts, writers: Sequence[Writer]) -> OutOfReach | None:
    """The reason this failure cannot be fixed by editing what `writers` may write; None: try."""
    if facts.failing_tests:
        return None
    return _needs_setting(facts) or _protected_only(facts, writers)


def _voting(facts: Facts) -> list[ErrorRecord]:
    return [e for e in facts.errors if e.votes]


def _located(records: list[ErrorRecord]) -> list[ErrorRecord]:
    """Records that say where the failure is: pre-commit's own `hook X failed` line stands for the
    records of tool X when they are there (the hook's output), so it is not a failure of its own."""
    tools = {e.tool for e in records if e.file}
    return [e for e in records if not (e.tool == precommit.PARSER.tool and e.file is None and e.code in tools)]


def _need(err: ErrorRecord) -> str | None:
    """What the job lacks, if the record says it lacks a setting or a credential."""
    return _NEEDS.get((err.tool, err.code or ""))


def _module_key(name: str) -> str:
    return name.split(".")[0].replace("-", "_").lower()


def _caused_steps(records: list[ErrorRecord], refused: list[ErrorRecord]) -> frozenset[int]:
    """The steps that failed on a module a refused clone was to provide (`Cloning into 'vendor/pricing_rules'...`
    refused, then `No module named 'pricing_rules'`): the refusal's consequence, not a failure of their own."""
    cloned = {_module_key(name) for e in refused if (name := credentials.refused_clone(e.message))}
    if not cloned:
        return frozenset()
    missing = [(e, missing_of(e.message)) for e in records if e.step is not None]
    return frozenset(
        e.step for e, m in missing if m is not None and _module_key(m.name) in cloned and e.step is not None
    )


def _needs_setting(facts: Facts) -> OutOfReach | None:
    """Every record is GitHub's own word that the job lacks a setting, or a tool's that it lacks a credential
    (or another tool's reading of the same line, as an untitled `::error::` annotation), or lies in a step that
    failed on the module a refused clone was to provide (_caused_steps)."""
    records = _voting(facts)
    settings = [(e, need) for e in records if (need := _need(e))]
    lines = {e.log_line for e, _ in settings}
    caused = _caused_steps(records, [e for e, _ in settings])
    if not settings or any(e.log_line not in lines and e.step not in caused for e in records):
        return None
    needs = list(dict.fromkeys(need for _, need in settings))
    said = "; ".join(dict.fromkeys(e.message for e, _ in settings))
    message = (
        f"the job needs {' and '.join(needs)}: the log says {said[:300]!r}. That is a repository setting, "
        "a secret or the workflow's own configuration, not a change to the code: remediate does not edit "
        "it; fix it in the repository's settings or the workflow"
    )
    return OutOfReach(message, f"setting: {said[:200]}")


def _protected_only(facts: Facts, writers: Sequence[Writer]) -> OutOfReach | None:
    """Every record is a finding about a file that every writer of the route may not write."""
    records = _located(_voting(facts))
    if not records or not writers:
        return None
    hits: dict[str, str] = {}
    for err in records:
        hit = _protected_for_all(err, writers)
        if hit is None:
            return None
        hits.setdefault(err.file or "", hit)
    files = list(hits)
    shown = ", ".join(f"{f} (matches {hits[f]!r})" for f in files[:SHOWN])
    more = f" and {len(files) - SHOWN} more" if len(files) > SHOWN else ""
    who = f"the {writers[0].name} specialist" if len(writers) == 1 else "no specialist"
    ci = any(matches(f, CI_CONFIG_PATHS) for f in files)
    why = (
        " CI configuration runs with the job's token and secrets, so a model editing it could grant itself both;"
        if ci
        else ""
    )
    message = (
        f"every error of this failure is in a protected file {who} may not edit: {shown}{more};{why} "
        "remediate will not edit it. Fix it by hand, or open it for one run with --allow-edit GLOB"
    )
    return OutOfReach(message, f"protected: {', '.join(files[:SHOWN])}{more}")


def _protected_for_all(err: ErrorRecord, writers: Sequence[Writer]) -> str | None:
    """The protected pattern the record's file matches for every writer; None: some writer may edit
    it, or the record is not a finding whose fix is its own file."""
    if err.file is None or err.file.startswith("/") or err.category not in LOCAL_KINDS:
        return None
    hits = [w.policy.is_protected(err.file) for w in writers]
    if any(hit is None for hit in hits):
        return None
    return hits[0]
