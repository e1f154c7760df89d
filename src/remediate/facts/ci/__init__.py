"""CI structure: which CI wrote the log, where steps/commands start, and where the job failed.

Recognised: GitHub Actions (`##[group]Run ...`, `##[error]Process completed with exit code N`, the
`job<TAB>step<TAB>` prefix of `gh run view --log`), GitLab (`$ cmd`, `ERROR: Job failed: exit code
N`), Jenkins (`+ cmd`, `ERROR: script returned exit code N`, `Finished: FAILURE`), Travis (`$ cmd`,
`The command "X" exited with N.`), Azure Pipelines (`##[section]Starting: STEP`, the inline script
after `Script contents:`, `##[error]Bash exited with code 'N'.`), CircleCI (a `run` step's output
starts with its shell's `#!/bin/bash -eo pipefail` and the command, and ends `Exited with code exit
status N`), Buildkite (`~~~ Running commands`, `$ cmd`, `🚨 Error: The command exited with status
N`), Google Cloud Build (`Starting Step #N - "id"`, each step's line behind `Step #N - "id": `,
`ERROR: build step N "IMAGE" failed: ...`), AWS CodeBuild (`[Container] DATE TIME Running command
CMD`, `Command did not exit successfully CMD exit status N`) and TeamCity (`Step 2/3: Test (Command Line)`, each line
behind `[12:00:00]W:` and its block, `Process exited with code N (Step: Test (Command Line))`). Anything else falls
back to tool-level failure lines (`make: *** ... Error 2`, `error Command failed with exit code 1.`...).

One module per CI (github, gitlab, jenkins, travis, azure, circleci, buildkite, cloudbuild, codebuild, teamcity) holds
its steps, command block, after-steps and statuses; they share model (Structure), failures (the failure lines), scripts
(a script's commands and block), statuses (the steps with a status, a stopping shell's codes) and never import each
other. region (the failing step, its command block by CI) and detect (which CI, the Structure) read each CI's rules.
"""

from remediate.facts.ci.detect import detect
from remediate.facts.ci.failures import SESSION_FAILURES
from remediate.facts.ci.jenkins import branch_steps
from remediate.facts.ci.model import AzureTask, FailurePoint, Structure
from remediate.facts.ci.region import command_block
from remediate.facts.ci.scripts import Block

__all__ = [
    "SESSION_FAILURES",
    "AzureTask",
    "Block",
    "FailurePoint",
    "Structure",
    "branch_steps",
    "command_block",
    "detect",
]
