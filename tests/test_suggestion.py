"""From a "Suggest a resource" issue to a record: scripts/suggestion_to_record.py and its workflow."""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import FIXTURES, ROOT

from macros.checking.loader import SCHEMA_LINE, load_inventory

SCRIPT = ROOT / "scripts" / "suggestion_to_record.py"
FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "suggest-resource.yml"
BODIES = FIXTURES / "suggestions"
TODAY = "2026-03-04"

spec = importlib.util.spec_from_file_location("suggestion_to_record", SCRIPT)
assert spec and spec.loader
suggestion = importlib.util.module_from_spec(spec)
sys.modules["suggestion_to_record"] = suggestion
spec.loader.exec_module(suggestion)
import issue_body as reader  # noqa: E402  (scripts/, put on the path by the script)


def run(body: str | Path, data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the script on a body (text, or a fixture file) with a temporary data folder."""
    if isinstance(body, str):
        path = data.parent / "body.md"
        path.write_bytes(body.encode("utf-8"))
        body = path
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--data", str(data), "--today", TODAY, *args, str(body)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def files(data: Path) -> set[str]:
    return {p.relative_to(data).as_posix() for p in data.rglob("*")}


def assert_log_safe(output: str) -> None:
    for line in output.splitlines():
        assert not line.lstrip().startswith(("::", "##[")), line
    assert "Traceback" not in output


@pytest.fixture
def real_data(tmp_path: Path) -> Path:
    """A copy of the real data folder: every option of the form is in its vocabularies."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    return data


# --- a body rendered from the form itself -----------------------------------------------------


def render(form: dict[str, Any], answers: dict[str, Any]) -> str:
    """The issue body GitHub writes for a form: a `### label` section per field."""
    sections = []
    for item in form["body"]:
        if item["type"] == "markdown":
            continue
        answer = answers.get(item["id"])
        if item["type"] == "checkboxes":
            value = "\n".join(
                f"- [{'X' if option['label'] in (answer or []) else ' '}] {option['label']}"
                for option in item["attributes"]["options"]
            )
        elif isinstance(answer, list):
            value = ", ".join(answer) if answer else "_No response_"
        else:
            value = answer or "_No response_"
        sections.append(f"### {item['attributes']['label']}\n\n{value}")
    return "\n\n".join(sections)


def slug(option: str) -> str:
    return re.fullmatch(r".* \(([a-z0-9-]+)\)", option).group(1)  # type: ignore[union-attr]


def test_help() -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "usage: suggestion_to_record.py" in result.stdout
    for option in ("--data", "--today", "--comment", "BODY_FILE"):
        assert option in result.stdout


def test_a_body_made_from_the_form_becomes_a_valid_record(real_data: Path) -> None:
    form = yaml.safe_load(FORM.read_text(encoding="utf-8"))
    fields = {item["id"]: item for item in form["body"] if item["type"] != "markdown"}
    options = {name: item["attributes"].get("options", []) for name, item in fields.items()}
    # An organization whose name has a comma, every partner but it, every topic, audience,
    # grade band and language: the options hold commas and parentheses of their own.
    organization = next(o for o in options["organization"] if "," in o)
    answers: dict[str, Any] = {
        "title": "Fixture Suggested Guide: Planning, Together (2014 Edition)",
        "organization": organization,
        "partners": [o for o in options["partners"] if o != organization],
        "year": "2014",
        "type": options["type"][0],
        "url": "https://example.org/fixture-suggested-guide",
        "summary": "A guide for labor and management teams,\nwritten over two lines.",
        "sources": "https://example.org/fixture-source (the publisher's page)\nA citation, 2014, p. 3",
    }
    for name in ("topics", "audiences", "grade_bands", "languages"):
        answers[name] = options[name]
    unanswered = [name for name in fields if name not in answers]
    assert not unanswered, f"the test gives no value for the form's new fields {unanswered}: add them"

    result = run(render(form, answers), real_data)
    assert result.returncode == 0, result.stderr
    org = slug(organization)
    expected_path = f"data/resources/{org}/fixture-suggested-guide-planning-together-2014-edition.yml"
    assert result.stdout == expected_path + "\n"
    assert_log_safe(result.stdout + result.stderr)

    written = real_data.parent / expected_path
    text = written.read_text(encoding="utf-8")
    assert text.startswith(SCHEMA_LINE + "../../schema/resource.schema.json\n")
    assert "<<fill in" not in text
    record = yaml.safe_load(text)
    assert record == {
        "title": answers["title"],
        "organization": org,
        "partners": [slug(o) for o in answers["partners"]],
        "year": 2014,
        "type": slug(answers["type"]),
        "topics": [slug(o) for o in options["topics"]],
        "audiences": [slug(o) for o in options["audiences"]],
        "grade_bands": [slug(o) for o in options["grade_bands"]],
        "languages": [slug(o) for o in options["languages"]],
        "url": answers["url"],
        "summary": "A guide for labor and management teams, written over two lines.",
        "sources": ["https://example.org/fixture-source (the publisher's page)", "A citation, 2014, p. 3"],
        "added": dt.date.fromisoformat(TODAY),
    }
    # The fields come in the template's order (scripts/new_record.py).
    assert list(record) == [k for k in TEMPLATE_ORDER if k in record]
    result = load_inventory(real_data)
    assert result.problems == []
    assert any(r.id == written.stem for r in result.inventory.resources)  # type: ignore[union-attr]


TEMPLATE_ORDER = [
    m.group(1)
    for m in re.finditer(
        r"^(?:# )?([a-z_]+):",
        suggestion.resource_text(ROOT / "data", "aft", "x", TODAY),
        re.MULTILINE,
    )
]


def test_the_form_field_ids_are_record_fields() -> None:
    """The script maps the form's ids to the record's fields of the same name."""
    form = yaml.safe_load(FORM.read_text(encoding="utf-8"))
    ids = {item["id"] for item in form["body"] if item["type"] != "markdown"}
    assert ids <= set(TEMPLATE_ORDER)


def test_added_is_today_by_default(valid_data: Path) -> None:
    before = dt.date.today()
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--data", str(valid_data), str(BODIES / "messy.md")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    text = (valid_data.parent / result.stdout.strip()).read_text(encoding="utf-8")
    assert text.startswith(SCHEMA_LINE)
    assert yaml.safe_load(text)["added"] in (before, dt.date.today())


# --- how bodies are read ----------------------------------------------------------------------


def test_a_messy_body_is_read(valid_data: Path) -> None:
    """Headings out of order and with trailing spaces, extra blank lines, a textarea over
    several lines, list markers in the sources, a year in words, an empty section that is not the form's."""
    result = run(BODIES / "messy.md", valid_data)
    assert result.returncode == 0, result.stderr
    assert "ignored the empty section 'Additional notes'" in result.stderr
    record = yaml.safe_load((valid_data.parent / result.stdout.strip()).read_text(encoding="utf-8"))
    assert record["title"] == "Fixture Messy Guide"
    assert record["organization"] == "aft"
    assert record["year_note"] == "about 2013" and "year" not in record
    assert record["topics"] == ["assessment", "family-engagement"]
    assert record["audiences"] == ["teachers", "parents"]
    assert record["summary"] == "A guide that spans several lines, with extra blank lines around it."
    assert record["sources"] == [
        "https://example.org/messy (the publisher's page)",
        "A citation: Fixture Federation, 2014, p. 3",
        "https://example.org/second",
    ]
    assert "languages" not in record and "url" not in record


def test_crlf_line_endings(valid_data: Path, tmp_path: Path) -> None:
    lf = (BODIES / "messy.md").read_text(encoding="utf-8")
    crlf = tmp_path / "crlf.md"
    crlf.write_bytes(lf.replace("\n", "\r\n").encode("utf-8"))
    result = run(crlf, valid_data)
    assert result.returncode == 0, result.stderr
    text = (valid_data.parent / result.stdout.strip()).read_text(encoding="utf-8")
    assert "\r" not in text
    expected = suggestion.record_text(
        valid_data,
        suggestion.record_values(reader.parse_body(lf, reader.load_form(FORM)), suggestion.resource_fields(valid_data)),
        TODAY,
    )
    assert text == expected


def test_a_heading_typed_in_a_textarea_is_its_text(valid_data: Path) -> None:
    """A `###` line that is not one of the form's, typed in the summary or the sources, is
    kept with the text after it: nothing the person wrote is dropped."""
    body = (BODIES / "messy.md").read_text(encoding="utf-8")
    body = body.replace("around it.   \n", "around it.\n\n### Background\n\nMore text that matters.\n", 1)
    body = body.replace(
        "1. https://example.org/second", "1. https://example.org/second\n### Also\nhttps://example.org/third"
    )
    result = run(body, valid_data)
    assert result.returncode == 0, result.stderr
    record = yaml.safe_load((valid_data.parent / result.stdout.strip()).read_text(encoding="utf-8"))
    assert record["summary"] == (
        "A guide that spans several lines, with extra blank lines around it. ### Background More text that matters."
    )
    assert record["sources"][-3:] == ["https://example.org/second", "### Also", "https://example.org/third"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda body: body.replace(
                "### Languages\n\n_No response_", "### Languages\n\n_No response_\n\n### Notes\n\nKeep me."
            ),
            "'### Notes' is not a heading of the form, so the text under it is in none of its fields",
        ),
        (
            lambda body: "Please add this one.\n\n" + body,
            "the issue has text before its first heading ('### Title'), in none of the form's fields",
        ),
        (
            lambda body: body.replace("Fixture Messy Guide   ", "### Title"),
            "Title: the issue has two '### Title' headings. If the text of another field has a line '### Title'",
        ),
        (
            lambda body: body.replace("   several lines,", "### Sources\n   several lines,"),
            "Sources: the issue has two '### Sources' headings",
        ),
    ],
    ids=["unknown-section-with-text", "text-before-the-first-heading", "title-is-a-heading", "heading-in-summary"],
)
def test_text_that_would_be_lost_is_refused(valid_data: Path, change: Any, message: str) -> None:
    before = files(valid_data)
    result = run(change((BODIES / "messy.md").read_text(encoding="utf-8")), valid_data)
    assert result.returncode == 1, result.stdout
    assert message in result.stderr
    assert "nothing was written" in result.stderr
    assert files(valid_data) == before


