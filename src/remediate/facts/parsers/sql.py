"""dbt, SQL engines' errors (DuckDB, PostgreSQL/psql, MySQL, SQLite), and sqlfluff's lint report."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, Found, LineRules, Parser, Rule, clip, plain, scan_with, state
from remediate.facts.parsers.handlers import evidence, record, seen, summary
from remediate.models import Category


def _dbt_kind(st: Found, no: int, m: re.Match[str]) -> None:
    """`Database Error in model x (path)`: the reason is the next line."""
    st.found.seen = True
    st.found.mark(no, 8.0)
    follow = next(iter(st.view.after(no, 1)), None)
    if follow is not None and follow.text.strip():
        st.found.mark(follow.no, 9.0)
        message = f"{m.group(1)} Error: {follow.text.strip()}"
        st.found.error(follow.no, message, file=m.group("file"), code=m.group(1).lower())


_DBT = LineRules[Found](
    Rule("", seen, starts="Running with dbt="),
    Rule(
        r"^(?P<kind>Failure|Error) in (?P<code>model|test|seed|snapshot|unit_test|source|operation) (?P<name>\S+) "
        r"\((?P<file>[^()]+\.(?:ya?ml|sql|py|csv))\)$",  # a node's file: zope.testrunner's `(pkg.Class.test)` is not
        record(message="{kind} in {code} {name}"),
        starts=("Failure in ", "Error in "),
    ),
    Rule(
        r"^(Runtime|Database|Compilation|Parsing|Dependency|Internal) Error(?: in \w+ \S+ \((?P<file>.+)\))?$",
        _dbt_kind,
        has=tuple(
            f"{kind} Error" for kind in ("Runtime", "Database", "Compilation", "Parsing", "Dependency", "Internal")
        ),
        stripped=True,
    ),
    Rule(r"^Done\. PASS=\d+ WARN=\d+ ERROR=(?P<errors>\d+)", summary(8.0), starts="Done. PASS="),
    Rule(r"^\d+ of \d+ (FAIL|ERROR)(?: \d+)? \S+ ", evidence(7.0), has=(" FAIL ", " ERROR ")),
    Rule(r"^Got \d+ results?, configured to (?:fail|warn) if", evidence(8.0), starts="Got "),
)

_ERROR_WORDS = ("rror", "ERROR", "FATAL")


_POSTGRES = record(tool="postgres")


def _driver(st: Found, no: int, m: re.Match[str]) -> bool:
    """A Postgres driver's exception, when the line says it is an error (not NoResultFound...)."""
    if not any(word in m.string for word in _ERROR_WORDS):
        return False
    _POSTGRES(st, no, m)
    return True


def _sqlite(st: Found, no: int, m: re.Match[str]) -> bool:
    text = m.string
    if "no such" not in text and "syntax error" not in text and "constraint" not in text.lower():
        return False
    st.found.error(no, m.group("msg"), code=m.group("code"), tool="sqlite")
    return True


def _context(st: Found, no: int, m: re.Match[str]) -> bool:
    """LINE/DETAIL/HINT lines around an engine's error (a line naming an error is not context)."""
    if any(word in m.string for word in _ERROR_WORDS):
        return False
    st.found.mark(no, 6.0)
    return True


