"""`remediate facts`: typed, redacted facts from a CI log, with no model.

Kept apart from cli.py so that this command imports neither the model SDK nor the sandbox, the
pipeline or the publisher, nor typer: on a small log it is done in a fraction of a second
(bench/facts_start.py measures it), of which typer, with the pydantic adapters it builds for each
option, took about a tenth. `remediate.entry` sends `remediate facts ...` here before anything else loads;
its options are declared once, in `_parser` (cli.py's `facts` hands its arguments on unread).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NoReturn

from remediate.status import ExitCode

if TYPE_CHECKING:
    from rich.console import Console

    from remediate.models import Facts

HELP = "Typed, redacted facts from a CI log, with no model."


def main(argv: Sequence[str]) -> None:
    """`remediate facts ARGV`: a usage error (argparse's message) or a refused input (one line) exits 2."""
    run(parse(argv))


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """The command's options; `--help` and a usage error end here, before the facts modules load."""
    return _parser().parse_args(argv)


def run(args: argparse.Namespace) -> None:
    """The command on options `parse` read."""
    try:
        facts(args.log, args.source, args.budget_tokens, args.as_json, args.secret_env, args.deadline)
        sys.stdout.flush()  # here, not at exit, where a closed pipe could only be reported
    except BrokenPipeError:  # `remediate facts ... | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except KeyboardInterrupt:  # Ctrl-C on a long log: one line, as `fix` says it (entry.py), not a traceback
        import signal

        _say("remediate: stopped by SIGINT")
        sys.exit(128 + signal.SIGINT)
    except Exception as exc:  # a defect met on someone's log: one line and `error`'s code, as `fix` reports it
        _defect(exc, args.secret_env)


def _defect(exc: Exception, secret_env: Sequence[str]) -> NoReturn:
    """An exception's words may quote the log: redacted as the facts are before they reach the terminal."""
    from remediate.errors import message_of
    from remediate.facts.redact import Redactor
    from remediate.secrets import collect_secrets

    redactor = Redactor(collect_secrets(os.environ, names=secret_env))
    _say(f"remediate facts: {redactor.redact(message_of(exc))}")
    sys.exit(int(ExitCode.ERROR))


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="remediate facts", description=HELP, allow_abbrev=False)
    ap.add_argument("--log", required=True, metavar="FILE", help="The CI log to read ('-': stdin)")
    ap.add_argument("--source", type=Path, metavar="DIR", help="The project, for repo facts")
    ap.add_argument(
        "--budget-tokens",
        default="2000",
        metavar="N|auto",
        help="Excerpt token budget: a number, or 'auto' (2,000; up to 4,000 for several failures) [default: 2000]",
    )
    ap.add_argument("--json", dest="as_json", action="store_true", help="Print JSON")
    ap.add_argument(
        "--secret-env", action="append", default=[], metavar="NAME", help="Env var whose value must be redacted"
    )
    ap.add_argument(
        "--deadline",
        type=_seconds,
        metavar="SECONDS",
        help="Seconds for the whole stage (default 120); past them, the facts found so far",
    )
    return ap


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")  # refused below, in the same words
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds >= 0")
    return value


def facts(
    log: str,
    source: Path | None,
    budget_tokens: str,
    as_json: bool,
    secret_env: Sequence[str],
    deadline: float | None,
) -> None:
    """Print the log's facts (a table, or JSON); a refused input exits with BAD_INPUT."""
    from remediate.errors import BadInput
    from remediate.facts import FactsInputError

    if source is not None and not source.is_dir():
        _refused(f"remediate: --source {source} is not a directory")
    budget = _budget(budget_tokens)
    try:
        log_input = _log_input(log)
    except BadInput as exc:
        _refused(f"remediate: {exc}")
    try:
        result = _extract(log_input, source, budget, secret_env, deadline)
    except FactsInputError as exc:
        _refused(f"remediate: {exc}")
    if result.incomplete:
        _say(f"remediate: facts incomplete: {result.incomplete}")
    if as_json:
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")
        return
    from rich.console import Console

    show(result, Console())


def _budget(budget_tokens: str) -> int | Literal["auto"]:
    """--budget-tokens: 'auto' or a whole number (extract_facts says if it is too small)."""
    from remediate.facts import FactsInputError, parse_budget

    try:
        return parse_budget(budget_tokens, "--budget-tokens")
    except FactsInputError as exc:
        _refused(f"remediate: {exc}", soft_wrap=False)


