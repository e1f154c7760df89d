"""The rules that weigh evidence down when the log says it does not explain the failure: an image build
whose RUN step's command failed, a server out of reach, the machine out of disk or memory, a missing name
beside failing tests it does not explain, a test command stopped inside the build before its tests."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePosixPath

from remediate.facts.commands import command_rule
from remediate.facts.meaning import (
    FOLLOW_LINES,
    answered,
    conflict,
    exhausted,
    missing_of,
    run_failed,
    signalled,
    unreachable,
)
from remediate.facts.syntaxcheck import command_parts
from remediate.facts.wrappers import as_run, wraps
from remediate.facts.xtrace import SCRIPT_SHELL, list_status, shell_options
from remediate.models import Category, Facts
from remediate.triage.exits import NOT_FOUND_RULES, not_found
from remediate.triage.failing import FailingView
from remediate.triage.patterns import DEP_RESOLUTION, DOCKERFILE_RULES, DOCKERFILE_SAYS, third_party_missing
from remediate.triage.records import exact_code
from remediate.triage.routes import same_route
from remediate.triage.signal import PASSED_WEIGHT, Kind, Signal, pattern_signal, steps_of, weighed_down

# The patterns of a tool that refused to start (patterns._runner_signal): its own configuration or a path the job names
# that is not there (runner-config), a plugin its configuration names not installed (runner-plugin).
_REFUSED_TO_START = frozenset({"pattern:runner-config", "pattern:runner-plugin"})


def refused_to_start(view: FailingView, signals: list[Signal]) -> list[Signal]:
    """A tool that refused to start (_REFUSED_TO_START: mypy's `Cannot read file` for a path its `files` names,
    pytest's `file or directory not found`, ESLint's rule options it refuses) checked nothing: the command's word
    for the kind of check it runs (a type checker, a linter, a test runner) names the tool that refused, not a
    failed check, so it weighs less and does not vouch (a type checker's command, 0.9, otherwise outweighs the
    pattern, 0.85, where no parser reads the tool's own record). Only in the refusing tool's step: where another
    step failed too (`mypy` refused in one, `pytest` failed in the next), the command may be that step's, whose
    word stands."""
    refused = [s for s in signals if s.name in _REFUSED_TO_START and not s.discounted]
    if not refused or any(s.steps and view.failed - s.steps for s in refused):
        return signals
    why = " (but the tool refused its configuration, a path or a plugin before it checked anything)"
    kinds = {s.category for s in refused}
    return [
        weighed_down(s, PASSED_WEIGHT, why) if s.kind in ("command", "check") and s.category not in kinds else s
        for s in signals
    ]


# What the image build's evidence weighs when a RUN step failed and the Dockerfile itself is not said wrong.
RAN_IN_IMAGE_WEIGHT = 0.5


def ran_in_image(view: FailingView, signals: list[Signal]) -> list[Signal]:
    """An image build whose RUN step's command failed (`run_failed`) failed on what that command ran (its
    tests, its build, its dependency install: the lines above say which), not on the Dockerfile: the
    build command's and the build's own dockerfile evidence weigh less and do not vouch, unless the
    Dockerfile itself is said wrong (an unknown instruction, a missing COPY source, a hadolint rule)."""
    text = view.text
    words = run_failed(text)
    if words is None or any(pattern.search(text) for pattern, _, _ in DOCKERFILE_SAYS):
        return signals
    why = f" (but a RUN step's command failed: {words[:60]})"
    return [
        weighed_down(s, RAN_IN_IMAGE_WEIGHT, why) if s.category is Category.DOCKERFILE and not exact_code(s) else s
        for s in signals
    ]


# What a package manager that could not reach its index weighs as a dependency failure.
OUT_OF_REACH_WEIGHT = 0.5


def _fetches(s: Signal) -> bool:
    """Evidence of work that fetches from a server: a dependency's, or an image build's other than the
    Dockerfile's own errors (its base image comes from a registry)."""
    if s.category is Category.DOCKERFILE:
        return s.name not in DOCKERFILE_RULES and not exact_code(s)
    return s.category is Category.DEPENDENCY


