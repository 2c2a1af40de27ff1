"""The project's own documents: the README stays a front door (short, with its two
screenshots, every make target named), every link between the documents leads to a file,
and the checklist that tests/fixtures/third-kind follows is where the tests say it is.
No build and no browser: these read files only."""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest
from helpers import ROOT

README = ROOT / "README.md"
MAX_README_LINES = 200
MAX_SCREENSHOT_BYTES = 300_000
# The width each screenshot is taken at, by a word its file name holds.
SCREENSHOT_WIDTHS = {"phone": 390, "desktop": 1280}
DOCUMENTS = sorted([README, ROOT / "ARCHITECTURE.md", ROOT / "CONTRIBUTING.md", *(ROOT / "architecture").glob("*.md")])
# Markdown links and HTML images whose target is a file of the repository (not a web
# address, not an anchor of the same page).
LOCAL_TARGET = re.compile(r"\]\((?!https?:|#|mailto:)([^)\s#]+)[^)]*\)|<img [^>]*src=\"(?!https?:)([^\"]+)\"")


def local_targets(path: Path) -> list[str]:
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)  # examples are not links
    return [link or image for link, image in LOCAL_TARGET.findall(text)]


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's header (the IHDR chunk comes first)."""
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n" and header[12:16] == b"IHDR", f"{path.name} is not a PNG"
    return struct.unpack(">II", header[16:24])


def test_readme_is_short() -> None:
    lines = README.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_README_LINES, (
        f"README.md has {lines} lines (at most {MAX_README_LINES}): it is the front door; "
        "move the details to ARCHITECTURE.md or a note in architecture/"
    )


def test_readme_shows_the_site_on_a_phone_and_a_desktop() -> None:
    images = [target for target in local_targets(README) if target.endswith(".png")]
    for kind, width in SCREENSHOT_WIDTHS.items():
        shots = [image for image in images if kind in Path(image).name]
        assert len(shots) == 1, f"README.md should show one {kind} screenshot, found {shots}"
        path = ROOT / shots[0]
        assert path.is_file(), f"README.md shows {shots[0]}, which does not exist"
        assert png_size(path)[0] == width, f"{shots[0]} should be {width} px wide, as the README says"
        assert path.stat().st_size < MAX_SCREENSHOT_BYTES, f"{shots[0]}: keep it under {MAX_SCREENSHOT_BYTES} bytes"


def test_readme_names_every_make_target() -> None:
    readme = README.read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = re.findall(r"^([a-z-]+):.*## ", makefile, re.MULTILINE)  # the ones `make help` lists
    assert len(targets) >= 10
    missing = [target for target in targets if not re.search(rf"\bmake {target}(?![\w-])", readme)]
    assert not missing, f"README.md does not name these make targets: {missing}"


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_links_between_documents_lead_to_files(document: Path) -> None:
    broken = [target for target in local_targets(document) if not (document.parent / target).exists()]
    assert not broken, f"{document.relative_to(ROOT)} links to files that do not exist: {broken}"


def test_local_targets_sees_links_and_images() -> None:
    """The link test above must be able to fail: its pattern finds both forms."""
    sample = ROOT / "tests/fixtures/third-kind/README.md"
    assert local_targets(sample) == []
    text = '[a](missing.md#part) [b](https://example.org/) [c](#anchor) <img src="x/y.png" alt="">'
    found = [link or image for link, image in LOCAL_TARGET.findall(text)]
    assert found == ["missing.md", "x/y.png"]


def test_the_third_kind_checklist_is_where_the_tests_point() -> None:
    """tests/helpers.py (`add_event_kind`), tests/test_opendata.py and
    tests/browser/test_data_model.py follow "Adding a record kind" in
    architecture/data-model.md: its four steps must be there, and the fixture must point
    to it."""
    note = (ROOT / "architecture/data-model.md").read_text(encoding="utf-8")
    section = re.search(r"^## Adding a record kind\n(.*?)(?=^## )", note, re.MULTILINE | re.DOTALL)
    assert section, "architecture/data-model.md has no section 'Adding a record kind'"
    for step in ("`KINDS`", "data/schema/<schema>.schema.json", "data/<name>/", '{{ browser("<name>") }}', "nav:"):
        assert step in section.group(1), f"the checklist lost its step {step!r}"
    fixture = (ROOT / "tests/fixtures/third-kind/README.md").read_text(encoding="utf-8")
    assert "architecture/data-model.md" in fixture
