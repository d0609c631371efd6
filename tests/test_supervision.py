"""supervision.json: the 电子监察 card points, 核查 and 容缺 deadlines, 好差评 points, and its schema.

Every generated supervision.json validates against the published _schemas/supervision.schema.json
(jsonschema, 2020-12); the card rule (compiler/supervision.py) is checked on each unit, and its
calendar timers against the holiday calendar they are meant to bound.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from test_scenarios import IDS

from compiler.durations import Limit, TimeUnit
from compiler.emit.schemas import SCHEMAS_DIR
from compiler.pipeline import CompileResult
from compiler.supervision import cards
from compiler.workdays import WorkCalendar, reference_starts

SCHEMA = f"{SCHEMAS_DIR}/supervision.schema.json"
WD, HOUR, NATURAL = TimeUnit.WORKING_DAY, TimeUnit.HOUR, TimeUnit.NATURAL_DAY


@dataclass(frozen=True, slots=True)
class Built:
    """The compiled scenarios with a one-line repr (a failure report prints test arguments)."""

    result: CompileResult = field(repr=False)

    def json(self, name: str) -> Any:
        return json.loads(self.result.artifacts[name])


@pytest.fixture(scope="module")
def built(real_scenarios: CompileResult) -> Built:
    return Built(real_scenarios)


@pytest.fixture(scope="module")
def validator(built: Built) -> Draft202012Validator:
    schema = built.json(SCHEMA)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_every_supervision_json_validates_against_the_published_schema(
    built: Built, validator: Draft202012Validator
) -> None:
    for sid in IDS:
        errors = [e.message for e in validator.iter_errors(built.json(f"{sid}/supervision.json"))]
        assert errors == [], sid


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (["items", 0, "red"], None),  # every item has a red card
        (["items", 0, "yellow", "unit"], "天"),  # units are the model's
        (["bundle", "accountable"], "长沙市卫生健康委员会"),  # an id, not a name
        (["evaluation", "grades"], [{"grade": 5, "name": "满意"}]),  # five grades
        (["items", 0, "surprise"], 1),  # no key the contract does not name
    ],
)
def test_the_schema_rejects_what_the_contract_does_not_allow(
    built: Built, validator: Draft202012Validator, path: list[Any], value: object
) -> None:
    document = copy.deepcopy(built.json("newborn/supervision.json"))
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert not validator.is_valid(document)


@pytest.mark.parametrize(
    ("promised", "yellow", "yellow_timer"),
    [
        (Limit(amount=5), (4, WD), "P3DT8H"),  # 80 % of 40 working hours: 32 = 4 days
        (Limit(amount=3), (19, HOUR), "P2DT3H"),  # 24 h → 19.2, rounded down
        (Limit(amount=1), (6, HOUR), "PT6H"),
        (Limit(amount=0), None, None),  # 即办: no earlier point to warn at
        (Limit(amount=4, unit=HOUR), (3, HOUR), "PT3H"),
        (Limit(amount=1, unit=HOUR), None, None),
        (Limit(amount=60, unit=NATURAL), (48, NATURAL), "P48D"),
        (Limit(amount=1, unit=NATURAL), None, None),
    ],
)
def test_yellow_card_at_80_percent_in_whole_working_hours_or_days(
    promised: Limit, yellow: tuple[int, TimeUnit] | None, yellow_timer: str | None
) -> None:
    points = cards(promised)
    assert points.red.limit == promised
    if yellow is None:
        assert points.yellow is None
        return
    assert points.yellow is not None
    assert (points.yellow.limit.amount, points.yellow.limit.unit) == yellow
    assert points.yellow.timer == yellow_timer


def _days(timer: str) -> int:
    match = re.fullmatch(r"P([0-9]+)D", timer)
    assert match, timer
    return int(match.group(1))


@pytest.mark.parametrize(
    "promised",
    [Limit(amount=0), Limit(amount=1), Limit(amount=5), Limit(amount=4, unit=HOUR),
     Limit(amount=15, unit=NATURAL), Limit(amount=0, unit=HOUR), Limit(amount=9, unit=HOUR),
     Limit(amount=16, unit=HOUR), Limit(amount=1, unit=NATURAL), Limit(amount=7, unit=NATURAL),
     Limit(amount=400, unit=NATURAL), Limit(amount=60), Limit(amount=700)],
)  # fmt: skip
def test_red_timer_never_fires_before_the_due_date_ends_and_is_reached_on_some_day(
    promised: Limit,
) -> None:
    """A red card is a sanction: on every application day of the calendar the timer ends no
    earlier than the end of the due date, and on the worst day exactly then. `cards` reads the
    due dates off one list of working days; `WorkCalendar.due`, start by start, is the rule it
    must agree with (limits that cross 春节 and 国庆, and beyond the announced years)."""
    days = _days(cards(promised).red.timer)
    calendar = WorkCalendar()
    ends = [(calendar.due(start, promised) - start).days + 1 for start in reference_starts()]
    assert max(ends) == days
    assert min(ends) < days or promised.amount == 0  # the bound is loose on ordinary weeks


def _iso(timer: str) -> dt.timedelta:
    match = re.fullmatch(r"P(?:([0-9]+)D)?(?:T([0-9]+)H)?", timer)
    assert match, timer
    return dt.timedelta(days=int(match.group(1) or 0), hours=int(match.group(2) or 0))


@pytest.mark.parametrize("promised", [Limit(amount=1), Limit(amount=3), Limit(amount=10)])
def test_yellow_timer_is_never_later_than_the_working_time_runs_out(promised: Limit) -> None:
    """A warning may come early, never late: started at 09:00 on any working day, with eight
    working hours a working day, the yellow point's hours run out no earlier than the timer,
    and exactly at it when the days run back to back (five working days do, every week)."""
    yellow = cards(promised).yellow
    assert yellow is not None and yellow.working_hours is not None
    timer, calendar = _iso(yellow.timer), WorkCalendar()
    gaps = []
    for start in reference_starts():
        opening = dt.datetime.combine(start, dt.time(9))
        days = [start, *calendar.working_days(start, start + dt.timedelta(days=60))]
        whole, rest = divmod(yellow.working_hours, 8)
        last, hours = (days[whole - 1], 8) if rest == 0 else (days[whole], rest)
        runs_out = dt.datetime.combine(last, dt.time(9)) + dt.timedelta(hours=hours)
        gaps.append(runs_out - (opening + timer))
    assert min(gaps) >= dt.timedelta(0)
    assert min(gaps) == dt.timedelta(0) or yellow.working_hours > 5 * 8


def test_item_deadlines_come_from_the_spec(built: Built) -> None:
    """容缺 makeup days, 告知承诺 核查 periods and the checking department, per item."""
    makeups, checks = 0, 0
    for sid in IDS:
        routing = built.json(f"{sid}/routing.json")
        supervision = built.json(f"{sid}/supervision.json")
        materials = {m["id"]: m for m in routing["materials"]}
        for item, routed in zip(supervision["items"], routing["items"], strict=True):
            assert (item["id"], item["accountable"]) == (routed["id"], routed["department"])
            assert item["promised"] == routed["days"]["promised"]
            deferred = [m for m in routed["materials"] if materials[m]["acceptance"] == "容缺后补"]
            assert [m["material"] for m in item["makeup"]] == deferred
            for makeup in item["makeup"]:
                assert makeup["within"]["amount"] == materials[makeup["material"]]["makeup_days"]
                makeups += 1
            if routed["pledge"] is not None:
                assert item["post_check"]["within"] == {
                    "amount": routed["pledge"]["check_within"],
                    "unit": routed["pledge"]["check_unit"],
                }
                assert item["post_check"]["checked_by"] == routed["pledge"]["checked_by"]
            for check in item["material_post_checks"]:
                pledge = materials[check["material"]]["pledge"]
                assert check["checked_by"] == (pledge and pledge["checked_by"])
                checks += 1
            assert [sp["name"] for sp in item["special_procedures"]] == [
                sp["name"] for sp in routed["special_procedures"]
            ]
    assert makeups >= 10 and checks >= 1  # the real scenarios state both kinds


def test_evaluation_points_one_per_item_and_one_for_the_bundle(built: Built) -> None:
    for sid in IDS:
        supervision = built.json(f"{sid}/supervision.json")
        points = supervision["evaluation"]["points"]
        assert [p["item"] for p in points[:-1]] == [i["id"] for i in supervision["items"]]
        assert {p["kind"] for p in points[:-1]} == {"一次一评"}
        assert points[-1]["kind"] == "一事一评"
        assert points[-1]["department"] == supervision["scenario"]["lead"]
        grades = supervision["evaluation"]["grades"]
        assert [g["name"] for g in grades] == [
            "非常满意",
            "满意",
            "基本满意",
            "不满意",
            "非常不满意",
        ]


def test_bundle_points_follow_the_promised_days(built: Built) -> None:
    for sid in IDS:
        supervision = built.json(f"{sid}/supervision.json")
        plan = built.result.plans[sid]
        bundle = supervision["bundle"]
        assert bundle["promised"] == {"amount": plan.scenario.promised_days, "unit": "工作日"}
        assert bundle["red"]["working_hours"] == 8 * plan.scenario.promised_days
        assert bundle["accountable"] == plan.lead.id
        assert bundle["critical_path_days"] == plan.total_days


def test_a_limit_the_calendar_does_not_count_has_no_card_points() -> None:
    """A 核查 period in months never reaches the card rule; if it did, that is a bug to raise,
    as WorkCalendar.due does, not a timer to guess."""
    with pytest.raises(ValueError, match="月"):
        cards(Limit(amount=2, unit=TimeUnit.MONTH))


def test_a_long_promise_has_an_exact_yellow_point_past_the_written_bound() -> None:
    """80 % of 1,581 working days is 10,118 working hours: more than a spec may write (3,650)
    in one limit, and still the point to warn at. The fuzz profile found the emitters crashing
    (E900) on it; the point is kept exact, in hours, and the timer counts the same hours."""
    yellow = cards(Limit(amount=1581)).yellow
    assert yellow is not None
    assert (yellow.limit.amount, yellow.limit.unit) == (10118, TimeUnit.HOUR)
    assert yellow.working_hours == 10118
    assert yellow.limit.text() == "10118 小时"
    whole_days = cards(Limit(amount=3650)).yellow  # 80 % is 2,920 whole days: days, as before
    assert whole_days is not None
    assert (whole_days.limit.amount, whole_days.limit.unit) == (2920, TimeUnit.WORKING_DAY)
