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
import tomllib
from collections import defaultdict
from importlib.resources import files
from pathlib import PurePosixPath
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from remediate.agents.specialist import FILES, PrefixStep, Specialist, from_log_safely
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


class Evidence(BaseModel):
    """What says a failure is in a language (detect_language weighs each kind)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    tools: tuple[str, ...] = Field(default=(), description="tools the facts saw")
    extensions: tuple[str, ...] = Field(default=(), description="extensions of the files the errors name")
    command: str = Field(description="regex over the check command")
    markers: tuple[str, ...] = Field(default=(), description="the project's marker files")


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
    evidence: Evidence


def _fixer(argv: list[str], category: Category, tools: list[str], description: str) -> PrefixStep:
    """A deterministic fixer, run on the files the failure names (after `--`: never an option)."""
    return PrefixStep(argv=(*argv, "--", FILES), categories=(category,), tools=tuple(tools), description=description)


def load_profiles(text: str) -> dict[Language, LanguageProfile]:
    """The language profiles a TOML document declares (languages.toml explains its keys); every
    `Language` must have one. Raises ValueError (a pydantic ValidationError for a bad field)."""
    out: dict[Language, LanguageProfile] = {}
    for name, table in tomllib.loads(text).get("languages", {}).items():
        fields: dict[str, Any] = {"language": name, **table}
        fields["prefix"] = tuple(_fixer(**step) for step in fields.pop("fixers", ()))
        if (base := fields.pop("base", None)) is not None:
            if Language(base) not in out:
                raise ValueError(f"language {name!r}: its base {base!r} must come before it")
            shared = out[Language(base)]
            fields["protected"] = (*shared.protected, *fields.get("protected", ()))
            fields["prefix"] = (*shared.prefix, *fields["prefix"])
        profile = LanguageProfile.model_validate(fields)
        out[profile.language] = profile
    if missing := [lang.value for lang in Language if lang not in out]:
        raise ValueError(f"no profile for: {', '.join(missing)}")
    return out


PROFILES: dict[Language, LanguageProfile] = load_profiles(
    files("remediate.agents").joinpath("languages.toml").read_text(encoding="utf-8")
)

# Evidence for a language, strongest first: the tool that failed, the files errors name, the
# check command, the project's marker files (indexes over the profiles' evidence).
_TOOLS = {tool: lang for lang, p in PROFILES.items() for tool in p.evidence.tools}
_EXTENSIONS = {ext: lang for lang, p in PROFILES.items() for ext in p.evidence.extensions}
_COMMANDS = tuple((re.compile(p.evidence.command), lang) for lang, p in PROFILES.items())
_MARKERS = {marker: lang for lang, p in PROFILES.items() for marker in p.evidence.markers}
_WEIGHTS = {"tool": 3.0, "file": 2.0, "command": 2.0, "marker": 1.0}


def _extension_language(path: str) -> Language | None:
    return _EXTENSIONS.get(PurePosixPath(path).suffix.lower())


def _nearest_markers(facts: Facts) -> dict[Language, float]:
    """Each language's marker vote: its marker file nearest the root (a root go.mod 1.0, crates/rates/Cargo.toml
    1/3), among the tree's paths and the manifests that name the project's own modules (RepoFacts.modules: a
    go.work's modules, a Cargo workspace's members, an npm workspace's packages, which a cut tree may not list).
    The nearest, not a sum: markers say which languages the project holds, not how many packages it has (a
    workspace's 200 package.json files would outvote the tool that failed)."""
    repo = facts.repo
    paths = {p.rstrip("/") for p in repo.tree} | {m.manifest for m in repo.modules} if repo else set()
    nearest: dict[Language, float] = {}
    for path in paths:
        if lang := _MARKERS.get(PurePosixPath(path).name):
            nearest[lang] = max(nearest.get(lang, 0.0), _WEIGHTS["marker"] / (1 + path.count("/")))
    return nearest


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
    for lang, weight in _nearest_markers(facts).items():
        votes[lang] += weight
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


# A linter or formatter also checks files that are no language's sources (prettier on README.md, a
# stylesheet or a YAML file; markdownlint, stylelint, yamllint): the very files the failure's own lint
# and format findings name are writable for a specialist of those categories, each anchored at the
# root (a name without `/` would match that basename at any depth). Protected paths still win
# (PathPolicy checks them first), and nothing beyond those files is opened.
IN_PLACE = frozenset({Category.LINT, Category.FORMAT})


def named_in_place(facts: Facts, categories: tuple[Category, ...]) -> tuple[str, ...]:
    """The repository files the failure's findings of `categories` that are fixed in place name, as
    anchored patterns (a name holding a glob character is left out rather than read as a glob)."""
    kinds = IN_PLACE & set(categories)
    names = (e.file for e in facts.errors if e.file and e.category in kinds)
    safe = (n for n in names if from_log_safely(n) and not set(n) & set("*?"))
    return tuple(dict.fromkeys(f"/{n}" for n in safe))


def for_failure(specialist: Specialist, language: Language, facts: Facts) -> Specialist:
    """The specialist for this language (specialize) and this failure: the files its own findings
    name writable too (named_in_place), when it writes a language's files at all."""
    out = specialize(specialist, language)
    named = named_in_place(facts, out.categories)
    if not named or out.writable is None:
        return out
    return out.model_copy(update={"writable": tuple(dict.fromkeys((*out.writable, *named)))})


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
