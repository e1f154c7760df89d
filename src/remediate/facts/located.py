"""Findings no parser read, under a checker's command: the lines of the failing step that place a
message in a file, read as records of the checker's kind.

A linter, a type checker or a formatter no parser knows (or a version whose shape the parsers miss)
still reports each finding at a place, in one of a few shapes most such tools share: `path:line[:col]:
message` (GNU's form: flake8, cpplint, gomali, golint, ESLint's unix format; markdownlint's `path:line rule`),
`path(line,col): message` (TypeScript, MSBuild), `path[line, col]: message` (TSLint), `path: line N, col M,
message` (JSHint, lesshint), `[path:line]: message` (cppcheck), a path alone over rows of `line:col message`
(stylish reporters), `message at line N, column M.` and `message at path line N` (Perl::Critic's and
Perl's). A formatter's finding is a file it would change, which it names alone (a file list, a diff's
header, `would reformat PATH`); one that could not read a file names none.
The place says nothing of the finding's kind; the command that failed does (facts.commands), so these
records are read only when the failing step's command is a checker, and only when no parser read a
record or a failing test there: they fill the gap of a tool no parser reads, never overrule one that does.
What a message means still decides over the command (classify._error_category: a TypeScript parser
error's TS1xxx code is the build's, a missing third party's module a dependency's).

Every pattern is anchored at the line's start and linear: one bounded run over a class, then literals.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from remediate.facts.ci.framing import runner_line
from remediate.facts.denied import clippy_says
from remediate.facts.lazyregex import Regex
from remediate.facts.meaning.missing import missing_commands, status_127
from remediate.facts.meaning.runs import signalled
from remediate.facts.meaning.task_failures import TASK_ROW
from remediate.facts.parsers.base import RAISED, Findings, level_of
from remediate.facts.parsers.canalysis import COMPILER_RELAYED, is_analyser_finding
from remediate.facts.parsers.diffcheck import build_output, dependency_lock
from remediate.facts.parsers.javascript import tsc_config_error
from remediate.facts.view import View
from remediate.models import Category, Severity

# A file's path as such tools print it: no spaces, no quotes or brackets, ending in a name's extension
# (a letter first: an IP address's `10.0.0.1:22` is no file).
_PATH = r"(?P<file>[\w./@~+-]{0,300}\.[A-Za-z][\w-]{0,9})"
# An error's kind named before its message (`Error: `, `YAMLException: `): a parser's error about a file it
# could not read (js-yaml's `Error: bad indentation of a mapping entry at line 3, column 4:`), not a finding.
_LABEL = r"[A-Za-z]{1,40}: "
# A finding's severity, where a checker prints it before the place (Checkstyle's `[ERROR] path:4:5: msg` and
# `[WARN] `, sbt's `[error] `, TSLint 5's `ERROR: path:1:1 - msg`, restructuredtext-lint's `ERROR README.rst:7 msg`),
# behind the Ant task that ran it when it says error, as Ant's logger and Gradle's relay of an Ant task name it
# (`[ant:checkstyle] [ERROR] path:4:5: msg. [CheckName]`): a relayed `[WARN]` failed no task (Gradle's Checkstyle
# fails on errors; its maxWarnings is unlimited unless set), and beside failing tests it is no second cause.
_LEVEL = (
    r"(?:\[(?:ant:)?[a-z][a-z\d-]{0,30}\] (?=\[(?:ERROR|error)\] ))?"
    r"(?:\[(?:ERROR|WARN|WARNING|error|warn)\] |(?:ERROR|WARNING):? )?"
)
# `path:line[:col]: message` (a space or nothing after the last colon: gomali's `README.md:2186:Line ...`;
# spaces alone: markdownlint's `README.md:4 error MD022/...`); GHC's column span (`src/Lib.hs:8:11-17: error:`)
_GNU = _PATH + r":(?P<line>\d{1,7})(?::(?P<col>\d{1,5})(?:-\d{1,5})?)?(?::|\s+-|\s)\s{0,4}(?P<msg>[^\s\d].*)$"
# `path(line,col): message`
_PARENTHESES = _PATH + r"\((?P<line>\d{1,7})(?:, ?(?P<col>\d{1,5}))?\): ?"
_SHAPES: tuple[Regex, ...] = (
    Regex(r"^ {0,8}" + _LEVEL + _GNU),
    # `[Kind: ]path: line N, col M, message` (JSHint's default reporter, lesshint's)
    Regex(r"^(?:[A-Za-z]{1,20}: )?" + _PATH + r": line (?P<line>\d{1,7}), col (?P<col>\d{1,5}), (?P<msg>\S.*)$"),
    # `[path:line]: message`, a trail of further places before it (cppcheck's first template)
    Regex(r"^\[" + _PATH + r":(?P<line>\d{1,7})\](?: -> \[[^\]]{1,300}\])*:? ?(?P<msg>\S.*)$"),
    Regex(r"^ {0,8}" + _PARENTHESES + r"(?P<msg>\S.*)$"),
    # `path[line, col]: message`
    Regex(r"^ {0,8}" + _LEVEL + _PATH + r"\[(?P<line>\d{1,7}), ?(?P<col>\d{1,5})\]: ?(?P<msg>\S.*)$"),
    # `path: (line:col) message` (Perl::Critic's --verbose 2)
    Regex(r"^" + _PATH + r": \((?P<line>\d{1,7}):(?P<col>\d{1,5})\) (?P<msg>\S.*)$"),
    # `message at path line N` (Perl's own form: Perl::Critic's --verbose 3, `perl -c`)
    Regex(r"^(?!" + _LABEL + r")(?P<msg>\S.{0,400}?) at " + _PATH + r" line (?P<line>\d{1,7})\b"),
    # `[path: ]message at line N[, column M]` then `.` or `near` (Perl::Critic's default and --verbose 5-9)
    Regex(
        r"^(?:"
        + _PATH
        + r": )?(?!"
        + _LABEL
        + r")(?P<msg>\S.{0,400}?) at line (?P<line>\d{1,7})(?:, column (?P<col>\d{1,5}))?"
        r"(?:\.|,? near\b)"
    ),
)
# The shapes of a place and a message any program may print (its own script's `src/cart.js:1 trailing whitespace`, a
# compiler's, a test's assertion), where the others are linters' own.
_ANY_PROGRAMS = (_SHAPES[0], _SHAPES[3])
# webpack 4's relay of a loader's error before its place (Angular CLI 7's `ng build`: `ERROR in src/app/x.ts(10,3):
# error TS2322: ...`), where a compiler's parenthesised row may stand.
_RELAYED = r"(?:ERROR in )?"
# A build's errors, at the line's start as compilers print them: the GNU shape (gcc, clang, Go, kotlinc, javac,
# erlc, GHC), and the parenthesised one when it says error (MSBuild's, csc's, tsc's `path(line,col): error CODE:
# message`; Boost.Test's `path(16): last checkpoint` under a Makefile that runs the tests is none). An indented
# place is a program's report of its own (a Lua test's `  tests/libs/tap.lua:83: Missing 1 expected call` over
# its traceback, run by a Makefile's default target). Maven's compiler plugin prints javac's errors at its own
# `[ERROR] path:[line,col] message` (its warnings at `[WARNING] `); Elixir's compiler its error's kind before the
# GNU shape (`** (CompileError) lib/cart.ex:4: undefined function totl/0`, `** (SyntaxError) lib/a.ex:4:3: ...`, a
# doctest's `** (CompileError) (for doctest at) lib/cart.ex:5: ...`; its stack's frames below are indented). The other
# shapes are linters' own.
_BUILD_SHAPES = (
    Regex(r"^" + _GNU),
    Regex(r"^" + _RELAYED + _PARENTHESES + r"(?P<msg>(?:fatal )?error\b.*)$"),
    Regex(r"^\[ERROR\] " + _PATH + r":\[(?P<line>\d{1,7})(?:,(?P<col>\d{1,5}))?\] (?P<msg>\S.*)$"),
    Regex(r"^\*\* \((?:Compile|Syntax|TokenMissing|MismatchedDelimiter)Error\) (?:\(for doctest at\) )?" + _GNU),
)
# A compiler's error as any command may print it (compiled): a build shape saying error at the line's start, and
# within the next lines a caret under the quoted source (gcc's `      |   ^~~~`, clang's, javac's and kotlinc's bare
# `    ^`, erlc's `%     |   ^`): a compiler's, whatever script ran it. GHC's message stands on indented lines between
# its place (`src/Lib.hs:5:9: error: [GHC-83865]`, a span `:8:11-17:`) and its frame (`  |`, `5 | total = "zero"`,
# `  |         ^^^^^^`): the caret is looked for past such lines too, up to MESSAGE_LINES. The tool its records are of:
_SAYS_ERROR = Regex(
    r"^" + _PATH + r"(?::\d{1,7}(?::\d{1,5}(?:-\d{1,5})?)?: |\(\d{1,7}(?:, ?\d{1,5})?\): )(?:fatal )?error\b"
)
# A compiler's coded error in the parenthesised shape (`src/cart.ts(6,9): error TS2322: ...`: tsc's without its pretty
# output, MSBuild's canonical form of csc's, vbc's and fsc's `Program.cs(10,23): error CS0029: ...`): its code names a
# compiler's diagnostic as a caret does the GNU shape's, so none is looked for below it (neither quotes the source).
# A linter's row in that shape names a rule, not a code (ESLint's visualstudio format: `app.js(1,5): error semi : `).
_CODED_ERROR = Regex(r"^" + _RELAYED + _PARENTHESES + r"(?:fatal )?error [A-Z]{2,6}\d{3,5}: ")
# TypeScript's codes are its checker's, whichever command ran tsc (`npm test` running `tsc && node --test`): its
# records are tsc's, of its kind (classify makes TS1xxx, the parser's, the build's).
_TYPESCRIPT_CODE = Regex(r"TS\d{4,5}")
# A checker's row at the error level before its place (Checkstyle's `[ERROR] path:4:5: msg`), as _LEVEL reads it.
_LEVELLED_ERROR = Regex(r"^\s{0,8}\[(?:ERROR|error)\] " + _PATH + r":\d{1,7}\b")


def says_error(text: str) -> bool:
    """Whether a line is a row a tool printed at the error level at a place (_SAYS_ERROR: gcc's, mypy's, javac's,
    tsc's `path(3,5): error TS2322: ...`; _LEVELLED_ERROR: Checkstyle's), whether or not a reader made a record of
    it: facts/severity.py asks it of a failing step's lines no record was made from."""
    return _SAYS_ERROR.match(text) is not None or _LEVELLED_ERROR.match(text) is not None


