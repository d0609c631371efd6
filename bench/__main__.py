"""`python -m bench`: how fast yjs is, against baselines measured in the same run.

Absolute times on a shared two-core machine move with its load; ratios against a baseline
timed in the same run (PyYAML's C loader on the same files, `python -c pass`, pyxform on the
same form) move much less, so every row is a ratio with its target. The synthetic series fits
the growth exponent of CPU time over N and flags any pipeline stage that grows more than 2.3×
per doubling of N (linear work grows 2×): the regression guard the issue asks for, outside the
test suite so the suite has no timing assertion.

Writes bench/RESULTS.md (machine, table, series, stages) and prints the same table.
`--quick` stops the series early (a minute or two); the default runs up to 20,000 items.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ITEM_SERIES = (100, 200, 500, 1000, 2000, 5000, 10000, 20000)
SCENARIO_SERIES = (10, 30, 100, 300, 1000)
DOUBLING_LIMIT = 2.3


@dataclass(frozen=True)
class Row:
    measure: str
    value: float | None  # None: not measurable (the feature does not exist yet)
    target: str
    met: bool | None
    note: str = ""

    def cells(self) -> list[str]:
        value = "—" if self.value is None else f"{self.value:.2f}"
        verdict = {True: "达到", False: "未达到", None: "无法测量"}[self.met]
        return [self.measure, value, self.target, verdict, self.note]


def best(rounds: int, work: Callable[[], object], clock: Callable[[], float]) -> float:
    """Least time of `rounds` runs (the least disturbed one), in seconds."""
    times = []
    for _ in range(rounds):
        start = clock()
        work()
        times.append(clock() - start)
    return min(times)


def wall(command: Sequence[str], rounds: int) -> float:
    def run() -> None:
        subprocess.run(command, check=True, capture_output=True)

    return best(rounds, run, time.perf_counter)


def step(kind: str, n: int) -> dict[str, object]:
    """One series point in a fresh interpreter: its peak memory is its own."""
    return step_args(kind, str(n))


# One synthetic file of more than about 6,000 items passes the 2 MiB limit on a spec file
# (E130), which a real bundle never nears; the series lifts it through the documented variable.
SERIES_FILE_LIMIT = {"YJS_MAX_FILE_BYTES": str(256 * 1024 * 1024)}


def step_args(*args: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.step", *args],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=os.environ | SERIES_FILE_LIMIT,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def exponent(points: Sequence[tuple[int, float]]) -> float:
    """Least-squares slope of log(time) over log(N)."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(max(t, 1e-9)) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def real_scenarios(rounds: int) -> tuple[list[Row], list[str]]:
    """Each measure in fresh processes (caches cold, as every CLI run is), least CPU time; and
    where the cold build's CPU goes, stage by stage."""
    from dsl.printer import print_yaml
    from dsl.source import SourceFile
    from dsl.yjs.parser import parse_text

    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "generated")
        checks = [step_args("real", "check", out) for _ in range(rounds)]
        check = min(float(c["cpu"]) for c in checks)  # type: ignore[arg-type]
        load_yaml = min(float(c["yaml_cpu"]) for c in checks)  # type: ignore[arg-type]
        cold_run = step_args("real", "build", out)
        cold = float(cold_run["cpu"])  # type: ignore[arg-type]
        noop = min(float(step_args("real", "build", out)["cpu"]) for _ in range(rounds))  # type: ignore[arg-type]

    yjs_files = [
        SourceFile(p.name, p.read_text("utf-8")) for p in sorted((ROOT / "scenarios").glob("*.yjs"))
    ]
    yjs_yaml = [print_yaml(parse_text(f).data) for f in yjs_files]
    parse_text(SourceFile("warm.yjs", 'library warm "预热" {}\n'))  # tables loaded once
    parse = best(rounds * 3, lambda: [parse_text(f) for f in yjs_files], time.process_time)
    parse_yaml = best(
        rounds * 3, lambda: [yaml.load(t, Loader=LOADER) for t in yjs_yaml], time.process_time
    )

    yjs = str(Path(sys.executable).with_name("yjs"))
    start = wall([yjs, "--version"], 7) / wall([sys.executable, "-c", "pass"], 7)

    ratio = check / load_yaml
    rows = [
        Row(
            "check 的编译（真实场景，不含启动和导入）÷ PyYAML C 加载同样文件",
            ratio,
            "≤ 3×",
            ratio <= 3,
        ),
        Row(
            "冷 build ÷ check（CPU，不含 fsync 等待）", cold / check, "≤ 1.3×", cold / check <= 1.3
        ),
        Row(
            "无改动 build ÷ 冷 build",
            noop / cold,
            "≤ 0.10",
            noop / cold <= 0.10,
            "无改动时核对清单中的哈希，不再编译（compiler/up_to_date.py）",
        ),
        jobs_speedup(rounds),
        Row(".yjs 解析 ÷ yaml.load", parse / parse_yaml, "≤ 2×", parse / parse_yaml <= 2),
        Row("`yjs --version` ÷ `python -c pass`（墙钟）", start, "≤ 4×", start <= 4),
    ]
    return rows, _build_profile(dict(cold_run["stages"]), cold)  # type: ignore[call-overload]


