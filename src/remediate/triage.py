"""Routing a failure to a specialist: rules over facts first (no model)."""

from __future__ import annotations

from remediate.agents import SPECIALISTS
from remediate.models import Category, Facts, Route

# Facts below this confidence are not trusted to pick a specialist on their own.
RULE_CONFIDENCE = 0.5


def _target_files(facts: Facts) -> list[str]:
    named = facts.repo.files_named if facts.repo else []
    from_errors = [e.file for e in facts.errors if e.file]
    seen: dict[str, None] = dict.fromkeys([*named, *from_errors])
    return list(seen)[:20]


def route_by_rules(facts: Facts) -> Route | None:
    """A route when the facts are clear enough, else None (the caller falls back)."""
    if facts.confidence < RULE_CONFIDENCE and not facts.failing_tests:
        return None
    category = facts.category
    if facts.failing_tests and category in (Category.UNKNOWN, Category.TEST):
        category = Category.TEST
    for specialist in SPECIALISTS.values():
        if category in specialist.categories:
            return Route(
                category=category,
                specialist=specialist.name,
                target_files=_target_files(facts),
                reason=f"facts say {category.value} (confidence {facts.confidence:.2f})",
                decided_by="rules",
            )
    return None
