"""An eval case is a fixture directory: case.toml + src/ (the project) + ci.log + gold.patch
(+ cassette.json for offline runs). The project lives in src/ so that the gold patch and the
cassette are never inside the tree the agent can read."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from remediate.errors import BadInput
from remediate.evals import toolchains
from remediate.models import Category, Status


class CaseError(BadInput):
    pass


def _absolute(path: str) -> str:
    if not path.startswith("/"):
        raise ValueError(f"{path!r} is not an absolute path (a file of the machine, not of the case)")
    return path


AbsolutePath = Annotated[str, AfterValidator(_absolute)]


class CaseSpec(BaseModel):
    """The contents of case.toml."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    category: Category = Field(description="the failure's category; with `categories`, the first of them")
    categories: tuple[Category, ...] = Field(
        default=(), description="several independent failures in one job, in the order they are fixed"
    )
    language: str = Field(default="python", min_length=1, description="the project's language: eval report rows")
    description: str = Field(min_length=1)
    check: str = Field(min_length=1)
    protected: tuple[str, ...] = ()
    timeout_s: float = 300.0
    memory_mb: int = 4096
    # The fix's --setup: run once per attempt with network before the check (e.g. 'pip install -e .').
    setup: str | None = None
    # Made before the case runs, never committed (e.g. a project's own .venv): a shell command run in
    # src/ once (prepare.py), with network.
    prepare: str | None = None
    # The status a correct run ends in: `fixed` (a gold.patch passes), or e.g. `different_failure` for
    # a log whose failure the sandbox cannot reproduce (its ci.log comes from the CI-like run, and
    # it has no gold.patch).
    expect: Status = Status.FIXED
    tools: tuple[str, ...] = Field(
        default=(), description="executables the check needs beyond Python's; missing ones skip the case"
    )
    files: tuple[AbsolutePath, ...] = Field(
        default=(), description="the machine's files the check reads (e.g. a JUnit jar); missing ones skip the case"
    )
    image: str | None = Field(default=None, description="the container image a Dagger run of this case uses")

    @model_validator(mode="before")
    @classmethod
    def _one_category_field(cls, data: Any) -> Any:
        """case.toml says `category = "x"` or `categories = ["x", "y"]`, never both."""
        if not isinstance(data, dict):
            return data
        if ("category" in data) == ("categories" in data):
            raise ValueError("give exactly one of `category` or `categories`")
        if "categories" in data:
            given = list(data["categories"])
            if not given:
                raise ValueError("`categories` is empty")
            return {**data, "category": given[0]}
        return {**data, "categories": [data["category"]]}

    def toolchain(self) -> toolchains.Toolchain:
        """Where the check's tools are, or which tools and files are missing here."""
        return toolchains.resolve(self.tools, self.files)

    @property
    def several(self) -> bool:
        """Several independent failures in one job."""
        return len(self.categories) > 1


class Case(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    root: Path
    spec: CaseSpec

    @property
    def source(self) -> Path:
        return self.root / "src"

    @property
    def log(self) -> Path:
        return self.root / "ci.log"

    @property
    def gold_patch(self) -> Path:
        return self.root / "gold.patch"

    @property
    def cassette(self) -> Path:
        return self.root / "cassette.json"


def load_case(root: Path) -> Case:
    path = root / "case.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        spec = CaseSpec.model_validate(data)
    except (OSError, tomllib.TOMLDecodeError, ValidationError) as exc:
        raise CaseError(f"{path}: {exc}") from exc
    if not (root / "src").is_dir():
        raise CaseError(f"{root}: no src/ project directory")
    return Case(id=root.name, root=root, spec=spec)


def load_cases(fixtures: Path, pattern: str = "*") -> list[Case]:
    return [load_case(p.parent) for p in sorted(fixtures.glob(f"{pattern}/case.toml"))]
