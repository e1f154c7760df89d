"""bench/logs.py's telling-line coverage: the share of a labelled chunk's telling lines an excerpt keeps."""

from __future__ import annotations

import argparse
import subprocess
from pathlib import Path
from typing import Any

import pytest
from bench.logs import (
    METHODS,
    Case,
    Cut,
    Row,
    _leave_out,
    _telling_row,
    _token_rows,
    ablation_note,
    big_log_run,
    chunk_shape,
    cli_run,
    run_case,
    telling_lines,
    telling_scores,
)

from remediate.facts.parsers import modules_named

# A chunk of real pytest 9.2 output: the section header, a source listing, the frame, the error.
LOG = """collected 1 item
_________________________________ test_status __________________________________
    def test_status():
        setting_1 = options.get('setting_1', 1)  # read option 1
test_api.py:5: in test_status
E       ConnectionError: HTTPConnectionPool(host='api.internal', port=80): Max retries exceeded
FAILED test_api.py::test_status - ConnectionError: HTTPConnectionPool(host='a...
"""


DATA = Path(__file__).parents[1] / "facts" / "data"


def case(tmp_path: Path, chunks: list[list[tuple[int, int]]]) -> Case:
    log = tmp_path / "x.log"
    log.write_text(LOG)
    return Case("logchunks", "x", log, None, "dev", "o/r", chunks=chunks)


def test_only_the_chunks_telling_lines_count(tmp_path: Path) -> None:
    c = case(tmp_path, [[(3, 7)]])
    assert telling_lines(c) == [[5, 6, 7]]  # not the listing's two lines
    assert telling_scores(c, Cut([(5, 6)], "", 0)) == (2 / 3, False)
    assert telling_scores(c, Cut([(1, 2), (5, 9)], "", 0)) == (1.0, True)  # lines 3-4 left: all telling kept


def test_the_best_alternative_counts_and_a_chunk_with_none_is_left_out(tmp_path: Path) -> None:
    c = case(tmp_path, [[(6, 6)], [(7, 7)]])
    assert telling_scores(c, Cut([(7, 7)], "", 0)) == (1.0, True)
    assert telling_scores(case(tmp_path, [[(3, 4)]]), Cut([(3, 4)], "", 0)) is None
    rows = [
        Row(case(tmp_path, [[(3, 7)]]), {m: Cut([(6, 7)], "", 0) for m in ("facts", "tail@budget", "tail-200", "grep")})
    ]
    assert "(1 logs with telling lines) | 0.667 / 0.000 |" in _telling_row(rows)


def test_the_logs_auto_spent_more_than_the_base_on_are_counted(tmp_path: Path) -> None:
    # --budget auto may spend up to 4,000 tokens; the table says on how many logs it did.
    def row(tokens: int) -> Row:
        return Row(case(tmp_path, [[(3, 7)]]), {m: Cut([(1, 7)], "", tokens) for m in METHODS})

    assert not any("over the" in line for line in _token_rows([row(1500), row(2000)]))
    assert "| | logs over the 2,000-token base (auto spent more) | 2 of 3, mean 3,500 tokens |" in "\n".join(
        _token_rows([row(1500), row(3000), row(4000)])
    )


def _cuts(name: str) -> tuple[Cut, Cut]:
    """The facts cut of a stored sample with every parser, and with every parser module left out."""
    c = Case("logchunks", "x", DATA / name, None, "dev", "o/r", chunks=[[(1, 2)]])
    return run_case((c, 2000, frozenset())).cuts["facts"], run_case((c, 2000, modules_named("all"))).cuts["facts"]


def test_without_parsers_the_facts_cut_comes_from_the_logs_own_lines() -> None:
    # --without-parsers: the ablation that stands for a tool no parser knows. Real mypy 1.19.1 rows
    # (tests/facts/data): read by the mypy parser they are type_check; without it, nothing says so.
    full, bare = _cuts("mypy.txt")
    assert full.category == "type_check"
    assert bare.category != "type_check"
    assert any(a <= 1 and b >= 2 for a, b in bare.ranges)  # the rows are still kept


def test_without_parsers_a_checkers_coded_rows_are_still_lint() -> None:
    # Real ruff 0.17.6 concise rows open their message with the rule's code (`F401`): a shape only a
    # checker prints, which the generic reader (facts/located.checked) reads when no parser does.
    full, bare = _cuts("ruff_check_undefined_concise.txt")
    assert full.category == bare.category == "lint"


