"""Record prose is written for the inventory, not copied from the research notes.

No prose field of a record (resources: summary, details, year_note; case studies:
summary, story, standards_work, setting) may share a run of 12 or more consecutive
words with any text of the research notes: every .yml file of the seed-data folder,
its string values and its comment lines.

Words are compared after normalizing: lowercase, a word is a run of letters or
digits (an apostrophe inside a word is kept, and a typographic apostrophe counts as
a plain one), so case and punctuation do not hide a copy. Titles are names, not
prose: before comparing, every occurrence in the record text of a resource title (of
data/resources or of a `title:` key in the notes) is removed, and so is every quoted
span or span in parentheses written in title case ('Parent Roadmap to Supporting Your
Child …', "(Excellence and Quality Unite In Transforming Youth)"). A run never
spans a removed title.

The notes are read from the folder named by PRI_SEED_DATA, or else from
../shared/seed-data beside the repository; when neither exists, the tests that need
them are skipped.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
import yaml
from helpers import ROOT

RUN = 12
DEFAULT_SEED_DATA = ROOT.parent / "shared" / "seed-data"
RESOURCE_FIELDS = ("summary", "details", "year_note")
CASE_STUDY_FIELDS = ("summary", "story", "standards_work", "setting")

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


def seed_data_folder() -> Path | None:
    """PRI_SEED_DATA when it is set and exists, else ../shared/seed-data beside the repository."""
    configured = os.environ.get("PRI_SEED_DATA")
    candidates = [Path(configured)] if configured else []
    candidates.append(DEFAULT_SEED_DATA)
    return next((folder for folder in candidates if folder.is_dir()), None)


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
        resource_titles = [
            record["title"]
            for path in sorted((ROOT / "data" / "resources").rglob("*.yml"))
            if isinstance(record := yaml.safe_load(path.read_text(encoding="utf-8")), dict)
            and isinstance(record.get("title"), str)
        ]
        self.titles = Titles(note_titles + resource_titles)
        self.shingles: set[Shingle] = {s for text in self.texts for s in shingles(words(text), size)}


def _record_files() -> list[tuple[Path, tuple[str, ...]]]:
    data = ROOT / "data"
    files = [(path, RESOURCE_FIELDS) for path in sorted((data / "resources").rglob("*.yml"))]
    files += [(path, CASE_STUDY_FIELDS) for path in sorted((data / "case-studies").glob("*.yml"))]
    return files


RECORDS = _record_files()


@pytest.fixture(scope="module")
def notes() -> Notes:
    folder = seed_data_folder()
    if folder is None:
        pytest.skip(
            "research notes not found: neither PRI_SEED_DATA nor "
            f"{DEFAULT_SEED_DATA} is a folder; set PRI_SEED_DATA to the seed-data folder"
        )
    found = Notes(folder)
    assert found.files, f"no .yml files in {folder}"
    return found


@pytest.mark.parametrize(
    ("path", "fields"), RECORDS, ids=[str(p.relative_to(ROOT / "data").with_suffix("")) for p, _ in RECORDS]
)
def test_record_prose_is_not_copied_from_the_notes(notes: Notes, path: Path, fields: tuple[str, ...]) -> None:
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(record, dict), f"{path}: not a mapping"
    problems = []
    for field in fields:
        value = record.get(field)
        if not isinstance(value, str):
            continue
        for run in shared_runs(value, notes.shingles, notes.titles):
            problems.append(
                f"{path.relative_to(ROOT)}: {field}: shares {len(run.split())} consecutive words "
                f'with the research notes: "{run}". Write it in your own words.'
            )
    assert not problems, "\n".join(problems)


def test_the_checker_catches_a_copy() -> None:
    source = (
        "The district and the union met every week for two years to plan the new "
        "curriculum together, and teachers wrote most of the lessons."
    )
    index = set(shingles(words(source)))
    titles = Titles(["A Guide to Planning Together"])
    twelve = "met every week for two years to plan the new curriculum together"
    eleven = "every week for two years to plan the new curriculum together"
    assert len(words(twelve)) == 12 and len(words(eleven)) == 11
    # Case, punctuation and typographic apostrophes do not hide a copy.
    disguised = "Our story: MET every week, for two years -- to plan the new curriculum; together!"
    assert shared_runs(f"In short, they {twelve}.", index, titles) == [twelve]
    assert shared_runs(disguised, index, titles) == [twelve]
    assert shared_runs(f"In short, they {eleven}.", index, titles) == []
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
