"""Load the data folder: YAML -> validated -> typed records.

`load_inventory` is the one entry point: `scripts/validate.py`, the MkDocs build and the
tests all call it. It collects every problem in every file before it returns, and it
returns an `Inventory` only when there is none, so nothing downstream can see invalid
data.
"""

from __future__ import annotations

import difflib
import gc
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .problems import Problem
from .records import (
    VOCABULARIES,
    CaseStudy,
    Conference,
    Dimension,
    Inventory,
    Organization,
    Resource,
    SelfAssessment,
    Term,
)
from .schema import CompiledSchema, SchemaError, describe, load_schema
from .yamlsafe import ParsedYaml, PathKey, dotted, parse_yaml

MAX_FILE_BYTES = 64 * 1024
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ID_MAX_LENGTH = 80
SCHEMA_LINE = "# yaml-language-server: $schema="
# Text in a `sources` entry that would be a link with a scheme other than http(s).
BAD_SCHEME = re.compile(r"^\s*(?!https?://)[a-zA-Z][a-zA-Z0-9+.-]*:(?!\s)")


@dataclass
class LoadResult:
    inventory: Inventory | None
    problems: list[Problem]
    files_checked: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class _Document:
    path: str  # as shown in messages: relative to the data folder's parent when possible
    parsed: ParsedYaml
    first_line: str
    valid: bool = True  # False: cross-references are still checked, but no record is built

    def problem(self, field_path: PathKey, message: str) -> Problem:
        line, column = self.parsed.location(field_path)
        return Problem(self.path, line, column, dotted(field_path), message)


