"""GitHub Actions failures that no change to the repository's code fixes: the job lacks a setting,
a secret or a token permission. Each is a configuration record of tool `github-actions` whose code
names what is missing (`SETTING_CODES`); the pipeline ends such a run before any model call
(remediate/reach.py).

The texts are the ones GitHub's own code prints: @actions/core's `getInput(name, {required: true})` throws
`Input required and not supplied: NAME` (an action's `with:` input the workflow leaves out, most often a
secret that is not set, `token: ${{ secrets.X }}` being empty), as docker/login-action (src/docker.ts, v4)
throws `Username and password required` (or `Username required`, `Password required`) for its empty
`username:`/`password:` secrets, and Codecov answers codecov-cli's tokenless upload to a branch it protects
with `Token required because branch is protected` (the `token:` secret not set); the REST API answers a
GITHUB_TOKEN without the permission a call needs with HTTP 403 `Resource not accessible by integration` (a
personal access token without it: `... by personal access token`; a repository whose Actions settings forbid
it: `GitHub Actions is not permitted to create or approve pull requests.`), and a token it does not accept (a
secret expired, revoked or wrong) with 401 `Bad credentials`. Octokit's RequestError carries the API's message
as its own (v5 and later add ` - ` and the documentation URL; actions/github-script prints it as `Unhandled
error: HttpError: ...`, ncipollo/release-action's GithubError.ts as `Error 403: ...`, the gh CLI, cli/go-gh
pkg/api/errors.go v2, as `HTTP 403: ... (URL)`, and `gh api` (2.23) as `gh: ... (HTTP 403)` after the answer's JSON
it prints to stdout, unterminated: the two are one line in a job's log); GitHub's git server refuses a push by the
job's token with `remote: Permission to OWNER/REPO.git denied to github-actions[bot].` (another account's token:
credentials' git 403). An action's `core.setFailed` prints them as `::error::...`; the runner's log shows
`##[error]...` (read here without it, see workflow_commands.unannotated)."""

from __future__ import annotations

from remediate.facts.parsers.base import LineRules, Parser, Rule, plain, scan_with
from remediate.facts.parsers.handlers import record
from remediate.models import Category

TOOL = "github-actions"
REQUIRED_INPUT = "required-input"
MISSING_PERMISSION = "token-permissions"
BAD_CREDENTIALS = "token-credentials"
# What each code needs, in the words the run's early end uses.
SETTING_CODES: dict[str, str] = {
    REQUIRED_INPUT: "an input the workflow does not give the action (usually a secret that is not set)",
    MISSING_PERMISSION: "a permission the job's GITHUB_TOKEN lacks (the workflow's `permissions:` or the "
    "repository's Actions settings)",
    BAD_CREDENTIALS: "a token GitHub accepts (the secret the workflow gives is expired, revoked or wrong)",
}
TOOL_OF: dict[str, str] = dict.fromkeys(SETTING_CODES, TOOL)  # each code's tool, as credentials' and publish's

# How a caller wraps the API's message: `gh api`'s `gh: ` (after the answer's JSON on the same line), @actions/core's
# annotation, github-script's `Unhandled error: `, Octokit's error class, ncipollo/release-action's `Error STATUS: `,
# the gh CLI's `HTTP STATUS: `.
_API_CALLER = (
    r"^(?:(?:\{.*\})?gh: )?(?:::error::)?(?:Error: )?(?:Unhandled error: )?"
    r"(?:(?:RequestError \[HttpError\]|HttpError): )?(?:(?:Error|HTTP) 40[13]: )?"
)
# What follows it: Octokit's ` - DOCUMENTATION_URL`, the gh CLI's ` (REQUEST_URL)`, `gh api`'s ` (HTTP STATUS)`.
_API_URL = r"(?: - \S+| \(\S+\)| \(HTTP 40[13]\))?$"

_ACCESS = LineRules(
    Rule(
        r"^(?:::error::)?(?:Error: )?(?P<msg>Input required and not supplied: [^\s:]+)$",
        record(REQUIRED_INPUT, tool=TOOL),
        has=("Input required and not supplied: ",),
    ),
    Rule(
        r"^(?:::error::)?(?:Error: )?(?P<msg>Username and password required|Username required|Password required)$",
        record(REQUIRED_INPUT, tool=TOOL),
        has=("Username and password required", "Username required", "Password required"),
    ),
    Rule(
        # codecov-cli (11.3, PyPI; the binary codecov-action runs): its logger's `error - DATE TIME -- ` (or `error: `)
        # over the request that failed, with Codecov's answer to a tokenless upload on a branch it protects.
        r"^(?:error - \S+ \S+ -- |error: )[\w ]+ failed: \{\"message\": ?\"(?P<msg>Token required because branch is "
        r"protected)\"\}$",
        record(REQUIRED_INPUT, tool=TOOL),
        has=("Token required because branch is protected",),
    ),
    Rule(
        _API_CALLER + r"(?P<msg>Resource not accessible by (?:integration|personal access token))" + _API_URL,
        record(MISSING_PERMISSION, tool=TOOL),
        has=("Resource not accessible by ",),
    ),
    Rule(
        _API_CALLER + r"(?P<msg>GitHub Actions is not permitted to create or approve pull requests)\.?" + _API_URL,
        record(MISSING_PERMISSION, tool=TOOL),
        has=("GitHub Actions is not permitted to ",),
    ),
    Rule(
        # Bare, the words are anyone's (Spring Security's default message): only as the API's answer.
        r"^(?!Bad credentials$)" + _API_CALLER[1:] + r"(?P<msg>Bad credentials)" + _API_URL,
        record(BAD_CREDENTIALS, tool=TOOL),
        has=("Bad credentials",),
    ),
    Rule(
        r"^remote: (?P<msg>Permission to \S+ denied to github-actions\[bot\])\.?$",
        record(MISSING_PERMISSION, tool=TOOL),
        starts="remote: Permission to ",
    ),
)

PARSER = Parser(tool=TOOL, category=Category.CONFIG, parse=scan_with(_ACCESS, plain(TOOL)))
