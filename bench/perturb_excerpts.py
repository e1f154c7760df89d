"""Excerpt robustness on LogChunks' dev half rewritten by perturbations made of real output.

    .venv/bin/python bench/perturb_excerpts.py DATASETS [--perturb NAME,...] [--budget 2000,auto]
        [--workers 2] [--details] [--against REV]

The dev half is near its ceiling at 2,000 tokens while the held-out half is not, so the gap is
logs unlike the dev half. This bench makes dev logs unlike themselves in ways a Travis job of
another repository may be: each dev log (the dev split is chosen before any log or label is read)
is rewritten by one perturbation, its labelled chunk's line numbers are carried through the
rewrite, and the excerpt's labelled-line coverage and full-chunk hit (bench/logs.py's metrics) are
measured on the logs the perturbation applies to, beside the same logs unperturbed.

Perturbations (the inserted output is real, made here with the tools named in
tests/facts/data/README.md; the CI's own lines around it are travis-build's and GitHub's
documented shapes, as tests/facts/framing writes them):

- after-config-log: an `after_failure` step that runs `cat config.log` (autoconf's log of a
  configure run that passed: compilers' `fatal error:` and `collect2: error:` lines of the probes)
  before `Done. Your build exited with 1.`
- after-coveralls: an `after_script` step running coveralls 3.3.1 with no network (chained
  tracebacks, `fatal: not a git repository`) in the same place.
- tracebacks-in-after-failure: the same chained tracebacks as what an `after_failure` step `cat`s (a
  service's log the job dumps when it fails: errors of their own, not the failing step's report).
- after-npm-debug-log: an `after_failure` step that runs `cat ~/.npm/_logs/*.log` (npm 11's debug log of an
  install whose dependency's postinstall failed: `verbose stack Error: command failed` and its frames,
  `error code 2`): another run's errors, not the failing step's report.
- after-junit-xml: an `after_failure` step that runs `cat test-results/*.xml` (pytest 9's JUnit XML of
  another run with two failures, their tracebacks inside `<failure>` elements, most of it on one line).
- after-logs-found: an `after_failure` step that runs `find . -name '*.log' -exec cat {} +` over three real
  logs (pip's log of a failed build with its tracebacks, npm's debug log, autoconf's config.log): 859 lines.
- after-passing-tests: an `after_script` step printing 300 passing `pytest -v` results whose test
  names use error words.
- warnings-in-step: 840 lines of gcc 12 `-Wall -Wextra` warnings at the start of the failing
  step's output (a build that warns before the failure).
- passing-after-in-step: the same 300 passing results as the failing command's last output, after
  its report and before the line saying it failed (a runner that reports failures first).
- coverage-after-in-step: coverage.py 7.6's 126-line report of 120 modules in the same place
  (pytest-cov, `coverage report` after the tests).
- table-after-in-step: Jest 29.7's coverage table of 60 files (65 lines: `File | % Stmts | ...`, a row per
  file, `All files`, folders) in the same place: its rows share their columns, not their start.
- tables-after-in-step: pytest-cov's coverage table of 42 modules then pytest-benchmark's timing table
  of 16 benchmarks (200 columns wide, its column edges one apart from row to row) and its legend, as
  pytest prints them between the failures' report and its short summary: two tables in a row.
- repeated-in-report: a retry loop's 40 identical tracebacks (`logging.exception` on each refused
  connection, Python 3.11) in the middle of the labelled report (after its first half): a report
  whose middle repeats itself, whose head and end are the failure's.
- tracebacks-in-step: coveralls' chained tracebacks (an earlier command of the failing step that
  failed without failing it, `coveralls || true`) right above the labelled report, in the step.
- second-failing-command: coveralls as the next script command, failing too (`The command
  "coveralls" exited with 1.`), right after the line saying the failing command failed.
- gha-timestamps: every line behind a GitHub Actions timestamp (line numbers unchanged).
- second-job: the setup of another repository's dev log (up to its failing step) appended
  after this job's end, as when two jobs' logs are saved as one file.
- gha-reframed: the whole log as GitHub Actions prints a job (runner timestamps, `##[group]Run`
  step headers, `##[error]Process completed with exit code N.` for a failed command, the
  post-job cleanup for Travis's last line; travis-build's timers and folds rewritten or dropped).
- retried-command: the failing command under travis_retry, its output printed three times with
  travis-build's `failed. Retrying, N of 3.` between the attempts (the label on the first).
- report-in-after-failure: the failing command's output from its labelled chunk to its failure
  line moved into an `after_failure` step that `cat`s a file (a runner writing its report to a
  file the step does not print: CTest's LastTest.log, automake's test-suite.log), before the
  job's last line: the step ends with what it printed before its report. Uses the label's
  first line to choose what moves (the dev half's labels only).
- report-in-after-script: the same report `cat`ed by an `after_script` step (run whatever the job
  returned) instead.

--against REV measures the same perturbed logs a second time with the excerpt code of git revision REV
(its src/ exported by `git archive` into a temporary directory, run by this file in a child process) and
prints both trees' perturbed scores side by side, and with --details the logs REV kept more of: code
against code on one machine. The held-out half's loss of rounds 17-18 (0.907 / 0.858 at ef48e22 to 0.886 /
0.841 at e861b7e) shows here and nowhere on the dev half itself: `--against ef48e22` on e861b7e gives
report-in-after-failure 0.821 / 0.734 there and 0.142 / 0.107 here, while the dev half unperturbed, with
every parser or each log's own left out, and at 600 or 1,000 tokens, is the same on both.

A perturbation that finds no failing Travis step in a log skips it. Development only: no held-out
log is read.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal, Protocol

from remediate.facts import extract_facts

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.logs import Case, Cut, chunk_scores, load_cases  # noqa: E402  (the repository root on the path first)

DATA = ROOT / "tests" / "facts" / "data"
Budget = int | Literal["auto"]
Span = tuple[int, int]  # the labelled chunk's first and last line (1-based, its first alternative)
# travis-build's lines: a script command's result, a timed command's start, the job's last line.
_FAILED = re.compile(rb'The command ".*" (?:failed and )?exited with [1-9]\d*')
_STEP_START = re.compile(rb"travis_time:start:\w+\r?\x1b\[0K(?:\x1b\[[0-9;]*m)?\$ ")
_DONE = re.compile(rb"^Done\. Your build exited with")


@dataclass
class Rewrite:
    """A perturbed log: its lines and where each original line went (1-based, old -> new)."""

    lines: list[bytes]
    moved: Callable[[int], int]
    inside: Span | None = None  # new lines put inside the labelled chunk (1-based, in the new log): not labelled


def _without(span: Span, gap: Span | None) -> list[Span]:
    """The labelled range `span` less the new lines `gap` inserted inside it."""
    if gap is None or gap[1] < span[0] or gap[0] > span[1]:
        return [span]
    return [part for part in ((span[0], gap[0] - 1), (gap[1] + 1, span[1])) if part[0] <= part[1]]


def _lines(data: bytes) -> list[bytes]:
    lines = data.split(b"\n")
    if data.endswith(b"\n"):
        lines.pop()
    return lines


def _insert(lines: list[bytes], at: int, new: list[bytes]) -> Rewrite:
    """`new` inserted before line index `at` (0-based): lines from there on move down."""
    return Rewrite(lines[:at] + new + lines[at:], lambda n: n + len(new) if n > at else n)


def _filler(path: Path) -> list[bytes]:
    """Real output as a Travis log holds it (lines end `\\r\\n`)."""
    return [line + b"\r" for line in _lines(path.read_bytes())]


def _travis_step(fold: str, command: str, output: list[bytes]) -> list[bytes]:
    """A Travis step's lines as travis-build prints them: fold, timer, `$ command`, output, end."""
    return [
        f"travis_fold:start:{fold}\r\x1b[0Ktravis_time:start:0badf00d\r\x1b[0K$ {command}\r".encode(),
        *output,
        b"travis_time:end:0badf00d:start=1,finish=2,duration=1\r\x1b[0K"
        + f"travis_fold:end:{fold}\r\x1b[0K\r".encode(),
    ]


