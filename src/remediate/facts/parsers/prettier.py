"""Prettier's check modes, however it is launched (npx, yarn, npm/pnpm scripts, bunx, a CI step):
`--check` prints `[warn] file` lines and a summary; `--list-different` / `-l` prints bare file
names, recognised only after the command line that asked for them (yarn's `$ cmd`, npm's
`> cmd`, xtrace's `+ cmd`, GitHub's `Run cmd`)."""

from __future__ import annotations

import re

from remediate.facts.parsers.base import Findings, Parser
from remediate.facts.view import View
from remediate.models import Category

_WARN = re.compile(r"^\[warn\] (\S+\.\w+)$")
_SUMMARY = re.compile(r"^(?:\[warn\] )?Code style issues (?:were )?found in (?:the above file|\d+ files)")
_COMMAND = re.compile(r"(?:^|[\s/])prettier(?:\.js)?\s(?=(?:.*?\s)?(--check|-c|--list-different|-l)(?:\s|$))")
_ECHO = re.compile(r"^(?:\$ |> |\+ |Run |\[command\])")
_BARE = re.compile(
    r"^((?:[\w@.-]+/)*[\w@.-]+\.(?:[cm]?[jt]sx?|json5?|css|scss|less|md|mdx|ya?ml|html|vue|svelte|graphql|gql|hbs))$"
)


def parse(view: View) -> Findings:
    found = Findings(tool="prettier")
    listing: int | None = None  # line of a `--list-different` command: bare file names follow
    for line in view.lines:
        text = line.text
        if not text:
            listing = None
            continue
        if "prettier" in text and _ECHO.match(text) and (m := _COMMAND.search(text)):
            found.seen = True
            found.mark(line.no, 6.0)
            listing = line.no if m.group(1) in ("--list-different", "-l") else None
            continue
        if text.startswith("[warn]") or text.startswith("Code style"):
            if m := _WARN.match(text):
                found.error(line.no, f"{m.group(1)} is not formatted", file=m.group(1), code="format")
            elif _SUMMARY.match(text):
                found.seen = True
                found.mark(line.no, 9.0)
            continue
        if listing is not None:
            if (m := _BARE.match(text)) is not None and line.no - listing <= 2_000:
                found.error(line.no, f"{m.group(1)} is not formatted", file=m.group(1), code="format")
            else:
                listing = None
    return found


PARSER = Parser(tool="prettier", category=Category.FORMAT, parse=parse)
