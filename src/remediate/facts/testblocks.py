"""A failing test's own report, for the tests the generic reader names (failingtests.py): the lines of the log
that belong to that test's block, not words anywhere in the step. A runner prints a test's report in one of two
places:
- below its verdict, indented deeper (go test's `--- FAIL: TestX (0.00s)` over `    x_test.go:10: ...`, TAP's
  `not ok 1 - name` over its YAML block `  ---` ... `  ...`, dotnet's `Failed X [3 ms]` over `  Error Message:`),
  or as TAP's diagnostics right after it (`#   Failed test 'x'`, `#          got: '3'`), or unindented up to a
  blank line where the runner prints the exception there (Surefire's `<<< ERROR!` over `java.net.ConnectException:
  ...`, unittest's `FAIL: name (mod.Class)` over its traceback);
- in a section its name heads before the verdict: go test -v's `=== RUN   TestX` (or `=== CONT   TestX`, a parallel
  test resumed) up to the next `=== `/`--- ` line, GoogleTest's `[ RUN      ] Suite.Name`, cargo's `---- name stdout
  ----`, pytest's `____ test_name ____` (only its `E   ` lines: the rest is the test's source, printed above
  whatever it met), luvit's tap.lua's `# Starting Test: name` up to its TAP line (runnersections.NAMED).
What the report says is read as the test's message where the verdict's line gave none (or pytest's short summary
clipped it: `... - psycopg.OperationalError: connec...`): a failing test of a runner no parser reads whose report
names a refused connection met the infrastructure (triage/beneath.py reads messages), and a passing test's output
elsewhere in the step (a test of a client that expects `ECONNREFUSED` prints it and passes) is nobody's report.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from remediate.facts.indent import indent_of
from remediate.facts.lazyregex import Regex
from remediate.facts.parsers.base import MAX_MESSAGE, Findings
from remediate.facts.runnersections import NAMED, SECTION_LINES, SUREFIRE_VERDICT, UNITTEST, SectionShape, heading
from remediate.facts.view import Line, positions

# How many lines a test's own report may take below its verdict (its section's: runnersections.SECTION_LINES)
REPORT_LINES = 40

# A stack frame (JavaScript's and the JVM's `at f (file:1:2)`, `... 3 more`, Lua's `[C]: in function`): where the
# failure happened, not what it says; left out so that the report's words fit its message. Any language's and any
# indent (`\s*`), so not nodeerrors' FRAME_AT (V8's, indented).
_FRAME = Regex(r"^\s*(?:at |\.\.\. \d+ more|\[C\]: in |stack traceback:)")
# TAP's YAML key over a test's frames (node --test's `stack: |-`), one frame a line below it
_STACK = Regex(r"^\s*stack: \|")

# TAP's lines that are no test's diagnostics: the next test's header (node --test's, luvit's, Test::More's `#   Failed
# test 'x'`), the plan, the totals (node's `# fail 1`, Test::More's `# Looks like you failed 1 test of 2.`).
_TAP_NOT_DIAG = Regex(
    r"^\s*(?:# (?:Subtest|Starting Test):|#\s{1,4}Failed (?:\(TODO\) )?test\b|# Looks like |"
    r"#\s*(?:tests|suites|pass|fail|cancelled|skipped|todo|duration_ms|ok)\b|1\.\.\d)"
)

# A verdict whose report follows it unindented, up to a blank line: Surefire's `<<< FAILURE!`/`<<< ERROR!`
# (runnersections.SUREFIRE_VERDICT), and unittest's (nose's) `FAIL: name (module.Class)` / `ERROR: ...` over a `----`
# rule (runnersections.UNITTEST's heading)
_SUREFIRE_VERDICT = Regex(SUREFIRE_VERDICT)
# The characters a NAMED heading's line opens with: a line opening otherwise is read no further
_HEADS_OPEN = frozenset(c for shape in NAMED for c in shape.opens)


def with_reports(found: Findings, lines: Sequence[Line], *, partial: frozenset[str] = frozenset()) -> None:
    """Each failing test of `found` (read off `lines`, the step's lines in order) whose verdict gave no message,
    or a clipped one, takes its own report's words as its message (see the module's note). The tests named in
    `partial` got one line of their report as the message (Test::More's `got: '599'` under `#   Failed test`,
    whose free-text `diag()` below says `Connection refused`): that gives way to the whole report, which holds it.
    A step that names no such test (most steps the generic readers see) costs no pass over its lines."""
    wanting = [test.id for test in found.tests if _unsaid(test.message) or test.id in partial]
    reports = own_reports(found, lines, wanting)
    for k, test in enumerate(found.tests):
        said = test.message or ""
        if (report := reports.get(test.id)) and (_unsaid(said) or said in report):
            found.tests[k] = test.model_copy(update={"message": report})


def own_reports(found: Findings, lines: Sequence[Line], test_ids: Sequence[str]) -> dict[str, str]:
    """The words of the own report (own_report) of each of `test_ids`, failing tests of `found` read off `lines`,
    that printed one. None asked for costs no pass over the lines."""
    if not test_ids:
        return {}
    at = positions(lines)
    sections = section_heads(lines)
    reports: dict[str, str] = {}
    for test_id in test_ids:
        i = at.get(found.test_lines.get(test_id, -1))
        if i is not None and (report := own_report(lines, i, test_id, sections)):
            reports[test_id] = report
    return reports


def _unsaid(message: str | None) -> bool:
    """A verdict's message that says nothing of the failure: none, or one clipped (`...`)."""
    return not message or message.endswith("...")


