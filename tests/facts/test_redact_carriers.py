"""The carriers of credentials CI prints that the rules did not read: a .netrc's entry, `npm config set KEY VALUE`,
sshpass's `-p`, JFrog's API key header (tests/adversarial/test_secret_shapes.CARRIERS plants each at every place)."""

from __future__ import annotations

import urllib.parse

import pytest

from remediate.facts.redact import PLACEHOLDER_RE, redact_text

# Real output: bash 5.2.15's xtrace of a script that writes and prints a .netrc and runs npm 11.19's `config set`,
# sshpass (not installed: bash traces the command all the same) and curl 7.88.1 with JFrog's header; the values fakes.
XTRACE = [
    ("machine git.example.com login ci password Zq8vLm2pXr9T", "Zq8vLm2pXr9T"),
    ("+ npm config set //registry.npmjs.org/:_authToken Np9xQ2wLk7Vb3Rt", "Np9xQ2wLk7Vb3Rt"),
    ("+ sshpass -p Ss7hPw9xQ2 ssh ci@deploy.example.com true", "Ss7hPw9xQ2"),
    (
        "+ curl -sS -H 'X-JFrog-Art-Api: AKCp8jQ2wLk7Vb3RtZq8vLm2pXr9T' "
        "https://artifactory.example.invalid/api/system/ping",
        "AKCp8jQ2wLk7Vb3RtZq8vLm2pXr9T",
    ),
    # the same entry as a .netrc written a token a line
    ("machine git.example.com\n  login ci\n  password Zq8vLm2pXr9T", "Zq8vLm2pXr9T"),
    ("default login anonymous password guest@example.com", "guest@example.com"),
]


@pytest.mark.parametrize(("text", "value"), XTRACE)
def test_a_carrier_s_value_goes(text: str, value: str) -> None:
    redacted = redact_text(text)
    assert PLACEHOLDER_RE.sub("V", redacted) == text.replace(value, "V"), redacted


@pytest.mark.parametrize(
    "text",
    [
        "the default password is set in settings.py",
        "machine learning password reset flow",
        "npm config set //registry.npmjs.org/:_authToken ${NPM_TOKEN}",
        "sshpass -p $DEPLOY_PASSWORD ssh ci@host",
    ],
)
def test_prose_and_variables_stay(text: str) -> None:
    """A netrc's words in prose (no `login` token), and a value a script names rather than prints."""
    assert redact_text(text) == text


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        # a secret's name then ` = `: the next assignment, whose value goes (a credentials file's line in a query)
        ("auth=aws_secret_access_key = wJalrXUtnFEMI/K7MDENG", "auth=aws_secret_access_key = V"),
        # a value then ` =` that starts no assignment of a secret's name: the value goes (round 51's Hypothesis find)
        ("aws_secret_access_key=wJalrXUtnFEMI/K7MDENG =", "aws_secret_access_key=V ="),
        ("aws_secret_access_key=wJalrXUtnFEMI/K7MDENG = 3", "aws_secret_access_key=V = 3"),
    ],
)
def test_a_value_gives_way_only_to_a_secret_s_name_assigned_after_it(line: str, shown: str) -> None:
    assert PLACEHOLDER_RE.sub("V", redact_text(line)) == shown


def test_a_service_account_s_key_id_is_shown_its_private_key_is_not() -> None:
    """A GCP service account's key file as `cat key.json` prints it (its fields as Google's docs list them). The key's
    id stays: Google publishes every key's id with its public certificate (the account's x509 metadata, keyed by the
    id), so it grants nothing, and it tells which key a failing login used. The private key goes."""
    key_id = "4f1c2b3a9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a"
    body = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKB"
    printed = (
        f'{{"type": "service_account", "project_id": "ci-project", "private_key_id": "{key_id}", "private_key": '
        f'"-----BEGIN PRIVATE KEY-----\\n{body}\\n-----END PRIVATE KEY-----\\n", "client_email": '
        '"ci@ci-project.iam.gserviceaccount.com"}'
    )
    out = redact_text(printed)
    assert key_id in out and body not in out, out


