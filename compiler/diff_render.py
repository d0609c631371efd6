"""BundleDiffs → the text of `yjs diff` (Markdown, for a terminal or a PR comment) and its JSON.

Only bundles with a difference are listed. Spec text (names, questions, condition text) is data:
escaped for Markdown (compiler/emit/markdown.py) and then for the terminal (`printable`), so a
name can neither format the comment nor drive the terminal. The JSON is documented in the
README (`yjs diff --format json`); its `format_version` changes when its shape does.
"""

from __future__ import annotations

from typing import Any

from compiler.emit.markdown import escape_markdown
from compiler.plan_diff import Action, BundleDiff, Change, Detail, FigureChange
from dsl.render import printable

FORMAT_VERSION = "1"

_ACTIONS = {Action.ADDED: "新增", Action.REMOVED: "删除", Action.CHANGED: "修改"}
# The four numbers of a figure, as the text names them: (key, side of the bundle, case).
_BOUNDS = (
    ("after_worst", "一件事", "最多"),
    ("after_best", "一件事", "最少"),
    ("before_worst", "分别办理", "最多"),
    ("before_best", "分别办理", "最少"),
)


def render_json(diffs: list[BundleDiff], old: str, new: str) -> dict[str, Any]:
    shown = [d for d in diffs if not d.empty]
    return {
        "format": "yjs-diff",
        "format_version": FORMAT_VERSION,
        "old": old,
        "new": new,
        "changed": bool(shown),
        "scenarios": [
            {
                "scenario": d.scenario,
                "name": d.name,
                "action": str(d.action),
                "changes": [_change_json(c) for c in d.changes],
                "metrics": [_figure_json(f) for f in d.metrics],
            }
            for d in shown
        ],
    }


def _change_json(change: Change) -> dict[str, Any]:
    return {
        "entity": str(change.entity),
        "id": change.id,
        "name": change.name,
        "action": str(change.action),
        "details": [_detail_json(d) for d in change.details],
    }


def _detail_json(detail: Detail) -> dict[str, Any]:
    out: dict[str, Any] = {
        "key": detail.key,
        "label": detail.label,
        "old": detail.old,
        "new": detail.new,
    }
    if isinstance(detail.old, list) and isinstance(detail.new, list):
        out["added"] = [x for x in detail.new if x not in detail.old]
        out["removed"] = [x for x in detail.old if x not in detail.new]
    return out


def _figure_json(change: FigureChange) -> dict[str, Any]:
    figure = change.figure
    return {
        "figure": figure.key,
        "label": figure.label,
        "unit": figure.unit,
        "old": dict(change.old),
        "new": dict(change.new),
    }


def render_text(diffs: list[BundleDiff], old: str, new: str) -> str:
    shown = [d for d in diffs if not d.empty]
    lines = [f"yjs diff：{_label(old)} → {_label(new)}", ""]
    if not shown:
        lines.append("没有语义变化（事项、字段、材料、部门、条件、时限和指标都相同）。")
    for d in shown:
        lines += [f"## {_md(d.name)}（`{d.scenario}`）", ""]
        if d.action is not Action.CHANGED:
            lines += [f"整个一件事{_ACTIONS[d.action]}。", ""]
            continue
        lines += [f"变化（{len(d.changes)} 处）：" if d.changes else "规格没有变化。", ""]
        for change in d.changes:
            lines += _change_text(change)
        if d.changes:
            lines.append("")
        if d.metrics:
            lines += ["指标变化：", ""]
            lines += [_figure_text(f) for f in d.metrics]
            lines.append("")
    return "\n".join(printable(line) for line in lines).rstrip("\n") + "\n"


def _change_text(change: Change) -> list[str]:
    who = f"`{change.id}` {_md(change.name)}" if change.id else _md(change.name)
    head = f"- {_ACTIONS[change.action]}{change.entity.word} {who}"
    if not change.details:
        return [head]
    out = [f"{head}："]
    for detail in change.details:
        if isinstance(detail.old, list) and isinstance(detail.new, list):
            added = [x for x in detail.new if x not in detail.old]
            removed = [x for x in detail.old if x not in detail.new]
            parts = [f"+{_md(x)}" for x in added] + [f"−{_md(x)}" for x in removed]
            moved = "" if parts else f"{_md(detail.old_text)} → {_md(detail.new_text)}"
            out.append(f"  - {detail.label}：{' '.join(parts) or moved}")
        else:
            out.append(f"  - {detail.label}：{_md(detail.old_text)} → {_md(detail.new_text)}")
    return out


def _figure_text(change: FigureChange) -> str:
    figure = change.figure
    parts = []
    for key, side, case in _BOUNDS:
        before, after = change.old[key], change.new[key]
        if before != after:
            parts.append(f"{side}{case} {_number(before)} → {_number(after)}")
    return f"- {figure.label}（{figure.unit}）：{'，'.join(parts)}"


def _number(value: int | None) -> str:
    return "未写明" if value is None else str(value)


def _label(text: str) -> str:
    """A path or a revision as a code span (`HEAD~3`), escaped text when it holds a backtick."""
    return _md(text) if "`" in text else f"`{text}`"


def _md(text: str) -> str:
    return escape_markdown(text)
