"""unittest (and runners that print its format, e.g. Django's test runner)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Regex, Rule, scan_with
from remediate.facts.parsers.handlers import verdict
from remediate.models import Category

_COUNT = Regex(r"(?:failures|errors)=(\d+)")


@dataclass
class _State:
    found: Findings = field(default_factory=lambda: Findings(tool="unittest"))
    pending: tuple[int, str] | None = None  # (line, test id) waiting for its exception line

    def waiting(self, _no: int) -> bool:
        return self.pending is not None


def _header(st: _State, no: int, m: re.Match[str]) -> None:
    name, where = m.group("name"), m.group("where")
    test_id = f"{where}.{name}" if not where.endswith(name) else where
    st.found.test(no, test_id)
    st.pending = (no, test_id)


def _verbose(st: _State, no: int, m: re.Match[str]) -> None:
    name, where = m.group("name"), m.group("where")
    st.found.test(no, where if where.endswith(name) else f"{where}.{name}")


def _verdict(st: _State, no: int, m: re.Match[str]) -> None:
    verdict(9.0)(st, no, m)
    st.found.summary_failures = sum(int(n) for n in _COUNT.findall(m.group(1)))


def _exception(st: _State, no: int, m: re.Match[str]) -> None:
    assert st.pending is not None
    header_line, test_id = st.pending
    st.found.mark(no, 8.0)
    st.found.test(header_line, test_id, message=m.string)
    st.pending = None


_RULES = LineRules[_State](
    Rule(
        r"^(FAIL|ERROR|UNEXPECTED SUCCESS): (?P<name>\w+) \((?P<where>[\w.]+)\)(?:\n|$)",
        _header,
        starts=("FAIL: ", "ERROR: ", "UNEXPECTED SUCCESS: "),
    ),
    Rule(
        r"^(?P<name>\w+) \((?P<where>[\w.]+)\)(?: \.\.\.|\n).*?\b(FAIL|ERROR)$",
        _verbose,
        ends=("FAIL", "ERROR"),
        has=(" ... ",),
    ),
    Rule(r"^Ran \d+ tests? in [\d.]+s$", verdict(4.0), starts="Ran "),
    Rule(
        r"^FAILED \(((?:failures|errors|skipped|expected failures|unexpected successes)=\d+.*)\)$",
        _verdict,
        starts="FAILED (",
    ),
    Rule(
        r"^(\w+(?:\.\w+)*(?:Error|Exception|Failure)):? ?(.*)$",
        _exception,
        has=("Error", "Exception", "Failure"),
        when=_State.waiting,
    ),
)


PARSER = Parser(tool="unittest", category=Category.TEST, parse=scan_with(_RULES, lambda _view: _State()))
