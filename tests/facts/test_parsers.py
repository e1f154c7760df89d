"""Tool parsers on real tool output (tests/facts/data, see its README; `sample_*` files are
hand-written in the tool's documented format because the tool cannot run here)."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.parsers import all_parsers
from remediate.facts.parsers.precommit import hook_category
from remediate.models import Category, Severity
from remediate.triage import rule_verdict
from remediate.triage.verdict import INSTALLED_CODE
from tests.facts import framing
from tests.facts.samples import DATA, error, facts


def test_every_parser_is_registered_once() -> None:
    names = [p.tool for p in all_parsers()]
    assert len(names) == len(set(names))


# ---------------------------------------------------------------------- Python


def test_pytest_failures_errors_and_summary() -> None:
    f = facts("pytest_failures.txt")
    assert f.category is Category.TEST and f.tools == ["pytest"]
    assert [t.id for t in f.failing_tests] == [
        "tests/test_calc.py::test_add",
        "tests/test_calc.py::test_ratio_zero",
        "tests/test_calc.py::test_uses_broken",
    ]
    assert f.failing_tests[0].message == "assert -1 == 5"
    assert f.failing_tests[2].message == "RuntimeError: fixture exploded"
    err = error(f, file="pkg/calc.py", line=9, code="ZeroDivisionError")
    assert err.message == "test_ratio_zero: ZeroDivisionError: division by zero"
    assert error(f, file="tests/test_calc.py", line=7, code="AssertionError").log_line == 26


def test_pytest_collection_error_is_a_dependency_problem() -> None:
    f = facts("pytest_collection_error.txt")
    assert f.category is Category.DEPENDENCY
    assert error(f, tool="python", code="ModuleNotFoundError").message.endswith("'missing_dependency_xyz'")
    assert error(f, tool="pytest", file="tests/test_import.py")


@pytest.mark.parametrize(
    ("name", "code", "file", "line"),
    [
        ("pytest46_syntax_in_source.txt", "SyntaxError", "shop/cart.py", 2),
        ("pytest46_py27_syntax_in_source.txt", "SyntaxError", "shop/cart.py", 2),
        ("pytest9_syntax_in_source.txt", "SyntaxError", "shop/cart.py", 2),
        ("pytest46_indentation_in_test.txt", "IndentationError", "tests/test_cart.py", 6),
    ],
)
def test_pytest_collecting_a_module_that_does_not_parse_is_a_build_failure(
    name: str, code: str, file: str, line: int
) -> None:
    """pytest prints a syntax error met while collecting without a `Traceback` line (`E     File "/abs/x.py",
    line N` over `E   SyntaxError: ...`): the code does not compile, as rspec's load error of a spec that does
    not parse. Before: the collection error alone, read as a test failure (decided test)."""
    assert error(facts(name), tool="python", code=code).file == file
    assert error(facts(name), tool="python", code=code).line == line
    f = extract_facts(framing.travis("python -m pytest tests", (DATA / name).read_text()))
    assert f.category is Category.BUILD
    v = rule_verdict(f)
    assert (v.category, v.decided) == (Category.BUILD, True)


def test_a_javascript_syntax_error_under_an_e_line_is_no_python_record() -> None:
    """The syntax rule reads pytest's place line first: a bare `E   SyntaxError:` (a test's assertion text,
    a JavaScript error quoted by a test) has no `E     File "x.py", line N` above it."""
    text = "E   AssertionError: got\nE   SyntaxError: Unexpected token } in JSON at position 3\n"
    assert not [e for e in extract_facts(text.encode()).errors if e.code == "SyntaxError"]


def test_pytest_verbose_and_quiet() -> None:
    assert [t.id.split("::")[1] for t in facts("pytest_verbose.txt").failing_tests] == [
        "test_add",
        "test_ratio_zero",
        "test_uses_broken",
    ]
    quiet = facts("pytest_quiet.txt")
    assert len(quiet.failing_tests) == 3 and quiet.category is Category.TEST


def test_unittest() -> None:
    f = facts("unittest.txt")
    assert f.category is Category.TEST
    tests = {t.id: t.message for t in f.failing_tests}
    assert tests == {
        "test_ut.TestMath.test_add": "AssertionError: 2 != 3",
        "test_ut.TestMath.test_err": "ValueError: bad value",
    }
    assert error(f, tool="python", code="ValueError", line=9)


def test_ruff_full_and_concise_agree() -> None:
    for name in ("ruff_check_full.txt", "ruff_check_concise.txt"):
        f = facts(name)
        assert f.category is Category.LINT and f.tools == ["ruff"], name
        err = error(f, tool="ruff", code="F401")
        assert (err.file, err.line, err.column) == ("pkg/calc.py", 1, 8)
        assert err.message == "`os` imported but unused"


def test_ruff_format_check_is_a_format_failure() -> None:
    f = facts("ruff_format_check.txt")
    assert f.category is Category.FORMAT
    assert error(f, code="format", file="pkg/ugly.py")


def test_flake8_is_not_mistaken_for_ruff() -> None:
    f = facts("flake8.txt")
    assert f.tools == ["flake8"] and f.category is Category.LINT
    assert [e.code for e in f.errors] == ["F401", "E201", "E231", "E202"]


def test_mypy() -> None:
    f = facts("mypy.txt")
    assert f.category is Category.TYPE and f.tools == ["mypy"]
    assert error(f, line=13, code="return-value").message.startswith("Incompatible return value type")


def test_pyright_rule_comes_from_the_detail_line() -> None:
    f = facts("pyright.txt")
    assert f.category is Category.TYPE
    err = error(f, tool="pyright", line=13, column=12)
    assert err.code == "reportReturnType"


def test_pip_resolution_conflict_and_missing_version() -> None:
    f = facts("pip_conflict.txt")
    assert f.category is Category.DEPENDENCY and "pip" in f.tools
    assert error(f, message="Cannot install alpha==1.0 and beta==1.0")
    g = facts("pip_not_found.txt")
    assert error(g, code="gamma==1.0", message="No matching distribution")


# A package, or a version of it, the registry does not have: npm 6 and 10's E404 and ETARGET, yarn 1's
# (1.3 and 1.22 print the same line), Bundler 2's, pip 9's and the rest below; each names the package it
# could not find (npm's ERESOLVE, a peer conflict, its code).
NOT_FOUND = [
    ("npm6_e404.txt", "npm install", "npm", "left-pad-nosuch@^1.0.0"),
    ("npm10_e404.txt", "npm ci", "npm", "left-pad-nosuch@^1.0.0"),
    ("npm6_etarget.txt", "npm install", "npm", "left-pad@^99.0.0"),
    ("npm10_etarget.txt", "npm install", "npm", "left-pad@^99.0.0"),
    ("yarn1_notarget.txt", "yarn install --frozen-lockfile", "yarn", "left-pad"),
    ("yarn13_notarget.txt", "yarn install", "yarn", "left-pad"),
    ("bundler_gem_not_found.txt", "bundle install --local", "bundler", "nosuchgem_zz9"),
    # pip 9 (Python 3.6): before `ERROR: `, the first line indented; the index lists the versions it has
    ("pip9_version_missing.txt", "pip install -r requirements.txt", "pip", "alpha==2.0"),
    # Bower 1.8: its registry's `ENOTFOUND Package x not found` (Node's code for a name that does not
    # resolve, but here the registry answered), a git endpoint without a matching tag
    ("bower_not_found.txt", "bower install", "bower", "jquery-nosuch"),
    ("bower_no_tag.txt", "bower install --allow-root", "bower", "cartlib"),
    # pipenv 2018.11.26: pip's verdict through pipenv's logger, then `ERROR: ERROR: No matching distribution`
    ("pipenv2018_not_found.txt", "pipenv install --dev", "pipenv", "alpha==2.0"),
    # cpanm 1.7046 against a mirror without the module; LuaRocks 3.8 against a server without the rock
    ("cpanm_not_found.txt", "cpanm --quiet --installdeps --notest .", "cpanm", "Nosuch::Cart::Helper"),
    ("luarocks_make_dep_missing.txt", "luarocks install --only-deps luacart-1.0-1.rockspec", "luarocks", "nosuch-json"),
    # npm 8 and 11: a peer dependency no version satisfies (react-dom 18 needs react 18, react 16 pinned)
    ("npm8_eresolve.txt", "npm install", "npm", "ERESOLVE"),
    ("npm10_eresolve.txt", "npm ci", "npm", "ERESOLVE"),
    # Composer 2.5 with packagist disabled: `Root composer.json requires acme/nosuch-cart, it could not be found`
    ("composer_not_found.txt", "composer install --no-interaction", "composer", "acme/nosuch-cart"),
    # Maven 3.8: a parent POM no repository has
    (
        "maven_parent_pom_not_found.txt",
        "mvn -B install",
        "maven",
        "org.springframework.boot:spring-boot-starter-parent",
    ),
]


@pytest.mark.parametrize(("name", "command", "tool", "package"), NOT_FOUND)
def test_a_package_the_registry_does_not_have_is_a_dependency_failure(
    name: str, command: str, tool: str, package: str
) -> None:
    f = facts(name)
    assert f.category is Category.DEPENDENCY and f.tools == [tool]
    assert error(f, code=package)
    framed = extract_facts(framing.github_actions(command, (DATA / name).read_text()))
    verdict = rule_verdict(framed, command)
    assert verdict.category is Category.DEPENDENCY and verdict.decided, verdict.reason
    if not command.startswith("mvn"):  # Maven's goals are a build's, not an install's
        assert [s.category for s in verdict.signals if s.kind == "check"] == [Category.DEPENDENCY]
    assert not facts("luarocks_install_not_found.txt").errors[0].code  # `luarocks install x` names no rock


@pytest.mark.parametrize("name", ["uv_pip_conflict.txt", "uv_lock_conflict.txt"])
def test_uv_resolution(name: str) -> None:
    f = facts(name)
    assert f.category is Category.DEPENDENCY and f.tools == ["uv"]
    assert error(f, message="No solution found when resolving dependencies")
    assert error(f, code="beta")


# ---------------------------------------------------------------------- containers, data, config


def test_hadolint_reports_errors_and_warnings_not_info() -> None:
    f = facts("hadolint.txt")
    assert f.category is Category.DOCKERFILE and f.tools == ["hadolint"]
    # the error first, then the warnings in log order (ErrorRecord.severity; extract._errors)
    assert [(e.code, e.severity) for e in f.errors] == [
        ("DL3000", Severity.ERROR),
        ("DL3007", Severity.WARNING),
        ("DL3008", Severity.WARNING),
        ("DL3003", Severity.WARNING),
    ]
    assert error(f, code="DL3000").message == "error: Use absolute WORKDIR"


def test_docker_buildkit_sample() -> None:  # hand-written sample: no Docker engine here
    f = facts("sample_docker_buildkit.txt")
    assert "docker" in f.tools
    err = error(f, tool="docker", code="solve")
    assert (err.file, err.line) == ("Dockerfile", 5)
    assert error(f, tool="docker", code="step").message.startswith("RUN pip install")
    assert f.category in (Category.DEPENDENCY, Category.DOCKERFILE)  # pip failed inside the build


def test_docker_missing_file_and_legacy_builder_samples() -> None:
    f = facts("sample_docker_missing_file.txt")
    assert f.category is Category.DOCKERFILE
    assert error(f, code="missing-file", file="Dockerfile", line=4)
    legacy = facts("sample_docker_legacy.txt")
    assert error(legacy, code="exit 127").message.startswith("RUN make build:")


def test_dbt_test_failure_database_error_and_compilation_error() -> None:
    f = facts("dbt_build_test_failure.txt")
    assert f.category is Category.SQL and f.tools == ["dbt"]
    assert error(f, file="models/schema.yml", message="accepted_values_orders_status__b")
    g = facts("dbt_run_database_error.txt")
    assert g.category is Category.SQL
    assert error(g, message='Referenced column "amount_total" not found')
    h = facts("dbt_compilation_error.txt")
    assert error(h, code="compilation", message="depends on a node named 'nope'")


def test_duckdb_errors() -> None:
    f = facts("duckdb_parser_error.txt")
    assert f.category is Category.SQL
    assert error(f, tool="duckdb", code="Parser Error", message='syntax error at or near "selec"')
    g = facts("duckdb_binder_error.txt")
    assert error(g, tool="duckdb", code="Binder Error")


def test_psql_errors_carry_script_line() -> None:
    f = facts("psql_errors.txt")
    assert f.category is Category.SQL and f.tools == ["postgres"]
    assert error(f, file="q.sql", line=3, message='column "amount_total" does not exist')
    assert error(f, file="q.sql", line=5, message="duplicate key value")


def test_yaml_toml_json_syntax_errors() -> None:
    y = facts("yaml_syntax.txt")
    assert y.category is Category.CONFIG
    err = error(y, tool="yaml")
    assert (err.file, err.line, err.column) == ("bad.yml", 4, 15)
    t = facts("toml_syntax.txt")
    assert t.category is Category.CONFIG and error(t, tool="toml", line=3, column=14)
    j = facts("json_syntax_python.txt")
    assert j.category is Category.CONFIG and error(j, tool="json", line=4, column=1)
    n = facts("json_syntax_node.txt")
    assert n.category is Category.CONFIG and error(n, tool="json", message="position 37")


# ---------------------------------------------------------------------- JavaScript / TypeScript


@pytest.mark.parametrize("name", ["tsc.txt", "tsc_pretty_ansi.txt"])
def test_tsc_plain_and_pretty(name: str) -> None:
    f = facts(name)
    assert f.category is Category.TYPE and f.tools == ["tsc"]
    assert [(e.file, e.line, e.column, e.code) for e in f.errors] == [
        ("src/app.ts", 2, 3, "TS2322"),
        ("src/app.ts", 5, 7, "TS2322"),
        ("src/app.ts", 6, 7, "TS2345"),
    ]
    assert "\x1b" not in f.excerpt


def test_eslint_errors_not_warnings() -> None:
    f = facts("eslint.txt")
    assert f.category is Category.LINT and f.tools == ["eslint"]
    assert [e.code for e in f.errors] == ["no-unused-vars", "no-unused-vars", "no-undef", "no-undef"]
    assert error(f, line=5, column=14).file == "/tmp/gen/node/lib/util.js"


def test_jest() -> None:
    f = facts("jest.txt")
    assert f.category is Category.TEST and f.tools == ["jest"]
    assert [t.id for t in f.failing_tests] == [
        "lib/sum.test.js › sum › adds two numbers",
        "lib/sum.test.js › sum › objects",
    ]
    assert error(f, file="lib/sum.test.js", line=5, column=23)


# ---------------------------------------------------------------------- Go, Rust, JVM


def test_go_build_sample() -> None:  # hand-written sample: no Go toolchain here
    f = facts("sample_go_build.txt")
    assert f.category is Category.BUILD and f.tools == ["go"]
    assert error(f, file="internal/cart/cart.go", line=27, column=9, message="undefined: applyDiscount")


def test_go_test_sample() -> None:
    f = facts("sample_go_test.txt")
    assert f.category is Category.TEST
    (test,) = f.failing_tests
    assert (test.id, test.file) == ("TestTotal", "cart_test.go")
    assert test.message == "cart_test.go:21: Total() = 90, want 100"


def test_cargo_build_and_test() -> None:
    b = facts("cargo_build.txt")
    assert b.category is Category.BUILD and b.tools == ["cargo"]
    assert error(b, code="E0308", file="src/main.rs", line=6, column=18)
    t = facts("cargo_test.txt")
    assert t.category is Category.TEST
    assert [x.id for x in t.failing_tests] == ["tests::it_adds"]
    assert error(t, code="panic", file="src/main.rs", line=14).message == "assertion `left == right` failed"


def test_maven_compile_errors() -> None:
    for name, count in (("maven_compile_syntax.txt", 1), ("maven_compile_errors.txt", 2)):
        f = facts(name)
        assert f.category is Category.BUILD and f.tools == ["maven"], name
        assert len([e for e in f.errors if e.code == "compile"]) == count
    err = error(facts("maven_compile_errors.txt"), line=10, column=28)
    assert err.message == "cannot find symbol" and err.file is not None and err.file.endswith("App.java")


def test_maven_plugin_resolution_is_a_dependency_problem() -> None:
    f = facts("maven_plugin_resolution.txt")
    assert f.category is Category.DEPENDENCY


def test_javac_and_junit4() -> None:
    j = facts("javac.txt")
    assert j.tools == ["javac"] and j.category is Category.BUILD
    assert error(j, line=9, message="incompatible types")
    u = facts("junit4.txt")
    assert u.category is Category.TEST and "maven" not in u.tools
    (test,) = u.failing_tests
    assert test.id == "com.example.AppTest.twiceDoubles"
    assert test.message == "java.lang.AssertionError: expected:<7> but was:<6>"


def test_gradle_and_surefire_samples() -> None:  # hand-written samples: no Gradle / offline Surefire here
    g = facts("sample_gradle.txt")
    assert g.category is Category.BUILD and "gradle" in g.tools
    assert error(g, tool="javac", line=12, message="cannot find symbol")
    gt = facts("sample_gradle_test.txt")
    assert gt.category is Category.TEST
    assert gt.failing_tests[0].message == "org.opentest4j.AssertionFailedError: expected: <90> but was: <100>"
    s = facts("sample_maven_surefire.txt")
    assert [t.id for t in s.failing_tests] == ["com.example.AppTest.twiceDoubles"]


# ---------------------------------------------------------------------- pre-commit


def test_pre_commit_names_the_failed_hooks_and_their_tools() -> None:
    f = facts("pre_commit.txt")
    assert f.tools[:3] == ["pre-commit", "ruff", "mypy"]
    assert [e.code for e in f.errors if e.tool == "pre-commit"] == ["ruff", "ruff-format", "mypy"]
    assert error(f, tool="mypy", line=13)
    # Each hook's record has its hook's kind (see test_record_category.py); mypy's hook and its two
    # records are the most evidence of one kind.
    assert f.category is Category.TYPE


@pytest.mark.parametrize(
    ("hook", "category"),
    [
        ("ruff-format", Category.FORMAT),
        ("prettier", Category.FORMAT),
        ("mypy", Category.TYPE),
        ("check-yaml", Category.CONFIG),
        ("yamllint", Category.LINT),  # its `syntax` records say when a file does not parse (config)
        ("hadolint-docker", Category.DOCKERFILE),
        ("flake8", Category.LINT),
    ],
)
def test_hook_category(hook: str, category: Category) -> None:
    assert hook_category(hook) is category


def test_ginkgo_1_names_each_failed_spec_from_its_summary() -> None:
    f = facts("color/ginkgo1_plain.txt")
    assert [t.id for t in f.failing_tests] == [
        "Cart [It] applies the discount",
        "Cart with a broken coupon [It] panics politely",
        "TestCart",
    ]
    assert f.tools == ["go"] and f.category is Category.TEST


@pytest.mark.parametrize(
    "row",
    [
        "[FAIL] output differs for case 3",  # a shell script's own verdict
        "[FAIL] cart::total: (0.00s)",  # Criterion's
        "  [FAIL]        cart          0   total.",  # Alcotest's
    ],
)
def test_a_fail_row_that_names_no_ginkgo_node_is_no_go_test(row: str) -> None:
    assert "go" not in extract_facts(f"{row}\n".encode()).tools


def test_ginkgo_sample() -> None:  # hand-written sample (Ginkgo 2): no Ginkgo 2 here
    f = facts("sample_ginkgo.txt")
    assert f.category is Category.TEST
    assert {t.id for t in f.failing_tests} == {"Cart [It] applies the discount", "TestCart"}
    for needle in ("• [FAILED] [1.004 seconds]", "Summarizing 1 Failure:", "FAIL! -- 11 Passed | 1 Failed"):
        assert needle in f.excerpt


def test_pip_9s_failed_setup_of_a_package_is_a_dependency_failure_not_of_the_projects_own() -> None:
    """pip 9's `Command "... setup.py ..." failed with error code 1 in /tmp/pip-build-x/beta/` (a package
    from the index whose setup.py imports a module it does not declare); the project's own `pip install .`
    (pip 9 and 18) builds in a folder no package names: no dependency record for it."""
    f = facts("pip9_egg_info_failed.txt")
    assert f.category is Category.DEPENDENCY and error(f, tool="pip", code="beta")
    verdict = rule_verdict(f)
    assert verdict.category is Category.DEPENDENCY and verdict.decided, verdict.reason
    for name in ("pip9_own_build_failed.txt", "pip18_own_build_failed.txt"):
        assert not [e for e in facts(name).errors if e.tool == "pip"], name


def test_pip_9s_failed_setup_of_a_package_whose_c_code_does_not_compile_is_not_decided() -> None:
    """The same verdict over a package from the index whose C extension does not compile: gcc's line in pip's
    indented output is the failure, a third party's code (INSTALLED_CODE), and pip's verdict is shown. It was
    decided dependency (0.9): see test_borders' fetched builds."""
    f = facts("pip9_install_failed.txt")
    assert [(e.tool, e.code, e.file, e.votes) for e in f.errors] == [
        ("compiler", "fetched-build", None, True),
        ("pip", "gamma", None, False),
    ]
    verdict = rule_verdict(f)
    assert not verdict.decided and INSTALLED_CODE in verdict.reason, verdict.reason


