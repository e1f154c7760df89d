"""What fills the room a change frees: a seed's block is the same whatever took the seed's line first."""

from __future__ import annotations

from pathlib import Path

from remediate.facts import extract_facts
from remediate.facts.excerpt.seeds import seed_blocks
from remediate.facts.excerpt.selector import Selector
from remediate.facts.excerpt_marks import Tasks
from remediate.facts.score import line_score
from remediate.facts.view import View
from tests.facts import framing

DATA = Path(__file__).parent / "data"


def _seeded_from(top: int) -> tuple[set[int], int]:
    """pytest's 12 parametrised failures (real run), scored by their words: the lines the window before the
    failure took (from `top` to the end), then the block of the seventh failure's `E   DeprecationWarning` line."""
    view = View.of((DATA / "pytest_grouped.txt").read_text().splitlines())
    lines = Tasks(view, {}, {})
    scores = {line.no: line_score(line.text) for line in view.lines}
    heading = next(line.no for line in view.lines if line.text.startswith("___") and "old_api[6]" in line.text)
    seed = next(line.no for line in view.lines if line.no > heading and line.text.startswith("E       "))
    sel = Selector(view, 100_000)
    assert sel.add(list(range(seed + top, view.total_lines + 1)))
    seed_blocks(lines, sel, scores, inside=lambda no: no == seed)
    return sel.chosen, seed


def test_a_seed_the_window_reached_takes_the_lines_above_it_as_its_own_block_does() -> None:
    # The window before the failure goes back as far as the room before it lets it: a few characters freed above
    # (a block read shorter) moved its top from below the seed to the seed itself. The seed then took nothing
    # above it (its `def old_api(x):` and `>  warnings.warn(...)` source lines, what raised it), and those lines
    # waited for the last seeds' leftovers, where a far line fitting by a few characters took their place.
    below, seed = _seeded_from(1)  # the window ended below the seed: the seed's own block
    at, _ = _seeded_from(0)  # the window ended at the seed
    assert {seed - 2, seed - 1} <= below
    assert at == below


def test_a_seed_the_window_reached_takes_no_table_the_window_passed_over() -> None:
    # Control: Jest's threshold lines under its 14-row coverage table, a failing test's report above (real run, Jest
    # 29.7.0). The window before the failure passes over the table (window._over_table, Selector.passed: its last
    # row stays) and ends at the first threshold line, whose lines above it are the table's rows, no context of
    # it: on LogChunks' dev half an autoprefixer log's 40 rows took 900 tokens and left its Jest report 3 lines short.
    text = (DATA / "jest29_coverage_threshold_14_files.txt").read_text()
    excerpt = extract_facts(framing.travis("npx jest --coverage", text), budget_tokens=2000).excerpt
    assert 'Jest: "global" coverage threshold for branches (90%) not met: 50%' in excerpt
    assert "Expected: 5" in excerpt
    rows = [line for line in excerpt.splitlines() if line.startswith(" price")]
    assert [row.split("|")[0].strip() for row in rows] == ["price9.js"]  # the table's last row, kept by the window


def test_room_freed_beside_a_report_goes_to_the_report_not_to_the_build_warnings_above_it() -> None:
    # `$ pytest -W "error:old_api:..."` after a build's gcc 12 warnings in the same step, then pytest's 12 grouped
    # failures (real runs), at 2,000 tokens and with 30 and 40 more (room a shorter block frees): what the step printed
    # above its report waits (grow._above_report) whatever the room. The command's `error` read it as the report's
    # start, so gcc's warnings were the report's seeds: 30 tokens more took a warning's 2 lines in place of the
    # report's, and the report kept 165, 167 and 165 of its 177 lines.
    command = 'pytest -p no:asyncio -W "error:old_api:DeprecationWarning" tests'
    built = (DATA / "gcc12_wall_840_warnings.txt").read_text()
    report = (DATA / "pytest_grouped.txt").read_text()
    log = framing.travis(command, built + report)
    texts = log.decode().split("\n")
    top = texts.index(f"travis_time:start:1b2c3d4e\r\x1b[0K$ {command}") + 1  # the command's line number
    warnings = range(top + 1, top + 1 + len(built.rstrip("\n").split("\n")))
    own = [warnings[-1] + 1 + i for i, text in enumerate(report.rstrip("\n").split("\n")) if text.strip()]
    kept = []
    for budget in (2000, 2030, 2040):
        shown = {n for r in extract_facts(log, budget_tokens=budget).excerpt_lines for n in range(r.start, r.end + 1)}
        assert shown.intersection(warnings) <= {top + 1, top + 2}  # at most the command's nearest context
        kept.append(sum(n in shown for n in own))
    assert len(own) == 177 and kept == sorted(kept) and kept[0] >= 167


def test_a_seed_the_window_reached_in_a_report_printed_again_takes_no_copy_above_it() -> None:
    # Control: travis_retry's attempts print pytest's report again (real run, two suites failing the same way, as
    # bench/sample_chunks' retry job frames it). The window before the failure passes over the copies and ends at the
    # last attempt's summary, a copy too: its lines above are the copied `FAILED` rows, which wait for the first
    # instance (grow); taken at the summary's rank they cost the first attempt's report 3 of its lines at 2,000.
    out = (DATA / "pytest9_two_runs_same_error.txt").read_text().rstrip("\n").split("\n")
    again = [["", f'The command "bash run.sh" failed. Retrying, {n} of 3.', ""] for n in (2, 3)]
    runs = [*out, *again[0], *out, *again[1], *out, "", 'The command "bash run.sh" failed 3 times.']
    log = framing.travis("travis_retry bash run.sh", "\n".join(runs))
    texts = log.decode().split("\n")
    last = max(no for no, text in enumerate(texts, start=1) if text == out[-1])  # the last attempt's summary
    shown = {n for r in extract_facts(log, budget_tokens=2000).excerpt_lines for n in range(r.start, r.end + 1)}
    assert last in shown and not shown.intersection(range(last - 3, last))
