"""`remediate` command line: the same core as the Dagger module, on a local sandbox."""

from __future__ import annotations

import hashlib
import sys
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from remediate import facts_command, outfiles
from remediate import options as opt
from remediate.pricing import price_of
from remediate.publish.cli import outcome_command, publish_command
from remediate.status import ExitCode, Status
from remediate.terminal import control_character_summary, shown

if TYPE_CHECKING:
    from remediate.evals.command import EvalOutcome
    from remediate.evals.runner import RunOptions, Suite
    from remediate.interrupt import Interrupt, Interrupted
    from remediate.models import CheckSpec, FixReport, Limits
    from remediate.progress import OnEvent
    from remediate.publish.config import PublishConfig, PublishResult
    from remediate.session import Backend, FixOutcome
    from remediate.spec import FixSpec, Policy, Settings
    from remediate.state import StateStore

# Only what `--help` needs loads at start (typer, rich, the option types, the statuses and model
# names); each command imports its machinery when it runs (bench/cli_start.py measures the start).

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
    from rich.table import Table
    from rich.text import Text

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
@opt.takes(opt.RunInputs, opt.OutputOptions, opt.SandboxOptions, opt.PolicyOptions, opt.PublishOptions)
def fix(
    inputs: opt.RunInputs,
    output: opt.OutputOptions,
    sandbox: opt.SandboxOptions,
    policy_options: opt.PolicyOptions,
    publishing: opt.PublishOptions,
) -> None:
    """Find the root cause of a failed check and return a verified patch."""
    import anyio

    from remediate.interrupt import Interrupt, Interrupted, start_signals
    from remediate.spec import default_run_dir, new_run_id

    run_id = new_run_id()
    out_dir = output.out_dir or default_run_dir(run_id)
    interrupt = Interrupt()
    # A stop signal from here on leaves an `interrupted` report in out_dir (interrupt.py).
    with start_signals(interrupt, _say_plain) as hand_over:
        try:
            start = _start(inputs, output, sandbox, policy_options, publishing, run_id=run_id, out_dir=out_dir)
        except Interrupted as stop:  # further signals are only acknowledged while the report is written
            raise _stopped_at_start(stop, out_dir, run_id, as_json=output.as_json) from None
        hand_over()  # the run's scope now sees a signal: it reports `interrupted` before its first stage
        with start.live:  # on a terminal: the spinner line with the stage, its time and the cost so far
            outcome = anyio.run(_run, start.spec, start.backend, start.target, interrupt)
    _show(outcome.report, start.target, as_json=output.as_json)
    _act(outcome, start.target, output, start.publish_cfg, start.store, inputs.source)
    if outcome.report.status == Status.INTERRUPTED:
        raise typer.Exit(interrupt.exit_code)  # 128 + the signal, as a shell reports it
    raise typer.Exit(outcome.report.exit_code)


@dataclass(frozen=True)
class _Start:
    """What `fix` prepared before its run: every input checked, the output directory made."""

    spec: FixSpec
    backend: Backend
    target: Path
    store: StateStore | None
    publish_cfg: PublishConfig | None
    live: AbstractContextManager[object]


def _start(
    inputs: opt.RunInputs,
    output: opt.OutputOptions,
    sandbox: opt.SandboxOptions,
    policy_options: opt.PolicyOptions,
    publishing: opt.PublishOptions,
    *,
    run_id: str,
    out_dir: Path,
) -> _Start:
    """Check every input (exits on a bad one), then make the output directory, the spec and the backend."""
    from remediate.progress import progress_for
    from remediate.spec import Settings

    settings = Settings()
    log_input, check_spec, warnings = _read_inputs(inputs, settings)
    publish_cfg = _publish_config(publishing, inputs.source)
    policy, store = _policy_and_store(policy_options, sandbox, output.state, settings)
    target = _target(out_dir)
    for warning in warnings:  # said once every input is known good, as the run starts
        err.print(shown(f"remediate: {warning}"), soft_wrap=True)
    spec = _spec(
        inputs, publishing, check_spec, log_input, policy, run_id=run_id, repository=settings.github_repository
    )
    show, live = (None, nullcontext()) if output.as_json else progress_for(err)
    backend = _local_backend(
        inputs, sandbox, policy.limits, progress=show, state=store, api_key=settings.anthropic_api_key
    )
    return _Start(spec, backend, target, store, publish_cfg, live)


