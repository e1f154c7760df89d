"""A record's meaning: every language's "this package/module/header/library is missing" is a
dependency failure when the name is a third party's, and the code's own problem when it is the
project's. Inputs are real tool output (tests/facts/data/README.md), wrapped as a CI runs them."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.facts.extract import modules_reading
from remediate.facts.meaning import (
    MissingBuildFile,
    conflict,
    first_party,
    go_packages,
    missing_build_file,
    missing_of,
    missing_task,
    task_failure,
    unreachable,
)
from remediate.facts.parsers import jvm
from remediate.facts.reader import LogSource
from remediate.facts.redact import Redactor
from remediate.facts.scan import scan
from remediate.facts.view import build_view
from remediate.models import Category
from remediate.triage import rule_verdict, several
from remediate.triage.patterns import OWN_MODULE
from remediate.triage.verdict import COMPILED, MEMBER, NATIVE
from tests.facts import framing

DATA = Path(__file__).parent / "data"


def travis(command: str, output: str, code: int = 1) -> bytes:
    return f'$ {command}\n{output}The command "{command}" exited with {code}.\n'.encode()


def read(name: str) -> str:
    return (DATA / name).read_text()


@pytest.mark.parametrize(
    ("data", "command", "names", "compiler"),
    [
        (
            "javac_missing_packages.txt",
            "javac -d out src/main/java/com/acme/app/App.java",
            {"com.google.common.collect"},
            True,
        ),
        ("maven_missing_packages.txt", "mvn -B compile", {"com.google.common.collect", "org.junit"}, True),
        ("cargo_missing_crates.txt", "cargo build --verbose", {"rand", "serde", "regex"}, True),
        ("go_missing_packages_gopath.txt", "go build .", {"github.com/google/uuid"}, True),
        # go in module mode, no package of the main module shown: example.com/shop/inventory is the project's own
        ("go_missing_packages_modules.txt", "go build ./...", {"github.com/google/uuid"}, True),
    ],
)
def test_a_compiler_saying_a_third_party_name_is_missing_is_a_dependency_failure(
    data: str, command: str, names: set[str], compiler: bool
) -> None:
    facts = extract_facts(travis(command, read(data)))
    assert facts.category is Category.DEPENDENCY and facts.category_basis == "failing-step-records", facts
    verdict = rule_verdict(facts)
    assert verdict.category is Category.DEPENDENCY, verdict.reason
    # A compiler's lookup (javac, GOPATH's go build, rustc) fails alike for an undeclared dependency and for
    # the build's set-up (a class path, a sibling module not built first): the guess, not a decision (COMPILED).
    # go in module mode says go.mod requires no module providing it; with no package of the main module in the log,
    # whether it is one (the build's) or a module to require cannot be told either (go_unplaced).
    assert verdict.decided is not compiler and (COMPILED in verdict.reason) is compiler, verdict.reason
    found = {m.name for e in facts.errors if (m := missing_of(e.message, (), e.file)) and m.third_party}
    said = {m.name for line in read(data).splitlines() if (m := missing_of(line))}
    assert names <= found | said


@pytest.mark.parametrize(
    ("data", "command"),
    [
        ("node_missing_modules.txt", "npm test"),
        ("ruby_load_error.txt", "bundle exec rake"),
        ("perl_cant_locate.txt", "prove -l t"),
        ("php_missing_autoload.txt", "vendor/bin/phpunit"),
    ],
)
def test_a_loader_saying_a_package_is_missing_routes_to_dependencies_over_the_test_command(
    data: str, command: str
) -> None:
    # The loader's own words (in the excerpt; PHP's uncaught error is also a record now, of the same
    # meaning) name the cause more precisely than "the test command failed".
    facts = extract_facts(travis(command, read(data)))
    assert facts.category is Category.DEPENDENCY
    verdict = rule_verdict(facts)
    assert verdict.category is Category.DEPENDENCY, verdict.reason
    assert "is missing" in verdict.reason


def test_tsc_missing_third_party_and_own_modules_are_two_failures() -> None:
    # lodash and @types/node are not installed (dependencies); `./cart.js` is the project's own file,
    # renamed (a file of the code not there: the build's): the rules see both and do not decide either alone.
    facts = extract_facts(travis("npx tsc -p .", read("tsc_missing_modules.txt")))
    by_category = {e.category for e in facts.errors}
    assert by_category == {Category.DEPENDENCY, Category.BUILD}
    assert {m.name for e in facts.errors if (m := missing_of(e.message)) and m.third_party} == {"lodash"}
    assert {Category.DEPENDENCY, Category.BUILD} <= set(several(facts))


# What a build's own steps find missing while the project is built: a header, a library to link, a
# pkg-config package, a CMake find_package, an autoconf check. CI datasets label these build
# failures (the fix is the build's set-up: the -dev package of the CI image, a find module, a path).
BUILD_SETUP = [
    ("gcc_missing_system_header.txt", "cc -Wall -c crypt.c -o crypt.o", "sodium.h"),
    ("ld_missing_library.txt", "make", "yaml_missing"),
    ("cmake_find_package_config.txt", "cmake -S . -B build", "ZLIBNONEXIST"),
    ("cmake_could_not_find.txt", "cmake -S . -B build", "GIF"),
    ("pkgconfig_missing.txt", "pkg-config --exists --print-errors 'libnonexistent >= 1.0'", "libnonexistent"),
    ("autoconf_missing_header.txt", "./configure", "nonexistentfoo.h"),
    ("autoconf_missing_library.txt", "./configure", "foo_init in -lnonexistentfoo"),
]


@pytest.mark.parametrize(("data", "command", "name"), BUILD_SETUP)
def test_a_name_a_build_step_finds_missing_is_the_builds_set_up(data: str, command: str, name: str) -> None:
    facts = extract_facts(travis(command, read(data)))
    assert facts.category is Category.BUILD, facts
    verdict = rule_verdict(facts)
    # the rules' guess is the build set-up, but a missing name alone does not decide (triage.NATIVE)
    assert verdict.category is Category.BUILD and not verdict.decided and NATIVE in verdict.reason, verdict.reason
    assert f"{name}" in verdict.reason and "the fix is in the build's set-up" in verdict.reason
    assert all(m.means is Category.BUILD for line in read(data).splitlines() if (m := missing_of(line)))


def test_an_autoconf_check_counts_only_when_configure_stopped_on_it() -> None:
    lines = read("autoconf_missing_library.txt").splitlines()
    probe = next(i for i, line in enumerate(lines) if line.startswith("checking for foo_init"))
    stopped = missing_of(lines[probe], lines[probe + 1 : probe + 3])
    assert stopped is not None and stopped.name == "foo_init in -lnonexistentfoo" and stopped.means is Category.BUILD
    # An optional feature it did not find (configure went on to its next check) names no failure.
    assert missing_of(lines[probe], ["checking for gcc option to enable C11 features... none needed"]) is None


def test_a_shared_library_missing_when_a_program_starts_is_its_environment() -> None:
    missing = missing_of(read("ldso_missing_shared_library.txt").splitlines()[0])
    assert missing is not None and missing.means is Category.INFRA and missing.third_party


@pytest.mark.parametrize(
    ("sample", "own"),
    [
        # the header's place among the project's files: its source's own (src/pricing.c's "pricing.h"), or in a
        # folder of the including file's ("shop/pricing.h" from src/shop/cart.c): the build's, decided
        ("gcc12_make_own_header_of_its_source.txt", True),
        ("gcc12_make_own_header_in_its_folder.txt", True),
        # quotes alone: a library's header quoted ("zstd.h") and a bare one of the project's ("pricing.h" from
        # src/main.c) print the same lines; `#include <sodium.h>`: the system's and -I paths
        ("gcc12_make_quoted_library_header_missing.txt", False),
        ("gcc12_make_quoted_header_beside_nothing.txt", False),
        ("gcc_missing_own_header.txt", False),
        ("gcc_missing_system_header.txt", False),
    ],
)
def test_a_header_is_the_projects_own_where_the_log_places_it_not_by_its_quotes(sample: str, own: bool) -> None:
    lines = [line for line in read(sample).splitlines() if not line.startswith(("cc ", "make"))]
    missing = missing_of(lines[0], lines[1:])
    assert missing is not None and missing.kind == "header" and missing.third_party is not own
    verdict = rule_verdict(extract_facts(travis("make", read(sample), 2)))
    assert verdict.category is Category.BUILD and verdict.decided is own, verdict.reason
    assert own or NATIVE in verdict.reason


@pytest.mark.parametrize(
    ("sample", "own"),
    [
        # automake's `make check` compiling src/tally.c: `#include "tally_limits.h"`, a piece of the tally module
        # named after it, not committed: the project's file, the build's; `<tally_limits.h>`: the -I paths'
        ("automake_check_own_header_missing.txt", True),
        ("automake_check_angle_header_missing.txt", False),
    ],
)
def test_a_quoted_header_named_after_its_including_module_is_the_projects_own(sample: str, own: bool) -> None:
    lines = read(sample).splitlines()
    at = next(i for i, line in enumerate(lines) if "fatal error:" in line)
    missing = missing_of(lines[at], lines[at + 1 :])
    assert missing is not None and missing.name == "tally_limits.h" and missing.third_party is not own
    verdict = rule_verdict(extract_facts(travis("make check", read(sample), 2)))
    assert verdict.category is Category.BUILD and verdict.decided is own, verdict.reason
    assert own or NATIVE in verdict.reason
    # a library's header is named after the library, not after the file that uses it
    library = missing_of(lines[at].replace("tally_limits.h", "zstd.h"), ['#include "zstd.h"'])
    assert library is not None and library.third_party


def test_a_header_named_relative_to_the_including_file_is_the_projects_own() -> None:
    # gcc's record of it is read without the `#include` line below: `../src/pricing.h` is beside the test that
    # includes it, a file of the source (renamed), never a package's header; a path below the -I paths is one's.
    line = read("gcc12_make_test_own_header_missing.txt").splitlines()[1]
    relative = missing_of(line)
    assert relative is not None and relative.kind == "header" and not relative.third_party
    system = missing_of("x.c:1:10: fatal error: openssl/ssl.h: No such file or directory")
    assert system is not None and system.third_party


def test_first_party_names_by_namespace_relative_path_and_tree() -> None:
    java = "src/main/java/com/acme/app/App.java"
    assert first_party("com.acme.util", java) and not first_party("com.google.common.collect", java)
    assert not first_party("org.junit", java)
    # A two-part name under a reverse domain is that domain's owner's, not every project's under the same
    # top-level domain: org.junit, org.hamcrest, io.reactivex are third parties of an org.* or io.* project.
    apache, netty = "src/test/java/org/apache/shop/AppTest.java", "src/main/java/io/netty/Channel.java"
    assert not first_party("org.junit", apache) and not first_party("org.hamcrest", apache)
    assert not first_party("io.reactivex", netty) and first_party("org.apache", apache)
    assert first_party("./util") and first_party("../lib/x") and first_party("crate::inventory")
    assert first_party("tests.helpers", "tests/test_cart.py") and not first_party("yaml", "tests/test_cart.py")
    # A third party's file failing to import its own part is still a broken dependency.
    assert not first_party("attr._make", "/venv/lib/python3.11/site-packages/attr/__init__.py")
    tree = ["go.mod", "inventory/", "inventory/x.go", "src/shop/cart.py", "vendor/github.com/google/uuid/uuid.go"]
    assert first_party("github.com/acme/shop/inventory", "main.go", tree)
    assert not first_party("github.com/google/uuid", "main.go", tree)
    assert first_party("shop.carts", None, tree) and not first_party("requests", None, tree)


def test_javac_messages_name_each_missing_package_by_whose_it_is() -> None:
    facts = extract_facts(
        travis("javac -d out src/main/java/com/acme/app/App.java", read("javac_missing_packages.txt"))
    )
    meanings = {e.message: missing_of(e.message, (), e.file) for e in facts.errors}
    third = {m.name for m in meanings.values() if m and m.third_party}
    own = {m.name for m in meanings.values() if m and not m.third_party}
    assert third == {"com.google.common.collect", "org.junit"} and own == {"com.acme.util"}


def test_a_first_party_module_missing_in_the_source_tree_is_not_routed_to_dependencies(tmp_path: Path) -> None:
    # pytest collecting a test that imports a renamed module of the project (shop.carts; shop/cart.py exists).
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "__init__.py").write_text("")
    (tmp_path / "shop" / "cart.py").write_text("")
    log = travis("python -m pytest -q", read("pytest_first_party_module.txt"), 2)
    verdict = rule_verdict(extract_facts(log, source=tmp_path))
    assert not (verdict.category is Category.DEPENDENCY and verdict.decided), verdict.reason
    third = rule_verdict(extract_facts(log.replace(b"shop.carts", b"pendulum")))
    assert third.category is Category.DEPENDENCY and third.decided


def test_a_third_party_package_javac_did_not_find_under_gradle_is_not_decided_build() -> None:
    # Gradle's `Compilation failed` and javac's `cannot find symbol` (the missing package's consequences) made build
    # best by 0.05 over the package's dependency reading (was decided build, 0.99); javac alone makes dependency best
    # and undecided (above): the same errors, the same guess between the two (COMPILED)
    facts = extract_facts(travis("./gradlew build", read("gradle441_third_party_package_missing.txt")))
    verdict = rule_verdict(facts)
    assert not verdict.decided and COMPILED in verdict.reason, verdict.reason
    assert {c for c, v in verdict.scores.items() if v >= 0.9} == {Category.BUILD, Category.DEPENDENCY}
    # the control: the project's own package missing under Gradle is the build's, decided
    own = rule_verdict(extract_facts(travis("./gradlew test", read("gradle441_test_own_package_missing.txt"))))
    assert own.category is Category.BUILD and own.decided, own.reason


@pytest.mark.parametrize(
    ("line", "follow", "third_party"),
    [
        # clang (its documented wording; clang is not installed here) shows the #include line too
        ("main.c:2:10: fatal error: 'zlib.h' file not found", ["#include <zlib.h>"], True),
        ("main.c:3:10: fatal error: 'config.h' file not found", ['#include "config.h"'], True),
        ("config.c:3:10: fatal error: 'config.h' file not found", ['#include "config.h"'], False),
        # MSVC C1083 shows no #include line: a header is the project's where the log places it (as gcc's)
        (
            "src\\net.c(4): fatal error C1083: Cannot open include file: 'openssl/ssl.h': No such file or directory",
            [],
            True,
        ),
        (
            "src\\main.c(1): fatal error C1083: Cannot open include file: 'config.h': No such file or directory",
            [],
            True,
        ),
        (
            "src\\shop\\cart.c(1): fatal error C1083: Cannot open include file: 'shop/pricing.h': No such file or directory",
            [],
            False,
        ),
    ],
)
def test_headers_from_other_compilers(line: str, follow: list[str], third_party: bool) -> None:
    missing = missing_of(line, follow)
    assert missing is not None and missing.kind == "header" and missing.third_party is third_party


def test_python_cannot_import_name_is_weighed_by_the_module_file_python_names() -> None:
    # Python 3.8+ appends the searched module's file: the project's own (a misspelt or renamed
    # name, the code's problem) or an installed package's, or the interpreter's library.
    text = read("pytest_cannot_import_name.txt")
    found = [m for line in text.splitlines() if (m := missing_of(line))]
    assert [(m.name, m.third_party) for m in found] == [("shop.cart", False), ("httpx", True)]
    stdlib = (
        "ImportError: cannot import name 'Mapping' from 'collections' (/usr/lib/python3.11/collections/__init__.py)"
    )
    interpreter = missing_of(stdlib)
    assert interpreter is not None and interpreter.third_party
    own_only = text.split("_____________________ ERROR collecting tests/test_http.py")[0]
    own = extract_facts(travis("python -m pytest -q", own_only, 2))
    assert own.category is not Category.DEPENDENCY and rule_verdict(own).category is not Category.DEPENDENCY


def _maven_goal(line: str) -> object:
    """Maven's parser on a log of one line (its `Failed to execute goal` rule)."""
    with LogSource(line.encode()) as src:
        return jvm.PARSER.parse(build_view(src, scan(src), Redactor()))


