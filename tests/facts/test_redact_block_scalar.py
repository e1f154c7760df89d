"""yaml_block_scalar: a secret's value that is a YAML block scalar (`password: |`, `token: >-`) or a quoted scalar
its line does not close (`password: 'two words`) is the lines after its key, whole, until the indentation returns (or
the quote closes): `password: |` used to show the body, its indicator redacted as a short password."""

from __future__ import annotations

import base64
import json
import random

import pytest

from remediate.facts import extract_facts
from remediate.facts.redact import (
    MAX_QUOTED_LINES,
    PLACEHOLDER_RE,
    AcrossLinesScreen,
    Redactor,
    _may_open_block,
    opens_across_lines,
    redact_text,
)
from tests.adversarial.planted import seen
from tests.facts.samples import DATA
from tests.facts.test_redact import KUBECTL_LOCAL_YAML, KUBECTL_SECRET_YAML
from tests.facts.test_redact_runner_inputs import ACTION_STEP

# Real output, each with the value its body holds:
# - kubectl 1.32.4's `kubectl create configmap app --from-file=password=pw.txt --from-literal=db.user=ci
#   --dry-run=client -o yaml`, pw.txt holding two lines (a literal block, `|`);
# - the same with `--from-literal=password=$'correct horse\nbattery staple'` (no final newline: `|-`);
# - yq 3.1.0's `yq -y .` of `{"db":{"user":"ci","password":"two words\nhere too"}}` (a single-quoted scalar over
#   lines, as PyYAML writes a string with a newline);
# - PyYAML 6.0.4's `yaml.safe_dump({"users": [{"name": "ci", "password": "two words\nand more words"}]})`.
KUBECTL_LITERAL = """\
apiVersion: v1
data:
  db.user: ci
  password: |
    correct horse
    battery staple
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: app"""
KUBECTL_STRIPPED = KUBECTL_LITERAL.replace("password: |", "password: |-")
YQ_QUOTED = """\
db:
  user: ci
  password: 'two words

    here too'"""
PYYAML_ITEM = """\
users:
- name: ci
  password: 'two words

    and more words'"""
# A double-quoted scalar folded over lines with an escaped line end (`\` then `\ ` on the next line), as a dumper writes a
# long string holding a character a plain or single-quoted scalar cannot (a tab):
# - PyYAML 6.0.4's `yaml.safe_dump({"db": {"user": "ci", "password": "correct horse battery staple\tand a tab in it so
#   PyYAML quotes it double and folds the long line"}})`;
# - yq 3.1.0's `yq -y .` of the same JSON (the dumper's words as "the dumper").
PYYAML_DOUBLE = """\
db:
  password: "correct horse battery staple\\tand a tab in it so PyYAML quotes it double\\
    \\ and folds the long line"
  user: ci"""
YQ_DOUBLE = """\
db:
  user: ci
  password: "correct horse battery staple\\tand a tab in it so the dumper quotes it\\
    \\ double and folds the long line"
"""


@pytest.mark.parametrize(
    ("printed", "values"),
    [
        (KUBECTL_LITERAL, ["correct horse", "battery staple"]),
        (KUBECTL_STRIPPED, ["correct horse", "battery staple"]),
        (YQ_QUOTED, ["two words", "here too"]),
        (PYYAML_ITEM, ["two words", "and more words"]),
        (
            PYYAML_DOUBLE,
            [
                "correct horse battery staple\\tand a tab in it so PyYAML quotes it double\\",
                "\\ and folds the long line",
            ],
        ),
        (
            YQ_DOUBLE,
            [
                "correct horse battery staple\\tand a tab in it so the dumper quotes it\\",
                "\\ double and folds the long line",
            ],
        ),
    ],
)
def test_a_block_scalar_s_body_goes_whole(printed: str, values: list[str]) -> None:
    redactor = Redactor()
    out = redactor.redact(printed)
    assert not any(word in out for value in values for word in value.split() if len(word) > 3), out
    assert out.count("\n") == printed.count("\n")
    assert PLACEHOLDER_RE.sub("V", out) == _replaced(printed, values), out
    assert set(redactor.counts) == {"yaml_block_scalar"}
    assert redactor.redact(out) == out  # idempotent


