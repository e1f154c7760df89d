"""Keep eval fixtures honest: record each case's ci.log by really running its check in the
sandbox, and validate that the check fails on the project and passes with the gold patch.

    python -m remediate.evals.fixtures regen [GLOB]
    python -m remediate.evals.fixtures validate [GLOB]

Checks run exactly as the pipeline runs them: `/bin/sh -c CHECK` in a local sandbox whose
tools are the ones next to this interpreter, with the sandbox's minimal environment and no
network, so the log an agent reads is the log this module wrote.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import anyio
from pydantic import BaseModel, ConfigDict, Field

from remediate.errors import BadInput
from remediate.evals.cases import Case, CaseError, load_cases
from remediate.evals.prepare import ensure_prepared
from remediate.facts import extract_facts
from remediate.globs import matches
from remediate.interrupt import run_stoppable
from remediate.models import ExecResult, Limits, Reproduction, Status
from remediate.reproduce import classify
from remediate.runmodels import check_argv
from remediate.sandbox.base import SandboxError
from remediate.sandbox.factory import local_factory
from remediate.sandbox.patch import patch_paths
from remediate.tools import DEFAULT_PROTECTED
from remediate.verify import symptom_findings

DEFAULT_FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
REQUIRED_FILES = ("case.toml", "ci.log", "gold.patch")
# Exit codes that mean "the check did not run", not "the check found the intended failure".
NOT_RUN_EXIT_CODES = frozenset({126, 127})
_LOG_HEADER = re.compile(r"\A##\[group\]Run (?P<check>.*)\n")
_LOG_EXIT = re.compile(r"^##\[error\]Process completed with exit code (?P<code>\d+)\.$", re.MULTILINE)
OUTPUT_TAIL_CHARS = 2000

_T = TypeVar("_T")


class FixtureError(BadInput):
    """A fixture cannot be regenerated (e.g. its check passes on the broken project)."""


class CheckOutcome(BaseModel):
    """One run of a case's check in a fresh sandbox."""

    model_config = ConfigDict(frozen=True)

    exit_code: int
    duration_s: float
    timed_out: bool = False
    output_tail: str = ""

    @property
    def passed(self) -> bool:
        return self.exit_code == 0 and not self.timed_out

    @classmethod
    def of(cls, result: ExecResult) -> CheckOutcome:
        return cls(
            exit_code=result.exit_code,
            duration_s=round(result.duration_s, 3),
            timed_out=result.timed_out,
            output_tail=result.output[-OUTPUT_TAIL_CHARS:],
        )


class ValidationResult(BaseModel):
    """Whether a case is usable: the check fails before the gold patch and passes after it."""

    model_config = ConfigDict(frozen=True)

    case_id: str
    ok: bool
    reasons: list[str] = Field(default_factory=list, description="why the case is not valid; empty when ok")
    before: CheckOutcome | None = Field(default=None, description="the check on the untouched project")
    after: CheckOutcome | None = Field(default=None, description="the check with gold.patch applied")
    gold_paths: list[str] = Field(default_factory=list)
    protected_touched: list[str] = Field(default_factory=list)
    duration_s: float = 0.0
    skipped: str | None = Field(default=None, description="why the case did not run here (no toolchain)")

    def line(self) -> str:
        """One readable line for a terminal."""
        if self.skipped:
            return f"skip {self.case_id:<32} {self.skipped}"
        status = "ok  " if self.ok else "FAIL"
        parts: list[str] = []
        if self.before is not None:
            parts.append(f"before: exit {self.before.exit_code} in {self.before.duration_s:.1f}s")
        if self.after is not None:
            parts.append(f"after: exit {self.after.exit_code} in {self.after.duration_s:.1f}s")
        detail = ", ".join(parts)
        if self.reasons:
            detail = (detail + " | " if detail else "") + "; ".join(self.reasons)
        return f"{status} {self.case_id:<32} {detail}"


def case_limits(case: Case) -> Limits:
    return Limits(timeout_s=case.spec.timeout_s, memory_mb=case.spec.memory_mb)


def tool_paths() -> list[Path]:
    # The same rule as the CLI: the interpreter running us brings the check tools.
    return [Path(sys.executable).parent]


