"""Prompt documents: `prompts/<name>` at the repository root, carried inside the wheel as
`remediate/prompts/<name>`. Both places are tried so an editable install, a wheel and the
Dagger runtime (which installs the module source) all find them."""

from __future__ import annotations

from pathlib import Path

from remediate.errors import RemediateError

_HERE = Path(__file__).resolve().parent
SEARCH_PATH = (_HERE / "prompts", _HERE.parent.parent / "prompts")


class PromptMissing(RemediateError):
    pass


def prompt_path(name: str) -> Path:
    if "/" in name or name.startswith("."):
        raise PromptMissing(f"prompt names are plain file names, got {name!r}")
    for folder in SEARCH_PATH:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    raise PromptMissing(f"prompt {name!r} not found in {', '.join(str(p) for p in SEARCH_PATH)}")


def load_prompt(name: str) -> str:
    return prompt_path(name).read_text(encoding="utf-8")
