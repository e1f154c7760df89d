"""The work copy's `.git`: what tools need to read the history, never the user's credentials.

A CI checkout's `.git/config` carries the token that cloned it (`https://x-access-token:…@`
in the remote URL, actions/checkout's `http.<url>.extraheader: AUTHORIZATION: basic …`, a
credential helper, an `includeIf` pointing at a credentials file); reflogs and FETCH_HEAD
repeat the URL. A check prints whatever it likes, and its output goes to a model, so the copy
carries none of it:

- every `config` / `config.worktree` is rebuilt from an allowlist read by git's own parser
  (`git config --no-includes --list -z`): the repository format and extensions, a few core
  settings, remotes' URLs (user, password, query and fragment removed) and refspecs, branch
  tracking, submodule URLs; `http.*`, `credential.*`, `url.*`, `include*`, commands and
  anything else are dropped;
- reflogs and FETCH_HEAD keep their lines with the user information of any URL removed;
- only the entries git itself keeps at the top of a git directory are copied (a credentials
  file someone stored next to them is not); `modules/*` get the same treatment.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from remediate.hostgit import HostGitError, hardened_env, run_git_sync

# What a git directory holds (gitrepository-layout(5)); anything else is not copied.
_KEPT = frozenset(
    {
        "HEAD",
        "ORIG_HEAD",
        "FETCH_HEAD",
        "MERGE_HEAD",
        "MERGE_MSG",
        "MERGE_MODE",
        "CHERRY_PICK_HEAD",
        "REVERT_HEAD",
        "AUTO_MERGE",
        "COMMIT_EDITMSG",
        "description",
        "index",
        "packed-refs",
        "shallow",
        "commondir",
        "gitdir",
        "sharedindex",
        "config",
        "config.worktree",
        "objects",
        "refs",
        "reftable",
        "logs",
        "info",
        "hooks",
        "modules",
        "worktrees",
        "lfs",
    }
)
_CONFIGS = frozenset({"config", "config.worktree"})
_CORE_KEPT = frozenset(
    {
        "repositoryformatversion",
        "bare",
        "filemode",
        "symlinks",
        "ignorecase",
        "precomposeunicode",
        "logallrefupdates",
        "autocrlf",
        "eol",
        "safecrlf",
        "quotepath",
        "worktree",
        "sparsecheckout",
        "sparsecheckoutcone",
    }
)
# (section, variable) pairs kept under a subsection; URLs among them are cleaned.
_SUBSECTION_KEPT = {
    "remote": frozenset({"url", "pushurl", "fetch", "push", "promisor", "partialclonefilter", "tagopt", "mirror"}),
    "branch": frozenset({"remote", "merge", "rebase", "pushremote"}),
    "submodule": frozenset({"url", "active", "path", "branch", "update"}),
}
_URL_KEYS = frozenset({"url", "pushurl"})
# Any `scheme://user[:password]@` in free text (reflog messages, FETCH_HEAD).
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^\s/@]*@")
_GIT_TIMEOUT_S = 30.0


def clean_url(url: str) -> str:
    """A remote URL without user information, query or fragment (scp-like `git@host:path` kept)."""
    if "://" not in url:
        return url
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return _USERINFO.sub(r"\1", url.split("?", 1)[0].split("#", 1)[0])
    if parts.hostname and ":" in host:
        host = f"[{host}]"
    return urlunsplit((parts.scheme, host + port, parts.path, "", ""))


def _kept(key: str) -> bool:
    section, _, rest = key.partition(".")
    subsection, _, name = rest.rpartition(".")
    if section == "extensions":
        return True
    if section == "core":
        return not subsection and name in _CORE_KEPT
    return bool(subsection) and name in _SUBSECTION_KEPT.get(section, frozenset())


def read_entries(path: Path) -> list[tuple[str, str | None]]:
    """(key, value) pairs of one config file by git's own parser, includes not followed."""
    scratch = path.parent
    result = run_git_sync(
        ["config", "--file", str(path), "--no-includes", "--list", "-z"],
        scratch,
        hardened_env(extra_env={"GIT_DIR": os.devnull}),
        timeout_s=_GIT_TIMEOUT_S,
    )
    if result.code != 0:
        raise HostGitError(f"cannot read {path.name}: {result.err.strip()}")
    entries: list[tuple[str, str | None]] = []
    for record in result.stdout.decode("utf-8", "surrogateescape").split("\0"):
        if record:
            key, newline, value = record.partition("\n")
            entries.append((key, value if newline else None))
    return entries


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def _value(text: str) -> str:
    # Plain when git would read it back unchanged; quoted otherwise (comments, escapes, edges).
    plain = text == text.strip() and not any(c in text for c in '#;"\\\n\t')
    return text if plain else _quote(text)