def _first_failure(lines: list[bytes]) -> int | None:
    return next((i for i, line in enumerate(lines) if _FAILED.search(line)), None)


def _before_done(lines: list[bytes], new: list[bytes]) -> Rewrite | None:
    """`new` before the job's `Done. Your build exited with` line (after_failure, after_script)."""
    if _first_failure(lines) is None:
        return None
    done = next((i for i in range(len(lines) - 1, -1, -1) if _DONE.match(lines[i])), len(lines))
    return _insert(lines, done, new)


def after_config_log(lines: list[bytes], _other: list[bytes], _chunk: Span | None = None) -> Rewrite | None:
    return _before_done(
        lines, _travis_step("after_failure", "cat config.log", _filler(DATA / "autoconf_config_log.txt"))
    )


def after_coveralls(lines: list[bytes], _other: list[bytes], _chunk: Span | None = None) -> Rewrite | None:
    return _before_done(lines, _travis_step("after_script.1", "coveralls", _filler(DATA / "coveralls_no_network.txt")))


def tracebacks_in_after_failure(lines: list[bytes], _other: list[bytes], _chunk: Span | None = None) -> Rewrite | None:
    return _before_done(
        lines, _travis_step("after_failure", "cat logs/server.log", _filler(DATA / "coveralls_no_network.txt"))
    )