def own_report(lines: Sequence[Line], i: int, test_id: str, sections: dict[str, list[int]]) -> str:
    """The words of the report of the test whose verdict is `lines[i]`: its section's and the lines below it,
    frames left out, up to a message's length ("" when none)."""
    start, section, _ = _section(lines, i, test_id, sections)
    mark = _report_mark(lines, start)
    said = [lines[k].text[len(mark) :] for k in section] if mark else [lines[k].text for k in section]
    tap = _tap_verdict(lines[i].text)
    below = [_undiagnosed(lines[k].text) if tap else lines[k].text for k in _below(lines, i)]
    return report_words((*said, *below))


def report_lines(
    lines: Sequence[Line], i: int, test_id: str, sections: dict[str, list[int]]
) -> tuple[int, list[int], int]:
    """The report of the test whose verdict is `lines[i]`: the position in `lines` of its head (its section's heading,
    else the verdict), those of its lines in order (the section's, only its marked ones where the runner marks them:
    pytest's `E   `; the lines below the verdict) and the position of its last line, marked or not (pytest's
    `--tb=native` traceback under its heading). `sections`: section_heads(lines)."""
    start, section, end = _section(lines, i, test_id, sections)
    below = _below(lines, i)
    return (i if start is None else start), [*section, *below], max(end, *below, i if start is None else start)


def report_words(texts: Iterable[str]) -> str:
    """The words of a report's lines: frames and a YAML stack's block left out, up to a message's length."""
    said: list[str] = []
    size = 0
    stack = -1  # the indent of a YAML `stack: |-` key whose block (frames) is being skipped
    for text in texts:
        if stack >= 0 and indent_of(text) > stack:
            continue
        stack = indent_of(text) if _STACK.match(text) else -1
        if stack >= 0 or not text.strip() or _FRAME.match(text):
            continue
        size += len(text.strip()) + 1
        if size > MAX_MESSAGE:
            break
        said.append(text.strip())
    return "\n".join(said)


def _tap_verdict(verdict: str) -> bool:
    """TAP's verdict, or Test::More's `#   Failed test 'x'`: its diagnostics follow it as `#` lines."""
    return verdict.lstrip().startswith(("not ok", "#"))


