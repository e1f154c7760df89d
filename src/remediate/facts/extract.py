"""extract_facts: log in, typed and redacted Facts out. The stages, in order, and nothing else."""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Literal, NamedTuple

from remediate.facts.analysers import analyser_step
from remediate.facts.attempts import without_superseded_attempts
from remediate.facts.blocks import (
    Site,
    failure_sites,
    in_passing_run,
    independent_blocks,
    outside_passing_runs,
    without_skipped_optional,
)
from remediate.facts.buildphase import building_when_stopped
from remediate.facts.capturedoutput import without_test_printed
from remediate.facts.ci import Structure, branch_steps, detect
from remediate.facts.classify import Results, Verdict, categorize, classify, with_tree
from remediate.facts.commands import syntax_check_step
from remediate.facts.denied import clippy_says, denied_lint, runs_cargo, runs_clippy
from remediate.facts.excerpt import Excerpt, build_excerpt, estimate_tokens, one_report
from remediate.facts.groups import ErrorGroups
from remediate.facts.jobresults import reported_jobs
from remediate.facts.parsers import (
    GENERIC_READERS,
    Findings,
    Parser,
    modules_of,
    parser_view,
    parsers_for,
    read_carried,
    restated_dropped,
)
from remediate.facts.parsers.base import clip
from remediate.facts.parsers.taskprefix import in_packages
from remediate.facts.paths import BuildDirectories, repo_relative, workspace_roots
from remediate.facts.reader import FactsInputError, LogSource
from remediate.facts.redact import MIN_SECRET_LEN, Redactor
from remediate.facts.redactfields import redact_model
from remediate.facts.repo import repo_facts, repo_tree, resolve_in_repo
from remediate.facts.scan import ScanResult, scan
from remediate.facts.severity import weighed
from remediate.facts.summaries import SUMMARY_KINDS, Reading, summaries_in, with_carried
from remediate.facts.tasks import installing_task
from remediate.facts.view import View, build_view
from remediate.facts.wrappers import (
    as_run,
    make_recipe_place,
    ran_command,
    recipe_command,
    sub_make_places,
    target_recipe,
)
from remediate.models import Category, ErrorRecord, Facts, FailingTest, RepoFacts, ReportedJobs, Severity, Summary

MIN_BUDGET_TOKENS = 50
MAX_ERRORS = 50
MAX_TESTS = 50
AUTO_BASE, AUTO_STEP, AUTO_MAX = 2000, 1000, 4000
# The facts stage's own time limit. Scanning is linear in the log (tens of MB/s) and the view the
# later steps read is bounded, so a real log is far inside it; past it, the parsers not yet run
# are skipped and the facts say so, rather than holding up the run.
DEADLINE_S = 120.0
# The generic readers of a failing step no parser read (located, installs, failingtests, budgets, and
# what they import: tasks, the C analysers' parser) are imported by the functions that call them, once
# they know no parser read the step: on most logs a parser did, and importing them at start cost
# `remediate facts` ~10 ms of CPU on a small log (bench/facts_start.py).


def extract_facts(
    log: Path | bytes,
    *,
    source: Path | None = None,
    budget_tokens: int | Literal["auto"] = 2000,
    secrets: Sequence[str] = (),
    deadline_s: float | None = DEADLINE_S,
    leave_out: frozenset[str] = frozenset(),
    on_masks: Callable[[Sequence[str]], object] | None = None,
) -> Facts:
    """Read a CI log (a path is streamed; bytes are for small inputs) and return its Facts.

    Everything textual in the result is redacted; `redactions` counts what was scrubbed, per rule. Raises
    FactsInputError for an unreadable log, a bad `source` or a budget below 50 tokens. `budget_tokens="auto"`: AUTO_BASE
    tokens, up to AUTO_MAX when the log holds several independent failure blocks (see blocks.independent_blocks).
    `deadline_s`: past it (counted from the call), the parsers not yet run are skipped and `incomplete` says which; the
    rest (excerpt, category) is built from what was found. `leave_out`: parser modules not to run
    (parsers.modules_named). For measurement only: with every one left out, the excerpt is what the log's own lines give
    for a tool no parser knows. `on_masks`: given the values the log declares secret (`::add-mask::`), for the
    caller's other redaction; the Facts never hold them.
    """
    known = _source_tree(budget_tokens, source)
    ends = None if deadline_s is None else time.monotonic() + deadline_s
    read = _read(log, redactor := Redactor(secrets))
    if read is None:
        return _empty_log(source, known, redactor)
    scanned, view = read
    structure = detect(view, scanned)
    known = _installed_editable(known, structure, view, source)
    unretried, plain, tasks = _views(view)
    results, skipped, due = _parse(plain, ends, leave_out)
    in_packages((found for _parser, found in results), plain.tasks)  # pnpm -r: paths from the package's folder
    without_skipped_optional(plain, results)  # an optional package's install script npm went on without
    ran = _ran(plain, structure, redactor, source)
    results = _with_budgets(plain, structure, _with_located(plain, structure, results, ran))
    # every record's category, once (again below with the tree), and the CI step that printed it
    steps = sorted(line for line, _ in structure.steps)
    results, bases = _categorized(results, (unretried, plain), structure, ran, steps, known)
    evidence = _evidence(results)
    tests = _tests(results)
    groups = ErrorGroups(t for _parser, found in results for t in found.tests)  # all: MAX_TESTS cuts `tests`
    grouped = _errors(results, structure, groups)
    blocks = _blocks(plain, structure, failure_sites(results, groups.key, plain.tasks))
    budget = auto_budget(blocks) if budget_tokens == "auto" else budget_tokens
    excerpt = _excerpt(view, structure, evidence, budget, grouped, tasks)
    verdict = classify(unretried, structure, results, _near_failure(evidence, excerpt))
    errors, tests, repo = _located(view, grouped, tests, source, bases, results, known)
    summaries, reported, stopped = _step_ends(plain, view, structure, steps, results)
    found = _Found(structure, results, verdict, errors, tests, repo, excerpt, blocks, summaries, ran, reported, stopped)
    return found.facts(redactor, scanned, _incomplete(deadline_s, skipped, due), on_masks)


