"""Tool parsers, registered in one table. Each turns the view into typed findings.

A parser module is imported only when the log can concern it: gates.py (generated from the modules
by `python -m remediate.facts.parsers.manifest --write`, checked by tests/facts/test_registry.py)
says which literals a module's tables need; a view holding none of them cannot give that module's
parsers anything to find, so the module is not imported for it. A module without a gate (a parser
with a loop of its own, a rule that sees every line) always loads.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import cache

from remediate.facts.childoutput import unquoted_child_output
from remediate.facts.parsers import taskprefix, workflow_commands
from remediate.facts.parsers.base import Carried, Findings, Parser, literals_of, register_literals
from remediate.facts.parsers.gates import GATES
from remediate.facts.view import View

# One line per parser, "module.NAME" (a module of this package, the Parser it defines). Order matters
# only for ties in classification: more specific tools first. After adding one, regenerate gates.py:
#     .venv/bin/python -m remediate.facts.parsers.manifest --write
REGISTERED: tuple[str, ...] = (
    "precommit.PARSER",
    "pytest.PARSER",
    "unittest.PARSER",
    "pydoctest.PARSER",
    "pythonbdd.BEHAVE",
    "robotframework.PARSER",
    "coverage.PARSER",
    "tap.PARSER",
    "shunit.PARSER",
    "teamcity.TESTS",
    "teamcity.LINT",
    "teamcity.REPORTED",
    "nimtest.PARSER",
    "dunittest.PARSER",
    "rlang.TESTTHAT",
    "lua.BUSTED",
    "lua.LUAUNIT",
    "ruby.RSPEC",
    "ruby.MINITEST",
    "testunit.PARSER",
    "beam.EXUNIT",
    "erlangtest.COMMON_TEST",
    "erlangtest.EUNIT",
    "cxxtest.GTEST",
    "cxxtest.CATCH2",
    "cxxtest.BOOST_TEST",
    "cxxtest.DOCTEST",
    "cxxtest.CTEST",
    "bazel.PARSER",
    "xctest.PARSER",
    "qtest.QTEST",
    "cunit.CHECK",
    "cunit.CUNIT",
    "cunit.CPPUNIT",
    "cunit.CRITERION",
    "cunit.CPPUTEST",
    "cunit.CXXTEST",
    "ocamltest.ALCOTEST",
    "ocamltest.OUNIT",
    "ocamltest.DUNE",
    "testharness.PARSER",
    "testharness.DEJAGNU",
    "testharness.LIT",
    "statuscolumn.PARSER",
    "tcltest.PARSER",
    "sanitizers.PARSER",
    "valgrind.PARSER",
    "valgrind.HELGRIND_PARSER",
    "valgrind.DRD_PARSER",
    "emacs.PARSER",
    "emacs.ERT",
    "emacs.BUTTERCUP",
    "emacs.PACKAGE_LINT",
    "emacs.BYTE_COMPILE",
    "vimtest.PARSER",
    "vimtest.VADER",
    "vimlint.VINT",
    "xmllint.PARSER",
    "dotnet.VSTEST",
    "nunit.NUNIT",
    "php.PHPUNIT",
    "php.TESTDOX",
    "phpt.RUN_TESTS",
    "ruff.PARSER",
    "ruby.RUBOCOP",
    "pylint.PARSER",
    "pyreports.BANDIT",
    "pyreports.PYDOCSTYLE",
    "pyreports.PYFLAKES",
    "pyreports.VULTURE",
    "pyreports.DEPTRY",
    "pyreports.PROSPECTOR",
    "pygates.XENON",
    "pygates.INTERROGATE",
    "pygates.IMPORT_LINTER",
    "pygates.PYUPGRADE",
    "semgrep.PARSER",
    "pyformat.BLACK",
    "pyformat.ISORT",
    "pyformat.YAPF",
    "pyformat.YAMLFIX",
    "mix.PARSER",
    "shellcheck.PARSER",
    "shellcheck.SHFMT",
    "shellcheck.BASHATE",
    "shellcheck.SHELL_SYNTAX",
    "canalysis.CPPCHECK",
    "canalysis.CLANG_TIDY",
    "canalysis.CLANG_FORMAT",
    "canalysis.CPPLINT",
    "perl.PARSER",
    "perl.COMPILE",
    "rlang.LINTR",
    "lua.LUACHECK",
    "lua.STYLUA",
    "rlang.R_CMD_CHECK",
    "mypy.MYPY",
    "mypy.PYRIGHT",
    "php.PHPSTAN",
    "php.PHPCS",
    "php.PHPMD",
    "deps.PARSER",
    "docker.DOCKER",
    "docker.HADOLINT",
    "sql.DBT",
    "sql.SQL",
    "sql.SQLFLUFF",
    "sql.MIGRATIONS",
    "schemas.CHECK_JSONSCHEMA",
    "schemas.AJV",
    "schemas.VALIDATE_PYPROJECT",
    "schemas.TAPLO",
    "schemas.TAPLO_FMT",
    "config.PARSER",
    "config.MAVEN_POM",
    "rake.PARSER",
    "taskrunners.GULP",
    "taskrunners.GRUNT",
    "taskrunners.NPM_SCRIPTS",
    "bundlers.WEBPACK",
    "bundlers.VITE",
    "bundlers.NEXT",
    "bundlers.ESBUILD",
    "bundlers.ROLLUP",
    "bundlers.PARCEL",
    "javascript.TSC",
    "javascript.SVELTE_CHECK",
    "flow.PARSER",
    "javascript.ESLINT",
    "javascript_eslintformats.PARSER",
    "biome.PARSER",
    "oxlint.PARSER",
    "tslint.PARSER",
    "javascript_legacylint.COFFEELINT",
    "javascript_legacylint.JSCS",
    "javascript_legacylint.HTMLHINT",
    "javascript_legacylint.PUGLINT",
    "javascript_legacylint.HTMLLINT",
    "javascript_legacylint.VNU",
    "javascript_legacylint.BOOTLINT",
    "swiftlint.PARSER",
    "javascript_legacylint.JSLINT",
    "javascript_legacylint.MOCHA_JSHINT",
    "javascript_cichecks.COMMITLINT",
    "javascript_cichecks.ACTIONLINT",
    "javascript_cichecks.SIZE_LIMIT",
    "javascript_cichecks.BUNDLESIZE",
    "javascript_cichecks.BUNDLEWATCH",
    "javascript_cichecks.DEPCHECK",
    "javascript_cichecks.DEPENDENCY_CHECK",
    "repochecks.PUBLINT",
    "repochecks.LOCKFILE_LINT",
    "repochecks.SORT_PACKAGE_JSON",
    "repochecks.LS_LINT",
    "repochecks.DOTENV_LINTER",
    "jsgraph.MADGE",
    "jsgraph.KNIP",
    "htmltemplates.DJLINT",
    "github_access.PARSER",
    "credentials.PARSER",
    "actions_workflow.PARSER",
    "prettier.PARSER",
    "diffcheck.PARSER",
    "diffcheck.GENERATED",
    "editorconfig.PARSER",
    "doclint.PARSER",
    "doclint.YAMLLINT",
    "doclint.YAML_LINT",
    "doclint.WRITE_GOOD",
    "unified.PARSER",
    "doclint.CODESPELL",
    "doclint.CSPELL",
    "doclint.MDSPELL",
    "doclint.TYPOS",
    "doclint.SPHINX",
    "doclint.MKDOCS",
    "doclint.HUGO",
    "doclint.JEKYLL",
    "doclint.DOCUTILS",
    "doclint.RST_LINT",
    "doclint.SETUP_CHECK",
    "doclint.CHKTEX",
    "linkcheck.PARSER",
    "linkcheck.LINKINATOR",
    "linkcheck.MARKDOWN_LINK_CHECK",
    "linkcheck.SPHINX_LINKCHECK",
    "linkcheck.HTML_PROOFER",
    "linkcheck.BLC",
    "linkcheck.LINKCHECKER",
    "publish.NPM_PUBLISH",
    "publish.TWINE_UPLOAD",
    "publish.CARGO_PUBLISH",
    "publish.GIT_PUSH",
    "publish.DPL",
    "checkout.PARSER",
    "ops.ANSIBLE_LINT",
    "ops.CFN_LINT",
    "ops.CHECKOV",
    "ops.PUPPET_LINT",
    "ops.TERRAFORM_FMT",
    "ops.TERRAFORM",
    "stylesheets.PARSER",
    "stylesheets.FUSV",
    "stylesheets.CSSLINT",
    "stylesheets.LESSHINT",
    "stylesheets.STYLINT",
    "javascript.JS_TESTS",
    "mocha.PARSER",
    "mocha.JSON_REPORT",
    "junitxml.PARSER",
    "sarif.PARSER",
    "bun.PARSER",
    "deno.PARSER",
    "javascript_karma.PARSER",
    "javascript_cucumber.PARSER",
    "jsrunners.JASMINE",
    "jsrunners.AVA",
    "jsrunners.PLAYWRIGHT",
    "jslegacy.NODEUNIT",
    "jslegacy.LAB",
    "jslegacy.VOWS",
    "jslegacy.TAP_SPEC",
    "jslegacy.TAP_DOT",
    "jslegacy.SPEC_REPORTER",
    "jslegacy.NODE_QUNIT",
    "jslegacy.GRUNT_QUNIT",
    "nodetest.PARSER",
    "go.PARSER",
    "rust.PARSER",
    "jvm_checkstyle.PARSER",
    "jvm_ant.PARSER",
    "jvm_testng.PARSER",
    "jvm.PARSER",
    "jvm.WERROR",
    "dotnet.PARSER",
    "haskell.PARSER",
    "haskell.TASTY",
    "haskelltest.PARSER",
    "clojuretest.PARSER",
    "haskell.HLINT",
    "compiler.PARSER",
    "compiler.MESON",
    "compiler.LANGUAGES",
    "tex.PARSER",
    "buildscripts.PARSER",
    "beam.COMPILE",
    "beam.WARNINGS_AS_ERRORS",
    "rlang.R_PARSE",
    "python.PARSER",
    "phpruntime.PARSER",
    "nodeerrors.PARSER",
    "beam.RUNTIME",
    "usage.PARSER",
    "workflow_commands.PARSER",
)

# The view's one literal search answers the modules' gates along with the tables' own questions.
register_literals(literal for gate in GATES.values() if gate for literal in gate)


def parsers_for(view: View, leave_out: frozenset[str] = frozenset()) -> tuple[Parser, ...]:
    """The registered parsers that may find something in this view, in order: those of every module
    whose gate literals the view holds, or that has no gate (or is not in gates.py yet).
    `leave_out`: modules not to run (see `modules_named`), for measuring what the log's lines give
    without the parsers that know its tools."""
    return _parsers(due_modules(view, leave_out))


def due_modules(view: View, leave_out: frozenset[str] = frozenset()) -> frozenset[str]:
    """The parser modules whose gate the view opens (or that have none), but those left out."""
    literals = literals_of(view)
    return frozenset(
        module
        for module in _modules()
        if module not in leave_out and ((gate := GATES.get(module)) is None or literals.any_of(gate))
    )


def parsers_of(module: str) -> tuple[Parser, ...]:
    """A module's registered parsers, in order (the module imported)."""
    return _parsers(frozenset({module}))


