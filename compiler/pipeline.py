"""Paths → CompileResult: resolve, analyse, check, plan and emit, every problem a Diagnostic.

This is the one entry point the CLI and the tests use. It never raises for bad input: every
stage runs guarded, per file or per bundle, so an exception becomes one E900 that names the
stage and the bundle and points at its spec, while the other bundles' diagnostics and
artefacts are still produced. Planning starts only when the checks found no error anywhere,
and the CLI writes artefacts only when the whole result is clean, so a build is all or nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from compiler import ir
from compiler.analysis import Analysis, analyse_bundle
from compiler.checks.answer_space import check_answer_space
from compiler.checks.condition_types import check_conditions
from compiler.checks.dependencies import check_cycles
from compiler.checks.fields import (
    check_field_sensitivity,
    check_field_situation_clash,
    check_field_sources,
    check_field_types,
)
from compiler.checks.levels import check_item_levels
from compiler.checks.materials import (
    check_conditional_results,
    check_deferred_materials,
    check_material_supply,
)
from compiler.checks.minimisation import check_sensitive_fields
from compiler.checks.references import check_references
from compiler.checks.results import check_implied_after, check_unused_results
from compiler.checks.service import check_item_codes, check_proactive
from compiler.checks.spec_tests import check_planned_spec_tests, check_spec_tests
from compiler.checks.targets import check_targets
from compiler.checks.time_limits import check_time_limits
from compiler.checks.usage import check_lead, check_unused
from compiler.checks.validity import check_batch_validity, check_validity
from compiler.emit.bpmn import emit_process
from compiler.emit.form_schema import emit_form_schema
from compiler.emit.form_ui import emit_form_ui
from compiler.emit.formats import emit_formats
from compiler.emit.manifest import emit_manifest, manifest_entry
from compiler.emit.metrics_json import emit_metrics
from compiler.emit.notice import emit_notice
from compiler.emit.pledge_letter import emit_pledge_letters
from compiler.emit.published_lists import emit_lists
from compiler.emit.routing import emit_routing
from compiler.emit.schemas import emit_schemas
from compiler.emit.slices import emit_slices
from compiler.emit.supervision_json import emit_supervision
from compiler.guard import internal_error, stage
from compiler.metrics import Metrics, compute_metrics
from compiler.plan import Plan, build_plan
from compiler.program import Bundle, Program, Unit
from compiler.resolve import find_root, resolve_paths
from dsl.diagnostics import Code, Diagnostic, has_errors, sorted_unique
from dsl.front_ends import spec_files
from dsl.source import SourceFile, Span

BundleCheck = Callable[[Analysis], Iterable[Diagnostic]]

# Run order matters only for readability of the output; each check is independent. These hold
# whatever items a bundle is missing: what they find is wrong with the items that are there.
CHECKS: tuple[BundleCheck, ...] = (
    check_conditions,
    check_field_types,
    check_field_sensitivity,
    check_field_situation_clash,
    check_cycles,
    check_time_limits,
    check_item_codes,
    check_item_levels,
    check_sensitive_fields,
    check_batch_validity,
)
# These judge the bundle by all of its items (who produces a result, what is unused, what a
# spec test expects). While a `use:` names no item they would report its absence again and
# again, so they wait: the one E201 at the `use:` is the root cause.
WHOLE_BUNDLE_CHECKS: tuple[BundleCheck, ...] = (
    check_field_sources,
    check_material_supply,
    check_conditional_results,
    check_lead,
    check_unused,
    check_spec_tests,
    check_proactive,
    check_answer_space,
    check_unused_results,
    check_implied_after,
    check_deferred_materials,
)
# These judge the bundle at a date (`--as-of`, today by default): what holds on that day.
DatedCheck = Callable[[Analysis, dt.date], Iterable[Diagnostic]]
DATED_CHECKS: tuple[DatedCheck, ...] = (check_validity,)
Emitter = Callable[[Plan], dict[str, bytes]]
Progress = Callable[[str, int, int], None]  # (phase, bundles done, bundles in all)
# Largest first: an emitter's working set is freed when it returns but its bytes are kept, so
# the peak is lowest when the big ones work before the rest have been kept (bench.step items
# 2,000: VmHWM 146.5 -> 138.4 MiB). The order is otherwise free: manifest entries are sorted.
EMITTERS: tuple[Emitter, ...] = (
    emit_process,
    emit_routing,
    emit_form_schema,
    emit_slices,
    emit_form_ui,
    emit_notice,
    emit_pledge_letters,
    emit_supervision,
)
SHARED_EMITTERS: tuple[Callable[[], dict[str, bytes]], ...] = (emit_formats, emit_schemas)


@dataclass(slots=True)
class CompileResult:
    diagnostics: list[Diagnostic]
    sources: dict[str, SourceFile]
    artifacts: dict[str, bytes] = field(default_factory=dict)  # path under the output dir
    plans: dict[str, Plan] = field(default_factory=dict)
    root: Path | None = None  # the project root, which SARIF locations are relative to
    metrics: dict[str, Metrics] = field(default_factory=dict)  # scenario id → its metrics
    analyses: dict[str, Analysis] = field(default_factory=dict)  # scenario id → its analysis
    libraries: frozenset[str] = frozenset()  # the library files read, as diagnostics name them
    # The scenario ids planned. With `jobs` > 1 the plans, metrics and analyses stay in the
    # worker processes (pickling 300 plans back cost a third of compiling them; the metrics
    # took most of the parent's time to unpickle), so those are empty and this says how many
    # bundles were planned; build and check read nothing else.
    planned: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)

    def __repr__(self) -> str:
        # The default repr prints every plan and artefact: megabytes, which pytest renders
        # (for minutes) whenever an assertion about a result fails.
        return (
            f"CompileResult(ok={self.ok}, diagnostics={len(self.diagnostics)}, "
            f"plans={sorted(self.plans)}, artifacts={len(self.artifacts)})"
        )


def compile_paths(
    paths: Iterable[Path],
    root: Path | None = None,
    *,
    emit: bool = True,
    as_of: dt.date | None = None,
    progress: Progress | None = None,
    jobs: int = 1,
) -> CompileResult:
    """Compile the spec files under `paths`; with `emit=False` stop once every bundle is planned.

    `jobs` > 1 compiles shares of the bundles in that many worker processes and merges what
    they found into the result one process would give (`compiler/parallel.py`); the plans,
    metrics and analyses then stay in the workers (see `planned`).

    `progress(phase, done, total)` is called as each bundle is checked, planned and emitted, for
    a terminal to show how far a long compile has come.

    `yjs check` and `yjs stats` need the diagnostics and the plans, not the artefacts, which
    took about a fifth of a check's time to render; `yjs build` and the tests emit.
    Validity is judged at `as_of`, today when None; only a date given explicitly is written
    into the manifest, so a build on another day gives the same bytes.
    """
    files = spec_files(paths)
    root = root or (find_root(files[0]) if files else Path.cwd())
    try:
        with _collector_tuned():
            result = _run(files, root, emit, as_of, progress or _silent, jobs)
    except Exception as err:  # the last line of defence: report, never crash
        result = CompileResult([internal_error(err, "编译", None)], {})
    result.root = root
    return result


# Objects a compile allocates are mostly acyclic (reference counting frees them) and live until
# it ends, so the cyclic collector's passes find little and, as the heap grows, rescan more.
# Measured on a synthetic bundle (bench/): with the youngest generation collected every 50,000
# allocations instead of 700, 2,000 items compiled in 1.94 s instead of 2.99 s; with automatic
# collection off during the compile, 5,000 items take 2.7 s instead of 3.2–3.5 s (resolve alone
# then grows exactly 4× from 1,000 to 4,000 items) at the same peak memory (311 MiB), and the 33
# real scenarios take the same time and memory (0.43 s, 93 MiB). What exists before the compile
# (modules, grammars) stays frozen out of any collection until it ends.
GC_THRESHOLD = (0, 20, 100)  # 0: no automatic collection while compiling


@contextlib.contextmanager
def _collector_tuned() -> Iterator[None]:
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


def _silent(phase: str, done: int, total: int) -> None:
    pass


def _run(
    files: list[Path],
    root: Path,
    emit: bool,
    as_of: dt.date | None,
    progress: Progress,
    jobs: int,
) -> CompileResult:
    if jobs > 1:
        from compiler.parallel import compile_parallel

        shared = compile_parallel(files, root, emit, as_of, progress, jobs)
        if shared is not None:
            return shared
    # one job, or a compile too small (or, rarely, too entangled) to share among processes
    return _compile(files, root, emit, as_of, progress)


def _compile(
    files: list[Path], root: Path, emit: bool, as_of: dt.date | None, progress: Progress
) -> CompileResult:
    program, diagnostics = front(files, root)
    analyses: list[Analysis] = []
    for bundle in program.bundles:
        if (analysis := analyse(bundle, diagnostics)) is not None:
            analyses.append(analysis)  # once per bundle: checks and plan read it
    for done, analysis in enumerate(analyses, start=1):
        diagnostics += check_bundle(analysis, as_of)
        progress("检查", done, len(analyses))
    result = CompileResult(diagnostics, program.sources)
    result.libraries = libraries(program)
    result.analyses = {a.bundle.scenario.scenario: a for a in analyses}
    if not has_errors(diagnostics):
        checked = len(result.diagnostics)
        _plan(analyses, result, progress)
        # A missed target or a failed spec test stops the build as any check's error does; a
        # stage that crashed (E900) costs only its own bundle, as before planning.
        if emit and judged_clean(result.diagnostics[checked:]):
            _emit(analyses, result, as_of, progress)
    result.planned = list(result.plans)
    result.diagnostics = sorted_unique(result.diagnostics)
    return result


def front(files: list[Path], root: Path) -> tuple[Program, list[Diagnostic]]:
    """Every file resolved (parsed, imports followed, names in scopes), and every unit's names
    checked: what can be said of the files before any bundle is analysed."""
    program, diagnostics = resolve_paths(files, root)
    for unit in program.units.values():
        diagnostics += _guarded(
            check_references, unit.name, _anchor(unit), unit, program.scopes[unit.path]
        )
    return program, diagnostics


def libraries(program: Program) -> frozenset[str]:
    """The library files read, as diagnostics name them (their suppressions are judged apart)."""
    return frozenset(u.name for u in program.units.values() if isinstance(u.spec, ir.Library))


def analyse(bundle: Bundle, into: list[Diagnostic]) -> Analysis | None:
    """The bundle's one Analysis, or None when analysing it crashed (an E900 in `into`)."""
    with stage("analyse_bundle", _name(bundle), _anchor(bundle.unit), into):
        return analyse_bundle(bundle)
    return None


