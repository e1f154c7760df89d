"""The lint and format specialist: ruff's own safe fixers first, the model only for what remains."""

from remediate.agents.specialist import FILES, PrefixStep, Specialist
from remediate.models import Budget, Category
from remediate.tools import ToolName

PYTHON_SOURCES = ("*.py", "*.pyi")

LINT = Specialist(
    name="lint",
    prompt="lint.md",
    description="linter and formatter failures (ruff, flake8, pylint, black, isort): style and static rule violations",
    categories=(Category.LINT, Category.FORMAT),
    tools=(ToolName.READ_FILE, ToolName.SEARCH, ToolName.EDIT_FILE, ToolName.RUN_CHECK, ToolName.FINISH),
    budget=Budget(tool_calls=12, model_calls=12, usd=0.10, seconds=240),
    writable=PYTHON_SOURCES,
    prefix=(
        PrefixStep(
            argv=("ruff", "check", "--fix", "--no-unsafe-fixes", "--force-exclude", "--quiet", "--", FILES),
            categories=(Category.LINT,),
            tools=("ruff",),
            description="ruff's safe automatic fixes, on the files the failure names",
        ),
        PrefixStep(
            argv=("ruff", "format", "--force-exclude", "--quiet", "--", FILES),
            categories=(Category.FORMAT,),
            tools=("ruff",),
            description="ruff format with the project's own settings, on the files the failure names",
        ),
    ),
    context=("file_regions",),
    model="claude-haiku-5-5",
)
