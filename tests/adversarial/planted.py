"""Secrets planted in real logs: every kind of secret the redactor knows (facts/redact.py's rules, a caller's
value, a value the log declares with `::add-mask::`), made from a seeded random source, in the shapes a log gives
them (colours, an OSC 8 link's target, a progress bar's redraw, the cut of a long line, a one-line JSON report's
escapes, a URL's percent-encoding, base64 of `Basic` auth), at the places the facts read (a record's message, a
summary, a command, a file path, a test id). Shared by tests/adversarial/test_secret_shapes.py."""

from __future__ import annotations

import base64
import io
import json
import random
import re
import string
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass

from rich.console import Console

from remediate.facts_command import show
from remediate.models import Facts
from remediate.triage import route_by_rules, rule_verdict
from remediate.triage.agent import render_triage_facts

_B62 = string.ascii_letters + string.digits
_B64 = _B62 + "+/"


def _drawn(rng: random.Random, n: int, alphabet: str = _B62) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


@dataclass(frozen=True)
class Secret:
    text: str  # what the log prints
    hidden: str  # the part that must appear in no output (the random body: a prefix such as `ghp_` is no secret)
    caller: bool = False  # a value the run was given as secret (extract_facts' `secrets`)


def _jwt(rng: random.Random) -> Secret:
    claims = json.dumps({"sub": _drawn(rng, 12), "nonce": _drawn(rng, 10)}).encode()
    payload = base64.urlsafe_b64encode(claims).decode().rstrip("=")
    return Secret(f"eyJhbGciOiJIUzI1NiJ9.{payload}.{_drawn(rng, 43, _B62 + '-_')}", payload)


def _pem(rng: random.Random) -> Secret:
    body = [_drawn(rng, 64, _B64) for _ in range(5)]
    return Secret("\n".join(["-----BEGIN RSA PRIVATE KEY-----", *body, "-----END RSA PRIVATE KEY-----"]), body[2])


def _keyed(key: str, alphabet: str = _B62, after: str = "") -> Callable[[random.Random], Secret]:
    def make(rng: random.Random) -> Secret:
        value = _drawn(rng, 17, alphabet) + rng.choice("0123456789") + _drawn(rng, 6, alphabet)
        return Secret(key + value + after, value)

    return make


def _vowelled(key: str, after: str = "") -> Callable[[random.Random], Secret]:
    """A key of letters alone (a generator's, or base64 that drew no digit) that reads with a word's vowels, four in ten
    (one random 24-letter value in 16 has three in ten or more), two capitals together: only its key's name says what
    it is (redact.vouched_secret)."""

    def make(rng: random.Random) -> Secret:
        letters = "".join(rng.choice(_VOWELS if k % 5 < 2 else _CONSONANTS) for k in range(22))
        value = letters[:11] + _drawn(rng, 2, string.ascii_uppercase) + letters[11:]
        return Secret(key + value + after, value)

    return make


_VOWELS = "aeiouAEIOU"
_CONSONANTS = "".join(c for c in string.ascii_letters if c not in _VOWELS)


def _slashed(key: str) -> Callable[[random.Random], Secret]:
    def make(rng: random.Random) -> Secret:
        # hidden: the tail, what a value redacted up to its first escape shows
        tail = _drawn(rng, 4, "0123456789") + _drawn(rng, 10, _B64)
        return Secret(f"{key}{_drawn(rng, 9)}/{tail}", tail)

    return make


def _slash_opened(key: str) -> Callable[[random.Random], Secret]:
    """An AWS secret access key (40 characters of base64) that opens with `/` and holds another (1 in 64 keys opens
    with one, and about half of those hold another): a path's text too, but its segments are no names."""

    def make(rng: random.Random) -> Secret:
        value = f"/{_drawn(rng, 9, _B64)}/{_drawn(rng, 10)}{rng.choice('0123456789')}{_drawn(rng, 18, _B64)}"
        return Secret(key + value, value)

    return make


