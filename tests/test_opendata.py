"""Open data and the feed: parsed with standard parsers, every record exactly once."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from helpers import FIXTURES, ROOT

from macros.loader import load_inventory
from macros.opendata import FEED_SIZE, open_data_files, resources_csv
from macros.records import Inventory

SITE_URL = "http://127.0.0.1:8000/"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def inventory() -> Inventory:
    loaded = load_inventory(ROOT / "data").inventory
    assert loaded is not None
    return loaded


@pytest.mark.parametrize(("name", "key"), [("resources", "resources"), ("case-studies", "case-studies")])
def test_json_follows_its_published_schema(real_site: Path, inventory: Inventory, name: str, key: str) -> None:
    data = json.loads((real_site / f"data/{name}.json").read_text(encoding="utf-8"))
    schema = json.loads((real_site / f"data/{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = [e.message for e in validator.iter_errors(data)]
    assert errors == []
    records = inventory.resources if key == "resources" else inventory.case_studies
    ids = [item["id"] for item in data[key]]
    assert sorted(ids) == sorted(r.id for r in records)
    assert len(ids) == len(set(ids))
    for item in data[key]:
        assert item["page"] == f"{SITE_URL}{name}/{item['id']}/"
        assert (real_site / name / item["id"] / "index.html").is_file()


def test_the_export_schema_rejects_a_bad_record(real_site: Path) -> None:
    schema = json.loads((real_site / "data/resources.schema.json").read_text(encoding="utf-8"))
    data = json.loads((real_site / "data/resources.json").read_text(encoding="utf-8"))
    data["resources"][0]["audiance"] = ["teachers"]
    assert not jsonschema.Draft202012Validator(schema).is_valid(data)


def test_csv_has_every_resource_once(real_site: Path, inventory: Inventory) -> None:
    text = (real_site / "data/resources.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["id"] for row in rows] == [r.id for r in inventory.resources]
    by_id = {row["id"]: row for row in rows}
    toolkit = by_id["nea-common-core-toolkit"]
    assert toolkit["title"] == "NEA Common Core State Standards Toolkit"
    assert toolkit["topics"].split(" | ")[0] == "curriculum"
    assert toolkit["page"] == f"{SITE_URL}resources/nea-common-core-toolkit/"


# Every first character a spreadsheet reads as the start of a formula, and their full-width forms.
FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20"]


@pytest.mark.parametrize("start", FORMULA_STARTS, ids=[f"U+{ord(c):04X}" for c in FORMULA_STARTS])
@pytest.mark.parametrize("column", ["title", "summary", "coauthors", "sources", "year_note"])
def test_csv_neutralizes_formulas(inventory: Inventory, start: str, column: str) -> None:
    value = f'{start}HYPERLINK("http://x")'
    changes = {column: (value,) if column in ("coauthors", "sources") else value}
    hostile = inventory.resources[0].with_fields(**changes)
    forged = Inventory(
        inventory.organizations, inventory.taxonomy, inventory.conferences, {"resources": (hostile,)}, inventory.models
    )
    rows = list(csv.DictReader(io.StringIO(resources_csv(forged, SITE_URL), newline="")))
    assert len(rows) == 1
    assert rows[0][column] == "'" + value
    assert rows[0]["id"] == hostile.id  # the other cells are as they were


def test_csv_leaves_ordinary_text_alone(inventory: Inventory) -> None:
    hostile = inventory.resources[0].with_fields(title="A-B = C + D @ E", summary="'quoted' text")
    forged = Inventory(
        inventory.organizations, inventory.taxonomy, inventory.conferences, {"resources": (hostile,)}, inventory.models
    )
    row = next(csv.DictReader(io.StringIO(resources_csv(forged, SITE_URL), newline="")))
    assert (row["title"], row["summary"]) == ("A-B = C + D @ E", "'quoted' text")


def test_open_data_of_hostile_but_valid_text(valid_data: Path) -> None:
    """Quotes, <, &, ]]>, emoji, right-to-left letters, a tab and line breaks are valid text:
    the validator accepts them, and every open-data file still parses with a standard parser
    and gives the text back exactly."""
    hostile = FIXTURES / "hostile-valid"
    shutil.copy(hostile / "fixture-toolkit.yml", valid_data / "resources/aft/fixture-toolkit.yml")
    shutil.copy(hostile / "fixture-district.yml", valid_data / "case-studies/fixture-district.yml")
    result = load_inventory(valid_data)
    assert result.problems == []
    inventory = result.inventory
    assert inventory is not None
    toolkit = inventory.resource_by_id["fixture-toolkit"]
    district = inventory.case_studies[0]
    assert "]]>" in toolkit.title and "\t" in toolkit.summary and "\n" in toolkit.summary
    assert "\t" in district.story and "<script>" in district.story

    site_name = 'Inventory & <Co> "]]>'
    files = open_data_files(inventory, SITE_URL, site_name)

    feed = ET.fromstring(files["feed.xml"].encode("utf-8"))
    assert feed.findtext(f"{ATOM}title") == f"{site_name}: newest additions"
    entries = {e.findtext(f"{ATOM}id"): e for e in feed.findall(f"{ATOM}entry")}
    entry = entries[f"{SITE_URL}resources/fixture-toolkit/"]
    assert entry.findtext(f"{ATOM}title") == toolkit.title
    assert entry.findtext(f"{ATOM}summary") == toolkit.summary
    entry = entries[f"{SITE_URL}case-studies/fixture-district/"]
    assert entry.findtext(f"{ATOM}title") == f"{district.district} ({district.state})"
    assert entry.findtext(f"{ATOM}summary") == district.summary
    assert entry.find(f"{ATOM}author/{ATOM}name").text == "; ".join(district.unions)

    resources = {r["id"]: r for r in json.loads(files["data/resources.json"])["resources"]}
    record = resources["fixture-toolkit"]
    assert (record["title"], record["summary"], record["url"]) == (toolkit.title, toolkit.summary, toolkit.url)
    assert record["coauthors"] == list(toolkit.coauthors) and record["sources"] == list(toolkit.sources)
    cases = json.loads(files["data/case-studies.json"])["case-studies"]
    assert [(c["district"], c["story"], c["unions"]) for c in cases] == [
        (district.district, district.story, list(district.unions))
    ]
    for name in ("data/resources.schema.json", "data/case-studies.schema.json"):
        json.loads(files[name])

    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(files["data/resources.csv"], newline=""))}
    row = rows["fixture-toolkit"]
    assert (row["title"], row["summary"], row["url"]) == (toolkit.title, toolkit.summary, toolkit.url)
    assert row["coauthors"] == "'" + " | ".join(toolkit.coauthors)  # it starts with "="
    assert row["sources"] == " | ".join(toolkit.sources)


def test_atom_feed(real_site: Path, inventory: Inventory) -> None:
    feed = ET.parse(real_site / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    self_link = feed.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None and self_link.get("href") == f"{SITE_URL}feed.xml"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == min(FEED_SIZE, len(inventory.resources) + len(inventory.case_studies))
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(ids) == len(set(ids))
    updated = []
    for entry in entries:
        for required in ("id", "title", "updated", "summary"):
            assert entry.findtext(f"{ATOM}{required}"), required
        link = entry.find(f"{ATOM}link[@rel='alternate']")
        assert link is not None and link.get("href", "").startswith(SITE_URL)
        stamp = entry.findtext(f"{ATOM}updated") or ""
        updated.append(dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")))
    assert updated == sorted(updated, reverse=True), "entries are newest first"
    assert feed.findtext(f"{ATOM}updated") == entries[0].findtext(f"{ATOM}updated")


def test_every_page_links_the_open_data_and_the_feed(real_site: Path) -> None:
    for page in ("index.html", "resources/share-my-lesson/index.html", "coverage/index.html"):
        html = (real_site / page).read_text(encoding="utf-8")
        assert 'type="application/atom+xml"' in html
        assert 'class="pri-footer-links"' in html and "data/resources.csv" in html


def test_coverage_counts(real_site: Path, inventory: Inventory) -> None:
    from macros.coverage import organization_topic_counts

    counts = organization_topic_counts(inventory)
    expected = sum(1 for r in inventory.resources if "aft" in r.organizations and "curriculum" in r.topics)
    assert counts["aft"]["curriculum"] == expected
    html = (real_site / "coverage/index.html").read_text(encoding="utf-8")
    assert f"AFT, Curriculum: {expected}</title>" in html  # the heat map's square
    assert html.count('<svg class="pri-heatmap"') == 1