def check_bundle(analysis: Analysis, as_of: dt.date | None) -> list[Diagnostic]:
    """Every check of one bundle; the whole-bundle ones only when no `use:` is unresolved."""
    where, anchor = _name(analysis.bundle), _anchor(analysis.bundle.unit)
    found: list[Diagnostic] = []
    for check in CHECKS + (WHOLE_BUNDLE_CHECKS if analysis.bundle.complete else ()):
        found += _guarded(check, where, anchor, analysis)
    for dated in DATED_CHECKS:
        found += _guarded(dated, where, anchor, analysis, as_of or dt.date.today())
    return found


def judged_clean(planned: list[Diagnostic]) -> bool:
    """Whether planning found nothing that stops a build: an E900 costs only its own bundle."""
    return not has_errors(d for d in planned if d.code is not Code.E900)


def _plan(analyses: list[Analysis], result: CompileResult, progress: Progress) -> None:
    for done, analysis in enumerate(analyses, start=1):
        progress("规划", done, len(analyses))
        plan, metrics = plan_bundle(analysis, result.diagnostics)
        sid = analysis.bundle.scenario.scenario
        if plan is not None:
            result.plans[sid] = plan
        if metrics is not None:
            result.metrics[sid] = metrics


def plan_bundle(analysis: Analysis, into: list[Diagnostic]) -> tuple[Plan | None, Metrics | None]:
    """The bundle's plan, then its metrics and the published targets judged on them (E507)."""
    bundle = analysis.bundle
    where, anchor = _name(bundle), _anchor(bundle.unit)
    plan: Plan | None = None
    metrics: Metrics | None = None
    with stage("build_plan", where, anchor, into):
        plan = build_plan(analysis)
    if plan is None:
        return None, None
    with stage("compute_metrics", where, anchor, into):
        metrics = compute_metrics(analysis, plan)
    if metrics is not None:
        into += _guarded(check_targets, where, anchor, bundle.unit.doc, plan, metrics)
    if bundle.complete:
        into += _guarded(check_planned_spec_tests, where, anchor, analysis, plan)
    return plan, metrics


