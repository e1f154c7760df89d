"""A program called with arguments it does not take, in the words of the two argument parsers most
CI tools are built on: Go's flag package (`flag provided but not defined: -x`, then `Usage of PROG:`)
and Python's argparse (`usage: ...`, then `PROG: error: unrecognized arguments: --x`). The record
says which argument and who refused it; whether the caller (a CI step, a test script, a Makefile) or
the program is wrong is not the log's to say: no category of its own, but for pytest's refusal of options a plugin
not installed adds (pytest_plugins: the plugin is missing, from the command line or addopts alike) and of other
options given on its command line (`inifile: None` below: no ini file was read), which names the CI step's command as
wrong."""

from __future__ import annotations

import re

from remediate.facts.parsers.base import Found, LineRules, Parser, Regex, Rule, plain, scan_with
from remediate.facts.parsers.handlers import record
from remediate.facts.parsers.pytest_plugins import UNRECOGNIZED_ARGUMENTS, missing_plugins
from remediate.models import Category

_ARGPARSE = (
    f": {UNRECOGNIZED_ARGUMENTS}",
    ": error: the following arguments are required: ",
    ": error: argument ",
    ": error: one of the arguments ",
)

# pytest says under its usage error where its options were read: `  inifile: PATH` (or `configfile:`), then
# `  rootdir: PATH`. `None` (pytest 9 too) means no ini file: an option it does not know (`--cov-reportt`, misspelt)
# was given on the command line, the CI step's own (tests/facts/data/README.md). An option only a plugin adds
# (`--cov=src`, `-n`) is that plugin missing wherever it was given (PLUGIN_MISSING, tests/facts/data/pytest9_xdist_*).
# Run as a module, argparse's program is `python -m pytest`.
# INI_FILE is a pattern piece: triage.patterns' runner config reads it too.
COMMAND_LINE, PLUGIN_MISSING = "command-line", "plugin-missing"
INI_FILE = "(?:inifile|configfile): "
_NO_INI = Regex(rf"^\s+{INI_FILE}None$")
_argparse_record = record("usage", tool="argparse", message="{prog}{msg}")


def _argparse(st: Found, no: int, m: re.Match[str]) -> None:
    is_pytest = m["prog"].rpartition(" ")[2] in ("pytest", "py.test")
    if is_pytest and (plugins := missing_plugins(m["msg"])):
        said = f"{m['prog']}{m['msg']} (options of {', '.join(plugins)}, not installed)"
        st.found.error(no, said, code=PLUGIN_MISSING, tool="pytest", category=Category.DEPENDENCY)
        return
    no_ini = any(_NO_INI.match(line.text) for line in st.view.after(no, 2))
    if not is_pytest or not no_ini:
        _argparse_record(st, no, m)
        return
    said = f"{m['prog']}{m['msg']} (given on the command line: no ini file)"
    st.found.error(no, said, code=COMMAND_LINE, tool="pytest", category=Category.CONFIG)


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
        r"^(?P<prog>(?:\S*python[\d.]* -m )?\S+)(?P<msg>: error: (?:unrecognized arguments:|"
        r"the following arguments are required:|argument \S+:|one of the arguments) .+)$",
        _argparse,
        has=_ARGPARSE,
    ),
)

PARSER = Parser(tool="usage", category=Category.UNKNOWN, parse=scan_with(_RULES, plain("usage")))
