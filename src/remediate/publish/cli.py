"""The command-line side of publishing: inputs from options and environment, the `publish` command.

Credentials come only from the environment (never from argv, which other processes can read):
  REMEDIATE_APP_ID, REMEDIATE_APP_PRIVATE_KEY (PEM text) or REMEDIATE_APP_PRIVATE_KEY_FILE,
  REMEDIATE_APP_INSTALLATION_ID (optional: looked up from the repository otherwise)
  or a token: REMEDIATE_GITHUB_TOKEN, else GITHUB_TOKEN.
  REMEDIATE_SLACK_WEBHOOK: the Slack incoming webhook (used only if .remediate.toml enables it).
GITHUB_REPOSITORY, GITHUB_API_URL and GITHUB_SERVER_URL (set by GitHub Actions) are the defaults
of --repo and of the API and server URLs. All of them are read through the one settings object,
spec.Settings (an empty variable is an unset one).
"""

from __future__ import annotations

import enum
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from remediate.options import Group, takes
from remediate.status import CIResult, ExitCode
from remediate.terminal import control_character_summary, shown

if TYPE_CHECKING:  # the forge clients (githubkit...) and the models load when a command runs
    from remediate.models import FixReport
    from remediate.publish.config import AppCredentials, PublishConfig, PublishResult
    from remediate.spec import Settings
    from remediate.state import StateStore

err = Console(stderr=True, highlight=False)


class Forge(enum.StrEnum):
    GITHUB = "github"
    GITLAB = "gitlab"


class PublishInputError(ValueError):
    """The publish request cannot be formed (missing repo, commit or credentials)."""


def _app(settings: Settings) -> AppCredentials | None:
    from pydantic import SecretStr

    from remediate.publish.config import AppCredentials

    app_id = (settings.app_id or "").strip()
    key = settings.app_private_key or ""
    if not key and settings.app_private_key_file:
        try:
            key = Path(settings.app_private_key_file).read_text(encoding="utf-8")
        except OSError as exc:
            raise PublishInputError(f"cannot read REMEDIATE_APP_PRIVATE_KEY_FILE: {exc.strerror}") from None
    if not (app_id and key):
        if app_id or key:
            raise PublishInputError("a GitHub App needs both REMEDIATE_APP_ID and REMEDIATE_APP_PRIVATE_KEY")
        return None
    installation = (settings.app_installation_id or "").strip()
    if installation and not installation.isdigit():
        raise PublishInputError("REMEDIATE_APP_INSTALLATION_ID must be a number")
    return AppCredentials(
        app_id=app_id, private_key=SecretStr(key), installation_id=int(installation) if installation else None
    )


def publish_config(
    *,
    source: Path | None,
    repo: str | None = None,
    commit: str | None = None,
    base: str | None = None,
    forge: str = "github",
    environ: Mapping[str, str] | None = None,
) -> PublishConfig:
    from pydantic import SecretStr, ValidationError

    from remediate.errors import validation_text
    from remediate.hostgit import head_commit
    from remediate.publish.config import PublishConfig
    from remediate.spec import Settings

    env = Settings() if environ is None else Settings.of(environ)
    gitlab = forge == "gitlab"
    repo = repo or (env.gitlab_project if gitlab else env.github_repository)
    if not repo:
        raise PublishInputError("--repo is required (or GITHUB_REPOSITORY / CI_PROJECT_PATH)")
    commit = commit or (head_commit(source) if source is not None else None)
    if not commit:
        raise PublishInputError("--commit SHA (the failing commit) is required when --source is not a git checkout")
    common = {
        "repo": repo,
        "failing_commit": commit,
        "base": base or None,
        "slack_webhook": SecretStr(env.slack_webhook) if env.slack_webhook else None,
        "bot_login": env.bot_login,
    }
    try:
        return PublishConfig(**common, **(_gitlab(env) if gitlab else _github(env)))
    except ValidationError as exc:
        raise PublishInputError(validation_text(exc)) from None