@pytest.mark.parametrize(
    "body",
    [
        "### " + " #" * 30000 + "x",
        "### Summary\n\n" + "`" * 60000,
        "### Summary\n\n" + "\n" * 60000 + "x",
        "### Summary\n\n```\n" + "\n```" * 15000,
        "### Topics\n\n" + "Assessment (assessment), " * 2600,
        "### Topics\n\n" + "(a-" + "a-" * 30000 + "!",
        "### Sources\n\n" + "- [ " * 15000,
    ],
    ids=["heading", "backticks", "blank-lines", "fences", "options", "slug", "bullets"],
)
def test_large_hostile_bodies_are_read_quickly(body: str) -> None:
    """Bodies of GitHub's maximum size (65,536 characters) built to make regexes backtrack."""
    fields = suggestion.resource_fields(ROOT / "data")
    start = time.perf_counter()
    with contextlib.suppress(reader.Refused):
        suggestion.record_values(reader.parse_body(body, reader.load_form(FORM)), fields)
    # Not a speed figure: a regex that backtracks on these never finishes (exponential
    # time), while a linear reader takes well under a second; the margin absorbs any noise.
    assert time.perf_counter() - start < 30


# --- refusals: a clear message, exit 1, nothing left behind -----------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (BODIES / "no-title.md", "Title: required, but the issue leaves it empty."),
        ("### Summary\n\nNo other field.\n", "Title: required, but the issue has no '### Title' section"),
        ("", "Title: the issue has none of the form's sections"),
        ("Just some text.\n\n## Title\n\nA heading of another level\n", "Title: the issue has none of the form's"),
        ("no-letters", "Title: cannot make an id from '!!! ???': the title needs letters or digits"),
    ],
)
def test_without_a_title(valid_data: Path, body: str | Path, message: str) -> None:
    if body == "no-letters":
        body = (BODIES / "no-title.md").read_text(encoding="utf-8").replace("_No response_", "!!! ???", 1)
    before = files(valid_data)
    result = run(body, valid_data)
    assert result.returncode == 1
    assert message in result.stderr
    assert "nothing was written" in result.stderr
    assert result.stdout == ""
    assert files(valid_data) == before
    assert_log_safe(result.stderr)


