"""What a wrapper ran: the command behind a CI line that only names a script or a session (`npm test`, `yarn
lint`, `composer lint`, `tox -e lint`, `nox -s lint`, `rake`), read from the wrapper's own words in the
failing step's output.

Two kinds of words. A report says which command failed: npm 6's `npm ERR! pkg@1.0.0 lint: \\`eslint src\\``,
npm 9+'s `npm error command sh -c eslint src` and npm 7's and 8's `Lifecycle script \\`lint\\` failed` (a
workspace's script), pnpm's `ERR_PNPM_... pkg@1.0.0 lint: \\`eslint src\\``, tox's `lint: exit 1 (...) DIR>
flake8 src pid=N` (tox 4), `ERROR: InvocationError for command ... (exited with code 1)` (tox 3) and `ERROR:
InvocationError: '...'` (tox 2), nox's `nox > Command flake8 src failed with exit code 1`, Composer's `Script
phpcs src handling the lint event returned with error code 2`, Rake's `Command failed with status (1): [flake8
src...]`, RSpec's Rake task's `CMD failed`, the `command: 'git push origin main',` field of execa's error as
Node prints it uncaught. Nested scripts report from the innermost out, so the first report is the command that
failed. An echo only says what started: npm's and pnpm's `> pkg@1.0.0 lint` header over `> eslint src`, Yarn
1's `$ eslint src` under `yarn run v1.22.22`, Bun's `$ eslint src` once it says `error: script "lint" exited`.
The last script started is the one that failed, unless the script around it goes on after it (`npm run lint &&
node --test`), and then the failure may be in the rest: the parts that may have failed are all kept, in order,
behind the parts the script forgave, each as `part || true; ` (its shell runs it with errexit off: `eslint src;
mocha` fails on mocha's status).

A compound script's parts that ran a nested script the log shows passing are left out: npm 6 reports every
script that fails, so its header (`> pkg@1.0.0 lint /dir`, with the folder) without a report passed; Yarn
1, pnpm and Bun say a script failed once for each level that failed, so one such line under a nested echo
says the nested script passed. Tools run by hand (make's recipe lines, just's, invoke's `c.run`) are not
read from the log: make and just echo a recipe's lines before running them but nothing tells an echo from
the tool's output, and invoke prints nothing of the command. With the project's files, the Makefile line
GNU make 4 names in its verdict is (make_recipe_place, recipe_command)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from remediate.facts.ci import SESSION_FAILURES
from remediate.facts.commands import build_tool, runs, tool_named
from remediate.facts.lazyregex import Regex
from remediate.facts.syntaxcheck import command_parts
from remediate.facts.xtrace import list_status

# Reports naming the command that failed, each as its tool prints it (tests/facts/data/README.md).
_REPORTS: tuple[Regex, ...] = (
    Regex(r"^npm ERR! (?:@[\w.-]+/)?[\w.-]+@[\w.+-]+ [\w:.-]+: `(?P<cmd>.+)`$"),  # npm 6 and before
    # npm 9+ (a workspace's script), npm 7-8 (a dependency's install script, its shell told `sh -c -- cmd`)
    Regex(r"^npm (?:ERR!|error) command sh -c (?:-- )?(?P<cmd>.+)$"),
    Regex(r"^\s?ERR_PNPM_\w+\s+(?:@[\w.-]+/)?[\w.-]+@[\w.+-]+ [\w:.-]+: `(?P<cmd>.+)`$"),  # pnpm -r (thin spaces)
    *SESSION_FAILURES,  # nox, tox 4, tox 3 (with their exit codes)
    Regex(r"^ERROR: InvocationError: '(?P<cmd>.+)'$"),  # tox 2
    Regex(r"^Script (?P<cmd>.+) handling the [\w:.-]+ event returned with error code [1-9]\d*$"),  # Composer
    Regex(r"^Command failed with status \([1-9]\d*\): \[(?P<cmd>.+?)(?:\.\.\.)?\]$"),  # Rake's `sh`
    # execa's error object as Node prints it, uncaught (the child's quoted output: facts.childoutput)
    Regex(r"^  command: (?P<q>['\"])(?P<cmd>.+)(?P=q),$"),
)
_REPORT_STARTS = (
    "npm ERR! ",
    "npm error ",
    "ERROR: Invocation",
    "nox > Command ",
    "Script ",
    "Command failed ",
    "  command: ",
)
# RSpec's Rake task echoes its command, then says `CMD failed` (`ruby -I... .../exe/rspec --pattern ...`).
_RSPEC_FAILED = " failed"
_RSPEC = Regex(r"\brspec\b")  # read as a rule's match is (commands.runs)
# npm's and pnpm's script header: `> pkg@1.0.0 lint` (npm 6 and pnpm add the folder), the script's text below.
_HEADER = Regex(r"^> (?P<package>(?:@[\w.-]+/)?[\w.-]+)@[\w.+-]+ (?P<name>[\w:.-]+)(?P<dir> /\S*)?$")
_SCRIPT_TEXT = Regex(r"^> (?P<cmd>\S.*)$")
# npm 7 and 8 name a workspace's failed script, not its command (its header above has it).
_NPM_SCRIPT_FAILED = Regex(r"^npm (?:ERR!|error) Lifecycle script `(?P<name>[\w:.-]+)` failed")
_NPM_WORKSPACE = Regex(r"^npm (?:ERR!|error) +in workspace: (?P<package>(?:@[\w.-]+/)?[\w.-]+)@")
# npm 6 reports a failed `test` (and `start`, `stop`, `restart`) script so, not by its command.
_NPM_LIFECYCLE_FAILED = Regex(r"^npm ERR! (?P<name>Test|Start|Stop|Restart) failed\.")
# pnpm says a script failed once for each level that failed, naming none (thin spaces around its code).
_PNPM_FAILED = Regex(r"^\s?ELIFECYCLE\s+(?:Command failed with exit code [1-9]\d*|\w+ failed)\.")
_YARN_RUN = Regex(r"^yarn run v1\.")
_YARN_ECHO = Regex(r"^\$ (?P<cmd>\S.*)$")
_YARN_FAILED = Regex(r"^error Command failed with exit code [1-9]\d*\.?$")
_BUN_FAILED = Regex(r'^error: script "(?P<name>[^"]+)" exited with code [1-9]\d*$')
# A compound command's parts, and a part that runs a script by its name.
_NESTED = Regex(r"^(?:npm|pnpm|yarn|bun)(?:\s+run(?:-script)?)?\s+(?P<name>[\w:.-]+)\s*$")
MAX_COMMAND = 2000


def npm_echo(line: str, previous: str) -> bool:
    """Whether the line is npm's or pnpm's echo of a script starting: its header (`> pkg@1.0.0 lint /dir`) or
    the script's text right under it (`> eslint src`). It says what started, not what failed."""
    if not line.startswith("> "):
        return False
    return _HEADER.match(line) is not None or (previous.startswith("> ") and _HEADER.match(previous) is not None)


