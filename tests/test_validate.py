"""The loader and validator: one invalid fixture per rule, each naming file, line and field."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT, copy_valid_data

from macros.checking.loader import MAX_FILE_BYTES, all_rule_ids, load_inventory
from macros.checking.registry import UNFIXTURED_RULES
from macros.reading.problems import visible
from macros.reading.yamlsafe import parse_yaml

INVALID = FIXTURES / "invalid"
EXPECT = re.compile(rb"^# expect: (\d+) (\S+) \| (.+)$", re.MULTILINE)


PLACE = re.compile(rb"^# place: (\S+)$", re.MULTILINE)
FOLDERS = {"resources": "resources/aft", "case-studies": "case-studies"}


def invalid_fixtures() -> list[pytest.param]:
    """Every invalid fixture, with where it goes in a copy of the valid data: record
    fixtures into a records folder, a `# place: <path>` fixture at that path (a shared
    file such as taxonomy.yml is replaced by it)."""
    params = []
    for path in sorted(p for p in INVALID.rglob("*") if p.is_file()):
        kind = path.relative_to(INVALID).parts[0]
        placed = PLACE.search(path.read_bytes())
        destination = placed[1].decode() if placed else f"{FOLDERS[kind]}/{path.name}"
        params.append(pytest.param(path, destination, id=f"{kind}/{path.stem}"))
    return params


LINK = re.compile(rb"^# symlink-to: (\S+)$", re.MULTILINE)


def place_fixture(valid_data: Path, fixture: Path, destination: str) -> str:
    """Copy the fixture to `destination`; a `# symlink-to: <path>` fixture becomes a
    symbolic link there instead (to that path, relative to the data folder)."""
    target = valid_data / destination
    target.parent.mkdir(parents=True, exist_ok=True)
    link = LINK.search(fixture.read_bytes())
    if link:
        target.symlink_to(valid_data / link[1].decode())
    else:
        shutil.copy(fixture, target)
    return f"data/{destination}"


@pytest.mark.parametrize(("fixture", "destination"), invalid_fixtures())
def test_each_rule_reports_file_line_and_field(valid_data: Path, fixture: Path, destination: str) -> None:
    match = EXPECT.search(fixture.read_bytes())
    assert match, f"{fixture.name} has no '# expect: LINE FIELD | message' line"
    line, field, fragment = int(match[1]), match[2].decode(), match[3].decode()
    field = "" if field == "-" else field
    shown = place_fixture(valid_data, fixture, destination)

    result = load_inventory(valid_data)

    assert result.inventory is None, "invalid data must never produce an inventory"
    mine = [p for p in result.problems if p.path == shown]
    assert mine, f"no problem reported for {shown}: {result.problems}"
    # The field as printed: a field name with a control character shows it escaped (x\n...).
    assert any(p.line == line and visible(p.field) == field and fragment in p.message for p in mine), (
        f"expected line {line}, field {field!r}, message containing {fragment!r}; got:\n"
        + "\n".join(p.as_text() for p in mine)
    )
    if not fixture.stem.startswith("duplicate-"):  # a duplicate is reported on both files
        assert all(p.path == shown for p in result.problems), "a bad file must not cause problems elsewhere"


def test_every_rule_of_the_validator_has_a_fixture(tmp_path: Path) -> None:
    """Each rule id the validator can report is reported by at least one fixture."""
    found: set[str] = set()
    for param in invalid_fixtures():
        fixture, destination = param.values
        data = copy_valid_data(tmp_path / fixture.stem)
        shown = place_fixture(data, fixture, destination)
        found |= {p.rule for p in load_inventory(data).problems if p.path == shown}
    missing = [rule for rule in all_rule_ids() if rule not in found]
    assert not missing, f"rules with no fixture in tests/fixtures/invalid/: {missing}"
    assert "" not in found, "every problem names its rule"
    # And the other way: a rule that a fixture reports is one of the validator's listed rules,
    # so a new rule cannot go unlisted (and so untested by this test).
    unlisted = found - set(all_rule_ids()) - set(UNFIXTURED_RULES)
    assert not unlisted, f"rules reported but not listed in macros/checking/registry.py: {sorted(unlisted)}"


# Where a call names its rule: (the function or method's name, the argument's position).
RULE_ARGUMENT = {"problem": 2, "file_problem": 2, "emit": 2, "with_rule": 0, "Problem": 5}


def reported_rule_ids() -> set[str]:
    """Every rule id written in the validator's code: the string given where a `Problem`
    is made (`document.problem(…, "rule")`, `file_problem`, `Problem(…)`, `with_rule`)
    or a schema keyword's check emits (`emit(…, "rule")`, reported as "schema/<rule>")."""
    found: set[str] = set()
    # The YAML reader's problems carry no rule: macros/checking/documents.py gives them "yaml".
    for path in sorted(p for p in (ROOT / "macros").rglob("*.py") if p.name not in {"yamlsafe.py", "yamlbuilder.py"}):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            position = RULE_ARGUMENT.get(name)
            arguments = [*node.args, *(k.value for k in node.keywords if k.arg == "rule")]
            if position is not None and len(arguments) > position:
                value = arguments[position] if len(node.args) > position else arguments[-1]
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    found.add(f"schema/{value.value}" if name == "emit" else value.value)
    return found


