"""What a failing test's own report names as its cause, when that is not the tested code's behaviour: a
configuration file that does not parse, settings missing, a query the database rejects, a linter run as a test,
the infrastructure or its own time limit (report_cause, item_cause); read for every failing test a parser read
(named_causes) or from the excerpt's lines where none did (shown_causes, shown_cause). The rules that weigh
these causes are beneath.py's; FailingView caches what they read (named_causes, shown_causes)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from remediate.facts.checkerreports import COUNT
from remediate.facts.meaning import (
    exhausted,
    joined_waits,
    killed,
    missing_of,
    out_of_memory,
    per_test_limit,
    unreachable,
    wait_limit,
)
from remediate.facts.meaning.task_failures import TASK_FAILED
from remediate.facts.parsers import mypy, nodeerrors
from remediate.models import Category, Facts, Summary
from remediate.triage.causes import ASSERTION, KEY_ERROR, SETTINGS, SQL_ERROR, YAML_CONTEXT, unset_variables

if TYPE_CHECKING:  # failing.py caches this module's readings of its view
    from remediate.triage.failing import FailingView

# A cause a failing test's report names: (the rule that names it, its category, what it says).
Cause = tuple[str, Category, str]


# What a failing test's own report can name as its cause that is not the tested code's behaviour: a
# configuration file the code read does not parse (PyYAML's, tomllib's, configparser's errors), the settings
# it runs with are missing or wrong (Django's ImproperlyConfigured, an environment variable os.environ lacks),
# the database rejected a query (a binder or catalog error: the SQL's). (rule, category, what it means.)
_REPORT_CAUSES: tuple[tuple[re.Pattern[str], str, Category, str], ...] = (
    (
        re.compile(
            r"\byaml\.(?:scanner|parser|constructor|composer)\.\w+Error\b|\bTOMLDecodeError\b|\bconfigparser\.\w+Error\b|"
            r"\bPsych::SyntaxError\b|"
            # PyYAML's words when the code wraps its error in its own (`SettingsError: invalid YAML: while
            # scanning ...`), its own nouns only (an app's `error while parsing response` is not one); a JSON object
            # with a stray comma (Python's `Expecting property name enclosed`, Node 20's `Expected double-quoted
            # property name in JSON`: a hand-written file); not `Expecting value` / `Unexpected token < in JSON`,
            # which an HTTP answer that is no JSON raises as well
            rf"\bYAMLException\b|{YAML_CONTEXT}|"
            r"found character .{1,10} that cannot start any token|\b(?i:invalid (?:yaml|toml))\b|"
            r"Expecting property name enclosed|Expected double-quoted property name in JSON|"
            r"Unexpected token \} in JSON at position|"  # Node 10-18's word for the same stray comma
            r"\byaml: line \d+: |"  # go-yaml (gopkg.in/yaml.v2)
            # YAML scanners' own words, whatever the language (PyYAML, SnakeYAML, libyaml under Psych)
            r"mapping values are not allowed (?:here|in this context)"
        ),
        "config-parse",
        Category.CONFIG,
        "a configuration file it read does not parse",
    ),
    (SETTINGS, "config-settings", Category.CONFIG, "the settings it runs with are missing or wrong"),
    (SQL_ERROR, "sql-error", Category.SQL, "the database rejected a query"),
    # ts-jest's suite that did not compile: TS1xxx, the file does not parse (a build error, as tsc's records say);
    # the others, its types
    (re.compile(r"\berror TS1\d{3}: "), "tests-build", Category.BUILD, "the test file does not compile"),
    # Babel's parse error under Jest's `Test suite failed to run` (`SyntaxError: /abs/src/cart.js: Unexpected token
    # (2:44)`): a file of the project the tests load does not parse, as Node's own SyntaxError says when it loads one
    # (a file under node_modules is Jest's configuration, what it transforms: not this)
    (
        re.compile(
            r"\bSyntaxError: (?![^:\n]{0,300}node_modules)(?:/|[A-Za-z]:\\)[^:\n]{1,300}\.(?:[cm]?[jt]sx?|vue): "
            r"[^\n]{1,300} \(\d+:\d+\)"
        ),
        "tests-build",
        Category.BUILD,
        "a file the tests load does not parse",
    ),
    # Node's own report of a file it could not parse as it loaded it (node --test's file that died loading: its
    # stderr, `/abs/src/cart.js:2` or an ES module's `file:///abs/src/cart.mjs:2`, the source line, its caret, then
    # `SyntaxError: missing ) after argument list`), a file of the project, the test file or one it requires, as
    # Babel's above; not one under node_modules (the report's head is nodeerrors' SCRIPT_ROOT and SCRIPT, the parser's
    # reading of the same report). The message tells a parse error from an ES module's link error, which Node reports
    # so too under the same class (`SyntaxError: The requested module 'x' does not provide an export named 'y'`,
    # `SyntaxError: Named export 'y' not found. The requested module 'x' is a CommonJS module`): the module parsed, a
    # name it imports is not there, which is the build's only where the module is the code's own (the rule below)
    (
        re.compile(
            r"^"
            + nodeerrors.SCRIPT_ROOT
            + nodeerrors.SCRIPT.format(path=r"(?![^\n]{0,300}node_modules)[^:\n]{1,300}")
            + r":\d+\n(?:[^\n]*\n){0,4}?SyntaxError: (?!The requested module |Named export )",
            re.MULTILINE,
        ),
        "tests-build",
        Category.BUILD,
        "a file the tests load does not parse",
    ),
    # Vitest's suite that failed to load because a module it imports does not parse: Vite's SSR transform through
    # Rollup's parser (Vite 6-7: `RollupError: Parse failure: Expression expected`; Vite 5 prints the error bare,
    # its top frame Rollup's `getRollupError`: joined to the message by the parser, `(at getRollupError ...)`, or
    # Vitest's frame line as printed, `❯ getRollupError node_modules/rollup/dist/...`, where no parser read it), or
    # esbuild's transform of a
    # TypeScript file (`Transform failed with 1 error: /abs/src/cart.ts:2:44: ERROR: ...`), not one under
    # node_modules (what the runner is configured to transform), or Vite 8's Oxc transform of any file
    # (`Transform failed with 1 error: [PARSE_ERROR] Expected a semicolon ...`: Vitest 4), or Vite's import analysis
    # of a file that does not parse (Vitest 1, 3 and 4 on a test file with a syntax error: `Error: Failed to parse
    # source for import analysis because the content contains invalid JS syntax.`)
    (
        re.compile(
            r"\bRollupError: Parse failure: |(?:\(at|❯) getRollupError \S*\brollup/dist/|"
            r"\bFailed to parse source for import analysis because the content contains invalid JS syntax\b|"
            r"\bTransform failed with \d+ errors?: (?:(?![^:\n]{0,300}node_modules)"
            r"(?:/|[A-Za-z]:\\)[^:\n]{1,300}:\d+:\d+: ERROR: |\[PARSE_ERROR\] )"
        ),
        "tests-build",
        Category.BUILD,
        "a file the tests load does not parse",
    ),
    # Node's link of an ES module the tests import: a module of the code, named by a relative path, lacks the name
    # imported (`SyntaxError: The requested module '../cart.js' does not provide an export named 'total'`: renamed
    # or never exported), as Python's `cannot import name 'total' from 'shop.cart'` is the build's. A package's name
    # there (`'pricekit'`) is the installed version's API: not this
    (
        re.compile(r"\bThe requested module '\.{1,2}/[^'\n]{1,300}' does not provide an export named '"),
        "tests-build",
        Category.BUILD,
        "a module of the code the tests load lacks the name they import",
    ),
    # the same link naming a package (`'pricekit'`; a CommonJS package's `Named export 'round' not found. The requested
    # module 'pricekit' is a CommonJS module`): the installed version's API lacks the name, which a version bump or the
    # code's own mistake may cause. Unattested: it names the package without deciding (confidence.ATTESTED)
    (
        re.compile(
            r"\bThe requested module '(?![./]|file:)[^'\n]{1,200}' does not provide an export named '|"
            r"\bNamed export '[^'\n]{1,200}' not found\. The requested module '(?![./]|file:)"
        ),
        "tests-package-api",
        Category.DEPENDENCY,
        "an installed package lacks the name the tests import",
    ),
    # ts-jest's TS2307 for a module named by its path (`Cannot find module '../src/carts'`): a file of the project the
    # test file imports is not there (moved, renamed, never committed), as Node's own `Cannot find module './x'`
    # says when it loads one; no type is wrong and no package is missing
    (
        re.compile(r"\berror TS2307: Cannot find module '\.{1,2}/[^'\n]{0,200}'"),
        "tests-build",
        Category.BUILD,
        "a file of the project the test file imports is not there",
    ),
    # tsc's other codes: the test file's types. Not TS2307 for a bare name (`Cannot find module 'left-pad'`): nothing
    # failed to type-check, the module was not found at all (a package not installed; a package without types is
    # TS7016), which the missing name's own reading weighs (meaning.missing_of: a third party's, the dependency's)
    (re.compile(r"\berror TS(?!2307:)[2-9]\d{3}: "), "tests-type", Category.TYPE, "the test file does not type-check"),
    # Vitest's type check (`vitest --typecheck`): tsc's error in a test file, reported as a test's failure
    # (`TypeCheckError: Type 'number' is not assignable to type 'string'.`), as ts-jest's TS2xxx above; not a type
    # test's own assertion failing (expect-type's `expectTypeOf(x).toEqualTypeOf<string>()`: `TypeCheckError: Type
    # 'string' does not satisfy the constraint '"Expected string, Actual number"'.`), which is the test's check
    (
        re.compile(r"\bTypeCheckError: (?![^\n]{0,300}\bExpected:? [^\n]{0,200}\bActual\b)"),
        "tests-type",
        Category.TYPE,
        "the test file does not type-check",
    ),
    # CTest's test whose program is not there (`Unable to find executable: PATH` over its `***Not Run` row): its
    # target did not build, or no target builds it; no test ran
    (re.compile(r"\bUnable to find executable: "), "tests-build", Category.BUILD, "the test's program was not built"),
    # mypy's own verdict among a test run's output (0.7xx on): pytest-mypy before 0.5 names its failing item by the
    # checked file alone (`____ shop/cart.py ____` over `9: error: Incompatible return value type`), no `::mypy`,
    # and prints mypy's count (`Found 1 error in 1 file (checked 3 source files)`); so does a test that runs mypy
    (
        re.compile(r"\b" + mypy.FOUND.format(failed=COUNT, count=COUNT)),
        "tests-type",
        Category.TYPE,
        "a type checker run as a test",
    ),
    # V8's parse error in a file under node_modules that Jest loaded untransformed (`SyntaxError: Unexpected token
    # 'export' (/abs/node_modules/lodash-es/lodash.js:10)`: an ES module Jest runs as CommonJS): what Jest is
    # configured to transform (transformIgnorePatterns), or the package chosen; not the tests, nor the project's code.
    # So is V8's refusal of ES module syntax in any file Jest loaded (`Cannot use import statement outside a module`
    # in the project's own test file: Jest runs it as CommonJS, its transform not set up for it; the project's code
    # with a real syntax error is Babel's report, `SyntaxError: /abs/src/cart.js: ...`, the rule above).
    # Unattested: it names the runner's set-up without deciding it (confidence.ATTESTED)
    (
        re.compile(
            r"\bSyntaxError: [^\n]{1,200} \((?:/|[A-Za-z]:\\)[^()\n]{0,300}[/\\]node_modules[/\\][^()\n]{1,300}\)|"
            r"\bSyntaxError: (?:Cannot use import statement outside a module|Unexpected token 'export') "
            r"\((?:/|[A-Za-z]:\\)"
        ),
        "tests-untransformed",
        Category.CONFIG,
        "a file does not parse as the test runner loads it, untransformed (its set-up, not the tests)",
    ),
)


# The rules of _REPORT_CAUSES: beneath reads a failure pattern of one of them as naming a cause beneath tests.
REPORT_CAUSE_RULES = frozenset(rule for _, rule, _, _ in _REPORT_CAUSES)


# A file the code opens or requires that is not there (Python's FileNotFoundError, Node's ENOENT and its resolver's
# `Cannot find module '../config/keys.json'`, Ruby's `No such file or directory @ rb_sysopen - PATH`) whose name
# says it holds settings (config, settings, secrets, credentials, database; a .env file): a settings file the CI
# does not provide (one kept out of the repository, copied from an example in the set-up). A test's fixture or
# data file is not one: the tests' own.
_FILE_MISSING = re.compile(
    r"(?:No such file or directory|no such file or directory, open|Cannot find module)"
    r"(?:[:,]? {0,2}['\"](?P<path>[^'\"\n]{1,300})['\"]| @ rb_sysopen - (?P<bare>\S{1,300}))"
)


_SETTINGS_FILE = re.compile(
    r"(?:^|/)(?:\.env[\w.-]*|[\w.-]*(?i:config|settings|secret|credential|database)[\w.-]*\.(?:ya?ml|json|toml|ini|cfg|conf)"
    r"|(?i:config|settings)/[\w./-]*\.(?:ya?ml|json|toml|ini|cfg|conf|js))$"
)


def _settings_file_missing(said: str) -> str:
    """The settings file a report says is not there ("" when none)."""
    m = _FILE_MISSING.search(said)
    path = (m["path"] or m["bare"]) if m else ""
    return path if _SETTINGS_FILE.search(path) else ""


# The message of a test that runs a linter over the project and asserts it found nothing: pycodestyle's (and
# pep8's) documented style test (`TestCodeFormat.test_conformance`, copied into projects under any name), lintr's
# `expect_lint_free()` in a testthat test (`Not lint free`, then the lints): the linter's findings fail that test
_STYLE_ASSERTED = re.compile(r"\bFound code style errors\b|^Not lint free\b", re.MULTILINE)


def report_cause(said: str, unset: frozenset[str], linked: Sequence[str] = ()) -> Cause | None:
    """The cause a failing test's report names (_REPORT_CAUSES, or a KeyError for an unset environment
    variable, a file of the code the tests load not there, below an own module the build links from the source
    too: `linked`, FailingView.linked, the infrastructure it met: _infra_said, or its own time limit:
    meaning.per_test_limit, or its own wait's: meaning.wait_limit), None when it
    names none: the test failed on the tested code's behaviour, as far as it says. An assertion's report names
    none of the causes either, whatever the values it compared (`assert 'ok' == 'invalid yaml'`), except the
    documented assertion of a style test and a wait's (Gomega's `Eventually`, testing-library's `waitFor`), whose
    matcher's words are its last try before its time limit."""
    if m := _STYLE_ASSERTED.search(said):
        return "tests-lint", Category.LINT, f"a linter run by a test ({m.group(0)})"
    if words := wait_limit(said):
        return TESTS_LIMIT_RULE, Category.INFRA, f"{WAITED} ({words})"
    if ASSERTION.search(said):
        return None
    for pattern, rule, category, what in _REPORT_CAUSES:
        if m := pattern.search(said):
            return rule, category, f"{what} ({m.group(0)[:60].rstrip(': ')})"
    if (m := KEY_ERROR.search(said)) and (name := m["py"] or m["rb"]) in unset:
        return "config-settings", Category.CONFIG, f"a required environment variable is unset ({name})"
    if path := _settings_file_missing(said):
        return "config-settings", Category.CONFIG, f"a settings file is missing ({path[-80:]})"
    if (missing := missing_of(said, linked=linked)) is not None and missing.own_file:
        # Jest's `Cannot find module './pricing' from 'src/cart.js'`, node's `Cannot find module '../lib/cart'`, and
        # with --source `Cannot find module '@shop/rates/lib/tariff'` below the npm workspace's @shop/rates: a file
        # of the code the tests load is not where the code says (moved, renamed, not committed)
        return "tests-build", Category.BUILD, f"a file of the code the tests load is not there ({missing.name[-80:]})"
    if words := _infra_said(said):
        return TESTS_INFRA_RULE, Category.INFRA, f"it met the infrastructure, not an assertion ({words})"
    if words := per_test_limit(said):
        return TESTS_LIMIT_RULE, Category.INFRA, f"it ended at its own time limit, no assertion failed ({words})"
    return None