def out_of_reach(view: FailingView, signals: list[Signal]) -> list[Signal]:
    """A package manager (a build fetching modules, an image build pulling its base image) that could not
    reach its server failed on the network, not on the project's requirements: what it then says about
    the package (not found, no matching version) is infra's evidence, and its dependency (or image
    build) evidence weighs less, with the reason.
    A resolver saying the requirements conflict, or an index that answered the requirement is not there
    (a mirror refused on the way), stays a dependency failure; failing tests whose own report holds the
    words stay a test failure."""
    text = view.text
    words = unreachable(text)
    if words is None or conflict(text) or answered(text):
        return signals
    said = [t.message or "" for t in view.failing_tests]
    said += [e.message for e in view.errors if e.category is Category.TEST]  # a test runner's own records
    if view.failing_tests and any(unreachable(m) for m in said):
        return signals  # a test met the refused connection itself (a service not up, a mock not set): its failure
    fetched = [s for s in signals if _fetches(s)]
    if not fetched and not any(e.category is Category.INFRA and unreachable(e.message) for e in view.errors):
        return signals
    why = f" (but its server could not be reached: {words})"
    out = [weighed_down(s, OUT_OF_REACH_WEIGHT, why) if _fetches(s) else s for s in signals]
    reached = f"a package index, module server, image registry or database server could not be reached ({words})"
    return [*out, pattern_signal(Category.INFRA, 0.9, reached, "out-of-reach")]


# What a configuration's parse error weighs when the document parsed is what a download fed the parser.
DOWNLOADED_WEIGHT = 0.5


# A failing command that pipes a download into another program (`curl -s URL | python -c "...json.load(sys.stdin)"`,
# `wget -qO- URL | jq .tag_name`): what that program read came from a server, not from the repository.
_PIPED_DOWNLOAD = re.compile(r"\b(?:curl|wget)\b[^|;&\n]*\|(?!\|)")


# The codes of a configuration loader's parse error (parsers/config: JSON, YAML, TOML).
_PARSE_CODES = frozenset({"json", "yaml", "toml"})


def parsed_download(view: FailingView, signals: list[Signal]) -> list[Signal]:
    """A document that does not parse, read by a program the failing command fed a download (`curl -s URL | python
    -c 'json.load(sys.stdin)'`, what a server answered: an empty body, a 503's HTML page, which Python's json reports
    as `Expecting value: line 1 column 1 (char 0)`), is no configuration file of the project: its parse error, the
    configuration's records of it and the facts' class from them weigh less and do not vouch. The log seldom shows
    what the server answered (`curl -s` prints nothing), so nothing else is named: the rules abstain."""
    facts = view.facts
    if not _PIPED_DOWNLOAD.search(facts.failed_line or facts.failing_command or ""):
        return signals
    config = [e for e in view.errors if e.category is Category.CONFIG and e.votes]
    if not config or not all(e.code in _PARSE_CODES for e in config):
        return signals
    why = " (but the document that does not parse is what a download fed the failing command)"
    return [
        weighed_down(s, DOWNLOADED_WEIGHT, why)
        if (s.category is Category.CONFIG and s.kind in ("records", "facts")) or s.name == "pattern:config-parse"
        else s
        for s in signals
    ]


# What the evidence of a tool that failed weighs when the log says the machine ran out of disk or memory.
EXHAUSTED_WEIGHT = 0.5


# The kinds of evidence that say which tool failed, not why: a tool's records, its command, the facts' class.
_WHICH_TOOL: frozenset[Kind] = frozenset({"records", "command", "check", "facts", "summary"})


