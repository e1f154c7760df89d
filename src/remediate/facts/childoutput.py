"""A child process's output that reaches the log only quoted, inside the error object Node prints for a command
that failed: execa's and child_process.execSync's errors carry the child's `stdout`, `stderr` (and execa's `all`) as
fields, and Node's util.inspect prints each as a string literal, one line of the child's output to a line of the
log, each but the last ending in `\\n` and joined by ` +` (`  stderr: 'remote: Permission ... denied.\\n' +`, then
`    "fatal: unable to access '...': ... error: 403",`: single quotes, or double where the text holds one). The
parsers read those lines unquoted, as the child printed them, at the same line numbers: a script that died on the
rejected promise printed nothing else of what its command said. Only inside such an object: util.inspect opens an
error's own fields after its stack's last frame (`    at async /w/release.js:3:3 {`) and closes them with `}`."""

from __future__ import annotations

from dataclasses import replace

from remediate.facts.lazyregex import Regex
from remediate.facts.view import Line, View

_FRAME_OPENS = Regex(r"^ {4}at \S.* \{$")  # an error's last stack frame, its own fields below it
_CLOSES = "}"
_FIELD = Regex(r"^ {2}(?:stdout|stderr|all): (?P<q>['\"])(?P<text>.*?)(?P<nl>\\n)?(?P=q)(?P<more> \+)?,?$")
_PIECE = Regex(r"^ {4}(?P<q>['\"])(?P<text>.*?)(?P<nl>\\n)?(?P=q)(?P<more> \+)?,?$")
_ESCAPES = {"\\'": "'", '\\"': '"', "\\\\": "\\", "\\t": "\t"}
_ESCAPE = Regex(r"\\['\"\\t]")
MAX_OBJECT_LINES = 400  # an error object's fields; a longer run is not one


def unquoted_child_output(view: View) -> View:
    """The view with each line of a child's output quoted in a printed Node error object as the child printed it."""
    if not any(line.text.startswith(("  stderr: ", "  stdout: ", "  all: ")) for line in view.lines):
        return view
    lines = list(view.lines)
    inside, continued = 0, False  # lines left of the open object; whether the last literal went on with ` +`
    for i, line in enumerate(lines):
        text = line.text
        if _FRAME_OPENS.match(text):
            inside, continued = MAX_OBJECT_LINES, False
            continue
        if not inside or text == _CLOSES:
            inside = 0
            continue
        inside -= 1
        m = (_PIECE if continued else _FIELD).match(text)
        continued = bool(m and m.group("more"))
        if m:
            lines[i] = Line(line.no, _ESCAPE.sub(lambda e: _ESCAPES[e.group(0)], m.group("text")), line.raw)
    return replace(view, lines=lines)
