"""awesome_bot, the link checker of the "awesome" lists: `> Checking links in FILE`, then, when a link
failed, `Issues :-(` with a `> Links` section (`  1. [L0239] 404 URL`, a redirect's `  → TARGET`, an
error's empty status and its message) and a `> Dupes` section (`  1. [L0012] URL`). Each row is a
record at the checked file's line. A dead or moved link is neither the code's bug nor a linter's
rule: no category of its own.

linkinator (1.x to 7.x alike): a row per link checked, `[404] URL` (`[0]` when nothing answered; 1.x and
`--silent` print the broken ones only, 2.x and later open with `🏊‍♂️ crawling DIR` and, from 2.x, list the broken
ones again under the page that links them), then `ERROR: Detected 3 broken links. Scanned 6 links in 0.06
seconds.` The rows are records only once that verdict says links broke: `[404] x` alone is any server's log.

markdown-link-check (3.7 to 3.15): `FILE: README.md`, a row per link (`[✓] URL`, `[✖] URL`, with `-v` and from
3.10 after the verdict ` → Status: 404`), the verdict `ERROR: dead links found!` (3.10 and later: `ERROR: 3 dead links
found!`; `-q`: `ERROR: 3 dead links found in README.md !`). Each dead link is a record of its file, once, with its
status when a row says it; only when a verdict says links are dead.

Sphinx's linkcheck builder (5.3 and 9.0 alike): a row per link, `(           index: line    4) broken    URL - why`
(`ok`, `redirect`... for the others), then `build finished with problems.` (read by doclint.SPHINX). Each broken row
is a record; the document is a docname (`index`, no suffix), so it names no file.

HTML-Proofer (2.x `htmlproof`, 3.x `htmlproofer`; the checker of the Travis years' Jekyll sites; real samples of
3.19.2): `Running ["ScriptCheck", "LinkCheck", "ImageCheck"] on ["./_site"] on *.html... `, then per page with
failures `- ./_site/index.html` and its items `  *  internally linking to docs/missing.html, which does not exist
(line 6)` (an external link's message runs on over indented lines, an item may show its element below), then
`HTML-Proofer found 8 failures!` (or the CLI's `htmlproofer 3.9.2 | Error:  HTML-Proofer found 8 failures!`). Each
item is a record of its page (once: two checks may report the same link), only once that verdict came.

broken-link-checker (`blc`, 0.7.8, the last release since 2017; real samples against a local site): per page
`Getting links from: URL`, a row per link (`├───OK─── URL`, `├─BROKEN─ URL (HTTP_404)`, `└─BROKEN─ URL
(ERRNO_ECONNREFUSED)`), then `Finished! 5 links found. 1 excluded. 3 broken.` (per page, and for the whole run
with `-r`). Each broken link is a record, once (a recursive run lists it under every page that links it), once a
`Finished!` line counted broken links.

LinkChecker (`linkchecker`, 10.2.1 of Debian; its text output has kept this shape since the Python 2 releases):
a block per link with a problem (the line `URL` then the link between a backquote and a quote, `Parent URL
file:///.../index.html, line 2, col 43`, `Result     Error: 404 File not found`; a valid link with warnings has
`Result     Valid: ...`), then `That's it. 8 links in 8 URLs checked. 0 warnings found. 4 errors found.` Each
`Error:` block is a record at its parent page (a file when the parent is one) and line, once that verdict counted
errors."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.lazyregex import Regex
from remediate.facts.parsers.base import Findings, Found, LineRules, Parser, Rule, plain, scan_with, state
from remediate.facts.parsers.handlers import failures_counted, taken
from remediate.facts.view import View
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


# linkinator's statuses of a broken link: nothing answered (0), a client's or a server's error.
_BROKEN = Regex(r"0|[45]\d\d")


@state
class _Linkinator:
    found: Findings = field(default_factory=lambda: Findings(tool="linkinator"))
    rows: list[tuple[int, str, str, str | None]] = field(default_factory=list)  # (line, status, url, page)
    page: str | None = None  # a page heading of the grouped list (2.x and later)

    def listing(self, _no: int) -> bool:
        return bool(self.rows)


def _crawling(st: _Linkinator, _no: int, _m: re.Match[str]) -> None:
    st.rows, st.page = [], None  # a run starts


def _link(st: _Linkinator, no: int, m: re.Match[str]) -> None:
    if _BROKEN.fullmatch(m["status"]):
        st.rows.append((no, m["status"], m["url"], st.page))


def _page(st: _Linkinator, _no: int, m: re.Match[str]) -> None:
    st.page = None if m["page"].startswith(("http://", "https://")) else m["page"]


def _detected(st: _Linkinator, no: int, _m: re.Match[str]) -> None:
    """The verdict: the broken rows are its records, each once, under its page when the list names one."""
    st.found.seen = True
    st.found.mark(no, 8.0)
    paged = [r for r in st.rows if r[3] is not None]
    kept = dict.fromkeys((status, url, page) for _line, status, url, page in (paged or st.rows))
    lines = {(status, url, page): line for line, status, url, page in reversed(st.rows)}
    for status, url, page in kept:
        st.found.error(lines[(status, url, page)], f"[{status}] {url}", file=page, code=status)
    st.rows, st.page = [], None


def _not_its(st: _Linkinator, _no: int, _m: re.Match[str]) -> bool:
    st.rows, st.page = [], None  # another tool's line: the rows above were not a run that ends here
    return False


_LINKINATOR = LineRules[_Linkinator](
    Rule(r"^\S+ crawling \S", _crawling, has=(" crawling ",)),
    # A status row records nothing until the verdict below: its `] ` (in most logs) opens no table.
    Rule(r"^\s*\[(?P<status>\d{1,3})\] (?P<url>\S+)\s*$", _link, has=("] ",), continues=True),
    Rule(
        r"^ERROR: Detected \d+ broken links?\. Scanned \d+ links? in [\d.]+ seconds\.\s*$",
        _detected,
        starts="ERROR: Detected ",
    ),
    Rule(r"^\s*(?:Scanning \S+)?\s*$", taken, when=_Linkinator.listing),
    Rule(r"^(?P<page>[^\s\[]\S*)\s*$", _page, when=_Linkinator.listing),
    Rule(r"", _not_its, when=_Linkinator.listing),
    continued=True,  # the rows' own rules open the table
)

LINKINATOR = Parser(
    tool="linkinator",
    category=Category.UNKNOWN,
    parse=scan_with(_LINKINATOR, lambda _view: _Linkinator()),
    no_specialist=True,
)


@state
class _Mlc:
    found: Findings = field(default_factory=lambda: Findings(tool="markdown-link-check"))
    file: str | None = None  # `FILE: README.md`
    dead: dict[tuple[str | None, str], tuple[int, str | None]] = field(default_factory=dict)  # (file, link) -> row
    failed: bool = False  # a verdict said links are dead


def _mlc_file(st: _Mlc, _no: int, m: re.Match[str]) -> None:
    st.file = m["file"]


def _mlc_dead(st: _Mlc, no: int, m: re.Match[str]) -> None:
    key = (st.file, m["link"])
    line, status = st.dead.get(key, (no, None))
    st.dead[key] = (line, m["status"] or status)  # the row after the verdict adds the status


def _mlc_verdict(st: _Mlc, no: int, m: re.Match[str]) -> None:
    st.failed = True
    st.found.seen = True
    st.found.mark(no, 8.0)
    if m["file"] and st.file is None:  # `-q` names the file in its verdict only
        st.file = m["file"]
        st.dead = {(m["file"], link): row for (_none, link), row in st.dead.items()}


def _mlc(st: _Mlc, _view: View) -> Findings:
    """The dead links as records when a verdict said links are dead."""
    for (file, link), (no, status) in st.dead.items() if st.failed else ():
        message = f"dead link {link}" + (f" (status {status})" if status else "")
        st.found.error(no, message, file=file, code=status or "dead")
    return st.found


_MLC = LineRules[_Mlc](
    Rule(r"^FILE: (?P<file>\S.*?)\s*$", _mlc_file, starts="FILE: "),
    Rule(r"^\s*\[✖\] (?P<link>\S+)(?: → Status: (?P<status>\d+))?", _mlc_dead, has=("[✖] ",)),
    Rule(
        r"^\s*ERROR: (?:\d+ )?dead links? found(?: in (?P<file>\S.*?) )?!\s*$",
        _mlc_verdict,
        has=("dead link",),
    ),
)

MARKDOWN_LINK_CHECK = Parser(
    tool="markdown-link-check",
    category=Category.UNKNOWN,
    parse=scan_with(_MLC, lambda _view: _Mlc(), _mlc),
    no_specialist=True,
)


# `why` begins with the HTTP status when a server answered (`404 Client Error: ...`), else it is the client's error.
_SPHINX_STATUS = Regex(r"\d{3}(?= )")


def _sphinx_broken(st: Found, no: int, m: re.Match[str]) -> None:
    why = m["why"] or ""
    status = _SPHINX_STATUS.match(why)
    message = f"{m['doc']}, line {m['line']}: broken link {m['url']}" + (f" ({why[:200]})" if why else "")
    st.found.error(no, message, code=status.group(0) if status else "broken")


_SPHINX_LINKCHECK = LineRules[Found](
    Rule(
        r"^\(\s*(?P<doc>\S+): line\s+(?P<line>\d+)\) broken\s+(?P<url>\S+)(?: - (?P<why>.+?))?\s*$",
        _sphinx_broken,
        has=(") broken ",),
    ),
)

SPHINX_LINKCHECK = Parser(
    tool="sphinx-linkcheck",
    category=Category.UNKNOWN,
    parse=scan_with(_SPHINX_LINKCHECK, plain("sphinx-linkcheck")),
    no_specialist=True,
)


@state
class _Proofer:
    found: Findings = field(default_factory=lambda: Findings(tool="html-proofer"))
    running: bool = False  # after its `Running [checks] on [dirs]` heading
    page: str | None = None  # `- ./_site/index.html`: the page the items below are of
    rows: list[tuple[int, str, str, int | None]] = field(default_factory=list)  # (line, page, message, page line)

    def listing(self, _no: int) -> bool:
        return self.running

    def on_page(self, _no: int) -> bool:
        return self.running and self.page is not None


def _proofing(st: _Proofer, _no: int, _m: re.Match[str]) -> None:
    st.running, st.page, st.rows = True, None, []


def _proofed_page(st: _Proofer, _no: int, m: re.Match[str]) -> None:
    st.page = m["file"]


def _proofed_item(st: _Proofer, no: int, m: re.Match[str]) -> None:
    assert st.page is not None
    message = m["msg"].rstrip()
    at = _PROOFED_AT.search(message)  # searched apart: a lazy message before it and `\s*$` would be quadratic
    if at:
        message = message[: at.start()]
    st.rows.append((no, st.page, message, int(at["line"]) if at else None))


def _proofer_found(st: _Proofer, no: int, m: re.Match[str]) -> None:
    """The verdict: each item above is a record of its page, once."""
    failures_counted(st.found, no, int(m["failed"]), 8.0)
    for line, page, message, at in {(p, msg, at): (line, p, msg, at) for line, p, msg, at in st.rows[::-1]}.values():
        st.found.error(line, message, file=page, at=at, code="html-proofer")
    st.running, st.page, st.rows = False, None, []


_PROOFED_AT = Regex(r" \(line (?P<line>\d+)\)$")
_PROOFER = LineRules[_Proofer](
    Rule(r"^Running \[[^\]]*\] on \[[^\]]*\] on \S+\.\.\.\s*$", _proofing, starts="Running ["),
    Rule(r"^- (?P<file>\S+\.x?html?)\s*$", _proofed_page, starts="- ", when=_Proofer.listing, continues=True),
    Rule(
        r"^  \*  (?P<msg>\S.*)$",
        _proofed_item,
        starts="  *  ",
        when=_Proofer.on_page,
        continues=True,
    ),
    Rule(
        r"^(?:htmlproof(?:er)? [\w.]+ \| Error:\s+)?HTML-Proofer found (?P<failed>\d+) failures?!\s*$",
        _proofer_found,
        has=("HTML-Proofer found ",),
    ),
)

HTML_PROOFER = Parser(
    tool="html-proofer",
    category=Category.UNKNOWN,
    parse=scan_with(_PROOFER, lambda _view: _Proofer()),
    no_specialist=True,
)


@state
class _Blc:
    found: Findings = field(default_factory=lambda: Findings(tool="broken-link-checker"))
    broken: dict[str, tuple[int, str]] = field(default_factory=dict)  # url -> (line, reason), first row kept
    recorded: set[str] = field(default_factory=set)  # urls a count above already made records of


def _blc_broken(st: _Blc, no: int, m: re.Match[str]) -> None:
    st.broken.setdefault(m["url"], (no, m["why"]))


def _blc_finished(st: _Blc, no: int, m: re.Match[str]) -> None:
    """A page's or the run's count: the rows above are its records, each link once."""
    failures_counted(st.found, no, int(m["broken"] or 0), 8.0)
    for url, (line, why) in st.broken.items() if m["broken"] else ():
        if url not in st.recorded:
            st.recorded.add(url)
            st.found.error(line, f"broken link {url} ({why})", code=why)


_BLC = LineRules[_Blc](
    Rule(r"^\s*[├└]─BROKEN─ (?P<url>\S+) \((?P<why>[^()\s]+)\)", _blc_broken, has=("─BROKEN─ ",)),
    Rule(
        r"^Finished! \d+ links? found\.(?: \d+ excluded\.)?(?: (?P<broken>\d+) broken\.)?",
        _blc_finished,
        starts="Finished! ",
    ),
)

BLC = Parser(
    tool="broken-link-checker",
    category=Category.UNKNOWN,
    parse=scan_with(_BLC, lambda _view: _Blc()),
    no_specialist=True,
)


@state
class _LinkChecker:
    found: Findings = field(default_factory=lambda: Findings(tool="linkchecker"))
    url: str | None = None  # the block's `URL        \`x'`
    parent: tuple[str | None, int | None] = (None, None)  # the page (a file or none) and line linking it
    errors: list[tuple[int, str, str | None, int | None]] = field(default_factory=list)  # (line, msg, file, at)

    def in_block(self, _no: int) -> bool:
        return self.url is not None


def _lc_url(st: _LinkChecker, _no: int, m: re.Match[str]) -> None:
    st.url, st.parent = m["url"], (None, None)


def _lc_parent(st: _LinkChecker, _no: int, m: re.Match[str]) -> None:
    page = m["page"]  # a URL's line is no place in the project's files; a file's is
    st.parent = (page.removeprefix("file://"), int(m["line"])) if page.startswith("file://") else (None, None)


def _lc_error(st: _LinkChecker, no: int, m: re.Match[str]) -> None:
    assert st.url is not None
    st.errors.append((no, f"broken link {st.url}: {m['why'].strip()}", *st.parent))
    st.url = None


def _lc_verdict(st: _LinkChecker, no: int, m: re.Match[str]) -> None:
    failures_counted(st.found, no, int(m["errors"]), 8.0)
    for line, message, file, at in st.errors if int(m["errors"]) else ():
        st.found.error(line, message, file=file, at=at, code="linkchecker")
    st.errors, st.url = [], None


_LINKCHECKER = LineRules[_LinkChecker](
    Rule(r"^URL {2,}`(?P<url>.+)'\s*$", _lc_url, starts="URL  "),
    Rule(
        r"^Parent URL (?P<page>\S+), line (?P<line>\d+)",
        _lc_parent,
        starts="Parent URL ",
        when=_LinkChecker.in_block,
        continues=True,
    ),
    Rule(r"^Result {2,}Error: (?P<why>.+)$", _lc_error, starts="Result  ", when=_LinkChecker.in_block, continues=True),
    Rule(r"^That's it\. .{0,120}? (?P<errors>\d+) errors? found\.", _lc_verdict, starts="That's it. "),
)

LINKCHECKER = Parser(
    tool="linkchecker",
    category=Category.UNKNOWN,
    parse=scan_with(_LINKCHECKER, lambda _view: _LinkChecker()),
    no_specialist=True,
)
