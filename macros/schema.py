"""Checks records against the JSON Schema files in `data/schema/`.

The schema files are the single source of truth for the shape of each kind of record:
editors use them through the `# yaml-language-server: $schema=…` line, and this module
compiles the subset of JSON Schema 2020-12 that they use into plain Python checks.
A keyword outside that subset is refused when the schema is compiled, so a schema can
never say more than is checked. The test suite runs the reference `jsonschema`
validator over every fixture and asserts that it agrees with this module.

Compiling (rather than calling `jsonschema` per record) keeps validation within about
twice the cost of a bare YAML load (see `scripts/bench.py`), and lets every message say
how to fix the problem in the contributor's words.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

PathKey = tuple[str | int, ...]
Emit = Callable[[PathKey, str], None]
Check = Callable[[object, PathKey, Emit], None]

# Keywords that only annotate; they never reject a value.
_ANNOTATIONS = {"$schema", "$id", "$comment", "title", "description", "examples", "default"}
_SUPPORTED = _ANNOTATIONS | {
    "$defs",
    "$ref",
    "type",
    "required",
    "properties",
    "additionalProperties",
    "minLength",
    "maxLength",
    "pattern",
    "enum",
    "minItems",
    "maxItems",
    "uniqueItems",
    "items",
    "format",
    "minimum",
    "maximum",
    "x-hint",
}

_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list",
    "object": "a mapping of fields",
    "boolean": "true or false",
    "null": "empty",
}


class SchemaError(Exception):
    """The schema file itself uses something this module does not check."""


def describe(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, int):
        return f"the number {value}"
    if isinstance(value, float):
        return f"the number {value}"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of fields"
    return type(value).__name__


def _is_type(value: object, name: str) -> bool:
    if name == "string":
        return isinstance(value, str)
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if name == "array":
        return isinstance(value, list)
    if name == "object":
        return isinstance(value, dict)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "null":
        return value is None
    raise SchemaError(f"unknown type {name!r}")


def _real_date(text: str) -> bool:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _type_hint(value: object, wanted: str) -> str:
    if wanted == "string" and isinstance(value, bool | int | float):
        return f' Put it in quotes: "{str(value).lower() if isinstance(value, bool) else value}".'
    if wanted == "array" and isinstance(value, str):
        return f" Write it as a list, e.g. [{value}]."
    if wanted == "integer" and isinstance(value, str):
        return " Write the year as digits with no quotes, e.g. 2014."
    return ""


class CompiledSchema:
    """One schema file, compiled into a single check function."""

    def __init__(self, schema: dict[str, Any], name: str = "schema") -> None:
        self.schema = schema
        self.name = name
        self._defs: dict[str, Check] = {}
        self._defs_src: dict[str, Any] = schema.get("$defs", {})
        self.check = self._compile(schema, "#")

    def errors(self, value: object) -> list[tuple[PathKey, str]]:
        found: list[tuple[PathKey, str]] = []
        self.check(value, (), lambda path, message: found.append((path, message)))
        return found

    def _ref(self, ref: str) -> Check:
        prefix = "#/$defs/"
        if not ref.startswith(prefix) or ref[len(prefix) :] not in self._defs_src:
            raise SchemaError(f"{self.name}: only local '#/$defs/…' references are supported: {ref}")
        name = ref[len(prefix) :]
        if name not in self._defs:
            # A placeholder first, so that a recursive definition compiles.
            self._defs[name] = lambda value, path, emit: None
            compiled = self._compile(self._defs_src[name], ref)
            self._defs[name] = compiled
        return lambda value, path, emit: self._defs[name](value, path, emit)

    def _compile(self, node: dict[str, Any], where: str) -> Check:
        unknown = set(node) - _SUPPORTED
        if unknown:
            raise SchemaError(f"{self.name}: {where} uses unsupported keywords: {sorted(unknown)}")
        for name, sub in node.get("$defs", {}).items():
            self._compile(sub, f"{where}/$defs/{name}")
        hint = f" {node['x-hint']}" if "x-hint" in node else ""
        checks: list[Check] = []

        if "$ref" in node:
            checks.append(self._ref(node["$ref"]))

        wanted = node.get("type")
        if wanted is not None:
            if not isinstance(wanted, str):
                raise SchemaError(f"{self.name}: {where}: 'type' must be a single name")
            _is_type(None, wanted)  # rejects unknown names at compile time

        def type_check(value: object, path: PathKey, emit: Emit) -> bool:
            if wanted is None or _is_type(value, wanted):
                return True
            emit(
                path,
                f"must be {_TYPE_NAMES[wanted]}, not {describe(value)}." + _type_hint(value, wanted) + hint,
            )
            return False

        if "enum" in node:
            allowed = node["enum"]

            def enum_check(value: object, path: PathKey, emit: Emit) -> None:
                if value not in allowed:
                    emit(path, f"{value!r} is not allowed; use one of: {', '.join(map(str, allowed))}.{hint}")

            checks.append(enum_check)

        # String keywords.
        min_length = node.get("minLength")
        max_length = node.get("maxLength")
        pattern = re.compile(node["pattern"]) if "pattern" in node else None
        fmt = node.get("format")
        if fmt not in (None, "date", "uri"):
            raise SchemaError(f"{self.name}: {where}: unsupported format {fmt!r}")

        def string_checks(value: object, path: PathKey, emit: Emit) -> None:
            if not isinstance(value, str):
                return
            if min_length is not None and len(value) < min_length:
                emit(path, "must not be empty: write the value, or remove the field if it is optional." + hint)
                return
            if max_length is not None and len(value) > max_length:
                emit(path, f"is {len(value)} characters long; the limit is {max_length}: shorten it.{hint}")
            if fmt == "date" and not _real_date(value):
                emit(path, f"{value!r} is not a real date: write it as YYYY-MM-DD, e.g. 2014-02-27.{hint}")
            elif fmt == "uri" and not re.match(r"https?://[^\s/$.?#][^\s]*$", value):
                emit(
                    path,
                    f"{value!r} is not a web address: it must start with http:// or https:// "
                    f"and contain no spaces.{hint}",
                )
            elif pattern is not None and not pattern.search(value):
                if not value.strip():
                    emit(path, "must not be empty (it holds only spaces): write the value, or remove the field." + hint)
                else:
                    emit(path, f"{value!r} does not have the expected form.{hint}")

        if min_length is not None or max_length is not None or pattern or fmt:
            checks.append(string_checks)

        # Number keywords.
        minimum = node.get("minimum")
        maximum = node.get("maximum")
        if minimum is not None or maximum is not None:

            def range_check(value: object, path: PathKey, emit: Emit) -> None:
                if not isinstance(value, int | float) or isinstance(value, bool):
                    return
                if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
                    emit(path, f"{value} is outside the allowed range {minimum} to {maximum}.{hint}")

            checks.append(range_check)

        # Array keywords.
        items = self._compile(node["items"], f"{where}/items") if "items" in node else None
        min_items = node.get("minItems")
        max_items = node.get("maxItems")
        unique = node.get("uniqueItems", False)
        if items or min_items is not None or max_items is not None or unique:

            def array_checks(value: object, path: PathKey, emit: Emit) -> None:
                if not isinstance(value, list):
                    return
                if min_items is not None and len(value) < min_items:
                    if not value:
                        emit(path, f"must not be an empty list: give at least {min_items}.{hint}")
                    else:
                        emit(path, f"needs at least {min_items} entries.{hint}")
                if max_items is not None and len(value) > max_items:
                    emit(path, f"has {len(value)} entries; the limit is {max_items}.{hint}")
                seen: set[object] = set()
                for index, item in enumerate(value):
                    if unique:
                        token = item if isinstance(item, str) else json.dumps(item, sort_keys=True, default=str)
                        if token in seen:
                            emit((*path, index), f"{item!r} is listed twice: remove the repeat.")
                        seen.add(token)
                    if items is not None:
                        items(item, (*path, index), emit)

            checks.append(array_checks)

        # Object keywords.
        properties = {
            name: self._compile(sub, f"{where}/properties/{name}") for name, sub in node.get("properties", {}).items()
        }
        required = node.get("required", [])
        additional = node.get("additionalProperties", True)
        extra_check: Check | None = None
        if isinstance(additional, dict):
            extra_check = self._compile(additional, f"{where}/additionalProperties")
        elif additional not in (True, False):
            raise SchemaError(f"{self.name}: {where}: additionalProperties must be a schema or a boolean")
        if properties or required or additional is not True:
            names = list(properties)

            def object_checks(value: object, path: PathKey, emit: Emit) -> None:
                if not isinstance(value, dict):
                    return
                for name in required:
                    if name not in value:
                        emit((*path, name), f"is missing: it is required; add a line '{name}: …'.")
                for name, member in value.items():
                    check = properties.get(name)
                    if check is not None:
                        check(member, (*path, name), emit)
                    elif extra_check is not None:
                        extra_check(member, (*path, name), emit)
                    elif additional is False:
                        guess = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
                        suggestion = f" Did you mean '{guess[0]}'?" if guess else ""
                        emit(
                            (*path, name),
                            f"unknown field '{name}'.{suggestion} Allowed fields: {', '.join(names)}.",
                        )

            checks.append(object_checks)

        def check(value: object, path: PathKey, emit: Emit) -> None:
            if not type_check(value, path, emit):
                return
            for sub_check in checks:
                sub_check(value, path, emit)

        return check


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise SchemaError(f"duplicate keys {duplicates}: JSON would silently keep only the last one")
    return dict(pairs)


def load_schema(path: Path) -> CompiledSchema:
    with path.open(encoding="utf-8") as handle:
        return CompiledSchema(json.load(handle, object_pairs_hook=_no_duplicate_keys), name=path.name)