def _replaced(text: str, values: list[str]) -> str:
    for value in values:
        text = text.replace(value, "V")
    return text


@pytest.mark.parametrize(
    "prefix",
    ["2026-12-06T16:09:51.0590042Z ", "db-1  | ", "[2026-12-06T16:09:51.059Z] ", "+", "-"],
)
def test_a_ci_s_prefix_or_a_diff_s_marker_on_every_line(prefix: str) -> None:
    """GitHub's timestamp, docker compose's service, Jenkins' timestamper, a diff's side (Ansible's `--diff`): each
    line has it, the body is read after it; the key after the block is kept."""
    text = "\n".join(prefix + line for line in KUBECTL_LITERAL.split("\n"))
    out = redact_text(text)
    assert "horse" not in out and "staple" not in out, out
    assert f"{prefix}  db.user: ci" in out and f"{prefix}kind: ConfigMap" in out


def test_a_list_item_s_dash_indents_its_key() -> None:
    """`- password: |` (helm values' list, Ansible's `users:`): the body is deeper than the key, not the dash; the
    item's next key ends it."""
    out = redact_text("users:\n- password: |2-\n    a b\n\n    c d\n  name: ci\n- name: other")
    assert out == (
        "users:\n- password: |2-\n    [REDACTED:yaml_block_scalar]\n\n    [REDACTED:yaml_block_scalar]\n"
        "  name: ci\n- name: other"
    )


def test_an_escaped_quote_does_not_close_a_quoted_scalar() -> None:
    out = redact_text("db:\n  password: 'it''s\n    here'' too'\n  user: ci")
    assert not any(word in out for word in ("it", "here", "too")), out
    assert out.endswith("'\n  user: ci")


def test_an_escaped_quote_does_not_close_a_double_quoted_scalar() -> None:
    """`\\"` is a double-quoted scalar's quote, `\\\\` its backslash: the quote after it closes."""
    out = redact_text('db:\n  password: "say \\"it\\"\n    and \\\\"\n  user: ci')
    assert not any(word in out for word in ("say", "it", "and")), out
    assert out.endswith('"\n  user: ci')


def test_a_quote_no_nearer_line_closes_opens_no_value() -> None:
    """A quote left open with no closing one within MAX_QUOTED_LINES lines (a message's, a cut line's) holds no value
    beyond them: the lines after are the log's."""
    lines = [f"    line {k}" for k in range(MAX_QUOTED_LINES + 5)]
    out = redact_text("\n".join(['  password: "open', *lines]))
    assert out.split("\n")[-1] == lines[-1]
    assert "line 0" not in out


def test_json_lines_open_no_double_quoted_scalar() -> None:
    """A JSON document's `"password": "value",` lines close their quotes (quoted_password reads them): no line after
    them is read as a body, and the screen fails on them (_may_open_block)."""
    text = '{\n  "password": "a \\"b\\" c",\n  "note": "x\\\\",\n  "other": "kept words"\n}'
    redactor = Redactor()
    out = redactor.redact(text)
    assert "yaml_block_scalar" not in redactor.counts and "kept words" in out, out
    assert not _may_open_block(text)


@pytest.mark.parametrize(
    "text",
    [
        "description: |\n  two words\n",  # no secret's key
        "password: |\n  {{ .Values.db.password }}\n",  # a template's
        "run: echo password: |\n  two words\n",  # not the key of its line
        "  password_file: |\n    /run/secrets/db\n",  # the key names a file: secret_assignment's _SECRET_ABOUT
        "password: 'two words'\n  next line\n",  # the quote closes on its line: quoted_password's
        'password: "two words"\n  next line\n',
        'password: "two \\"words\\""\n  next line\n',
    ],
)
def test_what_is_no_secret_s_block_is_kept(text: str) -> None:
    redactor = Redactor()
    out = redactor.redact(text)
    assert "yaml_block_scalar" not in redactor.counts, out
    assert "|" in out or "'" in out or '"' in out  # the indicator is no short password


