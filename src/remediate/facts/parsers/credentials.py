"""A credential the job lacks, or one the remote refuses, in the words of the tools that use one beside GitHub's
own (github_access): no change to the repository's code fixes it. Each is a configuration record whose code
names what is missing (`SETTING_CODES`); the pipeline ends such a run before any model call (remediate/reach.py),
as it does for github_access's.

The texts are the tools' own (real samples, tests/facts/data/README.md):
- git over HTTPS (2.39) with no credentials and no terminal (`GIT_TERMINAL_PROMPT=0`, as on every CI) answers a
  401 with `fatal: could not read Username for 'URL': terminal prompts disabled` (older git, with no terminal to
  open: `No such device or address`), a token the server refuses with `fatal: Authentication failed for 'URL'`,
  and a token it knows but lets not push (or not read) with libcurl's `fatal: unable to access 'URL': The requested
  URL returned error: 403`, under the server's own text/plain reason as `remote: ` lines (GitHub's `remote:
  Permission to OWNER/REPO.git denied to USER.`: the reason joins the record; the job's own token's refusal is
  github_access's record). A 5xx or 429 there is the server's
  trouble (meaning.network), a 404 a wrong URL: neither is read here.
- ssh (OpenSSH 9.2, as git runs it; `BatchMode`, no prompt) with no key the server takes: `USER@HOST: Permission
  denied (publickey).` (the methods the server offers in the brackets); a host not in known_hosts: `Host key
  verification failed.`
- the AWS CLI (1.46) with no credentials configured: `Unable to locate credentials. You can configure credentials
  by running "aws configure".`, `fatal error: Unable to locate credentials` (s3 sync) or `upload failed: SRC to DST
  Unable to locate credentials` (s3 cp).
- docker login (28.2, the CLI alone) with an empty password and no terminal: `Error: Cannot perform an interactive
  login from a non TTY device` (`-p "$SECRET"` or `--password-stdin` fed nothing: the secret is not set).
- curl (7.88) under `-f`/`--fail`/`--fail-with-body` on a 401 or 403: `curl: (22) The requested URL returned error:
  401` (before 7.75 the reason follows, `401 Unauthorized`), a credential's refusal only when the request gave one:
  the curl command shown above it (a shell's trace, the CI's echo of its step) passes an Authorization header, a user
  or a bearer token. Without one the server may refuse a wrong URL or a file the job may not read: not read here
  (meaning.network reads curl's 5xx and its unreached hosts).

A clone refused names no repository (git prints the host alone), but its `Cloning into 'DIR'...` line above names
the directory it was to fill: the record says it (`(cloning into 'vendor/pricing_rules')`, refused_clone), so a
later step failing on that directory's module is read as this refusal's consequence (remediate/reach.py).

The lines are anchored: git's `fatal:` indented under another tool (go's `git ls-remote` of a private module,
npm's `npm ERR! fatal: ...` for a git dependency) is that tool's dependency failure, read by its own parser."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from remediate.facts.parsers.base import Found, LineRules, Parser, Regex, Rule, plain, scan_with
from remediate.facts.parsers.handlers import FindingsHandler, record
from remediate.facts.view import View
from remediate.models import Category

TOOL = "credentials"
GIT_CREDENTIALS = "git-credentials"
SSH_KEY = "ssh-key"
SSH_HOST_KEY = "ssh-host-key"
AWS_CREDENTIALS = "aws-credentials"
REGISTRY_LOGIN = "registry-login"
CURL_CREDENTIALS = "curl-credentials"
# Each code's tool (the record names the tool that printed the line) and what the code needs, in the words the run's
# early end uses.
_CODES: dict[str, tuple[str, str]] = {
    GIT_CREDENTIALS: (
        "git",
        "credentials the git remote accepts over HTTPS (a token the job does not give, one it refuses, or one "
        "without the right to push)",
    ),
    SSH_KEY: ("ssh", "an SSH key the remote accepts (a deploy key or SSH secret not set up, or not authorised there)"),
    SSH_HOST_KEY: ("ssh", "the remote's SSH host key in known_hosts"),
    AWS_CREDENTIALS: ("aws-cli", "AWS credentials (the secrets or role the job's AWS commands use are not configured)"),
    REGISTRY_LOGIN: (
        "docker-login",
        "a registry password or token for `docker login` (the secret it is given is empty)",
    ),
    CURL_CREDENTIALS: (
        "curl",
        "credentials the server accepts for the job's curl request (a token or password the job does not give, or "
        "one it refuses or that may not do this)",
    ),
}
TOOL_OF: dict[str, str] = {code: tool for code, (tool, _) in _CODES.items()}
TOOLS = frozenset(TOOL_OF.values())
SETTING_CODES: dict[str, str] = {code: need for code, (_, need) in _CODES.items()}


_CLONING = re.compile(r"^Cloning into (?:bare repository )?'(?P<dir>[^']+)'\.\.\.$")
# The git server's reason for a 403 as git shows it (the response's text/plain body, each line after `remote: `);
# GitHub's names the account the token is; the job's own GITHUB_TOKEN (`github-actions[bot]`) is github_access's.
_REFUSED_BY = re.compile(r"^remote: (?P<why>Permission to \S+ denied to (?P<who>[^\n]{1,100}?))\.?$")
_JOBS_ACCOUNT = "github-actions[bot]"
_CLONED_INTO = re.compile(r" \(cloning into '(?P<dir>[^']+)'\)$")


def _git_refused(st: Found, no: int, m: re.Match[str]) -> None:
    """git's refused credentials; the clone's directory, when git named it on the line above, joins the message."""
    above = _CLONING.match(st.view.text(no - 1).strip())
    said = m["msg"] + (f" (cloning into '{above['dir']}')" if above else "")
    st.found.error(no, said, code=GIT_CREDENTIALS, tool=TOOL_OF[GIT_CREDENTIALS])


def _git_forbidden(st: Found, no: int, m: re.Match[str]) -> None:
    """git's 403: the token was taken but may not do this; the server's reason above, when it gave GitHub's."""
    above = _REFUSED_BY.match(st.view.text(no - 1).strip())
    if above and above["who"] == _JOBS_ACCOUNT:
        return  # github_access's record says what that token lacks
    said = f"{above['why']} ({m['msg']})" if above else m["msg"]
    st.found.error(no, said, code=GIT_CREDENTIALS, tool=TOOL_OF[GIT_CREDENTIALS])


