"""dbt, SQL engines' errors (DuckDB, PostgreSQL/psql, MySQL, SQLite), sqlfluff's lint report, and the checks that
the schema's migrations match the models (Django's `makemigrations --check`, Alembic's `check`)."""

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


# A check that the models and their migrations agree, which CI runs so that a model changed without its migration
# fails the job. Django's `manage.py makemigrations --check` (3.2 and 5.2 alike, with or without `--dry-run`) names
# each app under `Migrations for 'cart':`, then the migration file it would write and its operations (`+ Create
# model Item`; `- Create model Item` before 4.2), and exits 1; a plain `makemigrations` prints the same and passes,
# so the heading is a finding only under a `--check` run the log shows. Alembic's `alembic check` (1.9 and later)
# ends `FAILED: New upgrade operations detected: [('add_column', None, 'item', Column('sku', ...))]`, or `FAILED:
# Target database is not up to date.` when the database it compares is not at the head revision (the job's
# migrations not applied first). No specialist fixes them: the missing migration is generated by the project's own
# tooling against its models (as a stale generated file is, diffcheck.GENERATED), and a database left behind is
# the job's set-up.
@state
class _Migrations:
    found: Findings = field(default_factory=lambda: Findings(tool="migrations"))
    check: bool = False  # a `makemigrations --check` run shown in the log
    app: str | None = None  # the app under whose heading the migration files follow


def _django_check(st: _Migrations, _no: int, _m: re.Match[str]) -> None:
    st.check = True


def _django_app(st: _Migrations, no: int, m: re.Match[str]) -> None:
    st.app = m["app"]
    st.found.mark(no, 8.0)


def _django_file(st: _Migrations, no: int, m: re.Match[str]) -> None:
    message = f"app {st.app}'s models changed without a migration: makemigrations would write {m['file']}"
    st.found.error(no, message, code="missing-migration", tool="django")


def _alembic_ops(st: _Migrations, no: int, m: re.Match[str]) -> None:
    """Alembic's operations, named by their first word (`add_table`, `add_column`) in the list it prints."""
    ops = ", ".join(dict.fromkeys(_ALEMBIC_OP.findall(m["ops"]))) or clip(m["ops"], 80)
    message = f"the models need migration operations no revision has: {ops}"
    st.found.error(no, message, code="missing-migration", tool="alembic")


_ALEMBIC_OP = re.compile(r"(?:^\[|, )\('(\w+)'")
_MIGRATIONS = LineRules[_Migrations](
    Rule(r"\bmakemigrations\b.*\s--check\b", _django_check, has=("makemigrations",), search=True, head=400),
    Rule(r"^Migrations for '(?P<app>[\w.]+)':$", _django_app, starts="Migrations for '", when=lambda st, _no: st.check),
    Rule(
        r"^  (?P<file>[\w./-]+/migrations/\w+\.py)$",
        _django_file,
        starts="  ",
        ends=".py",
        when=lambda st, _no: st.app is not None,
        continues=True,
    ),
    Rule(r"^    [-+~] \w", evidence(7.0), starts="    ", when=lambda st, _no: st.app is not None, continues=True),
    Rule(r"^FAILED: New upgrade operations detected: (?P<ops>.+)$", _alembic_ops, starts="FAILED: New upgrade "),
    Rule(
        r"^FAILED: Target database is not up to date\.$",
        record("not-up-to-date", tool="alembic", message="the database is not at the head revision"),
        starts="FAILED: Target database ",
    ),
)
MIGRATIONS = Parser(
    tool="migrations",
    category=Category.UNKNOWN,
    parse=scan_with(_MIGRATIONS, lambda _view: _Migrations()),
    no_specialist=True,
)
