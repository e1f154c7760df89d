"""View.of: the one way to build a view from lines or texts, its index set."""

from __future__ import annotations

from remediate.facts.view import Line, View


def test_texts_become_lines_numbered_from_one_and_indexed() -> None:
    view = View.of(["FAIL src/cart.test.js", "  ● cart › totals", "    expect(received).toBe(3)"])
    assert [(line.no, line.raw) for line in view.lines] == [
        (1, b"FAIL src/cart.test.js"),
        (2, "  ● cart › totals".encode()),
        (3, b"    expect(received).toBe(3)"),
    ]
    assert view.index == {1: 0, 2: 1, 3: 2}
    assert view.total_lines == 3
    assert view.text(2) == "  ● cart › totals"
    assert [line.no for line in view.after(1, 5)] == [2, 3]


def test_lines_keep_their_numbers_and_the_index_follows_them() -> None:
    lines = [Line(2, "error: a", b"error: a"), Line(3, "  at b", b"  at b"), Line(5, "error: c", b"error: c")]
    view = View.of(lines, total_lines=14)
    assert view.lines == lines
    assert view.index == {2: 0, 3: 1, 5: 2}
    assert (view.total_lines, view.text(5), view.text(4), view.get(1)) == (14, "error: c", "", None)
    assert [line.no for line in view.after(2, 5)] == [3]  # stops at the gap before line 5


def test_an_empty_view_has_no_lines() -> None:
    view = View.of([])
    assert (view.lines, view.index, view.total_lines) == ([], {}, 0)


def test_within_holds_the_lines_numbered_in_a_span_across_the_view_s_gaps() -> None:
    # a view read around hits has gaps: a span's bounds may fall on lines it did not read
    view = View.of([Line(no, f"line {no}", b"") for no in (2, 3, 5, 9, 10, 40)], total_lines=50)
    assert [line.no for line in view.within(3, 9)] == [3, 5, 9]
    assert [line.no for line in view.within(4, 39)] == [5, 9, 10]
    assert [line.no for line in view.within(0, 50)] == [2, 3, 5, 9, 10, 40]
    assert [line.no for line in view.within(6, 8)] == []
    assert [line.no for line in view.within(10, 9)] == []  # an empty span
    assert View.of([]).within(1, 5) == []
