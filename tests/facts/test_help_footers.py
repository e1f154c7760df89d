"""A tool's generic footer, telling how to get more output or help (Maven's `re-run Maven with the -e switch`, Gradle's
`Run with --stacktrace`, npm's `A complete log of this run can be found in:`, rustc's `rustc --explain`, pip's `not a
problem with pip`), says nothing of the failure above it: scored as boilerplate (score.help_footer), never a seed,
passed over by the window before the failure and taken only when room is left. Real output of each tool
(tests/facts/data/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.facts.excerpt_marks import SEED_MIN
from remediate.facts.score import help_footer, line_score, says_nothing
from remediate.facts.view import View
from tests.facts import framing

DATA = Path(__file__).parent / "data"

# The most a line's score is weighted up by where it sits (excerpt.scores: the end of a failing step).
NEAR_END_FACTOR = 1.8

# (sample, the footer's lines, lines of the same output that tell the failure)
FOOTERS = [
    (
        "maven_surefire_parameterized_14_failed.txt",  # Maven 3.8.7, Surefire 3.2.5
        [
            "[ERROR] Please refer to /tmp/alike/java/target/surefire-reports for the individual test results.",
            "[ERROR] Please refer to dump files (if any exist) [date].dump, [date]-jvmRun[N].dump and [date].dumpstream.",
            "[ERROR] -> [Help 1]",
            "[ERROR] To see the full stack trace of the errors, re-run Maven with the -e switch.",
            "[ERROR] Re-run Maven using the -X switch to enable full debug logging.",
            "[ERROR] For more information about the errors and possible solutions, please read the following articles:",
            "[ERROR] [Help 1] http://cwiki.apache.org/confluence/display/MAVEN/MojoFailureException",
        ],
        [
            "[ERROR] Tests run: 14, Failures: 14, Errors: 0, Skipped: 0",
            "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-surefire-plugin:3.2.5:test (default-test) on "
            "project shop: There are test failures.",
        ],
    ),
    (
        "maven387_reactor_api_break_30_errors.txt",
        ["[ERROR] After correcting the problems, you can resume the build with the command"],
        ["[ERROR]   mvn <args> -rf :shop-app"],  # the module to resume from: which one failed
    ),
    (
        "gradle441_checkstyle_check.txt",  # Gradle 4.4.1 (Debian): its `* Try:` in one line
        [
            "Run with --stacktrace option to get the stack trace. Run with --info or --debug option to get more log "
            "output. Run with --scan to get full insights."
        ],
        ["Execution failed for task ':checkstyleMain'.", "BUILD FAILED in 22s"],
    ),
    (
        "npm6_custom_lint.txt",  # npm 6.14.18
        [
            "npm ERR! A complete log of this run can be found in:",
            "npm ERR!     /root/.npm/_logs/2026-12-01T08_39_48_952Z-debug.log",
            "npm ERR! This is probably not a problem with npm. There is likely additional logging output above.",
        ],
        [
            "npm ERR! code ELIFECYCLE",
            "npm ERR! errno 1",
            "npm ERR! Exit status 1",
            "npm ERR! Failed at the shop@1.0.0 lint script.",
        ],
    ),
    (
        "npm11_ci_out_of_sync.txt",  # npm 11.19.1: `npm ci`'s usage and its help
        [
            'npm error Run "npm help ci" for more info',
            "npm error A complete log of this run can be found in: /root/.npm/_logs/2026-12-01T13_23_26_705Z-debug-0.log",
        ],
        ["npm error code EUSAGE"],
    ),
    (
        "cargo195_bin_two_errors.txt",  # cargo/rustc 1.95.0
        [
            "Some errors have detailed explanations: E0308, E0425.",
            "For more information about an error, try `rustc --explain E0308`.",
        ],
        ['error: could not compile `shop` (bin "shop") due to 2 previous errors', "error[E0308]: mismatched types"],
    ),
    (
        "cargo_build_script.txt",  # cargo 1.95: a build script's panic
        ["  note: Some details are omitted, run with `RUST_BACKTRACE=full` for a verbose backtrace."],
        ["error: failed to run custom build command for `bs v0.1.0 (/tmp/facts-work/gen/bs)`"],
    ),
    (
        "cargo195_test_assert_failed.txt",
        ["note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace"],
        ["test tests::labels_cents ... FAILED"],
    ),
    (
        "pip26_cython_own.txt",
        [
            "  note: This error originates from a subprocess, and is likely not a problem with pip.",
            "note: This is an issue with the package mentioned above, not pip.",
        ],
        ["error: metadata-generation-failed"],
    ),
]


def _view(sample: str) -> View:
    return View.of((DATA / sample).read_text().split("\n"))


@pytest.mark.parametrize(("sample", "footer", "facts"), FOOTERS, ids=[s for s, _, _ in FOOTERS])
def test_a_tools_help_footer_is_boilerplate_and_its_facts_are_not(
    sample: str, footer: list[str], facts: list[str]
) -> None:
    texts = {line.text for line in _view(sample).lines}
    for text in footer:
        assert text in texts, text  # the tool printed it so
        assert help_footer(text), text
        assert line_score(text) * NEAR_END_FACTOR < SEED_MIN, text  # never a seed, wherever it sits
    for text in facts:
        assert text in texts, text
        assert not help_footer(text), text
        assert line_score(text) >= 6.0, text


@pytest.mark.parametrize(
    ("sample", "tag"),
    [("maven_surefire_parameterized_14_failed.txt", "[ERROR] "), ("npm6_custom_lint.txt", "npm ERR! ")],
)
def test_a_level_tag_alone_says_nothing_and_is_no_footer(sample: str, tag: str) -> None:
    # Maven's `[ERROR] ` between its footer's paragraphs, npm's between its message's: a blank line of the tool's
    # stream, which seeds nothing (8.0 and 7.0 before, seeds) and is context as a blank line is, no footer.
    assert tag in {line.text for line in _view(sample).lines}
    assert says_nothing(tag) and not help_footer(tag)
    assert line_score(tag) * NEAR_END_FACTOR < SEED_MIN


def test_npms_message_keeps_its_paragraphs() -> None:
    # npm 11's `npm ci` without a lockfile, its message's paragraphs apart by `npm error` alone: the message below the
    # error's code is its seed's block (a footer would end it there).
    output = (DATA / "npm11_ci_out_of_sync.txt").read_text()
    facts = extract_facts(framing.travis("npm ci", output), budget_tokens=400)
    shown = facts.excerpt.split("\n")
    at = shown.index("npm error code EUSAGE")
    assert shown[at + 1] == "npm error"
    assert shown[at + 2].startswith("npm error `npm ci` can only install packages when your package.json and")


def test_a_line_that_tells_the_failure_then_points_to_help_is_no_footer() -> None:
    # Maven's goal failure ends with its pointer to the help link; pip 19's `Command errored out` with where its log
    # is: the pattern is anchored at the line's start, so the failure they tell keeps its score.
    for sample, pointer in (
        ("maven_plugin_resolution.txt", "-> [Help 1]"),
        ("pip19_egg_info_errored_out.txt", "Check the logs for full command output."),
    ):
        told = [line.text for line in _view(sample).lines if line.text.endswith(pointer) and len(line.text) > 40]
        assert told, sample
        assert all(not help_footer(text) and line_score(text) >= 8.0 for text in told), sample


@pytest.mark.parametrize("ci", ["travis", "github_actions", "jenkins"])
def test_the_room_a_footer_took_goes_to_the_reports_rows(ci: str) -> None:
    # Surefire's 14 parameterised rows under Maven's footer (590 characters at 14.3, the log's highest seeds): the
    # window before the failure took the footer and rows [10] to [12] were left out at 2,000 tokens. Passed over,
    # the footer leaves its room to the rows: each row's heading, its message and one pointer to its stack.
    output = (DATA / "maven_surefire_parameterized_14_failed.txt").read_text()
    facts = extract_facts(getattr(framing, ci)("mvn -B -o test", output), budget_tokens=2000)
    assert facts.excerpt_tokens <= 2000
    shown = facts.excerpt.split("\n")
    for row in range(1, 15):
        heading = f"[ERROR] org.acme.shop.PricingTest.totalWithTax(long, int, long)[{row}] -- Time elapsed:"
        at = next(i for i, line in enumerate(shown) if line.startswith(heading))
        assert shown[at + 1].startswith("org.opentest4j.AssertionFailedError: "), row
    assert not any("re-run Maven" in line or "[Help 1] http" in line for line in shown)
    assert any(line.startswith("[ERROR] Failed to execute goal ") for line in shown)
    assert "[ERROR] Tests run: 14, Failures: 14, Errors: 0, Skipped: 0" in shown


def test_a_footer_is_kept_when_room_is_left() -> None:
    # npm 6's lint script failing: the whole output fits, its footer with it (boilerplate is still context).
    output = (DATA / "npm6_custom_lint.txt").read_text()
    facts = extract_facts(framing.travis("npm run lint", output), budget_tokens=2000)
    assert "npm ERR! A complete log of this run can be found in:" in facts.excerpt
    assert "npm ERR! code ELIFECYCLE" in facts.excerpt


def test_a_tight_budget_spends_nothing_on_the_footer() -> None:
    # At 300 tokens the window before the failure took the footer's 12 lines (a third of the budget) beside the
    # goal's failure and the run's summary; passed over, its room shows the first row's message and the Results list.
    output = (DATA / "maven_surefire_parameterized_14_failed.txt").read_text()
    facts = extract_facts(framing.travis("mvn -B -o test", output), budget_tokens=300)
    assert "re-run Maven" not in facts.excerpt and "Please refer to" not in facts.excerpt
    assert "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-surefire-plugin:3.2.5:test" in facts.excerpt
    assert "[ERROR] Tests run: 14, Failures: 14, Errors: 0, Skipped: 0" in facts.excerpt
    assert "org.opentest4j.AssertionFailedError: 1000 at 20% ==> expected: <1200> but was: <1199>" in facts.excerpt
    assert "[ERROR] Failures:" in facts.excerpt
