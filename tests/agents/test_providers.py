"""Context providers compute facts with no model, in the sandbox, and never write the project;
Dockerfile analysis counts what a reviewer would count."""

from __future__ import annotations

from collections.abc import Sequence

from remediate.agents.dockerfile_facts import analyse, parse_dockerfile, parse_hadolint_json
from remediate.agents.providers import PROVIDERS, ContextRequest, ContextResult, dbt_flags, merge, numbered
from remediate.evals.cases import load_case
from remediate.facts import extract_facts
from remediate.models import Category, CheckSpec, ErrorRecord, Facts, Route
from tests.conftest import FIXTURES, needs_bwrap
from tests.helpers import make_project, sandbox_factory

DOCKERFILE = """# syntax=docker/dockerfile:1
FROM python:3.12-slim AS build
RUN apt-get update
RUN apt-get install -y gcc \\
    libpq-dev
COPY . .
RUN pip install .
FROM python:3.12-slim
# a comment between instructions
RUN <<EOF
apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*
EOF
COPY --from=build /usr/local /usr/local
ADD app.py /srv/
CMD ["python", "/srv/app.py"]
"""


def test_dockerfile_instructions_stages_and_layers() -> None:
    instructions = parse_dockerfile(DOCKERFILE)
    assert [i.keyword for i in instructions] == [
        "FROM", "RUN", "RUN", "COPY", "RUN", "FROM", "RUN", "COPY", "ADD", "CMD",
    ]  # fmt: skip
    assert instructions[2].line == 4 and "libpq-dev" in instructions[2].args, "continuations are joined"
    assert "rm -rf /var/lib/apt/lists" in instructions[6].args, "heredoc bodies belong to their RUN"
    stats = analyse("Dockerfile", DOCKERFILE)
    assert stats.numbers() == {
        "instructions": 10,
        "stages": 2,
        "final_stage_layers": 3,
        "final_stage_run": 1,
        "hygiene_findings": len(stats.hygiene),
    }
    codes = [(f.line, f.code) for f in stats.hygiene]
    assert (3, "apt-update-alone") in codes and (4, "consecutive-run") in codes
    assert (4, "apt-recommends") in codes and (7, "pip-cache") in codes
    assert (6, "copy-all-before-install") in codes and (14, "add-not-copy") in codes
    # The build stage may hold a toolchain; only the final stage is flagged, and it has none.
    assert not any(f.code == "toolchain-in-final" for f in stats.hygiene)
    assert not any(f.line >= 10 and f.code.startswith("apt") for f in stats.hygiene)


def test_hadolint_json_is_parsed_or_refused() -> None:
    out = '[{"code":"DL3008","column":1,"file":"Dockerfile","level":"warning","line":9,"message":"Pin versions"}]'
    findings = parse_hadolint_json(out)
    assert findings is not None and findings[0].code == "DL3008" and findings[0].line == 9
    assert parse_hadolint_json("hadolint: command not found") is None


def test_helpers() -> None:
    assert merge([(5, 9), (1, 3), (4, 4), (20, 22)]) == [(1, 9), (20, 22)]
    assert numbered(["a", "b", "c", "d"], [(1, 1), (3, 4)]).splitlines() == ["1| a", "  ...", "3| c", "4| d"]
    check = CheckSpec(command="dbt build --profiles-dir . --target=ci --select x")
    assert dbt_flags(check) == ["--profiles-dir", ".", "--target=ci"]


async def provide(case_name: str, providers: Sequence[str]) -> tuple[list[ContextResult], str]:
    case = load_case(FIXTURES / case_name)
    facts = extract_facts(case.log, source=case.source)
    route = Route(category=case.spec.category, specialist="x")
    async with sandbox_factory(case.source)() as sandbox:
        request = ContextRequest(sandbox=sandbox, facts=facts, route=route, check=CheckSpec(command=case.spec.check))
        results = [await PROVIDERS[name](request) for name in providers]
        return results, await sandbox.diff()


@needs_bwrap
async def test_dockerfile_provider_runs_hadolint_and_counts() -> None:
    (result,), diff = await provide("docker-hadolint-apt", ["dockerfile"])
    assert diff == "", "providers never write the project"
    assert result.metrics["hadolint_findings"] == 5 and result.metrics["final_stage_run"] == 5
    assert "line 14 DL4006 warning" in result.text and "14| RUN curl -fsSL" in result.text


@needs_bwrap
async def test_dependency_provider_maps_modules_to_distributions() -> None:
    (result,), diff = await provide("dep-yaml-undeclared", ["dependencies"])
    assert diff == ""
    assert "import `yaml` is provided by the distribution `PyYAML`" in result.text
    assert '11|     "jinja2>=3.1",' in result.text and "pip install --dry-run --no-index" in result.text


@needs_bwrap
async def test_config_provider_parses_and_locates() -> None:
    (toml,), _ = await provide("config-toml-duplicate-table", ["config_files"])
    assert "ERROR tomllib.TOMLDecodeError" in toml.text and "declared twice: line 21 and line 31" in toml.text
    # The log names /workspace/config/settings.yaml (the sandbox's path): resolved to the project file.
    (yaml,), diff = await provide("config-yaml-tab", ["config_files"])
    assert diff == "" and "### config/settings.yaml" in yaml.text
    assert "line 16 is indented with a TAB character" in yaml.text and "16| \\tmax_backoff_s: 30" in yaml.text


@needs_bwrap
async def test_plain_sql_lineage() -> None:
    (result,), diff = await provide("sql-duckdb-join-key", ["sql"])
    assert diff == ""
    assert "sql/02_order_totals.sql: creates order_totals; reads orders, order_items, products" in result.text
    assert "reads read_csv" not in result.text and "reads -" in result.text, "table functions are not tables"
    assert "13| left join order_totals as t on t.order_id = c.customer_id" in result.text


@needs_bwrap
async def test_file_regions_show_error_lines_first_and_stay_bounded(tmp_path: object) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    body = "".join(f"x{n} = {n}\n" for n in range(1, 400))
    project = make_project(tmp_path / "p", {"src/big.py": "import os\n" + body, "tests/test_big.py": "assert True\n"})
    facts = Facts(
        category=Category.TEST,
        errors=[
            ErrorRecord(tool="pytest", file="tests/test_big.py", line=1, message="boom"),
            ErrorRecord(tool="pytest", file="src/big.py", line=200, message="boom"),
            ErrorRecord(tool="pytest", file="/usr/lib/python3/x.py", line=3, message="outside"),
        ],
    )
    async with sandbox_factory(project)() as sandbox:
        request = ContextRequest(
            sandbox=sandbox,
            facts=facts,
            route=Route(category=Category.TEST, specialist="tests"),
            check=CheckSpec(command="x"),
        )
        result = await PROVIDERS["file_regions"](request)
    text = result.text
    assert text.index("### src/big.py") < text.index("### tests/test_big.py"), "code under test before tests"
    assert "(lines 1-1, 194-206 of 400)" in text and "200| x199 = 199" in text
    assert "/usr/lib" not in text
