"""Monorepo task runners put the task's name in front of every line it prints: turbo
(`web:typecheck: src/cart.ts(2,3): error TS2322: ...`), pnpm's recursive runs
(`packages/web typecheck: ...`) and yarn's `workspaces foreach` (`[web]: ...`). The tool parsers
anchor on the tool's own line start, so they read the lines without that prefix.

A prefix counts only when it shapes at least MIN_LINES lines of the view (a task's output, even
interleaved with other tasks'), and only in forms no tool's diagnostic takes: turbo's
`package:task: ` (the task starts with a letter, so `a.py:12: ` is no prefix), pnpm's
`dir/package task: ` (a path), yarn's `[package]: `. A task that printed fewer lines counts where the
runner's own line names it: Yarn Berry's `workspaces foreach -v` prints `[web]: ` only before what the
workspace's script printed (tsc's two errors: two lines), then `The command failed in workspace
web@workspace:packages/web with exit code 2`.

Grunt prints what a task's plugin reports through `grunt.log.error`, each line behind `>> `
(grunt-contrib-less's `>> ParseError: Unrecognised input in less/x.less on line 3, column 3:`): in a
log that shows grunt's `Running "less:core" (less) task`, the lines after it are read without it.

CTest's verbose mode (`ctest -V`, `--output-on-failure` does not) puts the test's number in front
of each line its test printed (`1: [  FAILED  ] ...`); a number counts as that prefix only when the
log also shows CTest's own `N: Test command: ` line for it, as it does for every test it runs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from remediate.facts.lazyregex import Regex
from remediate.facts.parsers.base import Findings, literals_of, register_literals
from remediate.facts.view import Line, View

MIN_LINES = 3
_PREFIX = Regex(
    r"^(?:[\w@][\w@./-]{0,100}:[A-Za-z][\w:.-]{0,60}: ?"  # turbo: web:typecheck:
    r"|[\w@.-]{1,100}/[\w@./-]{1,100} [A-Za-z][\w:.-]{0,60}: ?"  # pnpm -r: packages/web typecheck:
    r"|\[[\w@][\w@./-]{0,100}\]: "  # yarn workspaces foreach: [web]:
    r"|\d{1,6}: )"  # ctest -V: 1: (kept only beside its `1: Test command: ` line)
)
_CTEST_COMMAND = ": Test command: "
# Yarn Berry's line for a workspace whose script failed (`@acme/web@workspace:packages/web`: a scoped name holds `@`).
_YARN_FAILED = "The command failed in workspace "
_YARN_WORKSPACE = Regex(r"^The command failed in workspace ((?:@[\w.-]{1,100}/)?[\w.-]{1,100})@workspace:")
# Lines that take turbo's `name:task:` shape without being a task's: Python logging's default
# `LEVEL:logger:message`, Travis's own `travis_fold:end:` / `travis_time:start:` markers, and a URL
# (`URL:http://...` from wget): no task runner names a package after them.
_NOT_TASKS = Regex(r"^(?:DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL|travis_fold|travis_time):|^[^:]*:[^:]*://")
# A diagnostic's place in the GNU form with the program first (`PROG:FILE:LINE: `, hadolint's `-f gnu`:
# `hadolint:Dockerfile:2: DL3008 warning: ...`) takes turbo's shape too, its task the file and its line: a tool's
# findings on one line, three or more, are rows of their own, each its place, not a task's output behind its name.
_PLACED = Regex(r":\d+:$")


def untasked(view: View) -> View:
    """The view with each task runner's prefix off the lines it begins (see the module doc)."""
    found: list[tuple[int, str]] = []
    counts: Counter[str] = Counter()
    for i, line in enumerate(view.lines):
        text = line.text
        if ":" in text[:170] and (m := _PREFIX.match(text)) and not _NOT_TASKS.match(text):
            prefix = m.group(0).rstrip()
            if _PLACED.compiled.search(prefix):
                continue
            found.append((i, prefix))
            counts[prefix] += 1
    ctest = _ctest_numbers(view) if any(prefix[:1].isdigit() for prefix in counts) else set()
    declared = _declared(view) if any(count < MIN_LINES for count in counts.values()) else set()
    kept = [
        (i, prefix)
        for i, prefix in found
        if (counts[prefix] >= MIN_LINES or prefix in declared) and (not prefix[:1].isdigit() or prefix in ctest)
    ]
    if not kept:
        return view
    lines = list(view.lines)
    for i, prefix in kept:
        line = lines[i]
        lines[i] = Line(line.no, line.text[len(prefix) :].removeprefix(" "), line.raw)
    tasks = {**view.tasks, **{lines[i].no: prefix for i, prefix in kept}}  # a Jenkins branch's, a task's inside it
    return replace(view, lines=lines, tasks=tasks)