def _prefixed(prefix: str, n: int, alphabet: str = _B62, between: str = "") -> Callable[[random.Random], Secret]:
    def make(rng: random.Random) -> Secret:
        body = between.join(_drawn(rng, k, alphabet) for k in ((n,) if not between else (n // 3, n - n // 3)))
        return Secret(prefix + body, body)

    return make


def _url(rng: random.Random) -> Secret:
    password = _drawn(rng, 10) + rng.choice("!~*") + _drawn(rng, 4)
    return Secret(f"https://deploy:{password}@git.example.com/org/repo.git", password)


def _caller(rng: random.Random) -> Secret:
    value = _drawn(rng, 12) + rng.choice("-_.!") + _drawn(rng, 8)
    return Secret(value, value, caller=True)


def _sas(rng: random.Random) -> Secret:
    signature = urllib.parse.quote(base64.b64encode(rng.randbytes(32)).decode(), safe="")
    query = f"sv=2022-11-02&ss=b&srt=sco&sp=rl&se=2027-01-01T00:00:00Z&spr=https&sig={signature}"
    return Secret(f"https://acct.blob.core.windows.net/build/out.zip?{query}", signature)


def _service_account(rng: random.Random) -> Secret:
    """A GCP service account's key file as `cat key.json` prints it: its private key one JSON string, `\\n` escaped."""
    body = _drawn(rng, 64, _B64)
    key = f"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n{body}\\n-----END PRIVATE KEY-----\\n"
    return Secret(
        f'{{"type": "service_account", "private_key": "{key}", "client_email": "ci@p.iam.gserviceaccount.com"}}', body
    )


def _k8s_secret(rng: random.Random) -> Secret:
    """A Secret as `kubectl create secret generic --dry-run=client -o yaml` prints it (keys sorted: data before kind)."""
    value = base64.b64encode(_drawn(rng, 18).encode()).decode()
    return Secret(f"apiVersion: v1\ndata:\n  tls.key: {value}\nkind: Secret\nmetadata:\n  name: ci-tls", value)


def _k8s_secret_list(rng: random.Random) -> Secret:
    """Secrets as `kubectl get secrets -o yaml` prints them, a `kind: List` of items (keys sorted: each item's data
    before its kind), the value at the head of a data block longer than a line window around it."""
    value = base64.b64encode(_drawn(rng, 18).encode()).decode()
    filler = [f"    cert{k}.pem: {base64.b64encode(f'part {k}'.encode()).decode()}" for k in range(240)]
    config = ["- apiVersion: v1", "  data:", "    region: eu-west-1", "  kind: ConfigMap"]
    secret = ["- apiVersion: v1", "  data:", f"    tls.key: {value}", *filler, "  kind: Secret", "  type: Opaque"]
    return Secret("\n".join(["apiVersion: v1", "items:", *config, *secret, "kind: List"]), value)


def _k8s_secret_json_list(rng: random.Random) -> Secret:
    """The same as `kubectl get secrets -o json` prints it: JSON, indented by four, data before kind."""
    value = base64.b64encode(_drawn(rng, 18).encode()).decode()
    data = {"tls.key": value, **{f"cert{k}.pem": base64.b64encode(f"part {k}".encode()).decode() for k in range(240)}}
    listed = {"apiVersion": "v1", "items": [{"apiVersion": "v1", "data": data, "kind": "Secret"}], "kind": "List"}
    return Secret(json.dumps(listed, indent=4), value)


def _k8s_secret_long(rng: random.Random) -> Secret:
    """A Secret of LONG_BODY_LINES keys as `kubectl create secret generic --dry-run=client -o yaml` prints it, the
    value its last key's: a window around the line after it opens deep in the data (the `long_log` shape), its header
    further above than the view reads (view.ABOVE_LINES). The other values encode digits, so no line of the data is a
    hit of the scan's that would open a window nearer the header."""
    value = base64.b64encode(_drawn(rng, 18).encode()).decode()
    data = [
        f"  setting-{k:04d}: {base64.b64encode(_drawn(rng, 12, string.digits).encode()).decode()}"
        for k in range(LONG_BODY_LINES)
    ]
    return Secret(
        "\n".join(
            ["apiVersion: v1", "data:", *data, f"  setting-last: {value}", "kind: Secret", "metadata:", "  name: app"]
        ),
        value,
    )


def _block_scalar_long(rng: random.Random) -> Secret:
    """`password: |` whose body is LONG_BODY_LINES lines (a key's digits), the value its last line's (as above)."""
    value = _drawn(rng, 14)
    body = [f"    {_drawn(rng, 48, string.digits)}" for _ in range(LONG_BODY_LINES)]
    return Secret("\n".join(["db:", "  password: |", *body, f"    {value}", "  user: ci"]), value)


def _deep_block_scalar(rng: random.Random) -> Secret:
    """A YAML file's block scalar under a password as kubectl's last-applied-configuration annotation holds it (`kubectl
    create configmap --from-file=app.yaml --save-config -o json`): a JSON string in a JSON string, its line ends
    `\\\\n`; the value its line's words after the first."""
    first, rest = _drawn(rng, 6), " ".join(_drawn(rng, 7) for _ in range(3))
    annotation = '{\\"data\\":{\\"app.yaml\\":\\"db:\\\\n  password: |\\\\n    ' + f"{first} {rest}"
    text = '{"annotations":{"last-applied":"' + annotation + '\\\\n  user: ci\\\\n\\"}}\\n"}}'
    return Secret(text, rest)


def _block_scalar_opening_json(rng: random.Random) -> Secret:
    """A YAML file whose first line is a block scalar's header under a password, as `kubectl create configmap
    --from-file=app.yaml -o json` holds it: the header shares its line with the JSON string's opening
    (`"app.yaml":"password: |\\n  ...`); the value its line's words after the first."""
    first, rest = _drawn(rng, 6), " ".join(_drawn(rng, 7) for _ in range(3))
    return Secret('{"data":{"app.yaml":"password: |\\n  ' + f"{first} {rest}" + '\\nuser: ci\\n"}}', rest)


LONG_BODY_LINES = 1_000  # more than the lines the view reads above a window and its tail (view.TAIL_LINES) together


def _pip_index_url(rng: random.Random) -> Secret:
    password = _drawn(rng, 14) + rng.choice("0123456789") + _drawn(rng, 5)
    return Secret(f"pip install --index-url https://ci:{password}@pypi.example.com/simple app", password)


def _quoted(key: str, close: str) -> Callable[[random.Random], Secret]:
    """A passphrase quoted after its name (`password='...'`): its words after the first are what a value read to its
    first blank shows."""

    def make(rng: random.Random) -> Secret:
        first, rest = _drawn(rng, 6), " ".join(_drawn(rng, 7) for _ in range(3))
        return Secret(f"{key}{first} {rest}{close}", rest)

    return make


def _yaml_scalar_lines(opening: str, close: str = "", fold: str = "\n\n    ") -> Callable[[random.Random], Secret]:
    """A passphrase in a YAML file's scalar over lines under a password's key, as `kubectl create configmap -o yaml`
    prints a block scalar (`password: |`) and PyYAML and yq a quoted one (`password: 'two words`, `password: "a long
    one\\` folded with an escape): the lines after the key's, a blank line (or `fold`) between them; what a line-based
    reading shows is every line after the key's."""

    def make(rng: random.Random) -> Secret:
        first, rest = _drawn(rng, 6), " ".join(_drawn(rng, 7) for _ in range(3))
        return Secret(f"db:\n  password: {opening}{first}{fold}{rest}{close}\n  user: ci", rest)

    return make


def _runner_input(name: str, section: str = "with") -> Callable[[random.Random], Secret]:
    """An input or a variable named as a secret's that a GitHub Actions runner prints in a step's `Run` group (actions/
    runner's Handler.PrintActionDetails), its value not masked: a word of lower-case letters (no shape of a secret), and
    a value over lines (an ssh key's) on unindented lines of their own."""

    def make(rng: random.Random) -> Secret:
        value = _drawn(rng, 9, string.ascii_lowercase)
        if name.startswith("ssh"):
            value = f"{value}\n{_drawn(rng, 12, string.ascii_lowercase)}"
        other = "with:\n  node-version: 20" if section == "env" else "env:\n  CI: true"
        entries = f"{section}:\n  registry: ghcr.io\n  {name}: {value}\n  username: ci"
        group = f"##[group]Run org/deploy-action@v2\n{entries}\n{other}\n##[endgroup]"
        if section == "env":
            group = f"##[group]Run org/deploy-action@v2\n{other}\n{entries}\n##[endgroup]"
        return Secret(group, value.split("\n")[-1])

    return make


def _netrc_lines(rng: random.Random) -> Secret:
    """A .netrc entry as `cat ~/.netrc` prints one written a token a line."""
    value = _drawn(rng, 14) + rng.choice("0123456789") + _drawn(rng, 5)
    return Secret(f"machine git.example.com\n  login ci\n  password {value}", value)


def _stdin_login(reader: str, echo: str = "echo") -> Callable[[random.Random], Secret]:
    """A password piped into `reader`, a command that reads it from stdin, as bash's xtrace prints the pipeline: the
    echo (`echo`, `printf '%s\\n'`) and the reader on lines of their own, in the order the subshells started (either)."""

    def make(rng: random.Random) -> Secret:
        value = f"{_drawn(rng, 9)}-{_drawn(rng, 5)} {rng.choice('0123456789')}{_drawn(rng, 4)}"
        echoed, read = f"+ {echo} '{value}'", f"+ {reader}"
        return Secret("\n".join([echoed, read] if rng.random() < 0.5 else [read, "+ cat", echoed]), value)

    return make


def _access_token_url(rng: random.Random) -> Secret:
    """A GitHub App's token in a clone URL's userinfo, as actions/checkout's docs and many scripts write it."""
    token = _drawn(rng, 30) + rng.choice("0123456789") + _drawn(rng, 9)
    return Secret(f"git clone https://x-access-token:{token}@github.com/org/repo.git", token)


def _basic_auth_header(rng: random.Random) -> Secret:
    encoded = base64.b64encode(f"ci:{_drawn(rng, 12)}{rng.choice('0123456789')}".encode()).decode()
    return Secret(f"Authorization: Basic {encoded}", encoded)


def _terraform_output(rng: random.Random) -> Secret:
    """A sensitive output as `terraform output -json` prints it (keys sorted, a line each)."""
    value = _drawn(rng, 24)
    lines = ["{", '  "api_token": {', '    "sensitive": true,', '    "type": "string",', f'    "value": "{value}"']
    return Secret("\n".join([*lines, "  }", "}"]), value)


def _terraform_show(rng: random.Random) -> Secret:
    """The same as `terraform show -json` prints it, on one line, the value before its type."""
    value = _drawn(rng, 12) + rng.choice("&<>") + _drawn(rng, 12)  # Go's encoder escapes these: `\u0026`
    escaped = value.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    outputs = f'{{"api_token":{{"sensitive":true,"value":"{escaped}","type":"string"}}}}'
    return Secret(f'{{"format_version":"1.0","values":{{"outputs":{outputs}}}}}', value[13:])


def _client_key_data(rng: random.Random) -> Secret:
    """A kubeconfig's `client-key-data` (`kubectl config view --raw`): a PEM private key base64-encoded whole."""
    pem = "\n".join(
        ["-----BEGIN PRIVATE KEY-----", *(_drawn(rng, 64, _B64) for _ in range(4)), "-----END PRIVATE KEY-----"]
    )
    encoded = base64.b64encode(pem.encode()).decode()
    return Secret(f"    client-key-data: {encoded}", encoded[60:120])


def _url_token_user(rng: random.Random) -> Secret:
    token = _drawn(rng, 20) + rng.choice("0123456789") + _drawn(rng, 11)
    return Secret(f"https://{token}@pypi.example.com/simple", token)


def _xxd(data: bytes) -> list[str]:
    """`data` as xxd prints it: an offset, 16 bytes a line in hex by twos, the same as text (`.` for a byte not shown)."""
    lines = []
    for at in range(0, len(data), 16):
        chunk = data[at : at + 16]
        pairs = " ".join(chunk[k : k + 2].hex() for k in range(0, len(chunk), 2))
        lines.append(f"{at:08x}: {pairs:<39}  {''.join(chr(b) if 32 <= b < 127 else '.' for b in chunk)}")
    return lines


def _od_c(data: bytes) -> list[str]:
    """`data` as `od -c` prints it: an octal offset, 16 bytes a line, each in a cell of four (a C escape or three octal
    digits where it is not printable)."""
    escapes = {0: "\\0", 7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r"}
    lines = []
    for at in range(0, len(data), 16):
        cells = [escapes.get(b) or (chr(b) if 32 <= b < 127 else f"{b:03o}") for b in data[at : at + 16]]
        lines.append(f"{at:07o}" + "".join(f"{cell:>4}" for cell in cells))
    return [*lines, f"{len(data):07o}"]


def _dumped(printer: str) -> Callable[[random.Random], Secret]:
    """A file holding a token as a dump prints it (xxd, hexdump -C, od -c): the token cut across the dump's lines;
    hidden, its text (od's: its cells) on the line that holds its tail (its name on another)."""

    def make(rng: random.Random) -> Secret:
        token = _drawn(rng, 11) + rng.choice("0123456789") + _drawn(rng, 20)
        data = f"DB_HOST=db\nDEPLOY_TOKEN={token}\n".encode()
        if printer == "od":
            return Secret("\n".join(_od_c(data)), "".join(f"{c:>4}" for c in token[-6:]))
        lines = _xxd(data)
        if printer == "hexdump":
            lines = _hexdump_c(lines)
        return Secret("\n".join(lines), token[-6:] if printer == "hexdump" else token[11:19])

    return make


def _hexdump_c(xxd_lines: list[str]) -> list[str]:
    """xxd's lines as `hexdump -C` prints them: a row the row above repeats squeezed to a `*` line."""
    lines: list[str] = []
    for k, ln in enumerate(xxd_lines):
        if k and ln[10:] == xxd_lines[k - 1][10:]:
            if lines[-1] != "*":
                lines.append("*")
            continue
        lines.append(f"{ln[:8]}  {_spaced(ln[10:49])}  |{ln[51:]}|")
    return lines


def _squeezed_dump(rng: random.Random) -> Secret:
    """A YAML file whose password is aligned far to the right as `hexdump -C` prints it: the rows of blanks between
    the key and its value squeezed to a `*` line; hidden, the value's text on a line below it."""
    password = _drawn(rng, 11) + rng.choice("0123456789") + _drawn(rng, 20)
    lines = _hexdump_c(_xxd(f"db_user: ci\npassword:{' ' * 48}{password}\n".encode()))
    return Secret("\n".join(lines), password[11:19])


def _trace_far(rng: random.Random) -> Secret:
    """A file's password as curl --trace-ascii prints a download of it 40 KB in: the offsets hold a letter first, the
    password cut at 0xa000, the file's line feeds shown as `.`."""
    password = _drawn(rng, 20) + rng.choice("0123456789") + _drawn(rng, 11)
    data = "x" * 31 + ".DB_PASSWORD=" + password + ".xxxxxxxxxxxx"
    lines = [f"{0x9FC0 + at:04x}: {data[at : at + 64]}" for at in range(0, len(data), 64)]
    return Secret("\n".join(["<= Recv data, 65551 bytes (0x1000f)", *lines]), password[-10:])


def _spaced(pairs: str) -> str:
    """xxd's hex by twos as hexdump -C spaces it: a byte apart, two blanks after the eighth."""
    hexes = pairs.replace(" ", "")
    cells = [hexes[k : k + 2] for k in range(0, len(hexes), 2)]
    return f"{' '.join(cells[:8]):<23}  {' '.join(cells[8:]):<23}"


def _trace_ascii(rng: random.Random) -> Secret:
    """A request's header as curl --trace-ascii prints it: an offset, 64 bytes a line, a bearer token cut at the 64th."""
    token = _drawn(rng, 30) + rng.choice("0123456789") + _drawn(rng, 40)
    header = f"Authorization: Bearer {token}"
    lines = ["=> Send header, 140 bytes (0x8c)", "0000: GET /v1/deploy HTTP/1.1", "0019: Host: ci.example.com"]
    lines += [f"{0x2D + at:04x}: {header[at : at + 64]}" for at in range(0, len(header), 64)]
    return Secret("\n".join(lines), token[44:])


def _trace_chunked(rng: random.Random) -> Secret:
    """A file's password as curl --trace-ascii prints a download it read in two chunks, the password cut between."""
    password = _drawn(rng, 20) + rng.choice("0123456789") + _drawn(rng, 11)
    lines = ["<= Recv data, 214 bytes (0xd6)", "0080: " + "x" * 63 + ".", f"00c0: DB_PASSWORD={password[:10]}"]
    lines += ["<= Recv data, 26 bytes (0x1a)", f"0000: {password[10:]}.ok."]
    return Secret("\n".join(lines), password[-12:])


KINDS: dict[str, Callable[[random.Random], Secret]] = {
    "github_token": _prefixed("ghp_", 36),
    "github_pat": _prefixed("github_pat_", 82, between="_"),
    "github_app_token": _prefixed("ghs_", 36),  # in `git clone https://x-access-token:ghs_...@github.com/...`
    "github_oauth_token": _prefixed("gho_", 36),
    "github_refresh_token": _prefixed("ghr_", 76),
    "npmrc_auth_token": _keyed("//registry.npmjs.org/:_authToken="),
    "npmrc_auth": _keyed("//npm.example.com/:_auth="),
    "pip_index_url": _pip_index_url,
    "terraform_output_json": _terraform_output,
    "terraform_show_json": _terraform_show,
    "url_token_user": _url_token_user,
    "docker_build_arg": _keyed("--build-arg NPM_TOKEN="),
    "azure_sas": _sas,
    "gcp_service_account": _service_account,
    "k8s_secret_data": _k8s_secret,
    "k8s_secret_list": _k8s_secret_list,
    "k8s_secret_json_list": _k8s_secret_json_list,
    "k8s_secret_long": _k8s_secret_long,
    "gitlab_token": _prefixed("glpat-", 20),
    "aws_access_key": _prefixed("AKIA", 16, string.ascii_uppercase + string.digits),
    "aws_secret_key": _keyed("AWS_SECRET_ACCESS_KEY=", _B64),
    "slack_token": _prefixed("xoxb-", 36, between="-"),
    "stripe_key": _prefixed("sk_live_", 24),
    "npm_token": _prefixed("npm_", 36),
    "pypi_token": _prefixed("pypi-AgEIcHlwaS5vcmc", 60, _B62 + "-_"),
    "jwt": _jwt,
    "pem_private_key": _pem,
    "url_credentials": _url,
    "authorization_header": _keyed("Authorization: Bearer "),
    "password_assignment": _keyed("password="),
    "token_assignment": _keyed("token: "),
    "caller_secret": _caller,
    # Values printed without a declaration: a `set -x` trace's export, an `env | sort` dump, a shown command's option.
    "export_trace": _keyed("+ export DEPLOY_TOKEN="),
    "env_auth": _keyed("NPM_AUTH="),
    "env_pass": _keyed("DB_PASS="),
    "docker_run_env": _keyed("docker run --rm -e SONAR_AUTH="),
    "curl_user": _keyed("curl -fsSL -u ci:"),
    "docker_login": _keyed("docker login ghcr.io -u ci -p "),
    "password_option": _keyed("helm registry login r.example.com --username ci --password "),
    "mysql_password": _keyed("mysql -h 127.0.0.1 -uroot -p"),
    # Names a secret has beyond the last word: Rails' SECRET_KEY_BASE, a personal access token's `_PAT`, a USER:PASSWORD
    # pair under an `_AUTH` name. (An .npmrc's `_auth<TAB>=` is test_redact's: a JSON string's `\\t` escape hides it.)
    "secret_key_base": _keyed("SECRET_KEY_BASE="),
    "env_pat": _keyed("GH_PAT="),
    "auth_pair": _keyed("DEPLOY_AUTH=deploy:"),
    # Letters that read with a word's vowels, under a name that says it holds a secret (the name vouches for them)
    "named_letters_env": _vowelled("CLIENT_SECRET="),
    "named_letters_yaml": _vowelled("api_key: "),
    "named_letters_camel_object": _vowelled("{ clientId: 'ci', accessToken: '", "' }"),  # Node's console.log
    "named_letters_property": _vowelled("sonar.token = "),
    # A quoted value with blanks, as the shell, YAML, JSON and a command's option print one (one value to its quote).
    "quoted_password": _quoted("password='", "'"),
    "quoted_env_password": _quoted('+ export DB_PASS="', '"'),
    "quoted_yaml_password": _quoted('  password: "', '"'),
    "quoted_json_password": _quoted('{"user": "ci", "password": "', '"}'),
    "quoted_password_option": _quoted("psql --host db --password '", "'"),
    # The carriers of credentials CI prints (test_secret_shapes.CARRIERS), beyond the kinds above.
    "netrc_password": _keyed("machine git.example.com login ci password "),
    "netrc_lines": _netrc_lines,
    "stdin_login": _stdin_login("docker login -u ci --password-stdin registry.example.com"),
    "stdin_podman": _stdin_login("podman login -u ci --password-stdin quay.io", "printf '%s\\n'"),
    "stdin_gh": _stdin_login("gh auth login --with-token", "printf %s"),
    "stdin_vault": _stdin_login("vault login -"),
    "stdin_vault_token_arg": _stdin_login("vault login -method=token token=-", "echo -n"),
    "stdin_kubectl_secret": _stdin_login(
        "kubectl create secret generic app --from-file=token=/dev/stdin --dry-run=client -o yaml", "echo -n"
    ),
    "az_federated_token": _keyed("+ az login --service-principal -u app-id --tenant tid --federated-token "),
    "npm_config_set": _keyed("npm config set //registry.npmjs.org/:_authToken "),
    "sshpass": _keyed("sshpass -p "),
    "jfrog_api_header": _keyed("X-JFrog-Art-Api: "),
    # `curl -v`'s request and response headers: a session's cookie among others, then its attributes
    # A JSON object percent-encoded in a URL's query (curl -G --data-urlencode, an access log's request line) or a
    # form's body (Python's urlencode: `%3A+%22`): only its `%22`-quoted key names the value
    "json_in_query": _vowelled("> GET /oauth/callback?code=abc123&state=%7b%22accessToken%22%3a%22", "%22%7d HTTP/1.1"),
    "json_in_form": _keyed("grant_type=client_credentials&state=%7B%22client_secret%22%3A+%22", after="%22%7D"),
    "cookie_header": _keyed("> Cookie: _ga=GA1.2.1234.5678; sessionid="),
    # curl's and wget's cookie jar (`cat jar.txt`: tabs apart, the value last), and curl -v's line as it stores one
    "cookie_jar": _keyed("#HttpOnly_localhost\tFALSE\t/\tFALSE\t0\tsessionid\t"),
    # the same jar printed through what expands its tabs (a CI's console, `expand`, `column -t`) or shows them (`cat -A`)
    "cookie_jar_expanded": _keyed("#HttpOnly_localhost     FALSE   /       FALSE   0       sessionid       "),
    "cookie_jar_cat_a": _keyed("localhost^IFALSE^I/^IFALSE^I0^Isessionid^I", after="$"),
    "curl_added_cookie": _keyed('* Added cookie sessionid="', after='" for domain localhost, path /, expire 0'),
    "kubeconfig_client_key": _client_key_data,
    # a secret a tool's framing cuts across its lines: a hex dump of a file holding it, curl --trace-ascii's 64 bytes
    "xxd_dump": _dumped("xxd"),
    "hexdump_dump": _dumped("hexdump"),
    "curl_trace_ascii": _trace_ascii,
    "od_c_dump": _dumped("od"),
    "hexdump_squeezed": _squeezed_dump,
    "curl_trace_far": _trace_far,
    "curl_trace_chunked": _trace_chunked,
    "vault_token": _prefixed("hvs.", 91),
    # Vault's legacy tokens (`s.` 24 base62, a batch token's `b.`): a row of its output's tables, a line that names Vault
    "vault_legacy_table": _prefixed("token                s.", 24),
    "vault_legacy_lookup": _prefixed("id                  s.", 24),
    "vault_legacy_batch": _prefixed("token                b.", 96, _B62 + "-_"),
    "vault_legacy_command": _prefixed("+ vault token lookup s.", 24),
    "vault_legacy_env": _prefixed("+ export VAULT_TOKEN=s.", 24),
    "vault_legacy_header": _prefixed("> X-Vault-Token: s.", 24),
    "vault_legacy_json": _keyed('    "client_token": "s.', after='",'),
    "vault_legacy_json_id": _keyed('    "id": "s.', after='",'),
    # a legacy Vault token's letters (no digit drawn) under a generic token's key: its `s.` is no name's dot
    "dotted_token_json": _prefixed('    "my_token": "s.', 24, string.ascii_letters),
    "dotted_token_yaml": _prefixed("api_token: s.", 24, string.ascii_letters),
    "dotted_token_env": _prefixed("+ export MY_TOKEN=s.", 24, string.ascii_letters),
    "pgpass_line": _keyed("localhost:5432:app:ci:"),
    # a keystore's or a key's password on keytool's and openssl's command line
    "keytool_storepass": _keyed("+ keytool -list -v -keystore ks.p12 -storepass "),
    "openssl_passout": _keyed("+ openssl pkcs12 -export -in c.crt -inkey c.key -out c.p12 -passout pass:"),
    # `docker inspect`'s environment, `aws sts get-session-token`'s and `az account get-access-token`'s JSON
    "docker_inspect_env": _vowelled('"Env": ["PATH=/usr/local/bin", "API_TOKEN=', '"],'),
    "aws_session_json": _keyed('"SecretAccessKey": "', _B64, after='",'),
    "az_access_token": _vowelled('{"accessToken": "', '", "tokenType": "Bearer"}'),
    "set_cookie_header": _vowelled("< Set-Cookie: sessionid=", "; expires=Tue, 07 Dec 2027 11:00:00 GMT; HttpOnly"),
    "pgpassword": _keyed("PGPASSWORD="),
    "aws_credentials_file": _keyed("aws_secret_access_key = ", _B64),
    "aws_key_slashes": _slash_opened("aws_secret_access_key = "),
    "access_token_url": _access_token_url,
    "basic_auth_header": _basic_auth_header,
    # curl's `-u` after a list of URLs, 800 characters after `curl`
    "curl_user_far": _keyed(
        "curl -fsSL "
        + " ".join(f"-O https://dl.example.com/v1.2.{k}/artifact-{k}.tar.gz" for k in range(14))
        + " -u ci:"
    ),
    # A password's plain scalar in a YAML file's line (a line of its own: LINE_KINDS), as `cat config.yml`, `kubectl
    # create configmap -o yaml`, `docker compose config`, Ansible's `--diff` and a list's item print it.
    "yaml_password": _quoted("password: ", ""),
    "yaml_nested_password": _quoted("      POSTGRES_PASSWORD: ", " # set by the CI"),
    "yaml_diff_password": _quoted("+  password: ", ""),
    "yaml_item_password": _quoted("  - password: ", ""),
    "block_scalar_password": _yaml_scalar_lines("|\n    "),
    "quoted_lines_password": _yaml_scalar_lines("'", "'"),
    "double_quoted_lines_password": _yaml_scalar_lines('"', '"'),
    "folded_double_quoted_password": _yaml_scalar_lines('"', '"', "\\\n    \\ "),
    "block_scalar_long_password": _block_scalar_long,
    "yaml_block_in_json_in_json_password": _deep_block_scalar,
    "block_scalar_opening_json_password": _block_scalar_opening_json,
    # A step's input or variable named as a secret's, printed by GitHub's runner in its `Run` group, not masked
    "actions_input": _runner_input("api-key"),
    "actions_input_lines": _runner_input("ssh-key"),
    "actions_env": _runner_input("DEPLOY_TOKEN", "env"),
    # A .properties, INI or Makefile line's password, the rest of its line (java.util.Properties' `store`, configparser)
    "properties_password": _quoted("spring.datasource.password=", ""),
    "properties_ini_password": _quoted("DB_PASSWORD = ", ""),
    # a blank between key and value (java.util.Properties reads it as `=`), a dotted key's line next to it
    "properties_blank_password": _quoted(
        "spring.datasource.password ", "\nspring.datasource.url=jdbc:postgresql://db/app"
    ),
    # a token's, a secret's, a named key's: the rest of the line after `=`, `:` or a blank (a file `cat` printed whole)
    "properties_secret": _quoted("app.client.secret=", ""),
    "properties_colon_api_key": _quoted("payments.api.key: ", ""),
    "properties_blank_token": _quoted("app.jwt.token ", "\nspring.application.name shop"),
    # A file's line in a JSON string (`kubectl get configmap -o json`), and a level down (its last-applied annotation)
    "yaml_in_json_password": _quoted('{"data":{"app.yaml":"db:\\n  user: ci\\n  password: ', '\\n"}}'),
    "properties_in_json_password": _quoted(
        '{"last-applied":"{\\"data\\":{\\"app.properties\\":\\"spring.datasource.password=', '\\\\nx=1\\\\n\\"}}"}'
    ),
    # a token's, a secret's, a named key's there too, after `=` or a blank (a dotted key's line next to it)
    "properties_secret_in_json": _quoted(
        '{"last-applied":"{\\"data\\":{\\"app.properties\\":\\"app.client.secret=', '\\\\nx=1\\\\n\\"}}"}'
    ),
    "properties_blank_token_in_json": _quoted(
        '{"last-applied":"{\\"data\\":{\\"app.properties\\":\\"app.jwt.token ',
        '\\\\nspring.application.name shop\\\\n\\"}}"}',
    ),
    # A label's value after other text on its line (a generator's, a script's echo)
    "label_password": _quoted("Generated password: ", ""),
    # a base64 value, a `/` in its first half (escaped as `\/` in the JSON shapes, as PHP's json_encode writes it)
    "slashed_secret": _slashed("client_secret="),
}


def json_escaped(text: str) -> str:
    """`text` in a JSON string as a tool may write it: `/` as `\\/`, its first letter as `\\u00XX`."""
    escaped = json.dumps(text)[1:-1].replace("/", "\\/")
    i = next((k for k, c in enumerate(escaped) if c.isalpha()), 0)
    return f"{escaped[:i]}\\u{ord(escaped[i]):04x}{escaped[i + 1 :]}"


def teamcity_escaped(text: str) -> str:
    """`text` as a TeamCity service message's value (facts/teamcityescape.py: `|` before a quote, a bar, a bracket;
    a newline as `|n`)."""
    for char, escape in (("|", "||"), ("'", "|'"), ("[", "|["), ("]", "|]"), ("\n", "|n"), ("\r", "|r")):
        text = text.replace(char, escape)
    return text


# Each shape: (how the secret's text is printed, whether it is a line of its own). A line cut for length keeps its
# first 2,048 and last 1,024 bytes (reader.MAX_LINE_BYTES): the secret straddles one cut or the other.
SHAPES: dict[str, tuple[Callable[[str], str], bool]] = {
    "plain": (lambda s: s, False),
    "colour": (lambda s: f"\x1b[1;31m{s}\x1b[0m", False),
    "osc8_link": (lambda s: f"\x1b]8;;https://ci.example.com/?q={urllib.parse.quote(s)}\x1b\\{s}\x1b]8;;\x1b\\", False),
    "osc8_target": (lambda s: f"\x1b]8;;https://ci.example.com/?q={s}\x1b\\details\x1b]8;;\x1b\\", False),
    "progress_redraw": (lambda s: f"Downloading  42%\r{s}", False),
    "redrawn_over": (lambda s: f"{s}\rProgress: 100%", False),
    "error_frame": (lambda s: f"error: {s}\r   ", False),
    "percent_query": (lambda s: "https://api.example.com/v1?auth=" + urllib.parse.quote(s, safe=""), False),
    "basic_auth": (lambda s: "Authorization: Basic " + base64.b64encode(f"ci:{s}".encode()).decode(), False),
    "head_cut": (lambda s: "x" * 2040 + s + " " + "y" * 5000, True),
    # the cut inside a word before the secret's (head_cut and context_cut cut inside the secret's own)
    "tail_cut": (lambda s: "x " * 3000 + "z" * 989 + " " + s + " end", True),
    # the kept tail opens about 30 bytes before the secret's end: inside its context (`curl -u ci:`, `--token `), the
    # line long enough that its middle is dropped while it is read
    "context_cut": (lambda s: "x " * 6000 + s + " " + "y " * 495 + "end", True),
    "megabyte_line": (lambda s: "a" * (1 << 20) + " " + s + " " + "b" * 100, True),
    "json_report": (lambda s: '{"results":[{"message":"' + json_escaped(s) + '","pad":"' + "p" * 5000 + '"}]}', True),
    "json_field": (lambda s: '{"level":"error","message":"' + json_escaped(s) + '"}', True),
    "teamcity_message": (lambda s: f"##teamcity[message text='{teamcity_escaped(s)}' status='ERROR']", True),
    "add_mask": (lambda s: s, False),
    "cr_split": (lambda s: s, False),  # the secret cut in two frames by a redraw (SPLITS; halves)
    "column_one_split": (lambda s: s, False),
    "erase_split": (lambda s: s, False),
    "azure_setsecret": (lambda s: s, False),
    "azure_setvariable": (lambda s: s, False),
    "declared_far": (lambda s: s, False),
    # a file's line as a CI prints it, on a line of its own: as it is, after GitHub's timestamp, docker compose's prefix
    "own_line": (lambda s: s, True),
    "timestamped_line": (lambda s: f"2026-12-06T16:09:51.0590042Z {s}", True),
    "compose_line": (lambda s: f"db-1  | {s}", True),
}
# The kinds that are a file's line (a YAML mapping's, a .properties file's: the line is what makes its scalar a value)
# or a label's value to its line's end, planted only as a line of its own (LINE_SHAPES); after other text the line is
# prose, whose words the redactor reads as before (a value to the line's end would hold what a shape adds after it).
LINE_KINDS = frozenset(kind for kind in KINDS if kind.startswith(("yaml_", "properties_", "label_")))
LINE_SHAPES = ("own_line", "timestamped_line", "compose_line")
# The redraws a pty prints between two frames of a line: a carriage return, a cursor move to column 1 (bats' and
# log-update's `ESC[G`, `ESC[1G`), the line erased before its return (`ESC[2K` then `\r`, as progress bars do).
SPLITS = {"cr_split": "\r", "column_one_split": "\x1b[1G", "erase_split": "\x1b[2K\r"}
# The shapes of a line a wrap at a fixed width cut (`fold -w`, textwrap's break_long_words), on a line of its own after
# a logger's prefix (as wide as a wrap's line, dumplines.MIN_FOLD_WIDTH): where in the secret's body the wrap cuts (a
# share of its length: inside it, halves; or right before it, its name on the line above). Planted on request
# (bench/secret_shapes.py --shapes): a few kinds still leak so (the note of round 61's secrets lane says which).
FOLDS = {"fold_in_value": 0.5, "fold_before_value": 0.0}
FOLD_PREFIX = "INFO  [deploy-worker-3] deploy.settings: resolved "
# The shapes where the log itself declares the secret (DECLARATIONS' line at its head) and prints it where planted: the
# value is no caller's. `declared_far`: GitHub's declaration at line 100 of a log too big for the view to read whole
# (view.MAX_VIEW_LINES), in no window the view keeps.
DECLARATIONS = {
    "add_mask": "+ echo '::add-mask::{}'",
    "azure_setsecret": "+ echo '##vso[task.setsecret]{}'",
    "azure_setvariable": "+ echo '##vso[task.setvariable variable=DEPLOY_KEY;issecret=true]{}'",
    "declared_far": "+ echo '::add-mask::{}'",
}
FAR_LINES = 41_000
# The shapes that print the secret percent-encoded (halves).
PERCENT_SHAPES = frozenset({"percent_query", "osc8_link"})
# The shapes a multi-line secret (a PEM key) comes in: its lines are lines of the log, in a view's read piece or
# across two (view.PIECE_LINES: from its first line, or from the line that holds its hidden part), or in a log too long
# to read whole (FAR_LINES before it: a window around a hit).
MULTILINE_SHAPES = ("plain", "piece_edge", "edge_above_hidden", "long_log")
PLACES = ("record", "summary", "test_id", "command", "path")


def halves(secret: Secret, shape: str) -> list[Secret]:
    """What must appear in no output: the secret's hidden body, or for a split shape (SPLITS) each of its two halves
    (the frames clean_line keeps show one or both); in a shape that percent-encodes it (PERCENT_SHAPES), as encoded
    too (a body with a blank, a `/` or a `+` shows only so)."""
    if shape in PERCENT_SHAPES:
        return [secret, Secret(secret.text, urllib.parse.quote(secret.hidden, safe=""))]
    if shape not in SPLITS and FOLDS.get(shape) != 0.5:
        return [secret]
    half = len(secret.hidden) // 2
    return [Secret(secret.text, part) for part in (secret.hidden[:half], secret.hidden[half:])]


def interesting_lines(facts: Facts, lines: list[str]) -> dict[str, list[int]]:
    """The lines (1-based) behind each kind of fact of a log: its records', summaries', failing tests' and commands'."""

    def holding(texts: list[str]) -> list[int]:
        return [k for k, line in enumerate(lines, 1) if any(t and t in line for t in texts)]

    return {
        "record": [e.log_line for e in facts.errors if e.log_line and e.log_line <= len(lines)],
        "summary": [s.log_line for s in facts.summaries if s.log_line <= len(lines)],
        "test_id": holding([t.id for t in facts.failing_tests]),
        "command": holding([c for c in (facts.failing_command, facts.failed_line) if c]),
        "path": [e.log_line for e in facts.errors if e.log_line and e.file and e.log_line <= len(lines)],
    }


def planted(log: str, facts: Facts, secret: Secret, shape: str, place: str, rng: random.Random) -> str:
    """`log` with `secret` printed in `shape` at a line of `place` (the log's last line when it has none)."""
    lines = log.split("\n")
    at = rng.choice(interesting_lines(facts, lines)[place] or [len(lines)])
    if "\n" in secret.text:
        if shape == "piece_edge":  # its BEGIN line the last of the view's first read piece
            lines[:0] = [f"setup line {k}" for k in range(1999)]
            at = 2000
        elif shape == "edge_above_hidden":  # the line that holds its hidden part the first of the second piece
            row = next((k for k, line in enumerate(secret.text.split("\n")) if secret.hidden in line), 0)
            lines[:0] = [f"setup line {k}" for k in range(2000 - row)]
            at = 2001 - row
        elif shape == "long_log":
            lines[:0] = [f"setup line {k}" for k in range(FAR_LINES)]
            at += FAR_LINES
        lines[at - 1 : at - 1] = secret.text.split("\n")
        return "\n".join(lines)
    printed, own_line = SHAPES.get(shape, (str, True))  # a fold's (FOLDS) is a line of its own
    text = printed(secret.text)
    if shape in SPLITS:  # a pty's redraw between the halves of the secret's body
        cut = secret.text.find(secret.hidden) + len(secret.hidden) // 2
        text = f"{secret.text[:cut]}{SPLITS[shape]}{secret.text[cut:]}"
    if shape in FOLDS:
        cut = len(FOLD_PREFIX) + secret.text.find(secret.hidden) + int(len(secret.hidden) * FOLDS[shape])
        text = _folded(FOLD_PREFIX + secret.text, cut)
    if shape in DECLARATIONS:
        declaration = [DECLARATIONS[shape].format(secret.text)]
        if shape == "declared_far":
            declaration = [f"setup {k} ok" for k in range(100)] + declaration + ["setup ok"] * FAR_LINES
        lines[:0] = declaration
        at += len(declaration)
    line = lines[at - 1]
    if own_line:
        lines.insert(at, text)
    elif place == "path" and (file := next((e.file for e in facts.errors if e.log_line == at and e.file), None)):
        lines[at - 1] = line.replace(file, f"{secret.text}/{file}", 1) if file in line else f"{line} {text}"
    elif place == "test_id":
        ids = [t.id for t in facts.failing_tests if t.id in line]
        lines[at - 1] = line.replace(ids[0], f"{ids[0]}[{text}]", 1) if ids else f"{line} {text}"
    else:
        lines[at - 1] = f"{line} {text}"
    return "\n".join(lines)


def _folded(text: str, width: int) -> str:
    """`text` as `fold -w width` prints it (no tab, no wide character)."""
    return "\n".join(text[k : k + width] for k in range(0, len(text), width))


_ESCAPED_SLASH = re.compile(r"\\+/")


def seen(facts: Facts) -> dict[str, str]:
    """Every output a human or a model sees of these facts: `remediate facts --json` and its table, the rules'
    verdict (its evidence) and route, the triage model's prompt."""
    table = io.StringIO()
    show(facts, Console(file=table, width=100_000, soft_wrap=True))
    verdict = rule_verdict(facts)
    outputs = {
        "facts --json": facts.model_dump_json(indent=2),
        "facts table": table.getvalue(),
        "verdict": repr(verdict),
        "route": repr(route_by_rules(facts)),
        "triage prompt": render_triage_facts(facts, None, verdict),
    }
    # A JSON string's `\/` is the `/` it stands for to whoever reads it (PHP's json_encode writes every `/` so; the
    # facts' JSON escapes the backslash once more): a secret shown with its slashes escaped is shown.
    read = {f"{name}, \\/ read as /": _ESCAPED_SLASH.sub("/", text) for name, text in outputs.items() if "\\/" in text}
    return outputs | read


def fields_holding(facts: Facts, hidden: str) -> list[str]:
    """The facts' fields that hold `hidden` (to say where a secret leaked)."""
    found: list[str] = []

    def walk(value: object, path: str) -> None:
        if isinstance(value, str) and hidden in value:
            found.append(path)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}")
        elif isinstance(value, list):
            for item in value:
                walk(item, f"{path}[]")

    walk(json.loads(facts.model_dump_json()), "")
    return found
