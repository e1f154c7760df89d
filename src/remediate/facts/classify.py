"""Failure category and confidence from what the parsers found and where it sits in the log."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import NamedTuple

from remediate.facts.ci import Structure
from remediate.facts.ci.checked import checked_steps
from remediate.facts.ci.framing import runner_line
from remediate.facts.denied import denied_lint
from remediate.facts.lazyregex import Regex
from remediate.facts.meaning import (
    FOLLOW_LINES,
    Missing,
    Whose,
    answered,
    cargo_crates,
    conflict,
    go_packages,
    installed_code,
    missing_of,
    missing_task,
    out_of_reach,
    run_failed,
    unreachable,
    went_on,
    workspace_names,
)
from remediate.facts.meaning.task_failures import CHECKER_CONFIG, NAME_ONLY_CODES, NAMED_CODES
from remediate.facts.parsers import Findings, Parser
from remediate.facts.parsers.teamcity import said
from remediate.facts.verdicts import says_passed
from remediate.facts.view import View
from remediate.facts.wrappers import npm_echo, session_line
from remediate.models import Category, CategoryBasis, ErrorRecord, FailingTest

Results = list[tuple[Parser, Findings]]

# Error codes that say more than the tool that printed them.
_CODE_CATEGORY: dict[str, Category] = {
    "ModuleNotFoundError": Category.DEPENDENCY,
    "ImportError": Category.DEPENDENCY,
    # pkg_resources at a console script's start: a requirement not installed, or installed at another version
    "DistributionNotFound": Category.DEPENDENCY,
    "VersionConflict": Category.DEPENDENCY,
    "ContextualVersionConflict": Category.DEPENDENCY,
    "SyntaxError": Category.BUILD,
    "IndentationError": Category.BUILD,
    "yaml": Category.CONFIG,
    "toml": Category.CONFIG,
    "json": Category.CONFIG,
    "workflow": Category.CONFIG,
    "format": Category.FORMAT,
}
# Code families that name their tool's concern whichever parser read the line (deptry's DEP001 is a
# dependency finding, not a lint one, in any reader's record).
_CODE_FAMILIES: tuple[tuple[Regex, Category], ...] = (
    (Regex(r"DEP\d{3}"), Category.DEPENDENCY),
    (Regex(r"DL\d{4}"), Category.DOCKERFILE),
    (Regex(r"NU1\d{3}"), Category.DEPENDENCY),  # NuGet's restore errors (a package or version not found, a conflict)
    # TypeScript's diagnostics 1000-1999 are the scanner's and parser's (`';' expected`, `Unterminated
    # string literal`): the code does not parse, which is a build failure; TS2xxx and up are the checker's.
    (Regex(r"TS1\d{3}"), Category.BUILD),
)
# The build tool's own manifest, where a build error that names no missing name is the project's configuration:
# Cargo's `error: unclosed table, expected `]`` at ` --> Cargo.toml:6:14`, go's `go: errors parsing go.mod:` over
# `/w/go.mod:7:2: usage: require module/path v1.2.3` (tests/facts/data/cargo195_manifest_unparsable.txt,
# go119_go_mod_unparsable.txt).
_BUILD_MANIFEST = Regex(r"(?:^|/)(?:Cargo\.toml|go\.mod|go\.work)$")
# A line saying a client could not reach its server (meaning.unreachable) weighs as the environment's
# other failures below.
UNREACHABLE_WEIGHT = 3.0
# Words of a limit reached that any program prints of anything it waited on (`has exceeded`, `timed out after`,
# `Timed out`: a test's own wait, a client's request, a lock): they say the run stopped at its limit only as the
# failing step's last words (_AT_END_LINES), where they vote as the stops below; elsewhere they are no vote.
_LIMIT_WORDS = Regex(r"\b(?:has exceeded|timed out after|Timed out)", re.IGNORECASE)
# What a line saying the job or a process was stopped weighs (the first generic pattern below).
_STOP_WEIGHT = 3.0
# How many of the failing step's last non-blank lines, up to the failure's line, are its end.
_AT_END_LINES = 5
# A traceback's frame in an installed package's file (Python's `File "PATH", line 9, in func`, pytest's short
# `PATH:9: in func`): where the failure passed, in the words of that package's own paths (`_pytest/assertion/
# rewrite.py`, the frame every pytest collection error shows: no assertion of a test), not a verdict on it.
_FRAME = Regex(r'^\s*(?:File "(?P<quoted>[^"\n]{1,500})", line \d+, in \S+|(?P<short>\S{1,500}\.py):\d+: in \S+)\s*$')


def _installed_frame(text: str) -> bool:
    m = _FRAME.match(text)
    return m is not None and installed_code(m["quoted"] or m["short"])


# Generic lines for failures no parser claims: (pattern, category, weight).
_GENERIC: tuple[tuple[Regex, Category, float], ...] = (
    (
        Regex(
            r"\b(?:No space left on device|out of memory|OOMKilled|Killed\s*$|signal: killed|exit code 137|"
            # a process the kernel or a time limit killed, a job its CI stopped (see triage.exits._STOPPED)
            r"SIGKILL|Killed signal terminated program|No output has been received in the last|"
            r"execution took longer than|Too long with no output|Build timed out|ran longer than the maximum time|"
            r"exceeded the maximum time limit|exceeded the maximum log length|"
            r"exceeded the maximum execution time|has reached the maximum allowed time|"
            # (a client that could not reach its server: meaning.unreachable, asked before this table)
            r"The operation was canceled|lost communication with the server|shutdown signal|"
            # a browser test runner (Karma, Testem) losing its browser
            r"Disconnected(?: \(\d+ times\))? ?,? because no message|reconnect failed before timeout|"
            r"not captured in \d+ ms, killing)",
            re.IGNORECASE,
        ),
        Category.INFRA,
        _STOP_WEIGHT,
    ),
    (
        Regex(
            r"\b(?:Permission denied|Resource not accessible by integration|HTTP 403|returned error: 403|"
            r"dubious ownership|Bad credentials|secret .* (?:not found|is not set)|Invalid workflow file|"
            r"Unable to resolve action|command not found|: not found$|No such file or directory|"
            # a build tool finding no build file where the CI runs it
            r"No Rakefile found|[Nn]o makefile found|there is no POM in this directory|Could not locate Gemfile|"
            r"could not find `Cargo\.toml`|go: cannot find main module|"
            r"no such file or directory, open '\S*package\.json')"
        ),
        Category.CONFIG,
        2.0,
    ),
    (
        Regex(
            r"\b(?:would reformat|would be reformatted|Code style issues|not formatted|formatting violations|"
            r"Formatting violations|format violations|prettier --write|gofmt|rustfmt|black --check|--check failed|"
            # Spotless is a formatter ("a general-purpose formatting plugin", its plugin-gradle README): its check
            # fails on files its spotlessApply would rewrite (`had format violations`, `Run 'gradlew spotlessApply'`)
            r"spotless)"
        ),
        Category.FORMAT,
        3.0,
    ),
    (
        Regex(
            # "lint" as a word or a tool's name, not rustc's `--cap-lints` or a path segment
            r"(?<![-/\w])(?:lint|Lint|LINT)(?:ing|er|ers)?\b|"
            r"\b(?:eslint|rubocop|Rubocop|offenses? detected|checkstyle|ktlint|shellcheck|"
            r"stylelint|golangci|clippy|pylint|flake8|cpplint|swiftlint|credo)"
        ),
        Category.LINT,
        1.5,
    ),
    (
        # A build tool's own verdict, before the test words below that its `FAILED` would match: Ant's and
        # Gradle's (up to 4) `BUILD FAILED`, xcodebuild's `** BUILD FAILED **`, MSBuild's and xbuild's
        # `Build FAILED.` and their target/project/compiler-task status lines (`... -- FAILED`).
        Regex(
            r"\b(?:BUILD FAILED|Build FAILED\.|Done [Bb]uilding (?:target|[Pp]roject) \"[^\"]*\"[^\n]*-- FAILED|"
            r"Task \"(?:Csc|Vbc|Fsc)\" execution -- FAILED)"
        ),
        Category.BUILD,
        1.5,
    ),
    (
        Regex(
            r"\b(?:tests? failed|failing tests?|\d+ failed|FAILED|Tests run:|test(?:s)? failures?|"
            r"AssertionError|assert)"
        ),
        Category.TEST,
        1.5,
    ),
    (
        Regex(
            r"\b(?:compil(?:e|ation) (?:error|failed)|error: could not compile|cannot find symbol|"
            r"undefined reference|build failed|BUILD FAILED|Build failed)"
        ),
        Category.BUILD,
        1.5,
    ),
    (Regex(r"\b(?:failed to solve|docker build|Dockerfile)\b"), Category.DOCKERFILE, 1.0),
    (
        Regex(
            r"\b(?:Could not find a version|No matching distribution|dependency resolution|ResolutionImpossible|"
            r"ERESOLVE|version solving failed|Could not resolve dependencies|vulnerabilit(?:y|ies) found)"
        ),
        Category.DEPENDENCY,
        3.0,
    ),
)


class Verdict(NamedTuple):
    category: Category
    confidence: float
    basis: CategoryBasis = "none"  # the kind of evidence behind the category (see Facts.category_basis)


def classify(
    view: View,
    st: Structure,
    results: Results,
    scores_near_failure: list[int],
) -> Verdict:
    end = st.primary.line if st.primary is not None else view.total_lines
    weights = _Weights(st.region, end, _passed_spans(st))
    # A log that shows no step around its failure is one step: the tool's own output, up to the failure.
    step = st.region if st.region is not None else (1, end)
    votes, in_step = _record_votes(results, weights, step)
    parsed = {c for c, v in votes.items() if v > 0}
    parsed_total = sum(votes.values())
    runners = _of_the_runner(view, st, scores_near_failure)
    near = [no for no in scores_near_failure if no not in runners]
    _keyword_votes(view, near, weights.at, votes, _closing(view, end))
    if not votes:
        return Verdict(Category.UNKNOWN, 0.0)
    ranked = sorted(votes.items(), key=lambda kv: kv[1], reverse=True)
    best, best_votes = ranked[0]
    total = sum(v for _, v in ranked)
    share = best_votes / total if total else 0.0
    # Parsed records are stronger evidence than keyword lines.
    confidence = 0.5 + 0.45 * share if parsed_total > 0 else 0.2 + 0.35 * share
    basis: CategoryBasis = "failing-step-records" if best in in_step else "records" if best in parsed else "keywords"
    return Verdict(best, round(min(confidence, 0.95), 2), basis)


def _of_the_runner(view: View, st: Structure, lines: list[int]) -> frozenset[int]:
    """The lines among `lines` the CI runner wrote, not a tool: its own (framing.runner_line: a step's framing, its
    end) and its echo of a step's command (the step's start, `$ cmd`, `+ cmd`, `##[group]Run cmd`, and the command
    again under it, as GitHub's group, CircleCI's shebang or Azure's script shows it). Their words are the command's,
    which the rules weigh as the command: as keywords they counted it again (`nox -s lint` a lint vote, `jest -w 2
    killed` an infra one), a passing step's too where the page shows no status (`make lint || true`)."""
    starts = {no for no, _ in st.steps if no not in st.tool_echoes}
    commands = {title.strip() for _, title in st.steps}
    commands.update(part.strip() for part in (st.failing_command or "").splitlines())
    commands.discard("")
    runners: set[int] = set()
    for no in lines:
        line = view.get(no)
        if line is None:
            continue
        echoed = line.text.strip().removeprefix("$ ").removeprefix("+ ")
        if no in starts or echoed in commands or runner_line(line):
            runners.add(no)
    return frozenset(runners)


