"""Variants of the hardening issue's classes about files and pages (issue 11, points 5-7,
9-10): symbolic links anywhere under data/, files nothing reads, ids and slugs that would
take a page's address, messages about folders and repeated addresses, and new_record.py.
The build refuses what the validator refuses, with the same messages and no traceback.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, copy_valid_data
from sitebuild import build, make_project

from macros.checking.loader import load_inventory

TOOLKIT = "resources/aft/fixture-toolkit.yml"


def another_resource(data: Path, where: str, url: str = "https://example.org/other", added: str = "") -> Path:
    """A copy of the fixture toolkit at `where` (under data/), with its own address (and date)."""
    text = (data / TOOLKIT).read_text(encoding="utf-8").replace("https://example.org/toolkit", url)
    if added:
        text = text.replace("added: 2014-02-27", f"added: {added}")
    target = data / where
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def move_behind_a_link(data: Path, relative: str) -> None:
    """Put data/<relative> elsewhere and a symbolic link to it in its place."""
    original = data / relative
    elsewhere = data.parent / "elsewhere" / original.name
    elsewhere.parent.mkdir(exist_ok=True)
    original.rename(elsewhere)
    original.symlink_to(elsewhere)


# --- symbolic links anywhere on the way, and files that are not plain files ----------------------

LINKED = ["planning", "schema", "schema/resource.schema.json", "taxonomy.yml", "resources", "case-studies"]


@pytest.mark.parametrize("relative", LINKED)
def test_a_link_anywhere_under_data_is_refused_once(valid_data: Path, relative: str) -> None:
    if relative == "planning":
        (valid_data / "planning").mkdir()
        shutil.copy(ROOT / "data/planning/self-assessment.yml", valid_data / "planning")
    move_behind_a_link(valid_data, relative)
    problems = load_inventory(valid_data).problems
    assert [(p.path, p.rule) for p in problems] == [(f"data/{relative}", "symlink")], problems


@pytest.mark.build
def test_a_data_folder_that_is_a_link_is_refused_by_the_validator_and_the_build(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", copy_valid_data(tmp_path / "in"))
    move_behind_a_link(project, "data")
    validator = [sys.executable, str(ROOT / "scripts/validate.py"), "--data", str(project / "data")]
    for result in (subprocess.run(validator, capture_output=True, text=True), build(project, tmp_path / "site")):
        output = result.stdout + result.stderr
        assert result.returncode == 1, output
        assert "data:1:1: this is a symbolic link" in output
        assert "Traceback" not in output


@pytest.mark.parametrize("target", ["/etc/passwd", "gone.yml"], ids=["outside", "dangling"])
def test_a_link_given_on_the_command_line_is_reported_not_followed(valid_data: Path, target: str) -> None:
    (valid_data / "resources/aft/linked.yml").symlink_to(target)
    command = [sys.executable, str(ROOT / "scripts/validate.py"), "--data", str(valid_data)]
    result = subprocess.run([*command, str(valid_data / "resources/aft/linked.yml")], capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("data/resources/aft/linked.yml:1:1: this is a symbolic link")
    assert "root:" not in result.stdout


def test_a_named_pipe_is_refused_without_waiting_for_it(valid_data: Path) -> None:
    os.mkfifo(valid_data / "resources/aft/pipe.yml")
    command = [sys.executable, str(ROOT / "scripts/validate.py"), "--data", str(valid_data)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)  # reading it would block
    assert result.returncode == 1
    assert "data/resources/aft/pipe.yml:1:1: this is not a plain file" in result.stdout


# --- files that nothing reads --------------------------------------------------------------------

NAMES = {
    "fixture-toolkit.yml~": "fixture-toolkit.yml is beside it: delete this one if it is a copy",
    "fixture-toolkit.yml.bak": "fixture-toolkit.yml is beside it: delete this one if it is a copy",
    "guide.yml.orig": "rename it to guide.yml",
    "guide.yml.": "rename it to guide.yml",
    "Guide.YAML": "rename it to guide.yml",
    ".DS_Store": "'.DS_Store' is not a record file and nothing reads it: remove it",
    "notes.txt": "'notes.txt' is not a record file and nothing reads it: remove it",
}


@pytest.mark.parametrize("name", sorted(NAMES))
def test_a_file_in_a_records_folder_is_told_what_to_do(valid_data: Path, name: str) -> None:
    shutil.copy(valid_data / TOOLKIT, valid_data / "resources/aft" / name)
    problems = load_inventory(valid_data).problems
    assert [(p.path, p.rule) for p in problems] == [(f"data/resources/aft/{name}", "file-extension")], problems
    assert NAMES[name] in problems[0].message


STRAY = {
    "notes.yml": "a record goes in data/resources/<organization>/<id>.yml or data/case-studies/<id>.yml",
    "planning/self-asessment.yml": "rename it to self-assessment.yml",
    "schema/notes.txt": "is not a data file of the inventory",
    "resources.csv": "is not a data file of the inventory",
    ".DS_Store": "is not a data file of the inventory",
}


@pytest.mark.parametrize("relative", sorted(STRAY))
def test_a_file_nothing_reads_is_reported(valid_data: Path, relative: str) -> None:
    (valid_data / relative).parent.mkdir(exist_ok=True)
    (valid_data / relative).write_text("title: x\n", encoding="utf-8")
    problems = load_inventory(valid_data).problems
    assert [(p.path, p.rule) for p in problems] == [(f"data/{relative}", "stray-file")], problems
    assert STRAY[relative] in problems[0].message


def test_a_shared_file_under_another_name_is_told_its_name(valid_data: Path) -> None:
    (valid_data / "taxonomy.yml").rename(valid_data / "Taxonomy.yaml")
    messages = {p.path: p.message for p in load_inventory(valid_data).problems}
    assert "rename it to taxonomy.yml" in messages["data/Taxonomy.yaml"]


def test_readme_files_are_not_stray(valid_data: Path) -> None:
    for folder in ("", "resources/", "resources/aft/", "schema/"):
        (valid_data / f"{folder}README.md").write_text("# Notes\n", encoding="utf-8")
    assert load_inventory(valid_data).problems == []


# --- ids and slugs that would take the address of a page -----------------------------------------


@pytest.mark.parametrize("vocabulary", ["types", "locales", "languages"])
def test_index_is_refused_as_the_slug_of_any_vocabulary(valid_data: Path, vocabulary: str) -> None:
    taxonomy = valid_data / "taxonomy.yml"
    lines = taxonomy.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith(f"{vocabulary}:"))
    lines.insert(at + 1, "  - {slug: index, label: Index, description: A page name.}\n")
    taxonomy.write_text("".join(lines), encoding="utf-8")
    problems = load_inventory(valid_data).problems
    assert [(p.line, p.field, p.rule) for p in problems] == [(at + 2, f"{vocabulary}[0].slug", "reserved-id")]


@pytest.mark.parametrize(
    ("page", "record"),
    [
        ("resources/guide/index.md", "resources/aft/guide.yml"),
        ("resources/Guide.md", "resources/aft/guide.yml"),
        ("case-studies/about/README.md", "case-studies/about.yml"),
    ],
)
def test_a_hand_written_page_in_any_form_is_not_replaced(valid_data: Path, page: str, record: str) -> None:
    written = valid_data.parent / "docs" / page
    written.parent.mkdir(parents=True)
    written.write_text("# A page\n", encoding="utf-8")
    if record.startswith("resources/"):
        another_resource(valid_data, record)
    else:
        shutil.copy(valid_data / "case-studies/fixture-district.yml", valid_data / record)
    problems = load_inventory(valid_data).problems
    assert [(p.path, p.rule) for p in problems] == [(f"data/{record}", "reserved-id")], problems


@pytest.mark.build
def test_two_files_for_one_address_stop_the_build(tmp_path: Path) -> None:
    # The validator cannot see the site's own files: the build is the last line.
    project = make_project(tmp_path / "project", copy_valid_data(tmp_path / "in"))
    (project / "docs/data").mkdir()
    (project / "docs/data/resources.json").write_text("{}\n", encoding="utf-8")
    result = build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "The generated data/resources.json and docs/data/resources.json would both be written" in output
    assert "Traceback" not in output


# --- messages about folders and repeated addresses --------------------------------------------------


@pytest.mark.parametrize("folder", ["AFT", "my org", "xyz"])
def test_a_folder_that_is_no_organization_is_never_suggested(valid_data: Path, folder: str) -> None:
    another_resource(valid_data, f"resources/{folder}/guide.yml")
    problems = load_inventory(valid_data).problems
    assert len(problems) == 1, problems
    assert "move the file to data/resources/aft/" in problems[0].message
    assert f"set 'organization: {folder}'" not in problems[0].message


@pytest.mark.parametrize(
    "url",
    ["http://example.org/toolkit", "https://www.example.org/toolkit", "https://EXAMPLE.org/toolkit/#top"],
)
def test_the_same_address_written_otherwise_is_a_duplicate(valid_data: Path, url: str) -> None:
    another_resource(valid_data, "resources/aft/newer.yml", url, added="2014-03-05")
    # The pull request adds newer.yml (scripts/validate.py --changed-files): it is the one told.
    problems = load_inventory(valid_data, changed=["data/resources/aft/newer.yml"]).problems
    assert [(p.path, p.field, p.rule) for p in problems] == [("data/resources/aft/newer.yml", "url", "duplicate-url")]
    assert f"already the url of data/{TOOLKIT}" in problems[0].message


def test_without_the_changed_files_both_are_told(valid_data: Path) -> None:
    """`added` is the contributor's word: an earlier date does not shift the blame."""
    first = "resources/aft/aaa-first-by-name.yml"
    another_resource(valid_data, first, "https://example.org/toolkit", added="2001-01-01")
    problems = load_inventory(valid_data).problems
    assert sorted(p.path for p in problems) == ["data/resources/aft/aaa-first-by-name.yml", f"data/{TOOLKIT}"]
    assert all("is also the url of" in p.message for p in problems)