# A curl command as a log shows it (`+ curl ...`, `$ curl ...`, GitHub's `Run curl ...`, a script's line), and the
# credential it passes: an Authorization header (`-H`/`--header`, quoted or not), a user (`-u`/`--user`, also
# `-uNAME`), a bearer token (`--oauth2-bearer`), a netrc file (`-n`, `--netrc`, `--netrc-file`).
_CURL_COMMAND = Regex(r"(?:^|[\s;&|(+$])curl\s")
_CURL_CREDENTIAL = Regex(
    r"""\s(?:-H|--header)\s*=?\s*['"]?(?:Proxy-)?Authorization:|\s(?:-u|--user(?:=|\s))\s*\S|"""
    r"""\s--oauth2-bearer\s|\s(?:-n|--netrc|--netrc-file(?:=|\s))(?:\s|$)""",
    re.IGNORECASE,
)
CURL_COMMAND_WITHIN = 40  # lines above curl's error searched for the command that made the request


def _curl_refused(st: Found, no: int, m: re.Match[str]) -> None:
    """curl's 401 or 403 when the request gave a credential (_curl_credential): the server refused it."""
    if _curl_credential(st.view, no):
        st.found.error(no, m["msg"], code=CURL_CREDENTIALS, tool=TOOL_OF[CURL_CREDENTIALS])


def _curl_credential(view: View, no: int) -> bool:
    """Whether the nearest curl command above line `no` (with the lines its trailing backslashes continue it on)
    passes a credential."""
    for line in reversed(view.within(max(1, no - CURL_COMMAND_WITHIN), no - 1)):
        if _CURL_COMMAND.search(line.text) is None:
            continue
        command = [line.text]
        for after in view.within(line.no + 1, no - 1)[:8]:
            if not command[-1].rstrip().endswith("\\"):
                break
            command.append(after.text)
        return _CURL_CREDENTIAL.search(" ".join(command)) is not None
    return False


def refused_clone(message: str) -> str | None:
    """The name of the directory a refused clone was to fill (`pricing_rules` of `vendor/pricing_rules`), from its
    record's message, when git named it."""
    m = _CLONED_INTO.search(message)
    return PurePosixPath(m["dir"]).name if m else None


def _record(code: str) -> FindingsHandler:
    """The record of a line saying `code`, named for its tool."""
    return record(code, tool=TOOL_OF[code])


_RULES = LineRules[Found](
    Rule(
        r"^fatal: (?P<msg>could not read (?:Username|Password) for '[^']+': "
        r"(?:terminal prompts disabled|No such device or address))$",
        _git_refused,
        starts="fatal: could not read ",
    ),
    Rule(
        r"^fatal: (?P<msg>Authentication failed for '[^']+')$",
        _git_refused,
        starts="fatal: Authentication failed for ",
    ),
    Rule(
        r"^fatal: (?P<msg>unable to access '[^']+': The requested URL returned error: 403)$",
        _git_forbidden,
        starts="fatal: unable to access ",
    ),
    Rule(
        r"^(?:\S+@\S+: )?(?P<msg>Permission denied \((?:publickey|password|keyboard-interactive|hostbased|gssapi-\S+?)"
        r"(?:,[\w@.-]+)*\))\.$",
        _record(SSH_KEY),
        has=("Permission denied (",),
    ),
    Rule(r"^(?P<msg>Host key verification failed)\.$", _record(SSH_HOST_KEY), starts="Host key verif"),
    Rule(
        r"^(?:fatal error: |(?:upload|download|delete|copy) failed: .+ )?(?P<msg>Unable to locate credentials)"
        r"(?:\. You can configure credentials by running \"aws configure\"\.)?$",
        _record(AWS_CREDENTIALS),
        has=("Unable to locate credentials",),
    ),
    Rule(
        r"^curl: \(22\) (?P<msg>The requested URL returned error: 40[13])(?: [A-Z][\w ]{0,40})?$",
        _curl_refused,
        starts="curl: (22) ",
    ),
    Rule(
        r"^Error: (?P<msg>Cannot perform an interactive login from a non TTY device)$",
        _record(REGISTRY_LOGIN),
        starts="Error: Cannot perform an interactive login",
    ),
)

PARSER = Parser(tool=TOOL, category=Category.CONFIG, parse=scan_with(_RULES, plain(TOOL)))
