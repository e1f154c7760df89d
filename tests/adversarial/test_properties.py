"""Properties (hypothesis): the path validator accepts exactly the paths that resolve inside
the root; the redactor removes a token spliced anywhere, and is idempotent."""

from __future__ import annotations

import os
import posixpath
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from remediate.facts.redact import Redactor
from remediate.models import Limits
from remediate.sandbox.base import PathRejected
from remediate.sandbox.jail import make_jail
from remediate.sandbox.local import LocalSandbox
from remediate.tools import scrub

SETTINGS = settings(
    max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def tree() -> Iterator[LocalSandbox]:
    """A work dir with inner links, links out, and a sibling directory sharing its prefix."""
    tmp = Path(tempfile.mkdtemp(prefix="remediate-prop-"))
    root = tmp / "work"
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "b" / "f.txt").write_text("x")
    (tmp / "work2").mkdir()
    (tmp / "work2" / "secret").write_text("s")
    links = {"in": "a/b", "up": "..", "out": "/etc", "sib": "../work2", "deep": "a/../a/b/../..", "self": "."}
    for name, target in links.items():
        (root / name).symlink_to(target)
    (root / "a" / "esc").symlink_to("../../work2")
    jail = make_jail(None, unsafe_no_sandbox=True, tool_paths=())
    yield LocalSandbox(source=root, tmp=tmp, jail=jail, env={}, limits=Limits())
    import shutil

    shutil.rmtree(tmp)


SEGMENTS = ["a", "b", "f.txt", ".", "..", "...", "....", "in", "up", "out", "sib", "deep", "self", "esc", "", "work2"]
paths = st.one_of(
    st.lists(st.sampled_from(SEGMENTS), min_size=0, max_size=6).map("/".join),
    st.lists(st.sampled_from(SEGMENTS), min_size=1, max_size=4).map(lambda s: "/" + "/".join(s)),
    st.text(alphabet="ab./\\\x00:", max_size=12),
)


def oracle(root: str, path: str) -> bool:
    """Inside iff, read as the sandbox reads it (lexically normalised), the kernel's resolution
    of it lands at the root or below: compared as strings with a trailing '/' (so work2 is out)."""
    if path == "" or "\x00" in path or "\\" in path or path.startswith("/") or path[1:2] == ":":
        return False
    norm = posixpath.normpath(path)
    if norm == ".." or norm.startswith("../"):
        return False
    real = os.path.realpath(os.path.join(root, norm))
    return real == root or real.startswith(root + "/")


@SETTINGS
@given(path=paths)
def test_path_validator_accepts_exactly_what_resolves_inside(tree: LocalSandbox, path: str) -> None:
    root = str(tree.root)
    try:
        _, real = tree.resolve(path)
        accepted = True
    except PathRejected:
        accepted = False
    assert accepted == oracle(root, path), path
    if accepted:
        assert str(real) == root or str(real).startswith(root + "/")


def test_the_oracle_sees_the_interesting_cases(tree: LocalSandbox) -> None:
    root = str(tree.root)
    cases = {
        "in/f.txt": True,
        "sib/secret": False,
        "a/esc": False,
        "out/passwd": False,
        "up/work2/secret": False,
        "up/work": True,
    }
    assert {p: oracle(root, p) for p in cases} == cases


ANSI = st.sampled_from(
    ["", "\x1b[31m", "\x1b[0m", "\x1b[1;32m", "\x1b]0;title\x07", "\r", "\r\n", "'", '"', "`", "=", ": "]
)
noise = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
TOKENS = st.one_of(
    st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789", min_size=12, max_size=40),
    st.text(alphabet="ABCDEFabcdef0123456789", min_size=36, max_size=40).map(lambda s: "ghp_" + s),
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", min_size=16, max_size=16).map(lambda s: "AKIA" + s),
    st.text(alphabet="abcdefXYZ0123456789_-", min_size=24, max_size=60).map(lambda s: "sk-ant-api03-" + s),
)


@SETTINGS
@given(token=TOKENS, before=noise, after=noise, left=ANSI, right=ANSI)
def test_a_token_spliced_anywhere_is_redacted(token: str, before: str, after: str, left: str, right: str) -> None:
    redactor = Redactor([token])  # a caller secret; shaped tokens are also caught by rule
    text = before + left + token + right + after
    once = redactor.redact(text)
    assert token not in once
    assert redactor.redact(once) == once, "idempotent"
    for shaped in ("ghp_", "AKIA", "sk-ant-"):
        if token.startswith(shaped):
            assert token not in Redactor().redact(text), "the rule alone catches it too"


@SETTINGS
@given(token=TOKENS, cut=st.integers(min_value=1, max_value=11), code=st.sampled_from(["\x1b[0m", "\x1b[31;1m", "\r"]))
def test_a_secret_split_by_escape_codes_in_command_output_is_still_redacted(token: str, cut: int, code: str) -> None:
    # A check printing the secret with a colour code in the middle: the model must not see both halves.
    split = token[:cut] + code + token[cut:]
    shown = scrub(f"output: {split}\n", Redactor([token]), command_output=True)
    assert token not in shown and token[:cut] + token[cut:] not in shown.replace("\n", "")