# The items pytest's lint, format and type plugins add beside the tests (pytest-flake8's `cart.py::flake-8::FLAKE8`
# from 1.1 to 1.3 and `cart.py::FLAKE8` before, pytest-pylint's `cart.py::PYLINT`, pytest-pycodestyle's
# `::PYCODESTYLE`, pytest-flakes' `::flake-8`, pytest-black's `::BLACK`, pytest-isort's `::ISORT`, pytest-mypy's
# `cart.py::mypy` and its `::mypy-status`), and, where pytest (before 5.4) printed no short summary, the failure
# sections that name them (`FLAKE8-check`, `PEP8-check`, `[pylint] shop/cart.py`, `Black format check`...): such
# an item fails on a linter's, a formatter's or a type checker's findings, not on a test.
_PLUGIN_ITEMS: tuple[tuple[re.Pattern[str], str, Category, str], ...] = (
    (
        re.compile(
            r"::(?:flake-8::FLAKE8|FLAKE8|PYLINT|PYCODESTYLE|flake-8)$|^(?:FLAKE8|PEP8|pycodestyle|pyflakes)-check$|"
            r"^\[pylint\] \S+\.py$"
        ),
        "tests-lint",
        Category.LINT,
        "a linter run as a test",
    ),
    (
        re.compile(r"::(?:BLACK|ISORT)$|^(?:Black format check|isort-check)$"),
        "tests-lint",
        Category.FORMAT,
        "a formatter run as a test",
    ),
    (re.compile(r"::mypy(?:-status)?$"), "tests-type", Category.TYPE, "a type checker run as a test"),
    # Perl's author tests: a test of Test::Perl::Critic, Test::Pod, Test::NoTabs, Test::EOL... fails in the module's
    # own code (TAP's `at /usr/share/perl5/Test/Pod.pm line 184.`, which the test's id keeps) under its own name
    # (`Test::Perl::Critic for "lib/Shop/Cart.pm"`, `POD test for lib/...`, `No tabs in '...' on line 3`)
    (
        re.compile(
            r"(?:^|/)Test/(?:Perl/Critic|Pod|Pod/Coverage|NoTabs|EOL|Spelling|Perl/Tidy|PerlTidy)\.pm: |"
            r"(?:^|: )(?:Test::Perl::Critic for |POD test for |Pod coverage on |POD spelling for |"
            r"No tabs in '|No incorrect line endings in ')"
        ),
        "tests-lint",
        Category.LINT,
        "a linter run as a test",
    ),
    # the harness's verdict on such a test's file (`xt/critic.t`, `t/99_pod.t`, `xt/author/pod-syntax.t`,
    # `t/author-no-tabs.t`: prove's `Dubious, test returned 1`), named after what it checks
    (
        re.compile(
            r"(?:^|/)(?:\w*[-_])?(?:perl)?(?:critic|pod|pod[-_]syntax|pod[-_]coverage|pod[-_]spell(?:ing)?|"
            r"no[-_]?tabs|eol|tidy|perltidy|spell(?:ing)?)\.t$"
        ),
        "tests-lint",
        Category.LINT,
        "a linter's author test",
    ),
    # the tests mocha-jshint (2.x) and mocha-eslint (1-4) add to a mocha run, under their default suite titles:
    # `jshint should pass for working directory` (or `... for "lib"`), `eslint should have no errors in lib`
    (
        re.compile(r"^(?:jshint should pass for |eslint should have no errors in )\S"),
        "tests-lint",
        Category.LINT,
        "a linter run as a test",
    ),
    # a test that runs a linter itself and asserts it found nothing (pycodestyle's StyleGuide in `test_pep8`,
    # `Found code style errors`), named after the linter alone: the linter's findings fail it
    (
        re.compile(
            r"(?:^|[.:/ ])(?i:test_?(?:pep8|flake8|pycodestyle|pyflakes|pylint|code_?style|lint|rubocop|eslint|jshint)"
            r"(?:_conformance)?)$"
        ),
        "tests-lint",
        Category.LINT,
        "a linter run by a test",
    ),
)


