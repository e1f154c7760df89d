"""What the excerpt reads apart in a view before it scores lines: tasks run in parallel and their
prefixes (Tasks), lines a terminal erased, a report printed again (echo_lines) or again and again
(repeat_lines), a sanitizer's shadow map, pytest's listing of installed code, and a unified diff's hunks.
Each is a set of line numbers the excerpt's window and blocks treat apart from the failure's own lines.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Container, Iterable

from remediate.facts.failingtests import names_failing_test
from remediate.facts.lazyregex import Regex
from remediate.facts.passingoutput import passed_output, verdicts_of
from remediate.facts.score import shape
from remediate.facts.terminal import lines_up
from remediate.facts.verdicts import announces_retry
from remediate.facts.view import Line, View

# A frame in installed code (a package manager's or the runtime's), not the project's own: shown
# after the project's frames, where the fix usually is.
LIBRARY = Regex(
    r"site-packages|dist-packages|/lib/python\d|node_modules|/usr/(?:local/)?lib/|/\.cargo/registry/|"
    r"/go/pkg/mod/|/gems/|\bat (?:java|javax|jdk|sun|kotlin|scala|org\.junit|org\.gradle|org\.apache\.maven)\."
    r"|\(node:|\(internal/"
)
SEED_MIN = 2.0  # a line scored at least this is evidence: it seeds a block, it makes its task a failing one

# A unified diff's hunk header: `@@ -OLD[,COUNT] +NEW[,COUNT] @@`; its lines score as a diff line does.
_HUNK = Regex(r"^@@ -\d{1,9}(?:,(\d{1,9}))? \+\d{1,9}(?:,(\d{1,9}))? @@")
DIFF_SCORE = 2.0
DIFF_HEAD_SCORE = 4.5
_DIFF_HEADER = Regex(
    r"^(?:diff |index |--- |\+\+\+ |(?:new|deleted) file mode |old mode |new mode |similarity index |"
    r"rename (?:from|to) )"
)
DIFF_HEADER_LINES = 6


class Tasks:
    """Interleaved output of tasks run in parallel (turbo, pnpm -r, yarn workspaces, ctest -V), each
    line behind its task's prefix: a failure's context is its own task's lines, not the lines
    printed next to it by another task. `prefixes`: each prefixed line's prefix; `failing`: the
    tasks whose lines hold a tool's failure evidence, other than a summary in which nothing failed
    (all prefixed tasks when no tool said); a Jenkins parallel branch's, those the Pipeline says failed."""

    def __init__(
        self,
        view: View,
        prefixes: dict[int, str],
        evidence: dict[int, float],
        ends: frozenset[int] = frozenset(),
        failed_branches: frozenset[str] = frozenset(),
        starts: frozenset[int] = frozenset(),
    ) -> None:
        self.view = view
        self.ends = ends  # where the job says a step failed: what follows is cleanup or the next step
        self.starts = starts  # where a step starts below a step that did not fail: see step_starts
        self.prefixes = prefixes
        self.evidence = evidence
        failing = {
            prefixes[n]
            for n, s in evidence.items()
            if s >= SEED_MIN and n in prefixes and not verdicts_of(view, self.text(n)).says_passed()
        }
        # A Jenkins parallel branch (the view's own prefixes, view._unbranched) failed when the Pipeline says so
        # (`failed_branches`, `Failed in branch NAME`): a branch that passed may have printed a tool's findings.
        branches = set(view.tasks.values())
        if failed_branches and branches:
            failing = (failing - branches) | failed_branches
        self.failing = failing or set(prefixes.values())
        self.erased = erased_lines(view)
        self.noise = shadow_map_lines(self)
        self.listing = library_listing_lines(self)
        self.diff = diff_lines(view)
        self.echoes = echo_lines(self)
        self.evidence = carried(evidence, self.echoes)
        self.repeats = repeat_lines(view, self.echoes, diff_places(view, self.diff))
        # a passing test's own output (a logged exception, a console.error block): no failure's report
        self.passed_tests = passed_output(view, self.text, frozenset(prefixes).union(ends, starts))

    def text(self, no: int) -> str:
        """Line `no` as its tool printed it: without its task's prefix."""
        text = self.view.text(no)
        prefix = self.prefixes.get(no)
        if prefix is not None and text.startswith(prefix):
            return text[len(prefix) :].removeprefix(" ")
        return text

    def other(self, no: int, task: str | None) -> bool:
        """Line `no` belongs to another task than `task` (None: the runner's own lines)."""
        return bool(self.prefixes) and self.prefixes.get(no) != task

    def unseen(self, no: int) -> bool:
        """Line `no` is no failure's context: a terminal erased it (see erased_lines), or it is
        printed by a task that reported no failure."""
        return no in self.erased or no in self.noise or self.passed(no)

    def passed(self, no: int) -> bool:
        """Line `no` is printed by a task that reported no failure."""
        prefix = self.prefixes.get(no)
        return prefix is not None and prefix not in self.failing


