"""Time as the law writes it (issue 9, point 2): limits in 工作日, 自然日 or 小时, compared and
dated on the real Chinese calendar, and `yjs plan ID --start DATE`.

Expected dates are computed here from `chinese_calendar` directly (its `find_workday` and
`is_workday`), never written as literals, so the tests check yjs against the calendar package.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import chinese_calendar
import pytest
import yaml
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from cli import app
from compiler import durations, ir, workdays
from compiler.lower import lower
from compiler.pipeline import compile_paths
from compiler.workdays import WorkCalendar, exceeds, reference_starts, schedule_days
from dsl.diagnostics import CompileError
from dsl.front_ends import parse_source
from dsl.printer import print_yaml, print_yjs
from dsl.source import SourceFile

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases"
HEBEI = CASES / "sequencing" / "hebei_deregistration.yaml"

WD, ND, HOUR = (
    durations.TimeUnit.WORKING_DAY,
    durations.TimeUnit.NATURAL_DAY,
    durations.TimeUnit.HOUR,
)


def limit(amount: int, unit: durations.TimeUnit = WD) -> durations.Limit:
    return durations.Limit(amount=amount, unit=unit)


def nth_workday_after(start: dt.date, n: int) -> dt.date:
    """The package's own answer: `find_workday(n, d)` is the n-th working day after d (n ≥ 1)."""
    return chinese_calendar.find_workday(n, start) if n else start


def natural_due(start: dt.date, n: int) -> dt.date:
    """n natural days on; a last day that is not a working day moves to the next working day."""
    return chinese_calendar.find_workday(0, start + dt.timedelta(days=n))