def item_cause(test_id: str) -> Cause | None:
    for pattern, rule, category, what in _PLUGIN_ITEMS:
        if m := pattern.search(test_id):
            return rule, category, f"{what} ({m.group(0).lstrip(':./ ')})"
    return None


# The rule that names the infrastructure a failing test's report says it met: a consequence the code may still
# cause (a service the tests should have mocked), which counts towards a decision only once attested (ATTESTED).
TESTS_INFRA_RULE = "tests-infra"


# The rule that names a failing test's own time limit (meaning.per_test_limit) as what it met. A run whose every
# failing test ended so failed on time, which the code (a deadlock, a promise never settled) or the machine (a slow
# runner, a service answering late) may have taken: the datasets label such runs test (LogChunks' dev half: ExUnit's
# `test timed out after 60000ms`) or infra (LogDx-CI's timeout_or_oom), so the rules name it and do not decide
# (infra, never alone). Beside a test that failed on its own check, that test is the run's failure (two_causes).
TESTS_LIMIT_RULE = "tests-limit"
# What that rule's cause says of a test whose own wait for a condition gave up at its limit (meaning.wait_limit): an
# assertion that retried, which failed as a test does (waited, beneath.two_causes)
WAITED = "its wait ended at its own time limit, the condition unmet"


def waited(cause: Cause) -> bool:
    """Whether a cause is a test's own wait given up at its limit (WAITED), not the test's own time limit."""
    return cause[0] == TESTS_LIMIT_RULE and cause[2].startswith(WAITED)


