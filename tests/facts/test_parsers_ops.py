"""Python test runners beside unittest (nose, nose2, behave), documentation checks (codespell,
Sphinx -W, MkDocs --strict) and operations tools (ansible-lint, Terraform), on real output made
here (tests/facts/data/README.md, "Python, documentation and operations tools")."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.models import Category, Severity
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA, error, facts, framed_test

_FRAMED = [
    ("nose2_verbose.txt", "nose2 -v", "/home/runner/work/calcpy/calcpy/", "tests/test_calc.py", Category.TEST),
    ("nose_verbose.txt", "nosetests -v", "/home/runner/work/calcpy/calcpy/", "tests/test_calc.py", Category.TEST),
    (
        "color/zope_testrunner_plain.txt",
        "zope-testrunner --test-path=src",
        "/home/travis/build/acme/zopecart/",
        "src/cart/tests/test_cart.py",
        Category.TEST,
    ),
    ("trial_twisted26.txt", "trial tests", "/home/travis/build/acme/shopcart/", "tests/test_cart.py", Category.TEST),
    ("color/behave_plain.txt", "behave --no-color", None, "features/cart.feature", Category.TEST),
    ("behave_1_2_6.txt", "behave", None, "features/cart.feature", Category.TEST),
    ("color/codespell_plain.txt", "codespell --count", None, "README.md", Category.LINT),
    ("color/ansible_lint_plain.txt", "ansible-lint --offline site.yml", None, "site.yml", Category.LINT),
    ("ansible_lint_pep8.txt", "ansible-lint -f pep8 site.yml", None, "site.yml", Category.LINT),
    ("ansible_lint_4.txt", "ansible-lint site.yml", None, "site.yml", Category.LINT),
    (
        "color/sphinx_plain.txt",
        "sphinx-build -W -b html docs/sphinx docs/_build",
        "/home/runner/work/opsdocs/opsdocs/",
        "docs/sphinx/index.rst",
        Category.LINT,
    ),
    (
        "sphinx5_W.txt",
        "sphinx-build -W -b html docs/sphinx docs/_build",
        "/home/runner/work/opsdocs/opsdocs/",
        "docs/sphinx/index.rst",
        Category.LINT,
    ),
    ("rstcheck.txt", "rstcheck README.rst docs/guide.rst", None, "docs/guide.rst", Category.LINT),
    ("doc8.txt", "doc8 docs README.rst", None, "docs/guide.rst", Category.LINT),
    ("color/terraform_validate_plain.txt", "terraform validate -no-color", None, "main.tf", Category.CONFIG),
    ("terraform_fmt_check.txt", "terraform fmt -check -recursive", None, "modules/net/variables.tf", Category.FORMAT),
]


test_reads_the_same_inside_a_ci_log = framed_test(_FRAMED)


@pytest.mark.parametrize(
    ("sample", "generator"),
    [
        ("nose_verbose.txt", "tests.test_calc.test_generated(1,)"),
        ("nose2_verbose.txt", "tests.test_calc.test_generated:1"),
    ],
)
def test_nose_names_test_functions_and_generators_by_their_dotted_path(sample: str, generator: str) -> None:
    f = facts(sample)
    tests = {t.id: t.message for t in f.failing_tests}
    assert tests == {
        "tests.test_calc.TestCalc.test_add": "AssertionError: 4 != 5",
        "tests.test_calc.TestCalc.test_div": "ZeroDivisionError: division by zero",
        "tests.test_calc.test_function_style": "AssertionError: sum is wrong",
        generator: "AssertionError: 1 is odd",
    }
    assert f.tools[0] == "unittest"


@pytest.mark.parametrize("sample", ["trial_twisted26.txt", "trial_twisted19.txt"])
def test_trial_sections_name_their_tests_after_the_traceback(sample: str) -> None:
    """trial (Twisted 26, and 19.10 on Python 3.6) prints each failure's traceback first, then the
    ids of the tests that failed so; the test's file and line are the frame in its own method."""
    f = facts(sample)
    assert [(t.id, t.file, t.message) for t in f.failing_tests] == [
        ("tests.test_cart.CartTest.test_total", "tests/test_cart.py", "AssertionError: 5 != 6"),
        (
            "tests.test_trialcart.TrialCartTest.test_fail_message",
            "tests/test_trialcart.py",
            "twisted.trial.unittest.FailTest: cart not saved",
        ),
        (
            "tests.test_trialcart.TrialCartTest.test_total",
            "tests/test_trialcart.py",
            "twisted.trial.unittest.FailTest: 5 != 6",
        ),
        ("tests.test_cart.CartTest.test_average_of_empty", "tests/test_cart.py", "ZeroDivisionError: division by zero"),
    ]
    assert [(e.file, e.line) for e in f.errors if e.tool == "unittest"] == [
        ("tests/test_cart.py", 8),
        ("tests/test_trialcart.py", 11),
        ("tests/test_trialcart.py", 8),
        ("tests/test_cart.py", 14),
    ]


