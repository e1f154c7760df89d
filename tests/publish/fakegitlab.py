"""A local fake of the GitLab REST API (v4) on 127.0.0.1, backed by a real bare repository.

python-gitlab talks to it over real HTTP. Branch state is not faked: files, merge bases and source
branches are read from the bare repository that `git push` writes, as on gitlab.com. Only the calls
publishing makes are served; anything else is a 404 the tests would see.
"""

from __future__ import annotations

import json
import re
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

BOT: dict[str, Any] = {"id": 77, "username": "project_12_bot_5f2a", "name": "remediate", "bot": True, "state": "active"}


@dataclass
class FakeGitLab:
    path: str
    bare: Path
    token: str
    default_branch: str = "main"
    user: dict[str, Any] = field(default_factory=lambda: dict(BOT))
    protected: list[dict[str, Any]] = field(default_factory=list)
    mrs: list[dict[str, Any]] = field(default_factory=list)
    merges: list[dict[str, Any]] = field(default_factory=list)
    files: dict[tuple[str, str], str] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    url: str = ""
    project_id: int = 12

    def git(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", *args], cwd=self.bare, capture_output=True, text=True, check=False)

    def branch_sha(self, branch: str) -> str | None:
        return self.git("rev-parse", "--verify", "-q", f"refs/heads/{branch}").stdout.strip() or None

    def project(self) -> dict[str, Any]:
        return {
            "id": self.project_id,
            "path_with_namespace": self.path,
            "default_branch": self.default_branch,
            "web_url": f"{self.url}/{self.path}",
        }

    def writes(self) -> list[str]:
        return [r for r in self.requests if not r.startswith("GET ")]

    # ------------------------------------------------------------------ routes

    def route(self, method: str, path: str, query: dict[str, list[str]], body: dict[str, Any]) -> tuple[int, Any]:
        base = f"/api/v4/projects/{self.project_id}"
        if method == "GET" and path == "/api/v4/user":
            return 200, self.user
        if method == "GET" and path in {f"/api/v4/projects/{self.path}", base}:
            return 200, self.project()
        if not path.startswith(base):
            return 404, {"message": "404 Project Not Found"}
        rest = path[len(base) :]
        if method == "GET" and (m := re.fullmatch(r"/repository/files/(.+)/raw", rest)):
            return self.raw(m.group(1), query.get("ref", [self.default_branch])[0])
        if method == "GET" and rest == "/protected_branches":
            return 200, self.protected
        if method == "GET" and rest == "/repository/merge_base":
            return self.merge_base(query.get("refs[]", []))
        if rest == "/merge_requests" and method == "GET":
            source = query.get("source_branch", [""])[0]
            return 200, [mr for mr in self.mrs if not source or mr["source_branch"] == source]
        if rest == "/merge_requests" and method == "POST":
            return self.create_mr(body)
        if method == "PUT" and (m := re.fullmatch(r"/merge_requests/(\d+)/merge", rest)):
            self.merges.append({"iid": int(m.group(1)), **body})
            mr = next(mr for mr in self.mrs if mr["iid"] == int(m.group(1)))
            return 200, {**mr, "merge_when_pipeline_succeeds": True}
        return 404, {"message": "404 Not Found"}

    def raw(self, path: str, ref: str) -> tuple[int, Any]:
        if (ref, path) in self.files:
            return 200, self.files[(ref, path)].encode()
        shown = self.git("show", f"refs/heads/{ref}:{path}")
        return (200, shown.stdout.encode()) if shown.returncode == 0 else (404, {"message": "404 File Not Found"})

    def merge_base(self, refs: list[str]) -> tuple[int, Any]:
        shas = [self.branch_sha(r) or r for r in refs]
        done = self.git("merge-base", *shas)
        if done.returncode != 0:
            return 400, {"message": "Could not find merge base"}
        return 200, {"id": done.stdout.strip()}

    def create_mr(self, body: dict[str, Any]) -> tuple[int, Any]:
        source, target = body["source_branch"], body["target_branch"]
        if self.branch_sha(source) is None:
            return 422, {"message": ["Source branch does not exist"]}
        if any(mr["source_branch"] == source and mr["state"] == "opened" for mr in self.mrs):
            return 409, {"message": ["Another open merge request already exists for this source branch: !1"]}
        iid = len(self.mrs) + 1
        mr = {
            "id": 9000 + iid,
            "iid": iid,
            "project_id": self.project_id,
            "title": body["title"],
            "description": body.get("description", ""),
            "state": "opened",
            "source_branch": source,
            "target_branch": target,
            "author": {"id": self.user["id"], "username": self.user["username"]},
            "web_url": f"{self.url}/{self.path}/-/merge_requests/{iid}",
            "sha": self.branch_sha(source),
        }
        self.mrs.append(mr)
        return 201, mr


def protected(pattern: str, *user_ids: int) -> dict[str, Any]:
    levels = [{"access_level": 40, "user_id": None, "group_id": None}]
    levels += [{"access_level": None, "user_id": uid, "group_id": None} for uid in user_ids]
    return {"id": 1, "name": pattern, "push_access_levels": levels, "merge_access_levels": levels}


@contextmanager
def serve(fake: FakeGitLab) -> Iterator[FakeGitLab]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def handle_any(self) -> None:
            url = urlsplit(self.path)
            path = unquote(url.path)
            fake.requests.append(f"{self.command} {path}")
            if self.headers.get("PRIVATE-TOKEN") != fake.token:
                return self.answer(401, {"message": "401 Unauthorized"})
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body: dict[str, Any] = {}
            if raw:
                kind = self.headers.get("Content-Type", "")
                body = json.loads(raw) if "json" in kind else {k: v[0] for k, v in parse_qs(raw.decode()).items()}
            status, data = fake.route(self.command, path, parse_qs(url.query), body)
            self.answer(status, data)

        def answer(self, status: int, data: Any) -> None:
            payload = data if isinstance(data, bytes) else json.dumps(data).encode()
            self.send_response(status)
            kind = "application/octet-stream" if isinstance(data, bytes) else "application/json"
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = handle_any

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
