"""The parser registry: one line per parser, its modules imported only when the log can concern them
(gates.py, generated from the modules and checked here)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from remediate.facts import parsers
from remediate.facts.parsers import all_parsers, base, gates, manifest, parser_view, parsers_for
from remediate.facts.parsers.base import Findings, Found, Gated, LineRules, Rule, Table, literals_of, plain, scan_with
from remediate.facts.parsers.handlers import heading, record, row
from remediate.facts.reader import LogSource
from remediate.facts.redact import Redactor
from remediate.facts.scan import scan
from remediate.facts.view import Line, View, build_view

DATA = Path(__file__).parent / "data"


def test_the_gate_manifest_is_what_the_parser_modules_declare() -> None:
    assert manifest.render(manifest.gates()) == manifest.PATH.read_text(encoding="utf-8"), (
        f"src/remediate/facts/parsers/gates.py is stale: regenerate it with `.venv/bin/{manifest.COMMAND}`"
    )


def test_every_registered_parser_is_named_once_and_loads() -> None:
    assert len(parsers.REGISTERED) == len(set(parsers.REGISTERED))
    assert len(all_parsers()) == len(parsers.REGISTERED)
    assert set(gates.GATES) == {entry.partition(".")[0] for entry in parsers.REGISTERED}
    assert sum(gate is not None for gate in gates.GATES.values()) >= 20


@cache
def _views() -> list[View]:
    views = []
    for path in sorted(DATA.glob("*.txt")):
        with LogSource(path.read_bytes()) as src:
            views.append(parser_view(build_view(src, scan(src), Redactor())))
    return views


def _view(*texts: str) -> View:
    return View.of(texts)


def _nothing(found: Findings) -> bool:
    return found == Findings(tool=found.tool)


def test_a_parser_left_out_of_a_view_finds_nothing_in_it() -> None:
    """What makes leaving a module out exact: on every sample log, each registered parser that
    `parsers_for` leaves out finds nothing when run anyway, and each one it keeps is the same object
    all_parsers() holds, in the registry's order."""
    everything = all_parsers()
    left_out = 0
    for view in _views():
        due = parsers_for(view)
        assert list(due) == [p for p in everything if p in due]
        for parser in everything:
            if parser not in due:
                left_out += 1
                assert _nothing(parser.parse(view)), (parser.tool, view.lines[0].text if view.lines else "")
    assert left_out > 20 * len(_views())  # most samples are one tool's output: most modules are left out


def test_a_module_missing_from_the_manifest_always_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    (view,) = [v for v in _views()[:1]]
    rlang = [p for p in all_parsers() if p.tool == "testthat"]
    assert rlang and rlang[0] not in parsers_for(view)  # the first sample is not R output
    monkeypatch.setattr(parsers, "GATES", {k: v for k, v in gates.GATES.items() if k != "rlang"})
    assert rlang[0] in parsers_for(view)


def test_a_table_with_a_rule_that_sees_every_line_has_no_gate() -> None:
    guarded = LineRules[Found](Rule("x", lambda _st, _no, _m: None, starts="BOOM", ends="!"))
    assert scan_with(guarded, plain("t")).literals == ("\nBOOM",)
    both = LineRules[Found](
        Rule("x", lambda _st, _no, _m: None, has=("boom",)), Rule("y", lambda _st, _no, _m: None, search=True)
    )
    table: Table[Found] = scan_with(both, plain("t"))
    assert table.literals is None


def test_a_continued_table_reads_nothing_of_a_view_without_its_literals() -> None:
    # Its rules without literals carry on what one with literals began: no literal, nothing read
    # (here the unguarded rule would record every line if it were asked).
    rules = LineRules[Found](
        Rule("(?P<msg>BOOM)", record(), starts="BOOM"), Rule(r"(?P<msg>.+)", record(), search=True), continued=True
    )
    table = scan_with(rules, plain("t"))
    assert table.literals == ("\nBOOM",)
    assert _nothing(table(_view("a1", "b2")))
    assert [e.message for e in table(_view("a1", "BOOM")).errors] == ["a1", "BOOM"]