def _passed_spans(st: Structure) -> tuple[tuple[int, int], ...]:
    """The lines of the steps the CI reported exiting 0 (Structure.statuses; triage's failing view calls them
    silent). A step run once the job had failed (after_failure) often prints the failing run's own logs: its votes
    count, as little as any line after the failure (_Weights.at). A step a failing check read (ci.checked: a
    `grep -q` of the log it wrote) is no passing step: its output is what the check found failing."""
    checked = checked_steps(st.statuses)
    return tuple(
        (s.lines.start, s.lines.end)
        for s in st.statuses
        if s.lines and s.exit_code == 0 and not s.after_failure and s.step not in checked
    )


class _Weights(NamedTuple):
    """How much a vote counts by where its line is: the failing step's output most, after the failure least."""

    region: tuple[int, int] | None  # the failing step's lines, if the log shows steps
    end: int  # the failure's line (or the log's last)
    passed: tuple[tuple[int, int], ...] = ()  # the lines of steps the CI reported passing

    def at(self, line: int | None) -> float:
        if line is None:
            return 0.5
        if any(a <= line <= b for a, b in self.passed):  # what a passing step printed did not fail the job
            return 0.0
        if self.region is not None and self.region[0] <= line <= self.region[1]:
            return 2.0
        if line > self.end:
            return 0.3
        return 1.0 if self.region is None else 0.6


