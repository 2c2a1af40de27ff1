"""A strict YAML reader for record files.

Records are plain data, so this reader accepts only plain data: one document whose
values are mappings, sequences and scalars. It rejects what PyYAML would accept
silently or dangerously (duplicate keys, anchors and aliases, explicit tags), and it
keeps the line and column of every key and item so that a problem can be reported
where the contributor typed it.

It works on libyaml's event stream (C speed) and builds values itself (`yamlbuilder`,
with `yamlscalars` for what each scalar reads as), so validation stays close to the cost
of a bare `yaml.load`.
"""

from __future__ import annotations

import re

import yaml
from yaml.events import DocumentStartEvent, ScalarEvent, StreamEndEvent

from .problems import Problem
from .textrules import codepoint
from .yamlbuilder import Builder, Location, ParsedYaml, PathKey, TooDeep, dotted
from .yamlerrors import position, reader_problem, syntax_problem

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# Characters YAML reads as line breaks that editors show as nothing, or on the same line:
# every line number after one would differ from the editor's.
_HIDDEN_BREAKS = re.compile("[\x85\u2028\u2029]")


def parse_yaml(text: str, path: str) -> ParsedYaml:
    """Parse one record document strictly; problems are returned, never raised.

    A raw NEXT LINE, LINE SEPARATOR or PARAGRAPH SEPARATOR is reported where the editor
    shows it, with the field it is in; the rest of the file is read as if it were a space,
    so that every other problem keeps the line number the editor shows."""
    hidden = [] if text.isascii() else list(_HIDDEN_BREAKS.finditer(text))
    if not hidden:
        return _parse(text, path)
    parsed = _parse(_HIDDEN_BREAKS.sub(" ", text), path)
    for match in hidden:
        line, column = position(text, match.start())
        comment = text[match.start() - column + 1 : match.start()].lstrip().startswith("#")
        where = () if comment else _field_at(parsed, (line, column))
        if where:
            parsed.refused.add(where)
        message = (
            f"{'' if where else 'the file '}holds {codepoint(match.group())}, "
            "which YAML reads as a line break but editors show as nothing "
            "(or on the same line): delete it, or press Enter for a plain line break."
        )
        parsed.problems.append(Problem(path, line, column, dotted(where), message))
    parsed.problems.sort()
    return parsed


def _field_at(parsed: ParsedYaml, position: Location) -> PathKey:
    """The field written last before `position` (the one a character there belongs to)."""
    before = [(location, field_path) for field_path, location in parsed.locations.items() if location <= position]
    return max(before, default=((0, 0), ()))[1]


def _parse(text: str, path: str) -> ParsedYaml:
    parser = Loader(text)
    try:
        # The parser's own method as the iterator (None ends it): no Python frame per event,
        # as yaml.parse's generator has (a fifth of the reading time at 10,000 records).
        events = iter(parser.get_event, None)
        builder = Builder(path, events, text)
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
                builder.result.marks[()] = root_event.start_mark
                try:
                    builder.result.value = builder.build(root_event, ())
                except TooDeep:
                    return ParsedYaml(problems=builder.result.problems)
            elif isinstance(event, StreamEndEvent):
                break
        return builder.result
    except yaml.MarkedYAMLError as error:
        return ParsedYaml(problems=[syntax_problem(error, path, text)])
    except yaml.reader.ReaderError as error:
        return ParsedYaml(problems=[reader_problem(text, path, error, in_bytes=Loader is not yaml.SafeLoader)])
    except yaml.YAMLError as error:
        return ParsedYaml(problems=[Problem(path, 1, 1, "", f"YAML error: {error}.")])
    finally:
        parser.dispose()
