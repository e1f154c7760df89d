"""The eval fixture suite: every case loads, is complete, has an honest gold patch, and
really fails before / passes after the gold patch in the sandbox."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import anyio
import pytest

from remediate.diffs import parse_patch
from remediate.evals.cases import Case, CaseError, load_case, load_cases
from remediate.evals.fixtures import (
    REQUIRED_FILES,
    FixtureError,
    format_log,
    main,
    missing_toolchain,
    protected_hits,
    regenerate_log,
    validate_case,
)
from remediate.models import Category, ExecResult, Status
from remediate.sandbox.patch import patch_paths
from remediate.tools import DEFAULT_PROTECTED
from remediate.verify import symptom_findings
from tests.conftest import FIXTURES, needs_bwrap

FIXTURE_DIRS = sorted(p for p in FIXTURES.iterdir() if (p / "case.toml").is_file())
IDS = [p.name for p in FIXTURE_DIRS]
# Every category the fixture suite must cover, at least twice each.
COVERED = {
    Category.TEST,
    Category.LINT,
    Category.FORMAT,
    Category.TYPE,
    Category.DEPENDENCY,
    Category.DOCKERFILE,
    Category.SQL,
    Category.CONFIG,
    Category.BUILD,
}
# Every language of the suite, at least twice each (case.toml `language`).
LANGUAGES = {"python", "javascript", "typescript", "go", "rust", "java", "c"}
LOG_HEAD = re.compile(r"\A##\[group\]Run (?P<check>.+)\n(?P<echo>.+)\n##\[endgroup\]\n")
LOG_TAIL = re.compile(r"\n##\[error\]Process completed with exit code (?P<code>\d+)\.\n\Z")


def _case(root: Path) -> Case:
    return load_case(root)


def _slow(root: Path) -> bool:
    return _case(root).spec.check.startswith("dbt ")


# ---------------------------------------------------------------- the suite as data


def test_suite_covers_every_category_twice() -> None:
    cases = load_cases(FIXTURES)
    counts = Counter(case.spec.category for case in cases)
    assert len(cases) >= 16
    thin = {category.value: counts[category] for category in COVERED if counts[category] < 2}
    assert not thin, f"categories with fewer than two fixtures: {thin}"


@pytest.mark.parametrize("root", FIXTURE_DIRS, ids=IDS)
def test_case_toml_loads(root: Path) -> None:
    case = _case(root)
    assert case.id == root.name
    assert set(case.spec.categories) <= COVERED
    assert case.spec.language in LANGUAGES
    assert case.spec.protected, "a case must say which paths (tests, CI files) the fix may not touch"
    assert 0 < case.spec.timeout_s <= 600


def _fixing(root: Path) -> bool:
    """Most cases expect a verified fix; a few expect another status (different_failure) and have no gold patch."""
    return _case(root).spec.expect == Status.FIXED


@pytest.mark.parametrize("root", FIXTURE_DIRS, ids=IDS)
def test_required_files(root: Path) -> None:
    needed = [n for n in REQUIRED_FILES if _fixing(root) or n != "gold.patch"]
    missing = [name for name in needed if not (root / name).is_file()]
    if not (root / "README.md").is_file():
        missing.append("README.md")
    assert not missing, f"{root.name} lacks {missing}"
    assert (root / "src").is_dir()
    assert not list((root / "src").rglob("gold.patch")), "the gold patch must stay outside the agent's tree"


@pytest.mark.parametrize("root", FIXTURE_DIRS, ids=IDS)
def test_ci_log_is_a_failed_actions_step(root: Path) -> None:
    case = _case(root)
    text = case.log.read_text(encoding="utf-8")
    head = LOG_HEAD.match(text)
    tail = LOG_TAIL.search(text)
    assert head is not None, "ci.log must start like an Actions step: ##[group]Run <check>"
    assert head["check"] == case.spec.check == head["echo"]
    assert tail is not None, "ci.log must end with ##[error]Process completed with exit code N."
    assert int(tail["code"]) != 0
    assert len(text) > head.end() + tail.end() - tail.start(), "ci.log holds no output"
    assert "remediate-sandbox-" not in text, "ci.log leaks a host sandbox path; regenerate it inside bubblewrap"


@pytest.mark.parametrize("root", FIXTURE_DIRS, ids=IDS)
def test_gold_patch_is_honest(root: Path) -> None:
    if not _fixing(root):
        assert not (root / "gold.patch").exists(), "a case that expects no fix has no gold patch"
        return
    case = _case(root)
    patch = case.gold_patch.read_text(encoding="utf-8")
    paths = patch_paths(patch)
    assert paths
    assert protected_hits(paths, (*case.spec.protected, *DEFAULT_PROTECTED)) == []
    assert symptom_findings(patch) == []
    for change in parse_patch(patch):
        # Paths are relative to src/ (a/models/x.sql), so every changed file exists there.
        assert change.new_file or (case.source / change.path).is_file(), f"{change.path} is not in {case.id}/src"


# ---------------------------------------------------------------- the checks, for real


def _validation_params() -> list[object]:
    return [pytest.param(root, id=root.name, marks=[pytest.mark.slow] if _slow(root) else []) for root in FIXTURE_DIRS]


@needs_bwrap
@pytest.mark.parametrize("root", _validation_params())
async def test_case_fails_before_and_passes_with_gold_patch(root: Path) -> None:
    case = _case(root)
    if reason := missing_toolchain(case):  # e.g. no Go or JUnit on this machine: said, not failed
        pytest.skip(f"{case.id}: {reason}")
    result = await validate_case(case)
    assert result.skipped is None and result.ok, result.line()
    assert result.before is not None and not result.before.passed
    if not _fixing(root):  # validate_case also classified the failure as different from ci.log's
        assert result.after is None
        return
    assert result.after is not None and result.after.passed
    assert result.protected_touched == []


# ---------------------------------------------------------------- the tooling on made-up cases


def _make_case(tmp_path: Path, *, check: str, gold: str, status: str = "broken", extra: str = "") -> Case:
    root = tmp_path / "made-up"
    (root / "src" / "tests").mkdir(parents=True)
    (root / "src" / "status.txt").write_text(f"{status}\n")
    (root / "src" / "tests" / "expected.txt").write_text("fixed\n")
    (root / "case.toml").write_text(
        f'category = "test"\ndescription = "made up"\ncheck = "{check}"\nprotected = ["tests/**"]\ntimeout_s = 30\n'
        + extra
    )
    (root / "gold.patch").write_text(gold)
    (root / "README.md").write_text("made up\n")
    return load_case(root)


CHECK = "cmp status.txt tests/expected.txt"
FIXES_STATUS = """\
diff --git a/status.txt b/status.txt
--- a/status.txt
+++ b/status.txt
@@ -1 +1 @@
-broken
+fixed
"""
EDITS_TEST = """\
diff --git a/tests/expected.txt b/tests/expected.txt
--- a/tests/expected.txt
+++ b/tests/expected.txt
@@ -1 +1 @@
-fixed
+broken
"""


def test_format_log_wraps_output_like_actions() -> None:
    result = ExecResult(argv=["/bin/sh", "-c", "make"], exit_code=2, output="boom", duration_s=0.1)
    assert format_log("make", result) == (
        "##[group]Run make\nmake\n##[endgroup]\nboom\n##[error]Process completed with exit code 2.\n"
    )


def test_protected_hits_uses_glob_meaning() -> None:
    assert protected_hits(["tests/unit/test_a.py", "src/a.py"], ["tests/**"]) == [
        "tests/unit/test_a.py (matches 'tests/**')"
    ]
    assert protected_hits(["src/conftest.py"], ["conftest.py"]) != []


def test_a_case_whose_toolchain_is_missing_is_skipped_with_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    jar = tmp_path / "no-such-launcher.jar"
    extra = f'tools = ["sh", "no-such-compiler-xyz"]\nfiles = ["{jar}"]\n'
    case = _make_case(tmp_path, check="no-such-compiler-xyz build", gold=FIXES_STATUS, extra=extra)
    reason = missing_toolchain(case)
    assert reason is not None and "no-such-compiler-xyz" in reason and str(jar) in reason and "sh," not in reason
    result = anyio.run(validate_case, case)  # nothing runs: no sandbox is needed to say why
    assert result.skipped == reason and result.before is None and result.after is None
    assert main(["validate", "--fixtures", str(case.root.parent)]) == 0
    assert "skip made-up" in capsys.readouterr().out
    jar.write_bytes(b"PK")  # once there, only the compiler is missing
    assert str(jar) not in (missing_toolchain(case) or "")


def test_case_files_must_be_absolute(tmp_path: Path) -> None:
    with pytest.raises(CaseError, match="not an absolute path"):
        _make_case(tmp_path, check=CHECK, gold=FIXES_STATUS, extra='files = ["lib/junit.jar"]\n')


@needs_bwrap
async def test_regen_writes_the_real_failure(tmp_path: Path) -> None:
    case = _make_case(tmp_path, check=CHECK, gold=FIXES_STATUS)
    text = await regenerate_log(case)
    assert text == case.log.read_text()
    assert text.startswith(f"##[group]Run {CHECK}\n{CHECK}\n##[endgroup]\n")
    assert "differ" in text
    assert text.endswith("##[error]Process completed with exit code 1.\n")
    ok = await validate_case(case)
    assert ok.ok, ok.line()


@needs_bwrap
async def test_regen_refuses_a_passing_check(tmp_path: Path) -> None:
    case = _make_case(tmp_path, check=CHECK, gold=FIXES_STATUS, status="fixed")
    with pytest.raises(FixtureError, match="passes"):
        await regenerate_log(case)
    assert not case.log.exists()


@needs_bwrap
async def test_validate_rejects_a_gold_patch_on_protected_paths(tmp_path: Path) -> None:
    case = _make_case(tmp_path, check=CHECK, gold=EDITS_TEST)
    await regenerate_log(case)
    result = await validate_case(case)
    assert not result.ok
    assert result.protected_touched == ["tests/expected.txt (matches 'tests/**')"]


@needs_bwrap
async def test_validate_rejects_a_gold_patch_that_does_not_fix(tmp_path: Path) -> None:
    case = _make_case(tmp_path, check="grep -qx ok status.txt", gold=FIXES_STATUS)
    await regenerate_log(case)
    result = await validate_case(case)
    assert not result.ok
    assert result.after is not None and result.after.exit_code == 1
    assert any("fails with gold.patch applied" in r for r in result.reasons)


@needs_bwrap
async def test_validate_flags_a_stale_log_and_a_passing_check(tmp_path: Path) -> None:
    case = _make_case(tmp_path, check=CHECK, gold=FIXES_STATUS)
    case.log.write_text(
        "##[group]Run old check\nold check\n##[endgroup]\n##[error]Process completed with exit code 3.\n"
    )
    stale = await validate_case(case)
    assert not stale.ok
    assert any("current check" in r for r in stale.reasons)
    assert any("records exit code 3" in r for r in stale.reasons)
    (case.source / "status.txt").write_text("fixed\n")
    passing = await validate_case(case)
    assert "the check passes on the unpatched project" in passing.reasons


@needs_bwrap
def test_cli_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = _make_case(tmp_path, check=CHECK, gold=FIXES_STATUS)
    fixtures = str(case.root.parent)
    assert main(["regen", "--fixtures", fixtures]) == 0
    assert main(["validate", "made-*", "--fixtures", fixtures]) == 0
    case.gold_patch.write_text(EDITS_TEST)
    assert main(["validate", "--fixtures", fixtures]) == 1
    out = capsys.readouterr().out
    assert "FAIL made-up" in out and "0 of 1 cases ok" in out
    assert main(["validate", "nothing-*", "--fixtures", fixtures]) == 2


def test_suite_covers_every_language_and_several_failures() -> None:
    cases = load_cases(FIXTURES)
    assert len(cases) >= 30
    counts = Counter(case.spec.language for case in cases)
    thin = {lang: counts[lang] for lang in LANGUAGES - {"c"} if counts[lang] < 2}
    assert not thin, f"languages with fewer than two fixtures: {thin}"
    several = [case for case in cases if case.spec.several]
    assert len(several) >= 2 and all(case.cassette.is_file() for case in several)


def test_scores_have_a_row_per_language() -> None:
    from remediate.evals.runner import AttemptResult
    from remediate.evals.scoring import score
    from remediate.models import Status

    def attempt(case: str, language: str, ok: bool) -> AttemptResult:
        return AttemptResult(
            case=case,
            category="test",
            language=language,
            attempt=1,
            status=Status.FIXED if ok else Status.NOT_FIXED,
            verified=ok,
            protected_violation=False,
            symptom_patch=False,
            tool_calls=4,
            model_calls=4,
            input_tokens=10,
            output_tokens=5,
            usd=0.01,
            wall_s=1.0,
            message="",
        )

    scored = score([attempt("a", "go", True), attempt("b", "go", False), attempt("c", "rust", True)])
    rows = {g.name: (g.passes, g.attempts) for g in scored.languages}
    assert rows == {"go": (1, 2), "rust": (1, 1)}
