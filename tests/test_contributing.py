"""The contributor path: scaffold, template, issue form, pre-commit, workflows, a simulated PR."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from helpers import FIXTURES, ROOT
from sitebuild import build, make_project

from macros.checking.loader import PLACEHOLDER, load_inventory

SCRIPTS = ROOT / "scripts"
BIN = Path(sys.executable).parent


def run(script: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPTS / script), *args], capture_output=True, text=True, timeout=120, env=env
    )


# Values a contributor would write in place of each placeholder, by field.
FILLED = {
    "title": '"Fixture Guide"',
    "organization": "aft",
    "year": "2014",
    "type": "toolkit",
    "topics": "assessment",
    "audiences": "teachers",
    "url": '"https://example.org/new-guide"',
    "summary": '"A guide written for the test."',
    "sources": '"https://example.org/source (the test)"',
    "added": "2014-02-27",
    "unions": '"Fixture Teachers Union (AFT)"',
    "years": '"2012 to the present"',
    "practices": "peer-review",
    "story": "What the partners did.",
}


def fill_placeholders(text: str) -> str:
    """Replace every `<<fill in: …>>` the way a contributor would."""
    out = []
    field = None
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            out.append(line)
            continue
        key = re.match(r"^([a-z_]+):", line)
        if key:
            field = key.group(1)
        if PLACEHOLDER in line:
            assert field in FILLED, f"no test value for the placeholder of {field!r}: {line}"
            value = FILLED[field]
            line = re.sub(r'"?<<fill in:.*?>>"?', value, line) if ">>" in line else re.sub(r"<<fill in:.*", value, line)
        elif line.strip().endswith(">>"):  # the end of a placeholder spanning two lines (story)
            continue
        out.append(line)
    return "\n".join(out) + "\n"


# --- the scaffold ------------------------------------------------------------------------------


def test_help() -> None:
    for args in (["--help"], ["resource", "--help"], ["case-study", "--help"]):
        result = run("new_record.py", *args)
        assert result.returncode == 0
        assert "usage: new_record.py" in result.stdout


@pytest.mark.parametrize(
    ("args", "path"),
    [
        (
            ["resource", "--organization", "aft", "--title", "Fixture Guide: Planning Together"],
            "resources/aft/fixture-guide-planning-together.yml",
        ),
        (
            ["case-study", "--district", "Fixture Valley Schools", "--state", "oh"],
            "case-studies/fixture-valley-schools.yml",
        ),
    ],
)
def test_scaffold_writes_a_file_that_validates_once_filled(valid_data: Path, args: list[str], path: str) -> None:
    result = run("new_record.py", "--data", str(valid_data), *args)
    assert result.returncode == 0, result.stderr
    written = valid_data / path
    text = written.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    # As written, the placeholders are refused...
    problems = load_inventory(valid_data).problems
    assert problems and all("placeholder" in p.message for p in problems)
    assert {p.path for p in problems} == {f"data/{path}"}
    # ...and once they are filled in, the file is valid.
    written.write_text(fill_placeholders(text), encoding="utf-8")
    assert load_inventory(valid_data).problems == []


def test_scaffold_refuses_to_overwrite(valid_data: Path) -> None:
    args = ["--data", str(valid_data), "resource", "--organization", "nea", "--title", "Fixture Report"]
    result = run("new_record.py", *args)
    assert result.returncode == 1
    assert "already exists" in result.stderr
    assert (valid_data / "resources/nea/fixture-report.yml").read_text().startswith("# yaml-language-server")


def test_scaffold_refuses_an_id_used_in_another_folder(valid_data: Path) -> None:
    result = run(
        "new_record.py", "--data", str(valid_data), "resource", "--organization", "nea", "--title", "Fixture Toolkit"
    )
    assert result.returncode == 1
    assert "already used by data/resources/aft/fixture-toolkit.yml" in result.stderr


def test_scaffold_rejects_an_unknown_organization(valid_data: Path) -> None:
    result = run("new_record.py", "--data", str(valid_data), "resource", "--organization", "afl", "--title", "X")
    assert result.returncode == 2
    assert "unknown organization 'afl'. Did you mean 'aft'? Use one of: aft, nea, sap" in result.stderr
    assert not list((valid_data / "resources").glob("afl/*"))


@pytest.mark.parametrize("organization", ["NEA", "Nea", " nea ", "nea\t"])
def test_scaffold_accepts_the_organization_in_any_case(valid_data: Path, organization: str) -> None:
    result = run(
        "new_record.py", "--data", str(valid_data), "resource", "--organization", organization, "--title", "New Guide"
    )
    assert result.returncode == 0, result.stderr
    written = valid_data / "resources/nea/new-guide.yml"
    assert "\norganization: nea\n" in written.read_text(encoding="utf-8")
    assert result.stderr == ""  # a new title: no warning


@pytest.mark.parametrize(
    ("title", "extra", "how"),
    [
        ("fixture   REPORT", ["--id", "another-report"], "has the same title as"),
        (" Fixture Report ", ["--id", "another-report"], "has the same title as"),
        ("Fixture Reports", [], "is very close to the title of"),
        ("The Fixture Report", [], "is very close to the title of"),
    ],
)
def test_scaffold_warns_about_a_title_already_in_the_inventory(
    valid_data: Path, title: str, extra: list[str], how: str
) -> None:
    args = ["--data", str(valid_data), "resource", "--organization", "aft", "--title", title, *extra]
    result = run("new_record.py", *args)
    assert result.returncode == 0, result.stderr  # a warning, not an error: the file is written
    assert "Wrote data/resources/aft/" in result.stdout
    warnings = result.stderr.splitlines()
    assert len(warnings) == 1, result.stderr
    assert warnings[0].startswith("new_record.py: warning: ")
    assert how in warnings[0]
    assert "data/resources/nea/fixture-report.yml" in warnings[0]


def test_scaffold_warns_about_a_district_already_in_the_inventory(valid_data: Path) -> None:
    args = ["--data", str(valid_data), "case-study", "--district", "Fixture district", "--state", " oh"]
    result = run("new_record.py", *args, "--id", "fixture-district-2")
    assert result.returncode == 0, result.stderr
    assert "has the same district as data/case-studies/fixture-district.yml" in result.stderr


def test_scaffold_rejects_a_bad_state(valid_data: Path) -> None:
    result = run(
        "new_record.py", "--data", str(valid_data), "case-study", "--district", "X District", "--state", "Ohio"
    )
    assert result.returncode == 2
    assert "'Ohio' is not a state code" in result.stderr


def test_contributing_template_validates_once_filled(valid_data: Path) -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    template = re.search(r"## The template\n\n```yaml\n(.*?)```", text, re.DOTALL)
    assert template, "CONTRIBUTING.md has no template block"
    target = valid_data / "resources/aft/fixture-guide.yml"
    target.write_text(template.group(1), encoding="utf-8")
    problems = load_inventory(valid_data).problems
    assert problems, "the template as written must be refused (it holds placeholders)"
    assert all("placeholder" in p.message for p in problems)
    target.write_text(fill_placeholders(template.group(1)), encoding="utf-8")
    assert load_inventory(valid_data).problems == []


def test_contributing_example_is_the_real_record() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    example = (ROOT / "data/resources/cgcs/cgcs-parent-roadmaps.yml").read_text(encoding="utf-8")
    assert example in text


# --- a simulated contributor's pull request ----------------------------------------------------


@pytest.mark.build
def test_a_contributor_pull_request(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "data", repo / "data")
    shutil.copytree(ROOT / "scripts", repo / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    make_project(repo, repo / "data")
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}

    # 1. Add a record the way CONTRIBUTING.md says (path 2: the scaffold, then fill it in).
    scaffold = subprocess.run(
        [sys.executable, "scripts/new_record.py", "resource", "--organization", "aft", "--title", "Fixture Guide"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
    )
    assert scaffold.returncode == 0, scaffold.stderr
    record = repo / "data/resources/aft/fixture-guide.yml"
    filled = fill_placeholders(record.read_text(encoding="utf-8"))
    record.write_text(
        filled.replace("topics: [assessment]", "topics: [assessment, family-engagement]"), encoding="utf-8"
    )
    validate = subprocess.run(
        [sys.executable, "scripts/validate.py"], cwd=repo, capture_output=True, text=True, env=env
    )
    assert validate.returncode == 0, validate.stdout
    resources = len(list((repo / "data/resources").rglob("*.yml")))  # the new one included
    assert f"({resources} resources," in validate.stdout
    site = tmp_path / "site"
    built = build(repo, site)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "Fixture Guide" in (site / "resources/fixture-guide/index.html").read_text()

    # 2. A broken record: the check fails and annotates the right file and line.
    shutil.copy(FIXTURES / "invalid/resources/unknown-field.yml", repo / "data/resources/aft/broken-guide.yml")
    github = {**env, "GITHUB_ACTIONS": "true"}
    failed = subprocess.run(
        [sys.executable, "scripts/validate.py"], cwd=repo, capture_output=True, text=True, env=github
    )
    assert failed.returncode == 1
    annotations = [line for line in failed.stdout.splitlines() if line.startswith("::error ")]
    assert (
        "::error file=data/resources/aft/broken-guide.yml,line=7,col=1,title=Invalid record::audiance: "
        in "\n".join(annotations)
    )
    assert annotations and all("broken-guide.yml" in line for line in annotations)
    assert build(repo, tmp_path / "site2").returncode != 0


# --- the issue form, pre-commit, the vocabulary ------------------------------------------------

FORM = ROOT / ".github/ISSUE_TEMPLATE/suggest-resource.yml"


def test_issue_form_is_up_to_date() -> None:
    result = run("issue_form.py", "--check")
    assert result.returncode == 0, result.stdout


def test_issue_form_options_equal_the_vocabulary() -> None:
    form = yaml.safe_load(FORM.read_text(encoding="utf-8"))
    inventory = load_inventory(ROOT / "data").inventory
    assert inventory is not None
    dropdowns = {item["id"]: item["attributes"]["options"] for item in form["body"] if item["type"] == "dropdown"}

    def slugs(options: list[str]) -> list[str]:
        return [re.fullmatch(r".* \(([a-z0-9-]+)\)", option).group(1) for option in options]  # type: ignore[union-attr]

    assert slugs(dropdowns["organization"]) == list(inventory.organizations)
    assert slugs(dropdowns["partners"]) == list(inventory.organizations)
    for field, vocabulary in [
        ("type", "types"),
        ("topics", "topics"),
        ("audiences", "audiences"),
        ("grade_bands", "grade_bands"),
        ("languages", "languages"),
    ]:
        assert slugs(dropdowns[field]) == list(inventory.taxonomy[vocabulary]), field


def test_issue_form_check_detects_drift(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    taxonomy = data / "taxonomy.yml"
    taxonomy.write_text(
        taxonomy.read_text().replace(
            "  - slug: video\n", "  - slug: podcast\n    label: Podcast\n    description: Audio.\n  - slug: video\n", 1
        )
    )
    result = run("issue_form.py", "--check", "--data", str(data))
    assert result.returncode == 1
    assert "out of date" in result.stdout


def test_github_files_match_github_schemas() -> None:
    for schema, files in [
        ("vendor.github-workflows", sorted((ROOT / ".github/workflows").glob("*.yml"))),
        ("vendor.github-issue-forms", [FORM]),
    ]:
        result = subprocess.run(
            [str(BIN / "check-jsonschema"), "--builtin-schema", schema, *map(str, files)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_pre_commit_config_is_valid_and_runs_the_validator() -> None:
    config = ROOT / ".pre-commit-config.yaml"
    result = subprocess.run([str(BIN / "pre-commit"), "validate-config", str(config)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    hooks = {hook["id"]: hook for repo in yaml.safe_load(config.read_text())["repos"] for hook in repo["hooks"]}
    assert hooks["validate-data"]["entry"].endswith("scripts/validate.py")
    assert re.search(hooks["validate-data"]["files"], "data/resources/aft/x.yml")
    assert {"ruff-check", "ruff-format"} <= set(hooks)


# --- the workflows -------------------------------------------------------------------------------

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))


def test_workflows_pass_the_zizmor_audit() -> None:
    result = subprocess.run(
        [str(BIN / "zizmor"), "--offline", "--min-severity", "medium", str(ROOT / ".github/workflows")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_actions_are_pinned_to_commit_shas() -> None:
    for workflow in WORKFLOWS:
        for line in workflow.read_text().splitlines():
            match = re.search(r"uses:\s*(\S+)", line)
            if match:
                assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", match.group(1)), (workflow.name, line)
                assert re.search(r"# v\d", line), f"{workflow.name}: say which version the SHA is: {line}"


def test_checkouts_do_not_persist_credentials() -> None:
    for workflow in WORKFLOWS:
        data = yaml.safe_load(workflow.read_text())
        for job in data["jobs"].values():
            for step in job.get("steps", []):
                if "actions/checkout@" in step.get("uses", ""):
                    assert step["with"]["persist-credentials"] is False, workflow.name


def test_workflows_call_the_readme_make_targets() -> None:
    readme = (ROOT / "README.md").read_text()
    makefile = (ROOT / "Makefile").read_text()
    ci = (ROOT / ".github/workflows/ci.yml").read_text()
    assert "run: make test" in ci, "CI must run the README's test command"
    assert "make test" in (ROOT / ".ci/run").read_text()
    for workflow in WORKFLOWS:
        for target in re.findall(r"\bmake ([a-z-]+)", workflow.read_text()):
            assert f"make {target}" in readme, (
                f"{workflow.name} runs `make {target}`, which the README does not document"
            )
            assert re.search(rf"^{target}:", makefile, re.MULTILINE), f"no `{target}` target in the Makefile"


def test_link_report_marks_known_dead_addresses() -> None:
    inventory = load_inventory(ROOT / "data").inventory
    assert inventory is not None
    known = [r for r in inventory.resources if r.url_status]
    assert known
    ignore = run("link_report.py", "ignore-file").stdout.splitlines()
    for resource in known:
        assert any(re.search(pattern, resource.url) for pattern in ignore), resource.url
    live = next(r for r in inventory.resources if r.url and not r.url_status)
    assert not any(re.search(pattern, live.url) for pattern in ignore[2:])
    report = run("link_report.py", "report", str(ROOT / "README.md")).stdout
    for resource in known:
        assert f"- `{resource.url}` (`{resource.url_status}`): `{resource.path}`" in report
    assert "```text\n" in report  # lychee's report is fenced: no address in it becomes markup


def test_link_report_never_pastes_an_address_as_markup(tmp_path: Path) -> None:
    """A hostile address in lychee's report or in the data stays text in the issue."""
    from scripts.link_report import code_block, code_span

    assert code_span("https://x.org/a`b") == "``https://x.org/a`b``"
    assert code_span("`x") == "`` `x ``"
    block = code_block("[x](https://evil.example) @someone ```` ![i](https://evil.example/i.png)")
    assert block.startswith("`````text\n") and block.endswith("\n`````")
    lychee = tmp_path / "lychee.md"
    lychee.write_text("* [404] <https://example.org/@team> | ![x](https://example.org/x.png)\n")
    report = run("link_report.py", "report", str(lychee)).stdout
    assert "```text\n* [404] <https://example.org/@team>" in report