def _categorized(
    results: Results,
    views: tuple[View, View],
    structure: Structure,
    ran: str | None,
    steps: list[int],
    known: RepoFacts | None,
) -> tuple[Results, dict[str, Category]]:
    """classify.categorize with the steps that are syntax checks, those that run Clippy, and those that run a
    C or C++ checker speaking the compiler's shape, and the source's tree and module names (`known`, with --source);
    then what each warning may decide (severity.weighed: whether a step is known to have failed, what the failing
    step ran). A configuration or infrastructure record in a test's printed output no longer votes (capturedoutput),
    its blocks read on the parsers' view (`views`: the unretried one and that one without task-runner prefixes), where
    a block's opener under turbo's `api:test: ` is at its line's start again."""
    view, plain = views
    # Clippy's own words fill in for a step whose Cargo command the log does not show; a shown one says (`cargo build`)
    said = _clippy_said(view, steps, results) - _checks(structure, ran, runs_cargo)
    clippy = _checks(structure, ran, runs_clippy) | said
    analysers = _checks(structure, ran, analyser_step)
    tree, linked = (known.own_names(), known.linked_names()) if known else ((), ())
    results, bases = categorize(results, view, steps, _checks(structure, ran), clippy, analysers, tree, linked)
    results = _in_branches(results, branch_steps(view, steps))  # a Jenkins branch's lines: its own step's
    without_test_printed(plain, results, steps)  # a test's printed words are the test's, not the job's setting
    commands = (structure.failing_command, structure.failed_line, ran)
    return weighed(results, view, structure.region, commands), bases


def _clippy_said(view: View, steps: list[int], results: Results) -> frozenset[int]:
    """The steps whose output Clippy names as its own (denied.clippy_says): they run Clippy whether or not the log
    shows their command (Cloud Build and a TeamCity script step never do). Only the steps holding a lint the build
    denied are read, the only records a Clippy step moves (classify._with_check_step)."""
    held = {
        bisect_right(steps, err.log_line) - 1
        for _p, found in results
        for err in found.errors
        if err.log_line is not None and steps and err.log_line >= steps[0] and denied_lint(err)
    }
    ends = [*(line - 1 for line in steps[1:]), view.total_lines]
    return frozenset(
        step for step in held if any(clippy_says(line.text) for line in view.within(steps[step], ends[step]))
    )


def modules_reading(log: Path | bytes) -> frozenset[str]:
    """The parser modules that read this log's tools: their parsers found records, failing tests or the
    tool's closing summary in it (but the GENERIC_READERS, which read any tool's traceback or YAML error).
    Left out (extract_facts' leave_out), the log reads as one of tools no parser knows, as the logs of new
    projects often are: the held-out proxy (bench/triage.py --proxy)."""
    plain = parsers_view(log)
    if plain is None:
        return frozenset()
    results, _skipped, _due = _parse(plain, None)
    found = modules_of(parser for parser, found in results if found.errors or found.tests or found.summaries)
    return found - GENERIC_READERS


def parsers_view(log: Path | bytes) -> View | None:
    """The view the parsers read (parsers.parser_view), built as extract_facts builds it; None for an empty log.
    For measurement (modules_reading, bench/gates.py)."""
    read = _read(log, Redactor())
    return None if read is None else parser_view(without_superseded_attempts(read[1]))


def _empty_log(source: Path | None, known: RepoFacts | None, redactor: Redactor) -> Facts:
    """An empty log's facts: nothing read in it, the source's facts all the same (what a fixer starts from)."""
    repo = _in_repo(Path(source), [], [], known)[0] if source is not None else None
    return _walled(Facts(log_bytes=0, log_lines=0, repo=repo), redactor)


def _read(log: Path | bytes, redactor: Redactor) -> tuple[ScanResult, View] | None:
    """The log scanned and its view, or None for an empty log."""
    with LogSource(log) as src:
        if src.size == 0:
            return None
        scanned = scan(src)
        return scanned, build_view(src, scanned, redactor)


def parse_budget(text: str, name: str = "budget_tokens") -> int | Literal["auto"]:
    """A budget as people type it (the CLI's --budget-tokens, the Dagger function's argument):
    'auto' or a whole number; `name` is how the caller's user spelt the argument, for the error."""
    if text == "auto":
        return "auto"
    if not text.isdigit():
        raise FactsInputError(f"{name} must be a number or 'auto', got {text!r}")
    return _checked_budget(int(text), name)


