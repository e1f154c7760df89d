"""Smaller pieces: the generic scorer, CI structure, classification fallbacks, repo path mapping."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from remediate.facts import extract_facts, score
from remediate.facts.excerpt import render_line
from remediate.facts.repo import resolve_in_repo
from remediate.facts.score import line_score, shape
from remediate.models import Category


@pytest.mark.parametrize(
    ("strong", "weak"),
    [
        ("error: cannot find module 'x'", "Downloading error-stack-parser-2.0.tgz"),
        ("FAILED tests/a.py::t - assert 1", "tests/a.py::t PASSED"),
        ("Tests run: 5, Failures: 2, Errors: 0", "Tests run: 5, Failures: 0, Errors: 0"),
        ("##[error]Process completed with exit code 2.", "##[group]Run pytest"),
        ("Segmentation fault (core dumped)", "gcc -Werror -c x.c"),
        ("bash: line 3: x.txt: No space left on device", "building wheel for x"),
        ("❌ examples/a.test.tsx output:", "✓ examples/b.test.tsx"),
    ],
)
def test_scorer_ranks_evidence_above_look_alikes(strong: str, weak: str) -> None:
    assert line_score(strong) > line_score(weak)


def test_scorer_ignores_blank_and_plain_lines() -> None:
    assert line_score("") == 0.0
    assert line_score("Running setup.py install for foo") == 0.0


def test_a_downloads_progress_meter_reports_no_assertion() -> None:
    # curl's header names a column `% Received`, Jest's word for the value an assertion got: the header
    # scored 6.0, a seed in every install step that pipes a download to sh. Jest's own line keeps its score.
    meter = (Path(__file__).parent / "data" / "curl7881_progress_meter.txt").read_text()
    assert "% Received % Xferd" in meter
    assert all(line_score(part) == 0.0 for line in meter.split("\n") for part in line.split("\r"))
    assert line_score("    Received: 7") == line_score("    Expected: 12") >= 6.0


@pytest.mark.parametrize("triggers", [score._SIGNAL_TRIGGERS, score._BENIGN_TRIGGERS], ids=["signals", "benign"])
def test_a_line_s_triggers_are_those_an_alternation_of_them_finds(triggers: score._Triggers) -> None:
    # The automaton stands for the alternation (longest first) the scorer ran before: fragments and
    # overlaps of the triggers themselves are where two ways of finding them could part.
    alternation = re.compile("|".join(re.escape(t) for t in triggers.triggers))
    rnd = random.Random(13)
    for _ in range(3000):
        pieces = [rnd.choice(triggers.triggers) for _ in range(rnd.randint(1, 4))]
        line = "".join(p[rnd.randint(0, len(p) // 2) :] + rnd.choice(["", " ", "x", "é"]) for p in pieces)
        expected = {u for m in alternation.findall(line) for u in triggers.triggers if u in m}
        assert triggers.present(line) == expected, line


def test_a_lone_surrogate_is_scored_like_a_replacement_character() -> None:
    assert line_score("error: bad byte \udcff here") == line_score("error: bad byte \ufffd here") > 0


def test_shape_blanks_numbers_and_hashes() -> None:
    assert shape("retry 3 of 10 at 0x7ffe12 sha 1a2b3c4d5e6f") == shape("retry 4 of 10 at 0x7ffe99 sha 9f8e7d6c5b4a")


def test_render_line_keeps_head_and_tail() -> None:
    text = "A" * 500 + "TAIL"
    out = render_line(text)
    assert len(out) <= 400 and out.startswith("AAAA") and out.endswith("TAIL") and "[…]" in out


@pytest.mark.parametrize(
    ("log", "category"),
    [
        (b"Run tests\nError: The operation was canceled.\n##[error]The operation was canceled.\n", Category.INFRA),
        (
            b"npm install\nnpm ERR! network request to https://registry.npmjs.org/x failed, reason: ETIMEDOUT\n"
            b"npm ERR! errno ETIMEDOUT\n",
            Category.INFRA,
        ),
        (
            b"git push\nremote: Permission to org/repo.git denied to bot.\n"
            b"fatal: unable to access 'https://github.com/org/repo/': The requested URL returned error: 403\n",
            Category.CONFIG,
        ),
        (
            b'$ ./ci.sh\n./ci.sh: line 3: pnpm: command not found\nThe command "./ci.sh" exited with 127.\n',
            Category.CONFIG,
        ),
        (
            b"Checking formatting...\n[warn] src/a.ts\n[warn] Code style issues found in the above file. "
            b"Run Prettier with --write to fix.\n",
            Category.FORMAT,
        ),
    ],
)
def test_fallback_categories_without_a_tool_parser(log: bytes, category: Category) -> None:
    f = extract_facts(log)
    assert f.category is category
    assert 0.0 < f.confidence <= 0.95


def test_exit_code_and_command_from_tool_level_failures() -> None:
    f = extract_facts(b"cc -c a.c\na.c:3:5: error: expected ';'\nmake: *** [Makefile:12: a.o] Error 1\n")
    assert f.exit_code == 1 and f.category is Category.BUILD
    assert f.errors[0].file == "a.c" and f.errors[0].line == 3


def test_gh_run_view_prefix_names_the_step() -> None:
    lines = [
        "build\tSet up job\t2026-05-01T10:00:00.0000000Z Complete job name: build",
        "build\tRun tests\t2026-05-01T10:00:01.0000000Z ##[group]Run pytest -q",
        "build\tRun tests\t2026-05-01T10:00:01.1000000Z ##[endgroup]",
        "build\tRun tests\t2026-05-01T10:00:02.0000000Z FAILED tests/a.py::t - assert 0",
        "build\tRun tests\t2026-05-01T10:00:03.0000000Z ##[error]Process completed with exit code 1.",
    ]
    f = extract_facts("\n".join(lines).encode())
    assert f.failing_step == "Run tests" and f.failing_command == "pytest -q" and f.exit_code == 1
    assert f.failing_tests[0].id == "tests/a.py::t"


def test_resolve_in_repo(tmp_path: Path) -> None:
    (tmp_path / "src" / "app").mkdir(parents=True)
    (tmp_path / "src" / "app" / "main.py").write_text("")
    assert resolve_in_repo(tmp_path, "/home/runner/work/app/app/src/app/main.py") == "src/app/main.py"
    assert resolve_in_repo(tmp_path, "D:\\a\\app\\app\\src\\app\\main.py") == "src/app/main.py"
    assert resolve_in_repo(tmp_path, "./src/app/main.py") == "src/app/main.py"
    assert resolve_in_repo(tmp_path, "../../etc/passwd") is None
    assert resolve_in_repo(tmp_path, "src/app/missing.py") is None
    assert resolve_in_repo(tmp_path, "bad\0name") is None


# Real output made here (bash -x traces, GNU make 4.3 echoing a gcc 12 recipe and ignoring
# `-`-prefixed recipe failures; GoogleTest-style test starts from busted's gtest output).
@pytest.mark.parametrize(
    "weak",
    [
        "+ python -m pytest -W error::DeprecationWarning -q -p no:cacheprovider -p no:asyncio test_t.py",
        "+ shellcheck --severity=error --format=gcc s.sh",
        "cc -Wall -Wextra -fmax-errors=3 -Werror -o a a.c",
        '$ ELIXIRC_OPTS="--warnings-as-errors" make compile',
        'Command: erl -sname test_server -sasl errlog_type error -pz "/release/tests/os_mon_test"',
        "make: [Makefile:2: all] Error 1 (ignored)",
        "[ RUN      ] CalcTest.ErrorPaths",
        "[ RUN      ] ShaDa error handling fails on search history item: 7.88 ms OK",
    ],
)
def test_an_error_word_that_reports_nothing_is_weak(weak: str) -> None:
    # An option's name or value, an error make ignored, a test's name as it starts: none says a
    # failure happened, so none may seed an excerpt block (SEED_MIN 2.0) like a report does.
    assert line_score(weak) < 2.5


@pytest.mark.parametrize(
    "strong",
    [
        "gcc: error: unrecognized command-line option '-fmax-errors'",
        "make[1]: *** [Makefile:2: x] Error 3",
        "[ RUN      ] ShaDa error handling fails: 7.88 ms ERR",
        'level=error msg="connection refused"',
        "E       assert (1 + 1) == 3",
    ],
)
def test_an_error_reported_beside_options_stays_strong(strong: str) -> None:
    assert line_score(strong) >= 6.0


def test_an_exception_named_alone_in_parentheses_reports_an_error() -> None:
    # Real ExUnit output (data/exunit_several.txt, Elixir 1.14): the BEAM's `** (Name) message`.
    sample = (Path(__file__).parent / "data" / "exunit_several.txt").read_text().splitlines()
    raised = [line for line in sample if line.lstrip().startswith("** (")]
    assert len(raised) == 3
    assert all(line_score(line) >= 8.0 for line in raised)
    # Code that names exceptions in a tuple is a source listing, not a report (pytest's listing).
    assert line_score("        with pytest.raises( (CertificateError, SSLError) ) as excinfo:") < 8.0


def test_pytests_e_line_naming_an_exception_reports_an_error_whatever_its_class_is_called() -> None:
    # Real pytest output: the first `E` line of a failure names what was raised; classes not ending in
    # Error or Exception (RemoteDisconnected, httpx's ReadTimeout, pytest-timeout's Failed) scored as a diff line.
    data = Path(__file__).parent / "data"
    raised = {
        "pytest_requests_remote_closed.txt": "E   http.client.RemoteDisconnected: Remote end closed connection",
        "pytest9_httpx_read_timeout.txt": "E           httpx.ReadTimeout: timed out",
        "pytest_timeout24_beside_failure.txt": "E       Failed: Timeout (>1.0s) from pytest-timeout.",
    }
    for name, start in raised.items():
        line = next(t for t in (data / name).read_text().splitlines() if t.startswith(start))
        assert line_score(line) >= 8.0, line
    assert line_score("E   KeyboardInterrupt") >= 8.0
    # An assertion's explanation under `E` is not the exception's line: its diff's context lines land at the
    # exception's indent (`E           Alpha`), its headings close on a colon.
    explained = (data / "pytest9_assert_diff_context.txt").read_text().splitlines()
    details = [t for t in explained if t.startswith("E  ") and "AssertionError" not in t]
    assert "E           Alpha" in details and "E         Differing items:" in details
    assert all(line_score(t) < 6.0 for t in details)


def test_without_parsers_the_raised_elixir_errors_are_shown() -> None:
    # The same output as a Travis job, read with every parser left out (a runner no parser
    # knows): at 300 tokens each raised error's line is kept (one of three before they scored).
    from remediate.facts.parsers import modules_named
    from tests.facts import framing

    log = framing.travis("mix test", (Path(__file__).parent / "data" / "exunit_several.txt").read_text())
    facts = extract_facts(log, budget_tokens=300, leave_out=modules_named("all"))
    for name in ("ArithmeticError", "FunctionClauseError", "KeyError"):
        assert f"** ({name}) " in facts.excerpt


def test_jests_cross_marks_a_failed_test_as_the_other_marks_do() -> None:
    # Real Jest output (data/jest.txt): `✕` (U+2715) before a failed test, `✓` before a passed one.
    sample = (Path(__file__).parent / "data" / "jest.txt").read_text().splitlines()
    failed = [line for line in sample if line.lstrip().startswith("✕ ")]
    assert len(failed) == 2 and all(line_score(line) >= 7.0 for line in failed)
    assert line_score("    ✓ adds zero") == 0.0