def _infra_said(said: str) -> str | None:
    """The words of a failing test's report saying the test met the infrastructure rather than its own check
    failing: a server it could not reach (refused, unresolved, a TLS certificate, a 5xx or 429, a database not
    yet accepting connections: meaning.unreachable), the machine out of disk or memory (meaning.exhausted), its
    process out of the memory it may use (meaning.out_of_memory: a heap limit, std::bad_alloc, MemoryError), or
    killed from outside (meaning.killed: the OOM killer, a time limit). (An assertion's report, whose values may
    mention a timeout, is left out before: report_cause.)"""
    return unreachable(said) or exhausted(said) or out_of_memory(said) or killed(said)


# The codes of a build tool's verdict that a task failed (meaning.task_failure), which reports no test's failure.
_TASK_VERDICTS = frozenset({"tests-failed", TASK_FAILED})


def _report_causes(view: FailingView) -> list[Cause | None]:
    """The cause each failing test's report names (its id when it is a lint or type plugin's item, its
    message, and the runner's record of it), None for a report that names none. An empty report says nothing
    and is left out; so is a report cut short (pytest's short summary clips to the terminal's `...`) unless what
    is left of it names a cause (`yaml.scanner.ScannerError: mapping va...`): the runner's full report of the
    same test, when it printed one, is among the records. So is a record that is only a failing
    test's name (Surefire's and TAP's records name the test; its message holds the report), and a build tool's
    verdict that its test task failed (Maven's `Failed to execute goal ...surefire...`, Gradle's `There were
    failing tests`: meaning.task_failure)."""
    unset = unset_variables(view.text)
    items = [item_cause(t.id) for t in view.failing_tests]
    names = [t.id.strip() for t in view.failing_tests]

    def says(report: str) -> bool:
        return bool(report) and not report.endswith("...") and not _names_a_test(report, names)

    messages = [(t.message or "").strip() for t, item in zip(view.failing_tests, items, strict=True) if item is None]
    reports = [*filter(says, messages), *_record_reports(view, says)]
    linked = view.linked
    clipped = [c for m in messages if m.endswith("...") and (c := report_cause(m, unset, linked)) is not None]
    return [item for item in items if item] + [report_cause(r, unset, linked) for r in reports] + clipped


