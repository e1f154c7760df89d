"""The samples proxy: how the rules do on real output of tools no parser knows.

    .venv/bin/python bench/samples_proxy.py [--bare] [--dump FILE] [--json]
        [--variant framed|inherited|wrapper|noisy|steps|cisteps|scripted|all]

Every stored sample (tests/facts/data: real output of real tools, each made here and described in its
README) is triaged twice: once with every parser, and once with the parser modules that read it left
out (extract.modules_reading; the GENERIC_READERS stay, as they read any tool's output). A sample the
full rules decide names the answer, since the parser tests hold those decisions; left out, the sample
reads as a tool nobody wrote a parser for, as most of a new user's logs and the held-out logs are.
Framed (the default): a sample whose README row opens with the command that made it, and which holds
no CI framing of its own, is put in a Travis job under that command (tests/facts/framing.travis), as a
CI log shows a tool's output: the command is much of what a log of an unknown tool tells. `--bare`
triages the samples as stored. Reported: the share the rules still decide and how often they are
right, by category, the wrong pairs, and why the rest abstain. A sample the full rules name but never decide alone
(the infrastructure, the job's own service: named_only) has no decision to measure against; it is counted apart
(`named`), with the samples the rules decide as another kind once its modules are left out (`named_as_other`:
each such decision is wrong, since the full rules, reading it best, would not decide).

Held-out logs are harder than a tool's output under its own command, so `--variant` frames the left-out
triage harder (`framed`, the default, is the framing above). Each harder variant also frames the samples
whose README row says "the same ..." under the row above's command (`inherited`: only that). The sample
set, its answer and the modules left out are the plainly framed job's (under the inherited command), so
every variant measures the same samples:
- `wrapper`: the command is run by a script whose name names no tool or kind (`./ci/run.sh`); half of
  the samples (crc32 of the name) show the shell's xtrace (`+ mypy src`, as `set -x` prints each command)
  before the output, the rest only the output;
- `noisy`: the failing step prints real, passing install chatter with its warnings
  (tests/facts/data/noise) before the sample's output, under the sample's command.
- `steps`: the failing step is preceded or followed (half each, crc32 of the name) by a second Travis
  script command that printed another tool's stored sample (its parsers in) but which the CI reports
  `exited with 0.`, as `cmd || true` does: the failure is the failing step's alone.
- `cisteps`: the same passing step of another tool's report, always before the failing one, in a job of another CI
  (crc32 of the name picks Jenkins, Azure Pipelines, Buildkite, CircleCI, GitLab's log as its job page shows it,
  Google Cloud Build (each step's lines behind its `Step #N - "id": `), AWS CodeBuild (one phase's commands) or
  TeamCity's downloaded build log (each line behind its time, status and step): tests/facts/ciframing), whose
  runner shows the passing step passed by going on to the failing one; on GitLab's page, colours stripped, no `$ cmd`
  is known for the runner's echo, so nothing shows it and the rival competes.
- `scripted`: the same rival forgiven (`cmd || true`) before the failing command inside one script the CI runs as one
  step under xtrace (crc32 of the name picks a GitHub Actions `run:` block under `set -x`, default shell `bash -e
  {0}`, or a Buildkite `commands:` list under `set -euxo pipefail`): bash's traces (`+ cmd`, `+ true`) show the rival
  did not stop the script (facts/xtrace.py), no runner's step does.
  The rival of `steps`, `cisteps` and `scripted` (passing_rival) is the sample of another tool whose hash with the
  sample's name is highest, among those whose command bash would run and runs no shell script: a sample added to the
  set changes only the rivals it wins.
`--variant all` prints a row per variant, both halves' aggregates; the wrapper variant's rows again for the samples
whose xtrace shows the command (`traced`) and those whose does not (`untraced`), as its report splits each half.

A sample whose own run passed (its name ends `_passed`, or its README row says it exited 0 and names no other exit
status: a linter's warnings, a build's warnings, an install that went on) is no failing step's output: it is left out
of the variants above and framed as a step Travis says passed (`exited with 0.`; its command unknown, as stored).
There the rules must not decide: every decision, with every parser, is wrong (`passing` in the report); so is a
decision on the sample as stored, a log that shows no step (no step known to have failed).

The samples are split by tool (the letters their name starts with: `pip20_conflict.txt` is pip's,
crc32 of it): the "fit" half is where generic readers are developed and may be looked at sample by
sample (`--dump` writes only it); the "check" half is reported in aggregate only, so a reader fitted
to the fit half's tools is measured on tools it was not shaped on. A tool's samples stay together.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import zlib
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from pathlib import Path

from pydantic import BaseModel

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root first: bench.triage
from tests.facts import ciframing, framing

from bench.triage import why_undecided
from remediate.facts import extract_facts
from remediate.facts.extract import modules_reading
from remediate.facts.shellquotes import list_parts
from remediate.facts.syntaxcheck import INERT
from remediate.facts.xtrace import SCRIPT_RUN, unbracketed
from remediate.models import Category
from remediate.triage import RuleVerdict, rule_verdict
from remediate.triage.beneath import own_service_named

DATA = Path(__file__).resolve().parents[1] / "tests" / "facts" / "data"
_ROW = re.compile(r"^\| ([\w.+-]+\.txt) \| `([^`]+)`")
_FRAMED_ALREADY = re.compile(rb"^(?:\$ |##\[|travis_|section_start:|\[Pipeline\])", re.MULTILINE)
# A row that says its sample was made as the row above's (`the same with \`--output-format concise\``); an
# option in backquotes right after `with` is added to the inherited command.
_SAME = re.compile(r"^\| ([\w.+-]+\.txt) \| the same\b(?: with `(-[^`]+)`)?")
HALVES = ("fit", "check")
VARIANTS = ("framed", "inherited", "wrapper", "noisy", "steps", "cisteps", "scripted")
# A README row saying its sample's run exited 0 (not a tox environment's `lint: exit 0` among others), and one naming
# another exit status.
_EXIT_0 = re.compile(r"(?<![\w:] )\b(?:exit|exits|exited with) 0\b")
_EXIT_N = re.compile(r"\b(?:exit|exits|exited with|exit status|exit code) [1-9]")
_ROW_NAMES = re.compile(r"^\| ([\w.+-]+\.txt(?:, [\w.+-]+\.txt)*) \|(.*)$")
# Scripts whose names tell neither the tool nor the kind of check they run.
WRAPPERS = ("./ci/run.sh", "bash scripts/ci.sh", "sh .ci/steps.sh")
NOISE = ("setup_py_install_passed.txt", "npm6_install_peer_warnings.txt")


class Outcome(BaseModel):
    """One sample: what the full rules decided, and what they say with its own modules left out."""

    sample: str
    half: str
    modules: list[str]
    answer: str  # the full rules' decided category
    proxy: str  # the category the rules give with the modules left out
    decided: bool
    why: str  # why the rules abstained (bench/triage.py's ABSTAINED), or ""
    shown: str = ""  # the wrapper variant: "traced" or "untraced" (wrapped_as), "" for a sample not wrapped
    # the full rules name the answer but never decide it alone (named_only): counted apart from the decided samples
    named: bool = False


class Passing(BaseModel):
    """A sample whose run passed, framed as a passing step: the rules must not decide it."""

    sample: str
    half: str
    decided: bool
    category: str
    stored: str  # the category the rules decide on the sample as stored, or "" where they abstain


@cache
def passed_samples() -> frozenset[str]:
    """The samples whose own run passed (the module's note), but those stored with CI framing of their own (their
    CI says how each step went)."""
    found = {p.name for p in DATA.iterdir() if p.stem.endswith("_passed")}
    for line in readme_lines():
        if (m := _ROW_NAMES.match(line)) and _EXIT_0.search(m.group(2)) and not _EXIT_N.search(m.group(2)):
            found.update(m.group(1).split(", "))
    return frozenset(n for n in found if (DATA / n).is_file() and not _FRAMED_ALREADY.search((DATA / n).read_bytes()))


def passing_log(path: Path, command: str | None) -> bytes:
    """The sample as the output of a step Travis says passed (under `cmd`, its command unknown)."""
    text = path.read_text(errors="replace")
    return framing.travis_commands([(command or "cmd", text, 0)], say_passed=True)


def judge_passing(path: Path, command: str | None = None) -> Passing:
    verdict = rule_verdict(extract_facts(passing_log(path, command), deadline_s=None))
    stored = rule_verdict(extract_facts(path, deadline_s=None))
    return Passing(
        sample=path.name,
        half=half_of(path.name),
        decided=verdict.decided,
        category=verdict.category.value,
        stored=stored.category.value if stored.decided else "",
    )


def passing_outcomes(workers: int = 2) -> list[Passing]:
    paths = sorted(DATA / n for n in passed_samples())
    known = commands(inherit=True)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(judge_passing, paths, [known.get(p.name) for p in paths]))


def passing_table(found: list[Passing]) -> str:
    """Each half's passing samples and the rules' decisions on them (all wrong); the fit half's by name."""
    lines = [
        "| passed samples (must not decide) | samples | decided in a passing step | decided as stored (no step) |",
        "|---|---:|---:|---:|",
    ]
    for half in HALVES:
        mine = [o for o in found if o.half == half]
        lines.append(f"| {half} | {len(mine)} | {sum(o.decided for o in mine)} | {sum(bool(o.stored) for o in mine)} |")
    fit = [o for o in found if o.half == "fit"]
    step = [f"{o.sample} as {o.category}" for o in fit if o.decided]
    stored = [f"{o.sample} as {o.stored}" for o in fit if o.stored]
    return "\n".join(
        [
            *lines,
            "",
            "fit half decided in a passing step: " + (", ".join(step) or "none"),
            "fit half decided as stored: " + (", ".join(stored) or "none"),
        ]
    )


