"""A checker named by its own words, where the step is named for a kind of check but does not say which tool it ran:
a script or a task named for linting (`./ci/lint.sh`, `make lint` whose recipe is not echoed) often runs a type
checker, and its rows are then the type checker's, not the name's kind (checkers.step_checker asks here). A step
whose command names no checker at all (`./ci/test.sh`, `make check` running `cargo fmt --check` before the tests) is
read for a formatter's report among these (extract._reported_or_compiled) where no parser, installer or test runner
read its failure.

Each tool below prints, when it fails, a line in a form no other tool prints (tests/facts/data/wrapper_script_*):
- mypy closes with its counts: `Found 2 errors in 1 file (checked 2 source files)`;
- tsc names each error by its code: `src/app.ts(1,7): error TS2322: Type 'string' is not ...` (`--pretty`:
  `src/app.ts:1:7 - error TS2322: ...`);
- ruff check closes with `Found 1 error.`, then what it can fix (`[*] 1 fixable with `--fix`.`, older releases
  `... with the `--fix` option.`, or `No fixes available (...)`);
- formatters' checks: ruff format's, Black's and prettier's closing counts, rustfmt's hunk heads (`Diff in
  /w/src/lib.rs:1:`), clang-format's rows (`src/calc.c:1:15: error: code should be clang-formatted
  [-Wclang-format-violations]`).
The last such line in the step's output names the tool that failed last: a script stops at the first that fails.

Every pattern is anchored at the line's start and linear: bounded runs over simple classes, then literals.
"""

from __future__ import annotations

from remediate.facts.lazyregex import Regex
from remediate.facts.parsers import mypy
from remediate.facts.view import View
from remediate.models import Category

COUNT = r"\d{1,6}"  # a count in a checker's last line, bounded

_MYPY = Regex("^" + mypy.FOUND.format(failed=COUNT, count=COUNT) + "$")
_TSC = Regex(r"^[^\s(:]{1,300}(?:\(\d{1,7},\d{1,7}\): | ?:\d{1,7}:\d{1,7} - )error TS\d{1,6}: ")
_RUFF = Regex(r"^(?:Found \d{1,6} errors?\.|\[\*\] \d{1,6} fixable with (?:the )?`--fix`|No fixes available \()")
_RUFF_FORMAT = Regex(
    r"^(?:\d{1,6} files? would be reformatted(?:, \d{1,6} files? already formatted)?$|Would reformat: \S)"
)
_BLACK = Regex(r"^\d{1,6} files? would be reformatted(?:, \d{1,6} files? would be left unchanged)?\.$")
_PRETTIER = Regex(r"^\[warn\] Code style issues found in (?:the above file|\d{1,6} files)\. Run Prettier")
# rustfmt --check (`cargo fmt --check`) heads each hunk of its diff with the file and line, `Diff in /w/src/lib.rs:1:`
# (rustfmt 1.9; older releases `Diff in /w/src/lib.rs at line 1:`)
_RUSTFMT = Regex(r"^Diff in \S{1,500}?(?::\d{1,7}| at line \d{1,7}):$")
# clang-format --dry-run names each place it would change by its own warning flag, an error under -Werror
_CLANG_FORMAT = Regex(
    r"^\S{1,500}:\d{1,7}:\d{1,7}: (?:error|warning): code should be clang-formatted \[-Wclang-format-violations\]$"
)
_ESLINT = Regex(r"^✖ \d{1,6} problems? \(\d{1,6} errors?, \d{1,6} warnings?\)$")

# (the literal a line must hold, its pattern, the tool and its kind), the literal first for speed
_REPORTS = (
    ("source file", _MYPY, "mypy", Category.TYPE),
    (" error TS", _TSC, "tsc", Category.TYPE),
    ("fix", _RUFF, "ruff", Category.LINT),
    ("Found ", _RUFF, "ruff", Category.LINT),
    ("eformat", _RUFF_FORMAT, "ruff format", Category.FORMAT),
    ("reformatted", _BLACK, "black", Category.FORMAT),
    ("Code style issues", _PRETTIER, "prettier --check", Category.FORMAT),
    ("✖ ", _ESLINT, "eslint", Category.LINT),
    ("Diff in ", _RUSTFMT, "rustfmt", Category.FORMAT),
    ("clang-format-violations", _CLANG_FORMAT, "clang-format", Category.FORMAT),
)


def reported_checker(view: View, span: tuple[int, int]) -> tuple[str, Category] | None:
    """The checker whose own words (_REPORTS) the last such line in `span` (the failing step's output) holds, and
    its kind; None when no line there is in one of their forms."""
    first, last = span
    named: tuple[str, Category] | None = None
    for line in view.within(first, last):
        named = _report_of(line.text) or named
    return named


def _report_of(text: str) -> tuple[str, Category] | None:
    for literal, pattern, tool, kind in _REPORTS:
        if literal in text and pattern.search(text):
            return tool, kind
    return None
