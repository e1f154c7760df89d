"""Specialists by name. Each is a declarative definition; the loop is shared."""

from remediate.agents.build import BUILD
from remediate.agents.config import CONFIG
from remediate.agents.dependencies import DEPENDENCIES
from remediate.agents.dockerfile import DOCKERFILE
from remediate.agents.lint import LINT
from remediate.agents.specialist import PrefixStep, Specialist
from remediate.agents.sql import SQL
from remediate.agents.tests import TESTS
from remediate.agents.typecheck import TYPES

SPECIALISTS: dict[str, Specialist] = {
    s.name: s for s in (TESTS, LINT, TYPES, BUILD, DEPENDENCIES, DOCKERFILE, SQL, CONFIG)
}

__all__ = ["SPECIALISTS", "PrefixStep", "Specialist"]
