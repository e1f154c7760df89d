"""The CI could not check out what it was asked to build: git's refusal while cloning or fetching the repository.
The commit, branch or pull request ref is gone from the remote (a force-push, a deleted branch, a pull request
closed or merged before its job started), or a submodule's recorded commit was never pushed to its own remote.
Nothing in the project's files is wrong where the job could read them: the CI's own work (its checkout) failed
before any of the project's commands ran, which the project's categories call the infrastructure (infra, which no
specialist fixes and the rules never decide alone: triage.exits names it), not a finding of a check the project
runs ("no specialist": a dead link, a size budget).

git (2.39, real samples against local bare repositories, as Travis's git.checkout phase runs it):
`fatal: reference is not a tree: SHA` (`git checkout -qf SHA` of a commit the clone does not hold),
`fatal: Remote branch NAME not found in upstream origin` (`git clone --branch=NAME`), `fatal: couldn't find
remote ref refs/pull/7/merge` (`git fetch origin +refs/pull/7/merge:`), and `fatal: Fetched in submodule path
'PATH', but it did not contain SHA. Direct fetching of that commit failed.` (`git submodule update --init`;
git's `fatal: remote error: upload-pack: not our ref SHA` above it says the same of the submodule's remote)."""

from __future__ import annotations

from remediate.facts.parsers.base import Found, LineRules, Parser, Rule, plain, scan_with
from remediate.facts.parsers.handlers import evidence, record
from remediate.models import Category

_RULES = LineRules[Found](
    Rule(
        r"^fatal: reference is not a tree: (?P<sha>[0-9a-f]{7,64})$",
        record("missing-commit", message="the commit to build, {sha}, is not in the repository's history"),
        starts="fatal: reference is not a tree: ",
    ),
    Rule(
        r"^fatal: Remote branch (?P<branch>\S+) not found in upstream (?P<remote>\S+)$",
        record("missing-branch", message="the branch to build, {branch}, is not on the remote {remote}"),
        starts="fatal: Remote branch ",
    ),
    Rule(
        r"^fatal: [Cc]ouldn't find remote ref (?P<ref>\S+)$",
        record("missing-ref", message="the ref to build, {ref}, is not on the remote"),
        starts=("fatal: couldn't find remote ref ", "fatal: Couldn't find remote ref "),
    ),
    Rule(
        r"^fatal: Fetched in submodule path '(?P<file>[^']+)', but it did not contain (?P<sha>[0-9a-f]{7,64})\.",
        record("submodule-commit", message="the submodule's recorded commit {sha} is not on its remote"),
        starts="fatal: Fetched in submodule path ",
    ),
    Rule(
        r"^fatal: remote error: upload-pack: not our ref ", evidence(7.0), starts="fatal: remote error: upload-pack: "
    ),
)

TOOL = "git-checkout"

PARSER = Parser(tool=TOOL, category=Category.INFRA, parse=scan_with(_RULES, plain(TOOL)))
