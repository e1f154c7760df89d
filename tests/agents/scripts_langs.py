"""Scripted cassettes of the non-Python fixtures (Go, Rust, JavaScript/TypeScript, Java, C) and
of the multi-failure jobs; tests/agents/scripts.py merges them into its SCRIPTS and ZERO_MODEL.

Each is a row of FIXES, built by `Fix.cassette` (tests/agents/scripting.py). Same rules as in
scripts.py: each turn states what the request must hold (the language, the facts, the file
regions, the tool results), so a regression in the language profiles, the prompts or the
providers fails the replay instead of passing by luck."""

from __future__ import annotations

from collections.abc import Callable

from remediate.replay import Cassette
from tests.agents.scripting import LINT_TOOLS, TESTS_TOOLS, Edit, Fix

BUILD_TOOLS = TESTS_TOOLS

# Fixed by the language's deterministic fixer alone: no cassette, so a model call fails the run.
LANG_ZERO_MODEL: dict[str, str] = {
    "go-gofmt-unformatted": "`gofmt -w` on the two files `gofmt -l` lists",
    "js-eslint-fixable": "`eslint --fix` with the project's flat config on the two files eslint names",
    "ts-prettier-unformatted": "`prettier --write` with the project's .prettierrc on the two files prettier lists",
    "rust-fmt-unformatted": "rustfmt (what `cargo fmt` runs) on the two files `cargo fmt --check` names",
}

