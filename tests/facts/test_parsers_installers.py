"""Installers' verdicts of the Travis years that no rule read (real output: tests/facts/data/README.md,
"Installers (sixteenth round, dependency)"), alone and in a Travis job whose install phase failed."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from remediate.facts import extract_facts
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA, error, facts

# (sample, the install command a CI ran it with, the tool, the package the record names)
REFUSED = [
    # a package whose Requires-Python the interpreter does not meet: pip 9 and 18 (no `ERROR: ` prefix yet)
    ("pip9_requires_python.txt", "pip install -r requirements.txt", "pip", "cartbase"),
    ("pip18_requires_python.txt", "pip install -r requirements.txt", "pip", "cartbase"),
    # a gem whose required_ruby_version the Ruby does not meet: RubyGems 3.3, Bundler 2.3 from its lock
    ("rubygems33_requires_ruby.txt", "gem install cartbase", "gem", "cartbase"),
    ("bundler23_locked_requires_ruby.txt", "bundle install --jobs=3 --retry=3 --deployment", "bundler", "cartbase"),
    ("bundler23_ruby_version_conflict.txt", "bundle install --jobs=3 --retry=3", "bundler", None),
    # a package whose `engines` the Node does not meet: Yarn 1.3 and 1.22, npm 6 and 11 with engine-strict
    ("yarn13_engine_incompatible.txt", "yarn", "yarn", "cart-utils"),
    ("yarn122_engine_incompatible.txt", "yarn install", "yarn", "cart-utils"),
    ("npm6_engine_strict.txt", "npm install", "npm", "ENOTSUP"),
    ("npm11_engine_strict.txt", "npm install", "npm", "EBADENGINE"),
    # Composer 2.5 installing from a lock whose package needs php >=9.0; cabal 3.4's solver on an unknown package
    ("composer25_lock_incompatible_php.txt", "composer install --no-interaction", "composer", None),
    ("cabal34_unknown_package.txt", "cabal install --only-dependencies --enable-tests", "cabal", None),
    # Mix 1.14 before `mix test`: a path dependency of another version, a git dependency never fetched
    ("mix14_dep_version_mismatch.txt", "mix test", "mix", None),
    ("mix14_dep_not_fetched.txt", "mix test", "mix", None),
    # setuptools 40's easy_install fetching install_requires for `setup.py develop` from an index without it
    ("setuptools40_develop_not_found.txt", "python setup.py develop", "easy_install", "cartbase-nosuch"),
    # apt 2.6: a package its sources lack, one only others refer to, a version they do not hold
    ("apt26_unable_to_locate.txt", "sudo apt-get install -y libcartbase-nosuch-dev", "apt", "libcartbase-nosuch-dev"),
    ("apt26_no_candidate.txt", "sudo apt-get install -y python-dev", "apt", "python-dev"),
    ("apt26_version_not_found.txt", "sudo apt-get install -y libssl-dev=1.0.2g-1ubuntu4", "apt", "libssl-dev"),
    # apt 2.6's update on a source that does not serve an index its Release names (404), one with no Release file,
    # one whose signing key is not installed (`NO_PUBKEY`, then `is not signed`): each exits 100
    ("apt26_update_index_404.txt", "sudo apt-get update", "apt", None),
    ("apt26_update_no_release_file.txt", "sudo apt-get update", "apt", None),
    ("apt26_update_no_pubkey.txt", "sudo apt-get update", "apt", None),
    # a signed source whose Release is past its Valid-Until (a mirror no longer refreshed, a suite archived)
    ("apt26_update_release_expired.txt", "sudo apt-get update", "apt", None),
    # apt's error lines alone: a script hid its output (`-qq ... > /dev/null`)
    (
        "apt26_install_qq_unable_to_locate.txt",
        "sudo apt-get -qq install -y libcartbase-nosuch-dev > /dev/null",
        "apt",
        "libcartbase-nosuch-dev",
    ),
    # Yarn Berry: a range no version meets (Yarn 3 and 4), a name the registry does not hold (Yarn 4), no lockfile
    # under CI's --immutable
    ("yarn4_no_candidates.txt", "yarn install", "yarn", "cartbase"),
    ("yarn3_no_candidates.txt", "yarn install", "yarn", "cartbase"),
    ("yarn4_package_not_found.txt", "yarn install", "yarn", "cartbase-nosuch"),
    ("yarn4_ci_lockfile_absent.txt", "yarn install", "yarn", None),
]


@pytest.mark.parametrize(("name", "command", "tool", "package"), REFUSED)
def test_an_installer_refusing_a_package_for_the_runtime_is_a_dependency_failure(
    name: str, command: str, tool: str, package: str | None
) -> None:
    f = facts(name)
    assert f.category is Category.DEPENDENCY and f.tools == [tool]
    assert error(f, tool=tool, code=package)
    for retry in (False, True):
        framed = extract_facts(framing.travis_install(command, (DATA / name).read_text(), retry=retry))
        verdict = rule_verdict(framed)
        assert verdict.category is Category.DEPENDENCY and verdict.decided, verdict.reason
        assert framed.category_basis == "failing-step-records"


def test_a_gem_s_version_is_not_its_name() -> None:
    # RubyGems names the gem with its version (`json-1.8.3`); a name of several segments keeps them all
    for line, name in (
        ("\tjson-1.8.3 requires Ruby version >= 2.4. The current ruby version is 2.3.8.", "json"),
        ("Gem::InstallError: rails-html-sanitizer requires Ruby version >= 2.7.0.", "rails-html-sanitizer"),
        ("net-ssh-7.0.1 requires ruby version >= 2.6, which is incompatible with the current version", "net-ssh"),
    ):
        assert [e.code for e in extract_facts(line.encode() + b"\n").errors] == [name], line


def test_a_requirement_named_in_prose_is_no_record() -> None:
    # the words without the installer's shape: a changelog or a test's output quoting them
    for line in (
        b"Note: this release requires Python '>=3.8' from now on\n",
        b"  the gem requires Ruby version 2.5 or newer\n",
        b'warning cart-utils@2.0.0: The engine "node" is incompatible with this module.\n',
    ):
        assert not extract_facts(line).errors, line


def test_an_optional_package_yarn_skips_for_the_platform_is_no_failure() -> None:
    # Yarn 1 says the same words with `info` for an optional package it leaves out, and goes on (exit 0)
    assert not facts("yarn13_optional_platform_skipped.txt").errors


@pytest.mark.parametrize("name", ["pkg_resources_not_found.txt", "pkg_resources_version_conflict.txt"])
def test_a_console_script_whose_requirement_is_absent_or_another_version_is_a_dependency_failure(name: str) -> None:
    """setuptools 40's entry-point script (`load_entry_point`) with cartbase uninstalled, or at 4.0.0 where
    the package requires >=5: pkg_resources' exceptions end in neither Error nor Exception."""
    f = facts(name)
    assert f.category is Category.DEPENDENCY and f.tools == ["python"]
    assert error(f, tool="python", code="DistributionNotFound").message.startswith(
        "DistributionNotFound: The 'cartbase"
    )
    verdict = rule_verdict(extract_facts(framing.travis("shopcart", (DATA / name).read_text())))
    assert verdict.category is Category.DEPENDENCY and verdict.decided, verdict.reason