# A session runner's line about its session rather than the session's own output: tox 4's `lint: commands[1]> mypy
# src`, `lint: exit 1 (1.38 seconds) DIR> mypy src pid=N`, `lint: install_deps> ...`, `  lint: FAIL code 1 (...)`
# and its interpreter lookup; tox 2's and 3's `lint run-test: commands[1] | flake8 src`, `lint installdeps: ...`,
# `ERROR:   lint: commands failed`; nox's `nox > Running session lint`. The session's name (`lint`) is the
# project's word for what it runs, and the command it started is not what failed: a type checker run in a session
# named `lint` fails as a type checker (tests/facts/data/wrapper_tox4_lint_mypy.txt).
_SESSION_LINE = Regex(
    r"^(?:\s*[\w.-]+: (?:commands(?:_pre|_post)?\[\d+\]> |exit -?\d+ \(|install_(?:deps|package(?:_deps)?)> |"
    r"FAIL code -?\d+|OK \(|commands (?:failed|succeeded)|find interpreter |proposed |create virtual |"
    r"add (?:seed|activators) )|"
    r"[\w.-]+ (?:create|recreate|installdeps|installed|inst-nodeps|inst|develop-inst|develop-inst-noop|"
    r"run-test(?:-pre)?|runtests|sdist-make|getenv): |"
    r"ERROR: +[\w.-]+: (?:commands failed|InvocationError)|nox > )"
)


