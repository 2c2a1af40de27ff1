"""What the rule modules share: the context they check against, the tables they register
in, and the catalogue of every rule id.

`rules` (one record at a time) and `collection_rules` (the whole inventory) both import
this module and register with `record_rule` / `collection_rule`; neither imports the
other. The loader imports both, so the tables are full before anything runs, and it
lists every id (`all_rule_ids`). Keeping the shared part here, below both rule modules,
is what keeps their imports one-way.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model.kinds import KindModel
from ..model.records import Conference, Organization, Term
from ..reading.problems import Problem
from .documents import Document


@dataclass(frozen=True)
class RunFacts:
    """What the files do not say: the day of the run, and the files a pull request changes."""

    today: str  # YYYY-MM-DD: no date in a record is later
    changed: frozenset[str] | None = None  # data/… paths; None when not known


def run_facts(today: str | None = None, changed: Iterable[str] | None = None) -> RunFacts:
    """The facts given, else from $PRI_TODAY and the file named by $PRI_CHANGED_FILES (for CI)."""
    day = today or os.environ.get("PRI_TODAY") or dt.date.today().isoformat()
    if changed is None and os.environ.get("PRI_CHANGED_FILES"):
        try:
            changed = Path(os.environ["PRI_CHANGED_FILES"]).read_text(encoding="utf-8").split("\n")
        except (OSError, UnicodeDecodeError):
            changed = None
    paths = None if changed is None else frozenset(p.strip() for p in changed if p.strip())
    return RunFacts(day, paths)


@dataclass
class Context:
    """What the rules check records against; None where that file did not load."""

    taxonomy: dict[str, dict[str, Term]] | None
    organizations: dict[str, Organization] | None
    conferences: dict[int, Conference] | None
    documents: dict[str, list[tuple[str, Document]]]  # kind name -> (id, document)
    shared: dict[str, Document] = field(default_factory=dict)  # "taxonomy" -> its document
    models: dict[str, KindModel] = field(default_factory=dict)
    # For each folder of the site, the pages written by hand there (docs/<folder>/<stem>.md):
    # a generated page of the same name would replace one.
    hand_written: dict[str, set[str]] = field(default_factory=dict)
    # For each kind, the ids of record files that could not be read (a YAML syntax error...):
    # they are reported once, so a reference to one of them is not reported again.
    unread: dict[str, set[str]] = field(default_factory=dict)
    facts: RunFacts = field(default_factory=run_facts)
    _ids: dict[str, set[str]] = field(default_factory=dict)  # made once per kind: rules ask per value

    def ids(self, kind: str) -> set[str]:
        """The ids of the records of a kind, read or not (the rules run once every file is read)."""
        if kind not in self._ids:
            read = {record_id for record_id, _ in self.documents.get(kind, ())}
            self._ids[kind] = read | self.unread.get(kind, set())
        return self._ids[kind]


RecordRule = Callable[[Context, KindModel, str, Document], Iterable[Problem]]
CollectionRule = Callable[[Context], Iterable[Problem]]
RECORD_RULES: dict[str, RecordRule] = {}
COLLECTION_RULES: dict[str, CollectionRule] = {}


def record_rule(rule_id: str) -> Callable[[RecordRule], RecordRule]:
    def register(function: RecordRule) -> RecordRule:
        RECORD_RULES[rule_id] = function
        return function

    return register


def collection_rule(rule_id: str) -> Callable[[CollectionRule], CollectionRule]:
    def register(function: CollectionRule) -> CollectionRule:
        COLLECTION_RULES[rule_id] = function
        return function

    return register


def did_you_mean(word: str, options: Iterable[Any]) -> str:
    names = [str(o) for o in options]
    same_but_case = [name for name in names if name.casefold() == str(word).casefold()]
    matches = same_but_case or difflib.get_close_matches(str(word), names, n=1, cutoff=0.6)
    return f" Did you mean '{matches[0]}'?" if matches else ""


# Rules applied while reading a file (a schema file included), and the schema's keywords
# (rule "schema/<keyword>"). tests/test_validate.py checks that these lists name every rule
# id the code reports, and that each has a fixture. Two have no fixture file, as git cannot
# hold their cause: "file-unreadable" (an I/O error while reading) and "not-a-file" (a
# named pipe or a device where a record should be; tested in tests/test_variants.py).
READING_RULES = ("schema-file", "file-too-large", "not-utf8", "yaml", "empty-file", "not-a-mapping")
READING_RULES += ("placeholder", "schema-line", "file-name", "file-extension", "misplaced-file", "symlink")
READING_RULES += ("stray-file",)
UNFIXTURED_RULES = ("file-unreadable", "not-a-file")
VOCABULARY_FILE_RULES = ("duplicate-term", "missing-vocabulary", "unused-vocabulary", "organization-slug")
VOCABULARY_FILE_RULES += ("duplicate-conference", "scale-order")
VOCABULARY_FILE_RULES += ("duplicate-dimension", "levels-count")