class _Loader:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.problems: list[Problem] = []
        self.files_checked = 0
        # Paths are shown relative to the data folder's parent (the repository root).
        self._display_prefix = str(data_dir.parent).rstrip("/") + "/"
        schema_dir = data_dir / "schema"
        self.schemas: dict[str, CompiledSchema] = {}
        for name in ("resource", "case-study", "organizations", "taxonomy", "conferences", "self-assessment"):
            schema_path = schema_dir / f"{name}.schema.json"
            try:
                self.schemas[name] = load_schema(schema_path)
            except (OSError, ValueError, SchemaError) as error:
                self.problems.append(Problem(self.display(schema_path), 1, 1, "", f"cannot read the schema: {error}."))

    def display(self, path: Path) -> str:
        text, prefix = str(path), self._display_prefix
        return text[len(prefix) :] if text.startswith(prefix) else text

    # --- reading --------------------------------------------------------------------

    def read(self, path: Path, schema: str) -> _Document | None:
        """Read, parse and schema-check one file; None when it cannot be used at all."""
        self.files_checked += 1
        shown = self.display(path)
        try:
            raw = path.read_bytes()
        except OSError as error:
            self.problems.append(Problem(shown, 1, 1, "", f"cannot read the file: {error.strerror}."))
            return None
        if len(raw) > MAX_FILE_BYTES:
            self.problems.append(
                Problem(
                    shown,
                    1,
                    1,
                    "",
                    f"the file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}: "
                    "shorten the text (a record needs a summary, not the whole document).",
                )
            )
            return None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line = raw.count(b"\n", 0, error.start) + 1
            column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
            self.problems.append(
                Problem(
                    shown,
                    line,
                    column,
                    "",
                    "the file is not UTF-8 text: save it again with UTF-8 encoding "
                    "(in most editors: 'Save with encoding' > 'UTF-8').",
                )
            )
            return None
        text = text.removeprefix("\ufeff")
        parsed = parse_yaml(text, shown)
        self.problems.extend(parsed.problems)
        # A syntax error leaves no value; duplicate keys, anchors and tags leave one, and
        # checking it too lists every problem in a single run.
        if parsed.problems and parsed.value is None:
            return None
        document = _Document(shown, parsed, text.split("\n", 1)[0].strip())
        if parsed.value is None:
            self.problems.append(
                Problem(shown, 1, 1, "", "the file is empty: fill in the fields of the template (see CONTRIBUTING.md).")
            )
            return None
        if not isinstance(parsed.value, dict):
            self.problems.append(
                document.problem(
                    (),
                    f"the top level must be a mapping of fields ('title: …' lines), not {describe(parsed.value)}.",
                )
            )
            return None
        compiled = self.schemas.get(schema)
        if compiled is None:
            return None
        # Only a file holding the template's marker can hold a placeholder: skip the walk otherwise.
        placeholders = list(_placeholders(parsed.value, ())) if PLACEHOLDER in text else []
        for field_path, text in placeholders:
            wanted = text.split(PLACEHOLDER, 1)[1].lstrip(": ").split(">>", 1)[0].strip()
            message = f"still holds the template's placeholder: write {wanted}."
            self.problems.append(document.problem(field_path, message))
        if placeholders:
            document.valid = False
            return document
        errors = compiled.errors(parsed.value)
        for field_path, message in errors:
            self.problems.append(document.problem(field_path, message))
        document.valid = not errors and not parsed.problems
        return document

    # --- the vocabulary files -----------------------------------------------------------

    def read_valid(self, path: Path, schema: str) -> _Document | None:
        document = self.read(path, schema)
        return document if document is not None and document.valid else None

    def load_taxonomy(self) -> dict[str, dict[str, Term]] | None:
        document = self.read_valid(self.data_dir / "taxonomy.yml", "taxonomy")
        if document is None:
            return None
        taxonomy: dict[str, dict[str, Term]] = {}
        assert isinstance(document.parsed.value, dict)
        for vocabulary in VOCABULARIES:
            terms: dict[str, Term] = {}
            for index, entry in enumerate(document.parsed.value[vocabulary]):
                slug = entry["slug"]
                if slug in terms:
                    self.problems.append(
                        document.problem((vocabulary, index, "slug"), f"'{slug}' is defined twice in {vocabulary}.")
                    )
                terms[slug] = Term(slug, entry["label"].strip(), entry["description"].strip())
            taxonomy[vocabulary] = terms
        return taxonomy

    def load_organizations(self) -> dict[str, Organization] | None:
        document = self.read_valid(self.data_dir / "organizations.yml", "organizations")
        if document is None:
            return None
        organizations: dict[str, Organization] = {}
        assert isinstance(document.parsed.value, dict)
        for slug, entry in document.parsed.value["organizations"].items():
            if not ID_PATTERN.match(slug):
                self.problems.append(
                    document.problem(
                        ("organizations", slug),
                        f"'{slug}' is not a valid slug: use lowercase letters, digits and hyphens.",
                    )
                )
            organizations[slug] = Organization(
                slug=slug,
                name=entry["name"].strip(),
                acronym=entry.get("acronym"),
                homepage=entry["homepage"],
                description=entry["description"].strip(),
                group=entry["group"],
                sources=tuple(entry.get("sources", ())),
            )
        return organizations

    def load_conferences(self) -> dict[int, Conference] | None:
        document = self.read_valid(self.data_dir / "conferences.yml", "conferences")
        if document is None:
            return None
        conferences: dict[int, Conference] = {}
        assert isinstance(document.parsed.value, dict)
        for index, entry in enumerate(document.parsed.value["conferences"]):
            if entry["year"] in conferences:
                self.problems.append(
                    document.problem(
                        ("conferences", index, "year"), f"a conference in {entry['year']} is listed twice."
                    )
                )
            conferences[entry["year"]] = Conference(
                year=entry["year"],
                name=entry["name"].strip(),
                dates=entry["dates"],
                place=entry["place"],
                sponsors=entry["sponsors"].strip(),
                participation=entry["participation"].strip(),
                highlights=tuple(h.strip() for h in entry.get("highlights", ())),
                sources=tuple(entry["sources"]),
            )
        return dict(sorted(conferences.items()))

    def load_self_assessment(self, taxonomy: dict[str, dict[str, Term]] | None) -> SelfAssessment | None:
        path = self.data_dir / "planning" / "self-assessment.yml"
        if not path.exists():
            return None
        document = self.read_valid(path, "self-assessment")
        if document is None:
            return None
        value = document.parsed.value
        assert isinstance(value, dict)
        scale = [(entry["value"], entry["label"].strip()) for entry in value["scale"]]
        if [v for v, _ in scale] != list(range(1, len(scale) + 1)):
            self.problems.append(document.problem(("scale",), "scale values must run 1, 2, 3… in order."))
        dimensions = []
        seen: set[str] = set()
        for index, entry in enumerate(value["dimensions"]):
            where = ("dimensions", index)
            if entry["slug"] in seen:
                self.problems.append(document.problem((*where, "slug"), f"'{entry['slug']}' is used twice."))
            seen.add(entry["slug"])
            if len(entry["levels"]) != len(scale):
                self.problems.append(
                    document.problem(
                        (*where, "levels"),
                        f"give one description per point of the scale: {len(scale)}, not {len(entry['levels'])}.",
                    )
                )
            if taxonomy is not None:
                values = [((*where, "topics", i), topic) for i, topic in enumerate(entry["topics"])]
                _check_slugs(document, values, taxonomy["topics"], "topic", self.problems)
            dimensions.append(
                Dimension(
                    slug=entry["slug"],
                    title=entry["title"].strip(),
                    question=entry["question"].strip(),
                    levels=tuple(level.strip() for level in entry["levels"]),
                    topics=tuple(entry["topics"]),
                )
            )
        return SelfAssessment(scale=tuple(scale), dimensions=tuple(dimensions))

    # --- records --------------------------------------------------------------------------

    def record_files(self, folder: str, depth: int) -> list[Path]:
        """Every file under data/<folder>; files in the wrong place are reported."""
        root = self.data_dir / folder
        if not root.is_dir():
            return []
        found: list[Path] = []
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            relative = path.relative_to(root)
            if path.name.startswith("."):
                continue  # .gitkeep and editor files
            where = "data/resources/<organization>/<id>.yml" if folder == "resources" else "data/case-studies/<id>.yml"
            if path.suffix == ".yaml":
                self.problems.append(
                    Problem(self.display(path), 1, 1, "", f"record files end in .yml: rename it to {path.stem}.yml.")
                )
            elif path.suffix != ".yml":
                continue  # READMEs and the like are not records
            elif len(relative.parts) != depth:
                self.problems.append(
                    Problem(self.display(path), 1, 1, "", f"this file is not where records go: move it to {where}.")
                )
            else:
                found.append(path)
        return found

    def check_id(self, path: Path, shown: str) -> str | None:
        record_id = path.stem
        if ID_PATTERN.match(record_id) and len(record_id) <= ID_MAX_LENGTH:
            return record_id
        suggestion = re.sub(r"[^a-z0-9]+", "-", record_id.lower()).strip("-")[:ID_MAX_LENGTH].strip("-")
        hint = f" e.g. {suggestion}.yml" if suggestion else ""
        self.problems.append(
            Problem(
                shown,
                1,
                1,
                "",
                f"'{path.name}' is not a valid record id: the file name must be lowercase letters, "
                f"digits and single hyphens, at most {ID_MAX_LENGTH} characters, ending in .yml,{hint}.",
            )
        )
        return None

    def check_schema_line(self, document: _Document, schema_file: str) -> None:
        first = document.first_line
        if not first.startswith(SCHEMA_LINE) or not first.endswith(schema_file):
            self.problems.append(
                Problem(
                    document.path,
                    1,
                    1,
                    "",
                    f"the first line must be '{SCHEMA_LINE}…/{schema_file}' so that editors check the "
                    "file as you type: copy it from the template.",
                )
            )

    def load_records(
        self,
        folder: str,
        schema: str,
        depth: int,
    ) -> list[tuple[str, _Document]]:
        loaded: list[tuple[str, _Document]] = []
        for path in self.record_files(folder, depth):
            shown = self.display(path)
            record_id = self.check_id(path, shown)
            document = self.read(path, schema)
            if document is None:
                continue
            self.check_schema_line(document, f"schema/{schema}.schema.json")
            if record_id is not None:
                loaded.append((record_id, document))
        return loaded


