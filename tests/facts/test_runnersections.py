"""Each runner's section shape (facts/runnersections.py) on a real run's text (tests/facts/data/README.md): the line
that heads a test's section, with the test's name; a line beside it that heads none; the line that ends it."""

from __future__ import annotations

import pytest

from remediate.facts.lazyregex import Regex
from remediate.facts.runnersections import (
    CARGO,
    FAILING,
    GO,
    GRADLE,
    GTEST,
    JEST,
    LUVIT,
    NAMED,
    OUTPUT,
    PRINTED,
    PYTEST,
    PYTEST_CAPTURED,
    SUREFIRE,
    SUREFIRE_VERDICT,
    UNITTEST,
    SectionShape,
    ends,
    heading,
)
from tests.facts.samples import DATA

# luvit's tests/libs/tap.lua (no luvit here to run): `# Starting Test: NAME` over the test's output, then its TAP line;
# the text tests/facts/test_test_blocks.py reads
_LUVIT = (
    "# Starting Test: net - connect\n  tests/test-net.lua:9: connect ECONNREFUSED 127.0.0.1:9\nnot ok 3 net - connect\n"
)

# (shape, sample, the heading's line number, the test's name, a line number beside it that heads no section, the line
# number of the first line after the heading that ends its section)
SHAPES = [
    (GO, "go119_test_api_refusal_in_test.txt", 1, "TestRefusedCommentIsRetried", 4, 4),
    (GTEST, "gtest.txt", 5, "CalcTest.AddsTwoNumbers", 11, 11),
    (CARGO, "cargo195_test_assert_failed.txt", 11, "tests::labels_cents", 9, 20),
    (PYTEST, "pytest3_sections.txt", 18, "test_total", 17, 25),
    (PYTEST_CAPTURED, "pytest9_api_refusal_in_test.txt", 17, None, 9, 19),
    (LUVIT, "", 1, "net - connect", 3, 3),
    (SUREFIRE, "maven_surefire_api_refusal_in_test.txt", 28, "shop.CommentsTest", 30, 30),
    (JEST, "jest29_api_refusal_in_test.txt", 9, "a refused comment is retried", 2, 26),
    (UNITTEST, "nose2_json_decode.txt", 6, "test_parse", 5, 21),
    # the JVM's own warning, unindented, ends what the test wrote; its FAILED event heads nothing
    (GRADLE, "gradle441_api_refusal_in_test.txt", 12, "shop.CommentsTest > refusedCommentIsRetried", 19, 14),
]


def _lines(sample: str) -> list[str]:
    return (DATA / sample).read_text().splitlines() if sample else _LUVIT.splitlines()


@pytest.mark.parametrize(
    ("shape", "sample", "head", "name", "beside", "end"),
    SHAPES,
    ids=[f"{s[0].runner}:{s[1] or 'inline'}" for s in SHAPES],
)
def test_a_runners_section_heads_at_its_heading_and_ends_at_its_end(
    shape: SectionShape, sample: str, head: int, name: str | None, beside: int, end: int
) -> None:
    lines = _lines(sample)
    m = shape.head.match(lines[head - 1].rstrip())
    assert m is not None and m.groupdict().get("name") == name, lines[head - 1]
    assert shape.head.match(lines[beside - 1].rstrip()) is None, lines[beside - 1]
    # the quick tests its group's reader reads first pass the heading (one that failed it would be read no further)
    assert shape not in NAMED or lines[head - 1][:1] in shape.opens
    assert shape not in PRINTED or shape.holds in lines[head - 1]
    first_end = next(no for no in range(head + 1, len(lines) + 1) if shape.end.match(lines[no - 1]))
    assert first_end == end, lines[first_end - 1]


def test_the_groups_read_the_first_shape_a_heading_is() -> None:
    go = _lines("go119_test_api_refusal_in_test.txt")
    assert heading(NAMED, go[0]) is not None and heading(PRINTED, go[0]) is not None
    assert heading(FAILING, go[0]) is None and not ends(FAILING, go[3]) and ends(NAMED[:1], go[3])
    headed = heading(FAILING, _lines("pytest3_sections.txt")[8])
    assert headed is not None and headed[0] is PYTEST and headed[1]["name"] == "ERROR at setup of test_saved_total"


def test_go_tests_printed_lines_are_its_unindented_ones_and_pytests_report_its_marked_ones() -> None:
    go = _lines("go119_test_api_refusal_in_test.txt")
    assert GO.unindented and go[2].startswith("    comments_test.go:12: ")  # t.Errorf's report, indented
    assert PYTEST.report_mark == "E" and not (CARGO.unindented or CARGO.report_mark)


def test_unittests_verdict_on_a_module_it_could_not_import_names_no_test() -> None:
    # unittest (Python 3.11) could not import tests.test_cart: its loader's verdict heads the traceback, but no test's
    text = _lines("unittest311_flat_own_submodule_missing.txt")[2]
    m = UNITTEST.head.match(text)
    assert text.startswith("ERROR: tests.test_cart (unittest.loader._FailedTest") and m is not None
    assert m["name"] is None


def test_every_shape_of_a_filtered_group_has_its_quick_test() -> None:
    # testblocks reads a line only when it opens with a NAMED shape's `opens`, capturedoutput only when it holds a
    # PRINTED shape's `holds`: a shape without it there would head nothing
    assert all(shape.opens for shape in NAMED) and all(shape.holds for shape in PRINTED)


def test_surefires_verdict_is_a_tests_line_end_not_its_class_totals() -> None:
    lines = _lines("maven_surefire_api_refusal_in_test.txt")
    verdict = Regex(SUREFIRE_VERDICT)
    assert verdict.search(lines[30]) is not None and lines[30].startswith("[ERROR] shop.CommentsTest.refused")
    assert verdict.search(lines[29]) is None  # the class's `Tests run: ... <<< FAILURE! -- in shop.CommentsTest`


def test_a_line_over_a_tests_output_is_its_runners_heading_or_go_setting_a_test_aside() -> None:
    # passingoutput: what is below such a line is that test's output. go's `=== PAUSE` (t.Parallel) heads no section
    # but says whose lines follow; no runner's heading has to be the whole line there (Surefire's and Gradle's, at the
    # margin, may end in spaces)
    heads = Regex("|".join(shape.output_head for shape in OUTPUT))
    for shape, sample, head, *_ in SHAPES:
        line = _lines(sample)[head - 1].rstrip()
        assert (heads.search(line) is not None) == (shape in OUTPUT), line
        assert shape not in OUTPUT or heads.search(f"{line}  " if shape in (SUREFIRE, GRADLE) else f"  {line}")
    go = _lines("gotest119_v_p4_one_failed.txt")
    assert go[1] == "=== PAUSE TestCase1" and heads.search(go[1]) is not None and GO.head.match(go[1]) is None
