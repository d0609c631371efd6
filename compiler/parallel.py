"""`yjs build -j N` and `yjs check -j N`: shares of the bundles compiled in worker processes and
merged into exactly the result one process gives.

Partition. The spec files asked for are dealt out by size, largest first, each to the least
loaded share (names that lead to one file through a link stay together), so the shares take
about as long and the same files always land in the same shares. A worker resolves its own
files, loading whatever libraries they import (a library two shares need is read by both),
then analyses, checks, plans and emits its bundles with the pipeline's own per-bundle steps.

Merge. The parent lays what the workers found out in the order one process finds it: each
share's resolution and reference findings, then bundle by bundle in the pipeline's order (by
scenario id, then file order) the analysis, check, planning and emitting findings; then it
applies the pipeline's gates to the whole: planning counts only when no share found an error,
emitting only when no share's planning found one. `sorted_unique` drops the copies of a
library's findings that two workers both made, so each is reported once, where one process
reports it. Suppressions are judged after the merge (`dsl/reporting.py`), on the merged
diagnostics, sources and library names, so "unused suppression" answers as for one process.
The cross-bundle lists are rendered here from the rows each worker built from its own plans:
plans would have to be pickled back, which for 300 synthetic bundles took 0.51 s to dump and
0.48 s to load, against 3.2 s to compile them all. The shared files and manifest are made here,
and the CLI writes the output here, atomically, only from a clean merged result.

Two things no one share can see: a scenario id given by files in two shares (E202 names the
first), and an import cycle (W202 is reported at the import that closes it, which depends on the
file loaded first). When the workers report either, the compile runs again in this process:
rare, costs one more compile, and is exact.

Processes (`compiler/workers.py`): the shares but one are compiled in forked workers, the
lightest here meanwhile. A stage that raises inside a worker is an E900 there, exactly as in
one process; a worker that dies without answering (killed, out of memory) is an E900 naming
it; neither is a traceback, and an error means nothing is written. Elsewhere than Linux the
compile runs in one process.
"""

from __future__ import annotations

import datetime as dt
import functools
import multiprocessing
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from compiler import pipeline
from compiler.emit.published_lists import PublishedList, build_lists, render_lists
from compiler.guard import internal_error, stage
from compiler.metrics import Metrics
from compiler.pipeline import CompileResult, Progress
from compiler.plan import Plan
from compiler.program import Bundle
from compiler.workers import Tell, run_tasks
from dsl.diagnostics import Code, Diagnostic, has_errors, sorted_unique
from dsl.source import SourceFile

# Below these a compile stays in one process, where sharing cannot pay. Measured on this
# two-core machine: forking a worker takes about 0.01 s, and every share loads again the
# libraries its bundles import: on the 33 real scenarios (750 KB, stdlib imported by all)
# `-j 2` spent 0.85-0.91 s of CPU against 0.64-0.70 s for `-j 1`, the busier process 0.45 s;
# on 300 synthetic bundles without imports, 3.7-4.0 s against 3.5-3.7 s, the busier 2.1 s.
# 256 KiB is 50 synthetic bundles of 8 items, 0.55 s to compile in one process: below that
# what sharing saves is lost in the noise of a shared machine.
MIN_FILES_PER_JOB = 2
MIN_BYTES = 256 * 1024

Share = list[tuple[int, Path]]  # (index among the files asked for, the file)
Rows = list[list[tuple[str, ...]]]  # per published list, one bundle's rows


@dataclass(slots=True)
class BundleOutcome:
    """What a worker found for one bundle, by the pipeline step that found it."""

    sid: str
    order: int  # index of its spec file among the files asked for
    analysed: list[Diagnostic] = field(default_factory=list)
    checked: list[Diagnostic] = field(default_factory=list)
    planned: list[Diagnostic] = field(default_factory=list)
    emitted: list[Diagnostic] = field(default_factory=list)
    has_plan: bool = False
    outputs: dict[str, bytes] = field(default_factory=dict)
    entry: dict[str, object] | None = None  # its manifest entry
    rows: Rows | None = None
    rows_crashed: list[Diagnostic] = field(default_factory=list)