def after_npm_debug_log(lines: list[bytes], _other: list[bytes], _chunk: Span | None = None) -> Rewrite | None:
    return _before_done(
        lines,
        _travis_step("after_failure", "cat ~/.npm/_logs/*.log", _filler(DATA / "npm11_debug_log_postinstall.txt")),
    )


def after_junit_xml(lines: list[bytes], _other: list[bytes], _chunk: Span | None = None) -> Rewrite | None:
    return _before_done(
        lines, _travis_step("after_failure", "cat test-results/*.xml", _filler(DATA / "pytest9_junitxml_cat.txt"))
    )


def after_logs_found(lines: list[bytes], _other: list[bytes], _chunk: Span | None = None) -> Rewrite | None:
    command = "find . -name '*.log' -exec cat {} +"
    return _before_done(
        lines, _travis_step("after_failure", command, _filler(DATA / "find_exec_cat_logs_pip_npm_config.txt"))
    )


def after_passing_tests(lines: list[bytes], _other: list[bytes], _chunk: Span | None = None) -> Rewrite | None:
    command = "python -m pytest -v tests"
    return _before_done(lines, _travis_step("after_script.1", command, _filler(DATA / "pytest_v_300_passed.txt")))


def warnings_in_step(lines: list[bytes], _other: list[bytes], _chunk: Span | None = None) -> Rewrite | None:
    """gcc's warnings right after the failing step's `$ command` line."""
    failed = _first_failure(lines)
    if failed is None:
        return None
    start = next((i for i in range(failed, -1, -1) if _STEP_START.search(lines[i])), None)
    if start is None or start == failed:
        return None
    return _insert(lines, start + 1, _filler(DATA / "gcc12_wall_840_warnings.txt"))


def tracebacks_in_step(lines: list[bytes], _other: list[bytes], chunk: Span | None = None) -> Rewrite | None:
    """coveralls' chained tracebacks (an earlier command of the failing step that failed without failing
    it: `coveralls || true`, a test that logs an expected exception) right above the labelled report,
    in the failing step: a second block of errors, scored as high as the report's, before it."""
    failed = _first_failure(lines)
    if failed is None or chunk is None:
        return None
    start = next((i for i in range(failed, -1, -1) if _STEP_START.search(lines[i])), None)
    first = chunk[0] - 1
    if start is None or not start < first <= chunk[1] - 1 < failed:
        return None
    return _insert(lines, first, _filler(DATA / "coveralls_no_network.txt"))


