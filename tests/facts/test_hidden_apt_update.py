"""apt's update hidden by a script (`apt-get update -qq > /dev/null`): the log shows only apt's stderr, no apt command
above it. A source that does not serve what the job's sources list names (no Release file, an index's 404) is the
sources' fault (dependency); a source out of reach (a refused connection, a server's 5xx, which apt prints with two
blanks: `503  Service Unavailable`) is the network's, and the install's `Unable to locate package` after it follows from
that (infra, never decided). Real runs: tests/facts/data/README.md, "apt's update hidden by a script" (apt 2.6.1)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from remediate.facts import extract_facts
from remediate.facts.meaning import unreachable
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA

SCRIPT = "./ci/install.sh"
FRAMES: list[Callable[..., bytes]] = [framing.travis, framing.github_actions]


@pytest.mark.parametrize(
    "sample", ["apt26_update_qq_hidden_no_release_file.txt", "apt26_update_qq_hidden_index_404.txt"]
)
@pytest.mark.parametrize("frame", FRAMES)
def test_a_source_that_lacks_what_the_list_names_is_a_dependency_failure(
    sample: str, frame: Callable[..., bytes]
) -> None:
    verdict = rule_verdict(extract_facts(frame(SCRIPT, (DATA / sample).read_text(), 100)))
    assert verdict.decided and verdict.category is Category.DEPENDENCY, verdict.reason


@pytest.mark.parametrize("sample", ["apt26_update_qq_hidden_refused.txt", "apt26_update_qq_hidden_503.txt"])
@pytest.mark.parametrize("frame", FRAMES)
def test_a_source_out_of_reach_leaves_no_package_found_undecided(sample: str, frame: Callable[..., bytes]) -> None:
    # before: the 503 was no word of an unreachable source, and `Unable to locate package` decided dependency
    verdict = rule_verdict(extract_facts(frame(SCRIPT, (DATA / sample).read_text(), 100)))
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason


def test_apt_s_status_and_reason_are_a_server_s_outage() -> None:
    warned = next(t for t in (DATA / "apt26_update_qq_hidden_503.txt").read_text().splitlines() if "503" in t)
    assert unreachable(warned) == "503  Service Unavailable"
    assert unreachable("E: Failed to fetch http://x/Packages  404  File not found [IP: 127.0.0.1 18766]") is None
