"""The keywords of JSON Schema that `schema.CompiledSchema` compiles: one small function
per keyword, with its message beside it, in the table `KEYWORDS`. The set of supported
keywords (`SUPPORTED`) is derived from the table; anything else in a schema is refused
when it is compiled, except the annotations (`x-…` keywords included).

This module holds the table and the keywords on what a value is (its type, its allowed
values, a list's items, a mapping's fields, a reference); the keywords that set limits
(length, pattern, format, range, number of entries) live in `limit_keywords`. A keyword
function gets the schema being compiled as a `SchemaCompiler` (`keyword_base`), the few
members it uses, not the class: `schema` imports this module, and this one imports
nothing back."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any

from ..reading.yamlbuilder import PathKey
from . import limit_keywords as limits
from .keyword_base import Check, Compiler, Emit, SchemaCompiler, SchemaError, describe, quote, x_hint

# Keywords that only annotate; they never reject a value.
ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "title", "description", "examples", "default", "$defs"})
# Annotations of this project, read by macros.model.kinds; any `x-` keyword is one.
EXTENSION_PREFIX = "x-"

_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list",
    "object": "a mapping of fields",
    "boolean": "true or false",
    "null": "empty",
}
_TYPE_TESTS: dict[str, Callable[[object], bool]] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def _type_hint(value: object, wanted: str, written: str | None) -> str:
    if wanted == "string" and isinstance(value, bool | int | float):
        return f' Put it in quotes: "{written if written is not None else value}".'
    if wanted == "array" and isinstance(value, str):
        return f" Write it as a list, e.g. [{value}]."
    if wanted == "integer" and isinstance(value, str):
        return " Write it as digits with no quotes, e.g. 2014."
    if value is None and wanted != "null":
        if written:  # ~, null, Null...
            return f' YAML reads {written} as "no value": write the value (in quotes if it is the text "{written}").'
        return " Write the value after the colon, or remove the line if the field is optional."
    return ""


# --- the keywords: one function each, with its message ---------------------------------


def type_check(node: dict[str, Any], schema: SchemaCompiler, where: str) -> Callable[[object, PathKey, Emit], bool]:
    """The type check returns whether the value has the type: the other checks run only then."""
    wanted = node["type"]
    if wanted not in _TYPE_TESTS:
        raise SchemaError(f"{schema.name}: {where}: 'type' must be one of {sorted(_TYPE_TESTS)}")
    test, hint = _TYPE_TESTS[wanted], x_hint(node)

    def check(value: object, path: PathKey, emit: Emit) -> bool:
        if test(value):
            return True
        hint_text = _type_hint(value, wanted, schema.written.get(path))
        emit(path, f"must be {_TYPE_NAMES[wanted]}, not {describe(value)}.{hint_text}{hint}", "type")
        return False

    return check


def _enum(node: dict[str, Any], schema: SchemaCompiler, where: str) -> Check:
    allowed, hint = node["enum"], x_hint(node)
    labels = {str(label).casefold(): value for value, label in node.get("x-labels", {}).items()}  # Ohio -> OH

    def check(value: object, path: PathKey, emit: Emit) -> None:
        if value not in allowed:
            wanted = value.strip().casefold() if isinstance(value, str) else None
            same = [a for a in allowed if str(a).casefold() == wanted] or [labels.get(wanted)] * (wanted in labels)
            fix = f" Write it as '{same[0]}'." if same else f" Use one of: {', '.join(map(str, allowed))}."
            emit(path, f"{quote(value)} is not allowed.{fix}{hint}", "enum")

    return check


def _items(node: dict[str, Any], schema: SchemaCompiler, where: str) -> Check:
    item_check = schema.compile(node["items"], f"{where}/items")

    def check(value: object, path: PathKey, emit: Emit) -> None:
        if isinstance(value, list):
            for index, item in enumerate(value):
                item_check(item, (*path, index), emit)

    return check


def _required(node: dict[str, Any], schema: SchemaCompiler, where: str) -> Check:
    required, known = node["required"], set(node.get("properties", {}))

    def check(value: object, path: PathKey, emit: Emit) -> None:
        if not isinstance(value, dict):
            return
        unknown = [name for name in value if name not in known]
        for name in required:
            # A misspelt field is one cause: it is reported once, as the unknown field.
            if name not in value and not difflib.get_close_matches(name, unknown, n=1, cutoff=0.6):
                emit((*path, name), f"is missing: it is required; add a line '{name}: …'.", "required")

    return check


def _properties(node: dict[str, Any], schema: SchemaCompiler, where: str) -> Check:
    checks = {name: schema.compile(sub, f"{where}/properties/{name}") for name, sub in node["properties"].items()}

    def check(value: object, path: PathKey, emit: Emit) -> None:
        if isinstance(value, dict):
            for name, member in value.items():
                if name in checks:
                    checks[name](member, (*path, name), emit)

    return check


def _additional(node: dict[str, Any], schema: SchemaCompiler, where: str) -> Check | None:
    additional, names = node["additionalProperties"], list(node.get("properties", {}))
    if additional is True:
        return None
    if additional is not False and not isinstance(additional, dict):
        raise SchemaError(f"{schema.name}: {where}: additionalProperties must be a schema or a boolean")
    extra = schema.compile(additional, f"{where}/additionalProperties") if isinstance(additional, dict) else None

    def check(value: object, path: PathKey, emit: Emit) -> None:
        if not isinstance(value, dict):
            return
        for name, member in value.items():
            if name in names:
                continue
            if extra is not None:
                extra(member, (*path, name), emit)
                continue
            guess = difflib.get_close_matches(str(name), names, n=1, cutoff=0.6)
            suggestion = f" Did you mean '{guess[0]}'?" if guess else ""
            emit(
                (*path, name),
                f"unknown field '{name}'.{suggestion} Allowed fields: {', '.join(names)}.",
                "additionalProperties",
            )

    return check


def _ref(node: dict[str, Any], schema: SchemaCompiler, where: str) -> Check:
    return schema.reference(node["$ref"])


# The supported keywords, in the order their checks run. The type check runs first and
# a value of the wrong type gets no further message.
KEYWORDS: dict[str, Compiler] = {
    "$ref": _ref,
    "enum": _enum,
    "minLength": limits.min_length,
    "maxLength": limits.max_length,
    "format": limits.text_format,
    "pattern": limits.text_pattern,
    "minimum": limits.minimum,
    "maximum": limits.maximum,
    "minItems": limits.min_items,
    "maxItems": limits.max_items,
    "uniqueItems": limits.unique_items,
    "items": _items,
    "required": _required,
    "properties": _properties,
    "additionalProperties": _additional,
}
SUPPORTED = frozenset(KEYWORDS) | {"type"} | ANNOTATIONS
# The rule ids that schema checks report (Problem.rule is "schema/<id>").
RULE_IDS = ("type", "enum", "minLength", "maxLength", "format", "pattern", "range", "minItems", "maxItems")
RULE_IDS += ("uniqueItems", "required", "additionalProperties")