def _checked_budget(budget: int, name: str) -> int:
    if budget < MIN_BUDGET_TOKENS:
        raise FactsInputError(f"{name} must be at least {MIN_BUDGET_TOKENS}, got {budget}")
    return budget


def _source_tree(budget_tokens: int | Literal["auto"], source: Path | None) -> RepoFacts | None:
    """The arguments checked, then the source's tree and the modules its manifests name (repo.repo_tree), read
    once: the records' categories read them (categorize), and the project's facts hold them."""
    if budget_tokens != "auto":
        _checked_budget(budget_tokens, "budget_tokens")
    if source is not None and not Path(source).is_dir():
        raise FactsInputError(f"source directory not found: {source}")
    return None if source is None else repo_tree(Path(source))


def _installed_editable(
    known: RepoFacts | None, structure: Structure, view: View, source: Path | None
) -> RepoFacts | None:
    """The source's facts, its Python packages linked (RepoFacts.editable) when the job's commands install the
    source editable (editable.installs_editable; tox's settings read from the source)."""
    if known is None or known.editable or source is None:
        return known
    from remediate.facts.editable import installs_editable, job_commands  # with a source only: facts start without it

    if not installs_editable(job_commands(structure, view), Path(source)):
        return known
    return known.model_copy(update={"editable": True})


def _excerpt(
    view: View,
    st: Structure,
    evidence: dict[int, float],
    budget: int,
    grouped: list[ErrorRecord],
    tasks: dict[int, str],
) -> Excerpt:
    """The excerpt, with the first instance of each repeated error shown whole, and the first error's
    block ahead when it is not repeated."""
    firsts = [e.log_line for e in grouped if e.repeats and e.log_line is not None]  # repeated: show one whole
    first = grouped[0].log_line if grouped and not grouped[0].repeats else None  # a repeated one is in firsts
    return build_excerpt(view, st, evidence, budget, firsts, tasks=tasks, first=first)


def _views(view: View) -> tuple[View, View, dict[int, str]]:
    """What the facts read: the view without the attempts travis_retry ran again (attempts.py), its lines as their
    tools printed them (parser_view: no annotation or task-runner prefix), and the task prefixes the excerpt
    follows (turbo's `web:test: `, Yarn Berry's `[web]: `), read over every line when attempts were emptied: the
    excerpt shows the first attempt as the report, whose lines had no task in the parsers' view."""
    unretried = without_superseded_attempts(view)
    plain = parser_view(unretried)
    return unretried, plain, plain.tasks if unretried is view else parser_view(view).tasks


def _near_failure(evidence: dict[int, float], excerpt: Excerpt) -> list[int]:
    """The lines whose keywords classify may count: the strongest evidence lines and the excerpt's."""
    near = sorted(evidence, key=lambda n: evidence[n], reverse=True)[:200]
    near += [r.start for r in excerpt.ranges]
    return sorted(set(near) | set(_excerpt_lines(excerpt)))


def _located(
    view: View,
    grouped: list[ErrorRecord],
    tests: list[FailingTest],
    source: Path | None,
    bases: dict[str, Category],
    results: list[tuple[Parser, Findings]],
    known: RepoFacts | None = None,
) -> tuple[list[ErrorRecord], list[FailingTest], RepoFacts | None]:
    """The records with repository-relative paths; with a source, mapped to its files (and their
    categories refined by its tree, once their paths are the repository's), and the project's facts (on `known`,
    the tree and modules read before)."""
    errors, tests = _relative(view, grouped, tests, source)
    if source is None:
        return errors, tests, None
    errors, tests = _placed(Path(source), results, errors, tests)
    repo, errors, tests = _in_repo(Path(source), errors, tests, known)
    return with_tree(errors, view, repo.own_names(), bases, repo.linked_names()), tests, repo


class _Found(NamedTuple):
    """What the stages found in one log, before it becomes the Facts record."""

    structure: Structure
    results: list[tuple[Parser, Findings]]
    verdict: Verdict
    errors: list[ErrorRecord]
    tests: list[FailingTest]
    repo: RepoFacts | None
    excerpt: Excerpt
    blocks: int  # independent failure blocks (see blocks.independent_blocks)
    summaries: list[Summary]  # the failing step's summary lines (see summaries.summaries_in)
    ran: str | None  # what the failing line's wrapper ran (see wrappers.ran_command)
    reported: ReportedJobs | None  # the failing step only reports other jobs' results (see jobresults.reported_jobs)
    building: str | None  # the build's last progress line where the failing step stopped (buildphase)

    def facts(
        self,
        redactor: Redactor,
        scanned: ScanResult,
        incomplete: str | None,
        on_masks: Callable[[Sequence[str]], object] | None = None,
    ) -> Facts:
        st, verdict, excerpt = self.structure, self.verdict, self.excerpt
        facts = Facts(
            category=verdict.category,
            confidence=verdict.confidence,
            category_basis=verdict.basis,
            tools=_tools(self.results),
            failing_step=_clip(st.failing_step),
            failing_command=st.failing_command,
            failed_line=_clip(st.failed_line, 2000),
            failing_shell=_clip(st.shell),
            ran_command=self.ran,
            exit_code=st.exit_code,
            errors=self.errors,
            failing_tests=self.tests,
            summaries=self.summaries,
            step_titles=_step_titles(st, self.errors, self.tests),
            steps=st.statuses,
            excerpt=excerpt.text,
            excerpt_lines=excerpt.ranges,
            excerpt_tokens=excerpt.tokens,
            failure_blocks=self.blocks,
            log_lines=scanned.lines,
            log_bytes=scanned.size,
            repo=self.repo,
            incomplete=incomplete,
            reported_jobs=self.reported,
            stopped_building=self.building,
        )
        return _walled(facts, redactor, on_masks)


