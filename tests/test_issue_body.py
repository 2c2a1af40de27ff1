"""Reading an issue form and the body GitHub renders from it: scripts/issue_body.py."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml
from helpers import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from issue_body import MAX_BODY, FormField, Refused, load_form, match_options, parse_body

FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "suggest-resource.yml"


@pytest.mark.parametrize(
    ("value", "multiple", "slugs"),
    [
        ("Achieve, Inc. (achieve)", False, ["achieve"]),
        ("Achieve, Inc. (achieve), AASA, The School Superintendents Association (aasa)", True, ["achieve", "aasa"]),
        ("Policy (and law), governance (policy), Mathematics (mathematics)", True, ["policy", "mathematics"]),
        ("A label (with (nested) parens) (x-y)", False, ["x-y"]),
        ("Teachers (teachers),Parents (parents) ,  Teachers (teachers)", True, ["teachers", "parents"]),
        ("Renamed label (teachers)", False, ["teachers"]),
        ("Unknown choice (bar), Teachers (teachers)", True, ["bar", "teachers"]),
        ("Typed By Hand (TEACHERS)", False, ["teachers"]),
    ],
)
def test_options_are_matched_on_their_trailing_slug(value: str, multiple: bool, slugs: list[str]) -> None:
    field = FormField(
        id="f",
        type="dropdown",
        label="Field",
        required=False,
        multiple=multiple,
        options=(
            "Achieve, Inc. (achieve)",
            "AASA, The School Superintendents Association (aasa)",
            "Policy (and law), governance (policy)",
            "Mathematics (mathematics)",
            "A label (with (nested) parens) (x-y)",
            "Teachers (teachers)",
            "Parents (parents)",
        ),
    )
    assert match_options(value, field) == slugs


def test_one_choice_for_a_single_dropdown() -> None:
    field = FormField("type", "dropdown", "Type", True, False, ("Toolkit (toolkit)", "Report (report)"))
    with pytest.raises(Refused, match="Type: choose one option, not 2"):
        match_options("Toolkit (toolkit), Report (report)", field)


def test_checkboxes_and_rendered_textareas(tmp_path: Path) -> None:
    form = {
        "body": [
            {"type": "markdown", "attributes": {"value": "Hello"}},
            {"type": "input", "id": "title", "attributes": {"label": "Title"}, "validations": {"required": True}},
            {
                "type": "checkboxes",
                "id": "agree",
                "attributes": {
                    "label": "Agreement",
                    "options": [{"label": "I wrote it myself, (really)"}, {"label": "Not ticked"}, {"label": "Also"}],
                },
            },
            {"type": "textarea", "id": "log", "attributes": {"label": "Log", "render": "text"}},
        ]
    }
    path = tmp_path / "form.yml"
    path.write_text(yaml.safe_dump(form), encoding="utf-8")
    fields = load_form(path)
    body = (
        "### Title\r\n\r\nA title\r\n\r\n### Agreement\r\n\r\n- [X] I wrote it myself, (really)\r\n"
        "- [ ] Not ticked\r\n- [x] Also\r\n\r\n### Log\r\n\r\n```text\r\nline 1\r\n### Title\r\nline 2\r\n```\r\n"
    )
    parsed = parse_body(body, fields)
    assert parsed.values == {
        "title": "A title",
        "agree": ["I wrote it myself, (really)", "Also"],
        "log": "line 1\n### Title\nline 2",  # in the code block: text, even a heading of the form
    }
    assert parsed.notes == []


def test_a_field_given_twice_is_refused() -> None:
    body = "### Title\n\nOne\n\n### Title\n\nTwo\n"
    with pytest.raises(Refused, match="two '### Title' headings"):
        parse_body(body, load_form(FORM))


def test_a_body_too_long_is_refused() -> None:
    with pytest.raises(Refused, match="longer than"):
        parse_body("x" * (MAX_BODY + 1), load_form(FORM))
