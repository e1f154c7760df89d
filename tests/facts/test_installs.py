"""An installer no parser reads (facts/installs.py): its failing step's verdicts, in the words package managers share,
are dependency records. Each sample is real output (tests/facts/data/README.md) read with the parser module that
knows its installer left out (`deps`), as a version or a tool no parser was written for would be."""

from __future__ import annotations

import time

import pytest

from remediate.facts import extract_facts
from remediate.facts.extract import modules_reading
from remediate.facts.installs import installer_verdicts, named_absent
from remediate.facts.meaning import installed_code
from remediate.facts.pipsources import PipSources
from remediate.facts.view import View
from remediate.models import Category, Facts
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA

UNREAD = frozenset({"deps"})

# (sample, the command that printed it, words of the verdict read): at least three installers for each meaning
VERDICTS = [
    # a package or version its index does not have
    ("yarn1_notarget.txt", "yarn install", "Couldn't find any versions for"),
    ("yarn4_no_candidates.txt", "yarn install", "No candidates found"),
    ("yarn4_package_not_found.txt", "yarn install", "Package not found"),
    ("bundler_gem_not_found.txt", "bundle install --local", "Could not find gem"),
    ("composer_not_found.txt", "composer install --no-interaction", "could not be found in any version"),
    ("rubygems33_local_gem_not_found.txt", "gem install --local cartlib-nosuch", "Could not find a valid gem"),
    ("bower_not_found.txt", "bower install --allow-root", "Package jquery-nosuch not found"),
    ("apt26_unable_to_locate.txt", "sudo apt-get install -y libcartbase-nosuch-dev", "Unable to locate package"),
    ("apt26_no_candidate.txt", "apt-get install -y python-dev", "has no installation candidate"),
    ("pip9_version_missing.txt", "pip --isolated install -r requirements.txt", "No matching distribution"),
    # requirements that cannot be met together
    ("pip_conflict.txt", "pip install alpha beta", "conflicting dependencies"),
    ("bundler23_ruby_version_conflict.txt", "bundle install --local", "conflicting requirements"),
    ("composer_not_found.txt", "composer install", "could not be resolved to an installable set"),
    # a lock file out of step with the manifest
    ("bun14_install_frozen.txt", "bun install --frozen-lockfile", "lockfile is frozen"),
    ("yarn4_immutable_github.txt", "yarn install --immutable", "The lockfile would have been modified"),
    ("yarn4_ci_lockfile_absent.txt", "yarn install", "The lockfile would have been created"),
    ("composer25_lock_incompatible_php.txt", "composer install", "does not contain a compatible set"),
    # a package that needs another runtime than the CI's
    ("rubygems33_requires_ruby.txt", "gem install --local cartbase-5.0.0.gem", "requires Ruby version >="),
    ("yarn13_engine_incompatible.txt", "yarn install --no-progress", 'The engine "node" is incompatible'),
    ("pip9_requires_python.txt", "pip install -r requirements.txt", "requires Python '>=3.8'"),
    ("composer25_lock_incompatible_php.txt", "composer install", "does not satisfy that requirement"),
    # a git dependency's ref its repository lacks
    ("bundler23_git_ref_missing.txt", "bundle install --jobs=3", "does not exist in the repository"),
    ("yarn122_git_ref_missing.txt", "yarn install --non-interactive", "Couldn't find match for"),
    ("go119_mod_download_410_gone.txt", "go mod download", "unknown revision v1.9.0"),
    # a package whose build failed as it was installed
    # (pip 9's C extension that does not compile, once here, is no dependency failure: the fetched-package test below)
    ("pip20_editable_git_ref.txt", "pip install -r requirements.txt", "Command errored out with exit status 1"),
]


def unread(name: str, command: str, frame: str = "travis") -> Facts:
    """The sample in a CI job under `command`, with the installers' parser module left out."""
    text = (DATA / name).read_text()
    raw = framing.travis(command, text) if frame == "travis" else framing.github_actions(command, text)
    return extract_facts(raw, leave_out=UNREAD)