_CARET = Regex(r"^[ \t|%~]{0,400}\^[ \t~^]{0,400}$")
CARET_WITHIN = 3
# A line of a diagnostic's message block: indented, or a code frame's numbered source line (`5 | total = "zero"`).
_MESSAGE_LINE = Regex(r"^[ \t]|^\d{1,7} \|")
MESSAGE_LINES = 12


def numbered_source(text: str) -> bool:
    """A code frame's numbered source line (`5 | total = "zero"`, unindented under GHC's indented message): a line of
    the message block above it (_MESSAGE_LINE), not a heading."""
    return text[:1].isdigit() and _MESSAGE_LINE.match(text) is not None


COMPILER = "compiler"
# The JDK's javadoc's own progress lines: the span ran javadoc, whose doclint errors are javac-shaped (parsers/jvm.py)
JAVADOC_RAN = ("Constructing Javadoc information", "Standard Doclet version ")
# javadoc's own failure as the build that ran it says it, where javadoc's progress lines do not show (Gradle keeps
# them quiet): Gradle's `> Javadoc generation failed.`. The failing step's javac-shaped rows are then javadoc's doclint
# findings (javadoc_failed), whatever command it shows: Gradle compiles before javadoc runs. Not javadoc's progress
# lines: a javadoc that passed prints them too, and a javac's error after it is javac's
# (tests/facts/data/javadoc17_then_javac_error.txt).
_JAVADOC_FAILED = Regex(r"^(?:> )?Javadoc generation failed\b")
JAVADOC = "javadoc"
# gfortran's error stands below its place, past the quoted source and a `1` under the column: `src/cart.f90:13:16:`
# alone, then `Error: Symbol 'totl' at (1) has no IMPLICIT type` (`Fatal Error: `; a warning's says `Warning: `).
# The place alone over an `Error:` within a few lines is a compiler's error, whatever command ran it.
_PLACE_ALONE = Regex(r"^" + _PATH + r":\d{1,7}:\d{1,5}:$")
_ERROR_BELOW = Regex(r"^(?:Fatal )?Error: ")
ERROR_WITHIN = 6
# A stylesheet compiler's error: `Error: message` (webpack's sass-loader: `SassError: `), and below it, past its
# code frame, its place in a stylesheet: Ruby Sass's and libsass's (sassc, node-sass) `        on line 6 of
# cart.sass` (`on line 2:10 of cart.scss`), dart-sass's `  src/cart.scss 4:10  root stylesheet` under its `╷ │ ╵`
# frame (its first place: the rest is the import chain). parsers.stylesheets reads them too; this is the reading
# where it is left out (located's and compiled's: any command, a script no rule knows).
_SHEET = r"(?P<file>[\w./@~+-]{0,300}\.(?:sass|scss|css))"
_SHEET_SAYS = Regex(r"^(?:Sass)?Error: (?P<msg>\S.*)$")
_SHEET_PLACES = (
    Regex(r"^\s{1,12}on line (?P<line>\d{1,7})(?::(?P<col>\d{1,5}))? of " + _SHEET + r"(?:\s|$)"),
    Regex(r"^\s{1,12}" + _SHEET + r" (?P<line>\d{1,7}):(?P<col>\d{1,5})\s"),
)
# A build tool's line naming the output whose recipe failed: GNU make's `make[1]: *** [src/a.o] Error 1` (4.3:
# `make: *** [Makefile:12: src/a.o] Error 1`, `[<builtin>: src/a.o]` for its built-in rule), ninja's `FAILED:
# CMakeFiles/app.dir/a.c.o `. When that output is a compiler's (an object, a library, a BEAM file, a class or a jar,
# an executable), the step failed compiling, whatever command ran the build (`make xref`, a CI script): the build
# shapes' lines of its step are the compiler's errors with or without a caret (erlc's and Go's print none, nor gcc's
# `-fno-diagnostics-show-caret`). A target that is no output (`all`, `test`, `lint`) says nothing of what it ran.
# Maven says so in its own words (`[ERROR] COMPILATION ERROR :`, its compiler plugin's, under `mvn test` or
# `mvn install` as under `mvn compile`; a test source's too: a test that does not compile is the build's), and
# Elixir's compiler (`== Compilation error in file lib/cart.ex ==`, under `mix compile` as under `mix test`), Cargo
# (_CARGO_FAILED), and `go test` (`FAIL\texample.com/shop/cart [build failed]`: the package or its tests did not
# compile, or vet's checks it runs before them failed; its rows are `path:line[:col]: message` under `# package`).
_OUTPUT_FAILED = Regex(
    r"^(?:(?P<make>g?make)(?:\[\d{1,3}\])?: \*\*\* \[(?:[^\]\s:]{1,300}:(?:\d{1,7}:)? )?|(?P<ninja>FAILED): )"
    r"[^\]\s]{0,300}\.(?:o|obj|lo|a|so|dylib|dll|lib|beam|app|class|jar|exe)(?:\]|\s|$)"
    r"|^\[ERROR\] (?P<mvn>COMPILATION ERROR) ?:|^== (?P<elixir>Compilation error) in file "
    r"|^(?P<cargo>error: (?:[Cc]ould not compile|failed to run custom build command for) `)"
    r"|^(?P<go>FAIL)[\t ]{1,8}[\w./@~+-]{1,300} \[build failed\]$"
)
# _OUTPUT_FAILED's groups: the tool that said the compiling failed
_BUILD_TOOLS = ("make", "ninja", "mvn", "elixir", "cargo", "go")
# A Go test that ran and failed (`--- FAIL: TestTotal (0.00s)`): `go test ./...` builds and runs each package apart.
_GO_TEST_FAILED = Regex(r"^\s{0,8}--- FAIL: ")
# Cargo's own words that a crate did not build, under `cargo build` as under `cargo test`, a script or a container
# (`cross`): `error: could not compile `shop` (bin "shop") due to 2 previous errors` (`(lib)`, `(lib test)`,
# `(test "api")`; before 1.41 `error: Could not compile `shop`.`), and its build script's failure (`error: failed
# to run custom build command for `jemalloc-sys v0.3.0``: the C code it builds, configure's check of the C
# compiler). rustc's errors above it are the records (its `-->` places); where none is shown (a link failure's
# `error: linking with `cc` failed` has no place, a build script prints configure's words), these lines are.
_CARGO_FAILED = Regex(
    r"^error: (?P<msg>(?:[Cc]ould not compile|failed to run custom build command for) `[^`]{1,200}`.*)$"
)
# A file's findings under its path, each row a place and a message (ESLint's and stylelint's stylish reporters,
# JSHint's stylish): the path alone on a line, then `  2:10  ✖  message  rule`; the place a range where the
# reporter gives one (vfile-reporter's `  1:5-1:13  warning  message`: remark-lint, alex, retext's, rehype's).
# jshint-stylish's rows name the line and the column in words: `  line 3  col 15  Missing semicolon.`.
_HEADER = Regex(r"^" + _PATH + r"$")
_ROWS = (
    Regex(r"^\s{1,8}(?P<line>\d{1,7}):(?P<col>\d{1,5})(?:-\d{1,7}:\d{1,5})?\s+(?P<msg>\S.*)$"),
    Regex(r"^\s{1,8}line (?P<line>\d{1,7})\s{1,8}col (?P<col>\d{1,5})\s+(?P<msg>\S.*)$"),
)
# A diagnostic whose place stands under its message (`error: unneeded \`return\` statement` over ` --> src/lib.rs:1:34`:
# rustc's form, Clippy's, Ruff's full output; annotate-snippets' newer `  ╭▸ README.md:7:1`: typos'; miette's
# `   ,-[src/cart.js:3:10]` or `╭─[...]`, over its code frame: oxlint's, Biome's and other Rust tools'): the arrow's
# place, the message the line above it (miette's severity mark before it aside: `  x eslint(no-undef): ...`).
_ARROW = Regex(r"^\s{0,8}(?:--> |╭▸ |(?:,-|╭─)\[)" + _PATH + r":(?P<line>\d{1,7})(?::(?P<col>\d{1,5}))?\]?$")
# miette's severity mark before the message (`  x eslint(no-undef): ...`, `×`, `!`, `⚠`): no part of it.
_MARK = Regex(r"^[x×!⚠] ")
# A place alone at its line's start, its message below it past a code frame: Flow's `Error ----- src/cart.js:5:19`
# (0.100) and `Error: src/cart.js:5` (0.57), pug-lint's `views/index.pug:4:9`, Next.js's `./app/page.tsx:2:9` over
# `Type error: ...`. An indented place is a code frame's or a reference's (Flow's `References:`).
_PLACE = Regex(
    r"^(?:(?:Error|ERROR|Warning|WARNING)(?:: | in | -{2,200} ))?"
    + _PATH
    + r":(?P<line>\d{1,7})(?::(?P<col>\d{1,5}))?:?$"
)
# A code frame's line under the place (`  > 4|     div(...)`, `  5: const t = 1;`, `    |  ^`, `---------^`).
_FRAME_LINE = Regex(r"^\s{0,8}>?\s{0,4}\d{0,7}\s?[|:](?:\s|$)|^[\s-]{0,300}\^")
# A caret with words after it (Flow 0.57's `^^^^^ number. This type is incompatible with`): the message.
_CARET_WORDS = Regex(r"^[\s-]{0,300}\^{1,300}\s+(?P<msg>[A-Za-z].*)$")
MAX_BELOW = 12  # lines between a place and its message
# ShellCheck's tty format: `In deploy.sh line 2:` over that line's source and, under it, each finding's underline
# ending in its message (`         ^---------^ SC2045 (error): Iterating over ls output is fragile.`), the finding's
# column where its underline starts; a blank line ends the block (its `Did you mean:` below is no finding).
_IN_LINE = Regex(r"^In " + _PATH + r" line (?P<line>\d{1,7}):$")
_UNDERLINE = Regex(r"^(?P<lead> {0,300})\^-{0,300}\^? (?P<msg>\S.*)$")
# A runtime's backtrace frame (`/gems/x.rb:12:in `load'`): the checker crashed, it found nothing.
_FRAME = Regex(r"^in [`'<]|^\d")
# A message's own code, when it opens with one (`E501 line too long`, `error TS1005: ';' expected`):
# what classify's code families read (TS1xxx is a parser's error).
_CODE = Regex(r"^(?:(?:error|warning|Error|Warning)\s+)?(?P<code>[A-Z]{1,5}\d{2,5})\b")
# A formatter's finding is a file it would change, named alone: a new file's diff header (`+++ b/src/a.go`,
# `+++ new/main.tf`), or a line that ends with the path, after at most two short words or marks (`gofmt -l`'s
# and `prettier -l`'s bare list, `would reformat src/a.py`, `[warn] README.md`, `Diff in src/lib.rs:8:`,
# `  * lib/app.ex`, ` --> pkg/a.py:1:6`); never after a shell's prompt (Travis echoes the step's `$ ./ci/fmt.sh`).
# The second is a list of files (_LISTED: prettier -l's, gofmt -l's, rustfmt --check -l's, `git diff --name-only`'s).
_LISTED = Regex(r"^\s{0,4}(?!\$ )(?:\S{1,20} ){0,2}" + _PATH + r"(?::\d{1,7}){0,2}:?$")
_FORMAT_SHAPES: tuple[Regex, ...] = (Regex(r"^\+\+\+ (?:[ab]/|new/)?" + _PATH + r"(?:[:\t ]|$)"), _LISTED)
# A formatter that could not read a file says so before its path (Black's `error: cannot parse: pkg/a.py:2:17`,
# `error: cannot format pkg/a.py: ...`), or names its error's kind after it (Prettier's `[error] src/a.js:
# SyntaxError: ...`): its step failed on more than formatting, and none of its files is read as a finding.
# (isort's `ERROR: pkg/a.py Imports are incorrectly sorted` is a finding.)
_NAMED_AFTER = Regex(r"^\s{0,4}(?P<lead>(?:\S{1,20} ){1,4})" + _PATH + r"(?P<after>.{0,3})")
_REFUSING = ("cannot", "fail", "unable")
# What the compiler's shape carries in a build's step that is not the build's failure: a note or a warning
# (a build fails on errors: gcc's `warning: unused variable` beside them or alone, whatever the exit), GNU make's
# `*** message.  Stop.` (make's own error, or a makefile's `$(error ...)` check of anything: the compiler parser
# tells them apart), make 3.82-4.1's relay of a recipe's failure (`Makefile:5: recipe for target 'x' failed`), and
# a C++ test framework's failure in the compiler's shape (CppUTest's `error: Failure in TEST(`, Boost.Test's `error:
# in "suite/case": check ... has failed`: a Makefile's default target may run the tests). An analyser's finding
# the build ran (clang-tidy as CMake's CXX_CLANG_TIDY: its check's name ends it, canalysis.is_analyser_finding) is
# no build error either.
# What only a checker's finding carries in its message: its code opening it, nothing before it (`F401 'os' imported
# but unused`: flake8, pycodestyle, Ruff; bashate's `E003 ...`; pylint's `C0114: ...` and, parseable, `[C0111(...), ]`),
# or in parentheses (luacheck's `--codes`: `(W211) unused variable 'x'`), or ending it (a confidence: vulture's
# `unused import 'os' (90% confidence)`; ShellCheck's gcc format `... [SC2086]`; cpplint's category and confidence,
# `[whitespace/braces] [4]`;
# a rule's name in parentheses after a space, as ESLint's reporters print it and tools built on ESLint or like it:
# standard's `--verbose` `Extra semicolon. (semi)`, `(prettier/prettier)`, `(@typescript-eslint/no-unused-vars)`,
# golangci-lint's `(ineffassign)`, HTMLHint's `(tag-pair)`; lower case words joined by `-` or `/`, no space); a
# check's CamelCase name in brackets after its sentence (Checkstyle's `Missing a Javadoc comment.
# [MissingJavadocMethod]`; TestNG's `expected [Cart] but found [CartItem]` ends no sentence before it).
# A compiler names its code after its level (`warning CS0168:`, `error[E0425]:`, `error TS2322:`) and ends with a
# flag (`[-Wunused-variable]`) or a project (`[/src/app.csproj]`), never so.
_CHECKER_MARK = Regex(
    r"^[\[(]?[A-Z]{1,5}\d{2,5}\b| \(\d{1,3}% confidence\)$|\[[A-Z]{1,5}\d{2,5}\]$|\[[a-z]{1,20}/[\w+-]{1,60}\] \[\d\]$|"
    r" \((?:@[a-z][\w.-]{0,40}/)?[a-z][a-z\d]{0,40}(?:[-/][a-z\d]{1,40}){0,8}\)$|"
    r"\. \[[A-Z][a-z\d]{1,40}(?:[A-Z][a-z\d]{0,40}){1,8}\]$"
)