def _record_votes(
    results: Results, weights: _Weights, step: tuple[int, int]
) -> tuple[defaultdict[Category, float], set[Category]]:
    """The parsed records' votes per category, and the categories with a record inside the failing step."""
    votes: defaultdict[Category, float] = defaultdict(float)
    in_step: set[Category] = set()
    said = _said_by_tools(results)
    for parser, found in results:
        category = found.category or parser.category
        for err in found.errors:
            specific = err.category  # set by `categorize`
            # a program's exception: its meaning is its caller's; a check no specialist fixes: its own
            if (
                (specific is Category.UNKNOWN and not err.no_specialist)
                or not err.votes
                or not weights.at(err.log_line)
                or err.code in NAME_ONLY_CODES  # the script's name alone, as the command (never a vote)
                or (err.code in NAMED_CODES and said - {specific})
            ):
                continue
            votes[specific] += (1.5 if specific is not category else 1.0) * weights.at(err.log_line)
            if _in(step, err.log_line):
                in_step.add(specific)
        for test in found.tests:
            if not weights.at(found.test_lines.get(test.id)):  # a vote of none would still break a tie
                continue
            votes[Category.TEST] += 1.2 * weights.at(found.test_lines.get(test.id))
            if _in(step, found.test_lines.get(test.id)):
                in_step.add(Category.TEST)
        if any(found.summaries.values()) and not found.errors and not found.tests:
            votes[category] += 1.5
    return votes, in_step


