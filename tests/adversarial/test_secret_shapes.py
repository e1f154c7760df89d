"""Secrets never leave the facts, whatever shape the log gives them: real samples with a secret of every kind the
redactor knows planted in a hostile shape at a place the facts read (tests/adversarial/planted.py); no output a human
or a model sees holds the secret's text: the facts as `remediate facts --json` and its table print them (excerpt,
records, summaries, commands, tests), the rules' verdict and its evidence, and the triage model's prompt.
Deterministic: fixed seeds, a bounded example count."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from remediate.facts import extract_facts
from remediate.facts.redact import Redactor
from remediate.models import Facts
from tests.adversarial.planted import (
    DECLARATIONS,
    KINDS,
    LINE_KINDS,
    LINE_SHAPES,
    MULTILINE_SHAPES,
    PLACES,
    SHAPES,
    Secret,
    fields_holding,
    halves,
    interesting_lines,
    json_escaped,
    planted,
    seen,
)
from tests.facts.samples import DATA

EXAMPLES = 70


@cache
def _samples() -> tuple[Path, ...]:
    """The samples up to 64 KB (a larger one adds time, not shapes: the cuts and the big lines are planted)."""
    return tuple(
        sorted(p for p in DATA.rglob("*") if p.is_file() and p.name != "README.md" and p.stat().st_size < 65536)
    )


@cache
def _clean_facts(sample: Path) -> Facts:
    return extract_facts(sample.read_bytes(), deadline_s=None)


def _assert_hidden(facts: Facts, secret: Secret) -> None:
    for name, text in seen(facts).items():
        assert secret.hidden not in text, (name, fields_holding(facts, secret.hidden))


@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    sample=st.sampled_from(_samples()),
    kind=st.sampled_from(sorted(KINDS)),
    shape=st.sampled_from(sorted(SHAPES)),
    place=st.sampled_from(PLACES),
    seed=st.integers(0, 2**16),
)
def test_a_planted_secret_is_in_no_output(sample: Path, kind: str, shape: str, place: str, seed: int) -> None:
    rng = random.Random(seed)
    secret = KINDS[kind](rng)
    if "\n" in secret.text and shape not in MULTILINE_SHAPES:
        shape = rng.choice(MULTILINE_SHAPES)
    if kind in LINE_KINDS and shape not in LINE_SHAPES:
        shape = rng.choice(LINE_SHAPES)
    clean = _clean_facts(sample)
    log = planted(sample.read_text(errors="replace"), clean, secret, shape, place, rng)
    declared = [secret.text] if secret.caller and shape not in DECLARATIONS else []  # the log declares it
    facts = extract_facts(log.encode(), secrets=declared, deadline_s=None)
    for part in halves(secret, shape):
        _assert_hidden(facts, part)


# The carriers of credentials CI prints: a command's option, a credentials file's line, a header, a URL's userinfo, an
# environment variable, a key file's JSON. Each is planted at every place the facts read (test_every_carrier_...).
CARRIERS = (
    "curl_user",
    "mysql_password",
    "docker_login",
    "sshpass",
    "netrc_password",
    "netrc_lines",
    "stdin_login",
    "stdin_vault",
    "stdin_kubectl_secret",
    "az_federated_token",
    "basic_auth_header",
    "authorization_header",
    "jfrog_api_header",
    "cookie_header",
    "set_cookie_header",
    "json_in_query",
    "json_in_form",
    "cookie_jar",
    "cookie_jar_expanded",
    "cookie_jar_cat_a",
    "curl_added_cookie",
    "kubeconfig_client_key",
    "vault_token",
    "vault_legacy_table",
    "vault_legacy_command",
    "xxd_dump",
    "curl_trace_ascii",
    "pgpass_line",
    "keytool_storepass",
    "openssl_passout",
    "url_credentials",
    "pgpassword",
    "access_token_url",
    "npmrc_auth_token",
    "npm_config_set",
    "pip_index_url",
    "aws_credentials_file",
    "gcp_service_account",
)
# A sample with a line behind every kind of place (a record, a summary, a test id, a command, a path).
EVERY_PLACE = DATA / "make43_gcc_warnings_then_pytest.txt"


@pytest.mark.parametrize("kind", CARRIERS)
def test_every_carrier_is_hidden_at_every_place(kind: str) -> None:
    _assert_hidden_at_every_place(EVERY_PLACE, kind, lambda _: "plain")


@pytest.mark.parametrize("kind", sorted(LINE_KINDS))
def test_a_file_s_line_is_hidden_at_every_place(kind: str) -> None:
    """A YAML line's password on a line of its own after each kind of place, in each way a CI prints a file's line."""
    _assert_hidden_at_every_place(EVERY_PLACE, kind, lambda k: LINE_SHAPES[k % len(LINE_SHAPES)])


# A sample whose failure's lines are hits (jest's `FAIL`, `Test suite failed to run`) just above a planted object: in a
# long log the window around them opens above the object and ends inside its data, the kind far below (round 55's
# six-seed planted run: k8s_secret_list in long_log, seed 3).
FAILURE_ABOVE = DATA / "jest29_not_loaded_syntax.txt"
SECRET_OBJECTS = ("k8s_secret_list", "k8s_secret_json_list")


@pytest.mark.parametrize("kind", SECRET_OBJECTS)
def test_a_secret_object_below_a_failure_in_a_long_log_is_hidden_at_every_place(kind: str) -> None:
    _assert_hidden_at_every_place(FAILURE_ABOVE, kind, lambda _: "long_log")


def _assert_hidden_at_every_place(sample: Path, kind: str, shape_at: Callable[[int], str]) -> None:
    """`kind` planted in `sample` after each kind of place (the k-th place in shape `shape_at(k)`) never shows."""
    clean = _clean_facts(sample)
    for k, place in enumerate(PLACES):
        rng = random.Random(f"{kind} {place}")
        secret = KINDS[kind](rng)
        log = planted(sample.read_text(errors="replace"), clean, secret, shape_at(k), place, rng)
        _assert_hidden(extract_facts(log.encode(), deadline_s=None), secret)


def test_every_kind_is_one_the_redactor_knows() -> None:
    """A kind the redactor forgot (a rule renamed, dropped or narrowed) fails here, plainly, before the shapes."""
    for kind, make in KINDS.items():
        secret = make(random.Random(kind))
        redactor = Redactor([secret.text] if secret.caller else [])
        # a file's line is a line of its own, as are a tool's lines (a key's, a dump's)
        between = "\n" if kind in LINE_KINDS or "\n" in secret.text else " "
        assert secret.hidden not in redactor.redact(f"line{between}{secret.text}{between}end"), kind
        assert redactor.counts, kind


def test_every_shape_reaches_the_facts_of_some_place() -> None:
    """The places are real: each kind of place has lines in the samples (a planted secret lands where facts read)."""
    found = {place: 0 for place in PLACES}
    for sample in _samples()[::40]:
        lines = sample.read_text(errors="replace").split("\n")
        for place, at in interesting_lines(_clean_facts(sample), lines).items():
            found[place] += bool(at)
    assert all(found.values()), found


def test_remediate_facts_prints_no_secret_of_a_named_variable(tmp_path: Path) -> None:
    """The command as a person runs it: `--secret-env NAME` names the variable whose value the log holds, in a
    JSON report's escapes and after an `::add-mask::` of another value."""
    rng = random.Random(7)
    value, masked = KINDS["caller_secret"](rng), KINDS["caller_secret"](rng)
    log = tmp_path / "log.txt"
    log.write_text(
        f"+ echo '::add-mask::{masked.text}'\n"
        f'{{"level":"error","message":"deploy failed for {json_escaped(value.text)}"}}\n'
        f"Error: could not log in as {masked.text}\n##[error]Process completed with exit code 1.\n"
    )
    env = {**os.environ, "DEPLOY_KEY_VALUE": value.text}
    command = [sys.executable, "-m", "remediate.entry", "facts", "--log", str(log), "--secret-env", "DEPLOY_KEY_VALUE"]
    for extra in (["--json"], []):
        out = subprocess.run(
            [*command, *extra],
            capture_output=True,
            text=True,
            check=True,
            env={**env, "COLUMNS": "400"},
        ).stdout
        assert value.hidden not in out and masked.hidden not in out and "[REDACTED:" in out, out


def test_the_last_wall_redacts_what_a_reader_joins_from_two_lines_everywhere() -> None:
    """A key on one line and its value on the next: no line holds a secret a rule knows, but GHC's reader joins an
    error's message lines into the record's message, where `api_token = VALUE` is one. The facts' last wall redacts
    the message, learns the value, and so takes it out of the excerpt too (which shows the two lines apart) and
    hands it to the caller's redaction."""
    lines = (DATA / "sample_ghc_cabal.txt").read_text().split("\n")
    at = next(k for k, line in enumerate(lines) if ".hs:" in line and ": error:" in line)
    value = KINDS["caller_secret"](random.Random(3)).text
    lines[at + 2 : at + 4] = ["      Expected: api_token =", f"        {value}"]
    declared: list[str] = []
    facts = extract_facts("\n".join(lines).encode(), deadline_s=None, on_masks=declared.extend)
    assert any("api_token = [REDACTED:secret_assignment]" in e.message for e in facts.errors), facts.errors
    assert value not in facts.model_dump_json() and "[REDACTED:caller_secret]" in facts.excerpt
    assert declared == [value]
    _assert_hidden(facts, Secret(value, value))
