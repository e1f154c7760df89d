"""A scripted GitHub at the HTTP layer: an httpx transport githubkit talks to, backed by a real bare repo.

Response bodies follow the shapes of GitHub's REST API (the fields githubkit's typed models require,
with GitHub's URL templates); `test_fake_shapes` validates them against githubkit's own models.
Branch state is not faked: it is read from the bare repository that `git push` writes, so the
API and git agree the way they do on github.com. Errors (403, 404, 422, rate limits) are scripted
per request with `fail_next`.
"""

from __future__ import annotations

import fnmatch
import json
import re
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import anyio
import anyio.lowlevel
import httpx
import jwt

API = "https://api.github.com"
NOW = "2026-05-20T10:00:00Z"


def user(login: str, uid: int, kind: str = "User") -> dict[str, Any]:
    base = f"{API}/users/{login}"
    return {
        "login": login,
        "id": uid,
        "node_id": f"U_kgDO{uid:06d}",
        "avatar_url": f"https://avatars.githubusercontent.com/u/{uid}?v=4",
        "gravatar_id": "",
        "url": base,
        "html_url": f"https://github.com/{login}",
        "followers_url": f"{base}/followers",
        "following_url": f"{base}/following{{/other_user}}",
        "gists_url": f"{base}/gists{{/gist_id}}",
        "starred_url": f"{base}/starred{{/owner}}{{/repo}}",
        "subscriptions_url": f"{base}/subscriptions",
        "organizations_url": f"{base}/orgs",
        "repos_url": f"{base}/repos",
        "events_url": f"{base}/events{{/privacy}}",
        "received_events_url": f"{base}/received_events",
        "type": kind,
        "user_view_type": "public",
        "site_admin": False,
    }


def repository(owner: str, name: str, default_branch: str, allow_auto_merge: bool) -> dict[str, Any]:
    full = f"{owner}/{name}"
    base = f"{API}/repos/{full}"
    urls = {
        "archive_url": f"{base}/{{archive_format}}{{/ref}}",
        "assignees_url": f"{base}/assignees{{/user}}",
        "blobs_url": f"{base}/git/blobs{{/sha}}",
        "branches_url": f"{base}/branches{{/branch}}",
        "collaborators_url": f"{base}/collaborators{{/collaborator}}",
        "comments_url": f"{base}/comments{{/number}}",
        "commits_url": f"{base}/commits{{/sha}}",
        "compare_url": f"{base}/compare/{{base}}...{{head}}",
        "contents_url": f"{base}/contents/{{+path}}",
        "contributors_url": f"{base}/contributors",
        "deployments_url": f"{base}/deployments",
        "downloads_url": f"{base}/downloads",
        "events_url": f"{base}/events",
        "forks_url": f"{base}/forks",
        "git_commits_url": f"{base}/git/commits{{/sha}}",
        "git_refs_url": f"{base}/git/refs{{/sha}}",
        "git_tags_url": f"{base}/git/tags{{/sha}}",
        "git_url": f"git://github.com/{full}.git",
        "issue_comment_url": f"{base}/issues/comments{{/number}}",
        "issue_events_url": f"{base}/issues/events{{/number}}",
        "issues_url": f"{base}/issues{{/number}}",
        "keys_url": f"{base}/keys{{/key_id}}",
        "labels_url": f"{base}/labels{{/name}}",
        "languages_url": f"{base}/languages",
        "merges_url": f"{base}/merges",
        "milestones_url": f"{base}/milestones{{/number}}",
        "notifications_url": f"{base}/notifications{{?since,all,participating}}",
        "pulls_url": f"{base}/pulls{{/number}}",
        "releases_url": f"{base}/releases{{/id}}",
        "ssh_url": f"git@github.com:{full}.git",
        "stargazers_url": f"{base}/stargazers",
        "statuses_url": f"{base}/statuses/{{sha}}",
        "subscribers_url": f"{base}/subscribers",
        "subscription_url": f"{base}/subscription",
        "tags_url": f"{base}/tags",
        "teams_url": f"{base}/teams",
        "trees_url": f"{base}/git/trees{{/sha}}",
        "clone_url": f"https://github.com/{full}.git",
        "hooks_url": f"{base}/hooks",
        "svn_url": f"https://github.com/{full}",
    }
    return {
        "id": 812345678,
        "node_id": "R_kgDOMG1Szg",
        "name": name,
        "full_name": full,
        "owner": user(owner, 90001, "Organization"),
        "private": True,
        "html_url": f"https://github.com/{full}",
        "description": "Invoices and tax",
        "fork": False,
        "url": base,
        **urls,
        "mirror_url": None,
        "homepage": None,
        "language": "Python",
        "forks_count": 0,
        "stargazers_count": 3,
        "watchers_count": 3,
        "size": 412,
        "default_branch": default_branch,
        "open_issues_count": 2,
        "is_template": False,
        "topics": [],
        "has_issues": True,
        "has_projects": False,
        "has_wiki": False,
        "has_pages": False,
        "has_downloads": True,
        "has_discussions": False,
        "archived": False,
        "disabled": False,
        "visibility": "private",
        "pushed_at": NOW,
        "created_at": "2025-01-07T09:12:44Z",
        "updated_at": NOW,
        "permissions": {"admin": False, "maintain": False, "push": True, "triage": True, "pull": True},
        "allow_rebase_merge": True,
        "allow_squash_merge": True,
        "allow_merge_commit": True,
        "allow_auto_merge": allow_auto_merge,
        "delete_branch_on_merge": True,
        "allow_forking": False,
        "web_commit_signoff_required": False,
        "subscribers_count": 2,
        "network_count": 0,
        "license": None,
        "forks": 0,
        "open_issues": 2,
        "watchers": 3,
    }