PLACEHOLDER = "<<fill in"  # what scripts/new_record.py writes where a value is needed


def _placeholders(value: object, path: PathKey) -> Iterable[tuple[PathKey, str]]:
    if isinstance(value, str):
        if PLACEHOLDER in value:
            yield path, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _placeholders(item, (*path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _placeholders(item, (*path, key))


def _check_slugs(
    document: _Document,
    values: Iterable[tuple[PathKey, Any]],
    allowed: dict[str, Any],
    what: str,
    problems: list[Problem],
) -> None:
    for field_path, slug in values:
        if slug not in allowed and PLACEHOLDER not in str(slug):
            problems.append(
                document.problem(
                    field_path,
                    f"'{slug}' is not a known {what}; use one of: {', '.join(allowed)} "
                    f"(defined in {'data/organizations.yml' if what == 'organization' else 'data/taxonomy.yml'}; "
                    "listed on the site's /contribute/vocabulary/ page).",
                )
            )


def _listed(record: dict[str, Any], name: str) -> list[tuple[PathKey, Any]]:
    """The items of a list field, skipping any that the schema check already rejected."""
    values = record.get(name)
    if not isinstance(values, list):
        return []
    return [
        ((name, index), value)
        for index, value in enumerate(values)
        if isinstance(value, str | int) and not isinstance(value, bool)
    ]


def _single(record: dict[str, Any], name: str) -> list[tuple[PathKey, Any]]:
    """A text field as a one-item list, or nothing when it is missing or malformed."""
    value = record.get(name)
    return [((name,), value)] if isinstance(value, str) else []


def _check_sources(document: _Document, record: dict[str, Any], problems: list[Problem]) -> None:
    for field_path, source in _listed(record, "sources"):
        if BAD_SCHEME.match(source):
            problems.append(
                document.problem(
                    field_path,
                    f"{source.split(':', 1)[0]!r} links are not allowed: give an http:// or https:// "
                    "address, or a plain citation.",
                )
            )


def load_inventory(data_dir: Path) -> LoadResult:
    """Load and validate everything under `data_dir`; see the module docstring."""
    # Every parsed document stays alive until the cross-references are checked, and
    # Python's cyclic collector would rescan that growing heap again and again (it made
    # validation superlinear: scripts/bench.py, 10,000 records). Nothing here forms
    # reference cycles, so the collector is paused for the load.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_inventory(Path(data_dir))
    finally:
        if collecting:
            gc.enable()


def _load_inventory(data_dir: Path) -> LoadResult:
    loader = _Loader(data_dir)
    problems = loader.problems
    taxonomy = loader.load_taxonomy()
    organizations = loader.load_organizations()
    conferences = loader.load_conferences()
    self_assessment = loader.load_self_assessment(taxonomy)
    resource_docs = loader.load_records("resources", "resource", depth=2)
    case_docs = loader.load_records("case-studies", "case-study", depth=1)

    # Cross-references: only where the vocabulary itself loaded, so that one broken
    # vocabulary file is reported once rather than as a problem in every record.
    ids: dict[str, list[_Document]] = defaultdict(list)
    urls: dict[str, list[tuple[PathKey, _Document]]] = defaultdict(list)
    for record_id, document in resource_docs:
        record = document.parsed.value
        assert isinstance(record, dict)
        ids[record_id].append(document)
        for field_path, url in _single(record, "url"):
            urls[url.rstrip("/").lower()].append((field_path, document))
        folder = Path(document.path).parent.name
        for field_path, organization in _single(record, "organization"):
            if organization != folder and PLACEHOLDER not in organization:
                problems.append(
                    document.problem(
                        field_path,
                        f"'{organization}' does not match the folder '{folder}': move the file to "
                        f"data/resources/{organization}/ or set 'organization: {folder}'.",
                    )
                )
            if organization in [partner for _, partner in _listed(record, "partners")]:
                problems.append(
                    document.problem(("partners",), "the lead organization is listed again as a partner: remove it.")
                )
        if organizations is not None:
            _check_slugs(
                document,
                [*_single(record, "organization"), *_listed(record, "partners")],
                organizations,
                "organization",
                problems,
            )
        if taxonomy is not None:
            for name, vocabulary, what in _RESOURCE_VOCABULARIES:
                values = _single(record, name) if name == "type" else _listed(record, name)
                _check_slugs(document, values, taxonomy[vocabulary], what, problems)
        if "url_status" in record and "url" not in record:
            problems.append(
                document.problem(("url_status",), "url_status needs a url: add the url or remove this line.")
            )
        _check_sources(document, record, problems)

    for record_id, documents in ids.items():
        for document in documents if len(documents) > 1 else ():
            others = ", ".join(d.path for d in documents if d is not document)
            problems.append(
                Problem(
                    document.path,
                    1,
                    1,
                    "",
                    f"the id '{record_id}' is also used by {others}: ids are unique across the whole "
                    "inventory, so rename one of the files (e.g. add the organization or year).",
                )
            )
    for entries in urls.values():
        for field_path, document in entries if len(entries) > 1 else ():
            others = ", ".join(d.path for _, d in entries if d is not document)
            problems.append(
                document.problem(
                    field_path,
                    f"this address is also the url of {others}: one resource per address "
                    "(update the existing record instead, or give this one its own address).",
                )
            )

    for _, document in case_docs:
        record = document.parsed.value
        assert isinstance(record, dict)
        if taxonomy is not None:
            _check_slugs(document, _listed(record, "practices"), taxonomy["practices"], "practice", problems)
            _check_slugs(document, _single(record, "locale"), taxonomy["locales"], "locale", problems)
        if organizations is not None:
            _check_slugs(document, _listed(record, "affiliations"), organizations, "organization", problems)
        if conferences is not None:
            for field_path, year in _listed(record, "conferences"):
                if year not in conferences:
                    problems.append(
                        document.problem(
                            field_path,
                            f"there is no conference in {year}; use one of: "
                            f"{', '.join(map(str, conferences))} (see data/conferences.yml).",
                        )
                    )
        for field_path, resource_id in _listed(record, "resources"):
            if resource_id not in ids:
                guess = _closest(str(resource_id), ids)
                problems.append(
                    document.problem(
                        field_path,
                        f"there is no resource with the id '{resource_id}'"
                        + (f": did you mean '{guess}'?" if guess else ".")
                        + " Use the file name of a resource under data/resources/, without .yml.",
                    )
                )
        _check_sources(document, record, problems)

    counts = {"resources": len(resource_docs), "case studies": len(case_docs)}
    if problems or taxonomy is None or organizations is None or conferences is None:
        return LoadResult(None, sorted(set(problems)), loader.files_checked, counts)
    resources = [_resource(record_id, document) for record_id, document in resource_docs]
    case_studies = [_case_study(record_id, document) for record_id, document in case_docs]
    inventory = Inventory(
        organizations=organizations,
        taxonomy=taxonomy,
        conferences=conferences,
        resources=tuple(sorted(resources, key=lambda r: (r.title.casefold(), r.id))),
        case_studies=tuple(sorted(case_studies, key=lambda c: (c.district.casefold(), c.id))),
        self_assessment=self_assessment,
    )
    return LoadResult(inventory, [], loader.files_checked, counts)


_RESOURCE_VOCABULARIES = (
    ("type", "types", "resource type"),
    ("topics", "topics", "topic"),
    ("audiences", "audiences", "audience"),
    ("grade_bands", "grade_bands", "grade band"),
    ("languages", "languages", "language"),
)


def _resource(record_id: str, document: _Document) -> Resource:
    record = document.parsed.value
    assert isinstance(record, dict)
    return Resource(
        id=record_id,
        title=record["title"].strip(),
        organization=record["organization"],
        partners=tuple(record.get("partners", ())),
        coauthors=tuple(record.get("coauthors", ())),
        year=record.get("year"),
        year_note=record.get("year_note"),
        type=record["type"],
        topics=tuple(record["topics"]),
        audiences=tuple(record["audiences"]),
        grade_bands=tuple(record.get("grade_bands", ())),
        languages=tuple(record.get("languages", ())),
        url=record.get("url"),
        url_status=record.get("url_status"),
        summary=record["summary"].strip(),
        sources=tuple(record["sources"]),
        added=record["added"],
        path=document.path,
    )


def _case_study(record_id: str, document: _Document) -> CaseStudy:
    record = document.parsed.value
    assert isinstance(record, dict)
    return CaseStudy(
        id=record_id,
        district=record["district"].strip(),
        state=record["state"],
        unions=tuple(record["unions"]),
        affiliations=tuple(record.get("affiliations", ())),
        locale=record.get("locale"),
        years=record["years"].strip(),
        practices=tuple(record["practices"]),
        summary=record["summary"].strip(),
        story=record["story"],
        conferences=tuple(record.get("conferences", ())),
        resources=tuple(record.get("resources", ())),
        sources=tuple(record["sources"]),
        added=record["added"],
        path=document.path,
    )


def _closest(word: str, options: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return matches[0] if matches else None