def _record_reports(view: FailingView, says: Callable[[str], bool]) -> list[str]:
    """The test runner's records as reports (`says` leaves out those that say nothing). Records of one message
    are one report printed at several frames (pytest's chained exceptions: `TimeoutError: timed out` at the
    socket, urllib3's ConnectTimeoutError, requests' ConnectTimeout), read with the exception classes their
    codes name."""
    codes: dict[str, list[str]] = {}
    for e in view.errors:
        if e.category is Category.TEST and e.code not in _TASK_VERDICTS and says(said := e.message.strip()):
            codes.setdefault(said, []).extend([e.code] if e.code else [])
    return [f"{said} ({', '.join(dict.fromkeys(named))})" if named else said for said, named in codes.items()]


def _names_a_test(said: str, names: Sequence[str]) -> bool:
    """Whether a record says only a failing test's name: its whole id, or its last part (Jest's records name
    `reads the currency` of `test/settings.test.js › reads the currency`; TAP's name `POD test for lib/Cart.pm`
    of `/usr/share/perl5/Test/Pod.pm: POD test for lib/Cart.pm`, the assertion's file before it)."""
    ends = (" › ", " > ", "::", ".", ": ")
    return any(name == said or name.endswith(tuple(f"{end}{said}" for end in ends)) for name in names)