_PNPM_TASK = Regex(r"^([\w@.-]{1,100}/[\w@./-]{1,100}) [A-Za-z][\w:.-]{0,60}:$")


def package_dir(prefix: str) -> str | None:
    """The folder a task ran in when its prefix says it: pnpm's `packages/web test:` names the
    package by its path in the workspace (turbo's `web:test:` and yarn's `[web]:` by its name only)."""
    m = _PNPM_TASK.match(prefix)
    return m.group(1).rstrip("/") if m else None


def in_packages(findings: Iterable[Findings], tasks: dict[int, str]) -> None:
    """A file a package's task printed relative to its own folder (`test/cart.test.js` under
    `packages/web test: `) is that folder's: joined to it, as the repository names it."""
    dirs = {no: folder for no, prefix in tasks.items() if (folder := package_dir(prefix))}
    if not dirs:
        return
    for found in findings:
        found.errors = [
            e.model_copy(update={"file": _joined(dirs[e.log_line], e.file)}) if e.file and e.log_line in dirs else e
            for e in found.errors
        ]
        found.tests = [
            t.model_copy(update={"file": _joined(dirs[no], t.file)})
            if t.file and (no := found.test_lines.get(t.id)) in dirs
            else t
            for t in found.tests
        ]


def _joined(folder: str, file: str) -> str:
    if file.startswith(("/", "\\", f"{folder}/")) or file[1:3] == ":\\":
        return file  # absolute (the workspace rule makes it relative), or already the repository's path
    return f"{folder}/{file.removeprefix('./')}"


def _declared(view: View) -> set[str]:
    """The prefixes a runner's own lines name: Yarn Berry's `[NAME]:` for each workspace it says failed."""
    return {
        f"[{m.group(1)}]:"
        for line in view.lines
        if line.text.startswith(_YARN_FAILED) and (m := _YARN_WORKSPACE.match(line.text))
    }


def _ctest_numbers(view: View) -> set[str]:
    """The `N:` prefixes of the tests whose `N: Test command: ` line CTest printed."""
    return {line.text.partition(":")[0] + ":" for line in view.lines if line.text.find(_CTEST_COMMAND, 1, 30) > 0}


_GRUNT_TASK = Regex(r"^Running \"[^\"]+\" \([^)]+\) task$")
_GRUNT_MARK = ">> "


# Asked of the view's one literal search (base.Literals) before any line is looked at: most logs hold neither.
_GRUNT_LITERALS = ("\n" + _GRUNT_MARK, '\nRunning "')
register_literals(_GRUNT_LITERALS)


def ungrunted(view: View) -> View:
    """The view with grunt's `>> ` off the lines after its first task heading (see the module doc)."""
    literals = literals_of(view)
    if not all(literals.any_of((literal,)) for literal in _GRUNT_LITERALS):
        return view
    first = next((i for i, line in enumerate(view.lines) if _GRUNT_TASK.match(line.text)), None)
    if first is None:
        return view
    lines = list(view.lines)
    for i in range(first + 1, len(lines)):
        line = lines[i]
        if line.text.startswith(_GRUNT_MARK):
            lines[i] = Line(line.no, line.text[len(_GRUNT_MARK) :], line.raw)
    return replace(view, lines=lines)


# npm 7 on prints what a package's failing install script printed behind its own prefix (`npm ERR! `,
# npm 10 on `npm error `), after the script's command (`npm ERR! command sh -c node-gyp rebuild`; npm 8
# `sh -c -- ...`) and up to npm's pointer to its own log: node-gyp's compiler errors, make's verdict. Those
# lines are read without the prefix; npm's own lines before and after keep it.
_NPM_PREFIXES = ("npm ERR! ", "npm error ")
_NPM_SCRIPT = ("command sh -c ", "command cmd.exe ", "command C:\\")
_NPM_OWN_LOG = "A complete log of this run"
_NPM_LITERALS = tuple(f"\n{prefix}{script}" for prefix in _NPM_PREFIXES for script in _NPM_SCRIPT)
register_literals(_NPM_LITERALS)


