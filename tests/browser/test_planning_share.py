"""The plan belongs to the team, in Chromium: the action plan travels between phones by a
link (and its QR code), opening it asks and merges (both people's steps kept, the same
step once, a step changed on both kept twice and marked until someone picks); opening a
saved copy asks and offers to merge, on both tools; answers that cannot be read are kept
apart; names that hide characters are refused; the district's name heads the printed
packet. Screenshots go to /tmp/planning-shots/."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from axecheck import axe_violations
from planning_helpers import (
    AP,
    AP_KEY,
    PHONE,
    SA,
    SA_KEY,
    SHOTS,
    accept_link,
    be,
    export,
    import_file,
    no_sideways_scroll,
    open_tool,
    pdf_pages,
    rate,
    wait_ready,
)
from playwright.sync_api import Browser, Locator, Page, expect

from macros.publishing.opendata import FORMULA_START


def steps(page: Page) -> Locator:
    return page.locator("[data-plan-steps] > li")


def step_texts(page: Page) -> list[str]:
    return steps(page).get_by_label("What will be done").evaluate_all("nodes => nodes.map(n => n.value)")


def add_step(page: Page, text: str, labor: str = "", management: str = "") -> Locator:
    page.get_by_role("button", name="Add a step").click()
    step = steps(page).last
    step.get_by_label("What will be done").fill(text)
    if labor:
        step.get_by_label("Owner from labor").fill(labor)
    if management:
        step.get_by_label("Owner from management").fill(management)
    return step


def plan_link(page: Page) -> str:
    page.get_by_role("button", name="Share the plan").click()
    page.wait_for_selector("[data-share][data-link-ready] [data-share-qr] :is(svg, p)")
    return page.locator("[data-share-link]").input_value()


def open_link(page: Page, link: str) -> Locator:
    """Opens a teammate's plan link; returns the question the page asks."""
    page.goto(link)
    wait_ready(page)
    dialog = page.locator("dialog[open]")
    expect(dialog).to_be_visible()
    return dialog


def answer(page: Page, button: str) -> None:
    page.locator("dialog[open]").get_by_role("button", name=button).click()
    page.wait_for_selector("dialog[open]", state="detached")


def stored(page: Page, key: str) -> object:
    return json.loads(page.evaluate("key => localStorage.getItem(key)", key) or "null")


