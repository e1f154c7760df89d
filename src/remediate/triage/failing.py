"""The failing view: what the rules read of a job's failure, computed once per verdict (`failing_view`).

The CI may say of some steps that they did not fail the job (Facts.steps): a script command it reported
exiting 0 (`lint || true`, a test command that passed) is *silent*: what it printed neither vouches for nor
competes with a category. A command run once the job had failed (Travis' after_failure and after_script) is
*vouch-only*: it often prints the failing run's own logs (a test log `cat`, a pip log), so it may vouch for the
failure the failing steps show (the same category, or the only evidence there is), but it is never a second
failure (gather._in_failed_steps weighs its signals; `after` reads its text apart). A command before the failing
one whose status the log does not show (a colourless job page's: FailingView.unshown) is vouch-only too, but its
evidence never stands alone and its records and tests are never counted as the failing run's."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property

from remediate.facts.attempts import without_superseded
from remediate.facts.ci.checked import checked_steps
from remediate.facts.excerpt import numbered
from remediate.facts.meaning import (
    Host,
    Missing,
    cargo_crates,
    go_packages,
    missing_of,
    out_of_reach,
    unreachable,
    workspace_names,
)
from remediate.facts.meaning.sections import frame_hosts, test_sections
from remediate.facts.passingoutput import passed_output
from remediate.facts.view import Line, View
from remediate.models import Category, CategoryBasis, ErrorRecord, Facts, FailingTest
from remediate.triage.causes import ASSERTION
from remediate.triage.reports import Cause, named_causes, shown_causes

# An excerpt's line as excerpt.numbered reads it: the log line it shows (None: a block's header), its text.
Shown = tuple[int | None, str]


@dataclass(frozen=True)
class FailingView:
    """The facts as the failing steps show them: the excerpt without the lines of silent and vouch-only steps,
    the records and failing tests those steps did not print, the text the failure patterns read."""

    facts: Facts
    silent: frozenset[int]  # steps the CI reported exiting 0
    after: frozenset[int]  # steps run once the job had failed (vouch-only)
    failed: frozenset[int]  # steps the CI reported failing (where a vouching signal's evidence belongs)
    excerpt: str  # the excerpt without the silent and vouch-only steps' lines
    after_excerpt: str  # the vouch-only steps' lines alone ("" when there are none)
    # the excerpt without a passing test's own output (without_passed_output): what the failure patterns read
    read_excerpt: str
    lines: tuple[str, ...]  # excerpt's lines
    errors: tuple[ErrorRecord, ...]  # the records neither a silent nor a vouch-only step printed
    failing_tests: tuple[FailingTest, ...]  # likewise the failing tests
    tree: tuple[str, ...]  # the project's files, else the names the excerpt shows the repository under
    text: str  # what the failure patterns read: read_excerpt without retried attempts, records' and tests' messages
    # the steps holding every record (and failing test) the facts' own classification rests on, when all lie in
    # silent or vouch-only steps (the failing step's own tool read by no parser): it counts those records again
    classified_in: frozenset[int]
    # the vouch-only steps whose status the log does not show, before the failing one (_unshown_before): they may
    # vouch for what the failing steps show, but never stand alone where those show nothing
    unshown: frozenset[int]
    linked: tuple[str, ...]  # the own modules the project's build links from the source (RepoFacts.linked_names)
    own_in_records: tuple[Missing, ...]  # the missing names the records judged the project's own (own_in_records)
    # the log line each of excerpt's lines shows (None: a block's header): its own headers no longer number the lines
    # once a muted step's lines are left out
    numbers: tuple[int | None, ...]

    @property
    def basis(self) -> CategoryBasis:
        """The kind of evidence behind the facts' own category as the failing steps hold it (Facts.category_basis):
        none when it rests on silent steps' records alone."""
        silenced = self.classified_in and self.classified_in <= self.silent
        return "none" if silenced else self.facts.category_basis

    @cached_property
    def hosts_met(self) -> tuple[Host, ...]:
        """The hosts failing tests' reports say they could not reach (meaning.out_of_reach): their messages, a test
        runner's records of them, the excerpt's lines (pytest's record keeps the first error of a chain,
        `socket.gaierror: ... Name or service not known`, which names no host; requests' own report below it does);
        not an assertion's words, whose values may name any host; then, for a failing test's section whose words
        name none (urllib's `<urlopen error [Errno 111] Connection refused>`), the hosts its frames name
        (_unnamed_met). Cached: up to three of beneath's rules ask per triage, and it reads every line (a view made
        by `replace`, such as vouching's, computes its own)."""
        said = [t.message or "" for t in self.failing_tests]
        said += [e.message for e in self.errors if e.category is Category.TEST]
        met = tuple(h for text in [*said, *self.lines] if not ASSERTION.search(text) and (h := out_of_reach(text)))
        return met + _unnamed_met(self.lines)

    @cached_property
    def named_causes(self) -> tuple[tuple[Cause, ...], bool]:
        """The causes the failing tests' reports name, and whether some report names none (reports.named_causes).
        Cached: tests_say and two_causes both ask per triage."""
        return named_causes(self)

    @cached_property
    def shown_causes(self) -> tuple[Cause, ...]:
        """The causes beneath failing tests the excerpt's lines name (reports.shown_causes). Cached: tests_say,
        tallied_only and unread_tests (twice, through tests_own_errors) ask per triage, and it reads every line."""
        return shown_causes(self)

    @property
    def muted(self) -> frozenset[int]:
        """The steps whose evidence stands on its own for no category: the silent and the vouch-only ones."""
        return self.silent | self.after

    def steps_showing(self, text: str) -> frozenset[int]:
        """The CI steps whose lines in the excerpt read `text` (a line a failure pattern matched, its runs of blanks
        made one): where that evidence lies, as a record's step says where it was printed; none when no step holds
        such a line."""
        spans = [(s.step, s.lines.start, s.lines.end) for s in self.facts.steps if s.lines is not None]
        shown = numbered(self.facts.excerpt) if spans else iter(())
        numbers = [no for no, line in shown if no is not None and " ".join(line.split()) == text]
        return frozenset(step for no in numbers for step, a, b in spans if a <= no <= b)

    def vouching(self, categories: frozenset[Category]) -> FailingView:
        """The view with the after-failure steps' records and failing tests of these categories counted as the
        failing steps' own (gather found them vouching for what the failing steps show). An unshown step's are not:
        it ran before the failure, so its tests are another run's, not the failing run's own logs."""
        later = self.after - self.unshown
        if not later or not categories:
            return self
        errors = [e for e in self.facts.errors if e.step in later and e.category in categories]
        tests = [t for t in self.facts.failing_tests if t.step in later] if Category.TEST in categories else []
        own = (*self.own_in_records, *own_in_records(errors, self.tree, self.linked))
        errors_, tests_ = (*self.errors, *errors), (*self.failing_tests, *tests)
        return replace(self, errors=errors_, failing_tests=tests_, own_in_records=own)


