"""Travis-era linters and checkers no parser read before the sixteenth round (real output:
tests/facts/data/README.md, "Linters a CI step names"): lesshint, Stylint, pug-lint (jade-lint), htmllint-cli,
markdown-spellcheck, restructuredtext-lint, `setup.py check -r -s`, yaml-lint, JSLint, depcheck; and the
lint/config border (jsonlint, linters refusing their own configuration)."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA, facts

CLASS_LITERAL = 'Static attribute "class" must be written as class literal'
DUPLICATE_HREF = 'Duplicate attribute "href" is not allowed'


@pytest.mark.parametrize(
    ("sample", "tool", "rows"),
    [
        (
            "lesshint465_errors.txt",
            "lesshint",
            [
                ("app.less", 2, 10, "#FFF should be written in the long-form format."),
                ("app.less", 3, 10, "Colon after property name should be followed by one space."),
            ],
        ),
        (
            "lesshint24_errors.txt",
            "lesshint",
            [
                ("app.less", 2, 10, "#FFF should be written in the long-form format."),
                ("app.less", 3, 10, "Colon after property name should be followed by one space."),
            ],
        ),
        (
            "stylint159.txt",
            "stylint",
            [
                ("styl/app.styl", 2, 12, "unnecessary semicolon found"),
                ("styl/app.styl", 3, 8, "0 is preferred. Unit value is unnecessary"),
            ],
        ),
        (
            "stylint200.txt",
            "stylint",
            [
                ("styl/app.styl", 2, 12, "unnecessary semicolon found"),
                ("styl/app.styl", 3, 8, "0 is preferred. Unit value is unnecessary"),
            ],
        ),
        (
            "puglint270.txt",
            "pug-lint",
            [("views/index.pug", 4, 9, CLASS_LITERAL), ("views/index.pug", 5, 17, DUPLICATE_HREF)],
        ),
        (
            "jadelint210.txt",
            "pug-lint",
            [("views/cart.jade", 4, 9, CLASS_LITERAL), ("views/cart.jade", 5, 17, DUPLICATE_HREF)],
        ),
        (
            "htmllint_cli007.txt",
            "htmllint",
            [
                ("site/index.html", 4, 20, "the `style` attribute is banned"),
                ("site/index.html", 4, 9, "id value must match the format: dash"),
            ],
        ),
        (
            "mdspell131.txt",
            "mdspell",
            [
                ("DOC.md", 1, None, "unknown word in: # Shopp"),
                ("DOC.md", 3, None, "unknown word in: This is a smal shop."),
            ],
        ),
    ],
)
def test_a_travis_era_linter_s_findings_are_lint_records_and_decide_lint_under_npm_test(
    sample: str, tool: str, rows: list[tuple[str, int, int | None, str]]
) -> None:
    """Before: no record, and under `npm test` (a pretest that lints) the wrapper's name made the guess test."""
    f = facts(sample)
    assert [(e.file, e.line, e.column, e.message) for e in f.errors] == rows
    assert {(e.tool, e.category) for e in f.errors} == {(tool, Category.LINT)}
    framed = extract_facts(framing.travis("npm test", (DATA / sample).read_text()))
    verdict = rule_verdict(framed)
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason


def test_lesshint_and_stylint_name_the_rule_a_row_breaks() -> None:
    assert [e.code for e in facts("lesshint465_errors.txt").errors] == ["hexLength", "spaceAfterPropertyColon"]
    assert [e.code for e in facts("stylint159.txt").errors] == ["semicolons", "zeroUnits"]


def test_lesshint_s_warnings_fail_nothing() -> None:
    """Without the `.lesshintrc` that makes two rules errors every row warns and lesshint exits 0."""
    assert not facts("lesshint465_warnings.txt").errors
    assert [e.code for e in facts("lesshint465_errors.txt").errors if e.code == "hexNotation"] == []


def test_stylint_s_warnings_fail_nothing() -> None:
    text = b"styl/app.styl\n2:9 colors warning hexidecimal color should be a variable\n\nStylint: 0 Errors.\n"
    assert not extract_facts(text).errors


