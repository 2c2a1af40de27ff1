"""What YAML 1.1 makes of one scalar: the type it reads it as, and its Python value.

The strict reader (`macros/reading/yamlbuilder.py`) takes most scalars as the text they
are, on a C-speed test; the others are typed here as PyYAML's safe loader would type them,
so that `no` is False and 2014-02-27 a date. Numbers that YAML would read otherwise than
their digits say, or that are too long to convert, are refused here before any
conversion.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

import yaml
from yaml.events import ScalarEvent
from yaml.nodes import ScalarNode

from .textrules import shorten

# A plain scalar that YAML would read as a number is refused above this length: years and
# counts are short, and Python refuses to convert integers of more than 4,300 digits.
MAX_NUMBER_LENGTH = 30

_STR_TAG = "tag:yaml.org,2002:str"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
NUMBER_TAGS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})
_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()
# First characters for which YAML 1.1 may resolve a plain scalar to something other than
# text (numbers, booleans, null, dates...). Any other plain scalar is text: skipping the
# resolver for those keeps validation close to the cost of a bare load.
MAYBE_TYPED = frozenset(_resolver.yaml_implicit_resolvers) | {""}


def text_as_written(event: yaml.Event) -> bool:
    """A scalar that is text as written and passes every rule of macros/reading/textrules.py on a
    C-speed test: printable ASCII with no ':' (textrules.plain_text), no anchor or tag,
    and quoted or of a form that YAML cannot read as another type. Most values and every
    usual field name are: the reader takes them as they are."""
    if type(event) is not ScalarEvent or event.anchor is not None or event.tag is not None:
        return False
    text = event.value
    return (
        text.isprintable()
        and text.isascii()
        and ":" not in text
        and "<!--" not in text
        and (not event.implicit[0] or text[:1] not in MAYBE_TYPED)
    )


def reads_as(value: object) -> str:
    """How a message names a value that YAML did not read as text."""
    if value is None:
        return "no value"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    return f"the number {value}" if isinstance(value, int | float) else "a date"


def implicit_tag(event: ScalarEvent) -> str:
    """The tag YAML 1.1 gives a scalar written without one (text unless it is plain)."""
    if not event.implicit[0] or event.tag == "!" or event.value[:1] not in MAYBE_TYPED:
        return _STR_TAG
    return _plain_tag(event.value)


# Plain values repeat across records (slugs, years, booleans): each is resolved once.
@functools.lru_cache(maxsize=4096)
def _plain_tag(value: str) -> str:
    return _resolver.resolve(ScalarNode, value, (True, False))


def scalar_value(event: ScalarEvent, tag: str | None = None) -> object:
    """The Python value of a scalar, as PyYAML's safe loader would give it.

    Dates become ISO strings (records are JSON-shaped); a date-like value that is not a
    real date (2014-02-30) stays a string so that the schema can say what is wrong.
    """
    if tag is None:
        tag = implicit_tag(event)
    if tag == _STR_TAG:
        return event.value
    node = ScalarNode(tag, event.value, event.start_mark, event.end_mark)
    try:
        value = _constructor.construct_object(node, deep=True)
    except (ValueError, yaml.YAMLError):
        return event.value
    if tag == TIMESTAMP_TAG and isinstance(value, dt.date):
        return value.isoformat()
    return value


# Notations in which YAML 1.1 reads digits as another number than they say: a count or a
# year in a record is written in decimal digits (an underscore between them is read as
# meant, 1_000 as 1000).
_NOTATIONS = (
    (
        re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"),
        "digits with colons as one base-60 number (33:34 is 2014)",
    ),
    (re.compile(r"[-+]?0[0-7_]+"), "a whole number with a leading zero as an octal one (010 is 8)"),
    (re.compile(r"[-+]?0x[0-9a-fA-F_]+"), "0x… as a hexadecimal number"),
    (re.compile(r"[-+]?0b[01_]+"), "0b… as a binary number"),
)


def number_problem(text: str) -> str | None:
    """A plain scalar that YAML reads as a number (int or float) but is too long to be one,
    or is written in a notation that YAML reads as another number than the digits say."""
    if len(text) > MAX_NUMBER_LENGTH:
        return (
            f"'{shorten(text)}' reads as a number of {len(text):,} characters; numbers in records are short "
            f"(a year, a count: at most {MAX_NUMBER_LENGTH} characters). If it is text, put it in quotes."
        )
    for notation, reading in _NOTATIONS:
        if notation.fullmatch(text):
            return (
                f"'{text}' is not read as written: YAML reads {reading}. Write the number in plain "
                "decimal digits (2014, 84730), or put it in quotes if it is text."
            )
    return None
