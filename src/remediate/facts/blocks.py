"""Independent failure blocks: how many separate places of a log report a failure.

`--budget-tokens auto` spends more than its base only when a log holds several such blocks: one
excerpt block shows one failure with its context, and a second, unrelated failure elsewhere needs
room of its own. Counting tools instead overspends: a test runner's failure and the task runner,
npm script or CMake test driver that reports the same failure a few lines below it are two
tools but one block, and a runner's summary that lists failures reported in full above adds no
new place at all.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from remediate.facts.groups import GroupKey
from remediate.facts.lazyregex import Regex
from remediate.facts.parsers import Findings, Parser
from remediate.facts.parsers.base import literals_of
from remediate.facts.verdicts import counts_failures, nothing_failed
from remediate.facts.view import View
from remediate.models import ErrorRecord, FailingTest

NEAR_LINES = 50  # a site within this many lines of the block's last one, in its step, is that block


# A wrapper's report of a failure told above it: a command, script, task or process it ran exited
# non-zero (npm's `Failed at the x script`, gulp's `'test' errored: Error: Process exited with code: 1`,
# Gradle's `Execution failed for task ':test'. > There were failing tests`, Maven's `There are test
# failures`, make's and cargo's exit statuses). Each alternative is bounded: linear.
_RELAYS = Regex(
    r"\b(?:exit(?:ed)?|returned|failed) (?:with )?(?:a )?(?:non-?zero )?(?:exit )?(?:code|status)\b|"
    r"\bnon-?zero exit\b|\bFailed at the \S{1,200} \S{1,100} script\b|"
    r"There (?:were|are) (?:failing tests|test failures)|\b(?:Command|command|Script|script) failed\b"
)


def relays(message: str) -> bool:
    """The record only relays a failure reported in the lines above it (see _RELAYS)."""
    return _RELAYS.search(message) is not None


@dataclass(frozen=True)
class Site:
    """Where a tool reported a failure: its log line, the CI step that printed it (None: unknown)
    and what failed, a (tool, error group or test file) pair; None when the site tells nothing of
    its own (a wrapper relaying a failure, a failing test whose runner's records say what failed)."""

    line: int
    step: int | None
    what: tuple[str, str] | None
    task: str | None = None  # the task-runner prefix of its line (turbo's `web:test:`), if any
    test: bool = False  # a failing test's (not an error record's)


def error_site(err: ErrorRecord, key: Callable[[ErrorRecord], GroupKey]) -> Site | None:
    """The site of an error record that counts as a failure (it has a log line and votes: a
    report that may not have failed the job, UBSan's in recover mode, does not); what failed is
    its error group (`key`, see ErrorGroups), unless it only relays a failure."""
    if err.log_line is None or not err.votes:
        return None
    tool, *said = key(err)
    return Site(err.log_line, err.step, None if relays(err.message) else (tool, " ".join(said)))


def failing_test_site(tool: str, test: FailingTest, line: int | None, said: bool) -> Site | None:
    """The site of a failing test; what failed is its file (a runner's tests of unknown files are
    one group: nothing says they are apart), unless its runner's records say it (`said`): then a
    test is a place, and what failed is the record's error group (many tests failing on one error
    are one failure)."""
    if line is None:
        return None
    return Site(line, test.step, None if said else (tool, test.file or ""), test=True)


def failure_sites(
    results: Iterable[tuple[Parser, Findings]],
    key: Callable[[ErrorRecord], GroupKey],
    tasks: Mapping[int, str] | None = None,
) -> list[Site]:
    """Every parser's failure sites, in log order (`key`: an error record's group; `tasks`: the
    task-runner prefix of each line that has one, see View.tasks)."""
    sites: list[Site | None] = []
    for _parser, found in results:
        sites += [error_site(e, key) for e in found.errors]
        said = any(e.votes for e in found.errors)
        sites += [failing_test_site(found.tool, t, found.test_lines.get(t.id), said) for t in found.tests]
    found_sites = {s for s in sites if s is not None}
    if tasks:
        found_sites = {replace(s, task=tasks.get(s.line)) for s in found_sites}
    return sorted(found_sites, key=lambda s: (s.line, s.what or ("", ""), s.task or ""))


OneReport = Callable[[int, int], bool]  # lines a < b are in one report: no new one starts between them


def independent_blocks(
    sites: Sequence[Site], regions: Sequence[tuple[int, int]] = (), one_report: OneReport | None = None
) -> int:
    """How many independent failure blocks the sites form, at least 1.

    Two sites are one block when one step printed both within NEAR_LINES lines of each other (a
    failure and its runner's or wrapper's report of it, a linter's list, a runner's failing tests in
    a row), or when they report the same thing (same tool and error group or test file: the
    failure's report and its summary at the end of the run), or when they are two records of one
    tool in one report (`one_report`: no new report starts between them; a chained exception told at
    the end of a long traceback, below the error it was raised while handling). A task runner's
    tasks (turbo's or pnpm's packages) are units of their own, as steps are: sites of two tasks are
    never one block (the runner's own lines, its summary, may join either). A block counts only if
    it reports something no earlier block did; a wrapper's report that a command it ran failed
    (`relays`) reports nothing of its own, however far below the failure it is printed, nor does a
    failing test whose runner's records say what failed. With the failing steps known (`regions`,
    each failing step's output), only sites inside them count: output after the job's failure
    (cleanup) or in a step that passed is no failure of the job. A failing step without a parsed
    record is a block (what failed there still needs room); one whose records all repeat an earlier
    step's is not (Travis runs every script command: a build error breaks `make xref` and
    `make ct-fast` alike, one failure told twice).
    """
    joined = one_report or (lambda _a, _b: False)
    if not regions:
        return max(1, _count(sites, set(), joined))
    total = 0
    seen: set[tuple[str, str]] = set()
    for start, end in regions:
        inside = [s for s in sites if start <= s.line <= end]
        total += _count(inside, seen, joined) if any(s.what is not None for s in inside) else 1
    return max(1, total)


def _joins(site: Site, last: Site | None, block: set[tuple[str, str]], one_report: OneReport) -> bool:
    """`site` belongs to the block whose last site is `last` (see independent_blocks)."""
    if last is None or site.step != last.step:
        return False
    if site.task != last.task and site.task is not None and last.task is not None:
        return False
    if site.line - last.line <= NEAR_LINES or site.what in block:
        return True
    records = not site.test and not last.test  # failing tests in different files are apart
    one_tool = site.what is not None and last.what is not None and site.what[0] == last.what[0]
    return records and one_tool and one_report(last.line, site.line)


def _count(sites: Sequence[Site], seen: set[tuple[str, str]], one_report: OneReport) -> int:
    """Blocks of `sites` (in log order) that report something not in `seen` (which grows)."""
    count = 0
    block: set[tuple[str, str]] = set()
    last: Site | None = None
    for site in sites:
        if not _joins(site, last, block, one_report):
            count += bool(block - seen)
            seen |= block
            block = set()
        if site.what is not None:
            block.add(site.what)
        last = site
    count += bool(block - seen)
    seen |= block
    return count


# A test run's opening, in the runners' words that open one run and nothing else: minitest's `# Running:`,
# pytest's `=== test session starts ===`. A run's end is its summary: a count of no failure (verdicts).
_RUN_OPENS = Regex(r"^# Running:$|^=+ test session starts =+$")
_OPENING_WORDS = ("# Running:", "test session starts")  # a cheap test before the pattern, on every line
RUN_SCAN = 2000  # lines after a run's opening in which its summary is looked for


def in_passing_run(view: View) -> Callable[[int], bool]:
    """Whether a line of `view` was printed inside a test run that passed: below a runner's opening and
    above that run's summary, which counts no failure. What a passing run printed (a test's subprocess
    running Bundler or npm and checking that it fails, a fixture's own noise) did not fail the job,
    whatever its tool's words say. A tool's output before a run's opening (flake8's records above
    pytest's `10 passed`) is not inside it. The runs are found once, on the first question."""
    runs: list[tuple[int, int]] | None = None

    def check(no: int) -> bool:
        nonlocal runs
        if runs is None:
            runs = _passing_runs(view)
        i = bisect_right(runs, (no, no)) - 1
        return i >= 0 and runs[i][0] < no < runs[i][1]

    return check


def _passing_runs(view: View) -> list[tuple[int, int]]:
    """Each passing run's (opening line, summary line), in order: one pass over the lines for the
    openings, and from each one to its summary or the next opening (so each line is read once more)."""
    openings = [
        i
        for i, line in enumerate(view.lines)
        if any(w in line.text for w in _OPENING_WORDS) and _RUN_OPENS.match(line.text)
    ]
    runs: list[tuple[int, int]] = []
    for k, i in enumerate(openings):
        stop = min(len(view.lines), i + 1 + RUN_SCAN, openings[k + 1] if k + 1 < len(openings) else len(view.lines))
        for line in view.lines[i + 1 : stop]:
            if counts_failures(line.text):
                break
            if nothing_failed(line.text):
                runs.append((view.lines[i].no, line.no))
                break
    return runs


def outside_passing_runs(sites: Sequence[Site], passed: Callable[[int], bool]) -> list[Site]:
    """The sites without the error records a passing test run printed (see in_passing_run); failing
    tests are failures wherever they are."""
    return [s for s in sites if s.test or not passed(s.line)]


# npm 5-6 installing an optional dependency whose install script failed: the script's output under npm's
# `> pkg@1.2.0 install /dir/node_modules/pkg` header, then `npm WARN optional SKIPPING OPTIONAL DEPENDENCY:
# pkg@1.2.0 install: \`node-gyp rebuild\`` (exit 0: npm installed the rest without it). The name holds no `@`
# but a scope's leading one, so where the version starts is never in doubt (linear on any line).
_SKIPPED_OPTIONAL = Regex(r"^npm WARN optional SKIPPING OPTIONAL DEPENDENCY: (?P<pkg>@?[^@\s]+@\S+) install: ")
_INSTALL_SCRIPT = Regex(r"^> (?P<pkg>@?[^@\s]+@\S+) (?:pre|post)?install(?: |$)")
_SKIPPED_WORDS = "SKIPPING OPTIONAL DEPENDENCY: "


def skipped_optional_scripts(view: View) -> list[tuple[int, int]]:
    """Each optional dependency's install script npm skipped after it failed: (its header's line, npm's
    skip line). What it printed (a compiler's errors, node-gyp's) did not fail the install."""
    if not literals_of(view).any_of((_SKIPPED_WORDS,)):
        return []
    started: dict[str, int] = {}
    spans: list[tuple[int, int]] = []
    for line in view.lines:
        text = line.text
        if text.startswith("> ") and (m := _INSTALL_SCRIPT.match(text)):
            started[m["pkg"]] = line.no
        elif _SKIPPED_WORDS in text and (m := _SKIPPED_OPTIONAL.match(text)) and m["pkg"] in started:
            spans.append((started.pop(m["pkg"]), line.no))
    return spans


def without_skipped_optional(view: View, results: list[tuple[Parser, Findings]]) -> None:
    """The records an optional dependency's skipped install script printed are shown, not evidence
    (ErrorRecord.votes): npm went on without the package (see skipped_optional_scripts)."""
    spans = skipped_optional_scripts(view)
    if not spans:
        return
    for _parser, found in results:
        found.errors = [
            e.model_copy(update={"votes": False}) if e.votes and _within(spans, e.log_line) else e for e in found.errors
        ]


def _within(spans: Sequence[tuple[int, int]], line: int | None) -> bool:
    return line is not None and any(start < line < end for start, end in spans)
