"""What of the Dagger backend runs without an engine: its limit wrapper, under the host's sh.

In the engine the same argv runs in the user's image; here /bin/sh and coreutils `timeout`
stand in for the image's.
"""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from remediate.models import Limits
from remediate.sandbox.base import Sandbox
from remediate.sandbox.dagger import TIMED_OUT_CODES, DaggerSandbox, limited_argv
from remediate.sandbox.local import LocalSandbox


def run(argv: list[str], limits: Limits) -> tuple[int, str, float]:
    started = time.monotonic()
    done = subprocess.run(limited_argv(argv, limits), capture_output=True, text=True, timeout=30, check=False)
    return done.returncode, done.stdout + done.stderr, time.monotonic() - started


def test_both_backends_satisfy_the_protocol() -> None:
    assert issubclass(DaggerSandbox, Sandbox) and issubclass(LocalSandbox, Sandbox)


def test_argv_passes_through_untouched() -> None:
    code, output, _ = run(
        [sys.executable, "-c", "import sys; print(sys.argv[1:]); sys.exit(4)", "a b", "$HOME", "'"], Limits()
    )
    assert code == 4 and output == "['a b', '$HOME', \"'\"]\n"


def test_timeout_reports_a_timed_out_code() -> None:
    code, _, elapsed = run(["sleep", "30"], Limits(timeout_s=0.5))
    assert code in TIMED_OUT_CODES and elapsed < 5


def test_memory_cap_applies() -> None:
    code, output, _ = run([sys.executable, "-c", "bytearray(1024**3)"], Limits(memory_mb=256))
    assert code != 0 and "MemoryError" in output


def test_missing_command_is_127() -> None:
    code, output, _ = run(["no-such-command-xyz"], Limits())
    assert code == 127 and "no-such-command-xyz" in output


@pytest.mark.parametrize("timeout_s", [0.00001, 0.001, 2.5, 600])
def test_timeout_is_a_positive_plain_decimal(timeout_s: float) -> None:
    # `timeout` rejects "1e-05" and reads "0" as no timeout at all.
    value = limited_argv(["true"], Limits(timeout_s=timeout_s))[-2]
    assert "e" not in value and float(value) > 0