def modules_named(names: str) -> frozenset[str]:
    """Parser modules by name, comma-separated ("pytest,jvm"), or "all": every module. An unknown
    name is an error, so a misspelt leave-out cannot pass for a measurement of one."""
    wanted = [n.strip() for n in names.split(",") if n.strip()]
    if wanted == ["all"]:
        return frozenset(_modules())
    unknown = sorted(set(wanted) - set(_modules()))
    if unknown or not wanted:
        named = ", ".join(unknown) or repr(names)
        raise ValueError(f"unknown parser modules: {named} (known: {', '.join(_modules())})")
    return frozenset(wanted)


# The modules that read a language runtime's or a file format's own reports, whoever printed them (a traceback, a
# YAML file that does not parse, Node's uncaught exception, PHP's fatal error, a sanitizer's or Valgrind Memcheck's
# report, an argument parser's refusal, GitHub's annotations, TeamCity's service messages, a test harness's padded
# status column): they read a tool no parser knows as well, so a measurement of such a tool (extract.modules_reading)
# keeps them.
GENERIC_READERS = frozenset(
    {
        "config",
        "python",
        "nodeerrors",
        "phpruntime",
        "sanitizers",
        "usage",
        "valgrind",
        "workflow_commands",
        "teamcity",
        "statuscolumn",
    }
)


