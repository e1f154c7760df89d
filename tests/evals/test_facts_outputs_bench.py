"""bench/facts_outputs.py: a digest that equal code keeps equal however loaded the machine is."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from bench.facts_outputs import digest

from remediate.facts import extract, extract_facts

# Real output: a Buildkite job's `set -x` trace running ruff, then pytest (tests/facts/data/README.md says how).
SAMPLE = Path(__file__).parents[1] / "facts" / "data" / "buildkite_xtrace_ruff_pytest.txt"


class _LateClock:
    """The facts stage's clock on a machine so loaded that its deadline passed before the first parser ran."""

    @staticmethod
    def monotonic() -> float:
        _LateClock.calls += 1
        return time.monotonic() + (0.0 if _LateClock.calls == 1 else 1e6)

    calls = 0


def test_digest_does_not_move_with_the_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    on_time = digest(SAMPLE, 2000)
    monkeypatch.setattr(extract, "time", _LateClock)
    _LateClock.calls = 0
    late = extract_facts(SAMPLE)  # the default deadline: the late clock skips every parser
    assert late.incomplete is not None and "deadline passed" in late.incomplete
    _LateClock.calls = 0
    assert digest(SAMPLE, 2000) == on_time
