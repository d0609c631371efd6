"""Plans and metrics → the site's pages: `index.html` and one `<scenario>.html` per bundle.

Pages are rendered by the sandboxed, autoescaped environment of render.py from the parts in
parts.py; each page carries the scripts it runs and the data they read, so it works alone from
`file://`. The index lists every scenario by subject (个人、企业、项目) and 上线批次 with its
figures and chart, and a search over names, items, materials and departments.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from compiler import vocabulary
from compiler.metrics import Figure, Figures, Metrics
from compiler.plan import Plan
from compiler.site import parts
from compiler.site.chart import CHARTED, NOT_STATED, metrics_chart
from compiler.site.render import SITE_FORMAT_VERSION, asset, json_island, policy, render
from compiler.version import COMPILER_VERSION


def page_name(sid: str) -> str:
    return f"{sid}.html"


@dataclass(frozen=True, slots=True)
class Figured:
    """One figure of a scenario, before and after, as the index and the page show it."""

    label: str
    unit: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class Entry:
    """A scenario as the index lists it."""

    sid: str
    page: str
    name: str
    subject: str
    batch: str
    lead: str
    items: int
    departments: int
    figures: tuple[Figured, ...]
    chart: Markup


def entry(plan: Plan, metrics: Metrics) -> Entry:
    spec = plan.scenario
    before, after = metrics.bound("max", "before"), metrics.bound("max", "after")
    return Entry(
        sid=spec.scenario,
        page=page_name(spec.scenario),
        name=spec.name,
        subject=str(spec.subject),
        batch=spec.batch.isoformat(),
        lead=plan.lead.name,
        items=len(plan.items),
        departments=len(plan.departments),
        figures=_figures(before, after),
        chart=metrics_chart(before, after, f"{spec.name}：一件事前后的材料、环节、时限和跑动"),
    )


def _figures(before: Figures, after: Figures) -> tuple[Figured, ...]:
    def shown(value: int | None) -> str:
        return NOT_STATED if value is None else str(value)

    return tuple(
        Figured(f.label, f.unit, shown(before.get(f)), shown(after.get(f))) for f in CHARTED
    )


def search_index(plans: Iterable[Plan]) -> list[dict[str, str]]:
    """What the index's search box looks in: each scenario's names, items, materials and
    departments, as one lower-cased text per scenario."""
    out = []
    for plan in plans:
        words = [plan.scenario.name, plan.scenario.scenario, plan.lead.name]
        words += [p.item.name for p in plan.items]
        words += [m.material.name for m in plan.materials]
        words += [d.department.name for d in plan.departments]
        out.append({"id": plan.scenario.scenario, "text": " ".join(words).lower()})
    return out


def index_page(plans: list[Plan], metrics: dict[str, Metrics]) -> bytes:
    entries = [entry(p, metrics[p.scenario.scenario]) for p in plans]
    groups = []
    for subject in vocabulary.Subject:
        mine = sorted((e for e in entries if e.subject == subject), key=lambda e: e.batch)
        batches: dict[str, list[Entry]] = {}
        for e in mine:
            batches.setdefault(e.batch, []).append(e)
        if batches:
            groups.append((str(subject), list(batches.items())))
    scripts = [asset("search.js")]
    return _page(
        "index.html.j2",
        scripts,
        title="长沙市一件事一次办",
        groups=groups,
        count=len(entries),
        search=json_island(search_index(plans)),
        labels=[(f.label, f.unit) for f in CHARTED],
    )


def scenario_page(plan: Plan, metrics: Metrics) -> bytes:
    schema, ui = parts.form_schema(plan), parts.form_ui(plan)
    scripts = [parts.formats_script(), asset("form.js")]
    return _page(
        "scenario.html.j2",
        scripts,
        title=plan.scenario.name,
        spec=plan.scenario,
        entry=entry(plan, metrics),
        notice=parts.notice_html(plan),
        sections=parts.form_sections(schema, ui),
        form_data=json_island({"schema": schema, "ui": ui}),
        routes=parts.routing(plan),
        diagram=parts.diagram_svg(plan),
        rules=parts.supervision(plan),
        figure_days=Figure.DAYS.unit,
    )


def _page(template: str, scripts: list[str], **context: Any) -> bytes:
    html = render(
        template,
        css=Markup(asset("site.css")),  # our own stylesheet, no spec text in it
        scripts=[Markup(s) for s in scripts],  # our own scripts, allowed by hash below
        csp=policy(scripts),
        compiler_version=COMPILER_VERSION,
        site_version=SITE_FORMAT_VERSION,
        **context,
    )
    return html.encode("utf-8")
