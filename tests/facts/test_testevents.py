"""`go test -json` events in a log read as the output lines they carry (real Go 1.19 output)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from remediate.facts import extract_facts
from remediate.facts.testevents import event_output
from remediate.models import Facts
from tests.facts import framing
from tests.facts.samples import DATA

JSON_RUN = (DATA / "go_test_json.txt").read_text()  # `go test -json ./...`
PLAIN_RUN = (DATA / "go_test_json_plain.txt").read_text()  # `go test -v ./...` on the same package
FRAMERS = [
    framing.github_actions,
    framing.gitlab,
    framing.jenkins,
    framing.travis,
    framing.circleci,
    framing.azure,
    framing.buildkite,
]


Summary = tuple[str, list[str], list[tuple[str, str | None, int | None, str]], list[tuple[str, str | None, str | None]]]


def _summary(f: Facts) -> Summary:
    errors = sorted(((e.tool, e.file, e.line, e.message) for e in f.errors), key=str)
    tests = sorted(((t.id, t.file, t.message) for t in f.failing_tests), key=str)
    return f.category.value, f.tools, errors, tests


def test_a_json_run_gives_the_facts_of_the_same_run_printed_plain() -> None:
    events, plain = extract_facts(JSON_RUN.encode()), extract_facts(PLAIN_RUN.encode())
    assert _summary(events) == _summary(plain)
    assert ("TestAdd", "calc_test.go", "calc_test.go:7: Add(2, 3) = -1, want 5") in _summary(events)[3]
    assert any(e.message.startswith("panic: runtime error: integer divide by zero") for e in events.errors)


@pytest.mark.parametrize("frame", FRAMERS, ids=lambda f: f.__name__)
def test_a_json_run_inside_a_ci_log_parses_as_the_plain_one(frame: Callable[[str, str], bytes]) -> None:
    events = extract_facts(frame("go test -json ./...", JSON_RUN))
    plain = extract_facts(frame("go test -v ./...", PLAIN_RUN))
    assert _summary(events)[2:] == _summary(plain)[2:]
    assert _summary(events)[0] == _summary(plain)[0]


def test_the_excerpt_shows_each_event_as_its_line_at_the_events_line_number() -> None:
    f = extract_facts(JSON_RUN.encode())
    assert "\n    calc_test.go:7: Add(2, 3) = -1, want 5\n" in f.excerpt
    assert '"Output"' not in f.excerpt  # output events are shown as their lines
    assert '"Action":"fail"' in f.excerpt  # the other events keep their JSON (which test ended how)
    no = next(i for i, t in enumerate(JSON_RUN.splitlines(), start=1) if "calc_test.go:7" in t)
    assert any(r.start <= no <= r.end for r in f.excerpt_lines)


def test_an_output_event_is_cleaned_and_redacted_as_a_plain_line() -> None:
    token = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
    escaped = json.dumps({"Action": "output", "Output": f"\x1b[31m--- FAIL: TestX\x1b[0m token {token}\n"})
    escaped = escaped.replace('": "', '":"').replace('", "', '","').replace("_", "\\u005f")  # as test2json writes it
    assert "\\u001b" in escaped and token not in escaped
    assert event_output(escaped.encode()) == f"--- FAIL: TestX token {token}"
    f = extract_facts(f"{escaped}\nFAIL\texample.com/x\t0.01s\n".encode())
    assert token not in f.excerpt and "--- FAIL: TestX token" in f.excerpt


@pytest.mark.parametrize(
    "text",
    [
        '{"Time":"2026-11-30T12:52:48Z","Action":"fail","Package":"example.com/calc","Elapsed":0}',  # not output
        '{"Action":"output","Output":"--- FAIL: cut off',  # not JSON
        '{"Action":"output","Output":7}',  # no text
        '["Action":"output"]',
        '{"Action":"output"' + "[" * 100_000,  # nested past the parser's depth
        "--- FAIL: TestX (0.00s)",
    ],
)
def test_what_is_not_an_output_event_stays_as_it_is(text: str) -> None:
    assert event_output(text.encode()) is None


def test_an_event_carrying_a_newline_stays_one_line() -> None:
    assert event_output(b'{"Action":"output","Output":"a\\nb\\n"}') == "a b"
