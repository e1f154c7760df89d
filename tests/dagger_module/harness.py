"""Run the module the way the Python runtime's entrypoint does, against the fake engine.

`python -m tests.dagger_module.harness SCENARIO [JSON]` runs in a fresh process, as the runtime does,
with DAGGER_MODULE / DAGGER_MAIN_OBJECT / DAGGER_DEFAULT_PYTHON_PACKAGE set before the SDK is
imported (the SDK reads them at import). It loads the main object through `dagger.mod.cli`,
connects the SDK to a FakeEngine over HTTP, runs the scenario, and prints one JSON object:
{"result": ..., "invalid": [[query, [errors]]...], "queries": N, "execs": [...]}.

`run(scenario, args)` is the test-side helper that starts the subprocess and parses its answer.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
RUNTIME_ENV = {
    "DAGGER_MODULE": "remediate",
    "DAGGER_MAIN_OBJECT": "Remediate",
    "DAGGER_DEFAULT_PYTHON_PACKAGE": "remediate",
}
MAIN = RUNTIME_ENV["DAGGER_MAIN_OBJECT"]


def run(scenario: str, args: dict[str, Any] | None = None, *, timeout: float = 600) -> dict[str, Any]:
    """Run one scenario in a fresh interpreter; its JSON answer (raises with stderr on a crash)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DAGGER_", "TRACEPARENT", "OTEL_"))}
    # This tree's src first: the scenario must load this checkout's module even where the venv's
    # editable install points at another one.
    env |= RUNTIME_ENV | {"PYTHONPATH": os.pathsep.join((str(REPO / "src"), str(REPO)))}
    done = subprocess.run(
        [sys.executable, "-m", "tests.dagger_module.harness", scenario, json.dumps(args or {})],
        capture_output=True, text=True, env=env, cwd=REPO, timeout=timeout, check=False,
    )  # fmt: skip
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise AssertionError(f"harness {scenario} failed ({done.returncode}):\n{done.stderr[-6000:]}")
    answer: dict[str, Any] = json.loads(lines[-1])
    answer["stderr"] = done.stderr
    return answer


# -- inside the subprocess ---------------------------------------------------------------------


def resolve_all(module: Any) -> dict[str, dict[str, str]]:
    """Every function's parameters and return type through the SDK's own resolver (raises on misuse)."""
    from dagger.mod._converter import to_typedef

    out: dict[str, dict[str, str]] = {}
    for obj_name, obj in module._objects.items():
        functions = dict(obj.functions)
        if module._main is obj:
            functions[""] = obj.get_constructor(module._converter)
        for name, fn in functions.items():
            for param in fn.parameters.values():
                to_typedef(param.resolved_type, f"{obj_name}.{name}({param.name})")
            to_typedef(fn.return_type, f"{obj_name}.{name} return")
            out.setdefault(obj_name, {})[name] = str(fn.return_type)
    return out


async def call(module: Any, constructor: dict[str, Any], name: str, inputs: dict[str, Any]) -> Any:
    """Construct the main object from `constructor`, then call `name` on it, as the engine would:
    the constructor's result is the parent state of the call (JSON in between)."""
    state = await module.get_result(MAIN, {}, "", constructor)
    state = json.loads(json.dumps(state))
    return await module.get_result(MAIN, state, name, inputs)


async def call_on(module: Any, object_name: str, state: Any, name: str, inputs: dict[str, Any]) -> Any:
    return await module.get_result(object_name, json.loads(json.dumps(state)), name, inputs)


async def _main(scenario: str, args: dict[str, Any]) -> dict[str, Any]:
    import dagger
    from dagger.client._session import ConnectParams, SharedConnection
    from dagger.mod.cli import load_module

    from tests.dagger_module import scenarios
    from tests.dagger_module.fake_engine import FakeEngine

    engine = FakeEngine(module_source=REPO if args.get("module_source") else None)
    runner: Callable[[Any, FakeEngine, dict[str, Any]], Awaitable[Any]] = getattr(scenarios, scenario)
    with engine.serving():
        SharedConnection().with_params(ConnectParams(port=int(os.environ["DAGGER_SESSION_PORT"]),
                                                     session_token=engine.token))  # fmt: skip
        async with await dagger.connect():
            module = load_module()
            result = await runner(module, engine, args)
    return {"result": result, "invalid": engine.invalid, "queries": len(engine.queries), "execs": engine.execs}


def main() -> int:
    import anyio

    scenario, args = sys.argv[1], json.loads(sys.argv[2] if len(sys.argv) > 2 else "{}")
    answer = anyio.run(_main, scenario, args)
    sys.stdout.write("\n" + json.dumps(answer, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