def _growth(ask: Callable[[str], object], head: str, unit: str) -> float:
    """How much longer `ask` takes on a line of `head` and 4,000 characters of `unit` than on 1,000
    (a view line keeps at most 4 KB): about 4x when linear, a quadratic's 16x."""

    def cost(chars: int) -> float:
        line = head + unit * (chars // len(unit))
        best = float("inf")
        for _ in range(3):
            t0 = time.process_time()
            for _ in range(40):
                ask(line)
            best = min(best, time.process_time() - t0)
        return best

    return cost(4000) / max(cost(1000), 1e-4)


@pytest.mark.parametrize(
    ("ask", "head", "unit"),
    [
        # a gate's words, then a long run a name pattern could start anywhere in
        *((missing_of, "No such file or directory file not found ", unit) for unit in ("a", "a.", "a/", "'a")),
        (missing_of, "checking for ", "a."),
        (missing_task, "npm error Missing script: ", '"'),
        (missing_task, "make: *** No rule to make target '", "a'"),
        (unreachable, "lockfile ", "a "),
        (conflict, "lock file ", "a "),
        (lambda line: task_failure("maven", [line], line), "Could not resolve ", "a:"),
        (_maven_goal, "[ERROR] Failed to execute goal a:b:1:c on project d: ", "x -> [Help 1"),
    ],
)
def test_a_hostile_line_costs_linear_time(ask: Callable[[str], object], head: str, unit: str) -> None:
    assert _growth(ask, head, unit) < 8


# A package manager (or a build fetching its modules) that could not reach its server: real output
# of pip, npm, go and cargo pointed at a closed port, a name that does not resolve, a server answering 503.
UNREACHED = [
    ("pip_index_refused.txt", "pip install -r requirements.txt"),
    ("pip_index_unresolved.txt", "pip install -r requirements.txt"),
    ("go_proxy_refused.txt", "go build ./..."),
    ("npm_registry_503.txt", "npm ci"),
    ("npm_registry_refused.txt", "npm ci"),
    ("cargo_index_unresolved.txt", "cargo build --verbose"),
    ("bundler_unreachable.txt", "bundle install --jobs=3 --retry=3"),
    ("yarn13_unresolved.txt", "yarn install"),
    # pip 9 and 18: a refused retry, then `(from versions: )` and `No matching distribution` unprefixed
    ("pip9_index_refused.txt", "pip install -r requirements.txt"),
    ("pip18_index_refused.txt", "pip install -r requirements.txt"),
    # Bower 1.8: `ENOTFOUND Request to ... failed: getaddrinfo ENOTFOUND` and `ECONNREFUSED`
    ("bower_unresolved.txt", "bower install"),
    ("bower_refused.txt", "bower install"),
    # LuaRocks 3.8: `Warning: Failed searching manifest: Failed downloading ...`, then no rock found
    ("luarocks_refused.txt", "luarocks install nosuch-json"),
    # Maven 3.8: the parent POM's `Could not transfer artifact ... Connection refused`
    ("maven_parent_pom_refused.txt", "mvn -B install"),
    # Composer 2.5: `The "http://127.0.0.1:9/packages.json" file could not be downloaded: ... Connection refused`
    ("composer_refused.txt", "composer install --no-interaction"),
]


@pytest.mark.parametrize(("data", "command"), UNREACHED)
def test_a_package_manager_that_could_not_reach_its_index_is_infra(data: str, command: str) -> None:
    facts = extract_facts(travis(command, read(data)))
    assert all(e.category is not Category.DEPENDENCY for e in facts.errors), facts.errors
    verdict = rule_verdict(facts)
    # Never a dependency decision; infra is the best guess, not decided alone: the unreachable server is
    # a pattern the dev half never showed deciding (triage.ATTESTED), and no specialist runs either way.
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason
    dependency = [s for s in verdict.signals if s.category is Category.DEPENDENCY]
    assert all(s.weight <= 0.5 and "could not be reached" in s.reason for s in dependency)
    assert unreachable(read(data)) is not None


def test_a_version_conflict_stays_a_dependency_failure_when_a_retry_met_the_network() -> None:
    # pip's retry warnings (a refused connection, then it got through) above a real conflict.
    retries = [line for line in read("pip_index_refused.txt").splitlines() if line.startswith("WARNING: Retrying")]
    log = "\n".join([*retries, read("pip_conflict.txt")])
    facts = extract_facts(travis("pip install -r requirements.txt", log))
    assert conflict(read("pip_conflict.txt")) and not conflict(read("pip_index_refused.txt"))
    verdict = rule_verdict(facts)
    assert verdict.category is Category.DEPENDENCY and verdict.decided, verdict.reason
    assert Category.INFRA not in {e.category for e in facts.errors}


# The CI asked a runner for a task, script, target, environment or session the project does not
# define: real output of each runner made here (tests/facts/data/README.md).
MISSING_TASKS = [
    ("make_no_rule_target.txt", "make tset", "make", "tset"),
    ("npm_missing_script.txt", "npm run lint", "npm/pnpm", "lint"),
    ("yarn_missing_script.txt", "yarn run lint", "yarn", "lint"),
    ("pnpm_missing_script.txt", "pnpm run lint", "npm/pnpm", "lint"),
    ("rake_no_task.txt", "bundle exec rake lint", "rake", "lint"),
    ("gradle_no_task.txt", "./gradlew lint", "gradle", "lint"),
    ("tox_unknown_env.txt", "tox -e lint", "tox", "lint"),
    ("nox_sessions_not_found.txt", "nox -s lint", "nox", "lint"),
    ("just_no_recipe.txt", "just lint", "just", "lint"),
    ("go_task_not_found.txt", "task lint", "task", "lint"),
    ("mix_task_not_found.txt", "mix lint", "mix", "lint"),
    ("cargo_no_such_command.txt", "cargo lint", "cargo", "lint"),
    ("ant_no_target.txt", "ant lint", "ant", "lint"),
    ("maven_unknown_phase.txt", "mvn -B tset", "maven", "tset"),
    ("scons25_no_target.txt", "scons cartx", "scons", "cartx"),
    ("scons44_no_target.txt", "scons cartx", "scons", "cartx"),
]


@pytest.mark.parametrize(("data", "command", "runner", "name"), MISSING_TASKS)
@pytest.mark.parametrize("ci", ["github_actions", "travis"])
def test_a_task_the_project_does_not_define_is_the_ci_configuration(
    data: str, command: str, runner: str, name: str, ci: str
) -> None:
    lines = read(data).splitlines()
    found = [t for i, line in enumerate(lines) if (t := missing_task(line, lines[i + 1 : i + 3]))]
    assert found and (found[0].runner, found[0].name) == (runner, name)
    verdict = rule_verdict(extract_facts(getattr(framing, ci)(command, read(data), 1)))
    assert verdict.category is Category.CONFIG and verdict.decided, verdict.reason
    assert f"the CI asked {runner} for {name!r}, which the project does not define" in verdict.reason


def test_a_missing_prerequisite_or_a_sub_makes_target_is_not_a_task_the_ci_asked_for() -> None:
    # `needed by 'all'`: a file the Makefile's own rule needs (the build's); `make[1]:`: a sub-make
    # the Makefile itself ran. Only the top-level make's target is the one the CI named.
    prerequisite = read("make_no_rule_prerequisite.txt").splitlines()[0]
    assert "needed by" in prerequisite and missing_task(prerequisite) is None
    sub_make = read("make_no_rule_target.txt").splitlines()[0].replace("make:", "make[1]:", 1)
    assert missing_task(sub_make) is None and missing_task(read("make_no_rule_target.txt").splitlines()[0])


# The CI ran a build tool where the file it reads its tasks from is absent: real output of each tool, run in a
# directory holding only a README (tests/facts/data/README.md).
MISSING_BUILD_FILES = [
    ("rake_no_rakefile.txt", "rake", "rake", "Rakefile"),
    ("make43_no_makefile.txt", "make", "make", "Makefile"),
    ("cargo195_no_manifest.txt", "cargo test", "cargo", "Cargo.toml"),
    ("go119_build_no_go_mod.txt", "go build", "go", "go.mod"),
    ("go119_test_no_main_module.txt", "go test ./...", "go", "go.mod"),
    ("npm11_test_no_package_json.txt", "npm test", "npm", "package.json"),
    ("maven387_no_pom.txt", "mvn -B -o test", "maven", "pom.xml"),
]


@pytest.mark.parametrize("own_left_out", [False, True])
@pytest.mark.parametrize("wrapped", [False, True])
@pytest.mark.parametrize(("data", "command", "runner", "file"), MISSING_BUILD_FILES)
def test_a_build_tool_run_where_its_build_file_is_absent_is_the_ci_configuration(
    data: str, command: str, runner: str, file: str, wrapped: bool, own_left_out: bool
) -> None:
    """Only Rake's parser said so (its `no-rakefile`); the others' words were a config keyword at most, beside the
    command's kind (`cargo test`, `npm test`: test 0.23) or alone (Go's: no signal). Run by a script no rule knows
    (`./ci/run.sh`) and with the parsers that read the step left out, the tool's own words still name the cause."""
    assert [absent for line in read(data).splitlines() if (absent := missing_build_file(line))][:1] == [
        MissingBuildFile(runner, file)
    ]
    log = travis("./ci/run.sh" if wrapped else command, read(data))
    facts = extract_facts(log, leave_out=modules_reading(log) if own_left_out else frozenset())
    verdict = rule_verdict(facts)
    assert verdict.category is Category.CONFIG and verdict.decided, verdict.reason


@pytest.mark.parametrize(
    "line",
    [
        read("make43_submake_no_makefile.txt").splitlines()[2],  # `make[1]: ***`: the project's Makefile ran it
        # a dependency's package.json: the install's, not the project's
        "npm error enoent Could not read package.json: Error: ENOENT: no such file or directory, open "
        "'/srv/cart/node_modules/left-pad/package.json'",
        '    expected "No Rakefile found" in the output',  # a test's words about it, not at the line's start
        "warning: could not find `Cargo.toml` in `/srv/cart/vendor/x`",  # not cargo's error
    ],
)
def test_a_build_file_missing_below_the_cis_command_is_no_missing_build_file(line: str) -> None:
    assert missing_build_file(line) is None


def test_a_sub_make_without_its_makefile_is_not_the_ci_configuration() -> None:
    facts = extract_facts(travis("make", read("make43_submake_no_makefile.txt")))
    assert "the CI ran make where there is no Makefile" not in rule_verdict(facts).reason


# A build tool's own failure report, the failed task's kind from its words or the task's (plugin's)
# name: real output of Maven 3.8.7, Gradle 4.4.1, Ant 1.10 and Rake made here (tests/facts/data/README.md).
TASK_FAILURES = [
    ("maven_surefire_failures.txt", "mvn -B test", "maven", Category.TEST, "tests-failed"),
    ("maven_compile_errors.txt", "mvn -B compile", "maven", Category.BUILD, "compilation-failed"),
    ("maven_enforcer_java_version.txt", "mvn -B validate", "maven", Category.CONFIG, "toolchain-rule"),
    ("maven_surefire_provider_offline.txt", "mvn -B -o test", "maven", Category.DEPENDENCY, "unresolved-dependency"),
    ("maven_unknown_phase.txt", "mvn -B tset", "maven", Category.CONFIG, "unknown-task"),
    ("gradle_test.txt", "gradle test", "gradle", Category.TEST, "tests-failed"),
    ("gradle_no_task.txt", "gradle lint", "gradle", Category.CONFIG, "unknown-task"),
    ("ant_javac.txt", "ant compile", "ant", Category.BUILD, "compilation-failed"),
    ("ant_no_target.txt", "ant lint", "ant", Category.CONFIG, "unknown-task"),
    ("rake_no_task.txt", "bundle exec rake lint", "rake", Category.CONFIG, "unknown-task"),
    ("rake_no_rakefile.txt", "rake", "rake", Category.CONFIG, "no-rakefile"),
]


@pytest.mark.parametrize(("data", "command", "tool", "category", "code"), TASK_FAILURES)
def test_a_build_tools_failure_report_says_what_kind_of_work_failed(
    data: str, command: str, tool: str, category: Category, code: str
) -> None:
    facts = extract_facts(travis(command, read(data)))
    records = [e for e in facts.errors if e.tool == tool and e.code == code]
    assert records and {e.category for e in records} == {category}, facts.errors
    assert rule_verdict(facts).category is category


@pytest.mark.parametrize(
    ("tool", "said", "task", "expected"),
    [
        # the words first: a plugin Maven could not resolve is no test failure, whatever the goal's plugin
        (
            "maven",
            ["Plugin x:y:1 or one of its dependencies could not be resolved"],
            "maven-surefire-plugin",
            "dependency",
        ),
        ("maven", [], "maven-surefire-plugin", "test"),
        ("maven", [], "maven-failsafe-plugin", "test"),
        ("maven", [], "maven-compiler-plugin", "build"),
        ("maven", [], "maven-checkstyle-plugin", "lint"),
        ("maven", [], "spotbugs-maven-plugin", "lint"),
        ("maven", [], "spotless-maven-plugin", "format"),
        ("maven", [], "maven-enforcer-plugin", "dependency"),
        ("maven", [], "maven-dependency-plugin", "dependency"),
        ("maven", [], "maven-antrun-plugin", None),  # runs what the build file says: the tool inside says why
        ("gradle", [], "compileTestJava", "build"),
        ("gradle", [], "checkstyleMain", "lint"),
        ("gradle", [], "spotlessJavaCheck", "format"),
        ("gradle", [], "integrationTest", "test"),
        ("gradle", [], "exec", None),
        (
            "rake",
            ["Don't know how to build task 'lint' (See the list of available tasks with `rake --tasks`)"],
            None,
            "config",
        ),
        ("ant", ["Compile failed; see the compiler error output for details."], None, "build"),
        ("ant", ["The following error occurred while executing this line:"], None, None),
    ],
)
def test_task_failure_reads_the_words_before_the_tasks_name(
    tool: str, said: list[str], task: str | None, expected: str | None
) -> None:
    failure = task_failure(tool, said, task)
    assert (failure.category.value if failure else None) == expected


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ("net_curl_refused.txt", "Failed to connect to 127.0.0.1 port 1"),
        ("net_curl_read_timeout.txt", "Operation timed out after 2001"),
        ("net_git_refused.txt", "Failed to connect to 127.0.0.1 port 1"),
        ("net_git_timeout.txt", "Operation too slow."),
    ],
)
def test_libcurl_s_connection_failures_are_out_of_reach(data: str, words: str) -> None:
    """curl 7.88 and git 2.39 (libcurl) against a port that refuses and a server that never answers."""
    assert unreachable(read(data)) == words


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ("net_curl_fail_503.txt", "The requested URL returned error: 503"),
        ("net_curl_fail_429.txt", "The requested URL returned error: 429"),
        ("net_git_503.txt", "The requested URL returned error: 503"),
        ("net_git_502.txt", "The requested URL returned error: 502"),
        ("net_curl_fail_404.txt", None),  # a wrong URL (or a release not published): the server answered
        ("pip18_index_503.txt", "too many 503 error responses"),  # urllib3's retries under pip 18.1
        ("net_curl_empty_reply.txt", "Empty reply from server"),  # a server that closed without answering
        # certificates that did not verify: npm 11 / 6 (Node 20's codes), git 2.39 over GnuTLS
        ("npm11_tls_cert_expired.txt", "CERT_HAS_EXPIRED"),
        ("npm6_tls_self_signed.txt", "DEPTH_ZERO_SELF_SIGNED_CERT"),
        ("npm11_tls_leaf_unverified.txt", "UNABLE_TO_VERIFY_LEAF_SIGNATURE"),
        ("npm6_tls_self_signed_in_chain.txt", "SELF_SIGNED_CERT_IN_CHAIN"),
        ("net_git_tls_unverified.txt", "server certificate verification failed. CAfile"),
        # Bundler 2.3.15's fetcher, its message wrapped across lines
        ("bundler23_specs_503.txt", "bad\nresponse Service Unavailable 503"),
        ("bundler23_specs_reset.txt", "too\nmany connection resets"),
    ],
)
def test_a_client_that_reached_no_server_says_so_in_its_words(data: str, words: str) -> None:
    """curl 7.88 -f and git 2.39 over http against a local server answering 503, 502, 429 (and 404), closing without
    an answer; pip 18.1's urllib3, npm's and git's TLS failures, Bundler's fetcher."""
    assert unreachable(read(data)) == words


