"""lazyregex's kept regex codes (regex_codes.marshal, written by remediate.facts.keptcodes): a kept
code is what re's compiler makes of its pattern, a pattern the file lacks compiles as before, and a
file another Python wrote is not read."""

from __future__ import annotations

import marshal
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from remediate.facts import keptcodes, lazyregex
from remediate.facts.lazyregex import CODES_FILE, Regex, compile_pattern, engine, read_kept

DATA = Path(__file__).parent / "data"


@pytest.fixture
def kept_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A codes file of the test's own, read afresh."""
    monkeypatch.setattr(lazyregex, "CODES_FILE", tmp_path / "codes.marshal")
    monkeypatch.setattr(lazyregex, "_kept", None)
    return tmp_path / "codes.marshal"


def test_every_kept_code_is_what_res_compiler_makes_of_its_pattern_now() -> None:
    kept = read_kept()
    made_by, _ = marshal.loads(CODES_FILE.read_bytes())
    if made_by != engine():  # another Python wrote it: not read at all, every pattern compiles as before
        assert kept == {}
        return
    assert len(kept) > 500  # the samples' and the dev half's patterns
    for (source, flags), code in kept.items():
        assert keptcodes.code_of(source, flags) == code, source


def test_a_kept_pattern_matches_as_the_compiled_one_and_skips_the_compiler(
    kept_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, flags = r"^(?P<file>\S+?\.py):(?P<line>\d+):(?i:\s*error)\b(.*)$", re.MULTILINE
    codes: Any = (engine(), {(source, int(flags)): keptcodes.code_of(source, flags)})
    kept_file.write_bytes(marshal.dumps(codes))
    fresh = re.compile(source, flags)
    monkeypatch.setattr(re, "compile", lambda *_: pytest.fail("compiled, not read from the kept codes"))
    pattern = compile_pattern(source, flags)
    assert (pattern.pattern, pattern.flags, pattern.groups, pattern.groupindex) == (
        fresh.pattern,
        fresh.flags,
        fresh.groups,
        fresh.groupindex,
    )
    text = "x\nsrc/a.py:12: ERROR bad\nsrc/b.py:3:error\n"
    assert [m.groups() for m in pattern.finditer(text)] == [m.groups() for m in fresh.finditer(text)]
    assert len(pattern.findall(text)) == 2


def test_a_pattern_the_file_lacks_or_another_pythons_file_compiles_as_before(kept_file: Path) -> None:
    other = ("cpython", (3, 99, 0), 0, 4, "little")
    kept_file.write_bytes(marshal.dumps((other, {("a+", 0): (32, b"\x00", 0, {}, (None,))})))
    assert read_kept() == {}  # a bogus code under another engine's name is never handed to _sre
    assert compile_pattern("a+").fullmatch("aaa")
    kept_file.write_bytes(b"not marshal")
    assert read_kept() == {}
    kept_file.unlink()
    assert read_kept() == {}
    assert compile_pattern(rb"\d+", re.ASCII).pattern == rb"\d+"


def test_the_writer_keeps_the_code_of_every_pattern_a_log_reaches(tmp_path: Path) -> None:
    out = tmp_path / "codes.marshal"
    subprocess.run(
        [sys.executable, "-m", "remediate.facts.keptcodes", str(DATA / "mypy.txt"), "--write", "--out", str(out)],
        check=True,
        capture_output=True,
    )
    made_by, codes = marshal.loads(out.read_bytes())
    assert made_by == engine()
    assert len(codes) > 20  # the reader's, the CI shapes', mypy's rows
    assert all(keptcodes.code_of(source, flags) == code for (source, flags), code in codes.items())
    unreached = Regex(r"declared(?: and)? never reached")
    assert (unreached.source, 0) in keptcodes.reached_by([])  # declared counts, reached or not
