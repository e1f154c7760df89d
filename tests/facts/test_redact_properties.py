"""properties_password: a .properties, INI or Makefile line's password is the rest of the line (java.util.Properties,
configparser and make read it so): `db.password = two words here` used to show `words here`. The line is that file's
where its key is dotted or a blank stands beside its `=`; a shell's `DB_PASSWORD=x make deploy` and code are not."""

from __future__ import annotations

import configparser
import io
import re

import pytest

from remediate.facts.redact import Redactor, redact_text

# Real output, the lines after the header comment:
# - OpenJDK 17.0.15's java.util.Properties.store of {"spring.datasource.url": "jdbc:postgresql://db:5432/app",
#   "spring.datasource.password": "correct horse battery staple", "db.password": "two words #here"} (`java Store.java`);
STORED = """\
#Sun Dec 06 19:20:40 UTC 2026
db.password=two words \\#here
spring.datasource.url=jdbc\\:postgresql\\://db\\:5432/app
spring.datasource.password=correct horse battery staple"""


def test_java_s_stored_properties_hide_every_password() -> None:
    redactor = Redactor()
    out = redactor.redact(STORED)
    for value in ("two words \\#here", "correct horse battery staple"):
        assert value in STORED and value not in out and value.split(" ", 1)[1] not in out, out
    assert "spring.datasource.url=jdbc\\:postgresql\\://db\\:5432/app" in out
    assert redactor.counts == {"properties_password": 2}


def test_configparser_s_ini_hides_the_password() -> None:
    """Python's configparser, run here: `key = value`, blanks beside the `=`."""
    config = configparser.ConfigParser()
    config["client"] = {"user": "ci", "password": "correct horse battery"}
    printed = io.StringIO()
    config.write(printed)
    out = redact_text(printed.getvalue())
    assert "horse" not in out and "battery" not in out and "user = ci" in out, out


@pytest.mark.parametrize(
    "line",
    [
        "DB_PASSWORD=hunter2 make deploy",  # a shell's assignment before a command: the value is its word
        "+ DB_PASSWORD=hunter2 make deploy",
        "    password = self.password or default",  # code: a traceback's source line
        "    password = getpass(prompt)",
        "db.password = is not set",  # a verdict, a count, a template
        "password = 3 attempts",
        "DB_PASSWORD = $(shell cat .pw)",
        "the db.password = two words",  # not the key of its line: prose
        "db.password was rotated today",  # a dotted key and a blank: a logger's or a sentence's words
    ],
)
def test_what_is_no_properties_line_s_password_is_left_to_the_word_rules(line: str) -> None:
    """The word rules read these as before (a value of one word at most: `hunter2`)."""
    redactor = Redactor()
    out = redactor.redact(line)
    assert "properties_password" not in redactor.counts, out
    assert out.split()[-1] == line.split()[-1]


@pytest.mark.parametrize(
    ("line", "redacted"),
    [
        ("db.password = two words here", "db.password = [REDACTED:properties_password]"),
        ("spring.datasource.password=Sup3r secret", "spring.datasource.password=[REDACTED:properties_password]"),
        ("DB_PASSWORD = correct horse battery", "DB_PASSWORD = [REDACTED:properties_password]"),  # a Makefile's
        (
            "2026-12-06T16:09:51.0590042Z app.db.password = two words",
            "2026-12-06T16:09:51.0590042Z app.db.password = [REDACTED:properties_password]",
        ),
    ],
)
def test_a_properties_line_s_password_goes_whole(line: str, redacted: str) -> None:
    assert redact_text(line) == redacted


# A hand-written .properties file as `cat` prints it, a blank between a key and its value, which OpenJDK 17.0.15's
# Properties.load reads as `=` (`java Load.java app.properties` printed `[Sup3r secret words]` for the password and
# `spring.datasource.username=ci` in its `list`).
BLANK_PARTED = """\
# database settings
spring.datasource.url=jdbc:postgresql://db:5432/app
spring.datasource.username ci
spring.datasource.password Sup3r secret words
spring.jpa.open-in-view: false"""


def test_a_blank_parted_password_in_a_properties_file_goes_whole() -> None:
    redactor = Redactor()
    out = redactor.redact(BLANK_PARTED)
    assert "Sup3r" not in out and "secret words" not in out, out
    assert "spring.datasource.password [REDACTED:properties_password]" in out and "username ci" in out
    assert redactor.counts == {"properties_password": 1}


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("db.password k8Xq2mZ9pL4w", True),  # a generated value: no file's line needed
        ("app.db.password hunter2\napp.db.user=ci", True),  # a dotted key's line below
        ("2026-12-06T16:09:51Z a.b=c\n2026-12-06T16:09:51Z db.password two words", True),  # after the CI's prefix
        ("db.password was rotated today\nnext step", False),  # prose: no file's line beside it
        ("a.b=c\ndb.password 2 unresolved calls", False),  # a count
        ("a.b=c\ndb.password self.password", False),  # code
    ],
)
def test_a_blank_parted_line_is_a_file_s_by_its_neighbours_or_its_value(text: str, hidden: bool) -> None:
    redactor = Redactor()
    redactor.redact(text)
    assert ("properties_password" in redactor.counts) == hidden


