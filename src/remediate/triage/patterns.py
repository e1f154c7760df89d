"""Failure patterns in the log's text that name a cause (a resolution error, a name, task or build file missing, a
config file that does not parse, the settings, a test runner's configuration, a query, an image build's
words), and the names the log says are missing, the project's own among them (OWN_MODULE)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from remediate.facts.lazyregex import Regex
from remediate.facts.meaning import (
    FOLLOW_LINES,
    Missing,
    MissingBuildFile,
    MissingTask,
    installed_code,
    missing_build_file,
    missing_in,
    missing_of,
    missing_task,
    unloaded_grunt_tasks,
)
from remediate.facts.parsers import doclint, javascript, jvm_checkstyle, mypy, pytest, usage
from remediate.facts.parsers.pytest_plugins import UNRECOGNIZED_ARGUMENTS, missing_plugins
from remediate.models import Category
from remediate.triage.causes import SQL_ERROR, YAML_CONTEXT, settings_said
from remediate.triage.failing import FailingView
from remediate.triage.records import compiled_missing, member_missing, native_missing
from remediate.triage.signal import SPECIFIC_OVER_TEST, Signal, pattern_signal

DEP_RESOLUTION = re.compile(
    r"Could not find a version that satisfies|No matching distribution found|ResolutionImpossible|"
    r"conflicting dependencies|version solving failed|npm ERR! (?:code )?ERESOLVE|Could not resolve dependencies|"
    r"because these package versions have conflicting dependencies"
)


_CONFIG_PARSE = re.compile(
    rf"yaml\.(?:scanner|parser|constructor|composer)\.\w+Error|{YAML_CONTEXT}|"
    # npm's JSON.parse of a package.json (`... in JSON at position 90 while parsing near "..."`), pytest's of its
    # ini's filterwarnings (`while parsing the following warning configuration:`)
    r"while parsing (?:near\b|the following \w+ configuration)|"
    r"found character .{1,10} that cannot start any token|TOMLDecodeError|invalid TOML|Cannot declare .{1,80} twice|"
    r"json\.decoder\.JSONDecodeError|Expecting (?:value|property name enclosed)|configparser\.\w+Error|"
    r"Invalid (?:YAML|TOML|JSON)\b|configuration error|"
    # tomllib's and tomli's place (`Unclosed array (at line 4, column 1)`), mocha's rc file (ERR_MOCHA_UNPARSABLE_FILE)
    r"\.toml: [^\n]{1,120}\(at line \d+, column \d+\)|Unable to read/parse |"
    r"\bPsych::SyntaxError\b"  # Ruby's YAML
)


# _CONFIG_PARSE's words that name no parser: a tool's own verdict on any configuration it refused
_GENERIC_CONFIG_ERROR = "configuration error"


# A configuration file's name, relative or absolute (PyYAML's mark names the file it read by its absolute path).
_CONFIG_PATH = re.compile(r"(?<![\w/.-])(/?(?:[\w.-]+/)*[\w.-]+\.(?:ya?ml|toml|json|ini|cfg|conf))\b")


# What a tool's words name, bounded (a quoted name, a regular expression, a file between quotes)
_NAME, _BOUNDED, _FILE = r'[^"\n]{1,200}', r"[^\n]{1,300}", r"[^'\n]{1,300}"


# A test runner's (or a linter's) own configuration that it refuses before running a test: jest-validate's errors (an
# option of the wrong type, a test environment not found), pytest's options from its ini file's addopts that it does not
# know (`error: unrecognized arguments: --cov` over `inifile: .../pytest.ini`; over `inifile: None` no ini file was
# read: the CI step's command line gave them, config still). Not the tests': the runner's set-up.
# Karma's `ERROR [config]: Error in config file!` (and its other config errors), pytest's `'slow' not found in
# `markers` configuration option` (--strict-markers, a marker the ini does not register), PHPUnit's `Could not
# load ".../phpunit.xml".` (the XML does not parse): all the runner's configuration, read before or while
# collecting the tests. A linter's alike: ESLint 9 finding no flat config (`ESLint couldn't find an eslint.config.(js|
# mjs|cjs) file.`: only an .eslintrc, to migrate), ESLint refusing a rule's options (8: `Configuration for rule "x" is
# invalid:`, 9: `Error: Key "rules": Key "x":`) or its configuration file that does not parse (ESLint 2-8's `Cannot
# read config file: FILE`, JSHint's `Can't parse config file: FILE`), before it lints a file: what the linter ran on
# is not wrong; a config it extends by a name within ESLint or a plugin that has none such (`eslint:recomended`,
# `plugin:import/recomended`: the name is wrong, see _RUNNER_PLUGIN). mypy's
# `exclude` that is no regular expression and its `python_executable` that does not run, before it checks a file.
# A path the job names that is not there (`path`: pytest's `file or directory not found`, mypy's `Cannot read file`;
# facts.parsers.pytest.PATH_MISSING), before the tool read a file: the command or the configuration is what is wrong.
# The words of a tool a parser reads are that parser's pattern pieces (one place for them), bounded here.
_RUNNER_CONFIG = re.compile(
    rf"● {javascript.JEST_VALIDATION_ERROR}:|"
    rf"{UNRECOGNIZED_ARGUMENTS}[^\n]{{1,300}}\n[ \t]{{1,8}}{usage.INI_FILE}(?:(?P<command>None)$|\S)|"
    rf"^{javascript.ESLINT_NO_FLAT_CONFIG}|"
    rf"^\s*{javascript.ESLINT_RULE_INVALID.format(rule=_NAME)}|^{javascript.ESLINT_FLAT_RULE}|"
    rf"^{javascript.CONFIG_REFUSED_BEFORE}(?:{'|'.join(javascript.CONFIG_REFUSALS)})|"
    rf"^{javascript.ESLINT_EXTENDS.format(name=f'(?:eslint|plugin):{_NAME}')}|"
    rf"^{mypy.EXCLUDE_INVALID.format(pattern=_BOUNDED)}|^{mypy.INVALID_EXECUTABLE}|"
    rf"ERROR \[config\]: |' not found in `markers` configuration option|{jvm_checkstyle.CONFIG_REFUSED}|"
    r"^Could not load \"[^\"\n]{0,300}phpunit[\w.-]{0,40}\.xml(?:\.dist)?\"|"
    rf"(?P<path>^{pytest.FILE_NOT_FOUND}\S|^\S{{1,300}}{mypy.CANNOT_READ_FILE}|"
    rf"^{mypy.CANT_READ_FILE.format(file=_FILE)})",
    re.MULTILINE,
)


# A plugin the runner's configuration names that is not installed: pytest's `Missing required plugins:` (its
# ini's required_plugins), Karma's `No provider for "framework:mocha"!`, Jest 28+'s `Test environment
# jest-environment-jsdom cannot be found` (no longer shipped with Jest). The configuration is right; the
# package it asks for is missing from the project's dependencies, so it is the dependency specialist's. ESLint 5-8's
# `ESLint couldn't find the plugin "eslint-plugin-x".` alike (its config names it; `npm install ... --save-dev`), and
# pytest's `-p x` (in its addopts) naming a package not installed: `ERROR: Error importing plugin "xdist": No module
# named 'xdist'` (the same name: not a module of the project's own that does not import). ESLint's shared config
# (`extends: "x"`, the package eslint-config-x) alike: 6-8's `ESLint couldn't find the config "x" to extend from.`,
# their Node API's `Error: Failed to load config "x" to extend from.`, 2-4's `Cannot find module 'eslint-config-x'`
# over `Referenced from: .eslintrc`. Not a name within ESLint or a plugin (`eslint:recommended`, `plugin:x/y`): no
# package is missing, the name is wrong (_RUNNER_CONFIG). MkDocs' plugin or theme its configuration names that is not
# installed alike (`Config value 'plugins': The "mkdocstrings" plugin is not installed`, `Config value 'theme':
# Unrecognised theme name: 'material'. The available installed themes are: ...`), which it says it aborted on as `a
# configuration error`.
_MKDOCS_PLUGIN = doclint.MKDOCS_CONFIG_VALUE.format(key="plugins") + doclint.MKDOCS_PLUGIN_MISSING.format(name=_NAME)
_MKDOCS_THEME = doclint.MKDOCS_CONFIG_VALUE.format(key="theme") + doclint.MKDOCS_THEME_MISSING.format(
    name=r"[^'\n]{1,100}"
)
_RUNNER_PLUGIN = re.compile(
    r"^ERROR: Missing required plugins: |"
    rf"^{javascript.ESLINT_EXTENDS.format(name=f'(?!eslint:|plugin:){_NAME}')}|"
    r"^(?:Error: )?Cannot find module '(?:@[\w.-]{1,100}/)?eslint-(?:config|plugin)[\w.-]{0,100}'\nReferenced from: |"
    r"^ERROR: Error importing plugin \"([\w-]{1,100})[\w.-]{0,100}\": No module named '\1|"
    r"No provider for \"(?:framework|reporter|launcher|preprocessor):|"
    rf"^{javascript.ESLINT_NOT_FOUND} plugin \"|"
    r"Test environment [\w@/.-]{1,100} cannot be found\.|"
    rf"{_MKDOCS_PLUGIN}|{_MKDOCS_THEME}",
    re.MULTILINE,
)


# A build tool's or test runner's own words that the project's code did not compile, whatever ran it and whichever
# compiler's lines stand above (a test command stops there: no test ran): go test's `FAIL\tPKG [build failed]` (the
# package's test binary not built: its compiler's or vet's type check failed), go vet's own type check
# (`vet: cart/cart.go:10:23: Rebate not declared by package pricing`; its analyzers' findings have no `vet:`),
# Gradle's compile task (`Execution failed for task ':compileTestJava'.`, `:app:compileDebugKotlin`), Maven's
# compiler plugin (`COMPILATION ERROR :`), esbuild's and Vite 8's Oxc transform of a file a test runner loads
# (`Error: Transform failed with 1 error:`, Vitest's; not a file under node_modules, which the runner is configured
# to transform: esbuild names the file on the line or the next, Oxc in its frame's head three lines below). Not
# cargo's `error: could not compile` and the crate's target (`(bin "shop")`), which Clippy's denied lints end with
# too. What a log of a compiler no parser reads still says.
NOT_COMPILED = Regex(
    r"^FAIL[ \t]{1,8}\S{1,300} \[build failed\][ \t]*$|^vet: \S{1,300}\.go:\d+:\d+: |"
    r"Execution failed for task '(?::[\w.-]{1,100}){0,5}:compile\w{0,60}(?:Java|Kotlin|Groovy|Scala)'\.|"
    r"\bCOMPILATION ERROR :(?: |$)|"
    r"\bTransform failed with \d{1,4} errors?:(?!(?:[^\n]{0,300}\n){0,3}[^\n]{0,300}node_modules)",
    re.MULTILINE,
    needles="[build failed]|vet: |Execution failed for task|COMPILATION ERROR|Transform failed with",
)


# Above a checker's command (0.8): the build tool's verdict outweighs the name of what ran it (`go vet ./...` stopped
# by its type check: the code does not compile, whichever command found it).
NOT_COMPILED_WEIGHT = 0.85


_SQL_ENGINE = re.compile(r"\b(?:duckdb|DuckDB|sqlite3|psycopg2?|sqlalchemy|snowflake|bigquery)\b")


# What an image build says the Dockerfile did: (pattern, rule, what it means). Only the first says the
# Dockerfile's own text is wrong (DOCKERFILE_TEXT): it does not parse, an instruction is unknown, in BuildKit's
# (`dockerfile parse error on line N`), the legacy builder's (`Dockerfile parse error line N`) and buildah's
# words. A COPY or ADD source not in the build context is often a build output an earlier step did not
# produce (target/*.jar, dist/) or a path .dockerignore leaves out; a base image not found, a tag or a
# registry's matter: the Dockerfile may well be right, and the fix elsewhere (see _image_build_only). A RUN
# step that failed is none of these (`run_failed`).
DOCKERFILE_SAYS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (
        re.compile(r"(?i:dockerfile) parse error|Build error: Unknown instruction: \""),
        "dockerfile-parse",
        "the Dockerfile itself is wrong",
    ),
    (
        re.compile(
            r"failed to compute cache key: .{0,300}not found|(?:COPY|ADD) failed: |"
            r"building at STEP \"(?:COPY|ADD) [^\"]{0,300}\": (?:checking on sources|no items matching glob)"
        ),
        "dockerfile-source",
        "a COPY or ADD source is not in the build context",
    ),
    (
        re.compile(r"pull access denied for |manifest for \S+ not found|manifest unknown"),
        "dockerfile-image",
        "the base image was not found",
    ),
)


DOCKERFILE_RULES = frozenset(f"pattern:{rule}" for _, rule, _ in DOCKERFILE_SAYS)


def third_party_missing(text: str, tree: Sequence[str], own: frozenset[str] = frozenset()) -> Missing | None:
    """The first third-party name the text's tools say is missing (see remediate.facts.meaning), but the names in
    `own`: those a record judged the project's own with the file the tool named (FailingView.own_in_records)."""
    return next((m for m in missing_in(text, tree) if m.third_party and m.name not in own), None)


