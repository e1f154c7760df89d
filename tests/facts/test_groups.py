"""Error groups (remediate.facts.groups): a message a tool repeats for many identifiers, values or
paths is one group, its first instance whole, with a count, places and a few examples. Real tool
output from tests/facts/data (see its README for how each was made)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.facts.groups import MANY_FILES, MAX_ALSO_AT, MAX_EXAMPLES, ErrorGroups, message_shape
from remediate.models import ErrorRecord, FailingTest
from tests.facts import framing

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("‘subtotal’ undeclared (first use in this function)", "‘orders’ undeclared (first use in this function)"),
        ("`os` imported but unused", "`math` imported but unused"),
        ('Name "pending" is not defined', 'Name "tax_rate" is not defined'),
        ("undefined reference to `cart_total'", "undefined reference to `order_count'"),
        ('Ref "/docs/4.3/layout/grid": page not found', 'Ref "/docs/4.3/utilities/flex": page not found'),
        ("cannot open /usr/lib/x86_64/libfoo.so.1", "cannot open /usr/local/lib/libbar.so.2"),
        ("heap-use-after-free on address 0x602000000010", "heap-use-after-free on address 0x6020000000f0"),
        ("expected 2 blank lines, found 1", "expected 2 blank lines, found 0"),
        ("url: / (Caused by ConnectionError)", "url: /health (Caused by ConnectionError)"),
        # One service reached by another URL, over HTTP and its TLS variant (urllib3 names the scheme in its pool).
        (
            "ConnectionError: HTTPConnectionPool(host='api', port=80): Max retries exceeded with url: /health",
            "ConnectionError: HTTPSConnectionPool(host='api.internal', port=443): Max retries exceeded with url: /",
        ),
        (
            "GET http://localhost:8080/api/orders: connection refused",
            "GET https://localhost/api/users: connection refused",
        ),
        ("websocket wss://push.example/feed closed", "websocket ws://127.0.0.1:9000/feed closed"),
        (
            "container 3f2a9c1e-8b7d-4e2f-9a1b-0c3d5e7f9a2b exited",
            "container 0b1c2d3e-aaaa-4bbb-8ccc-dddd0e1f2a3b exited",
        ),
        ("Timeout of 2000ms exceeded.", "Timeout of 5s exceeded."),
    ],
)
def test_messages_differing_in_a_value_have_one_shape(one: str, other: str) -> None:
    assert message_shape(one) == message_shape(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("‘subtotal’ undeclared (first use in this function)", "unused variable ‘subtotal’"),
        ("`os` imported but unused", "Undefined name `os`"),
        ("Function is missing a type annotation", "Function is missing a return type annotation"),
        # Over TLS a certificate can fail, which no plain connection does: the messages say so in other words.
        (
            "HTTPSConnectionPool(host='api', port=443): Max retries exceeded (Caused by SSLError(CertificateError))",
            "HTTPConnectionPool(host='api', port=80): Max retries exceeded (Caused by NewConnectionError(refused))",
        ),
        ("AWS credentials not found", "AW credentials not found"),  # a word ending in WS is no scheme
    ],
)
def test_messages_saying_different_things_have_different_shapes(one: str, other: str) -> None:
    assert message_shape(one) != message_shape(other)


def _errors(name: str, command: str) -> list[ErrorRecord]:
    return extract_facts(framing.github_actions(command, (DATA / name).read_text())).errors


def test_gcc_errors_for_many_identifiers_are_one_group_per_message_and_file() -> None:
    # Real gcc 12 output under `make -k`: six identifiers undeclared in cart.c (a seventh with
    # gcc's `did you mean`, another message), two in order.c, unused variables in both.
    errors = _errors("gcc_make_undeclared_repeated.txt", "make -k")
    undeclared = next(e for e in errors if e.file == "src/cart.c" and "undeclared" in e.message)
    assert (undeclared.line, undeclared.message) == (9, "‘subtotal’ undeclared (first use in this function)")
    assert undeclared.repeats == 5 and undeclared.also_at == ["src/cart.c:11"]
    assert undeclared.examples == [
        f"‘{name}’ undeclared (first use in this function)" for name in ("shipping", "coupon", "handling")
    ]
    assert any("did you mean ‘rename’" in e.message for e in errors)  # it says more: its own record
    # Two of a shape in a file are no repetition worth folding: as many records say as much.
    assert sorted(e.message for e in errors if e.file == "src/order.c" and "undeclared" in e.message) == [
        "‘orders’ undeclared (first use in this function)",
        "‘pending’ undeclared (first use in this function)",
    ]


def test_a_linters_unused_imports_are_one_group_whose_examples_name_the_others() -> None:
    # Real ruff 0.17.6 output (concise): F401 for seven modules in one file and two in another,
    # F821 for five names in one file and two in another.
    errors = _errors("ruff_check_undefined_concise.txt", "ruff check --output-format concise shop")
    cart = next(e for e in errors if e.code == "F401" and e.file == "shop/cart.py")
    assert (cart.message, cart.repeats) == ("`os` imported but unused", 6)
    assert cart.examples == ["`sys` imported but unused", "`json` imported but unused", "`re` imported but unused"]
    assert cart.also_at == [f"shop/cart.py:{n}" for n in range(2, 8)]
    assert sorted((e.code, e.file, e.repeats) for e in errors) == [
        ("F401", "shop/cart.py", 6),
        ("F401", "shop/order.py", 0),
        ("F401", "shop/order.py", 0),
        ("F821", "shop/cart.py", 4),
        ("F821", "shop/order.py", 0),
        ("F821", "shop/order.py", 0),
    ]


def test_one_message_in_many_files_is_one_record_listing_the_places() -> None:
    # Real ruff 0.17.6 output: F401 once in each of 24 modules (more than MANY_FILES): one record,
    # its first instance, 23 more, the first MAX_ALSO_AT places and three of the other modules.
    errors = _errors("ruff_unused_import_many_files.txt", "ruff check --select F401 pkg")
    (only,) = errors
    assert (only.file, only.message, only.repeats) == ("pkg/mod_0.py", "`os` imported but unused", 23)
    assert len(only.also_at) == MAX_ALSO_AT and only.also_at[0] == "pkg/mod_1.py:1"
    assert only.examples == ["`sys` imported but unused", "`heapq` imported but unused", "`bisect` imported but unused"]


def test_one_message_in_a_few_files_stays_a_record_per_file() -> None:
    # The same run on its first MANY_FILES rows: each file is a place to fix, told on its own.
    rows = (DATA / "ruff_unused_import_many_files.txt").read_text().splitlines()[:MANY_FILES]
    errors = extract_facts(framing.github_actions("ruff check pkg", "\n".join(rows) + "\n")).errors
    assert len(errors) == MANY_FILES and {e.repeats for e in errors} == {0}


@pytest.mark.parametrize("budget", [120, 150, 200, 300])
def test_a_folded_linter_group_is_shown_under_its_files_heading(budget: int) -> None:
    # Real ESLint 8.57 output: five no-undef rows under the file's heading, then three
    # no-unused-vars rows saying different things. The five are one record; at small budgets the
    # excerpt still shows its first instance with the file it is about.
    raw = framing.github_actions("npx eslint src", (DATA / "eslint8_undefined_repeated.txt").read_text())
    f = extract_facts(raw, budget_tokens=budget)
    undefined = [e for e in f.errors if e.code == "no-undef"]
    assert [(e.message, e.repeats) for e in undefined] == [("'shipping' is not defined", 4)]
    assert len([e for e in f.errors if e.code == "no-unused-vars"]) == 3
    assert "/tmp/gen/eslintmany/src/cart.js" in f.excerpt and "'shipping' is not defined" in f.excerpt


def test_identical_repeats_have_no_examples() -> None:
    # Real mypy 1.19.1 output: `Returning Any` once per file (same words), `Name "x" is not
    # defined` for five names in one file.
    errors = _errors("mypy_name_undefined.txt", "mypy --strict shop")
    returning = [e for e in errors if e.code == "no-any-return"]
    assert [(e.repeats, e.examples) for e in returning] == [(0, []), (0, [])]  # one per file
    cart = next(e for e in errors if e.code == "name-defined" and e.file == "shop/cart.py")
    assert (cart.message, cart.repeats) == ('Name "shipping" is not defined', 4)
    assert cart.examples == [f'Name "{n}" is not defined' for n in ("tax_rate", "handling", "rebate")]


def test_a_groups_examples_are_few_and_distinct() -> None:
    records = [
        ErrorRecord(
            tool="ruff", code="F401", file="a.py", line=n, message=f"`m{n % 5}` imported but unused", log_line=n
        )
        for n in range(1, 21)
    ]
    groups = ErrorGroups()
    groups.add(records)
    (only,) = groups.records(lambda e: (0, e.log_line or 0))
    assert only.message == "`m1` imported but unused" and only.repeats == 19
    assert only.examples == [f"`m{k}` imported but unused" for k in (2, 3, 4)][:MAX_EXAMPLES]


def test_the_same_error_raised_by_many_tests_is_one_group() -> None:
    tests = [FailingTest(id=f"tests/test_api.py::test_get_{n}") for n in range(3)]
    records = [
        ErrorRecord(
            tool="pytest",
            code="ConnectionError",
            file="tests/test_api.py",
            message=f"test_get_{n}: ConnectionError: HTTPConnectionPool(host='web{n}', port=80): Max retries exceeded",
            log_line=10 * n + 1,
        )
        for n in range(3)
    ]
    groups = ErrorGroups(tests)
    groups.add(records)
    (only,) = groups.records(lambda e: (0, e.log_line or 0))
    assert only.repeats == 2 and only.message.startswith("test_get_0: ")
    assert groups.key(records[0]) == groups.key(records[2])


def test_one_unreachable_service_over_http_and_https_is_one_group() -> None:
    # Real pytest 9.2 --tb=native output: requests to one address where nothing listens, over http and https, for
    # three paths. urllib3 names the scheme in its pool (`HTTPConnectionPool` / `HTTPSConnectionPool`): each scheme
    # made a group of three, each folded no further (three of a shape in a file are records of their own), so the
    # six tracebacks showed as six failures. One group now: the first instance whole, five more like it.
    errors = _errors("pytest9_requests_http_https_refused_native.txt", "python -m pytest --tb=native")
    refused = [e for e in errors if e.message.startswith("ConnectionError: ")]
    assert len(refused) == 1 and refused[0].repeats == 5
    assert "HTTPConnectionPool" in refused[0].message and "/health" in refused[0].message
    assert any("HTTPSConnectionPool" in example for example in refused[0].examples)


def test_the_specialists_and_the_human_view_see_a_groups_examples() -> None:
    from remediate.agents.context import error_lines

    raw = framing.github_actions(
        "ruff check --output-format concise shop", (DATA / "ruff_check_undefined_concise.txt").read_text()
    )
    lines = error_lines(extract_facts(raw), limit=10)
    grouped = lines[lines.index("- ruff [F401] shop/cart.py:1:8 `os` imported but unused") + 1]
    assert grouped.startswith("  (and 6 more like it at shop/cart.py:2, ")
    assert grouped.endswith("; e.g. `sys` imported but unused | `json` imported but unused | `re` imported but unused)")


@pytest.mark.parametrize("unit", ["a", "a.", "0x", "'a", "a/", "exited with ", "a-", "http:/", "1s", "Https"])
def test_a_messages_shape_takes_time_linear_in_its_length(unit: str) -> None:
    # A path is tried only where a name starts: from every character of a long word, the
    # name-character prefix would be scanned again (200 characters per position).

    def best(text: str) -> float:
        # CPU time, as tests/adversarial does: the wall clock of a shared machine is mostly its other work
        # (a land under load once failed here)
        times = []
        for _ in range(3):
            start = time.process_time()
            message_shape(text)
            times.append(time.process_time() - start)
        return min(times)

    small, large = unit * (10_000 // len(unit)), unit * (80_000 // len(unit))
    assert best(large) / max(best(small), 1e-4) < 24
    assert best(large) < 0.2
