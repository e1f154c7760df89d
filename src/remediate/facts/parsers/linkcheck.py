"""awesome_bot, the link checker of the "awesome" lists: `> Checking links in FILE`, then, when a link
failed, `Issues :-(` with a `> Links` section (`  1. [L0239] 404 URL`, a redirect's `  → TARGET`, an
error's empty status and its message) and a `> Dupes` section (`  1. [L0012] URL`). Each row is a
record at the checked file's line. A dead or moved link is neither the code's bug nor a linter's
rule: no category of its own."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Rule, scan_with, state
from remediate.facts.parsers.handlers import taken
from remediate.models import Category


@state
class _State:
    found: Findings = field(default_factory=lambda: Findings(tool="awesome_bot"))
    file: str | None = None  # `> Checking links in FILE`
    section: str | None = None  # "links" or "dupes", under `Issues :-(`

    def listing(self, _no: int) -> bool:
        return self.section is not None


def _checking(st: _State, _no: int, m: re.Match[str]) -> None:
    st.file, st.section = m["file"], None


def _issues(st: _State, no: int, _m: re.Match[str]) -> None:
    st.found.seen = True
    st.found.mark(no, 8.0)


def _section(st: _State, no: int, m: re.Match[str]) -> None:
    st.section = "links" if m["name"] == "Links" else "dupes" if m["name"] == "Dupes" else None
    st.found.mark(no, 6.0)


def _row(st: _State, no: int, m: re.Match[str]) -> bool:
    at, rest = int(m["line"]), m["rest"].strip()
    if st.section == "links":
        # `404 URL`, `301 URL  → TARGET`; an error has no status: `[L6]  URL MESSAGE`
        status, _, said = rest.partition(" ") if not m["rest"].startswith(" ") else ("", "", rest)
        said = " ".join(said.split())
        code = status or "error"
        message = f"{status} {said}" if status else said
    else:
        code, message = "dupe", f"duplicate link {rest}"
    st.found.error(no, message, file=st.file, at=at, code=code, weight=8.0)
    return True


def _other(st: _State, _no: int, _m: re.Match[str]) -> bool:
    st.section = None  # the report ended (`Wrote results to ...`, the next command)
    return False


_RULES = LineRules[_State](
    Rule(r"^> Checking links in (?P<file>\S.*?)\s*$", _checking, starts="> Checking links in "),
    Rule(r"^Issues :-\($", _issues, starts="Issues :-("),
    Rule(r"^> (?P<name>Links|Dupes|White listed:)\s*$", _section, starts=("> Links", "> Dupes", "> White listed:")),
    Rule(r"^\s+\d+\. \[L(?P<line>\d+)\] (?P<rest>.+)$", _row, when=_State.listing),
    Rule(r"^\s+(?:All OK|None) ", taken, when=_State.listing),
    Rule(r"", _other, when=_State.listing),
    continued=True,  # the rows follow a section heading
)

PARSER = Parser(
    tool="awesome_bot", category=Category.UNKNOWN, parse=scan_with(_RULES, lambda _view: _State()), no_specialist=True
)
