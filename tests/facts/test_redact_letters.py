"""secret_assignment (looks_secret): a value of letters alone under a credential's name (or letters with base64's `/`
and `+`) is a credential where it has a credential's length, both cases and letters that read as no words
(_generated_letters); a sentence's words, a constant's name, a path and a CamelCase name stay."""

from __future__ import annotations

import base64
import json
import random
import string

import pytest

from remediate.facts.redact import looks_secret, redact_text

# Fake credentials of the shapes the brief names, built at run time (no scanner mistakes this file for a leak).
LETTERS = "ghpabcdef" + "xyzQWERTYlmnopq"
SECRET = "QSroGsfSj" + "lnMOFIgUdkXwQe"
ALTERNATING = "AbCdEfGhIj" + "KlMnOpQrStUvWx"
SLASHED = "QSroG/sfSj" + "lnMOFIgUdk"


@pytest.mark.parametrize(
    ("line", "value"),
    [
        (f"API_TOKEN={LETTERS}", LETTERS),
        (f'{{"secret": "{SECRET}"}}', SECRET),
        (f"client_secret: {ALTERNATING}", ALTERNATING),
        (f"token: {SLASHED}", SLASHED),
        (f"password: {SLASHED}", SLASHED),
        (f'{{"api_key":"{SLASHED}+Xw=="}}', SLASHED),
        (f"export STRIPE_SECRET='{SECRET}'", SECRET),
    ],
)
def test_letters_a_generator_made_are_redacted(line: str, value: str) -> None:
    out = redact_text(line)
    assert value not in out and "[REDACTED:secret_assignment]" in out, out


@pytest.mark.parametrize(
    "line",
    [
        "token: expired",
        "secret: required",
        "TOKEN_TYPE=Bearer",
        "token=CancellationTokenSource",
        "token=UsernamePasswordAuthenticationToken",
        "SECRET_KEY=DJANGO_SECRET_KEY_FROM_ENVIRONMENT",
        "token: refs/heads/Main/featureBranchName",
        "api_key: abcdefghijklmnopqrstuvwxyz",
        "access_token: ShortOne",
    ],
)
def test_words_names_and_paths_stay(line: str) -> None:
    assert redact_text(line) == line


def test_most_random_letters_and_base64_of_text_read_as_generated() -> None:
    """Measured, not a rule of one value: of 2,000 random 24-letter values of both cases, nine in ten read as generated
    (the rest have as many vowels as words); base64 of random bytes with no digit, the same."""
    rng = random.Random(49)
    letters = ["".join(rng.choice(string.ascii_letters) for _ in range(24)) for _ in range(2000)]
    assert sum(map(looks_secret, letters)) > 1700
    blobs = [base64.b64encode(rng.randbytes(18)).decode() for _ in range(20000)]
    no_digit = [b for b in blobs if not any(c.isdigit() for c in b)][:200]
    assert len(no_digit) >= 50 and sum(map(looks_secret, no_digit)) > len(no_digit) * 0.8


# A generator's letters that read with a word's vowels (two in five: one random 24-letter value in 16 has three in ten
# or more), two capitals together (no CamelCase name): looks_secret cannot tell them from words, their key's name can.
VOWELLED = "aGeqUoPiDFyrObeNgAndy" + "GuPKiPvcIe"
# Real output (the value given at run time): `env -i NPM_TOKEN=V CLIENT_SECRET=V ... env | sort`, bash 5.2's xtrace of
# `export API_KEY=V`, OpenJDK 17.0.15's `java -Dsonar.token=V -XshowSettings:properties -version`, Node 20's
# `JSON.stringify({clientId, clientSecret, accessToken})`, Python 3.11's repr of a dict.
NAMED_OUTPUT = """\
CLIENT_SECRET={V}
HOME=/root
NPM_TOKEN={V}
+ export API_KEY={V}
+ API_KEY={V}
    java.version = 17.0.15
    sonar.token = {V}
{{"clientId":"ci","clientSecret":"{V}","accessToken":"{V}"}}
{{'api_key': '{V}', 'user': 'ci'}}"""


def test_a_secret_s_name_vouches_for_letters_that_read_as_words() -> None:
    assert not looks_secret(VOWELLED)
    out = redact_text(NAMED_OUTPUT.format(V=VOWELLED))
    assert VOWELLED not in out and out.count("[REDACTED:secret_assignment]") == 8, out


@pytest.mark.parametrize(
    "line",
    [
        f"token: {VOWELLED}",  # a word alone may be prose's (`Unexpected token: Identifier`)
        f"Unexpected token: {VOWELLED}",
        "GITHUB_TOKEN=getElementsByClassName",
        "accessToken = CancellationTokenSource",
        "API_KEY: YOUR_API_KEY_GOES_HERE",
        "client_secret: value_from_env_or_vault",
        "NPM_TOKEN: ${{ secrets.NPM_TOKEN }}",
        "deploy_key: /home/runner/work/app/deploy_keyfile",
        "signing_key: refs/heads/Release/nightlyBuilds",
        "api_key: false",
        "DEPLOY_TOKEN: <redacted>",
        "client_secret: ShortOne",
    ],
)
def test_a_vouching_name_keeps_words_names_and_placeholders(line: str) -> None:
    assert redact_text(line) == line


def test_random_letters_under_a_secret_s_name_are_redacted() -> None:
    """Measured: of 2,000 random 24-letter values and of base64 keys with no digit, under a name that vouches, at most
    one in 1,000 is missed (words joined in CamelCase by chance), where looks_secret alone misses one in 16."""
    rng = random.Random(57)
    letters = ["".join(rng.choice(string.ascii_letters) for _ in range(24)) for _ in range(2000)]
    blobs = [base64.b64encode(rng.randbytes(18)).decode() for _ in range(30000)]
    no_digit = [b for b in blobs if not any(c.isdigit() for c in b)][:300]
    missed = [v for v in letters + no_digit if v in redact_text(f"CLIENT_SECRET={v}")]
    assert len(missed) <= 2, missed
    assert sum(not looks_secret(v) for v in letters) > 60


# A legacy Vault token's shape (an issuer's `s.` before a generator's letters) under a generic token's key, where its
# body holds no digit: the dot ended the letters' run, so the value read as a dotted name.
DOTTED = "s." + "QkrvZpbLxWmtNqHsYdGfJcRk"


@pytest.mark.parametrize(
    "shown",
    [
        json.dumps({"my_token": DOTTED}),  # Python 3's json, as a tool's `-format=json` prints it
        f"api_token: {DOTTED}",
        f"my_token={DOTTED}",
        f"export SERVICE_TOKEN='{'xyz.' + DOTTED[2:]}'",
    ],
)
def test_letters_after_an_issuer_s_short_prefix_are_redacted(shown: str) -> None:
    out = redact_text(shown)
    assert DOTTED[2:] not in out and "[REDACTED:" in out, out


@pytest.mark.parametrize(
    "line",
    [
        "my_token=os.environGetTokenValue",
        "api_token: np.PyTorchCheckpointLoader",
        "secret = cfg.DatabaseConnectionSecret",
        "token: self.AccessTokenProviderFactory",
    ],
)
def test_dotted_names_stay(line: str) -> None:
    assert redact_text(line) == line
