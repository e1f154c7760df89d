"""`remediate facts` runs without loading the model SDK, the sandbox, the publisher or typer (nor, for
`--json`, rich, nor the run's pydantic types in runmodels.py: it starts faster without)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from remediate import facts_command
from remediate.cli import app
from tests.facts.samples import facts_view

DATA = Path(__file__).parent / "data"
PROBE = """
import sys
sys.argv = ["remediate", "facts", "--log", sys.argv[1], "--json"]
from remediate.entry import main
try:
    main()
except SystemExit as exc:
    assert not exc.code, exc.code
# subprocess: only a log large enough for the parallel scan starts processes
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("anthropic", "httpx", "rich", "typer", "click",
    "subprocess") or m.startswith(
    ("remediate.pipeline", "remediate.sandbox", "remediate.publish", "remediate.client", "remediate.cli",
     "remediate.runmodels")))
print(json.dumps(heavy), file=sys.stderr)
"""


def test_facts_entry_point_does_not_import_the_model_sdk() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import json\n" + PROBE, str(DATA / "mypy.txt")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout)["category"] == "type"
    assert json.loads(done.stderr.strip().splitlines()[-1]) == []


# The frozen dataclasses a facts run makes, each for what only a dataclass gives it: dataclasses.replace (Site, Piece),
# __post_init__ (FailurePoint), a generic class (Rule), slots (SectionShape). A frozen record that needs none of it is
# a NamedTuple: the same fields, equality, hash and repr, without the ~0.4 ms a frozen dataclass costs at import
# (its generated methods are compiled from source when its module loads).
FROZEN_DATACLASSES = [
    "remediate.facts.blocks.Site",
    "remediate.facts.ci.model.FailurePoint",
    "remediate.facts.dumplines.Piece",
    "remediate.facts.parsers.base.Rule",
    "remediate.facts.runnersections.SectionShape",
]
FROZEN_PROBE = """
import dataclasses, sys
made = []
plain = dataclasses.dataclass
def counted(cls=None, /, **kwargs):
    def wrap(c):
        if kwargs.get("frozen") and c.__module__.startswith("remediate.facts"):
            made.append(f"{c.__module__}.{c.__qualname__}")
        return plain(c, **kwargs)
    return wrap if cls is None else wrap(cls)
dataclasses.dataclass = counted
"""


def test_a_facts_run_makes_a_frozen_dataclass_only_for_what_a_named_tuple_lacks() -> None:
    probe = "import json\n" + FROZEN_PROBE + PROBE + "print(json.dumps(made), file=sys.stderr)\n"
    done = subprocess.run(
        [sys.executable, "-c", probe, str(DATA / "mypy.txt")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert sorted(json.loads(done.stderr.strip().splitlines()[-1])) == FROZEN_DATACLASSES


def test_a_bad_log_is_one_line_and_the_bad_input_exit_code(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "remediate.entry", "facts", "--log", str(tmp_path / "missing.log")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2 and done.stderr.strip().count("\n") == 0
    assert "missing.log" in done.stderr


def test_a_bad_budget_is_refused_in_one_line_before_the_log_is_read(tmp_path: Path) -> None:
    for budget, said in [("lots", "must be a number or 'auto', got 'lots'"), ("10", "must be at least 50, got 10")]:
        done = subprocess.run(
            [sys.executable, "-m", "remediate.entry", "facts", "--log", str(tmp_path / "missing.log"),
             "--budget-tokens", budget],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert (done.returncode, done.stderr) == (2, f"remediate: --budget-tokens {said}\n")  # not the missing log


def test_auto_budget_counts_a_test_runner_and_its_failing_tests_as_one_block() -> None:
    from remediate.facts import extract_facts

    # A real report longer than 2,000 tokens: a short one printed six times is long no more, its stacks printed again
    # being pointers to the first's (excerpt.copies.TRACE_AGAIN).
    log = (DATA / "pytest9_parametrize_9_failed.txt").read_bytes()
    assert extract_facts(log, budget_tokens=3000).excerpt_tokens > 2000  # it would use more
    alone = extract_facts(log, budget_tokens="auto")
    assert alone.failing_tests and alone.errors and {e.tool for e in alone.errors} == {"pytest"}
    assert alone.excerpt_tokens <= 2000


def test_the_human_view_says_what_the_category_rests_on() -> None:
    view = facts_view(DATA / "mypy.txt")
    assert "type (" in view and "from parsed records in the failing step" in view
    assert "tokens, 1 independent failure block, lines" in view


def test_the_human_view_says_when_no_specialist_fixes_the_failure() -> None:
    """An unknown category that rests on a dead link is said to be no specialist's; one nothing explains is not."""
    view = facts_view(DATA / "markdown_link_check315.txt")
    assert "unknown, no specialist fixes it (0.95, from parsed records" in view
    assert "no specialist" not in facts_view(DATA / "usage_errors.txt")


