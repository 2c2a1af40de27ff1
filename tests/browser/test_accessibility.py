"""axe-core (pinned, bundled in the axe-playwright-python wheel, loaded from disk) finds no
WCAG 2.1 A/AA violations, in the light and dark palettes, at desktop and phone widths."""

from __future__ import annotations

import pytest
from axecheck import axe_violations, violations_in_both_palettes
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
    "case-studies/?students=30000&setting=suburb",  # districts like yours
    "case-studies/by-size/25000-99999/",  # a facet value's own page
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


def page_violations(browser: Browser, url: str, width: int) -> dict[str, list[str]]:
    """The page, loaded in the light palette and then switched to the dark one."""
    context = browser.new_context(color_scheme="light", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("load")
    for selector in ("[data-browser]", "[data-shortlist]"):  # the scripts' own controls, in place
        if page.locator(selector).count():
            page.wait_for_selector(f'{selector}[data-state="ready"]', state="attached")
    found = violations_in_both_palettes(page)
    context.close()
    return found


CLEAN = {"light": [], "dark": []}


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "home")
def test_no_axe_violations(browser: Browser, site_url: str, path: str) -> None:
    assert page_violations(browser, site_url + path, 1280) == CLEAN


PHONE_PAGES = ["", "resources/", "case-studies/abc-unified/", "coverage/", "shortlist/", "no/such/page/"]


@pytest.mark.parametrize("path", PHONE_PAGES, ids=lambda p: p or "home")
def test_no_axe_violations_on_a_phone(browser: Browser, site_url: str, path: str) -> None:
    assert page_violations(browser, site_url + path, 390) == CLEAN


def test_a_dark_palette_from_the_system_is_the_same_palette(browser: Browser, site_url: str) -> None:
    """A visitor whose system asks for dark gets the palette the toggle gives (what the
    tests above check after the toggle)."""
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(site_url)
    assert page.evaluate("() => document.body.dataset.mdColorScheme") == "slate"
    assert axe_violations(page, "dark") == []
    context.close()


def test_no_axe_violations_with_a_skip_link_focused_and_values_unavailable(browser: Browser, site_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + "resources/?organization=ed")
    page.wait_for_selector('[data-browser][data-state="ready"]', state="attached")
    link = page.get_by_role("link", name="Skip to the resources")
    link.focus()
    light = axe_violations(page, "light")
    page.locator("form[data-md-component=palette] label:not([hidden])").first.click()
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
    link.focus()  # the toggle took the focus
    dark = axe_violations(page, "dark")
    context.close()
    assert (light, dark) == ([], [])


def test_axe_detects_a_real_violation(browser: Browser, site_url: str) -> None:
    # Guards the tests above: an image without alt text must be reported.
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url)
    page.evaluate("() => document.querySelector('article').append(Object.assign(new Image(), {src: 'x.png'}))")
    violations = axe_violations(page)  # the same call as every check
    context.close()
    assert any(line.startswith("image-alt ") for line in violations), violations


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
