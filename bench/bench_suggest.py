"""How often a did-you-mean rule names the intended word: `dsl.suggest` against the alternatives.

    python bench/bench_suggest.py [RULE]

Builds slips from the project's own vocabulary (IR keys, enum values, stdlib ids and paths,
condition functions, Chinese choices): random single and double edits, case changes, the
abbreviations people really write (`int`, `容缺`), and words that are no slip at all, where the
right answer is no suggestion. Prints right/wrong/none per kind of slip for each rule; with a
RULE name, also lists that rule's misses. A plain script with a fixed seed: the figures quoted
in `dsl/suggest.py` come from it.
"""

from __future__ import annotations

import random
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from compiler import ir, vocabulary as vocab  # noqa: E402
from dsl.suggest import similarity, suggest  # noqa: E402

Rule = Callable[[str, Sequence[str]], str | None]
Case = tuple[str, str, Sequence[str], str | None]  # kind, word, candidates, intended


def by_ratio(cutoff: float) -> Rule:
    def rule(word: str, candidates: Sequence[str]) -> str | None:
        scored = [(-similarity(word, c), i, c) for i, c in enumerate(candidates)]
        close = sorted(s for s in scored if -s[0] >= cutoff)
        return close[0][2] if close else None

    return rule


def osa(a: str, b: str) -> int:
    """Restricted Damerau-Levenshtein (optimal string alignment) distance."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(
                d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


def elm(word: str, candidates: Sequence[str]) -> str | None:
    """Elm's Reporting/Suggest: ≤ 1 edit for words under 3 characters, else ≤ 2; nearest first."""
    limit = 1 if len(word) < 3 else 2
    scored = sorted((osa(word.casefold(), c.casefold()), i, c) for i, c in enumerate(candidates))
    close = [s for s in scored if s[0] <= limit]
    return close[0][2] if close else None


RULES: dict[str, Rule] = {
    "suggest": suggest,
    "ratio>=0.5": by_ratio(0.5),
    "ratio>=0.7": by_ratio(0.7),
    "elm": elm,
}


def vocabulary() -> tuple[dict[str, list[list[str]]], list[list[str]]]:
    """English candidate lists by kind, and Chinese ones (enum values, field choices)."""
    ids: dict[str, set[str]] = {}
    choices: list[list[str]] = []
    paths = sorted(
        p.relative_to(ROOT).with_suffix("").as_posix() for p in ROOT.glob("stdlib/**/*.yaml")
    )
    for path in paths:
        data = yaml.safe_load((ROOT / f"{path}.yaml").read_text(encoding="utf-8"))
        for kind in ("fields", "materials", "items", "departments", "data_sources", "licenses"):
            for entry in data.get(kind) or []:
                ids.setdefault(kind, set()).add(entry["id"])
                if entry.get("choices"):
                    choices.append(entry["choices"])
    models = (ir.Department, ir.FieldDef, ir.Material, ir.Item, ir.Situation, ir.Scenario)
    english = {
        "key": [list(m.model_fields) for m in models],
        "id": [sorted(v) for v in ids.values()],
        "path": [paths],
        "enum": [[t.value for t in vocab.FieldType]],
        "function": [["defined", "age", "today", "days_between", "year"]],
    }
    enums = (
        vocab.Level,
        vocab.ItemKind,
        vocab.MaterialForm,
        vocab.MaterialSource,
        vocab.Acceptance,
    )
    return english, [[e.value for e in enum] for enum in enums] + choices


