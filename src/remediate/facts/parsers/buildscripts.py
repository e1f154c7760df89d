"""Build configuration steps that fail before any compiler diagnostic: autoconf `configure`
scripts (also when a cargo build script runs them) and cargo build scripts themselves."""

from __future__ import annotations

import re

from remediate.facts.parsers.base import Findings, Parser
from remediate.facts.view import View
from remediate.models import Category

_CONFIGURE = re.compile(r"^\s*configure: error: (.+)$")
_CARGO_BUILD_SCRIPT = re.compile(r"^error: failed to run custom build command for `([^`]+)`")


def parse(view: View) -> Findings:
    found = Findings(tool="configure")
    for line in view.lines:
        text = line.text
        if "error" not in text:
            continue
        m = _CONFIGURE.match(text)
        if m:
            if m.group(1).startswith("in `"):  # the directory it ran in; the reason is the next line
                found.mark(line.no, 6.0)
            else:
                found.error(line.no, m.group(1), code="configure")
            continue
        m = _CARGO_BUILD_SCRIPT.match(text)
        if m:
            found.error(line.no, f"build script of {m.group(1)} failed", code="build-script", tool="cargo")
    return found


PARSER = Parser(tool="configure", category=Category.BUILD, parse=parse)
