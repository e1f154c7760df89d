"""AWS CodeBuild: the buildspec's commands (`Running command CMD`) and the commands run once one failed (their
statuses: statuses.stopped_at_failure, as a phase stops at its first failing command).

The build log as CloudWatch Logs and the console's build logs show it (docs.aws.amazon.com/codebuild/latest/userguide/
build-spec-ref.html: phases install, pre_build, build, post_build, each a list of `commands`; view-build-details.html:
the phases' statuses): the agent's own lines behind `[Container] DATE TIME ` (`[Container] 2024/05/01 10:00:00.123456
Entering phase BUILD`, `Running command npm test`), a command's output unprefixed under it, a failing command's
`Command did not exit successfully npm test exit status 1` (failures.JOB_FAILURES), `Phase complete: BUILD State:
FAILED` (`Success: false` before 2019) and `Phase context status code: COMMAND_EXECUTION_ERROR Message: ...`; the
post_build phase runs after a build phase that failed (as aws-samples/aws-modern-application-workshop#290 and
aws/aws-codebuild-docker-images#102 quote such logs)."""

from __future__ import annotations

from remediate.facts.ci.failures import CODEBUILD_FAILED, CODEBUILD_STAMP
from remediate.facts.ci.statuses import after_first_failure
from remediate.facts.lazyregex import Regex
from remediate.facts.view import View

# Every line the agent writes behind its stamp (facts/ci/framing.runner_line): a command's output never has it.
CODEBUILD_RUNNER = Regex(f"^{CODEBUILD_STAMP}")
_RUNNING = Regex(rf"^{CODEBUILD_STAMP}Running command (?P<cmd>.+)$")


def codebuild_steps(view: View) -> list[tuple[int, str]]:
    """Each buildspec command the agent ran: its `Running command CMD` line and the command."""
    steps: list[tuple[int, str]] = []
    for line in view.lines:
        if line.text.startswith("[Container] "):
            m = _RUNNING.match(line.text)
            if m:
                steps.append((line.no, m["cmd"].strip()))
    return steps


def codebuild_after(view: View, steps: list[tuple[int, str]]) -> set[int]:
    """The commands run after the first one that failed: the later phases' (post_build runs whatever build
    returned)."""
    return after_first_failure(view, steps, _failed)


def _failed(text: str) -> bool:
    return text.startswith("[Container] ") and CODEBUILD_FAILED.match(text) is not None