def one_of(named: Sequence[Cause], others: bool) -> tuple[Cause | None, bool]:
    """The one cause the failing tests' reports name (None when none or several do), and whether other failing
    tests fail on their own beside it, from the named causes and whether some report names none (named_causes)."""
    if not named or len({category for _, category, _ in named}) > 1:
        return None, False
    return named[0], others


def named_causes(view: FailingView) -> tuple[tuple[Cause, ...], bool]:
    """The causes the failing tests' reports name, and whether some report names none (FailingView.named_causes
    caches it). Where no parser read the failing tests but a test summary counts failures, the failing items the
    runner's report names (items_shown) are read for the checkers' (item_cause): `FAILED shop/cart.py::ISORT` is
    a formatter's failure whichever parser reads it."""
    if view.failing_tests:
        causes = _report_causes(view)
    else:
        causes = [item_cause(item) for item in items_shown(view.lines)] if tests_stopped(view.facts) else []
    named = tuple(c for c in causes if c is not None)
    return named, len(named) < len(causes)


# An assertion's failure as a runner reports it, not a test's source line holding `assert` or `expect(` (pytest's and
# Jest's reports print the failing test's code above whatever error it met): Python's, Node's and JUnit's error
# classes and JUnit 4's ComparisonFailure, pytest's `E   assert 3 == 4`, Jest's matcher header
# (`expect(received).toBe(expected)`, `expect(jest.fn())...`), Jasmine's and Mocha-with-Chai's `Expected 4 to equal 5.`
# / `expected 3 to equal 4`, RSpec's, Minitest's, NUnit's, Dart's and TAP's `expected: 5` over `got:`/`Actual:`
# (TAP's behind `#`), JUnit's and Kotest's `expected:<5> but was:<4>`, test-unit's `expected but was`, testify's
# `Not equal:`, Go's `got 3, want 4`, Rust's `assertion failed` / ``assertion `left == right` failed``, GoogleTest's
# `Expected equality of these values:` and `Value of:`, PHPUnit's `Failed asserting that`, ExUnit's `Assertion with
# == failed`, xUnit's `Assert.Equal() Failure`, MSTest's `Assert.AreEqual failed` and Vim's assert_equal and
# assert_true (`Expected 4 but got 5`). Reading too many lines as an assertion's only makes the rules abstain. A style
# test's (pycodestyle's `Found code style errors`) is its linter's cause, and a wait's last try (Vim's
# `..WaitForAssert[2]..` over its assertion's words: meaning.wait_limit) is the wait's.
_ASSERTION_FAILED = re.compile(
    r"\bAssertion(?:Failed)?Error\b|\bComparisonFailure\b|^E\s+assert\s|\bexpect\((?:received|jest\.fn\(\))\)|"
    r"\b[Ee]xpected .{1,200} to (?:be|equal|eql|have|contain|match|deep)\b|"
    r"^\s*(?:#\s*)?(?:[Ee]xpected|Actual|got|[Bb]ut was): |\bexpected:<|\bexpected but was\b|"
    r"\bNot equal:|\bgot .{1,100}, want\b|\bassertion (?:failed|`[^`\n]{1,200}` failed)|"
    r"\bExpected equality of these values\b|^\s*Value of: |\bFailed asserting that\b|\bAssertion with \S{1,8} failed\b|"
    r"\bAssert\.\w{1,30}(?:\(\) Failure| failed)|\bExpected .{1,200} but got\b",
    re.MULTILINE,
)