def _missing_task_in(text: str) -> MissingTask | None:
    """The first task the excerpt's runners say the project does not define (remediate.facts.meaning)."""
    lines = text.splitlines()
    unloaded = unloaded_grunt_tasks(lines)
    return next(
        (t for i, line in enumerate(lines) if (t := missing_task(line, lines[i + 1 : i + 1 + FOLLOW_LINES], unloaded))),
        None,
    )


def _missing_build_file_in(text: str) -> MissingBuildFile | None:
    """The first build file the excerpt's build tools say is absent where the CI ran them (remediate.facts.meaning)."""
    return next((absent for line in text.splitlines() if (absent := missing_build_file(line))), None)


def _line_at(text: str, at: int) -> str:
    """The whole line of `text` holding offset `at`, its runs of blanks made one."""
    start, end = text.rfind("\n", 0, at) + 1, text.find("\n", at)
    return " ".join(text[start : end if end >= 0 else None].split())


def content_signals(view: FailingView) -> list[Signal]:
    """The failure patterns the view's text shows (the failing steps', or the vouch-only steps' own: failing.after)."""
    text, tree = view.text, view.tree
    signals: list[Signal] = []
    if m := DEP_RESOLUTION.search(text):
        reason = f"dependency resolution failed ({m.group(0)})"
        signals.append(pattern_signal(Category.DEPENDENCY, 0.9, reason, "dependency-resolution"))
    if missing := third_party_missing(text, tree, frozenset(m.name for m in view.own_in_records)):
        native, compiler, member = native_missing(missing), compiled_missing(missing), member_missing(missing)
        signals.append(
            pattern_signal(
                missing.means,
                0.75,
                missing.what,
                "missing-name",
                missing=True,
                native=native,
                compiler=compiler,
                member=member,
            )
        )
    if task := _missing_task_in(view.read_excerpt):
        signals.append(pattern_signal(Category.CONFIG, 0.85, task.what, "missing-task"))
    elif absent := _missing_build_file_in(view.read_excerpt):
        signals.append(pattern_signal(Category.CONFIG, 0.85, absent.what, "missing-build-file"))
    signals.extend(_configuration_signals(text))
    if not view.failing_tests and (m := NOT_COMPILED.search(text)):
        # (beside tests failing on their own, go test's other packages', it is one of two failures:
        # beneath.not_loaded_beside_tests)
        reason = f"the build tool says the code did not compile ({_line_at(text, m.start())[:100]})"
        signals.append(pattern_signal(Category.BUILD, NOT_COMPILED_WEIGHT, reason, "not-compiled"))
    if m := SQL_ERROR.search(text):
        signals.append(pattern_signal(Category.SQL, 0.85, f"the database rejected a query ({m.group(0)})", "sql-error"))
    elif view.failing_tests and any(p.endswith(".sql") for p in tree) and _SQL_ENGINE.search(text):
        reason = "tests fail on the output of the project's SQL files"
        signals.append(pattern_signal(Category.SQL, SPECIFIC_OVER_TEST, reason, "sql-tests"))
    for pattern, rule, what in DOCKERFILE_SAYS:
        if m := pattern.search(text):
            signals.append(pattern_signal(Category.DOCKERFILE, 0.85, f"{what} ({m.group(0)[:60]})", rule))
    # where the log has steps, a pattern that says which line it matched lies in that line's steps
    return [replace(s, steps=view.steps_showing(s.matched)) if s.matched and not s.steps else s for s in signals]


