"""Real tool output wrapped in each CI's log shape: the CI's failing step, its whole command block,
the command that failed and the exit code are read, and the records and excerpt are those of the
bare output, with paths relative to the repository wherever the runner checked it out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.facts.ci import detect
from remediate.facts.paths import repo_relative
from remediate.facts.reader import LogSource
from remediate.facts.redact import Redactor
from remediate.facts.scan import scan
from remediate.facts.view import build_view
from remediate.models import Category
from tests.facts import framing

DATA = Path(__file__).parent / "data"
# (sample, command, workspace the tool ran in (its paths are under it), a record's repo path, excerpt text)
SAMPLES = [
    ("mypy.txt", "mypy --strict --no-incremental pkg", None, "pkg/calc.py", "Incompatible return value type"),
    ("vitest.txt", "npx vitest run vtest", None, "vtest/cart.test.js", "expected 3 to be 4"),
    ("eslint_workspace_color.txt", "npx eslint --color src", "/home/runner/work/web/web/", "src/cart.js", "no-undef"),
    ("gtest.txt", "./build/calc_test", "/home/runner/work/cpp/cpp/", "tests/calc_test.cpp", "Which is: -1"),
    ("catch2.txt", "./calc_test", "/home/runner/work/catch/catch/", "tests/calc_test.cpp", "with expansion:"),
    ("clang_tidy.txt", "clang-tidy src/util.cpp", "/home/runner/work/lint/lint/", "src/util.cpp", "loop-convert"),
    ("cppcheck.txt", "cppcheck --error-exitcode=1 src", None, "src/buf.c", "arrayIndexOutOfBounds"),
    ("mcs.txt", "mcs src/Program.cs", None, "src/Program.cs", "error CS0029"),
]
# CI -> (framing, the workspace it checks the repository out to)
SHAPES: dict[str, tuple[Callable[..., bytes], str]] = {
    "github-actions": (framing.github_actions, "/home/runner/work/web/web/"),
    # The runner after setup-node / setup-python / setup-go: their problem matchers' lines rewritten.
    "github-actions-runner": (
        lambda command, output: framing.github_runner(command, output, framing.SETUP_MATCHERS),
        "/home/runner/work/web/web/",
    ),
    "gitlab": (framing.gitlab, "/builds/group/web/"),
    "jenkins": (framing.jenkins, "/var/lib/jenkins/workspace/web/"),
    "travis": (framing.travis, "/home/travis/build/org/web/"),
    "azure": (framing.azure, "/home/vsts/work/1/s/"),
    "circleci": (framing.circleci, "/home/circleci/project/"),
    "buildkite": (framing.buildkite, "/var/lib/buildkite-agent/builds/agent-1/org/web/"),
    # A log saved on Windows, or a tool writing CRLF: every line ends `\r\n`.
    "github-actions-crlf": (
        lambda command, output: framing.github_actions(command, output).replace(b"\n", b"\r\n"),
        "/home/runner/work/web/web/",
    ),
}


def _ci(raw: bytes) -> str:
    with LogSource(raw) as src:
        scanned = scan(src)
        view = build_view(src, scanned, Redactor(()))
    return detect(view, scanned).ci


@pytest.mark.parametrize("ci", sorted(SHAPES))
@pytest.mark.parametrize(("sample", "command", "workspace", "path", "shown"), SAMPLES)
def test_each_ci_shape_keeps_the_step_command_records_and_excerpt(
    ci: str, sample: str, command: str, workspace: str | None, path: str, shown: str
) -> None:
    wrap, root = SHAPES[ci]
    output = (DATA / sample).read_text()
    if workspace:
        output = output.replace(workspace, root)
    raw = wrap(command, output)
    f = extract_facts(raw)
    assert _ci(raw) == ci.removesuffix("-crlf").removesuffix("-runner")
    assert f.exit_code == 1
    assert f.failed_line == command
    assert command in (f.failing_command or "")
    assert path in [e.file for e in f.errors] + [t.file for t in f.failing_tests]
    assert not [e.file for e in f.errors if e.file and e.file.startswith("/")]
    assert shown in f.excerpt
    bare = extract_facts(output.encode())
    assert [(e.tool, e.line, e.code, e.message) for e in f.errors] == [
        (e.tool, e.line, e.code, e.message) for e in bare.errors
    ]


def test_azure_names_the_step_and_keeps_the_inline_script_whole() -> None:
    script = "set -e\npython -m pip install .\nmypy --strict --no-incremental pkg"
    f = extract_facts(framing.azure(script, (DATA / "mypy.txt").read_text()))
    assert f.failing_step == "Run tests"
    assert f.failing_command == script
    assert f.failed_line is None  # several commands and no trace: unknown rather than wrong
    assert "##[error]Bash exited with code '1'." in f.excerpt


def test_an_azure_task_without_a_script_names_the_command_it_ran() -> None:
    lines = [
        "##[section]Starting: npm test",
        "Task         : npm",
        "[command]/usr/local/bin/npm run test",
        "npm ERR! code ELIFECYCLE",
        "##[error]The process '/usr/local/bin/npm' failed with exit code 1",
        "##[section]Finishing: npm test",
    ]
    f = extract_facts(("\n".join(lines) + "\n").encode())
    assert f.failing_step == "npm test"
    assert f.failing_command == "/usr/local/bin/npm run test" and f.exit_code == 1


def test_a_jenkins_trace_is_not_confused_with_diff_output() -> None:
    # vitest and jest print `- Expected` / `+ Received`; cargo fmt and git print whole diffs.
    out = (DATA / "vitest.txt").read_text() + "Diff in src/lib.rs:1:\n-fn a() {}\n+fn a() {\n+    b()\n+}\n"
    f = extract_facts(framing.jenkins("npx vitest run", out))
    assert f.failing_command == "npx vitest run" and f.failed_line == "npx vitest run"


@pytest.mark.parametrize(
    "path",
    [
        "/var/lib/jenkins/workspace/shop/src/a.py",
        "/var/jenkins_home/workspace/shop@2/src/a.py",
        "/home/jenkins/agent/workspace/shop_main/src/a.py",
    ],
)
def test_jenkins_default_workspaces(path: str) -> None:
    assert repo_relative(path) == "src/a.py"


@pytest.mark.parametrize(
    ("sample", "command", "posix", "expected"),
    [
        ("mypy.txt", "mypy --strict pkg", "pkg/calc.py", "pkg/calc.py"),
        ("go_build.txt", "go build ./...", "calc/calc.go", "calc/calc.go"),
        ("cargo_build.txt", "cargo build", "src/main.rs", "src/main.rs"),
        ("tsc.txt", "npx tsc -p .", "src/app.ts", "src/app.ts"),
        ("prettier_l_bare.txt", "npx prettier -l src", "src/cart.js", "src/cart.js"),
        ("eslint_workspace_color.txt", "npx eslint src", "/home/runner/work/web/web/src/cart.js", "src/cart.js"),
        ("jest.txt", "npx jest", "lib/sum.test.js", "lib/sum.test.js"),  # its stack frames
    ],
)
def test_a_windows_runner_s_backslash_paths_become_repository_paths(
    sample: str, command: str, posix: str, expected: str
) -> None:
    # Tools on Windows print native paths: relative `src\main.rs`, absolute under `D:\a\REPO\REPO\`.
    native = posix.replace("/home/runner/work/web/web/", "D:\\a\\web\\web\\").replace("/", "\\")
    output = (DATA / sample).read_text().replace(posix, native)
    assert native in output
    f = extract_facts(framing.github_actions(command, output))
    assert expected in [e.file for e in f.errors]
    assert not [e.file for e in f.errors if e.file and ("\\" in e.file or ":" in e.file)]


def test_a_gitlab_shell_executor_says_exit_status() -> None:
    raw = framing.gitlab("make test", "E   assert 1 == 2\n").replace(b"exit code 1", b"exit status 1")
    f = extract_facts(raw)
    assert f.exit_code == 1 and f.failed_line == "make test"


@pytest.mark.parametrize("ci", sorted(SHAPES))
def test_a_tool_s_own_time_stamp_behind_the_ci_s_is_stripped_too(ci: str) -> None:
    # dbt stamps every line `10:19:14  `; GitHub and Azure stamp it again in front.
    wrap, _root = SHAPES[ci]
    f = extract_facts(wrap("dbt build --profiles-dir .", (DATA / "dbt_build_binder_color.txt").read_text()))
    assert "dbt" in f.tools and f.category is Category.SQL
    assert ("dbt", "models/marts/customer_orders.sql") in [(e.tool, e.file) for e in f.errors]
    assert "10:19:14" not in f.excerpt and 'does not have a column named "customer_name"' in f.excerpt


@pytest.mark.parametrize(
    ("sample", "command"),
    [
        ("nox_pytest.txt", "python -m pytest -q -p no:cacheprovider tests/test_cart.py"),
        ("tox_no_module.txt", "python -m pytest -p no:cacheprovider -q tests/test_cart.py"),
    ],
)
def test_a_session_runner_names_the_command_that_failed(sample: str, command: str) -> None:
    f = extract_facts((DATA / sample).read_bytes())  # no CI around it: nox's / tox's own verdict line
    assert f.failing_command == command and f.failed_line == command and f.exit_code == 1


def test_make_names_a_target_not_a_command() -> None:
    f = extract_facts((DATA / "gcc_include_chain.txt").read_bytes())  # `make: *** [Makefile:3: main3.o] Error 1`
    assert f.exit_code is not None and f.failed_line is None


def _key_lines(raw: bytes) -> list[str]:
    with LogSource(raw) as src:
        scanned = scan(src)
        view = build_view(src, scanned, Redactor(()))
    return [view.text(no) for no in detect(view, scanned).key_lines]


@pytest.mark.parametrize("ci", ["travis", "gitlab", "jenkins", "buildkite"])
def test_a_header_that_echoes_its_command_has_output_under_it_not_a_script(ci: str) -> None:
    # Real awesome_bot output: its first lines (`> Checking links in README.md`, the links it
    # will check) are the command's output. Shown as the step's script, they took room whatever
    # the budget; they are weighed like any other output line now.
    framed = getattr(framing, ci)("awesome_bot README.md", (DATA / "awesome_bot.txt").read_text())
    shown = _key_lines(framed)
    assert shown[-1].endswith("awesome_bot README.md")
    assert not any("Checking links" in text or "Links to check" in text for text in shown)


@pytest.mark.parametrize("ci", ["github-actions", "circleci"])
def test_a_step_header_keeps_the_script_the_ci_prints_under_it(ci: str) -> None:
    framed = framing.github_actions if ci == "github-actions" else framing.circleci
    shown = _key_lines(framed("awesome_bot README.md", (DATA / "awesome_bot.txt").read_text()))
    assert "awesome_bot README.md" in shown  # the script line, under `Run awesome_bot ...` or the shebang
