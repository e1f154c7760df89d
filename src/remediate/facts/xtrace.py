"""Each command a shell traced (`set -x`) inside one script the CI ran as one step, with the status the trace shows.

bash's manual (4.3.1 The Set Builtin, `-x`; 5.2 Bash Variables, PS4): under xtrace the shell prints each simple
command, `for` and `case` command, arithmetic `for` and `select` after expanding it and before running it, behind
the expansion of PS4 (default `+ `), whose first character is repeated for each level of indirection: a command
substitution's commands print behind `++`, before the command that holds it. A Buildkite `commands:` list (one
`bash -e -c` script), a GitHub Actions `run:` block and a Jenkins `sh` step (`sh -xe`) print their commands so.

What a trace proves (4.3.1, `-e`): under errexit the shell exits at a command that fails, except a command that is
part of a `while`/`until` test, of an `if` test, of a `&&` or `||` list but the last, of a pipeline but the last
(without pipefail), or inverted by `!`. So a command a later trace of the same script follows did not stop it: it
exited 0, or its status was taken by one of those; either way what it printed did not fail the step. Without
errexit (a custom `shell: bash {0}`, after `set +e`) a later trace proves nothing, and after a command that ran a
shell script the script's own `set -x` traces look alike: no later trace proves anything. The last traced command
before the failure is the one that failed, unless it only hands on the status of the one before (`cmd || exit 1`,
`cmd || { echo failed; exit 1; }`: then the command before is, and the trace of `exit 1` is its tail).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import NamedTuple

from remediate.facts.lazyregex import Regex
from remediate.facts.shellquotes import list_parts, split_unquoted, unquoted, unquoted_parts
from remediate.facts.view import View


class Trace(NamedTuple):
    """A command the script's own shell traced at its first level: `start` is the line its output (and the traces of
    the command substitutions it expanded first, `++ cmd`) starts on, `line` the line of its own trace."""

    start: int
    line: int
    command: str


# A shell's errexit turned off (`set +e`, `set +eu`, `set +o errexit`) and on again, where a command starts.
ERREXIT = Regex(r"(?:^|[;&|]\s*)set\s+(?:(?P<off>\+\w*e\w*|\+o\s+errexit)|-\w*e\w*|-o\s+errexit)\b")
# A command running a shell script: its `set -x` traces (`+ cmd`) look like the calling shell's own.
SCRIPT_RUN = Regex(r"^(?:\w+=\S*\s+)*(?:\S*/)?(?:(?:ba|da|k|z)?sh\s+\S|\S+\.(?:sh|bash)(?:\s|$))")
# A shell's options that turn errexit on (`bash -e`, `-eo pipefail`, `sh -xe`, `-o errexit`) where its command starts.
_SHELL_ERREXIT = Regex(r"(?:^|\s)(?:-[a-zA-Z]*e[a-zA-Z]*|-o\s+errexit)(?=\s|$)")
# A command that only hands on a failure (`exit 1`, `return 2`, `exit $?`, `false`, Travis' `travis_terminate 1`, which
# stops the job with that status) and a message printed before it.
_HANDS_ON = Regex(
    r"^(?:(?:exit|return)\s+(?:[1-9]\d{0,2}|-\d{1,3}|\$\?|\"\$\?\")|false|travis_terminate\s+[1-9]\d{0,2})\s*;?\s*$"
)
_MESSAGE = Regex(r"^(?:echo|printf)(?:\s|$)")
# A command that forgives a failure: it passes whatever came before (`cmd || true`, `cmd || :`).
_FORGIVES = Regex(r"^(?:true|:|exit\s+0|return\s+0)\s*;?\s*$")
# PS4 assigned in a script (`PS4='+ ${LINENO}: '`, `export PS4="..."`), or traced as bash quotes it
# (`+ PS4='...'`, `+ export 'PS4=...'`).
_PS4 = Regex(r"""(?:^|[\s;'])PS4=(?:'(?P<single>[^']{1,200})'|"(?P<double>[^"]{1,200})"|(?P<bare>[^\s'";]{1,200}))""")
DEFAULT_PS4 = "+ "
_DIFF_HEADS = ("--- ", "+++ ")  # a unified diff's header lines (`--- a/x`, `+++ b/x`): a table's `----|---` is none
_HUNK_LINES = (" ", "+", "-", "\\")  # a unified diff hunk's lines: context, added, removed, `\ No newline`
# A unified diff hunk's header: how many old and new lines it holds (1 when not given).
_HUNK = Regex(r"^@@ -\d+(?:,(?P<old>\d+))? \+\d+(?:,(?P<new>\d+))? @@")
_UNCOUNTED = 10**9  # a hunk whose header gives no counts runs to the first line that is no hunk's


@dataclass
class _Hunk:
    """The hunk of a diff a line is in: its lines are output, whatever they start with (`+ x`)."""

    left: tuple[int, int] | None = None  # the old and the new lines the open hunk still holds

    def holds(self, text: str) -> bool:
        """Whether `text` is a hunk's line or header, counting the open hunk's lines down (git's, Black's `--diff`:
        a `+ true` trace right after a hunk is no longer the diff's)."""
        kind = text[:1] or (" " if self.left is not None and self.left[0] < _UNCOUNTED else "")
        if self.left is not None and kind in _HUNK_LINES:  # a blank context line lost its space in the view
            old = self.left[0] - (kind in " -")
            new = self.left[1] - (kind in " +")
            self.left = (old, new) if old > 0 or new > 0 else None
            return True
        self.left = None
        if not text.startswith("@@"):
            return False
        m = _HUNK.match(text)
        self.left = (int(m.group("old") or 1), int(m.group("new") or 1)) if m else (_UNCOUNTED, _UNCOUNTED)
        return True


class DiffLines:
    """Where a unified diff runs in output read line by line (git's, Black's `--diff`, a formatter's check): the line
    right after one of its header lines (`--- a/x`, `+++ b/x`) and the lines its hunks' `@@` headers count (_Hunk).
    Its lines are output, whatever they start with: an added `+ x` reads as a trace. A line that only starts with `-`
    or `+` (a table's `+-----+` border, a list's `- item`, a nested `++ cmd` trace) is no diff's, nor is the line
    after it."""

    def __init__(self) -> None:
        self._hunk = _Hunk()
        self._head = False  # the line before was a diff's header line

    def holds(self, text: str, traced: bool) -> bool:
        """Whether `text`, the next line, is the diff's; `traced`: it reads as a trace (bash's depth-3 `+++ cmd` is
        a trace, not a `+++ b/x` header, unless the diff holds it)."""
        in_hunk = self._hunk.holds(text)
        inside = in_hunk or self._head
        self._head = not in_hunk and not (traced and not inside) and text.startswith(_DIFF_HEADS)
        return inside


_XTRACE = Regex(r"^\s*set\s+(?:-\w*x|-o\s+xtrace)|(?:^|\s)-\w*x\w*(?:\s|$)")


def traces_itself(script: Sequence[str], shell: str | None) -> bool:
    """Whether the shell traces commands (`set -x`, `bash -x`): only then is `+ cmd` its trace."""
    return any(_XTRACE.match(line) for line in script) or bool(shell and _XTRACE.search(shell.split("{")[0]))


def errexit_shell(shell: str | None) -> bool:
    """Whether a step's shell (GitHub Actions' `shell:` line, `bash -e {0}`) starts with errexit on."""
    return bool(shell and _SHELL_ERREXIT.search(shell.split("{")[0]))


# A POSIX shell's program where a step's shell line starts (`/usr/bin/bash -e {0}`, `sh -e {0}`, a custom `bash {0}`).
_POSIX_SHELL = Regex(r"^(?:\S*/)?(?:ba|da|k|z)?sh(?=\s|$)")


# `-o pipefail` among a shell's options (`bash --noprofile --norc -eo pipefail {0}`, `-e -o pipefail`, `-euxo
# pipefail`).
_SHELL_PIPEFAIL = Regex(r"(?:^|\s)-[a-zA-Z]{0,10}o\s+pipefail(?=\s|$)")
# pipefail turned on or off by `set` where a command starts (`set -o pipefail`, `set -euo pipefail`, `set -e -o
# pipefail`, `set +o pipefail`).
_PIPEFAIL = Regex(r"(?:^|[;&|]\s*)set\s+(?:[-+]\w{1,10}\s+){0,5}(?:-\w{0,10}|(?P<off>\+\w{0,10}))o\s+pipefail\b")


class ShellOptions(NamedTuple):
    """What a POSIX shell's options make of a command that fails in a script (None: not known). errexit (4.3.1, `-e`)
    stops the script there: `a; b` fails on a, b never runs; without it the script goes on and only its last list's
    status is its own. pipefail (3.2.3 Pipelines): a pipeline's status is its last failing member's; without it, its
    last member's, whatever the members before it returned (`pytest | tee log` passes when pytest fails)."""

    errexit: bool | None = None
    pipefail: bool | None = None


# The shell a wrapper runs a script's text with (Facts.ran_command): POSIX `sh -c`, errexit and pipefail off. npm's
# script-shell (docs.npmjs.com/cli/v11/using-npm/config#script-shell: `/bin/sh` on POSIX; npm 7+ says `command sh -c`),
# pnpm's, Yarn's, Bun's system shell, Composer's (Symfony's Process::fromShellCommandline), Rake's `sh`, make's recipe
# lines. tox, nox and execa run a command with no shell, and an xtrace shows one simple command: no list to read.
SCRIPT_SHELL = ShellOptions(errexit=False, pipefail=False)


def shell_options(shell: str | None) -> ShellOptions:
    """The options a step's shell starts with: errexit (errexit_shell: GitHub's default `bash -e {0}`, `shell: sh` as
    `sh -e {0}`; off in a custom `bash {0}`) and pipefail (`shell: bash` as `bash --noprofile --norc -eo pipefail
    {0}`; off in the default `bash -e {0}`), both None when no shell is known or it is no POSIX shell (`pwsh`, `cmd`,
    `python {0}`: its lists are not bash's)."""
    if not shell or not _POSIX_SHELL.match(shell.strip()):
        return ShellOptions()
    return ShellOptions(errexit_shell(shell), bool(_SHELL_PIPEFAIL.search(shell.split("{")[0])))


def options_after(command: str, options: ShellOptions) -> ShellOptions:
    """The options after a command (`set +e`, `set -euo pipefail`, `set +o pipefail`), given those before it (a
    None stays None unless the command sets it)."""
    if "set" not in command:
        return options
    errexit = errexit_after(command, options.errexit is not False) if ERREXIT.search(command) else options.errexit
    pipefail = options.pipefail
    for m in _PIPEFAIL.finditer(command):
        pipefail = m.group("off") is None
    return ShellOptions(errexit, pipefail)


def errexit_after(command: str, on: bool) -> bool:
    """Whether errexit is on after a command (`set +e`, `set -euo pipefail`), given it was `on` before."""
    for m in ERREXIT.finditer(command) if "set" in command else ():
        on = m.group("off") is None
    return on


def ps4_of(lines: Iterable[str]) -> str:
    """The PS4 the last assignment among `lines` gives (DEFAULT_PS4 when none does)."""
    ps4 = DEFAULT_PS4
    for text in lines:
        if "PS4=" in text and (m := _PS4.search(text)):
            ps4 = m.group("single") or m.group("double") or m.group("bare") or ps4
    return ps4


@functools.cache
def prefix(ps4: str) -> re.Pattern[str] | None:
    """A trace's prefix under this PS4, as a pattern whose `depth` group is the repeated first character and whose
    `cmd` group is the command: each expansion (`$NAME`, `${...}`, `$(...)`) and prompt escape (`\\t`) matches what
    runs up to the literal character after it (a path, a line number, a time: no character of that kind in them),
    so the pattern is linear. None when PS4 opens with an expansion (its first character is not known)."""
    if not ps4 or ps4[0] in "$\\`":
        return None
    parts = [f"(?P<depth>{re.escape(ps4[0])}+)"]
    k = 1
    while k < len(ps4):
        end = _expansion_end(ps4, k)
        if end == k:
            parts.append(re.escape(ps4[k]))
            k += 1
            continue
        k = end
        following = ps4[k] if k < len(ps4) and ps4[k] not in "$\\`" else None
        if following is not None:  # a trailing expansion (`${FUNCNAME[0]:+...}`) is left to the command
            parts.append(f"[^{re.escape(following)}\\n]{{0,300}}")
    return re.compile("^" + "".join(parts) + r"(?P<cmd>\S.*)$")


def _expansion_end(ps4: str, k: int) -> int:
    """Where the expansion or prompt escape opening at `k` ends (k: none opens there)."""
    c = ps4[k]
    if c == "\\":
        return min(k + 2, len(ps4))
    if c == "`":
        close = ps4.find("`", k + 1)
        return len(ps4) if close < 0 else close + 1
    if c != "$" or k + 1 >= len(ps4):
        return k
    nxt = ps4[k + 1]
    if nxt in "{(":
        return _closing(ps4, k + 1)
    if nxt.isalpha() or nxt == "_":
        m = re.match(r"\w+", ps4[k + 1 :])
        return k + 1 + (m.end() if m else 0)
    return k + 2  # `$?`, `$$`, `$0`


def _closing(text: str, k: int) -> int:
    """The index after the bracket closing the one at `k` (the text's end when none does)."""
    opening = text[k]
    closing = "}" if opening == "{" else ")"
    depth = 0
    for i in range(k, len(text)):
        depth += (text[i] == opening) - (text[i] == closing)
        if depth == 0:
            return i + 1
    return len(text)


# The words that open a compound command or a list's next command: what follows them is a command the script names.
_SEPARATORS = Regex(r"&&|\|\||[;&|(){}!`]|\$\(|\b(?:then|do|else|elif|if|while|until|time)\b")
_ASSIGNMENT = Regex(r"^[A-Za-z_]\w*(?:\[[^\]]*\])?\+?=")


def programs(script: Iterable[str]) -> frozenset[str]:
    """The commands a script names (each list's and compound's first word, assignments before it left out, `true`
    after `||` and `exit` in `{ ...; exit 1; }` too; a quoted `;` splits nothing): what a trace of it may run. A
    `+ x` line naming none is a tool's output (npm's `+ eslint@8.0.0`, pnpm's `+ express 4.18.2`, a diff's added
    `+ return x;`)."""
    names = {_first_word(part) for line in script for part in split_unquoted(_SEPARATORS, line)}
    return frozenset(names - {""})


def _first_word(command: str) -> str:
    """The program a simple command runs: its first word after assignments (and a pipeline's `!`)."""
    return next((w for w in command.split() if w != "!" and not _ASSIGNMENT.match(w)), "")


# What ends a pipeline's command: a list's operator or a compound's brackets (`2>&1` and `|&` are no `&`).
_LIST_ENDS = Regex(r"&&|\|\||;|(?<![<>|])&(?![>&])|[(){}`]|\$\(|\b(?:then|do|else|elif|if|while|until|time)\b")
_PIPE = Regex(r"(?<!\|)\|(?!\|)&?")


def pipelines(script: Iterable[str]) -> list[tuple[str, ...]]:
    """Each pipeline of two or more commands a script runs, as its members' first words in order (`pytest 2>&1 |
    tee log`: ('pytest', 'tee')): bash traces every member before any runs, so their traces follow each other."""
    found: list[tuple[str, ...]] = []
    for line in script:
        for part, masked in unquoted_parts(_LIST_ENDS, line) if "|" in line else ():
            firsts = [_first_word(member) for member, _ in unquoted_parts(_PIPE, part, masked)]
            if len(firsts) > 1 and all(firsts):
                found.append(tuple(firsts))
    return found


def _piped(found: list[Trace], pipes: Sequence[tuple[str, ...]]) -> list[Trace]:
    """The traces with each pipeline's members, traced on lines that follow each other, as one command (`pytest |
    tee log`): the pipeline, not a member, passed or failed (errexit and pipefail read its status), and the member
    traced last is not the one that failed (`tee`)."""
    out: list[Trace] = []
    k = 0
    while k < len(found):
        run = _pipeline_run(found, k, pipes)
        if run is None:
            out.append(found[k])
            k += 1
            continue
        members = found[k : k + len(run)]
        ordered = sorted(members, key=lambda t: run.index(_first_word(t.command)))
        out.append(Trace(members[0].start, members[0].line, " | ".join(t.command for t in ordered)))
        k += len(run)
    return out


def _pipeline_run(found: list[Trace], k: int, pipes: Sequence[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The pipeline whose every member is traced from found[k] on, one line after another (None: no pipeline's)."""
    for pipe in pipes:
        window = found[k : k + len(pipe)]
        adjacent = all(b.start == a.line + 1 for a, b in pairwise(window))
        if len(window) == len(pipe) and adjacent and sorted(_first_word(t.command) for t in window) == sorted(pipe):
            return pipe
    return None


def _names_one(command: str, known: frozenset[str] | None) -> bool:
    """Whether a traced command runs one of the `known` programs or is an assignment (None: every command is)."""
    if known is None:
        return True
    first = _first_word(command)  # bash traces no `!`: only assignments come before the program
    return not first or first in known


def traces(
    view: View,
    first: int,
    end: int,
    ps4: str = DEFAULT_PS4,
    known: frozenset[str] | None = None,
    pipes: Sequence[tuple[str, ...]] = (),
) -> list[Trace]:
    """The commands traced at the script's own level between lines `first` and `end` (both left out), under `ps4`
    (a `PS4=` traced on the way is followed), those naming a program the script runs when `known` (programs) is
    given. A line of a diff is output, not a trace (DiffLines: after a diff's header line, `--- a/x`, and inside a
    hunk, the lines its `@@` header counts). The members of one of `pipes` (pipelines) traced together are one
    command."""
    found: list[Trace] = []
    pattern = prefix(ps4)
    nested: int | None = None  # the first nested trace since the last command's
    diff = DiffLines()
    for line in view.after(first, max(0, end - first - 1)):
        text = line.text
        m = pattern.match(text) if pattern is not None and text[:1] == ps4[:1] else None
        if diff.holds(text, m is not None) or m is None:
            continue
        command = m.group("cmd").strip()
        if not command or not _names_one(command, known):
            continue
        if len(m.group("depth")) > 1:
            nested = line.no if nested is None else nested
            continue
        found.append(Trace(nested if nested is not None else line.no, line.no, command))
        nested = None
        if "PS4=" in command and (changed := ps4_of([command])) != ps4:
            ps4, pattern = changed, prefix(changed)
    return _piped(found, pipes) if pipes else found


def hands_on(commands: Sequence[str]) -> bool:
    """Whether commands run after a failure (`cmd || ...`) only hand it on: messages, then `exit 1` or `false`."""
    return bool(commands) and bool(_HANDS_ON.match(commands[-1])) and all(_MESSAGE.match(c) for c in commands[:-1])


def forgives(commands: Sequence[str]) -> bool:
    """Whether commands run after a failure (`cmd || ...`) forgive it: `true`, `:`, messages (`|| echo skipped`)."""
    return bool(commands) and all(_FORGIVES.match(c) or _MESSAGE.match(c) for c in commands)


# A command that reads the status before it (`rc=$?`, `exit $rc` after it, `${PIPESTATUS[0]}`): a status errexit off
# did not stop on may still be handed on.
_STATUS_READ = Regex(r"\$\?|\$\{\?\}|PIPESTATUS")
# A compound command opening where a command starts (`if [[ $X ]]; then a && b; fi`, `for f in *; do`): its `;`s are its
# grammar, not lists' ends, and its status is its body's, so a part before one is not forgiven with errexit off.
_COMPOUND = Regex(r"(?:^|[;&|(\n])\s*(?:if|for|while|until|case|select)\s")
# A command that only stores a status in a variable (`RESULT=$?`, `status=1`, `export FAILED=yes`): its own status is 0.
_CAPTURE = Regex(r"""^(?:export\s+)?(?P<var>[A-Za-z_]\w*)=(?:"[^"]*"|'[^']*'|[^\s"';])*\s*;?\s*$""")


def captured(commands: Sequence[str]) -> frozenset[str]:
    """The variables commands run after a failure (`cmd || RESULT=$?`, `|| FAILED=1`, `|| { echo failed; rc=1; }`)
    store its status in, when they only store it (and print messages): else none."""
    found = [m for c in commands if (m := _CAPTURE.match(c))]
    if not found or len(found) + sum(1 for c in commands if _MESSAGE.match(c)) != len(commands):
        return frozenset()
    return frozenset(m["var"] for m in found)


def _hands_on_later(names: frozenset[str], later: Sequence[str]) -> bool:
    """Whether a later part reads a captured status into one of its own (`exit $RESULT`, `[ "$rc" -eq 0 ]`, `test
    ${FAILED} = 0`): any part but a message that names one of the variables."""
    read = re.compile(r"\$\{?(?:" + "|".join(map(re.escape, sorted(names))) + r")\b")
    return any(read.search(part) and not _MESSAGE.match(part) for part in later)


class ListStatus(NamedTuple):
    """A command line's parts read as bash runs them (list_status): those whose status may be the line's (each with
    the operator before it) and those whose failure the line forgave (`|| true`, or run with errexit off before
    another part)."""

    failable: list[tuple[str, str]]
    forgiven: list[str]


def list_status(command: str, errexit: bool | None = None, pipefail: bool | None = None) -> ListStatus:
    """The parts of a command line whose status may be its own, read by bash's `||` (4.3.1, `-e`; 3.2.4 Lists): in `a
    || b`, b ran because a failed, and the list's status is b's. A b that only hands the failure on (`exit 1`, `false`,
    `(echo hint; exit 1)`, `{ echo failed; exit 1; }`) leaves a; one that forgives it (`true`, `:`, an echo) leaves
    neither (the line failed elsewhere: a is forgiven); one that stores its status (`RESULT=$?`, `FAILED=1`: an
    assignment's status is 0, so the list's is) leaves a when a later part hands the stored status on (`exit $RESULT`,
    `[ $RESULT -eq 0 ]`), else a is forgiven too; another command (`npm ci || npm install`) is the part that
    failed, the parts of its list before it handled (`a && b || c`: c ran when a or b failed). Under `&&` every part
    stays; under `;` and a line end too while errexit may be on (`errexit` None: not known, as in a CI's `run:`
    block), but where it is off (`errexit` False: npm's `sh -c`; after `set +e`) only the last list's status is the
    line's and the lists before it are forgiven, unless a later part reads their status (`rc=$?`). Where pipefail is
    off (`pipefail` False: GitHub's default `bash -e {0}`; after `set +o pipefail`) a pipeline's members before its
    last are forgiven (_piped_members); None keeps the pipeline whole."""
    failable: list[tuple[str, str]] = []
    forgiven: list[str] = []
    since, options = 0, ShellOptions(errexit, pipefail)  # since: where the list the next `||` follows starts
    reads_status = _STATUS_READ.search(command) is not None or _COMPOUND.search(command) is not None
    listed = list_parts(command)
    for k, (op, part) in enumerate(listed):
        if op in (";", "\n"):
            if options.errexit is False and not reads_status:
                forgiven += [p for _, p in failable[since:]]
                del failable[since:]
            since = len(failable)
        options = options_after(part, options) if part.startswith("set") else options  # `set +e`, `set -o pipefail`
        if op != "||" or not failable:
            members = [part] if options.pipefail is not False or reads_status else _piped_members(part)
            forgiven += members[:-1]
            failable.append((op, members[-1]))
            continue
        handler = [p for _, p in list_parts(unbracketed(part))]
        stored = captured(handler)
        if hands_on(handler) or (stored and _hands_on_later(stored, [p for _, p in listed[k + 1 :]])):
            continue
        before = failable[since][0] if since < len(failable) else op
        let_go = bool(stored) or forgives(handler)  # the status stored unread, or forgiven: a is not the list's
        if let_go:
            forgiven += [p for _, p in failable[since:]]
        del failable[since:]
        if not let_go:
            failable.append((before, part))
    return ListStatus(failable, forgiven)


# Where a pipeline is not split into its members: a group, a command substitution or a backquote may hold a `|`.
_NESTED = Regex(r"[(){}`]")


def _piped_members(part: str) -> list[str]:
    """A list's part split into its pipeline's members (`pytest 2>&1 | tee log`: `pytest 2>&1`, `tee log`), as `|`
    and `|&` join them outside quotes; the part whole where a group or substitution might hold a `|`."""
    if "|" not in part or _NESTED.search(unquoted(part)):
        return [part]
    return [m.strip() for m in split_unquoted(_PIPE, part) if m.strip()] or [part]


def unbracketed(part: str) -> str:
    """A group's commands without its brackets (`(echo hint; exit 1)`, `{ echo failed; exit 1; }`)."""
    if part[:1] + part[-1:] in ("()", "{}"):
        return part[1:-1]
    return part


def failing(commands: Sequence[str]) -> int | None:
    """The index of the command that failed among a script's traced ones (its last): the last, unless it only hands
    on a failure (`exit 1`, `false`), the messages before it too: then the command before those."""
    if not commands:
        return None
    k = len(commands) - 1
    if not _HANDS_ON.match(commands[k]):
        return k
    k -= 1
    while k >= 0 and _MESSAGE.match(commands[k]):
        k -= 1
    return k if k >= 0 else len(commands) - 1


def statuses(commands: Sequence[str], errexit: bool, code: int | None) -> list[int | None]:
    """Each traced command's status, in order: 0 for one a later trace follows while errexit was on (it did not stop
    the script: it passed or its status was taken), None where the trace proves nothing (errexit off; from a command
    that ran a shell script on), and the failing one (failing) and its tail `code`."""
    on, unsure = errexit, False
    out: list[int | None] = []
    for command in commands:
        unsure = unsure or bool(SCRIPT_RUN.match(command))
        out.append(0 if on and not unsure else None)
        on = errexit_after(command, on)
    k = failing(commands)
    if k is not None:
        out[k:] = [code] * (len(commands) - k)
    return out


def first_trace(lines: Sequence[str]) -> int | None:
    """The index of the first of `lines` that is a trace under the PS4 the lines before it assign (the end of a
    script prompted with its later lines unprefixed, Buildkite's), None when none is."""
    ps4 = DEFAULT_PS4
    for k, text in enumerate(lines):
        pattern = prefix(ps4)
        if text[:1] == ps4[:1] and pattern is not None and pattern.match(text):
            return k
        if "PS4=" in text:
            ps4 = ps4_of([text])
    return None


class Traced(NamedTuple):
    """The commands a step's script traced at its own level (Trace), and whether errexit was on when the first ran."""

    traces: tuple[Trace, ...]
    errexit: bool

    @property
    def commands(self) -> list[str]:
        return [t.command for t in self.traces]

    @property
    def failed(self) -> str | None:
        """The command that failed (failing)."""
        k = failing(self.commands)
        return None if k is None else self.commands[k]

    def statuses(self, code: int | None) -> list[int | None]:
        """Each trace's status (statuses) when the script exited `code`."""
        return statuses(self.commands, self.errexit, code)


def read_traced(view: View, script: Sequence[str], first: int, end: int, errexit: bool) -> Traced | None:
    """What a step's script traced after line `first` and before line `end`, when its shell starts with `errexit`
    or not (errexit_shell): the programs it names (a `+ x` naming none is output), and the PS4 and the errexit its
    lines before the one that turns tracing on assign (they trace nothing of themselves, `set -euxo pipefail`
    neither; under a shell that traces from the start, `bash -x`, its lines show their own traces). None when
    nothing was traced."""
    on = errexit
    opening = next((k for k, line in enumerate(script) if _XTRACE.match(line)), -1)
    for line in script[: opening + 1]:
        on = errexit_after(line, on)
    found = traces(view, first, end, ps4_of(script[: opening + 1]), programs(script), pipelines(script))
    return Traced(tuple(found), on) if found else None
