"""Did the sandbox reproduce *the log's* failure? Compare the reproduction with the log's facts.

A check that fails in the sandbox is not yet the failure of the log: a missing module, a
too-small memory cap or a missing tool fail the check too, and a model paid to fix them
works on the wrong problem. So the reproduction's output goes through the same fact
extraction as the log, and the two are compared by what identifies a failure:

- the failing test ids (compared by their trailing components, since CI and the sandbox may
  run from different directories);
- otherwise the error records: (file name, line, code) or the message, searched in the
  reproduction's output when its parser found nothing;
- a reproduction that timed out or died of a signal the log did not show is always different.

Verdicts: `same`, `partial` (some of the log's failures reproduce: proceed and say so),
`different` (none do: stop before any model call, show both, say how to fix the environment)
and `passed` (the check passed: flaky or environment-dependent). When the log names nothing
comparable (no test ids, no error records), the reproduction counts as the same failure and
the verdict says it could not be compared.
"""

from __future__ import annotations

import posixpath
import re

from remediate.facts import extract_facts
from remediate.models import ErrorRecord, ExecResult, Facts, FailingTest, Reproduction, ReproductionVerdict

# Markers of an environment problem in a reproduction's output, each with the fix to suggest.
_ENVIRONMENT_HINTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"ModuleNotFoundError: No module named '([\w.]+)'|ImportError: cannot import name"),
        "a Python module is missing in the sandbox: install the project and its dependencies with "
        "--setup (e.g. --setup 'pip install -e .'), or run remediate from the project's activated virtualenv",
    ),
    (
        re.compile(r"(?:command not found|No such file or directory)\s*$|: not found$", re.MULTILINE),
        "a command the check needs is not on the sandbox's PATH: put it on PATH before running remediate "
        "(activate the project's environment) or install it with --setup",
    ),
    (
        re.compile(r"Cannot find module '([^']+)'|ERR_MODULE_NOT_FOUND"),
        "a Node module is missing: install dependencies with --setup 'npm ci'",
    ),
    (
        re.compile(r"KeyError: '([A-Z][A-Z0-9_]+)'|environment variable \S+ (?:is )?not set", re.IGNORECASE),
        "the check reads an environment variable the CI job sets; the sandbox starts from an empty environment: "
        "give the check a default for it, or set it in the check command (--check 'NAME=value ...')",
    ),
    (
        re.compile(r"MemoryError|Cannot allocate memory|out of memory|JavaScript heap out of memory", re.IGNORECASE),
        "the check ran out of memory in the sandbox: raise --memory-mb",
    ),
)
_GENERIC_HINT = (
    "the sandbox's environment differs from the CI job's: check the interpreter and PATH shown in the report, "
    "install what the job installs with --setup, or pass the check command the job ran"
)
_SIGNALS = {137: "SIGKILL (often the memory cap: raise --memory-mb)", 139: "SIGSEGV", 134: "SIGABRT", 143: "SIGTERM"}
_SHOWN_ITEMS = 5


def failure_key(test_id: str) -> str:
    """A test id reduced to what survives a different working directory: the file's name and the
    node path (`tests/unit/test_x.py::C::test_y[1]` -> `test_x.py::C::test_y[1]`)."""
    path, sep, node = test_id.partition("::")
    return posixpath.basename(path.replace("\\", "/")) + sep + node


def _error_key(error: ErrorRecord) -> str:
    name = posixpath.basename((error.file or "").replace("\\", "/"))
    if name and (error.code or error.line is not None):
        return f"{name}:{error.line if error.line is not None else ''}:{error.code or ''}"
    return _normalise_message(error.message)


def _shown(error: ErrorRecord) -> str:
    return f"{error.file}: {error.message}" if error.file else error.message


def _normalise_message(message: str) -> str:
    # Absolute paths, addresses and durations differ between machines; the rest identifies the error.
    text = re.sub(r"(?:/[\w.@+-]+)+/", "", message)
    text = re.sub(r"0x[0-9a-fA-F]+|\d+(?:\.\d+)?\s*(?:ms|s)\b", "#", text)
    return " ".join(text.split())[:160]


def _error_seen(error: ErrorRecord, output: str) -> bool:
    """Fallback when the reproduction's parser found nothing: is the error visibly in the output?"""
    message = _normalise_message(error.message)
    if len(message) >= 12 and message in _normalise_message(output.replace("\n", " ")):
        return True
    name = posixpath.basename((error.file or "").replace("\\", "/"))
    if name and error.code:
        return any(name in line and error.code in line for line in output.splitlines())
    return False


def _test_seen(test_id: str, output: str) -> bool:
    node = test_id.rsplit("::", 1)[-1]
    return any(node in line and re.search(r"FAIL|ERROR|✕|×|failed", line) for line in output.splitlines())


def environment_hint(output: str, exit_code: int) -> str:
    for pattern, hint in _ENVIRONMENT_HINTS:
        if pattern.search(output):
            return hint
    if exit_code in (126, 127):
        return _ENVIRONMENT_HINTS[1][1]
    return _GENERIC_HINT


def _cap(items: list[str]) -> list[str]:
    return items[:_SHOWN_ITEMS] + ([f"... {len(items) - _SHOWN_ITEMS} more"] if len(items) > _SHOWN_ITEMS else [])


