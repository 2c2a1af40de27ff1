"""Checks records against the JSON Schema files in `data/schema/`.

The schema files are the single source of truth for the shape of each kind of record:
editors use them through the `# yaml-language-server: $schema=…` line, and this module
compiles the subset of JSON Schema 2020-12 that they use into plain Python checks.

The subset is the table `KEYWORDS` (macros/checking/keywords.py): one small function per
keyword, with its message beside it. A keyword that is neither in the table nor an
annotation is refused when the schema is compiled, so a schema can never say more than
is checked. The
`x-` keywords (`x-vocabulary`, `x-references`, `x-facet`, …) are annotations here and
for `jsonschema`; `macros.model.kinds` reads them. The test suite runs the reference
`jsonschema` validator over every fixture and asserts that it agrees with this module.

Compiling (rather than calling `jsonschema` per record) keeps validation within about
twice the cost of a bare YAML load (see `scripts/bench.py`), lists every problem in one
run, and lets every message say how to fix the problem in the contributor's words.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..reading.yamlbuilder import PathKey
from .keyword_base import Check, Emit, SchemaError
from .keywords import EXTENSION_PREFIX, KEYWORDS, RULE_IDS, SUPPORTED, type_check

__all__ = ["RULE_IDS", "CompiledSchema", "SchemaError", "load_schema", "read_schema"]


class CompiledSchema:
    """One schema file, compiled into a single check function."""

    def __init__(self, schema: dict[str, Any], name: str = "schema") -> None:
        self.schema = schema
        self.name = name
        self.written: dict[PathKey, str] = {}
        self._defs: dict[str, Check | None] = {}
        self._defs_src: dict[str, Any] = schema.get("$defs", {})
        for def_name, sub in self._defs_src.items():
            self.compile(sub, f"#/$defs/{def_name}")
        self.check = self.compile(schema, "#")

    def errors(self, value: object, written: dict[PathKey, str] | None = None) -> list[tuple[PathKey, str, str]]:
        """Every problem: (path, message, rule id). `written` maps paths to the text the
        contributor typed where YAML read a non-text value (macros.reading.yamlbuilder's `ParsedYaml.raw`)."""
        found: list[tuple[PathKey, str, str]] = []
        self.written = written or {}
        try:
            self.check(value, (), lambda path, message, rule: found.append((path, message, rule)))
        finally:
            self.written = {}
        return found

    def reference(self, ref: str) -> Check:
        prefix = "#/$defs/"
        name = ref[len(prefix) :]
        if not ref.startswith(prefix) or name not in self._defs_src:
            raise SchemaError(f"{self.name}: only local '#/$defs/…' references are supported: {ref}")
        if name not in self._defs:
            self._defs[name] = None  # being compiled: a reference to it from inside waits for it
            self._defs[name] = self.compile(self._defs_src[name], ref)
        compiled = self._defs[name]
        if compiled is not None:
            return compiled
        return lambda value, path, emit: self._defs[name](value, path, emit)  # a recursive definition

    def compile(self, node: dict[str, Any], where: str) -> Check:
        unknown = {key for key in node if key not in SUPPORTED and not key.startswith(EXTENSION_PREFIX)}
        if unknown:
            raise SchemaError(f"{self.name}: {where} uses unsupported keywords: {sorted(unknown)}")
        of_type = type_check(node, self, where) if "type" in node else None
        checks = [c for key, compiler in KEYWORDS.items() if key in node and (c := compiler(node, self, where))]
        if of_type is None and len(checks) == 1:  # no wrapper around a single check (most nodes)
            return checks[0]

        def check(value: object, path: PathKey, emit: Emit) -> None:
            if of_type is not None and not of_type(value, path, emit):
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


def read_schema(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle, object_pairs_hook=_no_duplicate_keys)


def load_schema(path: Path) -> CompiledSchema:
    return CompiledSchema(read_schema(path), name=path.name)