def test_the_project_s_own_distribution_not_installed_is_no_dependency_failure() -> None:
    # `get_distribution("shopcart")` in shopcart/__init__.py, the checkout not installed: the frame's path names it
    f = facts("pkg_resources_own_not_installed.txt")
    assert error(f, code="DistributionNotFound").category is not Category.DEPENDENCY
    assert not rule_verdict(f).decided


def test_a_package_apt_cannot_find_after_an_unreachable_update_is_the_network_s() -> None:
    # apt-get update could not resolve its mirror, so install finds no package: not the package's fault
    f = facts("apt26_update_eai_again_then_install.txt")
    assert error(f, tool="apt").category is Category.INFRA
    assert f.category is Category.INFRA


def test_a_script_whose_apt_get_update_found_no_index_is_a_dependency_failure() -> None:
    # a Python CI script runs `sudo apt-get update` with subprocess.check_call: apt's `E: Failed to fetch ...  404`
    # is the script's step's record, beside Python's CalledProcessError naming the command and its status 100
    text = (DATA / "apt26_update_404_python_check_call.txt").read_text()
    for frame in (framing.travis, framing.github_actions):
        f = extract_facts(frame("python ci_setup.py", text))
        assert error(f, tool="python", code="CalledProcessError")
        verdict = rule_verdict(f)
        assert verdict.category is Category.DEPENDENCY and verdict.decided, verdict.reason
        assert "apt: E: Failed to fetch" in verdict.reason


