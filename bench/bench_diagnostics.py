"""Render many diagnostics on one large spec and compare with reading its text once.

    python bench/bench_diagnostics.py [LINES] [DIAGNOSTICS]

A plain script: no assertions on timings. The baseline is splitting the file's text into lines
once, run in the same process, so the ratio says how much rendering costs beyond touching every
line; it should stay flat as DIAGNOSTICS grows (each snippet shows one line, never re-reads the
file).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dsl.diagnostics import Code, Diagnostic
from dsl.render import render_text
from dsl.source import SourceFile, Span


def best_of(rounds: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    lines = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000
    text = "\n".join(f"  - id: item_{i}    # 第 {i} 个事项" for i in range(lines))
    source = SourceFile("big.yaml", text)
    sources = {source.name: source}
    step = max(lines // count, 1)
    found = [
        Diagnostic.of(Code.W201, Span("big.yaml", n, 9, n, 18), kind="事项", name=f"item_{n}")
        for n in range(1, lines + 1, step)
    ][:count]
    baseline = best_of(5, lambda: text.split("\n"))
    render = best_of(5, lambda: [render_text(d, sources) for d in found])
    print(f"{lines} lines, {len(found)} diagnostics")
    print(f"split the text once     {baseline * 1000:8.2f} ms")
    print(f"render every diagnostic {render * 1000:8.2f} ms  ({render / baseline:.1f}× the split)")


if __name__ == "__main__":
    main()
