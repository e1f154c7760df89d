"""Cut the failure excerpt: the most telling lines of the view that fit a token budget.

Every view line gets a score (the tool parsers' evidence, else the generic scorer), weighted by
where it sits: inside the failing step/command it counts more, the later the better; after the
job's failure (cleanup steps) and inside echoed step scripts it counts less; a line whose shape
was already seen many times counts less. Then, greedily: the failing step header and failure line,
the last lines before the failure, then blocks of context around the best lines until the budget
is spent. Blocks keep original line numbers; the excerpt shows each block under a header.
In interleaved output of tasks run in parallel (turbo, pnpm -r, yarn workspaces, ctest -V), a
block is its seed's own task's lines, and lines of tasks that reported no failure are no context.
"""

from __future__ import annotations

import enum
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from remediate.facts.ci import Structure
from remediate.facts.excerpt_marks import LIBRARY, LISTING_CAP, SEED_MIN, Tasks
from remediate.facts.lazyregex import Regex
from remediate.facts.score import line_score, shape
from remediate.facts.verdicts import counts_failures, passing_verdict, says_passed
from remediate.facts.view import View, branch_label
from remediate.models import LineRange

MAX_LINE_CHARS = 400  # longer lines keep their head, what they say went wrong, and their tail
LINE_HEAD = 120  # a long line's head: who speaks and about what (`[ERROR] Failed to execute goal ...`)
LINE_TAIL = 80  # its end: the last cause of a chain, `-> [Help 1]`, a location
LINE_BEFORE = 30  # characters kept before a telling phrase in the middle (its clause's subject)
LINE_AFTER = 90  # characters kept from a telling phrase on: the phrase and what it names
MAX_PHRASES = 32  # telling phrases of one long line considered, the last ones
LINE_CUT = " […] "
PARTIAL_SHARE = 0.6  # a block cut to fit may take this share of the remaining budget
TAIL_SHARE = 0.5  # of the budget, at most, for the contiguous output before the failure
TAIL_MAX_LINES = 120
NEAR_END = 200  # lines before a failure that get a growing bonus
QUIET_RUN = 20  # lines without evidence that end the window
QUIET_SCORE = 2.0  # "without evidence": scored below this
FAILURE_SCORE = 6.0  # a line reporting a failure, unweighted: an error, a failed test, an assertion
ERROR_SCORE = 8.0  # a line reporting an error, unweighted: `error: ...`, an exception, a traceback, `fatal:`
INSTANCE_SHARE = 0.35  # of the budget, at most, for the first instance of each error group
LIST_HEAD_SHARE = 0.1  # of the budget, at most, for the first rows of a list the window before the failure cut
LIST_HEAD_LINES = 4  # a cut list's first rows shown, below its heading
LIST_SCAN = 5_000  # lines of one list followed up to its first row
ROW_KEY_CHARS = 12  # characters of a line's shape that rows of one list share
ROW_INDENT = 2  # a list's rows are indented at most this (ESLint's `  3:8  error`, awesome_bot's `  01. [L0410]`)
FIRST_SHARE = 0.25  # of the budget, at most, for the first error's block, taken before the best lines
MAX_INSTANCES = 5
AFTER_SHARE = 0.25  # of the budget, at most, for what ran after the job's failure, before the rest up to it
CLOSING_BLOCK = 50  # lines, at most, of the failing step's last block of output (see _closing_block)
WIDEN_ROUNDS = 40  # rounds of widening (a line at each edge of every block) in one pass
WIDEN_BEFORE_END = 1_000  # ... up to the job's failure, before what the CI ran after it: until nothing grows
ABOVE_MAX_LINES = 40  # lines a block may reach above its seed
INSTANCE_MAX_LINES = 40
INSTANCE_SEARCH = 300  # lines above an error searched for the start of its instance
INSTANCE_HEAD_LINES = 12  # a long instance keeps this many lines of its head (name, own line) ...
SKIP_MAX = 200  # lines of other parallel tasks passed over in a row while following one task
INSTANCE_HEAD_SHARE = 0.3  # ... within this share of its room, and its tail with the rest
INSTANCE_TAIL_LINES = 6  # a long instance's last lines (the error), kept before its middle's frames
# A frame of a stack: pytest's location (`client.py:22: in get`, long form's bare `client.py:22: `
# or `adapters.py:15: ConnectionError`), Python's `File "x.py", line 3, in f`, a JVM/JS `at ...`,
# Ruby's `from x.rb:3:in `, a Go frame's `\t/path/x.go:12 +0x1d`. Anchored, bounded: linear.
_FRAME = Regex(
    r"^[\w./\\-]{1,300}:\d+:(?: in \S.*| \w+)?\s*$|^\s*File \"[^\"]{1,300}\", line \d+|^\s+at \S|"
    r"^\s*(?:from )?[^\s:]{1,300}:\d+:in |^\s+[^\s:]{1,300}\.go:\d+"
)
# One exception raised while handling another, or caused by it: each cause is part of the story.
_CHAINED = Regex(r"^(?:During handling of the above exception|The above exception was the direct cause|\s*Caused by: )")
# Where one error instance starts: a pytest/unittest section header, a traceback, a test banner.
# Go nests a subtest's `--- FAIL:` under its parent's, indented: the subtest's report starts there.
_INSTANCE_START = Regex(
    r"^_{3,} .+ _{3,}$|^Traceback \(most recent call last\):|^(?:=|-){3,} ?(?:FAIL|ERROR)\b|^ *--- FAIL:|^\d+\) "
)
# What a long line says went wrong, where a clip would otherwise fall: Maven chains its causes on
# one `[ERROR]` line ("... could not be resolved: The following artifacts could not be resolved:
# a:b:jar:1.0 ..."), a runner prints an exception inside a long message or a JSON payload.
# Every alternative is a literal of bounded length (no open-ended prefix such as `\w*Error`),
# so a search costs time linear in the line.
_TELLING = Regex(
    r"error|exception|fail|fatal|panic|\b(?:could|can|does|did) ?not\b|couldn't|can't|unable to|not found|"
    r"no such|missing|denied|refused|invalid|unresolved|undefined|expected|timed? ?out",
    re.IGNORECASE,
)
HEADER = "── log lines {start}-{end} ──"
# A run of identical lines (a retry loop, a message repeated per item) is shown once with its count.
REPEATS = "[… the line above repeats {count} more times …]"
# A run of numbered stack frames alike but for their number (a recursion in a sanitizer's, gdb's
# or a native backtrace: `#7 0x55d in visit tree.c:22`) is shown once with its count the same way.
FRAMES = "[… {count} more frames like the one above …]"
_SHOWN = Regex(r"^── log lines (\d{1,12})-\d{1,12} ──$")  # HEADER
_FOLD = Regex(  # REPEATS, FRAMES
    r"^\[… (?:the line above repeats (\d{1,12}) more times|(\d{1,12}) more frames like the one above) …\]$"
)


def numbered(text: str) -> Iterator[tuple[int | None, str]]:
    """An excerpt's lines (as _render writes them) with the log line each shows, None for a block's header;
    a folded run's count (REPEATS, FRAMES) stands for the run's lines after its first, numbered as its last."""
    shows: int | None = None  # the log line the excerpt's next line shows
    for line in text.split("\n"):
        header = _SHOWN.match(line)
        if header or shows is None:
            shows = int(header.group(1)) if header else None
            yield None, line
            continue
        folded = _FOLD.match(line)
        shows += int(folded.group(1) or folded.group(2)) if folded else 1
        yield shows - 1, line


REPEATS_COST = max(len(REPEATS), len(FRAMES)) + 1  # the placeholders' 7 characters stand in for the count
_FRAME_NO = Regex(r"^(\s{0,20})#\d{1,6}(?= )")
MIN_RUN = 3  # identical consecutive lines folded from this many
HEADER_COST = len(HEADER) + 1  # the placeholders' 12 characters stand in for the numbers


def estimate_tokens(text: str) -> int:
    """Token estimate: characters / 4, rounded up (the budget is enforced on this estimate)."""
    return (len(text) + 3) // 4


@dataclass
class Excerpt:
    text: str = ""
    ranges: list[LineRange] = field(default_factory=list)
    tokens: int = 0


