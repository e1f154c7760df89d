"""Secret redaction. Everything that leaves `facts` (and every tool output) passes through here.

API contract used across layers:
    r = Redactor(secrets=["..."]); clean = r.redact(text); r.counts -> {rule: n}
"""

from __future__ import annotations

import base64
import re
import urllib.parse
from collections import Counter
from collections.abc import Iterable

PLACEHOLDER = "[REDACTED:{rule}]"

# rule name -> pattern. Ordered: longer, more specific shapes first.
RULES: list[tuple[str, re.Pattern[str]]] = [
    ("pem_private_key", re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----")),
    ("github_token", re.compile(r"\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9_.\-]{36,600}")),
    ("github_pat", re.compile(r"\bgithub_pat_[A-Za-z0-9_]{22,255}")),
    ("anthropic_key", re.compile(r"\bsk-ant-[A-Za-z0-9_\-]{20,}")),
    ("aws_access_key", re.compile(r"\b(?:AKIA|ASIA)[A-Z2-7]{16}\b")),
]


class Redactor:
    def __init__(self, secrets: Iterable[str] = ()) -> None:
        values: set[str] = set()
        for s in secrets:
            if len(s) < 6:  # too short to scrub without destroying ordinary text
                continue
            values.add(s)
            values.add(base64.b64encode(s.encode()).decode().rstrip("="))
            values.add(urllib.parse.quote(s, safe=""))
        self._exact = sorted(values, key=len, reverse=True)
        self.counts: Counter[str] = Counter()

    def redact(self, text: str) -> str:
        for value in self._exact:
            if value in text:
                self.counts["caller_secret"] += text.count(value)
                text = text.replace(value, PLACEHOLDER.format(rule="caller_secret"))
        for rule, pattern in RULES:
            text, n = pattern.subn(PLACEHOLDER.format(rule=rule), text)
            if n:
                self.counts[rule] += n
        return text
