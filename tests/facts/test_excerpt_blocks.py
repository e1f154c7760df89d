"""How the excerpt cuts a block of context around one telling line (real tool output)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from remediate.facts import excerpt_marks, extract_facts
from remediate.facts.excerpt import (
    ERROR_SCORE,
    FAILURE_SCORE,
    HEADER_COST,
    MAX_LINE_CHARS,
    REPEATS_COST,
    Telling,
    build,
    identical_runs,
    render_line,
    run_key,
    telling,
)
from remediate.facts.excerpt.blocks import nearest_part, seed_block
from remediate.facts.excerpt.grow import _report_heading
from remediate.facts.excerpt.instances import alike_instance, instance_shapes, instance_start, seed_instance
from remediate.facts.excerpt.lead import lead_seed
from remediate.facts.excerpt.selector import Selector
from remediate.facts.excerpt.telling import heads_report, opens_report, reports_any_failure
from remediate.facts.excerpt.window import _report_end
from remediate.facts.excerpt_marks import Tasks, diff_lines, echo_lines, library_listing_lines, shadow_map_lines
from remediate.facts.extract import modules_reading
from remediate.facts.parsers import bare_texts, modules_named, parser_view
from remediate.facts.reader import clean_line
from remediate.facts.score import line_score
from remediate.facts.verdicts import passing_verdict
from remediate.facts.view import View
from tests.facts import framing

DATA = Path(__file__).parent / "data"


def view_of(text: str) -> View:
    return View.of(text.splitlines())


def gcc_view() -> tuple[View, list[int]]:
    view = view_of((DATA / "gcc_include_chain.txt").read_text())
    errors = [line.no for line in view.lines if ": error: unknown type name" in line.text]
    assert len(errors) == 6
    return view, errors


def test_a_block_keeps_the_indented_report_its_line_closes() -> None:
    # gcc prints the include chain above the error, indented under its "In file included from"
    # head: the error's block is the whole chain, the error and its caret.
    view, errors = gcc_view()
    for no in errors:
        block = [view.text(n) for n in seed_block(Tasks(view, {}, {}), no, {no: 8.0})]
        head = next(i for i, t in enumerate(block) if t.startswith("In file included from"))
        assert all(t.startswith("                 from ") for t in block[head + 1 : block.index(view.text(no))])
        assert block[head - 1].startswith("gcc -c main") or head == 0  # up to the command, no further
        assert any("^~~~" in t for t in block)


def test_a_block_above_stops_at_a_blank_line_and_a_passing_verdict() -> None:
    text = "\n".join(["ok 1 - parses", "    detail of a passing test", *(f"    frame {i}" for i in range(6))])
    view = view_of(text + "\nnot ok 2 - resolves\n")
    block = seed_block(Tasks(view, {}, {}), 9, {9: 8.0})
    assert block == list(range(2, 10))  # the indented run and its head, not the passing `ok 1`
    view = view_of("\n".join(["start", "", *(f"    frame {i}" for i in range(6)), "not ok 2 - resolves"]))
    assert seed_block(Tasks(view, {}, {}), 9, {9: 8.0}) == list(range(3, 10))


def test_a_block_too_big_for_the_room_keeps_the_lines_nearest_its_seed() -> None:
    view, errors = gcc_view()
    no = errors[2]
    block = seed_block(Tasks(view, {}, {}), no, {no: 8.0})
    sel = Selector(view, 10_000)
    part = nearest_part(sel, block, no, 200)
    assert no in part and part == list(range(part[0], part[-1] + 1))
    assert sel.block_cost(part) <= 200 < sel.block_cost(block)
    above, below = no - part[0], part[-1] - no
    assert abs(above - below) <= 1 and above >= 1 and below >= 1


def go_subtests() -> tuple[Tasks, int, int]:
    """Real `go test` output: two failing subtests of one test, each a long report. Returns the
    lines, the second subtest's `--- FAIL:` line and its first error."""
    view = view_of((DATA / "go_test_subtests.txt").read_text())
    opens = next(line.no for line in view.lines if "--- FAIL: TestAlpha/Section_47" in line.text)
    error = next(line.no for line in view.lines if "expected 'appointy/jaal'" in line.text)
    return Tasks(view, {}, {}), opens, error


def test_a_go_subtests_report_starts_at_its_own_fail_line() -> None:
    # Go indents a subtest's `--- FAIL:` under its parent's: the second subtest's errors are its
    # own report, not the parent's (whose head would be the first subtest's report).
    lines, opens, error = go_subtests()
    assert instance_start(lines, error) == opens


def test_a_seed_that_opens_a_report_starts_its_own_instance() -> None:
    lines, opens, _ = go_subtests()
    block = seed_block(lines, opens, {opens: 8.0})
    cut = seed_instance(lines, Selector(lines.view, 10_000), block, opens, 150)
    assert cut and cut[0] == opens  # nothing of the report above it


def test_a_seed_cut_that_adds_nothing_gives_way_to_the_lines_nearest_the_seed() -> None:
    # The long-instance cut keeps the seed, the head and the tail; when every one of its lines is
    # shown already, it adds nothing and the caller takes the seed's nearest lines instead.
    lines, _, error = go_subtests()
    block = seed_block(lines, error, {error: 8.0})
    sel = Selector(lines.view, 10_000)
    first = seed_instance(lines, sel, block, error, 500)
    assert error in first and sel.add(first) and sel.chosen.issuperset(first)
    assert seed_instance(lines, sel, block, error, 500) == []
    assert not sel.chosen.issuperset(nearest_part(sel, block, error, 500))


def test_an_indented_error_the_window_before_the_failure_ends_at_keeps_its_heading() -> None:
    # Real ESLint output: each file's name heads its indented `line:col  error ...` lines. The
    # contiguous output before the failure, cut by its share of the budget, may end at one of
    # those lines; that line's own block is then never built, so the heading that names the
    # file was lost unless the budget happened to reach it.
    raw = framing.travis("eslint lib", (DATA / "eslint.txt").read_text())
    for budget in range(125, 205, 5):
        excerpt = extract_facts(raw, budget_tokens=budget).excerpt
        assert "'console' is not defined" in excerpt
        assert "/tmp/gen/node/lib/util.js" in excerpt, budget


def test_identical_runs_are_three_or_more_equal_consecutive_non_blank_lines() -> None:
    view = view_of("\n".join(["a", "x", "x", "x", "b", "y", "y", "", "", "", "z", "z", "z", "z"]))
    runs = identical_runs(view)
    assert runs == {2: (2, 4), 3: (2, 4), 4: (2, 4), 11: (11, 14), 12: (11, 14), 13: (11, 14), 14: (11, 14)}
    gap = View.of([view.lines[1], view.lines[2], view.lines[4]], total_lines=14)
    assert identical_runs(gap) == {}  # lines 2, 3 and 5 are not consecutive


def test_a_run_is_taken_whole_for_its_first_line_and_one_count_line() -> None:
    view = view_of("\n".join(["start", *(["retrying: connection refused"] * 30), "end"]))
    sel = Selector(view, 10_000)
    line = len("retrying: connection refused") + 1
    assert sel.block_cost([10]) == line + REPEATS_COST + HEADER_COST
    assert sel.add([10]) and sel.chosen == set(range(2, 32))
    assert sel.block_cost([1, 32]) == len("start\n") + len("end\n")  # they join the block: no new header


def test_a_long_line_keeps_the_causes_its_middle_states() -> None:
    # Real `mvn -o` output: one [ERROR] line of 815 characters chaining its causes. A blind head
    # and tail cut kept "Failed to execute goal ..." and "... has not been downloaded" and dropped
    # which artifacts could not be resolved and why.
    line = next(t for t in (DATA / "maven_plugin_resolution.txt").read_text().splitlines() if len(t) > 800)
    out = render_line(line)
    assert len(out) <= MAX_LINE_CHARS
    assert out.startswith("[ERROR] Failed to execute goal org.apache.maven.plugins:maven-resources-plugin:2.6")
    assert out.endswith("has not been downloaded from it before. -> [Help 1]")
    assert "The following artifacts could not be resolved: org.apache.maven:maven-project:jar:2.0.6" in out
    assert "Cannot access central (https://repo.maven.apache.org/maven2) in offline mode" in out
    pieces = out.split(" […] ")
    assert all(piece in line for piece in pieces) and len(pieces) == 4  # each cut is marked


def test_a_long_line_with_nothing_telling_in_its_middle_keeps_its_head_and_tail() -> None:
    line = "classpath: " + ":".join(f"/home/ci/.m2/repository/org/lib{i}/lib{i}-1.0.jar" for i in range(40))
    out = render_line(line)
    head, tail = out.split(" […] ")
    assert len(out) == MAX_LINE_CHARS and line.startswith(head) and line.endswith(tail) and len(head) > len(tail)


def test_a_telling_phrase_near_the_head_joins_it_and_every_shape_fits() -> None:
    line = "x" * 130 + " error: boom " + "y" * 600
    out = render_line(line)
    assert out.count(" […] ") == 1 and "error: boom" in out and len(out) == MAX_LINE_CHARS
    for n in range(MAX_LINE_CHARS + 1, 4200, 97):  # phrases everywhere, nowhere, at either end
        for text in ("error " * n, "a" * n, "e" * (n - 5) + "fail", "fail" + "e" * n, ("x" * 37 + " Error ") * n):
            text = text[:n]
            assert len(render_line(text)) <= MAX_LINE_CHARS


# ---------------------------------------------------------------------- parallel tasks

TURBO = (DATA / "turbo_parallel_test.txt").read_text()


def test_interleaved_tasks_a_block_follows_its_own_task() -> None:
    # Real turbo output: `web` fails one assertion while `api` prints forty passing tests into the
    # same stream. The failure's block is web's lines (the assertion, its values, its frames), not
    # the api lines printed between them.
    view = view_of(TURBO)
    prefixes = {
        line.no: line.text.split(" ", 1)[0] for line in view.lines if line.text.startswith(("web:test:", "api:test:"))
    }
    failed = next(line.no for line in view.lines if line.text.startswith("web:test: ✖ web total of two"))
    lines = Tasks(view, prefixes, {failed: 8.0})
    assert lines.failing == {"web:test:"}
    assert lines.text(failed) == "✖ web total of two (122.165987ms)"
    block = [view.text(n) for n in seed_block(lines, failed, {failed: 8.0})]
    assert all(t.startswith("web:test:") for t in block)
    assert "web:test:   4 !== 3" in block
    assert any("cart.test.js:7:91" in t for t in block)
    assert lines.passed(next(line.no for line in view.lines if line.text.startswith("api:test: ✔")))


def test_a_summary_in_which_nothing_failed_does_not_make_its_task_a_failing_one() -> None:
    view = view_of(TURBO)
    prefixes = {
        line.no: line.text.split(" ", 1)[0] for line in view.lines if line.text.startswith(("web:test:", "api:test:"))
    }
    api_fail_0 = next(line.no for line in view.lines if line.text == "api:test: ℹ fail 0")
    web_fail_1 = next(line.no for line in view.lines if line.text == "web:test: ℹ fail 1")
    assert Tasks(view, prefixes, {api_fail_0: 9.0, web_fail_1: 9.0}).failing == {"web:test:"}
    assert Tasks(view, prefixes, {}).failing == {"web:test:", "api:test:"}  # no tool said: every task


@pytest.mark.parametrize("shape", ["bare", "github_actions", "gitlab"])
def test_the_excerpt_of_interleaved_tasks_shows_the_failing_task(shape: str) -> None:
    log = TURBO.encode() if shape == "bare" else getattr(framing, shape)("npx turbo run test --continue", TURBO)
    f = extract_facts(log, budget_tokens=500)
    shown = f.excerpt.splitlines()
    for wanted in ("web:test: ✖ web total of two (122.165987ms)", "web:test:   4 !== 3"):
        assert wanted in shown
    assert any("cart.test.js:7:91" in t for t in shown)
    assert not [t for t in shown if t.startswith("api:test: ✔")]  # the passing task's verdicts are not context