def _configuration_signals(text: str) -> list[Signal]:
    """A configuration file that does not parse, the settings said wrong, a tool refusing its own configuration, or
    a plugin that configuration names not installed."""
    signals: list[Signal] = []
    plugin = _RUNNER_PLUGIN.search(text)
    # a tool that says it aborted on `a configuration error` and that the error is a plugin not installed (MkDocs):
    # no document failed to parse, the words are the plugin's verdict
    if (parsed := _config_parse(text)) and not (plugin and parsed[0] == _GENERIC_CONFIG_ERROR):
        said, file = parsed
        what, weight = (file, 0.9) if file else ("a configuration file", 0.6)
        signals.append(pattern_signal(Category.CONFIG, weight, f"{what} does not parse ({said[:60]})", "config-parse"))
    if settings := settings_said(text):
        signals.append(pattern_signal(Category.CONFIG, 0.6, settings, "config-settings"))
    if runner := _runner_signal(text, plugin):
        signals.append(runner)
    return signals


def _runner_signal(text: str, plugin: re.Match[str] | None) -> Signal | None:
    """A test runner's or linter's refusal to start: a plugin it needs not installed (dependency), else its
    configuration or the CI step's command (config). pytest's refused options that only a plugin adds
    (facts.parsers.pytest_plugins) are the plugin's absence, from the command line or addopts alike."""
    if m := plugin:
        said = _line_at(text, m.start())[:100]
        reason = f"a plugin or shared config the tool's configuration names is not installed ({said})"
        return pattern_signal(Category.DEPENDENCY, 0.85, reason, "runner-plugin", matched=_line_at(text, m.start()))
    if not (m := _RUNNER_CONFIG.search(text)):
        return None
    line = _line_at(text, m.start())
    said = line[:100]
    if plugins := missing_plugins(line):
        reason = f"pytest refused options only a plugin adds, not installed ({', '.join(plugins)}: {said})"
        return pattern_signal(Category.DEPENDENCY, 0.85, reason, "runner-plugin", matched=line)
    if m["command"]:
        reason = f"the CI step's command line gives the tool options it does not know, no ini file read ({said})"
    elif m["path"]:
        reason = f"the job's command or the tool's configuration names a path that is not there ({said})"
    else:
        reason = f"the tool refused its own configuration ({said})"
    return pattern_signal(Category.CONFIG, 0.85, reason, "runner-config", matched=line)


