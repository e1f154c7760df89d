"""`--apply`: write the verified patch into the user's source, and prove it landed.

`git apply` run inside the source follows the repository around it: in a subfolder of a git
repository it takes paths as relative to the repository's top and silently skips those outside
the current folder, so "applied" could change nothing. Here git applies the patch to copies of
the touched files in a scratch directory outside any repository (like the sandbox does), the
results are written into the source without following links, and each file is read back and
compared with what was computed: any difference fails loudly.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from remediate.hostgit import HostGitError, run_git_sync
from remediate.sandbox.base import SandboxError
from remediate.sandbox.cleanup import APPLY_KIND, held_scratch
from remediate.sandbox.patch import patch_paths

_WORK = "work"


class ApplyError(Exception):
    """The patch could not be applied, or the source does not hold the patched files afterwards."""


def _read_original(source: Path, rel: str) -> bytes | None:
    try:
        st = os.lstat(source / rel)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(st.st_mode):
        raise ApplyError(f"{rel} in the source is not a regular file (a link or a folder): not applied")
    return (source / rel).read_bytes()


def patched_files(source: Path, patch: str, *, reverse: bool = False) -> dict[str, bytes | None]:
    """What each file the patch touches holds after it (None: deleted), computed off to the side;
    `reverse`: what they held before it (raises ApplyError when the source does not hold it)."""
    try:
        paths = patch_paths(patch)
    except SandboxError as exc:
        raise ApplyError(str(exc)) from exc
    with held_scratch(APPLY_KIND) as root:
        scratch = str(root)
        for rel in paths:
            data = _read_original(source, rel)
            if data is not None:
                (root / _WORK / rel).parent.mkdir(parents=True, exist_ok=True)
                (root / _WORK / rel).write_bytes(data)
        (root / "fix.patch").write_bytes(patch.encode("utf-8"))
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": scratch, "GIT_CEILING_DIRECTORIES": scratch}
        env |= {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "LANG": "C.UTF-8"}
        try:
            args = ["apply", f"--directory={_WORK}", "--whitespace=nowarn", *(["--reverse"] if reverse else [])]
            done = run_git_sync([*args, "fix.patch"], root, env)
        except HostGitError as exc:
            raise ApplyError(str(exc)) from exc
        if done.code != 0:
            raise ApplyError(done.err.replace(f"{_WORK}/", "").strip())
        out: dict[str, bytes | None] = {}
        for rel in paths:
            path = root / _WORK / rel
            out[rel] = path.read_bytes() if path.is_file() else None
        return out


def holds_patch(source: Path, patch: str) -> bool:
    """True when `source` already holds the patched files (the patch applies in reverse)."""
    try:
        patched_files(source, patch, reverse=True)
    except ApplyError:
        return False
    return True


def _write_no_follow(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = stat.S_IMODE(path.lstat().st_mode) if path.exists() else 0o644
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC, mode)
    with os.fdopen(fd, "wb") as f:
        f.write(data)


def apply_verified(source: Path, patch: str) -> list[str]:
    """Apply `patch` to `source`; return the paths changed. Raises ApplyError when it cannot, or
    when the files in `source` afterwards are not the patched ones."""
    expected = patched_files(source, patch)
    for rel, data in expected.items():
        if data is None:
            (source / rel).unlink(missing_ok=True)
        else:
            _write_no_follow(source / rel, data)
    wrong = [rel for rel, data in expected.items() if _read_original(source, rel) != data]
    if wrong:
        raise ApplyError(f"after applying, these files do not hold the verified content: {', '.join(wrong)}")
    return list(expected)
