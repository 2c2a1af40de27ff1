"""The limits of every schema keyword, at, below and above each limit.

The differential tests of test_schema.py compare the compiled checks with the reference
validator on records, which seldom sit exactly on a limit: a `>` written as `>=` would
pass them. Here every limit that the schema files declare is tried at limit - 1, the
limit and limit + 1, and the answer is both compared with the reference and stated.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
from helpers import ROOT

from macros.checking.keywords import SUPPORTED
from macros.checking.schema import CompiledSchema

SCHEMAS = sorted((ROOT / "data" / "schema").glob("*.schema.json"))
# keyword -> (the value's type, whether the limit itself is allowed, the side it bounds)
LIMITS = {
    "minLength": ("string", True, "low"),
    "maxLength": ("string", True, "high"),
    "minItems": ("array", True, "low"),
    "maxItems": ("array", True, "high"),
    "minimum": ("number", True, "low"),
    "maximum": ("number", True, "high"),
}


def _nodes(node: object) -> Iterator[dict]:
    if isinstance(node, dict):
        yield node
        for child in node.values():
            yield from _nodes(child)
    elif isinstance(node, list):
        for child in node:
            yield from _nodes(child)


def declared_limits() -> list[tuple[str, int | float]]:
    """Every (keyword, limit) pair the schema files declare, once each."""
    found = {
        (keyword, node[keyword])
        for path in SCHEMAS
        for node in _nodes(json.loads(path.read_text(encoding="utf-8")))
        for keyword in LIMITS
        if isinstance(node.get(keyword), int | float) and not isinstance(node.get(keyword), bool)
    }
    return sorted(found)


def value_of_size(kind: str, size: int | float) -> object:
    if kind == "string":
        return "x" * int(size)
    if kind == "array":
        return [f"item-{n}" for n in range(int(size))]
    return size


@pytest.mark.parametrize(("keyword", "limit"), declared_limits(), ids=lambda v: str(v))
@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_each_declared_limit_at_below_and_above(keyword: str, limit: int | float, offset: int) -> None:
    kind, inclusive, side = LIMITS[keyword]
    size = limit + offset
    if kind != "number" and size < 0:
        pytest.fail(f"{keyword} {limit}: a limit of 0 leaves nothing below it to try")
    schema = {"type": "integer" if kind == "number" else kind, keyword: limit}
    value = value_of_size(kind, size)
    allowed = (offset == 0 and inclusive) or (offset > 0 if side == "low" else offset < 0)
    ours = CompiledSchema(schema, "limits").errors(value)
    assert jsonschema.Draft202012Validator(schema).is_valid(value) == allowed
    assert (not ours) == allowed, f"{keyword} {limit}: a size of {size} should be {'allowed' if allowed else 'refused'}"


def test_the_schema_files_declare_limits() -> None:
    keywords = {keyword for keyword, _ in declared_limits()}
    assert {"maxLength", "minLength", "minItems"} <= keywords, keywords


def test_every_supported_limit_keyword_is_tried() -> None:
    limits = {keyword for keyword in SUPPORTED if keyword.startswith(("min", "max", "exclusive"))}
    assert limits == set(LIMITS), "add the new limit keyword to LIMITS"


@pytest.mark.parametrize("keyword", sorted(LIMITS))
def test_every_limit_keyword_is_checked_at_its_edge(keyword: str) -> None:
    """Each limit keyword the compiler supports, with a limit of 3, whether or not the
    schema files use it today: a schema edit must not meet an untested comparison."""
    kind, inclusive, side = LIMITS[keyword]
    schema = {"type": "integer" if kind == "number" else kind, keyword: 3}
    for offset in (-1, 0, 1):
        value = value_of_size(kind, 3 + offset)
        allowed = (offset == 0 and inclusive) or (offset > 0 if side == "low" else offset < 0)
        assert (not CompiledSchema(schema, "limits").errors(value)) == allowed, (keyword, offset)


def test_generated_is_the_newest_added_date(valid_data: Path) -> None:
    """The `generated` date of /data/*.json is the newest `added` of any record, worked
    out here from the YAML files, with the records' dates spread so that the oldest, the
    first and the last in file order all differ from the newest."""
    from macros.publishing.opendata import records_json
    from macros.publishing.site import inventory_for_build

    files = sorted((valid_data / "resources").rglob("*.yml")) + sorted((valid_data / "case-studies").rglob("*.yml"))
    assert len(files) >= 3
    dates = ["2014-02-27", "2015-06-01", "2013-01-15"] + ["2014-03-01"] * (len(files) - 3)
    for path, date in zip(files, dates, strict=True):
        text = path.read_text(encoding="utf-8")
        lines = [f"added: {date}" if line.startswith("added:") else line for line in text.splitlines()]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    inventory = inventory_for_build(valid_data, refresh=True)
    for kind in inventory.records:
        generated = json.loads(records_json(inventory, kind, "https://example.org/"))["generated"]
        assert generated == "2015-06-01", kind
