"""Paths and helpers shared by the tests."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def copy_valid_data(destination: Path) -> Path:
    """A fresh copy of tests/fixtures/valid/data with the project's own schema folder."""
    data = destination / "data"
    shutil.copytree(FIXTURES / "valid" / "data", data)
    shutil.copytree(ROOT / "data" / "schema", data / "schema")
    return data