def _facts(*argv: str, stdout: int = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "remediate.entry", "facts", *argv]
    return subprocess.run(command, stdout=stdout, stderr=subprocess.PIPE, text=True, check=False)


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        ((), "the following arguments are required: --log"),
        (("--log", "x.log", "--deadline", "-1"), "argument --deadline: '-1' is not a number of seconds >= 0"),
        (("--log", "x.log", "--deadline", "soon"), "argument --deadline: 'soon' is not a number of seconds >= 0"),
        (("--lo", "x.log"), "the following arguments are required: --log"),  # no abbreviations, as click had none
    ],
)
def test_a_usage_error_exits_2_before_the_log_is_read(argv: tuple[str, ...], said: str) -> None:
    done = _facts(*argv)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("usage: remediate facts ") and said in done.stderr


def test_the_full_cli_hands_facts_its_arguments_unread() -> None:
    """`remediate.cli`'s `facts` (the one `remediate --help` lists) runs the same command, options and help."""
    through_cli = CliRunner().invoke(app, ["facts", "--log", str(DATA / "mypy.txt"), "--json"])
    assert through_cli.exit_code == 0, through_cli.output
    assert json.loads(through_cli.output) == json.loads(_facts("--log", str(DATA / "mypy.txt"), "--json").stdout)
    helped = CliRunner().invoke(app, ["facts", "--help"])
    assert helped.exit_code == 0 and "--budget-tokens N|auto" in helped.output
    assert facts_command.HELP in CliRunner().invoke(app, ["--help"]).output


def test_a_reader_that_left_ends_the_command_quietly() -> None:
    """`remediate facts ... | head -1`: the pipe closed before the JSON is written is exit 1, no traceback."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = _facts("--log", str(DATA / "mypy.txt"), "--json", stdout=write)
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (1, "")


def test_ctrl_c_is_one_line_and_the_signal_s_exit_code(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(facts_command, "facts", interrupted)
    with pytest.raises(SystemExit) as stop:
        facts_command.main(["--log", str(DATA / "mypy.txt")])
    assert stop.value.code == 130
    assert capsys.readouterr().err == "remediate: stopped by SIGINT\n"


def test_a_defect_is_one_line_and_the_error_exit_code(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A reader that raises on some log's line is reported as `fix` reports it (README: `error`, 1), not a traceback."""

    token = "ghp_" + "Z" * 36

    def broken(*_args: object) -> None:
        raise ValueError(f"Invalid \\escape near {token}")

    monkeypatch.setattr(facts_command, "facts", broken)
    with pytest.raises(SystemExit) as stop:
        facts_command.main(["--log", str(DATA / "mypy.txt")])
    assert stop.value.code == 1
    said = capsys.readouterr().err
    assert said.startswith("remediate facts: internal error: ValueError: Invalid \\escape near ") and token not in said
    assert said.count("\n") == 1


GC_PROBE = """
import gc, json, sys
from remediate import entry, facts_command
seen = {}
def run(args):
    seen.update(on=gc.isenabled(), frozen=gc.get_freeze_count(), loaded="remediate.facts.extract" in sys.modules)
    made.extend([] for _ in range(5_000))  # what a log's work leaves: frozen once the output is written
made = []
sys.argv = ["remediate", "facts", *sys.argv[1:]]
if sys.argv[2] == "--help":
    try:
        entry.main()
    except SystemExit:
        pass
    print(json.dumps({"loaded": "remediate.facts.extract" in sys.modules}))
else:
    facts_command.run = run
    entry.main()
    print(json.dumps(seen | {"frozen_after": gc.get_freeze_count()}))  # made is still alive here
"""


def test_the_facts_process_freezes_what_loading_made_and_runs_the_log_with_the_collector_on() -> None:
    probe = [sys.executable, "-c", GC_PROBE]
    done = subprocess.run([*probe, "--log", "x.log"], capture_output=True, text=True, check=True)
    seen = json.loads(done.stdout)
    assert seen["on"] and seen["loaded"] and seen["frozen"] > 10_000
    assert seen["frozen_after"] >= seen["frozen"] + 4_000
    helped = subprocess.run([*probe, "--help"], capture_output=True, text=True, check=True)
    assert json.loads(helped.stdout.splitlines()[-1]) == {"loaded": False}
