"""SwiftLint: each violation in the shape Xcode shows a compiler's diagnostic (its default `xcode` reporter),
`/abs/Sources/Cart.swift:20:5: error: Force Cast Violation: Force casts should be avoided. (force_cast)`: the
rule's name before ` Violation: `, its identifier in parentheses at the end (SwiftLint 0.1x printed none), then
`Done linting! Found 3 violations, 1 serious in 2 files.` An `error` fails the run (a `warning` does too under
`--strict`, which prints it as an error); a `warning` alone is shown only. Run as an Xcode build phase, the same
line reaches xcodebuild's log, and xcpretty prints it behind its error mark without the `error:` word (`❌
/abs/Cart.swift:20:5: Force Cast Violation: ...`): a linter run by the build is still the linter's (the compiler
parser leaves such lines here: `is_violation`)."""

from __future__ import annotations

import re

from remediate.facts.parsers.base import Found, LineRules, Parser, Regex, Rule, plain, scan_with
from remediate.facts.parsers.handlers import after_errors, summary
from remediate.models import Category

# `Name Violation: reason`: the rule's name in words (`Line Length`, `Force Cast`), or a custom rule's identifier
# when it has no name
_VIOLATION = Regex(r"^[A-Za-z][A-Za-z0-9_ ]{0,60} Violation: ")
_RULE_ID = Regex(r" \((?P<code>[a-z][a-z0-9_]{0,60})\)$")
_PLACE = r"(?P<file>\S+?\.swift):(?P<line>\d+)(?::(?P<col>\d+))?: "


def is_violation(message: str) -> bool:
    """Whether a compiler-shaped diagnostic's message is a SwiftLint violation."""
    return " Violation: " in message and _VIOLATION.search(message) is not None


def _violation(st: Found, no: int, m: re.Match[str]) -> bool:
    message = m["msg"]
    if not is_violation(message):
        return False
    if m["level"] == "warning":
        st.found.mark(no, 3.0)
        return True
    rule = _RULE_ID.search(message)
    st.found.error(
        no,
        message[: rule.start()] if rule else message,
        file=m["file"],
        at=int(m["line"]),
        column=int(m["col"]) if m["col"] else None,
        code=rule["code"] if rule else None,
    )
    return True


_RULES = LineRules[Found](
    Rule(rf"^{_PLACE}(?P<level>error|warning): (?P<msg>.+)$", _violation, has=(" Violation: ",)),
    # xcpretty's error mark (`[x] ` with --no-utf), its warning mark (`⚠️ `)
    Rule(rf"^(?:❌ |\[x\]) +(?P<level>){_PLACE}(?P<msg>.+)$", _violation, has=(" Violation: ",)),
    Rule(
        r"^Done linting! Found \d+ violations?, (?P<errors>[1-9]\d*) serious in \d+ files?\.$",
        summary(8.0),
        starts="Done linting! ",
        when=after_errors,
        continues=True,
    ),
)

PARSER = Parser(tool="swiftlint", category=Category.LINT, parse=scan_with(_RULES, plain("swiftlint")))
