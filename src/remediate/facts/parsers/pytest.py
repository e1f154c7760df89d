"""pytest: failures, errors, collection errors, the short summary and the final counts line."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Regex, Rule, scan_with, state
from remediate.facts.parsers.handlers import verdict
from remediate.models import Category

_COUNT = Regex(r"(\d+) (failed|errors?)\b")
# What a quiet run's final line (`1 failed, 2 passed in 0.31s`) must hold: a count of failures or errors.
_COUNTED = tuple(f"{digit} {word}" for digit in "0123456789" for word in ("failed", "error"))


@state
class _State:
    found: Findings = field(default_factory=lambda: Findings(tool="pytest"))
    section: str | None = None  # the failure section (`____ test_x ____`) being read
    e_message: str | None = None  # the first `E` line of the current failure section


def _final(st: _State, no: int, m: re.Match[str]) -> None:
    verdict(9.0 if "failed" in m.string or "error" in m.string else 3.0)(st, no, m)
    st.found.summary_failures = max(st.found.summary_failures, _failures(m.group(1)))
    st.section = None


def _section(st: _State, no: int, m: re.Match[str]) -> None:
    st.section, st.e_message = m.group(1), None
    st.found.mark(no, 6.0)


def _e_line(st: _State, no: int, m: re.Match[str]) -> bool:
    if st.section is None:
        return False
    st.found.mark(no, 7.0)
    if st.e_message is None:
        st.e_message = m.group(1).strip()
    return True


def _summary_item(st: _State, no: int, m: re.Match[str]) -> bool:
    _kind, test_id, message = m.groups()
    if "::" not in test_id and not test_id.endswith(".py"):
        return False
    st.found.seen = True
    if "::" in test_id:
        st.found.test(no, test_id, file=test_id.split("::")[0], message=message)
    else:  # an ERROR on a module: a collection error
        st.found.error(no, message or "error collecting test module", file=test_id)
    st.found.mark(no, 9.0)
    return True


def _location(st: _State, no: int, m: re.Match[str]) -> None:
    exc = m.group(3)
    if exc is None:  # an intermediate frame of the failure
        st.found.mark(no, 5.0)
        return
    assert st.section is not None
    name = _section_test(st.section)
    message = st.e_message or exc
    st.found.error(no, f"{name}: {message}", file=m.group(1), at=int(m.group(2)), code=exc, weight=7.0)


def _quiet_final(st: _State, no: int, m: re.Match[str]) -> None:
    if st.found.seen:
        st.found.mark(no, 9.0)
        st.found.summary_failures = max(st.found.summary_failures, _failures(m.group(1)))


_RULES = LineRules[_State](
    Rule(
        r"^=+ test session starts =+$|^platform \S+ -- Python \S+, pytest-",
        verdict(2.0),
        has=(" test session starts ", ", pytest-"),
    ),
    Rule(
        r"^=+ (?=.*\b(?:\d+ (?:failed|passed|errors?|skipped|xfailed|deselected|warnings?)|no tests ran)\b)(.+?) =+$",
        _final,
        ends="=",
    ),
    Rule(r"^_{3,} (.+?) _{3,}$", _section, starts="_"),
    Rule(r"^E {2,}(.*)$", _e_line, starts="E  "),
    Rule(
        r"^(FAILED|ERROR|XPASS\(strict\)) (\S+?)(?: - (.*))?$",
        _summary_item,
        starts=("FAILED ", "ERROR ", "XPASS(strict) "),
    ),
    Rule(r"^!+ (Interrupted: .+?) !+$", verdict(8.0), starts="!"),
    Rule(
        r"^(\S+\.py::\S+?)(?: \S+)? (FAILED|ERROR)(?:\s+\[\s*\d+%\])?$",
        lambda st, no, m: st.found.test(no, m.group(1), file=m.group(1).split("::")[0]),
        has=(".py::",),
        ends=("]", "FAILED", "ERROR"),
    ),
    Rule(
        r"^(\S+?\.py):(\d+):(?: (\w+(?:\.\w+)*))?$",
        _location,
        has=(".py:",),
        when=lambda st, _no: st.section is not None,
    ),
    Rule(
        r"^(?=.*\b(?:failed|errors?)\b)(\d+ \w+(?:, \d+ \w+)*) in [\d.]+s(?: \([\d:]+\))?$", _quiet_final, has=_COUNTED
    ),
)


def _failures(summary: str) -> int:
    return sum(int(n) for n, _ in _COUNT.findall(summary))


def _section_test(section: str) -> str:
    for prefix in ("ERROR at setup of ", "ERROR at teardown of ", "ERROR collecting "):
        if section.startswith(prefix):
            return section[len(prefix) :]
    return section


PARSER = Parser(tool="pytest", category=Category.TEST, parse=scan_with(_RULES, lambda _view: _State()))