def _before_failure(lines: list[bytes], new: list[bytes]) -> Rewrite | None:
    """`new` as the failing command's last output, before the line that says it failed."""
    failed = _first_failure(lines)
    return None if failed is None else _insert(lines, failed, new)


def passing_after_in_step(lines: list[bytes], _other: list[bytes], _chunk: Span | None = None) -> Rewrite | None:
    return _before_failure(lines, _filler(DATA / "pytest_v_300_passed.txt"))


def coverage_after_in_step(lines: list[bytes], _other: list[bytes], _chunk: Span | None = None) -> Rewrite | None:
    return _before_failure(lines, _filler(DATA / "coverage761_report_120_modules.txt"))


def table_after_in_step(lines: list[bytes], _other: list[bytes], _chunk: Span | None = None) -> Rewrite | None:
    """Jest 29's coverage table of 60 files (istanbul's text reporter: each row a file's name, then
    aligned columns) in the same place: rows that share no start, only their columns."""
    return _before_failure(lines, _filler(DATA / "jest29_coverage_table_60_files.txt"))


def tables_after_in_step(lines: list[bytes], _other: list[bytes], _chunk: Span | None = None) -> Rewrite | None:
    """A coverage table then a timing table (pytest-cov, then pytest-benchmark) in the same place: the
    window before the failure meets two tables in a row between the report and the failure line."""
    return _before_failure(lines, _filler(DATA / "pytest9_cov_benchmark_tables.txt"))


def repeated_in_report(lines: list[bytes], _other: list[bytes], chunk: Span | None = None) -> Rewrite | None:
    """A retry loop's 40 tracebacks (the same one each time, a timestamp apart) inside the labelled report,
    after its first half: the excerpt should keep the report's head and its end, not the repeats."""
    failed = _first_failure(lines)
    if failed is None or chunk is None or chunk[1] - chunk[0] < 1 or chunk[1] - 1 >= failed:
        return None
    middle = (chunk[0] + chunk[1]) // 2  # 1-based: the new lines go after this line
    filler = _filler(DATA / "python311_retry_loop_40_tracebacks.txt")
    rewrite = _insert(lines, middle, filler)
    rewrite.inside = (middle + 1, middle + len(filler))
    return rewrite


def second_failing_command(lines: list[bytes], _other: list[bytes], _chunk: Span | None = None) -> Rewrite | None:
    """A later script command that fails too (coveralls, as `script:`'s next command), right after
    the line saying the first one failed: Travis runs every script command."""
    failed = _first_failure(lines)
    if failed is None:
        return None
    command = [
        b"\r",
        b"travis_time:start:0badf00d\r\x1b[0K$ coveralls\r",
        *_filler(DATA / "coveralls_no_network.txt"),
        b"travis_time:end:0badf00d:start=1,finish=2,duration=1\r\x1b[0K"
        b'\x1b[31;1mThe command "coveralls" exited with 1.\x1b[0m\r',
    ]
    return _insert(lines, failed + 1, command)


def gha_timestamps(lines: list[bytes], _other: list[bytes], _chunk: Span | None = None) -> Rewrite | None:
    stamped = [
        f"2019-05-01T10:{i // 6000 % 60:02d}:{i // 100 % 60:02d}.{i % 100:02d}00000Z ".encode() + line
        for i, line in enumerate(lines)
    ]
    return Rewrite(stamped, lambda n: n)


def second_job(lines: list[bytes], other: list[bytes], _chunk: Span | None = None) -> Rewrite | None:
    """Another job's setup (its lines up to its failing step's start) after this job's end."""
    failed = _first_failure(other)
    if failed is None or _first_failure(lines) is None:
        return None
    start = next((i for i in range(failed, -1, -1) if _STEP_START.search(other[i])), failed)
    return Rewrite([*lines, *other[:start]], lambda n: n)


