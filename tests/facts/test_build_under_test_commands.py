"""A compile failure under a test command (`mvn test`, `npx jest`): the build's when the name the compiler did not
find is the project's own, a dependency's (or undecided) when it is a third party's, never the tests'. Real Maven
3.8.7 and ts-jest 29 output (tests/facts/data/README.md, "A compile failure under a test command")."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.extract import modules_reading
from remediate.models import Category
from remediate.triage import rule_verdict
from remediate.triage.beneath import NOT_LOADED_APART
from tests.facts import framing
from tests.facts.samples import DATA


def _maven_test(sample: str) -> bytes:
    return framing.github_actions("mvn -B -o test", (DATA / sample).read_text(), 1)


def test_maven_s_goal_failure_repeating_a_row_of_the_project_s_own_missing_package_is_the_build() -> None:
    # before: the goal's record (`Compilation failure; PATH:[5,29] package com.acme.shop.pricing does not exist`)
    # read the package as a third party's (no file to tell), dependency 0.85 against the row's build: undecided
    facts = extract_facts(_maven_test("maven387_testcompile_own_package_missing.txt"))
    assert {e.category for e in facts.errors} == {Category.BUILD}
    verdict = rule_verdict(facts)
    assert (verdict.category, verdict.decided) == (Category.BUILD, True), verdict.reason
    # the control: a third party's package missing from the test classpath stays the dependency's, both records
    third = extract_facts(_maven_test("maven387_testcompile_third_party_missing.txt"))
    assert {e.category for e in third.errors} == {Category.DEPENDENCY}
    assert rule_verdict(third).category is Category.DEPENDENCY


def test_ts2307_of_a_package_not_installed_is_no_type_error_of_the_test_file() -> None:
    # ts-jest's `Test suite failed to run` over `TS2307: Cannot find module 'left-pad'` with the parsers that read it
    # left out (a runner no parser knows): was decided type 0.82 by the test-file-does-not-type-check rule; nothing
    # failed to type-check, the package is not there (the full rules: dependency, undecided)
    log = framing.github_actions("npx jest", (DATA / "tsjest29_ts2307_package_missing.txt").read_text(), 1)
    verdict = rule_verdict(extract_facts(log, leave_out=modules_reading(log)))
    assert verdict.category is not Category.TYPE and not verdict.decided, verdict.reason
    # the control: a real type error in the test file still decides type, parsers left out
    typed = framing.github_actions("npx jest", (DATA / "tsjest29_type_error.txt").read_text(), 1)
    control = rule_verdict(extract_facts(typed, leave_out=modules_reading(typed)))
    assert (control.category, control.decided) == (Category.TYPE, True), control.reason


def test_a_test_file_that_does_not_parse_is_the_build_not_the_tests_pytest_s_own_frames_say_nothing() -> None:
    # before: pytest's frames in its installed code (`.../site-packages/_pytest/assertion/rewrite.py:176: in
    # exec_module`, shown by every collection error) voted test on the word `assertion`, two of them when the test
    # file itself does not parse: the facts said test 0.74 against the SyntaxError's build record, undecided
    log = framing.github_actions("python -m pytest -q tests", (DATA / "pytest9_test_file_syntax_error.txt").read_text())
    verdict = rule_verdict(extract_facts(log))
    assert (verdict.category, verdict.decided) == (Category.BUILD, True), verdict.reason
    # the control: a failing assertion under the same command stays the tests'
    failed = rule_verdict(
        extract_facts(framing.github_actions("pytest -q", (DATA / "pytest_quiet_fail.txt").read_text()))
    )
    assert (failed.category, failed.decided) == (Category.TEST, True), failed.reason


def test_a_test_file_mocha_could_not_load_is_the_build_where_it_imports_the_code_s_own_module() -> None:
    # mocha 10's ` Exception during run: ` over Node's link error of an ES module: no test ran and no parser read it
    # (undecided test 0.29, the command alone); the file is now mocha's record, its report the relative module's
    # missing export (build), as node --test's file that died loading is
    def verdict(sample: str) -> tuple[Category, bool, str]:
        v = rule_verdict(extract_facts(framing.github_actions("npm test", (DATA / sample).read_text(), 1)))
        return v.category, v.decided, v.reason

    category, decided, reason = verdict("mocha10_esm_export_missing.txt")
    assert (category, decided) == (Category.BUILD, True) and "'../cart.js'" in reason, reason
    # CommonJS' `Error: Cannot find module '../lib/cart'` over its require stack: a file of the code not there
    assert verdict("mocha10_relative_module_missing.txt")[:2] == (Category.BUILD, True)
    # the control: a package's missing export (`'pricekit'`) is its installed version's API: named, not decided
    category, decided, reason = verdict("mocha10_esm_export_missing_package.txt")
    assert (category, decided) == (Category.DEPENDENCY, False), reason


def test_nose2_s_stand_in_for_a_test_module_that_did_not_import_is_no_failing_test() -> None:
    # nose2 0.16's `ERROR: tests.test_cart (nose2.loader.ModuleImportFailure.tests.test_cart)` heads the import's
    # traceback, as unittest's `unittest.loader._FailedTest` does; it was read as a failing test: the project's own
    # renamed name (`cannot import name 'total' from 'shop.cart'`) was decided test 1.00, its SyntaxError undecided
    # (test 0.80 against build 0.80). No test ran: the import's own record decides
    def verdict(sample: str) -> tuple[Category, bool, str]:
        facts = extract_facts(framing.github_actions("nose2 -s . tests", (DATA / sample).read_text(), 1))
        assert not facts.failing_tests or sample == "nose2_016_import_beside_failing_test.txt"
        v = rule_verdict(facts)
        return v.category, v.decided, v.reason

    for sample in ("nose2_016_own_import_name.txt", "nose2_016_syntax_in_source.txt"):
        category, decided, reason = verdict(sample)
        assert (category, decided) == (Category.BUILD, True), reason
    # beside a test that failed its assertion: the renamed name is the project's own code, which the tests' specialist
    # edits beside the assertion (test_a_test_module_that_did_not_load_beside_...)
    category, decided, reason = verdict("nose2_016_import_beside_failing_test.txt")
    assert (category, decided) == (Category.TEST, True) and NOT_LOADED_APART not in reason, reason


@pytest.mark.parametrize(
    ("command", "sample"),
    [
        ("python -m unittest discover -s . -p 'test_*.py'", "unittest311_import_beside_failing_test.txt"),
        ("python -m pytest --continue-on-collection-errors tests", "pytest9_collect_error_beside_failing_test.txt"),
    ],
)
def test_a_test_module_that_did_not_load_beside_a_test_that_failed_is_one_route_when_it_met_the_project_s_code(
    command: str, sample: str
) -> None:
    # the loader's stand-in (`ERROR: tests.test_cart (unittest.loader._FailedTest...)`, pytest's `ERROR collecting`)
    # over the code's renamed name, beside `FAIL: test_other`'s assertion: the import met the project's own code (a
    # build record), which the tests' specialist edits beside the assertion: decided test. With the parsers left out
    # no record says what the import met: the rules abstain
    log = framing.github_actions(command, (DATA / sample).read_text(), 1)
    verdict = rule_verdict(extract_facts(log))
    assert (verdict.category, verdict.decided) == (Category.TEST, True), verdict.reason
    left = rule_verdict(extract_facts(log, leave_out=modules_reading(log)))
    assert not left.decided and left.category in (Category.TEST, Category.BUILD), left.reason
    # the control: the same module not loading alone (nose2's own run of it) is the build's
    alone = framing.github_actions("nose2 -s . tests", (DATA / "nose2_016_own_import_name.txt").read_text(), 1)
    control = rule_verdict(extract_facts(alone))
    assert (control.category, control.decided) == (Category.BUILD, True), control.reason


def test_a_test_module_that_did_not_load_for_a_package_not_installed_beside_a_failing_test_is_two_failures() -> None:
    # `ModuleNotFoundError: No module named 'pricekit'` (a third party's, not installed: dependency) stopped one test
    # module, another failed its assertion: fixing either leaves the other, and they call for two specialists
    command = "python -m unittest discover -s . -p 'test_*.py'"
    sample = (DATA / "unittest311_third_party_import_beside_failing_test.txt").read_text()
    verdict = rule_verdict(extract_facts(framing.github_actions(command, sample, 1)))
    assert (verdict.category, verdict.decided) == (Category.TEST, False), verdict.reason
    assert NOT_LOADED_APART in verdict.reason and "tests.test_cart" in verdict.reason, verdict.reason


def test_a_test_module_that_did_not_load_for_a_cause_no_record_names_beside_a_failing_test_is_the_tests() -> None:
    # `FileNotFoundError` of a data file a test module reads at import (no parser names another specialist's cause)
    # beside a failing assertion: no evidence of a second failure another specialist fixes, the failing tests decide
    # (the abstention lost right decisions on real test runs whose loader error no parser read)
    command = "python -m unittest discover -s . -p 'test_*.py'"
    sample = (DATA / "unittest311_data_file_import_beside_failing_test.txt").read_text()
    facts = extract_facts(framing.github_actions(command, sample, 1))
    assert not {e.category for e in facts.errors} - {Category.TEST, Category.UNKNOWN}
    verdict = rule_verdict(facts)
    assert (verdict.category, verdict.decided) == (Category.TEST, True), verdict.reason
    assert NOT_LOADED_APART not in verdict.reason, verdict.reason


def test_a_link_failure_beside_a_failing_c_test_is_two_failures_with_or_without_the_linker_s_parser() -> None:
    # make -k builds and runs what it can: one test program did not link (`undefined reference to`, collect2's
    # `ld returned 1 exit status`), another failed its own check (`1 test, 1 failed`). With the compiler module left
    # out (a build no parser reads) it was decided test 0.83; the linker's own reading (compiler.link_failed) names
    # the build undone beside the failing test: two failures, never the tests' alone
    log = framing.github_actions("make -k check", (DATA / "make_k_link_error_beside_failing_test.txt").read_text())
    full = rule_verdict(extract_facts(log))
    left = rule_verdict(extract_facts(log, leave_out=modules_reading(log)))
    assert modules_reading(log) and not full.decided, full.reason
    assert not left.decided and "the linker failed" in left.reason, left.reason
    # the control: the same Makefile, every program linked, the C test failing its own check: the tests'
    linked = framing.github_actions("make -k check", (DATA / "make_k_failing_test.txt").read_text())
    control = rule_verdict(extract_facts(linked, leave_out=modules_reading(linked)))
    assert (control.category, control.decided) == (Category.TEST, True), control.reason


def test_a_package_that_did_not_compile_beside_another_s_failing_test_is_two_failures_without_go_s_parser() -> None:
    # go test ./...: package tax does not compile (`FAIL\t.../tax [build failed]`), package cart's TestTotal fails its
    # check. The full rules abstain (build 0.80 against test 0.70); with the go module left out (a test runner no parser
    # reads) the failing test was decided test 0.96 under the job's command, and the bare log (no command, its failing
    # test unread) build 0.94 on go test's verdict alone: go test's own `FAIL\tPKG\t0.030s` says tests ran and failed
    output = (DATA / "go119_test_build_failed_beside_failing_test.txt").read_text()
    for log in (framing.travis("go test ./...", output, 2), output.encode()):
        for facts in (extract_facts(log), extract_facts(log, leave_out=modules_reading(log))):
            verdict = rule_verdict(facts)
            assert not verdict.decided, verdict.reason
    left = rule_verdict(extract_facts(output.encode(), leave_out=modules_reading(output.encode())))
    assert NOT_LOADED_APART in left.reason and "[build failed]" in left.reason, left.reason
    # the control: a package not compiling alone, no test run beside it, stays the build's
    typed = framing.travis("go test ./...", (DATA / "go119_test_build_failed_typed.txt").read_text(), 2)
    control = rule_verdict(extract_facts(typed, leave_out=modules_reading(typed)))
    assert (control.category, control.decided) == (Category.BUILD, True), control.reason


@pytest.mark.parametrize(
    ("command", "sample", "words"),
    [
        ("mvn -B -o -fae test", "maven387_fae_compile_beside_test_failure.txt", "COMPILATION ERROR"),
        ("gradle test --offline --continue", "gradle441_continue_compile_beside_test_failure.txt", ":tax:compileJava"),
    ],
)
def test_a_module_that_did_not_compile_beside_another_module_s_failing_test_is_two_failures(
    command: str, sample: str, words: str
) -> None:
    # a reactor run on past the first failure (`mvn -fae`, `gradle --continue`): module cart's test fails its assertion,
    # module tax does not compile (`cannot find symbol`). Maven's own verdict, `[ERROR] COMPILATION ERROR : `, loses its
    # trailing blank in the excerpt, so the build tool's words (patterns.NOT_COMPILED) never matched a Maven log: with
    # the jvm module left out the failing test was decided test 1.00 (framed) and 0.92 (bare). Now, as for Gradle's
    # compile task, the rules abstain on the two failures
    output = (DATA / sample).read_text()
    for log in (framing.travis(command, output, 1), output.encode()):
        for facts in (extract_facts(log), extract_facts(log, leave_out=modules_reading(log))):
            verdict = rule_verdict(facts)
            assert not verdict.decided, verdict.reason
    left = rule_verdict(extract_facts(output.encode(), leave_out=modules_reading(output.encode())))
    assert words in left.reason, left.reason


def test_maven_s_compilation_error_alone_is_the_build_in_its_own_words_without_its_parser() -> None:
    alone = framing.travis("mvn -B -o test", (DATA / "maven387_test_compilation_error.txt").read_text(), 1)
    control = rule_verdict(extract_facts(alone, leave_out=modules_reading(alone)))
    assert (control.category, control.decided) == (Category.BUILD, True), control.reason
    assert "the build tool says the code did not compile ([ERROR] COMPILATION ERROR :)" in control.reason
