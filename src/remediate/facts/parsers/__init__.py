"""Tool parsers, registered in one table. Each turns the view into typed findings."""

from __future__ import annotations

from remediate.facts.parsers import (
    compiler,
    config,
    deps,
    docker,
    go,
    javascript,
    jvm,
    mypy,
    precommit,
    pytest,
    python,
    ruff,
    rust,
    sql,
    unittest,
)
from remediate.facts.parsers.base import Findings, Parser

# Order matters only for ties in classification: more specific tools first.
PARSERS: tuple[Parser, ...] = (
    precommit.PARSER,
    pytest.PARSER,
    unittest.PARSER,
    ruff.PARSER,
    mypy.MYPY,
    mypy.PYRIGHT,
    deps.PARSER,
    docker.DOCKER,
    docker.HADOLINT,
    sql.DBT,
    sql.SQL,
    config.PARSER,
    javascript.TSC,
    javascript.ESLINT,
    javascript.JS_TESTS,
    go.PARSER,
    rust.PARSER,
    jvm.PARSER,
    compiler.PARSER,
    python.PARSER,
)

__all__ = ["PARSERS", "Findings", "Parser"]