def _github(env: Settings) -> dict[str, object]:
    from pydantic import SecretStr

    app = _app(env)
    token = env.github_token
    if app is None and not token:
        raise PublishInputError(
            "no GitHub credentials: set REMEDIATE_APP_ID + REMEDIATE_APP_PRIVATE_KEY, or REMEDIATE_GITHUB_TOKEN"
        )
    return {
        "app": app,
        "token": SecretStr(token) if token and app is None else None,
        "api_url": env.github_api_url or "https://api.github.com",
        "server_url": env.github_server_url or "https://github.com",
    }


def _gitlab(env: Settings) -> dict[str, object]:
    """A project access token of the bot (never CI_JOB_TOKEN: it cannot push or open merge requests)."""
    from pydantic import SecretStr

    token = env.gitlab_token
    if not token:
        raise PublishInputError("no GitLab credentials: set REMEDIATE_GITLAB_TOKEN (a project access token)")
    server = env.gitlab_server_url or "https://gitlab.com"
    return {"forge": "gitlab", "token": SecretStr(token), "api_url": server, "server_url": server}


def exit_code_of(result: PublishResult) -> int:
    from remediate.publish.config import PublishStatus

    if result.ok:
        return int(ExitCode.FIXED)
    if result.status == PublishStatus.REFUSED:
        return int(ExitCode.REFUSED)
    if result.status == PublishStatus.SKIPPED:
        return int(ExitCode.NOT_FIXED)
    return int(ExitCode.ERROR)


def summary(result: PublishResult) -> str:
    where = f" {result.pr_url}" if result.pr_url else ""
    return f"publish: {result.status.value}{where} - {result.message}"


async def publish_fix(
    report: FixReport, cfg: PublishConfig, *, on_event: Callable[[str], None] | None = None
) -> PublishResult:
    """remediate.publish.core.publish_fix, loaded (with the forge clients) only to publish."""
    from remediate.publish.core import publish_fix as publish

    return await publish(report, cfg, on_event=on_event)


def run_publish(report: FixReport, cfg: PublishConfig, *, quiet: bool = False) -> PublishResult:
    """A stop signal cancels the publish (its git process groups are killed) and raises `Interrupted`."""
    from remediate.interrupt import run_stoppable

    on_event = None if quiet else (lambda text: err.print(text, markup=False, style="dim"))

    async def go() -> PublishResult:
        return await publish_fix(report, cfg, on_event=on_event)

    return run_stoppable(go)


class PublishCommandOptions(Group):
    """`remediate publish`'s options, each declared once (options.takes builds the signature)."""

    report: Annotated[Path, typer.Option(help="report.json of a `remediate fix` run (its --out dir)")]
    check: Annotated[
        str | None, typer.Option(help="Optional: must equal the report's check (the report carries it)")
    ] = None
    source: Annotated[Path, typer.Option(help="The project checkout (its HEAD is the default --commit)")] = Path(".")
    repo: Annotated[str | None, typer.Option(help="owner/name on GitHub (default: $GITHUB_REPOSITORY)")] = None
    commit: Annotated[str | None, typer.Option(help="The failing commit (default: HEAD of --source)")] = None
    base: Annotated[str | None, typer.Option(help="The PR's target (default: the repository's default branch)")] = None
    as_json: Annotated[bool, typer.Option("--json", help="Print the PublishResult as JSON")] = False
    allow_control_chars: Annotated[
        bool, typer.Option(help="Publish a patch that holds control characters (read it first)")
    ] = False
    state: Annotated[
        str,
        typer.Option(envvar="REMEDIATE_STATE", help="Attempt store that records the PR for `remediate outcome`"),
    ] = "off"
    forge: Annotated[Forge, typer.Option(help="Where the repository lives: github (PR) or gitlab (MR)")] = Forge.GITHUB