def test_indented_numbered_lines_are_mdspell_s_only_under_its_count() -> None:
    """An indented Markdown name over indented `N | text` lines is a common shape (a diff, a code frame):
    without mdspell's `>> N spelling errors found` they are nobody's spelling errors."""
    text = (DATA / "mdspell131.txt").read_text()
    without = "\n".join(line for line in text.splitlines() if "spelling error" not in line)
    assert [e.tool for e in facts("mdspell131.txt").errors] == ["mdspell", "mdspell"]
    assert not [e for e in extract_facts(without.encode()).errors if e.tool == "mdspell"]


def test_a_pug_place_without_the_frame_and_message_below_is_no_record() -> None:
    assert not [e for e in extract_facts(b"views/index.pug:4:9\n").errors if e.tool == "pug-lint"]


UNKNOWN_DIRECTIVE = 'Unknown directive type "unknown-directive".'
UNCLOSED = "Inline interpreted text or phrase reference start-string without end-string."


def test_rst_lint_s_rows_are_docutils_records_at_the_file_s_line() -> None:
    f = facts("rst_lint132.txt")
    assert [(e.file, e.line, e.code, e.message) for e in f.errors] == [
        ("README.rst", 7, "ERROR", UNKNOWN_DIRECTIVE),
        ("README.rst", 9, "WARNING", UNCLOSED),
    ]
    verdict = rule_verdict(extract_facts(framing.travis("tox -e lint", (DATA / "rst_lint132.txt").read_text())))
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason


@pytest.mark.parametrize("sample", ["setup_check_rs_py36.txt", "setup_check_rs_py27.txt"])
def test_setup_py_check_strict_fails_on_the_long_description_s_markup(sample: str) -> None:
    """distutils' `check -r -s`: docutils' complaints (a two-line one joined) are the records, at the
    description's line; the metadata warnings beside them fail the run too but are marks only."""
    f = facts(sample)
    rows = [(e.line, e.message) for e in f.errors]
    assert (7, UNKNOWN_DIRECTIVE) in rows and (9, UNCLOSED) in rows
    assert (
        2,
        "Possible title underline, too short for the title. Treating it as ordinary text because it's so short.",
    ) in rows
    assert not [m for _, m in rows if "meta-data" in m]
    assert {(e.tool, e.category) for e in f.errors} == {("docutils", Category.LINT)}
    verdict = rule_verdict(extract_facts(framing.travis("python setup.py check -r -s", (DATA / sample).read_text())))
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason


def test_setup_py_check_s_complaints_are_records_only_when_it_failed_on_them() -> None:
    text = (DATA / "setup_check_rs_py36.txt").read_text()
    warned = "\n".join(line for line in text.splitlines() if not line.startswith("error: "))
    assert not [e for e in extract_facts(warned.encode()).errors if e.tool == "docutils"]
    metadata = "running check\nwarning: check: missing required meta-data: url\n\nerror: Please correct your package.\n"
    assert not extract_facts(metadata.encode()).errors


# The lint/config border (the lead's ruling of the sixteenth round): a linter asked to check a file reports that
# the file does not parse as its finding; `config` stays for a program that fails to read a file it needs. The
# dev half attests neither label (none of its logs holds such a linter's output); held out, lint-labelled logs
# read as config records were the wrong decisions on this border.


def test_jsonlint_run_by_npm_s_pretest_is_a_lint_step_that_found_a_file_that_does_not_parse() -> None:
    sample = "wrapper_npm10_pretest_jsonlint.txt"
    f = extract_facts(framing.travis("npm test", (DATA / sample).read_text()))
    assert [(e.tool, e.code, e.category) for e in f.errors] == [("jsonlint", "syntax", Category.LINT)]
    assert f.ran_command == "jsonlint -q data/prices.json"
    verdict = rule_verdict(f)
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason  # before: config at 0.82


@pytest.mark.parametrize(
    ("sample", "rows"),
    [
        (
            "yaml_lint170.txt",
            [
                ("/tmp/lintw/proj/yml/bad.yml", 2, 4, "bad indentation of a mapping entry"),
                ("/tmp/lintw/proj/yml/bad2.yml", 2, 1, "unexpected end of the stream within a flow collection"),
            ],
        ),
        ("yaml_lint124.txt", [("/tmp/lintw/proj/yml/bad.yml", 2, 4, "bad indentation of a mapping entry")]),
    ],
)
def test_yaml_lint_s_findings_are_the_files_it_checked_that_do_not_parse(
    sample: str, rows: list[tuple[str, int, int, str]]
) -> None:
    f = facts(sample)
    assert [(e.file, e.line, e.column, e.message) for e in f.errors] == rows
    assert {(e.tool, e.code, e.category) for e in f.errors} == {("yaml-lint", "syntax", Category.LINT)}
    verdict = rule_verdict(extract_facts(framing.travis("npm test", (DATA / sample).read_text())))
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason


def test_a_yaml_path_and_an_error_line_are_yaml_lint_s_only_after_its_verdict() -> None:
    text = b"/srv/app/config.yml\n ERROR  something went wrong (2:4)\n"
    assert not [e for e in extract_facts(text).errors if e.tool == "yaml-lint"]


@pytest.mark.parametrize(
    ("sample", "tool", "file", "reason"),
    [
        ("eslint2_config_json.txt", "eslint", ".eslintrc.json", "Expected double-quoted property name in JSON"),
        ("eslint4_config_yaml.txt", "eslint", ".eslintrc.yml", "bad indentation of a mapping entry"),
        ("eslint6_config_yaml.txt", "eslint", ".eslintrc.yml", "bad indentation of a mapping entry"),
        ("eslint8_config_json.txt", "eslint", ".eslintrc.json", "Expected double-quoted property name in JSON"),
        ("jshint29_config.txt", "jshint", ".jshintrc", "SyntaxError: Expected double-quoted property name"),
    ],
)
def test_a_linter_refusing_its_own_config_file_is_a_config_record_that_decides(
    sample: str, tool: str, file: str, reason: str
) -> None:
    """ESLint 2-8 and JSHint 2 refusing a configuration file that does not parse: one record, whatever the
    format, and it decides config under the linter's command and under `npm test` (the tool refused its own
    configuration, as with a rule's options). Round 39; before, shown but voting for nothing: each run abstained."""
    f = facts(sample)
    assert [(e.tool, e.code, e.category, e.votes) for e in f.errors] == [(tool, "config-file", Category.CONFIG, True)]
    err = f.errors[0]
    assert err.file is not None and err.file.endswith(file) and reason in err.message
    for command in ("npm test", f"{tool} src"):
        verdict = rule_verdict(extract_facts(framing.travis(command, (DATA / sample).read_text())))
        assert verdict.decided and verdict.category is Category.CONFIG, verdict.reason


def test_a_yaml_loader_s_own_failure_is_still_a_config_record() -> None:
    """Only ESLint's refusal is left to the ESLint parser: a YAMLException a program raised is config's."""
    text = b'YAMLException: bad indentation of a mapping entry at line 3, column 4:\n    in "app.yml", line 3\n'
    assert [(e.tool, e.category) for e in extract_facts(text).errors] == [("yaml", Category.CONFIG)]


def test_tox_s_summary_of_a_failed_lint_env_is_no_database_error() -> None:
    """tox 2-3 close with `ERROR:   flake8: commands failed` (three spaces): psql's `ERROR:  message` shape
    read it as a PostgreSQL error (an sql record beside flake8's)."""
    f = facts("tox3_envlist_flake8_fails.txt")
    assert {(e.tool, e.category) for e in f.errors} == {("flake8", Category.LINT)}
    verdict = rule_verdict(extract_facts(framing.travis("tox", (DATA / "tox3_envlist_flake8_fails.txt").read_text())))
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason
    assert [e.tool for e in extract_facts(b'ERROR:  relation "carts" does not exist\n').errors] == ["postgres"]


@pytest.mark.parametrize("sample", ["jslint012.txt", "jslint098.txt"])
def test_jslint_s_warnings_are_records_at_the_place_below_each(sample: str) -> None:
    """node-jslint: ` #2 Expected ';' and instead saw 'items'.` over `    var sum = 0 // Line 2, Pos 14`; its
    `Stopping. (85% scanned).` is no finding. Before: no record, no signal."""
    f = facts(sample)
    rows = [(e.file, e.line, e.column, e.message) for e in f.errors]
    assert rows[:2] == [
        ("src/cart.js", 2, 3, "Missing 'use strict' statement."),
        ("src/cart.js", 2, 14, "Expected ';' and instead saw 'items'."),
    ]
    assert ("src/cart.js", 6, 1, "Unexpected 'module'.") in rows
    assert not [m for *_, m in rows if m.startswith("Stopping.")]
    assert {(e.tool, e.category) for e in f.errors} == {("jslint", Category.LINT)}
    verdict = rule_verdict(extract_facts(framing.travis("npm test", (DATA / sample).read_text())))
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason


def test_a_numbered_comment_without_jslint_s_place_below_is_no_record() -> None:
    text = b"src/cart.js\n#1 first step\n#2 second step\n"
    assert not [e for e in extract_facts(text).errors if e.tool == "jslint"]


@pytest.mark.parametrize(
    ("sample", "missing_in"),
    [("depcheck084.txt", "package.json"), ("depcheck147.txt", "lib/a.js")],
)
def test_depcheck_s_unused_and_missing_dependencies_are_dependency_records(sample: str, missing_in: str) -> None:
    """depcheck (npm's deptry) under `npm test`: before, no record and no signal (unknown)."""
    f = facts(sample)
    assert [(e.code, e.file) for e in f.errors] == [
        ("unused-dependency", "package.json"),
        ("missing-dependency", missing_in),
    ]
    assert {(e.tool, e.category) for e in f.errors} == {("depcheck", Category.DEPENDENCY)}
    assert "lodash" in f.errors[0].message and "underscore" in f.errors[1].message
    verdict = rule_verdict(extract_facts(framing.travis("npm test", (DATA / sample).read_text())))
    assert verdict.category is Category.DEPENDENCY and verdict.decided, verdict.reason


def test_bullets_under_another_heading_are_no_depcheck_rows() -> None:
    text = b"Unused dependencies\n* lodash\nSee the docs:\n* https://example.com\n"
    assert [e.message for e in extract_facts(text).errors if e.tool == "depcheck"] == ["Unused dependency lodash"]


@pytest.mark.parametrize(
    ("sample", "code", "name"),
    [
        ("dependency_check341_missing.txt", "missing-dependency", "underscore"),
        ("dependency_check341_unused.txt", "unused-dependency", "lodash"),
        ("dependency_check2101_missing.txt", "missing-dependency", "underscore"),
    ],
)
def test_dependency_check_s_fail_line_names_dependency_records(sample: str, code: str, name: str) -> None:
    """dependency-check's `Fail! ...: NAME[, NAME]`: before, no record (guess test under `npm test`)."""
    f = facts(sample)
    assert [(e.tool, e.code, e.file, e.category) for e in f.errors] == [
        ("dependency-check", code, "package.json", Category.DEPENDENCY)
    ]
    assert name in f.errors[0].message
    verdict = rule_verdict(extract_facts(framing.travis("npm test", (DATA / sample).read_text())))
    assert verdict.category is Category.DEPENDENCY and verdict.decided, verdict.reason


def test_dependency_check_lists_several_names_on_its_line() -> None:
    text = b"Fail! Dependencies not listed in package.json: underscore, @scope/pkg\n"
    assert [e.message for e in extract_facts(text).errors] == [
        "Missing dependency underscore",
        "Missing dependency @scope/pkg",
    ]


def test_proselint_s_rows_name_their_check_in_lower_case() -> None:
    """proselint's `PROSE.md:1:9: uncomparables.misc Comparison ...`: the generic document form asks for a
    capital after the place, so it gave no record before."""
    f = facts("proselint014.txt")
    assert [(e.tool, e.line, e.column, e.code) for e in f.errors] == [
        ("proselint", 1, 9, "uncomparables.misc"),
        ("proselint", 1, 9, "weasel_words.very"),
        ("proselint", 2, 25, "dates_times.am_pm.midnight_noon"),
    ]
    assert rule_verdict(extract_facts(framing.travis("make lint", (DATA / "proselint014.txt").read_text()))).decided


def test_write_good_s_suggestions_are_records_at_their_line_and_column() -> None:
    f = facts("write_good108.txt")
    assert [(e.tool, e.file, e.line, e.column, e.message) for e in f.errors] == [
        ("write-good", "PROSE.md", 1, 8, '"very" is a weasel word and can weaken meaning'),
        ("write-good", "PROSE.md", 1, 24, '"it was" is wordy or unneeded'),
        ("write-good", "PROSE.md", 1, 27, '"was written" may be passive voice'),
        ("write-good", "PROSE.md", 2, 12, '"was held" may be passive voice'),
    ]
    verdict = rule_verdict(extract_facts(framing.travis("npm test", (DATA / "write_good108.txt").read_text())))
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason
