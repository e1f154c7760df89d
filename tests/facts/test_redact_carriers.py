"""The carriers of credentials CI prints that the rules did not read: a .netrc's entry, `npm config set KEY VALUE`,
sshpass's `-p`, JFrog's API key header (tests/adversarial/test_secret_shapes.CARRIERS plants each at every place)."""

from __future__ import annotations

import base64
import json
import random
import string
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


# Real output: curl 7.88.1's `curl -sv -c jar.txt URL` and `cat jar.txt`, GNU Wget 1.21.3's `wget --save-cookies jar.txt
# --keep-session-cookies URL` and `cat jar.txt`, against a local server (Python 3.11's http.server) that set a session,
# a remember-me token and a language; the values given at run time.
COOKIE_JARS = """\
* Added cookie sessionid="{S}" for domain localhost, path /, expire 0
< Set-Cookie: sessionid={S}; Path=/; HttpOnly
* Added cookie remember_token="{R}" for domain localhost, path /, expire 1828177200
* Added cookie lang="en" for domain localhost, path /, expire 0
# Netscape HTTP Cookie File
# https://curl.se/docs/http-cookies.html
# This file was generated by libcurl! Edit at your own risk.

localhost\tFALSE\t/\tFALSE\t0\tlang\ten
localhost\tFALSE\t/\tFALSE\t1828177200\tremember_token\t{R}
#HttpOnly_localhost\tFALSE\t/\tFALSE\t0\tsessionid\t{S}
# HTTP Cookie File
# Generated by Wget on 2026-12-07 14:40:32.
# Edit at your own risk.

localhost:18935\tFALSE\t/\tFALSE\t0\tlang\ten
localhost:18935\tFALSE\t/\tFALSE\t1828177200\tremember_token\t{R}
localhost:18935\tFALSE\t/\tFALSE\t0\tsessionid\t{S}"""


def test_a_cookie_jar_s_values_go_and_its_fields_stay() -> None:
    printed = COOKIE_JARS.format(S=SESSION, R=SESSION[::-1])
    for text in (printed, json.dumps({"log": printed})):  # its tabs escaped in a JSON string too
        out = redact_text(text)
        assert SESSION not in out and SESSION[::-1] not in out, out
        assert out.count("[REDACTED:cookie_jar]") == 6, out
        assert "lang\\ten" in out or "lang\ten" in out, out  # a short value is no session's


# Real output: the same jars (curl 8's `-c`, Wget 1.21's `--save-cookies`) printed through what expands their tabs
# (coreutils' `expand`, as a CI's console does), shows them (`cat -A`: `^I`, a `$` at each line's end) or aligns them
# (util-linux's `column -t`, blanks after the value too).
PRINTED_JARS = """\
localhost       FALSE   /       FALSE   1828177200      remember_token  {R}
#HttpOnly_localhost     FALSE   /       FALSE   0       sessionid       {S}
localhost:18935 FALSE   /       FALSE   0       sessionid       {S}
localhost^IFALSE^I/^IFALSE^I0^Ilang^Ien$
localhost^IFALSE^I/^IFALSE^I1828177200^Iremember_token^I{R}$
#HttpOnly_localhost^IFALSE^I/^IFALSE^I0^Isessionid^I{S}$
localhost            FALSE  /  FALSE  0           lang            en
localhost            FALSE  /  FALSE  1828177200  remember_token  {R}
#HttpOnly_localhost  FALSE  /  FALSE  0           sessionid       {S}                       """


def test_a_cookie_jar_s_values_go_with_its_tabs_expanded_or_shown() -> None:
    out = redact_text(PRINTED_JARS.format(S=SESSION, R=SESSION[::-1]))
    assert SESSION not in out and SESSION[::-1] not in out, out
    assert out.count("[REDACTED:cookie_jar]") == 7 and out.count("[REDACTED:cookie_jar]$") == 2, out
    assert "^Ilang^Ien$" in out and "lang            en" in out, out


# Real output: kubectl v1.32.4's `kubectl config view --raw` of a kubeconfig `kubectl config set-credentials
# --embed-certs` wrote (a client certificate and its key from openssl 3.0's `genrsa` and `req -x509`, a second user's
# token), cut to its users; plain `config view` prints `DATA+OMITTED` and `REDACTED`. The key and the certificate are
# made at run time, as base64 of PEM (the server's CA is the certificate's).
KUBECONFIG_RAW = """\
users:
- name: ci-admin
  user:
    client-certificate-data: {CERT}
    client-key-data: {KEY}
- name: ci-bot
  user:
    token: {T}"""


def _pem_base64(label: str, seed: int) -> tuple[str, str]:
    """A PEM block of `label` base64-encoded whole (as --embed-certs writes it), and a line of its body."""
    rng = random.Random(seed)
    body = ["".join(rng.choice(string.ascii_letters + string.digits + "+/") for _ in range(64)) for _ in range(6)]
    pem = "\n".join([f"-----BEGIN {label}-----", *body, f"-----END {label}-----", ""])
    return base64.b64encode(pem.encode()).decode(), body[3]


def test_a_kubeconfig_s_client_key_and_token_go_its_certificate_stays() -> None:
    cert, _ = _pem_base64("CERTIFICATE", 1)
    for label in ("PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"):
        key, _ = _pem_base64(label, 2)
        token = "Xk9fQ2mZp7LrT4vW" + "b8NcQSroGsfSjlnM"
        out = redact_text(KUBECONFIG_RAW.format(CERT=cert, KEY=key, T=token))
        assert key[20:60] not in out and token not in out, out
        assert cert in out and "client-key-data: [REDACTED:pem_private_key]" in out, out


# Real output: bash 5.2.15's xtrace of keytool (OpenJDK 17) and openssl 3.0 commands that take a keystore's or a key's
# password on their command line (`-storepass:env NAME` and `-passin env:NAME` name a variable: kept), then Vault's
# `vault token create` table (Vault is not packaged here: its documented output, a service token's `hvs.` prefix).
PASSWORD_OPTIONS = """\
+ keytool -list -v -keystore ks.p12 -storepass {P}
+ keytool -genkeypair -alias ci -keyalg RSA -dname CN=ci -storepass:env KS_PASS -keypass {P} -keystore ks.p12
+ keytool -importkeystore -srckeystore a.jks -srcstorepass {P} -destkeystore b.p12 -deststorepass {P}
+ openssl pkcs12 -export -in c.crt -inkey c.key -out c.p12 -passout pass:{P}
+ openssl rsa -in enc.key -passin env:KEY_PASS -out plain.key
Key                  Value
---                  -----
token                hvs.{T}
token_accessor       kQ2mZp7LrT4vWb8NcXk9fQ2m
token_duration       768h"""


def test_a_keystore_s_password_option_and_a_vault_token_go() -> None:
    password, token = "Ks7pW9" + "xQ2mLk", "CAESIJlWh4Zq8vLm2pXr9T" + "QSroGsfSjlnMOFIgUd"
    out = redact_text(PASSWORD_OPTIONS.format(P=password, T=token))
    assert password not in out and token not in out, out
    assert "-storepass:env KS_PASS" in out and "-passin env:KEY_PASS" in out, out
    assert out.count("[REDACTED:command_credential]") == 5 and "token                [REDACTED:vault_token]" in out


# Vault's legacy tokens (before 1.10; Vault is not packaged here, nor on PyPI, and hvac makes no token without a
# server: its documented output): `vault login`'s and `vault token lookup`'s tables (the accessor is no credential),
# a token given to a `vault` command, and the names that say Vault (`VAULT_TOKEN`, `X-Vault-Token`, curl's -H). The
# service token's body of letters alone (one in 70 has no digit), a batch token's base64url.
LEGACY_VAULT = """\
+ vault login -method=userpass username=ci
Key                  Value
---                  -----
token                s.{T}
token_accessor       {A}
token_policies       ["default"]
+ vault token lookup s.{T}
accessor            {A}
display_name        userpass-ci
id                  s.{T}
token                b.{B}
+ export VAULT_TOKEN=s.{T}
+ curl -sS -H 'X-Vault-Token: s.{T}' https://vault.example.com/v1/secret/data/app"""


def test_a_legacy_vault_token_goes_where_vault_is_named() -> None:
    token, accessor = "QkrvZpbLxWfmRtgNcByHswJa", "kQ2mZp7LrT4vWb8NcXk9fQ2m"
    batch = "AAAAAQKzXaf3M8yh8W_OMSpVHkN0nzEiyc3bnsE8bBOW4mnHwbT3j4Rg0FMoO5JUJVj3XWJZ5LNsFzTNmJd9vcNz8kU3Tt1cLt"
    out = redact_text(LEGACY_VAULT.format(T=token, A=accessor, B=batch))
    assert token not in out and batch not in out, out
    assert out.count("[REDACTED:vault_token]") == 6 and out.count(accessor) == 2, out


# Vault's `-format=json` and `-format=yaml` output of `vault login` (the token under `auth.client_token`) and `vault
# token lookup` (under `data.id`; Vault's documented output, as above), and the JSON in a one-line JSON log's string.
LEGACY_VAULT_JSON = """\
+ vault login -format=json -method=userpass username=ci
{
  "auth": {
    "client_token": "s.{T}",
    "accessor": "{A}",
+ vault token lookup -format=json
  "data": {
    "accessor": "{A}",
    "id": "s.{T}",
+ vault login -format=yaml -method=userpass username=ci
auth:
  accessor: {A}
  client_token: s.{T}
{"log":"{\\"id\\": \\"s.{T}\\"}"}"""


def test_a_legacy_vault_token_goes_where_vault_s_json_holds_it() -> None:
    token, accessor = "QkrvZpbLxWfmRtgNcByHswJa", "kQ2mZp7LrT4vWb8NcXk9fQ2m"
    out = redact_text(LEGACY_VAULT_JSON.replace("{T}", token).replace("{A}", accessor))
    assert token not in out and out.count("[REDACTED:vault_token]") == 4 and out.count(accessor) == 3, out
    assert '"client_token": "[REDACTED:vault_token]",' in out and '"id": "[REDACTED:vault_token]",' in out, out


@pytest.mark.parametrize(
    "text",
    [
        "Compiling s.ServiceAccountSettingsManager",  # a word that opens with `s.`, nothing says Vault
        "+ vault kv get -field=url secret/app",
        "token                s.ServiceAccountSettings",  # a name, no generated body
        f"ok s.{'QkrvZpbLxWfmRtgNcByHswJa'} 12",
        '  "id": "s.ServiceAccountSettings",',  # a JSON id that names, no generated body
        f'  "xid": "s.{"QkrvZpbLxWfmRtgNcByHswJa"}",',  # a key that only ends as Vault's
    ],
)
def test_an_s_dot_word_is_no_vault_token_where_vault_is_not_named(text: str) -> None:
    assert redact_text(text) == text


# Real output: OpenJDK 17's `keytool -list -v` of a PKCS12 keystore `keytool -genkeypair` made: a certificate, its
# fingerprints and extensions (its line ends' blanks left out); no secret.
KEYTOOL_LIST = """\
Keystore type: PKCS12
Keystore provider: SUN

Your keystore contains 1 entry

Alias name: ci
Creation date: Dec 7, 2026
Entry type: PrivateKeyEntry
Certificate chain length: 1
Certificate[1]:
Owner: CN=ci
Issuer: CN=ci
Serial number: 15d853b5c30d5db1
Valid from: Mon Dec 07 14:40:07 UTC 2026 until: Tue Dec 08 14:40:07 UTC 2026
Certificate fingerprints:
\t SHA1: B5:86:ED:23:8A:FB:8C:EC:9C:02:4C:AD:EE:5A:E6:C5:DA:96:45:3C
\t SHA256: 0F:FA:49:B4:E8:C0:97:1D:1A:17:84:30:24:5B:B2:51:B9:52:BD:BF:8D:47:A4:19:55:1D:48:E4:DA:55:52:14
Signature algorithm name: SHA256withRSA
Subject Public Key Algorithm: 2048-bit RSA key
Version: 3

Extensions:

#1: ObjectId: 2.5.29.14 Criticality=false
SubjectKeyIdentifier [
KeyIdentifier [
0000: 96 52 58 A2 FC 83 3B 86   9F BB AC DD 63 4C 14 BA  .RX...;.....cL..
0010: 51 EB 20 46                                        Q. F
]
]



*******************************************
*******************************************"""


def test_keytool_s_listing_holds_no_secret_and_stays() -> None:
    assert redact_text(KEYTOOL_LIST) == KEYTOOL_LIST


# Real output: `cat ~/.pgpass` (the file psql 15 reads: postgresql.org/docs/current/libpq-pgpass.html) and bash 5.2.15's
# xtrace of the echo that wrote a line of it; the passwords given at run time.
PGPASS = """\
localhost:5432:app:ci:{P}
*:*:*:deploy:{Q}
+ echo 'db.internal:5432:app:ci:{P}'
test_db[localhost:5432:app:ci:{P}] FAILED
error in localhost:5432:app:ci:{P}/src/app.js:12:5"""


def test_a_pgpass_line_s_password_goes() -> None:
    password, other = "Pw7uIo2" + "KjH9gq", "correct-horse-" + "7\\:x"  # a `\:` is the password's colon
    out = redact_text(PGPASS.format(P=password, Q=other))
    # a bracket or a path after it is taken with it where the whole word is no line of five fields (no leak either way)
    shown = PGPASS.format(P="V", Q="V").replace("V]", "V").replace("V/src", "V")
    assert PLACEHOLDER_RE.sub("V", out) == shown, out


@pytest.mark.parametrize("closed", ["]: FAILED", "): FAILED", "],", ")"])
def test_a_pgpass_line_a_bracket_closes_goes(closed: str) -> None:
    """The bracket that opened a test's id closes it, whatever follows (a progress redraw before it: the planted
    bench's `[Downloading 42%\\rh:5432:db:u:PW]:` leaked, `]` then `:` being no word's end)."""
    password = "Pw7uIo2" + "KjH9gq"
    opened = "[" if closed.startswith("]") else "("
    out = redact_text(f"test_db{opened}Downloading 42%\rlocalhost:5432:app:ci:{password}{closed}")
    assert password not in out and "localhost:5432:app:ci:" in out, out


@pytest.mark.parametrize(
    "text",
    [
        "fe80:0:0:0:200:f8ff:fe21:67cf 2001:db8:0:0:1",  # an IPv6 address: more fields, or no number for a port
        "org.apache.commons:commons-lang3:jar:3.12.0:compile",  # a Maven coordinate
        "root:x:0:0:root:/root:/bin/bash",  # /etc/passwd
        "host:5432:db:user:$PGPASSWORD 14:25:00:123:456",  # a variable; a number
    ],
)
def test_words_of_colons_that_are_no_pgpass_line_stay(text: str) -> None:
    assert redact_text(text) == text
