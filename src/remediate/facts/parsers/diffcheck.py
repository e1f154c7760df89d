"""A check that fails by showing a diff of the work tree: `git diff --exit-code` after a
formatter or a generator, "please apply the changes below" scripts. Only a diff that ends the
failing step counts (the step's failure follows it within a few lines, or the log ends): a diff
printed on the way (a review tool, a changelog) is not the failure."""

from __future__ import annotations

import re

from remediate.facts.parsers.base import Findings, Parser
from remediate.facts.view import View
from remediate.models import Category

_HEADER = re.compile(r"^diff --git a/(\S+) b/(\S+)$")
_CONTENT = (
    "index ",
    "--- ",
    "+++ ",
    "@@",
    "+",
    "-",
    " ",
    "\\ No newline",
    "new file mode",
    "deleted file mode",
    "similarity index",
    "rename from",
    "rename to",
    "old mode",
    "new mode",
    "Binary files",
)
_FAILED = re.compile(
    r"exited with [1-9]|Process completed with exit code [1-9]|ERROR: Job failed|\*\*\* \[.*\] Error \d+|"
    r"error Command failed|exit status [1-9]|returned (?:a )?non-zero|exit code:? [1-9]|script returned exit code"
)
_AFTER = 4  # non-empty lines after the diff that may still belong to the failure
_MARKED = 300  # diff lines marked as evidence per block


def parse(view: View) -> Findings:
    found = Findings(tool="git-diff")
    files: list[tuple[int, str]] = []
    last = 0  # last line of the current diff block
    after = 0
    for line in view.lines:
        text = line.text
        m = _HEADER.match(text) if text.startswith("diff --git ") else None
        if m:
            if files and after:  # a new block after unrelated lines: the earlier one did not end the step
                files = []
            files.append((line.no, m.group(2)))
            last, after = line.no, 0
            continue
        if not files:
            continue
        if after == 0 and (not text or text.startswith(_CONTENT)):
            last = line.no
            continue
        if not text:
            continue
        after += 1
        if _FAILED.search(text):
            _record(found, view, files, last)
            files = []
        elif after >= _AFTER:
            files = []
    if files:  # the log ends with the diff
        _record(found, view, files, last)
    return found


def _record(found: Findings, view: View, files: list[tuple[int, str]], last: int) -> None:
    for no, path in files:
        found.error(no, f"the check's diff changes {path}", file=path, code="diff")
    start = files[0][0]
    for no in range(start, min(last, start + _MARKED) + 1):
        found.mark(no, 6.0)


PARSER = Parser(tool="git-diff", category=Category.FORMAT, parse=parse)
