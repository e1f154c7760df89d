"""Terminal sequences: one ECMA-48 routine, and every parser reads coloured output as it reads plain."""

from __future__ import annotations

from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.facts.reader import clean_line
from remediate.facts.terminal import decode, lines_up, strip_terminal
from remediate.models import Facts

DATA = Path(__file__).parent / "data" / "color"


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("\x1b[1m\x1b[31merror:\x1b(B\x1b[m Incompatible", "error: Incompatible"),  # curses sgr0
        ("\x1b]8;;https://example.com/x\x1b\\link\x1b]8;;\x1b\\ text", "link text"),  # OSC 8, ST-terminated
        ("\x1b]0;my title\x07after", "after"),  # OSC title, BEL-terminated
        ("\x1b[?25l\x1b[?1049hscreen\x1b[?25h", "screen"),  # DEC private modes
        ("\x1b=keypad\x1b>", "keypad"),
        ("\x1b7saved\x1b8", "saved"),
        ("\x1b#8align", "align"),
        ("\x1bPdevice control\x1b\\done", "done"),  # DCS
        ("\x1b_app\x1b\\ok", "ok"),  # APC
        ("\x9b31mred\x9b0m", "red"),  # 8-bit CSI
        ("\x9d0;title\x9cvisible", "visible"),  # 8-bit OSC and ST
        ("\x1b[2K\x1b[1Aup", "up"),  # erase line, cursor up
        ("\x1b]8;;unterminated to the end", ""),
        ("lone \x1b", "lone "),
        ("^[[36mliteral^[[0m", "literal"),
        ("[36;1mlost ESC[0m", "lost ESC"),
        ("error:(B[m lost sgr0", "error: lost sgr0"),
        ("keep [brackets] and (B) and a[1] and ^[x", "keep [brackets] and (B) and a[1] and ^[x"),
        # concealed text (SGR 8) to its reset: Jenkins' console notes in a raw build log
        ("\x1b[8mha:////4H+H6gi+RzqRXgbuxDkiAAAA==\x1b[0m[Pipeline] sh", "[Pipeline] sh"),
        ("Started by user \x1b[8mha:////4Bp0lo3G==\x1b[0madmin", "Started by user admin"),
        ("\x1b[8mconcealed with no reset", "concealed with no reset"),
    ],
)
def test_strip_terminal(text: str, plain: str) -> None:
    assert strip_terminal(text) == plain


def test_a_stray_c1_byte_is_decoded_as_a_control_and_stripped() -> None:
    raw = b"\x9b31mred\x9b0m caf\xc3\xa9 \xff"
    assert decode(raw) == "\x9b31mred\x9b0m café \ufffd"
    assert clean_line(raw) == "red café \ufffd"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        # bats' pretty formatter: the test's name, its counter at column 77, then the line redrawn
        # from column 1 with the result (real bats 1.8.2 output, tests/facts/data/bats_pretty.txt).
        (
            b"\x1b[0m\x1b[1G   greets by name\x1b[K\x1b[77G1/3\x1b[2G\x1b[31;1m\x1b[1G \xe2\x9c\x97 greets by name\x1b[K",
            " \u2717 greets by name",
        ),
        (b"\x1b[G 10%\x1b[0G 55%\x1b[1G 100% done", " 100% done"),  # no parameter, and 0, are column 1 too
        (b"\x1b[1Gbuild error: x\x1b[1Gdone", "build error: x done"),  # a frame that says error is kept
        (b"\x1b[12Gindented", "indented"),  # another column is no return
        (b"GET /a 200", "GET /a 200"),
    ],
)
def test_a_move_to_column_one_redraws_the_line_like_a_carriage_return(raw: bytes, shown: str) -> None:
    assert clean_line(raw) == shown


def test_strip_terminal_is_linear_on_hostile_input() -> None:
    # Thousands of sequence starters with no terminator: each alternative is a single bounded pass.
    for text in ("\x1b[" + "1;" * 200_000, "\x1b]" + "x" * 400_000, "[" * 400_000, "^[[" * 100_000):
        assert len(strip_terminal(text)) <= len(text)


def _key(facts: Facts) -> tuple[object, ...]:
    errors = [(e.tool, e.file, e.line, e.column, e.code, e.message) for e in facts.errors]
    return facts.category, facts.tools, errors, [t.id for t in facts.failing_tests]


@pytest.mark.parametrize("tool", sorted(p.name.removesuffix("_color.txt") for p in DATA.glob("*_color.txt")))
def test_coloured_output_parses_like_plain(tool: str) -> None:
    coloured = extract_facts(DATA / f"{tool}_color.txt")
    plain = extract_facts(DATA / f"{tool}_plain.txt")
    assert coloured.errors or coloured.failing_tests, f"{tool}: nothing parsed"
    assert _key(coloured) == _key(plain)
    assert "\x1b" not in coloured.excerpt and "(B" not in coloured.excerpt


def test_a_line_that_moves_the_cursor_up_overwrites_the_lines_above() -> None:
    # Real lint-staged 10.5 output in a pseudo-terminal (data/lint_staged10_tty.txt): log-update
    # erases the last frame (`ESC[2K` then `ESC[1A ESC[2K` per line of it) before writing the next.
    raws = (DATA.parent / "lint_staged10_tty.txt").read_bytes().split(b"\n")
    frames = [lines_up(raw) for raw in raws]
    assert frames[2:6] == [0, 1, 0, 2]  # "Preparing..." redrawn, then a frame of two lines
    assert max(frames) == 5 and frames[-2] == 0  # the error printed after the last frame stays
    assert lines_up(b"\x1b[?25h\x1b[?25l\x1b[80D\x1b[1A\x1b[0K  [====] 3 failing") == 1  # a progress bar's redraw
    assert lines_up(b"\x1b[3F done") == 3
    # docker pull's update of a layer's line above comes back down: the lines between stay.
    assert lines_up(b"\x1b[1A\x1b[2K\r9f15960c1d31: Pulling fs layer \r\x1b[1B\r") == 0
    assert lines_up(b"plain \x1b[1A text") == 0  # not before the line's text