def _checks(st: Structure, ran: str | None, kind: Callable[[str], bool] = syntax_check_step) -> frozenset[int]:
    """The steps (numbered as categorize numbers them) whose command is of a kind: syntax checks
    (commands.syntax_check_step), Clippy's runs (denied.runs_clippy) or C and C++ checkers' (analysers.py), by
    their title, Travis' and a script's command; the failing step also by the line that failed in it and by what
    its wrapper ran (`composer lint` whose script is `find src -name '*.php' | xargs -n1 php -l`)."""
    failing = st.region[0] if st.region is not None else None
    checks = set()
    for step, (line, title) in enumerate(sorted(st.steps)):
        commands = (title, st.failed_line, ran) if line == failing else (title,)
        if any(command and kind(command) for command in commands):
            checks.add(step)
    return frozenset(checks)


def _with_located(
    plain: View, st: Structure, results: list[tuple[Parser, Findings]], ran: str | None
) -> list[tuple[Parser, Findings]]:
    """The results, with the findings a checker placed in files in the failing step's output when no parser
    read a record, a failing test or a summary there (located.located: a checker no parser reads), or an
    installer's verdicts there (installs.installer_verdicts: an installer no parser reads, or one a task or a script
    named for installing dependencies ran, tasks.installing_task, whose other failures the readers below read), or a
    test runner's failing tests there (_with_failing_tests), or else a compiler's errors there (located.compiled: a
    build a script no rule knows ran), or else a package at a version the step says is absent (installs.named_absent: a
    build fetching its dependencies); where none of these read anything (a checker's command whose output located's
    shapes miss too), or the log shows no step, the findings only a checker prints (_with_checked)."""
    if st.region is None:
        return _with_checked(plain, st, results)
    if any(_read_in(st.region, found) for _, found in results):
        return results
    from remediate.facts.checkers import checker_of, echoed_recipes
    from remediate.facts.installs import INSTALLER_KINDS, command_word, installer_verdicts
    from remediate.facts.located import located

    # asked only now: the command rules compile on first use (~12 ms), and most steps a parser read
    failed = st.failed_line or st.failing_command
    found, installer = Findings(tool=""), None
    if (checker := checker_of(failed, ran)) is not None and (recipes := echoed_recipes(plain, st.region, failed, ran)):
        # `make -k`, `make -j`: each recipe's findings under the checker it echoed (each a generic reader's result)
        read = [(located(plain, lines, *named), named) for lines, named in recipes]
        if any(f.errors for f, _ in read):
            for f, (tool, kind) in read:
                results = _also_read(results, f, tool, kind) if f.errors else results
            return results
    elif checker is not None:
        found = _checker_rows(plain, (st.region, st.exit_code), failed, ran, checker)
    elif (installer := checker_of(failed, ran, INSTALLER_KINDS)) is not None:
        found = installer_verdicts(plain, st.region, installer[0])
    elif (task := _installing(failed, ran)) and (found := installer_verdicts(plain, st.region, task)).errors:
        pass  # a task named for installing dependencies: its installer's words first, else it may be what else failed
    elif (tested := _with_failing_tests(plain, st.region, results, failed, ran)) is not results:
        return tested
    else:  # a checker's rows where its own report shows (`./ci/test.sh`), else a compiler's (a script no rule knows)
        found = _reported_or_compiled(plain, st.region)
    if not found.errors and installer is None:
        # a build or a test run that fetches its dependencies may say one is absent (installs.named_absent)
        found = installer_verdicts(plain, st.region, command_word(failed), installs=False)
        if not found.errors:  # under a checker's command too: located reads its shared shapes, not checked's own
            return _with_checked(plain, st, results)
    if not found.errors:
        return results
    kind = found.category or Category.UNKNOWN
    return _also_read(results, found, found.tool, kind)


def _checker_rows(
    plain: View,
    step: tuple[tuple[int, int], int | None],
    failed: str | None,
    ran: str | None,
    checker: tuple[str, Category],
) -> Findings:
    """The rows a checker placed in files in the failing step's output (located.located), under the checker the step
    shows it ran, which names it better than a task's name (`make lint`, `./ci/lint.sh`: checkers.step_checker);
    where nothing does, a row's kind is the task's name alone unless the row bears a checker's mark (task_rows).
    `step`: the failing step's lines and its exit status."""
    from remediate.facts.checkers import named_only, step_checker
    from remediate.facts.located import located, task_rows

    region, status = step
    named = step_checker(plain, region, failed, ran, checker)
    found = located(plain, region, *named)
    return task_rows(plain, found, region, status) if named_only(failed, ran, named) else found


