"""Commit message, pull-request title and body, Slack text: all from the typed report, all redacted.

Model and log text (the root cause, file names, the patch) is data in every message, never markup:
- in Markdown (PR/MR bodies) every ASCII punctuation character is backslash-escaped, `&`, `<` and
  `>` become entities, so no heading, link, image, HTML block, comment or `<details>` can form;
- `@name` mentions and `#N` references are broken with a zero-width space, so nobody is pinged and
  no issue is linked; closing keywords ("Fixes #12") and CI skip instructions (`[skip ci]`,
  `skip-checks: true`) are neutralised in subjects, bodies and titles;
- the patch sits in a fence longer than any backtick run inside it, so it cannot close the fence;
- Slack text escapes `&`, `<` and `>` (Slack's only control characters: `<!channel>`, `<url|text>`);
- in commit messages model text is cut to one line for the subject and every body line is quoted
  with `> ` so it can never form a git trailer.
The whole text passes through the run's Redactor (with the token among its secrets) last.
"""

from __future__ import annotations

import re

from remediate.diffs import fence_for, parse_patch
from remediate.facts.redact import Redactor
from remediate.models import FixReport

TRAILER_RUN = "Remediate-Run"
TRAILER_KEY = "Remediate-Key"
TRAILER_ATTEMPT = "Remediate-Attempt"
SUBJECT_MAX = 72
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_TRAILER_LINE = re.compile(r"^\s*([A-Za-z0-9-]+)\s*:\s*(.*?)\s*$")


_ZWSP = "\u200b"
_MD_PUNCT = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:;\"'=^$%/?,])")
_MENTION = re.compile(r"@(?=[A-Za-z0-9_-])")
_REFERENCE = re.compile(r"#(?=\d)|(?<=[A-Za-z0-9_.-])!(?=\d)")
# GitHub and GitLab skip CI for `[skip ci]`, `[ci skip]`, `[no ci]`, `[skip actions]`, `[actions skip]`, ...
_SKIP = re.compile(r"\[\s*((?:skip|no)[\s_-]*[a-z]+|[a-z]+[\s_-]*skip)\s*\]", re.IGNORECASE)
_SKIP_CHECKS = re.compile(r"(skip-checks)\s*:", re.IGNORECASE)
_CLOSING = re.compile(
    r"\b(close[sd]?|fix(?:e[sd])?|resolve[sd]?|implement(?:s|ed)?)(\s*:?\s+)(?=[\w./-]*#)", re.IGNORECASE
)


