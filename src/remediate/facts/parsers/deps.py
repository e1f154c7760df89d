"""Dependency resolution and installation: pip, pipenv, uv, poetry, npm/yarn/pnpm (and npm audit's report), Bower,
Maven, Bundler and RubyGems, cpanm, LuaRocks, Composer."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import field

from remediate.facts.meaning import FETCHED_BUILD
from remediate.facts.parsers.base import Findings, LineRules, Parser, Rule, scan_with, state
from remediate.facts.parsers.handlers import verdict
from remediate.facts.pipsources import SOURCE_STARTS, PipSources, package_name
from remediate.facts.view import View
from remediate.models import Category

MATCHED_CHARS = 1000  # the verdicts below all start early in their line


@state
class _Deps:
    found: Findings = field(default_factory=lambda: Findings(tool="deps"))
    tools: set[str] = field(default_factory=set)
    sources: PipSources = field(default_factory=PipSources)  # whose code each package pip builds is
    building: str | None = None  # the package whose build output pip shows next
    in_output: bool = False  # inside pip's block of a build subprocess's output
    installed: set[str] = field(default_factory=set)  # packages pip said it installed (`Successfully installed`)
    errored: str | None = None  # pip 19.2-20: the fetched package whose subprocess `cwd:` pip showed last
    compiled: set[str] = field(default_factory=set)  # fetched packages whose build's compiler or linker error was read
    audit: bool = False  # under `# npm audit report`
    advisory: tuple[int, str, str] | None = None  # the audited package's line, its name and vulnerable range
    severity: str | None = None  # the advisory's level (`Severity: critical`)
    refused: str | None = None  # the registry's refusal of npm's audit request (`405 Method Not Allowed - POST URL`)
    yarn_request: tuple[int, str, str] | None = None  # Yarn 3's failed request (its line, text, package): status below

    def own_build(self, _no: int) -> bool:
        """Inside the output of a package that is the project's own (`pip install .`: see facts.pipsources)."""
        return self.in_output and self.building is not None and self.sources.built[self.building]

    def fetched_build(self, _no: int) -> bool:
        """Inside the output of a package that is a third party's (`Collecting x`, then its build)."""
        return self.in_output and self.building is not None and not self.sources.built[self.building]


def _verdict(tool: str, category: Category) -> Callable[[_Deps, int, re.Match[str]], None]:
    """The whole line is the message; group "pkg" names the package when known."""

    def handle(st: _Deps, no: int, m: re.Match[str]) -> None:
        pkg = m.groupdict().get("pkg")
        code = pkg.strip("'\"`") if pkg else None
        st.found.error(no, m.string, code=code, tool=tool, weight=9.0, category=category)
        st.tools.add(tool)

    return handle


def _on(
    tool: str,
    pattern: str,
    *needles: str,
    starts: tuple[str, ...] = (),
    category: Category = Category.UNKNOWN,
) -> Rule[_Deps]:
    """A tool's verdict: `needles` are literals every match holds (short ones: the table's gate is
    all of them, tested on every line); `starts`, the prefix of a line every match is, when every
    alternative is anchored (a prefix is cheaper per line, and `ERROR: ` is rarer at a line's start
    than within it). `category`: the record's own when it is not the parser's (dependency)."""
    return Rule(pattern, _verdict(tool, category), has=needles, starts=starts, search=True, head=MATCHED_CHARS)


# pip builds a package in a subprocess whose output it shows indented under a header (pip 9-19.1: `Complete
# output from command ...:`, 19.2-20: `Complete output (N lines):`, down to a rule of 40 dashes; pip 21 on:
# `╰─> [N lines of output]` down to `[end of output]`): the compiler's errors there are indented too, and the
# compiler's parser does not read them. For the project's own package (one pip says is local and never fetched:
# `pip install .`, `pip install -e .`; facts.pipsources) they are the build's failure, read here; pip's own `Failed
# building wheel for` the project is then shown, not a dependency's failure. In a fetched package's build they
# are a third party's code failing to build here (its version, the compiler's, a system header or library
# missing: see remediate.triage's INSTALLED_CODE and NATIVE), read whole with no file (FETCHED_BUILD), and pip's
# verdict on that package is then shown too.
# pip -v (21 on) shows it as it comes instead, indented under `Running command <what pip runs>`, down to the step's
# `<what pip runs>: finished with status 'error'` or pip's `error: subprocess-exited-with-error`.
_PIP_OUTPUT_OPEN = (
    r"^\s*(?:╰─> \[\d+ lines of output\]|Complete output (?:from command .*|\(\d+ lines?\)):|Running command .+)$"
)
_PIP_OUTPUT_CLOSE = (
    r"^\s*(?:\[end of output\]|-{40}|.+: finished with status '(?:error|done)'|error: subprocess-exited-with-error)$"
)
# (installedbuilds.py reads the same two kinds of line where this parser is left out.)
INDENTED_DIAGNOSTIC = (
    r"^\s+(?P<file>\S+?\.(?:c|cc|cpp|cxx|h|hh|hpp|hxx|pyx)):(?P<line>\d+)(?::(?P<col>\d+))?: "
    r"(?P<code>fatal error|error): (?P<msg>.+)$"
)
# Cython's error at its place (`pkg/m.pyx:3:19: Expected ':', found 'NEWLINE'`, under `Error compiling Cython file:`:
# parsers.compiler's reading at the margin; its warnings start `warning: `), which setuptools' cythonize prints
INDENTED_CYTHON = r"^\s+(?P<file>\S+?\.(?:pyx|pxd|pxi)):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+)$"
CYTHON_PLACES = (".pyx:", ".pxd:", ".pxi:")
# GNU ld (and gold, lld) not finding a library the package links (`/usr/bin/ld: cannot find -lpq: No such file
# or directory`): the linker's parser reads only its closing `collect2: error: ld returned 1 exit status`
INDENTED_LINK_MISSING = r"^\s+(?:\S*/)?(?:ld|ld\.gold|ld\.lld): (?:error: )?cannot find -l\S+"


