"""A password piped into a command that reads it from stdin (`echo "$PASS" | docker login --password-stdin`), as a
shell's xtrace prints the pipeline: the echo's argument is the credential, in whichever order the lines come."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from remediate.facts.redact import PLACEHOLDER_RE, Redactor

PASSWORD = "s3cr3t-Pass w0rd"

# Real output: bash 5.2.15's xtrace of these pipelines (docker 28.2's CLI and a shell function standing for the
# reader alike print `+ docker login ...`), in the orders seen over repeated runs; base64's complaint interleaved.
TRACED = [
    "+ docker login -u ci-bot --password-stdin registry.example.invalid\n+ cat\n+ echo 's3cr3t-Pass w0rd'",
    "+ echo 's3cr3t-Pass w0rd'\n+ docker login -u ci-bot --password-stdin registry.example.invalid\n+ cat",
    "+ echo 's3cr3t-Pass w0rd'\n+ base64 -d\nbase64: + cat\ninvalid input\n+ docker login -u ci --password-stdin r.invalid",
    "+ printf %s 's3cr3t-Pass w0rd'\n+ gh auth login --with-token",
    "+ echo 'ci:s3cr3t-Pass w0rd'\n+ chpasswd",
    # GitHub's downloaded log keeps each line's timestamp
    "2026-04-22T16:09:51.0590042Z + echo 's3cr3t-Pass w0rd'\n2026-04-22T16:09:51.0590492Z + docker login -u ci"
    " --password-stdin ghcr.io",
    # round 51: the other readers of stdin (shell functions standing for vault, podman and kubectl, as above)
    "+ echo 's3cr3t-Pass w0rd'\n+ vault login -",
    "+ echo 's3cr3t-Pass w0rd'\n+ vault login token=-",
    "+ printf %s 's3cr3t-Pass w0rd'\n+ vault login -method=token token=-",
    # printf's format holds an escape (`\\n`): its line is read with the pipeline's, not decoded alone
    "+ podman login -u ci --password-stdin quay.io\n+ cat\n+ printf '%s\\n' 's3cr3t-Pass w0rd'",
    "+ echo -n 's3cr3t-Pass w0rd'\n+ kubectl create secret generic app --from-file=token=/dev/stdin --dry-run=client"
    " -o yaml",
]


@pytest.mark.parametrize("text", TRACED)
def test_the_echoed_password_goes_in_either_order(text: str) -> None:
    redactor = Redactor()
    redacted = redactor.redact(text)
    assert "w0rd" not in redacted and "s3cr3t" not in redacted, redacted
    assert redactor.counts["stdin_credential"] == 1
    # only the echo's argument: the commands stay as they were
    shown = text.replace(f"'ci:{PASSWORD}'", "V").replace(f"'{PASSWORD}'", "V")
    assert PLACEHOLDER_RE.sub("V", redacted) == shown


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_s_own_trace_never_shows_it() -> None:
    """bash run here, several times (its subshells race, so the order varies): the reader is a shell function that
    reads stdin, as `docker login` does, so the trace is bash's own."""
    script = (
        'docker() { cat >/dev/null; }; echo "$PASS" | base64 -d 2>/dev/null | docker login -u ci --password-stdin r'
    )
    for _ in range(6):
        trace = subprocess.run(
            ["bash", "-xc", script], env={**os.environ, "PASS": PASSWORD}, capture_output=True, text=True, check=False
        ).stderr
        assert PASSWORD in trace  # the trace shows it ...
        assert "w0rd" not in Redactor().redact(trace), trace  # ... the redaction does not


@pytest.mark.parametrize(
    "text",
    [
        "+ echo 'Logging in to the registry'\n+ docker build -t app .",  # no reader of stdin
        "+ echo '$REGISTRY_PASSWORD'\n+ docker login --password-stdin",  # not expanded: no value shown
        "+ echo '***'\n+ docker login -u ci --password-stdin ghcr.io",  # the CI's mask
        "+ echo 's3cr3t-Pass w0rd'\n+ a\n+ b\n+ c\n+ d\n+ docker login --password-stdin r",  # four lines apart
    ],
)
def test_an_echo_no_reader_reads_stays(text: str) -> None:
    redactor = Redactor()
    assert redactor.redact(text) == text
    assert not redactor.counts


def test_a_here_string_s_value_bash_never_traces() -> None:
    """`docker login --password-stdin <<< "$PASS"`: bash's xtrace prints the command without its here-string, so there
    is no value to read (bash run here)."""
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    script = 'docker() { cat >/dev/null; }; docker login -u ci --password-stdin r <<< "$PASS"; vault() { :; }; vault login - <<< "$PASS"'
    trace = subprocess.run(
        ["bash", "-xc", script], env={**os.environ, "PASS": PASSWORD}, capture_output=True, text=True, check=False
    ).stderr
    assert "+ docker login -u ci --password-stdin r" in trace and PASSWORD not in trace


def test_a_federated_token_given_on_the_command_line_goes() -> None:
    """`az login --federated-token "$(cat $AZURE_FEDERATED_TOKEN_FILE)"` as bash 5.2.15's xtrace printed it here."""
    line = "+ az login --service-principal -u app-id --tenant tid --federated-token 's3cr3t-Pass w0rd'"
    assert Redactor().redact(line) == line.replace(PASSWORD, "[REDACTED:command_credential]")