# How far from a parse error's line the file it is about is printed: PyYAML's `in "<file>", line N` mark
# below it, npm's `Failed to parse package.json data.` below its `JSON.parse` line, a loader's prefix on
# the line itself.
CONFIG_FILE_WITHIN = FOLLOW_LINES


# How many parse errors are asked for the file they name (a test run repeats one error in every test).
CONFIG_PARSE_TRIES = 20


def _config_parse(text: str) -> tuple[str, str] | None:
    """The first words saying a document does not parse, and the configuration file an error names
    near its line ("" when none does). A config file named elsewhere in the log (a settings file a step
    copied, the package.json a build printed) says nothing of which document failed: npm's `Unexpected
    end of JSON input while parsing near` without its `file` line is a registry answer or a cache entry
    cut short (the network's or the runner's), not the project's package.json."""
    first = ""
    for i, m in enumerate(_CONFIG_PARSE.finditer(text)):
        if i == CONFIG_PARSE_TRIES:
            break
        first = first or m.group(0)
        start, end = m.start(), m.end()
        for _ in range(CONFIG_FILE_WITHIN + 1):
            start = max(0, text.rfind("\n", 0, start - 1))
            end = text.find("\n", end + 1) if end < len(text) else end
            end = len(text) if end < 0 else end
        found = _CONFIG_PATH.findall(text, start, end)
        paths = (p for p in found if not installed_code(p) and "site-packages" not in p)
        if file := next((p for p in paths if not p.startswith(".github/")), ""):
            return first, file
    return (first, "") if first else None


