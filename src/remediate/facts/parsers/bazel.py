"""Bazel's own words (`bazel build`, `bazel test`; its `TestSummaryPrinter` and the event reporter's `ERROR:`
lines, as Bazel 4 prints them and 0.x-7.x alike): a failing test target's `FAIL: //pkg:name (see .../test.log)`
and its summary row `//pkg:name   FAILED in 0.3s` (a test the runner counts in `Executed 1 out of 2 tests: 1 test
passes and 1 fails locally.`, which summaries.py reads); and an `ERROR:` placed in a BUILD file, a WORKSPACE or a
`.bzl` file that says what is wrong with that file (`name 'cc_libary' is not defined`, a target or a package it
names that does not exist, an attribute it gives wrongly), the build's configuration, as Gradle's build script's
mistake is. An action that failed (`Compiling shop/cart.cc failed: (Exit 1)`, Bazel 0.x's `C++ compilation of rule
'//a:b' failed (Exit 1)`, a genrule's command) is placed in the BUILD file too, but the tool it ran says why (the
compiler's error below it): only shown. So is an external repository Bazel could not fetch (`no such package
'@rules_cc//cc'`, `Error downloading`): a dependency or the network, whose words the generic readers know.
`FAILED: Build did NOT complete successfully` and `Target //a:b failed to build` are Bazel's verdict: shown."""

from __future__ import annotations

import re

from remediate.facts.parsers.base import Found, LineRules, Parser, Regex, Rule, plain, scan_with
from remediate.facts.parsers.handlers import evidence, verdict
from remediate.models import Category

# A target's label: `//pkg:name`, `//pkg` or an external repository's `@repo//pkg:name`.
_LABEL = r"(?:@[\w.~+-]*)?//[\w./+=,@~-]*(?::[\w./+=,@~()-]+)?"
_BUILD_FILE = r"(?P<file>\S*?(?:\bBUILD(?:\.bazel)?|\bWORKSPACE(?:\.bazel)?|\.bzl))"
# An action's failure (the tool it ran says why: Bazel words each `<what it did> failed: <why>`, 0.x `... failed (Exit
# 1)`; a worker, the sandbox or a time limit) or an external repository's fetch (a dependency's, the network's).
_NOT_THE_FILE = Regex(
    r"\(Exit \d+\)| failed: | failed \(|error executing command|Couldn't build file|undeclared inclusion|"
    r"was not created|timed out|\bTesting //|'@|Error downloading|java\.io\.IOException|Unknown host|failed to fetch"
)


def _build_file(st: Found, no: int, m: re.Match[str]) -> None:
    """An `ERROR:` placed in a build file: its own mistake is a config record there, an action's only shown."""
    if _NOT_THE_FILE.search(m["msg"]):
        st.found.mark(no, 6.0)
        return
    st.found.error(
        no,
        m["msg"],
        file=m["file"],
        at=int(m["line"]),
        column=int(m["col"]),
        code="build-file",
        category=Category.CONFIG,
    )


def _test(st: Found, no: int, m: re.Match[str]) -> None:
    st.found.test(no, m["label"])


_RULES = LineRules[Found](
    Rule(rf"^ERROR: {_BUILD_FILE}:(?P<line>\d+):(?P<col>\d+): (?P<msg>.+)$", _build_file, starts="ERROR: "),
    Rule(rf"^FAIL: (?P<label>{_LABEL}) \(see .+\)$", _test, starts="FAIL: "),
    # the summary row; its `(cached)` repeats a failure an earlier run saw
    Rule(rf"^(?P<label>{_LABEL})\s+(?:\(cached\) )?FAILED in ", _test, has=(" FAILED in ",)),
    Rule(r"^FAILED: Build did NOT complete successfully", verdict(7.0), starts="FAILED: Build did NOT"),
    Rule(rf"^Target {_LABEL} failed to build$", evidence(6.0), starts="Target ", ends=" failed to build"),
)

PARSER = Parser(tool="bazel", category=Category.TEST, parse=scan_with(_RULES, plain("bazel")))