def _verdict(
    kind: Reproduction, compared_by: str, log: list[str], seen: list[str], matched: list[str]
) -> tuple[Reproduction, str]:
    if kind == Reproduction.SAME:
        return kind, f"the same failure: all {len(log)} of the log's failing {compared_by} fail again"
    if kind == Reproduction.PARTIAL:
        missing = [x for x in log if x not in matched]
        return kind, (
            f"partly the same failure: {len(matched)} of the log's {len(log)} failing {compared_by} fail again "
            f"({', '.join(_cap(matched))}); not reproduced: {', '.join(_cap(missing))}"
        )
    shown = ", ".join(_cap(seen)) if seen else "nothing the parsers recognise"
    return kind, (
        f"a different failure: none of the log's failing {compared_by} ({', '.join(_cap(log))}) failed in the "
        f"sandbox the way the log shows; the sandbox failed with: {shown}"
    )


_EXCEPTION = re.compile(r"\b((?:[A-Za-z_]\w*\.)*[A-Z]\w*(?:Error|Exception|Exit|Interrupt|Warning|Failure))\b")


def exception_kind(message: str | None) -> str | None:
    """The exception a test failure message names (`assert ...` is an AssertionError), if any."""
    if not message:
        return None
    if message.lstrip().startswith("assert"):
        return "AssertionError"
    found = _EXCEPTION.search(message)
    return found.group(1).rsplit(".", 1)[-1] if found else None


def _failing_otherwise(log_tests: list[FailingTest], repro_tests: list[FailingTest]) -> dict[str, str]:
    """Tests that fail in both, but with another exception: the same test id is not the same failure
    (an assertion in CI, a missing environment variable or connection in the sandbox)."""
    logged = {failure_key(t.id): exception_kind(t.message) for t in log_tests}
    found: dict[str, str] = {}
    for test in repro_tests:
        key = failure_key(test.id)
        before, now = logged.get(key), exception_kind(test.message)
        if before is not None and now is not None and before != now:
            found[key] = f"{now} instead of {before}"
    return found


def _compare(log: list[str], seen: set[str], found_in_output: list[bool]) -> tuple[Reproduction, list[str]]:
    matched = [x for x, hit in zip(log, found_in_output, strict=True) if x in seen or hit]
    if len(matched) == len(log):
        return Reproduction.SAME, matched
    return (Reproduction.PARTIAL if matched else Reproduction.DIFFERENT), matched


def _abnormal_end(log_facts: Facts, result: ExecResult) -> str | None:
    """A reproduction that timed out or died of a signal the log did not report."""
    if result.timed_out:
        return f"the check timed out in the sandbox after {result.duration_s:.0f}s (raise --timeout)"
    if result.exit_code in _SIGNALS and log_facts.exit_code != result.exit_code:
        return f"the check was killed in the sandbox by {_SIGNALS[result.exit_code]}"
    return None


def classify(
    log_facts: Facts, result: ExecResult, *, budget_tokens: int = 2000, command: str | None = None
) -> ReproductionVerdict:
    """Compare the reproduction `result` (the check run on the untouched source) with the log's facts. The output is
    read below its `command` echoed, as a CI's log shows a step: parsers that read a tool's bare lines only below the
    tool's command (gofmt -l's list of files) read the sandbox's output as they read the log's."""
    if result.ok:
        return ReproductionVerdict(
            kind=Reproduction.PASSED, reason="the check passed on the untouched source", compared_by="exit"
        )
    shown = f"$ {command}\n{result.output}" if command else result.output
    repro = extract_facts(shown.encode("utf-8", "replace"), budget_tokens=budget_tokens)
    hint = environment_hint(result.output, result.exit_code)
    abnormal = _abnormal_end(log_facts, result)
    if abnormal is not None:
        return ReproductionVerdict(kind=Reproduction.DIFFERENT, reason=abnormal, compared_by="exit", hint=hint)
    if log_facts.failing_tests:
        log_items = list(dict.fromkeys(failure_key(t.id) for t in log_facts.failing_tests))
        seen_items = list(dict.fromkeys(failure_key(t.id) for t in repro.failing_tests))
        in_output = [not seen_items and _test_seen(x, result.output) for x in log_items]
        otherwise = _failing_otherwise(log_facts.failing_tests, repro.failing_tests)
        kind, matched = _compare(log_items, set(seen_items) - set(otherwise), in_output)
        compared_by = "tests"
        seen_shown = [f"{x} ({otherwise[x]})" if x in otherwise else x for x in seen_items]
        seen_shown = seen_shown or [_shown(e) for e in repro.errors]
    elif log_facts.errors:
        log_errors = list({_error_key(e): e for e in log_facts.errors}.items())
        log_items = [k for k, _ in log_errors]
        seen_items = list(dict.fromkeys(_error_key(e) for e in repro.errors))
        in_output = [_error_seen(e, result.output) for _, e in log_errors]
        kind, matched = _compare(log_items, set(seen_items), in_output)
        compared_by = "errors"
        seen_shown = seen_items
    else:
        return ReproductionVerdict(
            kind=Reproduction.SAME,
            reason=f"the check fails (exit {result.exit_code}); the log names no failing test or error to compare",
            compared_by="nothing",
        )
    kind, reason = _verdict(kind, compared_by, log_items, seen_shown, matched)
    return ReproductionVerdict(
        kind=kind,
        reason=reason,
        compared_by=compared_by,
        log_failures=_cap(log_items),
        reproduced_failures=_cap(seen_shown),
        matched=_cap(matched),
        hint=hint if kind == Reproduction.DIFFERENT else "",
    )