def _reported_or_compiled(plain: View, region: tuple[int, int]) -> Findings:
    """Where the failing step's command names no checker, the rows of the formatter whose own report
    (checkerreports.reported_checker) the step's output shows: a test script or `make check` that runs `cargo fmt
    --check` or `clang-format --dry-run -Werror` first failed on formatting (tests/facts/data/rustfmt19_*,
    clang_format14_*). Only a formatter's: a linter's closing count is not its alone there (Biome's `Found 9 errors.`
    is ruff's form, and compiled reads Biome's rows better than located under ruff's name: test_excerpt_blocks' Biome
    cases). Else javadoc's rows where the build says javadoc failed (located.javadoc_failed: a Cloud Build or TeamCity
    step shows no command to name it); else a compiler's errors, whatever ran them (located.compiled)."""
    from remediate.facts.checkerreports import reported_checker  # imported late: see extract_facts
    from remediate.facts.located import JAVADOC, compiled, javadoc_failed, located

    reported = reported_checker(plain, region)
    if reported is not None and reported[1] is Category.FORMAT:
        return located(plain, region, *reported)
    if javadoc_failed(plain, region):  # its doclint rows take javac's shape: the documentation's, a linter's
        return located(plain, region, JAVADOC, Category.LINT)
    return compiled(plain, region)


def _installing(failed: str | None, ran: str | None) -> str | None:
    """The task the failing line runs that is named for installing dependencies (tasks.installing_task), else the
    one its wrapper ran (a script's xtrace: `+ make deps`)."""
    return installing_task(failed or "") or installing_task(ran or "")


def _with_failing_tests(
    plain: View, region: tuple[int, int], results: list[tuple[Parser, Findings]], failed: str | None, ran: str | None
) -> list[tuple[Parser, Findings]]:
    """The results, with the failing tests a test runner's step names in its output when no parser read a
    record, a failing test or a summary there (failingtests.failing_tests: a runner no parser reads). The runner
    is the one the command runs, or the one whose report the output holds where the command names no tool
    (failingtests.reported_or_named)."""
    from remediate.facts.failingtests import failing_tests, reported_or_named  # imported late: see extract_facts

    runner = reported_or_named(plain, region, failed, ran)
    if runner is None:
        return results
    found = failing_tests(plain, region, runner)
    if not found.tests:
        return results
    return _also_read(results, found, runner, Category.TEST)


def _with_budgets(plain: View, st: Structure, results: list[tuple[Parser, Findings]]) -> list[tuple[Parser, Findings]]:
    """The results, with the outputs the failing step says are over their size budget when no parser read a
    failure there (budgets.over_budget: a size checker no parser reads; a passing test run before it, its
    summary read, leaves the step's failure unread)."""
    if st.region is None or any(_failure_read_in(st.region, found) for _, found in results):
        return results
    from remediate.facts.budgets import over_budget  # imported late: the note above extract_facts

    found = over_budget(plain, st.region)
    if not found.errors:
        return results
    return _also_read(results, found, found.tool, Category.UNKNOWN, no_specialist=True)


def _failure_read_in(span: tuple[int, int], found: Findings) -> bool:
    """Whether a parser read a record, a failing test or a summary counting failures in the span's lines."""
    failing = {no: n for no, n in found.summaries.items() if n}
    return _read_in(span, replace(found, summaries=failing))


def _with_checked(plain: View, st: Structure, results: list[tuple[Parser, Findings]]) -> list[tuple[Parser, Findings]]:
    """The results, with the findings only a checker prints (located.checked) in the failing step's output (a
    log of one tool's output: up to its failure) when no parser read a record, a failing test or a summary
    there: a linter or a formatter a test runner ran (its plugin, a test), whose runner no parser reads. Its
    summary then counts those findings' failures, which say what failed better than the count. In a log that
    shows no step, else, an installer's verdicts in its own words (installs.installer_verdicts)."""
    span = _failing_span(st) or (0, plain.total_lines)
    if any(_read_in(span, found) for _, found in results):
        return results
    from remediate.facts.installs import command_word, installer_verdicts  # imported late: the note above extract_facts
    from remediate.facts.located import CHECKED_TOOL, checked

    found = checked(plain, span, failed=st.region is not None, command=st.failed_line or st.failing_command)
    if found.errors:
        return _also_read(results, found, CHECKED_TOOL, Category.LINT)
    if st.region is None:  # a log of one tool's output, no step: what only an installer says (installs._OWN_WORDS)
        found = installer_verdicts(plain, span, command_word(st.failing_command), installs=False)
        if found.errors:
            return _also_read(results, found, found.tool, Category.DEPENDENCY)
    return results


def _also_read(
    results: list[tuple[Parser, Findings]], found: Findings, tool: str, kind: Category, *, no_specialist: bool = False
) -> list[tuple[Parser, Findings]]:
    """The results, with what a generic reader found where no parser read, filed as a parser's findings would be
    (the tool it names, the kind its step says)."""
    return [*results, (Parser(tool, kind, lambda _view: found, no_specialist=no_specialist), found)]


def _read_in(span: tuple[int, int], found: Findings) -> bool:
    """Whether a parser read a record, a failing test or its tool's summary in the span's lines."""
    first, last = span
    lines = [e.log_line for e in found.errors if e.log_line is not None]
    lines += [*found.test_lines.values(), *found.summaries]
    return any(first <= n <= last for n in lines) or (bool(found.tests) and not found.test_lines)


