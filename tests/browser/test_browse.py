"""Filtering, search, sort and URL state on /resources/ and /case-studies/, in Chromium."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from expected import matching_case_studies, matching_resources, resource_by_id, resources
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
    {"read": ["archive"]},
    {"read": ["publisher", "none"], "topic": ["assessment"]},
]


@pytest.mark.parametrize("selection", COMBINATIONS, ids=[query_of(c) or "all" for c in COMBINATIONS])
def test_facet_combinations_show_exactly_the_matching_resources(
    page: Page, site_url: str, selection: dict[str, list[str]]
) -> None:
    open_browser(page, site_url, query=query_of(selection))
    expected = matching_resources(selection)
    assert visible_ids(page) == expected
    total = len(resources())
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
    # The count beside a topic: the resources with it among those the other facets leave
    # (the topics ticked do not narrow it).
    assessment = page.locator("label.pri-option", has=page.get_by_role("checkbox", name="Assessment"))
    among = len(matching_resources({"organization": ["aft", "nea"], "topic": ["assessment"]}))
    expect(assessment.locator(".pri-count")).to_have_text(str(among))
    # The URL is the state.
    params = parse_qs(urlparse(page.url).query)
    assert params == {"organization": ["aft", "nea"], "topic": ["family-engagement"]}


def test_values_that_would_give_nothing_are_unavailable_but_never_trap(page: Page, site_url: str) -> None:
    open_browser(page, site_url, query="organization=ed")
    magazines = page.get_by_role("checkbox", name="Magazine issue")
    option = page.locator("label.pri-option", has=magazines)
    # Unavailable: greyed, "0", aria-disabled; not struck through (which reads as "removed").
    expect(magazines).to_have_attribute("aria-disabled", "true")
    expect(magazines).to_be_disabled()
    expect(option.locator(".pri-count")).to_have_text("0")
    assert (
        option.evaluate("el => getComputedStyle(el.querySelector('.pri-option__label')).textDecorationLine") == "none"
    )
    magazines.click(force=True)  # a click does not tick it
    expect(magazines).not_to_be_checked()
    assert "type=" not in page.url
    # A selection that gives nothing (from a link) says so, offers a way out and a way to
    # suggest a resource, and can still be undone.
    open_browser(page, site_url, query="organization=ed&type=magazine")
    assert visible_ids(page) == []
    none = page.locator("[data-browser-none]")
    expect(none).to_be_visible()
    expect(none).to_contain_text("No resources match this selection")
    suggest = none.get_by_role("link", name="Suggest it for the inventory")
    assert suggest.evaluate("a => a.href") == site_url + "contribute/"
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
    years = [resource_by_id(i).get("year") or 0 for i in ids]
    assert years == sorted(years, reverse=True)
    assert sorted(ids) == sorted(r["id"] for r in resources())
    assert "sort=year" in page.url
    page.get_by_label("Sort by").select_option("added")
    added = [str(resource_by_id(i)["added"]) for i in visible_ids(page)]
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
    years = [resource_by_id(i).get("year") or 0 for i in ids]
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
    total = len(resources())
    expect(status).to_have_text(f"{len(matching_resources({'language': ['es']}))} of {total} resources")


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


def test_where_to_read_facet_with_and_without_javascript(browser: Browser, page: Page, site_url: str) -> None:
    """The "Where to read it" facet: ticking a kind lists the resources that can be read
    that way (a look-up of a gone address counts as an archive), and without JavaScript its
    values link to pages listing the same resources; each card says where it can be read."""
    open_browser(page, site_url)
    facet = page.locator('[data-facet="read"]')
    expect(facet.get_by_role("group", name="Where to read it")).to_be_visible()
    facet.get_by_role("checkbox", name="No copy known").check()
    expected = matching_resources({"read": ["none"]})
    assert expected and visible_ids(page) == expected
    expect(page.locator(VISIBLE).first.locator(".pri-card__read")).to_have_text("No copy known")
    assert parse_qs(urlparse(page.url).query) == {"read": ["none"]}
    context = browser.new_context(java_script_enabled=False)
    static = context.new_page()
    static.goto(site_url + "resources/")
    link = static.locator('[data-facet="read"] a[data-value="archive"]')
    expect(link).to_have_attribute("href", "../resources/by-read/archive/")
    link.click()
    expect(static.locator("h1")).to_contain_text("Web archive")
    assert visible_ids(static, scripted=False) == matching_resources({"read": ["archive"]})
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
    page.get_by_role("button", name=f"Show {len(expected)} resources").last.click()  # the panel's end
    expect(panel).not_to_have_attribute("open", "")
    expect(page.locator(VISIBLE).first.locator(".pri-card__title a")).to_be_focused()  # the first result
    context.close()


# --- the controls always show the state the list is filtered by ------------------------


def assert_controls_show_the_url(page: Page, noun: str = "resources") -> None:
    """Every checkbox, the search box and the sort show what the address says."""
    visible_ids(page)
    params = parse_qs(urlparse(page.url).query)
    shown = page.eval_on_selector_all(
        "[data-facet] input[type=checkbox]", "inputs => inputs.map(i => [i.name, i.value, i.checked])"
    )
    assert shown, "no checkboxes"
    for key, value, checked in shown:
        assert checked == (value in params.get(key, [])), (key, value, checked)
    expect(page.get_by_label(f"Search {noun}")).to_have_value(params.get("text", [""])[0])
    expect(page.get_by_label("Sort by")).to_have_value(params.get("sort", ["title"])[0])


def test_clear_all_resets_every_control(page: Page, site_url: str) -> None:
    open_browser(page, site_url)
    page.get_by_role("checkbox", name="AFT").check()
    page.get_by_role("checkbox", name="Mathematics").check()
    page.get_by_label("Search resources").fill("math")
    page.get_by_label("Sort by").select_option("year")
    assert_controls_show_the_url(page)
    page.get_by_role("button", name="Clear all", exact=True).click()
    expect(page.get_by_label("Search resources")).to_have_value("")
    expect(page.get_by_role("checkbox", name="AFT")).not_to_be_checked()
    expect(page.get_by_role("checkbox", name="Mathematics")).not_to_be_checked()
    assert page.locator("[data-facet] input:checked").count() == 0
    expect(page.get_by_label("Sort by")).to_have_value("year")  # the sort is not a filter: kept
    assert parse_qs(urlparse(page.url).query) == {"sort": ["year"]}
    assert sorted(visible_ids(page)) == sorted(matching_resources({}))
    assert_controls_show_the_url(page)
    # From the "nothing matches" message too.
    page.get_by_label("Search resources").fill("zzzz-nothing")
    page.locator("[data-browser-none]").get_by_role("button", name="clear all filters").click()
    expect(page.get_by_label("Search resources")).to_have_value("")
    assert_controls_show_the_url(page)


def test_removing_the_search_chip_empties_the_search_box(page: Page, site_url: str) -> None:
    open_browser(page, site_url, query="organization=aft")
    page.get_by_label("Search resources").fill("math")
    page.get_by_role("button", name="Remove filter Search: math").click()
    expect(page.get_by_label("Search resources")).to_have_value("")
    assert visible_ids(page) == matching_resources({"organization": ["aft"]})
    assert_controls_show_the_url(page)
    page.get_by_role("button", name="Remove filter Organization: AFT").click()
    expect(page.get_by_role("checkbox", name="AFT")).not_to_be_checked()
    assert_controls_show_the_url(page)


def test_history_and_every_control_stay_in_step(page: Page, site_url: str) -> None:
    open_browser(page, site_url, query="topic=assessment&text=tool")
    assert_controls_show_the_url(page)
    page.get_by_role("checkbox", name="NEA").check()
    assert_controls_show_the_url(page)
    page.get_by_label("Search resources").fill("")
    assert_controls_show_the_url(page)
    page.go_back()
    page.wait_for_function("() => location.search.includes('text=tool')")
    assert_controls_show_the_url(page)
    page.go_back()
    page.wait_for_function("() => !location.search.includes('nea')")
    assert_controls_show_the_url(page)
    assert visible_ids(page) == matching_resources({"topic": ["assessment"]}, "tool")


# --- values from the URL are strings, never object properties ---------------------------

PROTOTYPE_NAMES = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"]


def test_prototype_names_in_the_url_are_ignored_and_named(page: Page, site_url: str) -> None:
    pairs = [(key, name) for key in ("organization", "topic", "year") for name in PROTOTYPE_NAMES]
    pairs += [(name, "aft") for name in PROTOTYPE_NAMES]  # unknown keys: ignored quietly
    pairs += [("organization", "aft"), ("sort", "constructor")]
    open_browser(page, site_url, query=urlencode(pairs))
    assert visible_ids(page) == matching_resources({"organization": ["aft"]})
    chips = page.locator("[data-browser-chips] button")
    expect(chips).to_have_text(["Organization: AFT"])
    message = page.locator("[data-browser-ignored]")
    expect(message).to_be_visible()
    expect(message).to_contain_text("Ignored unknown filters: organization=constructor, organization=__proto__")
    expect(message).to_contain_text(" more.")  # 16 unknown values: the first are named
    assert message.evaluate("el => el.children.length") == 0  # plain text
    counts = page.locator("[data-facet] .pri-count").all_text_contents()
    assert counts and all(c.isdigit() for c in counts), counts
    expect(page.get_by_label("Sort by")).to_have_value("title")
    assert page.evaluate("() => Object.prototype.aft === undefined && ({}).constructor === Object")
    # The first change rewrites the address without them, and the message goes.
    page.get_by_role("checkbox", name="NEA").check()
    assert parse_qs(urlparse(page.url).query) == {"organization": ["aft", "nea"]}
    expect(message).to_be_hidden()
    assert_controls_show_the_url(page)


def test_each_prototype_name_alone(page: Page, site_url: str) -> None:
    for name in PROTOTYPE_NAMES:
        open_browser(page, site_url, query=urlencode([("topic", name)]))
        assert visible_ids(page) == matching_resources({}), name
        expect(page.locator("[data-browser-chips] button")).to_have_count(0)
        expect(page.locator("[data-browser-ignored]")).to_have_text(f"Ignored unknown filter: topic={name}.")


def test_a_value_named_like_a_prototype_property_counts_and_filters(page: Page, site_url: str) -> None:
    """A topic whose slug is `constructor` (a valid slug) is counted and filtered like any
    other. The page is the real one, with that topic added to its facet and to one card."""
    first = resources()[0]["id"]

    def add_constructor_topic(route) -> None:  # type: ignore[no-untyped-def]
        response = route.fetch()
        html = response.text()
        values = html.index('<ul class="pri-facet__values">', html.index('data-facet="topic"'))
        values += len('<ul class="pri-facet__values">')
        entry = '<li><span data-value="constructor" data-label="Constructor">Constructor</span></li>'
        html = html[:values] + entry + html[values:]
        card = html.index(f'data-record-id="{first}"')
        topics = html.index('data-topic="', card) + len('data-topic="')
        assert topics < html.index(">", card)
        html = html[:topics] + "constructor " + html[topics:]
        route.fulfill(response=response, body=html)

    page.route(site_url + "resources/", add_constructor_topic)
    open_browser(page, site_url)
    box = page.get_by_role("checkbox", name="Constructor")
    option = page.locator("label.pri-option", has=box)
    expect(option.locator(".pri-count")).to_have_text("1")
    box.check()
    assert visible_ids(page) == [first]
    expect(page.locator("[data-browser-chips] button")).to_have_text(["Topic: Constructor"])
    counts = page.locator("[data-facet] .pri-count").all_text_contents()
    assert all(c.isdigit() for c in counts), counts


# --- keyboard: skip links ------------------------------------------------------------------


def tab_until(page: Page, name: str, limit: int = 40) -> int:
    """Presses Tab until the focused element's text is `name`; returns the presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("() => (document.activeElement.textContent || '').trim()") == name:
            return presses
    raise AssertionError(f"{name!r} not reached in {limit} Tab presses")


