"""A failing check of another step's log: a command that only reads a log file an earlier command wrote and fails on
what it finds there (`grep -q 'TEST COMPLETE,.* 0 failed' logs/raw.log` after `ct_run ... | tee logs/raw.log`, `!
grep -q ERROR build.log`, `test ! -s failures.log`). It prints nothing of its own: the failure it reports is the
earlier command's, whose exit status (0: a tee's, rebar2's, a runner that does not count its own set-up failures)
the check overrules. So that command is no passing step to the classification (classify._passed_spans) and the
failing view (triage.failing): what it printed is the failure's. Its records name it; a grep's pattern does not
(no rule reads the check's words)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from remediate.facts.lazyregex import Regex
from remediate.models import CiStep

# grep (or egrep, fgrep), `! grep`, `test`, `[ ... ]`, at the command's start
_CHECK = Regex(r"^(?:!\s+)?(?:[ef]?grep|test|\[\[?)\s")
# a log file among its words (a path ending .log, .out or .txt: what a command's output is written to)
_LOG_FILE = Regex(r"""(?:^|\s)['"]?[\w.@/-]*\w\.(?:log|out|txt)['"]?(?=\s|$|;|\)|\])""")


def reads_a_log(command: str) -> bool:
    """Whether `command` (one command, as the CI or the shell's trace showed it) checks a log file (see the module)."""
    text = command.strip()
    return "\n" not in text and _CHECK.match(text) is not None and _LOG_FILE.search(text) is not None


def checked_steps(steps: Sequence[CiStep]) -> frozenset[int]:
    """The steps a failing check read (see the module): for each step the CI reports failing whose command reads a
    log, the step right before it when the CI reports that one passing (not one run after the failure)."""
    ordered = sorted((s for s in steps if not s.after_failure), key=lambda s: s.step)
    found: set[int] = set()
    for before, step in pairwise(ordered):
        if step.exit_code and before.exit_code == 0 and before.lines is not None and reads_a_log(step.command):
            found.add(before.step)
    return frozenset(found)
