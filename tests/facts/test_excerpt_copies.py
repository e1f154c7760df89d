"""A line a retried command printed again is shown once, each later attempt's copy as a pointer to it (excerpt.copies):
npm's and yarn's footers under travis_retry and a script's retry loop. Real samples, rendered whole (no budget)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from remediate.facts.excerpt.copies import AGAIN, retries
from remediate.facts.excerpt.render import numbered, render_excerpt
from remediate.facts.excerpt.selector import Selector
from remediate.facts.view import View

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