def _said_by_tools(results: Results) -> set[Category]:
    """The categories of the voting records that say what went wrong, not only which script or task ran
    (NAMED_CODES): where one names another kind of work (`npm run lint` running `prettier --check`: prettier's
    format records), the script's name (`Failed at the shop@1.0.0 lint script.`) does not vote against it."""
    return {
        err.category
        for _, found in results
        for err in found.errors
        if err.votes and err.code not in NAMED_CODES and err.category is not Category.UNKNOWN
    }


def _closing(view: View, end: int) -> frozenset[int]:
    """The failing step's last non-blank lines up to the failure's line (_AT_END_LINES of them): its end."""
    i = view.index.get(end)
    if i is None:
        return frozenset()
    lines = (line for line in reversed(view.lines[: i + 1]) if line.text.strip())
    return frozenset(line.no for _, line in zip(range(_AT_END_LINES), lines, strict=False))


def _keyword_votes(
    view: View,
    near_failure: list[int],
    weight_at: Callable[[int | None], float],
    votes: dict[Category, float],
    closing: frozenset[int] = frozenset(),
) -> None:
    """Adds the votes of the lines near the failure that no parser read: a loader's or a runner's words
    with a fixed meaning, a limit's words at the failing step's end (`closing`: _LIMIT_WORDS), then the first
    generic keyword pattern a line matches."""
    # The compiled searches bound once: the loop asks them about every line near the failure.
    generic = [(pattern.compiled.search, category, weight) for pattern, category, weight in _GENERIC]
    previous = None
    diff = diff_bodies(view, near_failure)
    # An image build whose RUN step's command failed: the words `docker build`, `Dockerfile` around it
    # say where the command ran, not what is wrong (see meaning.run_failed)
    ran = any(run_failed(view.text(no)) for no in near_failure)
    for no in near_failure:
        text = said(view.text(no))  # a service message's words, not its escapes
        if not weight_at(no):  # a step that passed printed it
            continue
        if text == previous:  # a run of identical lines (a retry loop, one message per item) is one piece of evidence
            continue
        previous = text
        if no in diff:  # the code a formatter's or a diff check's diff shows: the project's words, not a tool's
            continue
        # a suite that passed (`OK (5 tests, 9 assertions)`, `--- PASS:`), an installed package's frame: no verdict
        if says_passed(text) or _installed_frame(text):
            continue
        if npm_echo(text, view.text(no - 1)):  # `> pkg@1.0.0 lint` over `> eslint src`: a script started
            continue
        if session_line(text):  # tox's `lint: commands[1]> mypy src`: the session's name, no tool's verdict
            continue
        missing = missing_of(text)
        if missing is not None and missing.third_party:  # a loader's words, where no parser read them
            votes[missing.means] += 3.0 * 0.25 * weight_at(no)
            continue
        if missing_task(text) is not None:  # the CI asked for a task the project does not define
            votes[Category.CONFIG] += 3.0 * 0.25 * weight_at(no)
            continue
        if unreachable(text) is not None:  # a client that could not reach its server: the one list of its words
            _vote_unreached(votes, text, UNREACHABLE_WEIGHT * 0.25 * weight_at(no))
            continue
        if no in closing and _LIMIT_WORDS.search(text):  # the step ended on a limit's words
            votes[Category.INFRA] += _STOP_WEIGHT * 0.25 * weight_at(no)
            continue
        for search, category, weight in generic:
            if search(text) and not (ran and category is Category.DOCKERFILE):
                votes[category] += weight * 0.25 * weight_at(no)
                break