def test_logging_levels_and_ci_markers_are_no_task_prefixes() -> None:
    # Python logging's default `LEVEL:logger:message` (real output), Travis's fold/time markers and
    # wget's `URL:http://...` take turbo's `name:task:` shape, but no task runner printed them.
    text = (DATA / "python_logging_default.txt").read_text()
    text += "travis_fold:end:install\ntravis_fold:end:script\ntravis_fold:end:cache\n"
    text += "URL:http://a/x [1/1] -> x [1]\nURL:http://a/y [1/1] -> y [1]\nURL:http://a/z [1/1] -> z [1]\n"
    view = view_of(text)
    plain = parser_view(view)
    assert plain.tasks == {} and plain.lines == view.lines


@pytest.mark.parametrize(
    ("sample", "frames"),
    [
        ("pytest_auto_frames.txt", ("client.py:22: in get", "sessions.py:20: in request")),
        ("pytest_long_frames.txt", (">       return request(url, options)", ">       return send(url, options)")),
    ],
)
def test_a_traceback_longer_than_its_room_keeps_its_frames(sample: str, frames: tuple[str, str]) -> None:
    # Real pytest output: one error raised three calls deep, repeated by three tests. Its first
    # instance does not fit; besides its head (the test) and its end (the error), the excerpt
    # keeps the path the failure took (each frame's location or failing line), not only the
    # innermost function's source listing.
    raw = framing.github_actions("python -m pytest", (DATA / sample).read_text())
    f = extract_facts(raw, budget_tokens=800)
    for line in (*frames, "def test_status():", "E       ConnectionError: HTTPConnectionPool", "adapters.py:15: Conn"):
        assert line in f.excerpt


def test_a_failure_seen_once_whose_report_does_not_fit_keeps_its_path() -> None:
    # Real pytest output: one test of 30 fails three calls deep, each frame a long listing. The
    # failure is not repeated, so it is no group's instance; its block does not fit what is left,
    # and it is cut as an instance is: each frame's failing `>` line is kept, not blank lines.
    # (Which of the three `>` lines a cut keeps varies with the room left when the block is cut, not
    # monotonically in the budget: 1 to 3 of them at 450-750 tokens; at 800 all three.)
    raw = framing.github_actions("python -m pytest -v --tb=long", (DATA / "pytest_single_long.txt").read_text())
    shown = extract_facts(raw, budget_tokens=800).excerpt.splitlines()
    for line in (">       return request(url, options)", ">       return send(url, options)", "client.py:22:"):
        assert line in shown
    assert (
        "E       adapters.ConnectionError: HTTPConnectionPool(host='api.internal', port=80): Max retries exceeded"
        in shown
    )


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Lines of real output made here (pytest 9.2, gcc 12, GNU make 4.3, Python 3.11, JUnit).
        ("E       ConnectionError: HTTPConnectionPool(host='api.internal', port=80): Max retries", Telling.ERROR),
        ("FAILED test_api.py::test_status - ConnectionError: HTTPConnectionPool(host='a...", Telling.ERROR),
        ("../src/main.c:1:25: error: ‘y’ undeclared (first use in this function)", Telling.ERROR),
        ("During handling of the above exception, another exception occurred:", Telling.ERROR),
        ("Tests run: 3, Failures: 1, Errors: 0, Skipped: 0", Telling.ERROR),  # a count that reports failures
        ("client.py:22: in get", Telling.FRAME),
        ("client.py:22: ", Telling.FRAME),
        ('  File "/home/runner/work/api/api/client.py", line 22, in get', Telling.FRAME),
        ("\tat com.example.AppTest.testApp(AppTest.java:12)", Telling.FRAME),
        ("test_pass.py::test_ok_1 PASSED                                           [  4%]", Telling.VERDICT),
        ("843 runs, 2349 assertions, 0 failures, 0 errors, 0 skips", Telling.VERDICT),
        # A source listing's line that names an error, and lines that tell nothing.
        ("        raise ConnectionError(f'HTTPConnectionPool(host={url!r}, port=80)')", None),
        ("        setting_1 = options.get('setting_1', 1)  # read option 1", None),
        ("gcc -c ../src/main.c -o main.o", None),
        ("make[1]: Entering directory '/home/runner/work/mj/mj/lib/build'", None),
    ],
)
def test_what_a_line_tells_of_a_failure(text: str, kind: Telling | None) -> None:
    assert telling(text) is kind


@pytest.mark.parametrize(
    ("sample", "start", "kind"),
    [
        # Real samples (README rows), read bare as the benchmarks read them: a runner's indented report.
        ("mocha.txt", "      AssertionError [ERR_ASSERTION]: Expected values", Telling.ERROR),
        ("mocha.txt", "     SyntaxError: Expected property name", Telling.ERROR),
        ("concurrently5_mocha.txt", "      AssertionError [ERR_ASSERTION]: -1 == 0", Telling.ERROR),
        ("mocha10_test_timeout.txt", "     Error: Timeout of 2000ms exceeded.", Telling.ERROR),
        ("sample_gradle_test.txt", "    org.opentest4j.AssertionFailedError: expected: <90>", Telling.ERROR),
        ("stack27_two_packages_hspec.txt", "  sums two prices FAILED [1]", Telling.ERROR),
        ("cabal_setup_test_hspec.txt", "    is zero for no prices FAILED [1]", Telling.ERROR),
        ("bandit.txt", ">> Issue: [B404:blacklist] Consider possible", Telling.ERROR),
        ("tap_dot.txt", "    operator: equal", Telling.ERROR),
        ("node20_test_tap.txt", "      operator: 'strictEqual'", Telling.ERROR),
        # A nested TAP subtest's verdict, four spaces deeper a level: node --test's, node-tap 12's (its assertion's
        # and its subtest's); hspec 2.11's verdict mark.
        ("node20_test_tap.txt", "    not ok 1 - sums prices", Telling.ERROR),
        ("tap12_nested.txt", "        not ok 1 - should be equal", Telling.ERROR),
        ("node_tap12.txt", "    not ok 2 - average of empty cart # time=", Telling.ERROR),
        ("sample_hspec.txt", "    adds two numbers [✘]", Telling.ERROR),
        # A failure's mark opening an indented line: Jest's, Vitest's, node --test spec's test in its tree, pip's and
        # Biome's error under its heading.
        ("jest30_github_reporter.txt", "    ✕ sums prices (2 ms)", Telling.ERROR),
        ("vitest.txt", "     × total sums 12ms", Telling.ERROR),
        ("node_test_spec_color.txt", "  ✖ total sums (", Telling.ERROR),
        ("pip23_own_c_extension.txt", "  × python setup.py bdist_wheel did not run successfully.", Telling.ERROR),
        ("biome2_lint.txt", "  × Unexpected empty object pattern.", Telling.ERROR),
        # A failed TAP assertion's `at:`, inline (tape) or over its line, column and file (node-tap).
        ("tape4.txt", "    at: Test.<anonymous> (/home/travis/build/acme/cart/test/cart.js:5:5)", Telling.FRAME),
        ("tap12_nested.txt", "          at:", Telling.FRAME),
        # Ruby's frames: RSpec's backtrace prints each as a comment under its example's report; minitest's bare.
        ("rspec.txt", "     # ./spec/calc_spec.rb:4:in `block (2 levels) in <top (required)>'", Telling.FRAME),
        ("rspec312_config_file_missing.txt", "     # ./lib/shop.rb:5:in `settings'", Telling.FRAME),
        ("minitest.txt", "    test/test_calc.rb:8:in `test_div_zero'", Telling.FRAME),
        ("tap12_nested.txt", "        ok 1 - empty cart", Telling.VERDICT),  # a passing one: no error
        # The same samples' lines that tell nothing by themselves: a test's title, a diff, a YAML key.
        ("mocha.txt", "      + expected - actual", None),
        ("cabal_setup_test_hspec.txt", "  total", None),
        ("tap_dot.txt", "    expected: 6", None),
        ("bandit.txt", "   Severity: Low   Confidence: High", None),
    ],
)
def test_what_a_runners_indented_line_tells(sample: str, start: str, kind: Telling | None) -> None:
    texts = bare_texts([clean_line(raw.encode()) for raw in (DATA / sample).read_text().splitlines()])
    line = next(text for text in texts if text.startswith(start))
    assert telling(line) is kind


@pytest.mark.parametrize(
    "text",
    [
        '    raise ValueError("x")',  # pytest's listing of the test's source
        "    except ValueError:",
        "    operator: In",  # a Kubernetes manifest's nodeAffinity, indented in a log
        "      operator: Exists",
        "      operator: Equal",  # a toleration's
        "    ValueError:",  # no message: not an exception's line
        "    at: 02:00",  # a schedule's key, not a TAP assertion's location
        "    adds two numbers [✔]",  # hspec 2.11's passing example
    ],
)
def test_indented_code_and_yaml_tell_nothing(text: str) -> None:
    assert telling(text) is None


def test_a_parsers_evidence_makes_an_unindented_line_an_error() -> None:
    line = "hello.lua:3: attempt to call a nil value (global 'foo')"  # busted's message, as Lua prints it
    assert telling(line, evidence=FAILURE_SCORE) is Telling.ERROR
    assert telling("    " + line, evidence=FAILURE_SCORE) is None  # indented: a listing, not the report


def test_the_first_of_several_failures_is_shown_with_the_last() -> None:
    # Real `mix test` output: four tests fail, each differently, the first with a short report.
    # The window before the failure shows the last reports and the position weight favours them;
    # at small budgets the first report was left out, though it is often the cause of the rest.
    raw = framing.travis("mix test", (DATA / "exunit_several.txt").read_text())
    for budget in range(250, 475, 25):
        excerpt = extract_facts(raw, budget_tokens=budget).excerpt.splitlines()
        for line in ("  1) test balance of one account (LedgerTest)", "     left:  7", "     right: 10"):
            assert line in excerpt, budget
        assert "  4) test owner of an unknown account (LedgerTest)" in excerpt, budget


def test_a_repeated_error_that_opens_its_report_is_shown_with_the_lines_below_it() -> None:
    # Real cargo 1.95 output: the same E0308 three times, so its first instance is shown whole
    # before the rest. rustc's report is the error line then its location and source lines; with
    # no section header above it, the instance was the 40 lines above the error (the build's
    # `Compiling` lines, the CI's), without the location.
    raw = framing.travis("cargo build", (DATA / "cargo_repeated_error.txt").read_text())
    for budget in range(100, 675, 25):
        excerpt = extract_facts(raw, budget_tokens=budget).excerpt
        assert "error[E0308]: mismatched types\n --> src/main.rs:7:5" in excerpt, budget
        if budget >= 425:
            assert "expected `i64`, found `u32`" in excerpt, budget


def test_without_a_parser_the_first_error_of_the_failing_step_leads() -> None:
    # Real rebar3 eunit output (tests/facts/data/rebar3_eunit.txt) read with every parser left
    # out, as for a test runner no parser knows: the first failure's report (its name, the
    # assertion, expected and got) is kept whole ahead of the later failure's long term dump.
    log = framing.travis("rebar3 eunit", (DATA / "rebar3_eunit.txt").read_text())
    facts = extract_facts(log, budget_tokens=250, leave_out=modules_named("all"))
    for line in ("1) calc_tests:add_test/0", "Failure/Error: ?assertEqual(4, calc : add ( 2 , 2 ))", "expected: 4"):
        assert line in facts.excerpt
    assert "got: 5" in facts.excerpt


def test_a_report_opens_on_an_error_not_on_a_verdict_or_a_count() -> None:
    # Real nose2 0.16 lines (tests/facts/data/nose2_verbose.txt).
    assert opens_report("ERROR: test_div (tests.test_calc.TestCalc.test_div)")
    assert opens_report("ZeroDivisionError: division by zero")
    assert not opens_report("test_div (tests.test_calc.TestCalc.test_div) ... ERROR")  # progress: the report follows
    assert not opens_report("FAILED (failures=3, errors=1)")  # the run's count
    assert not opens_report("test_ok (tests.test_calc.TestCalc.test_ok) ... ok")


