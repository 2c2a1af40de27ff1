"""The planning tools' markup: the self-assessment's areas with the inventory's resources
on their topics, and the action plan (docs/javascripts/planning/ does the rest)."""

from __future__ import annotations

from ..model.records import Inventory
from ..reading.textrules import BAD_IN_KEY, TAGS
from .opendata import FORMULA_START
from .partials import render_template

STAKEHOLDERS = (
    ("teachers", "Teachers"),
    ("parents", "Parents and families"),
    ("students", "Students"),
    ("school-board", "School board"),
    ("administrators", "Principals and administrators"),
    ("community", "Community"),
)


def _js_class(pattern: str) -> str:
    """A character class of Python's re, written for a JavaScript RegExp with the u flag:
    every character outside printable ASCII as \\u{...}."""
    return "".join(c if " " <= c <= "~" else f"\\u{{{ord(c):x}}}" for c in pattern)


def text_rules() -> dict[str, object]:
    """What the planning tools' scripts check, from the lists the build and the validator
    use (one source): the starts a spreadsheet reads as a formula (the open data's CSV),
    and the characters refused in a name: controls, bidi controls, zero-width and other
    format characters, the byte-order mark (the validator's list for field names), and
    tag characters."""
    unseen = _js_class(BAD_IN_KEY.pattern)[:-1] + _js_class(TAGS.pattern)[1:]
    return {"formula": list(FORMULA_START), "unseen": unseen}


def render_self_assessment(inventory: Inventory, base: str) -> str:
    assessment = inventory.self_assessment
    if assessment is None:
        return '<p class="pri-empty">No self-assessment is defined (data/planning/self-assessment.yml).</p>'
    matches = {}
    for dimension in assessment.dimensions:
        wanted = set(dimension.topics)
        found = [r for r in inventory.resources if wanted & set(r.topics)]
        found.sort(key=lambda r: (-len(wanted & set(r.topics)), -(r.year or 0), r.title))
        matches[dimension.slug] = found
    return render_template(
        "self-assessment.html", inv=inventory, sa=assessment, matches=matches, base=base, rules=text_rules()
    )


def render_action_plan(inventory: Inventory, base: str) -> str:
    # The self-assessment's areas, each with the resources a step planned for it proposes:
    # the first five the self-assessment lists for the area (same order).
    areas = []
    for dimension in inventory.self_assessment.dimensions if inventory.self_assessment else ():
        wanted = set(dimension.topics)
        found = [r for r in inventory.resources if wanted & set(r.topics)]
        found.sort(key=lambda r: (-len(wanted & set(r.topics)), -(r.year or 0), r.title))
        areas.append((dimension, [r.id for r in found[:5]]))
    scale = len(inventory.self_assessment.scale) if inventory.self_assessment else 0
    return render_template(
        "action-plan.html",
        inv=inventory,
        stakeholders=STAKEHOLDERS,
        areas=areas,
        base=base,
        rules=text_rules(),
        scale=scale,
    )