def half_of(sample: str) -> str:
    """The half a sample belongs to, by its tool's name (stable across runs)."""
    tool = re.match(r"[a-z]*", sample)
    return HALVES[zlib.crc32((tool.group() if tool else "").encode()) % 2]


def readme_lines() -> list[str]:
    """The README's lines, each table cell's `\\|` read as the `|` GitHub renders: GFM splits a row at every `|`
    not escaped, inside a code span too, so a command's `||` and `|` are written `\\|\\|` and `\\|` there."""
    return (DATA / "README.md").read_text().replace("\\|", "|").splitlines()


def commands(*, inherit: bool = False) -> dict[str, str]:
    """Each sample's command, as its README row opens with it; with `inherit`, a row that says "the same
    ..." right under a row with a command takes that command (and the option it names, if any)."""
    found: dict[str, str] = {}
    above: str | None = None
    for line in readme_lines():
        if m := _ROW.match(line):
            found[m.group(1)] = above = m.group(2)
        elif inherit and above and (same := _SAME.match(line)):
            found[same.group(1)] = above = f"{above} {same.group(2)}" if same.group(2) else above
        elif line.startswith("| "):
            above = None
    return found


def log_of(path: Path, command: str | None) -> bytes:
    """The sample as stored, or inside a Travis job under its command."""
    output = path.read_bytes()
    if command is None or _FRAMED_ALREADY.search(output):
        return output
    return framing.travis(command, output.decode(errors="replace"))


