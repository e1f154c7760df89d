"""What every tool parser returns, and small helpers they share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from remediate.facts.view import View
from remediate.models import Category, ErrorRecord, FailingTest

MAX_MESSAGE = 500
MAX_RECORDS = 200  # per parser; a log with 5,000 lint errors does not need them all


@dataclass
class Findings:
    """One parser's result over the view."""

    tool: str
    errors: list[ErrorRecord] = field(default_factory=list)
    tests: list[FailingTest] = field(default_factory=list)
    # line number -> importance (0..10) for the excerpt: the lines that carry this tool's verdict.
    evidence: dict[int, float] = field(default_factory=dict)
    seen: bool = False  # the tool's output is in the log, failing or not
    category: Category | None = None  # overrides the parser's default when set (e.g. ruff format)
    summary_failures: int = 0  # failures the tool's own summary line reports (0 if none seen)
    test_lines: dict[str, int] = field(default_factory=dict)  # test id -> log line

    def mark(self, line: int, weight: float) -> None:
        if weight > self.evidence.get(line, 0.0):
            self.evidence[line] = weight

    def error(
        self,
        line: int,
        message: str,
        *,
        file: str | None = None,
        at: int | None = None,
        column: int | None = None,
        code: str | None = None,
        weight: float = 8.0,
        tool: str | None = None,
    ) -> None:
        self.seen = True
        self.mark(line, weight)
        if len(self.errors) >= MAX_RECORDS:
            return
        self.errors.append(
            ErrorRecord(
                tool=tool or self.tool,
                file=clean_path(file) if file else None,
                line=at,
                column=column,
                code=code,
                message=clip(message),
                log_line=line,
            )
        )

    def test(self, line: int, test_id: str, *, file: str | None = None, message: str | None = None) -> None:
        self.seen = True
        self.mark(line, 8.0)
        test_id = test_id.strip()
        for i, existing in enumerate(self.tests):
            if existing.id == test_id:
                if message and not existing.message:
                    self.tests[i] = existing.model_copy(update={"message": clip(message)})
                return
        if len(self.tests) >= MAX_RECORDS:
            return
        self.test_lines[test_id] = line
        self.tests.append(
            FailingTest(id=test_id, file=clean_path(file) if file else None, message=clip(message) if message else None)
        )


@dataclass(frozen=True)
class Parser:
    """A registered tool parser: its name, the failure category its errors imply, and the function."""

    tool: str
    category: Category
    parse: Callable[[View], Findings]


def clip(text: str, limit: int = MAX_MESSAGE) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clean_path(path: str) -> str:
    path = path.strip().strip("'\"")
    if path.startswith("file://"):
        path = path[7:]
    if path.startswith("./"):
        path = path[2:]
    return path