@pytest.mark.parametrize(
    ("organization", "message"),
    [
        ("_No response_", "Organization: required, but the issue leaves it empty."),
        ("Acme Corporation (acme)", "organization: 'acme' is not a known organization. Use one of: aft, nea, sap"),
        ("American Federation of Teachers", "Organization: cannot read 'American Federation of Teachers'"),
    ],
    ids=["missing", "unknown", "without-its-slug"],
)
def test_an_organization_missing_or_unknown(valid_data: Path, tmp_path: Path, organization: str, message: str) -> None:
    body = (BODIES / "messy.md").read_text(encoding="utf-8").replace("Fixture Federation (aft)", organization)
    before = files(valid_data)
    comment = tmp_path / "comment.md"
    result = run(body, valid_data, "--comment", str(comment))
    assert result.returncode == 1
    assert message in result.stderr
    assert files(valid_data) == before  # no file, and no folder made for an unknown organization
    assert message.split(": ", 1)[1] in comment.read_text(encoding="utf-8")


def test_unknown_option_gets_the_validator_message(valid_data: Path) -> None:
    before = files(valid_data)
    result = run(BODIES / "unknown-option.md", valid_data)
    assert result.returncode == 1
    assert "type: 'gardening' is not a known type. Use one of: toolkit, report" in result.stderr
    assert files(valid_data) == before


