"""A secret a tool's framing cuts across its lines, read as the stream the lines show (redact.Redactor._dumps_read,
facts/dumplines.py): a hex dump of a file holding it, curl's traces. Every piece of it goes, its hex digits too; the
rest of each line stays as printed."""

from __future__ import annotations

import pytest

from remediate.facts.redact import redact_text

# Real output: xxd 2023.10, util-linux 2.38's `hexdump -C` and coreutils 9.1's `od -A x -t x1z` of a file holding a
# password and a GitHub token (fakes).
HEX_DUMPS = """\
# xxd app.env
00000000: 4442 5f48 4f53 543d 6462 2e69 6e74 6572  DB_HOST=db.inter
00000010: 6e61 6c0a 4442 5f50 4153 5357 4f52 443d  nal.DB_PASSWORD=
00000020: 5a71 3876 4c6d 3270 5872 3954 6b57 346e  Zq8vLm2pXr9TkW4n
00000030: 4263 3759 0a41 5049 5f54 4f4b 454e 3d67  Bc7Y.API_TOKEN=g
00000040: 6870 5f51 6b37 765a 7032 4c78 5739 6d52  hp_Qk7vZp2LxW9mR
00000050: 7434 4e63 4238 7948 7333 4a61 5731 7856  t4NcB8yHs3JaW1xV
00000060: 6235 6e54 6536 750a                      b5nTe6u.
# hexdump -C app.env
00000000  44 42 5f 48 4f 53 54 3d  64 62 2e 69 6e 74 65 72  |DB_HOST=db.inter|
00000010  6e 61 6c 0a 44 42 5f 50  41 53 53 57 4f 52 44 3d  |nal.DB_PASSWORD=|
00000020  5a 71 38 76 4c 6d 32 70  58 72 39 54 6b 57 34 6e  |Zq8vLm2pXr9TkW4n|
00000030  42 63 37 59 0a 41 50 49  5f 54 4f 4b 45 4e 3d 67  |Bc7Y.API_TOKEN=g|
00000040  68 70 5f 51 6b 37 76 5a  70 32 4c 78 57 39 6d 52  |hp_Qk7vZp2LxW9mR|
00000050  74 34 4e 63 42 38 79 48  73 33 4a 61 57 31 78 56  |t4NcB8yHs3JaW1xV|
00000060  62 35 6e 54 65 36 75 0a                           |b5nTe6u.|
00000068
# od -A x -t x1z app.env
000000 44 42 5f 48 4f 53 54 3d 64 62 2e 69 6e 74 65 72  >DB_HOST=db.inter<
000010 6e 61 6c 0a 44 42 5f 50 41 53 53 57 4f 52 44 3d  >nal.DB_PASSWORD=<
000020 5a 71 38 76 4c 6d 32 70 58 72 39 54 6b 57 34 6e  >Zq8vLm2pXr9TkW4n<
000030 42 63 37 59 0a 41 50 49 5f 54 4f 4b 45 4e 3d 67  >Bc7Y.API_TOKEN=g<
000040 68 70 5f 51 6b 37 76 5a 70 32 4c 78 57 39 6d 52  >hp_Qk7vZp2LxW9mR<
000050 74 34 4e 63 42 38 79 48 73 33 4a 61 57 31 78 56  >t4NcB8yHs3JaW1xV<
000060 62 35 6e 54 65 36 75 0a                          >b5nTe6u.<
000068"""

PASSWORD, TOKEN = "Zq8vLm2pXr9TkW4nBc7Y", "Qk7vZp2LxW9mRt4NcB8yHs3JaW1xVb5nTe6u"


def _hex(text: str) -> str:
    return text.encode().hex()


def test_a_hex_dump_s_secrets_go_in_both_columns() -> None:
    out = redact_text(HEX_DUMPS)
    for value in (PASSWORD, TOKEN):
        for piece in (value[:6], value[-6:], value[8:14]):
            assert piece not in out, (piece, out)
            assert _hex(piece[:2]) not in out.replace(" ", ""), (piece, out)
    assert out.count("DB_HOST=db.inter") == 3 and out.count(".API_TOKEN=") == 3, out
    assert out.count("44 42 5f 48 4f 53 54 3d") == 2 and out.count("[REDACTED:github_token]") >= 3 * 2 * 4, out


