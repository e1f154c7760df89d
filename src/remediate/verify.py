"""Reproduce before spending, verify after: a fresh sandbox, the patch, the check (twice),
and guards on what the patch touches and how it makes the check pass."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field

import anyio

from remediate.diffs import parse_patch
from remediate.facts.redact import Redactor
from remediate.globs import matches
from remediate.models import CheckRun, ExecResult, Verification
from remediate.sandbox.base import PathRejected, Sandbox, SandboxError
from remediate.sandbox.patch import patch_paths
from remediate.testconfig import has_test_sections, test_config_changes
from remediate.tools import CheckCommand, PathPolicy
from remediate.verdict import TestCounts, read_verdict, verdict_problem

SandboxFactory = Callable[[], AbstractAsyncContextManager[Sandbox]]

# Lines a patch may not ADD: each makes a check pass without fixing anything.
_SYMPTOM_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "skip marker",
        re.compile(
            r"(pytest\.mark\.(skip|skipif|xfail)|pytest\.(skip|xfail|importorskip)\(|unittest\.skip|@skip\b"
            r"|expectedFailure|\b(it|describe|test)\.(skip|todo)\(|\bx(it|describe)\(|#\[ignore\]|t\.Skip\()"
        ),
    ),
    ("type: ignore", re.compile(r"#\s*type:\s*ignore")),
    ("pyright: ignore", re.compile(r"#\s*pyright:\s*ignore")),
    ("mypy: ignore-errors", re.compile(r"#\s*mypy:\s*ignore-errors")),
    ("noqa", re.compile(r"#.*\bnoqa\b", re.IGNORECASE)),
    ("pylint: disable", re.compile(r"#\s*pylint:\s*disable")),
    (
        "blanket except",
        re.compile(r"^\s*except\s*(\(?\s*(BaseException|Exception)\s*\)?)?\s*(as\s+\w+\s*)?:\s*(pass|\.\.\.)\s*$"),
    ),
    ("eslint-disable", re.compile(r"eslint-disable")),
    ("ts-ignore", re.compile(r"@ts-(ignore|nocheck|expect-error)")),
    # Language forms (agents/languages.py): each hides a failure instead of fixing it.
    ("focused or skipped JS test", re.compile(r"\b(it|describe|test)\.(only|failing)\(|\bxtest\(|\bf(it|describe)\(")),
    ("test runner told to pass", re.compile(r"--passWithNoTests|--silent\b|--bail\s*=?\s*0")),
    (
        "snapshot rewrite",
        re.compile(r"(?:^|[\s\"'])(?:jest|vitest|npm\s+(?:run\s+)?test)\b.*(?:\s-u\b|--updateSnapshot|--update)"),
    ),
    ("formatter or coverage ignore", re.compile(r"prettier-ignore|istanbul\s+ignore|c8\s+ignore|#\[rustfmt::skip\]")),
    ("rust allow", re.compile(r"#!?\[allow\(")),
    ("rust test disabled", re.compile(r"#\[cfg\((?:any\(\)|FALSE|not\(test\))\)\]|#\[should_panic")),
    ("go nolint", re.compile(r"//\s*nolint\b|//\s*lint:ignore\b")),
    ("go skip", re.compile(r"\bt\.(SkipNow|Skipf)\(|^//\s*(?:go:build|\+build)\s+ignore\b")),
    ("JUnit disabled", re.compile(r"@(Disabled|Ignore)\b|\bassume(True|False)\(\s*(false|true)\s*\)")),
    ("diagnostics silenced", re.compile(r"#\s*pragma\s+(GCC|clang)\s+diagnostic\s+ignored|-Wno-error\b")),
    ("forced success exit", re.compile(r"\b(System\.exit|os\.Exit|std::process::exit)\(\s*0\s*\)")),
    (
        "ignored exit status",
        re.compile(r"\|\|\s*(true|:|exit\s+0)\s*(;|$|\)|&&)|^\s*set\s+\+e\b|continue-on-error:\s*true"),
    ),
    (
        # Any os._exit (it skips the test runner's own exit status), and an exit whose status is
        # zero in any spelling (0, 00, 0x0, False, None, nothing), in Python, JS, Go and Rust.
        "forced success exit",
        re.compile(
            r"\bos\._exit\b|\b(sys\.exit|exit|quit|SystemExit|process::exit|os\.Exit)\(\s*(0+|0x0+|False|None)?\s*\)"
            r"|\braise\s+SystemExit\s*$|pytest\.exit\(|\bprocess\.(exit\(\s*0*\s*\)|exitCode\s*=\s*0\b)"
        ),
    ),
    ("trivial assertion", re.compile(r"^\s*assert\s+(True|1|not\s+False)\s*(,.*)?$")),
]


@dataclass(frozen=True)
class PatchRule:
    """A line a patch may not add. `owner` None: the harness's symptom guard, on every file; else
    a specialist's own rule (e.g. no `Any` for types), on `paths` only (the files its stage changed)."""

    name: str
    pattern: re.Pattern[str]
    owner: str | None = None
    paths: frozenset[str] | None = None

    def applies_to(self, path: str) -> bool:
        return self.paths is None or path in self.paths

    def finding(self, path: str, line: str) -> str:
        return f"{path}: adds {self.name}: {line.strip()[:120]}"


