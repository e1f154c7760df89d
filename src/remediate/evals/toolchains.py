"""Where a fixture's toolchain comes from: the project's own install (`make toolchains`: npm
packages under toolchains/node, Debian's golang-go and junit) or the machine's PATH (cargo via
rustup). A case names the executables its check needs (case.toml `tools`); each is found here
and its directory is bound read-only into the sandbox. It also names the machine's files its
check reads that no executable brings (`files`, e.g. Debian's JUnit jar under /usr, which the
sandbox sees read-only). A case whose tool or file cannot be found is skipped with that reason,
never run half-equipped."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict

REPO = Path(__file__).resolve().parents[3]
# npm packages the JavaScript/TypeScript fixtures run (toolchains/node/package.json).
NODE_BIN = REPO / "toolchains" / "node" / "node_modules" / ".bin"
RUSTUP_TIMEOUT_S = 20.0


class Toolchain(BaseModel):
    """The directories to put on the sandbox's PATH (and bind), or why the case cannot run."""

    model_config = ConfigDict(frozen=True)

    paths: tuple[Path, ...] = ()
    missing: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        return "toolchain not installed: " + ", ".join(self.missing) + " (run `make toolchains`)"


def _rustup_target(name: str, found: Path) -> Path | None:
    """rustup installs proxies that need ~/.rustup at run time; the real binary lives in the toolchain."""
    if Path(os.path.realpath(found)).name != "rustup":
        return found
    try:
        done = subprocess.run(
            [str(found.parent / "rustup"), "which", name],
            capture_output=True,
            text=True,
            timeout=RUSTUP_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    target = Path(done.stdout.strip())
    return target if done.returncode == 0 and target.is_file() else None


def find_tool(name: str) -> Path | None:
    """The executable `name`: the project's node toolchain first, then PATH (rustup proxies resolved)."""
    local = NODE_BIN / name
    if local.exists():
        return local
    found = shutil.which(name)
    return _rustup_target(name, Path(found)) if found else None


def resolve(tools: Sequence[str], files: Sequence[str] = ()) -> Toolchain:
    paths: list[Path] = []
    missing = [name for name in files if not Path(name).is_file()]
    for name in tools:
        exe = find_tool(name)
        if exe is None:
            missing.append(name)
            continue
        folder = exe.parent
        paths.append(folder)
        if folder.name == ".bin" and folder.parent.name == "node_modules":
            # The .bin links point into node_modules: the packages must be visible too.
            paths.append(folder.parent)
    return Toolchain(paths=tuple(dict.fromkeys(paths)), missing=tuple(missing))
