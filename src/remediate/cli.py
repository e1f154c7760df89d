"""`remediate` command line: the same core as the Dagger module, on a local sandbox."""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import anyio
import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table
from rich.text import Text

from remediate import facts_command
from remediate.apply import ApplyError, apply_verified, holds_patch
from remediate.errors import BadInput, validation_text
from remediate.guards import LoopLimits
from remediate.hostgit import head_commit
from remediate.inputs import cassette_for_run, known_model, no_links, read_log, writable_dir
from remediate.interrupt import Interrupt, watch_signals
from remediate.models import CheckSpec, ExitCode, FixReport, Limits, Status
from remediate.pricing import DEFAULT_MODEL, DEFAULT_TRIAGE_MODEL, price_of
from remediate.publish.cli import (
    PublishInputError,
    exit_code_of,
    outcome_command,
    publish_command,
    publish_config,
    record_publication,
    run_publish,
    summary,
)
from remediate.reports import patch_digest
from remediate.secrets import collect_secrets
from remediate.spec import BudgetOverride, FixSpec, Policy, Settings, new_run_id
from remediate.state import StateError, StateStore, open_store
from remediate.terminal import control_character_summary, shown

if TYPE_CHECKING:
    from remediate.session import Backend, FixOutcome

app = typer.Typer(
    name="remediate",
    help="Fix failing CI jobs: facts from the log, a narrow agent, a verified patch.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False)
out = Console(highlight=False)


def _fail(message: str, code: ExitCode = ExitCode.BAD_INPUT) -> typer.Exit:
    err.print(shown(f"remediate: {message}"), soft_wrap=True)  # one line, whatever the width
    return typer.Exit(int(code))


def _print_summary(report: FixReport, out_dir: Path) -> None:
    colour = "green" if report.status == Status.FIXED else "yellow"
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_row("status", Text.assemble((report.status.value, colour), f" (exit {report.exit_code})"))
    # Every value below may quote a model, a log or a check: shown as text, never as markup.
    table.add_row("message", shown(report.message))
    if report.check:
        inferred = " (inferred from the log)" if report.check.inferred else ""
        table.add_row("check", shown(report.check.command + inferred))
    if report.route:
        table.add_row(
            "route", shown(f"{report.route.category.value} -> {report.route.specialist} ({report.route.decided_by})")
        )
    if report.root_cause:
        table.add_row("root cause", shown(report.root_cause))
    if report.changed_files:
        table.add_row("changed", shown(", ".join(report.changed_files)))
    u = report.usage
    table.add_row(
        "usage",
        f"{u.model_calls} model calls, {report.tool_calls} tool calls, {u.input_tokens} in / {u.output_tokens} out "
        f"tokens (cache read {u.cache_read_tokens}, write {u.cache_write_tokens}), ${u.usd:.4f}",
    )
    table.add_row("timings", ", ".join(f"{t.stage} {t.seconds:.2f}s" for t in report.timings))
    table.add_row("output", shown(str(out_dir)))
    out.print(table)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        out.print(f"remediate {version('remediate')}", markup=False, highlight=False)
        raise typer.Exit(0)


@app.callback()
def main(
    show_version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit")
    ] = False,
) -> None:
    """Fix failing CI jobs: facts from the log, a narrow agent, a verified patch."""


