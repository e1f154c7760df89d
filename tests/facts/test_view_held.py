"""view._Held: the lines read around the view's runs, screened as reader.holding_clean reads them, each cleaned once
where the windows of runs close together overlap."""

from __future__ import annotations

from pathlib import Path

import pytest

from remediate.facts import view
from remediate.facts.reader import holding_clean

COLOR = Path(__file__).parent / "data" / "color"


def test_each_part_reads_as_its_lines_holding_texts_and_a_line_read_before_is_not_cleaned_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Real coloured tool output made here (ESC sequences inside lines: each cleaned), a CRLF line, a long line.
    raws = [
        *(COLOR / "ansible_lint_color.txt").read_bytes().split(b"\n")[:60],
        b"CRLF ending\r",
        b"x=" + b"\x1b[31m" * 2000,
    ]
    cleaned: list[bytes] = []

    def counted(raw: bytes) -> str:
        cleaned.append(raw)
        return holding_clean(raw)

    monkeypatch.setattr(view, "holding_clean", counted)
    held = view._Held()
    above, below = raws[:40], raws[40:]
    assert held.texts(above, below) == ["\n".join(holding_clean(r) for r in part) for part in (above, below)]
    assert len(cleaned) == len(set(raws))
    # The next run's window: the previous window's last lines and new ones (a run less than ABOVE_LINES below).
    cleaned.clear()
    again = [*raws[20:45], b"a line not read before"]
    assert held.texts(again, []) == ["\n".join(holding_clean(r) for r in again), ""]
    assert cleaned == [b"a line not read before"]
    # Only the last window is kept: a line two windows back is cleaned again.
    assert held.texts(raws[:1], []) == [holding_clean(raws[0]), ""]
    assert cleaned[-1] == raws[0] and len(cleaned) == 2