BOT = "remediate-app[bot]"


def pull_request(
    number: int,
    repo: dict[str, Any],
    head: str,
    head_sha: str,
    base: str,
    title: str,
    body: str,
    draft: bool,
    author: str = BOT,
) -> dict[str, Any]:
    full = repo["full_name"]
    api = f"{API}/repos/{full}"
    html = f"https://github.com/{full}/pull/{number}"
    bot = user(author, 41898282, "Bot" if author.endswith("[bot]") else "User")
    return {
        "url": f"{api}/pulls/{number}",
        "id": 2400000000 + number,
        "node_id": f"PR_kwDOMG1Szs{number:07d}",
        "html_url": html,
        "diff_url": f"{html}.diff",
        "patch_url": f"{html}.patch",
        "issue_url": f"{api}/issues/{number}",
        "commits_url": f"{api}/pulls/{number}/commits",
        "review_comments_url": f"{api}/pulls/{number}/comments",
        "review_comment_url": f"{api}/pulls/comments{{/number}}",
        "comments_url": f"{api}/issues/{number}/comments",
        "statuses_url": f"{api}/statuses/{head_sha}",
        "number": number,
        "state": "open",
        "locked": False,
        "title": title,
        "user": bot,
        "body": body,
        "labels": [],
        "milestone": None,
        "active_lock_reason": None,
        "created_at": NOW,
        "updated_at": NOW,
        "closed_at": None,
        "merged_at": None,
        "merge_commit_sha": None,
        "assignee": None,
        "assignees": [],
        "requested_reviewers": [],
        "requested_teams": [],
        "head": {
            "label": f"{full.split('/')[0]}:{head}",
            "ref": head,
            "sha": head_sha,
            "user": repo["owner"],
            "repo": repo,
        },
        "base": {
            "label": f"{full.split('/')[0]}:{base}",
            "ref": base,
            "sha": "0" * 40,
            "user": repo["owner"],
            "repo": repo,
        },
        "_links": {
            "self": {"href": f"{api}/pulls/{number}"},
            "html": {"href": html},
            "issue": {"href": f"{api}/issues/{number}"},
            "comments": {"href": f"{api}/issues/{number}/comments"},
            "review_comments": {"href": f"{api}/pulls/{number}/comments"},
            "review_comment": {"href": f"{api}/pulls/comments{{/number}}"},
            "commits": {"href": f"{api}/pulls/{number}/commits"},
            "statuses": {"href": f"{api}/statuses/{head_sha}"},
        },
        "author_association": "NONE",
        "auto_merge": None,
        "draft": draft,
        "merged": False,
        "mergeable": None,
        "rebaseable": None,
        "mergeable_state": "unknown",
        "merged_by": None,
        "comments": 0,
        "review_comments": 0,
        "maintainer_can_modify": False,
        "commits": 1,
        "additions": 1,
        "deletions": 1,
        "changed_files": 1,
    }


