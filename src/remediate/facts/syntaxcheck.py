"""Steps that ask an interpreter only whether files parse (`php -l`, `ruby -c`, `bash -n`, `perl -c`,
`node --check`, `python -m py_compile`/`compileall`, `xmllint --noout`, `luac -p`): such a step checks files, and its
fix is the same edit as a linter's, so its parse errors are lint findings (the lead's ruling, round 17); the
same parse error met when a build, a test run or a program loads the file stays build (whether a step is one:
commands.syntax_check_step). Also the parts a shell's compound command splits into, which the triage's command rules
read too."""

from __future__ import annotations

from remediate.facts.lazyregex import Regex
from remediate.facts.shellquotes import split_unquoted

# Each tool by its own flag spelling: PHP's -l after its other flags (an ini setting's `-d name=value` among
# them, read by one alternative only), Ruby's and Perl's -c alone or joined with the flags that take no argument
# (`ruby -wc`, `perl -cw`; not `ruby -rcoverage`), a shell's -n, luac's -p (parse only: without it luac compiles
# to luac.out).
SYNTAX_CHECK = Regex(
    r"\bphp[\d.]*(?:\s+-d\s*[\w.=-]+|\s+-[a-ce-km-zA-Z]\w*)*\s+-l(?:\s|$)|\bruby[\d.]*(?:\s+-\S+)*\s+-[wWv]*c[wWv]*(?:\s|$)|"
    r"\bperl(?:\s+-\S+)*\s+-[wWtT]*c[wWtT]*(?:\s|$)|(?:^|[\s/;&|(])(?:ba|da|k|z)?sh\s+-n(?:\s|$)|"
    r"\bnode(?:js)?\s+(?:--check|-c)(?:\s|$)|\bpython[\d.]*(?:\s+-\S+)*\s+-m\s*(?:py_compile|compileall)\b|"
    r"\bxmllint\b[^\n]*\s--noout\b|\bluac[\d.]*(?:\s+-[lsv]+)*\s+-p(?:\s|$)"
)

# Where a shell's compound command (`pip install -r r.txt && pytest`) splits into the commands it runs.
SEPARATOR = Regex(r"\s*(?:&&|\|\||;|\n)\s*")

# Parts of a command that do nothing a failure could be about (`cd curriculum && npm test`).
INERT = Regex(r"^(?:cd|pushd|popd|echo|export|set|true|:|mkdir|rm|cp|mv|sleep)(?:\s|$)")


def command_parts(command: str) -> list[str]:
    """The parts of a compound command that run something a failure could be about (SEPARATOR outside quotes:
    `python -c "import x; x.run()"` is one; INERT aside)."""
    return [p for p in split_unquoted(SEPARATOR, command) if p and not INERT.match(p)]


# Shell grammar around a syntax check that runs no tool itself: a loop's header over the files (`for f in
# $(find . -name '*.php')`, `while read f`) and the keywords that close a loop or a branch (commands.runs_only).
GRAMMAR = Regex(r"^(?:for|while|until)\s|^(?:done|fi|then|else)(?:\s|$)|^exit(?:\s|$)")