# A runtime's warning in the place-first shape, printed by the code a step ran, not by the checker or the compiler
# it ran: Python's warnings module (`install.py:34: SetuptoolsDeprecationWarning: ...`, `FutureWarning:`), named by
# its class. No finding of any kind: an installer's or a plugin's chatter in a lint or build step.
_RUNTIME_WARNING = Regex(r"^[A-Z][a-z][A-Za-z]{0,40}Warning: ")
_NOT_THE_BUILDS = Regex(
    r'^(?:(?:note|warning|Warning): |\*\*\* |recipe for target |(?:fatal )?error: (?:Failure in TEST\(|in "))'
)
# How far into the output a checker's findings are looked for.
MAX_FINDINGS = 200


def located(view: View, span: tuple[int, int], tool: str, kind: Category) -> Findings:
    """The findings a checker (`tool`, of `kind`) placed in files in the lines of `span` (log lines,
    inclusive), as records of that kind."""
    found = Findings(tool=tool, category=kind)
    first, last = span
    formatter = kind is Category.FORMAT
    header: str | None = None  # the file whose rows follow (_HEADER)
    above = ""  # the last line that was not blank
    place: _Place | None = None  # a place alone, waiting for its message (_PLACE)
    block: _Place | None = None  # a line's findings underlined below its source (_IN_LINE)
    for line in view.within(first, last):
        if len(found.errors) >= MAX_FINDINGS:
            continue
        if runner_line(line):  # the runner's (a step's end, a group's): no message, and none stands past it
            place = block = None
            above = ""
            continue
        if block is not None:
            block = _underlined(found, block, line.no, line.text)
            continue
        if kind in _PLACED_KINDS and (m := _IN_LINE.match(line.text)) is not None:
            block = _Place(line.no, m["file"], int(m["line"]), None)
            continue
        if formatter and _refuses(line.text):
            return Findings(tool=tool, category=kind)
        if _read(found, line.no, line.text) or (formatter and _read_formatted(found, line.no, line.text)):
            continue
        if kind in _PLACE_FIRST_KINDS and (m := _PLACE.match(line.text)) is not None:
            place = _Place(line.no, m["file"], int(m["line"]), int(m["col"]) if m["col"] else None)
            continue
        if place is not None:
            place = _below(found, place, line.no, line.text)
            continue
        if not _arrow(found, line.no, line.text, above) and kind is not Category.BUILD:
            header = _row(found, line.no, line.text, header)  # a linter's reporter: in a build, a loader's linter
        above = line.text if line.text.strip() else above
    if kind is Category.BUILD and not found.errors:
        _stylesheets(view, span, found)
    return _levelled(view, _typescript_as_tsc(found) if kind is Category.BUILD else found)


