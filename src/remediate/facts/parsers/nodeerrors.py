"""Node's report of an uncaught exception, whatever script it ran (a build script, a config loader,
a CLI): the throwing file and line alone (`/app/build.js:3`, or Node's own `node:internal/...:N`, `node:events:N`),
the source line and a caret under it, then `CLASS: MESSAGE` (`Error [CODE]: ...` for Node's coded
errors) and the `    at ...` frames. The report is recorded once, at the project's frame: the
header's file, else the first frame outside Node and node_modules."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Regex, Rule, scan_with, state
from remediate.facts.view import View
from remediate.models import Category

HEADER_WITHIN = 3  # lines from the header to its caret (the source line between)
ERROR_WITHIN = 3  # lines from the caret to the error (a blank line between)
FRAMES_WITHIN = 20  # lines below the error in which its frames come (a `Require stack:` first)
_INTERNAL = ("node:", "internal/", "module.js")
# A V8 stack frame, Node's and every JavaScript runner's on it: `    at fn (/app/src/a.js:3:9)`, `    at
# /app/src/a.js:3:9`, `    at file:///app/a.mjs:3:9`. FRAME_AT is its start (what finds a stack by its first frame),
# V8_FRAME the whole line, which takes the place's pattern as `{place}`: each reader bounds the path as it needs (any
# here, a JavaScript file in jsrunners). Bun's, Deno's and grunt-contrib-qunit's frames are read apart (see there).
FRAME_AT = r"^\s+at "
V8_FRAME = FRAME_AT + r"(?:.*? \()?{place}\)?$"
_FRAME = Regex(V8_FRAME.format(place=r"(?:file://)?(?P<file>[^\s()]+?):(?P<line>\d+):\d+"))
# The file at the head of Node's report, the script that threw (`/app/build.js`, `file:///app/a.mjs` for an ES
# module, `C:\app\a.js`), the line number after it: every script Node runs, TypeScript's and CoffeeScript's
# through their loaders. SCRIPT is its path, as each reader bounds its characters (`{path}`: any non-space here;
# triage.reports' leaves node_modules out and bounds the length), and its extension; SCRIPT_ROOT where its path
# starts (an absolute path, an ES module's URL, a drive).
SCRIPT = r"{path}\.(?:[cm]?[jt]s|[jt]sx|coffee)"
SCRIPT_ROOT = r"(?:/|file:///|[A-Za-z]:\\)"
# The head's whole line, the script or Node's own module that threw (`node:internal/modules/esm/resolve:283`, Node
# 12-14's `internal/modules/cjs/loader.js:883`, 8's `module.js:549`, a public module's `node:events:502`: an 'error'
# event no listener took, rethrown by EventEmitter.emit), and the line: this parser's header and nodetest's search for
# the report above a test file that died loading read it so. Node's module is never the project's: the report is
# read at the first frame of the project's below it, whichever of Node's modules heads it.
REPORT_HEAD = (
    r"(?P<file>"
    + SCRIPT_ROOT
    + SCRIPT.format(path=r"\S*?")
    + r"|node:[a-z_]+|(?:node:)?internal/\S+?|module\.js):(?P<line>\d+)$"
)


@state
class _State:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="node"))
    header: tuple[int, str | None, int | None] | None = None  # (log line, project file, line)
    caret: int = -9  # the log line of the caret under the source line

    def headed(self, no: int) -> bool:
        return self.header is not None and no - self.header[0] <= HEADER_WITHIN

    def pointed(self, no: int) -> bool:
        return self.header is not None and no - self.caret <= ERROR_WITHIN


def _header(st: _State, no: int, m: re.Match[str]) -> None:
    file = m["file"]
    own = not node_library(file)
    st.header = (no, file if own else None, int(m["line"]) if own else None)


def node_library(file: str) -> bool:
    """A frame's file that is Node's own or an installed package's (under node_modules), not the project's code."""
    return file.startswith(_INTERNAL) or file.startswith("node_modules/") or "/node_modules/" in file


def _caret(st: _State, no: int, _m: re.Match[str]) -> None:
    st.caret = no


def _error(st: _State, no: int, m: re.Match[str]) -> None:
    assert st.header is not None
    _, file, at = st.header
    if file is None:
        file, at = _project_frame(st.view, no)
    name, message = m["name"], m["msg"].strip()
    st.found.error(no, f"{name}: {message}", file=file, at=at, code=name, weight=9.0)
    st.found.mark(st.header[0], 6.0)
    st.header, st.caret = None, -9


# Node's ES module loader has no format for a file's extension (ERR_UNKNOWN_FILE_EXTENSION, Node 12 on: `Unknown file
# extension ".ts" for /app/src/cart.ts`): a TypeScript or CoffeeScript file run with no loader that reads it (plain
# `node src/a.ts`; ts-node's own command in a `"type": "module"` package, which needs `--loader ts-node/esm`). How
# the job runs the code (its loader, package.json's "type", tsconfig's module) is the fix, not the file's code: the
# configuration's. Under Node's report head, or bare as ts-node prints it; the file named is the one refused.
_UNKNOWN_EXTENSION = (
    r'^(?:# )?(?P<said>TypeError(?: \[ERR_UNKNOWN_FILE_EXTENSION\])?: Unknown file extension "[^"\s]{1,20}" for '
    r"(?:file://)?(?P<file>\S+))$"
)


def _unknown_extension(st: _State, no: int, m: re.Match[str]) -> None:
    code = "ERR_UNKNOWN_FILE_EXTENSION"
    st.found.error(no, m["said"], file=m["file"], code=code, weight=9.0, category=Category.CONFIG)
    if st.header is not None:
        st.found.mark(st.header[0], 6.0)
    st.header, st.caret = None, -9


def _project_frame(view: View, no: int) -> tuple[str | None, int | None]:
    """The first frame below the error outside Node and node_modules, within its report: the frames
    and what Node prints among them (`Require stack:` and its `- FILE` items, the error's indented
    properties in braces); any other line ends the report."""
    for line in view.after(no, FRAMES_WITHIN):
        text = line.text.removeprefix("#")  # (node --test's TAP comments: see _RULES)
        frame = _FRAME.compiled.match(text)
        if frame is None:
            if text.startswith((" ", "\t", "- ", "Require stack:", "}")):
                continue
            break
        file = frame["file"]
        if not node_library(file):
            return file, int(frame["line"])
    return None, None


# node --test (18-20, its TAP reporter, the default off a terminal) forwards a test file's stderr as TAP comments:
# the same report, each line after `# `.
_RULES = LineRules[_State](
    Rule(
        r"^(?:# )?" + REPORT_HEAD,
        _header,
        has=(".js:", ".cjs:", ".mjs:", ".jsx:", ".ts:", ".cts:", ".mts:", ".tsx:", ".coffee:", "internal/", "node:"),
    ),
    Rule(_UNKNOWN_EXTENSION, _unknown_extension, has=('Unknown file extension "',)),
    Rule(r"^(?:#)?\s*\^+\s*$", _caret, when=_State.headed),
    Rule(
        r"^(?:# )?(?P<name>[A-Z]\w*(?:Error|Exception)|Error)(?: \[[A-Z_\d]+\])?: (?P<msg>.*)$",
        _error,
        when=_State.pointed,
    ),
    continued=True,  # the caret and the error follow a header
)

# An exception means what the script was doing: no category of its own, but for what its class says
# (a SyntaxError: the code does not parse) and what its message means (a package not installed).
PARSER = Parser(tool="node", category=Category.UNKNOWN, parse=scan_with(_RULES, lambda view: _State(view)))