@pytest.mark.parametrize(
    "name", ["apt26_update_connection_refused.txt", "apt26_update_insecure_allowed.txt", "apt_update_unresolved.txt"]
)
def test_apt_s_warnings_on_an_update_that_exits_0_are_no_failure(name: str) -> None:
    # a source apt could not reach, or one not signed that the job allows: `W:` lines and exit 0, then a test
    # fails; the words are apt's warnings and name no dependency failure
    assert not [e for e in facts(name).errors if e.category is Category.DEPENDENCY]
    failing = (DATA / "bash_hugo_not_found.txt").read_text()
    log = framing.travis_commands(
        [("sudo apt-get update", (DATA / name).read_text(), 0), ("hugo version", failing, 127)]
    )
    assert rule_verdict(extract_facts(log)).category is not Category.DEPENDENCY


def test_apt_s_fetch_failures_that_are_the_network_s_are_no_dependency_record() -> None:
    # the same `E: Failed to fetch` words when apt did not reach its source, or the server failed: not the sources'
    for line in (
        "E: Failed to fetch http://archive.ubuntu.com/ubuntu/dists/jammy/InRelease  Temporary failure resolving "
        "'archive.ubuntu.com'",
        "E: Failed to fetch http://127.0.0.1:8799/debian/dists/bookworm/InRelease  Could not connect to "
        "127.0.0.1:8799 (127.0.0.1). - connect (111: Connection refused)",
        "E: Failed to fetch http://deb.debian.org/debian/dists/bookworm/main/binary-amd64/Packages  503  Service "
        "Unavailable [IP: 151.101.2.132 80]",
        "W: Failed to fetch http://deb.debian.org/debian/dists/bookworm/main/binary-i386/Packages  404  Not Found",
        "E: Failed to fetch http://ppa.launchpad.net/acme/ppa/ubuntu/dists/focal/InRelease  403  Forbidden [IP: 1.2.3.4 80]",
    ):
        assert not [e for e in extract_facts(line.encode() + b"\n").errors if e.tool == "apt"], line


@pytest.mark.parametrize(
    "name",
    [
        "apt26_update_release_not_valid_yet.txt",  # the Release dated after the machine's clock
        "apt26_update_hash_sum_mismatch.txt",  # an index whose bytes its Release's hashes do not match
        "apt26_update_unexpected_size.txt",  # ... nor its size (`Mirror sync in progress?`)
    ],
)
def test_an_apt_source_the_clock_or_a_mirror_s_sync_failed_is_infra_never_decided(name: str) -> None:
    # apt's update refused a source for the runner's clock or a mirror caught in mid-sync: a rerun, not the sources
    assert [(e.tool, e.category) for e in facts(name).errors] == [("apt", Category.INFRA)]
    verdict = rule_verdict(extract_facts(framing.travis_install("sudo apt-get update", (DATA / name).read_text())))
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason


def test_an_apt_get_whose_script_hid_all_its_output_names_dependency_without_deciding() -> None:
    # `> /dev/null 2>&1`: only the status (100: any error, a lock, the network, a package) and the command are left
    command = "sudo apt-get -qq install -y libcartbase-nosuch-dev > /dev/null 2>&1"
    verdict = rule_verdict(extract_facts(framing.travis_install(command, "", 100)))
    assert verdict.category is Category.DEPENDENCY and not verdict.decided, verdict.reason


