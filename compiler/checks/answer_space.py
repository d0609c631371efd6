"""Analysis → W301–W305 from the bundle's enumerated answer space, or one W504 when it is too big.

The space (compiler/conditions/space.py, built once per bundle) turns every condition that
names only situations into the exact set of answers it holds for; these checks read the sets:

* W301: a condition that no answer satisfies: its item, material, field or rule never applies;
* W302: a `when` that every answer satisfies, so the condition asks for nothing (a material's
  or field's `when` that merely repeats the condition of the items listing it is not flagged:
  it still says what the material or field is for, wherever else it is listed);
* W303: a situation no condition names: the applicant is asked a question that changes nothing;
* W304: two answers of one situation that no condition tells apart;
* W305: a material's or field's own condition can hold, but never together with the condition
  of any item that lists it: the two contradict each other.

A condition naming a form field is judged by no one here (its answers are not enumerable), and
a situation that such a condition names counts as used. With more than MAX_SPACE combinations
nothing is claimed either way: one W504 at `situations` says so. Only conditions that type-check
are judged (check_conditions reports the others).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from compiler.analysis import Analysis
from compiler.conditions.ast import references
from compiler.conditions.parse import ConditionError
from compiler.conditions.sites import condition_sites, item_when_site, parse_cached, well_typed
from compiler.conditions.space import MAX_SPACE, Space
from compiler.conditions.types import TypeInfo
from compiler.merge import item_fields
from dsl.diagnostics import Code, Diagnostic
from dsl.source import Span


@dataclass(frozen=True, slots=True)
class _Judged:
    """One `when` of an item, material, field or rule, with the answers it holds for."""

    what: str  # in words: 事项 `a`, 材料 `m` …
    span: Span  # the condition as written
    own: int  # the answers the condition itself holds for
    context: int | None  # the answers something listing it applies for; None: always, or unknown


def check_answer_space(analysis: Analysis) -> Iterator[Diagnostic]:
    answers, bundle = analysis.answers, analysis.bundle
    situations = bundle.scenario.situations
    if answers.space is None:
        if situations:
            yield Diagnostic.of(
                Code.W504,
                bundle.unit.doc.span(("situations",)),
                what="各条件能否成立、各情形是否有用",
                reason=f"{len(situations)} 个情形的回答组合超过 {MAX_SPACE} 种",
                hint="把只在一起出现的情形合并成一个选项情形，或拆成几个一件事；其余检查照常进行",
            )
        return
    space = answers.space
    judged = list(_conditions(analysis, space))
    for one in judged:
        if one.own == 0:
            yield Diagnostic.of(Code.W301, one.span, what=one.what, hint=_NEVER_HINT)
        elif one.context is not None and one.context & one.own == 0:
            yield Diagnostic.of(Code.W305, one.span, what=one.what, hint=_CONTRADICTS_HINT)
        elif one.own == space.full:
            yield Diagnostic.of(Code.W302, one.span, what=one.what, hint=_ALWAYS_HINT)
    yield from _situations(analysis, space, [one.own for one in judged])


_NEVER_HINT = "任何回答都不能让它成立，它永远不会办理或出现：请核对条件中的 and/not，或删去它"
_ALWAYS_HINT = "条件总是成立，写了等于没写：删去这个 `when`，或核对条件是否写错"
_CONTRADICTS_HINT = (
    "它自己的条件能成立，但与列出它的事项的条件不能同时成立，所以永远不会用到：请核对两处条件"
)


def _conditions(analysis: Analysis, space: Space) -> Iterator[_Judged]:
    bundle, env = analysis.bundle, analysis.answers.env
    applies: dict[str, int | None] = {}  # item id → the answers it is handled for
    for item in bundle.items:
        if item.when is None:
            applies[item.id] = space.full
            continue
        own = space.mask(parse_cached(item.when)) if well_typed(item.when, env) else None
        applies[item.id] = own
        if own is not None:
            site = item_when_site(bundle, item)
            yield _Judged(f"事项 `{item.id}`", site.unit.doc.span(site.loc), own, None)
    listed: dict[str, list[str]] = {}
    for item in bundle.items:
        for mid in item.materials:
            listed.setdefault(mid, []).append(item.id)
    for mid, items in listed.items():
        found = bundle.scope.materials.get(mid)
        if found is None or found.value.when is None:
            continue
        span = found.unit.doc.span((*found.loc, "when"))
        if judged := _listed(space, env, f"材料 `{mid}`", span, found.value.when, items, applies):
            yield judged
    users: dict[str, list[str]] = {}
    for item in bundle.items:
        for fid in item_fields(item):
            users.setdefault(fid, []).append(item.id)
    for fid, items in users.items():
        definition = analysis.fields.get(fid)
        if definition is None or definition.when is None:
            continue
        span = _field_when_span(analysis, fid)
        if judged := _listed(space, env, f"字段 `{fid}`", span, definition.when, items, applies):
            yield judged
    for i, rule in enumerate(bundle.scenario.rules):
        if rule.when is not None and well_typed(rule.when, env):
            own = space.mask(parse_cached(rule.when))
            if own is not None:
                span = bundle.unit.doc.span(("rules", i, "when"))
                yield _Judged(f"校验规则 `{rule.id}`", span, own, None)


def _listed(
    space: Space,
    env: Mapping[str, TypeInfo],
    what: str,
    span: Span,
    when: str,
    items: list[str],
    applies: dict[str, int | None],
) -> _Judged | None:
    """A material's or field's condition, judged alone and inside the items that list it."""
    if not well_typed(when, env):
        return None
    own = space.mask(parse_cached(when))
    if own is None:
        return None
    context: int | None = 0
    for item_id in items:
        held = applies.get(item_id)
        if held is None or context is None:
            context = None
            break
        context |= held
    if context == space.full:
        context = None  # listed by an item always handled: judged as a condition of its own
    return _Judged(what, span, own, context)


def _field_when_span(analysis: Analysis, fid: str) -> Span:
    """Where the merged definition's `when` is written: the library, or the first inline one."""
    bundle = analysis.bundle
    if (defined := bundle.scope.fields.get(fid)) is not None:
        return defined.unit.doc.span((*defined.loc, "when"))
    first = next(u for u in analysis.field_uses if u.field_id == fid and u.declared is not None)
    return bundle.unit.doc.span((*first.loc, "when"))