def runner_exhausted(view: FailingView, signals: list[Signal]) -> list[Signal]:
    """A tool that failed because the machine ran out of disk or memory (pip's `OSError: [Errno 28] No space
    left on device`, ld's `final link failed: No space left on device`, npm's ENOSPC, cc1's `out of memory
    allocating`: meaning.exhausted) failed on the runner, not on the project's requirements or code: the
    evidence that names the tool (its records, its command, the facts' class from them) weighs less and does
    not vouch, and the runner's resources are named (infra, a rule that counts only once attested). What a
    failure pattern says stays (a resolver's conflict is the requirements'). Failing tests are read by their
    own reports (tests_say): a test that filled the disk among tests failing on their own is theirs."""
    if view.failing_tests or (words := exhausted(view.text)) is None:
        return signals
    why = f" (but the machine ran out of disk or memory: {words})"
    out = [
        weighed_down(s, EXHAUSTED_WEIGHT, why)
        if s.category is not Category.INFRA and s.kind in _WHICH_TOOL and not exact_code(s)
        else s
        for s in signals
    ]
    return [*out, pattern_signal(Category.INFRA, 0.9, f"the machine ran out of disk or memory ({words})", "exhausted")]


def _names_a_test_file(lines: Sequence[str], files: set[str], tree: Sequence[str]) -> bool:
    """A line saying a third party's name is missing names a failing test's file, or the lines its
    tool printed after it do (jest: `Cannot find module 'dayjs' from 'dates.test.js'`): the test imports it."""
    names = {PurePosixPath(f).name for f in files}
    if not names:
        return False
    for i, line in enumerate(lines):
        follow = lines[i + 1 : i + 1 + FOLLOW_LINES]
        missing = missing_of(line, follow, None, tree)
        if missing is not None and missing.third_party and any(n in part for n in names for part in (line, *follow)):
            return True
    return False


# A dependency's evidence that does not explain the failing tests beside it weighs less than they do.
BESIDE_TESTS_WEIGHT = 0.5


def _absent(s: Signal) -> bool:
    """Evidence that something is absent: a dependency failure, or a name a tool says is missing
    (a header or library a build step did not find, a shared library at a program's start)."""
    return s.category is Category.DEPENDENCY or (s.missing and s.category is not Category.TEST)


def beside_tests(view: FailingView, signals: list[Signal]) -> list[Signal]:
    """A test runner that reported failing tests found what it needed to run them: a missing name or
    a resolution error elsewhere in the log (a sub-process's, an optional extra's, a tool the build
    probed for) is not their cause unless the step installs packages, a failing test's message says
    so, or the record sits in a failing test's file. Such evidence stays, but below the tests. A record
    from a CI step in which no test failed is not beside them: it is that step's own failure, weighed
    as such (and two close failures of different steps make the rules abstain: `_close_and_apart`)."""
    tests = view.failing_tests
    if not tests or not any(_absent(s) for s in signals):
        return signals
    if any(s.category is Category.DEPENDENCY and s.kind in ("check", "command") for s in signals):
        return signals
    said = "\n".join(t.message or "" for t in tests)
    if third_party_missing(said, view.tree) is not None or DEP_RESOLUTION.search(said):
        return signals
    files = {t.file for t in tests if t.file}
    missing_in_files = (e for e in view.errors if e.file in files)
    if any(e.category is Category.DEPENDENCY or missing_of(e.message) is not None for e in missing_in_files):
        return signals
    if _names_a_test_file(view.lines, files, view.tree):
        return signals
    why = f" (beside {len(tests)} failing test(s) it does not explain)"
    tested = steps_of(*(t.step for t in tests))
    return [
        weighed_down(s, BESIDE_TESTS_WEIGHT, why)
        if _absent(s) and not (s.steps and tested and s.steps.isdisjoint(tested))
        else s
        for s in signals
    ]


def _says_which_check(s: Signal) -> bool:
    """Evidence that says only which check the step was to run: the command's word (the user's, the log's, what a
    wrapper ran), a record named by the script or task that failed (Signal.named), the facts' class."""
    return s.kind in ("command", "check", "facts") or (s.kind == "records" and s.named)


def _check_output(s: Signal) -> bool:
    """Evidence read from what a check printed: a tool's own records, failing tests, a summary, a failure pattern
    other than the missing command's own."""
    if s.discounted or _says_which_check(s):
        return False
    return s.kind != "pattern" or s.rule not in NOT_FOUND_RULES


