"""The Dockerfile specialist: build failures, lint findings, layers and size, without changing
what the image does. Facts (hadolint, layers, cache hygiene) are computed before the loop."""

from remediate.agents.specialist import Specialist
from remediate.models import Budget, Category
from remediate.tools import DEFAULT_PROTECTED, ToolName

DOCKERFILE = Specialist(
    name="dockerfile",
    prompt="dockerfile.md",
    description="Dockerfile and image problems: failing docker builds, hadolint findings, layer count, image size",
    categories=(Category.DOCKERFILE,),
    tools=(
        ToolName.READ_FILE,
        ToolName.SEARCH,
        ToolName.EDIT_FILE,
        ToolName.WRITE_FILE,
        ToolName.RUN_CHECK,
        ToolName.FINISH,
    ),
    budget=Budget(tool_calls=14, model_calls=16, usd=0.40, seconds=300),
    writable=("Dockerfile", "Dockerfile.*", "*.dockerfile", "Containerfile", ".dockerignore"),
    protected=(*DEFAULT_PROTECTED, ".hadolint.yaml", ".hadolint.yml"),
    context=("dockerfile",),
)