def test_a_block_across_the_view_s_pieces_is_hidden() -> None:
    """The header the last line of a piece the view reads (view.PIECE_LINES), its body the next piece's first lines:
    the view reads the pieces joined once more (view._values_across_pieces)."""
    value = "".join(random.Random(5).choice("abcdefghijkmnpqrstuvwxyz") for _ in range(12))
    log = "\n".join(
        [f"setup line {k}" for k in range(1998)]
        + ["db:", "  password: |", f"    correct horse {value}", "  user: ci"]
        + (DATA / "make43_gcc_warnings_then_pytest.txt").read_text().split("\n")
    )
    facts = extract_facts(log.encode(), deadline_s=None)
    assert not any(value in text for text in seen(facts).values())
    assert facts.redactions.get("yaml_block_scalar") == 1


@pytest.mark.parametrize(
    "header",
    [
        "  password: |",
        "  \x1b[1mpassword\x1b[0m:\x1b[0m |",  # colours between the key, its colon and the indicator
        "  password:[0m |",  # a colour whose ESC the CI lost
        "  password: |\r",  # a CRLF ending
        "  \x1b[32mdecrypting 50%\r  password:\x1b[K |",  # a redraw: its last frame is the line
    ],
)
def test_a_body_whose_header_no_interval_read_is_hidden(header: str) -> None:
    """A log too long to read whole (view.MAX_VIEW_LINES): the view reads windows around its hits, and the error below
    a long block's body takes the body's last lines into a window that stops short of the header; the lines above the
    window are read for the header (view._unread_around: screened on their text as it stands where cleaning would not
    change it inside, so a terminal's codes between the key and its indicator still count), never shown."""
    value = "".join(random.Random(7).choice("abcdefghijkmnpqrstuvwxyz") for _ in range(12))
    body = [f"    line {k:03d} of the key {value}" for k in range(150)]
    log = "\n".join(
        [f"setup line {k}" for k in range(30_000)]
        + ["db:", header, *body, "  user: ci", "Error: the deploy failed"]
        + [f"cleanup line {k}" for k in range(15_000)]
    )
    facts = extract_facts(log.encode(), deadline_s=None)
    shown = seen(facts)
    assert any("user: ci" in text for text in shown.values())  # the window holds the body's end
    assert not any(value in text for text in shown.values())


@pytest.mark.parametrize("kind_first", [False, True])
def test_a_secret_s_data_whose_header_no_interval_read_is_hidden(kind_first: bool) -> None:
    """A long Secret's data in a log too long to read whole: the window below ends in the data's last lines and the
    kind. kubectl sorts a Secret's keys, `data:` above `kind: Secret`, so the header is above the window and the kind
    inside it: the lines above are screened with the window's (view._unread_around), not apart."""
    value = "".join(random.Random(11).choice("abcdefghijkmnpqrstuvwxyz") for _ in range(12))
    encoded = base64.b64encode(f"correct horse {value}".encode()).decode()
    body = [f"  file{k:03d}.conf: {encoded}" for k in range(150)]
    head, tail = ["apiVersion: v1", "data:"], ["kind: Secret", "metadata:", "  name: app", "type: Opaque"]
    if kind_first:
        head, tail = [*head[:1], tail[0], *head[1:]], tail[1:]
    log = "\n".join(
        [f"setup line {k}" for k in range(30_000)]
        + ["+ kubectl get secret app -o yaml", *head, *body, *tail, "Error: the deploy failed"]
        + [f"cleanup line {k}" for k in range(15_000)]
    )
    facts = extract_facts(log.encode(), deadline_s=None)
    shown = seen(facts)
    assert any("file149.conf" in text for text in shown.values())  # the window holds the data's end
    assert not any(encoded in text for text in shown.values())
    assert facts.redactions.get("k8s_secret_data", 0) >= 1


