"""bench/perturb_excerpts.py: where each perturbation puts its real output in a Travis log, and
how the labelled lines move with it."""

from __future__ import annotations

from pathlib import Path

from bench.logs import Case
from bench.perturb_excerpts import (
    DATA,
    PERTURBATIONS,
    Result,
    _dumped,
    _lines,
    _loaded,
    _without,
    against,
    kept_more,
    losses,
    measure,
    table,
)

from tests.facts import framing

JEST = (DATA / "jest29_long_diff.txt").read_text()


def _log() -> list[bytes]:
    return _lines(framing.travis("npx jest --ci", JEST))


def _index(lines: list[bytes], text: bytes) -> int:
    return next(i for i, line in enumerate(lines) if text in line)


def test_warnings_go_right_after_the_failing_commands_line_and_move_what_follows() -> None:
    lines = _log()
    command = _index(lines, b"$ npx jest --ci")
    rewrite = PERTURBATIONS["warnings-in-step"](lines, [])
    assert rewrite is not None
    warnings = _lines((DATA / "gcc12_wall_840_warnings.txt").read_bytes())
    assert rewrite.lines[command + 1] == warnings[0] + b"\r"
    assert rewrite.moved(command + 1) == command + 1  # the command's line (1-based) stays
    assert rewrite.moved(command + 2) == command + 2 + len(warnings)  # the report's first line moves
    assert rewrite.lines[rewrite.moved(command + 2) - 1] == lines[command + 1]


def test_what_runs_after_the_failure_goes_before_the_jobs_last_line() -> None:
    lines = _log()
    for name in ("after-config-log", "after-coveralls", "after-passing-tests", "tracebacks-in-after-failure"):
        rewrite = PERTURBATIONS[name](lines, [])
        assert rewrite is not None
        assert rewrite.lines[: len(lines) - 1] == lines[:-1]
        assert rewrite.lines[-1].startswith(b"Done. Your build exited with 1.")
        assert rewrite.lines[len(lines) - 1].startswith(b"travis_fold:start:after_")
        assert all(rewrite.moved(n) == n for n in range(1, len(lines)))


def test_a_second_jobs_setup_is_appended_and_a_log_without_a_failing_command_is_left_out() -> None:
    lines = _log()
    other = _lines(framing.travis("make check", "ok\n"))
    rewrite = PERTURBATIONS["second-job"](lines, other)
    assert rewrite is not None
    assert rewrite.lines[: len(lines)] == lines
    assert rewrite.lines[len(lines) :] == other[: _index(other, b"$ make check")]
    passing = [line for line in lines if b"exited with 1" not in line]
    assert PERTURBATIONS["after-coveralls"](passing, []) is None
    assert PERTURBATIONS["warnings-in-step"](passing, []) is None


def test_measure_scores_the_log_unperturbed_and_perturbed(tmp_path: Path) -> None:
    log = tmp_path / "job.log"
    data = framing.travis("npx jest --ci", JEST)
    log.write_bytes(data)
    first = _index(_lines(data), b"FAIL test/catalog.test.js") + 1
    case = Case("logchunks", "acme/1", log, None, "dev", "acme", chunks=[[(first, first + 1)]])
    results = measure((case, log, ("after-coveralls", "gha-timestamps"), (2000,)))
    assert [r.perturbation for r in results] == ["after-coveralls", "gha-timestamps"]
    for r in results:
        assert r.scores["base", "2000"] == (1.0, True)
        assert r.scores["perturbed", "2000"] == (1.0, True)
    assert table(results, ["after-coveralls"], (2000,))[-1] == "| after-coveralls | 1 | 1.000 / 1.000 | 1.000 / 1.000 |"
    assert losses(results, 2000) == []