# Real output: curl 7.88.1's `--trace-ascii` of a POST with a bearer token and a JSON body to a local server (Python
# 3.11's http.server): the token and the password cut at a line's 64th byte (the header block's last, empty line
# left out).
TRACE_ASCII = """\
=> Send header, 280 bytes (0x118)
0000: POST /login HTTP/1.1
0016: Host: localhost:18935
002d: User-Agent: curl/7.88.1
0046: Accept: */*
0053: Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjaS1ib3QtM
0093: TIzNDU2Nzg5MCJ9.Qk7vZp2LxW9mRt4NcB8yHs3JaW1xVb5nTe6uQk7vZp2
00d0: Content-Length: 118
00e5: Content-Type: application/x-www-form-urlencoded
=> Send data, 118 bytes (0x76)
0000: {"username":"ci","password":"Zq8vLm2pXr9TkW4nBc7YxQ2wLk7Vb3RtZq8
0040: vLm2pXr9T","client_secret":"Xn5TqP8wLk2VbR7mZc4YdF9G"}"""


def test_a_trace_s_token_and_password_go_on_both_lines() -> None:
    out = redact_text(TRACE_ASCII)
    for piece in ("TIzNDU2Nzg5MCJ9", "Qk7vZp2LxW9mRt4NcB8yHs3J", "eyJzdWIiOiJjaS1ib3Q", "vLm2pXr9T", "Xn5TqP8wLk2V"):
        assert piece not in out, (piece, out)
    assert "0053: Authorization: Bearer [REDACTED:" in out and "\n0093: [REDACTED:" in out, out
    assert "0000: POST /login HTTP/1.1\n0016: Host: localhost:18935" in out, out
    assert '0040: [REDACTED:secret_assignment]","client_secret":' in out, out


# Real output: curl 7.88.1's `--trace` (hex and text, 16 bytes a line) of a GET with a bearer token.
TRACE_HEX = """\
=> Send header, 205 bytes (0xcd)
0000: 47 45 54 20 2f 78 20 48 54 54 50 2f 31 2e 31 0d GET /x HTTP/1.1.
0010: 0a 48 6f 73 74 3a 20 6c 6f 63 61 6c 68 6f 73 74 .Host: localhost
0020: 3a 31 38 39 33 35 0d 0a 55 73 65 72 2d 41 67 65 :18935..User-Age
0030: 6e 74 3a 20 63 75 72 6c 2f 37 2e 38 38 2e 31 0d nt: curl/7.88.1.
0040: 0a 41 63 63 65 70 74 3a 20 2a 2f 2a 0d 0a 41 75 .Accept: */*..Au
0050: 74 68 6f 72 69 7a 61 74 69 6f 6e 3a 20 42 65 61 thorization: Bea
0060: 72 65 72 20 65 79 4a 68 62 47 63 69 4f 69 4a 49 rer eyJhbGciOiJI
0070: 55 7a 49 31 4e 69 4a 39 2e 65 79 4a 7a 64 57 49 UzI1NiJ9.eyJzdWI
0080: 69 4f 69 4a 6a 61 53 31 69 62 33 51 74 4d 54 49 iOiJjaS1ib3QtMTI
0090: 7a 4e 44 55 32 4e 7a 67 35 4d 43 4a 39 2e 51 6b zNDU2Nzg5MCJ9.Qk
00a0: 37 76 5a 70 32 4c 78 57 39 6d 52 74 34 4e 63 42 7vZp2LxW9mRt4NcB
00b0: 38 79 48 73 33 4a 61 57 31 78 56 62 35 6e 54 65 8yHs3JaW1xVb5nTe
00c0: 36 75 51 6b 37 76 5a 70 32 0d 0a 0d 0a          6uQk7vZp2....
== Info: HTTP 1.0, assume close after body
<= Recv header, 17 bytes (0x11)"""


