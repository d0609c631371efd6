"""Analysis + the date it is judged at → W701 (no longer valid) and W702 (not yet valid).

Rules change: a basis is repealed, an item is abolished, a material stops being asked for, and a
new rule starts on a published date. A spec records those dates (`valid_from`, the first day a
thing holds; `valid_until`, the first day it no longer does), and this check says, for the date
asked (`yjs check --as-of`, today by default), which of its legal bases (the bundle's and those
of its special procedures), items and materials do not hold. They are warnings: a spec written
ahead of a change, or kept for an old case, is not wrong, but whoever publishes it must know.
Each points at the entry (the basis's title, the item's id or its `use`, the material's id) and
names the date, written where the date is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from compiler import ir
from compiler.analysis import Analysis
from compiler.program import Unit
from dsl.diagnostics import Code, Diagnostic, Related
from dsl.document import Loc
from dsl.source import Span


@dataclass(frozen=True, slots=True)
class _Dated:
    """One dated entry: what it is in words, where it is named, where its dates are written."""

    what: str
    span: Span
    unit: Unit
    loc: Loc  # of the entry whose valid_from / valid_until are read
    begins: str  # the verb for its start (施行 for a law, 适用 otherwise)
    ends: str  # the words for its end (废止, 不再适用)
    hints: tuple[str, str]  # (no longer valid, not yet valid)


_BASIS_HINTS = (
    "已废止的规定不能再作为依据：换成取代它的现行规定（写明 valid_from），或删去这一条",
    "这条依据在检查日期还未施行：核对施行日期；施行前办理仍以现行规定为依据",
)
_ITEM_HINTS = (
    "已失效的事项不再办理：从本一件事中删去它，或核对 valid_until",
    "这个事项在检查日期还不能办理：核对 valid_from，或用 `--as-of 日期` 按上线日期检查",
)
_MATERIAL_HINTS = (
    "不再需要的材料会让申请人多交：从各事项的 materials 中删去它，或核对 valid_until",
    "这份材料在检查日期还不要求提交：核对 valid_from，或用 `--as-of 日期` 按施行日期检查",
)


def check_validity(analysis: Analysis, as_of: dt.date) -> Iterator[Diagnostic]:
    for dated, value in _dated(analysis):
        yield from _judge(dated, value, as_of)


def _dated(
    analysis: Analysis,
) -> Iterator[tuple[_Dated, ir.LegalBasis | ir.Item | ir.Material]]:
    bundle = analysis.bundle
    unit = bundle.unit
    bases = bundle.scenario.legal_basis
    for i, basis in enumerate(bases):
        if isinstance(basis, ir.LegalBasis) and not _kept_as_history(basis, bases):
            loc = ("legal_basis", i)
            span = unit.doc.span((*loc, "title"))
            yield (
                _Dated(f"法律依据{basis.title}", span, unit, loc, "施行", "废止", _BASIS_HINTS),
                basis,
            )
    yield from _procedure_bases(analysis)
    for item in bundle.items:
        defined = bundle.scope.items.get(item.id)
        if defined is None or (item.valid_from is None and item.valid_until is None):
            continue
        here = bundle.item_locs[item.id]
        named = (*here, "use") if (*here, "use") in unit.doc.value_spans else (*here, "id")
        what = f"事项 `{item.id}`（{item.name}）"
        dated = _Dated(
            what, unit.doc.span(named), defined.unit, defined.loc, "适用", "不再适用", _ITEM_HINTS
        )
        yield dated, item
    used = dict.fromkeys(mid for item in bundle.items for mid in item.materials)
    for mid in used:
        found = bundle.scope.materials.get(mid)
        if found is None:
            continue
        material = found.value
        if material.valid_from is None and material.valid_until is None:
            continue
        what = f"材料 `{mid}`（{material.name}）"
        dated = _Dated(what, found.span, found.unit, found.loc, "要求", "不再要求", _MATERIAL_HINTS)
        yield dated, material


def _procedure_bases(analysis: Analysis) -> Iterator[tuple[_Dated, ir.LegalBasis]]:
    """The structured `basis` of each special procedure, judged as a legal basis is (W510 asks
    for one; a repealed one no more excuses the time than none)."""
    bundle = analysis.bundle
    for item in bundle.items:
        doc, loc = bundle.written_at(item.id, "special_procedures")
        defined = bundle.scope.items.get(item.id)
        unit = bundle.unit if doc is bundle.unit.doc or defined is None else defined.unit
        for j, procedure in enumerate(item.special_procedures):
            if not isinstance(procedure.basis, ir.LegalBasis):
                continue
            at = (*loc, "special_procedures", j, "basis")
            what = f"特别程序“{procedure.name}”的依据{procedure.basis.title}"
            span = doc.span((*at, "title"))
            yield _Dated(what, span, unit, at, "施行", "废止", _BASIS_HINTS), procedure.basis


def _kept_as_history(basis: ir.LegalBasis, bases: list[str | ir.LegalBasis]) -> bool:
    """A repealed basis that names its successor, listed beside it, is history, not a slip.

    Keeping 《食品经营许可管理办法》 until 2023-12-01 next to the 办法 that replaced it that day
    lets a reader see what a case filed before the change was decided under; W701 is for a
    repealed basis cited as if it still held. The successor must be in the same list and start
    on the very day this one ends, so a misspelt or misdated `replaced_by` still warns.
    """
    if basis.replaced_by is None or basis.valid_until is None:
        return False
    return any(
        isinstance(other, ir.LegalBasis)
        and other.title == basis.replaced_by
        and other.valid_from == basis.valid_until
        for other in bases
    )


def _judge(
    dated: _Dated, value: ir.LegalBasis | ir.Item | ir.Material, as_of: dt.date
) -> Iterator[Diagnostic]:
    if value.valid_until is not None and value.valid_until <= as_of:
        yield _diagnostic(Code.W701, dated, value.valid_until, as_of)
    elif value.valid_from is not None and as_of < value.valid_from:
        yield _diagnostic(Code.W702, dated, value.valid_from, as_of)


def _diagnostic(code: Code, dated: _Dated, date: dt.date, as_of: dt.date) -> Diagnostic:
    ended = code is Code.W701
    written = dated.unit.doc.span((*dated.loc, "valid_until" if ended else "valid_from"))
    verb = dated.ends if ended else dated.begins
    when = f"{date.isoformat()} 起{'' if ended else '才'}{verb}"
    return Diagnostic.of(
        code,
        dated.span,
        what=dated.what,
        date=date.isoformat(),
        verb=verb,
        as_of=as_of.isoformat(),
        label=when,
        related=[Related(written, "日期写在这里")] if written != dated.span else [],
        hint=dated.hints[0 if ended else 1],
    )


def check_batch_validity(analysis: Analysis) -> Iterator[Diagnostic]:
    """W703: an item that had already ended on the bundle's own batch date.

    The batch is the day the bundle went live. An item whose `valid_until` is on or before it
    was abolished before the bundle existed: it was never handled in this bundle, so it cannot
    be kept "for an old case" either, and whatever day the check runs (W701/W702 judge the
    `--as-of` date instead) it is a slip. An item starting after the batch is not flagged: a
    bundle that went live years ago and gains an item on a published date is written exactly
    so (W702 says it is not valid yet while that date is ahead).
    """
    bundle = analysis.bundle
    batch = bundle.scenario.batch
    for item in bundle.items:
        if item.valid_until is None or batch < item.valid_until:
            continue
        here = bundle.item_locs[item.id]
        named = (*here, "use") if (*here, "use") in bundle.unit.doc.value_spans else (*here, "id")
        defined = bundle.scope.items.get(item.id)
        related = []
        if defined is not None:
            related = [
                Related(defined.unit.doc.span((*defined.loc, "valid_until")), "日期写在这里")
            ]
        yield Diagnostic.of(
            Code.W703,
            bundle.unit.doc.span(named),
            what=f"事项 `{item.id}`（{item.name}）",
            batch=batch.isoformat(),
            date=item.valid_until.isoformat(),
            label="上线前已不再办理",
            related=related,
            hint="事项在一件事上线前就已失效，从未在本一件事中办理过：从本一件事中删去它，"
            "或核对 `batch` 和事项的 `valid_until`",
        )
