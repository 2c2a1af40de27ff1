"""A team across devices, in Chromium: two browser contexts stand for two phones.

Labor rates and shares a link (with its QR code); management opens it, confirms, rates,
sees the gaps and "Talk these through first", plans a step from a flagged area, and
prints the team summary and the plan. Also: the QR code is the link, hostile names are
text, tampered links are refused, the scripts load on the planning pages only (also
through instant navigation), axe-core finds nothing, nothing scrolls sideways at 390 px.
Screenshots go to /tmp/planning-shots/.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest
from axecheck import axe_violations, violations_in_both_palettes
from planning_helpers import (
    AP,
    AREAS,
    PHONE,
    SA,
    SA_KEY,
    SHOTS,
    accept_link,
    be,
    no_sideways_scroll,
    open_tool,
    pdf_pages,
    rate,
    share_link,
    wait_ready,
)
from playwright.sync_api import Browser, Page, expect

LABOR = {  # Ana, union president
    "shared-understanding": 2,
    "joint-planning": 1,
    "curriculum-materials": 3,
    "professional-learning": 2,
    "assessment-readiness": 3,
    "communication": 1,
    "listening": 2,
}
MANAGEMENT = {  # the superintendent
    "shared-understanding": 4,  # gap 2
    "joint-planning": 2,  # gap 1
    "curriculum-materials": 3,
    "professional-learning": 2,
    "assessment-readiness": 1,  # gap 2
    "communication": 4,  # gap 3
    "listening": 2,
}
TEAMMATES = [  # more phones: a board member, teachers, a principal
    ("m", "3232144", "Board member Lee"),
    ("l", "2122222", "Teacher Ruiz"),
    ("l", "1113321", "Teacher O'Brien-Castillo"),
    ("m", "4323143", "Principal Nguyen"),
    ("l", "2222212", "Building rep K."),
    ("m", "3322133", ""),
]


def digits(ratings: dict[str, int]) -> str:
    return "".join(str(ratings[area]) for area in AREAS)


def test_two_phones_plan_together(phones: tuple[Page, Page], site_url: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    labor, management = phones

    # Phone 1: Ana, from labor, rates and shares.
    open_tool(labor, site_url, SA)
    be(labor, "labor", "Ana (union)")
    rate(labor, "labor", LABOR)
    link = share_link(labor)
    assert link == site_url + SA + "#sa1.l." + digits(LABOR) + ".Ana%20%28union%29"
    assert "?" not in link  # the ratings are in the fragment, never in the query
    qr = labor.locator("[data-share-qr]")
    assert int(qr.get_attribute("data-qr-version")) <= 10
    expect(labor.locator("[data-share-qr] svg")).to_have_attribute("role", "img")
    assert no_sideways_scroll(labor)
    labor.locator("[data-me]").screenshot(path=str(SHOTS / "share-view.png"))

    # Phone 2: the superintendent opens the link; the page asks first.
    accept_first_link(management, link)
    check_gaps(management)
    # More of the team joins; any number per side.
    for side, ratings, name in TEAMMATES:
        accept_link(management, site_url + SA + f"#sa1.{side}.{ratings}.{quote(name, safe='')}")
    expect(management.locator("[data-team-members] > li")).to_have_count(2 + len(TEAMMATES))
    expect(management.locator("[data-team-members]")).to_contain_text("Management member 1")
    for area in AREAS:
        management.locator(f'textarea[name="{area}-notes"]').fill(
            "We agreed to ask the joint committee for a first draft by April, and to invite two "
            "teachers from each school to review it with the principals. " * 2
        )
    print_summary(management, site_url)
    # From the biggest gap to a step in the action plan (instant navigation).
    plan_from_the_biggest_gap(management, site_url)


def accept_first_link(management: Page, link: str) -> None:
    """The superintendent opens Ana's link, confirms, and rates."""
    management.goto(link)
    wait_ready(management)
    dialog = management.locator("dialog[open]")
    expect(dialog.get_by_role("heading")).to_have_text("Add Ana (union) to your team?")
    expect(dialog).to_contain_text("Communicating with one voice: 1 (Not started)")
    assert no_sideways_scroll(management)
    management.screenshot(path=str(SHOTS / "confirm-dialog.png"))
    dialog.get_by_role("button", name="Add to my team").click()
    expect(management.locator("[data-planning-status]")).to_have_text("Added Ana (union) (labor) to your team.")
    assert "#" not in management.url  # the link is not left in the address bar
    be(management, "management", "Superintendent")
    rate(management, "management", MANAGEMENT)


