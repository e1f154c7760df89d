"""Jobs of several steps on the CIs beyond Travis, GitHub Actions and GitLab's coloured log, around real tool
output (tests/facts/data): Jenkins pipelines, Azure Pipelines, Buildkite, CircleCI, and GitLab's log as the job
page shows it (colours and section markers gone). None of these CIs runs here: each shape follows the CI's
public documentation and its runner's source, named in each function (tests/facts/data/README.md, "CI framings").
Each step is (command, output, exit code); a step with a non-zero code is the one that failed the job."""

from __future__ import annotations

import re
from collections.abc import Sequence

from remediate.models import Facts
from tests.facts.framing import AZURE_SETUP, JENKINS_OPENING, _azure_stamp, _lines, _log

Step = tuple[str, str, int]

# the passing step before a sample's own in the "reads as stored" tests of each CI's framing
INSTALL: Step = ("pip install -r requirements.txt", "Successfully installed requests-2.32.3", 0)


def as_read(facts: Facts) -> tuple[object, ...]:
    """What a sample framed in a CI's job must read the same as stored: the category, the records, the failing
    tests and the summaries (the CI's own lines add none of them)."""
    return (
        facts.category,
        [(e.tool, e.file, e.line, e.code, e.message) for e in facts.errors],
        [t.id for t in facts.failing_tests],
        [(s.category, s.failed, s.text) for s in facts.summaries],
    )


def jenkins_pipeline(
    stages: Sequence[tuple[str, Sequence[Step]]],
    post: Sequence[tuple[str, str]] = (),
    *,
    windows: bool = False,
    silent: bool = False,
) -> bytes:
    """A declarative Jenkins pipeline's console log (jenkins.io/doc/book/pipeline/syntax: stages, `post { always
    { sh ... } }`): each stage's `sh` steps, each command traced `+ cmd` (the step's `sh -xe`), the stages after a
    failing one `skipped due to earlier failure(s)`, the post block's commands in `Declarative: Post Actions`, the
    failing script's `ERROR: script returned exit code N` and `Finished: FAILURE` after `End of Pipeline`.
    `windows`: on a Windows agent, `bat` steps (jenkins.io/doc/pipeline/steps/workflow-durable-task-step/#bat), whose
    cmd.exe echoes each command after a blank line behind its working directory (bat_echo). `silent`: each step's
    script echoes no command (a `bat` script opening `@echo off`, learn.microsoft.com/windows-server/administration/
    windows-commands/echo; an `sh` script whose `#!/bin/bash` line sets no `-x`, which the step then runs instead of
    `sh -xe`: jenkins.io/doc/pipeline/steps/workflow-durable-task-step/#sh), only its output shows."""
    lines = [*_JENKINS_HEAD]
    failed: int | None = None
    for name, steps in stages:
        lines += ["[Pipeline] stage", f"[Pipeline] {{ ({name})"]
        if failed is not None:
            lines.append(f'Stage "{name}" skipped due to earlier failure(s)')
        body, failed = ([], failed) if failed is not None else _sh_steps(steps, windows=windows, silent=silent)
        lines += [*body, "[Pipeline] }", "[Pipeline] // stage"]
    if post:
        lines += ["[Pipeline] stage", "[Pipeline] { (Declarative: Post Actions)"]
        lines += _sh_steps([(command, output, 0) for command, output in post], windows=windows)[0]
        lines += ["[Pipeline] }", "[Pipeline] // stage"]
    return _jenkins_end(lines, failed)


_JENKINS_HEAD = (
    *JENKINS_OPENING,
    "[Pipeline] stage",
    "[Pipeline] { (Declarative: Checkout SCM)",
    "[Pipeline] checkout",
    "The recommended git tool is: NONE",
    " > git rev-parse --resolve-git-dir /var/lib/jenkins/workspace/shop/.git # timeout=10",
    "[Pipeline] }",
    "[Pipeline] // stage",
    "[Pipeline] withEnv",
    "[Pipeline] {",
)


