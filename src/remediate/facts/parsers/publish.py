"""Publishing refused: a release the registry would not take, a deploy's push the remote would not take. Nothing
in the project's code is wrong (a version already published, a token missing, expired or without the right to
publish, someone else's push first), so no specialist fixes it.

npm (6 and 11 alike, real samples against a local registry): a publish first packs its tarball (`npm notice 📦
shopcart@1.0.0`), then fails with `npm ERR! 403 403 Forbidden - PUT URL - why` (npm 11: `npm error ...`; a PUT
is a publish, an install only GETs), npm 11's own check `You cannot publish over the previously published versions:
1.0.0.`, npm 6's `publish fail Cannot publish over existing version.`, or, after the tarball's notice, `need auth
This command requires you to be logged in to URL` (npm 11) or `Unable to authenticate, your authentication token
seems to be invalid.` (npm 6). The registry's reason for a 403 says whose matter it is: a name it will not take
(`Package name too similar to existing packages ...`, `You do not have permission to publish "x". Are you logged in
as the correct user?`, npmjs.org's answer for a name someone else owns) is the project's to fix (a rename or a
scope), and a two-factor demand (403 `Two-factor authentication or granular access token with bypass 2fa enabled is
required`, or npm's own EOTP `This operation requires a one-time password` after a 401 `WWW-Authenticate: OTP`) is
the token's kind (an automation or granular token), a setting. `Unable to authenticate` is npm's word for a token
the registry refused on any command (`npm whoami`, an install of a private package: the same lines, no tarball):
the job's secret, which no edit mints either (tool npm-registry when no tarball was packed).

twine (1.13 and 7.0, real samples against a local pypiserver): `Uploading distributions to URL`, then the
registry's refusal, `HTTPError: 400 Client Error: Bad Request for url: URL` (1.x; PyPI's reason for a file it
has is `File already exists.`) or `ERROR    HTTPError: 403 Forbidden from URL` (7.x, its reason on the next
line), or no credentials at all (`ERROR    NonInteractive: Credential not found for username.`); a 5xx is the
registry's own trouble, not a refusal, and no record here. A program's
own `HTTPError` (requests') is no upload's: only after twine's `Uploading distributions to`.

cargo (1.95, real samples against a local sparse index): `cargo publish` with no token for the registry stops at
`error: no token found for `NAME`, please run `cargo login --registry NAME`` (crates.io's: `no token found, please
run `cargo login``); a token the registry refuses fails the upload after `Uploading NAME VERSION (PATH)` with its
`Caused by:` line `the remote server responded with an error (status 403 Forbidden): REASON`.

git push (2.39, real samples against a local bare repository): a deploy's push (gh-pages, a release branch) the
remote refused, ` ! [rejected]        gh-pages -> gh-pages (fetch first)` (or `non-fast-forward`: someone else
pushed first) or ` ! [remote rejected] gh-pages -> gh-pages (pre-receive hook declined)` (a hook or a protected
branch, its `remote: error: ...` above), then `error: failed to push some refs to 'URL'`.

Travis's deploy step (dpl 1.x, 2013-2019; real samples of dpl 1.10.16 run from its source, as travis-build's deploy
addon runs it with `--fold`): dpl opens with its `Installing deploy dependencies` fold (then `Preparing deploy`,
`Deploying application`), prints why it stopped as its last line (`missing api_token`, `Script failed with status
255`, `Please add SURGE_TOKEN in Travis settings ...`), and travis-build then says `failed to deploy`. The script
phase passed (Travis deploys only then), so the deploy's refusal is the job's failure: a record at that verdict,
its message dpl's last lines."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import field

from remediate.facts.parsers.base import Findings, Found, LineRules, Parser, Rule, plain, scan_with, state
from remediate.facts.parsers.handlers import evidence, verdict
from remediate.facts.view import View
from remediate.models import Category

_NPM = r"^npm (?:ERR!|error) "

# What a registry's refusal of the job's token needs, by the publishing tools' codes: no token given (npm's
# ENEEDAUTH, twine's `Credential not found`, cargo's `no token found`), one the registry does not accept or that may
# not publish the package (npm's E401 and E403, twine's 401 and 403 under PyPI's `Invalid or non-existent
# authentication information`, cargo's 401 and 403). No edit of the repository mints a token: reach.py ends such a
# run before any model call, as for credentials' and github_access's codes. A version already published (npm's
# EPUBLISHCONFLICT, twine's 400, cargo's other 4xx) is not one: a version bump in the repository fixes it.
_REFUSED_NEED = (
    "a token the package registry accepts for this publish (the secret the job gives is missing, expired, revoked or "
    "may not publish the package)"
)
_OTP_NEED = (
    "a publish token that needs no one-time password (npm's automation or granular token with 2FA bypass: the "
    "account's two-factor setting asks for a code no CI job can type)"
)
NPM_TOOL, TWINE_TOOL, CARGO_TOOL = "npm-publish", "twine", "cargo-publish"
# Each refusal code with the tool whose record says it (as credentials.TOOL_OF): reach reads a record as a refusal
# only where its tool and code are one of these pairs.
REFUSED_TOOL_OF: dict[str, str] = {
    **dict.fromkeys(("ENEEDAUTH", "E401", "E403", "EOTP"), NPM_TOOL),
    **dict.fromkeys(("credentials", "401", "403"), TWINE_TOOL),
    **dict.fromkeys(("no-token", "refused"), CARGO_TOOL),
}
REFUSED_CODES: dict[str, str] = dict.fromkeys(REFUSED_TOOL_OF, _REFUSED_NEED) | {"EOTP": _OTP_NEED}
# npm's refusal of the job's token outside a publish (`npm whoami`, an install of a private package): its own tool
REGISTRY_TOOL = "npm-registry"
REGISTRY_TOOL_OF = {"E401": REGISTRY_TOOL}
REGISTRY_CODES = {
    "E401": "a token the package registry accepts (the secret the job gives is missing, expired or revoked)"
}

# The registry's reason for npm's E403 over the PUT, by what fixes it; any other reason refuses the token (E403).
_NPM_403_REASONS: tuple[tuple[str, str], ...] = (
    ("cannot publish over", "EPUBLISHCONFLICT"),  # a version it already has: a version bump
    ("Package name too similar to existing packages", "ENAMEPOLICY"),  # a rename
    ("You do not have permission to publish", "ENAMEPOLICY"),  # a name someone else owns: a rename or a scope
    ("one-time password", "EOTP"),  # the account's 2FA: the token's kind
    ("Two-factor authentication", "EOTP"),
)


@state
class _Npm:
    found: Findings = field(default_factory=lambda: Findings(tool=NPM_TOOL))
    packed: bool = False  # `npm notice 📦  name@version`: a publish (or a pack) began

    def publishing(self, _no: int) -> bool:
        return self.packed


def _packed(st: _Npm, _no: int, _m: re.Match[str]) -> None:
    st.packed = True


def _refused(code: str) -> Callable[[_Npm, int, re.Match[str]], None]:
    def handle(st: _Npm, no: int, m: re.Match[str]) -> None:
        st.found.error(no, " ".join(m["msg"].split()), code=code)

    return handle


def _forbidden(st: _Npm, no: int, m: re.Match[str]) -> None:
    """npm's E403 over the PUT, whose reason is the registry's (_NPM_403_REASONS): a version it already has
    (npmjs.org answers `You cannot publish over the previously published versions: 1.0.1.` with 403) is the
    conflict npm 11's own check names, a name policy or a 2FA demand their own codes, anything else a token that
    may not publish."""
    said = " ".join(m["msg"].split())
    code = next((code for reason, code in _NPM_403_REASONS if reason in said), "E403")
    st.found.error(no, said, code=code)


def _unauthenticated(st: _Npm, no: int, m: re.Match[str]) -> None:
    """npm's E401 on any command: a publish's when a tarball was packed, else the registry's refusal of the token
    for what the job fetched or asked."""
    st.found.error(no, " ".join(m["msg"].split()), code="E401", tool=None if st.packed else REGISTRY_TOOL)


_NPM_RULES = LineRules[_Npm](
    Rule(r"^npm notice 📦 ", _packed, starts="npm notice 📦 "),
    Rule(_NPM + r"(?:403 )?(?P<msg>403 Forbidden - PUT \S+.*)$", _forbidden, has=(" - PUT ",)),
    Rule(
        _NPM + r"(?P<msg>You cannot publish over the previously published versions: .+)$",
        _refused("EPUBLISHCONFLICT"),
        has=("cannot publish over",),
    ),
    Rule(
        _NPM + r"publish fail (?P<msg>Cannot publish over existing version\..*)$",
        _refused("EPUBLISHCONFLICT"),
        has=("publish fail Cannot publish over",),
    ),
    Rule(
        _NPM + r"need auth (?P<msg>This command requires you to be logged in.*)$",
        _refused("ENEEDAUTH"),
        has=("need auth This command requires",),
        when=_Npm.publishing,
    ),
    Rule(
        _NPM + r"(?P<msg>Unable to authenticate, your authentication token seems to be invalid\..*)$",
        _unauthenticated,
        has=("Unable to authenticate, ",),
    ),
    Rule(
        _NPM + r"(?P<msg>This operation requires a one-time password.*)$",
        _refused("EOTP"),
        has=("This operation requires a one-time password",),
        when=_Npm.publishing,
    ),
)

NPM_PUBLISH = Parser(
    tool=NPM_TOOL, category=Category.UNKNOWN, parse=scan_with(_NPM_RULES, lambda _view: _Npm()), no_specialist=True
)


TWINE_REASON_LINES = 3  # rich's continuation lines under twine 7's `ERROR HTTPError:` (PyPI's reason takes two)


@state
class _Twine:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool=TWINE_TOOL))
    uploading: bool = False

    def started(self, _no: int) -> bool:
        return self.uploading


def _uploading(st: _Twine, _no: int, _m: re.Match[str]) -> None:
    st.uploading = True


def _registry_reason(view: View, no: int) -> str:
    """The registry's reason twine 7 prints under its HTTPError line, wrapped by rich into lines indented under the
    message (`Invalid or non-existent authentication information. See ...`): the lines that say why."""
    said: list[str] = []
    for line in view.after(no, TWINE_REASON_LINES):
        if not line.text.startswith("  ") or not line.text.strip():
            break
        said.append(line.text.strip())
    return " ".join(said)


def _upload_refused(st: _Twine, no: int, m: re.Match[str]) -> None:
    reason = _registry_reason(st.view, no)
    said = " ".join(m["msg"].split())
    # pypiserver's reason is the status's own phrase (`403 Forbidden` over `Forbidden`): nothing more to say
    shown = f"{said}: {reason}" if reason and reason not in said else said
    st.found.error(no, shown, code=m["status"] or "credentials")


_TWINE = LineRules[_Twine](
    Rule(r"^Uploading distributions to ", _uploading, starts="Uploading distributions to "),
    Rule(
        r"^(?:ERROR\s+)?(?P<msg>HTTPError: (?P<status>4\d\d) .+?)\s*$",
        _upload_refused,
        has=("HTTPError: ",),
        when=_Twine.started,
    ),
    Rule(
        r"^(?:ERROR\s+)?(?P<msg>NonInteractive: .+?)(?P<status>)\s*$",
        _upload_refused,
        has=("NonInteractive: ",),
        when=_Twine.started,
    ),
)

TWINE_UPLOAD = Parser(
    tool=TWINE_TOOL, category=Category.UNKNOWN, parse=scan_with(_TWINE, lambda view: _Twine(view)), no_specialist=True
)


@state
class _Cargo:
    found: Findings = field(default_factory=lambda: Findings(tool=CARGO_TOOL))
    uploading: bool = False  # `Uploading NAME VERSION (PATH)`: packed and verified, now sent

    def sent(self, _no: int) -> bool:
        return self.uploading


def _cargo_uploading(st: _Cargo, _no: int, _m: re.Match[str]) -> None:
    st.uploading = True


def _cargo_no_token(st: _Cargo, no: int, m: re.Match[str]) -> None:
    st.found.error(no, m["msg"], code="no-token")


def _cargo_refused(st: _Cargo, no: int, m: re.Match[str]) -> None:
    """The upload's 4xx: a 401 or 403 refuses the token (`refused`), another (a version the registry has) the
    package (`rejected`)."""
    st.found.error(no, m["msg"], code="refused" if m["status"] in ("401", "403") else "rejected")


_CARGO = LineRules[_Cargo](
    Rule(r"^\s*Uploading \S+ v\S+ \(", _cargo_uploading, has=("Uploading ",)),
    Rule(
        r"^error: (?P<msg>no token found(?: for `[^`]+`)?), please run `cargo login",
        _cargo_no_token,
        starts="error: no token found",
    ),
    Rule(
        r"^\s+(?P<msg>the remote server responded with an error \(status (?P<status>4\d\d)[^)]*\): .+?)\s*$",
        _cargo_refused,
        has=("the remote server responded with an error (status 4",),
        when=_Cargo.sent,
    ),
)

CARGO_PUBLISH = Parser(
    tool=CARGO_TOOL,
    category=Category.UNKNOWN,
    parse=scan_with(_CARGO, lambda _view: _Cargo()),
    no_specialist=True,
)


def _push_refused(st: Found, no: int, m: re.Match[str]) -> None:
    said = "rejected by the remote" if m["remote"] else "rejected"
    message = f"push of {m['src']} to {m['dst']} {said} ({m['why']})"
    st.found.error(no, message, code="remote-rejected" if m["remote"] else "rejected")


_GIT_PUSH = LineRules[Found](
    Rule(
        r"^ ! \[(?P<remote>remote )?rejected\]\s+(?P<src>\S+) -> (?P<dst>\S+) \((?P<why>[^)]+)\)\s*$",
        _push_refused,
        starts=" ! [",
    ),
    Rule(r"^error: failed to push some refs to ", verdict(8.0), starts="error: failed to push some refs to "),
    Rule(r"^remote: error: ", evidence(7.0), starts="remote: error: "),
)

GIT_PUSH = Parser(
    tool="git-push", category=Category.UNKNOWN, parse=scan_with(_GIT_PUSH, plain("git-push")), no_specialist=True
)


DPL_SAID_WITHIN = 4  # lines above travis-build's `failed to deploy` that hold dpl's reason (heroku's is three)
# Lines dpl prints on its way out that are no reason: its fold markers, `git stash pop` undoing its clean-up.
_DPL_NOT_SAID = ("travis_fold:", "travis_time:", "No stash entries found.", "Dropped refs/stash")


@state
class _Dpl:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="dpl"))
    started: bool = False  # dpl's first fold: a deploy ran

    def deploying(self, _no: int) -> bool:
        return self.started


def _dpl_started(st: _Dpl, _no: int, _m: re.Match[str]) -> None:
    st.started = True


def _dpl_said(view: View, no: int) -> str:
    """dpl's reason: the lines right above the verdict, up to a blank line or one of its closing lines."""
    said: list[str] = []
    for above in range(no - 1, max(no - 1 - DPL_SAID_WITHIN, -1), -1):
        text = view.text(above).strip()
        if not text or text.startswith(_DPL_NOT_SAID):
            break
        said.insert(0, text)
    return " ".join(said)


def _deploy_failed(st: _Dpl, no: int, _m: re.Match[str]) -> None:
    said = _dpl_said(st.view, no)
    st.found.error(no, f"the deploy failed: {said}" if said else "the deploy failed", code="deploy-failed")


_DPL = LineRules[_Dpl](
    Rule(r"^Installing deploy dependencies$", _dpl_started, starts="Installing deploy dependencies"),
    Rule(r"^failed to deploy$", _deploy_failed, starts="failed to deploy", when=_Dpl.deploying),
)

DPL = Parser(tool="dpl", category=Category.UNKNOWN, parse=scan_with(_DPL, lambda view: _Dpl(view)), no_specialist=True)