_SQL = LineRules[Found](
    Rule(
        r"^(?:[\w.]+(?:Exception|Error): )?(?P<code>(?:Parser|Binder|Catalog|Conversion|Constraint|Invalid Input|"
        r"Out of Range|Dependency|Transaction|Not implemented|Serialization|Syntax) Error): (?P<detail>.+)$",
        record(tool="duckdb", message="{code}: {detail}"),
        has=(" Error: ",),
        search=True,
        stripped=True,
    ),
    # RubyGems prints its own errors in psql's shape, two spaces and all (`ERROR:  Error installing x.gem:`,
    # `ERROR:  While executing gem ... (Gem::...)`, `ERROR:  Could not find a valid gem 'x' ...`): not the server's.
    # psql's message starts right after the two spaces; tox 2-3's summary pads its env's name with three
    # (`ERROR:   flake8: commands failed`): not the server's either.
    Rule(
        r"^(?:psql:(?P<file>\S+?):(?P<line>\d+): )?(?P<code>ERROR|FATAL):  "
        r"(?!Error installing |While executing gem |Could not find a valid gem |Failed to build gem )(?P<msg>\S.*)$",
        _POSTGRES,
        has=("ERROR:  ", "FATAL:  "),
        stripped=True,
    ),
    Rule(
        r"^(?:\S+\.)?(?:psycopg2?\.errors|asyncpg\.exceptions|sqlalchemy\.exc)\.(?P<code>\w+): (?P<msg>.+)$",
        _driver,
        has=("psycopg", "asyncpg.exceptions.", "sqlalchemy.exc."),
        stripped=True,
    ),
    Rule(
        r"^ERROR (?P<code>\d{4}) \(\w+\)(?: at line \d+)?: (?P<msg>.+)$",
        record(tool="mysql"),
        has=("ERROR ",),
        stripped=True,
    ),
    Rule(
        r"^(?:sqlite3\.)?(?P<code>OperationalError|IntegrityError|ProgrammingError): (?P<msg>.+)$",
        _sqlite,
        has=("OperationalError: ", "IntegrityError: ", "ProgrammingError: "),
        stripped=True,
    ),
    Rule(
        r"^(?:LINE \d+:|DETAIL:|HINT:|Candidate bindings:)",
        _context,
        has=("LINE ", "DETAIL:", "HINT:", "Candidate bindings:"),
        stripped=True,
    ),
)

DBT = Parser(tool="dbt", category=Category.SQL, parse=scan_with(_DBT, plain("dbt")))
SQL = Parser(tool="sql", category=Category.SQL, parse=scan_with(_SQL, plain("sql")))


# sqlfluff lint (3 and 4): `== [models/orders.sql] FAIL`, then a row a violation,
# `L:   1 | P:  10 | LT01 | Expected single whitespace between ...` (a long message goes on under
# `                       | ...`: part of the record's message), `All Finished!`. A file that passes says `PASS`
# and has no rows. A section that does not parse is a row whose code is right-aligned: `|  PRS | Line 5, Position
# 14: Found unparsable section: '>'.` (`TMP` for a template that does not render).
@state
class _Fluff:
    found: Findings = field(default_factory=lambda: Findings(tool="sqlfluff"))
    file: str | None = None
    row: int | None = None  # the line of the last row read, or of its message's last line


def _fluff_file(st: _Fluff, _no: int, m: re.Match[str]) -> None:
    st.file = m["file"] if m["verdict"] == "FAIL" else None


def _fluff_row(st: _Fluff, no: int, m: re.Match[str]) -> None:
    at, column, before = int(m["line"]), int(m["col"]), len(st.found.errors)
    st.found.error(no, m["msg"].strip(), file=st.file, at=at, column=column, code=m["code"])
    st.row = no if len(st.found.errors) > before else None  # past MAX_RECORDS no record takes the lines below


def _fluff_more(st: _Fluff, no: int, m: re.Match[str]) -> None:
    """A long message's next line, under the row it goes on."""
    last = st.found.errors[-1]
    st.found.errors[-1] = last.model_copy(update={"message": clip(f"{last.message} {m['more'].strip()}")})
    st.row = no


_FLUFF = LineRules[_Fluff](
    Rule(r"^== \[(?P<file>[^\]]+)\] (?P<verdict>FAIL|PASS)$", _fluff_file, starts="== ["),
    Rule(
        r"^L: *(?P<line>\d+) \| P: *(?P<col>\d+) \| *(?P<code>[A-Z]{2}\d{2}|PRS|TMP) \| (?P<msg>.+)$",
        _fluff_row,
        starts="L:",
        when=lambda st, _no: st.file is not None,
        continues=True,
    ),
    Rule(
        r"^ {10,}\| (?P<more>.+)$",
        _fluff_more,
        starts=" " * 10,
        when=lambda st, no: st.row == no - 1,
        continues=True,
    ),
)

SQLFLUFF = Parser(tool="sqlfluff", category=Category.SQL, parse=scan_with(_FLUFF, lambda _view: _Fluff()))
