"""Plan → the bundle's item diagram (`yjs graph`): stages as columns, DOT and Mermaid text.

A reviewer reads the routing of a bundle faster as a picture than as a table: which items run
in parallel (one column per stage), which department handles each (one colour per department),
which are only handled for some applicants (a dashed box and the condition in words), and why
an item waits for another — it takes a result from it (solid arrow, labelled with the result)
or the law orders it `after` the other although nothing passes between them (dashed arrow).

`Diagram` is the one layout-free description every format renders: DOT for Graphviz users,
Mermaid for Markdown hosts that draw it (GitLab, GitHub), and SVG (compiler/emit/svg.py) drawn
by yjs itself so no Graphviz binary is needed. Spec text is escaped for each format here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from compiler.plan import Plan, condition_words

# Light fills a label stays readable on, distinct for the usual colour-vision deficiencies
# (Okabe–Ito hues, lightened); departments take them in order of first appearance.
PALETTE = (
    "#cfe5f5",
    "#fbe3c2",
    "#c9eadf",
    "#f7d4e6",
    "#fbf3b5",
    "#d9d2ee",
    "#e7d6c6",
    "#d5e8b9",
    "#f3c9c2",
    "#c7e3ea",
    "#e3e3e3",
    "#f0dfb8",
)


class EdgeKind(StrEnum):
    DATA = "data"  # the later item takes a result of the earlier one
    AFTER = "after"  # written `after`: ordered although no result passes


@dataclass(frozen=True, slots=True)
class Box:
    id: str
    name: str
    department: str  # department id
    stage: int  # 1-based column
    days: str  # the promised limit in its unit, e.g. 1 个工作日
    condition: str | None  # the condition in words, None when always handled


@dataclass(frozen=True, slots=True)
class Arrow:
    source: str
    target: str
    kind: EdgeKind
    label: str  # the results passed (names), or 先后顺序 for an `after`
    reason: str  # the `after` reason as written ("" when none): tooltips, not labels


@dataclass(frozen=True, slots=True)
class Lane:
    id: str
    name: str
    colour: str


@dataclass(frozen=True, slots=True)
class Diagram:
    scenario: str
    title: str
    columns: tuple[tuple[str, ...], ...]  # stage → box ids, in plan order
    boxes: dict[str, Box]
    arrows: tuple[Arrow, ...]
    departments: tuple[Lane, ...]  # legend order

    def colour(self, department: str) -> str:
        return next(lane.colour for lane in self.departments if lane.id == department)


def diagram(plan: Plan) -> Diagram:
    """The plan's items, their stages, departments, conditions and the edges between them."""
    words = condition_words(plan)
    names = {p.item.id: p.item.name for p in plan.items}
    lanes: dict[str, Lane] = {}
    boxes: dict[str, Box] = {}
    for planned in plan.items:
        department = planned.department
        if department.id not in lanes:
            colour = PALETTE[len(lanes) % len(PALETTE)]
            lanes[department.id] = Lane(department.id, department.name, colour)
        boxes[planned.item.id] = Box(
            planned.item.id,
            planned.item.name,
            department.id,
            planned.stage,
            planned.item.days.promised.text(),
            None if planned.when is None else words(planned.when),
        )
    return Diagram(
        scenario=plan.scenario.scenario,
        title=plan.scenario.name,
        columns=tuple(stage.items for stage in plan.stages),
        boxes=boxes,
        arrows=_arrows(plan, names),
        departments=tuple(lanes.values()),
    )


def _arrows(plan: Plan, names: dict[str, str]) -> tuple[Arrow, ...]:
    by_id = {p.item.id: p for p in plan.items}
    result_names = {m.material.id: m.material.name for m in plan.materials}
    from_results = {f.definition.id: f.definition.from_result for f in plan.form}
    arrows = []
    for planned in plan.items:
        takes = set(planned.materials)
        takes |= {r for f in planned.fields if (r := from_results.get(f)) is not None}
        ordered = {entry.item: entry for entry in planned.after}
        for first in planned.needs:
            passed = [r for r in by_id[first].item.produces if r in takes]
            if passed:
                label = "、".join(result_names.get(r, r) for r in passed)
                arrows.append(Arrow(first, planned.item.id, EdgeKind.DATA, label, ""))
            if first in ordered or not passed:
                entry = ordered.get(first)
                reason = entry.reason if entry is not None and entry.reason else ""
                why = reason or f"在“{names[first]}”办结之后办理"
                arrows.append(Arrow(first, planned.item.id, EdgeKind.AFTER, "先后顺序", why))
    return tuple(arrows)