ECHO_RUN = 5  # consecutive lines repeating lines printed earlier, in order, that make a report printed again


def echo_lines(lines: Tasks) -> dict[int, int]:
    """Each line that prints again, in order, a run of at least ECHO_RUN lines printed earlier (blank
    lines aside) with a verdict between them (a summary counting failures, a run that passed, the job
    saying a step failed): a command travis_retry ran again, a runner's rerun of the same failures, a
    log that after_failure `cat`s holding what the step printed. Their first instance is the report
    (where the failure first shows); a copy taking the room would cut it. Without a verdict between,
    lines alike are one run's (three tests failing through the same code list it three times), all of
    its report. A line is matched with its neighbours (the three lines' texts), so a line that recurs
    alone (`}`, a frame) is none; nor is a run of one line repeated (identical_runs' fold). Each maps
    to the line it repeats."""
    # With its task's prefix: two tasks run in parallel (turbo's packages) print alike lines, each its own.
    # Each kept line with its position in the view, whose blank lines between two kept ones are those between.
    kept = [(at, line.no, untimed(line.text)) for at, line in enumerate(lines.view.lines) if line.text.strip()]
    first: dict[tuple[str, str, str], int] = {}
    verdicts = _Verdicts(lines, [no for _, no, _ in kept])
    run: list[tuple[int, int]] = []  # (index in kept, the index in kept of the line it repeats)
    out: dict[int, int] = {}
    for i in range(1, len(kept) - 1):
        key = (kept[i - 1][2], kept[i][2], kept[i + 1][2])
        seen = first.setdefault(key, i)
        if seen < i and not key[0] == key[1] == key[2] and verdicts.between(seen, i):
            run.append((i, seen))
        else:
            _add_echo(lines.view, _edged(verdicts, run, len(kept)), kept, out)
            run = []
    _add_echo(lines.view, _edged(verdicts, run, len(kept)), kept, out)
    return out


# A time a run took, as runners print it beside a test or a summary (`(0.83705ms)`, `in 6.74s`, `Time: 739ms`,
# node --test's `duration_ms 148.593461`): what differs between two attempts that print the same report.
# Bounded, no nested quantifier: linear.
_TIMING = Regex(
    r"\b\d{1,9}(?:\.\d{1,12})? ?(?:ms|µs|us|ns|s|sec|secs|seconds?)\b|\bduration_ms \d{1,12}(?:\.\d{1,12})?"
)


# A time holds a digit: a line without one (most) is its own untimed text, told by one search (a generator over its
# characters cost ~4x). `\d` is what _TIMING reads a digit as.
_DIGIT = Regex(r"\d")


def untimed(text: str) -> str:
    """The line with the times a run took blanked (_TIMING), so an attempt run again matches the first."""
    return _TIMING.sub("#", text) if _DIGIT.search(text) is not None else text


def _edged(verdicts: _Verdicts, run: list[tuple[int, int]], count: int) -> list[tuple[int, int]]:
    """A run of echo_lines' matches (indices in its `count` kept lines, each with the line's it repeats)
    with its edge lines where a verdict is beside them: a line is matched with its neighbours, so a copy's
    first and last lines, beside a verdict of their own (travis_retry's `failed. Retrying, 2 of 3.`), are
    never matched, though the run's first and last matches show they print the same as the lines beside
    those they repeat. Unmatched, each attempt's heading and summary were seeded as the report's lines,
    and the blocks grown around them took the copies' lines. Without a verdict beside, an edge is where a
    copy meets other output (a version banner printed again), no attempt's edge: it stays unmatched."""
    if len(run) < ECHO_RUN:
        return run
    (top, was_top), (low, was_low) = run[0], run[-1]
    above = [(top - 1, was_top - 1)] if top >= 2 and verdicts.said(top - 2) else []
    below = [(low + 1, was_low + 1)] if low + 2 < count and verdicts.said(low + 2) else []
    return [*above, *run, *below]