def unnpmed(view: View) -> View:
    """The view with npm's prefix off the lines a failing install script printed (see above)."""
    if not literals_of(view).any_of(_NPM_LITERALS):
        return view
    lines = list(view.lines)
    prefix: str | None = None  # while inside a script's output: npm's prefix there
    for i, line in enumerate(lines):
        text = line.text
        if prefix is None:
            prefix = next(
                (p for p in _NPM_PREFIXES if text.startswith(p) and text[len(p) :].startswith(_NPM_SCRIPT)), None
            )
            continue
        if not text.startswith(prefix) or text.startswith(_NPM_OWN_LOG, len(prefix)):
            prefix = None
            continue
        lines[i] = Line(line.no, text[len(prefix) :], line.raw)
    return replace(view, lines=lines)


# Yarn Berry (2-4) on CI (enableInlineBuilds) prints what a package's build printed behind its own prefix, the
# package's locator and the stream (`➤ YN0000: │ cartgyp@npm:1.0.0 STDERR ../src/cart.cc:7:3: error: ...`): those
# lines are read without it, as npm's above, so node-gyp's and the compiler's lines are read as printed. The
# locator goes to the view's tasks (a build's output, as a task's), where Yarn's YN0009 reader finds the build's lines.
_BERRY_LITERALS = (" STDOUT ", " STDERR ")
register_literals(_BERRY_LITERALS)
_BERRY_BUILD_OUTPUT = Regex(
    r"^(?:➤ )?YN0000: (?:│ )?((?:@[^/\s@]{1,100}/)?[^/\s@]{1,100}@[\w-]{1,20}:\S{1,300}) STD(?:OUT|ERR) "
)


def unyarned(view: View) -> View:
    """The view with Yarn Berry's `➤ YN0000: │ LOCATOR STDOUT ` off the lines a package's build printed (see above)."""
    if not literals_of(view).any_of(_BERRY_LITERALS):
        return view
    lines, tasks = list(view.lines), dict(view.tasks)
    for i, line in enumerate(lines):
        if " STD" in line.text[:400] and (m := _BERRY_BUILD_OUTPUT.match(line.text)):
            lines[i] = Line(line.no, line.text[m.end() :], line.raw)
            tasks[line.no] = m.group(1)
    return replace(view, lines=lines, tasks=tasks)


# Two runners of several packages' or scripts' commands at once put the name in front of each line a command
# printed, in shapes other tools' lines take too (`name: `, `[name] `): a name counts only where the runner's own
# lines declare it. Lerna's `--stream` (2.x, 3.x): `@acme/cart: ...`, the package's name as npm's script header
# under it shows (`@acme/cart: > @acme/cart@1.0.0 test`). concurrently (3.x-5.x), npm-run-all's `--print-label`:
# `[test:unit] ...`, the name as its closing line for that command shows (`[test:unit] npm run test:unit exited
# with code 3`). Stack 2 (2.1 on), building several of a project's packages, puts each one's name and `> ` in
# front of every line its build or test printed (GHC's errors, hspec's report), padded to the longest name
# (`cart-api > `); stack's own step lines for the package declare it (`cart-core> configure (lib)`, `build (lib)`,
# `test (suite: spec)`, `copy/register`). A one-package build prints the output bare. Docker Compose's `up` (and
# `logs`) puts each container's name in front of its lines, padded to the longest name and one more space, then
# `| ` (cmd/formatter/logs.go, setPrefix: `web-1  | `); its own lines declare the names: `Attaching to api-1, web-1`
# and `web-1 exited with code 1`.
_LERNA_HEADER = Regex(r"^((?:@[\w.-]{1,100}/)?[\w.-]{1,100}): > \1@\S")
_CONCURRENTLY_EXIT = Regex(r"^\[([^\]\s]{1,100})\] \S.* exited with code -?\d+$")
_STACK_STEP = Regex(
    r"^([A-Za-z0-9][A-Za-z0-9-]{0,100} *> )(?:configure|build|test|bench|haddock) \("
    r"|^([A-Za-z0-9][A-Za-z0-9-]{0,100} *> )copy/register$"
)
_STACK_LITERALS = ("> configure (", "> build (", "> test (", "> copy/register")
_COMPOSE_EXIT = Regex(r"^([\w.-]{1,100}) exited with code -?\d+$")
_COMPOSE_ATTACHING = "Attaching to "
_COMPOSE_NAME = Regex(r"^[\w.-]{1,100}$")
_COMPOSE_END = " | "
_STREAM_LITERALS = (": > ", " exited with code ", _COMPOSE_ATTACHING, *_STACK_LITERALS)
register_literals(_STREAM_LITERALS)


