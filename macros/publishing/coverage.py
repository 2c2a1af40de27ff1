"""The coverage page's figures: which organization offers what, computed from the records.

The heat map is drawn by an autoescaping template (templates/heatmap.svg), like every
other piece of markup: this module only computes the numbers and the shade of each cell.
Colours come from the stylesheet (the palette's variables), so the map follows the light
and dark palettes; the SVG has a viewBox and no fixed size, so it scales to the width.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.records import Inventory

LEVELS = 5  # shades of a non-empty cell, 1 (fewest) to LEVELS (most)


@dataclass(frozen=True)
class HeatCell:
    organization: str  # short name
    count: int
    level: int  # 0 for none, else 1..LEVELS


@dataclass(frozen=True)
class HeatRow:
    topic: str  # label
    cells: tuple[HeatCell, ...]


def organization_topic_counts(inventory: Inventory) -> dict[str, dict[str, int]]:
    """For each organization (lead or partner), how many of its resources have each topic."""
    counts = {slug: dict.fromkeys(inventory.taxonomy["topics"], 0) for slug in inventory.organizations}
    for resource in inventory.resources:
        for org in resource.organizations:
            for topic in resource.topics:
                counts[org][topic] += 1
    return counts


def level(count: int, peak: int) -> int:
    """0 for no resource, else 1..LEVELS in proportion to the largest count."""
    if count <= 0 or peak <= 0:
        return 0
    return max(1, -(-count * LEVELS // peak))  # ceiling division


def heatmap_rows(inventory: Inventory) -> tuple[HeatRow, ...]:
    counts = organization_topic_counts(inventory)
    peak = max((n for row in counts.values() for n in row.values()), default=0)
    orgs = list(inventory.organizations.values())
    return tuple(
        HeatRow(
            topic.label,
            tuple(
                HeatCell(org.short_name, counts[org.slug][slug], level(counts[org.slug][slug], peak)) for org in orgs
            ),
        )
        for slug, topic in inventory.taxonomy["topics"].items()
    )
