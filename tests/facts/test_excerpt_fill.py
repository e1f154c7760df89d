"""What fills the room a change frees: the failure's own report, not what its step printed above it."""

from __future__ import annotations

from pathlib import Path

from remediate.facts import extract_facts
from tests.facts import framing

DATA = Path(__file__).parent / "data"


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
