"""The rules' verdict over the signals: every category scored, the best one decided when its
calibrated confidence is high enough and nothing says it cannot decide; `several` and `route_by_rules`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from remediate.agents import Specialist
from remediate.facts.meaning import FETCHED_BUILD
from remediate.facts.parsers.coverage import TOOL as COVERAGE_TOOL
from remediate.facts.parsers.sanitizers import TOOLS as SANITIZERS
from remediate.models import Category, ErrorRecord, Facts, Route
from remediate.triage.beneath import (
    link_beside_tests,
    not_loaded_beside_tests,
    own_service_named,
    tallied_only,
    tests_own_errors,
    two_causes,
    unread_tests,
    wordless,
)
from remediate.triage.confidence import CALIBRATION, Calibration, describe_evidence, evidence_of
from remediate.triage.discounts import MID_BUILD_RULE
from remediate.triage.exits import COMMAND_UNPLACED, COMMAND_UNPLACED_RULE
from remediate.triage.failing import FailingView, failing_view
from remediate.triage.gather import gathered
from remediate.triage.patterns import OWN_MODULE, own_module_missing
from remediate.triage.records import exact_code
from remediate.triage.routes import same_route, specialist_for, target_files
from remediate.triage.signal import SPECIFIC_OVER_TEST, Signal, scores_of

# A category whose raw score reaches this is one of several independent failures (`several`).
SEVERAL_SCORE = 0.6


@dataclass(frozen=True)
class RuleVerdict:
    """What the rules make of the facts: the best category, how sure, and whether that is enough."""

    category: Category
    confidence: float
    decided: bool
    reason: str
    scores: dict[Category, float] = field(default_factory=dict)
    signals: tuple[Signal, ...] = ()
    margin: float = 0.0  # best raw score minus the best competitor's
    evidence: dict[str, float] = field(default_factory=dict)  # the calibration's features (EVIDENCE)


# The check command the user gave names a tool of one category (a formatter, a type checker,
# hadolint, deptry, dbt): the user told us what fails, so an uncontested one decides. The datasets
# carry no check command, so this is not fitted there; it routes every bundled fixture right (bench/triage.py).
# A check inferred from the log is not the user's word: the pipeline passes it as no check, and the
# log's failing command counts as the calibrated "command" evidence.
CHECK_CONFIDENCE = 0.95


CHECK_WEIGHT = 0.8


# Two categories whose raw scores lie closer than this are a tie as far as the rules can tell (the
# weights are coarse: each further kind of evidence adds 0.05).
CLOSE_MARGIN = 0.1


def _close_and_apart(signals: Sequence[Signal], best: Category, rivals: dict[Category, float], margin: float) -> str:
    """Why the rules abstain when the best category and its runner-up come from different CI steps and
    the runner-up is close or is itself a failure the rules are sure of (SEVERAL_SCORE: failing tests, a
    tool's records): two failures the job showed, neither the other's consequence, and the log does not
    say which one the fix is for (picking one by a score routes the other's fix nowhere; a CI runs a
    lint step's and a test step's failures alike). "" when that is not the case."""
    if not rivals:
        return ""
    runner_up = max(rivals, key=lambda c: rivals[c])
    if margin >= CLOSE_MARGIN and rivals[runner_up] < SEVERAL_SCORE:
        return ""
    if not _apart(signals, best, runner_up):
        return ""
    said = "is as likely" if margin < CLOSE_MARGIN else "failed too"
    return (
        f"{runner_up.value} ({rivals[runner_up]:.2f}) {said}, from records or failing tests of another step: "
        "two failures, not sure which one to fix"
    )


def _apart(signals: Sequence[Signal], one: Category, other: Category) -> bool:
    """Whether the two categories' evidence comes from different CI steps: both have records or failing
    tests whose step is known, and no step holds both (evidence that does not vouch is left out)."""

    def steps(category: Category) -> set[int]:
        return {step for s in signals if s.category is category and not s.discounted for step in s.steps}

    mine, theirs = steps(one), steps(other)
    return bool(mine) and bool(theirs) and mine.isdisjoint(theirs)


# A check no specialist fixes (a link checker, a size budget: records:unknown) that failed beside a failure a
# specialist fixes, itself sure (SEVERAL_SCORE: failing tests, a linter's records), is one of two failures: routing
# the run to no specialist leaves the other unfixed, routing it to that specialist leaves the check failing.
NOBODY_BESIDE = "a check no specialist fixes failed beside a failure a specialist fixes: two failures, not sure which"


# A linter's (or a formatter's) findings and a type checker's, each parsed from the failing output (pre-commit's
# hooks, `make -k lint`, a script that runs flake8 and mypy and fails at the end): two checkers failed, and which
# one the CI's failure is for the log does not say; how many findings each printed is no answer (a pre-commit run
# with ruff, ruff-format and mypy failing was decided type on three mypy records against two of ruff's). The
# rules abstain; a type checker run alone in a lint step (`npm run lint` = `eslint src && tsc --noEmit`, a mypy hook
# beside a flake8 hook that passed) decides type as before.
CHECKERS_APART = "a linter's and a type checker's findings both in the failing output: two failures, not sure which"
_CHECKERS = (Category.LINT, Category.FORMAT, Category.TYPE)


def _checkers_apart(signals: Sequence[Signal], best: Category) -> str:
    """CHECKERS_APART when the best category is a checker's and a checker of another route's records vote too."""
    if best not in _CHECKERS:
        return ""
    routes = {
        s.category if s.category is Category.TYPE else Category.LINT
        for s in signals
        if s.kind == "records" and not s.discounted and s.category in _CHECKERS
    }
    return CHECKERS_APART if len(routes) > 1 else ""


# The infrastructure (a job stopped, a server out of reach, a checkout git refused) is what the job ran on, not
# what the project's files say: its evidence says what happened, not that nothing in the project caused it (a
# deadlock runs into the time limit, a test suite fills the disk). The rules name it and leave the decision to the
# triage model or the fallback, which ends the run `not_fixed` saying what the job met; a failure pattern that names
# it counts only once attested (confidence.ATTESTED), and this holds for its records and the facts' class as well.
INFRA_ALONE = "the infrastructure is named, never decided by the rules alone"

# A coverage gate (facts/parsers/coverage.py: pytest-cov, coverage.py, c8/nyc, Jest, karma-coverage, SimpleCov,
# JaCoCo) that failed a run whose tests all passed is met by adding tests, which the tests specialist may not write
# (test immutability), and no other specialist's: no one is known to fix it, and the labelled logs cannot say
# which label such a run carries (the dev half has none). Named (its records make test the guess, for the triage
# model and the report), never decided alone; beside a failing test's own records or a failing test summary the
# tests decide as before.
GATE_ALONE = "a coverage gate alone (met by adding tests, which no specialist may write): named, never decided alone"


# Every failing test could not reach the job's own service (beneath.TESTS_OWN_SERVICE_RULE: a database on localhost, a
# container named `db`): the test run's failure, not the outside network's, so test is the guess; but the fix may be
# the CI's service definition (not started, not waited for), the tests' set-up or the app under test not listening,
# and the log does not say which. Named, never decided alone.
OWN_SERVICE_ALONE = "the job's own service out of reach (its set-up, the tests' or the CI's): named, never alone"


def _gate_alone(view: FailingView, best: Category) -> bool:
    return _tests_only_by(view, best, frozenset({COVERAGE_TOOL}))


def _tests_only_by(view: FailingView, best: Category, tools: frozenset[str]) -> bool:
    """Whether test leads on the voting test records of these tools alone: no failing test, no failing test
    summary beside them."""
    if best is not Category.TEST or view.failing_tests or _failing_summary(view):
        return False
    tests = [e for e in view.errors if e.category is Category.TEST and e.votes]
    return bool(tests) and all(e.tool in tools for e in tests)


# A sanitizer's report (ASan, UBSan...) with no failing test and no failing test summary beside it: the program's
# memory or undefined-behaviour bug, hit while a test run ran it (neovim's suites pass and an after_each hook reads
# the ASan log), or while a build or a script ran the program. LogChunks' dev half labels such runs test in one
# repository only (neovim; ATTESTING_REPOSITORIES asks two), so the report is named, not decided alone.
SANITIZER_ALONE = (
    "a sanitizer's report alone, no failing test counted (a test run's or a program's run, the dev half labels it "
    "test in one repository only): named, never decided alone"
)


def _sanitizer_alone(view: FailingView, best: Category) -> bool:
    """Whether a sanitizer's report is all the failing output says of a failing test run: its voting records the
    only test records, or, voting or not (UBSan's `runtime error:` lines are shown, not voted: in recover mode the
    program goes on), its records beside no test record and no failing test or failing test summary."""
    if _tests_only_by(view, best, SANITIZERS):
        return True
    if best is not Category.TEST or view.failing_tests or _failing_summary(view):
        return False
    tests = [e for e in view.errors if e.category is Category.TEST and e.votes]
    return not tests and _sanitized(view) is not None


def _sanitized(view: FailingView) -> ErrorRecord | None:
    """The failing output's first sanitizer record, voting or not."""
    return next((e for e in view.errors if e.tool in SANITIZERS), None)


def _failing_summary(view: FailingView) -> bool:
    return any(s.failing for s in view.facts.summaries if s.category is Category.TEST)


def _sanitizer_named(view: FailingView) -> RuleVerdict | None:
    """The verdict on failing output that holds a sanitizer's report and nothing the rules weigh (a UBSan
    `runtime error:` line, the program halted on it: `-fno-sanitize-recover`, `halt_on_error=1`): the report is
    named, with its record's category as the guess, and never decides (SANITIZER_ALONE); None without one."""
    record = _sanitized(view)
    if record is None or view.failing_tests:
        return None
    return RuleVerdict(record.category, 0.0, False, _sanitizer_said(record))


def _sanitizer_said(record: ErrorRecord | None) -> str:
    """Why the rules abstain on a sanitizer's report, naming it: a UBSan line does not vote, so no signal's reason
    names it."""
    if record is None:
        return SANITIZER_ALONE
    place = f" at {record.file}:{record.line}" if record.file and record.line else ""
    return f"a sanitizer's report, {record.tool}: {record.message}{place}; {SANITIZER_ALONE}"


def _nobody_beside(best: Category, rivals: dict[Category, float]) -> str:
    if best is not Category.UNKNOWN:
        return ""
    fixable = [c for c, score in rivals.items() if score >= SEVERAL_SCORE and specialist_for(c) is not None]
    return NOBODY_BESIDE if fixable else ""


# A native name a build or a program did not find (a C/C++ header, a library to link, a shared object,
# pkg-config's .pc, a CMake package) says what is absent, not where the fix goes: installing the
# package that provides it (the CI image's -dev package: dependencies) and the build's set-up (a path,
# a find module, an option that disables the feature: build) both fix it, and the log cannot tell
# which. A decision resting on such a name alone is not taken (see _unsure).
NATIVE = "a missing native header or library: installing a package or configuring the build; not sure which"


# What the confidence of evidence that cannot decide stays at (_unsure): "either one", below every
# threshold, so the triage model or the fallback decides, and the report says why.
UNSURE_CONFIDENCE = 0.5


# A third party's module a compiler did not find (javac `package org.x does not exist`, go `cannot find
# package`, rustc `can't find crate`, tsc TS2307) says what is absent where the build looked for it:
# declaring the dependency (dependencies) and the build's set-up (a class or module path, a sibling
# module built first, GOPATH, a generated source: build) both fix it, and datasets label it either way
# (held out in round 10, two such compile failures were decided dependency). An interpreter's or a
# package manager's missing name (Python's `No module named`, Maven's unresolved artifact) is the
# installed environment's and still decides. Not taken alone either (see _unsure).
COMPILED = (
    "a third-party module a compiler did not find: declaring the dependency or the build's set-up; not sure which"
)


# A name a third party's module lacks where the module itself was found and loaded (Python's `cannot import name
# 'Sessionn' from 'requests' (/.../site-packages/requests/__init__.py)`, the standard library's `cannot import name
# 'Mapping' from 'collections'`): the package is installed, so no installation is missing; the code's own name (a
# typo, an import the code got wrong: build) and the package's version or the interpreter's (the name moved in a
# release: dependency) both fix it, and the log cannot tell which. A name the project's own module lacks is the
# build's (classify._own_missing) and decides. Not taken alone (see _unsure).
MEMBER = (
    "a name an installed third-party or standard module lacks: the code's import or the package's version; "
    "not sure which"
)


def _missing_only(signals: Sequence[Signal], best: Category) -> str:
    """NATIVE, MEMBER or COMPILED when the evidence of the best category's route that names a cause (a tool's
    records, a failure pattern, the command, failing tests) is only such missing names, else "". The
    facts' own classification is left out: it counts the same records again."""
    causes = _causes(signals, best)
    if not causes:
        return ""
    if all(s.native for s in causes):
        return NATIVE
    if all(s.member for s in causes):
        return MEMBER
    return COMPILED if all(s.native or s.compiler for s in causes) else ""


def _unsure_rival(signals: Sequence[Signal], rivals: dict[Category, float], margin: float) -> str:
    """NATIVE or COMPILED (_missing_only), or INSTALLED_CODE (_installed_only), when the runner-up lies within
    CLOSE_MARGIN of the best category and its evidence is only such missing names or a third party's code: javac's
    `package com.google.common.collect does not exist` under Gradle, whose `cannot find symbol` lines and
    `Compilation failed` are that package's consequences and tip the build's score over it (the same errors from
    javac alone make dependency best, which does not decide: _unsure); a fetched sdist's C error under `pip install`,
    whose command ties dependency with it. "" when that is not the case."""
    if not rivals or margin >= CLOSE_MARGIN:
        return ""
    runner_up = max(rivals, key=lambda c: rivals[c])
    return _missing_only(signals, runner_up) or _installed_only(signals, runner_up)


def _causes(signals: Sequence[Signal], best: Category) -> list[Signal]:
    return [s for s in signals if same_route(s.category, best) and not s.discounted and s.kind != "facts"]


# A compiler's errors in a third party's installed code, in a step that installs dependencies or
# type-checks (node-gyp building an addon under node_modules/ during `yarn`, tsc reading
# node_modules/@types/x/*.d.ts written for a newer TypeScript): a dependency's version and the toolchain's
# do not fit, and a dependency pinned or upgraded, or the compiler's or runtime's version changed, fixes
# it, never the project's code, which the build's route would edit. Not taken alone (see _unsure). In a
# step the log does not name as such (`make travis` building a crate from Cargo's registry with a nightly
# compiler) the build's own choice of toolchain failed, and the build decides as before (the dev half
# labels that compile_build). A package its installer says it fetched and then built (pip building a
# downloaded sdist: FETCHED_BUILD) names the step an install whatever command ran it (`make deps`).
INSTALLED_CODE = (
    "a third party's installed code does not compile with this toolchain in a step that installs or "
    "type-checks: the dependency's version or the toolchain's; not sure which"
)


def _installed_only(signals: Sequence[Signal], best: Category) -> str:
    causes = _causes(signals, best)
    commands = {s.category for s in signals if s.kind in ("check", "command")}
    installing = commands - {Category.BUILD} or all(s.rule == FETCHED_BUILD for s in causes)
    if causes and all(s.installed for s in causes) and installing:
        return INSTALLED_CODE
    return ""


# The evidence that the Dockerfile's own text is wrong (Signal.name): it does not parse (an unknown
# instruction), a checker's record at one of its lines; a hadolint rule is an exact code (exact_code).
DOCKERFILE_TEXT = frozenset({"pattern:dockerfile-parse", "records:in-dockerfile"})


# An image build that failed says where the job stopped, not that the Dockerfile is wrong: a COPY source
# missing from the context (a build output not produced, .dockerignore), a base image not found (a tag, a
# registry), the build tool's own error records and command (DOCKERFILE_SAYS). The dockerfile route
# decides alone only on its text's evidence (DOCKERFILE_TEXT); otherwise the triage model or the fallback
# decides, and the report says why (held out in round 10, the two dockerfile decisions were both wrong).
IMAGE_BUILD = (
    "an image build failed without saying its Dockerfile's text is wrong: a build output not produced, "
    ".dockerignore, a tag or a registry; not sure which"
)


def _image_build_only(signals: Sequence[Signal], best: Category) -> bool:
    """Whether the best category is the Dockerfile's and none of its evidence says the text is wrong."""
    if best is not Category.DOCKERFILE:
        return False
    mine = [s for s in signals if s.category is Category.DOCKERFILE and not s.discounted]
    return not any(s.name in DOCKERFILE_TEXT or exact_code(s) for s in mine)


# A step that stopped inside its build, no error printed (discounts.stopped_in_build): where it was, not why it stopped
# (the machine's memory, a time limit, an output limit, a compile that never ends). Named, never decided alone.
MID_BUILD = (
    "the step stopped inside its build with no error printed (killed: memory, a time or an output limit): "
    "the build is named, the cause is unknown, maybe the infrastructure"
)


def _mid_build_only(signals: Sequence[Signal], best: Category) -> bool:
    causes = _causes(signals, best)
    return best is Category.BUILD and bool(causes) and all(s.rule == MID_BUILD_RULE for s in causes)


def _unsure(view: FailingView, signals: Sequence[Signal], best: Category) -> str:
    """Why the evidence for the best category cannot decide whatever its confidence (NATIVE, MEMBER, COMPILED,
    INSTALLED_CODE, IMAGE_BUILD, OWN_MODULE): it says what is absent, what does not fit or where the job
    stopped, not where the fix goes. "" when it can."""
    if missing := _missing_only(signals, best) or _installed_only(signals, best):
        return missing
    if own_module_missing(view):
        return OWN_MODULE
    if best in (Category.CONFIG, Category.DEPENDENCY) and any(s.rule == COMMAND_UNPLACED_RULE for s in signals):
        return COMMAND_UNPLACED
    if _image_build_only(signals, best):
        return IMAGE_BUILD
    return MID_BUILD if _mid_build_only(signals, best) else ""


def _checked(signals: Sequence[Signal], best: Category, rivals: dict[Category, float]) -> bool:
    """The user's check names the best category and no rival is sure. A rival that only a summary line
    speaks for is the check's own tool's summary (a Dockerfile checker's `7 problem(s)`): a summary
    names no tool, and the user named the check's kind."""
    named = {s.category for s in signals if s.kind != "summary"}
    rival = max((v for c, v in rivals.items() if c in named), default=0.0)
    return rival < SEVERAL_SCORE and any(
        s.kind == "check" and s.category is best and s.weight >= CHECK_WEIGHT for s in signals
    )


def rule_verdict(facts: Facts, check: str | None = None, calibration: Calibration | None = None) -> RuleVerdict:
    """Score every category, then decide only when the evidence behind the best one is of a kind
    that is right often enough (calibrated confidence). Pure: no I/O, no model."""
    calibration = calibration or CALIBRATION
    signals, view = gathered(failing_view(facts), check)
    if (nothing := _no_cause_here(facts, view, signals)) is not None:
        return nothing
    scores, ranked, (best, best_score, override) = _ranked(signals)
    if (own := tests_own_errors(view, signals, best)) is not None:  # the config records were the tests' errors
        signals = own
        scores, ranked, (best, best_score, override) = _ranked(signals)
    ignored = {best, Category.TEST} if override else {best}
    rivals = {c: v for c, v in scores.items() if c not in ignored and not same_route(c, best)}
    margin = round(best_score - max(rivals.values(), default=0.0), 3)
    evidence = evidence_of((facts.category, view.basis), signals, best, rivals, calibration)
    confidence = round(calibration.confidence(evidence), 3)
    decided = confidence >= calibration.threshold  # unknown is best only on a check no specialist fixes
    apart = (
        _close_and_apart(signals, best, rivals, margin)
        or two_causes(view)
        or link_beside_tests(view, best)
        or not_loaded_beside_tests(view)
        or tallied_only(view, signals, best, evidence)
        or unread_tests(view, signals, best)
        or wordless(view, best)
        or _nobody_beside(best, rivals)
        or _checkers_apart(signals, best)
        or _unsure_rival(signals, rivals, margin)
    )
    if decided and apart:
        decided = False
    if decided and (alone := _never_alone(view, signals, best)):
        apart, decided = alone, False
    if _sanitizer_alone(view, best):  # said whether or not the calibration would have decided
        apart = _sanitizer_said(_sanitized(view))
        decided = False
    # said whether or not the other evidence would have decided (a missing name's pattern alone does not)
    unsure = _unsure(view, signals, best)
    if unsure:
        confidence, decided = min(confidence, UNSURE_CONFIDENCE), False
    if not decided and _checked(signals, best, rivals):
        confidence, decided = CHECK_CONFIDENCE, True
    reason = _reason(signals, best, override, apart if not decided else "", unsure)
    basis = f"confidence {confidence:.2f} from {describe_evidence(evidence)}"
    if decided:
        reason = f"{reason} ({basis})"
    else:
        others = ", ".join(f"{c.value} {v:.2f}" for c, v in ranked[:3])
        reason = f"rules unsure ({basis}; scores {others}): {reason}"
    return RuleVerdict(best, confidence, decided, reason, scores, tuple(signals), margin, evidence)


def _no_cause_here(facts: Facts, view: FailingView, signals: Sequence[Signal]) -> RuleVerdict | None:
    """The verdict when the facts name no cause of the job's own: it only reports other jobs' results, whatever its
    words score (reports_elsewhere), or nothing scores (a sanitizer's report named, else no signal); None otherwise."""
    if elsewhere := reports_elsewhere(facts):
        return RuleVerdict(Category.UNKNOWN, 0.0, False, elsewhere, scores_of(signals), tuple(signals))
    if not signals:
        return _sanitizer_named(view) or RuleVerdict(Category.UNKNOWN, 0.0, False, "no signal in the facts")
    return None


# How reports_elsewhere's reason begins (bench/triage names the abstention by it).
REPORTS_ONLY = "this job only reports the results of the jobs it needs"


def reports_elsewhere(facts: Facts) -> str:
    """Why the rules never decide on a job that only reports other jobs' results (Facts.reported_jobs: a required
    status check over the jobs it `needs`): whatever its log's words say, the cause is in the job that did not
    succeed, and so is the fix. "" for any other job."""
    reported = facts.reported_jobs
    if reported is None:
        return ""
    results = {j.job: j.result for j in reported.jobs}
    failed = [f"{job} ({results[job]})" for job in reported.failed()]
    which = ", ".join(failed) if failed else "the one whose result it compared (its log does not name it)"
    return (
        f"{REPORTS_ONLY} ({reported.shown}): the cause and the fix are in "
        f"the job that did not succeed, {which}, in that job's own log"
    )


def _never_alone(view: FailingView, signals: Sequence[Signal], best: Category) -> str:
    """Why the best category is named and never decided alone, whatever evidence names it (INFRA_ALONE,
    OWN_SERVICE_ALONE, GATE_ALONE); "" when it may be decided."""
    if best is Category.INFRA:
        return INFRA_ALONE
    if own_service_named(signals, best) is not None:
        return OWN_SERVICE_ALONE
    return GATE_ALONE if _gate_alone(view, best) else ""


def _ranked(
    signals: Sequence[Signal],
) -> tuple[dict[Category, float], list[tuple[Category, float]], tuple[Category, float, bool]]:
    """Each category's score, the categories by score, and the best one to route by (_best)."""
    scores = scores_of(signals)
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    return scores, ranked, _best(signals, scores, ranked[0])


def _best(
    signals: Sequence[Signal], scores: dict[Category, float], top: tuple[Category, float]
) -> tuple[Category, float, bool]:
    """The category to route by, its score, and whether a precise content signal overrode failing tests."""
    # A test run surfaces many root causes; a precise content signal names this one, so
    # "tests failed" neither outranks it nor counts as a competitor, unless the tests failed in
    # another CI step than the one whose output holds that signal's records: then they are a
    # failure of their own, and compete.
    specific = [
        s
        for s in signals
        if s.kind in ("records", "pattern")
        and s.category not in (Category.TEST, Category.UNKNOWN)  # a dead link explains no failing test
        and s.weight >= SPECIFIC_OVER_TEST
    ]
    best, best_score = top
    override = False
    if specific and best in (Category.TEST, max(specific, key=lambda s: s.weight).category):
        strongest = max(specific, key=lambda s: s.weight)
        override = best is Category.TEST or Category.TEST in scores
        best, best_score = strongest.category, scores[strongest.category]
    return best, best_score, override and not _apart(signals, best, Category.TEST)


def _reason(signals: Sequence[Signal], best: Category, override: bool, apart: str, unsure: str) -> str:
    """The verdict's reasons: the best category's three strongest, then what qualifies them."""
    ordered = sorted(signals, key=lambda s: s.weight, reverse=True)
    reason = "; ".join(list(dict.fromkeys(s.reason for s in ordered if s.category is best))[:3])
    if override:
        reason += "; this names the cause more precisely than the failing tests"
    if apart:
        reason += f"; {apart}"
    if unsure:
        reason += f"; {unsure}"
    return reason


# When one job fails for several independent reasons, the deterministic kinds go first (their
# fixers cost nothing and change what the later checks see), code that does not build before
# code whose types or tests fail.
SEVERAL_ORDER: tuple[Category, ...] = (
    Category.FORMAT,
    Category.LINT,
    Category.CONFIG,
    Category.DEPENDENCY,
    Category.BUILD,
    Category.TYPE,
    Category.SQL,
    Category.DOCKERFILE,
    Category.TEST,
)


def several(facts: Facts, check: str | None = None) -> list[Category]:
    """Every category the rules are confident about and a specialist handles, in fixing order.
    One entry: one failure; several: the job failed for several reasons (triage's "several")."""
    verdict = rule_verdict(facts, check)
    confident = [c for c, score in verdict.scores.items() if score >= SEVERAL_SCORE and specialist_for(c)]
    if verdict.decided and verdict.category not in confident and specialist_for(verdict.category):
        confident.append(verdict.category)
    return sorted(confident, key=lambda c: SEVERAL_ORDER.index(c) if c in SEVERAL_ORDER else len(SEVERAL_ORDER))


def route_by_rules(facts: Facts, check: str | None = None) -> Route | None:
    """A route when the rules are sure and a specialist handles the category, else None."""
    verdict = rule_verdict(facts, check)
    if not verdict.decided:
        return None
    specialist = specialist_for(verdict.category)
    return None if specialist is None else rules_route(facts, verdict, specialist)


def rules_route(facts: Facts, verdict: RuleVerdict, specialist: Specialist) -> Route:
    """The route of a verdict the rules decided: to the specialist of its category."""
    return Route(
        category=verdict.category,
        specialist=specialist.name,
        target_files=target_files(facts),
        reason=verdict.reason,
        decided_by="rules",
    )
