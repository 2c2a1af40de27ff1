"""The shortlist, in Chromium: save from lists and pages, the count, share and print."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Browser, Page, expect


def shortlist_ids(page: Page) -> list[str]:
    page.wait_for_selector('[data-shortlist][data-state="ready"]', state="attached")
    return page.eval_on_selector_all("[data-shortlist-items] > li", "items => items.map(li => li.dataset.recordId)")


def test_save_from_a_list_and_a_page_then_share(page: Page, browser: Browser, site_url: str) -> None:
    page.goto(site_url + "resources/")
    page.wait_for_selector('[data-browser][data-state="ready"]', state="attached")
    save = page.get_by_role("button", name="Save to shortlist: NEA Common Core State Standards Toolkit")
    expect(save).to_have_attribute("aria-pressed", "false")
    save.click()
    expect(save).to_have_attribute("aria-pressed", "true")
    tab = page.locator(".md-tabs a", has_text="Shortlist")
    expect(tab).to_contain_text("(1)")

    page.goto(site_url + "case-studies/toledo/")
    page.get_by_role("button", name="Save to shortlist: Toledo Public Schools").click()
    expect(page.locator(".md-tabs a", has_text="Shortlist")).to_contain_text("(2)")

    page.goto(site_url + "shortlist/")
    assert shortlist_ids(page) == ["nea-common-core-toolkit", "toledo"]
    expect(page.locator("[data-shortlist-status]")).to_have_text("Your shortlist: 2 items.")
    expect(page.locator(".pri-shortlist__meta").first).to_have_text("NEA · Toolkit · 2013")  # labels, not slugs

    page.get_by_role("button", name="Copy share link").click()
    link = page.locator("[data-shortlist-link]").input_value()
    assert parse_qs(urlparse(link).query) == {"ids": ["resources/nea-common-core-toolkit,case-studies/toledo"]}

    # The link reproduces the list in a fresh browser, without touching that browser's own list.
    other = browser.new_context()
    fresh = other.new_page()
    fresh.goto(link)
    assert shortlist_ids(fresh) == ["nea-common-core-toolkit", "toledo"]
    expect(fresh.locator("[data-shortlist-status]")).to_have_text("A shared shortlist: 2 items.")
    assert fresh.evaluate("() => localStorage.getItem('pri-shortlist:v1')") is None
    fresh.get_by_role("button", name="Save these to my shortlist").click()
    assert fresh.evaluate("() => JSON.parse(localStorage.getItem('pri-shortlist:v1'))") == [
        "resources/nea-common-core-toolkit",
        "case-studies/toledo",
    ]
    other.close()

    # Unsaving from the page removes it from the shortlist.
    page.goto(site_url + "resources/nea-common-core-toolkit/")
    page.get_by_role("button", name="Save to shortlist: NEA Common Core State Standards Toolkit").click()
    page.goto(site_url + "shortlist/")
    assert shortlist_ids(page) == ["toledo"]
    page.get_by_role("button", name="Remove from shortlist: Toledo Public Schools").click()
    assert shortlist_ids(page) == []
    expect(page.locator("[data-shortlist-status]")).to_contain_text("empty")


def test_a_hostile_share_link_shows_nothing_unsafe(page: Page, site_url: str) -> None:
    hostile = "resources/share-my-lesson,<script>alert(1)</script>,../../etc,case-studies/nope"
    page.goto(site_url + "shortlist/?ids=" + hostile)
    assert shortlist_ids(page) == ["share-my-lesson"]
    assert page.locator("[data-shortlist] script").count() == 0


def test_the_handout_prints_without_navigation(page: Page, site_url: str) -> None:
    page.goto(site_url + "shortlist/?ids=resources/share-my-lesson")
    assert shortlist_ids(page) == ["share-my-lesson"]
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer", "[data-shortlist-actions]"):
        assert page.locator(selector).first.is_hidden(), selector
    expect(page.locator("[data-shortlist-items] > li")).to_be_visible()
    pdf = page.pdf(format="Letter")
    assert pdf.startswith(b"%PDF")
