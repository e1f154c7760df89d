"""Google Cloud Build: a build's steps (`Starting Step #N - "id"`), each output line behind its step's prefix
(`Step #N - "id": `, which reader.clean_line takes off), and the steps' statuses.

The log as `gcloud builds log` and the console's raw log show it (cloud.google.com/build/docs/build-config: a step's
`id`; cloud.google.com/build/docs/view-build-results): `starting build "ID"`, the `FETCHSOURCE` and `BUILD` phases,
each step opening `Starting Step #0 - "test"` and closing `Finished Step #0 - "test"` (a step with no `id`:
`Starting Step #0`, its lines behind `Step #0: `), then for a step that failed `ERROR` and `ERROR: build step 0
"gcr.io/cloud-builders/npm" failed: step exited with non-zero status: 1` (failures.JOB_FAILURES), a build that passed
`PUSH` and `DONE` (as GoogleCloudPlatform/ai-on-gke#212, GoogleCloudPlatform/buildpacks#546 and kubernetes/kops#8505
quote them). The log never shows a step's arguments: the failing step is named (its `id`), its command is unknown."""

from __future__ import annotations

from remediate.facts.ci.failures import CLOUDBUILD_FAILED
from remediate.facts.ci.model import Structure
from remediate.facts.ci.statuses import ci_steps
from remediate.facts.lazyregex import Regex
from remediate.facts.view import View
from remediate.models import CiStep

# The runner's own lines about a step (facts/ci/framing.runner_line) and the build: its start, a step's opening and
# closing.
CLOUDBUILD_RUNNER = Regex(r'^(?:Starting Step #\d{1,4}|Finished Step #\d{1,4}|starting build ")')
_STARTING = Regex(r'^Starting Step #(?P<no>\d{1,4})(?: - "(?P<id>[^"]{0,200})")?$')
_FINISHED = Regex(r"^Finished Step #(?P<no>\d{1,4})\b")


def cloudbuild_steps(view: View) -> list[tuple[int, str]]:
    """Each step's opening line and its name as the build's page shows it (`Step #1 - "test"`)."""
    steps: list[tuple[int, str]] = []
    for line in view.lines:
        if line.text.startswith("Starting Step #"):
            m = _STARTING.match(line.text)
            if m:
                steps.append((line.no, line.text.removeprefix("Starting ")))
    return steps


def cloudbuild_statuses(st: Structure, view: View) -> list[CiStep]:
    """The steps whose status the log shows: a step that reached `Finished Step #N` passed unless an `ERROR: build
    step N` line says it failed (with its code); one that never finished ran on when the build failed."""
    starts = sorted(st.steps)
    index = {_number(title): i for i, (_, title) in enumerate(starts)}
    codes: dict[int, int] = {}
    for line in view.lines:
        failed = CLOUDBUILD_FAILED.match(line.text) if line.text.startswith("ERROR: build step ") else None
        finished = _FINISHED.match(line.text) if line.text.startswith("Finished Step #") else None
        if failed and int(failed["no"]) in index:
            codes[index[int(failed["no"])]] = int(failed["code"]) if failed["code"] else 1
        elif finished and int(finished["no"]) in index:
            codes.setdefault(index[int(finished["no"])], 0)
    return ci_steps(view, starts, codes, set())


def _number(title: str) -> int:
    """The step's number in its title (`Step #1 - "test"`: 1)."""
    digits = title.removeprefix("Step #").split(" ", 1)[0]
    return int(digits) if digits.isdigit() else -1
