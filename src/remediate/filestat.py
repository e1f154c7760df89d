"""A file someone named, looked at once before it is read: missing, unreadable or a directory is
said in the caller's own words. The log reader (facts/) and the local sandbox (a file the model
asks for) share it; those layers must not import each other."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple


class Says(NamedTuple):
    """What to say for each problem; `{path}` is the name shown, `{reason}` the system's words."""

    missing: str
    unreadable: str
    directory: str


def stat_named(path: Path, shown: str, says: Says, error: Callable[[str], Exception]) -> os.stat_result:
    """`path`'s stat, or `error(message)` raised for a missing, unreadable or directory path."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise error(says.missing.format(path=shown)) from None
    except OSError as exc:
        raise error(says.unreadable.format(path=shown, reason=exc.strerror or exc)) from None
    if stat.S_ISDIR(st.st_mode):
        raise error(says.directory.format(path=shown))
    return st
