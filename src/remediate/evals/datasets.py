"""Our categories as the class names of the labelled CI-log datasets (LogDx-CI, LogChunks, CiDiff),
whose `failure_class_mapped` / `failure_class_helper` fields use their own vocabulary.
Used by the benchmarks; one mapping so the facts and triage numbers compare like with like."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from remediate.models import Category

CATEGORY_TO_LABEL: dict[Category, str] = {
    Category.TEST: "test",
    Category.LINT: "lint",
    Category.FORMAT: "lint",
    Category.TYPE: "type_check",
    Category.BUILD: "compile_build",
    Category.DEPENDENCY: "dependency",
    Category.DOCKERFILE: "container_build",
    Category.SQL: "sql_data_model",
    Category.CONFIG: "config",
    Category.INFRA: "infra_flaky_timeout",
    Category.UNKNOWN: "other",
}


def logchunks_dev(repo: str) -> bool:
    """LogChunks' development half, split by repository (sha256 of the slug, first byte even);
    the other half and the other datasets are held out (reported, never tuned on)."""
    return hashlib.sha256(repo.encode()).digest()[0] % 2 == 0


def logchunks_dev_logs(datasets: Path) -> list[Path]:
    """The log files of LogChunks' dev half that are present, chosen from the index before any log is
    read; never a held-out one."""
    root = datasets / "logchunks"
    out = []
    for line in (root / "logchunks.jsonl").read_text().splitlines():
        rec = json.loads(line)
        if rec.get("log_included") and logchunks_dev(rec["repo"]):
            out.append(root / rec["log_path"])
    return out
