"""The failing step's whole command block (the default check), and the line that failed."""

from __future__ import annotations

from remediate.facts import extract_facts
from tests.facts import framing
from tests.facts.samples import DATA


def _gha(script: list[str], output: list[str], shell: str = "/usr/bin/bash -e {0}") -> bytes:
    lines = [
        "##[group]Run actions/checkout@v4",
        "with:",
        "  fetch-depth: 1",
        "##[endgroup]",
        f"##[group]Run {script[0]}",
        *(f"\x1b[36;1m{line}\x1b[0m" for line in script),
        f"shell: {shell}",
        "env:",
        "  FOO: bar",
        "##[endgroup]",
        *output,
        "##[error]Process completed with exit code 1.",
        "Post job cleanup.",
    ]
    return "".join(
        f"2026-05-01T10:{i // 60:02d}:{i % 60:02d}.0000000Z {line}\n" for i, line in enumerate(lines)
    ).encode()


def test_a_multi_line_run_block_is_kept_whole_with_its_set_prologue() -> None:
    script = ["set -euxo pipefail", "pixi run \\", "  --environment py312 \\", "  pytest -q tests", "echo done"]
    out = ["+ pixi run --environment py312 pytest -q tests", "FAILED tests/test_a.py::test_x - assert 1 == 2"]
    f = extract_facts(_gha(script, out, "/usr/bin/bash --noprofile --norc -e -o pipefail {0}"))
    assert f.failing_command == "\n".join(script)
    assert f.failed_line == "pixi run --environment py312 pytest -q tests"  # from the shell's trace
    assert f.failing_shell == "/usr/bin/bash --noprofile --norc -e -o pipefail {0}"
    assert f.failing_step == "Run set -euxo pipefail"


def test_a_single_command_block_names_its_command_as_the_failed_line() -> None:
    script = ["pixi run \\", "  pytest -q"]
    f = extract_facts(_gha(script, ["E   assert 1 == 2"]))
    assert f.failing_command == "pixi run \\\n  pytest -q"
    assert f.failed_line == "pixi run pytest -q"


def test_output_lines_starting_with_plus_are_not_a_trace_without_xtrace() -> None:
    script = ["set +e", "pre-commit run --all-files --show-diff-on-failure", "status=$?", "exit $status"]
    out = ["- return a;", "+ return counts;", "ruff.....Failed"]
    f = extract_facts(_gha(script, out))
    assert f.failing_command == "\n".join(script)
    assert f.failed_line is None  # several commands, no trace: unknown rather than wrong


def test_a_diff_line_is_not_taken_for_the_trace_even_with_xtrace() -> None:
    script = ["set -x", "make lint", "make test"]
    f = extract_facts(_gha(script, ["+ make lint", "+ return counts;", "error: lint failed"]))
    assert f.failed_line == "make lint"


def test_an_action_step_has_no_script_block() -> None:
    raw = _gha(["uses-like"], ["x"]).replace(b"\x1b[36;1muses-like\x1b[0m\n", b"")
    raw = raw.replace(b"Z shell: /usr/bin/bash -e {0}", b"Z with:")
    f = extract_facts(raw)
    assert f.failing_command == "uses-like" and f.failed_line is None


def test_travis_and_jenkins_name_the_failed_command() -> None:
    travis = extract_facts(framing.travis("make test", "E   assert 1 == 2\n"))
    assert travis.failing_command == "make test" and travis.failed_line == "make test"
    assert travis.failing_shell == "bash"  # Travis' build script's bash, each line eval'd without errexit
    jenkins = extract_facts(framing.jenkins("python -m pytest -q", "E   assert 1 == 2\n"))
    assert jenkins.failing_command == "python -m pytest -q" and jenkins.failed_line == "python -m pytest -q"
    assert jenkins.failing_shell == "sh -xe"  # durable-task runs a `sh` step's script so


def test_an_over_long_script_keeps_only_its_first_line() -> None:
    script = [f"echo step {i}" for i in range(400)]
    f = extract_facts(_gha(script, ["boom: error"]))
    assert f.failing_command == "echo step 0"


def test_the_fingerprint_follows_the_failed_line_not_the_rest_of_the_block() -> None:
    out = ["+ pixi run --environment py312 pytest -q tests", "FAILED tests/test_a.py::test_x - assert 1 == 2"]
    before = ["set -euxo pipefail", "pixi run \\", "  --environment py312 \\", "  pytest -q tests", "echo done"]
    after = ["set -euxo pipefail", "echo starting", *before[1:4], "echo all done"]
    one, two = extract_facts(_gha(before, out)), extract_facts(_gha(after, out))
    assert one.failing_command != two.failing_command and one.failed_line == two.failed_line
    assert one.fingerprint_basis() == two.fingerprint_basis()
    other = extract_facts(_gha(before, ["+ pixi run --environment py312 pytest -q other", *out[1:]]))
    assert other.fingerprint_basis() != one.fingerprint_basis()


def _circleci(command: str) -> tuple[str | None, str | None, str | None]:
    f = extract_facts(framing.circleci(command, (DATA / "pytest_failures.txt").read_text()))
    assert f.failing_tests  # the output after the command is still the tool's
    assert f.failing_step == " ".join(command.replace("\\\n", " ").split("\n")[0].split())  # its first command
    return f.failing_command, f.failed_line, f.failing_shell


def test_circleci_keeps_a_command_continued_by_backslashes_whole() -> None:
    # CircleCI prints the command after the shebang and then the output, with no line between.
    command = "python -m pytest \\\n  --tb=short \\\n  tests"
    assert _circleci(command) == (command, "python -m pytest --tb=short tests", "/bin/bash -eo pipefail")
    assert _circleci("python -m pytest tests") == ("python -m pytest tests",) * 2 + ("/bin/bash -eo pipefail",)


def test_circleci_keeps_an_open_shell_compound_whole_up_to_its_close() -> None:
    loop = "for d in pkg tests; do\n  python -m pytest $d\ndone"
    assert _circleci(loop) == (loop, None, "/bin/bash -eo pipefail")  # which pass failed is not shown
    branch = 'if [ -n "$CI" ]; then\n  python -m pytest tests\nfi'
    assert _circleci(branch + "\necho done")[0] == branch  # `echo done` does not close anything
    one_line = "for d in pkg tests; do python -m pytest $d; done"
    assert _circleci(one_line)[0] == one_line


def test_circleci_a_compound_never_closed_is_not_taken_for_a_block() -> None:
    assert _circleci("while true; do")[0] == "while true; do"