def _say_plain(text: str) -> None:
    err.print(text, markup=False)


def _stopped_at_start(stop: Interrupted, out: Path, run_id: str, *, as_json: bool) -> typer.Exit:
    """A stop signal before the run began: report.json says so, where the output directory can be made
    (and stdout too with --json, as at the end of a run)."""
    from remediate.errors import BadInput
    from remediate.inputs import writable_dir
    from remediate.models import FixReport
    from remediate.runview.page import PAGE
    from remediate.session import PATCH, REPORT, TRACE

    message = f"interrupted by {stop.name} during start-up, before the run began; nothing ran and nothing was spent"
    try:
        writable_dir(out)
    except BadInput as exc:
        err.print(shown(f"remediate: {message}; no report written: {exc}"), soft_wrap=True)
        return typer.Exit(128 + stop.signum)
    for earlier in (PATCH, TRACE, PAGE):  # a reused --out holds one run: nothing of an earlier one stays
        outfiles.remove(out / earlier)
    report = FixReport(run_id=run_id, status=Status.INTERRUPTED, message=message, exit_code=int(ExitCode.INTERRUPTED))
    outfiles.write_text(out / REPORT, report.model_dump_json(indent=2) + "\n")
    if as_json:
        sys.stdout.write(report.model_dump_json(indent=2) + "\n")
    err.print(shown(f"remediate: {message}; report: {out / REPORT}"), soft_wrap=True)
    return typer.Exit(128 + stop.signum)


def _spec(
    inputs: opt.RunInputs,
    publishing: opt.PublishOptions,
    check: CheckSpec | None,
    log_input: Path | bytes,
    policy: Policy,
    *,
    run_id: str,
    repository: str | None,
) -> FixSpec:
    from remediate.hostgit import head_commit
    from remediate.spec import FixSpec

    return FixSpec(
        check=check,
        log_path=log_input if isinstance(log_input, Path) else None,
        log_bytes=log_input if isinstance(log_input, bytes) else None,
        source_dir=inputs.source,
        model=inputs.model,
        triage_model=inputs.triage_model,
        run_id=run_id,
        commit=publishing.commit or head_commit(inputs.source),
        base=publishing.pr_base,
        project=publishing.repo or repository or str(inputs.source.resolve()),
        policy=policy,
    )


def _target(target: Path) -> Path:
    from remediate.errors import BadInput
    from remediate.inputs import writable_dir

    try:  # last of the checks: it creates the directory
        writable_dir(target)
    except BadInput as exc:
        raise _fail(str(exc)) from None
    return target


def _read_inputs(inputs: opt.RunInputs, settings: Settings) -> tuple[Path | bytes, CheckSpec | None, list[str]]:
    """The log, the parsed check and the warnings to say as the run starts; exits on bad input."""
    from pydantic import ValidationError

    from remediate.errors import BadInput, validation_text
    from remediate.inputs import cassette_for_run, known_model, read_log
    from remediate.models import CheckSpec

    if not inputs.source.is_dir():
        raise _fail(f"--source {inputs.source} is not a directory")
    if inputs.record and inputs.cassette is None:
        raise _fail("--record needs --cassette PATH to write to")
    check = inputs.check
    if check is not None and not check.strip():
        raise _fail("--check is blank; give the command that failed, or omit --check to use the log's failing step")
    try:
        log_input = read_log(inputs.log)
        allow = inputs.allow_unknown_model
        warnings = [w for w in (known_model(inputs.model, allow_unknown=allow),) if w]
        known_model(inputs.triage_model, allow_unknown=allow, option="--triage-model")
        if inputs.cassette is not None and not inputs.record:
            cassette_for_run(inputs.cassette, log_input, inputs.source)
    except BadInput as exc:
        raise _fail(str(exc)) from None
    if inputs.cassette is None and not settings.anthropic_api_key:
        warnings.append(
            "no ANTHROPIC_API_KEY and no --cassette: only the deterministic fixers (ruff, eslint --fix, prettier, "
            "gofmt, rustfmt) can run; a failure that needs a model ends bad_input, a partial deterministic fix "
            "not_fixed with its diff"
        )
    try:
        check_spec = CheckSpec(command=check) if check is not None and check.strip() else None
    except ValidationError as exc:
        raise _fail(f"--check: {validation_text(exc).removeprefix('command: ')}") from None
    return log_input, check_spec, warnings