# BuildKit's plain progress (`docker build --progress=plain`, and what CI logs show without a terminal) puts the
# step's number and the seconds since it started in front of each line a RUN command printed (`#8 0.464 FAIL:
# test_empty ...`): in a log showing BuildKit's first step, those lines are read without it, so the tools a
# Dockerfile runs (a compiler, a test runner, pip) are read as run bare. The step's own lines (`#8 [4/4] RUN ...`,
# `#8 ERROR: ...`) keep their number: the image builder's reader follows the step by them (parsers.docker).
_BUILDKIT_LITERALS = (" [internal] load build definition from ",)
register_literals(_BUILDKIT_LITERALS)
_BUILDKIT_OUTPUT = Regex(r"^#\d{1,6} \d{1,7}\.\d{1,3}(?: |$)")


def unbuildkitted(view: View) -> View:
    """The view with BuildKit's step number and time off the lines its steps' commands printed (see above)."""
    if not literals_of(view).any_of(_BUILDKIT_LITERALS):
        return view
    lines = list(view.lines)
    for i, line in enumerate(lines):
        if line.text.startswith("#") and (m := _BUILDKIT_OUTPUT.match(line.text)):
            lines[i] = Line(line.no, line.text[m.end() :], line.raw)
    return replace(view, lines=lines)


def unstreamed(view: View) -> View:
    """The view with lerna's, concurrently's, stack's or Compose's name off the lines of the commands or containers
    they ran (see above)."""
    literals = literals_of(view)
    if not literals.any_of(_STREAM_LITERALS):
        return view
    prefixes = _stream_prefixes(view)
    if not prefixes:
        return view
    lines, tasks = list(view.lines), dict(view.tasks)
    for i, line in enumerate(lines):
        if line.no not in tasks and (prefix := _stream_prefix(line.text, prefixes)):
            lines[i] = Line(line.no, line.text[len(prefix) :], line.raw)
            tasks[line.no] = prefix.rstrip()
    return replace(view, lines=lines, tasks=tasks)


# Each runner's name ends at the first of these (no name holds its own end): a line's prefix is looked up, not
# compared with every declared name (a log declaring thousands of names made that quadratic)
_STREAM_ENDS = (": ", "] ", "> ")


def _stream_prefix(text: str, prefixes: set[str]) -> str | None:
    for end in _STREAM_ENDS:
        at = text.find(end, 0, 220)
        if at > 0 and (prefix := text[: at + 2]) in prefixes:
            return prefix
    return _compose_prefix(text, prefixes)


def _compose_prefix(text: str, prefixes: set[str]) -> str | None:
    """Compose's `NAME  | ` at the start of `text` (padded: declared as `NAME | `), or its `NAME  |` alone on a
    line the container left empty (the view drops its trailing space)."""
    at = text.find(_COMPOSE_END, 0, 220)
    if at > 0:
        return text[: at + len(_COMPOSE_END)] if f"{text[:at].rstrip()}{_COMPOSE_END}" in prefixes else None
    if text.endswith(_COMPOSE_END.rstrip()) and f"{text[:-2].rstrip()}{_COMPOSE_END}" in prefixes:
        return text
    return None


def _stream_prefixes(view: View) -> set[str]:
    """The prefixes lerna's, concurrently's, stack's or Compose's own lines declare in the view."""
    found: set[str] = set()
    for line in view.lines:
        text = line.text
        if ": > " in text[:210] and (m := _LERNA_HEADER.match(text)):
            found.add(f"{m.group(1)}: ")
        elif "> " in text[:110] and (m := _STACK_STEP.match(text)):
            found.add(m.group(1) or m.group(2))
        elif (
            text.endswith(tuple("0123456789"))
            and " exited with code " in text
            and (m := _CONCURRENTLY_EXIT.match(text))
        ):
            found.add(f"[{m.group(1)}] ")
        elif m := _COMPOSE_EXIT.match(text):
            found.add(f"{m.group(1)}{_COMPOSE_END}")
        elif text.startswith(_COMPOSE_ATTACHING):
            found |= _attached(text)
    return found


def _attached(text: str) -> set[str]:
    """The containers Compose's `Attaching to api-1, web-1` names, each as its lines' prefix declares it."""
    names = text[len(_COMPOSE_ATTACHING) :].split(", ")
    return {f"{name}{_COMPOSE_END}" for name in names if _COMPOSE_NAME.match(name)}
