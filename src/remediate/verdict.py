"""The check's own verdict: what pytest, jest, `go test` and `cargo test` say in their summaries.

An exit code can lie (`atexit.register(os._exit, 0)` after "1 failed"), and a test can pass by
not running (deselected, filtered out). Where the tool is known, verification reads how many
tests failed and passed, and compares with the reproduction: the failing tests must now pass.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

# pytest: "3 failed, 4 passed, 1 skipped in 2.18s", with or without the ==== banner.
_PYTEST = re.compile(
    r"^[=\s]*((?:\d+ (?:failed|passed|skipped|deselected|xfailed|xpassed|errors?|warnings?)(?:, )?)+)"
    r" in [\d.]+s\b",
    re.MULTILINE,
)
_PYTEST_PART = re.compile(r"(\d+) (failed|passed|skipped|deselected|xfailed|xpassed|errors?)")
# jest / vitest: "Tests:       1 failed, 2 passed, 3 total"
_JEST = re.compile(r"^\s*Tests:\s+(.*\d+ total)\s*$", re.MULTILINE)
_JEST_PART = re.compile(r"(\d+) (failed|passed|skipped|todo)")
# go test -v
_GO_FAIL = re.compile(r"^\s*--- FAIL: ", re.MULTILINE)
_GO_PASS = re.compile(r"^\s*--- PASS: ", re.MULTILINE)
_GO_PKG_FAIL = re.compile(r"^FAIL\s*$|^FAIL\t\S+", re.MULTILINE)
# cargo test, one line per test binary
_CARGO = re.compile(r"^test result: (?:ok|FAILED)\. (\d+) passed; (\d+) failed", re.MULTILINE)


class TestCounts(BaseModel):
    """How many tests the check's own summary says failed, errored, passed and were skipped."""

    model_config = ConfigDict(frozen=True)
    __test__ = False  # not a pytest test class

    tool: str
    failed: int = 0
    errors: int = 0
    passed: int = 0
    skipped: int = 0

    @property
    def ran(self) -> int:
        return self.failed + self.errors + self.passed

    def describe(self) -> str:
        parts = [f"{self.failed} failed", f"{self.passed} passed"]
        if self.errors:
            parts.append(f"{self.errors} errors")
        return f"{self.tool}: " + ", ".join(parts)


def _pytest(output: str) -> TestCounts | None:
    found = _PYTEST.findall(output)
    if not found:
        return None
    counts = {"failed": 0, "passed": 0, "skipped": 0, "errors": 0}
    for number, word in _PYTEST_PART.findall(found[-1]):
        key = "errors" if word.startswith("error") else "skipped" if word in ("skipped", "deselected") else word
        if key in counts:
            counts[key] += int(number)
    return TestCounts(tool="pytest", **counts)


def _jest(output: str) -> TestCounts | None:
    found = _JEST.findall(output)
    if not found:
        return None
    counts = {"failed": 0, "passed": 0, "skipped": 0}
    for number, word in _JEST_PART.findall(found[-1]):
        counts["skipped" if word == "todo" else word] += int(number)
    return TestCounts(tool="jest", **counts)


def _go(output: str) -> TestCounts | None:
    failed, passed = len(_GO_FAIL.findall(output)), len(_GO_PASS.findall(output))
    if not failed and not passed:
        return None
    # A package that failed to build or panicked has no "--- FAIL" line of its own.
    if not failed and _GO_PKG_FAIL.search(output):
        failed = 1
    return TestCounts(tool="go test", failed=failed, passed=passed)


def _cargo(output: str) -> TestCounts | None:
    found = _CARGO.findall(output)
    if not found:
        return None
    return TestCounts(tool="cargo test", passed=sum(int(p) for p, _ in found), failed=sum(int(f) for _, f in found))


def read_verdict(output: str) -> TestCounts | None:
    """The counts of the first tool whose summary is in `output`, or None when none is."""
    for reader in (_pytest, _jest, _cargo, _go):
        counts = reader(output)
        if counts is not None:
            return counts
    return None


def verdict_problem(output: str, exit_code: int, before: TestCounts | None) -> str | None:
    """Why a passing run (exit 0) is not a pass by the check's own account, or None.

    `before` is the reproduction's verdict: every test that failed or passed then must pass now
    (a failing test that vanished, or a test that is now skipped, is not a fix)."""
    after = read_verdict(output)
    if after is None:
        return None
    if after.failed or after.errors:
        return f"the check exited {exit_code} but its own summary reports failures ({after.describe()})"
    if before is not None and before.tool == after.tool and after.passed < before.passed + before.failed:
        return (
            f"fewer tests passed than ran before the patch ({after.describe()}; before: {before.describe()}): "
            "the failing tests must pass, not vanish"
        )
    return None
