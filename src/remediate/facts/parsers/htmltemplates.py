"""djLint, the linter and formatter of HTML templates (Django, Jinja, Nunjucks, Handlebars).

Each file it has something to say of is a heading, the file's path over a rule of `─`, then, under `djlint --lint`
(`Linting 2/2 files`), a row per finding, `H013 4:15 Img tag should have an alt attribute. <img src="x.png">` (its
code, the line, the column counted from 0, the message and the source it matched), closed by `Linted 2 files, found 5
errors.`; under `djlint --check` (`Checking 2/2 files`), the diff that reformatting would make, closed by `2 files would
be updated.`: a format failure, one record a file."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Rule, scan_with, state
from remediate.facts.parsers.handlers import verdict
from remediate.facts.view import View
from remediate.models import Category


@state
class _Djlint:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="djlint"))
    mode: str | None = None  # `Linting` or `Checking`, from the run's first line
    file: str | None = None  # the heading the rows below are under


def _run(st: _Djlint, no: int, m: re.Match[str]) -> None:
    st.mode, st.file = m["mode"], None
    st.found.seen = True
    st.found.mark(no, 4.0)


def _heading(st: _Djlint, no: int, _m: re.Match[str]) -> None:
    """The rule under a file's path: the line above is the file (under `--check`, one that would be reformatted)."""
    i = st.view.index.get(no, 0)
    above = st.view.lines[i - 1].text.strip() if i else ""
    if not above or " " in above:
        return
    st.file = above
    if st.mode == "Checking":
        st.found.error(
            no - 1, "the file would be reformatted", file=above, code="djlint-check", category=Category.FORMAT
        )


def _finding(st: _Djlint, no: int, m: re.Match[str]) -> None:
    column = int(m["col"]) + 1  # djLint counts columns from 0
    st.found.error(no, m["msg"], file=st.file, at=int(m["line"]), column=column, code=m["code"])


_DJLINT = LineRules[_Djlint](
    Rule(
        r"^(?P<mode>Linting|Checking) \d+/\d+ files?$", _run, starts=("Linting ", "Checking "), ends=("files", "file")
    ),
    Rule(r"^─{20,}$", _heading, starts="────", continues=True, when=lambda st, _no: st.mode is not None),
    Rule(
        r"^(?P<code>[A-Z]\d{3}) (?P<line>\d+):(?P<col>\d+) (?P<msg>.+)$",
        _finding,
        when=lambda st, _no: st.mode == "Linting" and st.file is not None,
        continues=True,
    ),
    Rule(r"^Linted \d+ files?, found \d+ errors?\.$", verdict(8.0), starts="Linted ", ends="."),
    Rule(r"^\d+ files? would be updated\.$", verdict(8.0), has=(" would be updated.",)),
    continued=True,
)
DJLINT = Parser(tool="djlint", category=Category.LINT, parse=scan_with(_DJLINT, lambda view: _Djlint(view)))
