"""Short holes between two chosen blocks of one report: taken whole when they cost about the header they save."""

from __future__ import annotations

from pathlib import Path

from remediate.facts import extract_facts
from tests.facts import framing

DATA = Path(__file__).parent / "data"


def _shown(log: bytes) -> set[int]:
    return {n for r in extract_facts(log, budget_tokens=2000).excerpt_lines for n in range(r.start, r.end + 1)}


def test_a_frames_argument_line_between_two_taken_blocks_of_one_traceback_is_shown() -> None:
    # Real pytest 8 run (urllib to a public name, no network): the chained traceback's frames above and below
    # `host = 'rates.acme-payments.com', port = 80, family = 0` were taken and the line was not (its 56 characters
    # cost about the 30 of the header it saves), so one traceback was shown as two blocks.
    log = framing.travis("make check", (DATA / "pytest8_urllib_public_host.txt").read_text())
    texts = log.decode().split("\n")
    hole = texts.index("host = 'rates.acme-payments.com', port = 80, family = 0") + 1
    assert texts[hole].startswith("type = <SocketKind")  # the frame's arguments go on below it
    shown = _shown(log)
    assert {hole - 1, hole, hole + 1} <= shown
    # The traceback from the first frame that names the request to the chained exception's error is one block.
    top = texts.index("/usr/lib/python3.11/http/client.py:1282: in request") + 1
    error = texts.index("E       socket.gaierror: [Errno -2] Name or service not known") + 1
    assert set(range(top, error + 1)) <= shown


def test_a_passing_verdict_between_two_failures_reports_stays_out() -> None:
    # Control: real Gradle 4.4.1 output, a test's `... PASSED` verdict right below the stderr it printed (a decoy
    # stack trace, taken) and above the next test's lines is no failure's context: a hole of one short line that
    # costs less than its header, not closed (3 such holes; the excerpt has room left).
    log = framing.travis("make check", (DATA / "gradle441_test_decoys_passed.txt").read_text())
    texts = log.decode().split("\n")
    shown = _shown(log)
    decoys = [
        no
        for no, text in enumerate(texts, start=1)
        if text.endswith(" PASSED") and text.replace(" PASSED", " STANDARD_ERROR") in texts
    ]
    assert len(decoys) == 3 and not shown.intersection(decoys)
    assert all(no - 1 in shown and no + 1 in shown for no in decoys)
