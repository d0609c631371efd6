"""Paths → CompileResult: resolve, analyse, check, plan and emit, every problem a Diagnostic.

This is the one entry point the CLI and the tests use. It never raises for bad input: any
exception a stage throws becomes E900 naming the stage, so users never see a traceback.
Artefacts are produced only when there is no error anywhere, so a build is all or nothing.
"""

from __future__ import annotations

import hashlib
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from compiler import ir
from compiler.analysis import Analysis, analyse_bundle
from compiler.checks.condition_types import check_conditions
from compiler.checks.dependencies import check_cycles
from compiler.checks.fields import (
    check_field_situation_clash,
    check_field_sources,
    check_field_types,
)
from compiler.checks.materials import check_conditional_results, check_material_supply
from compiler.checks.references import check_references
from compiler.checks.spec_tests import check_spec_tests
from compiler.checks.time_limits import check_time_limits
from compiler.checks.usage import check_lead, check_unused
from compiler.emit.encoding import json_bytes
from compiler.emit.form_schema import emit_form_schema
from compiler.emit.notice import emit_notice
from compiler.emit.routing import emit_routing
from compiler.plan import Plan, build_plan
from compiler.resolve import (
    SPEC_SUFFIXES,
    Bundle,
    Unit,
    closure,
    find_root,
    resolve_paths,
)
from compiler.version import COMPILER_VERSION, FORMAT_VERSIONS
from dsl.diagnostics import Code, Diagnostic, has_errors, sorted_unique
from dsl.source import SourceFile, Span

BundleCheck = Callable[[Analysis], Iterable[Diagnostic]]

# Run order matters only for readability of the output; each check is independent.
CHECKS: tuple[BundleCheck, ...] = (
    check_conditions,
    check_field_types,
    check_field_situation_clash,
    check_field_sources,
    check_cycles,
    check_material_supply,
    check_conditional_results,
    check_time_limits,
    check_lead,
    check_unused,
    check_spec_tests,
)
Emitter = Callable[[Plan], dict[str, bytes]]
EMITTERS: tuple[Emitter, ...] = (emit_form_schema, emit_routing, emit_notice)


@dataclass(slots=True)
class CompileResult:
    diagnostics: list[Diagnostic]
    sources: dict[str, SourceFile]
    artifacts: dict[str, bytes] = field(default_factory=dict)  # path under the output dir
    plans: dict[str, Plan] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def spec_files(paths: Iterable[Path]) -> list[Path]:
    """Spec files named by `paths`: files as given, folders searched recursively, sorted."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.suffix in SPEC_SUFFIXES)
        else:
            out.append(path)
    return list(dict.fromkeys(p.resolve() for p in out))


def compile_paths(paths: Iterable[Path], root: Path | None = None) -> CompileResult:
    files = spec_files(paths)
    root = root or (find_root(files[0]) if files else Path.cwd())
    try:
        return _compile(files, root)
    except Exception as err:  # the last line of defence: report, never crash
        return CompileResult([_internal(err, "编译", None)], {})


def _compile(files: list[Path], root: Path) -> CompileResult:
    program, diagnostics = resolve_paths(files, root)
    for unit in program.units.values():
        diagnostics += _guarded(check_references, unit.name, None, unit, program.scopes[unit.path])
    analyses: list[Analysis] = []
    for bundle in program.bundles:
        where, anchor = bundle.unit.name, _anchor(bundle.unit)
        try:
            analysis = analyse_bundle(bundle)  # once per bundle: every check and the plan read it
        except Exception as err:
            diagnostics.append(_internal(err, f"analyse_bundle（{where}）", anchor))
            continue
        analyses.append(analysis)
        for check in CHECKS:
            diagnostics += _guarded(check, where, anchor, analysis)
    result = CompileResult(sorted_unique(diagnostics), program.sources)
    if result.ok:
        _emit(analyses, result)
    return result


def _guarded(
    fn: Callable[..., Iterable[Diagnostic]], where: str, span: Span | None, *args: object
) -> list[Diagnostic]:
    try:
        return list(fn(*args))
    except Exception as err:
        return [_internal(err, f"{fn.__name__}（{where}）", span)]


def _anchor(unit: Unit) -> Span:
    return unit.doc.span(("scenario",))


def _internal(err: Exception, stage: str, span: Span | None) -> Diagnostic:
    frame = traceback.extract_tb(err.__traceback__)[-1] if err.__traceback__ else None
    where = f"{Path(frame.filename).name}:{frame.lineno}" if frame else "?"
    return Diagnostic.of(
        Code.E900,
        span,
        problem=f"{stage}阶段出现 {type(err).__name__}: {err}（{where}）",
        hint="这是 yjs 的缺陷，不是规格的问题；请把这个文件和本条信息一并报告给维护者",
    )


def _emit(analyses: list[Analysis], result: CompileResult) -> None:
    entries = []
    for analysis in analyses:
        bundle = analysis.bundle
        plan = build_plan(analysis)
        sid = bundle.scenario.scenario
        result.plans[sid] = plan
        outputs: dict[str, bytes] = {}
        for emitter in EMITTERS:
            for name, data in emitter(plan).items():
                outputs[f"{sid}/{name}"] = data
        result.artifacts.update(outputs)
        entries.append(_manifest_entry(bundle, outputs))
    if entries:
        result.artifacts["manifest.json"] = json_bytes(
            {
                "format": "yjs-manifest",
                "format_version": FORMAT_VERSIONS["manifest.json"],
                "compiler_version": COMPILER_VERSION,
                "formats": FORMAT_VERSIONS,
                "scenarios": entries,
            }
        )


def _manifest_entry(bundle: Bundle, outputs: dict[str, bytes]) -> dict[str, object]:
    spec: ir.Scenario = bundle.scenario
    inputs = {u.rel: u.doc.source.sha256 for u in closure(bundle.unit)}
    return {
        "id": spec.scenario,
        "name": spec.name,
        "batch": spec.batch.isoformat(),
        "source": bundle.unit.rel,
        "inputs": dict(sorted(inputs.items())),
        "outputs": {name: _sha256(data) for name, data in sorted(outputs.items())},
    }


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