def typo(word: str, rng: random.Random) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz_"
    i = rng.randrange(len(word))
    match rng.choice("dist"):
        case "d":
            return word[:i] + word[i + 1 :]
        case "i":
            return word[:i] + rng.choice(letters) + word[i:]
        case "s":
            return word[:i] + rng.choice(letters.replace(word[i], "")) + word[i + 1 :]
    i = min(i, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


ABBREVIATIONS = [  # (word, intended) among the field types
    ("int", "integer"), ("bool", "boolean"), ("datetime", "date"), ("idnumber", "id_number"),
    ("id-number", "id_number"), ("creditcode", "credit_code"), ("choices", "choice"),
    ("decimals", "decimal"), ("str", None), ("float", None), ("tel", None), ("mobile", None),
]  # fmt: skip
KEY_SLIPS = [  # (word, intended) among the keys of an item
    ("dept", "department"), ("material", "materials"), ("field", "fields"),
    ("produce", "produces"), ("special_procedure", "special_procedures"), ("fieldCodes", "field_codes"),
    ("condition", None), ("time_limit", None),
]  # fmt: skip
CHINESE_SLIPS = [  # (word, candidates, intended)
    ("区", vocab.Level, "区县"), ("县", vocab.Level, "区县"), ("县级", vocab.Level, "区县"),
    ("街道", vocab.Level, "乡镇街道"), ("社区", vocab.Level, "村社区"), ("省级", vocab.Level, "省"),
    ("许可", vocab.ItemKind, "行政许可"), ("行政许可事项", vocab.ItemKind, "行政许可"),
    ("服务", vocab.ItemKind, "公共服务"), ("容缺", vocab.Acceptance, "容缺后补"),
    ("承诺", vocab.Acceptance, "告知承诺"), ("必须", vocab.Acceptance, "必需"),
    ("复印", vocab.MaterialForm, "复印件"), ("原件和复印件", vocab.MaterialForm, "原件或复印件"),
    ("电子版", vocab.MaterialForm, "电子件"), ("自己准备", vocab.MaterialSource, "自备"),
    ("部门", vocab.MaterialSource, "部门核发"), ("中介", vocab.MaterialSource, "中介机构出具"),
    ("敏感", vocab.Sensitivity, "敏感个人信息"), ("个人", vocab.Sensitivity, "个人信息"),
    ("银行", vocab.DepartmentKind, "金融机构"), ("外资企业", None, "外商投资企业"),
    ("外资", None, "外商投资企业"), ("个体户", None, "个体工商户"), ("国企", None, None),
]  # fmt: skip
NOT_SLIPS = ["apple", "window", "status", "value", "title", "owner", "price", "hello", "营业执照"]


def cases() -> list[Case]:
    rng = random.Random(1)
    english, chinese = vocabulary()
    found: list[Case] = []
    for lists in english.values():
        for candidates in lists:
            for word in (w for w in candidates if len(w) >= 3):
                one, two = typo(word, rng), typo(typo(word, rng), rng)
                found += [("1 edit", one, candidates, word)] if one not in candidates else []
                if len(word) >= 6 and two not in candidates:
                    found.append(("2 edits", two, candidates, word))
                if rng.random() < 0.3:
                    found.append(("case", word.upper(), candidates, word))
    found += [("abbreviation", w, english["enum"][0], to) for w, to in ABBREVIATIONS]
    found += [("abbreviation", w, english["key"][3], to) for w, to in KEY_SLIPS]
    companies = ["内资企业", "外商投资企业", "个体工商户"]
    for word, enum, to in CHINESE_SLIPS:
        candidates = [e.value for e in enum] if enum else companies
        found.append(("Chinese abbreviation", word, candidates, to))
    for candidates in chinese:
        for word in (w for w in candidates if len(w) >= 2):
            i = rng.randrange(len(word))
            if (dropped := word[:i] + word[i + 1 :]) not in candidates:
                found.append(("Chinese 1 drop", dropped, candidates, word))
    for word in NOT_SLIPS:
        found += [("no slip", word, c, None) for lists in english.values() for c in lists]
    return found


def main() -> None:
    all_cases = cases()
    kinds = list(dict.fromkeys(kind for kind, *_ in all_cases))
    sizes = Counter(kind for kind, *_ in all_cases)
    print(f"{len(all_cases)} slips; each cell is right/wrong/none")
    print("rule".ljust(11) + "".join(f"{k} ({sizes[k]})".rjust(27) for k in kinds))
    for name, rule in RULES.items():
        tally = {k: [0, 0, 0] for k in kinds}
        for kind, word, candidates, intended in all_cases:
            got = rule(word, candidates)
            tally[kind][0 if got == intended else 2 if got is None else 1] += 1
        print(name.ljust(11) + "".join("/".join(map(str, tally[k])).rjust(27) for k in kinds))
    if len(sys.argv) > 1:
        rule = RULES[sys.argv[1]]
        for kind, word, candidates, intended in all_cases:
            if (got := rule(word, candidates)) != intended:
                print(f"{kind}: {word} → {got}, intended {intended}")


if __name__ == "__main__":
    main()
