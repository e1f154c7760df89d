"""The stored tool-output samples (tests/facts/data, see its README) and the lookups the parser
tests make on their facts."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from remediate.facts import extract_facts
from remediate.models import ErrorRecord, Facts

DATA = Path(__file__).parent / "data"


@cache
def facts(name: str) -> Facts:
    return extract_facts(DATA / name)


def error(f: Facts, **want: object) -> ErrorRecord:
    """The first error record whose fields equal `want` (message: substring)."""
    for err in f.errors:
        fields = err.model_dump()
        if all((str(v) in fields["message"]) if k == "message" else fields.get(k) == v for k, v in want.items()):
            return err
    raise AssertionError(f"no error with {want} in {[e.model_dump() for e in f.errors]}")