def missing_toolchain(case: Case) -> str | None:
    """Why the case cannot run here (its toolchain is not installed), or None."""
    found = case.spec.toolchain()
    return found.reason if found.missing else None


def format_log(check: str, result: ExecResult) -> str:
    """The output wrapped like a GitHub Actions step that failed."""
    output = result.output
    if output and not output.endswith("\n"):
        output += "\n"
    return (
        f"##[group]Run {check}\n{check}\n##[endgroup]\n{output}"
        f"##[error]Process completed with exit code {result.exit_code}.\n"
    )


async def run_check(case: Case, patch: str | None = None, *, unsafe_no_sandbox: bool = False) -> ExecResult:
    """Run the case's check on a fresh copy of its project (prepared, with its setup, as `fix` runs
    it), with `patch` applied first if given."""
    await ensure_prepared(case)
    limits = case_limits(case)
    sandboxes = local_factory(
        case.source,
        limits=limits,
        unsafe_no_sandbox=unsafe_no_sandbox,
        setup=case.spec.setup,
        extra_tool_paths=case.spec.toolchain().paths,
    )
    try:
        setup = await sandboxes.prepare()
        if setup is not None and not setup.ok:
            raise FixtureError(f"{case.id}: the setup failed (exit {setup.exit_code}): {setup.output[-300:]}")
        async with sandboxes() as sandbox:
            if patch is not None:
                await sandbox.apply(patch)
            return await sandbox.run(check_argv(case.spec.check), limits)
    finally:
        await sandboxes.aclose()


async def regenerate_log(case: Case, *, unsafe_no_sandbox: bool = False) -> str:
    """Run the check on the broken project, write ci.log, and return its text.

    Refuses (FixtureError) when the check passes, times out or cannot start: such a log would
    describe something other than the intended failure.
    """
    if case.spec.expect != Status.FIXED:
        raise FixtureError(f"{case.id}: its ci.log records a run outside the sandbox (expect {case.spec.expect}); kept")
    if reason := missing_toolchain(case):
        raise FixtureError(f"{case.id}: {reason}")
    result = await run_check(case, unsafe_no_sandbox=unsafe_no_sandbox)
    if result.timed_out:
        raise FixtureError(f"{case.id}: the check timed out after {result.duration_s:.0f}s")
    if result.exit_code == 0:
        raise FixtureError(f"{case.id}: the check passes on the unpatched project; nothing to record")
    if result.exit_code in NOT_RUN_EXIT_CODES:
        raise FixtureError(f"{case.id}: the check could not start (exit {result.exit_code}): {result.output[-300:]}")
    text = format_log(case.spec.check, result)
    await anyio.Path(case.log).write_text(text, encoding="utf-8")
    return text


def protected_hits(paths: Sequence[str], protected: Sequence[str]) -> list[str]:
    return [f"{path} (matches {hit!r})" for path in paths if (hit := matches(path, protected))]


def _missing_files(case: Case) -> list[str]:
    # A case that expects no fix (e.g. different_failure) has no gold patch.
    needed = (
        REQUIRED_FILES if case.spec.expect == Status.FIXED else tuple(n for n in REQUIRED_FILES if n != "gold.patch")
    )
    return [name for name in needed if not (case.root / name).is_file()]


def _expected_reproduction(case: Case, before: ExecResult) -> list[str]:
    """A different_failure case: the sandbox's failure must classify as different from its ci.log's."""
    verdict = classify(extract_facts(case.log), before, command=case.spec.check)
    if verdict.kind != Reproduction.DIFFERENT:
        return [f"expected a different failure in the sandbox, the reproduction is {verdict.kind}: {verdict.reason}"]
    return []


def _log_problems(case: Case, before: CheckOutcome) -> list[str]:
    """A stale ci.log misleads the agent: it must name the current check and its exit code."""
    try:
        text = case.log.read_text(encoding="utf-8")
    except OSError as exc:
        return [f"ci.log unreadable: {exc}"]
    problems: list[str] = []
    header = _LOG_HEADER.match(text)
    if header is None or header.group("check") != case.spec.check:
        problems.append("ci.log does not start with `##[group]Run <check>` for the current check; run regen")
    codes = _LOG_EXIT.findall(text)
    if not codes:
        problems.append("ci.log has no `##[error]Process completed with exit code N.` line; run regen")
    elif int(codes[-1]) != before.exit_code:
        problems.append(f"ci.log records exit code {codes[-1]} but the check now exits {before.exit_code}; run regen")
    return problems