def task_rows(view: View, found: Findings, span: tuple[int, int], status: int | None) -> Findings:
    """The findings read under the name of a task or a script alone (checkers.named_only: `yarn lint` running the
    project's `node scripts/check-whitespace.js`), each row in a shape any program prints (the GNU one, the
    parenthesised one) that bears no checker's mark (no code, no rule's name: _checkers) coded TASK_ROW: its kind is
    the script's name, which the triage counts only once attested (meaning.task_failures). A linter's own shape
    (JSHint's words, a stylish reporter's rows, cppcheck's brackets) or mark names a checker, and so does a
    formatter's list of the files it would change under a format task's name (_LISTED), unless the step (the lines
    of `span`, its exit `status`) says the shell found no command it ran (_not_found): then no formatter listed
    them, and they are the name's only."""
    not_found: bool | None = None  # asked once, at the first list
    for i, err in enumerate(found.errors):
        if err.code is not None or err.log_line is None or _checkers(err.file or "", err.message):
            continue
        text = view.text(err.log_line)
        if found.category is Category.FORMAT and _LISTED.match(text):
            not_found = _not_found(view, span, status) if not_found is None else not_found
            if not not_found:
                continue
        elif not any(shape.match(text) for shape in _ANY_PROGRAMS):
            continue
        found.errors[i] = err.model_copy(update={"code": TASK_ROW})
    return found


