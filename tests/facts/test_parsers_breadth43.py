"""Tools no sample covered before the forty-third round (real output: tests/facts/data/README.md, "Tools no sample
covered yet"): what facts and the rules make of each, failing and passing."""

from __future__ import annotations

from remediate.facts import extract_facts
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA, facts


def test_npm_audit_s_report_names_each_vulnerable_package_as_a_dependency_failure() -> None:
    f = facts("color/npm11_audit_plain.txt")
    assert [(e.tool, e.code) for e in f.errors] == [
        ("npm audit", "lodash"),
        ("npm audit", "minimist"),
        ("npm audit", "nanoid"),
    ]
    assert f.errors[0].message == "Prototype Pollution in lodash (critical): lodash <4.17.12"
    assert f.category is Category.DEPENDENCY
    log = framing.travis("npm audit --audit-level=high", (DATA / "color/npm11_audit_plain.txt").read_text())
    verdict = rule_verdict(extract_facts(log))
    assert verdict.decided and verdict.category is Category.DEPENDENCY
    assert "3 vulnerabilities (1 moderate, 2 critical)" in extract_facts(log).excerpt


def test_npm_audit_s_count_without_its_report_is_an_install_that_went_on() -> None:
    # `npm install` prints the same count and passes: no record, no decision
    f = facts("npm11_install_audit_passed.txt")
    assert not f.errors and not rule_verdict(f).decided


def test_npm_audit_below_its_level_passes_in_a_passing_step() -> None:
    output = (DATA / "npm11_audit_level_passed.txt").read_text()
    assert output == (DATA / "npm11_audit_moderate.txt").read_text()  # the level is not printed: only the exit says
    passed = framing.travis_commands([("npm audit --audit-level=high", output, 0)], say_passed=True)
    assert not rule_verdict(extract_facts(passed)).decided


def test_npm_audit_refused_by_its_registry_is_the_registry_setting_not_a_vulnerability() -> None:
    # a registry that does not serve the audit API answers every audit alike (405): config, not dependency, not infra
    f = facts("npm11_audit_endpoint_405.txt")
    assert [(e.tool, e.code, e.category) for e in f.errors] == [("npm audit", "audit-endpoint", Category.CONFIG)]
    assert "405 Method Not Allowed - POST https://registry.npmjs.org/" in f.errors[0].message
    assert _framed("npm11_audit_endpoint_405.txt", "npm audit --audit-level=high") == (Category.CONFIG, True)
    # npm's warning alone (no `audit endpoint returned an error`: the command went on) is no record
    warned = "\n".join((DATA / "npm11_audit_endpoint_405.txt").read_text().splitlines()[:1])
    assert not extract_facts(warned.encode()).errors


def _framed(sample: str, command: str) -> tuple[Category, bool]:
    verdict = rule_verdict(extract_facts(framing.travis(command, (DATA / sample).read_text())))
    return verdict.category, verdict.decided


def test_cfn_lint_s_findings_are_records_at_their_place_by_rule_and_level() -> None:
    default, parseable = facts("cfn_lint158.txt"), facts("cfn_lint158_parseable.txt")
    rows = [(e.tool, e.file, e.line, e.column, e.code, e.severity.value) for e in default.errors]
    assert rows == [(e.tool, e.file, e.line, e.column, e.code, e.severity.value) for e in parseable.errors]
    assert ("cfn-lint", "templates/bucket.yaml", 16, 7, "E3012", "error") in rows
    assert ("cfn-lint", "templates/bucket.yaml", 4, 3, "W2001", "warning") in rows  # W: cfn-lint's warning
    assert [e.message for e in default.errors if e.code == "E3012"] == ["'abc' is not of type 'integer'"]
    assert default.category is parseable.category is Category.LINT
    assert _framed("cfn_lint158_yaml_error.txt", "cfn-lint templates/broken.yaml") == (Category.LINT, True)


def test_free_pascal_s_errors_are_build_records_not_its_count() -> None:
    f = facts("fpc322_errors.txt")
    assert [(e.tool, e.file, e.line, e.column) for e in f.errors] == [
        ("fpc", "shop.pas", 11, 26),
        ("fpc", "shop.pas", 12, 11),
    ]
    missing = facts("fpc322_missing_unit.txt")
    assert [e.message for e in missing.errors] == ["Can't find unit ShopTotals used by Report"]
    assert f.category is missing.category is Category.BUILD
    assert _framed("fpc322_errors.txt", "fpc shop.pas") == (Category.BUILD, True)


def test_groovyc_s_errors_are_build_records_with_the_column_on_either_line() -> None:
    syntax, unresolved = facts("groovyc24_syntax.txt"), facts("groovyc24_unresolved.txt")
    assert [(e.file, e.line, e.column, e.message) for e in syntax.errors] == [
        ("src/Cart.groovy", 9, 5, "unexpected token: }")
    ]
    assert [(e.line, e.column, e.message) for e in unresolved.errors] == [
        (1, 1, "unable to resolve class org.acme.shop.Money"),
        (8, 16, "unable to resolve class Labeler"),
    ]
    assert syntax.category is unresolved.category is Category.BUILD


