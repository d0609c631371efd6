"""What the fuzzer demands back for every case, through `compile_paths` and every CLI command.

Diagnostics only: no exception and no E900 (an E900 is a crash the pipeline caught), spans inside
the file they name, no artefacts after an error, an output folder unchanged by a failed build
and complete (as its manifest says) after a good one; `fmt` and `convert` keep what a file means;
data the models accept prints in its syntax to text that reads back as the same spec. A broken
promise raises `Finding`: the quick tests fail on it, the long profile counts it by kind.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fuzz_specs import LIBRARY_DIR, REPO, SCENARIO_DIR, Case
from pydantic import BaseModel, ValidationError
from sample_project import tree_bytes
from typer.testing import CliRunner

from cli import app
from compiler import ir
from compiler.lower import lower
from compiler.pipeline import CompileResult, compile_paths
from dsl.diagnostics import Code, CompileError, Diagnostic, sorted_unique
from dsl.front_ends import decode, parse_source

OUT = "out"
INTERNAL_ERROR = re.compile(r'\[E900\]|"code": "E900"|::error[^\n]*E900')  # text, json, github


class Finding(AssertionError):
    """A broken promise: `kind` says which one (traceback, E900, partial output, …)."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


class Project:
    """A temporary project with a copy of the real stdlib; a case's files come and go."""

    def __init__(self, root: Path) -> None:
        self.root = root
        if not (root / "stdlib").exists():
            shutil.copytree(REPO / "stdlib", root / "stdlib")
        (root / SCENARIO_DIR).mkdir(exist_ok=True)
        self.pristine = tree_bytes(root / "stdlib")

    def write(self, case: Case) -> None:
        for rel, data in case.files.items():
            path = self.root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)

    def clear(self, case: Case) -> None:
        """Put the project back: remove the case's files, restore any stdlib file it replaced."""
        for rel in case.files:
            path = self.root / rel
            original = self.pristine.get(rel.removeprefix("stdlib/"))
            if rel.startswith("stdlib/") and original is not None:
                path.write_bytes(original)
            elif path.exists():
                path.unlink()
        for folder in (SCENARIO_DIR, LIBRARY_DIR):
            for path in (self.root / folder).glob("*"):
                if path.is_file():
                    path.unlink()


# --- the pipeline ------------------------------------------------------------------------------


def check_pipeline(project: Project, case: Case) -> CompileResult:
    """Through compile_paths (parse, lower, resolve, checks, emit when clean)."""
    project.write(case)
    try:
        try:
            result = compile_paths([project.root / t for t in case.targets], project.root)
        except Exception as err:  # compile_paths promises never to raise
            raise Finding("traceback", f"{type(err).__name__}: {err}") from err
        check_result(result, case)
    finally:
        project.clear(case)
    if case.data is not None:
        check_printed(case)
    return result


def check_result(result: CompileResult, case: Case) -> None:
    crashes = [d for d in result.diagnostics if d.code is Code.E900]
    if crashes:
        raise Finding("E900", crashes[0].message)
    if not all(isinstance(d, Diagnostic) for d in result.diagnostics):
        raise Finding("not a diagnostic", repr(result.diagnostics))
    if result.diagnostics != sorted_unique(result.diagnostics):
        raise Finding("diagnostics out of order", repr(result.diagnostics))
    if not result.ok and result.artifacts:
        raise Finding("partial output", f"{len(result.artifacts)} artefacts despite errors")
    lines = {Path(rel).name: _line_count(case.text(rel)) for rel in case.files}
    for d in result.diagnostics:
        if d.span is None or Path(d.span.file).name not in lines:
            continue
        if not (0 < d.span.line <= lines[Path(d.span.file).name] + 1 and d.span.column >= 1):
            raise Finding("span outside the file", f"{d.code.name} at {d.span}: {d.message}")


def _line_count(text: str) -> int:
    """Lines by every break any front-end might count (LF, CR, and what splitlines knows)."""
    return max(text.count("\n") + text.count("\r"), len(text.splitlines()))