def test_link_report_shows_addresses_as_written_never_as_markdown() -> None:
    """An address in a record is the contributor's text: in the issue it is a code span (no
    link, no @mention, no HTML), and lychee's report a fenced block."""
    from scripts.link_report import report_text

    hostile = SimpleNamespace(path="data/resources/aft/x.yml")
    way = SimpleNamespace(
        gone="https://example.org/@maintainers/`x`/**bold**",
        status="probably-dead",
        address="https://web.archive.org/web/2014/https://example.org/",
    )
    body = report_text([(hostile, way)], "[ERR] https://example.org/@team ```\n<img src=x>")
    assert "- ``https://example.org/@maintainers/`x`/**bold**`` (`probably-dead`)" in body
    assert "````text\n[ERR] https://example.org/@team ```\n<img src=x>\n````" in body
    outside = re.sub(r"(`+)text\n.*?\n\1|(`+).*?\2", "", body, flags=re.DOTALL)
    assert "@" not in outside and "<img" not in outside and "**" not in outside


def test_make_help_aligns_every_description() -> None:
    result = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    documented = re.findall(r"^([a-z-]+):.*## (.+)$", (ROOT / "Makefile").read_text(), re.MULTILINE)
    assert len(documented) >= 10
    assert len(lines) == len(documented)
    columns = set()
    for line, (target, description) in zip(lines, documented, strict=True):
        match = re.fullmatch(r"  make (\S+)( +)(.+)", line)
        assert match, line
        assert (match[1], match[3]) == (target, description)
        assert len(match[2]) >= 2, f"{target}: at least two spaces before the description"
        columns.add(match.start(3))
    assert len(columns) == 1, f"descriptions start in columns {sorted(columns)}:\n{result.stdout}"
    assert columns == {len("  make ") + max(len(t) for t, _ in documented) + 2}


def test_make_passes_titles_with_quotes_and_any_case_of_organization() -> None:
    # -n prints the commands without running them: the values come from the environment.
    env = {k: v for k, v in os.environ.items() if k not in ("ORG", "TITLE")}
    result = subprocess.run(
        ["make", "-n", "-o", ".venv/.installed", "new-resource", "ORG=NEA", 'TITLE=A "B" C'],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert '--organization "$ORG" --title "$TITLE"' in result.stdout
