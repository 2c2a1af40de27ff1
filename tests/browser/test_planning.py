"""The planning tools in Chromium: persistence, export and import, refusal of bad files, print."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

SA = "planning/self-assessment/"
AP = "planning/action-plan/"


def open_tool(page: Page, site_url: str, path: str) -> None:
    page.goto(site_url + path)
    page.wait_for_selector('[data-planning][data-state="ready"]', state="attached")


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


def fill_self_assessment(page: Page) -> None:
    page.get_by_role("group", name="Labor's rating").first.get_by_label("2. Beginning").check()
    page.get_by_role("group", name="Management's rating").first.get_by_label("4. Established").check()
    page.get_by_label("Notes").first.fill('We disagree, "strongly"; <script>alert(1)</script>')
    page.locator('input[name="communication-labor"][value="3"]').check()


def test_self_assessment_persists_and_shows_gaps(page: Page, site_url: str) -> None:
    open_tool(page, site_url, SA)
    fill_self_assessment(page)
    gap = page.locator('[data-dimension="shared-understanding"] [data-gap]')
    expect(gap).to_have_text("Labor rated 2 and management 4: a gap of 2 levels. Talk this one through first.")
    expect(page.locator('[data-dimension="communication"] [data-gap]')).to_be_hidden()
    page.reload()
    page.wait_for_selector('[data-planning][data-state="ready"]', state="attached")
    expect(page.locator('input[name="shared-understanding-labor"][value="2"]')).to_be_checked()
    expect(page.locator('input[name="shared-understanding-management"][value="4"]')).to_be_checked()
    expect(page.get_by_label("Notes").first).to_have_value('We disagree, "strongly"; <script>alert(1)</script>')
    expect(gap).to_be_visible()
    expect(page.locator("[data-planning-status], .pri-planning__privacy").first).to_be_attached()
    assert "this browser only" in page.locator(".pri-planning__privacy").text_content()


def test_self_assessment_export_import_round_trip(page: Page, browser: Browser, site_url: str, tmp_path: Path) -> None:
    open_tool(page, site_url, SA)
    fill_self_assessment(page)
    exported = json.loads(export(page, "json", tmp_path))
    assert exported["tool"] == "self-assessment" and exported["version"] == 1
    assert exported["ratings"]["shared-understanding"] == {
        "labor": 2,
        "management": 4,
        "notes": 'We disagree, "strongly"; <script>alert(1)</script>',
    }
    markdown = export(page, "markdown", tmp_path)
    assert "| Shared understanding of the standards | 2 | 4 | 2 |" in markdown
    rows = list(csv.DictReader(io.StringIO(export(page, "csv", tmp_path))))
    assert rows[0]["area"] == "shared-understanding" and rows[0]["gap"] == "2"

    other = browser.new_context()
    fresh = other.new_page()
    open_tool(fresh, site_url, SA)
    import_file(fresh, tmp_path, "assessment.json", json.dumps(exported))
    expect(fresh.locator("[data-planning-status]")).to_have_text("Imported assessment.json.")
    expect(fresh.locator('input[name="shared-understanding-management"][value="4"]')).to_be_checked()
    again = json.loads(export(fresh, "json", tmp_path))
    assert again == exported  # exactly the same answers
    other.close()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not json {", "the file is not JSON"),
        ("[1, 2, 3]", "does not hold a self-assessment"),
        ('{"tool": "action-plan", "version": 1, "steps": []}', "is not a self-assessment export"),
        ('{"tool": "self-assessment", "version": 1, "ratings": {"__proto__": {"labor": 1}}}', "unexpected field"),
        ('{"tool": "self-assessment", "version": 1, "ratings": {"listening": {"labor": 99}}}', "from 1 to 4"),
        (
            '{"tool": "self-assessment", "version": 1, "ratings": {}, "run": "<img src=x onerror=alert(1)>"}',
            "unexpected field",
        ),
        (b"{" + b" " * (1024 * 1024 + 10) + b"}", "larger than 1 MB"),
    ],
    ids=["not-json", "a-list", "other-tool", "proto", "out-of-range", "extra-field", "too-large"],
)
def test_a_bad_import_changes_nothing(
    page: Page, site_url: str, tmp_path: Path, content: str | bytes, message: str
) -> None:
    open_tool(page, site_url, SA)
    fill_self_assessment(page)
    before = page.evaluate("() => localStorage.getItem('pri-planning:self-assessment:v1')")
    import_file(page, tmp_path, "bad.json", content)
    error = page.locator("[data-planning-error]")
    expect(error).to_be_visible()
    expect(error).to_contain_text("Nothing was imported")
    expect(error).to_contain_text(message)
    expect(page.locator('input[name="shared-understanding-labor"][value="2"]')).to_be_checked()
    assert page.evaluate("() => localStorage.getItem('pri-planning:self-assessment:v1')") == before
    assert page.evaluate("() => Object.prototype.labor") is None


def test_clear_my_data(page: Page, site_url: str) -> None:
    open_tool(page, site_url, SA)
    fill_self_assessment(page)
    page.get_by_role("button", name="Clear my data").click()
    expect(page.locator('input[name="shared-understanding-labor"][value=""]')).to_be_checked()
    assert page.evaluate("() => localStorage.getItem('pri-planning:self-assessment:v1')") is None
    page.reload()
    page.wait_for_selector('[data-planning][data-state="ready"]', state="attached")
    expect(page.get_by_label("Notes").first).to_have_value("")


def add_step(page: Page, text: str, labor: str, management: str, date: str) -> None:
    page.get_by_role("button", name="Add a step").click()
    step = page.locator("[data-plan-steps] > li").last
    step.get_by_label("What will be done").fill(text)
    step.get_by_label("Owner from labor").fill(labor)
    step.get_by_label("Owner from management").fill(management)
    step.get_by_label("By (date)").fill(date)
    step.get_by_label("Parents and families", exact=True).check()
    step.get_by_label("Teachers", exact=True).check()
    step.locator('select[name="resources"]').select_option(["on-the-same-page", "communicating-the-common-core"])


def test_action_plan_round_trip(page: Page, browser: Browser, site_url: str, tmp_path: Path) -> None:
    open_tool(page, site_url, AP)
    add_step(page, "Form a joint standards team", "Union president", "Superintendent", "2014-04-01")
    add_step(page, "=Tell families, in English and Spanish", "Building reps", "Principals", "2014-05-15")
    page.reload()
    page.wait_for_selector('[data-planning][data-state="ready"]', state="attached")
    expect(page.locator("[data-plan-steps] > li")).to_have_count(2)
    first = page.locator("[data-plan-steps] > li").first
    expect(first.get_by_label("Owner from management")).to_have_value("Superintendent")
    expect(first.locator("[data-step-links] a").first).to_have_attribute(
        "href", "../../resources/communicating-the-common-core/"
    )
    exported = json.loads(export(page, "json", tmp_path))
    assert [s["step"] for s in exported["steps"]] == [
        "Form a joint standards team",
        "=Tell families, in English and Spanish",
    ]
    assert exported["steps"][0]["stakeholders"] == ["teachers", "parents"]
    assert exported["steps"][0]["resources"] == ["communicating-the-common-core", "on-the-same-page"]
    rows = list(csv.DictReader(io.StringIO(export(page, "csv", tmp_path))))
    assert rows[1]["step"] == "'=Tell families, in English and Spanish"  # no spreadsheet formula
    assert "| 1 | Form a joint standards team | Union president | Superintendent | 2014-04-01 |" in export(
        page, "markdown", tmp_path
    )

    other = browser.new_context()
    fresh = other.new_page()
    open_tool(fresh, site_url, AP)
    import_file(fresh, tmp_path, "plan.json", json.dumps(exported))
    expect(fresh.locator("[data-plan-steps] > li")).to_have_count(2)
    assert json.loads(export(fresh, "json", tmp_path)) == exported
    import_file(fresh, tmp_path, "bad.json", json.dumps({**exported, "steps": [{"step": 1}]}))
    expect(fresh.locator("[data-planning-error]")).to_contain_text("Step 1: the step must be text")
    expect(fresh.locator("[data-plan-steps] > li")).to_have_count(2)
    other.close()

    first.get_by_role("button", name="Remove this step").click()
    expect(page.locator("[data-plan-steps] > li")).to_have_count(1)
    expect(page.locator("[data-step-number]")).to_have_text("1")


@pytest.mark.parametrize("path", [SA, AP])
def test_tools_print_without_navigation(page: Page, site_url: str, path: str) -> None:
    open_tool(page, site_url, path)
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer", "[data-planning-actions]"):
        assert page.locator(selector).first.is_hidden(), selector
    assert page.pdf(format="Letter").startswith(b"%PDF")
