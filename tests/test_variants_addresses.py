"""Variants of the hardening issue's classes (issue 21, points 1-6 and 9), through the loader
and the build's entry point (`problems_with` of tests/test_variants.py).

Addresses are read as browsers read them (the WHATWG URL standard, macros/reading/weburl.py):
short and odd IPv4 forms, addresses the standard rejects or rewrites, the same address in
another form; Markdown link text that shows one address and leads to another; images;
dates after the day of the build; text that GitHub hides.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT
from test_variants import problems_with

from macros.checking.loader import load_inventory
from macros.reading.addresses import address_problem
from macros.reading.textrules import text_problem
from macros.reading.weburl import address_key

URL = 'url: "https://example.org/toolkit"'
DETAILS = 'summary: "A synthetic resource for tests."'


def only(problems: list, field: str, fragment: str) -> None:
    assert [p.field for p in problems] == [field], "\n".join(p.as_text() for p in problems)
    assert fragment in problems[0].message, problems[0].message


# --- 1. the host a browser reaches, not the one the text seems to name -------------------------

LOCAL = {
    "http://127.1/": "127.0.0.1",
    "http://0x7f.0.0.1/": "127.0.0.1",
    "http://0177.0.0.1/": "127.0.0.1",
    "http://127.000.000.001/": "127.0.0.1",
    "http://2130706433/": "127.0.0.1",
    "http://10.1/": "10.0.0.1",
    "http://192.168.257/": "192.168.1.1",
    "http://0xa9.0xfe.0.1/x": "169.254.0.1",
    "http://[::ffff:127.0.0.1]/": "::ffff:7f00:1",
    "http://LOCALHOST./": "localhost.",
}


@pytest.mark.parametrize("address", sorted(LOCAL))
def test_odd_forms_of_local_addresses_are_read_as_browsers_do(valid_data: Path, address: str) -> None:
    message = address_problem(address)
    assert message is not None and f"leads to {LOCAL[address]}, which is the visitor's own computer" in message
    only(problems_with(valid_data, URL, f'url: "{address}"'), "url", LOCAL[address])
    source = '- "https://example.org/source (a note)"'
    only(problems_with(valid_data, source, f'- "{address} (a note)"'), "sources[0]", "own computer")


def test_a_public_host_written_oddly_is_told_its_usual_form() -> None:
    message = address_problem("http://0x8.0x8.0x8.0x8/dns")
    assert message is not None and "write the address as http://8.8.8.8/dns" in message


# --- 3. what the URL standard rejects or would rewrite ------------------------------------------

REWRITTEN = {
    "http://example.org/old<!--": "the start of an HTML comment",
    "https://example.org/<script>": "holds '<'",
    "https://example.org/a b": "contain no spaces",  # the schema's format check
    'https://example.org/say"hi"': "holds '\"'",
    "https://example.org/a/../b": "browsers would open https://example.org/b",
    "https://example.org:99999/": "a port is a number from 0 to 65535",
    "https://example.org:8o/": "a port is a number from 0 to 65535",
    "https://exa_mple.org/": "has U+005F",
}


@pytest.mark.parametrize("address", sorted(REWRITTEN))
def test_an_address_a_browser_would_change_is_refused(valid_data: Path, address: str) -> None:
    quoted = address.replace('"', '\\"')
    only(problems_with(valid_data, URL, f'url: "{quoted}"'), "url", REWRITTEN[address])


MARKDOWN_LINKS = {
    "[the guide](<https://example.org/the guide>)": "holds a space",
    "[the guide](https://example.org/a'b<c)": "holds '<'",
    "[the guide](https://example.org:70000/)": "a port is a number from 0 to 65535",
    '[the guide](https://example.org/a"b)': "holds '\"'",
    "[the guide](https://example.org/a`b)": "holds '`'",
}


@pytest.mark.parametrize("link", sorted(MARKDOWN_LINKS))
def test_a_markdown_link_a_browser_would_change_is_refused(valid_data: Path, link: str) -> None:
    problems = problems_with(valid_data, "Then *more* things happened.", f"Then {link}", district=True)
    only(problems, "story", MARKDOWN_LINKS[link])
    assert problems[0].rule == "markdown-link"


# --- 2. link text that shows another address -----------------------------------------------------

DECEIVING = [
    "[https://www.aft.org/](https://evil.example/phish)",
    "[www.aft.org](https://evil.example/)",
    "[aft.org/reports](https://evil.example/reports)",
    "[**www.aft.org**](https://evil.example/)",
    "[http://10.0.0.1/](https://evil.example/)",
    "[10.0.0.1](https://evil.example/)",
    "[schools.nyc](https://evil.example/)",  # a newer top-level domain
    "[leeds.sch.uk/plan](https://evil.example/x)",  # a suffix of more than one label
]
HONEST = [
    "[https://www.aft.org/](https://www.aft.org/)",
    "[aft.org](https://www.aft.org/reports)",
    "[www.AFT.org](https://aft.org./x)",
    "[the report, e.g. its Part 2.3](https://evil.example/)",
    "[Section 4.2](https://example.org/)",
    "[Node.js](https://nodejs.org/)",  # names with a dot, no suffix a host could have
    "[Vue.js and index.html](https://example.org/)",
    "[index.html](https://example.org/)",
]


@pytest.mark.parametrize("link", DECEIVING)
def test_link_text_that_shows_another_address_is_refused(valid_data: Path, link: str) -> None:
    problems = problems_with(valid_data, "Then *more* things happened.", f"Then {link}", district=True)
    only(problems, "story", "is an address, but the link leads to 'https://evil.example/")
    assert problems[0].rule == "link-text"


@pytest.mark.parametrize("link", HONEST)
def test_link_text_that_is_its_own_address_or_words_passes(valid_data: Path, link: str) -> None:
    path = valid_data / "case-studies/fixture-district.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Then *more* things happened.", f"Then {link}"), encoding="utf-8")
    assert load_inventory(valid_data).problems == []


# --- 4. one address in several forms -------------------------------------------------------------

SAME = [
    "https://example.org:443/toolkit",
    "http://example.org:80/toolkit",
    "https://example.org./toolkit",
    "https://EXAMPLE.org/toolkit/",
    "https://www.Example.ORG.:443/toolkit#part",
]


@pytest.mark.parametrize("form", SAME)
def test_one_address_in_another_form_is_a_duplicate(valid_data: Path, form: str) -> None:
    assert address_key(form) == address_key("https://example.org/toolkit")
    other = valid_data / "resources/nea/fixture-report.yml"
    text = other.read_text(encoding="utf-8")
    other.write_text(text.replace("\nadded:", f'\nurl: "{form}"\nadded:', 1), encoding="utf-8")
    problems = load_inventory(valid_data).problems
    assert {p.path for p in problems if p.rule == "duplicate-url"} == {
        "data/resources/nea/fixture-report.yml",
        "data/resources/aft/fixture-toolkit.yml",
    }, problems


def test_the_duplicate_is_blamed_on_the_file_the_pull_request_adds(valid_data: Path, tmp_path: Path) -> None:
    """`added` is written by the contributor: an early date must not turn the blame onto the
    record that was there first. With the changed files known, the new file is told."""
    new = valid_data / "resources/nea/fixture-copy.yml"
    text = (valid_data / "resources/aft/fixture-toolkit.yml").read_text(encoding="utf-8")
    new.write_text(text.replace("added: 2014-02-27", "added: 2001-01-01").replace("aft", "nea"), encoding="utf-8")
    new.write_text(new.read_text().replace("partners: [nea]\n", "").replace('url: "https://', 'url: "http://www.'))
    changed = tmp_path / "changed.txt"
    changed.write_text("README.md\ndata/resources/nea/fixture-copy.yml\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts/validate.py"), "--data", str(valid_data), "--changed-files", str(changed)],
        capture_output=True,
        text=True,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("data/")]
    assert len(lines) == 1 and lines[0].startswith("data/resources/nea/fixture-copy.yml:"), result.stdout
    assert "already the url of data/resources/aft/fixture-toolkit.yml" in lines[0]
    # Without the list, both are told, each naming the other: never the existing one only.
    both = {p.path for p in load_inventory(valid_data).problems if p.rule == "duplicate-url"}
    assert both == {"data/resources/nea/fixture-copy.yml", "data/resources/aft/fixture-toolkit.yml"}


def test_the_changed_files_come_from_the_environment_in_ci(
    valid_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CI's validate step lists the pull request's files (git diff against the merge's first
    parent) in $PRI_CHANGED_FILES; `make validate` passes it on through the environment."""
    ci = (ROOT / ".github/workflows/ci.yml").read_text(encoding="utf-8")
    assert 'git diff --name-only HEAD^1 HEAD > "$RUNNER_TEMP/changed-files.txt"' in ci
    assert 'export PRI_CHANGED_FILES="$RUNNER_TEMP/changed-files.txt"' in ci and "fetch-depth: 2" in ci
    other = valid_data / "resources/nea/fixture-report.yml"
    other.write_text(other.read_text().replace("\nadded:", '\nurl: "https://example.org/toolkit"\nadded:', 1))
    listed = tmp_path / "changed.txt"
    listed.write_text("data/resources/nea/fixture-report.yml\n", encoding="utf-8")
    monkeypatch.setenv("PRI_CHANGED_FILES", str(listed))
    problems = load_inventory(valid_data).problems
    assert [(p.path, p.rule) for p in problems] == [("data/resources/nea/fixture-report.yml", "duplicate-url")]