SYMPTOM_RULES: tuple[PatchRule, ...] = tuple(PatchRule(name, pattern) for name, pattern in _SYMPTOM_PATTERNS)


def own_rules(
    owner: str, forbidden: Iterable[tuple[str, str]], paths: Collection[str] | None = None
) -> list[PatchRule]:
    """A specialist's own (name, regex) rules, limited to `paths` when given."""
    scope = frozenset(paths) if paths is not None else None
    return [PatchRule(name, re.compile(rx), owner=owner, paths=scope) for name, rx in forbidden]


def added_line_findings(patch: str, rules: Sequence[PatchRule]) -> list[str]:
    """Each added code line of the patch that a rule (for its file) forbids."""
    findings: list[str] = []
    for change in parse_patch(patch):
        scoped = [r for r in rules if r.applies_to(change.path)]
        for line in change.added_code():
            findings += [r.finding(change.path, line) for r in scoped if r.pattern.search(line)]
    return findings


# A broad handler header (bare, Exception, BaseException); its body must re-raise.
_BROAD_EXCEPT = re.compile(r"^(\s*)except\s*(\(?\s*(BaseException|Exception)\s*\)?)?\s*(as\s+\w+\s*)?:\s*(#.*)?$")
_TEST_DEF = re.compile(r"^\s*(async\s+)?def\s+test\w*\s*\(|^\s*class\s+Test\w*")
_ASSERT = re.compile(r"^\s*(assert\b|self\.assert\w*\(|pytest\.raises\()")
_CODE_LINE = re.compile(r"^\s*[A-Za-z_][\w.]*\s*(\(|=|\[)|^\s*(return|raise|if|for|while|def|class)\b")


def summarize(result: ExecResult, redactor: Redactor, tail_chars: int = 4000) -> CheckRun:
    return CheckRun(
        exit_code=result.exit_code,
        timed_out=result.timed_out,
        duration_s=round(result.duration_s, 3),
        output_tail=redactor.redact(result.output[-tail_chars:]),
    )


def protected_paths_touched(patch: str, policy: PathPolicy) -> list[str]:
    """Every path the patch names that the policy protects. Paths come from two readers: the
    simple one, and the hunk-aware one `git apply` agrees with (an added line `++ b/x` looks
    like a `+++` header to a naive reader and must not rename the file it is in)."""
    paths = [c.path for c in parse_patch(patch)]
    try:
        paths += patch_paths(patch)
    except PathRejected as exc:
        return [f"(rejected path) {exc}"]
    except SandboxError:
        pass  # no file in the patch: verification rejects it on apply
    return [p for p in dict.fromkeys(paths) if policy.is_protected(p)]


def _swallowing_handlers(added: list[str]) -> list[str]:
    """Broad handlers the patch adds whose (added) body never re-raises."""
    found = []
    for i, line in enumerate(added):
        header = _BROAD_EXCEPT.match(line)
        if header is None:
            continue
        indent = len(header.group(1).expandtabs())
        body = []
        for nxt in added[i + 1 :]:
            if nxt.strip() and len(nxt) - len(nxt.lstrip()) <= indent:
                break
            body.append(nxt.strip())
        if body and not any(re.match(r"raise\b", b) for b in body):
            found.append(line.strip())
    return found


