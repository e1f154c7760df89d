"""Report formats a CI picks with a flag, of tools whose default output the parsers read: each is read where that
tool's default is (tests/facts/data/README.md, "CI tools no parser read, wave three")."""

from __future__ import annotations

from remediate.models import Category, Severity
from remediate.triage import rule_verdict
from tests.facts.samples import facts


def _records(sample: str) -> list[tuple[str, str | None, int | None, str | None, Severity]]:
    return sorted((e.tool, e.file, e.line, e.code, e.severity) for e in facts(sample).errors)


def test_pylint_s_json_reports_are_its_messages_at_their_path_line_and_id() -> None:
    """`--output-format=json` and `json2` give the records of the text form: each message object, at its level."""
    want = [
        ("pylint", "shop/cart.py", 1, "C0114", Severity.NOTE),
        ("pylint", "shop/cart.py", 1, "W0611", Severity.WARNING),
        ("pylint", "shop/cart.py", 4, "C0116", Severity.NOTE),
        ("pylint", "shop/cart.py", 4, "W0102", Severity.WARNING),
        ("pylint", "shop/cart.py", 11, "W0702", Severity.WARNING),
        ("pylint", "shop/cart.py", 18, "C0209", Severity.NOTE),
    ]
    assert _records("pylint415_json.txt") == want
    assert _records("pylint415_json2.txt") == want
    docstrings = next(e for e in facts("pylint415_json2.txt").errors if e.code == "C0116")
    assert (docstrings.message, docstrings.also_at) == ("Missing function or method docstring", ["shop/cart.py:15"])
    verdict = rule_verdict(facts("pylint415_json2.txt"))
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason
    assert not facts("pylint415_json2_clean.txt").errors


def test_hadolint_s_json_array_is_its_errors_and_warnings_and_its_gnu_rows_are_its_own() -> None:
    """`-f json` prints every finding on one line: its error and warnings are records (the info row is not, as in
    the default form); `-f gnu`'s `hadolint:Dockerfile:1: DL3007 warning: ...` rows are hadolint's, not a generic
    checker's. An empty array is no record."""
    assert _records("hadolint2151_json.txt") == [
        ("hadolint", "Dockerfile", 2, "DL3008", Severity.WARNING),
        ("hadolint", "Dockerfile", 3, "DL3003", Severity.WARNING),
        ("hadolint", "Dockerfile", 6, "DL3018", Severity.WARNING),
        ("hadolint", "Dockerfile", 7, "DL4000", Severity.ERROR),
    ]
    assert facts("hadolint2151_json.txt").category is Category.DOCKERFILE
    gnu = facts("hadolint2151_gnu.txt").errors
    assert {e.tool for e in gnu} == {"hadolint"} and {e.code for e in gnu} == {"DL3000", "DL3007", "DL3008", "DL3003"}
    # three or more rows at one place (`hadolint:Dockerfile:2: `) are no task runner's prefix (taskprefix._PLACED):
    # each is its own finding, two warnings on one line two records
    assert _records("hadolint2151_gnu_one_line.txt") == [
        ("hadolint", "Dockerfile", 2, "DL3003", Severity.WARNING),
        ("hadolint", "Dockerfile", 2, "DL3008", Severity.WARNING),
        ("hadolint", "Dockerfile", 3, "DL3000", Severity.ERROR),
    ]
    assert not facts("hadolint2151_json_clean.txt").errors


def test_checkstyle_s_xml_report_is_read_as_the_tool_its_sources_name() -> None:
    """Checkstyle's `-f xml`, ShellCheck's and hadolint's `-f checkstyle`: each `<error>` under its `<file>` is a
    record of the tool its source names (hadolint's a Dockerfile's), its message unescaped. Empty files are none."""
    assert len(facts("checkstyle836_xml.txt").errors) == 9
    star = next(e for e in facts("checkstyle836_xml.txt").errors if e.code == "AvoidStarImport")
    assert (star.tool, star.file, star.line, star.column) == ("checkstyle", "src/main/java/shop/Cart.java", 3, 17)
    assert star.message == "Using the '.*' form of import should be avoided - java.util.*."
    assert _records("shellcheck0110_checkstyle.txt")[:2] == [
        ("shellcheck", "ci/deploy.sh", 2, "SC2035", Severity.NOTE),
        ("shellcheck", "ci/deploy.sh", 2, "SC2045", Severity.ERROR),
    ]
    hadolint = facts("hadolint2151_checkstyle.txt")
    assert hadolint.category is Category.DOCKERFILE and {e.tool for e in hadolint.errors} == {"hadolint"}
    assert "`apt-get install <package>`" in next(e.message for e in hadolint.errors if e.code == "DL3008")
    for sample in ("checkstyle836_xml.txt", "shellcheck0110_checkstyle.txt", "hadolint2151_checkstyle.txt"):
        verdict = rule_verdict(facts(sample))
        assert verdict.decided and verdict.category is facts(sample).category, (sample, verdict.reason)
    assert not facts("checkstyle836_xml_clean.txt").errors
