"""An installer no parser reads (facts/installs.py): its failing step's verdicts, in the words package managers share,
are dependency records. Each sample is real output (tests/facts/data/README.md) read with the parser module that
knows its installer left out (`deps`), as a version or a tool no parser was written for would be."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.models import Category, Facts
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA

UNREAD = frozenset({"deps"})

# (sample, the command that printed it, words of the verdict read): at least three installers for each meaning
VERDICTS = [
    # a package or version its index does not have
    ("yarn1_notarget.txt", "yarn install", "Couldn't find any versions for"),
    ("bundler_gem_not_found.txt", "bundle install --local", "Could not find gem"),
    ("composer_not_found.txt", "composer install --no-interaction", "could not be found in any version"),
    ("rubygems33_local_gem_not_found.txt", "gem install --local cartlib-nosuch", "Could not find a valid gem"),
    ("bower_not_found.txt", "bower install --allow-root", "Package jquery-nosuch not found"),
    ("apt26_unable_to_locate.txt", "sudo apt-get install -y libcartbase-nosuch-dev", "Unable to locate package"),
    ("apt26_no_candidate.txt", "apt-get install -y python-dev", "has no installation candidate"),
    ("pip9_version_missing.txt", "pip --isolated install -r requirements.txt", "No matching distribution"),
    # requirements that cannot be met together
    ("pip_conflict.txt", "pip install alpha beta", "conflicting dependencies"),
    ("bundler23_ruby_version_conflict.txt", "bundle install --local", "conflicting requirements"),
    ("composer_not_found.txt", "composer install", "could not be resolved to an installable set"),
    # a lock file out of step with the manifest
    ("bun14_install_frozen.txt", "bun install --frozen-lockfile", "lockfile is frozen"),
    ("yarn4_immutable_github.txt", "yarn install --immutable", "The lockfile would have been modified"),
    ("composer25_lock_incompatible_php.txt", "composer install", "does not contain a compatible set"),
    # a package that needs another runtime than the CI's
    ("rubygems33_requires_ruby.txt", "gem install --local cartbase-5.0.0.gem", "requires Ruby version >="),
    ("yarn13_engine_incompatible.txt", "yarn install --no-progress", 'The engine "node" is incompatible'),
    ("pip9_requires_python.txt", "pip install -r requirements.txt", "requires Python '>=3.8'"),
    ("composer25_lock_incompatible_php.txt", "composer install", "does not satisfy that requirement"),
    # a git dependency's ref its repository lacks
    ("bundler23_git_ref_missing.txt", "bundle install --jobs=3", "does not exist in the repository"),
    ("yarn122_git_ref_missing.txt", "yarn install --non-interactive", "Couldn't find match for"),
    ("go119_mod_download_410_gone.txt", "go mod download", "unknown revision v1.9.0"),
]


def unread(name: str, command: str, frame: str = "travis") -> Facts:
    """The sample in a CI job under `command`, with the installers' parser module left out."""
    text = (DATA / name).read_text()
    raw = framing.travis(command, text) if frame == "travis" else framing.github_actions(command, text)
    return extract_facts(raw, leave_out=UNREAD)


@pytest.mark.parametrize(("name", "command", "words"), VERDICTS)
@pytest.mark.parametrize("frame", ["travis", "github-actions"])
def test_an_installer_s_verdict_no_parser_reads_is_a_dependency_record(
    name: str, command: str, words: str, frame: str
) -> None:
    f = unread(name, command, frame)
    tool = " ".join(command.removeprefix("sudo ").split()[:2])
    said = [e for e in f.errors if words in e.message]
    assert said and all(e.category is Category.DEPENDENCY and e.tool.startswith(tool[:3]) for e in said), f.errors
    verdict = rule_verdict(f)
    assert verdict.category is Category.DEPENDENCY and verdict.decided, verdict.reason


def test_the_same_words_under_a_command_of_another_kind_are_not_read() -> None:
    # a test run's output may quote anything; only an installer's step is read for an installer's verdicts
    f = unread("yarn1_notarget.txt", "pytest -q tests")
    assert not [e for e in f.errors if "Couldn't find any versions" in e.message]


def test_a_step_a_parser_read_is_not_read_again() -> None:
    # with its parser, Yarn's verdict is the parser's record, and no generic one joins it
    text = (DATA / "yarn1_notarget.txt").read_text()
    f = extract_facts(framing.travis("yarn install", text))
    assert [e.tool for e in f.errors] == ["yarn"]


def test_a_verdict_whose_reason_is_an_index_out_of_reach_is_not_a_missing_package() -> None:
    # RubyGems' `Could not find a valid gem 'x' (>= 0), here is why:` over a refused connection: the source was not
    # reached, so nothing says the gem is missing
    f = unread("rubygems33_source_refused.txt", "gem install --source http://127.0.0.1:9/ cartlib-nosuch")
    assert not [e for e in f.errors if e.category is Category.DEPENDENCY]
    assert not rule_verdict(f).decided


def test_an_index_out_of_reach_above_the_verdict_makes_it_the_infrastructure_s() -> None:
    # pip's retries against a refused index above `No matching distribution found`: its records are infra
    f = unread("pip_index_refused.txt", "pip install nosuchpkg-xyz")
    assert f.errors and all(e.category is Category.INFRA for e in f.errors)
    assert not rule_verdict(f).decided
