"""The triage micro-agent: one forced `route` call through the real AsyncAnthropic client over a
scripted cassette; valid answers route, everything else falls back with a reason."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from remediate.agents.context import OWN_MODULES_SHOWN, own_module_lines, render_facts
from remediate.client import ClientHandle, ModelAccess, open_client
from remediate.facts import extract_facts
from remediate.facts.redact import Redactor
from remediate.models import Category, ErrorRecord, Facts, FailingTest, OwnModule, RepoFacts, Route, Status
from remediate.pricing import DEFAULT_TRIAGE_MODEL
from remediate.replay import Cassette, Expect, Interaction
from remediate.session import Backend, run_session
from remediate.spec import FixSpec
from remediate.triage import fallback, rule_verdict, triage
from remediate.triage.agent import FALLBACK_FLOOR, MODEL_CONFIDENCE, ROUTE_TOOL, route_tool
from tests.conftest import needs_bwrap
from tests.facts import framing
from tests.helpers import make_project, sandbox_factory

# Facts the rules cannot decide on: no tool, no code, no category.
UNSURE = Facts(
    category=Category.UNKNOWN,
    confidence=0.0,
    failing_command="python -m app",
    exit_code=2,
    excerpt="app: settings.toml: missing required key 'timeout_s' in [http]",
    repo=RepoFacts(tree=["app/", "app/__main__.py", "settings.toml"]),
)


def route_message(args: dict[str, Any], *, tool: str = ROUTE_TOOL) -> dict[str, Any]:
    return {
        "id": "msg_triage",
        "type": "message",
        "role": "assistant",
        "model": DEFAULT_TRIAGE_MODEL,
        "content": [{"type": "tool_use", "id": "toolu_route", "name": tool, "input": args}],
        "stop_reason": "tool_use",
        "stop_sequence": None,
        "usage": "estimate",
    }


TRIAGE_EXPECT = Expect(
    tools=[ROUTE_TOOL],
    contains=[DEFAULT_TRIAGE_MODEL, '"tool_choice": {"type": "tool", "name": "route"}', "missing required key"],
)


def handle_for(tmp_path: Path, *interactions: Interaction) -> ClientHandle:
    path = tmp_path / "triage.json"
    Cassette(kind="scripted", interactions=list(interactions)).dump(path)
    return open_client(ModelAccess(cassette=path, max_retries=0), Redactor(), None)


async def ask(
    tmp_path: Path,
    facts: Facts,
    body: dict[str, Any],
    status: int = 200,
    expect: Expect = TRIAGE_EXPECT,
    check: str = "python -m app",
) -> Any:
    handle = handle_for(tmp_path, Interaction(expect=expect, status=status, body=body))

    async def opener() -> Any:
        return handle.client

    try:
        result = await triage(facts, check=check, open_client=opener)
    finally:
        await handle.aclose(None)
    assert handle.player is not None
    assert not handle.player.mismatches, handle.player.mismatches
    assert handle.player.exhausted, "the triage agent makes exactly one call"
    return result


def test_the_route_tool_schema_is_the_route() -> None:
    tool = route_tool()
    props = tool["input_schema"]["properties"]
    assert set(props) == {"category", "specialist", "target_files", "reason", "confidence"}
    assert "none" in props["specialist"]["enum"] and "dockerfile" in props["specialist"]["enum"]
    assert set(tool["input_schema"]["required"]) == {"category", "specialist", "reason", "confidence"}
    assert not rule_verdict(UNSURE, "python -m app").decided


async def test_a_valid_answer_routes_and_is_paid_for(tmp_path: Path) -> None:
    answer = {
        "category": "config",
        "specialist": "config",
        "target_files": ["settings.toml", "../etc/passwd", "/abs/path"],
        "reason": "the app rejects settings.toml: a required key is missing",
        "confidence": 0.85,
    }
    result = await ask(tmp_path, UNSURE, route_message(answer))
    assert result.decided_by == "model" and result.route is not None
    assert result.route.specialist == "config" and result.route.category is Category.CONFIG
    assert result.route.decided_by == "model"
    assert result.route.target_files == ["settings.toml"], "unsafe paths from the model are dropped"
    assert result.usage.model_calls == 1 and result.usage.usd > 0 and result.model == DEFAULT_TRIAGE_MODEL


@pytest.mark.parametrize(
    ("args", "tool", "needle"),
    [
        ({"category": "config", "specialist": "config", "reason": "x", "confidence": 1.7}, ROUTE_TOOL, "confidence"),
        ({"category": "config", "specialist": "config", "confidence": 0.9}, ROUTE_TOOL, "reason"),
        ({"category": "weather", "specialist": "config", "reason": "x", "confidence": 0.9}, ROUTE_TOOL, "category"),
        ({"category": "config", "specialist": "wizard", "reason": "x", "confidence": 0.9}, ROUTE_TOOL, "wizard"),
        ({"category": "test", "specialist": "lint", "reason": "x", "confidence": 0.9}, ROUTE_TOOL, "does not handle"),
        ({"category": "config", "specialist": "config", "reason": "x", "confidence": 0.9}, "shell", "exactly once"),
    ],
)
async def test_an_invalid_answer_falls_back_with_its_reason(
    tmp_path: Path, args: dict[str, Any], tool: str, needle: str
) -> None:
    result = await ask(tmp_path, UNSURE, route_message(args, tool=tool))
    # No failing tests and no usable rules guess: the safe answer is no route at all.
    assert result.route is None and result.decided_by == "fallback"
    assert needle in result.reason and result.reason.startswith("no safe route")
    assert result.usage.model_calls == 1, "the failed call is still paid for and reported"
    assert any(e.kind == "triage_invalid" for e in result.events)


async def test_a_low_confidence_answer_falls_back_to_the_tests_specialist_when_tests_fail(tmp_path: Path) -> None:
    # The rules lean to infra (no specialist) over the failing test, without a clear margin.
    facts = UNSURE.model_copy(
        update={
            "category": Category.INFRA,
            "confidence": 0.81,
            "failing_tests": [FailingTest(id="tests/test_app.py::test_start", message="SystemExit: 2")],
        }
    )
    verdict = rule_verdict(facts, "python -m app")
    assert not verdict.decided and verdict.category is Category.INFRA
    answer = {"category": "config", "specialist": "config", "reason": "maybe settings", "confidence": 0.3}
    result = await ask(tmp_path, facts, route_message(answer))
    assert MODEL_CONFIDENCE > 0.3
    assert result.decided_by == "fallback" and result.route is not None
    assert result.route.specialist == "tests" and result.route.decided_by == "fallback"
    assert "fallback to the tests specialist" in result.reason and "unsure" in result.reason
    assert any(e.kind == "triage_low_confidence" for e in result.events)


async def test_none_is_an_honest_answer(tmp_path: Path) -> None:
    answer = {"category": "infra", "specialist": "none", "reason": "the runner ran out of disk", "confidence": 0.9}
    result = await ask(tmp_path, UNSURE, route_message(answer))
    assert result.route is None and result.decided_by == "model" and result.category is Category.INFRA
    assert "ran out of disk" in result.reason


async def test_an_api_error_falls_back(tmp_path: Path) -> None:
    error = {"type": "error", "error": {"type": "overloaded_error", "message": "overloaded"}}
    result = await ask(tmp_path, UNSURE, error, status=529)
    assert result.route is None and result.decided_by == "fallback" and "529" in result.reason
    assert result.usage.model_calls == 0


async def test_no_model_access_falls_back_without_a_call() -> None:
    facts = UNSURE.model_copy(
        update={
            "category": Category.LINT,
            "confidence": 0.6,
            "category_basis": "keywords",
            "errors": [ErrorRecord(tool="custom", code="E501", message="line too long", category=Category.LINT)],
        }
    )
    verdict = rule_verdict(facts, "python -m app")
    assert not verdict.decided and verdict.category is Category.LINT

    result = await triage(facts, check="python -m app", open_client=_no_access)
    # The rules' best guess (keyword lines and one linter's record) is not hopeless (>= the floor) and a
    # specialist handles it.
    assert result.route is not None and result.route.specialist == "lint" and result.decided_by == "fallback"
    assert "no model access" in result.reason and result.usage.model_calls == 0


def test_with_no_model_a_keyword_guess_beats_no_route_but_not_the_failing_tests() -> None:
    # Keyword lines alone (0.36) are below the rules' threshold; with no failing test the guess still
    # runs its specialist (FALLBACK_FLOOR: out of fold it beat no route on the dev half), while failing
    # tests keep the tests specialist over another specialist's undecided guess (FALLBACK_OVER_TESTS).
    keywords = UNSURE.model_copy(update={"category": Category.LINT, "confidence": 0.95, "category_basis": "keywords"})
    verdict = rule_verdict(keywords)
    assert not verdict.decided and verdict.category is Category.LINT and verdict.confidence >= FALLBACK_FLOOR
    route = fallback(keywords, verdict, "no model").route
    assert route is not None and route.specialist == "lint" and route.decided_by == "fallback"
    tested = keywords.model_copy(update={"failing_tests": [FailingTest(id="tests/test_app.py::test_start")]})
    guess = rule_verdict(tested)
    assert not guess.decided and guess.category is Category.LINT and guess.confidence >= FALLBACK_FLOOR, guess.reason
    result = fallback(tested, guess, "no model")
    assert result.route is not None and result.route.specialist == "tests", result.reason
    assert "fallback to the tests specialist (1 failing test(s))" in result.reason


async def _no_access() -> Any:
    """A client opener with no model access (no ANTHROPIC_API_KEY): triage falls back to the rules."""
    from remediate.client import ModelAccessError

    raise ModelAccessError("no model access: set ANTHROPIC_API_KEY")


DATA = Path(__file__).parent.parent / "facts" / "data"


@pytest.mark.parametrize(
    ("sample", "command", "words"),
    [
        ("pytest_disk_full.txt", "python -m pytest -q tests", "No space left on device"),
        ("rspec_net_http_timeouts.txt", "rspec", "Net::ReadTimeout"),
    ],
)
async def test_with_no_model_tests_that_met_the_infrastructure_end_with_no_route(
    sample: str, command: str, words: str
) -> None:
    # Real runs whose every failing test met the infrastructure (a closed port, a full disk: README of
    # tests/facts/data): the rules abstain with infra as their guess, and the tests specialist, the default
    # when tests fail, cannot start a service or free a disk: no route, and the reason says what they met.
    facts = extract_facts(framing.github_actions(command, (DATA / sample).read_text(), 1))
    verdict = rule_verdict(facts)
    assert facts.failing_tests and not verdict.decided and verdict.category is Category.INFRA, verdict.reason

    result = await triage(facts, open_client=_no_access)
    assert result.route is None and result.decided_by == "fallback" and result.category is Category.INFRA
    assert result.reason.startswith("no specialist fixes the infrastructure the failing tests met")
    assert words in result.reason and "no model access" in result.reason


@pytest.mark.parametrize(
    ("sample", "command", "host"),
    [
        ("pytest9_psycopg_5432_refused.txt", "python -m pytest tests", "127.0.0.1"),
        ("pytest_requests_refused.txt", "python -m pytest -q tests", "127.0.0.1"),
        ("jest29_fetch_cause_refused.txt", "npx jest --ci", "127.0.0.1"),
    ],
)
async def test_with_no_model_tests_that_could_not_reach_the_job_s_own_service_end_with_no_route(
    sample: str, command: str, host: str
) -> None:
    # every failing test could not reach the job's own service (PostgreSQL on 127.0.0.1:5432 not running, a closed
    # local port): the rules name the test run's failure (test), but its fix is the run's set-up (the CI's service
    # definitions, a wait, the app started), which the tests specialist cannot check in its sandbox: no route
    facts = extract_facts(framing.github_actions(command, (DATA / sample).read_text(), 1))
    verdict = rule_verdict(facts)
    assert facts.failing_tests and not verdict.decided and verdict.category is Category.TEST, verdict.reason

    result = await triage(facts, open_client=_no_access)
    assert result.route is None and result.decided_by == "fallback" and result.category is Category.TEST
    assert result.reason.startswith("no specialist starts the job's own service the failing tests could not reach")
    assert f"the job's own service ({host})" in result.reason and "no model access" in result.reason


def test_tests_that_fail_on_their_own_beside_an_infrastructure_failure_keep_the_tests_specialist() -> None:
    # `assert 7 == 6` beside a refused request (real pytest output): the tests' evidence still vouches, so the
    # fallback's default stands even when a rule names the infrastructure (here the rules decide test anyway).
    output = (DATA / "pytest_refused_beside_assertion.txt").read_text()
    facts = extract_facts(framing.github_actions("python -m pytest -q tests", output, 1))
    verdict = rule_verdict(facts)
    unsure = replace(verdict, decided=False)
    result = fallback(facts, unsure, "no model")
    assert result.route is not None and result.route.specialist == "tests", result.reason


# ------------------------------------------------------------------ through the pipeline

APP = {
    "app/__init__.py": "",
    "app/__main__.py": (
        "import sys\nimport tomllib\nfrom pathlib import Path\n\n"
        'REQUIRED = {"http": ("base_url", "timeout_s")}\n\n\n'
        "def main() -> int:\n"
        '    data = tomllib.loads(Path("settings.toml").read_text(encoding="utf-8"))\n'
        "    for section, keys in REQUIRED.items():\n"
        "        for key in keys:\n"
        "            if key not in data.get(section, {}):\n"
        '                print(f"app: settings.toml: missing required key {key!r} in [{section}]")\n'
        "                return 2\n"
        '    print("app: settings ok")\n'
        "    return 0\n\n\n"
        "sys.exit(main())\n"
    ),
    "settings.toml": '[http]\nbase_url = "https://api.example.test"\ntimout_s = 30\n',
}
APP_LOG = (
    "##[group]Run python -m app\npython -m app\n##[endgroup]\n"
    "app: settings.toml: missing required key 'timeout_s' in [http]\n"
    "##[error]Process completed with exit code 2.\n"
)


def specialist_turn(number: int, calls: list[tuple[str, str, dict[str, Any]]]) -> dict[str, Any]:
    return {
        "id": f"msg_{number:02d}",
        "type": "message",
        "role": "assistant",
        "model": "claude-haiku-5-5",
        "content": [{"type": "tool_use", "id": tid, "name": name, "input": args} for tid, name, args in calls],
        "stop_reason": "tool_use",
        "stop_sequence": None,
        "usage": "estimate",
    }


@needs_bwrap
async def test_the_model_routes_and_the_specialist_fixes_in_one_run(tmp_path: Path) -> None:
    from tests.helpers import expect_result

    project = make_project(tmp_path / "app", APP)
    log = tmp_path / "ci.log"
    log.write_text(APP_LOG)
    answer = {
        "category": "config",
        "specialist": "config",
        "target_files": ["settings.toml"],
        "reason": "the app refuses to start: settings.toml lacks the required key timeout_s in [http]",
        "confidence": 0.85,
    }
    edit = {"path": "settings.toml", "old_text": "timout_s = 30\n", "new_text": "timeout_s = 30\n"}
    finish = {"root_cause": "settings.toml misspelled timeout_s as timout_s", "summary": "fixed the key", "fixed": True}
    cassette = Cassette(
        kind="scripted",
        interactions=[
            Interaction(expect=TRIAGE_EXPECT, body=route_message(answer)),
            Interaction(
                expect=Expect(
                    new_conversation=True,
                    tools=["read_file", "search", "edit_file", "run_check", "finish"],
                    contains=[
                        "parsed by the check's Python just now: OK",
                        "3| timout_s = 30",
                        "route: the app refuses",
                    ],
                ),
                body=specialist_turn(2, [("toolu_01", "edit_file", edit)]),
            ),
            Interaction(
                expect=expect_result("toolu_01", is_error=False, contains=("edited settings.toml",)),
                body=specialist_turn(3, [("toolu_02", "run_check", {})]),
            ),
            Interaction(
                expect=expect_result("toolu_02", is_error=False, contains=("check PASSED", "settings ok")),
                body=specialist_turn(4, [("toolu_03", "finish", finish)]),
            ),
        ],
    )
    path = tmp_path / "cassette.json"
    cassette.dump(path)
    backend = Backend(open_sandbox=sandbox_factory(project), access=ModelAccess(cassette=path))
    outcome = await run_session(FixSpec(check="python -m app", log_path=log, source_dir=project), backend)
    report = outcome.report
    assert report.status == Status.FIXED, report.message
    assert report.route is not None and report.route.decided_by == "model" and report.route.specialist == "config"
    assert report.changed_files == ["settings.toml"]
    handle = outcome.model_client
    assert handle is not None and handle.player is not None
    assert not handle.player.mismatches and handle.player.exhausted
    # The triage call is part of the run's usage (1 triage + 3 specialist calls).
    assert report.usage.model_calls == 4 and report.tool_calls == 3
    assert handle.player.requests[0]["model"] == DEFAULT_TRIAGE_MODEL


@needs_bwrap
async def test_an_invalid_route_ends_not_fixed_with_the_reason_and_no_specialist(tmp_path: Path) -> None:
    project = make_project(tmp_path / "app", APP)
    log = tmp_path / "ci.log"
    log.write_text(APP_LOG)
    bad = {"category": "config", "specialist": "config", "reason": "", "confidence": 0.9}
    path = tmp_path / "cassette.json"
    Cassette(kind="scripted", interactions=[Interaction(expect=TRIAGE_EXPECT, body=route_message(bad))]).dump(path)
    backend = Backend(open_sandbox=sandbox_factory(project), access=ModelAccess(cassette=path))
    report = (await run_session(FixSpec(check="python -m app", log_path=log, source_dir=project), backend)).report
    assert report.status == Status.NOT_FIXED and report.route is None
    assert "fallback" in report.message and "reason" in report.message, report.message
    assert report.usage.model_calls == 1 and report.tool_calls == 0 and not report.patch
    assert any(e.kind == "triage_invalid" for e in report.guard_events)


@needs_bwrap
def test_cli_triage_model_reaches_the_triage_request(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from remediate.cli import app

    project = make_project(tmp_path / "app", APP)
    log = tmp_path / "ci.log"
    log.write_text(APP_LOG)
    answer = {"category": "infra", "specialist": "none", "reason": "nothing a specialist can fix", "confidence": 0.7}
    expect = Expect(tools=[ROUTE_TOOL], contains=['"model": "claude-haiku-4-5"'])
    path = tmp_path / "cassette.json"
    Cassette(kind="scripted", interactions=[Interaction(expect=expect, body=route_message(answer))]).dump(path)
    out = tmp_path / "out"
    args = ["fix", "--source", str(project), "--log", str(log), "--check", "python -m app", "--cassette", str(path)]
    args += ["--triage-model", "claude-haiku-4-5", "--out", str(out), "--state", "off"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 10, result.output
    report = json.loads((out / "report.json").read_text())
    assert report["status"] == "not_fixed" and "decided by model" in report["message"]
    assert report["usage"]["model_calls"] == 1 and report["usage"]["usd"] > 0


# A project whose only test needs a service on a closed port (nothing listens on 127.0.0.1:9 here or in the
# sandbox's network namespace): its run fails on the infrastructure, as the log says.
SERVICE = {
    "shop/__init__.py": (
        "import urllib.request\n\n\n"
        "def stock(url: str) -> str:\n"
        "    with urllib.request.urlopen(url, timeout=5) as answer:\n"
        "        return answer.read().decode()\n"
    ),
    "tests/test_stock.py": (
        "from shop import stock\n\n\n"
        "def test_stock_service_answers():\n"
        '    assert stock("http://127.0.0.1:9/stock") == "ok"\n'
    ),
}


@needs_bwrap
async def test_a_run_whose_tests_could_not_reach_the_jobs_own_service_ends_not_fixed_without_a_specialist(
    tmp_path: Path,
) -> None:
    """urllib's `Connection refused` names no host; the test's own frames name 127.0.0.1, a server the job starts
    itself (facts/meaning/sections): the fallback decides test and no specialist starts that server."""
    import sys

    import anyio

    project = make_project(tmp_path / "shop", SERVICE)
    # the log is this project's own pytest run, framed as a GitHub Actions step
    argv = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"]
    run = await anyio.run_process(argv, cwd=project, check=False)
    output = run.stdout.decode()
    assert run.returncode == 1 and "Connection refused" in output, output
    log = tmp_path / "ci.log"
    log.write_bytes(framing.github_actions("python -m pytest -q", output, 1))
    # the triage model is unsure: the fallback decides, and no specialist is run
    unsure = {"category": "test", "specialist": "tests", "reason": "a test fails", "confidence": 0.3}
    path = tmp_path / "cassette.json"
    expect = Expect(tools=[ROUTE_TOOL], contains=["Connection refused"])
    Cassette(kind="scripted", interactions=[Interaction(expect=expect, body=route_message(unsure))]).dump(path)
    backend = Backend(open_sandbox=sandbox_factory(project), access=ModelAccess(cassette=path))
    spec = FixSpec(check="python -m pytest -q -p no:cacheprovider tests", log_path=log, source_dir=project)
    report = (await run_session(spec, backend)).report
    assert report.status == Status.NOT_FIXED and report.route is None, report.message
    assert "no specialist for this failure (test, decided by fallback)" in report.message
    assert "no specialist starts the job's own service the failing tests could not reach" in report.message
    assert "127.0.0.1" in report.message and "Connection refused" in report.message
    assert report.usage.model_calls == 1 and report.tool_calls == 0 and not report.patch


def _src_layout(root: Path, name: str) -> Path:
    # the tree of real pytest 9's `No module named 'shopcart.rates'` (pytest9_src_layout_module_moved.txt)
    (root / "src" / "shopcart").mkdir(parents=True)
    (root / "src" / "shopcart" / "__init__.py").write_text("")
    (root / "pyproject.toml").write_text(f'[project]\nname = "{name}"\n')
    return root


async def test_the_triage_model_and_the_specialists_read_the_project_s_own_modules(tmp_path: Path) -> None:
    # Real pytest 9: `No module named 'shopcart.rates'`, in a src/ layout whose pyproject names shopcart. The
    # rules stay unsure (an own module: its installation, a path or a rename), so the model is asked; it reads the
    # modules the manifest names, with their manifest, and so does the specialist's first message.
    log = framing.travis("python -m pytest", (DATA / "pytest9_src_layout_module_moved.txt").read_text())
    facts = extract_facts(log, source=_src_layout(tmp_path / "repo", "shopcart"))
    assert not rule_verdict(facts, "python -m pytest").decided
    answer = {"category": "build", "specialist": "none", "reason": "shopcart.rates moved", "confidence": 0.8}
    listed = "- `shopcart` (python: pyproject.toml)"
    expect = TRIAGE_EXPECT.model_copy(
        update={"contains": [DEFAULT_TRIAGE_MODEL, "## The project's own modules", listed]}
    )
    result = await ask(tmp_path, facts, route_message(answer), expect=expect, check="python -m pytest")
    assert result.decided_by == "model" and result.category is Category.BUILD
    route = Route(specialist="tests", category=Category.TEST, reason="r", decided_by="rules")
    assert listed in render_facts(facts, route, "python -m pytest").splitlines()
    # without a manifest's module there is no such section: nothing to say
    plain = extract_facts(log, source=_make_tree(tmp_path / "bare"))
    assert "own modules" not in render_facts(plain, route, "python -m pytest")


def _make_tree(root: Path) -> Path:
    (root / "tests").mkdir(parents=True)
    (root / "tests" / "test_cart.py").write_text("import shopcart.rates\n")
    return root


def test_the_modules_the_prompts_show_are_bounded_and_redacted(tmp_path: Path) -> None:
    token = "ghp_" + "a1B2c3D4" * 4 + "e5F6"  # a GitHub token's shape, as a package's name
    root = _src_layout(tmp_path, token)
    log = framing.travis("python -m pytest", (DATA / "pytest9_src_layout_module_moved.txt").read_text())
    facts = extract_facts(log, source=root)
    assert facts.repo is not None and {m.name for m in facts.repo.modules} >= {"shopcart"}
    assert token.lower() not in facts.model_dump_json() and facts.redactions, facts.redactions
    many = facts.repo.model_copy(
        update={"modules": [OwnModule(name=f"m{i}", manifest="go.mod", ecosystem="go") for i in range(45)]}
    )
    lines = own_module_lines(facts.model_copy(update={"repo": many}))
    assert len(lines) == 2 + OWN_MODULES_SHOWN + 1 and lines[-1] == "- (and 5 more)"
    # past the bound, the module the failure's missing name (`No module named 'shopcart.rates'`) lies below first
    last = many.model_copy(update={"modules": [*many.modules, *facts.repo.modules]})
    shown = own_module_lines(facts.model_copy(update={"repo": last}))
    assert shown[2].startswith("- `shopcart` (python") and "`m0`" in shown[3], shown[:4]
