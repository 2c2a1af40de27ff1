"""The planning tools in Chromium: persistence, export and import, refusal of bad files,
the resource picker and dates of the action plan, print. The team across devices (share
links, QR code, the team view) is in test_planning_team.py."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from helpers import ROOT
from planning_helpers import AP, AP_KEY, SA, SA_KEY, accept_link, be, export, import_file, open_tool, rate, wait_ready
from playwright.sync_api import Browser, Page, expect

NOTES = 'We disagree, "strongly"; <script>alert(1)</script>'


def fill_self_assessment(page: Page) -> None:
    """Ana, from labor, rates two areas and writes a note; Carl's link (management) is
    accepted, so the first area has a gap of two levels."""
    be(page, "labor", "Ana")
    rate(page, "labor", {"shared-understanding": 2, "communication": 3})
    page.get_by_label("Notes").first.fill(NOTES)
    accept_link(page, page.url.split("#")[0] + "#sa1.m.4000000.Carl")


def test_self_assessment_persists_and_shows_gaps(page: Page, site_url: str) -> None:
    open_tool(page, site_url, SA)
    # Only the person's side can be rated; before choosing one, neither group shows.
    expect(page.locator('fieldset[data-side="labor"]').first).to_be_hidden()
    expect(page.locator("[data-rate-hint]").first).to_be_visible()
    fill_self_assessment(page)
    expect(page.locator('fieldset[data-side="management"]').first).to_be_hidden()
    gap = page.locator('[data-dimension="shared-understanding"] [data-gap]')
    expect(gap).to_have_text("Labor rated 2 and management 4: a gap of 2 levels. Talk this one through first.")
    expect(page.locator('[data-dimension="communication"] [data-gap]')).to_be_hidden()
    page.reload()
    wait_ready(page)
    expect(page.locator('input[name="shared-understanding-labor"][value="2"]')).to_be_checked()
    expect(page.get_by_label("Your name or initials (optional)")).to_have_value("Ana")
    expect(page.get_by_label("Notes").first).to_have_value(NOTES)
    expect(gap).to_be_visible()
    expect(page.locator("[data-team-members] li")).to_have_count(2)
    assert "this browser only" in page.locator(".pri-planning__privacy").text_content()


def test_changing_side_keeps_my_ratings(page: Page, site_url: str) -> None:
    open_tool(page, site_url, SA)
    be(page, "labor")
    rate(page, "labor", {"listening": 3})
    be(page, "management")
    expect(page.locator('input[name="listening-management"][value="3"]')).to_be_checked()
    expect(page.locator('input[name="listening-labor"][value=""]')).to_be_checked()
    stored = json.loads(page.evaluate(f"() => localStorage.getItem('{SA_KEY}')"))
    assert stored["me"]["side"] == "management" and stored["me"]["ratings"]["listening"] == 3


def test_self_assessment_export_import_round_trip(page: Page, browser: Browser, site_url: str, tmp_path: Path) -> None:
    open_tool(page, site_url, SA)
    fill_self_assessment(page)
    exported = json.loads(export(page, "json", tmp_path))
    assert exported["tool"] == "self-assessment" and exported["version"] == 2
    assert exported["me"] == {
        "name": "Ana",
        "side": "labor",
        "ratings": {area: {"shared-understanding": 2, "communication": 3}.get(area) for area in exported["notes"]},
    }
    assert exported["team"][0]["name"] == "Carl" and exported["team"][0]["side"] == "management"
    assert exported["notes"]["shared-understanding"] == NOTES
    markdown = export(page, "markdown", tmp_path)
    assert "| Area | Ana \\(you\\) (labor) | Carl (management) | Labor | Management | Gap | Notes |" in markdown
    assert "| Shared understanding of the standards | 2 | 4 | 2 | 4 | 2 | " in markdown
    assert "&lt;script&gt;" in markdown and "<script>" not in markdown  # what people typed is escaped
    assert "## Talk these through first" in markdown
    rows = list(csv.DictReader(io.StringIO(export(page, "csv", tmp_path))))
    assert rows[0]["area"] == "shared-understanding" and rows[0]["gap"] == "2"
    assert rows[0]["Ana (you) (labor)"] == "2" and rows[0]["Carl (management)"] == "4"

    other = browser.new_context()
    fresh = other.new_page()
    open_tool(fresh, site_url, SA)
    import_file(fresh, tmp_path, "assessment.json", json.dumps(exported))
    expect(fresh.locator("[data-planning-status]")).to_have_text("Opened assessment.json.")
    expect(fresh.locator('input[name="shared-understanding-labor"][value="2"]')).to_be_checked()
    again = json.loads(export(fresh, "json", tmp_path))
    assert again == exported  # exactly the same answers
    other.close()


def test_a_version_1_export_still_imports(page: Page, site_url: str, tmp_path: Path) -> None:
    """Version 1 files (labor and management side by side on one device): each side
    becomes a member of the team, and the notes are kept."""
    open_tool(page, site_url, SA)
    old = {
        "tool": "self-assessment",
        "version": 1,
        "ratings": {"listening": {"labor": 1, "management": 3, "notes": "From 2014"}},
    }
    import_file(page, tmp_path, "old.json", json.dumps(old))
    expect(page.locator("[data-planning-status]")).to_have_text("Opened old.json.")
    expect(page.locator('[data-dimension="listening"] [data-gap]')).to_have_text(
        "Labor rated 1 and management 3: a gap of 2 levels. Talk this one through first."
    )
    expect(page.locator("[data-team-members] li")).to_have_text(
        ["Labor member 1laborRemove", "Management member 1managementRemove"]
    )
    expect(page.locator('textarea[name="listening-notes"]')).to_have_value("From 2014")


V2 = '{"tool": "self-assessment", "version": 2, '


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not json {", "the file is not a saved copy"),
        ("[1, 2, 3]", "does not hold a self-assessment"),
        ('{"tool": "action-plan", "version": 1, "steps": []}', "is not a saved self-assessment"),
        ('{"tool": "self-assessment", "version": 3}', "this page reads versions 1 and 2"),
        ('{"tool": "self-assessment", "version": 1, "ratings": {"__proto__": {"labor": 1}}}', "unexpected field"),
        ('{"tool": "self-assessment", "version": 1, "ratings": {"listening": {"labor": 99}}}', "from 1 to 4"),
        (V2 + '"notes": {"__proto__": "x"}}', "unexpected field"),
        (V2 + '"team": [{"name": "B", "side": "labor", "ratings": {"listening": 5}}]}', "from 1 to 4"),
        (V2 + '"team": [{"name": "B", "side": "labor", "ratings": {"no-such-area": 1}}]}', "unexpected field"),
        (V2 + '"team": [{"name": "B", "side": "board", "ratings": {}}]}', "the side must be"),
        (V2 + '"team": [{"name": 7, "side": "labor", "ratings": {}}]}', "the name must be text"),
        (V2 + '"team": [{"name": "' + "x" * 10_000 + '", "side": "labor"}]}', "longer than 32 characters"),
        (V2 + '"team": {"name": "B"}}', "The team must be a list"),
        (V2 + '"me": {"name": "A", "side": null, "ratings": {"listening": 2}}}', "ratings but no side"),
        (
            '{"tool": "self-assessment", "version": 2, "team": [], "run": "<img src=x onerror=alert(1)>"}',
            "unexpected field",
        ),
        (b"{" + b" " * (1024 * 1024 + 10) + b"}", "larger than 1 MB"),
    ],
    ids=[
        "not-json",
        "a-list",
        "other-tool",
        "future-version",
        "v1-proto",
        "v1-out-of-range",
        "notes-proto",
        "out-of-range",
        "unknown-area",
        "unknown-side",
        "name-not-text",
        "name-too-long",
        "team-not-a-list",
        "ratings-without-side",
        "extra-field",
        "too-large",
    ],
)
def test_a_bad_import_changes_nothing(
    page: Page, site_url: str, tmp_path: Path, content: str | bytes, message: str
) -> None:
    open_tool(page, site_url, SA)
    fill_self_assessment(page)
    before = page.evaluate(f"() => localStorage.getItem('{SA_KEY}')")
    import_file(page, tmp_path, "bad.json", content)
    error = page.locator("[data-planning-error]")
    expect(error).to_be_visible()
    expect(error).to_contain_text("Nothing was opened")
    expect(error).to_contain_text(message)
    expect(page.locator('input[name="shared-understanding-labor"][value="2"]')).to_be_checked()
    expect(page.locator("[data-team-members] li")).to_have_count(2)
    assert page.evaluate(f"() => localStorage.getItem('{SA_KEY}')") == before
    assert page.evaluate("() => Object.prototype.labor") is None


def test_clear_my_data_asks_first(page: Page, site_url: str) -> None:
    open_tool(page, site_url, SA)
    fill_self_assessment(page)
    page.get_by_role("button", name="Clear my data").click()
    page.locator("dialog[open]").get_by_role("button", name="Keep my data").click()
    expect(page.locator('input[name="shared-understanding-labor"][value="2"]')).to_be_checked()
    page.get_by_role("button", name="Clear my data").click()
    page.locator("dialog[open]").get_by_role("button", name="Clear everything").click()
    expect(page.locator("[data-team-members] li")).to_have_count(0)
    expect(page.locator('input[name="me-side"]:checked')).to_have_count(0)
    assert page.evaluate(f"() => localStorage.getItem('{SA_KEY}')") is None
    page.reload()
    wait_ready(page)
    expect(page.get_by_label("Notes").first).to_have_value("")
    expect(page.get_by_label("Your name or initials (optional)")).to_have_value("")


def pick(step, words: str, title_start: str) -> None:
    """Finds a resource with the filter box and ticks it."""
    step.get_by_label("Find a resource by title").fill(words)
    step.locator("[data-resource-list] label", has_text=title_start).first.locator("input").check()
    step.get_by_label("Find a resource by title").fill("")


def add_step(page: Page, text: str, labor: str, management: str, date: str) -> None:
    page.get_by_role("button", name="Add a step").click()
    step = page.locator("[data-plan-steps] > li").last
    step.get_by_label("What will be done").fill(text)
    step.get_by_label("Owner from labor").fill(labor)
    step.get_by_label("Owner from management").fill(management)
    step.get_by_label("By (date)").fill(date)
    step.get_by_label("Parents and families", exact=True).check()
    step.get_by_label("Teachers", exact=True).check()
    pick(step, "same page effective", "On the Same Page: Effective")
    pick(step, "communicating common", "Communicating the Common Core")


def test_action_plan_round_trip(page: Page, browser: Browser, site_url: str, tmp_path: Path) -> None:
    open_tool(page, site_url, AP)
    expect(page.locator("select[multiple]")).to_have_count(0)  # no Ctrl-click list
    assert "Ctrl" not in page.locator("[data-planning]").inner_text()
    add_step(page, "Form a joint standards team", "Union president", "Superintendent", "2014-04-01")
    add_step(page, "=Tell families, in English and Spanish", "Building reps", "Principals", "2014-05-15")
    page.reload()
    wait_ready(page)
    expect(page.locator("[data-plan-steps] > li")).to_have_count(2)
    first = page.locator("[data-plan-steps] > li").first
    expect(first.get_by_label("Owner from management")).to_have_value("Superintendent")
    expect(first.locator('[data-resource-list] input[name="resources"]:checked')).to_have_count(2)
    expect(first.locator("[data-step-links] a").first).to_have_js_property(
        "href", site_url + "resources/communicating-the-common-core/"
    )
    exported = json.loads(export(page, "json", tmp_path))
    assert exported["version"] == 3
    assert [s["step"] for s in exported["steps"]] == [
        "Form a joint standards team",
        "=Tell families, in English and Spanish",
    ]
    assert exported["steps"][0]["stakeholders"] == ["teachers", "parents"]
    assert exported["steps"][0]["resources"] == ["communicating-the-common-core", "on-the-same-page"]
    assert exported["steps"][0]["area"] == ""
    rows = list(csv.DictReader(io.StringIO(export(page, "csv", tmp_path))))
    assert rows[1]["step"] == "'=Tell families, in English and Spanish"  # no spreadsheet formula
    assert "| 1 | Form a joint standards team |  | Union president | Superintendent | 2014-04-01 |" in export(
        page, "markdown", tmp_path
    )

    other = browser.new_context()
    fresh = other.new_page()
    open_tool(fresh, site_url, AP)
    import_file(fresh, tmp_path, "plan.json", json.dumps(exported))
    expect(fresh.locator("[data-plan-steps] > li")).to_have_count(2)
    assert json.loads(export(fresh, "json", tmp_path)) == exported
    import_file(fresh, tmp_path, "bad.json", json.dumps({**exported, "steps": [{"id": "abcd1234", "step": 1}]}))
    expect(fresh.locator("[data-planning-error]")).to_contain_text("Step 1: the step must be text")
    expect(fresh.locator("[data-plan-steps] > li")).to_have_count(2)
    other.close()

    first.get_by_role("button", name="Remove this step").click()
    expect(page.locator("[data-plan-steps] > li")).to_have_count(1)
    expect(page.locator("[data-step-number]")).to_have_text("1")


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ({"date": "2014-02-30"}, 'Step 1: the date "2014-02-30" is not a real date'),
        ({"date": "soon"}, "is not a real date"),
        ({"area": "no-such-area"}, "is not an area of the self-assessment"),
        ({"resources": ["no-such-resource"]}, "is not a known resource"),
        ({"stakeholders": ["__proto__"]}, "is not a known stakeholder"),
        ({"labor_owner": "x" * 201}, "longer than 200 characters"),
    ],
    ids=["february-30", "not-a-date", "unknown-area", "unknown-resource", "proto-stakeholder", "long-owner"],
)
def test_a_bad_action_plan_changes_nothing(page: Page, site_url: str, tmp_path: Path, step: dict, message: str) -> None:
    open_tool(page, site_url, AP)
    page.get_by_role("button", name="Add a step").click()
    page.get_by_label("What will be done").fill("Keep me")
    before = page.evaluate(f"() => localStorage.getItem('{AP_KEY}')")
    import_file(page, tmp_path, "bad.json", json.dumps({"tool": "action-plan", "version": 2, "steps": [step]}))
    expect(page.locator("[data-planning-error]")).to_contain_text(message)
    expect(page.get_by_label("What will be done")).to_have_value("Keep me")
    assert page.evaluate(f"() => localStorage.getItem('{AP_KEY}')") == before


def test_links_lead_into_the_site_after_instant_navigation(page: Page, site_url: str) -> None:
    """The tool reached without a reload from a page at another depth: its links still
    resolve against the site's root (PRI.url), not against the first page's address."""
    page.goto(site_url + "planning/")
    page.get_by_role("link", name="Joint action plan").click()
    page.wait_for_url(site_url + AP)
    wait_ready(page)
    assert page.evaluate("() => performance.getEntriesByType('navigation').length") == 1  # no reload
    page.get_by_role("button", name="Add a step").click()
    step = page.locator("[data-plan-steps] > li").last
    pick(step, "communicating common", "Communicating the Common Core")
    expect(step.locator("[data-step-links] a").first).to_have_js_property(
        "href", site_url + "resources/communicating-the-common-core/"
    )


def test_a_date_that_is_not_real_is_refused_with_a_message(page: Page, site_url: str) -> None:
    """Where the browser has no date picker the field is plain text: 2014-02-30 is then
    refused with a message beside the field, and not kept."""
    open_tool(page, site_url, AP)
    page.get_by_role("button", name="Add a step").click()
    date = page.get_by_label("By (date)")
    date.evaluate("input => input.type = 'text'")
    date.fill("2014-02-30")
    message = page.locator("[data-date-error]")
    expect(message).to_be_visible()
    expect(message).to_contain_text("is not a real date")
    expect(date).to_have_attribute("aria-invalid", "true")
    stored = json.loads(page.evaluate(f"() => localStorage.getItem('{AP_KEY}')"))
    assert stored["steps"][0]["date"] == ""
    date.fill("2014-02-28")
    expect(message).to_be_hidden()
    stored = json.loads(page.evaluate(f"() => localStorage.getItem('{AP_KEY}')"))
    assert stored["steps"][0]["date"] == "2014-02-28"


def test_the_resource_picker_searches_and_keeps_choices(page: Page, site_url: str) -> None:
    open_tool(page, site_url, AP)
    page.get_by_role("button", name="Add a step").click()
    step = page.locator("[data-plan-steps] > li").first
    expect(step.locator("[data-resource-list] li")).to_have_count(0)
    total = len(list((ROOT / "data/resources").rglob("*.yml")))
    expect(step.locator("[data-resource-note]")).to_contain_text(f"Type to find resources among the {total}")
    step.get_by_label("Find a resource by title").fill("COMMON core")  # any case
    expect(step.locator("[data-resource-list] li")).to_have_count(12)
    expect(step.locator("[data-resource-note]")).to_contain_text("type more to narrow")
    pick(step, "parent roadmaps", "Parent Roadmaps")
    expect(step.locator("[data-resource-list] input:checked")).to_have_count(1)  # still listed, ticked
    step.get_by_label("Find a resource by title").fill("zzzz nothing")
    expect(step.locator("[data-resource-note]")).to_have_text("No other resource matches what you typed.")
    expect(step.locator("[data-resource-list] input:checked")).to_have_count(1)
    # An area proposes its resources, unticked, until a search replaces them.
    step.get_by_label("Find a resource by title").fill("")
    step.get_by_label("Area of the self-assessment").select_option("communication")
    expect(step.locator("[data-resource-list] li")).to_have_count(6)
    expect(step.locator("[data-resource-note]")).to_contain_text("Proposed for this area")


def test_markdown_export_escapes_what_people_typed(page: Page, site_url: str, tmp_path: Path) -> None:
    open_tool(page, site_url, AP)
    page.get_by_role("button", name="Add a step").click()
    page.get_by_label("What will be done").fill("<img src=x onerror=alert(1)> | *bold* [link](javascript:x) `code`")
    page.get_by_label("Owner from labor").fill("_Ana_\nnext line")
    markdown = export(page, "markdown", tmp_path)
    row = markdown.splitlines()[-1]
    assert "&lt;img src=x onerror=alert\\(1\\)&gt; \\| \\*bold\\* \\[link\\]\\(javascript:x\\) \\`code\\`" in row
    assert "\\_Ana\\_ next line" in row
    assert len(re.split(r"(?<!\\)\|", row)) == 8 + 2  # the typed "|" did not add a column


@pytest.mark.parametrize("path", [SA, AP])
def test_tools_print_without_navigation(page: Page, site_url: str, path: str) -> None:
    open_tool(page, site_url, path)
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer", "[data-planning-actions]"):
        assert page.locator(selector).first.is_hidden(), selector
    meta = page.locator("[data-print-meta]")
    expect(meta).to_be_visible()
    expect(meta).to_contain_text("Planning Resource Inventory")
    expect(meta).to_contain_text(site_url + path)
    assert page.pdf(format="Letter").startswith(b"%PDF")
