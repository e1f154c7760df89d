"""An installer's verdicts no parser read: the lines of a failing installer's step that say, in words most package
managers share, why the project's dependencies could not be installed.

Package managers differ in their wording but say the same few things when a project's requirements cannot be met:
a package or a version its index does not have (pip's `No matching distribution found for`, npm's and pnpm's `No
matching version found for`, Yarn's `Couldn't find any versions for`, Bundler's `Could not find gem`, apt's `Unable
to locate package`, NuGet's `Unable to find package`, Bower's `No tag found`), requirements that cannot be met
together (`conflicting dependencies`, `version solving failed`, `could not be resolved to an installable set`), a
lock file out of step with the manifest (`lockfile needs to be updated`, `lockfile had changes, but lockfile is
frozen`), a download whose checksum is not the one pinned (`checksum mismatch`, `EINTEGRITY`, `DO NOT MATCH THE
HASHES`), a package that needs another runtime than the CI's (`requires Python '>=3.8'`, `requires ruby version >=`,
`The engine "node" is incompatible`), a git dependency's ref its repository lacks (`did not match any file(s) known
to git`, `unknown revision`). The same words under a test run or a build may be anything's; under the failing
step's installer (facts.commands: a dependency tool) they are its verdict, read as dependency records, only where
no parser read a record, a failing test or a summary in the step (they fill the gap of an installer, or a version
of one, no parser reads; they never overrule one). What a record means still decides over the command
(classify._error_category): an index out of reach is the infrastructure's, whatever the installer then says.

Each meaning is one search over a line, its alternatives literals with at most one bounded gap: linear.
"""

from __future__ import annotations

from remediate.facts.blocks import in_passing_run
from remediate.facts.installedbuilds import build_errors
from remediate.facts.lazyregex import Regex
from remediate.facts.meaning import answered, unreachable
from remediate.facts.parsers.base import Findings
from remediate.facts.view import View
from remediate.models import Category

