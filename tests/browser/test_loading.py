"""Pages load only the scripts they use: the filter browsers' script (browser.js) is
added by docs/javascripts/loader.js where a browser is, instant navigation included."""

from __future__ import annotations

from playwright.sync_api import Page, Request, expect


def watch_scripts(page: Page, site_url: str) -> list[str]:
    """The site's own scripts the tab asks for, from now on, in order."""
    asked: list[str] = []

    def record(request: Request) -> None:
        if request.url.startswith(site_url + "javascripts/"):
            asked.append(request.url[len(site_url + "javascripts/") :])

    page.on("request", record)
    return asked


def test_browser_js_loads_only_where_a_browser_is(page: Page, site_url: str) -> None:
    asked = watch_scripts(page, site_url)
    for path in ("coverage/", "resources/share-my-lesson/", "planning/action-plan/", ""):
        page.goto(site_url + path)
        page.wait_for_load_state("load")
    assert "browser.js" not in asked
    assert {"common.js", "loader.js", "shortlist.js", "planning.js", "offline.js"} <= set(asked)

    # From the home page to /resources/ by instant navigation: the script is added, and
    # filtering works.
    page.locator(".md-tabs").get_by_role("link", name="Resources", exact=True).click()
    page.wait_for_url(site_url + "resources/")
    page.wait_for_selector('[data-browser][data-state="ready"]', state="attached")
    assert page.evaluate("() => performance.getEntriesByType('navigation').length") == 1  # no reload
    assert asked.count("browser.js") == 1
    shown = page.locator("[data-browser] [data-record-id]:not([hidden])")
    everything = shown.count()
    page.locator('[data-facet="organization"] input[value="aft"]').check()
    expect(shown).not_to_have_count(everything)
    assert "organization=aft" in page.url

    # On to the other browser and back: the script runs on each, and is added once.
    page.locator(".md-tabs").get_by_role("link", name="Case studies", exact=True).click()
    page.wait_for_url(site_url + "case-studies/")
    page.wait_for_selector('[data-browser][data-state="ready"]', state="attached")
    page.locator('[data-facet="state"] input').first.check()
    expect(page.locator("[data-browser-chips] > *").first).to_be_visible()
    page.locator(".md-tabs").get_by_role("link", name="Resources", exact=True).click()
    page.wait_for_url(site_url + "resources/")
    page.wait_for_selector('[data-browser][data-state="ready"]', state="attached")
    expect(shown).to_have_count(everything)
    page.locator(".md-tabs").get_by_role("link", name="Coverage", exact=True).click()
    page.wait_for_url(site_url + "coverage/")
    assert asked.count("browser.js") == 1


def test_a_browser_page_opened_directly_loads_it_at_once(page: Page, site_url: str) -> None:
    asked = watch_scripts(page, site_url)
    page.goto(site_url + "case-studies/?state=oh")
    page.wait_for_selector('[data-browser][data-state="ready"]', state="attached")
    assert asked.count("browser.js") == 1
    assert page.locator("[data-browser] [data-record-id]:not([hidden])").count() >= 1