def shown_cause(view: FailingView) -> Cause | None:
    """The one cause the excerpt's lines show beneath failing tests no parser read (_REPORT_CAUSES' own words, a
    checker's item, an environment variable the code reads unset, the infrastructure or the tests' own time limit:
    FailingView.shown_causes), when a test summary in the failing step counts them failing (counts_failing_tests)
    and no line reports an assertion's failure (_assertion_shown): then no test failed on its own check, and what
    their reports show is what they met, as tests_say reads it where a parser reads the reports. The infrastructure
    too: a run whose
    tests all met a refused connection or their own time limit names it as its parsed twin does (infra, never
    decided alone), where the summary decided test. With no summary read, the tests' own time limit alone
    (_limits_shown): a runner's words that a test ended at its limit or gave up its wait are a failing test's report
    wherever they stand (a passing test prints none), so a run no reader read at all (Playwright's report with its
    parser left out) names what its parsed twin names. Not where a runner no parser reads names its failing tests
    (failingtests.py: `not ok 24 name`): their own report stands somewhere in the lines, and the others may be
    passing tests' output (a test of a client that expects `ECONNREFUSED` prints it and passes). None when no such
    cause, several, or an assertion failed (a test's own failure beside it: tallied_only abstains)."""
    if view.failing_tests:
        return None
    stopped, lines = tests_stopped(view.facts), joined_waits(view.lines)  # a wait's report read as one (see there)
    if not (stopped or _limits_shown(lines)) or _assertion_shown(lines):
        return None
    causes = view.shown_causes
    if len({category for _, category, _ in causes}) != 1:
        return None
    if not stopped and any(rule != TESTS_LIMIT_RULE for rule, _, _ in causes):
        return None
    return causes[0]


# A line of a matcher's report of several lines (Jest's and Playwright's `expect(received).toBe(expected)` header, its
# `Expected: visible` / `Received: "Cart (1)"` values), which a wait's report prints as its last try: within
# _WAIT_REPORT_LINES of the wait's words (meaning.wait_limit) such a line is the wait's (Playwright 1.49's `Expected:
# visible` three lines below `Timed out 5000ms waiting for expect(locator).toBeVisible()`, expect.poll's values three
# lines above its call log's `- Timeout 5000ms exceeded while waiting on the predicate`). A report on one line (Vim's
# `Expected 4 but got 5`, an `AssertionError:`) is a failure of its own wherever it stands.
_MATCHER_PART = re.compile(r"^\s*(?:Error: )?expect\((?:received|locator)\)|^\s*(?:Expected|Received)(?: \w{1,20})?: ")
_WAIT_REPORT_LINES = 6


def _assertion_shown(lines: Sequence[str]) -> bool:
    """Whether a line reports an assertion's failure (_ASSERTION_FAILED) that is no style test's and no wait's last
    try: a wait's own words on it (Vim's `..WaitForAssert[2]..` over `Expected 'dead' but got 'run'`), or a part of a
    matcher's report near a wait's words (_MATCHER_PART)."""
    waits = [i for i, line in enumerate(lines) if wait_limit(line)]
    return any(
        _ASSERTION_FAILED.search(line)
        and not _STYLE_ASSERTED.search(line)
        and not wait_limit(line)
        and not (_MATCHER_PART.match(line) and any(abs(i - w) <= _WAIT_REPORT_LINES for w in waits))
        for i, line in enumerate(lines)
    )


def _limits_shown(lines: Sequence[str]) -> bool:
    """Whether a line holds a runner's words that a test ended at its own time limit or gave up its wait
    (meaning.per_test_limit, meaning.wait_limit), but the bare `Timeout` of CTest's parsed message, which a log's line
    alone does not mean."""
    return any((words := wait_limit(line) or per_test_limit(line)) and words.strip("* ") != "Timeout" for line in lines)