def test_placeholders_are_not_duplicate_addresses(valid_data: Path) -> None:
    for title in ("One guide", "Another guide"):
        new_record(valid_data, "--organization", "aft", "--title", title)
    problems = load_inventory(valid_data).problems
    assert problems and {p.rule for p in problems} == {"placeholder"}


# --- new_record.py ---------------------------------------------------------------------------------


def new_record(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(ROOT / "scripts/new_record.py"), "--data", str(data), "resource", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(
    ("title", "wanted"),
    [
        ("Hid\u202eden", "U+202E"),
        ("Line\u2028break", "U+2028"),
        ("\u3164", "no visible character"),
        ("https://www.aft.org@evil.example", "in front of its host"),
        ("Tag\U000e0041s", "tag character"),
    ],
)
def test_new_record_refuses_a_title_the_validator_would_refuse(valid_data: Path, title: str, wanted: str) -> None:
    result = new_record(valid_data, "--organization", "aft", "--title", title)
    assert result.returncode == 2
    assert result.stderr.startswith("new_record.py: error: title: ") and wanted in result.stderr
    assert len(result.stderr.splitlines()) == 1  # on one line
    assert title.isascii() or title not in result.stderr  # its characters escaped
    assert sorted(p.name for p in (valid_data / "resources/aft").iterdir()) == ["fixture-toolkit.yml"]


@pytest.mark.parametrize("args", [["--title", "Index"], ["--title", "A guide", "--id", "index"]])
def test_new_record_refuses_an_id_that_names_a_page(valid_data: Path, args: list[str]) -> None:
    result = new_record(valid_data, "--organization", "NEA", *args)
    assert result.returncode == 1
    assert "the id 'index' is the name of a page of the site (/resources/index/)" in result.stderr
    assert not (valid_data / "resources/nea/index.yml").exists()


@pytest.mark.parametrize(("organization", "guess"), [("N E A", "nea"), ("afl", "aft"), ("AFL", "aft")])
def test_new_record_suggests_the_organization_meant(valid_data: Path, organization: str, guess: str) -> None:
    result = new_record(valid_data, "--organization", organization, "--title", "A guide")
    assert result.returncode == 2
    assert f"Did you mean '{guess}'? Use one of: aft, nea, sap" in result.stderr


@pytest.mark.parametrize("organization", ["NEA", " nea ", "Nea"])
def test_new_record_takes_the_organization_in_any_case_and_warns_about_a_close_title(
    valid_data: Path, organization: str
) -> None:
    result = new_record(valid_data, "--organization", organization, "--title", "Fixture Toolkits")
    assert result.returncode == 0, result.stderr
    assert "is very close to the title of data/resources/aft/fixture-toolkit.yml" in result.stderr
    assert (valid_data / "resources/nea/fixture-toolkits.yml").is_file()


@pytest.mark.build
def test_the_build_log_holds_no_forged_command(tmp_path: Path) -> None:
    data = copy_valid_data(tmp_path / "in")
    names = ["\\n::error file=README.md::forged", "::stop-commands::token", "##[error]old form", "\\u2028::warning::x"]
    for index, name in enumerate(names):
        another_resource(data, f"resources/aft/hostile-{index}.yml", f"https://example.org/{index}")
        with (data / f"resources/aft/hostile-{index}.yml").open("a", encoding="utf-8") as handle:
            handle.write(f'"{name}": 1\n')
    project = make_project(tmp_path / "project", data)
    result = build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "The site was not built." in output
    lines = output.replace("\u2028", "\n").replace("\x85", "\n").splitlines()
    assert [line for line in lines if line.lstrip().startswith("::") or "##[" in line] == []
    assert sum("hostile-" in line for line in lines) == len(names)
