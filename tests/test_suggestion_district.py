"""From a "Share your district's work" issue to a case study: the second issue form
(.github/ISSUE_TEMPLATE/share-district.yml), read by scripts/suggestion_to_record.py
--kind case-studies exactly as the resource form is (the same reader, refusals and
messages), and the workflow's pull request for it."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import FIXTURES, ROOT
from test_suggestion import TODAY, assert_log_safe, files, render, run
from test_suggestion_workflow import RECORD, GitHub, comments, workflow

from macros.checking.loader import load_inventory

FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "share-district.yml"
SCHEMA = json.loads((ROOT / "data/schema/case-study.schema.json").read_text(encoding="utf-8"))
BODY = (FIXTURES / "suggestions" / "district.md").read_text(encoding="utf-8")
WRITTEN = "data/case-studies/fixture-unified-school-district.yml"


def district(body: str | Path, data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run(body, data, "--kind", "case-studies", *args)


def form() -> dict[str, Any]:
    return yaml.safe_load(FORM.read_text(encoding="utf-8"))


# --- the form ----------------------------------------------------------------------------------


def test_the_form_asks_for_the_case_study_schemas_fields() -> None:
    items = [item for item in form()["body"] if item["type"] != "markdown"]
    ids = [item["id"] for item in items]
    parts = {f"enrollment-{part}" for part in SCHEMA["$defs"]["enrollment"]["properties"]}
    # Each id is a field of the schema, or a part of its object field (enrollment).
    assert set(ids) <= set(SCHEMA["properties"]) | parts
    assert {"enrollment-students", "enrollment-year", "enrollment-source"} <= set(ids)
    # Every field the schema requires is asked for, as required (`added` is the bot's).
    required = {item["id"] for item in items if item.get("validations", {}).get("required")}
    assert required == set(SCHEMA["required"]) - {"added"}
    # In the schema's order.
    order = list(SCHEMA["properties"])
    assert [order.index(i.split("-")[0]) for i in ids] == sorted(order.index(i.split("-")[0]) for i in ids)
    assert form()["labels"] == ["district suggestion"]


def test_the_forms_options_are_the_schemas_and_the_vocabularys() -> None:
    inventory = load_inventory(ROOT / "data").inventory
    assert inventory is not None
    dropdowns = {item["id"]: item["attributes"] for item in form()["body"] if item["type"] == "dropdown"}
    assert set(dropdowns) == {"state", "affiliations", "locale", "practices"}

    def slugs(options: list[str]) -> list[str]:
        return [re.fullmatch(r".* \(([A-Za-z0-9-]+)\)", o).group(1) for o in options]  # type: ignore[union-attr]

    state = SCHEMA["properties"]["state"]
    assert slugs(dropdowns["state"]["options"]) == state["enum"]
    assert "Ohio (OH)" in dropdowns["state"]["options"]
    assert slugs(dropdowns["affiliations"]["options"]) == list(inventory.organizations)
    assert slugs(dropdowns["practices"]["options"]) == list(inventory.taxonomy["practices"])
    assert slugs(dropdowns["locale"]["options"]) == list(inventory.taxonomy["locales"])
    assert dropdowns["practices"]["multiple"] and not dropdowns["state"]["multiple"]


# --- a body becomes a case study -----------------------------------------------------------------


def test_a_district_body_becomes_a_valid_case_study(valid_data: Path) -> None:
    result = district(BODY, valid_data)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == WRITTEN
    text = (valid_data.parent / WRITTEN).read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/case-study.schema.json\n")
    record = yaml.safe_load(text)
    assert record == {
        "district": "Fixture Unified School District",
        "state": "OH",
        "unions": ["Fixture Federation of Teachers (AFT Local 1)", "Fixture Education Association"],
        "affiliations": ["aft"],
        "locale": "city",
        "enrollment": {
            "students": 18081,
            "year": "2013-14",
            "source": "https://example.org/fixture-district/enrollment",
        },
        "years": "2009 to the present",
        "practices": ["peer-review"],
        "summary": "A fixture partnership that works through a joint committee.",
        # Markdown keeps its paragraphs; raw HTML is the site's to show as text.
        "story": "The district and the union met every month.\n\n"
        "They wrote a *peer review* program together, and <b>bold</b> stays text.",
        "sources": ["https://example.org/fixture-district (the district's page)", "A citation, 2014, p. 3"],
        "added": dt.date.fromisoformat(TODAY),
    }
    loaded = load_inventory(valid_data)
    assert loaded.problems == []
    assert "fixture-unified-school-district" in {r.id for r in loaded.inventory.case_studies}  # type: ignore[union-attr]


def test_a_body_rendered_from_the_form_with_every_option(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    options = {item["id"]: item["attributes"].get("options", []) for item in form()["body"] if "id" in item}
    answers = {
        "district": "Fixture Consolidated Schools",
        "state": "Ohio (OH)",
        "unions": "Fixture Federation of Teachers",
        "affiliations": options["affiliations"][:2],
        "locale": options["locale"][0],
        "years": "2011 to 2014",
        "practices": options["practices"],
        "summary": "A fixture summary.",
        "story": "A fixture story.",
        "sources": "https://example.org/fixture-consolidated",
    }
    result = district(render(form(), answers), data)
    assert result.returncode == 0, result.stderr
    assert load_inventory(data).problems == []


# --- refusals, with the same messages as for resources -------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("Fixture Unified School District", "!!!"), "District: cannot make an id from '!!!': the district needs"),
        (("A fixture partnership that works\nthrough a joint committee.", "_No response_"), "Summary: required"),
        (("Peer review (peer-review)", "Peer review"), "Practices: cannot read 'Peer review'"),
        (("Peer review (peer-review)", "Mentoring (mentoring)"), "Practices (practices[0]):"),
        (("18,081", "about 18,000"), "Enrollment (enrollment.students):"),
        (("2013-14", "2014"), "Enrollment year (enrollment.year):"),
        (("Ohio (OH)", "Ohio (oh)"), "State (state):"),
    ],
)
def test_refusals_name_the_field_and_leave_nothing(valid_data: Path, tmp_path: Path, change: Any, message: str) -> None:
    before = files(valid_data)
    comment = tmp_path / "comment.md"
    result = district(BODY.replace(*change), valid_data, "--comment", str(comment))
    assert result.returncode == 1, result.stdout
    assert "nothing was written" in result.stderr
    assert message in comment.read_text(encoding="utf-8")  # by the form's label, for the person
    assert files(valid_data) == before
    assert_log_safe(result.stderr)


def test_a_district_already_in_the_inventory(valid_data: Path) -> None:
    result = district(BODY.replace("Fixture Unified School District", "Fixture District"), valid_data)
    assert result.returncode == 1
    assert (
        "District: the id 'fixture-district' made from the district is already used by "
        "data/case-studies/fixture-district.yml: the case study may already be in the inventory; "
        "if it is another one, make its district more specific." in result.stderr
    )


def test_a_resource_body_is_not_a_district(valid_data: Path) -> None:
    result = district(FIXTURES / "suggestions" / "messy.md", valid_data)
    assert result.returncode == 1
    assert "open the issue with the Share your district's work form, or add the section" in result.stderr


# --- the workflow ----------------------------------------------------------------------------------


def test_the_workflow_runs_on_the_district_label_and_opens_a_case_study_pull_request(tmp_path: Path) -> None:
    job_spec = workflow()["jobs"]["record"]
    assert "contains(github.event.issue.labels.*.name, 'district suggestion')" in job_spec["if"]
    assert "github.event.label.name == 'district suggestion'" in job_spec["if"]
    github = GitHub(tmp_path)
    job = github.run(BODY, district=True)
    assert not job.failed, job.log
    assert job.outputs["path"] == WRITTEN
    assert github.files_added() == [WRITTEN]
    (pull,) = github.data()["pulls"]
    assert pull["title"] == "Add case study: fixture-unified-school-district"
    assert comments(github)[-1].startswith("Thank you! Your suggestion is now a pull request:")
    # A resource issue still makes a resource.
    (tmp_path / "other").mkdir()
    other = GitHub(tmp_path / "other")
    job = other.run((FIXTURES / "suggestions" / "messy.md").read_text(encoding="utf-8"))
    assert job.outputs["path"] == RECORD, job.log


def test_the_help_names_both_kinds() -> None:
    script = ROOT / "scripts" / "suggestion_to_record.py"
    result = subprocess.run([sys.executable, str(script), "--help"], capture_output=True, text=True, timeout=60)
    assert "--kind {case-studies,resources}" in result.stdout
