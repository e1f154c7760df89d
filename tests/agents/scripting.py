"""The scripted model used by every fixture's cassette: a Script is the turns of one careful
model, each with expectations on the request it answers (tests/agents/scripts.py explains)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from remediate.replay import Cassette, Expect, ExpectedToolResult, Interaction

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SONNET = "claude-sonnet-5-5"
HAIKU = "claude-haiku-5-5"
CHECK_PASSED = "check PASSED (exit code 0"

LINT_TOOLS = ["read_file", "search", "edit_file", "run_check", "finish"]
TESTS_TOOLS = ["read_file", "list_files", "search", "edit_file", "run_check", "finish"]
DOCKER_TOOLS = ["read_file", "search", "edit_file", "write_file", "run_check", "finish"]
SQL_TOOLS = ["read_file", "list_files", "search", "edit_file", "run_check", "finish"]


class Script:
    """Turns of one scripted model; tool_use ids are numbered across the whole run."""

    def __init__(self, model: str, description: str) -> None:
        self.model = model
        self.description = description
        self.interactions: list[Interaction] = []
        self._next_id = 1
        self._pending: list[str] = []

    def turn(
        self,
        calls: list[tuple[str, dict[str, Any]]],
        *,
        text: str = "",
        tools: list[str] | None = None,
        contains: tuple[str, ...] = (),
        absent: tuple[str, ...] = (),
        results: dict[int, tuple[str, ...]] | None = None,
    ) -> Script:
        """One assistant message. `results` maps an index into the previous turn's calls to
        substrings its tool_result must hold (every previous result must also not be an error)."""
        previous = self._pending
        checks = None
        if previous:
            wanted = results or {}
            checks = [
                ExpectedToolResult(tool_use_id=tid, is_error=False, contains=list(wanted.get(i, ())))
                for i, tid in enumerate(previous)
            ]
        content: list[dict[str, Any]] = []
        if text:
            content.append({"type": "text", "text": text})
        ids: list[str] = []
        for name, args in calls:
            tid = f"toolu_{self._next_id:02d}"
            self._next_id += 1
            ids.append(tid)
            content.append({"type": "tool_use", "id": tid, "name": name, "input": args})
        number = len(self.interactions) + 1
        body = {
            "id": f"msg_scripted_{number:02d}",
            "type": "message",
            "role": "assistant",
            "model": self.model,
            "content": content,
            "stop_reason": "tool_use" if calls else "end_turn",
            "stop_sequence": None,
            "usage": "estimate",
        }
        expect = Expect(tools=tools, tool_results=checks, contains=list(contains), absent=list(absent))
        self.interactions.append(Interaction(expect=expect, body=body))
        self._pending = ids
        return self

    def finish(self, root_cause: str, summary: str, *, results: dict[int, tuple[str, ...]] | None = None) -> Cassette:
        self.turn([("finish", {"root_cause": root_cause, "summary": summary, "fixed": True})], results=results)
        return Cassette(kind="scripted", description=self.description, model=self.model, interactions=self.interactions)


Call = tuple[str, dict[str, Any]]


@dataclass(frozen=True)
class Edit:
    path: str
    old: str
    new: str


@dataclass(frozen=True)
class Fix:
    """One fixture's scripted fix, the shape most cassettes share: an optional look (a read or a
    search) whose result must hold `seen`; the edits; the check; finish. The first turn carries
    `reason`, the tools the request must offer and what it must (not) hold; with a look, the edit
    turn carries `edit_reason`. Each edit's result must hold `edited[i]` (default: "edited
    <path>"); the check's result must hold `passed` after CHECK_PASSED."""

    description: str
    reason: str
    tools: list[str]
    contains: tuple[str, ...]
    edits: tuple[Edit, ...]
    root_cause: str
    summary: str
    look: Call | None = None
    seen: tuple[str, ...] = ()
    edit_reason: str = ""
    absent: tuple[str, ...] = ()
    edited: tuple[str, ...] = ()
    passed: tuple[str, ...] = ()
    model: str = SONNET

    def cassette(self) -> Cassette:
        s = Script(self.model, self.description)
        edits: list[Call] = [("edit_file", {"path": e.path, "old_text": e.old, "new_text": e.new}) for e in self.edits]
        first = [self.look] if self.look is not None else edits
        s.turn(first, text=self.reason, tools=self.tools, contains=self.contains, absent=self.absent)
        if self.look is not None:
            s.turn(edits, text=self.edit_reason, results={0: self.seen})
        edited = self.edited or tuple(f"edited {e.path}" for e in self.edits)
        s.turn([("run_check", {})], results={i: (said,) for i, said in enumerate(edited)})
        return s.finish(self.root_cause, self.summary, results={0: (CHECK_PASSED, *self.passed)})