@pytest.mark.parametrize(("name", "command", "words"), VERDICTS)
@pytest.mark.parametrize("frame", ["travis", "github-actions"])
def test_an_installer_s_verdict_no_parser_reads_is_a_dependency_record(
    name: str, command: str, words: str, frame: str
) -> None:
    f = unread(name, command, frame)
    tool = " ".join(command.removeprefix("sudo ").split()[:2])
    said = [e for e in f.errors if words in e.message]
    assert said and all(e.category is Category.DEPENDENCY and e.tool.startswith(tool[:3]) for e in said), f.errors
    verdict = rule_verdict(f)
    assert verdict.category is Category.DEPENDENCY and verdict.decided, verdict.reason


def test_words_an_installer_shares_are_not_read_under_a_command_of_another_kind() -> None:
    # a test run's output may say a package was not found in its own words; only an installer's step is read for them
    f = unread("bower_not_found.txt", "pytest -q tests")
    assert not [e for e in f.errors if "not found" in e.message]


# (sample, the command that printed it, words of the verdict read): an installer's own words under a command that
# names no installer (a wrapper, a build, a script, a program that installs packages)
OWN_WORDS = [
    ("make43_deps_pip_not_found.txt", "make deps", "No matching distribution found for cartlib"),
    ("tox4_installdeps_not_found.txt", "tox -e py311", "No matching distribution found for cartlib==2.4.0"),
    ("cargo195_vendored_version_missing.txt", "cargo build --color never", "failed to select a version"),
    ("cargo195_vendored_crate_missing.txt", "cargo build --color never", "no matching package named `ledger-tax`"),
    ("emacs_needs_newer_emacs.txt", "PKG=needs-new-emacs emacs --batch -l init.el", "Package ‘emacs-99.1’ is"),
    ("emacs_pkg_unavailable.txt", "PKG=magit emacs --batch -l init.el", "Package ‘magit-’ is unavailable"),
    ("go119_build_inconsistent_vendoring.txt", "go build ./...", "inconsistent vendoring"),
]


@pytest.mark.parametrize(("name", "command", "words"), OWN_WORDS)
def test_an_installer_s_own_words_under_a_command_naming_none_are_dependency_records(
    name: str, command: str, words: str
) -> None:
    f = framed_facts(name, command)
    said = [e for e in f.errors if words in e.message]
    assert said and all(e.category is Category.DEPENDENCY for e in f.errors), f.errors
    verdict = rule_verdict(f)
    assert verdict.category is Category.DEPENDENCY and verdict.decided, verdict.reason


# (sample, the task or script named for installing dependencies that ran its installer, words of the verdict read):
# words an installer shares with other tools' output, read under such a name as under the installer's own command
TASK_WORDS = [
    ("npm11_install_deps_script_e404.txt", "./scripts/install-deps.sh", "npm error code E404"),
    ("make43_requirements_pip_git_ref_missing.txt", "make requirements", "did not match any file(s) known to git"),
]


@pytest.mark.parametrize(("name", "command", "words"), TASK_WORDS)
def test_an_installer_s_shared_words_under_a_task_named_for_dependencies_are_dependency_records(
    name: str, command: str, words: str
) -> None:
    # before: no signal (each abstained; the gcc error in pip's indented output is no build record either)
    f = framed_facts(name, command)
    said = [e for e in f.errors if words in e.message]
    assert said and all(e.category is Category.DEPENDENCY and e.tool == command for e in f.errors), f.errors
    verdict = rule_verdict(f)
    assert verdict.category is Category.DEPENDENCY and verdict.decided, verdict.reason
    # under a name that says no installing, the shared words stay unread
    other = framed_facts(name, command, under="make")
    assert not [e for e in other.errors if words in e.message]


