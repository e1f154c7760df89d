"""Documentation and data-file linters: markdownlint (markdownlint-cli old and new, markdownlint-cli2), the common
`file.md:line[:column]: message` form of prose/markdown checkers (remark-lint's compact form, mdl, write-good, alex,
gomali...), doc8, docutils' own reports (rstcheck, rst2html, `twine check`), yamllint (its standard and parsable
formats), codespell, cspell and typos, and the documentation builds that fail on warnings: `sphinx-build -W`,
`mkdocs build --strict`; and Hugo's errors (a `ref` to a missing page, a template that does not parse); and ChkTeX,
the LaTeX linter (`Warning 11 in paper.tex line 3: You should use \\ldots to achieve an ellipsis.`, the source line and
carets below; it exits 2 when it printed a warning or an error)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import field
from itertools import takewhile

from remediate.facts.parsers.base import (
    RAISED,
    Findings,
    Found,
    LineRules,
    Parser,
    Regex,
    Rule,
    plain,
    scan_with,
    state,
)
from remediate.facts.parsers.config import SYNTAX
from remediate.facts.parsers.handlers import FindingsHandler, heading, record, row, seen, summary, verdict
from remediate.facts.view import View
from remediate.models import Category

_DOC = r"(?P<file>\S+?\.(?:md|markdown|mdx|rst|adoc|asciidoc)):(?P<line>\d+)(?::(?P<col>\d+))?"
# A document's path and the colon after it (`.md` alone is in most logs: `README.md`, a URL's `.md`)
_EXTENSIONS = tuple(f".{extension}:" for extension in ("md", "markdown", "mdx", "rst", "adoc", "asciidoc"))
PATH_WITHIN = 200  # a path whose first dot comes later is not a document's


# Lines other tools of this module own: codespell's `word ==> fix`, Sphinx's (docutils') `: LEVEL: `.
_NOT_A_DOC_LINTER = (" ==> ", ": WARNING: ", ": ERROR: ", ": CRITICAL: ", ": SEVERE: ")


def _document(recorded: FindingsHandler) -> Callable[[Found, int, re.Match[str]], bool]:
    """The record, for a line whose path starts early enough (and that no other tool here prints)."""

    def handle(st: Found, no: int, m: re.Match[str]) -> bool:
        if "." not in m.string[:PATH_WITHIN] or any(own in m.string for own in _NOT_A_DOC_LINTER):
            return False
        if (message := m.groupdict().get("msg")) and RAISED.match(message):
            return False  # a test runner's failure placed in the document (a README's doctest)
        recorded(st, no, m)
        return True

    return handle


_RULES = LineRules[Found](
    # markdownlint: "README.md:3:81 error MD013/line-length Line length [Expected: 80; Actual: 108]"
    Rule(
        rf"^{_DOC} (?:error |warning )?(?P<code>MD\d{{3}})(?:/[\w-]+)* (?P<msg>.+)$",
        _document(record(tool="markdownlint")),
        has=_EXTENSIONS,
    ),
    # markdownlint-cli before 0.16: "guide/intro.md: 4: MD031/blanks-around-fences Fenced code blocks ..."
    Rule(
        r"^(?P<file>\S+?\.(?:md|markdown|mdx)): (?P<line>\d+): (?P<code>MD\d{3})(?:/[\w-]+)* (?P<msg>.+)$",
        _document(record(tool="markdownlint")),
        has=(": MD",),
    ),
    # proselint (0.8 to 0.14): "PROSE.md:1:9: uncomparables.misc Comparison of an uncomparable: ..." (its check's
    # dotted name first, lower case: the generic form below asks for a capital)
    Rule(
        rf"^{_DOC}: (?P<code>[a-z_]+(?:\.[a-z_]+)+) (?P<msg>.+)$",
        _document(record(tool="proselint")),
        has=_EXTENSIONS,
    ),
    # doc8: "docs/guide.rst:4: D000 Inline interpreted text ..." (D000: docutils' own complaint; D001-D005 its checks)
    Rule(rf"^{_DOC}: (?P<code>D\d{{3}}) (?P<msg>.+)$", _document(record(tool="doc8")), has=_EXTENSIONS),
    Rule(
        rf"^{_DOC}:? ?(?:\[?(?:error|warning)\]? ?)?(?P<msg>[A-Z].{{3,}})$", _document(record("doc")), has=_EXTENSIONS
    ),
)

PARSER = Parser(tool="doc-lint", category=Category.LINT, parse=scan_with(_RULES, plain("doc-lint")))


@state
class _Yamllint:
    found: Findings = field(default_factory=lambda: Findings(tool="yamllint"))
    file: str | None = None  # the file heading the rows that follow (standard format)


def _yaml_parsable(st: _Yamllint, no: int, m: re.Match[str]) -> None:
    if m["level"] == "error":
        st.found.error(no, m["msg"], file=m["file"], at=int(m["line"]), column=int(m["col"]), code=m["code"])


_YAMLLINT = LineRules[_Yamllint](
    # "./config.yaml" then "  2:1       error    duplication of key "key" in mapping  (key-duplicates)"
    Rule(r"^(?P<file>\S+\.ya?ml)$", heading, ends=(".yml", ".yaml")),
    Rule(
        r"^\s+(?P<line>\d+):(?P<col>\d+)\s+(?P<level>error|warning)\s+(?P<msg>.*?\S)\s+\((?P<code>[\w-]+)\)$",
        row({"error": None}),
        ends=")",
        continues=True,  # a row only under a heading
    ),
    Rule(
        r"^(?P<file>\S+?\.ya?ml):(?P<line>\d+):(?P<col>\d+): \[(?P<level>error|warning)\] "
        r"(?P<msg>.+) \((?P<code>[\w-]+)\)$",
        _yaml_parsable,
        has=(": [error] ", ": [warning] "),
    ),
)

# yamllint's `syntax` rule (the file does not parse) is a linter's finding like its others: a linter asked to
# check a file reports that the file does not parse as one of its findings, and the step that ran it is a lint
# step (its records and its command agree). `config` is for a program that fails to read a file it needs at run
# time (config.py: a loader's exception). The lint specialist may write the files its findings name
# (agents.languages.named_in_place), YAML included.
YAMLLINT = Parser(tool="yamllint", category=Category.LINT, parse=scan_with(_YAMLLINT, lambda _view: _Yamllint()))


# yaml-lint (npm), a YAML linter whose one finding is that a file it was given does not parse (js-yaml's
# reason): 1.2 stops at the first such file (`✖ YAML Lint failed for FILE`, `✖ REASON at line 2, column 4:`);
# 1.7 reports every one (` ERROR  YAML Lint failed for 2 files`, then per file its path and ` ERROR  REASON
# (2:4)` over a source frame). A linter's finding, like yamllint's `syntax` rows: lint.
@state
class _YamlLint:
    found: Findings = field(default_factory=lambda: Findings(tool="yaml-lint"))
    failed: bool = False  # its `YAML Lint failed for` line came
    file: str | None = None


def _yaml_lint_failed(st: _YamlLint, no: int, m: re.Match[str]) -> None:
    st.failed, st.file = True, m["file"]
    st.found.mark(no, 8.0)


def _yaml_lint_file(st: _YamlLint, _no: int, m: re.Match[str]) -> None:
    st.file = m["file"]


def _yaml_lint_reason(st: _YamlLint, no: int, m: re.Match[str]) -> None:
    st.found.error(no, m["msg"], file=st.file, at=int(m["line"]), column=int(m["col"]), code=SYNTAX)


_YAML_LINT = LineRules[_YamlLint](
    Rule(
        r"^(?:✖ YAML Lint failed for (?P<file>\S+)|ERROR\s+YAML Lint failed for \d+ files?)$",
        _yaml_lint_failed,
        has=("YAML Lint failed for ",),
        stripped=True,
    ),
    Rule(
        r"^(?P<file>\S+\.ya?ml)$",
        _yaml_lint_file,
        ends=(".yml", ".yaml"),
        when=lambda st, _no: st.failed,
        continues=True,
    ),
    Rule(
        r"^✖ (?P<msg>.+?) at line (?P<line>\d+), column (?P<col>\d+):?$",
        _yaml_lint_reason,
        starts="✖ ",
        when=lambda st, _no: st.failed and st.file is not None,
        continues=True,
    ),
    Rule(
        r"^ERROR\s+(?P<msg>.+) \((?P<line>\d+):(?P<col>\d+)\)$",
        _yaml_lint_reason,
        has=(" ERROR ",),  # behind a blank: no start to gate on
        when=lambda st, _no: st.failed and st.file is not None,
        stripped=True,
        continues=True,
    ),
)

YAML_LINT = Parser(tool="yaml-lint", category=Category.LINT, parse=scan_with(_YAML_LINT, lambda _view: _YamlLint()))


# write-good (npm, 0.x-1.x) by default: `In PROSE.md`, a rule of `=`, then per suggestion the sentence, carets
# under the words and `"very" is a weasel word and can weaken meaning on line 1 at column 8`; it exits with the
# number of suggestions.
@state
class _WriteGood:
    found: Findings = field(default_factory=lambda: Findings(tool="write-good"))
    file: str | None = None


def _write_good_file(st: _WriteGood, _no: int, m: re.Match[str]) -> None:
    st.file = m["file"]


_WRITE_GOOD = LineRules[_WriteGood](
    # `In ` starts many tools' lines (gcc's `In file included from`): the suggestion's words open the table
    Rule(
        r"^In (?P<file>\S+\.(?:md|markdown|txt|rst|adoc|html?))$",
        _write_good_file,
        starts="In ",
        continues=True,
    ),
    Rule(
        r"^(?P<msg>\".+) on line (?P<line>\d+) at column (?P<col>\d+)$",
        lambda st, no, m: st.found.error(no, m["msg"], file=st.file, at=int(m["line"]), column=int(m["col"])),
        has=(" at column ",),
        when=lambda st, _no: st.file is not None,
    ),
)

WRITE_GOOD = Parser(tool="write-good", category=Category.LINT, parse=scan_with(_WRITE_GOOD, lambda _view: _WriteGood()))

# codespell: "./README.md:3: teh ==> the", "./docs/a.md:1: alot ==> a lot, allot", "x.py:4: fo ==> of | reason";
# with --check-filenames the line number is absent. Every misspelling fails the run.
_CODESPELL = LineRules[Found](
    Rule(
        r"^(?P<file>[^\s:]+)(?::(?P<line>\d+))?: (?P<msg>\S+ ==> \S.*)$",
        record(tool="codespell", code="codespell"),
        has=(" ==> ",),
    ),
)

CODESPELL = Parser(tool="codespell", category=Category.LINT, parse=scan_with(_CODESPELL, plain("codespell")))

# cspell (npm, 5 to 9): "README.md:7:5 - Unknown word (wrod) fix: (word)" (a word its config forbids:
# "Forbidden word"), then "CSpell: Files checked: 1, Issues found: 2 in 1 file."
_CSPELL = LineRules[Found](
    Rule(
        r"^(?P<file>(?:[A-Za-z]:)?[^\s:]+):(?P<line>\d+):(?P<col>\d+) - (?P<msg>(?:Unknown|Forbidden) word \(.+)$",
        record(tool="cspell", code="cspell"),
        has=(" - Unknown word (", " - Forbidden word ("),
    ),
    Rule(r"^CSpell: Files checked: \d+, Issues found: (?P<failed>\d+) ", summary(6.0), starts="CSpell: "),
)

CSPELL = Parser(tool="cspell", category=Category.LINT, parse=scan_with(_CSPELL, plain("cspell")))


# markdown-spellcheck (`mdspell -r`, npm, 1.x): the file indented by four spaces, then each line with a word
# its dictionary lacks (`        3 | This is a smal shop.`: the word itself only in colour), then
# `>> 2 spelling errors found in 1 file`; report mode exits 1 on any. An indented name and indented numbered
# lines are common shapes: the rows are mdspell's only when its count closes them.
@state
class _Mdspell:
    found: Findings = field(default_factory=lambda: Findings(tool="mdspell"))
    file: str | None = None
    counted: bool = False  # its `>> N spelling errors found` line came


def _mdspell_file(st: _Mdspell, _no: int, m: re.Match[str]) -> None:
    st.file = m["file"]


def _mdspell_row(st: _Mdspell, no: int, m: re.Match[str]) -> None:
    message = f"unknown word in: {m['text'].strip()}"
    st.found.error(no, message, file=st.file, at=int(m["line"]), code="mdspell")


def _mdspell_count(st: _Mdspell, no: int, m: re.Match[str]) -> None:
    st.counted = True
    summary(6.0)(st, no, m)


def _mdspell_done(st: _Mdspell, _view: View) -> Findings:
    if not st.counted:
        st.found.errors = []
    return st.found


_MDSPELL = LineRules[_Mdspell](
    Rule(
        r"^    (?P<file>\S+\.(?:md|markdown|mdown|txt))$",
        _mdspell_file,
        starts="    ",
        ends=(".md", ".markdown", ".mdown", ".txt"),
        continues=True,  # the count below opens the table: without it the rows are dropped
    ),
    Rule(
        r"^ {8}(?P<line>\d+) \| (?P<text>.+)$",
        _mdspell_row,
        starts="        ",
        when=lambda st, _no: st.file is not None,
        continues=True,
    ),
    Rule(
        r"^>> (?P<errors>\d+) spelling errors? found in \d+ files?$",
        _mdspell_count,
        has=(" spelling errors found in ", " spelling error found in "),
    ),
)

MDSPELL = Parser(
    tool="mdspell", category=Category.LINT, parse=scan_with(_MDSPELL, lambda _view: _Mdspell(), _mdspell_done)
)


# typos (crate-ci/typos, 1.x; PyPI `typos`): "error: `Teh` should be `The`" over its place
# ("  ╭▸ README.md:7:1"), or in its brief format on one line: "README.md:7:1: error: `Teh` should be `The`".
_TYPOS_PLACE = Regex(r"^\s*(?:╭▸|-->) (?P<file>[^\s:]+):(?P<line>\d+):(?P<col>\d+)$")


def _typo(st: Found, no: int, m: re.Match[str]) -> bool:
    below = next(st.view.after(no, 1), None)
    place = _TYPOS_PLACE.match(below.text) if below is not None else None
    if place is None:
        return False
    at, column = int(place["line"]), int(place["col"])
    st.found.error(no, m["msg"], file=place["file"], at=at, column=column, code="typos")
    return True


_TYPOS = LineRules[Found](
    Rule(r"^error: (?P<msg>`[^`]+` should be .+)$", _typo, starts="error: `", has=("` should be ",)),
    Rule(
        r"^(?P<file>[^\s:]+):(?P<line>\d+):(?P<col>\d+): error: (?P<msg>`[^`]+` should be .+)$",
        record(tool="typos", code="typos"),
        has=("` should be ",),
    ),
)

TYPOS = Parser(tool="typos", category=Category.LINT, parse=scan_with(_TYPOS, plain("typos")))


@state
class _Sphinx:
    found: Findings = field(default_factory=lambda: Findings(tool="sphinx"))
    problems: list[tuple[int, re.Match[str]]] = field(default_factory=list)
    failed: bool = False  # the build said its warnings are errors (-W)
    # the line of Sphinx < 7.3's "Warning, treated as error:" (its warning follows); -1: none (0: line 1 follows it)
    treated: int = -1

    def after_treated(self, no: int) -> bool:
        return self.treated == no - 1


_SPHINX_PLACE = r"^(?P<file>(?:[A-Za-z]:)?[^\s:]+?)(?::docstring of [\w.]+)?(?::(?P<line>\d+))?:"


def _sphinx_problem(st: _Sphinx, no: int, m: re.Match[str]) -> None:
    st.problems.append((no, m))


def _sphinx_failed(st: _Sphinx, no: int, _m: re.Match[str]) -> None:
    st.failed = True
    st.found.seen = True
    st.found.mark(no, 9.0)


def _sphinx_treated(st: _Sphinx, no: int, m: re.Match[str]) -> None:
    _sphinx_failed(st, no, m)
    st.treated = no


_SPHINX = LineRules[_Sphinx](
    # "docs/index.rst:4: WARNING: toctree contains reference to nonexisting document 'missing' [toc.not_readable]"
    Rule(
        _SPHINX_PLACE + r" (?P<level>WARNING|ERROR|CRITICAL|SEVERE): (?P<msg>.+?)(?: \[(?P<code>[\w.-]+)\])?$",
        _sphinx_problem,
        has=(": WARNING: ", ": ERROR: ", ": CRITICAL: ", ": SEVERE: "),
    ),
    # Sphinx < 7.3 with -W stops at the first warning: "Warning, treated as error:" then "docs/index.rst:4:toctree ..."
    Rule(r"^Warning, treated as error:$", _sphinx_treated, starts="Warning, treated as error:"),
    Rule(_SPHINX_PLACE + r" ?(?P<msg>\S.*)$", _sphinx_problem, when=_Sphinx.after_treated),
    # -W with --keep-going (the default from Sphinx 7.3): "build finished with problems, 4 warnings (with warnings
    # treated as errors)." (before 7.3 without the parenthesis); without -W: "build succeeded, 4 warnings."
    Rule(r"^build finished with problems\b", _sphinx_failed, starts="build finished with problems"),
    Rule(r"^build succeeded", seen, starts="build succeeded"),
    continued=True,  # its rules without literals wait on state only its other rules set
)


def _sphinx(st: _Sphinx, _view: View) -> Findings:
    """Sphinx's warnings and errors as records when the build failed on them (-W); a build that
    succeeded with warnings failed on none of them (they are only marked)."""
    for no, m in st.problems:
        if st.failed:
            record(tool="sphinx", levels=False)(st, no, m)  # -W: its warnings were errors
        else:
            st.found.mark(no, 3.0)
    return st.found


SPHINX = Parser(tool="sphinx", category=Category.LINT, parse=scan_with(_SPHINX, lambda _view: _Sphinx(), _sphinx))


@state
class _MkDocs:
    found: Findings = field(default_factory=lambda: Findings(tool="mkdocs"))
    warnings: list[tuple[int, str]] = field(default_factory=list)
    aborted: bool = False


def _mkdocs_warning(st: _MkDocs, no: int, m: re.Match[str]) -> None:
    st.warnings.append((no, m["msg"]))


def _mkdocs_aborted(st: _MkDocs, no: int, _m: re.Match[str]) -> None:
    st.aborted = True
    st.found.seen = True
    st.found.mark(no, 9.0)


# A configuration value MkDocs refuses before it builds (1.6: `ERROR   -  Config value 'plugins': The "mkdocstrings"
# plugin is not installed`, then `Aborted with a configuration error!`): a plugin or theme the configuration names
# that is not installed is the job's missing package (pip install mkdocstrings, mkdocs-material), as pytest's plugin
# that is not installed is; any other refused value is the configuration's.
# MkDocs' words (pattern pieces, triage.patterns' runner plugin reads them too), each taking its name's or key's
# pattern as `{name}` or `{key}`; MKDOCS_CONFIG_VALUE holds no other regular expression's character, so it is the
# message's words as well.
MKDOCS_CONFIG_VALUE = "Config value '{key}': "
MKDOCS_PLUGIN_MISSING = 'The "{name}" plugin is not installed'
MKDOCS_THEME_MISSING = r"Unrecognised theme name: '{name}'\. The available installed themes are"
_MKDOCS_NOT_INSTALLED = (
    (re.compile("^" + MKDOCS_PLUGIN_MISSING.format(name='[^"]+')), "plugin-not-installed"),
    (re.compile("^" + MKDOCS_THEME_MISSING.format(name="[^']+")), "theme-not-installed"),
)


def _mkdocs_config_error(st: _MkDocs, no: int, m: re.Match[str]) -> None:
    message = MKDOCS_CONFIG_VALUE.format(key=m["key"]) + m["msg"]
    missing = next((code for pattern, code in _MKDOCS_NOT_INSTALLED if pattern.match(m["msg"])), None)
    category = Category.DEPENDENCY if missing else Category.CONFIG
    st.found.error(no, message, code=missing or "config-value", category=category)


_MKDOCS = LineRules[_MkDocs](
    # "WARNING -  Doc file 'index.md' contains a link 'missing.md', but the target is not found among ..."
    # (MkDocs pads its level to 7 characters and puts two spaces after the dash)
    Rule(r"^WARNING\s{1,2}-  (?P<msg>\S.*)$", _mkdocs_warning, starts="WARNING"),
    Rule(
        r"^ERROR\s{1,3}-  " + MKDOCS_CONFIG_VALUE.format(key="(?P<key>[^']+)") + r"(?P<msg>\S.*)$",
        _mkdocs_config_error,
        starts="ERROR",
    ),
    # 1.6 counts the configuration's warnings apart: `Aborted with 1 configuration warnings in 'strict' mode!`
    Rule(
        r"^(?:Error: )?Aborted with \d+ (?:configuration )?warnings? in '?strict'? mode!$",
        _mkdocs_aborted,
        has=(" in strict mode!", " in 'strict' mode!"),
    ),
    Rule(r"^Aborted with a configuration error!$", _mkdocs_aborted, starts="Aborted with a configuration error!"),
)


def _mkdocs(st: _MkDocs, _view: View) -> Findings:
    """MkDocs' warnings as records when --strict aborted the build on them. Its messages name a
    page relative to the docs directory (configurable), so no repository path is claimed; a page
    the `nav` names but the docs lack, or a configuration value it warns of, is the configuration's problem."""
    for no, message in st.warnings:
        if st.aborted:
            config = "'nav' configuration" in message or message.startswith("Config value '")
            st.found.error(no, message, code="strict", category=Category.CONFIG if config else Category.UNKNOWN)
        else:
            st.found.mark(no, 3.0)
    return st.found


