"""Syntax-check steps (`php -l`, `ruby -c`, `perl -c`, `node --check`, `python -m py_compile`/`compileall`): the
step asks only whether files parse, so its parse errors are lint findings (the lead's ruling, round 17); the same
parse error met when a build, a test run or a program loads the file stays build. Real output:
tests/facts/data/README.md, "Syntax-check steps"."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.commands import syntax_check_step
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA, facts


@pytest.mark.parametrize(
    ("sample", "command", "tool"),
    [
        ("syntaxcheck_php_l.txt", "php -l src/Cart.php", "php"),
        ("syntaxcheck_php_l_xargs.txt", "find src -name '*.php' -print0 | sort -z | xargs -0 -n1 php -l", "php"),
        ("syntaxcheck_php_l.txt", "for f in src/*.php; do php -l $f; done", "php"),
        ("syntaxcheck_ruby_wc_xargs.txt", "find lib -name '*.rb' | sort | xargs -n1 ruby -wc", "ruby"),
        ("syntaxcheck_perl_c.txt", "perl -Ilib -c lib/Cart.pm", "perl"),
        ("syntaxcheck_node_check.txt", "node --check lib/cart.js", "node"),
        ("syntaxcheck_py27_compileall.txt", "python -m compileall -q lib", "python"),
        ("syntaxcheck_py36_compileall.txt", "python3.6 -m compileall -q lib", "python"),
        ("syntaxcheck_py311_py_compile.txt", "python -m py_compile lib/cart.py", "python"),
        ("syntaxcheck_luac51_p.txt", "luac5.1 -p src/cart.lua", "lua"),
        ("syntaxcheck_luac53_p_xargs.txt", "find src -name '*.lua' | sort | xargs -n1 luac5.3 -p", "lua"),
    ],
)
def test_a_syntax_check_steps_parse_errors_are_lint_records_and_decide_lint(
    sample: str, command: str, tool: str
) -> None:
    """Before: the same records were build (a parse error) and decided build at 0.88."""
    alone = facts(sample)  # no CI step: nothing says a syntax check printed them
    assert alone.errors and {e.category for e in alone.errors} == {Category.BUILD}
    framed = extract_facts(framing.travis(command, (DATA / sample).read_text()))
    assert {(e.tool, e.category) for e in framed.errors} == {(tool, Category.LINT)}
    assert framed.category is Category.LINT
    verdict = rule_verdict(framed)
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason


@pytest.mark.parametrize(
    ("sample", "command"),
    [
        ("ruby31_require_syntax.txt", "ruby -Ilib -Itest test/test_cart.rb"),
        ("rake13_test_ruby_syntax.txt", "rake test"),
        ("node_require_syntax_error_loads.txt", "node test/cart.test.js"),
        ("syntaxcheck_luac51_p.txt", "luac -o out.luac src/cart.lua"),  # luac compiling, not asked to parse only
        # a syntax check beside another tool in one step: the parse error may be the other tool's
        ("syntaxcheck_php_l.txt", "php -l src/Cart.php && phpunit tests"),
        ("syntaxcheck_ruby_wc_xargs.txt", "ruby -wc lib/cart.rb; rake test"),
    ],
)
def test_the_same_parse_error_met_loading_the_file_stays_build(sample: str, command: str) -> None:
    framed = extract_facts(framing.travis(command, (DATA / sample).read_text()))
    assert framed.errors and Category.LINT not in {e.category for e in framed.errors}
    verdict = rule_verdict(framed)
    assert verdict.category is Category.BUILD and verdict.decided, verdict.reason


def test_only_a_steps_own_syntax_check_flag_makes_it_one() -> None:
    checks = [
        "php -l src/Cart.php",
        "php -n -l x.php",
        "php -d short_open_tag=On -d display_errors=1 -l x.php",
        "find . -name '*.php' -exec php -l {} \\;",
        "ruby -c lib/a.rb",
        "ruby -wc lib/a.rb",
        "perl -cw lib/A.pm",
        "bash -n bin/deploy.sh",
        "/bin/sh -n run.sh",
        "node -c lib/a.js",
        "python3 -m compileall -f -q .",
        "xmllint --noout conf/app.xml",
        "luac5.3 -p src/cart.lua",
        "set -e; for f in $(git ls-files '*.sh'); do bash -n $f; done",
    ]
    others = [
        "php vendor/bin/phpunit",
        "php -d memory_limit=-1 vendor/bin/phpunit -l",
        "ruby -rcoverage test/all.rb",
        "ruby -Ilib test/test_cart.rb",
        "perl -Ilib t/cart.t",
        "ssh -n host true",
        "node --test",
        "python -m pytest",
        "xmllint --valid docs/a.xml",
        "luac -o out.luac src/cart.lua",
        "php -l a.php && phpunit",
        "make lint",
    ]
    assert [c for c in checks if not syntax_check_step(c)] == []
    assert [c for c in others if syntax_check_step(c)] == []


SHELL_ROWS = [
    ("sh/loop.sh", 6, "syntax error: unexpected end of file"),
    ("sh/paren.sh", 4, "syntax error near unexpected token `)'"),
    ("sh/quote.sh", 2, "unexpected EOF while looking for matching `\"'"),
]
DASH_ROWS = [
    ("sh/loop.sh", 6, 'Syntax error: end of file unexpected (expecting "done")'),
    ("sh/paren.sh", 4, 'Syntax error: ")" unexpected'),
    ("sh/quote.sh", 4, "Syntax error: Unterminated quoted string"),
]
XML_ROWS = [
    ("conf/app.xml", 4, "Opening and ending tag mismatch: item line 4 and itm"),
    ("conf/attr.xml", 4, "AttValue: \" or ' expected"),
    ("conf/attr.xml", 4, "attributes construct error"),
    ("conf/attr.xml", 4, "Couldn't find end of Start Tag item line 4"),
]


@pytest.mark.parametrize(
    ("sample", "command", "rows"),
    [
        ("syntaxcheck_bash_n_xargs.txt", "find sh -name '*.sh' | sort | xargs -n1 bash -n", SHELL_ROWS),
        ("syntaxcheck_sh_n_xargs.txt", "find sh -name '*.sh' | sort | xargs -n1 sh -n", DASH_ROWS),
        (
            "syntaxcheck_bash_n.txt",
            "bash -n bin/deploy.sh",
            [("bin/deploy.sh", 7, "syntax error: unexpected end of file")],
        ),
        ("syntaxcheck_xmllint.txt", "xmllint --noout conf/*.xml", XML_ROWS),
    ],
)
def test_a_shells_and_xmllints_parse_errors_in_their_check_step_decide_lint(
    sample: str, command: str, rows: list[tuple[str, int, str]]
) -> None:
    """Before: no record (no signal; `bash -n` and xmllint not named by any command rule)."""
    alone = facts(sample)  # read, but shown only: a script's or an XML file's kind is not its own
    assert [(e.file, e.line, e.message) for e in alone.errors] == rows
    assert not any(e.votes for e in alone.errors)
    framed = extract_facts(framing.travis(command, (DATA / sample).read_text()))
    assert {e.category for e in framed.errors} == {Category.LINT} and all(e.votes for e in framed.errors)
    verdict = rule_verdict(framed)
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason


@pytest.mark.parametrize(
    ("sample", "command"),
    [("bash_script_syntax_error_runs.txt", "./bin/deploy.sh release"), ("syntaxcheck_xmllint.txt", "make docs")],
)
def test_a_script_or_xml_file_that_does_not_parse_outside_a_check_shows_without_deciding(
    sample: str, command: str
) -> None:
    framed = extract_facts(framing.travis(command, (DATA / sample).read_text()))
    assert framed.errors and {e.category for e in framed.errors} == {Category.BUILD}
    assert not any(e.votes for e in framed.errors)
    assert not rule_verdict(framed).decided


def test_a_syntax_check_step_on_github_actions_decides_lint() -> None:
    framed = extract_facts(framing.github_actions("php -l src/Cart.php", (DATA / "syntaxcheck_php_l.txt").read_text()))
    assert {e.category for e in framed.errors} == {Category.LINT}
    verdict = rule_verdict(framed)
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason


@pytest.mark.parametrize(
    ("sample", "command"),
    [
        ("syntaxcheck_composer_lint_php_l.txt", "composer lint"),
        ("syntaxcheck_npm_run_lint_node_check.txt", "npm run lint"),
    ],
)
def test_a_syntax_check_a_wrapper_ran_decides_lint(sample: str, command: str) -> None:
    """What the wrapper ran (Facts.ran_command) makes the failing step a syntax check. Before: both decided build
    (0.82: the parse error's build record against command:ran-lint)."""
    framed = extract_facts(framing.travis(command, (DATA / sample).read_text()))
    assert framed.errors and {e.category for e in framed.errors} == {Category.LINT}
    verdict = rule_verdict(framed)
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason


@pytest.mark.parametrize(
    ("command", "check"),
    [
        # an interpreter's flag named among a program's operands (grep's pattern) runs no syntax check
        ("grep -rl 'php -l ' ci/", False),
        ("printf '%s\\n' src/*.rb | xargs -n 1 ruby -c", True),
        ("find . -name '*.php' -exec php -l {} \\;", True),
        ("sudo -E bash -n deploy.sh", True),
    ],
)
def test_a_syntax_check_is_read_where_it_runs(command: str, check: bool) -> None:
    assert syntax_check_step(command) is check
