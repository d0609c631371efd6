"""Bundle → every condition it contains, where it is written, and the types it may name.

A condition sits in a YAML string (plain or quoted) or on a `.yjs` line; a diagnostic about a
token inside it must point at that token in the file: the Document maps offsets in the
condition text back through the quoting it read. Parsing is cached by text: the checks and the planner
ask for the same conditions.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from compiler import ir
from compiler.conditions.ast import Node
from compiler.conditions.parse import ConditionError, parse_condition
from compiler.conditions.types import TypeInfo, check_condition
from compiler.merge import FieldUse
from compiler.program import Bundle, Unit
from dsl.document import Loc
from dsl.source import Span


@dataclass(frozen=True, slots=True)
class Site:
    """One condition as written: the file, the path of its value, its raw text."""

    unit: Unit
    loc: Loc
    text: str


@lru_cache(maxsize=4096)
def parse_cached(text: str) -> Node:
    """parse_condition, once per distinct text (raises ConditionError like it)."""
    return parse_condition(text)


def parse_optional(text: str | None) -> Node | None:
    """None (no condition: always) stays None."""
    return None if text is None else parse_cached(text)


def well_typed(text: str | None, env: Mapping[str, TypeInfo]) -> bool:
    """Whether a condition parses and type-checks (no condition does).

    Checks that evaluate conditions (spec tests, satisfiability) judge only these: evaluating
    `married == "否"` for a yes/no situation raises, and check_conditions already reports it.
    """
    if text is None:
        return True
    try:
        return not check_condition(parse_cached(text), env)
    except ConditionError:
        return False


def condition_env(
    fields: Mapping[str, ir.FieldDef], situations: Iterable[ir.Situation]
) -> dict[str, TypeInfo]:
    """What conditions may name: the situations and every field the bundle can use."""
    env = {fid: TypeInfo.of(d) for fid, d in fields.items()}
    env.update({s.id: TypeInfo.of(s) for s in situations})
    return env


def condition_sites(bundle: Bundle, field_uses: Iterable[FieldUse]) -> Iterator[Site]:
    """Each condition once, where it is written; `field_uses` are the bundle's (merge.py)."""
    unit, spec = bundle.unit, bundle.scenario
    for item in bundle.items:
        if item.when is not None:
            yield _item_site(bundle, item)
    seen: set[str] = set()
    for item in bundle.items:
        for mid in item.materials:
            defined = bundle.scope.materials.get(mid)
            if defined is not None and defined.value.when and mid not in seen:
                seen.add(mid)
                yield _site(defined.unit, (*defined.loc, "when"))
    yield from _field_sites(bundle, field_uses)
    for i, rule in enumerate(spec.rules):
        yield _site(unit, ("rules", i, "check"))
        if rule.when is not None:
            yield _site(unit, ("rules", i, "when"))


def item_when_site(bundle: Bundle, item: ir.Item) -> Site:
    """Where `item.when` is written: in the scenario, or in the library item a `use:` names."""
    return _item_site(bundle, item)


def _item_site(bundle: Bundle, item: ir.Item) -> Site:
    loc = (*bundle.item_locs[item.id], "when")
    if _raw(bundle.unit, loc) is not None:
        return _site(bundle.unit, loc)
    defined = bundle.scope.items[item.id]  # the library item's own condition
    return _site(defined.unit, (*defined.loc, "when"))


def _field_sites(bundle: Bundle, field_uses: Iterable[FieldUse]) -> Iterator[Site]:
    seen: set[tuple[str, str]] = set()
    for use in field_uses:
        if use.declared is not None:
            unit, loc, definition = bundle.unit, use.loc, use.declared
        elif (defined := bundle.scope.fields.get(use.field_id)) is not None:
            unit, loc, definition = defined.unit, defined.loc, defined.value
        else:
            continue
        for key in ("when", "required_when"):
            if getattr(definition, key) is not None and (use.field_id, key) not in seen:
                seen.add((use.field_id, key))
                yield _site(unit, (*loc, key))


def _site(unit: Unit, loc: Loc) -> Site:
    raw = _raw(unit, loc)
    return Site(unit, loc, raw if isinstance(raw, str) else str(raw))


def _raw(unit: Unit, loc: Loc) -> Any:
    """The value at `loc` as the front-end read it (before pydantic strips whitespace)."""
    data: Any = unit.doc.data
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def site_span(site: Site, start: int, end: int) -> Span:
    """File span of characters [start, end) of the condition, through the string's quoting."""
    return site.unit.doc.text_span(site.loc, site.text, start, end)
