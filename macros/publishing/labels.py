"""The labels table (/data/labels.csv and /data/labels.json): every code the records use,
with its label and description, so that the open data can be read without the site.

Nothing here lists a vocabulary: the rows come from what the schemas declare. A field
with `x-vocabulary` brings that vocabulary of data/taxonomy.yml, a field with
`x-references: organizations` the organizations of data/organizations.yml, and a field
(or a member of a list's items, `read[].kind`) with `x-labels` its labelled values; the
vocabularies of the taxonomy that no field uses yet follow. Pure functions.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from ..model.kinds import FieldSpec
from ..model.records import Inventory

COLUMNS = ("vocabulary", "code", "label", "description")
Row = tuple[str, str, str, str]


def _field_rows(inventory: Inventory, spec: FieldSpec, seen: set[str]) -> list[Row]:
    """The rows a field brings: its vocabulary, its organizations, or its labelled values."""
    rows: list[Row] = []
    if spec.vocabulary and spec.vocabulary not in seen:
        seen.add(spec.vocabulary)
        terms = inventory.taxonomy.get(spec.vocabulary, {})
        rows += [(spec.vocabulary, t.slug, t.label, t.description) for t in terms.values()]
    if spec.references == "organizations" and "organizations" not in seen:
        seen.add("organizations")
        rows += [("organizations", o.slug, o.name, o.description) for o in inventory.organizations.values()]
    labelled: list[tuple[str, dict[str, Any]]] = [(spec.name, spec.schema)]
    labelled += [(f"{spec.name}.{name}", node) for name, node in spec.items.get("properties", {}).items()]
    for vocabulary, node in labelled:
        if "x-labels" in node and vocabulary not in seen:
            seen.add(vocabulary)
            rows += [(vocabulary, str(code), str(label), "") for code, label in node["x-labels"].items()]
    return rows


def label_rows(inventory: Inventory) -> list[Row]:
    """Every (vocabulary, code, label, description), in the schemas' order of fields."""
    seen: set[str] = set()
    rows: list[Row] = []
    for model in inventory.models.values():
        for spec in model.fields:
            rows += _field_rows(inventory, spec, seen)
    for vocabulary, terms in inventory.taxonomy.items():  # declared, not yet used by a field
        if vocabulary not in seen:
            rows += [(vocabulary, t.slug, t.label, t.description) for t in terms.values()]
    return rows


def labels_csv(rows: list[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:  # a cell a spreadsheet would run as a formula starts with an apostrophe
        writer.writerow(["'" + cell if cell.startswith(("=", "+", "-", "@", "\t", "\r")) else cell for cell in row])
    return buffer.getvalue()


def labels_json(rows: list[Row], license: dict[str, str]) -> str:
    data = {"license": license, "labels": [dict(zip(COLUMNS, row, strict=True)) for row in rows]}
    return json.dumps(data, ensure_ascii=False, indent=1)


def labels_package_resources() -> list[dict[str, Any]]:
    """The labels table's two files in the Data Package."""
    described = {
        "vocabulary": "The vocabulary: a key of data/taxonomy.yml, organizations, or a field with labelled values.",
        "code": "The code as the records and the other files write it (a slug, a state, a kind).",
        "label": "What the site shows for the code.",
        "description": "What the code means, where the vocabulary says.",
    }
    fields: list[dict[str, Any]] = [
        {"name": name, "title": name.capitalize(), "type": "string", "description": text}
        for name, text in described.items()
    ]
    for field in fields[:3]:
        field["constraints"] = {"required": True}
    return [
        {
            "name": "labels-json",
            "title": "Labels of every code (JSON)",
            "description": "Every code the records use, with its label and description, as the list `labels`.",
            "path": "labels.json",
            "format": "json",
            "type": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
        },
        {
            "name": "labels-csv",
            "type": "table",
            "title": "Labels of every code (CSV)",
            "description": "Every code the records use, one row each: vocabulary, code, label, description.",
            "path": "labels.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"header": True, "delimiter": ",", "quoteChar": '"', "doubleQuote": True},
            "schema": {"fields": fields, "primaryKey": ["vocabulary", "code"], "missingValues": [""]},
        },
    ]