@pytest.mark.parametrize(("path", "noun"), [("resources/", "resources"), ("case-studies/", "case studies")])
def test_skip_links_reach_the_results_and_the_search_box(page: Page, site_url: str, path: str, noun: str) -> None:
    open_browser(page, site_url, path)
    visible_ids(page)
    presses = tab_until(page, f"Skip to the {noun}")
    assert presses <= 25, presses  # was over 80 to the first result
    expect(page.get_by_role("link", name=f"Skip to the {noun}")).to_be_visible()  # shown when focused
    page.keyboard.press("Enter")
    expect(page.locator("[data-browser-status]")).to_be_focused()
    page.keyboard.press("Tab")
    first = page.locator(VISIBLE).first.locator(".pri-card__title a")
    expect(first).to_be_focused()  # the first result, a handful of presses from the top

    page.goto(site_url + path)
    page.wait_for_selector(".pri-browser--enhanced")
    tab_until(page, "Skip to the search box")
    page.keyboard.press("Enter")
    expect(page.get_by_label(f"Search {noun}")).to_be_focused()
    page.keyboard.type("toledo" if noun == "case studies" else "toolkit")
    assert "text=" in page.url


# --- facets worked out independently from the YAML files --------------------------------


def page_facets(page: Page) -> dict[str, dict[str, str]]:
    """{facet key: {value: count shown}} as the page shows them."""
    rows = page.eval_on_selector_all(
        "[data-facet] label.pri-option",
        "labels => labels.map(l => [l.querySelector('input').name, l.querySelector('input').value,"
        " l.querySelector('.pri-count').textContent])",
    )
    facets: dict[str, dict[str, str]] = {}
    for key, value, count in rows:
        facets.setdefault(key, {})[value] = count
    return facets


