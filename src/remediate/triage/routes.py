"""Which specialist a category goes to, and which categories share one (not rivals)."""

from __future__ import annotations

from remediate.agents import SPECIALISTS, Specialist
from remediate.models import Category, Facts


def specialist_for(category: Category) -> Specialist | None:
    for specialist in SPECIALISTS.values():
        if category in specialist.categories:
            return specialist
    return None


def same_route(one: Category, other: Category) -> bool:
    """Whether two categories send a failure to the same specialist (lint and format: the lint
    specialist). Such categories are not rivals, and each one's evidence vouches for the other: whichever
    is right, the route is the same. Categories no specialist fixes (infra, unknown) say different things."""
    if one is other:
        return True
    mine, theirs = specialist_for(one), specialist_for(other)
    return mine is not None and theirs is not None and mine.name == theirs.name


def target_files(facts: Facts) -> list[str]:
    named = facts.repo.files_named if facts.repo else []
    from_errors = [e.file for e in facts.errors if e.file and not e.file.startswith("/")]
    seen: dict[str, None] = dict.fromkeys([*named, *from_errors])
    return list(seen)[:20]
