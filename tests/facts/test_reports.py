"""What a failing test's own report names as its cause (triage/reports.py), read directly on real samples
(tests/facts/data), and the view's cached readings of it (FailingView.named_causes, FailingView.shown_causes)."""

from __future__ import annotations

from dataclasses import replace

from remediate.facts import extract_facts
from remediate.facts.extract import modules_reading
from remediate.models import Category
from remediate.triage import rule_verdict
from remediate.triage.beneath import own_service_named
from remediate.triage.failing import failing_view
from remediate.triage.reports import (
    counts_failing_tests,
    item_cause,
    named_causes,
    one_of,
    report_cause,
    shown_cause,
    shown_causes,
)
from tests.facts import framing
from tests.facts.samples import DATA, facts


def test_a_report_names_its_cause_unless_it_is_an_assertion_s() -> None:
    # the lines of real reports: PyYAML's error (pytest_config_yaml_unparsable.txt), pytest's assertion over values
    # that mention YAML, pycodestyle's style test (its assertion is its linter's)
    parse = report_cause("E   yaml.scanner.ScannerError: mapping values are not allowed here", frozenset())
    assert parse is not None and parse[:2] == ("config-parse", Category.CONFIG)
    assert report_cause("E   AssertionError: assert 'ok' == 'invalid yaml'", frozenset()) is None
    style = report_cause("AssertionError: 2 != 0 : Found code style errors (and warnings).", frozenset())
    assert style is not None and style[:2] == ("tests-lint", Category.LINT)
    assert item_cause("shop/cart.py::ISORT") == ("tests-lint", Category.FORMAT, "a formatter run as a test (ISORT)")
    assert item_cause("tests/test_cart.py::test_total") is None


def test_every_failing_test_s_report_names_the_one_cause_read_once_per_view() -> None:
    view = failing_view(facts("pytest_config_yaml_unparsable.txt"))
    named, others = view.named_causes
    assert named and not others
    assert {(rule, category) for rule, category, _ in named} == {("config-parse", Category.CONFIG)}
    assert view.named_causes is view.named_causes  # cached: tests_say and two_causes read the same tuple
    assert named_causes(view) == view.named_causes
    cause, beside = one_of(named, others)
    assert cause == named[0] and not beside
    # a view made anew (vouching's `replace`) reads its own
    assert replace(view).named_causes is not view.named_causes


def test_causes_of_two_kinds_are_not_one_cause() -> None:
    named = (("config-parse", Category.CONFIG, "a"), ("tests-lint", Category.LINT, "b"))
    assert one_of(named, True) == (None, False)
    assert one_of((), False) == (None, False)


def test_a_summary_counts_failing_tests_not_modules_that_did_not_import() -> None:
    # pytest's `1 failed` counts a failing test; its `1 error` (a test module that does not import) counts none
    assert counts_failing_tests(facts("pytest_config_yaml_unparsable.txt"))
    assert not counts_failing_tests(facts("pytest_collection_error.txt"))


def test_the_excerpt_shows_the_cause_beneath_tests_no_parser_read() -> None:
    # Jest's run whose suites met a settings file not there, its parser left out: only the summary counts the
    # failures, and the excerpt's lines show what the tests met
    log = framing.travis("npx jest test/settings.test.js", (DATA / "jest29_config_file_missing.txt").read_text())
    view = failing_view(extract_facts(log, leave_out=modules_reading(log)))
    assert not view.failing_tests and counts_failing_tests(view.facts)
    assert {c[:2] for c in view.shown_causes} == {("config-settings", Category.CONFIG)}
    assert view.shown_causes is view.shown_causes and shown_causes(view) == view.shown_causes
    shown = shown_cause(view)
    assert shown is not None and shown[0] == "config-settings" and "config/local.json" in shown[2]


def test_the_own_service_rule_names_test_only_undiscounted() -> None:
    verdict = rule_verdict(facts("pytest_requests_refused.txt"))
    own = own_service_named(verdict.signals, verdict.category)
    assert own is not None and "could not reach the job's own service (127.0.0.1)" in own.reason
    assert own_service_named(verdict.signals, Category.INFRA) is None
    weighed = [replace(s, discounted=True) if s is own else s for s in verdict.signals]
    assert own_service_named(weighed, Category.TEST) is None
