"""Specialists by name. Each is a declarative definition; the loop is shared."""

from remediate.agents.specialist import Specialist
from remediate.agents.tests import TESTS

SPECIALISTS: dict[str, Specialist] = {s.name: s for s in (TESTS,)}

__all__ = ["SPECIALISTS", "Specialist"]
