"""GitHub Actions failures that no change to the repository's code fixes: the job lacks a setting,
a secret or a token permission. Each is a configuration record of tool `github-actions` whose code
names what is missing (`SETTING_CODES`); the pipeline ends such a run before any model call
(remediate/reach.py).

The texts are the ones GitHub's own code prints: @actions/core's `getInput(name, {required: true})`
throws `Input required and not supplied: NAME` (an action's `with:` input the workflow leaves out,
most often a secret that is not set, `token: ${{ secrets.X }}` being empty); the REST API answers a
GITHUB_TOKEN without the permission a call needs with HTTP 403 `Resource not accessible by
integration`, which Octokit's RequestError carries as its message (v5 and later add ` - ` and the
documentation URL; actions/github-script prints it as `Unhandled error: HttpError: ...`); and
GitHub's git server refuses a push by that token with `remote: Permission to OWNER/REPO.git denied
to github-actions[bot].`. An action's `core.setFailed` prints them as `::error::...`; the runner's
log shows `##[error]...` (read here without it, see workflow_commands.unannotated)."""

from __future__ import annotations

from remediate.facts.parsers.base import LineRules, Parser, Rule, plain, scan_with
from remediate.facts.parsers.handlers import record
from remediate.models import Category

TOOL = "github-actions"
REQUIRED_INPUT = "required-input"
MISSING_PERMISSION = "token-permissions"
# What each code needs, in the words the run's early end uses.
SETTING_CODES: dict[str, str] = {
    REQUIRED_INPUT: "an input the workflow does not give the action (usually a secret that is not set)",
    MISSING_PERMISSION: "a permission the job's GITHUB_TOKEN lacks (the workflow's `permissions:` or the "
    "repository's Actions settings)",
}

_ACCESS = LineRules(
    Rule(
        r"^(?:::error::)?(?:Error: )?(?P<msg>Input required and not supplied: [^\s:]+)$",
        record(REQUIRED_INPUT, tool=TOOL),
        has=("Input required and not supplied: ",),
    ),
    Rule(
        r"^(?:::error::)?(?:Unhandled error: )?(?:(?:RequestError \[HttpError\]|HttpError): )?"
        r"(?P<msg>Resource not accessible by integration)(?: - \S+)?$",
        record(MISSING_PERMISSION, tool=TOOL),
        has=("Resource not accessible by integration",),
    ),
    Rule(
        r"^remote: (?P<msg>Permission to \S+ denied to github-actions\[bot\])\.?$",
        record(MISSING_PERMISSION, tool=TOOL),
        starts="remote: Permission to ",
    ),
)

PARSER = Parser(tool=TOOL, category=Category.CONFIG, parse=scan_with(_ACCESS, plain(TOOL)))