def test_the_rule_list_is_the_validators_own() -> None:
    """all_rule_ids (whose every id needs a fixture, above) is what the code reports: no
    rule id is written in macros/ without being listed, and none is listed in vain."""
    reported, listed = reported_rule_ids(), set(all_rule_ids())
    assert len(reported) > 40
    assert reported - listed == set(UNFIXTURED_RULES), "rule ids reported but not listed in macros/checking/registry.py"
    assert listed - reported == set(), "rule ids listed but never reported"
    for rule in ("duplicate-term", "organization-slug", "duplicate-conference", "scale-order", "duplicate-dimension"):
        assert rule in listed
    assert "partner-is-lead" in listed and "schema-file" in listed


def test_valid_fixture_data_loads(valid_data: Path) -> None:
    result = load_inventory(valid_data)
    assert result.problems == []
    inventory = result.inventory
    assert inventory is not None
    assert [r.id for r in inventory.resources] == ["fixture-report", "fixture-toolkit"]
    toolkit = inventory.resource_by_id["fixture-toolkit"]
    assert toolkit.added == "2014-02-27"  # an unquoted YAML date becomes ISO text
    assert toolkit.organizations == ("aft", "nea")
    assert [r.id for r in inventory.resources_by_organization["nea"]] == ["fixture-report", "fixture-toolkit"]
    assert inventory.index("case-studies", "resources")["fixture-toolkit"][0].id == "fixture-district"


def test_all_problems_in_one_run(valid_data: Path) -> None:
    for name in ("unknown-field", "empty-list", "invalid-date"):
        shutil.copy(INVALID / "resources" / f"{name}.yml", valid_data / "resources/aft")
    problems = load_inventory(valid_data).problems
    assert {Path(p.path).stem for p in problems} == {"unknown-field", "empty-list", "invalid-date"}


def test_several_problems_in_one_file_are_all_listed(valid_data: Path) -> None:
    (valid_data / "resources/aft/many.yml").write_text(
        "# yaml-language-server: $schema=../../schema/resource.schema.json\n"
        "title: ''\norganization: aft\ntype: nope\ntopics: []\naudiance: [teachers]\n"
        "summary: x\nsources: [x]\nadded: 2014-13-01\ntitle: again\n",
        encoding="utf-8",
    )
    fields = {p.field for p in load_inventory(valid_data).problems}
    assert {"title", "type", "topics", "audiance", "added"} <= fields
    assert "audiences" not in fields  # the misspelt field is one problem, not two


@pytest.mark.parametrize("name", ["Bad_Name.yml", "two--hyphens.yml", "trailing-.yml", "UPPER.yml"])
def test_file_name_must_be_a_valid_id(valid_data: Path, name: str) -> None:
    shutil.copy(valid_data / "resources/nea/fixture-report.yml", valid_data / "resources/nea" / name)
    shutil.move(valid_data / "resources/nea/fixture-report.yml", valid_data.parent / "fixture-report.bak")
    problems = load_inventory(valid_data).problems
    assert [(p.path, p.line) for p in problems] == [(f"data/resources/nea/{name}", 1)]
    assert "not a valid record id" in problems[0].message


