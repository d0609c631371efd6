"""Analysis → W210: an item exercised at a level above its department's (行使层级).

A department acts at its own level and, through its branches, below it: a city bureau handles
items exercised at county level in its districts (出生登记 at the 派出所 under 市公安局). It
cannot exercise a power of a higher level unless that power is delegated to it (委托, 下放);
a provincial item handled by a city department is either such a delegation, which the
catalogue records under 委托部门, or a slip of `level` or `department`. A warning: delegation
is legal, but whoever publishes the bundle must confirm it.
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler import vocabulary
from compiler.analysis import Analysis
from dsl.diagnostics import Code, Diagnostic

# National 行使层级 order: 省 above 市 above 区县 above 乡镇街道 above 村社区.
_RANK = {level: rank for rank, level in enumerate(vocabulary.Level)}


def check_item_levels(analysis: Analysis) -> Iterator[Diagnostic]:
    bundle = analysis.bundle
    for item in bundle.items:
        found = bundle.scope.departments.get(item.department)
        if item.level is None or found is None:
            continue
        department = found.value
        if _RANK[item.level] >= _RANK[department.level]:
            continue
        doc, loc = bundle.written_at(item.id, "level")
        yield Diagnostic.of(
            Code.W210,
            doc.span((*loc, "level")),
            item=item.id,
            level=item.level,
            department=department.id,
            department_level=department.level,
            hint="部门只能行使本级及以下层级的事项；上级委托或下放的，核对实施清单的委托部门，"
            "否则改正 `level` 或 `department`",
        )
