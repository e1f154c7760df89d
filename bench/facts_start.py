"""`remediate facts` on a small log: end-to-end wall time, and where the CPU goes at start.

    .venv/bin/python bench/facts_start.py [LOG] [--runs 15] [--against OLD/src]

Without LOG it writes a 2.4 KB GitHub Actions log (a pytest failure) to a temporary file. It runs
`remediate facts --log LOG --json` RUNS times as a fresh process (best and median wall seconds,
with the load average beside them: on a shared machine the wall time is mostly the machine), then,
in one more fresh process, the CPU seconds of each start phase: the interpreter, the libraries
(pydantic), `remediate.models`, the facts modules, and the work on the log itself.
CPU time is what the code costs; it moves far less with the load than the wall time does. The
phases load the modules as `remediate facts` does (entry._facts: the garbage collector paused, what
loading made frozen, pydantic's plugins off); the interpreter's exit, which the freeze also makes
cheaper, is in no phase.

The processes run with Python's bytecode cache on, as an installed package has it (pip compiles
at install time): with PYTHONDONTWRITEBYTECODE set, as on some CI machines and on ours, every
start would compile remediate's sources again (about 0.05 s more). One unmeasured run first
writes the cache. The last line says whether rich (the terminal library) and typer were loaded: the
`--json` path of a successful run needs neither.

`--against OLD/src` compares two trees instead: the runs alternate between this one and OLD/src (each
process started with that tree first on PYTHONPATH), so both meet the same moments of the machine's
load; each side's median wall seconds and median CPU seconds (user + system of the process, exit
included: what the code costs) are printed with the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = 0.3

SAMPLE = """\
2026-11-30T10:00:00.0000000Z ##[group]Run python -m pytest -q
2026-11-30T10:00:00.0000000Z python -m pytest -q
2026-11-30T10:00:00.0000000Z shell: /usr/bin/bash -e {0}
2026-11-30T10:00:00.0000000Z ##[endgroup]
2026-11-30T10:00:01.0000000Z ============================= test session starts ==============================
2026-11-30T10:00:01.0000000Z platform linux -- Python 3.11.7, pytest-8.3.3, pluggy-1.5.0
2026-11-30T10:00:01.0000000Z rootdir: /home/runner/work/app/app
2026-11-30T10:00:01.0000000Z collected 12 items
2026-11-30T10:00:02.0000000Z tests/test_totals.py ......F.....                                   [100%]
2026-11-30T10:00:02.0000000Z =================================== FAILURES ===================================
2026-11-30T10:00:02.0000000Z ________________________________ test_rounding _________________________________
2026-11-30T10:00:02.0000000Z     def test_rounding():
2026-11-30T10:00:02.0000000Z >       assert total([0.1, 0.2]) == 0.3
2026-11-30T10:00:02.0000000Z E       assert 0.30000000000000004 == 0.3
2026-11-30T10:00:02.0000000Z E        +  where 0.30000000000000004 = total([0.1, 0.2])
2026-11-30T10:00:02.0000000Z tests/test_totals.py:14: AssertionError
2026-11-30T10:00:02.0000000Z =========================== short test summary info ============================
2026-11-30T10:00:02.0000000Z FAILED tests/test_totals.py::test_rounding - assert 0.30000000000000004 == 0.3
2026-11-30T10:00:02.0000000Z ========================= 1 failed, 11 passed in 0.41s =========================
2026-11-30T10:00:02.0000000Z ##[error]Process completed with exit code 1.
"""

PHASES = """
import gc, json, os, sys, time
from pathlib import Path
gc.disable()  # the modules load with the collector paused and are then frozen, as entry._facts loads them
ours = "PYDANTIC_DISABLE_PLUGINS" not in os.environ  # and with pydantic's plugins off, as entry._load_facts
if ours:
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
cpu = [time.process_time()]
import pydantic
cpu.append(time.process_time())
import remediate.models
cpu.append(time.process_time())
import remediate.facts.extract
cpu.append(time.process_time())
if ours:
    del os.environ["PYDANTIC_DISABLE_PLUGINS"]
import argparse, remediate.facts_command, remediate.errors, remediate.secrets
gc.freeze()
gc.enable()
cpu.append(time.process_time())
remediate.facts.extract.extract_facts(Path(sys.argv[1])).model_dump_json()
cpu.append(time.process_time())
names = ["interpreter", "pydantic", "remediate.models", "remediate.facts (parsers, rules)",
         "the facts command's other modules", "work on the log"]
print(json.dumps(dict(zip(names, [cpu[0]] + [b - a for a, b in zip(cpu, cpu[1:])]))))
"""

RICH = """
import sys
from remediate.entry import main
sys.argv = ["remediate", "facts", "--log", sys.argv[1], "--json"]
try:
    main()
except SystemExit:
    pass
sys.stderr.write(", ".join(f"{m} loaded: " + ("yes" if m in sys.modules else "no") for m in ("rich", "typer")))
"""


def _remediate() -> list[str]:
    exe = Path(sys.executable).with_name("remediate")
    return [str(exe)] if exe.exists() else [shutil.which("remediate") or "remediate"]


def _env() -> dict[str, str]:
    """This environment with the bytecode cache on (see the module's docstring)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def wall_times(log: Path, runs: int) -> list[float]:
    command = [*_remediate(), "facts", "--log", str(log), "--json"]
    subprocess.run(command, check=True, capture_output=True, env=_env())  # writes the bytecode cache
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=_env())
        times.append(time.perf_counter() - t0)
    return times


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def alternating(log: Path, runs: int, trees: dict[str, Path]) -> dict[str, tuple[list[float], list[float]]]:
    """(wall seconds, CPU seconds) of `runs` fresh processes per tree, taken in turn."""
    command = [*_remediate(), "facts", "--log", str(log), "--json"]
    envs = {name: {**_env(), "PYTHONPATH": str(src)} for name, src in trees.items()}
    for env in envs.values():
        subprocess.run(command, check=True, capture_output=True, env=env)  # writes the bytecode cache
    times: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in trees}
    for _ in range(runs):
        for name, env in envs.items():
            cpu, t0 = _cpu_of_children(), time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, env=env)
            times[name][0].append(time.perf_counter() - t0)
            times[name][1].append(_cpu_of_children() - cpu)
    return times


def compare(log: Path, runs: int, old: Path) -> None:
    here = Path(__file__).resolve().parent.parent / "src"
    before = os.getloadavg()[0]
    times = alternating(log, runs, {"this tree": here, str(old): old})
    after = os.getloadavg()[0]
    print(f"`remediate facts --json`, {runs} alternating runs each; load average {before:.1f} -> {after:.1f}")
    print("\n| tree | median wall s | best wall s | median CPU s | best CPU s |\n|---|---:|---:|---:|---:|")
    for name, (wall, cpu) in times.items():
        medians = f"{statistics.median(wall):.3f} | {min(wall):.3f} | {statistics.median(cpu):.3f} | {min(cpu):.3f}"
        print(f"| {name} | {medians} |")


def rich_loaded(log: Path) -> str:
    out = subprocess.run([sys.executable, "-c", RICH, str(log)], capture_output=True, text=True, env=_env())
    return out.stderr.strip().rsplit("\n", 1)[-1]


def phases(log: Path, runs: int = 5) -> dict[str, float]:
    """The best of `runs` fresh processes, phase by phase."""
    best: dict[str, float] = {}
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", PHASES, str(log)], check=True, capture_output=True, text=True, env=_env()
        )
        for name, seconds in json.loads(out.stdout).items():
            best[name] = min(best.get(name, seconds), seconds)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("log", nargs="?", type=Path)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--against", type=Path, metavar="OLD/src", help="alternate with another tree's sources")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        log = args.log or Path(tmp) / "ci.log"
        if args.log is None:
            log.write_text(SAMPLE)
        if args.against is not None:
            compare(log, args.runs, args.against.resolve())
            return
        before = os.getloadavg()[0]
        times = wall_times(log, args.runs)
        split = phases(log)
        rich = rich_loaded(log)
        after = os.getloadavg()[0]
    print(
        f"`remediate facts --json` on {log.stat().st_size if log.exists() else len(SAMPLE):,} bytes, {args.runs} runs: "
        f"best {min(times):.3f} s, median {statistics.median(times):.3f} s (target {TARGET_S} s); "
        f"load average {before:.1f} -> {after:.1f} on {os.cpu_count()} cores"
    )
    print("\n| start phase | CPU seconds (best of 5) |\n|---|---:|")
    for name, seconds in split.items():
        print(f"| {name} | {seconds:.3f} |")
    print(f"| **total** | **{sum(split.values()):.3f}** |")
    print(f"\n{rich}")


if __name__ == "__main__":
    main()
