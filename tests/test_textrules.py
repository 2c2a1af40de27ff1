"""Hostile text is refused while reading, with file, line, column and field, never a traceback.

The invalid fixtures (tests/fixtures/invalid/) hold one file per class of defect; these
tests try the variants of each class: deep nesting in every YAML form, numbers in every
notation YAML 1.1 reads, every kind of forbidden character in values, keys, addresses and
sources, invisible text, deceptive addresses. Each goes through the strict reader, the
whole loader and the build's entry point (`inventory_for_build`, which must raise
DataError).
"""

from __future__ import annotations

import inspect
import sys
import time
from pathlib import Path

import pytest

from macros.checking.loader import load_inventory
from macros.publishing.site import inventory_for_build
from macros.reading.addresses import address_problem
from macros.reading.problems import DataError
from macros.reading.textrules import shorten, text_problem
from macros.reading.yamlbuilder import MAX_DEPTH
from macros.reading.yamlsafe import parse_yaml
from macros.reading.yamlscalars import MAX_NUMBER_LENGTH

RECORD = """\
# yaml-language-server: $schema=../../schema/resource.schema.json
title: "Fixture"
organization: aft
type: toolkit
topics: [assessment]
audiences: [teachers]
summary: "Synthetic."
sources: ["https://example.org/s"]
added: 2014-02-27
"""


def with_line(line: str, replaces: str | None = None) -> str:
    """The record with `line` in place of the line starting `replaces:`, or added at the end."""
    if replaces is None:
        return RECORD + line + "\n"
    lines = RECORD.splitlines()
    index = next(i for i, text in enumerate(lines) if text.startswith(f"{replaces}:"))
    lines[index] = line
    return "\n".join(lines) + "\n"


