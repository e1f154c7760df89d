"""The dependencies specialist: missing, misplaced or conflicting requirements, fixed where they
are declared, and verified by re-running the install step before the check."""

from remediate.agents.specialist import EDIT_TOOLS, Specialist
from remediate.models import Budget, Category

DECLARATION_FILES = (
    "pyproject.toml",
    "requirements*.txt",
    "requirements/*.txt",
    "constraints*.txt",
    "setup.cfg",
)

# The install step, offline: every requirement the project declares ([project].dependencies,
# optional dependencies, dependency groups, requirements*.txt) must resolve with pip against the
# check's environment, without an index. A name that does not exist, a version that is not there
# or two requirements that conflict fail here, before the check runs.
_COLLECT = r"""
import pathlib, re, sys, tomllib
out = []
root = pathlib.Path(".")
py = root / "pyproject.toml"
if py.is_file():
    data = tomllib.loads(py.read_text(encoding="utf-8"))
    project = data.get("project", {})
    out += project.get("dependencies", [])
    for extra in project.get("optional-dependencies", {}).values():
        out += extra
    for group in data.get("dependency-groups", {}).values():
        out += [item for item in group if isinstance(item, str)]
for req in sorted(root.glob("requirements*.txt")) + sorted(root.glob("requirements/*.txt")):
    for line in req.read_text(encoding="utf-8").splitlines():
        line = line.split(" #", 1)[0].strip()
        if line and not line.startswith(("#", "-")) and "://" not in line:
            out.append(line)
own = re.sub(r"[-_.]+", "-", str(data.get("project", {}).get("name", ""))).lower() if py.is_file() else ""
seen = []
for item in out:
    name = re.split(r"[\s\[<>=!~;@(]", item.strip(), maxsplit=1)[0]
    if re.sub(r"[-_.]+", "-", name).lower() != own and item not in seen:
        seen.append(item)
print("\n".join(seen))
""".strip()

INSTALL_STEP = f"""REQS=/tmp/remediate-declared-requirements.txt
python - > "$REQS" <<'REMEDIATE_PY' || {{ echo "install step: could not read the declared dependencies"; exit 3; }}
{_COLLECT}
REMEDIATE_PY
if [ -s "$REQS" ]; then
  python -m pip install --dry-run --no-index --no-cache-dir --disable-pip-version-check --quiet -r "$REQS" \\
    || {{ echo "install step FAILED: the declared dependencies do not resolve (pip --dry-run --no-index)"; exit 3; }}
  echo "install step: $(wc -l < "$REQS") declared requirement(s) resolve"
fi"""

DEPENDENCIES = Specialist(
    name="dependencies",
    prompt="dependencies.md",
    description="missing, undeclared, misplaced or conflicting dependencies (deptry, pip, ModuleNotFoundError "
    "for a third-party package)",
    categories=(Category.DEPENDENCY,),
    tools=EDIT_TOOLS,
    budget=Budget(tool_calls=10, model_calls=12, usd=0.10, seconds=240),
    writable=DECLARATION_FILES,
    writes="declarations",
    context=("dependencies", "file_regions"),
    install=INSTALL_STEP,
    model="claude-haiku-5-5",
)