def _emit(
    analyses: list[Analysis], result: CompileResult, as_of: dt.date | None, progress: Progress
) -> None:
    entries = []
    for done, bundle in enumerate((analysis.bundle for analysis in analyses), start=1):
        progress("生成", done, len(analyses))
        sid = bundle.scenario.scenario
        if (plan := result.plans.get(sid)) is None:
            continue  # its planner crashed and said so
        outputs, entry = emit_bundle(bundle, plan, result.metrics.get(sid), result.diagnostics)
        result.artifacts.update(outputs)
        if entry is not None:
            entries.append(entry)
    if entries:
        plans = [p for a in analyses if (p := result.plans.get(a.bundle.scenario.scenario))]
        lists: dict[str, bytes] = {}
        with stage("emit_lists", "全部一件事", None, result.diagnostics):
            lists = emit_lists(plans)
        result.artifacts.update(emit_shared(entries, lists, as_of, result.diagnostics))


def emit_bundle(
    bundle: Bundle, plan: Plan, metrics: Metrics | None, into: list[Diagnostic]
) -> tuple[dict[str, bytes], dict[str, object] | None]:
    """One bundle's artefacts, emitter by emitter (one crash costs one bundle one artefact),
    and its manifest entry (None when that crashed)."""
    sid, where, span = bundle.scenario.scenario, _name(bundle), _anchor(bundle.unit)
    outputs: dict[str, bytes] = {}
    for emitter in EMITTERS:
        with stage(emitter.__name__, where, span, into):
            outputs |= {f"{sid}/{name}": data for name, data in emitter(plan).items()}
    if metrics is not None:
        with stage("emit_metrics", where, span, into):
            outputs |= {f"{sid}/{name}": data for name, data in emit_metrics(metrics).items()}
    with stage("manifest_entry", where, span, into):
        return outputs, manifest_entry(bundle, outputs)
    return outputs, None