def check_printed(case: Case) -> None:
    """Data the models accept, printed, reads back as the same spec (in the case's syntax)."""
    data = case.data
    assert data is not None
    model: type[BaseModel] = ir.Scenario if "scenario" in data else ir.Library
    try:
        expected = model.model_validate(data).model_dump()
    except ValidationError:
        return  # the generator made data the models reject (an id used twice in a list, …)
    rel = case.targets[0]
    got = meaning(rel, case.files[rel])
    if not isinstance(got, dict):
        raise Finding("printed spec does not read back", f"{rel}: {got}")
    if got != expected:
        raise Finding("printed spec reads back different", f"{rel}: {difference(got, expected)}")


def meaning(rel: str, raw: bytes) -> Any:
    """What a file says (decoded and parsed as yjs reads it): its lowered model, or its errors."""
    try:
        return lower(parse_source(decode(Path(rel).name, raw))).model_dump()
    except CompileError as err:
        return sorted(f"{d.code.name} {d.message}" for d in err.diagnostics)


def difference(got: Any, expected: Any, at: str = "") -> str:
    """Where two plain data trees first differ, for a readable finding."""
    if isinstance(got, dict) and isinstance(expected, dict):
        for key in {**expected, **got}:
            if got.get(key) != expected.get(key):
                return difference(got.get(key), expected.get(key), f"{at}.{key}")
    if isinstance(got, list) and isinstance(expected, list) and len(got) == len(expected):
        for i, (a, b) in enumerate(zip(got, expected, strict=True)):
            if a != b:
                return difference(a, b, f"{at}[{i}]")
    return f"{at or 'top'}: {got!r} != {expected!r}"


# --- the CLI -----------------------------------------------------------------------------------

COMMANDS = (
    "check",
    "check-json",
    "build",
    "build-check",
    "fmt",
    "fmt-check",
    "convert",
    "stats",
    "diff",
    "why",
)


@dataclass(slots=True)
class Run:
    exit_code: int
    stdout: str


