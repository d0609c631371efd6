"""How fast the .yjs front-end parses compared with loading the same spec as YAML.

Prints, for every scenario, the time to parse its .yjs form (lark LALR → Document) and, as
the baseline in the same process, the time to load its YAML form with PyYAML's C loader
(`yaml.load`) and with yjs's own YAML front-end (compose + spans). Run:
`python bench/bench_frontends.py [ROUNDS]`. Ratios, not absolute times, are what to compare.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from dsl.printer import print_yaml, print_yjs
from dsl.source import SourceFile
from dsl.yaml_parser import parse_yaml
from dsl.yjs.parser import parse_text

ROOT = Path(__file__).resolve().parents[1]
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def best_of(rounds: int, work: Callable[[], object]) -> float:
    """Best wall time of `rounds` runs, in milliseconds (the least disturbed run)."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main(rounds: int) -> None:
    parse_text(SourceFile("warm.yjs", 'library warm "预热" {}\n'))  # build the LALR tables once
    print(f"{'scenario':<30}{'yaml.load':>11}{'yjs yaml':>11}{'.yjs':>11}{'.yjs/yaml.load':>16}")
    totals = [0.0, 0.0, 0.0]
    for path in sorted((ROOT / "scenarios").iterdir()):
        source = SourceFile(path.name, path.read_text(encoding="utf-8"))
        data = (parse_text(source) if path.suffix == ".yjs" else parse_yaml(source)).data
        yaml_text, yjs_text = print_yaml(data), print_yjs(data)
        row = [
            best_of(rounds, lambda t=yaml_text: yaml.load(t, Loader=LOADER)),
            best_of(rounds, lambda t=yaml_text: parse_yaml(SourceFile("s.yaml", t))),
            best_of(rounds, lambda t=yjs_text: parse_text(SourceFile("s.yjs", t))),
        ]
        totals = [a + b for a, b in zip(totals, row, strict=True)]
        print(
            f"{path.stem:<30}{row[0]:>9.2f}ms{row[1]:>9.2f}ms{row[2]:>9.2f}ms{row[2] / row[0]:>15.1f}x"
        )
    print(
        f"{'all':<30}{totals[0]:>9.2f}ms{totals[1]:>9.2f}ms{totals[2]:>9.2f}ms"
        f"{totals[2] / totals[0]:>15.1f}x"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