def test_output_after_the_report_goes_before_the_failure_line_and_a_second_failure_after_it() -> None:
    lines = _log()
    failed = _index(lines, b'The command "npx jest --ci" exited with 1.')
    for name in ("coverage-after-in-step", "passing-after-in-step", "table-after-in-step"):
        rewrite = PERTURBATIONS[name](lines, [])
        assert rewrite is not None
        added = len(rewrite.lines) - len(lines)
        assert rewrite.lines[failed + added] == lines[failed]
        assert rewrite.moved(failed) == failed and rewrite.moved(failed + 1) == failed + 1 + added
    second = PERTURBATIONS["second-failing-command"](lines, [])
    assert second is not None
    assert second.lines[: failed + 1] == lines[: failed + 1]
    assert b'The command "coveralls" exited with 1.' in second.lines[failed + 1 + len(second.lines) - len(lines) - 1]


def test_tracebacks_go_right_above_the_labelled_report_inside_the_failing_step() -> None:
    lines = _log()
    first = _index(lines, b"FAIL test/catalog.test.js")
    failed = _index(lines, b'The command "npx jest --ci" exited with 1.')
    rewrite = PERTURBATIONS["tracebacks-in-step"](lines, [], (first + 1, failed))
    assert rewrite is not None
    tracebacks = _lines((DATA / "coveralls_no_network.txt").read_bytes())
    assert rewrite.lines[first : first + len(tracebacks)] == [line + b"\r" for line in tracebacks]
    assert rewrite.lines[rewrite.moved(first + 1) - 1] == lines[first]  # the label moves with the report
    assert rewrite.moved(first) == first
    # a chunk outside the failing command's output, or no chunk, leaves the log out
    assert PERTURBATIONS["tracebacks-in-step"](lines, [], (failed + 1, failed + 1)) is None
    assert PERTURBATIONS["tracebacks-in-step"](lines, []) is None


def test_the_report_moves_into_an_after_failure_step_before_the_jobs_last_line() -> None:
    lines = _log()
    failed = _index(lines, b'The command "npx jest --ci" exited with 1.')
    first = _index(lines, b"FAIL test/catalog.test.js")
    report = lines[first:failed]
    rewrite = PERTURBATIONS["report-in-after-failure"](lines, [], (first + 1, failed))
    assert rewrite is not None
    assert rewrite.lines[:first] == lines[:first]
    assert rewrite.lines[first] == lines[failed]  # the failure line right after what stays in the step
    start = _index(rewrite.lines, b"$ cat build/test-report.log")
    assert b"travis_fold:start:after_failure" in rewrite.lines[start]
    assert rewrite.lines[start + 1 : start + 1 + len(report)] == report
    assert rewrite.lines[-1].startswith(b"Done. Your build exited with 1.")
    assert len(rewrite.lines) == len(lines) + 2
    for n in range(1, len(lines) + 1):  # every line (1-based) is where the mapping says
        assert rewrite.lines[rewrite.moved(n) - 1] == lines[n - 1], n
    # a chunk outside the failing command's output, or no chunk, leaves the log out
    assert PERTURBATIONS["report-in-after-failure"](lines, [], (failed + 1, failed + 1)) is None
    assert PERTURBATIONS["report-in-after-failure"](lines, []) is None


def test_a_travis_log_reframed_as_github_actions_keeps_each_line_where_the_mapping_says() -> None:
    lines = _log()
    rewrite = PERTURBATIONS["gha-reframed"](lines, [])
    assert rewrite is not None
    text = [line.split(b" ", 1)[1] for line in rewrite.lines]  # behind the runner's timestamp
    command = _index(lines, b"$ npx jest --ci")
    at = rewrite.moved(command + 1) - 1
    assert text[at : at + 4] == [
        b"##[group]Run npx jest --ci",
        b"\x1b[36;1mnpx jest --ci\x1b[0m",
        b"shell: /usr/bin/bash -e {0}",
        b"##[endgroup]",
    ]
    failed = _index(lines, b'The command "npx jest --ci" exited with 1.')
    assert text[rewrite.moved(failed + 1) - 1] == b"##[error]Process completed with exit code 1."
    assert text[-2:] == [b"Post job cleanup.", b"Cleaning up orphan processes"]
    report = _index(lines, b"FAIL test/catalog.test.js")
    assert text[rewrite.moved(report + 1) - 1] == lines[report].rstrip(b"\r")
    assert not any(b"travis_time:" in t for t in text)


