"""TypeScript run by a Node loader (ts-node, tsx, node's own ES module loader), each failure read as what it is: a
type error tsc reported (ts-node), the code esbuild could not transform (tsx), a file Node has no loader for (the
run's configuration), a relative import Node's ES module resolver did not find (the project's own file). Real runs of
npm's ts-node 10.9.2, tsx 4.23.15 and typescript 5.9.3 on Node 20.20.2 (tests/facts/data/README.md, round 46)."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA

# (sample, the command, the category decided, the record's tool, its code, its file)
LOADERS = [
    ("tsnode10_type_error.txt", "npx ts-node src/cart.ts", Category.TYPE, "tsc", "TS2322", "src/cart.ts"),
    ("tsx4_transform_failed.txt", "npx tsx src/bad.ts", Category.BUILD, "vite", "esbuild", "src/bad.ts"),
    (
        "tsnode10_esm_unknown_file_extension.txt",
        "npx ts-node src/cart.ts",
        Category.CONFIG,
        "node",
        "ERR_UNKNOWN_FILE_EXTENSION",
        "src/cart.ts",
    ),
    (
        "node20_unknown_file_extension_ts.txt",
        "node src/cart.ts",
        Category.CONFIG,
        "node",
        "ERR_UNKNOWN_FILE_EXTENSION",
        "src/cart.ts",
    ),
]


@pytest.mark.parametrize(("sample", "command", "category", "tool", "code", "file"), LOADERS)
def test_a_loaders_failure_is_read_as_what_it_is(
    sample: str, command: str, category: Category, tool: str, code: str, file: str
) -> None:
    facts = extract_facts(framing.github_actions(command, (DATA / sample).read_text()))
    assert (tool, code, file, category) in [(e.tool, e.code, e.file, e.category) for e in facts.errors]
    verdict = rule_verdict(facts, command)
    assert (verdict.category, verdict.decided) == (category, True), verdict.reason


def test_an_unknown_extension_in_a_test_file_is_not_read_as_nodes_report_of_a_script() -> None:
    # the same words inside another sentence (a runner's `Exception during run: TypeError ...`) are that runner's
    line = ' Exception during run: TypeError: Unknown file extension ".ts" for /app/test/cart.test.ts\n'
    assert not [e for e in extract_facts(line.encode()).errors if e.code == "ERR_UNKNOWN_FILE_EXTENSION"]


def test_ts_nodes_esm_loader_on_node_20_says_nothing_and_nothing_is_decided() -> None:
    # `node --loader ts-node/esm src/cart.ts` over a type error: ts-node 10.9's loader hands Node an error it cannot
    # print (`[Object: null prototype] {...}`); the TS2322 is never shown, so no reader may guess it
    command = "node --loader ts-node/esm src/cart.ts"
    facts = extract_facts(framing.github_actions(command, (DATA / "node20_loader_tsnode_esm_wordless.txt").read_text()))
    assert not rule_verdict(facts, command).decided
