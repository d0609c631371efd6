"""`yjs graph`: the item diagram in Mermaid, DOT (parsed by pydot) and SVG (parsed as XML).

The diagram must say what the plan says: one box per item in its stage's column, one arrow
per dependency with `after` drawn apart from result passing, one colour per department and a
dashed box exactly for the conditional items; and spec text stays text in every format.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pydot
import pytest
from sample_project import write_project
from typer.testing import CliRunner

from cli import app
from compiler.emit.diagram import DiagramFormat, EdgeKind, diagram, render_diagram, to_dot
from compiler.emit.svg import to_svg
from compiler.pipeline import CompileResult, compile_paths
from compiler.plan import Plan

# pydot 4 still calls pyparsing's camelCase names, which pyparsing 3.3 deprecates.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:pydot")

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script> ]]> {{ 7*7 }} & #quot; |end|'


def _boxes(svg: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg.encode("utf-8"))
    return {
        g.attrib["id"].removeprefix("item-"): g
        for g in root.iter(f"{SVG}g")
        if g.attrib.get("id", "").startswith("item-")
    }


def test_every_scenario_draws_every_item_and_dependency(real_scenarios: CompileResult) -> None:
    for sid, plan in real_scenarios.plans.items():
        d = diagram(plan)
        svg = to_svg(d)
        boxes = _boxes(svg)
        assert set(boxes) == {p.item.id for p in plan.items}, sid
        # Stages are columns: every box of a stage at one x, later stages further right.
        column_x = {}
        for p in plan.items:
            rect = boxes[p.item.id].find(f"{SVG}rect")
            assert rect is not None
            column_x.setdefault(p.stage, set()).add(float(rect.attrib["x"]))
        assert all(len(v) == 1 for v in column_x.values()), sid
        lefts = [min(column_x[s]) for s in sorted(column_x)]
        assert lefts == sorted(lefts) and len(set(lefts)) == len(lefts), sid
        needs = {(first, p.item.id) for p in plan.items for first in p.needs}
        assert {(a.source, a.target) for a in d.arrows} == needs, sid
        paths = [
            e for e in ET.fromstring(svg.encode()).iter(f"{SVG}path") if "marker-end" in e.attrib
        ]
        assert len(paths) == len(d.arrows) + 2, sid  # the legend draws one arrow of each kind


@pytest.mark.parametrize("sid", ["newborn", "company_deregistration", "business_permit"])
def test_dot_parses_with_every_item_and_edge(real_scenarios: CompileResult, sid: str) -> None:
    # pydot's parser is slow (about 0.2 s a bundle): three bundles of every shape suffice.
    d = diagram(real_scenarios.plans[sid])
    (graph,) = pydot.graph_from_dot_data(to_dot(d))
    nodes = {n.get_name().strip('"') for s in graph.get_subgraphs() for n in s.get_nodes()}
    assert nodes == set(d.boxes)
    assert len(graph.get_edges()) == len(d.arrows)


def test_after_is_drawn_apart_from_results(real_scenarios: CompileResult) -> None:
    d = diagram(real_scenarios.plans["company_deregistration"])
    kinds = {(a.source, a.target): a for a in d.arrows}
    after = kinds["tax_deregistration", "enterprise_deregistration_registration"]
    assert after.kind is EdgeKind.AFTER
    assert "清税后方可办理注销登记" in after.reason
    data = kinds["enterprise_deregistration_registration", "seal_deregistration"]
    assert (data.kind, data.label) == (EdgeKind.DATA, "准予注销登记通知书")
    dot = to_dot(d)
    assert '"tax_deregistration" -> "enterprise_deregistration_registration"' in dot
    assert "style=dashed];" in dot.split('"tax_deregistration" -> ')[1].splitlines()[0]
    mermaid = render_diagram(real_scenarios.plans["company_deregistration"], DiagramFormat.MERMAID)
    assert "i_tax_deregistration -.->" in mermaid
    assert "i_enterprise_deregistration_registration -->" in mermaid


def test_departments_share_a_colour_and_conditional_items_are_dashed(
    real_scenarios: CompileResult,
) -> None:
    plan: Plan = real_scenarios.plans["newborn"]
    boxes = _boxes(to_svg(diagram(plan)))
    fills: dict[str, set[str]] = {}
    for p in plan.items:
        rect = boxes[p.item.id].find(f"{SVG}rect")
        assert rect is not None
        fills.setdefault(p.department.id, set()).add(rect.attrib["fill"])
        assert ("stroke-dasharray" in rect.attrib) == (p.when is not None), p.item.id
    assert all(len(f) == 1 for f in fills.values())
    assert len({next(iter(f)) for f in fills.values()}) == len(fills)
    assert any(p.when is not None for p in plan.items)


def test_spec_text_stays_text_in_every_format(tmp_path: Path) -> None:
    root = write_project(tmp_path / "proj")
    spec = root / "scenarios" / "nb.yaml"
    spec.write_text(
        spec.read_text("utf-8").replace("name: 出生登记", f"name: '{HOSTILE}'"), "utf-8"
    )
    result = compile_paths([root / "scenarios"], emit=False)
    assert result.ok, [d.message for d in result.diagnostics]
    plan = result.plans["nb"]
    svg = render_diagram(plan, DiagramFormat.SVG)
    box = _boxes(svg)["b"]
    assert HOSTILE in "".join("".join(t.itertext()) for t in box.iter(f"{SVG}text"))
    assert "<script>" not in svg
    (graph,) = pydot.graph_from_dot_data(render_diagram(plan, DiagramFormat.DOT))
    labels = [n.get("label") for s in graph.get_subgraphs() for n in s.get_nodes()]
    assert any(HOSTILE.replace('"', '\\"') in (label or "") for label in labels)
    mermaid = render_diagram(plan, DiagramFormat.MERMAID)
    box_line = next(line for line in mermaid.splitlines() if line.strip().startswith("i_b["))
    label = box_line.split('["', 1)[1].rsplit('"]', 1)[0].split("<br/>")[0]
    assert not set('"<>[]{}|') & set(label)  # all as entities: nothing Mermaid would parse
    assert "#60;script#62;" in label


def test_cli_prints_each_format_and_rejects_an_unknown_id(tmp_path: Path) -> None:
    root = write_project(tmp_path / "proj")
    runner = CliRunner()
    scenarios = str(root / "scenarios")
    for fmt, start in (("mermaid", "flowchart LR"), ("dot", 'digraph "nb"'), ("svg", "<?xml")):
        first = runner.invoke(app, ["graph", "nb", scenarios, "--format", fmt])
        second = runner.invoke(app, ["graph", "nb", scenarios, "--format", fmt])
        assert first.exit_code == 0, first.output
        assert first.stdout.startswith(start)
        assert first.stdout == second.stdout  # byte-stable
    unknown = runner.invoke(app, ["graph", "newborn", scenarios])
    assert unknown.exit_code == 2
    assert "找不到一件事 `newborn`" in unknown.stderr


@pytest.mark.parametrize("fmt", ["png", ""])
def test_cli_rejects_an_unknown_format(tmp_path: Path, fmt: str) -> None:
    root = write_project(tmp_path / "proj")
    result = CliRunner().invoke(app, ["graph", "nb", str(root / "scenarios"), "--format", fmt])
    assert result.exit_code == 2
