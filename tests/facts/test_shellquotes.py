"""A command line's operators outside its quotes (facts/shellquotes.py): a quoted `;`, `&&` or `|` is a word's
character, so `python -c "import shop; shop.run()"` is one command where the facts split a line into the commands
it runs (syntaxcheck.command_parts, xtrace.programs and pipelines, the triage's failing part). The behaviour is shown
on real bash 5.2 `-x` output (tests/facts/data/README.md, "A quoted `;` in a traced command")."""

from __future__ import annotations

from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.facts.lazyregex import Regex
from remediate.facts.shellquotes import MAX_QUOTED, list_parts, unquoted, unquoted_parts
from remediate.facts.syntaxcheck import command_parts
from remediate.facts.xtrace import pipelines, programs
from tests.facts import framing

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(
    ("command", "parts"),
    [
        ('python -c "import shop; shop.run()"', ['python -c "import shop; shop.run()"']),
        (
            "Rscript -e 'devtools::install(); devtools::test()'",
            ["Rscript -e 'devtools::install(); devtools::test()'"],
        ),
        ("node -e 'require(\"./lib\").run()' && npm test", ["node -e 'require(\"./lib\").run()'", "npm test"]),
        ('make lint; bash -c "make a && make b"', ["make lint", 'bash -c "make a && make b"']),
        (r"printf 'a\n' ; find . -exec grep x {} \; ; make", ["printf 'a\\n'", r"find . -exec grep x {} \;", "make"]),
        ("printf $'it\\'s; fine' ; make", ["printf $'it\\'s; fine'", "make"]),
        ('echo "a \\" ; b" ; make', ["make"]),  # an escaped quote closes nothing; the echo is inert
    ],
)
def test_a_quoted_separator_splits_no_command(command: str, parts: list[str]) -> None:
    assert command_parts(command) == parts
    assert len(unquoted(command)) == len(command)


def test_a_quote_that_never_closes_is_a_character() -> None:
    # a traced line cut short (wrappers.MAX_COMMAND) keeps its operators after the open quote, and a line longer
    # than MAX_QUOTED is read as written past it
    assert command_parts("pytest -k 'a; make lint") == ["pytest -k 'a", "make lint"]
    assert unquoted('make "a; b') == 'make "a; b'
    long = "make '" + "x" * MAX_QUOTED + "; b'"
    assert unquoted(long) == long


def test_a_part_keeps_its_masked_text_so_a_second_split_reads_no_quote_again() -> None:
    # xtrace.pipelines splits a line at its lists' operators, then each part at its pipes: the part's masked text is
    # the line's, at the same places
    line = """pytest -k 'a | b' | tee log && grep -c "x; y" log"""
    parts = unquoted_parts(Regex(r"&&"), line)
    assert parts == [(part, unquoted(line)[line.index(part) : line.index(part) + len(part)]) for part, _ in parts]
    part, masked = parts[0]
    assert [p for p, _ in unquoted_parts(Regex(r"\|"), part, masked)] == ["pytest -k 'a | b' ", " tee log "]


def test_a_script_s_programs_and_pipelines_leave_quoted_operators_alone() -> None:
    script = ["set -x", "python -c \"import shop; print('a | b')\" | tee out.log", "grep -E 'total|paid' out.log"]
    assert programs(script) == frozenset({"set", "python", "tee", "grep"})
    assert pipelines(script) == [("python", "tee")]


@pytest.mark.parametrize(
    ("sample", "script", "ran"),
    [
        ("xtrace_noerrexit_pytest_echo_semicolon.txt", "./ci/run.sh", "python -m pytest -p no:cacheprovider -q tests"),
        ("xtrace_noerrexit_node_test_echo_semicolon.txt", "./ci/node.sh", "node --test cart.test.js"),
    ],
)
def test_a_message_s_quoted_semicolon_is_not_what_the_script_ran(sample: str, script: str, ran: str) -> None:
    # without errexit the script goes on after the tool fails: `+ status=1`, `+ echo 'pytest finished; status 1'`,
    # `+ exit 1`. The echo is the shell's own words (it was the command the script ran: its `status 1'` fragment
    # read as a command of its own); the tool traced before them is what failed
    facts = extract_facts(framing.travis(script, (DATA / sample).read_text()))
    assert facts.ran_command == ran


def test_a_list_s_parts_keep_their_operator_and_a_group_whole() -> None:
    # the README rows' commands (tests/facts/data: mypy24_or_hint_then_exit.txt, black26_or_hint_then_exit.txt)
    assert list_parts('mypy pkg || (echo "Type check failed: run make lint locally"; exit 1)') == [
        ("", "mypy pkg"),
        ("||", '(echo "Type check failed: run make lint locally"; exit 1)'),
    ]
    assert list_parts("set -x\nnpm ci || npm install\nnpm test") == [
        ("", "set -x"),
        ("\n", "npm ci"),
        ("||", "npm install"),
        ("\n", "npm test"),
    ]
    assert list_parts('a && b; echo "x || y"') == [("", "a"), ("&&", "b"), (";", 'echo "x || y"')]
    # a bracket that never closes groups nothing: the line splits as if it held none
    assert list_parts("make ( test && flake8") == [("", "make ( test"), ("&&", "flake8")]
    assert list_parts("x" * 30 + " (" * 5000) == [("", ("x" * 30 + " (" * 5000).strip())]