def test_a_list_of_failures_is_headed_by_a_line_that_announces_it() -> None:
    # Real PHPUnit 9.6 lines (tests/facts/data/phpunit_suites.txt): the heading over the numbered
    # failures opens the report, the closing summary below them and a passing suite's do not.
    text = (DATA / "phpunit_suites.txt").read_text().splitlines()
    assert [line for line in text if heads_report(line)] == ["There were 3 errors:", "There was 1 failure:"]
    assert "Tests: 4, Assertions: 1, Errors: 3, Failures: 1." in text
    assert not heads_report("OK (3 tests, 3 assertions)")


def test_a_method_named_like_an_exception_reports_no_error() -> None:
    # A test's or a method's camelCase name ending in Error is no exception raised: PHPUnit's heading
    # of a test that hit a deprecation (composer's suite, `3) ...\ConsoleIOTest::testWriteError`) was
    # taken for the first error of a log no parser read, ahead of the first failing suite.
    for line in ("3) Composer\\Test\\IO\\ConsoleIOTest::testWriteError", "    at handleError (/app/src/log.js:4:9)"):
        assert line_score(line) < ERROR_SCORE, line
    for line in ("ValueError: bad", "raise ValueError", "Error: boom", "requests.exceptions.ConnectionError: x"):
        assert line_score(line) >= ERROR_SCORE, line
    assert line_score("java.lang.NullPointerException") >= ERROR_SCORE
    assert line_score("** (MatchError) no match of right hand side value: 1") >= ERROR_SCORE


def test_frames_a_terminal_redrew_are_not_shown_only_the_last() -> None:
    # Real lint-staged 10.5 in a pseudo-terminal (data/lint_staged10_tty.txt), as a Travis job
    # shows it, read without parsers: the task list's `[FAILED]` row appears once (the last frame
    # a reader sees), not once per erased frame, and the task's error is kept.
    log = framing.travis("npx lint-staged", (DATA / "lint_staged10_tty.txt").read_text())
    for budget in (150, 400):
        facts = extract_facts(log, budget_tokens=budget, leave_out=modules_named("all"))
        assert facts.excerpt.count("[FAILED]") == 1
        assert "a.js:1:1: error: 'var' is not allowed, use let or const" in facts.excerpt


def _view_of(text: str) -> View:
    return View.of(text.splitlines())


def test_a_unified_diffs_lines_are_its_reports_body() -> None:
    # Real `git diff --exit-code` output (data/git_diff_exit_code.txt): two files, two hunks.
    scores = diff_lines(_view_of((DATA / "git_diff_exit_code.txt").read_text()))
    assert sorted(n for n, s in scores.items() if s > 2.0) == [3, 4, 5, 6, 7, 16, 17, 18, 19, 20]  # files, hunks
    assert sorted(n for n, s in scores.items() if s == 2.0) == [*range(8, 16), 21, 22]  # each hunk's counted lines
    # A hunk ends where its counts say, or earlier where the log goes on; `@@` in prose is no hunk.
    short = diff_lines(_view_of("@@ -1,3 +1,3 @@\n-a\n+b\nDone.\n-x\nsee @@ -1 +1 @@ above"))
    assert sorted(short) == [1, 2, 3]


def test_a_long_diff_is_kept_nearly_whole_without_a_parser() -> None:
    # Real git diff of a re-aligned table (data/git_diff_table_realigned.txt, 65 lines) as a
    # Travis job, read without parsers: its rows hold no error word, yet they are the report; at
    # 800 tokens (most of it fits) no more than 5 of its lines are left out, the file header kept.
    text = (DATA / "git_diff_table_realigned.txt").read_text()
    log = framing.travis("git diff --exit-code", text)
    facts = extract_facts(log, budget_tokens=800, leave_out=modules_named("all"))
    first = 17  # the diff's first line in the framed log
    kept = {n for r in facts.excerpt_lines for n in range(r.start, r.end + 1)}
    assert len(set(range(first, first + 65)) - kept) <= 5
    assert "diff --git a/README.org b/README.org" in facts.excerpt


def test_a_long_report_in_the_failing_step_comes_before_error_words_outside_it() -> None:
    # A failing command's report longer than the budget (Jest's 240-line diff) after a passing
    # command whose lines use error words (commit subjects: `Fix undefined method error ...`):
    # the report's next lines are worth more than those words. Before, 7-10 of the 10 subjects
    # took the room the report's middle needed.
    jest = (DATA / "jest29_long_diff.txt").read_text()
    subjects = (DATA / "git_log_error_words.txt").read_text().splitlines()
    log = framing.travis_commands(
        [("git log --format='%h %s' -10", "\n".join(subjects), 0), ("npx jest --ci", jest, 1)]
    )
    report = set(jest.splitlines())
    for leave_out in (frozenset(), modules_named("all")):
        for budget in (500, 600, 700):
            shown = extract_facts(log, budget_tokens=budget, leave_out=leave_out).excerpt.splitlines()
            # the last subject is the line right above the failing command's header, its context
            assert sum(s in shown for s in subjects[:-1]) == 0, (budget, leave_out)
            assert "    expect(received).toEqual(expected) // deep equality" in shown
            assert "      at Object.toEqual (test/catalog.test.js:7:21)" in shown
            assert len(report.intersection(shown)) >= 34, (budget, leave_out)


def asan_view() -> View:
    return view_of((DATA / "asan_recursion_use_after_free.txt").read_text())


def test_a_sanitizers_shadow_map_and_legend_are_no_context() -> None:
    view = asan_view()
    noise = shadow_map_lines(Tasks(view, {}, {}))
    texts = [view.text(n) for n in sorted(noise)]
    assert texts[0] == "Shadow bytes around the buggy address:"
    assert texts[-1].startswith("  Right alloca redzone:")
    assert len(texts) == len(range(min(noise), max(noise) + 1)) == 31
    assert view.text(max(noise) + 1).endswith("==ABORTING")
    assert not any(t.startswith(("SUMMARY", "    #")) for t in texts)


def test_numbered_frames_alike_but_for_their_number_fold_as_one_run() -> None:
    view = asan_view()
    runs = identical_runs(view)
    first = next(line.no for line in view.lines if line.text.startswith("    #1 ") and " in visit " in line.text)
    assert runs[first] == (first, first + 39)  # frames #1-#40: the recursion
    assert first - 1 not in runs  # #0, where it read, is its own line
    assert run_key("    #12 0x55 in visit t.c:22") == run_key("    #3 0x55 in visit t.c:22")
    assert run_key("    #12 0x55 in visit t.c:22") != run_key("    #3 0x56 in visit t.c:22")


def test_a_deep_sanitizer_stack_keeps_its_report_not_its_legend() -> None:
    # Before, the window before the failure filled with the shadow map's legend (20 lines) and the
    # recursion's 40 frames took the rest: at 600 tokens the freed-by and allocated-by stacks and
    # the main frame were left out.
    out = (DATA / "asan_recursion_use_after_free.txt").read_text()
    must = [
        "ERROR: AddressSanitizer: heap-use-after-free",
        "in visit /tmp/exc/gen/asan/tree.c:23",
        "[… 39 more frames like the one above …]",
        "in main /tmp/exc/gen/asan/tree.c:29",
        "freed by thread T0 here:",
        "in release /tmp/exc/gen/asan/tree.c:18",
        "in build /tmp/exc/gen/asan/tree.c:8",
        "SUMMARY: AddressSanitizer: heap-use-after-free",
    ]
    for log in (framing.travis("./tree", out), framing.github_actions("./tree", out)):
        for leave_out in (frozenset(), modules_named("all")):
            for budget in (500, 600, 1000):
                excerpt = extract_facts(log, budget_tokens=budget, leave_out=leave_out).excerpt
                assert [m for m in must if m not in excerpt] == [], budget
                assert "Heap left redzone" not in excerpt


def test_a_list_the_window_before_the_failure_cuts_keeps_its_first_rows() -> None:
    # 324 findings, one a line, then their count: the window before the failure holds the last
    # rows and the count; the list's first rows are shown too. Before, without a parser at 600
    # tokens the first rows were left out (their score is that of every other row, and later
    # rows weigh more). Below ~500 tokens in a GitHub Actions job the job's own lines, the first instances and the
    # window leave no room for them.
    out = (DATA / "ruff_concise_324_findings.txt").read_text()
    rows = out.splitlines()
    for log in (framing.travis("ruff check pkg", out), framing.github_actions("ruff check pkg", out)):
        for leave_out in (frozenset(), modules_named("all")):
            for budget in (600, 800, 1000):
                shown = extract_facts(log, budget_tokens=budget, leave_out=leave_out).excerpt.splitlines()
                assert rows[0] in shown and rows[1] in shown, (budget, leave_out)
                assert "Found 324 errors." in shown and rows[-3] in shown, (budget, leave_out)


def test_a_source_listing_inside_a_report_is_no_list() -> None:
    # pytest's long traceback lists a function's source, its lines alike (`setting_1 = ...`,
    # `setting_2 = ...`): the window cut inside it is no list of findings to head.
    raw = framing.github_actions("python -m pytest -v --tb=long", (DATA / "pytest_single_long.txt").read_text())
    shown = extract_facts(raw, budget_tokens=600).excerpt
    assert "setting_1 = options.get('setting_1', 1)" not in shown


def test_a_sanitizer_stack_in_a_cycle_keeps_where_it_read_main_and_the_other_stacks() -> None:
    # 125 frames of a recursion through three functions (no run folds): the report's head and
    # its end (main, the freed-by and allocated-by stacks, SUMMARY) are kept, its legend is not.
    # Before the shadow map was no context, at 600-1,000 tokens 3-4 of these were left out.
    out = (DATA / "asan_cycle_use_after_free.txt").read_text()
    must = [
        "ERROR: AddressSanitizer: heap-use-after-free",
        "in visit /tmp/exc/gen/asan/tree2.c:25",
        "#1 0x55ab7e3f4450 in visit_b",
        "#121 0x55ab7e3f4413 in main",
        "in release /tmp/exc/gen/asan/tree2.c:18",
        "in build /tmp/exc/gen/asan/tree2.c:8",
        "SUMMARY: AddressSanitizer: heap-use-after-free",
    ]
    for log in (framing.travis("./tree2", out), framing.github_actions("./tree2", out)):
        for leave_out in (frozenset(), modules_named("all")):
            for budget in (600, 1000):
                excerpt = extract_facts(log, budget_tokens=budget, leave_out=leave_out).excerpt
                assert [m for m in must if m not in excerpt] == [], budget


def test_an_error_outside_the_failing_step_still_comes_before_widening_inside_it() -> None:
    # A build run that went on (`make -k ... || true`, the job saw exit 0) reports the compile
    # error; the next command fails with a report longer than the budget. The report's next lines
    # come after the error line outside its step, not before it: from 500 tokens the error is kept.
    make = (DATA / "make_k_j2_one_error.txt").read_text()
    jest = (DATA / "jest29_long_diff.txt").read_text()
    log = framing.travis_commands([("make -k -j2 || true", make, 0), ("npx jest --ci", jest, 1)])
    for leave_out in (frozenset(), modules_named("all")):
        for budget in (500, 700, 900, 1500):
            excerpt = extract_facts(log, budget_tokens=budget, leave_out=leave_out).excerpt
            assert "src/a00.c:2:22: error: ‘undeclared_total’ undeclared" in excerpt, (budget, leave_out)
            assert "    expect(received).toEqual(expected) // deep equality" in excerpt