# Lefthook's (0.6) own lines about the commands of a hook group it runs: each command's header (`  EXECUTE > rubocop`)
# and its summary's line for each (`✔️  rubocop` passed, `🥊  prettier` failed). The command's name is the project's
# word for it (`eslint-assets`, `lints`): a lint word there is no linter's verdict (tests/facts/data/lefthook063_*).
_HOOK_LINE = Regex(r"^\s*EXECUTE > \S+$|^(?:✔️|🥊) +\S+$")


def session_line(line: str) -> bool:
    """Whether the line is tox's, nox's or Lefthook's own about a session or a command it runs (_SESSION_LINE,
    _HOOK_LINE): what the runner started and how it ended, in the words of its name, no tool's verdict."""
    return _SESSION_LINE.match(line) is not None or _HOOK_LINE.match(line) is not None


class Level(NamedTuple):
    """A script npm or pnpm started: its name, its text, and whether the log says it passed (npm 6's
    header without its report)."""

    name: str
    text: str
    passed: bool = False
    package: str = ""


@dataclass
class _Run:
    """One run of a wrapper that counts its failures (Yarn 1, pnpm): the scripts it echoed starting and
    how many levels said they failed."""

    echoes: list[str]
    failed: int = 0


def ran_command(lines: Sequence[str], *, whole: bool = False, failed: str | None = None) -> str | None:
    """The command the failing wrapper ran, from its report or its echo in `lines` (the failing step's
    output; `whole`: one command's whole output, no CI around it); the parts that may have failed joined by
    ` && ` when the log does not say which; else, when the failing line `failed` runs a script no rule names,
    the last command its shell's xtrace shows (traced); None when no wrapper speaks."""
    reported = _reported(lines)
    pnpm = any(_PNPM_FAILED.match(line) for line in lines if "ELIFECYCLE" in line[:12])
    levels = _levels(lines, set(reported), npm6=not pnpm)
    if reported:
        text = reported[0]
    elif named := _named(lines, levels):
        text = named
    elif counted := _counted(_pnpm_runs(levels, lines) if pnpm else _yarn_runs(lines) or _bun_runs(lines, whole)):
        text = counted
    else:
        started = [level for level in levels if not level.passed]
        if not started:
            return traced(lines, failed) if failed and runs_script(failed) else None
        text = _with_rest(started)
    around = _forgiven_around(text, _echoed(levels, lines))
    return _after_passed(text, levels, around)[:MAX_COMMAND] or None


def _failed(report: re.Match[str]) -> bool:
    """Whether a report names a command that failed: its exit code, where it prints one, is not 0."""
    code = report.groupdict().get("code")
    return code is None or int(code) != 0


def _reported(lines: Sequence[str]) -> list[str]:
    out = []
    for line in lines:
        if line.startswith(_REPORT_STARTS) or "ERR_PNPM_" in line[:12] or (line[:1].isalnum() and ": exit " in line):
            out += [m["cmd"].strip() for pattern in _REPORTS if (m := pattern.match(line)) and _failed(m)]
        elif line.endswith(_RSPEC_FAILED) and runs(_RSPEC, cmd := line[: -len(_RSPEC_FAILED)]):
            out.append(cmd.strip())
    return out


