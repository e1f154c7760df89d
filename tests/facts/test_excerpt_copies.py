"""A line a retried command printed again is shown once, each later attempt's copy as a pointer to it (excerpt.copies):
npm's and yarn's footers under travis_retry and a script's retry loop. Real samples, rendered whole (no budget)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.facts.excerpt.copies import AGAIN, retries, trace_key
from remediate.facts.excerpt.render import numbered, render_excerpt
from remediate.facts.excerpt.selector import Selector
from remediate.facts.view import View
from tests.facts import framing

DATA = Path(__file__).parent / "data"


@cache
def _shown(sample: str) -> tuple[View, list[str]]:
    """The sample's every line rendered as the excerpt renders chosen lines."""
    view = View.of((DATA / sample).read_text().split("\n"))
    text = render_excerpt(view, {line.no for line in view.lines}, retries(view)).text
    return view, text.split("\n")


def test_npm6s_footer_under_travis_retry_is_shown_once_then_pointed_to() -> None:
    # npm 6.14.18 under travis_retry, three attempts of E404: the footer's two lines (the log's name differs by its
    # time stamp) are shown for the first attempt, and as pointers to it for the next two.
    view, shown = _shown("travis_retry_npm6_e404.txt")
    assert shown.count("npm ERR! A complete log of this run can be found in:") == 1
    assert sum("/root/.npm/_logs/" in line for line in shown) == 1
    footer = next(line.no for line in view.lines if "A complete log" in line.text)
    assert shown.count(AGAIN.format(no=footer)) == 2
    assert shown.count(AGAIN.format(no=footer + 1)) == 2
    # A pointer stands for its own line: the excerpt still reads back to every line of the log.
    assert [no for no, _ in numbered("\n".join(shown)) if no is not None] == [line.no for line in view.lines]


def test_a_line_with_a_failures_words_is_shown_in_every_attempt() -> None:
    # The control: what each attempt says went wrong is the error, not a footer (echo_lines weighs a report's copies).
    _, shown = _shown("travis_retry_npm6_e404.txt")
    assert shown.count("npm ERR! code E404") == 3
    assert shown.count("npm ERR! 404 Not Found - GET http://127.0.0.1:18993/cart-nosuch - Not found") == 3


def test_a_scripts_retry_loop_and_yarns_footer_are_retries_too() -> None:
    # npm 11 in a bash loop (`Attempt 1 of 4 failed ... Retrying in 1 seconds...`): one footer whole, three pointers.
    _, shown = _shown("npm11_ci_retried_4_times.txt")
    assert sum("A complete log of this run can be found in" in line for line in shown) == 1
    # yarn 1.22 under travis_retry: its `info Visit ...` line after each attempt.
    _, shown = _shown("travis_retry_yarn122_dep_install_script_404.txt")
    assert sum(line.startswith("info Visit https://yarnpkg.com/") for line in shown) == 1


def test_lines_printed_again_without_a_retry_are_shown_again() -> None:
    # pytest's long traceback prints a function's source again in each frame: no retry between, no pointers.
    _, shown = _shown("pytest_long_traceback.txt")
    assert len(shown) != len(set(shown)) and not any(line.endswith(" again …]") for line in shown)


def test_a_copy_costs_a_pointer_as_the_selector_counts_it() -> None:
    # The budget is spent on what the copies leave: the selector's cost is the rendered text's, the block header's
    # digits aside (the rendered whole is 1,579 characters, 2,153 with each copy whole).
    view, shown = _shown("travis_retry_npm6_e404.txt")
    sel = Selector(view, 100_000)
    sel.add([line.no for line in view.lines])
    assert abs(sel.cost - len("\n".join(shown))) < 16