@dataclass(frozen=True)
class _GoldReview:
    """What reading gold.patch found: its text (None if absent or not a diff), the paths it
    touches, the protected ones among them, and the problems to report."""

    text: str | None = None
    paths: list[str] = field(default_factory=list)
    protected: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def _review_gold(case: Case) -> _GoldReview:
    """gold.patch must be a usable diff that touches no protected path and is no symptom patch."""
    if not case.gold_patch.is_file():
        return _GoldReview()
    text = case.gold_patch.read_text(encoding="utf-8")
    gold: str | None = text
    reasons: list[str] = []
    paths: list[str] = []
    try:
        paths = patch_paths(text)
    except SandboxError as exc:
        reasons.append(f"gold.patch is not a usable diff: {exc}")
        gold = None
    touched = protected_hits(paths, (*case.spec.protected, *DEFAULT_PROTECTED))
    if touched:
        reasons.append("gold.patch touches protected paths: " + ", ".join(touched))
    reasons += [f"gold.patch looks like a symptom patch: {f}" for f in symptom_findings(gold or "")]
    return _GoldReview(gold, paths, touched, reasons)


async def _run_before_and_after(
    case: Case, gold: str | None, unsafe_no_sandbox: bool
) -> tuple[dict[str, CheckOutcome | SandboxError], dict[str, ExecResult]]:
    """The check without and (if there is one) with the gold patch; each in its own fresh sandbox,
    so they may run side by side. Outcomes by "before"/"after", and the raw results behind them."""
    runs: dict[str, CheckOutcome | SandboxError] = {}
    raw: dict[str, ExecResult] = {}

    async def run(key: str, patch: str | None) -> None:
        try:
            raw[key] = await run_check(case, patch, unsafe_no_sandbox=unsafe_no_sandbox)
            runs[key] = CheckOutcome.of(raw[key])
        except SandboxError as exc:
            runs[key] = exc

    async with anyio.create_task_group() as tg:
        tg.start_soon(run, "before", None)
        if gold is not None:
            tg.start_soon(run, "after", gold)
    return runs, raw


def _before_problems(case: Case, before: CheckOutcome, raw: ExecResult) -> list[str]:
    """The unpatched project must fail the check for a reason, and its ci.log must say so."""
    if before.timed_out:
        return [f"the check timed out on the unpatched project after {before.duration_s:.0f}s"]
    if before.exit_code == 0:
        return ["the check passes on the unpatched project"]
    if before.exit_code in NOT_RUN_EXIT_CODES:
        return [f"the check could not start on the unpatched project (exit {before.exit_code})"]
    if not case.log.is_file():
        return []
    reasons = _log_problems(case, before)
    if case.spec.expect == Status.DIFFERENT_FAILURE:
        reasons += _expected_reproduction(case, raw)
    return reasons


def _after_problems(after: CheckOutcome | SandboxError | None) -> tuple[CheckOutcome | None, list[str]]:
    """The gold patch must apply and make the check pass; the outcome to record (None if it did not apply)."""
    if isinstance(after, SandboxError):
        return None, [f"gold.patch does not apply: {after}"]
    if after is not None and not after.passed:
        tail = after.output_tail.strip().splitlines()[-1:] or [""]
        return after, [f"the check fails with gold.patch applied (exit {after.exit_code}): {tail[0][:200]}"]
    return after, []