def carried(evidence: dict[int, float], echoes: dict[int, int]) -> dict[int, float]:
    """`evidence` with each copy's weight carried to the line it repeats (see echo_lines), where that is
    more: the parsers read a retried command's last attempt only (facts/attempts.py: travis_retry's earlier
    attempts are emptied), while the excerpt shows the first as the report and the copies wait. Uncarried,
    the first attempt's lines scored as words alone (Node's `✖ web total adds tax` nothing, its frames
    little), and the wrapper's verdicts and the passing tasks beside them took the room of its report."""
    out = evidence
    for no, was in echoes.items():
        if (weight := evidence.get(no, 0.0)) > out.get(was, 0.0):
            out = out if out is not evidence else dict(evidence)
            out[was] = weight
    return out


REPEAT_MIN = 4  # times a block is printed, at least, for its later instances to wait (see repeat_lines)


def repeat_lines(
    view: View, echoes: Container[int] = (), places: dict[int, tuple[str, str, int]] | None = None
) -> set[int]:
    """The lines of a block printed again and again with nothing between (a retry loop logging the same
    traceback on each attempt, a wall of the same warning), but its first instance: runs of at least
    ECHO_RUN lines (blank lines aside) each of which, with its neighbours and numbers blanked (score.shape:
    a timestamp, an attempt's count), is printed at least REPEAT_MIN times and was printed before. Such a
    report's head and end tell the failure; the middle repeats its first instance, whose later copies
    waited for nothing and took the room of both (a retry loop's 40 tracebacks inside a report: the
    window before the failure spent its share on the last instances, seeds on the middle ones). Three
    tests failing through the same code print their frames three times: each its own report (see
    echo_lines), none waits; nor does a report printed again (`echoes`, see echo_lines) count its copies:
    counted, a Jest diff run three times by travis_retry had its first instance's alike rows wait. A run
    of one line repeated is identical_runs' fold. A unified diff's alike lines (`places`, see diff_places;
    the view's own diffs when None) are each a place of their file, as a linter's rows are (_own_failures)."""
    if places is None:
        places = diff_places(view, diff_lines(view))
    named = Counter(places.values())
    own = {no for no, place in places.items() if named[place] == 1}  # a place a diff printed again repeats
    kept = [
        (at, line.no, shape(line.text))
        for at, line in enumerate(view.lines)
        if line.text.strip() and line.no not in echoes
    ]
    keys = [(kept[i - 1][2], kept[i][2], kept[i + 1][2]) for i in range(1, len(kept) - 1)]
    counts = Counter(keys)
    seen: set[tuple[str, str, str]] = set()
    run: list[tuple[int, tuple[str, str, str]]] = []
    out: set[int] = set()
    for i, key in enumerate(keys, start=1):
        if key in seen and counts[key] >= REPEAT_MIN and not key[0] == key[1] == key[2]:
            run.append((kept[i][0], key))
            continue
        seen.add(key)
        _add_repeats(view, run, out, own)
        run = []
    _add_repeats(view, run, out, own)
    return out


def _add_repeats(view: View, run: list[tuple[int, tuple[str, str, str]]], out: set[int], own: Container[int]) -> None:
    """A run of repeated lines with the blank lines between them (see _add_echo), when long enough and
    it holds its block twice at least (as many lines as twice the lines it is made of): copies printed
    one after the other, nothing of their own between them. Five tests failing through the same code
    print the same frames five times, each copy under its own test's name and error, which the run does
    not pass over: each is its own report (marked, TypeScript's five baseline failures kept 47 of their
    64 labelled lines). A run inside one copy, whose few alike lines repeat (a parametrised test's table
    of cases listed with each failure), holds no second copy: pytest's 9 parametrised failures each made
    a run of 21 lines of 20 kinds. Nor is a block whose copies are the report's own failures, however
    alike (see _own_failures), nor mostly a diff's lines each naming a place no other line names
    (`own`, see diff_places): gofmt -d re-indenting ten one-line tests prints the same five lines ten
    times in one hunk (`@@ -3,41 +3,61 @@`), a formatter the same fix in hunks at other lines or files.
    Read as copies, their later ones waited and the excerpt showed 6 of gofmt's 57 lines behind gcc's
    warnings. A diff printed again repeats its places."""
    keys = [key for _, key in run]
    if len(run) < ECHO_RUN or len(keys) < 2 * len(set(keys)):
        return
    first, last = run[0][0], run[-1][0]
    block = view.lines[first : last + 1]
    if _own_failures(block) or sum(line.no in own for line in block) > len(block) // 2:
        return
    out.update(line.no for line in block)