def installation(owner: str, installation_id: int, app_id: int) -> dict[str, Any]:
    return {
        "id": installation_id,
        "account": user(owner, 90001, "Organization"),
        "repository_selection": "selected",
        "access_tokens_url": f"{API}/app/installations/{installation_id}/access_tokens",
        "repositories_url": f"{API}/installation/repositories",
        "html_url": f"https://github.com/organizations/{owner}/settings/installations/{installation_id}",
        "app_id": app_id,
        "app_slug": "remediate-app",
        "target_id": 90001,
        "target_type": "Organization",
        "permissions": {"contents": "write", "pull_requests": "write", "metadata": "read"},
        "events": [],
        "created_at": "2025-03-01T08:00:00Z",
        "updated_at": "2025-03-01T08:00:00Z",
        "single_file_name": None,
        "has_multiple_single_files": False,
        "single_file_paths": [],
        "suspended_by": None,
        "suspended_at": None,
    }


def error_body(message: str, doc: str = "https://docs.github.com/rest", **extra: Any) -> dict[str, Any]:
    return {"message": message, "documentation_url": doc, "status": "", **extra}


@dataclass
class Scripted:
    method: str
    path: re.Pattern[str]
    status: int
    body: Any
    headers: dict[str, str]
    times: int
    raise_exc: Exception | None = None


@dataclass
class App:
    app_id: int
    public_key: Any
    installation_id: int
    token: str