# Real output: curl 7.88.1's `curl -sv -H 'Cookie: _ga=...; sessionid=V' -H 'X-Api-Key: V' URL` against a local server
# (Python 3.11's http.server) that answered with two Set-Cookie headers; the value given at run time.
CURL_COOKIES = """\
> GET /login HTTP/1.1
> Host: 127.0.0.1:18758
> User-Agent: curl/7.88.1
> Accept: */*
> Cookie: _ga=GA1.2.1234.5678; sessionid={V}
> X-Api-Key: {V}
>
* HTTP 1.0, assume close after body
< HTTP/1.0 302 Found
< Server: BaseHTTP/0.6 Python/3.11.7
< Set-Cookie: sessionid={V}; expires=Tue, 07 Dec 2027 11:00:00 GMT; HttpOnly; Max-Age=31536000; Path=/; SameSite=Lax
< Set-Cookie: csrftoken=ZZCSRF; Path=/
< Location: /home"""
SESSION = "aGeqUoPiDFyrObeNgAndy" + "GuPKiPvcIe"


def test_a_cookie_header_s_session_goes() -> None:
    """A request's Cookie header goes whole (every pair: which one is the session is the site's), a response's
    Set-Cookie its first pair's value; the cookies' names and attributes stay."""
    out = redact_text(CURL_COOKIES.format(V=SESSION))
    assert SESSION not in out, out
    assert "> Cookie: [REDACTED:cookie_header]\n" in out
    assert "< Set-Cookie: sessionid=[REDACTED:cookie_header]; expires=Tue, 07 Dec 2027" in out
    assert "< Set-Cookie: csrftoken=[REDACTED:cookie_header]; Path=/" in out


@pytest.mark.parametrize(
    "text",
    [
        '    "cookie": "^0.5.0",',  # a package.json's dependency
        "cookie-parser: 1.4.6",
        "> Cookie: lang=en; theme=dark",
        "Cookie: $SESSION_COOKIE",
        "Set-Cookie: sessionid=<redacted>; Path=/",
    ],
)
def test_a_cookie_s_name_without_a_session_stays(text: str) -> None:
    assert redact_text(text) == text


# Real output: Terraform 1.11.4's `terraform output -json`, `terraform show -json` (its outputs) and `terraform state
# pull` (its outputs) after applying outputs marked `sensitive = true` (a string, a connection string); plan and apply
# print `(sensitive value)`, these print the value. The values given at run time.
TERRAFORM_OUTPUTS = """\
$ terraform output -json
{
  "api_token": {
    "sensitive": true,
    "type": "string",
    "value": "{T}"
  },
  "conn": {
    "sensitive": true,
    "type": "string",
    "value": "postgres://ci:{P}@db:5432/app"
  }
}
$ terraform show -json
{"format_version":"1.0","terraform_version":"1.11.4","values":{"outputs":{"api_token":{"sensitive":true,"value":"{T}",\
"type":"string"},"conn":{"sensitive":true,"value":"postgres://ci:{P}@db:5432/app","type":"string"}}}}
$ terraform state pull
  "outputs": {
    "api_token": {
      "value": "{T}",
      "type": "string",
      "sensitive": true
    },"""


def test_a_terraform_output_s_sensitive_value_goes() -> None:
    token, password = "tF4kQ9wZx2" + "LmP8vN3rY7", "Pw7uIo2" + "KjH9gq"
    out = redact_text(TERRAFORM_OUTPUTS.replace("{T}", token).replace("{P}", password))
    assert token not in out and password not in out, out
    assert out.count("[REDACTED:terraform_sensitive]") == 3 and out.count('"sensitive": true') == 3, out


@pytest.mark.parametrize(
    "text",
    [
        '{"api_url": {"sensitive": false, "type": "string", "value": "https://api.example.com"}}',
        '{"sensitive_attributes": [], "value": "visible"}',
        "  + db_password = (sensitive value)",
    ],
)
def test_what_terraform_does_not_mark_sensitive_stays(text: str) -> None:
    assert redact_text(text) == text


def test_a_sensitive_value_in_a_url_s_query_goes() -> None:
    """`terraform show -json`'s output percent-encoded in a URL's query: its quotes `%22`, which the decoded reading
    keeps."""
    printed = "https://ci.example.com/?q=" + urllib.parse.quote(
        '{"api_token":{"sensitive":true,"value":"tF4kQ9wZx2Lm"}}'
    )
    out = redact_text(printed)
    assert "tF4kQ9wZx2Lm" not in out and "[REDACTED:terraform_sensitive]" in out, out
