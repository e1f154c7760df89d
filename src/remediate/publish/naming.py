"""Branch names are computed here, from typed facts, never taken from model text.

`remediate/<slug>-<key8>`: the slug says what failed (route category and failing test or file,
reduced to `[a-z0-9-]`, at most 40 characters), the suffix is the idempotency key's first 8 hex
digits, so that a later run for the same failure computes the same name.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable
from pathlib import PurePosixPath

from remediate.keys import short_key
from remediate.models import FixReport

PREFIX = "remediate/"
SLUG_MAX = 40
BRANCH_RE = re.compile(r"^remediate/[a-z0-9]+(?:-[a-z0-9]+)*-[0-9a-f]{8}$")

_NON_SLUG = re.compile(r"[^a-z0-9]+")


class BranchRefused(Exception):
    """Writing this branch is not allowed; raised before any network call that writes."""


def sanitize(text: str, limit: int = SLUG_MAX) -> str:
    """Lowercase, `[a-z0-9-]` only, no leading/trailing/double dash, cut at a dash within `limit`."""
    slug = _NON_SLUG.sub("-", text.lower()).strip("-")
    if len(slug) > limit:
        cut = slug[:limit]
        slug = cut.rsplit("-", 1)[0] if "-" in cut[limit // 2 :] else cut
        slug = slug.strip("-")
    return slug


def _subject(report: FixReport) -> str:
    """The most specific thing that failed: a test function, else the file an error names."""
    facts = report.facts
    if facts is not None:
        for test in facts.failing_tests:
            name = test.id.split("::")[-1].split("[")[0]
            if name:
                return name
        for error in facts.errors:
            if error.file:
                return PurePosixPath(error.file).stem
    if report.route is not None and report.route.target_files:
        return PurePosixPath(report.route.target_files[0]).stem
    if report.changed_files:
        return PurePosixPath(report.changed_files[0]).stem
    return ""


def slug_for(report: FixReport) -> str:
    category = report.route.category.value if report.route is not None else ""
    if not category and report.facts is not None:
        category = report.facts.category.value
    slug = sanitize(f"{category or 'fix'} {_subject(report)}")
    return slug or "fix"


def branch_name(report: FixReport, key: str) -> str:
    name = f"{PREFIX}{slug_for(report)}-{short_key(key)}"
    if not BRANCH_RE.match(name):  # the construction guarantees it; keep the guarantee checked
        raise BranchRefused(f"computed branch name {name!r} is malformed")
    return name


def matches(branch: str, patterns: Iterable[str]) -> str | None:
    """The first pattern (exact name or fnmatch glob) the branch matches, case-insensitively."""
    lowered = branch.lower()
    for pattern in patterns:
        p = pattern.strip().lower()
        if p and (lowered == p or fnmatch.fnmatchcase(lowered, p)):
            return pattern
    return None


def ensure_writable(branch: str, *, protected: Iterable[str], default_branch: str | None, base: str | None) -> None:
    """Refuse any branch that is not ours, or that is the default, the base or a protected branch."""
    if not BRANCH_RE.match(branch):
        raise BranchRefused(f"refusing to write {branch!r}: only remediate/<slug>-<key8> branches are written")
    for name, what in ((default_branch, "the default branch"), (base, "the pull request's base")):
        if name and branch.lower() == name.lower():
            raise BranchRefused(f"refusing to write {branch!r}: it is {what}")
    hit = matches(branch, protected)
    if hit is not None:
        raise BranchRefused(f"refusing to write {branch!r}: it matches the protected pattern {hit!r}")


def ensure_base_allowed(base: str) -> None:
    """A fix of remediate's own branch would feed the agent its own output: refused (the breaker agrees)."""
    if base.lower().startswith(PREFIX):
        raise BranchRefused(f"refusing to publish onto {base!r}: it is one of remediate's own branches")
