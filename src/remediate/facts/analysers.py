"""C and C++ checkers that print their findings in the compiler's diagnostic shape with no check's name after
it: cppcheck under a template of that shape (its 1.x `--template=gcc` was `{file}:{line}: {severity}:
{message}`, the form its manual still gives for gcc-like output), vera++ with `--error`, KWStyle with `-gcc`.
The compiler parser reads their `FILE:LINE: error: MESSAGE` as a build error (a name at the end tells cppcheck's
other templates and clang-tidy apart: parsers/canalysis.py); in a step that runs such a checker and nothing else,
those records are the checker's findings, lint, as a syntax check's parse errors are (syntaxcheck.py).
Light on purpose: read by classify.categorize on every log."""

from __future__ import annotations

from remediate.facts.commands import runs_only
from remediate.facts.lazyregex import Regex

# The checker's program as a part of a command names it (a path before it, `xargs` or `find -exec` in front).
_ANALYSER = Regex(r"(?:^|[\s/])(?:cppcheck|vera\+\+|KWStyle)(?:\s|$)")


def analyser_step(command: str) -> bool:
    """Whether a step's command runs such a checker and no other tool (a compiler beside it may have printed
    the errors)."""
    return runs_only(command, _ANALYSER)
