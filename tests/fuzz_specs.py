"""What the fuzzer feeds yjs: generated projects and broken real specs, as hypothesis strategies.

Each strategy gives a `Case`: files to write into a project and the paths to compile.
- `generated_cases`: a scenario built as IR-shaped data (situations, fields, materials, items,
  conditions, rules, tests; half the time with a library whose items it `use`s), printed with
  the real printers in either syntax. Most are valid; the rest fail a semantic check (a cycle, a
  time limit, a wrong condition, a test's expectation), which exercises the checks as well.
  The structure is drawn from a seeded `random.Random`: hypothesis draws the seed (distinct for
  every case, fixed by `derandomize`). Drawing each of the ~1,000 choices of a spec through
  hypothesis cost ~180 ms a case, most of the budget of the long profile; a seed costs nothing.
  Such cases do not shrink, which matters little: a case is a few small files, printed whole.
- `mutated_cases`: the real scenarios and stdlib files broken the ways people and editors break
  them: as text (truncation, deleted, duplicated, swapped or re-indented lines and sections,
  random Unicode, control characters, syntax characters, comments), as bytes (bit flips, CRLF or
  CR line ends, a BOM, UTF-16, GBK) or as data (a key deleted, renamed or retyped, an entry
  duplicated, random text) printed back in either syntax. A broken library is compiled alone or
  with a real scenario that imports it.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from compiler import delivery_terms, durations, vocabulary
from dsl.front_ends import parse_source
from dsl.printer import print_yaml, print_yjs
from dsl.source import CONTROL, SourceFile

REPO = Path(__file__).resolve().parents[1]
REAL_SPECS = sorted(
    [*REPO.glob("scenarios/*.yaml"), *REPO.glob("scenarios/*.yjs"), *REPO.glob("stdlib/**/*.yaml")]
)
SCENARIO_DIR = "scenarios"
REAL_SCENARIOS = [
    p.relative_to(REPO).as_posix() for p in REAL_SPECS if p.parent.name == "scenarios"
]
# The five smallest real bundles (by bytes, then name): a byte threshold would empty the list as
# the specs grow their notes and legal bases.
SMALL_SCENARIOS = sorted(REAL_SCENARIOS, key=lambda s: ((REPO / s).stat().st_size, s))[:5]
LIBRARY_DIR = "fuzzlib"  # generated libraries live here; a scenario imports `fuzzlib/shared`
SYNTAXES: dict[str, Callable[[dict[str, Any]], str]] = {".yaml": print_yaml, ".yjs": print_yjs}


@dataclass(frozen=True, slots=True)
class Case:
    """Files to write (project-relative path → bytes) and the paths to compile."""

    files: dict[str, bytes]
    targets: tuple[str, ...]
    origin: str  # how it was made, for the report
    data: dict[str, Any] | None = None  # a generated scenario: the data its file was printed from

    def text(self, name: str) -> str:
        return self.files[name].decode("utf-8", "replace")

    def __repr__(self) -> str:  # what hypothesis prints for a failing example: the files
        files = "".join(f"\n--- {k}\n{v.decode('utf-8', 'replace')}" for k, v in self.files.items())
        return f"Case({self.origin}; targets {list(self.targets)}){files}"


# --- generated specs ---------------------------------------------------------------------------

WORDS = [
    "birth", "cert", "police", "hosp", "join_mi", "bank", "card", "addr", "mother_id", "baby",
    "hh", "reg", "tax", "fund", "x", "a1", "b_2", "long_name_with_parts", "q", "z9",
]  # fmt: skip
# Ids that mean something in a condition or in .yjs; valid ids all the same.
KEYWORD_IDS = [
    "and", "or", "not", "in", "true", "false", "defined", "today", "age", "year", "when",
    "required_when", "use", "item", "field", "scenario", "library", "in_region", "days",
]  # fmt: skip
NAMES = [
    "出生医学证明", "户口登记", "医保参保", "社保卡申领", "不动产登记", "营业执照", "公积金提取",
    "A&B <x>", "名称：值", "[甲，乙]", "含 \"引号\" 的名称", "#不是注释", "'单引号'", "a | b",
    "  前后空格  ", "true", "123", "2023-05-31", "null", "~", "- 列表", "{x}", "when x", "é",
    "\"\"\"", "a\\b", "x: y", "&anchor", "*alias", "!tag", "%", "@", "`", "？", "｛全角｝",
]  # fmt: skip
# Code point ranges random text is drawn from: ASCII, CJK, full-width forms, anything.
RANGES = [(0x20, 0x7E), (0x4E00, 0x9FFF), (0x3000, 0x303F), (0xFF01, 0xFF5E), (0xA0, 0xFFFD),
          (0x10000, 0x10FFFF)]  # fmt: skip
ODD_TEXT = ["\u00ad", "\u2060", "\ufeff", "\u202e", "\u200b", "\u3000", "\u0301", "\U0001f600"]
# A typo or a full-width stand-in for a condition's operators and brackets.
NEAR_MISSES = ["＝＝", "（", "）", "且", "或", "非", "==", "=", "!", '"', "'", "[", "]",
               "，", "　", "#", " "]  # fmt: skip
# 实施编码: a well-formed one (credit code with its check character + item part), near misses.
ITEM_CODES = ["11430100MB1A2345614000312001000", "11430100MB1A23456A4000312001000",
              "114301004000312001000", "11430100MB1A2345614000312001000X1"]  # fmt: skip
CHOICE_TEXT = ["是", "否", "男", "女", "本市", "外地", "A", "b c", "1", "true"]
FIELD_TYPES = [t.value for t in vocabulary.FieldType]
PATTERNS = [r"^\d{6}$", r"[A-Z]+", "^.{2,8}$", "(", "[a-", r"\p{Han}+", "a{2,1}", "(?P<x>a)"]
REFERENCE_DATA = {
    "data_sources": [{"id": "fz_data", "name": "人口库", "provider": "省公安厅"}],
    "licenses": [{"id": "fz_license", "name": "居民身份证", "issuer": "公安机关"}],
}


def _is_text_char(char: str) -> bool:
    """Anything but surrogates and control characters (those are an error of their own, E116)."""
    return unicodedata.category(char) != "Cs" and not CONTROL.match(char)


@dataclass(slots=True)
class Known:
    """What a condition may name, by type: the situations and fields defined so far."""

    situations: dict[str, list[str]] = field(default_factory=dict)  # id → choices ([] boolean)
    fields: dict[str, str] = field(default_factory=dict)  # id → field type
    groups: dict[str, dict[str, str]] = field(default_factory=dict)  # list field → sub-field types


@dataclass(frozen=True, slots=True)
class RealLibraries:
    """The imports of a real scenario and what they define: generated specs reuse them."""

    imports: list[str]
    departments: list[str]
    fields: list[str]
    items: list[str]


@cache
def real_libraries(scenario: str) -> RealLibraries:
    imports = real_data(scenario).get("imports", [])
    found: dict[str, list[str]] = {"departments": [], "fields": [], "items": []}
    for name in imports:
        path = REPO / f"{name}.yaml"
        if path.is_file():
            data = real_data(path.relative_to(REPO).as_posix())
            for kind, ids in found.items():
                ids += [entry["id"] for entry in data.get(kind, []) if isinstance(entry, dict)]
    return RealLibraries(list(imports), found["departments"], found["fields"], found["items"])


class SpecMaker:
    """One generated scenario (and library) from a seeded Random; ids unique unless on purpose."""

    def __init__(self, rnd: random.Random) -> None:
        self.rnd = rnd
        self.taken: list[str] = []

    # small values

    def chance(self, one_in: int) -> bool:
        return self.rnd.randrange(one_in) == 0

    def maybe(self, make: Callable[[], Any], one_in: int = 3) -> Any:
        """`make()` in one of `one_in` cases, else None (None values are left out when printed)."""
        return make() if self.chance(one_in) else None

    def pick(self, options: list[Any]) -> Any:
        return self.rnd.choice(options)

    def some(self, options: list[Any], most: int) -> list[Any]:
        return self.rnd.sample(options, self.rnd.randint(0, min(most, len(options))))

    def new_id(self) -> str:
        if self.taken and self.chance(60):
            return self.pick(self.taken)  # a duplicate definition, now and then
        roll = self.rnd.randrange(10)
        if roll == 0:
            name = self.pick(KEYWORD_IDS)
        elif roll < 4:
            name = self.pick(WORDS)
        else:
            letters = "abcdefghijklmnopqrstuvwxyz"
            name = self.pick(list(letters)) + "".join(
                self.rnd.choice(letters + "0123456789_") for _ in range(self.rnd.randint(0, 9))
            )
        while name in self.taken:
            name += self.pick(list("0123456789"))
        self.taken.append(name)
        return name

    def text(self, *, lines: bool = False) -> str:
        """Text a person might type, or random Unicode; never only whitespace (it is stripped)."""
        roll = self.rnd.randrange(3)
        if roll == 0:
            return self.pick(NAMES)
        chars: list[str] = []
        while len(chars) < self.rnd.randint(1, 14):
            if self.chance(12):
                chars.append(self.pick(ODD_TEXT))
            elif lines and self.chance(6):
                chars.append("\n")
            else:
                low, high = self.pick(RANGES) if roll == 1 else RANGES[self.rnd.randrange(4)]
                char = chr(self.rnd.randint(low, high))
                if _is_text_char(char):
                    chars.append(char)
        text = "".join(chars)
        return text if text.strip() else "文本" + text

    def date(self) -> dt.date:
        return dt.date(2000, 1, 1) + dt.timedelta(days=self.rnd.randrange(13000))

    def days(self) -> int:
        return self.pick([0, 0, 1, 2, 3, 5, 10, 20, 30, self.rnd.randrange(3651)])

    # conditions

    def atom(self, known: Known) -> str | None:
        made: list[Callable[[], str]] = []
        for sid, choices in known.situations.items():
            if choices:
                made.append(lambda s=sid, c=choices: f'{s} == "{self.pick(c)}"')
                made.append(lambda s=sid, c=choices: f"{s} in [{', '.join(map(repr, c[:2]))}]")
            else:
                made.append(lambda s=sid: s)
        for fid, kind in known.fields.items():
            if kind in ("integer", "decimal", "money"):
                made.append(lambda f=fid: f"{f} {self.pick(['<', '>=', '==', '!='])} {self.days()}")
                made.append(lambda f=fid: f"{f} * 2 + 1 > {self.days()} - {f} / 3")
            elif kind == "date":
                made.append(lambda f=fid: f"{f} <= today()")
                made.append(lambda f=fid: f"days_between({f}, today()) > {self.days()}")
                made.append(lambda f=fid: f"year({f}) >= {self.rnd.randint(1990, 2030)}")
                made.append(lambda f=fid: f"{f} < {self.date().isoformat()}")
            elif kind == "id_number":
                made.append(lambda f=fid: f"age({f}) >= {self.rnd.randint(0, 80)}")
                made.append(lambda f=fid: f"{f} in_region 430100")
            elif kind == "region":
                made.append(lambda f=fid: f"{f} in_region {self.pick(['43', '4301', '430102'])}")
            elif kind == "boolean":
                made.append(lambda f=fid: f"{f} == true")
            elif kind == "list":
                made.append(
                    lambda f=fid: f"count({f}) {self.pick(['>=', '==', '<'])} {self.days()}"
                )
                made.append(lambda f=fid: f"defined({f})")
            else:
                made.append(lambda f=fid: f"defined({f})")
                made.append(lambda f=fid: f'{f} != "{self.pick(CHOICE_TEXT)}"')
        return self.pick(made)() if made else None

    def condition(self, known: Known, depth: int = 2) -> str:
        """A condition, usually well-typed; sometimes one that a check must reject."""
        roll = self.rnd.randrange(24)
        if roll == 0:
            return self.text()
        atom = self.atom(known)
        if roll == 1 or atom is None:
            return self.pick(["true", "1 + 1 == 2", "undefined_name", "a == ", "(x", "0", "'s'"])
        if roll == 2:  # one character of a good condition changed: a typo, a full-width operator
            at = self.rnd.randrange(len(atom) + 1)
            typo = self.pick([*NEAR_MISSES, chr(self.rnd.randint(0x20, 0xFFFD))])
            return (atom[:at] + typo + atom[at + self.rnd.randint(0, 1) :]).strip() or atom
        if roll == 3 and self.chance(3):  # long: many terms or deep brackets (the limits)
            count = self.rnd.randint(2, 160)
            if self.chance(2):
                return f" {self.pick(['and', 'or'])} ".join([atom] * count)
            return "(" * count + atom + ")" * count
        if depth == 0 or roll < 14:
            return atom
        form = self.pick(["{} and {}", "{} or {}", "not ({})", "({}) and not ({})", "{}"])
        return form.format(self.condition(known, depth - 1), self.condition(known, depth - 1))

    # definitions

    def field_def(self, known: Known, results: list[str]) -> dict[str, Any]:
        kind = self.pick(FIELD_TYPES)
        fid = self.new_id()
        out: dict[str, Any] = {
            "id": fid,
            "label": self.text(),
            "type": kind,
            "section": self.maybe(self.text),
            "help": self.maybe(lambda: self.text(lines=True)),
            "required": self.maybe(lambda: self.chance(2)),
            "sensitivity": self.maybe(lambda: self.pick([s.value for s in vocabulary.Sensitivity])),
        }
        if kind == "choice":
            out["choices"] = self.rnd.sample(CHOICE_TEXT, self.rnd.randint(1, 4))
        elif kind == "text":
            out["pattern"] = self.maybe(lambda: self.pick(PATTERNS))
            out["max_length"] = self.maybe(lambda: self.rnd.randint(1, 500))
        elif kind in ("integer", "decimal", "money"):
            low = self.rnd.randint(-5, 50)
            out["min"] = self.maybe(lambda: low)
            out["max"] = self.maybe(lambda: self.rnd.randint(low - 2, 200))
        elif kind == "list":  # a repeating group: typed sub-fields, a count between bounds
            subs = [self.sub_field() for _ in range(self.rnd.randint(1, 3))]
            out["fields"] = subs
            least = self.maybe(lambda: self.rnd.randint(0, 5))
            out["min_count"] = least
            out["max_count"] = self.maybe(lambda: self.rnd.randint(max(least or 0, 1), 20))
            known.groups[fid] = {sub["id"]: sub.get("type", "text") for sub in subs}
        source = self.rnd.randrange(6)
        if source == 0:
            out["from_data"] = "fz_data"
        elif source == 1 and results:
            out["from_result"] = self.pick(results)
        if known.fields or known.situations:
            out["when"] = self.maybe(lambda: self.condition(known, 1), 5)
            out["required_when"] = self.maybe(lambda: self.condition(known, 1), 6)
        known.fields[fid] = kind
        return _prune(out)

    def sub_field(self) -> dict[str, Any]:
        """A column of a repeating group (now and then a nested list, which is refused)."""
        kind = self.pick([t for t in FIELD_TYPES if t != "list"] + ["list"] * self.chance(20))
        return _prune(
            {
                "id": self.pick(["name", "id_number", "share", "x", "when", self.new_id()]),
                "label": self.text(),
                "type": kind,
                "required": self.maybe(lambda: self.chance(2)),
                "choices": self.rnd.sample(CHOICE_TEXT, 2) if kind == "choice" else None,
                "max_length": self.maybe(lambda: self.rnd.randint(1, 50), 4),
            }
        )

    def validity(self) -> dict[str, Any]:
        """A period: from, until, both (sometimes the wrong way round), or neither."""
        start, end = sorted([self.date(), self.date()], reverse=self.chance(10))
        return {
            "valid_from": start if self.chance(2) else None,
            "valid_until": end if self.chance(2) else None,
        }

    def legal_basis(self) -> Any:
        """Plain text, or the document, its number and article and when it is in force."""
        if self.chance(2):
            return self.text()
        return _prune(
            {
                "title": self.pick(["《中华人民共和国民法典》", "《婚姻登记条例》", self.text()]),
                "number": self.maybe(lambda: self.pick(["国务院令第804号", "国办发〔2022〕32号"])),
                "article": self.maybe(lambda: self.pick(["第四条", "第十二条第二款"])),
                **self.validity(),
            }
        )

    def material(self, known: Known, *, result: bool) -> dict[str, Any]:
        acceptance = self.pick([a.value for a in vocabulary.Acceptance])
        source = "办件结果" if result else self.pick(["自备", "部门核发", "中介机构出具"])
        return _prune(
            {
                "id": self.new_id(),
                "name": self.text(),
                "form": self.maybe(lambda: self.pick([f.value for f in vocabulary.MaterialForm])),
                "copies": self.maybe(lambda: self.rnd.randint(0, 5)),
                "source": source,
                "issuer": self.maybe(self.text),
                "license": "fz_license" if source == "部门核发" and self.chance(2) else None,
                "acceptance": acceptance,
                "makeup_days": self.rnd.randint(1, 30) if acceptance == "容缺后补" else None,
                "requirements": self.maybe(lambda: self.text(lines=True)),
                "when": self.maybe(lambda: self.condition(known, 1), 6),
                "pledge": self.pledge(self.taken)
                if acceptance == "告知承诺" and self.chance(2)
                else None,
                **(self.validity() if self.chance(5) else {}),
            }
        )

    def period(self) -> int | str:
        """A 核查 period: a bare number (working days) or "amount unit" in a unit it accepts."""
        amount = self.pick([1, 20, 30, 3650, self.rnd.randint(1, 400)])
        if self.chance(2):
            return amount
        return f"{amount} {self.pick([u.value for u in durations.CHECK_PERIOD_UNITS])}"

    def pledge(self, departments: list[str]) -> dict[str, Any]:
        """告知承诺 with its 事后核查: a period, its unit, perhaps who checks and why."""
        return _prune(
            {
                "check_within": self.period(),
                "checked_by": self.maybe(lambda: self.pick(departments), 3)
                if departments
                else None,
                "basis": self.maybe(self.text, 3),
            }
        )

    def service(self, departments: list[str]) -> dict[str, Any]:
        """办理方式: 受理点, channels with visits, delivery, 就近办, 帮代办, 上门办 (any subset)."""
        channels = self.some([c.value for c in vocabulary.ServiceChannel], 4)
        return _prune(
            {
                "accept": self.maybe(
                    lambda: self.pick(
                        [delivery_terms.ONE_WINDOW, delivery_terms.OWN_DEPARTMENT, *departments]
                    )
                ),
                "channels": {c: 0 if c == "全程网办" else self.rnd.randint(0, 3) for c in channels}
                or None,
                "result_delivery": self.maybe(
                    lambda: self.some([d.value for d in vocabulary.ResultDelivery], 4) or None
                ),
                "nearby": self.maybe(
                    lambda: self.some([n.value for n in vocabulary.Nearby], 2) or None
                ),
                "assisted": self.maybe(lambda: self.chance(2)),
                "home_visit": self.maybe(lambda: self.chance(2)),
            }
        )

    def fee(self) -> Any:
        """`不收费`, a text (older specs), or the terms: an amount or a standard, basis, exemptions."""
        roll = self.rnd.randrange(4)
        if roll == 0:
            return delivery_terms.NO_FEE
        if roll == 1:
            return self.text()
        charged = not self.chance(4)
        return _prune(
            {
                "charged": self.maybe(lambda: charged, 2) if charged else False,
                "amount": self.pick([80, 0.5, 12.25, 1e9]) if charged and self.chance(2) else None,
                "standard": self.text() if charged and self.chance(2) else None,
                "basis": self.maybe(self.text),
                "exemptions": self.maybe(self.text) if charged else None,
                "note": self.maybe(self.text, 4),
            }
        )

    def department(self) -> dict[str, Any]:
        return _prune(
            {
                "id": self.new_id(),
                "name": self.text(),
                "level": self.pick([v.value for v in vocabulary.Level]),
                "region": self.pick(["430100", "430102", "110000"]),
                "kind": self.maybe(lambda: self.pick([k.value for k in vocabulary.DepartmentKind])),
                "phone": self.maybe(lambda: "0731-12345678", 5),
            }
        )

    def item(
        self,
        known: Known,
        departments: list[str],
        own: list[str],  # field ids the file defines
        needs: list[str],  # materials an item may need
        results: list[str],  # result materials an item may produce
    ) -> dict[str, Any]:
        legal = self.days()
        promised = self.rnd.randint(0, legal) if not self.chance(10) else legal + 1
        used = self.some(own, 4)
        inline = [self.field_def(known, []) for _ in range(self.rnd.randint(0, 1))]
        procedures = [
            _prune({"name": self.text(), "days": self.days(),
                    "note": self.maybe(lambda: self.text(lines=True))})
            for _ in range(self.rnd.randint(1, 2))
        ]  # fmt: skip
        return _prune(
            {
                "id": self.new_id(),
                "name": self.text(),
                "code": self.maybe(
                    lambda: self.pick([*ITEM_CODES, str(self.rnd.randrange(10**12))]), 5
                ),
                "local_code": self.maybe(self.text, 6),
                "application": self.maybe(
                    lambda: self.pick([a.value for a in vocabulary.Application]), 4
                ),
                "service": self.maybe(lambda: self.service(departments), 4),
                "pledge": self.maybe(lambda: self.pledge(departments), 6),
                "kind": self.maybe(lambda: self.pick([k.value for k in vocabulary.ItemKind])),
                "department": self.pick(departments),
                "level": self.maybe(lambda: self.pick([v.value for v in vocabulary.Level]), 5),
                "days": {"legal": legal, "promised": promised},
                "special_procedures": procedures if self.chance(5) else None,
                "fee": self.maybe(self.fee, 4),
                "when": self.maybe(lambda: self.condition(known), 2),
                "fields": used + inline,
                "materials": self.some(needs, 3),
                "produces": self.some(results, 2),
                "field_codes": {f: self.pick(["XM", "SFZH", "编码"]) for f in used[:1]}
                if self.chance(5)
                else None,
                **(self.validity() if self.chance(5) else {}),
            }
        )

    def answer(self, kind: str, group: dict[str, str] | None = None) -> Any:
        """A value for a field of `kind`: usually of its type, sometimes not (E112)."""
        if self.chance(10):
            return self.pick([True, 3, "文本", self.date(), [], [{"x": 1}]])
        if kind == "list":
            return [
                {sub: self.answer(sub_kind) for sub, sub_kind in (group or {}).items()}
                for _ in range(self.rnd.randint(0, 3))
            ]
        if kind == "boolean":
            return self.chance(2)
        if kind in ("integer", "decimal", "money"):
            return self.pick([0, 1, 2500, -3, 1.5])
        if kind == "date":
            return self.date()
        if kind == "choice":
            return self.pick(CHOICE_TEXT)
        return self.pick(["430102199001011234", "430100", "13800000000", self.text()])

    def spec_test(
        self, known: Known, items: list[str], materials: list[str], rules: list[str]
    ) -> dict[str, Any]:
        answers: dict[str, Any] = {
            s: self.pick(c) if c else self.chance(2) for s, c in known.situations.items()
        }
        for fid in self.some(list(known.fields), 3):
            answers[fid] = self.answer(known.fields[fid], known.groups.get(fid))
        expect = {
            "items": self.some(items, len(items)),
            "materials": self.maybe(lambda: self.some(materials, len(materials)), 4),
            "failed_rules": self.maybe(lambda: self.some(rules, len(rules)), 3),
        }
        return _prune(
            {
                "name": self.text(),
                "answers": answers,
                "today": self.maybe(self.date, 4),
                "expect": {k: v for k, v in expect.items() if v is not None},
            }
        )

    def library(self) -> dict[str, Any]:
        """A library with departments, fields, materials and items a scenario can `use`."""
        known = Known()
        departments = [self.department() for _ in range(self.rnd.randint(1, 2))]
        fields = [self.field_def(known, []) for _ in range(self.rnd.randint(0, 3))]
        materials = [self.material(known, result=False) for _ in range(self.rnd.randint(0, 2))]
        items = [
            self.item(Known(), [d["id"] for d in departments], [f["id"] for f in fields],
                      [m["id"] for m in materials], [])
            for _ in range(self.rnd.randint(1, 3))
        ]  # fmt: skip
        return _prune(
            {
                "library": "fz_shared",
                "name": self.text(),
                "notes": self.maybe(lambda: self.text(lines=True), 4),
                **REFERENCE_DATA,
                "departments": departments,
                "fields": fields,
                "materials": materials,
                "items": items,
            }
        )

    def scenario(
        self, library: dict[str, Any] | None, real: RealLibraries | None
    ) -> dict[str, Any]:
        """A scenario over its own definitions, the generated library's and maybe the real stdlib's."""
        known = Known()
        situations = []
        for _ in range(self.rnd.randint(0, 3)):
            sid = self.new_id()
            if self.chance(2):
                choices = self.rnd.sample(CHOICE_TEXT, self.rnd.randint(2, 3))
                situations.append({"id": sid, "question": self.text(), "type": "choice",
                                   "choices": choices})  # fmt: skip
                known.situations[sid] = choices
            else:
                situations.append({"id": sid, "question": self.text()})
                known.situations[sid] = []
        departments = [self.department() for _ in range(self.rnd.randint(1, 3))]
        dept_ids = [d["id"] for d in departments + (library or {}).get("departments", [])]
        dept_ids += self.some(real.departments, 3) if real else []
        result_materials = [
            self.material(known, result=True) for _ in range(self.rnd.randint(0, 3))
        ]
        results = [m["id"] for m in result_materials]
        fields = [self.field_def(known, results) for _ in range(self.rnd.randint(0, 4))]
        own_materials = [self.material(known, result=False) for _ in range(self.rnd.randint(0, 3))]
        needs = [m["id"] for m in own_materials] + results
        materials = [m["id"] for m in own_materials + result_materials]
        usable = [f["id"] for f in fields] + (self.some(real.fields, 4) if real else [])
        items = [
            self.item(known, dept_ids, usable, needs, results)
            for _ in range(self.rnd.randint(1, 5))
        ]
        shared = [i["id"] for i in (library or {}).get("items", [])]
        for use in self.some(shared, len(shared)) + (self.some(real.items, 3) if real else []):
            entry = _prune({"use": use, "when": self.maybe(lambda: self.condition(known), 2)})
            items.insert(self.rnd.randint(0, len(items)), entry)
        item_ids = [i.get("id") or i["use"] for i in items]
        rules = [
            _prune({"id": self.new_id(), "check": self.condition(known), "message": self.text(),
                    "when": self.maybe(lambda: self.condition(known, 1), 4)})
            for _ in range(self.rnd.randint(0, 2) if known.fields else 0)
        ]  # fmt: skip
        rule_ids = [r["id"] for r in rules]
        tests = [
            self.spec_test(known, item_ids, materials, rule_ids)
            for _ in range(self.rnd.randint(0, 2))
        ]
        total = sum(i.get("days", {}).get("promised", 0) for i in items)
        return _prune(
            {
                "scenario": self.pick(["fz", "newborn", "a_b", "scenario"]),
                "name": self.text(),
                "subject": self.pick([s.value for s in vocabulary.Subject]),
                "batch": self.date(),
                "lead": self.pick(dept_ids),
                "promised_days": total if not self.chance(4) else self.days(),
                "scope": self.maybe(lambda: self.pick([s.value for s in vocabulary.ServiceArea])),
                "imports": ([f"{LIBRARY_DIR}/shared"] if library else [])
                + (real.imports if real else []),
                "legal_basis": [self.legal_basis() for _ in range(self.rnd.randint(0, 3))],
                "channels": [
                    _prune(
                        {
                            "kind": self.pick(["线上", "线下"]),
                            "name": self.text(),
                            "address": self.maybe(self.text),
                        }
                    )
                    for _ in range(self.rnd.randint(0, 2))
                ],
                "delivery": [self.text() for _ in range(self.rnd.randint(0, 1))],
                "consult": self.maybe(lambda: self.pick(["12345", "0731-12345"])),
                "service": self.maybe(lambda: self.service(dept_ids), 3),
                "fee": self.maybe(self.fee, 4),
                "notes": self.maybe(lambda: self.text(lines=True)),
                **({} if library else REFERENCE_DATA),
                "departments": departments,
                "situations": situations,
                "fields": fields,
                "materials": result_materials + own_materials,
                "items": items,
                "rules": rules,
                "tests": tests,
            }
        )


def _prune(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None and v != [] and v != {}}


def generated_case(seed: int) -> Case:
    """The case of one seed: a scenario (and maybe a library), each in a syntax of its own."""
    maker = SpecMaker(random.Random(seed))
    library = maker.library() if maker.chance(2) else None
    real = real_libraries(maker.pick(REAL_SCENARIOS)) if maker.chance(8) else None
    scenario = maker.scenario(library, real)
    suffix = maker.pick(list(SYNTAXES))
    target = f"{SCENARIO_DIR}/fuzz{suffix}"
    files = {target: SYNTAXES[suffix](scenario).encode("utf-8")}
    if maker.chance(10):  # beside a real scenario: two bundles, perhaps one id twice
        other = maker.pick(SMALL_SCENARIOS)
        files[other] = (REPO / other).read_bytes()
    if library is not None:
        lib_suffix = maker.pick(list(SYNTAXES))
        files[f"{LIBRARY_DIR}/shared{lib_suffix}"] = SYNTAXES[lib_suffix](library).encode("utf-8")
    targets = tuple(f for f in files if f.startswith(SCENARIO_DIR))
    return Case(files, targets, f"generated {suffix} (seed {seed})", scenario)


def generated_cases() -> st.SearchStrategy[Case]:
    return st.integers(0, 2**64 - 1).map(generated_case)


# --- mutations of the real specs ---------------------------------------------------------------

CONTROL_CHARS = [chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x85)]
CONTROL_CHARS += ["\u2028", "\u2029", "\x9b"]
SYNTAX_CHARS = [*":- ：\t#&*!'\"[]{}｛｝［］,，|>?%@`\\\n", '"""', "when ", "use ", "{}", "\r"]
KINDS = [
    "truncate", "delete", "duplicate", "swap", "indent", "insert", "control", "syntax", "comment",
]  # fmt: skip
COMMENTS = ["# 注释", "  # 行尾注释", "#", "# when x", '# """', "#：", "  #"]


