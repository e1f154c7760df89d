"""Jenkins (Pipeline and freestyle jobs): shell steps and their `+ cmd` traces or cmd.exe echoes, silent steps,
stages, post blocks, parallel steps and their branches, and the shell steps' commands' statuses."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from remediate.facts.ci.model import Structure
from remediate.facts.ci.scripts import CI_SHELLS, MAX_BLOCK_LINES, bounded, failed_title
from remediate.facts.ci.statuses import ci_steps, echo_codes, indices_of
from remediate.facts.lazyregex import Regex
from remediate.facts.view import View, branch_label
from remediate.facts.xtrace import statuses
from remediate.facts.xtrace_unscripted import UnscriptedTraces
from remediate.models import CiStep


def jenkins_steps(view: View) -> list[tuple[int, str]]:
    """Jenkins shell steps trace each command as `+ cmd` (sh runs with -x; see UnscriptedTraces for a `+ ` line that is
    a diff's, and a nested trace). A `bat` step's commands are cmd.exe's echoes (bat_echo). A shell step that shows no
    command (a `bat` script under `@echo off`, an `sh` script whose shebang sets no `-x`) starts on its own Pipeline
    line, titled by its kind (_silent_title), so that its output is no other step's."""
    steps: list[tuple[int, str]] = []
    batch = prev_blank = False
    traces = UnscriptedTraces()
    opened: tuple[int, str] | None = None  # a shell step's line, until it shows a command
    parallel = 0  # inside a parallel step, whose branches' lines interleave: a step's next line may be another's
    for line in view.lines:
        text = line.text
        if text.startswith("[") and (text.startswith("[Pipeline] ") or _jenkins_shell(text)):
            if opened is not None:
                steps.append(opened)
            parallel += (text == _JENKINS_PARALLEL[0]) - (text == _JENKINS_PARALLEL[1] and parallel > 0)
            batch = text == "[Pipeline] bat" or bool(_FREESTYLE_BATCH_LINE.match(text))
            shell = not parallel and _JENKINS_SHELL_STEP.match(text)
            opened = (line.no, _silent_title(text)) if shell else None
        if batch and prev_blank and (echoed := bat_echo(text)):
            steps.append((line.no, echoed))
            opened = None
        prev_blank = not text.strip()
        if (command := traces.command(text)) is not None:
            steps.append((line.no, command))
            opened = None
    return steps if opened is None else [*steps, opened]


# cmd.exe, running a `bat` step's script with echo on, prints each command after a blank line behind its prompt,
# the working directory: `C:\Jenkins\workspace\shop>pip install -e . ` (learn.microsoft.com/windows-server/
# administration/windows-commands/echo; public Jenkins consoles show `[Pipeline] bat`, a blank line, the echo).
_BAT_PROMPT = Regex(r"^[A-Za-z]:\\[^<>|\"\r\n]{0,400}?>(?=\S)(.+)$")


def bat_echo(text: str) -> str | None:
    """The command cmd.exe echoed on this line (None: no prompt opens it)."""
    m = _BAT_PROMPT.match(text) if text[1:3] == ":\\" else None
    return m.group(1).strip() if m else None


_JENKINS_STAGE = Regex(r"^\[Pipeline\] \{ \((?:Branch: )?(.{1,200})\)$")


def jenkins_stage(view: View, no: int) -> str | None:
    """The name of the Pipeline stage (or parallel branch) whose block the step on line `no` opened in: the last
    `[Pipeline] { (NAME)` within MAX_BLOCK_LINES before it."""
    for k in range(no - 1, max(0, no - MAX_BLOCK_LINES), -1):
        text = view.text(k)
        if text.startswith("[Pipeline] { (") and (m := _JENKINS_STAGE.match(text)):
            return m.group(1)
    return None


def in_parallel(st: Structure, view: View) -> None:
    """A failure whose step lies in a Jenkins parallel step: the failing step is the branch the Pipeline names
    (`Failed in branch NAME`). Where the log names no branch on its lines, they interleave anonymously and the last
    trace before the failure may be another branch's: the failing step's output is then the parallel step's from
    its opening, and no command is known for the one that failed. Where it does (view.tasks: `[NAME]`, _unbranched),
    the output starts at the branch's first line (the excerpt follows the branch's own lines, view.tasks) and the
    command block is the branch's last shell step's commands (_branch_block)."""
    assert st.region is not None
    start, end = st.region
    span = _span_of(st.parallel, start)
    if span is None:
        return
    failed = [name for no, name in st.failed_branches if span[0] < no <= span[1]]
    st.failing_step = failed[0] if failed else None
    st.failing_command = st.failed_line = None
    label = branch_label(failed[0]) if failed else None
    first = next((no for no, task in sorted(view.tasks.items()) if task == label and no > span[0]), span[0])
    st.region = (first, end)
    st.regions = [(first, e) if s == start else (s, e) for s, e in st.regions]
    if label is not None and first != span[0]:
        titles = _branch_block(st, view, label, end)
        block = bounded(titles, failed_title(titles, traced=True), None)
        st.failing_command, st.failed_line = block.text, block.failed


def _branch_block(st: Structure, view: View, label: str, end: int) -> list[str]:
    """The commands a branch's last shell step before line `end` traced (`+ cmd` on the lines `label` marks)."""
    ours = [no for no, task in view.tasks.items() if task == label and no < end]
    shells = [no for no in ours if _JENKINS_SHELL_STEP.match(view.text(no))]
    after = max(shells, default=0)
    return [title for no, title in st.steps if after < no < end and view.tasks.get(no) == label and not silent(title)]


def _span_of(spans: list[tuple[int, int]], no: int) -> tuple[int, int] | None:
    """The span (first, last line) among sorted, disjoint ones that holds line `no`."""
    k = bisect_right([first for first, _ in spans], no) - 1
    return spans[k] if k >= 0 and no <= spans[k][1] else None


# A Jenkins freestyle job's shell build step, as its line opens: `[WORKSPACE] $ /bin/sh -xe /tmp/jenkinsN.sh`. Jenkins'
# Shell builder (hudson.tasks.Shell.buildCommandLine) runs the configured shell with `-xe`, or, for a script whose
# first line is a shebang, that line's words (`#!/bin/bash -e`, `#!/usr/bin/env bash`), then the script it wrote
# (CommandInterpreter: a temp file `jenkinsN.sh`, `hudsonN.sh` before Jenkins; in `/tmp` or `WORKSPACE@tmp`).
FREESTYLE_SHELL = (
    r"\[[^\]]{1,200}\] \$ (?:/bin/(?:ba)?sh -\w*x\w*(?= |$)|"
    r"\S{1,200}(?: [^\s/]\S{0,100}){0,6} \S{0,300}/(?:jenkins|hudson)\d+\.sh$)"
)
# ... and its Windows batch build step: `[WORKSPACE] $ cmd /c call C:\Windows\TEMP\jenkinsN.bat`.
FREESTYLE_BATCH = r"\[[^\]]{1,200}\] \$ cmd(?:\.exe)? /c call "
_FREESTYLE_BATCH_LINE = Regex(rf"^{FREESTYLE_BATCH}")

# The Pipeline's shell steps (jenkins.io/doc/pipeline/steps/workflow-durable-task-step: sh, bat, powershell, pwsh) and a
# freestyle job's shell or batch build step, as their line opens them.
_JENKINS_SHELL_STEP = Regex(rf"^(?:\[Pipeline\] (?P<kind>sh|bat|powershell|pwsh)$|{FREESTYLE_SHELL}|{FREESTYLE_BATCH})")
# Its shell and options before the script's path: Jenkins' Shell builder (hudson.tasks.Shell.buildCommandLine) runs
# `/bin/sh -xe SCRIPT`, or a script's shebang line's words before SCRIPT (`#!/bin/bash -xe -o pipefail`), env's
# program among them (`#!/usr/bin/env bash`: bash, with no option).
_FREESTYLE_SHELL_PROGRAM = Regex(
    r"^\[[^\]]{1,200}\] \$ (?:(?:\S*/)?env )?(?P<shell>/bin/(?:ba)?sh(?: [-+]\w{1,10}| pipefail){1,6}(?= \S)|"
    r"\S{1,200}(?: [^\s/]\S{0,100}){0,6}(?= \S{0,300}/(?:jenkins|hudson)\d+\.sh$))"
)


def step_shell(text: str) -> str | None:
    """The shell a shell step's line (`text`) says runs its script: a Pipeline `sh` step's (CI_SHELLS), the one a
    freestyle shell step names (`$ /bin/sh -xe /tmp/jenkinsN.sh`), cmd.exe for a batch step, PowerShell's; None for
    a line that opens no shell step, or a freestyle shell step's whose shell it does not read."""
    m = _JENKINS_SHELL_STEP.match(text)
    kind = m.group("kind") if m else None
    if kind == "sh":
        return CI_SHELLS["jenkins"]
    if kind is not None:
        return "cmd" if kind == "bat" else kind
    if own := _FREESTYLE_SHELL_PROGRAM.match(text):
        return own.group("shell")
    return "cmd" if _FREESTYLE_BATCH_LINE.match(text) else None  # a shell's line unread: its shell is not known


_SILENT = "(no command shown)"  # a silent shell step's title ends so: no command of the user's reads so


def _silent_title(text: str) -> str:
    """The title of a shell step that shows no command: its kind (`bat`, `sh`, a freestyle job's `shell` or `batch`
    build step) and that no command is shown."""
    m = _JENKINS_SHELL_STEP.match(text)
    kind = m.group("kind") if m and m.group("kind") else "batch" if _FREESTYLE_BATCH_LINE.match(text) else "shell"
    return f"{kind} {_SILENT}"


def silent(title: str) -> bool:
    """Whether a step's title is a shell step's that showed no command (_silent_title)."""
    return title.endswith(_SILENT)


# Jenkins' Pipeline prints each step it runs as `[Pipeline] NAME` and each block's braces as `[Pipeline] {` and
# `[Pipeline] }`; a declarative pipeline's `post { }` runs in a block named `Declarative: Post Actions`, a stage's
# own post conditions under a `Post stage` line inside the stage's braces (jenkins.io/doc/book/pipeline/syntax/#post).
_JENKINS_POST = ("[Pipeline] { (Declarative: Post Actions)", "Post stage")
_JENKINS_SHELL = Regex(rf"^(?:{FREESTYLE_SHELL}|{FREESTYLE_BATCH})")


def jenkins_post(view: View, steps: list[tuple[int, str]]) -> set[int]:
    """The start lines of the steps a post block ran (whatever the stages returned): from its opening line to the
    brace that closes the block it lies in."""
    after: set[int] = set()
    depth = 0
    post_depth: int | None = None  # the depth the open post block lies at
    commands = {no for no, _ in steps}
    for line in view.lines:
        text = line.text
        if text == "[Pipeline] {" or text.startswith("[Pipeline] { ("):
            depth += 1
        elif text == "[Pipeline] }":
            depth -= 1
            post_depth = None if post_depth is not None and depth < post_depth else post_depth
        if post_depth is None and text in _JENKINS_POST:
            post_depth = depth
        elif post_depth is not None and line.no in commands:
            after.add(line.no)
    return after


def jenkins_statuses(st: Structure, view: View) -> list[CiStep]:
    """Jenkins' shell steps' commands whose status the log shows. A `sh` step runs its script with `sh -xe`: each
    command traced as `+ cmd` and the script stopped at the first that fails, failing the step, and a failed step
    stops the pipeline (what runs then is a post block's). So a command the next trace of its step follows passed,
    the commands of a step another step's follow passed unless a `script returned exit code N` lies between (a
    step in `catchError` or `warnError`, which prints it and goes on), and the last command of the last step
    before the post blocks exited the code the job reports (`ERROR: script returned exit code N` at the log's
    end). A `+ cmd` of a post block ran whatever the stages returned. Within a step, a trace after `set +e` or
    after a command that ran a script (whose own `set -x` traces alike, without our `-e`) shows no earlier command
    passed, and the command an `exit 1` after it handed its failure on (`cmd || exit 1`) failed with it
    (facts/xtrace.py), nor does any trace in a step whose shell went on after a tool said a command failed
    (_went_on)."""
    starts = sorted(st.steps)
    blocks = _jenkins_blocks(st, view, starts)
    failed = [(f.line, f.exit_code) for f in st.failures if f.job_level and f.exit_code is not None]
    tool_failed = [f.line for f in st.failures if not f.job_level]  # in line order
    branch_failed = [no for no, _ in st.failed_branches]
    codes: dict[int, int] = {}
    for k, (block, kind) in enumerate(blocks):
        until = starts[blocks[k + 1][0][0]][0] if k + 1 < len(blocks) else view.total_lines + 1
        inside = [code for no, code in failed if starts[block[-1]][0] < no < until]
        code = inside[0] if inside else (0 if k + 1 < len(blocks) else None)
        if kind == "branch":
            later = any(
                kind_ == "branch" and _branch(view, starts, b) == _branch(view, starts, block)
                for b, kind_ in blocks[k + 1 :]
            )
            codes.update(_branch_codes(st, view, starts, block, later, failed, tool_failed))
            continue
        if kind == "parallel":
            if code == 0 and not any(starts[block[0]][0] < no < until for no in branch_failed):
                codes.update(dict.fromkeys(block, 0))  # every branch passed: the pipeline went on
            continue
        # a batch script goes on after a failing command: its code is its last command's; so does a shell that
        # traced more after a command's output said it failed
        if kind == "batch" or _went_on(starts, block, tool_failed):
            codes.update(echo_codes(block, block, code, set(block[1:])))
            continue
        codes.update(_sh_xe_codes(starts, block, code))
    steps = ci_steps(view, starts, codes, indices_of(starts, st.after_steps))
    # a branch's step whose lines name it interleaves with the other branches': its lines are no one range
    return [s.model_copy(update={"lines": None}) if s.lines and s.lines.start in view.tasks else s for s in steps]


def branch_steps(view: View, steps: list[int]) -> dict[int, int]:
    """Each line a Jenkins parallel branch printed, where the log names the branch on it (view.tasks, _unbranched):
    the index among `steps` (the lines the log's steps start on, in order) of that branch's own step started last
    at or before it. Its branches' lines interleave: the step started last before a line may be another branch's."""
    if not view.tasks:
        return {}
    index = {no: i for i, no in enumerate(steps)}
    last: dict[str, int] = {}
    out: dict[int, int] = {}
    for no in sorted(view.tasks):
        label = view.tasks[no]
        if no in index:
            last[label] = index[no]
        if label in last:
            out[no] = last[label]
    return out


def _branch(view: View, starts: list[tuple[int, str]], block: list[int]) -> str:
    """The parallel branch whose shell step ran `block` (its lines' `[NAME]`, view.tasks)."""
    return view.tasks.get(starts[block[0]][0], "")


def _branch_codes(
    st: Structure,
    view: View,
    starts: list[tuple[int, str]],
    block: list[int],
    later: bool,
    failed: list[tuple[int, int]],
    tool_failed: list[int],
) -> dict[int, int]:
    """The codes of one shell step of a parallel branch whose lines name it (_jenkins_blocks' "branch"). The branch
    stops at its first failing step (`sh -xe`, as outside a parallel step): a step its branch's next step follows
    passed, and so did every step of a branch that never failed (`Failed in branch NAME`) once the parallel step
    closed. The last step of the one branch that failed exited the code the job reports; with several failed, which
    code is whose the log does not say."""
    label = _branch(view, starts, block)
    span = _span_of(st.parallel, starts[block[0]][0])
    if span is None:
        return {}
    names = [branch_label(name) for no, name in st.failed_branches if span[0] < no <= span[1]]
    closed = view.text(span[1]) == _JENKINS_PARALLEL[1]
    if later or (label not in names and closed):
        code: int | None = 0
    elif label in names and len(names) == 1:
        code = next((c for no, c in failed if no > span[0]), None)
    else:
        code = None
    ours = [no for no in tool_failed if view.tasks.get(no) == label]
    if _went_on(starts, block, ours):  # the shell went on after a failure: only its last command's code is known
        return {block[-1]: code} if code is not None else {}
    # as outside a parallel step; the branch's commands interleave with others': each keeps its own index
    return _sh_xe_codes(starts, block, code)


def _sh_xe_codes(starts: list[tuple[int, str]], block: list[int], code: int | None) -> dict[int, int]:
    """The codes a `sh -xe` step's traced commands (the steps at `block`) show when the step exited `code`
    (facts/xtrace.py: a command a later trace follows passed, the failing one has `code`), by step index."""
    traced = statuses([starts[i][1] for i in block], True, code)
    return {i: status for i, status in zip(block, traced, strict=True) if status is not None}


def _went_on(starts: list[tuple[int, str]], block: list[int], failed: list[int]) -> bool:
    """Whether a step's shell traced another command after a tool said one failed (`failed`: the lines of the tools'
    failure reports, _TOOL_FAILURES: `make: *** [x] Error 2`, `error Command failed with exit code 1.`): a shell
    running with `-e` stops there, so one without it traced these commands (a child script run `bash -x` or by its
    own `#!/bin/bash -x`, whatever its name, or a step's script without `-e`), and no trace of the step shows the
    command before it passed."""
    first, last = starts[block[0]][0], starts[block[-1]][0]
    k = bisect_right(failed, first)
    return k < len(failed) and failed[k] < last


# The Pipeline's parallel step: its branches' lines interleave in the log, with no branch's name on them
# (`[Pipeline] { (Branch: NAME)` opens each), and a branch that failed says so once it closed.
_JENKINS_PARALLEL = ("[Pipeline] parallel", "[Pipeline] // parallel")


def jenkins_parallel(view: View) -> list[tuple[int, int]]:
    """The outermost parallel steps' spans: from `[Pipeline] parallel` to its `[Pipeline] // parallel` (the log's last
    line when it never closed)."""
    spans: list[tuple[int, int]] = []
    depth = opened = 0
    for line in view.lines:
        if line.text == _JENKINS_PARALLEL[0]:
            opened = line.no if depth == 0 else opened
            depth += 1
        elif line.text == _JENKINS_PARALLEL[1] and depth:
            depth -= 1
            if depth == 0:
                spans.append((opened, line.no))
    if depth and view.lines:
        spans.append((opened, view.lines[-1].no))
    return spans


def _jenkins_blocks(st: Structure, view: View, starts: list[tuple[int, str]]) -> list[tuple[list[int], str]]:
    """The stages' shell steps, each the indices of the commands it ran (a post block's left out) and its kind:
    "sh", "batch" (a `bat` step's, or a freestyle job's batch build step), "parallel" or "branch". Commands between
    two of the Pipeline's step lines (or a freestyle job's build step line) are one step's. In a parallel step, a
    command on a line that names its branch (view.tasks, _unbranched) is its branch's step's, the commands between
    two of that branch's step lines ("branch"); all those of a parallel step whose lines name no branch are one
    block ("parallel"), since which branch ran a command is not shown."""
    boundaries = [
        (line.no, "batch" if text == "[Pipeline] bat" or _FREESTYLE_BATCH_LINE.match(text) else "sh")
        for line in view.lines
        if (text := line.text).startswith("[Pipeline] ") or _jenkins_shell(text)
    ]
    lines = [no for no, _ in boundaries]
    tasks = view.tasks
    by_branch: dict[str, list[int]] = {}  # each branch's own step lines
    for no in lines:
        if no in tasks:
            by_branch.setdefault(tasks[no], []).append(no)
    # (boundary index, parallel, kind, the branch's own boundary line): a parallel step's last
    blocks: dict[tuple[int, bool, str, int], list[int]] = {}
    for i, (no, _) in enumerate(starts):
        if no in st.after_steps:
            continue
        k = bisect_right(lines, no)  # a silent step starts on its boundary's line: it is that boundary's
        span = _span_of(st.parallel, no)
        if span and no in tasks:
            own = by_branch.get(tasks[no], [])
            key = (bisect_left(lines, span[0]), True, "branch", own[bisect_right(own, no) - 1] if own else 0)
        elif span:
            key = (bisect_left(lines, span[0]), True, "parallel", 0)
        else:
            key = (k, False, boundaries[k - 1][1] if k else "sh", 0)
        blocks.setdefault(key, []).append(i)
    return [(blocks[key], key[2]) for key in sorted(blocks)]


def _jenkins_shell(text: str) -> bool:
    return text.startswith("[") and bool(_JENKINS_SHELL.match(text))
