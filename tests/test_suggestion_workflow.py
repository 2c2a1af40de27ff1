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
PUBLISH_IF = "always() && (needs.record.result == 'success' || needs.record.result == 'failure')"


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
    job = data["jobs"]["record"]
    assert f"contains(github.event.issue.labels.*.name, '{label}')" in job["if"]
    assert f"github.event.label.name == '{label}'" in job["if"]
    # The second job runs after the first, whether it succeeded (a record, or what to fix)
    # or failed (the issue is told), and never when the first did not run.
    assert data["jobs"]["publish"]["needs"] == "record"
    assert data["jobs"]["publish"]["if"] == PUBLISH_IF


def test_workflow_permissions_and_limits() -> None:
    data = workflow()
    assert data["permissions"] == {}
    assert set(data["jobs"]) == {"record", "publish"}
    # The job that reads the issue and runs the project's Python can write nothing.
    assert data["jobs"]["record"]["permissions"] == {"contents": "read"}
    assert data["jobs"]["publish"]["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    assert "github.event.issue.number" in data["concurrency"]["group"]
    # A run cancelled half-way could leave a pull request without its comment.
    assert data["concurrency"]["cancel-in-progress"] is False
    for job in data["jobs"].values():
        assert 0 < job["timeout-minutes"] <= 30


def all_steps() -> list[dict[str, Any]]:
    return [step for job in workflow()["jobs"].values() for step in job["steps"]]


def test_workflow_never_interpolates_user_text_into_commands() -> None:
    steps = all_steps()
    for step in steps:
        assert "${{" not in step.get("run", ""), step.get("name")
    body_steps = [s for s in steps if "BODY" in s.get("env", {})]
    assert len(body_steps) == 1
    step = body_steps[0]
    assert step in workflow()["jobs"]["record"]["steps"]
    assert step["env"]["BODY"] == "${{ github.event.issue.body }}"
    assert "printf '%s' \"$BODY\"" in step["run"]
    assert "scripts/suggestion_to_record.py" in step["run"]
    assert "github.event.issue.title" not in WORKFLOW.read_text(encoding="utf-8")  # titles are made from the id


def test_the_job_that_can_write_runs_no_code_of_the_project() -> None:
    """`publish` runs git and gh on the first job's result: no Python, no script, no install
    (the test runs it in a clone without .venv)."""
    for step in workflow()["jobs"]["publish"]["steps"]:
        run = step.get("run", "")
        found = re.findall(r"\b(?:python3?|pip3?|make|source|eval|sh -c)\b|scripts/|\.venv|\.py\b", run)
        assert not found, (step["name"], found)


HASHED = ROOT / ".github" / "suggestion-requirements.txt"


def hashed_requirements() -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes) of the small file the first job installs."""
    text = HASHED.read_text(encoding="utf-8").replace("\\\n", " ")
    found = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            requirement, *hashes = line.split()
            name, version = requirement.split("==")
            found[name.lower()] = (version, [h.removeprefix("--hash=sha256:") for h in hashes])
    return found


def test_the_first_job_installs_only_what_the_script_imports_by_hash() -> None:
    (install,) = [s for s in workflow()["jobs"]["record"]["steps"] if "pip" in s.get("run", "")]
    assert "--require-hashes" in install["run"] and "--no-deps" in install["run"]
    assert "-r .github/suggestion-requirements.txt" in install["run"]
    assert "requirements.txt" not in install["run"].replace(".github/suggestion-requirements.txt", "")
    hashed = hashed_requirements()
    pinned = dict(
        line.lower().split("==") for line in (ROOT / "requirements.txt").read_text().splitlines() if "==" in line
    )
    for name, (version, hashes) in hashed.items():
        assert pinned[name] == version, f"{name}: {version} here, {pinned[name]} in requirements.txt"
        assert hashes and all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes), name
    # What the script imports from outside the standard library, by distribution: all of
    # it is in the file (a missing one would fail the install's --no-deps run), and nothing else.
    probe = (
        "import sys, importlib.metadata as m; sys.argv = ['x']; sys.path[:0] = ['scripts', '.']\n"
        "before = set(sys.modules)  # what the interpreter loads by itself (site's .pth files)\n"
        "import suggestion_to_record\n"
        "owners = m.packages_distributions()\n"
        "names = {d for mod in set(sys.modules) - before for d in owners.get(mod.split('.')[0], [])}\n"
        "print('\\n'.join(sorted(n.lower() for n in names)))"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    imported = set(result.stdout.split())
    assert imported <= set(hashed), f"imported but not installed: {imported - set(hashed)}"
    assert set(hashed) - imported <= {"cffi", "pycparser", "markupsafe"}, "installed but never imported"


def test_workflow_pins_actions_as_the_other_workflows_do() -> None:
    pins: dict[str, set[str]] = {}
    for path in sorted((ROOT / ".github/workflows").glob("*.yml")):
        for action, sha, version in re.findall(r"uses:\s*([\w./-]+)@([0-9a-f]{40}) # (v[\d.]+)", path.read_text()):
            pins.setdefault(action, set()).add(f"{sha} {version}")
    used = re.findall(r"uses:\s*([\w./-]+)@", WORKFLOW.read_text())
    assert used
    for action in used:
        assert len(pins[action]) == 1, f"{action} is pinned differently across workflows: {pins[action]}"
    for step in all_steps():
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
        """The jobs of one `issues` event, as GitHub runs them: `record`, then `publish`, each
        in a fresh checkout of main (the second without the project's .venv: it runs none of
        its code), each step whose `if` holds (bash -e -o pipefail, with its `env`); the
        artifact the first uploads is what the second downloads. `district`: the issue has
        the "Share your district's work" form's label."""
        self.runs += 1
        temp = self.root / f"run-{self.runs}"
        temp.mkdir()
        expressions = {
            "${{ github.event.issue.body }}": body,
            "${{ github.token }}": "token-for-the-test",
            "${{ github.event.issue.number }}": str(NUMBER),
            "${{ github.event.repository.default_branch }}": "main",
            "${{ contains(github.event.issue.labels.*.name, 'district suggestion') }}": str(district).lower(),
        }
        jobs = workflow()["jobs"]
        assert jobs["publish"]["if"] == PUBLISH_IF  # so: after `record`, whether it failed or not
        first = self.job("record", jobs["record"], temp / "record", expressions, {})
        needs = {"result": "failure" if first.failed else "success", **first.outputs}
        expressions["${{ needs.record.outputs.path }}"] = jobs["record"]["outputs"]["path"] and first.outputs.get(
            "path", ""
        )
        second = self.job("publish", jobs["publish"], temp / "publish", expressions, needs)
        return Job(first.outputs, first.ran + second.ran, first.log + "\n" + second.log, first.failed or second.failed)

    def job(self, name: str, job: dict, temp: Path, expressions: dict[str, str], needs: dict[str, str]) -> Job:
        work = temp / "work"
        temp.mkdir()
        git("clone", "--quiet", "--depth", "1", f"file://{self.remote}", str(work))
        if name == "record":
            (work / ".venv").symlink_to(ROOT / ".venv")  # the hashed install, done once for the tests
        output = temp / "output"
        output.write_text("")
        outputs: dict[str, str] = {}
        ran, log, failed = [], [], False
        artifact = self.root / f"artifact-{self.runs}"
        for step in job["steps"]:
            if not self.holds(step.get("if"), failed, needs):
                continue
            uses = step.get("uses", "")
            where = step.get("with", {}).get("path", "").replace("${{ runner.temp }}", str(temp))
            if "upload-artifact@" in uses:
                shutil.copytree(where, artifact)
            elif "download-artifact@" in uses:
                shutil.copytree(artifact, where)
            if uses or "pip install" in step["run"]:
                continue  # check-out, Python and the hashed install: done above
            env = {**os.environ, **self.env, "RUNNER_TEMP": str(temp), "GITHUB_OUTPUT": str(output)}
            env |= {key: expressions[value] for key, value in step.get("env", {}).items()}
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
    def holds(condition: str | None, failed: bool, needs: dict[str, str]) -> bool:
        """The `if` expressions the workflow's steps use (another one fails the test): `||`
        of `&&` of known atoms; without failure(), GitHub adds success()."""
        if condition is None:
            return not failed
        atoms = {
            "failure()": failed,
            "needs.record.result == 'success'": needs.get("result") == "success",
            "needs.record.result == 'failure'": needs.get("result") == "failure",
            "needs.record.outputs.path != ''": needs.get("path", "") != "",
            "needs.record.outputs.path == ''": needs.get("path", "") == "",
        }
        for atom in re.split(r" \|\| | && ", condition):
            assert atom in atoms, f"the test does not know the condition {atom!r}: teach GitHub.holds"
        value = any(all(atoms[a] for a in part.split(" && ")) for part in condition.split(" || "))
        return value if "failure()" in condition else value and not failed


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
    assert job.ran == ["Write and validate the record", "Close a stale pull request and comment with what to fix"]
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