def _sh_steps(
    steps: Sequence[Step], *, windows: bool = False, silent: bool = False, running: bool = False
) -> tuple[list[str], int | None]:
    """A stage's `sh` steps, each its command traced `+ cmd` and its output, to the first that fails, and its code
    (`windows`: `bat` steps, each command echoed by cmd.exe; `silent`: no command echoed; `running`: each step opening
    with the workspace's `[shop] Running shell script`, as durable-task printed it then)."""
    lines: list[str] = []
    for command, output, code in steps:
        running_line = ["[shop] Running shell script"] if running else []
        opening = (
            ["[Pipeline] bat", *bat_echo(command)] if windows else ["[Pipeline] sh", *running_line, f"+ {command}"]
        )
        opening = opening[:1] if silent else opening
        lines += [*opening, *_lines(output)]
        if code:
            return lines, code
    return lines, None


def bat_echo(command: str) -> list[str]:
    """cmd.exe's echo of a command it runs with echo on: a blank line, then the prompt (the working directory and
    `>`) and the command with the space cmd.exe leaves after it."""
    return ["", f"C:\\Jenkins\\workspace\\shop>{command} "]


def _jenkins_end(lines: list[str], failed: int | None) -> bytes:
    """The pipeline's closing lines after its stages, and the failing script's report and the build's result."""
    lines += [
        "[Pipeline] }",
        "[Pipeline] // withEnv",
        "[Pipeline] }",
        "[Pipeline] // node",
        "[Pipeline] End of Pipeline",
    ]
    if failed is not None:
        lines.append(f"ERROR: script returned exit code {failed}")
    lines.append("Finished: FAILURE" if failed is not None else "Finished: SUCCESS")
    return _log(lines)


def jenkins_parallel(
    stages: Sequence[tuple[str, Sequence[Step]]],
    branches: Sequence[tuple[str, Sequence[Step]]],
    then: Sequence[tuple[str, Sequence[Step]]] = (),
    *,
    prefixed: bool = False,
) -> bytes:
    """A declarative pipeline whose `stages` run, then a stage of `parallel` stages (jenkins.io/doc/book/pipeline/
    syntax/#parallel): the Pipeline opens each branch (`[Pipeline] { (Branch: NAME)`) and its stage, then the
    branches' lines interleave as they run, none naming its branch (a build's console as Pipeline: Job writes it
    since branch prefixes were dropped), here one line of each in turn; a branch that failed closes with `Failed in
    branch NAME`, and the parallel step fails once all have ended; else the stages `then` run. `prefixed`: as Pipeline:
    Job wrote it before 2.26 (jenkinsci/workflow-job-plugin, WorkflowRun.copyLogs: each line a branch printed behind
    `[NAME] `, LogLinePrefixOutputFilter; each of its step lines `[Pipeline] [NAME] sh`, logNodeMessage; the parallel
    step's own lines, `Failed in branch NAME` (workflow-cps ParallelStep) included, bare), each `sh` step opening
    with durable-task's `[shop] Running shell script` as the plugins of that time printed it."""
    lines = [
        *_JENKINS_HEAD,
        *_passing_stages(stages),
        "[Pipeline] stage",
        "[Pipeline] { (Checks)",
        "[Pipeline] parallel",
    ]
    failed: int | None = None
    lines += [_branch_line(f"[Pipeline] {{ (Branch: {name})", name, prefixed) for name, _ in branches]
    lines += [
        _branch_line(line, name, prefixed)
        for name, _ in branches
        for line in ("[Pipeline] stage", f"[Pipeline] {{ ({name})")
    ]
    bodies: list[list[str]] = []
    for name, steps in branches:
        body, code = _sh_steps(steps, running=prefixed)
        failed = failed if code is None else failed or code
        body = [*body, "[Pipeline] }", "[Pipeline] // stage", "[Pipeline] }"]
        bodies.append([_branch_line(line, name, prefixed) for line in body])
        bodies[-1] += [f"Failed in branch {name}"] if code else []
    lines += [body[k] for k in range(max(map(len, bodies))) for body in bodies if k < len(body)]
    lines += ["[Pipeline] // parallel", "[Pipeline] }", "[Pipeline] // stage"]
    for name, steps in [] if failed else then:
        body, failed = _sh_steps(steps)
        lines += ["[Pipeline] stage", f"[Pipeline] {{ ({name})", *body, "[Pipeline] }", "[Pipeline] // stage"]
    return _jenkins_end(lines, failed)


