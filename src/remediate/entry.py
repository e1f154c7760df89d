"""The `remediate` executable: `remediate facts ...` runs without loading the model SDK, the
sandbox or the publisher (remediate.facts_command); every other command goes to remediate.cli."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:2] == ["facts"]:
        from remediate.facts_command import app
    else:
        from remediate.cli import app
    app(prog_name="remediate")


if __name__ == "__main__":  # pragma: no cover
    main()
