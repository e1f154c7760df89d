"""The command-line options of the pytest plugins CI jobs most often use, and which plugin adds each. pytest refuses
an option no installed plugin registered (`pytest: error: unrecognized arguments: --cov=src`, from the CI step's
command or the ini's addopts alike): when every refused option is one of these, the plugin is not installed and the
fix is installing it (dependency), not editing the command or the ini. A misspelt option (`--cov-reportt`) or one no
plugin here adds is not in the table and stays the configuration's. The names are each plugin's `pytest --help`
with it installed (pytest 9.2.0; versions below), as its documentation lists them. `-p no:randomly` is not here:
pytest accepts blocking a plugin that is not installed."""

from __future__ import annotations

import re


def _options(names: str) -> tuple[str, ...]:
    """A plugin's options, written as `pytest --help` lists them, blank-separated."""
    return tuple(names.split())


# each plugin's options, in its `pytest --help` order
PLUGIN_OPTIONS: dict[str, tuple[str, ...]] = {
    # pytest-cov 7.1.0, https://pytest-cov.readthedocs.io/en/latest/config.html
    "pytest-cov": _options(
        "--cov --cov-reset --cov-report --cov-config --no-cov-on-fail --no-cov --cov-fail-under --cov-append "
        "--cov-branch --cov-precision --cov-context"
    ),
    # pytest-xdist 3.8.0, https://pytest-xdist.readthedocs.io/en/stable/distribution.html
    "pytest-xdist": _options("-n --numprocesses --maxprocesses --max-worker-restart --dist"),
    # pytest-timeout 2.4.0, https://github.com/pytest-dev/pytest-timeout#usage
    "pytest-timeout": _options("--timeout --timeout-method --timeout_method --timeout-disable-debugger-detection"),
    # pytest-rerunfailures 16.7, https://pytest-rerunfailures.readthedocs.io/en/latest/configuration.html
    "pytest-rerunfailures": _options(
        "--reruns --reruns-delay --reruns-delay-backoff-factor --only-rerun --rerun-except --rerun-exclude-path "
        "--reruns-mode --rerun-show-tracebacks"
    ),
    # pytest-benchmark 5.3.1, https://pytest-benchmark.readthedocs.io/en/latest/usage.html (all `--benchmark-*`)
    "pytest-benchmark": tuple(
        f"--benchmark-{name}"
        for name in _options(
            "min-time max-time min-rounds precision confidence timer calibration-precision warmup warmup-iterations "
            "disable-gc skip disable enable only save autosave save-data json compare compare-fail cprofile "
            "cprofile-loops cprofile-top cprofile-dump storage netrc verbose quiet sort group-by columns name "
            "time-unit histogram"
        )
    ),
    # pytest-mypy 1.1.0, https://github.com/realpython/pytest-mypy#usage
    "pytest-mypy": _options(
        "--mypy --mypy-ignore-missing-imports --mypy-config-file --mypy-report-style --mypy-no-status-check "
        "--mypy-xfail"
    ),
    # pytest-html 4.2.0, https://pytest-html.readthedocs.io/en/latest/user_guide.html
    "pytest-html": _options("--html --self-contained-html --css"),
    # pytest-asyncio 1.5.0, https://pytest-asyncio.readthedocs.io/en/latest/reference/configuration.html
    "pytest-asyncio": _options("--asyncio-mode --asyncio-debug"),
    # pytest-randomly 5.1.0, https://github.com/pytest-dev/pytest-randomly#usage
    "pytest-randomly": _options("--randomly-seed --randomly-dont-reset-seed --randomly-dont-reorganize"),
}
_PLUGIN_OF = {option: plugin for plugin, options in PLUGIN_OPTIONS.items() for option in options}
# argparse's words for options it refused (a pattern piece: usage's argparse literals and triage.patterns read it too)
UNRECOGNIZED_ARGUMENTS = "error: unrecognized arguments: "
_REFUSED = re.compile(rf"{UNRECOGNIZED_ARGUMENTS}(.+)$")
# an option's own value: `--cov=src`, or glued to a short option (`-n4`, `-nauto`)
_VALUE = re.compile(r"=.*$|(?<=^-\w).+$")


def missing_plugins(line: str) -> tuple[str, ...]:
    """The plugins whose options pytest's refusal on `line` names, in order, or () unless every refused option
    (a word starting with `-`; argparse lists a refused option's value beside it) is a plugin's in the table."""
    m = _REFUSED.search(line)
    options = [_VALUE.sub("", word) for word in m.group(1).split() if word.startswith("-")] if m else []
    plugins = [_PLUGIN_OF.get(option) for option in options]
    if not plugins or None in plugins:
        return ()
    return tuple(dict.fromkeys(p for p in plugins if p is not None))
