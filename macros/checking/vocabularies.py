"""The shared files that records refer to: taxonomy, organizations, conferences, and
the self-assessment's areas. Each loader takes a schema-valid document and returns the
typed values and the problems found (rule ids in `registry.VOCABULARY_FILE_RULES`)."""

from __future__ import annotations

from ..model.kinds import KindModel
from ..model.records import Conference, Dimension, Organization, SelfAssessment, Term
from ..reading.addresses import address_problem, source_parts
from ..reading.problems import Problem
from .documents import ID_PATTERN, Document
from .registry import did_you_mean


def taxonomy(
    document: Document, models: dict[str, KindModel]
) -> tuple[dict[str, dict[str, Term]] | None, list[Problem]]:
    """Every vocabulary of data/taxonomy.yml, whatever its key (the schema accepts any).
    Each must be used by a field (`x-vocabulary`), and each used one must be there;
    without one, the taxonomy counts as not loaded, so that records are not blamed."""
    vocabularies: dict[str, dict[str, Term]] = {}
    problems = _vocabularies_in_use(document, models)
    for name, entries in document.value.items():
        terms: dict[str, Term] = {}
        for index, entry in enumerate(entries):
            slug = entry["slug"]
            if slug in terms:
                message = f"'{slug}' is defined twice in {name}: remove one, or give it another slug."
                problems.append(document.problem((name, index, "slug"), message, "duplicate-term"))
            terms[slug] = Term(slug, entry["label"].strip(), entry["description"].strip())
        vocabularies[name] = terms
    missing = any(p.rule == "missing-vocabulary" for p in problems)
    return (None if missing else vocabularies), problems


def _vocabularies_in_use(document: Document, models: dict[str, KindModel]) -> list[Problem]:
    used = {
        spec.vocabulary: f"{name}.{spec.name}" for name, m in models.items() for spec in m.fields if spec.vocabulary
    }
    used.setdefault("topics", "data/planning/self-assessment.yml")
    problems = []
    for vocabulary, where in used.items():
        if vocabulary not in document.value:
            guess = did_you_mean(vocabulary, [k for k in document.value if k not in used])
            message = f"the vocabulary '{vocabulary}' (used by {where}) is missing.{guess} Add it as a list of terms."
            problems.append(document.problem((vocabulary,), message, "missing-vocabulary"))
    for vocabulary in document.value:
        if vocabulary not in used:
            guess = did_you_mean(vocabulary, [k for k in used if k not in document.value])
            message = (
                f"no record field uses the vocabulary '{vocabulary}'.{guess} A schema property names it "
                f'with "x-vocabulary": "{vocabulary}" (see architecture/data-model.md, "Adding a field").'
            )
            problems.append(document.problem((vocabulary,), message, "unused-vocabulary"))
    return problems


def organizations(document: Document) -> tuple[dict[str, Organization], list[Problem]]:
    found: dict[str, Organization] = {}
    problems: list[Problem] = []
    for slug, entry in document.value["organizations"].items():
        if not ID_PATTERN.match(slug):
            message = f"'{slug}' is not a valid slug: use lowercase letters, digits and hyphens."
            problems.append(document.problem(("organizations", slug), message, "organization-slug"))
        problems.extend(_organization_addresses(document, slug, entry))
        found[slug] = Organization(
            slug=slug,
            name=entry["name"].strip(),
            acronym=entry.get("acronym"),
            homepage=entry["homepage"],
            description=entry["description"].strip(),
            group=entry["group"],
            sources=tuple(entry.get("sources", ())),
        )
    return found, problems


def _organization_addresses(document: Document, slug: str, entry: dict) -> list[Problem]:
    """An organization's homepage and sources are linked from its page, as a record's are."""
    found = [(("organizations", slug, "homepage"), entry["homepage"])]
    found += [
        (("organizations", slug, "sources", index), source_parts(source)[0])
        for index, source in enumerate(entry.get("sources", ()))
    ]
    return [
        document.problem(path, message, "web-address")
        for path, address in found
        if address and (message := address_problem(address))
    ]


def conferences(document: Document) -> tuple[dict[int, Conference], list[Problem]]:
    found: dict[int, Conference] = {}
    problems: list[Problem] = []
    for index, entry in enumerate(document.value["conferences"]):
        if entry["year"] in found:
            message = f"a conference in {entry['year']} is listed twice: keep one entry per year."
            problems.append(document.problem(("conferences", index, "year"), message, "duplicate-conference"))
        found[entry["year"]] = Conference(
            year=entry["year"],
            name=entry["name"].strip(),
            dates=entry["dates"],
            place=entry["place"],
            sponsors=entry["sponsors"].strip(),
            participation=entry["participation"].strip(),
            highlights=tuple(h.strip() for h in entry.get("highlights", ())),
            sources=tuple(entry["sources"]),
        )
    return dict(sorted(found.items())), problems


def self_assessment(document: Document, topics: dict[str, Term] | None) -> tuple[SelfAssessment, list[Problem]]:
    value = document.value
    problems: list[Problem] = []
    scale = [(entry["value"], entry["label"].strip()) for entry in value["scale"]]
    if [v for v, _ in scale] != list(range(1, len(scale) + 1)):
        problems.append(document.problem(("scale",), "scale values must run 1, 2, 3… in order.", "scale-order"))
    dimensions = []
    seen: set[str] = set()
    for index, entry in enumerate(value["dimensions"]):
        where = ("dimensions", index)
        if entry["slug"] in seen:
            problems.append(
                document.problem((*where, "slug"), f"'{entry['slug']}' is used twice.", "duplicate-dimension")
            )
        seen.add(entry["slug"])
        if len(entry["levels"]) != len(scale):
            message = f"give one description per point of the scale: {len(scale)}, not {len(entry['levels'])}."
            problems.append(document.problem((*where, "levels"), message, "levels-count"))
        for position, topic in enumerate(entry["topics"]):
            if topics is not None and topic not in topics:
                guess = did_you_mean(topic, topics)
                message = f"'{topic}' is not a known topic.{guess} Use one of: {', '.join(topics)} (data/taxonomy.yml)."
                problems.append(document.problem((*where, "topics", position), message, "vocabulary"))
        dimensions.append(
            Dimension(
                slug=entry["slug"],
                title=entry["title"].strip(),
                question=entry["question"].strip(),
                levels=tuple(level.strip() for level in entry["levels"]),
                topics=tuple(entry["topics"]),
            )
        )
    return SelfAssessment(scale=tuple(scale), dimensions=tuple(dimensions)), problems