# pip building a package (`Building wheel for x`, `Running setup.py install for x`): installedbuilds follows the same
# lines where this parser is left out
PIP_BUILDING = r"^\s*(?:Building wheel for|Running setup\.py (?:install|develop) for) (?P<name>[A-Za-z0-9][\w.-]*)"
# pip preparing the metadata of the source it named last (facts.pipsources: PipSources.prepare): pip 21.3 on, and
# 21.0-21.2's `Preparing wheel metadata`, under -v behind `Running command `
PIP_PREPARING = r"^\s*(?:Running command )?Preparing (?:editable |wheel )?metadata \((?:pyproject\.toml|setup\.py)\)"


def own_build_error(found: Findings, no: int, m: re.Match[str]) -> None:
    """The compiler's indented error (INDENTED_DIAGNOSTIC's or INDENTED_CYTHON's match) in the build of the project's
    own package: its file, line and words, as the compiler's parser reads them at the margin."""
    at, column, code = int(m["line"]), int(m["col"]) if m["col"] else None, m.groupdict().get("code") or "error"
    found.error(no, m["msg"], file=m["file"], at=at, column=column, code=code, tool="compiler", category=Category.BUILD)


def fetched_build_error(found: Findings, no: int, text: str) -> None:
    """The compiler's or linker's line whole, with no file, in the build of a package pip fetched: the sdist's path
    is not the project's, and pip 21 on never prints the folder it built in, so any path here would be made up."""
    found.error(no, text.strip(), code=FETCHED_BUILD, tool="compiler", category=Category.BUILD)


def _source(st: _Deps, _no: int, m: re.Match[str]) -> None:
    st.sources.read(m.string)


def _building(st: _Deps, _no: int, m: re.Match[str]) -> None:
    st.building = package_name(m["name"])
    st.sources.build(st.building)


def _preparing(st: _Deps, _no: int, _m: re.Match[str]) -> bool:
    """The package pip prepares is built next; under -v the line opens its output too (the next rule's)."""
    st.building = st.sources.prepare()
    return False


def _installed(st: _Deps, _no: int, m: re.Match[str]) -> None:
    """`Successfully installed alpha-1.0 legacy-cart-2.0`: each name without its version."""
    st.installed.update(package_name(item.rsplit("-", 1)[0]) for item in m["items"].split())


def _output(opens: bool) -> Callable[[_Deps, int, re.Match[str]], None]:
    def handle(st: _Deps, _no: int, _m: re.Match[str]) -> None:
        st.in_output = opens

    return handle


def _own_diagnostic(st: _Deps, no: int, m: re.Match[str]) -> None:
    own_build_error(st.found, no, m)


def _fetched_diagnostic(st: _Deps, no: int, m: re.Match[str]) -> None:
    fetched_build_error(st.found, no, m.string)
    st.compiled.add(st.building or "")


def _errored_in(st: _Deps, _no: int, m: re.Match[str]) -> None:
    st.errored = re.sub(r"_[0-9a-f]{32}$", "", m["pkg"])  # pip 20.3's folder adds a hash: `pgcart_3c9f...5d`


def _errored_out(st: _Deps, no: int, m: re.Match[str]) -> bool:
    """pip 19.2-20's `ERROR: Command errored out with exit status 1: python setup.py egg_info Check the logs for
    full command output.` after the subprocess's `cwd: /tmp/pip-install-x/beta/`: the fetched package's setup.py
    or build failed (pip 8-18's `Command "..." failed with error code 1 in /tmp/pip-install-x/beta/`). The
    project's own (`pip install .`) runs in `/tmp/pip-req-build-x/`, named by no package: not read."""
    if st.errored is None:
        return False
    st.found.error(no, m.string.strip(), code=st.errored, tool="pip", weight=9.0)
    st.tools.add("pip")
    st.errored = None
    return True


