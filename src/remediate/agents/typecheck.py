"""The types specialist: real type fixes for mypy and pyright, never an escape hatch."""

from remediate.agents.specialist import EDIT_TOOLS, Specialist
from remediate.models import Budget, Category

# Added lines the types specialist may not write (the harness's symptom guard covers type: ignore).
ESCAPE_HATCHES: tuple[tuple[str, str], ...] = (
    ("Any", r"(?:->|:|\[|,|\|)\s*(?:typing\.)?Any\b|\bimport\b.*\bAny\b|\btyping\.Any\b"),
    ("cast()", r"\b(?:typing\.)?cast\("),
    ("no_type_check", r"\bno_type_check\b"),
    ("type: ignore", r"#\s*type:\s*ignore"),
    ("pyright: ignore", r"#\s*pyright:\s*ignore"),
)

TYPES = Specialist(
    name="types",
    prompt="types.md",
    description="static type checker errors (mypy, pyright, tsc --noEmit): wrong annotations, unhandled None or "
    "undefined, wrong return types",
    categories=(Category.TYPE,),
    tools=EDIT_TOOLS,
    budget=Budget(tool_calls=16, model_calls=18, usd=0.40, seconds=300),
    writable=("*.py", "*.pyi"),
    writes="sources",
    context=("file_regions",),
    forbidden=ESCAPE_HATCHES,
)
