"""A Python package the job imports from the source (installed editable, or on pytest's pythonpath): a module
missing strictly below it is the code's (RepoFacts.editable, facts/editable.py). Real pip 23 and pytest 9 output
of one project (pip23_install_editable_extras.txt, pytest9_own_submodule_missing.txt), framed in CI jobs."""

from __future__ import annotations

from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.facts.editable import installs_editable
from remediate.models import Category
from remediate.triage import rule_verdict
from remediate.triage.patterns import OWN_MODULE
from tests.facts import framing

DATA = Path(__file__).parent / "data"
PYTEST = "python -m pytest -p no:cacheprovider tests"
# The project the samples were made on (tests/facts/data/README.md): package acme, src layout, acme.util holds
# rates but not tariff, which acme.cart imports.
PROJECT = {
    "pyproject.toml": '[project]\nname = "acme"\nversion = "0.1.0"\n',
    "src/acme/__init__.py": '"""acme."""\n',
    "src/acme/util/__init__.py": "from acme.util.rates import RATE\n",
    "src/acme/util/rates.py": "RATE = 0.2\n",
    "src/acme/cart.py": "from acme.util.tariff import tariff\n",
    "tests/test_cart.py": "from acme.cart import total\n",
}


def _source(root: Path, extra: dict[str, str] | None = None) -> Path:
    for rel, text in {**PROJECT, **(extra or {})}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def _job(
    install: str, pip: str = "pip23_install_editable_extras.txt", tests: str = "pytest9_own_submodule_missing.txt"
) -> bytes:
    return framing.travis_commands([(install, (DATA / pip).read_text(), 0), (PYTEST, (DATA / tests).read_text(), 2)])


@pytest.mark.parametrize(
    "install", ["pip install -e '.[test]'", "python -m pip install --editable .", "pip install -e."]
)
def test_a_module_missing_below_a_package_installed_editable_is_the_build_s(tmp_path: Path, install: str) -> None:
    facts = extract_facts(_job(install), source=_source(tmp_path))
    assert facts.repo is not None and facts.repo.editable
    verdict = rule_verdict(facts)
    assert (verdict.category, verdict.decided) == (Category.BUILD, True), verdict.reason


def test_installed_as_a_copy_the_same_module_missing_is_not_known_to_be_the_code_s(tmp_path: Path) -> None:
    # `pip install .` copies the source to site-packages: the copy may lack what the source holds (a stale build).
    # pytest's frame is the copy's (real pip 23 and pytest 9 output of that install: site-packages/acme/cart.py)
    job = _job("pip install .", "pip23_install_copy_src_layout.txt", "pytest9_src_installed_copy_submodule_missing.txt")
    facts = extract_facts(job, source=_source(tmp_path))
    assert facts.repo is not None and not facts.repo.editable
    verdict = rule_verdict(facts)
    assert not verdict.decided and OWN_MODULE in verdict.reason


def test_a_github_step_s_script_that_installs_editable(tmp_path: Path) -> None:
    tests = (DATA / "pytest9_own_submodule_missing.txt").read_text()
    log = framing.github_steps([(f"pip install -e .[test]\n{PYTEST}", tests, 2)])
    facts = extract_facts(log, source=_source(tmp_path))
    assert facts.repo is not None and facts.repo.editable


@pytest.mark.parametrize(
    ("config", "linked"),
    [
        ({"pyproject.toml": PROJECT["pyproject.toml"] + '[tool.pytest.ini_options]\npythonpath = ["src"]\n'}, True),
        ({"pyproject.toml": PROJECT["pyproject.toml"] + '[tool.pytest.ini_options]\npythonpath = "lib"\n'}, False),
        ({"setup.cfg": "[tool:pytest]\npythonpath =\n    src\n"}, True),
        ({"pytest.ini": "[pytest]\npythonpath = . src\n"}, True),
        ({"pytest.ini": "[pytest]\npythonpath = ../elsewhere/src\n"}, False),  # outside the source
        ({"pytest.ini": "[pytest\npythonpath = src\n"}, False),  # does not parse
    ],
)
def test_pytest_s_pythonpath_imports_the_package_from_the_source(
    tmp_path: Path, config: dict[str, str], linked: bool
) -> None:
    (tmp_path / "elsewhere" / "src" / "acme").mkdir(parents=True)
    facts = extract_facts(_job("pip install pytest"), source=_source(tmp_path / "repo", config))
    assert facts.repo is not None and facts.repo.editable is linked
    # (the sample's frame, src/acme/cart.py, shows the source imported whatever the settings: owner.imported_from_source)
    assert rule_verdict(facts).decided


@pytest.mark.parametrize(
    ("command", "editable"),
    [
        ('pip install -r requirements.txt -e ".[dev,test]"', True),
        ("pip3 install --editable=./ && pytest", True),
        ("pipenv install -e .", True),
        ("uv pip install -e .", True),
        ("pip install -e ../shared", False),  # another folder, not the source
        ("pip install -e git+https://github.com/acme/util.git#egg=util", False),
        ("pip install .", False),
        ("pip install -e .venv-tools", False),
        ("poetry install", True),
        ("poetry install --no-interaction --with test", True),
        ("pip install poetry && poetry install --no-root", False),
        ("poetry sync", True),
        ("poetry run pytest", False),
        ("uv sync --group test", True),
        ("uv sync --locked --no-install-project", False),
        ("uv sync --no-editable", False),
        ("uv sync --only-group=lint", False),
        ("uv run pytest tests", True),
        ("uv run --no-project pytest", False),
        ("uv pip sync requirements.txt", False),
        ("pdm install -G test", True),
        ("pdm install --no-self", False),
        ("pdm sync --no-editable", False),
        ("pdm run pytest", False),
        ("python setup.py develop", True),
        ("python3 setup.py build_ext --inplace develop", True),
        ("python setup.py install", False),
        ("tox -e py311", False),  # tox's environments install editable only where tox.ini says so (a source)
    ],
)
def test_which_commands_install_the_source_editable(command: str, editable: bool) -> None:
    assert installs_editable([command]) is editable