@pytest.mark.parametrize(("name", "command", "words"), TASK_WORDS)
def test_a_task_named_for_dependencies_a_scripts_xtrace_shows_is_read_as_its_own_command(
    name: str, command: str, words: str
) -> None:
    # `./ci/run.sh` under `set -x` prints `+ make requirements` before the task's output (the wrapper ran it)
    output = (DATA / name).read_text()
    traced = framing.travis("./ci/run.sh", f"+ {command}\n{output}")
    f = extract_facts(traced, leave_out=modules_reading_of(name, command))
    said = [e for e in f.errors if words in e.message]
    assert said and all(e.category is Category.DEPENDENCY and e.tool == command for e in f.errors), f.errors
    assert rule_verdict(f).decided
    # without the xtrace the script names no task: the shared words stay unread
    untraced = extract_facts(framing.travis("./ci/run.sh", output), leave_out=modules_reading_of(name, command))
    assert not [e for e in untraced.errors if words in e.message]


# (sample, words of the verdict read): a log of an installer's output alone, no CI step around it
UNSTEPPED = [
    ("bower_no_tag.txt", "No tag found"),
    ("yarn13_notarget.txt", "Couldn't find any versions for"),
    ("pip18_requires_python.txt", "but the running Python is 2.7.18"),
    ("pip26_hash_mismatch.txt", "DO NOT MATCH THE HASHES"),
    ("terraform_init_no_match.txt", "no available releases match"),
]


@pytest.mark.parametrize(("name", "words"), UNSTEPPED)
def test_an_installer_s_own_words_in_a_log_of_its_output_alone_are_dependency_records(name: str, words: str) -> None:
    log = (DATA / name).read_bytes()
    f = extract_facts(log, leave_out=modules_reading(log))
    said = [e for e in f.errors if words in e.message]
    assert said and all(e.category is Category.DEPENDENCY for e in f.errors), f.errors
    verdict = rule_verdict(f)
    assert verdict.category is Category.DEPENDENCY and verdict.decided, verdict.reason


def test_words_an_installer_shares_in_a_log_of_its_output_alone_are_not_read() -> None:
    # Bundler's `requires ruby version >= 9.0.0` with no command around it: other tools say a runtime is required too
    log = (DATA / "bundler23_locked_requires_ruby.txt").read_bytes()
    f = extract_facts(log, leave_out=modules_reading(log))
    assert not [e for e in f.errors if e.category is Category.DEPENDENCY]


def test_a_backtrace_s_format_string_is_no_package() -> None:
    # Emacs' backtrace under its error: `error("Package `%s-%s' is unavailable" magit "")` names no package
    name, command = "emacs_pkg_unavailable.txt", "PKG=magit emacs --batch -l init.el"
    f = framed_facts(name, command)
    assert f.errors and not [e for e in f.errors if "%s" in e.message]


def test_an_installer_s_own_words_are_read_in_time_on_hostile_lines() -> None:
    # each line is cut at LINE_CHARS; the shapes with a gap are bounded and end at a character outside their run
    lines = [
        "E: Version '" + "a" * 20_000,
        "Package `" + "a-1" * 7_000 + " is unavailable",
        "Package ‘" + "%" * 20_000,
        "lockfile " + "x " * 10_000 + "is frozen",
        "a:" * 10_000 + "1.0 not found",
    ] * 2
    view = View.of(lines)
    start = time.process_time()
    installer_verdicts(view, (1, len(lines)), "make", installs=False)
    installer_verdicts(view, (1, len(lines)), "pip", installs=True)
    assert time.process_time() - start < 0.5


def test_a_step_a_parser_read_is_not_read_again() -> None:
    # with its parser, Yarn's verdict is the parser's record, and no generic one joins it
    text = (DATA / "yarn1_notarget.txt").read_text()
    f = extract_facts(framing.travis("yarn install", text))
    assert [e.tool for e in f.errors] == ["yarn"]


