"""The data model's contract: a vocabulary-backed field costs two data edits and no code
edit, and a third record kind costs the checklist of architecture/data-model.md. Both are
proved end to end in copies of the fixture site: validator, record page, facet clicked in
Chromium, vocabulary page, JSON, CSV, issue form, feed, newest additions, shortlist."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from helpers import ROOT, add_event_kind, copy_valid_data
from playwright.sync_api import Browser, Page, expect
from serving import free_port, serve
from sitebuild import build, make_project

from macros.checking.loader import load_inventory

VOCABULARIES = """
formats:
  - slug: pdf
    label: PDF document
    description: A file to download and print.
  - slug: video
    label: Video
    description: A recording to watch.
governance:
  - slug: joint-committee
    label: Joint committee
    description: A standing committee of both sides.
  - slug: compact
    label: Compact
    description: A written agreement between the partners.
"""
# The facets in the order their schema declares (`x-facet`), by URL key; only facets with
# a value in the fixture are shown (the case studies' size: none has an enrollment).
RESOURCE_FACETS = ["organization", "topic", "audience", "type", "grade", "language", "year", "read", "formats"]
CASE_STUDY_FACETS = ["model", "state", "locale", "practice", "affiliation", "conference"]


def add_property(data: Path, schema: str, name: str, node: dict) -> None:
    path = data / f"schema/{schema}.schema.json"
    document = json.loads(path.read_text())
    document["properties"][name] = node
    path.write_text(json.dumps(document, indent=2))


def append(path: Path, lines: str) -> None:
    path.write_text(path.read_text() + lines)


def add_fields(data: Path) -> None:
    """The two data edits of architecture/data-model.md, for a field of each kind, and one
    cross-reference; then records that use them. Nothing under macros/ or docs/ is touched."""
    append(data / "taxonomy.yml", VOCABULARIES)
    # Named as the property (formats), a facet after the year (x-facet 7).
    formats = {"title": "Formats", "type": "array", "items": {"$ref": "#/$defs/slug"}, "x-vocabulary": "formats"}
    add_property(data, "resource", "formats", {**formats, "x-facet": 8})
    # One slug, its own URL key, the first facet of its browser.
    governance = {"title": "Governance", "type": "string", "x-vocabulary": "governance", "x-url-key": "model"}
    add_property(data, "case-study", "governance", {**governance, "x-facet": 0})
    # A cross-reference, checked with no hand-written rule.
    advisors = {"title": "Advisors", "type": "array", "items": {"type": "string"}, "x-references": "organizations"}
    add_property(data, "case-study", "advisors", advisors)
    append(data / "resources/aft/fixture-toolkit.yml", "formats: [pdf]\n")
    append(data / "resources/nea/fixture-report.yml", "formats: [pdf, video]\n")
    append(data / "case-studies/fixture-district.yml", "governance: compact\nadvisors: [nea]\n")


# The tests of this file share what a module fixture builds: with `--dist loadgroup`
# (make test), one worker runs them all.
pytestmark = pytest.mark.xdist_group("test_data_model")


@pytest.fixture(scope="module")
def fields_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, str]]:
    root = tmp_path_factory.mktemp("fields")
    data = copy_valid_data(root / "source")
    add_fields(data)
    project = make_project(root / "project", data)
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    site = root / "site"
    result = build(project, site, site_url=url)
    assert result.returncode == 0, result.stdout + result.stderr
    server = serve(site, port)
    yield project, site, url
    server.shutdown()


def test_the_validator_checks_the_new_fields(tmp_path: Path) -> None:
    data = copy_valid_data(tmp_path)
    add_fields(data)
    result = load_inventory(data)
    assert result.problems == []
    assert result.inventory is not None
    assert result.inventory.resource_by_id["fixture-report"].formats == ("pdf", "video")
    assert result.inventory.case_studies[0].governance == "compact"
    for path, old, new in [
        ("resources/aft/fixture-toolkit.yml", "formats: [pdf]", "formats: [pfd]"),
        ("case-studies/fixture-district.yml", "governance: compact", "governance: compakt"),
        ("case-studies/fixture-district.yml", "advisors: [nea]", "advisors: [nae]"),
    ]:
        (data / path).write_text((data / path).read_text().replace(old, new))
    problems = {p.field: p for p in load_inventory(data).problems}
    assert sorted((field, p.rule) for field, p in problems.items()) == [
        ("advisors[0]", "reference"),
        ("formats[0]", "vocabulary"),
        ("governance", "vocabulary"),
    ]
    assert "Did you mean 'pdf'?" in problems["formats[0]"].message
    assert "Use one of: pdf, video" in problems["formats[0]"].message
    assert "Did you mean 'compact'?" in problems["governance"].message
    assert "joint-committee, compact" in problems["governance"].message
    assert "Did you mean 'nea'?" in problems["advisors[0]"].message


def test_record_pages_show_the_labels_linked_to_the_browser(fields_site: tuple[Path, Path, str]) -> None:
    _, site, _ = fields_site
    page = (site / "resources/fixture-toolkit/index.html").read_text()
    assert "<dt>Formats</dt>" in page
    assert 'href="../../resources/?formats=pdf">PDF document</a>' in page
    page = (site / "case-studies/fixture-district/index.html").read_text()  # a kind's own template
    assert "<dt>Governance</dt>" in page
    assert 'href="../../case-studies/?model=compact">Compact</a>' in page


def facet_keys(html: str) -> list[str]:
    return re.findall(r'<section class="pri-facet" data-facet="([^"]+)"', html)


def test_facets_in_the_declared_order_with_their_url_keys(fields_site: tuple[Path, Path, str]) -> None:
    _, site, _ = fields_site
    assert facet_keys((site / "resources/index.html").read_text()) == RESOURCE_FACETS
    browser = (site / "case-studies/index.html").read_text()
    assert facet_keys(browser) == CASE_STUDY_FACETS
    assert 'data-record-id="fixture-district" data-model="compact"' in browser  # the card carries the URL key
    assert (site / "case-studies/by-model/compact/index.html").exists()  # the facet's page without JavaScript


def test_vocabulary_page_and_exports(fields_site: tuple[Path, Path, str]) -> None:
    project, site, _ = fields_site
    vocabulary = (site / "contribute/vocabulary/index.html").read_text()
    for text in ("PDF document", "<code>formats</code>", "Joint committee", "<code>governance</code>"):
        assert text in vocabulary
    records = json.loads((site / "data/resources.json").read_text())["resources"]
    assert {r["id"]: r.get("formats") for r in records} == {
        "fixture-toolkit": ["pdf"],
        "fixture-report": ["pdf", "video"],
    }
    rows = list(csv.DictReader(io.StringIO((site / "data/resources.csv").read_text())))
    assert {row["id"]: row["formats"] for row in rows} == {"fixture-toolkit": "pdf", "fixture-report": "pdf | video"}
    cases = json.loads((site / "data/case-studies.json").read_text())["case-studies"]
    assert [(c["governance"], c["advisors"]) for c in cases] == [("compact", ["nea"])]
    rows = list(csv.DictReader(io.StringIO((site / "data/case-studies.csv").read_text())))
    assert [(row["governance"], row["advisors"]) for row in rows] == [("compact", "nea")]
    from scripts.issue_form import form_text  # the form suggests resources: it offers their new field

    assert "PDF document (pdf)" in form_text(project / "data")


def test_a_suggestion_carries_the_new_field(tmp_path: Path) -> None:
    """The bot's script reads the form and the schema: a suggestion that picks the new
    field's options becomes a record that has them, with no code edit."""
    from scripts.issue_form import form_text

    data = copy_valid_data(tmp_path / "in")
    add_fields(data)
    form = tmp_path / "form.yml"
    form.write_text(form_text(data), encoding="utf-8")
    answers = {
        "title": "A guide to the new formats",
        "organization": "nea",
        "type": "toolkit",
        "topics": ["assessment"],
        "audiences": ["teachers"],
        "formats": ["pdf", "video"],
        "summary": "A short guide, in two formats.",
        "sources": "https://example.org/the-guide",
    }
    body = []
    for field in yaml.safe_load(form.read_text(encoding="utf-8"))["body"]:
        if "id" not in field:
            continue
        options = {re.search(r"\((\S+)\)$", o).group(1): o for o in field["attributes"].get("options", [])}
        answer = answers.get(field["id"])
        if isinstance(answer, list) or (answer and options):
            answer = ", ".join(options[slug] for slug in ([answer] if isinstance(answer, str) else answer))
        body.append(f"### {field['attributes']['label']}\n\n{answer or '_No response_'}\n")
    (tmp_path / "body.md").write_text("\n".join(body), encoding="utf-8")
    script = ROOT / "scripts" / "suggestion_to_record.py"
    args = ["--data", str(data), "--form", str(form), "--today", "2026-12-01", str(tmp_path / "body.md")]
    result = subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    record = yaml.safe_load((data.parent / result.stdout.strip()).read_text(encoding="utf-8"))
    assert record["formats"] == ["pdf", "video"] and record["organization"] == "nea"


