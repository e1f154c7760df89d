"""A quoted value after a credential's name is one value, to its closing quote, however many blanks it holds
(redact.quoted_end, the rules' `quoted`): `password='hunter 2'` used to show ` 2`, a passphrase its words after the first.
An unquoted value still ends at its first blank."""

from __future__ import annotations

import pytest

from remediate.facts.redact import PLACEHOLDER_RE, Redactor, quoted_end, redact_text

# Real output: bash 5.2.15's xtrace (`set -x`) of a script that sets and passes passwords with blanks (the command's
# own output left out). bash quotes a word with a blank whole, the option's or the name's head inside the quote.
XTRACE = [
    ("+ export 'DB_PASS=x7 y8 z9'", "x7 y8 z9"),
    ("+ DB_PASS='x7 y8 z9'", "x7 y8 z9"),
    ("+ export 'PASSWORD=correct horse battery staple'", "correct horse battery staple"),
    ("+ PASSWORD='correct horse battery staple'", "correct horse battery staple"),
    ("+ mysqladmin --user=ci '--password=two words here' ping", "two words here"),
    ("+ docker login -u ci -p 'open sesame 42' ghcr.io", "open sesame 42"),
    ("+ curl -fsS -u 'ci:pass phrase 9' https://repo.example.com/", "pass phrase 9"),
    ("+ mysql -uroot '-pit'\\''s mine' -e 'select 1'", "it'\\''s mine"),
    ("+ psql --host db --password 'it'\\''s a b' -c 'select 1'", "it'\\''s a b"),
]

# Real output: Python 3.11.7's json.dumps (a JSON report, and one inside another's string), repr of a dict, PyYAML
# 6.0.4's safe_dump of a quoted scalar's line as a config file writes it, and teamcity-messages 1.33's message.
PRINTED = [
    ('{"user": "ci", "password": "two words here"}', "two words here"),
    ('{"log": "{\\"password\\": \\"two words here\\"}"}', "two words here"),
    ('{"msg": "login failed: password=\\"hunter 2\\""}', "hunter 2"),
    ("{'password': 'hunter 2'}", "hunter 2"),
    ("  password: 'two words: here'", "two words: here"),
    (
        "##teamcity[buildProblem timestamp='2026-12-06T13:36:59.302' "
        "description='login failed: password=|'hunter 2|'']",
        "hunter 2",
    ),
]


@pytest.mark.parametrize(("line", "value"), XTRACE + PRINTED)
def test_a_quoted_value_goes_whole(line: str, value: str) -> None:
    """The value as printed is one placeholder, all the rest of the line as it was."""
    redacted = redact_text(line)
    assert PLACEHOLDER_RE.sub("V", redacted) == line.replace(value, "V", 1), redacted


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ('print("password: " + pw + " for " + user)', 'print("password: " + pw + " for " + user)'),
        ('password: "{{ secrets.DB_PASSWORD }} now"', 'password: "{{ secrets.DB_PASSWORD }} now"'),
        ('password: "<your password here>"', 'password: "<your password here>"'),
        ("echo 'the password=' is set", "echo 'the password=' is set"),
        ("password: authentication failed for user ci", "password: authentication failed for user ci"),
        ('{"message":"password=\\"7391\\""}', '{"message":"password=\\"[REDACTED:short_password]\\""}'),
        ("password=hunter2 make deploy", "password=[REDACTED:short_password] make deploy"),
    ],
)
def test_what_is_no_quoted_value_stays_as_it_was(line: str, kept: str) -> None:
    """A program's string that ends after the name, a template, a placeholder, an unquoted word: as before."""
    assert redact_text(line) == kept


def test_a_value_the_word_rules_take_whole_keeps_their_name() -> None:
    """A quoted value without a blank or a separator is short_password's or long_password's, as it was."""
    assert redact_text("PASSWORD='hunter2'") == "PASSWORD='[REDACTED:short_password]'"
    assert redact_text('password: "correcthorse"') == 'password: "[REDACTED:long_password]"'


def test_a_quoted_head_that_looks_secret_goes_whole_and_alone_where_the_whole_does_not() -> None:
    """secret_assignment judges the quoted run whole (looks_secret); where the whole reads as no secret, the head it
    judged before goes as before, never less."""
    assert redact_text("token='ab1cd2ef3gh4 ij5kl6'") == "token='[REDACTED:secret_assignment]'"
    redactor = Redactor()
    letters = "QSroGsfSjlnMOFIgUdkXwQe"  # letters a generator made: secret alone, not with a word after it
    assert redactor.redact(f"token='{letters} and more'") == "token='[REDACTED:secret_assignment] and more'"


@pytest.mark.parametrize(
    ("text", "quote", "end"),
    [
        ('a b" x', '"', 3),
        ('a \\" b" x', '"', 6),  # an escaped quote is the value's
        ('a\\\\" x', '"', 3),  # an escaped backslash, then the closing quote
        ("it'\\''s' x", "'", 7),  # bash's quote inside a quoted word
        ('a b\\" x', '\\"', 3),  # a JSON string's quote
        ('a \\\\\\" b\\" x', '\\"', 8),  # a quote escaped once more inside it
        ('a b" x', '\\"', 3),  # the JSON string's own end
        ("a b\nc'", "'", None),  # no quote closes on the line
        ("a" * 300 + "'", "'", None),  # nor within a passphrase's length
    ],
)
def test_quoted_end(text: str, quote: str, end: int | None) -> None:
    assert quoted_end(text, 0, quote) == end