def emit_shared(
    entries: list[dict[str, object]],
    lists: dict[str, bytes],
    as_of: dt.date | None,
    into: list[Diagnostic],
) -> dict[str, bytes]:
    """The outputs of all bundles together: the lists, the shared files and the manifest."""
    shared = _shared(into)
    return lists | shared | emit_manifest(entries, as_of, lists, shared)


def _shared(diagnostics: list[Diagnostic]) -> dict[str, bytes]:
    """Outputs of no one bundle: the published format checks and the formats' JSON Schemas."""
    shared: dict[str, bytes] = {}
    for emitter in SHARED_EMITTERS:
        with stage(emitter.__name__, "生成物", None, diagnostics):
            shared |= emitter()
    return shared


def _guarded(
    fn: Callable[..., Iterable[Diagnostic]], where: str, span: Span | None, *args: object
) -> list[Diagnostic]:
    crashed: list[Diagnostic] = []
    with stage(fn.__name__, where, span, crashed):
        return list(fn(*args))  # consumed here, so a check that fails half-way reports nothing
    return crashed


def _name(bundle: Bundle) -> str:
    return f"{bundle.unit.name}，一件事 `{bundle.scenario.scenario}`"


def _anchor(unit: Unit) -> Span:
    return unit.doc.span(("scenario" if isinstance(unit.spec, ir.Scenario) else "library",))