def _publish_config(publishing: opt.PublishOptions, source: Path) -> PublishConfig | None:
    """Checked before any spend: a fix that cannot be published is not worth computing here."""
    from remediate.publish.cli import PublishInputError, publish_config

    if not publishing.publish:
        return None
    try:
        return publish_config(source=source, repo=publishing.repo, commit=publishing.commit, base=publishing.pr_base)
    except PublishInputError as exc:
        raise _fail(f"--publish: {exc}") from exc


def _policy_and_store(
    options: opt.PolicyOptions, sandbox: opt.SandboxOptions, state: str | None, settings: Settings
) -> tuple[Policy, StateStore | None]:
    """The run's policy and its attempt store (None: --state off); exits on a bad value."""
    from pydantic import ValidationError

    from remediate.errors import BadInput, validation_text
    from remediate.inputs import no_links
    from remediate.state import StateError, open_store

    try:
        policy = options.policy(sandbox.limits())
        state_url = state if state is not None else settings.state
        if state_url != "off" and "://" not in state_url:
            no_links(Path(state_url), "--state")
        return policy, None if state_url == "off" else open_store(state_url)
    except BadInput as exc:
        raise _fail(str(exc)) from None
    except ValidationError as exc:
        raise _fail(validation_text(exc)) from None
    except (ValueError, StateError) as exc:
        raise _fail(str(exc), ExitCode.REFUSED if isinstance(exc, StateError) else ExitCode.BAD_INPUT) from exc


def _local_backend(
    inputs: opt.RunInputs,
    sandbox: opt.SandboxOptions,
    limits: Limits,
    *,
    progress: OnEvent | None,
    state: StateStore | None,
    api_key: str | None,
) -> Backend:
    """The check runs with the caller's PATH and interpreter, as a CI runner's (sandbox/environment.py)."""
    # The SDK, the sandbox and the session load only when a run starts (`--help` stays fast).
    import os

    from remediate.client import ModelAccess
    from remediate.sandbox.factory import LocalSandboxes
    from remediate.secrets import collect_secrets
    from remediate.session import Backend

    sandboxes = LocalSandboxes(
        inputs.source.resolve(), limits=limits, unsafe_no_sandbox=sandbox.unsafe_no_sandbox, setup=sandbox.setup
    )
    return Backend.local(
        sandboxes,
        access=ModelAccess(api_key=api_key, cassette=inputs.cassette, record=inputs.record),
        secrets=collect_secrets(os.environ, names=sandbox.secret_env or ()),
        on_event=progress,
        state=state,
    )