@dataclass
class FakeGitHub:
    owner: str
    name: str
    bare: Path
    token: str
    default_branch: str = "main"
    allow_auto_merge: bool = False
    app: App | None = None
    rules: dict[str, list[str]] = field(default_factory=dict)  # branch glob -> rule types
    bypass: dict[str, str] = field(default_factory=dict)  # branch glob -> current_user_can_bypass of its ruleset
    files: dict[tuple[str, str], str] = field(default_factory=dict)  # (branch, path) -> text, beside the bare repo
    author: str = BOT  # who the token acts as: the author of the PRs it opens
    auto_merge_error: str | None = None
    requests: list[httpx.Request] = field(default_factory=list)
    pulls: list[dict[str, Any]] = field(default_factory=list)
    slack: list[dict[str, Any]] = field(default_factory=list)
    graphql: list[dict[str, Any]] = field(default_factory=list)
    token_requests: list[dict[str, Any]] = field(default_factory=list)
    scripted: list[Scripted] = field(default_factory=list)
    events: list[str] = field(default_factory=list)  # what the publisher said (on_event)

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    @property
    def full(self) -> str:
        return f"{self.owner}/{self.name}"

    def fail_next(
        self,
        method: str,
        path: str,
        status: int = 500,
        body: Any = None,
        headers: dict[str, str] | None = None,
        times: int = 1,
        raise_exc: Exception | None = None,
    ) -> None:
        self.scripted.append(Scripted(method, re.compile(path), status, body, headers or {}, times, raise_exc))

    def writes(self) -> list[str]:
        return [f"{r.method} {r.url.path}" for r in self.requests if r.method != "GET"]

    # ------------------------------------------------------------------ git state from the bare repo

    def branch_sha(self, branch: str) -> str | None:
        done = subprocess.run(
            ["git", "rev-parse", "--verify", "-q", f"refs/heads/{branch}"],
            cwd=self.bare, capture_output=True, text=True, check=False,
        )  # fmt: skip
        return done.stdout.strip() or None

    # ------------------------------------------------------------------ the handler

    async def handle(self, request: httpx.Request) -> httpx.Response:
        await anyio.lowlevel.checkpoint()  # let concurrent runs interleave between requests
        self.requests.append(request)
        for s in self.scripted:
            if s.times > 0 and s.method == request.method and s.path.search(request.url.path):
                s.times -= 1
                if s.raise_exc is not None:
                    raise s.raise_exc
                return httpx.Response(s.status, json=s.body, headers=s.headers)
        if request.url.host == "hooks.slack.com":
            self.slack.append(json.loads(request.content))
            return httpx.Response(200, text="ok")
        path = request.url.path
        auth = request.headers.get("authorization", "")
        if path.startswith("/app/") or path == "/app" or path.endswith("/installation"):
            return self.app_endpoint(request, auth)
        if auth != f"token {self.token}":
            return httpx.Response(401, json=error_body("Bad credentials"))
        repo = f"/repos/{self.full}"
        if request.method == "GET" and path == repo:
            return httpx.Response(200, json=self.repo_json())
        if request.method == "GET" and path.startswith(f"{repo}/rulesets/"):
            return self.ruleset(int(path.rsplit("/", 1)[1]))
        if request.method == "GET" and path.startswith(f"{repo}/contents/"):
            return self.contents(path[len(f"{repo}/contents/") :], parse_qs(request.url.query.decode()))
        if request.method == "GET" and path.startswith(f"{repo}/compare/"):
            return self.compare(path[len(f"{repo}/compare/") :])
        if request.method == "GET" and path.startswith(f"{repo}/rules/branches/"):
            branch = path[len(f"{repo}/rules/branches/") :]
            return httpx.Response(200, json=self.rules_for(branch))
        if path == f"{repo}/pulls" and request.method == "GET":
            return httpx.Response(200, json=self.list_pulls(parse_qs(request.url.query.decode())))
        if path == f"{repo}/pulls" and request.method == "POST":
            return self.create_pull(json.loads(request.content))
        if path == "/graphql" and request.method == "POST":
            return self.graphql_call(json.loads(request.content))
        return httpx.Response(404, json=error_body("Not Found"))

    def repo_json(self) -> dict[str, Any]:
        return repository(self.owner, self.name, self.default_branch, self.allow_auto_merge)

    def git(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", *args], cwd=self.bare, capture_output=True, text=True, check=False)

    def contents(self, path: str, query: dict[str, list[str]]) -> httpx.Response:
        ref = query.get("ref", [self.default_branch])[0]
        if (ref, path) in self.files:
            return httpx.Response(200, text=self.files[(ref, path)])
        shown = self.git("show", f"refs/heads/{ref}:{path}")
        if shown.returncode != 0:
            return httpx.Response(404, json=error_body("Not Found"))
        return httpx.Response(200, text=shown.stdout)

    def compare(self, basehead: str) -> httpx.Response:
        """GitHub's `status` of base...head: `behind`/`identical` when head is an ancestor of base."""
        base, _, head = basehead.partition("...")
        base_sha = self.branch_sha(base)
        if base_sha is None or self.git("cat-file", "-e", f"{head}^{{commit}}").returncode != 0:
            return httpx.Response(404, json=error_body("Not Found"))
        if base_sha == head:
            status = "identical"
        elif self.git("merge-base", "--is-ancestor", head, base_sha).returncode == 0:
            status = "behind"
        elif self.git("merge-base", "--is-ancestor", base_sha, head).returncode == 0:
            status = "ahead"
        else:
            status = "diverged"
        return httpx.Response(200, json={"status": status, "ahead_by": 0, "behind_by": 0, "total_commits": 0})

    def ruleset(self, ruleset_id: int) -> httpx.Response:
        patterns = sorted(self.rules)
        if not 1 <= ruleset_id <= len(patterns):
            return httpx.Response(404, json=error_body("Not Found"))
        pattern = patterns[ruleset_id - 1]
        return httpx.Response(
            200,
            json={
                "id": ruleset_id,
                "name": f"rules for {pattern}",
                "target": "branch",
                "source_type": "Repository",
                "source": self.full,
                "enforcement": "active",
                "current_user_can_bypass": self.bypass.get(pattern, "never"),
            },
        )

    def rules_for(self, branch: str) -> list[dict[str, Any]]:
        found = []
        for pattern, kinds in self.rules.items():
            if fnmatch.fnmatchcase(branch, pattern):
                for kind in kinds:
                    found.append(
                        {
                            "type": kind,
                            "ruleset_source_type": "Repository",
                            "ruleset_source": self.full,
                            "ruleset_id": sorted(self.rules).index(pattern) + 1,
                        }
                    )
        return found

    def list_pulls(self, query: dict[str, list[str]]) -> list[dict[str, Any]]:
        state = query.get("state", ["open"])[0]
        head = query.get("head", [""])[0]
        out = []
        for p in self.pulls:
            if head and f"{self.owner}:{p['head']['ref']}" != head:
                continue
            if state != "all" and p["state"] != state:
                continue
            out.append(p)
        return out

    def create_pull(self, body: dict[str, Any]) -> httpx.Response:
        head, base = body["head"], body["base"]
        sha = self.branch_sha(head)
        if sha is None:
            return httpx.Response(
                422,
                json=error_body(
                    "Validation Failed",
                    "https://docs.github.com/rest/pulls/pulls#create-a-pull-request",
                    errors=[{"resource": "PullRequest", "field": "head", "code": "invalid"}],
                ),
            )
        if any(p["head"]["ref"] == head and p["state"] == "open" for p in self.pulls):
            return httpx.Response(
                422,
                json=error_body(
                    "Validation Failed",
                    "https://docs.github.com/rest/pulls/pulls#create-a-pull-request",
                    errors=[
                        {
                            "resource": "PullRequest",
                            "code": "custom",
                            "message": f"A pull request already exists for {self.owner}:{head}.",
                        }
                    ],
                ),
            )
        pr = pull_request(
            len(self.pulls) + 101, self.repo_json(), head, sha, base, body["title"], body.get("body", ""),
            bool(body.get("draft")), self.author,
        )  # fmt: skip
        self.pulls.append(pr)
        return httpx.Response(201, json=pr)

    def graphql_call(self, body: dict[str, Any]) -> httpx.Response:
        self.graphql.append(body)
        if self.auto_merge_error:
            return httpx.Response(
                200,
                json={"data": {"enablePullRequestAutoMerge": None}, "errors": [{"message": self.auto_merge_error}]},
            )
        number = next(p["number"] for p in self.pulls if p["node_id"] == body["variables"]["id"])
        return httpx.Response(
            200,
            json={
                "data": {
                    "enablePullRequestAutoMerge": {
                        "pullRequest": {"number": number, "autoMergeRequest": {"enabledAt": NOW}}
                    }
                }
            },
        )

    # ------------------------------------------------------------------ the App side

    def app_endpoint(self, request: httpx.Request, auth: str) -> httpx.Response:
        app = self.app
        if app is None or not auth.startswith("Bearer "):
            return httpx.Response(401, json=error_body("A JSON web token could not be decoded"))
        try:
            claims = jwt.decode(auth[len("Bearer ") :], app.public_key, algorithms=["RS256"])
        except jwt.PyJWTError as exc:
            return httpx.Response(401, json=error_body(f"'Expiration time' claim ('exp') is invalid: {exc}"))
        if str(claims.get("iss")) != str(app.app_id) or claims["exp"] - claims["iat"] > 660:
            return httpx.Response(401, json=error_body("'Issuer' claim ('iss') must be an Integer"))
        path = request.url.path
        if request.method == "GET" and path == "/app":
            return httpx.Response(200, json={"id": app.app_id, "slug": self.author.removesuffix("[bot]")})
        if request.method == "GET" and path == f"/repos/{self.full}/installation":
            return httpx.Response(200, json=installation(self.owner, app.installation_id, app.app_id))
        if request.method == "POST" and path == f"/app/installations/{app.installation_id}/access_tokens":
            body = json.loads(request.content)
            self.token_requests.append(body)
            expires = (datetime.now(UTC) + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
            return httpx.Response(
                201,
                json={
                    "token": app.token,
                    "expires_at": expires,
                    "permissions": body.get("permissions", {}),
                    "repository_selection": "selected",
                },
            )
        return httpx.Response(404, json=error_body("Not Found"))
