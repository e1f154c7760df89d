"""The `remediate` executable: `remediate facts ...` runs without loading the model SDK, the
sandbox, the publisher or typer (remediate.facts_command); every other command goes to remediate.cli.

`fix` holds SIGINT/SIGTERM from its first moment (interrupt.start_signals): a signal while the
command line is still being loaded and parsed, before the run has an output directory, ends the
process with one line and 128 + the signal instead of a traceback (SIGINT) or a silent death
(SIGTERM); once `fix` knows its output directory, it writes an `interrupted` report there.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:2] == ["facts"]:
        from remediate.facts_command import main as facts

        return facts(sys.argv[2:])
    if sys.argv[1:2] == ["fix"]:
        return _fix()
    from remediate.cli import app

    app(prog_name="remediate")


def _fix() -> None:
    from remediate.interrupt import Interrupt, Interrupted, start_signals

    try:
        with start_signals(Interrupt()):
            from remediate.cli import app

            app(prog_name="remediate")
    except Interrupted as stop:
        sys.stderr.write(f"remediate: stopped by {stop.name}\n")
        sys.exit(128 + stop.signum)


if __name__ == "__main__":  # pragma: no cover
    main()
