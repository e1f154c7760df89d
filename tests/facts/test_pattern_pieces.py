"""The parsers' pattern pieces (a tool's words, written once) that triage.patterns composes into its runner
configuration and runner plugin patterns, the reading with the parsers left out: each composed pattern still reads
one real line of its tool (a stored sample), and reads it through the piece."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from remediate.facts import checkerreports, located, summaries
from remediate.facts.lazyregex import Regex
from remediate.facts.meaning import task_failures, tasks
from remediate.facts.parsers import (
    compiler,
    doclint,
    javascript,
    jslegacy,
    jsrunners,
    jvm,
    jvm_ant,
    mypy,
    nodeerrors,
    nodetest,
    pydoctest,
    pytest_plugins,
    python,
    ruby,
    ruff,
    rust,
    testunit,
    usage,
)
from remediate.facts.parsers import pytest as pytest_parser
from remediate.facts.parsers.base import LineRules
from remediate.facts.terminal import strip_terminal
from remediate.triage import reports
from remediate.triage.patterns import _RUNNER_CONFIG, _RUNNER_PLUGIN

DATA = Path(__file__).parent / "data"

# (piece, the pattern composed of it, a sample of its tool, words of the line it must read there)
CASES = [
    (javascript.JEST_VALIDATION_ERROR, _RUNNER_CONFIG, "jest29_config_validation_error", "● Validation Error:"),
    (pytest_plugins.UNRECOGNIZED_ARGUMENTS, _RUNNER_CONFIG, "pytest9_cov_option_misspelt", "unrecognized arguments"),
    (usage.INI_FILE, _RUNNER_CONFIG, "pytest9_cov_option_misspelt", "inifile: None"),
    (javascript.ESLINT_NO_FLAT_CONFIG, _RUNNER_CONFIG, "eslint9_no_flat_config", "eslint.config."),
    (javascript.ESLINT_RULE_INVALID, _RUNNER_CONFIG, "eslint8_rule_options_invalid", "Configuration for rule"),
    (javascript.ESLINT_FLAT_RULE, _RUNNER_CONFIG, "eslint9_rule_options_invalid", 'Key "rules"'),
    (javascript.CONFIG_REFUSED_BEFORE, _RUNNER_CONFIG, "eslint4_config_yaml", "YAMLException: Cannot read config"),
    (javascript.CONFIG_REFUSALS[0], _RUNNER_CONFIG, "eslint8_config_json", "Cannot read config file: "),
    (javascript.CONFIG_REFUSALS[1], _RUNNER_CONFIG, "jshint29_config", "Can't parse config file: "),
    (javascript.ESLINT_EXTENDS, _RUNNER_CONFIG, "eslint8_extends_builtin_misnamed", "to extend from."),
    (javascript.ESLINT_EXTENDS, _RUNNER_PLUGIN, "eslint8_api_extends_missing", "to extend from."),
    (javascript.ESLINT_NOT_FOUND, _RUNNER_PLUGIN, "eslint6_missing_plugin", "ESLint couldn't find the plugin"),
    (mypy.EXCLUDE_INVALID, _RUNNER_CONFIG, "mypy241_exclude_invalid_regex", "is an invalid regular expression"),
    (mypy.INVALID_EXECUTABLE, _RUNNER_CONFIG, "mypy241_python_executable_invalid", "Invalid python executable"),
    (mypy.CANNOT_READ_FILE, _RUNNER_CONFIG, "mypy241_files_entry_missing", "error: Cannot read file"),
    (mypy.CANT_READ_FILE, _RUNNER_CONFIG, "mypy0971_files_entry_missing", "can't read file"),
    (pytest_parser.FILE_NOT_FOUND, _RUNNER_CONFIG, "pytest9_path_not_found", "file or directory not found"),
    (doclint.MKDOCS_CONFIG_VALUE, _RUNNER_PLUGIN, "mkdocs161_plugin_not_installed", "Config value 'plugins'"),
    (doclint.MKDOCS_PLUGIN_MISSING, _RUNNER_PLUGIN, "mkdocs161_plugin_not_installed", "plugin is not installed"),
    (doclint.MKDOCS_THEME_MISSING, _RUNNER_PLUGIN, "mkdocs161_theme_not_installed", "Unrecognised theme name"),
]


@pytest.mark.parametrize(("piece", "composed", "sample", "words"), CASES, ids=[case[2] for case in CASES])
def test_composed_pattern_reads_its_tools_line(piece: str, composed: re.Pattern[str], sample: str, words: str) -> None:
    # the piece's words up to what a reader fills in (`{name}`) are in the composed pattern as written
    assert piece.partition("{")[0] in composed.pattern
    text = strip_terminal((DATA / f"{sample}.txt").read_text(encoding="utf-8"))  # as the log's lines read
    read = [m for m in composed.finditer(text) if words in text[m.start() : text.find("\n", m.end()) + 1 or None]]
    assert read, f"{composed.pattern[:60]}... reads no line of {sample} with {words!r}"


# (piece, a pattern built on it, a sample of its tool, the place the sample's first frame it reads names)
FRAME_CASES = [
    (nodeerrors.V8_FRAME, nodeerrors._FRAME, "node10_uncaught", ".js"),
    (nodeerrors.V8_FRAME, jsrunners._FRAME, "jest29_decoys", ".js"),
    (nodeerrors.FRAME_AT, jslegacy._FRAME_START, "bun_test_github", ""),
    (ruby.RUBY_FRAME_AT, ruby._RUBY_FRAME, "minitest_reporters_default", ".rb"),
    (ruby.RUBY_FRAME_AT, testunit._FRAME, "testunit_blocks", ".rb"),
]


@pytest.mark.parametrize(("piece", "pattern", "sample", "file"), FRAME_CASES, ids=[case[2] for case in FRAME_CASES])
def test_frame_piece_reads_its_tools_frame(piece: str, pattern: Regex, sample: str, file: str) -> None:
    assert pattern.source.startswith(piece.partition("{")[0])
    lines = strip_terminal((DATA / f"{sample}.txt").read_text(encoding="utf-8")).splitlines()
    frames = [m for line in lines if (m := pattern.compiled.match(line.strip() if file == ".rb" else line))]
    assert frames, f"{pattern.source} reads no frame of {sample}"
    assert all(file in m.group(0) for m in frames)


@pytest.mark.parametrize("sample", ["cargo195_bin_two_errors", "ruff_check_full"])
def test_arrow_place_is_rusts_and_ruffs(sample: str) -> None:
    for table in (rust._RULES, ruff._RULES):
        assert rust.ARROW_PLACE in [rule.pattern for rule in table.rules]
    text = strip_terminal((DATA / f"{sample}.txt").read_text(encoding="utf-8"))
    assert re.search(rust.ARROW_PLACE, text, re.MULTILINE), f"no `-->` place read in {sample}"


def test_mypy_count_is_read_by_the_checkers_last_line_readers() -> None:
    text = strip_terminal((DATA / "mypy_name_undefined.txt").read_text(encoding="utf-8"))
    count = mypy.FOUND.format(failed=checkerreports.COUNT, count=checkerreports.COUNT)
    run_as_test = [
        cause.pattern for cause, _, _, said in reports._REPORT_CAUSES if said == "a type checker run as a test"
    ]
    assert len(run_as_test) == 1
    for pattern in [checkerreports._MYPY.source, *run_as_test]:
        assert count in pattern
        assert re.search(pattern, text, re.MULTILINE), f"{pattern} reads no line of mypy_name_undefined"


def _pattern(rule: Any) -> str:
    return rule.pattern if isinstance(rule.pattern, str) else str(rule.pattern.source)


def _rule_patterns(table: LineRules[Any]) -> list[str]:
    return [_pattern(rule) for rule in table.rules]


# (piece, the patterns its readers build on it, a sample of its tool): each starts with the piece, each reads a line
START_CASES = [
    (jvm.ANT_JUNIT, [*_rule_patterns(jvm._RULES), jvm_ant._FRAME.source], 2, "ant_junit"),
    (
        summaries.MAKE_SAYS,
        [summaries._MAKE_SAYS.source, *_rule_patterns(compiler._RULES)],
        2,
        "make43_no_rule_needed_by",
    ),
    (
        python.PYTEST_SHORT_FRAME,
        [*_rule_patterns(python._RULES), *_rule_patterns(pytest_parser._RULES)],
        2,
        "pytest46_indentation_in_test",
    ),
    (
        tasks.NO_RAKEFILE,
        [tasks._NO_BUILD_FILE[0][1].source, *(r[2].source for r in task_failures._TASK_FAILURES)],
        2,
        "rake_no_rakefile",
    ),
]


@pytest.mark.parametrize(("piece", "patterns", "readers", "sample"), START_CASES, ids=[case[3] for case in START_CASES])
def test_start_piece_reads_its_tools_line(piece: str, patterns: list[str], readers: int, sample: str) -> None:
    built = [pattern for pattern in patterns if pattern.startswith(piece)]
    assert len(built) == readers
    text = strip_terminal((DATA / f"{sample}.txt").read_text(encoding="utf-8"))
    for pattern in built:
        assert re.search(pattern, text, re.MULTILINE), f"{pattern} reads no line of {sample}"


@pytest.mark.parametrize(
    ("sample", "head"),
    [
        ("nodetest20_spec_require_syntax_error", "/home/runner/work/shopcart/shopcart/src/cart.js:2"),
        ("nodetest20_spec_esm_syntax_error", "file:///home/runner/work/esmshop/esmshop/src/cart.mjs:2"),
    ],
)
def test_node_report_head_is_read_by_the_parser_nodetest_and_the_report_cause(sample: str, head: str) -> None:
    # nodeerrors' header rule, nodetest's search for the report above a file that died loading and triage.reports'
    # node --test cause are all built on nodeerrors' pieces, and all read the head of Node's report of a file that
    # does not parse, a CommonJS file's path or an ES module's URL
    text = strip_terminal((DATA / f"{sample}.txt").read_text(encoding="utf-8"))
    extension = nodeerrors.SCRIPT.partition("}")[2]
    header = nodeerrors._RULES.rules[0].pattern
    assert isinstance(header, str) and extension in header
    read = re.match(header, head)
    assert read is not None and read["file"] == head.removesuffix(":2")
    assert nodetest._REPORT_HEAD.pattern.endswith(nodeerrors.REPORT_HEAD) and nodetest._REPORT_HEAD.match(head)
    causes = [cause for cause, _, _, _ in reports._REPORT_CAUSES if extension in cause.pattern]
    assert len(causes) == 1
    found = causes[0].search(text)
    assert found is not None and found.group().startswith(head)


# (a table, a literal of its rules built from a piece, a sample of its tool): a rule of the table has the literal
# and reads a real line of the tool that holds it, so the literal the piece gives still lets the tool's line through
NEEDLE_CASES = [
    (mypy._MYPY, mypy.EXCLUDE_INVALID.partition("}")[2], "mypy241_exclude_invalid_regex"),
    (mypy._MYPY, mypy.INVALID_EXECUTABLE, "mypy241_python_executable_invalid"),
    (mypy._MYPY, mypy.CANNOT_READ_FILE.removesuffix(f"{mypy.PATH_UNREADABLE}$"), "mypy241_files_entry_missing"),
    (mypy._MYPY, mypy.CANT_READ_FILE.partition("{")[0], "mypy0971_files_entry_missing"),
    (mypy._MYPY, mypy.FOUND.partition("{")[0], "mypy_name_undefined"),
    (javascript._ESLINT, f"{javascript.ESLINT_NOT_FOUND} ", "eslint6_missing_plugin"),
    (javascript._ESLINT, javascript.ESLINT_RULE_INVALID.partition("{")[0], "eslint8_rule_options_invalid"),
    (javascript._ESLINT, javascript.ESLINT_FLAT_RULE.removeprefix("(?:Type)?"), "eslint9_rule_options_invalid"),
    (jvm._RULES, located.JAVADOC_RAN[0], "javadoc17_doclint_errors"),
    (python._RULES, python.FRAME_OPENS, "python_chained_deep"),
    (pydoctest._RULES, python.FRAME_OPENS, "doctest"),
]


@pytest.mark.parametrize(("table", "words", "sample"), NEEDLE_CASES, ids=[case[2] for case in NEEDLE_CASES])
def test_a_literal_built_from_a_piece_lets_its_tools_line_through(
    table: LineRules[Any], words: str, sample: str
) -> None:
    def literals(rule: Any) -> tuple[str, ...]:
        return (*((rule.starts,) if isinstance(rule.starts, str) else rule.starts), *rule.has)

    rules = [rule for rule in table.rules if words in literals(rule)]
    assert rules, f"no rule's literal is {words!r}"
    lines = strip_terminal((DATA / f"{sample}.txt").read_text(encoding="utf-8")).splitlines()
    read = [
        line
        for rule in rules
        for line in lines
        if (re.search if rule.search else re.match)(_pattern(rule), line.strip() if rule.stripped else line)
    ]
    assert any(words in line for line in read), f"no line of {sample} read with {words!r}"