def _named(lines: Sequence[str], levels: list[Level]) -> str | None:
    """The text of the script npm 7 or 8 says failed by name, in the workspace it names below (`in
    workspace: api@1.0.0`: `npm run lint --workspaces` runs every package's `lint`)."""
    for i, line in enumerate(lines):
        if not line.startswith("npm ") or (said := _NPM_SCRIPT_FAILED.match(line)) is None:
            continue
        where = (m["package"] for below in lines[i + 1 : i + 4] if (m := _NPM_WORKSPACE.match(below)))
        package = next(where, None)
        named = (level for level in reversed(levels) if level.name == said["name"])
        return next((level.text for level in named if package in (None, level.package)), None)
    return None


def _levels(lines: Sequence[str], reported: set[str], *, npm6: bool) -> list[Level]:
    """The scripts npm and pnpm echoed starting, in order; with `npm6`, a header naming its folder whose
    script npm did not report passed."""
    failed = reported | {
        m["name"].lower() for line in lines if line.startswith("npm ERR! ") and (m := _NPM_LIFECYCLE_FAILED.match(line))
    }
    levels: list[Level] = []
    for i, line in enumerate(lines):
        header = _HEADER.match(line) if line.startswith("> ") else None
        if header is None or i + 1 >= len(lines) or (text := _SCRIPT_TEXT.match(lines[i + 1])) is None:
            continue
        name, cmd = header["name"], text["cmd"].strip()
        passed = npm6 and bool(header["dir"]) and cmd not in failed and name not in failed
        levels.append(Level(name, cmd, passed, header["package"]))
    return levels


def _pnpm_runs(levels: list[Level], lines: Sequence[str]) -> list[_Run]:
    failed = sum(1 for line in lines if "ELIFECYCLE" in line[:12] and _PNPM_FAILED.match(line))
    return [_Run([level.text for level in levels], failed)] if levels else []


def _yarn_runs(lines: Sequence[str]) -> list[_Run]:
    """Each Yarn 1 run (`yarn run v1.22.22`), the scripts it echoed and how many of its levels failed."""
    runs: list[_Run] = []
    for line in lines:
        if _YARN_RUN.match(line):
            runs.append(_Run([]))
        elif runs and (echo := _YARN_ECHO.match(line)):
            runs[-1].echoes.append(echo["cmd"].strip())
        elif runs and _YARN_FAILED.match(line):
            runs[-1].failed += 1
    return runs


def _bun_runs(lines: Sequence[str], whole: bool) -> list[_Run]:
    """Bun's run: its `$ cmd` echoes (no header: only once it says `error: script "x" exited`), less a line
    that only runs a script by name (a CI's own echo of `bun run test`), and its levels that failed. Its
    echoes have no header a CI's `$ cmd` steps lack: in a CI's log they count only after the line that
    launched the outermost failing script (GitLab's step starts at each `$` line, Bun's too)."""
    names = [m["name"] for line in lines if line.startswith("error: script ") and (m := _BUN_FAILED.match(line))]
    if not names:
        return []
    first = 0
    if not whole:
        launch = re.compile(rf"\bbun(?:\s+run)?\s+{re.escape(names[-1])}\s*$")
        first = next((i + 1 for i, line in enumerate(lines) if launch.search(line)), len(lines))
    echoes = [m["cmd"].strip() for line in lines[first:] if (m := _YARN_ECHO.match(line))]
    return [_Run([echo for echo in echoes if not script_run(echo)], len(names))]


def _counted(runs: list[_Run]) -> str | None:
    """The first failing run's script: the last it echoed when more than one level failed (each level
    out from the innermost), else its first, less the scripts it ran by name before the failing part
    (they passed: only the outermost level failed)."""
    run = next((run for run in runs if run.failed and run.echoes), None)
    if run is None:
        return None
    if run.failed >= 2 or len(run.echoes) == 1:
        return run.echoes[-1]
    parts = _parts(run.echoes[0])
    nested = [i for i, part in enumerate(parts) if script_run(part)]
    ran = len(run.echoes) - 1
    return " && ".join(parts[nested[ran - 1] + 1 :]) if 0 < ran <= len(nested) else run.echoes[0]