def test_duplicate_id_across_organizations(valid_data: Path) -> None:
    text = (valid_data / "resources/aft/fixture-toolkit.yml").read_text()
    text = text.replace("organization: aft", "organization: nea").replace("partners: [nea]", "partners: [aft]")
    text = text.replace("https://example.org/toolkit", "https://example.org/other")
    (valid_data / "resources/nea/fixture-toolkit.yml").write_text(text)
    problems = load_inventory(valid_data).problems
    assert [(p.path, p.line) for p in problems] == [
        ("data/resources/aft/fixture-toolkit.yml", 1),
        ("data/resources/nea/fixture-toolkit.yml", 1),
    ]
    assert "also used by data/resources/aft/fixture-toolkit.yml" in problems[1].message


def test_file_over_the_size_limit(valid_data: Path) -> None:
    big = valid_data / "resources/aft/big.yml"
    big.write_text("# " + "x" * MAX_FILE_BYTES + "\n")
    problems = load_inventory(valid_data).problems
    assert [(p.path, p.line) for p in problems] == [("data/resources/aft/big.yml", 1)]
    assert "the limit is" in problems[0].message


def test_zero_byte_file(valid_data: Path) -> None:
    (valid_data / "resources/aft/zero.yml").write_bytes(b"")
    problems = load_inventory(valid_data).problems
    assert [(p.path, p.line, p.field) for p in problems] == [("data/resources/aft/zero.yml", 1, "")]
    assert "empty" in problems[0].message


def test_yaml_extension_and_misplaced_files(valid_data: Path) -> None:
    shutil.copy(valid_data / "resources/aft/fixture-toolkit.yml", valid_data / "resources/aft/other.yaml")
    shutil.copy(valid_data / "resources/aft/fixture-toolkit.yml", valid_data / "resources/loose.yml")
    messages = {p.path: p.message for p in load_inventory(valid_data).problems}
    assert "rename it to other.yml" in messages["data/resources/aft/other.yaml"]
    assert "move it to data/resources/<organization>/<id>.yml" in messages["data/resources/loose.yml"]


def test_broken_vocabulary_is_reported_once(valid_data: Path) -> None:
    path = valid_data / "taxonomy.yml"
    path.write_text(path.read_text().replace("topics:", "topicz:", 1))
    problems = load_inventory(valid_data).problems
    assert {p.path for p in problems} == {"data/taxonomy.yml"}
    assert {p.field for p in problems} == {"topics", "topicz"}


def test_alias_bomb_is_rejected_without_expansion() -> None:
    # The "billion laughs": nine levels of nine aliases each. Expanding it would build
    # 9^9 strings; the reader must refuse the aliases and never expand them.
    lines = ['a0: &a0 "lol"']
    for level in range(1, 10):
        refs = ", ".join(f"*a{level - 1}" for _ in range(9))
        lines.append(f"a{level}: &a{level} [{refs}]")
    parsed = parse_yaml("\n".join(lines) + "\n", "bomb.yml")
    assert len(parsed.problems) == 10 + 81  # ten anchors, 81 aliases, each reported
    assert all("not allowed" in p.message for p in parsed.problems)


def test_bom_and_crlf_are_accepted(valid_data: Path) -> None:
    path = valid_data / "resources/nea/fixture-report.yml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert load_inventory(valid_data).problems == []


def test_yes_no_booleans_are_not_taken_as_text(valid_data: Path) -> None:
    path = valid_data / "resources/nea/fixture-report.yml"
    path.write_text(path.read_text() + "languages: [no]\n")
    problems = load_inventory(valid_data).problems
    assert [(p.line, p.field) for p in problems] == [(10, "languages[0]")]
    assert 'Put it in quotes: "no"' in problems[0].message


def test_self_assessment_is_validated(valid_data: Path) -> None:
    from helpers import ROOT

    planning = valid_data / "planning"
    planning.mkdir()
    text = (ROOT / "data/planning/self-assessment.yml").read_text(encoding="utf-8")
    (planning / "self-assessment.yml").write_text(text, encoding="utf-8")
    problems = load_inventory(valid_data).problems
    # The real file uses topics that the small fixture vocabulary does not have.
    assert problems and all(p.path == "data/planning/self-assessment.yml" for p in problems)
    assert any("'standards-background' is not a known topic" in p.message for p in problems)
    broken = text.replace("      - Leaders have not yet discussed the standards together.\n", "", 1)
    (planning / "self-assessment.yml").write_text(broken, encoding="utf-8")
    messages = [p.message for p in load_inventory(valid_data).problems]
    assert any("give one description per point of the scale: 4, not 3." in m for m in messages)