def test_a_stack_printed_again_is_one_pointer_to_the_lines_it_repeats() -> None:
    # Surefire 3.2.5, JUnit 5's 14 parameterised rows failing through one helper: each row's 40 frames are the first
    # row's. Rendered whole, a later row shows its heading and its message, then where its trace joins the first one's
    # (TRACE_AGAIN), not the 40 frames again; every line still reads back to its number, and the selector's cost is
    # the rendered text's.
    view, shown = _shown("maven_surefire_parameterized_14_failed.txt")
    pointers = [line for line in shown if line.startswith("[… lines ") and line.endswith(" again …]")]
    assert len(pointers) >= 13
    for row in range(1, 15):
        heading = f"[ERROR] org.acme.shop.PricingTest.totalWithTax(long, int, long)[{row}] -- Time elapsed:"
        assert sum(line.startswith(heading) for line in shown) == 1, row
    assert sum(line.startswith("org.opentest4j.AssertionFailedError: ") for line in shown) == 14
    assert sum(line.startswith("\tat ") for line in shown) < 100  # of the report's 560 frames
    # A pointer reads as the last line it stands for (as a run's count does), the lines below it as theirs.
    read = [no for no, _ in numbered("\n".join(shown)) if no is not None]
    assert read == sorted(set(read)) and read[-1] == view.lines[-1].no
    sel = Selector(view, 100_000)
    sel.add([line.no for line in view.lines])
    assert sel.settle()
    # The rest is the count lines' (REPEATS_COST holds room for any count: `repeats 2 more times` is 7 shorter).
    counts = sum(line.startswith("[… the line above repeats ") for line in shown)
    assert 0 <= sel.cost - len("\n".join(shown)) < 16 + 7 * counts


def test_a_stack_holding_runs_of_identical_frames_is_still_one_pointer() -> None:
    # Java's stream pipelines print `ReferencePipeline$3$1.accept` three times over inside each row's 40 frames (a run,
    # render.REPEATS): the copy continues through the run line for line, so each later row reads as its heading, its
    # message and one pointer to the first row's frames (before: four pointers around two folded runs and two lines).
    _, shown = _shown("maven_surefire_parameterized_14_failed.txt")
    for row in range(2, 15):
        heading = f"[ERROR] org.acme.shop.PricingTest.totalWithTax(long, int, long)[{row}] -- Time elapsed:"
        at = next(i for i, line in enumerate(shown) if line.startswith(heading))
        assert shown[at + 1].startswith("org.opentest4j.AssertionFailedError: "), row
        assert shown[at + 2].startswith("[… lines ") and shown[at + 2].endswith(" again …]"), row
        assert not shown[at + 3].strip(), row  # the row's whole stack: the blank line Surefire prints after it


def test_a_copy_ending_inside_a_run_leaves_the_run_whole() -> None:
    # Surefire 3.2.5, a recursion as deep as each row's input (a run of `Category.path(Category.java:11)`, 3 deep in the
    # first row): a deeper row's run is longer than the first row's, so its copy would end inside the run. It is shown
    # folded whole (its count tells the depth), the frames below it one pointer; the row as deep as the first is one
    # pointer from its first frame to its last; a shallower row's copy ends with its own run. Each reads back line for line.
    view, shown = _shown("maven_surefire_recursion_depths_5_errors.txt")
    text = "\n".join(shown)
    read = [no for no, _ in numbered(text) if no is not None]
    assert read == sorted(set(read)) and read[-1] == view.lines[-1].no
    rows = text.split("<<< ERROR!\n")[1:]
    deeper = rows[1].split("\n\n")[0].split("\n")
    assert "\tat org.acme.shop.Category.path(Category.java:11)" in deeper
    assert "[… the line above repeats 4 more times …]" in deeper
    assert sum(line.endswith(" again …]") for line in deeper) == 1
    same = rows[4].split("\n\n")[0].split("\n")
    assert len(same) == 2 and same[1].startswith("[… lines ") and same[1].endswith(" again …]")
    assert not any(line.startswith("\tat ") for row in rows[1:] for line in row.split("\n\n")[0].split("\n")[4:])


@pytest.mark.parametrize(
    "sample", ["maven_surefire_parameterized_14_failed.txt", "maven_surefire_recursion_depths_5_errors.txt"]
)
def test_a_pointer_names_the_lines_a_trace_repeats_and_they_read_the_same(sample: str) -> None:
    # Each pointer stands for as many lines as it names, and those are the lines it stands for, line for line.
    view, shown = _shown(sample)
    for no, text in numbered("\n".join(shown)):
        if no is None or not (text.startswith("[… lines ") and text.endswith(" again …]")):
            continue
        first, last = (int(n) for n in text.removeprefix("[… lines ").removesuffix(" again …]").split("-"))
        copy = [view.get(n) for n in range(no - (last - first), no + 1)]
        assert [line.text for line in copy if line] == [
            line.text for n in range(first, last + 1) if (line := view.get(n))
        ]