def _with_rest(started: list[Level]) -> str:
    """The last script started, then what each script around it runs after it (`npm run lint && node
    --test`: the failure may be in `node --test` once lint passed; the log does not say)."""
    parts = [started[-1].text]
    inner = started[-1].name
    for outer in reversed(started[:-1]):
        split = _parts(outer.text)
        at = next((i for i, part in enumerate(split) if script_run(part) == inner), None)
        if at is not None:
            parts += split[at + 1 :]
        elif inner in {script_run(part) for part in list_status(outer.text, errexit=False).forgiven}:
            parts = split  # it ran before a `;`: its status is not the script's
        else:
            break
        inner = outer.name
    return " && ".join(parts)


def _after_passed(text: str, levels: list[Level], around: Sequence[str] | None = None) -> str:
    """The parts of a compound command after the last one that ran a script the log shows passing, behind the parts
    the script forgave (_with_forgiven) and those the scripts around it forgave (`around`: _forgiven_around)."""
    parts = _parts(text)
    passed = {level.name for level in levels if level.passed}
    last = max((i for i, part in enumerate(parts) if script_run(part) in passed), default=-1)
    return _with_forgiven(text, " && ".join(parts[last + 1 :] or parts), around)


def as_run(script: str, targets: Mapping[str, str] | None = None) -> str:
    """A script's text (a make recipe line, run under `sh -c` with errexit off) read as its shell runs it, as a
    wrapper's script is (_after_passed): its parts that may have failed, behind those it forgave; a forgiven sub-make
    (`$(MAKE) lint || true`) as the recipe its target ran (`targets`: sub_make_targets), the sub-make's own words
    being none a reader knows."""
    if not targets:
        return _after_passed(script, [])
    nodes = [_Node(None, script)] + [_Node(target, recipe, 0, target) for target, recipe in targets.items()]
    return _after_passed(script, [], _forgiven_of(_Tree(nodes, sub_make, flat=True), 0))


def _with_forgiven(text: str, ran: str, around: Sequence[str] | None = None) -> str:
    """What may have failed (`ran`) behind each part of the script's `text` whose failure it forgave, as `part || true;
    ` (`eslint src || true; ./scripts/check_docs.sh`, `eslint src; node --test` under `sh -c`), or behind what it and
    the scripts around it forgave, read through the scripts they ran (`around`: `npm run lint || true` as `eslint
    src`): the forgiven part's output shows in the step but did not fail it, and the triage reads it so
    (discounts.forgiven_parts); its shell's own words (`set +e`) left out. A script whose every part was forgiven is
    read as those parts (_parts)."""
    read = list_status(text, errexit=False)
    if not read.failable:
        return ran
    forgiven = dict.fromkeys(part for part in (read.forgiven if around is None else around) if command_parts(part))
    return "".join(f"{part} || true; " for part in forgiven) + ran


class _Node(NamedTuple):
    """A script a wrapper echoed starting: its name where the echo says it (npm's and pnpm's header; Yarn 1's `$ cmd`
    does not), its text, and the script whose part ran it by name (`parent`, the part's name `ran_as`)."""

    name: str | None
    text: str
    parent: int | None = None
    ran_as: str | None = None


class _Tree(NamedTuple):
    """The scripts a wrapper echoed, each under the one whose part ran it; `runs` names the script a part runs."""

    nodes: list[_Node]
    runs: Callable[[str], str | None]
    flat: bool = False  # a name is the same script wherever it runs (make's targets of one Makefile)

    def child(self, k: int, name: str) -> int | None:
        found = (j for j, n in enumerate(self.nodes) if n.ran_as == name and (self.flat or n.parent == k))
        return next(found, None)


