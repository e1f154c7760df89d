"""behave (Python's Gherkin runner), its default `pretty` formatter: each scenario's steps with a
failed one's reason below it (`ASSERT FAILED: ...`, behave < 1.2.7 `Assertion Failed: ...`, or
a traceback), then `Failing scenarios:` / `Errored scenarios:` listing `feature:line  name`, and
the counts (`0 scenarios passed, 1 failed, 2 error, 0 skipped`)."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Rule, scan_with, state
from remediate.facts.parsers.handlers import summary
from remediate.models import Category


@state
class _Behave:
    found: Findings = field(default_factory=lambda: Findings(tool="behave"))
    scenario: str | None = None  # the feature:line of the scenario being printed
    reasons: dict[str, str] = field(default_factory=dict)  # scenario place -> why it failed
    listing: bool = False  # inside the `Failing scenarios:` list

    def in_scenario(self, _no: int) -> bool:
        return self.scenario is not None and self.scenario not in self.reasons

    def in_listing(self, _no: int) -> bool:
        return self.listing


def _scenario(st: _Behave, _no: int, m: re.Match[str]) -> None:
    st.scenario = m["place"]
    st.listing = False


def _reason(st: _Behave, no: int, m: re.Match[str]) -> None:
    if st.scenario is None:  # no scenario above it (a log cut or interleaved): no scenario's reason
        return
    st.reasons[st.scenario] = m["msg"]
    st.found.mark(no, 8.0)


def _listing(st: _Behave, no: int, _m: re.Match[str]) -> None:
    st.listing = True
    st.found.seen = True
    st.found.mark(no, 9.0)


def _listed(st: _Behave, no: int, m: re.Match[str]) -> None:
    place = f"{m['file']}:{m['line']}"
    st.found.test(no, m["name"], file=m["file"], message=st.reasons.get(place))


def _end_listing(st: _Behave, _no: int, _m: re.Match[str]) -> bool:
    st.listing = False
    return False


_RULES = LineRules[_Behave](
    # "  Scenario: Adding an item      # features/cart.feature:3" (also Outline, Rule's, localized keywords)
    # (a keyword that starts with a word character, and a lazy title up to `# `: no run of spaces is split two ways)
    Rule(r"^\s+\w[\w ]*: .+?# (?P<place>\S+\.feature:\d+)$", _scenario, has=(".feature:",)),
    Rule(
        r"^\s+(?:ASSERT FAILED|Assertion Failed): (?P<msg>.+)$", _reason, has=("ASSERT FAILED: ", "Assertion Failed: ")
    ),
    Rule(r"^\s+(?P<msg>\w+(?:\.\w+)*(?:Error|Exception)(?:: .+)?)$", _reason, when=_Behave.in_scenario),
    Rule(r"^(?:Failing|Errored) scenarios:$", _listing, ends=" scenarios:"),
    Rule(r"^\s+(?P<file>\S+\.feature):(?P<line>\d+)\s+(?P<name>\S.*)$", _listed, when=_Behave.in_listing),
    Rule(r"^\S", _end_listing, when=_Behave.in_listing),
    Rule(
        r"^\d+ scenarios? passed, (?P<failed>\d+) failed,(?: (?P<errors>\d+) error,)? \d+ skipped",
        summary(9.0),
        has=(" scenarios passed, ", " scenario passed, "),
    ),
    continued=True,  # its rules without literals wait on state only its other rules set
)

BEHAVE = Parser(tool="behave", category=Category.TEST, parse=scan_with(_RULES, lambda _view: _Behave()))
