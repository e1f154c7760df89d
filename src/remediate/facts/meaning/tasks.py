"""A task, script, target or session the CI asked a runner for that the project does not define (MissingTask),
a build tool run where its build file is absent (MissingBuildFile), and the tasks of the Grunt plugins Grunt
could not load (defined, their plugin missing).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from typing import NamedTuple

from remediate.facts.lazyregex import Regex


class MissingTask(NamedTuple):
    """A task, script, target, environment or session the CI asked a runner for that the project
    does not define: the CI's configuration names it (a renamed script, a workflow not updated)."""

    runner: str
    name: str

    @property
    def what(self) -> str:
        return f"the CI asked {self.runner} for {self.name!r}, which the project does not define"


# (literals every match holds, the runner's own wording with a `name` group, runner). Each wording
# is the runner's as it prints it (tests/facts/data/README.md). make's top-level `make: ***` only:
# `needed by 'x'` is a missing prerequisite file, and a sub-make's (`make[1]:`) is the Makefile's own.
_MISSING_TASK: tuple[tuple[tuple[str, ...], Regex, str], ...] = (
    (
        ("No rule to make target",),
        Regex(r"^g?make: \*\*\* No rule to make target [`'‘](?P<name>[^'’`]+)['’]\.\s+Stop\."),
        "make",
    ),
    (("Missing script",), Regex(r"Missing script: \"?(?P<name>[^\"\s]+)\"?"), "npm/pnpm"),
    (("not found.",), Regex(r"^error Command \"(?P<name>[^\"]+)\" not found\."), "yarn"),
    (("Don't know how to build task",), Regex(r"Don't know how to build task '(?P<name>[^']+)'"), "rake"),
    (("not found in",), Regex(r"(?:Task|Project) '(?P<name>[^']+)' not found in (?:root )?project"), "gradle"),
    (("Sessions not found",), Regex(r"Sessions not found: (?P<name>.+)$"), "nox"),
    (("does not contain recipe",), Regex(r"justfile does not contain recipe [`'](?P<name>[^`']+)[`']"), "just"),
    (("does not exist",), Regex(r"^task: Task \"(?P<name>[^\"]+)\" does not exist"), "task"),
    (("could not be found",), Regex(r"^\*\* \(Mix\) The task \"(?P<name>[^\"]+)\" could not be found"), "mix"),
    (("no such command",), Regex(r"^error: no such command: `(?P<name>[^`]+)`"), "cargo"),
    (("does not exist in the project",), Regex(r"^Target \"(?P<name>[^\"]+)\" does not exist in the project"), "ant"),
    (("Unknown lifecycle phase",), Regex(r"Unknown lifecycle phase \"(?P<name>[^\"]+)\""), "maven"),
    (("Task never defined:",), Regex(r"Task never defined: (?P<name>\S+)"), "gulp"),  # gulp 4
    (("is not in your gulpfile",), Regex(r"Task '(?P<name>[^']+)' is not in your gulpfile"), "gulp"),  # gulp 3
    (("not found.",), Regex(r"^(?:Warning: )?Task \"(?P<name>[^\"]+)\" not found\."), "grunt"),
    # SCons 2.5-4.4: `scons: *** Do not know how to make File target `cartx' (/abs/cartx).  Stop.`
    (
        ("Do not know how to make",),
        Regex(r"^scons: \*\*\* Do not know how to make \w+ target `(?P<name>[^'`]+)'"),
        "scons",
    ),
    # tox names the environments on the lines after its error
    (("environments not found",), Regex(r"provided environments not found in configuration file:?(?P<name>)$"), "tox"),
)


_ANY_TASK_NEEDLE = Regex("|".join(re.escape(n) for needles, _, _ in _MISSING_TASK for n in needles))


def missing_task(text: str, follow: Sequence[str] = (), unloaded: Collection[str] = ()) -> MissingTask | None:
    """The task the CI asked for that the project does not define, if `text` (one line, with the
    lines its runner printed after it in `follow`) says so. A Grunt task of a plugin Grunt could not
    load (`unloaded`, see unloaded_grunt_tasks) is defined: its plugin is missing, not the task."""
    if _ANY_TASK_NEEDLE.search(text) is None:
        return None
    for needles, pattern, runner in _MISSING_TASK:
        if any(n in text for n in needles) and (m := pattern.search(text)):
            name = m["name"].strip() or (follow[0].strip() if follow else "")
            if runner == "grunt" and name.partition(":")[0] in unloaded:
                return None
            return MissingTask(runner, name or "?")
    return None


class MissingBuildFile(NamedTuple):
    """A build tool the CI ran where the file it reads its tasks from is absent (no Rakefile, no Makefile, no
    Cargo.toml): the CI's configuration ran it in the wrong directory, or the project never had that file."""

    runner: str
    file: str

    @property
    def what(self) -> str:
        return f"the CI ran {self.runner} where there is no {self.file}"


# (literal every match holds, the tool's own wording, tool, its build file). Each wording is the tool's as it
# prints it in a directory without its build file (tests/facts/data/README.md). A top-level make's only: a
# sub-make's (`make[1]:`) was started by the project's Makefile. npm names the package.json it could not read
# (npm 7+'s `Could not read package.json`); a dependency's (`node_modules/x/package.json`) is the install's.
NO_RAKEFILE = r"^No Rakefile found\b"  # rake's words (a pattern piece: task_failures reads them too)
_NO_BUILD_FILE: tuple[tuple[str, Regex, str, str], ...] = (
    ("No Rakefile found", Regex(NO_RAKEFILE), "rake", "Rakefile"),
    (
        "no makefile found",
        Regex(r"^g?make: \*\*\* No targets specified and no makefile found\."),
        "make",
        "Makefile",
    ),
    ("Cargo.toml", Regex(r"^error: could not find `Cargo\.toml` in `"), "cargo", "Cargo.toml"),
    ("go.mod file not found", Regex(r"^go: go\.mod file not found in current directory or any parent"), "go", "go.mod"),
    (
        "does not contain main module",
        Regex(r"^pattern \S{1,300}: directory prefix \S{1,300} does not contain main module\b"),
        "go",
        "go.mod",
    ),
    (
        "Could not read package.json",
        Regex(r"^npm (?:ERR!|error) enoent Could not read package\.json: (?!.{0,300}node_modules/)"),
        "npm",
        "package.json",
    ),
    ("there is no POM", Regex(r"^\[ERROR\] .{0,100}there is no POM in this directory\b"), "maven", "pom.xml"),
)


def missing_build_file(text: str) -> MissingBuildFile | None:
    """The build file a build tool says is absent where the CI ran it, if the line `text` says so."""
    for needle, pattern, runner, file in _NO_BUILD_FILE:
        if needle in text and pattern.search(text):
            return MissingBuildFile(runner, file)
    return None


# Grunt could not load a plugin the Gruntfile names; the plugin registers the task named after it
# (grunt-contrib-jshint and grunt-jshint register `jshint`), which Grunt then says it did not find.
_GRUNT_UNLOADED = Regex(r'Local Npm module "(?:grunt-contrib-|grunt-)?(?P<task>[^"]+)" not found\. Is it installed\?')


def unloaded_grunt_tasks(lines: Iterable[str]) -> frozenset[str]:
    """The tasks of the plugins Grunt said it could not load (`Local Npm module "x" not found`)."""
    return frozenset(m["task"] for line in lines if "Local Npm module" in line and (m := _GRUNT_UNLOADED.search(line)))
