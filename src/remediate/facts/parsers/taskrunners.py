"""JavaScript task runners' verdicts: gulp (3 and 4) and Grunt (0.4 and 1.x), which ran most
Travis-era JavaScript builds. Each names the task that failed, and what a task does is often in its
name or in its plugin's: a record of the failed task with the category that name gives, when it
gives only one (see `task_kind`). A task whose name says nothing (`default`, `build`, `ci`, an
`exec` of a script) is only shown: the tool that ran inside says why.

gulp prints `'lint' errored after 161 ms`, the innermost task first and then each task that ran
it (gulp 4's `series`), then the error: `ESLintError in plugin "gulp-eslint"` with `Message:` and
the message indented below (gulp-util's plugins: `Error in plugin 'gulp-jshint'`), or a plain
`Error: Process exited with code: 2` with its frames. A task the CI asked for that the gulpfile
does not define: `Task never defined: x` (gulp 4), `Task 'x' is not in your gulpfile` (gulp 3).

Grunt announces each task as `Running "jshint:all" (jshint) task` (the target's name, then the
registered task's, which is its plugin's) and fails with `Warning: Task "jshint:all" failed. Use
--force to continue.` or the plugin's own words before `Use --force to continue.`, then
`Aborted due to warnings.`. Under `--force` (`Used --force, continuing.`) nothing failed. A
task the project does not define: `Warning: Task "x" not found.` (facts.meaning reads it).
npm 3 to 6 (the npm of Travis-era logs) names the package script that failed: `npm ERR! Failed at the
shop@1.0.0 lint script.` (npm 3-4 adds the command: `... lint script 'eslint src'.`). `npm test` is
every project's entry point and its script runs whatever the project wants (linters first, often),
and a `build` script may too: only a script whose name says lint gives the record a category. The
first script npm names is the one that failed; the scripts that ran it follow.

grunt-contrib-jshint reports JSHint's findings in a form of its own, read here: the file indented
by three spaces, each finding's source line behind its number (`      3 |return a + b`) and a
caret under the column followed by the message (`[W033]` first with `--verbose`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import field
from typing import NamedTuple

from remediate.facts.meaning import missing_task, unloaded_grunt_tasks
from remediate.facts.meaning.task_failures import SCRIPT_FAILED, TASK_FAILED
from remediate.facts.parsers.base import Findings, LineRules, Parser, Regex, Rule, scan_with, state
from remediate.facts.parsers.handlers import failures_counted, verdict
from remediate.facts.view import View
from remediate.models import Category

DETAIL_WITHIN = 6  # lines under gulp's `errored after` in which its error's class, plugin and message come
_DIGITS = tuple("0123456789")
CARET_INDENT = 9  # grunt-contrib-jshint's caret line: nine spaces, then one more per column after the first

# The words of a task's or plugin's name, whole (`lintOne` -> lint, one; `lint:js` -> lint, js) -> what
# such a task does. A name whose words say two kinds (`lint-test`), or none, says nothing.
_KINDS: tuple[tuple[Category, Regex], ...] = (
    (
        Category.LINT,
        Regex(r"(?:[a-z]*lint|jshint|htmlhint|jscs|xo|standard|semistandard|lesshint|jsonlint)"),
    ),
    (
        Category.TEST,
        Regex(
            r"(?:(?:run|unit|e2e|integration|browser)?tests?|karma|mocha|jasmine|qunit|nodeunit|ava|jest|"
            r"protractor|e2e|specs?|intern|tape|lab)"
        ),
    ),
    (
        Category.BUILD,
        Regex(
            r"(?:compile|webpack|babel|browserify|tsc|typescript|sass|less|stylus|uglify|uglifyjs|rollup|"
            r"coffee|requirejs|transpile|closure|esbuild)"
        ),
    ),
)
_WORD = Regex(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
_PLUGIN_PREFIX = Regex(r"^(?:@[\w.-]+/)?(?:gulp|grunt)-(?:contrib-)?")


def task_kind(name: str) -> Category:
    """What a task or plugin named `name` does (`gulp-eslint`, `jshint:all`, `runTestsParallel`),
    UNKNOWN unless its words name exactly one kind of work."""
    words = [w.lower() for w in _WORD.findall(_PLUGIN_PREFIX.sub("", name.strip()))]
    kinds = {kind for kind, pattern in _KINDS if any(pattern.fullmatch(w) for w in words)}
    return kinds.pop() if len(kinds) == 1 else Category.UNKNOWN


# ------------------------------------------------------------------ gulp

_STAMP = r"^(?:\[[\d:.]+\] )?"  # the reader drops gulp's `[16:21:57] `; kept optional for a log it missed
_PLUGIN = Regex(_STAMP + r"(?:\w*Error )?in plugin [\"'‘](?P<plugin>[^\"'’]+)[\"'’]")
_ERROR = Regex(_STAMP + r"(?P<msg>(?:[A-Z]\w*)?Error(?: \[\w+\])?: .+)$")


@state
class _Gulp:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="gulp"))
    failed: bool = False  # this run's first errored task is recorded; the tasks that ran it are not


def _using(st: _Gulp, _no: int, _m: re.Match[str]) -> None:
    """`Using gulpfile ...`: a new run, whose first failed task is its own."""
    st.failed = False


def _errored(st: _Gulp, no: int, m: re.Match[str]) -> None:
    """`'task' errored after N ms`: the run's first is the task that failed, with the plugin and
    message of the error printed under it; later ones are the tasks that ran it."""
    if st.failed:
        st.found.mark(no, 6.0)
        return
    st.failed = True
    plugin, detail = _gulp_error(st.view, no)
    kind = task_kind(plugin) if plugin else Category.UNKNOWN
    if kind is Category.UNKNOWN:
        kind = task_kind(m["task"])
    # the duration is the run's, not the failure's: left out, so that the same failure reads the same
    message = f"'{m['task']}' errored" + (f": {detail}" if detail else "")
    st.found.error(no, message, code=TASK_FAILED, category=kind, tool="gulp")


def _gulp_error(view: View, no: int) -> tuple[str | None, str | None]:
    """The plugin and the message of the error gulp prints under `errored after` (None if not shown)."""
    plugin = None
    below = list(view.after(no, DETAIL_WITHIN))
    for i, line in enumerate(below):
        text = line.text.strip()
        if (m := _PLUGIN.match(text)) is not None:
            plugin = m["plugin"]
        elif text == "Message:" and i + 1 < len(below):
            return plugin, below[i + 1].text.strip()
        elif (m := _ERROR.match(text)) is not None:
            return plugin, m["msg"]
    return plugin, None


def _undefined(st: _Gulp, no: int, m: re.Match[str]) -> None:
    """A task the gulpfile does not define (facts.meaning says it is the CI's configuration)."""
    st.found.error(no, m["msg"], code="unknown-task", tool="gulp")


_GULP = LineRules[_Gulp](
    Rule(_STAMP + r"Using gulpfile ", _using, has=("Using gulpfile ",), continues=True),
    Rule(_STAMP + r"'(?P<task>[^']+)' errored after (?P<took>.+?)\s*$", _errored, has=("' errored after ",)),
    Rule(
        _STAMP + r"(?P<msg>Task never defined: \S+|Task '[^']+' is not in your gulpfile)",
        _undefined,
        has=("Task never defined: ", "' is not in your gulpfile"),
    ),
)

# ------------------------------------------------------------------ Grunt

_FAILED_TASK = Regex(r"^Task \"(?P<task>[^\"]+)\" failed\.")
_TASK_NOT_FOUND = Regex(r"^Task \"(?P<task>[^\"]+)\" not found\.")


class _Finding(NamedTuple):
    """A JSHint finding grunt-contrib-jshint printed, kept until Grunt says whether its task failed."""

    no: int
    message: str
    file: str
    line: int
    column: int
    code: str | None


@state
class _Grunt:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="grunt"))
    task: str | None = None  # the task Grunt last announced (`Running "jshint:all" (jshint) task`)
    plugin: str | None = None  # and the registered task (its plugin) that runs it
    file: str | None = None  # grunt-contrib-jshint: the file its findings below belong to
    source: int | None = None  # and the line number of the source line above its caret
    # The announced task's findings, evidence and count: the task's failure makes them the run's,
    # `--force` (or the next task) makes them nothing, so nothing is found before Grunt's verdict.
    pending: list[_Finding] = field(default_factory=list)
    marks: list[int] = field(default_factory=list)
    count: tuple[int, int] | None = None
    unloaded: set[str] = field(
        default_factory=set
    )  # tasks of plugins Grunt could not load (meaning.unloaded_grunt_tasks)