def test_an_edit_that_makes_the_issue_invalid_closes_the_stale_pull_request(github: GitHub) -> None:
    """The pull request made from the issue's earlier version would still propose the old
    record: it is closed, the comment says so, and a valid edit opens a new one."""
    assert not github.run(MESSY).failed
    (pull,) = github.data()["pulls"]
    refused = github.run(MESSY.replace("Fixture Messy Guide", ""))
    assert not refused.failed, refused.log
    assert refused.ran == ["Write and validate the record", "Close a stale pull request and comment with what to fix"]
    assert [(p["number"], p["state"]) for p in github.data()["pulls"]] == [(pull["number"], "closed")]
    comment = comments(github)[-1]
    assert "This suggestion cannot become a pull request yet" in comment
    assert f"The pull request #{pull['number']}, made from an earlier version of this issue, is now closed" in comment
    # Refused again: nothing left to close, and the comment does not say so twice.
    assert not github.run(MESSY.replace("Fixture Messy Guide", "")).failed
    assert "is now closed" not in comments(github)[-1]
    # Valid again: a new pull request.
    assert not github.run(MESSY).failed
    pulls = [(p["number"], p["state"]) for p in github.data()["pulls"]]
    assert pulls == [(pull["number"], "closed"), (pull["number"] + 1, "open")]
    assert github.files_added() == [RECORD]


def test_when_the_first_job_fails_the_second_tells_the_issue(github: GitHub) -> None:
    broken = github.root / "broken"
    git("clone", "--quiet", f"file://{github.remote}", str(broken))
    git("rm", "--quiet", "data/organizations.yml", cwd=broken)
    git("-c", "user.name=M", "-c", "user.email=m@example.org", "commit", "-qm", "Break", cwd=broken)
    git("push", "--quiet", "origin", "HEAD:main", cwd=broken)
    job = github.run(MESSY)
    assert job.failed
    assert job.ran == ["Write and validate the record", "Say that the bot failed"]
    (comment,) = comments(github)
    assert "the bot could not turn this suggestion into a pull request" in comment
    assert github.data()["pulls"] == [] and github.branch() == ""
