"""Helpers shared by the planning tools' browser tests."""

from __future__ import annotations

import re
from pathlib import Path

from layout import overflow
from playwright.sync_api import Page

SA = "planning/self-assessment/"
AP = "planning/action-plan/"
SA_KEY = "pri-planning:self-assessment:v2"
AP_KEY = "pri-planning:action-plan:v2"
AREAS = [
    "shared-understanding",
    "joint-planning",
    "curriculum-materials",
    "professional-learning",
    "assessment-readiness",
    "communication",
    "listening",
]
SHOTS = Path("/tmp/planning-shots")
PHONE = {"width": 390, "height": 844}


def open_tool(page: Page, site_url: str, path: str) -> None:
    page.goto(site_url + path)
    wait_ready(page)


def wait_ready(page: Page) -> None:
    """Waits for the tool of the page's address to be set up. Named, because right after
    instant navigation the previous page's tool, ready too, can still be in the document."""
    tool = next((name for path, name in ((SA, "self-assessment"), (AP, "action-plan")) if path in page.url), None)
    selector = f'[data-planning="{tool}"]' if tool else "[data-planning]"
    page.wait_for_selector(selector + '[data-state="ready"]', state="attached")


def export(page: Page, fmt: str, tmp_path: Path) -> str:
    with page.expect_download() as download:
        page.locator(f'[data-export="{fmt}"]').click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    return target.read_text(encoding="utf-8")


def import_file(page: Page, tmp_path: Path, name: str, content: str | bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    page.locator("[data-planning-import]").set_input_files(str(path))


def be(page: Page, side: str, name: str = "") -> None:
    """Says who this device's person is: a name (optional) and a side."""
    if name:
        page.get_by_label("Your name or initials (optional)").fill(name)
    label = "Labor (union, teachers)" if side == "labor" else "Management (district, board)"
    page.get_by_label(label).check()


def rate(page: Page, side: str, ratings: dict[str, int]) -> None:
    for area, value in ratings.items():
        page.locator(f'input[name="{area}-{side}"][value="{value}"]').check()


def share_link(page: Page) -> str:
    page.get_by_role("button", name="Share my ratings").first.click()
    page.wait_for_selector("[data-share-qr] svg")
    return page.locator("[data-share-link]").input_value()


def accept_link(page: Page, url: str, button: str = "Add to my team") -> None:
    """Opens a teammate's link and confirms in the page's dialog."""
    page.goto(url)
    wait_ready(page)
    dialog = page.locator("dialog[open]")
    dialog.get_by_role("button", name=button).click()
    page.wait_for_selector("dialog[open]", state="detached")


def pdf_pages(pdf: bytes) -> int:
    """The number of page objects in a PDF ("/Type /Page", not "/Type /Pages")."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def no_sideways_scroll(page: Page) -> bool:
    """Nothing wider than the window: the page, or a caption cut at the edge."""
    return overflow(page) == {}
