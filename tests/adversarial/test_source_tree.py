"""The hostile logs read with a project tree (extract_facts' `source`): the fixtures' real logs, their records'
places rewritten to reach the code that reads the source (line 0, negative, out of range, past the file's end; a path
escaping the tree with `..`, an absolute one, one through a symlink leading out of it, a symlink loop) and GNU make's
verdict naming such a Makefile line, then through the mutations of mutations.py. Each tree is a fixture's real project
copied, with symlinks out of it (a file, a folder, a manifest, a Makefile) to a folder beside it that holds what the
log names. Property: no exception; the facts validate; nothing outside the tree is opened or listed (an audit hook
watches `open` and directory listings) or named in the facts. Deterministic: fixed seeds, a bounded example count."""

from __future__ import annotations

import random
import re
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from remediate.facts import extract_facts
from remediate.models import Facts, RepoFacts
from remediate.triage import route_by_rules, rule_verdict
from tests.adversarial.mutations import MUTATIONS, mutated

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
# One real project per language the source readers know (Python, C with a Makefile, Go, Rust, TypeScript, Java).
PROJECTS = (
    "py-renamed-function",
    "c-make-header-signature",
    "go-build-renamed-method",
    "rust-build-borrow",
    "ts-tsc-possibly-undefined",
    "java-javac-cannot-find-symbol",
)
EXAMPLES = 60
SECRET = "outside_secret"  # in every file name beside the tree: none may be opened, listed or named

# A place a tool prints (`src/lib.rs:54:9`, `tests/test_invoice.py:19:`), its path and its line.
_PLACE = re.compile(rb"(?P<path>[\w./-]+\.\w+):(?P<line>\d+)")
_LINES = [b"0", b"-1", b"-0", b"99999999999999999999", b"9" * 40, b"100000"]


def _outside(base: Path) -> Path:
    """The folder beside the trees, with files the hostile places name (a manifest, a Makefile, a source file)."""
    outside = base / SECRET
    outside.mkdir(exist_ok=True)
    (outside / f"{SECRET}.py").write_text("TOKEN = 'x'\n")
    (outside / "Makefile").write_text(f"test:\n\tcat {SECRET}\n")
    (outside / "package.json").write_text(f'{{"name": "{SECRET}", "workspaces": ["*"]}}\n')
    (outside / "tox.ini").write_text("[testenv]\nusedevelop = true\n")
    (outside / "go.mod").write_text(f"module example.com/{SECRET}\n")
    return outside


def _tree(base: Path, project: str, outside: Path) -> Path:
    """The fixture's project copied, with symlinks leading out of it and a workspace list that reaches out."""
    tree = base / project
    shutil.copytree(FIXTURES / project / "src", tree, symlinks=True)
    (tree / "escape").symlink_to(outside, target_is_directory=True)
    (tree / "leak.py").symlink_to(outside / f"{SECRET}.py")
    (tree / "loop").symlink_to(tree / "loop")
    (tree / "tools").mkdir(exist_ok=True)
    (tree / "tools" / "Makefile").symlink_to(outside / "Makefile")
    (tree / "pnpm-workspace.yaml").write_text(f"packages:\n  - '../{SECRET}'\n  - '{outside}'\n  - 'escape/*'\n")
    for manifest in ("tox.ini", "package.json", "go.mod"):
        if not (tree / manifest).exists():
            (tree / manifest).symlink_to(outside / manifest)
    return tree


@pytest.fixture(scope="module")
def trees(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("source_trees")
    outside = _outside(base)
    return {project: _tree(base, project, outside) for project in PROJECTS}


def _hostile_paths(outside: Path) -> list[bytes]:
    return [
        f"../../{SECRET}/{SECRET}.py".encode(),
        f"src/../../{SECRET}/Makefile".encode(),
        str(outside / f"{SECRET}.py").encode(),
        f"escape/{SECRET}.py".encode(),
        b"leak.py",
        b"loop/loop/x.py",
        b"/etc/passwd",
        b"C:\\..\\..\\Windows\\win.ini",
    ]


def hostile_places(raw: bytes, outside: Path, rng: random.Random) -> bytes:
    """The log's places with their path, their line or both made hostile, and GNU make's verdicts naming them."""
    paths = _hostile_paths(outside)

    def place(m: re.Match[bytes]) -> bytes:
        path = rng.choice(paths) if rng.random() < 0.5 else m["path"]
        line = rng.choice(_LINES) if rng.random() < 0.7 else m["line"]
        return path + b":" + line

    makefiles = [b"Makefile", b"tools/Makefile", b"escape/Makefile", *paths]
    verdicts = [b"make: *** [" + rng.choice(makefiles) + b":" + rng.choice([b"1", b"2", b"99999999999999999999"])]
    return _PLACE.sub(place, raw) + b"\n" + verdicts[0] + b": test] Error 2\n"


class _Watch:
    """The paths opened or listed while `on`, from the interpreter's audit events (a hook cannot be removed: it
    records only while a test turns it on)."""

    def __init__(self) -> None:
        self.on = False
        self.seen: list[str] = []
        sys.addaudithook(self._hook)

    def _hook(self, event: str, args: tuple[object, ...]) -> None:
        if self.on and event in ("open", "os.scandir", "os.listdir") and args and isinstance(args[0], (str, Path)):
            self.seen.append(str(args[0]))

    def outside(self, outside: Path) -> list[str]:
        return [p for p in self.seen if SECRET in p or Path(p).resolve().is_relative_to(outside.resolve())]

    @contextmanager
    def watching(self) -> Iterator[None]:
        self.seen, self.on = [], True
        try:
            yield
        finally:
            self.on = False


_WATCH = _Watch()


@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
@given(
    project=st.sampled_from(PROJECTS),
    name=st.sampled_from(["none", *sorted(MUTATIONS)]),
    seed=st.integers(0, 2**16),
)
def test_facts_with_a_source_tree_of_a_hostile_log(trees: dict[str, Path], project: str, name: str, seed: int) -> None:
    tree = trees[project]
    outside = tree.parent / SECRET
    raw = hostile_places((FIXTURES / project / "ci.log").read_bytes(), outside, random.Random(seed))
    raw = raw if name == "none" else mutated(raw, name, seed)
    with _WATCH.watching():
        facts = extract_facts(raw, source=tree, deadline_s=None)
    assert not _WATCH.outside(outside), _WATCH.outside(outside)
    assert Facts.model_validate_json(facts.model_dump_json()) == facts
    repo = facts.repo or RepoFacts()  # none for an empty log (cut at its first line)
    assert facts.repo is not None or facts.log_bytes == 0
    named = [*repo.tree, *(m.name for m in repo.modules), *(m.manifest for m in repo.modules)]
    assert not [n for n in named if SECRET in n], named
    # a file the facts say the tree holds is a file inside it (a record's other paths are the log's, as printed)
    held = [f for f in repo.files_named if not (tree / f).resolve().is_relative_to(tree.resolve())]
    assert not held, held
    rule_verdict(facts)
    route_by_rules(facts)
