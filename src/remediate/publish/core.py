"""Publish a verified fix: branch, commit, push, pull request; idempotent by the run's key.

Order of the walls (each refuses before the next can write anything):
1. the report must be a verified fix with a patch; the project must not have disabled publishing;
   the patch must not touch CI config, `.remediate.toml` or `.git/`;
2. the branch name is computed (never taken from the model) and checked against remediate's own
   pattern, the base branch and the protected patterns, before any network call;
3. after reading the repository (default branch) and the rulesets that apply to the branch name,
   the same checks again with what GitHub says;
4. idempotency: a remote branch carrying this key (trailer `Remediate-Key`) means an earlier run
   got that far: its PR is returned, or opened if that run stopped before it (crash recovery);
5. otherwise: commit on the failing commit, push create-only (never moves an existing branch; of two
   concurrent runs one push wins, the other finds the winner's branch), open the PR (a 422
   "already exists" returns the other run's PR), then auto-merge and notification if enabled.
Every path returns a typed `PublishResult`; every string in it is redacted with the token among
the secrets.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

import httpx

from remediate.diffs import changed_paths
from remediate.facts.redact import Redactor
from remediate.keys import idempotency_key, short_key
from remediate.models import FixReport, Status
from remediate.publish import message
from remediate.publish.config import (
    BUILTIN_PROTECTED,
    CONFIG_FILE,
    AutoMerge,
    ConfigError,
    ProjectConfig,
    PublishConfig,
    PublishResult,
    PublishStatus,
)
from remediate.publish.git import GitError, GitRepo, Runner, auth_header, run_process
from remediate.publish.github import GitHubAPI, GitHubError, PullInfo, installation_token, retry_policy
from remediate.publish.naming import (
    BRANCH_RE,
    PREFIX,
    BranchRefused,
    branch_name,
    ensure_base_allowed,
    ensure_writable,
)
from remediate.publish.notify import post_slack

log = logging.getLogger(__name__)

# Paths a published fix may never touch, whatever the run allowed: the token has no `workflows`
# permission, and a fix must not change the rules it is published under.
UNPUBLISHABLE = (".github/", ".gitlab-ci.yml", ".git/", CONFIG_FILE)


# Loggers that may print a URL or a message carrying a secret (httpx logs every request URL, and a
# Slack webhook URL is a secret): while publishing, their records pass through the run's Redactor.
_REDACTED_LOGGERS = ("httpx", "httpcore", "githubkit", "remediate.publish")


class _RedactingFilter(logging.Filter):
    def __init__(self, redactor: Callable[[], Redactor]) -> None:
        super().__init__()
        self._redactor = redactor

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self._redactor().redact(record.getMessage())
        record.args = None
        if record.exc_info is not None:
            record.exc_text = self._redactor().redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


@contextmanager
def _redacting_logs(redactor: Callable[[], Redactor]) -> Iterator[None]:
    flt = _RedactingFilter(redactor)
    loggers = [logging.getLogger(name) for name in _REDACTED_LOGGERS]
    for logger in loggers:
        logger.addFilter(flt)
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeFilter(flt)


class _Refused(Exception):
    def __init__(self, status: PublishStatus, text: str) -> None:
        super().__init__(text)
        self.status = status
        self.text = text


def _touches_unpublishable(paths: list[str]) -> list[str]:
    bad = []
    for path in paths:
        p = PurePosixPath(path).as_posix()
        while p.startswith("./"):
            p = p[2:]
        if any(p == u.rstrip("/") or (u.endswith("/") and p.startswith(u)) for u in UNPUBLISHABLE):
            bad.append(path)
    return bad


class _Publisher:
    def __init__(
        self,
        report: FixReport,
        cfg: PublishConfig,
        transport: httpx.AsyncBaseTransport | None,
        runner: Runner,
        scratch: Path,
        on_event: Callable[[str], None] | None,
    ) -> None:
        self.report, self.cfg, self.transport, self.runner = report, cfg, transport, runner
        self.scratch = scratch
        self.on_event = on_event
        self.secrets = cfg.secrets()
        self.redactor = Redactor(self.secrets)
        self.retry = retry_policy(cfg.max_rate_limit_wait_s, cfg.rate_limit_retries)
        self.actions: list[str] = []
        self.key: str | None = None
        self.branch: str | None = None
        self.base: str | None = cfg.base
        self.commit_sha: str | None = None

    def say(self, text: str) -> None:
        text = self.redactor.redact(text)
        log.info("%s", text)
        if self.on_event is not None:
            self.on_event(text)

    def add_secret(self, value: str) -> None:
        self.secrets += [value, auth_header(value)]
        self.redactor = Redactor(self.secrets)

    def result(
        self,
        status: PublishStatus,
        text: str,
        pull: PullInfo | None = None,
        auto_merge: AutoMerge = AutoMerge.OFF,
        notified: bool = False,
    ) -> PublishResult:
        return PublishResult(
            status=status,
            message=text,
            repo=self.cfg.repo,
            key=self.key,
            branch=self.branch,
            base=self.base,
            commit_sha=self.commit_sha,
            pr_number=pull.number if pull else None,
            pr_url=pull.url if pull else None,
            pr_state=("merged" if pull.merged else pull.state) if pull else None,
            actions=list(self.actions),
            auto_merge=auto_merge,
            notified=notified,
        )

    # ------------------------------------------------------------------ the flow

    async def run(self) -> PublishResult:
        report, cfg = self.report, self.cfg
        if report.status != Status.FIXED or not report.patch.strip():
            return self.result(PublishStatus.SKIPPED, f"nothing to publish: the run ended {report.status.value}")
        if report.facts is None:
            raise _Refused(PublishStatus.REFUSED, "the report has no facts: the idempotency key cannot be computed")
        project = ProjectConfig.load(cfg.source_dir)
        settings = project.publish
        if not settings.enabled:
            raise _Refused(
                PublishStatus.REFUSED, f"publishing is disabled by {CONFIG_FILE} ([publish] enabled = false)"
            )
        bad = _touches_unpublishable(sorted({*report.changed_files, *changed_paths(report.patch)}))
        if bad:
            raise _Refused(PublishStatus.REFUSED, f"the patch touches paths a published fix may not: {', '.join(bad)}")

        # Wall 2: computed by code, checked before any network call.
        self.key = idempotency_key(cfg.repo, cfg.failing_commit, cfg.check, report.facts.fingerprint_basis())
        self.branch = branch_name(report, self.key)
        protected = [*BUILTIN_PROTECTED, *settings.protected_branches]
        if cfg.base:
            ensure_base_allowed(cfg.base)
        ensure_writable(self.branch, protected=protected, default_branch=None, base=cfg.base)

        token = await self.token()
        api = GitHubAPI(
            token,
            cfg.owner,
            cfg.name,
            api_url=cfg.api_url,
            transport=self.transport,
            retry=self.retry,
            redactor=self.redactor,
        )
        # Wall 3: what GitHub says.
        info = await api.repo_info()
        self.base = cfg.base or info.default_branch
        ensure_base_allowed(self.base)
        ensure_writable(self.branch, protected=protected, default_branch=info.default_branch, base=self.base)
        rules = await api.restricting_rules(self.branch)
        if rules:
            raise _Refused(
                PublishStatus.REFUSED,
                f"refusing to write {self.branch}: repository rules apply to it ({', '.join(rules)})",
            )

        git = GitRepo(
            path=self.scratch / "repo",
            remote=cfg.remote_url,
            redactor=self.redactor,
            author_name=settings.author_name,
            author_email=settings.author_email,
            token=token,
            runner=self.runner,
        )
        await git.init()

        # Wall 4: an earlier run for this key.
        existing = await self.find_own_branch(git)
        if existing is None:
            self.say(f"[publish] committing on {cfg.failing_commit[:12]} for {self.branch}")
            await git.fetch_commit(cfg.failing_commit)
            await git.apply(report.patch, self.scratch)
            self.commit_sha = await git.commit(message.commit_message(report, self.key, self.redactor), self.scratch)
            if await git.push_new_branch(self.commit_sha, self.branch):
                self.actions.append("push")
                self.say(f"[publish] pushed {self.branch}")
            else:  # a concurrent run created it between our lookup and our push
                self.commit_sha = None
                existing = await self.find_own_branch(git)
                if existing is None:
                    raise _Refused(PublishStatus.REFUSED, f"{self.branch} appeared on the remote without this key")
        if existing is not None:
            self.branch, self.commit_sha = existing
            pull = await api.find_pr(self.branch)
            if pull is not None:
                self.say(f"[publish] {self.branch} already has PR #{pull.number} ({pull.state}); nothing to do")
                return self.result(
                    PublishStatus.EXISTS,
                    f"already published: PR #{pull.number} ({pull.state}) from {self.branch}",
                    pull,
                )

        pull, created = await api.create_pr(
            self.branch,
            self.base,
            message.pr_title(report, self.redactor),
            message.pr_body(report, self.key, self.redactor),
            settings.draft,
        )
        if created:
            self.actions.append("create_pr")
            self.say(f"[publish] opened PR #{pull.number}: {pull.url}")
        auto = AutoMerge.OFF
        if created and settings.auto_merge:
            if not info.allow_auto_merge:
                auto = AutoMerge.UNAVAILABLE
            else:
                auto = await api.enable_auto_merge(pull, settings.merge_method)
                if auto == AutoMerge.ENABLED:
                    self.actions.append("enable_auto_merge")
        notified = False
        if created and project.notify.slack.enabled and cfg.slack_webhook is not None:
            notified = await post_slack(
                cfg.slack_webhook.get_secret_value(),
                message.slack_text(report, pull.url, self.redactor),
                self.redactor,
                self.transport,
            )
            if notified:
                self.actions.append("notify_slack")

        if "push" in self.actions:
            status, text = PublishStatus.CREATED, f"pushed {self.branch} and opened PR #{pull.number}"
            if not created:
                text = f"pushed {self.branch}; PR #{pull.number} was opened by a concurrent run"
        elif created:
            status, text = (
                PublishStatus.COMPLETED,
                f"{self.branch} was pushed by an earlier run; opened PR #{pull.number}",
            )
        else:
            status, text = PublishStatus.EXISTS, f"already published: PR #{pull.number} from {self.branch}"
        return self.result(status, text, pull, auto_merge=auto, notified=notified)

    async def token(self) -> str:
        cfg = self.cfg
        if cfg.token is not None:
            return cfg.token.get_secret_value()
        if cfg.app is None:
            raise _Refused(
                PublishStatus.REFUSED, "no GitHub credentials: give a GitHub App (id + private key) or a token"
            )
        token = await installation_token(
            cfg.app,
            cfg.owner,
            cfg.name,
            api_url=cfg.api_url,
            transport=self.transport,
            retry=self.retry,
            redactor=self.redactor,
        )
        self.add_secret(token)
        return token

    async def find_own_branch(self, git: GitRepo) -> tuple[str, str] | None:
        """The remote branch for this key: `remediate/*-<key8>` whose tip carries `Remediate-Key: <key>`."""
        assert self.key is not None
        suffix = f"-{short_key(self.key)}"
        candidates = {
            name: sha
            for name, sha in (await git.remote_branches(f"{PREFIX}*")).items()
            if name.endswith(suffix) and BRANCH_RE.match(name)
        }
        for name in sorted(candidates):
            value = await git.trailer_of(name, message.TRAILER_KEY)
            if value == self.key:
                return name, candidates[name]
            raise _Refused(
                PublishStatus.REFUSED,
                f"{name} ends with this key's prefix but does not carry {message.TRAILER_KEY}: {self.key}; "
                "refusing to touch a branch remediate did not write for this failure",
            )
        return None


async def publish_fix(
    report: FixReport,
    cfg: PublishConfig,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    runner: Runner = run_process,
    scratch_dir: Path | None = None,
    on_event: Callable[[str], None] | None = None,
) -> PublishResult:
    """Publish `report` as a branch and pull request; never raises, always a redacted result."""
    with tempfile.TemporaryDirectory(prefix="remediate-publish-", dir=scratch_dir) as tmp:
        publisher = _Publisher(report, cfg, transport, runner, Path(tmp), on_event)
        try:
            with _redacting_logs(lambda: publisher.redactor):
                result = await publisher.run()
        except _Refused as exc:
            result = publisher.result(exc.status, exc.text)
        except BranchRefused as exc:
            result = publisher.result(PublishStatus.REFUSED, str(exc))
        except (GitError, GitHubError, ConfigError) as exc:
            result = publisher.result(PublishStatus.ERROR, str(exc))
        except Exception as exc:  # the one place surprises become a typed status
            log.error("internal error while publishing: %s", type(exc).__name__)
            result = publisher.result(PublishStatus.ERROR, f"internal error: {type(exc).__name__}: {exc}")
    # Last wall: nothing in the result may carry a secret, whatever path put it there.
    return PublishResult.model_validate_json(publisher.redactor.redact(result.model_dump_json()))
