"""A file's text inside a JSON string (`kubectl get configmap -o json`, its last-applied-configuration annotation a level
down): the string's text opens a line, as does each escaped line end at any level, so a YAML or .properties line's
password there goes whole (yaml_password, properties_password), as it does in the file."""

from __future__ import annotations

import pytest

from remediate.facts.redact import Redactor, redact_text

# kubectl 1.32.4: `kubectl create configmap app --from-file=app.yaml --from-file=application.properties
# --dry-run=client -o json --save-config | jq -c .`, app.yaml holding `db:` / `  user: ci` / `  password: correct horse
# battery`, application.properties `spring.datasource.url=jdbc:postgresql://db/app` / `spring.datasource.password=Sup3r
# secret words`: each file twice, in `data` (one level of escapes) and in the annotation (two).
KUBECTL_SAVED = (
    r'{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"app","creationTimestamp":null,"annotations":'
    r'{"kubectl.kubernetes.io/last-applied-configuration":"{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",'
    r"\"metadata\":{\"name\":\"app\",\"creationTimestamp\":null},\"data\":{\"app.yaml\":\"db:\\n  user: ci\\n  "
    r"password: correct horse battery\\n\",\"application.properties\":\"spring.datasource.url=jdbc:postgresql://db/"
    r'app\\nspring.datasource.password=Sup3r secret words\\n\"}}\n"}},"data":{"app.yaml":"db:\n  user: ci\n  '
    r'password: correct horse battery\n","application.properties":"spring.datasource.url=jdbc:postgresql://db/app\n'
    r'spring.datasource.password=Sup3r secret words\n"}}'
)


def test_a_file_s_password_in_a_json_string_goes_whole_at_either_level() -> None:
    redactor = Redactor()
    out = redactor.redact(KUBECTL_SAVED)
    for word in ("correct", "horse", "battery", "Sup3r", "secret words"):
        assert word not in out, (word, out)
    assert out.count("user: ci") == 2 and out.count("jdbc:postgresql://db/app") == 2
    assert redactor.counts == {"yaml_password": 2, "properties_password": 2}
    assert redactor.redact(out) == out


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (r'{"config": "password: two words here\nuser: ci\n"}', "user: ci"),  # the string's first line
        (r'{"config": "spring.datasource.password=two words here"}', '"}'),  # the string's only line
        (r'{"a":"{\"x.yaml\":\"db:\\n  - password: two words here\\n\"}"}', r'\\n\"}"}'),  # a list's item
    ],
)
def test_the_string_s_text_opens_a_line(text: str, kept: str) -> None:
    out = redact_text(text)
    assert "words here" not in out and kept in out, out


@pytest.mark.parametrize(
    "text",
    [
        r'{"message": "password: authentication failed for user ci"}',  # a tool's verdict on it (_VERDICT_ON_IT)
        r'{"message": "password: 2 unresolved calls"}',  # a count
    ],
)
def test_what_is_no_file_s_password_is_kept(text: str) -> None:
    redactor = Redactor()
    redactor.redact(text)
    assert not {"yaml_password", "properties_password"} & set(redactor.counts), redactor.counts
