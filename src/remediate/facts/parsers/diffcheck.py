"""A check that fails by showing a diff of the work tree: `git diff --exit-code` after a
formatter or a generator, "please apply the changes below" scripts. Only a diff that ends the
failing step counts (the step's failure follows it within a few lines, or the log ends): a diff
printed on the way (a review tool, a changelog) is not the failure.

A diff whose every file is a build's or a generator's output (a `dist/` or `build/` folder, a minified bundle, a
source map, protoc's and Kubernetes' generated Go, go-bindata's) is a "commit the generated files" check: the
code is not wrong and no formatter's rule was broken, the committed output is stale (LogChunks' README calls such
checks other). GENERATED reads those, no specialist fixes them; PARSER the rest (a formatter's diff, or a
generator whose output is source: docs, a README, code). A diff whose every file is a dependency lock (go.mod and
go.sum after `go mod tidy`, package-lock.json after `npm install --package-lock-only`, Cargo.lock, poetry.lock, ...)
is the dependencies' record out of step with the manifest or the code: no formatter writes those files."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, Gated, LineRules, Parser, Regex, Rule, state
from remediate.facts.view import View
from remediate.models import Category

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
_FAILED = Regex(
    r"exited with [1-9]|Process completed with exit code [1-9]|ERROR: Job failed|\*\*\* \[.*\] Error \d+|"
    r"error Command failed|exit status [1-9]|returned (?:a )?non-zero|exit code:? [1-9]|script returned exit code"
)
# What a build or a generator writes, which a project commits and a CI check compares after rebuilding (by
# folder and name: no pattern, a hostile path costs its length)
_OUTPUT_FOLDERS = frozenset({"dist", "build"})
_OUTPUT_SUFFIXES = (".min.js", ".min.css", ".js.map", ".css.map", ".pb.go", ".pb.gw.go", "_pb2.py", "_pb2_grpc.py")
_GENERATED_GO = ("_generated.go", "bindata.go")


def build_output(path: str) -> bool:
    """Whether the path is a build's or a generator's output (a diff of it is no formatter's: facts.located too)."""
    folders, _, name = path.rpartition("/")
    return (
        not _OUTPUT_FOLDERS.isdisjoint(folders.split("/"))
        or name.endswith(_OUTPUT_SUFFIXES + _GENERATED_GO)
        or (name.startswith("zz_generated") and name.endswith(".go"))
    )


# The files a dependency tool writes from the manifest or the code, which a check diffs after running it (go.mod
# included: `go mod tidy` rewrites its requires). Not the manifests a formatter may sort (package.json, pyproject.toml).
_LOCKS = frozenset(
    {
        "go.mod",
        "go.sum",
        "go.work.sum",
        "package-lock.json",
        "npm-shrinkwrap.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "bun.lock",
        "Cargo.lock",
        "poetry.lock",
        "uv.lock",
        "pdm.lock",
        "Pipfile.lock",
        "composer.lock",
        "Gemfile.lock",
        "mix.lock",
        "Package.resolved",
        "packages.lock.json",
    }
)


def dependency_lock(path: str) -> bool:
    """Whether the path is a dependency tool's lock (a diff of it is no formatter's: facts.located too)."""
    return path.rpartition("/")[2] in _LOCKS


_AFTER = 4  # non-empty lines after the diff that may still belong to the failure
_MARKED = 300  # diff lines marked as evidence per block


@state
class _State:
    view: View
    generated: bool  # read only diffs of generated files (GENERATED), or only the others (PARSER)
    found: Findings = field(default_factory=lambda: Findings(tool="git-diff"))
    files: list[tuple[int, str]] = field(default_factory=list)  # (header line, path) of the current block
    last: int = 0  # last line of the current diff block
    after: int = 0  # non-empty lines since the block ended

    def in_diff(self, _no: int) -> bool:
        return bool(self.files) and self.after == 0

    def past_diff(self, _no: int) -> bool:
        return bool(self.files)


def _header(st: _State, no: int, m: re.Match[str]) -> None:
    if st.files and st.after:  # a new block after unrelated lines: the earlier one did not end the step
        st.files = []
    st.files.append((no, m.group(1)))
    st.last, st.after = no, 0


def _content(st: _State, no: int, _m: re.Match[str]) -> None:
    st.last = no


def _after(st: _State, _no: int, m: re.Match[str]) -> None:
    st.after += 1
    if _FAILED.search(m.string):
        _record(st, st.files, st.last)
        st.files = []
    elif st.after >= _AFTER:
        st.files = []


_RULES = LineRules[_State](
    Rule(r"^diff --git a/\S+ b/(\S+)$", _header, starts="diff --git "),
    Rule("", _content, starts=_CONTENT, when=_State.in_diff),
    Rule("", _after, when=_State.past_diff),
)


def _parse(view: View, *, generated: bool) -> Findings:
    st = _State(view, generated)
    if generated:
        st.found.tool = "generated-files"
    for line in view.lines:
        if line.text:
            _RULES.apply(st, line.no, line.text)
        elif st.in_diff(line.no):  # a blank line inside a diff is an unchanged empty line
            st.last = line.no
    if st.files:  # the log ends with the diff
        _record(st, st.files, st.last)
    return st.found


def parse(view: View) -> Findings:
    return _parse(view, generated=False)


def parse_generated(view: View) -> Findings:
    return _parse(view, generated=True)


def _record(st: _State, files: list[tuple[int, str]], last: int) -> None:
    if all(build_output(path) for _no, path in files) is not st.generated:
        return  # the other parser's diff
    found = st.found
    locks = not st.generated and all(dependency_lock(path) for _no, path in files)
    for no, path in files:
        if st.generated:
            found.error(no, f"the committed {path} is not what the build makes now", file=path, code="stale-output")
        elif locks:
            said = f"the check's diff changes {path}, a dependency lock out of step"
            found.error(no, said, file=path, code="lock-diff", category=Category.DEPENDENCY)
        else:
            found.error(no, f"the check's diff changes {path}", file=path, code="diff")
    start = files[0][0]
    for no in range(start, min(last, start + _MARKED) + 1):
        found.mark(no, 6.0)


# Every record follows a `diff --git` header (the rest waits on one): a log without one is not read.
PARSER = Parser(tool="git-diff", category=Category.FORMAT, parse=Gated(("\ndiff --git ",), "git-diff", parse))
GENERATED = Parser(
    tool="generated-files",
    category=Category.UNKNOWN,
    parse=Gated(("\ndiff --git ",), "generated-files", parse_generated),
    no_specialist=True,
)