def test_two_phones_share_and_merge_the_plan(phones: tuple[Page, Page], site_url: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    superintendent, president = phones
    open_tool(superintendent, site_url, AP)
    add_step(superintendent, "Form a joint standards team", "Union president", "Superintendent")
    open_tool(president, site_url, AP)
    add_step(president, "Tell families, in English and Spanish", "Building reps", "Principals")

    # The president shares; the superintendent's phone asks first, then keeps both steps.
    link = plan_link(president)
    assert link.startswith(site_url + AP + "#ap1.") and "?" not in link
    expect(president.locator("[data-share-qr] svg")).to_have_attribute("aria-label", "QR code of the link to your plan")
    dialog = open_link(superintendent, link)
    expect(dialog.get_by_role("heading")).to_have_text("Merge the shared plan into yours?")
    expect(dialog).to_contain_text("New step: “Tell families, in English and Spanish”")
    assert no_sideways_scroll(superintendent)
    superintendent.screenshot(path=str(SHOTS / "plan-merge-prompt-390.png"))
    answer(superintendent, "Merge into my plan")
    assert step_texts(superintendent) == ["Form a joint standards team", "Tell families, in English and Spanish"]
    expect(superintendent.locator("[data-planning-status]")).to_contain_text("1 new step added, 0 steps already here.")
    assert "#" not in superintendent.url

    # And back: the step that is on both phones is kept once.
    dialog = open_link(president, plan_link(superintendent))
    expect(dialog).to_contain_text("1 step is the same on both: kept once.")
    answer(president, "Merge into my plan")
    assert step_texts(president) == ["Tell families, in English and Spanish", "Form a joint standards team"]

    both_change_a_step(superintendent, president)


def both_change_a_step(superintendent: Page, president: Page) -> None:
    """Both change the same step: the superintendent's phone keeps both versions, marked;
    keeping one leaves one step, with the first one's id."""
    steps(superintendent).first.get_by_label("What will be done").fill("Form a joint standards team by March")
    steps(president).last.get_by_label("Owner from labor").fill("Ana (union)")
    dialog = open_link(superintendent, plan_link(president))
    expect(dialog).to_contain_text("Changed on both, kept twice and marked: “Form a joint standards team”")
    answer(superintendent, "Merge into my plan")
    expect(steps(superintendent)).to_have_count(3)
    notes = superintendent.locator("[data-conflict-note]:visible [data-conflict-text]")
    expect(notes).to_have_text(
        [
            "Changed on both devices: this is the version that was here; the other is step 2. Keep one of them.",
            "Changed on both devices: this is the other version of step 1. Keep one of the two.",
        ]
    )
    assert no_sideways_scroll(superintendent)
    steps(superintendent).first.locator("[data-conflict-note]").scroll_into_view_if_needed()
    superintendent.screenshot(path=str(SHOTS / "plan-conflict-390.png"))

    # The superintendent keeps the president's version.
    first_id = steps(superintendent).first.get_attribute("data-step-id")
    superintendent.get_by_role("button", name="Keep this version of step 2").click()
    assert step_texts(superintendent) == ["Form a joint standards team", "Tell families, in English and Spanish"]
    expect(steps(superintendent).first.get_by_label("Owner from labor")).to_have_value("Ana (union)")
    expect(superintendent.locator("[data-conflict-note]:visible")).to_have_count(0)
    plan = stored(superintendent, AP_KEY)
    assert plan["steps"][0]["id"] == first_id and "conflict" not in plan["steps"][0]

    # Opening the same link again adds nothing.
    superintendent.goto(plan_link(president))
    wait_ready(superintendent)
    expect(superintendent.locator("[data-planning-status]")).to_have_text(
        "Every step of this shared plan is already in yours."
    )
    expect(superintendent.locator("dialog[open]")).to_have_count(0)


def test_a_conflict_seen_on_a_wide_screen(page: Page, site_url: str, tmp_path: Path) -> None:
    """The same marks from a saved copy (1280 px): screenshots, axe, no sideways scroll."""
    open_tool(page, site_url, AP)
    add_step(page, "Form a joint standards team", "Union president", "Superintendent")
    saved = export(page, "json", tmp_path)
    steps(page).first.get_by_label("Owner from management").fill("Deputy superintendent")
    import_file(page, tmp_path, "plan.json", saved)
    dialog = page.locator("dialog[open]")
    expect(dialog.get_by_role("button")).to_have_text(["Merge with mine", "Replace mine", "Keep mine as it is"])
    page.screenshot(path=str(SHOTS / "plan-merge-prompt-1280.png"))
    assert axe_violations(page) == []
    answer(page, "Merge with mine")
    expect(page.locator("[data-conflict-note]:visible")).to_have_count(2)
    assert no_sideways_scroll(page)
    page.screenshot(path=str(SHOTS / "plan-conflict-1280.png"))
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", [390, 1280])
def test_the_merge_prompt_and_the_marks_are_accessible(browser: Browser, site_url: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    open_tool(page, site_url, AP)
    add_step(page, "Form a joint standards team", "Union president")
    link = plan_link(page)
    assert axe_violations(page) == []  # the share panel
    steps(page).first.get_by_label("Owner from labor").fill("Ana")
    open_link(page, link)
    assert no_sideways_scroll(page)
    assert axe_violations(page) == []
    answer(page, "Merge into my plan")
    expect(page.locator("[data-conflict-note]:visible")).to_have_count(2)
    assert no_sideways_scroll(page)
    found = axe_violations(page)
    context.close()
    assert found == []


def test_opening_a_saved_plan_asks_first(page: Page, site_url: str, tmp_path: Path) -> None:
    open_tool(page, site_url, AP)
    add_step(page, "Form a joint standards team")
    saved = export(page, "json", tmp_path)
    add_step(page, "Keep me: written after the copy was saved")
    before = page.evaluate(f"() => localStorage.getItem('{AP_KEY}')")

    import_file(page, tmp_path, "plan.json", saved)
    expect(page.locator("dialog[open]")).to_contain_text("1 step is the same on both: kept once.")
    answer(page, "Keep mine as it is")
    expect(page.locator("[data-planning-status]")).to_have_text("Nothing was opened: yours is as it was.")
    assert page.evaluate(f"() => localStorage.getItem('{AP_KEY}')") == before

    import_file(page, tmp_path, "plan.json", saved)
    answer(page, "Merge with mine")
    assert step_texts(page) == ["Form a joint standards team", "Keep me: written after the copy was saved"]

    import_file(page, tmp_path, "plan.json", saved)
    answer(page, "Replace mine")
    expect(page.locator("[data-planning-status]")).to_have_text("Opened plan.json: it replaced what was here.")
    assert step_texts(page) == ["Form a joint standards team"]


def test_opening_a_saved_self_assessment_asks_and_merges(browser: Browser, site_url: str, tmp_path: Path) -> None:
    """Ana's saved copy (her ratings, Carl's, a note) opened on Lee's laptop: Lee's own
    ratings, team and note stay; Ana and Carl join; Ana's note goes below Lee's."""
    ana = browser.new_page()
    open_tool(ana, site_url, SA)
    be(ana, "labor", "Ana")
    rate(ana, "labor", {"listening": 1})
    ana.get_by_label("Notes").first.fill("Ana: start with the teachers' survey.")
    accept_link(ana, site_url + SA + "#sa1.m.4000000.Carl")
    saved = export(ana, "json", tmp_path)
    ana.context.close()

    lee = browser.new_page()
    open_tool(lee, site_url, SA)
    be(lee, "management", "Lee")
    rate(lee, "management", {"listening": 4})
    lee.get_by_label("Notes").first.fill("Lee: ask the board first.")
    import_file(lee, tmp_path, "ana.json", saved)
    dialog = lee.locator("dialog[open]")
    expect(dialog.locator("li")).to_have_text(
        [
            "Ana (labor): added to your team.",
            "Carl (management): added to your team.",
            "Notes on “Shared understanding of the standards”: the file's added below yours.",
        ]
    )
    answer(lee, "Merge with mine")
    expect(lee.locator("[data-team-members] .pri-member__name")).to_have_text(["Lee (you)", "Ana", "Carl"])
    expect(lee.get_by_label("Notes").first).to_have_value(
        "Lee: ask the board first.\n\nAna: start with the teachers' survey."
    )
    state = stored(lee, SA_KEY)
    assert state["me"]["name"] == "Lee" and state["me"]["ratings"]["listening"] == 4

    import_file(lee, tmp_path, "ana.json", saved)
    answer(lee, "Replace mine")
    expect(lee.get_by_label("Your name or initials (optional)")).to_have_value("Ana")
    lee.context.close()


# --- answers that cannot be read are kept apart ----------------------------------------------

V2 = {"tool": "self-assessment", "version": 2}
UNREADABLE = {
    "another-version": json.dumps({**V2, "version": 9}),
    "out-of-range": json.dumps({**V2, "me": {"name": "A", "side": "labor", "ratings": {"listening": 7}}}),
    "long-name": json.dumps({**V2, "me": {"name": "N" * 500, "side": "labor", "ratings": {}}}),
    "many-members": json.dumps({**V2, "team": [{"name": "", "side": "labor", "ratings": {}}] * 5000}),
    "not-json": "{this is not json",
}


@pytest.mark.parametrize("raw", list(UNREADABLE.values()), ids=list(UNREADABLE))
def test_unreadable_answers_are_kept_apart(page: Page, site_url: str, tmp_path: Path, raw: str) -> None:
    open_tool(page, site_url, SA)
    page.evaluate("([key, raw]) => localStorage.setItem(key, raw)", [SA_KEY, raw])
    page.reload()
    wait_ready(page)
    notice = page.locator("[data-planning-unreadable]")
    expect(notice).to_contain_text("saved earlier in this browser could not be read")
    expect(notice).to_contain_text("They are kept apart, untouched, until you discard them")
    be(page, "labor", "Ana")  # the first change
    aside = SA_KEY + ":unreadable:1"
    assert page.evaluate("key => localStorage.getItem(key)", aside) == raw
    assert stored(page, SA_KEY)["me"]["name"] == "Ana"
    with page.expect_download() as download:
        notice.get_by_role("button", name="Save them to a file").click()
    assert Path(download.value.path()).read_text(encoding="utf-8") == raw
    page.reload()  # still there on the next visit
    wait_ready(page)
    expect(notice).to_be_visible()
    notice.get_by_role("button", name="Discard them").click()
    answer(page, "Keep them")
    assert page.evaluate("key => localStorage.getItem(key)", aside) == raw
    notice.get_by_role("button", name="Discard them").click()
    answer(page, "Discard them")
    expect(notice).to_be_hidden()
    assert page.evaluate("key => localStorage.getItem(key)", aside) is None


def test_an_unreadable_plan_is_kept_apart(page: Page, site_url: str) -> None:
    open_tool(page, site_url, AP)
    raw = json.dumps({"tool": "action-plan", "version": 2, "steps": [{"date": "2014-02-30"}]})
    page.evaluate("([key, raw]) => localStorage.setItem(key, raw)", [AP_KEY, raw])
    page.reload()
    wait_ready(page)
    expect(page.locator("[data-planning-unreadable]")).to_contain_text("is not a real date")
    add_step(page, "A new first step")
    assert page.evaluate("key => localStorage.getItem(key)", AP_KEY + ":unreadable:1") == raw
    assert axe_violations(page) == []


# --- names: nothing invisible, nothing that turns the text's direction; shown as given -------


@pytest.mark.parametrize(
    ("encoded", "codepoint"),
    [
        ("%E2%80%AEanA", "U+202E"),  # right-to-left override
        ("A%E2%80%8Bna", "U+200B"),  # zero-width space
        ("%EF%BB%BFAna", "U+FEFF"),  # byte-order mark
        ("%E2%81%A6Ana%E2%81%A9", "U+2066"),  # left-to-right isolate
        ("Ana%E2%80%8F", "U+200F"),  # right-to-left mark
        ("Ana%F3%A0%80%81", "U+E0001"),  # a tag character
    ],
    ids=["rlo", "zwsp", "bom", "isolate", "rlm", "tag"],
)
def test_a_name_that_hides_characters_is_refused(page: Page, site_url: str, encoded: str, codepoint: str) -> None:
    open_tool(page, site_url, SA)
    page.goto(site_url + SA + "#sa1.l.1111111." + encoded)
    wait_ready(page)
    expect(page.locator("[data-planning-error]")).to_have_text(
        "This link could not be read, so nothing was added: the name holds a character that is invisible "
        f"or turns the text's direction ({codepoint})."
    )
    expect(page.locator("dialog[open]")).to_have_count(0)


def test_names_are_shown_as_given_and_typed_ones_cleaned(page: Page, site_url: str) -> None:
    open_tool(page, site_url, SA)
    page.goto(site_url + SA + "#sa1.m.1111111.a.b.c")
    wait_ready(page)
    dialog = page.locator("dialog[open]")
    expect(dialog.get_by_role("heading")).to_have_text("Add a.b.c to your team?")
    expect(dialog).to_contain_text("a.b.c (management) shared these ratings.")
    answer(page, "Add to my team")
    page.get_by_label("Your name or initials (optional)").fill("A\u200bn\u202ea\ufeff")
    be(page, "labor")
    assert stored(page, SA_KEY)["me"]["name"] == "Ana"
    page.get_by_role("button", name="Share my ratings").first.click()
    expect(page.locator("[data-share-link]")).to_have_value(site_url + SA + "#sa1.l.0000000.Ana")


def test_an_owner_that_hides_characters_is_refused_in_a_plan(page: Page, site_url: str, tmp_path: Path) -> None:
    open_tool(page, site_url, AP)
    plan = {"tool": "action-plan", "version": 2, "steps": [{"step": "x", "labor_owner": "An\u202ea"}]}
    import_file(page, tmp_path, "plan.json", json.dumps(plan))
    expect(page.locator("[data-planning-error]")).to_have_text(
        "Nothing was opened: Step 1: the labor owner holds a character that is invisible or turns the text's "
        "direction (U+202E)."
    )


# --- the browser's CSV guards what the build's CSV guards ------------------------------------


def test_the_browser_csv_guards_every_formula_start(page: Page, site_url: str, tmp_path: Path) -> None:
    open_tool(page, site_url, AP)
    rules = json.loads(page.locator("[data-planning]").get_attribute("data-text-rules"))
    assert rules["formula"] == list(FORMULA_START)  # written by the build, from the open data's list
    starts = ["\uff1dSUM(A1)", "\uff0b1", "\uff0d1", "\uff20A1", "=1", "+1", "-1", "@A1"]
    for start in starts:
        add_step(page, start)
    lines = export(page, "csv", tmp_path).splitlines()[1:]
    assert [line.split(",")[1] for line in lines] == ["'" + start for start in starts]


# --- the district's name and the printed packet ----------------------------------------------

MEMBERS = [("l", "2132312", "Ana"), ("l", "1122212", "Teacher Ruiz"), ("m", "3313233", "Principal Lee")]


def test_the_packet_prints_on_three_letter_pages_with_the_district(page: Page, site_url: str) -> None:
    page.set_viewport_size(PHONE)
    open_tool(page, site_url, SA)
    be(page, "management", "Superintendent")
    rate(page, "management", {"listening": 4, "communication": 4, "shared-understanding": 3})
    for side, ratings, name in MEMBERS:
        accept_link(page, site_url + SA + f"#sa1.{side}.{ratings}.{name.replace(' ', '%20')}")
    page.get_by_label("Your district or state (printed on top)").fill("Toledo Public Schools")
    page.emulate_media(media="print")
    expect(page.locator("[data-print-district]")).to_have_text("Toledo Public Schools")
    page.emulate_media(media="screen")

    open_tool(page, site_url, AP)
    expect(page.get_by_label("Your district or state (printed on top)")).to_have_value("Toledo Public Schools")
    expect(page.locator("[data-packet-note]")).to_contain_text("(4 people): one packet")
    for number in range(8):  # eight full steps, as the conference's teams wrote them
        step = add_step(
            page,
            f"Step {number + 1}: agree with the joint committee on what comes next, and tell the schools",
            "Ana (union)",
            "Superintendent",
        )
        step.get_by_label("Area of the self-assessment").select_option("communication")
        step.get_by_label("By (date)").fill(f"2014-0{number + 1}-15")
        step.get_by_label("Parents and families", exact=True).check()
        step.get_by_label("Teachers", exact=True).check()
        for box in step.locator('[data-resource-list] input[name="resources"]').all()[:3]:
            box.check()
    page.emulate_media(media="print")
    expect(page.locator("[data-print-district]")).to_have_text("Toledo Public Schools")
    summary = page.locator("[data-packet-summary]")
    expect(summary).to_be_visible()
    expect(summary.locator("tbody tr")).to_have_count(7)
    expect(summary).to_contain_text("Labor: Ana, Teacher Ruiz · Management: Superintendent, Principal Lee")
    expect(page.locator("[data-plan-print] tbody tr")).to_have_count(8)
    pages = pdf_pages(page.pdf(format="Letter", print_background=True))
    assert 1 <= pages <= 3, pages
    page.set_viewport_size({"width": 816, "height": 1056})
    page.screenshot(path=str(SHOTS / "printed-packet-letter.png"), full_page=True)


# --- the plan's link: its format, and links that were cut or changed --------------------------


def plain_link(site_url: str, rows: list[list[object]]) -> str:
    """A link as a browser without CompressionStream makes it (packing j)."""
    data = base64.urlsafe_b64encode(json.dumps(rows).encode("utf-8")).decode("ascii").rstrip("=")
    return site_url + AP + "#ap1.j." + data


def test_a_plain_plan_link_opens(page: Page, site_url: str) -> None:
    open_tool(page, site_url, AP)
    row = ["abcd1234", "Tell families", "communication", "Ana", "", "2014-05-15", ["parents"], [], ""]
    dialog = open_link(page, plain_link(site_url, [row]))
    expect(dialog.get_by_role("heading")).to_have_text("Open the shared plan?")
    answer(page, "Merge into my plan")
    assert step_texts(page) == ["Tell families"]
    expect(steps(page).first.get_by_label("Area of the self-assessment")).to_have_value("communication")
    assert stored(page, AP_KEY)["steps"][0]["id"] == "abcd1234"


@pytest.mark.parametrize(
    ("fragment", "message"),
    [
        ("#ap2.z.AAAA", "it was made by another version of this tool (ap2)"),
        ("#ap1.z", "it is incomplete"),
        ("#ap1.z.%%%", "it was cut or changed on the way"),
        ("#ap1.z.q1YqLUYqLUYtAAA", "it was cut or changed on the way"),
        ("#ap1.j.eyJhIjogMX0", "it holds no list of steps"),
        ("#ap1.j.W1siYWIiXV0", "step 1 is not complete"),
    ],
    ids=["version", "cut", "not-base64", "not-deflate", "not-a-list", "short-row"],
)
def test_a_changed_plan_link_is_refused(page: Page, site_url: str, fragment: str, message: str) -> None:
    open_tool(page, site_url, AP)
    add_step(page, "Keep me")
    before = page.evaluate(f"() => localStorage.getItem('{AP_KEY}')")
    page.goto(site_url + AP + fragment)
    wait_ready(page)
    expect(page.locator("[data-planning-error]")).to_contain_text(
        "This link could not be read, so nothing was added: " + message
    )
    expect(page.locator("dialog[open]")).to_have_count(0)
    assert page.evaluate(f"() => localStorage.getItem('{AP_KEY}')") == before


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["abcd1234", "x", "no-such-area", "", "", "", [], [], ""], "is not an area of the self-assessment"),
        (["abcd1234", "x", "", "An\u202ea", "", "", [], [], ""], "(U+202E)"),
        (["ABCD!", "x", "", "", "", "", [], [], ""], "the id must be 4 to 16 lowercase letters or digits"),
        (["abcd1234", "x", "", "", "", "2014-02-30", [], [], ""], "is not a real date"),
    ],
    ids=["area", "bidi-owner", "id", "date"],
)
def test_a_plan_link_with_a_bad_step_is_refused(page: Page, site_url: str, row: list[object], message: str) -> None:
    open_tool(page, site_url, AP)
    page.goto(plain_link(site_url, [row]))
    wait_ready(page)
    expect(page.locator("[data-planning-error]")).to_contain_text("could not be read, so nothing was added: step 1")
    expect(page.locator("[data-planning-error]")).to_contain_text(message)
    expect(steps(page)).to_have_count(0)