def check_gaps(management: Page) -> None:
    """The gaps, biggest first, with the person's own ratings untouched."""
    talk = management.locator("[data-talk-list] > li")
    expect(talk).to_have_count(4)
    assert [item.get_attribute("data-talk-area") for item in talk.all()] == [
        "communication",
        "shared-understanding",
        "assessment-readiness",
        "joint-planning",
    ]
    expect(talk.first).to_contain_text("Communicating with one voice: labor 1, management 4, a gap of 3 levels.")
    expect(management.locator('[data-dimension="communication"] [data-gap]')).to_have_text(
        "Labor rated 1 and management 4: a gap of 3 levels. Talk this one through first."
    )
    expect(management.locator('[data-dimension="listening"] [data-gap]')).to_be_hidden()
    expect(management.locator("[data-team-table] tbody th").first).to_have_text("Communicating with one voice")
    stored = json.loads(management.evaluate(f"() => localStorage.getItem('{SA_KEY}')"))
    assert stored["me"] == {"name": "Superintendent", "side": "management", "ratings": MANAGEMENT}
    assert stored["team"] == [{"name": "Ana (union)", "side": "labor", "ratings": LABOR}]
    assert no_sideways_scroll(management)
    management.locator("[data-team-summary]").screenshot(path=str(SHOTS / "team-view.png"))


def plan_from_the_biggest_gap(management: Page, site_url: str) -> None:
    """From the biggest gap to a step in the action plan, by instant navigation."""
    management.emulate_media(media="screen")
    management.evaluate("() => { window.__samePage = true; }")
    management.locator('[data-talk-list] [data-plan-area="communication"]').click()
    management.wait_for_url("**/" + AP)
    wait_ready(management)
    assert management.evaluate("() => window.__samePage") is True  # no full reload
    step = management.locator("[data-plan-steps] > li")
    expect(step).to_have_count(1)
    expect(step.get_by_label("Area of the self-assessment")).to_have_value("communication")
    expect(step.get_by_label("What will be done")).to_have_value(
        "Agree on a first step for “Communicating with one voice”"
    )
    expect(step.locator('[data-resource-list] input[name="resources"]:checked')).to_have_count(5)
    expect(step.locator("[data-step-links] a")).to_have_count(5)
    expect(
        step.locator(f'[data-step-links] a[href="{site_url}resources/communicating-the-common-core/"]')
    ).to_have_count(1)
    assert management.locator("#pri-owners-management option").evaluate_all("o => o.map(x => x.value)") == [
        "Superintendent",
        "Board member Lee",
        "Principal Nguyen",
    ]
    step.get_by_label("Owner from labor").fill("Ana (union)")
    step.get_by_label("Owner from management").fill("Superintendent")
    step.get_by_label("By (date)").fill("2014-04-15")
    step.get_by_label("Parents and families", exact=True).check()
    assert no_sideways_scroll(management)
    print_plan(management, site_url)


def print_summary(page: Page, site_url: str) -> None:
    """The team summary prints on at most two Letter or A4 pages, with the site's name,
    the date and the address, and without the forms."""
    page.emulate_media(media="print")
    expect(page.locator("[data-planning-form]")).to_be_hidden()
    expect(page.locator("[data-me]")).to_be_hidden()
    expect(page.locator("[data-team-table]")).to_be_visible()
    meta = page.locator("[data-print-meta]")
    expect(meta).to_contain_text("Planning Resource Inventory")
    expect(meta).to_contain_text(site_url + SA)
    assert re.search(r"printed \d{4}-\d{2}-\d{2}", meta.text_content())
    page.screenshot(path=str(SHOTS / "printed-summary-390.png"), full_page=True)
    for paper in ("Letter", "A4"):
        pages = pdf_pages(page.pdf(format=paper, print_background=True))
        assert 1 <= pages <= 2, f"{paper}: {pages} pages"
    page.set_viewport_size({"width": 816, "height": 1056})  # a Letter page at 96 dpi
    page.screenshot(path=str(SHOTS / "printed-summary-letter.png"), full_page=True)
    page.set_viewport_size(PHONE)


