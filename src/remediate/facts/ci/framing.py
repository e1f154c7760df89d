"""The CI runners' own lines in a job's log: how they open, close and time a step, and how they report its end
(runner_line). No tool printed them, so no reader takes one as a finding's message, or a place's."""

from __future__ import annotations

from remediate.facts.ci.cloudbuild import CLOUDBUILD_RUNNER
from remediate.facts.ci.codebuild import CODEBUILD_RUNNER
from remediate.facts.ci.failures import JOB_FAILURES, match_any
from remediate.facts.ci.gitlab import GITLAB_STAGE
from remediate.facts.ci.teamcity import TEAMCITY_RUNNER
from remediate.facts.lazyregex import Regex
from remediate.facts.teamcityescape import OPENS
from remediate.facts.view import Line

# What frames a step, as the log shows it once cleaned: Travis' folds and timers (`travis_time:end:1b2c3d4e:start=...`:
# the `\r ESC[0K` after it hides it on Travis' page, not in the raw log), GitHub's and Azure's logging commands
# (`##[group]`, `##[endgroup]`, `##[section]Finishing: Bash`, `##[command]`; an `##[error]` annotation holds a tool's
# line: workflow_commands.unannotated), GitHub's workflow commands as a step prints them (`::group::`,
# `::error file=a.py,line=3::msg`: the annotation reader's, no place's message), GitLab's section markers
# (reader.clean_line drops them; a log that lost its ESC keeps them), Jenkins' Pipeline steps (`[Pipeline] }`),
# Buildkite's groups (`~~~ Running commands`, `^^^ +++`), CircleCI's report of a step's code and Travis' of the build's,
# GitHub's and Azure's echo of a command the runner or an action's task runs (`[command]/usr/bin/git version`) and
# GitHub's opening of its post steps (`Post job cleanup.`).
_FRAMING = Regex(
    r"^(?:travis_(?:fold|time):(?:start|end):|##\[(?!error\]|warning\]|notice\])[a-z]{1,20}\]"
    r"|::[a-z-]{1,30}(?: [^:]{0,500})?::|section_(?:start|end):\d{1,20}:|\[Pipeline\] |~~~ |\^\^\^ \+\+\+$"
    r"|CircleCI received exit code \d|Done\. Your build exited with \d|\[command\]|Post job cleanup\.$)"
)
_ANNOTATED = b"##[error]"  # workflow_commands.unannotated cut it off the text the parsers read: the raw line keeps it


def runner_line(line: Line) -> bool:
    """Whether the line is the CI runner's own: a step's framing (_FRAMING), its report of a step's or the job's
    end (failures.JOB_FAILURES: GitHub's `##[error]Process completed with exit code 2.`, Travis' `The command "x"
    exited with 1.`, Azure's, Jenkins', CircleCI's, Buildkite's, GitLab's, Cloud Build's, CodeBuild's), a GitLab stage's
    opening (`Cleaning up project directory and file based variables`), every line of CodeBuild's agent (`[Container]
    2024/05/01 10:00:00.123456 Entering phase BUILD`), Cloud Build's of a step's start and end (`Starting Step #0 -
    "test"`, `Finished Step #0 - "test"`) and TeamCity's of a step's (`Step 2/3: Test (Command Line)`, `Starting:
    /opt/buildAgent/temp/agentTmp/custom_script1`, `Step Test (Command Line) failed`)."""
    text = line.text
    if text.startswith(OPENS):  # a service message: the build's own program's words, which TeamCity acts on
        return False
    if _FRAMING.match(text) or match_any(text, JOB_FAILURES) is not None or GITLAB_STAGE.match(text):
        return True
    if CODEBUILD_RUNNER.match(text) or CLOUDBUILD_RUNNER.match(text) or TEAMCITY_RUNNER.match(text):
        return True
    return _ANNOTATED in line.raw and match_any(_ANNOTATED.decode() + text, JOB_FAILURES) is not None
