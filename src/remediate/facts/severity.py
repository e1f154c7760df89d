"""What a record of level warning or note (ErrorRecord.severity) may decide.

A tool prints its warnings in a run that passes (hadolint under `--failure-threshold error`, puppet-lint without
`--fail-on-warnings`, yamllint's warning rows, a compiler's `warning:`), so a warning is evidence of the job's
failure only where something says it failed the run:
- where no step is known to have failed (a log that shows no step), a warning decides nothing, unless the run made
  warnings fatal (below);
- where a step is known to have failed, a warning counts only when no error-level record, no failing test, no
  other tool's failing summary and no error-level row no reader recorded (mypy's `shop/cart.py:6: error: ...` after
  hadolint's warnings in one script, mypy's parser left out) in that step's output explains the failure (a passing
  step's errors, `cmd || true`, failed nothing): a failing step whose only findings are warnings failed on them
  (hadolint's default threshold, `stylelint`'s `--max-warnings`);
- a run that made warnings fatal (`-Werror`, `--max-warnings 0`, `--strict`, `--fail-on-warnings`, `-W` of
  sphinx-build, RUSTFLAGS' `-D warnings`), by its command or by the tool's own words (`all warnings being treated
  as errors`, `ESLint found too many warnings`, `Aborted with 2 warnings in strict mode`), or a tool whose own
  closing summary counts the warnings as its failures (HLint's `3 hints`, exit 1 on any): its warnings are errors.
A tool that prints only what fails its run (_EVERY_FINDING_FAILS: ShellCheck prints nothing below its `-S` level and
fails on what it prints, pylint and HLint exit non-zero on any message) has its levels kept as the tool gave them,
and every one of them votes.
A record that decides nothing keeps its place in the excerpt and the report; it no longer votes (ErrorRecord.votes).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from remediate.facts.lazyregex import Regex
from remediate.facts.parsers.base import Findings, Parser
from remediate.facts.view import View
from remediate.models import ErrorRecord, Severity

# A command that makes warnings fatal: gcc/clang/javac's `-Werror` (`-Werror=x` for some), rustc's `-D warnings`
# (`-Dwarnings`, `--deny warnings`), ESLint's and stylelint's `--max-warnings 0` / `--max-warnings=0`, puppet-lint's
# `--fail-on-warnings`, `--warnings-as-errors` (mix, dotnet's `-warnaserror`), scalac's `-Xfatal-warnings`,
# `--strict` (mkdocs, yamllint's: warnings fail), hadolint's `--failure-threshold warning|info|style`.
# A flag opens a word, or a quoted one, or a variable's value (`RUSTFLAGS="-D warnings"`, `CFLAGS=-Werror`).
_FATAL_COMMAND = Regex(
    r"(?:^|[\s\"'=])(?:-Werror\b|-D\s?warnings\b|--deny[= ]warnings\b|--max-warnings[= ]0\b|--fail-on-warnings?\b|"
    r"--warnings-as-errors\b|-warnaserror\b|-Xfatal-warnings\b|--strict\b|"
    r"--failure-threshold[= ](?:warning|info|style)\b)"
)
# sphinx-build's `-W`, alone or in a bundle of its one-letter options (`-nW`); for gcc, `-Wall` only enables warnings.
_SPHINX_W = Regex(r"(?:^|\s)-[a-zA-Z]*W[a-zA-Z]*(?=\s|$)")

_EVERY_FINDING_FAILS = frozenset({"shellcheck", "pylint", "hlint"})

# A tool's own words that its warnings failed the run.
_FATAL_WORDS = Regex(
    r"warnings? (?:being )?treated as errors?|Warning, treated as error|too many warnings|"
    r"warnings? in strict mode|warnings are errors|--max-warnings[= ]0\b|-Werror\b"
)
_FATAL_LITERALS = (
    "treated as error",
    "too many warnings",
    "strict mode",
    "warnings are errors",
    "max-warnings",
    "Werror",
)


def weighed(
    results: list[tuple[Parser, Findings]],
    view: View,
    failed: tuple[int, int] | None,
    commands: Sequence[str | None],
) -> list[tuple[Parser, Findings]]:
    """The results, their warnings and notes voting only where they may have failed the run (the module's note).
    `failed`: the lines of the step known to have failed, None where none is; `commands`: what the failing step ran
    (its command, its failed line, what its wrapper ran)."""
    if not any(_warns(e) for _, found in results for e in found.errors):
        return results
    if _fatal(view, commands):
        return results
    explained = failed is not None and (_explained(results, failed) or _unread_error(results, view, failed))
    for _parser, found in results:
        if (failed is not None and not explained) or _own_count(found):
            continue
        found.errors = [e.model_copy(update={"votes": False}) if _warns(e) and e.votes else e for e in found.errors]
    return results


def _warns(err: ErrorRecord) -> bool:
    """Whether the record is a warning or a note that may not have failed its tool's run."""
    return err.severity is not Severity.ERROR and err.tool not in _EVERY_FINDING_FAILS


def _fatal(view: View, commands: Iterable[str | None]) -> bool:
    """Whether the failing step's command or a tool's own words in the log make warnings fatal."""
    for command in commands:
        if command and (_FATAL_COMMAND.search(command) or ("sphinx" in command and _SPHINX_W.search(command))):
            return True
    return any(
        any(word in line.text for word in _FATAL_LITERALS) and _FATAL_WORDS.search(line.text) for line in view.lines
    )


def _explained(results: list[tuple[Parser, Findings]], span: tuple[int, int]) -> bool:
    """Whether something other than a warning says what failed in the failing step's lines (`span`; what a passing
    step printed, `cmd || true`'s errors, failed nothing): an error-level record that votes, a failing test, or a
    tool's closing summary counting failures with no warning of its own read."""
    first, last = span

    def inside(no: int | None) -> bool:
        return no is None or first <= no <= last  # a record or a test placed on no line may be the step's

    for _parser, found in results:
        if any(e.votes and not _warns(e) and inside(e.log_line) for e in found.errors):
            return True
        if any(inside(found.test_lines.get(t.id)) for t in found.tests):
            return True
        counted = any(n and inside(no) for no, n in found.summaries.items())
        if counted and not any(_warns(e) for e in found.errors):
            return True
    return False


def _unread_error(results: list[tuple[Parser, Findings]], view: View, span: tuple[int, int]) -> bool:
    """Whether the failing step's lines (`span`) hold a row some tool printed at the error level at a place that no
    reader made a record of (located.says_error): a type checker's, a compiler's error no parser read beside a
    linter's warnings (`pkg/cart.py:5: error: ...` of mypy after Checkstyle's `[WARN]` rows in one script) says the
    step failed on it. The rows are read as the parsers read them, without the `##[error]` GitHub's runner writes
    before a row a problem matcher took (setup-node's tsc matcher: `##[error]src/cart.ts(2,7): error TS2322: ...`),
    since `view` is the unretried one, which keeps it."""
    from remediate.facts.located import says_error  # imported late: most logs print no warning
    from remediate.facts.parsers.workflow_commands import unannotated

    first, last = span
    read = {e.log_line for _parser, found in results for e in found.errors}
    return any(line.no not in read and says_error(line.text) for line in unannotated(view).within(first, last))


def _own_count(found: Findings) -> bool:
    """Whether the tool's own closing summary counts failures while every record it read is a warning or a note:
    it counted its warnings as failures (HLint's `3 hints`)."""
    return any(found.summaries.values()) and not any(not _warns(e) for e in found.errors)
