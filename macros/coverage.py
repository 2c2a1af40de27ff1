"""The coverage page's figures: which organization offers what, computed from the records."""

from __future__ import annotations

from markupsafe import Markup, escape

from .records import Inventory


def organization_topic_counts(inventory: Inventory) -> dict[str, dict[str, int]]:
    """For each organization (lead or partner), how many of its resources have each topic."""
    counts = {slug: dict.fromkeys(inventory.taxonomy["topics"], 0) for slug in inventory.organizations}
    for resource in inventory.resources:
        for org in resource.organizations:
            for topic in resource.topics:
                counts[org][topic] += 1
    return counts


def heatmap_svg(inventory: Inventory) -> Markup:
    """The organization x topic matrix as an SVG heat map (no script). Every text comes
    from the data and is escaped."""
    counts = organization_topic_counts(inventory)
    orgs = list(inventory.organizations.values())
    topics = list(inventory.taxonomy["topics"].values())
    peak = max((n for row in counts.values() for n in row.values()), default=0) or 1
    cell_w, cell_h, left, top = 56, 28, 250, 40
    width, height = left + cell_w * len(orgs) + 8, top + cell_h * len(topics) + 8
    parts = [
        f'<svg class="pri-heatmap" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="heatmap-title heatmap-desc">',
        '<title id="heatmap-title">Resources per topic and organization</title>',
        '<desc id="heatmap-desc">A heat map of the table above: the darker a square, the more resources '
        "the organization offers on the topic.</desc>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    for column, org in enumerate(orgs):
        x = left + column * cell_w + (cell_w - 2) / 2
        label = org.acronym or org.slug.upper()
        parts.append(
            f'<text x="{x:.0f}" y="{top - 10}" text-anchor="middle" font-size="12" fill="#212121">'
            f"{escape(label)}<title>{escape(org.name)}</title></text>"
        )
    for row, topic in enumerate(topics):
        y = top + row * cell_h
        parts.append(
            f'<text x="{left - 8}" y="{y + cell_h / 2 + 4:.0f}" text-anchor="end" font-size="12" '
            f'fill="#212121">{escape(topic.label)}</text>'
        )
        for column, org in enumerate(orgs):
            n = counts[org.slug][topic.slug]
            share = n / peak
            # From a pale to a deep indigo; the number is drawn in the colour that reads on it.
            red = round(238 - (238 - 40) * share)
            green = round(241 - (241 - 53) * share)
            blue = round(251 - (251 - 147) * share)
            x = left + column * cell_w
            tooltip = f"{escape(org.short_name)}, {escape(topic.label)}: {n}"
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell_w - 2}" height="{cell_h - 2}" '
                f'fill="rgb({red},{green},{blue})"><title>{tooltip}</title></rect>'
            )
            if n:
                colour = "#ffffff" if share > 0.45 else "#212121"
                parts.append(
                    f'<text x="{x + (cell_w - 2) / 2:.0f}" y="{y + cell_h / 2 + 4:.0f}" text-anchor="middle" '
                    f'font-size="12" fill="{colour}">{n}</text>'
                )
    parts.append("</svg>")
    return Markup("".join(parts))  # every interpolated text above is escaped
