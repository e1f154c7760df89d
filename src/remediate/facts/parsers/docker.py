"""docker build (BuildKit and the legacy builder) and hadolint."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Rule, evidence
from remediate.facts.view import View
from remediate.models import Category

_FAILED_SOLVE = re.compile(r"^(?:#\d+ )?(?:ERROR|error): failed to (?:solve|build|compute cache key)(?:: (.*))?$")
_STEP_ERROR = re.compile(r"^#\d+ ERROR: (.*)$")
_STAGE = re.compile(r"^#(\d+) \[(?:([\w.-]+) )?(\d+)/(\d+)\] (.+)$")
_STEP_OUTPUT = re.compile(r"^#(\d+) \d+\.\d+ ")
_SUMMARY_STEP = re.compile(r"^\s*> \[(?:[\w.-]+ )?\d+/\d+\] .+:$")
STEP_TAIL = 8  # output lines of a failed BuildKit step kept as evidence
_DOCKERFILE_REF = re.compile(r"^(\S*Dockerfile[\w.-]*):(\d+)$")
_CODE_LINE = re.compile(r"^\s*(\d+) \| >>> (.*)$")
_LEGACY_STEP = re.compile(r"^Step (\d+)/(\d+) : (.+)$")
_LEGACY_FAIL = re.compile(r"^The command '(.+)' returned a non-zero code: (\d+)$")
_NOT_FOUND = re.compile(r'"/?([^"]+)": not found$')
_FENCE = re.compile(r"\s*------\s*\Z")
_ANY = re.compile("")

_HADOLINT = re.compile(r"^(\S*Dockerfile[\w.-]*|-):(\d+) ((?:DL|SC)\d{4}) (error|warning|info|style): (.+)$")


@dataclass
class _Build:
    found: Findings = field(default_factory=lambda: Findings(tool="docker"))
    stages: dict[str, tuple[int, str]] = field(default_factory=dict)  # BuildKit step id -> (header line, instruction)
    outputs: dict[str, list[int]] = field(default_factory=dict)  # BuildKit step id -> its last output lines
    in_summary: bool = False  # inside BuildKit's `------` fence around the failed step
    dockerfile_line: tuple[str, int] | None = None  # the last `Dockerfile:N` reference
    last_step: str | None = None  # the legacy builder's current `Step N/M : ...`


def _step_output(st: _Build, no: int, m: re.Match[str]) -> None:
    tail = st.outputs.setdefault(m.group(1), [])
    tail.append(no)
    del tail[:-STEP_TAIL]


def _stage(st: _Build, no: int, m: re.Match[str]) -> None:
    st.found.seen = True
    st.stages[m.group(1)] = (no, m.group(5))


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
    file, at = st.dockerfile_line or ("Dockerfile", None)
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


_BUILD_RULES = LineRules[_Build](
    Rule(_STEP_OUTPUT, _step_output, starts="#"),
    Rule(_STAGE, _stage, starts="#"),
    Rule(_STEP_ERROR, _step_error, starts="#"),
    Rule(_FENCE, _fence, has=("------",)),  # BuildKit's summary of the failed step is fenced by these
    Rule(
        _ANY,
        lambda st, no, m: st.found.mark(no, 8.0 if _SUMMARY_STEP.match(m.string) else 7.0),
        when=lambda st, _no: st.in_summary,
    ),
    Rule(_FAILED_SOLVE, _failed_solve, has=("failed to ",)),
    Rule(_DOCKERFILE_REF, _dockerfile_ref, has=("Dockerfile",)),
    Rule(_CODE_LINE, evidence(8.0), has=(">>>",)),
    Rule(_LEGACY_STEP, _legacy_step, starts="Step ", has=(" : ",)),
    Rule(_LEGACY_FAIL, _legacy_fail, starts="The command '"),
)


def parse_docker(view: View) -> Findings:
    st = _Build()
    _BUILD_RULES.run(st, view.lines)
    return st.found


def parse_hadolint(view: View) -> Findings:
    found = Findings(tool="hadolint")
    for line in view.lines:
        text = line.text
        if ("DL" in text or "SC" in text) and ":" in text:
            m = _HADOLINT.match(text)
            if m:
                level = m.group(4)
                if level in ("error", "warning"):
                    found.error(line.no, f"{level}: {m.group(5)}", file=m.group(1), at=int(m.group(2)), code=m.group(3))
                else:
                    found.seen = True
                    found.mark(line.no, 3.0)
    return found


DOCKER = Parser(tool="docker", category=Category.DOCKERFILE, parse=parse_docker)
HADOLINT = Parser(tool="hadolint", category=Category.DOCKERFILE, parse=parse_hadolint)