def test_a_block_does_not_grow_past_the_jobs_failure_into_its_cleanup() -> None:
    # GitHub's `##[error]Process completed with exit code 1.` scores highest, so the lines after it
    # (the runner's `Post job cleanup.`, its git version) were the first edges widened into, before
    # the report's own next lines.
    jest = (DATA / "jest29_long_diff.txt").read_text()
    log = framing.github_actions("npx jest --ci", jest)
    for leave_out in (frozenset(), modules_named("all")):
        for budget in (400, 600, 2000):
            excerpt = extract_facts(log, budget_tokens=budget, leave_out=leave_out).excerpt
            assert "##[error]Process completed with exit code 1." in excerpt
            assert "Post job cleanup." not in excerpt and "git version 2.49.0" not in excerpt, (budget, leave_out)


def test_installed_codes_source_pytest_lists_seeds_no_block_the_tests_own_does() -> None:
    # pytest's long report of a test failing inside requests lists ~600 lines of urllib3's and
    # requests' source; their `except ... as err:`, `error: Exception | None = None,` and `raise
    # ConnectionError(e, ...)` scored as errors and took the room of the report's `E` lines.
    out = (DATA / "pytest_requests_refused.txt").read_text()
    view = view_of(out)
    listed = library_listing_lines(Tasks(view, {}, {}))
    texts = {view.text(n) for n in listed}
    assert "            raise ConnectionError(err, request=request)" in texts
    assert "        except (ProtocolError, OSError) as err:" in texts
    assert not any(t.startswith(("E ", ">")) for t in texts)
    own = next(line.no for line in view.lines if line.text == "    def test_health_endpoint():")
    assert view.text(own + 4) == "tests/test_api.py:5: "  # the location below the test's own listing
    assert not listed.intersection(range(own, own + 4))


@pytest.mark.parametrize("sample", ["pytest_requests_refused.txt", "pytest_requests_connect_timeout.txt"])
def test_a_test_failing_inside_a_library_keeps_every_error_of_its_chain(sample: str) -> None:
    # Before, at 1,000 tokens 2-4 of the chain's errors and the test's own location were kept
    # (the library's source lines that name errors took their place), now 3-4 of them and the location.
    out = (DATA / sample).read_text()
    errors = [t for t in out.splitlines() if re.match(r"E +[\w.]+: ", t)]
    assert len(errors) == 4
    for log in (framing.travis("pytest -q tests", out), framing.github_actions("pytest -q tests", out)):
        for leave_out in (frozenset(), modules_named("all")):
            excerpt = extract_facts(log, budget_tokens=1000, leave_out=leave_out).excerpt
            kept = [e for e in errors if e[:100] in excerpt]
            assert len(kept) >= 3 and errors[-1][:100] in excerpt, (sample, leave_out)
            assert any(t.startswith("tests/test_") and t.strip() in excerpt for t in out.splitlines())  # its location


@pytest.mark.parametrize("sample", ["biome1_ci.txt", "biome2_check.txt"])
def test_an_indented_report_under_a_blank_line_keeps_the_heading_above_it(sample: str) -> None:
    # Biome prints each diagnostic as a heading naming the file and rule, a blank line, then its
    # indented `  × message`: a block stopped at the blank line, so the message was shown without
    # the file it is about (before, without a parser: at 800 tokens 8 of 9 shown without it, at
    # 1,000 2-3; now at most 2 at 800). A message cut to its line alone when the room runs out may lack it.
    # How many messages a budget shows hangs on a few characters of slack (a diagnostic's whole block fits or not,
    # and crowds out two messages): 6 to 9 between 750 and 1,000 tokens, not rising with the budget. So the count
    # is taken over the two framings and two budgets, with and without parsers: on average at least 7 shown.
    out = (DATA / sample).read_text()
    logs = [framing.travis("npx biome ci .", out), framing.github_actions("npx biome ci .", out)]
    for leave_out in (frozenset(), modules_named("all")):
        counts = []
        for log in logs:
            rows = log.decode().split("\n")
            messages = [n for n, row in enumerate(rows, start=1) if "  × " in row and not rows[n - 2].split("Z ")[-1]]
            assert len(messages) >= 8
            for budget in (800, 1000):
                ranges = extract_facts(log, budget_tokens=budget, leave_out=leave_out).excerpt_lines
                shown = {n for r in ranges for n in range(r.start, r.end + 1)}
                assert len([n for n in messages if n in shown and n - 2 not in shown]) <= 2, (budget, leave_out)
                counts.append(len(shown.intersection(messages)))
        assert sum(counts) >= 7 * len(counts), (counts, leave_out)


@pytest.mark.parametrize(
    ("stage", "command", "sample"),
    [
        ("after_script", "coveralls", "coveralls_no_network.txt"),
        ("after_failure", "cat config.log", "autoconf_config_log.txt"),
        ("after_failure", "cat ~/.npm/_logs/*.log", "npm11_debug_log_postinstall.txt"),
        ("after_failure", "cat test-results/*.xml", "pytest9_junitxml_cat.txt"),
        ("after_failure", "find . -name '*.log' -exec cat {} +", "find_exec_cat_logs_pip_npm_config.txt"),
    ],
)
def test_errors_after_the_jobs_failure_come_after_the_failing_steps_report(
    stage: str, command: str, sample: str
) -> None:
    # What Travis runs after the script failed (a coverage upload with no network: chained
    # tracebacks; `cat config.log`: the compiler's probes, `fatal error: ...`) did not cause the
    # failure. Before, its lines that report errors were taken before the failing step's report
    # grew, and took the room of its middle.
    # Once the report has every line it gets alone, what ran after the failure may have some of the
    # rest (before the setup's lines: see the CTest test below).
    jest = (DATA / "jest29_long_diff.txt").read_text()
    after = (DATA / sample).read_text()
    report = set(jest.splitlines())
    alone = framing.travis("npx jest --ci", jest)
    log = framing.travis_after("npx jest --ci", jest, [(stage, command, after)])
    for leave_out in (frozenset(), modules_named("all")):
        whole = len(
            report.intersection(extract_facts(alone, budget_tokens=4000, leave_out=leave_out).excerpt.splitlines())
        )
        for budget in (600, 1000, 1500):
            shown = extract_facts(log, budget_tokens=budget, leave_out=leave_out).excerpt.splitlines()
            base = extract_facts(alone, budget_tokens=budget, leave_out=leave_out).excerpt.splitlines()
            assert len(report.intersection(shown)) >= len(report.intersection(base)) - 3, (budget, leave_out)
            if set(after.splitlines()).intersection(shown) - report - {""}:
                assert len(report.intersection(shown)) == whole, (budget, leave_out)


@pytest.mark.parametrize("sample", ["jest29_long_diff.txt", "pytest_requests_refused.txt"])
def test_a_later_failing_command_gets_what_the_first_ones_report_leaves(sample: str) -> None:
    # Travis runs every script command: a coverage upload that fails too (coveralls without network,
    # chained tracebacks) after the failing tests. Its tracebacks scored as high as the tests' report
    # and took most of the budget (the round-start excerpt kept 19-38 of the report's lines at
    # 1,000-2,000 tokens, 52-134 alone); the window before its failure line still shows its end.
    out = (DATA / sample).read_text()
    coveralls = (DATA / "coveralls_no_network.txt").read_text()
    report = set(out.splitlines())
    log = framing.travis_commands([("make test", out, 1), ("coveralls", coveralls, 1)])
    alone = framing.travis_commands([("make test", out, 1)])
    for leave_out in (frozenset(), modules_named("all")):
        for budget in (1000, 2000):
            shown = extract_facts(log, budget_tokens=budget, leave_out=leave_out).excerpt.splitlines()
            base = extract_facts(alone, budget_tokens=budget, leave_out=leave_out).excerpt.splitlines()
            assert len(report.intersection(shown)) >= 0.85 * len(report.intersection(base)), (budget, leave_out)
            assert 'The command "coveralls" exited with 1.' in shown
            assert any(t.startswith("requests.exceptions.ConnectionError") for t in shown), (budget, leave_out)


@pytest.mark.parametrize("sample", ["pytest_long_traceback.txt", "pytest_config_yaml_unparsable.txt"])
def test_a_later_command_that_could_not_reach_its_server_shows_why_not_its_tracebacks(sample: str) -> None:
    # Coveralls without a network after failing tests: the command's last telling line says it could not reach
    # coveralls.io (requests' ConnectionError). The window before its failure line showed the chained tracebacks
    # above it too, which took the room of the first report (pytest_long_traceback.txt's distinct lines: 62 of
    # the 68 it shows alone at 2,000 tokens). That line says why it failed; the frames wait with the steps' lines.
    # Alone, pytest_config_yaml_unparsable.txt's chained traceback printed again (42 lines) is one pointer
    # (copies.TRACE_AGAIN) whose room shows 6 more of the report's lines at 1,500 tokens than beside the coveralls
    # step, whose failure lines take room of their own: the report is measured by its lines in either, within 8.
    out = (DATA / sample).read_text()
    coveralls = (DATA / "coveralls_no_network.txt").read_text()
    frames = {t for t in coveralls.splitlines() if t.startswith("  File ")}
    report = set(out.splitlines()) - {""}
    log = framing.travis_commands([("pytest", out, 1), ("coveralls", coveralls, 1)])
    alone = framing.travis_commands([("pytest", out, 1)])
    for budget in (1500, 2000):
        shown = extract_facts(log, budget_tokens=budget).excerpt.splitlines()
        base = extract_facts(alone, budget_tokens=budget).excerpt.splitlines()
        assert not frames.intersection(shown), budget
        assert any(t.startswith("requests.exceptions.ConnectionError: ") for t in shown), budget
        assert len(report.intersection(shown)) >= len(report.intersection(base)) - 8, budget


def test_a_later_command_that_could_not_reach_its_server_waits_for_the_failing_steps_lines() -> None:
    # The failing step's lines that wait for its report to grow (vim's version banner above Vader's report, see
    # grow._above_report) came after the coverage upload's chained tracebacks, which were seeded as a failing
    # step's: vader_vim9.txt's output kept 25-27 of its 59 lines at 1,000-2,000 tokens. The upload failed for
    # want of a network (window.follow_ons): its lines come after every other line up to the job's failure.
    out = (DATA / "vader_vim9.txt").read_text()
    coveralls = (DATA / "coveralls_no_network.txt").read_text()
    log = framing.travis_commands(
        [("vim -Nu test/vimrc -c 'Vader! test/*.vader'", out, 1), ("coveralls", coveralls, 1)]
    )
    lines = {t.rstrip() for t in out.splitlines() if t.strip() and len(t) <= MAX_LINE_CHARS}
    for budget in (1500, 2000):
        shown = {t.rstrip() for t in extract_facts(log, budget_tokens=budget).excerpt.splitlines()}
        assert lines <= shown, budget


def test_a_later_test_run_that_a_refused_connection_failed_keeps_its_window() -> None:
    # The later command is a test run whose test could not connect (pytest's `E  requests.exceptions.
    # ConnectionError: ... Connection refused`): it ends on its own verdict (`1 failed in 0.15s`), so it is a
    # failure of the job's own, and the window before its failure line shows its report's end, not one line.
    out = (DATA / "pytest_requests_refused.txt").read_text()
    jest = (DATA / "jest29_long_diff.txt").read_text()
    log = framing.travis_commands([("npx jest --ci", jest, 1), ("pytest", out, 1)])
    shown = extract_facts(log, budget_tokens=1000).excerpt.splitlines()
    tail = [t for t in out.splitlines()[-4:] if t.strip()]
    assert set(tail) <= set(shown)