@pytest.mark.parametrize(
    ("name", "frame"),
    [
        ("yarn4_dep_build_failed.txt", framing.travis_install),  # YN0009 alone: the log in a file
        ("yarn4_ci_dep_build_failed_inline.txt", framing.travis_install),  # the script's lines behind `STDERR `
        ("yarn3_ci_dep_build_failed_inline.txt", framing.travis_install),
        ("yarn4_gha_dep_build_failed.txt", framing.github_actions),  # YN0009 said twice, the log in a group
    ],
)
def test_yarn_berry_s_failed_build_of_a_registry_s_package_is_a_dependency_failure(
    name: str, frame: Callable[[str, str], bytes]
) -> None:
    """Yarn 3-4's `YN0009: │ cartnative@npm:1.2.0 couldn't be built successfully`: the package's install script
    found no prebuilt binary. Before: no record (the install command only: 0.29, undecided)."""
    [record] = [e for e in facts(name).errors if e.tool == "yarn"]
    assert (record.code, record.category) == ("dependency-script", Category.DEPENDENCY)
    assert record.message == "the lifecycle script of the dependency cartnative failed"
    verdict = rule_verdict(extract_facts(frame("yarn install", (DATA / name).read_text())))
    assert (verdict.category, verdict.decided) == (Category.DEPENDENCY, True), verdict.reason


@pytest.mark.parametrize(
    "name",
    [
        # node-gyp's build, g++'s error (read as the compiler's: tests/facts/test_borders.py): whose, the package's
        # or the toolchain's
        "yarn4_ci_dep_native_build_failed.txt",
        "yarn4_file_dep_build_failed.txt",  # a `file:` package in the project's own folder
        "yarn4_peer_incompatible.txt",  # YN0060, a peer of another version: a warning, the install went on
    ],
)
def test_yarn_berry_s_native_build_own_package_or_peer_warning_is_no_dependency_record(name: str) -> None:
    assert [e for e in facts(name).errors if e.category is Category.DEPENDENCY] == []
    verdict = rule_verdict(extract_facts(framing.travis_install("yarn install", (DATA / name).read_text())))
    assert not verdict.decided, verdict.reason


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("nose137_py27_import_error.txt", "nosetests"),
        ("pytest4_py27_import_error.txt", "py.test tests"),
        ("unittest_py27_import_error.txt", "python -m unittest discover -s tests -t ."),
    ],
)
def test_python_2_s_unquoted_missing_module_is_a_third_party_s(name: str, command: str) -> None:
    """Python 2.7's `ImportError: No module named cartbase` (no quotes, unlike Python 3) under nose 1.3.7,
    pytest 4.6 and unittest: read as the missing module it names, a third party's here."""
    verdict = rule_verdict(extract_facts(framing.travis(command, (DATA / name).read_text())))
    assert verdict.category is Category.DEPENDENCY and verdict.decided, verdict.reason
    assert "third-party module 'cartbase' is missing" in verdict.reason


def test_python_2_s_own_package_not_installed_is_not_sure() -> None:
    # tests importing `shopcart` from a checkout named shopcart whose src/ layout is not installed: decided
    # dependency before (the code table's ImportError), now the project's own module as Python 3's is
    f = extract_facts(framing.travis("py.test tests", (DATA / "pytest4_py27_own_not_installed.txt").read_text()))
    verdict = rule_verdict(f)
    assert not verdict.decided and "the project's own module was not found" in verdict.reason


def test_a_gem_a_spec_file_cannot_load_is_a_dependency_failure() -> None:
    """RSpec 3.12 loading two spec files whose library requires `cartbase` (not installed): `An error occurred
    while loading ./spec/cart_spec.rb. - Did you mean?`, `LoadError:` over `cannot load such file -- cartbase`."""
    f = facts("rspec3_load_error_gem.txt")
    assert error(f, tool="rspec", code="LoadError").message == "LoadError: cannot load such file -- cartbase"
    verdict = rule_verdict(
        extract_facts(framing.travis("bundle exec rspec", (DATA / "rspec3_load_error_gem.txt").read_text()))
    )
    assert verdict.category is Category.DEPENDENCY and verdict.decided, verdict.reason


def test_a_file_of_the_project_a_spec_cannot_load_is_not_a_gem() -> None:
    # lib/cartkit.rb requires "cartkit/taxes", which the project renamed: RSpec's frame below names lib/cartkit.rb
    f = facts("rspec3_load_error_own_file.txt")
    assert error(f, tool="rspec", code="LoadError").category is not Category.DEPENDENCY
    assert not rule_verdict(f).decided