def test_a_retried_command_prints_its_output_three_times_with_the_label_on_the_first() -> None:
    lines = _log()
    command = _index(lines, b"$ npx jest --ci")
    failed = _index(lines, b'The command "npx jest --ci" exited with 1.')
    rewrite = PERTURBATIONS["retried-command"](lines, [])
    assert rewrite is not None
    assert b"$ travis_retry npx jest --ci" in rewrite.lines[command]
    assert rewrite.lines[command + 1 : failed] == lines[command + 1 : failed]  # the first attempt, in place
    assert all(rewrite.moved(n) == n for n in range(1, failed + 1))
    output = lines[command + 1 : failed]
    retrying = [i for i, line in enumerate(rewrite.lines) if b"failed. Retrying, " in line]
    assert [rewrite.lines[i] for i in retrying] == [
        b'\x1b[31;1mThe command "npx jest --ci" failed. Retrying, 2 of 3.\x1b[0m\r',
        b'\x1b[31;1mThe command "npx jest --ci" failed. Retrying, 3 of 3.\x1b[0m\r',
    ]
    assert rewrite.lines[retrying[0] + 2 : retrying[0] + 2 + len(output)] == output
    assert rewrite.lines[rewrite.moved(failed + 1) - 1] == lines[failed]
    assert b"failed 3 times." in rewrite.lines[rewrite.moved(failed + 1) - 3]


def test_against_compares_the_logs_both_trees_measured_and_names_those_the_other_kept_more_of() -> None:
    # --against REV: this tree's perturbed scores beside REV's (bench/perturb_excerpts.results_at), as
    # JSON between the processes; a log only one tree measured is left out of both columns.
    def result(case: str, coverage: float) -> Result:
        return Result(case, "report-in-after-failure", {("perturbed", "2000"): (coverage, coverage == 1.0)})

    mine = [result("a", 0.5), result("b", 1.0), result("c", 1.0)]
    theirs = _loaded(_dumped([result("a", 1.0), result("b", 1.0)]))
    assert theirs == [result("a", 1.0), result("b", 1.0)]
    rows = against(mine, theirs, ["report-in-after-failure"], (2000,), "ef48e22")
    assert rows[0] == "| perturbation | logs | 2000 at ef48e22 | 2000 here |"
    assert rows[2] == "| report-in-after-failure | 2 | 1.000 / 1.000 | 0.750 / 0.500 |"
    assert kept_more(mine, theirs, 2000, "ef48e22") == ["  report-in-after-failure a: 1.00 at ef48e22, 0.50 here"]


def test_a_repeated_block_goes_inside_the_labelled_report_and_is_not_labelled() -> None:
    lines = _log()
    first = _index(lines, b"FAIL test/catalog.test.js")
    failed = _index(lines, b'The command "npx jest --ci" exited with 1.')
    rewrite = PERTURBATIONS["repeated-in-report"](lines, [], (first + 1, failed))
    assert rewrite is not None and rewrite.inside is not None
    loop = _lines((DATA / "python311_retry_loop_40_tracebacks.txt").read_bytes())
    middle = (first + 1 + failed) // 2
    assert rewrite.inside == (middle + 1, middle + len(loop))
    assert rewrite.lines[middle : middle + len(loop)] == [line + b"\r" for line in loop]
    assert rewrite.lines[rewrite.moved(middle + 1) - 1] == lines[middle]  # the report's second half moves
    assert _without((first + 1, rewrite.moved(failed)), rewrite.inside) == [
        (first + 1, middle),
        (middle + len(loop) + 1, rewrite.moved(failed)),
    ]
    assert _without((1, 5), None) == [(1, 5)] and _without((1, 5), (7, 9)) == [(1, 5)]
    assert PERTURBATIONS["repeated-in-report"](lines, [], (failed + 1, failed + 1)) is None
