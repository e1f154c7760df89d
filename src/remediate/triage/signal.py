"""What the rules weigh: a signal (a category, a weight, where it comes from, which rule made it), the
weights the signals share, and each category's score over them (what every signal reads of the facts, their
text and the project's files, is the failing view: failing.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from remediate.models import Category

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
    # that name is one a third party's module, found and loaded, lacks (MEMBER)
    member: bool = False
    # a compiler's error in a third party's installed code (INSTALLED_CODE)
    installed: bool = False
    # a record named by the script or task that failed (task_failures.NAMED_CODES): which ran, not what went wrong
    named: bool = False
    # weighed down by a rule that says it does not explain the failure: it no longer vouches for its category
    discounted: bool = False
    # printed by a command before the failing one whose status the log does not show (FailingView.unshown): it may
    # name the candidate as the rules weigh it, never be the evidence that decides it (confidence.evidence_of)
    unshown: bool = False
    # the CI steps whose output holds the records or failing tests behind it (ErrorRecord.step, FailingTest.step)
    steps: frozenset[int] = frozenset()
    # which rule made it, for the failure patterns (see DIRECT, ATTESTED); other kinds are named by category
    rule: str = ""
    # the line a failure pattern matched, when it says which: patterns.content_signals gives the signal its steps
    matched: str = ""

    @property
    def name(self) -> str:
        """The rule behind the signal, as bench/triage.py counts its decisions: `pattern:stopped`,
        `records:lint`, `tests:test`."""
        return f"{self.kind}:{self.rule or self.category.value}"


def weighed_down(signal: Signal, weight: float, why: str) -> Signal:
    """The signal as a rule that says it does not explain the failure leaves it: at most `weight`, its reason
    saying why (`why`: " (but ...)"), and discounted, so it no longer vouches for its category."""
    return replace(signal, weight=min(signal.weight, weight), reason=signal.reason + why, discounted=True)


def steps_of(*steps: int | None) -> frozenset[int]:
    return frozenset(s for s in steps if s is not None)


def scores_of(signals: Sequence[Signal]) -> dict[Category, float]:
    """Each category's score: its strongest signal, and a little for every other kind of signal for it."""
    scores: dict[Category, float] = {}
    for category in dict.fromkeys(s.category for s in signals):  # signal order: ties break the same way every run
        own = [s for s in signals if s.category is category]
        kinds = {s.kind for s in own}
        scores[category] = round(min(0.99, max(s.weight for s in own) + 0.05 * (len(kinds) - 1)), 3)
    return scores


def pattern_signal(
    category: Category,
    weight: float,
    reason: str,
    rule: str,
    *,
    missing: bool = False,
    native: bool = False,
    compiler: bool = False,
    member: bool = False,
    matched: str = "",
) -> Signal:
    """A failure pattern's signal, named by its rule (Calibration.attested reads the name); `matched`: the line it
    read, when one line says it (its steps are that line's)."""
    return Signal(
        category,
        weight,
        reason,
        "pattern",
        missing=missing,
        native=native,
        compiler=compiler,
        member=member,
        rule=rule,
        matched=matched,
    )
