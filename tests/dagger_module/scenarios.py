"""Scenarios the harness runs inside a runtime-like process (see harness.py). Each returns JSON data."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Any

import dagger
from dagger.mod._module import Module  # the SDK's own home of the class; dagger.mod does not re-export it

from tests.dagger_module.fake_engine import FakeEngine
from tests.dagger_module.harness import MAIN, call, resolve_all

# The third negative control: a DefaultPath parameter that also has a default value.
bogus = Module(main_name="Bogus")
A_DIRECTORY = dagger.dag.directory()  # lazy: no query is sent


@bogus.object_type
class Bogus:
    @bogus.function
    def build(self, src: Annotated[dagger.Directory | None, dagger.DefaultPath("/")] = A_DIRECTORY) -> str:
        return ""


async def register(module: Any, engine: FakeEngine, args: dict[str, Any]) -> Any:
    """The runtime's registration: every signature through the resolver, then Module._typedefs."""
    resolved = resolve_all(module)
    module_id = await module._typedefs()
    return {"resolved": resolved, "registered": engine.registered(module_id)}


async def controls(module: Any, engine: FakeEngine, args: dict[str, Any]) -> Any:
    """Negative controls: the harness must catch each of these."""
    import gql
    from dagger.client._session import SharedConnection
    from dagger.mod._exceptions import BadUsageError

    caught: dict[str, Any] = {}
    session = SharedConnection().session
    for name, query in {
        "unknown_field": '{ container { from(address: "alpine") { noSuchField } } }',
        "missing_required_argument": "{ container { from { id } } }",
    }.items():
        before = len(engine.invalid)
        try:
            await session.execute(gql.gql(query))
            caught[name] = None
        except Exception as exc:  # the engine answered with errors: the query was invalid
            caught[name] = {"raised": type(exc).__name__, "recorded": engine.invalid[before:]}

    try:
        resolve_all(bogus)
        caught["default_path_with_default"] = None
    except BadUsageError as exc:
        caught["default_path_with_default"] = str(exc)
    return caught


async def facts(module: Any, engine: FakeEngine, args: dict[str, Any]) -> Any:
    """`dagger call facts --log L [--budget-tokens B]`: the JSON (or the error the function raised) and
    the queries the call sent."""
    log = engine.file(Path(args["log"]))
    inputs = {"log": log} | ({"budget_tokens": args["budget_tokens"]} if "budget_tokens" in args else {})
    if "stray" in args:
        _stray_scan_worker(args["stray"])
    before = len(engine.queries)
    try:
        answer = await call(module, args.get("constructor", {}), "facts", inputs)
    except Exception as exc:  # what the engine would report as the call's error
        answer = {"error": f"{type(exc).__name__}: {exc}"}
    return {"answer": answer, "queries": engine.queries[before:]}


def _stray_scan_worker(marker: str) -> None:
    """The facts scan splits the log among workers, and its first worker (a `sleep <marker>` standing in
    for a slow scan) fails right after it exists, before the scan holds it: left to whoever sweeps."""
    import subprocess

    from remediate.facts import scan

    scan.PARALLEL_MIN_BYTES, scan.MAX_WORKERS = 0, 2
    popen_init = subprocess.Popen.__init__

    def spawned_then_failed(self: Any, argv: Any, *rest: Any, **kwargs: Any) -> None:
        popen_init(self, ["sleep", marker], *rest, **kwargs)
        raise RuntimeError("the worker failed as it started")

    subprocess.Popen.__init__ = spawned_then_failed  # type: ignore[method-assign,assignment]
    os.cpu_count = lambda: 2


async def sandbox(module: Any, engine: FakeEngine, args: dict[str, Any]) -> Any:
    """Every DaggerSandbox method over a container built the way the module builds it."""
    from dagger import dag

    from remediate.models import Limits
    from remediate.sandbox.base import WORKSPACE, PathRejected, SandboxError
    from remediate.sandbox.dagger import DaggerSandbox
    from remediate.sandbox.tree import list_files, search

    source = _structured(module, engine.directory(Path(args["source"])), "Directory")
    container = dag.container().from_("python:3.12-slim").with_directory(WORKSPACE, source).with_workdir(WORKSPACE)
    box = DaggerSandbox(container, source, limits=Limits(timeout_s=30))
    out: dict[str, Any] = {}
    out["read"] = await box.read("pkg/mod.py")
    out["list"] = await list_files(box, ".", 2)
    out["search"] = [m.model_dump() for m in await search(box, r"def \w+", "*.py")]
    await box.write("pkg/new.py", "NEW = 1\n")
    out["read_after_write"] = await box.read("pkg/new.py")
    ok = await box.run(["sh", "-c", "cat pkg/new.py; exit 0"])
    fail = await box.run(["sh", "-c", "echo broken >&2; exit 3"])
    again = await box.run(["sh", "-c", "echo broken >&2; exit 3"])
    slow = await box.run(["sleep", "10"], Limits(timeout_s=0.5))
    out["runs"] = [r.model_dump(include={"exit_code", "output", "timed_out"}) for r in (ok, fail, again, slow)]
    out["diff_after_write"] = await box.diff()
    # A patch that deletes a file and renames another: the work tree must lose both old paths.
    patch = args["deleting_patch"]
    await box.apply(patch)
    out["listing_after_delete"] = await list_files(box, ".", 2)
    out["diff_after_delete"] = await box.diff()
    # Caching: the same command on two fresh sandboxes (verification's passes) must run twice;
    # the same exec chain without the sandbox's nonce is served from the engine's cache (control).
    marker = ["sh", "-c", "echo cache-probe"]
    for _ in range(2):
        await DaggerSandbox(container, source).run(marker)
    control = ["sh", "-c", "echo cache-control"]
    for _ in range(2):
        await container.with_exec(control).stdout()
    out["cache"] = {"sandbox_runs": sum(marker[-1] in a[-1] for a in engine.execs),
                    "plain_exec_runs": sum(a == control for a in engine.execs)}  # fmt: skip
    await box.write(
        "Dockerfile", "FROM python:3.12-slim\nRUN apt-get update\nRUN apt-get install -y curl\nCOPY . /app\n"
    )
    out["image"] = await box.image_stats("Dockerfile")
    await box.write("Dockerfile", "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y curl\nCOPY . /app\n")
    out["image_after"] = await box.image_stats("Dockerfile")
    await box.write("Broken.Dockerfile", "FROM python:3.12-slim\nBOGUS x\n")
    try:
        await box.image_stats("Broken.Dockerfile")
        out["image_broken"] = None
    except SandboxError as exc:
        out["image_broken"] = str(exc)
    errors: dict[str, str | None] = {}
    for name, attempt in {
        "read_missing": box.read("nope.txt"),
        "write_git": box.write(".git/config", "x"),
        "escape": box.read("../etc/passwd"),
        "bad_patch": box.apply("--- a/none\n+++ b/none\n@@ -1 +1 @@\n-a\n+b\n"),
    }.items():
        try:
            await attempt
            errors[name] = None
        except (SandboxError, PathRejected) as exc:
            errors[name] = type(exc).__name__
    out["errors"] = errors
    await box.aclose()
    return out


