"""What every keyword module of the schema compiler shares: the shape of a compiled check
(`Check`, `Emit`, `Compiler`), the `SchemaCompiler` protocol a keyword sees the schema
through, `SchemaError`, and the few words every message uses about a value (`describe`,
`quote`, `x_hint`).

It imports nothing of this package, so `keywords` (the table) and `limit_keywords` both
build on it without an import cycle, and `schema` (the compiler) imports it too."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from ..reading.textrules import shorten
from ..reading.yamlbuilder import PathKey

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


class SchemaError(Exception):
    """The schema file itself uses something the compiler does not check."""


def describe(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, int | float):
        return f"the number {value}"
    return {str: "text", list: "a list", dict: "a mapping of fields"}.get(type(value), type(value).__name__)


def quote(value: object) -> str:
    """A value as a message quotes it: in quotes, and shortened when it is long."""
    return repr(shorten(value, 80)) if isinstance(value, str) else repr(value)


def x_hint(node: dict[str, Any]) -> str:
    """The node's `x-hint` (how to write the value), as the end of a message: '' without one."""
    return f" {node['x-hint']}" if "x-hint" in node else ""