def not_run(view: FailingView, signals: list[Signal]) -> list[Signal]:
    """A command the shell did not find (exits.not_found: status 127, its own or a wrapper's report of it) failed
    the step before the check it was to run printed anything: the evidence that only names that check (`npm run
    lint` running `eslint src`, npm 6's `Failed at the shop@1.0.0 lint script.`, make's target, the facts' class
    from them) says which script ran, not what went wrong, so it weighs less and does not vouch, and the missing
    command's meaning decides (a tool the image lacks, a dependency not installed). Not where the check's own
    output shows (its records, failing tests, its summary: of the same route): then it ran, and stays."""
    names = not_found(view)
    if not names:
        return signals
    ran = [s.category for s in signals if _check_output(s)]
    own = {s.category for s in signals if s.kind == "pattern" and s.rule in NOT_FOUND_RULES}
    why = f" (but the shell did not find `{names[0][:60]}`: the check never ran)"
    return [
        weighed_down(s, PASSED_WEIGHT, why)
        if _says_which_check(s) and s.category not in own and not any(same_route(s.category, c) for c in ran)
        else s
        for s in signals
    ]


def named_beside_records(signals: list[Signal]) -> list[Signal]:
    """A record named by the script or task that failed (Signal.named: npm 6's `Failed at the shop@1.0.0 lint
    script.`) beside a tool's own record of another kind in the same step (`npm run lint` running `tsc --noEmit`:
    tsc's type error; `prettier --check`: prettier's format records) says which script ran; the tool's record says what
    failed, so the name weighs less and does not vouch (else a `lint` script's name against tsc's records reads as two
    checkers failing, and the rules abstain)."""
    said = [s for s in signals if s.kind == "records" and not s.named and not s.discounted]
    why = " (but it names only the script or task that ran; a tool's own record in its step says what failed)"
    return [
        weighed_down(s, PASSED_WEIGHT, why)
        if s.kind == "records"
        and s.named
        and any(r.category is not s.category and (not r.steps or not s.steps or r.steps & s.steps) for r in said)
        else s
        for s in signals
    ]


# The rule that names the build a failing step stopped inside (stopped_in_build); verdict.MID_BUILD never decides on it.
MID_BUILD_RULE = "mid-build"
# Above a job stopped from outside (exits: `pattern:stopped`, 0.9): where the step was is what the fix would start
# from, and the stop says no cause either.
MID_BUILD_WEIGHT = 0.95


def stopped_in_build(view: FailingView, signals: list[Signal]) -> list[Signal]:
    """A failing step whose output ends on a build tool's progress line, no error and no test printed
    (Facts.stopped_building: `[2 of 4] Compiling B`, `Compiling tally v0.1.0`, `gcc -c table.c`, then killed at a
    memory, time or output limit) stopped in the build that precedes the tests: a test command's word (`cargo test`,
    `mvn test`) names a phase never reached, so it weighs less and does not vouch, and the build is named (a rule
    never deciding alone: verdict.MID_BUILD). When the line is a tool's report of a build program a signal from
    outside ended (meaning.signalled: `gcc: fatal error: Killed signal terminated program cc1`), the build is not
    named: the report says the cause, the machine's memory or a time limit (exits: infra, never decided alone). Not
    where the command names another kind of work (`pip install` building an sdist: the dependency's)."""
    shown = view.facts.stopped_building
    if shown is None or any(
        s.kind in ("command", "check") and s.category not in (Category.TEST, Category.BUILD) and not s.discounted
        for s in signals
    ):
        return signals
    why = f" (but the step stopped inside the build before any test ran: `{shown[:60]}`)"
    out = [weighed_down(s, PASSED_WEIGHT, why) if s.category is Category.TEST else s for s in signals]
    if (killed := signalled(view.excerpt)) is not None and killed.building:  # the tool said why: exits names the stop
        return out
    said = f"the step stopped inside the build, no error printed (`{shown[:80]}`)"
    return [*out, pattern_signal(Category.BUILD, MID_BUILD_WEIGHT, said, MID_BUILD_RULE, matched=shown)]


