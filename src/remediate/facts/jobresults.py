"""A failing step that only reports other jobs' results: a required status check (GitHub Actions' "all green" job)
whose one step compares the results of the jobs it `needs` and fails when one did not succeed. GitHub interpolates
`${{ needs.build.result }}` before the shell runs, so the log shows the script comparing bare words
(`if [[ "failure" == "success" || ...`), an `echo` of `needs.build.result=failure`, or `toJSON(needs)` as the
context's JSON (each job's `"result"` beside its `"outputs"`) in a script's or an action's inputs. Nothing in such a
log is the cause: the job that failed is, in its own log."""

from __future__ import annotations

from remediate.facts.ci.model import Structure
from remediate.facts.lazyregex import Regex
from remediate.facts.view import View
from remediate.models import JobOutcome, JobResult, ReportedJobs

_RESULT = r"(success|failure|cancelled|skipped)"


# Two quoted result words compared: only an interpolated `needs.X.result` (or `job.status`) puts a bare result word
# on both sides of a shell's or a script's comparison.
_COMPARED = Regex(rf"""(["']){_RESULT}\1\s*(?:[!=]==?|-eq|-ne)\s*(["']){_RESULT}\3""")


# A job's result as a step echoes it: `needs.build.result=failure`, `needs.build.result: failure`.
_SAID = Regex(rf"""\bneeds\.([\w-]+)\.result\s*[=:]\s*["']?{_RESULT}\b""")


# `toJSON(needs)` as GitHub writes it: each job an object of its `result` then its `outputs` (the context's shape).
_NEEDS_JSON = Regex(rf'"([\w-]+)"\s*:\s*\{{\s*"result"\s*:\s*"{_RESULT}"\s*,\s*"outputs"\s*:')


# What a script that only reports may run: its tests and their branches, messages and exits. Anything else (a
# deploy, a notification) may be the failure itself.
_REPORTING = Regex(r"^(?:if|elif|then|else|fi|exit|echo|printf|true|false|test|\[\[?|\]\]?|:|\{|\})(?:\s|;|$)")


_KEYWORDS = Regex(r"^(?:then|else|elif|do)\s+")


# The failing step's lines read (a status check's step is short; a long one is something else).
_MAX_LINES = 400


def reported_jobs(structure: Structure, view: View) -> ReportedJobs | None:
    """What the failing step shows of other jobs' results when it only reports them (module docstring): the jobs and
    results it names, and the line that shows one did not succeed; None when it does something else, or shows no
    result other than success."""
    lines = _failing_lines(structure, view)
    if not lines:
        return None
    # a GitHub step with no `shell:` ran an action (`uses:`): its name is no script, its inputs are in its lines
    action = structure.ci == "github-actions" and structure.shell is None
    script = [] if action else (structure.failing_command or "").splitlines()
    if script and not _only_reports(script):
        return None
    jobs, shown = _named(lines)
    compared = next((line for line in script if _unsuccessful_compared(line)), None)
    said = shown or compared
    return None if said is None else ReportedJobs(jobs=jobs, shown=" ".join(said.split())[:200])


def _failing_lines(structure: Structure, view: View) -> list[str]:
    """The failing step's lines: its region, or else the first step holding a `##[error]` line (an action that
    failed by its own message, `core.setFailed`, ends with no exit code the CI reports)."""
    spans = [structure.region] if structure.region else _step_spans(structure, view.total_lines)
    for first, last in spans:
        lines = [line.text for line in view.within(first, min(last, first + _MAX_LINES))]
        if structure.region or any(line.startswith(_ERROR) for line in lines):
            return lines
    return []


_ERROR = "##[error]"


def _step_spans(structure: Structure, total: int) -> list[tuple[int, int]]:
    starts = [line for line, _title in structure.steps]
    return [(start, end - 1) for start, end in zip(starts, [*starts[1:], total + 1], strict=False)]


def _only_reports(script: list[str]) -> bool:
    """Whether every command of a shell script compares, branches, prints or exits (_REPORTING)."""
    for line in script:
        for part in line.split(";"):
            command = _KEYWORDS.sub("", part.strip())
            if command and not command.startswith("#") and not _REPORTING.match(command):
                return False
    return True


def _unsuccessful_compared(line: str) -> bool:
    return any(m.group(2) != "success" or m.group(4) != "success" for m in _COMPARED.finditer(line))


def _named(lines: list[str]) -> tuple[list[JobResult], str | None]:
    """The jobs and results the step's lines name (_SAID, _NEEDS_JSON), each job once, in order, and the words that
    name the first one that did not succeed."""
    found: dict[str, JobOutcome] = {}
    shown = None
    text = "\n".join(lines)
    for m in [*_SAID.finditer(text), *_NEEDS_JSON.finditer(text)]:
        found.setdefault(m.group(1), _outcome(m.group(2)))
        if shown is None and m.group(2) != "success":
            shown = m.group(0)
    return [JobResult(job=job, result=result) for job, result in found.items()], shown


def _outcome(word: str) -> JobOutcome:
    outcomes: dict[str, JobOutcome] = {"success": "success", "failure": "failure", "cancelled": "cancelled"}
    return outcomes.get(word, "skipped")
