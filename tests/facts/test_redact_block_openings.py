"""A YAML block scalar whose header opens the string that holds the file's text (Redactor._block_scalars,
redact._OPENED_BLOCK_HEADER): a JSON string's (`"app.yaml": "password: |\\n  ...`: the file's first line is the header's, at
every level of JSON it is inside) and a TeamCity message value's, which escapes the header's `|` as `||`."""

from __future__ import annotations

import json

import pytest

from remediate.facts import extract_facts
from remediate.facts.redact import redact_text

PASSPHRASE = "Vb7q horse K2xLm battery"

# Real output: kubectl v1.32.4 `kubectl create configmap app --from-file=app.yaml --dry-run=client -o json
# --save-config`, app.yaml's first line `password: |`: the data's string (one level of JSON) and the last-applied
# annotation's (two levels) each open with the header.
CONFIGMAP = """{
    "kind": "ConfigMap",
    "apiVersion": "v1",
    "metadata": {
        "name": "app",
        "creationTimestamp": null,
        "annotations": {
            "kubectl.kubernetes.io/last-applied-configuration": "{\\"kind\\":\\"ConfigMap\\",\\"apiVersion\\":\\"v1\\",\\"metadata\\":{\\"name\\":\\"app\\",\\"creationTimestamp\\":null},\\"data\\":{\\"app.yaml\\":\\"password: |\\\\n  Vb7q horse K2xLm battery\\\\nuser: ci\\\\n\\"}}\\n"
        }
    },
    "data": {
        "app.yaml": "password: |\\n  Vb7q horse K2xLm battery\\nuser: ci\\n"
    }
}
"""

# Real output: teamcity-messages 1.33's unittest runner (TeamcityTestRunner, Python 3.11.7, TEAMCITY_VERSION set), a test
# whose error prints the YAML it read: `password: |` is `password: ||` in the message's details.
TEAMCITY = (
    "##teamcity[testFailed timestamp='2026-12-07T05:55:01.402' details='Traceback (most recent call last):|n"
    '  File "/tmp/secrets55/k/test_config_ut.py", line 11, in test_port|n'
    '    raise ValueError("no port in config:\\n" + CONFIG)|nValueError: no port in config:|n'
    "password: |||n  Vb7q horse K2xLm battery|nuser: ci|n|n' flowId='__main__.ConfigTest.test_port' message='Error' "
    "name='__main__.ConfigTest.test_port']"
)


def test_a_configmap_s_file_opening_with_the_header_is_redacted_at_both_levels() -> None:
    shown = redact_text(CONFIGMAP)
    assert "K2xLm" not in shown and "Vb7q" not in shown
    assert shown.count("password: |") == 2 and shown.count("user: ci") == 2  # the rest of the file stays
    assert json.loads(shown)["metadata"]["name"] == "app"  # still the JSON it was


def test_a_configmap_s_file_three_levels_down() -> None:
    shown = redact_text(json.dumps({"log": CONFIGMAP}))
    assert "K2xLm" not in shown and "Vb7q" not in shown


def test_a_teamcity_message_s_block_scalar_is_redacted_with_its_escaped_indicator() -> None:
    shown = redact_text(TEAMCITY)
    assert "K2xLm" not in shown and "Vb7q" not in shown
    assert "password: ||" in shown and "|nuser: ci|n" in shown  # the indicator is no short password; the file stays


@pytest.mark.parametrize(
    "text",
    [
        # the message's value opens with the header (its attribute's quote opens the file's first line)
        "##teamcity[message text='password: |||n  Vb7q horse K2xLm battery|nuser: ci' status='ERROR']",
        # a shell's quoted value, as bash's xtrace prints one over lines
        "+ export CONFIG='password: |\n  Vb7q horse K2xLm battery\nuser: ci'",
    ],
)
def test_a_string_s_opening_opens_the_header_s_line(text: str) -> None:
    assert "K2xLm" not in redact_text(text)


@pytest.mark.parametrize(
    "text",
    [
        # prose after a JSON string's opening: no block scalar's header (no indicator at the line's end)
        '{"msg": "password: rotated"}\n  Vb7q horse K2xLm battery',
        # the lines after a header the string holds, no deeper than the key: no body
        '{"app.yaml": "password: |\nuser: ci\nK2xLm: 1"}',
    ],
)
def test_no_body_where_none_is_indented_under_the_header(text: str) -> None:
    assert "K2xLm" in redact_text(text)


def test_the_facts_of_the_runs_hold_no_passphrase() -> None:
    for log in (CONFIGMAP, TEAMCITY):
        assert "K2xLm" not in extract_facts(log.encode(), deadline_s=None).model_dump_json()
