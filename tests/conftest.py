"""Fixtures shared by every test module."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import ROOT, copy_valid_data


@pytest.fixture
def valid_data(tmp_path: Path) -> Path:
    return copy_valid_data(tmp_path)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test session (with the default SITE_URL)."""
    from sitebuild import build

    site = tmp_path_factory.mktemp("real") / "site"
    result = build(ROOT, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site
