"""A failing package's report behind its task runner's prefix reads as the same tool's report run bare.

Real runs made here (tests/facts/data/README.md, "One package failing beside a passing one"): turbo, lerna
`--stream`, nx `run-many` (blocks, and `--output-style=stream`), pnpm `-r` and `--parallel`, Yarn Berry's
`workspaces foreach -v`, each running the test, lint and type check scripts of a failing package `web` beside a
passing `api`, plain and coloured; Docker Compose's `up` (built from turbo's run: no Docker daemon here); and
each tool run bare in `packages/web`. The prefixed run must give the same
records, failing tests, tools and category as the bare one, and its excerpt the telling lines the bare excerpt
keeps."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.facts.excerpt import render_line, telling
from remediate.facts.reader import clean_line
from remediate.models import Facts
from remediate.triage import rule_verdict
from tests.facts.samples import DATA

RUNNERS = (
    "turbo2",
    "lerna8_stream",
    "nx21_run_many",
    "nx21_stream",
    "pnpm9_r",
    "pnpm9_parallel",
    "yarn4_foreach_v",
    "compose2_up",
)
BARE = {"test": "node20_test_mono_web", "lint": "eslint9_mono_web", "typecheck": "tsc59_mono_web"}


def _pairs() -> list[tuple[str, str]]:
    """(prefixed sample, the bare sample of the same tool, plain or coloured as it is)."""
    pairs = []
    for runner in RUNNERS:
        for task, bare in BARE.items():
            for colour in ("", "_color"):
                sample = f"{runner}_mono_{task}{colour}.txt"
                if (DATA / sample).exists():
                    pairs.append((sample, f"{bare}{colour}.txt"))
    return pairs


PAIRS = _pairs()


@cache
def _facts(sample: str) -> Facts:
    return extract_facts(DATA / sample)


def _records(f: Facts) -> list[tuple[str, int | None, str | None, str]]:
    # pnpm's package folder is joined to a file its task printed (taskprefix.in_packages): the file's own name
    return sorted((Path(e.file or "").name, e.line, e.code, e.message) for e in f.errors)


# A run's own numbers (a test's duration) and the workspace's folder (pnpm and yarn ran in copies of it).
_RUN_NUMBERS = re.compile(r"\d+(?:\.\d+)?ms\b|/tmp/pm/\w*mono/")


def _same(text: str) -> str:
    """A line as an excerpt shows it, the run's own numbers and folder aside."""
    return _RUN_NUMBERS.sub("", render_line(text).strip())


def _excerpt(f: Facts) -> str:
    return _RUN_NUMBERS.sub("", f.excerpt)


def test_every_runner_and_tool_is_sampled() -> None:
    assert len(PAIRS) == 37
    assert {bare for _, bare in PAIRS} == {f"{b}{c}.txt" for b in BARE.values() for c in ("", "_color")}


@pytest.mark.parametrize(("sample", "bare"), PAIRS)
def test_prefixed_report_gives_the_bare_report_s_facts(sample: str, bare: str) -> None:
    prefixed, alone = _facts(sample), _facts(bare)
    assert alone.errors or alone.failing_tests
    assert _records(prefixed) == _records(alone)
    assert sorted(t.id for t in prefixed.failing_tests) == sorted(t.id for t in alone.failing_tests)
    assert (prefixed.tools, prefixed.category) == (alone.tools, alone.category)
    ours, theirs = rule_verdict(prefixed), rule_verdict(alone)
    assert (ours.category, ours.decided) == (theirs.category, theirs.decided)


@pytest.mark.parametrize(("sample", "bare"), PAIRS)
def test_prefixed_excerpt_keeps_the_telling_lines_the_bare_excerpt_keeps(sample: str, bare: str) -> None:
    alone = _facts(bare)
    told = [
        _same(text)
        for raw in (DATA / bare).read_bytes().split(b"\n")
        if (text := clean_line(raw)).strip() and telling(text) and _same(text) in _excerpt(alone)
    ]
    assert told
    excerpt = _excerpt(_facts(sample))
    assert [line for line in told if line not in excerpt] == []


def test_a_workspace_yarn_says_failed_names_its_prefix_on_two_lines() -> None:
    # Yarn Berry prints `[web]: ` only before the script's own two lines (tsc's errors), then its own line
    # `The command failed in workspace web@workspace:packages/web`: two lines are too few to tell a prefix
    # from a tool's `[x]: ` by their count, yarn's line names it.
    f = _facts("yarn4_foreach_v_mono_typecheck.txt")
    assert [(e.file, e.line, e.code) for e in f.errors] == [("src/cart.js", 6, "TS2367"), ("src/cart.js", 13, "TS2322")]


def test_compose_s_containers_named_by_its_own_lines_read_as_bare() -> None:
    # `web-1  | ` (padded to the longest name): `Attaching to api-1, web-1` and `web-1 exited with code 1` name it.
    f = _facts("compose2_up_mono_test.txt")
    assert [t.id for t in f.failing_tests] == ["web total adds tax"]
    assert f.tools == ["node-test"]
