"""Where to read a resource (macros/model/reach.py): the record page's links in order, gone
addresses offered only as Internet Archive look-ups, "Tell us" where nothing is known,
the cards' line, the facet; the NCES district id; the labels table and the licences."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from helpers import copy_valid_data

from macros.checking.loader import load_inventory
from macros.model.records import Inventory
from macros.publishing.facets import facets, record_facet_values
from macros.publishing.linkeddata import Site, json_ld
from macros.publishing.opendata import DATA_LICENSE, open_data_files
from macros.publishing.pages import render_record_page
from macros.publishing.partials import read_summary

REPO = Site(url="https://inventory.example/", name="Inventory", repo_url="https://github.com/owner/name")
READ_LINK = re.compile(r'<a href="([^"]*)" data-read="([a-z]+)"')


@pytest.fixture
def inventory(valid_data: Path) -> Inventory:
    loaded = load_inventory(valid_data).inventory
    assert loaded is not None
    return loaded


def read_links(html: str) -> list[tuple[str, str]]:
    """(data-read, address) of each link under "Where to read it", in page order."""
    section = html.split('<section class="pri-read"', 1)[1].split("</section>", 1)[0]
    return [(kind, href.replace("&amp;", "&")) for href, kind in READ_LINK.findall(section)]


def test_the_ways_to_read_are_listed_best_first(inventory: Inventory) -> None:
    """The fixture lists a description, a mirror, a gone publisher copy and a library copy:
    the page offers the live url, the library, the look-up, the mirror, the description."""
    html = render_record_page(inventory, inventory.resource_by_id["fixture-toolkit"]).html
    assert read_links(html) == [
        ("publisher", "https://example.org/toolkit"),
        ("library", "https://library.example.edu/toolkit.pdf"),
        ("archive", "https://web.archive.org/web/2014/https://example.org/old/toolkit.cfm"),
        ("mirror", "https://www.scribd.com/doc/1/fixture-toolkit"),
        ("description", "https://example.net/about-the-toolkit"),
    ]
    assert html.index("pri-lead") < html.index('id="where-to-read"') < html.index('id="details"')
    assert "not the publisher's copy" in html  # the mirror says whose copy it is
    assert 'href="https://example.org/old/toolkit.cfm"' not in html  # a gone address is never the link
    assert "may or may not hold a copy" in html
    assert "Tell us" not in html  # the publisher's copy is known


def test_a_gone_url_becomes_a_look_up_near_the_resource_year(inventory: Inventory) -> None:
    toolkit = inventory.resource_by_id["fixture-toolkit"]
    gone = toolkit.with_fields(url_status="probably-dead", read=(), year=2012)
    html = render_record_page(inventory, gone, REPO).html
    assert read_links(html) == [("archive", "https://web.archive.org/web/2012/https://example.org/toolkit")]
    assert "probably no longer live" in html
    assert "No copy that is still online is known." in html and ">Tell us</a>" in html
    assert read_summary(inventory, gone) == ("Read: Internet Archive look-up", True)
    spec = inventory.models["resources"].field("read")
    assert record_facet_values(inventory.models["resources"], gone)["read"] == ("archive",)
    assert spec.facet is not None and spec.facet.key == "read"


def test_a_gone_page_about_it_stays_a_page_about_it(inventory: Inventory) -> None:
    """A page that describes the resource, on an old path, is looked up in the archive, but
    it is no copy: it stays last, the card and the facet do not count it."""
    toolkit = inventory.resource_by_id["fixture-toolkit"]
    about = {"kind": "description", "address": "https://example.net/old/about.cfm", "status": "may-be-gone"}
    mirror = {"kind": "mirror", "address": "https://www.scribd.com/doc/1/fixture-toolkit"}
    changed = toolkit.with_fields(url_status="probably-dead", read=(about, mirror), year=2012)
    html = render_record_page(inventory, changed, REPO).html
    assert read_links(html) == [
        ("archive", "https://web.archive.org/web/2012/https://example.org/toolkit"),
        ("mirror", "https://www.scribd.com/doc/1/fixture-toolkit"),
        ("archive", "https://web.archive.org/web/2012/https://example.net/old/about.cfm"),
    ]
    assert "Look for a page about it in the Internet Archive" in html
    assert record_facet_values(inventory.models["resources"], changed)["read"] == ("archive", "mirror")
    only_about = toolkit.with_fields(url=None, url_status=None, read=(about,), year=2012)
    assert read_summary(inventory, only_about) == ("No copy known", False)
    assert record_facet_values(inventory.models["resources"], only_about)["read"] == ("none",)


def test_nothing_known_says_so_and_asks_for_help(inventory: Inventory) -> None:
    report = inventory.resource_by_id["fixture-report"]
    html = render_record_page(inventory, report, REPO).html
    assert read_links(html) == []
    assert "No copy of it is known." in html
    help_link = re.search(r'Know where to find it\? <a href="([^"]+)"[^>]*>Tell us</a>', html)
    assert help_link is not None
    address = help_link.group(1).replace("&amp;", "&")
    assert address.startswith("https://github.com/owner/name/issues/new?title=Where%20to%20read%20")
    assert "data%2Fresources%2Fnea%2Ffixture-report.yml" in address
    plain = render_record_page(inventory, report).html  # no repository: the sentence, no link
    assert "Know where to find it? Tell us." in plain and "issues/new" not in plain
    assert read_summary(inventory, report) == ("No copy known", False)


def test_the_facet_counts_each_kind_of_copy(inventory: Inventory) -> None:
    read = next(f for f in facets(inventory, "resources") if f.key == "read")
    assert read.label == "Where to read it"
    assert [(v.value, v.label, v.count) for v in read.values] == [
        ("publisher", "Publisher's site", 1),
        ("library", "Library or repository", 1),
        ("archive", "Web archive", 1),
        ("mirror", "Copy on another site", 1),
        ("none", "No copy known", 1),
    ]
    assert [v.href for v in read.values][-1] == "resources/by-read/none/"


def test_a_hostile_read_note_and_address_are_escaped(inventory: Inventory) -> None:
    toolkit = inventory.resource_by_id["fixture-toolkit"]
    entry = {"kind": "mirror", "address": 'https://x.example/"><script>', "note": "<b>copy</b> & more"}
    html = render_record_page(inventory, toolkit.with_fields(read=(entry,))).html
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;b&gt;copy&lt;/b&gt; &amp; more" in html


def test_a_firm_nces_id_links_its_page_and_a_probable_one_says_so(inventory: Inventory) -> None:
    case = inventory.by_key["case-studies/fixture-district"]
    firm = case.with_fields(nces_leaid="0000001", nces_leaid_basis="page_text")
    html = render_record_page(inventory, firm, REPO).html
    nces = "https://nces.ed.gov/ccd/districtsearch/district_detail.asp?ID2=0000001"
    assert f'<a href="{nces}" rel="noopener" data-nces="firm">0000001</a>' in html
    about = json_ld(inventory, firm, REPO)["about"]
    assert isinstance(about, dict) and about["identifier"]["value"] == "0000001" and about["sameAs"] == nces
    probable = case.with_fields(nces_leaid="0000001", nces_leaid_basis="seed_address")
    html = render_record_page(inventory, probable, REPO).html
    assert "nces.ed.gov" not in html
    assert '<span data-nces="probable">0000001</span>' in html and "(probable, not confirmed:" in html
    about = json_ld(inventory, probable, REPO)["about"]
    assert isinstance(about, dict) and "identifier" not in about


def test_the_labels_table_comes_from_the_schemas_and_vocabularies(valid_data: Path) -> None:
    """A term added to the taxonomy, or an organization, shows in labels.csv with no code edit."""
    taxonomy = valid_data / "taxonomy.yml"
    text = taxonomy.read_text(encoding="utf-8")
    added = "  - slug: peer-coaching\n    label: Peer coaching\n    description: Colleagues watch and help.\n"
    taxonomy.write_text(text.replace("practices:\n", "practices:\n" + added, 1), encoding="utf-8")
    loaded = load_inventory(valid_data)
    assert loaded.inventory is not None, loaded.problems
    files = open_data_files(loaded.inventory, "https://inventory.example/", "Inventory")
    rows = list(csv.DictReader(io.StringIO(files["data/labels.csv"], newline="")))
    assert list(rows[0]) == ["vocabulary", "code", "label", "description"]
    found = {(r["vocabulary"], r["code"]): r for r in rows}
    assert found[("practices", "peer-coaching")]["label"] == "Peer coaching"
    assert found[("organizations", "aft")]["label"] == "Fixture Federation"
    assert found[("read.kind", "mirror")]["label"] == "Copy on another site"
    assert found[("state", "OH")]["label"] == "Ohio"
    assert ("nces_leaid_basis", "page_text") in found
    vocabularies = {r["vocabulary"] for r in rows}
    assert {"types", "topics", "audiences", "grade_bands", "languages", "practices", "locales"} <= vocabularies
    labels = json.loads(files["data/labels.json"])
    assert labels["license"] == DATA_LICENSE and len(labels["labels"]) == len(rows)


def test_every_download_states_the_licence(inventory: Inventory) -> None:
    files = open_data_files(inventory, "https://inventory.example/", "Inventory")
    package = json.loads(files["data/datapackage.json"])
    assert package["licenses"] == [
        {
            "name": "CC-BY-4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/",
            "title": "Creative Commons Attribution 4.0 International",
        }
    ]
    assert {"labels.csv", "labels.json"} <= {r["path"] for r in package["resources"]}
    for kind in ("resources", "case-studies"):
        assert json.loads(files[f"data/{kind}.json"])["license"] == DATA_LICENSE
    assert "<rights>Creative Commons Attribution 4.0 International (CC-BY-4.0)" in files["feed.xml"]
    csv_header = files["data/resources.csv"].splitlines()[0].split(",")
    assert "read" in csv_header
    toolkit = next(r for r in json.loads(files["data/resources.json"])["resources"] if r["id"] == "fixture-toolkit")
    assert toolkit["read"][1] == {
        "kind": "mirror",
        "address": "https://www.scribd.com/doc/1/fixture-toolkit",
        "note": "Complete copy on a document-sharing site.",
    }


def test_the_licence_files_exist() -> None:
    root = Path(__file__).resolve().parent.parent
    assert (
        "MIT License" in (root / "LICENSE").read_text()
        and "Planning Resource Inventory contributors" in (root / "LICENSE").read_text()
    )
    data = (root / "LICENSE-DATA").read_text()
    assert DATA_LICENSE["path"] in data and "https://creativecommons.org/licenses/by/4.0/legalcode" in data


def test_the_fixture_read_entries_validate(tmp_path: Path) -> None:
    """The fixture's read entries validate (the schema and rules accept a well-formed list)."""
    loaded = load_inventory(copy_valid_data(tmp_path))
    assert loaded.problems == []