def _not_found(view: View, span: tuple[int, int], status: int | None) -> bool:
    """Whether the lines of `span` say the shell found no command the step ran (meaning.missing_commands), where its
    exit `status` or its runner says a command's was 127 (meaning.status_127: make's `Error 127`)."""
    first, last = span
    text = "\n".join(line.text for line in view.within(first, last))
    return bool(missing_commands(text)) and (status == 127 or status_127(text))


def javadoc_failed(view: View, span: tuple[int, int]) -> bool:
    """Whether the lines of `span` say that javadoc failed (_JAVADOC_FAILED)."""
    first, last = span
    return any(_JAVADOC_FAILED.search(line.text) for line in view.within(first, last))


def compiled(view: View, span: tuple[int, int]) -> Findings:
    """A compiler's errors in the lines of `span` whatever command ran it (a script, a wrapper no rule knows):
    the build shapes' lines that say error, each with a caret under its quoted source (_CARET) below it; else,
    where a build tool says a compiler's output failed (_OUTPUT_FAILED), the build's records of the span (located)."""
    found = Findings(tool=COMPILER, category=Category.BUILD)
    first, last = span
    if any(line.text.startswith(JAVADOC_RAN) for line in view.within(first, last)):
        return found  # javadoc's doclint errors take javac's shape (parsers/jvm.py): no compiler's, whichever
    output_failed: str | None = None  # the build tool that said so
    for line in view.within(first, last):
        if len(found.errors) >= MAX_FINDINGS:
            continue
        if _CODED_ERROR.match(line.text) or (_SAYS_ERROR.match(line.text) and _caret_below(view, line.no)):
            _read(found, line.no, line.text)
        elif output_failed is None and (m := _OUTPUT_FAILED.match(line.text)) is not None:
            output_failed = next(tool for tool in _BUILD_TOOLS if m[tool])
        elif output_failed is None and _PLACE_ALONE.match(line.text) and _error_below(view, line.no):
            output_failed = COMPILER  # gfortran's: its place alone over its frame and `Error:` (located reads them)
    if not found.errors:
        _stylesheets(view, span, found)
    if found.errors or output_failed is None:
        return _typescript_as_tsc(found)
    if output_failed == "cargo":
        return _cargo_failed(view, span)
    if output_failed == "go" and any(_GO_TEST_FAILED.match(x.text) for x in view.within(first, last)):
        return found  # `go test ./...`: another package's tests ran and failed beside it, which is no build's
    return located(view, span, output_failed, Category.BUILD)


def _typescript_as_tsc(found: Findings) -> Findings:
    """The compiler's records, those of a TypeScript code (_TYPESCRIPT_CODE) as tsc's: of the type checker's kind, but
    those refusing tsc's own configuration (a tsconfig file's, an option's: javascript.tsc_config_error), which name
    no type in the code."""
    for i, err in enumerate(found.errors):
        if err.code and _TYPESCRIPT_CODE.fullmatch(err.code) and err.category is Category.UNKNOWN:
            kind = Category.CONFIG if tsc_config_error(err.code, err.file) else Category.TYPE
            found.errors[i] = err.model_copy(update={"tool": "tsc", "category": kind})
    return found


def _cargo_failed(view: View, span: tuple[int, int]) -> Findings:
    """The build's records of a step in which Cargo says a crate did not build (_CARGO_FAILED): rustc's errors at
    their places (located), else Cargo's own lines saying so; none when the step's diagnostics are Clippy's, or when
    Cargo says a signal from outside ended the compiler."""
    first, last = span
    lines = view.within(first, last)
    # Clippy's lints end in cargo's same `could not compile` (`cargo clippy -- -D warnings`): a step whose diagnostics
    # Clippy names as its own (denied.clippy_says) failed on the linter
    if any(clippy_says(line.text) for line in lines):
        return Findings(tool="cargo", category=Category.BUILD)
    found = located(view, span, "cargo", Category.BUILD)
    # rustc or a build script that a signal from outside ended (meaning.signalled, Cargo's `Caused by:` below): the
    # crate did not build because the machine stopped it, not because of its code
    if found.errors or ((said := signalled("\n".join(line.text for line in lines))) and said.building):
        return found
    for line in lines:
        if (m := _CARGO_FAILED.match(line.text)) is not None and len(found.errors) < MAX_FINDINGS:
            found.error(line.no, m["msg"].strip())
    return found


def _caret_below(view: View, no: int) -> bool:
    """Whether a caret (_CARET) stands within CARET_WITHIN lines below line `no`, or further down its message block
    (_MESSAGE_LINE's lines, up to MESSAGE_LINES): a compiler's quoted source under its error."""
    for i, line in enumerate(view.after(no, MESSAGE_LINES)):
        if _CARET.match(line.text):
            return True
        if i + 1 >= CARET_WITHIN and not _MESSAGE_LINE.match(line.text):
            return False
    return False


def _error_below(view: View, no: int) -> bool:
    """Whether a compiler's `Error:` stands within a few lines below line `no` (_PLACE_ALONE's)."""
    return any(_ERROR_BELOW.match(x.text) for x in view.after(no, ERROR_WITHIN))


def _stylesheets(view: View, span: tuple[int, int], found: Findings) -> None:
    """Records of a stylesheet compiler's errors in the lines of `span`: each `Error: message` with its place in a
    stylesheet within MAX_BELOW lines below it (_SHEET_PLACES)."""
    first, last = span
    said: tuple[int, str] | None = None  # the line and message of an error whose place is awaited
    for line in view.within(first, last):
        if len(found.errors) >= MAX_FINDINGS:
            continue
        if (m := _SHEET_SAYS.match(line.text)) is not None:
            said = (line.no, m["msg"].strip())
        elif said is not None and line.no - said[0] > MAX_BELOW:
            said = None
        elif said is not None and (m := next(filter(None, (p.match(line.text) for p in _SHEET_PLACES)), None)):
            col = m["col"]
            found.error(line.no, said[1], file=m["file"], at=int(m["line"]), column=int(col) if col else None)
            said = None


# The kinds whose findings may stand under their place: a linter's, a type checker's (a build's are the build
# lane's shapes, a formatter's are files).
_PLACED_KINDS = frozenset((Category.LINT, Category.TYPE))
# The kinds whose findings may stand below a place alone (_PLACE): a build's only when it says `Error:` (gfortran's).
_PLACE_FIRST_KINDS = _PLACED_KINDS | {Category.BUILD}


class _Place(NamedTuple):
    """A place alone on its line (_PLACE): the log line, the file, its line and column."""

    no: int
    file: str
    at: int
    column: int | None


def _below(found: Findings, place: _Place, no: int, text: str) -> _Place | None:
    """The place still waiting for its message past a blank or a code frame's line, else None: the line is its
    message (then a record of it, at the place's line) or too far below it."""
    if no - place.no > MAX_BELOW:
        return None
    caret = _CARET_WORDS.match(text)
    if caret is None and (not text.strip() or _FRAME_LINE.match(text)):
        return place
    message = caret["msg"].strip() if caret else text.strip()
    if found.category is Category.BUILD and not _ERROR_BELOW.match(message):
        return None  # in a build, only a compiler's error (gfortran's warning says `Warning:`)
    code = _CODE.match(message)
    found.error(
        place.no, message, file=place.file, at=place.at, column=place.column, code=code["code"] if code else None
    )
    return None