@dataclass(slots=True)
class ShareOutcome:
    """What a worker sends back: its files' findings and its bundles', in its own order."""

    front: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, SourceFile] = field(default_factory=dict)
    libraries: frozenset[str] = frozenset()
    bundles: list[BundleOutcome] = field(default_factory=list)
    fatal: Diagnostic | None = None  # the compile itself raised: the whole result


def jobs_for(files: list[Path], jobs: int) -> int:
    """How many processes are worth starting for `files`: 1 runs the compile in this one."""
    if (
        not sys.platform.startswith("linux")
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return 1
    if sum(_size(path) for path in files) < MIN_BYTES:
        return 1
    return max(1, min(jobs, len(files) // MIN_FILES_PER_JOB))


def compile_parallel(
    files: list[Path],
    root: Path,
    emit: bool,
    as_of: dt.date | None,
    progress: Progress,
    jobs: int,
) -> CompileResult | None:
    """The compile of `files` in up to `jobs` processes; None when it should run in this one."""
    shares = partition(files, jobs_for(files, jobs))
    if len(shares) < 2:
        return None
    tasks = [functools.partial(compile_share, share, root, emit, as_of) for share in shares]
    # this process takes the lightest share: it merges and writes after its own
    own = min(range(len(shares)), key=lambda k: (sum(_size(path) for _, path in shares[k]), k))
    outcomes = run_tasks(tasks, own, _Counter(progress, len(shares)), _failed, _lost)
    return None if outcomes is None else merge(outcomes, emit, as_of)


def partition(files: list[Path], jobs: int) -> list[Share]:
    """`files` dealt into at most `jobs` shares of about equal size, each in file order."""
    groups: dict[Path, Share] = {}
    for index, path in enumerate(files):
        groups.setdefault(_real(path), []).append((index, path))
    shares: list[Share] = [[] for _ in range(min(jobs, len(groups)))]
    loads = [0] * len(shares)
    for group in sorted(groups.values(), key=lambda g: (-_size(g[0][1]), g[0][0])):
        lightest = loads.index(min(loads))
        shares[lightest] += group
        loads[lightest] += max(1, _size(group[0][1]))
    return [sorted(share) for share in shares if share]


def _real(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: the resolver reports it
        return path


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


# --- in a worker ------------------------------------------------------------------------------


def compile_share(
    share: Share, root: Path, emit: bool, as_of: dt.date | None, tell: Tell
) -> ShareOutcome:
    """One share through the pipeline's steps, its gates judged on this share alone (the
    parent judges them again on all shares)."""
    program, front = pipeline.front([path for _, path in share], root)
    order: dict[Path, int] = {}
    for index, path in share:
        order.setdefault(_real(path), index)
    out = ShareOutcome(front, program.sources, pipeline.libraries(program))
    analysed = []
    for bundle in program.bundles:
        outcome = BundleOutcome(bundle.scenario.scenario, order.get(bundle.unit.path, -1))
        out.bundles.append(outcome)
        if (analysis := pipeline.analyse(bundle, outcome.analysed)) is not None:
            analysed.append((outcome, analysis))
    tell("", len(analysed))
    for outcome, analysis in analysed:
        outcome.checked = pipeline.check_bundle(analysis, as_of)
        tell("检查", 1)
    if has_errors([*front, *(d for b in out.bundles for d in (*b.analysed, *b.checked))]):
        return out
    plans: list[tuple[BundleOutcome, Bundle, Plan | None, Metrics | None]] = []
    for outcome, analysis in analysed:
        tell("规划", 1)
        plan, metrics = pipeline.plan_bundle(analysis, outcome.planned)
        outcome.has_plan = plan is not None
        plans.append((outcome, analysis.bundle, plan, metrics))
    if not emit or not pipeline.judged_clean([d for b in out.bundles for d in b.planned]):
        return out
    for outcome, bundle, plan, metrics in plans:
        tell("生成", 1)
        if plan is None:
            continue  # its planner crashed and said so
        outcome.outputs, outcome.entry = pipeline.emit_bundle(
            bundle, plan, metrics, outcome.emitted
        )
        with stage("emit_lists", "全部一件事", None, outcome.rows_crashed):
            outcome.rows = [listed.rows for listed in build_lists([plan])]
    return out


# --- in the parent ----------------------------------------------------------------------------


class _Counter:
    """Bundles done per phase across all shares, as the one-process pipeline counts them.

    Each share says how many bundles it has once it has resolved its files; until every
    share has, what they report waits, so no count is ever shown against part of the total.
    """

    def __init__(self, progress: Progress, shares: int) -> None:
        self.progress = progress
        self.unreported = shares
        self.total = 0
        self.done: Counter[str] = Counter()
        self.waiting: list[str] = []

    def __call__(self, phase: str, count: int) -> None:
        if phase:
            self.waiting += [phase] * count
        else:
            self.total += count
            self.unreported -= 1
        if self.unreported:
            return
        for waited in self.waiting:
            self.done[waited] += 1
            self.progress(waited, self.done[waited], self.total)
        self.waiting.clear()


def _failed(err: Exception) -> ShareOutcome:
    return ShareOutcome(fatal=internal_error(err, "编译", None))  # as compile_paths says it


def _lost(number: int, what: str) -> ShareOutcome:
    """A worker that gave no result: an E900 of the whole compile, which writes nothing."""
    lost = Diagnostic.of(
        Code.E900,
        None,
        problem=f"并行编译时第 {number + 1} 个工作进程{what}",
        hint="多半是运行环境所致（进程被杀、内存不足），不是规格的问题：请用 -j 1 重新运行；"
        "仍然出错时，请把规格和本条信息一并报告给维护者",
    )
    return ShareOutcome(front=[lost])


def merge(outcomes: list[ShareOutcome], emit: bool, as_of: dt.date | None) -> CompileResult | None:
    """The shares' findings as one process would have reported them; None when they must be
    compiled together after all (see the module's docstring)."""
    fatal = [o.fatal for o in outcomes if o.fatal is not None]
    if fatal:
        return CompileResult(fatal[:1], {})
    if _entangled(outcomes):
        return None
    bundles = sorted((b for o in outcomes for b in o.bundles), key=lambda b: (b.sid, b.order))
    diagnostics = [d for o in outcomes for d in o.front]
    diagnostics += [d for b in bundles for d in b.analysed]
    diagnostics += [d for b in bundles for d in b.checked]
    sources: dict[str, SourceFile] = {}
    for outcome in outcomes:
        for name, source in outcome.sources.items():
            sources.setdefault(name, source)
    result = CompileResult(diagnostics, sources)
    result.libraries = frozenset().union(*(o.libraries for o in outcomes))
    if not has_errors(diagnostics):
        planned = [d for b in bundles for d in b.planned]
        result.diagnostics += planned
        result.planned = [b.sid for b in bundles if b.has_plan]
        if emit and pipeline.judged_clean(planned):
            _merge_outputs(bundles, result, as_of)
    result.diagnostics = sorted_unique(result.diagnostics)
    return result


def _entangled(outcomes: list[ShareOutcome]) -> bool:
    """A scenario id in two shares, or an import cycle anywhere."""
    if any(d.code is Code.W202 for o in outcomes for d in o.front):
        return True
    shares_of: Counter[str] = Counter()
    for outcome in outcomes:
        shares_of.update({b.sid for b in outcome.bundles})
    return any(count > 1 for count in shares_of.values())


def _merge_outputs(
    bundles: list[BundleOutcome], result: CompileResult, as_of: dt.date | None
) -> None:
    entries = []
    for bundle in bundles:
        result.diagnostics += bundle.emitted
        result.artifacts.update(bundle.outputs)
        if bundle.entry is not None:
            entries.append(bundle.entry)
    if not entries:
        return
    lists: dict[str, bytes] = {}
    crashed = [d for b in bundles for d in b.rows_crashed]
    if crashed:  # one process builds all lists in one go, so reports the first crash alone
        result.diagnostics.append(crashed[0])
    else:
        with stage("emit_lists", "全部一件事", None, result.diagnostics):
            lists = render_lists(_joined(b.rows for b in bundles if b.rows is not None))
    result.artifacts.update(pipeline.emit_shared(entries, lists, as_of, result.diagnostics))


def _joined(rows: Iterable[Rows]) -> list[PublishedList]:
    lists = build_lists([])
    for bundle_rows in rows:
        for listed, more in zip(lists, bundle_rows, strict=True):
            listed.rows.extend(more)
    return lists
