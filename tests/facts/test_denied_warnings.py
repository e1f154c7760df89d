"""Warnings a build denies fail the build, as gcc's `-Werror` and erlc's `warnings_as_errors` do (the dev half
labels erlc's compile_build; the build specialist fixes the code and rejects `-Wno-error` and `#[allow]`): rustc's
own lints denied by `-D warnings` or `#![deny(warnings)]`, GHC's `-Werror`. Clippy's lints are the linter's, and in
a step that runs Clippy so are rustc's lints it reports beside them. Real output: tests/facts/data/README.md,
"Warnings a build denies"."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.denied import runs_cargo, runs_clippy
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA


def _framed(sample: str, command: str) -> tuple[Category, Category, bool]:
    found = extract_facts(framing.travis(command, (DATA / sample).read_text()))
    verdict = rule_verdict(found)
    return found.category, verdict.category, verdict.decided


@pytest.mark.parametrize(
    ("sample", "command"),
    [
        ("cargo_build_deny_warnings.txt", "cargo build --verbose"),
        ("cargo_build_rustflags_d_warnings.txt", "cargo build --verbose"),  # before: lint 0.88
        ("cargo_clippy_rustc_lint.txt", "cargo test --verbose"),  # before: lint 0.88
        ("sample_ghc_werror.txt", "cabal build"),  # before: lint 0.88
    ],
)
def test_a_compilers_warning_the_build_denies_is_a_build_failure(sample: str, command: str) -> None:
    assert _framed(sample, command) == (Category.BUILD, Category.BUILD, True)


@pytest.mark.parametrize(
    ("sample", "command"),
    [
        ("gradle441_checkstyle_check.txt", "./gradlew check"),
        ("cmake325_make_clang_tidy.txt", "mkdir build && cd build && cmake .. && make"),
        ("webpack4_eslint_loader2.txt", "npm run build"),
    ],
)
def test_a_linter_a_build_tool_runs_stays_lint(sample: str, command: str) -> None:
    """The other side of the border: Checkstyle under Gradle, clang-tidy as CMake's CXX_CLANG_TIDY, eslint-loader
    under webpack (already so before this round; kept)."""
    assert _framed(sample, command) == (Category.LINT, Category.LINT, True)


@pytest.mark.parametrize("sample", ["cargo_clippy_rustc_lint.txt", "cargo_clippy_rustc_and_clippy_lints.txt"])
def test_rustcs_lints_in_a_clippy_step_are_the_linters_findings(sample: str) -> None:
    assert _framed(sample, "cargo clippy --all-targets -- -D warnings") == (Category.LINT, Category.LINT, True)


def test_rustdoc_s_lints_a_doc_build_denies_are_the_documentation_s() -> None:
    """`cargo doc` with `-D warnings`: rustdoc's broken intra-doc links are lint (decided build before), the note that
    names the lint under the first error only; a compiler error rustdoc met (E0425) stays the build's."""
    found = extract_facts(framing.travis('RUSTDOCFLAGS="-D warnings" cargo doc --no-deps', _text("broken_links")))
    assert [(e.tool, e.code, e.category) for e in found.errors] == [
        ("rustdoc", "rustdoc::broken_intra_doc_links", Category.LINT),
        ("rustdoc", "rustdoc", Category.LINT),
    ]
    verdict = rule_verdict(found)
    assert (found.category, verdict.category, verdict.decided) == (Category.LINT, Category.LINT, True), verdict.reason
    compiled = extract_facts(_text("compile_error").encode())
    assert [(e.tool, e.code, e.category) for e in compiled.errors] == [("cargo", "E0425", Category.BUILD)]
    assert not extract_facts(_text("warnings_passed").encode()).errors


def _text(name: str) -> str:
    return (DATA / f"cargo195_doc_{name}.txt").read_text()


def test_clippys_own_lints_stay_lint_whatever_the_step() -> None:
    found = extract_facts(framing.travis("cargo build", (DATA / "cargo_clippy_rustc_and_clippy_lints.txt").read_text()))
    assert {(e.tool, e.category) for e in found.errors} == {("cargo", Category.BUILD), ("clippy", Category.LINT)}


@pytest.mark.parametrize(
    ("command", "runs"),
    [
        ("cargo clippy -- -D warnings", True),
        ("cargo +nightly clippy --all-features", True),
        ("cargo fmt -- --check && cargo clippy", True),
        ("~/.cargo/bin/cargo-clippy clippy", True),
        ("cargo build --verbose", False),
        ("cargo test --features clippy", False),
        ("rustup component add clippy", False),
    ],
)
def test_runs_clippy(command: str, runs: bool) -> None:
    assert runs_clippy(command) is runs


# rustc's short form (`cargo build --message-format=short`, `rustc --error-format=short`): `src/main.rs:2:28:
# error[E0277]: ...` on one line, no `-->` below. Before: keywords only (cargo) or no signal (rustc alone).
@pytest.mark.parametrize(
    ("sample", "command"),
    [
        ("cargo195_short_errors.txt", "cargo build --message-format=short"),
        ("rustc195_short_errors.txt", "rustc --error-format=short src/main.rs"),
    ],
)
def test_rustcs_short_form_errors_are_build_records(sample: str, command: str) -> None:
    found = extract_facts(framing.travis(command, (DATA / sample).read_text()))
    assert [(e.file, e.line, e.column, e.code) for e in found.errors] == [
        ("src/main.rs", 2, 28, "E0277"),
        ("src/main.rs", 6, 5, "E0308"),
    ]
    assert found.errors[1].message == "mismatched types: expected `String`, found `u32`"
    assert _framed(sample, command) == (Category.BUILD, Category.BUILD, True)


@pytest.mark.parametrize(
    ("sample", "command", "category"),
    [
        ("cargo195_short_denied.txt", "cargo build --message-format=short", Category.BUILD),
        ("clippy195_short_denied.txt", "cargo clippy --message-format=short -- -D warnings", Category.LINT),
    ],
)
def test_a_short_form_error_without_rustcs_code_is_not_the_compilers_record(
    sample: str, command: str, category: Category
) -> None:
    # the short form names no lint: `error: unused variable` may be a lint the build denies, `error: writing
    # `&Vec`...` is Clippy's; neither is read as the compiler's (Clippy's step stays lint by its command)
    found = extract_facts(framing.travis(command, (DATA / sample).read_text()))
    assert not [e for e in found.errors if e.tool == "cargo"]
    assert rule_verdict(found).category is category


@pytest.mark.parametrize(
    ("command", "cargo"),
    [
        ("cargo build --verbose", True),
        ("cargo +nightly test", True),
        ("~/.cargo/bin/cargo-clippy clippy", True),
        ("make lint", False),
        ("bash ci/check.sh", False),
        ("echo cargo build", False),
    ],
)
def test_runs_cargo_only_when_the_command_is_cargos(command: str, cargo: bool) -> None:
    # a shown Cargo command says whether Clippy ran; Clippy's own words fill in only where none is shown
    assert runs_cargo(command) is cargo
