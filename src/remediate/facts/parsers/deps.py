"""Dependency resolution and installation: pip, uv, poetry, npm/yarn/pnpm, cargo, go modules."""

from __future__ import annotations

import re

from remediate.facts.parsers.base import Findings, Parser
from remediate.facts.view import View
from remediate.models import Category

# (tool, pattern). The message is the whole match's line; group "pkg" names the package when known.
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("pip", re.compile(r"^ERROR: Could not find a version that satisfies the requirement (?P<pkg>\S+)")),
    ("pip", re.compile(r"^ERROR: No matching distribution found for (?P<pkg>\S+)")),
    ("pip", re.compile(r"^ERROR: Cannot install (?P<pkg>.+?) because these package versions have conflicting")),
    ("pip", re.compile(r"^ERROR: ResolutionImpossible")),
    ("pip", re.compile(r"^ERROR: (?:Failed building wheel for|Could not build wheels for) (?P<pkg>\S+)")),
    ("pip", re.compile(r"^ERROR: pip's dependency resolver does not currently take into account")),
    ("pip", re.compile(r"^ERROR: (?:Could not install packages due to|Invalid requirement|Double requirement)")),
    ("pip", re.compile(r"^error: (?:subprocess-exited-with-error|metadata-generation-failed|externally-managed)")),
    ("pip", re.compile(r"^ERROR: Ignored the following versions that require a different python version")),
    ("pip", re.compile(r"^ERROR: Package '(?P<pkg>[\w.-]+)' requires a different Python")),
    ("uv", re.compile(r"^(?:error|  ×|×): No solution found when resolving dependencies")),
    (
        "uv",
        re.compile(
            r"^\s*(?:╰─▶|cause:)\s+Because (?:all versions of |only |there is no version of |no versions of )?"
            r"(?P<pkg>[\w.\[\]-]+)"
        ),
    ),
    ("uv", re.compile(r"^error: Failed to (?:prepare distributions|build|download|fetch|resolve)")),
    ("uv", re.compile(r"^error: Distribution not found|^error: Requirements contain conflicting URLs")),
    ("uv", re.compile(r"^error: The lockfile at `uv\.lock` needs to be updated")),
    ("poetry", re.compile(r"SolverProblemError|^Because (?P<pkg>\S+) depends on .+ version solving failed")),
    ("poetry", re.compile(r"pyproject\.toml changed significantly since poetry\.lock was last generated")),
    ("npm", re.compile(r"^npm (?:ERR!|error) code (?P<pkg>E(?:RESOLVE|NOTARGET|404|INTEGRITY|USAGE|NOVERSIONS))")),
    ("npm", re.compile(r"^npm (?:ERR!|error) 404 (?:Not Found - )?.*?(?P<pkg>[@\w./-]+@?\S*) is not in")),
    (
        "npm",
        re.compile(r"^npm (?:ERR!|error) (?:ERESOLVE unable to resolve dependency tree|Could not resolve dependency)"),
    ),
    ("npm", re.compile(r"npm ci` can only install packages when your package\.json and package-lock\.json")),
    (
        "yarn",
        re.compile(
            r"^error (?:Couldn't find package \"(?P<pkg>[^\"]+)\"|An unexpected error occurred: \".*(?:404|ENOTFOUND))"
        ),
    ),
    (
        "yarn",
        re.compile(r"^(?:error |YN\d+: .*)Your lockfile needs to be updated|The lockfile would have been modified"),
    ),
    ("pnpm", re.compile(r"ERR_PNPM_(?:OUTDATED_LOCKFILE|NO_MATCHING_VERSION|FETCH_404|PEER_DEP_ISSUES|LOCKFILE)\w*")),
    ("pnpm", re.compile(r"^[1-9]\d* vulnerabilities found|^found [1-9]\d* vulnerabilit(?:y|ies)")),  # 0: a clean audit
    ("cargo", re.compile(r"^error: failed to select a version for (?:the requirement )?`?(?P<pkg>[\w-]+)")),
    ("cargo", re.compile(r"^error: no matching package named `(?P<pkg>[\w-]+)` found")),
    ("cargo", re.compile(r"^error: the lock file .* needs to be updated but --locked was passed")),
    (
        "go",
        re.compile(
            r"^go: (?:updates to go\.mod needed|missing go\.sum entry|"
            r"(?P<pkg>\S+): (?:module .* not found|reading .*: 404|unknown revision|invalid version))"
        ),
    ),
    ("go", re.compile(r"^\S+\.go:\d+:\d+: no required module provides package (?P<pkg>\S+)")),
    (
        "maven",
        re.compile(
            r"Could not resolve dependencies for project|The following artifacts could not be resolved: (?P<pkg>\S+)"
        ),
    ),
    ("maven", re.compile(r"Plugin (?P<pkg>\S+) or one of its dependencies could not be resolved")),
    ("gradle", re.compile(r"^\s*> Could not (?:resolve|find) (?P<pkg>[\w.:-]+)")),
    (
        "bundler",
        re.compile(
            r"^Could not find (?P<pkg>[\w-]+)-[\d.]+ in any of the sources|^Bundler could not find compatible versions"
        ),
    ),
    ("composer", re.compile(r"^\s*Your requirements could not be resolved to an installable set of packages")),
)
MATCHED_CHARS = 1000  # the verdicts below all start early in their line
_NEEDLES = (
    "ERROR",
    "error",
    "×",
    "Because",
    "Solver",
    "poetry",
    "npm",
    "ERR_PNPM",
    "vulnerabilit",
    "go:",
    ".go:",
    "resolve",
    "Could not",
    "Bundler",
    "requirements could not",
    "lockfile",
)


def parse(view: View) -> Findings:
    found = Findings(tool="deps")
    tools: set[str] = set()
    for line in view.lines:
        text = line.text[:MATCHED_CHARS]
        if not text or not any(n in text for n in _NEEDLES):
            continue
        for tool, pattern in _RULES:
            m = pattern.search(text)
            if m:
                pkg = m.groupdict().get("pkg")
                found.error(line.no, text, code=pkg.strip("'\"`") if pkg else None, tool=tool, weight=9.0)
                tools.add(tool)
                break
    if len(tools) == 1:
        found.tool = next(iter(tools))
    return found


PARSER = Parser(tool="deps", category=Category.DEPENDENCY, parse=parse)
