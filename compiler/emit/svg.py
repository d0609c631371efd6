"""Diagram → SVG drawn by yjs itself: the picture works offline with no Graphviz binary.

The layout is the one a bundle's structure already gives: stage columns from left to right,
items stacked in plan order inside their column, arrows from the right edge of an item to the
left edge of the one that waits for it. No crossing minimisation: bundles have a handful of
items per stage, and a stable, predictable picture (same plan, same bytes) matters more to a
reviewer diffing two versions than a prettier one.

Text widths are estimated (a CJK character is one em, anything else about half), which is
what keeps the output byte-stable without font metrics; labels are wrapped to the box width.
"""

from __future__ import annotations

import math
import unicodedata
from xml.sax.saxutils import escape, quoteattr

from compiler.emit.diagram import Arrow, Box, Diagram, EdgeKind

FONT = 13  # px
LINE = 18  # px between baselines
BOX_WIDTH = 210
PAD = 10
COLUMN_GAP = 90
ROW_GAP = 26
MARGIN = 24
TITLE = 44
HEADER = 30
FONTS = "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',sans-serif"


def to_svg(d: Diagram) -> str:
    """The whole picture as one standalone SVG document (UTF-8, no external reference)."""
    wrapped = {box.id: _box_text(box, d) for box in d.boxes.values()}
    heights = {bid: 2 * PAD + LINE * len(lines) for bid, lines in wrapped.items()}
    place: dict[str, tuple[int, int]] = {}
    column_bottom = TITLE + HEADER
    for index, column in enumerate(d.columns):
        x = MARGIN + index * (BOX_WIDTH + COLUMN_GAP)
        y = TITLE + HEADER
        for box_id in column:
            place[box_id] = (x, y)
            y += heights[box_id] + ROW_GAP
        column_bottom = max(column_bottom, y)
    width = MARGIN * 2 + max(1, len(d.columns)) * (BOX_WIDTH + COLUMN_GAP) - COLUMN_GAP
    legend_top = column_bottom + 10
    legend, legend_height = _legend(d, legend_top, width)
    height = legend_top + legend_height + MARGIN
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family={quoteattr(FONTS)} font-size="{FONT}" '
        f'role="img" aria-label={quoteattr(_clean(d.title))}>',
        f"<title>{_text(d.title)}</title>",
        "<defs>",
        _marker("arrow-data", "#333"),
        _marker("arrow-after", "#b3541e"),
        "</defs>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{MARGIN}" y="{MARGIN + 6}" font-size="17" font-weight="bold">'
        f"{_text(d.title)}</text>",
    ]
    for index in range(len(d.columns)):
        x = MARGIN + index * (BOX_WIDTH + COLUMN_GAP)
        out.append(
            f'<text x="{x + BOX_WIDTH // 2}" y="{TITLE + 16}" text-anchor="middle" '
            f'fill="#555">第 {index + 1} 阶段</text>'
        )
    out.extend(_arrow(a, place, heights) for a in d.arrows)
    for box_id, (x, y) in place.items():
        out.append(_box(d.boxes[box_id], d, x, y, heights[box_id], wrapped[box_id]))
    out.extend(legend)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _box(box: Box, d: Diagram, x: int, y: int, height: int, lines: list[str]) -> str:
    dash = ' stroke-dasharray="6 4"' if box.condition else ""
    parts = [
        f"<g id={quoteattr('item-' + box.id)}>",
        f"<title>{_text(box.id)}</title>",
        f'<rect x="{x}" y="{y}" width="{BOX_WIDTH}" height="{height}" rx="8" '
        f'fill="{d.colour(box.department)}" stroke="#444"{dash}/>',
    ]
    for number, line in enumerate(lines):
        weight = ' font-weight="bold"' if number == 0 else ""
        parts.append(
            f'<text x="{x + PAD}" y="{y + PAD + 13 + number * LINE}"{weight}>{_text(line)}</text>'
        )
    parts.append("</g>")
    return "\n".join(parts)