def _branch_line(line: str, name: str, prefixed: bool) -> str:
    """A line of a parallel branch as the Pipeline writes it (jenkins_parallel's `prefixed`)."""
    if not prefixed:
        return line
    return (
        f"[Pipeline] [{name}] {line.removeprefix('[Pipeline] ')}"
        if line.startswith("[Pipeline] ")
        else f"[{name}] {line}"
    )


def _passing_stages(stages: Sequence[tuple[str, Sequence[Step]]]) -> list[str]:
    return [
        line
        for name, steps in stages
        for line in (
            "[Pipeline] stage",
            f"[Pipeline] {{ ({name})",
            *_sh_steps(steps)[0],
            "[Pipeline] }",
            "[Pipeline] // stage",
        )
    ]


def jenkins_freestyle(
    build_steps: Sequence[Sequence[Step]], *, windows: bool = False, shebangs: Sequence[str | None] = ()
) -> bytes:
    """A Jenkins freestyle job's console log (jenkins.io/doc/book/using/ "Execute shell" build steps; Jenkins' Shell
    builder runs each step's script as `/bin/sh -xe /tmp/jenkinsN.sh` and prints that line behind the workspace's
    name): each command traced `+ cmd`, and after the failing step `Build step 'Execute shell' marked build as
    failure` and `Finished: FAILURE`, no exit code. `windows`: "Execute Windows batch command" steps (the
    BatchFile builder's `cmd /c call C:\\WINDOWS\\TEMP\\jenkinsN.bat`), each command echoed by cmd.exe (bat_echo)
    and run whatever the one before returned: the step fails when its last command does. `shebangs`: each shell step's
    script's shebang words (`/bin/bash -e`, `/usr/bin/env bash`), which the builder runs it with instead: a shell
    without `-x` traces no command."""
    workspace = "C:\\Jenkins\\workspace\\shop" if windows else "/var/lib/jenkins/workspace/shop"
    lines = ["Started by user admin", "Running as SYSTEM", f"Building in workspace {workspace}"]
    failed = False
    for k, steps in enumerate(build_steps):
        script = f"cmd /c call C:\\WINDOWS\\TEMP\\jenkins{1234 + 1111 * k}.bat" if windows else ""
        shell = (shebangs[k] if k < len(shebangs) else None) or "/bin/sh -xe"
        lines.append(f"[shop] $ {script or f'{shell} /tmp/jenkins{1234 + 1111 * k}.sh'}")
        traced = re.search(r"(?:^| )-\w*x", shell) is not None
        for command, output, code in steps:
            echo = bat_echo(command) if windows else [f"+ {command}"] if traced else []
            lines += [*echo, *_lines(output)]
            failed = bool(code)
            if failed and not windows:
                break
        if failed:
            kind = "Execute Windows batch command" if windows else "Execute shell"
            lines.append(f"Build step '{kind}' marked build as failure")
            break
    lines.append("Finished: FAILURE" if failed else "Finished: SUCCESS")
    return _log(lines)