# Wrapper commands that run no script of the project's by that name (`yarn install`, `npm ci`): never a nested echo's.
_BUILTINS = frozenset(
    {"install", "i", "ci", "add", "remove", "upgrade", "update", "audit", "link", "unlink", "pack", "publish"}
    | {"outdated", "why", "list", "ls", "info", "init", "exec", "dlx", "config", "cache", "global", "login", "logout"}
    | {"rebuild", "prune", "dedupe", "import", "licenses", "version", "tag", "owner", "bin", "create"}
)
MAX_NESTED = 20  # levels of scripts run by name read below a forgiven part


def _echoed(levels: list[Level], lines: Sequence[str]) -> _Tree:
    """The scripts the wrappers echoed, each under the script that ran it (_placed): npm's and pnpm's levels, then each
    Yarn 1 run's `$ cmd` echoes (a run starts a tree of its own)."""
    runs = [[(level.name, level.text) for level in levels]] + [[(None, e) for e in r.echoes] for r in _yarn_runs(lines)]
    nodes: list[_Node] = []
    for run in runs:
        _placed(nodes, run)
    return _Tree(nodes, script_run)


def _placed(nodes: list[_Node], run: Sequence[tuple[str | None, str]]) -> None:
    """Each echo of a run added under the script whose part ran it by name, as a nested script echoes after the part
    that started it and before the next: the nearest open script waiting for that name (any name for Yarn 1's
    unnamed echo); none waiting, a script of its own (a new command in the step)."""
    waiting: list[tuple[int, list[str]]] = []  # the open scripts and the names their parts have yet to run
    for name, text in run:
        at = next((k for k in range(len(waiting) - 1, -1, -1) if _awaits(waiting[k][1], name)), None)
        parent, ran_as = None, None
        if at is None:
            waiting.clear()
        else:
            del waiting[at + 1 :]
            parent, names = waiting[at]
            ran_as = name or names[0]
            del names[: names.index(ran_as) + 1]
        waiting.append((len(nodes), [n for part in command_parts(text) if (n := _script_name(part))]))
        nodes.append(_Node(name, text, parent, ran_as))


def _awaits(names: list[str], name: str | None) -> bool:
    return bool(names) and (name is None or name in names)


def _script_name(part: str) -> str | None:
    name = script_run(part)
    return name if name not in _BUILTINS else None


def _forgiven_around(text: str, tree: _Tree) -> list[str] | None:
    """What the script that failed (`text`, as echoed) and those around it forgave, outermost first (_forgiven_of);
    None when no echo is that script's."""
    nodes = tree.nodes
    found = [k for k, n in enumerate(nodes) if n.text == text] or [
        k for k, n in enumerate(nodes) if text.startswith(n.text + " && ") or n.text.endswith(text)
    ]
    return _forgiven_of(tree, found[-1]) if found else None


def _forgiven_of(tree: _Tree, k: int) -> list[str]:
    """The parts each script from the root down to `k` forgave, a part that ran a nested script as what that script
    ran (_leaves): `npm run lint || true; npm run docs` forgave `eslint src`."""
    chain: list[int] = []
    at: int | None = k
    while at is not None and len(chain) < MAX_NESTED:
        chain.append(at)
        at = tree.nodes[at].parent
    return [
        leaf
        for j in reversed(chain)
        for part in list_status(tree.nodes[j].text, False).forgiven
        for leaf in _leaves(tree, j, part, MAX_NESTED)
    ]


def _leaves(tree: _Tree, k: int, part: str, depth: int) -> list[str]:
    """What a part of script `k` ran: the commands of the nested script it ran by name, echoed under it, else itself."""
    name = tree.runs(part)
    child = tree.child(k, name) if name and depth else None
    if child is None:
        return [part]
    return [leaf for p in command_parts(tree.nodes[child].text) for leaf in _leaves(tree, child, p, depth - 1)]


def _parts(text: str) -> list[str]:
    """The parts of a compound command whose failure is the command's, as bash runs its lists (xtrace.list_status): a
    script runs without `set -e`, so under `;` the last list's status is the line's (the parts before it are left
    out), and in `a || b` b's (`npm ci || npm install`), or a's where b only hands the failure on (`|| exit 1`); a
    line whose every part was forgiven (`eslint . || true`) is read as those parts."""
    read = list_status(text, errexit=False)
    return [part for _, part in read.failable] or read.forgiven


