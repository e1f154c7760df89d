"""long_password: a password of eight characters or more in plain words (a passphrase, letters only, non-ASCII) is
redacted by the key's name, as a short one is (entropy cannot judge it); a sentence's word after a label, code's names
and placeholders are kept."""

from __future__ import annotations

import pytest

from remediate.facts.redact import Redactor, redact_text


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("password=correcthorsebatterystaple", "correcthorsebatterystaple"),
        ("export DB_PASSWORD=hunterhunter", "hunterhunter"),
        ("password: Winter/Sonne/Abend", "Winter/Sonne/Abend"),  # words and `/` (a generator's: secret_assignment)
        ("DB_PASSWORD=Grüße/Wintersonne", "Grüße/Wintersonne"),  # non-ASCII letters
        ("PASSWORD=SuperSecret make deploy", "SuperSecret"),  # an assignment before its command
        ("PGPASSWORD=postgrespw psql -h db -U app", "postgrespw"),
        ('password = "letmeinplease"', "letmeinplease"),
        ('{"password": "letmeinplease", "user": "app"}', "letmeinplease"),
        ('{\\"db_pass\\":\\"letmeinplease\\"}', "letmeinplease"),  # JSON in a JSON string
        ("ADMIN_PASS=opensesameplease", "opensesameplease"),
        ("smtp.pass: mailmailmail", "mailmailmail"),
        ("db_pwd=hunterhunter", "hunterhunter"),
    ],
)
def test_a_long_plain_password_is_redacted(line: str, value: str) -> None:
    out = redact_text(line)
    assert value not in out and "[REDACTED:long_password]" in out, out


@pytest.mark.parametrize(
    "line",
    [
        "password: authentication failed",  # a label's first word in a sentence
        'FATAL:  password authentication failed for user "app"',
        "    password=args.password,",  # code: a dotted attribute
        "PASSWORD=DB_PASSWORD",  # a variable's name
        "connect(password=secret_password)",
        "password=${{ secrets.DB_PASSWORD }}",
        "password: ${DB_PASSWORD}",
        "Password: ********",
        "password=undefined",
        "password_file=/run/secrets/db",  # the name says a file, and the value is a path
        "pwd: /home/runner/work/app/app",
        "docker login --password-stdin ghcr.io",
        "secret: my-app-tls",  # a secret's value is generated: secret_assignment judges it
        "mysql: [Warning] Using a password on the command line interface can be insecure.",
    ],
)
def test_words_code_and_placeholders_are_kept(line: str) -> None:
    redactor = Redactor()
    assert redactor.redact(line) == line
    assert "long_password" not in redactor.counts


def test_a_short_password_in_json_inside_a_string_is_redacted() -> None:
    out = redact_text('{\\"password\\":\\"abc12\\"}')
    assert "abc12" not in out and "[REDACTED:short_password]" in out, out