def test_a_bracketed_fail_outside_a_rule_or_dotted_words_in_another_section_are_no_trial_test() -> None:
    """`[FAIL]` is trial's only right under a `=====` rule, and an id only after its section's
    exception and a blank line: a shell's banner and another runner's rows are not."""
    log = (
        b"[FAIL]\nsetup.step\n" + b"=" * 40 + b"\nbuild summary\n\nservices.web.health\n"
        b"=" * 40 + b"\n[ERROR]\nno traceback here\n\nnot.a.test\n"
    )
    assert not extract_facts(log).failing_tests


@pytest.mark.parametrize(
    "sample", ["color/zope_testrunner_plain.txt", "color/zope_testrunner_color.txt", "zope_testrunner49.txt"]
)
def test_zope_testrunner_failures_are_tests_not_dbt_nodes(sample: str) -> None:
    """zope.testrunner's `Failure in test NAME (dotted.id)` is dbt's `Failure in test NAME (path)` in
    words; the parenthesis tells them apart (a dbt node's file, a Python test's id)."""
    f = facts(sample)
    assert "dbt" not in f.tools and f.category is Category.TEST
    assert [(t.id, t.file, t.message) for t in f.failing_tests] == [
        (
            "cart.tests.test_cart.CartTest.test_average_of_empty",
            "src/cart/tests/test_cart.py",
            "ZeroDivisionError: division by zero",
        ),
        ("cart.tests.test_cart.CartTest.test_total", "src/cart/tests/test_cart.py", "AssertionError: 5 != 6"),
    ]
    dbt = facts("dbt_build_test_failure.txt")
    assert dbt.tools[0] == "dbt" and dbt.errors[0].file == "models/schema.yml"


def test_zope_testrunner_before_python_3_11_names_the_class() -> None:
    """Before Python 3.11 a test's id in the header ends with its class: the method is added."""
    f = facts("zope_testrunner49_py36.txt")
    assert [(t.id, t.file) for t in f.failing_tests] == [
        ("cart.tests.test_cart.CartTest.test_average_of_empty", "src/cart/tests/test_cart.py"),
        ("cart.tests.test_cart.CartTest.test_total", "src/cart/tests/test_cart.py"),
    ]


@pytest.mark.parametrize("sample", ["color/green_plain.txt", "color/green_color.txt", "green2_py36.txt"])
def test_green_failure_headers_over_their_traceback(sample: str) -> None:
    """green 4 and 2.12: `Failure in dotted.id` over the traceback (no `Traceback` line)."""
    f = facts(sample)
    assert [(t.id, t.file, t.message) for t in f.failing_tests] == [
        (
            "tests.test_cart.CartTest.test_average_of_empty",
            "tests/test_cart.py",
            "ZeroDivisionError: division by zero",
        ),
        ("tests.test_cart.CartTest.test_total", "tests/test_cart.py", "AssertionError: 5 != 6"),
    ]


def test_error_in_a_file_name_is_no_green_header() -> None:
    assert not extract_facts(b"Error in config.yml\nline 3: bad indentation\n").failing_tests