def test_a_hex_trace_s_token_goes() -> None:
    out = redact_text(TRACE_HEX)
    for piece in ("UzI1NiJ9.eyJzdWI", "iOiJjaS1ib3QtMTI", _hex("UzI1NiJ9"), _hex("iOiJjaS1i")):
        assert piece not in out.replace(" ", ""), (piece, out)
    assert "0050: 74 68 6f 72 69 7a 61 74 69 6f 6e 3a 20 42 65 61 thorization: Bea" in out, out


@pytest.mark.parametrize(
    "text",
    [
        "0000: 41 42 43 44 api_key=\n0010: 45 46 Zq8vLm2pXr9TkW4nBc7Y",  # hex that is not the text beside it
        "2026 12 01  released\n2027 01 02  planned",  # a table of dates
        "0000: password=\n0040: Zq8vLm2pXr9TkW4nBc7Y",  # a trace's offsets that do not follow
    ],
)
def test_lines_that_only_look_like_a_dump_are_read_as_printed(text: str) -> None:
    assert redact_text(text) == text


# Real output: coreutils 9.1's `od -c` and util-linux 2.38's `hexdump -c` of a file holding a password and a GitHub
# token (fakes): each byte in a cell of four, a C escape or three octal digits where it is not printable (the blanks
# at a line's end left out, as a CI's log may: `o   k` then a blank's cell).
CHAR_DUMPS = """\
# od -c app.env
0000000   D   B   _   H   O   S   T   =   d   b  \\t   i   n   t   e   r
0000020   n   a   l  \\n   D   B   _   P   A   S   S   W   O   R   D   =
0000040   Z   q   8   v   L   m   2   p   X   r   9   T   k   W   4   n
0000060   B   c   7   Y  \\n   A   P   I   _   T   O   K   E   N   =   g
0000100   h   p   _   Q   k   7   v   Z   p   2   L   x   W   9   m   R
0000120   t   4   N   c   B   8   y   H   s   3   J   a   W   1   x   V
0000140   b   5   n   T   e   6   u  \\n  \\0 001 303 251       o   k
0000160   \\       e   n   d  \\n
0000166
# hexdump -c app.env
0000000   D   B   _   H   O   S   T   =   d   b  \\t   i   n   t   e   r
0000010   n   a   l  \\n   D   B   _   P   A   S   S   W   O   R   D   =
0000020   Z   q   8   v   L   m   2   p   X   r   9   T   k   W   4   n
0000030   B   c   7   Y  \\n   A   P   I   _   T   O   K   E   N   =   g
0000040   h   p   _   Q   k   7   v   Z   p   2   L   x   W   9   m   R
0000050   t   4   N   c   B   8   y   H   s   3   J   a   W   1   x   V
0000060   b   5   n   T   e   6   u  \\n  \\0 001 303 251       o   k
0000070   \\       e   n   d  \\n
0000076"""


def _cells(text: str) -> str:
    return "".join(f"{c:>4}" for c in text)


def test_a_character_dump_s_secrets_go_cell_by_cell() -> None:
    out = redact_text(CHAR_DUMPS)
    for value in (PASSWORD, TOKEN):
        for piece in (value[:4], value[-4:], value[8:12]):
            assert _cells(piece) not in out, (piece, out)
    assert out.count(_cells("DB_PASSWORD=")) == 2 and out.count(_cells("API_TOKEN=") + "[REDACTED:github_token]") == 2
    assert out.count("  \\n  \\0 001 303 251       o   k\n") == 2 and out.count("\\       e   n   d  \\n") == 2, out


# Real output: util-linux 2.38's `hexdump -C` of a YAML file whose password is aligned far to the right: the rows of
# blanks between its key and its value squeezed to a `*` line.
SQUEEZED = """\
00000000  64 62 5f 75 73 65 72 3a  20 63 69 0a 70 61 73 73  |db_user: ci.pass|
00000010  77 6f 72 64 3a 20 20 20  20 20 20 20 20 20 20 20  |word:           |
00000020  20 20 20 20 20 20 20 20  20 20 20 20 20 20 20 20  |                |
*
00000040  20 20 20 20 20 51 6b 37  76 5a 70 32 4c 78 57 39  |     Qk7vZp2LxW9|
00000050  6d 52 74 34 4e 63 42 38  79 48 73 33 4a 61 57 31  |mRt4NcB8yHs3JaW1|
00000060  78 56 62 35 6e 0a                                 |xVb5n.|
00000066"""


