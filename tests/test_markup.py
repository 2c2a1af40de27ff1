"""The built pages are markup the W3C Nu HTML checker (vnu) accepts.

One page of each kind, checked in one run of the checker (a JVM is slow to start). Every
error fails the test, except those listed below that come from Material's templates, in
parts the project does not override (overrides/main.html patches the blocks it does
override): each entry names the message and the markup it is about, precisely, and must
still occur (an entry that no longer matches is to be removed).

The checker is the validator project's own npm package, pinned in scripts/get_vnu.py and
downloaded by `make test-setup` (with Java, on Debian as root).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from get_vnu import JAR

pytestmark = pytest.mark.xdist_group("test_markup")

PAGES = [
    "index.html",
    "resources/index.html",
    "resources/share-my-lesson/index.html",
    "case-studies/index.html",
    "case-studies/toledo/index.html",
    "case-studies/by-practice/joint-committees/index.html",
    "organizations/index.html",
    "organizations/aft/index.html",
    "topics/index.html",
    "topics/assessment/index.html",
    "audiences/index.html",
    "planning/index.html",
    "planning/action-plan/index.html",
    "shortlist/index.html",
    "open-data/index.html",
    "contribute/index.html",
    "embed/audiences/parents/index.html",
    "404.html",
]

# (message, the markup it is about) of errors in Material's templates (mkdocs-material
# 9.x), which the project does not override, so leaves as they are:
MATERIAL = {
    # base.html, outside any block: the drawer's and the search's toggles are checkboxes
    # with autocomplete="off" (allowed only on text-like inputs).
    "autocomplete on the drawer and search toggles": (
        r"Attribute “autocomplete” is only allowed when the input type is “color”, .*",
        r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" id="__(drawer|search)" '
        r'autocomplete="off">',
    ),
    # partials/nav-item.html: a section's label gets tabindex="{{ tabindex }}", empty for
    # a section without an index page.
    "empty tabindex on navigation labels": (
        r"Bad value “” for attribute “tabindex” on element “label”: The empty string is not a valid integer\.",
        r'<label class="md-nav__link( [\w-]+)*" for="__nav_[\d_]+" id="__nav_[\d_]+_label" tabindex="">',
    ),
}


def checker() -> list[str]:
    java = shutil.which("java")
    if java is None or not JAR.is_file():
        pytest.fail(f"the HTML checker needs Java and {JAR.relative_to(ROOT)}: run `make test-setup`")
    return [java, "-Xss1m", "-jar", str(JAR)]


def vnu_errors(files: list[Path]) -> list[dict]:
    """The checker's errors over `files`, in one run."""
    result = subprocess.run(
        [*checker(), "--format", "json", "--stdout", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    messages = json.loads(result.stdout)["messages"]
    assert not [m for m in messages if m["type"] == "non-document-error"], messages  # a page it could not read
    return [m for m in messages if m["type"] == "error"]


def allowed_by(error: dict) -> str | None:
    for name, (message, markup) in MATERIAL.items():
        if re.fullmatch(message, error["message"]) and re.search(markup, error.get("extract", "")):
            return name
    return None


def file_of(error: dict) -> str:
    """The file an error is in: the checker writes file:/x/y (one slash)."""
    return "/" + error.get("url", "").removeprefix("file:").lstrip("/")


def shown(error: dict, site: Path) -> str:
    page = file_of(error).removeprefix(f"{site}/")
    return f"{page}:{error.get('lastLine')}: {error['message']}\n    {error.get('extract', '').strip()}"


# A page the checker must fault (a span labelled as the counts were, a heading that skips
# a level, and Material's toggle with another id, which the allow-list does not cover):
# proof that it runs, and that the allow-list is no wider than it says.
CANARY = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>x</title></head><body>'
    '<h1>x</h1><h3>y</h3><p><span aria-label="3 resources">3</span>'
    '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__other" autocomplete="off">'
    "</body></html>"
)


def test_one_page_of_each_kind_has_no_error_of_the_projects_own(real_site: Path, tmp_path: Path) -> None:
    assert [page for page in PAGES if not (real_site / page).is_file()] == []
    canary = tmp_path / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")
    errors = vnu_errors([*(real_site / page for page in PAGES), canary])
    faulted = [e for e in errors if file_of(e) == str(canary)]
    assert len(faulted) == 3 and all(allowed_by(e) is None for e in faulted), faulted
    site = [e for e in errors if file_of(e) != str(canary)]
    own = [shown(error, real_site) for error in site if allowed_by(error) is None]
    assert own == [], "\n".join(own)
    # Each allowed entry is still needed: one that no longer occurs is removed from the list.
    assert {allowed_by(error) for error in site} == set(MATERIAL)
