"""Whether the source's Python packages are imported from the source itself (RepoFacts.editable), as a Go
workspace's modules or an npm workspace's packages are linked: the job installs the source editable (`pip install
-e .`, `pip install -e '.[test]'`, `python -m pip install --editable .`, `pipenv install -e .`; a project manager's
install of its project, `poetry install`, `uv sync`, `uv run`, `pdm install`; `python setup.py develop`; tox with
`usedevelop = true` or `package = editable` in tox.ini), or pytest's
`pythonpath` setting puts the folder that holds them on the import path (pyproject's [tool.pytest.ini_options] or
[tool.pytest], pytest.ini's [pytest], tox.ini's [pytest], setup.cfg's [tool:pytest]). Installed without `-e`, a
package is a copy of the source in site-packages that may lack what the source holds, so a name below it that is
missing (`No module named 'acme.util.tariff'`) is not known to be the code's; imported from the source, it is."""

from __future__ import annotations

import configparser
from collections.abc import Iterable, Sequence
from pathlib import Path

from remediate.facts.ci.model import Structure
from remediate.facts.lazyregex import Regex
from remediate.facts.manifests import read_manifest, read_toml, table_in
from remediate.facts.view import View

# pip's (and pipenv's, uv's `uv pip`) install of the source's own folder in editable mode, extras or not, among its
# other arguments: `pip install -r requirements.txt -e ".[test]"`, `python -m pip install --editable=.`.
_EDITABLE = Regex(
    r"\bpip(?:env|3(?:\.\d+)?)? install\b.{0,300}?\s(?:-e|--editable)(?:\s+|=)?(?P<q>['\"]?)\.(?:/)?"
    r"(?:\[[\w,.\- ]{0,100}\])?(?P=q)(?:\s|;|&|$)"
)
# A project manager's install of the project it manages, editable unless an option says otherwise (_OPTED_OUT):
# Poetry installs the root package as a `.pth` to the source (`Installing the current project: acme (0.1.0)`), uv
# and PDM build it editable (`__editable__.acme-0.1.0.pth`, `_editable_impl_acme.pth`), and `uv run` syncs it first.
_MANAGED = Regex(r"\b(?P<tool>poetry|uv|pdm) (?P<verb>install|sync|run)\b(?P<args>[^;&|\n]{0,300})")
# Each (tool, verb) that installs the project, and the options that leave it out or install it as a copy.
_OPTED_OUT: dict[tuple[str, str], tuple[str, ...]] = {
    ("poetry", "install"): ("--no-root",),
    ("poetry", "sync"): ("--no-root",),
    ("uv", "sync"): ("--no-install-project", "--no-install-workspace", "--no-editable", "--only-group", "--only-dev"),
    ("uv", "run"): ("--no-project", "--no-sync", "--no-editable", "--only-group", "--only-dev"),
    ("pdm", "install"): ("--no-self", "--no-editable"),
    ("pdm", "sync"): ("--no-self", "--no-editable"),
}
# setuptools' develop command: an egg-link from site-packages to the source (`Creating .../acme.egg-link (link to
# src)`).
_DEVELOP = Regex(r"\bsetup\.py\b[^;&|\n]{0,100}?\sdevelop\b")
# tox run as a command (`tox`, `tox -e py311`, `python -m tox`; not `pip install tox`): its environments install the
# source editable when tox.ini says so (_tox_develops).
_TOX = Regex(r"(?:^|&&|\|\||;)\s*(?:python[\d.]* -m )?tox(?:\s|$)")
# The values of tox.ini's settings that install the package editable: tox 3's `usedevelop`, tox 4's `package`.
_TRUE = ("true", "1", "yes", "on")
_EDITABLE_PACKAGE = ("editable", "editable-legacy")
# The INI files pytest reads its settings from, and their section (pytest's own rootdir/inifile rules).
_PYTEST_INI = (("pytest.ini", "pytest"), ("tox.ini", "pytest"), ("setup.cfg", "tool:pytest"))


