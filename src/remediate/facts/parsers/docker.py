"""docker build (BuildKit and the legacy builder) and hadolint."""

from __future__ import annotations

import re

from remediate.facts.parsers.base import Findings, Parser
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

_HADOLINT = re.compile(r"^(\S*Dockerfile[\w.-]*|-):(\d+) ((?:DL|SC)\d{4}) (error|warning|info|style): (.+)$")


def parse_docker(view: View) -> Findings:
    found = Findings(tool="docker")
    stages: dict[str, tuple[int, str]] = {}  # BuildKit step id -> (header line, instruction)
    outputs: dict[str, list[int]] = {}  # BuildKit step id -> its last output lines
    in_summary = False
    dockerfile_line: tuple[str, int] | None = None
    last_step: str | None = None
    for line in view.lines:
        text = line.text
        if not text:
            continue
        if text[0] == "#":
            m = _STEP_OUTPUT.match(text)
            if m:
                tail = outputs.setdefault(m.group(1), [])
                tail.append(line.no)
                del tail[:-STEP_TAIL]
                continue
            m = _STAGE.match(text)
            if m:
                found.seen = True
                stages[m.group(1)] = (line.no, m.group(5))
                continue
            m = _STEP_ERROR.match(text)
            if m and "failed to solve" not in text:
                step_id = text[1:].split(" ", 1)[0]
                header, step = stages.get(step_id, (None, None))
                if header is not None:
                    found.mark(header, 9.0)
                for no in outputs.get(step_id, []):
                    found.mark(no, 7.0)
                found.error(line.no, f"{step}: {m.group(1)}" if step else m.group(1), code="step", weight=9.0)
                continue
        if text.strip() == "------":  # BuildKit's summary of the failed step is fenced by these
            in_summary = not in_summary and found.seen
            continue
        if in_summary:
            found.mark(line.no, 8.0 if _SUMMARY_STEP.match(text) else 7.0)
            continue
        if "failed to " in text:
            m = _FAILED_SOLVE.match(text)
            if m:
                message = m.group(1) or text
                file, at = dockerfile_line or ("Dockerfile", None)
                nf = _NOT_FOUND.search(message)
                found.error(line.no, message, file=file, at=at, code="missing-file" if nf else "solve", weight=10.0)
                continue
        if "Dockerfile" in text:
            m = _DOCKERFILE_REF.match(text)
            if m:
                dockerfile_line = (m.group(1), int(m.group(2)))
                found.mark(line.no, 8.0)
                continue
        if ">>>" in text:
            m = _CODE_LINE.match(text)
            if m:
                found.mark(line.no, 8.0)
                continue
        if text.startswith("Step ") and " : " in text:
            m = _LEGACY_STEP.match(text)
            if m:
                found.seen = True
                last_step = m.group(3)
                found.mark(line.no, 2.0)
                continue
        if text.startswith("The command '"):
            m = _LEGACY_FAIL.match(text)
            if m:
                found.error(line.no, text, file="Dockerfile", code=f"exit {m.group(2)}", weight=10.0)
                if last_step:
                    found.errors[-1:] = [found.errors[-1].model_copy(update={"message": f"{last_step}: {text}"})]
    return found


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
