"""clojure.test (under `lein test`, `clojure -M:test`, ...): `Testing cart.core-test` (Leiningen:
`lein test cart.core-test`, and `lein test :only cart.core-test/total-test` above each report), then per failed
assertion `FAIL in (total-test) (core_test.clj:7)` (`ERROR in (...)` for an exception, its place then
the frame it was thrown from), the `testing` context, `expected: (= 6 (total [1 2 3]))` and
`  actual: (not (= 6 5))`; the run ends `Ran 3 tests containing 3 assertions.` / `1 failures, 1 errors.`"""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Regex, Rule, scan_with, state
from remediate.facts.parsers.handlers import after_tests, summary
from remediate.facts.view import View
from remediate.models import Category

DETAIL_WITHIN = 6  # lines under a failure's heading in which its expected and actual values come
_VALUE = Regex(r"^\s*(expected|actual): (.*)$")
_CLOJURE_FILE = (".clj", ".cljc", ".cljs")


@state
class _ClojureTest:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="clojure.test"))
    namespace: str = ""  # the `Testing NS` above the failures


def _testing(st: _ClojureTest, _no: int, m: re.Match[str]) -> None:
    st.namespace = m.group(1)


def _failed(st: _ClojureTest, no: int, m: re.Match[str]) -> None:
    """A failed assertion of a test var: the test `ns/var`, its message the expected and actual values;
    its place is the test's file when the assertion failed (`FAIL`), where it was thrown for `ERROR`."""
    test_id = f"{st.namespace}/{m['test']}" if st.namespace else m["test"]
    said: list[str] = []
    for line in st.view.after(no, DETAIL_WITHIN):
        if value := _VALUE.compiled.match(line.text):
            said.append(f"{value.group(1)}: {value.group(2)}")
            st.found.mark(line.no, 8.0)
        elif said:
            break
    message = " ".join(said) or None
    own = m["file"].endswith(_CLOJURE_FILE)
    st.found.test(no, test_id, file=m["file"] if own else None, message=message)
    if own:  # an ERROR's place is often Clojure's own (`Numbers.java:197`): no record of the project's
        st.found.error(no, message or test_id, file=m["file"], at=int(m["line"]), code="test")
    else:
        st.found.mark(no, 8.0)


_RULES = LineRules[_ClojureTest](
    Rule(r"^Testing ([\w.*+!?-]+)$", _testing, starts="Testing ", continues=True),
    # Leiningen names the namespace instead (`lein test cart.core-test`), and each failed test's rerun
    # command above its report (`lein test :only cart.core-test/total-test`)
    Rule(r"^lein test (?::only )?([\w.*+!?-]+)(?:/\S+)?$", _testing, starts="lein test ", continues=True),
    Rule(
        r"^(?:FAIL|ERROR) in \((?P<test>[^()\s]+)\) \((?P<file>[^:()\s]+):(?P<line>\d+)\)$",
        _failed,
        starts=("FAIL in (", "ERROR in ("),
    ),
    Rule(
        r"^(?P<failed>\d+) failures, (?P<errors>\d+) errors\.$",
        summary(9.0),
        ends=" errors.",
        when=after_tests,
        continues=True,
    ),
)

PARSER = Parser(tool="clojure.test", category=Category.TEST, parse=scan_with(_RULES, lambda view: _ClojureTest(view)))
