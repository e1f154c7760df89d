"""Languages as data: detection from the facts, what a language changes for a specialist, the
prompt section it reads, and the silencing forms the symptom guard rejects in every language."""

from __future__ import annotations

from pathlib import Path

import pytest

from remediate.agents import SPECIALISTS
from remediate.agents.languages import (
    PROFILES,
    Language,
    detect_language,
    for_failure,
    language_evidence,
    language_section,
    load_profiles,
    specialize,
    system_prompt,
)
from remediate.facts import extract_facts
from remediate.facts.repo import repo_tree
from remediate.models import Category, CheckSpec, ErrorRecord, Facts, RepoFacts
from remediate.tools import ToolFailure
from remediate.verify import symptom_findings


def _facts(tools: list[str], files: list[str], tree: list[str] | None = None) -> Facts:
    errors = [ErrorRecord(tool=tools[0] if tools else "x", file=f, line=1, message="m") for f in files]
    return Facts(tools=tools, errors=errors, repo=RepoFacts(tree=tree or []))


@pytest.mark.parametrize(
    ("tools", "files", "check", "tree", "expected"),
    [
        (["go"], ["report/report.go"], "go build ./...", ["go.mod"], Language.GO),
        (["tsc"], ["src/cart.ts"], "tsc --noEmit", ["package.json", "tsconfig.json"], Language.TYPESCRIPT),
        (["jest"], ["src/cart.js"], "jest --ci", ["package.json"], Language.JAVASCRIPT),
        (["cargo"], ["src/lib.rs"], "cargo test --offline", ["Cargo.toml"], Language.RUST),
        (["javac"], ["src/main/java/A.java"], "make test", ["Makefile"], Language.JAVA),
        (["compiler"], ["src/ringbuf.c"], "make test", ["Makefile"], Language.C),
        (["pytest"], ["src/app.py"], "python -m pytest -q", ["pyproject.toml"], Language.PYTHON),
        ([], [], "./run-checks.sh", [], Language.PYTHON),
    ],
)
def test_detect_language(tools: list[str], files: list[str], check: str, tree: list[str], expected: Language) -> None:
    assert detect_language(_facts(tools, files, tree), check) is expected


def test_a_mixed_repository_follows_the_failing_tool_not_the_marker_files() -> None:
    # A Python service with a small web front end: eslint failed on a .js file.
    facts = _facts(["eslint"], ["web/app.js"], ["pyproject.toml", "setup.py", "web/package.json"])
    assert detect_language(facts, "npx eslint web") is Language.JAVASCRIPT


def test_specialize_picks_sources_fixers_protection_and_rules_per_language() -> None:
    lint_go = specialize(SPECIALISTS["lint"], Language.GO)
    assert lint_go.writable == ("*.go",) and lint_go.language == "go"
    assert [step.argv[0] for step in lint_go.prefix] == ["gofmt"]
    assert "*_test.go" in lint_go.protected and "testdata/**" in lint_go.protected
    lint_ts = specialize(SPECIALISTS["lint"], Language.TYPESCRIPT)
    assert [step.argv[0] for step in lint_ts.prefix] == ["eslint", "prettier"]
    assert lint_ts.policy().is_protected("src/__snapshots__/cart.test.ts.snap")
    types_ts = specialize(SPECIALISTS["types"], Language.TYPESCRIPT)
    patch = "diff --git a/a.ts b/a.ts\n--- a/a.ts\n+++ b/a.ts\n@@ -1 +1 @@\n-const x = f();\n+const x = f() as any;\n"
    assert any("any" in f for f in types_ts.forbidden_findings(patch))
    # The tests specialist writes anything that is not protected, in any language.
    tests_rs = specialize(SPECIALISTS["tests"], Language.RUST)
    assert tests_rs.writable is None and tests_rs.policy().is_protected("tests/integration.rs")
    build_c = specialize(SPECIALISTS["build"], Language.C)
    assert build_c.writable is not None and "Makefile" in build_c.writable and "*.h" in build_c.writable
    assert build_c.prefix == ()
    # Python keeps exactly the behaviour it had: ruff's fixers, Python sources.
    lint_py = specialize(SPECIALISTS["lint"], Language.PYTHON)
    assert lint_py.writable == ("*.py", "*.pyi") and [s.argv[:2] for s in lint_py.prefix] == [
        ("ruff", "check"),
        ("ruff", "format"),
    ]