def test_resource_facets_list_every_value_with_its_count(page: Page, site_url: str) -> None:
    from expected import RESOURCE_FACETS, value_counts

    open_browser(page, site_url)
    shown = page_facets(page)
    assert set(shown) <= set(RESOURCE_FACETS), f"a facet this test does not know: {set(shown) - set(RESOURCE_FACETS)}"
    assert set(shown) == {key for key, values_of in RESOURCE_FACETS.items() if any(map(values_of, resources()))}
    assert {"organization", "topic", "audience", "type", "year"} <= set(shown)
    for key, values in shown.items():
        expected = value_counts(resources(), RESOURCE_FACETS, key)
        assert {v: int(c) for v, c in values.items()} == dict(expected), key


def test_nea_includes_the_joint_tools_it_is_a_partner_of(page: Page, site_url: str) -> None:
    # Written by hand: NEA is a partner, not the lead, of these (the lead is AASA or ED).
    open_browser(page, site_url, query="organization=nea")
    ids = visible_ids(page)
    for joint in ("on-the-same-page", "on-the-same-page-2", "labor-management-relationships-case-studies-2011"):
        assert joint in ids, joint
    assert "share-my-lesson" not in ids  # AFT's alone
    assert ids == matching_resources({"organization": ["nea"]})


def test_every_case_study_facet_value_filters_to_its_districts(page: Page, site_url: str) -> None:
    from expected import CASE_STUDY_FACETS, case_studies, value_counts

    open_browser(page, site_url, "case-studies/")
    shown = page_facets(page)
    assert set(shown) <= set(CASE_STUDY_FACETS), (
        f"a facet this test does not know: {set(shown) - set(CASE_STUDY_FACETS)}"
    )
    # Every facet some district has a value for, and no other (a facet no district has a
    # value for stays off the page).
    assert set(shown) == {key for key, values_of in CASE_STUDY_FACETS.items() if any(map(values_of, case_studies()))}
    assert {"state", "practice", "affiliation", "conference"} <= set(shown)
    for key, values in shown.items():
        expected = value_counts(case_studies(), CASE_STUDY_FACETS, key)
        assert {v: int(c) for v, c in values.items()} == dict(expected), key
        for value in values:
            box = page.locator(f'[data-facet="{key}"] input[value="{value}"]')
            box.check()
            assert visible_ids(page) == matching_case_studies({key: [value]}), (key, value)
            box.uncheck()
    # Hand-written: the state facet shows names, and two facets combine.
    page.get_by_role("checkbox", name="Ohio").check()
    assert visible_ids(page) == ["cleveland-metropolitan", "toledo"]
    page.get_by_role("checkbox", name="Colorado").check()
    assert visible_ids(page) == ["cleveland-metropolitan", "denver-procomp", "douglas-county", "toledo"]