@pytest.mark.parametrize(
    ("tox_ini", "command", "editable"),
    [
        ("[testenv]\nusedevelop = true\ndeps = pytest\n", "tox -e py311", True),
        ("[testenv]\nusedevelop = True\n", "python -m tox", True),
        ("[tox]\nenvlist = py311\n[testenv:py311]\npackage = editable\n", "pip install tox && tox", True),
        ("[testenv]\nusedevelop = false\n", "tox -e py311", False),
        ("[testenv]\npackage = wheel\n", "tox", False),
        ("[testenv]\nusedevelop = true\n", "pip install tox", False),  # tox installed, not run
        ("[flake8]\nusedevelop = true\n", "tox", False),  # no tox environment's setting
    ],
)
def test_tox_installs_the_source_editable_where_tox_ini_says_so(
    tmp_path: Path, tox_ini: str, command: str, editable: bool
) -> None:
    (tmp_path / "tox.ini").write_text(tox_ini)
    assert installs_editable([command], tmp_path) is editable


# Each project manager's real install of the same project (tests/facts/data/README.md), then pytest's collection
# error for the module missing below its package.
MANAGED = [
    ("poetry251_install_root.txt", "poetry install --no-ansi"),
    ("uv0139_sync.txt", "uv sync --group test"),
    ("pdm2294_install.txt", "pdm install -G test"),
    ("setuptools65_setup_py_develop.txt", "python setup.py develop"),
]


@pytest.mark.parametrize(("sample", "install"), MANAGED)
def test_a_project_manager_s_install_links_the_package(tmp_path: Path, sample: str, install: str) -> None:
    tests = (DATA / "pytest9_own_submodule_missing.txt").read_text()
    log = framing.travis_commands([(install, (DATA / sample).read_text(), 0), (PYTEST, tests, 2)])
    facts = extract_facts(log, source=_source(tmp_path))
    assert facts.repo is not None and facts.repo.editable
    verdict = rule_verdict(facts)
    assert (verdict.category, verdict.decided) == (Category.BUILD, True), verdict.reason


def test_setup_py_develop_links_the_src_layout_of_a_project_without_pyproject(tmp_path: Path) -> None:
    # the project the sample was made on: setup.py alone names it (package_dir={"": "src"})
    setup_py = 'from setuptools import find_packages, setup\n\nsetup(name="acme", version="0.1.0", package_dir={"": "src"}, packages=find_packages("src"))\n'
    root = _source(tmp_path, {"setup.py": setup_py})
    (root / "pyproject.toml").unlink()
    tests = (DATA / "pytest9_own_submodule_missing.txt").read_text()
    develop = (DATA / "setuptools65_setup_py_develop.txt").read_text()
    log = framing.travis_commands([("python setup.py develop", develop, 0), (PYTEST, tests, 2)])
    facts = extract_facts(log, source=root)
    assert facts.repo is not None and facts.repo.editable
    assert [(m.name, m.manifest) for m in facts.repo.modules] == [("acme", "setup.py")]
    verdict = rule_verdict(facts)
    assert (verdict.category, verdict.decided) == (Category.BUILD, True), verdict.reason


@pytest.mark.parametrize(
    ("sample", "install"),
    [
        ("poetry251_install_no_root.txt", "poetry install --no-ansi --no-root"),
        ("uv0139_sync_no_install_project.txt", "uv sync --group test --no-install-project"),
    ],
)
def test_a_project_manager_told_not_to_install_the_project_links_nothing(
    tmp_path: Path, sample: str, install: str
) -> None:
    tests = (DATA / "pytest9_own_submodule_missing.txt").read_text()
    log = framing.travis_commands([(install, (DATA / sample).read_text(), 0), (PYTEST, tests, 2)])
    facts = extract_facts(log, source=_source(tmp_path))
    assert facts.repo is not None and not facts.repo.editable
    assert facts.repo.linked_names() == []


@pytest.mark.parametrize(
    ("develop", "sample", "linked"),
    [
        ("usedevelop = true", "tox46717_usedevelop_own_submodule_missing.txt", True),
        ("", "tox46717_package_own_submodule_missing.txt", False),  # an sdist installed: a copy
    ],
)
def test_tox_s_run_of_pytest_in_an_environment_installed_editable(
    tmp_path: Path, develop: str, sample: str, linked: bool
) -> None:
    tox_ini = f"[tox]\nenvlist = py311\n\n[testenv]\n{develop}\ndeps = pytest\ncommands = pytest tests\n"
    log = framing.travis_commands([("tox -e py311", (DATA / sample).read_text(), 2)])
    facts = extract_facts(log, source=_source(tmp_path, {"tox.ini": tox_ini}))
    assert facts.repo is not None and facts.repo.editable is linked
    assert rule_verdict(facts).decided is linked
