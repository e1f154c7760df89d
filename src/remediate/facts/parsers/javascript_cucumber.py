"""cucumber-js's failure report (progress and summary formatters): `1) Scenario: NAME # file.feature:2`,
its steps below (`✖` failed, `?` undefined: strict by default, an undefined step fails the run),
the failed step's error on the lines under it, and `N scenarios (K failed, U undefined, P passed)`.
Cucumber for Ruby (1.x to today) ends the same summary with its `Failing Scenarios:` list, one
rerunnable command a scenario: `cucumber [-p PROFILE] features/cart.feature:3 # Scenario: NAME`."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Regex, Rule, scan_with, state
from remediate.facts.parsers.handlers import summary
from remediate.facts.parsers.jsrunners import own_frames
from remediate.facts.view import View
from remediate.models import Category

ERROR_WITHIN = 20  # lines under a failed step in which its error and its frames come
_STEP = r"^\s+(?P<mark>[✖?]) (?P<step>.+?)(?: # (?P<file>\S+):(?P<line>\d+))?$"
_FIRST_WORDS = Regex(r"^\s+(?P<msg>\S.*)$")


@state
class _Cucumber:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="cucumber"))
    scenario: tuple[int, str, str, int] | None = None  # (log line, name, feature file, its line) of a failure


def _scenario(st: _Cucumber, no: int, m: re.Match[str]) -> None:
    st.scenario = (no, m["name"].strip(), m["file"], int(m["line"]))
    st.found.test(no, m["name"].strip(), file=m["file"])


def _step(st: _Cucumber, no: int, m: re.Match[str]) -> bool:
    """The scenario's failed (`✖`) or undefined (`?`) step: the reason the scenario failed."""
    if st.scenario is None:
        return False
    line, name, feature, at = st.scenario
    below = next(iter(st.view.after(no, 1)), None)
    said = _FIRST_WORDS.match(below.text) if below is not None else None
    message = f"{m['step']}: {said['msg'] if said else 'failed'}"
    st.found.test(line, name, file=feature, message=message)
    if m["mark"] == "?":
        st.found.error(no, message, file=feature, at=at, code="undefined-step")
        return True
    frames = own_frames(st.view, no + 1, ERROR_WITHIN)
    if frames:
        st.found.error(
            frames[0][0], message, file=frames[0][1], at=frames[0][2], column=frames[0][3], code="step-failed"
        )
    else:
        st.found.error(no, message, file=m["file"], at=int(m["line"]) if m["line"] else None, code="step-failed")
    return True


def _rerun(st: _Cucumber, no: int, m: re.Match[str]) -> None:
    st.found.test(no, m["name"].strip(), file=m["file"])
    st.found.error(no, m["name"].strip(), file=m["file"], at=int(m["line"]), code="scenario-failed", weight=8.0)


_RULES = LineRules[_Cucumber](
    Rule(
        r"^\d+\) Scenario(?: Outline)?: (?P<name>.+?) # (?P<file>\S+\.feature):(?P<line>\d+)$",
        _scenario,
        has=(") Scenario",),
    ),
    Rule(_STEP, _step, starts=("   ✖ ", "   ? ", "    ✖ ", "    ? ")),
    Rule(
        r"^cucumber (?:-p \S+ )?(?P<file>\S+\.feature):(?P<line>\d+)(?::\d+)* # Scenario(?: Outline)?: (?P<name>.+)$",
        _rerun,
        starts="cucumber ",
    ),
    Rule(
        r"^\d+ scenarios? \((?:(?P<failed>\d+) failed)?(?:, )?(?:(?P<errors>\d+) undefined)?",
        summary(8.0),
        has=(" scenario (", " scenarios ("),
    ),
)

PARSER = Parser(tool="cucumber", category=Category.TEST, parse=scan_with(_RULES, lambda view: _Cucumber(view)))
