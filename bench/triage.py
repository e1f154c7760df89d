"""Triage accuracy: the rules alone (no model) on the fixtures and on labelled real CI logs;
rules + the triage micro-agent when an API key is present.

    .venv/bin/python bench/triage.py [DATASETS] [--dev] [--fit] [--with-model] [--json]

--dev scores the fixtures and LogChunks' dev half only (while developing: the held-out sets are
measured once, at the end). --fit fits the rules' calibrated confidence on LogChunks' dev half
(remediate.evals.calibration: a logistic model over the evidence features, every repository
weighted alike; the threshold from 5-fold out-of-fold confidences, folds by repository and by
language) and prints the CALIBRATION block for remediate/triage.py. --fit-on LABELS fits on
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
classifier's own category accuracy (what the rules start from); then the most common confusions.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import anthropic
import anyio

from remediate.evals.calibration import Row, choose_threshold, fit, out_of_fold
from remediate.evals.cases import load_cases
from remediate.evals.datasets import CATEGORY_TO_LABEL, logchunks_dev
from remediate.facts import extract_facts
from remediate.models import Category, Facts
from remediate.triage import EVIDENCE, PRIOR, PRIOR_STRENGTH, rule_verdict

ROOT = Path(__file__).resolve().parent.parent
DATASETS = (
    ("logdx-ci", "logdx-ci.jsonl", "failure_class_mapped"),
    ("logchunks", "logchunks.jsonl", "failure_class_helper"),
)


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

    def add(self, o: Outcome) -> None:
        self.n += 1
        ok = o.rules == o.item.label
        self.top_correct += ok
        self.decided += o.decided
        self.decided_correct += ok and o.decided
        self.facts_correct += o.facts == o.item.label
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
                yield Item(folder, record["id"], log, record[key], split=split, language=record.get("language", ""))


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


def _facts(item: Item) -> Facts:
    return extract_facts(Path(item.log), source=Path(item.source) if item.source else None)


def classify(item: Item) -> Outcome:
    facts = _facts(item)
    verdict = rule_verdict(facts, item.check)
    rules, decided = CATEGORY_TO_LABEL[verdict.category], verdict.decided
    unknown = verdict.category is Category.UNKNOWN
    facts_label = CATEGORY_TO_LABEL[facts.category]
    return Outcome(item, rules, decided, facts_label, None, verdict.confidence, verdict.evidence, unknown)


def calibrate(outcomes: list[Outcome], target: float = 0.95) -> list[str]:
    """Fit the rules' calibrated confidence on the calibration set (LogChunks' dev half, or the
    --fit-on set) and print it for triage.py. The threshold is the stricter of two out-of-fold
    choices: folds by repository (new projects) and by language (tools no parser was written for)."""
    dev = [o for o in outcomes if o.item.dataset in ("logchunks", "fit-on") and o.item.split == "dev"]
    name = "the --fit-on set" if any(o.item.dataset == "fit-on" for o in dev) else "LogChunks dev half"

    def rows(group: Callable[[Item], str]) -> list[Row]:
        # "Right" means the rules' category is the label; finding no category is never right.
        return [Row(o.evidence, o.rules == o.item.label and not o.unknown, group(o.item)) for o in dev]

    by_repo = rows(lambda item: item.id.split("/")[1])
    model = fit(by_repo, EVIDENCE, PRIOR_STRENGTH, PRIOR)
    out = []
    choices = []
    for fold, data in (("repository", by_repo), ("language", rows(lambda item: item.language))):
        choice = choose_threshold(data, out_of_fold(data, EVIDENCE, l2=PRIOR_STRENGTH, prior=PRIOR), target)
        groups = len({r.group for r in data})
        if choice.threshold is None:
            return [f"calibration: no threshold reaches {target:.0%} out of fold by {fold} on {len(dev)} logs"]
        choices.append(choice)
        out.append(
            f"out of fold (5 folds by {fold}, {groups} groups, {len(data)} logs of {name}): confidence >= "
            f"{choice.threshold:.3f} decides {choice.share:.0%} at {choice.precision:.1%} precision "
            f"({choice.group_precision:.1%} with every group weighted alike; {choice.group_bound:.1%} one standard "
            f"error down with its {choice.repositories} groups as the observations)"
        )
    strict = max(choices, key=lambda c: c.threshold or 0.0)
    repos = len({r.group for r in by_repo})
    weights = ", ".join(f'"{k}": {v}' for k, v in model.weights.items())
    return [
        *out,
        "CALIBRATION = Calibration(",
        f"    bias={model.bias},",
        f"    weights={{{weights}}},",
        f"    threshold={strict.threshold},",
        f'    basis="{name}, {len(by_repo)} logs of {repos} repositories; out of fold '
        f'{strict.share:.0%} decided at {strict.precision:.0%}",',
        ")",
    ]


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
    if args.dump:
        with args.dump.open("w") as fh:
            for o in outcomes:
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
    if args.json:
        out = [
            {
                **asdict(s),
                "confusions": {f"{a}->{b}": n for (a, b), n in s.confusions.items()},
                "decided_confusions": {f"{a}->{b}": n for (a, b), n in s.decided_confusions.items()},
            }
            for s in ordered
        ]
        print(json.dumps(out, indent=2))
        return 0
    print(table(ordered, use_model))
    if args.fit:
        print("\n" + "\n".join(calibrate(outcomes)))
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