# A runner's heading over one failing test's report, which names the test: Jest's `  ● suite › adds 1 + 2`,
# pytest's `____ test_total[5.55-uk] ____` (also `ERROR collecting`, `ERROR at setup of`), RSpec's and mocha's
# numbered `  3) Cart totals with tax`. Anchored, bounded: linear.
_PYTEST_HEADING = r"^_{3,} .{1,300} _{3,}$"  # also where _PYTEST_SECTION's sections start
_FAILURE_HEADING = Regex(r"^\s{0,6}(?:● \S|\d{1,5}\) \S)|" + _PYTEST_HEADING)


def heads_failure(text: str) -> bool:
    """The line is a runner's heading over one failing test's report (_FAILURE_HEADING)."""
    return bool(_FAILURE_HEADING.match(text))


# A place in a file as a tool names it, `path.ext:LINE` or `path.ext:LINE:COL` (a linter's finding, a frame in
# Node's or Go's form). Bounded classes, then literals: linear.
_PLACE = Regex(r"[\w./\\-]{1,200}\.[A-Za-z]{1,8}:\d{1,7}(?::\d{1,7})?")


def _own_failures(block: list[Line]) -> bool:
    """Whether the copies of a repeated block are the report's own failures rather than one failure
    printed again and again. A parametrised test, Jest's `test.each`, JUnit's @ParameterizedTest or a Go
    table's subtests fail through the same frames once per case, a linter finds the same fault on many
    lines, and numbers blanked the copies are alike; but each names its own test or place: a verdict
    (failingtests' shapes: go test's `--- FAIL: TestTotal/1000_at_20`), a report's heading
    (_FAILURE_HEADING), or a line of the same shape as another that names another place (`a.js:321 Extra
    semicolon.`, then `a.js:323`). A retry loop's copies name no test (a logged traceback on each attempt)
    or the same one each time (a retried test), and the same places: then they wait, however many failures
    the run counts. A summary's count tells nothing here: a run that counts 113 failures kept a 40-attempt
    loop's copies as its own."""
    named = [line.text for line in block if names_failing_test(line.text) or heads_failure(line.text)]
    if len(set(named)) > 1 or len(named) == 1:
        return True
    places: dict[str, set[tuple[str, ...]]] = {}
    for line in block:
        if ":" in line.text and (found := tuple(_PLACE.findall(line.text))):
            places.setdefault(shape(line.text), set()).add(found)
    return any(len(seen) > 1 for seen in places.values())


class _Verdicts:
    """Whether a verdict stands between two of echo_lines' kept lines. A line is read for one (a summary's
    reading, several searches) only when a line repeating an earlier one asks, nearest first, and at most
    once: most lines repeat none, and a verdict just above a repeat answers for all the lines above it."""

    def __init__(self, lines: Tasks, numbers: list[int]) -> None:
        self._lines = lines
        self._numbers = numbers  # the kept lines' numbers, by index
        self._said: dict[int, bool] = {}
        self._below: dict[int, int] = {}  # a line read as no verdict -> the next index to look at below it

    def between(self, low: int, high: int) -> bool:
        """A verdict among the kept lines low+1 .. high-1."""
        at = self._unread_or_said(high - 1)
        while at > low:
            if self.said(at):
                return True
            self._below[at] = at - 1
            at = self._unread_or_said(at - 1)
        return False

    def said(self, at: int) -> bool:
        """Whether the kept line `at` is a verdict (read once)."""
        if at not in self._said:
            self._said[at] = _verdict(self._lines, self._numbers[at])
        return self._said[at]

    def _unread_or_said(self, at: int) -> int:
        """The highest index at or below `at` not read as no verdict (the skips shortened as they are
        followed, so a long run of such lines is walked once)."""
        below = self._below
        top = at
        while top in below:
            top = below[top]
        while at in below and below[at] != top:
            below[at], at = top, below[at]
        return top


