"""docker build (BuildKit and the legacy builder) and hadolint: its default rows (`Dockerfile:2 DL3008 warning: ...`),
its `-f gnu` rows (`hadolint:Dockerfile:2: DL3008 warning: ...`) and its `-f json` array, printed on one line
(`[{"code":"DL3008","column":1,"file":"Dockerfile","level":"warning","line":2,"message":"..."},...]`)."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import (
    JSON_STRING,
    Findings,
    Found,
    LineRules,
    Parser,
    Regex,
    Rule,
    level_of,
    plain,
    scan_with,
    state,
)
from remediate.facts.parsers.handlers import evidence, record, verdict
from remediate.facts.parsers.jsonreport import json_text
from remediate.models import Category

_SUMMARY_STEP = Regex(r"^\s*> \[(?:[\w.-]+ )?\d+/\d+\] .+:$")
STEP_TAIL = 8  # output lines of a failed BuildKit step kept as evidence
# BuildKit since 0.9: `"/x": not found`; BuildKit 0.8 (Docker 20.10): `"/x" not found: not found`
_NOT_FOUND = Regex(r'"/?([^"]+)"(?:: not found| not found: not found)$')
_PARSE_LINE = Regex(r"(?i:dockerfile) parse error (?:on )?line (\d{1,9})\b")


@state
class _Build:
    found: Findings = field(default_factory=lambda: Findings(tool="docker"))
    stages: dict[str, tuple[int, str]] = field(default_factory=dict)  # BuildKit step id -> (header line, instruction)
    outputs: dict[str, list[int]] = field(default_factory=dict)  # BuildKit step id -> its last output lines
    in_summary: bool = False  # inside BuildKit's `------` fence around the failed step
    dockerfile_line: tuple[str, int] | None = None  # the last `Dockerfile:N` reference
    last_step: str | None = None  # the legacy builder's current `Step N/M : ...`
    # The BuildKit step whose command prints now, by its last `#N ...` line: its output lines are read without
    # their `#N 0.464 ` (parsers.taskprefix.unbuildkitted); None after its `#N DONE`, `CACHED` or `ERROR`.
    current: str | None = None


def _step_output(st: _Build, no: int, m: re.Match[str]) -> None:
    _keep_output(st, m.group(1), no)


def _keep_output(st: _Build, step: str, no: int) -> None:
    """Line `no` printed by `step`'s command, among the last STEP_TAIL kept for it."""
    tail = st.outputs.setdefault(step, [])
    tail.append(no)
    del tail[:-STEP_TAIL]


def _step_line(st: _Build, _no: int, m: re.Match[str]) -> bool:
    """Follows which step prints (see _Build.current); the line is then read by the rules after this one."""
    st.current = None if m.group(2) in ("DONE", "CACHED", "ERROR:") else m.group(1)
    return False


def _bare_output(st: _Build, no: int, _m: re.Match[str]) -> None:
    if st.current is not None:
        _keep_output(st, st.current, no)


def _stage(st: _Build, no: int, m: re.Match[str]) -> None:
    st.found.seen = True
    st.stages[m.group(1)] = (no, m.group(5))


def _build_started(st: _Build, _no: int, _m: re.Match[str]) -> None:
    st.found.seen = True


def _step_error(st: _Build, no: int, m: re.Match[str]) -> bool:
    if "failed to solve" in m.string:
        return False
    step_id = m.string[1:].split(" ", 1)[0]
    header, step = st.stages.get(step_id, (None, None))
    if header is not None:
        st.found.mark(header, 9.0)
    for out in st.outputs.get(step_id, []):
        st.found.mark(out, 7.0)
    st.found.error(no, f"{step}: {m.group(1)}" if step else m.group(1), code="step", weight=9.0)
    return True


def _fence(st: _Build, _no: int, _m: re.Match[str]) -> None:
    st.in_summary = not st.in_summary and st.found.seen


def _failed_solve(st: _Build, no: int, m: re.Match[str]) -> None:
    message = m.group(1) or m.string
    parse_line = _PARSE_LINE.search(message)
    file, at = st.dockerfile_line or ("Dockerfile", int(parse_line.group(1)) if parse_line else None)
    code = "missing-file" if _NOT_FOUND.search(message) else "solve"
    st.found.error(no, message, file=file, at=at, code=code, weight=10.0)


def _dockerfile_ref(st: _Build, no: int, m: re.Match[str]) -> None:
    st.dockerfile_line = (m.group(1), int(m.group(2)))
    st.found.mark(no, 8.0)


def _legacy_step(st: _Build, no: int, m: re.Match[str]) -> None:
    st.found.seen = True
    st.last_step = m.group(3)
    st.found.mark(no, 2.0)


def _legacy_fail(st: _Build, no: int, m: re.Match[str]) -> None:
    text = m.string
    st.found.error(
        no,
        f"{st.last_step}: {text}" if st.last_step else text,
        file="Dockerfile",
        code=f"exit {m.group(2)}",
        weight=10.0,
    )