def _situations(analysis: Analysis, space: Space, masks: list[int]) -> Iterator[Diagnostic]:
    """W303 for a situation no condition names, W304 for answers no condition tells apart."""
    bundle = analysis.bundle
    named: set[str] = set()
    opaque: set[str] = set()  # named by a condition not enumerated (it names a field)
    for site in condition_sites(bundle, analysis.field_uses):
        if not well_typed(site.text, analysis.answers.env):
            names = _names(site.text)
            if names is None:
                return  # a condition that does not parse (E301) may name any of them
            named |= names
            opaque |= names
            continue
        node = parse_cached(site.text)
        names = set(references(node))
        named |= names
        if space.mask(node) is None:
            opaque |= names
    for i, situation in enumerate(bundle.scenario.situations):
        span = bundle.unit.doc.span(("situations", i, "id"))
        if situation.id not in named:
            yield Diagnostic.of(
                Code.W303,
                span,
                name=situation.id,
                hint="没有条件用到它，申请人的回答不影响办理什么：删去这个情形，或在事项、"
                "材料、字段的 `when` 中使用它",
            )
            continue
        if situation.id in opaque or situation.id not in space.names:
            continue
        domain = space.domains[space.names.index(situation.id)]
        views = [space.projections(m, situation.id) for m in masks]
        same = _first_twins(len(domain), views)
        if same is not None:
            a, b = (_answer(domain[k]) for k in same)
            yield Diagnostic.of(
                Code.W304,
                span,
                name=situation.id,
                first=a,
                second=b,
                hint="这两个回答办理的事项、材料和字段完全相同：合并这两个选项，或在条件中区分它们",
            )


def _first_twins(count: int, views: list[list[int]]) -> tuple[int, int] | None:
    """The first pair of answers every condition treats alike (sorting, not all pairs)."""
    keys = sorted(range(count), key=lambda v: tuple(view[v] for view in views))
    for a, b in itertools.pairwise(keys):
        if all(view[a] == view[b] for view in views):
            return (min(a, b), max(a, b))
    return None


def _answer(value: object) -> str:
    if value is True:
        return "是"
    if value is False:
        return "否"
    return str(value)


def _names(text: str) -> set[str] | None:
    """The names a condition uses; None when it does not parse (E301 reports it)."""
    try:
        return set(references(parse_cached(text)))
    except ConditionError:
        return None
