"""Adversarial logs: 1 MB inputs shaped to make regular expressions backtrack, fed to every tool
parser, the redactor, line cleaning and the whole facts stage. Each must stay under 2 s per MB.

    .venv/bin/python bench/adversarial_logs.py [--mb 1] [--json] [--cpu]

`--cpu` times CPU seconds of this process instead of wall seconds: on a machine shared with other
work the wall time is mostly the machine, the CPU time is what the code costs (the two agree on
an idle machine). The load average is printed beside the table either way.

The shapes are the ones known to have been quadratic (a pre-commit hook line with thousands of
dots, eslint rows with thousands of spaces, repeated PEM markers) and more of the same family:
long runs of one separator after a prefix a pattern anchors on, nothing a pattern can finish on.
The same generators feed tests/adversarial/test_slow_inputs.py at a smaller size.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable

from remediate.facts import extract_facts
from remediate.facts.parsers import all_parsers
from remediate.facts.reader import LogSource, clean_line
from remediate.facts.redact import Redactor
from remediate.facts.scan import scan
from remediate.facts.view import build_view

LIMIT_S_PER_MB = 2.0


def _fill(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _lines(line: str, size: int) -> str:
    return _fill(line + "\n", size)


# name -> generator(size in bytes) -> text
SHAPES: dict[str, Callable[[int], str]] = {
    "precommit_dots": lambda n: _lines("ruff" + "." * 5000, n),
    "precommit_dots_one_line": lambda n: "check yaml" + "." * n,
    "eslint_spaces": lambda n: _lines("  1:7" + " " * 5000 + "error", n),
    "eslint_spaces_one_line": lambda n: "  12:5" + " " * n,
    "pem_markers": lambda n: _lines("-----BEGIN RSA PRIVATE KEY-----", n),
    "pem_markers_one_line": lambda n: _fill("-----BEGIN PRIVATE KEY-----", n),
    "pem_unterminated_body": lambda n: "-----BEGIN PRIVATE KEY-----\n" + _lines("A" * 64, n),
    "colons": lambda n: _lines("src/a.py:" + "1:" * 3000, n),
    "path_segments": lambda n: _lines("/".join(["a"] * 4000) + ".py", n),
    "dotted_names": lambda n: _lines("\tat " + ".".join(["a"] * 4000), n),
    "spaces_only": lambda n: _lines(" " * 8000, n),
    "tabs_and_spaces": lambda n: _lines(" \t" * 4000 + "x", n),
    "brackets": lambda n: _lines("[" * 8000, n),
    "escape_starts": lambda n: _lines("\x1b[" + "1;" * 4000, n),
    "equals_rule": lambda n: _lines("=" * 8000 + " FAILURES", n),
    "underscores": lambda n: _lines("_" * 8000 + " test_x ", n),
    "error_words": lambda n: _lines("error: " * 1000, n),
    "quotes": lambda n: _lines('File "' * 2000, n),
    "secret_keys": lambda n: _lines("password=" * 1000, n),
    "auth_headers": lambda n: _lines("Authorization: " * 600, n),
    "url_at": lambda n: _lines("https://" + "a:" * 3000 + "b", n),
    "base64_blob": lambda n: _lines("QUJD" * 2000, n),
    "digits": lambda n: _lines("1" * 8000, n),
    "test_ids": lambda n: _lines("FAILED " + "tests/test_a.py::" * 400, n),
    "java_frames": lambda n: _lines("\tat " + "a$" * 3000 + "(", n),
    "go_fail": lambda n: _lines("--- FAIL: " + "T" * 8000, n),
    "rust_arrows": lambda n: _lines(" --> " + "src/" * 2000, n),
    "parens": lambda n: _lines("a.ts(" + "1," * 3000, n),
    "pytest_E": lambda n: _lines("E" + " " * 8000, n),
    # C/C++ and .NET toolchains: clang-tidy's check list (a comma-separated run that once backtracked
    # exponentially), gtest failure places, Catch2 rules, MSBuild places and project suffixes.
    "tidy_checks": lambda n: _lines("a.cpp:1:1: error: x [bugprone-a" + ",-a" * 2000 + " x]", n),
    "gtest_places": lambda n: "[ RUN      ] S.t\n" + _lines("a" * 4000 + "(1" * 2000 + ": Failure", n),
    "catch_rules": lambda n: _lines("-" * 79, n),
    "msbuild_places": lambda n: _lines("a.cs(1,1): error CS0001: x" + " [a.csproj" * 800 + "]", n),
    "boost_checks": lambda n: _lines("a(" * 3000 + '1): error: in "' + '"' * 100, n),
    # the scripting tools' line forms: RuboCop's cop path, testthat's failure header, bats' location
    "rubocop_cops": lambda n: _lines("lib/a.rb:1:1: C: " + "A/" * 4000, n),
    "testthat_header": lambda n: _lines("── Failure ('" + "a.R:1" * 1600, n),
    "bats_locations": lambda n: _lines("# (in test file " + "t.bats, line 1" * 600, n),
    "slashes_to_an_extension": lambda n: _lines("a/" * 4000 + "js", n),
    "vstest_frames": lambda n: "  Failed T [1 ms]\n" + _lines("   at a" + " in a.cs" * 1000 + ":line x", n),
    "ghc_places": lambda n: _lines("a.hs:" * 1500 + "1:1: error: [-W" + "a" * 100, n),
    "stylish_space_runs": lambda n: _lines("  1:7  error  a" + " " * 8000 + "b c", n),
    "yamllint_space_runs": lambda n: _lines("  1:1 error a" + " " * 8000 + "b)", n),
    # a path alone on its line is an ESLint heading of any extension; a stylish row ending in `(rule)` is yamllint's
    "dotted_headings": lambda n: _lines("a/" + ".a" * 4000 + "-", n),
    "stylish_parens": lambda n: "a/b.es6\n" + _lines("  1:1  error  a" + " (a" * 3000 + ")", n),
    # busted's gtest rows (a name that may end in its time), markdownlint-cli's old `file: N: MDxxx` rows
    "busted_gtest_rows": lambda n: _lines("[  FAILED  ] " + "a.lua" * 1600 + " @ 1: " + " (1" * 2000, n),
    "markdownlint_old_rows": lambda n: _lines("a.md" * 2000 + ": 1: MD" + "1" * 100, n),
    # TSLint's verbose place and stylish heading
    "tslint_places": lambda n: _lines("ERROR: (a) " + "a.ts[1, 1" * 900 + "]", n),
    "tslint_headings": lambda n: _lines("a.ts" * 2000 + ":1:1x1", n),
    # Erlang: rebar3 ct's failure header with stack terms below it, EUnit's failure and its frames
    # Travis's quote of a failed command that never closes (`The command "` without `" exited with N.`)
    "travis_open_quotes": lambda n: _lines('The command "make error: x', n),
    "erlang_frames": lambda n: _fill("%%% a_SUITE ==> t: FAILED\n" + ('{file,"' + "a/" * 4000 + "\n") * 39, n),
    "eunit_frames": lambda n: _fill("m: t...*failed*\n" + ("in call from a (" + "a(" * 4000 + ".erl, x)\n") * 9, n),
    # Gradle: a task's name before a compiler's line, its failure block, Checkstyle's rows
    "gradle_task_prefixes": lambda n: _lines(":a" * 4000 + ":1: error: x", n),
    "gradle_failure_blocks": lambda n: _fill(
        "* What went wrong:\nExecution failed for task '" + "a:" * 4000 + "\n" + ("> Could not GET '" * 900 + "\n") * 9,
        n,
    ),
    # Karma: a browser's name (words, a version, a platform in parentheses) before a failed test
    "karma_browser_words": lambda n: _lines("A" + " a" * 4000 + " 1 FAILED", n),
    "karma_browser_versions": lambda n: _lines("A 1 (" * 2000 + ") x FAILED", n),
    # cucumber-js's failed scenario and step rows, commitlint's rows, actionlint's workflow places
    "cucumber_rows": lambda n: _fill("1) Scenario: a # a.feature:1\n" + "   ✖ a" + " # a:" * 2000 + "\n", n),
    "cucumber_scenarios": lambda n: _lines("1) Scenario: " + " # " + "a.feature" * 2000 + "x", n),
    "commitlint_rows": lambda n: _lines("✖   " + " [a" * 4000, n),
    "actionlint_places": lambda n: _lines("x.github/workflows/" * 1000 + "a.yml", n),
    # Ant: javac's rows and the junit task's frames behind their task prefixes
    "ant_javac_rows": lambda n: _lines("    [javac] " + "a.java" * 1500 + ":1: x", n),
    "ant_junit_frames": lambda n: _fill(
        "    [junit] Testcase: t took 0 sec\n    [junit] \tFAILED\n    [junit] m\n    [junit] E\n"
        + ("    [junit] \tat " + "a." * 3000 + "(a.java:1\n") * 9,
        n,
    ),
    # JSCS's rule headings, CoffeeLint's rows
    "jscs_headings": lambda n: _lines("aB: " + " at a.js" * 2000 + " x :", n),
    "coffeelint_rows": lambda n: "  ✗ a.coffee\n" + _lines("     ✗ #1: " + "#1: " * 2000, n),
    "checkstyle_rows": lambda n: _lines("[ERROR] " + "a.a:" * 2000 + "1: x" + " [a]" * 1000, n),
    # behave's scenario line (keyword, title, `# file.feature:N`), ansible-lint's and Sphinx's places, Terraform's
    "behave_scenario_spaces": lambda n: _lines("  Scenario: a" + " " * 8000 + "# a.feature:1x", n),
    "behave_indent_runs": lambda n: _lines(" " * 8000 + "a.feature:1", n),
    "ansible_places": lambda n: _lines("a.yml:1" * 1500 + ": a", n),
    "sphinx_codes": lambda n: _lines("a.rst:1: WARNING: a" + " [a" * 3000 + " x", n),
    "terraform_places": lambda n: _lines("  on a line 1, in " + "a:" * 4000 + " x", n),
    # docutils' `file:N: (LEVEL/n)` reports, doc8's `file.rst:N: Dxxx` rows
    "docutils_places": lambda n: _lines("a.rst:1" * 1500 + ": (ERROR/3) x", n),
    "doc8_rows": lambda n: _lines("a.rst:" * 1500 + "1: D" + "0" * 100, n),
    # sanitizer reports: every line opens one (each looks ahead at its frames), frames whose place has no end
    "sanitizer_reports": lambda n: _lines("==1== ERROR: AddressSanitizer: a" + "==1==" * 1500 + " on x", n),
    "sanitizer_frames": lambda n: (
        "==1==ERROR: AddressSanitizer: SEGV\n" + _lines("  #1 0x1 in f " + "a:" * 4000 + "x", n)
    ),
    # terraform init's installation errors, each reading the paragraph below it
    "terraform_install_errors": lambda n: _lines("Error: Failed to install provider\n" + "a " * 40, n),
    # standard-engine's banner (`cmd: tagline (URL)`) with many openings and no URL's end; a stylish heading's bare
    # file name: a long dotted word that never ends in an extension
    "standard_banners": lambda n: _lines("a: " + "a (http://a" * 2000 + "(", n),
    "stylish_bare_names": lambda n: _lines("a." * 4000 + "cs", n),
    # vulture's findings with a confidence that never closes, bashate's flake8-like rows after many colons, eclint's
    # rows under no heading (each looks back for one), package-lint's places
    "vulture_rows": lambda n: _lines("a.py:1: unused " + "a " * 4000 + "(1% confidence", n),
    "bashate_rows": lambda n: _lines("a:" * 3000 + "1:1: E001 x", n) + "1 bashate error(s) found\n",
    "eclint_rows": lambda n: _lines(" " * 4000 + "1:1 \u274c x", n),
    "package_lint_places": lambda n: _lines("a.el" * 2000 + ":1:1: warning: x", n),
    # pytype's errors: codes in brackets that never close the line
    # lesshint's and htmllint's rows: long dotted names that never reach `.less: line`/`.html: line`
    "lesshint_rows": lambda n: _lines("Error: " + "a.less" * 1500 + ": line 1, col x", n),
    "htmllint_rows": lambda n: _lines("a.html" * 1500 + ": line 1, col 1" + ", x" * 1000, n),
    # pug-lint's place and Stylint's rows: runs of digits and colons, words that never end a row
    "puglint_places": lambda n: _lines("a.pug:" + "1:" * 3000 + "x", n),
    "stylint_rows": lambda n: "a.styl\n" + _lines("1:1 a" + " error" * 1500 + "\x00", n),
    "mdspell_rows": lambda n: (
        "    a.md\n" + _lines(" " * 8 + "1 | " + " " * 4000, n) + ">> 1 spelling error found in 1 file\n"
    ),
    # rst-lint's rows and distutils' check warnings: dotted names and spaces that never reach `:N ` or `(line N)`
    "rst_lint_rows": lambda n: _lines("ERROR " + "a.rst" * 1500 + ":x", n),
    "setup_check_lines": lambda n: _lines("warning: check: " + " " * 4000 + "(line x", n),
    # yaml-lint's reasons after its verdict: `at line N, column M` and `(N:M)` repeated, never closing the line
    "yaml_lint_reasons": lambda n: (
        "\u2716 YAML Lint failed for a.yml\n"
        + _lines("\u2716 x" + " at line 1, column 1" * 300 + " (1:1" * 300 + "!", n)
    ),
    # JSLint's places: a source line of slashes and `// Line` that never ends `// Line N, Pos M`
    "jslint_places": lambda n: "a.js\n #1 x\n" + _lines("    " + "// Line 1, Pos " * 400 + "x", n),
    # proselint's dotted check names and write-good's places, never finished
    "proselint_checks": lambda n: _lines("a.md:1:1: " + "a." * 3000 + "!", n),
    "write_good_places": lambda n: "In a.md\n" + _lines('"' + " on line 1 at column x" * 300, n),
    # a shell's parse error and xmllint's: long runs of the separators their places are made of
    "shell_syntax_places": lambda n: _lines("a: line 1: syntax error" + ": line 1" * 2000 + "x", n),
    "dash_syntax_places": lambda n: _lines("a: 1: Syntax error: " + ": 1: " * 2000, n),
    "mocha_jshint_places": lambda n: _lines("a (W033)\n at (a.js:1:" + ":1" * 3000 + "x", n),
    "xmllint_places": lambda n: _lines("a:1: parser error : " + ":1:" * 2000, n),
    "pytype_codes": lambda n: _lines("a.py:1:1: error: in a: " + "a-a [a-a" * 1500 + " x", n),
    # a `prettier -l` listing's file names: long dotted words that never end in an extension
    "prettier_listing_dots": lambda n: "$ prettier -l .\n" + _lines("a." * 4000 + "!", n),
    # Emacs's debugger line and backtrace frame: Lisp strings with runs of escapes and no closing quote
    "emacs_lisp_strings": lambda n: _lines('Debugger entered--Lisp error: (error "' + '\\"' * 3000 + " x)", n),
    "ubsan_places": lambda n: _lines("a" * 6000 + ":1:" + "1:" * 2000 + " runtime error x", n),
    # summary lines (facts/summaries.py): a run of marks inside a token, counts and `: ` prefixes repeated
    "summary_marks": lambda n: _lines("a" + "!" * 3500 + "b 3 failures, " + "1 failed: " * 40, n),
    # compile lane (round 15): places made of dotted runs with no closing `:L:C` (gfortran's, esbuild's, Parcel's,
    # Rollup's), TeX's `! ` errors with no `l.N` context, -Werror verdicts over thousands of warnings
    "compile_places": lambda n: _lines("a.f" * 2000 + ":1:", n) + _lines("    " + "a." * 3000 + ":1:", n // 4),
    "tex_bangs": lambda n: _lines("! " + "x." * 2000, n),
    "werror_warnings": lambda n: (
        _lines("A.java:1: warning: " + "w" * 200, n) + "error: warnings found and -Werror specified\n"
    ),
    # compile lane (round 16): Go's column-less errors one after another under a `# pkg` header, xcpretty's
    # error marks over dotted paths with no `:L:`, pytest's `E     File "` places that never close their quote
    "go_columnless": lambda n: "# example.com/shop\n" + _lines("./" + "a." * 500 + "go:1: undefined: x", n),
    "xcpretty_marks": lambda n: _lines("❌  /" + "a." * 3000 + "m:", n),
    "pytest_syntax_places": lambda n: _lines('E     File "' + "a." * 3000 + 'py", line', n),
    # build lane (round 17): travis_retry's announcement with quotes and its words inside the command, never closed
    "retry_announcements": lambda n: _lines('The command "' + '" failed. Retrying, ' * 300 + "x", n),
    # make's own errors: a makefile's place, then its words and `.  Stop` repeated, never ending the line
    # npm's header of a dependency's script and npm 7's folder line: node_modules over and over, never ending
    "npm_script_headers": lambda n: (
        "npm ERR! Failed at the a@1 install script.\n" + _lines("> a@1 install " + "/node_modules/a" * 2000 + " x", n)
    ),
    "npm7_paths": lambda n: (
        "npm ERR! command sh -c x\n" + _lines("npm ERR! path " + "/node_modules/a" * 2000 + " x", n)
    ),
    # R CMD INSTALL's refusal: its opening quote, then quotes and words that never reach `for package ‘x’`
    "r_dependencies": lambda n: _lines("ERROR: dependencies ‘" + "a’ are not available for package ‘" * 300 + " x", n),
    # node-sass's JSON error: a status, then a message of escaped quotes and backslashes that never closes
    "node_sass_fields": lambda n: _lines('  "status": 1,\n  "file": "a.scss",\n  "message": "' + '\\"\\\\' * 2000, n),
    # pip 19's subprocess folder: `pip-install-` runs inside one long path that never ends in a package folder
    "pip_cwd": lambda n: (
        "ERROR: Command errored out with exit status 1: x Check the logs for full command output.\n"
        + _lines("     cwd: " + "/pip-install-a/b" * 2000 + "/ x", n)
    ),
    "make_stops": lambda n: _lines("Makefile:1: *** missing separator" + ".  Stop" * 1000 + " x", n),
    "make_needed_by": lambda n: _lines(
        "make: *** No rule to make target 'a', needed by '" + "a" * 3000 + ".  Stop.", n
    ),
    # build lane (round 18): SCons's missing source and a target it cannot make, with their quotes never closed
    "scons_not_found": lambda n: _lines(
        "scons: *** [a] Source `" + "a" * 3000 + "' not found, needed by target `" * 30, n
    ),
    "yarn_node_modules": lambda n: _lines("error " + "/node_modules/a" * 2000 + ": Command failed", n),
    "scons_no_target": lambda n: _lines("scons: *** Do not know how to make " + "File" * 2000 + " target `" * 100, n),
    # build lane (round 19): thousands of names that lerna's headers or stack's step lines declare, each line behind
    # one (a line's name was compared with every declared one: quadratic); a stack step's name padded past its limit
    "lerna_names": lambda n: "".join(f"p{i}: > p{i}@1\np{i}: x\n" for i in range(n // 20)),
    "stack_names": lambda n: "".join(f"p{i}> build (lib)\np{i}> x\n" for i in range(n // 24)),
    "stack_padding": lambda n: _lines("a" * 100 + " " * 5 + "> configur" + " " * 3000 + "> build (", n),
    # rustc's short form: a long path-like word of `.rs` pieces that never reaches its place
    "rustc_short": lambda n: "x\nerror: x\n" + _lines("a.rs" * 100 + ":1:1: erro", n),
    # deps lane (round 19): Go's checksum and proxy verdicts, cargo's missing git ref, RubyGems' missing gem, each
    # a long run its pattern walks that never ends as the verdict does
    "go_verifying": lambda n: _lines("go: verifying " + "a/go.mod" * 2000 + ": checksum mismatc", n),
    "go_reading": lambda n: _lines("go: a@v1: reading " + ": 40" * 3000 + "4", n),
    "cargo_git_ref": lambda n: _lines("  failed to find tag `" + "a" * 3000 + " revspec '" * 100, n),
    "gem_not_found": lambda n: _lines("ERROR:  Could not find a valid gem '" + "a" * 3000 + "' (" + ">" * 3000, n),
    # generic lane (round 17): a checker's step no parser reads (facts/located.py reads it only under a checker's
    # command): runs of ` at ` between long path-like words, a long path or dotted name before `: `, each line
    # ending short of ` line N` or of a place
    "located_at_runs": lambda n: _checker_step(_lines("x at " + ("a" * 300 + " at ") * 12 + "z", n)),
    "located_path_colon": lambda n: _checker_step(_lines("a" * 300 + ": " + "m" * 390 + " at lin", n)),
    "located_dots_colon": lambda n: _checker_step(_lines("a." * 150 + "b: " + "m" * 380 + " at line", n)),
    "located_slashes_paren": lambda n: _checker_step(_lines("a/" * 150 + "b.c(" + "1," * 100, n)),
    # cppcheck's trail of places that never closes its bracket; a stylish header over rows that never end a place
    "located_bracket_trail": lambda n: _checker_step(_lines("[a.c:1]" + " -> [a" * 600, n)),
    "located_stylish_rows": lambda n: _checker_step("a.js\n" + _lines("  1:" + "1" * 4 + " " * 3000 + "x", n)),
    # a formatter's step: short words before a long path-like word that never ends in an extension
    "located_formatter_words": lambda n: _checker_step(_lines("error: x " + "a." * 1500 + "/", n), "gofmt -l ."),
    # deps lane (round 20): an installer's step no parser reads (facts/installs.py): long runs between the words of
    # its verdicts that never finish one (a package's name that never ends `not found`, a lock file never said stale)
    "installs_package_runs": lambda n: _checker_step(
        _lines("Package '" * 300 + "a" * 300 + " was no", n), "bower install"
    ),
    "installs_lockfile_runs": lambda n: _checker_step(
        _lines("lockfile " * 600 + "needs to be update", n), "bower install"
    ),
    "installs_requires_runs": lambda n: _checker_step(_lines("requires Python " * 400 + "'", n), "bower install"),
    # a step of a tool no rule names (read only for a package at a version said absent): runs of coordinates' pieces
    "installs_coordinates_colons": lambda n: _checker_step(_lines("not found " + "a:" * 3000, n), "make all"),
    "installs_coordinates_ats": lambda n: _checker_step(_lines("not found " + "a-@" * 2000, n), "make all"),
    "installs_coordinates_pins": lambda n: _checker_step(_lines("not found " + "a" * 3000 + "=", n), "make all"),
    # hostile lane (round 43, bench/parser_growth.py): a pre-commit hook's name, a Grunt warning's words and the lines
    # under a GHC error, each a long run of spaces before what their patterns wait for, never coming
    "precommit_name_spaces": lambda n: _lines("check" + " " * 3000 + "yaml.Failed", n),
    "grunt_warning_spaces": lambda n: _lines("Warning:" + " " * 3000 + "x Use --force to continue.", n),
    "grunt_warning_lines": lambda n: 'Running "a" (a) task\n' + _lines(" " * 3000 + "x Use --force to continue.", n),
    "ghc_message_indents": lambda n: _lines("a.hs:1:1: error: x\n" + (" " * 3000 + "x\n") * 6, n),
}


def _checker_step(body: str, command: str = "perlcritic x.pl") -> str:
    """The body as a Travis step of a checker that failed, one finding first (the step is then read)."""
    return f"$ {command}\nx.pl:1:1: m\n" + body + f'\nThe command "{command}" exited with 2.\n'


_CLOCK: Callable[[], float] = time.perf_counter


def _timed(fn: Callable[[], object]) -> float:
    t0 = _CLOCK()
    fn()
    return _CLOCK() - t0


def run(size: int, only: list[str] | None = None) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for name, make in SHAPES.items():
        if only and name not in only:
            continue
        text = make(size)
        raw = text.encode()
        mb = len(raw) / 1e6
        timings: dict[str, float] = {}
        timings["redact"] = _timed(lambda: Redactor().redact(text))  # noqa: B023 - called at once
        timings["clean"] = _timed(lambda: [clean_line(x) for x in raw.split(b"\n")])  # noqa: B023
        with LogSource(raw) as src:
            view = build_view(src, scan(src), Redactor())
        for parser in all_parsers():
            timings[f"parser:{parser.tool}"] = _timed(lambda: parser.parse(view))  # noqa: B023
        timings["extract_facts"] = _timed(lambda: extract_facts(raw))  # noqa: B023
        worst = max(timings, key=lambda k: timings[k])
        rows.append(
            {
                "shape": name,
                "mb": round(mb, 2),
                "worst": worst,
                "worst_s_per_mb": round(timings[worst] / mb, 3),
                "redact_s_per_mb": round(timings["redact"] / mb, 3),
                "parsers_s_per_mb": round(sum(v for k, v in timings.items() if k.startswith("parser:")) / mb, 3),
                "facts_s_per_mb": round(timings["extract_facts"] / mb, 3),
            }
        )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=1.0)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--only", nargs="*", help="shape names (default: all)")
    ap.add_argument("--cpu", action="store_true", help="CPU seconds instead of wall seconds")
    args = ap.parse_args()
    global _CLOCK
    _CLOCK = time.process_time if args.cpu else time.perf_counter
    before = os.getloadavg()[0]
    rows = run(int(args.mb * 1_000_000), args.only)
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    clock = "CPU" if args.cpu else "wall"
    print(f"{clock} seconds; load average {before:.1f} -> {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")
    print("| shape | worst stage | worst s/MB | redact s/MB | all parsers s/MB | extract_facts s/MB |")
    print("|---|---|---:|---:|---:|---:|")
    for r in rows:
        flag = "" if float(str(r["worst_s_per_mb"])) < LIMIT_S_PER_MB else " **over**"
        print(
            f"| {r['shape']} | {r['worst']} | {r['worst_s_per_mb']}{flag} | {r['redact_s_per_mb']} | "
            f"{r['parsers_s_per_mb']} | {r['facts_s_per_mb']} |"
        )


if __name__ == "__main__":
    main()
