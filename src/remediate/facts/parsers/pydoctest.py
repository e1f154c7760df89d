"""Python's doctest runner (`python -m doctest FILE`, `doctest.testmod()`): each failure is a
70-star rule, `File "PATH", line N, in NAME` at the left margin (a traceback's frames are
indented), `Failed example:` and then `Expected:`/`Got:` or `Exception raised:`; the run ends with
`***Test Failed*** N failures.`"""

from __future__ import annotations

import re

from remediate.facts.parsers.base import Found, LineRules, Parser, Rule, plain, scan_with
from remediate.facts.parsers.handlers import summary
from remediate.facts.parsers.python import FRAME_OPENS, FRAME_PLACE
from remediate.models import Category

BLOCK_LINES = 40  # lines of one failure's report read for its outcome


def _failure(st: Found, no: int, m: re.Match[str]) -> bool:
    lines = list(st.view.after(no, BLOCK_LINES))
    if not lines or lines[0].text != "Failed example:":
        return False
    outcome = None
    raised = False
    for i, line in enumerate(lines):
        text = line.text
        if text.startswith("*" * 20):
            break
        st.found.mark(line.no, 7.0)
        if text in ("Got:", "Got nothing") and outcome is None:
            got = lines[i + 1].text.strip() if text == "Got:" and i + 1 < len(lines) else "nothing"
            outcome = f"got {got}"
        elif text == "Exception raised:":
            raised = True
        elif raised and text.startswith("    ") and not text.startswith("     "):
            outcome = f"raised {text.strip()}"  # the traceback's last line at its own margin
    st.found.test(no, m.group("name"), file=m.group("file"), message=outcome)
    return True


# doctest's failure header is a traceback frame's place (`File "/app/cart.py", line 12, in cart.total`)
_RULES = LineRules[Found](
    Rule("^" + FRAME_PLACE + r", in (?P<name>\S+)$", _failure, starts=FRAME_OPENS),
    Rule(r"^\*\*\*Test Failed\*\*\* (?P<failed>\d+) failures?\.$", summary(9.0), starts="***Test Failed***"),
)

PARSER = Parser(tool="doctest", category=Category.TEST, parse=scan_with(_RULES, plain("doctest")))
