"""Triage accuracy: the rules alone (no model) on the fixtures and on labelled real CI logs;
rules + the triage micro-agent when an API key is present.

    .venv/bin/python bench/triage.py [DATASETS] [--dev] [--proxy] [--fit] [--with-model] [--json]

--dev scores the fixtures and LogChunks' dev half only (while developing: the held-out sets are
measured once, at the end). On a held-out run the abstention and decided-by-rule tables are printed for
the held-out half too, as a report only: rules are attested and thresholds fitted on the dev half
alone, never on held-out outcomes (that would make the held-out half training data).
--proxy adds the held-out proxy: the dev half scored again with each log's own tools' parser modules
left out (extract.modules_reading: those whose parsers read records, failing tests or a summary in it;
extract_facts' leave_out), as the held-out half's tools no parser reads would be. Its target: >= 97%.
--fit fits the rules' calibrated confidence on LogChunks' dev half
(remediate.evals.calibration: a logistic model over the evidence features, every repository
weighted alike) and prints the CALIBRATION block for remediate/triage/confidence.py. The threshold comes from
out-of-fold confidences: leave one repository out and leave one language out (the stricter), since
the logs it will meet come from repositories nobody fitted on; 10 folds by log are printed beside
them for comparison (optimistic: a repository's other logs train the model that scores it), and the
out-of-fold estimate of the shipped and the refit thresholds (what each decides on the leave-one-repository-out
confidences: a refit is worth shipping only if it keeps that precision and share). --fit-on LABELS fits on
another labelled set instead, one JSON object a line: {"log": path (relative to the file),
"label": one of the datasets' classes (test, lint, type_check, compile_build, dependency,
container_build, sql_data_model, config, infra_flaky_timeout, other), "group": the repository,
"language": optional}. A set of logs no parser was written against is what the calibration
needs (the dev half is where the parsers were developed: see docs/benchmarks.md).

Fixtures: each case.toml names its category; the rules see the log, the project and the
check command, exactly as `remediate fix` does.

Datasets (read each README there): LogDx-CI (`failure_class_mapped`) and LogChunks
(`failure_class_helper`), logs whose file is present. CiDiff has no class labels and is not
scored. The datasets' classes differ from ours; the mapping is explicit (CATEGORY_TO_LABEL):
format counts as lint, our `build` is their `compile_build`, `dockerfile` their
`container_build`, `infra` their `infra_flaky_timeout`, `unknown` their `other`. No check
command is known for dataset logs, so the rules see only the log (and its failing command).
The labels are one annotator's (LogChunks) or LLM-drafted, author-verified (LogDx-CI):
numbers are reported, not tuned against; nothing here is dataset-specific.

Reported per set: n; rules' top guess accuracy over all logs; coverage (share the rules decide
alone, with no model) and accuracy (precision) on that share; and, for reference, the facts
classifier's own category accuracy (what the rules start from); the same share and precision by
the dataset's label and by the specialist a decision runs; LogDx-CI's logs by its own class
before the mapping (`failure_category`: permission_or_secret and github_actions_config are both
our config), so a wrong decision that sits in one joined class shows; then the most common
confusions.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import anthropic
import anyio

from remediate.evals.calibration import (
    Choice,
    FloorRow,
    Row,
    choose_floor,
    choose_threshold,
    decisions_at,
    fit,
    out_of_fold,
)
from remediate.evals.cases import load_cases
from remediate.evals.datasets import CATEGORY_TO_LABEL, logchunks_dev
from remediate.facts import extract_facts
from remediate.facts.extract import modules_reading
from remediate.models import Category, Facts
from remediate.triage import CALIBRATION, RuleVerdict, rule_verdict, same_route, specialist_for
from remediate.triage.agent import NO_SPECIALIST
from remediate.triage.beneath import (
    TALLIED_ONLY,
    TWO_CAUSES,
    UNREAD_TESTS,
    own_service_named,
)
from remediate.triage.commands import RAN_RULE
from remediate.triage.confidence import ATTESTING_REPOSITORIES, DIRECT, EVIDENCE, PRIOR, PRIOR_STRENGTH, attestable
from remediate.triage.exits import STOPPED_RULES
from remediate.triage.patterns import OWN_MODULE
from remediate.triage.reports import TESTS_INFRA_RULE, TESTS_LIMIT_RULE
from remediate.triage.verdict import (
    CHECKERS_APART,
    COMPILED,
    GATE_ALONE,
    IMAGE_BUILD,
    INFRA_ALONE,
    INSTALLED_CODE,
    NATIVE,
    NOBODY_BESIDE,
    REPORTS_ONLY,
    SANITIZER_ALONE,
)

ROOT = Path(__file__).resolve().parent.parent
DATASETS = (
    ("logdx-ci", "logdx-ci.jsonl", "failure_class_mapped"),
    ("logchunks", "logchunks.jsonl", "failure_class_helper"),
)


def _specialist_name(category: Category) -> str:
    specialist = specialist_for(category)
    return specialist.name if specialist is not None else NO_SPECIALIST


def _label_specialists() -> dict[str, str]:
    """Which specialist a label calls for: the one that handles its categories (CATEGORY_TO_LABEL
    read backwards; format and lint are both the lint specialist's, infra and other are nobody's)."""
    out: dict[str, str] = {}
    for category, label in CATEGORY_TO_LABEL.items():
        name = _specialist_name(category)
        if out.setdefault(label, name) != name:
            raise ValueError(f"label {label!r} maps to the specialists {out[label]!r} and {name!r}")
    return out


# A decision is right for the specialist when the specialist it runs is the one the label calls for:
# a labelling convention that splits what one specialist fixes (infra vs other) is not a misroute.
LABEL_SPECIALIST = _label_specialists()
SPECIALIST_CATEGORIES: dict[str, list[str]] = {}
for _category in Category:
    SPECIALIST_CATEGORIES.setdefault(_specialist_name(_category), []).append(_category.value)


@dataclass(frozen=True)
class Item:
    dataset: str
    id: str
    log: str
    label: str
    source: str | None = None
    check: str | None = None
    split: str = "heldout"  # LogChunks' dev half (by repository) is "dev": the calibration set
    language: str = ""  # LogChunks' language of the repository
    own_label: str = ""  # the dataset's own class before our mapping (LogDx-CI's failure_category)


@dataclass
class Outcome:
    item: Item
    rules: str
    decided: bool
    facts: str
    model: str | None = None
    confidence: float = 0.0
    evidence: dict[str, float] = field(default_factory=dict)
    unknown: bool = False  # the rules found no category at all
    specialist: str = NO_SPECIALIST  # the specialist the rules' category runs
    failing_tests: int = 0  # failing tests the facts list (the fallback's default route when > 0)
    why: str = ""  # why the rules abstained (ABSTAINED), "" when they decided
    # the rules behind the route (Signal.name of each signal vouching for it: same route, not weighed down)
    vouching: list[str] = field(default_factory=list)
    open_decided: bool = False  # whether the rules decide when every failure pattern counts (attested=None)
    direct_decided: bool = False  # whether they decide when only the DIRECT patterns count
    # the command evidence that counts (Signal.name, the label its category is): the CI line's, what its wrapper ran
    commands: list[tuple[str, str]] = field(default_factory=list)
    # the held-out proxy (--proxy): the parser modules left out, those that read the log's own tools
    left_out: list[str] | None = None


@dataclass
class Score:
    name: str
    n: int = 0
    top_correct: int = 0
    decided: int = 0
    decided_correct: int = 0
    facts_correct: int = 0
    with_model_correct: int | None = None
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    decided_confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    # decisions by the specialist they run: (specialist, whether the label calls for it) -> logs
    by_specialist: Counter[tuple[str, bool]] = field(default_factory=Counter)
    # logs by their label: (label, decided, right) -> logs
    by_label: Counter[tuple[str, bool, bool]] = field(default_factory=Counter)

    def add(self, o: Outcome) -> None:
        self.n += 1
        ok = o.rules == o.item.label
        self.top_correct += ok
        self.decided += o.decided
        self.decided_correct += ok and o.decided
        self.facts_correct += o.facts == o.item.label
        self.by_label[(o.item.label, o.decided, ok)] += 1
        if o.decided:
            self.by_specialist[(o.specialist, LABEL_SPECIALIST[o.item.label] == o.specialist)] += 1
        if o.model is not None:
            self.with_model_correct = (self.with_model_correct or 0) + (o.model == o.item.label)
        if not ok:
            self.confusions[(o.item.label, o.rules)] += 1
            if o.decided:
                self.decided_confusions[(o.item.label, o.rules)] += 1


def fixture_items() -> Iterator[Item]:
    for case in load_cases(ROOT / "fixtures"):
        label = CATEGORY_TO_LABEL[case.spec.category]
        yield Item("fixtures", case.id, str(case.log), label, str(case.source), case.spec.check)


def dataset_items(root: Path, dev_only: bool = False) -> Iterator[Item]:
    for folder, index, key in DATASETS:
        if dev_only and folder != "logchunks":
            continue
        path = root / folder / index
        if not path.is_file():
            print(f"skipped {folder}: {path} not found", file=sys.stderr)
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record.get("log_included") and record.get("log_path") and record.get(key):
                split = "dev" if folder == "logchunks" and logchunks_dev(record.get("repo", "")) else "heldout"
                if dev_only and split != "dev":
                    continue
                log = str(root / folder / record["log_path"])
                yield Item(
                    folder,
                    record["id"],
                    log,
                    record[key],
                    split=split,
                    language=record.get("language", ""),
                    own_label=record.get("failure_category", ""),
                )


def fit_on_items(path: Path) -> list[Item]:
    """A labelled calibration set (see --fit-on); every problem is found before any work starts."""
    labels = set(CATEGORY_TO_LABEL.values())
    items: list[Item] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            log, label, group = path.parent / record["log"], record["label"], str(record["group"])
        except (ValueError, KeyError, TypeError) as exc:
            raise SystemExit(f"{path}:{n}: not a calibration record ({exc!r}); see --help") from None
        if label not in labels:
            raise SystemExit(f"{path}:{n}: label {label!r} is not one of {', '.join(sorted(labels))}")
        if not log.is_file():
            raise SystemExit(f"{path}:{n}: log not found: {log}")
        language = str(record.get("language") or group)
        items.append(Item("fit-on", f"fit-on/{group}/{n}", str(log), label, split="dev", language=language))
    if not items:
        raise SystemExit(f"{path}: no calibration records")
    return items


def _facts(item: Item, leave_out: frozenset[str] = frozenset()) -> Facts:
    return extract_facts(Path(item.log), source=Path(item.source) if item.source else None, leave_out=leave_out)


def classify_proxy(item: Item) -> Outcome:
    """The log scored as one of tools no parser knows: its own tools' parser modules left out
    (extract.modules_reading: those that read records, failing tests or a summary in it)."""
    left_out = modules_reading(Path(item.log))
    return replace(classify(item, left_out), left_out=sorted(left_out))


def classify(item: Item, leave_out: frozenset[str] = frozenset()) -> Outcome:
    facts = _facts(item, leave_out)
    verdict = rule_verdict(facts, item.check)
    every = rule_verdict(facts, item.check, replace(CALIBRATION, attested=None))
    direct = rule_verdict(facts, item.check, replace(CALIBRATION, attested=DIRECT))
    rules, decided = CATEGORY_TO_LABEL[verdict.category], verdict.decided
    # a check no specialist fixes is a category found (records:unknown); no signal of any category is none
    unknown = verdict.category is Category.UNKNOWN and not any(s.category is Category.UNKNOWN for s in verdict.signals)
    facts_label = CATEGORY_TO_LABEL[facts.category]
    specialist = _specialist_name(verdict.category)
    return Outcome(
        item,
        rules,
        decided,
        facts_label,
        None,
        verdict.confidence,
        verdict.evidence,
        unknown,
        specialist,
        len(facts.failing_tests),
        "" if decided else why_undecided(verdict),
        vouching(verdict),
        every.decided,
        direct.decided,
        [(s.name, CATEGORY_TO_LABEL[s.category]) for s in verdict.signals if s.kind == "command" and not s.discounted],
    )


def vouching(verdict: RuleVerdict) -> list[str]:
    """The rules whose signals vouch for the verdict's route (Signal.name), each once, in signal order."""
    names = (s.name for s in verdict.signals if same_route(s.category, verdict.category) and not s.discounted)
    return list(dict.fromkeys(names))