def _running(st: _Grunt, _no: int, m: re.Match[str]) -> None:
    st.task, st.plugin = m["task"], m["plugin"]
    _forget(st)


def _forget(st: _Grunt, *_: object) -> None:
    """A new task, or `Used --force, continuing.`: what the last task printed failed nothing."""
    st.file, st.source, st.pending, st.marks, st.count = None, None, [], [], None


WARNING_LINES = 6  # lines a plugin's warning may take before its ` Use --force to continue.`


def _warning_ended(st: _Grunt, no: int, m: re.Match[str]) -> bool:
    """A warning over several lines (grunt-contrib-uglify's `Warning: Uglification failed.`, the parser's
    message, `Line 4 in js/cart.js`, then ` Use --force to continue.` alone): read as one."""
    i = st.view.index.get(no)
    if i is None:
        return False
    above = st.view.lines[max(0, i - WARNING_LINES) : i]
    start = next((k for k in range(len(above) - 1, -1, -1) if above[k].text.startswith("Warning: ")), None)
    if start is None:
        return False
    parts = [above[start].text.removeprefix("Warning: "), *(line.text for line in above[start + 1 :]), m["msg"]]
    _warned(st, above[start].no, " ".join(part.strip() for part in parts if part.strip()))
    return True


def _warning(st: _Grunt, no: int, m: re.Match[str]) -> None:
    _warned(st, no, m["msg"].strip())


