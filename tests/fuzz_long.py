"""The fuzzer's long profile: ≥ 20,000 cases, counted; prints the totals and the first reproducers.

Run `python tests/fuzz_long.py [--cases N]` (or `pytest -m fuzz`). Unlike the quick tests, a
broken promise does not stop the run: each is counted by kind and the smallest input of each
kind is written to the report folder, so one run shows everything it found. Most cases go
through `compile_paths` (parse, lower, resolve, checks, and emit when clean); one in twenty
goes through two CLI commands. A case that takes longer than TIME_LIMIT seconds is stopped and
counted.
"""

from __future__ import annotations

import argparse
import re
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

sys.path.insert(0, str(Path(__file__).resolve().parent))  # fuzz_specs, fuzz_checks, sample_project

from fuzz_checks import COMMANDS, Finding, Project, check_cli, check_pipeline
from fuzz_specs import Case, generated_cases, mutated_cases
from hypothesis import HealthCheck, Phase, given, settings, strategies as st

TIME_LIMIT = 20  # seconds for one case; bounded-input work is another branch's (issue 8.2)
LONG = settings(
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.generate],  # no shrinking: a finding is recorded, not minimised, and we go on
    suppress_health_check=list(HealthCheck),
)


class CaseTimeout(BaseException):
    """Not an Exception: compile_paths must not turn it into an E900."""


@dataclass(slots=True)
class Tally:
    cases: Counter[str] = field(default_factory=Counter)  # profile → cases run
    clean: int = 0  # compiled without errors (artefacts emitted)
    findings: Counter[str] = field(default_factory=Counter)  # kind → count
    examples: dict[str, tuple[Case, str]] = field(default_factory=dict)  # kind → smallest
    slowest: tuple[float, str] = (0.0, "")

    def record(self, finding: Finding, case: Case) -> None:
        """Count it; keep the smallest case for each kind and place (E900: exception and line)."""
        self.findings[finding.kind] += 1
        where = re.search(r"出现 (\w+).*（([^（）]+:\d+)）", finding.detail)
        key = f"{finding.kind} {where.group(1)} {where.group(2)}" if where else finding.kind
        size = sum(len(v) for v in case.files.values())
        kept = self.examples.get(key)
        if kept is None or size < sum(len(v) for v in kept[0].files.values()):
            self.examples[key] = (case, finding.detail)

    @property
    def total(self) -> int:
        return sum(self.cases.values())


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    def stop(signum: int, frame: FrameType | None) -> None:
        raise CaseTimeout

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run_profile(
    tally: Tally,
    name: str,
    count: int,
    strategy: st.SearchStrategy[Case],
    check: Callable[[Case], object],
) -> None:
    @settings(LONG, max_examples=count)
    @given(case=strategy)
    def one(case: Case) -> None:
        tally.cases[name] += 1
        start = time.perf_counter()
        try:
            with time_limit(TIME_LIMIT):
                result = check(case)
            tally.clean += bool(getattr(result, "ok", False))
        except Finding as finding:
            tally.record(finding, case)
        except CaseTimeout:
            tally.record(Finding("timeout", f"over {TIME_LIMIT} s"), case)
        took = time.perf_counter() - start
        if took > tally.slowest[0]:
            tally.slowest = (took, case.origin)

    one()


def run(cases: int, root: Path, progress: bool = False) -> Tally:
    """`cases` cases: generated specs and mutated real ones in halves, 5% of them through the CLI."""
    project = Project(root)
    tally = Tally()
    cli_cases = cases // 20
    compile_cases = cases - cli_cases
    profiles: list[tuple[str, int, st.SearchStrategy[Case], Callable[[Case], object]]] = [
        ("generated", compile_cases // 2, generated_cases(), lambda c: check_pipeline(project, c)),
        ("mutated", compile_cases - compile_cases // 2, mutated_cases(),
         lambda c: check_pipeline(project, c)),
    ]  # fmt: skip
    for a, b in zip(COMMANDS[::2], COMMANDS[1::2], strict=True):  # two commands per case
        profiles.append(
            (f"cli {a}+{b}", cli_cases // 4, st.one_of(generated_cases(), mutated_cases()),
             lambda c, pair=(a, b): check_cli(project, c, pair))
        )  # fmt: skip
    for name, count, strategy, check in profiles:
        start = time.perf_counter()
        run_profile(tally, name, count, strategy, check)
        if progress:
            print(f"{name:<28}{tally.cases[name]:>7} cases {time.perf_counter() - start:8.1f} s",
                  flush=True)  # fmt: skip
    return tally


def report(tally: Tally, seconds: float, folder: Path) -> str:
    lines = [
        f"cases: {tally.total} ({', '.join(f'{k} {v}' for k, v in tally.cases.items())})",
        f"compiled clean: {tally.clean}",
        f"tracebacks: {tally.findings['traceback']}",
        f"E900s: {tally.findings['E900']}",
        f"other findings: {sum(tally.findings.values()) - tally.findings['traceback'] - tally.findings['E900']}"
        + "".join(f"\n  {k}: {v}" for k, v in sorted(tally.findings.items())
                  if k not in ("traceback", "E900")),
        f"slowest case: {tally.slowest[0]:.2f} s ({tally.slowest[1]})",
        f"wall time: {seconds:.0f} s",
    ]  # fmt: skip
    for i, (kind, (case, detail)) in enumerate(sorted(tally.examples.items())):
        where = folder / f"{i:02d}-{re.sub(r'[^A-Za-z0-9.]+', '_', kind)}"
        for rel, data in case.files.items():
            path = where / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        (where / "FINDING.txt").write_text(f"{kind}: {detail}\n{case.origin}\n", encoding="utf-8")
        lines.append(f"{kind}: {detail[:300]}\n  reproducer: {where}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--report", type=Path, default=None, help="folder for the reproducers")
    args = parser.parse_args()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="yjs-fuzz-") as tmp:
        tally = run(args.cases, Path(tmp) / "project", progress=True)
        folder = args.report or Path(tempfile.mkdtemp(prefix="yjs-fuzz-findings-"))
        print(report(tally, time.perf_counter() - start, folder))
    return 1 if tally.findings else 0


if __name__ == "__main__":
    sys.exit(main())
