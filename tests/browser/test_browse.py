"""Filtering, search, sort and URL state on /resources/ and /case-studies/, in Chromium."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from expected import inventory, matching_case_studies, matching_resources
from playwright.sync_api import Browser, Page, expect

VISIBLE = "ul.pri-cards > li[data-record-id]:not([hidden])"


def visible_ids(page: Page, *, scripted: bool = True) -> list[str]:
    if scripted:  # the script places cards over a few frames; it says when it is done
        page.wait_for_selector('[data-browser][data-state="ready"]', state="attached")
    return page.eval_on_selector_all(VISIBLE, "items => items.map(li => li.dataset.recordId)")


def open_browser(page: Page, site_url: str, path: str = "resources/", query: str = "") -> None:
    page.goto(site_url + path + (f"?{query}" if query else ""))
    page.wait_for_selector(".pri-browser--enhanced")


def query_of(selection: dict[str, list[str]]) -> str:
    return urlencode([(key, value) for key, values in selection.items() for value in values])


COMBINATIONS = [
    {},
    {"organization": ["aft"]},
    {"organization": ["aft", "nea"]},
    {"topic": ["family-engagement"]},
    {"organization": ["aft", "nea"], "topic": ["family-engagement"]},
    {"organization": ["cgcs", "sap"], "type": ["rubric", "guide"], "grade": ["k-2"]},
    {"audience": ["school-boards"], "year": ["2015", "undated"]},
    {"language": ["es"]},
    {"topic": ["mathematics"], "audience": ["teachers", "parents"], "year": ["2012"]},
    {"organization": ["ed"], "topic": ["labor-management-collaboration"]},
]


@pytest.mark.parametrize("selection", COMBINATIONS, ids=[query_of(c) or "all" for c in COMBINATIONS])
def test_facet_combinations_show_exactly_the_matching_resources(
    page: Page, site_url: str, selection: dict[str, list[str]]
) -> None:
    open_browser(page, site_url, query=query_of(selection))
    expected = matching_resources(selection)
    assert visible_ids(page) == expected
    total = len(inventory().resources)
    expect(page.locator("[data-browser-status]")).to_have_text(f"{len(expected)} of {total} resources")


def test_clicking_facets_filters_and_counts(page: Page, site_url: str) -> None:
    open_browser(page, site_url)
    page.get_by_role("checkbox", name="AFT").check()
    assert visible_ids(page) == matching_resources({"organization": ["aft"]})
    page.get_by_role("checkbox", name="NEA").check()
    assert visible_ids(page) == matching_resources({"organization": ["aft", "nea"]})
    page.get_by_role("checkbox", name="Family engagement").check()
    expected = matching_resources({"organization": ["aft", "nea"], "topic": ["family-engagement"]})
    assert visible_ids(page) == expected
    # The count beside a topic is what ticking it (too) would give.
    assessment = page.locator("label.pri-option", has=page.get_by_role("checkbox", name="Assessment"))
    would = len(matching_resources({"organization": ["aft", "nea"], "topic": ["family-engagement", "assessment"]}))
    expect(assessment.locator(".pri-count")).to_have_text(str(would))
    # The URL is the state.
    params = parse_qs(urlparse(page.url).query)
    assert params == {"organization": ["aft", "nea"], "topic": ["family-engagement"]}


def test_values_that_would_give_nothing_are_disabled_but_never_trap(page: Page, site_url: str) -> None:
    open_browser(page, site_url, query="organization=ed")
    magazines = page.get_by_role("checkbox", name="Magazine issue")
    expect(magazines).to_be_disabled()
    # A selection that gives nothing (from a link) can still be undone.
    open_browser(page, site_url, query="organization=ed&type=magazine")
    assert visible_ids(page) == []
    expect(page.locator("[data-browser-none]")).to_be_visible()
    expect(page.get_by_role("checkbox", name="Magazine issue")).to_be_enabled()
    page.get_by_role("checkbox", name="Magazine issue").uncheck()
    assert visible_ids(page) == matching_resources({"organization": ["ed"]})


@pytest.mark.parametrize(
    ("text", "selection"),
    [
        ("colorin", {}),  # accent-insensitive: Colorín
        ("PARENT", {}),  # case-insensitive
        ("school boards association", {}),  # an organization's full name
        ("rubric", {"organization": ["achieve", "sap"]}),
        ("zzzz-nothing", {}),
    ],
)
def test_text_search(page: Page, site_url: str, text: str, selection: dict[str, list[str]]) -> None:
    open_browser(page, site_url, query=query_of(selection))
    page.get_by_label("Search resources").fill(text)
    expected = matching_resources(selection, text)
    assert visible_ids(page) == expected
    assert parse_qs(urlparse(page.url).query)["text"] == [text]


def test_typing_updates_as_you_type_and_adds_one_history_entry(page: Page, site_url: str) -> None:
    open_browser(page, site_url)
    box = page.get_by_label("Search resources")
    box.press_sequentially("toolkit", delay=20)
    assert visible_ids(page) == matching_resources({}, "toolkit")
    page.go_back()
    page.wait_for_function("() => !location.search")
    assert visible_ids(page) == matching_resources({})


def test_sort_by_year_newest_first_and_recently_added(page: Page, site_url: str) -> None:
    open_browser(page, site_url)
    page.get_by_label("Sort by").select_option("year")
    ids = visible_ids(page)
    by_id = inventory().resource_by_id
    years = [by_id[i].year or 0 for i in ids]
    assert years == sorted(years, reverse=True)
    assert sorted(ids) == sorted(by_id)
    assert "sort=year" in page.url
    page.get_by_label("Sort by").select_option("added")
    added = [by_id[i].added for i in visible_ids(page)]
    assert added == sorted(added, reverse=True)


def test_url_round_trip_and_chips(page: Page, site_url: str) -> None:
    query = "organization=aft&organization=nea&topic=family-engagement&text=spanish&sort=year"
    open_browser(page, site_url, query=query)
    expect(page.get_by_role("checkbox", name="AFT")).to_be_checked()
    expect(page.get_by_role("checkbox", name="NEA")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Family engagement")).to_be_checked()
    expect(page.get_by_label("Search resources")).to_have_value("spanish")
    expect(page.get_by_label("Sort by")).to_have_value("year")
    expected = matching_resources({"organization": ["aft", "nea"], "topic": ["family-engagement"]}, "spanish")
    assert sorted(visible_ids(page)) == sorted(expected)
    chips = page.locator("[data-browser-chips] button")
    expect(chips).to_have_count(4)
    page.get_by_role("button", name="Remove filter Organization: NEA").click()
    expect(page.get_by_role("checkbox", name="NEA")).not_to_be_checked()
    assert parse_qs(urlparse(page.url).query)["organization"] == ["aft"]
    page.get_by_role("button", name="Clear all", exact=True).click()
    assert parse_qs(urlparse(page.url).query) == {"sort": ["year"]}  # the sort is kept
    ids = visible_ids(page)
    assert sorted(ids) == sorted(matching_resources({}))
    years = [inventory().resource_by_id[i].year or 0 for i in ids]
    assert years == sorted(years, reverse=True)


def test_back_and_forward_walk_the_selections(page: Page, site_url: str) -> None:
    open_browser(page, site_url)
    page.get_by_role("checkbox", name="AFT").check()
    page.get_by_role("checkbox", name="Mathematics").check()
    page.go_back()
    page.wait_for_function("() => !location.search.includes('topic')")
    expect(page.get_by_role("checkbox", name="Mathematics")).not_to_be_checked()
    assert visible_ids(page) == matching_resources({"organization": ["aft"]})
    page.go_back()
    page.wait_for_function("() => !location.search")
    assert visible_ids(page) == matching_resources({})
    page.go_forward()
    page.go_forward()
    page.wait_for_function("() => location.search.includes('topic')")
    assert visible_ids(page) == matching_resources({"organization": ["aft"], "topic": ["mathematics"]})
    expect(page.get_by_role("checkbox", name="Mathematics")).to_be_checked()


def test_keyboard_only(page: Page, site_url: str) -> None:
    open_browser(page, site_url)
    page.get_by_label("Search resources").focus()
    checkbox = page.get_by_role("checkbox", name="AFT")
    checkbox.focus()
    page.keyboard.press("Space")
    expect(checkbox).to_be_checked()
    expect(checkbox).to_be_focused()  # focus is not lost when the results change
    assert visible_ids(page) == matching_resources({"organization": ["aft"]})
    chip = page.get_by_role("button", name="Remove filter Organization: AFT")
    chip.focus()
    page.keyboard.press("Enter")
    expect(checkbox).not_to_be_checked()
    expect(page.get_by_label("Search resources")).to_be_focused()


def test_the_count_is_announced_politely(page: Page, site_url: str) -> None:
    open_browser(page, site_url, query="language=es")
    status = page.locator("[data-browser-status]")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_text(f"{len(matching_resources({'language': ['es']}))} of 50 resources")


def test_without_javascript_everything_is_listed_with_links(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "resources/?topic=mathematics")
    assert visible_ids(page, scripted=False) == matching_resources({})
    expect(page.locator("[data-browser-controls]")).to_be_hidden()
    link = page.locator('[data-facet="topic"] a[data-value="family-engagement"]')
    expect(link).to_have_attribute("href", "../topics/family-engagement/")
    page.goto(site_url + "case-studies/")
    assert visible_ids(page, scripted=False) == matching_case_studies({})
    context.close()


def test_case_study_facets(page: Page, site_url: str) -> None:
    open_browser(page, site_url, "case-studies/", "affiliation=nea&practice=peer-assistance-review")
    assert visible_ids(page) == matching_case_studies({"affiliation": ["nea"], "practice": ["peer-assistance-review"]})
    page.get_by_role("checkbox", name="2011 (Denver)").check()
    assert visible_ids(page) == matching_case_studies(
        {"affiliation": ["nea"], "practice": ["peer-assistance-review"], "conference": ["2011"]}
    )
    page.get_by_label("Search case studies").fill("interest-based")
    assert visible_ids(page) == ["montgomery-county"]


def test_works_after_instant_navigation_from_home(page: Page, site_url: str) -> None:
    page.goto(site_url)
    page.wait_for_function("() => window.document$ !== undefined")
    page.locator(".md-tabs").get_by_role("link", name="Resources").click()
    page.wait_for_selector(".pri-browser--enhanced")
    assert page.evaluate("() => performance.getEntriesByType('navigation').length") == 1  # no full reload
    page.get_by_role("checkbox", name="CGCS").check()
    assert visible_ids(page) == matching_resources({"organization": ["cgcs"]})


def test_detail_page_links_open_the_browser_prefiltered(page: Page, site_url: str) -> None:
    page.goto(site_url + "resources/cgcs-parent-roadmaps/")
    page.locator(".pri-facts").get_by_role("link", name="Family engagement").click()
    page.wait_for_selector(".pri-browser--enhanced")
    assert parse_qs(urlparse(page.url).query) == {"topic": ["family-engagement"]}
    assert visible_ids(page) == matching_resources({"topic": ["family-engagement"]})


def test_phone_filters_collapse_into_a_panel(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    open_browser(page, site_url)
    panel = page.locator("[data-browser-filters]")
    expect(panel).not_to_have_attribute("open", "")
    expect(page.get_by_role("checkbox", name="AFT")).to_be_hidden()
    panel.locator("summary").click()
    page.get_by_role("checkbox", name="AFT").check()
    expected = matching_resources({"organization": ["aft"]})
    assert visible_ids(page) == expected
    page.get_by_role("button", name=f"Show {len(expected)} resources").click()
    expect(panel).not_to_have_attribute("open", "")
    expect(page.locator("[data-browser-status]")).to_be_focused()
    context.close()
