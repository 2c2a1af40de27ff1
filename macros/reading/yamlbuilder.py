"""The strict reader's builder: plain values from libyaml's events, and where each was written.

`macros/reading/yamlsafe.py` hands it one document's events. It makes mappings,
sequences and scalars, keeps the mark of every key and item, and reports as a `Problem`
what records never need: duplicate keys, anchors, aliases, explicit tags, nesting deeper
than `MAX_DEPTH`, and scalars that break a rule of `macros/reading/textrules.py` or of
`macros/reading/yamlscalars.py`. What it refuses is noted in `ParsedYaml.refused`, so
that the schema and the rules stay quiet there and each cause is reported once.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field

import yaml
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from .problems import Problem
from .textrules import shorten, text_problem
from .yamlscalars import (
    MAYBE_TYPED,
    NUMBER_TAGS,
    TIMESTAMP_TAG,
    implicit_tag,
    number_problem,
    reads_as,
    scalar_value,
    text_as_written,
)

# Nesting deeper than this is refused while reading (records need three or four levels).
MAX_DEPTH = 32

PathKey = tuple[str | int, ...]
Location = tuple[int, int]


@dataclass
class ParsedYaml:
    """The value of a document and where each part of it was written."""

    value: object = None
    # For a mapping member: the position of its key. For a sequence item: of the item.
    # libyaml's own marks, kept as they are (0-based): one for each key and item of every
    # file, so none is turned into a pair until a problem asks for its place.
    marks: dict[PathKey, yaml.Mark] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # The text as written of each scalar that YAML read as something other than text
    # (`no` -> False), so that a message can quote what the contributor typed.
    raw: dict[PathKey, str] = field(default_factory=dict)
    # Where the reader refused a value (a control character, a long number...), and the
    # field names it refused in each mapping, as written: the schema and the rules stay
    # quiet there, so that each cause is reported once.
    refused: set[PathKey] = field(default_factory=set)
    refused_keys: dict[PathKey, list[str]] = field(default_factory=dict)

    def location(self, path: PathKey) -> Location:
        """The position (line, column; from 1) of `path`, or of its nearest written ancestor."""
        while path:
            if path in self.marks:
                return _position(self.marks[path])
            path = path[:-1]
        return _position(self.marks[()]) if () in self.marks else (1, 1)

    @property
    def locations(self) -> dict[PathKey, Location]:
        """Every written key and item with its position (line, column; from 1)."""
        return {path: _position(mark) for path, mark in self.marks.items()}


def _position(mark: yaml.Mark) -> Location:
    return mark.line + 1, mark.column + 1


def dotted(path: PathKey) -> str:
    """`("topics", 2)` -> `topics[2]`; `("a", "b")` -> `a.b`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


class TooDeep(Exception):
    """Raised by the builder past MAX_DEPTH, once the problem is recorded."""


