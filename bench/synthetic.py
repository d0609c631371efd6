"""Synthetic specs of any size, shaped like the real ones, for the scaling series.

One scenario of N items: ten departments, five fields per item (two from a shared pool every
item draws on, so the merged form really merges), a web of results (every fifth item takes
the result of an earlier unconditional producer, so the dependency graph has depth and width), and a condition
on every third item over a handful of yes/no situations (so the answer space stays small and
exhaustive, as in the real bundles). The same seed gives the same text, so runs compare.
"""

from __future__ import annotations

import random
from pathlib import Path

DEPARTMENTS = 10
SITUATIONS = 4
SHARED_FIELDS = 20
SEED = 20261129


def scenario_yaml(items: int, sid: str = "synthetic", seed: int = SEED) -> str:
    """A valid, self-contained scenario with `items` items (no imports)."""
    rng = random.Random(seed + items)
    out = [
        f"scenario: {sid}",
        f"name: 合成一件事（{items} 个事项）",
        "subject: 企业",
        "batch: 2024-01-01",
        "lead: d0",
        f"promised_days: {min(3650, items * 2 + 10)}",
        "departments:",
    ]
    out += [
        f'  - {{id: d{d}, name: 合成部门{d}, level: 市, region: "430100"}}'
        for d in range(DEPARTMENTS)
    ]
    out.append("situations:")
    out += [f"  - {{id: s{k}, question: 是否办理第 {k} 类事项？}}" for k in range(SITUATIONS)]
    out.append("fields:")
    out += [
        f"  - {{id: shared{f}, label: 共用字段{f}, max_length: 50}}" for f in range(SHARED_FIELDS)
    ]
    producers = [i for i in range(items) if i % 2 == 1 and i % 3 != 0]
    out.append("materials:")
    out += [f"  - {{id: r{i}, name: 办件结果{i}, source: 办件结果}}" for i in producers]
    out.append("items:")
    producing = set(producers)
    for i in range(items):
        shared = rng.sample(range(SHARED_FIELDS), 2)
        fields = [f"shared{f}" for f in shared]
        fields += [f"{{id: f{i}_{k}, label: 事项{i}字段{k}, max_length: 50}}" for k in range(3)]
        earlier = [p for p in producers if p < i][-50:]  # a recent producer: realistic depth
        materials = [f"r{rng.choice(earlier)}"] if earlier and i % 5 == 0 else []
        out += [
            f"  - id: i{i}",
            f"    name: 合成事项{i}",
            f"    department: d{i % DEPARTMENTS}",
            "    days: {legal: 20, promised: 1}",
            f"    fields: [{', '.join(fields)}]",
            f"    materials: [{', '.join(materials)}]",
        ]
        if i in producing:
            out.append(f"    produces: [r{i}]")
        if i % 3 == 0:
            out.append(f"    when: s{i % SITUATIONS}")
    return "\n".join(out) + "\n"


def write_project(folder: Path, scenarios: int, items: int) -> Path:
    """A project folder holding `scenarios` scenarios of `items` items each; returns its
    `scenarios/` folder (what `yjs check` is given)."""
    (folder / "scenarios").mkdir(parents=True, exist_ok=True)
    (folder / "yjs.toml").write_text("", encoding="utf-8")
    for n in range(scenarios):
        sid = f"synthetic_{n}"
        text = scenario_yaml(items, sid, seed=SEED + n)
        (folder / "scenarios" / f"{sid}.yaml").write_text(text, encoding="utf-8")
    return folder / "scenarios"
