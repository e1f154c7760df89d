"""The diff writer against real `git apply`, the patch path reader, and small pure helpers."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from remediate.diffs import git_lines as split_lines
from remediate.sandbox.base import PathRejected, SandboxError, tail_text
from remediate.sandbox.patch import file_diff, patch_paths, quote_path

GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(GIT is None, reason="git is not installed")

# Few distinct lines make SequenceMatcher find real matches, so hunks mix context and edits.
LINES = st.sampled_from(["a", "b", "c", "", " ", "tab\there", "é ü", "\r", "x\r", "long line " * 5])
TEXTS = st.lists(LINES, max_size=30).map("\n".join) | st.lists(LINES, max_size=30).map(lambda ls: "\n".join(ls) + "\n")
CONTENTS = st.none() | TEXTS.map(str.encode)
NAMES = st.sampled_from(["f.txt", "dir/f.py", "sp ace/n m.txt", "ünï/cödé.txt", 'q"uote.txt', "back\\slash", "t\tab"])


def git_apply(root: Path, patch: str) -> subprocess.CompletedProcess[bytes]:
    assert GIT is not None
    patch_file = root / "p.diff"
    patch_file.write_bytes(patch.encode())
    env = {"PATH": os.environ["PATH"], "HOME": str(root), "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(
        [GIT, "apply", "--directory=work", "--whitespace=nowarn", str(patch_file)],
        cwd=root,
        env={**env, "GIT_CEILING_DIRECTORIES": str(root)},
        capture_output=True,
        check=False,
    )


@settings(max_examples=150, deadline=None, database=None)
@given(name=NAMES, old=CONTENTS, new=CONTENTS)
def test_file_diff_applies_with_git(name: str, old: bytes | None, new: bytes | None) -> None:
    patch = file_diff(name, old, new)
    if old == new:
        assert patch == ""
        return
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        target = root / "work" / name
        target.parent.mkdir(parents=True)
        if old is not None:
            target.write_bytes(old)
        done = git_apply(root, patch)
        assert done.returncode == 0, (patch, done.stderr.decode())
        assert (target.read_bytes() if target.exists() else None) == new
    if "\\" in name:  # git copes; the path rules refuse backslashes on purpose
        with pytest.raises(PathRejected):
            patch_paths(patch)
    else:
        assert patch_paths(patch) == [name]


def test_git_style_headers() -> None:
    assert file_diff("a.txt", b"x\n", b"y") == (
        "diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-x\n+y\n\\ No newline at end of file\n"
    )
    assert file_diff("e", None, b"") == "diff --git a/e b/e\nnew file mode 100644\n"
    assert file_diff("run.sh", b"x\n", None, "100755").startswith(
        "diff --git a/run.sh b/run.sh\ndeleted file mode 100755\n--- a/run.sh\n+++ /dev/null\n"
    )
    assert file_diff("b.bin", b"\x00a", b"\x00b").endswith("Binary files a/b.bin and b/b.bin differ\n")
    assert "--- a/s p\t\n+++ b/s p\t\n" in file_diff("s p", b"1\n", b"2\n")  # git's tab after a space
    assert quote_path("ü") == '"\\303\\274"' and quote_path('a"b') == '"a\\"b"' and quote_path("plain") == "plain"


def test_split_lines_only_on_newline() -> None:
    assert split_lines("a\rb\x0bc\u2028d\ne", keepends=True) == ["a\rb\x0bc\u2028d\n", "e"]
    assert split_lines("") == [] and split_lines("\n", keepends=True) == ["\n"]


def test_patch_paths_reads_every_header_kind() -> None:
    patch = (
        "diff --git a/old name.txt b/new name.txt\nsimilarity index 90%\n"
        "rename from old name.txt\nrename to new name.txt\n"
        'diff --git "a/\\303\\274.txt" "b/\\303\\274.txt"\nnew file mode 100644\n'
        "--- a/x.py\n+++ b/x.py\n@@ -1,2 +1,2 @@\n--- a/../not-a-header\n+++ b/../not-a-header\n"
    )
    assert patch_paths(patch) == ["old name.txt", "new name.txt", "ü.txt", "x.py"]


@pytest.mark.parametrize(
    "patch",
    [
        "--- a/../x\n+++ b/../x\n",
        "--- a/x\n+++ b//abs\n",
        "diff --git a/.git/hooks/pre-commit b/.git/hooks/pre-commit\n",
        "diff --git a/ok b/ok\nrename from ok\nrename to sub/../../out\n",
        'diff --git "a/\\000" "b/\\000"\n',
        "diff --git a/l b/l\nold mode 100644\nnew mode 120000\n",
        "diff --git a/m b/m\nnew file mode 160000\n",
    ],
)
def test_patch_paths_rejects(patch: str) -> None:
    with pytest.raises(PathRejected):
        patch_paths(patch)


def test_patch_paths_needs_a_file() -> None:
    with pytest.raises(SandboxError, match="names no files"):
        patch_paths("just some text\n")
    with pytest.raises(SandboxError, match="binary"):
        patch_paths("diff --git a/b b/b\nGIT binary patch\nliteral 1\n")


def test_tail_text_counts_what_it_drops() -> None:
    assert tail_text(b"abcdef", 3) == ("def", 3)
    assert tail_text(b"abc", 10) == ("abc", 0)
    assert tail_text(b"abc", 0) == ("", 3)
    # Cutting inside "é" (2 bytes) drops its orphaned continuation byte instead of garbling it.
    assert tail_text("xé!".encode(), 2) == ("!", 3)
