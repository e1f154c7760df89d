"""What a failing test run's failing tests met, as the rules weigh it: the cause their own reports name beneath
them (reports.py reads it: a config file that does not parse, settings missing, a query the database rejects, a
linter run as a test, the infrastructure) decides for them (tests_say), and when such a cause makes the rules
abstain (two causes, a summary only, unread tests)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from remediate.facts.lazyregex import Regex
from remediate.facts.meaning import Host, Whose, unreachable
from remediate.facts.parsers.compiler import LINKER, link_failed
from remediate.facts.runnersections import NOT_LOADED
from remediate.models import Category
from remediate.triage.causes import ASSERTION
from remediate.triage.failing import FailingView
from remediate.triage.patterns import NOT_COMPILED
from remediate.triage.reports import (
    REPORT_CAUSE_RULES,
    TESTS_INFRA_RULE,
    Cause,
    counts_failing_tests,
    files_not_loaded,
    one_of,
    report_cause,
    shown_cause,
    waited,
)
from remediate.triage.routes import same_route
from remediate.triage.signal import PASSED_WEIGHT, Signal, pattern_signal, weighed_down

# What a report's cause weighs when every failing test's report names it: above SPECIFIC_OVER_TEST.
TESTS_SAY_WEIGHT = 0.9


def tests_say(view: FailingView, signals: list[Signal]) -> list[Signal]:
    """Failing tests whose every report names one cause that is not the tested code (reports.report_cause: a
    config file that does not parse, settings missing, a query the database rejects; reports.item_cause: a linter run
    as a test; a service out of reach, the runner's disk full, which no specialist fixes) failed because
    of it: fixing it fixes them. The cause decides (TESTS_SAY_WEIGHT, over SPECIFIC_OVER_TEST), and the evidence
    of a test failure (the failing tests, the runner's summary counting them, its command, the facts'
    classification from them) weighs less and does not vouch: the summary counts those very failures. When
    other failing tests fail on their own, see two_causes."""
    cause, others = one_of(*view.named_causes)  # cached: two_causes reads them too
    said = _reports_said(view)
    if cause is None and not others and (shown := shown_cause(view)) is not None:
        cause, said = shown, _shown_said(view)
    if cause is None or others:
        return signals
    rule, category, what = _own_service(view, cause) or cause
    why = f" (but {said} {what})"
    out = [weighed_down(s, PASSED_WEIGHT, why) if s.category is Category.TEST else s for s in signals]
    reason = f"{said} {what}"
    return [*out, pattern_signal(category, TESTS_SAY_WEIGHT, reason, rule)]


def _reports_said(view: FailingView) -> str:
    """How tests_say's reason names the reports it read: every failing test's own, or, where some failing tests
    printed no report (an empty message, no runner's record: pytest-timeout's thread method ends the process before
    an earlier failure's section), the reports of those that printed one, counted."""
    silent = sum(not (t.message or "").strip() for t in view.failing_tests)
    if not silent or any(e.category is Category.TEST for e in view.errors):
        return "every failing test's own report says"
    total = len(view.failing_tests)
    return f"every report read ({total - silent} of {total} failing tests printed one) says"


# What tests_say's reason says of a cause the excerpt shows beneath tests no parser read: failing tests a summary
# counts, or test files it counts that never loaded (Summary.files_not_loaded), stopped by the cause.
_SHOWN = "the failing tests a summary counts show no assertion's failure, and the log shows"
_STOPPED = "the test files a summary counts never loaded, and the log shows"
# and where no summary was read either: a test's own time limit, in its runner's words (reports.shown_cause)
_UNREAD = "no parser read the failing tests, and a failing test's report in the log says"


def _shown_said(view: FailingView) -> str:
    """How tests_say's reason names the lines a shown cause stands in (_SHOWN, _STOPPED, _UNREAD)."""
    if counts_failing_tests(view.facts):
        return _SHOWN
    return _STOPPED if files_not_loaded(view.facts) else _UNREAD


# What the reasons of tallied_only and two_causes say (bench/triage.py counts the abstentions by them).
TALLIED_ONLY = "only a summary or unreported failing tests count the failures, and the log names another cause"


TWO_CAUSES = "others fail on their own: two failures"


def tallied_only(view: FailingView, signals: Sequence[Signal], best: Category, evidence: dict[str, float]) -> str:
    """Why the rules abstain when a runner's or linter's summary counting failures, or failing tests with no
    report read (failingtests.py: a runner no parser reads names its failing tests, not what they met), is the
    only parsed evidence for the best category (no record of its tools) and the log names another cause through
    a tool's records or a failure pattern (a config file that does not parse, a setting missing), or the
    excerpt's lines show one beneath the tests (FailingView.shown_causes: the unread reports' own words, a
    settings file not found, a TS error in a ts-jest suite): a summary or a test's name counts failures, it does
    not say what they failed on, and no parsed report tells (tests_say). "" when that is not the case."""
    reported = _reported(view)
    parsed = ("typed", "records", *(("tests", "step_records") if reported else ()))
    tallied = evidence.get("summary") or (evidence.get("tests") and not reported)
    if not tallied or any(evidence.get(k) for k in parsed):
        return ""
    named = {
        s.category.value
        for s in signals
        if s.kind in ("records", "pattern") and not s.discounted and not same_route(s.category, best)
    }
    named |= {c.value for rule, c, _ in view.shown_causes if not same_route(c, best) and _counts_beside(rule, view)}
    if not named:
        return ""
    return f"{TALLIED_ONLY} ({', '.join(sorted(named))}): not sure which"


def _counts_beside(rule: str, view: FailingView) -> bool:
    """Whether a cause the excerpt shows beneath counted failures names one the summary may stand for. The
    infrastructure does (the tests' own reports name it, tests_say), a host out of reach
    only where no line shows an assertion's failure or the host is outside the job (_outside_met): beside an
    assertion, the job's own service (a container it started under its own name) is one the failing code did not
    serve, and the tests failed on it."""
    if rule != TESTS_INFRA_RULE:
        return True
    return _outside_met(view) is not None or not any(ASSERTION.search(line) for line in view.lines)


def _reported(view: FailingView) -> bool:
    """Whether a failing test's report was read: a message of its own that is not cut short (pytest's short
    summary clips at the terminal's `...`), or a test runner's record."""
    messages = ((t.message or "").strip() for t in view.failing_tests)
    return any(m and not m.endswith("...") for m in messages) or any(e.category is Category.TEST for e in view.errors)


# An error a runner printed as an object with no words says nothing of what the test met: Node 20's spec reporter
# prints a DOMException, which has no own property to inspect, as `{}` (fetch aborted by `AbortSignal.timeout` or an
# AbortController's timer: its TAP reporter prints the same error's message, `The operation was aborted due to
# timeout`, which is out of reach; a test's own check failing prints its AssertionError). A run whose every failing
# test reported so may have failed on its own check or on a request that got no answer in time: not decided.
# So for fetch's bare `fetch failed` (undici's, Node's own): the TypeError only wraps what the request met (a refused
# connection, a timeout, a name not found), which its `cause` says; node --test's TAP reporter prints the message and
# not the cause (Node 20: `error: 'fetch failed'`, `name: 'TypeError'`), the spec reporter joins it (`fetch failed
# (cause: ...)`, read as what it names). So for an error printed by its name alone (`AggregateError:`, Node's when every
# address of a name refused the connection, which axios 0.27 passes on with its empty message); not an assertion's
# (`AssertionError:`, a bare `assert x` failing): that names the test's own check.
WORDLESS = (
    "every failing test's report is an error printed without what it met (`{}`, a bare `fetch failed`, a name "
    "alone): not said, "
    "not sure"
)
_NO_WORDS = re.compile(r"\{\s*\}|(?:TypeError(?: \[Error\])?: )?fetch failed|(?!Assert)\w*Error(?: \[\w+\])?:")


def wordless(view: FailingView, best: Category) -> str:
    """WORDLESS when the best category is test and every failing test's report is an object with no words or a
    fetch failure without its cause (_NO_WORDS); "" otherwise."""
    if best is not Category.TEST or not view.failing_tests:
        return ""
    return WORDLESS if all(_NO_WORDS.fullmatch((t.message or "").strip()) for t in view.failing_tests) else ""


# A linker that failed in the failing step left part of the build undone (a test binary, a library the tests load):
# beside failing tests that is two failures, and whether the failing tests ran the code that did not link the log
# does not say (make -k builds and runs what it can, so does ctest, go test's other packages). Read by the linker's
# own reading (compiler.link_failed), whether or not its parser read the log; its record alone (no failing test)
# is the build's, and a full disk that stopped it (`final link failed: No space left on device`) the rules' own.
LINKED_APART = "the linker failed beside failing tests: part of the build did not complete, two failures"


def link_beside_tests(view: FailingView, best: Category) -> str:
    """Why the rules abstain when the best category is a test failure and the failing step shows a linker that
    failed (LINKED_APART); "" when that is not the case."""
    if best is not Category.TEST or not any(n in view.text for n in LINKER.needles):
        return ""
    said = next((m.group(0) for line in view.lines if (m := link_failed(line))), None)
    return f"{LINKED_APART} ({' '.join(said.split())[:80]}): not sure which" if said else ""


# A test module its runner could not load (unittest's and nose2's loader stand-in, `ERROR: tests.test_cart
# (unittest.loader._FailedTest.tests.test_cart)`; pytest's `____ ERROR collecting tests/test_cart.py ____` when
# `--continue-on-collection-errors` runs the rest), or a package whose tests did not compile in the build tool's own
# words (patterns.NOT_COMPILED: go test's `FAIL\tPKG [build failed]` beside another package's failing test), beside
# tests that ran and failed: the import or the compiler met its own failure (a name the code renamed, a syntax error, a
# package not installed), none of the failing tests' reports, so fixing either leaves the other (beside_tests weighs a
# missing name down below the tests, and with no parser of the compiler nothing else names the build).
NOT_LOADED_APART = "part of the tests did not load or compile beside tests that ran and failed: two failures"
_NOT_LOADED = Regex(
    rf"^ERROR: [\w.]{{1,300}} \({NOT_LOADED}\b|^_{{2,}} ERROR collecting \S{{1,300}} _{{2,}}$",
    re.MULTILINE,
    needles="loader.|ERROR collecting",
)


# go test's verdict on a package whose tests ran and failed (`FAIL\texample.com/shop/cart\t0.030s`; one that did not
# build says `[build failed]` in the time's place): failing tests in go test's own words, read or not.
_PACKAGE_TESTS_FAILED = Regex(r"^FAIL\t\S{1,300}\t\d{1,6}\.\d{1,3}s$", re.MULTILINE, needles="FAIL\t")


def not_loaded_beside_tests(view: FailingView) -> str:
    """Why the rules abstain when the failing step's runner could not load a test module for a cause another
    specialist fixes, or its build tool says a package's tests did not compile, and other tests failed
    (NOT_LOADED_APART); "" when that is not the case."""
    m = NOT_COMPILED.search(view.text) or ((n := _NOT_LOADED.search(view.text)) and not _loaded_own_code(view) and n)
    if not m:
        return ""
    # a failing test whose report is those very words is the file that did not load (Vitest's `FAIL test/cart.test.js`
    # over `Transform failed with 1 error:`), no test beside it
    others = [
        t
        for t in view.failing_tests
        if not (_NOT_LOADED.search(t.message or "") or NOT_COMPILED.search(t.message or ""))
    ]
    if not others and not _PACKAGE_TESTS_FAILED.search(view.text):
        return ""
    line = view.text[view.text.rfind("\n", 0, m.start()) + 1 :].split("\n", 1)[0]
    return f"{NOT_LOADED_APART} ({' '.join(line.split()).strip('_ ')[:80]}): not sure which"


def _loaded_own_code(view: FailingView) -> bool:
    """Whether the import that stopped a test module met the code the tests import (a name the project renamed, its
    syntax error: the records' category is the build's, the project's own code) and nothing another specialist
    fixes: the tests' specialist edits that beside the failing assertion, one route. A package not installed
    (dependency), the infrastructure or the configuration at import time calls for another. A load error no record
    names (a runner or a cause no parser reads) gives no evidence of another specialist's failure: the failing tests
    decide, as they would without the module that did not load (a test module reading a data file that is not
    there at import: the tests' own set-up)."""
    named = {e.category for e in view.errors if e.category not in (Category.TEST, Category.UNKNOWN)}
    return all(same_route(c, Category.BUILD) for c in named)


UNREAD_TESTS = "a test summary counts failing tests no parser read, and the log names another cause"


def unread_tests(view: FailingView, signals: Sequence[Signal], best: Category) -> str:
    """Why the rules abstain when the best category is not a test failure's, while the failing step's test
    summary counts failing tests whose reports no parser read (a runner no parser reads): the best category's
    records may be those very reports (a test of a JSON reader meeting JSON.parse's SyntaxError, a test
    importing a module that is not installed), which make a test failure, or a failure beside the tests; the
    log does not say which (tallied_only's mirror). Not when a record of the best category names a cause that
    is not the tested code (reports.report_cause: a YAML file that does not parse): that is what the tests met, and
    decides as tests_say would. "" when that is not the case."""
    if view.failing_tests or same_route(best, Category.TEST):
        return ""
    counted = counts_failing_tests(view.facts)
    vouched = any(s.kind == "summary" and s.category is Category.TEST and not s.discounted for s in signals)
    if not (counted and vouched) or _names_report_cause(view, signals, best):
        return ""
    return f"{UNREAD_TESTS} ({best.value}): not sure which"


# A configuration error's record that names no file (JSON.parse's `SyntaxError: Expected property name or '}' in JSON
# at position 1`, json's `Expecting value: line 1 column 1 (char 0)`) says a string did not parse, not which file:
# the tested code parsing its input raises the same. Read by a runner's parser, such a record is a failing test's own
# report and does not vote (facts/classify._said_by_tests), and the failing tests decide. Without that parser (a
# runner no parser reads), the same record beside a test summary counting failing tests (unread_tests' case) is
# read the same way: it weighs down and the summary decides test. Not when the record names a file (a loader's
# error with its file mark) or a cause beneath tests in its own words (_names_report_cause: a YAML file, a stray
# comma of a hand-written JSON file, settings missing), nor when another kind of config evidence stands (a pattern
# other than a parse error's, the command): those name the configuration.
_PARSE_KINDS = frozenset({"records", "pattern", "facts"})


def tests_own_errors(view: FailingView, signals: Sequence[Signal], best: Category) -> list[Signal] | None:
    """The signals with the best category's config evidence weighed down when it is only records of no file
    beside failing tests a test summary counts and no parser read (see above); None when that is not the case."""
    if best is not Category.CONFIG or not unread_tests(view, signals, best):
        return None
    mine = [s for s in signals if s.category is Category.CONFIG and not s.discounted]
    if any(s.kind not in _PARSE_KINDS or (s.kind == "pattern" and s.rule != "config-parse") for s in mine):
        return None
    records = [e for e in view.errors if e.category is Category.CONFIG and e.votes]
    if not records or any(e.file for e in records):
        return None
    why = " (but it names no file, beside failing tests a test summary counts: the tested code's own error)"
    return [weighed_down(s, PASSED_WEIGHT, why) if s in mine else s for s in signals]


# The failure patterns that name a cause beneath a failing test (reports.REPORT_CAUSE_RULES: a file not parsing).
_REPORT_CAUSE_PATTERNS = frozenset(f"pattern:{rule}" for rule in REPORT_CAUSE_RULES)


def _names_report_cause(view: FailingView, signals: Sequence[Signal], best: Category) -> bool:
    """A record or a failure pattern of the best category names one of reports' causes. A pattern counts when the
    excerpt shows its cause in their own words (FailingView.shown_causes, but the infrastructure's): the content
    patterns read wider words
    (patterns._CONFIG_PARSE's `while parsing a response`, an app's own error; `Expecting value`, JSON's error on
    any string, an HTTP answer's too), which say a test met some parse error, not that a file it read is wrong."""
    shown = {category for _, category, _ in view.shown_causes if category is not Category.INFRA}
    patterns = best in shown and any(
        s.name in _REPORT_CAUSE_PATTERNS and s.category is best and not s.discounted for s in signals
    )
    return patterns or any(
        e.category is best and (c := report_cause(e.message, frozenset(), view.linked)) is not None and c[1] is best
        for e in view.errors
    )


def two_causes(view: FailingView) -> str:
    """Why the rules abstain when some failing tests' reports name a cause that is not the code (a config file
    that does not parse, a linter run as a test) and others fail on their own (an assertion): two failures in
    one run, and the log does not say which one the fix is for. So when the reports name causes of several kinds
    (_several_causes). "" when that is not the case."""
    named, others = view.named_causes  # cached: tests_say reads them too
    if several := _several_causes(named):
        return several
    cause, others = one_of(named, others)
    if cause is None or not others or all(waited(c) for c in named):
        return ""
    # a test that ended at its own time limit beside tests failing on their own counts too: the machine may have
    # been slow for all of them (an abstention is never wrong). Not a wait that gave up (reports.waited): an assertion
    # that retried failed as the others did, on a condition the code did not meet in time, and the tests' specialist
    # fixes both (a run of waits alone stays named, not decided: tests_say). One that met a host out of reach counts
    # only when the host is outside the job (meaning.out_of_reach: a public name): the job's own services (loopback, a
    # container it started under a name of one label) are the run's own, which the failing code did not serve
    if cause[0] == TESTS_INFRA_RULE:
        host = _outside_met(view)
        if host is None:
            return ""
        cause = (cause[0], cause[1], f"they could not reach a host outside the job ({host.name[:80]})")
    return f"some failing tests' reports say {cause[2]}, {TWO_CAUSES}, not sure which to fix"


def _several_causes(named: Sequence[Cause]) -> str:
    """Why the rules abstain when the failing tests' reports name causes of kinds no one specialist fixes (Jest's
    suites that failed to run: one on a module of the code not there, the next on ts-jest's type error): each is a
    failure of its own, none of them the tests' (tests_say reads one kind only, and the failing tests' count
    decided test). "" when they name one kind, or kinds of one route (lint and format)."""
    kinds = sorted({category for _, category, _ in named}, key=lambda c: c.value)
    if all(same_route(kind, kinds[0]) for kind in kinds):
        return ""
    said = ", ".join(k.value for k in kinds)
    return f"the failing tests' reports name causes of several kinds ({said}), as when {TWO_CAUSES}: not sure which"


def _outside_met(view: FailingView) -> Host | None:
    """The first host outside the job (meaning.Whose.OUTSIDE) that failing tests' reports say they could not reach
    (FailingView.hosts_met), None when the job's own services are named out of reach too: which failing test met
    which host the lines do not say."""
    hosts = view.hosts_met
    if any(h.whose is Whose.OWN for h in hosts):
        return None
    return next((h for h in hosts if h.whose is Whose.OUTSIDE), None)


# The rule that names the job's own service (meaning.Whose.OWN: loopback, a container reached by a name of one label,
# a reserved name) as what every failing test could not reach: a service not started or not ready, the app under
# test not listening, or not answering in time (a read timeout to 127.0.0.1 is the job's own server hung or slow,
# as a refused connection is its server not up: the same rule, whichever words the client used). That is the test
# run's failure (its set-up, its configuration), not the outside network's: named test, never decided alone
# (verdict.OWN_SERVICE_ALONE), since the fix may lie in the CI's service definitions, which the log does not show.
# Whose a host is, is decided in one place (meaning.network.whose); this rule (_own_service) is the only one that
# turns the tests' infrastructure cause into the own service's, and two_causes and tallied_only read the same hosts.
TESTS_OWN_SERVICE_RULE = "tests-own-service"


def own_service_named(signals: Sequence[Signal], best: Category) -> Signal | None:
    """The own-service rule's signal (TESTS_OWN_SERVICE_RULE) when it names the best category, test, and no rule
    weighed it down: what verdict never decides alone and the fallback routes to no specialist. None otherwise."""
    if best is not Category.TEST:
        return None
    return next((s for s in signals if s.name == _OWN_SERVICE and not s.discounted), None)


_OWN_SERVICE = f"pattern:{TESTS_OWN_SERVICE_RULE}"


def _own_service(view: FailingView, cause: Cause) -> Cause | None:
    """The own-service cause (TESTS_OWN_SERVICE_RULE) when the infrastructure the failing tests met is a host out of
    reach (its words are meaning.unreachable's, not a full disk's) and every host named so is the job's own."""
    words = unreachable(cause[2]) if cause[0] == TESTS_INFRA_RULE else None
    hosts = view.hosts_met if words else []
    if not hosts or any(h.whose is not Whose.OWN for h in hosts):
        return None
    what = f"it could not reach the job's own service ({hosts[0].name[:80]}), not the outside network ({words})"
    return TESTS_OWN_SERVICE_RULE, Category.TEST, what