def test_read_and_the_nces_id_in_the_open_data(inventory: Inventory) -> None:
    """The JSON carries `read` and `nces_leaid` as written and follows its published schema;
    the CSVs have a column for each."""
    import jsonschema

    case = inventory.by_key["case-studies/fixture-district"]
    cases = (case.with_fields(nces_leaid="0000001", nces_leaid_basis="page_text"),)
    forged = Inventory(
        inventory.organizations,
        inventory.taxonomy,
        inventory.conferences,
        {**inventory.records, "case-studies": cases},
        inventory.models,
    )
    files = open_data_files(forged, "https://inventory.example/", "Inventory")
    for kind in ("resources", "case-studies"):
        schema = json.loads(files[f"data/{kind}.schema.json"])
        data = json.loads(files[f"data/{kind}.json"])
        checker = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
        assert [error.message for error in checker.iter_errors(data)] == [], kind
    district = json.loads(files["data/case-studies.json"])["case-studies"][0]
    assert (district["nces_leaid"], district["nces_leaid_basis"]) == ("0000001", "page_text")
    rows = list(csv.DictReader(io.StringIO(files["data/case-studies.csv"], newline="")))
    assert (rows[0]["nces_leaid"], rows[0]["nces_leaid_basis"]) == ("0000001", "page_text")
    resources = {r["id"]: r for r in csv.DictReader(io.StringIO(files["data/resources.csv"], newline=""))}
    entries = resources["fixture-toolkit"]["read"].split(" | ")
    assert json.loads(entries[1])["kind"] == "mirror" and resources["fixture-report"]["read"] == ""
