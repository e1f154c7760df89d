"""Travis CI: the worker's set-up folds, the after_failure/after_script folds, and each command's status from
`The command "X" exited with N.` and the set-up folds that passed."""

from __future__ import annotations

import functools
import re
from bisect import bisect_left

from remediate.facts.ci.failures import TRAVIS_EXIT, travis_quoted
from remediate.facts.ci.model import Structure
from remediate.facts.ci.statuses import ci_steps
from remediate.facts.view import View
from remediate.models import CiStep

# Travis's own reports on the machine before the job's first command (`travis_fold:start:NAME`
# in the raw line, before the `\r` that hides it): the worker, the build image's tool versions
# and sudo configuration, the docker MTU and resolver set-up. Never a command of the project's;
# lines in them such as "...useful error messages" or "timeout" are no failure evidence.
_TRAVIS_SETUP = (b"worker_info", b"system_info", b"docker_mtu", b"resolvconf")


def travis_setup_ranges(view: View) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    open_at: dict[bytes, int] = {}
    for line in view.lines:
        if b"travis_fold:" not in line.raw:
            continue
        for name in _TRAVIS_SETUP:
            if b"travis_fold:start:" + name in line.raw:
                open_at[name] = line.no
            elif b"travis_fold:end:" + name in line.raw and name in open_at:
                ranges.append((open_at.pop(name), line.no))
    return sorted(ranges)


# Travis folds each command it runs once the job has failed in its stage's name (`after_failure`,
# `after_script.2`): printing logs, uploading coverage, building docs, whatever the script returned.
@functools.cache
def _after_fold() -> re.Pattern[bytes]:
    """Travis' after_failure/after_script folds, compiled on first use: importing the facts compiles no
    pattern (tests/facts/test_rules.py)."""
    return re.compile(rb"travis_fold:(start|end):(after_failure|after_script)\b")


def travis_statuses(st: Structure, view: View) -> list[CiStep]:
    """The Travis steps whose exit status the job reports (`The command "X" exited with N.`, 0 too), and
    those run in its after_failure and after_script stages, by step (the index of its start among the
    log's steps, as the records' ErrorRecord.step)."""
    starts = sorted(st.steps)
    lines = [no for no, _ in starts]
    codes = _travis_codes(view, starts)
    for i in _passed_setup(view, lines):
        codes.setdefault(i, 0)
    after = {i for _, first, close in st.after_stages for i in _between(lines, first, close)}
    return ci_steps(view, starts, codes, after)


def _travis_codes(view: View, starts: list[tuple[int, str]]) -> dict[int, int]:
    """Each step's exit code as Travis reports it after the command's output: the last echo of the quoted
    command before the report (else the last step before it) and the steps after that echo up to the report
    (a wrapper's own `$ cmd` echoes, Yarn's, inside its output)."""
    lines = [no for no, _ in starts]
    codes: dict[int, int] = {}
    done = 0  # steps before this one have their report
    for line in view.lines:
        if not line.text.startswith('The command "'):
            continue
        m = TRAVIS_EXIT.match(line.text)
        status = (m.group("cmd"), int(m.group("code"))) if m else travis_quoted(view, line.no)
        end = bisect_left(lines, line.no)  # the steps that started before the report
        if status is None or end <= done:
            continue
        echoed = status[0].split("\n", 1)[0].strip()
        first = next((i for i in range(end - 1, done - 1, -1) if starts[i][1] == echoed), end - 1)
        codes.update(dict.fromkeys(range(first, end), status[1]))
        done = end
    return codes


def after_folds(view: View) -> list[tuple[str, int, int]]:
    """Travis' after_failure and after_script folds, each (stage, first line, the line closing it), in log order.
    A fold may close and the next open on one line (a step starting there is the next one's); a fold the log cuts
    off closes after its last line; a start inside an open fold is of the fold already open."""
    folds: list[tuple[str, int, int]] = []
    opened: tuple[str, int] | None = None
    for line in view.lines:
        if b"travis_fold:" not in line.raw:
            continue
        for m in _after_fold().finditer(line.raw):
            if m.group(1) == b"start":
                opened = (m.group(2).decode(), line.no) if opened is None else opened
            elif opened is not None:
                folds.append((opened[0], opened[1], line.no))
                opened = None
    if opened is not None:
        folds.append((opened[0], opened[1], view.lines[-1].no + 1 if view.lines else opened[1] + 1))
    return folds


@functools.cache
def _setup_fold() -> re.Pattern[bytes]:
    """Travis' before_install, install and before_script folds (`install.2`, not `install.rebar` or
    `install_chrome`, a language's own set-up), compiled on first use."""
    return re.compile(
        rb"travis_fold:(start|end):(?:before_install|install|before_script)(?:\.\d{1,4})?(?=[\r\x1b\s]|$)"
    )


def _passed_setup(view: View, lines: list[int]) -> set[int]:
    """The steps of before_install, install and before_script folds that passed: Travis says nothing of a set-up
    command that exited 0 and stops the job at one that did not (`The command "X" failed and exited with N during
    .`), so a set-up fold that closed with a step started after it passed."""
    passed: set[int] = set()
    opened: int | None = None
    for line in view.lines:
        if b"travis_fold:" not in line.raw:
            continue
        for m in _setup_fold().finditer(line.raw):
            if m.group(1) == b"start":
                opened = line.no if opened is None else opened
            elif opened is not None:
                if bisect_left(lines, line.no) < len(lines):  # the job went on
                    passed.update(_between(lines, opened, line.no))
                opened = None
    return passed


def _between(lines: list[int], first: int, end: int) -> range:
    """The indices of the steps that start at `first` or later, before line `end`."""
    return range(bisect_left(lines, first), bisect_left(lines, end))
