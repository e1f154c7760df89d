"""Which values are secrets for a run: named environment variables and the usual suspects."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

# Environment variables whose values are treated as secrets without being named.
SECRET_NAME = re.compile(
    r"(TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|PRIVATE_?KEY|CREDENTIAL|AUTH|WEBHOOK|DSN)", re.IGNORECASE
)
MIN_SECRET_LEN = 8


def collect_secrets(
    environ: Mapping[str, str], names: Iterable[str] = (), values: Iterable[str] = ()
) -> tuple[str, ...]:
    found: list[str] = [v for v in values if v]
    wanted = set(names)
    for name, value in environ.items():
        if (name in wanted or SECRET_NAME.search(name)) and len(value) >= MIN_SECRET_LEN:
            found.append(value)
    return tuple(dict.fromkeys(found))