def test_emacs_url_el_s_failed_connection_is_out_of_reach() -> None:
    # url-http.el's own format, `(error "Could not create connection to %s:%d" host port)`
    assert unreachable("Could not create connection to melpa.org:443") == "Could not create connection to melpa.org:443"
    assert unreachable("Could not create connection pool") is None


@pytest.mark.parametrize("data", ["net_curl_read_timeout.txt", "net_git_refused.txt", "net_git_timeout.txt"])
def test_the_facts_classifier_reads_unreachable_servers_from_the_one_list(data: str) -> None:
    # libcurl's words were meaning.unreachable's only: the classifier's own connection words missed them (curl's own
    # refused connect to loopback, net_curl_refused, is the job's own service: tests/facts/test_curl_errors.py)
    facts = extract_facts(travis("./fetch.sh", read(data)))
    assert facts.category is Category.INFRA, (facts.category, facts.category_basis)


def test_a_test_named_after_a_connection_error_is_no_unreachable_server() -> None:
    # the classifier's connection words matched any case: a test named `tls-client-econnreset` voted infra
    log = travis("make test", "# Starting Test: tls-client-econnreset - tls client econnreset\n")
    assert extract_facts(log).category is not Category.INFRA


def test_an_index_that_answered_is_reached_whatever_a_mirror_said() -> None:
    # Real pip 26.3: the first index refuses, the extra index answers `from versions: 1.0` for alpha==9.9.
    facts = extract_facts(travis("pip install -r requirements.txt", read("pip_mirror_refused_version_missing.txt")))
    assert all(e.category is Category.DEPENDENCY for e in facts.errors), facts.errors
    verdict = rule_verdict(facts)
    assert verdict.category is Category.DEPENDENCY and verdict.decided, verdict.reason
    assert Category.INFRA not in {s.category for s in verdict.signals if s.kind == "pattern"}