def installs_editable(commands: Iterable[str], root: Path | None = None) -> bool:
    """Whether one of the job's commands installs the source itself editable: pip's `-e .` (_EDITABLE), a project
    manager's install of its project (_MANAGED), `setup.py develop`, or, with the source at `root`, tox whose
    tox.ini makes its environments install it editable."""
    commands = list(commands)
    if any(_pip_editable(c) or _manager_installs(c) or _DEVELOP.search(c) is not None for c in commands):
        return True
    return root is not None and any(_TOX.search(c) is not None for c in commands) and _tox_develops(root)


def _pip_editable(command: str) -> bool:
    return "install" in command and _EDITABLE.search(command) is not None


def _manager_installs(command: str) -> bool:
    """Whether the command is a project manager's install of its project, editable (_MANAGED, _OPTED_OUT)."""
    for m in _MANAGED.finditer(command):
        opted_out = _OPTED_OUT.get((m["tool"], m["verb"]))
        given = [arg.split("=", 1)[0] for arg in m["args"].split()]  # `--only-group=test` as `--only-group`
        if opted_out is not None and not any(option in given for option in opted_out):
            return True
    return False


def _tox_develops(root: Path) -> bool:
    """Whether tox.ini's [testenv] (or one of its [testenv:NAME] sections) installs the package editable:
    `usedevelop = true` (tox 3 and 4) or `package = editable` (tox 4)."""
    parser = configparser.RawConfigParser(strict=False, interpolation=None)
    try:
        parser.read_string(read_manifest(root, "tox.ini") or "")
    except configparser.Error:
        return False
    for section in parser.sections():
        if section != "testenv" and not section.startswith("testenv:"):
            continue
        develop = parser.get(section, "usedevelop", fallback="").strip().lower()
        package = parser.get(section, "package", fallback="").strip().lower()
        if develop in _TRUE or package in _EDITABLE_PACKAGE:
            return True
    return False


def job_commands(structure: Structure, view: View) -> list[str]:
    """The commands the CI shows the job running: its steps' titles (Travis' and GitLab's `$ cmd`, a traced
    `+ cmd`), the failing step's block, and the scripts it echoed in its steps' headers (a GitHub step's `run:`)."""
    commands = [title for _, title in structure.steps]
    commands += (structure.failing_command or "").splitlines()
    commands += [view.text(no) for a, b in structure.setup_ranges for no in range(a, b + 1)]
    return commands


def pytest_path_holds(root: Path, packages: Sequence[str]) -> bool:
    """Whether pytest's `pythonpath` setting names a folder of the source that holds one of `packages` (a package's
    folder or a module's file), read from the first of pytest's configuration files that has it."""
    if not packages:
        return False
    for entry in _pythonpath(root):
        folder = root / entry
        try:
            if not folder.resolve().is_relative_to(root.resolve()):
                continue
            if any((folder / p).is_dir() or (folder / f"{p}.py").is_file() for p in packages):
                return True
        except OSError:
            continue
    return False


def _pythonpath(root: Path) -> list[str]:
    """pytest's `pythonpath` entries, relative to the source's root: pyproject.toml's, else an INI file's."""
    pytest = table_in(table_in(read_toml(root, "pyproject.toml"), "tool"), "pytest")
    for table in (table_in(pytest, "ini_options"), pytest):
        value = table.get("pythonpath")
        if isinstance(value, str):
            return value.split()
        if isinstance(value, list):
            return [v for v in value if isinstance(v, str)]
    for name, section in _PYTEST_INI:
        parser = configparser.RawConfigParser(strict=False, interpolation=None)
        try:
            parser.read_string(read_manifest(root, name) or "")
        except configparser.Error:
            continue
        if parser.has_option(section, "pythonpath"):
            return parser.get(section, "pythonpath").split()
    return []