def _warned(st: _Grunt, no: int, message: str) -> None:
    """`Warning: ... Use --force to continue.`: the task that failed (its own words name it, else
    the one Grunt announced last), and what it does by its plugin's name, else its own."""
    task = t["task"] if (t := _FAILED_TASK.match(message)) else st.task
    kind = Category.UNKNOWN
    if task and st.task and st.plugin and task.partition(":")[0] == st.task.partition(":")[0]:
        kind = task_kind(st.plugin)  # the announced task is the one that failed: its plugin says what it does
    if kind is Category.UNKNOWN and task:
        kind = task_kind(task)
    _failed(st)
    code = "unknown-task" if missing_task(message, unloaded=st.unloaded) else TASK_FAILED  # the CI's configuration
    # a task of a plugin Grunt could not load: the plugin's record above says why (shown, not evidence)
    votes = not ((n := _TASK_NOT_FOUND.match(message)) and n["task"].partition(":")[0] in st.unloaded)
    st.found.error(no, message, code=code, category=kind, tool="grunt", votes=votes)


def _unloaded(st: _Grunt, no: int, m: re.Match[str]) -> None:
    """`>> Local Npm module "grunt-contrib-jshint" not found. Is it installed?`: a plugin the Gruntfile loads
    is not installed (a dependency the project did not declare, or an install that did not run)."""
    st.unloaded |= unloaded_grunt_tasks([m.string])
    st.found.error(no, m["msg"], code="plugin-not-found", tool="grunt")


def _failed(st: _Grunt) -> None:
    """The announced task failed: its findings are the run's."""
    for no in st.marks:
        st.found.mark(no, 5.0)
    for f in st.pending:
        st.found.error(
            f.no, f.message, file=f.file, at=f.line, column=f.column, code=f.code, tool="jshint", category=Category.LINT
        )
    if st.count is not None:
        failures_counted(st.found, st.count[0], st.count[1], 8.0)
    _forget(st)


def _in_jshint(st: _Grunt, _no: int) -> bool:
    return st.plugin == "jshint"


def _jshint_file(st: _Grunt, no: int, m: re.Match[str]) -> None:
    st.file, st.source = m["file"], None
    st.marks.append(no)


def _jshint_source(st: _Grunt, _no: int, m: re.Match[str]) -> bool:
    if st.file is None:
        return False
    st.source = int(m["line"])
    return True


def _jshint_caret(st: _Grunt, no: int, m: re.Match[str]) -> bool:
    """The caret under the source line's column, then the finding's message: a JSHint finding fails
    the task (grunt-contrib-jshint counts each as an error)."""
    if st.file is None or st.source is None:
        return False
    column = len(m["indent"]) - CARET_INDENT + 1
    st.pending.append(_Finding(no, m["msg"], st.file, st.source, column, m["code"]))
    st.source = None
    return True


def _jshint_count(st: _Grunt, no: int, m: re.Match[str]) -> None:
    st.count = (no, int(m["errors"]))


