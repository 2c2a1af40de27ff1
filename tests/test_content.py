"""What the inventory writes is its own, not copied from the research notes.

No prose field of the data and no page under docs/ may share a run of 10 or more
consecutive words with the research notes: the string values and comment lines of every
.yml file of the seed-data folder, and the conference's two source documents (the .txt
files of the seeds folder beside it). Prose is every free-text field of every schema in
data/schema that PROSE lists (summaries, stories, details, settings, the notes on
enrollment and schools, descriptions, ...); names, titles, dates and citations (NAMES)
carry over as they are, and a test fails on a free-text field listed in neither.

Words are compared after normalizing: lowercase, a word is a run of letters or digits (an
apostrophe inside a word is kept, a typographic one counts as plain), so case and
punctuation do not hide a copy. Titles are names, not prose: every occurrence of a
resource title (of data/resources or of a `title:` key in the notes) is cut out first, and
so is every quoted span or span in parentheses written in title case ('Parent Roadmap to
Supporting Your Child …', "(Excellence and Quality Unite In Transforming Youth)"). A run
never spans a removed title.

The notes live in the repository: research/seed-data (the .yml files) and research/seeds
(the two source documents); see research/README.md. A missing folder fails the tests.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
import yaml
from helpers import ROOT

from macros.model.kinds import KINDS

RUN = 10
SEED_DATA = ROOT / "research" / "seed-data"
SEEDS = ROOT / "research" / "seeds"
DATA = ROOT / "data"
# The data files that are not records, by schema (records: each kind of macros.model.kinds.KINDS).
OTHER_FILES = {
    "organizations": "organizations.yml",
    "conferences": "conferences.yml",
    "taxonomy": "taxonomy.yml",
    "self-assessment": "planning/self-assessment.yml",
}
# Every free-text field of every schema is prose (checked) or a name, title, date or
# citation (carried over as it is). A path: `a.b` nested, `a[]` each item, `*` any key.
PROSE = {
    "resource": "summary details year_note read[].note",
    "case-study": "summary story standards_work setting years enrollment.note other_enrollment[].note schools.note",
    "organizations": "organizations.*.description",
    "conferences": "conferences[].participation conferences[].highlights[]",
    "taxonomy": "*[].description",
    "self-assessment": "dimensions[].question dimensions[].levels[]",
}
NAMES = {
    "resource": "title coauthors[] sources[]",
    "case-study": "district unions[] sources[] enrollment.source other_enrollment[].source schools.source",
    "organizations": "organizations.*.name organizations.*.acronym organizations.*.sources[]",
    "conferences": "conferences[].name conferences[].dates conferences[].place conferences[].sponsors "
    "conferences[].sources[]",
    "taxonomy": "*[].label",
    "self-assessment": "scale[].label dimensions[].title",
}

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
# For the title-case test only: a hyphenated compound ("Career-ready") counts as one word.
_TITLE_WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")
# A quoted span (an opening quote not preceded by a letter, the shortest text up to a
# closing quote not followed by a letter, so the apostrophe of "ABC's" does not close it),
# or a span in parentheses: where it is written in title case, it is a title or a name.
_QUOTED = re.compile(r"(?<![\w'\u2019])['\u2018\"\u201c](.+?)['\u2019\"\u201d](?!\w)|\(([^()]+)\)")
_BREAK = "\x00"

Shingle = tuple[str, ...]


def words(text: str) -> list[str]:
    """The normalized words of a text."""
    return _WORD.findall(text.lower().translate(_APOSTROPHES))


def _is_title_case(span: str) -> bool:
    """'Parent Roadmap to Supporting Your Child' is a title; 'slow down and get it right' is not."""
    tokens = _TITLE_WORD.findall(span.translate(_APOSTROPHES))
    long = [t for t in tokens if len(t) >= 4]
    return len(tokens) >= 2 and bool(long) and all(t[0].isupper() or t[0].isdigit() for t in long)


def shingles(tokens: list[str], size: int = RUN) -> Iterator[Shingle]:
    for start in range(len(tokens) - size + 1):
        yield tuple(tokens[start : start + size])


class Titles:
    """Known titles, to cut out of a record's text before it is compared."""

    def __init__(self, titles: Iterable[str]) -> None:
        self.by_first: dict[str, list[Shingle]] = {}
        for title in set(titles):
            tokens = tuple(words(title))
            if tokens:
                self.by_first.setdefault(tokens[0], []).append(tokens)
        for candidates in self.by_first.values():
            candidates.sort(key=len, reverse=True)

    def segments(self, text: str) -> list[list[str]]:
        """The runs of words of `text` that lie outside every title."""
        text = _QUOTED.sub(lambda m: _BREAK if _is_title_case(m.group(1) or m.group(2)) else m.group(0), text)
        result: list[list[str]] = []
        for part in text.split(_BREAK):
            tokens = words(part)
            current: list[str] = []
            position = 0
            while position < len(tokens):
                for title in self.by_first.get(tokens[position], ()):
                    if tuple(tokens[position : position + len(title)]) == title:
                        result.append(current)
                        current = []
                        position += len(title)
                        break
                else:
                    current.append(tokens[position])
                    position += 1
            result.append(current)
        return [segment for segment in result if segment]