# curl's failure to connect to a host it found (`curl: (7) Failed to connect to 127.0.0.1 port 9 ...`, a connect's
# `(28) Failed to connect to db port 5432 after 3000 ms: Timeout was reached`): when the host is the job's own
# (meaning.Whose.OWN: loopback, a service's name of one label), the job's service was not up or not listening, which
# is the run's own set-up, not the network between the job and the world: no infra vote. A name that did not resolve
# (6) is left to the keywords: a reserved name there is as often a placeholder for an outside host.
_CURL_CONNECT = Regex(r"^curl: \((?:7|28)\) ")


def _vote_unreached(votes: dict[Category, float], text: str, weight: float) -> None:
    """A line saying a client could not reach its server votes infra, but for curl's to the job's own service."""
    own = bool(_CURL_CONNECT.match(text)) and (host := out_of_reach(text)) is not None and host.whose is Whose.OWN
    if not own:
        votes[Category.INFRA] += weight


# A unified diff as formatters and diff checks print it: a header (`--- a` then `+++ b`; rustfmt's
# `Diff in FILE:N:`; `diff --git`/`diff -u` with git's extended header lines), then lines of context
# (` `), removed (`-`), added (`+`), hunk headers (`@@`) and `\ No newline at end of file`.
_DIFF_HEADER = Regex(r"^(?:\+\+\+ \S|Diff in \S+:\d+:?$|diff (?:--git|-u) )")
_DIFF_BODY = Regex(r"^(?:[ +\-\\]|@@ |$|index [0-9a-f]+\.\.|(?:new|deleted) file mode |old mode |new mode )")