# pip's verdict over a dependency's setup.py or build backend that failed (a C extension, a Python the package
# refuses): pip 9-19's `Command "..." failed with error code 1 in /tmp/pip-build-x/name/`, 19.2-20's `Command errored
# out with exit status 1:`, 21+'s `subprocess-exited-with-error` and `Could not build wheels for`; not `Failed
# building wheel for`, after which pip may install the package by setup.py. pip 9-18 run every setup.py through one
# shim (`Command "/venv/bin/python -u -c "import setuptools, tokenize;__file__=...`), printed at the margin only when it
# failed: an editable checkout's (`setup.py develop`) fails in its own folder, no `pip-` one.
_BUILD_FAILED = Regex(
    r"\bfailed with error code \d{1,4} in \S{0,300}pip-|\bCommand errored out with exit status \d|"
    r"^Command \"[^\"]{0,300}\"import setuptools, tokenize;|"
    r"\bsubprocess-exited-with-error\b|\bCould not build wheels for\b|\bFailed to build installable wheels\b",
    needles="failed with error code |Command errored out|import setuptools, tokenize;|subprocess-exited-with-error|"
    "Could not build wheels|Failed to build installable wheels",
    screens=True,
)
# (what it means, the words only an installer prints, the words it shares with other tools' output). An installer's
# own words (pip's `No matching distribution found for`, apt's `Unable to locate package`, Composer's `could not be
# resolved to an installable set`) say an installer ran and failed whatever command ran it: a wrapper (`make deps`,
# `./bootstrap`, tox installing a session's deps, a script), a build or a log of its output alone. The shared ones
# (`Could not find package`, `unknown revision`, `checksum mismatch`) are read only under an installer's command.
_MEANINGS: tuple[tuple[str, Regex | None, Regex | None], ...] = (
    (
        "a package or version its index does not have",
        Regex(
            r"\bNo matching (?:distribution|version) found for\b|\bCould not find a version that satisfies\b|"
            r"[Cc]ould not find (?:a valid )?gem\b|[Cc]ouldn't find any versions for\b|"
            r"\b[Uu]nable to locate package\b|\bhas no installation candidate\b|\bE: Version '[^']{1,200}' for '|"
            r"\bcould not be found in any version\b|\bis not in (?:the )?(?:npm )?registry\b|\bPackagesNotFoundError\b|"
            r"\bnot available from current channels\b|\bno matching package named\b|\bNo tag found\b|"
            r"\bno available releases match\b|\bcode ETARGET\b|"
            # Emacs' package.el: a package (or Emacs itself, `emacs-25.1`) at the version a package requires, in
            # Emacs 24's quotes or 25's curved ones (not its backtrace's format string, `%s-%s`)
            r"\bPackage [`'\"‘][^%'\"’\s][^'\"’\s]{0,199}['\"’] is unavailable\b",
            needles="o matching |ould not |ouldn't find |nable to |installation candidate|E: Version '|registry|"
            "NotFoundError|current channels|No tag found|available releases|ETARGET|is unavailable",
        ),
        Regex(
            r"[Cc]ould not find (?:a (?:valid |matching )?|any )?(?:version|gem|package|artifact|distribution)\b|"
            r"[Cc]ouldn't find (?:any versions|package|match for|module or a distribution)\b|"
            r"\b[Nn]o (?:matching|suitable) (?:version|distribution|package)|\b[Uu]nable to find (?:version|package)\b|"
            r"\bin any of the sources\b|\bin any repository\b|\bdoes not exist in the repository\b|"
            r"\bNo results matching query\b|\bFailure to find\b|\bunresolved dependenc(?:y|ies)\b|\bcode E404\b|"
            # Yarn Berry's YN0082 (`cartbase@npm:^3.0.0: No candidates found`) and Yarn 4's YN0035 (`x@npm:^1.0.0:
            # Package not found`)
            r"\bNo candidates found\b|@npm:\S{1,200}: Package not found\b|"
            r"\b[Pp]ackage ['\"]?[\w@./:+-]{1,200}['\"]? (?:was )?not found\b",
            needles="ould not find |ouldn't find |o matching |o suitable |nable to |in any |does not exist|"
            "No results matching|Failure to find|unresolved dependenc|E404|not found|No candidates found",
        ),
    ),
    (
        "requirements that cannot be met together",
        Regex(
            r"\bResolutionImpossible\b|\bconflicting dependencies\b|version solving failed|\bERESOLVE\b|"
            r"[Uu]nable to resolve dependency tree|could not be resolved to an installable set|"
            r"Your requirements could not be resolved|\bUnsatisfiableError\b|\bfailed to select a version\b",
            needles="ResolutionImpossible|conflicting dependencies|version solving failed|ERESOLVE|nable to |ould not |"
            "UnsatisfiableError|failed to select a version",
        ),
        Regex(
            r"\bconflicting (?:requirements|versions)\b|\bNo solution found\b|\b[Vv]ersion conflict\b|"
            r"\bdoes not satisfy that requirement\b",
            needles="conflicting |No solution found|ersion conflict|does not satisfy that requirement",
        ),
    ),
    (
        "a lock file out of step with the manifest",
        Regex(
            r"[Ll]ock(?:file| file)\b.{0,60}\b(?:needs to be updated|out of date|not up to date|"
            r"would have been (?:modified|created)|had changes|is frozen|out of sync|"
            r"does not contain a compatible set)|"
            r"\bchanged significantly since \S{1,40}\.lock\b|\bOUTDATED_LOCKFILE\b|"
            r"can only install packages when your package\.json and package-lock\.json|"
            # Go's modules: go.sum and vendor/ are its lock files
            r"\bmissing go\.sum entry\b|\binconsistent vendoring\b",
            needles="ockfile|ock file|changed significantly since|OUTDATED_LOCKFILE|can only install packages|"
            "go.sum entry|inconsistent vendoring",
        ),
        None,
    ),
    (
        "a download whose checksum is not the one pinned",
        Regex(
            r"\bEINTEGRITY\b|DO NOT MATCH THE HASHES|\bHashes are required in --require-hashes mode\b",
            needles="EINTEGRITY|DO NOT MATCH THE HASHES|Hashes are required",
        ),
        Regex(
            r"\b[Cc]hecksum (?:mismatch|failed|does not match|verification failed)\b|"
            r"\b[Hh]ash(?:es)? (?:mismatch|do(?:es)? not match)\b|\bintegrity check failed\b",
            needles="hecksum |mismatch|not match|integrity check failed",
        ),
    ),
    (
        "a package that needs another runtime than the CI's",
        Regex(
            r"\brequires a different Python\b|\bbut the running Python is\b|The engine \"\w+\" is incompatible\b|"
            r"\bEBADENGINE\b",
            needles="requires a different Python|but the running Python is|The engine|EBADENGINE",
        ),
        Regex(r"\brequires (?:Python|[Rr]uby|PHP|php|[Nn]ode)(?: version)? ['\"]?[<>=~^]", needles="requires "),
    ),
    (
        "a git dependency's ref its repository lacks",
        Regex(r"\bThe git reference could not be found\b", needles="git reference"),
        Regex(
            r"did not match any file\(s\) known to git|\bunknown revision\b|\bfailed to find (?:tag|branch)\b|"
            r"\bcouldn't find remote ref\b",
            needles="known to git|unknown revision|failed to find |ouldn't find ",
        ),
    ),
    (
        "a package whose build failed as it was installed",
        None,
        _BUILD_FAILED,
    ),
)
# An installer's own words, in one alternation: one search a line (a failing install's step may run to many thousand
# lines); and every meaning's words, its own and those it shares.
# Each screened by its meanings' needles (lazyregex: fifty alternatives tried at each character cost ~1 us a character,
# the needles' substring searches a hundredth of that).
_OWN = [own for _what, own, _shared in _MEANINGS if own is not None]
_SHARED = [shared for _what, _own, shared in _MEANINGS if shared is not None]
_OWN_WORDS = Regex(
    "|".join(f"(?:{own.source})" for own in _OWN),
    needles="|".join({n: 0 for p in _OWN for n in p.needles}),
    screens=True,
)
_ANY_MEANING = Regex(
    "|".join([_OWN_WORDS.source, *(f"(?:{shared.source})" for shared in _SHARED)]),
    needles="|".join({n: 0 for p in (*_OWN, *_SHARED) for n in p.needles}),
    screens=True,
)
# A package at a version as resolvers name it: Maven's and Gradle's coordinates (`group:artifact[:packaging]:version`),
# Ivy's (`org#name;1.0`), a Go module's or an npm package's `name@version` (`example.com/cart@v1.9.0`), pip's pin
# (`alpha==2.0`). A name starts with a letter (`10:30:15` is a time), and a version has a dot: a place in a file
# (psql's `psql:q.sql:3: ERROR:  column "x" does not exist`) is no package.
_COORDINATES = Regex(
    r"\b[A-Za-z][\w.-]{0,200}:[A-Za-z][\w.-]{0,200}:(?:[A-Za-z][\w-]{0,40}:){0,2}v?\d{1,9}\.\d|"
    r"[\w~/-]{1,200}@v?\d{1,9}\.\d|\b[A-Za-z][\w.-]{0,200}#[\w.-]{1,200};\d|\b[A-Za-z][\w.-]{0,200}[=<>~!]=\d"
)
# The words of a package's absence that a line naming its coordinates says, whatever tool fetched it (a build tool
# resolving its dependencies: Maven's `Could not find artifact`, `Failure to find`, `has not been downloaded from it
# before` offline; Gradle's `Could not find g:a:v.`; go's `reading URL: 410 Gone`, `unknown revision`, `missing
# go.sum entry`, `checksum mismatch`; sbt's and Ivy's `unresolved dependency`): read where the step's command is no
# installer, only beside the coordinates.
_ABSENT = Regex(
    r"[Cc]ould not (?:find|resolve|download)\b(?! (?:method|property|class|symbol|file|function|variable)\b)|"
    r"[Cc]ouldn't find\b|\bnot found\b|could not be (?:found|resolved)\b|"
    r"[Uu]nable to (?:find|resolve)\b|[Ff]ailure to find\b|\bdoes not exist\b|\b[Uu]nknown revision\b|"
    r"\binvalid version\b|\b4(?:04|10) (?:Not Found|Gone)\b|missing go\.sum entry|\bunresolved dependency\b|"
    r"\bhas not been downloaded from it before\b|\bchecksum mismatch\b",
    needles="ould not |ouldn't find|not found|nable to |ailure to find|does not exist|nknown revision|invalid version|"
    "Not Found|Gone|go.sum entry|unresolved dependency|downloaded from it before|checksum mismatch",
    screens=True,
)
# A line the installer printed as a warning or a notice (npm's `WARN notsup` for an optional package, Yarn's
# `warning`, Maven's `[WARNING]`, apt's `W:`): the install went on past it, so it says nothing of the failure.
_NOTICE = Regex(r"^\W{0,4}(?:\w{1,12}[ :] ?){0,2}(?:WARN(?:ING)?|[Ww]arn(?:ing)?|info|notice|W)\b")
# A script's command that prints the words rather than an installer saying them (`echo 'ERROR:  Could not find a valid
# gem'`, as `set -x` traces it or a prompt echoes it): a message the script wrote, not the installer's verdict.
_ECHO_COMMAND = Regex(r"^(?:[$+]{1,3} {1,4})?(?:echo|printf)\s")
# The kind of tool whose failing step is read here (facts.commands).
INSTALLER_KINDS = frozenset((Category.DEPENDENCY,))
# How many of an installer's verdicts are kept (a resolver's explanation runs to hundreds of lines).
MAX_VERDICTS = 20
# How far under a verdict its reason is looked for (_unreached).
REASON_LINES = 6
# What one line may hold that is read (a longer one is cut there: the words above sit at a line's start).
LINE_CHARS = 2000