def print_plan(page: Page, site_url: str) -> None:
    """The action plan prints as a table, without any form control."""
    page.emulate_media(media="print")
    table = page.locator("[data-plan-print] table")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr").first).to_contain_text("Communicating with one voice")
    expect(table.locator("tbody tr").first).to_contain_text("2014-04-15")
    visible_controls = page.locator("[data-planning] :is(input, select, textarea, button)").evaluate_all(
        "nodes => nodes.filter(n => n.getClientRects().length > 0).length"
    )
    assert visible_controls == 0
    expect(page.locator("[data-print-meta]")).to_contain_text(site_url + AP)
    for paper in ("Letter", "A4"):
        assert pdf_pages(page.pdf(format=paper)) <= 2
    page.screenshot(path=str(SHOTS / "printed-plan-390.png"), full_page=True)


def test_the_page_counter_counts_pages(page: Page, site_url: str) -> None:
    """Guards the PDF page count above: a long page gives many pages."""
    page.goto(site_url + "resources/")
    page.emulate_media(media="print")
    assert pdf_pages(page.pdf(format="Letter")) > 2


# --- the QR code ----------------------------------------------------------------------------

MATRIX = """holder => {
  const path = holder.querySelector('svg path').getAttribute('d');
  const drawn = [...path.matchAll(/M(\\d+) (\\d+)h1v1h-1z/g)].map(m => (m[2] - 4) + ',' + (m[1] - 4));
  const code = qrcode(0, holder.dataset.qrLevel);
  code.addData(document.querySelector('[data-share-link]').value, 'Byte');
  code.make();
  const expected = [];
  for (let r = 0; r < code.getModuleCount(); r++)
    for (let c = 0; c < code.getModuleCount(); c++) if (code.isDark(r, c)) expected.push(r + ',' + c);
  const size = holder.querySelector('svg').viewBox.baseVal.width;
  return {drawn: drawn.sort(), expected: expected.sort(), count: code.getModuleCount(), size,
          text: holder.dataset.qrText};
}"""


@pytest.mark.parametrize(
    "name", ["", "Ana", "&" * 32, "Superintendent Dr. María Gómez"], ids=["no-name", "short", "longest", "accents"]
)
def test_the_qr_code_is_the_link(page: Page, site_url: str, name: str) -> None:
    page.set_viewport_size(PHONE)
    open_tool(page, site_url, SA)
    be(page, "management", name)
    rate(page, "management", MANAGEMENT)
    link = share_link(page)
    holder = page.locator("[data-share-qr]")
    result = holder.evaluate(MATRIX)
    assert result["text"] == link
    assert result["drawn"] == result["expected"] and result["drawn"]
    version = (result["count"] - 17) // 4
    assert version <= 10 and str(version) == holder.get_attribute("data-qr-version")
    assert result["size"] == result["count"] + 8  # a quiet zone of four modules
    fragment = link.split("#", 1)[1]
    assert len(fragment) <= 4 + 2 + len(AREAS) + 1 + 96
    assert fragment.isascii()
    # The library was loaded for this page only, when the panel opened.
    assert page.evaluate("() => [...document.scripts].filter(s => s.src.includes('vendor/qrcode')).length") == 1


def test_copy_the_share_sheet_and_a_link_that_follows_the_ratings(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport=PHONE)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    context.add_init_script("navigator.share = data => { window.__shared = data; return Promise.resolve(); };")
    page = context.new_page()
    open_tool(page, site_url, SA)
    be(page, "labor", "Ana")
    link = share_link(page)
    page.get_by_role("button", name="Copy link").click()
    expect(page.locator("[data-planning-status]")).to_have_text("Link copied. Paste it in a message to your teammates.")
    assert page.evaluate("() => navigator.clipboard.readText()") == link
    page.get_by_role("button", name="Share…").click()
    assert page.evaluate("() => window.__shared.url") == link
    rate(page, "labor", {"listening": 3})  # the open panel follows the ratings
    expect(page.locator("[data-share-link]")).to_have_value(site_url + SA + "#sa1.l.0000003.Ana")
    expect(page.locator("[data-share-qr]")).to_have_attribute("data-qr-text", site_url + SA + "#sa1.l.0000003.Ana")
    context.close()


