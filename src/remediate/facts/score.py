"""The generic scorer: how much a single log line looks like failure evidence, for any tool.

Tool parsers add their own, sharper evidence; this covers everything they do not know.
Scores run from 0 (noise) to about 10 (a verdict line such as `error: ...` or `FAILED`).
"""

from __future__ import annotations

import re

# (pattern, score). The line's score is the best match, then damped by the benign patterns.
_SIGNALS: tuple[tuple[re.Pattern[str], float], ...] = (
    (re.compile(r"^##\[error\]|^::error\b"), 10.0),
    (re.compile(r"\b(?:error|ERROR|Error)(?:\[[\w-]+\])?(?::|!| -| \w+:)|^(?:ERROR|FATAL|FAILED|FAILURE)\b"), 8.0),
    (re.compile(r"\b(?:FAILED|FAILURES?|FAIL|Failed|failed|Failures?|failures?)\b"), 7.0),
    (re.compile(r"\b(?:Traceback|panicked at|panic:|fatal:|Fatal error|FATAL|Segmentation fault|core dumped)"), 9.0),
    (re.compile(r"\b\w*(?:Error|Exception)\b(?::|\s*$| \()"), 8.0),
    (re.compile(r"\b(?:exit code|exit status|exited with|returned non-zero|returned a non-zero)\b"), 7.0),
    (re.compile(r"\bnpm ERR!|\bERR!|^\s*[✖✗✘×]\s|^\s*not ok\b|\b\d+ (?:failing|failed|errors?)\b"), 7.0),
    (
        re.compile(
            r"\b(?:Assertion|assert(?:ion)?(?:Error)?|AssertionError|expect\(|Expected|Received|Actual|"
            r"expected:? .* (?:but|got|found|received)|but was|to equal|to be)\b"
        ),
        6.0,
    ),
    (
        re.compile(
            r"\b(?:No such file or directory|Permission denied|permission denied|command not found|"
            r"[Nn]ot found|[Cc]annot find|[Cc]ould not|[Cc]ouldn't|[Uu]nable to|[Cc]annot|can't|"
            r"is not defined|undefined|[Uu]nexpected|[Ii]nvalid|[Mm]issing|[Dd]enied|[Rr]efused|"
            r"[Tt]imed? ?out|[Kk]illed|[Aa]borted|[Vv]iolations?|[Mm]ismatch|does not exist|"
            r"[Ii]ncompatible|[Cc]onflict|[Uu]nsatisfiable|[Uu]nresolved|[Bb]roken|[Dd]eprecated|"
            r"not defined|[Uu]nknown (?:option|flag|command|argument)|[Uu]nrecognized|[Ff]orbidden|"
            r"[Uu]nauthorized|[Rr]ejected|[Cc]rash(?:ed)?|[Ss]tack trace|stack traceback|[Bb]acktrace)"
        ),
        4.5,
    ),
    (re.compile(r"\bwarning\b|\bWARNING\b|\bWarning\b"), 2.5),
    (re.compile(r"^\s+at |^\s*File \"|\.\w{1,6}:\d+(?::\d+)?\b|\(\S+\.\w{1,6}:\d+(?::\d+)?\)"), 2.5),
    (re.compile(r"^[-+] |^\s+[-+] |^@@ |^\s*[>|] |^\s*\^+\s*$|^E\s"), 2.0),
)
_SIGNALS = tuple(sorted(_SIGNALS, key=lambda ps: -ps[1]))
_BENIGN: tuple[tuple[re.Pattern[str], float], ...] = (
    (
        re.compile(
            r"\b0 (?:errors?|failures?|failed|problems?)\b|\b(?:errors?|failures?|failed)[:=] ?0\b|"
            r"Failures: 0, Errors: 0|\bno (?:errors|failures|issues)\b|without errors"
        ),
        0.1,
    ),
    (
        re.compile(
            r"-W(?:no-)?error|\berror_?(?:log|reporting|prone|handler|s?\.(?:c|h|go|rs|py|js|ts|java))\b|"
            r"errors?\.(?:c|h|go|rs|py|js|ts|java|o)\b|on-?error|if-no-files-found: error|"
            r"fail-fast|fail_ci_if_error|continue-on-error|allow[_-]failure|--fail-|failOnError|"
            r"set -e|ignore-errors|ErrorAction|fail-on|\bfailfast\b"
        ),
        0.3,
    ),
    (re.compile(r"\bPASS(?:ED)?\b|\bpassed\b|\bok\b|✓|✔|\bSuccess(?:fully)?\b|\bsucceeded\b"), 0.4),
    (
        re.compile(
            r"^(?:\s*(?:Downloading|Downloaded|Installing|Collecting|Requirement already satisfied|"
            r"Successfully installed|Using cached|Building wheel|Created wheel|Compiling|Checking|"
            r"Fresh|Resolving|Preparing|Unpacking|Setting up|Selecting|Get:\d|Hit:\d|Fetched|Reading)\b)"
        ),
        0.3,
    ),
    (
        re.compile(
            r"^\[(?:INFO|DEBUG)\]|^##\[(?:debug|group|endgroup|command)\]|^::(?:debug|group|endgroup)::|"
            r"\bDEBUG\b|^\s*(?:debug|trace)[:\]]"
        ),
        0.3,
    ),
)


def line_score(text: str) -> float:
    """Generic failure-evidence score of one cleaned line (0..10)."""
    if not text or len(text) < 2:
        return 0.0
    best = 0.0
    for pattern, score in _SIGNALS:
        if pattern.search(text):
            best = score
            break
    else:
        return 0.0
    for pattern, factor in _BENIGN:
        if pattern.search(text):
            best *= factor
            break
    return best


_VOLATILE = re.compile(r"0x[0-9a-fA-F]+|\b[0-9a-f]{7,64}\b|\d+(?:\.\d+)*")


def shape(text: str) -> str:
    """The line with numbers and hashes blanked: repeated lines of one shape are one message."""
    return _VOLATILE.sub("#", text.strip())[:200]
