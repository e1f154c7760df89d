"""An error's first complete instance (from its section header or traceback start), and an instance
too long for its room cut to its head, its errors, its frames and its tail.
"""

from __future__ import annotations

from collections.abc import Sequence

from remediate.facts.excerpt.blocks import heading_of, nearest_part, seed_block
from remediate.facts.excerpt.selector import Selector
from remediate.facts.excerpt.telling import INSTANCE_START, Telling, telling
from remediate.facts.excerpt_marks import LIBRARY, Tasks
from remediate.facts.indent import indent_of
from remediate.facts.runnersections import PYTEST
from remediate.facts.score import shape

_REPORT_MARK = f"{PYTEST.report_mark} "  # pytest's mark of its report's own lines: `E   AssertionError: ...`

INSTANCE_SHARE = 0.35  # of the budget, at most, for the first instance of each error group


MAX_INSTANCES = 5


INSTANCE_MAX_LINES = 40


INSTANCE_SEARCH = 300  # lines above an error searched for the start of its instance


INSTANCE_HEAD_LINES = 12  # a long instance keeps this many lines of its head (name, own line) ...


INSTANCE_HEAD_SHARE = 0.3  # ... within this share of its room, and its tail with the rest


INSTANCE_TAIL_LINES = 6  # a long instance's last lines (the error), kept before its middle's frames


def add_instances(
    lines: Tasks, sel: Selector, scores: dict[int, float], instances: Sequence[int], room: int
) -> list[int]:
    """Each error group's first instance, whole, most important first, while `room` (characters) lasts;
    an instance alike to one shown (see alike_instance) waits for the seeds. Returns the instances shown."""
    shown: list[set[str]] = []
    added: list[int] = []
    for no in instances[:MAX_INSTANCES]:
        shapes = instance_shapes(lines, no, scores)
        if any(alike_instance(shapes, other) for other in shown):
            continue
        shown.append(shapes)
        added.append(no)
        room -= _add_instance(lines, sel, no, room, scores)
        if room <= 0:
            break
    return added


ALIKE_SHARE = 0.6  # of an instance's lines, at least, whose shapes another instance printed: the two are alike


def alike_instance(shapes: set[str], other: set[str]) -> bool:
    """Whether an instance (its lines' shapes, numbers blanked) is alike to `other`: most of its lines say
    what the other's do. groups.py groups records by their message, and a parametrised test's message
    names its parameters (`1999 in eu`, `1999 in uk`): each made its own group, whose first instances
    were shown whole one after another, the same frames and source four times, and took the room of
    the run's other failures (pytest's first failing test lost its assertion; Jest's 28 `test.each`
    failures kept four whole and a few headings of the rest)."""
    return len(shapes & other) >= ALIKE_SHARE * len(shapes)


def instance_shapes(lines: Tasks, no: int, scores: dict[int, float]) -> set[str]:
    """The shapes (score.shape) of the non-blank lines of the instance ending at `no`: from its start (see
    instance_start) or, without one, of its block as a seed's (see _add_instance)."""
    start = instance_start(lines, no)
    nos = range(start, no + 1) if start is not None else seed_block(lines, no, scores)
    return {shape(lines.text(n)) for n in nos if lines.view.get(n) is not None and lines.text(n).strip()}


def _add_instance(lines: Tasks, sel: Selector, no: int, room: int, scores: dict[int, float]) -> int:
    """Add the error instance ending at `no`, from its start (its section header or traceback
    start) through `no`, cut to fit `room`; returns the characters spent. An instance longer than
    INSTANCE_MAX_LINES or than `room` keeps its head (what failed: the test's name and its own
    failing line) and, with the rest, its tail (how: the error), as a capped text does. Without a
    start above it, the error is one that opens its own report (a compiler's `error[E0308]: ...`
    over its location and source lines): its block, as a seed's, nearest lines first."""
    start = instance_start(lines, no)
    if start is None:
        around = seed_block(lines, no, scores)
        block = nearest_part(sel, around, no, room, heading_of(lines, around, no))
    else:
        task = lines.prefixes.get(no)
        block = [n for n in range(start, _error_end(lines, no) + 1) if lines.view.get(n) and not lines.other(n, task)]
        if len(block) > INSTANCE_MAX_LINES or sel.block_cost(block) > room:
            block = _long_instance(lines, sel, block, room)
    while len(block) > 1 and sel.block_cost(block) > room:
        block.pop(0)
    before = sel.cost
    sel.add(block)
    return sel.cost - before


ERROR_BELOW = 8  # lines below an error's line read for the report's own lines that say it (see _error_end)


def _error_end(lines: Tasks, no: int) -> int:
    """The last line of the error whose record is at `no`: pytest's short traceback records its innermost frame's
    location (`connection.py:73: in create_connection`), the frame's source line and the error itself (the report's
    `E   ConnectionRefusedError: ...` lines, runnersections.PYTEST's report_mark) below it. Shown through `no`, the
    first failure's instance ended above its error, whose later failures' copies took the seeds' room."""
    end, n = no, no + 1
    if lines.view.get(n) is not None and indent_of(lines.text(n)) > indent_of(lines.text(no)):
        n += 1  # the frame's source line
    while n <= no + ERROR_BELOW and lines.view.get(n) is not None and lines.text(n).startswith(_REPORT_MARK):
        end, n = n, n + 1
    return end


def seed_instance(lines: Tasks, sel: Selector, block: list[int], no: int, room: int) -> list[int]:
    """For a seed whose block does not fit `room` and that sits in an error instance (below its
    section header or traceback start, or that line itself): the instance through the block's
    end, cut as a long instance is (head, errors, frames, tail) with the seed kept; empty when the
    seed is in none, or the cut would lose it or add nothing not already shown."""
    start = no if INSTANCE_START.match(lines.text(no)) else instance_start(lines, no)
    if start is None:
        return []
    task = lines.prefixes.get(no)
    instance = [n for n in range(start, block[-1] + 1) if lines.view.get(n) and not lines.other(n, task)]
    kept = _long_instance(lines, sel, instance, room)
    # A cut of lines already shown adds nothing: the seed's nearest lines do (see build_excerpt).
    return kept if no in kept and not sel.chosen.issuperset(kept) else []


def _long_instance(lines: Tasks, sel: Selector, block: list[int], room: int) -> list[int]:
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


def _frame_source(lines: Tasks, middle: list[int], i: int, inside: set[int]) -> list[int]:
    """The source line a frame's location names: the next line when it is indented deeper (a
    Python traceback, pytest's short form), else the `>` line pytest's long form prints above
    its bare `file.py:22:` location."""
    n = middle[i]
    below = middle[i + 1] if i + 1 < len(middle) else None
    if below is not None and indent_of(lines.text(below)) > indent_of(lines.text(n)) and lines.text(below).strip():
        return [below]
    for m in reversed(middle[max(0, i - 4) : i]):
        if m in inside and lines.text(m).startswith(">"):
            return [m]
    return []


def instance_start(lines: Tasks, no: int) -> int | None:
    """The line that starts the error instance ending at `no`, if one is within INSTANCE_SEARCH
    lines above it among its task's lines (a gap in the view ends the search)."""
    task = lines.prefixes.get(no)
    for k in range(1, INSTANCE_SEARCH + 1):
        if lines.view.get(no - k) is None:
            return None
        if not lines.other(no - k, task) and INSTANCE_START.match(lines.text(no - k)):
            return no - k
    return None
