"""Open data files generated at build time from the typed records: JSON (with the schema
it follows), CSV, a Frictionless Data Package describing them, and an Atom feed. Pure
functions: records in, file contents out.

The JSON schemas and the CSVs' columns and Table Schemas (`macros/publishing/tables.py`) are derived
from the record schemas in data/schema/, so the published files and the records cannot
drift apart.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from typing import Any

from ..model.kinds import KINDS, KindModel, RecordKind
from ..model.records import Inventory, Record
from .labels import label_rows, labels_csv, labels_json, labels_package_resources
from .tables import LIST_SEPARATOR, csv_columns, table_schema

FEED_SIZE = 50
ATOM = "http://www.w3.org/2005/Atom"
# A spreadsheet would run a cell that starts with one of these as a formula (OWASP's list),
# or with their full-width forms, which some spreadsheets in East Asian locales read as
# the ASCII ones.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
DATA_PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
# The licence of the data and of the site's own text (LICENSE-DATA; the code is MIT, LICENSE),
# as the Data Package, every JSON file, the feed and the footer state it.
DATA_LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}


def page_url(site_url: str, record: Record) -> str:
    return site_url.rstrip("/") + "/" + record.page_url


def _plain(value: object) -> object:
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _record(record: Record, site_url: str) -> dict[str, Any]:
    data = {"id": record.id, **{key: _plain(value) for key, value in record.fields.items()}}
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
        "required": ["generated", "license", kind],
        "properties": {
            "generated": {"type": "string", "format": "date", "description": "The newest `added` date."},
            "license": {
                "type": "object",
                "description": "The data's licence: its SPDX name, the address of its text and its title.",
                "properties": {key: {"const": value} for key, value in DATA_LICENSE.items()},
                "required": list(DATA_LICENSE),
            },
            kind: {"type": "array", "items": item},
        },
    }
    if definitions:
        schema["$defs"] = definitions
    return schema


def _newest_date(inventory: Inventory) -> str:
    dates = [record.added for records in inventory.records.values() for record in records]
    return max(dates) if dates else dt.date.today().isoformat()


def records_json(inventory: Inventory, kind: str, site_url: str) -> str:
    records = [_record(r, site_url) for r in inventory.records.get(kind, ())]
    data = {"generated": _newest_date(inventory), "license": DATA_LICENSE, kind: records}
    return json.dumps(data, ensure_ascii=False, indent=1)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)  # a number is never read as a formula, and keeps its column's type
    text = LIST_SEPARATOR.join(_part(v) for v in value) if isinstance(value, tuple | list) else _part(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _part(value: object) -> str:
    return json.dumps(_plain(value), ensure_ascii=False) if isinstance(value, dict) else str(value)


def records_csv(inventory: Inventory, kind: str, site_url: str) -> str:
    """One row per record; lists are joined with " | ". A cell that a spreadsheet would
    read as a formula is prefixed with an apostrophe."""
    columns = csv_columns(inventory.models[kind])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([name for name, _ in columns])
    for record in inventory.records.get(kind, ()):
        values: dict[str, Any] = {**record.fields, "id": record.id, "page": page_url(site_url, record)}
        row = []
        for _, path in columns:
            value: Any = values.get(path[0])
            for part in path[1:]:
                value = value.get(part) if isinstance(value, dict) else None
            row.append(_cell(value))
        writer.writerow(row)
    return buffer.getvalue()


# --- the Data Package (https://datapackage.org/): every JSON and CSV file, described -------------


def _kind_package_resources(kind: RecordKind, model: KindModel, count: int) -> list[dict[str, Any]]:
    """A kind's three files in the package: its JSON, the JSON Schema and its CSV."""
    return [
        {
            "name": f"{kind.name}-json",
            "title": f"{kind.heading} (JSON)",
            "description": (
                f"Every {kind.noun} ({count}), as the list `{kind.name}` of an object whose `generated` is "
                f"the date of the newest record. Each item has the fields of its YAML file, plus `id` and "
                f"`page`. It follows the JSON Schema `{kind.name}.schema.json` (`{kind.name}-schema`)."
            ),
            "path": f"{kind.name}.json",
            "format": "json",
            # Plain JSON: a reader that guesses would take the `resources` key for a package.
            "type": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
        },
        {
            "name": f"{kind.name}-schema",
            "title": f"{kind.heading}: JSON Schema",
            "description": f"The JSON Schema (draft 2020-12) that `{kind.name}.json` follows.",
            "path": f"{kind.name}.schema.json",
            "format": "json",
            "type": "json",
            "mediatype": "application/schema+json",
            "encoding": "utf-8",
        },
        {
            "name": f"{kind.name}-csv",
            "type": "table",
            "title": f"{kind.heading} (CSV)",
            "description": (
                f"Every {kind.noun} ({count}), one row each, with the same fields as the JSON; a mapping "
                f"field is one column per member (`field.member`), lists are joined with "
                f"{json.dumps(LIST_SEPARATOR)}, and a text cell that a spreadsheet would read as a formula "
                f"(starting with =, +, -, @, a tab or a carriage return) starts with an apostrophe."
            ),
            "path": f"{kind.name}.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"header": True, "delimiter": ",", "quoteChar": '"', "doubleQuote": True},
            "schema": table_schema(model),
        },
    ]


