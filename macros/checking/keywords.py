"""The keywords of JSON Schema that `schema.CompiledSchema` compiles: one small function
per keyword, with its message beside it, in the table `KEYWORDS`. The set of supported
keywords (`SUPPORTED`) is derived from the table; anything else in a schema is refused
when it is compiled, except the annotations (`x-…` keywords included).

A keyword function gets the schema being compiled as a `SchemaCompiler`, the few members
it uses, not the class: `schema` imports this module, and this one imports nothing back."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections.abc import Callable
from typing import Any, Protocol

from ..reading.textrules import shorten
from ..reading.yamlsafe import PathKey

# An emitted problem: where, what, and the keyword (the rule) that found it.
Emit = Callable[[PathKey, str, str], None]
Check = Callable[[object, PathKey, Emit], None]


class SchemaCompiler(Protocol):
    """What a keyword function uses of the schema it is compiled in (`schema.CompiledSchema`)."""

    name: str  # the schema's name, for the messages of SchemaError
    written: dict[PathKey, str]  # the values as typed, during a check (YAML's raw text)

    def compile(self, node: dict[str, Any], where: str) -> Check: ...

    def reference(self, ref: str) -> Check: ...


Compiler = Callable[[dict[str, Any], SchemaCompiler, str], Check | None]

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
_WEB_ADDRESS = re.compile(r"https?://[^\s/$.?#][^\s]*$")


class SchemaError(Exception):
    """The schema file itself uses something this module does not check."""


def describe(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, int | float):
        return f"the number {value}"
    return {str: "text", list: "a list", dict: "a mapping of fields"}.get(type(value), type(value).__name__)


def _q(value: object) -> str:
    """A value as a message quotes it: in quotes, and shortened when it is long."""
    return repr(shorten(value, 80)) if isinstance(value, str) else repr(value)


def _hint(node: dict[str, Any]) -> str:
    return f" {node['x-hint']}" if "x-hint" in node else ""


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
    test, hint = _TYPE_TESTS[wanted], _hint(node)

    def check(value: object, path: PathKey, emit: Emit) -> bool:
        if test(value):
            return True
        hint_text = _type_hint(value, wanted, schema.written.get(path))
        emit(path, f"must be {_TYPE_NAMES[wanted]}, not {describe(value)}.{hint_text}{hint}", "type")
        return False

    return check


def _enum(node: dict[str, Any], schema: SchemaCompiler, where: str) -> Check:
    allowed, hint = node["enum"], _hint(node)
    labels = {str(label).casefold(): value for value, label in node.get("x-labels", {}).items()}  # Ohio -> OH

    def check(value: object, path: PathKey, emit: Emit) -> None:
        if value not in allowed:
            wanted = value.strip().casefold() if isinstance(value, str) else None
            same = [a for a in allowed if str(a).casefold() == wanted] or [labels.get(wanted)] * (wanted in labels)
            fix = f" Write it as '{same[0]}'." if same else f" Use one of: {', '.join(map(str, allowed))}."
            emit(path, f"{_q(value)} is not allowed.{fix}{hint}", "enum")

    return check


def _min_length(node: dict[str, Any], schema: SchemaCompiler, where: str) -> Check:
    limit, hint = node["minLength"], _hint(node)

    def check(value: object, path: PathKey, emit: Emit) -> None:
        if isinstance(value, str) and len(value) < limit:
            emit(path, f"must not be empty: write the value, or remove the field if it is optional.{hint}", "minLength")

    return check


def _max_length(node: dict[str, Any], schema: SchemaCompiler, where: str) -> Check:
    limit, hint = node["maxLength"], _hint(node)

    def check(value: object, path: PathKey, emit: Emit) -> None:
        if isinstance(value, str) and len(value) > limit:
            emit(path, f"is {len(value)} characters long; the limit is {limit}: shorten it.{hint}", "maxLength")

    return check


def _pattern(node: dict[str, Any], schema: SchemaCompiler, where: str) -> Check:
    pattern, hint = re.compile(node["pattern"]), _hint(node)
    # A format check on the same value says more; the pattern then stays quiet.
    skip_if_format = node.get("format") in ("date", "uri")
    too_short = node.get("minLength", 0)

    def check(value: object, path: PathKey, emit: Emit) -> None:
        if not isinstance(value, str) or len(value) < too_short or pattern.search(value):
            return
        if skip_if_format and not _FORMATS[node["format"]][0](value):
            return
        if not value.strip():
            emit(
                path,
                f"must not be empty (it holds only spaces): write the value, or remove the field.{hint}",
                "pattern",
            )
        else:
            emit(path, f"{_q(value)} does not have the expected form.{_reshaped(value, pattern)}{hint}", "pattern")

    return check


def _reshaped(value: str, pattern: re.Pattern[str]) -> str:
    """' Write it as 'nea'.' when the value in lowercase with hyphens would fit."""
    candidate = re.sub(r"[^a-z0-9]+", "-", value.casefold()).strip("-")
    return f" Write it as '{candidate}'." if candidate and pattern.search(candidate) else ""


def _date_message(value: str) -> str:
    # A year, a month and a day in that order, with any of the usual separators, and maybe
    # a time after it (YAML reads 2014-02-27 10:00 as a time of day).
    parts = re.fullmatch(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})([T ].*)?", value)
    if parts:
        try:
            date = dt.date(int(parts[1]), int(parts[3]), int(parts[4]))
        except ValueError:
            return f"{_q(value)} is not a real date: write it as YYYY-MM-DD, e.g. 2014-02-27."
        if parts[5]:
            return f"{_q(value)} holds a time of day: write the date alone, as {date.isoformat()}."
        if parts[2] != "-":
            return f"{_q(value)}: write the date with hyphens, as {date.isoformat()}."
        return f"{_q(value)}: write the date with two-digit month and day, as {date.isoformat()}."
    return f"{_q(value)} is not a date: write it as YYYY-MM-DD, e.g. 2014-02-27."


def _address_message(text: str) -> str:
    """Why `text` is not a web address, with the fix when it is clear."""
    start = "it must start with http:// or https:// and contain no spaces"
    if text != text.strip():
        return f"{_q(text)} is not a web address: remove the spaces before or after it."
    if re.match(r"(?i)https?://", text) and not re.match(r"https?://", text):
        return f"{_q(text)} is not a web address as written: write its start in lower case, as {text[: text.index(':')].lower()}://…"
    if re.match(r"(?i)www\.", text):
        return f"{_q(text)} is not a web address: {start}; write it as https://{shorten(text, 80)}."
    return f"{_q(text)} is not a web address: {start}."


def _real_date(text: str) -> bool:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


_FORMATS: dict[str, tuple[Callable[[str], bool], Callable[[str], str]]] = {
    "date": (_real_date, _date_message),
    "uri": (lambda text: bool(_WEB_ADDRESS.match(text)), _address_message),
}


def _format(node: dict[str, Any], schema: SchemaCompiler, where: str) -> Check:
    if node["format"] not in _FORMATS:
        raise SchemaError(f"{schema.name}: {where}: unsupported format {node['format']!r}")
    valid, message = _FORMATS[node["format"]]
    hint = _hint(node)

    too_short = node.get("minLength", 0)

    def check(value: object, path: PathKey, emit: Emit) -> None:
        # An empty value gets the minLength message only: one problem per cause.
        if isinstance(value, str) and len(value) >= too_short and not valid(value):
            emit(path, message(schema.written.get(path, value)) + hint, "format")  # as typed: 2014-02-27 10:00

    return check


def _range(node: dict[str, Any], schema: SchemaCompiler, where: str) -> Check:
    return _range_check(node)


def _maximum_alone(node: dict[str, Any], schema: SchemaCompiler, where: str) -> Check | None:
    # With a minimum too, the one range check compiled for "minimum" covers both.
    return None if "minimum" in node else _range_check(node)


def _range_check(node: dict[str, Any]) -> Check:
    low, high, hint = node.get("minimum"), node.get("maximum"), _hint(node)

    def check(value: object, path: PathKey, emit: Emit) -> None:
        if not isinstance(value, int | float) or isinstance(value, bool):
            return
        if (low is not None and value < low) or (high is not None and value > high):
            emit(path, f"{value} is outside the allowed range {low} to {high}.{hint}", "range")

    return check


def _min_items(node: dict[str, Any], schema: SchemaCompiler, where: str) -> Check:
    limit, hint = node["minItems"], _hint(node)

    def check(value: object, path: PathKey, emit: Emit) -> None:
        if isinstance(value, list) and len(value) < limit:
            text = (
                f"must not be an empty list: give at least {limit}."
                if not value
                else f"needs at least {limit} entries."
            )
            emit(path, text + hint, "minItems")

    return check


def _max_items(node: dict[str, Any], schema: SchemaCompiler, where: str) -> Check:
    limit, hint = node["maxItems"], _hint(node)

    def check(value: object, path: PathKey, emit: Emit) -> None:
        if isinstance(value, list) and len(value) > limit:
            emit(path, f"has {len(value)} entries; the limit is {limit}.{hint}", "maxItems")

    return check


def _unique_items(node: dict[str, Any], schema: SchemaCompiler, where: str) -> Check | None:
    if not node["uniqueItems"]:
        return None

    def check(value: object, path: PathKey, emit: Emit) -> None:
        if not isinstance(value, list):
            return
        seen: set[object] = set()
        for index, item in enumerate(value):
            token = item if isinstance(item, str) else json.dumps(item, sort_keys=True, default=str)
            if token in seen:
                emit((*path, index), f"{_q(item)} is listed twice: remove the repeat.", "uniqueItems")
            seen.add(token)

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
    "minLength": _min_length,
    "maxLength": _max_length,
    "format": _format,
    "pattern": _pattern,
    "minimum": _range,
    "maximum": _maximum_alone,
    "minItems": _min_items,
    "maxItems": _max_items,
    "uniqueItems": _unique_items,
    "items": _items,
    "required": _required,
    "properties": _properties,
    "additionalProperties": _additional,
}
SUPPORTED = frozenset(KEYWORDS) | {"type"} | ANNOTATIONS
# The rule ids that schema checks report (Problem.rule is "schema/<id>").
RULE_IDS = ("type", "enum", "minLength", "maxLength", "format", "pattern", "range", "minItems", "maxItems")
RULE_IDS += ("uniqueItems", "required", "additionalProperties")
