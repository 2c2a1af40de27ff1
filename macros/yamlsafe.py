"""A strict YAML reader for record files.

Records are plain data, so this reader accepts only plain data: one document whose
values are mappings, sequences and scalars. It rejects what PyYAML would accept
silently or dangerously (duplicate keys, anchors and aliases, explicit tags), and it
keeps the line and column of every key and item so that a problem can be reported
where the contributor typed it.

It works on libyaml's event stream (C speed) and builds values itself, so validation
stays close to the cost of a bare `yaml.load`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode

from .problems import Problem

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PathKey = tuple[str | int, ...]
Location = tuple[int, int]

_STR_TAG = "tag:yaml.org,2002:str"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()
# First characters for which YAML 1.1 may resolve a plain scalar to something other than
# text (numbers, booleans, null, dates...). Any other plain scalar is text: skipping the
# resolver for those keeps validation close to the cost of a bare load.
_MAYBE_TYPED = frozenset(_resolver.yaml_implicit_resolvers) | {""}


@dataclass
class ParsedYaml:
    """The value of a document and where each part of it was written."""

    value: object = None
    # For a mapping member: the position of its key. For a sequence item: of the item.
    locations: dict[PathKey, Location] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # The text as written of each scalar that YAML read as something other than text
    # (`no` -> False), so that a message can quote what the contributor typed.
    raw: dict[PathKey, str] = field(default_factory=dict)

    def location(self, path: PathKey) -> Location:
        """The position of `path`, or of its nearest written ancestor."""
        while path:
            if path in self.locations:
                return self.locations[path]
            path = path[:-1]
        return self.locations.get((), (1, 1))


class _Builder:
    def __init__(self, path: str, events: Iterator[yaml.Event]) -> None:
        self.path = path
        self.events = events
        self.result = ParsedYaml()

    def problem(self, event: yaml.Event, field_path: PathKey, message: str) -> None:
        mark = event.start_mark
        self.result.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, dotted(field_path), message))

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

    def build(self, event: yaml.Event, field_path: PathKey) -> object:
        if isinstance(event, AliasEvent):
            self.problem(
                event,
                field_path,
                f"YAML aliases (*{event.anchor}) are not allowed in records: write the value out in full.",
            )
            return None
        if event.anchor is not None or getattr(event, "tag", None) not in (None, "!"):
            self.check_node_event(event, field_path)
        if isinstance(event, ScalarEvent):
            value = scalar_value(event)
            if not isinstance(value, str):
                self.result.raw[field_path] = event.value
            return value
        if isinstance(event, SequenceStartEvent):
            items: list[object] = []
            for item_event in self.events:
                if isinstance(item_event, SequenceEndEvent):
                    return items
                item_path = (*field_path, len(items))
                mark = item_event.start_mark
                self.result.locations[item_path] = (mark.line + 1, mark.column + 1)
                items.append(self.build(item_event, item_path))
            return items
        if isinstance(event, MappingStartEvent):
            mapping: dict[str, object] = {}
            for key_event in self.events:
                if isinstance(key_event, MappingEndEvent):
                    return mapping
                key = self.mapping_key(key_event, field_path)
                value_event = next(self.events)
                if key is None:
                    self.build(value_event, field_path)
                    continue
                member_path = (*field_path, key)
                if key in mapping:
                    first_line = self.result.locations[member_path][0]
                    self.problem(
                        key_event,
                        member_path,
                        f"duplicate key: '{key}' is already set on line {first_line}; "
                        "keep one of the two (YAML would silently drop the first).",
                    )
                    self.build(value_event, member_path)
                    continue
                mark = key_event.start_mark
                self.result.locations[member_path] = (mark.line + 1, mark.column + 1)
                mapping[key] = self.build(value_event, member_path)
            return mapping
        raise AssertionError(f"unexpected YAML event {event!r}")

    def mapping_key(self, event: yaml.Event, field_path: PathKey) -> str | None:
        if isinstance(event, ScalarEvent):
            if event.anchor is not None or event.tag not in (None, "!"):
                self.check_node_event(event, field_path)
            key = scalar_value(event)
            if isinstance(key, str):
                return key
            self.problem(
                event,
                field_path,
                f"field names must be text, not {key!r}: use a name such as 'title'.",
            )
            return None
        # A mapping or sequence used as a key: consume it so the stream stays in step.
        self.problem(event, field_path, "field names must be plain text, not a list or mapping.")
        self.build(event, field_path)
        return None


def scalar_value(event: ScalarEvent) -> object:
    """The Python value of a scalar, as PyYAML's safe loader would give it.

    Dates become ISO strings (records are JSON-shaped); a date-like value that is not a
    real date (2014-02-30) stays a string so that the schema can say what is wrong.
    """
    if not event.implicit[0] or event.tag == "!" or event.value[:1] not in _MAYBE_TYPED:
        return event.value
    tag = _resolver.resolve(ScalarNode, event.value, (True, False))
    if tag == _STR_TAG:
        return event.value
    node = ScalarNode(tag, event.value, event.start_mark, event.end_mark)
    try:
        value = _constructor.construct_object(node, deep=True)
    except (ValueError, yaml.YAMLError):
        return event.value
    if tag == _TIMESTAMP_TAG and isinstance(value, dt.date):
        return value.isoformat()
    return value


def dotted(path: PathKey) -> str:
    """`("topics", 2)` -> `topics[2]`; `("a", "b")` -> `a.b`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def parse_yaml(text: str, path: str) -> ParsedYaml:
    """Parse one record document strictly; problems are returned, never raised."""
    try:
        events = iter(yaml.parse(text, Loader=Loader))
        builder = _Builder(path, events)
        documents = 0
        for event in events:
            if isinstance(event, DocumentStartEvent):
                documents += 1
                if documents > 1:
                    builder.problem(
                        event,
                        (),
                        "a record file holds one document: remove the '---' line "
                        "and put the second record in a file of its own.",
                    )
                    break
                root_event = next(events)
                if isinstance(root_event, ScalarEvent) and root_event.value == "":
                    continue
                mark = root_event.start_mark
                builder.result.locations[()] = (mark.line + 1, mark.column + 1)
                builder.result.value = builder.build(root_event, ())
            elif isinstance(event, StreamEndEvent):
                break
        return builder.result
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = error.problem or "invalid YAML"
        if error.context:
            what = f"{error.context}, {what}"
        start = error.context_mark
        if start is not None and mark is not None and start.line != mark.line:
            what += f" (in what starts on line {start.line + 1})"
        return ParsedYaml(
            problems=[
                Problem(
                    path,
                    line,
                    column,
                    "",
                    f"YAML syntax error: {what}. Check the indentation and quoting on "
                    "this line and the one above it (text containing ': ' or "
                    "starting with a quote or bracket must be put in quotes).",
                )
            ]
        )
    except yaml.YAMLError as error:
        return ParsedYaml(problems=[Problem(path, 1, 1, "", f"YAML error: {error}.")])
