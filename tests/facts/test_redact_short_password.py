"""short_password: a short value after a password's name is redacted, unless the words say it is a count of something
(a number of tries, a length, a number of calls) or the quotes around it hold nothing."""

from __future__ import annotations

import pytest

from remediate.facts.redact import Redactor, redact_text

# Real output of `sudo -V` as root (Sudo version 1.9.13p3, Debian 12's sudo), the lines that name a password: a
# setting's description, each value a setting's (two on main were redacted: `3`, and no other).
SUDO_V = """\
Password prompt timeout: 0.0 minutes
Number of tries to enter a password: 3
Incorrect password message: Sorry, try again.
Default password prompt: [sudo] password for %p:\x20
When to require a password for 'list' pseudocommand: any
When to require a password for 'verify' pseudocommand: all
Store plaintext passwords in I/O log input
List of regular expressions to use when matching a password prompt"""


def test_sudo_s_settings_keep_their_values() -> None:
    redactor = Redactor()
    assert redactor.redact(SUDO_V) == SUDO_V
    assert not redactor.counts


@pytest.mark.parametrize(
    "line",
    [
        "rabbit_password: 2 unresolved calls",  # Erlang's xref: a module's count
        "password: 8 characters",
        "Minimum length of a password: 8",
        "an account's password: 90 days",
        "Days before a password expires: 7",
        'echo -e "[client]\\nuser=root\\npassword=\\"\\"" > .my.cnf',  # an empty password, its quotes escaped
        "password: 0.5 seconds",
    ],
)
def test_a_count_or_an_empty_value_after_a_password_s_name_is_kept(line: str) -> None:
    assert redact_text(line) == line


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("password: hunter2", "hunter2"),
        ("Password: 1234", "1234"),
        ("DB_PASSWORD=1234 make deploy", "1234"),  # an assignment: the next word is a command, not what it counts
        ("mysql_password: 1234 host: db", "1234"),  # a label's number followed by the next label
        ("MySQL root password: 4321", "4321"),
        ("Your new password: 8xK2", "8xK2"),
        ('password=\\"abc12\\"', "abc12"),  # in a JSON string: its quotes escaped
        ('{"message":"password=\\"7391\\""}', "7391"),
        ("secret: 42", "42"),
        ("Enter a password: hunter2", "hunter2"),  # a word after "a password" is still a value
    ],
)
def test_a_short_password_is_redacted(line: str, value: str) -> None:
    out = redact_text(line)
    assert value not in out and "[REDACTED:short_password]" in out, out