def restated_dropped(results: list[tuple[Parser, Findings]]) -> list[tuple[Parser, Findings]]:
    """The results without a second account's (Parser.restates: a report file's, a shared shape's) where another
    parser of its category read the run: pytest's failures and the JUnit report it wrote are one run's, and the
    runner's own words name its tests as its user knows them (`tests/test_cart.py::test_total`, not the report's
    `tests.test_cart.test_total`)."""
    read = {p.category for p, found in results if not p.restates and (found.errors or found.tests)}
    return [(p, found) for p, found in results if not (p.restates and p.category in read)]


def read_carried(
    parser: Parser, found: Findings, leave_out: frozenset[str] = frozenset()
) -> list[tuple[Parser, Findings]]:
    """What the outputs a parser found carried in its lines say (Findings.carried: a TeamCity error message's details):
    each read as printed plainly by the parsers it calls for, but those left out and the carrying parser's own module
    (nothing nests), each parser's findings its own (its category, its concern: Parser.no_specialist), placed at the
    carrying line, so a carried record is the record its tool's plain run gives."""
    if not found.carried:
        return []
    leave_out = leave_out | modules_of((parser,))
    out: list[tuple[Parser, Findings]] = []
    for carried in found.carried:
        view = carried.view()
        inner = restated_dropped([(p, p.parse(view)) for p in parsers_for(view, leave_out)])
        out += [(p, _placed_at(f, carried)) for p, f in inner if f.errors or f.tests or f.seen or f.evidence]
    return out