def is_workday(day: dt.date) -> bool:
    """The package's answer, and Monday to Friday for a year it has no data for."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def walk(start: dt.date, n: int) -> dt.date:
    """The n-th working day after `start`, by `is_workday` (past the package's last year too)."""
    day = start
    while n:
        day += dt.timedelta(days=1)
        n -= is_workday(day)
    return day


def walk_natural(start: dt.date, n: int) -> dt.date:
    day = start + dt.timedelta(days=n)
    while not is_workday(day):
        day += dt.timedelta(days=1)
    return day


# --- writing a limit --------------------------------------------------------------------------

SPEC = """\
scenario: units
name: 测试一件事
subject: 个人
batch: 2023-05-31
lead: police
promised_days: 60
imports: [stdlib/base]
items:
  - id: a
    name: 居民身份证申领
    department: police
    days: {legal: LEGAL, promised: PROMISED}
"""


def item_days(legal: str, promised: str, suffix: str = ".yaml") -> ir.TimeLimit:
    text = SPEC.replace("LEGAL", legal).replace("PROMISED", promised)
    doc = parse_source(SourceFile("u.yaml", text))
    if suffix == ".yjs":
        doc = parse_source(SourceFile("u.yjs", print_yjs(doc.data)))
    spec = lower(doc)
    item = spec.items[0]
    assert isinstance(item, ir.Item)
    return item.days


@pytest.mark.parametrize(
    "written",
    ["60 自然日", "60自然日", "60 个自然日", "{amount: 60, unit: 自然日}", '"60 自然日"'],
)
def test_every_spelling_of_a_natural_day_limit_is_the_same(written: str) -> None:
    assert item_days(written, "4 小时").legal == limit(60, ND)
    assert item_days(written, "4 小时", ".yjs").legal == limit(60, ND)


def test_a_plain_number_is_still_working_days() -> None:
    days = item_days("20", "0")
    assert days.legal == limit(20) and days.promised == limit(0)
    assert days.model_dump() == {"legal": 20, "promised": 0}  # as every existing spec dumps


def test_yjs_writes_a_limit_as_two_words_and_reads_it_back() -> None:
    text = SPEC.replace("LEGAL", "60 自然日").replace("PROMISED", "4 小时")
    data = parse_source(SourceFile("u.yaml", text)).data
    yjs = print_yjs(data)
    assert "days { legal 60 自然日, promised 4 小时 }" in yjs
    back = parse_source(SourceFile("u.yjs", yjs)).data
    assert back == data
    assert print_yaml(back) == print_yaml(data)
    assert "legal: 60 自然日\n" in print_yaml(back)


def test_yjs_reports_words_after_a_key_that_is_not_a_limit() -> None:
    source = SourceFile("bad.yjs", 'scenario x "名称" {\n  lead police 公安\n}\n')
    with pytest.raises(CompileError) as err:
        parse_source(source)
    assert "E127" in {d.code.name for d in err.value.diagnostics}


def test_yjs_schema_describes_and_accepts_the_forms() -> None:
    result = CliRunner().invoke(app, ["schema"])
    schema = json.loads(result.stdout)
    validator = Draft202012Validator(schema)
    spec = yaml.safe_load(HEBEI.read_text(encoding="utf-8"))
    spec["batch"] = spec["batch"].isoformat()  # an editor's language server sees text
    forms: list[tuple[Any, bool]] = [
        ("60 自然日", True),
        (60, True),
        ({"amount": 4, "unit": "小时"}, True),
        ("60 天", False),
        ({"amount": 4, "unit": "天"}, False),
        (-1, False),
    ]
    for legal, ok in forms:
        spec["items"][0]["days"]["legal"] = legal
        valid = not list(validator.iter_errors(spec))
        assert valid is ok, legal
    text = json.dumps(schema, ensure_ascii=False)
    for words in ("单位：工作日（默认）、自然日、小时", "须先办结的事项", "为什么要等它办结"):
        assert words in text


# --- comparing limits (E502) ------------------------------------------------------------------


def test_natural_days_and_hours_compare_correctly() -> None:
    """The acceptance pair: a 60 自然日 legal limit and a 4 小时 promise."""
    assert exceeds(limit(4, HOUR), limit(60, ND)) is None
    assert exceeds(limit(60, ND), limit(4, HOUR)) is not None


def test_hours_against_working_days_count_eight_hours_a_day() -> None:
    assert exceeds(limit(8, HOUR), limit(1)) is None
    assert exceeds(limit(9, HOUR), limit(1)) is not None
    assert exceeds(limit(1), limit(8, HOUR)) is None
    assert exceeds(limit(2), limit(9, HOUR)) is not None


@pytest.mark.parametrize("promised", [38, 40, 45])
def test_working_days_against_natural_days_by_due_dates(promised: int) -> None:
    """The first application day on which the promise falls due after the law, found by
    brute force on the package's calendar."""
    expected = None
    for start in reference_starts():
        promise, law = walk(start, promised), walk_natural(start, 60)
        if promise > law:
            expected = (start, promise, law)
            break
    found = exceeds(limit(promised), limit(60, ND))
    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert (found.start, found.promised_due, found.legal_due) == expected


def test_reference_starts_are_the_announced_working_days_under_todays_rules() -> None:
    starts = reference_starts()
    assert starts[0].year == workdays.RULES_SINCE.year
    assert all(chinese_calendar.is_workday(d) for d in starts)
    last = starts[-1].year
    assert list(starts) == [
        d
        for d in (workdays.RULES_SINCE + dt.timedelta(days=i) for i in range(800))
        if d.year <= last and chinese_calendar.is_workday(d)
    ]


def test_a_natural_day_limit_takes_its_worst_case_on_the_schedule() -> None:
    worst = max(
        sum(
            is_workday(start + dt.timedelta(days=k))
            for k in range(1, (walk_natural(start, 60) - start).days + 1)
        )
        for start in reference_starts()
    )
    assert schedule_days(limit(60, ND)) == worst
    assert schedule_days(limit(4, HOUR)) == 1
    assert schedule_days(limit(17, HOUR)) == 3
    assert schedule_days(limit(0, HOUR)) == schedule_days(limit(0, ND)) == 0


def test_e502_names_the_units_and_a_day_that_shows_it(tmp_path: Path) -> None:
    shutil.copytree(CASES / "stdlib", tmp_path / "stdlib")
    spec = tmp_path / "u.yaml"
    spec.write_text(SPEC.replace("LEGAL", "60 自然日").replace("PROMISED", "45"), encoding="utf-8")
    [diagnostic] = compile_paths([spec], tmp_path).diagnostics
    assert diagnostic.code.name == "E502"
    assert diagnostic.message == "事项 `a` 的承诺时限 45 个工作日超过法定时限 60 个自然日"
    overrun = exceeds(limit(45), limit(60, ND))
    assert overrun is not None and diagnostic.hint is not None
    assert f"{overrun.start} 开始办理时，承诺时限 {overrun.promised_due} 届满" in diagnostic.hint


# --- dates on the calendar --------------------------------------------------------------------


def test_due_dates_follow_the_package() -> None:
    calendar = WorkCalendar()
    start = dt.date(2026, 9, 28)
    assert calendar.due(start, limit(10)) == nth_workday_after(start, 10)
    assert calendar.due(start, limit(60, ND)) == natural_due(start, 60)
    assert calendar.due(start, limit(4, HOUR)) == nth_workday_after(start, 1)
    assert calendar.due(start, limit(0, ND)) == start
    assert calendar.unannounced == set()


def plan(*args: str) -> Any:
    return CliRunner().invoke(app, ["plan", *args])


def dated_rows(stdout: str) -> dict[str, list[str]]:
    """Item name → [stage, department, start, due, limit, legal due] from `yjs plan`'s table."""
    lines = stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("阶段"))
    rows = {}
    for line in lines[header + 1 :]:
        if not line.strip():
            break
        stage, name, department, start, due, *rest = line.split()
        rows[name] = [stage, department, start, due, *rest]
    return rows