def test_a_value_below_a_squeezed_row_goes() -> None:
    out = redact_text(SQUEEZED)
    for piece in ("Qk7vZp2LxW9", "mRt4NcB8yHs3JaW1", "xVb5n", _hex("Qk7vZp"), _hex("mRt4Nc")):
        assert piece not in out.replace(" ", "").replace("|", ""), (piece, out)
    assert "|     [REDACTED:" in out and "\n*\n" in out and "|word:           |" in out, out


# Real output: curl 7.88.1's `--trace-ascii` and `--trace` of a GET of a 64 KB file from Python 3.11's http.server
# (a few lines of each kept): the offsets hold a letter first past 0x9fff and a fifth digit past 0xffff, a password
# cut at each; --trace-ascii shows the file's line feeds as `.`, as any byte not printable.
TRACE_FAR = """\
<= Recv data, 65551 bytes (0x1000f)
9f80: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.
9fc0: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.DB_PASSWORD=Zq8vLm2pXr9TkW4nBc7Y
a000: xQ2wLk7Vb3Rt.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
ff80: xxxxxxxxxxxx.yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy
ffc0: yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyclient_secret=Xn5TqP8wLk2VbR7mZc
10000: 4YdF9GhJ3sWq6E.
<= Recv data, 65551 bytes (0x1000f)
9fe0: 44 42 5f 50 41 53 53 57 4f 52 44 3d 5a 71 38 76 DB_PASSWORD=Zq8v
9ff0: 4c 6d 32 70 58 72 39 54 6b 57 34 6e 42 63 37 59 Lm2pXr9TkW4nBc7Y
a000: 78 51 32 77 4c 6b 37 56 62 33 52 74 0a 78 78 78 xQ2wLk7Vb3Rt.xxx
a010: 78 78 78 78 78 78 78 78 78 78 78 78 78 78 78 78 xxxxxxxxxxxxxxxx
ffe0: 63 6c 69 65 6e 74 5f 73 65 63 72 65 74 3d 58 6e client_secret=Xn
fff0: 35 54 71 50 38 77 4c 6b 32 56 62 52 37 6d 5a 63 5TqP8wLk2VbR7mZc
10000: 34 59 64 46 39 47 68 4a 33 73 57 71 36 45 0a    4YdF9GhJ3sWq6E."""


def test_a_trace_s_value_goes_past_its_offsets_fourth_digit() -> None:
    out = redact_text(TRACE_FAR)
    for piece in ("xQ2wLk7Vb3Rt", "4YdF9GhJ3sWq6E", "Xn5TqP8w", _hex("xQ2wLk"), _hex("4YdF9G")):
        assert piece not in out.replace(" ", ""), (piece, out)
    assert "9fc0: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.DB_PASSWORD=[REDACTED:" in out, out
    assert "a010: 78 78 78 78 78 78 78 78 78 78 78 78 78 78 78 78 xxxxxxxxxxxxxxxx" in out, out


def test_a_trace_whose_second_line_opens_with_a_letter_is_read() -> None:
    # a piece of the log (view.PIECE_LINES) that opens at a trace's line 40 KB in: no line below opens with a digit
    out = redact_text("\n".join(TRACE_FAR.split("\n")[2:4]))
    assert "xQ2wLk7Vb3Rt" not in out and out.startswith("9fc0: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.DB_PASSWORD=[RED"), out


