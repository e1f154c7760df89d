"""Tool parsers, registered in one table. Each turns the view into typed findings."""

from __future__ import annotations

from remediate.facts.parsers import (
    beam,
    compiler,
    config,
    deps,
    docker,
    doclint,
    go,
    javascript,
    jvm,
    mocha,
    mypy,
    perl,
    php,
    precommit,
    prettier,
    pytest,
    python,
    ruby,
    ruff,
    rust,
    sql,
    stylesheets,
    tap,
    unittest,
)
from remediate.facts.parsers.base import Findings, Parser

# Order matters only for ties in classification: more specific tools first.
PARSERS: tuple[Parser, ...] = (
    precommit.PARSER,
    pytest.PARSER,
    unittest.PARSER,
    tap.PARSER,
    ruby.RSPEC,
    ruby.MINITEST,
    beam.EXUNIT,
    php.PHPUNIT,
    ruff.PARSER,
    perl.PARSER,
    mypy.MYPY,
    mypy.PYRIGHT,
    php.PHPSTAN,
    deps.PARSER,
    docker.DOCKER,
    docker.HADOLINT,
    sql.DBT,
    sql.SQL,
    config.PARSER,
    javascript.TSC,
    javascript.ESLINT,
    prettier.PARSER,
    doclint.PARSER,
    stylesheets.PARSER,
    javascript.JS_TESTS,
    mocha.PARSER,
    go.PARSER,
    rust.PARSER,
    jvm.PARSER,
    compiler.PARSER,
    beam.COMPILE,
    python.PARSER,
)

__all__ = ["PARSERS", "Findings", "Parser"]