def _underlined(found: Findings, block: _Place, no: int, text: str) -> _Place | None:
    """The block still open past its source line or an underline (then a record of its message, at the block's
    line), else None: a blank line, or a line too far below, closes it."""
    if not text.strip() or no - block.no > MAX_BELOW:
        return None
    if (m := _UNDERLINE.match(text)) is not None:
        message = m["msg"].strip()
        code = _CODE.match(message)
        found.error(
            no, message, file=block.file, at=block.at, column=len(m["lead"]) + 1, code=code["code"] if code else None
        )
    return block


def _arrow(found: Findings, no: int, text: str, above: str) -> bool:
    """Whether the line is a place under its message (_ARROW; then a record of the message above it)."""
    m = _ARROW.match(text)
    if m is None or not above.strip():
        return False
    message = _MARK.sub("", above.strip(), count=1)
    if found.category is Category.BUILD and _not_the_builds(message):
        return True  # a compiler's warning or note over its place: not the build's failure
    _place_error(found, no, message, m)
    return True


def _place_error(
    found: Findings, no: int, message: str, m: re.Match[str], category: Category = Category.UNKNOWN
) -> None:
    """One finding of `message` at the place `m` matched (its file, line, column if any) and its code if it opens
    with one."""
    code = _CODE.match(message)
    col = m.groupdict().get("col")
    found.error(
        no,
        message,
        file=m["file"],
        at=int(m["line"]),
        column=int(col) if col else None,
        code=code["code"] if code else None,
        category=category,
    )


def _row(found: Findings, no: int, text: str, header: str | None) -> str | None:
    """A stylish reporter's row under its file's header (a record of it), or a header: the header the next
    line reads under (none past a line that is neither, a blank line aside)."""
    if (m := _HEADER.match(text)) is not None:
        return m["file"]
    if header is not None and (m := next(filter(None, (row.match(text) for row in _ROWS)), None)) is not None:
        found.error(no, m["msg"].strip(), file=header, at=int(m["line"]), column=int(m["col"]))
        return header
    return header if not text.strip() else None


def _read(found: Findings, no: int, text: str) -> bool:
    """Whether the line places a message in a file (then a record of it, unless a backtrace frame's)."""
    building = found.category is Category.BUILD
    for shape in _BUILD_SHAPES if building else _SHAPES:
        if (m := shape.match(text)) is None:
            continue
        message = m["msg"].strip()
        # in a build's step, a checker's finding (a Makefile's default target ran a linter) is the checker's; in a
        # checker's, the compiler's error an analyser relays (clang-tidy's on code that does not compile) the build's
        if building:
            category = Category.LINT if _CHECKER_MARK.search(message) else Category.UNKNOWN
        else:
            category = _relayed(message)
        if _FRAME.match(message) or _RUNTIME_WARNING.match(message):
            return True
        if building and category is Category.UNKNOWN and _not_the_builds(message):
            return True
        code = _CODE.match(message)
        found.error(
            no,
            message,
            file=m.groupdict().get("file"),
            at=int(m["line"]),
            column=int(col) if (col := m.groupdict().get("col")) else None,
            code=code["code"] if code else None,
            category=category,
        )
        return True
    return False


def _relayed(message: str) -> Category:
    """BUILD for the compiler's error an analyser relays (canalysis.COMPILER_RELAYED), else UNKNOWN: the step's."""
    return Category.BUILD if message.endswith(COMPILER_RELAYED) else Category.UNKNOWN


def _not_the_builds(message: str) -> bool:
    """Whether a message in the compiler's shape, in a build's step, is no error of the build (_NOT_THE_BUILDS)."""
    return _NOT_THE_BUILDS.match(message) is not None or is_analyser_finding(message)


def _refuses(text: str) -> bool:
    """Whether a formatter says it could not read the file the line names (see _NAMED_AFTER)."""
    m = _NAMED_AFTER.match(text)
    if m is None:
        return False
    lead = m["lead"].lower()
    return any(word in lead for word in _REFUSING) or ("error" in lead and m["after"].startswith(": "))


def _read_formatted(found: Findings, no: int, text: str) -> bool:
    """Whether the line names a file a formatter would change (then a record of it)."""
    for shape in _FORMAT_SHAPES:
        if (m := shape.match(text)) is not None:
            found.error(no, f"not formatted: {text.strip()}", file=m["file"])
            return True
    return False


# What names the findings `checked` reads: no command says which checker printed them.
CHECKED_TOOL = "checker"


# A prose document's path (Markdown, reStructuredText, AsciiDoc, Org): no compiler builds one and no test runner
# places its failure in one, so a finding placed in it at the line's start is a document checker's (markdownlint,
# mdl, pymarkdown, proselint, write-good, codespell, doc8, rstcheck, Sphinx's `-W` warnings, gomali), whatever
# command ran it. LaTeX's `.tex` is compiled (pdflatex -file-line-error's `./a.tex:3: Undefined control
# sequence.`), a `.txt` is anything's (CMakeLists.txt).
_DOCUMENT = Regex(r"\.(?:md|markdown|mdx|rst|adoc|asciidoc|org|MD|RST)$")


def checked(view: View, span: tuple[int, int], *, failed: bool = True, command: str | None = None) -> Findings:
    """The findings in the lines of `span` that only a checker prints, whatever command ran it (a test runner's
    plugin that runs a linter or a formatter over the code: pytest-flake8, pytest-black; a test that runs one; a
    script no rule knows): a place and a message that opens with a code (`path:line[:col]: CODE message`: flake8,
    pycodestyle, Ruff, bashate, hadolint) or a place in a prose document (_DOCUMENT, on its line or under its
    message: typos' `  ╭▸ README.md:7:1`, _ARROW), or a place in words (_WORDED: JSHint's), or underlined under its
    line's source in ShellCheck's `In path line N:` block, or a stylish reporter's row saying error under its
    file (_SEVERITY_ROW), a lint record; a diff's `+++ path` right under its `--- path` (Black's, isort's,
    autopep8's, yapf's `--diff`, `gofmt -d`, `diff -u`), a format record. A runner's own lines place no code there
    (a traceback's `tests/test_a.py:12: AssertionError`, a failing assertion's `cart_test.go:9: got 3`), nor does a
    compiler's message over its place (rustc's `error[E0425]: ...`). Where the span is not known to have `failed`
    (a log that shows no step), a row that says it is a warning (_warns) decides nothing: a checker prints its
    warnings in a run that exits 0 (lesshint's `Warning: app.less: line 2, col 10, ...`). Under a linter's `command`
    a diff is the linter's (_diff_of)."""
    found = Findings(tool=CHECKED_TOOL, category=Category.LINT)
    diff_kind, diff_said = _diff_of(command)
    first, last = span
    minus = False  # the line above opens a diff's header
    above = ""  # the last line that was not blank
    block: _Place | None = None  # a line's findings underlined below its source (_IN_LINE)
    header: str | None = None  # the file whose stylish rows follow (_HEADER)
    for line in view.within(first, last):
        if len(found.errors) >= MAX_FINDINGS:
            continue
        text = line.text
        if runner_line(line):  # the runner's (a step's end, a group's): no message, and none stands past it
            block = header = None
            above, minus = "", False
            continue
        if header is not None and not _ROWS[0].match(text):  # a warning's row keeps the file (yamllint's)
            header = None
        if block is not None:
            block = _coded_underline(found, block, line.no, text)
        elif text.startswith("In ") and (m := _IN_LINE.match(text)) is not None:
            block = _Place(line.no, m["file"], int(m["line"]), None)
        elif minus and (m := _FORMAT_SHAPES[0].match(text)) is not None:
            # a stale build output's or a dependency lock's diff: no formatter's (parsers.diffcheck)
            if not build_output(m["file"]) and not dependency_lock(m["file"]):
                found.error(line.no, f"{diff_said}: {m['file']}", file=m["file"], category=diff_kind)
        elif header is not None and (m := _SEVERITY_ROW.match(text)) is not None:
            if not _raised(message := m["msg"].strip()):
                found.error(line.no, message, file=header, at=int(m["line"]), column=int(m["col"]))
        elif " " not in text and (m := _HEADER.match(text)) is not None:  # a path alone holds no space
            header = m["file"]
        elif (m := _SHAPES[0].match(text) or _worded(text) or _arrow_below(text, above)) is not None:
            _placed_row(found, m, line.no, text, above, failed=failed)
        minus = text.startswith("--- ")
        above = text if text and not text.isspace() else above
    _own_rows(view, span, found, failed=failed)
    return _levelled(view, found)