def data_package(
    inventory: Inventory, site_url: str, site_name: str, site_description: str = "", repo_url: str = ""
) -> dict[str, Any]:
    """/data/datapackage.json: every kind's JSON, the JSON Schema it follows and its CSV,
    with a Table Schema for each CSV, and the labels table; under CC BY 4.0 (`DATA_LICENSE`)."""
    root = site_url.rstrip("/") + "/"
    resources: list[dict[str, Any]] = []
    for kind in KINDS:
        if kind.name in inventory.models:
            count = len(inventory.records.get(kind.name, ()))
            resources += _kind_package_resources(kind, inventory.models[kind.name], count)
    resources += labels_package_resources()
    source: dict[str, Any] = {
        "title": "The inventory's records: one YAML file each under data/ in its repository, "
        "each with its own sources (the `sources` field)"
    }
    if repo_url:
        source["path"] = repo_url.rstrip("/") + "/tree/main/data"
    package: dict[str, Any] = {
        "$schema": DATA_PACKAGE_PROFILE,
        "name": re.sub(r"[^a-z0-9]+", "-", site_name.lower()).strip("-") or "inventory",
        "id": root + "data/datapackage.json",
        "title": site_name,
        "description": " ".join(
            part
            for part in (
                site_description.strip(),
                "The files are generated from the records every time the site is built.",
            )
            if part
        ),
        "homepage": root,
        "licenses": [dict(DATA_LICENSE)],
        "sources": [source],
        "resources": resources,
    }
    return package


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
    sub(feed, "rights", f"{DATA_LICENSE['title']} ({DATA_LICENSE['name']}): {DATA_LICENSE['path']}")
    for record in newest:
        entry = sub(feed, "entry")
        link = page_url(site_url, record)
        sub(entry, "id", link)
        title, by, category = _entry_texts(inventory, record)
        sub(entry, "title", title)
        sub(entry, "updated", _timestamp(record.added))
        sub(entry, "link", rel="alternate", type="text/html", href=link)
        entry_author = sub(entry, "author")
        sub(entry_author, "name", by)
        sub(entry, "category", term=category)
        sub(entry, "summary", record.fields.get("summary") or "", type="text")
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def _timestamp(date: str) -> str:
    return f"{date}T00:00:00Z"


def _entry_texts(inventory: Inventory, record: Record) -> tuple[str, str, str]:
    """A feed entry's title, author and category."""
    fields = record.fields
    if "organization" in fields:
        names = ", ".join(
            inventory.organizations[slug].name for slug in (fields["organization"], *fields.get("partners", ()))
        )
        category = inventory.taxonomy["types"][fields["type"]].label if "type" in fields else record.kind.noun
        return record.title, names, category
    title = f"{record.title} ({fields['state']})" if fields.get("state") else record.title
    return title, "; ".join(fields.get("unions") or ()) or record.kind.heading, record.kind.noun.capitalize()


def open_data_files(
    inventory: Inventory, site_url: str, site_name: str, site_description: str = "", repo_url: str = ""
) -> dict[str, str]:
    """Every open-data file: path on the site -> content. Each kind gets its JSON, the
    schema of that JSON, and a CSV; the Data Package describes them all."""
    files: dict[str, str] = {}
    for kind in KINDS:
        if kind.name not in inventory.models:
            continue
        schema = export_schema(inventory.models[kind.name].schema, kind.name, site_url)
        files[f"data/{kind.name}.json"] = records_json(inventory, kind.name, site_url)
        files[f"data/{kind.name}.schema.json"] = json.dumps(schema, indent=1)
        files[f"data/{kind.name}.csv"] = records_csv(inventory, kind.name, site_url)
    rows = label_rows(inventory)
    files["data/labels.json"] = labels_json(rows, DATA_LICENSE)
    files["data/labels.csv"] = labels_csv(rows)
    package = data_package(inventory, site_url, site_name, site_description, repo_url)
    files["data/datapackage.json"] = json.dumps(package, ensure_ascii=False, indent=1)
    files["feed.xml"] = atom_feed(inventory, site_url, site_name)
    return files
