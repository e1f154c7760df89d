""".NET builds: the C#, VB and F# compilers in MSBuild's diagnostic shape, which `dotnet build`,
`msbuild`, mono's `xbuild` and `mcs`/`csc` all print: `FILE(LINE,COL): error CS0029: MESSAGE`,
followed under MSBuild by the project it belongs to (` [/path/App.csproj]`). A project-level error
names the project instead (`App.csproj : error NU1101: ...`), or the tool (`CSC : error CS5001: ...`).

The errors are build failures (the compilers' CS, BC and FS codes, MSBuild's MSB, the SDK's
NETSDK), except NuGet's restore errors (NU1xxx: a package or version not found, a conflict, a
downgrade), which classify reads by their code as dependency failures. Warnings are not the failure (with
`-warnaserror` they are printed as errors).

`dotnet test` (VSTest's console logger, whichever framework: xUnit, NUnit, MSTest) reports a failed
test as `  Failed NAME [4 ms]`, then `  Error Message:` with the assertion's lines, then
`  Stack Trace:` whose frames name the source line (`at NS.Class.Test() in /path/T.cs:line 12`),
and ends with `Failed!  - Failed: 1, Passed: 2, ...`."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, Found, LineRules, Parser, Regex, Rule, plain, scan_with, state
from remediate.facts.parsers.handlers import summary, verdict
from remediate.facts.view import View
from remediate.models import Category

_TOOLS = {"cs": "csc", "vb": "vbc", "fs": "fsc", "fsx": "fsc"}
_PROJECT = r"\S+?\.(?:csproj|vbproj|fsproj|vcxproj|proj|sln|slnx|targets|props)"


def without_project(message: str) -> str:
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
        without_project(m["msg"]),
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


# ------------------------------------------------------------------ dotnet test (VSTest's console logger)

TRACE_WITHIN = 40  # lines after a failed test's header in which its message and stack trace come
_MESSAGE_LINES = 4  # lines of an `Error Message:` kept in the test's message


@state
class _Tests:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="vstest"))
    failing: tuple[int, str] | None = None  # (log line, test) whose message and trace may follow

    def describing(self, no: int) -> bool:
        return self.failing is not None and no - self.failing[0] <= TRACE_WITHIN


def _failed_test(st: _Tests, no: int, m: re.Match[str]) -> None:
    st.failing = (no, m["test"])
    st.found.test(no, m["test"])


def _error_message(st: _Tests, no: int, _m: re.Match[str]) -> None:
    """`Error Message:` and the assertion's lines below it, up to `Stack Trace:`."""
    assert st.failing is not None
    said: list[str] = []
    for nxt in st.view.after(no, _MESSAGE_LINES):
        text = nxt.text.strip()
        if not text or text == "Stack Trace:":
            break
        said.append(text)
        st.found.mark(nxt.no, 8.0)
    if said:
        st.found.test(st.failing[0], st.failing[1], message=" ".join(said))


_SOURCE_LINE = Regex(r" in (?P<file>[^ ]?[^:]*(?::\\[^:]*)?\.(?:cs|vb|fs)):line (?P<line>\d+)$")


def _frame(st: _Tests, no: int, m: re.Match[str]) -> bool:
    """The first frame of a failed test's trace that has a source line (`at NS.C.T() in FILE:line N`):
    where it failed. The file is what follows the frame's last ` in `."""
    assert st.failing is not None
    text = m.string
    place = _SOURCE_LINE.search(text, text.rfind(" in "))
    if place is None:
        return False
    first, test = st.failing
    message = next((t.message for t in st.found.tests if t.id == test and t.message), None) or test
    st.found.test(first, test, file=place["file"])
    st.found.error(no, message, file=place["file"], at=int(place["line"]), code="test")
    st.failing = None
    return True


_TEST_RULES = LineRules[_Tests](
    # `  Failed Shop.Tests.CartTests.Total_AddsPrices [4 ms]` (`[< 1 ms]`, `[1 s]`).
    # its duration's unit ends the line: rarer than `Failed ` within one
    Rule(r"^\s*Failed (?P<test>\S.*?) \[(?:< )?\d[\d.]* ?(?:ms|s|m)\]$", _failed_test, ends=("s]", "m]")),
    Rule(r"^\s*Error Message:$", _error_message, ends="Error Message:", when=_Tests.describing),
    Rule(
        r"^\s*at \S",
        _frame,
        has=(":line ",),
        when=_Tests.describing,
    ),
    Rule(
        r"^(?:Failed|Passed)! +- Failed: +(?P<failed>\d+), Passed: +\d+",
        summary(9.0),
        starts=("Failed!", "Passed!"),
    ),
)

VSTEST = Parser(tool="vstest", category=Category.TEST, parse=scan_with(_TEST_RULES, lambda view: _Tests(view)))