def test_a_test_that_met_a_refused_connection_itself_is_no_index_out_of_reach() -> None:
    # Real pytest 9.2: a test calling a service that is not up (urllib: Connection refused), in a step that
    # installed its packages first. The install succeeded (the tests ran): no index was out of reach.
    log = travis("pip install -r requirements.txt && python -m pytest -q", read("pytest_connection_refused.txt"))
    verdict = rule_verdict(extract_facts(log))
    assert not any(s.name == "pattern:out-of-reach" or "could not be reached" in s.reason for s in verdict.signals)
    # the test's own service (127.0.0.1, in its frame's source) was out of reach: the test run's failure, named as
    # such (triage.beneath's own-service rule), never decided alone
    assert not [s.name for s in verdict.signals if s.category is Category.INFRA], verdict.reason
    assert "the job's own service (127.0.0.1)" in verdict.reason
    assert not verdict.decided, verdict.reason


def test_a_maven_artifact_of_the_builds_own_group_is_a_sibling_module_not_a_dependency() -> None:
    # Real Maven 3.8.7, `mvn -B -o -pl app compile` in a two-module build: app needs its sibling
    # com.acme:core, which was neither built (`-pl` without `-am`) nor installed.
    own = extract_facts(travis("mvn -B -o -pl app compile", read("maven_sibling_module_unresolved.txt")))
    said = next(e.message for e in own.errors if "Could not resolve dependencies" in e.message)
    missing = missing_of(said)
    assert missing is not None and missing.name == "com.acme:core" and not missing.third_party
    verdict = rule_verdict(own)
    assert not (verdict.decided and verdict.category is Category.DEPENDENCY), verdict.reason
    # The same build missing a third party's artifact (org.nosuch:nosuch-lib) stays a dependency failure.
    third = rule_verdict(extract_facts(travis("mvn -B -o -pl app compile", read("maven_third_party_unresolved.txt"))))
    assert third.category is Category.DEPENDENCY and third.decided, third.reason
    assert "third-party module 'org.nosuch:nosuch-lib' is missing" in third.reason


