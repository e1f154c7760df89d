"""Languages as data: which language a failure is in, and what that changes for a specialist.

A specialist is chosen by the *kind* of failure (tests, lint/format, types, build, dependencies);
the language decides the rest: the prompt section it reads, the files it may write, the files
that stay read-only (tests, snapshots, golden files, generated code), the deterministic fixers
that run before any model call and the escape hatches its patch may not add. Detection uses no
model: the tools the facts saw, the files the errors name, the check command and the project's
marker files.
"""

from __future__ import annotations

import enum
import re
from collections import defaultdict
from pathlib import PurePosixPath
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from remediate.agents.specialist import FILES, PrefixStep, Specialist
from remediate.models import Category, Facts
from remediate.prompts import load_prompt


class Language(enum.StrEnum):
    PYTHON = "python"
    JAVASCRIPT = "javascript"
    TYPESCRIPT = "typescript"
    GO = "go"
    RUST = "rust"
    JAVA = "java"
    C = "c"


Writes = Literal["sources", "build", "declarations", "own"]


class LanguageProfile(BaseModel):
    """What one language changes for every specialist."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    language: Language
    prompt: str = Field(description="prompts/<file>: a common part and one section per specialist")
    sources: tuple[str, ...] = Field(description="source files a code-fixing specialist may write")
    build_files: tuple[str, ...] = Field(default=(), description="build definitions the build specialist may edit")
    declarations: tuple[str, ...] = Field(default=(), description="where dependencies are declared")
    protected: tuple[str, ...] = Field(
        default=(), description="tests, snapshots, golden files, generated code: read-only for every specialist"
    )
    prefix: tuple[PrefixStep, ...] = Field(default=(), description="deterministic fixers, by category and tool")
    forbidden: tuple[tuple[Category, str, str], ...] = Field(
        default=(), description="(category, name, regex): escape hatches a specialist of that category may not add"
    )


# Tests, snapshots, mocks, build output and the lock files DEFAULT_PROTECTED does not name.
_JS_PROTECTED: tuple[str, ...] = (
    "*.test.js", "*.spec.js", "*.test.mjs", "*.spec.mjs", "*.test.jsx", "*.spec.jsx",
    "__tests__/**", "__snapshots__/**", "*.snap", "__mocks__/**", "dist/**", "coverage/**",
    "yarn.lock", "npm-shrinkwrap.json", "bun.lockb",
)  # fmt: skip


def _fixer(argv: tuple[str, ...], category: Category, tools: tuple[str, ...], description: str) -> PrefixStep:
    """A deterministic fixer, run on the files the failure names (after `--`: never an option)."""
    return PrefixStep(argv=(*argv, "--", FILES), categories=(category,), tools=tools, description=description)


_JS_PREFIX = (
    _fixer(
        ("eslint", "--fix"),
        Category.LINT,
        ("eslint",),
        "eslint --fix with the project's own config, on the files the failure names",
    ),
    _fixer(
        ("prettier", "--write", "--log-level", "warn"),
        Category.FORMAT,
        ("prettier",),
        "prettier --write with the project's own config, on the files the failure names",
    ),
)
_TS_ESCAPES: tuple[tuple[Category, str, str], ...] = (
    (Category.TYPE, "any", r"(?::|<|\bas)\s*any\b|\bany\s*[\[\]>|,)]"),
    (Category.TYPE, "non-null assertion on a call", r"\w\)!\.|\w!\.\w"),
    (Category.TYPE, "unknown cast", r"\bas\s+unknown\s+as\b"),
)

PROFILES: dict[Language, LanguageProfile] = {
    Language.PYTHON: LanguageProfile(
        language=Language.PYTHON,
        prompt="lang-python.md",
        sources=("*.py", "*.pyi"),
        build_files=("*.py", "*.pyi", "pyproject.toml", "setup.cfg", "setup.py"),
        declarations=("pyproject.toml", "requirements*.txt", "requirements/*.txt", "constraints*.txt", "setup.cfg"),
        protected=("**/__snapshots__/**", "**/snapshots/**", "**/testdata/**", "*_pb2.py", "*_pb2.pyi"),
        prefix=(
            _fixer(
                ("ruff", "check", "--fix", "--no-unsafe-fixes", "--force-exclude", "--quiet"),
                Category.LINT,
                ("ruff",),
                "ruff's safe automatic fixes, on the files the failure names",
            ),
            _fixer(
                ("ruff", "format", "--force-exclude", "--quiet"),
                Category.FORMAT,
                ("ruff",),
                "ruff format with the project's own settings, on the files the failure names",
            ),
        ),
    ),
    Language.JAVASCRIPT: LanguageProfile(
        language=Language.JAVASCRIPT,
        prompt="lang-javascript.md",
        sources=("*.js", "*.mjs", "*.cjs", "*.jsx"),
        build_files=("package.json", "*.config.js", "*.config.mjs", "*.config.cjs"),
        declarations=("package.json",),
        protected=_JS_PROTECTED,
        prefix=_JS_PREFIX,
    ),
    Language.TYPESCRIPT: LanguageProfile(
        language=Language.TYPESCRIPT,
        prompt="lang-javascript.md",
        sources=("*.ts", "*.tsx", "*.mts", "*.cts", "*.js", "*.mjs", "*.cjs", "*.jsx"),
        build_files=("package.json", "tsconfig*.json", "*.config.js", "*.config.mjs", "*.config.ts"),
        declarations=("package.json",),
        protected=(*_JS_PROTECTED, "*.test.ts", "*.spec.ts", "*.test.tsx", "*.spec.tsx", "*.d.ts"),
        prefix=_JS_PREFIX,
        forbidden=_TS_ESCAPES,
    ),
    Language.GO: LanguageProfile(
        language=Language.GO,
        prompt="lang-go.md",
        sources=("*.go",),
        build_files=("*.go", "go.mod"),
        declarations=("go.mod",),
        protected=("*_test.go", "testdata/**", "*.pb.go", "*_string.go", "zz_generated*.go", "vendor/**", "*.golden"),
        prefix=(_fixer(("gofmt", "-w"), Category.FORMAT, ("gofmt", "go"), "gofmt -w on the files the failure names"),),
    ),
    Language.RUST: LanguageProfile(
        language=Language.RUST,
        prompt="lang-rust.md",
        sources=("*.rs",),
        build_files=("*.rs", "Cargo.toml"),
        declarations=("Cargo.toml",),
        protected=("tests/**", "benches/**", "*.snap", "snapshots/**", "target/**", "Cargo.lock"),
        prefix=(
            _fixer(
                ("rustfmt", "--edition", "2021"),
                Category.FORMAT,
                ("rustfmt", "cargo"),
                "rustfmt (what cargo fmt runs) with the project's rustfmt.toml, on the files it names",
            ),
        ),
    ),
    Language.JAVA: LanguageProfile(
        language=Language.JAVA,
        prompt="lang-java.md",
        sources=("*.java",),
        build_files=("*.java", "Makefile", "pom.xml", "build.gradle", "build.gradle.kts"),
        declarations=("pom.xml", "build.gradle", "build.gradle.kts"),
        protected=("src/test/**", "*Test.java", "*Tests.java", "*IT.java", "target/**", "build/**", "gradlew*"),
    ),
    Language.C: LanguageProfile(
        language=Language.C,
        prompt="lang-c.md",
        sources=("*.c", "*.h", "*.cc", "*.cpp", "*.cxx", "*.hpp", "*.hh"),
        build_files=("*.c", "*.h", "*.cc", "*.cpp", "*.cxx", "*.hpp", "*.hh", "Makefile", "*.mk", "CMakeLists.txt"),
        declarations=("CMakeLists.txt", "conanfile.txt", "vcpkg.json"),
        protected=("test/**", "tests/**", "*_test.c", "test_*.c", "build/**", "configure", "*.in"),
    ),
}

# Evidence for a language, strongest first: the tool that failed, the files errors name, the
# check command, the project's marker files.
_TOOLS: dict[str, Language] = {
    "pytest": Language.PYTHON, "ruff": Language.PYTHON, "mypy": Language.PYTHON, "pyright": Language.PYTHON,
    "flake8": Language.PYTHON, "pylint": Language.PYTHON, "deptry": Language.PYTHON, "unittest": Language.PYTHON,
    "jest": Language.JAVASCRIPT, "vitest": Language.JAVASCRIPT, "eslint": Language.JAVASCRIPT,
    "prettier": Language.JAVASCRIPT, "mocha": Language.JAVASCRIPT, "tsc": Language.TYPESCRIPT,
    "go": Language.GO, "gofmt": Language.GO, "golangci-lint": Language.GO,
    "cargo": Language.RUST, "rustc": Language.RUST, "clippy": Language.RUST, "rustfmt": Language.RUST,
    "javac": Language.JAVA, "maven": Language.JAVA, "gradle": Language.JAVA, "junit": Language.JAVA,
    "compiler": Language.C, "gcc": Language.C, "clang": Language.C, "linker": Language.C, "cmake": Language.C,
}  # fmt: skip
_EXTENSIONS: dict[str, Language] = {
    ".py": Language.PYTHON, ".pyi": Language.PYTHON,
    ".js": Language.JAVASCRIPT, ".mjs": Language.JAVASCRIPT, ".cjs": Language.JAVASCRIPT, ".jsx": Language.JAVASCRIPT,
    ".ts": Language.TYPESCRIPT, ".tsx": Language.TYPESCRIPT, ".mts": Language.TYPESCRIPT, ".cts": Language.TYPESCRIPT,
    ".go": Language.GO, ".rs": Language.RUST, ".java": Language.JAVA,
    ".c": Language.C, ".h": Language.C, ".cc": Language.C, ".cpp": Language.C, ".cxx": Language.C, ".hpp": Language.C,
}  # fmt: skip
_COMMANDS: tuple[tuple[re.Pattern[str], Language], ...] = (
    (re.compile(r"\b(?:pytest|ruff|mypy|pyright|tox|nox|flake8|pylint|python3?)\b"), Language.PYTHON),
    (re.compile(r"\b(?:tsc|vue-tsc)\b"), Language.TYPESCRIPT),
    (re.compile(r"\b(?:jest|vitest|eslint|prettier|mocha|npm|npx|pnpm|yarn|node)\b"), Language.JAVASCRIPT),
    (re.compile(r"\bgo\s+(?:test|build|vet|run)\b|\bgofmt\b|\bgolangci-lint\b"), Language.GO),
    (re.compile(r"\bcargo\b|\brustc\b|\brustfmt\b"), Language.RUST),
    (re.compile(r"\b(?:javac|mvn|gradlew?|java)\b"), Language.JAVA),
    (re.compile(r"\b(?:gcc|g\+\+|clang|cc|make|cmake|ninja)\b"), Language.C),
)
_MARKERS: dict[str, Language] = {
    "pyproject.toml": Language.PYTHON, "setup.py": Language.PYTHON, "tsconfig.json": Language.TYPESCRIPT,
    "package.json": Language.JAVASCRIPT, "go.mod": Language.GO, "Cargo.toml": Language.RUST,
    "pom.xml": Language.JAVA, "build.gradle": Language.JAVA, "build.gradle.kts": Language.JAVA,
    "CMakeLists.txt": Language.C,
}  # fmt: skip
_WEIGHTS = {"tool": 3.0, "file": 2.0, "command": 2.0, "marker": 1.0}


def _extension_language(path: str) -> Language | None:
    return _EXTENSIONS.get(PurePosixPath(path).suffix.lower())


def language_evidence(facts: Facts, check: str) -> dict[Language, float]:
    """Weighted votes for each language; pure, no I/O."""
    votes: defaultdict[Language, float] = defaultdict(float)
    for tool in facts.tools:
        if lang := _TOOLS.get(tool):
            votes[lang] += _WEIGHTS["tool"]
    named = [e.file for e in facts.errors if e.file] + [t.file for t in facts.failing_tests if t.file]
    for path in named:
        if lang := _extension_language(path):
            votes[lang] += _WEIGHTS["file"] / max(1, len(named)) * 2
    for pattern, lang in _COMMANDS:
        if pattern.search(check):
            votes[lang] += _WEIGHTS["command"]
    tree = facts.repo.tree if facts.repo else []
    for path in tree:
        if lang := _MARKERS.get(PurePosixPath(path.rstrip("/")).name):
            votes[lang] += _WEIGHTS["marker"] / (1 + path.count("/"))
    # TypeScript is JavaScript plus types: any TypeScript evidence makes JS evidence count for it.
    if votes.get(Language.TYPESCRIPT) and votes.get(Language.JAVASCRIPT):
        votes[Language.TYPESCRIPT] += votes.pop(Language.JAVASCRIPT)
    return dict(votes)


def detect_language(facts: Facts, check: str) -> Language:
    """The failure's language; Python when nothing says otherwise (the project's first language)."""
    votes = language_evidence(facts, check)
    if not votes:
        return Language.PYTHON
    ranked = sorted(votes.items(), key=lambda kv: (-kv[1], list(Language).index(kv[0])))
    return ranked[0][0]


def _writable(specialist: Specialist, profile: LanguageProfile) -> tuple[str, ...] | None:
    match specialist.writes:
        case "sources":
            return profile.sources
        case "build":
            return tuple(dict.fromkeys((*profile.sources, *profile.build_files)))
        case "declarations":
            return profile.declarations
        case _:
            return specialist.writable


def specialize(specialist: Specialist, language: Language) -> Specialist:
    """The specialist for this language: its section of the prompt, files, fixers and rules."""
    profile = PROFILES[language]
    prefix = [*specialist.prefix]
    prefix += [step for step in profile.prefix if set(step.categories) & set(specialist.categories)]
    forbidden = [*specialist.forbidden]
    forbidden += [(name, rx) for category, name, rx in profile.forbidden if category in specialist.categories]
    return specialist.model_copy(
        update={
            "language": language.value,
            "writable": _writable(specialist, profile),
            "protected": tuple(dict.fromkeys((*specialist.protected, *profile.protected))),
            "prefix": tuple(dict.fromkeys(prefix)),
            "forbidden": tuple(dict.fromkeys(forbidden)),
        }
    )


_SECTION = re.compile(r"^<!-- section: ([\w-]+) -->\s*$", re.MULTILINE)


def language_section(prompt_file: str, section: str) -> str:
    """The common part of a language prompt and its section for one specialist."""
    text = load_prompt(prompt_file)
    parts = _SECTION.split(text)
    common, sections = parts[0].strip(), dict(zip(parts[1::2], (p.strip() for p in parts[2::2]), strict=True))
    own = sections.get(section, "")
    return common + ("\n\n" + own if own else "")


def system_prompt(specialist: Specialist) -> str:
    """The specialist's prompt, then the conventions of the failure's language for that specialist."""
    base = load_prompt(specialist.prompt)
    if specialist.language is None:
        return base
    profile = PROFILES[Language(specialist.language)]
    return base.rstrip() + "\n\n" + language_section(profile.prompt, specialist.name)
