"""What resolution produces: the Program of units, their scopes and the scenarios' bundles.

The types every later stage reads (checks, analysis, planner) live here, apart from the
Resolver that builds them from files (`compiler/resolve.py`), so a check imports the shape
of a resolved spec without the machinery that loads one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, Literal, TypeVar

from compiler import ir
from compiler.lower import Spec
from dsl.document import Document, Loc
from dsl.source import SourceFile, Span

# Definition kinds: the key in a spec file (and the Scope table) → the word users read.
Kind = Literal["departments", "roles", "data_sources", "licenses", "fields", "materials", "items"]
KINDS: dict[Kind, str] = {
    "departments": "部门",
    "roles": "部门职能",
    "data_sources": "共享数据源",
    "licenses": "电子证照类型",
    "fields": "字段",
    "materials": "材料",
    "items": "事项",
}
Definition = (
    ir.Department | ir.Role | ir.DataSource | ir.LicenseType | ir.FieldDef | ir.Material | ir.Item
)
D = TypeVar(
    "D", ir.Department, ir.Role, ir.DataSource, ir.LicenseType, ir.FieldDef, ir.Material, ir.Item
)
D_co = TypeVar("D_co", bound=Definition, covariant=True)


@dataclass(frozen=True, slots=True)
class Defined(Generic[D_co]):
    """A definition and where it was written."""

    value: D_co
    unit: Unit
    loc: Loc

    @property
    def span(self) -> Span:
        return self.unit.doc.span((*self.loc, "id"))


@dataclass(eq=False, slots=True)
class Unit:
    """One parsed spec file."""

    path: Path  # absolute
    name: str  # as shown in diagnostics
    rel: str  # posix path relative to the project root (manifest, byte-stable)
    doc: Document
    spec: Spec
    imports: list[Unit] = field(default_factory=list)


@dataclass(slots=True)
class Scope:
    """Names visible in one unit, one table per kind: id → definition and where it is.

    A table answers both questions its users ask: `.get(id)` where a name may be unknown
    (checks), `[id]` where the checks already guarantee it (the planner). `material(id)` and
    `item(id)` give just the value, or None, for the callers that need no more.
    """

    departments: dict[str, Defined[ir.Department]] = field(default_factory=dict)
    roles: dict[str, Defined[ir.Role]] = field(default_factory=dict)
    data_sources: dict[str, Defined[ir.DataSource]] = field(default_factory=dict)
    licenses: dict[str, Defined[ir.LicenseType]] = field(default_factory=dict)
    fields: dict[str, Defined[ir.FieldDef]] = field(default_factory=dict)
    materials: dict[str, Defined[ir.Material]] = field(default_factory=dict)
    items: dict[str, Defined[ir.Item]] = field(default_factory=dict)

    def table(self, kind: Kind) -> Mapping[str, Defined[Definition]]:
        """The table of `kind`, for code that treats every kind alike (unknown names)."""
        tables: dict[Kind, Mapping[str, Defined[Definition]]] = {
            "departments": self.departments,
            "roles": self.roles,
            "data_sources": self.data_sources,
            "licenses": self.licenses,
            "fields": self.fields,
            "materials": self.materials,
            "items": self.items,
        }
        return tables[kind]

    def material(self, mid: str) -> ir.Material | None:
        return _value(self.materials, mid)

    def item(self, iid: str) -> ir.Item | None:
        return _value(self.items, iid)

    def claimants(self, role: str) -> list[Defined[ir.Department]]:
        """The departments that claim `role`, in definition order."""
        return [d for d in self.departments.values() if role in d.value.roles]


def _value(table: Mapping[str, Defined[D]], name: str) -> D | None:
    found = table.get(name)
    return found.value if found is not None else None


@dataclass(slots=True)
class Bundle:
    """A scenario with everything it can name, and its items with library uses resolved."""

    unit: Unit
    scope: Scope
    items: list[ir.Item] = field(default_factory=list)
    item_locs: dict[str, Loc] = field(default_factory=dict)  # item id → ("items", index)
    unresolved: list[str] = field(default_factory=list)  # `use:` names that name no item
    bound_roles: dict[str, str] = field(default_factory=dict)  # item id → role it was bound from

    @property
    def complete(self) -> bool:
        """Every item is known: no `use:` names a missing item (its E201 is reported)."""
        return not self.unresolved

    @property
    def scenario(self) -> ir.Scenario:
        assert isinstance(self.unit.spec, ir.Scenario)
        return self.unit.spec

    def written_at(self, item_id: str, key: str) -> tuple[Document, Loc]:
        """Where the value of `key` of item `item_id` was written: the scenario's own item, the
        `use:` that overrides it, or else the library item the use names. A check about that
        value points there (at `(*loc, key, …)` in the document)."""
        loc = self.item_locs[item_id]
        entry = self.scenario.items[int(loc[1])]
        if isinstance(entry, ir.Item) or key in overrides(entry):
            return self.unit.doc, loc
        defined = self.scope.items[item_id]
        return defined.unit.doc, defined.loc


@dataclass(slots=True)
class Program:
    root: Path
    units: dict[Path, Unit] = field(default_factory=dict)
    bundles: list[Bundle] = field(default_factory=list)
    scopes: dict[Path, Scope] = field(default_factory=dict)
    sources: dict[str, SourceFile] = field(default_factory=dict)


def overrides(use: ir.ItemUse) -> dict[str, object]:
    """The keys a `use:` writes besides `use` itself: each replaces the library item's value.

    An empty value (`department:` with nothing after it) is no override, as an unwritten key:
    a use can replace the library's value, never take one away that the item needs."""
    values = {key: getattr(use, key) for key in ir.USE_OVERRIDES}
    return {key: value for key, value in values.items() if value is not None}