def test_an_option_without_its_slug_is_refused(valid_data: Path) -> None:
    body = (BODIES / "unknown-option.md").read_text().replace("Teachers (teachers)", "Teachers, maybe")
    result = run(body, valid_data)
    assert result.returncode == 1
    assert "Audiences: cannot read 'Teachers, maybe': choose from the form's options" in result.stderr
    assert "nothing was written" in result.stderr


def test_the_id_already_taken(valid_data: Path) -> None:
    before = files(valid_data)
    result = run(BODIES / "taken-id.md", valid_data)
    assert result.returncode == 1
    assert "the id 'fixture-toolkit' made from the title is already used by data/resources/aft/fixture-toolkit.yml" in (
        result.stderr
    )
    assert files(valid_data) == before
    # In the same organization's folder, the existing file is never overwritten.
    same = (BODIES / "taken-id.md").read_text().replace("Fixture Association (nea)", "Fixture Federation (aft)")
    original = (valid_data / "resources/aft/fixture-toolkit.yml").read_bytes()
    assert run(same, valid_data).returncode == 1
    assert (valid_data / "resources/aft/fixture-toolkit.yml").read_bytes() == original


def test_a_bad_url_is_refused_and_the_new_folder_removed(valid_data: Path, tmp_path: Path) -> None:
    assert not (valid_data / "resources/sap").exists()
    before = files(valid_data)
    comment = tmp_path / "comment.md"
    result = run(BODIES / "bad-url.md", valid_data, "--comment", str(comment))
    assert result.returncode == 1
    assert (
        "data/resources/sap/fixture-partner-guide.yml:7:1: url: 'javascript:alert(document.cookie)' "
        "is not a web address" in result.stderr
    )
    assert files(valid_data) == before  # neither the file nor data/resources/sap/
    # The issue comment names the form's field and says how to fix it.
    text = comment.read_text(encoding="utf-8")
    assert "Web address (url): 'javascript:alert(document.cookie)' is not a web address" in text
    assert "edit the issue" in text


def test_a_url_used_twice_is_reported_once_to_the_person(valid_data: Path, tmp_path: Path) -> None:
    body = (
        (BODIES / "bad-url.md").read_text().replace("javascript:alert(document.cookie)", "https://example.org/toolkit")
    )
    comment = tmp_path / "comment.md"
    result = run(body, valid_data, "--comment", str(comment))
    assert result.returncode == 1
    lines = comment.read_text(encoding="utf-8").split("```text\n")[1].split("\n```")[0].splitlines()
    assert len(lines) == 1 and lines[0].startswith("Web address (url): this address is already the url of"), lines


