"""What a job prints about what ran, not what failed: the commands a project's script traced before the one that
failed (its setup). Real tool output from tests/facts/data, framed as CI logs."""

from __future__ import annotations

from pathlib import Path

from remediate.facts import extract_facts
from remediate.facts.ci import Structure, detect
from remediate.facts.excerpt.steps import traced_script
from remediate.facts.reader import LogSource
from remediate.facts.redact import Redactor
from remediate.facts.scan import scan
from remediate.facts.view import View, build_view
from remediate.facts.xtrace_unscripted import script_traces
from tests.facts import framing

DATA = Path(__file__).parent / "data"


def read(name: str) -> str:
    return (DATA / name).read_text()


def structure(log: bytes) -> tuple[View, Structure]:
    with LogSource(log) as src:
        scanned = scan(src)
        view = build_view(src, scanned, Redactor())
    return view, detect(view, scanned)


def line_of(view: View, text: str) -> int:
    return next(line.no for line in view.lines if line.text == text)


def test_a_scripts_traces_without_the_script() -> None:
    # `./ci/run.sh` under `set -euxo pipefail` (shx_bash_mypy.txt): a command substitution's `++ mypy --version`
    # traced before the `+ echo` that holds it.
    view = View.of(["$ ./ci/run.sh", *read("shx_bash_mypy.txt").splitlines()])
    found = script_traces(view, 1, view.total_lines + 1)
    commands = ["cd ./ci/..", "echo 'mypy mypy 1.19.1 (compiled: yes)'", "mypy --strict --no-incremental pkg"]
    assert [t.command for t in found] == commands
    assert [(t.start, t.line) for t in found] == [(2, 3), (4, 5), (7, 7)]  # from its `++ dirname`, `++ mypy --version`


def test_a_package_managers_list_of_what_it_added_is_no_trace() -> None:
    # npm 6 lists the packages it added as `+ mocha@5.2.0`, as bash traces a command.
    lines = [
        "$ ./ci/run.sh",
        "+ npm install",
        *read("noise/npm6_install_peer_warnings.txt").splitlines(),
        "+ make test",
    ]
    view = View.of(lines)
    assert [t.command for t in script_traces(view, 1, len(lines) + 1)] == ["npm install", "make test"]


def test_a_traced_scripts_failing_command_starts_the_failing_steps_output() -> None:
    view, st = structure(framing.travis("./ci/run.sh", read("shx_bash_mypy.txt")))
    read_so = traced_script(view, st)
    failing = line_of(view, "+ mypy --strict --no-incremental pkg")
    assert st.region is not None and st.region[0] < failing
    assert read_so.region == (failing, st.region[1]) and failing in read_so.key_lines
    assert failing in {no for no, _ in read_so.steps}
    # Not a script the step ran: its traces are no steps (a tool printed them).
    view, st = structure(framing.travis("mypy --strict --no-incremental pkg", read("shx_bash_mypy.txt")))
    assert traced_script(view, st).region == st.region


def test_a_traced_scripts_setup_waits_for_the_failing_commands_output() -> None:
    # `./ci/run.sh` installs (setup.py's deprecation warnings, npm's peer warnings) and runs 300 passing tests before
    # the Vader suite that fails: the suite's output, Vim's feature table above its report included, comes before
    # the install's lines. Held as the failing step's, the install took the table's rows at 2,000 tokens.
    command = "vim -Nu test/vimrc -c 'Vader! test/*.vader' < /dev/null"
    script = [
        "+ python setup.py install",
        *read("noise/setup_py_install_passed.txt").splitlines(),
        "+ npm install",
        *read("noise/npm6_install_peer_warnings.txt").splitlines(),
        "+ pytest -p no:cacheprovider -v tests",
        *read("pytest_v_300_passed.txt").splitlines(),
        f"+ {command}",
        *read("vader_vim9.txt").splitlines(),
    ]
    excerpt = extract_facts(framing.travis("./ci/run.sh", "\n".join(script)), budget_tokens=2000).excerpt
    assert all(row.rstrip() in excerpt for row in read("vader_vim9.txt").splitlines() if row.startswith(("+", "-")))
    assert f"+ {command}" in excerpt