def test_no_share_button_without_a_share_sheet(page: Page, site_url: str) -> None:
    open_tool(page, site_url, SA)
    page.evaluate("() => { delete Navigator.prototype.share; }")
    be(page, "management")
    share_link(page)
    expect(page.locator("[data-share-native]")).to_be_hidden()
    expect(page.get_by_role("button", name="Copy link")).to_be_visible()


def test_a_name_too_long_for_a_link_is_refused(page: Page, site_url: str) -> None:
    open_tool(page, site_url, SA)
    be(page, "labor", "é" * 32)  # 32 characters, 192 once encoded
    page.get_by_role("button", name="Share my ratings").first.click()
    expect(page.locator("[data-planning-error]")).to_have_text(
        "Your name is too long for a link: shorten it, or use initials."
    )
    expect(page.locator("[data-share]")).to_be_hidden()


def test_sharing_needs_a_side(page: Page, site_url: str) -> None:
    open_tool(page, site_url, SA)
    page.get_by_role("button", name="Share my ratings").first.click()
    expect(page.locator("[data-planning-error]")).to_have_text("Choose your side first: labor or management.")
    expect(page.locator("[data-share]")).to_be_hidden()


# --- safety: names, tampered links, duplicates ------------------------------------------------


def team_names(page: Page) -> list[str]:
    return page.locator("[data-team-members] .pri-member__name").all_text_contents()


def test_hostile_names_are_text_and_limited(page: Page, site_url: str) -> None:
    open_tool(page, site_url, SA)
    be(page, "labor", "Ana")
    hostile = "<img src=x onerror=alert(1)>"
    accept_link(page, site_url + SA + "#sa1.m.4444444." + quote(hostile, safe=""))
    accept_link(page, site_url + SA + "#sa1.m.1111111.__proto__")
    assert team_names(page) == ["Ana (you)", hostile, "__proto__"]
    expect(page.locator("[data-planning] img")).to_have_count(0)
    header = page.locator("[data-team-table] thead th").all_text_contents()
    assert hostile + " · management" in header and "__proto__ · management" in header
    assert page.evaluate("() => Object.keys(Object.prototype).length === 0 && ({}).side === undefined")

    # 10,000 characters: refused in a link, cut to 32 when typed.
    before = page.evaluate(f"() => localStorage.getItem('{SA_KEY}')")
    page.goto(site_url + SA + "#sa1.m.4444444." + "A" * 10_000)
    wait_ready(page)
    expect(page.locator("[data-planning-error]")).to_contain_text("the name is longer than a link may carry")
    expect(page.locator("dialog[open]")).to_have_count(0)
    assert page.evaluate(f"() => localStorage.getItem('{SA_KEY}')") == before
    page.get_by_label("Your name or initials (optional)").fill("B" * 10_000)
    stored = json.loads(page.evaluate(f"() => localStorage.getItem('{SA_KEY}')"))
    assert stored["me"]["name"] == "B" * 32


