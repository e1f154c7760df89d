"""The tool surface over a real local sandbox: validation, paths, caps, redaction, edits."""

from __future__ import annotations

from pathlib import Path

import pytest

from remediate.facts.redact import Redactor
from remediate.sandbox.local import open_local_sandbox
from remediate.tools import TOOL_SPECS, CheckCommand, PathPolicy, Toolbox, ToolName, cap
from tests.conftest import needs_bwrap
from tests.helpers import TOOL_PATHS, make_project

pytestmark = needs_bwrap

ALL = tuple(ToolName)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(
        tmp_path / "proj",
        {
            "src/app.py": "def add(a, b):\n    return a - b\n",
            "tests/test_app.py": "from app import add\n\ndef test_add():\n    assert add(1, 2) == 3\n",
            "pyproject.toml": "[tool.pytest.ini_options]\npythonpath = ['src']\n",
            "notes.txt": "deploy token ghp_" + "a1B2" * 9 + "\n",
        },
    )


async def _box(sandbox: object, **kw: object) -> Toolbox:
    return Toolbox(
        sandbox=sandbox,  # type: ignore[arg-type]
        check=CheckCommand(argv=["/bin/sh", "-c", "python -m pytest -q -p no:cacheprovider"]),
        names=ALL,
        **kw,  # type: ignore[arg-type]
    )


def test_schemas_are_json_schema_objects_without_titles() -> None:
    for spec in TOOL_SPECS.values():
        definition = spec.definition()
        assert definition["input_schema"]["type"] == "object"
        assert "title" not in definition["input_schema"]
        assert definition["description"]
    assert TOOL_SPECS[ToolName.EDIT_FILE].definition()["input_schema"]["required"] == ["path", "old_text", "new_text"]


async def test_read_edit_run_check_finish(project: Path) -> None:
    async with open_local_sandbox(project, tool_paths=TOOL_PATHS) as sb:
        box = await _box(sb)
        read = await box.execute("read_file", {"path": "src/app.py"})
        assert not read.is_error and "2|     return a - b" in read.content
        failed = await box.execute("run_check", {})
        assert not failed.is_error and failed.content.startswith("check FAILED") and failed.exit_code == 1
        edit = await box.execute("edit_file", {"path": "src/app.py", "old_text": "a - b", "new_text": "a + b"})
        assert not edit.is_error, edit.content
        passed = await box.execute("run_check", {})
        assert passed.content.startswith("check PASSED"), passed.content
        done = await box.execute("finish", {"root_cause": "minus", "summary": "plus", "fixed": True})
        assert done.finish is not None and done.finish.fixed
        assert "+    return a + b" in await sb.diff()
    assert (project / "src/app.py").read_text() == "def add(a, b):\n    return a - b\n"


@pytest.mark.parametrize(
    ("name", "args", "needle"),
    [
        ("shell", {"cmd": "ls"}, "unknown tool 'shell'"),
        ("read_file", {}, "invalid input for read_file: path: Field required"),
        ("read_file", {"path": "a", "bogus": 1}, "Extra inputs are not permitted"),
        ("read_file", {"path": "/etc/passwd"}, "absolute paths are not allowed"),
        ("read_file", {"path": "../../etc/passwd"}, "escapes the project root"),
        ("read_file", {"path": "src/\x00app.py"}, "NUL"),
        ("read_file", {"path": "missing.py"}, "missing.py"),
        ("edit_file", {"path": "tests/test_app.py", "old_text": "3", "new_text": "-1"}, "protected"),
        ("write_file", {"path": ".github/workflows/ci.yml", "content": "x"}, "protected"),
        ("edit_file", {"path": "src/app.py", "old_text": "nope", "new_text": "x"}, "not found"),
        ("edit_file", {"path": "src/app.py", "old_text": "a", "new_text": "x"}, "occurs"),
        ("edit_file", {"path": "src/app.py", "old_text": "a - b", "new_text": "a +"}, "would not parse"),
        ("search", {"pattern": "("}, "regular expression"),
    ],
)
async def test_bad_calls_become_is_error_results(
    project: Path, name: str, args: dict[str, object], needle: str
) -> None:
    async with open_local_sandbox(project, tool_paths=TOOL_PATHS) as sb:
        box = await _box(sb)
        outcome = await box.execute(name, args)
        assert outcome.is_error, outcome.content
        assert needle.lower() in outcome.content.lower(), outcome.content
        assert (await sb.read("src/app.py")) == "def add(a, b):\n    return a - b\n"


async def test_tool_not_offered_to_this_specialist_is_unknown(project: Path) -> None:
    async with open_local_sandbox(project, tool_paths=TOOL_PATHS) as sb:
        box = Toolbox(sandbox=sb, check=CheckCommand(argv=["true"]), names=(ToolName.READ_FILE, ToolName.FINISH))
        outcome = await box.execute("write_file", {"path": "src/x.py", "content": "x = 1\n"})
        assert outcome.is_error and "unknown tool" in outcome.content


async def test_allow_edit_opens_a_protected_path(project: Path) -> None:
    async with open_local_sandbox(project, tool_paths=TOOL_PATHS) as sb:
        box = await _box(sb, policy=PathPolicy(allow_edit=("tests/**",)))
        outcome = await box.execute(
            "edit_file", {"path": "tests/test_app.py", "old_text": "== 3", "new_text": "== 3.0"}
        )
        assert not outcome.is_error, outcome.content


async def test_outputs_are_redacted_and_capped(project: Path) -> None:
    async with open_local_sandbox(project, tool_paths=TOOL_PATHS) as sb:
        box = await _box(sb, redactor=Redactor())
        read = await box.execute("read_file", {"path": "notes.txt"})
        assert "ghp_" not in read.content and "[REDACTED:github_token]" in read.content
        assert read.redactions == 1
        await sb.write("big.txt", ("x" * 100 + "\n") * 2000)
        big = await box.execute("search", {"pattern": "x+"})
        assert big.truncated and len(big.content) < 13_000


def test_cap_keeps_head_and_tail() -> None:
    text = "HEAD" + "." * 100 + "TAIL"
    capped, truncated = cap(text, 40)
    assert truncated and capped.startswith("HEAD") and capped.endswith("TAIL") and "elided" in capped