# The wrappers whose reports name what they ran (_REPORTS, the echoes), as a command line starts them (`tox -e
# lint`, `python -m nox -s lint`, `npm test`, `composer lint`, `bundle exec rake`): what such a line names is a
# session or a script, and its report the tool that failed.
_WRAPPER = Regex(r"(?:^|[\s/])(?:tox|nox|npm|pnpm|yarn|bun|composer|rake)(?:\s|$)")


def wraps(part: str) -> bool:
    """Whether a command runs a wrapper whose report or echo says what it ran (_WRAPPER)."""
    return _WRAPPER.search(part) is not None


def script_run(part: str) -> str | None:
    """The script a command runs by name (`npm run lint`, `yarn lint`, `npm test`), else None."""
    m = _NESTED.match(part.strip())
    return m["name"] if m else None


# bash's, dash's and busybox sh's xtrace (`set -x`): each simple command, expanded, after PS4's `+ ` as it runs;
# a nested level (a command substitution's) adds a `+` (`++ date`), not what the script itself ran. A diff's
# added line opens `+` then its text (`+x = 1`), an indented one `+ ` then the indent.
_XTRACE = Regex(r"^\+ (?P<cmd>[^\s+].{0,1999})$")
# What a script does around its tools: shell builtins and a bare assignment (`+ status=1`) run nothing that fails
# (with syntaxcheck.command_parts' INERT words).
_SHELL_ONLY = Regex(r"^(?:exit|return|\[\[?|test|printf|local|shift|trap|unset|wait|[A-Za-z_]\w*=\S*$)(?:\s|$)")
# npm 6's row for a package it added (`+ mocha@5.2.0`): one word at a version, no command a script runs.
_ADDED = Regex(r"^(?:@[\w.-]+/)?[\w.-]+@\S+$")
MAX_TRACED = 200_000  # lines of a step read for its xtrace, from its end


def runs_script(command: str) -> bool:
    """Whether a command line runs only what no rule names (`./ci/run.sh`, `bash scripts/ci.sh`): no part of it
    names a tool (commands.tool_named), a build (commands.build_tool) or a wrapper that says what it ran (wraps)."""
    parts = command_parts(command)
    return bool(parts) and not any(tool_named(part) or build_tool(part) or wraps(part) for part in parts)


def traced(lines: Sequence[str], failed: str) -> str | None:
    """The command a script no rule names ran last, as its shell's xtrace shows it (`+ flake8 src` under `set
    -x`): with `set -e` the script stops at the command that failed, without it the script's status is its last
    command's, so the last traced command is what failed. The failing line's own trace (Jenkins's `sh` step
    traces the line it runs) and the shell's own words (`+ cd src`, `+ exit 1`) are not what the script ran."""
    for line in reversed(lines[-MAX_TRACED:]):
        if not line.startswith("+ ") or (m := _XTRACE.match(line)) is None:
            continue
        command = m["cmd"].strip()
        if command == failed.strip() or _ADDED.match(command) or _SHELL_ONLY.match(command):
            continue
        if command_parts(command):
            return command[:MAX_COMMAND]
    return None


# GNU make 4's verdict on a recipe command that failed names its Makefile line and target: the top level's (`make: ***
# [Makefile:4: lint] Error 1`) and a sub-make's, its level in brackets (`make[1]: *** [Makefile:3: lint] Error 1`).
_MAKE_FAILED = Regex(
    r"^g?make(?:\[(?P<level>[1-9]\d*)\])?: \*\*\* \[(?P<file>[^:\]\s]+):(?P<line>[1-9]\d*): (?P<target>[^\]]+)\] "
    r"Error [1-9]\d*$"
)
_RECIPE_PREFIX = Regex(r"^\t[@+-]*\s*")
MAX_RECIPE_LINES = 50  # a recipe command continued over more lines than this is not read


