"""Spec files → Program: every file parsed once, imports followed, names put in scopes.

A scenario sees its own definitions plus everything its imports define, transitively. An
import is a path relative to the project root without extension (`stdlib/common/fields`); it
may not leave the root. Imports under `stdlib/` that the project does not have fall back to
the library shipped with yjs, so a department's own repository can use it without copying.
Names are only collected here; `checks/references.py` reports the unknown ones.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Literal

from compiler import ir
from compiler.lower import lower
from compiler.program import (
    KINDS,
    Bundle,
    D,
    Defined,
    Definition,
    Kind,
    Program,
    Scope,
    Unit,
    overrides,
)
from dsl import front_ends
from dsl.diagnostics import Code, CompileError, Diagnostic, Related
from dsl.document import Loc
from dsl.front_ends import SPEC_SUFFIXES, LoadError, display_name
from dsl.source import Span
from dsl.suggest import did_you_mean

BUNDLED_ROOT = Path(__file__).resolve().parents[1]


def find_root(start: Path) -> Path:
    """The project root: nearest ancestor with a `stdlib/` folder or a `yjs.toml`.

    Ancestors as written, not through links: a link in `scenarios/` that leads elsewhere must
    not move the project it was found in (and make its target look inside).
    """
    start = Path(os.path.abspath(start))
    for folder in (start if start.is_dir() else start.parent, *start.parents):
        if (folder / "stdlib").is_dir() or (folder / "yjs.toml").is_file():
            return folder.resolve()
    return Path.cwd().resolve()


class Resolver:
    """Loads files once each and builds their scopes; collects diagnostics as it goes."""

    def __init__(self, root: Path) -> None:
        self.program = Program(root.resolve())
        self.diagnostics: list[Diagnostic] = []
        self._loading: dict[Path, Unit] = {}  # the chain of imports being followed, in order
        self._located: dict[str, Path | Literal["outside", "missing"]] = {}

    def load(self, path: Path) -> Unit | None:
        """Parse the spec at `path` (once); None when it cannot be read, parsed or may not be."""
        try:
            real = path.resolve()
        except RuntimeError:  # a symlink loop: Python 3.11 raises this instead of an OSError
            reason = f"{display_name(path)}: 符号链接构成循环，指不到任何文件"
            self.diagnostics.append(Diagnostic.of(Code.E100, None, reason=reason))
            return None
        if self._leaves_root(path, real):
            return None
        path = real
        if path in self.program.units:
            return self.program.units[path]
        try:
            doc = front_ends.load(path)
        except LoadError as err:
            self.diagnostics += err.diagnostics
            if err.source is not None:  # its syntax errors quote its lines
                self.program.sources[err.source.name] = err.source
            return None
        self.program.sources[doc.source.name] = doc.source
        self.diagnostics += doc.problems
        try:
            spec = lower(doc)
        except CompileError as err:
            self.diagnostics += doc.besides_problems(err.diagnostics)
            return None
        unit = Unit(path, doc.source.name, self._rel(path), doc, spec)
        self.program.units[path] = unit
        self._loading[path] = unit
        unit.imports = list(self._imports(unit))
        del self._loading[path]
        return unit

    def _leaves_root(self, path: Path, real: Path) -> bool:
        """A spec named inside the root whose real file lies outside it: refused (E205), like an
        import that leaves the root, for the same reason (nobody else's checkout has that file).
        A file named outside the root to begin with is the user's explicit choice."""
        root = self.program.root
        if not path.is_relative_to(root) or real.is_relative_to(root):
            return False
        hint = f"它指向 `{real}`；把这个文件复制进项目并提交到版本库，或删除这个链接"
        name = display_name(path)
        self.diagnostics.append(Diagnostic.of(Code.E205, None, name=name, hint=hint))
        return True

    def _rel(self, path: Path) -> str:
        """The manifest's name for a file: a POSIX path from the project root (or from the
        library shipped with yjs), `../` included for a file named outside the root."""
        for base in (self.program.root, BUNDLED_ROOT):
            if path.is_relative_to(base):
                return path.relative_to(base).as_posix()
        try:
            return Path(os.path.relpath(path, self.program.root)).as_posix()
        except ValueError:  # another drive on Windows: no relative path exists
            return path.as_posix()

    def _imports(self, unit: Unit) -> Iterator[Unit]:
        for i, name in enumerate(unit.spec.imports):
            span = unit.doc.span(("imports", i))
            target = self._find_import(name, span)
            if target is None:
                continue
            if target in self._loading:
                self._import_cycle(target, span)
                continue
            if (imported := self.load(target)) is not None:
                yield imported

    def _import_cycle(self, target: Path, span: Span) -> None:
        """W202 at the import that closes a cycle: it is not followed, so it has no effect."""
        chain = list(self._loading)
        names = [self._loading[p].rel for p in chain[chain.index(target) :]]
        self.diagnostics.append(
            Diagnostic.of(
                Code.W202,
                span,
                cycle=" → ".join([*names, names[0]]),
                label="这一处导入不会生效",
                hint=f"这一处导入回到了正在导入它的 `{names[0]}`，yjs 忽略它；"
                "请删除它，把两个文件都要用的定义移到第三个文件中，由两者分别导入",
            )
        )

    def _find_import(self, name: str, span: Span) -> Path | None:
        found = self._located.get(name)
        if found is None:
            found = self._located[name] = self._locate(name)
        if found == "outside":
            hint = (
                "导入路径相对于项目根目录书写，例如 `stdlib/common/fields`，不能用 `..` 或绝对路径"
            )
            self.diagnostics.append(Diagnostic.of(Code.E204, span, name=name, hint=hint))
        elif found == "missing":
            hint = _import_hint(self.program.root, name)
            self.diagnostics.append(Diagnostic.of(Code.E203, span, name=name, hint=hint))
        else:
            return found
        return None

    def _locate(self, name: str) -> Path | Literal["outside", "missing"]:
        """Where import `name` points; asked once per name, since every scenario imports stdlib."""
        root = self.program.root
        spellings = [name + suffix for suffix in ("", *SPEC_SUFFIXES)]
        try:
            if Path(name).is_absolute() or any(
                not (root / spelling).resolve().is_relative_to(root) for spelling in spellings
            ):
                return "outside"
        except (OSError, ValueError):  # a NUL byte, a name too long: not a path at all
            return "missing"
        bases = [root] + ([BUNDLED_ROOT] if name.startswith("stdlib/") else [])
        for base in bases:
            for spelling in spellings:
                if (path := _spec_file(base, spelling)) is not None:
                    return path
        return "missing"

    def scope(self, unit: Unit) -> Scope:
        """Definitions visible in `unit`; a name defined twice is reported naming both places."""
        if unit.path in self.program.scopes:
            return self.program.scopes[unit.path]
        scope = Scope()
        for member in closure(unit):
            spec = member.spec
            self._define(scope.departments, "departments", member, spec.departments)
            self._define(scope.roles, "roles", member, spec.roles)
            self._define(scope.data_sources, "data_sources", member, spec.data_sources)
            self._define(scope.licenses, "licenses", member, spec.licenses)
            self._define(scope.fields, "fields", member, spec.fields)
            self._define(scope.materials, "materials", member, spec.materials)
            self._define(scope.items, "items", member, spec.items)
        self.program.scopes[unit.path] = scope
        return scope

    def bundle(self, unit: Unit) -> Bundle:
        """The scenario's items in order, `use:` entries replaced by the library's item with the
        use's overrides applied, and every department named by role bound to this bundle's
        claimant. Done once here, so every later stage sees the item as this bundle handles it,
        and a check about an overridden value points at the override (same keys, same places)."""
        out = Bundle(unit, self.scope(unit))
        assert isinstance(unit.spec, ir.Scenario)
        for i, entry in enumerate(unit.spec.items):
            item = entry if isinstance(entry, ir.Item) else out.scope.item(entry.use)
            if item is None:
                assert isinstance(entry, ir.ItemUse)
                out.unresolved.append(entry.use)  # check_references reports the unknown name
                continue
            if isinstance(entry, ir.ItemUse) and entry.after:
                item = item.model_copy(update={"after": [*item.after, *entry.after]})
            if item.id in out.item_locs:  # two definitions were already reported by the scope
                if isinstance(entry, ir.ItemUse):
                    self._reused_twice(unit, item.id, out.item_locs[item.id], ("items", i))
                continue
            if isinstance(entry, ir.ItemUse):
                item = item.model_copy(update=overrides(entry))
            item = self._bind_role(out, item, ("items", i))
            out.items.append(item)
            out.item_locs[item.id] = ("items", i)
        return out

    def _bind_role(self, bundle: Bundle, item: ir.Item, loc: Loc) -> ir.Item:
        """`item` handled by the one department of the bundle that claims the role it names;
        unchanged when it names a department (or nothing known: check_references says so)."""
        scope, role = bundle.scope, item.department
        if role in scope.departments or role not in scope.roles:
            return item
        claimants = scope.claimants(role)
        if len(claimants) == 1:
            bundle.bound_roles[item.id] = role
            return item.model_copy(update={"department": claimants[0].value.id})
        self.diagnostics.append(self._unbound(bundle, item, loc, scope.roles[role], claimants))
        return item

    def _unbound(
        self,
        bundle: Bundle,
        item: ir.Item,
        loc: Loc,
        role: Defined[ir.Role],
        claimants: list[Defined[ir.Department]],
    ) -> Diagnostic:
        """E210 (no department claims the role) or E211 (several do), at the item's entry."""
        doc = bundle.unit.doc
        data = doc.data["items"][loc[-1]]
        used = "use" in data
        key = "use" if used and "department" not in data else "department"
        span = doc.span((*loc, key))
        defined = bundle.scope.items.get(item.id)
        related = []
        if defined is not None and defined.unit is not bundle.unit:
            where = defined.unit.doc.span((*defined.loc, "department"))
            related.append(Related(where, "共享事项在这里以职能指代办理部门"))
        names = {"item": item.id, "role": role.value.id, "role_name": role.value.name}
        name_it = (
            "在 `use` 中用 `department: 部门标识` " if used else "把 `department` 改为部门标识，"
        )
        if not claimants:
            hint = (
                f"导入本地的部门库，并在办理这类事项的部门上写 `roles: [{role.value.id}]`；"
                f"或{name_it}直接指定办理部门"
            )
            return Diagnostic.of(Code.E210, span, hint=hint, related=related, **names)
        related += [
            Related(c.unit.doc.span((*c.loc, "roles")), f"`{c.value.id}` 认领了这一职能")
            for c in claimants
        ]
        listed = "、".join(f"`{c.value.id}`" for c in claimants)
        hint = f"{name_it}指定其中一个，或只让一个部门认领这一职能"
        return Diagnostic.of(
            Code.E211, span, hint=hint, related=related, departments=listed, **names
        )

    def _reused_twice(self, unit: Unit, item_id: str, first: Loc, again: Loc) -> None:
        self.diagnostics.append(
            Diagnostic.of(
                Code.E202,
                unit.doc.span(again),
                kind="事项",
                name=item_id,
                label="再次使用",
                related=[Related(unit.doc.span(first), "第一次在这里")],
                hint="同一事项在一件事中只能出现一次",
            )
        )

    def _define(
        self,
        table: dict[str, Defined[D]],
        kind: Kind,
        member: Unit,
        values: Sequence[D | ir.ItemUse],
    ) -> None:
        for i, value in enumerate(values):
            if isinstance(value, ir.ItemUse):
                continue  # a use names a library item, it does not define one
            new = Defined(value, member, (kind, i))
            first = table.setdefault(value.id, new)
            if first is not new:
                self._defined_twice(kind, first, new)

    def _defined_twice(
        self, kind: Kind, first: Defined[Definition], again: Defined[Definition]
    ) -> None:
        self.diagnostics.append(
            Diagnostic.of(
                Code.E202,
                again.span,
                kind=KINDS[kind],
                name=again.value.id,
                label="再次定义",
                related=[Related(first.span, "第一次定义在这里")],
                hint="每个标识在一件事及其导入的文件中只能定义一次；删除一处，或换一个标识",
            )
        )


def _spec_file(base: Path, name: str) -> Path | None:
    """`base/name` if it is a spec file inside `base` (symlinks resolved), else None."""
    try:
        path = (base / name).resolve()
        inside = path.is_relative_to(base.resolve())
        return path if inside and path.suffix in SPEC_SUFFIXES and path.is_file() else None
    except (OSError, ValueError):  # e.g. a NUL byte or a name too long for the OS
        return None


def closure(unit: Unit) -> list[Unit]:
    """Everything `unit` imports, each once, imports before importers, `unit` last.

    That order makes a name that a file redefines point at the file, not at its library.
    """
    seen: dict[Path, Unit] = {}

    def visit(current: Unit, active: set[Path]) -> None:
        if current.path in seen or current.path in active:
            return
        active.add(current.path)
        for imported in current.imports:
            visit(imported, active)
        seen[current.path] = current

    visit(unit, set())
    return list(seen.values())


def _import_hint(root: Path, name: str) -> str:
    known = sorted(
        p.relative_to(root).with_suffix("").as_posix()
        for p in root.glob("stdlib/**/*")
        if p.suffix in SPEC_SUFFIXES
    )
    if hint := did_you_mean(name, known):
        return hint
    return "导入写项目根目录下的相对路径，不带扩展名，例如 `stdlib/common/fields`"


def resolve_paths(paths: Iterable[Path], root: Path) -> tuple[Program, list[Diagnostic]]:
    """Load every spec file under `paths`; scenarios become bundles, libraries are checked too."""
    resolver = Resolver(root)
    requested = [unit for path in paths if (unit := resolver.load(path)) is not None]
    for unit in list(resolver.program.units.values()):
        resolver.scope(unit)
    for unit in dict.fromkeys(requested):  # only files asked for become bundles, not imports
        if isinstance(unit.spec, ir.Scenario):
            resolver.program.bundles.append(resolver.bundle(unit))
    resolver.program.bundles.sort(key=lambda b: b.scenario.scenario)
    _report_duplicate_scenarios(resolver)
    return resolver.program, resolver.diagnostics


def _report_duplicate_scenarios(resolver: Resolver) -> None:
    first: dict[str, Bundle] = {}
    for bundle in resolver.program.bundles:
        sid = bundle.scenario.scenario
        span = bundle.unit.doc.span(("scenario",))
        if sid in first:
            resolver.diagnostics.append(
                Diagnostic.of(
                    Code.E202,
                    span,
                    kind="一件事",
                    name=sid,
                    related=[Related(first[sid].unit.doc.span(("scenario",)), "第一次定义在这里")],
                    hint="每个一件事的标识在项目中必须唯一",
                )
            )
        else:
            first[sid] = bundle
