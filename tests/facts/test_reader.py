"""Reading and cleaning: errors are typed, lines keep their original numbers, junk is tolerated."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from remediate.facts import FactsInputError, reader
from remediate.facts.reader import (
    MAX_LINE_BYTES,
    WHOLE_LINE_BYTES,
    LogSource,
    clean_line,
    gh_step_prefix,
    holding_clean,
    strip_ansi,
)
from remediate.facts.redact import Redactor
from remediate.facts.scan import scan
from remediate.facts.view import View, build_view
from tests.facts.samples import DATA


def test_missing_log_is_a_typed_error(tmp_path: Path) -> None:
    with pytest.raises(FactsInputError, match="not found"):
        LogSource(tmp_path / "nope.log")


def test_directory_is_a_typed_error(tmp_path: Path) -> None:
    with pytest.raises(FactsInputError, match="directory"):
        LogSource(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read anything")
def test_unreadable_log_is_a_typed_error(tmp_path: Path) -> None:
    log = tmp_path / "locked.log"
    log.write_text("x\n")
    log.chmod(0)
    with pytest.raises(FactsInputError, match="cannot read"):
        LogSource(log)


def test_fifo_is_spooled(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    pid = os.fork()
    if pid == 0:  # writer
        with open(fifo, "wb") as w:
            w.write(b"one\ntwo\n")
        os._exit(0)
    with LogSource(fifo) as src:
        assert src.size == 8
        assert src.lines_from(0, 5) == [b"one", b"two"]
    os.waitpid(pid, 0)


def test_an_endless_device_is_refused_at_the_stream_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """`--log /dev/zero` (or a `tail -f` pipe) never ends: its copy stops at the limit with one line, not a full disk."""
    monkeypatch.setattr(reader, "MAX_STREAM_BYTES", 1 << 20)
    with pytest.raises(FactsInputError, match=r"^the log on /dev/zero is longer than .*: save it to a file"):
        LogSource(Path("/dev/zero"))


@pytest.mark.parametrize(("size", "refused"), [(8, False), (9, True)])
def test_a_pipe_is_spooled_up_to_the_stream_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int, refused: bool
) -> None:
    monkeypatch.setattr(reader, "MAX_STREAM_BYTES", 8)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    pid = os.fork()
    if pid == 0:  # writer
        with open(fifo, "wb") as w:
            w.write(b"x" * size)
        os._exit(0)
    try:
        if refused:
            with pytest.raises(FactsInputError, match="longer than"):
                LogSource(fifo)
        else:
            with LogSource(fifo) as src:
                assert src.size == size
    finally:
        os.waitpid(pid, 0)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (b"\x1b[31mError:\x1b[0m boom", "Error: boom"),
        (b"^[[36;1mecho hi^[[0m", "echo hi"),  # escapes written out literally
        (b"[36;1mif [ -f x ]; then[0m", "if [ -f x ]; then"),  # escapes whose ESC byte was lost
        (
            b"2024-05-01T10:00:00.1234567Z ##[error]Process completed with exit code 1.",
            "##[error]Process completed with exit code 1.",
        ),
        (b"\xef\xbb\xbf2024-05-01T10:00:00.1234567Z Current runner version: '2.3'", "Current runner version: '2.3'"),
        (b"build\tRun tests\t2024-05-01T10:00:00.1Z FAILED x", "FAILED x"),  # gh run view --log
        (b"02:29:55  Failure in test t (models/schema.yml)", "Failure in test t (models/schema.yml)"),
        (b"line with CRLF\r", "line with CRLF"),
        (b"\x1b[31mred CRLF\x1b[0m\r", "red CRLF"),
        (b"\x1b[0m\x1b[K\r", ""),  # a CRLF line of sequences alone, as a redraw's frames of them
        (b" \x1b[0m \x0b\r", ""),
        (b"Downloading 10%\rDownloading 100%\r", "Downloading 100%"),  # frames, then CRLF
        (b"Downloading 10%\rDownloading 55%\rDownloading 100%", "Downloading 100%"),
        (b"compiling\rerror: boom\rdone", "error: boom done"),  # a frame that says error survives
        (b"compiling\rerror: boom\r\x1b[K", "error: boom"),  # the last frame with text is the line's
        (b"\x1b]0;error in the title\x07\rdone", "done"),  # a frame of sequences alone says nothing
        (
            b"\r".join([b"\x1b[32m%3d%%\x1b[0m" % k for k in range(99)] + [b"FAIL: fetch", b"\x1b[K", b""]),
            "FAIL: fetch",
        ),
        (b"\x1b[K\r\x1b[0m\r", ""),
        (b"bad utf8 \xff\xfe here", "bad utf8 \ufffd\ufffd here"),
        (b"tab\tkept  ", "tab\tkept"),
        (b"section_start:1712345678:step_script\r\x1b[0KExecuting step", "Executing step"),
    ],
)
def test_clean_line(raw: bytes, clean: str) -> None:
    assert clean_line(raw) == clean


def test_binary_junk_becomes_a_marker() -> None:
    junk = bytes(range(256)) * 4
    assert clean_line(junk).startswith("[binary data, ")


def test_giant_line_keeps_head_and_tail() -> None:
    raw = b"head " + b"x" * (MAX_LINE_BYTES * 4) + b" tail"
    text = clean_line(raw)
    assert text.startswith("head ") and text.endswith(" tail") and len(text) < MAX_LINE_BYTES


def test_strip_ansi_leaves_brackets_alone() -> None:
    assert strip_ansi("list[0] and [x] stay") == "list[0] and [x] stay"


def test_gh_step_prefix() -> None:
    assert gh_step_prefix(b"test (3.11)\tRun pytest\t2024-05-01T10:00:00.1Z x") == "Run pytest"
    assert gh_step_prefix(b"2024-05-01T10:00:00.1Z x") is None


def _numbered(n: int, width: int = 10) -> bytes:
    return b"".join(b"%0*d\n" % (width, i) for i in range(1, n + 1))


def test_blocks_cover_the_log_at_line_boundaries() -> None:
    data = _numbered(1000) + b"no newline at end"
    with LogSource(data) as src:
        pieces = list(src.blocks(block_size=97))
    assert b"".join(p for _, p in pieces) == data
    assert all(p.endswith(b"\n") for _, p in pieces[:-1])
    assert [o for o, _ in pieces] == sorted(o for o, _ in pieces)


def test_blocks_cut_a_line_longer_than_a_block() -> None:
    data = b"short\n" + b"y" * 1000 + b"\nend\n"
    with LogSource(data) as src:
        pieces = list(src.blocks(block_size=64))
    assert b"".join(p for _, p in pieces) == data


def test_random_access_by_offset(tmp_path: Path) -> None:
    data = _numbered(500)
    log = tmp_path / "x.log"
    log.write_bytes(data)
    with LogSource(log) as src:
        offset = 11 * 99  # line 100 starts here
        assert src.lines_from(offset, 3) == [b"0000000100", b"0000000101", b"0000000102"]
        assert src.lines_before(offset, 2) == [b"0000000098", b"0000000099"]
        assert src.lines_from(11 * 498, 10) == [b"0000000499", b"0000000500"]
        assert src.lines_before(0, 5) == []


def test_lines_from_reads_in_chunks() -> None:
    data = _numbered(300)
    with LogSource(data) as src:
        assert src.lines_from(0, 300, chunk=7) == data.split(b"\n")[:-1]


def test_lines_from_chunked_matches_unchunked() -> None:
    data = _numbered(300) + b"x" * 5000 + b"\nlast"
    with LogSource(data) as src:
        assert src.lines_from(0, 400, chunk=7) == src.lines_from(0, 400)
        assert src.lines_from(0, 400)[-1] == b"last"


def test_a_giant_line_is_cut_between_tokens_so_no_secret_fragment_survives() -> None:
    from remediate.facts.redact import Redactor

    token = b"ghp_" + b"Q" * 36
    for shift in range(0, 60, 5):
        raw = b"a " * (MAX_LINE_BYTES // 4 - shift) + b"x" * shift + token + b" " + b"b " * 4000 + token + b" end"
        text = Redactor().redact(clean_line(raw))
        assert "QQQQQQ" not in text, shift


def _view(tmp_path: Path, lines: list[bytes]) -> View:
    log = tmp_path / "log.txt"
    log.write_bytes(b"\n".join(lines) + b"\n")
    source = LogSource(log)
    return build_view(source, scan(source), Redactor())


def test_a_long_line_that_opens_json_is_kept_whole_beside_its_cut_line(tmp_path: Path) -> None:
    # a one-line report (`{"runs":...}`, `[{"filePath":...}]`), after a CI's timestamp too, up to WHOLE_LINE_BYTES;
    # its line is cut as any long line is, and a long line of another kind is not kept whole
    report = b'{"runs":[' + b",".join(b'{"n":%d}' % i for i in range(2000)) + b"]}"
    stamped = b"2024-05-01T10:00:00.1234567Z " + b'[{"filePath":"a.js","messages":[' + b"1," * 3000 + b"1]}]"
    huge = b'{"x":"' + b"y" * WHOLE_LINE_BYTES + b'"}'
    view = _view(tmp_path, [b"run", report, stamped, b"[INFO] " + b"z" * 10_000, huge])
    assert set(view.whole) == {2, 3}
    assert view.whole[2] == report.decode() and view.whole[3].startswith('[{"filePath":"a.js"')
    assert view.whole[3].endswith("1]}]")
    assert all(len(line.text) < MAX_LINE_BYTES for line in view.lines)


@pytest.mark.parametrize(
    "kept",
    [
        "password=Zq8vLm2pXrAbC9",
        "Authorization: Bearer f3b9c2d8e1a7465b9c0dAbC",
        "client_secret = Zq8vLm2pXrAbC9",
        '"token": "Zq8vLm2pXrAbC9"',
    ],
)
def test_a_cut_line_never_keeps_a_value_without_its_key(kept: str) -> None:
    """Wherever the tail's cut falls in `key: value`, the value is not kept alone (the redaction could not know it)."""
    value = kept.split()[-1].split("=")[-1].strip('"')
    for k in range(len(kept)):  # the line's kept tail (its last MAX_LINE_BYTES // 4 bytes) opens at kept[k]
        raw = b"x " * 3000 + kept.encode() + b" " + b"w" * (MAX_LINE_BYTES // 4 - len(kept) + k - 1)
        text = Redactor().redact(clean_line(raw))
        assert value not in text, (k, text[-80:])


@pytest.mark.parametrize(
    "kept",
    [
        "curl -fsSL -u ci:Zq8vLm2pXrAbC9",
        "mysql -h db -uroot -pZq8vLm2pXrAbC9",
        "deploy --token Zq8vLm2pXrAbC9",
        "docker login -u ci -p Zq8vLm2pXrAbC9",
    ],
)
def test_a_cut_line_never_drops_the_context_that_makes_a_value_secret(kept: str) -> None:
    """A value is secret by its command (`curl`, `--token`): wherever the tail's cut falls, the value is redacted, in a
    line cut whole (clean_line), in a line whose middle was dropped while it was read (LogSource), and in the view's
    shorter cut (shorten)."""
    for k in range(len(kept)):
        end = b" " + b"w" * (MAX_LINE_BYTES // 4 - len(kept) + k - 1)
        cut = Redactor().redact(clean_line(b"x " * 3000 + kept.encode() + end))
        [read] = LogSource(b"x " * 6000 + kept.encode() + end).lines_from(0, 1)
        streamed = Redactor().redact(read.decode())
        tight = b" " + b"w" * (512 // 3 - len(kept) + k - 1)  # the view's shorter cut, past its text budget
        shortened = Redactor().redact(clean_line(reader.shorten(b"x " * 400 + kept.encode() + tight, 512)))
        assert "Zq8vLm2pXrAbC9" not in cut + streamed + shortened, (k, cut[-80:], streamed[-80:], shortened[-80:])


def test_a_cut_line_keeps_a_curl_credential_far_from_its_command_redacted() -> None:
    """curl's `-u` after a list of URLs, 900 characters after `curl` (redact.COMMAND_REACH): wherever the tail's cut
    falls (every 23rd offset), the context the cut drops is read with it."""
    urls = " ".join(f"-O https://downloads.example.com/releases/v1.2.{k}/artifact-{k}.tar.gz" for k in range(12))
    kept = f"curl -fsSL --retry 3 {urls} -u ci:Zq8vLm2pXrAbC9"
    for k in range(0, len(kept), 23):
        end = b" " + b"w" * (MAX_LINE_BYTES // 4 - len(kept) + k - 1)
        cut = Redactor().redact(clean_line(b"x " * 3000 + kept.encode() + end))
        [read] = LogSource(b"x " * 6000 + kept.encode() + end).lines_from(0, 1)
        streamed = Redactor().redact(read.decode())
        assert "Zq8vLm2pXrAbC9" not in cut + streamed, (k, cut[-80:], streamed[-80:])


def test_every_stored_line_s_cleaned_text_is_within_its_holding_text() -> None:
    """view._unread_around screens lines above a window through holding_clean: on every line of the stored real output
    (colours, redraws, CI prefixes, CRLF endings) it holds what clean_line keeps, and most lines are not cleaned."""
    as_they_stand = 0
    for path in sorted(DATA.iterdir()):
        for raw in path.read_bytes().split(b"\n") if path.is_file() else ():
            held, cleaned = holding_clean(raw), clean_line(raw)
            assert cleaned in held, (path.name, raw[:200])
            as_they_stand += held != cleaned
    assert as_they_stand > 1_000


@pytest.mark.parametrize(
    "raw",
    [
        b"  pass\x1b[1mword\x1b[0m: |",
        b"  password:\x1b[0m |",
        b"  password:\x1b]8;;https://x\x07 |",
        b"  password:\xc2\x9b0m |",  # an 8-bit CSI
        b"  password:[0m |",
        b"  password:^[[0m |",
        b"  password:(B[m |",
        b"  password:[0K |",
        b"  password:section_end:1:build |",
        b"  password:\x07 |",
        b"  pass\rerror  password: |",
        b"job\tstep\t2024-05-01T10:00:00.1Z   password: |",
        b"  password: |\r",
        b"2024-05-01T10:00:00Z   password: |   ",
        b"  password: '\xff\xfe",
        b"  password: |" + b" " * MAX_LINE_BYTES,
    ],
)
def test_a_line_cleaning_changes_inside_holds_its_cleaned_text(raw: bytes) -> None:
    """Each way clean_line changes a line inside (a sequence, one whose ESC was lost, a control, a redraw, GitLab's
    section marker, GitHub's tab prefix, a long line's cut): the holding text is the cleaned text."""
    held, cleaned = holding_clean(raw), clean_line(raw)
    assert cleaned in held
    assert Redactor.may_open_values_across_lines(cleaned) <= Redactor.may_open_values_across_lines(held)