def test_a_verdict_whose_reason_is_an_index_out_of_reach_is_not_a_missing_package() -> None:
    # RubyGems' `Could not find a valid gem 'x' (>= 0), here is why:` over a refused connection: the source was not
    # reached, so nothing says the gem is missing
    f = unread("rubygems33_source_refused.txt", "gem install --source http://127.0.0.1:9/ cartlib-nosuch")
    assert not [e for e in f.errors if e.category is Category.DEPENDENCY]
    assert not rule_verdict(f).decided


def test_an_index_out_of_reach_above_the_verdict_makes_it_the_infrastructure_s() -> None:
    # pip's retries against a refused index above `No matching distribution found`: its records are infra
    f = unread("pip_index_refused.txt", "pip install nosuchpkg-xyz")
    assert f.errors and all(e.category is Category.INFRA for e in f.errors)
    assert not rule_verdict(f).decided


# (sample, the command that printed it, words of the line read): a build or a test run fetching its dependencies,
# its line naming the package at a version
FETCHED = [
    ("go119_build_410_gone.txt", "GOFLAGS=-mod=mod go build ./...", "example.com/cart@v1.9.0: reading"),
    ("go119_build_missing_go_sum.txt", "go build ./...", "missing go.sum entry"),
    ("gradle_dependency_not_found.txt", "gradle --console=plain build", "Could not find com.google.guava:guava"),
    ("maven_parent_pom_not_found.txt", "mvn -B -s settings.xml compile", "Could not find artifact"),
    ("maven_surefire_provider_offline.txt", "mvn -B -o test", "has not been downloaded from it before"),
]


@pytest.mark.parametrize(("name", "command", "words"), FETCHED)
def test_a_package_at_a_version_a_build_could_not_fetch_is_a_dependency_record(
    name: str, command: str, words: str
) -> None:
    f = framed_facts(name, command)
    said = [e for e in f.errors if words in e.message]
    assert said and all(e.category is Category.DEPENDENCY for e in said), f.errors
    verdict = rule_verdict(f)
    assert verdict.category is Category.DEPENDENCY and verdict.decided, verdict.reason


def modules_reading_of(name: str, command: str) -> frozenset[str]:
    return modules_reading(framing.travis(command, (DATA / name).read_text()))


def framed_facts(name: str, command: str, under: str | None = None) -> Facts:
    """A sample's facts in a Travis job under `under` (its own command by default), with the parser modules that
    read it under its own command left out."""
    return extract_facts(
        framing.travis(under or command, (DATA / name).read_text()), leave_out=modules_reading_of(name, command)
    )


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("pip23_fetched_missing_header.txt", "pip install --no-build-isolation -r requirements.txt"),
        ("pip9_install_failed.txt", "pip --isolated install --no-index --find-links wheels36 -r requirements.txt"),
        ("make43_deps_pip_wheel_build_failed.txt", "make deps"),  # pip run by a task named for dependencies
    ],
)
def test_a_fetched_packages_native_build_that_fails_is_its_compilers_errors_not_a_dependency_failure(
    name: str, command: str
) -> None:
    # before: pip's `Could not build wheels for` / `failed with error code 1 in /tmp/pip-build-x/` read as dependency
    # records, decided dependency 0.86-0.91; pip's parser (run) reads the indented compiler lines and abstains
    f = framed_facts(name, command)
    assert f.errors and all(e.tool == "compiler" and installed_code(e.file, e.code) for e in f.errors), f.errors
    assert any(": error: " in e.message or ": fatal error: " in e.message for e in f.errors)
    assert not rule_verdict(f).decided


# (sample, the command that printed it): pip building the project's own package, which pip says is local
# (`Processing /home/runner/work/x/x`, `Obtaining file:///...`), whatever command ran pip
OWN_BUILDS = [
    ("pip9_own_c_extension.txt", "pip install ."),
    ("pip9_own_editable_c_extension.txt", "pip --isolated install --no-index -e ."),
    ("pip23_own_editable_c_extension.txt", "pip install --no-index --no-build-isolation -e ."),
    ("pip9_requirements_own_c_extension.txt", "pip --isolated install --no-index -r requirements.txt"),
    (
        "pip23_requirements_own_editable_c_extension.txt",
        "pip install --no-index --no-build-isolation -r requirements.txt",
    ),
]