def diff_bodies(view: View, lines: list[int]) -> set[int]:
    """The lines among `lines` (sorted) that are a diff's body: its code says `assert`, `FAILED`,
    `lint` as the project wrote them, which is no tool's verdict (a formatter's diff of test files is
    a format failure). One pass over the view between the first and the last of `lines`."""
    if not lines:
        return set()
    wanted, out = set(lines), set()
    in_diff = False
    start = view.index.get(lines[0], 0)
    for line in view.lines[start:]:
        if line.no > lines[-1]:
            break
        text = line.text
        if _DIFF_HEADER.match(text):
            in_diff = True
        elif in_diff and _DIFF_BODY.match(text):
            if line.no in wanted:
                out.add(line.no)
        else:
            in_diff = False
    return out


def _in(span: tuple[int, int], line: int | None) -> bool:
    return line is not None and span[0] <= line <= span[1]


def _said_by_tests(message: str, line: str, tests_said: set[str]) -> bool:
    """Whether a record's message is a failing test's own, as its runner reported it: whole, or without the
    error's class (Mocha 10's TAP prints `Expected ... in JSON at position 1` over `SyntaxError: Expected ...`),
    or the record is read from the very line the runner gave as the test's error (unittest's `json.decoder.
    JSONDecodeError: Expecting value: line 1 column 1 (char 0)`, whose json record keeps `Expecting value` only)."""
    return message in tests_said or message.partition(": ")[2] in tests_said or line.strip() in tests_said


def _others_recorded(results: Results) -> bool:
    """Whether a tool other than the image builder recorded the failure (its own error records or failing tests):
    what a RUN step ran said why, and the builder's record of that step is then where, not what (a compiler's error
    inside RUN is build, a test's is test). Without one, the failed RUN step is the only failure read and votes."""
    return any(
        parser.category is not Category.DOCKERFILE and (found.tests or any(e.votes for e in found.errors))
        for parser, found in results
    )


def categorize(
    results: Results,
    view: View,
    steps: Sequence[int] = (),
    checks: frozenset[int] = frozenset(),
    clippy: frozenset[int] = frozenset(),
    analysers: frozenset[int] = frozenset(),
    tree: Sequence[str] = (),
    linked: Sequence[str] = (),
) -> tuple[Results, dict[str, Category]]:
    """Every record with its category, set once here, before anything reads it: what its message
    means (see `_error_category`), else the concern of the parser that read it (a parser that knew
    a record's category set it already); every record and failing test with the CI step that printed
    it (`steps`: the lines where the log's steps or commands start, in order). A parse error (build) a
    syntax check printed (`checks`: those steps, commands.syntax_check_step) is that check's finding,
    lint; so is one of rustc's lints the build denied in a step that runs Clippy (`clippy`: denied.py), and
    the compiler-shaped diagnostic of a step that runs a C or C++ checker alone (`analysers`: analysers.py). With
    --source, `tree` is its tree and module names (RepoFacts.own_names): a missing name they show is the project's
    own from the start, so the facts' category reads it too; a name below one of `linked` (RepoFacts.linked_names)
    is a file of the code (Missing.within). Also returns each record tool's own category, for `with_tree`."""
    bases: dict[str, Category] = {}
    out: Results = []
    # What the test runners said their failing tests failed with: the code under test raised it.
    tests_said = {t.message for _parser, found in results for t in found.tests if t.message}
    for parser, found in results:
        own = found.category or parser.category
        errors: list[ErrorRecord] = []
        for err in found.errors:
            base = err.category
            if base is Category.UNKNOWN:
                base = own
            bases.setdefault(err.tool, base)
            update: dict[str, object] = {"category": _error_category(err, base, view, tree, linked)}
            if parser.no_specialist and update["category"] is Category.UNKNOWN:
                update["no_specialist"] = True  # its check's finding, not a message that says more
            if update["category"] is Category.DOCKERFILE and run_failed(err.message) and _others_recorded(results):
                # an image build's RUN step whose command failed: the record shows where, what ran says why
                update["votes"] = False
            if went_on(err.message):  # pip's notice after an install it finished: shown, not the failure
                update["votes"] = False
            line = view.text(err.log_line) if err.log_line is not None else ""
            if err.file is None and _said_by_tests(err.message, line, tests_said) and not found.tests:
                # another tool's reading of a failing test's own error (karma's `SyntaxError: ... in
                # JSON at position 1` from JSON.parse in the code under test is no config file's)
                update["votes"] = False
            _with_check_step(update, err, steps, checks, clippy, analysers)
            errors.append(err.model_copy(update=update))
        tests = [_with_step(t, found.test_lines.get(t.id), steps) for t in found.tests]
        out.append((parser, replace(found, errors=errors, tests=tests)))
    return out, bases


