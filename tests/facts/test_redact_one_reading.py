"""A line with escapes to decode is read once, decoded (Redactor._read_decoded), never again as printed: a JSON
string's `\\n` and a TeamCity message's `|n` end a command's reach as the line ends they stand for. A URL's userinfo
keeps its `%XX` escapes (a password's `%40`, `%2F`), and its password runs to the authority's last `@`."""

from __future__ import annotations

import random

import pytest

from remediate.facts.redact import PLACEHOLDER_RE, Redactor, decoded_line, decoded_text, redact_text

# Real output: Python 3.11.7's json.dumps of a step whose script is three lines, and teamcity-messages 1.33's messages
# with the same two lines in a value: `mkdir -p build` after `./login.sh` is no login's `-p PASSWORD`.
ESCAPED_LINES = [
    '{"step": "deploy", "run": "./login.sh\\nmkdir -p build\\nmake -C build"}',
    "##teamcity[blockOpened timestamp='2026-12-06T13:59:12.340' name='./login.sh|nmkdir -p build']",
    "##teamcity[message timestamp='2026-12-06T13:59:12.340' errorDetails='' status='NORMAL' "
    "text='./login.sh|nmkdir -p build']",
]


@pytest.mark.parametrize("line", ESCAPED_LINES)
def test_a_command_ends_at_an_escaped_line_end(line: str) -> None:
    assert redact_text(line) == line


def test_a_credential_before_an_escaped_line_end_still_goes() -> None:
    """The same script with its login's password on the first line: that line's `-p` is a login's."""
    line = '{"step": "deploy", "run": "docker login -u ci -p s3cretpass\\nmkdir -p build"}'
    assert redact_text(line) == (
        '{"step": "deploy", "run": "docker login -u ci -p [REDACTED:command_credential]\\nmkdir -p build"}'
    )


# Real output: git 2.39.5's `git remote -v` of remotes added with a password percent-encoded (`%40` for `@`, `%2F` for
# `/`, `%3A` for `:`, as git's documentation says to write them) and one with its `@` as typed.
REMOTES = [
    ("origin\thttps://ci:p%40ssw0rd1234@git.example.com/o/r.git (fetch)", "p%40ssw0rd1234"),
    ("mirror\thttps://ci:ab%2Fcd%3Aef99@git.example.com/o/r.git (push)", "ab%2Fcd%3Aef99"),
    ("raw\thttps://ci:p@ss@w0rd99@git.example.com/o/r.git (fetch)", "p@ss@w0rd99"),
]


@pytest.mark.parametrize(("line", "password"), REMOTES)
def test_a_url_password_goes_whole(line: str, password: str) -> None:
    redacted = redact_text(line)
    assert PLACEHOLDER_RE.sub("V", redacted) == line.replace(password, "V"), redacted


def test_a_userinfo_keeps_its_escapes_and_a_query_decodes_them() -> None:
    """Decoded, a userinfo's `%40` would end it early; a URL encoded whole in a query (a redirect's) is read decoded."""
    line = "https://ci:p%40ss@host/a?next=https%3A%2F%2Fdeploy%3Ahunter22%40git.example.com%2Fx"
    assert decoded_line(line)[0] == "https://ci:p%40ss@host/a?next=https://deploy:hunter22@git.example.com/x"
    assert redact_text(line) == (
        "https://ci:[REDACTED:url_credentials]@host/a?next=https%3A%2F%2Fdeploy%3A[REDACTED:url_credentials]"
        "%40git.example.com%2Fx"
    )


@pytest.mark.parametrize(
    "line",
    [
        "postgres://ci:s3cret@db:5432/app?sslmode=require&user=a@b",  # an `@` after the path is no userinfo's
        "see https://ci:s3cret@host/x and mail ops@example.com",
    ],
)
def test_a_url_password_ends_at_its_authority(line: str) -> None:
    assert redact_text(line) == line.replace("s3cret", "[REDACTED:url_credentials]")


def test_a_decoded_line_is_read_once() -> None:
    """A decoded line whose rules find nothing is kept as printed, and counted nowhere."""
    redactor = Redactor()
    line = ESCAPED_LINES[0]
    assert redactor.redact(line) == line and not redactor.counts


def test_decoded_text_is_decoded_lines_text() -> None:
    """The fast decoding (one substitution, no places) and the one that records the places read every line alike:
    lines drawn from the escapes' pieces, TeamCity's opening and a userinfo's."""
    pieces = [*"\\n/|'[]%@:", "2F", "40", "u00e9", "0x00e9", "##teamcity[", "://"]
    rng = random.Random(5)
    for _ in range(20_000):
        line = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 24)))
        assert decoded_text(line) == decoded_line(line)[0], line
