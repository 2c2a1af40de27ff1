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


def build(
    project: Path, site: Path, site_url: str = "http://127.0.0.1:8000/", repo_url: str | None = None
) -> subprocess.CompletedProcess[str]:
    """A strict build. REPO_URL is set only when `repo_url` is given (CI sets it for the
    site's own build, so it is dropped from the inherited environment otherwise)."""
    if os.environ.get("PRI_QUICK") == "1":
        raise AssertionError("this test builds a site: mark it @pytest.mark.build, so that `make check` leaves it out")
    env = {key: value for key, value in os.environ.items() if key != "REPO_URL"}
    env |= {"NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url}
    if repo_url is not None:
        env["REPO_URL"] = repo_url
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


# Script types a browser runs (no type, or a JavaScript one); any other is data (JSON, JSON-LD).
RUN_TYPES = {"", "text/javascript", "application/javascript", "module"}


class PageParser(HTMLParser):
    """Collects what the tests look at: record ids in order, tags with their attributes,
    the text of the <script> elements a browser runs, and that of data scripts by type."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.record_ids: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.data_scripts: list[tuple[str, str]] = []  # (type, text)
        self._script_type: str | None = None
        self._script_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if "data-record-id" in attributes and attributes["data-record-id"] is not None:
            self.record_ids.append(attributes["data-record-id"])
        if tag == "script":
            self._script_type = (attributes.get("type") or "").strip().lower()
            self._script_text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script_type is not None:
            text = "".join(self._script_text)
            if self._script_type in RUN_TYPES:
                self.scripts.append(text)
            else:
                self.data_scripts.append((self._script_type, text))
            self._script_type = None

    def handle_data(self, data: str) -> None:
        if self._script_type is not None:
            self._script_text.append(data)

    def json_ld(self) -> list[str]:
        return [text for kind, text in self.data_scripts if kind == "application/ld+json"]

    def meta(self) -> dict[str, str]:
        """<meta> content by `property` or `name` (the last one of each)."""
        return {
            (attrs.get("property") or attrs.get("name") or ""): attrs.get("content") or ""
            for tag, attrs in self.tags
            if tag == "meta" and (attrs.get("property") or attrs.get("name"))
        }


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def content_ids(path: Path) -> list[str]:
    """Record ids in a page's main content (lists of cards), in order."""
    return parse(path).record_ids