def _step_ends(
    plain: View, view: View, st: Structure, steps: list[int], results: Results
) -> tuple[list[Summary], ReportedJobs | None, str | None]:
    """How the failing step ended, as its output says: its summaries, the other jobs' results it only reports
    (jobresults.reported_jobs), the build's progress line it stopped on (buildphase.building_when_stopped)."""
    summaries = _summaries(plain, view, st, steps, results)
    return summaries, reported_jobs(st, view), building_when_stopped(st, plain, _printed(results, summaries))


def _printed(results: list[tuple[Parser, Findings]], summaries: list[Summary]) -> list[int]:
    """The log lines of every error record, failing test and failing summary found (buildphase: a step that printed
    one did not stop silently). A warning or a note is no error: a build goes on past it."""
    lines = [e.log_line for _, found in results for e in found.errors if e.severity is Severity.ERROR]
    lines += [no for _, found in results for no in found.test_lines.values()]
    return [no for no in lines if no is not None] + [s.log_line for s in summaries if s.failed]


def _failing_span(st: Structure) -> tuple[int, int] | None:
    """The lines whose summaries speak of the failure: the failing step's output, else everything up to
    the failure's line (a log of one tool's output), else the whole log."""
    if st.region is not None:
        return st.region
    return (0, st.primary.line) if st.primary is not None else None


def _ran(plain: View, st: Structure, redactor: Redactor, source: Path | None) -> str | None:
    """What the failing step's wrapper ran (wrappers.ran_command), read in its output; with the project's
    files, also the Makefile's recipe command GNU make names (_recipe). A log no CI wrote (one command's
    output) is read whole: its `$ cmd` lines are Yarn's echoes, not a CI's steps, and a wrapper reports the
    script that failed after the tool's first failure line."""
    whole = st.ci == "unknown"
    span = _failing_span(st) if not whole else None
    first, last = span if span is not None else (0, plain.total_lines)
    lines = [line.text for line in plain.within(first, last)]
    ran = ran_command(lines, whole=whole, failed=st.failed_line or st.failing_command) or _recipe(lines, source)
    return redactor.redact(ran) if ran else None


MAX_MAKEFILE_BYTES = 1 << 20


def _recipe(lines: list[str], source: Path | None) -> str | None:
    """The recipe command at the Makefile line GNU make names (wrappers.make_recipe_place), from the
    project's own Makefile (never outside `source`), read as make's `sh -c` runs it (wrappers.as_run)."""
    place = make_recipe_place(lines) if source is not None else None
    if source is None or place is None or (name := resolve_in_repo(source, place[0])) is None:
        return None
    path = source / name
    try:
        if path.stat().st_size > MAX_MAKEFILE_BYTES:
            return None
        makefile = path.read_text(encoding="utf-8", errors="replace")
        recipe = recipe_command(makefile, place[1])
    except OSError:
        return None
    if recipe is None:
        return None
    # a sub-make the recipe forgave (`$(MAKE) lint || true`) ran its target's recipe, which its verdict names
    places = sub_make_places(lines, place[0]).items()
    return as_run(recipe, {t: r for t, at in places if (r := target_recipe(makefile, at, t)) is not None})


def _step_titles(st: Structure, errors: list[ErrorRecord], tests: list[FailingTest]) -> dict[int, str]:
    """The titles of the steps that printed a record or a failing test (their `step`, as categorize
    numbered them: the log's step starts in line order)."""
    titles = [title for _, title in sorted(st.steps)]
    found = [e.step for e in errors] + [t.step for t in tests]
    used = sorted({step for step in found if step is not None and step < len(titles)})
    return {step: _clip(titles[step], 200) or "" for step in used}


def _blocks(plain: View, structure: Structure, sites: list[Site]) -> int:
    """Independent failure blocks (blocks.independent_blocks); when there are several, without the
    records a passing test run printed (asked only then: it looks around each record)."""
    blocks = independent_blocks(sites, structure.regions, one_report(plain))
    if blocks > 1:
        blocks = independent_blocks(
            outside_passing_runs(sites, in_passing_run(plain)), structure.regions, one_report(plain)
        )
    return blocks


def auto_budget(blocks: int) -> int:
    """AUTO_BASE tokens, plus AUTO_STEP per independent failure block beyond the first (see
    blocks.independent_blocks), at most AUTO_MAX."""
    return min(AUTO_MAX, AUTO_BASE + AUTO_STEP * (blocks - 1))


def _placed(
    source: Path, results: list[tuple[Parser, Findings]], errors: list[ErrorRecord], tests: list[FailingTest]
) -> tuple[list[ErrorRecord], list[FailingTest]]:
    """The records and tests whose tool printed less than their file's path (a bare name, or none) with
    the first of the places their parser named for them (Findings.places) that the source tree holds."""
    places: dict[int, tuple[str, ...]] = {}
    lines: dict[str, int] = {}
    for _parser, found in results:
        places.update(found.places)
        lines.update((k, v) for k, v in found.test_lines.items() if k not in lines)
    if not places:
        return errors, tests

    def place(line: int | None, file: str | None) -> str | None:
        if line is None or line not in places or (file and "/" in file):
            return None
        return next((hit for name in places[line] if (hit := resolve_in_repo(source, name))), None)

    errors = [e.model_copy(update={"file": hit}) if (hit := place(e.log_line, e.file)) else e for e in errors]
    tests = [t.model_copy(update={"file": hit}) if (hit := place(lines.get(t.id), t.file)) else t for t in tests]
    return errors, tests


