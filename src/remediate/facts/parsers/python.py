"""Python tracebacks, import errors and syntax errors, whoever printed them."""

from __future__ import annotations

import re

from remediate.facts.parsers.base import Findings, Parser
from remediate.facts.view import View
from remediate.models import Category

_FRAME = re.compile(r'^\s*File "([^"]+)", line (\d+)(?:, in (.+))?$')
_EXCEPTION = re.compile(
    r"^(?:E\s+)?((?:[A-Za-z_][\w]*\.)*[A-Z]\w*(?:Error|Exception|Exit|Interrupt|Failure|Warning)|"
    r"DocTestFailure|KeyboardInterrupt|StopIteration)(?:: (.*))?$"
)
_LIBRARY = ("site-packages/", "dist-packages/", "/lib/python", "<frozen ", "<string>", "importlib/")


def parse(view: View) -> Findings:
    found = Findings(tool="python")
    frames: list[tuple[str, int]] = []
    in_traceback = False
    for line in view.lines:
        text = line.text
        stripped = text.lstrip()
        if stripped.startswith("Traceback (most recent call last)"):
            in_traceback, frames = True, []
            found.seen = True
            found.mark(line.no, 5.0)
            continue
        if stripped.startswith('File "'):
            m = _FRAME.match(text)
            if m:
                frames.append((m.group(1), int(m.group(2))))
                found.mark(line.no, 3.0 if _is_library(m.group(1)) else 5.0)
                in_traceback = True
            continue
        if not in_traceback and "No module named" not in text and "cannot import name" not in text:
            continue
        m = _EXCEPTION.match(stripped)
        if m is None:
            continue
        exc, message = m.group(1), (m.group(2) or "").strip()
        name = exc.rsplit(".", 1)[-1]
        file, at = _project_frame(frames)
        found.error(
            line.no,
            f"{name}: {message}" if message else name,
            file=file,
            at=at,
            code=name,
            weight=9.0,
        )
        in_traceback, frames = False, []
    return found


def _is_library(path: str) -> bool:
    return any(marker in path for marker in _LIBRARY)


def _project_frame(frames: list[tuple[str, int]]) -> tuple[str | None, int | None]:
    """The innermost frame in project code (not the stdlib or site-packages), else the last one."""
    for path, line in reversed(frames):
        if not _is_library(path):
            return path, line
    if frames:
        return frames[-1]
    return None, None


PARSER = Parser(tool="python", category=Category.BUILD, parse=parse)