def make_recipe_place(lines: Sequence[str]) -> tuple[str, int] | None:
    """The Makefile and line of the recipe command that failed, as GNU make 4 names them (`make: ***
    [Makefile:4: lint] Error 1`); a sub-make's own verdict (`make[1]: ***`) names a Makefile of its folder,
    so the top-level one is read (the recipe that ran the sub-make). The command itself is the Makefile's
    (recipe_command): make echoes it, but nothing tells an echo from the output."""
    top = next((verdict for verdict in make_verdicts(lines) if not verdict.sub), None)
    return (top.file, top.line) if top is not None else None


class MakeVerdict(NamedTuple):
    """A GNU make 4 verdict on a recipe command that failed (_MAKE_FAILED)."""

    file: str
    line: int
    target: str
    sub: bool  # a sub-make's (`make[1]: ***`), not the top level's


def make_verdicts(lines: Sequence[str]) -> Iterator[MakeVerdict]:
    """Each verdict of GNU make 4 on a recipe command that failed among `lines`, in order."""
    for line in lines:
        if line.startswith(("make", "gmake")) and (m := _MAKE_FAILED.match(line)):
            yield MakeVerdict(m["file"], int(m["line"]), m["target"], m["level"] is not None)


def recipe_command(makefile: str, line: int) -> str | None:
    """The recipe command at 1-based `line` of a Makefile's text, its continued lines joined and make's own
    prefixes (`@` silent, `-` ignore errors, `+` always run) left out; None when that line is no recipe line."""
    rows = makefile.splitlines()
    if not 1 <= line <= len(rows) or not rows[line - 1].startswith("\t"):  # 0 or less would count from the end
        return None
    parts = []
    for row in rows[line - 1 : line - 1 + MAX_RECIPE_LINES]:
        parts.append(row.rstrip("\\").strip())
        if not row.endswith("\\"):
            break
    command = _RECIPE_PREFIX.sub("", "\t" + " ".join(parts)).strip()
    return command or None


# A recipe's part that runs make on a target (`$(MAKE) lint`, `make -s lint`); another folder's (`-C`) is not read.
_SUB_MAKE = Regex(r"^(?:\$\(MAKE\)|\$\{MAKE\}|(?:\S*/)?g?make)(?:\s+-[iks]+)*\s+(?P<target>[\w.-]+)$")


def sub_make(part: str) -> str | None:
    """The target a recipe's part runs a sub-make on (`$(MAKE) lint`: `lint`), else None."""
    m = _SUB_MAKE.match(part.strip())
    return m["target"] if m else None


def sub_make_places(lines: Sequence[str], makefile: str) -> dict[str, int]:
    """Each target a sub-make's verdict names in `makefile` (the top-level verdict's file), and the line of its recipe
    that failed (`make[1]: *** [Makefile:3: lint] Error 1`); the first verdict of a target."""
    places: dict[str, int] = {}
    for verdict in make_verdicts(lines):
        if verdict.sub and verdict.file == makefile:
            places.setdefault(verdict.target, verdict.line)
    return places


# A rule's line: its targets, a colon (`::` too), its prerequisites; no variable's assignment (`:=`, `::=`).
# Greedy, no `\s*` before the colon: a lazy run then `\s*` retried every split of a long blank run (quadratic).
_RULE = Regex(r"^(?P<targets>[^:#=\t][^:#=]*)::?(?!=)")


def target_recipe(makefile: str, line: int, target: str) -> str | None:
    """The recipe command at `line` (recipe_command) when the rule above it names `target`: a sub-make run in
    another folder names its own Makefile's line, which this one's rule at that line does not confirm."""
    rows = makefile.splitlines()[: max(line - 1, 0)]
    rule = next((row for row in reversed(rows) if row.strip() and not row.startswith(("\t", "#"))), "")
    m = _RULE.match(rule)
    return recipe_command(makefile, line) if m and target in m["targets"].split() else None
