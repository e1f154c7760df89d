"""Test-event streams printed into a log, read as the output lines their events carry.

`go test -json` (test2json) writes one JSON object per line instead of the test output: a line
of output is `{"Time":...,"Action":"output","Package":...,"Test":...,"Output":"--- FAIL: TestX\\n"}`,
and `run`/`pass`/`fail`/`skip` events mark each test's life. A CI that runs it without a reader
(`go test -json ./... | tee report.json`) shows the events. Every parser and the excerpt read an
output event as the line it carries, cleaned as that line of plain output would be, so
`--- FAIL:`, `calc_test.go:7:` and panics parse exactly as in `go test -v` output, at the event's
own line number. The other events keep their JSON: they are short, and say which test ended how.
"""

from __future__ import annotations

from remediate.facts.reader import clean_line

_OUTPUT = b'"Action":"output"'  # as encoding/json writes it: no spaces


def event_output(raw: bytes) -> str | None:
    """The cleaned output line a raw log line carries if it is a test output event (behind
    whatever prefix the CI put in front: a timestamp, `gh run view`'s job and step), else None.

    Decoded before cleaning: a colour code in the output is a JSON escape (`\\u001b[31m`) that
    only becomes a sequence to clean once decoded."""
    start = raw.find(b'{"')
    if start < 0 or _OUTPUT not in raw:
        return None
    import json  # here, not at import: most logs hold no event, and `remediate facts` starts on every call

    try:
        event = json.loads(raw[start:])
    except (ValueError, RecursionError):  # not JSON after all (or nested past the parser's depth)
        return None
    if not isinstance(event, dict) or event.get("Action") != "output":
        return None
    output = event.get("Output")
    if not isinstance(output, str):
        return None
    # One event is one line; a stray newline inside would shift every later line's number.
    return clean_line(output.rstrip("\n").replace("\n", " ").encode("utf-8", "replace"))