def _noise() -> list[str]:
    return [line for name in NOISE for line in (DATA / "noise" / name).read_text().splitlines()]


def xtraced(command: str) -> list[str]:
    """The lines `set -x` prints before a command line's simple commands run (bash's `+ cmd`): each part of its lists
    (`&&`, `||`, `;`, a line end; a quoted `;` splits nothing: `python -c "import x; x.run()"` is one command), a
    group's commands one by one at the same level (`a || (echo hint; exit 1)`: `+ a`, `+ echo hint`, `+ exit 1`), as
    `bash -xc` prints them where each part runs (a handler after `||` runs once the part before it failed, as in a
    failing sample; traced_run leaves out what never ran)."""
    traced: list[str] = []
    for _, part in list_parts(command):
        inner = unbracketed(part)
        traced += xtraced(inner) if inner != part else [f"+ {part}"]
    return traced


@cache
def _rows() -> dict[str, str]:
    """Each sample's README row, by the sample's name."""
    found: dict[str, str] = {}
    for line in readme_lines():
        if m := _ROW_NAMES.match(line):
            found.update(dict.fromkeys(m.group(1).split(", "), m.group(2)))
    return found


def traced_run(sample: str, command: str) -> list[str]:
    """xtraced, but only the parts that ran: bash traces a part of `a && b` when it runs, so after a part that failed
    nothing more is traced. The sample's README row says which part never ran (`flake8 never ran`, `go test never
    ran`: the part opening with that name, its first word or two); the parts from it on print no trace, nor do the
    inert ones right before it (`cmake --build build && cd build && ctest`: the build failed, `cd build` never ran)."""
    traced = xtraced(command)
    row = _rows().get(sample, "")
    for i, line in enumerate(traced[1:], 1):
        words = line.removeprefix("+ ").split()
        if any(f"{' '.join(words[:n])} never ran" in row for n in (1, 2) if len(words) >= n):
            while i > 1 and INERT.match(traced[i - 1].removeprefix("+ ")):
                i -= 1
            return traced[:i]
    return traced


