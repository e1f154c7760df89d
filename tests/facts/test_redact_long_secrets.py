"""A Kubernetes Secret printed as one line of JSON longer than a line keeps (reader.MAX_LINE_BYTES): its data is
redacted before the line is cut, whatever part of the object the cut drops; and a Secret held as JSON in a string
(kubectl's last-applied-configuration annotation) is read a level down."""

from __future__ import annotations

import base64
import json
import random

import pytest

from remediate.facts import extract_facts
from remediate.facts.reader import clean_line
from remediate.facts.redact import redact_text

# Real output: `kubectl create secret generic app --from-literal=password=Zx9qLm2Pw7Rt4Kv8 --from-literal=user=deploy
# --dry-run=client -o json > app.json; kubectl annotate -f app.json --local -o json
# kubectl.kubernetes.io/last-applied-configuration="$(jq -c . app.json)" | jq -cS .` (kubectl v1.32.4, jq 1.6): the
# keys sorted as `kubectl get secret -o json` prints them, the object as applied in its annotation.
ANNOTATED = (
    r'{"apiVersion":"v1","data":{"password":"Wng5cUxtMlB3N1J0NEt2OA==","user":"ZGVwbG95"},"kind":"Secret",'
    r'"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"kind\":\"Secret\",'
    r"\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"app\",\"creationTimestamp\":null},\"data\":{\"password\":"
    r'\"Wng5cUxtMlB3N1J0NEt2OA==\",\"user\":\"ZGVwbG95\"}}"},"creationTimestamp":null,"name":"app"}}'
)


def test_a_secret_in_its_last_applied_configuration_is_redacted() -> None:
    out = redact_text(ANNOTATED)
    assert "Wng5cUxt" not in out and "ZGVwbG95" not in out, out
    assert out.count("[REDACTED:k8s_secret_data]") == 4 and json.loads(out)["kind"] == "Secret"
    config = json.loads(json.loads(out)["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"])
    assert config["data"] == {"password": "[REDACTED:k8s_secret_data]", "user": "[REDACTED:k8s_secret_data]"}


def test_a_config_map_in_a_string_keeps_its_data() -> None:
    line = json.dumps({"kind": "ConfigMap", "data": {"mode": "fast"}, "note": json.dumps({"kind": "Job", "data": 1})})
    assert redact_text(line) == line


def applied_secret(size: int, seed: int) -> tuple[str, list[str]]:
    """A Secret as `kubectl get secret -o json | jq -c .` prints one applied (kubectl's sorted keys: data, then kind,
    then metadata and its last-applied-configuration annotation holding the data again), about `size` bytes; and its
    values."""
    rng = random.Random(seed)
    # values of 300 bytes, each twice: the head a cut keeps (2 KB) holds whole ones
    values = [base64.b64encode(rng.randbytes(225)).decode() for _ in range(size // 620)]
    data = {f"key{k:04d}": value for k, value in enumerate(values)}
    applied = json.dumps({"apiVersion": "v1", "data": data, "kind": "Secret", "metadata": {"name": "app"}})
    metadata = {"annotations": {"kubectl.kubernetes.io/last-applied-configuration": applied + "\n"}, "name": "app"}
    obj = {"apiVersion": "v1", "data": data, "kind": "Secret", "metadata": metadata, "type": "Opaque"}
    return json.dumps(obj, separators=(",", ":"), sort_keys=True), values


@pytest.mark.parametrize("size", [8_000, 64_000, 1_000_000])
def test_a_long_one_line_secret_is_redacted_before_its_line_is_cut(size: int) -> None:
    line, values = applied_secret(size, size)
    assert len(line) > 4096 and line.index('"kind"') > 2048  # the cut drops the kind: it was the leak
    for prefix in ("", "2026-12-06T08:00:00.1234567Z "):
        out = redact_text(clean_line(f"{prefix}{line}".encode()))
        assert not any(value[k : k + 16] in out for value in values for k in range(0, len(value) - 16, 16)), out
    log = f"+ kubectl get secret app -o json | jq -c .\n{line}\nerror: rollout failed\n".encode()
    shown = extract_facts(log, deadline_s=None).model_dump_json()
    assert not any(value[k : k + 16] in shown for value in values for k in range(0, len(value) - 16, 16))


@pytest.mark.parametrize(("size", "prefix"), [(1_100_000, ""), (3_000_000, ""), (64_000, "[deploy] ")])
def test_a_secret_line_the_reader_cannot_keep_whole_has_its_head_redacted(size: int, prefix: str) -> None:
    """Beyond WHOLE_LINE_BYTES (or after a prefix that is not a timestamp) the line is not read whole: its head's data
    is a Secret's when the dropped part or the tail says `"Secret"` (reader._LineBuffer.says_secret)."""
    line, values = applied_secret(size, size)
    log = f"+ kubectl get secret app -o json | jq -c .\n{prefix}{line}\nerror: rollout failed\n".encode()
    shown = extract_facts(log, deadline_s=None).model_dump_json()
    assert not any(value[k : k + 16] in shown for value in values for k in range(0, len(value) - 16, 16))
    assert "[REDACTED:k8s_secret_data]" in shown


def test_a_long_line_that_says_no_secret_keeps_its_data() -> None:
    data = {f"key{k:05d}": f"value-{k}" for k in range(80_000)}
    line = json.dumps({"apiVersion": "v1", "data": data, "kind": "ConfigMap"}, separators=(",", ":"))
    assert len(line) > 1 << 20
    shown = extract_facts(f"+ kubectl get configmap app -o json\n{line}\nerror: x\n".encode(), deadline_s=None)
    assert '\\"key00000\\":\\"value-0\\"' in shown.model_dump_json() and not shown.redactions