def azure_job(tasks: Sequence[tuple[str, Step]], after: Sequence[tuple[str, str, str]] = ()) -> bytes:
    """An Azure Pipelines job log (learn.microsoft.com/azure/devops/pipelines/tasks/reference/cmd-line-v2 and
    bash-v3; the agent's `##[section]Starting:`/`Finishing:` per task): each (display name, step) a CmdLine
    task echoing its inline script, a failing one ending `##[error]Bash exited with code 'N'.`; the tasks after the
    failing one are skipped unless `condition: failed()` (`after`: (display name, command, output)); then the
    checkout's post-job task and Finalize Job."""
    lines = [*AZURE_SETUP]
    for name, (command, output, code) in tasks:
        lines += _azure_task(name, command, output, code)
        if code:
            break
    for name, command, output in after:
        lines += _azure_task(name, command, output, 0)
    lines += [
        "##[section]Starting: Post-job: Checkout shop@main to s",
        "Cleaning any cached credential from repository: shop (GitHub)",
        "##[section]Finishing: Post-job: Checkout shop@main to s",
        "##[section]Starting: Finalize Job",
        "Cleaning up task key",
        "Start cleaning up orphan processes.",
        "##[section]Finishing: Finalize Job",
    ]
    return _azure_stamp(lines)


def _azure_task(name: str, command: str, output: str, code: int) -> list[str]:
    rule = "=" * 78
    return [
        f"##[section]Starting: {name}",
        rule,
        "Task         : Command line",
        "Description  : Run a command line script using Bash on Linux and macOS and cmd.exe on Windows",
        "Version      : 2.212.0",
        "Author       : Microsoft Corporation",
        "Help         : https://docs.microsoft.com/azure/devops/pipelines/tasks/utility/command-line",
        rule,
        "Generating script.",
        "Script contents:",
        *command.split("\n"),
        "========================== Starting Command Output ===========================",
        "[command]/usr/bin/bash --noprofile --norc /home/vsts/work/_temp/1b2c3d4e-aaaa-bbbb-cccc-0123456789ab.sh",
        *_lines(output),
        *([f"##[error]Bash exited with code '{code}'."] if code else []),
        f"##[section]Finishing: {name}",
    ]


_BK_PROMPT = "\x1b[90m$\x1b[0m"  # buildkite/agent's promptf: the `$` in grey


def buildkite_job(commands: Sequence[Step], post: Sequence[tuple[str, str]] = (), *, grey: bool = True) -> bytes:
    """A Buildkite job log as the agent writes it (buildkite/agent's job executor; buildkite.com/docs/pipelines/
    configure/managing-log-output): every line behind its APC timestamp (`ESC _bk;t=MS BEL`), the agent's
    sections `~~~ Preparing working directory` and `~~~ Running commands`, each command prompted `$ cmd` with the
    `$` in grey, `🚨 Error: The command exited with status N` and `^^^ +++` after the failing one, then a plugin's
    post-command hook (`post`: (command, output), run whatever the command returned). `grey=False`: the log as
    the job page's "Download" text shows it, colours stripped."""
    prompt = _BK_PROMPT if grey else "$"
    lines = _bk_setup(prompt)
    for command, output, code in commands:
        lines += [f"{prompt} {command}", *_lines(output)]
        if code:
            lines += [f"\U0001f6a8 Error: The command exited with status {code}", "^^^ +++"]
            break
    return _bk_log(lines, post, prompt)


def _bk_setup(prompt: str) -> list[str]:
    return [
        "~~~ Preparing working directory",
        f"{prompt} cd /var/lib/buildkite-agent/builds/agent-1/org/shop",
        f"{prompt} git clone -v -- https://github.com/org/shop.git .",
        "Cloning into '.'...",
        "~~~ Running commands",
    ]


def _bk_log(lines: list[str], post: Sequence[tuple[str, str]], prompt: str) -> bytes:
    """The job's lines, a plugin's post-command hook's after them, each line behind the agent's timestamp."""
    if post:
        lines.append("~~~ Running plugin junit-annotate post-command hook")
        for command, output in post:
            lines += [f"{prompt} {command}", *_lines(output)]
    return ("\n".join(f"\x1b_bk;t={1714557600000 + 37 * i}\x07{line}" for i, line in enumerate(lines)) + "\n").encode()


