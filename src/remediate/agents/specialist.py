"""A specialist is data: a prompt, a small tool subset, a budget, what it may write, and the
deterministic fixers that run before any model call."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from remediate.models import Budget, Category
from remediate.tools import DEFAULT_PROTECTED, PathPolicy, ToolName


class Specialist(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    prompt: str = Field(description="file name in prompts/")
    categories: tuple[Category, ...]
    tools: tuple[ToolName, ...]
    budget: Budget = Field(default_factory=Budget)
    writable: tuple[str, ...] | None = None
    protected: tuple[str, ...] = DEFAULT_PROTECTED
    prefix: tuple[str, ...] = Field(default=(), description="shell commands run before the model")
    model: str | None = Field(default=None, description="overrides the run's model")

    def policy(self, allow_edit: tuple[str, ...] = ()) -> PathPolicy:
        return PathPolicy(protected=self.protected, allow_edit=allow_edit, writable=self.writable)