@pytest.mark.parametrize(
    "printed", [KUBECTL_LITERAL, YQ_QUOTED, PYYAML_DOUBLE, KUBECTL_SECRET_YAML, KUBECTL_LOCAL_YAML, ACTION_STEP]
)
def test_the_screen_of_a_text_s_parts_is_the_whole_text_s(printed: str) -> None:
    """opens_across_lines: a text cut at any line passes may_open_values_across_lines' screen exactly where the screens
    of its two parts (AcrossLinesScreen, each half asked of each part) say it does, and each part alone as its own
    text does (view._unread_around screens a run once and the lines around it apart). Real output, cut between a
    Secret's data and its kind, a block's header and its body, a runner's `with:` and its entries; each also behind
    a timestamp where it has none, as holding_clean leaves a line that cleaning would only cut at its start."""
    assert opens_across_lines(AcrossLinesScreen(printed))
    stamped = printed if printed[:4].isdigit() else "\n".join(f"2026-12-06T16:09:51Z {x}" for x in printed.split("\n"))
    for text in (printed, stamped):
        lines = text.split("\n")
        assert opens_across_lines(AcrossLinesScreen(text)) is Redactor.may_open_values_across_lines(text)
        for cut in range(1, len(lines)):
            head, tail = "\n".join(lines[:cut]), "\n".join(lines[cut:])
            parts = AcrossLinesScreen(head), AcrossLinesScreen(tail)
            assert opens_across_lines(*parts) is Redactor.may_open_values_across_lines(text), cut
            for part, part_screen in zip((head, tail), parts, strict=True):
                assert opens_across_lines(part_screen) is Redactor.may_open_values_across_lines(part), (cut, part)
            # Each screen is three conjunctions: a part with one half of one meets the other part's other half.
            for screen in range(3):
                for half in (0, 1):
                    whole = AcrossLinesScreen(text).holds(screen, half)
                    assert (parts[0].holds(screen, half) or parts[1].holds(screen, half)) is whole, (cut, screen, half)


# kubectl 1.32.4's `kubectl create configmap app --from-file=app.yaml --save-config --dry-run=client -o json`, app.yaml
# holding a block scalar under `password: |`: the file's text is a JSON string in `data` (one level: `\n`) and, in the
# last-applied-configuration annotation, a JSON string in a JSON string (two levels: `\\n`).
KUBECTL_SAVED_CONFIG = r"""{
    "kind": "ConfigMap",
    "apiVersion": "v1",
    "metadata": {
        "name": "app",
        "creationTimestamp": null,
        "annotations": {
            "kubectl.kubernetes.io/last-applied-configuration": "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"app\",\"creationTimestamp\":null},\"data\":{\"app.yaml\":\"db:\\n  user: ci\\n  password: |\\n    correct horse battery\\n    staple riverbank\\n  port: 5432\\n\"}}\n"
        }
    },
    "data": {
        "app.yaml": "db:\n  user: ci\n  password: |\n    correct horse battery\n    staple riverbank\n  port: 5432\n"
    }
}"""


@pytest.mark.parametrize(
    "printed",
    [
        KUBECTL_SAVED_CONFIG,
        json.dumps(json.loads(KUBECTL_SAVED_CONFIG)),  # one line (`jq -c .`)
        json.dumps({"level": "info", "msg": json.dumps(json.loads(KUBECTL_SAVED_CONFIG))}),  # a JSON log's event: three
    ],
)
def test_a_block_scalar_two_or_more_json_levels_down_goes_whole(printed: str) -> None:
    """The annotation's block scalar, its line ends an escaped newline escaped again (`\\\\n`, a level down `\\\\\\\\n`): its
    lines are read as lines (Redactor._deep_block_scalars), its header's indicator no short password."""
    redactor = Redactor()
    out = redactor.redact(printed)
    assert "horse" not in out and "riverbank" not in out
    assert out.count("password: |") == 2  # the indicator kept, in `data` and in the annotation
    assert "port: 5432" in out and redactor.counts == {"yaml_block_scalar": 4}


def test_a_block_scalar_two_json_levels_down_under_no_secret_s_key_is_kept() -> None:
    """The same annotation, the block under `motd: |`: its lines are no value's."""
    printed = KUBECTL_SAVED_CONFIG.replace("password: |", "motd: |")
    assert Redactor().redact(printed) == printed