def test_a_pom_element_missing_is_the_builds_configuration() -> None:
    """Maven 3.8 on a pom.xml whose junit dependency has no version: the model error at its place, once
    (Maven prints it twice), a configuration failure."""
    f = facts("maven_pom_version_missing.txt")
    assert f.category is Category.CONFIG
    assert [(e.tool, e.file, e.line, e.column, e.code) for e in f.errors] == [("maven", "pom.xml", 8, 17, "pom")]
    assert f.errors[0].message == "'dependencies.dependency.version' for junit:junit:jar is missing"


def test_a_pom_warning_fails_nothing() -> None:
    # Maven's common warning for a plugin without a version (its wording, one line): not a failure
    line = (
        b"[WARNING] 'build.plugins.plugin.version' for org.apache.maven.plugins:maven-jar-plugin is missing. @ line 9"
    )
    assert not extract_facts(line + b", column 15\n").errors


# ---------------------------------------------------------------------- checkers run by pytest plugins


@pytest.mark.parametrize(
    ("sample", "tool", "category", "file"),
    [
        ("pytest4_pep8.txt", "pep8", Category.LINT, None),
        ("pytest4_flake8.txt", "flake8", Category.LINT, None),
        ("pytest7_pycodestyle.txt", "pycodestyle", Category.LINT, None),
        ("pytest7_flakes.txt", "pyflakes", Category.LINT, None),
        ("pytest4_pylint.txt", "pylint", Category.LINT, "shop/cart.py"),
        ("pytest4_isort.txt", "isort", Category.FORMAT, None),
        ("pytest7_isort.txt", "isort", Category.FORMAT, None),
        ("pytest4_black.txt", "black", Category.FORMAT, "/tmp/lint-gen/shop/shop/cart.py"),
        ("pytest7_black.txt", "black", Category.FORMAT, "/tmp/lint-gen/shop/shop/cart.py"),
    ],
)
def test_a_plugin_s_checker_section_is_a_record_of_its_kind(
    sample: str, tool: str, category: Category, file: str | None
) -> None:
    """pytest-pep8, -flake8, -pycodestyle, -flakes, -pylint, -isort and -black run their checker as a test item:
    its failure section is a record of the checker's kind (the item stays a failing test: triage/beneath.py)."""
    f = facts(sample)
    err = error(f, tool=tool, code=tool)
    assert (err.category, err.file) == (category, file)
    assert len(f.failing_tests) == (2 if tool == "pylint" else 1)  # pylint: a section for each of two files


