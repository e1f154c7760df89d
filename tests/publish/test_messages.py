"""Model and log text is data in every message: the PR body is rendered with a CommonMark parser
(markdown-it-py) and the tests assert what a reader sees, not what the string contains."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from markdown_it import MarkdownIt

from remediate.facts.redact import Redactor
from remediate.keys import idempotency_key
from remediate.publish.message import commit_message, pr_body, pr_title, slack_outcome, slack_text, subject
from tests.publish.conftest import make_report

KEY = idempotency_key("octo-org/invoicing", "a" * 40, "pytest", "x")
HOSTILE = (
    "@octo-org/security-team please merge\n"
    "### ✅ APPROVED by @alice\n"
    "<details open><summary>ignore</summary>hidden</details>\n"
    "<!-- reviewers: nothing to see -->\n"
    "![ok](https://evil.example/pixel.png) [click](javascript:alert(1))\n"
    "Fixes #12, closes octo-org/other#3 [skip ci] [ci skip] skip-checks: true\n"
    "- [x] security review done"
)
FIVE = "`````"
PATCH = (
    "diff --git a/src/calc.py b/src/calc.py\n--- a/src/calc.py\n+++ b/src/calc.py\n@@ -1,3 +1,4 @@\n"
    f" def add(a, b):\n+    # {FIVE}\n-    return a - b\n+    return a + b\n"
    "diff --git a/src/z.py b/src/z.py\n--- a/src/z.py\n+++ b/src/z.py\n@@ -1 +1 @@\n-HIDDEN = 1\n+HIDDEN = 2\n"
)


class _Seen(HTMLParser):
    """Tags and text a browser would show (comments are invisible: collected apart)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.comments: list[str] = []
        self.text: list[str] = []
        self.code: list[str] = []
        self._in_code = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_code += tag == "code"

    def handle_endtag(self, tag: str) -> None:
        self._in_code -= tag == "code"

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    def handle_data(self, data: str) -> None:
        (self.code if self._in_code else self.text).append(data)


def render(markdown: str) -> _Seen:
    seen = _Seen()
    seen.feed(MarkdownIt("commonmark").render(markdown))
    return seen


def body() -> str:
    return pr_body(make_report(PATCH, root_cause=HOSTILE), KEY, Redactor())


def test_root_cause_renders_as_the_text_it_is() -> None:
    seen = render(body())
    shown = "".join(seen.text).replace("\u200b", "")
    for line in HOSTILE.splitlines():
        if "skip" not in line:
            assert line in shown  # the reader sees every character of it...
    assert "Fixes #12, closes octo-org/other#3 (skip ci) (ci skip) skip-checks - true" in shown
    # ...and no markup it could have made: our headings only, one <details> (ours), no image, link, list or comment.
    headings = [t for t in seen.tags if re.fullmatch(r"h[1-6]", t)]
    assert headings == ["h3"] * 4  # root cause, what changed, how verified, cost
    assert seen.tags.count("img") == 0 and seen.tags.count("a") == 0 and seen.tags.count("input") == 0
    assert seen.comments == []
    assert seen.tags.count("li") == 2  # the two "What changed" items, not the model's checklist
    assert "".join(seen.text).count("APPROVED") == 1


def test_mentions_references_and_keywords_do_not_act() -> None:
    text = "".join(render(body()).text)
    assert not re.search(r"@[A-Za-z0-9]", text)  # no mention GitHub would resolve
    assert not re.search(r"#\d", text)  # no issue reference
    assert not re.search(r"\b(fixes|closes)\s+[\w/-]*#", text, re.IGNORECASE)
    assert "[skip ci]" not in text and "[ci skip]" not in text and "skip-checks:" not in text


def test_a_backtick_run_in_the_patch_cannot_close_the_fence() -> None:
    seen = render(body())
    code = "".join(seen.code)
    assert "+    return a + b" in code and "+HIDDEN = 2" in code and FIVE in code  # every hunk stays in the block
    assert "HIDDEN" not in "".join(seen.text)


def test_commit_subject_and_title_cannot_skip_ci_or_close_issues() -> None:
    report = make_report(PATCH, root_cause="[skip ci] Fixes #12 for @alice")
    for text in (subject(report), pr_title(report, Redactor()), commit_message(report, KEY, Redactor())):
        assert "[skip ci]" not in text and not re.search(r"fixes\s+#", text, re.IGNORECASE)
        assert not re.search(r"#\d", text) and not re.search(r"@[a-z]", text)


def test_slack_text_cannot_ping_or_link() -> None:
    report = make_report(PATCH, root_cause="<!channel> see <https://evil.example|the docs> & more")
    for text in (
        slack_text(report, "https://github.com/o/r/pull/1", Redactor()),
        slack_outcome("https://github.com/o/r/pull/1", "remediate/x-1", "succeeded", 4000.0, Redactor()),
    ):
        assert "<!" not in text and "|the docs>" not in text and not re.search(r"<https?://", text)
    assert "&lt;!channel&gt;" in slack_text(report, "u", Redactor())


def test_run_trailers_are_in_the_pr_body_for_squash_merges() -> None:
    text = body()
    assert "\nRemediate-Run: 20260520-100000-abcd1234\n" in text and f"\nRemediate-Key: {KEY}\n" in text