@pytest.mark.parametrize("ci", ["github_actions", "travis"])
def test_a_missing_module_named_like_the_repository_is_the_projects_own_package(ci: str) -> None:
    # Real pytest 9.2 collecting tests/test_cart.py, which imports shopcart: the repository's own package,
    # not installed where the tests ran (no `pip install -e .`). No source tree: the workspace path the
    # log shows (/home/travis/build/acme/shopcart/) names the repository.
    output = read("pytest_own_package_not_installed.txt")
    facts = extract_facts(getattr(framing, ci)("python -m pytest -q tests", output, 2))
    verdict = rule_verdict(facts)
    assert verdict.category is not Category.DEPENDENCY, verdict.reason
    assert "third-party module 'shopcart'" not in verdict.reason
    # The facts read the same name (meaning.workspace_names, around the record): no dependency failure there
    # either, and the record keeps its tool's category. The tests were not collected: not sure which fix.
    assert facts.category is not Category.DEPENDENCY, (facts.category, facts.confidence)
    assert not any(e.category is Category.DEPENDENCY for e in facts.errors), facts.errors
    assert not verdict.decided and OWN_MODULE in verdict.reason, verdict.reason
    # Under another repository's workspace the same module is a third party's: a dependency failure.
    other = output.replace("/acme/shopcart/", "/acme/storefront/")
    verdict = rule_verdict(extract_facts(getattr(framing, ci)("python -m pytest -q tests", other, 2)))
    assert verdict.category is Category.DEPENDENCY, verdict.reason


