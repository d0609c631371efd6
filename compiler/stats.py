"""Metrics of every scenario → `yjs stats` as a text table, JSON or CSV.

Each row is one scenario's worst case, figure by figure: before (each item on its own), after
(the bundle) and the reduction in percent. The numbers are compiler/metrics.py's, the same
metrics.json holds; this module only lays them out.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from compiler.emit.csv_cells import csv_text
from compiler.metrics import Figure, Metrics, reduction
from compiler.plan import Plan


def _rows(plans: dict[str, Plan], metrics: Iterable[Metrics]) -> list[dict[str, Any]]:
    rows = []
    for m in metrics:
        before, after = m.bound("max", "before"), m.bound("max", "after")
        rows.append(
            {
                "scenario": m.scenario,
                "name": plans[m.scenario].scenario.name,
                "exhaustive": m.exhaustive,
                "figures": {
                    f.key: {
                        "before": before.get(f),
                        "after": after.get(f),
                        "reduction_percent": reduction(before.get(f), after.get(f)),
                    }
                    for f in Figure
                },
            }
        )
    return rows


def stats_json(plans: dict[str, Plan], metrics: Iterable[Metrics]) -> str:
    return json.dumps(_rows(plans, metrics), ensure_ascii=False, indent=2) + "\n"


def stats_csv(plans: dict[str, Plan], metrics: Iterable[Metrics]) -> str:
    header: list[object] = ["scenario", "name", "exhaustive"]
    header += [
        f"{f.key}_{side}" for f in Figure for side in ("before", "after", "reduction_percent")
    ]
    body: list[list[object]] = [header]
    for row in _rows(plans, metrics):
        cells: list[object] = [row["scenario"], row["name"], row["exhaustive"]]
        for f in Figure:
            got = row["figures"][f.key]
            cells += [got["before"], got["after"], got["reduction_percent"]]
        body.append(cells)
    return csv_text(body)


def stats_text(plans: dict[str, Plan], metrics: Iterable[Metrics]) -> str:
    """One Markdown table: 办前 → 办后（减少 %）for each figure, worst case."""
    heads = [f"{f.label}（{f.unit}）" for f in Figure]
    lines = [
        "| 一件事 | " + " | ".join(heads) + " |",
        "|---|" + "---|" * len(heads),
    ]
    for row in _rows(plans, metrics):
        cells = [_cell(row["figures"][f.key]) for f in Figure]
        lines.append(f"| {row['name']} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("单事项分别办理 → 一件事一次办（最坏情况；— 为规格未写明办理渠道）")
    return "\n".join(lines) + "\n"


def _cell(got: dict[str, Any]) -> str:
    before, after, percent = got["before"], got["after"], got["reduction_percent"]
    if before is None or after is None:
        return "—"
    return f"{before} → {after}" + (f"（减少 {percent:g}%）" if percent is not None else "")