def _build_profile(stages: dict[str, float], total: float) -> list[str]:
    """The cold build's CPU by stage, largest first: what a miss of build ÷ check is made of."""
    out = ["| 阶段 | CPU (s) | 占冷 build |", "|---|---|---|"]
    for name, cpu in sorted(stages.items(), key=lambda kv: -kv[1]):
        if cpu >= 0.001:
            out.append(f"| {name} | {cpu:.3f} | {cpu / total:.0%} |")
    rest = total - sum(stages.values())
    out.append(
        f"| 其余（发现文件、汇总、清单） | {max(rest, 0.0):.3f} | {max(rest, 0.0) / total:.0%} |"
    )
    return out


def jobs_speedup(rounds: int, scenarios: int = 300) -> Row:
    """`yjs build -j 1` against `-j 2` on 300 synthetic bundles of 8 items, each build in a
    fresh process, alternating, least wall time of each. The project and its output live in a
    tmpfs folder where there is one: the output's syncfs() then waits for no other program's
    writes to the shared disk, which took from 1.5 to 5 s a build here and would drown the
    compile that `-j` shares out."""
    from bench.synthetic import write_project

    shm = Path("/dev/shm")
    base = str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None
    times: dict[int, list[dict[str, float]]] = {1: [], 2: []}
    with tempfile.TemporaryDirectory(prefix="yjs-bench-jobs-", dir=base) as tmp:
        folder = write_project(Path(tmp), scenarios, 8)
        for n in range(rounds):
            for count in (1, 2):
                out = Path(tmp) / f"out-{count}-{n}"
                times[count].append(step_args("jobs", str(count), str(folder), str(out)))  # type: ignore[arg-type]
                shutil.rmtree(out)
    one, two = (min(t["wall"] for t in times[c]) for c in (1, 2))
    compile_one, compile_two = (min(t["compile_wall"] for t in times[c]) for c in (1, 2))
    # CPU is what the other programs on a shared machine cannot take away: -j 1's against the
    # busier of -j 2's two processes (this one compiles a share, merges and writes; the worker
    # compiles the other share) estimates the wall-clock ratio on an idle machine. Under
    # Linux's autogroup scheduling, while other sessions keep every core busy, two processes
    # get no more CPU than one (measured here: a pure Python loop in two processes ran 1.0-1.4×
    # as fast as in one, at a load of 3.7), so the wall clock alone says little.
    cpu_one = min(t["cpu"] + t["worker_cpu"] for t in times[1])
    path_two = min(max(t["cpu"], t["worker_cpu"]) for t in times[2])
    extra = min(t["cpu"] + t["worker_cpu"] for t in times[2]) / cpu_one
    load = os.getloadavg()[0]
    note = (
        f"墙钟 {one:.2f} s ÷ {two:.2f} s（只算编译 {compile_one / compile_two:.2f}×）；"
        f"按 CPU 估算空闲时 {cpu_one / path_two:.2f}×，CPU 合计多用 {extra - 1:.0%}；"
        f"{os.cpu_count()} 核，测后 1 分钟负载 {load:.2f}" + ("；输出写在 tmpfs" if base else "")
    )
    return Row(
        f"`-j 2` 加速（{scenarios} 个合成场景）", one / two, "≥ 1.6×", one / two >= 1.6, note
    )


def item_series(limit: int) -> tuple[list[Row], list[str]]:
    points = []
    lines = [
        "| 事项数 | CPU (s) | 峰值内存 (MiB) | 表单问题数 | pyxform CPU (s) | µs/问题 yjs | µs/问题 pyxform |"
    ]
    lines.append("|---|---|---|---|---|---|---|")
    stages_by_n: dict[int, dict[str, float]] = {}
    for n in (n for n in ITEM_SERIES if n <= limit):
        ours = step("items", n)
        peer = step("peer", n)
        cpu, peer_cpu = float(ours["cpu"]), float(peer["cpu"])  # type: ignore[arg-type]
        questions, peer_questions = int(ours["questions"]), int(peer["questions"])  # type: ignore[call-overload]
        points.append((n, cpu, int(ours["peak_kib"]), questions, peer_cpu, peer_questions))  # type: ignore[call-overload]
        stages_by_n[n] = {k: float(v) for k, v in dict(ours["stages"]).items()}  # type: ignore[call-overload]
        lines.append(
            f"| {n} | {cpu:.2f} | {int(ours['peak_kib']) / 1024:.0f} | {questions} | "  # type: ignore[call-overload]
            f"{peer_cpu:.2f} | {cpu * 1e6 / questions:.0f} | {peer_cpu * 1e6 / peer_questions:.0f} |"
        )
    big = [(n, cpu) for n, cpu, *_ in points if n >= 1000] or [(n, cpu) for n, cpu, *_ in points]
    growth = exponent(big) if len(big) >= 2 else float("nan")
    first, last = points[0], points[-1]
    per_item_kib = (last[2] - first[2]) / max(1, last[0] - first[0])
    at = next((p for p in points if p[0] == 5000), last)
    per_question = (at[1] / at[3]) / (at[4] / at[5])
    rows = [
        Row(
            f"增长指数（{big[0][0]} → {big[-1][0]} 个事项）",
            growth,
            "≤ 1.10",
            growth <= 1.10,
        ),
        Row(
            f"每问题 CPU ÷ pyxform（{at[0]} 个事项）",
            per_question,
            "≤ 0.5×",
            per_question <= 0.5,
        ),
        Row("每个事项的峰值内存 (KiB)", per_item_kib, "≤ 40", per_item_kib <= 40),
    ]
    lines += ["", _doubling(stages_by_n)]
    return rows, lines


