"""The generic scorer: how much a single log line looks like failure evidence, for any tool.

Tool parsers add their own, sharper evidence; this covers everything they do not know.
Scores run from 0 (noise) to about 10 (a verdict line such as `error: ...` or `FAILED`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

from remediate.facts.lazyregex import LiteralAutomaton, Regex
from remediate.facts.verdicts import (
    PASSING_TRIGGERS,
    PASSING_WORDS,
    ZERO_TRIGGERS,
    counts_failures,
    nothing_failed,
    passing_verdict,
)

# (score, triggers, pattern): a pattern is tried only when one of its lower-case trigger strings
# occurs in the lower-cased line (empty triggers: always tried; those patterns are anchored and
# cheap). The line's score is that of the first matching pattern, highest score first, then damped
# by the first matching benign pattern.
_Rule = tuple[float, tuple[str, ...], Regex]  # (score or factor, triggers, pattern)
_SIGNALS: tuple[_Rule, ...] = (
    (10.0, ("##[error]", "::error"), Regex(r"^##\[error\]|^::error\b")),
    (
        9.0,
        ("traceback", "panic", "fatal", "segmentation fault", "core dumped"),
        Regex(r"\b(?:Traceback|panicked at|panic:|fatal:|Fatal error|FATAL|Segmentation fault|core dumped)"),
    ),
    (
        8.0,
        ("error", "fatal"),
        Regex(r"\b(?:error|ERROR|Error)(?:\[[\w-]+\])?(?::|!| -[ >]| \w+:)|\b(?:ERROR|FATAL)\b|^(?:FAILED|FAILURE)\b"),
    ),
    # An exception by its name: `ValueError: x`, `... (NoMethodError)` at the end, Elixir's and
    # Erlang's `** (MatchError) no match ...` with the name alone in parentheses before the message.
    # A class's name opens with a capital; a name in camelCase ending so is a method's or a test's
    # (PHPUnit's `3) ConsoleIOTest::testWriteError` heading a deprecation, JUnit's
    # `testParseError(...)`, a handler `onError (`), which names no exception raised.
    (
        8.0,
        ("error", "exception"),
        Regex(r"\b(?:[A-Z]\w*)?(?:Error|Exception)\b(?::|\s*$| \()|\((?:\w+\.){0,8}\w*(?:Error|Exception)\) "),
    ),
    # pytest's `E` marks the error's own lines, the first naming the exception raised at the failing source
    # line's indent (`E` and 3, 7, 11... spaces), whatever its class is called: `E   http.client.RemoteDisconnected:
    # ...`, `E       Failed: Timeout`, alone a qualified or CapWords name (`E   KeyboardInterrupt`). Not an
    # explanation's lines (`E     Differing items:`, `E   assert 1 == 2`), nor a string diff's context line that
    # lands at that indent with one plain word (`E           Alpha`). Anchored: cheap.
    (
        8.0,
        (),
        Regex(
            r"^E(?:    ){0,10}   (?:(?:[A-Za-z_]\w{0,100}\.){0,20}[A-Z]\w{0,100}: \S|"
            r"(?:[A-Za-z_]\w{0,100}\.){1,20}[A-Z]\w{0,100}\s*$|[A-Z][a-z0-9]{1,100}[A-Z]\w{0,100}\s*$)"
        ),
    ),
    (
        8.0,
        ("no space left", "out of memory", "outofmemory", "oomkilled", "quota exceeded", "too many open files"),
        Regex(r"No space left on device|[Oo]ut of memory|OutOfMemory|OOMKilled|[Qq]uota exceeded|Too many open files"),
    ),
    (7.0, ("fail",), Regex(r"\b(?:FAILED|FAILURES?|FAIL|Failed|failed|Failures?|failures?)\b")),
    (
        7.0,
        ("exit", "non-zero"),
        Regex(r"\b(?:exit code|exit status|exited with|exiting with|returned non-zero|returned a non-zero)\b"),
    ),
    (
        7.0,
        ("err!", "✖", "✗", "✘", "×", "✕", "❌", "not ok", "failing", "failed", "error"),
        Regex(r"\bnpm ERR!|\bERR!|^\s*[✖✗✘×✕]\s|❌|^\s*not ok\b|\b\d+ (?:failing|failed|errors?)\b"),
    ),
    (6.0, ("error",), Regex(r"\b(?:[Ee]rrors?|ERRORS)\b")),
    (
        6.0,
        ("assert", "expect", "receive", "actual", "but was", "to equal", "to be"),
        Regex(
            r"\b(?:Assertion|assert(?:ion)?(?:Error)?|AssertionError|expect\(|Expected|Received|Actual|"
            r"expected:? .* (?:but|got|found|received)|but was|to equal|to be)\b"
        ),
    ),
    (
        4.5,
        (
            "no such file",
            "denied",
            "not found",
            "cannot",
            "could",
            "unable",
            "can't",
            "not defined",
            "undefined",
            "unexpected",
            "invalid",
            "missing",
            "refused",
            "time",
            "killed",
            "abort",
            "violation",
            "mismatch",
            "does not exist",
            "incompatible",
            "conflict",
            "unsatisfiable",
            "unresolved",
            "broken",
            "deprecated",
            "unknown",
            "unrecognized",
            "forbidden",
            "unauthorized",
            "rejected",
            "crash",
            "stack",
            "backtrace",
        ),
        Regex(
            r"\b(?:No such file or directory|Permission denied|permission denied|command not found|"
            r"[Nn]ot found|[Cc]annot find|[Cc]ould not|[Cc]ouldn't|[Uu]nable to|[Cc]annot|can't|"
            r"is not defined|undefined|[Uu]nexpected|[Ii]nvalid|[Mm]issing|[Dd]enied|[Rr]efused|"
            r"[Tt]imed? ?out|[Kk]illed|[Aa]borted|[Vv]iolations?|[Mm]ismatch|does not exist|"
            r"[Ii]ncompatible|[Cc]onflict|[Uu]nsatisfiable|[Uu]nresolved|[Bb]roken|[Dd]eprecated|"
            r"not defined|[Uu]nknown (?:option|flag|command|argument)|[Uu]nrecognized|[Ff]orbidden|"
            r"[Uu]nauthorized|[Rr]ejected|[Cc]rash(?:ed)?|[Ss]tack trace|stack traceback|[Bb]acktrace)"
        ),
    ),
    (2.5, ("warning",), Regex(r"\bwarning\b|\bWARNING\b|\bWarning\b")),
    (2.5, (), Regex(r"^\s+at |^\s*File \"|\.\w{1,6}:\d+(?::\d+)?\b|\(\S+\.\w{1,6}:\d+(?::\d+)?\)")),
    (2.0, (), Regex(r"^[-+] |^\s+[-+] |^@@ |^\s*[>|] |^\s*\^+\s*$|^E\s")),
)
_Benign = tuple[float, tuple[str, ...], Callable[[str], bool]]  # (factor, triggers, test of the line)


def _found(pattern: Regex) -> Callable[[str], bool]:
    return lambda text: pattern.search(text) is not None


def _passing(text: str) -> bool:
    return (PASSING_WORDS.search(text) is not None or passing_verdict(text)) and not counts_failures(text)


_ERROR_WORD = Regex(r"\b(?:[Ee]rrors?|ERRORS?)\b")
_REPORTED = Regex(r"\b(?:[Ee]rror|ERROR)(?:\[[\w-]+\])?: ")
_OPTION = Regex(r"^-{1,2}[A-Za-z]")
_ASSIGNED = Regex(r"^[A-Za-z_]\w{0,60}=")  # `ELIXIRC_OPTS="--warnings-as-errors"`: the option is the value


def _error_only_in_options(text: str) -> bool:
    """Every `error` word of the line is part of a command-line option, in its name or as its
    value (`--warnings-as-errors`, `-fmax-errors=3`, `--severity=error`, `-W error::Deprecation`,
    `--fail-level error`, `-sasl errlog_type error`): an echoed command (a `set -x` trace, a
    recipe make prints, Travis's `$ cmd`) says how a tool was called, not that anything failed.
    A line that also reports an error (`gcc: error: unrecognized option '-fmax-errors'`) is not
    this."""
    if _REPORTED.search(text):
        return False
    words = text.split()
    found = False
    for i, word in enumerate(words):
        if not _ERROR_WORD.search(word):
            continue
        found = True
        in_name = _OPTION.match(_ASSIGNED.sub("", word).lstrip("\"'")) is not None
        # its value, right after the option or after the option's key (erl's `-sasl errlog_type error`)
        after = i > 0 and _OPTION.match(words[i - 1]) is not None
        after_key = i > 1 and _OPTION.match(words[i - 2]) is not None and words[i - 1].replace("_", "").isalnum()
        as_value = (after or after_key) and word.lower().startswith("error")
        if not (in_name or as_value):
            return False
    return found


# A line that says nothing failed, or that something passed (see verdicts.py), keeps a tenth or
# less than half of its score; the other rules damp words that name an error without reporting one.
_BENIGN: tuple[_Benign, ...] = (
    (0.1, ZERO_TRIGGERS, nothing_failed),
    # make's `-` recipe prefix: `make: [Makefile:2: all] Error 1 (ignored)`, the run went on.
    (0.1, ("(ignored)",), _found(Regex(r"\] Error \d+ \(ignored\)$"))),
    (0.3, ("error",), _error_only_in_options),
    (
        0.3,
        ("-w", "error", "fail", "set -e"),
        _found(
            Regex(
                r"-W(?:no-)?error|\berror_?(?:log|reporting|prone|handler|s?\.(?:c|h|go|rs|py|js|ts|java))\b|"
                r"errors?\.(?:c|h|go|rs|py|js|ts|java|o)\b|on-?error|if-no-files-found: error|"
                r"fail-fast|fail_ci_if_error|continue-on-error|allow[_-]failure|--fail-|failOnError|"
                r"set -e|ignore-errors|ErrorAction|fail-on|\bfailfast\b"
            )
        ),
    ),
    (0.4, PASSING_TRIGGERS, _passing),
    # A download's progress meter: curl's header names its columns `% Total    % Received % Xferd`, where
    # Jest's `Received` was read as an assertion's (6.0): every `curl ... | sh` of an install step seeded
    # there, and a failing step that only downloaded seemed to print a failure of its own.
    (0.0, ("xferd",), _found(Regex(r"^\s*% Total\s+% Received\s+% Xferd\b"))),
    (
        0.3,
        (),
        _found(
            Regex(
                r"^(?:\s*(?:Downloading|Downloaded|Installing|Collecting|Requirement already satisfied|"
                r"Successfully installed|Using cached|Building wheel|Created wheel|Compiling|Checking|"
                r"Fresh|Resolving|Preparing|Unpacking|Setting up|Selecting|Get:\d|Hit:\d|Fetched|Reading)\b)"
            )
        ),
    ),
    # A test starts, named (its name may say Error): go test's `=== RUN`, GoogleTest's `[ RUN      ]`
    # (busted's gtest form may end it with its verdict: damped only when that is no failure's).
    (0.2, (), _found(Regex(r"^=== (?:RUN|PAUSE|CONT|NAME)\s|^\[ RUN +\] (?!.*\b(?:ERR|ERROR|FAIL|FAILED)\W*$)"))),
    (
        0.3,
        ("[info]", "[debug]", "##[", "::", "debug", "trace"),
        _found(
            Regex(
                r"^\[(?:INFO|DEBUG)\]|^##\[(?:debug|group|endgroup|command)\]|^::(?:debug|group|endgroup)::|"
                r"\bDEBUG\b|^\s*(?:debug|trace)[:\]]"
            )
        ),
    ),
)


SCORED_CHARS = 1000
_VERDICT_START = Regex(r"^\s*(?:not ok\b|FAIL(?:ED|URE)?\b|ERROR\b|[✖✗✘×✕❌]|\[-\] )")


class _Triggers:
    """Every trigger of a rule table found in a line, by one Aho-Corasick pass (LiteralAutomaton): the regular
    expression's alternation of ~70 literals it replaces cost ~4x more CPU per line, a quarter of `line_score`'s time.

    The matches are those the alternation found: leftmost, the longest there (its literals were
    longest first, so the first to match at a place was the longest), then on after the match; each
    stands for the triggers it contains (a match of "failing" also means "fail" is present)."""

    __slots__ = ("_automaton", "contains", "triggers")

    def __init__(self, rules: Sequence[tuple[float, tuple[str, ...], object]]) -> None:
        # Sorted so that the automaton is the same in every process; the order changes no match.
        self.triggers = sorted({t for _, ts, _ in rules for t in ts}, key=lambda t: (-len(t), t))
        self.contains = tuple(frozenset(u for u in self.triggers if u in t) for t in self.triggers)
        self._automaton = LiteralAutomaton(self.triggers, longest=True)

    def present(self, low: str) -> set[str]:
        found: set[str] = set()
        for k, _start, _end in self._automaton.find(low):
            found |= self.contains[k]
        return found


_SIGNAL_TRIGGERS = _Triggers(_SIGNALS)
_BENIGN_TRIGGERS = _Triggers(_BENIGN)


def line_score(text: str) -> float:
    """Generic failure-evidence score of one cleaned line (0..10)."""
    return _scored(text[:SCORED_CHARS])  # a verdict is stated early in its line; the rest is payload


# Kept for the lines scored last: the excerpt scores every line of the view, then asks again of the lines it may fold
# as copies (copies.copy_key) and of those its windows weigh, and a log prints many lines alike (on LogChunks' dev
# logs half of the calls were for a text scored before). Keyed by at most SCORED_CHARS characters: bounded memory.
@functools.lru_cache(maxsize=8192)
def _scored(text: str) -> float:
    if len(text) < 2:
        return 0.0
    low = text.lower()
    present = _SIGNAL_TRIGGERS.present(low)
    best = 0.0
    for score, triggers, pattern in _SIGNALS:
        if triggers and present.isdisjoint(triggers):
            continue
        if pattern.search(text):
            best = score
            break
    else:
        return 0.0
    if _VERDICT_START.match(text):  # "not ok 6 no errors" is a failure whatever it says next
        return best
    benign = _BENIGN_TRIGGERS.present(low)
    for factor, triggers, says in _BENIGN:
        if triggers and benign.isdisjoint(triggers):
            continue
        if says(text):
            return best * factor
    return best


# What varies between repetitions of one line: a hex address, a hash, a number (groups.py adds
# quoted values and paths to it for error messages).
NUMBERS_AND_HASHES = r"0x[0-9a-fA-F]+|\b[0-9a-f]{7,64}\b|\d+(?:\.\d+)*"
SHAPE_CHARS = 200
_VOLATILE = Regex(NUMBERS_AND_HASHES)


def shape(text: str) -> str:
    """The line with numbers and hashes blanked: repeated lines of one shape are one message."""
    return _VOLATILE.sub("#", text.strip())[:SHAPE_CHARS]