MKDOCS = Parser(tool="mkdocs", category=Category.LINT, parse=scan_with(_MKDOCS, lambda _view: _MkDocs(), _mkdocs))


def _docutils(st: Found, no: int, m: re.Match[str]) -> None:
    if m["level"] == "INFO":  # a remark; it fails only a run told to halt at level 1
        st.found.mark(no, 3.0)
    else:
        record(tool="docutils", code="{level}")(st, no, m)


def _twine(st: Found, no: int, m: re.Match[str]) -> None:
    """twine check's verdict on a package's long description, with the markup problem docutils
    reported on the indented lines below it (the README it came from is not named)."""
    below = [line.text.strip() for line in takewhile(lambda ln: ln.text.startswith("  "), st.view.after(no, 6))]
    st.found.error(no, " ".join([m["msg"].strip(), *below]), tool="twine", code="long_description")


_DOCUTILS = LineRules[Found](
    # rstcheck, rst2html, `setup.py check -r -s`: "README.rst:6: (ERROR/3) Unknown directive type "unknown"."
    Rule(
        r"^(?P<file>[^\s:]+):(?P<line>\d+): \((?P<level>INFO|WARNING|ERROR|SEVERE)/\d\) (?P<msg>.+)$",
        _docutils,
        has=("(INFO/1) ", "(WARNING/2) ", "(ERROR/3) ", "(SEVERE/4) "),
    ),
    # twine check: "ERROR    `long_description` has syntax errors in markup and would not be rendered on PyPI."
    Rule(r"^ERROR\s+(?P<msg>`long_description` has syntax errors.*)$", _twine, starts="ERROR "),
    # its end, not its start: `Checking ` starts lines of other checkers in many logs
    Rule(r"^Checking \S+: FAILED$", verdict(9.0), ends=": FAILED"),
)

