"""Variants of the hardening issue's classes (issue 11, points 1-4, 8-9), through the loader,
the validator's command line (plain and --github) and the build's entry point.

Each class is tried in forms the first fixes did not cover: a refusal by the reader that
the schema or a rule reported a second time, line separators that YAML reads as line
breaks, hosts that imitate others, links in Markdown, tag characters, messages that
quoted a value the contributor never typed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT

from macros.checking.loader import load_inventory
from macros.publishing.partials import render_story
from macros.publishing.site import inventory_for_build
from macros.reading.problems import DataError, Problem
from macros.reading.textrules import text_problem

RECORD = (ROOT / "tests/fixtures/valid/data/resources/aft/fixture-toolkit.yml").read_text(encoding="utf-8")
DISTRICT = (ROOT / "tests/fixtures/valid/data/case-studies/fixture-district.yml").read_text(encoding="utf-8")


def problems_with(valid_data: Path, old: str, new: str, *, district: bool = False) -> list[Problem]:
    """The problems once `old` is replaced by `new` in a fixture record; the build refuses it too."""
    path = valid_data / ("case-studies/fixture-district.yml" if district else "resources/aft/fixture-toolkit.yml")
    text = DISTRICT if district else RECORD
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    problems = load_inventory(valid_data).problems
    with pytest.raises(DataError):
        inventory_for_build(valid_data, refresh=True)
    return problems


# --- one problem per cause: what the reader refused, the schema and the rules do not repeat -----

ONE_CAUSE = [
    ("year: 2013", "year: " + "1" * 40, "reads as a number of 40 characters"),
    ("year: 2013", "year: 0x" + "f" * 40, "reads as a number of 42 characters"),
    ("year: 2013", "year: .inf", "infinite number"),
    ("added: 2014-02-27", "added: " + "2" * 40, "reads as a number"),
    ("type: toolkit", 'type: "tool\\x7fkit"', "U+007F"),
    ("organization: aft", 'organization: "a\\x01ft"', "U+0001"),
    ("topics: [assessment, mathematics]", 'topics: ["assess\\u200bment"]', None),
    ('url: "https://example.org/toolkit"', 'url: "https://example.org/\\Lx"', "U+2028"),
    ('title: "Fixture Toolkit"', '"tit\\x01le": "Fixture Toolkit"', "field names are plain words"),
    ('title: "Fixture Toolkit"', '"title\\u200b": "Fixture Toolkit"', "field names are plain words"),
    ('title: "Fixture Toolkit"', '"\\u202etitle": "Fixture Toolkit"', "field names are plain words"),
    ('title: "Fixture Toolkit"', '"title\\U000e0041": "Fixture Toolkit"', "a tag character"),
    ("organization: aft", "organization: atf", "Did you mean 'aft'?"),
    ('- "https://example.org/source (a note)"', '- "https:\\\\\\\\evil.example/source"', "two forward slashes"),
]


@pytest.mark.parametrize(("old", "new", "fragment"), ONE_CAUSE, ids=[c[1][:30] for c in ONE_CAUSE])
def test_one_problem_per_cause(valid_data: Path, old: str, new: str, fragment: str | None) -> None:
    problems = problems_with(valid_data, old, new)
    assert len(problems) == 1, "\n".join(p.as_text() for p in problems)
    assert fragment is None or fragment in problems[0].message, problems[0].message


# --- line breaks that editors do not show ------------------------------------------------------


@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029"])
@pytest.mark.parametrize(
    ("old", "new", "line", "field"),
    [
        ('summary: "A synthetic resource for tests."', "summary: A synthetic{}resource", 12, "summary"),
        ('summary: "A synthetic resource for tests."', 'summary: "A synthetic{}resource"', 12, "summary"),
        ("year: 2013", "# a comment{}year: 2013", 5, ""),
    ],
    ids=["plain", "quoted", "comment"],
)
def test_hidden_line_breaks_are_reported_where_the_editor_shows_them(
    valid_data: Path, char: str, old: str, new: str, line: int, field: str
) -> None:
    # A second problem further down keeps the line number the editor shows (15, the
    # added line), as YAML would have counted the hidden break as one more line.
    text = RECORD.replace(old, new.format(char)).replace("added: 2014-02-27", "added: 2014-2-27")
    (valid_data / "resources/aft/fixture-toolkit.yml").write_text(text, encoding="utf-8")
    problems = load_inventory(valid_data).problems
    hidden = [p for p in problems if f"U+{ord(char):04X}" in p.message]
    assert [(p.line, p.field) for p in hidden] == [(line, field)], problems
    assert "YAML reads as a line break" in hidden[0].message
    assert [(p.line, p.field) for p in problems if p not in hidden] == [(15, "added")], problems


def test_a_raw_nul_in_a_file_with_old_mac_line_endings_names_its_line(valid_data: Path) -> None:
    text = RECORD.replace("A synthetic", "A syn\x00thetic").replace("\n", "\r")
    problems = problems_with(valid_data, RECORD, text)
    assert [(p.line, p.column, "U+0000" in p.message) for p in problems] == [(12, 16, True)]


# --- invisible and deceptive text ---------------------------------------------------------------

REFUSED_TEXT = {
    "tags-hidden-in-a-title": "Fixture\U000e0049\U000e0047\U000e004e\U000e004f\U000e0052\U000e0045",
    "interlinear-annotation": "Fix\ufff9hidden\ufffbture",
    "cyrillic-a-in-a-host": "https://ex\u0430mple.org/",
    "ideographic-full-stop": "https://www.aft.org\u3002evil.example/",
    "fullwidth-solidus": "https://www.aft.org\uff0fevil.example",
    "fraction-slash": "https://www.aft.org\u2044login.evil.example/",
    "backslashes": "https:\\\\evil.example/",
    "slash-backslash": "https:/\\evil.example/",
    "one-slash": "https:/evil.example/",
    "no-slash": "see https:evil.example for more",
    "uppercase-no-slash": "HTTPS:\\\\evil.example",
    "percent-at": "https://www.aft.org%40evil.example/",
    "percent-slash-at": "https://www.aft.org%2F@evil.example",
    "empty-user": "https://@evil.example/",
}
ACCEPTED_TEXT = {
    "flag-emoji": "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f Scotland",
    "end-of-sentence": "See https://www.aft.org/guide, then https://www.nea.org.",
    "markdown-link": "[the guide](https://www.aft.org/guide).",
    "angle-brackets": "<https://www.aft.org>",
    "port-and-ipv6": "https://[2001:db8::1]:8080/ and http://127.0.0.1:8000/",
    "punycode": "https://xn--exmple-cua.org/",
    "non-ascii-path": "https://example.org/été?q=ü#ß",
    "prose-colon": "Notes: http: is older than https.",
    "email": "Write to info@aft.org or mailto:info@aft.org.",
}


@pytest.mark.parametrize("name", sorted(REFUSED_TEXT))
def test_deceptive_text_is_refused(valid_data: Path, name: str) -> None:
    text = REFUSED_TEXT[name]
    assert text_problem(text) is not None
    quoted = text.replace("\\", "\\\\")
    problems = problems_with(valid_data, 'summary: "A synthetic resource for tests."', f'summary: "{quoted}"')
    assert [(p.line, p.field) for p in problems] == [(12, "summary")], problems


@pytest.mark.parametrize("name", sorted(ACCEPTED_TEXT))
def test_legitimate_text_is_accepted(name: str) -> None:
    assert text_problem(ACCEPTED_TEXT[name]) is None


# --- links in Markdown lead to web addresses, in the validator and on the page ------------------

BAD_LINKS = [
    "[a](//evil.example/x)",
    "[a](/\\evil.example/x)",
    "[a](/resources/)",
    "[a](mailto:info@aft.org)",
    "[a](javascript:alert(1))",
    "[a](data:text/html,x)",
    "[a][1]\n\n  [1]: //evil.example/x",
    "<ftp://files.example/x>",
]


@pytest.mark.parametrize("link", BAD_LINKS)
def test_markdown_links_must_lead_to_web_addresses(valid_data: Path, link: str) -> None:
    problems = problems_with(valid_data, "Then *more* things happened.", f"Then {link}", district=True)
    assert [(p.field, p.rule) for p in problems] == [("story", "markdown-link")], problems
    assert "does not lead to a web address" in problems[0].message
    # And the page would not link there even if the validator were bypassed.
    html = str(render_story(link.replace("\n  ", "\n")))
    assert "href" not in html, html


def test_a_markdown_link_to_a_web_address_is_kept() -> None:
    html = str(render_story("[the guide](https://www.aft.org/guide?a=1&b=2)"))
    assert 'href="https://www.aft.org/guide?a=1&amp;b=2"' in html


# --- messages that say what to write -------------------------------------------------------------

MESSAGES = [
    ("added: 2014-02-27", "added: 2014/02/27", "write the date with hyphens, as 2014-02-27"),
    ("added: 2014-02-27", "added: 2014-02-27 10:00:00", "'2014-02-27 10:00:00' holds a time of day"),
    ('title: "Fixture Toolkit"', "title: ~", 'YAML reads ~ as "no value"'),
    ('title: "Fixture Toolkit"', "title: Null", 'YAML reads Null as "no value"'),
    ('title: "Fixture Toolkit"', "title:", "Write the value after the colon"),
    ('url: "https://example.org/toolkit"', 'url: "HTTPS://example.org/toolkit"', "in lower case, as https://"),
    ('url: "https://example.org/toolkit"', 'url: "www.example.org/toolkit"', "https://www.example.org/toolkit"),
    ('url: "https://example.org/toolkit"', 'url: " https://example.org/toolkit"', "remove the spaces"),
    ('title: "Fixture Toolkit"', 'title: "Fixture \\ud83d\\ude00"', "write the character itself"),
    ('title: "Fixture Toolkit"', "\ttitle: x", "indent with spaces"),
    ('title: "Fixture Toolkit"', '~: "Fixture Toolkit"', "YAML reads '~' as no value"),
    ("organization: aft", "organization: 'AFT'", "Write it as 'aft'."),
]


@pytest.mark.parametrize(("old", "new", "wanted"), MESSAGES, ids=[m[1][:30] for m in MESSAGES])
def test_messages_say_what_to_write(valid_data: Path, old: str, new: str, wanted: str) -> None:
    problems = problems_with(valid_data, old, new)
    assert any(wanted in p.message for p in problems), "\n".join(p.as_text() for p in problems)


def test_a_state_in_lower_case_is_told_its_code(valid_data: Path) -> None:
    problems = problems_with(valid_data, "state: OH", "state: oh", district=True)
    assert [p.message for p in problems] == ["'oh' is not allowed. Write it as 'OH'."]


def test_long_values_are_quoted_shortened(valid_data: Path) -> None:
    problems = problems_with(valid_data, 'url: "https://example.org/toolkit"', f'url: "{"h" * 20_000}"')
    assert problems and all(len(p.as_text()) < 300 for p in problems)


# --- nothing a contributor writes reaches a CI log raw ----------------------------------------------

HOSTILE_NAMES = [
    "\ufffe::error::x",
    "\U000e0041::warning::y",
    "x\u2028::error::z",
    "##[error]forged",
    "x\x85::error::n",
]


@pytest.mark.parametrize("github", [False, True], ids=["plain", "github"])
def test_no_output_line_is_a_forged_command(valid_data: Path, github: bool) -> None:
    for index, name in enumerate(HOSTILE_NAMES):
        escaped = "".join(c if c.isascii() and c.isprintable() else f"\\U{ord(c):08x}" for c in name)
        text = RECORD.replace("example.org/toolkit", f"example.org/{index}") + f'"{escaped}": 1\n'
        (valid_data / f"resources/aft/hostile-{index}.yml").write_text(text, encoding="utf-8")
    args = [sys.executable, str(ROOT / "scripts/validate.py"), "--data", str(valid_data)]
    result = subprocess.run([*args, *(["--github"] if github else [])], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    lines = result.stdout.splitlines()  # splits on \x85 and \u2028 too, as some log readers do
    assert not [line for line in lines if "##[" in line], lines
    commands = [line for line in lines if line.lstrip().startswith("::")]
    assert all(line.startswith("::error file=data/resources/aft/hostile-") for line in commands), commands
    assert len(commands) == (len(HOSTILE_NAMES) if github else 0)
    assert not any(char in result.stdout for char in "\ufffe\U000e0041\u2028\x85")


# --- every vocabulary-backed field says "did you mean", every data file is read by the same rules ---

MISSPELT = [
    ("type: toolkit", "type: toolkt", "Did you mean 'toolkit'?", False),
    ("audiences: [teachers]", "audiences: [teacher]", "Did you mean 'teachers'?", False),
    ("grade_bands: [k-2]", "grade_bands: [k2]", "Did you mean 'k-2'?", False),
    ("languages: [en, es]", "languages: [en, ess]", "Did you mean 'es'?", False),
    ("partners: [nea]", "partners: [nae]", "Did you mean 'nea'?", False),
    ("practices: [peer-review]", "practices: [peer-reviw]", "Did you mean 'peer-review'?", True),
    ("locale: city", "locale: cty", "Did you mean 'city'?", True),
    ("affiliations: [aft]", "affiliations: [atf]", "Did you mean 'aft'?", True),
    ("resources: [fixture-toolkit]", "resources: [fixture-tolkit]", "did you mean 'fixture-toolkit'?", True),
    ("state: OH", "state: Ohio", "Write it as 'OH'.", True),
]


@pytest.mark.parametrize(("old", "new", "wanted", "district"), MISSPELT, ids=[m[1] for m in MISSPELT])
def test_a_misspelt_value_gets_did_you_mean(valid_data: Path, old: str, new: str, wanted: str, district: bool) -> None:
    problems = problems_with(valid_data, old, new, district=district)
    assert len(problems) == 1 and wanted in problems[0].message, problems


SHARED = {
    "taxonomy.yml": (
        "  - {slug: report, label: Report, description: Findings.}",
        "  - {slug: report, label: {}, description: x}",
    ),
    "organizations.yml": ("    description: A related fixture organization.", "    description: {}"),
    "conferences.yml": ('    place: "Fixture City"', "    place: {}"),
}
HOSTILE_VALUES = {
    "long-number": ("1" * 5000, "reads as a number of 5,000 characters"),
    "deep-nesting": ("[" * 40 + "]" * 40, "nested more than"),
    "control-character": ('"Fix\\x1bture"', "U+001B"),
    "invisible": ('"\\u200b\\u2060"', "has no visible character"),
    "deceptive-address": ('"https://www.aft.org@evil.example/"', "in front of its host"),
}


@pytest.mark.parametrize("hostile", sorted(HOSTILE_VALUES))
@pytest.mark.parametrize("name", sorted(SHARED))
def test_every_data_file_is_read_by_the_same_rules(valid_data: Path, name: str, hostile: str) -> None:
    old, new = SHARED[name]
    value, wanted = HOSTILE_VALUES[hostile]
    path = valid_data / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new.replace("{}", value)), encoding="utf-8")
    problems = load_inventory(valid_data).problems
    assert [p.path for p in problems] == [f"data/{name}"], problems
    assert wanted in problems[0].message and problems[0].line > 1
    with pytest.raises(DataError):
        inventory_for_build(valid_data, refresh=True)
