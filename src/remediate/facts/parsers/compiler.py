"""C/C++/Objective-C/Swift/Fortran compiler and linker diagnostics, and make's verdict line."""

from __future__ import annotations

import re

from remediate.facts.parsers.base import Findings, Parser, group_int
from remediate.facts.view import View
from remediate.models import Category

_DIAG = re.compile(
    r"^(\S+?\.(?:c|cc|cpp|cxx|c\+\+|h|hh|hpp|hxx|m|mm|swift|f|f90|cu|S|s|zig|d|nim|hs|ml|cs|fs|vb)):(\d+)(?::(\d+))?: "
    r"(fatal error|error): (.+)$"
)
_MSVC = re.compile(r"^(\S+?\.(?:c|cc|cpp|cxx|h|hpp|cs))\((\d+)(?:,(\d+))?\): (?:fatal )?error (\w+\d+): (.+)$")
_LINKER = re.compile(
    r"(undefined reference to .+|(?:^|[\s/])(?:ld|ld\.lld|ld\.gold|ld64(?:\.lld)?|lld): (?:error: )?.+|"
    r"collect2: error: ld returned \d+ exit status|Undefined symbols for architecture \S+)"
)
_MAKE = re.compile(r"^(?:g?make(?:\[\d+\])?|ninja): \*\*\* (.+?)(?: Error (\d+))?$|^ninja: build stopped: (.+)$")
_CMAKE = re.compile(r"^CMake Error(?: at (\S+?):(\d+))?(?: \(.+\))?:?(.*)$")


def parse(view: View) -> Findings:
    found = Findings(tool="compiler")
    for line in view.lines:
        text = line.text
        if not text:
            continue
        if "error" in text:
            m = _DIAG.match(text)
            if m:
                found.error(
                    line.no,
                    m.group(5),
                    file=m.group(1),
                    at=int(m.group(2)),
                    column=group_int(m, 3),
                    code=m.group(4),
                )
                continue
            m = _MSVC.match(text)
            if m:
                found.error(line.no, m.group(5), file=m.group(1), at=int(m.group(2)), code=m.group(4), tool="msvc")
                continue
        if "ld" in text or "undefined reference" in text or "Undefined symbols" in text:
            m = _LINKER.search(text)
            if m and ("error" in text or "undefined" in text.lower()):
                found.error(line.no, m.group(1), code="link", tool="linker")
                continue
        if "***" in text or text.startswith("ninja:"):
            m = _MAKE.match(text)
            if m:
                found.seen = True
                found.mark(line.no, 8.0)
                continue
        if text.startswith("CMake Error"):
            m = _CMAKE.match(text)
            if m:
                found.error(
                    line.no,
                    (m.group(3) or "CMake Error").strip() or "CMake Error",
                    file=m.group(1),
                    at=group_int(m, 2),
                    code="cmake",
                    tool="cmake",
                )
    return found


PARSER = Parser(tool="compiler", category=Category.BUILD, parse=parse)
