"""A seed block taken whole only while later records of its kind, as a parser names them, keep room for their
line (excerpt.siblings, recordkinds); a line alike only in its first word is no sibling."""

from __future__ import annotations

from pathlib import Path

import pytest

from remediate.facts import extract, extract_facts
from remediate.facts.excerpt.selector import Selector
from remediate.facts.excerpt.siblings import LaterSeeds
from remediate.facts.excerpt_marks import Tasks
from remediate.facts.parsers import parser_view, parsers_for
from remediate.facts.recordkinds import record_kinds
from remediate.facts.view import View
from tests.facts import framing

DATA = Path(__file__).parent / "data"


def test_a_block_leaves_room_for_the_later_diagnostics_its_parser_names() -> None:
    # Biome's first diagnostic, taken whole at 800 tokens in a GitHub job, crowded out later ones' `  × message`
    # (7 of 9 shown); the parser names each diagnostic a record of Biome's, so each keeps its line (8 of 9).
    log = framing.github_actions("npx biome ci .", (DATA / "biome1_ci.txt").read_text())
    rows = log.decode().split("\n")
    messages = {n for n, row in enumerate(rows, start=1) if "  × " in row and not rows[n - 2].split("Z ")[-1]}
    assert len(messages) == 9
    shown = {n for r in extract_facts(log, budget_tokens=800).excerpt_lines for n in range(r.start, r.end + 1)}
    assert len(shown & messages) >= 8


def test_maven_rows_alike_only_in_their_first_word_are_no_siblings() -> None:
    # Every Maven row starts `[ERROR]`: counted by their first word, the compile errors' block owed room to
    # `[ERROR] -> [Help 1]` and to the goal's failure, and was cut where it fitted whole. The kinds the parsers
    # name: the two compile errors one, the goal's failure another, the help rows none.
    text = (DATA / "maven_compile_errors.txt").read_text()
    view = parser_view(View.of(text.splitlines()))
    kinds = record_kinds((parser, parser.parse(view)) for parser in parsers_for(view))
    rows = text.split("\n")
    compile_rows = [n for n, row in enumerate(rows, start=1) if row.startswith("[ERROR] /tmp/gen/java/")][:2]
    goal = next(n for n, row in enumerate(rows, start=1) if row.startswith("[ERROR] Failed to execute goal"))
    help_row = rows.index("[ERROR] -> [Help 1]") + 1
    assert len(compile_rows) == 2 and kinds[compile_rows[0]] == kinds[compile_rows[1]]
    assert kinds[goal] != kinds[compile_rows[0]]
    lines = Tasks(view, {}, dict.fromkeys([*compile_rows, goal, help_row], 6.0), kinds=kinds)
    later = LaterSeeds(lines, Selector(view, 8_000), [*compile_rows, goal, help_row], None)
    assert later.kind(help_row, [help_row]) is None
    # A seed no parser named is never crowded: it takes its block whole, greedy, as before.
    assert not later.crowded(3, [help_row - 3, help_row - 2, help_row - 1, help_row])


def test_a_list_of_records_of_one_kind_is_taken_as_greedy_as_if_no_parser_named_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # ruff's 324 concise findings (`pkg/mod0.py:1:8: F401 ...`), one record a row: each seed's block holds later
    # rows of its kind, so cutting it to its row for the later ones' sake made each row a block of its own under
    # a header (8 blocks, 119 rows at 2,000 tokens in a GitHub job; 7 and 121 taken greedy).
    log = framing.github_actions(
        "ruff check --output-format=concise .", (DATA / "ruff_concise_324_findings.txt").read_text()
    )
    named = extract_facts(log, budget_tokens=2000).excerpt_lines
    monkeypatch.setattr(extract, "record_kinds", lambda results: {})
    assert named == extract_facts(log, budget_tokens=2000).excerpt_lines
