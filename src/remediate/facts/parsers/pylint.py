"""pylint: its default text lines (`path:line:col: C0410: message (symbol)`), the `parseable` form
(`path:line: [C0410(symbol), obj] message`), the `Module` headings and the score line.

pylint's exit status is a bit per message kind it printed (fatal, error, warning, refactor,
convention), so every message a failing run prints is part of the failure."""

from __future__ import annotations

from remediate.facts.parsers.base import Found, LineRules, Parser, Rule, plain, scan_with
from remediate.facts.parsers.handlers import evidence, record, verdict
from remediate.models import Category

_ID = r"(?P<code>[CRWEFI]\d{4})"

_RULES = LineRules[Found](
    Rule(
        rf"^(?P<file>\S+?\.pyi?):(?P<line>\d+):(?P<col>\d+): {_ID}: (?P<msg>.+?)(?: \((?P<symbol>[a-z][a-z0-9-]+)\))?$",
        record(),
        has=(".py",),
    ),
    Rule(
        rf"^(?P<file>\S+?\.pyi?):(?P<line>\d+): \[{_ID}\((?P<symbol>[a-z][a-z0-9-]+)\), [^\]]*\] (?P<msg>.+)$",
        record(),
        has=(".py:", ".pyi:"),
    ),
    Rule(r"^\*{13} Module \S+$", evidence(5.0), starts="*************"),
    Rule(r"^Your code has been rated at -?[\d.]+/10", verdict(7.0), starts="Your code has been rated"),
)


PARSER = Parser(tool="pylint", category=Category.LINT, parse=scan_with(_RULES, plain("pylint")))
