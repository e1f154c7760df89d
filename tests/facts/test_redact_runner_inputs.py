"""actions_input: an input or a variable named as a secret's that GitHub Actions' runner prints in a step's `Run` group
(`with:`, `env:`) goes whole, whatever its value's shape: the runner masks only what it was told is secret, and
`token: x1` or `api-key: hunter` has no shape the value rules know."""

from __future__ import annotations

import pytest

from remediate.facts.redact import MAX_RUNNER_LINES, Redactor, redact_text

# The runner's own printing (actions/runner, src/Runner.Worker/Handlers/Handler.cs, PrintActionDetails: `with:`, then
# `  {input.Key}: {input.Value}` for each input not empty, `env:`, `  {env.Key}: {env.Value}`, `##[endgroup]`; and
# ScriptHandler.cs the same `env:` after a script's lines and `shell:`), as a job's raw log holds it after GitHub's
# timestamp. A value over lines is the value's text as given: its lines after the first unindented.
ACTION_STEP = """\
2026-12-06T16:09:51.0590042Z ##[group]Run org/deploy-action@v2
2026-12-06T16:09:51.0590427Z with:
2026-12-06T16:09:51.0590531Z   registry: ghcr.io
2026-12-06T16:09:51.0590602Z   username: ci
2026-12-06T16:09:51.0590673Z   password: hunter two
2026-12-06T16:09:51.0590744Z   api-key: abc
2026-12-06T16:09:51.0590815Z   github-token: ***
2026-12-06T16:09:51.0590886Z   ssh-key: first line of the key
2026-12-06T16:09:51.0590957Z second line of the key
2026-12-06T16:09:51.0591028Z   cache-key: node-20-deps
2026-12-06T16:09:51.0591099Z env:
2026-12-06T16:09:51.0591170Z   NODE_AUTH_TOKEN: XXXXX-XXXXX-XXXXX-XXXXX
2026-12-06T16:09:51.0591241Z   DEPLOY_TOKEN: x1
2026-12-06T16:09:51.0591312Z   NODE_VERSION: 20
2026-12-06T16:09:51.0591383Z ##[endgroup]
2026-12-06T16:09:51.0591454Z Deploying to ghcr.io"""
SCRIPT_STEP = """\
##[group]Run ./deploy.sh --env staging
./deploy.sh --env staging
shell: /usr/bin/bash -e {0}
env:
  DB_PASSWORD: correct horse
  STAGE: staging
##[endgroup]"""


def test_a_step_s_secret_named_inputs_and_variables_go_whole() -> None:
    redactor = Redactor()
    out = redactor.redact(ACTION_STEP)
    for value in ("hunter two", "abc", "first line of the key", "second line of the key", "x1"):
        assert value not in out, (value, out)
    for kept in (
        "registry: ghcr.io",
        "username: ci",
        "github-token: ***",
        "cache-key: node-20-deps",
        "NODE_AUTH_TOKEN: XXXXX-XXXXX-XXXXX-XXXXX",
        "NODE_VERSION: 20",
        "Deploying to ghcr.io",
    ):
        assert kept in out, (kept, out)
    assert redactor.counts["actions_input"] == 5
    assert out.count("\n") == ACTION_STEP.count("\n")
    assert redactor.redact(out) == out  # idempotent


def test_a_script_step_s_variables_go_whole() -> None:
    out = redact_text(SCRIPT_STEP)
    assert "correct" not in out and "horse" not in out, out
    assert "STAGE: staging" in out and "./deploy.sh --env staging" in out


def test_a_section_without_the_group_s_end_reads_its_entries_only() -> None:
    """A YAML file's `env:` a `cat` printed (no `##[endgroup]` after): its entries named as a secret's are values (a
    file's mapping), the lines after its first other line are the log's own, never a value's further lines."""
    text = "env:\n  API_TOKEN: plain\nrelease notes follow\n  apikey: kept words\nDone"
    out = redact_text(text)
    assert "plain" not in out, out
    assert "release notes follow" in out and "kept words" in out


@pytest.mark.parametrize(
    "text",
    [
        "with:\n  token-file: /run/secrets/token\n##[endgroup]",  # the name says what it is about (_SECRET_ABOUT)
        "with:\n  key: ${{ runner.os }}-node\n##[endgroup]",  # actions/cache's key: no secret's name
        "steps:\n  with:\n    password: hunter\n",  # not a runner's section (indented: a workflow file's)
        "with:\n  password: \n##[endgroup]",  # no value
    ],
)
def test_what_is_no_secret_s_input_is_kept(text: str) -> None:
    redactor = Redactor()
    redactor.redact(text)
    assert "actions_input" not in redactor.counts


def test_a_group_that_never_ends_is_read_to_a_bound() -> None:
    """A section whose group no line ends within MAX_RUNNER_LINES lines: its first entries only, linear."""
    lines = ["with:", "  password: hunter", *(f"line {k}" for k in range(MAX_RUNNER_LINES * 4)), "##[endgroup]"]
    out = redact_text("\n".join(lines))
    assert "hunter" not in out and "line 0" in out and f"line {MAX_RUNNER_LINES * 4 - 1}" in out