def test_stestr_rows_with_their_captured_traceback() -> None:
    """stestr's `{0} id [time] ... FAILED` rows: the captured traceback below names the test's file
    and its exception; the Totals' ` - Failed: 2` counts them."""
    f = facts("stestr4.txt")
    assert [(t.id, t.file, t.message) for t in f.failing_tests] == [
        ("tests.test_cart.CartTest.test_total", "tests/test_cart.py", "AssertionError: 5 != 6"),
        ("tests.test_cart.CartTest.test_average_of_empty", "tests/test_cart.py", "ZeroDivisionError: division by zero"),
    ]
    assert rule_verdict(f, "stestr run").decided


def test_a_failed_count_without_stestr_s_rows_is_not_a_test_count() -> None:
    assert "unittest" not in extract_facts(b"Deploy summary\n - Passed: 3\n - Failed: 2\n").tools


_ROBOT_FAILED = [
    ("Total Of Three Prices", "5 != 6"),
    ("Missing Keyword", "No keyword with name 'Add Item To Cart' found."),
]


@pytest.mark.parametrize("sample", ["color/robot7_plain.txt", "color/robot7_color.txt", "robot32.txt"])
def test_robot_framework_failed_rows_with_their_message(sample: str) -> None:
    """Robot Framework 7 and 3.2 (whose suite counts say `critical tests`): a `| FAIL |` row with a
    message under it is a test, one with a count under it a suite."""
    f = facts(sample)
    assert f.tools == ["robot"] and f.category is Category.TEST
    assert [(t.id, t.message) for t in f.failing_tests] == _ROBOT_FAILED
    verdict = rule_verdict(f, "robot tests")
    assert verdict.decided and verdict.category is Category.TEST, verdict.reason


def test_robot_framework_dotted_console() -> None:
    f = facts("robot7_dotted.txt")
    assert [(t.id, t.message) for t in f.failing_tests] == [(f"Tests.Cart.{name}", m) for name, m in _ROBOT_FAILED]


@pytest.mark.parametrize(
    "log",
    [
        b"| step | FAIL |\n| lint | PASS |\n",  # a Markdown table's row
        b"FAIL: services web health\nsomething\n",  # `FAIL: ` without the dotted console's opening line
    ],
)
def test_other_fail_rows_are_not_robot_framework(log: bytes) -> None:
    assert "robot" not in extract_facts(log).tools


def test_a_dotted_failure_line_outside_unittest_s_section_is_no_test() -> None:
    f = extract_facts(b"deploy step\nFAIL: services.web.health\ndone\n")
    assert not f.failing_tests


@pytest.mark.parametrize("sample", ["color/behave_plain.txt", "behave_1_2_6.txt"])
def test_behave_failing_and_errored_scenarios_with_their_reasons(sample: str) -> None:
    f = facts(sample)
    assert f.category is Category.TEST and f.tools[0] == "behave"
    tests = {t.id: (t.file, t.message) for t in f.failing_tests}
    assert tests["Adding an item"] == ("features/cart.feature", "expected 3 items, got 2")
    assert tests["Removing an item"] == ("features/cart.feature", "ValueError: list.remove(x): x not in list")
    assert set(tests) == {"Adding an item", "Removing an item", "Checkout"}  # Checkout: undefined steps


def test_codespell_each_misspelling_is_a_record_with_its_fix() -> None:
    f = facts("color/codespell_plain.txt")
    assert f.tools == ["codespell"] and len(f.errors) == 7
    assert error(f, file="docs/more.md", line=1).message == "alot ==> a lot, allot"
    assert error(f, file="src/app.py", line=2).message == "occured ==> occurred"


@pytest.mark.parametrize(("sample", "prefix"), [("ansible_lint_4.txt", ""), ("ansible_lint_4_p.txt", "E")])
def test_ansible_lint_before_5_names_its_rules_by_number(sample: str, prefix: str) -> None:
    f = facts(sample)
    assert [(e.file, e.line, e.code) for e in f.errors] == [
        ("site.yml", 4, f"{prefix}403"),
        ("site.yml", 6, f"{prefix}301"),
        ("site.yml", 6, f"{prefix}305"),
        ("site.yml", 6, f"{prefix}502"),
    ]
    assert error(f, code=f"{prefix}403").message == "Package installs should not use latest"