def test_a_log_imports_only_the_parser_modules_it_can_concern(tmp_path: Path) -> None:
    # A fresh process: which modules are imported is the point (one subprocess for the whole test).
    log = tmp_path / "ci.log"
    log.write_text(
        "=================================== FAILURES ===================================\n"
        "FAILED tests/test_a.py::test_x - assert 1 == 2\n"
        "========================= 1 failed, 3 passed in 0.41s =========================\n"
    )
    code = (
        "import sys; from pathlib import Path; from remediate.facts import extract_facts\n"
        "f = extract_facts(Path(sys.argv[1]))\n"
        "print(f.failing_tests[0].id)\n"
        "print(' '.join(m.rsplit('.', 1)[1] for m in sys.modules if m.startswith('remediate.facts.parsers.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(log)], capture_output=True, text=True, check=True).stdout
    test_id, loaded = out.splitlines()
    assert test_id == "tests/test_a.py::test_x"
    modules = set(loaded.split())
    gated = {module for module, gate in gates.GATES.items() if gate is not None}
    assert "pytest" in modules and {module for module, gate in gates.GATES.items() if gate is None} <= modules
    assert len(gated - modules) >= 15, sorted(gated & modules)


def test_a_table_is_finished_only_when_the_view_holds_one_of_its_literals() -> None:
    finished: list[str] = []

    def finish(st: Found, _view: View) -> Findings:
        finished.append(st.found.tool)
        st.found.tool = "renamed"  # what a finish does: name the tool its lines showed
        return st.found

    table = scan_with(LineRules[Found](Rule("(?P<msg>BOOM)", record(), starts="BOOM")), plain("t"), finish)
    assert table(_view("a1", "b2")) == Findings(tool="t") and finished == []
    found = table(_view("BOOM"))
    assert finished == ["t"] and found.tool == "renamed" and [e.message for e in found.errors] == ["BOOM"]


def test_words_every_ci_log_holds_do_not_import_parser_modules() -> None:
    """A gate literal nearly every log holds (`) `, two spaces, `]` or `)` at a line's end, `* `, `#`,
    `Error`, ` line `) imports its module for every log. Such lines pass the tightened gates of
    these modules: each rule's literal is one its pattern implies, or the rule waits on a state
    its table's other rules set."""
    view = _view(
        "Run ./scripts/setup.sh (attempt 1)",
        "  Downloading packages ...",
        "1) Checking out the repository",
        "2) Restoring the cache",
        "* main",
        "---",
        "# set up the environment",
        "[info] resolved 3 inputs]",
        "Exception handling is on; no Error seen, warning count 0",
        "  at the end of line 3: done (0.4s)",
        "Done in 12.3s",
        "...",
    )
    literals = literals_of(view)
    tightened = ["tap", "ruby", "cxxtest", "php", "canalysis", "haskell", "mix", "stylesheets", "rlang", "pylint"]
    tightened += ["shellcheck", "mypy", "pytest", "unittest"]
    due = [module for module in tightened if (gate := gates.GATES[module]) is None or literals.any_of(gate)]
    assert due == []


@dataclass
class _Heading:
    found: Findings
    file: str | None = None  # the heading the rows below belong to


def test_a_rule_that_continues_another_does_not_open_its_table() -> None:
    """A `continues` rule's literals keep the lines it may take, but a view holding only them is not
    read: the rule waits on a state the table's other rules set."""
    rules = LineRules[_Heading](
        Rule(r"^(?P<file>\S+\.ya?ml)$", heading, ends=(".yml", ".yaml")),
        Rule(
            r"^\s+(?P<line>\d+):(?P<col>\d+)\s+(?P<level>error|warning)\s+(?P<msg>.+?)\s+\((?P<code>[\w-]+)\)$",
            row({"error": None}),
            has=("error",),
            continues=True,
        ),
    )
    table = scan_with(rules, lambda _view: _Heading(Findings(tool="t")))
    assert table.literals == (".yml\n", ".yaml\n")  # not `error`, which the rows need too
    assert _nothing(table(_view("  3:1  error  no heading above  (key)")))
    found = table(_view("config.yml", "  3:1  error  duplicated key  (key-duplicates)"))
    assert [(e.file, e.line, e.message) for e in found.errors] == [("config.yml", 3, "duplicated key")]


def test_a_table_whose_literals_a_view_lacks_finds_nothing_even_reading_every_line() -> None:
    """What makes skipping a table exact, and so leaving its module out: on every sample, a table
    whose opening literals the view lacks finds nothing even when each line goes through its rules
    (`apply`: the rules that continue another and those without literals included), and when it is
    finished anyway."""
    skipped = 0
    for view in _views():
        literals = literals_of(view)
        for parser in all_parsers():
            table = parser.parse
            if not isinstance(table, Table) or table.literals is None or literals.any_of(table.literals):
                continue
            skipped += 1
            st = table.start(view)
            for line in view.lines:
                if line.text:
                    table.rules.apply(st, line.no, line.text)
            found = st.found if table.finish is None else table.finish(st, view)
            assert _nothing(found), (parser.tool, view.lines[0].text if view.lines else "")
    assert skipped > 50 * len(_views())


def test_common_words_do_not_open_the_modules_whose_rules_need_rarer_ones() -> None:
    """Lines like these are in most logs: a word ending in `ld`, `url:`, `tests`, `error` or `npm`
    within a line, a `------` rule, ` SCRIPT`, `README.md`. They held the literals these modules were
    gated on; each literal is now one its rule's pattern implies (a file's extension with its dot and
    colon, `make: *** `, `ld: `, `npm ERR! ` at a line's start), or the rule waits on a state its
    table's other rules set (ExUnit's and EUnit's details, Jasmine's and AVA's, yamllint's rows, TAP's
    YAML `error:`), or its line's end (VSTest's `Failed name [12 ms]`)."""
    view = _view(
        "Building world with ld and make (no error seen, warning count 0)",
        "*** done ***",
        "url: https://example.com/README.md",
        "running ./setup.exe (a) b",
        "at the end of step 1",
        "see the specification: 2 specs ran, 1 step failed",
        "Expected exit code: 0, left: 1 right: 2",
        "Exception Error seen in the log",
        "  error: none, ERROR: none, run npm install, Could not find the cache",
        "------",
        " SCRIPT step failed to start",
        "Run tests (attempt 1)",
        "All tests passed",
        "then: Failed to start [attempt 2]",
        "[step 4]: PASS/FAIL counted",
    )
    literals = literals_of(view)
    tightened = ["compiler", "beam", "jsrunners", "sql", "deps", "docker", "doclint", "tap", "dotnet"]
    tightened += ["go", "tslint"]
    due = [module for module in tightened if (gate := gates.GATES[module]) is None or literals.any_of(gate)]
    assert due == []


def test_error_and_warning_words_alone_do_not_open_eslint_s_module() -> None:
    """`error` and `warning` are in nearly every log (229 and 115 of the 248 dev logs): ESLint's stylish
    rows carry on their file's heading, and the heading or the `✖ N problems` summary opens the module."""
    words = _view("error: the build failed", "  3:1  warning  unused variable  no-unused-vars", "1 error, 2 warnings")
    assert not literals_of(words).any_of(gates.GATES["javascript"] or ())
    for report in (
        ("/src/app.js", "  3:1  error  'x' is not defined  no-undef"),
        ("✖ 1 problem (1 error, 0 warnings)",),
    ):
        assert literals_of(_view(*report)).any_of(gates.GATES["javascript"] or ())


def test_a_version_banner_s_compiled_does_not_open_eslint_formats() -> None:
    """`Compiled ` starts a tool's version banner in 133 of the 248 dev logs (`Compiled with gcc ...`) and
    Elixir's progress; create-react-app's verdicts open the module."""
    banners = _view("Compiled with gcc 4.8.4 for Unix (Linux 3.13)", "Compiled by buildd@lgw01-12", "Compiled lib/a.ex")
    assert not literals_of(banners).any_of(gates.GATES["javascript_eslintformats"] or ())
    for verdict in ("Failed to compile.", "Compiled with warnings.", "Compiled successfully!"):
        assert literals_of(_view(verdict)).any_of(gates.GATES["javascript_eslintformats"] or ())


def test_a_php_file_named_within_a_line_does_not_open_php() -> None:
    """`.php` is within a line in most PHP projects' logs; PHPStan's table heading ends with its file."""
    named = _view(
        "PHP Warning:  Undefined index: a in /src/Cart.php on line 3", "  Line 12 of 40", "php -l src/a.php && echo ok"
    )
    assert not literals_of(named).any_of(gates.GATES["php"] or ())
    assert literals_of(_view(" ------ ----------", "  Line   src/Cart.php")).any_of(gates.GATES["php"] or ())


def test_a_shell_comment_does_not_open_docker() -> None:
    """A line starting `#` is a shell comment echoed in many logs; BuildKit's step lines start `#N `."""
    assert not literals_of(_view("# install the dependencies", "#!/bin/bash")).any_of(gates.GATES["docker"] or ())
    assert literals_of(_view("#5 [2/3] RUN make", "#5 ERROR: exit code 2")).any_of(gates.GATES["docker"] or ())


def test_error_line_and_json_words_do_not_import_the_config_files_reader() -> None:
    """`Error`, `line`, `json` and `workflow` are in nearly every log; the config files' reader (no gate
    before: due on every log) is opened by the errors its rules read, a YAML exception, a TOML or JSON
    decoder's error, `SyntaxError: ` and the like."""
    words = _view("Error: 2 tests failed at line 3", "wrote package.json", "Run workflow", "config.yml loaded")
    assert not literals_of(words).any_of(gates.GATES["config"] or ())
    for error in (
        "yaml.scanner.ScannerError: mapping values are not allowed here",
        "SyntaxError: Unexpected end of JSON input",
    ):
        assert literals_of(_view(error)).any_of(gates.GATES["config"] or ())


def test_a_python_file_named_and_another_tool_s_count_do_not_import_ruff_s_reader() -> None:
    """ruff's reader had no gate (due on every log): now its rows' `.py:` place, its `Found N errors.`,
    its formatter's verdicts and the `-->` of its full output open it, not `.py` within a line, a
    `Found ` line of another tool, nor a diff's `+++ ` alone."""
    words = _view("python setup.py install", "Found existing installation: six", "+++ b/setup.py", "F401 unused")
    assert not literals_of(words).any_of(gates.GATES["ruff"] or ())
    for output in ("app.py:1:8: F401 [*] `os` imported but unused", "Found 2 errors.", "Would reformat: app.py"):
        assert literals_of(_view(output)).any_of(gates.GATES["ruff"] or ())


def test_a_gated_loop_finds_nothing_in_a_view_without_its_literals() -> None:
    """What makes a loop parser's gate exact (base.Gated: git-diff's, prettier's): on every sample whose
    view lacks its literals, the loop run anyway finds nothing; and such a view gets the same empty findings."""
    gated = [p for p in all_parsers() if isinstance(p.parse, Gated)]
    assert {p.tool for p in gated} >= {"git-diff", "prettier", "cargo"}
    skipped = 0
    for view in _views():
        for parser in gated:
            gate = parser.parse
            assert isinstance(gate, Gated)
            if not literals_of(view).any_of(gate.literals):
                skipped += 1
                assert _nothing(gate.loop(view)) and gate.loop(view) == gate(view), (parser.tool, view.lines[0].text)
    assert skipped > len(_views())


def test_a_diff_or_a_word_within_a_line_does_not_import_git_diff_s_or_prettier_s_reader() -> None:
    """Both had no gate (due on every log): a `diff --git` header opens git-diff's, prettier's command or
    its `[warn]`/`Code style` lines open prettier's."""
    words = _view("index.js was built", "--- a/README.md", "+++ b/README.md", "[info] warnings: 0", "Code coverage 90%")
    assert not literals_of(words).any_of(gates.GATES["diffcheck"] or ())
    assert not literals_of(words).any_of(gates.GATES["prettier"] or ())
    assert literals_of(_view("diff --git a/x.py b/x.py")).any_of(gates.GATES["diffcheck"] or ())
    assert literals_of(_view("$ prettier --check .")).any_of(gates.GATES["prettier"] or ())


def test_words_starting_with_error_or_warning_do_not_import_the_rust_reader() -> None:
    """cargo's reader had no gate (due on every log): a diagnostic starts `error:`/`error[`/`warning:`/
    `warning[`, not any word starting `error` or `warning`."""
    words = _view("errors: 0", "warnings were found", "test session starts", "error_log written")
    assert not literals_of(words).any_of(gates.GATES["rust"] or ())
    for output in (
        "error[E0308]: mismatched types",
        "test tests::adds ... FAILED",
        "thread 'main' panicked at src/a.rs:1:1:",
    ):
        assert literals_of(_view(output)).any_of(gates.GATES["rust"] or ())


def test_a_table_says_whether_it_read_the_view() -> None:
    """The one test of a table's literals is its rules' `run`: False when it read no line."""
    guarded = LineRules[Found](Rule("(?P<msg>BOOM)", record(), starts="BOOM"))
    unguarded = LineRules[Found](Rule("(?P<msg>BOOM)", record(), starts="BOOM"), Rule("(?P<msg>a1)", record()))
    quiet, loud = _view("a1", "b2"), _view("BOOM")
    assert guarded.run(Found(Findings(tool="t"), quiet), quiet) is False
    assert guarded.run(Found(Findings(tool="t"), loud), loud) is True
    st = Found(Findings(tool="t"), quiet)
    assert unguarded.run(st, quiet) is True and [e.message for e in st.found.errors] == ["a1"]


def test_modules_named_reads_a_list_or_all_and_refuses_an_unknown_name() -> None:
    assert parsers.modules_named("pytest, jvm") == {"pytest", "jvm"}
    assert parsers.modules_named("all") == {entry.partition(".")[0] for entry in parsers.REGISTERED}
    with pytest.raises(ValueError, match="pytset"):  # a misspelt leave-out must not measure the full mode
        parsers.modules_named("pytest,pytset")
    with pytest.raises(ValueError):
        parsers.modules_named(" , ")


def test_a_module_left_out_is_not_run_and_the_others_are() -> None:
    view = next(v for v in _views() if any(p.tool == "pytest" for p in parsers_for(v)))
    kept = parsers_for(view, frozenset({"pytest"}))
    assert [p for p in parsers_for(view) if p.tool != "pytest"] == list(kept)
    assert parsers_for(view, parsers.modules_named("all")) == ()


def test_the_lines_a_gate_passes_are_where_the_one_pass_placed_its_literals() -> None:
    """Literals.lines_holding, the only lines a table's parse loop reads: on every sample long enough for the view's
    one Aho-Corasick pass, each table's are the lines its gate passes, tested one by one."""
    placed = 0
    for view in _views():
        literals = literals_of(view)
        for parser in all_parsers():
            if not isinstance(table := parser.parse, Table):
                continue
            rules = table.rules
            gated = literals.lines_holding(rules._starts, rules._needles, rules._ends)
            if gated is not None:
                placed += 1
                passing = [i for i, line in enumerate(view.lines) if line.text and rules.gate(line.text)]
                assert gated == passing, (parser.tool, view.lines[0].text)
    assert placed > 20 * len(all_parsers())


def test_a_literal_registered_after_the_one_pass_is_placed_by_one_more(monkeypatch: pytest.MonkeyPatch) -> None:
    """A table of a module imported after the view's one pass (the registry imports the modules whose gates the view
    opens, then their tables register their literals) is given the lines its gate passes by one more pass, not read
    line by line: on the stored pytest samples' lines, each late literal's lines are those whose text holds it."""
    monkeypatch.setattr(base, "_GATE_LITERALS", dict(base._GATE_LITERALS))  # what this test registers goes with it
    texts = [text for path in sorted(DATA.glob("*pytest*.txt")) for text in path.read_text().splitlines()]
    view = _view(*texts)
    literals = literals_of(view)
    assert literals.lines_holding(("rootdir: ",), (), ()) is not None  # placed by the one pass: registered before
    late = {"starts": ("tests/", "E   ", "platform "), "has": ("passed in ", "collected "), "ends": ("PASSED", "%]")}
    kinds = (("starts", "\n{}", str.startswith), ("has", "{}", str.__contains__), ("ends", "{}\n", str.endswith))
    joined = [form.format(literal) for kind, form, _ in kinds for literal in late[kind]]
    assert not any(literal in base._GATE_LITERALS for literal in joined)
    base.register_literals(joined)
    for kind, form, tested in kinds:
        for literal in late[kind]:
            asked = tuple((literal,) if kind == which else () for which, _, _ in kinds)
            holding = [i for i, line in enumerate(view.lines) if line.text and tested(line.text, literal)]
            assert literals.lines_holding(*asked) == holding and holding, literal
            assert literals.any_of((form.format(literal),))


def test_a_view_the_one_pass_cannot_place_literals_in_is_read_line_by_line() -> None:
    """A short view (no one pass), and a long one holding a lone surrogate (a JSON event's `\\ud800`: the automaton
    would search it replaced, its places shifted), place no literal: the parse loop tests each line's gate."""
    line = "npm ERR! code ENOSPC"
    assert literals_of(_view(line)).lines_holding(("npm ERR! ",), (), ()) is None
    long = _view(*[line] * 1000)
    assert literals_of(long).lines_holding(("npm ERR! ",), (), ()) == list(range(1000))
    surrogate = View.of([*long.lines, Line(1001, "\ud800", b"")])
    assert literals_of(surrogate).lines_holding(("npm ERR! ",), (), ()) is None
