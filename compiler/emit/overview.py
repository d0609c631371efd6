"""Plans → the overview table of all bundles (Markdown), as the README and `yjs stats` show it.

Derived from the same plans as every artefact, so the README cannot claim what the specs do
not say; a test fails when the README's copy is stale.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from compiler.plan import Plan

README_START = "<!-- yjs:overview:start -->"
README_END = "<!-- yjs:overview:end -->"
HEADER = (
    "| 上线批次 | 一件事 | 标识 | 牵头部门 | 事项数 | 部门数 | 承诺时限（工作日） | 关键路径（工作日） |\n"
    "|---|---|---|---|---|---|---|---|\n"
)


def render_overview(plans: Iterable[Plan]) -> str:
    rows = sorted(plans, key=lambda p: (p.scenario.batch, p.scenario.scenario))
    lines = [
        f"| {p.scenario.batch.isoformat()} | {p.scenario.name} | `{p.scenario.scenario}` | "
        f"{p.lead.name} | {len(p.items)} | {len(p.departments)} | {p.scenario.promised_days} | "
        f"{p.total_days} |"
        for p in rows
    ]
    return HEADER + "\n".join(lines) + "\n"


def replace_overview(readme: str, table: str) -> str:
    """README text with the block between the markers replaced by `table`."""
    start = readme.index(README_START) + len(README_START)
    end = readme.index(README_END)
    return readme[:start] + "\n" + table + readme[end:]


def update_readme(readme: Path, table: str) -> bool:
    """Put `table` between the README's markers; True when the file changed.

    Raises ValueError when the README has no markers: where the table goes is the author's call.
    """
    text = readme.read_text(encoding="utf-8")
    updated = replace_overview(text, table)
    if updated == text:
        return False
    readme.write_text(updated, encoding="utf-8")
    return True
