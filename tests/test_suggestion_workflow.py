"""The suggestion workflow (.github/workflows/suggestion.yml): what it runs on and may do,
and its shell steps run for real, with git and a local repository as the remote and a
stand-in for the GitHub CLI (tests/fake_gh.py), through new, edited and refused
suggestions, a fork's pull request on the same branch name and a stale branch."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import FIXTURES, ROOT, copy_valid_data

FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "suggest-resource.yml"
WORKFLOW = ROOT / ".github" / "workflows" / "suggestion.yml"
BODIES = FIXTURES / "suggestions"
OWNER, NAME = "example", "inventory"
NUMBER = 7


def workflow() -> dict[str, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def form_label() -> str:
    return yaml.safe_load(FORM.read_text(encoding="utf-8"))["labels"][0]


# --- what the workflow runs on, and may do --------------------------------------------------


def test_workflow_runs_on_issues_with_the_form_label() -> None:
    data = workflow()
    on = data[True] if True in data else data["on"]  # PyYAML reads the key `on` as True
    assert set(on) == {"issues"}
    assert set(on["issues"]["types"]) == {"opened", "edited", "labeled"}
    label = form_label()
    (job,) = data["jobs"].values()
    assert f"contains(github.event.issue.labels.*.name, '{label}')" in job["if"]
    assert f"github.event.label.name == '{label}'" in job["if"]


def test_workflow_permissions_and_limits() -> None:
    data = workflow()
    assert data["permissions"] == {}
    (job,) = data["jobs"].values()
    assert job["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    assert "github.event.issue.number" in data["concurrency"]["group"]
    # A run cancelled half-way could leave a pull request without its comment.
    assert data["concurrency"]["cancel-in-progress"] is False
    assert 0 < job["timeout-minutes"] <= 30


def test_workflow_never_interpolates_user_text_into_commands() -> None:
    data = workflow()
    (job,) = data["jobs"].values()
    steps = job["steps"]
    for step in steps:
        assert "${{" not in step.get("run", ""), step.get("name")
    body_steps = [s for s in steps if "BODY" in s.get("env", {})]
    assert len(body_steps) == 1
    step = body_steps[0]
    assert step["env"]["BODY"] == "${{ github.event.issue.body }}"
    assert "printf '%s' \"$BODY\"" in step["run"]
    assert "scripts/suggestion_to_record.py" in step["run"]
    assert "github.event.issue.title" not in WORKFLOW.read_text(encoding="utf-8")  # titles are made from the id


def test_workflow_pins_actions_as_the_other_workflows_do() -> None:
    pins: dict[str, set[str]] = {}
    for path in sorted((ROOT / ".github/workflows").glob("*.yml")):
        for action, sha, version in re.findall(r"uses:\s*([\w./-]+)@([0-9a-f]{40}) # (v[\d.]+)", path.read_text()):
            pins.setdefault(action, set()).add(f"{sha} {version}")
    used = re.findall(r"uses:\s*([\w./-]+)@", WORKFLOW.read_text())
    assert used
    for action in used:
        assert len(pins[action]) == 1, f"{action} is pinned differently across workflows: {pins[action]}"
    for step in workflow()["jobs"]["suggestion"]["steps"]:
        if "actions/checkout@" in step.get("uses", ""):
            assert step["with"]["persist-credentials"] is False


# --- the steps, run ----------------------------------------------------------------------------


def git(*args: str, cwd: Path | None = None, check: bool = True) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=check)
    return result.stdout.strip()


@dataclass
class Job:
    outputs: dict[str, str]
    ran: list[str]  # the names of the steps that ran
    log: str
    failed: bool


class GitHub:
    """One repository "on GitHub": a bare git repository holding the project's scripts and
    the fixture data on `main`, and the fake CLI's state (pull requests, comments)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.remote = root / "github" / OWNER / f"{NAME}.git"
        self.state = root / "state.json"
        self.state.write_text(json.dumps({"pulls": [], "comments": []}), encoding="utf-8")
        self.bin = root / "bin"
        self.bin.mkdir()
        gh = self.bin / "gh"
        gh.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{ROOT / "tests" / "fake_gh.py"}" "$@"\n')
        gh.chmod(0o755)
        self.env = {
            "PATH": f"{self.bin}{os.pathsep}{os.environ['PATH']}",
            "HOME": str(root),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GITHUB_SERVER_URL": f"file://{root / 'github'}",
            "GITHUB_REPOSITORY": f"{OWNER}/{NAME}",
            "GITHUB_REPOSITORY_OWNER": OWNER,
            "GITHUB_RUN_ID": "4242",
            "FAKE_GH_STATE": str(self.state),
            "FAKE_GH_REMOTE": str(self.remote),
        }
        self.runs = 0
        project = root / "project"
        copy_valid_data(project)
        for folder in ("scripts", "macros", ".github"):
            shutil.copytree(ROOT / folder, project / folder, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(ROOT / ".gitignore", project / ".gitignore")
        git("init", "--quiet", "--bare", "--initial-branch=main", str(self.remote))
        git("init", "--quiet", "--initial-branch=main", cwd=project)
        git("add", ".", cwd=project)
        git("-c", "user.name=Maintainer", "-c", "user.email=m@example.org", "commit", "-qm", "Start", cwd=project)
        git("push", "--quiet", str(self.remote), "main", cwd=project)

    def data(self) -> dict[str, Any]:
        return json.loads(self.state.read_text(encoding="utf-8"))

    def change(self, **changes: Any) -> None:
        self.state.write_text(json.dumps({**self.data(), **changes}), encoding="utf-8")

    def branch(self, name: str = f"suggestion/{NUMBER}") -> str:
        """The branch's tip on the remote, or "" when it has no such branch."""
        return git("--git-dir", str(self.remote), "rev-parse", "--verify", "--quiet", f"refs/heads/{name}", check=False)

    def files_added(self, name: str = f"suggestion/{NUMBER}") -> list[str]:
        """The branch's files that main does not have, and its commits on top of main."""
        log = git("--git-dir", str(self.remote), "rev-list", f"main..{name}").splitlines()
        assert len(log) == 1, f"the branch is one commit on top of main, not {len(log)}"
        diff = git("--git-dir", str(self.remote), "diff", "--name-status", "main", name)
        assert all(line.startswith("A\t") for line in diff.splitlines()), diff
        return [line.split("\t", 1)[1] for line in diff.splitlines()]

    def run(self, body: str, district: bool = False) -> Job:
        """The job of one `issues` event: a fresh checkout of main, then each step whose
        `if` holds, as GitHub runs it (bash -e -o pipefail), with its `env`. `district`:
        the issue has the "Share your district's work" form's label."""
        self.runs += 1
        temp = self.root / f"run-{self.runs}"
        work = temp / "work"
        temp.mkdir()
        git("clone", "--quiet", "--depth", "1", f"file://{self.remote}", str(work))
        (work / ".venv").symlink_to(ROOT / ".venv")  # `make setup`, done once for the tests
        output = temp / "output"
        output.write_text("")
        outputs: dict[str, str] = {}
        expressions = {
            "${{ github.event.issue.body }}": body,
            "${{ github.token }}": "token-for-the-test",
            "${{ github.event.issue.number }}": str(NUMBER),
            "${{ github.event.repository.default_branch }}": "main",
            "${{ contains(github.event.issue.labels.*.name, 'district suggestion') }}": str(district).lower(),
        }
        ran, log, failed = [], [], False
        for step in workflow()["jobs"]["suggestion"]["steps"]:
            if "uses" in step or step["run"].strip() == "make setup":
                continue  # check-out, Python and the packages: done above
            if not self.holds(step.get("if"), outputs, failed):
                continue
            expressions["${{ steps.record.outputs.path }}"] = outputs.get("path", "")
            env = {**os.environ, **self.env, "RUNNER_TEMP": str(temp), "GITHUB_OUTPUT": str(output)}
            env |= {name: expressions[value] for name, value in step.get("env", {}).items()}
            script = temp / f"step-{len(ran)}.sh"
            script.write_text(step["run"], encoding="utf-8")
            result = subprocess.run(
                ["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", str(script)],
                cwd=work,
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
            )
            ran.append(step["name"])
            log.append(f"## {step['name']}\n{result.stdout}{result.stderr}")
            failed = failed or result.returncode != 0
            if step.get("id"):
                lines = output.read_text(encoding="utf-8").splitlines()
                outputs = dict(line.split("=", 1) for line in lines)
        return Job(outputs, ran, "\n".join(log), failed)

    @staticmethod
    def holds(condition: str | None, outputs: dict[str, str], failed: bool) -> bool:
        """The `if` expressions the workflow's steps use (another one fails the test)."""
        if condition is None:
            return not failed
        if condition == "failure()":
            return failed
        match = re.fullmatch(r"steps\.record\.outputs\.path (==|!=) ''", condition)
        assert match, f"the test does not know the condition {condition!r}: teach GitHub.holds"
        return not failed and (outputs.get("path", "") == "") == (match.group(1) == "==")


@pytest.fixture
def github(tmp_path: Path) -> GitHub:
    return GitHub(tmp_path)


MESSY = (BODIES / "messy.md").read_text(encoding="utf-8")
RECORD = "data/resources/aft/fixture-messy-guide.yml"


def comments(github: GitHub) -> list[str]:
    found = github.data()["comments"]
    assert all(comment["issue"] == NUMBER for comment in found)
    return [comment["body"] for comment in found]


def test_a_new_suggestion_becomes_a_pull_request_and_one_comment(github: GitHub) -> None:
    # Text that a shell would run, were the body ever spliced into a command.
    body = MESSY.replace("around it.", "around it. $(touch ../pwned) `touch ../pwned2` ${HOME}")
    job = github.run(body)
    assert not job.failed, job.log
    assert job.outputs == {"path": RECORD}
    assert github.files_added() == [RECORD]
    (pull,) = github.data()["pulls"]
    assert (pull["head_owner"], pull["head_ref"], pull["base"]) == (OWNER, f"suggestion/{NUMBER}", "main")
    assert pull["title"] == "Add resource: fixture-messy-guide"
    assert f"Closes #{NUMBER}." in pull["body"] and RECORD in pull["body"]
    (comment,) = comments(github)
    assert pull["html_url"] in comment
    assert not list(github.root.rglob("pwned*"))
    record = git("--git-dir", str(github.remote), "show", f"suggestion/{NUMBER}:{RECORD}")
    assert "$(touch ../pwned) `touch ../pwned2` ${HOME}" in record

    # The `labeled` event that comes with `opened`: the pull request is up to date.
    tip = github.branch()
    again = github.run(body)
    assert not again.failed, again.log
    assert "already holds this record: nothing to do" in again.log
    assert github.branch() == tip
    assert len(github.data()["pulls"]) == 1 and len(comments(github)) == 1


def test_an_edit_updates_the_pull_request(github: GitHub) -> None:
    assert not github.run(MESSY).failed
    (first,) = github.data()["pulls"]
    edited = MESSY.replace("Fixture Messy Guide", "Fixture Tidy Guide")
    job = github.run(edited)
    assert not job.failed, job.log
    # The branch made anew: the new record only, the old one gone.
    assert github.files_added() == ["data/resources/aft/fixture-tidy-guide.yml"]
    (pull,) = github.data()["pulls"]
    assert pull["number"] == first["number"]
    assert pull["title"] == "Add resource: fixture-tidy-guide"
    assert "fixture-tidy-guide.yml" in pull["body"]
    assert [pull["html_url"] in comment for comment in comments(github)] == [True, True]


def test_a_fork_pull_request_on_the_same_branch_name_is_never_the_bots(github: GitHub) -> None:
    fork = {
        "number": 5,
        "html_url": f"https://github.example/{OWNER}/{NAME}/pull/5",
        "head_owner": "mallory",
        "head_ref": f"suggestion/{NUMBER}",
        "base": "main",
        "title": "Innocent change",
        "body": "Merge me.",
        "state": "open",
    }
    github.change(pulls=[fork])
    job = github.run(MESSY)
    assert not job.failed, job.log
    pulls = {pull["number"]: pull for pull in github.data()["pulls"]}
    assert pulls[5] == fork  # not edited
    (mine,) = [pull for number, pull in pulls.items() if number != 5]
    assert mine["head_owner"] == OWNER
    (comment,) = comments(github)
    assert mine["html_url"] in comment and fork["html_url"] not in comment


def test_a_stale_branch_and_a_closed_pull_request(github: GitHub) -> None:
    """A maintainer closed the bot's pull request, and the branch has a commit of its own:
    an edit of the issue makes the branch anew and opens a new pull request."""
    stale = github.root / "stale"
    git("clone", "--quiet", f"file://{github.remote}", str(stale))
    (stale / "unrelated.txt").write_text("pushed by hand\n")
    git("add", ".", cwd=stale)
    git("-c", "user.name=M", "-c", "user.email=m@example.org", "commit", "-qm", "By hand", cwd=stale)
    git("push", "--quiet", "origin", f"HEAD:refs/heads/suggestion/{NUMBER}", cwd=stale)
    closed = {
        "number": 101,
        "html_url": "x",
        "head_owner": OWNER,
        "head_ref": f"suggestion/{NUMBER}",
        "base": "main",
        "title": "t",
        "body": "b",
        "state": "closed",
    }
    github.change(pulls=[closed])
    job = github.run(MESSY)
    assert not job.failed, job.log
    assert github.files_added() == [RECORD]  # unrelated.txt is gone
    pulls = github.data()["pulls"]
    assert [(p["number"], p["state"]) for p in pulls] == [(101, "closed"), (102, "open")]


def test_a_refused_suggestion_gets_a_comment_with_what_to_fix(github: GitHub) -> None:
    job = github.run((BODIES / "no-title.md").read_text(encoding="utf-8"))
    assert not job.failed, job.log
    assert job.ran == ["Write and validate the record", "Comment with what to fix"]
    assert job.outputs == {"path": ""}
    assert github.branch() == "" and github.data()["pulls"] == []
    (comment,) = comments(github)
    assert "Title: required, but the issue leaves it empty." in comment
    assert "edit the issue" in comment


def test_when_the_bot_fails_the_issue_is_told(github: GitHub) -> None:
    github.change(refuse_pull_requests=True)  # "Allow GitHub Actions to create … pull requests" is off
    job = github.run(MESSY)
    assert job.failed
    assert job.ran == ["Write and validate the record", "Open or update the pull request", "Say that the bot failed"]
    (comment,) = comments(github)
    assert "the bot could not turn this suggestion into a pull request" in comment
    assert "/actions/runs/4242" in comment