def _placed_at(found: Findings, carried: Carried) -> Findings:
    """A carried output's findings at the line carrying it: its records, failing tests, evidence, summaries (the
    last one's count: the run's closing) and places there. Places only when every record and failing test stood on
    lines naming the same places: at one line, one record's places would be tried for another's file."""
    line = carried.line
    last = max(found.summaries, default=None)
    return replace(
        found,
        errors=[e.model_copy(update={"log_line": line}) for e in found.errors],
        test_lines=dict.fromkeys(found.test_lines, line),
        evidence={line: max(found.evidence.values())} if found.evidence else {},
        summaries={} if last is None else {line: found.summaries[last]},
        places=_one_place(found, line),
        carried=[],
    )


def _one_place(found: Findings, line: int) -> dict[int, tuple[str, ...]]:
    """The places of a carried output's records and tests at the carrying line, when they are the same for all."""
    lines = [e.log_line for e in found.errors] + list(found.test_lines.values())
    named = {found.places.get(no) if no is not None else None for no in lines}
    if len(named) != 1 or (places := named.pop()) is None:
        return {}
    return {line: places}


def modules_of(parsers: Iterable[Parser]) -> frozenset[str]:
    """The registry modules these parsers come from: the names `leave_out` takes."""
    by_parser = _module_by_parser()
    return frozenset(by_parser[p] for p in parsers)


@cache
def _module_by_parser() -> dict[Parser, str]:
    return {load(entry): entry.partition(".")[0] for entry in REGISTERED}


def all_parsers() -> tuple[Parser, ...]:
    """Every registered parser, in order (each module imported)."""
    return _parsers(frozenset(_modules()))


@cache
def _modules() -> tuple[str, ...]:
    return tuple(dict.fromkeys(entry.partition(".")[0] for entry in REGISTERED))


@cache
def _parsers(modules: frozenset[str]) -> tuple[Parser, ...]:
    return tuple(load(entry) for entry in REGISTERED if entry.partition(".")[0] in modules)


def load(entry: str) -> Parser:
    """The Parser a registry entry names, its module imported on first use."""
    module, _, name = entry.partition(".")
    parser = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    if not isinstance(parser, Parser):
        raise TypeError(f"{__name__}.{entry} is not a Parser")
    return parser


def parser_view(view: View) -> View:
    """The view the parsers read: each line as its tool printed it, without what a CI or a task
    runner put in front (a GitHub annotation's `##[error]`, turbo's `web:typecheck: `, lerna's `@acme/cart: `,
    concurrently's `[test:unit] `, BuildKit's `#8 0.464 `, grunt's `>> `, npm's
    `npm ERR! ` before an install script's output, Yarn Berry's `➤ YN0000: │ pkg@npm:1.0.0 STDERR ` before a
    build's); a child's output that Node quoted in a failed command's error object, unquoted (childoutput)."""
    untasked = taskprefix.untasked(workflow_commands.unannotated(view))
    unstreamed = taskprefix.unbuildkitted(taskprefix.unstreamed(untasked))
    unscripted = taskprefix.unyarned(taskprefix.unnpmed(taskprefix.ungrunted(unstreamed)))
    return unquoted_child_output(unscripted)


def bare_texts(texts: Sequence[str]) -> list[str]:
    """Cleaned lines of one output as their tools printed them (parser_view's reading, line for line): for a
    reader that has lines and no view, such as a benchmark's labels (a tool's report behind turbo's `web:test: `
    reads as the same tool's report run bare)."""
    return [line.text for line in parser_view(View.of(texts)).lines]


__all__ = [
    "GENERIC_READERS",
    "REGISTERED",
    "Findings",
    "Parser",
    "all_parsers",
    "bare_texts",
    "due_modules",
    "modules_named",
    "modules_of",
    "parser_view",
    "parsers_for",
    "parsers_of",
    "read_carried",
]