def harder_log(path: Path, command: str | None, variant: str) -> bytes:
    """The sample in the variant's job (VARIANTS); a sample without a command or with CI framing of its own
    stays as log_of frames it."""
    output = path.read_bytes()
    if variant in ("framed", "inherited") or command is None or _FRAMED_ALREADY.search(output):
        return log_of(path, command)
    text = output.decode(errors="replace")
    if variant == "noisy":
        return framing.travis(command, "\n".join([*_noise(), text]))
    if variant == "steps":
        return beside_passing(path, command, text)
    if variant == "cisteps":
        return after_passing_on(path, command, text)
    if variant == "scripted":
        return in_one_script(path, command, text)
    crc = zlib.crc32(path.name.encode())
    traced = traced_run(path.name, command) if wrapped_as(path.name) == "traced" else []
    return framing.travis(WRAPPERS[(crc >> 1) % len(WRAPPERS)], "\n".join([*traced, text]))


def wrapped_as(sample: str) -> str:
    """Whether the wrapper variant shows the shell's xtrace before the sample's output (crc32 of its name)."""
    return "traced" if zlib.crc32(sample.encode()) % 2 else "untraced"


def can_be_rival(command: str) -> bool:
    """Whether a sample's README command can stand as another job's passing step: bash would run it (bash -n; CMake's
    `add_subdirectory(...)` and R's `rcmdcheck::rcmdcheck(...)` are no shell commands), and it runs no shell script
    (`sh -xe SCRIPT`, `./ci/run.sh`), whose own `set -x` traces look like the job's (facts/xtrace SCRIPT_RUN)."""
    if any(SCRIPT_RUN.match(part.removeprefix("+ ")) for part in xtraced(command)):
        return False
    return subprocess.run(["bash", "-n", "-c", command], capture_output=True, check=False).returncode == 0


@cache
def _others() -> tuple[tuple[str, str], ...]:
    """The samples a passing step may print: each (name, command) with a command, no framing of its own, and a
    command that can be a rival's (can_be_rival)."""
    found = commands(inherit=True)
    return tuple(
        (n, c)
        for n, c in sorted(found.items())
        if not _FRAMED_ALREADY.search((DATA / n).read_bytes()) and can_be_rival(c)
    )


def _weight(sample: str, candidate: str) -> int:
    """The candidate's score as the sample's rival: a hash of the pair, the same whatever other samples exist."""
    return int.from_bytes(hashlib.blake2b(f"{sample}\0{candidate}".encode(), digest_size=8).digest(), "big")


def passing_rival(name: str) -> tuple[str, str]:
    """Another tool's sample and its command, run as `cmd || true` (rival_among the samples that can be a rival)."""
    return rival_among(name, _others())