def symptom_findings(patch: str, rules: Sequence[PatchRule] = SYMPTOM_RULES) -> list[str]:
    """Reasons this patch looks like it silences the failure instead of fixing it: lines the
    rules forbid, then what no line rule sees (a handler that swallows, deleted tests/asserts,
    code commented out)."""
    findings = added_line_findings(patch, [r for r in rules if r.owner is None])
    for change in parse_patch(patch):
        for header in _swallowing_handlers(change.added):
            if not any("blanket except" in f and header[:120] in f for f in findings):
                findings.append(f"{change.path}: adds blanket except that swallows errors: {header[:120]}")
        removed_tests = sum(bool(_TEST_DEF.search(line)) for line in change.removed)
        added_tests = sum(bool(_TEST_DEF.search(line)) for line in change.added)
        if removed_tests > added_tests:
            findings.append(f"{change.path}: deletes {removed_tests - added_tests} test(s)")
        removed_asserts = [line for line in change.removed if _ASSERT.search(line)]
        added_asserts = [line for line in change.added if _ASSERT.search(line)]
        if len(removed_asserts) > len(added_asserts):
            findings.append(f"{change.path}: deletes {len(removed_asserts) - len(added_asserts)} assertion(s)")
        commented = {line.lstrip("# ").strip() for line in change.added if line.lstrip().startswith("#")}
        for line in change.removed:
            if _CODE_LINE.search(line) and line.strip() in commented:
                findings.append(f"{change.path}: comments code out: {line.strip()[:120]}")
                break
    return findings


def outside_writable(patch: str, policy: PathPolicy) -> list[str]:
    """Paths the patch touches that the specialist's `writable` list does not cover."""
    if policy.writable is None:
        return []
    try:
        paths = patch_paths(patch)
    except SandboxError:
        return []
    return [p for p in paths if matches(p, policy.writable) is None and matches(p, policy.allow_edit) is None]


async def _test_config_texts(sandbox: Sandbox, patch: str, policy: PathPolicy) -> dict[str, str | None]:
    """The original text of each file with test sections (pyproject.toml...) the patch touches."""
    try:
        paths = patch_paths(patch)
    except SandboxError:
        return {}
    texts: dict[str, str | None] = {}
    for path in paths:
        if has_test_sections(path) and matches(path, policy.allow_edit) is None:
            try:
                texts[path] = await sandbox.read(path)
            except SandboxError:
                texts[path] = None
    return texts


async def _test_config_changed(sandbox: Sandbox, originals: dict[str, str | None]) -> list[str]:
    changed: list[str] = []
    for path, old in originals.items():
        try:
            new: str | None = await sandbox.read(path)
        except SandboxError:
            new = None
        changed += test_config_changes(path, old, new)
    return changed


def rule_findings(patch: str, rules: Sequence[PatchRule]) -> Verification | None:
    """The verdict of the line rules: the symptom guard's, then each specialist's own; None: none broken."""
    symptoms = symptom_findings(patch, rules)
    owned = [r for r in rules if r.owner is not None]
    own = added_line_findings(patch, owned)
    reasons = ["symptom patch: " + "; ".join(symptoms)] if symptoms else []
    if own:
        names = " and ".join(dict.fromkeys(r.owner for r in owned if r.owner))
        reasons.append(f"the {names} specialist forbids: " + "; ".join(own))
    if not reasons:
        return None
    return Verification(passed=False, symptom_findings=[*own, *symptoms], reason="; ".join(reversed(reasons)))


@dataclass(frozen=True)
class Candidate:
    """What verification judges: the patch, what the run's own check runs wrote into tracked
    files beside it (a protected path there is tampering all the same), and the line rules (the
    symptom guard and the specialists' own, `own_rules`) in one list."""

    patch: str
    run_changes: str = ""
    rules: Sequence[PatchRule] = SYMPTOM_RULES