def real_spec(path: Path) -> tuple[str, str]:
    """(project-relative path, text) of a real spec; the file keeps its place in the project."""
    return path.relative_to(REPO).as_posix(), path.read_text(encoding="utf-8")


@st.composite
def text_mutation(draw: st.DrawFn, text: str) -> str:
    lines = text.split("\n")
    kind = draw(st.sampled_from(KINDS))
    if kind == "truncate":
        return text[: draw(st.integers(0, len(text)))]
    i = draw(st.integers(0, len(lines) - 1))
    if kind == "delete":
        j = draw(st.integers(i, min(len(lines), i + 8)))
        return "\n".join(lines[:i] + lines[j:])
    if kind == "duplicate":  # a section pasted twice, or somewhere else
        j = draw(st.integers(i, min(len(lines), i + 12)))
        k = draw(st.integers(0, len(lines)))
        return "\n".join(lines[:k] + lines[i:j] + lines[k:])
    if kind == "swap":
        j = draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
        return "\n".join(lines)
    if kind == "indent":
        delta = draw(st.sampled_from([-4, -2, -1, 1, 2, 3, 4]))
        lines[i] = " " * max(delta, 0) + lines[i][max(-delta, 0) :]
        return "\n".join(lines)
    if kind == "comment":  # on a line of its own, or after what a line holds
        own = draw(st.booleans())
        comment = draw(st.sampled_from(COMMENTS))
        if own:
            lines.insert(i, comment.strip())
        else:
            lines[i] += comment
        return "\n".join(lines)
    k = draw(st.integers(0, len(text)))
    if kind == "insert":
        inserted = draw(st.one_of(st.text(max_size=6), st.sampled_from([*ODD_TEXT, "\u2028"])))
    elif kind == "control":
        inserted = draw(st.sampled_from(CONTROL_CHARS))
    else:
        inserted = draw(st.sampled_from(SYNTAX_CHARS))
    cut = draw(st.integers(0, 2))  # replace what was there, or insert
    return text[:k] + inserted + text[k + cut :]


