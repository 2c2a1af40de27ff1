"""Fixtures shared by every test module."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import copy_valid_data


@pytest.fixture
def valid_data(tmp_path: Path) -> Path:
    return copy_valid_data(tmp_path)