def report_in_after_failure(lines: list[bytes], _other: list[bytes], chunk: Span | None = None) -> Rewrite | None:
    """The failing command's output from its labelled chunk on is not printed by the step but kept in
    a file that after_failure `cat`s before the job's last line (automake's test-suite.log, a runner
    writing its report to a file): the step ends with what it printed before the report, then the
    line saying it failed. The report's lines are the log's own, moved, so nothing of it repeats in
    the step."""
    return _report_moved(lines, chunk, "after_failure")


def report_in_after_script(lines: list[bytes], _other: list[bytes], chunk: Span | None = None) -> Rewrite | None:
    """The same report `cat`ed by after_script instead (a .travis.yml that prints its logs there, run
    whatever the job returned): the stage does not say it reacts to the failure, its output does."""
    return _report_moved(lines, chunk, "after_script.1")


def _report_moved(lines: list[bytes], chunk: Span | None, stage: str) -> Rewrite | None:
    """The failing command's report (from its labelled chunk to its failure line) moved into `stage`."""
    failed = _first_failure(lines)
    if failed is None or chunk is None:
        return None
    start = next((i for i in range(failed, -1, -1) if _STEP_START.search(lines[i])), None)
    first = chunk[0] - 1  # 0-based: the report moves from here up to the failure line
    if start is None or not start < first <= chunk[1] - 1 < failed:
        return None
    done = next((i for i in range(len(lines) - 1, failed, -1) if _DONE.match(lines[i])), len(lines))
    step = _travis_step(stage, "cat build/test-report.log", lines[first:failed])
    return Rewrite(lines[:first] + lines[failed:done] + step + lines[done:], _moved_out(first, failed, done))


def _moved_out(first: int, failed: int, done: int) -> Callable[[int], int]:
    """Where a line (1-based) goes when lines[first:failed] (0-based) move into a two-line step
    framing inserted before lines[done]."""

    def moved(n: int) -> int:
        i = n - 1
        if i < first:
            return n
        if i < failed:
            return n + done - failed + 1
        return n - (failed - first) if i < done else n + 2

    return moved


_TIMER = re.compile(rb"travis_time:(?:start:\w+|end:\w+:[^\r]*)\r?\x1b\[0K")
_FOLD = re.compile(rb"travis_fold:(start|end):([\w.-]+)\r?\x1b\[0K")
_COMMAND = re.compile(rb"\$ (.*?)\r?$")
_EXIT = re.compile(rb'(?:\x1b\[[0-9;]*m)?The command ".*" (?:failed and )?exited with ([1-9]\d*)\.')


def _github_lines(line: bytes) -> list[bytes]:
    """One Travis line as the GitHub Actions runner would print it: a script command as a step's
    `##[group]Run` header (command, shell, `##[endgroup]`), a failing command's line as the runner's
    `##[error]Process completed with exit code N.`, a fold as a group, the job's last line as the
    post-job cleanup; travis-build's timers dropped."""
    if _STEP_START.search(line) and (command := _COMMAND.search(line)):
        cmd = command.group(1)
        header = [b"##[group]Run " + cmd, b"\x1b[36;1m" + cmd + b"\x1b[0m"]
        return [*header, b"shell: /usr/bin/bash -e {0}", b"##[endgroup]"]
    line = _TIMER.sub(b"", line)
    if exit_code := _EXIT.search(line):
        return [b"##[error]Process completed with exit code " + exit_code.group(1) + b"."]
    if _DONE.match(line):
        return [b"Post job cleanup.", b"Cleaning up orphan processes"]
    if fold := _FOLD.match(line):
        return [b"##[group]" + fold.group(2) if fold.group(1) == b"start" else b"##[endgroup]"]
    return [line.rstrip(b"\r")]


