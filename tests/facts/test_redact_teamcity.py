"""A TeamCity service message's value read decoded (redact.decoded_line, teamcityescape): `|n` is the end of a line the
value holds, so a password ends there and the next line's words stay; `|'`, `|[`, `|]` and `|0xNNNN` read as what they
stand for; `||` stays as printed (read as `|`, the next pass would read `||n` as a newline); the line stays one line."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.redact import Redactor, redact_text

# Real output: teamcity-messages 1.33's unittest runner (TeamcityTestRunner, Python 3.11.7), a test whose error prints the
# settings it read: its details hold `password=hunter2` and the lines around it (the whole output: UNITTEST_LOG).
UNITTEST = (
    "##teamcity[testFailed timestamp='2026-12-06T10:53:28.893' details='Traceback (most recent call last):|n"
    '  File "/tmp/secrets_tc/test_settings_ut.py", line 14, in test_port|n'
    '    raise ValueError("no port in settings:\\n" + SETTINGS + "port is required")|n'
    "ValueError: no port in settings:|n"
    "|[database|]|n"
    "host=db.internal|n"
    "user=ci|n"
    "password=hunter2|n"
    "port is required|n"
    "' flowId='__main__.DatabaseSettingsTest.test_port' message='Error' name='__main__.DatabaseSettingsTest.test_port']"
)

UNITTEST_LOG = (
    (
        "##teamcity[testCount timestamp='2026-12-06T10:53:28.889' count='1']\n"
        "##teamcity[testStarted timestamp='2026-12-06T10:53:28.890' captureStandardOutput='true' "
        "flowId='__main__.DatabaseSettingsTest.test_port' name='__main__.DatabaseSettingsTest.test_port']\n"
    )
    + UNITTEST
    + "\n"
    + (
        "##teamcity[testFinished timestamp='2026-12-06T10:53:28.894' duration='3' "
        "flowId='__main__.DatabaseSettingsTest.test_port' name='__main__.DatabaseSettingsTest.test_port']\n"
        "\n"
        "\n"
        "Ran 1 test in 0.004s\n"
        "\n"
        "FAILED (errors=1)\n"
    )
)

# Real output: pytest 9.2.0 with teamcity-messages 1.33's plugin (TEAMCITY_VERSION set), the same error: the password is
# the details' last line before the frame's place, `test_settings.py:11: ValueError`.
PYTEST = (
    "FAILED                              [100%]##teamcity[testFailed timestamp='2026-12-06T10:44:37.756' details='def test_database_port():|n"
    "        settings = read(SETTINGS)|n"
    '        if "port" not in settings:|n'
    '>           raise ValueError("no port in settings:\\n" + SETTINGS)|n'
    "E           ValueError: no port in settings:|n"
    "E           |[database|]|n"
    "E           host=db.internal|n"
    "E           user=ci|n"
    "E           password=hunter2|n"
    "|n"
    "test_settings.py:11: ValueError' flowId='test_settings.test_database_port' message='test_settings.py:7 (test_database_port)' name='test_settings.test_database_port']"
)


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        (UNITTEST, "|npassword=[REDACTED:short_password]|nport is required|n'"),
        (PYTEST, "password=[REDACTED:short_password]|n|ntest_settings.py:11: ValueError'"),
    ],
)
def test_a_password_ends_at_the_messages_newline(line: str, kept: str) -> None:
    out = redact_text(line)
    assert "hunter2" not in out and kept in out, out
    assert out.replace("[REDACTED:short_password]", "hunter2") == line  # nothing else moved
    assert redact_text(out) == out


def test_a_log_of_messages_shows_no_password() -> None:
    facts = extract_facts(UNITTEST_LOG.encode(), deadline_s=None)
    shown = facts.model_dump_json()
    assert "hunter2" not in shown and "|npassword=[REDACTED:" in shown


@pytest.mark.parametrize(
    ("line", "secret", "kept"),
    [
        (
            "##teamcity[testFailed name='t' details='password=hunter2|nValueError: boom|n']",
            "hunter2",
            "|nValueError: boom",
        ),
        ("##teamcity[message text='password=ab||ncd|nnext']", "ab||ncd", "|nnext'"),  # `||n` is a bar and an n
        ("##teamcity[message text='x: password=|'hunter2|' y']", "hunter2", "password=|'"),
        ("##teamcity[message text='token: QSroGsfSj" + "lnMOFIgUdkXwQe|nE   next|n']", "QSroG", "|nE   next|n"),
        ("##teamcity[message text='https://ci:pa|[ss|]@example.com/x|nnext']", "pa|[ss", "@example.com/x|nnext"),
        ("##teamcity[message text='DB_PASSWORD=h|0x00fcnter22|ndone']", "nter22", "|ndone'"),
    ],
)
def test_escaped_values_go_whole_and_the_rest_stays(line: str, secret: str, kept: str) -> None:
    out = redact_text(line)
    assert secret not in out and kept in out and "\n" not in out, out


def test_a_key_across_the_messages_newlines_keeps_the_line_one_line() -> None:
    body = "MIIEowIBAAKCAQEAx1y2z3|nabcdefghijklmnopqrstuvwxyzABCD"
    line = f"##teamcity[message text='-----BEGIN RSA PRIVATE KEY-----|n{body}|n-----END RSA PRIVATE KEY-----|ndone']"
    out = redact_text(line)
    assert "MIIE" not in out and "abcdefghij" not in out and "\n" not in out and out.endswith("|ndone']"), out


def test_a_line_that_cannot_be_mapped_back_stays_one_line() -> None:
    """Where the spans cannot be told (the kept ` Xr9 ` also inside the value), the decoded line is shown, its values
    redacted and its newlines written back as `|n`."""
    redactor = Redactor(["Zq8v'Lm2p Xr9"])
    out = redactor.redact("##teamcity[message text='|nZq8v|'Lm2p Xr9 Xr9 Zq8v|'Lm2p Xr9|n']")
    assert out == "##teamcity[message text='|n[REDACTED:caller_secret] Xr9 [REDACTED:caller_secret]|n']"


def test_bars_outside_a_message_are_not_escapes() -> None:
    line = "| password=hunter2|nope | x |"  # a table's cell, no service message
    assert redact_text(line) == "| password=[REDACTED:long_password] | x |"