@pytest.mark.parametrize(
    ("data", "compiler"),
    [
        ("javac_missing_packages.txt", True),
        ("go_missing_packages_gopath.txt", True),
        ("cargo_missing_crates.txt", True),
        ("tsc_missing_modules.txt", True),
        ("go_missing_packages_modules.txt", True),
        ("node_missing_modules.txt", False),
        ("jest_missing_module.txt", False),
        ("pytest_first_party_module.txt", False),
    ],
)
def test_a_missing_module_says_whether_a_compiler_looked_it_up(data: str, compiler: bool) -> None:
    # Real compilers' words (javac, GOPATH go, rustc, tsc TS2307/TS2688, and go's module resolver where the log shows no
    # package of the main module) against a loader's or an interpreter's: only the former may be the build's set-up
    # as much as an undeclared dependency.
    said = [m for line in read(data).splitlines() if (m := missing_of(line)) is not None and m.kind == "module"]
    assert said and all(m.compiler is compiler for m in said), said


def test_junit_missing_in_an_org_project_is_no_package_of_its_own() -> None:
    # Real javac 17: an org.acme.shop project compiling its test without JUnit on the class path. org.junit
    # was judged the project's own (its root was `org`, a folder of every org.* project): a build failure,
    # decided. It is a third party's, which a compiler did not find: the guess, not a decision (COMPILED).
    command = "javac -d out src/main/java/org/acme/shop/Cart.java src/test/java/org/acme/shop/CartTest.java"
    facts = extract_facts(travis(command, read("javac_junit_missing_org_project.txt")))
    junit = [e for e in facts.errors if "org.junit" in e.message]
    assert junit and all(e.category is Category.DEPENDENCY for e in junit), junit
    verdict = rule_verdict(facts)
    assert not verdict.decided and COMPILED in verdict.reason, verdict.reason