@pytest.mark.parametrize(
    ("fragment", "message"),
    [
        ("#sa1.x.2132312.Ana", "the side must be l (labor) or m (management)"),
        ("#sa1.l.213231.Ana", "it has 6 ratings, and this self-assessment has 7 areas"),
        ("#sa1.l.21323121.Ana", "it has 8 ratings"),
        ("#sa1.l.2132319.Ana", "area 7 is rated 9; ratings go from 1 to 4"),
        ("#sa1.l.21a2312.Ana", "the ratings must be digits"),
        ("#sa1.l.2132312.%E0%A4%A", "the name is not correctly encoded"),
        ("#sa1.l.2132312.A%00B", "the name holds a character that is invisible or turns the text's direction (U+0000)"),
        ("#sa2.l.2132312.Ana", "it was made by another version of this tool (sa2)"),
        ("#sa1.l", "it is incomplete"),
    ],
    ids=["side", "too-few", "too-many", "out-of-range", "not-digits", "bad-encoding", "control", "version", "cut"],
)
def test_a_tampered_link_is_refused(page: Page, site_url: str, fragment: str, message: str) -> None:
    open_tool(page, site_url, SA)
    be(page, "management", "Lee")
    rate(page, "management", {"listening": 4})
    before = page.evaluate(f"() => localStorage.getItem('{SA_KEY}')")
    page.goto(site_url + SA + fragment)
    wait_ready(page)
    error = page.locator("[data-planning-error]")
    expect(error).to_contain_text("This link could not be read, so nothing was added: " + message)
    expect(page.locator("dialog[open]")).to_have_count(0)
    assert team_names(page) == ["Lee (you)"]
    assert page.evaluate(f"() => localStorage.getItem('{SA_KEY}')") == before
    assert "#" not in page.url


def test_links_never_overwrite_my_ratings_and_are_asked_about(page: Page, site_url: str) -> None:
    open_tool(page, site_url, SA)
    be(page, "labor", "Ana")
    rate(page, "labor", LABOR)
    mine = site_url + SA + "#sa1.l." + digits(LABOR) + ".Ana"
    page.goto(mine)
    wait_ready(page)
    expect(page.locator("[data-planning-status]")).to_have_text("This is your own link: your ratings are already here.")

    # Someone else named Ana on the same side, with other ratings, is a teammate.
    accept_link(page, site_url + SA + "#sa1.l.4444444.Ana")
    assert team_names(page) == ["Ana (you)", "Ana"]
    stored = json.loads(page.evaluate(f"() => localStorage.getItem('{SA_KEY}')"))
    assert stored["me"]["ratings"] == LABOR

    carl = site_url + SA + "#sa1.m.3333333.Carl"
    page.goto(carl)
    wait_ready(page)
    page.locator("dialog[open]").get_by_role("button", name="Don't add").click()
    expect(page.locator("[data-planning-status]")).to_have_text("Nothing was added.")
    assert team_names(page) == ["Ana (you)", "Ana"]
    accept_link(page, carl)
    page.goto(carl)
    wait_ready(page)
    expect(page.locator("[data-planning-status]")).to_have_text("Carl is already in your team with these ratings.")
    accept_link(page, site_url + SA + "#sa1.m.1111111.carl", button="Update their ratings")
    assert team_names(page) == ["Ana (you)", "Ana", "carl"]
    expect(page.locator('[data-dimension="listening"] [data-team-area]')).to_contain_text("carl 1")

    page.get_by_role("button", name="Remove carl from your team").click()
    assert team_names(page) == ["Ana (you)", "Ana"]
    stored = json.loads(page.evaluate(f"() => localStorage.getItem('{SA_KEY}')"))
    assert [member["name"] for member in stored["team"]] == ["Ana"]
    assert stored["me"]["ratings"] == LABOR


# --- loading: only on the planning pages, also through instant navigation ------------------


def loaded_scripts(page: Page) -> list[str]:
    return page.evaluate(
        "() => performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)"
        ".filter(p => p.endsWith('.js') && p.startsWith('/javascripts/'))"
    )


def test_scripts_load_only_on_the_planning_pages(page: Page, site_url: str) -> None:
    page.goto(site_url)
    page.wait_for_load_state("load")
    scripts = loaded_scripts(page)
    assert "/javascripts/planning.js" in scripts  # the small loader, on every page
    assert not [s for s in scripts if s.startswith(("/javascripts/planning/", "/javascripts/vendor/"))]
    assert page.evaluate("() => typeof qrcode === 'undefined' && !window.PRI.planning.util")

    open_tool(page, site_url, AP)
    scripts = loaded_scripts(page)
    assert "/javascripts/planning/action-plan.js" in scripts
    assert not [s for s in scripts if "qrcode" in s or "self-assessment" in s]  # QR code: not until someone shares

    open_tool(page, site_url, SA)
    assert not [s for s in loaded_scripts(page) if "qrcode" in s]  # not until someone shares
    be(page, "labor")
    share_link(page)
    assert "/javascripts/vendor/qrcode-generator/qrcode.js" in loaded_scripts(page)
    assert page.evaluate("() => document.querySelectorAll('link[href$=\"planning.css\"]').length") == 1
    page.goto(site_url + "conference/")
    assert page.evaluate("() => document.querySelectorAll('link[href$=\"planning.css\"]').length") == 0