# (the state's rules open nothing: a view without a diagnostic's or a verdict's words has nothing to read)
_PIP_BUILDS: tuple[Rule[_Deps], ...] = (
    Rule(r"^(?:Processing|Obtaining|Collecting) ", _source, starts=SOURCE_STARTS, continues=True),
    Rule(
        PIP_BUILDING,
        _building,
        has=("Building wheel for ", "Running setup.py "),
        continues=True,
    ),
    Rule(PIP_PREPARING, _preparing, has=("metadata (",), continues=True),
    Rule(
        _PIP_OUTPUT_OPEN,
        _output(True),
        has=("lines of output]", "Complete output ", "Running command "),
        continues=True,
    ),
    Rule(
        _PIP_OUTPUT_CLOSE,
        _output(False),
        ends=("[end of output]", "-" * 40, "status 'error'", "status 'done'", "subprocess-exited-with-error"),
        when=lambda st, _no: st.in_output,
        continues=True,
    ),
    Rule(INDENTED_DIAGNOSTIC, _own_diagnostic, has=(": error: ", ": fatal error: "), when=_Deps.own_build),
    Rule(INDENTED_DIAGNOSTIC, _fetched_diagnostic, has=(": error: ", ": fatal error: "), when=_Deps.fetched_build),
    Rule(INDENTED_LINK_MISSING, _fetched_diagnostic, has=("cannot find -l",), when=_Deps.fetched_build),
    Rule(INDENTED_CYTHON, _own_diagnostic, has=CYTHON_PLACES, when=_Deps.own_build),
    Rule(INDENTED_CYTHON, _fetched_diagnostic, has=CYTHON_PLACES, when=_Deps.fetched_build),
    Rule(r"^Successfully installed (?P<items>.+)$", _installed, starts="Successfully installed ", continues=True),
    Rule(r"^\s+cwd: \S*/pip-install-\w+/(?P<pkg>[\w.-]+)/?$", _errored_in, has=("cwd: ",), continues=True),
    Rule(
        r"^ERROR: Command errored out with exit status \d+: .+ Check the logs for full command output\.$",
        _errored_out,
        starts="ERROR: Command errored out with exit status ",
    ),
)


# npm 7 on: `npm audit`'s report (`# npm audit report`), per vulnerable package its name and vulnerable range
# (`lodash  <4.17.12`, two spaces), `Severity: critical`, each advisory's title and URL, the fix, the paths; then the
# count (`3 vulnerabilities (1 moderate, 2 critical)`, `1 moderate severity vulnerability`). `npm install` prints
# the same count without the report and goes on: only a count under the report is its verdict.
def _audit_report(st: _Deps, no: int, _m: re.Match[str]) -> None:
    st.audit = True
    st.found.mark(no, 6.0)


def _audited_package(st: _Deps, no: int, m: re.Match[str]) -> None:
    st.advisory, st.severity = (no, m["pkg"], m["range"]), None


def _audit_severity(st: _Deps, _no: int, m: re.Match[str]) -> None:
    st.severity = m["level"]


def _advisory(st: _Deps, no: int, m: re.Match[str]) -> None:
    """The package's first advisory: its record, at the package's line (the name npm's fix changes)."""
    if st.advisory is None or st.severity is None:
        return
    at, pkg, versions = st.advisory
    message = f"{m['title']} ({st.severity}): {pkg} {versions}"
    st.found.error(at, message, code=pkg, tool="npm audit", weight=9.0)
    st.found.mark(no, 8.0)
    st.tools.add("npm audit")
    st.advisory = None


# `npm audit` asks the registry's audit API (a POST to `/-/npm/v1/security/advisories/bulk`); a registry that does not
# serve it (a mirror or a proxy of the registry: Verdaccio, Nexus, Artifactory without audit) answers a 4xx, which npm
# warns (`npm warn audit 405 Method Not Allowed - POST URL`, `404 Not Found`) before `npm error audit endpoint returned
# an error`. That is the job's registry setting, not its packages nor a passing outage: the same request gets the same
# answer until the audit goes to a registry that serves it (`npm audit --registry=https://registry.npmjs.org/`) or the
# step stops auditing: config. A 429 (rate limit) or a 5xx is the registry's trouble: the network readings' (infra).
def _audit_refused(st: _Deps, _no: int, m: re.Match[str]) -> None:
    st.refused = f"{m['status']} {m['reason']} - {m['request']}"


def _audit_endpoint_failed(st: _Deps, no: int, _m: re.Match[str]) -> None:
    if st.refused is None:
        return
    said = f"the registry does not serve npm's audit API ({st.refused})"
    st.found.error(no, said, code="audit-endpoint", tool="npm audit", category=Category.CONFIG)
    st.tools.add("npm audit")


_NPM_AUDIT: tuple[Rule[_Deps], ...] = (
    Rule(
        r"^npm (?:warn|WARN) audit (?P<status>4(?!29)\d\d) (?P<reason>[A-Za-z][\w ]{0,60}?)"
        r" - (?P<request>[A-Z]{3,7} \S{1,500})$",
        _audit_refused,
        starts=("npm warn audit ", "npm WARN audit "),
    ),
    Rule(
        r"^npm (?:ERR!|error) audit endpoint returned an error$",
        _audit_endpoint_failed,
        has=("audit endpoint returned an error",),
        when=lambda st, _no: st.refused is not None,
        continues=True,
    ),
    Rule(r"^# npm audit report$", _audit_report, starts="# npm audit report"),
    Rule(
        r"^(?P<pkg>(?:@[\w.-]+/)?[\w.-]+)  (?P<range>[<>=*^~\d].*)$",
        _audited_package,
        has=("  ",),
        when=lambda st, _no: st.audit,
        continues=True,
    ),
    Rule(
        r"^Severity: (?P<level>low|moderate|high|critical)$",
        _audit_severity,
        starts="Severity: ",
        when=lambda st, _no: st.advisory is not None,
        continues=True,
    ),
    Rule(
        r"^(?P<title>\S.*?) - https?://\S+$",
        _advisory,
        has=(" - http",),
        when=lambda st, _no: st.severity is not None,
        continues=True,
    ),
    Rule(
        r"^[1-9]\d* (?:(?:low|moderate|high|critical) severity )?vulnerabilit(?:y|ies)(?: \(.+\))?$",
        verdict(9.0),
        has=("vulnerabilit",),
        when=lambda st, _no: st.audit,
        continues=True,
    ),
)