# Real output, made here with OpenJDK 17.0.15 (javac 17.0.15): `cat application.properties`, a file written as
# java.util.Properties#load reads it (keys and values parted by a blank or a colon), then `java Dump
# application.properties`, a program that loads it and prints it with Properties.store (what Java read: each value the
# rest of its line).
CAT_THEN_STORED = """\
+ cat application.properties
# application.properties, keys and values parted by a blank or a colon (java.util.Properties#load)
spring.application.name shop
spring.datasource.url jdbc:postgresql://db:5432/shop
spring.datasource.username shop
spring.datasource.password correct horse battery staple
app.jwt.token eyJhbGciOiJIUzI1NiJ9 second half
app.secret s3cr3t value
payments.api.key: AbCdEfGhIjKlMnOpQrStUvWx
server.port 8080
+ java Dump application.properties
#loaded from application.properties
#Mon Dec 07 08:22:06 UTC 2026
spring.datasource.username=shop
spring.datasource.url=jdbc\\:postgresql\\://db\\:5432/shop
spring.application.name=shop
payments.api.key=AbCdEfGhIjKlMnOpQrStUvWx
server.port=8080
app.jwt.token=eyJhbGciOiJIUzI1NiJ9 second half
spring.datasource.password=correct horse battery staple
app.secret=s3cr3t value"""
SECRETS = (
    "correct horse battery staple",
    "eyJhbGciOiJIUzI1NiJ9 second half",
    "s3cr3t value",
    "AbCdEfGhIjKlMnOpQrStUvWx",
)


def test_a_properties_file_s_every_secret_goes_whole_however_its_key_and_value_are_parted() -> None:
    """A token's, a secret's and a named key's value as a password's: the rest of the line, after `=`, `:` or a blank
    (`app.secret=s3cr3t value` used to show ` value`; `app.jwt.token eyJ... second half` all of it)."""
    out = redact_text(CAT_THEN_STORED)
    keys = ("spring.datasource.password", "app.jwt.token", "app.secret", "payments.api.key")
    held = [line for line in out.split("\n") if line.startswith(keys)]
    assert len(held) == 8 and all(re.fullmatch(r"[a-z.]+(?: |: |=)\[REDACTED:\w+\]", line) for line in held), held
    assert not [value for value in SECRETS if value in out or value.split()[-1] + "\n" in out]
    for line in ("spring.datasource.username shop", "server.port 8080", "spring.application.name=shop"):
        assert line in out.split("\n")


@pytest.mark.parametrize(
    "line",
    [
        "app.token was refreshed",  # a dotted key and a blank, alone: a logger's words
        "spring.ai.max-token 512\nserver.port 8080",  # a count beside a file's line: no password's
        "app.token: expired after 3 days",  # a tool's word on it
        "    token = get_token(x)",  # code
    ],
)
def test_what_no_properties_file_s_secret_is_keeps_its_words(line: str) -> None:
    redactor = Redactor()
    assert redactor.redact(line) == line
    assert not redactor.counts


# Real output: kubectl v1.32.4's `kubectl create configmap app --from-file=application.properties --dry-run=client
# --save-config -o json | jq -c .` (jq 1.6): the file a level down in `data`, two levels down in the last-applied
# annotation, where its line ends are `\\n`. The values are given at run time.
CONFIGMAP_SAVED = (
    '{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"app","creationTimestamp":null,"annotations":'
    '{"kubectl.kubernetes.io/last-applied-configuration":"{\\"kind\\":\\"ConfigMap\\",\\"apiVersion\\":\\"v1\\",'
    '\\"metadata\\":{\\"name\\":\\"app\\",\\"creationTimestamp\\":null},\\"data\\":{\\"application.properties\\":'
    '\\"spring.application.name=shop\\\\napp.client.secret={A} two words\\\\npayments.api.key: {B} second half\\\\n'
    'app.jwt.token {C} tail\\\\nspring.datasource.password={D} pass words\\\\nserver.port=8080\\\\n\\"}}\\n"}},'
    '"data":{"application.properties":"spring.application.name=shop\\napp.client.secret={A} two words\\n'
    "payments.api.key: {B} second half\\napp.jwt.token {C} tail\\nspring.datasource.password={D} pass words\\n"
    'server.port=8080\\n"}}'
)


def test_every_secret_s_properties_line_in_a_json_string_goes_whole_at_every_level() -> None:
    """A token's, a secret's, a named key's value in a JSON string's file as a password's: after `=`, `:` or a blank
    (the blank's beside a dotted key's line), the rest of its line, two levels down too (round 56 read only a
    password's there: `app.client.secret=[REDACTED] two words`)."""
    values = {"A": "Kq7vX2pLm9", "B": "Zt4wR8nYc3", "C": "Hb6sJ1dFg5", "D": "Wm3eQ7tUv2"}
    printed = CONFIGMAP_SAVED
    for name, value in values.items():
        printed = printed.replace(f"{{{name}}}", value)
    out = Redactor().redact(printed)
    for value in values.values():
        assert value not in out, out
    for words in ("two words", "second half", " tail", "pass words"):
        assert words not in out, out
    assert out.count("[REDACTED:") == 8 and out.count("spring.application.name=shop") == 2, out


@pytest.mark.parametrize(
    "line",
    [
        '{"app.token": "expired", "spring.ai.max-token": 512}',  # a JSON object's own keys
        '{"message":"app.token was refreshed at 10:00"}',  # a logger's words in a JSON string
        '{"log":"{\\"msg\\":\\"app.token was refreshed\\"}"}',
        '{"data":{"app.properties":"spring.ai.max-token 512\\\\nserver.port 8080\\\\n"}}',  # a count
    ],
)
def test_what_no_json_string_s_secret_is_keeps_its_words(line: str) -> None:
    redactor = Redactor()
    assert redactor.redact(line) == line
    assert not redactor.counts