def installer_verdicts(view: View, span: tuple[int, int], tool: str, installs: bool = True) -> Findings:
    """The lines of `span` (log lines, inclusive) where the installer `tool` says why the project's dependencies
    could not be installed (_MEANINGS), as its dependency records. `installs` False: the step's command is no
    installer (a build, a test run fetching its dependencies, a wrapper or a script that ran an installer), and only
    a line naming a package at a version (_COORDINATES) with the words of its absence (_ABSENT), or an installer's own
    words (_OWN_WORDS), is read."""
    found = Findings(tool=tool, category=Category.DEPENDENCY)
    said = _said if installs else _said_by_some_installer
    first, last = span
    passed = in_passing_run(view)  # a passing test run's subprocess may run an installer and expect it to fail
    lines = [line for line in view.within(first, last) if not passed(line.no)]
    builds_failed = installed_build_errors(found, [(line.no, line.text[:LINE_CHARS]) for line in lines])
    for i, line in enumerate(lines):
        if len(found.errors) >= MAX_VERDICTS:
            break
        text = line.text[:LINE_CHARS]
        if not said(text) or _NOTICE.match(text) is not None or _ECHO_COMMAND.match(text) is not None:
            continue
        if builds_failed and _BUILD_FAILED.search(text) is not None:
            continue
        if not _unreached(text, [below.text[:LINE_CHARS] for below in lines[i + 1 : i + 1 + REASON_LINES]]):
            found.error(line.no, text, weight=8.0)
    return found


