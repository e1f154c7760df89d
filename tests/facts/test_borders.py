"""Borders between categories where the rules decide alone: the same finding read alike whatever form
its tool prints, and what the user expects of each kind (real tool output, tests/facts/data/README.md,
"Category borders")."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.models import Category, Facts
from remediate.triage import rule_verdict
from remediate.triage.verdict import INSTALLED_CODE, NATIVE
from tests.facts import framing
from tests.facts.samples import DATA, facts

FRAMES: list[Callable[..., bytes]] = [framing.travis, framing.github_actions]


def framed(frame: Callable[..., bytes], command: str, sample: str, code: int = 1) -> Facts:
    return extract_facts(frame(command, (DATA / sample).read_text(), code))


@pytest.mark.parametrize("frame", FRAMES)
@pytest.mark.parametrize(
    ("sample", "command"),
    [("yamllint_syntax_standard.txt", "yamllint ."), ("yamllint_syntax_parsable.txt", "yamllint -f parsable .")],
)
def test_a_yaml_file_that_does_not_parse_is_yamllint_s_finding_in_either_format(
    frame: Callable[..., bytes], sample: str, command: str
) -> None:
    # One record per row (the standard format's rows were read twice, as config and as lint), lint in both
    # formats: a linter asked to check the file reports that it does not parse as its finding (the sixteenth
    # round's border: before, config, and the step's command said lint); the warnings above them fail nothing.
    f = framed(frame, command, sample)
    assert [(e.file, e.line, e.code, e.category) for e in f.errors] == [
        (".github/workflows/ci.yml", 9, "syntax", Category.LINT),
        ("_data/nav.yml", 6, "syntax", Category.LINT),
    ]
    verdict = rule_verdict(f)
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason


@pytest.mark.parametrize("frame", FRAMES)
def test_yamllints_style_findings_under_pre_commit_are_lint(frame: Callable[..., bytes]) -> None:
    # pre-commit's yamllint hook failed on `too many spaces after colon`: the file parses and loads, so
    # the configuration specialist (files that do not parse or load) has nothing to do; it was config.
    f = framed(frame, "pre-commit run --all-files", "pre_commit_yamllint_style.txt")
    assert {(e.tool, e.category) for e in f.errors} == {("pre-commit", Category.LINT), ("yamllint", Category.LINT)}
    verdict = rule_verdict(f)
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason


@pytest.mark.parametrize("frame", FRAMES)
def test_a_yaml_file_that_does_not_parse_under_pre_commit_is_config(frame: Callable[..., bytes]) -> None:
    # check-yaml's hook prints the loader's own exception (PyYAML's `while parsing a block mapping ... in
    # "_data/nav.yml"`): config, as any program's failure to load a file; yamllint's `syntax` row beside it is
    # a linter's finding (lint), outweighed.
    f = framed(frame, "pre-commit run --all-files", "pre_commit_yaml_syntax.txt")
    assert [(e.tool, e.code, e.category) for e in f.errors if e.code in ("check-yaml", "syntax")] == [
        ("pre-commit", "check-yaml", Category.CONFIG),
        ("yamllint", "syntax", Category.LINT),
    ]
    verdict = rule_verdict(f)
    assert verdict.category is Category.CONFIG and verdict.decided, verdict.reason


@pytest.mark.parametrize("frame", FRAMES)
def test_a_registry_document_cut_short_is_no_config_file_even_beside_one(frame: Callable[..., bytes]) -> None:
    # npm 6 on Node 10 when a registry answer (or a cache entry) is cut short: `while parsing near` and no
    # `file` line. A settings file a step copied just before is not the document that failed: the rules
    # did decide config from it (the first config path anywhere in the log); now they abstain.
    npm = (DATA / "npm6_node10_registry_truncated.txt").read_text()
    copy = ("cp config/settings.example.json config/settings.json", "", 0)
    if frame is framing.travis:
        log = framing.travis_commands([copy, ("npm install", npm, 1)])
    else:
        log = frame("cp config/settings.example.json config/settings.json && npm install", npm)
    verdict = rule_verdict(extract_facts(log))
    assert not verdict.decided and verdict.category is not Category.CONFIG, verdict.reason
    assert "a configuration file does not parse" in {s.reason.split(" (")[0] for s in verdict.signals}


@pytest.mark.parametrize("frame", FRAMES)
@pytest.mark.parametrize("sample", ["npm6_node10_ejsonparse.txt", "npm11_ejsonparse.txt"])
def test_the_projects_package_json_that_does_not_parse_is_config(frame: Callable[..., bytes], sample: str) -> None:
    verdict = rule_verdict(framed(frame, "npm install", sample))
    assert verdict.category is Category.CONFIG and verdict.decided, verdict.reason
    assert "package.json does not parse" in verdict.reason


def test_a_command_not_found_after_a_download_that_reached_no_server_is_not_decided_config(tmp_path: Path) -> None:
    # `curl -sSL URL | sh` exits 0 on a refused connection (sh runs an empty script); the tool it was to
    # install is then not found (127). Without the refused download, 127 still decides config once the source's
    # manifests say no dependency installs `hugo`; with no source read it may be either (test_missing_commands.py).
    curl, missing = (
        (DATA / "curl_refused_piped_to_sh.txt").read_text(),
        (DATA / "bash_hugo_not_found.txt").read_text(),
    )
    install = ("curl -sSL http://127.0.0.1:9/install.sh | sh", curl, 0)
    unfetched = rule_verdict(extract_facts(framing.travis_commands([install, ("hugo version", missing, 127)])))
    assert unfetched.category is Category.INFRA and not unfetched.decided, unfetched.reason
    assert any(s.name == "pattern:shell-exit" and s.discounted for s in unfetched.signals)
    alone = rule_verdict(extract_facts(framing.travis_commands([("hugo version", missing, 127)]), source=tmp_path))
    assert alone.category is Category.CONFIG and alone.decided, alone.reason


@pytest.mark.parametrize("sample", ["net_curl_fail_503.txt", "net_curl_fail_429.txt"])
def test_a_command_not_found_after_a_download_a_server_refused_with_a_5xx_is_not_decided_config(sample: str) -> None:
    # `curl -fsSL URL | bash` exits 0 when the server answers 503 or 429 (bash runs an empty script): the same
    # border with libcurl's `The requested URL returned error: N` (decided config 0.94 before it was read)
    install = ("curl -fsSL http://127.0.0.1:18950/install.sh | bash", (DATA / sample).read_text(), 0)
    missing = ("hugo --minify", (DATA / "bash_hugo_not_found.txt").read_text(), 127)
    verdict = rule_verdict(extract_facts(framing.travis_commands([install, missing])))
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason
    assert any(s.name == "pattern:shell-exit" and s.discounted for s in verdict.signals)


def test_a_whole_travis_job_whose_install_download_got_a_503_is_not_decided_config() -> None:
    # travis-build 2018's own bash functions: the install command exits 0, the script's `hugo` is not found
    facts = extract_facts((DATA / "travis2018_curl_503_then_command_not_found.txt").read_bytes())
    assert facts.exit_code == 127
    verdict = rule_verdict(facts)
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason
    assert "The requested URL returned error: 503" in verdict.reason


def test_a_download_piped_into_a_json_reader_that_does_not_parse_is_not_decided_config() -> None:
    # travis-build 2018's bash functions: `curl -s URL | python3 -c "...json.load(sys.stdin)..."` whose server
    # answered 503 with an HTML page (curl -s prints nothing of it): Python's `Expecting value: line 1 column 1
    # (char 0)` is the answer's, not a configuration file's (decided config 0.995 before)
    facts = extract_facts((DATA / "travis2018_curl_503_into_json_load.txt").read_bytes())
    assert facts.failed_line and facts.failed_line.startswith("curl -s http://")
    verdict = rule_verdict(facts)
    assert not verdict.decided, verdict.reason
    assert all(s.discounted for s in verdict.signals if s.category is Category.CONFIG)
    # the same reader on the project's own settings file that does not parse: config, decided
    own = rule_verdict(extract_facts((DATA / "travis2018_json_load_settings_file.txt").read_bytes()))
    assert own.category is Category.CONFIG and own.decided, own.reason
    assert "config/settings.json does not parse" in own.reason


@pytest.mark.parametrize("frame", FRAMES)
def test_tsc_failing_on_installed_declarations_is_not_decided_build(frame: Callable[..., bytes]) -> None:
    # TypeScript 2.4 on @types/node 10: syntax errors (TS1xxx, build records) in node_modules only. The
    # project's code is not what fails: a dependency's or the compiler's version is; the rules abstain
    # (they decided build at 0.83). A project's own syntax error still decides build.
    f = framed(frame, "tsc -p .", "tsc24_types_node10.txt", 2)
    assert {e.category for e in f.errors} == {Category.BUILD}
    assert all(e.file and e.file.startswith("node_modules/@types/node/") for e in f.errors)
    verdict = rule_verdict(f)
    assert verdict.category is Category.BUILD and not verdict.decided, verdict.reason
    assert INSTALLED_CODE in verdict.reason
    own = framed(frame, "tsc -p .", "tsc_syntax.txt", 2)
    assert rule_verdict(own).decided and rule_verdict(own).category is Category.BUILD


@pytest.mark.parametrize("frame", FRAMES)
@pytest.mark.parametrize("command", ["yarn", "travis_retry yarn --frozen-lockfile", "npm i", "npm install"])
@pytest.mark.parametrize(
    ("sample", "source"),
    [
        ("npm6_node_gyp_addon_error.txt", "node_modules/fastcart/src/binding.cc"),
        # npm 7 on: the script's output behind `npm ERR! ` / `npm error `, make's `Entering directory` closed
        # before the compiler's error (stdout first): the path is node-gyp's build folder's (`gyp ERR! cwd`)
        ("npm8_node_gyp_addon_error.txt", "node_modules/cartaddon/src/cart.cc"),
        ("npm10_node_gyp_addon_error.txt", "node_modules/cartaddon/src/cart.cc"),
        # Yarn 4 on CI: the build's lines behind `➤ YN0000: │ cartgyp@npm:1.0.0 STDERR ` (read without it), make's
        # `Entering directory` absolute. Before: no compiler record (YN0009's only, left alone as a native build)
        ("yarn4_ci_dep_native_build_failed.txt", "/tmp/framing-yarn/gyp/node_modules/cartgyp/src/cart.cc"),
    ],
)
def test_an_addon_that_does_not_compile_during_an_install_is_not_decided_build(
    frame: Callable[..., bytes], command: str, sample: str, source: str
) -> None:
    # node-gyp's g++ error in node_modules/fastcart during the install step: bare `yarn` (Travis' install
    # step where a yarn.lock is) and `npm i` are installs like `npm install`, so the install competes with
    # the compiler's records and the rules abstain (with `yarn` or `npm i` they decided build at 0.88).
    f = framed(frame, command, sample)
    assert [(e.file, e.category) for e in f.errors if e.tool == "compiler"] == [(source, Category.BUILD)]
    verdict = rule_verdict(f)
    assert not verdict.decided, verdict.reason
    assert Category.DEPENDENCY in {s.category for s in verdict.signals if s.kind == "command"}


@pytest.mark.parametrize("frame", FRAMES)
@pytest.mark.parametrize("pip", ["pip9", "pip23"])
def test_the_projects_own_c_extension_that_does_not_compile_under_pip_is_a_build_failure(
    frame: Callable[..., bytes], pip: str
) -> None:
    # pip indents its build subprocess's output (4 spaces in pip 9, 6 in pip 21 on): gcc's error was not
    # read, and pip 23's `Could not build wheels for shopfast` decided dependency (0.91). The project's own
    # package (built, never `Collecting`) is the build's failure; `pip install .` builds it.
    f = framed(frame, "pip install .", f"{pip}_own_c_extension.txt")
    assert [(e.tool, e.file, e.line, e.category) for e in f.errors if e.votes] == [
        ("compiler", "shopfast/_speed.c", 7, Category.BUILD)
    ]
    verdict = rule_verdict(f)
    assert verdict.category is Category.BUILD and verdict.decided, verdict.reason


# (sample, the command that ran pip, the compiler's or linker's line read, why nothing decides)
FETCHED_BUILDS = [
    (
        "pip9_fetched_c_extension.txt",
        "pip install -r requirements.txt",
        "shopfast/_speed.c:7:34: error: expected ‘;’ before ‘}’ token",
        INSTALLED_CODE,
    ),
    (
        "pip20_fetched_c_extension.txt",
        "pip install -r requirements.txt",
        "sumcart/_sum.c:6:34: error: expected ‘;’ before ‘}’ token",
        INSTALLED_CODE,
    ),
    (
        "pip23_fetched_c_extension.txt",
        "pip install -r requirements.txt",
        "shopfast/_speed.c:7:34: error: expected ‘;’ before ‘}’ token",
        INSTALLED_CODE,
    ),
    (
        "make43_deps_pip_wheel_build_failed.txt",
        "make deps",
        "fastcart/_speedups.c:20:19: error: lvalue required as left operand of assignment",
        INSTALLED_CODE,
    ),
    (
        "pip23_fetched_missing_header.txt",
        "pip install -r requirements.txt",
        "pgcart/_pq.c:2:10: fatal error: libpq-fe.h: No such file or directory",
        NATIVE,
    ),
    (
        "pip23_fetched_missing_library.txt",
        "make deps",
        "/usr/bin/ld: cannot find -lcarttax: No such file or directory",
        NATIVE,
    ),
]


@pytest.mark.parametrize(("sample", "command", "said", "unsure"), FETCHED_BUILDS)
def test_a_fetched_packages_native_build_that_fails_is_named_and_not_decided(
    sample: str, command: str, said: str, unsure: str
) -> None:
    # pip building a downloaded sdist whose C code does not compile, or whose system header or library is absent:
    # not the project's build, and not plainly a dependency's version either (a -dev package, a version with a
    # wheel, the compiler's). The compiler's line is read whole with no file (the sdist's path is not the
    # project's), and pip's verdict on the package is shown, not evidence. Before, pip's verdict decided
    # dependency (0.86-0.91) and the compiler's line was never read; under `make deps` too.
    f = framed(framing.travis, command, sample)
    assert [(e.file, e.message, e.category) for e in f.errors if e.tool == "compiler"] == [(None, said, Category.BUILD)]
    assert not [e for e in f.errors if e.tool == "pip" and e.votes]
    verdict = rule_verdict(f)
    assert not verdict.decided and unsure in verdict.reason, verdict.reason


@pytest.mark.parametrize(
    ("sample", "file"),
    [
        ("go119_cgo_local_module_c_error.txt", "cgotax/tax.go"),
        ("go119_cgo_fetched_module_c_error.txt", "../../../go/pkg/mod/example.com/cgotax@v1.0.0/tax.go"),
    ],
)
def test_a_go_packages_c_code_that_does_not_compile_under_go_build_is_build_local_or_fetched(
    sample: str, file: str
) -> None:
    # cgo's gcc error under `go build`: in a module of the project's own tree (`replace => ./cgotax`) it is the
    # project's build. In one go fetched into its module cache it is a third party's code, still read as the build
    # failing, unlike pip's sdist (above): the command is the build, not an installer, and LogChunks' dev half labels
    # a registry crate's failing build compile_build (8 logs). Kept as found, with the place as gcc printed it.
    f = framed(framing.travis, "go build ./...", sample)
    assert [e.file for e in f.errors if e.category is Category.BUILD] == [file]
    verdict = rule_verdict(f)
    assert verdict.decided and verdict.category is Category.BUILD, verdict.reason


def test_pipenv_2018_says_the_same_of_an_unreachable_index_and_of_a_package_it_lacks() -> None:
    # pipenv hides pip's retries: nothing tells a refused index (infra) from one without the package
    # (dependency), so the rules read both alike (dependency, right for the second). Kept as found.
    refused, absent = (
        extract_facts(framing.travis("pipenv install", (DATA / f"pipenv2018_{name}.txt").read_text()))
        for name in ("index_refused", "package_absent")
    )
    assert [e.message for e in refused.errors] == [e.message for e in absent.errors]
    assert rule_verdict(refused).category is rule_verdict(absent).category is Category.DEPENDENCY


@pytest.mark.parametrize("frame", FRAMES)
@pytest.mark.parametrize("command", ["grunt lint", "npm run lint"])
def test_a_grunt_task_whose_plugin_is_not_installed_is_no_undefined_task(
    frame: Callable[..., bytes], command: str
) -> None:
    # The Gruntfile defines `jshint` through grunt-contrib-jshint, which is not installed: Grunt says the
    # module is not found, then that the task is not found. The rules decided config at 0.99 ("the CI asked
    # grunt for 'jshint', which the project does not define"); the missing plugin is a third party's module
    # a loader did not find, which decides dependency as node's `Cannot find module` does.
    f = framed(frame, command, "grunt_plugin_not_installed.txt", 3)
    assert [(e.code, e.category, e.votes) for e in f.errors] == [
        ("plugin-not-found", Category.DEPENDENCY, True),
        ("task-failed", Category.CONFIG, False),
    ]
    verdict = rule_verdict(f)
    assert verdict.category is Category.DEPENDENCY and verdict.decided, verdict.reason
    assert not any(s.name == "pattern:missing-task" for s in verdict.signals)


def test_a_grunt_task_the_gruntfile_does_not_define_is_still_config() -> None:
    # the same Grunt verdict with no plugin missing above it
    out = 'Warning: Task "jshint" not found. Use --force to continue.\n\nAborted due to warnings.\n'
    verdict = rule_verdict(extract_facts(framing.travis("grunt lint", out, 3)))
    assert verdict.category is Category.CONFIG and verdict.decided, verdict.reason


def test_a_command_not_found_after_apt_could_not_resolve_its_mirror_is_not_decided_config() -> None:
    # apt-get update exits 0 when its mirror's name does not resolve; the tool it was to bring is then
    # not found (127). apt's `Could not resolve 'host'` is a client that did not reach its server.
    apt, missing = (DATA / "apt_update_unresolved.txt").read_text(), (DATA / "bash_hugo_not_found.txt").read_text()
    log = framing.travis_commands([("sudo apt-get update -qq", apt, 0), ("hugo version", missing, 127)])
    verdict = rule_verdict(extract_facts(log))
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason


@pytest.mark.parametrize("frame", FRAMES)
def test_vets_findings_that_fail_go_tests_build_are_a_build_failure(frame: Callable[..., bytes]) -> None:
    # go test runs vet before it builds the test binary: `FAIL pkg [build failed]`. The rules decided lint
    # (0.88); the tests cannot build until the code changes (the build specialist names go vet).
    f = framed(frame, "go test ./...", "go119_test_vet_build_failed.txt", 2)
    assert [(e.tool, e.category) for e in f.errors] == [("vet", Category.BUILD), ("vet", Category.BUILD)]
    verdict = rule_verdict(f)
    assert verdict.category is Category.BUILD and verdict.decided, verdict.reason
    # go vet run on its own is the linter the user ran
    alone = rule_verdict(framed(frame, "go vet ./...", "go119_vet.txt", 2))
    assert alone.category is Category.LINT and alone.decided, alone.reason


@pytest.mark.parametrize(
    "sample",
    ["rubygems_native_ext_compile.txt", "rubygems_native_ext_library.txt", "rubygems_native_ext_no_ruby_dev.txt"],
)
def test_rubygems_own_errors_are_not_a_database_s(sample: str) -> None:
    # RubyGems prints `ERROR:  Error installing ./cartext-0.1.0.gem:` in psql's shape (two spaces): it was
    # read as PostgreSQL's error and decided sql at 0.88
    f = facts(sample)
    assert not any(e.tool == "postgres" for e in f.errors)
    assert rule_verdict(f).category is not Category.SQL


@pytest.mark.parametrize("frame", FRAMES)
@pytest.mark.parametrize(
    ("command", "sample"),
    [
        ("gem install cartext", "rubygems_native_ext_compile.txt"),
        ("bundle install --jobs=3 --retry=3", "bundler23_native_ext_compile.txt"),
    ],
)
def test_a_gem_s_extension_that_does_not_compile_during_an_install_is_not_decided_build(
    frame: Callable[..., bytes], command: str, sample: str
) -> None:
    # gcc's error in a gem's extension while `gem install` (now a dependency command, as `bundle install`)
    # or Bundler installs it: the install competes with the compiler's record and the rules abstain, as
    # for node-gyp's addons (`gem install` decided build at 0.88)
    f = framed(frame, command, sample)
    assert [(e.tool, e.file, e.line) for e in f.errors] == [("compiler", "cartext.c", 2)]
    verdict = rule_verdict(f)
    assert not verdict.decided, verdict.reason
    assert Category.DEPENDENCY in {s.category for s in verdict.signals if s.kind == "command"}
