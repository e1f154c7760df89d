"""A value inside a JSON string is read decoded: its escapes (PHP's json_encode writes every `/` as `\\/`) cut it
nowhere, and the line keeps the escapes it was printed with around the placeholders."""

from __future__ import annotations

import json
import re

import pytest

from remediate.facts.redact import Redactor, redact_text

# Real output of PHP 8.2.36's json_encode (`php -r 'echo json_encode([...]);'`, php-cli 8.2 from Debian 12): every
# `/` escaped, a non-ASCII letter as `\u00XX`. The values are fakes of the right shapes.
PHP_TOKEN_AND_URL = (
    r'{"access_token":"IEdNbS8ZGSuk\/KxXLDGcIZIDB\/15XeyxoYUCjaT1",'
    r'"url":"https:\/\/deploy:Qw3rty9x@git.example.com\/r.git","note":"caf\u00e9 \/ bar"}'
)
PHP_MESSAGE = (
    r'{"level":"error","message":"deploy failed: export '
    r'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI9K7\/MDENG\/bPxRfiCYzEXAMPLEKEY"}'
)
KEY_BODY = [
    "MIIEowIBAAKCAQEAx1yZ0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJK",
    "LMNOPQRSTUVWXYZ0123456789+/abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN",
    "Zq8vLm2pXr9T/Wb3nK7sD1fG4hJ6lP0oI9uY8tR5eE2wQ3aS4dF5gH6jK7lZ8xC9vB",
]


def php_json(value: object) -> str:
    """`value` as json_encode writes it: checked byte for byte against PHP 8.2.36 on a service account's JSON."""
    return json.dumps(value, separators=(",", ":")).replace("/", "\\/")


def slashes_read(text: str) -> str:
    return re.sub(r"\\+/", "/", text)


@pytest.mark.parametrize(
    ("line", "values", "kept"),
    [
        (
            PHP_TOKEN_AND_URL,
            ["IEdNbS8ZGSuk/KxXLDGcIZIDB/15XeyxoYUCjaT1", "Qw3rty9x"],
            [r'"url":"https:\/\/deploy:', r"@git.example.com\/r.git", r'"note":"caf\u00e9 \/ bar"'],
        ),
        (PHP_MESSAGE, ["wJalrXUtnFEMI9K7/MDENG/bPxRfiCYzEXAMPLEKEY"], [r'"message":"deploy failed: export ']),
    ],
)
def test_a_value_with_escaped_slashes_is_redacted_whole_and_the_line_keeps_its_escapes(
    line: str, values: list[str], kept: list[str]
) -> None:
    out = redact_text(line)
    # no piece of a value, its slashes escaped or read
    for value in values:
        assert all(piece not in slashes_read(out) for piece in value.split("/") if len(piece) > 3), out
    assert all(text in out for text in kept), out
    assert json.loads(out) and redact_text(out) == out


@pytest.mark.parametrize("cut", [88, 158, 229, 260, 300])
def test_a_private_key_in_json_cut_before_its_end_is_redacted_to_the_cut(cut: int) -> None:
    """A service account's JSON (its key's `\\n` and `\\/` escaped) cut before the key's END marker: a line too long
    for a reader, a key printed in part; the cut inside a body line (a short piece), inside an escape."""
    key = "\n".join(["-----BEGIN RSA PRIVATE KEY-----", *KEY_BODY, "-----END RSA PRIVATE KEY-----", ""])
    line = php_json({"type": "service_account", "private_key": key})[:cut]
    out = redact_text(line)
    assert all(body[:12] not in slashes_read(out) and body[-12:] not in slashes_read(out) for body in KEY_BODY), out
    assert out.startswith('{"type":"service_account","private_key":"[REDACTED:pem_private_key]')


def test_escapes_before_after_and_inside_values_map_back_to_the_line_as_printed() -> None:
    values = [f"Zx9qLm2Pw{k}/Rt4K+v8sQ1/aB{k}" for k in range(3)]
    obj = {
        "path": "a/b/c",
        "token": values[0],
        "see": "caf\u00e9 / x",
        "client_secret": values[1],
        "password": values[2],
    }
    line = php_json(obj).replace('"see"', r'"\u0073ee"')  # an escape json_encode does not write, before a value
    out = redact_text(line)
    assert json.loads(out) == {
        "path": "a/b/c",
        "token": "[REDACTED:secret_assignment]",
        "see": "caf\u00e9 / x",
        "client_secret": "[REDACTED:secret_assignment]",
        "password": "[REDACTED:secret_assignment]",
    }
    assert out.startswith(r'{"path":"a\/b\/c"') and r'"\u0073ee":"caf\u00e9 \/ x"' in out


def test_a_kept_piece_a_value_also_holds_shows_the_decoded_line() -> None:
    """The spans a redaction of the decoded line took cannot be told where the text it kept between two values also
    occurs inside one (` Xr9 ` below): the line is then shown decoded, its values redacted, as before."""
    secret = "Zq8v/Lm2p Xr9"
    redactor = Redactor([secret])
    out = redactor.redact(r"Zq8v\/Lm2p Xr9 Xr9 Zq8v\/Lm2p Xr9")
    assert out == "[REDACTED:caller_secret] Xr9 [REDACTED:caller_secret]"
    assert redactor.counts["caller_secret"] == 2


def test_lines_whose_escapes_hide_no_secret_are_kept_as_printed() -> None:
    line = php_json({"url": "https://example.com/a/b", "note": "caf\u00e9 / bar", "token_count": 3})
    assert redact_text(line) == line


# Real output: pytest 9.2.0 (Python 3.11.7), an assertion on a settings string: its repr writes each newline as `\n`.
PYTEST_REPR = (
    "    def test_settings_name_the_schema():\n"
    '>       assert "schema=" in SETTINGS\n'
    r"E       AssertionError: assert 'schema=' in '[database]\nhost=db.internal\nuser=ci\npassword=hunter2\nport=5432\n'"
)
# Real output: Python 3.11.7's json.dumps of a log record holding the same settings.
JSON_RECORD = (
    r'{"level": "error", "msg": "bad settings", "settings": "[database]\nuser=ci\npassword=hunter2\nport=5432\n"}'
)


@pytest.mark.parametrize(("text", "kept"), [(PYTEST_REPR, r"\nport=5432\n'"), (JSON_RECORD, r"\nport=5432\n" + '"}')])
def test_an_escaped_newline_ends_a_value(text: str, kept: str) -> None:
    """`\\n` in a repr or a JSON string is the end of a line the value holds: the password before it ends there (it was
    no value at all, followed by `\\n`), and the next line's words stay."""
    out = redact_text(text)
    assert "hunter2" not in out and out.endswith(kept) and out.count("\n") == text.count("\n"), out
    assert out.replace("[REDACTED:short_password]", "hunter2") == text


def test_an_escaped_backslash_before_an_n_is_no_newline() -> None:
    line = r'{"path": "C:\\new\\node", "password": "ab\\ncd12xy"}'  # the value is `ab\ncd12xy`, a backslash in it
    out = redact_text(line)
    assert "cd12xy" not in out and out.startswith(r'{"path": "C:\\new\\node"'), out
