"""The build a failing step was in when it stopped: its output ends on a build tool's progress line, no error and no
test printed, and then the step ended non-zero (killed from outside: the kernel's OOM killer, a time limit, an output
limit); or a tool reports that a signal from outside ended its build program (a compiler's pass, an assembler, a
linker: meaning.signalled), no error printed beside it. A test command (`stack test`, `cargo test`, `mvn test`,
`make check`) builds before it tests, so its word names a phase never reached: the output says where the step was, not
why it stopped."""

from __future__ import annotations

from collections.abc import Iterable

from remediate.facts.ci import Structure
from remediate.facts.ci.framing import runner_line
from remediate.facts.lazyregex import Regex
from remediate.facts.meaning import signalled
from remediate.facts.view import View

# A build tool's line saying it starts on one more unit, printed before the unit's own output (a compile that fails
# prints its errors below it): GHC's (cabal, stack: `[133 of 147] Compiling Text.Pandoc.Readers.Org ( src/...,
# dist/... )`, stack's `pandoc> ` before it, `Linking .stack-work/.../spec ...`), Cargo's (`   Compiling tally v0.1.0
# (/path)`, and under `-v` its ``Running `rustc ...` `` below it), Maven's compiler plugin's (`[INFO] ---
# maven-compiler-plugin:3.13.0:compile (default-compile) @ shop ---`, Maven 3.9's `--- compiler:3.13.0:compile`,
# `[INFO] Compiling 150 source files with javac [...] to target/classes`) and Ant's javac's (`    [javac] Compiling 1
# source file to ...`), a C or C++ compiler's command as make echoes it (`gcc -O2 -Wall -c table.c -o table.o`,
# libtool's `libtool: compile:  gcc ...`), the quiet forms of the kernel's, git's, automake's and meson's (`  CC
# foo.o`, `    LINK git-daemon`) and CMake's (`[ 45%] Building C object ...`, ninja's `[3/10] Building CXX object
# ...`). Not Gradle's `> Task :compileJava`: its plain console prints a task when it ends, so the next one (`:test`)
# may be running unseen; not `go test`, which prints no progress.
_PROGRESS = Regex(
    r"^(?:[\w.-]{1,80}\s*> )?(?:\[\s*\d+ of \d+\] (?:Compiling [\w.']+|Linking )|Linking \S+ \.\.\.$)"
    r"|^\s{0,12}Compiling [\w-]{1,64} v\d\S*(?: \([^()]*\))?\s*$"
    r"|^\s{0,12}Running `(?:\S*/)?(?:rustc|build-script-build) "
    r"|^(?:\[INFO\] --- (?:maven-)?compiler(?:-plugin)?:[\w.-]+:(?:test)?[cC]ompile |(?:\[INFO\]|\s*\[javac\]) "
    r"Compiling \d+ source files? )"
    r"|^(?:libtool: compile: +)?(?:\S*/)?(?:[\w.+-]*-)?(?:gcc|g\+\+|cc|c\+\+|clang|clang\+\+)(?:-\d+)? (?:.* )?-c "
    r"|^\s{1,4}(?:CC|CXX|AS|LD|CCLD|CXXLD|AR|LINK)\s+\S+$"
    r"|^\[\s*\d+(?:%|/\d+)\] Building (?:C|CXX|Fortran|CUDA|ASM) object ",
    needles="Compiling|Linking|compile|Compile|Running|-c |CC|CXX|AS|LD|AR|LINK|Building",
)


# What may follow the last progress line before the step's end and says nothing of the build: make's report of the
# recipe that did not finish (`make: *** [Makefile:11: table.o] Terminated`, `Error 1`, `Killed`) and of its waiting
# or leaving, stack's count of what it did (`Completed 2 action(s).`), the shell's notice of a killed child (`Killed`,
# `bash: line 1: 1234 Terminated  make check`).
_TRAILER = Regex(
    r"^(?:g?make(?:\[\d+\])?: (?:\*\*\* (?:\[[^\]]*\] (?:Error \d+|Terminated|Killed|Interrupt)|Waiting for unfinished"
    r" jobs)|Leaving directory )|Completed \d+ action\(s\)\.$|(?:\S+: line \d+: +\d+ )?(?:Killed|Terminated)\b)"
)

# A wrapper's report of the build that did not finish, from its heading on: stack's (`--  While building package
# shop-0.1.0.0 (scroll up to its section to see the error) using:`, Cabal's command, `Process exited with code:
# ExitFailure (-9) (THIS MAY INDICATE OUT OF MEMORY)`), which names the package and the status, not an error.
_WRAPPER_REPORT = Regex(r"^--\s+While building ")

# How far back from the step's end the last progress line is looked for (trailers and blank lines between).
_MAX_BACK = 40


# How far back from the step's end a tool's report of its build program's kill is looked for: a parallel build's other
# jobs go on printing (their warnings, their commands) until the tool stops them.
_KILL_BACK = 200


def building_when_stopped(structure: Structure, view: View, printed: Iterable[int]) -> str | None:
    """Where the failing step's build stopped, when none of its lines holds an error or a failing test (`printed`: the
    log lines of the step's records, failing tests and summaries) and it ended non-zero: the tool's report of a build
    program a signal from outside ended (meaning.signalled: `gcc: fatal error: Killed signal terminated program cc1`)
    in its last lines, else the build tool's last progress line when its output ends on it (_last_progress); None."""
    span = structure.region or ((1, structure.primary.line) if structure.primary else None)
    if span is None or any(span[0] <= no <= span[1] for no in printed):
        return None
    end = "\n".join(line.text for line in view.within(max(span[0], span[1] - _KILL_BACK), span[1]))
    if (said := signalled(end)) is not None and said.building:
        return " ".join(said.line.split())[:200]
    return _last_progress(structure, view, span)


def _last_progress(structure: Structure, view: View, span: tuple[int, int]) -> str | None:
    """The build tool's last progress line when the step's output ends on it: runner lines, blank lines, _TRAILER and
    a _WRAPPER_REPORT after it; else None."""
    lines = view.within(max(span[0], span[1] - _MAX_BACK), span[1])
    report = next((i for i in range(len(lines) - 1, -1, -1) if _WRAPPER_REPORT.match(lines[i].text)), len(lines))
    # The runner's report of the step's end is its failure point: runner_line knows it when it is one line, not the
    # first of Travis's quoting of a command over several (`The command "case "$BUILD" in`, the rest after the span)
    ended = structure.primary.line if structure.primary and structure.primary.job_level else None
    for line in reversed(lines[:report]):
        text = line.text.strip()
        if not text or line.no == ended or runner_line(line) or _TRAILER.match(text):
            continue
        return " ".join(line.text.split())[:200] if _PROGRESS.match(line.text) else None
    return None
