"""Tools no sample covered before the forty-fourth round (real output: tests/facts/data/README.md, "Tools no sample
covered yet (round 44, breadth)"): what facts and the rules make of each, failing and passing."""

from __future__ import annotations

from remediate.facts import extract_facts
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA, facts


def _framed(sample: str, command: str, exit_code: int = 1) -> tuple[Category, bool, list[tuple[str, str | None]]]:
    f = extract_facts(framing.travis(command, (DATA / sample).read_text(), exit_code))
    verdict = rule_verdict(f)
    return verdict.category, verdict.decided, [(e.tool, e.code) for e in f.errors]


def test_makemigrations_check_names_each_app_s_missing_migration_as_no_specialist_s() -> None:
    for sample in ("django52_makemigrations_check.txt", "django32_makemigrations_check.txt"):
        category, decided, records = _framed(sample, "python manage.py makemigrations --check --dry-run")
        assert records == [("django", "missing-migration")]
        assert (category, decided) == (Category.UNKNOWN, True)  # decided as nobody's: no specialist writes it
    output = (DATA / "django32_makemigrations_check.txt").read_text()
    f = extract_facts(framing.travis("python manage.py makemigrations --check", output))
    assert f.errors[0].no_specialist
    assert "cart/migrations/0001_initial.py" in f.errors[0].message


def test_makemigrations_without_check_writes_its_migration_and_is_no_finding() -> None:
    # a plain `makemigrations` prints the same lines and passes: only a `--check` run's heading is a finding
    _category, decided, records = _framed(
        "django52_makemigrations_written_passed.txt", "python manage.py makemigrations", 0
    )
    assert records == [] and not decided
    assert not facts("django52_makemigrations_check.txt").errors  # the bare output shows no `--check` run
    assert not facts("django52_makemigrations_check_passed.txt").errors


def test_alembic_check_names_the_operations_no_revision_has() -> None:
    new_table, added = facts("alembic120_check_new_table.txt"), facts("alembic120_check_added_column.txt")
    assert [(e.tool, e.code, e.message) for e in new_table.errors] == [
        ("alembic", "missing-migration", "the models need migration operations no revision has: add_table")
    ]
    assert [e.message for e in added.errors] == ["the models need migration operations no revision has: add_column"]
    assert all(e.no_specialist for e in new_table.errors + added.errors)
    assert _framed("alembic120_check_added_column.txt", "alembic check")[:2] == (Category.UNKNOWN, True)


def test_alembic_check_on_a_database_behind_its_head_is_the_job_s_set_up() -> None:
    f = facts("alembic120_check_not_up_to_date.txt")
    assert [(e.tool, e.code) for e in f.errors] == [("alembic", "not-up-to-date")]
    assert _framed("alembic120_check_not_up_to_date.txt", "alembic check")[:2] == (Category.UNKNOWN, True)


def test_deptry_s_findings_are_dependency_records_its_declarations_at_their_manifest() -> None:
    for sample in ("deptry025_issues.txt", "deptry012_issues.txt"):
        f = facts(sample)
        rows = [(e.tool, e.file, e.line, e.code) for e in f.errors]
        assert rows[0] == ("deptry", "pyproject.toml", None, "DEP002")  # a declaration: its file, no line
        assert rows[-1] == ("deptry", "src/shop/cart.py", 5, "DEP001")
        assert len(rows) == 4 and f.category is Category.DEPENDENCY
        assert _framed(sample, "deptry src")[:2] == (Category.DEPENDENCY, True)
    assert [e.code for e in facts("deptry025_issues.txt").errors][1:3] == ["DEP003", "DEP003"]


def test_a_script_s_own_coverage_gate_is_a_gate_record_named_never_decided_alone() -> None:
    f = facts("go119_cover_gate_script.txt")
    assert [(e.tool, e.message) for e in f.errors] == [("coverage", "coverage 44.4% is below the required 80%")]
    category, decided, _records = _framed("go119_cover_gate_script.txt", "./scripts/check_coverage.sh")
    assert (category, decided) == (Category.TEST, False)  # a gate alone: met by adding tests, named only
    # go's own `coverage: 44.4% of statements` and the total are no gate, nor is a run above its floor
    assert not facts("go119_cover_gate_script_passed.txt").errors


def _docker(sample: str) -> list[tuple[str | None, str | None, int | None, str]]:
    return [(e.code, e.file, e.line, e.message) for e in facts(sample).errors if e.tool == "docker"]


def test_docker_20_10_s_bare_buildkit_errors_are_read_after_a_buildkit_step() -> None:
    # Docker 20.10's client prints BuildKit's error without `ERROR: ` (real docker.io 20.10.24, BuildKit 0.8)
    assert _docker("docker2010_buildkit_unknown_instruction.txt") == [
        ("solve", "Dockerfile", 2, "dockerfile parse error line 2: unknown instruction: WORKDIRR")
    ]
    for sample, source in (("copy_missing", "requirements.txt"), ("copy_dockerignored", "dist")):
        records = _docker(f"docker2010_buildkit_{sample}.txt")
        assert [code for code, *_ in records] == ["step", "missing-file"]
        assert records[1][3] == f'failed to compute cache key: "/{source}" not found: not found'
    run = _docker("docker2010_buildkit_run_not_found.txt")
    assert [(code, message) for code, _file, _line, message in run] == [
        ("step", "RUN npm ci: executor failed running [/bin/sh -c npm ci]: exit code: 127"),
        ("solve", "executor failed running [/bin/sh -c npm ci]: exit code: 127"),
    ]
    # the same words with no BuildKit step before them are some other tool's: not a docker record
    assert not _docker("docker2010_buildkit_multistage_passed.txt")  # a build that passed: no record
    bare = "failed to compute cache key: x not found\nexecutor failed running [sh]: exit code: 1\n"
    assert not [e for e in extract_facts(bare.encode()).errors if e.tool == "docker"]


def test_docker_20_10_s_run_step_failures_are_not_decided_the_dockerfile_s_unknown_instruction_is() -> None:
    # a RUN step's command failed: what failed is what it ran (tests/agents/test_triage_rules.py, RUN_FAILED)
    for sample in ("run_failed", "run_not_found", "multistage_run_failed"):
        _category, decided, _records = _framed(f"docker2010_buildkit_{sample}.txt", "docker build -t app .")
        assert not decided
    category, decided, _records = _framed("docker2010_buildkit_unknown_instruction.txt", "docker build -t app .")
    assert (category, decided) == (Category.DOCKERFILE, True)
    category, decided, _records = _framed("docker2010_buildkit_base_image_unreachable.txt", "docker build -t app .")
    assert (category, decided) == (Category.INFRA, False)
    passed = _framed("docker2010_buildkit_multistage_passed.txt", "docker build -t app .", 0)
    assert not passed[1] and not passed[2]
