"""A bare list of files is a formatter's only below what says a formatter ran (parsers/go.py's _gofmt_command): a step
that lists files (`git diff --name-only`, `git ls-files`, `find . -name '*.go'`) before a failing test run printed no
formatter's finding. Real runs: tests/facts/data/README.md, "Round 52, lane precision" (git 2.39, findutils 4.9, go
1.19, gofmt 1.19, pytest 9.2), in Travis's and GitHub Actions' job logs."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from remediate.facts import extract_facts
from remediate.facts.extract import modules_reading
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA

GO_TEST = ("go test ./...", "go119_test_money_failed.txt")
PYTEST = ("pytest -p no:cacheprovider -q tests", "pytest92_cart_after_listing.txt")
# (the listing command, its sample, the test run after it)
LISTINGS = [
    ("git diff --name-only HEAD~1", "git239_diff_name_only_go_passed.txt", GO_TEST),
    ("git ls-files '*.go'", "git239_ls_files_go_passed.txt", GO_TEST),
    ("find . -name '*.go' -not -name '*_test.go'", "find49_name_go_passed.txt", GO_TEST),
    ("git diff --name-only HEAD~1", "git239_diff_name_only_py_passed.txt", PYTEST),
]
Steps = list[tuple[str, str, int]]


def _travis(steps: Steps) -> bytes:
    return framing.travis_commands(steps)


def _github_steps(steps: Steps) -> bytes:
    return framing.github_steps(steps)


def _github_script(steps: Steps) -> bytes:
    # one `run:` block: the runner echoes the script's lines, then the commands' output follows
    return framing.github_actions("\n".join(c for c, _, _ in steps), "".join(o for _, o, _ in steps), steps[-1][2])


FRAMES: list[Callable[[Steps], bytes]] = [_travis, _github_steps, _github_script]


def _sample(name: str) -> str:
    return (DATA / name).read_text()


@pytest.mark.parametrize(("command", "listing", "run"), LISTINGS)
@pytest.mark.parametrize("frame", FRAMES)
def test_a_listing_before_a_failing_test_run_is_no_formatter_s(
    command: str, listing: str, run: tuple[str, str], frame: Callable[[Steps], bytes]
) -> None:
    log = frame([(command, _sample(listing), 0), (run[0], _sample(run[1]), 1)])
    for facts in (extract_facts(log), extract_facts(log, leave_out=modules_reading(log))):
        assert not [e for e in facts.errors if e.category is Category.FORMAT], facts.errors
        verdict = rule_verdict(facts)
        assert verdict.category is not Category.FORMAT, verdict.reason
    verdict = rule_verdict(extract_facts(log))
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason


@pytest.mark.parametrize("frame", [_travis, _github_steps])
def test_a_listing_after_a_clean_gofmt_is_the_listing_command_s(frame: Callable[[Steps], bytes]) -> None:
    # gofmt -l listed nothing; the names below are git's, echoed as its own command (one `run:` block echoes its
    # script's lines before any output, so there the names may be gofmt's: not asked)
    steps = [("gofmt -l .", "", 0), ("git diff --name-only HEAD~1", _sample("git239_diff_name_only_go_passed.txt"), 0)]
    facts = extract_facts(frame([*steps, (GO_TEST[0], _sample(GO_TEST[1]), 1)]))
    assert not [e for e in facts.errors if e.tool == "gofmt"], facts.errors
    assert facts.category is Category.TEST


@pytest.mark.parametrize(
    ("command", "sample"),
    [
        ("gofmt -l .", "gofmt119_l_zero.txt"),
        ('test -z "$(gofmt -l . | tee /dev/stderr)"', "gofmt119_l_zero.txt"),
        ('test -z "$(go fmt ./... | tee /dev/stderr)"', "go119_fmt_zero.txt"),
    ],
)
@pytest.mark.parametrize("frame", FRAMES)
def test_a_go_formatter_s_own_list_stays_read(command: str, sample: str, frame: Callable[[Steps], bytes]) -> None:
    facts = extract_facts(frame([(command, _sample(sample), 1)]))
    assert [(e.file, e.tool) for e in facts.errors] == [("internal/money/zero.go", "gofmt")]
    verdict = rule_verdict(facts)
    assert verdict.category is Category.FORMAT and verdict.decided, verdict.reason


@pytest.mark.parametrize("frame", [framing.github_actions, framing.github_runner])
def test_a_run_group_s_echo_of_a_path_is_no_finding(frame: Callable[[str, str], bytes]) -> None:
    # the runner echoes `Run ./scripts/fmt-check.sh cmd/cart/main.go` (in cyan, the script's lines again) in its
    # group: its framing, not the formatter's list, with the parsers and with them left out (located's list)
    log = frame("./scripts/fmt-check.sh cmd/cart/main.go", _sample("gofmt119_l_zero.txt"))
    for facts in (extract_facts(log), extract_facts(log, leave_out=modules_reading(log))):
        assert [e.file for e in facts.errors] == ["internal/money/zero.go"], facts.errors
        verdict = rule_verdict(facts)
        assert verdict.category is Category.FORMAT and verdict.decided, verdict.reason
