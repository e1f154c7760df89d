"""Go modules whose go.mod, go.sum or vendor folder is out of step with the code, or whose required version the
module proxy does not have, are dependency failures (real output: tests/facts/data/README.md, "Go modules out of
step"), whether `go mod download` or `go build`/`go test` says so; a proxy that answered 5xx is out of reach."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA, error, facts

# (sample, the command that printed it, what the record's message holds)
OUT_OF_STEP = [
    ("go119_mod_download_410_gone.txt", "go mod download", ": 410 Gone"),
    ("go119_build_410_gone.txt", "go build ./...", ": 410 Gone"),
    ("go119_build_missing_go_sum.txt", "go build ./...", "missing go.sum entry"),
    ("go119_build_missing_go_sum_package.txt", "go build ./...", "missing go.sum entry for module providing package"),
    ("go119_build_checksum_mismatch.txt", "go build ./...", "checksum mismatch"),
    ("go119_build_inconsistent_vendoring.txt", "go build ./...", "inconsistent vendoring"),
]


@pytest.mark.parametrize(("name", "command", "words"), OUT_OF_STEP)
def test_go_modules_out_of_step_are_a_dependency_failure(name: str, command: str, words: str) -> None:
    f = facts(name)
    assert f.category is Category.DEPENDENCY
    assert error(f, tool="go", category=Category.DEPENDENCY, message=words)
    text = (DATA / name).read_text()
    for raw in (framing.travis(command, text), framing.github_actions(command, text)):
        verdict = rule_verdict(extract_facts(raw))
        assert verdict.category is Category.DEPENDENCY and verdict.decided, verdict.reason


def test_the_missing_module_s_name_is_the_one_go_sum_lacks() -> None:
    # Go 1.17's wording names the package go.sum has no checksum for, not the project importing it
    assert error(facts("go119_build_missing_go_sum_package.txt"), category=Category.DEPENDENCY).file == "main.go"
    assert error(facts("go119_build_checksum_mismatch.txt"), tool="go").code == "example.com/cart@v1.0.0"


def test_a_module_proxy_out_of_reach_is_no_dependency_record() -> None:
    # the same request answered 503: the proxy did not say the version is missing
    f = facts("go119_mod_download_proxy_503.txt")
    assert not [e for e in f.errors if e.category is Category.DEPENDENCY]
    verdict = rule_verdict(
        extract_facts(framing.travis("go mod download", (DATA / "go119_mod_download_proxy_503.txt").read_text()))
    )
    assert not (verdict.decided and verdict.category is Category.DEPENDENCY), verdict.reason