async def fix(module: Any, engine: FakeEngine, args: dict[str, Any]) -> Any:
    """`dagger call [constructor] fix --source S --log L` then every accessor of the Remediation it returns."""
    constructor = {"cassette": engine.file(Path(args["cassette"]))} if args.get("cassette") else {}
    constructor |= {name: engine.secret(name, value) for name, value in args.get("secrets", {}).items()}
    inputs = {"source": engine.directory(Path(args["source"])), "log": engine.file(Path(args["log"]))}
    inputs |= args.get("inputs", {})
    state = await call(module, constructor, "fix", inputs)
    execs_after_fix = len(engine.execs)
    out: dict[str, Any] = {"state_keys": sorted(state)}
    for name in ("status", "exit_code", "report"):
        out[name] = await module.get_result("Remediation", state, name, {})
    patch = _structured(module, await module.get_result("Remediation", state, "patch", {}), "File")
    out["patch"] = await patch.contents()
    changes = _structured(module, await module.get_result("Remediation", state, "changes", {}), "Changeset")
    out["changes"] = {"modified": await changes.modified_paths(), "added": await changes.added_paths(),
                      "patch": await changes.as_patch().contents()}  # fmt: skip
    artifacts = _structured(module, await module.get_result("Remediation", state, "artifacts", {}), "Directory")
    out["artifacts"] = await artifacts.entries()
    out["artifact_report"] = await artifacts.file("report.json").contents()
    out["publish_not_fixed"] = None
    if out["status"] != "fixed":
        out["publish_not_fixed"] = await module.get_result("Remediation", state, "publish", {"repo": "o/n"})
    # The accessors read the run: no command ran after fix returned.
    out["execs_after_accessors"] = len(engine.execs) - execs_after_fix
    return out


async def fixes(module: Any, engine: FakeEngine, args: dict[str, Any]) -> Any:
    """`fix` once per entry of `runs`, in order, in one interpreter (each answer as `fix` gives it)."""
    return [await fix(module, engine, one) for one in args["runs"]]


async def outcome(module: Any, engine: FakeEngine, args: dict[str, Any]) -> Any:
    """`dagger call --state S outcome --branch B --result R [--slack-webhook W]`, once per entry of `calls`
    (an entry's own `secrets` replace the shared ones); each answer is the OutcomeResult, or the error the
    function raised."""
    answers: list[Any] = []
    for entry in args["calls"]:
        secrets = entry.get("secrets", args.get("secrets", {}))
        constructor = {name: engine.secret(name, value) for name, value in secrets.items()}
        inputs = {k: v for k, v in entry.items() if k != "secrets"}
        if "slack_webhook" in inputs:
            inputs = inputs | {"slack_webhook": engine.secret("slack_webhook", inputs["slack_webhook"])}
        try:
            answers.append(json.loads(await call(module, constructor, "outcome", inputs)))
        except Exception as exc:  # what the engine would report as the call's error
            answers.append({"error": f"{type(exc).__name__}: {exc}"})
    return answers


async def plaintext(module: Any, engine: FakeEngine, args: dict[str, Any]) -> Any:
    """How the module reads secrets: an empty one (an unset CI secret as env:NAME) is absent."""
    from remediate.main import _plaintext

    return [await _plaintext(_structured(module, engine.secret("s", value), "Secret")) for value in args["values"]]


def _structured(module: Any, ident: str, type_name: str) -> Any:
    """An object argument as the SDK hands it to a function: its ID structured by the module's converter."""
    import dagger

    return module._converter.structure(ident, getattr(dagger, type_name))


def _json(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


__all__ = ["MAIN", "controls", "facts", "fix", "fixes", "outcome", "plaintext", "register", "sandbox"]