def _with_check_step(
    update: dict[str, object],
    err: ErrorRecord,
    steps: Sequence[int],
    checks: frozenset[int],
    clippy: frozenset[int],
    analysers: frozenset[int] = frozenset(),
) -> None:
    """Adds to a record's update the CI step that printed it, and makes a parse error (build) a syntax
    check or a Clippy step printed, or a compiler-shaped line a C or C++ checker's step printed, that
    check's finding, lint (see `categorize`)."""
    if not steps or err.log_line is None or err.log_line < steps[0]:
        return
    update["step"] = step = bisect_right(steps, err.log_line) - 1
    checked = step in checks or (step in clippy and denied_lint(err)) or (step in analysers and err.tool == "compiler")
    if update["category"] is Category.BUILD and checked:
        update["category"] = Category.LINT
        # a parse error its parser shows without a vote (a shell script's, whose kind is not its own) is the
        # check's finding here
        update.setdefault("votes", True)


def _with_step(test: FailingTest, line: int | None, steps: Sequence[int]) -> FailingTest:
    """The failing test with the CI step whose output reported it (see `categorize`)."""
    if not steps or line is None or line < steps[0]:
        return test
    return test.model_copy(update={"step": bisect_right(steps, line) - 1})


def with_tree(
    errors: list[ErrorRecord],
    view: View,
    tree: Sequence[str],
    bases: dict[str, Category],
    linked: Sequence[str] = (),
) -> list[ErrorRecord]:
    """The records' categories again once the project's files are known: a name the tool said is
    missing that the tree shows is the project's own (a renamed or moved module) is the code's
    fault, not a dependency's, and the record goes back to its tool's category."""
    if not tree:
        return errors
    out: list[ErrorRecord] = []
    for err in errors:
        if err.category is Category.DEPENDENCY and err.tool in bases:
            category = _error_category(err, bases[err.tool], view, tree, linked)
            err = err.model_copy(update={"category": category}) if category is not err.category else err
        out.append(err)
    return out


def _error_category(
    err: ErrorRecord, default: Category, view: View, tree: Sequence[str] = (), linked: Sequence[str] = ()
) -> Category:
    """The record's category from its meaning first (a task the CI asked for that the project does
    not define is the CI's configuration; a missing third-party name calls for what its absence
    means, whatever printed it; a missing first-party one keeps its tool's category), then its code;
    a fetch that could not reach its server is the environment's (see `_out_of_reach`)."""
    follow = [line.text for line in view.after(err.log_line, FOLLOW_LINES)] if err.log_line else []
    missing = missing_of(err.message, follow, err.file, tree or _workspace_near(err, view), linked)
    category = default
    if missing_task(err.message, follow) is not None or CHECKER_CONFIG.match(err.message):
        category = Category.CONFIG  # whichever parser read the runner's words, or the checker's on its configuration
    elif missing is not None:
        category = missing.means if missing.third_party else _own_missing(missing, default)
    elif err.code and err.code in _CODE_CATEGORY:
        category = _CODE_CATEGORY[err.code]
    else:
        category = next((c for p, c in _CODE_FAMILIES if err.code and p.fullmatch(err.code)), default)
        if category is Category.BUILD and err.file and _BUILD_MANIFEST.search(err.file):
            category = Category.CONFIG  # the build's own manifest does not parse or says what the tool refuses
    if category in _FETCHING and _out_of_reach(err, category, view):
        # (an image build's own words: its base image's registry out of reach; a database client's: no server)
        return Category.INFRA
    return category


