"""One measured step, run in its own process so its peak memory is its own.

`python -m bench.step items N` compiles one synthetic scenario of N items;
`python -m bench.step scenarios M` a project of M small scenarios; `python -m bench.step peer N`
converts the XLSForm with the same questions through pyxform;
`python -m bench.step real check|build OUT` the real scenarios as the CLI would;
`python -m bench.step jobs J FOLDER OUT` builds the specs in FOLDER into OUT with `-j J` and
times it on the wall clock (what `-j` shortens; CPU time only grows). Each prints one JSON line: CPU
seconds, peak resident memory in KiB, the number of form questions, and (for yjs) the CPU
seconds per pipeline stage, taken by timing the pipeline's own `stage` and `_guarded` calls.
"""

from __future__ import annotations

import contextlib
import json
import resource
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.peer import xlsform_markdown
from bench.synthetic import write_project

ROOT = Path(__file__).resolve().parents[1]
SMALL_SCENARIO_ITEMS = 8  # the scenario series: many bundles of the real bundles' size


def _timed_pipeline(stages: dict[str, float], by_emitter: bool = False) -> None:
    """Wrap the pipeline's stage runner (every check, analysis, plan, metric and emitter runs
    inside one) and its resolver, adding up CPU time per stage; `by_emitter` keeps each
    emitter apart instead of adding them up as "emit"."""
    import compiler.pipeline as pipeline

    original_stage = pipeline.stage
    original_resolve = pipeline.resolve_paths

    @contextlib.contextmanager
    def stage(name: str, *args: Any) -> Iterator[None]:
        start = time.process_time()
        with original_stage(name, *args):
            yield
        emitter = name.startswith("emit") or name == "manifest_entry"
        key = name if by_emitter and emitter else _stage_name(name)
        stages[key] += time.process_time() - start

    def resolve(*args: Any) -> Any:
        start = time.process_time()
        out = original_resolve(*args)
        stages["resolve"] += time.process_time() - start
        return out

    pipeline.stage = stage  # type: ignore[assignment]
    pipeline.resolve_paths = resolve


def _stage_name(name: str) -> str:
    if name.startswith("check_"):
        return "checks"
    if name.startswith("emit") or name == "manifest_entry":
        return "emit"
    return name


def _compile(folder: Path) -> dict[str, Any]:
    from compiler.pipeline import compile_paths

    stages: dict[str, float] = defaultdict(float)
    _timed_pipeline(stages)
    start = time.process_time()
    result = compile_paths([folder], emit=True)
    cpu = time.process_time() - start
    if not result.ok:
        raise SystemExit(f"the synthetic spec does not compile: {result.diagnostics[:3]}")
    questions = sum(len(plan.form) for plan in result.plans.values())
    return {"cpu": cpu, "questions": questions, "stages": dict(stages)}


def real(mode: str, out: Path) -> dict[str, Any]:
    """The real scenarios in a fresh process, as the CLI runs them: `check` (with the PyYAML
    baseline timed after it in the same process) or `build` into `out`."""
    import yaml

    from compiler.emit import output
    from compiler.pipeline import compile_paths
    from compiler.up_to_date import record_build, unchanged_bundles
    from dsl.front_ends import load
    from dsl.printer import print_yaml

    scenarios = ROOT / "scenarios"
    stages: dict[str, float] = defaultdict(float)
    _timed_pipeline(stages, by_emitter=True)  # where a cold build's time goes, for the report
    start = time.process_time()
    if mode == "build" and unchanged_bundles([scenarios], out, None) is not None:
        return {"cpu": time.process_time() - start, "skipped": True}  # what `yjs build` does
    result = compile_paths([scenarios], emit=mode == "build")
    if mode == "build":
        written = time.process_time()
        output.write_output(result.artifacts, out, [scenarios])
        record_build(out)  # what `yjs build` does after writing: the stamp a no-op build reads
        stages["write_output"] = time.process_time() - written
    cpu = time.process_time() - start
    if mode != "check":
        return {"cpu": cpu, "stages": dict(stages)}
    texts = [
        print_yaml(load(Path(name)).data) if name.endswith(".yjs") else source.text
        for name, source in result.sources.items()
    ]
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    start = time.process_time()
    for text in texts:
        yaml.load(text, Loader=loader)
    return {"cpu": cpu, "yaml_cpu": time.process_time() - start, "files": len(texts)}


def jobs(count: int, folder: Path, out: Path) -> dict[str, Any]:
    """`yjs build FOLDER --out OUT -j COUNT --force` as the CLI runs it, less the interpreter's
    start and imports (the same for any COUNT): wall seconds to compile, and to write; and
    the CPU seconds of the whole process with its workers (what sharing out costs extra)."""
    from compiler.emit import output
    from compiler.pipeline import compile_paths

    before = time.process_time()
    start = time.perf_counter()
    result = compile_paths([folder], emit=True, jobs=count)
    compiled = time.perf_counter()
    if not result.ok:
        raise SystemExit(f"the synthetic specs do not compile: {result.diagnostics[:3]}")
    output.write_output(result.artifacts, out, [folder])
    wall = time.perf_counter() - start
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "wall": wall,
        "compile_wall": compiled - start,
        "cpu": time.process_time() - before,  # this process
        "worker_cpu": workers.ru_utime + workers.ru_stime,  # all its workers together
        "files": len(result.artifacts),
    }


def main(kind: str, n: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        if kind == "items":
            folder = write_project(Path(tmp), 1, n)
            out = _compile(folder)
        elif kind == "scenarios":
            folder = write_project(Path(tmp), n, SMALL_SCENARIO_ITEMS)
            out = _compile(folder)
        elif kind == "peer":
            from pyxform.xls2xform import convert

            text, questions = xlsform_markdown(n)
            start = time.process_time()
            convert(text, file_type=".md", form_name="data")
            out = {"cpu": time.process_time() - start, "questions": questions}
        else:
            raise SystemExit(f"unknown step {kind!r}: items, scenarios or peer")
    out["peak_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return out


if __name__ == "__main__":
    if sys.argv[1] == "real":
        print(json.dumps(real(sys.argv[2], Path(sys.argv[3]))))
    elif sys.argv[1] == "jobs":
        print(json.dumps(jobs(int(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))))
    else:
        print(json.dumps(main(sys.argv[1], int(sys.argv[2]))))
