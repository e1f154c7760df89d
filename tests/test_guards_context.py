"""The context budget, proven with a long scripted run: 70 large tool results through the
real SDK. Past 60% of a 200k-token window old results are elided; the system prompt, the
facts and the newest results never are, and no request goes over the budget."""

from __future__ import annotations

import json
from pathlib import Path

from remediate.loop import StopReason
from remediate.models import Budget
from tests.adversarial.harness import run_script
from tests.conftest import needs_bwrap
from tests.helpers import make_project, script, tool_use

pytestmark = needs_bwrap

WINDOW = 200_000
FILES = 10
READS = 70


async def test_a_long_run_stays_inside_the_context_budget(tmp_path: Path) -> None:
    files = {
        f"src/m{i}.py": "".join(f"VALUE_{i}_{n:04d} = '{'x' * 24}'\n" for n in range(1, 1201)) for i in range(FILES)
    }
    project = make_project(tmp_path / "p", files)
    steps = [
        [tool_use(k, "read_file", {"path": f"src/m{k % FILES}.py", "start_line": 1 + (k * 7) % 800})]
        for k in range(1, READS + 1)
    ]
    steps.append([tool_use(READS + 1, "finish", {"root_cause": "r", "summary": "s", "fixed": False})])
    budget = Budget(tool_calls=500, model_calls=500, input_tokens=10**9, output_tokens=10**9, usd=10**6)
    out = await run_script(project, script(*steps), budget=budget, context_window=WINDOW)
    assert not out.player.mismatches, out.player.mismatches
    assert out.result.stop == StopReason.FINISHED and out.result.tool_calls == READS + 1

    limit_tokens = int(WINDOW * 0.6)
    sizes = [len(raw) // 4 for raw in out.player.raw_requests]  # the cassette's own token estimate
    sent_results = sum(len(b["content"]) for r in out.player.requests[-1:] for b in r["messages"][-1]["content"])
    assert sent_results > 0
    # Without elision the last request would hold every result: far past the budget.
    total_read = sum(
        len(block["content"])
        for request in out.player.requests
        for block in request["messages"][-1]["content"]
        if isinstance(block, dict) and block.get("type") == "tool_result"
    )
    assert total_read // 4 > 1.5 * limit_tokens
    assert max(sizes) <= limit_tokens, (max(sizes), limit_tokens)
    for request in out.player.requests:
        assert request["system"][0]["text"].startswith("SYSTEM PROMPT")
        assert request["messages"][0]["content"][0]["text"] == "FACTS: tests/test_app.py::test_total fails"
        newest = request["messages"][-1]["content"]
        if request is not out.player.requests[0]:
            assert all(not b["content"].startswith("[elided") for b in newest), "the latest results are kept"
    elided = [e for e in out.result.events if e.kind == "context_elided"]
    assert len(elided) >= READS // 4
    last = json.dumps(out.player.requests[-1])
    assert "[elided to fit the context budget" in last
    assert sizes[-1] > limit_tokens * 0.5, "elision trims to the budget, it does not empty the context"