_GRUNT = LineRules[_Grunt](
    Rule(r"^Running \"(?P<task>[^\"]+)\" \((?P<plugin>[^)]+)\) task$", _running, ends=") task", continues=True),
    Rule(r"^Warning: (?P<msg>.*?\S)\s*Use --force to continue\.$", _warning, ends="Use --force to continue."),
    Rule(
        r"^(?P<msg>[^W](?:.*?\S)?)?\s*Use --force to continue\.$",
        _warning_ended,
        ends="Use --force to continue.",
        when=lambda st, _no: st.task is not None,
    ),
    Rule(r"^Warning: .*Used --force, continuing\.$", _forget, ends="Used --force, continuing.", continues=True),
    Rule(r"^Aborted due to warnings\.$", verdict(7.0), starts="Aborted due to warnings."),
    Rule(
        r'^>> (?P<msg>Local Npm module "[^"]+" not found\. Is it installed\?)$',
        _unloaded,
        starts=">> Local Npm module ",
    ),
    Rule(r"^   (?P<file>[^\s|]+\.\w+)$", _jshint_file, starts="   ", when=_in_jshint, continues=True),
    Rule(r"^ {0,6}(?P<line>\d+) \|", _jshint_source, has=(" |",), when=_in_jshint, continues=True),
    Rule(
        r"^(?P<indent> {9,})\^ (?:\[(?P<code>[EWI]\d{3})\] )?(?P<msg>.+)$",
        _jshint_caret,
        starts=" " * CARET_INDENT,
        when=_in_jshint,
        continues=True,
    ),
    # `>> 2 errors in 1 file` (the parsers read it without grunt's `>> `: taskprefix.ungrunted)
    Rule(
        r"^(?:>> )?(?P<errors>\d+) errors? in \d+ files?$",
        _jshint_count,
        starts=(">> ", *_DIGITS),
        when=_in_jshint,
        continues=True,
    ),
)

# ------------------------------------------------------------------ npm scripts

# A dependency's own install script (preinstall, install, postinstall) that failed while npm installed it:
# npm 3-6 print its header with the folder it runs in (`> cartnative@1.2.0 install /abs/node_modules/cartnative`,
# then `> node install.js`), then `npm ERR! cartnative@1.2.0 install: `node install.js`` and `Failed at the
# cartnative@1.2.0 install script.`; npm 7 on `npm ERR! path /abs/node_modules/cartnative`, `npm ERR! command
# failed` and `npm ERR! command sh -c node install.js`. The package did not install here (no prebuilt binary
# for this Node, a download it needs refused): the dependency's failure. A script that builds a native addon
# (its command names node-gyp, node-pre-gyp, prebuild or cmake-js, or node-gyp's `gyp ` lines are in its output,
# as under node-sass's `node scripts/build.js`) is left to what its build printed: a compiler's errors in the
# installed code, a missing header (see triage's INSTALLED_CODE and NATIVE), which are not sure whose.
_LIFECYCLE = ("preinstall", "install", "postinstall")
_NATIVE_BUILD = Regex(r"\b(?:node-gyp|node-pre-gyp|prebuild(?:-install)?|cmake-js|node-gyp-build)\b")
_NPM_HEADER = Regex(
    r"^> (?P<package>@?[^@\s]+@\S+) (?P<script>(?:pre|post)?install) \S*/node_modules/(?:@[^/\s]+/)?[^/\s]+$"
)
_NPM_COMMAND = Regex(r"^> (?P<command>\S.*)$")
_NPM7_COMMAND = ("npm ERR! command sh -c ", "npm error command sh -c ")
NPM7_OUTPUT_WITHIN = 400  # lines after npm 7+'s `command sh -c` line that may hold the script's output
_NPM7_PATH = Regex(r"^npm (?:ERR!|error) path \S*/node_modules/(?P<package>(?:@[^/\s]+/)?[^/\s]+)$")
# node-gyp that stopped before it compiled: its configure step failed, or node-gyp itself threw (npm 6's node-gyp
# 5.1 under Node 20: `gyp ERR! UNCAUGHT EXCEPTION`, `TypeError: Cannot assign to read only property 'cflags'`)
_GYP_STOPPED = ("gyp ERR! configure error", "gyp ERR! UNCAUGHT EXCEPTION")


@state
class _Npm:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="npm"))
    # a dependency's script header's package -> (its line, the script's command)
    installed: dict[str, tuple[int, str]] = field(default_factory=dict)
    path: str | None = None  # npm 7+: the dependency whose folder npm's error names
    # pnpm: a dependency's script's task (`.../node_modules/cartboot postinstall`) -> its line, package, script, command
    pnpm: dict[str, tuple[int, str, str, str]] = field(default_factory=dict)
    berry: set[str] = field(default_factory=set)  # Yarn Berry: the packages whose failed build was judged


