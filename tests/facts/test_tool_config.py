"""A checker refusing its own configuration before it checks a file: tsc's diagnostics at its tsconfig or about its
options, ESLint's rule options and its missing flat config, pytest's unknown ini key and its ini or pyproject.toml
that does not parse, ruff's pyproject.toml, Cargo.toml and go.mod that do not parse, Maven's pom.xml that is not XML,
webpack's configuration object, Babel's unknown option, mypy's exclude and python_executable. Each is a configuration record with a code naming what is
wrong, and decides config alone; beside a failing test, it does not (real runs, tests/facts/data/README.md)."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.parsers.pytest_plugins import missing_plugins
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA

TSC = "npx tsc -p ."
ESLINT = "npx eslint src"
PYTEST = "python -m pytest tests"
MYPY = "mypy src"
RULE = 'Configuration for rule "no-unused-vars" is invalid: Value {"vars":"everything"} should be equal to one of the'

# (sample, command, the record: tool, code, file, line, the start of its message)
REFUSED = [
    ("tsc59_unknown_compiler_option.txt", TSC, ("tsc", "TS5023", "tsconfig.json", 1, "Unknown compiler option")),
    ("tsc59_option_value_invalid.txt", TSC, ("tsc", "TS6046", "tsconfig.json", 1, "Argument for '--target'")),
    ("tsc59_no_inputs.txt", TSC, ("tsc", "TS18003", None, None, "No inputs were found in config file")),
    ("eslint8_rule_options_invalid.txt", ESLINT, ("eslint", "rule-options", ".eslintrc.json", None, RULE)),
    ("eslint9_rule_options_invalid.txt", ESLINT, ("eslint", "rule-options", None, None, RULE)),
    ("eslint2_rule_options_invalid.txt", ESLINT, ("eslint", "rule-options", ".eslintrc.json", None, RULE[:50])),
    ("eslint4_rule_options_invalid.txt", ESLINT, ("eslint", "rule-options", ".eslintrc.json", None, RULE)),
    ("eslint9_no_flat_config.txt", ESLINT, ("eslint", "missing-config-file", None, None, "ESLint couldn't find an")),
    (
        "pytest9_strict_config_unknown_option.txt",
        "python -m pytest --strict-config tests",
        ("pytest", "config-option", None, None, "Unknown config option: timeout"),
    ),
    ("pytest9_ini_unexpected_line.txt", PYTEST, ("pytest", "config-syntax", "pytest.ini", 3, "unexpected line: ")),
    (
        "pytest9_pyproject_toml_invalid_value.txt",
        PYTEST,
        ("pytest", "config-syntax", "pyproject.toml", None, "Invalid"),
    ),
    ("ruff017_config_unparsable.txt", "ruff check .", ("ruff", "config-parse", "pyproject.toml", 2, "Failed to parse")),
    ("cargo195_manifest_unparsable.txt", "cargo build", ("cargo", None, "Cargo.toml", 6, "unclosed table")),
    ("go119_go_mod_unparsable.txt", "go build ./...", ("go build", None, "go.mod", 7, "usage: require module")),
    ("maven387_pom_not_parseable.txt", "mvn -B test", ("maven", "pom-syntax", "pom.xml", 12, "Non-parseable POM: end")),
    ("webpack5_config_invalid.txt", "npx webpack", ("webpack", "config-invalid", None, None, "Invalid configuration")),
    (
        "babel7_config_unknown_option.txt",
        "npx babel src",
        ("babel", "unknown-option", None, None, "Unknown option: .pre"),
    ),
    ("mypy241_exclude_invalid_regex.txt", MYPY, ("mypy", "config-option", None, None, "error: The exclude ([ is")),
    (
        "mypy241_python_executable_invalid.txt",
        MYPY,
        ("mypy", "config-option", None, None, "mypy: Invalid python executable"),
    ),
]


@pytest.mark.parametrize(("sample", "command", "record"), REFUSED)
def test_a_checker_refusing_its_configuration_is_a_config_record_that_decides(
    sample: str, command: str, record: tuple[str, str | None, str | None, int | None, str]
) -> None:
    """Before: tsc's were type records (decided type: the code was blamed), TS18003 no record; ESLint's rule options
    no record and its missing flat config a record tied with the linter's command (undecided); pytest's, ruff's,
    Maven's, webpack's and Babel's no record (undecided); cargo's and go's a build record (decided build)."""
    f = extract_facts(framing.github_actions(command, (DATA / sample).read_text()))
    tool, code, file, line, said = record  # (cargo's and go's records name no code: the manifest says what)
    assert [(e.tool, e.code, e.file, e.line, e.category) for e in f.errors] == [
        (tool, code, file, line, Category.CONFIG)
    ]
    assert f.errors[0].message.startswith(said)
    verdict = rule_verdict(f)
    assert verdict.decided and verdict.category is Category.CONFIG, verdict.reason