def shown(page: Page) -> list[str]:
    page.wait_for_selector('[data-browser][data-state="ready"]', state="attached")
    return page.eval_on_selector_all(
        "ul.pri-cards > li[data-record-id]:not([hidden])", "items => items.map(li => li.dataset.recordId)"
    )


def count_of(facet, label: str):
    return facet.locator("label.pri-option", has_text=label).locator(".pri-count")


def test_the_facet_counts_and_filters_in_chromium(fields_site: tuple[Path, Path, str], browser: Browser) -> None:
    _, _, url = fields_site
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url + "resources/")
    facet = page.locator('[data-facet="formats"]')
    expect(facet).to_contain_text("Formats")
    expect(count_of(facet, "PDF document")).to_have_text("2")
    expect(count_of(facet, "Video")).to_have_text("1")
    # Live counts: another facet's choice changes this one's.
    page.locator('[data-facet="topic"]').get_by_role("checkbox", name="Assessment").check()
    expect(count_of(facet, "PDF document")).to_have_text("1")
    expect(count_of(facet, "Video")).to_have_text("0")
    expect(facet.get_by_role("checkbox", name="Video")).to_have_attribute("aria-disabled", "true")
    page.locator('[data-facet="topic"]').get_by_role("checkbox", name="Assessment").uncheck()
    box = facet.get_by_role("checkbox", name="Video")
    box.check()
    expect(box).to_be_checked()
    expect(page).to_have_url(re.compile(r"\?formats=video$"))
    assert shown(page) == ["fixture-report"]
    context.close()