def test_ansible_lint_failures_are_records_and_warn_list_rules_are_not() -> None:
    for sample in ("color/ansible_lint_plain.txt", "ansible_lint_pep8.txt"):
        f = facts(sample)
        assert f.tools == ["ansible-lint"] and len(f.errors) == 8  # "Failed: 8 failure(s), 2 warning(s)"
        assert error(f, code="name[casing]").line == 4 and error(f, code="name[casing]").column == 13
        assert not [e for e in f.errors if e.code in ("no-changed-when", "yaml[octal-values]")]


@pytest.mark.parametrize("sample", ["color/sphinx_plain.txt", "sphinx5_W_keep_going.txt"])
def test_sphinx_warnings_are_records_when_the_build_fails_on_them(sample: str) -> None:
    f = facts(sample)
    assert f.category is Category.LINT and f.tools == ["sphinx"]
    assert [(e.file, e.line) for e in f.errors] == [
        ("docs/sphinx/index.rst", 4),
        ("docs/sphinx/usage.rst", 6),
        ("docs/sphinx/index.rst", 9),
        ("docs/sphinx/index.rst", 9),
    ]


def test_sphinx_before_7_3_stops_at_the_warning_treated_as_error() -> None:
    f = facts("sphinx5_W.txt")
    assert [(e.tool, e.file, e.line, e.message) for e in f.errors] == [
        ("sphinx", "docs/sphinx/index.rst", 4, "toctree contains reference to nonexisting document 'missing'")
    ]


def test_a_sphinx_build_that_succeeded_with_warnings_failed_on_none() -> None:
    f = facts("sphinx_warnings_passed.txt")
    assert not f.errors and f.category is not Category.LINT


def test_mkdocs_strict_warnings_are_records_and_a_missing_nav_page_is_configuration() -> None:
    f = facts("color/mkdocs_plain.txt")
    assert f.tools == ["mkdocs"] and len(f.errors) == 3 and all(e.file is None for e in f.errors)
    assert error(f, message="'nav' configuration").category is Category.CONFIG
    assert error(f, message="'missing.md'").category is Category.LINT
    passed = (DATA / "color/mkdocs_plain.txt").read_text().replace("Aborted with 3 warnings in strict mode!", "")
    assert not extract_facts(passed.encode()).errors  # without --strict the warnings fail nothing


@pytest.mark.parametrize(
    ("sample", "code", "category"),
    [
        ("mkdocs161_plugin_not_installed.txt", "plugin-not-installed", Category.DEPENDENCY),
        ("mkdocs161_theme_not_installed.txt", "theme-not-installed", Category.DEPENDENCY),
        ("mkdocs161_config_warning.txt", "strict", Category.CONFIG),
    ],
)
def test_a_plugin_or_theme_mkdocs_finds_not_installed_is_a_dependency_any_other_refused_value_configuration(
    sample: str, code: str, category: Category
) -> None:
    """`Aborted with a configuration error!` read as a configuration file that does not parse, and decided config;
    the plugin the configuration names is there, its package is not (pip install mkdocstrings)."""
    f = facts(sample)
    (record,) = f.errors
    assert (record.tool, record.code, record.category, f.category) == ("mkdocs", code, category, category)
    verdict = rule_verdict(f)
    assert (verdict.category, verdict.decided) == (category, True), verdict.reason


@pytest.mark.parametrize("sample", ["mkdocs161_plugin_not_installed.txt", "mkdocs161_theme_not_installed.txt"])
def test_a_plugin_mkdocs_finds_not_installed_is_no_configuration_file_that_does_not_parse(sample: str) -> None:
    """Read by no parser (doclint left out, as a tool nobody wrote one for), under a command naming the YAML file:
    MkDocs' `Aborted with a configuration error!` beside the plugin it names not installed is the plugin's verdict,
    not mkdocs4.yml failing to parse (config was decided)."""
    log = framing.travis("mkdocs build --strict -f mkdocs4.yml", (DATA / sample).read_text())
    verdict = rule_verdict(extract_facts(log, leave_out=frozenset({"doclint"})))
    assert (verdict.category, verdict.decided) == (Category.DEPENDENCY, True), verdict.reason


