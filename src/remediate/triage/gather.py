"""The signals the facts give, each weighed: the commands (commands.py), the tools' records (records.py),
failure patterns (patterns.py), exit statuses (exits.py), the facts' own classification and the runners' and
linters' summaries (here); then what the failing tests met (beneath.py) and the rules that weigh evidence
down when the log says it does not explain the failure (discounts.py): `signals_of`."""

from __future__ import annotations

from dataclasses import replace

from remediate.models import Category, Facts
from remediate.triage.beneath import tests_say
from remediate.triage.commands import command_signals
from remediate.triage.discounts import beside_tests, out_of_reach, parsed_download, ran_in_image, runner_exhausted
from remediate.triage.exits import exit_signals
from remediate.triage.patterns import content_signals, own_names_missing
from remediate.triage.records import error_signals
from remediate.triage.signal import PASSED_WEIGHT, Signal, passed_steps, steps_of


def _facts_signals(facts: Facts) -> list[Signal]:
    signals: list[Signal] = []
    if facts.category is not Category.UNKNOWN and facts.confidence > 0 and not own_names_missing(facts):
        signals.append(
            Signal(
                facts.category,
                round(facts.confidence * 0.8, 3),
                f"the facts classify it as {facts.category.value} ({facts.confidence:.2f})",
                "facts",
            )
        )
    if facts.failing_tests:
        steps = steps_of(*(t.step for t in facts.failing_tests))
        signals.append(Signal(Category.TEST, 0.6, f"{len(facts.failing_tests)} failing test(s)", "tests", steps=steps))
    return signals


# What a failing summary line weighs (Facts.summaries: `3 examples, 1 failure`, `✖ 5 problems`): a
# runner's or a linter's own count of its failures, in the failing step; above failing tests (0.6), which it
# counts, below a tool's records (0.8) and the content signals that name a cause (SPECIFIC_OVER_TEST).
SUMMARY_WEIGHT = 0.65


def _summary_signals(facts: Facts) -> list[Signal]:
    """The failing step's last failing summary of each kind (test, lint), as that kind's evidence. A test
    run's beside a linter's that failed too (`npm test` running eslint, then mocha) weighs less and does
    not vouch: the lint failed first, and a test summary must not decide a step whose linter failed."""
    last = {s.category: s for s in facts.summaries if s.failed}
    signals = []
    for category, s in last.items():
        reason = f"its {category.value} summary counts {s.failed} failure(s) (`{s.text[:80]}`)"
        signal = Signal(category, SUMMARY_WEIGHT, reason, "summary", steps=steps_of(s.step))
        if category is Category.TEST and Category.LINT in last:
            why = " (but a linter's summary in the same step counts failures too)"
            signal = replace(signal, weight=PASSED_WEIGHT, reason=reason + why, discounted=True)
        signals.append(signal)
    return signals


def _summary_passed(facts: Facts, signals: list[Signal]) -> list[Signal]:
    """A kind whose summaries in the failing step all say its run passed (`npm test` ran mocha, `25
    passing`, then a linter that failed) did not fail the step: the command's word for that kind and the
    keywords' weigh less and do not vouch. Its failing tests and records, read from the tool's own
    detail, stay as they are."""
    passed = {s.category for s in facts.summaries} - {s.category for s in facts.summaries if s.failed}
    if not passed:
        return signals
    detailed = {s.category for s in signals if s.kind in ("tests", "records", "pattern")}
    why = " (but its own summary in the failing step says it passed)"
    return [
        replace(s, weight=min(s.weight, PASSED_WEIGHT), reason=s.reason + why, discounted=True)
        if s.category in passed and s.category not in detailed and s.kind in ("command", "check", "facts")
        else s
        for s in signals
    ]


def _in_failed_steps(facts: Facts, signals: list[Signal]) -> list[Signal]:
    """Evidence lying only in steps the CI reported passing or ran after the job had failed (passed_steps: a
    linter run as `lint || true`, a test command that exited 0, after_failure's printed logs) neither vouches
    for nor competes with a category: the failure is the failing steps'. Evidence no step holds stays."""
    passed = passed_steps(facts)
    if not passed:
        return signals
    classified = _classified_by_passed(facts, passed)
    return [s for s in signals if (not s.steps or not s.steps <= passed) and not (s.kind == "facts" and classified)]


def _classified_by_passed(facts: Facts, passed: frozenset[int]) -> bool:
    """Whether the facts' own classification rests on records only passed steps printed (the failing step's
    own tool read by no parser): it counts those records again."""
    steps = [e.step for e in facts.errors if e.category is facts.category]
    steps += [t.step for t in facts.failing_tests] if facts.category is Category.TEST else []
    return bool(steps) and all(step in passed for step in steps)


def signals_of(facts: Facts, check: str | None = None) -> list[Signal]:
    signals = _in_failed_steps(
        facts,
        [
            *command_signals(facts, check),
            *error_signals(facts),
            *content_signals(facts),
            *exit_signals(facts),
            *_facts_signals(facts),
            *_summary_signals(facts),
        ],
    )
    signals = tests_say(facts, _summary_passed(facts, signals))
    signals = runner_exhausted(facts, out_of_reach(facts, ran_in_image(facts, signals)))
    return beside_tests(facts, parsed_download(facts, signals))