def gha_reframed(lines: list[bytes], _other: list[bytes], _chunk: Span | None = None) -> Rewrite | None:
    """The whole Travis log as a GitHub Actions job log: each line behind a runner timestamp, steps
    as `##[group]Run` groups, failures as `##[error]Process completed with exit code N.`."""
    if _first_failure(lines) is None:
        return None
    out: list[bytes] = []
    where: list[int] = []  # 1-based line each old line starts at
    for line in lines:
        where.append(len(out) + 1)
        out.extend(_github_lines(line))
    stamped = [
        f"2024-05-01T10:{i // 6000 % 60:02d}:{i // 100 % 60:02d}.{i % 100:02d}00000Z ".encode() + line
        for i, line in enumerate(out)
    ]
    return Rewrite(stamped, lambda n: where[n - 1] if 0 < n <= len(where) else n + len(out) - len(lines))


def retried_command(lines: list[bytes], _other: list[bytes], _chunk: Span | None = None) -> Rewrite | None:
    """The failing command run under travis_retry: its output printed three times, travis-build's
    `The command "CMD" failed. Retrying, N of 3.` between the attempts and `failed 3 times.` after the
    last (its words since 2013); the label stays on the first attempt, where the failure first shows."""
    failed = _first_failure(lines)
    if failed is None:
        return None
    start = next((i for i in range(failed, -1, -1) if _STEP_START.search(lines[i])), None)
    command = _COMMAND.search(lines[start]) if start is not None else None
    if start is None or command is None or start + 1 >= failed:
        return None
    said = command.group(1).decode(errors="replace")
    output = lines[start + 1 : failed]
    again = [f'\x1b[31;1mThe command "{said}" failed. Retrying, {n} of 3.\x1b[0m\r'.encode() for n in (2, 3)]
    last = f'\x1b[31;1mThe command "{said}" failed 3 times.\x1b[0m\r'.encode()
    new = [b"\r", again[0], b"\r", *output, b"\r", again[1], b"\r", *output, b"\r", last, b"\r"]
    rewrite = _insert(lines, failed, new)
    rewrite.lines[start] = lines[start].replace(b"$ ", b"$ travis_retry ", 1)
    return rewrite


class Perturbation(Protocol):
    def __call__(self, lines: list[bytes], other: list[bytes], chunk: Span | None = None, /) -> Rewrite | None: ...


PERTURBATIONS: dict[str, Perturbation] = {
    "after-config-log": after_config_log,
    "after-coveralls": after_coveralls,
    "after-passing-tests": after_passing_tests,
    "tracebacks-in-after-failure": tracebacks_in_after_failure,
    "after-npm-debug-log": after_npm_debug_log,
    "after-junit-xml": after_junit_xml,
    "after-logs-found": after_logs_found,
    "warnings-in-step": warnings_in_step,
    "tracebacks-in-step": tracebacks_in_step,
    "passing-after-in-step": passing_after_in_step,
    "coverage-after-in-step": coverage_after_in_step,
    "table-after-in-step": table_after_in_step,
    "tables-after-in-step": tables_after_in_step,
    "repeated-in-report": repeated_in_report,
    "second-failing-command": second_failing_command,
    "gha-timestamps": gha_timestamps,
    "second-job": second_job,
    "report-in-after-failure": report_in_after_failure,
    "report-in-after-script": report_in_after_script,
    "gha-reframed": gha_reframed,
    "retried-command": retried_command,
}


@dataclass
class Result:
    case: str
    perturbation: str
    scores: dict[tuple[str, str], tuple[float, bool]]  # (base|perturbed, budget) -> coverage, hit


def _cut(log: bytes, budget: Budget) -> Cut:
    facts = extract_facts(log, budget_tokens=budget)
    return Cut([(r.start, r.end) for r in facts.excerpt_lines], facts.excerpt, facts.excerpt_tokens)