def national_day(year: int) -> list[dt.date]:
    days = (dt.date(year, 9, 20) + dt.timedelta(days=i) for i in range(30))
    return [
        d
        for d in days
        if chinese_calendar.get_holiday_detail(d)[1] == chinese_calendar.Holiday.national_day.value
    ]


def test_yjs_plan_moves_due_dates_past_the_national_day_holiday() -> None:
    """The acceptance run: an application on 2026-09-28 is due after 国庆, as the package says."""
    start = dt.date(2026, 9, 28)
    result = plan("hebei_deregistration", "--start", start.isoformat(), str(HEBEI))
    assert result.exit_code == 0, result.output
    rows = dated_rows(result.stdout)
    tax_due = nth_workday_after(start, 10)
    assert rows["税务注销"][2:4] == [start.isoformat(), tax_due.isoformat()]
    assert rows["企业注销登记"][2:4] == [
        tax_due.isoformat(),
        nth_workday_after(tax_due, 1).isoformat(),
    ]
    for name in ("海关报关单位备案注销", "注销社会保险登记", "银行账户注销预约", "企业印章注销"):
        assert rows[name][2:4] == [start.isoformat(), nth_workday_after(start, 1).isoformat()]
    holiday = national_day(2026)
    assert holiday and tax_due > max(holiday)
    weekends_only = [start + dt.timedelta(days=i) for i in range(1, 30)]
    assert tax_due != [d for d in weekends_only if d.weekday() < 5][9]  # the holiday moved it
    done = nth_workday_after(tax_due, 1)
    assert f"全部办结：{done}（关键路径 11 个工作日）" in result.stdout
    assert f"最迟 {nth_workday_after(start, 11)} 办结" in result.stdout
    assert "W505" not in result.output


def test_yjs_plan_on_a_rest_day_counts_from_the_next_working_day() -> None:
    start = dt.date(2026, 10, 3)
    accepted = chinese_calendar.find_workday(0, start)
    result = plan("hebei_deregistration", "--start", start.isoformat(), str(HEBEI))
    assert result.exit_code == 0, result.output
    assert f"{start} 申请，{accepted} 受理（申请日不是工作日）" in result.stdout
    assert dated_rows(result.stdout)["税务注销"][3] == nth_workday_after(accepted, 10).isoformat()


def test_a_year_without_announced_holidays_warns_and_counts_weekends_only() -> None:
    last = workdays.announced_years().stop - 1
    start = chinese_calendar.find_workday(-3, dt.date(last, 12, 31))  # 10 working days reach on
    result = plan("hebei_deregistration", "--start", start.isoformat(), str(HEBEI))
    assert result.exit_code == 0, result.output
    assert f"warning[W505]: {last + 1} 年的法定节假日安排不在日历数据中" in result.stderr
    assert walk(start, 10).year == last + 1
    assert dated_rows(result.stdout)["税务注销"][3] == walk(start, 10).isoformat()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["hebei_deregistration", "--start", "2026-02-30"], "--start 应是日期"),
        (["hebei_deregistration", "--start", "0999-01-01"], "年份应在"),
        (["hebei_deregistraton", "--start", "2026-09-28"], "是否应为 `hebei_deregistration`"),
    ],
)
def test_yjs_plan_usage_errors_exit_2(args: list[str], words: str) -> None:
    result = plan(*args, str(HEBEI))
    assert result.exit_code == 2
    assert words in result.stderr


def test_yjs_plan_stops_on_spec_errors(tmp_path: Path) -> None:
    spec = tmp_path / "h.yaml"
    spec.write_text(HEBEI.read_text(encoding="utf-8").replace("promised: 10", "promised: 30"))
    (tmp_path / "stdlib").mkdir()
    result = plan("hebei_deregistration", "--start", "2026-09-28", str(spec))
    assert result.exit_code == 1
    assert "error[E502]" in result.stderr and "阶段" not in result.stdout


# --- artefacts --------------------------------------------------------------------------------


def test_routing_and_notice_keep_each_limit_in_its_unit(tmp_path: Path) -> None:
    shutil.copytree(CASES / "stdlib", tmp_path / "stdlib")
    spec = tmp_path / "u.yaml"
    spec.write_text(
        SPEC.replace("LEGAL", "60 自然日").replace("PROMISED", "4 小时"), encoding="utf-8"
    )
    result = compile_paths([spec], tmp_path)
    assert result.ok, [d.message for d in result.diagnostics]
    routing = json.loads(result.artifacts["units/routing.json"])
    [item] = routing["items"]
    assert item["days"] == {
        "legal": {"amount": 60, "unit": "自然日"},
        "promised": {"amount": 4, "unit": "小时"},
    }
    assert (item["start_day"], item["end_day"]) == (0, 1)  # 4 working hours: within a day
    notice = result.artifacts["units/notice.md"].decode("utf-8")
    assert "| 60 个自然日 | 4 小时 |" in notice
    assert "以自然日或小时计的承诺时限，按它最多可能占用的工作日数计入。" in notice
