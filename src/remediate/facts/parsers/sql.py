"""dbt, and SQL engines' errors (DuckDB, PostgreSQL/psql, MySQL, SQLite)."""

from __future__ import annotations

import re

from remediate.facts.parsers.base import Findings, Parser, group_int
from remediate.facts.view import View
from remediate.models import Category

_DBT_FAILURE = re.compile(
    r"^(Failure|Error|Warning) in (model|test|seed|snapshot|unit_test|source|operation) (\S+) \((.+)\)$"
)
_DBT_KIND = re.compile(
    r"^(Runtime|Database|Compilation|Parsing|Dependency|Internal) Error(?: in (\w+) (\S+) \((.+)\))?$"
)
_DBT_DONE = re.compile(r"^Done\. PASS=(\d+) WARN=(\d+) ERROR=(\d+)")
_DBT_STATUS = re.compile(r"^\d+ of \d+ (FAIL|ERROR)(?: \d+)? (\S+) ")
_DBT_GOT = re.compile(r"^Got (\d+) results?, configured to (?:fail|warn) if")

_DUCKDB = re.compile(
    r"^(?:[\w.]+(?:Exception|Error): )?((?:Parser|Binder|Catalog|Conversion|Constraint|Invalid Input|"
    r"Out of Range|Dependency|Transaction|Not implemented|Serialization|Syntax) Error): (.+)$"
)
_PSQL = re.compile(r"^(?:psql:(\S+?):(\d+): )?(ERROR|FATAL):  (.+)$")
_PG_DRIVER = re.compile(r"^(?:\S+\.)?(psycopg2?\.errors\.\w+|asyncpg\.exceptions\.\w+|sqlalchemy\.exc\.\w+): (.+)$")
_MYSQL = re.compile(r"^ERROR (\d{4}) \((\w+)\)(?: at line (\d+))?: (.+)$")
_SQLITE = re.compile(r"^(?:sqlite3\.)?(OperationalError|IntegrityError|ProgrammingError): (.+)$")
_LINE_CONTEXT = re.compile(r"^(?:LINE \d+:|DETAIL:|HINT:|Candidate bindings:)")


def parse_dbt(view: View) -> Findings:
    found = Findings(tool="dbt")
    for line in view.lines:
        text = line.text
        if not text:
            continue
        if text.startswith("Running with dbt="):
            found.seen = True
            continue
        m = _DBT_FAILURE.match(text)
        if m and m.group(1) != "Warning":
            found.error(line.no, f"{m.group(1)} in {m.group(2)} {m.group(3)}", file=m.group(4), code=m.group(2))
            continue
        m = _DBT_KIND.match(text.strip())
        if m:
            found.seen = True
            found.mark(line.no, 8.0)
            follow = next(iter(view.after(line.no, 1)), None)
            if follow is not None and follow.text.strip():
                found.mark(follow.no, 9.0)
                found.error(
                    follow.no,
                    f"{m.group(1)} Error: {follow.text.strip()}",
                    file=m.group(4),
                    code=m.group(1).lower(),
                )
            continue
        if text.startswith("Done. PASS="):
            m = _DBT_DONE.match(text)
            if m:
                found.seen = True
                found.mark(line.no, 8.0)
                found.summary_failures = int(m.group(3))
            continue
        m = _DBT_STATUS.match(text)
        if m:
            found.mark(line.no, 7.0)
            continue
        if text.startswith("Got ") and _DBT_GOT.match(text):
            found.mark(line.no, 8.0)
    return found


def parse_sql(view: View) -> Findings:
    found = Findings(tool="sql")
    for line in view.lines:
        text = line.text.strip()
        if not text or ("rror" not in text and "ERROR" not in text and "FATAL" not in text):
            if _LINE_CONTEXT.match(text):
                found.mark(line.no, 6.0)
            continue
        m = _DUCKDB.search(text)
        if m:
            found.error(line.no, f"{m.group(1)}: {m.group(2)}", code=m.group(1), tool="duckdb")
            continue
        m = _PSQL.match(text)
        if m:
            found.error(
                line.no,
                m.group(4),
                file=m.group(1),
                at=group_int(m, 2),
                code=m.group(3),
                tool="postgres",
            )
            continue
        m = _PG_DRIVER.match(text)
        if m:
            found.error(line.no, m.group(2), code=m.group(1).rsplit(".", 1)[-1], tool="postgres")
            continue
        m = _MYSQL.match(text)
        if m:
            found.error(line.no, m.group(4), code=m.group(1), tool="mysql")
            continue
        m = _SQLITE.match(text)
        if m and ("no such" in text or "syntax error" in text or "constraint" in text.lower()):
            found.error(line.no, m.group(2), code=m.group(1), tool="sqlite")
    return found


DBT = Parser(tool="dbt", category=Category.SQL, parse=parse_dbt)
SQL = Parser(tool="sql", category=Category.SQL, parse=parse_sql)