def test_instant_navigation_from_the_home_page(page: Page, site_url: str) -> None:
    page.goto(site_url)
    page.wait_for_load_state("load")
    page.evaluate("() => { window.__samePage = true; }")
    page.locator(".md-tabs").get_by_role("link", name="Planning tools").click()
    page.wait_for_url("**/planning/")
    page.locator("article").get_by_role("link", name="Joint self-assessment").click()
    page.wait_for_url("**/" + SA)
    wait_ready(page)
    assert page.evaluate("() => window.__samePage") is True  # Material swapped the page in place
    be(page, "labor", "Ana")
    rate(page, "labor", {"listening": 1})
    accept_link_in_place(page, "#sa1.m.0000004.Lee")
    expect(page.locator('[data-dimension="listening"] [data-gap]')).to_be_visible()
    page.locator('[data-dimension="listening"] [data-plan-area]').click()
    page.wait_for_url("**/" + AP)
    wait_ready(page)
    expect(page.locator("[data-plan-steps] > li")).to_have_count(1)
    # Back to the self-assessment and again: set up once per visit, data kept.
    page.go_back()
    page.wait_for_url("**/" + SA)
    wait_ready(page)
    assert team_names(page) == ["Ana (you)", "Lee"]
    assert page.evaluate("() => window.__samePage") is True


def accept_link_in_place(page: Page, fragment: str) -> None:
    """A teammate's link opened in the same tab (only the fragment changes)."""
    page.evaluate("fragment => { location.hash = fragment; }", fragment)
    page.locator("dialog[open]").get_by_role("button", name="Add to my team").click()
    page.wait_for_selector("dialog[open]", state="detached")


# --- accessibility and layout of the new views -------------------------------------------------


def share_view(page: Page, site_url: str) -> None:
    open_tool(page, site_url, SA)
    be(page, "labor", "Ana")
    rate(page, "labor", LABOR)
    share_link(page)


def team_view(page: Page, site_url: str) -> None:
    share_view(page, site_url)
    accept_link(page, site_url + SA + "#sa1.m." + digits(MANAGEMENT) + ".Carl")
    expect(page.locator("[data-talk-list] > li")).to_have_count(4)


def confirm_view(page: Page, site_url: str) -> None:
    open_tool(page, site_url, SA)
    page.goto(site_url + SA + "#sa1.m." + digits(MANAGEMENT) + ".Carl")
    wait_ready(page)
    page.wait_for_selector("dialog[open]")


def plan_view(page: Page, site_url: str) -> None:
    team_view(page, site_url)
    page.locator('[data-talk-list] [data-plan-area="communication"]').click()
    page.wait_for_url("**/" + AP)
    wait_ready(page)
    expect(page.locator("[data-plan-steps] > li")).to_have_count(1)
    page.get_by_role("button", name="Add a step").click()
    page.locator("[data-plan-steps] > li").last.get_by_label("Find a resource by title").fill("common core")


VIEWS = {"share": share_view, "team": team_view, "confirm": confirm_view, "plan": plan_view}


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("view", list(VIEWS))
def test_new_views_are_accessible_and_fit(browser: Browser, site_url: str, view: str, width: int) -> None:
    """Each view fits the screen; axe finds nothing in the light palette, and on a phone
    in the dark one too (after the palette toggle, as a visitor switches it)."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    VIEWS[view](page, site_url)
    assert no_sideways_scroll(page)
    found = violations_in_both_palettes(page) if width == 390 else {"light": axe_violations(page)}
    context.close()
    assert all(violations == [] for violations in found.values()), found