def _show(report: FixReport, target: Path, *, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(report.model_dump_json(indent=2) + "\n")
        return
    if report.patch:
        out.print(shown(report.patch), end="", soft_wrap=True)
    _print_summary(report, target)


def _act(
    outcome: FixOutcome,
    target: Path,
    output: opt.OutputOptions,
    publish_cfg: PublishConfig | None,
    store: StateStore | None,
    source: Path,
) -> None:
    """--apply and --publish, only for the patch that was verified; exits when publishing."""
    from remediate.publish.cli import exit_code_of, record_publication, summary
    from remediate.session import PATCH

    report = outcome.report
    acting = (output.apply or publish_cfg is not None) and report.status == Status.FIXED
    if acting and (mismatch := unverified_patch(report, target / PATCH)):
        raise _fail(f"not applied or published: {mismatch}", ExitCode.ERROR)
    if acting and not output.allow_control_chars and (hidden := control_character_summary(report.patch)):
        raise _fail(
            f"not applied or published: {hidden}. Read {target / PATCH} (e.g. `cat -v`) and pass "
            "--allow-control-chars to act on it anyway",
            ExitCode.REFUSED,
        )
    if output.apply and report.status == Status.FIXED:
        _apply_once(source, target / PATCH, store, outcome.attempt_key, report.run_id)
    if (
        publish_cfg is not None
        and report.status == Status.FIXED
        and _claim(store, outcome.attempt_key, "publish", report.run_id)
    ):
        published = _publish_claimed(report, publish_cfg, store, outcome.attempt_key, output.as_json)
        outfiles.write_text(target / "publish.json", published.model_dump_json(indent=2) + "\n")
        record_publication(store, report, published)
        err.print(shown(summary(published)))
        raise typer.Exit(exit_code_of(published))
    if publish_cfg is not None:
        err.print(f"publish: skipped - the run ended {report.status.value}", markup=False)


def unverified_patch(report: FixReport, written: Path) -> str | None:
    """Why the patch about to be applied or published is not the verified one, or None."""
    from remediate.reports import patch_digest

    verified = report.verification.patch_sha256 if report.verification else None
    on_disk = hashlib.sha256(written.read_bytes()).hexdigest() if written.is_file() else None
    if not (verified and verified == report.patch_sha256 == on_disk == patch_digest(report.patch)):
        return f"{written} is not the patch that was verified (sha256 {on_disk} vs verified {verified})"
    return None


async def _run(spec: FixSpec, backend: Backend, out: Path, interrupt: Interrupt) -> FixOutcome:
    """The session, with SIGINT/SIGTERM turned into an `interrupted` report (interrupt.py)."""
    import anyio

    from remediate.interrupt import watch_signals

    backend.interrupt = interrupt
    async with anyio.create_task_group() as signals:
        await signals.start(watch_signals, interrupt, _say_plain)
        from remediate.session import run_session

        outcome = await run_session(spec, backend, out)
        signals.cancel_scope.cancel()
    return outcome


def _claim(store: StateStore | None, key: str | None, effect: str, run_id: str) -> bool:
    """A side effect acts once per idempotency key; without a store, the effect's own checks apply."""
    from remediate.interrupt import run_stoppable
    from remediate.state import StateError

    if store is None or key is None:
        return True
    try:
        claim = run_stoppable(lambda: store.claim_effect(key, effect, run_id))
    except StateError as exc:
        err.print(shown(f"{effect}: skipped - the attempt store is unavailable (fail closed): {exc}"))
        return False
    if not claim.acted:
        err.print(f"{effect}: skipped - key {key[:12]} already acted in run {claim.run_id}", markup=False)
    return claim.acted


def _release(store: StateStore | None, key: str | None, effect: str, run_id: str) -> None:
    """The claimed effect did not happen: give the claim back (a claim records only what happened)."""
    from remediate.interrupt import run_stoppable
    from remediate.state import StateError

    if store is None or key is None:
        return
    try:
        run_stoppable(lambda: store.release_effect(key, effect, run_id))
    except StateError as exc:
        err.print(shown(f"{effect}: the attempt store kept the claim of this failed {effect}: {exc}"))


def _publish_claimed(
    report: FixReport, cfg: PublishConfig, store: StateStore | None, key: str | None, quiet: bool
) -> PublishResult:
    """Publish under the key's claim (taken by the caller); a publish that did not happen gives it back."""
    from remediate.publish.cli import run_publish

    published: PublishResult | None = None
    try:
        published = run_publish(report, cfg, quiet=quiet)
    finally:
        if published is None or not published.ok:
            _release(store, key, "publish", report.run_id)
    return published


def _apply_once(source: Path, patch: Path, store: StateStore | None, key: str | None, run_id: str) -> None:
    """Apply unless it is already there; say exactly why nothing changed when nothing does."""
    from remediate.apply import holds_patch

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
    try:
        _apply(source, patch)
    except BaseException:  # not applied (or interrupted): a rerun of this failure may apply it
        _release(store, key, "apply", run_id)
        raise


def _apply(source: Path, patch: Path) -> None:
    from remediate.apply import ApplyError, apply_verified

    try:
        changed = apply_verified(source, patch.read_text(encoding="utf-8"))
    except (ApplyError, OSError) as exc:
        raise _fail(f"could not apply the patch to {source}: {exc}", ExitCode.ERROR) from exc
    err.print(shown(f"applied {patch} to {source}: {len(changed)} file(s) now hold the verified content"))


@app.command("eval")
@opt.takes(opt.EvalOptions)
def eval_suite(options: opt.EvalOptions) -> None:
    """Run the fixture suite through `fix`, score it, gate it against the baseline, write a report."""
    from remediate.evals.command import run_eval
    from remediate.spec import default_run_dir, new_run_id

    suite = _load_suite(options)
    if options.validate_only:
        _validate_fixtures(suite, options)
    run_options = _run_options(suite, options)
    target = options.out_dir or default_run_dir(new_run_id(), "eval")
    outcome = run_eval(
        suite,
        pattern=options.cases,
        options=run_options,
        out=target,
        baseline_path=options.baseline if options.gate or options.update_baseline else None,
        update_baseline=options.update_baseline,
        price_at=options.price_at,
    )
    _print_eval(outcome, target, live=run_options.live)
    if options.update_baseline:
        out.print(f"baseline written: {options.baseline}")
    if outcome.gate is not None:
        verdict = "passed" if outcome.gate.passed else "FAILED"
        out.print(shown(f"gate {verdict}" + "".join(f"\n  - {r}" for r in outcome.gate.reasons)))
        raise typer.Exit(0 if outcome.gate.passed else 1)


def _load_suite(options: opt.EvalOptions) -> Suite:
    from remediate.evals.runner import Suite, SuiteError

    try:
        suite = Suite.load(options.suite_path)
        if not suite.select(options.cases):
            raise _fail(f"no case matches {options.cases or suite.cases} in {suite.fixtures}")
    except SuiteError as exc:
        raise _fail(str(exc)) from exc
    return suite


def _validate_fixtures(suite: Suite, options: opt.EvalOptions) -> None:
    """--validate: each fixture fails before its gold patch and passes with it; always exits."""
    from remediate.evals.command import validate

    jobs = options.concurrency if options.concurrency is not None else suite.concurrency
    lines = validate(suite, options.cases, jobs=jobs)
    for line in lines:
        out.print(shown(line))
    bad = [line for line in lines if not line.startswith(("ok", "skip"))]
    out.print(f"{len(lines) - len(bad)} of {len(lines)} fixtures valid")
    raise typer.Exit(1 if bad else 0)


def _run_options(suite: Suite, options: opt.EvalOptions) -> RunOptions:
    from pydantic import ValidationError

    from remediate.errors import validation_text
    from remediate.evals.command import live_available
    from remediate.evals.runner import RunOptions

    if not price_of(options.price_at)[1]:
        raise _fail(f"--price-at {options.price_at}: no price known for this model (src/remediate/pricing.py)")
    live = live_available() and not options.offline
    if options.record and not live:
        raise _fail("--record needs ANTHROPIC_API_KEY")
    try:
        return RunOptions(
            attempts=options.attempts if options.attempts is not None else suite.attempts,
            concurrency=options.concurrency if options.concurrency is not None else suite.concurrency,
            model=options.model or suite.model,
            live=live,
            record=options.record,
            passes_required=suite.passes_required,
            unsafe_no_sandbox=options.unsafe_no_sandbox,
        )
    except ValidationError as exc:
        raise _fail(validation_text(exc)) from None


def _print_eval(outcome: EvalOutcome, target: Path, *, live: bool) -> None:
    from rich.table import Table

    from remediate.evals.costs import cost_tables

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


@app.command(
    "facts",
    help=facts_command.HELP,
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    add_help_option=False,
)
def facts(ctx: typer.Context) -> None:
    # Its options are facts_command's (`remediate facts` is read there without typer): handed on unread.
    facts_command.main(ctx.args)


if __name__ == "__main__":  # pragma: no cover
    app()
