"""PHP's own errors, whatever script the interpreter ran (a test suite's bootstrap, a build script,
`php -l`): `PHP Fatal error:  MESSAGE in FILE on line N` as the CLI logs it to stderr, `Fatal error:
MESSAGE in FILE on line N` as it displays it, and an uncaught exception's `Fatal error: Uncaught
CLASS: MESSAGE in FILE:N` (its `Stack trace:` and `thrown in` lines below repeat where); a fatal error that
kills a PHPUnit run logs its line right after the run's progress characters (`..PHP Fatal error:  ...`). Warnings,
notices and deprecations do not stop the script: not read here."""

from __future__ import annotations

import re

from remediate.facts.parsers.base import Found, LineRules, Parser, Rule, plain, scan_with
from remediate.models import Category

# The CLI's log line goes to stderr and may land right after PHPUnit's progress characters (`..PHP Fatal error:`)
_LEVEL = r"^(?:[.EFISRW]*PHP )?(?P<level>Fatal error|Parse error|Catchable fatal error|Recoverable fatal error): +"
_FILE = r"(?P<file>\S+?\.(?:php|phpt|inc))"
_LEVELS = ("Fatal error: ", "Parse error: ", "Catchable fatal error: ", "Recoverable fatal error: ")


def _error(st: Found, no: int, m: re.Match[str]) -> None:
    """A fatal error; a parse error says the code does not parse (a build failure, as Python's
    SyntaxError is); any other means what the script was doing (its caller's category)."""
    g = m.groupdict()
    parse = m["level"] == "Parse error"
    code = g.get("code")
    st.found.error(
        no,
        f"{code}: {g['msg']}" if code and g.get("msg") else (code or g["msg"]),
        file=m["file"],
        at=int(m["line"]),
        code=(code or "").rsplit("\\", 1)[-1] or ("ParseError" if parse else "FatalError"),
        category=Category.BUILD if parse else Category.UNKNOWN,
        weight=9.0,
    )


_RULES = LineRules[Found](
    Rule(
        rf"{_LEVEL}Uncaught (?P<code>[\w\\]+)(?:: (?P<msg>.*?))? in {_FILE}:(?P<line>\d+)$",
        _error,
        has=_LEVELS,
    ),
    Rule(rf"{_LEVEL}(?P<msg>.+?) in {_FILE} on line (?P<line>\d+)$", _error, has=_LEVELS),
)

PARSER = Parser(tool="php", category=Category.UNKNOWN, parse=scan_with(_RULES, plain("php")))