def installed_build_errors(found: Findings, lines: list[tuple[int, str]]) -> bool:
    """Where the installer says a package's build failed (_BUILD_FAILED), records in `found` of the compiler's errors
    in its build output among `lines` (number, text: installedbuilds.build_errors, the project's own package's or a
    fetched one's). Whether the installer's build-failed verdicts are then no dependency failure."""
    if not any(_BUILD_FAILED.search(text) is not None for _no, text in lines):
        return False
    return build_errors(found, lines)


def _said(text: str) -> bool:
    """Whether the line says one of an installer's verdicts (_MEANINGS)."""
    return _ANY_MEANING.search(text) is not None


def _said_by_some_installer(text: str) -> bool:
    """Whether the line says what only an installer says (_OWN_WORDS), or names a package at a version it says is
    absent (named_absent)."""
    return _OWN_WORDS.search(text) is not None or named_absent(text)


def named_absent(text: str) -> bool:
    """Whether the line names a package at a version (_COORDINATES) and says it is absent (_ABSENT)."""
    return _ABSENT.search(text) is not None and _COORDINATES.search(text) is not None


def _unreached(verdict: str, below: list[str]) -> bool:
    """Whether the installer's reason under its verdict is an index it could not reach (RubyGems' `Could not find a
    valid gem 'x' (>= 0), here is why:` over `Unable to download data from URL - Errno::ECONNREFUSED`): then the
    package is not known to be missing (meaning.answered: unless the verdict shows the index answered)."""
    return not answered(verdict) and any(unreachable(text) for text in below)


# An environment variable set for the command alone (`GOFLAGS=-mod=mod go build`), a word that runs the next one, or
# its option or number (`sudo -E`, `travis_wait 30`).
_PREFIX = Regex(r"^(?:\w{1,60}=\S{0,300}|sudo|env|time|nohup|travis_retry|travis_wait|xvfb-run|-\S{0,300}|\d{1,9})$")
# How much of a command's first word names a tool in the records.
MAX_WORD = 40


def command_word(command: str | None) -> str:
    """The tool a command runs, by its first word (`go` of `GOFLAGS=-mod=mod go build ./...`, `mvn` of `./mvnw -B`
    without its path), for the records of a tool no rule names (facts.commands); `resolver` when there is none."""
    words = [w for w in (command or "").split() if not _PREFIX.match(w)]
    return words[0].rsplit("/", 1)[-1][:MAX_WORD] if words else "resolver"
