"""secret_assignment (looks_secret): a value of letters alone under a credential's name (or letters with base64's `/`
and `+`) is a credential where it has a credential's length, both cases and letters that read as no words
(_generated_letters); a sentence's words, a constant's name, a path and a CamelCase name stay."""

from __future__ import annotations

import base64
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
