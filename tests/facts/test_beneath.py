"""A failing test run whose cause is not a test: the failing tests' own reports (or the runner, before
any test ran) say a configuration file does not parse, the settings are missing, or the runner's own
configuration is wrong; the rules route that cause, and the runner's summary counting those failures
does not vouch for `test` (real tool output, tests/facts/data/README.md, "A failing test run whose
cause is not a test")."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from remediate.facts import extract_facts
from remediate.models import Category, Facts
from remediate.triage import MIXED_CAUSE_WEIGHT, rule_verdict, several, signals_of
from tests.facts import framing
from tests.facts.samples import DATA

FRAMES: list[Callable[..., bytes]] = [framing.travis, framing.github_actions]


def framed(frame: Callable[..., bytes], command: str, sample: str, code: int = 1) -> Facts:
    return extract_facts(frame(command, (DATA / sample).read_text(), code))


# (sample, command, the rule that names the cause): tests ran and failed, each on the cause
TESTS_SAY = [
    ("pytest_config_yaml_unparsable.txt", "python -m pytest tests", "pattern:config-parse"),
    ("pytest_config_yaml_unparsable_short.txt", "python -m pytest --tb=short tests", "pattern:config-parse"),
    ("pytest_environment_variable_unset.txt", "pytest tests", "pattern:config-settings"),
    ("django_test_secret_key_empty.txt", "python manage.py test", "pattern:config-settings"),
    ("pytest_django_settings_unset.txt", "pytest cart/tests.py", "pattern:config-settings"),
]


@pytest.mark.parametrize("frame", FRAMES)
@pytest.mark.parametrize(("sample", "command", "rule"), TESTS_SAY)
def test_failing_tests_whose_every_report_names_a_config_cause_route_to_config(
    frame: Callable[..., bytes], sample: str, command: str, rule: str
) -> None:
    # Before: decided test (0.96-1.00), the runner's summary and the failing tests vouching for it.
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
def test_a_config_error_beside_tests_failing_on_their_own_is_one_failure_of_two(frame: Callable[..., bytes]) -> None:
    # One test fails on the YAML error, two on an assertion and a dict's KeyError: the tests decide, and
    # the config file is a second failure to fix (before the path fix, PyYAML's absolute path was not read).
    f = framed(frame, "python -m pytest --tb=short tests", "pytest_config_yaml_beside_assertions.txt")
    verdict = rule_verdict(f)
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason
    assert verdict.scores[Category.CONFIG] == MIXED_CAUSE_WEIGHT
    assert several(f) == [Category.CONFIG, Category.TEST]


# (sample, command): the runner refused its own configuration, or the code's, before any test ran
RUNNER_CONFIG = [
    ("pytest_ini_addopts_unknown_option.txt", "pytest tests"),
    ("pytest_ini_filterwarnings_unresolved.txt", "pytest tests"),
    ("pytest_pyproject_toml_unparsable.txt", "pytest tests"),
    ("pytest_conftest_toml_unparsable.txt", "pytest tests"),
    ("jest29_config_validation_error.txt", "npm test"),
    ("jest29_test_environment_missing.txt", "npm test"),
    ("mocha10_rc_json_unparsable.txt", "npx mocha"),
    ("mocha10_rc_yaml_unparsable.txt", "npx mocha"),
]


@pytest.mark.parametrize("frame", FRAMES)
@pytest.mark.parametrize(("sample", "command"), RUNNER_CONFIG)
def test_a_runner_that_refuses_its_configuration_is_config(
    frame: Callable[..., bytes], sample: str, command: str
) -> None:
    # Before: abstained (test 0.29: the test command only) for the pytest ini option, pyproject.toml and
    # mocha rc files; decided test (0.96) for jest-validate's errors, read as a failing test; the ini's
    # warning filter (`while parsing`) and the conftest's TOML were config already.
    f = framed(frame, command, sample)
    assert not f.failing_tests
    verdict = rule_verdict(f)
    assert verdict.category is Category.CONFIG and verdict.decided, verdict.reason


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