def render_line(text: str) -> str:
    """The line, or for a long one at most MAX_LINE_CHARS characters: its head, the clauses
    around the telling phrases in its middle and its tail, each cut marked; room no phrase needs
    goes to the head. Phrases are taken from the last back, since a chain of causes on one line
    (Maven's `[ERROR] Failed to execute goal ...: ... could not be resolved: a:b:jar:1.0, ...:
    Cannot access central ...`) ends with its most specific one: a blind head-and-tail cut drops
    exactly that middle."""
    if len(text) <= MAX_LINE_CHARS:
        return text
    tail_start = len(text) - LINE_TAIL
    room = MAX_LINE_CHARS - LINE_HEAD - LINE_TAIL - len(LINE_CUT)
    kept: list[tuple[int, int]] = []
    for match in reversed(list(_TELLING.finditer(text, LINE_HEAD, tail_start))[-MAX_PHRASES:]):
        start = max(LINE_HEAD, match.start() - LINE_BEFORE)
        space = text.find(" ", start, match.start())  # start at a word
        window = (space + 1 if space >= 0 else start, min(tail_start, match.start() + LINE_AFTER))
        trial = _merged([*kept, window], LINE_HEAD, tail_start)
        spent = _cost(trial)
        if spent > room:
            over = spent - room
            if window[1] - window[0] - over >= LINE_BEFORE + 20:  # what still fits says something
                kept = _merged([*kept, (window[0], window[1] - over)], LINE_HEAD, tail_start)
            break
        kept = trial
    pieces = [(0, LINE_HEAD + room - _cost(kept)), *kept]  # room no phrase took goes to the head
    while len(pieces) > 1 and pieces[0][1] + len(LINE_CUT) >= pieces[1][0]:  # the head reaches a window
        (_, head), (start, end) = pieces[0], pieces[1]
        spare = head + (end - start + len(LINE_CUT)) - max(head, end)
        pieces[:2] = [(0, max(head, end) + spare)]
    pieces.append((tail_start, len(text)))
    return LINE_CUT.join(text[a:b] for a, b in pieces)


def _merged(windows: list[tuple[int, int]], low: int, high: int) -> list[tuple[int, int]]:
    """Windows sorted and merged where they overlap or are closer than a cut mark."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(windows):
        if out and a <= out[-1][1] + len(LINE_CUT):
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _cost(windows: list[tuple[int, int]]) -> int:
    """Characters the middle windows take, each with the cut mark before it."""
    return sum(b - a + len(LINE_CUT) for a, b in windows)


def run_key(text: str) -> str:
    """What makes lines alike for folding: the text, without a numbered frame's number."""
    return _FRAME_NO.sub(r"\1#", text, count=1) if "#" in text[:28] else text


def identical_runs(view: View) -> dict[int, tuple[int, int]]:
    """For every line in a run of MIN_RUN or more identical consecutive non-blank lines (or
    numbered frames alike but for their number, see run_key), the run's first and last line."""
    runs: dict[int, tuple[int, int]] = {}
    start = prev = None
    text = ""
    for line in [*view.lines, None]:
        key = run_key(line.text) if line is not None else ""
        if line is not None and prev is not None and line.no == prev + 1 and key == text and text.strip():
            prev = line.no
            continue
        if start is not None and prev is not None and prev - start + 1 >= MIN_RUN:
            runs.update(dict.fromkeys(range(start, prev + 1), (start, prev)))
        if line is not None:
            start = prev = line.no
            text = key
    return runs


class _Selector:
    def __init__(self, view: View, budget_chars: int) -> None:
        self.view = view
        self.budget = budget_chars
        self.chosen: set[int] = set()
        self.cost = 0
        self.runs = identical_runs(view)
        # a line's rendered length, once: the seeds and their widening ask for the same lines again and
        # again, and rendering a long line searches all of it (hostile logs of a few 10,000-character lines)
        self.rendered: dict[int, int] = {}
        # the rows of a table the window before the failure passed over (see _window_before): no context
        self.passed: set[int] = set()

    def line_cost(self, no: int) -> int:
        line = self.view.get(no)
        if line is None:
            return 0
        run = self.runs.get(no)
        if run is not None and no > run[0]:  # a run is taken whole: its head, then one count line
            return REPEATS_COST if no == run[0] + 1 else 0
        if (cost := self.rendered.get(no)) is None:
            cost = self.rendered[no] = len(render_line(line.text)) + 1
        return cost

    def whole_runs(self, nos: list[int]) -> list[int]:
        """`nos` with every run of identical lines it touches taken whole."""
        out = set(nos)
        taken: set[tuple[int, int]] = set()
        for n in nos:
            run = self.runs.get(n)
            if run is not None and run not in taken:  # once per run: a long run would be quadratic
                taken.add(run)
                out.update(range(run[0], run[1] + 1))
        return sorted(out)

    def block_cost(self, nos: list[int]) -> int:
        """Characters the lines would add, with the change in block headers they cause (a new
        separate block costs a header; a line joining two blocks saves one)."""
        nos = self.whole_runs(nos)
        new = sorted({n for n in nos if n not in self.chosen and self.view.get(n) is not None})
        if not new:
            return 0
        cost = sum(self.line_cost(n) for n in new)
        start = new[0]
        for i, n in enumerate(new):
            last = i + 1 == len(new) or new[i + 1] != n + 1
            if not last:
                continue
            before, after = (start - 1) in self.chosen, (n + 1) in self.chosen
            if before and after:
                cost -= HEADER_COST
            elif not before and not after:
                cost += HEADER_COST
            if i + 1 < len(new):
                start = new[i + 1]
        return cost

    def add(self, nos: list[int]) -> bool:
        nos = self.whole_runs(nos)
        cost = self.block_cost(nos)
        if cost == 0:
            return True
        if self.cost + cost > self.budget:
            return False
        self.chosen.update(n for n in nos if self.view.get(n) is not None)
        self.cost += cost
        return True


def build_excerpt(
    view: View,
    st: Structure,
    evidence: dict[int, float],
    budget_tokens: int,
    instances: Sequence[int] = (),
    tasks: dict[int, str] | None = None,
    first: int | None = None,
) -> Excerpt:
    """`instances`: log lines of the first error of each error group, most important first; each
    is shown whole (from its section header or traceback start) before repetitions get space.
    `first`: the log line of the first error record; its block comes before the best lines' when
    it is short and in the failing step (see _lead). When no tool reported an error record (no
    `first`, no `instances`), the first line of the failing step that opens an error's report
    stands for it (see _first_reported).
    `tasks`: the task-runner prefix of each line that has one (see `Tasks`)."""
    if not view.lines or budget_tokens <= 0:
        return Excerpt()
    budget_chars = budget_tokens * 4
    failed_branches = frozenset(branch_label(name) for _, name in st.failed_branches)
    lines = Tasks(view, tasks or {}, evidence, frozenset(f.line for f in st.failures if f.job_level), failed_branches)
    scores = _scores(lines, st, evidence)
    sel = _Selector(view, budget_chars - 16)
    # 1. What the job says about itself: job name, the failing step's header and script, the
    #    failure lines.
    _add_job_lines(view, sel, st)
    # 1b. The first complete instance of each error group (a repeated error is shown once, whole),
    #     those after the job's failure (see _end_of_job) last.
    end = _end_of_job(st)
    # A report printed again (echo_lines) is shown where it first shows.
    instances = list(dict.fromkeys(lines.echoes.get(no, no) for no in instances))
    instances = sorted(instances, key=lambda no: end is not None and no > end)
    first = lines.echoes.get(first, first) if first is not None else None
    _add_instances(lines, sel, scores, instances, int(budget_chars * INSTANCE_SHARE))
    # 2. The output just before the failure, contiguous: verdicts and summaries live there.
    _add_tails(lines, sel, scores, st, budget_chars)
    # 3. Blocks around the best lines, after the first error's (see _lead), and spare budget
    #    widening them (see _grow).
    if first is None and not instances:
        first = _first_reported(lines, st, scores)
    _grow(lines, sel, scores, st, _lead(lines, sel, st, scores, first, end), end)
    return _fitted(view, sel, scores, budget_tokens)


