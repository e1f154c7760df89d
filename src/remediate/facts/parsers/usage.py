"""A program called with arguments it does not take, in the words of the two argument parsers most
CI tools are built on: Go's flag package (`flag provided but not defined: -x`, then `Usage of PROG:`)
and Python's argparse (`usage: ...`, then `PROG: error: unrecognized arguments: --x`). The record
says which argument and who refused it; whether the caller (a CI step, a test script, a Makefile) or
the program is wrong is not the log's to say: no category of its own."""

from __future__ import annotations

from remediate.facts.parsers.base import Found, LineRules, Parser, Rule, plain, scan_with
from remediate.facts.parsers.handlers import record
from remediate.models import Category

_ARGPARSE = (
    ": error: unrecognized arguments: ",
    ": error: the following arguments are required: ",
    ": error: argument ",
    ": error: one of the arguments ",
)

_RULES = LineRules[Found](
    Rule(
        r"^(?P<msg>(?:flag provided but not defined|flag needs an argument): -{1,2}[^\s=]+)$",
        record("usage", tool="go-flag"),
        starts=("flag provided but not defined: ", "flag needs an argument: "),
    ),
    Rule(
        r'^(?P<msg>invalid (?:boolean )?value ".*" for flag -{1,2}[^\s:]+: .+)$',
        record("usage", tool="go-flag"),
        starts="invalid ",
        has=(" for flag -",),
    ),
    Rule(
        r"^(?P<prog>\S+)(?P<msg>: error: (?:unrecognized arguments:|the following arguments are required:|"
        r"argument \S+:|one of the arguments) .+)$",
        record("usage", tool="argparse", message="{prog}{msg}"),
        has=_ARGPARSE,
    ),
)

PARSER = Parser(tool="usage", category=Category.UNKNOWN, parse=scan_with(_RULES, plain("usage")))