async def validate_case(case: Case, *, unsafe_no_sandbox: bool = False) -> ValidationResult:
    """The check must fail on src/ and pass with gold.patch applied, each in a fresh sandbox;
    the gold patch must touch no protected path and must not look like a symptom patch."""
    if reason := missing_toolchain(case):
        return ValidationResult(case_id=case.id, ok=True, skipped=reason)
    started = time.monotonic()
    gold = _review_gold(case)
    reasons = [f"missing {name}" for name in _missing_files(case)] + gold.reasons
    runs, raw = await _run_before_and_after(case, gold.text, unsafe_no_sandbox)
    before = runs["before"]
    if isinstance(before, SandboxError):
        raise before
    reasons += _before_problems(case, before, raw["before"])
    after, after_reasons = _after_problems(runs.get("after"))
    reasons += after_reasons
    return ValidationResult(
        case_id=case.id,
        ok=not reasons,
        reasons=reasons,
        before=before,
        after=after,
        gold_paths=gold.paths,
        protected_touched=gold.protected,
        duration_s=round(time.monotonic() - started, 3),
    )


async def _for_each(cases: Sequence[Case], jobs: int, work: Callable[[Case], Awaitable[_T]]) -> list[_T | Exception]:
    """Run `work` over `cases`, at most `jobs` at a time; results (or the error) in case order."""
    results: list[_T | Exception] = [RuntimeError("not run") for _ in cases]
    limiter = anyio.CapacityLimiter(max(1, jobs))

    async def one(index: int, case: Case) -> None:
        async with limiter:
            try:
                results[index] = await work(case)
            except (FixtureError, SandboxError, OSError) as exc:
                results[index] = exc

    async with anyio.create_task_group() as tg:
        for index, case in enumerate(cases):
            tg.start_soon(one, index, case)
    return results


async def regen_all(cases: Sequence[Case], *, jobs: int = 2, unsafe_no_sandbox: bool = False) -> list[str | Exception]:
    async def work(case: Case) -> str:
        return await regenerate_log(case, unsafe_no_sandbox=unsafe_no_sandbox)

    return await _for_each(cases, jobs, work)


async def validate_all(
    cases: Sequence[Case], *, jobs: int = 2, unsafe_no_sandbox: bool = False
) -> list[ValidationResult | Exception]:
    async def work(case: Case) -> ValidationResult:
        return await validate_case(case, unsafe_no_sandbox=unsafe_no_sandbox)

    return await _for_each(cases, jobs, work)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m remediate.evals.fixtures",
        description="Regenerate eval fixtures' ci.log, or validate that each gold patch fixes its case.",
    )
    parser.add_argument("command", choices=("regen", "validate"))
    parser.add_argument("glob", nargs="?", default="*", help="fixture directory names to include (default: all)")
    parser.add_argument("--fixtures", type=Path, default=DEFAULT_FIXTURES, help="the fixtures directory")
    parser.add_argument("--jobs", type=int, default=2, help="cases run at the same time (default: 2)")
    parser.add_argument(
        "--unsafe-no-sandbox",
        action="store_true",
        help="run checks without bubblewrap (no isolation; logs may then show host paths)",
    )
    return parser


def _result_line(case: Case, result: str | ValidationResult | Exception) -> tuple[bool, str]:
    """Whether a case is ok, and its line: a regenerated log, a validation, or what stopped it."""
    if isinstance(result, Exception):
        return False, f"FAIL {case.id:<32} {type(result).__name__}: {result}"
    if isinstance(result, ValidationResult):
        return result.ok, result.line()
    code = _LOG_EXIT.findall(result)[-1]
    return True, f"ok   {case.id:<32} wrote {case.log} ({len(result.splitlines())} lines, exit {code})"


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        cases = load_cases(args.fixtures, args.glob)
    except CaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not cases:
        print(f"error: no case matches {args.glob!r} in {args.fixtures}", file=sys.stderr)
        return 2
    run_all = regen_all if args.command == "regen" else validate_all
    results: Sequence[str | ValidationResult | Exception] = run_stoppable(
        lambda: run_all(cases, jobs=args.jobs, unsafe_no_sandbox=args.unsafe_no_sandbox)
    )
    failed = 0
    for case, result in zip(cases, results, strict=True):
        ok, line = _result_line(case, result)
        failed += not ok
        print(line)
    print(f"{len(cases) - failed} of {len(cases)} cases ok")
    return 1 if failed else 0


if __name__ == "__main__":
    from remediate.children import entry_point

    with entry_point():  # as every entry point: a stop ends what the cases started (their prepare, checks)
        sys.exit(main())
