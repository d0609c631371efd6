"""`yjs diff OLD NEW` and `yjs diff --rev A..B [PATH]`: compile both sides, compare the plans.

Each side is compiled on its own (checks included) and must be clean: a plan of a spec with
errors is not built, so there is nothing to compare and the diagnostics are reported instead.
Two spec files (or folders) that hold one bundle each are compared with each other whatever
their ids (a renamed bundle is a change of its id); otherwise bundles are matched by id and one
that only one side has is added or removed. With `--rev`, each revision's whole tree is
exported from git into a temporary folder (compiler/revisions.py) and PATH compiled there; the
right side of `--rev A` is the working tree. A PATH missing at a revision has no bundles.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from compiler.pipeline import CompileResult, compile_paths
from compiler.plan_diff import Action, BundleDiff, Side, diff_bundles, whole
from compiler.revisions import Range, export, in_repository, repository_root
from dsl.diagnostics import Diagnostic, has_errors
from dsl.source import SourceFile


@dataclass(slots=True)
class DiffRun:
    """What `yjs diff` reports: the differences, or the diagnostics of the side that failed."""

    old_label: str
    new_label: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, SourceFile] = field(default_factory=dict)
    diffs: list[BundleDiff] = field(default_factory=list)
    failed: str | None = None  # the label of a side whose specs have errors

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)

    @property
    def changed(self) -> bool:
        return any(not d.empty for d in self.diffs)


def diff_paths(old: list[Path], new: list[Path], old_label: str, new_label: str) -> DiffRun:
    run = DiffRun(old_label, new_label)
    before = _side(old, run, old_label)
    after = _side(new, run, new_label) if before is not None else None
    if before is not None and after is not None:
        run.diffs = compare(before, after)
    return run


def diff_revisions(revisions: Range, path: Path, cwd: Path) -> DiffRun:
    """Compare `path` as of two revisions of the git repository `cwd` is in."""
    root = repository_root(cwd)
    inside = in_repository(path, root)
    new_label = revisions.new or "工作区"
    run = DiffRun(revisions.old, new_label)
    with tempfile.TemporaryDirectory(prefix="yjs-diff-") as folder:
        old_tree = Path(folder) / "old"
        export(revisions.old, root, old_tree)
        if revisions.new is None:
            new_path = root / inside
        else:
            new_tree = Path(folder) / "new"
            export(revisions.new, root, new_tree)
            new_path = new_tree / inside
        before = _side([old_tree / inside], run, revisions.old)
        after = _side([new_path], run, new_label) if before is not None else None
        if before is not None and after is not None:
            run.diffs = compare(before, after)
    return run


def _side(paths: list[Path], run: DiffRun, label: str) -> CompileResult | None:
    existing = [p for p in paths if p.exists()]
    if not existing:
        return CompileResult([], {})
    result = compile_paths(existing, emit=False)
    if not result.ok:
        run.diagnostics += result.diagnostics
        run.sources |= result.sources
        run.failed = label
        return None
    return result


def _sides(result: CompileResult) -> dict[str, Side]:
    return {sid: Side.of(plan, result.metrics.get(sid)) for sid, plan in result.plans.items()}


def compare(old: CompileResult, new: CompileResult) -> list[BundleDiff]:
    """Bundle by bundle; one bundle on each side is compared with the other whatever its id."""
    before, after = _sides(old), _sides(new)
    if len(before) == 1 and len(after) == 1:
        return [diff_bundles(*before.values(), *after.values())]
    out = [diff_bundles(before[sid], after[sid]) for sid in after if sid in before]
    out += [whole(before[sid].plan, Action.REMOVED) for sid in before if sid not in after]
    out += [whole(after[sid].plan, Action.ADDED) for sid in after if sid not in before]
    return sorted(out, key=lambda d: d.scenario)


def labels(paths: Iterable[Path]) -> str:
    return "、".join(map(str, paths))