def _in_repo(
    source: Path, errors: list[ErrorRecord], tests: list[FailingTest], known: RepoFacts | None = None
) -> tuple[RepoFacts, list[ErrorRecord], list[FailingTest]]:
    """The project's facts, and the records' paths mapped to the files it holds."""
    names = [e.file for e in errors if e.file] + [t.file for t in tests if t.file]
    repo, mapping = repo_facts(source, names, known)
    errors = [e.model_copy(update={"file": mapping[e.file]}) if e.file in mapping else e for e in errors]
    tests = [t.model_copy(update={"file": mapping[t.file]}) if t.file in mapping else t for t in tests]
    return repo, errors, tests


def _parse(
    view: View, ends: float | None, leave_out: frozenset[str] = frozenset()
) -> tuple[list[tuple[Parser, Findings]], list[str], int]:
    """The findings of every parser the view may concern (the others could find nothing in it), in
    order, until the deadline; the parsers it left out; and how many were due."""
    due = parsers_for(view, leave_out)
    results: list[tuple[Parser, Findings]] = []
    for i, parser in enumerate(due):
        if ends is not None and time.monotonic() >= ends:
            return restated_dropped(results), [p.tool for p in due[i:]], len(due)
        found = parser.parse(view)
        results += [(parser, found), *read_carried(parser, found, leave_out)]  # a message's tool: its own parsers'
    return restated_dropped(results), [], len(due)


def _incomplete(deadline_s: float | None, skipped: list[str], due: int) -> str | None:
    if not skipped:
        return None
    return (
        f"the facts stage's {deadline_s:g} s deadline passed before {len(skipped)} of the {due} "
        f"tool parsers this log called for ran ({', '.join(skipped)}): these facts are what was found before it"
    )


def _summaries(plain: View, view: View, st: Structure, steps: list[int], results: Results) -> list[Summary]:
    """The failing step's summaries (summaries_in), each with the step that printed it, a Jenkins parallel branch's
    its own (ci.branch_steps, on the view's own prefixes: not a task runner's)."""
    span, carried = _failing_span(st), [output for _, found in results for output in found.carried]
    summaries = with_carried(summaries_in(plain, span, steps, _claimed_summaries(results)), carried, span, steps)
    branched = branch_steps(view, steps)
    return [x.model_copy(update={"step": branched[x.log_line]}) if x.log_line in branched else x for x in summaries]


def _in_branches(results: Results, branched: dict[int, int]) -> Results:
    """The records and failing tests a Jenkins parallel branch printed with that branch's step (ci.branch_steps):
    its lines interleave with the other branches', so the step started last before a line may be another's."""
    if not branched:
        return results
    out: Results = []
    for parser, found in results:
        errors = [
            e.model_copy(update={"step": branched[e.log_line]}) if e.log_line in branched else e for e in found.errors
        ]
        tests = [
            t.model_copy(update={"step": branched[no]}) if (no := found.test_lines.get(t.id)) in branched else t
            for t in found.tests
        ]
        out.append((parser, replace(found, errors=errors, tests=tests)))
    return out


def _claimed_summaries(results: list[tuple[Parser, Findings]]) -> dict[int, Reading]:
    """The lines the parsers claim as their tool's closing summary, each with what it counts (_claim_kind) and the
    failures it counts there (the most, if two claim it)."""
    claims: dict[int, Reading] = {}
    for parser, found in results:
        if (kind := _claim_kind(parser, found)) is None:
            continue
        for no, failed in found.summaries.items():
            if no not in claims or failed > claims[no].failed:
                claims[no] = Reading(kind, failed)
    return claims


def _claim_kind(parser: Parser, found: Findings) -> Category | None:
    """What the summaries a parser read count: its tool's kind of failure, of the kinds summaries have
    (SUMMARY_KINDS; None: no claim); UNKNOWN for a tool no specialist answers for (commitlint's `found 3 problems`,
    no test's or linter's). A count that is no run's whatever its tool (doc-tests rustdoc could not compile) is
    summaries_in's to tell, for every tool alike."""
    if parser.no_specialist:
        return Category.UNKNOWN
    kind = found.category or parser.category
    return kind if kind in SUMMARY_KINDS else None


# What the line of a warning that decides nothing (severity.weighed) weighs for the excerpt: a parser's mark of a
# warning that fails nothing (parsers.handlers.row's), so a short budget goes to the errors first.
SILENCED_WARNING_WEIGHT = 3.0


def _evidence(results: list[tuple[Parser, Findings]]) -> dict[int, float]:
    evidence: dict[int, float] = {}
    for _parser, found in results:
        silenced = {e.log_line for e in found.errors if not e.votes and e.severity is not Severity.ERROR}
        for no, weight in found.evidence.items():
            weight = min(weight, SILENCED_WARNING_WEIGHT) if no in silenced else weight
            if weight > evidence.get(no, 0.0):
                evidence[no] = weight
    return evidence