def _unnamed_met(lines: Sequence[str]) -> tuple[Host, ...]:
    """The hosts named in the frames (meaning.sections) of each failing test's section where a client says it could
    not reach its server and no such line names the host: urllib and axios name none where they fail, so without
    them the job's own server answering 503 would read as the outside network's."""
    out: list[Host] = []
    for section in test_sections(lines):
        said = [t for t in section if not ASSERTION.search(t) and unreachable(t)]
        if said and not any(out_of_reach(t) for t in said):
            out += frame_hosts(section)
    return tuple(out)


def failing_view(facts: Facts) -> FailingView:
    """The facts' failing view (FailingView), read once: the excerpt is split by step in one pass."""
    checked = checked_steps(facts.steps)  # a failing check read their output: theirs is its failure
    silent = frozenset(s.step for s in facts.steps if s.exit_code == 0 and not s.after_failure) - checked
    failed = frozenset(s.step for s in facts.steps if s.exit_code and not s.after_failure) | checked
    unshown = _unshown_before(facts, failed)
    after = frozenset(s.step for s in facts.steps if s.after_failure) | unshown
    muted = silent | after
    shown, later = _split(facts, muted, after)
    excerpt, after_excerpt = "\n".join(line for _, line in shown), "\n".join(line for _, line in later)
    lines = tuple(excerpt.splitlines())
    errors = tuple(e for e in facts.errors if e.step not in muted)
    tests = tuple(t for t in facts.failing_tests if t.step not in muted)
    own = facts.repo.own_names() if facts.repo else []
    tree = tuple(own or workspace_names(lines) + go_packages(lines) + cargo_crates(lines))
    starts = frozenset(s.lines.start for s in facts.steps if s.lines is not None)
    read_excerpt, passed = without_passed_output(shown, starts)
    text = _text(read_excerpt, errors, tests, passed)
    classified_in = _classified_in(facts, muted)
    linked = tuple(facts.repo.linked_names()) if facts.repo else ()
    own_missing = own_in_records(errors, tree, linked)
    return FailingView(
        facts,
        silent,
        after,
        failed,
        excerpt,
        after_excerpt,
        read_excerpt,
        lines,
        errors,
        tests,
        tree,
        text,
        classified_in,
        unshown,
        linked,
        own_missing,
        tuple(no for no, _ in shown),
    )


def own_in_records(errors: Sequence[ErrorRecord], tree: Sequence[str], linked: Sequence[str]) -> tuple[Missing, ...]:
    """The missing names the records judged the project's own with the file their tool named: a line of the text
    alone has no file, so pytest's `E   ModuleNotFoundError: No module named 'shop.carts'` below the frame
    `shop/__init__.py:1: in <module>` (the project's package importing its own module, renamed) would read as a
    third party's, though the record read from that frame knows whose it is (owner.first_party). Only names the
    file decides: a header's record has no `#include` line beside it, which the text's own reading has."""
    out: list[Missing] = []
    for err in (e for e in errors if e.file):
        with_file, alone = (
            missing_of(err.message, (), err.file, tree, linked),
            missing_of(err.message, (), None, tree, linked),
        )
        if with_file is not None and alone is not None and alone.third_party and not with_file.third_party:
            out.append(with_file)
    return tuple(out)