def test_a_relative_module_the_tests_cannot_load_is_the_codes_not_an_installation() -> None:
    # Real node 20 `node --test`: a test requiring '../lib/cart' (the file is lib/carts.js). A relative name
    # is a file of the code, not a package to install: the build's (the file's stderr above its `# Subtest:` is
    # the failing test's report), not OWN_MODULE's doubt about an installation (test_own_file_missing.py).
    facts = extract_facts(travis("node --test test/", read("node_test_relative_module_missing.txt")))
    verdict = rule_verdict(facts)
    assert verdict.category is Category.BUILD and verdict.decided and OWN_MODULE not in verdict.reason, verdict.reason


@pytest.mark.parametrize("data", ["pytest_own_member_renamed.txt", "pytest9_collect_own_import_name.txt"])
def test_a_name_the_projects_own_module_lacks_is_a_rename_not_an_installation(data: str) -> None:
    # Real pytest 9.2: a test module imports `total` from the project's own module, which defines another name. The
    # module was found (its file is named), only the member is missing: the code, not where the package is
    # installed. pytest met it collecting the test module: no test ran, the code did not load (as javac's `cannot
    # find symbol`): the build's, no longer a test failure decided from pytest's `1 error` and its collection record
    facts = extract_facts(travis("python -m pytest -q tests", read(data), 2))
    said = next(e.message for e in facts.errors if "cannot import name" in e.message)
    missing = missing_of(said)
    assert missing is not None and missing.member == "total" and not missing.third_party
    verdict = rule_verdict(facts)
    assert verdict.category is Category.BUILD and verdict.decided and OWN_MODULE not in verdict.reason, verdict.reason


@pytest.mark.parametrize(
    ("data", "module"),
    [
        ("pytest9_import_name_from_package.txt", "requests"),
        ("pytest9_import_name_from_stdlib.txt", "collections"),
        # one test module imports a name its own module lacks (build), the other one httpx lacks
        ("pytest_cannot_import_name.txt", "httpx"),
    ],
)
def test_a_name_an_installed_module_lacks_is_not_decided(data: str, module: str) -> None:
    # Real pytest 9.2: the project's module imports `Sessionn` from the installed requests, or `Mapping` from the
    # standard library's collections (moved to collections.abc). The module was found and loaded (its file is named):
    # nothing is left to install. The code's import or the package's (the interpreter's) version: the log cannot
    # tell, so the rules name the dependency and abstain (each was decided dependency, 0.82-0.88, reading "module
    # 'requests' is missing")
    verdict = rule_verdict(extract_facts(framing.github_actions("python -m pytest -q tests", read(data), 2)))
    assert verdict.category is Category.DEPENDENCY and not verdict.decided, verdict.reason
    assert MEMBER in verdict.reason and f"third-party module {module!r} was found without" in verdict.reason


def test_a_test_that_ran_into_a_name_its_projects_module_lacks_is_not_decided() -> None:
    # Real pytest 9.2: the same import inside a test's body. The test ran and failed on it: the datasets label a test
    # failing on an ImportError test (LogChunks' dev half: openface's `No module named 'cv2'`), while the code does
    # not load (build): the runner's record stays the test's, the interpreter's says build, and the rules abstain
    facts = extract_facts(travis("python -m pytest -q tests", read("pytest9_test_imports_own_name.txt"), 1))
    assert [t.id for t in facts.failing_tests] == ["tests/test_cart.py::test_total"]
    assert any(e.tool == "pytest" and e.category is Category.TEST for e in facts.errors), facts.errors
    verdict = rule_verdict(facts)
    assert not verdict.decided and verdict.category in (Category.BUILD, Category.TEST), verdict.reason


@pytest.mark.parametrize(
    ("data", "command"),
    [
        ("npm11_tls_cert_expired.txt", "npm install"),
        ("npm6_tls_self_signed_in_chain.txt", "npm install"),
        ("bundler23_specs_503.txt", "bundle install --jobs=3 --retry=3"),
    ],
)
def test_an_installer_that_reached_no_index_guesses_infra_not_dependency(data: str, command: str) -> None:
    # npm's only words are the TLS code and `request to URL failed, reason: ...`, Bundler's its fetcher's error:
    # before, the install guessed dependency (the command only)
    verdict = rule_verdict(extract_facts(travis(command, read(data))))
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason


# (sample, the command the CI ran): real Go 1.19 `go test ./...` in a module whose cart/cart.go imports a package of
# its own that is not there (renamed to money/): under `example.com/shop` (`internal/pricing`), and under a module
# path with no dot (`module shop`), in go's three wordings
GO_OWN_PACKAGES = [
    ("go119_test_own_internal_unprovided.txt", "go test ./..."),
    ("go119_test_own_internal_lookup_disabled.txt", "GOFLAGS=-mod=mod go test ./..."),
    ("go119_test_own_dotless_not_in_goroot.txt", "go test ./..."),
]


@pytest.mark.parametrize(("data", "command"), GO_OWN_PACKAGES)
def test_go_s_own_package_nothing_provides_is_the_build_s_not_a_dependency(data: str, command: str) -> None:
    # a dotless path is no host any module is fetched from, an `internal` package only its own tree may import: the
    # project's own package moved or renamed, no fetch failed (the deps parser's record said dependency, decided)
    facts = extract_facts(travis(command, read(data)))
    assert facts.errors and all(e.category is Category.BUILD for e in facts.errors), facts.errors
    said = [m for line in read(data).splitlines() if (m := missing_of(line)) is not None]
    assert said and not any(m.third_party for m in said), said
    verdict = rule_verdict(facts)
    assert verdict.category is Category.BUILD and verdict.decided, verdict.reason


def test_go_s_missing_package_is_the_project_s_own_only_by_go_s_rules() -> None:
    own = [
        "cart/cart.go:3:8: no required module provides package example.com/shop/internal/pricing; to add it:",
        "cart/cart.go:3:8: package shop/pricing is not in std (/usr/local/go/src/shop/pricing)",
        "main.go:5:2: cannot find module providing package github.com/acme/shop/internal/db: module lookup disabled",
    ]
    others = [
        # a host's path: a module go.mod does not require
        "main.go:5:2: no required module provides package github.com/google/uuid; to add it:",
        # an internal package a dependency's own file imports (the module cache, a vendor tree): the dependency's
        "/home/runner/go/pkg/mod/github.com/acme/lib@v1.2.0/lib.go:4:2: no required module provides package "
        "github.com/acme/lib/internal/x; to add it:",
        "vendor/github.com/acme/lib/lib.go:4:2: no required module provides package github.com/acme/lib/internal/x",
    ]
    assert all((m := missing_of(line)) is not None and not m.third_party for line in own)
    assert all((m := missing_of(line)) is not None and m.third_party for line in others)