def test_docutils_reports_are_records_from_warning_up_and_doc8_keeps_its_codes() -> None:
    f = facts("rstcheck.txt")
    assert f.tools == ["docutils"]
    assert [(e.file, e.line, e.code, e.severity) for e in f.errors if e.file == "README.rst"] == [
        ("README.rst", 6, "ERROR", Severity.ERROR),
        ("README.rst", 8, "ERROR", Severity.ERROR),
        ("README.rst", 4, "WARNING", Severity.WARNING),
    ]  # line 2's INFO remark is no record; the errors first (extract._errors)
    assert {(e.tool, e.code) for e in facts("doc8.txt").errors} == {("doc8", "D000")}


def test_twine_check_says_what_docutils_found_in_the_long_description() -> None:
    f = facts("twine_check.txt")
    assert f.category is Category.LINT and f.tools == ["twine"]
    (err,) = f.errors
    assert err.file is None and err.message.endswith(
        "line 4: Warning: Inline interpreted text or phrase reference start-string without end-string."
    )


def test_terraform_validate_errors_carry_their_place_and_detail() -> None:
    f = facts("color/terraform_validate_plain.txt")
    assert f.category is Category.CONFIG and f.tools == ["terraform"]
    first = error(f, line=12)
    assert first.file == "main.tf" and first.code == "Unsupported argument"
    assert first.message == 'Unsupported argument: An argument named "colour" is not expected here.'


def test_terraform_fmt_check_lists_the_files_to_format() -> None:
    for sample in ("terraform_fmt_check.txt", "terraform_fmt_diff.txt"):
        f = facts(sample)
        assert f.category is Category.FORMAT
        assert [e.file for e in f.errors if e.tool == "terraform fmt"] == ["main.tf", "modules/net/variables.tf"]


@pytest.mark.parametrize(
    ("sample", "category", "cause"),
    [
        # the public registry's name does not resolve (Go's resolver: `no such host`)
        ("terraform_init_dns.txt", Category.INFRA, "no such host"),
        # a registry answering 5xx: its discovery document, its version list, a provider's download
        ("terraform_init_503.txt", Category.INFRA, "503 Service Unavailable"),
        ("color/terraform_init_502_plain.txt", Category.INFRA, "502 Bad Gateway returned from localhost:18444"),
        ("terraform_init_download_503.txt", Category.INFRA, "503 Service Unavailable returned"),
        # the registry answered: no release matches the project's constraint
        (
            "terraform_init_no_match.txt",
            Category.DEPENDENCY,
            "no available releases match the given constraints ~> 2.0",
        ),
    ],
)
def test_terraform_init_s_provider_errors_say_whether_the_registry_was_out_of_reach(
    sample: str, category: Category, cause: str
) -> None:
    f = facts(sample)
    (record,) = f.errors
    assert record.tool == "terraform init" and record.file is None
    assert record.code in ("Failed to query available provider packages", "Failed to install provider")
    assert cause in record.message  # the paragraph under the headline, joined across Terraform's wrapping
    assert record.category is category and f.category is category


def test_hugo_ref_to_a_missing_page_and_a_template_that_does_not_parse() -> None:
    """Hugo 0.111: a `ref` to a missing page is a record at the content's place, of no category (a
    broken link, no code's or tool rule's); a layout that does not parse is the site's build failing."""
    ref = facts("hugo_ref_not_found.txt")
    assert [(e.tool, e.file, e.line, e.column, e.code, e.category) for e in ref.errors] == [
        ("hugo", "/tmp/tools/hugo_site/content/post.md", 4, 17, "REF_NOT_FOUND", Category.UNKNOWN)
    ]
    assert ref.errors[0].message.startswith('Ref "missing-guide.md"')
    template = facts("hugo_template_parse.txt")
    assert [(e.file, e.line, e.code, e.category) for e in template.errors] == [
        ("/tmp/tools/hugo_site/layouts/_default/single.html", 1, "template", Category.BUILD)
    ]
    assert template.category is Category.BUILD