def one_line(text: str, limit: int) -> str:
    line = " ".join(_CONTROL.sub(" ", text).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def neutralise(text: str) -> str:
    """Plain text that cannot steer a forge: no skip instruction, closing keyword, mention or reference."""
    text = _SKIP.sub(lambda m: f"({m.group(1)})", text)
    text = _SKIP_CHECKS.sub(lambda m: f"{m.group(1)} -", text)
    text = _CLOSING.sub(lambda m: f"{m.group(1)}{_ZWSP}{m.group(2)}", text)
    text = _MENTION.sub("@" + _ZWSP, text)
    return _REFERENCE.sub(lambda m: m.group(0) + _ZWSP, text)


def md_text(text: str) -> str:
    """Markdown that renders exactly `text` (one paragraph per line), with nothing a forge acts on."""
    text = _MD_PUNCT.sub(r"\\\1", neutralise(_CONTROL.sub("", text)))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_escape(text: str) -> str:
    """Slack's mrkdwn control characters are `&`, `<` and `>`; escaped, `<!channel>` and `<url|x>` are text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _quoted(text: str, limit: int = 2000) -> str:
    text = neutralise(_CONTROL.sub("", text.replace("\r\n", "\n")).strip()[:limit])
    return "\n".join("> " + line if line else ">" for line in text.splitlines()) or "> (none given)"


def _md_quoted(text: str, limit: int = 2000) -> str:
    text = _CONTROL.sub("", text.replace("\r\n", "\n")).strip()[:limit]
    lines = [md_text(line) for line in text.splitlines() if line.strip()]
    return "\n".join(f"> {line}  " for line in lines) or "> (none given)"


def _what(report: FixReport) -> str:
    category = report.route.category.value if report.route else (report.facts.category.value if report.facts else "")
    return category or "ci"


def subject(report: FixReport) -> str:
    cause = one_line(report.root_cause, SUBJECT_MAX) if report.root_cause.strip() else "fix the failing check"
    return neutralise(one_line(f"fix({_what(report)}): {cause}", SUBJECT_MAX))


def _verified(report: FixReport) -> str:
    v = report.verification
    if v is None:
        return "not recorded"
    passes = sum(1 for run in v.runs if run.exit_code == 0 and not run.timed_out)
    reproduced = "reproduced the failure first" if v.reproduced and v.reproduced.exit_code != 0 else "no reproduction"
    return one_line(f"{'passed' if v.passed else 'NOT passed'}; {passes} passing run(s); {reproduced}; {v.reason}", 400)


def _cost(report: FixReport) -> str:
    u = report.usage
    return (
        f"${u.usd:.4f}, {u.model_calls} model call(s), {report.tool_calls} tool call(s), "
        f"{u.input_tokens} input / {u.output_tokens} output tokens"
    )


def _changes(report: FixReport) -> list[str]:
    lines = []
    for change in parse_patch(report.patch):
        kind = "added" if change.new_file else "deleted" if change.deleted else "modified"
        lines.append(f"{change.path} ({kind}, +{len(change.added)} -{len(change.removed)})")
    return lines


def _clean(report: FixReport, redactor: Redactor) -> FixReport:
    """Redact model text before it is cut anywhere: a cut secret is a secret the redactor may miss."""
    return report.model_copy(
        update={"root_cause": redactor.redact(report.root_cause), "patch": redactor.redact(report.patch)}
    )


def commit_message(report: FixReport, key: str, redactor: Redactor) -> str:
    report = _clean(report, redactor)
    body = [
        subject(report),
        "",
        "Root cause (as the agent reported it):",
        _quoted(report.root_cause),
        "",
        "What changed:",
        *(f"  {neutralise(line)}" for line in _changes(report)),
        "",
        f"Verified: {_verified(report)}",
        f"Cost: {_cost(report)}",
        "",
        *_trailer_lines(report, key),
    ]
    return redactor.redact("\n".join(body) + "\n")


def _trailer_lines(report: FixReport, key: str) -> list[str]:
    return [f"{TRAILER_RUN}: {report.run_id}", f"{TRAILER_ATTEMPT}: {report.attempt}", f"{TRAILER_KEY}: {key}"]


def pr_title(report: FixReport, redactor: Redactor) -> str:
    report = _clean(report, redactor)
    return redactor.redact(subject(report))


def pr_body(report: FixReport, key: str, redactor: Redactor, forge: str = "GitHub") -> str:
    report = _clean(report, redactor)
    changes = "\n".join(f"- {md_text(line)}" for line in _changes(report)) or "- (no files)"
    patch = report.patch if len(report.patch) <= 20_000 else report.patch[:20_000] + "\n… (cut)\n"
    fence = fence_for(patch)
    retry = (
        [f"This is attempt {report.attempt}: the fix of run {md_text(report.retry_of)} did not pass CI.", ""]
        if report.retry_of
        else []
    )
    parts = [
        "remediate found the root cause of a failing check and verified this fix on a fresh copy of the "
        "failing commit. Review it like any other change.",
        "",
        *retry,
        "### Root cause (as the agent stated it)",
        _md_quoted(report.root_cause),
        "",
        "### What changed",
        changes,
        "",
        "### How it was verified",
        md_text(_verified(report)),
        "",
        "### Cost",
        md_text(_cost(report)),
        "",
        "<details><summary>Patch</summary>",
        "",
        f"{fence}diff",
        patch.rstrip("\n"),
        fence,
        "",
        "</details>",
        "",
        f"Run `{report.run_id}` · key `{key}`" + (f" · trace `{report.trace_id}`" if report.trace_id else ""),
        "",
        f"<sub>Branch and target were chosen by code, not by the model. remediate does not loop on its own "
        f"branches on {forge}.</sub>",
        "",
        # Plain trailer lines: a squash merge whose message is the PR description keeps them for the breaker.
        *_trailer_lines(report, key),
    ]
    return redactor.redact("\n".join(parts) + "\n")


def slack_text(report: FixReport, pr_url: str, redactor: Redactor) -> str:
    report = _clean(report, redactor)
    cause = one_line(report.root_cause, 200) if report.root_cause.strip() else "see the pull request"
    return redactor.redact(slack_escape(f"remediate opened a fix: {pr_url}\nRoot cause: {cause}"))


def slack_outcome(pr_url: str, branch: str, outcome: str, recovery_s: float | None, redactor: Redactor) -> str:
    """The one message when an attempt ends: "already fixed" with the PR link and the time to recovery."""
    took = "" if recovery_s is None else f"; time to recovery {_duration(recovery_s)}"
    where = pr_url or branch
    text = {
        "succeeded": f"already fixed: CI passes again with {where}{took}",
        "failed": f"the fix {where} did not fix it (CI failed or it was closed unmerged); a retry or a person is next",
        "cancelled": f"the fix {where} was cancelled by a person",
    }[outcome]
    return redactor.redact(slack_escape(text))


def _duration(seconds: float) -> str:
    minutes = round(seconds / 60)
    return f"{minutes // 60}h {minutes % 60}m" if minutes >= 60 else f"{max(minutes, 0)}m"


def trailers(message: str) -> dict[str, str]:
    """The trailers of a commit message: `Key: value` lines of its last paragraph."""
    paragraphs = [p for p in message.strip().split("\n\n") if p.strip()]
    if len(paragraphs) < 2:
        return {}
    found: dict[str, str] = {}
    for line in paragraphs[-1].splitlines():
        m = _TRAILER_LINE.match(line)
        if m is None:
            return {}
        found[m.group(1)] = m.group(2)
    return found