class Builder:
    """Reads the events of one document into `result`, a `ParsedYaml`."""

    def __init__(self, path: str, events: Iterator[yaml.Event], text: str = "") -> None:
        self.path = path
        self.events = events
        self.text = text
        self.result = ParsedYaml()

    def problem(self, event: yaml.Event, field_path: PathKey, message: str) -> None:
        mark = event.start_mark
        self.result.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, dotted(field_path), message))

    def refuse(self, event: ScalarEvent, field_path: PathKey, message: str) -> str:
        """Report a scalar the reader refuses; its text stands in for its value."""
        self.problem(event, field_path, message)
        self.result.refused.add(field_path)
        return event.value

    def scalar(self, event: ScalarEvent, field_path: PathKey, *, key: bool = False) -> object:
        """The value of a scalar, refusing text that breaks a rule of macros/reading/textrules.py
        and numbers too long to convert."""
        text = event.value
        # Most text passes every rule of text_problem on this C-speed test (see there).
        if not (text.isprintable() and text.isascii() and ":" not in text and "<!--" not in text):  # plain_text
            refusal = text_problem(text, key=key)
            if refusal is not None:
                line, column = self.position_in(event, refusal.index)
                self.result.problems.append(Problem(self.path, line, column, dotted(field_path), refusal.message))
                self.result.refused.add(field_path)
                return text
        if not event.implicit[0] or event.tag == "!" or text[:1] not in MAYBE_TYPED:
            return text  # quoted, or plain text that cannot resolve to another type
        tag = implicit_tag(event)
        if tag in NUMBER_TAGS:
            # Refused before any conversion: int() of a long decimal raises, and a long
            # hexadecimal or sexagesimal number converts to one that str() refuses.
            message = number_problem(event.value)
            if message is not None:
                return self.refuse(event, field_path, message)
        value = scalar_value(event, tag)
        if isinstance(value, float) and not math.isfinite(value):
            return self.refuse(
                event,
                field_path,
                f"{event.value!r} reads as an infinite number or not-a-number, which no field of a record "
                "can hold: if it is text, put it in quotes.",
            )
        if not key and (not isinstance(value, str) or tag == TIMESTAMP_TAG):
            self.result.raw[field_path] = event.value
        return value

    def position_in(self, event: ScalarEvent, index: int) -> Location:
        """Where the character at `index` of a scalar's value was typed: exact in a literal
        block (`|`, as a case study's story), the scalar's start otherwise (escapes and
        folding make other styles' offsets differ from the file's)."""
        mark = event.start_mark
        value = event.value
        if event.style != "|" or not self.text:
            return mark.line + 1, mark.column + 1
        line = mark.line + 2 + value.count("\n", 0, index)
        lines = self.text.split("\n")
        if line > len(lines):
            return mark.line + 1, mark.column + 1
        start = value.rfind("\n", 0, index) + 1
        end = value.find("\n", index)
        content = value[start : len(value) if end < 0 else end]
        indent = max(len(lines[line - 1].rstrip("\r")) - len(content), 0)  # the block's indentation
        return line, indent + index - start + 1

    def check_node_event(self, event: NodeEvent, field_path: PathKey) -> None:
        if event.anchor is not None:
            self.problem(
                event,
                field_path,
                f"YAML anchors (&{event.anchor}) are not allowed in records: write the value out in full.",
            )
        tag = getattr(event, "tag", None)
        if tag is not None and not (isinstance(event, ScalarEvent) and tag == "!"):
            self.problem(
                event,
                field_path,
                f"YAML tags ({tag}) are not allowed in records: remove the tag; "
                'put the value in quotes if it must be text, e.g. "2014".',
            )

    def build(self, event: yaml.Event, field_path: PathKey, level: int = 1) -> object:
        """The value of the node that starts with `event`; `level` is its nesting depth
        (the document's top level is 1). Deeper than MAX_DEPTH, a collection is reported
        and the reading stops there: nothing recurses deeper, here or later, and libyaml
        is not asked for the rest (its cost grows with the square of the flow depth)."""
        kind = type(event)
        if kind is ScalarEvent:
            if event.anchor is not None or event.tag not in (None, "!"):
                self.check_node_event(event, field_path)
            return self.scalar(event, field_path)
        if kind is AliasEvent:
            self.problem(
                event,
                field_path,
                f"YAML aliases (*{event.anchor}) are not allowed in records: write the value out in full.",
            )
            return None
        if event.anchor is not None or getattr(event, "tag", None) not in (None, "!"):
            self.check_node_event(event, field_path)
        if level > MAX_DEPTH:
            self.problem(event, field_path, depth_problem())
            raise TooDeep
        if kind is SequenceStartEvent:
            return self.sequence(field_path, level)
        if kind is MappingStartEvent:
            return self.mapping(field_path, level)
        raise AssertionError(f"unexpected YAML event {event!r}")

    def sequence(self, field_path: PathKey, level: int) -> list[object]:
        items: list[object] = []
        marks = self.result.marks
        for item_event in self.events:
            if type(item_event) is SequenceEndEvent:
                return items
            item_path = (*field_path, len(items))
            marks[item_path] = item_event.start_mark
            # Plain text, as most items are, is taken as it is: no call.
            items.append(
                item_event.value if text_as_written(item_event) else self.build(item_event, item_path, level + 1)
            )
        return items

    def mapping(self, field_path: PathKey, level: int) -> dict[str, object]:
        mapping: dict[str, object] = {}
        marks = self.result.marks
        for key_event in self.events:
            if type(key_event) is MappingEndEvent:
                return mapping
            key = key_event.value if text_as_written(key_event) else self.mapping_key(key_event, field_path, level + 1)
            value_event = next(self.events)
            if key is None:  # reported; the value is still read, under the name as written
                written = key_event.value if isinstance(key_event, ScalarEvent) else ""
                self.result.refused_keys.setdefault(field_path, []).append(written)
                if isinstance(key_event, ScalarEvent):
                    self.build(value_event, (*field_path, shorten(key_event.value)), level + 1)
                else:
                    self.build(value_event, field_path, level + 1)
                continue
            member_path = (*field_path, key)
            if key in mapping:
                first_line = marks[member_path].line + 1
                self.problem(
                    key_event,
                    member_path,
                    f"duplicate key: '{key}' is already set on line {first_line}; "
                    "keep one of the two (YAML would silently drop the first).",
                )
                self.build(value_event, member_path, level + 1)
                continue
            marks[member_path] = key_event.start_mark
            if text_as_written(value_event):
                mapping[key] = value_event.value
            else:
                mapping[key] = self.build(value_event, member_path, level + 1)
        return mapping

    def mapping_key(self, event: yaml.Event, field_path: PathKey, level: int) -> str | None:
        if isinstance(event, ScalarEvent):
            if event.anchor is not None or event.tag not in (None, "!"):
                self.check_node_event(event, field_path)
            refused = len(self.result.problems)
            key = self.scalar(event, (*field_path, shorten(event.value)), key=True)
            if len(self.result.problems) > refused:
                return None
            if isinstance(key, str):
                return key
            self.problem(
                event,
                field_path,
                f"names before a colon must be text: YAML reads '{shorten(event.value)}' as {reads_as(key)}. "
                "Use a word (a field name such as 'title'), or put it in quotes.",
            )
            return None
        # A mapping or sequence used as a key: consume it so the stream stays in step.
        self.problem(event, field_path, "field names must be plain text, not a list or mapping.")
        self.build(event, field_path, level)
        return None


def depth_problem() -> str:
    return (
        f"the value is nested more than {MAX_DEPTH} levels deep (lists in lists, or mappings in mappings): "
        "records need only a few levels. Remove the extra brackets, dashes or indentation."
    )