def test_tscs_pretty_form_and_other_diagnostics_keep_their_kinds() -> None:
    """`--pretty`'s `FILE:L:C - error`; a type error in a source file and a missing @types package name no option."""
    output = (
        "tsconfig.json:1:35 - error TS5023: Unknown compiler option 'fooBarBaz'.\n"
        "src/a.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.\n"
        "error TS2688: Cannot find type definition file for 'node'.\n"
    )
    f = extract_facts(framing.github_actions(TSC, output))
    records = [(e.code, e.file, e.category) for e in f.errors if e.code in ("TS5023", "TS2322", "TS2688")]
    assert ("TS5023", "tsconfig.json", Category.CONFIG) in records
    assert ("TS2322", "src/a.ts", Category.TYPE) in records
    assert all(category is not Category.CONFIG for code, _, category in records if code == "TS2688")


@pytest.mark.parametrize("sample", ["eslint4_missing_plugin.txt", "eslint6_missing_plugin.txt"])
def test_a_plugin_eslints_configuration_names_and_nobody_installed_is_a_dependency(sample: str) -> None:
    """The configuration is right; the package is missing (ESLint says `npm install ... --save-dev`). Before: tied
    with the linter's command, undecided."""
    verdict = rule_verdict(extract_facts(framing.github_actions(ESLINT, (DATA / sample).read_text())))
    assert verdict.decided and verdict.category is Category.DEPENDENCY, verdict.reason


@pytest.mark.parametrize(
    ("command", "sample"), [(TSC, "tsc59_unknown_compiler_option.txt"), (MYPY, "mypy241_exclude_invalid_regex.txt")]
)
def test_a_refused_configuration_beside_a_failing_test_is_not_config_alone(command: str, sample: str) -> None:
    steps = [
        (command, (DATA / sample).read_text(), 2),
        ("python -m pytest tests", (DATA / "pytest9_api_refusal_in_test.txt").read_text(), 1),
    ]
    verdict = rule_verdict(extract_facts(framing.github_steps(steps)))
    assert not (verdict.decided and verdict.category is Category.CONFIG), verdict.reason


@pytest.mark.parametrize(
    ("sample", "category"),
    [
        ("pytest9_addopts_unrecognized_arguments.txt", Category.DEPENDENCY),
        ("pytest9_addopts_plugin_not_installed.txt", Category.DEPENDENCY),
    ],
)
def test_pytests_addopts_it_cannot_run_is_a_missing_plugin(sample: str, category: Category) -> None:
    """addopts' `--cov=src --timeout=30`, options only pytest-cov and pytest-timeout add, refused: the plugins are not
    installed (before: config, "refused its own configuration"). `-p xdist` naming a package not installed alike."""
    verdict = rule_verdict(extract_facts(framing.github_actions("python -m pytest", (DATA / sample).read_text())))
    assert verdict.decided and verdict.category is category, verdict.reason


def test_mypys_warnings_on_its_ini_beside_a_type_error_leave_the_type_error() -> None:
    """mypy warns about option values it cannot read and checks with its defaults: the type error is the failure."""
    f = extract_facts(framing.github_actions(MYPY, (DATA / "mypy241_ini_warnings_then_type_error.txt").read_text()))
    assert [(e.code, e.category) for e in f.errors] == [("return-value", Category.TYPE)]
    verdict = rule_verdict(f)
    assert verdict.decided and verdict.category is Category.TYPE, verdict.reason


# (sample, command, what decides): the config `extends` names, not found
EXTENDS = [
    ("eslint8_extends_builtin_misnamed.txt", ESLINT, Category.CONFIG),
    ("eslint8_extends_plugin_config_misnamed.txt", ESLINT, Category.CONFIG),
    ("eslint8_api_extends_builtin_misnamed.txt", "node lint.js", Category.CONFIG),
    ("eslint8_api_extends_missing.txt", "node lint.js", Category.DEPENDENCY),
    ("eslint4_missing_config.txt", ESLINT, Category.DEPENDENCY),
]


