"""Stylesheet compilers: Sass (dart-sass, node-sass, Ruby Sass) and Less. Their errors are build
failures: an "Error: message" line, then where (a few lines later)."""

from __future__ import annotations

import re

from remediate.facts.parsers.base import Findings, Parser, group_int
from remediate.facts.view import View
from remediate.models import Category

_SASS_ERROR = re.compile(r"^(?:Error|SassError|Sass Error): (.+)$")
# dart-sass: "  sass/main.sass 4:3  root stylesheet"; Ruby Sass / node-sass: "  on line 7 of bulma.sass"
_DART_AT = re.compile(r"^\s+(\S+?\.(?:sass|scss|css)) (\d+):(\d+)\s")
_RUBY_AT = re.compile(r"^\s+on line (\d+)(?::(\d+))? of (\S+?\.(?:sass|scss|css))\b")
_LESS = re.compile(r"^(\w*Error): (.+?) in (\S+?\.less) on line (\d+), column (\d+):?$")
_WINDOW = 12  # lines between the message and its location


def parse(view: View) -> Findings:
    found = Findings(tool="sass")
    pending: tuple[int, str] | None = None
    for line in view.lines:
        text = line.text
        if not text:
            continue
        m = _SASS_ERROR.match(text)
        if m:
            pending = (line.no, m.group(1))
            continue
        if pending is not None and line.no - pending[0] <= _WINDOW and text[0].isspace():
            at = _location(text)
            if at is not None:
                file, row, column = at
                found.mark(pending[0], 9.0)
                found.error(line.no, pending[1], file=file, at=row, column=column, code="sass")
                pending = None
            continue
        if ".less" in text and (m := _LESS.match(text)):
            found.error(
                line.no,
                m.group(2),
                file=m.group(3),
                at=int(m.group(4)),
                column=int(m.group(5)),
                code=m.group(1),
                tool="less",
            )
    return found


def _location(text: str) -> tuple[str, int, int | None] | None:
    m = _DART_AT.match(text)
    if m:
        return m.group(1), int(m.group(2)), int(m.group(3))
    m = _RUBY_AT.match(text)
    if m:
        return m.group(3), int(m.group(1)), group_int(m, 2)
    return None


PARSER = Parser(tool="sass", category=Category.BUILD, parse=parse)