def test_a_table_under_an_ablation_says_so() -> None:
    assert ablation_note(frozenset()) == ""
    assert "WITHOUT PARSERS" in ablation_note(modules_named("all"))
    assert ablation_note(modules_named("pytest,jvm")) == "; without parser modules jvm, pytest"
    with pytest.raises(argparse.ArgumentTypeError, match="unknown parser modules: pytset"):
        _leave_out("pytset")  # the option's error names the bad module


def test_the_end_to_end_runs_keep_the_bytecode_cache_and_write_it_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With PYTHONDONTWRITEBYTECODE set (this host sets it) every start of a tree with a stale cache
    # compiled the sources: the line measured the compiler, not what an installed copy costs.
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    envs: list[dict[str, str]] = []

    def run(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
        assert command[-4:] == ["facts", "--log", str(tmp_path / "x.log"), "--json"]
        envs.append(kwargs["env"])
        return subprocess.CompletedProcess(command, 0, b"", b"")

    monkeypatch.setattr(subprocess, "run", run)  # as bench.facts_start calls it
    (tmp_path / "x.log").write_text(LOG)
    line = "".join(cli_run(tmp_path / "x.log", runs=3))
    assert len(envs) == 4  # one unmeasured start writes the cache
    assert not any("PYTHONDONTWRITEBYTECODE" in env for env in envs)
    assert "over 3 runs, bytecode cache on" in line


def test_a_chunks_size_and_the_lines_kept_in_each_third(tmp_path: Path) -> None:
    # What the excerpt keeps of a report longer than the budget: its head, its middle or its tail (--per-log).
    c = case(tmp_path, [[(2, 7)]])  # six lines: 2-3 the head, 4-5 the middle, 6-7 the tail
    tokens, thirds = chunk_shape(c, Cut([(1, 2), (6, 7)], "", 0))
    assert thirds == [1, 0, 2]
    assert tokens == sum(len(line) for line in LOG.splitlines()[1:7]) // 4
    assert chunk_shape(case(tmp_path, []), Cut([(1, 7)], "", 0)) == (0, [0, 0, 0])


def test_a_task_runner_s_lines_tell_as_the_tool_printed_them(tmp_path: Path) -> None:
    # Real ESLint 9 and node 20 lines behind turbo's prefix (tests/facts/data/turbo2_mono_*.txt): the frame tells
    # once `web:test: ` is off (parsers.bare_texts), as it does bare; ESLint's row tells bare and prefixed.
    log = tmp_path / "turbo.log"
    log.write_text(
        "web:test: > web@1.0.0 test\n"
        "web:test: ✖ web total adds tax (1.2ms)\n"
        "web:test:       at TestContext.<anonymous> (file:///tmp/pm/mono/packages/web/test/cart.test.js:11:10)\n"
        "web:lint: /tmp/pm/mono/packages/web/src/cart.js\n"
        "web:lint:   3:9   error  'unused' is assigned a value but never used  no-unused-vars\n"
        "web:lint: ✖ 2 problems (2 errors, 0 warnings)\n"
    )
    assert telling_lines(Case("logchunks", "t", log, None, "dev", "o/r", chunks=[[(1, 6)]])) == [[2, 3, 5, 6]]


def test_the_large_log_is_kept_where_asked_and_read_as_it_is_next_time(tmp_path: Path) -> None:
    # --big-log: two trees interleaved on one log (A B A B) read the same bytes; the row says the CPU of the process
    # and its scan workers, the measure that survives a shared machine.
    big = tmp_path / "big.log"
    row = big_log_run(tmp_path, [case(tmp_path, [])], 2000 / (1 << 30), keep=big)[-1]
    made = big.read_bytes()
    assert len(made) >= 2000 and made.startswith(LOG.encode())
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert int(cells[1].replace(",", "")) == made.count(b"\n")  # the lines facts read: the file's
    assert all(float(cpu) >= 0 for cpu in cells[4].split(" + "))  # process + scan workers
    other = tmp_path / "other.log"
    other.write_text("another log\n")
    big_log_run(tmp_path, [Case("logchunks", "o", other, None, "dev", "o/r")], 1.0, keep=big)
    assert big.read_bytes() == made  # present: read as it is, not made again (nor grown to 1 GiB)