def buildkite_command(
    command: str,
    outputs: Sequence[tuple[str, int]],
    post: Sequence[tuple[str, str]] = (),
    *,
    grey: bool = True,
    trapped: bool = True,
) -> bytes:
    """A Buildkite job whose step's `command` has several lines (a `commands:` list, joined by newlines), as the agent
    runs it (buildkite/agent internal/job/command.go, defaultCommandPhase): the whole command one `bash -e -c` script,
    prompted once (shell/logger.go Promptf) as `$ trap 'kill -- $$' INT TERM QUIT; ` and its first line, its other
    lines unprefixed, then what its commands printed (`outputs`: each (output, code)) to the first that failed, the
    agent's `🚨 Error: The command exited with status N`. `grey=False`: colours stripped. `trapped=False`: an agent
    that prompts the command bare (buildkite/agent's executor.go defaultCommandPhase today: `Promptf("%s", cmdToExec)`,
    no trap before it)."""
    prompt = _BK_PROMPT if grey else "$"
    trap = "trap 'kill -- $$' INT TERM QUIT; " if trapped else ""
    lines = [*_bk_setup(prompt), f"{prompt} {trap}{command}"]
    for output, code in outputs:
        lines += _lines(output) if output else []
        if code:
            lines += [f"\U0001f6a8 Error: The command exited with status {code}", "^^^ +++"]
            break
    return _bk_log(lines, post, prompt)


def circleci_job(steps: Sequence[Step], on_fail: Sequence[tuple[str, str]] = ()) -> bytes:
    """A CircleCI job's `run` steps' output as downloaded one after another (circleci.com/docs/configuration-
    reference#run: each step's default shell `/bin/bash -eo pipefail`, whose shebang and command open the step's
    output; a failing step ends `Exited with code exit status N`), the steps after a failing one only when they run
    `when: on_fail` (`on_fail`: (command, output))."""
    lines: list[str] = []
    for command, output, code in steps:
        lines += ["#!/bin/bash -eo pipefail", command, *_lines(output)]
        if code:
            lines += ["", f"Exited with code exit status {code}"]
            break
    for command, output in on_fail:
        lines += ["#!/bin/bash -eo pipefail", command, *_lines(output)]
    return _log(lines)


def gitlab_page(
    commands: Sequence[tuple[str, str]], after: Sequence[tuple[str, str]] = (), exit_code: int = 1
) -> bytes:
    """A GitLab job log as its job page shows it and a user copies it (docs.gitlab.com/ci/jobs/job_logs: the
    sections' headers stay, their markers and the colours go): the script's commands echoed `$ cmd`, the last one
    failing, after_script's, `Cleaning up project directory and file based variables`, `ERROR: Job failed: exit
    code N`."""
    lines = [
        "Running with gitlab-runner 17.2.0 (6428c288)",
        "  on shared-runner abc123, system ID: s_0123",
        'Preparing the "docker" executor',
        "Using Docker executor with image python:3.12 ...",
        "Getting source from Git repository",
        "Fetching changes with git depth set to 20...",
        "Checking out 1a2b3c4d as detached HEAD (ref is main)...",
        'Executing "step_script" stage of the job script',
        "Using docker image sha256:0123 for python:3.12 with digest python@sha256:4567 ...",
    ]
    for command, output in commands:
        lines += [f"$ {command}", *_lines(output)]
    if after:
        lines += ["Running after_script", "Running after script..."]
        for command, output in after:
            lines += [f"$ {command}", *_lines(output)]
    lines += [
        "Cleaning up project directory and file based variables",
        f"ERROR: Job failed: exit code {exit_code}",
    ]
    return _log(lines)


