"""Cassettes: recorded or scripted Messages API responses served over a real HTTP transport.

The loop always talks to `anthropic.AsyncAnthropic`; offline, its httpx2 client is given a
`httpx2.MockTransport` whose handler is a `CassettePlayer`. The player checks every request
against the cassette (the tool_result ids must answer the tool_use ids it served last, in
order; expectations written in the cassette must hold), so a broken loop fails loudly with
a 400 the SDK does not retry, and the mismatch is kept for the test to read.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

import httpx2
from pydantic import BaseModel, ConfigDict, Field

from remediate.facts.redact import Redactor


class ExpectedToolResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tool_use_id: str
    is_error: bool | None = None
    contains: list[str] = Field(default_factory=list)


class Expect(BaseModel):
    """What a request must look like for the next response to be served."""

    model_config = ConfigDict(extra="forbid")

    tools: list[str] | None = Field(default=None, description="exact tool names offered, in order")
    tool_results: list[ExpectedToolResult] | None = None
    contains: list[str] = Field(default_factory=list, description="substrings of the request body")
    absent: list[str] = Field(default_factory=list, description="substrings the request body must not hold")
    new_conversation: bool = Field(
        default=False,
        description="this request opens a new conversation (e.g. the specialist after the triage agent): "
        "it answers no earlier tool_use, shares no cached prefix, and must hold exactly one message",
    )


class Interaction(BaseModel):
    model_config = ConfigDict(extra="forbid")

    expect: Expect = Field(default_factory=Expect)
    status: int = 200
    headers: dict[str, str] = Field(default_factory=dict)
    body: dict[str, Any]


class Cassette(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = 1
    kind: Literal["scripted", "recorded"]
    description: str = ""
    model: str | None = None
    interactions: list[Interaction]

    @classmethod
    def load(cls, path: Path) -> Cassette:
        return cls.model_validate_json(path.read_text(encoding="utf-8"))

    def dump(self, path: Path) -> None:
        path.write_text(self.model_dump_json(indent=2, exclude_defaults=True) + "\n", encoding="utf-8")


class CassetteMismatch(Exception):
    pass


def _estimate_tokens(text: str) -> int:
    return max(1, len(text) // 4)


def _tool_results(body: dict[str, Any]) -> list[dict[str, Any]]:
    messages = body.get("messages") or []
    if not messages or messages[-1].get("role") != "user":
        return []
    content = messages[-1].get("content")
    if not isinstance(content, list):
        return []
    return [block for block in content if isinstance(block, dict) and block.get("type") == "tool_result"]


def _result_text(block: dict[str, Any]) -> str:
    content = block.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return ""


class CassettePlayer:
    """An async handler for `httpx2.MockTransport` that serves a cassette in order."""

    def __init__(self, cassette: Cassette) -> None:
        self.cassette = cassette
        self.position = 0
        self.requests: list[dict[str, Any]] = []
        self.raw_requests: list[bytes] = []
        self.mismatches: list[str] = []
        self._pending_tool_ids: list[str] = []
        self._cached_prefix = 0

    @property
    def exhausted(self) -> bool:
        return self.position >= len(self.cassette.interactions)

    def transport(self) -> httpx2.MockTransport:
        return httpx2.MockTransport(self)

    async def __call__(self, request: httpx2.Request) -> httpx2.Response:
        raw = request.content
        self.raw_requests.append(raw)
        try:
            body = json.loads(raw or b"{}")
            self.requests.append(body)
            interaction = self._next(request, body)
        except CassetteMismatch as exc:
            self.mismatches.append(str(exc))
            error = {
                "type": "error",
                "error": {"type": "invalid_request_error", "message": f"cassette: {exc}"},
            }
            return httpx2.Response(400, json=error)
        response_body = self._fill_usage(interaction.body, raw)
        self._pending_tool_ids = [
            block["id"] for block in response_body.get("content", []) if block.get("type") == "tool_use"
        ]
        headers = {"request-id": f"req_replay_{self.position}", **interaction.headers}
        return httpx2.Response(interaction.status, json=response_body, headers=headers)

    def _next(self, request: httpx2.Request, body: dict[str, Any]) -> Interaction:
        if request.url.path.rstrip("/") != "/v1/messages":
            raise CassetteMismatch(f"unexpected endpoint {request.url.path}")
        if self.exhausted:
            raise CassetteMismatch(f"cassette exhausted after {len(self.cassette.interactions)} responses")
        interaction = self.cassette.interactions[self.position]
        number = self.position + 1
        self.position += 1
        if interaction.expect.new_conversation:
            if len(body.get("messages") or []) != 1:
                raise CassetteMismatch(f"request {number}: expected a new conversation (one message)")
            self._pending_tool_ids = []
            self._cached_prefix = 0
        results = _tool_results(body)
        answered = [block.get("tool_use_id") for block in results]
        if answered != self._pending_tool_ids:
            raise CassetteMismatch(
                f"request {number}: tool_result ids {answered} do not answer the tool_use ids "
                f"{self._pending_tool_ids} served before"
            )
        self._check_expect(number, interaction.expect, body, results, json.dumps(body))
        return interaction

    @staticmethod
    def _check_expect(
        number: int, expect: Expect, body: dict[str, Any], results: list[dict[str, Any]], text: str
    ) -> None:
        if expect.tools is not None:
            offered = [tool.get("name") for tool in body.get("tools", [])]
            if offered != expect.tools:
                raise CassetteMismatch(f"request {number}: tools {offered} != expected {expect.tools}")
        for needle in expect.contains:
            if needle not in text:
                raise CassetteMismatch(f"request {number}: expected the request to contain {needle!r}")
        for needle in expect.absent:
            if needle in text:
                raise CassetteMismatch(f"request {number}: the request must not contain {needle!r}")
        if expect.tool_results is None:
            return
        by_id = {block.get("tool_use_id"): block for block in results}
        for want in expect.tool_results:
            got = by_id.get(want.tool_use_id)
            if got is None:
                raise CassetteMismatch(f"request {number}: no tool_result for {want.tool_use_id}")
            if want.is_error is not None and bool(got.get("is_error", False)) != want.is_error:
                raise CassetteMismatch(
                    f"request {number}: tool_result {want.tool_use_id} is_error={got.get('is_error', False)}, "
                    f"expected {want.is_error}: {_result_text(got)[:300]}"
                )
            content = _result_text(got)
            for needle in want.contains:
                if needle not in content:
                    raise CassetteMismatch(
                        f"request {number}: tool_result {want.tool_use_id} lacks {needle!r}: {content[:300]}"
                    )

    def _fill_usage(self, body: dict[str, Any], raw_request: bytes) -> dict[str, Any]:
        """Scripted cassettes may say usage "estimate": tokens then follow the real request
        (chars/4) and prompt caching is modelled as the API does it (the prefix up to the last
        cache breakpoint is written once, then read), so a prompt that grows shows up as cost."""
        if body.get("usage") != "estimate":
            return body
        request = json.loads(raw_request or b"{}")
        total, prefix = _request_tokens(request)
        if prefix < MIN_CACHEABLE_TOKENS:
            prefix = 0
        read = min(self._cached_prefix, prefix)
        write = prefix - read
        self._cached_prefix = max(self._cached_prefix, prefix)
        usage = {
            "input_tokens": max(1, total - prefix),
            "output_tokens": _estimate_tokens(json.dumps(body.get("content", []))),
            "cache_creation_input_tokens": write,
            "cache_read_input_tokens": read,
        }
        return {**body, "usage": usage}


# The API caches nothing shorter than this (the larger models' minimum).
MIN_CACHEABLE_TOKENS = 1024


def _request_tokens(request: dict[str, Any]) -> tuple[int, int]:
    """(all tokens, tokens up to and including the last cache_control block), chars/4."""
    chars = len(json.dumps(request.get("tools", []))) + len(json.dumps(request.get("system", "")))
    prefix = chars if _has_cache_control(request.get("system")) else 0
    for message in request.get("messages", []):
        content = message.get("content")
        blocks = content if isinstance(content, list) else [content]
        for block in blocks:
            chars += len(json.dumps(block))
            if _has_cache_control(block):
                prefix = chars
    return max(1, chars // 4), prefix // 4


def _has_cache_control(value: object) -> bool:
    if isinstance(value, dict):
        return "cache_control" in value
    if isinstance(value, list):
        return any(isinstance(v, dict) and "cache_control" in v for v in value)
    return False


class CassetteRecorder:
    """An async handler that forwards to the real API and keeps the responses as a cassette."""

    def __init__(self, path: Path, *, redactor: Redactor, description: str = "") -> None:
        self.path = path
        self.redactor = redactor
        self.description = description
        self.interactions: list[Interaction] = []
        self._upstream = httpx2.AsyncHTTPTransport()

    def transport(self) -> httpx2.MockTransport:
        return httpx2.MockTransport(self)

    async def __call__(self, request: httpx2.Request) -> httpx2.Response:
        response = await self._upstream.handle_async_request(request)
        raw = await response.aread()
        if request.url.path.rstrip("/") == "/v1/messages" and response.status_code == 200:
            body = json.loads(self.redactor.redact(raw.decode("utf-8")))
            request_body = json.loads(request.content or b"{}")
            expect = Expect(
                tool_results=[
                    ExpectedToolResult(tool_use_id=block["tool_use_id"]) for block in _tool_results(request_body)
                ]
                or None,
                # A later request with one message starts its own conversation (triage, then specialist).
                new_conversation=bool(self.interactions) and len(request_body.get("messages") or []) == 1,
            )
            self.interactions.append(Interaction(expect=expect, body=body))
        headers = {k: v for k, v in response.headers.items() if k.lower() not in {"content-encoding", "content-length"}}
        return httpx2.Response(response.status_code, headers=headers, content=raw)

    def save(self, model: str | None) -> None:
        if not self.interactions:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        Cassette(kind="recorded", description=self.description, model=model, interactions=self.interactions).dump(
            self.path
        )