def _walled(facts: Facts, redactor: Redactor, on_masks: Callable[[Sequence[str]], object] | None = None) -> Facts:
    """The facts' last wall, the one place every field that leaves the facts passes: each string (records' messages,
    failing tests' names and messages, commands, summaries, the excerpt, the source's tree and manifests) redacted on
    its own by the run's redactor, and `redactions` counted after it. The lines were redacted when read, so this is
    normally a no-op; it catches what a reader assembled from several lines (a key on one line and its value on the
    next, joined into one message). Such a value is learnt (Redactor.learn_masks: the caller's `on_masks` gets it with
    the log's declared values) and the fields redacted again, so the excerpt, which shows the two lines apart, loses
    it too. `on_masks` is called after the wall; the Facts never hold the values."""
    redactor.found = []
    walled = redact_model(facts, redactor)
    learnt, redactor.found = [v for v in redactor.found if len(v) >= MIN_SECRET_LEN], None
    if learnt:
        redactor.learn_masks(learnt)
        walled = redact_model(walled, redactor)
    if on_masks is not None and redactor.masks:  # the values themselves, never in the Facts
        on_masks(redactor.masks)
    update: dict[str, object] = {"redactions": dict(sorted(redactor.counts.items()))}
    if walled.excerpt != facts.excerpt:
        update["excerpt_tokens"] = estimate_tokens(walled.excerpt)
    return walled.model_copy(update=update)


def _excerpt_lines(excerpt: Excerpt) -> list[int]:
    out: list[int] = []
    for r in excerpt.ranges:
        out.extend(range(r.start, r.end + 1))
    return out


def _errors(results: list[tuple[Parser, Findings]], st: Structure, groups: ErrorGroups) -> list[ErrorRecord]:
    """The records grouped (see ErrorGroups), those in the failing step first, then those before
    it, then those after the job's failure (cleanup); in each, the tool's errors before its warnings and
    notes (ErrorRecord.severity), so a prompt's or an excerpt's first record is an error where there is one."""
    for _parser, found in results:
        groups.add(found.errors)
    region = st.region
    end = st.primary.line if st.primary is not None else None

    def rank(err: ErrorRecord) -> tuple[int, ...]:
        no, warns = err.log_line or 0, err.severity is not Severity.ERROR
        if region is not None and region[0] <= no <= region[1]:
            return (0, warns, no)
        if end is not None and no > end:
            return (2, warns, no)
        return (1, warns, no)

    return groups.records(rank)[:MAX_ERRORS]


def _relative(
    view: View, errors: list[ErrorRecord], tests: list[FailingTest], source: Path | None = None
) -> tuple[list[ErrorRecord], list[FailingTest]]:
    """Records' paths made relative to the CI workspace the log shows, a `../` path first joined
    to the build directory it was printed in (see paths.py). While sibling sub-makes are open at
    once, the path is the one reading that names a file in `source`, else kept as printed."""
    files = [e.file for e in errors if e.file] + [t.file for t in tests if t.file]
    if not any(_absolute(f) or f.startswith(("../", "..\\")) for f in files):
        return errors, tests
    roots = workspace_roots(line.text for line in view.lines[:2_000])
    dirs = BuildDirectories((line.no, line.text) for line in view.lines) if any(f[:2] == ".." for f in files) else None

    relative = partial(repo_relative, roots=roots)
    find = None if source is None else partial(resolve_in_repo, source)

    def fix(path: str, line: int | None = None) -> str:
        return relative(path) if dirs is None else dirs.resolve(path, line, relative, find)

    errors = [
        e.model_copy(update={"file": fix(e.file, e.log_line), "also_at": [_at(place, fix) for place in e.also_at]})
        if e.file
        else e
        for e in errors
    ]
    tests = [t.model_copy(update={"file": fix(t.file)}) if t.file else t for t in tests]
    return errors, tests


def _at(place: str, fix: Callable[[str], str]) -> str:
    """A grouped error's `file:line` with its file made relative like the record's own."""
    path, sep, line = place.rpartition(":")
    return f"{fix(path)}{sep}{line}" if sep and line.isdigit() else fix(place)


def _absolute(path: str) -> bool:
    return path.startswith(("/", "\\")) or (len(path) > 2 and path[1] == ":")


def _tests(results: list[tuple[Parser, Findings]]) -> list[FailingTest]:
    out: dict[str, FailingTest] = {}
    for _parser, found in results:
        for test in found.tests:
            if test.id not in out or (test.message and not out[test.id].message):
                out[test.id] = test
    return list(out.values())[:MAX_TESTS]


def _tools(results: list[tuple[Parser, Findings]]) -> list[str]:
    tools: list[str] = []
    for _parser, found in results:
        # A parser reading several tools (erlc and elixir, markdownlint and other doc linters)
        # names itself only when its own tool spoke, not for records it filed under another.
        own = found.tests or (found.seen and (not found.errors or any(e.tool == found.tool for e in found.errors)))
        names = [found.tool] if own else []
        names += [e.tool for e in found.errors]
        for name in names:
            if name not in tools and name not in ("deps", "sql", "config", "compiler"):
                tools.append(name)
    return tools


def _clip(text: str | None, limit: int = 300) -> str | None:
    return None if text is None else clip(text, limit)


__all__ = ["View", "extract_facts"]