def cloudbuild_job(steps: Sequence[tuple[str, str, Step]]) -> bytes:
    """A Google Cloud Build log as `gcloud builds log` prints it (cloud.google.com/build/docs/build-config,
    view-build-results; the lines GoogleCloudPlatform/ai-on-gke#212 and kubernetes/kops#8505 quote): each (id, builder
    image, step) opening `Starting Step #N - "id"`, every line it printed behind `Step #N - "id": `, closing `Finished
    Step #N - "id"`; after a failing step (its command and code: a step's arguments never show) `ERROR` and `ERROR:
    build step N "IMAGE" failed: step exited with non-zero status: CODE`, the steps after it not run; a build that
    passed ends `PUSH` and `DONE`."""
    lines = [
        'starting build "0d8a2c5e-4b7f-4f1e-9a5b-3c2d1e0f9a8b"',
        "",
        "FETCHSOURCE",
        "Fetching storage object: gs://shop_cloudbuild/source/1714557600.123-abc.tgz#1714557600456789",
        "Operation completed over 1 objects/21.7 KiB.",
        "BUILD",
    ]
    for no, (step_id, image, (_command, output, code)) in enumerate(steps):
        prefix = f'Step #{no} - "{step_id}"'
        lines += [f"Starting {prefix}", f"{prefix}: Already have image (with digest): {image}"]
        lines += [f"{prefix}: {line}" for line in _lines(output)]
        lines.append(f"Finished {prefix}")
        if code:
            lines += ["ERROR", f'ERROR: build step {no} "{image}" failed: step exited with non-zero status: {code}']
            return _log(lines)
    return _log([*lines, "PUSH", "DONE"])


def _codebuild_stamp(i: int) -> str:
    return f"[Container] 2024/05/01 10:00:{i % 60:02d}.{123456 + 37 * i:06d}"


def codebuild_job(phases: Sequence[tuple[str, Sequence[Step]]]) -> bytes:
    """An AWS CodeBuild build log (docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html, phases of
    `commands`; the lines aws-samples/aws-modern-application-workshop#290 quotes): the agent's lines behind `[Container]
    DATE TIME`, each phase `Entering phase NAME`, each command `Running command CMD` and its output unprefixed; a
    failing command's `Command did not exit successfully CMD exit status N`, its phase ending `State: FAILED` and its
    `Phase context status code: COMMAND_EXECUTION_ERROR`; the phase's later commands not run, the later phases run (as
    post_build does after build)."""
    agent: list[str] = [
        "Waiting for agent ping",
        "Waiting for DOWNLOAD_SOURCE",
        "Phase is DOWNLOAD_SOURCE",
        "CODEBUILD_SRC_DIR=/codebuild/output/src123/src",
        "YAML location is /codebuild/output/src123/src/buildspec.yml",
        "Processing environment variables",
        "Moving to directory /codebuild/output/src123/src",
        "Phase complete: DOWNLOAD_SOURCE State: SUCCEEDED",
        "Phase context status code:  Message: ",
    ]
    lines = [f"{_codebuild_stamp(i)} {line}" for i, line in enumerate(agent)]
    for phase, steps in phases:
        state, context = "SUCCEEDED", " Message: "
        lines.append(f"{_codebuild_stamp(len(lines))} Entering phase {phase}")
        for command, output, code in steps:
            lines += [f"{_codebuild_stamp(len(lines))} Running command {command}", *_lines(output), ""]
            if code:
                report = f"Command did not exit successfully {command} exit status {code}"
                lines.append(f"{_codebuild_stamp(len(lines))} {report}")
                state = "FAILED"
                context = f"COMMAND_EXECUTION_ERROR Message: Error while executing command: {command}. Reason: exit status {code}"
                break
        lines.append(f"{_codebuild_stamp(len(lines))} Phase complete: {phase} State: {state}")
        lines.append(f"{_codebuild_stamp(len(lines))} Phase context status code: {context}")
    return _log(lines)