def _named_missing(view: FailingView) -> list[Missing]:
    """Every name the failing steps' records and excerpt say is missing, judged with the project's files or
    the repository's name (FailingView.tree); none when neither is known."""
    tree = view.tree
    if not tree:
        return []
    named = [m for e in view.errors if (m := missing_of(e.message, (), e.file, tree, view.linked)) is not None]
    return named + list(missing_in(view.read_excerpt, tree, view.linked))


def own_names_missing(view: FailingView) -> bool:
    """The facts called it a dependency failure before the project's files were known, and every
    name the log says is missing turns out to be the project's own (a renamed or moved module)."""
    if view.facts.category is not Category.DEPENDENCY:
        return False
    named = _named_missing(view)
    return bool(named) and not any(m.third_party for m in named)


# The project's own package that an interpreter or a loader did not find where the code ran (Python's
# `No module named 'shopcart'` in repository shopcart, or a package of the source tree): the package not
# installed there (the CI's set-up), a path, or a renamed module (the code). Whatever then failed (tests
# not collected, a script stopped) says where, not which fix. A relative import (node's `Cannot find
# module './lib/util'`) names a file of the code, and so does a name below an own module the build links from
# the source (`@shop/rates/lib/tariff` of an npm workspace's package: Missing.within, with --source), a name its
# module lacks (`cannot import name 'total' from 'shopcart.cart'`: the module was found) a renamed member, and a
# compiler's name the build's own code: the other evidence decides those as before.
OWN_MODULE = "the project's own module was not found where it ran: its installation, a path or a rename; not sure which"


_RELATIVE = (".", "/", "~")


def own_module_missing(view: FailingView) -> bool:
    named = [*_named_missing(view), *view.own_in_records]
    # an excerpt's line has no file: a record of the same name, read with the frame that imported it, knows that
    # frame is a file of the own package in the source (Missing.within, owner.imported_from_source)
    placed = {m.name for m in named if m.within}
    return any(
        m.kind == "module"
        and m.name not in placed
        and not (m.third_party or m.compiler or m.member or m.within or m.name.startswith(_RELATIVE))
        for m in named
    )
