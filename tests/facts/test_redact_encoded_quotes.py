"""A JSON object or a quoted value percent-encoded in a URL's query or a form's body: its quotes `%22` (the decoded
reading keeps them, a JSON string would end at one) are read decoded once more (redact.quotes_decoded), so its keys'
names name their values to the rules, and the line keeps its escapes around the placeholders."""

from __future__ import annotations

import json
import urllib.parse

import pytest

from remediate.facts.redact import PLACEHOLDER_RE, quotes_decoded, redact_text

# Real output, made here against a local server (Python 3.11's http.server, then nginx 1.22.1 with the `combined`
# access log): curl 7.88.1's `curl -sv -G URL --data-urlencode 'state={"accessToken":"V"}'` (curl writes lower-case
# hex), `--trace-ascii -` of a form POST (its body 64 bytes a line), a double-encoded query, Python requests 2.34.2 with
# urllib3 2.8.0's debug log (`params=` as urlencode writes json.dumps' `": "`: `%3A+%22`), the servers' access logs.
# The values given at run time.
REAL = """\
> GET /oauth/callback?code=abc123&state=%7b%22accessToken%22%3a%22{V}%22%7d HTTP/1.1
0000: grant_type=authorization_code&redirect_uri=https%3A%2F%2Fci.exam
0040: ple.com%2Fcb%3Fclient_secret%3D{W}&state=%7B%22
0080: accessToken%22%3A%22{V}%22%7D
> GET /cb?redirect_uri=https%253A%252F%252Fci.example.com%252Fcb%253Fstate%253D%257B%2522accessToken%2522%253A%2522{V}\
%2522%257D HTTP/1.1
DEBUG:urllib3.connectionpool:http://127.0.0.1:18931 "GET /oauth/callback?code=abc123&state=%7B%22accessToken%22%3A+%22\
{V}%22%7D HTTP/1.1" 200 2
DEBUG:urllib3.connectionpool:http://127.0.0.1:18931 "GET /login?redirect_uri=https%3A%2F%2Fci.example.com%2Fcb%3Fclient_\
secret%3D{W} HTTP/1.1" 200 2
127.0.0.1 - - [07/Dec/2026 14:26:27] "GET /oauth/callback?code=abc123&state=%7b%22accessToken%22%3a%22{V}%22%7d \
HTTP/1.1" 200 -
127.0.0.1 - - [07/Dec/2026:14:26:42 +0000] "GET /cb?state=%257B%2522client_secret%2522%253A%2522{W}%2522%257D HTTP/1.1" \
200 3 "-" "curl/7.88.1\""""
# A generator's letters (no digit: only the key's name vouches for them) and a key with digits
V, W = "QSroGsfSjlnMOFIgUdkXwQe", "Zk8pLm2vXr9TqWb3nK7s"


def test_real_encoded_objects_lose_their_values_and_keep_their_escapes() -> None:
    printed = REAL.format(V=V, W=W)
    out = redact_text(printed)
    assert V not in out and W not in out, out
    # each line as printed, its value a placeholder (a form's value takes the `&name=` after it: a password's `&`)
    shown = PLACEHOLDER_RE.sub("X", out).split("\n")
    assert shown == printed.replace(V, "X").replace(W, "X").replace("X&state=", "X").split("\n"), out


@pytest.mark.parametrize(
    ("query", "value"),
    [
        ({"state": json.dumps({"client_secret": W})}, W),
        ({"payload": json.dumps({"user": "ci", "password": "correct horse 7"})}, "correct horse 7"),
        ({"state": json.dumps({"db": {"password": "hunter2"}})}, "hunter2"),
        # a key's name after another name (`auth=`): the value is the name's, not `auth`'s (aws sts' JSON)
        ({"auth": '"SecretAccessKey": "X1fH+ZM9TBrKrmGsN1jQ8mT3",'}, "X1fH+ZM9TBrKrmGsN1jQ8mT3"),
    ],
)
def test_an_object_in_a_query_loses_its_secret_however_it_was_encoded(query: dict[str, str], value: str) -> None:
    for encoded in (urllib.parse.urlencode(query), urllib.parse.urlencode(query, quote_via=urllib.parse.quote)):
        once = f"GET /cb?{encoded} HTTP/1.1"
        twice = "https://ci.example.com/login?next=" + urllib.parse.quote(once, safe="")
        for line in (once, twice):
            out = redact_text(line)
            assert urllib.parse.quote_plus(value) not in out and urllib.parse.quote(value) not in out, out
            assert PLACEHOLDER_RE.search(out), out


@pytest.mark.parametrize(
    "line",
    [
        "GET /search?q=%22password%22&page=2 HTTP/1.1",  # a search for the word
        "GET /api?filter=%7B%22token%22%3A%22abc%22%7D HTTP/1.1",  # a short value, no secret's shape
        "GET /api?filter=%7B%22tokenType%22%3A%22Bearer%22%2C%22scope%22%3A%22read+write%22%7D HTTP/1.1",
        "sig=a+b%22c and 100%22 wide",
    ],
)
def test_encoded_quotes_around_no_secret_stay(line: str) -> None:
    assert redact_text(line) == line


def test_quotes_decoded_keeps_the_places_of_its_quotes() -> None:
    plain, shrinks = quotes_decoded("a=%7B%22k%22%3A+%22v%22%7D")
    assert plain == 'a=%7B"k"%3A "v"%7D'
    assert [offset for offset, _ in shrinks] == [5, 7, 11, 12, 14]
    # a single quote's `%27` is the decoded reading's (decoded_line), a `+` before no quote a value's
    assert quotes_decoded("a=%27k%27+b")[0] == "a=%27k%27+b"
    # a URL's userinfo keeps its escapes: a password's `%22` is its own
    assert quotes_decoded("https://ci:p%22w@host/?q=%22x%22")[0] == 'https://ci:p%22w@host/?q="x"'