def test_pytest_pylint_and_pytest_mypy_rows_are_records_in_the_section_s_file() -> None:
    pylint = facts("pytest4_pylint.txt")
    assert error(pylint, file="shop/cart.py", line=1, code="missing-module-docstring").category is Category.LINT
    assert error(pylint, file="tests/test_cart.py", line=4).message == "Missing function or method docstring"
    # pylint 2.4's row over its source and caret: the message alone, the symbol below the caret not read
    assert (
        error(pylint, file="shop/cart.py", line=6, column=7).message == "Exactly one space required around assignment"
    )
    mypy = facts("pytest4_mypy.txt")
    assert [(e.tool, e.file, e.line, e.category) for e in mypy.errors] == [("mypy", "shop/cart.py", 9, Category.TYPE)]
    flakes = facts("pytest7_flakes.txt")
    assert error(flakes, tool="pyflakes", line=1).code == "UnusedImport"
    assert not [e for e in flakes.errors if e.tool == "pytest"]  # its rows are no test's failure location


def test_test_perl_critic_s_violations_are_records_in_the_file_its_test_names() -> None:
    """Test::Perl::Critic prints Perl::Critic's rows behind TAP's `#   `, naming no file: the failed test's
    name (`Test::Perl::Critic for "lib/Shop/Cart.pm"`) does."""
    f = facts("prove344_perl_critic.txt")
    rows = [(e.file, e.line, e.column, e.message) for e in f.errors if e.tool == "perlcritic"]
    assert rows == [
        ("lib/Shop/Cart.pm", 2, 1, "Code before strictures are enabled"),
        ("lib/Shop/Cart.pm", 2, 1, "Code before warnings are enabled"),
    ]