def invoke(args: list[str]) -> Run:
    """One `yjs` command through its entry point; any escape but an exit is a traceback."""
    result = CliRunner().invoke(app, args)
    command = "yjs " + " ".join(args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        error = result.exception
        raise Finding("traceback", f"{command}: {type(error).__name__}: {error}")
    if INTERNAL_ERROR.search(result.output):
        raise Finding("E900", f"{command}: {result.output[-400:]}")
    if "Traceback" in result.output:
        raise Finding("traceback", f"{command}: {result.output[-400:]}")
    if result.exit_code not in (0, 1):
        raise Finding("exit code", f"{command} exited {result.exit_code}: {result.output[-400:]}")
    return Run(result.exit_code, result.stdout)


def check_cli(project: Project, case: Case, commands: tuple[str, ...] = COMMANDS) -> None:
    """Each command on the case, run in the project root as a user would."""
    project.write(case)
    cwd = Path.cwd()
    os.chdir(project.root)
    try:
        for command in commands:
            CLI_CHECKS[command](case)
    finally:
        os.chdir(cwd)
        project.clear(case)


def _targets(case: Case) -> list[str]:
    """What a user would name: the scenarios folder, or the files themselves."""
    if all(t.startswith(SCENARIO_DIR + "/") for t in case.targets):
        return [SCENARIO_DIR]
    return list(case.targets)


def _check(case: Case) -> None:
    invoke(["check", *_targets(case)])


def _check_json(case: Case) -> None:
    """The machine formats: JSON that parses, GitHub annotations one a line."""
    run = invoke(["check", *_targets(case), "--format", "json"])
    try:
        json.loads(run.stdout)
    except ValueError as err:
        raise Finding("check --format json is not JSON", f"{err}: {run.stdout[:200]}") from None
    github = invoke(["check", *_targets(case), "--format", "github"])
    stray = [line for line in github.stdout.splitlines() if not line.startswith("::")]
    if stray:
        raise Finding("check --format github prints a stray line", repr(stray[0][:200]))


def _snapshot() -> dict[str, bytes] | None:
    out = Path(OUT)
    return tree_bytes(out) if out.exists() else None


def _build(case: Case) -> None:
    """A failed build leaves the output as it was; a good one leaves exactly what it lists."""
    before = _snapshot()
    run = invoke(["build", *_targets(case), "--out", OUT])
    after = _snapshot()
    if run.exit_code != 0:
        if after != before:
            raise Finding("partial output", f"a failed build changed {OUT}/")
        return
    if after is None or "manifest.json" not in after:
        raise Finding("build emptied the output", f"a build of no scenario replaced {OUT}/")
    _matches_manifest(after)
    if invoke(["build", *_targets(case), "--out", OUT, "--check"]).exit_code != 0:
        raise Finding("stale right after build", "build --check fails on what build just wrote")


def _matches_manifest(tree: dict[str, bytes]) -> None:
    """Exactly the files the manifest lists, with those digests."""
    manifest = json.loads(tree["manifest.json"])
    listed = {
        name: digest for entry in manifest["scenarios"] for name, digest in entry["outputs"].items()
    } | manifest["lists"]
    listed |= manifest["shared"]  # the published schemas, which belong to no scenario
    files = {k: hashlib.sha256(v).hexdigest() for k, v in tree.items() if k != "manifest.json"}
    if files != listed:
        raise Finding("output does not match its manifest", f"{sorted(files)} vs {sorted(listed)}")


def _build_check(case: Case) -> None:
    before = _snapshot()
    invoke(["build", *_targets(case), "--out", OUT, "--check"])
    if _snapshot() != before:
        raise Finding("build --check wrote", f"{OUT}/ changed")


def _fmt(case: Case) -> None:
    """fmt keeps what every file it rewrites means, fails without writing, and is idempotent."""
    before = {rel: Path(rel).read_bytes() for rel in case.files}
    run = invoke(["fmt", *case.files])
    for rel in case.files:
        after = Path(rel).read_bytes()
        if after == before[rel]:
            continue
        if not rel.endswith(".yjs"):
            raise Finding("fmt changed a YAML file", rel)
        old, new = meaning(rel, before[rel]), meaning(rel, after)
        if old != new:
            raise Finding("fmt changed the meaning", f"{rel}: {difference(new, old)}")
    if run.exit_code == 0 and invoke(["fmt", "--check", *case.files]).exit_code != 0:
        raise Finding("fmt is not idempotent", ", ".join(case.files))


def _fmt_check(case: Case) -> None:
    before = {rel: Path(rel).read_bytes() for rel in case.files}
    invoke(["fmt", "--check", *case.files])
    if {rel: Path(rel).read_bytes() for rel in case.files} != before:
        raise Finding("fmt --check wrote", ", ".join(case.files))


def _convert(case: Case) -> None:
    """convert writes the same spec in the other syntax, or says why not."""
    for rel in case.targets:
        said = meaning(rel, Path(rel).read_bytes())
        for to in ("yaml", "yjs"):
            run = invoke(["convert", rel, "--to", to])
            if run.exit_code != 0:
                if isinstance(said, dict):
                    raise Finding("convert refused a valid file", f"{rel} --to {to}")
                continue
            converted = meaning(f"converted.{to}", run.stdout.encode("utf-8"))
            if converted != said:
                detail = f"{rel} --to {to}: {difference(converted, said)}"
                raise Finding("convert changed the meaning", detail)


def _stats(case: Case) -> None:
    invoke(["stats", *_targets(case)])


def _diff(case: Case) -> None:
    """A spec compared with itself has no semantic change (or the diagnostics that stop it)."""
    for rel in case.targets:
        run = invoke(["diff", rel, rel, "--format", "json"])
        if run.exit_code != 0:
            continue
        try:
            report = json.loads(run.stdout)
        except ValueError as err:
            raise Finding("diff --format json is not JSON", f"{err}: {run.stdout[:200]}") from None
        if report["changed"]:
            raise Finding("diff of a spec with itself", f"{rel}: {run.stdout[:400]}")


def _why(case: Case) -> None:
    """The first field and material of the first clean bundle have a provenance (exit 0)."""
    result = compile_paths([Path(t) for t in _targets(case)], emit=False)
    if not result.ok or not result.plans:
        return
    sid, plan = next(iter(result.plans.items()))
    names = [f.definition.id for f in plan.form[:1]] + [m.material.id for m in plan.materials[:1]]
    for name in names:
        if invoke(["why", sid, name, *_targets(case)]).exit_code != 0:
            raise Finding("why failed on a clean bundle", f"{sid} {name}")


CLI_CHECKS: dict[str, Callable[[Case], None]] = {
    "check": _check,
    "check-json": _check_json,
    "build": _build,
    "build-check": _build_check,
    "fmt": _fmt,
    "fmt-check": _fmt_check,
    "convert": _convert,
    "stats": _stats,
    "diff": _diff,
    "why": _why,
}