@takes(PublishCommandOptions)
def publish_command(options: PublishCommandOptions) -> None:
    """Publish a verified fix as a remediate/<slug>-<key8> branch and a pull request (idempotent)."""
    from pydantic import ValidationError

    from remediate.models import FixReport
    from remediate.state import StateError, open_store

    report, check = options.report, options.check
    path = report / "report.json" if report.is_dir() else report
    try:
        fix_report = FixReport.model_validate_json(path.read_bytes())
    except (OSError, ValidationError) as exc:
        err.print(f"remediate: cannot read the report {path}: {type(exc).__name__}", markup=False)
        raise typer.Exit(int(ExitCode.BAD_INPUT)) from None
    ran = fix_report.check.command if fix_report.check is not None else ""
    if check is not None and " ".join(check.split()) != " ".join(ran.split()):
        err.print("remediate: --check differs from the report's check; the report's is the one fixed", markup=False)
        raise typer.Exit(int(ExitCode.BAD_INPUT))
    try:
        cfg = publish_config(
            source=options.source,
            repo=options.repo,
            commit=options.commit or fix_report.commit,
            base=options.base,
            forge=options.forge.value,
        )
    except PublishInputError as exc:
        err.print(f"remediate: {exc}", markup=False)
        raise typer.Exit(int(ExitCode.BAD_INPUT)) from None
    if not options.allow_control_chars and (hidden := control_character_summary(fix_report.patch)):
        err.print(shown(f"remediate: not published: {hidden}; pass --allow-control-chars after reading it"))
        raise typer.Exit(int(ExitCode.REFUSED))
    try:
        store = None if options.state == "off" else open_store(options.state)
    except StateError as exc:
        err.print(f"remediate: the attempt store is unavailable: {exc}", markup=False)
        raise typer.Exit(int(ExitCode.REFUSED)) from None
    result = run_publish(fix_report, cfg, quiet=options.as_json)
    record_publication(store, fix_report, result)
    if options.as_json:
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")
    else:
        err.print(shown(summary(result)))
    raise typer.Exit(exit_code_of(result))


def record_publication(store: StateStore | None, report: FixReport, result: PublishResult) -> None:
    """A published fix keeps its attempt active (`pr_open`) until `remediate outcome` ends it.

    A report made elsewhere (the Dagger module) has no attempt row yet: it gets one, so that the
    outcome and the one-active-attempt rule apply to it too."""
    from remediate.interrupt import run_stoppable
    from remediate.state import AttemptRefused, Published, StateError

    if store is None or not result.ok or result.branch is None:
        return
    project = report.project or result.repo or ""
    try:
        if store.get_sync(report.run_id) is None:
            store.begin_sync(project, result.key or "", report.run_id, 60.0, retry_of=report.retry_of)
    except (StateError, AttemptRefused) as exc:
        err.print(f"publish: the attempt store could not record the PR: {exc}", markup=False)
        return
    published = Published(
        project=project,
        branch=result.branch,
        pr_url=result.pr_url or "",
        attempt_no=report.attempt,
        retry_of=report.retry_of,
    )
    try:
        run_stoppable(lambda: store.mark_published(report.run_id, published))
    except StateError as exc:
        err.print(f"publish: the attempt store could not record the PR: {exc}", markup=False)


def outcome_command(
    branch: Annotated[str, typer.Option(help="The fix branch CI ran on (remediate/<slug>-<key8>)")],
    result: Annotated[CIResult, typer.Option(help="What CI (or a person) says about the fix")],
    state: Annotated[
        str | None,
        typer.Option(
            envvar="REMEDIATE_STATE", help="The attempt store the fix run used [default: the fix's own default]"
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the OutcomeResult as JSON")] = False,
) -> None:
    """Record how a published fix ended (succeeded / failed / cancelled) and notify once (docs/ci.md)."""
    from remediate.interrupt import run_stoppable
    from remediate.publish.outcome import not_a_fix_branch, record_outcome
    from remediate.spec import Settings, default_state
    from remediate.state import StateError, open_store

    if wrong := not_a_fix_branch(branch):
        err.print(f"remediate: {wrong}", markup=False)
        raise typer.Exit(int(ExitCode.BAD_INPUT))
    try:
        store = open_store(state if state is not None else default_state())
        done = run_stoppable(lambda: record_outcome(store, branch, result, webhook=Settings().slack_webhook))
    except StateError as exc:
        err.print(f"remediate: the attempt store is unavailable: {exc}", markup=False)
        raise typer.Exit(int(ExitCode.ERROR)) from None
    if as_json:
        sys.stdout.write(done.model_dump_json(indent=2) + "\n")
    else:
        err.print(shown(f"outcome: {done.message}" + (f" ({done.pr_url})" if done.pr_url else "")))
    raise typer.Exit(int(ExitCode.FIXED))