def _unshown_before(facts: Facts, failed: frozenset[int]) -> frozenset[int]:
    """The steps before the first one the CI shows failing whose status the log does not show (facts/ci/: a
    colourless job page's commands before the last echo): they may have passed or failed, so, like what ran after
    the failure, they may vouch for what the failing steps show and never compete with it; unlike it they never
    stand alone (a shell that stops at the first failing command most likely passed them)."""
    if not failed:
        return frozenset()
    first = min(failed)
    return frozenset(s.step for s in facts.steps if s.exit_code is None and not s.after_failure and s.step < first)


def _classified_in(facts: Facts, muted: frozenset[int]) -> frozenset[int]:
    """FailingView.classified_in: empty when a record of the facts' category lies outside the muted steps or in
    no step the log shows."""
    steps = [e.step for e in facts.errors if e.category is facts.category]
    steps += [t.step for t in facts.failing_tests] if facts.category is Category.TEST else []
    held = frozenset(step for step in steps if step is not None)
    return held if steps and len(held) == len(set(steps)) and held <= muted else frozenset()


def after(view: FailingView) -> FailingView:
    """What the vouch-only steps alone show, as a view of its own (their lines, records and failing tests): the
    failure patterns read it apart, and gather weighs what they find as vouch-only evidence."""
    facts, excerpt = view.facts, view.after_excerpt
    errors = tuple(e for e in facts.errors if e.step in view.after)
    tests = tuple(t for t in facts.failing_tests if t.step in view.after)
    starts = frozenset(s.lines.start for s in facts.steps if s.lines is not None)
    read_excerpt, passed = without_passed_output(list(numbered(excerpt)), starts) if excerpt else ("", frozenset())
    lines, text = tuple(excerpt.splitlines()), _text(read_excerpt, errors, tests, passed)
    own = own_in_records(errors, view.tree, view.linked)
    return replace(
        view,
        excerpt=excerpt,
        read_excerpt=read_excerpt,
        lines=lines,
        errors=errors,
        failing_tests=tests,
        text=text,
        own_in_records=own,
    )


def _text(excerpt: str, errors: Sequence[ErrorRecord], tests: Sequence[FailingTest], passed: frozenset[int]) -> str:
    """The text the failure patterns read: the excerpt (without a passing test's output) without the attempts a
    retry wrapper ran again (remediate.facts.attempts: a retried attempt's network failure is not the job's), the
    messages of the records not read from the `passed` lines (a passing test's output), the failing tests'."""
    said = (e.message for e in errors if e.log_line is None or e.log_line not in passed)
    parts = [without_superseded(excerpt), *said, *(t.message or "" for t in tests)]
    return "\n".join(parts)


def without_passed_output(shown: Sequence[Shown], starts: frozenset[int]) -> tuple[str, frozenset[int]]:
    """The excerpt without a passing test's own output, and the log lines that output holds: a handled exception
    the code under test logged above unittest's `ok` (`json.decoder.JSONDecodeError: Expecting value`), mocha's
    console.error stack above its `✔` line, is no failure of the job, though its words name one
    (passingoutput.passed_output, the excerpt's own reading of them). Read block by block: a block's first line,
    like a CI step's start (`starts`), ends a test's output, since what stands above it is not shown. `shown`: the
    excerpt's lines as excerpt.numbered reads them."""
    view = View.of(Line(no, line, b"") for no, line in shown if no is not None)
    above = [None, *(no for no, _ in shown)]
    firsts = {no for (no, _), up in zip(shown, above, strict=False) if up is None and no is not None}
    passed = passed_output(view, view.text, starts | firsts) if view.lines else frozenset()
    return "\n".join(line for no, line in shown if no is None or no not in passed), passed


def _split(facts: Facts, muted: frozenset[int], after: frozenset[int]) -> tuple[list[Shown], list[Shown]]:
    """The excerpt's lines without the muted steps', and the vouch-only steps' lines alone, from one reading of the
    excerpt (excerpt.numbered); a block's header (no log line) is kept in both."""
    shown = list(numbered(facts.excerpt))
    spans = {s.step: (s.lines.start, s.lines.end) for s in facts.steps if s.step in muted and s.lines is not None}
    if not spans:
        return shown, []
    failing: list[Shown] = []
    later: list[Shown] = []
    for no, line in shown:
        held = None if no is None else next((step for step, (a, b) in spans.items() if a <= no <= b), None)
        if held is None:
            failing.append((no, line))
        if no is None or held in after:
            later.append((no, line))
    return failing, later if after else []
