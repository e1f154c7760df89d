"""The lint and format specialist: the language's own safe fixers first (ruff, eslint --fix,
prettier, gofmt, rustfmt: agents/languages.py), the model only for what remains."""

from remediate.agents.specialist import EDIT_TOOLS, Specialist
from remediate.models import Budget, Category

PYTHON_SOURCES = ("*.py", "*.pyi")

LINT = Specialist(
    name="lint",
    prompt="lint.md",
    description="linter and formatter failures (ruff, flake8, pylint, black, eslint, prettier, gofmt, rustfmt, "
    "clippy): style and static rule violations",
    categories=(Category.LINT, Category.FORMAT),
    tools=EDIT_TOOLS,
    budget=Budget(tool_calls=12, model_calls=12, usd=0.10, seconds=240),
    writable=PYTHON_SOURCES,
    writes="sources",
    context=("file_regions",),
    model="claude-haiku-5-5",
)