def _grow(
    lines: Tasks, sel: _Selector, scores: dict[int, float], st: Structure, lead: int | None, end: int | None
) -> None:
    """Blocks around the best lines (`lead` first), then spare budget widening the chosen blocks (a line
    after, then before; the edges beside the best lines first), tier by tier: the primary failing step's
    report (of several failing steps, until nothing grows), then the other failing steps' (Travis runs
    every script command: a later one that fails too is a second failure or a consequence, whose last
    lines the window before its failure line shows already), then the failing steps' every line (until
    nothing grows), then what the CI ran after it (because it failed first), then the rest up to the job's
    failure. A seed outside
    the failing steps that reports an error before the primary failure (a build run with `|| true`)
    comes right after the primary step's seeds, before its widening, and so does a line after the job's
    failure that repeats the failing steps' report (the CI's diagnostics of that failure: see
    _repeats_failing_steps); one that only names an error waits (see _in_failing_steps). Once the
    failing steps' reports have grown until nothing grows, what ran after the failure comes before the
    lines above the failing steps (see _after_failure). What the primary step printed above its first
    line reporting a failure (a build's warnings before a test run's report) waits with the setup's
    lines (see _above_report), and so does a report printed again (a retried command's, see echo_lines),
    once its first instance is seeded: growing beside it, the copies took half of the room of a long
    first instance."""
    inside = _in_failing_steps(st)
    primary = _in_region(st.region) if st.region is not None and len(st.regions) > 1 else inside
    before_end = _up_to(end)
    before_primary = _up_to(st.primary.line - 1) if st.primary is not None else before_end
    above = _above_report(lines, scores, primary)
    waiting = lambda no: above(no) or no in lines.echoes  # noqa: E731 (a report printed again waits too)
    held = lambda no: above(no) or no in lines.echoes or no in lines.repeats  # noqa: E731 (see repeat_lines)
    report = _but(primary, held)
    after = lambda no: end is not None and no > end  # noqa: E731 (what the CI ran after the job's failure)
    reaction = _stage(st, "after_failure")
    if end is not None and not _reports_any_failure(lines, scores, primary):
        # The failing step printed no failure of its own (a build, passing suites, then its exit): its
        # report went to a file that what ran after the failure `cat`s (CTest's LastTest.log, automake's
        # test-suite.log, a runner's report), so that gets its room before the step's lines seed.
        _grow_after(lines, sel, scores, after, reaction)
    _seed_blocks(lines, sel, scores, lead, report)
    _seed_blocks(lines, sel, scores, inside=lambda no: _reports_error(lines, no) and before_primary(no))
    _seed_blocks(lines, sel, scores, inside=_repeats_failing_steps(lines, scores, primary, end))
    rounds = WIDEN_ROUNDS if primary is inside else WIDEN_BEFORE_END
    _widen(lines, sel, scores, report, rounds=rounds)
    _widen(lines, sel, scores, _but(primary, waiting), rounds=rounds)  # then its copies (a diff's alike rows)
    _grow_failing(lines, sel, scores, (inside, primary, before_end), (held, waiting))
    _after_failure(lines, sel, scores, after, reaction)
    _seed_blocks(lines, sel, scores, inside=before_end)
    _widen(lines, sel, scores, before_end, rounds=WIDEN_BEFORE_END)
    _seed_blocks(lines, sel, scores)
    _widen(lines, sel, scores)


def _grow_failing(
    lines: Tasks,
    sel: _Selector,
    scores: dict[int, float],
    steps: tuple[Callable[[int], bool], Callable[[int], bool], Callable[[int], bool]],
    waits: tuple[Callable[[int], bool], Callable[[int], bool]],
) -> None:
    """The failing steps' lines once the primary step's report has grown (`steps`: in the failing steps, in
    the primary one, up to the job's failure), those that wait (`waits`: what waits for the steps' reports,
    and of it what a repeated block's later copies do not wait for, see repeat_lines) out, then its copies."""
    inside, primary, before_end = steps
    held, waiting = waits
    if primary is not inside:
        _seed_blocks(lines, sel, scores, inside=_but(inside, held))
        _widen(lines, sel, scores, _but(inside, held))
    for wait in (held, waiting):
        _widen(lines, sel, scores, _but(lambda no: inside(no) and before_end(no), wait), rounds=WIDEN_BEFORE_END)


def _after_failure(
    lines: Tasks,
    sel: _Selector,
    scores: dict[int, float],
    after: Callable[[int], bool],
    reaction: Callable[[int], bool],
) -> None:
    """What the CI ran after the job's failure, once the failing steps have grown until nothing grows and
    before the lines above them (the setup, a passing build's warnings): up to AFTER_SHARE of the budget,
    then the rest of its seeds and their widening. A runner's report that after_failure `cat`s (CTest's
    LastTest.log, a test suite's log) holds the failure's only details when the step printed a summary,
    which repeats none of its lines. Round 18's order (AFTER_SHARE, then the setup's lines, then the rest of
    what ran after the failure) gave a failing step's downloads or a setup's install lines the room of such a
    report: bench/perturb_excerpts.py's report-in-after-failure fell from 0.821 / 0.734 (ef48e22) to 0.142 / 0.107
    (e861b7e) at 2,000 tokens, as the held-out half fell. Of what ran after the failure, the stages run because the
    job failed (`reaction`: Travis' after_failure) come first, in the share and after it: see
    _grow_after. Travis' after_script, run whatever the job returned (a coverage upload, a deploy hook), is
    what ran after the failure too: a .travis.yml may `cat` its test log there rather than in after_failure
    (bench/perturb_excerpts.py's report-in-after-script kept 0.068 / 0.061 of such a report at 2,000 tokens
    while after_script waited with the rest of the log, 0.834 / 0.738 here); its coverage upload costs the
    failing step's lines above its report below 2,000 tokens."""
    _grow_after(lines, sel, scores, after, reaction)
    _seed_after(lines, sel, scores, after, reaction)


def _grow_after(
    lines: Tasks,
    sel: _Selector,
    scores: dict[int, float],
    after: Callable[[int], bool],
    reaction: Callable[[int], bool],
) -> None:
    """Blocks around the best lines after the job's failure and their widening, spending at most AFTER_SHARE
    of the budget: those of a stage run because the job failed first (Travis' after_failure: the suite's log,
    the runner's report it `cat`s), then the rest (after_script's coverage upload, deploy hooks, the runner's
    cleanup). Scored as one, a coverage upload's chained tracebacks took the share from the pytest report
    after_failure printed (none of its three errors at 600 tokens)."""
    budget = sel.budget
    sel.budget = min(budget, sel.cost + int(budget * AFTER_SHARE))
    try:
        _seed_after(lines, sel, scores, after, reaction)
    finally:
        sel.budget = budget


def _seed_after(
    lines: Tasks,
    sel: _Selector,
    scores: dict[int, float],
    after: Callable[[int], bool],
    reaction: Callable[[int], bool],
) -> None:
    """Seeds after the job's failure and their widening: the stage run because the job failed first. A seed's
    block stays inside the lines it is seeded for (after_failure's, then all after the failure)."""
    for inside in (_both(after, reaction), after):
        _seed_blocks(lines, sel, scores, inside=inside, clip=True)
        _widen(lines, sel, scores, inside)


def _both(one: Callable[[int], bool], other: Callable[[int], bool]) -> Callable[[int], bool]:
    return lambda no: one(no) and other(no)


def _above_report(lines: Tasks, scores: dict[int, float], primary: Callable[[int], bool]) -> Callable[[int], bool]:
    """Whether a line is of the primary failing step and above its first line that reports a failure
    (FAILURE_SCORE, unweighted): what the step printed before its report (a build's warnings with their
    source and caret lines, a deprecation, progress). Such lines wait with the setup's, until the failing
    steps' reports have grown until nothing grows: seeded with the report and widened beside it, a
    build's hundreds of warnings took most of the room of a long report below them (a Jest diff, a
    CTest log, erlang.mk's Common Test run under `make check`)."""
    start = next((no for no in scores if primary(no) and _reports_failure(lines, no)), None)
    return lambda no: start is not None and no < start and primary(no)


def _reports_any_failure(lines: Tasks, scores: dict[int, float], primary: Callable[[int], bool]) -> bool:
    """Whether a line of the primary failing step, other than where the job says it failed, reports a
    failure: a tool's evidence of one, or a failure's words (FAILURE_SCORE) outside paths and options
    (not git's build's `GEN perl/build/lib/Git/Error.pm` or its runner's `--state=failed,slow`), in
    a line that is no passing verdict."""
    return any(primary(no) and no not in lines.ends and _says_failure(lines, no) for no in scores)


