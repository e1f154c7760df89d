"""What fills the room a change frees: the first instance of a report printed again, not its copies."""

from __future__ import annotations

from pathlib import Path

from remediate.facts import extract_facts
from tests.facts import framing

DATA = Path(__file__).parent / "data"


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
    # The copies above the summary come once the first attempt's report is whole (its later tracebacks' frames are
    # pointers to its first's, copies.TRACE_AGAIN, and leave room), never before.
    top = texts.index(out[0]) + 1
    first = {n for n in range(top, top + len(out)) if texts[n - 1].strip()}
    assert last in shown and first <= shown
