"""The open data's tables: the columns of a kind's CSV, and their Table Schema (for the
Data Package), both derived from the kind's JSON Schema, so that the published files
and the records cannot drift apart. Pure functions of `macros.model.kinds.KindModel`."""

from __future__ import annotations

import json
from typing import Any

from ..model.kinds import KindModel

LIST_SEPARATOR = " | "


def csv_columns(model: KindModel) -> list[tuple[str, tuple[str, ...]]]:
    """(column name, path into the record): every field of the schema, a mapping field
    as one column per member (`enrollment.students`), then the page's address."""
    defs = model.schema.get("$defs", {})
    columns: list[tuple[str, tuple[str, ...]]] = [("id", ("id",))]
    for spec in model.fields:
        node = spec.schema
        if "$ref" in node:
            node = defs.get(node["$ref"].rsplit("/", 1)[-1], node)
        if node.get("type") == "object" and node.get("properties"):
            columns.extend((f"{spec.name}.{sub}", (spec.name, sub)) for sub in node["properties"])
        else:
            columns.append((spec.name, (spec.name,)))
    columns.append(("page", ("page",)))
    return columns


def _resolve(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """A schema node with its `$ref` (to `$defs`) merged in; the node's own keys win."""
    if "$ref" not in node:
        return node
    target = defs.get(node["$ref"].rsplit("/", 1)[-1], {})
    return {**_resolve(target, defs), **{k: v for k, v in node.items() if k != "$ref"}}


def _table_field(name: str, node: dict[str, Any], defs: dict[str, Any], title: str, required: bool) -> dict[str, Any]:
    """One CSV column as a Table Schema field, from the JSON Schema of its value."""
    node = _resolve(node, defs)
    field: dict[str, Any] = {"name": name, "title": title}
    description = node.get("description", "")
    constraints: dict[str, Any] = {"required": True} if required else {}
    kind = node.get("type")
    if kind == "array":
        items = _resolve(node.get("items", {}), defs)
        what = "JSON objects" if items.get("type") == "object" else "values"
        field["type"] = "string"
        description = f"{description} A list: the {what} are joined with {json.dumps(LIST_SEPARATOR)}.".strip()
    elif kind == "object":
        field["type"] = "string"
        description = f"{description} A JSON object.".strip()
    elif kind in ("integer", "number", "boolean"):
        field["type"] = kind
        for bound in ("minimum", "maximum"):
            if bound in node:
                constraints[bound] = node[bound]
    elif node.get("format") == "date":
        field["type"] = "date"
    else:
        field["type"] = "string"
        if node.get("format") == "uri":
            field["format"] = "uri"
        if "enum" in node:
            constraints["enum"] = list(node["enum"])
        pattern = node.get("pattern", "")
        # A Table Schema pattern must match the whole value: only anchored patterns carry over.
        if pattern.startswith("^") and pattern.endswith("$") and "enum" not in node:
            constraints["pattern"] = pattern[1:-1]
    if description:
        field["description"] = description
    if constraints:
        field["constraints"] = constraints
    return field


def table_schema(model: KindModel) -> dict[str, Any]:
    """The Table Schema of /data/<kind>.csv: a field per column of `csv_columns`, typed
    from the record schema; `id` is the primary key."""
    defs = model.schema.get("$defs", {})
    required = set(model.schema.get("required", ()))
    specs = {spec.name: spec for spec in model.fields}
    fields = []
    for name, path in csv_columns(model):
        if name == "id":
            fields.append(
                {
                    "name": "id",
                    "title": "Id",
                    "type": "string",
                    "description": "The record's id: its file name without .yml, the end of its page's address.",
                    "constraints": {"required": True, "unique": True, "pattern": "[a-z0-9]+(-[a-z0-9]+)*"},
                }
            )
        elif name == "page":
            fields.append(
                {
                    "name": "page",
                    "title": "Page",
                    "type": "string",
                    "format": "uri",
                    "description": "The record's page on the site.",
                    "constraints": {"required": True},
                }
            )
        else:
            spec = specs[path[0]]
            node, title, is_required = spec.schema, spec.title, path[0] in required
            for part in path[1:]:
                parent = _resolve(node, defs)
                node = parent.get("properties", {}).get(part, {})
                title = f"{title}: {part.replace('_', ' ')}"
                is_required = is_required and part in parent.get("required", ())
            fields.append(_table_field(name, node, defs, title, is_required))
    return {"fields": fields, "primaryKey": ["id"], "missingValues": [""]}
