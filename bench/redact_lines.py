"""The redactor's speed on one long line per shape: a plain line, and lines it reads decoded (a JSON string's `\\n` and
`\\/`, a URL's `%XX`, a TeamCity message's `|n` and `|'`), each with and without credentials in it. Reported: MB/s of
`Redactor.redact` per shape at each size, so a shape that costs more than linear shows as MB/s falling with the size.

    .venv/bin/python bench/redact_lines.py [--mb 1] [--sizes 0.25,0.5,1] [--cpu]

`--cpu` times CPU seconds of this process instead of wall seconds (the machine is shared: see adversarial_logs.py).
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable

from remediate.facts.redact import Redactor


def _fill(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


# name -> generator(size in characters) -> one line
SHAPES: dict[str, Callable[[int], str]] = {
    "plain_words": lambda n: _fill("make -C build all && ./run tests --verbose ", n),
    "plain_credentials": lambda n: _fill("+ docker login -u ci -p s3cretpass ghcr.io; password='a b' ", n),
    "json_newlines": lambda n: '{"log":"' + _fill("step ok\\n", n) + '"}',
    "json_newline_commands": lambda n: '{"log":"' + _fill("./login.sh\\nmkdir -p build\\n", n) + '"}',
    "json_slashes": lambda n: '{"url":"' + _fill("https:\\/\\/example.com\\/a\\/b ", n) + '"}',
    "json_credentials": lambda n: '{"log":"' + _fill("password=hunter2\\ntoken=ab\\/cd9Xq2Lm7Wz\\n", n) + '"}',
    "url_escapes": lambda n: "GET /a?q=" + _fill("a%20b%2Fc%3Dd", n),
    "teamcity_newlines": lambda n: "##teamcity[message text='" + _fill("step ok|n", n) + "']",
    "teamcity_escapes": lambda n: "##teamcity[message text='" + _fill("|'a|' |[b|] |0x00e9|n", n) + "']",
    "teamcity_credentials": lambda n: "##teamcity[message text='" + _fill("password=|'hunter 2|'|n", n) + "']",
}


def _clock(cpu: bool) -> Callable[[], float]:
    return time.process_time if cpu else time.perf_counter


def measure(shape: Callable[[int], str], size: int, cpu: bool) -> float:
    """Seconds `Redactor.redact` takes on one line of `shape`, `size` characters long."""
    line = shape(size)
    clock = _clock(cpu)
    start = clock()
    Redactor().redact(line)
    return clock() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="0.25,0.5,1", help="line sizes in MB")
    ap.add_argument("--shapes", default=",".join(SHAPES))
    ap.add_argument("--cpu", action="store_true")
    args = ap.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    print(f"load {os.getloadavg()[0]:.1f}; MB/s of Redactor.redact on one line ({'CPU' if args.cpu else 'wall'} time)")
    print(f"{'shape':<24}" + "".join(f"{f'{s:g} MB':>10}" for s in sizes))
    for name in args.shapes.split(","):
        rates = [s / max(measure(SHAPES[name], int(s * (1 << 20)), args.cpu), 1e-9) for s in sizes]
        print(f"{name:<24}" + "".join(f"{rate:>10.1f}" for rate in rates))


if __name__ == "__main__":
    main()