def rival_among(name: str, pool: tuple[tuple[str, str], ...]) -> tuple[str, str]:
    """Of the pool's (name, command) of other tools, the one whose hash with this sample's name is highest (rendezvous
    hashing), its command run as `cmd || true`: a sample added to the pool changes only the rivals it wins, so a
    variant's numbers do not move for the samples it does not win."""
    tool = re.match(r"[a-z]*", name)
    candidates = [(o, c) for o, c in pool if not o.startswith(tool.group() if tool else name)]
    if not candidates:
        raise ValueError("no other tool's sample")
    other, command = max(candidates, key=lambda oc: _weight(name, oc[0]))
    return other, f"{command} || true"


def beside_passing(path: Path, command: str, text: str) -> bytes:
    """The sample's failing step and a passing one that printed another tool's report (the `steps` variant)."""
    other, passed = passing_rival(path.name)
    rival = (passed, (DATA / other).read_text(errors="replace"), 0)
    failing = (command, text, 1)
    steps = [failing, rival] if zlib.crc32(path.name.encode()) >> 3 & 1 else [rival, failing]
    return framing.travis_commands(steps, say_passed=True)


def _on_jenkins(steps: list[tuple[str, str, int]]) -> bytes:
    return ciframing.jenkins_pipeline([(f"Stage {i + 1}", [step]) for i, step in enumerate(steps)])


def _on_azure(steps: list[tuple[str, str, int]]) -> bytes:
    return ciframing.azure_job([(step[0][:60], step) for step in steps])


def _on_gitlab_page(steps: list[tuple[str, str, int]]) -> bytes:
    return ciframing.gitlab_page([(command, output) for command, output, _ in steps])


def _on_cloudbuild(steps: list[tuple[str, str, int]]) -> bytes:
    return ciframing.cloudbuild_job([(f"step-{i}", "python:3.12", step) for i, step in enumerate(steps)])


def _on_codebuild(steps: list[tuple[str, str, int]]) -> bytes:
    return ciframing.codebuild_job([("BUILD", steps)])


def _on_teamcity(steps: list[tuple[str, str, int]]) -> bytes:
    return ciframing.teamcity_job([(f"step-{i}", step) for i, step in enumerate(steps)])


# The CIs of the `cisteps` variant, each a job of several steps (command, output, exit code).
OTHER_CIS: dict[str, Callable[[list[tuple[str, str, int]]], bytes]] = {
    "jenkins": _on_jenkins,
    "azure": _on_azure,
    "buildkite": ciframing.buildkite_job,
    "circleci": ciframing.circleci_job,
    "gitlab-page": _on_gitlab_page,
    "cloudbuild": _on_cloudbuild,
    "codebuild": _on_codebuild,
    "teamcity": _on_teamcity,
}


def ci_of(sample: str) -> str:
    """The CI the `cisteps` variant runs the sample's job on (crc32 of its name)."""
    return sorted(OTHER_CIS)[(zlib.crc32(sample.encode()) >> 5) % len(OTHER_CIS)]


def after_passing_on(path: Path, command: str, text: str) -> bytes:
    """The sample's failing step after a passing one that printed another tool's report, on another CI (`cisteps`)."""
    other, passed = passing_rival(path.name)
    rival = (passed, (DATA / other).read_text(errors="replace"), 0)
    return OTHER_CIS[ci_of(path.name)]([rival, (command, text, 1)])


def in_one_script(path: Path, command: str, text: str) -> bytes:
    """The sample's failing command after a rival forgiven by `|| true` in one traced script (the `scripted` variant):
    bash traces each simple command (`+ cmd`, xtraced) before it runs, and `true` once the rival failed."""
    other, passed = passing_rival(path.name)
    rival = (DATA / other).read_text(errors="replace")
    rival_ran = traced_run(other, passed.removesuffix(" || true"))
    traced = [*rival_ran, rival.rstrip("\n"), "+ true", *traced_run(path.name, command), text]
    output = "\n".join(traced)
    if zlib.crc32(path.name.encode()) >> 7 & 1:
        return framing.github_script(f"set -x\n{passed}\n{command}", output)
    return ciframing.buildkite_command(f"set -euxo pipefail\n{passed}\n{command}", [(output, 1)])