def _extract(
    log: Path | bytes,
    source: Path | None,
    budget: int | Literal["auto"],
    secret_env: Sequence[str],
    deadline: float | None,
) -> Facts:
    from remediate.facts import extract_facts
    from remediate.facts.extract import DEADLINE_S
    from remediate.secrets import collect_secrets

    return extract_facts(
        log,
        source=source,
        budget_tokens=budget,
        secrets=collect_secrets(os.environ, names=secret_env),
        deadline_s=DEADLINE_S if deadline is None else deadline,
    )


def _refused(message: str, *, soft_wrap: bool = True) -> NoReturn:
    """Say why the input is refused and exit (bad input)."""
    _say(message, soft_wrap=soft_wrap)
    sys.exit(int(ExitCode.BAD_INPUT))


def _say(message: str, *, soft_wrap: bool = True) -> None:
    """A line on stderr. Rich and the terminal guard load only when there is one to print: the
    `--json` path of a successful run never imports them (it starts faster without)."""
    from rich.console import Console

    from remediate.terminal import shown

    Console(stderr=True).print(shown(message), soft_wrap=soft_wrap)


def _log_input(log: str) -> Path | bytes:
    """A path is read by extract_facts (its errors are one line); `-` (stdin) goes through `fix`'s
    reader, imported only then because it loads the model price tables."""
    from remediate.errors import EMPTY_LOG, BadInput

    if log != "-":
        path = Path(log)
        if path.is_file() and path.stat().st_size == 0:
            raise BadInput(EMPTY_LOG)
        return path
    from remediate.inputs import read_log

    return read_log(log)


# What the category rests on (Facts.category_basis), as the human view says it.
_BASIS = {
    "failing-step-records": "parsed records in the failing step",
    "records": "parsed records outside the failing step",
    "keywords": "keyword lines only",
}


def _category(result: Facts) -> str:
    """The category as the human view says it: an unknown one that rests on failures no specialist fixes (a dead
    link, a size budget, a refused publish: ErrorRecord.no_specialist) says so, unlike one nothing explains."""
    from remediate.models import Category  # loaded with the facts already

    basis = _BASIS.get(result.category_basis)
    nobody = result.category is Category.UNKNOWN and any(e.no_specialist for e in result.errors)
    name = f"{result.category.value}, no specialist fixes it" if nobody else result.category.value
    return f"{name} ({result.confidence:.2f}{', from ' + basis if basis else ''})"


def show(result: Facts, out: Console) -> None:
    from rich.table import Table

    from remediate.terminal import shown

    table = Table(show_header=False, box=None)
    table.add_row("category", _category(result))
    table.add_row("tools", shown(", ".join(result.tools) or "-"))
    table.add_row("step", shown(result.failing_step or "-"))
    table.add_row("command", shown(result.failing_command or "-"))
    if result.failed_line:
        table.add_row("failed line", shown(result.failed_line))
    if result.ran_command:
        table.add_row("wrapper ran", shown(result.ran_command))
    table.add_row("exit code", str(result.exit_code) if result.exit_code is not None else "-")
    table.add_row("log", f"{result.log_lines} lines, {result.log_bytes} bytes")
    table.add_row(
        "excerpt",
        f"{result.excerpt_tokens} tokens, {result.failure_blocks} independent failure block"
        + ("s" if result.failure_blocks > 1 else "")
        + ", lines "
        + ", ".join(f"{r.start}-{r.end}" for r in result.excerpt_lines),
    )
    if result.redactions:
        table.add_row("redacted", ", ".join(f"{k}: {v}" for k, v in sorted(result.redactions.items())))
    out.print(table)
    for t in result.failing_tests:
        out.print(shown(f"FAILED {t.id}"))
    for e in result.errors[:50]:
        where = ":".join(str(x) for x in (e.file, e.line, e.column) if x is not None)
        more = f" (+{e.repeats} more{', e.g. ' + ' | '.join(e.examples) if e.examples else ''})" if e.repeats else ""
        out.print(shown(f"{e.tool} {where} {e.code or ''} {e.message}{more}"))
    out.rule("excerpt")
    out.print(shown(result.excerpt), soft_wrap=True)