DOCUTILS = Parser(tool="docutils", category=Category.LINT, parse=scan_with(_DOCUTILS, plain("docutils")))


# restructuredtext-lint (`rst-lint README.rst`, PyPI 1.x): "ERROR README.rst:7 Unknown directive type "x"." (its
# WARNING rows fail the run too: it exits 2 at its default level, warning).
_RST_LINT = LineRules[Found](
    Rule(
        r"^(?P<level>INFO|WARNING|ERROR|SEVERE) (?P<file>\S+?\.(?:rst|txt)):(?P<line>\d+) (?P<msg>.+)$",
        _docutils,
        starts=("WARNING ", "ERROR ", "SEVERE "),
        has=(".rst:", ".txt:"),
    ),
)

RST_LINT = Parser(tool="rst-lint", category=Category.LINT, parse=scan_with(_RST_LINT, plain("docutils")))


# distutils' `setup.py check -r -s` (Python 2.7 to 3.11, setuptools alike): docutils' complaints about the
# long description as `warning: check: MESSAGE (line N)` (a message of two lines puts `(line N)` on the second),
# beside its metadata warnings (`missing required meta-data: url`); `-s` then fails on any of them with
# `error: Please correct your package.`. The markup's complaints are the records; the metadata's fail the
# same run but are the package's settings, not its documentation: marks only.
@state
class _SetupCheck:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="docutils"))
    markup: list[tuple[int, str, int]] = field(default_factory=list)  # (log line, message, line in the text)