@pytest.mark.parametrize("sample", ["jest29_long_diff.txt", "pytest_requests_refused.txt"])
def test_a_later_failing_command_run_again_after_the_failure_is_no_diagnostics_of_the_first(sample: str) -> None:
    # The coverage upload a script runs after the tests fails too (coveralls without network), and
    # after_script runs it again with the same tracebacks. Those repeated the second failing step's
    # lines, so they were seeded as the CI's diagnostics of the failure (which a `cat` of the first
    # step's log is) before the first step's report grew: Jest's 238-line diff kept 54 lines at
    # 2,000 tokens. Only a repeat of the primary failing step's report is now seeded early.
    out = (DATA / sample).read_text()
    coveralls = (DATA / "coveralls_no_network.txt").read_text()
    report = set(out.splitlines()) - {""}
    after = [("after_script", "coveralls", coveralls)]
    log = framing.travis_commands([("make test", out, 1), ("coveralls", coveralls, 1)], after)
    once = framing.travis_commands([("make test", out, 1), ("coveralls", coveralls, 1)])
    for leave_out in (frozenset(), modules_named("all")):
        for budget in (1000, 2000):
            shown = extract_facts(log, budget_tokens=budget, leave_out=leave_out).excerpt.splitlines()
            base = extract_facts(once, budget_tokens=budget, leave_out=leave_out).excerpt.splitlines()
            assert len(report.intersection(shown)) >= len(report.intersection(base)) - 3, (budget, leave_out)


@pytest.mark.parametrize("noise", ["", "gcc12_wall_840_warnings.txt"])
def test_after_failures_diagnostics_that_repeat_the_report_are_shown(noise: str) -> None:
    # automake's `make check` prints only `FAIL: tests/test_mul` and its summary; the test's own words
    # (`tests/test_mul.c:5: assertion failed ...`) are in test-suite.log, which Travis projects print in
    # after_failure. Its `FAIL: tests/test_mul` repeats the step's report: the CI's diagnostics of this
    # failure, seeded before the widening spends the budget (round 18's tiers had put everything after
    # the failure last: with a build's warnings before the tests, the assertion was gone at 1,000-2,000).
    out = (DATA / noise).read_text() if noise else ""
    out += (DATA / "automake_check_one_failing.txt").read_text()
    suite = (DATA / "automake_test_suite_log.txt").read_text()
    log = framing.travis_after("make check", out, [("after_failure", "cat test-suite.log", suite)])
    for budget in (1000, 2000):
        excerpt = extract_facts(log, budget_tokens=budget).excerpt
        assert "tests/test_mul.c:5: assertion failed: mul(3,4) == 12, got 7" in excerpt, budget
    # what repeats nothing of the report still comes after the failing step's report (config.log's probes:
    # the report is whole; they may take what the setup's lines, and the build's above the report, would have had)
    probes = (DATA / "autoconf_config_log.txt").read_text()
    log = framing.travis_after("make check", out, [("after_failure", "cat config.log", probes)])
    shown = extract_facts(log, budget_tokens=1000).excerpt.splitlines()
    step = (DATA / "automake_check_one_failing.txt").read_text().splitlines()
    assert set(step[step.index("PASS: tests/test_add") :]) - {""} <= set(shown)


def test_a_failing_step_that_printed_no_failure_of_its_own_is_told_from_one_that_did() -> None:
    # The lines of git's CI job (LogChunks git@git 564815538) whose failing step built and ran its
    # prove suites that all passed: a failure's word in a path or an option reports nothing, so the
    # report a later step `cat`s gets its room before the step's lines seed (bench/perturb_excerpts.py's
    # report-in-after-failure). An Emacs backtrace's `error(...)` frame is a failure's own line.
    step = [
        "+export GIT_PROVE_OPTS=--timer --jobs 3 --state=failed,slow,save",
        "    GEN perl/build/lib/Git/LoadCPAN/Error.pm",
        "t4110-apply-scan.sh ................................ ok        6 ms",
        "All tests successful.",
    ]
    emacs = '  error("Could not create connection to %s:%d" "elpa.gnu.org" 443)'
    for text, says in (("\n".join(step), False), ("\n".join([*step, emacs]), True)):
        lines = Tasks(view_of(text), {}, {})
        scores = {line.no: 1.0 for line in lines.view.lines}
        assert reports_any_failure(lines, scores, lambda no: True) is says


def test_a_runners_log_after_failure_cats_comes_before_the_setups_lines() -> None:
    # CTest prints only each test's verdict and `The following tests FAILED`; the test's own words
    # (`tests/test_mul.c:6: assertion failed ...`) are in Testing/Temporary/LastTest.log, which CMake
    # projects `cat` in after_failure. That log repeats none of the step's lines, so it came after
    # everything above the failure: a build step's 840 gcc warnings before `ctest` took the whole
    # budget (round 18's order lost the assertion at 600-2,000 tokens).
    warnings = (DATA / "gcc12_wall_840_warnings.txt").read_text()
    step = (DATA / "ctest_one_failing.txt").read_text()
    last = (DATA / "ctest_last_test_log.txt").read_text()
    after = [("after_failure", "cat build/Testing/Temporary/LastTest.log", last)]
    log = framing.travis_commands([("make -C build", warnings, 0), ("cd build && ctest", step, 8)], after)
    for budget in (600, 1000, 2000):
        excerpt = extract_facts(log, budget_tokens=budget).excerpt
        assert "tests/test_mul.c:6: assertion failed: mul(3,4) == 12, got 7" in excerpt, budget
        assert "\t  2 - test_mul (Failed)" in excerpt, budget  # the step's own report first


def test_a_runners_log_after_failure_cats_is_shown_whole_before_the_setups_lines() -> None:
    # The step printed its own failure (`2 - test_mul (Failed)`), so what ran after the failure had only
    # AFTER_SHARE before the failing steps grew until nothing grew and then the setup's 840 gcc warnings
    # took the rest: LastTest.log's 32 distinct lines kept 11 at 600 tokens, 21 at 1,000, 27 at 1,500.
    # What ran after the failure now has its seeds and widening before the setup's lines.
    warnings = (DATA / "gcc12_wall_840_warnings.txt").read_text()
    step = (DATA / "ctest_one_failing.txt").read_text()
    last = (DATA / "ctest_last_test_log.txt").read_text()
    after = [("after_failure", "cat build/Testing/Temporary/LastTest.log", last)]
    log = framing.travis_commands([("make -C build", warnings, 0), ("cd build && ctest", step, 8)], after)
    report = set(last.splitlines()) - {""}
    for leave_out in (frozenset(), modules_named("all")):
        for budget in (1000, 1500, 2000):
            shown = extract_facts(log, budget_tokens=budget, leave_out=leave_out).excerpt.splitlines()
            assert report <= set(shown), (budget, leave_out)
            assert "\t  2 - test_mul (Failed)" in shown, (budget, leave_out)


def test_a_report_after_script_cats_below_a_step_that_printed_none_is_shown() -> None:
    # The failing command wrote its report to a file (`pytest > pytest.log`) that after_script `cat`s (a
    # .travis.yml that prints its logs there, not in after_failure). after_script runs whatever the job
    # returned, so its lines waited with the rest of the log: a build step's 840 gcc warnings above took
    # the budget and none of pytest's three errors was shown at 1,000-2,000 tokens. Below a step that printed
    # no failure of its own, what after_script prints may be its report, as after_failure's is.
    warnings = (DATA / "gcc12_wall_840_warnings.txt").read_text()
    report = (DATA / "pytest_failures.txt").read_text()
    after = [("after_script", "cat pytest.log", report)]
    log = framing.travis_commands([("make", warnings, 0), ("python -m pytest tests > pytest.log 2>&1", "", 1)], after)
    errors = [
        "E       RuntimeError: fixture exploded",
        "E       assert -1 == 5",
        "E       ZeroDivisionError: division by zero",
    ]
    for budget in (1000, 2000):
        shown = extract_facts(log, budget_tokens=budget).excerpt.splitlines()
        assert all(e in shown for e in errors), (budget, [e for e in errors if e not in shown])


@pytest.mark.parametrize("sample", ["pytest_failures.txt", "maven_surefire_failures.txt", "r_cmd_check.txt"])
def test_what_after_script_ran_takes_no_room_of_the_failing_steps_output_at_2000_tokens(sample: str) -> None:
    # after_script runs whatever the job returned (here a coverage upload with no network: chained
    # tracebacks), yet some projects `cat` their test log there, so it keeps the after-failure share (see
    # excerpt.grow): below 2,000 tokens the upload's tracebacks cost the failing step's lines above its
    # report (pytest_failures.txt 29 of the 35 lines it keeps alone at 600 tokens, Maven's 28 of 42 at
    # 1,000 and 36 of 46 at 1,500), at 2,000 they cost none.
    out = (DATA / sample).read_text()
    after = [("after_script", "coveralls", (DATA / "coveralls_no_network.txt").read_text())]
    log = framing.travis_after("./ci/run.sh", out, after)
    alone = framing.travis("./ci/run.sh", out)
    step = set(out.splitlines()) - {""}
    for leave_out in (frozenset(), modules_named("all")):
        for budget in (2000,):
            shown = extract_facts(log, budget_tokens=budget, leave_out=leave_out).excerpt.splitlines()
            base = extract_facts(alone, budget_tokens=budget, leave_out=leave_out).excerpt.splitlines()
            assert len(step.intersection(shown)) >= len(step.intersection(base)) - 1, (budget, leave_out)


def test_a_report_after_failure_cats_comes_before_what_after_script_ran() -> None:
    # The failing command wrote its report to a file (`pytest > pytest.log`) that after_failure `cat`s
    # (the job's own reaction to the failure); after_script, run whatever the job returned, uploads
    # coverage with no network (coveralls' chained tracebacks). Scored as one stage, the tracebacks took
    # the after-failure share: none of pytest's three errors at 600-1,000 tokens with its parser.
    report = (DATA / "pytest_failures.txt").read_text()
    after = [
        ("after_failure", "cat pytest.log", report),
        ("after_script.1", "coveralls", (DATA / "coveralls_no_network.txt").read_text()),
    ]
    log = framing.travis_after("python -m pytest tests > pytest.log 2>&1", "", after)
    errors = [
        "E       RuntimeError: fixture exploded",
        "E       assert -1 == 5",
        "E       ZeroDivisionError: division by zero",
    ]
    for leave_out in (frozenset(), modules_named("all")):
        for budget in (600, 1000):
            shown = extract_facts(log, budget_tokens=budget, leave_out=leave_out).excerpt.splitlines()
            assert all(e in shown for e in errors), (budget, leave_out, [e for e in errors if e not in shown])


@pytest.mark.parametrize("sample", ["node_test_relative_module_missing.txt", "tap_dot.txt"])
def test_the_window_before_the_failure_passes_over_a_table_printed_after_the_report(sample: str) -> None:
    # A coverage table (coverage.py 7.6.1's 126 rows; pytest-cov, nyc and c8 print theirs after the
    # tests' report, in the same step) has no evidence: the window before the failure took its last
    # 20 rows and stopped there, short of the report's end just above it (a run's summary, its
    # counts). Now it passes over the table to the report above it. Two real outputs in one step;
    # the tools' parsers left out, as for a tool no parser knows (with them, the records are seeded).
    out = (DATA / sample).read_text()
    table = (DATA / "coverage761_report_120_modules.txt").read_text()
    end = [line for line in out.splitlines() if line.strip()][-3:]
    log = framing.travis("./run-tests.sh", out + table)
    excerpt = extract_facts(log, budget_tokens=600, leave_out=modules_named("all")).excerpt.splitlines()
    assert all(line in excerpt for line in end), [line for line in end if line not in excerpt]
    assert "TOTAL                         960    360    62%" in excerpt  # the table's end is still shown


@pytest.mark.parametrize("sample", ["cargo_test.txt", "tap_dot.txt"])
def test_the_window_passes_over_a_verbose_run_that_passed_to_the_report_above(sample: str) -> None:
    # 300 passing results of `pytest -v` (each `test_x PASSED [ 1%]`) printed after the failing run's
    # report, before the line saying the step failed (a runner that reports failures first): the
    # window before the failure looked for a failure within 200 lines above the run's last verdict,
    # found none, and showed nothing; the report was seeded from its best lines beside coveralls'
    # tracebacks printed earlier in the step, and lost its end (cargo test's last 3 lines, 14 of its
    # 15 lines kept at 1,000 tokens; TAP's 38 of 43). Passing results no longer count toward the 200.
    out = (DATA / sample).read_text()
    before = (DATA / "coveralls_no_network.txt").read_text()
    passed = (DATA / "pytest_v_300_passed.txt").read_text()
    log = framing.travis("make test", before + out + passed)
    excerpt = extract_facts(log, budget_tokens=1000, leave_out=modules_named("all")).excerpt.splitlines()
    shown = {line.strip() for line in excerpt}
    end = [clean_line(line.encode()).strip() for line in out.splitlines() if line.strip()][-3:]
    assert [line for line in end if line not in shown] == []


