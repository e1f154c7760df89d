"""bench/triage.py's scoring: precision by the specialist a decision runs, beside the labels'."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from bench.triage import (
    ABSTAINED,
    LABEL_SPECIALIST,
    PROXY,
    Item,
    Outcome,
    Score,
    abstention_table,
    attestation_out_of_fold,
    attested,
    classify,
    classify_proxy,
    command_table,
    label_table,
    own_label_table,
    proxy_report,
    proxy_score,
    rule_table,
    specialist_table,
    why_undecided,
)

from remediate.models import Category
from remediate.triage import RuleVerdict, Signal
from remediate.triage.beneath import TALLIED_ONLY, TWO_CAUSES, UNREAD_TESTS
from remediate.triage.confidence import EVIDENCE
from remediate.triage.patterns import OWN_MODULE
from remediate.triage.verdict import COMPILED, IMAGE_BUILD, NATIVE, REPORTS_ONLY
from tests.facts import framing

DATA = Path(__file__).parent.parent / "facts" / "data"


def outcome(label: str, rules: str, specialist: str, decided: bool = True) -> Outcome:
    return Outcome(Item("set", f"set/repo/{label}", "x.log", label), rules, decided, rules, specialist=specialist)


def test_every_label_calls_for_one_specialist_or_none() -> None:
    assert LABEL_SPECIALIST["lint"] == "lint"  # lint and format: the lint specialist's
    assert LABEL_SPECIALIST["compile_build"] == "build" and LABEL_SPECIALIST["dependency"] == "dependencies"
    assert LABEL_SPECIALIST["infra_flaky_timeout"] == LABEL_SPECIALIST["other"] == "none"


def test_a_label_convention_that_runs_the_same_specialist_is_not_a_misroute() -> None:
    score = Score("set")
    for o in (
        outcome("other", "infra_flaky_timeout", "none"),  # neither runs a specialist: right for routing
        outcome("compile_build", "dependency", "dependencies"),  # another specialist runs: wrong
        outcome("test", "test", "tests"),
        outcome("test", "lint", "lint", decided=False),  # not decided: not counted
    ):
        score.add(o)
    assert score.decided == 3 and score.decided_correct == 1
    assert score.by_specialist == {("none", True): 1, ("dependencies", False): 1, ("tests", True): 1}
    table = specialist_table([score])
    assert "| set | dependencies | dependency | dependency | 1 | 0% (0) |" in table
    assert "| set | all | | | 3 | 67% (2); label precision 33% (1) |" in table


def test_decided_share_and_precision_by_label() -> None:
    score = Score("set")
    for o in (
        outcome("test", "test", "tests"),
        outcome("test", "dependency", "dependencies"),  # decided, wrong
        outcome("test", "test", "tests", decided=False),
        outcome("lint", "lint", "lint", decided=False),
    ):
        score.add(o)
    table = label_table([score])
    assert "| set | test | 3 | 67% (2) | 50% (1) |" in table
    assert "| set | lint | 1 | 0% (0) | - (0) |" in table


def test_decisions_are_reported_by_the_dataset_s_own_class_before_the_mapping() -> None:
    def own(own_label: str, label: str, rules: str, decided: bool = True) -> Outcome:
        item = Item("logdx-ci", f"logdx/{own_label}", "x.log", label, own_label=own_label)
        return Outcome(item, rules, decided, rules)

    table = own_label_table(
        [
            own("permission_or_secret", "config", "infra_flaky_timeout"),
            own("permission_or_secret", "config", "config"),
            own("permission_or_secret", "config", "config", decided=False),
            own("github_actions_config", "config", "config"),
            outcome("test", "test", "tests"),  # no own class: not listed
        ]
    )
    assert "| logdx-ci | permission_or_secret | config | 3 | 2 | 1 | infra_flaky_timeout 1 |" in table
    assert "| logdx-ci | github_actions_config | config | 1 | 1 | 1 | - |" in table
    assert len(table.splitlines()) == 4  # the header, its rule and the two classes
    assert own_label_table([outcome("test", "test", "tests")]) == ""


def test_undecided_logs_are_grouped_by_why_the_rules_abstained() -> None:
    lint = Signal(Category.LINT, 0.8, "a linter's finding", "records")
    met = Signal(Category.INFRA, 0.9, "every failing test's own report says it met ...", "pattern", rule="tests-infra")
    limit = Signal(
        Category.INFRA, 0.9, "the test runner stopped its whole run at its time limit", "pattern", rule="run-timeout"
    )
    waived = replace(limit, discounted=True)
    own = Signal(Category.TEST, 0.9, "... the job's own service (127.0.0.1)", "pattern", rule="tests-own-service")
    keyword = {k: 0.0 for k in EVIDENCE} | {"keywords": 1.0}
    typed = {k: 0.0 for k in EVIDENCE} | {"typed": 1.0}
    cases = [
        (RuleVerdict(Category.UNKNOWN, 0.0, False, "no signal in the facts"), 0),
        (RuleVerdict(Category.UNKNOWN, 0.1, False, "x", signals=(lint,)), 1),
        (
            RuleVerdict(
                Category.LINT,
                0.2,
                False,
                "y; test (0.60) is as likely, from records or failing tests of another "
                "step: two failures, not sure which one to fix",
                signals=(lint,),
                evidence=typed,
            ),
            2,
        ),
        (RuleVerdict(Category.LINT, 0.36, False, "z", signals=(lint,), evidence=keyword), 3),
        (RuleVerdict(Category.LINT, 0.5, False, "z", signals=(lint,), evidence=typed | {"rival": 0.6}), 4),
        (RuleVerdict(Category.LINT, 0.6, False, "z", signals=(lint,), evidence=typed), 5),
        (RuleVerdict(Category.BUILD, 0.5, False, f"z; {NATIVE}", signals=(lint,), evidence=typed), 6),
        (RuleVerdict(Category.DOCKERFILE, 0.5, False, f"z; {IMAGE_BUILD}", signals=(lint,), evidence=typed), 7),
        (RuleVerdict(Category.DEPENDENCY, 0.5, False, f"z; {COMPILED}", signals=(lint,), evidence=typed), 8),
        (RuleVerdict(Category.TEST, 0.5, False, f"z; {OWN_MODULE}", signals=(lint,), evidence=typed), 9),
        (RuleVerdict(Category.TEST, 0.9, False, f"z; some say x, {TWO_CAUSES}", signals=(lint,), evidence=typed), 11),
        (RuleVerdict(Category.TEST, 0.9, False, f"z; {TALLIED_ONLY} (config)", signals=(lint,), evidence=keyword), 12),
        (RuleVerdict(Category.INFRA, 0.23, False, "z", signals=(met,), evidence=keyword), 13),
        (RuleVerdict(Category.TEST, 0.77, False, "z", signals=(own,), evidence=typed), 21),
        (RuleVerdict(Category.INFRA, 0.36, False, "z", signals=(limit,), evidence=keyword), 15),
        (RuleVerdict(Category.CONFIG, 0.88, False, f"z; {UNREAD_TESTS} (config)", signals=(lint,), evidence=typed), 16),
        # a limit's rule weighed down (it does not explain the failure) names nothing: the evidence decides the reason
        (RuleVerdict(Category.INFRA, 0.36, False, "z", signals=(waived,), evidence=keyword), 3),
        # a status check's job: named whatever its words score, signals or none
        (RuleVerdict(Category.UNKNOWN, 0.0, False, f"{REPORTS_ONLY} (x): y", signals=(lint,), evidence=typed), 22),
        (RuleVerdict(Category.UNKNOWN, 0.0, False, f"{REPORTS_ONLY} (x): y"), 22),
    ]
    assert [why_undecided(v) for v, _ in cases] == [ABSTAINED[i] for _, i in cases]
    undecided = [
        Outcome(
            Item("logchunks", f"logchunks/{repo}/{n}", "x.log", "lint", split="dev"), "lint", False, "lint", why=why
        )
        for n, (repo, why) in enumerate(
            [("a", ABSTAINED[3]), ("a", ABSTAINED[3]), ("b", ABSTAINED[3]), ("c", ABSTAINED[0])]
        )
    ]
    table = abstention_table(undecided)
    assert f"| {ABSTAINED[3]} | 3 | 2 | lint 3 |" in table and f"| {ABSTAINED[0]} | 1 | 1 | lint 1 |" in table
    # Held out, the same table of aggregates (no log's content), from the held-out outcomes only.
    held = [replace(o, item=replace(o.item, split="heldout")) for o in undecided[:2]]
    table = abstention_table([*undecided, *held], "heldout")
    assert "(held out)" in table and f"| {ABSTAINED[3]} | 2 | 1 | lint 2 |" in table and ABSTAINED[0] not in table


def test_decisions_are_counted_by_each_rule_and_repository_behind_them() -> None:
    def decision(repo: str, label: str, specialist: str, rules: list[str], counted: bool = True) -> Outcome:
        item = Item("logchunks", f"logchunks/{repo}/{len(rules)}{label}", "x.log", label, split="dev")
        return Outcome(item, label, counted, label, specialist=specialist, vouching=rules, open_decided=True)

    outcomes = [
        decision("a", "test", "tests", ["tests:test", "facts:test"]),
        decision("b", "test", "tests", ["tests:test"]),
        # a pattern seen deciding in one repository only, once wrong: not attested
        decision("c", "test", "dockerfile", ["pattern:image-build"], counted=False),
        decision("c", "container_build", "dockerfile", ["pattern:image-build", "facts:dockerfile"], counted=False),
        # a pattern right in two repositories: attested
        decision("a", "config", "config", ["pattern:shell-exit"]),
        decision("d", "config", "config", ["pattern:shell-exit"]),
    ]
    table = rule_table(outcomes)
    assert "| tests:test | 2 | 2 | 2 | 2 | yes |" in table
    assert "| pattern:image-build | 2 | 1 | 1 | 0 | no |" in table
    assert attested(outcomes) == ["pattern:shell-exit"]
    # Held out, the same table from the held-out outcomes only (an unattested rule shows what it would decide).
    held = [replace(o, item=replace(o.item, split="heldout")) for o in outcomes[1:]]
    table = rule_table([*outcomes[:1], *held], "heldout")
    assert "(held out)" in table and "| tests:test | 1 | 1 | 1 | 1 | yes |" in table
    assert "| pattern:image-build | 2 | 1 | 1 | 0 | no |" in table
    # Held-out outcomes are a report: they never attest a rule.
    assert attested(held) == [] and attested([*outcomes[:1], *held]) == []
    # Held-out outcomes are a report: they never attest a rule.
    assert attested(held) == [] and attested([*outcomes[:1], *held]) == []


def test_the_attestation_out_of_fold_scores_each_repository_with_the_others_patterns() -> None:
    def log(repo: str, n: int, right: bool, direct: bool) -> Outcome:
        item = Item("logchunks", f"logchunks/{repo}/{n}", "x.log", "config", split="dev")
        specialist = "config" if right else "tests"
        return Outcome(
            item,
            "config",
            True,
            "config",
            specialist=specialist,
            vouching=["pattern:shell-exit"],
            open_decided=True,
            direct_decided=direct,
        )

    # shell-exit right in two repositories: each one's logs see it attested by one other only
    two = [log("a", 1, True, False), log("b", 2, True, False)]
    assert attested(two) == ["pattern:shell-exit"] and attested(two, "a") == []
    assert "decided 0% (0/2)" in attestation_out_of_fold(two)
    three = [*two, log("c", 3, True, False)]
    assert "decided 100% (3/3) at 100% (3 right)" in attestation_out_of_fold(three)


def test_a_failing_command_s_kind_is_counted_by_where_it_comes_from() -> None:
    """The CI line's command and what its wrapper ran, each: logs, how often its kind is the label, over
    how many repositories, and among the logs the rules left to the command and keywords alone."""

    def log(repo: str, label: str, commands: list[tuple[str, str]], why: str = "", split: str = "dev") -> Outcome:
        item = Item("logchunks", f"logchunks/{repo}/{label}{len(commands)}", "x.log", label, split=split)
        return Outcome(item, label, not why, label, why=why, commands=commands)

    outcomes = [
        log("a", "test", [("command:test", "test")]),
        log("b", "lint", [("command:test", "test"), ("command:ran-lint", "lint")], ABSTAINED[3]),
        log("c", "infra_flaky_timeout", [("command:ran-test", "test")], ABSTAINED[3]),
        log("d", "other", []),
        log("e", "lint", [("command:ran-lint", "lint")], ABSTAINED[3], split="heldout"),
    ]
    table = command_table(outcomes)
    assert "| the failing line itself | 2 | 1 | 2 | 1 | 0 |" in table
    assert "| what the line's wrapper ran | 2 | 1 | 2 | 2 | 1 |" in table
    held = command_table(outcomes, "heldout")
    assert "(held out)" in held and "| what the line's wrapper ran | 1 | 1 | 1 | 1 | 1 |" in held
    assert "the failing line itself" not in held


def test_the_held_out_proxy_scores_a_log_without_its_own_tools_parsers(tmp_path: Path) -> None:
    """--proxy: the same log, its own tools' parser modules left out (real pytest output): the failing tests
    its parser read are gone, the modules left out are recorded on the outcome. Run by a project's script whose
    name says nothing (`./ci/run.sh`): pytest's own report (facts/runnerreports.py: its banners) names the runner,
    so the generic reading of a runner's failing tests still reads them without pytest's parser."""
    log = tmp_path / "job.log"
    log.write_bytes(framing.github_actions("./ci/run.sh", (DATA / "pytest_failures.txt").read_text()))
    item = Item("logchunks", "logchunks/repo/1", str(log), "test", split="dev")
    full, proxy = classify(item), classify_proxy(item)
    assert full.left_out is None and full.failing_tests > 0
    assert proxy.left_out == ["pytest"] and proxy.failing_tests == full.failing_tests
    assert proxy.decided and proxy.rules == "test"


def test_the_proxy_report_counts_modules_rules_abstentions_and_wrong_decisions() -> None:
    def log(n: int, label: str, rules: str, decided: bool, left_out: list[str], vouching: list[str]) -> Outcome:
        item = Item("logchunks", f"logchunks/r{n}/{n}", "x.log", label, split="dev")
        why = "" if decided else ABSTAINED[0]
        specialist = LABEL_SPECIALIST[rules]
        return Outcome(
            item, rules, decided, rules, specialist=specialist, why=why, vouching=vouching, left_out=left_out
        )

    proxy = [
        log(1, "test", "test", True, ["pytest"], ["summary:test"]),
        log(2, "lint", "test", True, ["eslint"], ["summary:test", "command:test"]),
        log(3, "lint", "other", False, ["pytest", "eslint"], []),
        log(4, "other", "other", False, [], []),
    ]
    score = proxy_score(proxy)
    assert (score.name, score.n, score.decided, score.decided_correct) == (PROXY, 4, 2, 1)
    report = proxy_report(proxy)
    assert "1 of 4 logs had no module to leave out; left out most: pytest 2, eslint 2" in report
    assert "| summary:test | 2 | 1 |" in report and "| command:test | 1 | 0 |" in report
    assert f"| {ABSTAINED[0]} | 2 | 2 | lint 1, other 1 |" in report and "(held-out proxy)" in report
    assert "proxy wrong: logchunks/r2/2 lint as test (summary:test, command:test)" in report
