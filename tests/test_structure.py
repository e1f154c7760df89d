"""The code's shape: no function in src/ is longer than a screen."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

# About a screen: a function that reads whole as its own outline. Counted from the `def` line to
# the last line, docstring and comments included (decorators are not): what a reader scrolls through.
MAX_FUNCTION_LINES = 50


def long_functions(root: Path, limit: int = MAX_FUNCTION_LINES) -> list[str]:
    """`path:line name (N lines)` for every function (methods and nested ones too) over `limit` lines."""
    found: list[str] = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > limit:
                    found.append(f"{path.relative_to(root.parent)}:{node.lineno} {node.name} ({length} lines)")
    return found


def test_no_function_in_src_is_longer_than_a_screen() -> None:
    too_long = long_functions(ROOT / "src")
    assert not too_long, f"functions over {MAX_FUNCTION_LINES} lines; split each into named steps: " + "; ".join(
        too_long
    )


def test_the_count_runs_from_def_to_the_last_line(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    module = """\
@decorated
def short():
    \"\"\"Doc.\"\"\"
    a = 1

    return a


class C:
    async def method(self):
        def inner():
            return 1
        return inner
"""
    (src / "m.py").write_text(module, encoding="utf-8")
    # short: from `def` (line 2, its decorator is not counted) to `return a`, the blank line within
    assert long_functions(src, limit=3) == ["src/m.py:2 short (5 lines)", "src/m.py:10 method (4 lines)"]
    assert long_functions(src, limit=4) == ["src/m.py:2 short (5 lines)"]
    assert long_functions(src, limit=5) == []