def _yarn_request_failed(st: _Deps, no: int, m: re.Match[str]) -> None:
    st.yarn_request = (no, m.string, m["pkg"])


def _yarn_not_found(st: _Deps, _no: int, _m: re.Match[str]) -> None:
    """The registry's 404 (410) under Yarn 3's failed request: the package is not there (a 5xx is the registry's outage,
    meaning.unreachable)."""
    if st.yarn_request is not None:
        no, text, pkg = st.yarn_request
        st.found.error(no, text, code=pkg, tool="yarn", weight=9.0)
        st.tools.add("yarn")
        st.yarn_request = None


# Yarn 3 says the same of a package its registry does not hold and of a registry that failed (`➤ YN0035: │
# x@npm:^1.0.0: The remote server failed to provide the requested resource`); the request's status below tells them
# apart (`➤ YN0035: │   Response Code: 404 (Not Found)`, or `503 (Service Unavailable)`).
_YARN_REQUESTS: tuple[Rule[_Deps], ...] = (
    Rule(
        r"^(?:➤ )?YN0035: (?:│ )?(?P<pkg>(?:@[^/\s@]+/)?[^/\s@]+)@npm:\S+: "
        r"The remote server failed to provide the requested resource$",
        _yarn_request_failed,
        has=("The remote server failed to provide",),
        search=True,
        head=MATCHED_CHARS,
    ),
    Rule(
        r"^(?:➤ )?YN0035: (?:│ )?\s{1,8}Response Code: (?:404|410) \([\w ]{1,40}\)$",
        _yarn_not_found,
        has=("Response Code: 404", "Response Code: 410"),
        when=lambda st, _no: st.yarn_request is not None,
        continues=True,
    ),
)


# A gem's name as RubyGems and Bundler print it before the version (`json-1.8.3`): its segments begin with a
# letter, the version with a digit, so the version is not taken for the name.
_GEM = r"(?P<pkg>[A-Za-z_]\w*(?:[.-][A-Za-z_]\w*)*)(?:-\d[\w.]*)?"


