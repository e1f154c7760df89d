"""Dockerfile facts with no model and no container engine: instructions, stages, layers and
cache hygiene, computed from the text; hadolint findings from the real hadolint."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, ValidationError

# Instructions that add a filesystem layer to the image.
LAYER_INSTRUCTIONS = frozenset({"RUN", "COPY", "ADD"})
# Packages that compile things; in a final stage they only add size.
BUILD_TOOLCHAIN = re.compile(
    r"^(?:build-essential|gcc|g\+\+|make|cmake|clang|pkg-config|autoconf|automake|libtool|[\w.+-]+-dev|"
    r"python3?-dev|rustc|cargo|golang(?:-go)?)$"
)
_HEREDOC = re.compile(r"<<-?\s*[\"']?(\w+)[\"']?")
_ESCAPE = re.compile(r"^#\s*escape\s*=\s*(\S)", re.IGNORECASE)

# A Dockerfile by its name: Dockerfile, Dockerfile.prod, Containerfile, app.dockerfile (any directory).
DOCKERFILE_NAME = re.compile(r"(?:^|/)(?:Dockerfile|Containerfile)(?:\.[\w.-]+)?$|\.dockerfile$")


@dataclass(frozen=True)
class Instruction:
    line: int
    keyword: str
    args: str
    stage: int


@dataclass(frozen=True)
class Finding:
    line: int
    code: str
    message: str

    def text(self) -> str:
        return f"line {self.line} {self.code}: {self.message}"


@dataclass
class DockerfileStats:
    path: str
    instructions: list[Instruction] = field(default_factory=list)
    hygiene: list[Finding] = field(default_factory=list)

    @property
    def stages(self) -> int:
        return max((i.stage for i in self.instructions), default=-1) + 1

    def final(self) -> list[Instruction]:
        last = self.stages - 1
        return [i for i in self.instructions if i.stage == last]

    @property
    def final_layers(self) -> int:
        return sum(1 for i in self.final() if i.keyword in LAYER_INSTRUCTIONS)

    @property
    def final_runs(self) -> int:
        return sum(1 for i in self.final() if i.keyword == "RUN")

    def numbers(self) -> dict[str, int]:
        return {
            "instructions": len(self.instructions),
            "stages": self.stages,
            "final_stage_layers": self.final_layers,
            "final_stage_run": self.final_runs,
            "hygiene_findings": len(self.hygiene),
        }


def parse_dockerfile(text: str) -> list[Instruction]:
    """Logical instructions with their first physical line; continuations and heredocs joined."""
    lines = text.splitlines()
    escape = "\\"
    for raw in lines[:5]:
        if m := _ESCAPE.match(raw.strip()):
            escape = m.group(1)
    out: list[Instruction] = []
    stage = -1
    i = 0
    while i < len(lines):
        raw = lines[i].strip()
        start = i + 1
        i += 1
        if not raw or raw.startswith("#"):
            continue
        parts = [raw]
        while parts[-1].endswith(escape) and i < len(lines):
            parts[-1] = parts[-1][: -len(escape)]
            nxt = lines[i].strip()
            i += 1
            if nxt.startswith("#"):
                parts.append(escape)  # comments inside a continuation are dropped, the continuation goes on
                continue
            parts.append(nxt)
        if parts[-1] == escape:
            parts[-1] = ""
        logical = " ".join(p for p in parts if p).strip()
        if m := _HEREDOC.search(logical):
            delimiter = m.group(1)
            body: list[str] = []
            while i < len(lines) and lines[i].strip() != delimiter:
                body.append(lines[i])
                i += 1
            i += 1
            logical += "\n" + "\n".join(body)
        keyword, _, args = logical.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            stage += 1
        out.append(Instruction(line=start, keyword=keyword, args=args.strip(), stage=max(stage, 0)))
    return out


def _apt_packages(args: str) -> list[str]:
    packages: list[str] = []
    for m in re.finditer(r"apt-get\s+(?:-\S+\s+)*install\s+([^;&|]+)", args):
        for word in m.group(1).split():
            if not word.startswith("-") and word != "\\":
                packages.append(word.split("=", 1)[0])
    return packages


def hygiene(instructions: list[Instruction]) -> list[Finding]:
    """Layer and cache problems a reviewer would flag; each with the line it is on."""
    findings: list[Finding] = []
    final_stage = max((i.stage for i in instructions), default=0)
    env_no_pip_cache = any(i.keyword == "ENV" and "PIP_NO_CACHE_DIR" in i.args for i in instructions)
    previous: Instruction | None = None
    for ins in instructions:
        if ins.keyword == "RUN":
            if previous is not None and previous.keyword == "RUN" and previous.stage == ins.stage:
                findings.append(Finding(ins.line, "consecutive-run", "consecutive RUN instructions: one layer each"))
            findings += _run_findings(ins, env_no_pip_cache, final=ins.stage == final_stage)
        findings += _copy_findings(ins, instructions)
        previous = ins
    return findings


def _run_findings(ins: Instruction, env_no_pip_cache: bool, *, final: bool) -> list[Finding]:
    """A RUN's package-manager hygiene: apt's cache and recommends, pip's cache, a toolchain left in
    the final image."""
    args = ins.args
    findings: list[Finding] = []
    updates = "apt-get update" in args
    installs = bool(re.search(r"apt-get\s+(?:-\S+\s+)*install\b", args))
    if updates and not installs:
        findings.append(
            Finding(ins.line, "apt-update-alone", "apt-get update in a RUN that installs nothing (stale cache)")
        )
    if (updates or installs) and "/var/lib/apt/lists" not in args:
        findings.append(Finding(ins.line, "apt-lists-kept", "apt lists not removed in the same RUN"))
    if installs and "--no-install-recommends" not in args:
        findings.append(Finding(ins.line, "apt-recommends", "apt-get install without --no-install-recommends"))
    pip_installs = re.search(r"\bpip3?\s+install\b|-m\s+pip\s+install\b", args)
    if pip_installs and "--no-cache-dir" not in args and not env_no_pip_cache:
        findings.append(Finding(ins.line, "pip-cache", "pip install without --no-cache-dir"))
    toolchain = [p for p in _apt_packages(args) if BUILD_TOOLCHAIN.match(p)] if final else []
    if toolchain:
        findings.append(
            Finding(ins.line, "toolchain-in-final", f"build toolchain in the final stage: {', '.join(toolchain)}")
        )
    return findings


def _copy_findings(ins: Instruction, instructions: list[Instruction]) -> list[Finding]:
    """ADD where COPY is meant; `COPY .` before an install step of its stage (the install reruns on any change)."""
    if ins.keyword == "ADD" and not re.search(r"https?://|\.tar(?:\.\w+)?\b|\.tgz\b", ins.args):
        return [Finding(ins.line, "add-not-copy", "ADD of local files: COPY says what it does")]
    if ins.keyword == "COPY" and re.match(r"^(?:--\S+\s+)*\.\s+\S+$", ins.args) and _installs_later(ins, instructions):
        why = "COPY . before an install step: any change busts its cache"
        return [Finding(ins.line, "copy-all-before-install", why)]
    return []


def _installs_later(ins: Instruction, instructions: list[Instruction]) -> bool:
    """Whether a later RUN of the same stage installs something."""
    return any(
        i.keyword == "RUN" and i.stage == ins.stage and i.line > ins.line and re.search(r"install", i.args)
        for i in instructions
    )


def analyse(path: str, text: str) -> DockerfileStats:
    instructions = parse_dockerfile(text)
    return DockerfileStats(path=path, instructions=instructions, hygiene=hygiene(instructions))


class HadolintFinding(BaseModel):
    model_config = ConfigDict(extra="ignore")

    code: str
    level: str
    line: int
    message: str


def parse_hadolint_json(output: str) -> list[HadolintFinding] | None:
    """hadolint -f json output, or None when it is not that."""
    start = output.find("[")
    if start < 0:
        return None
    try:
        raw = json.loads(output[start : output.rfind("]") + 1])
    except json.JSONDecodeError:
        return None
    if not isinstance(raw, list):
        return None
    findings: list[HadolintFinding] = []
    for item in raw:
        try:
            findings.append(HadolintFinding.model_validate(item))
        except ValidationError:
            continue
    return findings
