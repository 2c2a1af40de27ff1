"""Open data and the feed: parsed with standard parsers, every record exactly once."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import socket
import xml.etree.ElementTree as ET
from pathlib import Path

import frictionless
import jsonschema
import pytest
from helpers import FIXTURES, ROOT, add_event_kind, copy_valid_data

from macros.loader import load_inventory
from macros.model import KINDS
from macros.opendata import FEED_SIZE, open_data_files, records_csv
from macros.records import Inventory, Record

SITE_URL = "http://127.0.0.1:8000/"
ATOM = "{http://www.w3.org/2005/Atom}"


# The tests of this file share what a module fixture builds: with `--dist loadgroup`
# (make test), one worker runs them all.
pytestmark = pytest.mark.xdist_group("test_opendata")


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
    rows = list(csv.DictReader(io.StringIO(records_csv(forged, "resources", SITE_URL), newline="")))
    assert len(rows) == 1
    assert rows[0][column] == "'" + value
    assert rows[0]["id"] == hostile.id  # the other cells are as they were


@pytest.mark.parametrize("start", FORMULA_STARTS, ids=[f"U+{ord(c):04X}" for c in FORMULA_STARTS])
def test_case_studies_csv_neutralizes_formulas(inventory: Inventory, start: str) -> None:
    """/data/case-studies.csv: every kind of text cell (a field, a list, a mapping's member)."""
    value = f'{start}HYPERLINK("http://x")'
    case = next(c for c in inventory.case_studies if c.fields.get("enrollment"))
    hostile = case.with_fields(
        district=value,
        summary=value,
        story=value,
        unions=(value, "Second union"),
        years=value,
        enrollment={**case.fields["enrollment"], "note": value},
    )
    text = records_csv(_forged(inventory, {"case-studies": (hostile,)}), "case-studies", SITE_URL)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == 1
    for column in ("district", "summary", "story", "years", "enrollment.note"):
        assert rows[0][column] == "'" + value, column
    assert rows[0]["unions"] == "'" + value + " | Second union"
    assert rows[0]["enrollment.students"] == str(case.fields["enrollment"]["students"])  # a number, as it is


def test_csv_leaves_ordinary_text_alone(inventory: Inventory) -> None:
    hostile = inventory.resources[0].with_fields(title="A-B = C + D @ E", summary="'quoted' text")
    forged = Inventory(
        inventory.organizations, inventory.taxonomy, inventory.conferences, {"resources": (hostile,)}, inventory.models
    )
    row = next(csv.DictReader(io.StringIO(records_csv(forged, "resources", SITE_URL), newline="")))
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
        assert "data/case-studies.csv" in html


def test_coverage_counts(real_site: Path, inventory: Inventory) -> None:
    from macros.coverage import organization_topic_counts

    counts = organization_topic_counts(inventory)
    expected = sum(1 for r in inventory.resources if "aft" in r.organizations and "curriculum" in r.topics)
    assert counts["aft"]["curriculum"] == expected
    html = (real_site / "coverage/index.html").read_text(encoding="utf-8")
    assert f"AFT, Curriculum: {expected}</title>" in html  # the heat map's square
    assert html.count('<svg class="pri-heatmap"') == 1


# --- the Data Package: every JSON and CSV file, checked with the reference implementation ----


def _validate_package(path: Path, monkeypatch: pytest.MonkeyPatch) -> frictionless.Report:
    """frictionless.validate, with every network connection refused: the package and its
    profiles must validate offline."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no network in the data package tests")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return frictionless.validate(str(path))


def _errors(report: frictionless.Report) -> list[str]:
    return [error.message for error in report.errors] + [
        f"{task.name}: {error.message}" for task in report.tasks for error in task.errors
    ]


def test_the_data_package_describes_every_file_and_validates(
    real_site: Path, inventory: Inventory, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = real_site / "data/datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    assert package["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert [license["name"] for license in package["licenses"]] == ["CC-BY-4.0"]  # LICENSE-DATA
    assert package["homepage"] == SITE_URL and package["sources"]
    described = {resource["path"]: resource for resource in package["resources"]}
    for kind in KINDS:
        for suffix in (".json", ".schema.json", ".csv"):
            assert f"{kind.name}{suffix}" in described, (kind.name, suffix)
            assert (real_site / "data" / f"{kind.name}{suffix}").is_file()
    assert {"labels.csv", "labels.json"} <= set(described)  # the labels table
    assert len(described) == 3 * len(KINDS) + 2

    report = _validate_package(path, monkeypatch)
    assert report.valid, _errors(report)
    rows = {task.name: task.stats.get("rows") for task in report.tasks}
    for kind in KINDS:  # every row of every CSV was read against its Table Schema
        assert rows[f"{kind.name}-csv"] == len(inventory.records[kind.name]), kind.name
    assert rows["labels-csv"] >= sum(len(terms) for terms in inventory.taxonomy.values()) + len(inventory.organizations)


def test_the_table_schemas_follow_the_record_schemas(real_site: Path) -> None:
    package = json.loads((real_site / "data/datapackage.json").read_text(encoding="utf-8"))
    tables = {r["name"]: r["schema"] for r in package["resources"] if r.get("type") == "table"}
    labels = tables.pop("labels-csv")  # the labels table: one row per vocabulary and code
    assert labels["primaryKey"] == ["vocabulary", "code"]
    assert [f["name"] for f in labels["fields"]] == ["vocabulary", "code", "label", "description"]
    for schema in tables.values():
        assert schema["primaryKey"] == ["id"]
        assert schema["fields"][0]["constraints"] == {
            "required": True,
            "unique": True,
            "pattern": "[a-z0-9]+(-[a-z0-9]+)*",
        }
    resources = {f["name"]: f for f in tables["resources-csv"]["fields"]}
    header = (real_site / "data/resources.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert list(resources) == header
    assert resources["year"]["type"] == "integer" and resources["year"]["constraints"] == {
        "minimum": 1990,
        "maximum": 2035,
    }
    assert resources["added"]["type"] == "date" and resources["added"]["constraints"] == {"required": True}
    assert resources["topics"]["type"] == "string" and '" | "' in resources["topics"]["description"]
    assert resources["url"]["format"] == "uri" and resources["page"]["format"] == "uri"
    assert resources["url_status"]["constraints"]["enum"] == ["probably-dead", "may-have-moved"]
    assert resources["organization"]["constraints"] == {"required": True, "pattern": "[a-z0-9]+(-[a-z0-9]+)*"}
    cases = {f["name"]: f for f in tables["case-studies-csv"]["fields"]}
    assert cases["enrollment.students"]["type"] == "integer"
    assert "required" not in cases["enrollment.year"].get("constraints", {})  # enrollment itself is optional
    assert cases["schools.count"]["type"] == "integer"
    assert cases["conferences"]["type"] == "string"  # a list of years, joined
    assert cases["state"]["constraints"]["enum"][:2] == ["AL", "AK"]


def _forged(inventory: Inventory, records: dict[str, tuple]) -> Inventory:
    return Inventory(inventory.organizations, inventory.taxonomy, inventory.conferences, records, inventory.models)


def _write_package(files: dict[str, str], folder: Path) -> Path:
    for name, content in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8", newline="")
    return folder / "data/datapackage.json"


def test_the_package_validates_hostile_text_neutralised_cells_and_lists(
    valid_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Formula-neutralised cells (an apostrophe added), lists joined with " | ", quotes,
    line breaks and tabs, right-to-left text: every CSV row still passes its Table Schema."""
    hostile = FIXTURES / "hostile-valid"
    shutil.copy(hostile / "fixture-toolkit.yml", valid_data / "resources/aft/fixture-toolkit.yml")
    shutil.copy(hostile / "fixture-district.yml", valid_data / "case-studies/fixture-district.yml")
    inventory = load_inventory(valid_data).inventory
    assert inventory is not None
    # Every formula start in every kind of text column, on top of the fixtures' own.
    toolkit = inventory.resource_by_id["fixture-toolkit"]
    extra = [
        toolkit.with_fields(title=f"{start}1+1", summary=f"{start}SUM(A1)", year_note=f"{start}2013")
        for start in FORMULA_STARTS
    ]
    forged = dict(inventory.records)
    forged["resources"] = (
        *inventory.resources,
        *(Record(r.kind, f"forged-{i}", r.path, r.fields) for i, r in enumerate(extra)),
    )
    files = open_data_files(_forged(inventory, forged), SITE_URL, 'Inventory & <Co> "x"', "A description.")
    assert "'=cmd|" in files["data/resources.csv"] and "'\uff1d1+1" in files["data/resources.csv"]
    report = _validate_package(_write_package(files, tmp_path / "site"), monkeypatch)
    assert report.valid, _errors(report)
    rows = {task.name: task.stats.get("rows") for task in report.tasks}
    assert rows["resources-csv"] == len(forged["resources"])


def test_the_package_catches_a_cell_of_the_wrong_type(
    real_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Guards the test above: a year that is not a number fails validation."""
    folder = tmp_path / "data"
    shutil.copytree(real_site / "data", folder)
    text = (folder / "resources.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    year = rows[0].index("year")
    row = next(i for i, r in enumerate(rows) if i and r[year])
    rows[row][year] = "about 2013"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    (folder / "resources.csv").write_text(buffer.getvalue(), encoding="utf-8", newline="")
    report = _validate_package(folder / "datapackage.json", monkeypatch)
    assert not report.valid
    assert [error.type for task in report.tasks for error in task.errors] == ["type-error"], _errors(report)


def test_the_open_data_page_links_every_file(real_site: Path) -> None:
    html = (real_site / "open-data/index.html").read_text(encoding="utf-8")
    for kind in KINDS:
        for suffix in (".json", ".schema.json", ".csv"):
            assert f'href="../data/{kind.name}{suffix}"' in html, (kind.name, suffix)
    assert 'href="../data/datapackage.json"' in html


def test_a_third_kind_enters_the_data_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """README's "Adding a record kind": the package describes the new kind's files too, with
    no code edit beyond the row in KINDS, and its pages carry JSON-LD."""
    from sitebuild import build, make_project

    project = make_project(tmp_path / "project", copy_valid_data(tmp_path / "source"))
    add_event_kind(project)
    (project / "data/events").mkdir()
    (project / "data/events/spring-meeting.yml").write_text(
        "# yaml-language-server: $schema=../schema/event.schema.json\n"
        'name: "=Spring planning meeting"\ntopics: [family-engagement]\nattendance: 120\n'
        'summary: "A synthetic event."\nsources: ["https://example.org/event"]\nadded: 2030-01-01\n'
    )
    site = tmp_path / "site"
    result = build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    package = json.loads((site / "data/datapackage.json").read_text(encoding="utf-8"))
    names = [r["name"] for r in package["resources"]]
    assert names[-5:] == ["events-json", "events-schema", "events-csv", "labels-json", "labels-csv"]
    fields = {f["name"]: f for f in package["resources"][-3]["schema"]["fields"]}
    assert fields["attendance"]["type"] == "integer" and fields["added"]["type"] == "date"
    report = _validate_package(site / "data/datapackage.json", monkeypatch)
    assert report.valid, _errors(report)
    html = (site / "events/spring-meeting/index.html").read_text(encoding="utf-8")
    ld = json.loads(html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0])
    assert (ld["@type"], ld["name"], ld["description"]) == (
        "CreativeWork",
        "=Spring planning meeting",
        "A synthetic event.",
    )
