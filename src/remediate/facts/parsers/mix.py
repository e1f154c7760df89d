"""Elixir's Mix: `mix format --check-formatted` (the files it would rewrite). Mix's compile errors
and ExUnit's failures are beam.py's."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Rule, scan_with, state
from remediate.models import Category

MESSAGE = "not formatted (mix format --check-formatted)"


@state
class _Format:
    found: Findings = field(default_factory=lambda: Findings(tool="mix format"))
    listing: bool = False  # inside the list of files that are not formatted

    def in_list(self, _no: int) -> bool:
        return self.listing


def _verdict(st: _Format, no: int, _m: re.Match[str]) -> None:
    st.found.seen, st.listing = True, True
    st.found.mark(no, 9.0)


def _file(st: _Format, no: int, m: re.Match[str]) -> None:
    st.found.error(no, MESSAGE, file=m["file"], code="mix-format")


def _other(st: _Format, _no: int, _m: re.Match[str]) -> bool:
    """Any unindented line ends the list."""
    st.listing = False
    return False


# Elixir >= 1.6 prints the verdict, then (or, before 1.10, as part of it) the list:
#   ** (Mix) mix format failed due to --check-formatted.
#   The following files are not formatted:   (older: "were not formatted")
#     * lib/exapp.ex
_RULES = LineRules[_Format](
    Rule(r"^\*\* \(Mix\) mix format failed due to --check-formatted\.$", _verdict, starts="** (Mix) mix format"),
    Rule(r"^The following files (?:are|were) not formatted:$", _verdict, starts="The following files "),
    Rule(r"^\s+\* (?P<file>\S+\.(?:exs?|eex|heex|leex|sface))$", _file, when=_Format.in_list),
    Rule(r"^\S", _other, when=_Format.in_list),
    continued=True,  # its rules without literals wait on state only its other rules set
)

PARSER = Parser(tool="mix format", category=Category.FORMAT, parse=scan_with(_RULES, lambda _view: _Format()))