def test_a_formatter_may_fix_the_non_source_files_its_own_failure_names() -> None:
    # Real `prettier --check .`: README.md, a stylesheet, a JS file and a workflow badly formatted.
    facts = extract_facts(Path(__file__).parents[1] / "facts/data/prettier_check_non_sources.txt")
    named = [e.file for e in facts.errors if e.file]
    assert sorted(named) == [".github/workflows/ci.yml", "README.md", "src/index.js", "src/styles.css"]
    plain = specialize(SPECIALISTS["lint"], Language.JAVASCRIPT)
    assert plain.prefix_files(named) == ["src/index.js"], "only the language's sources, before the failure is known"
    lint = for_failure(SPECIALISTS["lint"], Language.JAVASCRIPT, facts)
    assert lint.prefix_files(named) == ["README.md", "src/index.js", "src/styles.css"]
    policy = lint.policy()
    policy.check_write("README.md")
    policy.check_write("src/styles.css")
    for other in ("docs/README.md", "docs/guide.md"):  # the same basename elsewhere, or a file not named
        with pytest.raises(ToolFailure, match="outside the files"):
            policy.check_write(other)
    with pytest.raises(ToolFailure, match="protected"):
        policy.check_write(".github/workflows/ci.yml")  # protected paths still win
    # Specialists of other kinds gain nothing from lint findings; the tests specialist writes freely anyway.
    assert (
        for_failure(SPECIALISTS["types"], Language.JAVASCRIPT, facts).writable
        == specialize(SPECIALISTS["types"], Language.JAVASCRIPT).writable
    )


def test_names_from_the_log_that_escape_or_glob_are_never_made_writable() -> None:
    bad = ["../outside.md", "/etc/passwd", "-rf.md", "docs/*.md", "a?.css"]
    errors = [ErrorRecord(message="x", file=f, category=Category.FORMAT, tool="prettier") for f in bad]
    facts = Facts(
        category=Category.FORMAT,
        errors=[*errors, ErrorRecord(message="x", file="ok.md", category=Category.FORMAT, tool="prettier")],
    )
    lint = for_failure(SPECIALISTS["lint"], Language.JAVASCRIPT, facts)
    assert lint.writable is not None and [w for w in lint.writable if "md" in w or "css" in w] == ["/ok.md"]


def test_prefix_steps_of_a_language_run_only_for_their_category_and_tool() -> None:
    js = PROFILES[Language.JAVASCRIPT]
    eslint, prettier = js.prefix
    assert eslint.applies(Category.LINT, ["eslint"], CheckSpec(command="eslint ."))
    assert not eslint.applies(Category.FORMAT, ["prettier"], CheckSpec(command="prettier --check ."))
    assert prettier.applies(Category.FORMAT, ["prettier"], CheckSpec(command="prettier --check ."))
    assert eslint.command(["src/a.js"]) == ["eslint", "--fix", "--", "src/a.js"]


@pytest.mark.parametrize("language", list(Language))
def test_every_language_has_a_long_section_for_every_code_specialist(language: Language) -> None:
    profile = PROFILES[language]
    for name in ("tests", "lint", "types", "build", "dependencies"):
        section = language_section(profile.prompt, name)
        assert section.startswith("# Language:")
        assert "<!-- section:" not in section
    assert len(language_section(profile.prompt, "tests").split()) > 120
    prompt = system_prompt(specialize(SPECIALISTS["build"], language))
    assert prompt.startswith("# Role: the build specialist") and "# Language:" in prompt


@pytest.mark.parametrize(
    "line",
    [
        "// @ts-expect-error",
        "// @ts-ignore",
        "/* eslint-disable */",
        "  // eslint-disable-next-line no-unused-vars",
        "// prettier-ignore",
        '  it.skip("rounds", () => {',
        '  it.only("rounds", () => {',
        '  "test": "jest --passWithNoTests",',
        '  "test": "jest -u",',
        "#[allow(dead_code)]",
        "#![allow(clippy::all)]",
        "#[ignore]",
        "#[rustfmt::skip]",
        "\tvalue := compute() //nolint:errcheck",
        '\tt.Skip("flaky")',
        "//go:build ignore",
        "    @Disabled",
        "    @Ignore",
        "    assumeTrue(false);",
        '#pragma GCC diagnostic ignored "-Wconversion"',
        "CFLAGS += -Wno-error",
        "    System.exit(0);",
        "\tos.Exit(0)",
    ],
)
def test_the_symptom_guard_knows_each_language_silencing_form(line: str) -> None:
    patch = f"diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1,2 @@\n x\n+{line}\n"
    assert symptom_findings(patch), line