def _add_echo(view: View, run: list[tuple[int, int]], kept: list[tuple[int, int, str]], out: dict[int, int]) -> None:
    """A run of lines printed again (indices in `kept`, each with the index of the line it repeats), when
    long enough, with the blank lines between them (each mapped to the line the non-blank one above it
    repeats). The blank lines are the view's between two of the run's positions: not every line number
    between them, which on a large log's view spans the gaps between its windows (millions of lines the
    view does not hold)."""
    if len(run) < ECHO_RUN:
        return
    for (i, was), (below, _) in itertools.pairwise(run):
        out.update((line.no, kept[was][1]) for line in view.lines[kept[i][0] : kept[below][0]])
    i, was = run[-1]
    out[view.lines[kept[i][0]].no] = kept[was][1]


def _verdict(lines: Tasks, no: int) -> bool:
    text = lines.text(no)
    verdicts = verdicts_of(lines.view, text)
    # A retry wrapper's `failed. Retrying, 2 of 3.` is one: a command without a summary of its own
    # (`git diff --exit-code`, a linter) printed its report once per attempt, and without it the
    # copies counted as one run's lines, the last attempt's were shown and the first's not.
    return no in lines.ends or verdicts.counts_failures() or verdicts.says_passed() or announces_retry(text)


def erased_lines(view: View) -> set[int]:
    """The lines a later line's cursor moves overwrite on a terminal (see terminal.lines_up): the
    frames of a redrawn progress display or task list, of which a reader sees the last only."""
    erased: set[int] = set()
    for line in view.lines:
        up = lines_up(line.raw)
        if up:
            erased.update(range(max(1, line.no - up), line.no))
    return erased


# A sanitizer's map of shadow memory around the bad address and the legend of its byte codes
# (AddressSanitizer, HWASan, MSan print them after the report's SUMMARY): a fixed table that says
# nothing the report's error line and frames do not. Anchored, bounded: linear.
_SHADOW_HEAD = Regex(r"^Shadow bytes? (?:around the buggy address|legend)\b")
_SHADOW_ROW = Regex(r"^(?:=>| {2})0x[0-9a-f]{1,16}:|^ {2}[A-Z][A-Za-z ]{1,40}:(?: {1,30}[0-9a-f]{2})+ *$")


def shadow_map_lines(lines: Tasks) -> set[int]:
    """The lines of each sanitizer shadow-memory map and byte legend (see _SHADOW_HEAD): no
    failure's context, so neither the window before the failure nor a block takes them."""
    view = lines.view.lines
    texts = (lines.text(line.no) if line.no in lines.prefixes else line.text for line in view)
    return {view[i].no for i in shadow_map_rows(texts)}


def shadow_map_rows(texts: Iterable[str]) -> set[int]:
    """The indices of `texts` (lines as their tool printed them) that are a shadow map's or its legend's (see
    shadow_map_lines)."""
    out: set[int] = set()
    inside = False
    for i, text in enumerate(texts):
        if text.startswith("Shadow byte") and _SHADOW_HEAD.match(text):
            inside = True
        elif not (inside and text.startswith(("=>", "  ")) and _SHADOW_ROW.match(text)):
            inside = False
        if inside:
            out.add(i)
    return out


# pytest's report of a failing test: its section header (`____ test_x ____`), then each frame's
# source behind 4 spaces (the failing line marked `>`, the error's lines `E`) over the frame's
# location (`/usr/lib/python3/site-packages/requests/adapters.py:519: ConnectionError`, `x.py:8: in
# f`), up to a part's header (`--- Captured stdout call ---`, a plugin's own) or the summary's
# `=== ... ===`. Anchored, bounded: linear.
_PYTEST_SECTION = Regex(_PYTEST_HEADING)
_PYTEST_PART = Regex(r"^(?:-{3,}|={3,}) ")
_PYTEST_LOCATION = Regex(r"^[\w./\\-]{1,300}:\d+:(?: |$)")
LISTING_INDENT = 4  # pytest indents each source line it lists by 4
LISTING_CAP = SEED_MIN * 0.95  # a listed source line's score at most: code that names an error reports none


