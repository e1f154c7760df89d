"""Monorepo task runners put the task's name in front of every line it prints: turbo
(`web:typecheck: src/cart.ts(2,3): error TS2322: ...`), pnpm's recursive runs
(`packages/web typecheck: ...`) and yarn's `workspaces foreach` (`[web]: ...`). The tool parsers
anchor on the tool's own line start, so they read the lines without that prefix.

A prefix counts only when it shapes at least MIN_LINES lines of the view (a task's output, even
interleaved with other tasks'), and only in forms no tool's diagnostic takes: turbo's
`package:task: ` (the task starts with a letter, so `a.py:12: ` is no prefix), pnpm's
`dir/package task: ` (a path), yarn's `[package]: `."""

from __future__ import annotations

from collections import Counter

from remediate.facts.lazyregex import Regex
from remediate.facts.view import Line, View

MIN_LINES = 3
_PREFIX = Regex(
    r"^(?:[\w@][\w@./-]{0,100}:[A-Za-z][\w:.-]{0,60}: ?"  # turbo: web:typecheck:
    r"|[\w@.-]{1,100}/[\w@./-]{1,100} [A-Za-z][\w:.-]{0,60}: ?"  # pnpm -r: packages/web typecheck:
    r"|\[[\w@][\w@./-]{0,100}\]: )"  # yarn workspaces foreach: [web]:
)


def untasked(view: View) -> View:
    """The view with each task runner's prefix off the lines it begins (see the module doc)."""
    found: list[tuple[int, str]] = []
    counts: Counter[str] = Counter()
    for i, line in enumerate(view.lines):
        text = line.text
        if ":" in text[:170] and (m := _PREFIX.match(text)):
            prefix = m.group(0).rstrip()
            found.append((i, prefix))
            counts[prefix] += 1
    kept = [(i, prefix) for i, prefix in found if counts[prefix] >= MIN_LINES]
    if not kept:
        return view
    lines = list(view.lines)
    for i, prefix in kept:
        line = lines[i]
        lines[i] = Line(line.no, line.text[len(prefix) :].removeprefix(" "), line.raw)
    return View(lines=lines, index=view.index, total_lines=view.total_lines)