# The kinds of tool whose failure a line may forgive while another part fails it (a checker's, a test run's): an
# installer's forgiven failure (`pip install -e . || true`) may be why a later part failed, so its evidence stays.
_FORGIVABLE = frozenset((Category.LINT, Category.TYPE, Category.FORMAT, Category.TEST))
# The evidence a forgiven part's output gives: its records, failing tests, summary, the facts' class from them.
_PRINTED: frozenset[Kind] = frozenset({"records", "tests", "summary", "facts"})


def forgiven_parts(view: FailingView, signals: list[Signal]) -> list[Signal]:
    """A part of the failing line whose failure the line forgave (xtrace.list_status: `mypy pkg || true;
    ./scripts/check_docs.sh`, `|| :`, `|| echo advisory`, `|| RESULT=$?` never read, a part run under `set +e` before
    another), or of what its wrapper ran (Facts.ran_command: `npm run check` running `eslint src || true; ...`),
    printed its findings in the failing step's output all the same, but did not fail it: what its kind of tool printed
    there (its records, failing tests, summary, the facts' class from them) weighs less and does not vouch, unless a
    part that may have failed runs a tool of that kind's route (`ruff check || true; flake8`: flake8's rows are lint
    too). The part that failed decides by its own evidence, or, printing nothing a reader knows, the rules are not
    sure."""
    forgiven, failable = _line_parts(view.facts)
    kinds = {c for c in forgiven & _FORGIVABLE if not any(same_route(c, f) for f in failable)}
    if not kinds:
        return signals
    own = _steps_running(view.facts)
    why = f" (but the failing line forgave its {'/'.join(sorted(c.value for c in kinds))} part's failure)"
    return [
        weighed_down(s, PASSED_WEIGHT, why)
        if s.category in kinds and s.kind in _PRINTED and (not s.steps or not own or s.steps <= own)
        else s
        for s in signals
    ]


def _line_parts(facts: Facts) -> tuple[set[Category], list[Category]]:
    """The kinds of tool the failing line (and what its wrapper ran, Facts.ran_command: `npm run check` running
    `eslint src || true; ./scripts/check_docs.sh`) runs in parts it forgave, and in parts that may have failed; a
    wrapper's own part (`npm run check`) is what it ran, not a part of its own."""
    forgiven: set[Category] = set()
    failable: list[Category] = []
    line = facts.failed_line or facts.failing_command
    shell = shell_options(facts.failing_shell)
    # a block run without errexit forgives all but its last list; without pipefail, a pipeline's members but its last
    # (a wrapper's `sh -c` has neither: a pipe in what it ran forgives)
    unforgiving = shell.errexit is not False and shell.pipefail is not False
    ran = facts.ran_command
    if unforgiving and not (line and ("||" in line or "set" in line)) and not (ran and ("|" in ran or "set" in ran)):
        return forgiven, failable
    # The line runs in the step's shell; what a wrapper ran, in its own `sh -c` (wrappers.as_run read its lists).
    for command, wrapped, options in (
        (line, bool(facts.ran_command), shell),
        (facts.ran_command, False, SCRIPT_SHELL),
    ):
        if not command:
            continue
        read = list_status(command, options.errexit, options.pipefail)
        forgiven |= {rule[1] for part in read.forgiven if (rule := command_rule(part)) is not None}
        parts = [part for _, part in read.failable if not (wrapped and wraps(part))]
        failable += [rule[1] for part in parts if (rule := command_rule(part)) is not None]
    return forgiven, failable


def _steps_running(facts: Facts) -> frozenset[int]:
    """The failing steps whose command is the failing one's (the first line of a block a CI echoes), or what its
    wrapper ran (Yarn 1's `$ eslint src || true; ...` echo, which a Travis log's steps read as a step's start), or,
    after those, a part of it (a nested script's `$ eslint src` echo), else none."""
    command = facts.failing_command or ""
    ran = facts.ran_command
    own = [
        s.step
        for s in facts.steps
        if s.exit_code and s.command and (command.startswith(s.command) or (ran and as_run(s.command) == ran))
    ]
    parts = set(command_parts(ran)) if ran and own else set()
    nested = [s.step for s in facts.steps if s.exit_code and s.step > min(own, default=0) and s.command in parts]
    return frozenset(own + nested)