def _npm_header(st: _Npm, no: int, m: re.Match[str]) -> None:
    nxt = st.view.get(no + 1)
    command = _NPM_COMMAND.match(nxt.text) if nxt is not None else None
    st.installed[m["package"]] = (no, command["command"] if command else "")


def _npm7_path(st: _Npm, no: int, m: re.Match[str]) -> None:
    st.path = m["package"]


def _native(view: View, command: str, start: int, end: int) -> bool:
    """Whether the script built a native addon: its command names a builder, or node-gyp printed its lines."""
    said = (line.text.removeprefix("npm ERR! ").removeprefix("npm error ") for line in view.within(start, end - 1))
    return _builds_addon(said, command)


def _builds_addon(output: Iterable[str], command: str) -> bool:
    """Whether a script whose command and output these are built a native addon. Not when node-gyp stopped before
    it built (`gyp ERR! configure error`: Node's headers it could not download, no Python, the package's own
    binding.gyp; node-gyp too old for this Node, throwing): nothing was compiled, the package did not install."""
    gyp = False
    for text in output:
        if text.startswith(_GYP_STOPPED):
            return False
        gyp = gyp or text.startswith("gyp ")
    return gyp or _NATIVE_BUILD.search(command) is not None


def _dependency_script(st: _Npm, no: int, package: str, script: str, command: str, tool: str = "npm") -> None:
    name = package.rpartition("@")[0] if package.rfind("@") > 0 else package
    message = f"the {script} script of the dependency {name} failed: {command}".rstrip(": ")
    st.found.error(no, message, code="dependency-script", category=Category.DEPENDENCY, tool=tool)


def _npm_script(st: _Npm, no: int, m: re.Match[str]) -> None:
    """The first script npm says failed is the one that did: the scripts that ran it (`npm-run-all`,
    `npm run a && ...` inside another script) report after it."""
    if st.found.errors:
        st.found.mark(no, 6.0)
        return
    header, command = st.installed.get(m["package"], (0, ""))
    if m["script"] in _LIFECYCLE and header and not _native(st.view, command, header, no):
        _dependency_script(st, no, m["package"], m["script"], command)
        return
    kind = task_kind(m["script"])
    category = kind if kind is Category.LINT else Category.UNKNOWN  # `test`, `build`: anything may run there
    message = m.string.strip().removeprefix("npm ERR! ")
    st.found.error(no, message, code=SCRIPT_FAILED, category=category, tool="npm")


def _npm7_command(st: _Npm, no: int, m: re.Match[str]) -> bool:
    if st.path is None or st.found.errors or _native(st.view, m["command"], no, no + NPM7_OUTPUT_WITHIN):
        return False
    command = m["command"].removeprefix("-- ")  # npm 8: `sh -c -- node install.js`
    _dependency_script(st, no, st.path, "lifecycle", command)  # npm 7+ does not say which
    return True


# Yarn 1 (1.3-1.22 alike) on a dependency's install script: `error /abs/node_modules/cartnative: Command failed.`,
# then `Exit code: 1`, `Command: node install.js`, `Arguments: `, `Directory: ...`, `Output:` and what the script
# printed. The same judgement as npm's above, native builds left alone.
_YARN_FAILED = Regex(r"^error \S*/node_modules/(?P<package>(?:@[^/\s]+/)?[^/\s]+): Command failed\.$")
YARN_COMMAND_WITHIN = 3  # `Exit code: N`, then `Command: ...`


def _yarn_script(st: _Npm, no: int, m: re.Match[str]) -> bool:
    said = [line.text for line in st.view.after(no, YARN_COMMAND_WITHIN)]
    command = next((text.removeprefix("Command: ") for text in said if text.startswith("Command: ")), None)
    if command is None or st.found.errors or _native(st.view, command, no, no + NPM7_OUTPUT_WITHIN):
        return False
    _dependency_script(st, no, m["package"], "lifecycle", command, tool="yarn")  # Yarn does not say which
    return True


# Yarn Berry (2-4) on a package it could not build (its preinstall, install or postinstall script, or node-gyp for a
# binding.gyp; it does not say which): `➤ YN0009: │ cartnative@npm:1.2.0 couldn't be built successfully (exit code 1,
# logs can be found here: /tmp/xfs-9ca08b3b/build.log)`. On CI (enableInlineBuilds) the build's output comes first,
# each line behind `➤ YN0000: │ cartnative@npm:1.2.0 STDOUT ` or `STDERR `; GitHub Actions' says YN0009 again below
# its group. A registry's package (`@npm:`) is a dependency, judged as npm's and Yarn 1's above (native builds left
# alone); a package of the project's own tree (`file:`, `portal:`, `link:`, `workspace:`) is not read.
BERRY_BUILDS_JUDGED = 8
_BERRY_FAILED = Regex(
    r"^(?:➤ )?YN0009: (?:│ )?(?P<locator>(?P<package>(?:@[^/\s@]+/)?[^/\s@]+)@npm:[^\s@]+) "
    r"couldn't be built successfully "
)