@pytest.mark.parametrize(
    ("data", "category"),
    [
        ("go120_test_setup_failed_own_generated.txt", Category.BUILD),
        ("go120_test_setup_failed_third_party.txt", Category.DEPENDENCY),
    ],
)
def test_go_test_s_own_packages_say_whose_a_missing_package_is(data: str, category: Category) -> None:
    # `# PKG` and `FAIL\tPKG [setup failed]` name the packages go tested: a missing path under one of their module
    # roots (github.com/acme/shop) is the project's own (a generated package not generated: the build's, decided; it
    # was decided dependency), another host's (github.com/google/uuid) a dependency go.mod lacks, decided as before
    verdict = rule_verdict(extract_facts(travis("go test ./...", read(data))))
    assert verdict.category is category and verdict.decided, verdict.reason


def test_the_packages_go_test_names_as_its_own() -> None:
    lines = [
        "# github.com/acme/shop/binding_tests",
        "# example.com/gosvc2/money [example.com/gosvc2/money.test]",
        "FAIL\tgithub.com/acme/shop/binding_tests [setup failed]",
        "ok  \tgithub.com/acme/shop/cart\t0.004s",
        "ok  \tgithub.com/acme/shop/stock\t(cached)",
        "?   \tgithub.com/acme/shop/cmd/shop\t[no test files]",
        "FAIL\tgithub.com/acme/shop/money\t0.012s",
        # no package: a shell comment, a bare verdict, pytest's and Jest's own lines
        "# see docs/setup",
        "FAIL",
        "FAIL tests/test_cart.py::test_total - assert 4 == 3",
        "ok 1 - total adds prices",
    ]
    assert go_packages(lines) == [
        "github.com/acme/shop/binding_tests",
        "example.com/gosvc2/money",
        "github.com/acme/shop/cart",
        "github.com/acme/shop/stock",
        "github.com/acme/shop/cmd/shop",
        "github.com/acme/shop/money",
    ]


@pytest.mark.parametrize(
    ("data", "category", "name"),
    [
        ("gotest119_own_package_missing.txt", Category.BUILD, "example.com/shop/rates"),
        ("gotest119_third_party_package_missing.txt", Category.DEPENDENCY, "github.com/acme/rates"),
    ],
)
def test_a_missing_package_under_the_module_root_go_test_shows_is_the_project_s_own(
    data: str, category: Category, name: str
) -> None:
    # real Go 1.19 `go test ./...` in module example.com/shop (no host/owner/repo shape): tax's test imports a
    # package of its own that is not there; `# example.com/shop/tax` over `tax/tax2_test.go:6:2: ...` and `ok
    # example.com/shop/cart` tell the module's root, so example.com/shop/rates is the project's own (the build's:
    # it was decided dependency 0.88), github.com/acme/rates a dependency go.mod lacks, decided as before
    verdict = rule_verdict(extract_facts(travis("go test ./...", read(data))))
    assert verdict.category is category and verdict.decided, verdict.reason
    assert name in verdict.reason, verdict.reason


@pytest.mark.parametrize(
    ("data", "command"),
    [
        ("govet119_own_package_missing.txt", "go vet ./..."),
        ("gobuild119_own_package_missing.txt", "go build ./..."),
        ("gotest119_code_own_package_missing.txt", "go test ./..."),
        ("gobuild119_third_party_unplaced.txt", "go build ./..."),
    ],
)
def test_a_package_no_module_provides_is_not_decided_where_no_package_of_the_main_module_shows(
    data: str, command: str
) -> None:
    # real Go 1.19 go vet, go build and go test on a file of the code importing a package nothing provides: the error
    # line alone (no `# PKG` header, no `ok` line), so example.com/shop/rates (the module's own, moved or never
    # committed: the build's) reads as github.com/acme/rates (a module go.mod lacks) does. The own ones were decided
    # dependency 0.82-0.88; the guess stays dependency, not decided (COMPILED, as for a compiler's lookup)
    verdict = rule_verdict(extract_facts(travis(command, read(data))))
    assert verdict.category is Category.DEPENDENCY and not verdict.decided, verdict.reason
    assert COMPILED in verdict.reason, verdict.reason


def test_the_module_roots_go_s_report_lines_tell() -> None:
    # two packages of `./...`: the module's path is a prefix of both, so of their common one
    assert go_packages(["ok  \texample.com/shop/cart\t0.01s", "FAIL\texample.com/shop/tax [setup failed]"])[2:] == [
        "example.com/shop"
    ]
    # a header's package over an error in a file of its folder: the package without that folder
    header = ["# example.com/shop/svc/tax", "svc/tax/tax_test.go:6:2: no required module provides package x.org/y"]
    assert go_packages(header) == ["example.com/shop/svc/tax", "example.com/shop"]
    # packages of two hosts share no root; nor does a header over a file of another folder, or a host alone
    assert go_packages(["ok  \texample.com/shop/cart\t0.01s", "ok  \tgithub.com/acme/tax\t0.01s"]) == [
        "example.com/shop/cart",
        "github.com/acme/tax",
    ]
    assert go_packages(["# example.com/shop/tax", "cart/cart.go:3:8: undefined: x"]) == ["example.com/shop/tax"]
    assert go_packages(["ok  \texample.com/a\t0.01s", "ok  \texample.com/b\t0.01s"]) == [
        "example.com/a",
        "example.com/b",
    ]
    # github.com's module paths name an owner and a repository: two repositories of one owner (a go.work) share no root
    two = ["ok  \tgithub.com/acme/a/x\t0.01s", "ok  \tgithub.com/acme/b/y\t0.01s"]
    assert go_packages(two) == ["github.com/acme/a/x", "github.com/acme/b/y"]
    assert go_packages([*two[:1], "ok  \tgithub.com/acme/a/z\t0.01s"])[2:] == ["github.com/acme/a"]


def test_a_module_the_project_s_own_file_imports_is_no_third_party_s_in_the_excerpt_either() -> None:
    # real pytest 9: shop/__init__.py (a frame relative to rootdir, the project's package) imports shop.carts, renamed.
    # The record read from that frame is the project's own; the excerpt's line alone, without the frame's file, read
    # as a third party's (`third-party module 'shop.carts' is missing`, dependency 0.75 against test). Now neither
    # says third party; and the importing frame is a file of the package in the source (a flat layout run from the
    # root), so the package came from there and what it lacks is the code's: build (owner.imported_from_source). The
    # test's own frame alone (the stored pytest_first_party_module, no tree) still reads as a third party's.
    facts = extract_facts(
        travis("python -m pytest -q tests", read("pytest9_own_package_imports_renamed_module.txt"), 2)
    )
    verdict = rule_verdict(facts)
    assert verdict.decided and verdict.category is Category.BUILD, verdict.reason
    assert "third-party" not in verdict.reason and OWN_MODULE not in verdict.reason, verdict.reason
    alone = rule_verdict(extract_facts(travis("python -m pytest -q", read("pytest_first_party_module.txt"), 2)))
    assert alone.decided and alone.category is Category.DEPENDENCY, alone.reason