_LINE_OF_TEXT = Regex(r"^(?P<msg>.*)\(line (?P<line>\d+)\)$")  # the message stripped where read


def _setup_check(st: _SetupCheck, no: int, m: re.Match[str]) -> None:
    message = m["msg"].strip()
    where = _LINE_OF_TEXT.match(message)
    if where is None:
        below = next(iter(st.view.after(no, 1)), None)
        second = _LINE_OF_TEXT.match(below.text.strip()) if below and below.text.strip() else None
        if second is None or below is None or below.text.startswith("warning: "):
            st.found.mark(no, 4.0)
            return
        message, where = f"{message} {second['msg'].strip()}", second
    else:
        message = where["msg"].strip()
    st.markup.append((no, message, int(where["line"])))


def _setup_check_failed(st: _SetupCheck, no: int, _m: re.Match[str]) -> None:
    st.found.mark(no, 9.0)
    for at, message, line in st.markup:
        st.found.error(at, message, at=line, code="check")
    st.markup = []


_SETUP_CHECK = LineRules[_SetupCheck](
    Rule(r"^warning: check: (?P<msg>.+)$", _setup_check, starts="warning: check: "),
    Rule(r"^error: Please correct your package\.$", _setup_check_failed, starts="error: Please correct your package"),
)

SETUP_CHECK = Parser(
    tool="setup-check", category=Category.LINT, parse=scan_with(_SETUP_CHECK, lambda view: _SetupCheck(view))
)