def _diff_of(command: str | None) -> tuple[Category, str]:
    """What a diff the step printed is, by the command that printed it: a formatter's (a file it would change), or a
    linter's suggested fixes for its findings (`shellcheck -f diff`, `ruff check --diff`): lint, as its findings are."""
    from remediate.facts.commands import command_rule  # imported late: the note above extract_facts

    rule = command_rule(command) if command else None
    if rule is not None and rule[1] is Category.LINT:
        return Category.LINT, "a linter's suggested fix"
    return Category.FORMAT, "not formatted"


def _placed_row(found: Findings, m: re.Match[str], no: int, text: str, above: str, *, failed: bool) -> None:
    """A row with its place at its start (or a message over its place: _ARROW) that a checker printed: one
    finding, unless it is a warning of a run that may have passed, or not a checker's (_checkers)."""
    message = m["msg"].strip() if "msg" in m.groupdict() else _MARK.sub("", above.strip(), count=1)
    arrow = m.re.pattern == _ARROW.pattern
    if not failed and _warns(above if arrow else text, message):
        return  # a warning of a run that may have passed
    if _worded(text) or _checkers(m["file"], message, above=arrow):
        _place_error(found, no, message, m, _kind_of(m["file"]))


# Rows whose place is not at their start in one of the shared shapes, each a shape few tools print and no runner:
# a place over an indented coded message (pydocstyle's `shop/cart.py:18 in public function `find`:` over
# `        D103: Missing docstring in public function`); a level, a message, `on line N` and the check's name
# (puppet-lint's `WARNING: class not documented on line 1 (check: documentation)`, its file before ` - ` with
# --with-filename); indented places under a file's `Checking` header that counts its findings (luacheck's
# `Checking src/bad.lua    5 warnings` over `    src/bad.lua:1:7: unused variable 'x'`); and a coded finding placed
# in a Dockerfile, whose name has no extension (hadolint's `Dockerfile:5 DL3000 error: Use absolute WORKDIR`, its
# GNU format's program first, `hadolint:Dockerfile:5: DL3000 error: ...`):
# the Dockerfile's, no code's (_IMAGE_FILE: `Dockerfile.dev`'s too, which the shared shapes read); sqlfluff's rows
# under the file it says failed (_SQL_HEADER).
_PLACE_OVER = Regex(r"^" + _PATH + r":(?P<line>\d{1,7})(?::(?P<col>\d{1,5}))? (?:in|at) [^:]{1,300}:$")
_CODED_BELOW = Regex(r"^\s{2,16}(?P<msg>[A-Z]{1,5}\d{2,5}: \S.*)$")
_CHECK_ROW = Regex(
    r"^(?:" + _PATH + r" - )?(?P<level>ERROR|WARNING): (?P<msg>\S.{0,400}?) on line (?P<line>\d{1,7})"
    r"(?P<check> \(check: [a-z][a-z\d_]{0,60}\))?$"
)
_CHECKING = Regex(r"^Checking " + _PATH + r"\s{1,80}\d{1,7} (?:warning|error)s?\b")
_IMAGE_FILE = Regex(r"(?:^|/)(?:Dockerfile|Containerfile)(?:\.[\w-]{1,40})?$")
# sqlfluff's: a file's `== [models/orders.sql] FAIL` over rows `L:   1 | P:  10 | LT01 | message` (a long message
# continued below under `| `); a finding placed in SQL is the SQL's (_kind_of).
_SQL_HEADER = Regex(r"^== \[" + _PATH + r"\] FAIL$")
_SQL_ROW = Regex(r"^L: {0,6}(?P<line>\d{1,7}) \| P: {0,6}(?P<col>\d{1,5}) \| (?P<msg>[A-Z]{1,5}\d{2,5} \| \S.*)$")


def _kind_of(file: str) -> Category:
    """What a checker's finding placed in a file is: a Dockerfile's is the image's, an SQL file's the SQL's (as
    hadolint's and sqlfluff's parsers say), anything else the checker's own (unknown: the findings' kind)."""
    if _IMAGE_FILE.search(file):
        return Category.DOCKERFILE
    return Category.SQL if file.endswith(".sql") else Category.UNKNOWN


_DOCKERFILE_ROW = Regex(
    r"^ {0,8}(?:[a-z][\w-]{0,30}:)?(?P<file>(?:[\w.@~+-]{1,100}/){0,20}(?:Dockerfile|Containerfile))"
    r":(?P<line>\d{1,7})(?::(?P<col>\d{1,5}))?:? (?P<msg>[A-Z]{1,5}\d{2,5}\b.*)$"
)


def _own_rows(view: View, span: tuple[int, int], found: Findings, *, failed: bool) -> None:
    """Record the rows of the shapes above in the lines of `span` (a warning's, where the span is not known to
    have `failed`, as `checked` says)."""
    first, last = span
    place: _Place | None = None  # a place over its coded message
    checking: str | None = None  # the file a `Checking` header counted findings in
    failing: str | None = None  # the file sqlfluff's header says failed
    for line in view.within(first, last):
        if len(found.errors) >= MAX_FINDINGS:
            continue
        text = line.text
        if place is not None and (m := _CODED_BELOW.match(text)) is not None:
            _record(found, line.no, m["msg"].strip(), place.file, place.at, place.column, failed=failed)
        place = None
        if text.endswith(":") and (m := _PLACE_OVER.match(text)) is not None:
            place = _Place(line.no, m["file"], int(m["line"]), int(m["col"]) if m["col"] else None)
        elif "on line " in text and (m := _CHECK_ROW.match(text)) is not None and (m["check"] or m["file"]):
            _record(found, line.no, f"{m['level']}: {m['msg']}", m["file"], int(m["line"]), None, failed=failed)
        elif text.startswith("Checking "):
            checking = m["file"] if (m := _CHECKING.match(text)) is not None else None
        elif checking is not None and text.startswith(" ") and (m := _SHAPES[0].match(text)) is not None:
            if m["file"] == checking:
                column = int(m["col"]) if m["col"] else None
                _record(found, line.no, m["msg"].strip(), checking, int(m["line"]), column, failed=failed)
        elif "ontainerfile" in text or "ockerfile" in text:
            _dockerfile_row(found, line.no, text, failed=failed)
        elif text.startswith("=="):
            failing = m["file"] if (m := _SQL_HEADER.match(text)) is not None else None
        elif failing is not None and text.startswith("L:") and (m := _SQL_ROW.match(text)) is not None:
            message = m["msg"].replace(" | ", " ", 1)
            kind = _kind_of(failing)
            _record(found, line.no, message, failing, int(m["line"]), int(m["col"]), failed=failed, category=kind)
        elif failing is not None and not text.startswith(" "):  # a long message's continuation is indented
            failing = None