def test_ocaml_s_wrapped_error_is_whole_and_dune_names_the_test_program_that_failed() -> None:
    build = facts("dune29_build_type_error.txt")
    assert [e.message for e in build.errors] == [
        "This expression has type int but an expression was expected of type string"
    ]
    test = facts("dune29_test_failwith.txt")
    assert [(t.id, t.message) for t in test.failing_tests] == [
        ("test/test_cart", 'Fatal error: exception Failure("total: expected 7, got 6")')
    ]
    assert _framed("dune29_test_failwith.txt", "dune test") == (Category.TEST, True)
    assert _framed("dune29_build_type_error.txt", "dune build") == (Category.BUILD, True)


def test_yamlfix_s_check_names_the_file_it_would_rewrite() -> None:
    f = facts("yamlfix119_check.txt")
    assert [(e.tool, e.file, e.code) for e in f.errors] == [("yamlfix", "config.yaml", "format")]
    assert _framed("yamlfix119_check.txt", "yamlfix --check config.yaml ok.yaml") == (Category.FORMAT, True)


def test_markdownlint_cli2_and_hatch_fmt_read_as_the_tools_they_run() -> None:
    mdl = facts("markdownlint_cli2_022.txt")  # `FILE:L:C error MDxxx/name ...`: markdownlint's rows
    assert len(mdl.errors) == 8 and {e.code for e in mdl.errors} >= {"MD018", "MD009", "MD040"}
    assert mdl.category is Category.LINT
    assert (facts("hatch118_fmt_lint.txt").category, facts("hatch118_fmt_format.txt").category) == (
        Category.LINT,
        Category.FORMAT,
    )


def test_lock_checks_out_of_date_are_dependency_failures_or_left_undecided() -> None:
    assert _framed("poetry251_check_lock.txt", "poetry check --lock --no-ansi") == (Category.DEPENDENCY, True)
    assert _framed("uv0139_lock_check.txt", "uv lock --check") == (Category.DEPENDENCY, True)
    # PDM says it in a WARNING that `pdm install --frozen-lockfile` prints too, and goes on: only the command tells
    assert _framed("pdm2294_lock_check.txt", "pdm lock --check") == (Category.DEPENDENCY, False)


def test_pip_audit_out_of_reach_of_its_database_is_no_vulnerability_decided() -> None:
    osv = rule_verdict(facts("pip_audit210_osv_unreachable.txt"))
    assert osv.category is Category.INFRA and not osv.decided
    assert not rule_verdict(facts("pip_audit210_strict_not_audited.txt")).decided


def test_a_check_s_diff_of_dependency_locks_only_is_a_dependency_failure_not_a_formatter_s() -> None:
    for sample, command in (
        ("go119_mod_tidy_diff.txt", "go mod tidy && git diff --exit-code -- go.mod go.sum"),
        ("npm11_lock_diff.txt", "npm install --package-lock-only && git diff --exit-code -- package-lock.json"),
    ):
        f = facts(sample)
        assert [(e.code, e.category) for e in f.errors] == [("lock-diff", Category.DEPENDENCY)]
        assert f.category is Category.DEPENDENCY
        assert _framed(sample, command) == (Category.DEPENDENCY, True)
        # read by no parser (the generic reader's diff), a lock is no formatter's file either
        framed = framing.travis(command, (DATA / sample).read_text())
        left = rule_verdict(extract_facts(framed, leave_out=frozenset({"diffcheck"})))
        assert left.category is not Category.FORMAT or not left.decided
    assert facts("git239_diff_dist_stale.txt").errors[0].code == "stale-output"


def test_checkov_s_failed_checks_are_lint_records_beside_its_offline_traceback() -> None:
    compact, full = facts("checkov3_terraform.txt"), facts("checkov3_terraform_full.txt")
    rows = [(e.tool, e.file, e.line, e.code) for e in compact.errors if e.tool == "checkov"]
    assert len(rows) == 11 and ("checkov", "main.tf", 6, "CKV_AWS_24") in rows
    assert sorted(rows) == sorted((e.tool, e.file, e.line, e.code) for e in full.errors if e.tool == "checkov")
    first = next(e for e in compact.errors if e.code == "CKV_AWS_24")
    assert first.message == "Ensure no security groups allow ingress from 0.0.0.0:0 to port 22 (aws_security_group.web)"
    assert compact.category is Category.LINT
    assert _framed("checkov3_terraform.txt", "checkov -d infra --compact --quiet") == (Category.LINT, True)
    # the same traceback and a count of 0: the run passed, nothing decided
    passed = framing.travis_commands(
        [("checkov -d infra", (DATA / "checkov3_skipped_passed.txt").read_text(), 0)], say_passed=True
    )
    assert not rule_verdict(extract_facts(passed)).decided
    assert not rule_verdict(facts("checkov3_skipped_passed.txt")).decided
