"""djLint on HTML templates (parsers/htmltemplates.py), on real output made here (tests/facts/data/README.md, "Python
gates, schema validators, module graphs")."""

from __future__ import annotations

from remediate.models import Category
from tests.facts.samples import facts


def test_djlint_s_rows_are_lint_records_in_the_file_above_them_with_columns_from_one() -> None:
    f = facts("djlint154_lint.txt")
    assert [(e.file, e.line, e.column, e.code) for e in f.errors] == [
        ("templates/index.html", 1, 1, "H005"),
        ("templates/index.html", 1, 1, "H007"),
        ("templates/index.html", 1, 1, "H030"),
        ("templates/index.html", 4, 16, "H013"),
        ("templates/shop/cart.html", 3, 1, "H013"),
    ]
    assert f.category is Category.LINT


def test_djlint_s_check_is_a_format_record_a_file_and_a_clean_lint_none() -> None:
    f = facts("djlint154_check.txt")
    assert [(e.file, e.code, e.category) for e in f.errors] == [
        ("templates/index.html", "djlint-check", Category.FORMAT),
        ("templates/shop/cart.html", "djlint-check", Category.FORMAT),
    ]
    assert f.category is Category.FORMAT
    clean = facts("djlint154_lint_passed.txt")
    assert "djlint" in clean.tools and not clean.errors
