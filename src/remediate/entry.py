"""The `remediate` executable: `remediate facts ...` runs without loading the model SDK, the
sandbox, the publisher or typer (remediate.facts_command); every other command goes to remediate.cli.

Every command (`fix`, `eval`, `facts`, `publish`, `outcome`, `trace`) holds SIGINT/SIGTERM from its
first moment and sweeps what it started (children.entry_point): a signal while the command line is
still being loaded and parsed ends the process with one line and 128 + the signal instead of a
traceback (SIGINT) or a silent death (SIGTERM), with nothing it started (a `git push`) left running;
once `fix` knows its output directory, it writes an `interrupted` report there.
"""

from __future__ import annotations

import sys

PYDANTIC_DISABLE_PLUGINS = "PYDANTIC_DISABLE_PLUGINS"
# The commands run under children.entry_point (all but `facts`, which has its lean form, and `--help`).
SWEPT = frozenset({"fix", "eval", "publish", "outcome", "trace"})


def main() -> None:
    if sys.argv[1:2] == ["facts"]:
        return _facts(sys.argv[2:])
    if sys.argv[1:2] and sys.argv[1] in SWEPT:
        return _swept()
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
    from remediate.children import entry_point

    args = facts_command.parse(argv)
    with entry_point(lean=True):  # a stop (SIGTERM too) ends the scan's workers with the process
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


def _swept() -> None:
    """Whatever the command starts (sandboxes, checks, git, a push, a fixture's prepare) ends with it; an
    event loop it runs goes through interrupt.run_stoppable, never under the raising handler."""
    from remediate.children import entry_point

    with entry_point(reclaim="--help" not in sys.argv[2:]):  # help loads no sandbox code (test_cli_start)
        from remediate.cli import app

        app(prog_name="remediate")


if __name__ == "__main__":  # pragma: no cover
    main()
