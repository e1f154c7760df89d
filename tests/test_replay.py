"""The cassette transport under the real AsyncAnthropic client."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anthropic
import pytest

from remediate.replay import Cassette, CassettePlayer, Expect, ExpectedToolResult, Interaction
from tests.helpers import message


def _client(player: CassettePlayer) -> anthropic.AsyncAnthropic:
    http = anthropic.DefaultAsyncHttpxClient(transport=player.transport())
    return anthropic.AsyncAnthropic(api_key="offline", http_client=http, max_retries=0)


TOOL_USE = {"type": "tool_use", "id": "toolu_1", "name": "run_check", "input": {}}
CASSETTE = Cassette(
    kind="scripted",
    interactions=[
        Interaction(expect=Expect(contains=["hello"]), body=message(1, [TOOL_USE])),
        Interaction(
            expect=Expect(tool_results=[ExpectedToolResult(tool_use_id="toolu_1", contains=["PASSED"])]),
            body=message(2, [{"type": "text", "text": "done"}], stop="end_turn"),
        ),
    ],
)


async def _first(client: anthropic.AsyncAnthropic) -> anthropic.types.Message:
    return await client.messages.create(
        model="claude-sonnet-5-5", max_tokens=100, messages=[{"role": "user", "content": "hello"}]
    )


def _answer(first: anthropic.types.Message, tool_use_id: str, text: str) -> list[Any]:
    return [
        {"role": "user", "content": "hello"},
        {"role": "assistant", "content": [b.model_dump(exclude_none=True) for b in first.content]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": tool_use_id, "content": text}]},
    ]


async def test_replay_serves_in_order_and_estimates_usage() -> None:
    player = CassettePlayer(CASSETTE)
    client = _client(player)
    first = await _first(client)
    assert first.stop_reason == "tool_use" and first.usage.input_tokens > 0
    second = await client.messages.create(
        model="claude-sonnet-5-5", max_tokens=100, messages=_answer(first, "toolu_1", "check PASSED")
    )
    assert second.content[0].type == "text" and player.exhausted and not player.mismatches


async def test_replay_rejects_tool_results_that_do_not_answer_the_last_tool_use() -> None:
    player = CassettePlayer(CASSETTE)
    client = _client(player)
    first = await _first(client)
    with pytest.raises(anthropic.BadRequestError, match="do not answer"):
        await client.messages.create(
            model="claude-sonnet-5-5", max_tokens=100, messages=_answer(first, "toolu_WRONG", "check PASSED")
        )
    assert player.mismatches


async def test_replay_checks_expected_tool_result_content_and_exhaustion() -> None:
    player = CassettePlayer(CASSETTE)
    client = _client(player)
    first = await _first(client)
    with pytest.raises(anthropic.BadRequestError, match="lacks 'PASSED'"):
        await client.messages.create(
            model="claude-sonnet-5-5", max_tokens=100, messages=_answer(first, "toolu_1", "check FAILED")
        )
    with pytest.raises(anthropic.BadRequestError, match="exhausted"):
        await _first(client)


async def test_replay_checks_required_request_content() -> None:
    player = CassettePlayer(CASSETTE)
    with pytest.raises(anthropic.BadRequestError, match="contain 'hello'"):
        await _client(player).messages.create(
            model="claude-sonnet-5-5", max_tokens=10, messages=[{"role": "user", "content": "bye"}]
        )


def test_cassette_round_trips_through_disk(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    CASSETTE.dump(path)
    assert Cassette.load(path) == CASSETTE


def test_bundled_cassettes_are_valid() -> None:
    root = Path(__file__).resolve().parent.parent / "fixtures"
    paths = sorted(root.glob("*/cassette.json"))
    assert paths, "no cassettes found"
    for path in paths:
        cassette = Cassette.load(path)
        assert cassette.interactions, path