def test_the_window_over_a_passing_run_goes_on_from_the_end_of_the_report_above() -> None:
    # From the report's last failure line (TAP's `  Failed Tests:   There were 2 failures`) the window lost the
    # indented rows under it (`    x adds prices`), left to a seed a coverage upload's traceback seeded earlier
    # took the room of when it fitted by a few characters (1,000 tokens, a Travis timing marker's stamps cut).
    # The window goes on from the last line under it; the passing run's own header below is none of it.
    out = (DATA / "tap_dot.txt").read_text() + (DATA / "pytest_v_300_passed.txt").read_text()
    view = view_of(out)
    rows = out.splitlines()
    top = rows.index("  Failed Tests:   There were 2 failures") + 1
    run = next(n for n, row in enumerate(rows, start=1) if n > top and row.startswith("====="))
    assert rows[_report_end(Tasks(view, {}, {}), top, run) - 1] == "    x of two prices"
    counts = rows.index("  2 failed  ") + 1  # the next heading, at its indent, is not under it
    assert _report_end(Tasks(view, {}, {}), counts, run) == counts


@pytest.mark.parametrize("sample", ["node_test_relative_module_missing.txt", "tap_dot.txt", "jest29_long_diff.txt"])
def test_the_window_passes_over_a_table_whose_rows_share_only_their_columns(sample: str) -> None:
    # istanbul's coverage table (Jest 29.7's, 60 files) names a file in each row: its rows share no start
    # (`  address.js  |`, `  user-session.js  |`), only their columns, so the window before the failure
    # took 21 rows and stopped there, the job's failure line's block followed the indented rows up 40
    # more, and widening from the report's end went on into the rest: TAP's report kept 20 of its 41
    # lines at 600 tokens beside 27 rows, Jest's long diff 213 of 241 at 2,000 beside all 65. Now the
    # window passes over the table once 10 rows show it is one (excerpt.tables.column_edges), no block is widened
    # into its rows, and the failure line's block stops at its 3 lines above (41 of 41, 240 of 241).
    out = (DATA / sample).read_text()
    table = (DATA / "jest29_coverage_table_60_files.txt").read_text()
    log = framing.travis("npm test", out + table)
    budget = 2000 if sample.startswith("jest") else 600
    excerpt = extract_facts(log, budget_tokens=budget, leave_out=modules_named("all")).excerpt.splitlines()
    shown = {line.strip() for line in excerpt}
    report = [clean_line(line.encode()).strip() for line in out.splitlines()]
    end = [line for line in report if line][-3:]
    assert [line for line in end if line not in shown] == []
    rows = [line for line in table.splitlines() if line.strip() in shown]
    assert table.splitlines()[-1] in rows  # the table's end is still shown
    assert len(rows) <= 13, len(rows)  # its last rows until 10 show a table; none widened into
    if sample.startswith("jest"):
        assert [line for line in report if line and line not in shown and not passing_verdict(line)] == []


@pytest.mark.parametrize(
    ("sample", "budget"), [("cargo_test.txt", 600), ("pytest_failures.txt", 1000), ("tap_dot.txt", 1000)]
)
@pytest.mark.parametrize("leave_out", [frozenset(), modules_named("all")])
def test_a_report_whose_middle_repeats_keeps_its_head_and_its_end(
    sample: str, budget: int, leave_out: frozenset[str]
) -> None:
    # A retry loop's 40 tracebacks (logging.exception on each refused connection, the same 11 lines a
    # timestamp and a count apart) printed in the middle of a report: the window before the failure
    # spent its share on the last copies and a seed's block followed the first into the next three, so
    # the report's head lost its lines (cargo test 3 of 8 at 600 tokens, pytest 6 of 19 at 1,000, TAP's
    # 11 of 23 and its end 10 of 20). The later copies now wait (excerpt_marks.repeat_lines) for the rest of the
    # failing step's report: the first is shown, the report's head and end whole.
    out = (DATA / sample).read_text().split("\n")
    half = len(out) // 2
    loop = (DATA / "python311_retry_loop_40_tracebacks.txt").read_text()
    log = framing.travis("make test", "\n".join(out[:half]) + "\n" + loop + "\n".join(out[half:]))
    excerpt = extract_facts(log, budget_tokens=budget, leave_out=leave_out).excerpt.splitlines()
    shown = {line.strip() for line in excerpt}
    cleaned = [clean_line(line.encode()).strip() for line in out]
    first = next(i for i, line in enumerate(cleaned) if telling(line) in (Telling.ERROR, Telling.FRAME))
    report = [line for line in cleaned[first:] if line]  # the report: from its first error, not the progress above
    assert [line for line in report if line not in shown] == []
    assert "ERROR shop.worker: attempt 1 of 40: could not reach the cache at 127.0.0.1:6399, retrying" in shown


def test_a_block_printed_again_and_again_waits_but_its_first_instance_and_five_alike_reports_do_not() -> None:
    loop = (DATA / "python311_retry_loop_40_tracebacks.txt").read_text().splitlines()
    view = view_of("\n".join(["report head", *loop, "report end"]))
    repeats = excerpt_marks.repeat_lines(view)
    assert not repeats & set(range(1, 14))  # the head and the first instance (12 lines)
    assert set(range(26, len(loop))) <= repeats  # from the third instance on, to the last traceback's end
    assert not repeats & {len(loop) + 1, len(loop) + 2}  # `giving up`, the report's end
    # Five tests failing through the same code (mocha's `1) ... 5)`, TypeScript's baseline checks): the same
    # six frames five times, each under its own test's name and error, each its own report.
    frames = [f"      at {name} (src/harness/harness.ts:{n}:23)" for n, name in enumerate("fghijk", start=1700)]
    five = [
        line
        for n in range(1, 6)
        for line in (f"  {n}) test_{'abcde'[n - 1]}:", f"     Error: {n} changed.", *frames, "")
    ]
    assert excerpt_marks.repeat_lines(view_of("\n".join(five))) == set()


# Real runs whose own failures fail through the same frames, a parameter apart (numbers blanked, their copies alike).
ALIKE_FAILURES = [
    "pytest9_parametrize_9_failed.txt",
    "pytest9_parametrize_numeric_12_failed.txt",
    "maven_surefire_parameterized_14_failed.txt",
    "go119_table_subtests_14_failed.txt",
    "jest29_test_each_to_equal_6_failed.txt",
]


@pytest.mark.parametrize("sample", ALIKE_FAILURES)
def test_a_reports_own_alike_failures_are_no_repeated_block(sample: str) -> None:
    # pytest's parametrised cases, JUnit's @ParameterizedTest, a Go table's subtests: each copy is a failure of
    # the report, named (`--- FAIL: TestWithTax/1000_at_20`) or counted by its summary (`12 failed`, `Tests run:
    # 14, Failures: 14`). Read as a block printed again and again, their later copies waited behind the rest of
    # the log (176 of pytest's 371 lines, 389 of Surefire's 656, 24 of go test's 32).
    view = view_of("\n".join(clean_line(line.encode()) for line in (DATA / sample).read_text().splitlines()))
    assert excerpt_marks.repeat_lines(view) == set()


@pytest.mark.parametrize("sample", ["gofmt_d_tests.txt", "ruff_format_diff_tests.txt"])
def test_a_diffs_alike_lines_are_its_own_places_but_a_diff_printed_again_waits(sample: str) -> None:
    # gofmt -d re-indenting ten one-line tests prints the same five lines ten times in one hunk, ruff format
    # --diff the same fix in several: read as one block printed again and again, 60 of gofmt's 76 lines waited
    # and a job building with gcc's warnings first showed 6 of its 57 lines without its parser. Each line
    # names its own place (file, hunk, count); the same diff printed four times repeats them: that waits.
    lines = (DATA / sample).read_text().splitlines()
    assert excerpt_marks.repeat_lines(view_of("\n".join(lines))) == set()
    again = excerpt_marks.repeat_lines(view_of("\n".join(lines * 4)))
    assert len(again & set(range(len(lines) + 1, 4 * len(lines) + 1))) > 2 * len(lines)  # the later copies


def test_a_retry_loops_copies_still_wait_beside_a_summary_counting_fewer_failures() -> None:
    # The retry loop's 40 tracebacks name no test, and the report's summary counts 3 failures: they still wait.
    loop = (DATA / "python311_retry_loop_40_tracebacks.txt").read_text().splitlines()
    view = view_of("\n".join(["report head", *loop, "report end", "===== 2 failed, 1 error in 0.31s ====="]))
    assert set(range(26, len(loop))) <= excerpt_marks.repeat_lines(view)


def test_a_retry_loops_copies_wait_beside_a_summary_counting_more_failures() -> None:
    # What tells the loop apart is not a count: its 40 copies name no test, and a run whose summary counts 113
    # failures (as nginx-proxy's does) kept them all as its own.
    loop = (DATA / "python311_retry_loop_40_tracebacks.txt").read_text().splitlines()
    view = view_of("\n".join(["report head", *loop, "report end", "===== 113 failed, 1 error in 9.31s ====="]))
    assert set(range(26, len(loop))) <= excerpt_marks.repeat_lines(view)


# Real runs of 29 failures, 28 of them one helper's parametrised cases, holding a loop that tries one thing
# again and again: (sample, the loop's first line, the line right after it).
LOOPS_AMONG_FAILURES = [
    ("pytest9_retry_loop_in_29_failed.txt", "attempt 1 of 8", "test_total_with_tax[1999-eu]"),
    ("jest29_retry_loop_in_29_failed.txt", "attempt 1 of 8", "● warming the cache reaches the server"),
    ("jest29_retry_times_in_29_failed.txt", "LOGGING RETRY ERRORS", "FAIL test/cache.test.js"),
]


@pytest.mark.parametrize(("sample", "opens", "after"), LOOPS_AMONG_FAILURES)
def test_a_retry_loop_inside_a_run_of_many_failures_waits_and_the_failures_do_not(
    sample: str, opens: str, after: str
) -> None:
    # The loop's copies (a logged traceback per attempt, a console.error per attempt, Jest's own `RETRY N`) name
    # no test; the 28 failures each name their own (`____ test_total_with_tax[1999-eu] ____`, `● total of 1999
    # cents in eu`). Counted 29 by the summary, the loop's 5 to 8 copies were kept as the report's own.
    lines = (DATA / sample).read_text().splitlines()
    first = next(n for n, text in enumerate(lines, start=1) if opens in text)
    end = next(n for n, text in enumerate(lines, start=1) if n > first and after in text)
    marked = excerpt_marks.repeat_lines(view_of("\n".join(clean_line(line.encode()) for line in lines)))
    assert marked <= set(range(first, end))
    assert len(marked) >= (end - first) // 2


def test_a_linters_alike_findings_at_their_own_places_are_no_repeated_block() -> None:
    # ruff's 60 findings alternate E702 / E703 line after line: numbers blanked, 30 copies of two lines, and 56 of
    # the 62 lines waited behind the rest of the log. Each names its own place (`shop/semis.py:7:12`).
    lines = (DATA / "ruff_concise_60_alike_findings.txt").read_text().splitlines()
    assert excerpt_marks.repeat_lines(view_of("\n".join(lines))) == set()