@pytest.mark.parametrize(
    ("address", "ticked", "ids"),
    [
        ("resources/?topic=family-engagement&formats=pdf", ["Family engagement", "PDF document"], ["fixture-report"]),
        ("resources/?audience=teachers", ["Teachers"], ["fixture-toolkit"]),  # today's singular keys
        ("case-studies/?model=compact", ["Compact"], ["fixture-district"]),  # x-url-key
    ],
)
def test_addresses_with_the_url_keys(
    fields_site: tuple[Path, Path, str], browser: Browser, address: str, ticked: list[str], ids: list[str]
) -> None:
    _, _, url = fields_site
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url + address)
    assert shown(page) == ids
    for label in ticked:
        expect(page.get_by_role("checkbox", name=label)).to_be_checked()
    context.close()


# --- a third record kind ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def event_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """architecture/data-model.md, "Adding a record kind": a row in KINDS, a schema, a
    folder, a page."""
    root = tmp_path_factory.mktemp("events")
    project = make_project(root / "project", copy_valid_data(root / "source"))
    add_event_kind(project)
    (project / "data/events").mkdir()
    (project / "data/events/spring-meeting.yml").write_text(
        "# yaml-language-server: $schema=../schema/event.schema.json\n"
        'name: "Spring planning meeting"\ntopics: [family-engagement]\n'
        'summary: "A synthetic event."\nsources: ["https://example.org/event"]\nadded: 2026-01-01\n'
    )
    (project / "docs/events.md").write_text('# Events\n\n{{ browser("events") }}\n')
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "  - Shortlist: shortlist.md\n", "  - Events: events.md\n  - Shortlist: shortlist.md\n"
        )
    )
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    site = root / "site"
    result = build(project, site, site_url=url)
    assert result.returncode == 0, result.stdout + result.stderr
    server = serve(site, port)
    yield site, url
    server.shutdown()


def test_a_third_record_kind_gets_pages_data_and_the_feed(event_site: tuple[Path, str]) -> None:
    site, _ = event_site
    page = (site / "events/spring-meeting/index.html").read_text()
    assert "Spring planning meeting" in page and "A synthetic event." in page
    assert 'data-save="events/spring-meeting"' in page
    browser_page = (site / "events/index.html").read_text()
    assert 'data-record-id="spring-meeting"' in browser_page and facet_keys(browser_page) == ["topic"]
    exported = json.loads((site / "data/events.json").read_text())
    assert [e["id"] for e in exported["events"]] == ["spring-meeting"]
    assert "spring-meeting" in (site / "data/events.csv").read_text()
    assert "events/spring-meeting/" in (site / "feed.xml").read_text()
    home = (site / "index.html").read_text()
    newest = home.split('<ul class="pri-newest">', 1)[1].split("</ul>", 1)[0]
    assert re.search(r'<li data-record-id="spring-meeting"><a href="events/spring-meeting/">', newest)  # the newest
    labels = (site / "shortlist/index.html").read_text().split("data-labels='", 1)[1].split("'", 1)[0]
    kinds = json.loads(labels)["kinds"]
    assert kinds["events"] == {"noun": "event", "nouns": "events", "heading": "Events", "title": "name"}


def test_a_third_kind_is_saved_to_the_shortlist_and_has_its_tab(event_site: tuple[Path, str], browser: Browser) -> None:
    _, url = event_site
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url + "events/spring-meeting/")
    expect(page.locator(".md-tabs__item--active")).to_have_text("Events")  # a page outside the navigation
    page.get_by_role("button", name="Save to shortlist: Spring planning meeting").click()
    page.goto(url + "shortlist/")
    item = page.locator('.pri-shortlist__item[data-kind="events"]')
    expect(item.get_by_role("link", name="Spring planning meeting")).to_have_attribute(
        "href", url + "events/spring-meeting/"
    )
    expect(item.locator(".pri-shortlist__summary")).to_have_text("A synthetic event.")
    context.close()
