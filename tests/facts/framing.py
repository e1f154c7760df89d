"""Wrap real tool output in the framing each CI adds around a job (written here, following the
runners' documented log formats: GitHub Actions timestamps/groups/annotations, GitLab sections,
Jenkins pipeline steps, Travis folds). Returns bytes, as the runners write them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

NOISE = [f"Collecting package-{i}==1.{i}.0 (from -r requirements.txt (line {i}))" for i in range(40)]


def _lines(output: str) -> list[str]:
    """A tool's output as the lines a CI shows, without the empty line after its last newline."""
    return output.rstrip("\n").split("\n")


def _log(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def _stamp(i: int) -> str:
    t = datetime(2026, 5, 1, 10, 0, 0, tzinfo=UTC) + timedelta(milliseconds=37 * i)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}0Z"


def github_actions(command: str, output: str, exit_code: int = 1, *, prefix_noise: int = 40) -> bytes:
    return _github_job(command, _lines(output), exit_code, prefix_noise)


def _github_job(command: str, entries: list[str], exit_code: int, prefix_noise: int) -> bytes:
    """The job log around a step's entries: the runner stamps each entry it writes once, so an
    entry holding newlines (an annotation's multi-line message) has its later lines unstamped."""
    lines = [
        "\ufeffCurrent runner version: '2.334.0'",
        "##[group]Runner Image Provisioner",
        "Hosted Compute Agent",
        "##[endgroup]",
        "Complete job name: test (3.12)",
        "##[group]Run actions/checkout@v4",
        "with:",
        "  fetch-depth: 1",
        "##[endgroup]",
        "Syncing repository: org/shop",
        "##[group]Run pip install -r requirements.txt",
        "\x1b[36;1mpip install -r requirements.txt\x1b[0m",
        "shell: /usr/bin/bash -e {0}",
        "##[endgroup]",
        *NOISE[:prefix_noise],
        "Successfully installed package-1",
        f"##[group]Run {command}",
        f"\x1b[36;1m{command}\x1b[0m",
        "shell: /usr/bin/bash -e {0}",
        "env:",
        "  GITHUB_TOKEN: ***",
        "##[endgroup]",
        *entries,
        f"##[error]Process completed with exit code {exit_code}.",
        "Post job cleanup.",
        "[command]/usr/bin/git version",
        "git version 2.49.0",
        "Cleaning up orphan processes",
    ]
    return ("\n".join(f"{_stamp(i)} {line}" for i, line in enumerate(lines)) + "\n").encode()


