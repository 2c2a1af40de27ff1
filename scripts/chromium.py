"""Which Chromium the browser tests, the benchmarks and the screenshots launch, and how.

Debian's `chromium-headless-shell` comes first: it is the same engine as `chromium`
without the desktop browser's windowing and extensions, and it costs about a third less
processor time per page, which decides how long the browser tests take on two cores.
`make test` installs it (see the Makefile). PRI_CHROMIUM names another binary; with
none found, Playwright launches its own build (`playwright install chromium`).
"""

from __future__ import annotations

import os
import shutil

BINARIES = ("chromium-headless-shell", "chromium", "chromium-browser")

# Without these, Debian's Chromium reaches for Google's hosts, which this machine's closed
# network refuses, many at a time.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    """PRI_CHROMIUM, else the first of BINARIES on PATH, else None (Playwright's own)."""
    found = (shutil.which(name) for name in BINARIES)
    return os.environ.get("PRI_CHROMIUM") or next((path for path in found if path), None)