def _doubling(stages_by_n: dict[int, dict[str, float]]) -> str:
    """Per stage, the growth per doubling of N between the two largest points ≥ 1,000."""
    ns = sorted(n for n in stages_by_n if n >= 1000)[-2:] or sorted(stages_by_n)[-2:]
    if len(ns) < 2:
        return "（点太少，无法计算每翻倍增长）"
    low, high = ns
    doublings = math.log2(high / low)
    out = [f"各阶段每翻倍的增长（{low} → {high} 个事项；超过 {DOUBLING_LIMIT}× 标为 ⚠）：", ""]
    out += ["| 阶段 | CPU (s) @低 | CPU (s) @高 | 每翻倍 |", "|---|---|---|---|"]
    for name in sorted(stages_by_n[high]):
        a, b = stages_by_n[low].get(name, 0.0), stages_by_n[high][name]
        if a < 0.005:
            continue  # too small to time
        factor = (b / a) ** (1 / doublings)
        flag = " ⚠" if factor > DOUBLING_LIMIT else ""
        out.append(f"| {name} | {a:.3f} | {b:.3f} | {factor:.2f}×{flag} |")
    return "\n".join(out)


def scenario_series(limit: int) -> list[str]:
    lines = ["| 场景数 | CPU (s) | 峰值内存 (MiB) | CPU/场景 (ms) |", "|---|---|---|---|"]
    points = []
    for m in (m for m in SCENARIO_SERIES if m <= limit):
        ours = step("scenarios", m)
        cpu = float(ours["cpu"])  # type: ignore[arg-type]
        points.append((m, cpu))
        lines.append(
            f"| {m} | {cpu:.2f} | {int(ours['peak_kib']) / 1024:.0f} | {cpu * 1000 / m:.1f} |"  # type: ignore[call-overload]
        )
    if len(points) >= 2:
        lines += ["", f"增长指数：{exponent(points):.2f}"]
    return lines


def machine() -> list[str]:
    load = os.getloadavg()
    return [
        f"- 日期：{dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M')} UTC",
        f"- 机器：{platform.machine()}，{os.cpu_count()} 核，{platform.system()} {platform.release()}",
        f"- Python：{platform.python_version()}；PyYAML C 加载器：{LOADER.__name__}",
        f"- 开始时的负载（1/5/15 分钟）：{load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}",
    ]


def table(rows: list[Row]) -> list[str]:
    out = ["| 指标 | 测得 | 目标 | 结论 | 说明 |", "|---|---|---|---|---|"]
    out += ["| " + " | ".join(row.cells()) + " |" for row in rows]
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="series up to 2,000 items, 100 scenarios"
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="runs per measurement (the least counts)"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args(argv)
    try:
        import pyxform  # noqa: F401  (the peer; each step imports it in its own process)
    except ImportError:
        print("python -m bench 需要对照工具 pyxform：.venv/bin/pip install -e '.[bench]'")
        return 2
    head = machine()
    rows, build_lines = real_scenarios(args.rounds)
    series_rows, item_lines = item_series(2000 if args.quick else ITEM_SERIES[-1])
    scenario_lines = scenario_series(100 if args.quick else SCENARIO_SERIES[-1])
    rows += series_rows
    report = [
        "# yjs 性能基准（`python -m bench`）",
        "",
        "由 `python -m bench` 生成；比值以同一次运行中测得的基线为分母。",
        "",
        *head,
        "",
        "## 指标与目标",
        "",
        *table(rows),
        "",
        "## 真实场景：冷 build 的 CPU 花在哪里（check 只做到 compute_metrics 为止）",
        "",
        *build_lines,
        "",
        "## 合成场景：一个一件事，事项数递增（各点在独立进程中测量）",
        "",
        *item_lines,
        "",
        "## 合成场景：每个 8 个事项，一件事的个数递增",
        "",
        *scenario_lines,
        "",
    ]
    args.out.write_text("\n".join(report), encoding="utf-8")
    print("\n".join(table(rows)))
    print(f"\n写入 {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
