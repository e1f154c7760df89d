"""Validators of the project's config files (parsers/schemas.py): check-jsonschema, ajv-cli, validate-pyproject and
taplo, on real output made here (tests/facts/data/README.md, "Python gates, schema validators, module graphs")."""

from __future__ import annotations

from remediate.facts import extract_facts
from remediate.facts.commands import command_rule
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA, facts


def _records(sample: str) -> list[tuple[str, str | None, int | None, str | None, str]]:
    return [(e.tool, e.file, e.line, e.code, e.message) for e in facts(sample).errors]


def test_check_jsonschema_s_best_match_says_what_is_wrong_in_the_workflow() -> None:
    """The workflow's job misspells `steps`: the `anyOf` row says only that no schema matched; its best match names
    the key. In a GitHub Actions log the record is the repository's file and the job is decided config."""
    output = (DATA / "checkjsonschema039_workflow.txt").read_text()
    f = extract_facts(
        framing.github_actions(
            "check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/ci.yml", output
        )
    )
    assert [(e.tool, e.file, e.code, e.message) for e in f.errors] == [
        (
            "check-jsonschema",
            ".github/workflows/ci.yml",
            "schema",
            "$.jobs.test: Additional properties are not allowed ('step' was unexpected)",
        )
    ]
    verdict = rule_verdict(f)
    assert verdict.category is Category.CONFIG and verdict.decided, verdict.reason


def test_check_jsonschema_s_rows_are_one_record_each_and_its_pass_none() -> None:
    assert _records("checkjsonschema039_config.txt") == [
        ("check-jsonschema", "config.json", None, "schema", "$: 'port' is a required property"),
        ("check-jsonschema", "config.json", None, "schema", "$.name: 3 is not of type 'string'"),
        (
            "check-jsonschema",
            "config.json",
            None,
            "schema",
            "$: Additional properties are not allowed ('prt' was unexpected)",
        ),
    ]
    passed = facts("checkjsonschema039_passed.txt")
    assert "check-jsonschema" in passed.tools and not passed.errors


def test_ajv_s_error_objects_and_text_errors_are_the_invalid_file_s_records_not_the_valid_one_s() -> None:
    assert _records("ajv5_invalid_all_errors.txt") == [
        ("ajv", "config.json", None, "required", "/ must have required property 'port'"),
        ("ajv", "config.json", None, "additionalProperties", "/ must NOT have additional properties"),
        ("ajv", "config.json", None, "type", "/name must be string"),
    ]
    assert [(e.file, e.code) for e in facts("ajv5_invalid_errors_text.txt").errors] == [("config.json", "schema")]
    assert [e.file for e in facts("ajv5_glob_one_invalid.txt").errors] == ["cfg/a.json"]
    assert facts("ajv5_glob_one_invalid.txt").category is Category.CONFIG


def test_validate_pyproject_s_error_is_pyproject_toml_s_config_record_beside_its_traceback() -> None:
    """validate-pyproject logs its exception with the message: the traceback's frames are its own package's."""
    f = facts("validatepyproject027_invalid.txt")
    assert [(e.file, e.code, e.message) for e in f.errors if e.tool == "validate-pyproject"] == [
        ("pyproject.toml", "schema", "`project` must not contain {'licence'} properties")
    ]
    verdict = rule_verdict(f)
    assert verdict.category is Category.CONFIG and verdict.decided, verdict.reason


def test_taplo_check_reads_each_file_s_diagnostic_and_fmt_check_is_a_format_failure() -> None:
    assert _records("taplo090_check.txt") == [
        ("taplo", "syn.toml", 1, "toml", "invalid TOML"),
        ("taplo", "bad.toml", 3, "toml", "conflicting keys"),
    ]
    assert facts("taplo090_check.txt").category is Category.CONFIG
    assert _records("taplo090_fmt_check.txt") == [
        ("taplo-fmt", "fmt.toml", None, "taplo-fmt", "the file is not properly formatted")
    ]
    assert facts("taplo090_fmt_check.txt").category is Category.FORMAT


def test_a_validator_s_command_is_a_config_check_and_taplo_s_fmt_check_a_formatter_s() -> None:
    """With the parsers left out (a tool's output no parser reads), the command still says the kind of check."""
    assert [(rule[1] if (rule := command_rule(c)) else None) for c in _CONFIG_COMMANDS] == [Category.CONFIG] * 4
    assert (rule := command_rule("taplo fmt --check")) is not None and rule[1] is Category.FORMAT
    assert command_rule("echo ajv") is None


_CONFIG_COMMANDS = (
    "check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/ci.yml",
    "npx ajv validate -s schema.json -d config.json",
    "validate-pyproject pyproject.toml",
    "taplo check",
)
