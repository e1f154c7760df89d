"""A secret a wrap at a fixed width cut over two lines or more (redact.Redactor._folds_read, dumplines.fold_runs):
`fold -w`, Python's textwrap (break_long_words), Docker's 16 KB split of a long line. The lines are read joined where a
rule's hint is near an edge, and what the rules replace across an edge goes from every line; the rest stays as
printed."""

from __future__ import annotations

import json

import pytest

from remediate.facts.redact import Redactor, redact_text

TOKEN, PASSWORD = "Qk7vZp2LxW9mRt4NcB8yHs3JaW1xVb5nTe6u", "Zq8vLm2pXr9TkW4nBc7YxQ2wLk7Vb3Rt"  # fakes

# Real output: coreutils 9.1's `fold -w 60` of an xtrace line, `fold -w 80` of a JSON line (an .npmrc's settings).
FOLD_60 = """\
+ curl -fsSL -H 'Authorization: token ghp_Qk7vZp2LxW9mRt4NcB
8yHs3JaW1xVb5nTe6u' https://api.github.com/repos/acme/app/re
leases/latest"""
FOLD_80 = """\
{"registry":"https://npm.example.com","user":"ci","password":"Zq8vLm2pXr9TkW4nBc
7YxQ2wLk7Vb3Rt","email":"ci@example.com"}"""
# Real output: Python 3.11's textwrap.fill(width=70) of a warning that quotes a request's header (a JWT, fake).
TEXTWRAP_70 = """\
WARNING: request to https://deploy.example.com/v2/releases failed with
401; sent header Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6Ikp
XVCJ9.eyJzdWIiOiJjaS1kZXBsb3kiLCJub25jZSI6IjdWYjNSdHhRMndMayJ9.Qk7vZp2
LxW9mRt4NcB8yHs3JaW1xVb5nTe6uZq8vLm2 (expired?)"""
JWT_PIECES = ("eyJhbGciOiJIUzI1NiIsInR5cCI6Ikp", "XVCJ9.eyJzdWIi", "LxW9mRt4NcB8yHs3JaW1xVb5nTe6uZq8vLm2")


def _pieces(value: str) -> list[str]:
    return [value[k : k + 5] for k in range(0, len(value) - 4, 5)]


@pytest.mark.parametrize(("shown", "secret"), [(FOLD_60, TOKEN), (FOLD_80, PASSWORD)])
def test_a_value_fold_cut_goes_from_both_lines(shown: str, secret: str) -> None:
    out = redact_text(shown)
    assert not [piece for piece in _pieces(secret) if piece in out], out
    assert out.count("\n") == shown.count("\n") and "https://api.github.com/repos/acme/app/re" in FOLD_60


def test_the_rest_of_the_folded_lines_stays() -> None:
    above, below, last = redact_text(FOLD_60).split("\n")
    assert above.startswith("+ curl -fsSL -H 'Authorization: token [REDACTED:") and above.endswith("]"), above
    assert below == "[REDACTED:github_token]' https://api.github.com/repos/acme/app/re" and last == "leases/latest"
    assert redact_text(FOLD_80).endswith('\n[REDACTED:secret_assignment]","email":"ci@example.com"}')


def test_a_token_textwrap_broke_over_three_lines_goes_from_each() -> None:
    out = redact_text(TEXTWRAP_70)
    assert not [piece for piece in JWT_PIECES if piece in out], out
    assert out.startswith("WARNING: request to https://deploy.example.com/v2/releases failed with\n401; sent header")


def test_a_folded_value_is_counted_once() -> None:
    redactor = Redactor()
    redactor.found = []
    redactor.redact(FOLD_60)
    assert sum(redactor.counts.values()) == 1 and len(redactor.found) == 1


CUT = 16 * 1024  # moby's daemon/logger/copier.go (bufSize): a longer line goes as partial messages