def _dockerfile_row(found: Findings, no: int, text: str, *, failed: bool) -> None:
    """Record a coded finding placed in a Dockerfile (_DOCKERFILE_ROW), the Dockerfile's."""
    if (m := _DOCKERFILE_ROW.match(text)) is not None:
        column = int(m["col"]) if m["col"] else None
        at = int(m["line"])
        _record(found, no, m["msg"].strip(), m["file"], at, column, failed=failed, category=Category.DOCKERFILE)


def _record(
    found: Findings,
    no: int,
    message: str,
    file: str | None,
    at: int,
    column: int | None,
    *,
    failed: bool,
    category: Category = Category.UNKNOWN,
) -> None:
    """A finding of a row read by its shape, unless it says it is a warning where no step is known to have failed."""
    if failed or not _warns(message, message):
        code = _CODE.match(message)
        code_ = code["code"] if code else None
        found.error(no, message, file=file, at=at, column=column, code=code_, category=category)


# A row's or its message's word saying it is a warning or less, before the place (lesshint's `Warning: `, Checkstyle's
# `[WARN] `, `WARNING: `) or opening the message (`README.md:3:1: warning: ...`, miette's `⚠ ` over its arrow), after
# its code too (hadolint's `DL3007 warning: ...`, `DL3009 info: ...`).
_WARNING_WORD = Regex(
    r"^\s{0,8}(?:[A-Z]{1,5}\d{2,5}:? )?(?P<level>"
    r"\[(?:WARN|WARNING|INFO|warn|warning|info)\]|(?:[Ww]arning|WARNING|WARN|[Ii]nfo|INFO|[Nn]otice|style)\b|⚠)"
)


def _warns(text: str, message: str) -> bool:
    """Whether a checker's row (`text`, or for a place under its message the line above it) or its message says
    it is a warning (_WARNING_WORD): a finding a checker may print in a run that passes."""
    return _level(text, message) is not Severity.ERROR


def _level(text: str, message: str) -> Severity:
    """The level a row (`text`) or its message says (_WARNING_WORD, parsers.base.level_of); none, an error."""
    m = _WARNING_WORD.match(text) or _WARNING_WORD.match(message)
    return level_of(m["level"]) if m is not None else Severity.ERROR


def _levelled(view: View, found: Findings) -> Findings:
    """The findings, each at the level its row or its message says (_level): a checker's warning keeps its level
    (ErrorRecord.severity), so that facts/severity.py weighs it beside what else the failing step printed, as it
    weighs a parser's. clang-tidy's `warning: use a trailing return type for this function
    [modernize-use-trailing-return-type]` over its relayed `error: use of undeclared identifier 'y'
    [clang-diagnostic-error]` (tests/facts/data/clang_tidy_compile_error.txt) is no lint of the step: the code does
    not compile; Checkstyle's `[WARN]` rows beside another tool's failure failed nothing."""
    for i, err in enumerate(found.errors):
        level = _level(view.text(err.log_line), err.message) if err.log_line is not None else Severity.ERROR
        if level is not err.severity:
            found.errors[i] = err.model_copy(update={"severity": level})
    return found


# A stylish reporter's row that says its finding is an error between its place and its message (ESLint's and
# stylelint's `  2:10  error  'x' is never used  no-unused-vars`, `  3:5  ✖  Unexpected empty block`, vfile-reporter's
# `  1:5-1:13  error  ...`: remark-lint, textlint): a checker's, under its file's header (_HEADER). A warning's row
# (`  85:13  warning  ...` over ESLint's `✖ 1 problem (0 errors, 1 warning)`) fails no run of its own: beside another
# step's failure (a broken link) it decided two dev logs lint.
_SEVERITY_ROW = Regex(
    r"^\s{1,8}(?P<line>\d{1,7}):(?P<col>\d{1,5})(?:-\d{1,7}:\d{1,5})?\s{1,40}(?:error|[✖×])\s{1,40}(?P<msg>\S.*)$"
)


# A place in words, `path: line N, col M, message`: only linters' reporters print it (JSHint's default, ESLint's
# compact, lesshint's, htmllint's; `Error: ` or `Warning: ` before it), whatever their message says.
_WORDED = _SHAPES[1]


def _worded(text: str) -> re.Match[str] | None:
    """The line's place in words (_WORDED); its words first, as most lines hold none."""
    return _WORDED.match(text) if ": line " in text else None


def _arrow_below(text: str, above: str) -> re.Match[str] | None:
    """The place of a message standing above it (_ARROW), when a line above is not blank."""
    if "--> " not in text and "╭" not in text and ",-[" not in text:  # what every _ARROW line holds
        return None
    return _ARROW.match(text) if above.strip() else None


def _coded_underline(found: Findings, block: _Place, no: int, text: str) -> _Place | None:
    """_underlined's reading of a ShellCheck block, recording only the underlines whose message opens with a code
    (`SC2086 (info): ...`): the block still open, else None."""
    m = _UNDERLINE.match(text)
    if m is not None and not _CHECKER_MARK.search(m["msg"].strip()):
        return block if no - block.no <= MAX_BELOW else None
    return _underlined(found, block, no, text)


def _checkers(file: str, message: str, *, above: bool = False) -> bool:
    """Whether a message placed in a file is only a checker's: its code marks it (_CHECKER_MARK), or it is placed
    in a prose document and names no exception or error (_raised), a runtime's warning or a backtrace's frame,
    and opens with no docutils level (_LEVELLED: Sphinx prints `WARNING:` and `ERROR:` rows in a build that
    succeeds; under -W, Sphinx before 7.3 prints the failing one without its level). A message `above` its arrow's
    place is read only in a document: over a place in code, even one opening with a code (Ruff's `F401 [*] ...`),
    it decided one of the samples proxy's check half wrong."""
    if not above and _CHECKER_MARK.search(message):
        return True
    if not _DOCUMENT.search(file) or _LEVELLED.match(message):
        return False
    return not (_raised(message) or _RUNTIME_WARNING.match(message) or _FRAME.match(message))


def _raised(message: str) -> bool:
    """Whether a message placed in a file names an exception's kind (RAISED) or an error's (remark's `1:1  error
    Error: Could not find module ...` under the file it did not check: the checker could not run)."""
    return RAISED.match(message) is not None or message.startswith(("Error", "Exception"))


_LEVELLED = Regex(r"^(?:DEBUG|INFO|WARNING|ERROR|SEVERE|CRITICAL): ")