def _closing_block(lines: Tasks, step: Callable[[int], bool], end: int) -> Callable[[int], bool]:
    """The failing step's last block of output before the job's failure line `end` (up to the blank line above
    it, at most CLOSING_BLOCK lines): where a step that reported its own failure left its report (a backtrace's
    frames below its error, a test runner's summary)."""
    last = end - 1
    while last >= 1 and step(last) and not lines.text(last).strip():
        last -= 1
    first = last
    while first - 1 >= max(1, last - CLOSING_BLOCK) and step(first - 1) and lines.text(first - 1).strip():
        first -= 1
    return lambda no: first <= no <= last


def _read_failure(lines: Tasks, scores: dict[int, float], primary: Callable[[int], bool]) -> bool:
    """Whether a parser read a failure (evidence of FAILURE_SCORE) in the primary failing step, other than
    where the job says it failed: a tool's words a parser knows, not a generic line's (make's `***`)."""
    return any(primary(no) and no not in lines.ends and lines.evidence.get(no, 0.0) >= FAILURE_SCORE for no in scores)


def _says_failure(lines: Tasks, no: int) -> bool:
    text = lines.text(no)
    if says_passed(text):
        return False
    if lines.evidence.get(no, 0.0) >= FAILURE_SCORE:
        return True
    words = " ".join(w for w in text.split() if "/" not in w and "\\" not in w and not w.startswith("-"))
    return line_score(words) >= FAILURE_SCORE


def _but(inside: Callable[[int], bool], held: Callable[[int], bool]) -> Callable[[int], bool]:
    return lambda no: inside(no) and not held(no)


def _reports_failure(lines: Tasks, no: int) -> bool:
    return max(lines.evidence.get(no, 0.0), line_score(lines.text(no))) >= FAILURE_SCORE


def _repeats_failing_steps(
    lines: Tasks, scores: dict[int, float], primary: Callable[[int], bool], end: int | None
) -> Callable[[int], bool]:
    """Whether a line after the job's failure repeats a line of the primary failing step's report
    (automake's `FAIL: tests/x` again in the `cat test-suite.log` of after_failure, a runner's log cat
    there): the CI's diagnostics of that failure, whose details the step itself may not print, not the
    noise of what ran after it (a coverage upload's traceback, config.log's compiler probes), which
    repeats nothing of the report. Not a later failing step's lines: a command that failed after the
    primary one (a coverage upload in the script) and ran again after the failure (the same upload in
    after_script) repeated its own traceback, which was seeded before the primary report grew and took
    two thirds of the budget from a Jest diff above (kept 54 of its 238 lines)."""
    if end is None:
        return lambda no: False
    said = {lines.text(no).strip() for no, s in scores.items() if s >= SEED_MIN and no <= end and primary(no)}
    said.discard("")
    return lambda no: no > end and no not in lines.echoes and lines.text(no).strip() in said


def _primary_step(st: Structure) -> Callable[[int], bool]:
    """Whether a line is output of the primary failing step (of the failing steps, when there is one)."""
    return _in_region(st.region) if st.region is not None and len(st.regions) > 1 else _in_failing_steps(st)


def _in_region(region: tuple[int, int]) -> Callable[[int], bool]:
    return lambda no: region[0] <= no <= region[1]


def _add_job_lines(view: View, sel: _Selector, st: Structure) -> None:
    """The job's name, the failing step's header and script, and the job-level and primary failure
    lines (with the line before each, when it says something)."""
    for no in st.key_lines:
        sel.add([no])
    for failure in st.failures[:6]:
        if failure.job_level or failure is st.primary:
            sel.add([failure.line - 1, failure.line] if _nonblank(view, failure.line - 1) else [failure.line])


def _add_instances(lines: Tasks, sel: _Selector, scores: dict[int, float], instances: Sequence[int], room: int) -> None:
    """Each error group's first instance, whole, most important first, while `room` (characters) lasts."""
    for no in instances[:MAX_INSTANCES]:
        room -= _add_instance(lines, sel, no, room, scores)
        if room <= 0:
            break