@st.composite
def byte_flips(draw: st.DrawFn, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 3))):
        if out:
            i = draw(st.integers(0, len(out) - 1))
            out[i] ^= 1 << draw(st.integers(0, 7))
    return bytes(out)


def encodings(text: str) -> st.SearchStrategy[bytes]:
    """The same text as other editors save it: CRLF, CR, a BOM, UTF-16, GBK, tabs for spaces."""
    return st.sampled_from(
        [
            text.replace("\n", "\r\n").encode("utf-8"),
            text.replace("\n", "\r").encode("utf-8"),
            b"\xef\xbb\xbf" + text.encode("utf-8"),
            b"\xef\xbb\xbf\xef\xbb\xbf" + text.encode("utf-8"),
            text.encode("utf-16"),
            text.encode("gbk", "replace"),
            text.replace("  ", "\t").encode("utf-8"),
        ]
    )


# A value of another type for any place in a spec (mostly ones the models reject there).
SWAPS: list[Any] = [
    "文本", "", " ", 0, -1, 1.5, 10**30, float("inf"), True, None, [], {}, ["x"], {"x": 1},
    {"id": "x"}, dt.date(2023, 2, 28), "2023-02-30", "430100", "a_b", "办件结果", "容缺后补",
    "choice", "and", "not (", "x" * 300,
]  # fmt: skip
RENAMES = ["name ", "Name", "名称", "部门", "id", "when", "use", "items", "x_y", "", "scenario"]
DATA_KINDS = ["delete", "rename", "duplicate", "retype", "text", "wrap"]