def _decisions_by_rule(outcomes: list[Outcome], split: str = "dev") -> dict[str, list[Outcome]]:
    """LogChunks' decisions of one half with every attestable rule counted (attested=None: what attestation
    chooses from, on the dev half only), by each rule vouching for them (Signal.name). Held out
    (aggregates only), the same table reports which rules decide right or wrong on unseen repositories:
    a report, never an input to attestation or fitting."""
    mine = [o for o in outcomes if o.item.split == split and o.item.dataset == "logchunks"]
    decided = [o for o in mine if o.open_decided]
    by_rule: dict[str, list[Outcome]] = {}
    for o in decided:
        for name in o.vouching:
            by_rule.setdefault(name, []).append(o)
    return by_rule


def rule_table(outcomes: list[Outcome], split: str = "dev") -> str:
    """The dev half's decisions (every failure pattern counted) by each rule vouching for them: how
    many, how many right, over how many repositories, how many of those saw only right ones, and
    whether the rule counts towards a decision (triage.CALIBRATION.vouches). A rule whose decisions
    come from one repository is that repository's pattern: its precision says nothing of new projects."""
    rows = [
        f"| rule vouching for a decision ({_HALVES[split]}) | decided | right | repositories | repositories all right "
        "| counts |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, mine in sorted(_decisions_by_rule(outcomes, split).items(), key=lambda kv: (-len(kv[1]), kv[0])):
        right = [o for o in mine if _right(o)]
        repos = {_repository(o.item) for o in mine}
        wrong_repos = {_repository(o.item) for o in mine if not _right(o)}
        counts = "yes" if CALIBRATION.vouches(name) else "no"
        rows.append(f"| {name} | {len(mine)} | {len(right)} | {len(repos)} | {len(repos - wrong_repos)} | {counts} |")
    return "\n".join(rows)


def attested(outcomes: list[Outcome], without: str | None = None) -> list[str]:
    """The failure patterns whose decisions the dev half shows right in at least ATTESTING_REPOSITORIES
    repositories (triage.ATTESTED, beside the DIRECT ones), leaving out the repository `without`."""
    out = []
    for name, mine in sorted(_decisions_by_rule(outcomes, "dev").items()):  # never held out
        repos = {_repository(o.item) for o in mine if _right(o)} - {without}
        if attestable(name) and len(repos) >= ATTESTING_REPOSITORIES:
            out.append(name)
    return out


def attestation_out_of_fold(outcomes: list[Outcome]) -> str:
    """The dev half's decisions with the attestation itself out of fold: each repository's logs decided
    with the patterns the other repositories attest (as a new project's would be). A log decides as
    with every pattern counted when a pattern vouching for it is attested or DIRECT, else as with the
    DIRECT ones only (the pattern evidence is one feature: present or not)."""
    dev = [o for o in outcomes if o.item.split == "dev" and o.item.dataset == "logchunks"]
    decided = right = 0
    for o in dev:
        counted = DIRECT | set(attested(outcomes, _repository(o.item)))
        patterns = {n for n in o.vouching if attestable(n)}
        decides = o.open_decided if patterns & counted else o.direct_decided
        decided += decides
        right += decides and _right(o)
    return (
        f"attestation out of fold by repository (dev half): decided {pct(decided, len(dev))} ({decided}/{len(dev)}) "
        f"at {pct(right, decided)} ({right} right)"
    )


def _right(o: Outcome) -> bool:
    """The decision runs the specialist the label calls for."""
    return LABEL_SPECIALIST[o.item.label] == o.specialist


# Why the rules abstained, from what their verdict holds, most telling first.
ABSTAINED: tuple[str, ...] = (
    "no signal: no parsed record, pattern, known command or classified keyword",
    "only evidence of no category (unknown)",
    "two failures from different CI steps (the other one close, or itself sure)",
    "keyword lines or the command only (no tool's record, failing test or failure pattern)",
    "another category's evidence competes",
    "records or tests of a kind the calibration finds right too rarely",
    "a missing native header or library only (a package or the build's set-up: not sure which)",
    "an image build's failure only, not its Dockerfile's text (a build output, .dockerignore, a tag, a registry)",
    "a third-party module a compiler did not find only (a dependency or the build's set-up: not sure which)",
    "the project's own module not found where it ran (its installation, a path or a rename: not sure which)",
    "a compiler's errors in a third party's installed code only (the dependency's or the toolchain's version)",
    "some failing tests fail on a cause that is not a test (a config file, a linter as a test), others on their own",
    "only a summary or unreported failing tests count the failures, and the log names another cause (records or a "
    "failure pattern)",
    # the datasets disagree on such runs: LogChunks' dev half labels them test, LogDx-CI infra
    "a test run whose failing tests all met the infrastructure (a service, DNS, TLS, a 5xx, a full disk): "
    "datasets label such runs test or infra",
    "a check no specialist fixes (a link checker, a size budget) beside a failure a specialist fixes",
    # LogDx-CI's infra_flaky_timeout holds such runs
    "a job, run or process stopped at a time limit, killed, cancelled or failed on flakes, or the CI's checkout "
    "refused (infra named, never alone)",
    "a test summary counts failing tests no parser read, beside another category's records or pattern",
    "a coverage gate alone, its tests passed (met by adding tests, which no specialist may write)",
    # LogChunks' dev half labels such runs test in one repository only (neovim's after_each reading the ASan log)
    "a sanitizer's report alone, no failing test counted (a test run or a program's run: the dev half is too thin)",
    # LogChunks' dev half labels such runs test (ExUnit's `test timed out after`), LogDx-CI timeout_or_oom
    "a test run whose failing tests all ended at their own time limit, no assertion failed: datasets label such runs "
    "test or infra",
    "a linter's and a type checker's findings both in the failing output (pre-commit, make -k): not sure which",
    # the test run's own failure, its fix maybe the CI's service definitions (beneath.TESTS_OWN_SERVICE_RULE)
    "a test run whose failing tests all could not reach the job's own service (localhost, a container's name): "
    "named test, never alone",
    "a job that only reports the results of the jobs it needs (a required status check): the cause is another job's",
)


# What the verdict's reason says when the rules abstained for a reason of their own (the words rule_verdict
# gives it), and which ABSTAINED reason that is, the first that holds wins.
_SAID_BY_VERDICT: tuple[tuple[str, int], ...] = (
    ("of another step: two failures", 2),
    (NATIVE, 6),
    (IMAGE_BUILD, 7),
    (COMPILED, 8),
    (OWN_MODULE, 9),
    (INSTALLED_CODE, 10),
    (TWO_CAUSES, 11),
    (TALLIED_ONLY, 12),
    (NOBODY_BESIDE, 14),
    (UNREAD_TESTS, 16),
    (INFRA_ALONE, 15),
    (GATE_ALONE, 17),
    (CHECKERS_APART, 20),
    (SANITIZER_ALONE, 18),
)


def why_undecided(verdict: RuleVerdict) -> str:
    """The reason of ABSTAINED that holds for an undecided verdict, the most telling first."""
    ev = verdict.evidence
    if REPORTS_ONLY in verdict.reason:  # whatever its words score (verdict.reports_elsewhere)
        return ABSTAINED[22]
    if not verdict.signals:  # but a sanitizer's report, named with no signal (verdict._sanitizer_named)
        return ABSTAINED[18] if SANITIZER_ALONE in verdict.reason else ABSTAINED[0]
    if verdict.category is Category.UNKNOWN and not any(s.category is Category.UNKNOWN for s in verdict.signals):
        return ABSTAINED[1]
    if verdict.category is Category.INFRA and any(s.name == f"pattern:{TESTS_INFRA_RULE}" for s in verdict.signals):
        return ABSTAINED[13]
    if own_service_named(verdict.signals, verdict.category) is not None:
        return ABSTAINED[21]
    if verdict.category is Category.INFRA and any(s.name == f"pattern:{TESTS_LIMIT_RULE}" for s in verdict.signals):
        return ABSTAINED[19]
    if verdict.category is Category.INFRA and any(
        s.name in STOPPED_RULES and not s.discounted for s in verdict.signals
    ):
        return ABSTAINED[15]
    for said, why in _SAID_BY_VERDICT:
        if said in verdict.reason:
            return ABSTAINED[why]
    if not any(ev.get(k) for k in ("step_records", "records", "typed", "tests", "summary", "pattern")):
        return ABSTAINED[3]
    return ABSTAINED[4] if ev.get("rival") else ABSTAINED[5]


# LogChunks' halves as the tables name them.
_HALVES = {"dev": "dev half", "heldout": "held out"}


def abstention_table(outcomes: list[Outcome], split: str = "dev") -> str:
    """LogChunks' undecided logs of one half by why the rules abstained: logs, repositories, labels."""
    rows = [f"| why the rules abstained ({_HALVES[split]}) | logs | repositories | labels |", "|---|---:|---:|---|"]
    undecided = [o for o in outcomes if o.item.split == split and o.item.dataset == "logchunks" and not o.decided]
    for why in ABSTAINED:
        mine = [o for o in undecided if o.why == why]
        if not mine:
            continue
        labels = Counter(o.item.label for o in mine).most_common()
        repos = len({_repository(o.item) for o in mine})
        rows.append(f"| {why} | {len(mine)} | {repos} | {', '.join(f'{k} {n}' for k, n in labels)} |")
    return "\n".join(rows)


def _command_source(name: str) -> str:
    return "what the line's wrapper ran" if name.startswith(f"command:{RAN_RULE}-") else "the failing line itself"


def command_table(outcomes: list[Outcome], split: str = "dev") -> str:
    """LogChunks' logs of one half whose failing command names a tool's kind, by where the command comes from
    (the CI's failing line, or what the wrapper that line names ran: Facts.ran_command): how often that kind
    is the label by itself, over how many repositories, and the same among the logs the rules left to the
    command and keywords alone (ABSTAINED[3]). Held out, aggregates only: a report of what a command alone is
    worth on unseen repositories (its weight is the calibration's "command"), never an input to the fit."""
    mine = [o for o in outcomes if o.item.split == split and o.item.dataset == "logchunks"]
    rows = [
        f"| failing command's kind ({_HALVES[split]}) | logs | the label | repositories | of those, command and "
        "keywords only | the label |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for source in ("the failing line itself", "what the line's wrapper ran"):
        said = [(o, label) for o in mine for name, label in o.commands if _command_source(name) == source]
        if not said:
            continue
        alone = [(o, label) for o, label in said if o.why == ABSTAINED[3]]
        right, alone_right = (sum(o.item.label == label for o, label in pairs) for pairs in (said, alone))
        repos = len({_repository(o.item) for o, _ in said})
        rows.append(f"| {source} | {len(said)} | {right} | {repos} | {len(alone)} | {alone_right} |")
    return "\n".join(rows)


# How the out-of-fold confidences are folded (see calibrate): by log is the optimistic one, shown for
# comparison; the others score each repository (or language) with a model that never saw it.
FOLDS: tuple[tuple[str, str], ...] = (
    ("log", "10 folds by log"),
    ("repository", "leave one repository out"),
    ("language", "leave one language out"),
)
HONEST = ("repository", "language")


def _fold_keys(dev: list[Outcome], by: str) -> tuple[list[str], int | None]:
    if by == "log":
        return [o.item.id for o in dev], 10
    if by == "language":
        return [o.item.language for o in dev], None
    return [_repository(o.item) for o in dev], None


def _repository(item: Item) -> str:
    return item.id.split("/")[1]


def calibrate(outcomes: list[Outcome], target: float = 0.95) -> list[str]:
    """Fit the rules' calibrated confidence on the calibration set (LogChunks' dev half, or the
    --fit-on set) and print it for triage/confidence.py. Out-of-fold choices by log (optimistic: a repository's
    other logs were seen), by repository and by language (new projects, tools no parser was written
    for); the shipped threshold is the stricter of the two honest ones."""
    dev = [o for o in outcomes if o.item.dataset in ("logchunks", "fit-on") and o.item.split == "dev"]
    name = "the --fit-on set" if any(o.item.dataset == "fit-on" for o in dev) else "LogChunks dev half"
    # "Right" means the rules' category is the label; finding no category is never right.
    rows = [Row(o.evidence, o.rules == o.item.label and not o.unknown, _repository(o.item)) for o in dev]
    model = fit(rows, EVIDENCE, PRIOR_STRENGTH, PRIOR)
    deployed = [model.predict(r.features) for r in rows]
    out = []
    choices: dict[str, Choice] = {}
    oof: dict[str, list[float]] = {}
    for by, how in FOLDS:
        keys, k = _fold_keys(dev, by)
        confidences = oof[by] = out_of_fold(rows, EVIDENCE, k, PRIOR_STRENGTH, PRIOR, keys)
        choice = choose_threshold(rows, confidences, target, deployed=deployed)
        if choice.threshold is None:
            out.append(f"out of fold ({how}): no threshold reaches {target:.0%} on {len(dev)} logs of {name}")
            continue
        choices[by] = choice
        out.append(
            f"out of fold ({how}, {len(set(keys))} keys, {len(rows)} logs of {name}): confidence >= "
            f"{choice.threshold:.3f} decides {choice.share:.0%} at {choice.precision:.1%} precision "
            f"({choice.group_precision:.1%} with every repository weighted alike; {choice.group_bound:.1%} one "
            f"standard error down with its {choice.repositories} repositories as the observations)"
            f"{_gap_text(choice, name)}"
        )
    honest = [choices[by] for by in HONEST if by in choices]
    if len(honest) < len(HONEST):
        return [*out, f"calibration: no threshold reaches {target:.0%} out of fold by repository and by language"]
    strict = max(honest, key=lambda c: c.threshold or 0.0)
    out += estimate_lines(dev, rows, oof["repository"], {"shipped": CALIBRATION.threshold, "refit": strict.threshold})
    repos = len({r.group for r in rows})
    out += floor_lines(dev, oof["repository"], name)
    weights = ", ".join(f'"{k}": {v}' for k, v in model.weights.items())
    return [
        *out,
        "CALIBRATION = Calibration(",
        f"    bias={model.bias},",
        f"    weights={{{weights}}},",
        f"    threshold={strict.threshold},",
        f'    basis="{name}, {len(rows)} logs of {repos} repositories; leave one repository/language out '
        f'{strict.share:.0%} decided at {strict.precision:.0%}",',
        ")",
    ]


# Why the rules abstain whatever the confidence (the evidence says what is absent or where the job stopped,
# or two steps failed): such logs are undecided out of fold too.
VETOED = frozenset(ABSTAINED[i] for i in (2, 6, 7, 8, 9))


def estimate_lines(
    dev: list[Outcome], rows: list[Row], confidences: list[float], thresholds: dict[str, float | None]
) -> list[str]:
    """The out-of-fold estimate of each threshold (the shipped one, the refit one): what it decides on the
    leave-one-repository-out confidences, the logs the rules abstain on whatever the confidence (VETOED)
    left undecided, as a new project's logs would be. A threshold is worth shipping only if this estimate
    keeps the precision and the decided share of the one shipped."""
    held = [0.0 if o.why in VETOED else c for o, c in zip(dev, confidences, strict=True)]
    out = []
    for name, threshold in thresholds.items():
        if threshold is None:
            continue
        c = decisions_at(rows, held, threshold)
        out.append(
            f"out-of-fold estimate ({name} threshold {threshold:.3f}, leave one repository out): decides "
            f"{c.share:.0%} ({c.decided}/{len(rows)}) at {c.precision:.1%} ({round(c.precision * c.decided)} right; "
            f"{c.group_precision:.1%} with every repository weighted alike, over {c.repositories} repositories)"
        )
    return out


def floor_rows(dev: list[Outcome], confidences: list[float], tests_fail: bool) -> list[FloorRow]:
    """The logs the shipped rules leave undecided and whose guess a specialist handles, each with its
    out-of-fold confidence: what the fallback chooses between (triage.fallback), apart by its default
    route: the tests specialist when tests fail (`tests_fail`), else no route."""
    tests = specialist_for(Category.TEST)
    default = tests.name if tests is not None and tests_fail else NO_SPECIALIST
    rows = []
    for o, confidence in zip(dev, confidences, strict=True):
        if o.decided or o.specialist == NO_SPECIALIST or bool(o.failing_tests) is not tests_fail:
            continue
        wanted = LABEL_SPECIALIST[o.item.label]
        rows.append(FloorRow(confidence, o.specialist == wanted, default == wanted, _repository(o.item)))
    return rows


# The fallback's two floors (triage/agent.py): over no route (no test failed) and over the tests specialist.
FLOORS = (("FALLBACK_FLOOR", False, "no route"), ("FALLBACK_OVER_TESTS", True, "the tests specialist"))


def floor_lines(dev: list[Outcome], confidences: list[float], name: str) -> list[str]:
    """The fallback floors (triage.FALLBACK_FLOOR, FALLBACK_OVER_TESTS), chosen on leave-one-repository-out
    confidences: the lowest confidence from which up the rules' guess beats the default route."""
    out = []
    for constant, tests_fail, default in FLOORS:
        floor = choose_floor(floor_rows(dev, confidences, tests_fail))
        logs = f"{floor.candidates} undecided logs of {name} with a specialist's guess and {default} as the default"
        if floor.floor is None:
            out += [f"{constant}: of {logs}, the guess never beats the default out of fold", f"{constant} = None"]
            continue
        out += [
            f"{constant} (leave one repository out; {logs}): from {floor.floor:.3f} up the guess runs the label's "
            f"specialist on {floor.guess_precision:.0%} of the {floor.guessed} logs there, {default} is right on "
            f"{floor.default_precision:.0%} (every repository weighted alike)",
            f"{constant} = {floor.floor}",
        ]
    return out


def _gap_text(choice: Choice, name: str) -> str:
    """Where the shipped model's confidences leave the out-of-fold threshold undetermined."""
    if choice.gap is None:
        return ""
    below, above = (f"{c:.3f}" if c is not None else "none" for c in choice.gap)
    moved = f"; moved up from {choice.oof_threshold:.3f}" if choice.oof_threshold != choice.threshold else ""
    return (
        f"; no log of {name} lies between the shipped model's confidences {below} and {above}, so any "
        f"threshold there decides the same logs: the upper end is taken{moved}"
    )


async def with_model(item: Item, model: str) -> str:
    """Rules + the triage micro-agent (live; needs ANTHROPIC_API_KEY)."""
    from remediate.client import ModelAccess, open_client
    from remediate.facts.redact import Redactor
    from remediate.triage import triage

    handle = open_client(ModelAccess(api_key=os.environ["ANTHROPIC_API_KEY"]), Redactor(), None)

    async def opener() -> anthropic.AsyncAnthropic:
        return handle.client

    try:
        result = await triage(_facts(item), check=item.check, open_client=opener, model=model)
    finally:
        await handle.aclose(model)
    return CATEGORY_TO_LABEL[result.category]


PROXY = "logchunks dev, own parsers left out"


def proxy_score(proxy: list[Outcome]) -> Score:
    score = Score(PROXY)
    for o in proxy:
        score.add(o)
    return score


def proxy_report(proxy: list[Outcome]) -> str:
    """The held-out proxy (--proxy): the dev half with each log's own tools' parser modules left out, as
    the held-out half's tools no parser reads would be. Which modules it left out how often, the rules
    vouching for its decisions (decided, right), why it abstained, and every wrong decision by log."""
    left = Counter(m for o in proxy for m in o.left_out or ())
    bare = sum(not o.left_out for o in proxy)
    rules: dict[str, list[Outcome]] = {}
    for o in proxy:
        for name in o.vouching if o.decided else ():
            rules.setdefault(name, []).append(o)
    rows = [
        f"held-out proxy ({PROXY}): {bare} of {len(proxy)} logs had no module to leave out; left out most: "
        + ", ".join(f"{m} {n}" for m, n in left.most_common(8)),
        "",
        "| rule vouching for a decision (held-out proxy) | decided | right |",
        "|---|---:|---:|",
    ]
    for name, mine in sorted(rules.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        rows.append(f"| {name} | {len(mine)} | {sum(_right(o) for o in mine)} |")
    rows += ["", abstention_table(proxy).replace("(dev half)", "(held-out proxy)")]
    wrong = [o for o in proxy if o.decided and o.rules != o.item.label]
    rows += [f"proxy wrong: {o.item.id} {o.item.label} as {o.rules} ({', '.join(o.vouching)})" for o in wrong]
    return "\n".join(rows)


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:.0f}%" if b else "-"


def table(scores: list[Score], model: bool) -> str:
    head = "| set | n | rules: top guess | rules decide alone | accuracy when they do | facts classifier |"
    sep = "|---|---:|---:|---:|---:|---:|"
    if model:
        head += " rules + model |"
        sep += "---:|"
    rows = [head, sep]
    for s in scores:
        row = (
            f"| {s.name} | {s.n} | {pct(s.top_correct, s.n)} ({s.top_correct}) | {pct(s.decided, s.n)} ({s.decided}) "
            f"| {pct(s.decided_correct, s.decided)} ({s.decided_correct}) | {pct(s.facts_correct, s.n)} |"
        )
        if model:
            row += f" {pct(s.with_model_correct or 0, s.n)} |"
        rows.append(row)
    return "\n".join(rows)


def label_table(scores: list[Score]) -> str:
    """By the dataset's label: how many logs, the share the rules decide alone, their precision there."""
    rows = ["| set | label | n | rules decide alone | right when they do |", "|---|---|---:|---:|---:|"]
    for s in scores:
        labels: Counter[str] = Counter()
        for (label, _, _), n in s.by_label.items():
            labels[label] += n
        for label, n in sorted(labels.items(), key=lambda kv: (-kv[1], kv[0])):
            decided = s.by_label[(label, True, True)] + s.by_label[(label, True, False)]
            right = s.by_label[(label, True, True)]
            rows.append(
                f"| {s.name} | {label} | {n} | {pct(decided, n)} ({decided}) | {pct(right, decided)} ({right}) |"
            )
    return "\n".join(rows)


def own_label_table(outcomes: list[Outcome]) -> str:
    """By the dataset's own class, before our mapping (LogDx-CI's failure_category): where the rules'
    wrong decisions sit, so that a mapping that joins what we keep apart shows as such. A report: the
    mapping is the dataset README's and stays so."""
    rows = [
        "| set | own class | mapped to | n | decided | right | wrong (decided as) |",
        "|---|---|---|---:|---:|---:|---|",
    ]
    groups: dict[tuple[str, str, str], list[Outcome]] = {}
    for o in outcomes:
        if o.item.own_label:
            groups.setdefault((o.item.dataset, o.item.own_label, o.item.label), []).append(o)
    for (dataset, own, label), group in sorted(groups.items(), key=lambda kv: (kv[0][0], -len(kv[1]), kv[0][1])):
        decided = [o for o in group if o.decided]
        wrong = Counter(o.rules for o in decided if o.rules != label)
        said = ", ".join(f"{guess} {n}" for guess, n in wrong.most_common()) or "-"
        right = len(decided) - sum(wrong.values())
        rows.append(f"| {dataset} | {own} | {label} | {len(group)} | {len(decided)} | {right} | {said} |")
    return "\n".join(rows) if len(rows) > 2 else ""


def specialist_table(scores: list[Score]) -> str:
    """Precision by the specialist a decision runs, beside the labels' precision: right when the
    specialist is the one the dataset's label calls for (LABEL_SPECIALIST)."""
    labels: dict[str, list[str]] = {}
    for label, name in LABEL_SPECIALIST.items():
        labels.setdefault(name, []).append(label)
    rows = [
        "| set | specialist the decision runs | for our categories | dataset labels calling for it "
        "| decided | runs the label's specialist |",
        "|---|---|---|---|---:|---:|",
    ]
    for s in scores:
        decided_by: Counter[str] = Counter()
        for (name, _), n in s.by_specialist.items():
            decided_by[name] += n
        for name, decided in decided_by.most_common():
            right = s.by_specialist[(name, True)]
            rows.append(
                f"| {s.name} | {name} | {', '.join(SPECIALIST_CATEGORIES.get(name, []))} | "
                f"{', '.join(labels.get(name, []))} | {decided} | {pct(right, decided)} ({right}) |"
            )
        right = sum(n for (_, ok), n in s.by_specialist.items() if ok)
        rows.append(
            f"| {s.name} | all | | | {s.decided} | {pct(right, s.decided)} ({right}); "
            f"label precision {pct(s.decided_correct, s.decided)} ({s.decided_correct}) |"
        )
    return "\n".join(rows)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("datasets", nargs="?", default=str(ROOT.parent / "shared" / "datasets"))
    parser.add_argument("--with-model", action="store_true", help="also rules + triage model (ANTHROPIC_API_KEY)")
    parser.add_argument("--model", default="claude-haiku-5-5")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--dev", action="store_true", help="the fixtures and LogChunks' dev half only")
    parser.add_argument("--fit", action="store_true", help="fit the calibrated confidence on the dev half")
    parser.add_argument("--fit-on", type=Path, help="fit it on this labelled set instead (see above)")
    parser.add_argument("--dump", type=Path, help="write every log's outcome here (JSON lines)")
    parser.add_argument("--proxy", action="store_true", help="also the held-out proxy on the dev half (see above)")
    args = parser.parse_args(argv)
    if args.fit_on is not None:
        args.fit = True
        items = [*fixture_items(), *fit_on_items(args.fit_on)]
    else:
        items = [*fixture_items(), *dataset_items(Path(args.datasets), args.dev or args.fit)]
    use_model = args.with_model and bool(os.environ.get("ANTHROPIC_API_KEY"))
    if args.with_model and not use_model:
        print("no ANTHROPIC_API_KEY: rules only", file=sys.stderr)
    with ProcessPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
        outcomes = list(pool.map(classify, items, chunksize=4))
        dev = [i for i in items if i.dataset == "logchunks" and i.split == "dev"] if args.proxy else []
        proxy = list(pool.map(classify_proxy, dev, chunksize=4))
    if args.dump:
        with args.dump.open("w") as fh:
            for o in outcomes + proxy:
                fh.write(json.dumps({**asdict(o.item), **{k: v for k, v in asdict(o).items() if k != "item"}}) + "\n")
    if use_model:
        for o in outcomes:
            o.model = o.rules if o.decided else anyio.run(with_model, o.item, args.model)
    scores: dict[str, Score] = {}
    for o in outcomes:
        scores.setdefault(o.item.dataset, Score(o.item.dataset)).add(o)
        if o.item.dataset == "logchunks":
            name = f"logchunks {o.item.split}"
            scores.setdefault(name, Score(name)).add(o)
    order = ("fixtures", "fit-on", "logdx-ci", "logchunks", "logchunks dev", "logchunks heldout")
    ordered = [scores[k] for k in order if k in scores]
    if proxy:
        ordered.append(proxy_score(proxy))
    if args.json:
        out = [
            {
                **asdict(s),
                "confusions": {f"{a}->{b}": n for (a, b), n in s.confusions.items()},
                "decided_confusions": {f"{a}->{b}": n for (a, b), n in s.decided_confusions.items()},
                "by_specialist": {f"{n}:{'right' if ok else 'wrong'}": c for (n, ok), c in s.by_specialist.items()},
                "by_label": {
                    f"{label}:{'decided' if decided else 'undecided'}:{'right' if ok else 'wrong'}": c
                    for (label, decided, ok), c in s.by_label.items()
                },
            }
            for s in ordered
        ]
        print(json.dumps(out, indent=2))
        return 0
    print(table(ordered, use_model))
    print("\n" + label_table(ordered))
    print("\n" + specialist_table(ordered))
    if own := own_label_table(outcomes):
        print("\n" + own)
    if any(o.item.split == "dev" and o.item.dataset == "logchunks" for o in outcomes):
        print("\n" + abstention_table(outcomes))
        print("\n" + rule_table(outcomes))
        print(attestation_out_of_fold(outcomes))
        print("\n" + command_table(outcomes))
    if proxy:
        print("\n" + proxy_report(proxy))
    if any(o.item.split == "heldout" and o.item.dataset == "logchunks" for o in outcomes):
        # aggregates only (the held-out logs are never read while developing): why unseen repositories
        # abstain, and which rules (counted or not: the `counts` column) decide there and how often right.
        # A report only: attestation (attested) and the fit (calibrate) read the dev half alone.
        print("\n" + abstention_table(outcomes, "heldout"))
        print("\n" + rule_table(outcomes, "heldout"))
        print("\n" + command_table(outcomes, "heldout"))
    if args.fit:
        print("\n" + "\n".join(calibrate(outcomes)))
        names = ", ".join(f'"{n}"' for n in attested(outcomes))
        print(f"ATTESTED = DIRECT | {{{names}}}")
    for s in ordered:
        if s.confusions:
            top = ", ".join(f"{a} as {b} {n}" for (a, b), n in s.confusions.most_common(6))
            print(f"\n{s.name} most common misses (label as guess): {top}")
        if s.decided_confusions:
            wrong = ", ".join(f"{a} as {b} {n}" for (a, b), n in s.decided_confusions.most_common())
            print(f"{s.name} wrong decisions (label as decided): {wrong}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