def test_real_self_assessment_loads() -> None:
    from helpers import ROOT

    inventory = load_inventory(ROOT / "data").inventory
    assert inventory is not None and inventory.self_assessment is not None
    assert [v for v, _ in inventory.self_assessment.scale] == [1, 2, 3, 4]
    assert len(inventory.self_assessment.dimensions) == 7


@pytest.mark.parametrize(
    "target",
    ["/etc/passwd", "resources/aft/fixture-toolkit.yml", "no-such-file.yml"],
    ids=["outside", "inside", "dangling"],
)
def test_symlinks_are_refused_not_followed(valid_data: Path, target: str) -> None:
    link = valid_data / "resources/nea/linked.yml"
    link.symlink_to(target if target.startswith("/") else valid_data / target)
    problems = load_inventory(valid_data).problems
    assert [(p.path, p.rule) for p in problems] == [("data/resources/nea/linked.yml", "symlink")]
    assert "root:" not in problems[0].message


def test_a_symlinked_folder_is_refused(valid_data: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.copy(valid_data / "resources/aft/fixture-toolkit.yml", outside / "other.yml")
    (valid_data / "resources/sap").symlink_to(outside)
    problems = load_inventory(valid_data).problems
    assert [(p.path, p.rule) for p in problems] == [("data/resources/sap", "symlink")]


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("guide.YML", "guide.yml"),
        ("guide.yml ", "guide.yml"),
        (".guide.yml", "guide.yml"),
        ("My Guide.Yaml", "my-guide.yml"),
    ],
)
def test_files_that_would_be_ignored_are_reported(valid_data: Path, name: str, suggestion: str) -> None:
    shutil.copy(valid_data / "resources/aft/fixture-toolkit.yml", valid_data / "resources/aft" / name)
    problems = load_inventory(valid_data).problems
    assert len(problems) == 1 and problems[0].rule == "file-extension"
    assert f"rename it to {suggestion}" in problems[0].message


def test_reserved_ids_are_refused_by_the_validator(valid_data: Path) -> None:
    (valid_data.parent / "docs" / "resources").mkdir(parents=True)
    (valid_data.parent / "docs/resources/index.md").write_text("# Resources\n")
    (valid_data.parent / "docs/resources/about.md").write_text("# About\n")
    for stem in ("index", "about"):
        text = (valid_data / "resources/aft/fixture-toolkit.yml").read_text()
        (valid_data / f"resources/aft/{stem}.yml").write_text(
            text.replace("example.org/toolkit", f"example.org/{stem}")
        )
    problems = [p for p in load_inventory(valid_data).problems if p.rule == "reserved-id"]
    assert sorted(p.path for p in problems) == ["data/resources/aft/about.yml", "data/resources/aft/index.yml"]
    assert all("would replace it" in p.message for p in problems)


MESSAGES = [
    # (change to the fixture record, the one message expected, text it must not contain)
    (("organization: aft", "organization: AFT"), "Write it as 'aft'.", "does not match the folder"),
    (("topics: [assessment, mathematics]", "topics: [assesment]"), "Did you mean 'assessment'?", "expected form"),
    (("added: 2014-02-27", "added: 2014-2-27"), "as 2014-02-27", "not a real date"),
    (('title: "Fixture Toolkit"', "title: no"), 'Put it in quotes: "no"', '"false"'),
    (("audiences: [teachers]", "audiance: [teachers]"), "Did you mean 'audiences'?", "is missing"),
]


@pytest.mark.parametrize(("change", "wanted", "unwanted"), MESSAGES, ids=lambda v: str(v)[:30])
def test_messages_say_the_fix_once(valid_data: Path, change: tuple[str, str], wanted: str, unwanted: str) -> None:
    path = valid_data / "resources/aft/fixture-toolkit.yml"
    text = path.read_text()
    assert change[0] in text
    path.write_text(text.replace(change[0], change[1]))
    problems = load_inventory(valid_data).problems
    assert len(problems) == 1, [p.as_text() for p in problems]
    assert wanted in problems[0].message and unwanted not in problems[0].message


def test_old_mac_line_endings_keep_the_schema_line(valid_data: Path) -> None:
    path = valid_data / "resources/aft/fixture-toolkit.yml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))
    assert load_inventory(valid_data).problems == []