def test_one_tests_suppressed_failures_wait_behind_the_list_that_names_them() -> None:
    # JUnit 5's assertAll: one test, `Tests run: 1, Failures: 1`, lists its 12 failed assertions' messages, then
    # prints each as a `Suppressed:` trace of the same frames. The later 11 traces wait; the list and the first stay.
    lines = (DATA / "maven_surefire_assert_all_12_in_one_test.txt").read_text().splitlines()
    suppressed = [n for n, text in enumerate(lines, start=1) if text.lstrip().startswith("Suppressed: ")]
    marked = excerpt_marks.repeat_lines(view_of("\n".join(lines)))
    assert marked <= set(range(suppressed[1], suppressed[-1] + 19))
    assert len(marked) >= 10 * 19


def test_an_install_a_loop_retried_shows_its_first_attempt_and_the_loops_end() -> None:
    # npm ci without a lockfile, run 4 times by a script's retry loop: each attempt prints the same 98-line report,
    # the loop's `Attempt N of 4 failed` line between (a verdict: echo_lines). At 1,000 tokens the excerpt keeps the
    # first attempt's error and more than half its report (unmarked, the later copies took the room: 30 of its 98
    # lines), and the loop's last words.
    out = (DATA / "npm11_ci_retried_4_times.txt").read_text().rstrip("\n")
    log = framing.travis("./retry.sh", out)
    excerpt = extract_facts(log, budget_tokens=1000).excerpt.splitlines()
    lines = log.decode().splitlines()
    first = lines.index("npm error code EUSAGE") + 1
    end = next(n for n, text in enumerate(lines, start=1) if text.startswith("Attempt 1 of 4 failed"))
    kept: set[int] = set()
    for header in excerpt:
        if m := re.match(r"── log lines (\d+)-(\d+) ──", header):
            kept.update(range(int(m[1]), int(m[2]) + 1))
    assert len(kept & set(range(first, end))) > (end - first) // 2
    assert "npm error The `npm ci` command can only install with an existing package-lock.json or" in excerpt
    assert "npm ci failed 4 times" in excerpt


@pytest.mark.parametrize("leave_out", [frozenset(), modules_named("all")])
def test_a_retried_run_of_alike_failures_keeps_its_first_attempt(leave_out: frozenset[str]) -> None:
    # go test's 14 failing subtests (one table, one helper) run three times by travis_retry: the first attempt's
    # copies waited as a repeated block, the window before the failure took the later attempts, and the first
    # attempt kept 8 of its 32 lines at 1,000 tokens. Its failures are its own: the attempt is shown whole.
    out = (DATA / "go119_table_subtests_14_failed.txt").read_text().rstrip("\n")
    log = framing.travis("travis_retry go test ./...", _retried("go test ./...", out))
    excerpt = extract_facts(log, budget_tokens=1000, leave_out=leave_out).excerpt.splitlines()
    first = excerpt.index("--- FAIL: TestWithTax (0.00s)")
    assert excerpt[first : first + len(out.splitlines())] == out.splitlines()


@pytest.mark.parametrize("sample", ["cargo_test.txt", "pytest_failures.txt", "jest29_long_diff.txt"])
def test_the_window_passes_over_two_tables_in_a_row(sample: str) -> None:
    # pytest-cov's coverage table, then pytest-benchmark's timings (200 columns wide, its column edges one
    # apart where a ratio reads `(1.0)` beside `(1.01)`), between the report and the line saying the step
    # failed: the window passed over one table only, and not this one (its edges are not equal), so it
    # spent its room on 20 rows of timings and stopped: cargo test's report kept 13 of its 15 lines at
    # 1,000 tokens, pytest's 31 of 37, Jest's long diff 188 of 241 at 2,000. Now it passes over each table
    # from its last row (shown: a table ended there), and rows within COLUMN_SLACK share a layout.
    out = (DATA / sample).read_text()
    tables = (DATA / "pytest9_cov_benchmark_tables.txt").read_text()
    log = framing.travis("make test", out + tables)
    budget = 2000 if sample.startswith("jest") else 1000
    excerpt = extract_facts(log, budget_tokens=budget, leave_out=modules_named("all")).excerpt.splitlines()
    shown = {line.strip() for line in excerpt}
    report = [clean_line(line.encode()).strip() for line in out.splitlines()]
    missed = [line for line in report if line and line not in shown and not passing_verdict(line)]
    assert len(missed) <= 1, missed
    rows = [line for line in tables.splitlines() if line.strip() and line.strip() in shown]
    assert len(rows) <= 12, rows


@pytest.mark.parametrize(
    ("sample", "command"),
    [
        ("jest29_long_diff.txt", "CI=true npx jest --ci test/catalog.test.js"),
        ("make_k_j2_one_error.txt", "make -k -j2"),
        ("ct_run_many_suites.txt", "make ct"),
    ],
)
def test_a_builds_warnings_before_the_report_wait_until_the_report_is_whole(sample: str, command: str) -> None:
    # A step that builds before it tests (`make check`) prints the build's warnings first: gcc 12's
    # 840 lines of `warning:` with source and caret lines, then the failing run's report. The
    # warnings scored as seeds beside the report and shared its widening, and a long report (Jest's
    # 238-line diff, a make -k run, Common Test's 22 suites) kept a third to a half of its lines at
    # 2,000 tokens. What the step prints above its first line reporting a failure now waits, as the
    # setup does, until the report (from that line on) has grown. The tools' parsers left out: a tool no parser knows.
    out = (DATA / sample).read_text()
    warnings = (DATA / "gcc12_wall_840_warnings.txt").read_text()
    log = framing.travis(command, warnings + out)
    excerpt = extract_facts(log, budget_tokens=2000, leave_out=modules_named("all")).excerpt.splitlines()
    shown = {line.strip() for line in excerpt}
    output = [clean_line(line.encode()).strip() for line in out.splitlines()]
    report = output[next(i for i, line in enumerate(output) if line_score(line) >= FAILURE_SCORE) :]
    lost = [line for line in report if line and line not in shown and not passing_verdict(line)]
    assert lost == []
    assert any("warning: unused variable" in line for line in excerpt)  # the build's first warning still shows


def _retried(command: str, out: str) -> str:
    """`out` as travis_retry prints a command failing three times (travis-build's messages)."""
    again = '\n\n\x1b[31;1mThe command "{command}" failed. Retrying, {n} of 3.\x1b[0m\n\n'
    last = f'\n\n\x1b[31;1mThe command "{command}" failed 3 times.\x1b[0m\n'
    return out + again.format(command=command, n=2) + out + again.format(command=command, n=3) + out + last


RETRIED = [
    ("pytest_long_traceback.txt", "pytest -p no:cacheprovider --tb=long test_proxy.py"),
    ("jest29_long_diff.txt", "CI=true npx jest --ci test/catalog.test.js"),
    # No summary of its own between the attempts: travis_retry's `failed. Retrying, 2 of 3.` is the verdict.
    ("git_diff_table_realigned.txt", "git --no-pager diff --exit-code"),
    ("vader_vim9.txt", "vim -Nu test/vimrc -c 'Vader! test/*.vader' < /dev/null"),
]


@pytest.mark.parametrize(("sample", "command"), RETRIED)
def test_a_report_printed_again_maps_onto_its_first_instance(sample: str, command: str) -> None:
    # One run's failures that list the same code (three tests through one `fetch`) are one report: no
    # verdict between them. travis_retry's second and third attempts print it again after its summary.
    out = (DATA / sample).read_text().rstrip("\n")
    alone = view_of(framing.travis(command, out).decode())
    assert echo_lines(Tasks(alone, {}, {})) == {}
    # Cleaned as the reader cleans each line: travis-build prints the wrapper's words in red.
    log = framing.travis(f"travis_retry {command}", _retried(command, out))
    view = view_of("\n".join(clean_line(line) for line in log.split(b"\n")))
    echoes = echo_lines(Tasks(view, {}, {}))
    first = next(line.no for line in view.lines if line.text == out.splitlines()[0])
    size = len(out.splitlines())
    assert echoes and min(echoes) > first + size  # the first attempt is no echo
    said = [(n, m) for n, m in echoes.items() if view.text(n).strip()]  # a blank line between maps to the line above's
    assert all(view.text(n) == view.text(m) and m < first + size for n, m in said)
    copies = [line.no for line in view.lines if line.no > first + size and line.text.strip()]
    assert len(echoes.keys() & set(copies)) >= 0.9 * len(copies)


def _copies_edges(log: bytes, out: str) -> tuple[View, dict[int, int], list[list[int]]]:
    """The view of `log`, its echoes and the non-blank line numbers of each instance of `out` in it."""
    view = view_of("\n".join(clean_line(line) for line in log.split(b"\n")))
    texts = [clean_line(line.encode()).rstrip() for line in out.splitlines() if line.strip()]
    said = [line.no for line in view.lines if line.text.strip()]
    starts = [k for k in range(len(said)) if [view.text(n).rstrip() for n in said[k : k + len(texts)]] == texts]
    return view, echo_lines(Tasks(view, {}, {})), [said[k : k + len(texts)] for k in starts]


@pytest.mark.parametrize(("sample", "command"), RETRIED)
def test_a_retried_attempts_first_and_last_lines_map_onto_the_first_attempts(sample: str, command: str) -> None:
    # A line is matched with its neighbours: a copy's heading (pytest's `test session starts`, Jest's `FAIL
    # test/catalog.test.js`) and its summary, beside travis_retry's `failed. Retrying, 2 of 3.`, matched none
    # and were seeded as the report's lines, with blocks grown around them out of the copies.
    out = (DATA / sample).read_text().rstrip("\n")
    _, echoes, instances = _copies_edges(framing.travis(f"travis_retry {command}", _retried(command, out)), out)
    first, second, third = instances
    assert echoes.get(second[0]) == first[0] and echoes.get(second[-1]) == first[-1]
    assert echoes.get(third[0]) == first[0]


def test_a_report_printed_again_inside_other_output_keeps_its_edges() -> None:
    # A log a step `cat`s after the report (no verdict beside the copy's first and last lines): the edges
    # of the copy are where other output meets it, not an attempt's, and stay unmatched, as before.
    command = "pytest -p no:cacheprovider --tb=long test_proxy.py"
    out = (DATA / "pytest_long_traceback.txt").read_text().rstrip("\n")
    log = framing.travis(command, f"{out}\n$ cat build/test.log\n{out}\n$ ls build\ntest.log")
    _, echoes, (_, copy) = _copies_edges(log, out)
    assert copy[1] in echoes and copy[-2] in echoes
    assert copy[0] not in echoes and copy[-1] not in echoes


