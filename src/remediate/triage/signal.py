"""What the rules weigh: a signal (a category, a weight, where it comes from, which rule made it), the
weights the signals share, and what every signal reads of the facts (their text, the project's files)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from remediate.facts.attempts import without_superseded
from remediate.facts.excerpt import numbered
from remediate.facts.meaning import workspace_names
from remediate.models import Category, Facts

# A content signal at or above this names a root cause more precisely than "tests failed".
SPECIFIC_OVER_TEST = 0.7
# What the command's and the keywords' evidence of a kind weighs when that kind's own summary in the
# failing step says its run passed (`25 passing`, `no offenses detected`): the run that failed is another.
PASSED_WEIGHT = 0.3


# Where a signal comes from: the check command the user gave, the command the log shows failing,
# a tool's typed error records, a failure pattern in the text, the facts' own classification, the
# failing tests a test runner reported, a test runner's or a linter's closing summary that counts failures.
Kind = Literal["check", "command", "records", "pattern", "facts", "tests", "summary"]


@dataclass(frozen=True)
class Signal:
    category: Category
    weight: float
    reason: str
    kind: Kind
    missing: bool = False  # the evidence is a name a tool says is missing (see beside_tests)
    # that name is a third party's native header, library to link or load, or pkg-config/CMake package (NATIVE)
    native: bool = False
    # that name is a third party's module a compiler did not find (COMPILED)
    compiler: bool = False
    # a compiler's error in a third party's installed code (INSTALLED_CODE)
    installed: bool = False
    # weighed down by a rule that says it does not explain the failure: it no longer vouches for its category
    discounted: bool = False
    # the CI steps whose output holds the records or failing tests behind it (ErrorRecord.step, FailingTest.step)
    steps: frozenset[int] = frozenset()
    # which rule made it, for the failure patterns (see DIRECT, ATTESTED); other kinds are named by category
    rule: str = ""

    @property
    def name(self) -> str:
        """The rule behind the signal, as bench/triage.py counts its decisions: `pattern:stopped`,
        `records:lint`, `tests:test`."""
        return f"{self.kind}:{self.rule or self.category.value}"


def project_tree(facts: Facts) -> list[str]:
    """The project's files when known, else the names the excerpt shows the repository under
    (meaning.workspace_names): what tells a missing module of the project's own from a third party's."""
    if facts.repo and facts.repo.tree:
        return facts.repo.tree
    return workspace_names(facts.excerpt.splitlines())


def passed_steps(facts: Facts) -> frozenset[int]:
    """The steps the CI reported exiting 0 (a script command Travis ran after or before the failing one,
    `cmd || true`) or ran once the job had failed (after_failure printing logs, after_script uploading
    coverage): Facts.steps. What they printed did not fail the job."""
    return frozenset(s.step for s in facts.steps if s.exit_code == 0 or s.after_failure)


def steps_of(*steps: int | None) -> frozenset[int]:
    return frozenset(s for s in steps if s is not None)


def text_of(facts: Facts) -> str:
    """The text the failure patterns read: the excerpt without the attempts a retry wrapper ran again
    (remediate.facts.attempts: a retried attempt's network failure is not the job's), the records' and the
    failing tests' messages."""
    passed = passed_steps(facts)
    parts = [without_superseded(failing_excerpt(facts, passed))]
    parts += [e.message for e in facts.errors if e.step not in passed]
    parts += [t.message or "" for t in facts.failing_tests if t.step not in passed]
    return "\n".join(parts)


def failing_excerpt(facts: Facts, passed: frozenset[int] | None = None) -> str:
    """The excerpt without the lines of the steps the CI reported passing or ran after the failure
    (passed_steps): a failure pattern there names no cause of the job's failure."""
    passed = passed_steps(facts) if passed is None else passed
    spans = [(s.lines.start, s.lines.end) for s in facts.steps if s.step in passed and s.lines is not None]
    if not spans:
        return facts.excerpt
    shown = numbered(facts.excerpt)
    return "\n".join(line for no, line in shown if no is None or not any(a <= no <= b for a, b in spans))


def pattern_signal(
    category: Category,
    weight: float,
    reason: str,
    rule: str,
    *,
    missing: bool = False,
    native: bool = False,
    compiler: bool = False,
) -> Signal:
    """A failure pattern's signal, named by its rule (Calibration.attested reads the name)."""
    return Signal(category, weight, reason, "pattern", missing=missing, native=native, compiler=compiler, rule=rule)