# --- 5. a date after the day of the build ---------------------------------------------------------


@pytest.mark.parametrize("date", ["2999-01-01", "2014-03-02"])
def test_a_date_after_today_is_refused(valid_data: Path, date: str) -> None:
    problems = load_inventory(valid_data, today="2014-03-01").problems
    assert problems == []  # the newest fixture's date is today's: fine
    path = valid_data / "resources/aft/fixture-toolkit.yml"
    path.write_text(path.read_text().replace("added: 2014-02-27", f"added: {date}"), encoding="utf-8")
    problems = load_inventory(valid_data, today="2014-03-01").problems
    only(problems, "added", f"{date} is after today (2014-03-01)")
    assert problems[0].line == 15


def test_today_comes_from_the_environment_for_the_build(valid_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRI_TODAY", "2014-02-28")
    only(load_inventory(valid_data).problems, "added", "2014-03-01 is after today (2014-02-28)")


# --- 6. images ------------------------------------------------------------------------------------


@pytest.mark.parametrize("image", ["![a chart](https://example.org/c.png)", "![](https://example.org/c.png 'x')"])
def test_a_markdown_image_is_refused_with_what_to_write(valid_data: Path, image: str) -> None:
    problems = problems_with(valid_data, "Then *more* things happened.", f"Then {image}", district=True)
    only(problems, "story", "write a link instead, without the '!': [a description](https://example.org/c.png)")


# --- 9. text GitHub hides, and characters lost on the way ---------------------------------------


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Fine <!-- hidden --> text", "the start of an HTML comment"),
        ("Fine <!--", "the start of an HTML comment"),
        ("caf\ufffd au lait", "U+FFFD (REPLACEMENT CHARACTER)"),
    ],
)
def test_text_that_readers_never_see_is_refused(valid_data: Path, text: str, fragment: str) -> None:
    refusal = text_problem(text)
    assert refusal is not None and fragment in refusal.message
    only(problems_with(valid_data, DETAILS, f"summary: {text!r}".replace("'", '"')), "summary", fragment)
    assert text_problem("A <b>bold</b> claim, 3 <! 4 and --> arrows") is None
