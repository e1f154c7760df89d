"""A window of a log too long to read whole (view.MAX_VIEW_LINES) that opens inside a body longer than the lines the
view reads above it (view.ABOVE_LINES): a Secret's data of thousands of keys, a block scalar's lines under `password:
|`. The view reads up through the body to its header and down to its end (view._unread_around: kubectl prints a
Secret's `kind` after its data), for redaction only, so the window's lines are read as the whole object's."""

from __future__ import annotations

import base64
import json
import random
import string
from collections.abc import Callable

import pytest
import yaml

from remediate.facts import extract_facts
from remediate.facts.reader import LogSource
from remediate.facts.redact import Redactor
from remediate.facts.scan import scan
from remediate.facts.view import View, build_view
from tests.adversarial.planted import seen

KEYS = 2_000


def kubectl_secret(keys: int = KEYS) -> tuple[str, list[str]]:
    """`kubectl create secret generic app-config --from-literal=setting-NNNN=VALUE ... --dry-run=client -o yaml` of
    `keys` random literals (12 to 40 letters and digits, seed 54) and its data values. Made with PyYAML 6.0.4's
    `safe_dump` of the same object (keys sorted, `width` unbounded): with 2,000 keys its text is byte for byte kubectl
    v1.32.4's (105,689 bytes, checked on this machine), without running kubectl in the tests."""
    rng = random.Random(54)
    data = {}
    for k in range(keys):
        value = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(rng.randint(12, 40)))
        data[f"setting-{k:04d}"] = base64.b64encode(value.encode()).decode()
    doc = {"apiVersion": "v1", "data": data, "kind": "Secret", "metadata": {"creationTimestamp": None, "name": "app"}}
    return yaml.safe_dump(doc, width=1 << 30).rstrip("\n"), list(data.values())


def long_log(middle: list[str]) -> str:
    """`middle` printed after 30,000 lines and before 15,000: a log the view reads in windows around its hits."""
    return "\n".join(
        [f"building module {k} ok" for k in range(30_000)]
        + ["+ kubectl create secret generic app --from-env-file=app.env --dry-run=client -o yaml", *middle]
        + [f"cleanup step {k} ok" for k in range(15_000)]
    )


def view_of(log: str) -> tuple[View, Redactor]:
    redactor = Redactor()
    with LogSource(log.encode()) as source:
        return build_view(source, scan(source), redactor), redactor


@pytest.mark.parametrize("hit_at", [60, 1_000])
def test_a_window_inside_a_secret_s_data_of_two_thousand_keys_shows_no_value(hit_at: int) -> None:
    """A hit inside the data (a key named as a failure's) near its header, the kind 1,900 lines below; in its middle,
    header and kind both far."""
    text, values = kubectl_secret()
    lines = text.split("\n")
    lines[2 + hit_at] = lines[2 + hit_at].replace("setting-", "failover-setting-")
    view, _ = view_of(long_log(lines))
    shown = "\n".join(line.text for line in view.lines)
    assert f"failover-setting-{hit_at:04d}: [REDACTED:k8s_secret_data]" in shown
    assert not [value for value in values if value in shown]


def test_the_error_after_a_secret_s_data_of_two_thousand_keys_shows_no_value() -> None:
    """The error after the Secret, its window opening in the data's last lines, the header 2,000 lines above."""
    text, values = kubectl_secret()
    log = long_log([text, "error: failed to apply the manifest: exit status 1"])
    facts = extract_facts(log.encode(), deadline_s=None)
    shown = "\n".join(seen(facts).values())
    assert "setting-1999" in shown  # the window holds the data's end
    assert not [value for value in values if value in shown]
    assert facts.redactions.get("k8s_secret_data", 0) >= 1


def test_a_window_inside_a_long_block_scalar_under_a_password_shows_none_of_it() -> None:
    """`password: |` whose body is 600 lines (a certificate chain's), the hit in its middle: 300 lines below the
    header, the view's read above stopping 100 lines short of it."""
    value = "".join(random.Random(9).choice("abcdefghijkmnpqrstuvwxyz") for _ in range(12))
    body = [f"    line {k:03d} of the chain {value}" for k in range(600)]
    body[300] = f"    line 300 failed {value}"
    view, _ = view_of(long_log(["db:", "  user: ci", "  password: |", *body, "  port: 5432"]))
    shown = "\n".join(line.text for line in view.lines)
    assert "    [REDACTED:yaml_block_scalar]" in shown  # the window is shown, its lines redacted
    assert value not in shown


def test_a_long_body_under_a_key_no_secret_s_is_shown() -> None:
    """The same walk up to a header that opens no secret (a ConfigMap's data of 2,000 keys) finds nothing to hide."""
    text, values = kubectl_secret()
    text = text.replace("kind: Secret", "kind: ConfigMap")
    lines = text.split("\n")
    lines[1_002] = lines[1_002].replace("setting-", "failover-setting-")
    view, redactor = view_of(long_log(lines))
    assert f"failover-setting-1000: {values[1_000]}" in [line.text.strip() for line in view.lines]
    assert not redactor.counts


def kubectl_secret_list(keys: int = KEYS) -> tuple[str, list[str]]:
    """`kubectl get configmaps,secrets -o yaml` of a ConfigMap and the Secret above (kubectl_secret): a `kind: List`
    of items, each item's keys sorted (its data above its kind), as PyYAML's `safe_dump` writes kubectl's."""
    text, values = kubectl_secret(keys)
    secret = yaml.safe_load(text)
    config = {"apiVersion": "v1", "data": {"region": "eu-west-1"}, "kind": "ConfigMap", "metadata": {"name": "env"}}
    listed = {"apiVersion": "v1", "items": [config, secret], "kind": "List", "metadata": {"resourceVersion": ""}}
    return yaml.safe_dump(listed, width=1 << 30).rstrip("\n"), values


def kubectl_secret_json(keys: int = KEYS) -> tuple[str, list[str]]:
    """The same Secret as `kubectl get secret app -o json` prints it (indented by four, keys sorted: data above kind)."""
    text, values = kubectl_secret(keys)
    return json.dumps(yaml.safe_load(text), indent=4, sort_keys=True), values


@pytest.mark.parametrize("printed", [kubectl_secret, kubectl_secret_list, kubectl_secret_json])
def test_a_window_opening_above_a_secret_and_ending_in_its_data_shows_no_value(
    printed: Callable[[], tuple[str, list[str]]],
) -> None:
    """A failure's lines just above the Secret (a test runner's, whose window reaches 40 lines down): the window
    opens outside the object, holds its data's head and ends inside the data, the kind 2,000 lines below (round 55's
    planted run: jest's `Test suite failed to run` above a `kind: List`). The view reads down to the data's end."""
    text, values = printed()
    log = long_log(["FAIL tests/cart.test.js", "  ● Test suite failed to run", "", text])
    view, redactor = view_of(log)
    shown = "\n".join(line.text for line in view.lines)
    assert "setting-0000" in shown  # the window holds the data's head
    assert not [value for value in values if value in shown]
    assert redactor.counts["k8s_secret_data"] >= 1