@pytest.mark.parametrize("name", ["pip9_wheel_failed_installed_anyway.txt", "pip20_wheel_failed_installed_anyway.txt"])
def test_a_wheel_pip_could_not_build_but_installed_anyway_is_no_second_failure(name: str) -> None:
    """pip 9 and 20 fall back to `setup.py install` for a package whose wheel did not build, and install it:
    a Travis install step that passed, then a test step that failed is one failure, the tests'. (pip 9's
    unprefixed `Failed building wheel for legacycart` made it two steps' failures: abstain, 0.28.)"""
    install = (DATA / name).read_text()
    raw = framing.travis_commands(
        [("pip install -r requirements.txt", install, 0), ("pytest", (DATA / "pytest_failures.txt").read_text(), 1)]
    )
    verdict = rule_verdict(extract_facts(raw))
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason
    assert not [e for e in facts(name).errors if e.votes]


@pytest.mark.parametrize("install", ["npm6_install_new_lockfile.txt", "npm6_optional_addon_skipped.txt"])
@pytest.mark.parametrize("tests", ["mocha.txt", "jest.txt"])
def test_a_passing_npm_install_before_failing_tests_is_no_second_failure(install: str, tests: str) -> None:
    """A Travis job whose `npm install` (npm 6) passed, then whose `npm test` failed. npm 6 skipped an optional
    native addon whose g++ build failed (its errors read as build records: two steps' failures, abstain);
    npm's notice naming package-lock.json made a test's own `JSON.parse` SyntaxError that file's config
    error (abstain, config 0.40)."""
    raw = framing.travis_commands(
        [("npm install", (DATA / install).read_text(), 0), ("npm test", (DATA / tests).read_text(), 1)]
    )
    verdict = rule_verdict(extract_facts(raw))
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason


def test_an_optional_addon_npm_skipped_fails_nothing() -> None:
    f = facts("npm6_optional_addon_skipped.txt")
    assert error(f, tool="compiler").file == "node_modules/fastcart/src/binding.cc"
    assert not [e for e in f.errors if e.votes]
    # the same addon as a required dependency still fails the install (npm6_node_gyp_addon_error.txt)
    assert [e for e in facts("npm6_node_gyp_addon_error.txt").errors if e.votes]


@pytest.mark.parametrize(
    ("name", "script"),
    [
        ("npm3_dep_install_script_404.txt", "install"),
        ("npm6_dep_install_script_404.txt", "install"),
        ("npm10_dep_install_script_404.txt", "lifecycle"),  # npm 7 on does not say which script
    ],
)
def test_a_dependency_s_install_script_that_failed_is_a_dependency_failure(name: str, script: str) -> None:
    """A dependency's install script that found no prebuilt binary for this Node: npm 3-6's `Failed at the
    cartnative@1.2.0 install script.` under the script's header in node_modules, npm 10's `path .../node_modules/
    cartnative` and `command sh -c node install.js`. Before: a relay record of no kind, or none (keywords and
    the command only in a Travis install step: 0.29, undecided)."""
    f = facts(name)
    assert [(e.code, e.category) for e in f.errors if e.tool == "npm"] == [("dependency-script", Category.DEPENDENCY)]
    assert error(f, tool="npm").message == f"the {script} script of the dependency cartnative failed: node install.js"
    verdict = rule_verdict(extract_facts(framing.travis_install("npm install", (DATA / name).read_text())))
    assert (verdict.category, verdict.decided) == (Category.DEPENDENCY, True), verdict.reason


def test_yarn_1_s_failed_dependency_script_is_a_dependency_failure() -> None:
    """Yarn 1.3-1.22's `error /abs/node_modules/cartnative: Command failed.` over `Command: node install.js`: no signal
    before (a Travis install step: keywords and the command only, 0.29). In a real travis_retry job too."""
    for name in ("yarn13_dep_install_script_404.txt", "travis_retry_yarn122_dep_install_script_404.txt"):
        f = facts(name)
        [record] = [e for e in f.errors if e.tool == "yarn"]
        assert (record.code, record.category) == ("dependency-script", Category.DEPENDENCY)
        assert record.message == "the lifecycle script of the dependency cartnative failed: node install.js"
    framed = extract_facts(
        framing.travis_install("yarn install", (DATA / "yarn13_dep_install_script_404.txt").read_text())
    )
    verdict = rule_verdict(framed)
    assert (verdict.category, verdict.decided) == (Category.DEPENDENCY, True), verdict.reason


