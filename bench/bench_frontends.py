"""How fast the .yjs front-end parses compared with loading the same spec as YAML.

Prints, for every scenario, the CPU time to parse its .yjs form (`parse_text`: the fast path on
lark's tables, `dsl/yjs/fast_path.py`), to parse it on lark's own path (`Lark.parse` and the
tree walk, the path syntax errors are reported from) and, as the baselines in the same process,
to load its YAML form with PyYAML's C loader (`yaml.load`) and with yjs's own YAML front-end
(compose + spans). Run: `python bench/bench_frontends.py [ROUNDS]`. Ratios, not absolute times,
are what to compare; `python -m bench` reports the same `.yjs ÷ yaml.load` ratio over the
real .yjs scenarios.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import yaml

from dsl.printer import print_yaml, print_yjs
from dsl.source import SourceFile
from dsl.yaml_parser import parse_yaml
from dsl.yjs.builder import build_document
from dsl.yjs.parser import extent, lark_syntax, parse_text

ROOT = Path(__file__).resolve().parents[1]
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
COLUMNS = ("yaml.load", "yjs yaml", ".yjs", ".yjs lark")


def best_of(rounds: int, work: Callable[[], object]) -> float:
    """Least CPU time of `rounds` runs, in milliseconds (the least disturbed run)."""
    times = []
    for _ in range(rounds):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return min(times) * 1000


def on_lark(source: SourceFile) -> object:
    """The Document by lark's own parse (what `parse_text` did before the fast path)."""
    entries, diagnostics, _ = lark_syntax(source)
    return build_document(source, entries, extent(entries, source), diagnostics)


def main(rounds: int) -> None:
    parse_text(SourceFile("warm.yjs", 'library warm "预热" {}\n'))  # build the LALR tables once
    head = "".join(f"{c:>11}" for c in COLUMNS)
    print(f"{'scenario':<30}{head}{'.yjs/yaml.load':>16}{'lark/yaml.load':>16}")
    totals = [0.0] * len(COLUMNS)
    for path in sorted((ROOT / "scenarios").iterdir()):
        source = SourceFile(path.name, path.read_text(encoding="utf-8"))
        data = (parse_text(source) if path.suffix == ".yjs" else parse_yaml(source)).data
        yaml_text, yjs = print_yaml(data), SourceFile("s.yjs", print_yjs(data))
        yaml_source = SourceFile("s.yaml", yaml_text)
        row = [
            best_of(rounds, partial(yaml.load, yaml_text, Loader=LOADER)),
            best_of(rounds, partial(parse_yaml, yaml_source)),
            best_of(rounds, partial(parse_text, yjs)),
            best_of(rounds, partial(on_lark, yjs)),
        ]
        totals = [a + b for a, b in zip(totals, row, strict=True)]
        print(_line(path.stem, row))
    print(_line("all", totals))


def _line(name: str, row: list[float]) -> str:
    times = "".join(f"{t:>9.2f}ms" for t in row)
    return f"{name:<30}{times}{row[2] / row[0]:>15.1f}x{row[3] / row[0]:>15.1f}x"


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