def measure(args: tuple[Case, Path, tuple[str, ...], tuple[Budget, ...]]) -> list[Result]:
    """One log unperturbed and under each perturbation that applies to it, at each budget."""
    case, other_path, names, budgets = args
    lines = _lines(case.path.read_bytes())
    other = _lines(other_path.read_bytes())
    base = {b: chunk_scores(case, _cut(b"\n".join(lines) + b"\n", b)) for b in budgets}
    results = []
    first = case.chunks[0] if case.chunks else []
    chunk = (min(a for a, _ in first), max(b for _, b in first)) if first else None
    for name in names:
        rewrite = PERTURBATIONS[name](lines, other, chunk)
        if rewrite is None:
            continue
        chunks = [
            [p for a, b in alt for p in _without((rewrite.moved(a), rewrite.moved(b)), rewrite.inside)]
            for alt in case.chunks
        ]
        moved = replace(case, chunks=chunks)
        log = b"\n".join(rewrite.lines) + b"\n"
        scores = {("base", str(b)): base[b] for b in budgets}
        scores.update({("perturbed", str(b)): chunk_scores(moved, _cut(log, b)) for b in budgets})
        results.append(Result(case.id, name, scores))
    return results


def _pair(scores: list[tuple[float, bool]]) -> str:
    return f"{statistics.mean(c for c, _ in scores):.3f} / {statistics.mean(1.0 if h else 0.0 for _, h in scores):.3f}"


def table(results: list[Result], names: list[str], budgets: tuple[Budget, ...]) -> list[str]:
    head = " | ".join(f"{b} unperturbed | {b} perturbed" for b in budgets)
    out = [f"| perturbation | logs | {head} |", "|---|---:|" + "---:|" * (2 * len(budgets))]
    for name in names:
        group = [r for r in results if r.perturbation == name]
        if not group:
            continue
        cells = [_pair([r.scores[kind, str(b)] for r in group]) for b in budgets for kind in ("base", "perturbed")]
        out.append(f"| {name} | {len(group)} | {' | '.join(cells)} |")
    return out


def losses(results: list[Result], budget: Budget) -> list[str]:
    """Each log whose coverage the perturbation lowered at `budget`."""
    out = []
    for r in results:
        before, after = r.scores["base", str(budget)][0], r.scores["perturbed", str(budget)][0]
        if after < before - 1e-9:
            out.append(f"  {r.perturbation} {r.case}: {before:.2f} -> {after:.2f}")
    return out


def _dumped(results: list[Result]) -> str:
    return json.dumps([[r.case, r.perturbation, [[*k, *v] for k, v in r.scores.items()]] for r in results])


def _loaded(text: str) -> list[Result]:
    return [
        Result(case, name, {(kind, budget): (float(cov), bool(hit)) for kind, budget, cov, hit in scores})
        for case, name, scores in json.loads(text)
    ]


def results_at(rev: str, argv: list[str]) -> list[Result]:
    """The same measurement (`argv`: this run's arguments) with the excerpt code of git revision `rev`:
    its src/ exported into a temporary directory and put first on a child process's path."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src"], check=True, capture_output=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
        env = {**os.environ, "PYTHONPATH": str(Path(tmp) / "src")}
        child = [sys.executable, str(Path(__file__).resolve()), *argv, "--json"]
        out = subprocess.run(child, env=env, check=True, capture_output=True, text=True).stdout
    return _loaded(out)


def against(
    mine: list[Result], theirs: list[Result], names: list[str], budgets: tuple[Budget, ...], rev: str
) -> list[str]:
    """Both trees' perturbed scores on the logs both measured, per perturbation and budget."""
    pairs = {(r.case, r.perturbation): r for r in theirs}
    both = [(r, pairs[r.case, r.perturbation]) for r in mine if (r.case, r.perturbation) in pairs]
    head = " | ".join(f"{b} at {rev} | {b} here" for b in budgets)
    out = [f"| perturbation | logs | {head} |", "|---|---:|" + "---:|" * (2 * len(budgets))]
    for name in names:
        group = [(m, t) for m, t in both if m.perturbation == name]
        if group:
            cells = []
            for b in budgets:
                cells.append(_pair([t.scores["perturbed", str(b)] for _, t in group]))
                cells.append(_pair([m.scores["perturbed", str(b)] for m, _ in group]))
            out.append(f"| {name} | {len(group)} | {' | '.join(cells)} |")
    return out


