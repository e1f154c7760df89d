"""Build configuration steps that fail before any compiler diagnostic: autoconf `configure`
scripts (also when a cargo build script runs them) and cargo build scripts themselves."""

from __future__ import annotations

from remediate.facts.parsers.base import Found, LineRules, Parser, Rule, plain, scan_with
from remediate.facts.parsers.handlers import evidence, record
from remediate.models import Category

_RULES = LineRules[Found](
    # "configure: error: in `dir':" names where it ran; the reason is the next line.
    Rule(r"^\s*configure: error: in `", evidence(6.0), has=("configure: error: ",)),
    Rule(r"^\s*configure: error: (?P<msg>.+)$", record("configure"), has=("configure: error: ",)),
    Rule(
        r"^error: failed to run custom build command for `(?P<crate>[^`]+)`",
        record("build-script", tool="cargo", message="build script of {crate} failed"),
        starts="error: failed to run custom build",
    ),
)

PARSER = Parser(tool="configure", category=Category.BUILD, parse=scan_with(_RULES, plain("configure")))