# Real output: curl 7.88.1's `--trace-ascii` and `--trace` of a GET from a server (Python 3.11's socket) that wrote the
# body in two parts, half a second apart: curl read and traced it as two chunks, the password cut between them (the
# lines of x's of --trace cut to two).
CHUNKED = """\
<= Recv data, 214 bytes (0xd6)
0080: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.
00c0: DB_PASSWORD=Zq8vLm2pXr
<= Recv data, 26 bytes (0x1a)
0000: 9TkW4nBc7YxQ2wLk7Vb3Rt.ok.
== Info: Connection #0 to host 127.0.0.1 left intact
<= Recv data, 214 bytes (0xd6)
00b0: 78 78 78 78 78 78 78 78 78 78 78 78 78 78 78 0a xxxxxxxxxxxxxxx.
00c0: 44 42 5f 50 41 53 53 57 4f 52 44 3d 5a 71 38 76 DB_PASSWORD=Zq8v
00d0: 4c 6d 32 70 58 72                               Lm2pXr
<= Recv data, 26 bytes (0x1a)
0000: 39 54 6b 57 34 6e 42 63 37 59 78 51 32 77 4c 6b 9TkW4nBc7YxQ2wLk
0010: 37 56 62 33 52 74 0a 6f 6b 0a                   7Vb3Rt.ok.
== Info: Connection #0 to host 127.0.0.1 left intact
<= Recv header, 17 bytes (0x11)
0000: Content-Length: 26
<= Recv header, 2 bytes (0x2)
0000: """


def test_a_value_curl_read_in_two_chunks_goes_in_both() -> None:
    out = redact_text(CHUNKED)
    for piece in ("9TkW4nBc7YxQ2wLk", "7Vb3Rt", _hex("9TkW4n"), _hex("7Vb3Rt")):
        assert piece not in out.replace(" ", ""), (piece, out)
    assert out.count("\n<= Recv data, 26 bytes (0x1a)\n0000: [REDACTED:") == 2, out
    assert "0010: [REDACTED:secret_assignment] 0a 6f 6b 0a" in out and "0000: Content-Length: 26" in out, out


# Each edge that cuts a secret of the dump (or its name from its value): `edge` of the dump's lines in the first piece.
EDGES = [*(("xxd", edge) for edge in range(2, 7)), *(("od", edge) for edge in range(3, 7)), ("trace", 1), ("trace", 4)]


@pytest.mark.parametrize(("dump", "edge"), EDGES)
def test_a_dump_the_edge_of_two_pieces_the_view_reads_cuts_is_one_stream(dump: str, edge: int) -> None:
    """The view reads, cleans and redacts a log 2,000 lines at a time (view.PIECE_LINES): a dump whose secret the
    edge of two pieces cuts is read whole across it (view._carried)."""
    from remediate.facts import extract_facts
    from remediate.facts.view import PIECE_LINES

    printed = {
        "xxd": HEX_DUMPS.split("\n")[1:8],
        "od": CHAR_DUMPS.split("\n")[1:9],
        "trace": [*TRACE_ASCII.split("\n")[5:7], *TRACE_FAR.split("\n")[1:4]],
    }[dump]
    log = [f"step {k} ok" for k in range(PIECE_LINES - edge)] + printed + ["Error: deploy failed", "exit 1"]
    shown = extract_facts("\n".join(log).encode(), deadline_s=None).model_dump_json()
    pieces = [*(v[k : k + 4] for v in (PASSWORD, TOKEN) for k in range(0, len(v), 4)), "TIzNDU2Nzg5", "xQ2wLk7Vb3Rt"]
    assert not [piece for piece in pieces if piece in shown or _cells(piece) in shown], shown[-1500:]


@pytest.mark.parametrize("edge", range(3, 8))  # the lines carried hold a value whole (a value the edge cuts: 1, 2)
def test_a_dump_at_the_edge_of_two_pieces_counts_each_value_once(edge: int) -> None:
    """The lines carried to the next piece's reading (view._carried) are read twice: `redactions` counts what a dump
    shows as often as where no edge is near (a password, a GitHub token: once each)."""
    from remediate.facts import extract_facts
    from remediate.facts.view import PIECE_LINES

    printed = HEX_DUMPS.split("\n")[1:8]
    log = [f"step {k} ok" for k in range(PIECE_LINES - edge)] + printed + [f"step {k} ok" for k in range(200)]
    facts = extract_facts("\n".join([*log, "Error: deploy failed", "exit 1"]).encode(), deadline_s=None)
    assert facts.redactions == {"github_token": 1, "secret_assignment": 1}
