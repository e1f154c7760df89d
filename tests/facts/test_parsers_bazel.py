"""Bazel 4 on its real output made here (tests/facts/data/README.md, "Bazel"): a failing test target's own lines
are failing tests, a BUILD file's own mistake is a config record at its place, an action's failure and an external
repository's fetch are only shown (the compiler below says why; the network's words are the generic readers')."""

from __future__ import annotations

from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA, facts


@pytest.mark.parametrize(
    ("name", "test"),
    [
        ("bazel4_test_failed.txt", "//shop:cart_test"),
        ("bazel4_test_output_errors.txt", "//shop:cart_test"),
        ("bazel4_cc_test_assert.txt", "//shop:total_test"),
    ],
)
def test_a_failing_test_target_is_a_failing_test(name: str, test: str) -> None:
    """`FAIL: //shop:cart_test (see ...)` and its row `//shop:cart_test   FAILED in 0.3s` name one failing test;
    the row of a test that passed (`(cached) PASSED in`) names none."""
    f = facts(name)
    assert [t.id for t in f.failing_tests] == [test]
    assert [s.failed for s in f.summaries] == [1]  # `Executed 1 out of 2 tests: ... 1 fails locally.`
    verdict = rule_verdict(f)
    assert verdict.decided and verdict.category is Category.TEST, verdict.reason


def test_a_build_file_s_own_mistake_is_a_config_record_at_its_place(tmp_path: Path) -> None:
    """`ERROR: /ws/shop/BUILD:9:1: name 'cc_libary' is not defined`: the BUILD file does not evaluate, the
    build's configuration (as Gradle's script's mistake). Before, no record: the rules guessed test, unsure."""
    sample = (DATA / "bazel4_build_file_error.txt").read_text()
    path = tmp_path / "ci.log"
    path.write_bytes(framing.travis("bazel build //shop:cart", sample))
    for f in (facts("bazel4_build_file_error.txt"), extract_facts(path)):
        assert [(e.tool, e.file, e.line, e.code, e.category) for e in f.errors] == [
            ("bazel", "/tmp/tools/bz/shop/BUILD", 9, "build-file", Category.CONFIG)
        ]
        assert f.errors[0].message.startswith("name 'cc_libary' is not defined")
        verdict = rule_verdict(f)
        assert verdict.decided and verdict.category is Category.CONFIG, verdict.reason


def test_an_action_placed_in_a_build_file_is_the_tool_s_failure() -> None:
    """`ERROR: .../BUILD:9:11: Compiling shop/cart.cc failed: (Exit 1): gcc failed: ...` is no BUILD file's
    mistake: gcc's error below it is the record, and the build decides."""
    f = facts("bazel4_compile_error.txt")
    assert [(e.tool, e.file, e.category) for e in f.errors] == [("compiler", "shop/cart.cc", Category.BUILD)]
    verdict = rule_verdict(f)
    assert verdict.decided and verdict.category is Category.BUILD, verdict.reason


def test_an_external_repository_bazel_could_not_fetch_is_no_build_file_s_mistake() -> None:
    """The fetch of `@remote_coverage_tools` failing (`Unknown host`) is placed in bazel_tools' BUILD file: no
    config record there, and the rules decide nothing on it."""
    f = facts("bazel4_fetch_unreachable.txt")
    assert not [e for e in f.errors if e.category is Category.CONFIG]
    assert not rule_verdict(f).decided


@pytest.mark.parametrize(
    "line",
    [
        # Bazel 0.x's wording of an action's failure, a genrule's, an undeclared header: the tool's, not the file's
        "ERROR: /home/travis/build/o/p/src/BUILD:12:1: C++ compilation of rule '//src:lib' failed (Exit 1).",
        "ERROR: /home/travis/build/o/p/gen/BUILD:3:1: Executing genrule //gen:api failed (Exit 127).",
        "ERROR: /home/travis/build/o/p/src/BUILD:5:1: undeclared inclusion(s) in rule '//src:lib':",
        "ERROR: /home/travis/build/o/p/BUILD:1:1: no such package '@com_google_googletest//': failed to fetch",
        "ERROR: /home/travis/build/o/p/java/BUILD:4:1: Building java/libapp.jar (2 source files) failed: Worker "
        "process did not return a WorkResponse:",
    ],
)
def test_what_bazel_places_in_a_build_file_but_is_not_its_mistake_makes_no_record(line: str, tmp_path: Path) -> None:
    path = tmp_path / "ci.log"
    path.write_bytes(framing.travis("bazel build //...", f"{line}\nFAILED: Build did NOT complete successfully\n"))
    assert not [e for e in extract_facts(path).errors if e.tool == "bazel"]


def test_a_passing_test_run_decides_nothing() -> None:
    f = facts("bazel4_test_passed.txt")
    assert not f.failing_tests and not f.errors
    assert not rule_verdict(f).decided
