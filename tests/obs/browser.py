"""Headless Chromium for page tests: the DOM after rendering (--dump-dom) and a screenshot.

`make test` installs Chromium (apt, as root) before pytest; a test skips with the reason only
when no Chromium binary can be found at all."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

NAMES = ("chromium", "chromium-headless-shell", "chromium-browser", "google-chrome")


def chromium() -> str:
    for name in NAMES:
        if path := shutil.which(name):
            return path
    pytest.skip("no Chromium binary (chromium / chromium-headless-shell): `make test` installs it with apt-get as root")


def _run(page: Path, *args: str) -> str:
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [
                chromium(),
                "--headless",
                "--no-sandbox",  # CI runs as root; the page is our own file
                "--disable-gpu",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                *args,
                page.resolve().as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=90,
            check=False,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def dump_dom(page: Path) -> str:
    """The serialised DOM after Chromium parsed and laid out the page."""
    return _run(page, "--dump-dom")


def screenshot(page: Path, target: Path, size: str = "1280,2400") -> Path:
    _run(page, f"--screenshot={target}", f"--window-size={size}")
    assert target.is_file() and target.stat().st_size > 10_000, "the screenshot is empty"
    return target