def judge(path: Path, command: str | None = None, variant: str = "framed") -> Outcome | None:
    """The sample's outcome, or None when the full rules do not decide it or no module reads it. The answer
    and the modules left out are those of the sample framed plainly; the variant frames the left-out run."""
    if path.name in passed_samples():  # no failing step's output (passing_outcomes)
        return None
    log = log_of(path, command)
    full = rule_verdict(extract_facts(log, deadline_s=None))
    modules = modules_reading(log)
    if not (full.decided or named_only(full)) or not modules:
        return None
    harder = log if variant in ("framed", "inherited") else harder_log(path, command, variant)
    left = rule_verdict(extract_facts(harder, deadline_s=None, leave_out=modules))
    return Outcome(
        sample=path.name,
        half=half_of(path.name),
        modules=sorted(modules),
        answer=full.category.value,
        proxy=left.category.value,
        decided=left.decided,
        why="" if left.decided else why_undecided(left),
        shown=wrapped_as(path.name) if variant == "wrapper" and harder != log else "",
        named=not full.decided,
    )


def named_only(verdict: RuleVerdict) -> bool:
    """Whether the rules name a category they never decide alone: the infrastructure (verdict.INFRA_ALONE), or the
    job's own service every failing test could not reach (verdict.OWN_SERVICE_ALONE, named test). The proxy cannot
    measure such a sample's decisions as right (the full rules decide nothing), but any decision of another kind with
    its modules left out is wrong: aggregate counts those apart."""
    # Asked as if test led (Category.TEST), not by the verdict's own category: an undecided verdict carrying the rule's
    # undiscounted signal counts apart even where another category outscored test, as it always has here, since the
    # full rules then still hold a cause (the job's own service) that no decision with modules left out may be held to.
    return not verdict.decided and (
        verdict.category is Category.INFRA or own_service_named(verdict.signals, Category.TEST) is not None
    )


def outcomes(framed: bool = True, workers: int = 2, variant: str = "framed") -> list[Outcome]:
    paths = sorted(p for p in DATA.iterdir() if p.suffix == ".txt")
    known = commands(inherit=variant != "framed") if framed else {}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        found = pool.map(judge, paths, [known.get(p.name) for p in paths], [variant] * len(paths), chunksize=16)
        return [o for o in found if o is not None]


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}%" if b else "-"


def half_table(mine: list[Outcome], half: str) -> list[str]:
    named = [o for o in mine if o.named]
    mine = [o for o in mine if not o.named]
    decided = [o for o in mine if o.decided]
    right = sum(o.proxy == o.answer for o in decided)
    lines = [
        f"{half} half: {len(mine)} samples from {len({m for o in mine for m in o.modules})} modules; "
        f"decided {len(decided)} ({_pct(len(decided), len(mine))}), right {right} ({_pct(right, len(decided))})",
        "",
        "| category | samples | decided | right |",
        "|---|---:|---:|---:|",
    ]
    for cat, n in Counter(o.answer for o in mine).most_common():
        dec = [o for o in decided if o.answer == cat]
        lines.append(f"| {cat} | {n} | {len(dec)} | {sum(o.proxy == cat for o in dec)} |")
    wrong = Counter(f"{o.answer} as {o.proxy}" for o in decided if o.proxy != o.answer)
    lines += ["", "wrong: " + (", ".join(f"{k} {n}" for k, n in wrong.most_common()) or "none"), ""]
    lines += [_named_line(named), ""]
    lines += _shown_split(mine)
    lines += ["| why the rules abstained | samples | categories |", "|---|---:|---|"]
    for why, n in Counter(o.why for o in mine if not o.decided).most_common():
        cats = Counter(o.answer for o in mine if o.why == why).most_common()
        lines.append(f"| {why} | {n} | {', '.join(f'{k} {c}' for k, c in cats)} |")
    return [*lines, ""]


