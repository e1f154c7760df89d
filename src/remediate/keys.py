"""The idempotency key of a remediation: which failure of which project at which commit.

One key names one attempt at one failure. The publisher puts it in the branch name
(`remediate/<slug>-<key[:8]>`) and in the commit trailer `Remediate-Key: <key>`, so that a
second run for the same failure finds the first run's branch or pull request instead of
opening another one; the attempt store (guards) uses the same key to allow one active
attempt per failure. Both must call this one function so that they agree.

The function is pure: no clock, no randomness, no environment. Its inputs are normalised
only where two spellings mean the same thing (GitHub names are case-insensitive, a check
command's surrounding whitespace does not matter), and they are length-prefixed so that no
two different tuples of inputs hash the same bytes. The base (the branch a fix is proposed to)
is part of the key: the same failure proposed to two branches is two attempts, and a pull
request found for a key must target that key's base (`publish.core` checks it).
"""

from __future__ import annotations

import hashlib

KEY_VERSION = "remediate-key-v2"
SHORT_KEY_LEN = 8


def idempotency_key(
    project: str, failing_commit: str, check: str, facts_fingerprint_basis: str, base: str | None = None
) -> str:
    """sha256 hex (64 characters) of the project, the failing commit, the check, the failure and the base.

    - `project`: the repository, e.g. "octo-org/invoicing" (compared case-insensitively);
    - `failing_commit`: the commit the check failed on (a full SHA; case-insensitive hex);
    - `check`: the check command that failed (runs of whitespace are one space);
    - `facts_fingerprint_basis`: `Facts.fingerprint_basis()` of the failure, used as is;
    - `base`: the requested target branch; None or "" means "the repository's default branch".
    """
    fields = (
        KEY_VERSION,
        project.strip().lower(),
        failing_commit.strip().lower(),
        " ".join(check.split()),
        facts_fingerprint_basis,
        (base or "").strip(),
    )
    digest = hashlib.sha256()
    for value in fields:
        data = value.encode("utf-8")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def short_key(key: str) -> str:
    """The first 8 hex digits of a key: the suffix of the branch name."""
    return key[:SHORT_KEY_LEN]
