"""The scripted cassettes of every fixture (except py-renamed-function, which has its own).

Each script is what a careful model would do with the facts the harness gives it: every turn
carries expectations on the request (tools offered, facts present, tool results), so a
regression in the tools, the prompts' facts or the context providers makes the replay fail
loudly instead of passing by luck. Usage is "estimate": tokens follow the real request size.
Most are rows of FIXES, built by `Fix.cassette` (scripting.py: a look, the edits, the check,
finish); the few of another shape (a whole-file write, two looks) are written as Scripts.

    .venv/bin/python -m tests.agents.scripts write     # regenerate fixtures/<case>/cassette.json
    .venv/bin/python -m tests.agents.scripts check     # exit 1 when a file is out of date

tests/agents/test_cassettes.py fails when a committed cassette differs from its script. Fixtures
that the deterministic prefix fixes (ZERO_MODEL) have no cassette at all: no model access.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from remediate.replay import Cassette
from tests.agents.scripting import (
    CHECK_PASSED,
    DOCKER_TOOLS,
    FIXTURES,
    HAIKU,
    LINT_TOOLS,
    SONNET,
    SQL_TOOLS,
    TESTS_TOOLS,
    Edit,
    Fix,
    Script,
)
from tests.agents.scripts_env import ENV_SCRIPTS
from tests.agents.scripts_langs import LANG_SCRIPTS, LANG_ZERO_MODEL

# Fixed by the lint specialist's deterministic prefix (ruff's safe fixers, `ruff format`): these
# fixtures have NO cassette, so any model call fails the run for lack of model access.
ZERO_MODEL: dict[str, str] = {
    "format-ruff-quote-style": "`ruff format` with the project's own settings (single quotes, 100 columns)",
    "format-ruff-unformatted": "`ruff format` on the two files the check names",
    "lint-unused-imports": "`ruff check --fix` with safe fixes only (F401, I001)",
}


# ------------------------------------------------------------------ Dockerfiles

HADOLINT_APT_RUN = """RUN apt-get update \\
    && apt-get install -y --no-install-recommends \\
        ca-certificates=20230311 \\
        curl=7.88.1-10+deb12u12 \\
        libjpeg62-turbo=1:2.1.5-2 \\
    && rm -rf /var/lib/apt/lists/* \\
    && curl -fsSL -o /usr/local/bin/tini"""


BLOATED_DOCKERFILE = """# Build stage: the compiler and libpq headers stay here, out of the final image.
FROM python:3.12-slim-bookworm AS build

WORKDIR /src

# psycopg's C implementation is compiled from source against libpq.
RUN apt-get update \\
    && apt-get install -y --no-install-recommends build-essential libpq-dev \\
    && rm -rf /var/lib/apt/lists/*

COPY requirements.txt pyproject.toml README.md ./
COPY src/ ./src/
RUN pip install --no-cache-dir --prefix=/install -r requirements.txt \\
    && pip install --no-cache-dir --prefix=/install --no-deps .

FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \\
    PYTHONUNBUFFERED=1

WORKDIR /srv/geoapi

# Only the libpq runtime library is needed to run the compiled extension.
RUN apt-get update \\
    && apt-get install -y --no-install-recommends libpq5 \\
    && rm -rf /var/lib/apt/lists/* \\
    && useradd --system --uid 10001 --no-create-home geoapi

COPY --from=build /install /usr/local
USER 10001

EXPOSE 8000
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "geoapi.wsgi:app"]
"""


def docker_bloated_image() -> Cassette:
    s = Script(
        SONNET, "docker-bloated-image: the image budget check rejects a single-stage image with five RUN layers."
    )
    s.turn(
        [("write_file", {"path": "Dockerfile", "content": BLOATED_DOCKERFILE})],
        text=(
            "The budget check and the hygiene facts agree: five RUN layers in the final stage, apt-get update alone, "
            "apt lists kept, build-essential and libpq-dev in the final image, pip caches. A build stage compiles "
            "psycopg with the toolchain and installs into /install; the final stage keeps the same base, env, "
            "workdir, user 10001, port and command, and needs only the libpq5 runtime library."
        ),
        tools=DOCKER_TOOLS,
        contains=(
            "IMG006",
            "toolchain-in-final: build toolchain in the final stage: build-essential, libpq-dev",
            "8 layer-creating instructions (RUN/COPY/ADD), 5 of them RUN",
        ),
    )
    s.turn([("run_check", {})], results={0: ("wrote Dockerfile",)})
    return s.finish(
        "A single-stage Dockerfile built psycopg in the final image: build-essential and libpq-dev stayed installed, "
        "apt lists and pip caches were kept, and five RUN instructions each added a layer.",
        "Split into a build stage (toolchain, headers, pip install --prefix=/install --no-cache-dir) and a final "
        "stage with only libpq5 and the installed packages copied in; same base, env, user, port and command. "
        "Before/after in the final stage: RUN instructions 5 -> 1, layer-creating instructions 8 -> 2, hygiene "
        "findings 8 -> 0; hadolint findings 6 -> 2 (the unpinned apt packages, DL3008, which this project's image "
        "budget check does not require).",
        results={0: (CHECK_PASSED,)},
    )


FIXES: dict[str, Fix] = {
    # ------------------------------------------------------------------ lint
    "lint-bare-except": Fix(
        model=HAIKU,
        description="lint-bare-except: E722 has no automatic fix; the lint specialist narrows both handlers.",
        reason=(
            "Both findings are E722 bare excepts, shown in the file regions. Decimal(text) raises "
            "decimal.InvalidOperation for a malformed number; datetime.strptime raises ValueError for a "
            "non-matching format. Narrowing each handler keeps the behaviour for bad input and stops "
            "swallowing KeyboardInterrupt and real bugs."
        ),
        tools=LINT_TOOLS,
        contains=("[E722] src/statements/parsing.py:18", "Relevant file regions", "18|     except:"),
        edits=(
            Edit(
                "src/statements/parsing.py",
                "from decimal import Decimal\n",
                "from decimal import Decimal, InvalidOperation\n",
            ),
            Edit(
                "src/statements/parsing.py",
                "        return Decimal(cleaned)\n    except:\n",
                "        return Decimal(cleaned)\n    except InvalidOperation:\n",
            ),
            Edit(
                "src/statements/parsing.py",
                "            return datetime.strptime(value, fmt).date()\n        except:\n",
                "            return datetime.strptime(value, fmt).date()\n        except ValueError:\n",
            ),
        ),
        root_cause=(
            "Two bare `except:` clauses in src/statements/parsing.py (E722) caught every exception, including "
            "KeyboardInterrupt and programming errors, where only a malformed amount or date was meant."
        ),
        summary=(
            "parse_amount now catches decimal.InvalidOperation (imported next to Decimal) and parse_date catches "
            "ValueError; behaviour for malformed input is unchanged."
        ),
        passed=("All checks passed!",),
    ),
    # ------------------------------------------------------------------ types
    "type-wrong-return": Fix(
        description="type-wrong-return: content_digest returns bytes where its contract says hex str.",
        reason=(
            "mypy: return-value at digest.py:13, got bytes, expected str. The docstring promises 64 lowercase "
            "hex characters and is_digest() checks exactly that, so the annotation is right and the code must "
            "return hexdigest(), not digest()."
        ),
        tools=LINT_TOOLS,
        contains=("[return-value] src/artifacts/digest.py:13", "13|     return hashlib.sha256(data).digest()"),
        edits=(
            Edit(
                "src/artifacts/digest.py",
                "    return hashlib.sha256(data).digest()",
                "    return hashlib.sha256(data).hexdigest()",
            ),
        ),
        edited=("edited src/artifacts/digest.py at line 13",),
        root_cause=(
            "content_digest() in src/artifacts/digest.py returned hashlib's raw digest bytes although it is "
            "annotated and documented to return the 64-character lowercase hex string."
        ),
        summary=(
            "Return hashlib.sha256(data).hexdigest(); the annotation, docstring and is_digest() already describe that."
        ),
        passed=("Success: no issues found",),
    ),
    "type-optional-unhandled": Fix(
        description="type-optional-unhandled: welcome_email uses a lookup that can return None.",
        look=("search", {"pattern": r"class UnknownUser|raise UnknownUser", "glob": "*.py"}),
        reason=(
            "find_by_email() returns User | None and welcome_email uses the result unchecked (union-attr on "
            "lines 24-28). The project must already have an error for a missing user; find it and how "
            "get() uses it."
        ),
        tools=LINT_TOOLS,
        contains=("[union-attr] src/accounts/emails.py:24", "21|     user = directory.find_by_email(email)"),
        seen=("src/accounts/errors.py", "class UnknownUser(AccountsError, LookupError)", "raise UnknownUser"),
        edit_reason="UserDirectory.get() raises UnknownUser for a missing id; do the same for a missing e-mail.",
        edits=(
            Edit(
                "src/accounts/emails.py",
                "from accounts.directory import UserDirectory\n",
                "from accounts.directory import UserDirectory\nfrom accounts.errors import UnknownUser\n",
            ),
            Edit(
                "src/accounts/emails.py",
                "    user = directory.find_by_email(email)\n",
                "    user = directory.find_by_email(email)\n    if user is None:\n        raise UnknownUser(email)\n",
            ),
        ),
        root_cause=(
            "welcome_email() in src/accounts/emails.py used the result of UserDirectory.find_by_email(), which is "
            "User | None, without handling the unknown address."
        ),
        summary=(
            "Raise the project's UnknownUser for an unknown e-mail, as UserDirectory.get() does for an unknown id; "
            "after the check the user is narrowed to User."
        ),
        passed=("Success: no issues found",),
    ),
    # ------------------------------------------------------------------ dependencies
    "dep-yaml-undeclared": Fix(
        model=HAIKU,
        description="dep-yaml-undeclared: fragments.py imports yaml; PyYAML is not declared.",
        reason=(
            "DEP003: src/relnotes/fragments.py imports yaml at run time, but the project declares only jinja2. "
            "The facts map `yaml` to the distribution PyYAML 6.0.3, so declare pyyaml>=6 as a run-time dependency."
        ),
        tools=LINT_TOOLS,
        contains=("DEP003", "is provided by the distribution `PyYAML`", "10| dependencies = ["),
        edits=(
            Edit(
                "pyproject.toml",
                'dependencies = [\n    "jinja2>=3.1",\n]',
                'dependencies = [\n    "jinja2>=3.1",\n    "pyyaml>=6",\n]',
            ),
        ),
        edited=("edited pyproject.toml at line 10",),
        root_cause=(
            "src/relnotes/fragments.py imports yaml at run time, but pyproject.toml did not declare PyYAML; it was "
            "only present transitively, so a clean install of relnotes would fail on import."
        ),
        summary='Declared "pyyaml>=6" in [project].dependencies; the install step resolves it and deptry passes.',
        passed=("install step: 3 declared requirement(s) resolve", "Success!"),
    ),
    "dep-requests-dev-only": Fix(
        model=HAIKU,
        description="dep-requests-dev-only: notify.py imports requests at run time; it is a dev dependency.",
        reason=(
            "DEP004: src/statuswatch/notify.py imports requests at run time, but requests>=2.31 is declared only "
            "in the dev dependency group. Move it, with its specifier, to [project].dependencies."
        ),
        tools=LINT_TOOLS,
        contains=("DEP004", "is provided by the distribution `requests`", "requests>=2.31"),
        edits=(
            Edit(
                "pyproject.toml",
                'dependencies = [\n    "click>=8.1",\n]',
                'dependencies = [\n    "click>=8.1",\n    "requests>=2.31",\n]',
            ),
            Edit(
                "pyproject.toml", 'dev = [\n    "pytest>=8",\n    "requests>=2.31",\n]', 'dev = [\n    "pytest>=8",\n]'
            ),
        ),
        root_cause=(
            "src/statuswatch/notify.py imports requests at run time, but requests was declared only in the dev "
            "dependency group, so a production install of statuswatch lacks it."
        ),
        summary="Moved requests>=2.31 from [dependency-groups].dev to [project].dependencies.",
        passed=("install step: 3 declared requirement(s) resolve", "Success!"),
    ),
    # ------------------------------------------------------------------ Dockerfiles
    "docker-hadolint-apt": Fix(
        description="docker-hadolint-apt: hadolint DL3008/DL3009/DL3015/DL3059/DL4006 on the thumbs Dockerfile.",
        reason=(
            "Five hadolint findings, all in the facts: the apt RUNs (DL3009 lists kept, DL3008 unpinned, DL3015 "
            "recommends, DL3059 consecutive RUNs) and the tini download pipe (DL4006). One RUN does apt and tini "
            "with pinned bookworm versions, --no-install-recommends and the lists removed; SHELL sets pipefail "
            "before it. The packages, the tini checksum check, user, ports and entrypoint stay as they are."
        ),
        tools=DOCKER_TOOLS,
        contains=("hadolint (5 finding(s)", "line 9 DL3008", "5 of them RUN", " 9| RUN apt-get install -y"),
        edits=(
            Edit(
                "Dockerfile",
                "RUN apt-get update\nRUN apt-get install -y ca-certificates curl libjpeg62-turbo\n",
                'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\n',
            ),
            Edit("Dockerfile", "RUN curl -fsSL -o /usr/local/bin/tini", HADOLINT_APT_RUN),
        ),
        edited=("edited Dockerfile at line 8", "edited Dockerfile"),
        root_cause=(
            "The Dockerfile installed unpinned apt packages with recommends in a RUN separate from `apt-get update`, "
            "left the apt lists in the image, and piped curl output without pipefail (DL3008, DL3009, DL3015, "
            "DL3059, DL4006)."
        ),
        summary=(
            "Merged apt-get update/install and the tini download into one RUN with pinned bookworm versions, "
            "--no-install-recommends and rm -rf /var/lib/apt/lists/*, and set SHELL with -o pipefail before it. "
            "Before/after: hadolint findings 5 -> 0, RUN instructions in the final stage 5 -> 3."
        ),
    ),
    # ------------------------------------------------------------------ SQL
    "sql-dbt-renamed-column": Fix(
        description=(
            "sql-dbt-renamed-column: stg_customers renamed customer_name to full_name; the mart still selects it."
        ),
        reason=(
            "Binder error: stg_customers has no customer_name. The dbt facts show its real columns: full_name, "
            "first_name, last_name, ... (the rename was deliberate, see CRM-231). customer_orders declares and "
            "tests customer_name, so the downstream model selects full_name under its old output name."
        ),
        tools=SQL_TOOLS,
        contains=(
            "Failing model `customer_orders`",
            "full_name VARCHAR",
            "columns its schema declares (downstream consumers and tests rely on these names): customer_id, "
            "customer_name",
            "20|     c.customer_name,",
        ),
        edits=(
            Edit("models/marts/customer_orders.sql", "    c.customer_name,\n", "    c.full_name as customer_name,\n"),
        ),
        edited=("edited models/marts/customer_orders.sql at line 20",),
        root_cause=(
            "stg_customers renamed customer_name to full_name (CRM-231), but the downstream mart customer_orders "
            "still selected c.customer_name, so the DuckDB binder rejected the model."
        ),
        summary=(
            "customer_orders now selects c.full_name as customer_name, keeping its own output column (declared and "
            "tested) unchanged; the upstream staging model is untouched."
        ),
        passed=("Completed successfully",),
    ),
    "sql-duckdb-join-key": Fix(
        description="sql-duckdb-join-key: revenue_by_customer joins order totals on order_id = customer_id.",
        reason=(
            "The failing tests read revenue_by_customer and revenue_by_country. The lineage shows "
            "03_revenue_by_customer.sql joins order_totals on t.order_id = c.customer_id, which pairs an order id "
            "with a customer id; order_totals has customer_id (02_order_totals.sql), the key that means the same "
            "customer."
        ),
        tools=SQL_TOOLS,
        contains=(
            "sql/03_revenue_by_customer.sql: creates revenue_by_customer; reads customers, order_totals",
            "13| left join order_totals as t on t.order_id = c.customer_id",
        ),
        edits=(
            Edit(
                "sql/03_revenue_by_customer.sql",
                "left join order_totals as t on t.order_id = c.customer_id",
                "left join order_totals as t on t.customer_id = c.customer_id",
            ),
        ),
        edited=("edited sql/03_revenue_by_customer.sql at line 13",),
        root_cause=(
            "sql/03_revenue_by_customer.sql joined order_totals on t.order_id = c.customer_id, so each customer got "
            "the revenue of the order whose id equals their customer id."
        ),
        summary="Join on t.customer_id = c.customer_id; revenue_by_country, which reads this table, is right again too.",
        passed=("6 passed",),
    ),
    # ------------------------------------------------------------------ config
    "config-yaml-tab": Fix(
        model=HAIKU,
        description="config-yaml-tab: one key of the retry section is indented with a tab.",
        reason=(
            "The YAML parser fails at config/settings.yaml line 16, which is indented with a TAB; its siblings in "
            "retry: use two spaces. Two spaces keep max_backoff_s in the retry section."
        ),
        tools=LINT_TOOLS,
        contains=("line 16 is indented with a TAB character", "16| \\\\tmax_backoff_s: 30"),
        edits=(Edit("config/settings.yaml", "\tmax_backoff_s: 30\n", "  max_backoff_s: 30\n"),),
        edited=("edited config/settings.yaml at line 16",),
        root_cause=(
            "config/settings.yaml indented retry.max_backoff_s (line 16) with a TAB, which YAML forbids, so the "
            "settings failed to load."
        ),
        summary="Indented the key with two spaces like its siblings; the setting stays in the retry section with value 30.",
        passed=("5 passed",),
    ),
    "config-toml-duplicate-table": Fix(
        model=HAIKU,
        description="config-toml-duplicate-table: a second [logging] table was appended to mailer.toml.",
        reason=(
            "tomllib rejects the file: table [logging] is declared on line 21 and again on line 31, which only adds "
            'format = "json". Merge that key and its comment into the first [logging] table and drop the duplicate.'
        ),
        tools=LINT_TOOLS,
        contains=("table [logging] is declared twice: line 21 and line 31", "Cannot declare"),
        edits=(
            Edit(
                "config/mailer.toml",
                '[logging]\nlevel = "info"\nredact_recipients = true\n',
                '[logging]\nlevel = "info"\nformat = "json"   # JSON logs for the new log pipeline (OPS-1187)\n'
                "redact_recipients = true\n",
            ),
            Edit(
                "config/mailer.toml",
                '\n# JSON logs for the new log pipeline (OPS-1187).\n[logging]\nformat = "json"\n',
                "",
            ),
        ),
        root_cause=(
            'config/mailer.toml declared the [logging] table twice (lines 21 and 31) when format = "json" was added, '
            "and TOML forbids redeclaring a table, so the start-up config check failed."
        ),
        summary=(
            'Moved format = "json" (with its OPS-1187 comment) into the first [logging] table and removed the '
            "duplicate header; every setting keeps its value."
        ),
    ),
}


# ------------------------------------------------------------------ tests


def py_date_range_overlap() -> Cassette:
    s = Script(SONNET, "py-date-range-overlap: half-open date ranges compared with <= in overlaps().")
    s.turn(
        [("search", {"pattern": r"def overlaps", "glob": "*.py"})],
        text=(
            "Back-to-back stays conflict (calendar.py:42 raises Conflict) and test_adjacent_stays_do_not_overlap "
            "asserts not True. Stays are half-open [start, end): the overlap test must be strict. Find overlaps()."
        ),
        tools=TESTS_TOOLS,
        contains=("test_back_to_back_stays_share_the_changeover_day", "Relevant file regions"),
    )
    s.turn(
        [("read_file", {"path": "src/bookings/dates.py", "start_line": 24, "end_line": 32})],
        results={0: ("src/bookings/dates.py:30:", "def overlaps(self, other: DateRange) -> bool:")},
    )
    s.turn(
        [
            (
                "edit_file",
                {
                    "path": "src/bookings/dates.py",
                    "old_text": "        return self.start <= other.end and other.start <= self.end",
                    "new_text": "        return self.start < other.end and other.start < self.end",
                },
            )
        ],
        text="contains() is start <= day < end (half-open); overlaps() must match it with strict comparisons.",
        results={
            0: ("return self.start <= day < self.end", "return self.start <= other.end and other.start <= self.end")
        },
    )
    s.turn([("run_check", {})], results={0: ("edited src/bookings/dates.py at line 31",)})
    return s.finish(
        "DateRange.overlaps() in src/bookings/dates.py used <= on half-open ranges, so a stay ending on the day the "
        "next one starts counted as overlapping.",
        "Use strict comparisons (start < other.end and other.start < end), consistent with contains().",
        results={0: (CHECK_PASSED, "passed")},
    )


def py_off_by_one_pagination() -> Cassette:
    s = Script(SONNET, "py-off-by-one-pagination: paginate() treats the slice end as inclusive.")
    s.turn(
        [("search", {"pattern": r"def paginate", "glob": "*.py"})],
        text=(
            "Every page misses its last item (['a', 'b'] instead of ['a', 'b', 'c'] for per_page=3). The tests call "
            "catalog.pagination.paginate; find it."
        ),
        tools=TESTS_TOOLS,
        contains=("test_first_page_is_full", "16|     page = paginate(LETTERS, 1, 3)"),
    )
    s.turn(
        [("read_file", {"path": "src/catalog/pagination.py", "start_line": 45, "end_line": 53})],
        results={0: ("src/catalog/pagination.py:", "def paginate(")},
    )
    s.turn(
        [
            (
                "edit_file",
                {
                    "path": "src/catalog/pagination.py",
                    "old_text": "    end = start + per_page - 1\n",
                    "new_text": "    end = start + per_page\n",
                },
            )
        ],
        text="items[start:end] excludes end, so end must be start + per_page, not start + per_page - 1.",
        results={0: ("end = start + per_page - 1", "items=list(items[start:end])")},
    )
    s.turn([("run_check", {})], results={0: ("edited src/catalog/pagination.py",)})
    return s.finish(
        "paginate() in src/catalog/pagination.py computed the slice end as start + per_page - 1, an inclusive index, "
        "but Python slices exclude the end, so every page dropped its last item.",
        "Use end = start + per_page.",
        results={0: (CHECK_PASSED, "passed")},
    )


SCRIPTS: dict[str, Callable[[], Cassette]] = {
    **{case: fix.cassette for case, fix in FIXES.items()},
    "docker-bloated-image": docker_bloated_image,
    "py-date-range-overlap": py_date_range_overlap,
    "py-off-by-one-pagination": py_off_by_one_pagination,
}


# The other languages and the multi-failure jobs; the environment fixtures with a scripted cassette.
SCRIPTS.update(LANG_SCRIPTS)
SCRIPTS.update(ENV_SCRIPTS)
ZERO_MODEL.update(LANG_ZERO_MODEL)


def rendered(case: str) -> str:
    cassette = SCRIPTS[case]()
    return cassette.model_dump_json(indent=2, exclude_defaults=True) + "\n"


def main(argv: list[str]) -> int:
    mode = argv[1] if len(argv) > 1 else "check"
    stale = []
    for case in SCRIPTS:
        path = FIXTURES / case / "cassette.json"
        text = rendered(case)
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current != text:
            if mode == "write":
                path.write_text(text, encoding="utf-8")
                print(f"wrote {path}")
            else:
                stale.append(case)
    for case in stale:
        print(f"out of date: fixtures/{case}/cassette.json (run: python -m tests.agents.scripts write)")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