@pytest.mark.parametrize(("name", "command"), OWN_BUILDS)
def test_the_projects_own_native_build_that_fails_is_its_compilers_errors_at_its_files(name: str, command: str) -> None:
    # before: pip's parser left out, these read as a fetched package's build (FETCHED_BUILD, no file), undecided (or
    # nothing read, pip 9's editable); now the project's file and line, and the same decision as pip's parser makes
    f = framed_facts(name, command)
    compiled = [e for e in f.errors if e.tool == "compiler"]
    assert compiled and all(e.file == "shopfast/_speed.c" and e.line == 7 for e in compiled), f.errors
    full, left = rule_verdict(extract_facts(framing.travis(command, (DATA / name).read_text()))), rule_verdict(f)
    assert (left.category, left.decided) == (full.category, full.decided), left.reason


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("pip23_editable_vcs_c_extension.txt", "pip install -e git+file:///tmp/structure/vcsrepo#egg=cartext"),
        ("pip20_vcs_url_c_extension.txt", "pip install --no-index --no-build-isolation -r requirements.txt"),
        ("pip20_archive_url_c_extension.txt", "pip install --no-index --no-build-isolation -r requirements.txt"),
        ("pip24_archive_url_c_extension.txt", "pip install --no-index --no-build-isolation -r requirements.txt"),
        # a forge's archive of a repository at a ref (`.../acme/cartext/archive/main.zip`): the repository's name
        # (was none: cartext read as the project's build, cartext.c:4)
        ("pip24_forge_archive_url_c_extension.txt", "pip install --no-index --no-build-isolation -r requirements.txt"),
    ],
)
def test_a_vcs_checkouts_or_archives_native_build_is_a_fetched_packages_with_pips_parser_and_without(
    name: str, command: str
) -> None:
    # `pip install -e git+URL#egg=cartext` (`Obtaining cartext from git+...`): pip cloned a repository's code into its
    # src folder. Before, pip's parser read gcc's error there as the project's build (cartext.c:4) and the reading
    # without it as installed code; now both read pip's sources one way (facts.pipsources): installed code. The
    # project's own editable checkout (`Obtaining file:///...`) stays the project's build (OWN_BUILDS, the control).
    # pip 20's `Collecting git+file:/.../cartext.git@master` beside the project's own `.` names the package by the
    # URL's repository (was "git": cartext read as the project's, cartext.c:4); pip 20's and 24's `Collecting
    # http://127.0.0.1:8765/cartext-0.1.0.tar.gz` by its sdist's name (was "http": the same misreading)
    for f in (extract_facts(framing.travis(command, (DATA / name).read_text())), framed_facts(name, command)):
        compiled = [e for e in f.errors if e.tool == "compiler"]
        assert compiled and all(e.file is None and installed_code(e.file, e.code) for e in compiled), f.errors


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("pip20_own_c_extension_beside_vcs_url.txt", "pip install --no-index -r requirements.txt"),
        (
            "pip24_own_c_extension_beside_archive_url.txt",
            "pip install --no-index --no-build-isolation -r requirements.txt",
        ),
    ],
)
def test_the_projects_own_native_build_beside_a_url_requirement_stays_its_own(name: str, command: str) -> None:
    # control: pip 20 collects `git+file:/.../pricekit.git@master`, pip 24 `http://.../pricekit-0.1.0.tar.gz` (pricekit)
    # and builds the project's own `.`, whose C extension fails: the project's file and line, with pip's parser and
    # without
    for f in (extract_facts(framing.travis(command, (DATA / name).read_text())), framed_facts(name, command)):
        compiled = [e for e in f.errors if e.tool == "compiler"]
        assert compiled and all((e.file, e.line) == ("shopfast.c", 4) for e in compiled), f.errors


