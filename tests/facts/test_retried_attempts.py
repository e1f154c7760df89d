"""Attempts travis_retry ran again (remediate.facts.attempts): real Travis jobs run here with travis-build's own
bash functions (tests/facts/data/README.md, "Retried attempts (seventeenth round, build)")."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.attempts import superseded, without_superseded
from remediate.facts.excerpt import numbered
from remediate.facts.excerpt.copies import AGAIN
from remediate.facts.excerpt_marks import _TIMING, untimed
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA, facts


def test_a_network_failure_an_attempt_retried_past_is_not_the_failing_tests_cause() -> None:
    # pip 9's first attempt: the index reset every connection (`Could not find a version ... (from versions: )`);
    # the second installed the package; then pytest failed a test. Before: infra 0.18, undecided.
    f = facts("travis_retry_pip9_reset_then_passed.txt")
    assert not [e for e in f.errors if e.tool == "pip"]
    verdict = rule_verdict(f)
    assert (verdict.category, verdict.decided) == (Category.TEST, True)
    assert "could not be reached" not in verdict.reason


def test_every_attempt_failing_on_the_network_stays_the_network_s() -> None:
    f = facts("travis_retry_pip9_reset_three_times.txt")
    assert [e for e in f.errors if e.tool == "pip"]  # the last attempt's records
    verdict = rule_verdict(f)
    assert verdict.category is Category.INFRA
    assert "could not be reached" in verdict.reason


def test_a_version_the_index_lacks_in_every_attempt_stays_a_dependency_failure() -> None:
    f = facts("travis_retry_pip9_no_version_three_times.txt")
    pip = [e for e in f.errors if e.tool == "pip"]
    assert pip and all(e.category is Category.DEPENDENCY for e in pip)
    assert (rule_verdict(f).category, rule_verdict(f).decided) == (Category.DEPENDENCY, True)


def test_a_record_every_attempt_printed_is_the_last_attempt_s() -> None:
    # npm 10's dependency install script failed in all three attempts. npm's reader keeps one record per message,
    # on its first lines: dropping what the parsers found in retried attempts, after they ran, left no record
    # (round 17: keyword lines or the command only, 0.29). The parsers now read the log without those attempts.
    f = facts("travis_retry_npm10_dep_install_script_404.txt")
    [record] = [e for e in f.errors if e.tool == "npm"]
    assert record.category is Category.DEPENDENCY
    assert record.log_line is not None and record.log_line > 18  # the last attempt's, after `Retrying, 3 of 3.`
    verdict = rule_verdict(f)
    assert (verdict.category, verdict.decided) == (Category.DEPENDENCY, True)


# Real Travis jobs whose install failed alike in all three attempts (npm 3, 6, pip 9, Bundler 2.3, Composer 2.5):
# the last attempt's records decide, as one attempt's would. npm 3 and 6's dependency script: before, no record.
EVERY_ATTEMPT_FAILED = [
    ("travis_retry_npm3_dep_install_script_404.txt", "npm"),
    ("travis_retry_npm6_dep_install_script_404.txt", "npm"),
    ("travis_retry_npm6_e404.txt", "npm"),
    ("travis_retry_pip9_fetched_setup_py_fails.txt", "pip"),
    ("travis_retry_bundler23_no_version.txt", "bundler"),
    ("travis_retry_composer25_not_found.txt", "composer"),
]


@pytest.mark.parametrize(("name", "tool"), EVERY_ATTEMPT_FAILED)
def test_the_last_attempt_s_records_decide_a_dependency_failure(name: str, tool: str) -> None:
    f = facts(name)
    lines = (DATA / name).read_bytes().split(b"\n")  # the log's lines: a `\r` inside a line does not end it
    last = max(i for i, line in enumerate(lines, 1) if b"Retrying, 3 of 3." in line)
    records = [e for e in f.errors if e.tool == tool]
    assert records and all(e.category is Category.DEPENDENCY and (e.log_line or 0) > last for e in records)
    verdict = rule_verdict(f)
    assert (verdict.category, verdict.decided) == (Category.DEPENDENCY, True)


# Real output of tools that fail the same way each time, framed as a Travis install step run once and under
# travis_retry (tests/facts/framing.travis_install): three attempts decide as one does. Each stands for a way
# round 17's attempts.py lost the last attempt: a reader keeping one record per message (npm, bower,
# markdown-link-check, javac's -Werror warnings, Gradle), or keyword lines of the retried attempts, which no
# parser then claimed, outvoting it (bower's `ENOTFOUND` read as a name that does not resolve; a test's
# `ECONNREFUSED`, whose retried copies turned an infra abstention into a decided test).
RETRIED_ALIKE = [
    "npm6_dep_install_script_404.txt",
    "npm3_dep_install_script_404.txt",
    "bower_not_found.txt",
    "markdown_link_check315.txt",
    "javac17_werror.txt",
    "gradle_dependency_not_found.txt",
    "gcc_missing_own_header.txt",
    "jest29_fetch_cause_refused.txt",
    "pytest_connection_refused.txt",
    "mocha.txt",
    "go_test.txt",
    "prove344_pod.txt",
]


@pytest.mark.parametrize("name", RETRIED_ALIKE)
def test_a_failure_every_attempt_printed_decides_as_one_attempt_does(name: str) -> None:
    text = (DATA / name).read_text()
    once = rule_verdict(extract_facts(framing.travis_install("./ci.sh", text)))
    thrice = rule_verdict(extract_facts(framing.travis_install("./ci.sh", text, retry=True)))
    assert (thrice.category, thrice.decided) == (once.category, once.decided)


RETRIED = [
    "$ npm install",
    "npm ERR! network read ECONNRESET",
    "",
    'The command "npm install" failed. Retrying, 2 of 3.',
    "",
    "added 12 packages",
    "$ npm test",
    "  1 failing",
]


def test_an_attempt_runs_from_the_command_s_echo_to_the_wrapper_s_retrying_line() -> None:
    assert superseded(RETRIED) == [(0, 3)]
    assert without_superseded("\n".join(RETRIED)).split("\n") == [
        "$ npm install",
        "",
        "added 12 packages",
        *RETRIED[6:],
    ]


def test_each_retried_attempt_runs_from_the_retrying_line_before_it() -> None:
    lines = ["npm ERR! code ETIMEDOUT", 'The command "npm ci" failed. Retrying, 2 of 3.', "npm ERR! code ETIMEDOUT"]
    lines += [
        'The command "npm ci" failed. Retrying, 3 of 3.',
        "npm ERR! code ETIMEDOUT",
        'The command "npm ci" failed 3 times.',
    ]
    assert superseded(lines) == [(-1, 1), (1, 3)]  # the first attempt's start is not shown: from the first line
    assert without_superseded("\n".join(lines)).split("\n") == lines[4:]


def test_a_text_without_a_retry_is_unchanged() -> None:
    text = (
        '$ npm install\nnpm ERR! network read ECONNRESET\nThe command "npm install" failed and exited with 1 during .'
    )
    assert without_superseded(text) == text


def test_a_retried_task_runners_first_attempt_keeps_its_task_prefixes() -> None:
    # turbo under travis_retry (real job): the parsers read the last attempt only, and task prefixes were read from
    # that view, so the first attempt's `web:test: ` / `api:test: ` lines had none: the passing `api` task's lines
    # counted as the report's context and the first attempt's report lost its frames (base: 12 of its 34 lines kept).
    log, report = _turbo_first_attempts_report()
    f = extract_facts(log, budget_tokens=2000)
    shown = {n for r in f.excerpt_lines for n in range(r.start, r.end + 1)}
    assert report <= shown


def test_a_retried_commands_first_attempt_scores_as_the_last_one_the_parsers_read() -> None:
    # npm 6's E404 three times under travis_retry (real job). The parsers read the last attempt only, so its lines had
    # npm's evidence and the first attempt's, the report the excerpt shows, scored as words alone: at 300 tokens the
    # excerpt took the first attempt's tail and the second attempt's head (lines 16-20) and left out its `404 Not
    # Found - GET ...` and `is not in the npm registry.` lines. A copy's evidence now counts at the line it repeats.
    # A line of the second attempt may be shown as a pointer to the first's (excerpt.copies), never whole.
    log = (DATA / "travis_retry_npm6_e404.txt").read_bytes()
    texts = log.decode().split("\n")
    first_retry = next(i for i, text in enumerate(texts) if "failed. Retrying, 2 of 3." in text)
    f = extract_facts(log, budget_tokens=300)
    shown = {no for no, text in numbered(f.excerpt) if no is not None and not text.startswith(AGAIN.split("{")[0])}
    report = [i + 1 for i, text in enumerate(texts) if text.startswith(("npm ERR! code E404", "npm ERR! 404 "))]
    first = {n for n in report if n <= first_retry}
    second = {n for n in report if first_retry < n < 2 * first_retry}  # the second attempt's
    assert len(first) == len(second) == 9 and first <= shown and not shown & second


def test_an_attempt_run_again_is_a_copy_whatever_its_timings() -> None:
    # The turbo job again: each attempt prints the same report but its times (`✖ web total adds tax (0.83705ms)`,
    # `ℹ duration_ms 148.593461`, `Time: 739ms`), so the later attempts' lines around each time were no echoes: they
    # seeded blocks and at 1,200 tokens the first attempt's report kept 25 of its 34 lines. Matched with their
    # times blanked (excerpt_marks.untimed), the copies wait and the first attempt's report is whole.
    log, report = _turbo_first_attempts_report()
    f = extract_facts(log, budget_tokens=1200)
    shown = {n for r in f.excerpt_lines for n in range(r.start, r.end + 1)}
    assert len(report) == 34 and report <= shown
    assert untimed("web:test: ✖ web total adds tax (0.83705ms)") == untimed("web:test: ✖ web total adds tax (0.9327ms)")
    assert untimed("at Test.run (node:internal/test_runner/test:796:25)").endswith("796:25)")  # a place is no time


def test_a_line_with_no_digit_is_its_own_untimed_text() -> None:
    # untimed tells a line without a digit by one search (`\d`, the digit _TIMING reads): every line of the real turbo
    # job reads as when each character was asked `isdigit` (a superscript's `²` is a digit to it, not to `\d`).
    lines, _report = _turbo_first_attempts_report()
    texts = [*lines.decode().split("\n"), "took ² s", "took ١٢ ms", "no digit here"]
    assert [untimed(t) for t in texts] == [_TIMING.sub("#", t) if any(c.isdigit() for c in t) else t for t in texts]
    assert untimed("took ١٢ ms") == "took #"  # Arabic-Indic digits are `\d`: a time


def _turbo_first_attempts_report() -> tuple[bytes, set[int]]:
    """turbo 2.11 under travis_retry (real job): the log, and the lines (1-based) of its first attempt's two copies
    of the failing test's report, from `✖ web total adds tax` to its `operator: 'strictEqual'`."""
    log = (DATA / "travis_retry_turbo211_web_test_failed.txt").read_bytes()
    texts = log.decode().split("\n")  # travis' `\r` inside lines kept: the log's own line numbers
    first_retry = next(i for i, text in enumerate(texts) if "failed. Retrying, 2 of 3." in text)
    heads = [i for i in range(first_retry) if texts[i].startswith("web:test: ✖ web total adds tax")]
    ends = [i for i in range(first_retry) if texts[i] == "web:test:     operator: 'strictEqual'"]
    assert len(heads) == 2
    return log, {n + 1 for head, end in zip(heads, ends, strict=True) for n in range(head, end + 1)}