def shared_runs(text: str, notes: set[Shingle], titles: Titles, size: int = RUN) -> list[str]:
    """Every maximal run of `size` or more words that `text` shares with the notes."""
    runs: list[str] = []
    for segment in titles.segments(text):
        start = last = None
        for i, shingle in enumerate(shingles(segment, size)):
            if shingle not in notes:
                continue
            if last is not None and i < last + size:
                last = i
                continue
            if start is not None:
                runs.append(" ".join(segment[start : last + size]))
            start = last = i
        if start is not None:
            runs.append(" ".join(segment[start : last + size]))
    return runs


def _strings(value: object, key: str | None = None) -> Iterator[tuple[str | None, str]]:
    """Every string in a parsed YAML value, with the key it is under."""
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for child_key, child in value.items():
            yield from _strings(child, str(child_key))
    elif isinstance(value, list):
        for child in value:
            yield from _strings(child, key)


class Notes:
    def __init__(self, folder: Path, size: int = RUN) -> None:
        self.files = sorted(folder.rglob("*.yml"))
        self.texts: list[str] = []
        note_titles: list[str] = []
        for path in self.files:
            raw = path.read_text(encoding="utf-8")
            self.texts.extend(line.lstrip()[1:] for line in raw.splitlines() if line.lstrip().startswith("#"))
            for key, text in _strings(yaml.safe_load(raw)):
                self.texts.append(text)
                if key == "title":
                    note_titles.append(text)
        self.seeds = sorted(SEEDS.glob("*.txt"))
        self.texts.extend(path.read_text(encoding="utf-8") for path in self.seeds)
        resource_titles = [
            record["title"]
            for path in sorted((DATA / "resources").rglob("*.yml"))
            if isinstance(record := yaml.safe_load(path.read_text(encoding="utf-8")), dict)
            and isinstance(record.get("title"), str)
        ]
        self.titles = Titles(note_titles + resource_titles)
        self.shingles: set[Shingle] = {s for text in self.texts for s in shingles(words(text), size)}


def free_text_fields(schema: dict, node: dict | None = None, path: str = "") -> Iterator[str]:
    """The path of every free-text string of a schema: a string without an enum, a format
    or a pattern stricter than "some non-space" (those are slugs, codes, years, dates, URLs)."""
    node = schema if node is None else node
    if "$ref" in node:
        node = {**schema["$defs"][node["$ref"].rsplit("/", 1)[1]], **node}
        del node["$ref"]
    plain = not ({"enum", "format"} & node.keys()) and node.get("pattern", "\\S") == "\\S"
    if node.get("type") == "string" and plain:
        yield path
    for key, child in node.get("properties", {}).items():
        yield from free_text_fields(schema, child, f"{path}.{key}" if path else key)
    if isinstance(node.get("additionalProperties"), dict):
        yield from free_text_fields(schema, node["additionalProperties"], f"{path}.*" if path else "*")
    if isinstance(node.get("items"), dict):
        yield from free_text_fields(schema, node["items"], f"{path}[]")


def values_at(value: object, path: str) -> Iterator[str]:
    """The strings at a field path (see PROSE) in a parsed YAML value."""
    if not path:
        if isinstance(value, str):
            yield value
        return
    step, _, rest = path.partition(".")
    key, lists = step.rstrip("[]"), (len(step) - len(step.rstrip("[]"))) // 2
    children = list(value.values()) if key == "*" and isinstance(value, dict) else []
    if key != "*" and isinstance(value, dict) and key in value:
        children = [value[key]]
    for _ in range(lists):
        children = [item for child in children if isinstance(child, list) for item in child]
    for child in children:
        yield from values_at(child, rest)


def schema(name: str) -> dict:
    return json.loads((DATA / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))


def _data_files() -> list[tuple[Path, str]]:
    files = [(path, kind.schema) for kind in KINDS for path in sorted((DATA / kind.name).rglob("*.yml"))]
    return files + [(DATA / file, name) for name, file in OTHER_FILES.items()]


DATA_FILES = _data_files()
PAGES = sorted((ROOT / "docs").rglob("*.md"))


# The tests of this file share what a module fixture builds: with `--dist loadgroup`
# (make test), one worker runs them all.
pytestmark = pytest.mark.xdist_group("test_content")


@pytest.fixture(scope="module")
def notes() -> Notes:
    found = Notes(SEED_DATA)
    assert found.files, f"no .yml files in {SEED_DATA}"
    assert found.seeds, f"no source documents (.txt) in {SEEDS}"
    return found


@pytest.mark.parametrize("name", sorted({kind.schema for kind in KINDS} | OTHER_FILES.keys()))
def test_every_free_text_field_is_prose_or_a_name(name: str) -> None:
    found = set(free_text_fields(schema(name)))
    prose, names = set(PROSE.get(name, "").split()), set(NAMES.get(name, "").split())
    assert not prose & names, f"{name}: listed both as prose and as names: {sorted(prose & names)}"
    assert found == prose | names, (
        f"data/schema/{name}.schema.json: free-text fields {sorted(found - prose - names)} are not in "
        f"PROSE or NAMES of tests/test_content.py (add each to one of them); listed but not in the "
        f"schema: {sorted((prose | names) - found)}"
    )