def gitlab(command: str, output: str, exit_code: int = 1) -> bytes:
    lines = [
        "\x1b[0KRunning with gitlab-runner 17.2.0 (6428c288)\x1b[0;m",
        "\x1b[0K  on shared-runner abc123, system ID: s_0123\x1b[0;m",
        "section_start:1714557600:prepare_script\r\x1b[0K\x1b[0K\x1b[36;1mPreparing environment\x1b[0;m",
        "Running on runner-abc123-project-1-concurrent-0 via gitlab-runner...",
        "section_end:1714557601:prepare_script\r\x1b[0K",
        'section_start:1714557602:step_script\r\x1b[0K\x1b[0K\x1b[36;1mExecuting "step_script" stage of the job script\x1b[0;m',
        "\x1b[32;1m$ pip install -r requirements.txt\x1b[0;m",
        *NOISE[:10],
        f"\x1b[32;1m$ {command}\x1b[0;m",
        *_lines(output),
        "section_end:1714557650:step_script\r\x1b[0K",
        "section_start:1714557650:cleanup_file_variables\r\x1b[0K\x1b[0K\x1b[36;1mCleaning up project directory and file based variables\x1b[0;m",
        "section_end:1714557651:cleanup_file_variables\r\x1b[0K",
        f"\x1b[31;1mERROR: Job failed: exit code {exit_code}\n\x1b[0;m",
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


# A Pipeline job's console log as it opens: the build's cause, then the `node` step's block on its agent.
JENKINS_OPENING = (
    "Started by user admin",
    "[Pipeline] Start of Pipeline",
    "[Pipeline] node",
    "Running on agent-1 in /var/lib/jenkins/workspace/shop",
    "[Pipeline] {",
)


def jenkins(command: str, output: str, exit_code: int = 1) -> bytes:
    lines = [
        *JENKINS_OPENING,
        "[Pipeline] stage",
        "[Pipeline] { (Test)",
        "[Pipeline] sh",
        f"+ {command}",
        *_lines(output),
        "[Pipeline] }",
        "[Pipeline] // stage",
        "[Pipeline] End of Pipeline",
        f"ERROR: script returned exit code {exit_code}",
        "Finished: FAILURE",
    ]
    return _log(lines)


def travis(command: str, output: str, exit_code: int = 1) -> bytes:
    lines = [
        "travis_fold:start:worker_info\r\x1b[0K\x1b[33;1mWorker information\x1b[0m",
        "hostname: 2c4fbb3a-1234",
        "travis_fold:end:worker_info\r\x1b[0K",
        "travis_time:start:0a1b2c3d\r\x1b[0K$ pip install -r requirements.txt",
        *NOISE[:10],
        "travis_time:end:0a1b2c3d:start=1,finish=2,duration=1\r\x1b[0K",
        f"travis_time:start:1b2c3d4e\r\x1b[0K$ {command}",
        *_lines(output),
        "travis_time:end:1b2c3d4e:start=2,finish=3,duration=1\r\x1b[0K",
        f'\x1b[31;1mThe command "{command}" exited with {exit_code}.\x1b[0m',
        "",
        "Done. Your build exited with 1.",
    ]
    return _log(lines)


def travis_commands(
    commands: list[tuple[str, str, int]], after: Sequence[tuple[str, str, str]] = (), *, say_passed: bool = False
) -> bytes:
    """A Travis job whose script runs several commands, each (command, output, exit code): Travis
    runs every script command whatever the ones before returned, and says of each that failed
    `The command "..." exited with N.` after its output (`say_passed`: of each that passed too, in
    green, as travis-build does). `after`: the steps run after the script (see travis_after)."""
    lines = [
        "travis_fold:start:worker_info\r\x1b[0K\x1b[33;1mWorker information\x1b[0m",
        "hostname: 2c4fbb3a-1234",
        "travis_fold:end:worker_info\r\x1b[0K",
    ]
    for i, (command, output, code) in enumerate(commands):
        lines += [
            f"travis_time:start:{i:08x}\r\x1b[0K$ {command}",
            *_lines(output),
            f"travis_time:end:{i:08x}:start={i},finish={i + 1},duration=1\r\x1b[0K",
        ]
        if code or say_passed:
            colour = "31" if code else "32"
            lines += [f'\x1b[{colour};1mThe command "{command}" exited with {code}.\x1b[0m', ""]
    return _log([*lines, *_after_steps(after), "Done. Your build exited with 1."])


def _after_steps(after: Sequence[tuple[str, str, str]]) -> list[str]:
    """Steps Travis runs after the script, each (stage, command, output), folded and timed."""
    lines: list[str] = []
    for i, (stage, cmd, out) in enumerate(after):
        lines += [
            f"travis_fold:start:{stage}\r\x1b[0Ktravis_time:start:{i:08x}\r\x1b[0K$ {cmd}",
            *_lines(out),
            f"travis_time:end:{i:08x}:start={i},finish={i + 1},duration=1\r\x1b[0Ktravis_fold:end:{stage}\r\x1b[0K",
        ]
    return lines


def travis_after(command: str, output: str, after: list[tuple[str, str, str]]) -> bytes:
    """A Travis job whose script command failed, then the steps Travis runs whatever the script
    did, each (stage, command, output): `after_failure`, `after_script` (travis-build folds each
    and times its command), before the job's last line."""
    lines = _lines(travis(command, output).decode())
    done = lines.pop()
    return _log([*lines, *_after_steps(after), done])


def travis_install(command: str, output: str, exit_code: int = 1, *, retry: bool = False) -> bytes:
    """A Travis job whose install phase failed, as travis-build's bash functions of 2018-2019 print it
    (travis_cmd, travis_time_finish, travis_assert; `during .`: TRAVIS_STAGE was empty there), each line
    ending `\\r\\n` as the job log API serves them. `retry`: the default install commands run under
    travis_retry (`eval CMD `): three attempts, each failed one announced on stderr, then the count."""
    attempts = _lines(output)
    if retry:
        attempts = []
        for attempt in range(1, 4):
            if attempt > 1:
                attempts += [
                    "",
                    f'\x1b[31;1mThe command "eval {command} " failed. Retrying, {attempt} of 3.\x1b[0m',
                    "",
                ]
            attempts += _lines(output)
        attempts += ["", f'\x1b[31;1mThe command "eval {command} " failed 3 times.\x1b[0m', ""]
    lines = [
        "travis_fold:start:worker_info\r\x1b[0K\x1b[33;1mWorker information\x1b[0m",
        "hostname: 2c4fbb3a-1234",
        "travis_fold:end:worker_info\r\x1b[0K",
        "travis_time:start:0a1b2c3d\r\x1b[0K$ git clone --depth=50 --branch=master https://github.com/acme/shop.git",
        "Cloning into 'acme/shop'...",
        "travis_time:end:0a1b2c3d:start=1,finish=2,duration=1\r\x1b[0K$ cd acme/shop",
        f"travis_fold:start:install\r\x1b[0Ktravis_time:start:1b2c3d4e\r\x1b[0K$ {command}",
        *attempts,
        "travis_time:end:1b2c3d4e:start=2,finish=3,duration=1\r\x1b[0K"
        f'\x1b[31;1mThe command "{command}" failed and exited with {exit_code} during .\x1b[0m',
        "",
        "Your build has been stopped.",
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


def travis_git(commands: list[tuple[str, str]], exit_code: int = 128) -> bytes:
    """A Travis job that failed while checking out the repository, as travis-build of 2018-2019 prints its
    git.checkout fold: each (command, output) in turn (the clone, `cd`, a checkout, a fetch, the submodules), the
    last one failing with `The command "..." failed and exited with N during .`, lines ending `\\r\\n`."""
    lines = [
        "travis_fold:start:worker_info\r\x1b[0K\x1b[33;1mWorker information\x1b[0m",
        "hostname: 2c4fbb3a-1234",
        "travis_fold:end:worker_info\r\x1b[0K",
        "travis_fold:start:git.checkout\r\x1b[0K",
    ]
    for i, (command, output) in enumerate(commands):
        lines += [f"travis_time:start:{i:08x}\r\x1b[0K$ {command}", *_lines(output)]
        lines.append(f"travis_time:end:{i:08x}:start={i},finish={i + 1},duration=1\r\x1b[0K")
    failed = commands[-1][0]
    lines += [
        f'\x1b[31;1mThe command "{failed}" failed and exited with {exit_code} during .\x1b[0m',
        "",
        "Your build has been stopped.",
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


def travis_deploy(install: str, dpl: str, *, script: tuple[str, str] = ("npm test", "  3 passing (12ms)")) -> bytes:
    """A Travis job whose script passed and whose deploy failed, as travis-build of 2018-2019 prints its deploy
    addon (lib/travis/build/addons/deploy/script.rb): the script command and its exit 0, the `dpl_0` fold that
    installs dpl with `install` its output, then dpl's own output `dpl` (its `--fold` markers included) under a
    timer, then travis-build's `failed to deploy` and `travis_terminate 2`, which prints nothing more."""
    command, output = script
    lines = [
        "travis_fold:start:worker_info\r\x1b[0K\x1b[33;1mWorker information\x1b[0m",
        "hostname: 2c4fbb3a-1234",
        "travis_fold:end:worker_info\r\x1b[0K",
        f"travis_time:start:0a1b2c3d\r\x1b[0K$ {command}",
        *_lines(output),
        "travis_time:end:0a1b2c3d:start=1,finish=2,duration=1\r\x1b[0K",
        f'\x1b[32;1mThe command "{command}" exited with 0.\x1b[0m',
        "travis_fold:start:dpl_0\r\x1b[0K",
        "travis_time:start:1b2c3d4e\r\x1b[0K$ rvm $(travis_internal_ruby) --fuzzy do ruby -S gem install dpl",
        *_lines(install),
        "travis_time:end:1b2c3d4e:start=2,finish=3,duration=1\r\x1b[0K",
        "travis_fold:end:dpl_0\r\x1b[0K",
        "travis_time:start:2c3d4e5f\r\x1b[0K" + _lines(dpl)[0],
        *_lines(dpl)[1:],
        "failed to deploy",
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


def _azure_stamp(lines: list[str]) -> bytes:
    return ("\n".join(f"{_stamp(i)} {line}" for i, line in enumerate(lines)) + "\n").encode()


# An Azure Pipelines job's first tasks: the agent's initialisation and the repository's checkout.
AZURE_SETUP = (
    "##[section]Starting: Initialize job",
    "Agent name: 'Azure Pipelines 2'",
    "##[section]Finishing: Initialize job",
    "##[section]Starting: Checkout shop@main to s",
    '##[command]git init "/home/vsts/work/1/s"',
    "Initialized empty Git repository in /home/vsts/work/1/s/.git/",
    "##[section]Finishing: Checkout shop@main to s",
)


def azure(command: str, output: str, exit_code: int = 1) -> bytes:
    """Azure Pipelines: a CmdLine/Bash task echoes its inline script, then runs it."""
    lines = [
        *AZURE_SETUP,
        "##[section]Starting: Run tests",
        "=" * 78,
        "Task         : Command line",
        "Description  : Run a command line script using Bash on Linux and macOS and cmd.exe on Windows",
        "Version      : 2.212.0",
        "=" * 78,
        "Generating script.",
        "Script contents:",
        *command.split("\n"),
        "========================== Starting Command Output ===========================",
        "[command]/usr/bin/bash --noprofile --norc /home/vsts/work/_temp/1b2c3d4e-aaaa-bbbb-cccc-0123456789ab.sh",
        *_lines(output),
        f"##[error]Bash exited with code '{exit_code}'.",
        "##[section]Finishing: Run tests",
        "##[section]Starting: Finalize Job",
        "##[section]Finishing: Finalize Job",
    ]
    return _azure_stamp(lines)


def circleci(command: str, output: str, exit_code: int = 1) -> bytes:
    """CircleCI: a `run` step's output opens with its shell's shebang and the command."""
    lines = [
        "#!/bin/bash -eo pipefail",
        command,
        *_lines(output),
        "",
        f"Exited with code exit status {exit_code}",
    ]
    return _log(lines)


def buildkite(command: str, output: str, exit_code: int = 1) -> bytes:
    """Buildkite: each line behind an APC timestamp (`ESC _bk;t=MS BEL`), commands echoed as `$ cmd`."""
    lines = [
        "~~~ Preparing working directory",
        "$ cd /var/lib/buildkite-agent/builds/agent-1/org/shop",
        "$ git clone -v -- https://github.com/org/shop.git .",
        "~~~ Running commands",
        f"$ {command}",
        *_lines(output),
        f"\U0001f6a8 Error: The command exited with status {exit_code}",
        "^^^ +++",
    ]
    return ("\n".join(f"\x1b_bk;t={1714557600000 + 37 * i}\x07{line}" for i, line in enumerate(lines)) + "\n").encode()


# Problem matchers the setup actions register for every later step (`##[add-matcher]`): setup-node's
# .github/tsc.json and .github/eslint-stylish.json, setup-go's matchers.json, setup-python's
# .github/python.json, actions-rust-lang/setup-rust-toolchain's rust.json (their regexes as published;
# setup-node's eslint-compact.json is left out: its regex is written between slashes, `/^...$/`, so it
# can match no line). Each: (patterns, severity, whether the last pattern loops); the severity is a
# (pattern, group) that says it, the matcher's own default, or None (an error).
Severity = tuple[int, int] | str | None
_ESC = r"(?:\x1b\[[\d;]+m)*"
MATCHERS: dict[str, tuple[tuple[str, ...], Severity, bool]] = {
    "tsc": (
        (
            r"^(?:\s+\d+\>)?([^\s].*)\((\d+)(?:,(\d+)(?:,\d+(?:,\d+)?)?)?\)\s*:\s+(error|warning|info)\s+(\w{1,2}\d+)\s*:\s*(.*)$",
        ),
        (0, 4),
        False,
    ),
    "eslint-stylish": ((r"^\s*([^\s].*)$", r"^\s+(\d+):(\d+)\s+(error|warning|info)\s+(.*)\s\s+(.*)$"), (1, 3), True),
    "go": ((r"((?:\.{0,2}\/|\.{0,2}\\)(?:.+\.go)):(?:(\d+):(\d+):)? (.*)",), None, False),
    "python": ((r"^\s*File\s\"(.*)\",\sline\s(\d+),\sin\s(.*)$", r"^\s*raise\s(.*)\(\'(.*)\'\)$"), None, False),
    "rustfmt": ((r"^(Diff in (.+))(?: at line |:)(\d+):$",), "warning", False),
    "clippy": (
        (
            rf"^{_ESC}(warning|warn|error){_ESC}(\[(.*)\])?{_ESC}:{_ESC} ([^\x1b]*){_ESC}$",
            rf"^{_ESC}\s*{_ESC}\s*--> {_ESC}(.*):(\d*):(\d*){_ESC}$",
        ),
        (0, 1),
        False,
    ),
}
# A job that used setup-node, setup-python, setup-go and setup-rust-toolchain: every matcher they add.
SETUP_MATCHERS = tuple(MATCHERS)
_COLOR = re.compile(r"\x1b\[[0-9;]*m?")  # what the runner strips before matching (OutputManager)
_COMMAND = re.compile(r"^\s*::([\w-]+)(?: [^:]*)?::(.*)$")  # leading spaces trimmed (ActionCommand.TryParseV2)
_TAGS = {"error": "##[error]", "warning": "##[warning]", "notice": "##[notice]"}


class _Matcher:
    """The runner's IssueMatcher: patterns tried last first; an earlier pattern's match is held
    for the next line; the last one's match is an issue (a looping last pattern keeps the held one)."""

    def __init__(self, patterns: tuple[str, ...], severity: Severity, loop: bool) -> None:
        self.patterns = [re.compile(p) for p in patterns]
        self.severity, self.loop = severity, loop
        self.held: list[re.Match[str] | None] = [None] * len(patterns)

    def match(self, line: str) -> str | None:
        """The issue's severity when this line completes one (`error` unless said), else None."""
        last = len(self.patterns) - 1
        for i in range(last, -1, -1):
            if i > 0 and self.held[i - 1] is None:
                continue
            m = self.patterns[i].search(line)
            if i == last and m:
                matches = [*self.held[:last], m]
                running = self.held[i - 1] if i > 0 else None
                self.held = [None] * len(self.patterns)
                if self.loop and i > 0:
                    self.held[i - 1] = running
                return self._severity(matches)
            if i < last:
                self.held[i] = m
        return None

    def _severity(self, matches: list[re.Match[str] | None]) -> str:
        if isinstance(self.severity, str):
            return self.severity
        if self.severity is None:
            return "error"
        which = matches[self.severity[0]]
        return (which.group(self.severity[1]) if which else None) or "error"


def _unescape(data: str) -> str:
    return data.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def runner_entries(output: str, matchers: tuple[str, ...] = ()) -> list[str]:
    """What GitHub's runner writes to the job log for a step's output (actions/runner's
    OutputManager and ActionCommandManager): workflow commands are consumed (`::error ...::MSG`
    becomes `##[error]MSG`, its escapes undone, its location kept for the annotation only;
    `::group::T` becomes `##[group]T`; `::debug::` is hidden), and a line a registered problem
    matcher completes is written `##[error]LINE` / `##[warning]LINE` with its colours stripped."""
    active = [_Matcher(*MATCHERS[name]) for name in matchers]
    entries: list[str] = []
    for line in _lines(output):
        command = _COMMAND.match(line)
        if command:
            name, data = command.groups()
            if name in _TAGS:
                entries.append(_TAGS[name] + _unescape(data))
            elif name in ("group", "endgroup"):
                entries.append(f"##[{name}]{data if name == 'group' else ''}")
            continue
        stripped = _COLOR.sub("", line)
        severity = next((s for m in active if (s := m.match(stripped))), None)
        if severity in ("error", "warning"):
            entries.append(_TAGS[severity] + stripped)
        else:
            entries.append(line)
    return entries


def github_runner(command: str, output: str, matchers: tuple[str, ...] = (), exit_code: int = 1) -> bytes:
    """A GitHub Actions job log of a step whose tool printed `output`, as the runner writes it."""
    return _github_job(command, runner_entries(output, matchers), exit_code, 40)


def github_setup_job(entries: Sequence[str]) -> bytes:
    """A GitHub Actions job that failed in its `Set up job`, before any step ran: the runner's preamble (its
    version, the machine, the token's permissions, as actions/runner's JobExtension logs them) and `entries`,
    the runner's own lines that followed (`Getting action download info`, its retries, its `##[error]`)."""
    lines = [
        "\ufeffCurrent runner version: '2.334.0'",
        "##[group]Operating System",
        "Ubuntu",
        "24.04.3",
        "LTS",
        "##[endgroup]",
        "##[group]GITHUB_TOKEN Permissions",
        "Contents: read",
        "Metadata: read",
        "##[endgroup]",
        "Secret source: Actions",
        "Prepare workflow directory",
        "Prepare all required actions",
        *entries,
    ]
    return ("\n".join(f"{_stamp(i)} {line}" for i, line in enumerate(lines)) + "\n").encode()


def github_steps(
    steps: Sequence[tuple[str, str, int]], matchers: tuple[str, ...] = (), *, shell: str = "/usr/bin/bash -e {0}"
) -> bytes:
    """A GitHub Actions job that ran several `run:` steps, each (command, output, exit code), its output as the
    runner writes it (runner_entries): the runner ends a step that exited non-zero with `##[error]Process
    completed with exit code N.` and goes on to the next step only after a passing one, a `continue-on-error`
    one or for an `if: always()` step; then the post steps (`Post job cleanup.`) and the job's last."""
    lines = [
        "\ufeffCurrent runner version: '2.334.0'",
        "Complete job name: test (3.12)",
        "##[group]Run actions/checkout@v4",
        "with:",
        "  fetch-depth: 1",
        "##[endgroup]",
        "Syncing repository: org/shop",
    ]
    lines += _run_steps(steps, shell, matchers)
    lines += [
        "Post job cleanup.",
        "[command]/usr/bin/git version",
        "git version 2.49.0",
        "Cleaning up orphan processes",
    ]
    return ("\n".join(f"{_stamp(i)} {line}" for i, line in enumerate(lines)) + "\n").encode()


def _run_steps(steps: Sequence[tuple[str, str, int]], shell: str, matchers: tuple[str, ...]) -> list[str]:
    lines: list[str] = []
    for command, output, code in steps:
        script = command.split("\n")  # the runner echoes each line of a multi-line script
        lines += [
            f"##[group]Run {script[0]}",
            *(f"\x1b[36;1m{line}\x1b[0m" for line in script),
            f"shell: {shell}",
            "##[endgroup]",
            *runner_entries(output, matchers),
        ]
        if code:
            lines.append(f"##[error]Process completed with exit code {code}.")
    return lines


def github_action(
    action: str,
    inputs: Sequence[tuple[str, str]],
    output: str,
    after: Sequence[tuple[str, str, int]] = (),
    before: Sequence[tuple[str, str, int]] = (),
) -> bytes:
    """A GitHub Actions job whose failing step runs an action (`uses:`): the runner's `Run` group names it and lists
    its `with:` inputs, each `  key: value`, a multi-line value's later lines indented alike (as `actions/github-script`'s
    `script:` shows); the action's output as the runner writes it (runner_entries: its `core.setFailed` message a
    `##[error]` line), and no `Process completed` line: an action fails by its own message. `after`: `run:` steps
    (command, output, exit code) the job ran after it (the action continued on error), as github_steps writes them;
    `before`: those it ran first (one that exited non-zero: the action ran for `if: always()`)."""
    given = [f"  {key}: {value}".replace("\n", "\n  ") for key, value in inputs]
    lines = [
        "\ufeffCurrent runner version: '2.334.0'",
        "Complete job name: all-green",
        *_run_steps(before, "/usr/bin/bash -e {0}", ()),
        f"##[group]Run {action}",
        "with:",
        *"\n".join(given).split("\n"),
        "##[endgroup]",
        *runner_entries(output),
        *_run_steps(after, "/usr/bin/bash -e {0}", ()),
        "Post job cleanup.",
        "Cleaning up orphan processes",
    ]
    return ("\n".join(f"{_stamp(i)} {line}" for i, line in enumerate(lines)) + "\n").encode()


def github_script(script: str, output: str, shell: str = "/usr/bin/bash -e {0}", exit_code: int = 1) -> bytes:
    """A GitHub Actions job whose failing `run:` step is a multi-line script (github_steps): the runner's `Run` group
    opens with the script's first line and echoes each of its lines in bold cyan, then the step's `shell:`
    (docs.github.com, "Workflow syntax", jobs.<job_id>.steps[*].shell: the default `bash -e {0}`, `shell: bash` as
    `bash --noprofile --norc -e -o pipefail {0}`, a custom shell as written)."""
    return github_steps([(script, output, exit_code)], shell=shell)


def gitlab_commands(
    commands: Sequence[tuple[str, str]], after: Sequence[tuple[str, str]] = (), exit_code: int = 1
) -> bytes:
    """A GitLab job whose script ran `commands`, each (command, output), the last one failing with `exit_code`
    (the runner's shell stops at the first command that fails), then its after_script's (command, output), as
    gitlab-runner 17 writes them: sections, each command echoed in bold green, lines ending `\\r\\n`."""
    lines = [
        "\x1b[0KRunning with gitlab-runner 17.2.0 (6428c288)\x1b[0;m",
        "section_start:1714557600:prepare_script\r\x1b[0K\x1b[0K\x1b[36;1mPreparing environment\x1b[0;m",
        "Running on runner-abc123-project-1-concurrent-0 via gitlab-runner...",
        "section_end:1714557601:prepare_script\r\x1b[0K",
        'section_start:1714557602:step_script\r\x1b[0K\x1b[0K\x1b[36;1mExecuting "step_script" stage of the job script\x1b[0;m',
    ]
    for command, output in commands:
        lines += [f"\x1b[32;1m$ {command}\x1b[0;m", *_lines(output)]
    lines.append("section_end:1714557650:step_script\r\x1b[0K")
    if after:
        lines.append("section_start:1714557650:after_script\r\x1b[0K\x1b[0K\x1b[36;1mRunning after_script\x1b[0;m")
        lines.append("\x1b[32;1mRunning after script...\x1b[0;m")
        for command, output in after:
            lines += [f"\x1b[32;1m$ {command}\x1b[0;m", *_lines(output)]
        lines.append("section_end:1714557655:after_script\r\x1b[0K")
    lines += [
        "section_start:1714557656:cleanup_file_variables\r\x1b[0K\x1b[0K\x1b[36;1mCleaning up project directory and file based variables\x1b[0;m",
        "section_end:1714557657:cleanup_file_variables\r\x1b[0K",
        f"\x1b[31;1mERROR: Job failed: exit code {exit_code}\n\x1b[0;m",
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


def travis_setup(setup: Sequence[tuple[str, str, str]], command: str, output: str, exit_code: int = 1) -> bytes:
    """A Travis job whose set-up steps, each (fold, command, output) with fold `before_install`, `install.2`...,
    passed and whose script command then exited `exit_code`, as travis-build of 2019 prints them: each set-up
    command folded and timed, a fold's end and the next fold's start on one line, no word of a set-up command that
    exited 0 (it stops the job at one that did not), lines ending `\\r\\n`."""
    lines = [
        "travis_fold:start:worker_info\r\x1b[0K\x1b[33;1mWorker information\x1b[0m",
        "hostname: 2c4fbb3a-1234",
        "travis_fold:end:worker_info\r\x1b[0K",
    ]
    pending = ""  # the last fold's end, written at the start of the next line
    for i, (fold, cmd, out) in enumerate(setup):
        lines += [f"{pending}travis_fold:start:{fold}\r\x1b[0Ktravis_time:start:{i:08x}\r\x1b[0K$ {cmd}", *_lines(out)]
        pending = f"travis_time:end:{i:08x}:start={i},finish={i + 1},duration=1\r\x1b[0Ktravis_fold:end:{fold}\r\x1b[0K"
    lines += [
        f"{pending}travis_time:start:0000ffff\r\x1b[0K$ {command}",
        *_lines(output),
        "travis_time:end:0000ffff:start=8,finish=9,duration=1\r\x1b[0K"
        f'\x1b[31;1mThe command "{command}" exited with {exit_code}.\x1b[0m',
        "",
        "Done. Your build exited with 1.",
    ]
    return ("\r\n".join(lines) + "\r\n").encode()