async def verify_patch(
    open_sandbox: SandboxFactory,
    candidate: Candidate | str,
    check: CheckCommand,
    policy: PathPolicy,
    redactor: Redactor,
    *,
    passes_required: int = 2,
    parallel: int | None = None,
    reproduced: CheckRun | None = None,
) -> Verification:
    """Original source + patch on fresh copies; the check must pass `passes_required` times.
    Each pass has its own sandbox (its own copy, its own network namespace); up to `parallel`
    run at once (None: one per core), and the first failure stops the others. A plain string is
    a patch judged by the symptom guard alone."""
    judged = candidate if isinstance(candidate, Candidate) else Candidate(candidate)
    patch, run_changes, rules = judged.patch, judged.run_changes, judged.rules
    if not patch.strip():
        return Verification(passed=False, reason="the patch is empty")
    if problem := _static_problem(patch, policy, run_changes, rules):
        return problem
    before = read_verdict(reproduced.output_tail) if reproduced is not None else None
    passes = _Passes(open_sandbox, patch, check, policy, redactor, before, passes_required)
    at_once = max(1, min(passes_required, parallel or os.cpu_count() or 1))
    limiter = anyio.CapacityLimiter(at_once)
    async with anyio.create_task_group() as group:
        for number in range(1, passes_required + 1):
            group.start_soon(passes.run_one, number, limiter, group.cancel_scope)
    runs = [run for _, run in sorted(passes.runs, key=lambda numbered: numbered[0])]
    if passes.failure is not None:
        return passes.failure.model_copy(update={"runs": runs})
    how = f"{at_once} at a time" if at_once > 1 else "one after the other"
    return Verification(
        runs=runs, passed=True, reason=f"the check passed {passes_required} times on fresh copies ({how})"
    )


def _static_problem(
    patch: str, policy: PathPolicy, run_changes: str, rules: Sequence[PatchRule]
) -> Verification | None:
    """What the patch's text alone rules out: protected paths (in it, or written by the run's
    check runs), symptom lines, files outside the specialist's."""
    if touched := protected_paths_touched(patch, policy):
        return Verification(
            passed=False, protected_paths_touched=touched, reason=f"protected paths changed: {', '.join(touched)}"
        )
    if touched := protected_paths_touched(run_changes, policy):
        return _by_the_check(touched, [])
    if broken := rule_findings(patch, rules):
        return broken
    if outside := outside_writable(patch, policy):
        return Verification(passed=False, reason=f"outside the files this specialist may change: {', '.join(outside)}")
    return None


def _by_the_check(touched: list[str], runs: list[CheckRun]) -> Verification:
    return Verification(
        runs=runs,
        passed=False,
        protected_paths_touched=touched,
        reason=f"protected paths changed: {', '.join(touched)} (written by the check run, not by the patch)",
    )


@dataclass
class _Passes:
    """The verification passes of one patch. Each must apply the patch, leave the test config
    alone, pass by its exit code and its own verdict, and write no protected file; the failure
    of the lowest-numbered failing pass is the verdict."""

    open_sandbox: SandboxFactory
    patch: str
    check: CheckCommand
    policy: PathPolicy
    redactor: Redactor
    before: TestCounts | None
    required: int
    runs: list[tuple[int, CheckRun]] = field(default_factory=list)
    failure: Verification | None = None
    failed_at: int = 0

    async def run_one(self, number: int, limiter: anyio.CapacityLimiter, stop: anyio.CancelScope) -> None:
        async with limiter:
            failure = await self._pass(number)
        if failure is not None and (self.failure is None or number < self.failed_at):
            self.failure, self.failed_at = failure, number
            stop.cancel()  # the verdict is known: the passes still running stop

    async def _pass(self, number: int) -> Verification | None:
        async with self.open_sandbox() as sandbox:
            originals = await _test_config_texts(sandbox, self.patch, self.policy)
            try:
                await sandbox.apply(self.patch)
            except SandboxError as exc:
                return Verification(passed=False, reason=f"the patch does not apply to the original source: {exc}")
            if changed := await _test_config_changed(sandbox, originals):
                return Verification(passed=False, protected_paths_touched=changed, reason="; ".join(changed))
            result = await sandbox.run(self.check.argv, self.check.limits)
            self.runs.append((number, summarize(result, self.redactor)))
            if touched := protected_paths_touched(await sandbox.run_changes(), self.policy):
                return _by_the_check(touched, [])
        if not result.ok:
            return Verification(
                passed=False, reason=f"the check failed on run {number} of {self.required} with the patch applied"
            )
        if problem := verdict_problem(result.output, result.exit_code, self.before):
            return Verification(passed=False, reason=self.redactor.redact(problem))
        return None