@pytest.mark.parametrize(
    ("name", "decided"),
    [("pip23_requirements_own_missing_source.txt", False), ("pip23_fetched_missing_source.txt", True)],
)
def test_pips_verdict_on_a_build_with_no_compilers_line_is_a_dependency_failure_only_for_a_fetched_package(
    name: str, decided: bool
) -> None:
    # gcc's `cc1: fatal error: shopfast/_fast.c: No such file or directory` has no line: no compiler record. The own
    # package's `Could not build wheels for shopfast` was read as a dependency failure (decided 0.91); pip's parser
    # shows it without a vote, and so does this reading now. A fetched package's stays dependency, as pip's parser
    # reads it (control).
    command = "pip install --no-index --no-build-isolation -r requirements.txt"
    f = framed_facts(name, command)
    voting = [e for e in f.errors if e.category is Category.DEPENDENCY and e.votes]
    assert bool(voting) is decided, f.errors
    verdict = rule_verdict(f)
    assert verdict.decided is decided and (verdict.category is Category.DEPENDENCY or not decided), verdict.reason


def test_a_build_that_failed_before_setup_py_installed_the_package_is_not_a_native_build_failure() -> None:
    # pip 20's `Failed building wheel for legacycart`, then `Successfully installed`: no compiler record
    f = framed_facts("pip20_wheel_failed_installed_anyway.txt", "pip install -r requirements.txt")
    assert not [e for e in f.errors if e.tool == "compiler"], f.errors


def test_a_build_script_s_missing_method_is_no_missing_package() -> None:
    # Gradle's `Could not find method testImplemntation() for arguments [junit:junit:4.13]`: a typo in build.gradle
    name, command = "gradle_build_script.txt", "gradle --console=plain build"
    f = framed_facts(name, command)
    assert not [e for e in f.errors if e.category is Category.DEPENDENCY]


def test_an_installer_a_passing_test_ran_is_not_the_failure() -> None:
    # a test that runs pip and expects it to fail, in a run that passed; another run's assertion failed the job
    name, command = "pytest_pip_in_passing_run.txt", "./ci.sh"
    f = framed_facts(name, command)
    assert not [e for e in f.errors if e.category is Category.DEPENDENCY]


@pytest.mark.parametrize(
    ("words", "names"),
    [
        ("Could not find artifact org.springframework.boot:spring-boot-starter-parent:pom:9.9.9 in", True),
        ("go: example.com/cart@v1.9.0: reading URL: 410 Gone", True),
        ("unresolved dependency: org.acme#cart;1.0: not found", True),
        # a place in a file and a time are no coordinates
        ('psql:q.sql:3: ERROR:  column "amount_total" does not exist', False),
        ("10:30:15 file not found", False),
    ],
)
def test_coordinates_name_a_package_at_a_version(words: str, names: bool) -> None:
    # (lines in the tools' shapes, not samples: the samples above are the real output)
    assert named_absent(words) is names


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://github.com/acme/cartext/archive/main.zip", "cartext"),
        ("https://github.com/acme/cartext/archive/refs/tags/release-2.0.tar.gz", "cartext"),  # no package `release`
        ("https://gitlab.com/acme/tools/cartext/-/archive/main/cartext-main.tar.gz", "cartext"),
        ("https://codeload.github.com/acme/cartext/zip/refs/heads/main", "cartext"),
        ("https://host/pkgs/cartext-0.1.0.tar.gz", "cartext"),  # an sdist's file name
        ("https://host/main.zip", None),  # names nothing: no name rather than a wrong one
        ("https://host/archive/main.zip", None),
    ],
)
def test_an_archive_url_names_its_repository_where_its_shape_says_so_or_nothing(url: str, name: str | None) -> None:
    sources = PipSources()
    sources.read(f"Collecting {url} (from -r requirements.txt (line 2))")
    assert sources.fetched == ({name} if name else set())