def test_usage_errors(valid_data: Path, tmp_path: Path) -> None:
    body = BODIES / "messy.md"
    bad_date = run(body, valid_data, "--today", "2026-02-30")
    assert bad_date.returncode == 2 and "--today must be a real date" in bad_date.stderr
    missing = run(tmp_path / "nothing.md", valid_data)
    assert missing.returncode == 2 and "cannot read the body" in missing.stderr
    no_data = run(body, tmp_path / "nowhere")
    assert no_data.returncode == 2 and "is not a data folder" in no_data.stderr
    before = files(valid_data)
    no_folder = run(body, valid_data, "--comment", str(tmp_path / "no-folder" / "comment.md"))
    assert no_folder.returncode == 2 and "--comment" in no_folder.stderr and "cannot be written" in no_folder.stderr
    assert files(valid_data) == before
    bad_form = tmp_path / "form.yml"
    bad_form.write_text("body:\n  - type: input\n    attributes: {label: 3}\n", encoding="utf-8")
    unreadable = run(body, valid_data, "--form", str(bad_form))
    assert unreadable.returncode == 2 and "cannot read the body or the form" in unreadable.stderr
    for result in (bad_date, missing, no_data, no_folder, unreadable):
        assert "Traceback" not in result.stderr


# --- hostile text -----------------------------------------------------------------------------


def test_hostile_text_stays_plain_text(valid_data: Path) -> None:
    result = run(BODIES / "hostile.md", valid_data)
    assert result.returncode == 0, result.stderr
    assert_log_safe(result.stdout + result.stderr)
    path = result.stdout.strip()
    assert re.fullmatch(r"data/resources/aft/[a-z0-9-]+\.yml", path)
    record = yaml.safe_load((valid_data.parent / path).read_text(encoding="utf-8"))
    # No key was injected: the second line of the title and the summary's "url:" and
    # "added:" lines are text inside the values.
    assert set(record) == {"title", "organization", "type", "topics", "audiences", "summary", "sources", "added"}
    assert record["added"] == dt.date.fromisoformat(TODAY)
    assert record["title"] == (
        "Hostile \"quoted\" 'title' ::error::injected <script>alert(1)</script> — Ünïcödé 日本語 \\ backslash "
        "url: https://evil.example/injected"
    )
    assert record["summary"].startswith('x url: https://evil.example/summary added: 1999-01-01 --- - "item" # not')
    assert "${{ github.token }} & %0A 100%" in record["summary"]
    assert record["sources"] == [
        "https://example.org/hostile-source",
        "::error::not a command",
        'key: "value" injected: {a: [b]}',
    ]
    assert load_inventory(valid_data).problems == []


def test_a_control_character_is_refused_with_the_validators_message(valid_data: Path, tmp_path: Path) -> None:
    body = (
        (BODIES / "messy.md").read_text(encoding="utf-8").replace("Fixture Messy Guide", "Fixture\x00 Messy\x1b Guide")
    )
    before = files(valid_data)
    comment = tmp_path / "comment.md"
    result = run(body, valid_data, "--comment", str(comment))
    assert result.returncode == 1
    assert "title: holds U+0000 (NULL), a control character" in result.stderr
    assert files(valid_data) == before
    assert "\x00" not in comment.read_text(encoding="utf-8") and "Title (title): holds U+0000" in comment.read_text()
    assert_log_safe(result.stdout + result.stderr)
    # A heading of the person's own is quoted as Python does, control characters escaped.
    body = (BODIES / "messy.md").read_text(encoding="utf-8") + "\n\n### Notes \x1b[31m red\n\nText.\n"
    result = run(body, valid_data)
    assert result.returncode == 1
    assert "'### Notes \\x1b[31m red' is not a heading of the form" in result.stderr
    assert "\x1b" not in result.stderr


def test_hostile_text_in_a_refusal_is_log_safe(valid_data: Path, tmp_path: Path) -> None:
    hostile = (BODIES / "hostile.md").read_text()
    body = hostile.replace("Toolkit (toolkit)", "::error::pwned\n::add-mask::x %0A::warning::y (toolkit)")
    body = body.replace("Teachers (teachers)", "::error file=a::oops ``` `````` @someone")
    comment = tmp_path / "comment.md"
    result = run(body, valid_data, "--comment", str(comment))
    assert result.returncode == 1
    assert_log_safe(result.stdout + result.stderr)
    assert "Audiences: cannot read '::error file=a::oops" in result.stderr
    # In the comment the text sits in a code block longer than any run of backticks in it.
    text = comment.read_text(encoding="utf-8")
    fence = re.search(r"^(`+)text$", text, re.MULTILINE)
    assert fence and len(fence.group(1)) == 7
    assert text.count(fence.group(1)) == 2


