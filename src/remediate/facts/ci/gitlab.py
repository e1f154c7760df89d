"""GitLab CI: the stage (section) each line is in, with section markers or without, and the script commands'
statuses from the runner's green echoes."""

from __future__ import annotations

import functools
import re

from remediate.facts.ci.model import Structure
from remediate.facts.ci.statuses import ci_steps, indices_of, phase_codes, runners_echoes
from remediate.facts.lazyregex import Regex
from remediate.facts.view import View
from remediate.models import CiStep


@functools.cache
def gitlab_section() -> re.Pattern[bytes]:
    """GitLab's section markers in the raw line (`section_start:1714557602:step_script[collapsed=true]\\r...`),
    compiled on first use."""
    return re.compile(rb"section_(start|end):\d{1,20}:([A-Za-z0-9_.-]{1,100})")


# Runners without section markers (before 12.x), and a log copied from the job page (markers and colour gone),
# name their stages in plain lines.
GITLAB_STAGE = Regex(
    r'^(?:Executing "(?P<script>step_script|build_script)" stage|(?P<after>Running after[_ ]script)'
    r"|(?P<passing>Uploading artifacts for successful job)"
    r"|(?P<other>Uploading artifacts|Saving cache|Cleaning up|ERROR: Job failed|Job succeeded))"
)


def _unmarked_stage(named: re.Match[str]) -> str | None:
    """The stage a plain stage line opens (as its section marker names it), None for one that runs no script."""
    if named.group("script"):
        return "step_script"
    if named.group("after"):
        return "after_script"
    return "upload_artifacts_on_success" if named.group("passing") else None


_GITLAB_ECHO = b"\x1b[32;1m$ "  # the runner echoes each script command in bold green
_GITLAB_SCRIPT = ("step_script", "build_script")


def gitlab_statuses(st: Structure, view: View) -> list[CiStep]:
    """GitLab's script commands whose status the log shows. The runner echoes each command it runs in green
    (`$ cmd`) and runs before_script and script together (the "step_script" stage) in a shell that stops at the
    first command that fails: a command the runner's next echo in that stage follows passed; the stage's last one
    exited with the job's code (`ERROR: Job failed: exit code N`), unless the job went on to upload its
    artifacts as a passing job does (`upload_artifacts_on_success`: something after the script failed).
    after_script's commands run whatever the script returned. An echo without the runner's colour (Yarn's own
    `$ eslint`) shares the status of the runner's echo before it; in a log without the colour the script's
    commands show none (runners_echoes)."""
    starts = sorted(st.steps)
    stages = st.stages
    script = [i for i, (no, _) in enumerate(starts) if stages.get(no) in _GITLAB_SCRIPT]
    echoes = runners_echoes(view, starts, script, _GITLAB_ECHO)
    code = (st.exit_code or 0) if _gitlab_script_failed(st, stages) else None
    codes, unshown = phase_codes(starts, script, echoes, code, st.tool_echoes)
    return ci_steps(view, starts, codes, indices_of(starts, st.after_steps), unshown)


def _gitlab_script_failed(st: Structure, stages: dict[int, str]) -> bool:
    """Whether the job failed with an exit code (its script's last command's) and uploaded no passing job's
    artifacts."""
    failed = st.primary is not None and st.primary.job_level and bool(st.exit_code)
    return failed and "upload_artifacts_on_success" not in stages.values()


def gitlab_stages(view: View) -> dict[int, str]:
    """The stage each line is in, by line, from the section markers when the log has them (a command's output
    naming a stage in plain words changes nothing then), else from the lines old runners print."""
    marked = any(b"section_start:" in line.raw for line in view.lines)
    stages: dict[int, str] = {}
    stage: str | None = None
    for line in view.lines:
        if marked and b"section_" in line.raw:
            for section in gitlab_section().finditer(line.raw):
                stage = section.group(2).decode() if section.group(1) == b"start" else None
        elif not marked and (named := GITLAB_STAGE.match(line.text)):
            stage = _unmarked_stage(named)
        if stage is not None:
            stages[line.no] = stage
    return stages
