"""Prettier's check modes, however it is launched (npx, yarn, npm/pnpm scripts, bunx, a CI step):
`--check` prints `[warn] file` lines and a summary; `--list-different` / `-l` prints bare file
names, recognised only after the command line that asked for them (yarn's `$ cmd`, npm's
`> cmd`, xtrace's `+ cmd`, GitHub's `Run cmd`, Azure's `[command]`, or the command itself as a CI
echoes a step's script). Between that line and the names, a CI may print a few lines of its own
(GitHub's script/shell/env block, Azure's `Starting Command Output` rule)."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, Gated, LineRules, Parser, Rule, state
from remediate.facts.parsers.handlers import record, taken, verdict
from remediate.facts.view import View
from remediate.models import Category

LISTING_WITHIN = 2_000  # lines after a `--list-different` command in which its file names may come
PREAMBLE = 40  # lines a CI may print between the echoed command and its first file name
# How CI logs echo the command they run, and the command itself as a step's script shows it.
_FORMAT_ECHO = ("$ ", "> ", "+ ", "Run ", "##[group]Run ", "[command]", "prettier ", "npx ", "yarn ", "pnpm ", "bunx ")


@state
class _State:
    found: Findings = field(default_factory=lambda: Findings(tool="prettier"))
    listing: int | None = None  # line of a `--list-different` command: bare file names follow
    named: bool = False  # the listing has named a file

    def listing_files(self, _no: int) -> bool:
        return self.listing is not None


def _command(st: _State, no: int, m: re.Match[str]) -> None:
    st.found.seen = True
    st.found.mark(no, 6.0)
    st.listing = no if m.group(1) in ("--list-different", "-l") else None
    st.named = False


def _listed(st: _State, no: int, m: re.Match[str]) -> bool:
    assert st.listing is not None
    if no - st.listing > LISTING_WITHIN:
        return False
    _UNFORMATTED(st, no, m)
    st.named = True
    return True


def _end_listing(st: _State, no: int, _m: re.Match[str]) -> None:
    if st.named or st.listing is None or no - st.listing > PREAMBLE:
        st.listing = None


_UNFORMATTED = record("format", message="{file} is not formatted")
_RULES = LineRules[_State](
    Rule(
        r"(?:^|[\s/])prettier(?:\.js)?\s(?=(?:.*?\s)?(--check|-c|--list-different|-l)(?:\s|$))",
        _command,
        starts=_FORMAT_ECHO,
        has=("prettier",),
        search=True,
    ),
    Rule(r"^\[warn\] (?P<file>\S+\.\w+)$", _UNFORMATTED, starts="[warn]"),
    Rule(
        r"^(?:\[warn\] )?Code style issues (?:were )?found in (?:the above file|\d+ files)",
        verdict(9.0),
        starts=("[warn]", "Code style"),
    ),
    Rule("", taken, starts=("[warn]", "Code style")),
    # Any file it lists (its plugins and `overrides` give it any extension: `.js.es6`, `.php`, `.toml`);
    # the extension's length is bounded so a long dotted word stays one pass.
    Rule(
        r"^(?P<file>(?:[\w@.-]+[/\\])*[\w@.-]+\.[A-Za-z][A-Za-z0-9]{0,9})$",
        _listed,
        when=_State.listing_files,
    ),
    Rule("", _end_listing, when=_State.listing_files),
)


def parse(view: View) -> Findings:
    st = _State()
    for line in view.lines:
        if line.text:
            _RULES.apply(st, line.no, line.text)
        elif st.named:
            st.listing = None  # a blank line ends a listing
    return st.found


# Its command names it, `--check` prints `[warn]` and `Code style` lines, and the bare names of
# `--list-different` wait on the command: a log without these is not read.
PARSER = Parser(
    tool="prettier", category=Category.FORMAT, parse=Gated(("prettier", "\n[warn]", "\nCode style"), "prettier", parse)
)