# Hugo (the site generator): a `ref`/`relref` to a page that does not exist, `ERROR 2019/08/01 15:12:45
# [en] REF_NOT_FOUND: Ref "/docs/x": "/path/content/post.md:58:54": page not found` (Hugo 0.5x to 0.111
# alike; the first may follow `Building sites … ` on its line), each at the place that names it: a
# broken link of the site's content, no tool's rule and no build of code, so no category of its own.
# A template that does not parse stops the build (`"FILE:1:1": parse failed: template: ...`). Hugo
# ends with `Error: Error building site: logged N error(s)`.
_HUGO_REF = (
    r"ERROR (?:\d{4}/\d\d/\d\d \d\d:\d\d:\d\d )?(?:\[\w+\] )?(?P<code>REF_NOT_FOUND): "
    r"(?P<msg>Ref \"[^\"]*\": \"(?P<file>[^\"]+?):(?P<line>\d+):(?P<col>\d+)\": .+)$"
)


def _hugo_template_failed(st: Found, no: int, m: re.Match[str]) -> None:
    """A layout that does not parse: the site is not built."""
    at, column = int(m["line"]), int(m["col"])
    st.found.error(no, m["msg"], file=m["file"], at=at, column=column, code="template", category=Category.BUILD)


_HUGO = LineRules[Found](
    Rule(_HUGO_REF, record(), has=("REF_NOT_FOUND: ",), search=True),
    Rule(
        r"^Error: .*\"(?P<file>[^\"]+?):(?P<line>\d+):(?P<col>\d+)\": (?P<msg>parse failed: .+)$",
        _hugo_template_failed,
        has=('": parse failed: template: ',),
    ),
    Rule(r"^Error: Error building site: ", verdict(8.0), starts="Error: Error building site: "),
)
HUGO = Parser(tool="hugo", category=Category.UNKNOWN, parse=scan_with(_HUGO, plain("hugo")), no_specialist=True)


