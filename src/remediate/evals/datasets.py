"""Our categories as the class names of the labelled CI-log datasets (../shared/datasets),
whose `failure_class_mapped` / `failure_class_helper` fields use their own vocabulary.
Used by the benchmarks; one mapping so the facts and triage numbers compare like with like."""

from __future__ import annotations

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
