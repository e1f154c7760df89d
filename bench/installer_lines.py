"""The reading of a failing step's lines for an installer's verdicts (facts/installs.installer_verdicts), per line
shape: under an installer's command (every meaning's words) and under any other command (an installer's own words, a
package at a version said absent). Each shape is a log of one line repeated (a line is read up to installs.LINE_CHARS
characters). Reported: MB/s of the log as printed, so a shape that costs more than linear shows as MB/s falling with
the size.

    .venv/bin/python bench/installer_lines.py [--sizes 1,2,4] [--line-kb 9] [--cpu]

`--cpu` times CPU seconds of this process instead of wall seconds (the machine is shared: see adversarial_logs.py).
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable

from remediate.facts.installs import installer_verdicts
from remediate.facts.reader import LogSource
from remediate.facts.redact import Redactor
from remediate.facts.scan import scan
from remediate.facts.view import build_view


def _fill(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


# name -> generator(line length in characters) -> one line
SHAPES: dict[str, Callable[[int], str]] = {
    # Cargo's report of a build script a signal killed, its command line of thousands of words
    "cargo_signal": lambda n: (
        "  process didn't exit successfully: `" + _fill("/r ", n) + "` (signal: 9, SIGKILL: kill)"
    ),
    "prose": lambda n: _fill("the build of the project went on past this line as ever ", n),
    "paths": lambda n: _fill("/usr/lib/x86_64-linux-gnu/libfoo.so.1.2.3 ", n),
    "spaces": lambda n: _fill(" ", n),
    "json": lambda n: '{"level":"info","msg":"' + _fill('step \\"ok\\" at a:1 ', n) + '"}',
    "minified_js": lambda n: _fill("function(a,b){return a.c(b)||d[e]};", n),
    # lines that say a verdict's words (each read further: its reason's lines below it)
    "verdicts": lambda n: "ERROR: No matching distribution found for alpha==2.0 " + _fill("x ", n),
    "absent_coordinates": lambda n: "Could not find artifact org.example:lib:jar:1.2.3 in central " + _fill("y ", n),
}


def measure(shape: Callable[[int], str], size: int, line_chars: int, cpu: bool) -> tuple[float, float]:
    """Seconds installer_verdicts takes on a log of `size` bytes of `shape`'s lines, under an installer's command and
    under another's."""
    line = shape(line_chars) + "\n"
    raw = _fill(line, size).encode()
    clock = time.process_time if cpu else time.perf_counter
    with LogSource(raw) as src:
        view = build_view(src, scan(src), Redactor())
    spent = []
    for installs in (True, False):
        start = clock()
        installer_verdicts(view, (0, view.total_lines), "tool", installs=installs)
        spent.append(clock() - start)
    return spent[0], spent[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1,2,4", help="log sizes in MB")
    ap.add_argument("--line-kb", type=float, default=9.0, help="each line's length in KB")
    ap.add_argument("--shapes", default=",".join(SHAPES))
    ap.add_argument("--cpu", action="store_true")
    args = ap.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    line_chars = int(args.line_kb * 1024)
    print(f"load {os.getloadavg()[0]:.1f}; MB/s of installer_verdicts ({'CPU' if args.cpu else 'wall'} time)")
    print(f"{'shape':<20}" + "".join(f"{f'{s:g} MB (inst/other)':>22}" for s in sizes))
    for name in args.shapes.split(","):
        cells = []
        for s in sizes:
            under, other = measure(SHAPES[name], int(s * (1 << 20)), line_chars, args.cpu)
            cells.append(f"{s / max(under, 1e-9):.1f} / {s / max(other, 1e-9):.1f}")
        print(f"{name:<20}" + "".join(f"{cell:>22}" for cell in cells))


if __name__ == "__main__":
    main()