def _undiagnosed(text: str) -> str:
    """TAP's diagnostic without its `#`: Test::More's `#          got: '3'` says `got: '3'`."""
    return text.lstrip()[1:] if text.lstrip().startswith("#") else text


def _below(lines: Sequence[Line], i: int) -> list[int]:
    """The positions of the lines below the verdict `lines[i]` that are its report: indented deeper, TAP's
    diagnostics after a TAP verdict, or up to a blank line after a verdict whose report follows unindented."""
    verdict = lines[i].text
    depth = indent_of(verdict)
    tap = _tap_verdict(verdict)
    unindented = bool(_SUREFIRE_VERDICT.search(verdict.rstrip()) or UNITTEST.head.match(verdict.rstrip()))
    out: list[int] = []
    for k, line in enumerate(lines[i + 1 : i + 1 + REPORT_LINES], start=1):
        text = line.text
        if line.no != lines[i].no + k:
            break  # a gap in the view
        if not text.strip():
            if unindented:
                break
            continue  # a blank line inside an indented block (TAP's YAML `|-` text)
        inside = (
            indent_of(text) > depth
            or (tap and text.lstrip().startswith("#") and not _TAP_NOT_DIAG.match(text))
            or (unindented and not text.startswith(("[", "=")))
        )
        if not inside:
            break
        out.append(i + k)
    return out


def section_heads(lines: Sequence[Line]) -> dict[str, list[int]]:
    """The test names that head a section (runnersections.NAMED), each with the positions of its heading lines in
    order (a retried run heads them again)."""
    heads: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        if line.text[:1] not in _HEADS_OPEN:
            continue
        if (headed := heading(NAMED, line.text.rstrip())) is not None:
            heads.setdefault(headed[1]["name"], []).append(i)
    return heads


def _section_start(i: int, test_id: str, sections: dict[str, list[int]]) -> int | None:
    """The heading of the test's section nearest its verdict `i`: the last before it, else the first after it
    (cargo prints its sections after the verdicts)."""
    heads = next((sections[n] for n in _section_names(test_id) if n in sections), [])
    before = [h for h in heads if h < i]
    after = [h for h in heads if h > i]
    return before[-1] if before else (after[0] if after else None)


def _section(
    lines: Sequence[Line], i: int, test_id: str, sections: dict[str, list[int]]
) -> tuple[int | None, list[int], int]:
    """The heading of the section the test's name heads (_section_start), the positions of its lines, up to the
    section's end, the verdict, or SECTION_LINES (only its report's marked lines where the runner marks them: pytest's
    `E   `), and the position of its last line (-1 when none)."""
    start = _section_start(i, test_id, sections)
    if start is None:
        return None, [], -1
    shape = _shape(lines, start)
    mark = shape.report_mark
    out: list[int] = []
    end = start
    for end in range(start + 1, min(len(lines), start + 1 + SECTION_LINES)):
        if end == i or shape.end.match(lines[end].text):
            end -= 1
            break
        if not mark or lines[end].text.startswith(mark + " "):
            out.append(end)
    return start, out, end


def _shape(lines: Sequence[Line], start: int) -> SectionShape:
    return next(s for s in NAMED if s.head.match(lines[start].text.rstrip()))


def _report_mark(lines: Sequence[Line], start: int | None) -> str:
    """The mark of the report's own lines in the section headed at `start` (pytest's `E`), "" when none."""
    return _shape(lines, start).report_mark if start is not None else ""


def _section_names(test_id: str) -> list[str]:
    """The names a section may give the test: its id, and pytest's header for a node id (`tests/a.py::TestX::test_y`
    is `TestX.test_y`), the id without its place (`TestX (0.00s)` is `TestX`)."""
    names = [test_id, test_id.split(" (")[0]]
    if "::" in test_id:
        names.append(".".join(test_id.split(" - ")[0].split("::")[1:]))
    return names