_CHKTEX = LineRules[Found](
    Rule(
        r"^(?:Warning|Error) (?P<code>\d+) in (?P<file>\S+?\.(?:tex|ltx|sty|cls|bib)) line (?P<line>\d+): (?P<msg>.+)$",
        record("chktex {code}"),
        starts=("Warning ", "Error "),
        has=(".tex line ", ".ltx line ", ".sty line ", ".cls line ", ".bib line "),
    ),
)

CHKTEX = Parser(tool="chktex", category=Category.LINT, parse=scan_with(_CHKTEX, plain("chktex")))


# Jekyll (4.3, the site generator of GitHub Pages): a page's Liquid that fails, `  Liquid Exception: Liquid syntax
# error (line 4): 'for' tag was never closed in index.md` or `... Could not locate the included file 'x.html' in any
# of [...] ... in /abs/_posts/x.md`, then its banner (`Jekyll 4.3.1   Please append \`--trace\` to the \`build\`
# command`) and Ruby's backtrace. The site's content or templates, not the project's code: no specialist's, as a
# Hugo page's broken reference.
_JEKYLL = LineRules[Found](
    Rule(
        r"^\s*Liquid Exception: (?P<msg>.+?) in (?P<file>\S+?)\s*$",
        record("liquid"),
        has=("Liquid Exception: ",),
    ),
    Rule(r"^\s*Jekyll \d[\w.]*\s+Please append `--trace`", verdict(7.0), has=("Please append `--trace`",)),
)
JEKYLL = Parser(tool="jekyll", category=Category.UNKNOWN, parse=scan_with(_JEKYLL, plain("jekyll")), no_specialist=True)