def depth(value: object) -> int:
    """Nesting depth without recursion (the point is that nothing may recurse deeply)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def load_one(valid_data: Path, text: str, name: str = "hostile.yml") -> list:
    """Problems of the data folder with one extra resource; the build must refuse it too."""
    (valid_data / "resources/aft" / name).write_text(text, encoding="utf-8")
    problems = load_inventory(valid_data).problems
    with pytest.raises(DataError):
        inventory_for_build(valid_data, refresh=True)
    return problems


# --- 1. nesting ------------------------------------------------------------------------------

N = 1000
NESTED = {
    "flow-list": ("title: " + "[" * N + "]" * N, 2, 8 + MAX_DEPTH - 1),
    "flow-mapping": ("title: " + "{a: " * N + "x" + "}" * N, 2, 8 + 4 * (MAX_DEPTH - 1)),
    "block-list": ("title:\n  " + "- " * N + "x", 3, 3 + 2 * (MAX_DEPTH - 1)),
    "block-mapping": (
        "title:\n" + "".join("  " * (i + 1) + "a:\n" for i in range(N)) + "  " * (N + 1) + "x",
        None,
        None,
    ),
    "mixed": ("title: " + "[{a: " * N + "x" + "}]" * N, 2, None),
    "in-a-key": ("? " + "[" * N + "]" * N + "\n: x", 10, None),
}


@pytest.mark.parametrize("name", sorted(NESTED))
def test_deep_nesting_is_refused_where_it_gets_too_deep(valid_data: Path, name: str) -> None:
    line_text, line, column = NESTED[name]
    text = with_line(line_text, None if name == "in-a-key" else "title")
    parsed = parse_yaml(text, "deep.yml")
    deep = [p for p in parsed.problems if f"nested more than {MAX_DEPTH} levels deep" in p.message]
    assert len(deep) == 1, parsed.problems
    if line is not None:
        assert deep[0].line == line
    if column is not None:
        assert deep[0].column == column
    assert parsed.value is None  # the reading stops at the limit
    if name != "block-mapping":  # that one is over the file size limit as a file
        problems = load_one(valid_data, text)
        assert any(f"nested more than {MAX_DEPTH}" in p.message for p in problems)


@pytest.mark.parametrize("opening", ["[", "{a: "])
def test_the_deepest_file_that_fits_the_size_limit_is_refused_at_once(valid_data: Path, opening: str) -> None:
    levels = 60_000 // len(opening) // 2  # just under MAX_FILE_BYTES
    closing = "]" if opening == "[" else "}"
    start = time.perf_counter()
    problems = load_one(valid_data, with_line("title: " + opening * levels + "x" + closing * levels, "title"))
    # libyaml's cost grows with the square of the flow depth (16 s here when it read it all).
    assert time.perf_counter() - start < 2
    assert [(p.line, "nested more than" in p.message) for p in problems] == [(2, True)]


def test_nesting_up_to_the_limit_is_read_in_full() -> None:
    # Level 1 is the document's mapping, so the title's lists may go MAX_DEPTH - 1 deep.
    text = with_line("title: " + "[" * (MAX_DEPTH - 1) + "x" + "]" * (MAX_DEPTH - 1), "title")
    parsed = parse_yaml(text, "ok.yml")
    assert parsed.problems == []
    assert depth(parsed.value) == MAX_DEPTH


def test_no_recursion_limit_is_needed(valid_data: Path) -> None:
    # With room for only 200 more frames, the 1,000-level file still loads and is refused.
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 200)
    try:
        problems = load_inventory(valid_data).problems  # warm up imports first
        (valid_data / "resources/aft/deep.yml").write_text(with_line(NESTED["flow-list"][0], "title"))
        problems = load_inventory(valid_data).problems
    finally:
        sys.setrecursionlimit(old)
    assert any("nested more than" in p.message for p in problems)


# --- 2. numbers -----------------------------------------------------------------------------

LONG_NUMBERS = {
    "decimal": "1" * 5000,
    "signed": "-" + "9" * 5000,
    "plus": "+" + "9" * 5000,
    "underscores": "1_" * 2500 + "1",
    "hexadecimal": "0x" + "f" * 5000,
    "octal": "0" + "7" * 5000,
    "binary": "0b" + "1" * 20000,
    "sexagesimal": "1" + ":0" * 3000,
    "float": "1." + "0" * 5000,
    "float-exponent": "1.0e+" + "9" * 5000,
    "just-over": "1" * (MAX_NUMBER_LENGTH + 1),
}


@pytest.mark.parametrize("where", ["year", "title", "key", "item"])
@pytest.mark.parametrize("name", sorted(LONG_NUMBERS))
def test_long_numbers_are_refused_before_conversion(valid_data: Path, name: str, where: str) -> None:
    number = LONG_NUMBERS[name]
    if where == "key":
        text, line, field = with_line(f"? {number}\n: x"), 10, shorten(number)  # a long key needs '?'

    elif where == "item":
        text, line, field = with_line(f"topics: [{number}]", "topics"), 5, "topics[0]"
    else:
        text, line, field = with_line(f"{where}: {number}", "title" if where == "title" else None), None, where
    parsed = parse_yaml(text, "n.yml")
    refused = [p for p in parsed.problems if "put it in quotes" in p.message]
    assert len(refused) == 1, parsed.problems
    assert refused[0].field == field
    if line is not None:
        assert refused[0].line == line
    problems = load_one(valid_data, text)
    assert any("reads as a number" in p.message for p in problems)
    for problem in problems:  # every message can be printed (no 4,300-digit int conversion)
        problem.as_text()


@pytest.mark.parametrize("value", [".inf", "-.Inf", "+.INF", ".nan", ".NaN", "1.0e+99999", "-1.0e+99999"])
def test_infinite_numbers_are_refused(valid_data: Path, value: str) -> None:
    problems = load_one(valid_data, with_line(f"year: {value}"))
    assert any(p.field == "year" and p.line == 10 and "infinite number" in p.message for p in problems)


@pytest.mark.parametrize("value", ["2014", "-5", "0", "3.5", "0.5", "1_000", '"' + "1" * 5000 + '"', "0o" + "7" * 50])
def test_short_numbers_and_quoted_digits_are_read(value: str) -> None:
    parsed = parse_yaml(with_line(f"note: {value}"), "n.yml")
    assert parsed.problems == []


@pytest.mark.parametrize(
    ("value", "reading"),
    [
        ("33:34", "base-60"),  # YAML 1.1 reads it as 2014
        ("1:30.5", "base-60"),
        ("010", "octal"),  # as 8
        ("+0755", "octal"),
        ("0x7DE", "hexadecimal"),
        ("0b11111011110", "binary"),
    ],
)
def test_numbers_yaml_reads_as_other_numbers_are_refused(valid_data: Path, value: str, reading: str) -> None:
    """A count or a year written so that YAML reads another number than the digits say."""
    problems = load_one(valid_data, with_line(f"year: {value}"))
    mine = [p for p in problems if p.field == "year"]
    assert len(mine) == 1, problems  # one problem per cause: the schema says nothing more
    assert mine[0].line == 10 and reading in mine[0].message and "plain decimal digits" in mine[0].message
    assert parse_yaml(with_line(f'year: "{value}"'), "n.yml").problems == []  # quoted, it is text


# --- 3. characters ----------------------------------------------------------------------------

FORBIDDEN = {
    "U+0001": "\\x01",
    "U+0007": "\\a",
    "U+001B": "\\e",
    "U+000D": "\\r",
    "U+000B": "\\v",
    "U+0000": "\\0",
    "U+007F": "\\x7f",
    "U+0080": "\\x80",
    "U+0085": "\\N",
    "U+009F": "\\x9f",
    "U+FFFF": "\\uffff",
    "U+FFFE": "\\ufffe",
    "U+FDD0": "\\ufdd0",
    "U+FDEF": "\\ufdef",
    "U+1FFFF": "\\U0001ffff",
    "U+10FFFE": "\\U0010fffe",
    "U+2028": "\\L",
    "U+2029": "\\P",
    "U+202A": "\\u202a",
    "U+202B": "\\u202b",
    "U+202C": "\\u202c",
    "U+202D": "\\u202d",
    "U+202E": "\\u202e",
    "U+2066": "\\u2066",
    "U+2067": "\\u2067",
    "U+2068": "\\u2068",
    "U+2069": "\\u2069",
}


@pytest.mark.parametrize("where", ["title", "url", "sources", "key", "organizations"])
@pytest.mark.parametrize("code", sorted(FORBIDDEN))
def test_forbidden_characters_are_refused_everywhere(valid_data: Path, code: str, where: str) -> None:
    escape = FORBIDDEN[code]
    if where == "title":
        text, line, column, field = with_line(f'title: "Fix{escape}ture"', "title"), 2, 8, "title"
    elif where == "url":
        text, line, column, field = with_line(f'url: "https://example.org/{escape}x"'), 10, 6, "url"
    elif where == "sources":
        text = with_line(f'sources: ["https://example.org/s", "a note{escape}"]', "sources")
        line, column, field = 8, 36, "sources[1]"
    elif where == "key":
        text, line, column, field = with_line(f'"note{escape}": x'), 10, 1, None
    else:  # a vocabulary file is read by the same reader
        path = valid_data / "organizations.yml"
        original = path.read_text(encoding="utf-8")
        path.write_text(original.replace("name: ", f'name: "X{escape}" # ', 1), encoding="utf-8")
        problems = load_inventory(valid_data).problems
        assert any(p.path == "data/organizations.yml" and code in p.message for p in problems), problems
        with pytest.raises(DataError):
            inventory_for_build(valid_data, refresh=True)
        return
    parsed = parse_yaml(text, "c.yml")
    refused = [p for p in parsed.problems if code in p.message]
    assert len(refused) == 1, parsed.problems
    assert (refused[0].line, refused[0].column) == (line, column)
    if field is not None:
        assert refused[0].field == field
    assert "Delete it" in refused[0].message or "Retype the name" in refused[0].message
    assert any(code in p.message for p in load_one(valid_data, text))


@pytest.mark.parametrize("code", ["U+0001", "U+0008", "U+001F", "U+007F", "U+0090", "U+FFFE", "U+FFFF"])
def test_raw_control_characters_name_the_line_and_column(valid_data: Path, code: str) -> None:
    char = chr(int(code[2:], 16))
    text = with_line(f"summary: Synthétique{char}.", "summary")
    problems = load_one(valid_data, text)
    assert [(p.line, p.column, p.field) for p in problems] == [(7, 21, "")]
    assert code in problems[0].message and "delete it" in problems[0].message


def test_lone_surrogates_are_refused(valid_data: Path) -> None:
    problems = load_one(valid_data, with_line('title: "Fix\\ud800ture"', "title"))
    assert [(p.line, p.field) for p in problems] == [(2, "")]
    assert "YAML syntax error" in problems[0].message
    assert text_problem("a\ud800b") is not None  # and by the text rules, should a reader let one through


def test_tab_and_line_feed_are_allowed_in_values_not_in_keys() -> None:
    parsed = parse_yaml(with_line('summary: "one\\ttwo\\nthree"', "summary"), "t.yml")
    assert parsed.problems == []
    for key in ('"a\\tb"', '"a\\nb"', '"a\\u200bb"', '"a\\u00adb"', '"a\\ufeffb"'):
        parsed = parse_yaml(with_line(f"{key}: x"), "t.yml")
        assert [p.line for p in parsed.problems] == [10], key
        assert "field names are plain words" in parsed.problems[0].message
        assert isinstance(parsed.value, dict) and len(parsed.value) == 8  # the refused key is left out


def test_a_character_in_a_story_is_reported_on_its_own_line() -> None:
    text = "story: |\n  First line.\n\n    Indented, then \\a and \x01.\n"
    parsed = parse_yaml(text.replace("\x01", "\u202e"), "s.yml")
    assert [(p.line, p.column, p.field) for p in parsed.problems] == [(4, 27, "story")]


# --- 4. invisible and deceptive text ----------------------------------------------------------

INVISIBLE = [
    "\u200b",
    "\u200c\u200d",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\u180e",
    "\u200b \u200b",
    "\u3164",
    "\u2800",
    "\u0301\u0302",
    "\u200e\u200f",
    "\ufe0f",
    "\u034f",
]


@pytest.mark.parametrize("text", INVISIBLE, ids=[repr(t) for t in INVISIBLE])
def test_text_without_a_visible_character_is_refused(valid_data: Path, text: str) -> None:
    escaped = "".join(f"\\u{ord(c):04x}" for c in text)
    for line_text, field in ((f'title: "{escaped}"', "title"), (f'topics: ["{escaped}"]', "topics[0]")):
        replaced = line_text.split(":", 1)[0]
        parsed = parse_yaml(with_line(line_text, replaced), "i.yml")
        assert [(p.field, "has no visible character" in p.message) for p in parsed.problems] == [(field, True)]
    problems = load_one(valid_data, with_line(f'title: "{escaped}"', "title"))
    assert any(p.field == "title" and p.line == 2 and "no visible character" in p.message for p in problems)


VISIBLE = [
    "Fixture",
    "👩\u200d👩\u200d👧 families",  # an emoji sequence joined by zero-width joiners
    "\u2764\ufe0f",
    "שלום עולם",
    "\u200fمرحبا\u200f",  # right-to-left text with right-to-left marks
    "Café\u00adterias",
    "ａｂｃ",
    "x\u200b",
]


@pytest.mark.parametrize("text", VISIBLE, ids=[repr(t) for t in VISIBLE])
def test_visible_text_is_accepted(text: str) -> None:
    assert text_problem(text) is None


@pytest.mark.parametrize(
    ("address", "host"),
    [
        ("https://www.aft.org@evil.example/", "evil.example"),
        ("https://user:pw@host.example/", "host.example"),
        ("http://www.nea.org:80@evil.example:8080/x", "evil.example:8080"),
        ("https://@evil.example", "evil.example"),
        ("HTTPS://WWW.AFT.ORG@EVIL.EXAMPLE", "EVIL.EXAMPLE"),
        ("https://evil.example\\@www.aft.org/", "evil.example"),
        ("https://evil.example\\www.aft.org/", "evil.example"),
        ("ftp://anonymous@files.example/", "files.example"),
    ],
)
def test_addresses_with_user_info_are_refused(valid_data: Path, address: str, host: str) -> None:
    quoted = address.replace("\\", "\\\\")
    for line_text, line, field in (
        (f'url: "{quoted}"', 10, "url"),
        (f'sources: ["{quoted} (the report)"]', 8, "sources[0]"),
        (f'summary: "See {quoted} for more."', 7, "summary"),
    ):
        replaced = None if field == "url" else line_text.split(":", 1)[0]
        parsed = parse_yaml(with_line(line_text, replaced), "u.yml")
        assert [(p.line, p.field) for p in parsed.problems] == [(line, field)], parsed.problems
        assert f"would show a link that leads to {host}" in parsed.problems[0].message
    problems = load_one(valid_data, with_line(f'url: "{quoted}"'))
    assert any(p.field == "url" and f"leads to {host}" in p.message for p in problems)


@pytest.mark.parametrize(
    "text",
    [
        "https://www.aft.org/about/@news",
        "https://example.org/?who=a@b.example",
        "https://example.org/#@x",
        "Write to info@aft.org for a copy.",
        "mailto:info@aft.org",
    ],
)
def test_at_signs_after_the_host_are_fine(text: str) -> None:
    assert text_problem(text) is None


# A record's own link (macros/reading/addresses.py): what it must not be, and what stays fine.
OWN_ADDRESS_REFUSED = {
    "http://localhost:8000/x": "own computer or a private network",
    "https://tools.localhost/": "own computer or a private network",
    "http://127.0.0.1/": "own computer or a private network",
    "http://[::1]/guide": "own computer or a private network",
    "https://10.1.2.3/": "own computer or a private network",
    "https://169.254.0.1/": "own computer or a private network",
    "https://printer.local/": "own computer or a private network",
    "https://wiki.internal/page": "own computer or a private network",
    "https://intranet/guide": "own computer or a private network",
    "https://www.aft.org/\u200bguide": "U+200B (ZERO WIDTH SPACE), which does not show",
    "https://www.aft.org/guide\u2060": "U+2060 (WORD JOINER), which does not show",
    "https://www.aft.org/guide\u00a0": "U+00A0 (NO-BREAK SPACE), which does not show",
}
OWN_ADDRESS_ACCEPTED = [
    "https://www.aft.org/guide",
    "https://www.aft.org./x",
    "https://8.8.8.8/x",
    "https://www.aft.org/a%20b?q=1#top",
    "https://example.org/été",
    "https://example.org/toolkit?a=1&b=%3C2%3E",  # & is escaped where it is written (tests/test_build.py)
    "https://www.Example.org:443/x",  # a default port and capitals: the same address, in another form
    "http://www.nea.org/archive/38477.htm",
]


@pytest.mark.parametrize("address", sorted(OWN_ADDRESS_REFUSED))
def test_a_records_own_address_is_refused(address: str) -> None:
    message = address_problem(address)
    assert message is not None and OWN_ADDRESS_REFUSED[address] in message, message


@pytest.mark.parametrize("address", OWN_ADDRESS_ACCEPTED)
def test_a_records_public_address_passes(address: str) -> None:
    assert address_problem(address) is None
