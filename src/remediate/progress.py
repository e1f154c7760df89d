"""What a run shows while it works: the stage, each model and tool call, the running cost.

The pipeline and the loop emit typed events (`Event`); the CLI renders them. On a terminal,
`LiveProgress` keeps one rich line at the bottom (a spinner, the stage, its elapsed time, model
calls and dollars so far) and prints each tool call above it; elsewhere (a CI log, a pipe)
`PlainProgress` prints one plain line per event. Everything that did not come from this program
(a tool call's path or pattern is the model's) goes through `terminal.shown` first.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from types import TracebackType

from rich.console import Console, RenderableType
from rich.live import Live
from rich.spinner import Spinner
from rich.text import Text

from remediate.terminal import shown, visible


@dataclass(frozen=True)
class StageStarted:
    name: str


@dataclass(frozen=True)
class StageEnded:
    name: str
    seconds: float


@dataclass(frozen=True)
class Note:
    """A line about the run (the route, the reproduction's verdict, a fixer's exit...)."""

    text: str


@dataclass(frozen=True)
class ModelCalled:
    number: int  # the specialist's calls so far
    stop_reason: str
    tool_calls: int  # the calls this reply asks for
    usd: float  # the run's spend so far


@dataclass(frozen=True)
class ToolCalled:
    name: str
    target: str  # the path, pattern or file the call names ("" when none)
    ok: bool


Event = StageStarted | StageEnded | Note | ModelCalled | ToolCalled
OnEvent = Callable[[Event], None]

# The argument that says what a tool call is about, in the order they are looked for.
_TARGET_KEYS = ("path", "pattern", "file", "query", "command")


def target_of(arguments: object) -> str:
    """The path (or pattern...) a tool call names, cut to one short line; "" when none."""
    if not isinstance(arguments, dict):
        return ""
    for key in _TARGET_KEYS:
        value = arguments.get(key)
        if isinstance(value, str) and value:
            line = value.splitlines()[0] if value.strip() else value
            return line[:80] + ("..." if len(line) > 80 or "\n" in value else "")
    return ""


def line_of(event: Event) -> str:
    """One plain line for `event` (not yet made visible)."""
    match event:
        case StageStarted(name=name):
            return f"[{name}]"
        case StageEnded(name=name, seconds=seconds):
            return f"  {name} done in {seconds:.1f}s"
        case Note(text=text):
            return text
        case ModelCalled(number=n, stop_reason=stop, tool_calls=calls, usd=usd):
            return f"  model call {n}: {stop}, {calls} tool call(s); ${usd:.4f} so far"
        case ToolCalled(name=name, target=target, ok=ok):
            return f"    {name}{' ' + target if target else ''}: {'ok' if ok else 'error'}"


class PlainProgress:
    """One line per event: for logs and pipes (no cursor movement, no colour codes needed)."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def __call__(self, event: Event) -> None:
        self.console.print(shown(line_of(event), "dim"), soft_wrap=True)


class _StatusLine:
    """The live bottom line: the innermost running stage and its elapsed time (computed afresh
    at each refresh), the model calls and the dollars so far."""

    def __init__(self) -> None:
        self.spinner = Spinner("dots")
        self.stages: list[tuple[str, float]] = []  # (name, started), outermost first
        self.model_calls = 0
        self.usd = 0.0

    def __rich__(self) -> RenderableType:
        name, started = self.stages[-1] if self.stages else ("starting", time.monotonic())
        text = Text.assemble(
            (visible(name), "bold"),
            f" {time.monotonic() - started:.1f}s",
            (f"  {self.model_calls} model call(s), ${self.usd:.4f}", "dim"),
        )
        self.spinner.update(text=text)
        return self.spinner


class LiveProgress:
    """A spinner line with the running stage, its elapsed time and the cost so far; finished
    stages, model and tool calls and notes print above it. Use as a context manager around the run."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.status = _StatusLine()
        self.live = Live(self.status, console=console, refresh_per_second=8, transient=True)

    def __enter__(self) -> LiveProgress:
        self.live.__enter__()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.live.__exit__(kind, value, tb)

    def __call__(self, event: Event) -> None:
        status = self.status
        match event:
            case StageStarted(name=name):
                status.stages.append((name, time.monotonic()))
                return
            case StageEnded(name=name):
                if status.stages and status.stages[-1][0] == name:
                    status.stages.pop()
            case ModelCalled(usd=usd):
                status.model_calls, status.usd = status.model_calls + 1, usd
        self.console.print(shown(line_of(event), "dim"), soft_wrap=True)
        self.live.refresh()


def progress_for(console: Console) -> tuple[OnEvent, AbstractContextManager[object]]:
    """The renderer for `console`: live on a terminal, plain lines otherwise; and the context
    manager to run it in (the live line is drawn only inside it)."""
    if console.is_terminal:
        live = LiveProgress(console)
        return live, live
    return PlainProgress(console), nullcontext()