def to_dot(d: Diagram) -> str:
    """Graphviz DOT: one cluster per stage, left to right; every string quoted and escaped."""
    lines = [
        f"digraph {_dot(d.scenario)} {{",
        f"  label={_dot(d.title)};",
        "  labelloc=t;",
        "  rankdir=LR;",
        "  newrank=true;",
        '  node [shape=box, style="rounded,filled", fontname="sans-serif"];',
        '  edge [fontname="sans-serif", fontsize=10];',
    ]
    for number, column in enumerate(d.columns, start=1):
        lines.append(f"  subgraph {_dot(f'cluster_stage_{number}')} {{")
        lines.append(f"    label={_dot(f'第 {number} 阶段')};")
        lines.append("    style=dashed;")
        for box_id in column:
            box = d.boxes[box_id]
            style = "rounded,filled,dashed" if box.condition else "rounded,filled"
            label = "\n".join(_box_lines(box, d))
            lines.append(
                f"    {_dot(box.id)} [label={_dot(label)}, fillcolor={_dot(d.colour(box.department))},"
                f" style={_dot(style)}];"
            )
        lines.append("  }")
    for arrow in d.arrows:
        style = "dashed" if arrow.kind is EdgeKind.AFTER else "solid"
        lines.append(
            f"  {_dot(arrow.source)} -> {_dot(arrow.target)} "
            f"[label={_dot(arrow.label)}, tooltip={_dot(arrow.reason or arrow.label)}, "
            f"style={style}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_mermaid(d: Diagram) -> str:
    """Mermaid flowchart: one subgraph per stage; labels as quoted strings with entities."""
    lines = ["flowchart LR"]
    for number, column in enumerate(d.columns, start=1):
        lines.append(f'  subgraph stage_{number}["第 {number} 阶段"]')
        lines.append("    direction TB")
        for box_id in column:
            box = d.boxes[box_id]
            label = "<br/>".join(_mermaid(line) for line in _box_lines(box, d))
            lines.append(f'    {_mermaid_id(box.id)}["{label}"]')
        lines.append("  end")
    for arrow in d.arrows:
        link = "-.->" if arrow.kind is EdgeKind.AFTER else "-->"
        lines.append(
            f'  {_mermaid_id(arrow.source)} {link}|"{_mermaid(arrow.label)}"| '
            f"{_mermaid_id(arrow.target)}"
        )
    for index, lane in enumerate(d.departments):
        members = [b.id for b in d.boxes.values() if b.department == lane.id]
        lines.append(f"  classDef dept{index} fill:{lane.colour},stroke:#555")
        lines.append(f"  class {','.join(_mermaid_id(m) for m in members)} dept{index}")
    conditional = [_mermaid_id(b.id) for b in d.boxes.values() if b.condition]
    if conditional:
        lines.append("  classDef conditional stroke-dasharray: 5 3")
        lines.append(f"  class {','.join(conditional)} conditional")
    return "\n".join(lines) + "\n"


def _box_lines(box: Box, d: Diagram) -> list[str]:
    department = next(lane.name for lane in d.departments if lane.id == box.department)
    lines = [box.name, department, f"承诺 {box.days}"]
    if box.condition:
        lines.append(f"（{box.condition}）")
    return lines


def _dot(text: str) -> str:
    """A DOT double-quoted string: backslash and quote escaped, newlines as centred breaks."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\r", "").replace("\n", "\\n") + '"'


def _mermaid(text: str) -> str:
    """Mermaid label text: characters with a meaning in its syntax or in HTML as entities."""
    out = []
    for char in text:
        if char in '"#&<>[](){}|;`\\' or ord(char) < 0x20:
            out.append(f"#{ord(char)};")
        else:
            out.append(char)
    return "".join(out)


def _mermaid_id(item_id: str) -> str:
    # Item ids are [a-z][a-z0-9_]*; the prefix keeps Mermaid keywords (end, graph) from them.
    return f"i_{item_id}"


class DiagramFormat(StrEnum):
    MERMAID = "mermaid"
    DOT = "dot"
    SVG = "svg"


def render_diagram(plan: Plan, fmt: DiagramFormat) -> str:
    """`yjs graph`'s output: the plan's diagram in `fmt`."""
    from compiler.emit.svg import to_svg  # the SVG layout is only needed for svg

    d = diagram(plan)
    renderers = {DiagramFormat.MERMAID: to_mermaid, DiagramFormat.DOT: to_dot}
    return to_svg(d) if fmt is DiagramFormat.SVG else renderers[fmt](d)
