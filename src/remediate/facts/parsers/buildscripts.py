"""Build configuration steps that fail before any compiler diagnostic: autoconf `configure`
scripts (also when a cargo build script runs them), autoreconf's autoconf and automake (`./autogen.sh`),
and cargo build scripts themselves."""

from __future__ import annotations

from remediate.facts.parsers.base import Found, LineRules, Parser, Rule, plain, scan_with
from remediate.facts.parsers.handlers import evidence, record
from remediate.models import Category

_RULES = LineRules[Found](
    # "configure: error: in `dir':" names where it ran; the reason is the next line.
    Rule(r"^\s*configure: error: in `", evidence(6.0), has=("configure: error: ",)),
    Rule(r"^\s*configure: error: (?P<msg>.+)$", record("configure"), has=("configure: error: ",)),
    # autoconf and automake (under autoreconf / autogen.sh) name the line of configure.ac, Makefile.am or a
    # macro file: `configure.ac:5: error: possibly undefined macro: AM_PATH_GTK_3_0` (a macro no installed
    # package defines: facts.meaning), `Makefile.am:1: error: Libtool library used but 'LIBTOOL' is undefined`
    Rule(
        r"^(?P<file>(?:\S+/)?(?:configure\.(?:ac|in)|Makefile\.am|[\w.-]+\.m4)):(?P<line>\d+): error: (?P<msg>.+)$",
        record("autotools", tool="autotools"),
        has=(": error: ",),
    ),
    Rule(
        r"^error: failed to run custom build command for `(?P<crate>[^`]+)`",
        record("build-script", tool="cargo", message="build script of {crate} failed"),
        starts="error: failed to run custom build",
    ),
)

PARSER = Parser(tool="configure", category=Category.BUILD, parse=scan_with(_RULES, plain("configure")))
