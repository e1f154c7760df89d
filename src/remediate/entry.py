"""The `remediate` executable: `remediate facts ...` runs without loading the model SDK, the
sandbox, the publisher or typer (remediate.facts_command); every other command goes to remediate.cli.

`fix` holds SIGINT/SIGTERM from its first moment (interrupt.start_signals): a signal while the
command line is still being loaded and parsed, before the run has an output directory, ends the
process with one line and 128 + the signal instead of a traceback (SIGINT) or a silent death
(SIGTERM); once `fix` knows its output directory, it writes an `interrupted` report there. Nothing
`fix` started outlives it (children.reaped_children).
"""

from __future__ import annotations

import sys

PYDANTIC_DISABLE_PLUGINS = "PYDANTIC_DISABLE_PLUGINS"


def main() -> None:
    if sys.argv[1:2] == ["facts"]:
        return _facts(sys.argv[2:])
    if sys.argv[1:2] == ["fix"]:
        return _fix()
    from remediate.cli import app

    app(prog_name="remediate")


def _facts(argv: list[str]) -> None:
    """`remediate facts`, with the cyclic garbage collector kept off what lives until the process ends.
    Loading pydantic, the facts' models and the facts modules makes ~48,000 objects the collector tracks
    (~29,000 live to the end); the collections the loading triggers walk them again and again, and the
    one at exit once more: ~0.07 s of a small log's ~0.3 s of CPU. So the loading runs with the collector
    paused and what it made is frozen (gc.freeze: never walked again; its garbage, ~0.4 MB, is kept),
    the log's work runs with the collector on as usual, and what the work made is frozen once the
    output is written. `--help` and usage errors end before the loading."""
    import gc

    from remediate import facts_command

    args = facts_command.parse(argv)
    gc.disable()
    try:
        _load_facts()
    finally:
        gc.freeze()
        gc.enable()
    try:
        facts_command.run(args)
    finally:
        gc.freeze()


def _load_facts() -> None:
    """The modules every log needs (parsers load per log), with pydantic looking for no plugins
    while it builds the facts' models (its documented PYDANTIC_DISABLE_PLUGINS): the first model it
    builds otherwise reads the entry points of every installed distribution (~4.5 ms of CPU with the
    129 of our venv, more in a larger environment) to observe the validation of remediate's own types.
    Only for that while: the variable is gone again before the log is read, so nothing the command
    starts (the scan's workers) inherits it, and a model built later (the `-` input's reader) meets
    the user's plugins. A value the user set is theirs and stays."""
    import os

    ours = PYDANTIC_DISABLE_PLUGINS not in os.environ
    if ours:
        os.environ[PYDANTIC_DISABLE_PLUGINS] = "__all__"
    try:
        import remediate.facts.extract  # noqa: F401
    finally:
        if ours:
            os.environ.pop(PYDANTIC_DISABLE_PLUGINS, None)


def _fix() -> None:
    from remediate.children import reaped_children
    from remediate.interrupt import Interrupt, Interrupted, start_signals

    try:
        with start_signals(Interrupt()), reaped_children():  # what `fix` started is gone before it exits
            from remediate.cli import app

            app(prog_name="remediate")
    except Interrupted as stop:
        sys.stderr.write(f"remediate: stopped by {stop.name}\n")
        sys.exit(128 + stop.signum)


if __name__ == "__main__":  # pragma: no cover
    main()
