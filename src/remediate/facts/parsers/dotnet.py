""".NET builds: the C#, VB and F# compilers in MSBuild's diagnostic shape, which `dotnet build`,
`msbuild`, mono's `xbuild` and `mcs`/`csc` all print: `FILE(LINE,COL): error CS0029: MESSAGE`,
followed under MSBuild by the project it belongs to (` [/path/App.csproj]`). A project-level error
names the project instead (`App.csproj : error NU1101: ...`), or the tool (`CSC : error CS5001: ...`).

The errors are build failures (the compilers' CS, BC and FS codes, MSBuild's MSB, the SDK's
NETSDK), except NuGet's restore errors (NU1xxx: a package or version not found, a conflict, a
downgrade), which classify reads by their code as dependency failures. Warnings are not the failure (with
`-warnaserror` they are printed as errors)."""

from __future__ import annotations

import re

from remediate.facts.parsers.base import Found, LineRules, Parser, Rule, plain, scan_with
from remediate.facts.parsers.handlers import summary, verdict
from remediate.models import Category

_TOOLS = {"cs": "csc", "vb": "vbc", "fs": "fsc", "fsx": "fsc"}
_PROJECT = r"\S+?\.(?:csproj|vbproj|fsproj|proj|sln|slnx|targets|props)"


def _without_project(message: str) -> str:
    """The message without the ` [/path/App.csproj]` MSBuild appends to each diagnostic."""
    if message.endswith("]") and " [" in message:
        head, _sep, project = message.rpartition(" [")
        if re.fullmatch(rf"{_PROJECT}(?:::\S+)?\]", project):
            return head
    return message


def _error(st: Found, no: int, m: re.Match[str]) -> None:
    code = m["code"]
    g = m.groupdict()
    file = g.get("file")
    extension = file.rpartition(".")[2].lower() if file else ""
    if code.startswith("NU"):
        tool = "nuget"
    else:
        tool = _TOOLS.get(extension) or (m["tool"].lower() if g.get("tool") else "msbuild")
    line, col = g.get("line"), g.get("col")
    st.found.error(
        no,
        _without_project(m["msg"]),
        file=file,
        at=int(line) if line else None,
        column=int(col) if col else None,
        code=code,
        tool=tool,
    )


_CODE = r"(?P<code>CS\d{4}|BC\d{5}|FS\d{4}|MSB\d{4}|NETSDK\d{4}|NU\d{4}|CA\d{4}|IDE\d{4})"
_RULES = LineRules[Found](
    Rule(
        r"^(?P<file>\S+?\.(?:cs|vb|fs|fsx))\((?P<line>\d+)(?:,(?P<col>\d+))?(?:,\d+,\d+)?\): (?:fatal )?error "
        rf"{_CODE}: (?P<msg>.+)$",
        _error,
        has=("): error ", "): fatal error "),
    ),
    Rule(
        rf"^(?:(?P<file>{_PROJECT})(?:\((?P<line>\d+),(?P<col>\d+)\))?|(?P<tool>CSC|VBC|FSC|MSBUILD)) ?: "
        rf"error {_CODE}: (?P<msg>.+)$",
        _error,
        has=(": error ",),
    ),
    Rule(r"^Build FAILED\.$|^Compilation failed: \d+ error", verdict(8.0), starts=("Build FAILED.", "Compilation f")),
    Rule(r"^\s*(?P<errors>[1-9]\d*) Error\(s\)$", summary(7.0), ends=" Error(s)"),
)


PARSER = Parser(tool="dotnet", category=Category.BUILD, parse=scan_with(_RULES, plain("dotnet")))