def test_a_report_longer_than_the_budget_keeps_more_of_its_failures_with_its_stacks_pointed_to() -> None:
    # At 2,000 tokens in a Travis job the report (613 lines, 12,700 tokens) cannot fit: with each later row's frames
    # costing a few pointers, the excerpt shows the first six rows' headings, messages and stacks and the run's summary
    # (before, the rows [1] to [3] and [14]'s message: 101 of the report's lines, now 172).
    output = (DATA / "maven_surefire_parameterized_14_failed.txt").read_text()
    facts = extract_facts(framing.travis("mvn -B -o test", output), budget_tokens=2000)
    assert facts.excerpt_tokens <= 2000
    for row in range(1, 7):
        assert f"org.acme.shop.PricingTest.totalWithTax(long, int, long)[{row}] -- " in facts.excerpt, row
    assert "[ERROR] Tests run: 14, Failures: 14, Errors: 0, Skipped: 0" in facts.excerpt
    assert "[ERROR]   PricingTest.totalWithTax:31->checkTotal:10 4242 at 20% ==> expected: <5090> but was: <5089>" in (
        facts.excerpt
    )
    kept = sum(r.end - r.start + 1 for r in facts.excerpt_lines)
    assert kept >= 160


def test_a_pointer_stands_for_the_rest_of_a_rows_stack_at_the_budget() -> None:
    # At 2,000 tokens the rows' frames below the few a widening chose go on repeating the first row's shown frames
    # (copies.continuations, once the lines are chosen): the pointer stands for them too within the budget, so each
    # row shown with its frames reads as its heading, its message and one pointer to its whole stack (before: 172 of
    # the report's lines, rows [2] to [6] with a first few frames each; now 383, rows [2] to [7] and [14] whole).
    output = (DATA / "maven_surefire_parameterized_14_failed.txt").read_text()
    facts = extract_facts(framing.travis("mvn -B -o test", output), budget_tokens=2000)
    assert facts.excerpt_tokens <= 2000
    shown = facts.excerpt.split("\n")
    rows = [i for i, line in enumerate(shown) if "PricingTest.totalWithTax(long, int, long)[" in line]
    whole = [
        at
        for at in rows[1:]
        if shown[at + 1].startswith("org.opentest4j.AssertionFailedError: ")
        and shown[at + 2].startswith("[… lines ")
        and shown[at + 2].endswith(" again …]")
    ]
    assert len(whole) >= 7
    assert sum(r.end - r.start + 1 for r in facts.excerpt_lines) >= 350


def test_the_room_a_continued_pointer_frees_is_spent_on_the_rows_left_out() -> None:
    # The pointers continued over rows [2] to [7]'s stacks cost their digits where the selector had costed the frames
    # a widening chose at their length: 139 of 2,000 tokens were left unspent and rows [8] to [12] out. Grown into
    # again (build._fitted), the room takes rows [8] and [9] whole (heading, message, one pointer) and [12]'s message;
    # every line chosen before stays (383 of the report's lines before, 510 now).
    output = (DATA / "maven_surefire_parameterized_14_failed.txt").read_text()
    facts = extract_facts(framing.travis("mvn -B -o test", output), budget_tokens=2000)
    assert 1950 < facts.excerpt_tokens <= 2000
    shown = facts.excerpt.split("\n")
    for row in (8, 9):
        heading = f"[ERROR] org.acme.shop.PricingTest.totalWithTax(long, int, long)[{row}] -- Time elapsed:"
        at = next(i for i, line in enumerate(shown) if line.startswith(heading))
        assert shown[at + 1].startswith("org.opentest4j.AssertionFailedError: "), row
        assert shown[at + 2].startswith("[… lines ") and shown[at + 2].endswith(" again …]"), row
    assert "org.opentest4j.AssertionFailedError: 6464 at 20% ==> expected: <7757> but was: <7756>" in shown
    assert sum(r.end - r.start + 1 for r in facts.excerpt_lines) >= 500