def _arrow(arrow: Arrow, place: dict[str, tuple[int, int]], heights: dict[str, int]) -> str:
    (sx, sy), (tx, ty) = place[arrow.source], place[arrow.target]
    x1, y1 = sx + BOX_WIDTH, sy + heights[arrow.source] // 2
    x2, y2 = tx - 2, ty + heights[arrow.target] // 2
    bend = max(30, (x2 - x1) // 2)
    after = arrow.kind is EdgeKind.AFTER
    colour, marker = ("#b3541e", "arrow-after") if after else ("#333", "arrow-data")
    dash = ' stroke-dasharray="5 4"' if after else ""
    return (
        f'<path d="M{x1},{y1} C{x1 + bend},{y1} {x2 - bend},{y2} {x2},{y2}" fill="none" '
        f'stroke="{colour}" stroke-width="1.4"{dash} marker-end="url(#{marker})">'
        f"<title>{_text(arrow.reason or arrow.label)}</title></path>"
    )


def _marker(name: str, colour: str) -> str:
    return (
        f'<marker id="{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" '
        f'markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        f'fill="{colour}"/></marker>'
    )


def _legend(d: Diagram, top: int, width: int) -> tuple[list[str], int]:
    out = [f'<text x="{MARGIN}" y="{top + 14}" font-weight="bold">图例</text>']
    x, y = MARGIN, top + 28
    for lane in d.departments:
        label = _clean(lane.name)
        step = 48 + math.ceil(_width(label))
        if x + step > width - MARGIN and x > MARGIN:
            x, y = MARGIN, y + 24
        out.append(
            f'<rect x="{x}" y="{y}" width="16" height="16" rx="3" fill="{lane.colour}" '
            f'stroke="#444"/><text x="{x + 22}" y="{y + 13}">{_text(label)}</text>'
        )
        x += step
    y += 30
    keys = [
        ('stroke="#333"', "arrow-data", "取用前一事项的办件结果"),
        ('stroke="#b3541e" stroke-dasharray="5 4"', "arrow-after", "按规定的先后顺序办理（after）"),
    ]
    for style, marker, label in keys:
        out.append(
            f'<path d="M{MARGIN},{y + 8} L{MARGIN + 44},{y + 8}" {style} stroke-width="1.4" '
            f'marker-end="url(#{marker})"/><text x="{MARGIN + 54}" y="{y + 13}">{label}</text>'
        )
        y += 24
    out.append(
        f'<rect x="{MARGIN}" y="{y}" width="44" height="16" rx="3" fill="#ffffff" stroke="#444" '
        f'stroke-dasharray="6 4"/><text x="{MARGIN + 54}" y="{y + 13}">'
        "虚线框：仅在括号中的条件成立时办理</text>"
    )
    return out, y + 24 - top


def _box_text(box: Box, d: Diagram) -> list[str]:
    department = next(lane.name for lane in d.departments if lane.id == box.department)
    lines = _wrap(box.name) + _wrap(department) + _wrap(f"承诺 {box.days}")
    if box.condition:
        lines += _wrap(f"（{box.condition}）")
    return lines


def _wrap(text: str) -> list[str]:
    """Break `text` into lines that fit the box, by estimated width; never an empty list."""
    limit = BOX_WIDTH - 2 * PAD
    lines, current = [], ""
    for char in _clean(text):
        if current and _width(current + char) > limit:
            lines.append(current)
            current = ""
        current += char
    return [*lines, current]


def _width(text: str) -> float:
    return sum(FONT if unicodedata.east_asian_width(c) in "WF" else FONT * 0.56 for c in text)


def _clean(text: str) -> str:
    """XML 1.0 cannot carry most control characters at all, escaped or not."""
    return "".join(c if c >= " " else " " for c in text)


def _text(text: str) -> str:
    return escape(_clean(text))
