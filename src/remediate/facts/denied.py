"""Warnings a build denies, and the linter that reports them too. rustc's own lints denied by the build
(`-D warnings`, `#![deny(warnings)]`) are the build's failure (parsers/rust.py: build records that name their
lint); Clippy reports the same lints beside its own, so in a step that runs Clippy they are the linter's findings.
A step runs Clippy when its command says so, or, when the log shows no Cargo command for it (Cloud Build, a TeamCity
script step), when its output does: Clippy names itself in each of its own findings. Light on purpose: read by
classify.categorize on every log."""

from __future__ import annotations

from remediate.facts.lazyregex import Regex
from remediate.facts.syntaxcheck import command_parts
from remediate.models import ErrorRecord

# `cargo clippy`, `cargo +nightly clippy`, `cargo-clippy`: not `cargo build`, nor a path or word holding "clippy"
_CLIPPY = Regex(r"^(?:\S*/)?(?:cargo(?:\s+\+\S+)?\s+clippy|cargo-clippy)(?:\s|$)")

# Clippy's own words under a finding, in rustc's human form or inside a JSON diagnostic's rendered text
# (`--message-format=json`, where the note follows a literal `\n`): the lint it denied (`= note: `-D clippy::ptr-arg`
# implied by`) or the link to its lint list (`= help: for further information visit
# https://rust-lang.github.io/rust-clippy/master/index.html#ptr_arg`, which Clippy adds to each of its lints).
_CLIPPY_SAYS = Regex(
    r"(?:^\s{0,12}|\\n\s{0,12})= (?:note|help): [^\n\\]{0,200}?(?:\bclippy::[a-z_-]{1,80}|/rust-clippy/)"
)

# a rustc lint's name (`unused_variables`), not an error code (`E0308`)
_LINT_NAME = Regex(r"^[a-z][a-z0-9_]*$")


def runs_clippy(command: str) -> bool:
    """Whether a part of a step's command runs Clippy."""
    return any(_CLIPPY.match(part) for part in command_parts(command))


# any Cargo command (`cargo build`, `cargo +nightly test`, `cargo-clippy`): a step that shows one is read by it
_CARGO = Regex(r"^(?:\S*/)?(?:cargo(?:\s+\+\S+)?|cargo-clippy)(?:\s|$)")


def runs_cargo(command: str) -> bool:
    """Whether a command runs Cargo at all (then whether it runs Clippy is the command's to say, not its output's)."""
    return any(_CARGO.match(part) for part in command_parts(command))


def clippy_says(line: str) -> bool:
    """Whether a line of output is Clippy's own note on one of its findings (so its step runs Clippy)."""
    return "clippy" in line and _CLIPPY_SAYS.search(line) is not None


def denied_lint(err: ErrorRecord) -> bool:
    """Whether a record is one of rustc's lints the build denied (cargo's record whose code names the lint)."""
    return err.tool == "cargo" and err.code is not None and _LINT_NAME.match(err.code) is not None