@app.command()
def fix(
    source: Annotated[Path, typer.Option(help="The project to fix (never modified without --apply)")],
    log: Annotated[str, typer.Option(help="The failed CI job's log ('-': read it from stdin)")],
    check: Annotated[
        str | None,
        typer.Option(
            help="The check command that failed, e.g. 'python -m pytest -q' (default: the log's failing step)"
        ),
    ] = None,
    model: Annotated[
        str | None, typer.Option(help="Model for every specialist (default: each specialist's own, see README)")
    ] = None,
    triage_model: Annotated[
        str, typer.Option(help="Model of the triage micro-agent, asked only when the rules are unsure")
    ] = DEFAULT_TRIAGE_MODEL,
    out_dir: Annotated[Path | None, typer.Option("--out", help="Where to write report, patch and trace")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON on stdout")] = False,
    apply: Annotated[bool, typer.Option(help="Apply a verified patch to --source")] = False,
    cassette: Annotated[Path | None, typer.Option(help="Replay model responses from this cassette")] = None,
    record: Annotated[bool, typer.Option(help="With a key: record the live run into --cassette")] = False,
    allow_edit: Annotated[list[str] | None, typer.Option(help="Glob of protected paths to allow (repeat)")] = None,
    secret_env: Annotated[list[str] | None, typer.Option(help="Env var whose value must be redacted")] = None,
    unsafe_no_sandbox: Annotated[bool, typer.Option(help="Run checks without bubblewrap (no isolation)")] = False,
    setup: Annotated[
        str | None,
        typer.Option(help="Run once before the check, WITH network (e.g. 'pip install -e .'); checks see it read-only"),
    ] = None,
    timeout: Annotated[float, typer.Option(help="Seconds per check run")] = 600.0,
    memory_mb: Annotated[int, typer.Option(help="Memory cap per check run")] = 4096,
    passes: Annotated[int, typer.Option(help="Verification runs that must pass")] = 2,
    max_tool_calls: Annotated[int | None, typer.Option(help="Override the specialist's tool-call budget")] = None,
    max_usd: Annotated[float | None, typer.Option(help="Override the specialist's dollar budget")] = None,
    state: Annotated[
        str | None,
        typer.Option(
            help="Attempt store: a SQLite file or a postgresql:// URL; 'off' disables (docs/reliability.md) "
            "[default: $REMEDIATE_STATE or .remediate/state.db]",
            rich_help_panel="Guards",
        ),
    ] = None,
    breaker_generations: Annotated[
        int,
        typer.Option(
            help="Refuse when the failing commit or its N-1 first-parent ancestors carry Remediate-Run (0: off)",
            rich_help_panel="Guards",
        ),
    ] = 1,
    max_retries: Annotated[
        int,
        typer.Option(
            help="Informed retries after a published fix failed CI, per lineage (the breaker counts them)",
            rich_help_panel="Guards",
        ),
    ] = 1,
    run_max_usd: Annotated[
        float | None, typer.Option(help="Dollar budget of the whole run", rich_help_panel="Guards")
    ] = None,
    run_max_seconds: Annotated[
        float | None, typer.Option(help="Wall-time budget of the whole run", rich_help_panel="Guards")
    ] = None,
    loop_same_call: Annotated[
        int, typer.Option(help="Same call on the same workspace N times is a loop", rich_help_panel="Guards")
    ] = 3,
    loop_same_error: Annotated[
        int, typer.Option(help="Same tool error N times is a loop", rich_help_panel="Guards")
    ] = 3,
    loop_invalid_streak: Annotated[
        int, typer.Option(help="N invalid tool calls in a row end the run", rich_help_panel="Guards")
    ] = 5,
    publish: Annotated[
        bool,
        typer.Option("--publish", help="Open a branch + PR for a verified fix (docs/ci.md)", rich_help_panel="Publish"),
    ] = False,
    repo: Annotated[
        str | None, typer.Option(help="owner/name (default: $GITHUB_REPOSITORY)", rich_help_panel="Publish")
    ] = None,
    commit: Annotated[
        str | None, typer.Option(help="The failing commit (default: HEAD of --source)", rich_help_panel="Publish")
    ] = None,
    pr_base: Annotated[
        str | None, typer.Option("--base", help="PR target (default: the default branch)", rich_help_panel="Publish")
    ] = None,
    allow_control_chars: Annotated[
        bool,
        typer.Option(
            help="Apply/publish a patch that holds control characters (flagged in the report; read it first)",
            rich_help_panel="Guards",
        ),
    ] = False,
    allow_unknown_model: Annotated[
        bool,
        typer.Option(help="Use a --model with no known price (its budget counts at the top price)"),
    ] = False,
) -> None:
    """Find the root cause of a failed check and return a verified patch."""
    if not source.is_dir():
        raise _fail(f"--source {source} is not a directory")
    if record and cassette is None:
        raise _fail("--record needs --cassette PATH to write to")
    if check is not None and not check.strip():
        raise _fail("--check is blank; give the command that failed, or omit --check to use the log's failing step")
    try:
        log_input = read_log(log)
        warnings = [w for w in (known_model(model, allow_unknown=allow_unknown_model),) if w]
        known_model(triage_model, allow_unknown=allow_unknown_model, option="--triage-model")
        if cassette is not None and not record:
            cassette_for_run(cassette, log_input, source)
    except BadInput as exc:
        raise _fail(str(exc)) from None
    if cassette is None and not Settings().anthropic_api_key:
        warnings.append(
            "no ANTHROPIC_API_KEY and no --cassette: only the deterministic fixers (ruff --fix, ruff format) can "
            "run; a failure that needs a model ends bad_input, a partial deterministic fix not_fixed with its diff"
        )

    settings = Settings()
    try:
        check_spec = CheckSpec(command=check) if check is not None and check.strip() else None
    except ValidationError as exc:
        raise _fail(f"--check: {validation_text(exc).removeprefix('command: ')}") from None
    publish_cfg = None
    if publish:  # before any spend: a fix that cannot be published is not worth computing here
        try:
            publish_cfg = publish_config(source=source, repo=repo, commit=commit, base=pr_base)
        except PublishInputError as exc:
            raise _fail(f"--publish: {exc}") from exc
    run_id = new_run_id()
    secrets = collect_secrets(os.environ, names=secret_env or ())
    try:
        limits = Limits(timeout_s=timeout, memory_mb=memory_mb)
        policy = Policy(
            allow_edit=tuple(allow_edit or ()),
            passes_required=passes,
            limits=limits,
            budget=BudgetOverride(tool_calls=max_tool_calls, usd=max_usd),
            run_budget=BudgetOverride(usd=run_max_usd, seconds=run_max_seconds),
            loop_limits=LoopLimits(
                same_call=loop_same_call, same_error=loop_same_error, invalid_streak=loop_invalid_streak
            ),
            breaker_generations=breaker_generations,
            max_retries=max_retries,
        )
        state_url = state if state is not None else settings.state
        if state_url != "off" and "://" not in state_url:
            no_links(Path(state_url), "--state")
        store = None if state_url == "off" else open_store(state_url)
    except BadInput as exc:
        raise _fail(str(exc)) from None
    except ValidationError as exc:
        raise _fail(validation_text(exc)) from None
    except (ValueError, StateError) as exc:
        raise _fail(str(exc), ExitCode.REFUSED if isinstance(exc, StateError) else ExitCode.BAD_INPUT) from exc
    target = out_dir or Path(".remediate") / run_id
    try:  # last of the checks: it creates the directory
        writable_dir(target)
    except BadInput as exc:
        raise _fail(str(exc)) from None
    for warning in warnings:  # said once every input is known good, as the run starts
        err.print(shown(f"remediate: {warning}"), soft_wrap=True)
    spec = FixSpec(
        check=check_spec,
        log_path=log_input if isinstance(log_input, Path) else None,
        log_bytes=log_input if isinstance(log_input, bytes) else None,
        source_dir=source,
        model=model,
        triage_model=triage_model,
        run_id=run_id,
        commit=commit or head_commit(source),
        base=pr_base,
        project=repo or settings.github_repository or str(source.resolve()),
        policy=policy,
    )
    # The check runs with the caller's PATH and interpreter, as a CI runner's (sandbox/environment.py).
    # The SDK, the sandbox and the session load only when a run starts (`--help` stays fast).
    from remediate.client import ModelAccess
    from remediate.sandbox.factory import LocalSandboxes
    from remediate.session import PATCH, Backend

    sandboxes = LocalSandboxes(source.resolve(), limits=limits, unsafe_no_sandbox=unsafe_no_sandbox, setup=setup)
    backend = Backend.local(
        sandboxes,
        access=ModelAccess(api_key=settings.anthropic_api_key, cassette=cassette, record=record),
        secrets=secrets,
        on_event=None if as_json else (lambda text: err.print(shown(text, "dim"))),
        state=store,
    )
    outcome = anyio.run(_run, spec, backend, target)
    report = outcome.report
    if as_json:
        sys.stdout.write(report.model_dump_json(indent=2) + "\n")
    else:
        if report.patch:
            out.print(shown(report.patch), end="", soft_wrap=True)
        _print_summary(report, target)
    acting = (apply or publish_cfg is not None) and report.status == Status.FIXED
    if acting and (mismatch := unverified_patch(report, target / "fix.patch")):
        raise _fail(f"not applied or published: {mismatch}", ExitCode.ERROR)
    if acting and not allow_control_chars and (hidden := control_character_summary(report.patch)):
        raise _fail(
            f"not applied or published: {hidden}. Read {target / 'fix.patch'} (e.g. `cat -v`) and pass "
            "--allow-control-chars to act on it anyway",
            ExitCode.REFUSED,
        )
    if apply and report.status == Status.FIXED:
        _apply_once(source, target / PATCH, store, outcome.attempt_key, run_id)
    if (
        publish_cfg is not None
        and report.status == Status.FIXED
        and _claim(store, outcome.attempt_key, "publish", run_id)
    ):
        published = run_publish(report, publish_cfg, quiet=as_json)
        (target / "publish.json").write_text(published.model_dump_json(indent=2) + "\n", encoding="utf-8")
        record_publication(store, report, published)
        err.print(shown(summary(published)))
        raise typer.Exit(exit_code_of(published))
    if publish_cfg is not None:
        err.print(f"publish: skipped - the run ended {report.status.value}", markup=False)
    if report.status == Status.INTERRUPTED and backend.interrupt is not None:
        raise typer.Exit(backend.interrupt.exit_code)  # 128 + the signal, as a shell reports it
    raise typer.Exit(report.exit_code)


def unverified_patch(report: FixReport, written: Path) -> str | None:
    """Why the patch about to be applied or published is not the verified one, or None."""
    verified = report.verification.patch_sha256 if report.verification else None
    on_disk = hashlib.sha256(written.read_bytes()).hexdigest() if written.is_file() else None
    if not (verified and verified == report.patch_sha256 == on_disk == patch_digest(report.patch)):
        return f"{written} is not the patch that was verified (sha256 {on_disk} vs verified {verified})"
    return None


async def _run(spec: FixSpec, backend: Backend, out: Path) -> FixOutcome:
    """The session, with SIGINT/SIGTERM turned into an `interrupted` report (interrupt.py)."""
    interrupt = backend.interrupt = Interrupt()
    async with anyio.create_task_group() as signals:
        await signals.start(watch_signals, interrupt, lambda text: err.print(text, markup=False))
        from remediate.session import run_session

        outcome = await run_session(spec, backend, out)
        signals.cancel_scope.cancel()
    return outcome


def _claim(store: StateStore | None, key: str | None, effect: str, run_id: str) -> bool:
    """A side effect acts once per idempotency key; without a store, the effect's own checks apply."""
    if store is None or key is None:
        return True
    try:
        claim = anyio.run(store.claim_effect, key, effect, run_id)
    except StateError as exc:
        err.print(shown(f"{effect}: skipped - the attempt store is unavailable (fail closed): {exc}"))
        return False
    if not claim.acted:
        err.print(f"{effect}: skipped - key {key[:12]} already acted in run {claim.run_id}", markup=False)
    return claim.acted


def _apply_once(source: Path, patch: Path, store: StateStore | None, key: str | None, run_id: str) -> None:
    """Apply unless it is already there; say exactly why nothing changed when nothing does."""
    if holds_patch(source, patch.read_text(encoding="utf-8")):
        err.print(shown(f"apply: skipped - {source} already holds this patch; nothing changed"))
        return
    if not _claim(store, key, "apply", run_id):
        err.print(
            shown(
                f"apply: {source} was NOT changed: this failure's fix was applied by an earlier run and is no "
                f"longer there (reverted?); to apply it again: git -C {source} apply {patch.resolve()}"
            )
        )
        return
    _apply(source, patch)


def _apply(source: Path, patch: Path) -> None:
    try:
        changed = apply_verified(source, patch.read_text(encoding="utf-8"))
    except (ApplyError, OSError) as exc:
        raise _fail(f"could not apply the patch to {source}: {exc}", ExitCode.ERROR) from exc
    err.print(shown(f"applied {patch} to {source}: {len(changed)} file(s) now hold the verified content"))


@app.command("eval")
def eval_suite(
    suite_path: Annotated[Path, typer.Option("--suite", help="Suite definition")] = Path("evals/suite.toml"),
    cases: Annotated[str | None, typer.Option(help="Only cases matching this glob")] = None,
    attempts: Annotated[int | None, typer.Option(help="Attempts per case (default: the suite's)")] = None,
    concurrency: Annotated[int | None, typer.Option(help="Attempts run at once")] = None,
    model: Annotated[str | None, typer.Option(help="Model (default: the suite's)")] = None,
    baseline: Annotated[Path, typer.Option(help="Baseline to gate against")] = Path("evals/baseline.json"),
    out_dir: Annotated[Path | None, typer.Option("--out", help="Report directory")] = None,
    validate: Annotated[bool, typer.Option(help="Only validate fixtures: fails before, passes with gold")] = False,
    update_baseline: Annotated[bool, typer.Option(help="Write this run as the new baseline")] = False,
    record: Annotated[bool, typer.Option(help="With a key: record fresh cassettes")] = False,
    offline: Annotated[bool, typer.Option(help="Replay cassettes even when ANTHROPIC_API_KEY is set")] = False,
    gate: Annotated[bool, typer.Option(help="Gate against --baseline when it exists")] = True,
    unsafe_no_sandbox: Annotated[bool, typer.Option(help="Run checks without bubblewrap (inside a container)")] = False,
    price_at: Annotated[
        str, typer.Option(help="Also price every case's model calls at this model (cost tables, README)")
    ] = DEFAULT_MODEL,
) -> None:
    """Run the fixture suite through `fix`, score it, gate it against the baseline, write a report."""
    from remediate.evals.command import live_available, run_eval
    from remediate.evals.command import validate as validate_fixtures
    from remediate.evals.costs import cost_tables
    from remediate.evals.runner import RunOptions, Suite, SuiteError

    try:
        suite = Suite.load(suite_path)
        if not suite.select(cases):
            raise _fail(f"no case matches {cases or suite.cases} in {suite.fixtures}")
    except SuiteError as exc:
        raise _fail(str(exc)) from exc
    if validate:
        lines = validate_fixtures(suite, cases, jobs=concurrency if concurrency is not None else suite.concurrency)
        for line in lines:
            out.print(shown(line))
        bad = [line for line in lines if not line.startswith(("ok", "skip"))]
        out.print(f"{len(lines) - len(bad)} of {len(lines)} fixtures valid")
        raise typer.Exit(1 if bad else 0)
    if not price_of(price_at)[1]:
        raise _fail(f"--price-at {price_at}: no price known for this model (src/remediate/pricing.py)")
    live = live_available() and not offline
    if record and not live:
        raise _fail("--record needs ANTHROPIC_API_KEY")
    try:
        options = RunOptions(
            attempts=attempts if attempts is not None else suite.attempts,
            concurrency=concurrency if concurrency is not None else suite.concurrency,
            model=model or suite.model,
            live=live,
            record=record,
            passes_required=suite.passes_required,
            unsafe_no_sandbox=unsafe_no_sandbox,
        )
    except ValidationError as exc:
        raise _fail(validation_text(exc)) from None
    target = out_dir or Path(".remediate") / "eval" / new_run_id()
    outcome = run_eval(
        suite,
        pattern=cases,
        options=options,
        out=target,
        baseline_path=baseline if gate or update_baseline else None,
        update_baseline=update_baseline,
        price_at=price_at,
    )
    table = Table(title=f"eval: {len(outcome.results)} attempts ({'live' if live else 'offline replay'})")
    for name in ("category", "passes", "pass@1", "pass^k", "mean $", "p95 s"):
        table.add_column(name)
    for g in [*outcome.score.categories, outcome.score.total]:
        table.add_row(
            shown(g.name),
            f"{g.passes}/{g.attempts}",
            f"{g.pass_at_1:.2f}",
            f"{g.pass_hat_k:.2f}",
            f"{g.usd.mean:.4f}",
            f"{g.wall_s.p95:.1f}",
        )
    out.print(table)
    for cost_table in cost_tables(outcome.costs):
        out.print(cost_table)
    for case_id, reason in outcome.skipped.items():
        out.print(shown(f"skipped {case_id}: {reason}"))
    out.print(shown(f"report: {target / 'report.html'}"))
    if update_baseline:
        out.print(f"baseline written: {baseline}")
    if outcome.gate is not None:
        verdict = "passed" if outcome.gate.passed else "FAILED"
        out.print(shown(f"gate {verdict}" + "".join(f"\n  - {r}" for r in outcome.gate.reasons)))
        raise typer.Exit(0 if outcome.gate.passed else 1)


@app.command("trace")
def show_trace(
    run: Annotated[Path, typer.Argument(help="A run directory or its run.jsonl")],
    as_html: Annotated[bool, typer.Option("--html", help="Write the run view (run.html) and print its path")] = False,
) -> None:
    """Render a run record: a tree of spans, or with --html the run view page."""
    from remediate.runrecord import RunRecordError, load_record
    from remediate.runview import text_tree, write_page

    try:
        record = load_record(run)
        if as_html:
            out.print(str(write_page(record.path.parent)), markup=False)
            return
    except (RunRecordError, OSError) as exc:
        raise _fail(str(exc)) from exc
    out.print(text_tree(record))


app.command("publish")(publish_command)
app.command("outcome")(outcome_command)
app.command("facts")(facts_command.facts)


if __name__ == "__main__":  # pragma: no cover
    app()
