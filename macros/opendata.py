"""Open data files generated at build time from the typed records: JSON (with the schema
it follows), CSV and an Atom feed. Pure functions: records in, file contents out.

The JSON schemas are derived from the record schemas in data/schema/, so the published
files and the records cannot drift apart.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from dataclasses import asdict
from typing import Any

from .records import CaseStudy, Inventory, Resource

FEED_SIZE = 50
ATOM = "http://www.w3.org/2005/Atom"
# A spreadsheet would run a cell that starts with one of these as a formula (OWASP's list),
# or with their full-width forms, which some spreadsheets in East Asian locales read as
# the ASCII ones.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def page_url(site_url: str, record: Resource | CaseStudy) -> str:
    return site_url.rstrip("/") + "/" + record.page_url


def _record(record: Resource | CaseStudy, site_url: str) -> dict[str, Any]:
    data = asdict(record)
    data.pop("path")
    data = {key: list(value) if isinstance(value, tuple) else value for key, value in data.items()}
    data = {key: value for key, value in data.items() if value not in (None, [], "")}
    data["page"] = page_url(site_url, record)
    return data


def export_schema(record_schema: dict[str, Any], kind: str, site_url: str) -> dict[str, Any]:
    """The schema of /data/<kind>.json: a list of records, each as in data/schema/ plus
    its `id` (the file name) and `page` (its address on the site)."""
    item = copy.deepcopy(record_schema)
    item.pop("$schema", None)
    item.pop("$id", None)
    definitions = item.pop("$defs", {})
    item["properties"] = {
        "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "description": "The record's id."},
        **item["properties"],
        "page": {"type": "string", "format": "uri", "description": "The record's page on the site."},
    }
    item["required"] = ["id", *item["required"], "page"]
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{site_url.rstrip('/')}/data/{kind}.schema.json",
        "title": f"Planning Resource Inventory: {kind}",
        "type": "object",
        "additionalProperties": False,
        "required": ["generated", kind],
        "properties": {
            "generated": {"type": "string", "format": "date", "description": "The newest `added` date."},
            kind: {"type": "array", "items": item},
        },
    }
    if definitions:
        schema["$defs"] = definitions
    return schema


def _newest_date(inventory: Inventory) -> str:
    dates = [r.added for r in inventory.resources] + [c.added for c in inventory.case_studies]
    return max(dates) if dates else dt.date.today().isoformat()


def resources_json(inventory: Inventory, site_url: str) -> str:
    records = [_record(r, site_url) for r in inventory.resources]
    return json.dumps({"generated": _newest_date(inventory), "resources": records}, ensure_ascii=False, indent=1)


def case_studies_json(inventory: Inventory, site_url: str) -> str:
    records = [_record(c, site_url) for c in inventory.case_studies]
    return json.dumps({"generated": _newest_date(inventory), "case-studies": records}, ensure_ascii=False, indent=1)


CSV_COLUMNS = (
    "id",
    "title",
    "organization",
    "partners",
    "coauthors",
    "year",
    "year_note",
    "type",
    "topics",
    "audiences",
    "grade_bands",
    "languages",
    "url",
    "url_status",
    "summary",
    "sources",
    "added",
    "page",
)


def _cell(value: object) -> str:
    if value is None:
        return ""
    text = " | ".join(str(v) for v in value) if isinstance(value, tuple | list) else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def resources_csv(inventory: Inventory, site_url: str) -> str:
    """One row per resource; lists are joined with " | ". A cell that a spreadsheet would
    read as a formula is prefixed with an apostrophe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for resource in inventory.resources:
        values = {**asdict(resource), "page": page_url(site_url, resource)}
        writer.writerow([_cell(values[column]) for column in CSV_COLUMNS])
    return buffer.getvalue()


def atom_feed(inventory: Inventory, site_url: str, site_name: str) -> str:
    """The newest additions (by `added`, then by title), as an Atom 1.0 feed."""
    root_url = site_url.rstrip("/") + "/"
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        if text is not None:
            element.text = text
        return element

    newest = inventory.newest(FEED_SIZE)
    sub(feed, "id", root_url)
    sub(feed, "title", f"{site_name}: newest additions")
    sub(feed, "subtitle", "Planning resources and exemplar districts added to the inventory.")
    sub(feed, "updated", _timestamp(max((r.added for r in newest), default=_newest_date(inventory))))
    sub(feed, "link", rel="self", type="application/atom+xml", href=root_url + "feed.xml")
    sub(feed, "link", rel="alternate", type="text/html", href=root_url)
    author = sub(feed, "author")
    sub(author, "name", site_name)
    for record in newest:
        entry = sub(feed, "entry")
        link = page_url(site_url, record)
        sub(entry, "id", link)
        if isinstance(record, Resource):
            title = record.title
            by = ", ".join(inventory.organizations[slug].name for slug in record.organizations)
            category = inventory.taxonomy["types"][record.type].label
        else:
            title = f"{record.district} ({record.state})"
            by = "; ".join(record.unions)
            category = "Exemplar district"
        sub(entry, "title", title)
        sub(entry, "updated", _timestamp(record.added))
        sub(entry, "link", rel="alternate", type="text/html", href=link)
        entry_author = sub(entry, "author")
        sub(entry_author, "name", by)
        sub(entry, "category", term=category)
        sub(entry, "summary", record.summary, type="text")
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def _timestamp(date: str) -> str:
    return f"{date}T00:00:00Z"


def open_data_files(
    inventory: Inventory, schemas: dict[str, dict[str, Any]], site_url: str, site_name: str
) -> dict[str, str]:
    """Every open-data file: path on the site -> content."""
    return {
        "data/resources.json": resources_json(inventory, site_url),
        "data/resources.schema.json": json.dumps(export_schema(schemas["resource"], "resources", site_url), indent=1),
        "data/case-studies.json": case_studies_json(inventory, site_url),
        "data/case-studies.schema.json": json.dumps(
            export_schema(schemas["case-study"], "case-studies", site_url), indent=1
        ),
        "data/resources.csv": resources_csv(inventory, site_url),
        "feed.xml": atom_feed(inventory, site_url, site_name),
    }