@pytest.mark.parametrize(
    ("name", "tool", "script", "command"),
    [
        # the package's postinstall runs a file its tarball does not hold (`files` left dist/ out): Node's `Cannot
        # find module '/abs/node_modules/cartboot/dist/postinstall.js'`. Before: npm 6 abstained bare (0.62, Node's
        # record of no category), pnpm had no record and no signal (0.29 in an install step).
        ("npm6_dep_postinstall_file_unpublished.txt", "npm", "postinstall", "node ./dist/postinstall.js"),
        ("npm11_dep_postinstall_file_unpublished.txt", "npm", "lifecycle", "node ./dist/postinstall.js"),
        ("pnpm10_dep_postinstall_file_unpublished.txt", "pnpm", "postinstall", "node ./dist/postinstall.js"),
        # the package's script requires a package it does not declare (`kleur`); npm 8 prints `sh -c -- ...`
        ("npm8_dep_postinstall_require_undeclared.txt", "npm", "lifecycle", "node scripts/postinstall.js"),
        ("pnpm9_dep_postinstall_require_undeclared.txt", "pnpm", "postinstall", "node scripts/postinstall.js"),
        ("yarn122_dep_postinstall_require_undeclared.txt", "yarn", "lifecycle", "node scripts/postinstall.js"),
        # node-gyp that stopped before it built (`gyp ERR! configure error`: Node's headers not downloadable offline).
        # Before: no record (a native build's, left to its compiler's errors, which never came): 0.29 undecided.
        ("npm8_dep_node_gyp_headers_offline.txt", "npm", "lifecycle", "node-gyp rebuild"),
        ("npm11_dep_node_gyp_headers_offline.txt", "npm", "lifecycle", "node-gyp rebuild"),
    ],
)
def test_a_dependency_s_install_script_that_did_not_run_through_is_a_dependency_failure(
    name: str, tool: str, script: str, command: str
) -> None:
    f = facts(name)
    [record] = [e for e in f.errors if e.code == "dependency-script"]
    assert (record.tool, record.category) == (tool, Category.DEPENDENCY)
    package = "cartgyp" if "gyp" in name else "cartboot" if "unpublished" in name else "cartlink"
    assert record.message == f"the {script} script of the dependency {package} failed: {command}"
    assert all(e.category is Category.DEPENDENCY for e in f.errors if e.votes), f.errors
    installer = {"npm": "npm install", "pnpm": "pnpm install", "yarn": "yarn install"}[tool]
    for framed in (f, extract_facts(framing.travis_install(installer, (DATA / name).read_text()))):
        verdict = rule_verdict(framed)
        assert (verdict.category, verdict.decided) == (Category.DEPENDENCY, True), verdict.reason


def test_npm_6_s_node_gyp_that_threw_under_node_20_before_it_built_is_a_dependency_failure() -> None:
    """npm 6's own node-gyp 5.1 under Node 20 (`gyp ERR! UNCAUGHT EXCEPTION`, `TypeError: Cannot assign to read only
    property 'cflags'`): nothing compiled, the package did not install, as after `gyp ERR! configure error`. Before:
    npm's script record of no kind (0.29 in an install step, undecided)."""
    name = "npm6_dep_node_gyp5_crash_node20.txt"
    [record] = [e for e in facts(name).errors if e.votes]
    assert (record.code, record.category) == ("dependency-script", Category.DEPENDENCY)
    assert record.message == "the install script of the dependency cartgyp failed: node-gyp rebuild"
    for frame in (framing.travis_install, framing.github_actions):
        verdict = rule_verdict(extract_facts(frame("npm ci", (DATA / name).read_text())))
        assert (verdict.category, verdict.decided) == (Category.DEPENDENCY, True), verdict.reason