def _reading_verdicts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The line numbers echo_lines reads for a verdict from now on, in order."""
    read: list[int] = []
    real = excerpt_marks._verdict

    def reading(lines: Tasks, no: int) -> bool:
        read.append(no)
        return real(lines, no)

    monkeypatch.setattr(excerpt_marks, "_verdict", reading)
    return read


@pytest.mark.parametrize(("sample", "command"), RETRIED)
def test_echoes_read_a_line_for_a_verdict_once_at_most(
    sample: str, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = (DATA / sample).read_text().rstrip("\n")
    lines = Tasks(view_of(framing.travis(f"travis_retry {command}", _retried(command, out)).decode()), {}, {})
    read = _reading_verdicts(monkeypatch)
    assert echo_lines(lines) == lines.echoes
    assert read and len(read) == len(set(read))


def test_echoes_read_no_line_for_a_verdict_when_none_repeats_and_each_once_when_all_do(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    distinct = Tasks(view_of("\n".join(f"step {n} done" for n in range(400))), {}, {})
    # The same three lines over and over with no verdict among them: each repeat asks about every line
    # above it back to the first instance, yet each line is read once.
    alike = Tasks(view_of("\n".join(["fetch a", "fetch b", "fetch c"] * 2000)), {}, {})
    read = _reading_verdicts(monkeypatch)
    assert echo_lines(distinct) == {}
    assert read == []
    assert echo_lines(alike) == {}
    assert len(read) == len(set(read)) > 1000


@pytest.mark.parametrize(("sample", "command"), RETRIED)
def test_a_report_printed_again_keeps_the_room_of_its_first_instance(sample: str, command: str) -> None:
    # The excerpt took the last attempt's end (the window before the failure), seeded all three and
    # widened the copies beside the first: at 2,000 tokens the first attempt kept 61 of pytest's 215
    # lines (154 alone; 100 / 153 with its parser left out) and 98 of Jest's 248 (247 alone; 105
    # without). A copy now seeds nothing, waits with the setup's lines and the window passes over it;
    # a tool's record in a copy (the parser read the last attempt's session) is shown at its first
    # instance: 140 / 139 and 248 / 248.
    out = (DATA / sample).read_text().rstrip("\n")
    log = framing.travis(f"travis_retry {command}", _retried(command, out))
    alone = framing.travis(command, out)
    size = len(out.splitlines())
    for leave_out in (frozenset(), modules_named("all")):
        kept = []
        for framed in (alone, log):
            facts = extract_facts(framed, budget_tokens=2000, leave_out=leave_out)
            shown = {n for r in facts.excerpt_lines for n in range(r.start, r.end + 1)}
            start = 1 + next(i for i, line in enumerate(framed.decode().splitlines()) if command in line)
            kept.append(len(shown.intersection(range(start + 1, start + 1 + size))))
        assert kept[1] >= 0.85 * kept[0], (kept, leave_out)


def _led_by(log: bytes, monkeypatch: pytest.MonkeyPatch) -> list[int | None]:
    """What `excerpt.lead.lead_seed` chose as the seed before the best lines, at 2,000 tokens."""
    chosen: list[int | None] = []

    def spy(*args: object) -> int | None:
        chosen.append(lead_seed(*args))  # type: ignore[arg-type]
        return chosen[-1]

    monkeypatch.setattr(build, "lead_seed", spy)  # where build_excerpt looks it up
    extract_facts(log, budget_tokens=2000)
    return chosen


def test_a_log_after_failure_cats_leads_only_when_the_failing_step_ended_saying_nothing_failed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # after_failure dumps a service's log with tracebacks of its own (real coveralls output). Below a step
    # whose last block of output is its own report in words no parser reads (a real Emacs 28 start-up's
    # backtrace under debug-on-error, its frames 200-500 characters long), the dump's first record took the
    # seed before the best lines (4bc4af2): bench/perturb_excerpts.py's tracebacks-in-after-failure lost a
    # quarter of emacs.d's backtrace (0.966 / 0.944 -> 0.962 / 0.926 at 2,000 tokens). Below a step that
    # ended saying nothing failed (its report went to the file after_failure cats), the cat'ed report leads.
    dump = [("after_failure", "cat logs/server.log", (DATA / "coveralls_no_network.txt").read_text())]
    emacs = framing.travis_after("./test-startup.sh", (DATA / "emacs28_startup_no_network.txt").read_text(), dump)
    assert _led_by(emacs, monkeypatch) == [None]
    monkeypatch.undo()
    quiet = framing.travis_after("./test-startup.sh", "Attempting startup...\n", dump)
    led = _led_by(quiet, monkeypatch)
    assert led != [None] and led[0] is not None
    lines = quiet.decode().splitlines()
    failed = next(no for no, text in enumerate(lines, 1) if 'The command "./test-startup.sh" exited with' in text)
    assert led[0] > failed and "coveralls" in lines[led[0] - 1]  # the dump's first record


def _instance_ends(sample: str, closing: str) -> tuple[Tasks, list[int]]:
    """A sample's lines as the excerpt reads them, and the lines that close each of its failures' instances."""
    view = view_of("\n".join(clean_line(line.encode()) for line in (DATA / sample).read_text().splitlines()))
    return Tasks(view, {}, {}), [line.no for line in view.lines if line.text.strip().startswith(closing)]


@pytest.mark.parametrize(
    ("sample", "closing"),
    [
        ("jest29_retry_loop_in_29_failed.txt", "at checkTotal (test/pricing.test.js"),
        ("pytest9_parametrize_9_failed.txt", "tests/test_pricing.py:10: AssertionError"),
        ("pytest9_retry_loop_in_29_failed.txt", "tests/test_pricing.py:11: AssertionError"),
    ],
)
def test_a_parametrised_tests_failures_are_alike_instances(sample: str, closing: str) -> None:
    # Jest's test.each and pytest's parametrize: each case's message names its parameters (`1999 in eu`,
    # `1999 in uk`), so each made its own error group, but the cases fail through the same frames and source.
    lines, ends = _instance_ends(sample, closing)
    assert len(ends) >= 9
    first, second = instance_shapes(lines, ends[0], {}), instance_shapes(lines, ends[1], {})
    assert len(first) >= 3 and alike_instance(second, first)


def test_a_failure_of_its_own_is_no_instance_alike_to_the_parametrised_ones() -> None:
    lines, own_end = _instance_ends("pytest9_retry_loop_in_29_failed.txt", "tests/test_cache.py:5: AssertionError")
    _, case_ends = _instance_ends("pytest9_retry_loop_in_29_failed.txt", "tests/test_pricing.py:11: AssertionError")
    own, case = instance_shapes(lines, own_end[0], {}), instance_shapes(lines, case_ends[0], {})
    assert not alike_instance(own, case) and not alike_instance(case, own)


def test_alike_instances_shown_once_leave_room_for_the_runs_other_failure() -> None:
    # 28 parametrised failures in four groups (by region) and, first, a test of its own whose assertion says
    # what failed: with the four groups' first instances shown whole, the same frames four times, its lines
    # were left out at 2,000 tokens.
    raw = framing.travis(
        "python -m pytest -p no:cacheprovider -p no:asyncio tests",
        (DATA / "pytest9_retry_loop_in_29_failed.txt").read_text(),
    )
    excerpt = extract_facts(raw, budget_tokens=2000).excerpt
    assert "test_warm_cache_reaches_server ___" in excerpt
    assert "E       assert None is not None" in excerpt
    assert excerpt.count("def check_total(cents: int, region: str) -> None:") >= 2


def test_a_seed_at_a_steps_start_does_not_take_the_step_above() -> None:
    # pytest's echo `$ pytest ... -W "error:old_api:DeprecationWarning"` seeds on its `error`: its block took
    # the install step's last `Collecting package-9==1.9.0` lines above it, room the report below lacked.
    command = 'pytest -p no:asyncio -W "error:old_api:DeprecationWarning" tests'
    facts = extract_facts(framing.travis(command, (DATA / "pytest_grouped.txt").read_text()), budget_tokens=2000)
    assert "Collecting package-" not in facts.excerpt
    assert f"$ {command}" in facts.excerpt  # the echo itself is shown


def test_a_line_costing_the_header_it_saves_is_added() -> None:
    # go test's `--- FAIL: TestWithTax (0.00s)` (29 characters and its newline) between the step's echo and its
    # subtests costs what it saves by joining their two blocks: added at no cost, not taken as added already.
    view = _view_of("$ go test ./...\n" + (DATA / "go119_table_subtests_14_failed.txt").read_text())
    sel = Selector(view, 10_000)
    assert sel.add([1]) and sel.add([3, 4])
    assert sel.block_cost([2]) == 0
    assert sel.add([2]) and 2 in sel.chosen


def test_a_steps_command_seeded_on_its_words_takes_no_block_below_it() -> None:
    # pytest's echo `$ pytest -W "error:old_api:..."` seeds on its `error`, and its block took the first lines the
    # step printed: gcc 12's warnings of a build before the tests (real runs), 100 tokens that a long pytest report
    # below them needed at 2,000 (it lost 13 of its 171 lines, 6 now). The command is shown without that block; a
    # line or two under it may take what is left once no report line fits (a few characters of slack).
    command = 'pytest -p no:asyncio -W "error:old_api:DeprecationWarning" tests'
    built = (DATA / "gcc12_wall_840_warnings.txt").read_text()
    log = framing.travis(command, built + (DATA / "pytest_grouped.txt").read_text())
    f = extract_facts(log, budget_tokens=2000)
    excerpt = f.excerpt
    assert f"$ {command}" in excerpt
    below = log.decode().split("\n").index(f"travis_time:start:1b2c3d4e\r\x1b[0K$ {command}") + 2  # its first line
    # The command's block: the lines shown right under it, not a gcc warning further down chosen as a seed of its own
    # (before grow._report_start passed over the command, 2,020 tokens with Travis' timing marker showed 3 lines).
    block = next((r for r in f.excerpt_lines if r.start <= below - 1 <= r.end), None)
    assert block is not None and block.end - (below - 1) <= 2
    assert excerpt.count("E       DeprecationWarning: old_api is deprecated") == 12


def test_a_reports_first_block_takes_none_of_the_build_output_above_it() -> None:
    # `make check`: gcc 12's -Wall -Wextra warnings, then Jest's report of 28 failures (real runs), 5,000 tokens.
    # What the step printed above its report waits until the report has grown (grow._above_report), but the block
    # of the report's first line reached above it, to the last warnings' source and caret lines (6 lines).
    built = (DATA / "gcc12_wall_840_warnings.txt").read_text()
    report = (DATA / "jest29_retry_loop_in_29_failed.txt").read_text()
    excerpt = extract_facts(framing.travis("make check", built + report), budget_tokens=2000).excerpt
    assert "FAIL test/pricing.test.js" in excerpt
    assert "warning: unused variable ‘unused_119’" not in excerpt


def test_a_reports_blocks_keep_the_interleaved_tasks_lines_above_its_first_failure() -> None:
    # turbo's two failing tasks (real run) under a build's warnings, turbo's parsers and the runners' left out: the
    # report's blocks lose only the step's lines above its first failure, not the lines of the report a block holds
    # that wait for other reasons (cut to the report's own lines, 54 of the output's 127 lines were shown, 69 now).
    built = (DATA / "gcc12_wall_840_warnings.txt").read_text()
    report = (DATA / "turbo_parallel_test.txt").read_text()
    command = "turbo run test --continue --concurrency=2 --log-order=stream"
    unknown = modules_reading(framing.travis(command, report))  # the parsers that read it, left out
    log = framing.travis(command, built + report)
    f = extract_facts(log, budget_tokens=2000, leave_out=unknown)
    shown = {n for r in f.excerpt_lines for n in range(r.start, r.end + 1)}
    texts = log.decode().split("\n")
    top = next(i for i, t in enumerate(texts) if t.endswith(f"$ {command}")) + 1 + len(built.rstrip("\n").split("\n"))
    output = [top + 1 + i for i, t in enumerate(report.rstrip("\n").split("\n")) if t.strip()]
    assert "warning: unused variable ‘unused_119’" not in f.excerpt
    assert len(output) == 127 and sum(n in shown for n in output) >= 66


def _heading_of_report(sample: str) -> list[str]:
    """grow._report_heading of a real sample's output, scored by its words alone (no parser)."""
    view = view_of((DATA / sample).read_text())
    scores = {line.no: line_score(line.text) for line in view.lines}
    return [view.text(n) for n in sorted(_report_heading(Tasks(view, {}, {}), scores, lambda no: True))]


def test_a_reports_heading_above_its_first_failure_is_its_diffs_file_header_not_a_passing_tests_trace() -> None:
    # gofmt -d's diff of a test file (real run): its first failing line is a removed `-	... t.Errorf("test failed` row,
    # under the file header and the hunk's context; cut to below that line, the report's block lost which file it is.
    heading = _heading_of_report("gofmt_d_tests.txt")
    assert heading[:4] == [
        "diff shop_test.go.orig shop_test.go",
        "--- shop_test.go.orig",
        "+++ shop_test.go",
        heading[3],
    ]
    assert heading[3].startswith("@@ -3,41 +3,61 @@")
    # unittest's first failing test under a passing test's logged Traceback and `ok` verdicts (real run): that
    # Traceback starts no instance of the failure's, so nothing above its first failing line heads its report.
    assert _heading_of_report("unittest311_decoys.txt") == []