def teamcity_job(steps: Sequence[tuple[str, Step]], *, copied: bool = False) -> bytes:
    """A TeamCity build log as "Download full build log" writes it (jetbrains.com/help/teamcity/build-log.html; the
    lines jonnyzzz/TeamCity.Virtual#22, jonnyzzz/TeamCity.Node#60 and JetBrains/teamcity-unity-plugin#44 quote): each
    line behind its time and status (`[10:00:03] : `, `i: ` verbose, `W: ` warning, `E: ` error), a block's lines
    indented by a tab and behind its name (`[Step 2/2] `); each (name, step) a Command Line step, `Step 2/2: check
    (Command Line)` at the top level, its script's `Starting:` and `in directory:`, its output, and for a failing one
    its process's `Process exited with code N`, the build problem `Process exited with code N (Step: check (Command
    Line))` and `Step check (Command Line) failed`; the steps after it do not run. `copied`: the build log's tree
    as copied from the page, no status after the time (`[10:00:03][Step 2/2] ...`)."""
    head = [
        ("i", "TeamCity server version is 2024.03.3 (build 156364)"),
        (" ", "The build is removed from the queue to be prepared for the start"),
        (" ", "Collecting changes in 1 VCS root"),
        (" ", 'Starting the build on the agent "agent-1"'),
        (" ", "Updating sources: auto checkout (on agent)"),
    ]
    lines = [_teamcity_line(i, level, text, None, copied) for i, (level, text) in enumerate(head)]
    for k, (name, (_command, output, code)) in enumerate(steps, 1):
        block, title = f"Step {k}/{len(steps)}", f"{name} (Command Line)"
        lines.append(_teamcity_line(len(lines), " ", f"{block}: {title}", None, copied))
        body = [
            (" ", f"Starting: /opt/buildAgent/temp/agentTmp/custom_script{4711 + k}"),
            (" ", "in directory: /opt/buildAgent/work/8f2a6c1d3e4b5a69"),
            *[(" ", line) for line in _lines(output)],
        ]
        if code:
            body += [
                ("W", f"Process exited with code {code}"),
                ("E", f"Process exited with code {code} (Step: {title})"),
                ("E", f"Step {title} failed"),
            ]
        lines += [_teamcity_line(len(lines), level, text, block, copied) for level, text in body]
        if code:
            break
    return _log(lines)


def _teamcity_line(i: int, level: str, text: str, block: str | None, copied: bool) -> str:
    stamp = f"[10:00:{i % 60:02d}]"
    if copied:
        return f"{stamp}[{block}] {text}" if block else f"{stamp}{text}"
    return f"{stamp}{level}:\t [{block}] {text}" if block else f"{stamp}{level}: {text}"


def drone_exec(steps: Sequence[tuple[str, Sequence[Step]]]) -> bytes:
    """A pipeline as `drone exec` prints it (harness/drone-cli#51, after cncd/pipeline's rpc/line.go; `woodpecker-cli
    exec` alike): each line a step wrote behind `[NAME:LN:Ss] ` (its number in the step, the seconds since the step
    began), each command traced `+ cmd` (the step's shell runs its `commands:` under `set -x`), the steps after a
    failing one not run, then the CLI's `DATE TIME drone_step_K : exit code N`."""
    lines: list[str] = []
    for k, (name, commands) in enumerate(steps):
        body: list[str] = []
        for command, output, code in commands:
            body += [f"+ {command}", *_lines(output)]
            if code:
                break
        lines += [f"[{name}:L{n}:{n // 20}s] {line}" for n, line in enumerate(body)]
        if code:
            lines.append(f"2026/05/01 10:00:{k:02d} drone_step_{k} : exit code {code}")
            break
    return _log(lines)


def plain_shell(commands: Sequence[Step]) -> bytes:
    """A step's log as Bitbucket Pipelines' and Drone's and Woodpecker's servers show it: each script command on a line
    of its own (Bitbucket's page lists them under `Build setup`, bitbucket.org/site/master/issues/13518; its raw log
    and Drone's trace them `+ cmd`, harness/drone-cli#39), then its output, to the first that failed; nothing else
    of the CI's."""
    lines: list[str] = []
    for command, output, code in commands:
        lines += [f"+ {command}", *_lines(output)]
        if code:
            break
    return _log(lines)