def render_config(entries: Iterable[tuple[str, str | None]]) -> str:
    """The kept entries as a config file (sections in their first order, values quoted)."""
    sections: dict[tuple[str, str], list[str]] = {}
    for key, value in entries:
        if not _kept(key):
            continue
        section, _, rest = key.partition(".")
        subsection, _, name = rest.rpartition(".")
        if value is not None and name in _URL_KEYS:
            value = clean_url(value)
        line = f"\t{name}" if value is None else f"\t{name} = {_value(value)}"
        sections.setdefault((section, subsection), []).append(line)
    out: list[str] = []
    for (section, subsection), lines in sections.items():
        header = f"[{section}]" if not subsection else f"[{section} {_quote(subsection)}]"
        out += [header, *lines]
    return "\n".join(out) + "\n" if out else ""


def _rebuild_config(src: Path, dst: Path) -> None:
    try:
        text = render_config(read_entries(src))
    except HostGitError:
        # Unreadable to git: a copy git could not read either, minus anything to leak.
        text = "[core]\n\trepositoryformatversion = 0\n\tbare = false\n"
    _write_new(dst, text.encode("utf-8"), src)


def _scrub_text(src: Path, dst: Path) -> None:
    data = src.read_bytes().decode("utf-8", "surrogateescape")
    _write_new(dst, _USERINFO.sub(r"\1", data).encode("utf-8", "surrogateescape"), src)


def _write_new(dst: Path, data: bytes, like: Path) -> None:
    fd = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    shutil.copystat(like, dst, follow_symlinks=False)


def _copy_regular(src: Path, dst: Path) -> None:
    # FIFOs, sockets and devices do not belong in a copy (reading a FIFO would block forever).
    if stat.S_ISREG(os.lstat(src).st_mode):
        shutil.copy2(src, dst, follow_symlinks=False)


def _copier(rel: tuple[str, ...]) -> Callable[[Path, Path], None]:
    name = rel[-1]
    if name in _CONFIGS:
        return _rebuild_config
    if name == "FETCH_HEAD" or "logs" in rel:
        return _scrub_text
    return _copy_regular


def copy_git_dir(src: Path, dst: Path) -> None:
    """Copy the git directory `src` to `dst` as the module docstring says (iterative: a deep
    tree of refs cannot exhaust the stack; symlinks copied as links, never followed)."""
    stack: list[tuple[Path, Path, tuple[str, ...]]] = [(src, dst, ())]
    while stack:
        source, target, rel = stack.pop()
        target.mkdir(exist_ok=True)
        shutil.copystat(source, target, follow_symlinks=False)
        top = _is_git_dir(source, rel)
        with os.scandir(source) as entries:
            for entry in entries:
                if top and entry.name not in _KEPT:
                    continue
                child_rel = (*rel, entry.name)
                child_src, child_dst = Path(entry.path), target / entry.name
                if entry.is_symlink():
                    os.symlink(os.readlink(child_src), child_dst)
                elif entry.is_dir():
                    stack.append((child_src, child_dst, child_rel))
                else:
                    _copier(child_rel)(child_src, child_dst)


def _is_git_dir(path: Path, rel: tuple[str, ...]) -> bool:
    """The repository's own git directory, or one nested under modules/ or worktrees/ (a
    submodule named `libs/a` lives at `modules/libs/a`: the folders between are not)."""
    if not rel:
        return True
    return ("modules" in rel or "worktrees" in rel) and (path / "HEAD").is_file()