@pytest.mark.parametrize(
    "text",
    [
        "plain",
        'a "b" \\ c',
        "x\nurl: y",
        "tab\there",
        "bell\x07 del\x7f nel\x85 ls\u2028 ps\u2029 bom\ufeff",
        "日本 😀",
    ],
)
def test_yaml_string_round_trips(text: str) -> None:
    assert yaml.safe_load(f"key: {suggestion.yaml_string(text)}") == {"key": text}
    assert "\n" not in suggestion.yaml_string(text)


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("::error::x", "%3A:error::x"),
        ("  ::warning::x", "  %3A:warning::x"),
        ("##[error]x", "%23#[error]x"),
        ("a\n::error::b\r\nc 100%", "a%0A::error::b%0D%0Ac 100%25"),
    ],
)
def test_log_safe(text: str, safe: str) -> None:
    assert suggestion.log_safe(text) == safe


# --- issue 21: what the bot refuses like the validator, and titles already in the inventory ------


@pytest.mark.parametrize(
    ("title", "existing"),
    [
        ("Fixture Tool-kit", "data/resources/aft/fixture-toolkit.yml"),
        ("  FIXTURE   tool kit  ", "data/resources/aft/fixture-toolkit.yml"),
        ("Fixture Re.port", "data/resources/nea/fixture-report.yml"),
    ],
)
def test_a_title_already_in_the_inventory_is_refused(valid_data: Path, title: str, existing: str) -> None:
    """The id made from these titles is new, but the title is not: CONTRIBUTING.md says it is refused."""
    body = (BODIES / "messy.md").read_text(encoding="utf-8").replace("Fixture Messy Guide", title)
    before = files(valid_data)
    result = run(body, valid_data)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"is already the title of {existing} (compared without case, punctuation" in result.stderr
    assert files(valid_data) == before


@pytest.mark.parametrize(
    ("address", "wanted"),
    [
        ("http://127.1/guide", "leads to 127.0.0.1"),
        ("http://0x7f.0.0.1/", "leads to 127.0.0.1"),
        ("http://192.168.257/", "leads to 192.168.1.1"),
        ("https://example.org:99999/", "a port is a number from 0 to 65535"),
        ("https://example.org/<script>", "holds '<'"),
    ],
)
def test_the_bot_reads_addresses_as_browsers_do(valid_data: Path, tmp_path: Path, address: str, wanted: str) -> None:
    body = (BODIES / "bad-url.md").read_text().replace("javascript:alert(document.cookie)", address)
    comment = tmp_path / "comment.md"
    before = files(valid_data)
    result = run(body, valid_data, "--comment", str(comment))
    assert result.returncode == 1
    assert wanted in comment.read_text(encoding="utf-8") and "Web address (url):" in comment.read_text()
    assert files(valid_data) == before


@pytest.mark.parametrize(
    ("hidden", "wanted"),
    [
        (b"A guide <!-- with a note GitHub hides --> that spans", "the start of an HTML comment"),
        (b"A guide \xff\xfe that spans", "U+FFFD (REPLACEMENT CHARACTER)"),
    ],
    ids=["html-comment", "not-utf8"],
)
def test_text_github_hides_is_refused_naming_the_field(
    valid_data: Path, tmp_path: Path, hidden: bytes, wanted: str
) -> None:
    body = (BODIES / "messy.md").read_bytes().replace(b"A guide that spans", hidden)
    path = tmp_path / "body.md"
    path.write_bytes(body)
    comment = tmp_path / "comment.md"
    before = files(valid_data)
    result = run(path, valid_data, "--comment", str(comment))
    assert result.returncode == 1
    assert f"Summary (summary): holds {'' if 'U+' in wanted else chr(39) + '<!--' + chr(39) + ' '}" in (
        comment.read_text(encoding="utf-8")
    )
    assert wanted in comment.read_text(encoding="utf-8")
    assert files(valid_data) == before