# BuildKit's step lines start `#` and the step's number (`#` alone starts a shell comment, echoed in many logs)
_STEP = tuple(f"#{digit}" for digit in "0123456789")
_BUILD_RULES = LineRules[_Build](
    Rule(r"^#(\d+) \d+\.\d+ ", _step_output, starts=_STEP),
    Rule(r"^#(\d+) (\S+)", _step_line, starts=_STEP),
    Rule(r"^#(\d+) \[(?:([\w.-]+) )?(\d+)/(\d+)\] (.+)$", _stage, starts=_STEP),
    # a build may fail before any numbered stage (a Dockerfile that does not parse): its first step is BuildKit's
    Rule(r"^#\d+ \[internal\] load build definition from ", _build_started, starts=_STEP),
    Rule(r"^#\d+ ERROR: (.*)$", _step_error, starts=_STEP),
    # BuildKit's summary of the failed step is fenced by these (a summary only after a step was seen)
    Rule(r"\s*------\s*\Z", _fence, has=("------",), continues=True),
    Rule(
        "",
        lambda st, no, m: st.found.mark(no, 8.0 if _SUMMARY_STEP.match(m.string) else 7.0),
        when=lambda st, _no: st.in_summary,
    ),
    Rule(
        r"^(?:#\d+ )?(?:ERROR|error): failed to (?:solve|build|compute cache key)(?:: (.*))?$",
        _failed_solve,
        has=(": failed to solve", ": failed to build", ": failed to compute cache key"),
    ),
    # Docker 20.10's client prints BuildKit's error bare, without `ERROR: ` (`failed to solve with frontend
    # dockerfile.v0: failed to create LLB definition: ...`, `failed to compute cache key: ...`, `executor failed
    # running [...]`): read only after a BuildKit step, as other tools' lines may start so too
    Rule(
        r"^(?:failed to solve with frontend [\w.]+: (?:failed to create LLB definition: )?(.*)|"
        r"failed to compute cache key: .*|executor failed running \[.*)$",
        _failed_solve,
        starts=("failed to solve with frontend ", "failed to compute cache key: ", "executor failed running ["),
        when=lambda st, _no: st.found.seen,
        continues=True,
    ),
    Rule(r"^(\S*Dockerfile[\w.-]*):(\d+)$", _dockerfile_ref, has=("Dockerfile",)),
    Rule(r"^\s*(\d+) \| >>> (.*)$", evidence(8.0), has=(">>>",)),
    Rule(r"^Step (\d+)/(\d+) : (.+)$", _legacy_step, starts="Step ", has=(" : ",)),
    Rule(r"^The command '(.+)' returned a non-zero code: (\d+)$", _legacy_fail, starts="The command '"),
    Rule("", _bare_output, when=lambda st, _no: st.current is not None, continues=True),
    continued=True,  # its rules without literals wait on state only its other rules set
)


_HADOLINT_AT = r"^(?:hadolint:)?(?P<file>\S*Dockerfile[\w.-]*|-):(?P<line>\d+):? (?P<code>(?:DL|SC)\d{4})"
_RULE_IDS = tuple(f" {kind}{digit}" for kind in ("DL", "SC") for digit in "0123456789")  # ` SC` alone: `SCRIPT`
# One finding of the JSON array: its fields in the order hadolint prints them (alphabetical).
_JSON_FINDING = Regex(
    r'\{"code":"(?P<code>(?:DL|SC)\d{4})","column":(?P<col>\d+),"file":"(?P<file>[^"]*)","level":"(?P<level>\w+)",'
    rf'"line":(?P<line>\d+),"message":(?P<msg>{JSON_STRING})\}}'
)


def _json_findings(st: Found, no: int, m: re.Match[str]) -> None:
    """The `-f json` array: its errors and warnings are records (an info or style row fails no default run)."""
    st.found.seen = True
    for finding in _JSON_FINDING.finditer(m.string):
        if finding["level"] in ("error", "warning"):
            said, at = f"{finding['level']}: {json_text(finding['msg'])}", int(finding["line"])
            level = level_of(finding["level"])
            st.found.error(no, said, file=finding["file"], at=at, code=finding["code"], severity=level)
        else:
            st.found.mark(no, 3.0)


_HADOLINT = LineRules[Found](
    Rule(rf"{_HADOLINT_AT} (?P<level>error|warning): (?P<msg>.+)$", record(message="{level}: {msg}"), has=_RULE_IDS),
    Rule(rf"{_HADOLINT_AT} (?:info|style): .+$", verdict(3.0), has=_RULE_IDS),
    Rule(r'^\[\{"code":"(?:DL|SC)\d{4}",', _json_findings, starts='[{"code":"'),
)


DOCKER = Parser(tool="docker", category=Category.DOCKERFILE, parse=scan_with(_BUILD_RULES, lambda _view: _Build()))
HADOLINT = Parser(tool="hadolint", category=Category.DOCKERFILE, parse=scan_with(_HADOLINT, plain("hadolint")))
