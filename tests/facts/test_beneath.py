"""A failing test run whose cause is not a test: the failing tests' own reports (or the runner, before
any test ran) say a configuration file does not parse, the settings are missing, or the runner's own
configuration is wrong; the rules route that cause, and the runner's summary counting those failures
does not vouch for `test` (real tool output, tests/facts/data/README.md, "A failing test run whose
cause is not a test")."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from remediate.facts import extract_facts
from remediate.facts.commands import COMMAND_RULES, command_rule
from remediate.facts.extract import modules_reading
from remediate.models import Category, Facts
from remediate.triage import rule_verdict, several, signals_of
from remediate.triage.beneath import TALLIED_ONLY, TWO_CAUSES, UNREAD_TESTS
from remediate.triage.reports import item_cause, items_shown
from tests.facts import framing
from tests.facts.samples import DATA, facts

FRAMES: list[Callable[..., bytes]] = [framing.travis, framing.github_actions]


def framed(frame: Callable[..., bytes], command: str, sample: str, code: int = 1) -> Facts:
    return extract_facts(frame(command, (DATA / sample).read_text(), code))


# (sample, command, the rule that names the cause): tests ran and failed, each on the cause
TESTS_SAY = [
    ("pytest_config_yaml_unparsable.txt", "python -m pytest tests", "pattern:config-parse"),
    ("pytest_config_yaml_unparsable_short.txt", "python -m pytest --tb=short tests", "pattern:config-parse"),
    ("pytest_config_ini_unparsable.txt", "python -m pytest --tb=short tests", "pattern:config-parse"),
    ("pytest_environment_variable_unset.txt", "pytest tests", "pattern:config-settings"),
    ("pytest_pydantic_settings_missing.txt", "pytest tests", "pattern:config-settings"),
    ("django_test_secret_key_empty.txt", "python manage.py test", "pattern:config-settings"),
    ("pytest_django_settings_unset.txt", "pytest cart/tests.py", "pattern:config-settings"),
    ("rspec312_config_yaml_unparsable.txt", "bundle exec rspec", "pattern:config-parse"),
    ("rspec312_environment_variable_unset.txt", "bundle exec rspec", "pattern:config-settings"),
    ("pytest_config_file_missing.txt", "python -m pytest tests", "pattern:config-settings"),
    ("jest29_config_file_missing.txt", "npm test", "pattern:config-settings"),
    ("rspec312_config_file_missing.txt", "bundle exec rspec", "pattern:config-settings"),
    ("nodetest_node_config_property_undefined.txt", "npm test", "pattern:config-settings"),
    ("nodetest_config_json_unparsable.txt", "npm test", "pattern:config-parse"),
    ("mocha5_node10_config_json_unparsable.txt", "npm test", "pattern:config-parse"),
    ("go119_test_yaml_config_unparsable.txt", "go test -v ./...", "pattern:config-parse"),
    ("maven_surefire_snakeyaml_config_unparsable.txt", "mvn -B test", "pattern:config-parse"),
    ("mocha10_config_yaml_unparsable.txt", "npm test", "pattern:config-parse"),
    # only the short summary's clipped reports (`yaml.scanner.ScannerError: mapping va...`), no file named
    ("pytest_tbline_config_yaml_unparsable.txt", "python -m pytest --tb=line tests", "pattern:config-parse"),
]


@pytest.mark.parametrize("frame", FRAMES)
@pytest.mark.parametrize(("sample", "command", "rule"), TESTS_SAY)
def test_failing_tests_whose_every_report_names_a_config_cause_route_to_config(
    frame: Callable[..., bytes], sample: str, command: str, rule: str
) -> None:
    # Before: decided test (0.96-1.00), the runner's summary and the failing tests vouching for it (RSpec's
    # message was the error's class alone, `KeyError:`, `Psych::SyntaxError:`).
    f = framed(frame, command, sample)
    assert f.failing_tests
    verdict = rule_verdict(f)
    assert verdict.category is Category.CONFIG and verdict.decided, verdict.reason
    assert "every failing test's own report says" in verdict.reason
    said = [s for s in verdict.signals if s.name == rule and s.category is Category.CONFIG]
    assert said and max(s.weight for s in said) >= 0.9
    # the failing tests and the summary counting them no longer vouch, nor make test a failure of its own
    assert all(s.discounted for s in verdict.signals if s.category is Category.TEST)
    assert several(f) == [Category.CONFIG]


@pytest.mark.parametrize("frame", FRAMES)
def test_the_summary_of_tests_failing_on_a_yaml_error_does_not_vouch_for_test(frame: Callable[..., bytes]) -> None:
    f = framed(frame, "python -m pytest tests", "pytest_config_yaml_unparsable.txt")
    assert [(s.category, s.failed) for s in f.summaries] == [(Category.TEST, 2)]
    summary = next(s for s in signals_of(f) if s.kind == "summary")
    assert summary.discounted and summary.category is Category.TEST
    assert rule_verdict(f).evidence["summary"] == 0.0


@pytest.mark.parametrize("frame", FRAMES)
@pytest.mark.parametrize(
    ("sample", "command", "cause"),
    [
        ("pytest_config_yaml_beside_assertions.txt", "python -m pytest --tb=short tests", Category.CONFIG),
        ("pytest7_flake8_plugin_beside_failing_test.txt", "python -m pytest", Category.LINT),
        ("prove344_perl_critic_beside_failing_test.txt", "prove -l t xt", Category.LINT),
    ],
)
def test_a_cause_beside_tests_failing_on_their_own_is_one_failure_of_two(
    frame: Callable[..., bytes], sample: str, command: str, cause: Category
) -> None:
    # One test fails on the YAML error (or pytest-flake8's item on its findings), others on an assertion: two
    # failures, the rules abstain and name both. Before: the YAML one decided config once PyYAML's absolute
    # path was read (test before that), the flake8 one abstained (lint 0.80 = test 0.80).
    f = framed(frame, command, sample)
    verdict = rule_verdict(f)
    assert not verdict.decided, verdict.reason
    assert "two failures" in verdict.reason
    assert several(f) == [cause, Category.TEST]


# (sample, command): the runner refused its own configuration, or the code's, before any test ran
RUNNER_CONFIG = [
    ("pytest_ini_filterwarnings_unresolved.txt", "pytest tests"),
    ("pytest_pyproject_toml_unparsable.txt", "pytest tests"),
    ("pytest_conftest_toml_unparsable.txt", "pytest tests"),
    ("jest29_config_validation_error.txt", "npm test"),
    ("mocha10_rc_json_unparsable.txt", "npx mocha"),
    ("mocha10_rc_yaml_unparsable.txt", "npx mocha"),
    ("karma6_config_syntax_error.txt", "npm test"),
    ("phpunit96_xml_unparsable.txt", "vendor/bin/phpunit"),
]


@pytest.mark.parametrize("frame", FRAMES)
@pytest.mark.parametrize(("sample", "command"), RUNNER_CONFIG)
def test_a_runner_that_refuses_its_configuration_is_config(
    frame: Callable[..., bytes], sample: str, command: str
) -> None:
    # Before: abstained (test 0.29: the test command only) for the pytest ini option and required plugin,
    # pyproject.toml, mocha rc files, Karma's config errors and PHPUnit's phpunit.xml; decided test (0.96) for jest-validate's errors, read as a failing test; the ini's
    # warning filter (`while parsing`) and the conftest's TOML were config already.
    f = framed(frame, command, sample)
    assert not f.failing_tests
    verdict = rule_verdict(f)
    assert verdict.category is Category.CONFIG and verdict.decided, verdict.reason


# (sample, command): a plugin the runner's configuration names is not installed
RUNNER_PLUGIN = [
    ("pytest_required_plugin_missing.txt", "pytest tests"),
    # addopts' `--cov=shopcart`, pytest-cov's option, refused (config before: pytest-cov is what is missing)
    ("pytest_ini_addopts_unknown_option.txt", "pytest tests"),
    ("karma6_framework_not_installed.txt", "npm test"),
    ("jest29_test_environment_missing.txt", "npm test"),
]


@pytest.mark.parametrize("frame", FRAMES)
@pytest.mark.parametrize(("sample", "command"), RUNNER_PLUGIN)
def test_a_plugin_the_runner_config_names_but_not_installed_is_a_dependency(
    frame: Callable[..., bytes], sample: str, command: str
) -> None:
    # The configuration is right, the package it names is missing: the dependency specialist adds it (the
    # config specialist could only drop the plugin from the configuration). Before: config, decided.
    f = framed(frame, command, sample)
    assert not f.failing_tests
    verdict = rule_verdict(f)
    assert verdict.category is Category.DEPENDENCY and verdict.decided, verdict.reason
    assert "not installed" in verdict.reason


def test_jest_validate_reports_are_not_failing_tests() -> None:
    f = extract_facts(DATA / "jest29_config_validation_error.txt")
    assert f.failing_tests == []


def test_unittest_reads_an_exception_class_named_by_its_module_path() -> None:
    f = extract_facts(DATA / "django_test_secret_key_empty.txt")
    assert [(t.id, t.message) for t in f.failing_tests] == [
        (
            "cart.tests.CartTest.test_empty",
            "django.core.exceptions.ImproperlyConfigured: The SECRET_KEY setting must not be empty.",
        )
    ]


def test_a_dict_key_error_is_no_unset_environment_variable() -> None:
    # The same KeyError text without os.environ in the traceback: the code's own lookup, a test failure.
    text = (DATA / "pytest_environment_variable_unset.txt").read_text()
    mine = "\n".join(line for line in text.splitlines() if "environ" not in line and "frozen os" not in line)
    f = extract_facts(framing.travis("pytest tests", mine, 1))
    assert f.failing_tests
    verdict = rule_verdict(f)
    assert verdict.category is Category.TEST, verdict.reason
    assert not any(s.name == "pattern:config-settings" for s in verdict.signals)


# (sample, command, category): the test build does not compile, or a linter or type checker runs as the tests
NOT_A_TEST = [
    ("tsjest29_type_error.txt", "npm test", Category.TYPE),
    ("tsjest29_syntax_error.txt", "npm test", Category.BUILD),
    ("pytest7_flake8_plugin.txt", "python -m pytest", Category.LINT),
    ("pytest8_flake8_plugin13.txt", "python -m pytest", Category.LINT),
    ("pytest7_mypy_plugin.txt", "python -m pytest", Category.TYPE),
    ("pytest7_pylint_plugin.txt", "python -m pytest", Category.LINT),
    # pytest 4 names its failing items only in the failure sections; pytest-black's, -isort's, -pycodestyle's and
    # -flakes' items. Before: pytest4_black, pytest4_pylint, pytest7_black, pytest7_isort and pytest7_flakes
    # decided test (1.00); pytest4_pep8, pytest4_isort and pytest7_pycodestyle abstained (0.40 beside the item)
    ("pytest4_pep8.txt", "python -m pytest --pep8", Category.LINT),
    ("pytest4_flake8.txt", "python -m pytest --flake8", Category.LINT),
    ("pytest4_pylint.txt", "python -m pytest --pylint", Category.LINT),
    ("pytest4_isort.txt", "python -m pytest --isort", Category.FORMAT),
    ("pytest4_black.txt", "python -m pytest --black", Category.FORMAT),
    ("pytest7_black.txt", "python -m pytest --black", Category.FORMAT),
    ("pytest7_isort.txt", "python -m pytest --isort", Category.FORMAT),
    ("pytest7_pycodestyle.txt", "python -m pytest --pycodestyle", Category.LINT),
    ("pytest7_flakes.txt", "python -m pytest --flakes", Category.LINT),
    # Perl's author tests under prove: the Test:: module's own assertion and the harness's verdict on the .t file
    # (before: critic abstained, lint 0.40 beside the .t file's `Dubious`; pod and notabs decided test 1.00)
    ("prove344_perl_critic.txt", "prove -l t xt", Category.LINT),
    ("prove344_pod.txt", "prove -l t xt", Category.LINT),
    ("prove344_notabs.txt", "prove -l t xt", Category.LINT),
    ("go119_test_build_failed_typed.txt", "go test ./...", Category.BUILD),
    ("cargo_test_compile_error_typed.txt", "cargo test", Category.BUILD),
    ("rake_rubocop_then_spec.txt", "bundle exec rake", Category.LINT),
    ("jest29_runner_eslint.txt", "npm test", Category.LINT),
    ("unittest_pycodestyle_test.txt", "python -m unittest discover", Category.LINT),
    ("unittest_pycodestyle_test_verbose.txt", "python -m unittest discover -v", Category.LINT),
]


@pytest.mark.parametrize("frame", FRAMES)
@pytest.mark.parametrize(("sample", "command", "category"), NOT_A_TEST)
def test_a_test_run_failing_on_its_build_or_a_linter_routes_to_that(
    frame: Callable[..., bytes], sample: str, command: str, category: Category
) -> None:
    # Before: ts-jest's suites abstained (type or build 0.40 beside the failing suite); pytest-mypy's and
    # pytest-pylint's items decided test (1.00), a unittest `test_pep8` running pycodestyle abstained (lint 0.40
    # beside the test) or, with -v (the finding glued to the test's line), decided test (1.00). pytest-flake8 (its
    # records), go test, cargo test, rake's RuboCop and jest-runner-eslint were right.
    f = framed(frame, command, sample)
    verdict = rule_verdict(f)
    assert verdict.category is category and verdict.decided, verdict.reason
    assert not any(s.category is Category.TEST and not s.discounted and s.kind == "summary" for s in verdict.signals)


def test_ts_jest_reports_the_diagnostic_that_kept_the_suite_from_running() -> None:
    f = extract_facts(DATA / "tsjest29_type_error.txt")
    assert [t.message for t in f.failing_tests] == [
        "test/price.test.ts:3:9 - error TS2322: Type 'string' is not assignable to type 'number'."
    ]


@pytest.mark.parametrize("frame", FRAMES)
def test_a_summary_alone_does_not_decide_test_when_the_log_names_another_cause(frame: Callable[..., bytes]) -> None:
    # A runner no parser reads (the unittest parser left out, as for a held-out runner's format): only its
    # summary `FAILED (errors=1)` says tests failed, and Django's ImproperlyConfigured says why. The summary
    # decided test alone (0.89); it counts failures, it does not say what they failed on: abstain.
    text = (DATA / "django_test_secret_key_empty.txt").read_text()
    f = extract_facts(frame("python manage.py test", text, 1), leave_out=frozenset({"unittest"}))
    assert not f.failing_tests and [s.failed for s in f.summaries] == [1]
    verdict = rule_verdict(f)
    assert verdict.category is Category.TEST and not verdict.decided, verdict.reason
    assert "only a summary or unreported failing tests count the failures" in verdict.reason
    # with the parser, the failing test's own report says the cause, and config decides
    assert rule_verdict(framed(frame, "python manage.py test", "django_test_secret_key_empty.txt")).decided


def test_rspec_reads_an_errors_class_with_the_message_below_it() -> None:
    f = extract_facts(DATA / "rspec312_environment_variable_unset.txt")
    assert [t.message for t in f.failing_tests] == ['KeyError: key not found: "SHOP_DATABASE_URL"']


# (sample, command, category): causes beside or inside a test run that the rules read without the tests' reports
OTHER_CAUSES = [
    # mocha 1.7's failures no parser reads as tests: js-yaml's record decides over the summary
    ("mocha17_config_yaml_unparsable.txt", "npm test", Category.CONFIG),
    # a database driver not installed: Django words it ImproperlyConfigured, the module is missing
    ("django_test_psycopg_missing.txt", "python manage.py test", Category.DEPENDENCY),
    # a database engine's binder error raised inside a test, or in a `python -m` data job
    ("pytest_duckdb_binder_error.txt", "python -m pytest tests", Category.SQL),
    ("python_m_duckdb_binder_error.txt", "python -m shop.jobs.daily", Category.SQL),
]


@pytest.mark.parametrize("frame", FRAMES)
@pytest.mark.parametrize(("sample", "command", "category"), OTHER_CAUSES)
def test_other_causes_inside_a_test_run_keep_their_category(
    frame: Callable[..., bytes], sample: str, command: str, category: Category
) -> None:
    f = framed(frame, command, sample)
    verdict = rule_verdict(f)
    assert verdict.category is category and verdict.decided, verdict.reason
    assert not any(s.name == "pattern:config-settings" for s in verdict.signals), verdict.reason


@pytest.mark.parametrize("frame", FRAMES)
@pytest.mark.parametrize(
    "sample",
    [
        "pytest_fixture_file_missing.txt",
        "pytest_app_error_while_parsing.txt",
        "pytest_assertion_names_invalid_yaml.txt",
    ],
)
def test_the_codes_own_file_and_parse_errors_are_the_tests(frame: Callable[..., bytes], sample: str) -> None:
    # tests/fixtures/orders.csv is the tests' own data, not settings the CI should provide; the code's own
    # `error while parsing a response` is no YAML parser's (decided config at 0.88 before PyYAML's nouns were asked);
    # an assertion comparing `'invalid YAML'` is the test's own check (config at 0.88 before assertions were left out)
    verdict = rule_verdict(framed(frame, "python -m pytest tests", sample))
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason


def test_jest_reads_nodes_file_errors_and_the_resolvers_as_the_tests_messages() -> None:
    f = extract_facts(DATA / "jest29_config_file_missing.txt")
    assert [t.message for t in f.failing_tests] == [
        "ENOENT: no such file or directory, open '/home/travis/build/acme/shop/config/local.json'",
        "Cannot find module '../config/keys.json' from 'test/keys.test.js'",
    ]


@pytest.mark.parametrize("frame", FRAMES)
def test_a_marker_the_runners_configuration_does_not_register_is_config(frame: Callable[..., bytes]) -> None:
    # --strict-markers fails the collection of a module whose marker pytest.ini does not register; decided test
    # (0.99: the collection error's record and `1 error`) before.
    verdict = rule_verdict(framed(frame, "pytest tests", "pytest_marker_not_registered.txt"))
    assert verdict.category is Category.CONFIG and verdict.decided, verdict.reason
    assert "pytest.ini" not in verdict.reason and "`markers` configuration option" in verdict.reason


def test_surefire_reads_a_results_rows_message_for_the_test_it_names_by_its_simple_class() -> None:
    f = extract_facts(DATA / "maven_surefire_snakeyaml_config_unparsable.txt")
    assert sorted((t.id, t.message) for t in f.failing_tests) == [
        ("com.acme.shop.SettingsTest.readsTheCurrency", "Scanner mapping values are not allowed here"),
        ("com.acme.shop.SettingsTest.readsTheTax", "Scanner mapping values are not allowed here"),
    ]


def test_pytest_mypy_0_4_s_item_is_decided_by_its_rows() -> None:
    """pytest-mypy 0.4 under pytest 4 names its item by the file alone (`shop/cart.py`), which says nothing of
    mypy (beneath reads no bare path as a checker's item); its rows (`9: error: ...`) are type records, which
    name the cause more precisely than the failing item (before: test 1.00)."""
    verdict = rule_verdict(facts("pytest4_mypy.txt"))
    assert verdict.category is Category.TYPE and verdict.decided, verdict.reason


@pytest.mark.parametrize("frame", FRAMES)
def test_a_parse_error_of_no_file_beside_failing_tests_no_parser_read_is_theirs(frame: Callable[..., bytes]) -> None:
    """Real Mocha output (mocha.txt): one test fails its assertion, another on JSON.parse's SyntaxError. With
    Mocha's parser the failing tests are read, the JSON error is one test's own report (no vote) and the run is a
    test failure; as a runner no parser reads (mocha left out) only its `2 failing` and the JSON error's config
    record stand. The record names no file: a string the tested code parsed, read as the runner's parser reads it
    (beneath.tests_own_errors), so the summary decides test, as the full rules do (before: config, abstained)."""
    log = frame("npx mocha", (DATA / "mocha.txt").read_text())
    full = rule_verdict(extract_facts(log))
    assert full.category is Category.TEST and full.decided, full.reason
    bare = rule_verdict(extract_facts(log, leave_out=frozenset({"mocha"})))
    assert bare.category is Category.TEST and bare.decided, bare.reason
    assert any(s.category is Category.CONFIG and s.discounted for s in bare.signals)


def test_a_parse_error_naming_its_file_beside_failing_tests_no_parser_read_is_not_sure() -> None:
    """The same run whose JSON error names the file it read (`package.json: Unexpected token ...`, Node's word
    for a file require() loaded): a configuration file that does not parse may be what the tests met, or a
    failure beside them; the log does not say which, and the rules abstain (unread_tests) as before."""
    named = "SyntaxError: /home/travis/build/a/b/config/app.json: Expected property name"
    text = (DATA / "mocha.txt").read_text().replace("SyntaxError: Expected property name", named)
    log = framing.travis("npx mocha", text)
    bare = rule_verdict(extract_facts(log, leave_out=frozenset({"mocha"})))
    assert bare.category is Category.CONFIG and not bare.decided, bare.reason
    assert UNREAD_TESTS in bare.reason


@pytest.mark.parametrize(
    ("sample", "command", "left_out", "category"),
    [
        # a YAML file that does not parse is what the tests met (a _REPORT_CAUSES pattern): it decides
        ("pytest_config_yaml_unparsable.txt", "python -m pytest tests", "pytest", Category.CONFIG),
        ("rspec312_config_yaml_unparsable.txt", "rspec", "ruby", Category.CONFIG),
    ],
)
def test_a_cause_beneath_failing_tests_no_parser_read_still_decides(
    sample: str, command: str, left_out: str, category: Category
) -> None:
    verdict = rule_verdict(
        extract_facts(framing.travis(command, (DATA / sample).read_text()), leave_out=frozenset({left_out}))
    )
    assert verdict.category is category and verdict.decided, verdict.reason


def test_a_summary_counting_errors_alone_counts_no_failing_test() -> None:
    """pytest's `1 error in 0.11s` (a test module that does not import: real pytest_collection_error.txt) counts
    no failing test: the missing package's record decides as before."""
    verdict = rule_verdict(framed(framing.travis, "pytest tests", "pytest_collection_error.txt"))
    assert verdict.category is Category.DEPENDENCY and verdict.decided, verdict.reason
    assert UNREAD_TESTS not in verdict.reason


@pytest.mark.parametrize(
    ("sample", "command", "category", "decides"),
    [
        ("jest29_config_file_missing.txt", "npx jest test/settings.test.js test/keys.test.js", Category.CONFIG, True),
        ("tsjest29_type_error.txt", "npx jest", Category.TYPE, True),
        # Surefire's `<<< ERROR!` and pytest's short summary name the failing tests (facts/failingtests.py), each
        # test's report read off its own block (facts/testblocks.py: the exception below Surefire's verdict, the
        # `E   ` lines of pytest's section): the cause decides as with the parser (before, not sure: tallied_only)
        ("maven_surefire_snakeyaml_config_unparsable.txt", "mvn -B -o test", Category.CONFIG, True),
        ("rspec312_config_file_missing.txt", "rspec spec/shop_spec.rb", Category.CONFIG, True),
        ("pytest_config_file_missing.txt", "pytest -p no:django --tb=short tests", Category.CONFIG, True),
        # RSpec prints Ruby's `KeyError:` over its message, `key not found: "SHOP_DATABASE_URL"`, on the next line
        ("rspec312_environment_variable_unset.txt", "rspec", Category.CONFIG, True),
    ],
)
def test_a_summary_alone_beside_the_cause_its_tests_reports_show(
    sample: str, command: str, category: Category, decides: bool
) -> None:
    """Real runs whose every failing test met one cause that is not the code (a settings file missing, a YAML
    file that does not parse, a type error in the test file). With the runner's parser the reports are read and
    the cause decides (tests_say); as a runner no parser reads (its modules left out: modules_reading), only its
    summary counts the failures, and the cause stands in the excerpt's lines. Where no failing test was read and
    no line reports an assertion's failure, no test failed on its own check: the cause decides, as the runner's
    parser would have it (reports.shown_cause; before, the rules abstained on all six). Else they abstain
    (tallied_only) rather than route the tests specialist."""
    log = framing.travis(command, (DATA / sample).read_text())
    full = rule_verdict(extract_facts(log))
    assert full.category is category and full.decided, full.reason
    bare = rule_verdict(extract_facts(log, leave_out=modules_reading(log)))
    if decides:
        assert bare.category is category and bare.decided, bare.reason
        assert not any(s.category is Category.TEST and not s.discounted for s in bare.signals)
    else:
        assert bare.category is Category.TEST and not bare.decided, bare.reason
        assert f"{TALLIED_ONLY} ({category.value})" in bare.reason


# Assertion failures as runners report them (reports._ASSERTION_FAILED), each as the line a third failing test
# printed: the rule reads the report's words, whichever runner printed them.
ASSERTION_REPORTS = [
    "    expect(received).toBe(expected) // Object.is equality",  # Jest
    "E       assert 4 == 5",  # pytest
    "    AssertionError [ERR_ASSERTION]: 4 == 5",  # Node's assert
    "org.junit.ComparisonFailure: expected:<[EUR]> but was:<[USD]>",  # JUnit 4
    "thread 'adds' panicked at src/lib.rs:9:5:\nassertion `left == right` failed",  # Rust 1.73+
    "Failed asserting that 4 is identical to 5.",  # PHPUnit
    "#          got: '4'\n#     expected: '5'",  # Test::More over TAP
    "Expected equality of these values:",  # GoogleTest
]


@pytest.mark.parametrize("report", ASSERTION_REPORTS)
def test_a_cause_shown_beside_an_assertions_failure_is_not_sure(report: str) -> None:
    """The Jest run above (jest29_config_file_missing.txt, a settings file missing) with a third test failing its
    own assertion and the summary counting it: one test failed on its check, beside the cause the others met. The
    log does not say the cause is all there is: the rules abstain (tallied_only), as before."""
    text = (DATA / "jest29_config_file_missing.txt").read_text()
    assertion = f"  ● adds two prices\n\n{report}\n\n"
    text = text.replace("  ● reads the currency", assertion + "  ● reads the currency", 1)
    text = text.replace("Tests:       1 failed, 1 total", "Tests:       2 failed, 2 total")
    log = framing.travis("npx jest", text)
    bare = rule_verdict(extract_facts(log, leave_out=modules_reading(log)))
    assert not bare.decided, bare.reason
    assert f"{TALLIED_ONLY} (config)" in bare.reason


@pytest.mark.parametrize(
    ("sample", "command", "left_out"),
    [
        # an application's own error (`ValueError: error while parsing a response: ...`): words a YAML parser says too
        ("pytest_app_error_while_parsing.txt", "pytest -p no:django --tb=short tests", "pytest"),
        # `json.loads("nope")` in the tested code: JSON's `Expecting value`, which any string that is no JSON raises
        ("unittest311_json_decode.txt", "python -m unittest -v shop.test_cart", "unittest"),
    ],
)
def test_a_parse_error_in_the_tested_code_beneath_unread_tests_does_not_decide_config(
    sample: str, command: str, left_out: str
) -> None:
    """Real test runs failing on a parse error the tested code met, no configuration file (the full rules decide
    test). As a runner no parser reads (its module left out), the content patterns' wider words named a config
    file that does not parse and decided config (0.84, 0.94); they are not _REPORT_CAUSES' own words, so the
    rules decide nothing on those words alone: they abstain (the failing tests may be that error's, unread), or
    decide test where the failing tests are read (pytest's short summary under its command, facts/failingtests.py,
    names them with the application's error as their report)."""
    log = framing.travis(command, (DATA / sample).read_text())
    full = rule_verdict(extract_facts(log))
    assert full.category is Category.TEST and full.decided, full.reason
    bare = rule_verdict(extract_facts(log, leave_out=frozenset({left_out})))
    assert not bare.decided or bare.category is Category.TEST, bare.reason


# Real runs of a linter, a formatter or a type checker as a runner's test item (tests/facts/data/README.md), as
# stored (no command to frame them under), with the modules that read them left out (modules_reading): a runner
# and a checker no parser reads.
CHECKER_ITEMS = [
    "pytest4_isort.txt",  # section `____ isort-check ____`
    "pytest4_pylint.txt",  # sections `____ [pylint] shop/cart.py ____`
    "pytest7_isort.txt",  # short summary `FAILED shop/cart.py::ISORT`
    "pytest7_flakes.txt",  # `FAILED shop/cart.py::flake-8`
    # pytest-mypy 0.4's `____ shop/cart.py ____`, no checker's name; mypy's own `Found 1 error in 1 file (checked 3
    # source files)` above it (before: test decided 0.92 on the summary)
    "pytest4_mypy.txt",
    "mocha3_jshint11_npm_test.txt",  # mocha 3's `  1) jshint should pass for lib:`
    "mocha5_jshint_npm_test.txt",  # mocha 5's `  1) jshint` over `       should pass for working directory:`
]


@pytest.mark.parametrize("sample", CHECKER_ITEMS)
def test_a_summary_alone_counting_a_checkers_items_decides_the_checkers_kind(sample: str) -> None:
    """Only the runner's summary (`1 failed, 3 passed`, `1 failing`) said that something failed, and every failing
    item its report names is a checker's (reports._PLUGIN_ITEMS), as the runner's parser would have read them
    (tests_say). Before: test decided 0.83-0.92 (the samples proxy's lint and format as test); now the checker's
    kind, as the full rules decide."""
    log = (DATA / sample).read_bytes()
    full = rule_verdict(extract_facts(log))
    bare = rule_verdict(extract_facts(log, leave_out=modules_reading(log)))
    assert full.category is not Category.TEST and full.decided, full.reason
    assert bare.category is full.category and bare.decided, bare.reason
    assert not any(s.category is Category.TEST and not s.discounted for s in bare.signals)


# (sample, the command its README row gives, the category): pytest with its checker plugins' options on or off
PLUGIN_OPTIONS = [
    ("pytest8_flake8_plugin13.txt", "pytest -p no:mypy -p no:pylint --flake8 shopcart tests", Category.LINT),
    (
        "pytest7_flakes.txt",
        "python -m pytest --pep8 shop tests --flake8 --pylint --mypy --isort --black",
        Category.LINT,
    ),
    ("pytest4_isort.txt", "python -m pytest --pep8 shop tests --flake8 --pylint --mypy --isort", Category.FORMAT),
    ("pytest4_mypy.txt", "python -m pytest --pep8 shop tests --flake8 --pylint --mypy", Category.TYPE),
]


@pytest.mark.parametrize(("sample", "command", "category"), PLUGIN_OPTIONS)
def test_a_runners_plugin_options_name_no_checker_it_runs(sample: str, command: str, category: Category) -> None:
    """`--flake8`, `--mypy`, `--black` switch a plugin of the runner on, `-p no:mypy` off: the command runs pytest
    (commands._OPTION_BEFORE), and the failing items say which checker failed. Before, every command read as the
    first checker it named; with the runner's and the checker's modules left out, pytest8_flake8_plugin13 decided
    type (0.85: `-p no:mypy` read as mypy's run, its flake8 rows as mypy's), pytest4_isort abstained (type beside
    the format item), and pytest7_flakes decided format when a wrapper's xtrace showed the command (`--black`)."""
    assert command_rule(command) == next(r for r in COMMAND_RULES if r[1] is Category.TEST)
    log = framing.travis(command, (DATA / sample).read_text())
    bare = rule_verdict(extract_facts(log, leave_out=modules_reading(log)))
    assert bare.category is category and bare.decided, bare.reason
    assert not any(s.kind == "command" and s.category is not Category.TEST for s in bare.signals)


@pytest.mark.parametrize(
    ("command", "category"),
    [
        ("mypy --strict src", Category.TYPE),
        ("uv run --with mypy mypy .", Category.TYPE),
        ("isort --check-only --diff .", Category.FORMAT),
        ("mvn checkstyle:check", Category.LINT),
        ("cargo fmt -- --check", Category.FORMAT),
    ],
)
def test_a_tools_name_outside_an_option_still_names_it(command: str, category: Category) -> None:
    rule = command_rule(command)
    assert rule is not None and rule[1] is category


def test_a_checkers_item_beside_a_failing_test_is_one_failure_of_two() -> None:
    """mocha-jshint's item and an assertion's test failing in one run (real mocha5_jshint_and_assertion.txt), mocha
    left out: two failures, as with mocha's parser (two_causes)."""
    log = (DATA / "mocha5_jshint_and_assertion.txt").read_bytes()
    bare = rule_verdict(extract_facts(log, leave_out=modules_reading(log)))
    assert not bare.decided, bare.reason
    assert TWO_CAUSES in bare.reason


def test_a_summary_alone_beside_test_items_still_decides() -> None:
    """The same shapes naming tests (pytest's `FAILED tests/test_cart.py::test_total`, mocha's `1) cart adds:`)
    leave the summary's decision as it was."""
    report = (
        "============================= test session starts ==============================\n"
        "collected 2 items\n\n"
        "tests/test_cart.py F.                                                    [100%]\n\n"
        "=================================== FAILURES ===================================\n"
        "__________________________________ test_total __________________________________\n\n"
        "    def test_total():\n>       assert total([1, 2]) == 4\nE       assert 3 == 4\n\n"
        "=========================== short test summary info ============================\n"
        "FAILED tests/test_cart.py::test_total - assert 3 == 4\n"
        "========================= 1 failed, 1 passed in 0.02s ==========================\n"
    )
    f = extract_facts(framing.travis("python -m pytest", report), leave_out=frozenset({"pytest"}))
    verdict = rule_verdict(f)
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason


def test_item_lines_are_linear() -> None:
    # hostile lines: a long id, a long numbered title, a long section rule, each shape anchored and bounded
    lines = ["FAILED " + "a" * 20_000 + " - " + "b " * 5_000, " 1) " + "a:" * 20_000, "_" * 20_000, " 1)   " * 5_000]
    start = time.process_time()
    items = list(items_shown(lines * 3))
    assert [item_cause(item) for item in items] == [None] * len(items)
    assert time.process_time() - start < 0.5