def library_listing_lines(lines: Tasks) -> set[int]:
    """The source lines of installed code (see _LIBRARY) pytest lists in its report of a failing
    test (see _PYTEST_SECTION): a library's `except (ProtocolError, OSError) as err:`, `raise
    ConnectionError(e)`, a parameter `error: Exception | None` name errors without reporting
    one, and a test through requests or Django lists hundreds of them. Their score is capped
    below a seed's (no block of their own; the `>` and `E` lines beside them report the
    failure). The project's own code listed (the test's body) keeps its score: it is the
    report's first part."""
    out: set[int] = set()
    frame: list[int] = []
    inside = False
    for line in lines.view.lines:
        text = lines.text(line.no) if line.no in lines.prefixes else line.text
        if text.startswith("_") and _PYTEST_SECTION.match(text):
            inside, frame = True, []
        elif text.startswith(("-", "=")) and _PYTEST_PART.match(text):
            inside = False
        elif inside and text.startswith(" " * LISTING_INDENT):
            frame.append(line.no)
        elif inside and _PYTEST_LOCATION.match(text):
            if LIBRARY.search(text):
                out.update(frame)
            frame = []
    return out


def diff_lines(view: View) -> dict[int, float]:
    """The lines of each unified diff the view holds, scored: a hunk's header and the file header
    above it (which file, where: DIFF_HEAD_SCORE), and after `@@ -a,b +c,d @@` its b old and d new
    lines (` ` context, blank once its space is stripped; `-` old; `+` new; `\\ No newline`:
    DIFF_SCORE). A diff a check prints (a formatter's --check or --diff, `git diff --exit-code`)
    is its report's body line for line, though its lines use no error words; the hunk's counts
    say where it ends."""
    hunk: dict[int, float] = {}
    old = new = 0
    prev = -1
    for line in view.lines:
        text = line.text
        if (old or new) and line.no == prev + 1:
            old, new = _hunk_step(text[:1], old, new)
            if old >= 0:
                hunk[line.no] = DIFF_SCORE
        if (old <= 0 and new <= 0) or line.no != prev + 1:  # the hunk ended, or a gap in the view
            old = new = 0
        if not (old or new) and text.startswith("@@ -") and (m := _HUNK.match(text)):
            old, new = int(m.group(1) or 1), int(m.group(2) or 1)
            hunk.update(dict.fromkeys([line.no, *_file_header(view, line.no)], DIFF_HEAD_SCORE))
        prev = line.no
    return hunk


def diff_places(view: View, diff: dict[int, float]) -> dict[int, tuple[str, str, int]]:
    """Each counted line of diff_lines' hunks (`diff`) with the place it names: its file's `+++` header, its
    hunk's `@@` header and its count in the hunk. Two lines alike name one place only when a diff is printed
    again (a check retried); a diff's own alike lines (a formatter's same fix at ten places) name ten."""
    out: dict[int, tuple[str, str, int]] = {}
    name = head = ""
    count = 0
    for no, score in sorted(diff.items()):
        text = view.text(no)
        if score == DIFF_SCORE:
            count += 1
            out[no] = (name, head, count)
        elif text.startswith("+++ "):
            name = text
        elif text.startswith("@@ -"):
            head, count = text, 0
    return out


def _file_header(view: View, no: int) -> list[int]:
    """The lines right above a hunk's header that name the file it changes (`diff --git a/x b/x`,
    `index ...`, `--- a/x`, `+++ b/x`, file modes, renames), at most DIFF_HEADER_LINES."""
    out = []
    for n in range(no - 1, max(0, no - DIFF_HEADER_LINES - 1), -1):
        line = view.get(n)
        if line is None or not _DIFF_HEADER.match(line.text):
            break
        out.append(n)
    return out


def _hunk_step(kind: str, old: int, new: int) -> tuple[int, int]:
    """The old and new lines a hunk has left after a line starting with `kind`; (-1, -1) when the
    line is none of the hunk's (the hunk ended early: the log went on)."""
    if kind == "-" and old:
        return old - 1, new
    if kind == "+" and new:
        return old, new - 1
    if kind in (" ", "") and old and new:
        return old - 1, new - 1
    return (old, new) if kind == "\\" else (-1, -1)
