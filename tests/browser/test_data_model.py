"""The data model's contract: a vocabulary-backed field costs two data edits and no code
edit, and a third record kind costs the README's checklist. Both are proved end to end
in copies of the fixture site: validator, record page, facet clicked in Chromium,
vocabulary page, JSON, CSV, issue form."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import add_event_kind, copy_valid_data
from playwright.sync_api import Browser, expect
from serving import free_port, serve
from sitebuild import build, make_project

from macros.loader import load_inventory

FORMATS = """
formats:
  - slug: pdf
    label: PDF document
    description: A file to download and print.
  - slug: video
    label: Video
    description: A recording to watch.
"""


def add_formats_field(data: Path) -> None:
    """The two data edits of README.md's checklist, and one record that uses the field."""
    (data / "taxonomy.yml").write_text((data / "taxonomy.yml").read_text() + FORMATS)
    schema_path = data / "schema/resource.schema.json"
    schema = json.loads(schema_path.read_text())
    schema["properties"]["formats"] = {
        "title": "Formats",
        "type": "array",
        "items": {"$ref": "#/$defs/slug"},
        "x-vocabulary": "formats",
        "x-facet": 8,
    }
    schema_path.write_text(json.dumps(schema, indent=2))
    record = data / "resources/aft/fixture-toolkit.yml"
    record.write_text(record.read_text() + "formats: [pdf]\n")


@pytest.fixture(scope="module")
def formats_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, str]]:
    root = tmp_path_factory.mktemp("formats")
    data = copy_valid_data(root / "source")
    add_formats_field(data)
    project = make_project(root / "project", data)
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    site = root / "site"
    result = build(project, site, site_url=url)
    assert result.returncode == 0, result.stdout + result.stderr
    server = serve(site, port)
    yield project, site, url
    server.shutdown()


def test_the_validator_checks_the_new_field(tmp_path: Path) -> None:
    data = copy_valid_data(tmp_path)
    add_formats_field(data)
    result = load_inventory(data)
    assert result.problems == []
    assert result.inventory is not None
    assert result.inventory.resource_by_id["fixture-toolkit"].formats == ("pdf",)
    record = data / "resources/aft/fixture-toolkit.yml"
    record.write_text(record.read_text().replace("formats: [pdf]", "formats: [pfd]"))
    problems = load_inventory(data).problems
    assert [(p.field, p.rule) for p in problems] == [("formats[0]", "vocabulary")]
    assert "Did you mean 'pdf'?" in problems[0].message and "video" in problems[0].message


def test_record_page_vocabulary_page_and_exports(formats_site: tuple[Path, Path, str]) -> None:
    project, site, _ = formats_site
    page = (site / "resources/fixture-toolkit/index.html").read_text()
    assert "<dt>Formats</dt>" in page
    assert 'href="../../resources/?formats=pdf">PDF document</a>' in page
    vocabulary = (site / "contribute/vocabulary/index.html").read_text()
    assert "PDF document" in vocabulary and "<code>formats</code>" in vocabulary
    records = json.loads((site / "data/resources.json").read_text())["resources"]
    assert {r["id"]: r.get("formats") for r in records} == {"fixture-toolkit": ["pdf"], "fixture-report": None}
    rows = list(csv.DictReader(io.StringIO((site / "data/resources.csv").read_text())))
    assert {row["id"]: row["formats"] for row in rows} == {"fixture-toolkit": "pdf", "fixture-report": ""}
    from scripts.issue_form import form_text

    assert "PDF document (pdf)" in form_text(project / "data")


def test_the_facet_filters_in_chromium(formats_site: tuple[Path, Path, str], browser: Browser) -> None:
    _, _, url = formats_site
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url + "resources/")
    facet = page.locator('[data-facet="formats"]')
    expect(facet).to_contain_text("Formats")
    box = facet.get_by_role("checkbox", name="PDF document")
    box.check()
    expect(box).to_be_checked()
    page.wait_for_selector('[data-browser][data-state="ready"]', state="attached")
    shown = page.eval_on_selector_all(
        "ul.pri-cards > li[data-record-id]:not([hidden])", "items => items.map(li => li.dataset.recordId)"
    )
    assert shown == ["fixture-toolkit"]
    assert "formats=pdf" in page.url
    context.close()


def test_a_third_record_kind_follows_the_checklist(tmp_path: Path) -> None:
    """README.md, "Adding a record kind": a row in KINDS, a schema, a folder, a page."""
    data = copy_valid_data(tmp_path / "source")
    project = make_project(tmp_path / "project", data)
    add_event_kind(project)
    (project / "data/events").mkdir()
    (project / "data/events/spring-meeting.yml").write_text(
        "# yaml-language-server: $schema=../schema/event.schema.json\n"
        'name: "Spring planning meeting"\ntopics: [family-engagement]\n'
        'summary: "A synthetic event."\nsources: ["https://example.org/event"]\nadded: 2030-01-01\n'
    )
    (project / "docs/events.md").write_text('# Events\n\n{{ browser("events") }}\n')
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "  - Shortlist: shortlist.md\n", "  - Events: events.md\n  - Shortlist: shortlist.md\n"
        )
    )
    site = tmp_path / "site"
    result = build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (site / "events/spring-meeting/index.html").read_text()
    assert "Spring planning meeting" in page and "A synthetic event." in page
    browser_page = (site / "events/index.html").read_text()
    assert 'data-record-id="spring-meeting"' in browser_page and 'data-facet="topic"' in browser_page
    exported = json.loads((site / "data/events.json").read_text())
    assert [e["id"] for e in exported["events"]] == ["spring-meeting"]
    assert "spring-meeting" in (site / "data/events.csv").read_text()
    assert "events/spring-meeting/" in (site / "feed.xml").read_text()  # the newest addition
    shutil.rmtree(site)