@pytest.mark.parametrize(
    "line",
    [
        "const only = items.filter(Boolean);",
        "let fit = 1;",
        "    allowed := policy.Allow(user)",
        "    // ignore the header row",
        "    if (update) { render(); }",
        "#[derive(Debug, Clone)]",
    ],
)
def test_ordinary_code_is_not_a_symptom(line: str) -> None:
    patch = f"diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1,2 @@\n x\n+{line}\n"
    assert symptom_findings(patch) == [], line


def _one_language(name: str, extra: str = "") -> str:
    return (
        f'[languages.{name}]\nprompt = "lang-{name}.md"\nsources = ["*.x"]\n{extra}'
        f"[languages.{name}.evidence]\ncommand = 'x'\n"
    )


def test_languages_are_a_data_file_with_a_table_for_every_language() -> None:
    text = "".join(_one_language(lang.value) for lang in Language)
    assert set(load_profiles(text)) == set(Language)
    with pytest.raises(ValueError, match="no profile for: c"):
        load_profiles("".join(_one_language(lang.value) for lang in Language if lang != Language.C))
    with pytest.raises(ValueError, match="must come before it"):
        load_profiles(_one_language("go", 'base = "rust"\n') + _one_language("rust"))
    with pytest.raises(ValueError, match="sourcez"):
        load_profiles(_one_language("go", 'sourcez = ["*.go"]\n'))


def test_a_fixer_always_gets_the_files_after_a_double_dash_and_typescript_starts_from_javascript() -> None:
    gofmt = PROFILES[Language.GO].prefix[0]
    assert gofmt.argv == ("gofmt", "-w", "--", "{files}")
    js, ts = PROFILES[Language.JAVASCRIPT], PROFILES[Language.TYPESCRIPT]
    assert ts.prefix == js.prefix and ts.protected[: len(js.protected)] == js.protected
    assert "*.d.ts" in ts.protected and "*.d.ts" not in js.protected


def _tree(root: Path, files: dict[str, str]) -> RepoFacts:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return repo_tree(root)


def test_a_go_work_and_the_modules_it_uses_tell_go(tmp_path: Path) -> None:
    # A Go workspace with no go.mod at its root (go.work's `use`), and a script folder's package.json: nothing in
    # the log or the check names a language. go.work is Go's marker at the root, its modules' go.mod files below.
    repo = _tree(
        tmp_path,
        {
            "go.work": "go 1.19\n\nuse (\n\t./shop\n\t./rates\n)\n",
            "shop/go.mod": "module example.com/shop\n",
            "rates/go.mod": "module example.com/shop/rates\n",
            "scripts/package.json": '{"name": "release-scripts"}',
        },
    )
    assert {m.manifest for m in repo.modules} == {"shop/go.mod", "rates/go.mod"}  # no root package.json: no workspace
    assert detect_language(Facts(repo=repo), "./ci.sh") is Language.GO
    without = repo.model_copy(update={"tree": [p for p in repo.tree if p != "go.work"]})
    assert detect_language(Facts(repo=without), "./ci.sh") is Language.JAVASCRIPT  # the nearer package.json


def test_a_workspace_s_many_manifests_count_as_its_nearest_one(tmp_path: Path) -> None:
    # A Python service (pyproject.toml at the root) beside an npm workspace of 150 packages (web/packages/*), whose
    # tree is cut: the workspace's package.json files (the tree's, and those only the root's workspaces name) say the
    # project holds JavaScript once, at the nearest (the root's package.json), not 150 times more than Python
    files = {"pyproject.toml": '[project]\nname = "shop"\n', "package.json": '{"workspaces": ["web/packages/*"]}'}
    files |= {f"web/packages/p{i:03}/package.json": f'{{"name": "@shop/p{i:03}"}}' for i in range(150)}
    repo = _tree(tmp_path, files)
    manifests = {m.manifest for m in repo.modules}
    assert repo.truncated and len(manifests) == 151 and not manifests <= set(repo.tree)
    votes = language_evidence(Facts(repo=repo), "./ci.sh")
    assert votes == {Language.PYTHON: 1.0, Language.JAVASCRIPT: 1.0}  # a tie: Python, the first language
    # the failing tool still decides: eslint on a workspace package's file
    facts = _facts(["eslint"], ["web/packages/p001/index.js"], repo.tree)
    assert detect_language(facts, "./ci.sh") is Language.JAVASCRIPT