def _berry_build(st: _Npm, no: int, m: re.Match[str]) -> bool:
    # each package once, and a few at most: the output is looked for over the lines before each
    if st.found.errors or m["locator"] in st.berry or len(st.berry) >= BERRY_BUILDS_JUDGED:
        return False
    st.berry.add(m["locator"])
    if _builds_addon(_berry_output(st.view, m["locator"], no), ""):
        return False
    _dependency_script(st, no, m["package"], "lifecycle", "", tool="yarn")  # Yarn does not say which script
    return True


def _berry_output(view: View, locator: str, no: int) -> list[str]:
    """What the package's build printed before line `no`, as Yarn showed it inline (its locator in front, which
    taskprefix.unyarned takes off into the view's tasks)."""
    return [line.text for line in view.within(no - NPM7_OUTPUT_WITHIN, no) if view.tasks.get(line.no) == locator]


# pnpm (7 to 10; 10 runs only the scripts of the dependencies it is allowed to) names the script by its package's
# folder, shortened (`.../node_modules/cartboot postinstall$ node ./dist/postinstall.js`), prints its output behind
# `.../node_modules/cartboot postinstall: ` (taskprefix takes it off: the view's tasks keep it) and ends it with
# `Failed` behind the same prefix. The project's own scripts are named by their folder in the workspace, not
# node_modules (the root's by npm's `> shop@1.0.0 postinstall /abs` header).
_PNPM_SCRIPT = Regex(
    r"^(?P<task>(?:\.\.\./)?\S{0,300}?node_modules/(?P<package>(?:@[^/\s]+/)?[^/\s]+) (?P<script>(?:pre|post)?install))"
    r"\$ (?P<command>\S.*)$"
)
_PNPM_FAILED = Regex(r"^(?:(?P<task>\S{0,300}?node_modules/\S{1,300} \w{1,40}): )?Failed$")


def _pnpm_script(st: _Npm, no: int, m: re.Match[str]) -> None:
    st.pnpm[m["task"]] = (no, m["package"], m["script"], m["command"])


def _pnpm_failed(st: _Npm, no: int, m: re.Match[str]) -> bool:
    task = m["task"] or st.view.tasks.get(no, "").removesuffix(":")
    header, package, script, command = st.pnpm.get(task, (0, "", "", ""))
    if not header or st.found.errors or _native(st.view, command, header, no):
        return False
    _dependency_script(st, no, package, script, command, tool="pnpm")
    return True


_NPM = LineRules[_Npm](
    Rule(_YARN_FAILED, _yarn_script, has=(": Command failed.",)),
    Rule(_BERRY_FAILED, _berry_build, has=("YN0009: ",)),
    Rule(_NPM_HEADER, _npm_header, starts="> ", has=("/node_modules/",), continues=True),
    Rule(_NPM7_PATH, _npm7_path, starts=("npm ERR! path ", "npm error path "), continues=True),
    Rule(
        r"^npm ERR! Failed at the (?P<package>\S+) (?P<script>\S+) script(?: '.*')?\.$",
        _npm_script,
        starts="npm ERR! Failed at the ",
    ),
    Rule(r"^npm (?:ERR!|error) command sh -c (?P<command>.+)$", _npm7_command, starts=_NPM7_COMMAND),
    Rule(_PNPM_SCRIPT, _pnpm_script, starts=(".../", "node_modules/"), has=("install$ ",)),
    Rule(_PNPM_FAILED, _pnpm_failed, ends="Failed", when=lambda st, _no: bool(st.pnpm), continues=True),
)

GULP = Parser(tool="gulp", category=Category.UNKNOWN, parse=scan_with(_GULP, lambda view: _Gulp(view)))
GRUNT = Parser(tool="grunt", category=Category.UNKNOWN, parse=scan_with(_GRUNT, lambda view: _Grunt(view)))
NPM_SCRIPTS = Parser(tool="npm-scripts", category=Category.UNKNOWN, parse=scan_with(_NPM, lambda view: _Npm(view)))
