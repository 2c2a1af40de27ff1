"""axe-core (pinned, bundled in the axe-playwright-python wheel, loaded from disk) finds no
WCAG 2.1 A/AA violations, in the light and dark palettes, at desktop and phone widths."""

from __future__ import annotations

import pytest
from axecheck import AXE_SOURCE, WCAG_TAGS, axe_violations
from playwright.sync_api import Browser

PAGES = [
    "",
    "resources/",
    "resources/?organization=aft&organization=nea&topic=family-engagement&text=parent",
    "resources/?organization=ed&type=magazine",  # nothing matches
    "resources/nea-common-core-toolkit/",
    "resources/share-my-lesson/",
    "case-studies/",
    "case-studies/?affiliation=nea&practice=peer-assistance-review",
    "case-studies/abc-unified/",
    "conference/",
    "organizations/",
    "organizations/aft/",
    "topics/",
    "topics/family-engagement/",
    "audiences/school-boards/",
    "coverage/",
    "open-data/",
    "contribute/",
    "contribute/vocabulary/",
    "planning/",
    "planning/self-assessment/",
    "planning/action-plan/",
    "shortlist/",
    "shortlist/?ids=resources/share-my-lesson,case-studies/toledo",
    "shortlist/?ids=resources/share-my-lesson,resources/no-such-thing,<b>x</b>",  # names what it misses
    "resources/?topic=toString&organization=__proto__&organization=aft",  # says what it ignores
    "organizations/nea/",
    "audiences/",
    "no/such/page/",  # the 404 page, served at any depth
    "a/b/c/d/e/",
]


def page_violations(browser: Browser, url: str, scheme: str, width: int) -> list[str]:
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("load")
    for selector in ("[data-browser]", "[data-shortlist]"):  # the scripts' own controls, in place
        if page.locator(selector).count():
            page.wait_for_selector(f'{selector}[data-state="ready"]', state="attached")
    violations = axe_violations(page, scheme)
    context.close()
    return violations


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "home")
def test_no_axe_violations(browser: Browser, site_url: str, path: str, scheme: str) -> None:
    assert page_violations(browser, site_url + path, scheme, 1280) == []


PHONE_PAGES = ["", "resources/", "case-studies/abc-unified/", "coverage/", "shortlist/", "no/such/page/"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PHONE_PAGES, ids=lambda p: p or "home")
def test_no_axe_violations_on_a_phone(browser: Browser, site_url: str, path: str, scheme: str) -> None:
    assert page_violations(browser, site_url + path, scheme, 390) == []


def test_no_axe_violations_with_a_skip_link_focused_and_values_unavailable(browser: Browser, site_url: str) -> None:
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(site_url + "resources/?organization=ed")
        page.wait_for_selector('[data-browser][data-state="ready"]', state="attached")
        page.get_by_role("link", name="Skip to the resources").focus()
        violations = axe_violations(page, scheme)
        context.close()
        assert violations == [], scheme


def test_axe_detects_a_real_violation(browser: Browser, site_url: str) -> None:
    # Guards the tests above: an image without alt text must be reported.
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url)
    page.evaluate("() => document.querySelector('article').append(Object.assign(new Image(), {src: 'x.png'}))")
    page.evaluate(AXE_SOURCE)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    context.close()
    assert "image-alt" in {v["id"] for v in result["violations"]}


def test_the_dark_palette_check_finds_poor_contrast(browser: Browser, site_url: str) -> None:
    # Guards the dark runs, which check the colour rules only: grey text on the dark
    # background must be reported.
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(site_url)
    page.evaluate(
        "() => document.querySelector('article').append(Object.assign(document.createElement('p'),"
        " {textContent: 'Hard to read', style: 'color: #3a3a4a'}))"
    )
    violations = axe_violations(page, "dark")
    context.close()
    assert any(line.startswith("color-contrast") for line in violations), violations