# How a runner's report names a failing item on a line of its own, whatever parser reads it: pytest's short summary
# (`FAILED shop/cart.py::ISORT`, `ERROR x::y - msg`), mocha's numbered failure (`  1) jshint should pass for lib:`,
# or its suite alone, `  1) jshint`, the test's title on the indented lines below up to the one ending in `:`);
# pytest's failure section (`____ isort-check ____`, `____ [pylint] shop/cart.py ____`) is read by items_shown.
_ITEM_LINE = re.compile(
    r"^(?:(?:FAILED|ERROR) (?P<id>\S{1,300})(?: - .{0,500})?|\s{0,8}\d{1,5}\) (?P<title>\S.{0,300}))$"
)


# How many lines below a mocha suite's numbered line its test's title may take.
_TITLE_LINES = 3


def items_shown(lines: Sequence[str]) -> Iterator[str]:
    """The failing items the lines of a runner's report name (see _ITEM_LINE)."""
    for i, line in enumerate(lines):
        if line.startswith("___") and line.endswith("___"):
            yield line.strip("_ ")
        elif (m := _ITEM_LINE.match(line.rstrip())) is None:
            continue
        elif m["id"] or (title := _title(m["title"].rstrip(), lines[i + 1 : i + 1 + _TITLE_LINES])):
            yield m["id"] or title


def _title(first: str, below: Sequence[str]) -> str:
    """A numbered failure's title: its line's words when they end in `:`, else joined with the indented lines
    below up to the one that does (mocha's nested suites). "" when none does: mocha's progress lists a failing
    test's number beside its own title alone (`    1) should pass for lib`), without its suite's."""
    parts = [first]
    for line in () if first.endswith(":") else below:
        if not line.startswith("  ") or _ITEM_LINE.match(line.rstrip()):
            break
        parts.append(line.strip())
        if line.rstrip().endswith(":"):
            break
    return " ".join(parts).removesuffix(":") if parts[-1].endswith(":") else ""


def shown_causes(view: FailingView) -> tuple[Cause, ...]:
    """The causes beneath failing tests (report_cause) that the excerpt's lines name: what the failing tests'
    reports say when no parser read them (a runner no parser reads). So are the failing items the report names
    that are a linter's, a formatter's or a type checker's run as a test (item_cause: pytest's `::ISORT`,
    `[pylint] FILE`, `isort-check`; mocha-jshint's `jshint should pass for lib`): the summary counts their
    failures too. (FailingView.shown_causes caches it.)"""
    unset = unset_variables(view.excerpt)
    lines, linked = joined_waits(view.lines), view.linked  # a wait's report over several lines read as one
    causes = [c for line in lines if (c := report_cause(line, unset, linked)) is not None]
    causes += [c for item in items_shown(lines) if (c := item_cause(item)) is not None]
    if unset:
        # a variable the environment lacks, whose KeyError and name a runner may print on two lines (RSpec's
        # `KeyError:` over `key not found: "NAME"`), which no one line shows
        causes.append(("config-settings", Category.CONFIG, f"a required environment variable is unset ({min(unset)})"))
    return tuple(causes)


# A summary that counts failing tests (`2 failing`, `✖ 2 of 3 tests failed`, `FAILED (failures=1)`, `# fail 3`,
# `Failures: 1`), not errors alone: pytest's `1 error in 0.1s`, unittest's `FAILED (errors=3)` count modules that
# did not import, which are no test's failures.
_COUNTS_FAILURES = re.compile(
    r"(?i)\b[1-9]\d{0,6}(?: [\w/]{1,20}){0,2} fail(?:s|ed|ing|ures?)\b|\bfail(?:s|ed|ing|ures?)? ?[:=]? ?[1-9]"
)


def counts_failing_tests(facts: Facts) -> bool:
    """Whether a test summary in the failing step counts failing tests (counts_failures)."""
    return any(s.category is Category.TEST and counts_failures(s) for s in facts.summaries)


def counts_failures(summary: Summary) -> bool:
    """Whether a summary counts failures (_COUNTS_FAILURES), not errors alone."""
    return bool(summary.failed and _COUNTS_FAILURES.search(summary.text))


def tests_stopped(facts: Facts) -> bool:
    """Whether a test summary in the failing step counts failing tests (counts_failing_tests) or test files that
    never loaded (Summary.files_not_loaded): either way the tests' reports, or what stopped their files, stand
    in the lines."""
    return counts_failing_tests(facts) or files_not_loaded(facts)


def files_not_loaded(facts: Facts) -> bool:
    """Whether a test summary in the failing step counts test files that never loaded (Summary.files_not_loaded)."""
    return any(s.category is Category.TEST and s.files_not_loaded for s in facts.summaries)
