"""Helpers to build a site (real or fixture) into a temporary folder and read its HTML."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from helpers import ROOT

PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides", "macros")


def make_project(destination: Path, data: Path) -> Path:
    """A copy of the site's code and pages, with `data` as its data folder."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, destination / part)
    if data.resolve() != (destination / "data").resolve():
        shutil.copytree(data, destination / "data")
    return destination


def build(project: Path, site: Path, site_url: str = "http://127.0.0.1:8000/") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--clean",
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(site),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=project,
        timeout=600,
    )


class PageParser(HTMLParser):
    """Collects what the tests look at: record ids in order, tags with their attributes,
    and the text of <script> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.record_ids: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if "data-record-id" in attributes and attributes["data-record-id"] is not None:
            self.record_ids.append(attributes["data-record-id"])
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def content_ids(path: Path) -> list[str]:
    """Record ids in a page's main content (lists of cards), in order."""
    return parse(path).record_ids
