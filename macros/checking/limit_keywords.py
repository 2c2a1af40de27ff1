"""The keywords that set limits on a value, apart from the ones on what it is (`keywords`):
a text's length, pattern and format (a real date, a web address), a number's range, a
list's number of entries and its repeats. Each is a small function with its message
beside it; `keywords.KEYWORDS` lists them in the order their checks run.

A format check on a value says more than its pattern, and an empty value gets the
minLength message only: one problem per cause, so these keywords look at each other's
settings in the same node."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any

from ..reading.textrules import shorten
from ..reading.yamlbuilder import PathKey
from .keyword_base import Check, Emit, SchemaCompiler, SchemaError, quote, x_hint

_WEB_ADDRESS = re.compile(r"https?://[^\s/$.?#][^\s]*$")


def min_length(node: dict[str, Any], schema: SchemaCompiler, where: str) -> Check:
    limit, hint = node["minLength"], x_hint(node)

    def check(value: object, path: PathKey, emit: Emit) -> None:
        if isinstance(value, str) and len(value) < limit:
            emit(path, f"must not be empty: write the value, or remove the field if it is optional.{hint}", "minLength")

    return check


def max_length(node: dict[str, Any], schema: SchemaCompiler, where: str) -> Check:
    limit, hint = node["maxLength"], x_hint(node)

    def check(value: object, path: PathKey, emit: Emit) -> None:
        if isinstance(value, str) and len(value) > limit:
            emit(path, f"is {len(value)} characters long; the limit is {limit}: shorten it.{hint}", "maxLength")

    return check


def text_pattern(node: dict[str, Any], schema: SchemaCompiler, where: str) -> Check:
    pattern, hint = re.compile(node["pattern"]), x_hint(node)
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
            emit(path, f"{quote(value)} does not have the expected form.{_reshaped(value, pattern)}{hint}", "pattern")

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
            return f"{quote(value)} is not a real date: write it as YYYY-MM-DD, e.g. 2014-02-27."
        if parts[5]:
            return f"{quote(value)} holds a time of day: write the date alone, as {date.isoformat()}."
        if parts[2] != "-":
            return f"{quote(value)}: write the date with hyphens, as {date.isoformat()}."
        return f"{quote(value)}: write the date with two-digit month and day, as {date.isoformat()}."
    return f"{quote(value)} is not a date: write it as YYYY-MM-DD, e.g. 2014-02-27."


def _address_message(text: str) -> str:
    """Why `text` is not a web address, with the fix when it is clear."""
    start = "it must start with http:// or https:// and contain no spaces"
    if text != text.strip():
        return f"{quote(text)} is not a web address: remove the spaces before or after it."
    if re.match(r"(?i)https?://", text) and not re.match(r"https?://", text):
        return f"{quote(text)} is not a web address as written: write its start in lower case, as {text[: text.index(':')].lower()}://…"
    if re.match(r"(?i)www\.", text):
        return f"{quote(text)} is not a web address: {start}; write it as https://{shorten(text, 80)}."
    return f"{quote(text)} is not a web address: {start}."


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


def text_format(node: dict[str, Any], schema: SchemaCompiler, where: str) -> Check:
    if node["format"] not in _FORMATS:
        raise SchemaError(f"{schema.name}: {where}: unsupported format {node['format']!r}")
    valid, message = _FORMATS[node["format"]]
    hint = x_hint(node)

    too_short = node.get("minLength", 0)

    def check(value: object, path: PathKey, emit: Emit) -> None:
        # An empty value gets the minLength message only: one problem per cause.
        if isinstance(value, str) and len(value) >= too_short and not valid(value):
            emit(path, message(schema.written.get(path, value)) + hint, "format")  # as typed: 2014-02-27 10:00

    return check


def minimum(node: dict[str, Any], schema: SchemaCompiler, where: str) -> Check:
    return _range_check(node)


def maximum(node: dict[str, Any], schema: SchemaCompiler, where: str) -> Check | None:
    # With a minimum too, the one range check compiled for "minimum" covers both.
    return None if "minimum" in node else _range_check(node)


def _range_check(node: dict[str, Any]) -> Check:
    low, high, hint = node.get("minimum"), node.get("maximum"), x_hint(node)

    def check(value: object, path: PathKey, emit: Emit) -> None:
        if not isinstance(value, int | float) or isinstance(value, bool):
            return
        if (low is not None and value < low) or (high is not None and value > high):
            emit(path, f"{value} is outside the allowed range {low} to {high}.{hint}", "range")

    return check


def min_items(node: dict[str, Any], schema: SchemaCompiler, where: str) -> Check:
    limit, hint = node["minItems"], x_hint(node)

    def check(value: object, path: PathKey, emit: Emit) -> None:
        if isinstance(value, list) and len(value) < limit:
            text = (
                f"must not be an empty list: give at least {limit}."
                if not value
                else f"needs at least {limit} entries."
            )
            emit(path, text + hint, "minItems")

    return check


def max_items(node: dict[str, Any], schema: SchemaCompiler, where: str) -> Check:
    limit, hint = node["maxItems"], x_hint(node)

    def check(value: object, path: PathKey, emit: Emit) -> None:
        if isinstance(value, list) and len(value) > limit:
            emit(path, f"has {len(value)} entries; the limit is {limit}.{hint}", "maxItems")

    return check


def unique_items(node: dict[str, Any], schema: SchemaCompiler, where: str) -> Check | None:
    if not node["uniqueItems"]:
        return None

    def check(value: object, path: PathKey, emit: Emit) -> None:
        if not isinstance(value, list):
            return
        seen: set[object] = set()
        for index, item in enumerate(value):
            token = item if isinstance(item, str) else json.dumps(item, sort_keys=True, default=str)
            if token in seen:
                emit((*path, index), f"{quote(item)} is listed twice: remove the repeat.", "uniqueItems")
            seen.add(token)

    return check