def _add_tails(lines: Tasks, sel: _Selector, scores: dict[int, float], st: Structure, budget_chars: int) -> None:
    """The window before the primary failure (within its step), and smaller ones before up to three
    other job-level failures."""
    end = st.primary.line if st.primary is not None else lines.view.total_lines + 1
    floor = st.region[0] if st.region is not None else 0
    cut = _window_before(lines, sel, scores, end, floor, int(budget_chars * TAIL_SHARE), TAIL_MAX_LINES)
    if cut is not None:
        _add_list_head(lines, sel, cut, floor, int(budget_chars * LIST_HEAD_SHARE))
    others = [f for f in st.failures if f.job_level and f is not st.primary][:3]
    for other in others:
        floor = max((r[0] for r in st.regions if r[0] < other.line), default=0)
        _window_before(lines, sel, scores, other.line, floor, int(budget_chars * TAIL_SHARE / 6), TAIL_MAX_LINES // 6)


def _fitted(view: View, sel: _Selector, scores: dict[int, float], budget_tokens: int) -> Excerpt:
    """The chosen lines rendered; the lowest-scoring dropped until the excerpt fits."""
    excerpt = _render(view, sel.chosen)
    # The cost model is exact up to line-number widths; make sure anyway.
    while excerpt.tokens > budget_tokens and sel.chosen:
        sel.chosen.discard(min(sel.chosen, key=lambda n: (scores.get(n, 0.0), -n)))
        excerpt = _render(view, sel.chosen)
    return excerpt


def _lead(
    lines: Tasks, sel: _Selector, st: Structure, scores: dict[int, float], first: int | None, end: int | None
) -> int | None:
    """`first`, the first error a tool reported, as the seed to take before the best lines when
    it is in the failing step and its block is short (at most FIRST_SHARE of the budget): of
    several failures reported one after another the first is often the cause of the rest, while
    the window before the failure shows the last ones and the position weight favours them. A
    long report is left to its score, so as not to crowd out the others. When no tool reported an
    error before the job's failure (`end`), no parser read a failure in the failing step and the
    first error is in a stage run because the job failed (Travis' after_failure: see _stage), it is
    the failing step's report that stage `cat`s (CTest's LastTest.log, automake's test-suite.log). Not
    where a parser read the step's own report (a Jest diff): a log cat'ed then is the set-up's
    (config.log's compiler probes); nor where the step's last block says a failure in any words (an
    Emacs backtrace: what after_failure cats then is a service's log, its tracebacks its own); nor in
    a stage run whatever the job returned (after_script's coverage upload), whose errors caused nothing."""
    if first is not None and end is not None and first > end and _stage(st, "after_failure")(first):
        step = _primary_step(st)
        if _read_failure(lines, scores, step) or _reports_any_failure(lines, scores, _closing_block(lines, step, end)):
            return None
        return first if sel.block_cost(_block(lines, first, scores)) <= sel.budget * FIRST_SHARE else None
    if first is None or (st.primary is not None and first >= st.primary.line):
        return None
    if st.region is not None and not st.region[0] <= first <= st.region[1]:
        return None
    return first if sel.block_cost(_block(lines, first, scores)) <= sel.budget * FIRST_SHARE else None


def _first_reported(lines: Tasks, st: Structure, scores: dict[int, float]) -> int | None:
    """For a log in which no tool parser found an error record: the first line of the failing
    step's output, before its failure line, that opens an error's report (see _opens_report). Of
    several failures printed one after another the first is often the cause of the rest, and the
    one the window before the failure and the position weight miss."""
    if st.region is None:
        return None
    low, high = st.region
    if st.primary is not None:
        high = min(high, st.primary.line - 1)
    for no in scores:  # in line order (see _scores); only lines with any score can report
        if low <= no <= high:
            text = lines.text(no)
            if no not in lines.listing and (_opens_report(text) or _heads_report(text)):
                return no
        elif no > high:
            break
    return None


# A runner's progress line giving a named test's verdict last (unittest's `test_x (m.T) ... ERROR`,
# pytest's `t.py::test_x FAILED`): the failure's report comes later. Anchored at the end, bounded.
_PROGRESS_VERDICT = Regex(r"\b(?:ERROR|FAIL(?:ED)?)\W{0,3}$")


def _opens_report(text: str) -> bool:
    """The line reports an error (ERROR_SCORE: `error: ...`, an exception, a traceback, `fatal:`),
    not a summary counting failures, a passing verdict or a test's progress verdict."""
    return (
        line_score(text) >= ERROR_SCORE
        and not _PROGRESS_VERDICT.search(text)
        and not counts_failures(text)
        and not says_passed(text)
    )


def _heads_report(text: str) -> bool:
    """The line announces the failures listed below it (PHPUnit's `There were 3 errors:`, RSpec's and
    minitest's `Failures:`, cargo test's `failures:`): a failure's words (FAILURE_SCORE) closing on a
    colon, where a closing summary ends with its counts or a verdict."""
    stripped = text.rstrip()
    return stripped.endswith(":") and line_score(stripped) >= FAILURE_SCORE and not says_passed(stripped)


def _in_failing_steps(st: Structure) -> Callable[[int], bool]:
    """Whether a line is output of a failing step (any line, when the log shows no step): a
    report there longer than its room (a stack, an assertion's diff) is worth its next lines more
    than a line outside that merely names an error (a changelog's `Fix undefined method error`,
    a passing suite's warnings), though not more than one outside that reports one (see
    _reports_error)."""
    regions = st.regions or ([st.region] if st.region is not None else [])
    if not regions:
        return lambda no: True
    return lambda no: any(a <= no <= b for a, b in regions)


def _end_of_job(st: Structure) -> int | None:
    """Where the job says it failed (its last failing step's line; else the failure a tool
    reported): below it run the CI's after_failure and after_script steps and its cleanup, whose
    errors (a coverage upload without network, `cat config.log`'s compiler probes, a cache) come
    after the failure and did not cause it."""
    ends = [f.line for f in st.failures if f.job_level]
    return max(ends) if ends else (st.primary.line if st.primary is not None else None)


def _stage(st: Structure, name: str) -> Callable[[int], bool]:
    """Whether a line is of Travis' after stage `name` (Structure.after_stages): `after_failure`, run because
    the job failed (a test suite's log or a runner's report `cat`ed), or `after_script`, run whatever the job
    returned (coverage uploads, deploy hooks, another build)."""
    spans = [(first, last) for stage, first, last in st.after_stages if stage == name]
    return lambda no: any(first <= no <= last for first, last in spans)


def _up_to(end: int | None) -> Callable[[int], bool]:
    """Whether a line is at or above `end` (any line, when there is none)."""
    return lambda no: end is None or no <= end


def _reports_error(lines: Tasks, no: int) -> bool:
    """Line `no` reports an error by itself (a tool's evidence or a generic score of ERROR_SCORE:
    `error: ...`, an exception, `fatal:`): outside the failing steps, an error a command that went
    on printed (a build run with `|| true`, a make -k) may be the cause of the failure after it."""
    return max(lines.evidence.get(no, 0.0), line_score(lines.text(no))) >= ERROR_SCORE


def _seed_blocks(
    lines: Tasks,
    sel: _Selector,
    scores: dict[int, float],
    first: int | None = None,
    inside: Callable[[int], bool] = lambda no: True,
    clip: bool = False,
) -> None:
    """The block around each line scoring at least SEED_MIN and `inside`, best first (`first`
    before them), while the budget lasts; with `clip`, only the block's lines `inside`."""
    seeds = sorted(
        (no for no, s in scores.items() if s >= SEED_MIN and no != first and inside(no)),
        key=lambda no: (scores[no], no),
        reverse=True,
    )
    for no in [first, *seeds] if first is not None else seeds:
        if no in sel.chosen and (no + 1) in sel.chosen:
            indent = _indent(lines.text(no))
            above = _lines_above(lines, no, indent) if no - 1 not in sel.chosen and indent else []
            if above and _indent(lines.text(above[0])) < indent and not sel.add(above):
                # Shown already, from this indented line down (the window before the failure ends
                # at it): the heading it hangs under (ESLint's file above its `3:8  error ...`
                # lines) is added, with the lines between when they fit.
                sel.add(above[:1])
            continue
        block = [n for n in _block(lines, no, scores) if not clip or inside(n)]
        if not sel.add(block):
            # Too big for what is left: the part of the block nearest the seed that fits in
            # part of the remaining budget.
            room = int((sel.budget - sel.cost) * PARTIAL_SHARE)
            near = _nearest(sel, block, no, room, _heading(lines, block, no))
            if not sel.add(_seed_instance(lines, sel, block, no, room) or near):
                sel.add([no])
        if sel.cost >= sel.budget - 40:
            return


def _window_before(
    lines: Tasks, sel: _Selector, scores: dict[int, float], end: int, floor: int, chars: int, max_lines: int
) -> int | None:
    """Add lines going back from `end` (exclusive) while they fit in `chars` and `max_lines`, and
    stop at a long run of lines without any evidence (passing tests, progress, install logs).
    Lines of parallel tasks that reported no failure are passed over, and so are a run that passed
    and a table (_above_quiet_list) when a failure's report is above (_failure_above). Returns the
    last line taken when its room (`chars`, `max_lines`, the budget) cut the window, not what it met."""
    spent = taken = quiet = skipped = repeated = 0
    no = end - 1
    last: int | None = None
    while no > floor:
        if taken >= max_lines:
            return last
        if lines.view.get(no) is None:
            break
        if no in sel.chosen and no in sel.runs:  # a run of identical lines, already taken whole
            no -= 1
            continue
        if lines.unseen(no) or no in lines.echoes or no in lines.repeats:  # a copy: its first instance is above
            repeated, skipped = repeated + (no in lines.repeats), skipped + (no not in lines.repeats)
            if skipped > SKIP_MAX or repeated > LIST_SCAN:  # a block's copies: the report's head is above them
                break
            no -= 1
            continue
        quiet = quiet + 1 if scores.get(no, 0.0) < QUIET_SCORE else 0
        # Over each table after the report once its rows show it is one (a coverage table, a benchmark's timings)
        top = _over_table(lines, sel, scores, no, floor, quiet)
        if top is not None:
            no, quiet = top, 0
            continue
        if quiet > QUIET_RUN:
            break
        cost = sel.block_cost([no])
        if spent + cost > chars or not sel.add([no]):
            return last
        spent += cost
        taken += 1
        last = no
        if says_passed(lines.text(no)):
            # Above it is a run that passed (another suite, a parallel job's part): pass over it
            # to the failing run above, if one is near; else the context ends here.
            above = _failure_above(lines, no, floor)
            if above is None:
                break
            no, quiet = above, 0
            continue
        no -= 1
    return None


def _over_table(lines: Tasks, sel: _Selector, scores: dict[int, float], no: int, floor: int, quiet: int) -> int | None:
    """The line above the table line `no` ends (see _above_quiet_list), `quiet` lines into a run without
    evidence: a table whose rows share their columns from its last row (the rows above it share its
    layout), a list of alike rows once QUIET_RUN / 2 of them were taken. A table's rows passed over (not
    a list's: make -k -j2's alike commands are the report's) are no context for widening (_Selector.passed)."""
    row = no - 1 if _RULE.match(lines.text(no)) else no  # a rule under the table (`-----`) is the table's
    last_row = quiet > 0 and lines.view.get(row) is not None and _columned(lines, scores, row, -1)
    if not last_row and quiet <= QUIET_RUN // 2:
        return None
    top = _above_quiet_list(lines, scores, row, floor, last_row)
    if top is not None and last_row:
        sel.add([row])  # the table's last row stays: the reader sees a table ended there
        sel.passed.update(range(top + 1, no + 1))
        sel.passed.discard(row)
    elif top is not None and _columned(lines, scores, no, 1):
        sel.passed.update(range(top + 1, no + 1))
    return top


def _add_list_head(lines: Tasks, sel: _Selector, cut: int, floor: int, room: int) -> None:
    """When the window before the failure was cut inside a list of alike rows (a linter's or a
    link checker's findings, one per line: see _row_key), the list's heading and first rows too,
    within `room`: the window shows its last rows and the count after them, and the first rows
    are where the list starts, often the first thing that went wrong."""
    key = _row_key(lines.text(cut))
    if not key or lines.view.get(cut - 1) is None or _row_key(lines.text(cut - 1)) != key:
        return
    start = cut - 1
    while start - 1 > max(floor, cut - LIST_SCAN) and lines.view.get(start - 1) is not None:
        if _row_key(lines.text(start - 1)) != key:
            break
        start -= 1
    block = list(range(start, min(start + LIST_HEAD_LINES, cut)))
    while len(block) > 1 and sel.block_cost(block) > room:
        block.pop()
    if start - 1 > floor and _nonblank(lines.view, start - 1) and sel.block_cost([start - 1, *block]) <= room:
        block.insert(0, start - 1)  # the heading, when it fits beside the first rows
    sel.add(block)


def _row_key(text: str) -> str:
    """What rows of one list share: the start of their shape (`pkg/mod#.py:`, `##. [L####] ###`);
    empty for a line too short to tell, indented deeper than a list's rows are (a source
    listing's lines inside a report share shapes too), or a passing verdict."""
    if _indent(text) > ROW_INDENT or passing_verdict(text):
        return ""
    key = shape(text)[:ROW_KEY_CHARS]
    return key if len(key) == ROW_KEY_CHARS else ""


# A table's column rule: `|` between cells (istanbul's `  cart.js  |   62.5 |`, a Markdown table), or a
# cell's right edge in a table aligned with spaces (coverage.py's `shop/cart.py   8   3   62%`).
_CELL_EDGE = Regex(r"\|| ?\S(?= {2}| ?$)")
COLUMNS_MIN = 3  # column edges a row needs to read as a table's
# how far one row's column edge may stand from another's: pytest-benchmark aligns a ratio's `(` and
# lets `(1.0)` end one short of `(1.01)`
COLUMN_SLACK = 2


def _columns(text: str) -> tuple[int, ...]:
    """Where a table row's columns are, past its first cell: the offsets of its `|` rules when it has
    some, else of its cells' right edges (numbers are right-aligned); empty for a line with fewer than
    COLUMNS_MIN. A table's rows share these even where their first cells (file names) share no start."""
    rest = text.rstrip()
    first = len(rest) - len(rest.lstrip())
    first += len(re.split(r"[ |]", rest[first:], maxsplit=1)[0])
    pipes = tuple(i for i, ch in enumerate(rest) if ch == "|" and i >= first)
    if pipes:
        return pipes if len(pipes) >= COLUMNS_MIN else ()
    edges = tuple(m.end() for m in _CELL_EDGE.finditer(rest, first))
    return edges if len(edges) >= COLUMNS_MIN else ()


def _above_quiet_list(lines: Tasks, scores: dict[int, float], no: int, floor: int, columned: bool) -> int | None:
    """The line just above the table whose list of alike rows line `no` ends (see _row_key: the
    quiet run the window met ends with QUIET_RUN / 2 rows of one shape, or of one column layout,
    _columns: a coverage table's rows, each a file's name, share only their columns; the table goes
    on up over its header and rules while its lines have no evidence and are its rows, see
    _table_row), when a line within SKIP_MAX lines above it reports a failure (see _failure_above):
    the window before the failure goes on there instead of stopping in the table. `columned`: `no`
    is known to be a table's row. None when `no` ends no such list."""
    key, columns = _row_key(lines.text(no)), _columns(lines.text(no))
    alike = bool(key) and all(_row_key(lines.text(n)) == key for n in range(no, no + QUIET_RUN // 2))
    if not columned and not alike and not _columned(lines, scores, no, 1):
        return None
    top = no
    while top - 1 > floor and no - top < LIST_SCAN and lines.view.get(top - 1) is not None:
        if scores.get(top - 1, 0.0) >= QUIET_SCORE or not _table_row(lines.text(top - 1), key, columns):
            break
        top -= 1
    return top - 1 if top - 1 > floor and _failure_above(lines, top, floor) is not None else None


def _columned(lines: Tasks, scores: dict[int, float], no: int, step: int) -> bool:
    """Whether line `no` and the QUIET_RUN / 2 - 1 lines after it (`step` 1) or before it (-1) are a table's
    rows without evidence, of one column layout (see _same_layout)."""
    columns = _columns(lines.text(no))
    if not columns:
        return False
    others = range(no + step, no + step * (QUIET_RUN // 2), step)
    return all(
        lines.view.get(n) is not None
        and scores.get(n, 0.0) < QUIET_SCORE
        and _same_layout(_columns(lines.text(n)), columns)
        for n in others
    )


def _same_layout(one: tuple[int, ...], other: tuple[int, ...]) -> bool:
    """Two rows' column edges (see _columns) are one table's: as many, each within COLUMN_SLACK."""
    return len(one) == len(other) and all(abs(a - b) <= COLUMN_SLACK for a, b in zip(one, other, strict=True))


_RULE = Regex(r"^[-=+|\s]{3,}$")  # a table's rule: `----|----`, `=====`, `+---+`


def _table_row(text: str, key: str, columns: tuple[int, ...]) -> bool:
    """Whether `text` is a row of the table whose rows share `key` (see _row_key) or `columns` (see
    _columns), or one of its rules; the report's last line above the table is none (TAP's
    `# duration_ms 160.4`, a runner's `Ran all test suites.`): taken for a row, the window passed
    over it and it was not shown."""
    if _RULE.match(text):
        return True
    return bool((key and _row_key(text) == key) or (columns and _same_layout(_columns(text), columns)))


def _failure_above(lines: Tasks, no: int, floor: int) -> int | None:
    """The nearest line above the passing run that ends at `no` that reports a failure (a tool's
    evidence or a generic score of FAILURE_SCORE, not itself a passing line), within SKIP_MAX
    lines other than passing ones (up to LIST_SCAN lines in all) and above `floor`: in a sequence of
    suites run one after another, the failing one is often followed by passing ones, and its report
    is the failure's context, not theirs. A verbose run's passing results do not count: 300 of
    `test_x PASSED [ 1%]` printed after the report (a runner that reports failures first) left the
    window before the failure with nothing, and the report was seeded from its best lines."""
    others = 0
    for n in range(no - 1, max(floor, no - LIST_SCAN - 1), -1):
        if lines.view.get(n) is None:
            return None
        text = lines.text(n)
        if says_passed(text):
            continue
        if max(lines.evidence.get(n, 0.0), line_score(text)) >= FAILURE_SCORE:
            return n
        others += 1
        if others > SKIP_MAX:
            return None
    return None


def _add_instance(lines: Tasks, sel: _Selector, no: int, room: int, scores: dict[int, float]) -> int:
    """Add the error instance ending at `no`, from its start (its section header or traceback
    start) through `no`, cut to fit `room`; returns the characters spent. An instance longer than
    INSTANCE_MAX_LINES or than `room` keeps its head (what failed: the test's name and its own
    failing line) and, with the rest, its tail (how: the error), as a capped text does. Without a
    start above it, the error is one that opens its own report (a compiler's `error[E0308]: ...`
    over its location and source lines): its block, as a seed's, nearest lines first."""
    start = _instance_start(lines, no)
    if start is None:
        around = _block(lines, no, scores)
        block = _nearest(sel, around, no, room, _heading(lines, around, no))
    else:
        task = lines.prefixes.get(no)
        block = [n for n in range(start, no + 1) if lines.view.get(n) and not lines.other(n, task)]
        if len(block) > INSTANCE_MAX_LINES or sel.block_cost(block) > room:
            block = _long_instance(lines, sel, block, room)
    while len(block) > 1 and sel.block_cost(block) > room:
        block.pop(0)
    before = sel.cost
    sel.add(block)
    return sel.cost - before


def _seed_instance(lines: Tasks, sel: _Selector, block: list[int], no: int, room: int) -> list[int]:
    """For a seed whose block does not fit `room` and that sits in an error instance (below its
    section header or traceback start, or that line itself): the instance through the block's
    end, cut as a long instance is (head, errors, frames, tail) with the seed kept; empty when the
    seed is in none, or the cut would lose it or add nothing not already shown."""
    start = no if _INSTANCE_START.match(lines.text(no)) else _instance_start(lines, no)
    if start is None:
        return []
    task = lines.prefixes.get(no)
    instance = [n for n in range(start, block[-1] + 1) if lines.view.get(n) and not lines.other(n, task)]
    kept = _long_instance(lines, sel, instance, room)
    # A cut of lines already shown adds nothing: the seed's nearest lines do (see build_excerpt).
    return kept if no in kept and not sel.chosen.issuperset(kept) else []


def _long_instance(lines: Tasks, sel: _Selector, block: list[int], room: int) -> list[int]:
    """The lines of an instance too long for `room`: its head (what failed: the test's name and
    its own failing line) in INSTANCE_HEAD_SHARE of the room, its last lines (how: the error),
    then between them the lines that say more than source listings do: errors and chained
    causes first, then each frame's location with its source line, innermost first (the path
    the failure took: `client.py:22: in get`, `File "x.py", line 3, in f`, `at pkg.C(C.java:12)`);
    what room is left extends the tail upwards, as a capped text keeps its end."""
    head = block[:INSTANCE_HEAD_LINES]
    while len(head) > 1 and sel.block_cost(head) > room * INSTANCE_HEAD_SHARE:
        head.pop()
    middle = block[len(head) :]
    tail = middle[-INSTANCE_TAIL_LINES:]
    while tail and sel.block_cost(head + tail) > room:
        tail.pop(0)
    middle = middle[: len(middle) - len(tail)]
    kept = set(head + tail)
    for piece in _telling_pieces(lines, middle):
        if sel.block_cost(sorted(kept.union(piece))) <= room:
            kept.update(piece)
    for n in reversed(middle[-(INSTANCE_MAX_LINES - len(tail)) :] if len(tail) < INSTANCE_MAX_LINES else []):
        if n in kept:
            continue
        if sel.block_cost(sorted(kept | {n})) > room:
            break
        kept.add(n)
    for n in middle:  # a gap of one short line costs less shown than as a block header
        gap = n not in kept and n - 1 in kept and n + 1 in kept
        if gap and sel.block_cost(sorted(kept | {n})) <= sel.block_cost(sorted(kept)):
            kept.add(n)
    return sorted(kept)


class Telling(enum.StrEnum):
    """What makes a line of a failure's report worth more than its neighbours."""

    ERROR = "error"  # the error itself or a chained cause, as the runner or the error prints it
    FRAME = "frame"  # a frame's location: the path the failure took
    VERDICT = "verdict"  # a runner's verdict or a summary's counts: what passed, what failed


def telling(text: str, evidence: float = 0.0) -> Telling | None:
    """What `text` tells of a failure, if anything (`evidence`: a tool parser's weight for the
    line). One definition for the excerpt, which keeps such lines of a report too long for its
    room, and for the benchmark's count of a labelled chunk's telling lines. A source listing's
    line that only names an error (`    raise ValueError(x)`) tells nothing by itself."""
    if _CHAINED.match(text) or (_reports(text) and max(evidence, line_score(text)) >= FAILURE_SCORE):
        return Telling.ERROR
    if _FRAME.match(text):
        return Telling.FRAME
    if passing_verdict(text) or says_passed(text) or counts_failures(text):
        return Telling.VERDICT
    return None


def _telling_pieces(lines: Tasks, middle: list[int]) -> list[list[int]]:
    """The middle of a long instance's lines worth keeping, most telling first: each error or
    chained cause (not a source listing's line that names one), then each frame's location with
    its source line, innermost (last) first, the project's frames before installed code's."""
    inside = set(middle)
    errors: list[list[int]] = []
    frames: list[list[int]] = []
    for i, n in enumerate(middle):
        kind = telling(lines.text(n), lines.evidence.get(n, 0.0))
        if kind is Telling.ERROR:
            errors.append([n])
        elif kind is Telling.FRAME:
            frames.append([n, *_frame_source(lines, middle, i, inside)])
    own = [f for f in frames if not LIBRARY.search(lines.text(f[0]))]
    return [*reversed(errors), *reversed(own), *reversed([f for f in frames if f not in own])]


def _reports(text: str) -> bool:
    """The line of a traceback is the runner's or the error's own, not a source listing's (code
    is indented, or marked `>` where it failed; pytest marks the error's lines `E`)."""
    return text.startswith((">", "E ")) or (_indent(text) == 0 and not _FRAME.match(text))


def _frame_source(lines: Tasks, middle: list[int], i: int, inside: set[int]) -> list[int]:
    """The source line a frame's location names: the next line when it is indented deeper (a
    Python traceback, pytest's short form), else the `>` line pytest's long form prints above
    its bare `file.py:22:` location."""
    n = middle[i]
    below = middle[i + 1] if i + 1 < len(middle) else None
    if below is not None and _indent(lines.text(below)) > _indent(lines.text(n)) and lines.text(below).strip():
        return [below]
    for m in reversed(middle[max(0, i - 4) : i]):
        if m in inside and lines.text(m).startswith(">"):
            return [m]
    return []


def _instance_start(lines: Tasks, no: int) -> int | None:
    """The line that starts the error instance ending at `no`, if one is within INSTANCE_SEARCH
    lines above it among its task's lines (a gap in the view ends the search)."""
    task = lines.prefixes.get(no)
    for k in range(1, INSTANCE_SEARCH + 1):
        if lines.view.get(no - k) is None:
            return None
        if not lines.other(no - k, task) and _INSTANCE_START.match(lines.text(no - k)):
            return no - k
    return None


def _nonblank(view: View, no: int) -> bool:
    line = view.get(no)
    return line is not None and bool(line.text.strip())


def _scores(lines: Tasks, st: Structure, evidence: dict[int, float]) -> dict[int, float]:
    shapes: Counter[str] = Counter()
    scores: dict[int, float] = {}
    regions = st.regions or ([st.region] if st.region is not None else [])
    failure_lines = {f.line for f in st.failures}
    end_of_job = _end_of_job(st)
    total = max(1, lines.view.total_lines)
    setup = st.setup_ranges
    si = 0
    ri = 0
    for line in lines.view.lines:
        no = line.no
        text = lines.text(no) if no in lines.prefixes else line.text
        if not text.strip() or no in lines.erased or no in lines.noise:
            continue
        if no in lines.view.tasks and lines.passed(no):  # a Jenkins branch that passed: its findings failed nothing
            continue
        base = max(evidence.get(no, 0.0), line_score(text), lines.diff.get(no, 0.0))
        if base <= 0.0:
            continue
        if no in failure_lines:
            base = max(base, 9.0)
        # Position: a failing step counts most (the later in it the better), cleanup least.
        while ri < len(regions) and regions[ri][1] < no:
            ri += 1
        if ri < len(regions) and regions[ri][0] <= no <= regions[ri][1]:
            end = regions[ri][1]
            factor = 1.3 + 0.5 * max(0.0, 1.0 - (end - no) / NEAR_END)
        elif end_of_job is not None and no > end_of_job:
            factor = 0.45
        elif regions:
            factor = 0.7 + 0.3 * no / total
        else:
            factor = 0.6 + 0.8 * no / total
        while si < len(setup) and setup[si][1] < no:
            si += 1
        if si < len(setup) and setup[si][0] <= no <= setup[si][1]:
            factor *= 0.25
        key = shape(text)
        seen = shapes[key]
        shapes[key] += 1
        if seen:
            factor /= 1.0 + 0.5 * math.log2(1 + seen)
        listed = no in lines.listing and no not in evidence  # seeds no block, still context (see LISTING_CAP)
        # A report printed again (echo_lines) seeds no block either: its first instance does.
        capped = listed or no in lines.echoes or no in lines.repeats  # a repeated block's later copies too
        scores[no] = min(base * factor, LISTING_CAP) if capped else base * factor
    return scores


def _block(lines: Tasks, no: int, scores: dict[int, float]) -> list[int]:
    """The seed line with a little context: the lines above it (see _lines_above) and the lines
    after that continue it (indented, stack frames, more evidence), at most 10 (40 in a trace;
    none after the job's failure line); in interleaved output, the seed's own task's lines."""
    seed_indent = _indent(lines.text(no))
    before = _lines_above(lines, no, seed_indent)
    if no in lines.ends:
        # The job's failure line: the window before it shows the report above (see _window_before), which
        # passes over a table printed after the report; followed up an indented run here, this block took
        # the table's last 40 rows (a coverage table's file rows) once the window had passed over them.
        before = before[-3:]
    after: list[int] = []
    blanks = 0
    limit = 0 if no in lines.ends else 10  # the job's failure line: its report is above it
    for k, n in enumerate(_task_lines(lines, no, 1), start=1):
        if k > limit or n in lines.noise or (n in lines.repeats and no not in lines.repeats):
            break  # a repeated block's later copy continues no report but its own (see repeat_lines)
        text = lines.text(n)
        if not text.strip():
            blanks += 1
            if blanks > 1:
                break
            after.append(n)
            continue
        blanks = 0
        if passing_verdict(text):
            break
        continues = (
            _indent(text) > seed_indent
            or scores.get(n, 0.0) > 0
            or text.lstrip().startswith(("at ", "File ", "|", "^", "~", "-", "+", "E ", ">", "*", "="))
        )
        if not continues and k > 3:
            break
        if _indent(text) > seed_indent or text.lstrip().startswith(("at ", "File ", "#")):
            limit = 40  # a stack trace or an indented report: follow it
        after.append(n)
    while after and not lines.text(after[-1]).strip():
        after.pop()
    return [*before, no, *after]


def _task_lines(lines: Tasks, no: int, step: int) -> Iterator[int]:
    """The lines after `no` (step 1) or before it (step -1) up to a gap in the view; in
    interleaved output only those of `no`'s task, passing over at most SKIP_MAX others in a row."""
    task = lines.prefixes.get(no)
    skipped = 0
    n = no + step
    while lines.view.get(n) is not None:
        if lines.other(n, task):
            skipped += 1
            if skipped > SKIP_MAX:
                return
        else:
            skipped = 0
            yield n
        n += step


def _nearest(sel: _Selector, block: list[int], no: int, room: int, keep: int | None = None) -> list[int]:
    """The block cut to `room` from its ends, the end farther from the seed first (context above
    a line that closes a report and below one that opens it both stay next to it). `keep`, the
    heading an indented seed hangs under (ESLint's file name above its `4:3  error ...` rows, see
    _heading), stays: the lines between it and the seed go first."""
    part = list(block)
    while len(part) > 1 and sel.block_cost(part) > room:
        drop = 0 if no - part[0] > part[-1] - no else -1
        if part[drop] == keep:  # the heading: the line below it, else the farthest below the seed
            drop = 1 if part[1] != no else -1
            if part[drop] == no:
                drop = 0
        part.pop(drop)
    return part


def _heading(lines: Tasks, block: list[int], no: int) -> int | None:
    """The block's first line when the seed is indented under it (less indented, above): the
    line that names what the seed's report is about."""
    indent = _indent(lines.text(no))
    if block and block[0] < no and indent and _indent(lines.text(block[0])) < indent:
        return block[0]
    return None


def _lines_above(lines: Tasks, no: int, seed_indent: int) -> list[int]:
    """Up to 3 lines before the seed (stopping at a blank line or a passing verdict), and beyond
    them a run indented deeper than the seed with the line it hangs under: the report the seed
    closes (gcc's include chain under "In file included from", a stack before a verdict)."""
    before: list[int] = []
    above = list(itertools.islice(_task_lines(lines, no, -1), ABOVE_MAX_LINES + 1))
    if seed_indent and len(above) > 1 and not lines.text(above[0]).strip():
        return _heading_over_blank(lines, above[1], above[0], seed_indent)
    for k, n in enumerate(above[:ABOVE_MAX_LINES], start=1):
        text = lines.text(n)
        if not text.strip() or passing_verdict(text) or n in lines.noise:
            break
        before.append(n)
        if k >= 3 and _indent(text) <= seed_indent:
            if k > 3:  # this line heads the indented run below it
                break
            # the 3rd line: go on only into an indented run
            if k >= len(above) or _indent(lines.text(above[k])) <= seed_indent:
                break
    before.reverse()
    return before


def _heading_over_blank(lines: Tasks, heading: int, blank: int, seed_indent: int) -> list[int]:
    """An indented seed under a blank line: the line above the blank when it is less indented,
    the heading the report hangs under (Biome's and other miette-style `src/cart.js:11:9
    lint/... ━━━` over `  × message`, Jest's `  ● suite › test` over its `    expect(...)`): it
    names the file or the test the report is about."""
    text = lines.text(heading)
    if not text.strip() or _indent(text) >= seed_indent or passing_verdict(text) or heading in lines.noise:
        return []
    return [heading, blank]


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())


def _widen(
    lines: Tasks,
    sel: _Selector,
    scores: dict[int, float],
    inside: Callable[[int], bool] = lambda no: True,
    rounds: int = WIDEN_ROUNDS,
) -> None:
    """Grow the chosen blocks by a line at each edge `inside`, the edges beside the best lines
    first, up to `rounds` rounds while the budget lasts. A block does not grow down past a line where
    the job says a step failed (Tasks.ends): below it are the runner's cleanup and the next steps
    (GitHub's `Post job cleanup.`, Travis' next `$ command`), which that line's high score would
    otherwise make the first edges taken. The edges are kept from round to round (chosen lines only
    grow here, so an edge stays one until taken) and only the lines a round added give new ones: a
    pass of a thousand rounds over a thousand chosen lines would otherwise be quadratic."""
    edges = _edges_of(lines, sel.chosen, sel.chosen, inside)
    for _ in range(rounds):
        grew = False
        added: list[int] = []
        for n in sorted(
            edges, key=lambda n: (scores.get(n - 1, 0.0) + scores.get(n + 1, 0.0) + scores.get(n, 0.0), n), reverse=True
        ):
            # A passing verdict, a line of a parallel task that did not fail, or a table's row the window
            # passed over, is no failure's context: widened into from the report's end, a coverage table
            # took half of the room a long report had left.
            if lines.view.get(n) is None or lines.unseen(n) or n in sel.passed or passing_verdict(lines.text(n)):
                continue
            fresh = [m for m in sel.whole_runs([n]) if m not in sel.chosen]
            if sel.add([n]):
                grew = True
                added.extend(m for m in fresh if m in sel.chosen)
        if not grew:
            return
        edges = {n for n in edges if n not in sel.chosen} | _edges_of(lines, added, sel.chosen, inside)


def _edges_of(lines: Tasks, nos: Iterable[int], chosen: set[int], inside: Callable[[int], bool]) -> set[int]:
    """The lines beside `nos` a block may grow to: not chosen, `inside`, not below a step's failure line."""
    below = {n + 1 for n in nos if n + 1 not in chosen and n not in lines.ends and inside(n + 1)}
    return below | {n - 1 for n in nos if n - 1 not in chosen and n > 1 and inside(n - 1)}


def _render(view: View, chosen: set[int]) -> Excerpt:
    ranges: list[LineRange] = []
    parts: list[str] = []
    for start, end, block in _runs(view, chosen):
        ranges.append(LineRange(start=start, end=end))
        parts.append(HEADER.format(start=start, end=end))
        parts.extend(_folded(block))
    text = "\n".join(parts)
    return Excerpt(text=text, ranges=ranges, tokens=estimate_tokens(text))


def _runs(view: View, chosen: set[int]) -> list[tuple[int, int, list[str]]]:
    """The chosen lines the view holds, as runs of consecutive lines: (first, last, the lines rendered)."""
    runs: list[tuple[int, int, list[str]]] = []
    for no in sorted(chosen):
        line = view.get(no)
        if line is None:
            continue
        if runs and no == runs[-1][1] + 1:
            start, _, block = runs[-1]
            runs[-1] = (start, no, block)
        else:
            block = []
            runs.append((no, no, block))
        block.append(render_line(line.text))
    return runs


def _folded(block: list[str]) -> list[str]:
    """A block's lines with each run of MIN_RUN or more identical non-blank lines (or numbered
    frames alike, see run_key) shown once, then how many more times it repeats."""
    out: list[str] = []
    keys = [run_key(text) for text in block]
    i = 0
    while i < len(block):
        j = i + 1
        while j < len(block) and keys[j] == keys[i]:
            j += 1
        out.append(block[i])
        if j - i >= MIN_RUN and block[i].strip():
            out.append((REPEATS if block[j - 1] == block[i] else FRAMES).format(count=j - i - 1))
        else:
            out.extend(block[i + 1 : j])
        i = j
    return out


REPORT_SCAN = 1_000  # lines between two records read to tell whether they are one report


def one_report(view: View) -> Callable[[int, int], bool]:
    """Whether lines a < b of `view` sit in one error report: within REPORT_SCAN lines, with no
    gap in the view and no line between them starting an error instance (see _INSTANCE_START),
    except the traceback of an exception raised while handling the one above (`During handling of
    the above exception` / `The above exception was the direct cause`: the same failure, chained)."""

    def check(a: int, b: int) -> bool:
        if b - a > REPORT_SCAN:
            return False
        chained = False
        for n in range(a + 1, b):
            line = view.get(n)
            if line is None:
                return False
            if _CHAINED.match(line.text):
                chained = True
            elif _INSTANCE_START.match(line.text):
                if not (chained and line.text.startswith("Traceback")):
                    return False
                chained = False
        return True

    return check