def kept_more(mine: list[Result], theirs: list[Result], budget: Budget, rev: str, here_more: bool = False) -> list[str]:
    """Each perturbed log of which `rev`'s excerpt kept more labelled lines than this tree's at `budget`
    (`here_more`: of which this tree's kept more): a change's losses and gains, log by log."""
    pairs = {(r.case, r.perturbation): r for r in theirs}
    out = []
    for r in mine:
        other = pairs.get((r.case, r.perturbation))
        if other is None:
            continue
        here, there = r.scores["perturbed", str(budget)][0], other.scores["perturbed", str(budget)][0]
        if (here > there + 1e-9) if here_more else (there > here + 1e-9):
            out.append(f"  {r.perturbation} {r.case}: {there:.2f} at {rev}, {here:.2f} here")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("datasets", type=Path)
    parser.add_argument("--perturb", default=",".join(PERTURBATIONS), help=f"of {', '.join(PERTURBATIONS)}")
    parser.add_argument("--budget", default="2000,auto", help="tokens or auto, comma-separated")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--every", type=int, default=1, help="every Nth dev log only (a quicker look)")
    parser.add_argument(
        "--only", default="", help="the dev logs whose id holds one of these comma-separated words (a change's logs)"
    )
    parser.add_argument(
        "--details", action="store_true", help="list the logs each perturbation lowered (and each tree kept more of)"
    )
    parser.add_argument("--against", metavar="REV", help="also measure with git revision REV's src/ (see above)")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # --against's child: the results
    args = parser.parse_args()
    names = args.perturb.split(",")
    unknown = [n for n in names if n not in PERTURBATIONS]
    if unknown:
        parser.error(f"unknown perturbation {unknown}: one of {list(PERTURBATIONS)}")
    budgets: tuple[Budget, ...] = tuple("auto" if b == "auto" else int(b) for b in args.budget.split(","))
    # The dev split first: nothing of a held-out log is read.
    dev = [c for c in load_cases(args.datasets) if c.dataset == "logchunks" and c.split == "dev"]
    others = [next((o for o in dev[i + 1 :] + dev[:i] if o.group != c.group), c) for i, c in enumerate(dev)]
    pairs = list(zip(dev, others, strict=True))[:: args.every]
    only = [word for word in args.only.split(",") if word]
    pairs = [(c, o) for c, o in pairs if not only or any(word in c.id for word in only)]
    jobs = [(c, o.path, tuple(names), budgets) for c, o in pairs]
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        results = [r for found in pool.map(measure, jobs, chunksize=2) for r in found]
    if args.json:
        print(_dumped(results))
        return
    print("LogChunks dev, labelled-line coverage / full-chunk hit, each log unperturbed and perturbed")
    print("\n".join(table(results, names, budgets)))
    if args.details:
        for budget in budgets:
            print(f"\nlogs the perturbation lowered at {budget}:")
            print("\n".join(losses(results, budget)))
    if args.against:
        argv = [str(args.datasets), "--perturb", args.perturb, "--budget", args.budget, "--every", str(args.every)]
        argv += ["--only", args.only]
        theirs = results_at(args.against, [*argv, "--workers", str(args.workers)])
        print(f"\nPerturbed, this tree against {args.against}")
        print("\n".join(against(results, theirs, names, budgets, args.against)))
        if args.details:
            for budget in budgets:
                print(f"\nlogs {args.against} kept more of at {budget}:")
                print("\n".join(kept_more(results, theirs, budget, args.against)))
                print(f"\nlogs this tree kept more of than {args.against} at {budget}:")
                print("\n".join(kept_more(results, theirs, budget, args.against, here_more=True)))


if __name__ == "__main__":
    main()
