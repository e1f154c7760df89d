"""What a tool's typed error records say to the rules, by their category (ErrorRecord.category)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from remediate.agents.dockerfile_facts import DOCKERFILE_NAME
from remediate.facts.meaning import FETCHED_BUILD, FOLLOW_LINES, Missing, installed_code, missing_of
from remediate.facts.meaning.task_failures import NAMED_CODES
from remediate.models import Category, ErrorRecord
from remediate.triage.confidence import TASK_NAME_RULE
from remediate.triage.failing import FailingView
from remediate.triage.signal import Signal, steps_of

# What a tool's record of each category says to the rules (see ErrorRecord.category, set by the facts
# stage from the tool's concern and what the message means): (weight, what it is). A test runner's
# records are its failing tests (the "tests" signal); infra and unknown records name no fix, except a finding
# of a check no specialist fixes (NO_SPECIALIST_RECORD).
_RECORD_SIGNALS: dict[Category, tuple[float, str]] = {
    Category.DEPENDENCY: (0.85, "a dependency failure"),
    Category.DOCKERFILE: (0.9, "an image build error"),
    Category.TYPE: (0.9, "a type error"),
    Category.BUILD: (0.8, "a build error"),
    Category.FORMAT: (0.9, "a formatter's finding"),
    Category.LINT: (0.8, "a linter's finding"),
    Category.SQL: (0.85, "a query or model error"),
    Category.CONFIG: (0.85, "a configuration error"),
}


# A failure no specialist fixes (ErrorRecord.no_specialist: a link checker's dead link, a size budget, a docs
# site's broken reference, a publish the registry refused): as sure of its kind as a linter's finding is of its,
# and the kind is nobody's.
NO_SPECIALIST_RECORD = (0.8, "a failure no specialist fixes")


# Codes that name their finding exactly: deptry's and NuGet's dependency findings, hadolint's rules.
_EXACT_CODE = re.compile(r"DEP\d{3}|NU1\d{3}|DL\d{4}")


# What a record of such a code weighs: no other evidence discounts it (see exact_code).
EXACT_CODE_WEIGHT = 0.95


def exact_code(s: Signal) -> bool:
    """Whether the signal is a record of an exact code (_EXACT_CODE), which stays as it is."""
    return s.weight >= EXACT_CODE_WEIGHT


def error_signals(view: FailingView) -> list[Signal]:
    """Every record's signal, with the step that printed it (gather weighs those of silent and vouch-only steps);
    a missing native name is looked for in the failing steps' lines."""
    signals: list[Signal] = []
    tree, lines = view.tree, view.lines
    near = _near_native(lines, tree)
    for err in view.facts.errors:
        if signal := _record_signal(err, tree):
            native = signal.native or _reports_native(err, lines, near)
            rule = TASK_NAME_RULE if err.code in NAMED_CODES else signal.rule
            rule = FETCHED_BUILD if err.code == FETCHED_BUILD else rule  # see verdict.INSTALLED_CODE
            named = err.code in NAMED_CODES
            signals.append(replace(signal, steps=steps_of(err.step), native=native, rule=rule, named=named))
    return signals


def _near_native(lines: Sequence[str], tree: Sequence[str]) -> set[int]:
    """The excerpt's lines that report a third party's missing native name (NATIVE), read with the
    lines their tool printed after them, and the lines a tool prints around such a report (its error
    header: `CMake Error at ...` above `Could NOT find X`; `configure: error:` below the check that failed)."""
    near: set[int] = set()
    for i, line in enumerate(lines):
        if native_missing(missing_of(line, lines[i + 1 : i + 1 + FOLLOW_LINES], None, tree)):
            near.update(range(max(0, i - FOLLOW_LINES), i + FOLLOW_LINES + 1))
    return near


def _reports_native(err: ErrorRecord, lines: Sequence[str], near: set[int]) -> bool:
    """Whether the record was printed at or beside a missing native name's report in the excerpt (the
    tool's error about that absence, not another failure)."""
    said = err.message.strip()[:60]
    return bool(said) and any(said in lines[i] for i in near if i < len(lines))


def _record_signal(err: ErrorRecord, tree: Sequence[str]) -> Signal | None:
    """What one record says, from its category: any parser's records count by what they mean, so a
    tool parsed tomorrow is seen without a list of tool names here."""
    if not err.votes:  # shown, not evidence of the failure's kind (see ErrorRecord.votes)
        return None
    code = err.code or ""
    where = f"{err.tool} {code}".strip()
    if err.category is not Category.DOCKERFILE and err.file and DOCKERFILE_NAME.search(err.file):
        return Signal(Category.DOCKERFILE, 0.9, f"an error in {err.file}", "records", rule="in-dockerfile")
    if err.no_specialist:
        weight, what = NO_SPECIALIST_RECORD
        return Signal(Category.UNKNOWN, weight, f"{what}, {where}: {err.message[:80]}", "records")
    if err.category not in _RECORD_SIGNALS:
        return None
    weight, what = _RECORD_SIGNALS[err.category]
    if _EXACT_CODE.fullmatch(code):
        return Signal(err.category, EXACT_CODE_WEIGHT, f"{where}: {err.message[:80]}", "records")
    missing = missing_of(err.message, (), err.file, tree)
    if missing is not None and err.category in (Category.DEPENDENCY, Category.BUILD):
        if err.category is Category.DEPENDENCY and not missing.third_party:  # the tree shows the name is its own
            return None
        if missing.third_party and missing.means is err.category:
            what, native, compiler = f"{err.tool}: {missing.what}", native_missing(missing), compiled_missing(missing)
            member = member_missing(missing)
            return Signal(
                err.category, weight, what, "records", missing=True, native=native, compiler=compiler, member=member
            )
    # A linter's finding counts whether or not its tool names a rule: pyflakes, JSHint's default reporter,
    # HLint, RuboCop without cop names, TSLint's prose form print none (summaries are verdicts, not records).
    found = missing is not None
    said = f"{what}, {where}: {err.message[:80]}"
    compiler = compiled_missing(missing)
    installed = err.category is Category.BUILD and installed_code(err.file, err.code)
    return Signal(
        err.category,
        weight,
        said,
        "records",
        missing=found,
        native=native_missing(missing),
        compiler=compiler,
        installed=installed,
    )


def compiled_missing(missing: Missing | None) -> bool:
    """A third party's module a compiler did not find (javac, go, rustc, tsc...): see COMPILED."""
    return missing is not None and missing.third_party and missing.compiler and missing.kind == "module"


def member_missing(missing: Missing | None) -> bool:
    """A name a third party's module lacks where the module itself was found (Python's `cannot import name 'X'
    from 'requests' (/.../site-packages/requests/__init__.py)`, the standard library's `from collections import
    Mapping`): see MEMBER."""
    return missing is not None and missing.third_party and bool(missing.member)


def native_missing(missing: Missing | None) -> bool:
    """A third party's header, library (to link, to load) or pkg-config/CMake package: see NATIVE."""
    return missing is not None and missing.third_party and missing.kind in ("header", "library")