@pytest.mark.parametrize(("sample", "command", "category"), EXTENDS)
def test_a_config_eslint_cannot_extend_is_the_configuration_s_unless_a_package_is_missing(
    sample: str, command: str, category: Category
) -> None:
    """A name within ESLint or an installed plugin (`eslint:recomended`, `plugin:import/recomended`) is wrong in the
    configuration: config. A shared config's package not installed (`airbnb-nope`: eslint-config-airbnb-nope) is the
    dependencies': the user installs it. Before: the first two decided dependency, the Node API's `Failed to load
    config` was no eslint record (undecided), ESLint 4's `Cannot find module 'eslint-config-x'` undecided."""
    f = extract_facts(framing.github_actions(command, (DATA / sample).read_text()))
    assert [(e.code, e.category) for e in f.errors if e.tool == "eslint"] == [("missing-config", category)]
    verdict = rule_verdict(f)
    assert verdict.decided and verdict.category is category, verdict.reason


# (sample, the record pytest's refusal gives, what decides and why): an option only a plugin adds is the plugin's
# absence, from the command line or addopts; a misspelt one (pytest-cov installed) or one no plugin adds is the CI
# step's command (no ini file read)
REFUSED_OPTIONS = [
    ("pytest9_command_line_unrecognized_arguments.txt", "plugin-missing", Category.DEPENDENCY, "pytest-cov"),
    ("pytest9_xdist_option_not_installed.txt", "plugin-missing", Category.DEPENDENCY, "pytest-xdist"),
    ("pytest9_addopts_unrecognized_arguments.txt", "plugin-missing", Category.DEPENDENCY, "pytest-cov, pytest-timeout"),
    ("pytest9_cov_option_misspelt.txt", "command-line", Category.CONFIG, "the CI step's command line"),
    ("pytest9_option_no_plugin_provides.txt", "command-line", Category.CONFIG, "the CI step's command line"),
]


@pytest.mark.parametrize(("sample", "code", "category", "reason"), REFUSED_OPTIONS)
def test_pytests_refused_options_are_a_missing_plugin_or_the_command_line(
    sample: str, code: str, category: Category, reason: str
) -> None:
    """`--cov=src`, `-n 2`: options only pytest-cov, pytest-xdist add; pytest refusing them means the plugin is not
    installed, and the fix is installing it (before: config, the command line or "refused its own configuration").
    `--cov-reportt=xml` with pytest-cov installed and `--no-such-opt` are the command's to fix: config, as before."""
    f = extract_facts(framing.github_actions("python -m pytest tests", (DATA / sample).read_text()))
    assert [(e.tool, e.code, e.category) for e in f.errors] == [("pytest", code, category)]
    verdict = rule_verdict(f)
    assert verdict.decided and verdict.category is category and reason in verdict.reason, verdict.reason


@pytest.mark.parametrize(
    ("refused", "plugins"),
    [
        ("--cov=src --cov-report=xml", ("pytest-cov",)),
        ("-n4 --dist=loadfile", ("pytest-xdist",)),
        (
            "--reruns 2 --benchmark-only --asyncio-mode=auto",
            ("pytest-rerunfailures", "pytest-benchmark", "pytest-asyncio"),
        ),
        ("--cov=src --no-such-opt", ()),
        ("--junit-xml=report.xml", ()),
        ("--randomly-seedd=1", ()),
    ],
)
def test_the_plugins_refused_options_name_are_every_option_s_or_none(refused: str, plugins: tuple[str, ...]) -> None:
    """Every refused option must be a plugin's (a value glued on, `-n4`, `=src`, is no part of its name); one the
    table lacks (pytest's own `--junit-xml`, a misspelling) leaves the refusal the command's."""
    assert missing_plugins(f"pytest: error: unrecognized arguments: {refused}") == plugins