FIXES: dict[str, Fix] = {
    # ------------------------------------------------------------------ several failures in one job
    "multi-py-lint-test": Fix(
        description="multi-py-lint-test: after ruff's fixers, the second failure is tier_for's > at the threshold.",
        reason=(
            "The lint stage is done; the re-run now fails test_reaching_a_threshold_reaches_the_tier: 1000 points "
            "give BASIC. tier_for's doc says the tier whose threshold the points reach, so reaching (>=) counts."
        ),
        tools=TESTS_TOOLS,
        contains=("## After the earlier stages", "test_reaching_a_threshold_reaches_the_tier", "tiers.py"),
        absent=("F401",),
        edits=(
            Edit("src/loyalty/tiers.py", "        if yearly_points > minimum:", "        if yearly_points >= minimum:"),
        ),
        root_cause=(
            "tier_for in src/loyalty/tiers.py compared yearly_points > minimum, so points exactly at a threshold did "
            "not reach the tier its docstring promises."
        ),
        summary="Use >= so reaching a threshold reaches the tier; ruff's fixers had already removed the unused imports.",
        passed=("4 passed",),
    ),
    "multi-ts-format-type": Fix(
        description="multi-ts-format-type: after prettier, tsc finds a string assigned to a number in parseDays.",
        reason=(
            "prettier's stage is done; the re-run fails on TS2322 at quote.ts:15: a string is declared number. "
            "parseDays must parse the text, and a text that is not a number must not become NaN silently."
        ),
        tools=LINT_TOOLS,
        contains=("## After the earlier stages", "[TS2322] src/quote.ts:15", "- language: typescript"),
        edits=(
            Edit(
                "src/quote.ts",
                "  const days: number = text.trim();\n  return days;",
                "  const days = Number.parseInt(text.trim(), 10);\n  if (Number.isNaN(days)) {\n"
                "    throw new Error(`not a number of days: ${text}`);\n  }\n  return days;",
            ),
        ),
        root_cause="parseDays in src/quote.ts assigned the trimmed text (a string) to a number without parsing it.",
        summary=(
            "Parse with Number.parseInt(text.trim(), 10) and throw for a text that is not a number; prettier had "
            "already reformatted src/eta.ts."
        ),
    ),
    # ------------------------------------------------------------------ Java
    "java-junit-invoice-rounding": Fix(
        description="java-junit-invoice-rounding: VAT rounded DOWN where the contract says half-up.",
        look=("search", {"pattern": r"RoundingMode\.", "glob": "*.java"}),
        reason=(
            "Both JUnit failures are a cent short: VAT of 0.13 at 20% is 0.026, expected 0.03 but was 0.02; the gross "
            "total is 30.03 instead of 30.04. That is truncation where rounding half-up is expected. Find the "
            "rounding in the main code."
        ),
        tools=TESTS_TOOLS,
        contains=("- language: java", "InvoiceTest.vatIsRoundedHalfUpToCents", "expected: <0.03> but was: <0.02>"),
        seen=("src/main/java/shop/Invoice.java", "RoundingMode.DOWN"),
        edit_reason="Invoice.vat()'s own doc says half-up to cents, like net(); it uses RoundingMode.DOWN.",
        edits=(
            Edit(
                "src/main/java/shop/Invoice.java",
                "return net().multiply(vatRate).setScale(2, RoundingMode.DOWN);",
                "return net().multiply(vatRate).setScale(2, RoundingMode.HALF_UP);",
            ),
        ),
        root_cause=(
            "Invoice.vat() in src/main/java/shop/Invoice.java truncated the VAT to cents (RoundingMode.DOWN) although "
            "it is documented, and tested, to round half-up per invoice."
        ),
        summary="vat() rounds with RoundingMode.HALF_UP, like net(); gross() follows.",
        passed=("tests successful",),
    ),
    "java-javac-cannot-find-symbol": Fix(
        description="java-javac-cannot-find-symbol: Loans calls Book.isLent() after its rename to isOnLoan().",
        look=("search", {"pattern": r"public boolean is\w+\(", "glob": "*.java"}),
        reason=(
            "First error: Loans.java:12 cannot find symbol isLent() on Book; the second (invalid method reference "
            "Book::isLent at line 20) is the same name. See what Book calls it now."
        ),
        tools=BUILD_TOOLS,
        contains=("- language: java", "src/main/java/library/Loans.java:12", "12|         if (book.isLent()) {"),
        seen=("public boolean isOnLoan()",),
        edit_reason="Book.isOnLoan() is the renamed isLent() (its doc says so); both uses in Loans follow the rename.",
        edits=(
            Edit("src/main/java/library/Loans.java", "        if (book.isLent()) {", "        if (book.isOnLoan()) {"),
            Edit(
                "src/main/java/library/Loans.java",
                "                .filter(Book::isLent)",
                "                .filter(Book::isOnLoan)",
            ),
        ),
        root_cause=(
            "Book.isLent() was renamed to isOnLoan(), but Loans.lend and Loans.overdue still used the old name (a "
            "call and a method reference), so javac could not find the symbol."
        ),
        summary="Both uses in src/main/java/library/Loans.java now call isOnLoan(); behaviour is unchanged.",
    ),
    # ------------------------------------------------------------------ Rust
    "rust-test-luhn": Fix(
        description="rust-test-luhn: luhn_sum doubles the check digit instead of every second digit before it.",
        look=("read_file", {"path": "src/lib.rs", "start_line": 12, "end_line": 32}),
        reason=(
            "79927398713 is the textbook valid Luhn number and fails, and check_digit gives 4 where 3 is right: the "
            "sum itself is wrong, not the callers. Read luhn_sum."
        ),
        tools=TESTS_TOOLS,
        contains=("- language: rust", "tests::known_valid_numbers_pass", "left: Some(4)"),
        seen=("the rightmost digit is NOT doubled", "if i % 2 == 0 {"),
        edit_reason=(
            "The doc says the rightmost digit is NOT doubled, yet after .rev().enumerate() index 0 is the rightmost "
            "digit and it is the one doubled. The doubled digits are the odd indexes."
        ),
        edits=(
            Edit(
                "src/lib.rs",
                "            if i % 2 == 0 {\n                let doubled",
                "            if i % 2 == 1 {\n                let doubled",
            ),
        ),
        root_cause=(
            "luhn_sum in src/lib.rs doubled the digits at even positions from the right, including the check digit "
            "itself, while the Luhn algorithm (and the function's doc) doubles every second digit starting with the "
            "second-to-last."
        ),
        summary="Double the digits at odd indexes of the reversed sequence (i % 2 == 1); is_valid and check_digit follow.",
        passed=("test result: ok",),
    ),
    "rust-build-borrow": Fix(
        description="rust-build-borrow: restock uses the &mut Item after a second mutable borrow of self.",
        reason=(
            "E0499 at src/lib.rs:54: `item` (a &mut Item borrowed from self by item_mut) is still used on line 55, "
            "after self.record borrows self mutably again. pick() already shows the pattern: copy the quantity (a "
            "u32) out before recording, so the first borrow ends. No clone of the item, no unsafe."
        ),
        tools=BUILD_TOOLS,
        contains=("- language: rust", "[E0499] src/lib.rs:54", "54|         self.record(format!"),
        edits=(
            Edit(
                "src/lib.rs",
                '        item.quantity += qty;\n        self.record(format!("restock {sku} +{qty}"));\n'
                "        Ok(item.quantity)",
                "        item.quantity += qty;\n        let held = item.quantity;\n"
                '        self.record(format!("restock {sku} +{qty}"));\n        Ok(held)',
            ),
        ),
        root_cause=(
            "Warehouse::restock held the &mut Item returned by item_mut across self.record(...), a second mutable "
            "borrow of self, because the item's quantity was read after the call (E0499)."
        ),
        summary=(
            "Read the new quantity into a local before recording the movement, as pick() does; behaviour is unchanged."
        ),
    ),
    # ------------------------------------------------------------------ JavaScript / TypeScript
    "js-jest-discount-cap": Fix(
        description="js-jest-discount-cap: the WELCOME10 cap takes the larger of the discount and the cap.",
        look=("search", {"pattern": r"maxOffCents", "glob": "*.js"}),
        reason=(
            "Both failures are WELCOME10: a small basket gets 1500 off instead of 340, a big one 2490 instead of "
            "1500. 1500 is the cap, so the cap is applied the wrong way round. Find where maxOffCents is used."
        ),
        tools=TESTS_TOOLS,
        contains=("- language: javascript", "WELCOME10 takes ten percent off a small basket", "Received: 1500"),
        seen=("src/cart.js", "return Math.max(off, rule.maxOffCents);"),
        edit_reason="A cap is an upper bound on the amount taken off: the discount is the smaller of the two, Math.min.",
        edits=(
            Edit(
                "src/cart.js",
                "    return Math.max(off, rule.maxOffCents);",
                "    return Math.min(off, rule.maxOffCents);",
            ),
        ),
        root_cause=(
            "discount() in src/cart.js applied the WELCOME10 cap with Math.max, so every basket got at least the cap "
            "(15.00) off and large baskets got the uncapped ten percent."
        ),
        summary="The cap now bounds the discount from above: Math.min(off, rule.maxOffCents).",
        passed=("5 passed",),
    ),
    "ts-tsc-possibly-undefined": Fix(
        description="ts-tsc-possibly-undefined: SeatMap.book uses find() without handling an unknown id.",
        reason=(
            "TS18048 at seats.ts:31 and :34 and TS2322 at :35 all come from one line: book() takes this.find(id), "
            "which is Seat | undefined. The class already has get(id), which throws the project's SeatNotFound for "
            "an unknown seat and returns Seat. Booking an unknown seat must fail the same way, so book uses get; "
            "no non-null assertion."
        ),
        tools=LINT_TOOLS,
        contains=("- language: typescript", "[TS18048] src/seats.ts:31", "30|     const seat = this.find(id);"),
        edits=(
            Edit(
                "src/seats.ts",
                "  book(id: string, holder: string): Seat {\n    const seat = this.find(id);",
                "  book(id: string, holder: string): Seat {\n    const seat = this.get(id);",
            ),
        ),
        root_cause=(
            "SeatMap.book() in src/seats.ts used find(), which returns Seat | undefined, and dereferenced the result "
            "without handling an unknown seat id."
        ),
        summary=(
            "book() now looks the seat up with get(), which throws SeatNotFound for an unknown id (as every other "
            "lookup does) and returns a Seat, so the holder check and the assignment are type-safe."
        ),
    ),
    # ------------------------------------------------------------------ C
    "c-make-header-signature": Fix(
        description="c-make-header-signature: ringbuf_get's definition lags behind its bounds-checked prototype.",
        look=("read_file", {"path": "include/ringbuf.h", "start_line": 14, "end_line": 23}),
        reason=(
            "The first (and only) error: conflicting types for ringbuf_get at src/ringbuf.c:29; the note points to "
            "the prototype in include/ringbuf.h:19, which returns bool and takes a double *out. Read the contract."
        ),
        tools=BUILD_TOOLS,
        contains=("- language: c", "src/ringbuf.c:29", "29| double ringbuf_get(const ringbuf *rb, size_t i)"),
        seen=("false when i is out of range", "bool ringbuf_get(const ringbuf *rb, size_t i, double *out);"),
        edit_reason=(
            "The header is the contract (stats.c and the tests call ringbuf_get(rb, i, &value) and test the bool): "
            "the i-th oldest sample, false when i is out of range. The definition must follow it, with the bounds "
            "check the comment promises."
        ),
        edits=(
            Edit(
                "src/ringbuf.c",
                "double ringbuf_get(const ringbuf *rb, size_t i)\n{\n"
                "    size_t oldest = (rb->head + rb->capacity - rb->count) % rb->capacity;\n"
                "    return rb->data[(oldest + i) % rb->capacity];\n}",
                "bool ringbuf_get(const ringbuf *rb, size_t i, double *out)\n{\n"
                "    if (i >= rb->count) {\n        return false;\n    }\n"
                "    size_t oldest = (rb->head + rb->capacity - rb->count) % rb->capacity;\n"
                "    *out = rb->data[(oldest + i) % rb->capacity];\n    return true;\n}",
            ),
        ),
        root_cause=(
            "ringbuf_get in src/ringbuf.c still had its old signature (returning the sample, no bounds check) while "
            "include/ringbuf.h declares bool ringbuf_get(rb, i, double *out); gcc stopped on the conflicting types."
        ),
        summary=(
            "The definition now matches the prototype: false for i >= count, otherwise the i-th oldest sample in *out."
        ),
        passed=("ringbuf: all tests passed",),
    ),
    # ------------------------------------------------------------------ Go
    "go-build-renamed-method": Fix(
        description="go-build-renamed-method: report still calls ledger.Account.Balance after its rename.",
        look=("search", {"pattern": r"func \(a \*Account\)", "glob": "*.go"}),
        reason=(
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
        seen=("ledger/ledger.go", "func (a *Account) BalanceCents() int64"),
        edit_reason="Account exposes BalanceCents() (same int64 cents); both callers in report.go use the old name.",
        edits=(
            Edit("report/report.go", "FormatCents(a.Balance()))", "FormatCents(a.BalanceCents()))"),
            Edit("report/report.go", "total += a.Balance()", "total += a.BalanceCents()"),
        ),
        root_cause=(
            "ledger.Account.Balance() was renamed to BalanceCents(); report.Line and report.Total still called the old "
            "name, so the report package did not compile."
        ),
        summary="Both callers in report/report.go call BalanceCents(); the value and its unit (cents) are unchanged.",
    ),
    "go-test-interval-merge": Fix(
        description="go-test-interval-merge: touching half-open intervals are not merged (< where <= is meant).",
        look=("read_file", {"path": "intervals/intervals.go", "start_line": 17, "end_line": 40}),
        reason=(
            "Only the touching cases fail: [540,600) and [600,660) stay separate. The test region shows the table; "
            "the comparison that decides whether the next booking extends the block is in Merge."
        ),
        tools=TESTS_TOOLS,
        contains=("- language: go", "TestMerge/touching", "intervals/intervals_test.go (lines"),
        seen=("overlapping or touching", "if next.Start < last.End {"),
        edit_reason=(
            "The doc comment says overlapping or touching intervals become one. With half-open intervals a booking "
            "that starts exactly at last.End touches the block, so the test must be <=, not <."
        ),
        edits=(Edit("intervals/intervals.go", "\t\tif next.Start < last.End {", "\t\tif next.Start <= last.End {"),),
        root_cause=(
            "intervals.Merge compared next.Start < last.End, so a booking starting exactly where the previous block "
            "ends (touching half-open intervals) began a new block, against Merge's documented contract."
        ),
        summary="Extend the current block when next.Start <= last.End; Busy and the table cases now agree.",
        passed=("ok",),
    ),
}

LANG_SCRIPTS: dict[str, Callable[[], Cassette]] = {case: fix.cassette for case, fix in FIXES.items()}

__all__ = ["FIXES", "LANG_SCRIPTS", "LANG_ZERO_MODEL", "LINT_TOOLS"]
