"""Publish a verified fix: branch, commit, push, pull request; idempotent by the run's key.

Order of the walls (each refuses before the next can write anything):
1. the report must be a verified fix with a patch, its check and key come from the report;
2. what the forge says: the base (default branch unless given), `.remediate.toml` read from the base
   (never from the commit under repair), the failing commit must be on the base, the branch name
   (computed, never from the model) must not be protected or restricted by rules the bot cannot bypass;
3. the patch is applied to the failing commit in a scratch repository; it may not touch CI config,
   CODEOWNERS, `.gitattributes`, `.gitmodules`, `.remediate.toml`, `.git/` or CI include files
   (both sides of renames and copies are judged);
4. idempotency: a remote branch for this key is adopted only if remediate provably built it - its
   parent is the failing commit, its tree is the tree just built from the verified patch, its
   committer is the bot and it carries this key; a pull request is adopted only if the bot opened it
   into this base. Anything else is refused loudly, never reported as the fix;
5. otherwise: commit on the failing commit, push create-only (never moves an existing branch; of two
   concurrent runs one push wins, the other finds the winner's branch), open the PR (a 422
   "already exists" returns the other run's PR after the same checks), then auto-merge and
   notification if enabled. A retry whose failing commit is remediate's own fix stacks one commit
   on that fix's branch (the push moves it only from that exact commit) and keeps its PR.
Every path returns a typed `PublishResult`; every string in it is redacted with the token among
the secrets.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import httpx

from remediate.diffs import changed_paths
from remediate.errors import StatusStop
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
from remediate.publish.forge import Forge, ForgeError, PullInfo, RepoInfo
from remediate.publish.git import CommitInfo, GitError, GitRepo, Runner, auth_header, run_process
from remediate.publish.github import GitHubAPI, GitHubRepo, installation_token, retry_policy
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
# permission, and a fix must not change the rules it is published under (who reviews, how files are
# filtered or merged, which submodules and CI includes are pulled in).
UNPUBLISHABLE = (
    ".github/",
    ".gitlab/",
    ".gitlab-ci.yml",
    ".gitlab-ci.yaml",
    ".circleci/",
    ".buildkite/",
    ".travis.yml",
    "azure-pipelines.yml",
    "bitbucket-pipelines.yml",
    "Jenkinsfile",
    ".gitmodules",
    "CODEOWNERS",
    "docs/CODEOWNERS",
    CONFIG_FILE,
)
# Names refused in any directory.
UNPUBLISHABLE_NAMES = (".gitattributes", ".git")
UNPUBLISHABLE_SUFFIXES = (".gitlab-ci.yml", ".gitlab-ci.yaml")
# `include: local: path` (or `- local: path`) in the base's .gitlab-ci.yml: those files are CI config too.
_GITLAB_LOCAL_INCLUDE = re.compile(r"""^\s*-?\s*local\s*:\s*['"]?/?([^'"\s#]+)""", re.MULTILINE)
_PATCH_SIDES = re.compile(r"^(?:rename|copy) (?:from|to) (.+)$|^(?:---|\+\+\+) [ab]/(.+)$", re.MULTILINE)


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


class _Refused(StatusStop[PublishStatus]):
    """Ends a publish early with its status and message."""


def _normal(path: str) -> str:
    p = PurePosixPath(path.strip().strip('"')).as_posix()
    while p.startswith("./"):
        p = p[2:]
    return p.lstrip("/")


def _touches_unpublishable(paths: list[str], extra: tuple[str, ...] = ()) -> list[str]:
    bad = []
    for path in paths:
        p = _normal(path)
        parts = p.split("/")
        rules = (*UNPUBLISHABLE, *extra)
        if (
            any(p.lower() == u.rstrip("/").lower() or (u.endswith("/") and p.startswith(u)) for u in rules)
            or any(part in UNPUBLISHABLE_NAMES for part in parts)
            or p.endswith(UNPUBLISHABLE_SUFFIXES)
        ):
            bad.append(path)
    return bad


