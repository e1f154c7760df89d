"""Commit message, pull-request title and body, Slack text: all from the typed report, all redacted.

Model text (the root cause) is quoted, never trusted: it is cut to one line for subjects, every
body line is prefixed with `> ` so it can never form a git trailer or a Markdown heading, and the
whole text passes through the run's Redactor (with the token among its secrets) last.
"""

from __future__ import annotations

import re

from remediate.diffs import parse_patch
from remediate.facts.redact import Redactor
from remediate.models import FixReport

TRAILER_RUN = "Remediate-Run"
TRAILER_KEY = "Remediate-Key"
SUBJECT_MAX = 72
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_TRAILER_LINE = re.compile(r"^\s*([A-Za-z0-9-]+)\s*:\s*(.*?)\s*$")


def one_line(text: str, limit: int) -> str:
    line = " ".join(_CONTROL.sub(" ", text).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _quoted(text: str, limit: int = 2000) -> str:
    text = _CONTROL.sub("", text.replace("\r\n", "\n")).strip()[:limit]
    return "\n".join("> " + line if line else ">" for line in text.splitlines()) or "> (none given)"


def _what(report: FixReport) -> str:
    category = report.route.category.value if report.route else (report.facts.category.value if report.facts else "")
    return category or "ci"


def subject(report: FixReport) -> str:
    cause = one_line(report.root_cause, SUBJECT_MAX) if report.root_cause.strip() else "fix the failing check"
    return one_line(f"fix({_what(report)}): {cause}", SUBJECT_MAX)


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
        *(f"  {line}" for line in _changes(report)),
        "",
        f"Verified: {_verified(report)}",
        f"Cost: {_cost(report)}",
        "",
        f"{TRAILER_RUN}: {report.run_id}",
        f"{TRAILER_KEY}: {key}",
    ]
    return redactor.redact("\n".join(body) + "\n")


def pr_title(report: FixReport, redactor: Redactor) -> str:
    report = _clean(report, redactor)
    return redactor.redact(subject(report))


def pr_body(report: FixReport, key: str, redactor: Redactor) -> str:
    report = _clean(report, redactor)
    changes = "\n".join(f"- `{line}`" for line in _changes(report)) or "- (no files)"
    patch = report.patch if len(report.patch) <= 20_000 else report.patch[:20_000] + "\n… (cut)\n"
    fence = "````" if "```" in patch else "```"
    parts = [
        "remediate found the root cause of a failing check and verified this fix on a fresh copy of the "
        "failing commit. Review it like any other change.",
        "",
        "### Root cause",
        _quoted(report.root_cause),
        "",
        "### What changed",
        changes,
        "",
        "### How it was verified",
        _verified(report),
        "",
        "### Cost",
        _cost(report),
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
        "<sub>Branch and target were chosen by code, not by the model. remediate does not run on its own "
        "branches.</sub>",
    ]
    return redactor.redact("\n".join(parts) + "\n")


def slack_text(report: FixReport, pr_url: str, redactor: Redactor) -> str:
    report = _clean(report, redactor)
    cause = one_line(report.root_cause, 200) if report.root_cause.strip() else "see the pull request"
    return redactor.redact(f"remediate opened a fix: {pr_url}\nRoot cause: {cause}")


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