def test_the_project_s_own_script_missing_its_own_module_is_the_build_s() -> None:
    """The control: `npm run build` whose script requires `../src/pricing`, a file of the project's own source."""
    verdict = rule_verdict(
        extract_facts(framing.travis("npm run build", (DATA / "npm11_own_build_module_missing.txt").read_text()))
    )
    assert (verdict.category, verdict.decided) == (Category.BUILD, True), verdict.reason


@pytest.mark.parametrize(
    "name",
    [
        # the project's own postinstall (its header names the project's folder, not node_modules)
        "pnpm9_own_postinstall_module_missing.txt",  # pnpm 9 names the root's by npm's header too
        "npm6_own_postinstall_failed.txt",
        "npm10_own_postinstall_failed.txt",
        # a package of the project's own tree: a `file:../dep` folder, a workspace (npm 11 names its folder, not
        # node_modules; a packed `file:vendor/dep-1.0.0.tgz` is installed into node_modules like any dependency)
        "npm11_local_file_dep_postinstall_failed.txt",
        "npm11_workspace_postinstall_failed.txt",
        # a dependency's script that built its addon with node-gyp (node-sass's `node scripts/build.js` way):
        # g++'s errors in the installed code decide, as under `node-gyp rebuild` (tests/facts/test_borders.py)
        "npm6_dep_script_builds_addon.txt",
        "npm10_dep_script_builds_addon.txt",
        "yarn122_dep_script_builds_addon.txt",  # Yarn's `Command: node scripts/build.js`, node-gyp's lines below
        "pnpm9_dep_script_builds_addon.txt",  # `.../node_modules/cartgypbad install$ node-gyp rebuild`, g++'s error
    ],
)
def test_the_project_s_own_script_or_a_dependency_s_native_build_is_no_dependency_script_record(name: str) -> None:
    assert [e for e in facts(name).errors if e.code == "dependency-script"] == []
    verdict = rule_verdict(extract_facts(framing.travis_install("npm install", (DATA / name).read_text())))
    assert not verdict.decided, verdict.reason


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("nuget287_restore_not_found.txt", "nuget restore CsCart.sln"),
        ("nuget287_install_not_found.txt", "nuget install Cart.Base -OutputDirectory packages"),
    ],
)
def test_a_package_nuget_s_sources_do_not_hold_is_a_dependency_failure(name: str, command: str) -> None:
    """NuGet 2.8's one line (`Unable to find version '1.2.0' of package 'Cart.Base'.`): no signal before, and
    `nuget restore` was no known command."""
    f = facts(name)
    assert [(e.tool, e.code, e.category) for e in f.errors] == [("nuget", "Cart.Base", Category.DEPENDENCY)]
    for facts_ in (f, extract_facts(framing.travis_install(command, (DATA / name).read_text()))):
        verdict = rule_verdict(facts_)
        assert (verdict.category, verdict.decided) == (Category.DEPENDENCY, True), verdict.reason
    assert rule_verdict(f, command).decided


def test_pip_19_s_errored_out_setup_py_of_a_fetched_package_is_a_dependency_failure() -> None:
    """pip 19.2-20: `ERROR: Command errored out with exit status 1: python setup.py egg_info Check the logs for full
    command output.` under the subprocess's `cwd: /tmp/pip-install-x/beta/` (pip 8-18's `Command "..." failed with
    error code 1 in .../beta/` is read the same). Before: the setup.py's RuntimeError alone, a record of no kind
    (command only in a Travis install step, 0.29)."""
    f = facts("pip19_egg_info_errored_out.txt")
    assert [(e.code, e.category) for e in f.errors if e.tool == "pip"] == [("beta", Category.DEPENDENCY)]
    raw = framing.travis_install(
        "pip install -r requirements.txt", (DATA / "pip19_egg_info_errored_out.txt").read_text()
    )
    verdict = rule_verdict(extract_facts(raw))
    assert (verdict.category, verdict.decided) == (Category.DEPENDENCY, True), verdict.reason
    # the project's own setup.py (`pip install .`, run in /tmp/pip-req-build-x/): no dependency's failure
    assert [e for e in facts("pip19_own_egg_info_errored_out.txt").errors if e.tool == "pip"] == []
