"""The signals the facts give, each weighed: the commands (commands.py), the tools' records (records.py),
failure patterns (patterns.py), exit statuses (exits.py), the facts' own classification and the runners' and
linters' summaries (here); then what the failing tests met (beneath.py) and the rules that weigh evidence
down when the log says it does not explain the failure (discounts.py): `signals_of`."""

from __future__ import annotations

from dataclasses import replace

from remediate.models import Category, Facts
from remediate.triage.beneath import tests_say
from remediate.triage.commands import command_signals
from remediate.triage.discounts import (
    beside_tests,
    forgiven_parts,
    named_beside_records,
    not_run,
    out_of_reach,
    parsed_download,
    ran_in_image,
    refused_to_start,
    runner_exhausted,
    stopped_in_build,
)
from remediate.triage.exits import exit_signals
from remediate.triage.failing import FailingView, after, failing_view
from remediate.triage.patterns import content_signals, own_names_missing
from remediate.triage.records import error_signals
from remediate.triage.routes import same_route
from remediate.triage.signal import PASSED_WEIGHT, Signal, scores_of, steps_of, weighed_down


def _facts_signals(view: FailingView) -> list[Signal]:
    facts = view.facts
    signals: list[Signal] = []
    if facts.category is not Category.UNKNOWN and facts.confidence > 0 and not own_names_missing(view):
        signals.append(
            Signal(
                facts.category,
                round(facts.confidence * 0.8, 3),
                f"the facts classify it as {facts.category.value} ({facts.confidence:.2f})",
                "facts",
                steps=view.classified_in,
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
    last = {s.category: s for s in facts.summaries if s.failing}
    signals = []
    for category, s in last.items():
        # test files that never loaded are the test run's failure too, though no test of theirs failed: what
        # stopped them, when the lines name it, decides over them as it does over failing tests (tests_say)
        reason = f"its {category.value} summary counts {s.counted} (`{s.text[:80]}`)"
        signal = Signal(category, SUMMARY_WEIGHT, reason, "summary", steps=steps_of(s.step))
        if category is Category.TEST and Category.LINT in last:
            why = " (but a linter's summary in the same step counts failures too)"
            signal = weighed_down(signal, PASSED_WEIGHT, why)  # SUMMARY_WEIGHT is above it
        signals.append(signal)
    return signals


def _summary_passed(facts: Facts, signals: list[Signal]) -> list[Signal]:
    """A kind whose summaries in the failing step all say its run passed (`npm test` ran mocha, `25
    passing`, then a linter that failed) did not fail the step: the command's word for that kind and the
    keywords' weigh less and do not vouch. Its failing tests and records, read from the tool's own
    detail, stay as they are."""
    passed = {s.category for s in facts.summaries} - {s.category for s in facts.summaries if s.failing}
    if not passed:
        return signals
    detailed = {s.category for s in signals if s.kind in ("tests", "records", "pattern")}
    why = " (but its own summary in the failing step says it passed)"
    return [
        weighed_down(s, PASSED_WEIGHT, why)
        if s.category in passed and s.category not in detailed and s.kind in ("command", "check", "facts")
        else s
        for s in signals
    ]


def _in_failed_steps(view: FailingView, signals: list[Signal]) -> tuple[list[Signal], frozenset[Category]]:
    """Evidence lying only in steps the CI reported passing (FailingView.silent: a linter run as `lint || true`, a
    test command that exited 0) neither vouches for nor competes with a category. Evidence lying only in steps run
    after the job had failed (FailingView.after: after_failure printing the failing run's logs) vouches for the
    category the failing steps' own evidence leads with (its same route), or stands when the failing steps show
    no evidence at all (not so the unshown steps' alone: FailingView.unshown, whose evidence is marked
    Signal.unshown: it names the candidate, never decides it); otherwise it is left out, so it is never a second
    failure. What vouches counts as the failing steps' (its steps become theirs: no "two failures" with them).
    Evidence no step holds stays.
    Returns the signals and the categories the vouch-only evidence vouched for."""
    if not view.muted:
        return signals, frozenset()
    heard = [s for s in signals if not (s.steps and s.steps <= view.silent)]
    own = [s for s in heard if not (s.steps and s.steps <= view.muted)]
    later = [s for s in heard if s.steps and s.steps <= view.muted]
    scores = scores_of(own)
    leading = [c for c, score in scores.items() if score == max(scores.values())]
    why = " (printed after the failure, as the failing steps show it)"
    unsure = " (printed before the failing command, whose status the log does not show: it names, never decides)"
    vouching = [
        replace(
            s,
            steps=view.failed,
            reason=s.reason + (unsure if s.steps <= view.unshown else why),
            unshown=s.steps <= view.unshown,
        )
        for s in later
        if any(same_route(s.category, c) for c in leading) or not (leading or s.steps <= view.unshown)
    ]
    return own + vouching, frozenset(s.category for s in vouching)


def gathered(view: FailingView, check: str | None = None) -> tuple[list[Signal], FailingView]:
    """The signals of the failing view, weighed, and the view with what the vouch-only steps vouched for counted
    as the failing steps' (FailingView.vouching), for the rules that read it after (verdict)."""
    raw = [
        *command_signals(view.facts, check),
        *error_signals(view),
        *content_signals(view),
        *_after_patterns(view),
        *exit_signals(view),
        *_facts_signals(view),
        *_summary_signals(view.facts),
    ]
    signals, vouched = _in_failed_steps(view, raw)
    view = view.vouching(vouched)
    signals = tests_say(view, refused_to_start(view, _summary_passed(view.facts, signals)))
    signals = not_run(view, runner_exhausted(view, out_of_reach(view, ran_in_image(view, signals))))
    signals = stopped_in_build(view, named_beside_records(forgiven_parts(view, signals)))
    return beside_tests(view, parsed_download(view, signals)), view


def _after_patterns(view: FailingView) -> list[Signal]:
    """The failure patterns the vouch-only steps' own text shows, as their evidence (see _in_failed_steps)."""
    if not view.after:
        return []
    return [replace(s, steps=view.after) for s in content_signals(after(view))]


def signals_of(facts: Facts, check: str | None = None) -> list[Signal]:
    return gathered(failing_view(facts), check)[0]
