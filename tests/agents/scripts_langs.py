"""Scripted cassettes of the non-Python fixtures (Go, Rust, JavaScript/TypeScript, Java, C) and
of the multi-failure jobs; tests/agents/scripts.py merges them into its SCRIPTS and ZERO_MODEL.

Same rules as there: each turn states what the request must hold (the language, the facts,
the file regions, the tool results), so a regression in the language profiles, the prompts or
the providers fails the replay instead of passing by luck."""

from __future__ import annotations

from collections.abc import Callable

from remediate.replay import Cassette
from tests.agents.scripting import CHECK_PASSED, LINT_TOOLS, SONNET, TESTS_TOOLS, Script

BUILD_TOOLS = TESTS_TOOLS

# Fixed by the language's deterministic fixer alone: no cassette, so a model call fails the run.
LANG_ZERO_MODEL: dict[str, str] = {
    "go-gofmt-unformatted": "`gofmt -w` on the two files `gofmt -l` lists",
}


# ------------------------------------------------------------------ Go


def go_test_interval_merge() -> Cassette:
    s = Script(SONNET, "go-test-interval-merge: touching half-open intervals are not merged (< where <= is meant).")
    s.turn(
        [("read_file", {"path": "intervals/intervals.go", "start_line": 17, "end_line": 40})],
        text=(
            "Only the touching cases fail: [540,600) and [600,660) stay separate. The test region shows the table; "
            "the comparison that decides whether the next booking extends the block is in Merge."
        ),
        tools=TESTS_TOOLS,
        contains=("- language: go", "TestMerge/touching", "intervals/intervals_test.go (lines"),
    )
    s.turn(
        [
            (
                "edit_file",
                {
                    "path": "intervals/intervals.go",
                    "old_text": "\t\tif next.Start < last.End {",
                    "new_text": "\t\tif next.Start <= last.End {",
                },
            )
        ],
        text=(
            "The doc comment says overlapping or touching intervals become one. With half-open intervals a booking "
            "that starts exactly at last.End touches the block, so the test must be <=, not <."
        ),
        results={0: ("overlapping or touching", "if next.Start < last.End {")},
    )
    s.turn([("run_check", {})], results={0: ("edited intervals/intervals.go",)})
    return s.finish(
        "intervals.Merge compared next.Start < last.End, so a booking starting exactly where the previous block ends "
        "(touching half-open intervals) began a new block, against Merge's documented contract.",
        "Extend the current block when next.Start <= last.End; Busy and the table cases now agree.",
        results={0: (CHECK_PASSED, "ok")},
    )


def go_build_renamed_method() -> Cassette:
    s = Script(SONNET, "go-build-renamed-method: report still calls ledger.Account.Balance after its rename.")
    s.turn(
        [("search", {"pattern": r"func \(a \*Account\)", "glob": "*.go"})],
        text=(
            "The first error: report.go:23 a.Balance undefined on *ledger.Account; line 30 is the same cause. "
            "Find what the ledger package calls the balance accessor now."
        ),
        tools=BUILD_TOOLS,
        contains=(
            "- language: go",
            "report/report.go:23:55",
            "FormatCents(a.Balance()))",
            "### report/report.go (lines",
        ),
    )
    s.turn(
        [
            (
                "edit_file",
                {
                    "path": "report/report.go",
                    "old_text": "FormatCents(a.Balance()))",
                    "new_text": "FormatCents(a.BalanceCents()))",
                },
            ),
            (
                "edit_file",
                {
                    "path": "report/report.go",
                    "old_text": "total += a.Balance()",
                    "new_text": "total += a.BalanceCents()",
                },
            ),
        ],
        text="Account exposes BalanceCents() (same int64 cents); both callers in report.go use the old name.",
        results={0: ("ledger/ledger.go", "func (a *Account) BalanceCents() int64")},
    )
    s.turn([("run_check", {})], results={0: ("edited report/report.go",), 1: ("edited report/report.go",)})
    return s.finish(
        "ledger.Account.Balance() was renamed to BalanceCents(); report.Line and report.Total still called the old "
        "name, so the report package did not compile.",
        "Both callers in report/report.go call BalanceCents(); the value and its unit (cents) are unchanged.",
        results={0: (CHECK_PASSED,)},
    )


# ------------------------------------------------------------------ C


def c_make_header_signature() -> Cassette:
    s = Script(SONNET, "c-make-header-signature: ringbuf_get's definition lags behind its bounds-checked prototype.")
    s.turn(
        [("read_file", {"path": "include/ringbuf.h", "start_line": 14, "end_line": 23})],
        text=(
            "The first (and only) error: conflicting types for ringbuf_get at src/ringbuf.c:29; the note points to "
            "the prototype in include/ringbuf.h:19, which returns bool and takes a double *out. Read the contract."
        ),
        tools=BUILD_TOOLS,
        contains=("- language: c", "src/ringbuf.c:29", "29| double ringbuf_get(const ringbuf *rb, size_t i)"),
    )
    s.turn(
        [
            (
                "edit_file",
                {
                    "path": "src/ringbuf.c",
                    "old_text": (
                        "double ringbuf_get(const ringbuf *rb, size_t i)\n{\n"
                        "    size_t oldest = (rb->head + rb->capacity - rb->count) % rb->capacity;\n"
                        "    return rb->data[(oldest + i) % rb->capacity];\n}"
                    ),
                    "new_text": (
                        "bool ringbuf_get(const ringbuf *rb, size_t i, double *out)\n{\n"
                        "    if (i >= rb->count) {\n        return false;\n    }\n"
                        "    size_t oldest = (rb->head + rb->capacity - rb->count) % rb->capacity;\n"
                        "    *out = rb->data[(oldest + i) % rb->capacity];\n    return true;\n}"
                    ),
                },
            )
        ],
        text=(
            "The header is the contract (stats.c and the tests call ringbuf_get(rb, i, &value) and test the bool): "
            "the i-th oldest sample, false when i is out of range. The definition must follow it, with the bounds "
            "check the comment promises."
        ),
        results={0: ("false when i is out of range", "bool ringbuf_get(const ringbuf *rb, size_t i, double *out);")},
    )
    s.turn([("run_check", {})], results={0: ("edited src/ringbuf.c",)})
    return s.finish(
        "ringbuf_get in src/ringbuf.c still had its old signature (returning the sample, no bounds check) while "
        "include/ringbuf.h declares bool ringbuf_get(rb, i, double *out); gcc stopped on the conflicting types.",
        "The definition now matches the prototype: false for i >= count, otherwise the i-th oldest sample in *out.",
        results={0: (CHECK_PASSED, "ringbuf: all tests passed")},
    )


LANG_SCRIPTS: dict[str, Callable[[], Cassette]] = {
    "c-make-header-signature": c_make_header_signature,
    "go-build-renamed-method": go_build_renamed_method,
    "go-test-interval-merge": go_test_interval_merge,
}

__all__ = ["LANG_SCRIPTS", "LANG_ZERO_MODEL", "LINT_TOOLS"]