def node_paths(value: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path to a node of a plain data tree (keys and indices), the root excluded."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield (*at, k)
            yield from node_paths(v, (*at, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield (*at, i)
            yield from node_paths(v, (*at, i))


def mutate_data(draw: st.DrawFn, data: dict[str, Any]) -> dict[str, Any]:
    """One change at a random place: delete, rename, duplicate, retype, wrap, or random text."""
    root = _copy(data)
    where = draw(st.sampled_from(list(node_paths(root))))
    parent: Any = root
    for step in where[:-1]:
        parent = parent[step]
    last = where[-1]
    kind = draw(st.sampled_from(DATA_KINDS))
    if kind == "delete":
        del parent[last]
    elif kind == "rename" and isinstance(parent, dict):
        new = draw(st.one_of(st.sampled_from(RENAMES), st.text(max_size=6)))
        parent[new] = parent.pop(last)
    elif kind == "duplicate" and isinstance(parent, list):
        parent.insert(last, _copy(parent[last]))
    elif kind == "text":
        parent[last] = draw(st.text(max_size=12))
    elif kind == "wrap":
        parent[last] = draw(st.sampled_from([[parent[last]], {"x": parent[last]}]))
    else:
        parent[last] = draw(st.sampled_from(SWAPS))
    return root


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


@cache
def real_data(rel: str) -> dict[str, Any]:
    path = REPO / rel
    return parse_source(SourceFile(path.name, path.read_text(encoding="utf-8"))).data


@cache
def importer(library: str) -> str:
    """The smallest real scenario that imports `library` (so the import itself is exercised)."""
    name = library.rsplit(".", 1)[0]
    users = [
        p
        for p in REAL_SPECS
        if p.parent.name == SCENARIO_DIR and name in real_data(real_spec(p)[0]).get("imports", [])
    ]
    return real_spec(min(users, key=lambda p: p.stat().st_size))[0] if users else ""


@st.composite
def mutated_cases(draw: st.DrawFn) -> Case:
    """A real spec broken as text, as bytes or as data; compiled where it lives in the project.

    Data is printed back in either syntax, except a library's: a .yjs beside the .yaml would not
    be the one the import finds.
    """
    rel, text = real_spec(draw(st.sampled_from(REAL_SPECS)))
    how = draw(st.sampled_from(["text", "text", "text", "bytes", "data", "data"]))
    if how == "text":
        for _ in range(draw(st.integers(1, 3))):
            text = draw(text_mutation(text))
        raw = text.encode("utf-8", "surrogatepass")
    elif how == "bytes":
        raw = draw(st.one_of(byte_flips(text.encode("utf-8")), encodings(text)))
    else:
        data = real_data(rel)
        for _ in range(draw(st.integers(1, 3))):
            data = mutate_data(draw, data)
        suffix = draw(st.sampled_from(list(SYNTAXES))) if rel.startswith(SCENARIO_DIR) else ".yaml"
        rel = rel.rsplit(".", 1)[0] + suffix
        raw = _print_any(data, SYNTAXES[suffix]).encode("utf-8", "surrogatepass")
    files = {rel: raw}
    alone = draw(st.booleans())  # a library is checked on its own too, at a fraction of the cost
    if not rel.startswith(SCENARIO_DIR) and not alone and (user := importer(rel)):
        files[user] = (REPO / user).read_bytes()
    return Case(files, tuple(files), f"mutated {how} {rel}")


def _print_any(data: dict[str, Any], printer: Callable[[dict[str, Any]], str]) -> str:
    """Print broken data; the .yjs layout assumes data that lowers, so YAML is the fallback."""
    try:
        return printer(data)
    except Exception:  # a shape .yjs has no way to write (a key that is not text, …)
        return print_yaml(data)


def cases() -> st.SearchStrategy[Case]:
    return st.one_of(generated_cases(), mutated_cases())
