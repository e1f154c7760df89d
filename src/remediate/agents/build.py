"""The build specialist: code that does not compile (gcc/make, go build/vet, cargo build, javac).
The first error is the target, not the cascade the compiler prints after it."""

from remediate.agents.specialist import EXPLORE_TOOLS, Specialist
from remediate.models import Budget, Category

# Ways to make a compiler stop complaining without making the code right.
BUILD_ESCAPES: tuple[tuple[str, str], ...] = (
    ("warnings silenced", r"-Wno-error\b|(?:^|\s)-w(?:\s|$)|#\s*pragma\s+(?:GCC|clang)\s+diagnostic\s+ignored"),
    ("warning suppression", r"@SuppressWarnings\(\s*\"all\"|-nowarn\b|-Xlint:none"),
    ("rust allow", r"#!?\[allow\("),
    ("go build tag excludes the file", r"^//\s*(?:go:build|\+build)\s+ignore\b"),
    ("unsafe escape", r"\bunsafe\s*\{|\bstd::mem::transmute\b"),
)

BUILD = Specialist(
    name="build",
    prompt="build.md",
    description="compile and build errors (gcc/clang and make, go build and go vet, cargo build and the borrow "
    "checker, javac): code that does not compile or link; the first error, not the cascade",
    categories=(Category.BUILD,),
    tools=EXPLORE_TOOLS,
    budget=Budget(tool_calls=16, model_calls=18, usd=0.40, seconds=300),
    writes="build",
    context=("file_regions",),
    forbidden=BUILD_ESCAPES,
)