def _named_line(named: list[Outcome]) -> str:
    """The samples the full rules only name (infra, the job's own service) and those decided as another kind."""
    other = [f"{o.sample} ({o.answer} as {o.proxy})" for o in named if o.decided and o.proxy != o.answer]
    return f"named, never decided alone: {len(named)} samples; decided as another kind: " + (", ".join(other) or "none")


def _shown_split(mine: list[Outcome]) -> list[str]:
    """The wrapper variant's samples by whether the shell's xtrace shows the command: decided and right of each."""
    shown = sorted({o.shown for o in mine if o.shown})
    if not shown:
        return []
    lines = ["| wrapper shows | samples | decided | right |", "|---|---:|---:|---:|"]
    for kind in [*shown, ""]:
        a = aggregate([o for o in mine if o.shown == kind])
        name = kind or "not wrapped (framed already, or no command)"
        lines.append(f"| {name} | {a['samples']} | {a['decided']} | {a['right']} |")
    return [*lines, ""]


def report(all_outcomes: list[Outcome]) -> str:
    lines: list[str] = []
    for half in HALVES:
        lines += half_table([o for o in all_outcomes if o.half == half], half)
    return "\n".join(lines)


def variants_table(found: dict[str, list[Outcome]]) -> str:
    """A row per variant: each half's samples, decided and right, and its wrong decisions."""
    lines = [
        "| variant | half | samples | decided | right | wrong | named only | named decided as another kind |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for variant, mine in found.items():
        # the wrapper variant again by whether the xtrace shows the command (its samples framed already aside)
        shown = [(f"{variant} {kind}", kind) for kind in sorted({o.shown for o in mine if o.shown})]
        for name, kind in [(variant, None), *shown]:
            for half in HALVES:
                a = aggregate([o for o in mine if o.half == half and kind in (None, o.shown)])
                share = f"{a['decided']} ({_pct(a['decided'], a['samples'])})"
                right = f"{a['right']} ({_pct(a['right'], a['decided'])})"
                wrong = a["decided"] - a["right"]
                named = f"{a['named']} | {a['named_as_other']}"
                lines.append(f"| {name} | {half} | {a['samples']} | {share} | {right} | {wrong} | {named} |")
    return "\n".join(lines)


def dump(found: list[Outcome], path: Path) -> None:
    """The fit half's outcomes, one JSON object a line (the check half is never written out)."""
    path.write_text("".join(o.model_dump_json() + "\n" for o in found if o.half == "fit"))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dump", type=Path, help="write the fit half's outcomes, one JSON object a line")
    parser.add_argument("--bare", action="store_true", help="the samples as stored, no Travis job around them")
    parser.add_argument("--json", action="store_true", help="print both halves' aggregates as JSON")
    parser.add_argument("--variant", choices=[*VARIANTS, "all"], default="framed", help="the job's framing")
    args = parser.parse_args(argv)
    chosen = VARIANTS if args.variant == "all" else (args.variant,)
    found = {v: outcomes(framed=not args.bare, variant=v) for v in chosen}
    if args.dump:
        for v, mine in found.items():
            dump(mine, args.dump if len(chosen) == 1 else args.dump.with_suffix(f".{v}{args.dump.suffix}"))
    if args.json:
        halves = {v: {h: aggregate([o for o in mine if o.half == h]) for h in HALVES} for v, mine in found.items()}
        print(json.dumps(halves if len(chosen) > 1 else halves[chosen[0]]))
    else:
        print(report(found[chosen[0]]) if len(chosen) == 1 else variants_table(found))
        print("\n" + passing_table(passing_outcomes()))
    return 0


def aggregate(mine: list[Outcome]) -> dict[str, int]:
    """The samples the full rules decide: how many, decided with their modules left out, right; and those the full
    rules only name (Outcome.named): how many, and decided as another kind with their modules left out."""
    named = [o for o in mine if o.named]
    mine = [o for o in mine if not o.named]
    decided = [o for o in mine if o.decided]
    return {
        "samples": len(mine),
        "decided": len(decided),
        "right": sum(o.proxy == o.answer for o in decided),
        "named": len(named),
        "named_as_other": sum(o.decided and o.proxy != o.answer for o in named),
    }


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
