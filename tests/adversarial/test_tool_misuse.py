"""Hallucinated tools, malformed arguments, path traversal, huge outputs, endless tool use,
ping-pong, and every budget dimension: each stopped by a named wall."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import anyio
import pytest

from remediate.guards import BudgetMeter, LoopLimits
from remediate.loop import StopReason
from remediate.models import Budget
from remediate.replay import Cassette, Expect, ExpectedToolResult, Interaction
from tests.adversarial.harness import hostile_project, run_script
from tests.conftest import needs_bwrap
from tests.helpers import message, script, tool_use

pytestmark = needs_bwrap


def errs(*pairs: tuple[str, str]) -> Expect:
    return Expect(
        tool_results=[ExpectedToolResult(tool_use_id=i, is_error=True, contains=[needle]) for i, needle in pairs]
    )


def finish(i: int) -> list[dict[str, Any]]:
    return [tool_use(i, "finish", {"root_cause": "r", "summary": "s", "fixed": False})]


async def test_hallucinated_tools_in_one_turn_are_each_answered_and_counted(tmp_path: Path) -> None:
    turn = [tool_use(i, name, {"x": 1}) for i, name in enumerate(("shell", "http_get", "git_push"), start=1)]
    cassette = script(
        turn,
        (finish(4), errs(("toolu_01", "unknown tool 'shell'"), ("toolu_03", "unknown tool 'git_push'"))),
    )
    out = await run_script(hostile_project(tmp_path / "p"), cassette)
    assert not out.player.mismatches, out.player.mismatches
    assert out.result.invalid_calls == 3 and len(out.events("invalid_tool_call")) == 3


@pytest.mark.filterwarnings("ignore:Pydantic serializer warnings:UserWarning")  # the SDK dumping the bad input
async def test_malformed_json_arguments_are_an_is_error_and_never_sent_back_malformed(tmp_path: Path) -> None:
    broken = {"type": "tool_use", "id": "toolu_01", "name": "read_file", "input": '{"path": "src/app.py"'}
    cassette = Cassette(
        kind="scripted",
        interactions=[
            Interaction(body=message(1, [broken])),
            Interaction(
                expect=errs(("toolu_01", "invalid input for read_file")),
                body=message(2, finish(2)),
            ),
        ],
    )
    out = await run_script(hostile_project(tmp_path / "p"), cassette)
    assert not out.player.mismatches, out.player.mismatches
    echoed = out.player.requests[1]["messages"][1]["content"][0]
    assert echoed["type"] == "tool_use" and echoed["input"] == {}
    assert out.events("invalid_tool_call")


TRAVERSALS = [
    ("../outside.txt", "escapes the project root"),
    ("src/../../outside.txt", "escapes the project root"),
    ("/etc/passwd", "absolute paths are not allowed"),
    ("link-out/passwd", "outside the project root through a symlink"),
    ("src/app.py\x00.txt", "NUL byte"),
    ("..\\..\\etc\\passwd", "forward slashes"),
    ("....//....//etc/passwd", "no such file"),  # not a traversal: literal '....' directories
]


@pytest.mark.parametrize(("path", "wall"), TRAVERSALS, ids=[t[0].replace("\x00", "NUL") for t in TRAVERSALS])
async def test_path_traversal_is_rejected(tmp_path: Path, path: str, wall: str) -> None:
    project = hostile_project(tmp_path / "p")
    (project / "link-out").symlink_to("/etc")
    (tmp_path / "outside.txt").write_text("host file\n")
    cassette = script(
        [tool_use(1, "read_file", {"path": path})],
        ([tool_use(2, "write_file", {"path": path, "content": "pwned\n"})], errs(("toolu_01", wall))),
        # '....' is a legal directory name: that write lands inside the work copy, and only there.
        (finish(3), Expect(tool_results=[ExpectedToolResult(tool_use_id="toolu_02", is_error=wall != "no such file")])),
    )
    out = await run_script(project, cassette, keep=("..../..../etc/passwd",))
    assert not out.player.mismatches, out.player.mismatches
    assert (tmp_path / "outside.txt").read_text() == "host file\n"
    assert "pwned" not in await anyio.Path("/etc/passwd").read_text()
    if wall == "no such file":
        assert out.files["..../..../etc/passwd"] == "pwned\n"
    assert b"root:x:0:0" not in out.sent()


async def test_a_symlink_inside_the_tree_does_not_open_a_protected_file(tmp_path: Path) -> None:
    project = hostile_project(tmp_path / "p")
    (project / "src/helper.py").symlink_to("../tests/test_app.py")
    cassette = script(
        [tool_use(1, "edit_file", {"path": "src/helper.py", "old_text": "assert", "new_text": "assert True or"})],
        (finish(2), errs(("toolu_01", "tests/test_app.py is protected"))),
    )
    out = await run_script(project, cassette, keep=("tests/test_app.py",))
    assert not out.player.mismatches, out.player.mismatches
    assert out.files["tests/test_app.py"] == (project / "tests/test_app.py").read_text()


async def test_ten_megabyte_outputs_are_capped_before_the_model(tmp_path: Path) -> None:
    project = hostile_project(tmp_path / "p", {"big.txt": "x" * (10 * 1024 * 1024)})
    flood = ["/bin/sh", "-c", "python -c \"import sys; sys.stdout.write('y' * (10 * 1024 * 1024) + 'END')\""]
    cassette = script(
        [tool_use(1, "run_check", {}), tool_use(2, "read_file", {"path": "big.txt"})],
        (
            finish(3),
            Expect(
                tool_results=[
                    ExpectedToolResult(tool_use_id="toolu_01", contains=["characters elided", "END"]),
                    ExpectedToolResult(tool_use_id="toolu_02", is_error=True, contains=["read limit"]),
                ]
            ),
        ),
    )
    out = await run_script(project, cassette, check=flood)
    assert not out.player.mismatches, out.player.mismatches
    assert max(len(raw) for raw in out.player.raw_requests) < 60_000


async def test_endless_tool_use_ends_at_the_tool_call_budget(tmp_path: Path) -> None:
    steps = [
        [tool_use(i, "read_file", {"path": "src/app.py", "start_line": 1 + i % 3, "end_line": 40 + i})]
        for i in range(1, 40)
    ]
    out = await run_script(hostile_project(tmp_path / "p"), script(*steps), budget=Budget(tool_calls=20))
    assert out.result.stop == StopReason.BUDGET and out.result.tool_calls == 20
    assert out.result.budget_stop is not None and out.result.budget_stop.kind == "budget_tool_calls"
    assert out.events("budget_tool_calls") == ["specialist tool calls: 20 of 20 used"]


async def test_ping_pong_between_two_states_is_a_loop(tmp_path: Path) -> None:
    a = {"path": "src/app.py", "content": "def total(items):\n    return sum(items)\n"}
    b = {"path": "src/app.py", "content": "def total(items):\n    return sum(items) + 1\n"}
    steps = []
    for i in range(12):
        steps.append([tool_use(2 * i + 1, "write_file", a if i % 2 == 0 else b)])
        steps.append([tool_use(2 * i + 2, "run_check", {})])
    out = await run_script(hostile_project(tmp_path / "p"), script(*steps), budget=Budget(tool_calls=40))
    assert out.result.stop == StopReason.LOOP and out.result.tool_calls < 20
    assert out.result.loop_stop is not None and out.result.loop_stop.event_kind == "loop_same_call"


async def test_loop_thresholds_are_configurable(tmp_path: Path) -> None:
    steps = [[tool_use(i, "read_file", {"path": "src/app.py"})] for i in range(1, 9)]
    out = await run_script(hostile_project(tmp_path / "p"), script(*steps), limits=LoopLimits(same_call=6))
    assert out.result.stop == StopReason.LOOP and out.result.tool_calls == 6


@pytest.mark.parametrize(
    ("budget", "kind"),
    [
        (Budget(model_calls=2), "budget_model_calls"),
        (Budget(input_tokens=500), "budget_input_tokens"),
        (Budget(output_tokens=20), "budget_output_tokens"),
        (Budget(usd=0.000001), "budget_usd"),
        (Budget(seconds=0), "budget_seconds"),
    ],
)
async def test_each_budget_dimension_stops_with_its_own_event(tmp_path: Path, budget: Budget, kind: str) -> None:
    steps = [[tool_use(i, "read_file", {"path": "src/app.py", "start_line": i})] for i in range(1, 6)]
    out = await run_script(hostile_project(tmp_path / "p"), script(*steps), budget=budget)
    assert out.result.stop == StopReason.BUDGET
    assert out.result.budget_stop is not None and out.result.budget_stop.kind == kind
    assert [e.kind for e in out.result.events if e.kind.startswith("budget_")] == [kind]


async def test_the_run_budget_spans_more_than_one_agent(tmp_path: Path) -> None:
    run = BudgetMeter(Budget(model_calls=3), scope="run")
    first = [[tool_use(i, "read_file", {"path": "src/app.py", "start_line": i})] for i in range(1, 3)]
    triage = await run_script(hostile_project(tmp_path / "a"), script(*first, finish(3)), run_meter=run)
    assert triage.result.stop == StopReason.FINISHED and run.usage.model_calls == 3
    specialist = await run_script(hostile_project(tmp_path / "b"), script(*first), run_meter=run)
    assert specialist.result.stop == StopReason.BUDGET and specialist.result.usage.model_calls == 0
    assert specialist.result.budget_stop is not None and specialist.result.budget_stop.scope == "run"
    assert specialist.events("budget_model_calls") == ["run model calls: 3 of 3 used"]
    assert json.dumps(specialist.result.usage.model_dump())  # typed usage, zero spent
