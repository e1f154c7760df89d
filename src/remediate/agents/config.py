"""The configuration specialist: configuration files that do not parse or hold a wrong value."""

from remediate.agents.specialist import EDIT_TOOLS, Specialist
from remediate.models import Budget, Category

CONFIG = Specialist(
    name="config",
    prompt="config.md",
    description="configuration files that fail to parse or load (YAML, TOML, JSON, INI): syntax, duplicates, tabs",
    categories=(Category.CONFIG,),
    tools=EDIT_TOOLS,
    budget=Budget(tool_calls=10, model_calls=12, usd=0.10, seconds=240),
    writable=("*.toml", "*.yaml", "*.yml", "*.json", "*.ini", "*.cfg", "*.conf"),
    context=("config_files", "file_regions"),
    model="claude-haiku-5-5",
)