def patch_paths(patch: str) -> list[str]:
    """Every path a patch names: both sides of renames and copies, old and new names of every file."""
    found = {m.group(1) or m.group(2) for m in _PATCH_SIDES.finditer(patch)}
    return sorted({*changed_paths(patch), *(p.strip() for p in found if p)})


def gitlab_includes(ci_yaml: str | None) -> tuple[str, ...]:
    return tuple(sorted({m.group(1) for m in _GITLAB_LOCAL_INCLUDE.finditer(ci_yaml or "")}))


@dataclass
class _Target:
    """Where the commit goes: a new branch (expect "") or, for a retry, on top of its own fix (expect = tip)."""

    branch: str
    parent: str
    expect: str = ""
    pull: PullInfo | None = None


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
        self.stacked = False  # a retry pushed one more commit on its own fix's branch (same PR)
        self.key: str | None = None
        self.branch: str | None = None
        self.base: str | None = cfg.base
        self.commit_sha: str | None = None
        self.token = ""
        self.project = ProjectConfig()
        self.extra_unpublishable: tuple[str, ...] = ()

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
            attempt=self.report.attempt,
            retry_of=self.report.retry_of,
        )

    # ------------------------------------------------------------------ the flow

    async def run(self) -> PublishResult:
        if self.report.status != Status.FIXED or not self.report.patch.strip():
            return self.result(PublishStatus.SKIPPED, f"nothing to publish: the run ended {self.report.status.value}")
        self._name(self._precheck())
        forge = await self._forge()
        info = await self._read_base(forge)
        await self._check_branch(forge, info)
        git = await self._workspace()
        tree = await self._build(git)
        target = await self._target(forge, git)
        pull = await self._branch(forge, git, target, tree)
        if pull is not None:
            self.say(f"[publish] {self.branch} already has PR #{pull.number} ({pull.state}); nothing to do")
            return self.result(
                PublishStatus.EXISTS, f"already published: PR #{pull.number} ({pull.state}) from {self.branch}", pull
            )
        return await self._open_pr(forge, info)

    def _precheck(self) -> str:
        """The check and key inputs come from the report; a report for another commit is refused."""
        report = self.report
        if report.facts is None:
            raise _Refused(PublishStatus.REFUSED, "the report has no facts: the idempotency key cannot be computed")
        if report.check is None:
            raise _Refused(
                PublishStatus.REFUSED, "the report does not name its check: publish a report of this version"
            )
        if report.commit and report.commit.lower() != self.cfg.failing_commit:
            raise _Refused(
                PublishStatus.REFUSED,
                f"the report is for commit {report.commit[:12]}, not {self.cfg.failing_commit[:12]}: "
                "refusing to mix them",
            )
        bad = _touches_unpublishable(sorted({*report.changed_files, *patch_paths(report.patch)}))
        if bad:
            raise _Refused(PublishStatus.REFUSED, f"the patch touches paths a published fix may not: {', '.join(bad)}")
        return report.check.command

    async def _forge(self) -> Forge:
        cfg = self.cfg
        if cfg.forge == "gitlab":
            from remediate.publish.gitlab import gitlab_forge  # python-gitlab loads only for GitLab

            if cfg.token is None:
                raise _Refused(PublishStatus.REFUSED, "no GitLab credentials: give a project access token")
            self.token = cfg.token.get_secret_value()
            return await gitlab_forge(cfg, self.token, self.redactor, self.transport)
        bot = cfg.bot_login
        target = GitHubRepo(cfg.owner, cfg.name, cfg.api_url, self.transport, self.retry, self.redactor)
        if cfg.token is not None:
            self.token = cfg.token.get_secret_value()
        elif cfg.app is not None:
            self.token, bot = await installation_token(cfg.app, target)
            self.add_secret(self.token)
        else:
            raise _Refused(
                PublishStatus.REFUSED, "no GitHub credentials: give a GitHub App (id + private key) or a token"
            )
        return GitHubAPI(self.token, target, bot_login=bot)

    async def _read_base(self, forge: Forge) -> RepoInfo:
        """The base, the project's settings as the base has them, and the failing commit's place on the base."""
        info = await forge.repo_info()
        self.base = self.cfg.base or info.default_branch
        ensure_base_allowed(self.base)
        self.project = ProjectConfig.parse(
            await forge.read_file(self.base, CONFIG_FILE), f"{CONFIG_FILE} on {self.base}"
        )
        settings = self.project.publish
        if not settings.enabled:
            raise _Refused(
                PublishStatus.REFUSED,
                f"publishing is disabled by {CONFIG_FILE} on {self.base} ([publish] enabled = false)",
            )
        if self.report.attempt > 1 + settings.max_retries:
            raise _Refused(
                PublishStatus.REFUSED,
                f"attempt {self.report.attempt} is beyond the project's retry limit ({settings.max_retries}): "
                "a person should look at it",
            )
        if not self.report.retry_of and not await forge.is_ancestor(self.cfg.failing_commit, self.base):
            raise _Refused(
                PublishStatus.REFUSED,
                f"the failing commit {self.cfg.failing_commit[:12]} is not on {self.base}: a fix of an unmerged "
                "branch would carry its unreviewed commits into the pull request",
            )
        includes = gitlab_includes(await forge.read_file(self.base, ".gitlab-ci.yml"))
        self.extra_unpublishable = includes
        bad = _touches_unpublishable(patch_paths(self.report.patch), includes)
        if bad:
            raise _Refused(PublishStatus.REFUSED, f"the patch touches paths a published fix may not: {', '.join(bad)}")
        return info

    def _name(self, check: str) -> None:
        report, cfg = self.report, self.cfg
        assert report.facts is not None
        computed = idempotency_key(cfg.repo, cfg.failing_commit, check, report.facts.fingerprint_basis(), cfg.base)
        # The run's own key when it was computed for this project; the same inputs otherwise.
        same_project = (report.project or "").lower() == cfg.repo.lower()
        self.key = report.attempt_key if report.attempt_key and same_project else computed
        self.branch = branch_name(report, self.key)
        # Before any network call: what code alone can refuse.
        if cfg.base:
            ensure_base_allowed(cfg.base)
        ensure_writable(self.branch, protected=BUILTIN_PROTECTED, default_branch=None, base=cfg.base)

    async def _check_branch(self, forge: Forge, info: RepoInfo) -> None:
        assert self.branch is not None
        protected = [*BUILTIN_PROTECTED, *self.project.publish.protected_branches]
        ensure_writable(self.branch, protected=protected, default_branch=info.default_branch, base=self.base)
        rules = await forge.restricting_rules(self.branch)
        if rules:
            raise _Refused(
                PublishStatus.REFUSED,
                f"refusing to write {self.branch}: repository rules the bot cannot bypass apply to it "
                f"({', '.join(rules)}); reserve {PREFIX}** for the bot with a bypass (docs/ci.md)",
            )

    async def _workspace(self) -> GitRepo:
        settings = self.project.publish
        git = GitRepo(
            path=self.scratch / "repo", remote=self.cfg.remote_url, redactor=self.redactor,
            author_name=settings.author_name, author_email=settings.author_email, token=self.token,
            runner=self.runner,
        )  # fmt: skip
        await git.init()
        return git

    async def _build(self, git: GitRepo) -> str:
        """The verified patch on the failing commit, staged; the tree it makes (what any adopted branch must hold)."""
        self.say(f"[publish] applying the verified patch on {self.cfg.failing_commit[:12]}")
        await git.fetch_commit(self.cfg.failing_commit)
        await git.apply(self.report.patch, self.scratch)
        bad = _touches_unpublishable(await git.staged_paths(), self.extra_unpublishable)
        if bad:
            raise _Refused(PublishStatus.REFUSED, f"the patch touches paths a published fix may not: {', '.join(bad)}")
        return await git.staged_tree()

    async def _target(self, forge: Forge, git: GitRepo) -> _Target:
        """A fresh branch on the failing commit; for a retry of remediate's own fix, that fix's branch."""
        assert self.branch is not None
        if not self.report.retry_of or await forge.is_ancestor(self.cfg.failing_commit, self.base or ""):
            # A fresh failure, or a retry after the fix was merged (the job failed again on the base): a new branch.
            return _Target(self.branch, self.cfg.failing_commit)
        failing = await git.commit_info(self.cfg.failing_commit)
        problems = self._foreign(failing, None, None)
        tips = await git.remote_branches(f"{PREFIX}*")
        branch = next((n for n, sha in sorted(tips.items()) if sha == failing.sha and BRANCH_RE.match(n)), None)
        if branch is None:
            problems.append(f"no {PREFIX}* branch has {failing.sha[:12]} as its tip")
        if not failing.parents or not await forge.is_ancestor(failing.parents[0], self.base or ""):
            problems.append(f"its parent is not on {self.base}")
        if problems or branch is None:
            raise _Refused(
                PublishStatus.REFUSED,
                f"retry of {self.report.retry_of}: the failing commit is not a fix remediate published: "
                + "; ".join(problems),
            )
        pull = await forge.find_pr(branch)
        if pull is None or pull.state != "open":
            raise _Refused(PublishStatus.REFUSED, f"retry: {branch} has no open pull request to update")
        self._check_pull(forge, pull, await forge.bot_login())
        return _Target(branch, failing.sha, expect=failing.sha, pull=pull)

    def _foreign(self, tip: CommitInfo, parent: str | None, tree: str | None) -> list[str]:
        """Why a commit is not one this bot built for this key (empty: it is)."""
        settings = self.project.publish
        problems = []
        if parent is not None and tip.parents != (parent,):
            problems.append(f"its parent is not the failing commit {parent[:12]}")
        if tree is not None and tip.tree != tree:
            problems.append("its tree differs from the verified patch applied to the failing commit")
        if tip.committer != f"{settings.author_name} <{settings.author_email}>":
            problems.append(f"its committer is not {settings.author_name}")
        carried = message.trailers(tip.message).get(message.TRAILER_KEY, "")
        if parent is not None and carried != self.key:
            problems.append(f"it does not carry {message.TRAILER_KEY}: {self.key}")
        elif not carried:
            problems.append(f"it carries no {message.TRAILER_KEY}")
        return problems

    def _check_pull(self, forge: Forge, pull: PullInfo, bot: str | None) -> None:
        problems = []
        if bot is None:
            problems.append(
                f"the bot's login is unknown (give REMEDIATE_BOT_LOGIN), so its author {pull.author!r} "
                "cannot be checked"
            )
        elif pull.author.lower() != bot.lower():
            problems.append(f"it was opened by {pull.author!r}, not by {bot!r}")
        if pull.base != self.base:
            problems.append(f"its base is {pull.base!r}, not {self.base!r}")
        if problems:
            raise _Refused(
                PublishStatus.REFUSED,
                f"{forge.name} #{pull.number} from {pull.head} is not the bot's pull request for this fix: "
                + "; ".join(problems),
            )

    async def _branch(self, forge: Forge, git: GitRepo, target: _Target, tree: str) -> PullInfo | None:
        """Push the commit, or adopt the branch an earlier run pushed; the adopted branch's PR when it has one."""
        self.branch = target.branch
        if target.expect:  # a retry: one more commit on its own fix's branch, same PR
            self.stacked = await self._commit_and_push(git, target)
            return None
        existing = await self._own_branch(git, tree)
        if existing is None:
            if await self._commit_and_push(git, target):
                return None
            existing = await self._own_branch(git, tree)  # a concurrent run created it after our lookup
            if existing is None:
                raise _Refused(PublishStatus.REFUSED, f"{self.branch} appeared on the remote without this key")
        self.branch, self.commit_sha = existing
        pull = await forge.find_pr(self.branch)
        if pull is not None:
            self._check_pull(forge, pull, await forge.bot_login())
        return pull

    async def _commit_and_push(self, git: GitRepo, target: _Target) -> bool:
        assert self.key is not None
        commit_message = message.commit_message(self.report, self.key, self.redactor)
        self.commit_sha = await git.commit(commit_message, self.scratch)
        if await git.push_new_branch(self.commit_sha, target.branch, expect=target.expect):
            self.actions.append("push")
            self.say(f"[publish] pushed {target.branch}")
            return True
        if target.expect:
            raise _Refused(PublishStatus.REFUSED, f"{target.branch} moved while retrying: nothing was pushed")
        self.commit_sha = None
        return False

    async def _own_branch(self, git: GitRepo, tree: str) -> tuple[str, str] | None:
        """The remote branch for this key, adopted only if this bot provably built it from this patch."""
        assert self.key is not None
        suffix = f"-{short_key(self.key)}"
        candidates = {
            name: sha
            for name, sha in (await git.remote_branches(f"{PREFIX}*")).items()
            if name.endswith(suffix) and BRANCH_RE.match(name)
        }
        for name in sorted(candidates):
            tip = await git.fetch_tip(name)
            problems = self._foreign(tip, self.cfg.failing_commit, tree)
            if problems:
                raise _Refused(
                    PublishStatus.REFUSED,
                    f"{name} exists but remediate did not build it for this fix: {'; '.join(problems)}; "
                    "refusing to adopt it (delete it, or reserve remediate/** for the bot: docs/ci.md)",
                )
            return name, tip.sha
        return None

    async def _open_pr(self, forge: Forge, info: RepoInfo) -> PublishResult:
        assert self.branch is not None and self.base is not None and self.key is not None
        settings = self.project.publish
        report = self.report
        if self.stacked:
            pull = await forge.find_pr(self.branch)
            assert pull is not None  # checked in _target
            self.say(f"[publish] attempt {report.attempt} pushed on {self.branch}; PR #{pull.number} updated")
            return self.result(PublishStatus.UPDATED, f"attempt {report.attempt}: pushed on {self.branch}, "
                               f"PR #{pull.number} updated", pull)  # fmt: skip
        pull, created = await forge.create_pr(
            self.branch, self.base, message.pr_title(report, self.redactor),
            message.pr_body(report, self.key, self.redactor, forge.name), settings.draft,
        )  # fmt: skip
        if not created:
            self._check_pull(forge, pull, await forge.bot_login())
        else:
            self.actions.append("create_pr")
            self.say(f"[publish] opened PR #{pull.number}: {pull.url}")
        auto = await self._auto_merge(forge, info, pull) if created else AutoMerge.OFF
        notified = await self._notify(pull) if created else False
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

    async def _auto_merge(self, forge: Forge, info: RepoInfo, pull: PullInfo) -> AutoMerge:
        settings = self.project.publish
        if not settings.auto_merge:
            return AutoMerge.OFF
        if not info.allow_auto_merge:
            return AutoMerge.UNAVAILABLE
        auto = await forge.enable_auto_merge(pull, settings.merge_method)
        if auto == AutoMerge.ENABLED:
            self.actions.append("enable_auto_merge")
        return auto

    async def _notify(self, pull: PullInfo) -> bool:
        if not (self.project.notify.slack.enabled and self.cfg.slack_webhook is not None):
            return False
        notified = await post_slack(
            self.cfg.slack_webhook.get_secret_value(),
            message.slack_text(self.report, pull.url, self.redactor),
            self.redactor,
            self.transport,
        )
        if notified:
            self.actions.append("notify_slack")
        return notified


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
    from remediate.sandbox.cleanup import PUBLISH_KIND, held_scratch  # here: the sandbox package loads with it

    with held_scratch(PUBLISH_KIND, scratch_dir) as tmp:  # a SIGKILLed publish's clone is reclaimed
        publisher = _Publisher(report, cfg, transport, runner, tmp, on_event)
        try:
            with _redacting_logs(lambda: publisher.redactor):
                result = await publisher.run()
        except _Refused as exc:
            result = publisher.result(exc.status, exc.message)
        except BranchRefused as exc:
            result = publisher.result(PublishStatus.REFUSED, str(exc))
        except (GitError, ForgeError, ConfigError) as exc:  # GitHubError is a ForgeError
            result = publisher.result(PublishStatus.ERROR, str(exc))
        except Exception as exc:  # the one place surprises become a typed status
            log.error("internal error while publishing: %s", type(exc).__name__)
            result = publisher.result(PublishStatus.ERROR, f"internal error: {type(exc).__name__}: {exc}")
    # Last wall: nothing in the result may carry a secret, whatever path put it there.
    return PublishResult.model_validate_json(publisher.redactor.redact(result.model_dump_json()))