@pytest.mark.parametrize(
    ("sample", "command", "tool"),
    [
        ("mypy241_files_entry_missing.txt", MYPY, "mypy"),
        ("mypy0971_files_entry_missing.txt", MYPY, "mypy"),
        # a symbolic link that never ends in a file, a file where the path needs a folder: the path is wrong too
        # (before: no record, undecided type 0.29)
        ("mypy241_files_entry_symlink_loop.txt", MYPY, "mypy"),
        ("mypy0971_files_entry_symlink_loop.txt", MYPY, "mypy"),
        ("mypy241_files_entry_not_a_directory.txt", MYPY, "mypy"),
        # the control: the file is there and the runner's user cannot read it (facts.parsers.pytest.PATH_UNREADABLE)
        ("mypy241_files_entry_permission_denied.txt", MYPY, None),
        ("pytest9_path_not_found.txt", "python -m pytest tests/test_pricing.py", "pytest"),
        ("pytest9_node_id_not_found.txt", "python -m pytest tests/test_cart.py::test_gone", None),
    ],
)
def test_a_path_the_job_names_that_is_not_there_is_config(sample: str, command: str, tool: str | None) -> None:
    """mypy's `files =` entry (or a command-line path) and pytest's path that do not exist: a config record naming
    the path, decided config (before: no record, undecided, mypy leaning type). The control: a test id whose file is
    there but whose test is not (`ERROR: not found: ...::test_gone`) is no such record and stays undecided."""
    f = extract_facts(framing.github_actions(command, (DATA / sample).read_text()))
    missing = [(e.tool, e.file, e.category) for e in f.errors if e.code == "path-missing"]
    verdict = rule_verdict(f)
    if tool is None:
        assert not missing and not verdict.decided, verdict.reason
        return
    file = "tests/test_pricing.py" if tool == "pytest" else "src/shop/pricing.py"
    file = "src/shop/cart.py/pricing.py" if "not_a_directory" in sample else file
    assert missing == [(tool, file, Category.CONFIG)]
    assert verdict.decided and verdict.category is Category.CONFIG, verdict.reason


@pytest.mark.parametrize(
    ("sample", "category"),
    [("make43_tsc59_tsconfig_options.txt", Category.CONFIG), ("make43_tsc59_type_error.txt", Category.TYPE)],
)
def test_tscs_rows_read_with_its_parser_left_out_keep_the_configurations_kind(sample: str, category: Category) -> None:
    """`make build` running tsc on a tsconfig it refuses (TS6046, TS5024, TS5025 at tsconfig.json), read by the generic
    reader alone (the javascript module left out, as for a tool no parser knows): before, every TS code was a type
    record and the rules decided type 0.88; the tsconfig's rows are configuration records now. The control, a type
    error in the code under the same command, stays type."""
    log = framing.travis("make build", (DATA / sample).read_text())
    f = extract_facts(log, leave_out=frozenset({"javascript"}))
    assert {e.category for e in f.errors if e.tool == "tsc"} == {category}
    verdict = rule_verdict(f)
    assert verdict.decided and verdict.category is category, verdict.reason


@pytest.mark.parametrize(
    ("sample", "decided"),
    [
        ("mypy241_files_entry_missing.txt", True),
        ("mypy241_files_entry_symlink_loop.txt", True),
        ("mypy241_files_entry_permission_denied.txt", False),  # the control: no pattern names a refusal
    ],
)
def test_a_type_checker_that_refused_its_path_is_config_without_its_parser(sample: str, decided: bool) -> None:
    """With mypy's parser left out (as a type checker no parser reads), runner-config's pattern names the path; the
    command's word that it is a type checker (0.9) names the tool that refused, not a failed check, and no longer
    ties it (before: undecided type 0.19)."""
    f = extract_facts(framing.github_actions(MYPY, (DATA / sample).read_text()), leave_out=frozenset({"mypy"}))
    assert not f.errors
    verdict = rule_verdict(f)
    assert verdict.decided is decided, verdict.reason
    assert verdict.category is (Category.CONFIG if decided else Category.TYPE), verdict.reason


def test_a_type_checker_that_refused_its_path_does_not_weigh_down_another_failing_step() -> None:
    """mypy refused its path in one step (`continue-on-error`), pytest failed three tests in the next: the refusal
    weighs down only its own step's command, so pytest's command keeps its word and the rules see two failures
    (before: pytest's command was weighed down too, and the job decided config 0.88 on the refusal alone)."""
    steps = [
        (MYPY, (DATA / "mypy241_files_entry_missing.txt").read_text(), 2),
        ("pytest", (DATA / "pytest_failures.txt").read_text(), 1),
    ]
    f = extract_facts(framing.github_steps(steps), leave_out=frozenset({"mypy"}))
    verdict = rule_verdict(f)
    assert not verdict.decided and "two failures" in verdict.reason, verdict.reason
