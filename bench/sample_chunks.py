"""The stored samples as labelled chunks: does the excerpt keep a tool's whole output inside a real job?

    .venv/bin/python bench/sample_chunks.py [--budget 2000,auto] [--job plain,travis,github]
        [--max-tokens 8000] [--half fit,check] [--workers 2] [--details] [--dump FILE]

Each stored sample the full rules decide (bench/samples_proxy's set: real output of a real tool,
framed under the command its README row opens with) is the failing step's output of a CI job, and
its report's non-blank lines are the labelled chunk, as a LogChunks label marks a failure's lines
(report_lines: from its first line telling an error or a frame to its last telling line, a run's
passing results left out). The jobs:

- plain: the samples proxy's Travis job (tests/facts/framing.travis), the reference;
- travis: a Travis job whose setup is real output made here (git's clone progress, apt-get, pip,
  npm 6: tests/facts/data/README.md, "A job's setup that passes"), whose script runs a passing test
  command (another real sample) before the sample's command, and which after the failure `cat`s a
  log or runs a coverage upload (real output again) and stores its cache, as travis-build prints;
- github: the same steps as a GitHub Actions job (runner timestamps, `##[group]Run` headers,
  `##[error]Process completed with exit code 1.`, the post-job cleanup);
- warnings: the travis job whose failing step builds first, printing gcc 12's 840 lines of
  `-Wall -Wextra` warnings (gcc12_wall_840_warnings.txt) before the sample's output. The samples
  `*_one_rule.txt` (Ruff, Pylint, flake8, ESLint: 40 or 300 findings of one rule on a generated tree) are a
  report of alike rows that is the failure: here beside a compiler's flood, in decoys beside a passing run's
  noise, so a scoring change that weighs alike rows as a flood shows what it costs a report;
- second: the travis job whose next script command, coveralls without a network, fails too;
- wrapper: the travis job whose one script command is a project's script (`./ci/run.sh`, bash's
  `set -x` trace before each command, as held-out jobs run their tools) that first installs with
  warnings (tests/facts/data/noise) and runs 300 passing tests (pytest_v_300_passed.txt) in the
  failing step, above the sample's output;
- retry: the travis job whose failing command travis_retry runs three times (its `failed.
  Retrying, 2 of 3.` lines between, `failed 3 times.` after): three identical reports, of which
  the first is labelled (a label marks where the failure first shows);
- dump: the travis job whose after_failure `cat`s the runner's log, which holds the sample's
  output again, then 300 passing tests' log (a job that prints its logs after the failure);
- decoys: the travis job whose failing step first prints a passing run whose tests print failures (a
  logged exception's stack trace, Jest's `console.error` block, `ERROR:root:` and a Traceback, go test
  -v's `error` lines, under Surefire's per-class and Gradle's per-test lines: tests/facts/data/README.md,
  "Passing tests that print failures") above the sample's output, as a real run prints passing tests'
  output beside the failing one's report.

The line coverage and the full-chunk hit (bench/logs.py's chunk_scores) are measured at each budget
with every parser (`full`) and with the modules that read the sample left out (`out`: a tool no
parser knows). Samples are reported in three sizes: short (output up to SHORT, 1,000 tokens of
characters / 4, which fits whole at 2,000 beside its job), long (up to --max-tokens: a report
longer than the room, where the excerpt chooses which of its lines to keep) and over (a long one whose
labelled lines alone come to more than OVER, 2,000 tokens as the budget counts them: no excerpt at 2,000
holds it whole, as CiDiff's reports of 97 to 719 lines). Beside each is the ceiling (bench/logs.py's: the
best any excerpt of the budget could keep knowing the labels), so a stratum's gap to it shows.

The samples are split by tool as bench/samples_proxy.py splits them: the fit half may be looked at
sample by sample (--details, --dump), the check half is reported in aggregate only. Development
only: no dataset log is read.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import zlib
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Literal, NamedTuple

from pydantic import BaseModel

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root first: bench.*, tests.*
from tests.facts import framing

from bench.logs import Case, Cut, ceiling, chunk_scores
from bench.samples_proxy import _FRAMED_ALREADY, DATA, HALVES, commands, half_of, xtraced
from remediate.facts import extract_facts
from remediate.facts.excerpt import Telling, telling
from remediate.facts.excerpt_marks import heads_failure, shadow_map_rows
from remediate.facts.extract import AUTO_BASE, modules_reading
from remediate.facts.located import checked
from remediate.facts.parsers import bare_texts
from remediate.facts.reader import clean_line
from remediate.facts.verdicts import says_passed
from remediate.facts.view import View
from remediate.triage import rule_verdict

Budget = int | Literal["auto"]
MODES = ("full", "out")
SHORT = 1000  # tokens of output (characters / 4) that fit whole at 2,000 beside the job
OVER = 2000  # tokens of labelled lines (cleaned characters / 4) more than a 2,000 excerpt holds
# Passing script commands run before the failing one (README rows give their commands).
PASSING = ("pytest_verbose_pass.txt", "jest_pass.txt", "node_test_pass.txt", "ctest_pass.txt", "minitest_pass.txt")
# What a job runs after the failure: (stage, command, sample).
AFTER = (
    ("after_failure", "cat config.log", "autoconf_config_log.txt"),
    ("after_script", "coveralls", "coveralls_no_network.txt"),
    ("after_failure", "cat test-output.log", "pytest_v_300_passed.txt"),
)
# Passing runs whose tests print failures (a logged exception, console.error), one above each sample's report.
DECOYS = (
    "unittest311_decoys_passed.txt",
    "gotest119_v_decoys_passed.txt",
    "junit4_decoys_passed.txt",
    "jest29_decoys_passed.txt",
    "jest29_decoys_verbose_passed.txt",
    "maven_surefire_decoys_passed.txt",
    "gradle441_test_decoys_passed.txt",
)
# The failing runs of those suites are not in the set: report_lines labels every part of a report that tells an
# error, so their passing tests' logged traces would be labelled as the failure and an excerpt that sets them
# aside would score lower (tests/facts/test_passing_output.py measures them: the report kept, the traces not).
DECOY_RUNS = frozenset(
    {
        "unittest311_decoys.txt",
        "gotest119_v_decoys.txt",
        "junit4_decoys.txt",
        "jest29_decoys.txt",
        "maven_surefire_decoys.txt",
        "gradle441_test_decoys.txt",
        "gradle441_test_streams_decoys.txt",
        "junit5_console_tree_decoys.txt",
        "junit5_console_flat_decoys.txt",
    }
)
SETUP = (
    ("git clone --depth=50 --branch=master https://github.com/acme/shop.git acme/shop", "git_clone_depth50_passed.txt"),
    ("sudo apt-get install -y --no-install-recommends tree", "apt_install_passed.txt"),
    ("pip install -r requirements.txt", "pip23_install_passed.txt"),
    ("npm install", "npm6_install_passed.txt"),
)
CACHE = [
    "store build cache",
    "change detected (content changed, file is created, or file is deleted):",
    "/home/travis/.cache/pip/http/1/4/a/5/3/14a53d1f0c4e8b",
    "/home/travis/.npm/_cacache/index-v5/3f/9c/2a4e1b",
    "changes detected, packing new archive",
    "uploading master/cache-linux-trusty-e3b0c442--python-3.11.tgz",
    "cache uploaded",
]


class Job(BaseModel):
    """A job's log lines and the 1-based numbers of the labelled lines (the sample's non-blank ones)."""

    lines: list[str]
    chunk: list[int]


class Outcome(BaseModel):
    sample: str
    half: str
    job: str
    size: str  # "short", "long" or "over" (see SHORT, OVER)
    chunk: int  # labelled lines
    scores: dict[str, tuple[float, bool]]  # "mode budget" -> (coverage, full hit)
    ceilings: dict[str, tuple[float, bool]] = {}  # "budget" -> the best any excerpt of it could keep


def _out(name: str) -> list[str]:
    return (DATA / name).read_text(errors="replace").rstrip("\n").split("\n")


def _pick(sample: str, choices: tuple[str, ...] | tuple[tuple[str, str, str], ...], salt: str) -> int:
    """A stable choice of noise for one sample (its name's crc32), so every run builds the same job."""
    return zlib.crc32((salt + sample).encode()) % len(choices)


def report_lines(output: list[str]) -> list[int]:
    """The sample's report: its lines from the first that tells an error or a frame to the last that
    tells anything (excerpt.telling, the definition bench/logs.py counts telling lines by), so the
    progress a tool prints before its failure is not labelled; the whole output when none tells. A
    run's passing results among them (pytest-xdist's `[gw1] [ 3%] PASSED t`, go test's `--- PASS: T` and
    `ok  pkg`, cargo test's `test t ... ok`) are no failure's lines: they split the report, and of each
    part the lines from its first telling an error or a frame to its last telling line are labelled, as
    LogChunks' labels mark a failure among passing results (on the dev half: a prove run's failing
    script, 3 lines among its `ok` ones; pytest's FAILURES section, not the verbose progress above it).
    Labelled from the first error to the last verdict, pytest_xdist_verbose.txt's chunk held the 22
    other tests' lines the workers printed after the failing one's progress line. A sanitizer's shadow
    map and its legend (excerpt_marks.shadow_map_rows) are left out, as the excerpt leaves them out on
    purpose: a fixed table of byte codes around the address, which the report's own lines say in words
    (`is located 0 bytes to the right of 4-byte region`, `freed by thread T0 here`), 31 lines after each
    SUMMARY. Labelled, ctest_asan.txt's two reports kept 0.49 of their chunk at 2,000 tokens. Each line is
    read as its tool printed it (parsers.bare_texts: turbo's `web:test: `, lerna's `web: ` off, as the parsers
    and the excerpt read it): behind the prefix, another task's passing `✔` lines did not split the report
    and the failing task's indented frames told nothing, so labels held the other task's lines and missed
    the failing one's frames. A checker's finding (located.checked: `path:line:col: CODE message`, a stylish
    reporter's row under its file) is an error of its report, as a label marks a linter's rows: by the words
    alone a Ruff report's 300 rows told nothing and only its closing `Found 300 errors.` was labelled, so no
    change to which rows the excerpt keeps could show."""
    texts = bare_texts([clean_line(line.encode()) for line in output])
    kinds = [telling(text) for text in texts]
    for row in _findings(texts):
        kinds[row] = Telling.ERROR
    if not any(k in (Telling.ERROR, Telling.FRAME) for k in kinds):
        return list(range(len(output)))
    found: list[int] = []
    part: list[int] = []
    for i, text in enumerate(texts):
        if says_passed(text):
            found += _told(part, kinds, texts)
            part = []
        else:
            part.append(i)
    noise = shadow_map_rows(texts)
    return [i for i in found + _told(part, kinds, texts) if i not in noise]


def _findings(texts: list[str]) -> set[int]:
    """The 0-based indices of the lines a checker's findings are on (located.checked reads the first
    MAX_FINDINGS; the label's range runs on to the report's count below them)."""
    found = checked(View.of(texts), (1, len(texts)))
    return {record.log_line - 1 for record in found.errors if record.log_line is not None}


def _told(part: list[int], kinds: list[Telling | None], texts: list[str]) -> list[int]:
    """Of `part`, the lines from its first telling an error or a frame to its last telling line; from a
    runner's heading over a failing test's report above that line (excerpt_marks.heads_failure: Jest's
    `  ● cart › sums prices`, mocha's `  1) total`), which names the test the error is of. Jest prints its
    run's tree (`✕ sums prices`, `✓ passes`) above the report: the passing row split it, and the part below
    was labelled from its first frame, without the test's heading, its assertion, Expected and Received
    (jest29_long_diff.txt's label held 6 of its report's 243 lines, jest30_github_reporter.txt's missed its
    first failure's 15)."""
    first = next((i for i in part if kinds[i] in (Telling.ERROR, Telling.FRAME)), None)
    if first is None:
        return []
    first = next(i for i in part if i == first or heads_failure(texts[i]))
    last = max(i for i in part if kinds[i] is not None)
    return [i for i in part if first <= i <= last]


def _labelled(job: list[str], output: list[str]) -> Job:
    """`output` after the job's lines; its report's non-blank lines are the chunk."""
    start = len(job)
    return Job(lines=job + output, chunk=[start + i + 1 for i in report_lines(output) if output[i].strip()])


def travis_job(
    sample: str, command: str, output: list[str], *, built: list[str] | None = None, second: bool = False
) -> Job:
    """Setup, a passing script command, the sample's command failing (after `built`: a build's output
    in the same step), then (`second`) a coverage upload failing too, after-steps and the cache."""
    lines = ["travis_fold:start:worker_info\r\x1b[0K\x1b[33;1mWorker information\x1b[0m", "hostname: 2c4fbb3a-1234"]
    lines.append("travis_fold:end:worker_info\r\x1b[0K")
    for i, (cmd, name) in enumerate(SETUP):
        lines += _travis_step(f"setup.{i}", cmd, _out(name))
    passing = PASSING[_pick(sample, PASSING, "passing")]
    lines += _travis_step("", commands()[passing], _out(passing))
    job = _labelled([*lines, f"travis_time:start:0000beef\r\x1b[0K$ {command}", *(built or [])], output)
    tail = ["travis_time:end:0000beef:start=2,finish=3,duration=1\r\x1b[0K"]
    tail += [f'\x1b[31;1mThe command "{command}" exited with 1.\x1b[0m', ""]
    if second:
        tail += _travis_step("", "coveralls", _out("coveralls_no_network.txt"))
        tail += ['\x1b[31;1mThe command "coveralls" exited with 1.\x1b[0m', ""]
    stage, cmd, name = AFTER[_pick(sample, AFTER, "after")]
    tail += _travis_step(stage, cmd, _out(name))
    tail += [f"travis_fold:start:cache.2\r\x1b[0K{CACHE[0]}", *CACHE[1:], "travis_fold:end:cache.2\r\x1b[0K"]
    tail += ["", "Done. Your build exited with 1."]
    return Job(lines=job.lines + tail, chunk=job.chunk)


def warnings_job(sample: str, command: str, output: list[str]) -> Job:
    """The travis job whose failing step first builds with 840 lines of gcc warnings (`make check`)."""
    return travis_job(sample, command, output, built=_out("gcc12_wall_840_warnings.txt"))


def second_job(sample: str, command: str, output: list[str]) -> Job:
    """The travis job whose next script command, a coverage upload, fails too."""
    return travis_job(sample, command, output, second=True)


def wrapper_job(sample: str, command: str, output: list[str]) -> Job:
    """The travis job whose script runs `./ci/run.sh` under `set -x`: setup.py and npm installs with
    their warnings, a passing run of 300 tests, then the sample's command, all in the failing step."""
    built = [*xtraced("python setup.py install"), *_out("noise/setup_py_install_passed.txt")]
    built += [*xtraced("npm install"), *_out("noise/npm6_install_peer_warnings.txt")]
    built += [*xtraced("pytest -p no:cacheprovider -v tests"), *_out("pytest_v_300_passed.txt"), *xtraced(command)]
    return travis_job(sample, "./ci/run.sh", output, built=built)


def retry_job(sample: str, command: str, output: list[str]) -> Job:
    """The travis job whose failing command travis_retry runs three times (travis-build's messages);
    the first attempt's report is the chunk."""
    again = ["", f'\x1b[31;1mThe command "{command}" failed. Retrying, {{n}} of 3.\x1b[0m', ""]
    after = [*again, *output, *again, *output, "", f'\x1b[31;1mThe command "{command}" failed 3 times.\x1b[0m', ""]
    job = travis_job(sample, f"travis_retry {command}", output)
    at = job.chunk[-1] if job.chunk else 0
    end = next(i for i in range(at, len(job.lines)) if job.lines[i].startswith("travis_time:end:0000beef"))
    attempts = [line.replace("{n}", "2" if k < len(again) + len(output) else "3") for k, line in enumerate(after)]
    return Job(lines=job.lines[:end] + attempts + job.lines[end:], chunk=job.chunk)


def dump_job(sample: str, command: str, output: list[str]) -> Job:
    """The travis job whose after_failure `cat`s the runner's log (the sample's output again) and a
    passing run's log after it."""
    job = travis_job(sample, command, output)
    at = next(i for i, line in enumerate(job.lines) if line.startswith('\x1b[31;1mThe command "'))
    dumped = _travis_step("after_failure.1", "cat build/test.log", output)
    dumped += _travis_step("after_failure.2", "cat build/passed.log", _out("pytest_v_300_passed.txt"))
    return Job(lines=job.lines[: at + 2] + dumped + job.lines[at + 2 :], chunk=job.chunk)


def decoys_job(sample: str, command: str, output: list[str]) -> Job:
    """The travis job whose failing step prints a passing run's noisy output (DECOYS) above the sample's."""
    return travis_job(sample, command, output, built=_out(DECOYS[_pick(sample, DECOYS, "decoys")]))


def _travis_step(fold: str, command: str, output: list[str]) -> list[str]:
    """A step as travis-build prints it: a fold (when named), a timer, `$ command`, its output."""
    start = f"travis_fold:start:{fold}\r\x1b[0K" if fold else ""
    end = f"travis_fold:end:{fold}\r\x1b[0K" if fold else ""
    return [
        f"{start}travis_time:start:0000{len(command):04x}\r\x1b[0K$ {command}",
        *output,
        f"travis_time:end:0000{len(command):04x}:start=1,finish=2,duration=1\r\x1b[0K{end}",
    ]


def github_job(sample: str, command: str, output: list[str]) -> Job:
    """The same steps as GitHub Actions prints them; every line behind the runner's timestamp."""
    lines = ["\ufeffCurrent runner version: '2.334.0'", "##[group]Run actions/checkout@v4", "##[endgroup]"]
    for cmd, name in SETUP[1:]:
        lines += [*_gha_step(cmd), *_out(name)]
    passing = PASSING[_pick(sample, PASSING, "passing")]
    lines += [*_gha_step(commands()[passing]), *_out(passing)]
    job = _labelled([*lines, *_gha_step(command)], output)
    _, cmd, name = AFTER[_pick(sample, AFTER, "after")]  # a step `if: failure()` runs
    tail = ["##[error]Process completed with exit code 1.", *_gha_step(cmd), *_out(name)]
    tail += ["Post job cleanup.", "[command]/usr/bin/git version", "git version 2.49.0", "Cleaning up orphan processes"]
    stamped = [f"{framing._stamp(i)} {line}" for i, line in enumerate(job.lines + tail)]
    return Job(lines=stamped, chunk=job.chunk)


def _gha_step(command: str) -> list[str]:
    return [f"##[group]Run {command}", f"\x1b[36;1m{command}\x1b[0m", "shell: /usr/bin/bash -e {0}", "##[endgroup]"]


def plain_job(sample: str, command: str, output: list[str]) -> Job:
    log = framing.travis(command, "\n".join(output)).decode().rstrip("\n").split("\n")
    at = log.index(f"travis_time:start:1b2c3d4e\r\x1b[0K$ {command}") + 1
    return Job(lines=log, chunk=_labelled(log[:at], output).chunk)


JOBS: dict[str, Callable[[str, str, list[str]], Job]] = {
    "plain": plain_job,
    "travis": travis_job,
    "github": github_job,
    "warnings": warnings_job,
    "second": second_job,
    "wrapper": wrapper_job,
    "retry": retry_job,
    "dump": dump_job,
    "decoys": decoys_job,
}


def _case(job: Job) -> Case:
    return Case("samples", "", Path(), None, "dev", "", chunks=[[(n, n) for n in job.chunk]])


def _scores(log: bytes, job: Job, budgets: list[Budget], modules: frozenset[str]) -> Scored:
    """Each mode's and budget's scores, and each budget's ceiling (with `auto`, at what the full mode spent)."""
    out: dict[str, tuple[float, bool]] = {}
    ceilings: dict[str, tuple[float, bool]] = {}
    lines = log.rstrip(b"\n").split(b"\n")
    for mode in MODES:
        for budget in budgets:
            facts = extract_facts(log, budget_tokens=budget, leave_out=modules if mode == "out" else frozenset())
            cut = Cut([(r.start, r.end) for r in facts.excerpt_lines], facts.excerpt, facts.excerpt_tokens)
            out[f"{mode} {budget}"] = chunk_scores(_case(job), cut)
            if mode == "full":
                spent = budget if budget != "auto" else max(AUTO_BASE, facts.excerpt_tokens)
                ceilings[str(budget)] = ceiling(lines, _case(job).chunks, spent, headers=blocks(job))
    return Scored(out, ceilings)


class Scored(NamedTuple):
    scores: dict[str, tuple[float, bool]]
    ceilings: dict[str, tuple[float, bool]]


def blocks(job: Job) -> int:
    """The labelled lines' blocks: runs of them that only blank lines split (one header each in an excerpt)."""
    return sum(
        1
        for i, n in enumerate(job.chunk)
        if i == 0 or any(job.lines[k].strip() for k in range(job.chunk[i - 1], n - 1))
    )


def label_tokens(job: Job) -> int:
    """The labelled lines' size as the budget counts it (cleaned characters / 4, bench/logs.chunk_shape's)."""
    return sum(len(clean_line(job.lines[n - 1].encode())) for n in job.chunk) // 4


def measure(args: tuple[str, str, list[str], list[Budget], tuple[int, int]]) -> list[Outcome] | str | None:
    """One sample in each job; "big" when its output's size is out of bounds, None when it is not in the set."""
    sample, command, jobs, budgets, (low, high) = args
    path = DATA / sample
    raw = path.read_bytes()
    if sample in DECOY_RUNS or _FRAMED_ALREADY.search(raw):
        return None
    plain = framing.travis(command, raw.decode(errors="replace"))
    modules = modules_reading(plain)
    if not modules or not rule_verdict(extract_facts(plain, deadline_s=None)).decided:
        return None
    output = raw.decode(errors="replace").rstrip("\n").split("\n")
    chars = len("\n".join(output))
    if not 4 * low <= chars <= 4 * high:
        return "big"
    found = []
    for name in jobs:
        job = JOBS[name](sample, command, output)
        size = "short" if chars <= 4 * SHORT else "over" if label_tokens(job) > OVER else "long"
        log = ("\n".join(job.lines) + "\n").encode()
        scored = _scores(log, job, budgets, modules)
        half = half_of(sample)
        outcome = Outcome(sample=sample, half=half, job=name, size=size, chunk=len(job.chunk), scores=scored.scores)
        found.append(outcome.model_copy(update={"ceilings": scored.ceilings}))
    return found


def table(found: list[Outcome], jobs: list[str], keys: list[str], budgets: list[Budget]) -> list[str]:
    heads = keys + [f"ceiling {b}" for b in budgets]
    out = ["| half | size | job | samples | " + " | ".join(heads) + " |", "|---|---|---|---:|" + "---:|" * len(heads)]
    for half in HALVES:
        for size in ("short", "long", "over"):
            for job in jobs:
                mine = [o for o in found if o.half == half and o.size == size and o.job == job]
                if mine:
                    cells = [_cell([o.scores[k] for o in mine]) for k in keys]
                    cells += [_cell([o.ceilings[str(b)] for o in mine]) for b in budgets]
                    out.append(f"| {half} | {size} | {job} | {len(mine)} | " + " | ".join(cells) + " |")
    return out


def _cell(scores: list[tuple[float, bool]]) -> str:
    return f"{statistics.mean(c for c, _ in scores):.3f} / {statistics.mean(h for _, h in scores):.3f}"


def details(found: list[Outcome], keys: list[str]) -> list[str]:
    """The fit half's samples that lose a labelled line under any key (the check half is never listed)."""
    out = []
    for o in found:
        lost = {k: s[0] for k, s in o.scores.items() if not s[1]}
        if o.half == "fit" and lost:
            shares = ", ".join(f"{k} {v:.2f}" for k, v in lost.items() if k in keys)
            shares += "; ceiling " + ", ".join(f"{k} {c:.2f}" for k, (c, _) in o.ceilings.items())
            out.append(f"  {o.sample} ({o.job}, {o.size}, {o.chunk} lines): {shares}")
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--budget", default="2000,auto", help="tokens or auto, comma-separated")
    parser.add_argument("--job", default=",".join(JOBS), help=f"of {', '.join(JOBS)}")
    parser.add_argument("--max-tokens", type=int, default=8000, help="leave out samples whose output is longer")
    parser.add_argument("--min-tokens", type=int, default=0, help="leave out samples whose output is shorter")
    parser.add_argument("--glob", default="*.txt", help="which samples (file names in tests/facts/data)")
    parser.add_argument("--half", default="fit,check", help="which halves (the check half: aggregates only)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--details", action="store_true", help="list the fit half's samples that lose a line")
    parser.add_argument("--dump", type=Path, help="write the fit half's outcomes, one JSON object a line")
    args = parser.parse_args(argv)
    budgets: list[Budget] = [b if b == "auto" else int(b) for b in args.budget.split(",")]
    jobs = args.job.split(",")
    if unknown := [j for j in jobs if j not in JOBS]:
        parser.error(f"unknown job {unknown}: one of {list(JOBS)}")
    known = commands()
    halves = args.half.split(",")
    samples = sorted(p.name for p in DATA.glob(args.glob) if p.name in known and half_of(p.name) in halves)
    work = [(s, known[s], jobs, budgets, (args.min_tokens, args.max_tokens)) for s in samples]
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        results = list(pool.map(measure, work, chunksize=4))
    found = [o for r in results if isinstance(r, list) for o in r]
    keys = [f"{m} {b}" for m in MODES for b in budgets]
    big = Counter(half_of(s) for s, r in zip(samples, results, strict=True) if r == "big")
    print("labelled-line coverage / full-chunk hit; full = every parser, out = the sample's modules left out")
    sizes = f"shorter than {args.min_tokens:,} or longer than {args.max_tokens:,} tokens"
    print(f"left out as {sizes}: fit {big['fit']}, check {big['check']}\n")
    print("\n".join(table(found, jobs, keys, budgets)))
    if args.details:
        print("\n".join(details(found, keys)))
    if args.dump:
        args.dump.write_text("".join(o.model_dump_json() + "\n" for o in found if o.half == "fit"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