def _problems(where: str, field: str, text: str, notes: Notes) -> list[str]:
    return [
        f"{where}: {field}: shares {len(run.split())} consecutive words with the research notes: "
        f'"{run}". Write it in your own words.'
        for run in shared_runs(text, notes.shingles, notes.titles)
    ]


@pytest.mark.parametrize(
    ("path", "name"), DATA_FILES, ids=[str(p.relative_to(DATA).with_suffix("")) for p, _ in DATA_FILES]
)
def test_data_prose_is_not_copied_from_the_notes(notes: Notes, path: Path, name: str) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path}: not a mapping"
    where = str(path.relative_to(ROOT))
    problems = [
        problem
        for field in PROSE[name].split()
        for text in values_at(data, field)
        for problem in _problems(where, field, text, notes)
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_pages_are_not_copied_from_the_notes(notes: Notes, page: Path) -> None:
    problems = _problems(str(page.relative_to(ROOT)), "text", page.read_text(encoding="utf-8"), notes)
    assert not problems, "\n".join(problems)


def test_fields_are_found_where_the_schemas_put_them() -> None:
    assert "other_enrollment[].note" in set(free_text_fields(schema("case-study")))
    assert "organizations.*.description" in set(free_text_fields(schema("organizations")))
    case = {"enrollment": {"note": "a"}, "other_enrollment": [{"note": "b"}, {"students": 1}], "story": "c"}
    assert list(values_at(case, "other_enrollment[].note")) == ["b"]
    assert list(values_at(case, "enrollment.note")) == ["a"]
    assert list(values_at({"x": [{"d": "e"}], "y": [{"d": "f"}]}, "*[].d")) == ["e", "f"]
    assert list(values_at({"c": [{"h": ["g", "i"]}]}, "c[].h[]")) == ["g", "i"]
    assert list(values_at(case, "schools.note")) == []


def test_the_checker_catches_a_copy() -> None:
    source = (
        "The district and the union met every week for two years to plan the new "
        "curriculum together, and teachers wrote most of the lessons."
    )
    index = set(shingles(words(source)))
    titles = Titles(["A Guide to Planning Together"])
    twelve = "met every week for two years to plan the new curriculum together"
    ten = "week for two years to plan the new curriculum together"
    nine = "for two years to plan the new curriculum together"
    assert len(words(twelve)) == 12 and len(words(ten)) == RUN == 10 and len(words(nine)) == 9
    # Case, punctuation and typographic apostrophes do not hide a copy.
    disguised = "Our story: MET every week, for two years -- to plan the new curriculum; together!"
    assert shared_runs(f"In short, they {twelve}.", index, titles) == [twelve]
    assert shared_runs(disguised, index, titles) == [twelve]
    assert shared_runs(f"In short, each {ten}.", index, titles) == [ten]
    assert shared_runs(f"In short, they {nine}.", index, titles) == []
    assert words("The district\u2019s plan, the union's PLAN.") == [
        "the",
        "district's",
        "plan",
        "the",
        "union's",
        "plan",
    ]
    apostrophes = "each week the district's team and the union's team read the plan for the new standards"
    assert shared_runs(
        "Each week the district\u2019s team and the union\u2019s team read the plan for the new standards.",
        set(shingles(words(apostrophes))),
        titles,
    ) == [" ".join(words(apostrophes))]
    # A longer copy is reported once, as one run.
    assert shared_runs(source, index, titles) == [" ".join(words(source))]
    # A title in the middle breaks a run; a quoted title-case span is a title.
    index |= set(shingles(words("the plan is A Guide to Planning Together for the district and the union now")))
    assert (
        shared_runs("the plan is A Guide to Planning Together for the district and the union now", index, titles) == []
    )
    quoted = "they read 'Parent Roadmap to Supporting Your Child in English Language Arts 1st Grade' at home"
    index |= set(shingles(words(quoted)))
    assert shared_runs(quoted, index, titles) == []
    sentence = "they said 'we met every week for two years to plan the new curriculum together' often"
    assert shared_runs(sentence, set(shingles(words(source))), titles) == [twelve]


def test_the_checker_catches_a_copy_of_the_real_notes(notes: Notes) -> None:
    for text in notes.texts:
        for segment in notes.titles.segments(text):
            if len(segment) >= RUN + 1:
                run = segment[1 : RUN + 1]
                break
        else:
            continue
        break
    else:
        pytest.fail("no passage of 13 words outside titles in the notes")
    copied = " ".join(run).upper().replace(" ", ", ", 3)
    assert shared_runs(f"zzqx {copied} zzqx", notes.shingles, notes.titles) == [" ".join(run)]
    assert shared_runs(f"zzqx {' '.join(run[:-1])} zzqx", notes.shingles, notes.titles) == []