_RULES = LineRules[_Deps](
    *_PIP_BUILDS,
    *_NPM_AUDIT,
    *_YARN_REQUESTS,
    _on(
        "pip",
        r"^ERROR: Could not find a version that satisfies the requirement (?P<pkg>\S+)",
        starts=("ERROR: ",),
    ),
    _on("pip", r"^ERROR: No matching distribution found for (?P<pkg>\S+)", starts=("ERROR: ",)),
    # pip 8-18 (before `ERROR: `): the first line indented by two spaces, the second at the margin
    _on(
        "pip",
        r"^  Could not find a version that satisfies the requirement (?P<pkg>\S+)",
        starts=("  Could not find a version that satisfies ",),
    ),
    _on("pip", r"^No matching distribution found for (?P<pkg>\S+)", starts=("No matching distribution found for ",)),
    # pip 8-18: a package's setup.py that failed (`Command "python setup.py egg_info" failed with error code 1
    # in /tmp/pip-build-x/beta/`; 18: `/tmp/pip-install-x/beta/`) and its wheel that did not build. The
    # project's own (`pip install .`) builds in `/tmp/pip-x-build/` (9) or `/tmp/pip-req-build-x/` (18),
    # named by no package: its failure is the build's, not a dependency's.
    _on(
        "pip",
        r"^Command \".+\" failed with error code \d+ in \S*/pip-(?:build|install)-\w+/(?P<pkg>[\w.-]+)",
        starts=('Command "',),
    ),
    # A VCS requirement's ref its repository lacks: git's checkout (or, for an editable requirement already cloned
    # by an earlier attempt, its reset) of the ref fails; pip 8-18 say so in the clone's folder, the editable
    # requirements' `src/NAME` included (`Command "git checkout -q v9.9.9" failed with error code 1 in
    # /home/travis/virtualenv/python3.6/src/cartlib`), pip 19.2-20 without it (`ERROR: Command errored out with exit
    # status 128: git reset --hard -q v9.9.9 Check the logs for full command output.`). Both are local to the clone:
    # a repository out of reach fails the clone or fetch before them.
    _on(
        "pip",
        r"^(?:Command \"|ERROR: Command errored out with exit status \d+: )"
        r"git (?:checkout -q|reset --hard -q) (?P<pkg>[^\"\s]+)(?:\" failed with error code \d+ in | Check the logs)",
        starts=('Command "git ', "ERROR: Command errored out with exit status "),
    ),
    _on("pip", r"^  Failed building wheel for (?P<pkg>\S+)", starts=("  Failed building wheel for ",)),
    _on(
        "pip",
        r"^ERROR: Cannot install (?P<pkg>.+?) because these package versions have conflicting",
        starts=("ERROR: ",),
    ),
    _on("pip", r"^ERROR: ResolutionImpossible", starts=("ERROR: ",)),
    # a requirements file pinned with hashes (pip-compile --generate-hashes) that no longer match, or miss one
    _on(
        "pip",
        r"^ERROR: (?:THESE PACKAGES DO NOT MATCH THE HASHES FROM THE REQUIREMENTS FILE|Hashes are required in "
        r"--require-hashes mode, but they are missing|In --require-hashes mode, all requirements must have their "
        r"versions pinned)",
        starts=("ERROR: ",),
    ),
    _on(
        "pip",
        r"^ERROR: (?:Failed building wheel for|Could not build wheels for) (?P<pkg>\S+)",
        starts=("ERROR: ",),
    ),
    _on(
        "pip",
        r"^ERROR: pip's dependency resolver does not currently take into account",
        starts=("ERROR: ",),
    ),
    _on(
        "pip",
        r"^ERROR: (?:Could not install packages due to|Invalid requirement|Double requirement)",
        starts=("ERROR: ",),
    ),
    _on(
        "pip",
        r"^error: (?:subprocess-exited-with-error|metadata-generation-failed|externally-managed)",
        starts=("error: ",),
    ),
    _on(
        "pip",
        r"^ERROR: Ignored the following versions that require a different python version",
        starts=("ERROR: ",),
    ),
    _on("pip", r"^ERROR: Package '(?P<pkg>[\w.-]+)' requires a different Python", starts=("ERROR: ",)),
    # pip 9-19 said the same without a prefix: `x requires Python '>=3.8' but the running Python is 2.7.18`
    _on(
        "pip", r"^(?P<pkg>[A-Za-z0-9][\w.-]*) requires Python '[^']*' but the running Python is ", " requires Python '"
    ),
    # setuptools' easy_install, fetching install_requires/tests_require for `setup.py develop|install|test`
    _on(
        "easy_install",
        r"^(?:No local packages or working download links found for |"
        r"error: Could not find suitable distribution for Requirement\.parse\(')(?P<pkg>[A-Za-z0-9][\w.-]*)",
        starts=("No local packages or working download links found for ", "error: Could not find suitable distrib"),
    ),
    _on("uv", r"^(?:error|  ×|×): No solution found when resolving dependencies", "No solution found"),
    _on(
        "uv",
        r"^\s*(?:╰─▶|cause:)\s+Because (?:all versions of |only |there is no version of |no versions of )?"
        r"(?P<pkg>[\w.\[\]-]+)",
        "Because",
    ),
    _on("uv", r"^error: Failed to (?:prepare distributions|build|download|fetch|resolve)", starts=("error: ",)),
    _on(
        "uv",
        r"^error: Distribution not found|^error: Requirements contain conflicting URLs",
        starts=("error: ",),
    ),
    # bun install --frozen-lockfile (Bun 1.x) after package.json changed
    _on("bun", r"^error: lockfile had changes, but lockfile is frozen", starts=("error: lockfile had ",)),
    # uv 0.10 prints it without `error: ` (`... needs to be updated, but `--locked` was provided.`)
    _on("uv", r"^(?:error: )?The lockfile at `uv\.lock` needs to be updated", starts=("error: ", "The lockfile at ")),
    # pipenv 2018-2020 runs pip's resolver through its own logger: `CRITICAL:pipenv.patched.notpip._internal.index:
    # Could not find a version that satisfies the requirement x==2.0 (from versions: 1.0)`, then
    # `ERROR: ERROR: No matching distribution found for x==2.0` after its ResolutionFailure traceback
    _on(
        "pipenv",
        r"^CRITICAL:pipenv\.[\w.]+:Could not find a version that satisfies the requirement (?P<pkg>\S+)",
        starts=("CRITICAL:pipenv.",),
    ),
    _on(
        "pipenv",
        r"^ERROR: ERROR: (?:No matching distribution found for|Could not find a version that matches) (?P<pkg>\S+)",
        starts=("ERROR: ERROR: ",),
    ),
    _on(
        "poetry",
        r"SolverProblemError|^Because (?P<pkg>\S+) depends on .+ version solving failed",
        "SolverProblemError",
        "version solving failed",
    ),
    _on(
        "poetry",
        r"pyproject\.toml changed significantly since poetry\.lock was last generated",
        "pyproject.toml changed",
    ),
    _on(
        "npm",
        # EBADENGINE (npm 7+) and ENOTSUP (npm 3-6): a package's `engines` (node/npm) or `os`/`cpu` the CI's
        # do not meet, under engine-strict or for a required platform-only package
        r"^npm (?:ERR!|error) code (?P<pkg>E(?:RESOLVE|TARGET|404|INTEGRITY|USAGE|NOVERSIONS|BADENGINE|NOTSUP))",
        starts=("npm ERR! ", "npm error "),
    ),
    # npm 6's `'x@^1.0.0' is not in the npm registry.`, npm 10's `The requested resource 'x@^1.0.0'
    # could not be found or you do not have permission to access it.`
    _on(
        "npm",
        r"^npm (?:ERR!|error) 404 (?:Not Found - )?.*?(?P<pkg>[@\w./-]+@?\S*) "
        r"(?:is not in|could not be found or you do not have permission)",
        starts=("npm ERR! ", "npm error "),
    ),
    # A git dependency's ref (tag, branch, commit) its repository lacks: npm 6 runs `git checkout REF` and passes
    # git's words on (`npm ERR! error: pathspec 'v9.9.9' did not match any file(s) known to git`; npm 3 first asks
    # `git rev-list -n1 v9.9.9`: `npm ERR! fatal: ambiguous argument 'v9.9.9': unknown revision ...`); npm 7 on says
    # `The git reference could not be found` first
    _on(
        "npm",
        r"^npm (?:ERR!|error) (?:The git reference could not be found|"
        r"error: pathspec '(?P<pkg>[^']+)' did not match any file\(s\) known to git|"
        r"fatal: ambiguous argument '[^']+': unknown revision or path not in the working tree)",
        starts=("npm ERR! ", "npm error "),
    ),
    # ETARGET (npm 6-11): the package exists, no published version matches the range
    _on(
        "npm",
        r"^npm (?:ERR!|error) notarget No matching version found for (?P<pkg>\S+?)\.?$",
        starts=("npm ERR! notarget ", "npm error notarget "),
    ),
    _on(
        "npm",
        r"^npm (?:ERR!|error) (?:ERESOLVE unable to resolve dependency tree|Could not resolve dependency)",
        starts=("npm ERR! ", "npm error "),
    ),
    _on(
        "npm",
        r"npm ci` can only install packages when your package\.json and package-lock\.json",
        "npm ci",
    ),
    _on(
        "yarn",
        r"^error (?:Couldn't find (?:package|any versions for) \"(?P<pkg>[^\"]+)\"|"
        r"An unexpected error occurred: \".*(?:404|ENOTFOUND))",
        starts=("error ",),
    ),
    # Yarn 1: a git dependency's ref its repository lacks (`error Couldn't find match for "v9.9.9" in
    # "refs/heads/master,refs/tags/v1.0.0" for "/tmp/git/cart.git".`)
    _on("yarn", r"^error Couldn't find match for \"(?P<pkg>[^\"]+)\" in ", starts=("error Couldn't find match for ",)),
    # Yarn 1 checks every package's `engines`, `os` and `cpu`: `error x@2.0.0: The engine "node" is incompatible
    # with this module. Expected version ">=22".` (1.22 adds `Got "20.20.2"`), then `error Found incompatible module`
    _on(
        "yarn",
        r"^error (?P<pkg>@?[^@\s]+)@\S+: The (?:engine|platform|CPU architecture) \"[^\"]*\" is incompatible with this",
        "is incompatible with this module",
    ),
    # Yarn Berry (2-4) under --immutable (its default on CI): `➤ YN0028: │ The lockfile would have been modified by
    # this install, which is explicitly forbidden.` (`created` when the project holds no yarn.lock)
    _on(
        "yarn",
        r"^(?:error |YN\d+: .*)Your lockfile needs to be updated|The lockfile would have been (?:modified|created)",
        "lockfile",
    ),
    # Yarn Berry (3-4) resolving a range no published version meets (`➤ YN0082: │ cartbase@npm:^3.0.0: No candidates
    # found`), and Yarn 4 a package its registry does not hold (`➤ YN0035: │ x@npm:^1.0.0: Package not found`, then
    # the request's `Response Code: 404`; Yarn 3 says `The remote server failed to provide the requested resource`
    # there, as for a 5xx: not read)
    _on(
        "yarn",
        r"^(?:➤ )?YN00(?:82|35): (?:│ )?(?P<pkg>(?:@[^/\s@]+/)?[^/\s@]+)@npm:\S+: (?:No candidates|Package not) found$",
        "No candidates found",
        "Package not found",
    ),
    _on(
        "pnpm", r"ERR_PNPM_(?:OUTDATED_LOCKFILE|NO_MATCHING_VERSION|FETCH_404|PEER_DEP_ISSUES|LOCKFILE)\w*", "ERR_PNPM_"
    ),
    _on("pnpm", r"^[1-9]\d* vulnerabilities found|^found [1-9]\d* vulnerabilit(?:y|ies)", "vulnerabilit"),
    _on(
        "cargo",
        r"^error: failed to select a version for (?:the requirement )?`?(?P<pkg>[\w-]+)",
        starts=("error: ",),
    ),
    _on("cargo", r"^error: no matching package named `(?P<pkg>[\w-]+)` found", starts=("error: ",)),
    # a git dependency's tag, branch or rev its repository lacks, under `error: failed to get `x` as a dependency of
    # package` (whose other causes are a registry out of reach): cargo 1.95 says `failed to find tag `v9.9.9`` for a
    # tag, libgit2's words for a rev (`revspec '0badc0ffee' not found; class=Reference (4)`) and a branch (`cannot
    # locate remote-tracking branch 'origin/x'; class=Reference (4)`)
    _on(
        "cargo",
        r"^\s+(?:failed to find (?:tag|branch) `(?P<pkg>[^`]+)`$|"
        r"(?:revspec '[^']+' not found|cannot locate remote-tracking branch '[^']+'); class=Reference)",
        "failed to find ",
        "revspec '",
        "cannot locate remote-tracking branch '",
    ),
    _on("cargo", r"^error: the lock file .* needs to be updated but --locked was passed", starts=("error: ",)),
    # Go modules: go.mod or go.sum out of step with the code (`go: example.com/cart@v1.0.0: missing go.sum entry; to
    # add it:` from Go 1.16), a version its proxy does not have (proxy.golang.org answers `410 Gone`, a plain file
    # server `404`; a 5xx is the proxy out of reach), vendor/modules.txt out of step with go.mod
    _on(
        "go",
        r"^go: (?:updates to go\.mod needed|missing go\.sum entry|inconsistent vendoring in |"
        r"(?P<pkg>\S+): (?:module .* not found|reading .*: 4(?:04|10) |unknown revision|invalid version|"
        r"missing go\.sum entry))",
        starts=("go: ",),
    ),
    # go.sum pins another hash than the module's (a tag moved, a proxy's copy changed): Go 1.19 `verifying
    # example.com/cart@v1.0.0/go.mod: checksum mismatch` over `SECURITY ERROR`; Go 1.11-1.15 says it after `go: `
    _on("go", r"^(?:go: )?verifying (?P<pkg>[^\s:]+?)(?:/go\.mod)?: checksum mismatch$", "checksum mismatch"),
    _on(
        "go",
        r"^\S+\.go:\d+:\d+: no required module provides package (?P<pkg>\S+)",
        ".go:",
    ),
    _on(
        "maven",
        r"Could not resolve dependencies for project|The following artifacts could not be resolved: (?P<pkg>\S+)",
        "Could not resolve dependencies",
        "could not be resolved",
    ),
    _on(
        "maven",
        r"Plugin (?P<pkg>\S+) or one of its dependencies could not be resolved",
        "could not be resolved",
    ),
    # Maven 3: the parent POM (a third party's, as spring-boot-starter-parent) not in any repository
    # (`Could not find artifact`); `Could not transfer artifact ... Connection refused` is its unreachable twin
    _on(
        "maven",
        r"Non-resolvable parent POM for \S+: Could not (?:find|transfer) artifact (?P<pkg>[\w.-]+:[\w.-]+)",
        "Non-resolvable parent POM",
    ),
    # Gradle's unresolved dependencies: its failure block says more (parsers/jvm_gradle.py)
    _on(
        "bundler",
        r"^Could not find (?P<pkg>[\w-]+)-[\d.]+ in any of the sources|^Bundler could not find compatible versions",
        starts=("Could not find ", "Bundler could not find compatible versions"),
    ),
    # Bundler 1-2: `Could not find gem 'x (~> 1.0)' in any of the gem sources listed in your Gemfile.`,
    # `... in rubygems repository https://..., cached gems or installed locally.`, `... in locally installed gems.`
    _on("bundler", r"^Could not find gem '(?P<pkg>[\w.-]+)[^']*' in ", starts=("Could not find gem '",)),
    # Bundler's git source whose ref the repository lacks: `Revision v9.9.9 does not exist in the repository
    # file:///tmp/git/cart.git. Maybe you misspelled it?` (Bundler 2.3 wraps it after `repository`)
    _on("bundler", r"^Revision (?P<pkg>\S+) does not exist in the repository", starts=("Revision ",)),
    # RubyGems (1.8-3.x) with no such gem or version in its sources (`gem install bundler -v 9.9`): `ERROR:  Could not
    # find a valid gem 'bundler' (= 9.9) in any repository`; a source it could not reach says `, here is why:`
    _on(
        "gem", r"^ERROR:  Could not find a valid gem '(?P<pkg>[^']+)' \([^)]*\) in any repository", "in any repository"
    ),
    # A gem that needs a newer Ruby than the CI's: RubyGems (`gem install`, and Bundler 1 installing a locked
    # gem: `Gem::InstallError: x requires Ruby version >= 2.2.2.`; RubyGems 3: `x-5.0.0 requires Ruby version
    # >= 9.0.0. The current ruby version is 3.1.2.` under `ERROR:  Error installing`), Bundler 2 from its lock
    # (`x-5.0.0 requires ruby version >= 9.0.0, which is incompatible with the current version, ...`) and
    # resolving (`Bundler found conflicting requirements for the Ruby version:`).
    _on("gem", rf"^\s*(?:Gem::\w+Error: )?{_GEM} requires Ruby version ", " requires Ruby version "),
    _on("bundler", rf"^{_GEM} requires ruby version .*, which is incompatible with the", " requires ruby version "),
    _on(
        "bundler",
        r"^Bundler found conflicting requirements for the Ruby",
        starts=("Bundler found conflicting requirements for the Ruby",),
    ),
    # Bower 1.x: `bower jquery#^3.0.0   ENOTFOUND Package jquery not found` (its registry answered: not a
    # name that did not resolve, though the code is Node's), `ENORESTARGET No tag found that was able to
    # satisfy ^2.0.0`, `ECONFLICT Unable to find suitable version for x`
    _on(
        "bower",
        r"^bower (?P<pkg>[\w.@/-]+)#\S* +(?:ENOTFOUND Package \S+ not found|ENORESTARGET |ECONFLICT )",
        starts=("bower ",),
    ),
    # NuGet's restore or install (nuget.exe 2.x-5.x, the mono one of Travis's C# builds) of a package its sources
    # do not hold: `Unable to find version '1.2.0' of package 'Cart.Base'.`, `Unable to find package 'Cart.Base'.`
    _on(
        "nuget",
        r"^Unable to find (?:version '[^'\s]+' of )?package '(?P<pkg>[\w.-]+)'\.",
        starts=("Unable to find version '", "Unable to find package '"),
    ),
    # cpanm (App::cpanminus 1.7): `! Couldn't find module or a distribution Foo::Bar`, then `! Installing the
    # dependencies failed: Module 'Foo::Bar' is not installed`
    _on(
        "cpanm",
        r"^! (?:Couldn't find module or a distribution (?P<pkg>[\w:]+)|Installing the dependencies failed: )",
        starts=("! ",),
    ),
    # LuaRocks 3: `Error: No results matching query were found for Lua 5.1.`, under `luarocks make` with the
    # dependency first: `Error: Could not satisfy dependency x >= 1.0: No results matching query ...`
    _on(
        "luarocks",
        r"^Error: (?:Could not satisfy dependency (?P<pkg>[\w.-]+)[^:]*: )?No results matching query were found",
        starts=("Error: ",),
    ),
    # Mix before compiling or testing: a dependency not fetched, of another version than mix.exs asks, out of date
    # with mix.lock (`Unchecked dependencies for environment test:` lists each, then this)
    _on(
        "mix",
        r"^\*\* \(Mix\) Can't continue due to errors on dependencies",
        starts=("** (Mix) Can't continue due to errors on dep",),
    ),
    # Mix (1.x) fetching a git dependency whose tag, branch or ref its repository lacks: git's `error: pathspec`, then
    # `** (Mix) Command "git --git-dir=.git checkout --quiet v9.9.9" failed` (a checkout: local to the clone)
    _on(
        "mix",
        r"^\*\* \(Mix\) Command \"git --git-dir=\.git checkout --quiet (?P<pkg>[^\"\s]+)\" failed",
        starts=('** (Mix) Command "git ',),
    ),
    # cabal-install's solver (1.x `cabal install --only-dependencies` through 3.x `cabal build`): an unknown package
    # or no version satisfying the bounds; the goals it tried follow
    _on(
        "cabal",
        r"^cabal(?:\.exe)?: Could not resolve dependencies:",
        starts=("cabal: Could not resolve", "cabal.exe: "),
    ),
    # apt-get install (apt 1-2): a package its sources do not have, a name only other packages refer to (`has no
    # installation candidate`), a version they do not hold
    _on(
        "apt",
        r"^E: (?:Unable to locate package |Package '|Version '[^']*' for ')(?P<pkg>[\w.+:-]+)'?"
        r"(?:$| has no installation candidate| was not found)",
        starts=("E: Unable to locate package ", "E: Package '", "E: Version '"),
    ),
    # apt-get update or install (apt 1-2) on a package source that does not serve what it should: `E: Failed to
    # fetch URL  404  Not Found [IP: ...]` (a suite, architecture or package the mirror no longer holds; Python's
    # http.server says `404  File not found`), `410  Gone`; a source with no Release file, or one apt cannot check
    # (`E: The repository 'URL suite Release' does not have a Release file.`, `is not signed.`, `is no longer
    # signed.`, after `W: GPG error: ... NO_PUBKEY`). The job's sources list is at fault. Not read: a source apt could
    # not reach (`Could not connect`, `Temporary failure resolving`, a 5xx: the network's), a 403 (a proxy or a ban as
    # often as the source), and `W:` (update went on, exit 0).
    _on(
        "apt",
        r"^E: (?:Failed to fetch \S+  (?:404|410)  |"
        r"The repository '[^']+' (?:does not have a Release file|is (?:not|no longer) signed)\.)",
        starts=("E: Failed to fetch ", "E: The repository '"),
    ),
    # A source's Release past its own Valid-Until (`E: Release file for URL is expired (invalid since 3d 0h 0min
    # 19s). Updates for this repository will not be applied.`, exit 100): a mirror no longer refreshed, or a suite
    # moved to an archive (a Debian release past its end on archive.debian.org), which the job's sources list still
    # names: the sources' fault, as a 404 above (a current suite or mirror, or Check-Valid-Until=false, fixes it).
    _on("apt", r"^E: Release file for \S+ is expired \(invalid since ", starts=("E: Release file for ",)),
    # Not the sources': a Release dated after the machine's clock (`is not valid yet (invalid for another 1h 59min
    # 27s)`: the runner's clock is behind), and an index or package whose bytes do not match the Release's hashes
    # (`Hash Sum mismatch`, `File has unexpected size (306 != 294). Mirror sync in progress?`: a mirror caught in
    # mid-sync or a caching proxy's stale copy, which a rerun fetches whole). Infra: named, never decided alone.
    _on(
        "apt",
        r"^E: (?:Release file for \S+ is not valid yet \(invalid for another |"
        r"Failed to fetch \S+  (?:Hash Sum mismatch|File has unexpected size \(\d+ != \d+\)))",
        starts=("E: Release file for ", "E: Failed to fetch "),
        category=Category.INFRA,
    ),
    _on(
        "composer",
        r"^\s*Your requirements could not be resolved to an installable set of packages",
        "could not be resolved",
    ),
    # Composer 2 installing from its lock: a locked package the platform does not meet (php, an extension)
    _on(
        "composer",
        r"^Your lock file does not contain a compatible set of packages",
        starts=("Your lock file does not contain a compatible",),
    ),
    # Composer 2 under `Problem 1`: `  - Root composer.json requires acme/x, it could not be found in any version`
    _on(
        "composer",
        r"^\s+- Root composer\.json requires (?P<pkg>[\w.-]+/[\w.-]+)[^,]*, it could not be found",
        "Root composer.json requires ",
    ),
)


def _finish(st: _Deps, view: View) -> Findings:
    # pip's verdict on building the project itself, or a fetched package whose compiler or linker error was read:
    # the build failed, and the compiler says why
    own = st.sources.own | st.compiled
    if own:
        st.found.errors = [
            e.model_copy(update={"votes": False}) if e.tool == "pip" and package_name(e.code or "") in own else e
            for e in st.found.errors
        ]
    # pip 8-22 installed a package whose wheel did not build with `setup.py install` instead (`Failed building
    # wheel for x`, then `Running setup.py install for x ... done`, `Successfully installed x-1.0`): shown, no failure
    fell_back = [
        e.model_copy(update={"votes": False})
        if e.tool == "pip" and "building wheel for" in e.message and package_name(e.code or "") in st.installed
        else e
        for e in st.found.errors
    ]
    st.found.errors = fell_back
    if len(st.tools) == 1:
        st.found.tool = next(iter(st.tools))
    return st.found


PARSER = Parser(tool="deps", category=Category.DEPENDENCY, parse=scan_with(_RULES, lambda _view: _Deps(), _finish))
