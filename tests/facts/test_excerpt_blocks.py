"""How the excerpt cuts a block of context around one telling line (real tool output)."""

from __future__ import annotations

from pathlib import Path

from remediate.facts.excerpt import (
    HEADER_COST,
    MAX_LINE_CHARS,
    REPEATS_COST,
    _block,
    _nearest,
    _Selector,
    identical_runs,
    render_line,
)
from remediate.facts.view import Line, View

DATA = Path(__file__).parent / "data"


def view_of(text: str) -> View:
    lines = [Line(no, t, b"") for no, t in enumerate(text.splitlines(), start=1)]
    return View(lines=lines, index={line.no: i for i, line in enumerate(lines)}, total_lines=len(lines))


def gcc_view() -> tuple[View, list[int]]:
    view = view_of((DATA / "gcc_include_chain.txt").read_text())
    errors = [line.no for line in view.lines if ": error: unknown type name" in line.text]
    assert len(errors) == 6
    return view, errors


def test_a_block_keeps_the_indented_report_its_line_closes() -> None:
    # gcc prints the include chain above the error, indented under its "In file included from"
    # head: the error's block is the whole chain, the error and its caret.
    view, errors = gcc_view()
    for no in errors:
        block = [view.text(n) for n in _block(view, no, {no: 8.0})]
        head = next(i for i, t in enumerate(block) if t.startswith("In file included from"))
        assert all(t.startswith("                 from ") for t in block[head + 1 : block.index(view.text(no))])
        assert block[head - 1].startswith("gcc -c main") or head == 0  # up to the command, no further
        assert any("^~~~" in t for t in block)


def test_a_block_above_stops_at_a_blank_line_and_a_passing_verdict() -> None:
    text = "\n".join(["ok 1 - parses", "    detail of a passing test", *(f"    frame {i}" for i in range(6))])
    view = view_of(text + "\nnot ok 2 - resolves\n")
    block = _block(view, 9, {9: 8.0})
    assert block == list(range(2, 10))  # the indented run and its head, not the passing `ok 1`
    view = view_of("\n".join(["start", "", *(f"    frame {i}" for i in range(6)), "not ok 2 - resolves"]))
    assert _block(view, 9, {9: 8.0}) == list(range(3, 10))


def test_a_block_too_big_for_the_room_keeps_the_lines_nearest_its_seed() -> None:
    view, errors = gcc_view()
    no = errors[2]
    block = _block(view, no, {no: 8.0})
    sel = _Selector(view, 10_000)
    part = _nearest(sel, block, no, 200)
    assert no in part and part == list(range(part[0], part[-1] + 1))
    assert sel.block_cost(part) <= 200 < sel.block_cost(block)
    above, below = no - part[0], part[-1] - no
    assert abs(above - below) <= 1 and above >= 1 and below >= 1


def test_identical_runs_are_three_or_more_equal_consecutive_non_blank_lines() -> None:
    view = view_of("\n".join(["a", "x", "x", "x", "b", "y", "y", "", "", "", "z", "z", "z", "z"]))
    runs = identical_runs(view)
    assert runs == {2: (2, 4), 3: (2, 4), 4: (2, 4), 11: (11, 14), 12: (11, 14), 13: (11, 14), 14: (11, 14)}
    gap = View(lines=[view.lines[1], view.lines[2], view.lines[4]], index={2: 0, 3: 1, 5: 2}, total_lines=14)
    assert identical_runs(gap) == {}  # lines 2, 3 and 5 are not consecutive


def test_a_run_is_taken_whole_for_its_first_line_and_one_count_line() -> None:
    view = view_of("\n".join(["start", *(["retrying: connection refused"] * 30), "end"]))
    sel = _Selector(view, 10_000)
    line = len("retrying: connection refused") + 1
    assert sel.block_cost([10]) == line + REPEATS_COST + HEADER_COST
    assert sel.add([10]) and sel.chosen == set(range(2, 32))
    assert sel.block_cost([1, 32]) == len("start\n") + len("end\n")  # they join the block: no new header


def test_a_long_line_keeps_the_causes_its_middle_states() -> None:
    # Real `mvn -o` output: one [ERROR] line of 815 characters chaining its causes. A blind head
    # and tail cut kept "Failed to execute goal ..." and "... has not been downloaded" and dropped
    # which artifacts could not be resolved and why.
    line = next(t for t in (DATA / "maven_plugin_resolution.txt").read_text().splitlines() if len(t) > 800)
    out = render_line(line)
    assert len(out) <= MAX_LINE_CHARS
    assert out.startswith("[ERROR] Failed to execute goal org.apache.maven.plugins:maven-resources-plugin:2.6")
    assert out.endswith("has not been downloaded from it before. -> [Help 1]")
    assert "The following artifacts could not be resolved: org.apache.maven:maven-project:jar:2.0.6" in out
    assert "Cannot access central (https://repo.maven.apache.org/maven2) in offline mode" in out
    pieces = out.split(" […] ")
    assert all(piece in line for piece in pieces) and len(pieces) == 4  # each cut is marked


def test_a_long_line_with_nothing_telling_in_its_middle_keeps_its_head_and_tail() -> None:
    line = "classpath: " + ":".join(f"/home/ci/.m2/repository/org/lib{i}/lib{i}-1.0.jar" for i in range(40))
    out = render_line(line)
    head, tail = out.split(" […] ")
    assert len(out) == MAX_LINE_CHARS and line.startswith(head) and line.endswith(tail) and len(head) > len(tail)


def test_a_telling_phrase_near_the_head_joins_it_and_every_shape_fits() -> None:
    line = "x" * 130 + " error: boom " + "y" * 600
    out = render_line(line)
    assert out.count(" […] ") == 1 and "error: boom" in out and len(out) == MAX_LINE_CHARS
    for n in range(MAX_LINE_CHARS + 1, 4200, 97):  # phrases everywhere, nowhere, at either end
        for text in ("error " * n, "a" * n, "e" * (n - 5) + "fail", "fail" + "e" * n, ("x" * 37 + " Error ") * n):
            text = text[:n]
            assert len(render_line(text)) <= MAX_LINE_CHARS
