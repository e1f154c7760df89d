"""What facts/ci reads of a log: the job's Structure (its CI, steps, failures, the failing step's region and
command block, the steps' statuses), a FailurePoint with how its step ended (StepEnd), an Azure task's (AzureTask)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple

from remediate.facts.xtrace import Traced
from remediate.models import CiStep


class StepEnd(Enum):
    """How a failing step or command ended, as its failure's line says: a step the runner stopped and an action that
    failed in its own words both show no exit code, and mean different things to what ran after them."""

    EXITED = "exited"  # its process exited non-zero: FailurePoint.exit_code is the code
    ACTION_ERROR = "action-error"  # an action (GitHub's `uses:`) failed by its own `##[error]` message: no process
    STOPPED = "stopped"  # the runner stopped it (a cancel, a time limit, a shutdown, a runner lost)
    REPORTED = "reported"  # the CI says it failed and names no code (Jenkins' `Finished: FAILURE`, a build problem)


@dataclass(frozen=True)
class FailurePoint:
    line: int
    exit_code: int | None
    command: str | None
    job_level: bool  # reported by the CI runner (a step/command failed), not by a tool
    end: StepEnd  # EXITED exactly when exit_code holds the code
    names_command: bool = True  # `command` is a command line (make and just name a target instead)

    def __post_init__(self) -> None:
        if (self.exit_code is not None) != (self.end is StepEnd.EXITED):
            raise ValueError(f"a failure point ending {self.end.value} with exit code {self.exit_code}")


class AzureTask(NamedTuple):
    """What the statuses read of an Azure Pipelines task (azure_tasks)."""

    post: bool  # a post-job task (_AZURE_POST)
    errors: tuple[str, ...]  # its `##[error]` lines
    finished: bool  # it reached its `##[section]Finishing:` line


@dataclass
class Structure:
    ci: str = "unknown"
    steps: list[tuple[int, str]] = field(default_factory=list)  # (line, title): step/command starts
    failures: list[FailurePoint] = field(default_factory=list)
    primary: FailurePoint | None = None
    failing_step: str | None = None
    failing_command: str | None = None  # the failing step's whole command block (multi-line script)
    failed_line: str | None = None  # the command in the block that failed, when the log shows it
    shell: str | None = None  # the shell the CI ran the block with (GitHub Actions' `shell:` line; scripts.CI_SHELLS)
    exit_code: int | None = None
    region: tuple[int, int] | None = None  # lines of the failing step/command's output
    regions: list[tuple[int, int]] = field(default_factory=list)  # every failing step's output
    setup_ranges: list[tuple[int, int]] = field(default_factory=list)  # step scripts/env echoed by the CI
    job_name: str | None = None
    statuses: list[CiStep] = field(default_factory=list)  # the steps' exit statuses the CI reported (Facts.steps)
    post_start: int | None = None  # where the steps run whatever the job's returned begin (GitHub's post steps)
    after_steps: set[int] = field(default_factory=set)  # the start lines of steps run whatever the script returned
    # Travis' after stages (stage, first line, the line closing it): `after_failure` runs only because the script failed
    # (the job's own reaction: a test report or log `cat`ed), `after_script` whatever it returned (coverage
    # uploads, deploy hooks). See after_folds.
    after_stages: list[tuple[str, int, int]] = field(default_factory=list)
    stages: dict[int, str] = field(default_factory=dict)  # line -> the GitLab stage (section) it is in
    phases: list[str] = field(default_factory=list)  # each step's Buildkite phase, by index (buildkite_phases)
    parallel: list[tuple[int, int]] = field(default_factory=list)  # Jenkins' parallel steps' spans (jenkins_parallel)
    failed_branches: list[tuple[int, str]] = field(default_factory=list)  # (line, name): `Failed in branch NAME`
    tasks: list[AzureTask] = field(default_factory=list)  # each Azure task, by index among the steps (azure_tasks)
    tool_echoes: set[int] = field(default_factory=set)  # `$ cmd` lines a tool printed, not the runner (_tool_echoes)
    key_lines: list[int] = field(default_factory=list)  # always worth showing: job name, failing step + script
    traced: Traced | None = None  # what the failing step's script traced, when its shell traced it (facts/xtrace.py)
    traces: dict[int, int | None] = field(default_factory=dict)  # its traced commands' steps: start line -> status