def _pointed(view: View, shown: list[str]) -> list[tuple[int, int, int]]:
    """Each pointer to a trace's lines in `shown`: the last line it stands for and the first and last lines it names."""
    out = []
    for no, text in numbered("\n".join(shown)):
        if no is not None and text.startswith("[… lines ") and text.endswith(" again …]"):
            first, last = (int(n) for n in text.removeprefix("[… lines ").removesuffix(" again …]").split("-"))
            out.append((no, first, last))
    return out


def test_mavens_second_list_of_javac_errors_is_one_pointer_to_the_first() -> None:
    # Maven 3.8.7 prints javac's 30 errors (a dependency's API changed under a reactor's module) as they are found and
    # again under `Failed to execute goal ... Compilation failure:`, there with `[ERROR] ` before the lines javac
    # indented (`symbol:`, `location:`). Read with the level tag and the indent aside, the second list is the first:
    # one pointer to it, the first list shown once.
    view, shown = _shown("maven387_reactor_api_break_30_errors.txt")
    row = "[ERROR] /home/runner/work/shop/shop/app/src/main/java/com/acme/shop/app/Cart.java:[12,19] Money(long) has "
    assert sum(line.startswith(row) for line in shown) == 1
    failed = next(i for i, line in enumerate(shown) if line.startswith("[ERROR] Failed to execute goal "))
    assert shown[failed + 1].startswith("[… lines ") and shown[failed + 2] == "[ERROR] -> [Help 1]"
    [(end, first, last)] = _pointed(view, shown)
    copy = [view.get(n) for n in range(end - (last - first), end + 1)]
    target = [view.get(n) for n in range(first, last + 1)]
    assert [trace_key(line.text) for line in copy if line] == [trace_key(line.text) for line in target if line]
    assert [line.text for line in copy if line] != [line.text for line in target if line]  # the tags differ
    assert sum(line.startswith("  symbol: ") for line in shown) == 25
    assert not any("]   symbol: " in line for line in shown)


def test_mavens_javac_errors_fit_at_the_budget_once_the_second_list_is_a_pointer() -> None:
    # At 2,000 tokens in a Travis job the two lists (80 lines each) did not both fit: the excerpt held 17 of the first
    # list's rows and 18 of the second's, 109 of the log's lines. The second a pointer, the first list is whole, and
    # the log's lines from the compiler plugin's start to the job's end are kept (203).
    output = (DATA / "maven387_reactor_api_break_30_errors.txt").read_text()
    facts = extract_facts(framing.travis("mvn -B -o compile", output), budget_tokens=2000)
    assert facts.excerpt_tokens <= 2000
    rows = [line for line in facts.excerpt.split("\n") if line.startswith("[ERROR] /home/runner/work/shop/")]
    assert len(rows) == len(set(rows)) == 30
    assert "[INFO] 30 errors" in facts.excerpt and "[ERROR]   mvn <args> -rf :shop-app" in facts.excerpt
    assert sum(r.end - r.start + 1 for r in facts.excerpt_lines) >= 200


def test_a_rows_message_like_the_row_aboves_stays_above_its_pointer() -> None:
    # The control: an error's line with no place does not start a copy. Surefire's rows of one recursion fail with the
    # same message (`IllegalArgumentException: blank category name in path`): each row shows it under its heading,
    # its frames one pointer.
    _, shown = _shown("maven_surefire_recursion_depths_5_errors.txt")
    message = "java.lang.IllegalArgumentException: blank category name in path"
    assert shown.count(message) == 5


def test_a_retried_builds_lists_of_errors_are_pointers_too() -> None:
    # Travis' default install for Maven runs under travis_retry: three attempts, each printing the two lists. A later
    # attempt's rows are a copy as a later trace's frames are (an identical line, nothing lost): at 2,000 tokens every
    # row shows once, with the first attempt's help lines, where both lists of the first attempt left 114 lines.
    output = (DATA / "maven387_reactor_api_break_30_errors.txt").read_text()
    facts = extract_facts(framing.travis_install("mvn -B -o compile", output, retry=True), budget_tokens=2000)
    assert facts.excerpt_tokens <= 2000
    rows = [line for line in facts.excerpt.split("\n") if line.startswith("[ERROR] /home/runner/work/shop/")]
    assert len(rows) == len(set(rows)) == 30
    assert 'The command "eval mvn -B -o compile " failed. Retrying, 3 of 3.' in facts.excerpt
    assert sum(r.end - r.start + 1 for r in facts.excerpt_lines) >= 190
