"""Checks of a JavaScript project's module graph: madge's circular imports and knip's unused files, exports and
dependencies.

madge (`madge --circular src`) prints `✖ Found 1 circular dependency!`, then a numbered row per cycle, the files
relative to the directory it was given: `1) cart.js > pricing.js`; `✔ No circular dependency found!` when there is
none. A cycle is a lint failure: the code's imports are changed. Its files are not the repository's paths (the
directory they are under is the command's argument), so its records name none.

knip prints a heading per kind of finding with its count (`Unused files (1)`, `Unused dependencies (1)`, `Unlisted
dependencies (1)`, `Unused exports (2)`), then a row each: a file alone (`src/legacy.js`) or a name and where it is,
`discount  src/cart.js:4:27`, `left-pad  package.json:8:6`. What package.json declares or fails to declare (unused,
unlisted or unresolved dependencies and binaries) is a dependency failure, as depcheck's
(parsers/javascript_cichecks.py); unused files, exports, types and members are lint. `Configuration hints` are
knip's advice on its own configuration, no finding."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, Found, LineRules, Parser, Rule, plain, scan_with, state
from remediate.facts.parsers.handlers import verdict
from remediate.models import Category

_MADGE = LineRules[Found](
    Rule(r"^✖ Found \d+ circular dependenc(?:y|ies)!$", verdict(8.0), starts="✖ Found ", ends="!"),
    Rule(r"^✔ No circular dependency found!$", verdict(5.0), starts="✔ No circular dependency"),
    Rule(
        r"^\d+\) (?P<cycle>\S+(?: > \S+)+)$",
        lambda st, no, m: st.found.error(no, f"circular dependency: {m['cycle']}", code="circular"),
        has=(" > ",),
        when=lambda st, _no: st.found.seen,
        continues=True,
    ),
)
MADGE = Parser(tool="madge", category=Category.LINT, parse=scan_with(_MADGE, plain("madge")))

# knip's kinds of finding, its reporters' titles (knip 6's ISSUE_TYPE_TITLE): what package.json declares or fails to
# declare is a dependency failure, the rest the code's
_KNIP_KINDS = {
    "Unused files": Category.LINT,
    "Unused subpaths": Category.LINT,
    "Unused dependencies": Category.DEPENDENCY,
    "Unused devDependencies": Category.DEPENDENCY,
    "Referenced optional peerDependencies": Category.DEPENDENCY,
    "Unlisted dependencies": Category.DEPENDENCY,
    "Unlisted binaries": Category.DEPENDENCY,
    "Unresolved imports": Category.LINT,
    "Unused exports": Category.LINT,
    "Exports in used namespace": Category.LINT,
    "Unused exported types": Category.LINT,
    "Exported types in used namespace": Category.LINT,
    "Unused exported enum members": Category.LINT,
    "Unused exported namespace members": Category.LINT,
    "Unused class members": Category.LINT,
    "Duplicate exports": Category.LINT,
    "Unused catalog entries": Category.DEPENDENCY,
    "Unresolved catalog references": Category.DEPENDENCY,
    "Circular dependencies": Category.LINT,
}


@state
class _Knip:
    found: Findings = field(default_factory=lambda: Findings(tool="knip"))
    kind: str | None = None  # the heading the rows below are under (None: a configuration hint's, or none)


def _knip_heading(st: _Knip, no: int, m: re.Match[str]) -> None:
    kind = m["kind"]
    st.kind = kind if kind in _KNIP_KINDS else None
    st.found.seen = True
    st.found.mark(no, 6.0)


def _knip_row(st: _Knip, no: int, m: re.Match[str]) -> None:
    kind = st.kind
    assert kind is not None
    name, file = m["name"], m["file"]
    category = _KNIP_KINDS[kind]
    code = "-".join(kind.lower().split())
    said = f"{kind}: {name or file}"
    line = int(m["line"]) if m["line"] else None
    column = int(m["col"]) if m["col"] else None
    st.found.error(no, said, file=file, at=line, column=column, code=code, category=category)


def _knip_done_with_section(st: _Knip, _no: int, _m: re.Match[str]) -> bool:
    st.kind = None
    return False


_KNIP = LineRules[_Knip](
    Rule(
        rf"^(?P<kind>{'|'.join(map(re.escape, [*_KNIP_KINDS, 'Configuration hints']))}) \(\d+\)$",
        _knip_heading,
        starts=(
            "Unused ",
            "Unlisted ",
            "Unresolved ",
            "Duplicate ",
            "Referenced ",
            "Export",
            "Circular ",
            "Configuration",
        ),
        ends=")",
    ),
    Rule(
        r"^(?:(?P<name>\S+) +)?(?P<file>[^\s:]+\.\w+)(?::(?P<line>\d+)(?::(?P<col>\d+))?)?\s*$",
        _knip_row,
        when=lambda st, _no: st.kind is not None,
        continues=True,
    ),
    Rule(r"", _knip_done_with_section, when=lambda st, _no: st.kind is not None),
    continued=True,
)
KNIP = Parser(tool="knip", category=Category.LINT, parse=scan_with(_KNIP, lambda _view: _Knip()))