def _own_missing(missing: Missing, default: Category) -> Category:
    """The category of a record saying the project's own module is missing: its tool's, but a package manager's
    record of it (Go's `no required module provides package` read by the deps parser, its concern dependency) is
    the build's: no fetch failed, nothing provides the project's own package where the build looked (a path, a
    rename, a file not committed), as the compiler's own record of the same line says. So is a name the project's
    own module was found without (Python's `cannot import name 'total' from 'shop.cart' (/.../shop/cart.py)`, a
    function renamed or moved): the code does not load, as javac's `cannot find symbol` or Go's `undefined:` say of
    code that does not compile, whether pytest met it collecting a test module (no test ran) or a test importing it.
    So is a module named by its path that is not there, said by a tool without a concern of its own (Node's uncaught
    `Cannot find module './pricing'`, an ES module's `Cannot find module '/abs/src/pricing.js' imported from ...`, a
    file of an npm workspace's own package `@shop/rates/lib/tariff`: Missing.own_file): a file of the code moved,
    renamed or never committed. So is tsc's TS2307 for a module named by its path (`Cannot find module '../src/carts'`:
    ts-jest's suite that failed to run, or tsc's own check): no type is wrong, a file of the code is not where the
    code said; a checker's other missing names (a bare `left-pad`, a package's declarations) stay its."""
    if missing.member and default is not Category.TEST:
        return Category.BUILD
    if missing.own_file and (default is Category.UNKNOWN or (default is Category.TYPE and missing.compiler)):
        return Category.BUILD
    return Category.BUILD if default is Category.DEPENDENCY and missing.kind == "module" else default


# How far around a record the repository's workspace path is looked for (a traceback's frames, pytest's
# `ImportError while importing test module '/home/travis/build/acme/shop/tests/test_x.py'` above it).
WORKSPACE_ABOVE, WORKSPACE_BELOW = 40, 10


def _workspace_near(err: ErrorRecord, view: View) -> list[str]:
    """Without the source tree, the repository's name from a workspace path printed around a record that
    says a module is missing (meaning.workspace_names, which the rules read in the excerpt): the project's
    own package not installed is no third party's. Other records need no name, and cost no search."""
    if err.log_line is None or (i := view.index.get(err.log_line)) is None:
        return []
    missing = missing_of(err.message, (), err.file)
    if missing is None or missing.kind != "module" or not missing.third_party:
        return []
    near = [line.text for line in view.lines[max(0, i - WORKSPACE_ABOVE) : i + WORKSPACE_BELOW + 1]]
    return workspace_names(near) + go_packages(near) + cargo_crates(near)


# The records whose tool reaches a server before it can fail on the project's own terms: a package manager
# or a build fetching modules, an image build pulling its base image, a database client connecting.
_FETCHING = (Category.DEPENDENCY, Category.BUILD, Category.DOCKERFILE, Category.SQL)


# How far above a package manager's verdict its retries may sit (pip prints one warning per retry, 5
# by default, right above `Could not find a version that satisfies the requirement`).
REACH_LINES = 8


def _out_of_reach(err: ErrorRecord, category: Category, view: View) -> bool:
    """A package manager, or a build fetching its modules, that could not reach its server (a refused
    or timed-out connection, a name that does not resolve, a 5xx, a rate limit): what it then says
    about the package (`from versions: none`, a module not found) follows from the network, not
    from the project's requirements. A dependency record looks at its own line and the lines its tool
    printed just above it (its retries); a build record only at its own words (go's `dial tcp`). An
    index that answered about the package (`from versions: 1.0`) was reached, whatever a mirror said."""
    if conflict(err.message) or answered(err.message):
        return False
    if unreachable(err.message):
        return True
    if category is not Category.DEPENDENCY or not err.log_line:
        return False
    i = view.index.get(err.log_line)
    if i is None:
        return False
    above = [line for line in view.lines[max(0, i - REACH_LINES) : i] if line.no >= err.log_line - REACH_LINES]
    if any(answered(line.text) for line in above):  # pip's `from versions: 1.0` above its `No matching distribution`
        return False
    return any(unreachable(line.text) for line in above)
