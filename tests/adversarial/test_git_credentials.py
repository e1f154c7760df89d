"""Issue 16 item 8: credentials in the user's `.git` never reach the work copy.

A real repository is given every place a CI checkout (or a user) keeps a credential: the token
in the remote URL (`x-access-token:…@`), actions/checkout's `http.<url>.extraheader`, a
credential helper, `url.<token URL>.insteadOf`, an `include.path` and an `includeIf` naming a
credentials file stored inside `.git`, a `credential.helper store --file` next to the config, a
reflog and FETCH_HEAD repeating the URL, and a submodule's own config. The check then prints
everything a hostile test could read: the config files, every file of `.git` and git's own view
(`git config --list --show-origin`).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from remediate.sandbox.gitdir import clean_url, render_config
from remediate.sandbox.local import open_local_sandbox
from tests.conftest import needs_bwrap
from tests.helpers import TOOL_PATHS, make_project

TOKEN = "s3cr3t-adv-token-98765"  # not a known token shape: only the wall can hide it
HEADER = "QVVUSE9SSVpBVElPTjogYmFzaWMgeC1hY2Nlc3M6c2VjcmV0"
ZERO = "0" * 40


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, timeout=60)


def hostile_repo(root: Path) -> Path:
    repo = make_project(root, {"app.py": "X = 1\n"})
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@e", "add", "app.py")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-q", "-m", "init")
    config = [
        ("remote.origin.url", f"https://x-access-token:{TOKEN}@github.com/o/r.git?token={TOKEN}#{TOKEN}"),
        ("remote.origin.fetch", "+refs/heads/*:refs/remotes/origin/*"),
        ("remote.mirror.pushurl", f"https://user:{TOKEN}@gitlab.example:8443/o/r.git"),
        ("http.https://github.com/.extraheader", f"AUTHORIZATION: basic {HEADER}"),
        ("credential.helper", f"store --file {repo}/.git/stored-credentials"),
        ("credential.https://github.com.username", TOKEN),
        (f"url.https://oauth2:{TOKEN}@github.com/.insteadOf", "https://github.com/"),
        ("include.path", "creds.inc"),
        (f"includeIf.gitdir:{repo}/.path", "creds.inc"),
        ("core.sshCommand", f"ssh -i /root/.ssh/{TOKEN}"),
        ("branch.main.remote", "origin"),
        ("branch.main.merge", "refs/heads/main"),
    ]
    for key, value in config:
        _git(repo, "config", "--add", key, value)
    git = repo / ".git"
    (git / "creds.inc").write_text(f"[http]\n\textraheader = AUTHORIZATION: bearer {TOKEN}\n")
    (git / "stored-credentials").write_text(f"https://x:{TOKEN}@github.com\n")
    with (git / "logs" / "HEAD").open("a") as log:
        log.write(f"{ZERO} {ZERO} t <t@e> 1700000000 +0000\tclone: from https://x:{TOKEN}@github.com/o/r\n")
    (git / "FETCH_HEAD").write_text(f"{ZERO}\t\tbranch 'main' of https://{TOKEN}@github.com/o/r\n")
    sub = git / "modules" / "libs" / "a"
    sub.mkdir(parents=True)
    (sub / "HEAD").write_text("ref: refs/heads/main\n")
    (sub / "config").write_text(f'[remote "origin"]\n\turl = https://ci:{TOKEN}@example.com/a.git\n')
    (sub / "token.txt").write_text(TOKEN)
    return repo


DUMP = (
    "cat .git/config .git/modules/libs/a/config; echo ---; find .git -type f -exec cat {} + | tr -d '\\0'; "
    "echo ---; git config --list --show-origin --local; git remote -v; git log --oneline -1"
)


@needs_bwrap
async def test_no_credential_of_dot_git_reaches_a_check(tmp_path: Path) -> None:
    repo = hostile_repo(tmp_path / "repo")
    assert TOKEN.encode() in (repo / ".git" / "config").read_bytes()
    async with open_local_sandbox(repo, tool_paths=TOOL_PATHS) as sb:
        result = await sb.run(["/bin/sh", "-c", DUMP])
    assert TOKEN not in result.output and HEADER not in result.output
    assert "extraheader" not in result.output and "credential" not in result.output
    # The copy is still a working repository pointing at the same remotes.
    assert "origin\thttps://github.com/o/r.git (fetch)" in result.output
    assert "url = https://example.com/a.git" in result.output
    assert " init\n" in result.output
    assert result.exit_code == 0, result.output


def test_urls_lose_user_information_and_nothing_else() -> None:
    assert clean_url(f"https://x-access-token:{TOKEN}@github.com/o/r.git") == "https://github.com/o/r.git"
    assert clean_url(f"ssh://git:{TOKEN}@[::1]:2222/r") == "ssh://[::1]:2222/r"
    assert clean_url("git@github.com:o/r.git") == "git@github.com:o/r.git"
    assert clean_url("/srv/git/r.git") == "/srv/git/r.git"
    assert TOKEN not in clean_url(f"https://{TOKEN}@host:notaport/r")


@pytest.mark.parametrize(
    "key",
    [
        "http.extraheader",
        "http.https://github.com/.extraheader",
        "credential.helper",
        "url.https://t@h/.insteadof",
        "include.path",
        "includeif.gitdir:/x/.path",
        "core.sshcommand",
        "core.fsmonitor",
        "core.hookspath",
        "remote.origin.uploadpack",
        "remote.origin.proxy",
        "user.signingkey",
    ],
)
def test_settings_outside_the_allowlist_are_dropped(key: str) -> None:
    assert render_config([(key, TOKEN)]) == ""


def test_kept_settings_read_back_identical(tmp_path: Path) -> None:
    """The rebuilt file says to git exactly what the kept part of the original said (quotes,
    backslashes, tabs, `#` and `;`, a subsection with a quote, repeated keys, a bare boolean)."""
    from remediate.sandbox.gitdir import read_entries

    original = tmp_path / "config"
    pairs = [
        ("core.repositoryformatversion", "1"),
        ("extensions.objectformat", "sha1"),
        ('remote.we"ird.fetch', "+refs/heads/*:refs/remotes/x#y;z/*"),
        ('remote.we"ird.fetch', ' padded\tvalue with \\ and " '),
        ("branch.feature/a.merge", "refs/heads/feature/a"),
        ("http.extraheader", TOKEN),
    ]
    for key, value in pairs:
        subprocess.run(["git", "config", "--file", str(original), "--add", key, value], check=True, timeout=30)
    with original.open("a") as f:
        f.write("[core]\n\tbare\n")
    rebuilt = tmp_path / "rebuilt"
    rebuilt.write_text(render_config(read_entries(original)))

    def by_key(entries: list[tuple[str, str | None]]) -> dict[str, list[str | None]]:
        # Sections are regrouped; what git reads is each key's values in order.
        values: dict[str, list[str | None]] = {}
        for key, value in entries:
            values.setdefault(key, []).append(value)
        return values

    kept = [e for e in read_entries(original) if not e[0].startswith("http.")]
    assert by_key(read_entries(rebuilt)) == by_key(kept)
    assert len(by_key(kept)) == 5
