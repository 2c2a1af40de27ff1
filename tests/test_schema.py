"""The compiled schema checks agree with the reference JSON Schema validator.

macros/checking/schema.py compiles the schema files into fast checks. These tests hold it to the
reference implementation (`jsonschema`, Draft 2020-12) on every fixture and on
systematic mutations of valid records, so the schema files stay the single source of
truth.
"""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from pathlib import Path

import jsonschema
import pytest
from helpers import FIXTURES, ROOT

from macros.checking.schema import CompiledSchema, SchemaError
from macros.reading.yamlsafe import parse_yaml

SCHEMAS = {p.name.removesuffix(".schema.json"): p for p in (ROOT / "data" / "schema").glob("*.schema.json")}
HOSTILE_VALUES = [None, True, 0, 2014, 3.5, "", "   ", "x" * 10_000, [], [""], ["a", "a"], {}, {"a": 1}, "Not A Slug"]


def reference(name: str) -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMAS[name].read_text())
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def compiled(name: str) -> CompiledSchema:
    return CompiledSchema(json.loads(SCHEMAS[name].read_text()), name)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schema_files_are_valid_draft_2020_12(name: str) -> None:
    schema = json.loads(SCHEMAS[name].read_text())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def record_documents() -> list[pytest.param]:
    params = []
    for path in sorted(FIXTURES.rglob("*.yml")) + sorted((ROOT / "data").rglob("*.yml")):
        kind = "case-study" if "case-studies" in path.parts else "resource" if "resources" in path.parts else None
        if kind is None:
            continue
        try:
            value = parse_yaml(path.read_text("utf-8"), path.name).value
        except UnicodeDecodeError:
            continue
        if isinstance(value, dict):
            params.append(pytest.param(kind, value, id=f"{path.parent.name}/{path.name}"))
    return params


def reference_fields(error: jsonschema.ValidationError) -> set[tuple[str | int, ...]]:
    """Where the reference validator's error is, in the convention of macros/checking/schema.py,
    which reports some problems one level down, where the contributor has to act: a
    missing required field and an unknown field at that field, a repeated item at the
    repeat. The reference reports those at the object or the list."""
    path = tuple(error.absolute_path)
    if error.validator == "required":
        return {(*path, name) for name in error.validator_value if name not in error.instance}
    if error.validator == "additionalProperties":
        known = error.schema.get("properties", {})
        return {(*path, name) for name in error.instance if name not in known}
    if error.validator == "uniqueItems":
        seen: list[object] = []
        repeats = set()
        for index, item in enumerate(error.instance):
            if item in seen:
                repeats.add((*path, index))
            seen.append(item)
        return repeats
    return {path}


def agree(kind: str, value: object) -> bool:
    """Both validators find problems at the same fields (or none); True when they reject."""
    ours = compiled(kind).errors(value)
    theirs = list(reference(kind).iter_errors(value))
    our_fields = {tuple(path) for path, *_ in ours}
    for path, message, rule in ours:
        # A misspelt field is reported once, as the unknown field; the reference also
        # reports the required field it stands for as missing.
        meant = re.search(r"Did you mean '([^']+)'", message)
        if rule == "additionalProperties" and meant and isinstance(value, dict) and meant[1] not in value:
            our_fields.add((*path[:-1], meant[1]))
    their_fields = set().union(*(reference_fields(e) for e in theirs))
    assert our_fields == their_fields, f"ours={ours}\nreference={[(list(e.absolute_path), e.message) for e in theirs]}"
    assert bool(ours) == bool(theirs)
    return bool(ours)


@pytest.mark.parametrize(("kind", "value"), record_documents())
def test_agrees_with_reference_on_every_record_file(kind: str, value: dict) -> None:
    agree(kind, value)


@pytest.mark.parametrize("kind", ["resource", "case-study"])
def test_agrees_with_reference_on_mutations(kind: str) -> None:
    folder = "resources/aft/fixture-toolkit.yml" if kind == "resource" else "case-studies/fixture-district.yml"
    base = parse_yaml((FIXTURES / "valid" / "data" / folder).read_text(), "x").value
    assert isinstance(base, dict)
    properties = json.loads(SCHEMAS[kind].read_text())["properties"]
    required = json.loads(SCHEMAS[kind].read_text())["required"]
    rejected: Counter[str] = Counter()
    accepted: Counter[str] = Counter()
    assert not agree(kind, base), "the base record must be valid"
    for field in properties:
        without = {k: v for k, v in base.items() if k != field}
        assert agree(kind, without) == (field in required), field
        for hostile in HOSTILE_VALUES:
            mutated = copy.deepcopy(base)
            mutated[field] = hostile
            if agree(kind, mutated):
                rejected[field] += 1
            else:
                accepted[field] += 1
    # Every field refuses some of the hostile values: the mutations reach every check.
    assert set(rejected) == set(properties), set(properties) - set(rejected)
    assert all(rejected[field] >= 5 for field in properties), rejected
    assert sum(accepted.values()) > 0  # and some are valid for some fields (e.g. "Not A Slug" as a title)


def test_unsupported_keyword_is_refused() -> None:
    with pytest.raises(SchemaError, match="unsupported keywords"):
        CompiledSchema({"type": "object", "oneOf": [{"type": "object"}]})


def test_unsupported_format_is_refused() -> None:
    with pytest.raises(SchemaError, match="unsupported format"):
        CompiledSchema({"type": "string", "format": "email"})


def test_reference_is_really_checking(tmp_path: Path) -> None:
    # Guards the differential tests above: the reference must reject a bad record.
    assert not reference("resource").is_valid({"title": 1})
