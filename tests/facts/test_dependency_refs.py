"""A dependency whose git ref (tag, branch, rev) its repository lacks, and a gem no source of RubyGems has, are
dependency failures: the installers' own words (real output: tests/facts/data/README.md, "A dependency's git ref
or a gem no source has"), alone, in a Travis install step (once and under travis_retry) and in GitHub Actions."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.commands import command_rule
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA, error, facts

# (sample, the command a CI ran it with, the tool, what the record's message holds)
MISSING = [
    ("npm6_git_ref_missing.txt", "npm install", "npm", "pathspec 'v9.9.9' did not match"),
    ("npm3_git_ref_missing.txt", "npm install", "npm", "fatal: ambiguous argument 'v9.9.9'"),
    ("mix14_git_tag_missing.txt", "mix deps.get", "mix", 'Command "git --git-dir=.git checkout --quiet v9.9.9"'),
    ("npm11_git_ref_missing.txt", "npm install", "npm", "The git reference could not be found"),
    ("yarn122_git_ref_missing.txt", "yarn install", "yarn", 'Couldn\'t find match for "v9.9.9"'),
    ("bundler23_git_ref_missing.txt", "bundle install --jobs=3 --retry=3", "bundler", "Revision v9.9.9 does not"),
    ("cargo195_git_tag_missing.txt", "cargo build --verbose", "cargo", "failed to find tag `v9.9.9`"),
    ("cargo195_git_rev_missing.txt", "cargo build --verbose", "cargo", "revspec '0badc0ffee' not found"),
    ("cargo195_git_branch_missing.txt", "cargo build --verbose", "cargo", "failed to find branch `release-9`"),
    ("pip20_editable_git_ref.txt", "pip install -r requirements.txt", "pip", "git checkout -q v9.9.9 Check"),
    ("pip20_editable_git_ref_cloned.txt", "pip install -r requirements.txt", "pip", "git reset --hard -q v9.9.9"),
    ("rubygems33_local_gem_not_found.txt", "gem install cartlib-nosuch", "gem", "'cartlib-nosuch' (>= 0) in any"),
    ("rubygems33_local_version_not_found.txt", "gem install cartlib -v 9.9.9", "gem", "'cartlib' (= 9.9.9) in any"),
]


@pytest.mark.parametrize(("name", "command", "tool", "words"), MISSING)
def test_a_ref_or_gem_no_source_has_is_a_dependency_failure(name: str, command: str, tool: str, words: str) -> None:
    f = facts(name)
    assert f.category is Category.DEPENDENCY
    assert error(f, tool=tool, category=Category.DEPENDENCY, message=words)
    text = (DATA / name).read_text()
    framed = [framing.travis_install(command, text, retry=retry) for retry in (False, True)]
    for raw in (*framed, framing.github_actions(command, text)):
        verdict = rule_verdict(extract_facts(raw))
        assert verdict.category is Category.DEPENDENCY and verdict.decided, verdict.reason


def test_the_ref_is_the_record_s_code() -> None:
    assert error(facts("yarn122_git_ref_missing.txt"), tool="yarn").code == "v9.9.9"
    assert error(facts("cargo195_git_tag_missing.txt"), tool="cargo").code == "v9.9.9"
    assert error(facts("rubygems33_local_version_not_found.txt"), tool="gem").code == "cartlib"


def test_a_gem_source_out_of_reach_is_no_dependency_record() -> None:
    # RubyGems' same opening words, then `here is why:` and the refused connection: the source said nothing
    name = "rubygems33_source_refused.txt"
    assert not [e for e in facts(name).errors if e.category is Category.DEPENDENCY]
    verdict = rule_verdict(
        extract_facts(framing.travis_install("gem install cartlib-nosuch", (DATA / name).read_text()))
    )
    assert not (verdict.decided and verdict.category is Category.DEPENDENCY), verdict.reason


def test_the_words_in_prose_are_no_record() -> None:
    for line in (
        b"Revision 3 of the guide does not exist in the repository yet\n",
        b"  failed to find tag in the changelog\n",
        b"echo 'ERROR:  Could not find a valid gem in any repository'\n",
        b"+ printf 'No matching distribution found for %s\\n' cartlib\n",  # a script's trace, not pip's verdict
    ):
        assert not extract_facts(line).errors, line


# whole Travis jobs, travis_retry as .travis.yml writes it: (sample, the last attempt's words)
RETRIED = [
    # the attempts differ: the first clones and fails its checkout, the next find the clone and fail its reset
    ("travis_retry_pip9_editable_git_ref.txt", 'Command "git reset --hard -q v9.9.9" failed with error code 128'),
    ("travis_retry_cargo195_git_tag_missing.txt", "failed to find tag `v9.9.9`"),
]


@pytest.mark.parametrize(("name", "words"), RETRIED)
def test_the_last_attempt_s_record_decides_a_retried_install(name: str, words: str) -> None:
    f = facts(name)
    last = max(n for n, line in enumerate((DATA / name).read_text().splitlines(), 1) if "Retrying, 3 of 3" in line)
    records = [e for e in f.errors if e.category is Category.DEPENDENCY]
    assert records and all((e.log_line or 0) > last for e in records), records
    assert error(f, category=Category.DEPENDENCY, message=words)
    verdict = rule_verdict(f)
    assert verdict.category is Category.DEPENDENCY and verdict.decided, verdict.reason


def test_rebar3_s_fetch_failure_names_no_cause() -> None:
    # rebar3 hides git's words: `Failed to fetch and copy dep` is the same for a tag its repository lacks and for a
    # repository out of reach, so no record; its command (`rebar3 get-deps`, fetch only) is a dependency tool's
    name = "rebar3_git_tag_missing.txt"
    assert not facts(name).errors
    verdict = rule_verdict(extract_facts(framing.travis_install("rebar3 get-deps", (DATA / name).read_text())))
    assert verdict.category is Category.DEPENDENCY and not verdict.decided, verdict.reason


@pytest.mark.parametrize(
    ("command", "kind"),
    [
        ("mix deps.get", Category.DEPENDENCY),
        ("rebar3 get-deps", Category.DEPENDENCY),
        ("lein deps", Category.DEPENDENCY),
        ("cargo fetch --locked", Category.DEPENDENCY),
        ("dep ensure -vendor-only", Category.DEPENDENCY),
        ("glide install", Category.DEPENDENCY),
        ("pod install --repo-update", Category.DEPENDENCY),
        ("carthage bootstrap --platform iOS", Category.DEPENDENCY),
        ("conda env create -f environment.yml", Category.DEPENDENCY),
        ("flutter pub get", Category.DEPENDENCY),
        ("dotnet restore", Category.DEPENDENCY),
        # these build the project too: their failures are as often the build's
        ("go get -t -v ./...", None),
        ("cabal install --only-dependencies --enable-tests", None),
        ("mix test", Category.TEST),
    ],
)
def test_installers_that_only_fetch_are_dependency_commands(command: str, kind: Category | None) -> None:
    rule = command_rule(command)
    assert (rule[1] if rule else None) is kind