def _json_file(line: str) -> list[str]:
    """The entries Docker's json-file driver writes for a line a container printed (jsonfilelog.marshalMessage: a
    partial message's `log` has no line feed, the last one's has)."""
    data = line.encode()
    parts = [data[k : k + CUT].decode() for k in range(0, len(data), CUT)]
    return [
        json.dumps(
            {"log": part + ("\n" if k == len(parts) - 1 else ""), "stream": "stdout", "time": "2026-12-07T23:30Z"}
        )
        for k, part in enumerate(parts)
    ]


def _jq_r_log(entries: list[str]) -> str:
    """`jq -r .log` over the entries (a shipper's one event an entry): each string, then a line feed (checked against
    jq 1.6 on the file _json_file writes)."""
    return "".join(json.loads(entry)["log"] + "\n" for entry in entries)


# the cut inside the password; between its key and its value
@pytest.mark.parametrize(
    ("msg", "flags", "above"),
    [("resolved deploy config, v2 schema", 543, PASSWORD[:11]), ("resolved config", 544, '"DB_PASSWORD":')],
)
def test_a_value_docker_s_16_kb_split_cut_goes_from_both_parts(msg: str, flags: int, above: str) -> None:
    config = ",".join(f'"FEATURE_FLAG_{k:04d}":"enabled"' for k in range(flags))
    line = f'{{"level":"info","msg":"{msg}","config":{{{config},"DB_PASSWORD":"{PASSWORD}","REGION":"eu"}}}}'
    shown = _jq_r_log(_json_file(line))
    assert shown.split("\n")[0].endswith(above)
    out = redact_text(shown)
    assert not [piece for piece in _pieces(PASSWORD) if piece in out], out[-200:]
    assert out.split("\n")[1].endswith('","REGION":"eu"}}') and '"FEATURE_FLAG_0542":"enabled"' in out


@pytest.mark.parametrize(
    "text",
    [
        # a line of a run's width above a pgpass-like line: `:`-separated fields read across lines are no pgpass line's
        "Uploading build artifacts for job 4821 to the cache at 01:28:52\ntravis_fold:end:cache.2:Zq8vLm2pXr9Tk:",
        # a wrap at a blank (the text's own line end, maybe): read as printed
        f"{'x' * 44} ghp_{TOKEN[:18]} \n{TOKEN[18:]} done",
        # lines narrower than any tool's wrap
        "password is\nZq8vLm2pXr9TkW4nBc7Y",
    ],
)
def test_lines_that_only_look_folded_are_read_as_printed(text: str) -> None:
    """What a line shows to its end stays its own (no line below is read as its value's rest)."""
    assert redact_text(text) == text


def test_a_caller_s_secret_a_fold_cut_goes_from_both_lines() -> None:
    shown = f"+ ./deploy.sh --region eu-west-1 --environment production --arg {PASSWORD} --yes"
    folded = "\n".join(shown[k : k + 72] for k in range(0, len(shown), 72))  # `fold -w 72`'s
    out = Redactor([PASSWORD]).redact(folded)
    assert not [piece for piece in _pieces(PASSWORD) if piece in out] and "[REDACTED:caller_secret]" in out, out


@pytest.mark.parametrize(
    ("above", "below"),
    [
        (
            "SECRET_KEY_BASE=4f1c9a7be2d86035f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081",
            "SECRET_KEY_BASE_LENGTH=64",
        ),
        (f"GET /login?next=%2F&auth=Authorization%3A%20Bearer%20{PASSWORD}", "after"),
        (f"+ export API_KEY={PASSWORD}", f"+ API_KEY={PASSWORD[:20]}"),
    ],
)
def test_a_value_that_ends_its_line_leaves_the_next_line_s_own_words(above: str, below: str) -> None:
    """A `KEY=V` line of an env's dump, the next line's key or a word below a value: the line below is its own."""
    out = redact_text(f"{above}\n{below}").split("\n")
    assert out[1].startswith(below.split("=")[0]) and "[REDACTED:" in out[0], out
