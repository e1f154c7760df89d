"""yaml_password: in a YAML mapping's line (a key, `: `, a plain scalar to the line's end or a ` #` comment) a password's
plain scalar is the value whole, blanks and all: `password: two words` used to show `words`; after other text, a
label's value is the rest of the line too (`Generated password: two words`). In prose (a sentence, a tool's verdict on
the password, a count) the word rules read the line as before."""

from __future__ import annotations

import pytest
import yaml

from remediate.facts.redact import PLACEHOLDER_RE, Redactor, redact_text

# Real output, the lines that hold a password (the value each holds after it):
# - ansible-core 2.19.14's `ansible-playbook --diff` of a copy task rewriting a config file (before and after);
# - kubectl 1.32.4's `kubectl create configmap app --from-literal=password='correct horse battery staple'
#   --dry-run=client -o yaml`;
# - yq 3.1.0's `yq -y .` of `{"db":{"user":"ci","password":"two words here"}}`.
PRINTED = [
    ("-  password: old pass words", "old pass words"),
    ("+  password: new pass words", "new pass words"),
    ("  password: correct horse battery staple", "correct horse battery staple"),
    ("  password: two words here", "two words here"),
]


@pytest.mark.parametrize(("line", "value"), PRINTED)
def test_a_yaml_line_s_password_goes_whole(line: str, value: str) -> None:
    redactor = Redactor()
    redacted = redactor.redact(line)
    assert PLACEHOLDER_RE.sub("V", redacted) == line.replace(value, "V"), redacted
    assert redactor.counts == {"yaml_password": 1}


def test_pyyaml_s_dump_of_a_config_hides_every_password() -> None:
    """PyYAML's safe_dump, run here: a nested mapping, a list's item, a comma in the scalar."""
    config = {
        "services": {"db": {"environment": {"POSTGRES_PASSWORD": "two words, here", "POSTGRES_USER": "ci"}}},
        "users": [{"name": "ci", "password": "it's a b c"}],
        "smtp": {"host": "mail.example.com", "mail_pass": "mail pass words"},
    }
    printed = yaml.safe_dump(config)
    out = redact_text(printed)
    for value in ("two words, here", "it's a b c", "mail pass words"):
        assert value in printed and value.split(" ", 1)[1] not in out, out
    assert "POSTGRES_USER: ci" in out and "- name: ci" in out


@pytest.mark.parametrize(
    "prefix",
    [
        "2026-12-06T16:09:51.0590042Z ",  # GitHub's downloaded log: each line's time
        "db-1  | ",  # docker compose's service prefix
        "[2026-12-06T16:09:51.059Z] ",  # Jenkins' timestamper
    ],
)
def test_a_ci_s_prefix_before_the_line_changes_nothing(prefix: str) -> None:
    line = f"{prefix}  password: correct horse battery staple # from the vault"
    assert redact_text(line) == f"{prefix}  password: [REDACTED:yaml_password] # from the vault"


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("the password: is wrong", "the password: [REDACTED:short_password] wrong"),  # prose: as before
        # no plain scalar holds `: ` (a prompt, then what the program said)
        ("Password: su: Authentication failure", "Password: [REDACTED:short_password] Authentication failure"),
        ("password: authentication failed for user ci", "password: authentication failed for user ci"),
        ("password: must be at least 8 characters", "password: [REDACTED:short_password] be at least 8 characters"),
        ("rabbit_password: 2 unresolved calls", "rabbit_password: 2 unresolved calls"),  # Erlang's xref: a count
        ("            password: Some(", "            password: Some("),  # Rust's `{:#?}` of a struct
        ("password: ${{ secrets.DB_PASSWORD }}", "password: ${{ secrets.DB_PASSWORD }}"),  # a template
        ("password: <your password here>", "password: <your password here>"),
        ("password_file: /run/secrets/db pass", "password_file: /run/secrets/db pass"),  # the key names a file
        ("password: [a, b]", "password: [a, b]"),  # a flow sequence, no plain scalar
        ("password: hunter2", "password: [REDACTED:short_password]"),  # one word: the word rules', as before
        ("password: 'two words'", "password: '[REDACTED:quoted_password]'"),  # quoted: quoted_password's
    ],
)
def test_what_is_no_yaml_line_s_password_reads_as_before(line: str, kept: str) -> None:
    assert redact_text(line) == kept


@pytest.mark.parametrize(
    ("line", "redacted"),
    [
        ("config set password: two words", "config set password: [REDACTED:yaml_password]"),
        ("Enter password: two words", "Enter password: [REDACTED:yaml_password]"),  # a prompt and its echo
        ("Generated password: correct horse battery", "Generated password: [REDACTED:yaml_password]"),
        ("[deploy] db_password: a b # kept", "[deploy] db_password: [REDACTED:yaml_password] # kept"),
        # the end of the string the label is inside (a JSON report's message, an echo's argument)
        ('{"msg":"Generated password: a b c"}', '{"msg":"Generated password: [REDACTED:yaml_password]"}'),
        ("+ echo 'admin password: a b c'", "+ echo 'admin password: [REDACTED:yaml_password]'"),
    ],
)
def test_a_label_s_value_after_other_text_goes_whole(line: str, redacted: str) -> None:
    assert redact_text(line) == redacted


@pytest.mark.parametrize(
    "line",
    [
        "== 20160318 CreatePassword: migrating ======================",  # a Rails migration's class: no label
        "Access denied for user 'root'@'localhost' (using password: YES)",  # inside a parenthesis
        "Login failed, password: authentication failed for user ci",  # a verdict
        "user ci, password: 3 attempts left",  # a count
    ],
)
def test_what_is_no_label_s_value_after_other_text_is_kept(line: str) -> None:
    assert redact_text(line) == line
