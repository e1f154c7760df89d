"""Whether the source's Python packages are imported from the source itself (RepoFacts.editable), as a Go
workspace's modules or an npm workspace's packages are linked: the job installs the source editable (`pip install
-e .`, `pip install -e '.[test]'`, `python -m pip install --editable .`, `pipenv install -e .`), or pytest's
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
# The INI files pytest reads its settings from, and their section (pytest's own rootdir/inifile rules).
_PYTEST_INI = (("pytest.ini", "pytest"), ("tox.ini", "pytest"), ("setup.cfg", "tool:pytest"))


def installs_editable(commands: Iterable[str]) -> bool:
    """Whether one of the job's commands installs the source itself editable (_EDITABLE)."""
    return any("install" in c and _EDITABLE.search(c) is not None for c in commands)


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
