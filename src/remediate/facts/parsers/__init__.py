"""Tool parsers, registered in one table. Each turns the view into typed findings."""

from __future__ import annotations

from remediate.facts.parsers import (
    beam,
    buildscripts,
    compiler,
    config,
    coverage,
    deps,
    diffcheck,
    docker,
    doclint,
    go,
    javascript,
    jvm,
    mocha,
    mypy,
    nodetest,
    perl,
    php,
    precommit,
    prettier,
    pydoctest,
    pyformat,
    pylint,
    pytest,
    python,
    rlang,
    ruby,
    ruff,
    rust,
    shellcheck,
    sql,
    stylesheets,
    tap,
    taskprefix,
    unittest,
    workflow_commands,
)
from remediate.facts.parsers.base import Findings, Parser
from remediate.facts.view import View

# Order matters only for ties in classification: more specific tools first.
PARSERS: tuple[Parser, ...] = (
    precommit.PARSER,
    pytest.PARSER,
    unittest.PARSER,
    pydoctest.PARSER,
    coverage.PARSER,
    tap.PARSER,
    rlang.TESTTHAT,
    ruby.RSPEC,
    ruby.MINITEST,
    beam.EXUNIT,
    php.PHPUNIT,
    ruff.PARSER,
    pylint.PARSER,
    pyformat.BLACK,
    pyformat.ISORT,
    shellcheck.PARSER,
    perl.PARSER,
    rlang.LINTR,
    rlang.R_CMD_CHECK,
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
    diffcheck.PARSER,
    doclint.PARSER,
    stylesheets.PARSER,
    javascript.JS_TESTS,
    mocha.PARSER,
    nodetest.PARSER,
    go.PARSER,
    rust.PARSER,
    jvm.PARSER,
    compiler.PARSER,
    buildscripts.PARSER,
    beam.COMPILE,
    rlang.R_PARSE,
    python.PARSER,
    workflow_commands.PARSER,
)


def parser_view(view: View) -> View:
    """The view the parsers read: each line as its tool printed it, without what a CI or a task
    runner put in front (a GitHub annotation's `##[error]`, turbo's `web:typecheck: `)."""
    return taskprefix.untasked(workflow_commands.unannotated(view))


__all__ = ["PARSERS", "Findings", "Parser", "parser_view"]
