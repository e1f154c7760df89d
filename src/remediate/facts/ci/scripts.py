"""A step's script as every CI shows it: its logical commands, the command a passthrough exit stood for, and the
command block (Block, with what the script traced when its shell traced it: facts/xtrace.py) bounded in size."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import takewhile
from typing import NamedTuple

from remediate.facts.lazyregex import Regex
from remediate.facts.xtrace import Traced, failing, options_after, shell_options


class Block(NamedTuple):
    text: str | None = None
    failed: str | None = None
    shell: str | None = None
    traced: Traced | None = None  # what the script traced, when its shell traced it (facts/xtrace.py)


# The shell each CI runs a step's script with where its log does not show it, as each documents it: its errexit and
# pipefail decide which part of `a; b` and `a | b` failed and which were forgiven (xtrace.shell_options). A log that
# shows the shell is read instead: GitHub Actions' `shell:` line (github.gha_block; the default differs by the runner's
# OS, so none is assumed), CircleCI's shebang (circleci.circleci_block; its default is `/bin/bash -eo pipefail`),
# Azure's `[command]` line running the script (azure.azure_block: bash without errexit on Linux, cmd.exe on Windows),
# a Jenkins freestyle step's `$ /bin/sh -xe` (jenkins.step_shell). Cloud Build, CodeBuild and TeamCity show no
# command block's shell, and document none for it: none is assumed.
CI_SHELLS = {
    # travis-build's travis_cmd evals each `script:` line in the build script's one bash, errexit off; a `set` an
    # earlier line ran stays set (echoed_shell)
    "travis": "bash",
    # gitlab-runner's shells/bash.go (BashWriter.Finish) starts the job's script `if set -o | grep pipefail >
    # /dev/null; then set -o pipefail; fi; set -o errexit`, in bash where the image has it
    "gitlab": "bash -eo pipefail",
    # jenkinsci/durable-task-plugin's BourneShellScript runs a `sh` step's script without a shebang as `sh -xe`
    "jenkins": "sh -xe",
    # buildkite/agent's clicommand/agent_start.go: the agent's default `shell`, `/bin/bash -e -c` (no pipefail)
    "buildkite": "/bin/bash -e -c",
}


def echoed_shell(shell: str, echoed: Sequence[str]) -> str:
    """The shell a CI that echoes each command it runs (`$ cmd`) ran the failing one with: `shell`, with the options
    the commands echoed before it in that shell set (`$ set -e` on Travis, whose later lines then stop at a failure;
    `$ set +e` in a GitLab job's script), written as its program and those options."""
    before = options = shell_options(shell)
    for command in echoed:
        options = options_after(command, options)
    if options == before:
        return shell
    flags = [*(["-e"] if options.errexit else []), *(["-o pipefail"] if options.pipefail else [])]
    return " ".join([shell.split()[0], *flags])


MAX_BLOCK_LINES = 300
MAX_BLOCK_CHARS = 16_000  # a longer script is not a usable check: only its first line is kept


_SET_LINE = Regex(r"^\s*(?:set\s+[-+]\w+(?:\s+\w+)*|#.*)?\s*$")


# A command that exits with the code of the one before it, whatever it is: `exit /b` (cmd.exe's errorlevel),
# `exit /b %ERRORLEVEL%`, `if errorlevel 1 exit /b 1`, `if %ERRORLEVEL% neq 0 exit /b %ERRORLEVEL%`, `exit $?`.
_EXIT_PASSTHROUGH = Regex(
    r"^(?:if\s+(?:errorlevel\s+\d+|%errorlevel%\s+(?:neq|gtr|geq)\s+0|not\s+%errorlevel%\s*==\s*0)\s+exit(?:\s+/b)?"
    r"(?:\s+\S+)?|exit(?:\s+/b)?(?:\s+(?:%errorlevel%|\$\?))?)\s*$",
    re.IGNORECASE,
)


def failed_title(titles: list[str], *, traced: bool = False) -> str | None:
    """The command that failed among a step's echoed commands: the last, unless it only passed on the code of the
    one before it (_EXIT_PASSTHROUGH), which is then the one that failed; among the commands a shell `traced`
    (`+ cmd`: bash expanded `exit $?` to `exit 1`), the one an `exit 1` after it handed its failure on
    (xtrace.failing)."""
    if len(titles) > 1 and _EXIT_PASSTHROUGH.match(titles[-1]):
        return titles[-2]
    k = failing(titles) if traced else len(titles) - 1 if titles else None
    return titles[k] if k is not None else None


# A shell compound command opening or closing where a command starts (line start, after `;`,
# `&&`, `||`, `|`, `(`): `for f in *; do` opens, `done` closes, `echo done` does neither.
_COMPOUND = Regex(r"(?:^|[;&|(])\s*(if|for|while|until|case|fi|done|esac)\b")
_CLOSING = ("fi", "done", "esac")


def continued(lines: list[str]) -> list[str]:
    """The command opening `lines` and the lines it carries on to: after a trailing backslash, or inside an
    `if`/`for`/`while`/`case` not yet closed. Lines after a complete command are taken for output (a multi-line
    script of complete commands is not told apart from its output: its first command stands for it), and a command
    never closed within `lines` is its first line alone (not a command block after all)."""
    depth = 0
    for k, text in enumerate(lines):
        for m in _COMPOUND.finditer(text):
            depth += -1 if m.group(1) in _CLOSING else 1
        if depth <= 0 and not text.rstrip().endswith("\\"):
            return lines[: k + 1]
    return lines[:1]


def one_command_shell(shell: str | None, script: list[str], commands: list[str]) -> str | None:
    """The shell a script of one command (and its `set` lines) ran that command in: `shell` with what the `set` lines
    before it set (`set -o pipefail`; echoed_shell). A script of several commands is read whole, its `set` lines in
    their places (xtrace.list_status): `shell` as shown."""
    if shell is None or len(commands) != 1:
        return shell
    return echoed_shell(shell, list(takewhile(_SET_LINE.match, script)))


def logical_commands(script: list[str]) -> list[str]:
    """Script lines joined at trailing backslashes, without blank lines, comments and `set` options."""
    out: list[str] = []
    pending = ""
    for line in script:
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1].rstrip() + " "
            continue
        joined = (pending + line.strip()).strip()
        pending = ""
        if not _SET_LINE.match(joined):
            out.append(" ".join(joined.split()))
    if pending.strip():
        out.append(" ".join(pending.split()))
    return out


def bounded(lines: list[str], failed: str | None, shell: str | None, traced: Traced | None = None) -> Block:
    text = "\n".join(lines).strip("\n")
    if not text:
        return Block(failed=failed, shell=shell, traced=traced)
    if len(lines) > MAX_BLOCK_LINES or len(text) > MAX_BLOCK_CHARS:
        text = lines[0]
    return Block(text, failed, shell, traced)
