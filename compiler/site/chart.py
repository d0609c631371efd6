"""Before/after figures → a small inline SVG bar chart (no script, no font file, no library).

One row per figure the government promises in public (materials, steps, days, visits): a grey
bar for the items handled one by one, a green bar for the bundle, each scaled to the larger of
the two so a reader sees the reduction at a glance. A figure the spec cannot state (visits when
an item gives no channels) is drawn as text, never as a zero-length bar.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from compiler.metrics import Figure, Figures

CHARTED = (Figure.MATERIALS, Figure.STEPS, Figure.DAYS, Figure.VISITS)
NOT_STATED = "未写明"
LABEL = 76  # px for the figure's name
BAR = 200  # px for the longest bar
VALUE = 44  # px for the number after a bar
ROW = 12  # px per bar
GAP = 10  # px between figures
COLOURS = {"before": "#9aa3ad", "after": "#2e7d4f"}


def metrics_chart(before: Figures, after: Figures, title: str) -> Markup:
    """The chart as an `<svg>` element to place in HTML; `title` names it for screen readers."""
    width = LABEL + BAR + VALUE
    height = len(CHARTED) * (2 * ROW + GAP)
    parts = [
        f'<svg class="chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for index, figure in enumerate(CHARTED):
        top = index * (2 * ROW + GAP)
        parts.append(
            f'<text x="0" y="{top + ROW + 4}" font-size="12">{escape(figure.label)}</text>'
        )
        values = {"before": before.get(figure), "after": after.get(figure)}
        largest = max((v for v in values.values() if v is not None), default=0) or 1
        for row, (side, value) in enumerate(values.items()):
            y = top + row * ROW
            if value is None:
                parts.append(
                    f'<text x="{LABEL}" y="{y + ROW - 2}" font-size="10" fill="#555">'
                    f"{NOT_STATED}</text>"
                )
                continue
            length = round(BAR * value / largest)
            parts.append(
                f'<rect class="bar-{side}" x="{LABEL}" y="{y + 1}" width="{length}" '
                f'height="{ROW - 2}" fill="{COLOURS[side]}"/>'
                f'<text x="{LABEL + length + 4}" y="{y + ROW - 2}" font-size="10">{value}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))  # every text in it passed through escape() above
