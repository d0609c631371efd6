"""process.bpmn: valid BPMN 2.0, complete for modellers, and runnable as routing.json says.

Every scenario's process passes SpiffWorkflow's XSD validator and runs to completion for three
answer sets derived from its answer space (compiler/answers.py); the item tasks it reaches are
exactly the items whose `when` in routing.json holds for those answers (by a third-party
JsonLogic engine, and by our own evaluator). bpmnlint's recommended rules report nothing.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bpmn_runner import WINDOW_TASKS, parse, run, start
from condition_helpers import needs_json_logic, run_jsonlogic
from sample_project import NB_YAML, PROJECT_FILES, write_project
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.util.task import TaskState
from test_scenarios import IDS
from typer.testing import CliRunner

from cli import app
from compiler.answers import Answers, answer_samples
from compiler.emit import bpmn
from compiler.emit.bpmn import NAMESPACES, emit_process
from compiler.pipeline import CompileResult

ROOT = Path(__file__).resolve().parents[1]
BPMNLINT = ROOT / "node_modules" / ".bin" / "bpmnlint"
NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
}
FLOWABLE_GROUPS = "{http://flowable.org/bpmn}candidateGroups"
FLOW_NODES = (
    "startEvent", "endEvent", "userTask", "exclusiveGateway", "parallelGateway", "boundaryEvent",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Built:
    """The compiled scenarios with a one-line repr: a failure report prints test arguments, and
    the full CompileResult takes minutes to print."""

    result: CompileResult = field(repr=False)

    @property
    def artifacts(self) -> dict[str, bytes]:
        return self.result.artifacts


@pytest.fixture(scope="module")
def built(real_scenarios: CompileResult) -> Built:
    return Built(real_scenarios)


def routed_items(routing: dict, answers: dict[str, object], today: dt.date) -> list[str]:
    """The items routing.json says apply: `when` absent, or its JsonLogic holds."""
    return [
        item["id"]
        for item in routing["items"]
        if item["when"] is None or run_jsonlogic(item["when"]["jsonlogic"], answers, today) is True
    ]


def assert_runs_as_routed(built: Built, sid: str, answer_sets: list[dict[str, object]]) -> None:
    artifacts, analysis = built.artifacts, built.result.analyses[sid]
    spec = parse(artifacts[f"{sid}/process.bpmn"], sid)
    routing = json.loads(artifacts[f"{sid}/routing.json"])
    today = analysis.bundle.scenario.batch
    for answers in answer_sets:
        expected = routed_items(routing, answers, today)
        assert sorted(expected) == sorted(Answers(analysis, answers, today).items())
        outcome = run(spec, answers, today)
        assert outcome.completed, answers
        assert sorted(outcome.items) == sorted(expected), answers


@needs_json_logic
@pytest.mark.parametrize("sid", IDS)
def test_process_runs_to_completion_reaching_the_routed_items(sid: str, built: Built) -> None:
    samples = [answers for _, answers in answer_samples(built.result.analyses[sid])]
    assert len(samples) == 3
    assert_runs_as_routed(built, sid, samples)


def test_answer_samples_answer_every_situation_both_ways(built: Built) -> None:
    """Across the three sets each yes/no situation is answered yes and no, so every
    conditional item is both reached and passed by somewhere."""
    for sid, analysis in built.result.analyses.items():
        samples = [answers for _, answers in answer_samples(analysis)]
        for situation in analysis.bundle.scenario.situations:
            given = {answers[situation.id] for answers in samples}
            wanted = {True, False} if not situation.choices else {situation.choices[0]}
            assert wanted <= given, (sid, situation.id)


def _exhaustive(built: Built, sid: str) -> list[dict[str, object]]:
    """Every combination of situation answers (at most 64), the fields at their first sample
    value, plus the answers of the scenario's own spec tests and an empty intake."""
    analysis = built.result.analyses[sid]
    spec = analysis.bundle.scenario
    base = answer_samples(analysis)[0][1]
    domains = [list(s.choices) or [True, False] for s in spec.situations]
    combos = list(itertools.islice(itertools.product(*domains), 64))
    sets = [{**base, **dict(zip([s.id for s in spec.situations], c, strict=True))} for c in combos]
    sets += [dict(t.answers) for t in spec.tests]
    return [*sets, {}]


@pytest.mark.slow
@needs_json_logic
@pytest.mark.parametrize("sid", IDS)
def test_process_runs_as_routed_for_every_answer_set(sid: str, built: Built) -> None:
    assert_runs_as_routed(built, sid, _exhaustive(built, sid))


@pytest.mark.parametrize("sid", IDS)
def test_process_is_complete_for_modellers_and_platforms(sid: str, built: Built) -> None:
    """incoming/outgoing on every node, DI for every element, lanes, ids and candidateGroups."""
    root = ET.fromstring(built.artifacts[f"{sid}/process.bpmn"])
    routing = json.loads(built.artifacts[f"{sid}/routing.json"])
    process = root.find("bpmn:process", NS)
    assert process is not None and process.get("isExecutable") == "true"
    nodes = {el.get("id"): el for tag in FLOW_NODES for el in process.findall(f"bpmn:{tag}", NS)}
    flows = process.findall("bpmn:sequenceFlow", NS)
    for node_id, element in nodes.items():
        incoming = [e.text for e in element.findall("bpmn:incoming", NS)]
        outgoing = [e.text for e in element.findall("bpmn:outgoing", NS)]
        assert sorted(incoming) == sorted(
            f.get("id") for f in flows if f.get("targetRef") == node_id
        )
        assert sorted(outgoing) == sorted(
            f.get("id") for f in flows if f.get("sourceRef") == node_id
        )
        assert incoming or element.tag.endswith(("startEvent", "boundaryEvent")), node_id
        assert outgoing or element.tag.endswith("endEvent"), node_id
    shapes = {s.get("bpmnElement"): s for s in root.iter(f"{{{NS['bpmndi']}}}BPMNShape")}
    edges = {e.get("bpmnElement") for e in root.iter(f"{{{NS['bpmndi']}}}BPMNEdge")}
    lanes = process.findall("bpmn:laneSet/bpmn:lane", NS)
    assert set(shapes) == set(nodes) | {f"Participant_{sid}"} | {lane.get("id") for lane in lanes}
    assert edges == {f.get("id") for f in flows}
    in_lane = [ref.text for lane in lanes for ref in lane.findall("bpmn:flowNodeRef", NS)]
    assert sorted(in_lane) == sorted(nodes)  # every node in exactly one lane
    lane_of = {ref.text: lane.get("id") for lane in lanes for ref in lane}
    column: dict[int, set[str | None]] = {}
    for item in routing["items"]:
        task = nodes[item["id"]]  # the task's id is the item's id
        assert task.tag == f"{{{NS['bpmn']}}}userTask"
        assert task.get("name") == item["name"]
        assert task.get(FLOWABLE_GROUPS) == item["department"]
        assert lane_of[item["id"]] == f"Lane_{item['department']}"
        column.setdefault(item["stage"], set()).add(shapes[item["id"]][0].get("x"))
    xs = [float(next(iter(column[stage]))) for stage in sorted(column)]
    assert all(len(found) == 1 for found in column.values()) and xs == sorted(set(xs))


def test_timers_fire_at_the_supervision_points_without_stopping_the_item(
    built: Built,
) -> None:
    """The yellow card of 出生医学证明签发 (1 working day: yellow at 6 working hours) is timed
    as supervision.json says; fired, it raises its escalation and the item still runs."""
    supervision = json.loads(built.artifacts["newborn/supervision.json"])
    item = next(i for i in supervision["items"] if i["id"] == "birth_certificate_issue")
    assert item["promised"] == {"amount": 1, "unit": "工作日"}
    assert (item["yellow"]["amount"], item["yellow"]["unit"], item["yellow"]["timer"]) == (
        6, "小时", "PT6H",
    )  # fmt: skip
    spec = parse(built.artifacts["newborn/process.bpmn"], "newborn")
    workflow = start(spec, {}, dt.date(2024, 6, 1))
    timers = {t.task_spec.bpmn_id: t for t in workflow.get_tasks(state=TaskState.WAITING)}
    yellow = timers["Yellow_birth_certificate_issue"]
    due = dt.datetime.fromisoformat(yellow._get_internal_data("event_value"))
    assert abs(due - dt.datetime.now(dt.UTC) - dt.timedelta(hours=6)) < dt.timedelta(minutes=5)
    past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    yellow._set_internal_data(event_value=past.isoformat())
    workflow.refresh_timers()
    workflow.do_engine_steps()
    states = {t.task_spec.bpmn_id: t.state for t in workflow.get_tasks()}
    assert states["YellowEnd_birth_certificate_issue"] == TaskState.COMPLETED
    assert states["birth_certificate_issue"] == TaskState.READY  # non-interrupting
    assert states["Red_birth_certificate_issue"] == TaskState.WAITING
    for _ in range(20):
        ready = workflow.get_tasks(state=TaskState.READY, manual=True)
        for task in ready:
            task.run()
        workflow.do_engine_steps()
    assert workflow.is_completed()


def test_timers_match_supervision_json_in_every_scenario(built: Built) -> None:
    for sid in IDS:
        root = ET.fromstring(built.artifacts[f"{sid}/process.bpmn"])
        supervision = json.loads(built.artifacts[f"{sid}/supervision.json"])
        found = {}
        for event in root.iter(f"{{{NS['bpmn']}}}boundaryEvent"):
            duration = event.find("bpmn:timerEventDefinition/bpmn:timeDuration", NS)
            assert duration is not None and event.get("cancelActivity") == "false"
            amount = [v for k, v in event.attrib.items() if k.startswith("{urn:yjs:bpmn}") and
                      k.endswith(("Days", "Hours"))]  # fmt: skip
            found[(event.get("attachedToRef"), event.get("{urn:yjs:bpmn}card"))] = (
                duration.text,
                amount,
            )
        expected = {
            (item["id"], card): (repr(item[card]["timer"]), [str(item[card]["amount"])])
            for item in supervision["items"]
            for card in ("yellow", "red")
            if item[card] is not None
        }
        assert found == expected, sid


HOSTILE = "<script>alert('x')</script> ]]> & \"引号\""


def test_spec_text_is_escaped_and_the_process_still_runs(project: Path) -> None:
    """Names, a department and a condition's choice with markup, `]]>` and `&` stay text."""
    spec = (
        NB_YAML.replace("name: 医保参保", f"name: '医保参保{HOSTILE.replace(chr(39), chr(39) * 2)}'")
        .replace("{id: join_mi, question: 是否参保？}",
                 "{id: join_mi, question: 是否参保？}\n  - {id: kind, question: 类别？, type: choice, "
                 "choices: ['甲]]>&', '<b>乙</b>']}")
        .replace("when: join_mi", "when: join_mi and kind == '甲]]>&'")
    )  # fmt: skip
    base = PROJECT_FILES["stdlib/base.yaml"].replace("name: 长沙市医疗保障局", "name: '医保局 <&>'")
    write_project(project, {"scenarios/nb.yaml": spec, "stdlib/base.yaml": base})
    result = CliRunner().invoke(app, ["build"])
    assert result.exit_code == 0, result.output
    data = (project / "generated" / "nb" / "process.bpmn").read_bytes()
    assert b"<script>" not in data and b"]]>" not in data
    root = ET.fromstring(data)
    names = {el.get("id"): el.get("name") for el in root.iter() if el.get("name")}
    assert names["c"] == f"医保参保{HOSTILE}"
    assert names["Lane_mi"] == "医保局 <&>"
    assert element_tree_bytes(data) == data  # escaped exactly as ElementTree escapes
    process = parse(data, "nb")  # the XSD accepts it
    for kind, reached in [("甲]]>&", ["a", "b", "c"]), ("<b>乙</b>", ["a", "b"])]:
        outcome = run(process, {"join_mi": True, "kind": kind}, dt.date(2024, 6, 1))
        assert outcome.completed and outcome.items == reached


def element_tree_bytes(data: bytes) -> bytes:
    """`data` parsed and written again by ElementTree (indented by two spaces): what
    emit_process wrote when it built an ElementTree, and what its text writer must match."""
    for prefix, uri in NAMESPACES.items():
        ET.register_namespace(prefix, uri)
    root = ET.fromstring(data)
    ET.indent(root, space="  ")
    text = ET.tostring(root, encoding="unicode", xml_declaration=False)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n").encode("utf-8")


def test_every_process_is_what_element_tree_writes(built: Built) -> None:
    """emit_process writes each element (with its children) as one string of indented lines;
    byte for byte that is ElementTree's own serialisation of the same tree: the escapes, the
    empty elements, the indentation and the namespaces declared."""
    for sid in IDS:
        data = built.artifacts[f"{sid}/process.bpmn"]
        assert element_tree_bytes(data) == data, sid


def test_ids_entered_unescaped_are_what_escaping_them_gives(
    built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Spec ids need no escaping, and emit_process enters them as they are after checking so;
    with that check failing every id is escaped on first use, and the bytes are the same."""
    plans = built.result.plans
    written = {sid: emit_process(plans[sid])["process.bpmn"] for sid in IDS[:5]}
    monkeypatch.setattr(bpmn, "_PLAIN", re.compile("(?!)"))  # matches nothing
    assert {sid: emit_process(plans[sid])["process.bpmn"] for sid in IDS[:5]} == written


def test_the_xsd_validator_rejects_a_broken_process(built: Built) -> None:
    """The validator is really on: an element BPMN does not have fails the parse."""
    data = built.artifacts["newborn/process.bpmn"].replace(
        b"<bpmn:laneSet", b"<bpmn:swimlane/><bpmn:laneSet", 1
    )
    with pytest.raises(ValidationException):
        parse(data, "newborn")


def _bpmnlint(files: list[Path]) -> subprocess.CompletedProcess[str]:
    if not BPMNLINT.exists():
        if os.environ.get("CI"):
            pytest.fail("node_modules/.bin/bpmnlint is missing: .ci/run must `npm ci` first")
        pytest.skip("bpmnlint is not installed here: run `npm ci` (CI does) to lint process.bpmn")
    command = [str(BPMNLINT), "--config", str(ROOT / ".bpmnlintrc"), *map(str, files)]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_bpmnlint_recommended_rules_report_nothing(built: Built, tmp_path: Path) -> None:
    files = []
    for name, data in built.artifacts.items():
        if name.endswith("/process.bpmn"):
            files.append(tmp_path / f"{name.split('/')[0]}.bpmn")
            files[-1].write_bytes(data)
    assert len(files) == len(IDS)
    lint = _bpmnlint(files)
    assert (lint.returncode, (lint.stdout + lint.stderr).strip()) == (0, "")


def test_bpmnlint_reports_a_task_without_a_name(built: Built, tmp_path: Path) -> None:
    """The lint can fail: an unnamed task is a label-required error."""
    broken = tmp_path / "broken.bpmn"
    data = built.artifacts["newborn/process.bpmn"]
    unnamed = data.replace('name="统一出件"'.encode(), b"", 1)
    assert unnamed != data
    broken.write_bytes(unnamed)
    lint = _bpmnlint([broken])
    assert lint.returncode == 1
    assert "Delivery" in lint.stdout and "label-required" in lint.stdout


def test_window_tasks_are_the_bundle_lead_s(built: Built) -> None:
    for sid in IDS:
        root = ET.fromstring(built.artifacts[f"{sid}/process.bpmn"])
        lead = built.result.plans[sid].lead.id
        lane = root.find(f".//bpmn:lane[@id='Lane_{lead}']", NS)
        assert lane is not None
        refs = {ref.text for ref in lane}
        assert set(WINDOW_TASKS) <= refs, sid


def test_conditions_calling_functions_run_with_the_custom_operations(project: Path) -> None:
    """`age(...)` becomes `yjs_age(...)`: the process says which functions the engine must
    provide, and with custom_operations as its globals the gateway decides by the answer."""
    spec = NB_YAML.replace("when: join_mi", "when: join_mi and age(mother_id) >= 18")
    write_project(project, {**PROJECT_FILES, "scenarios/nb.yaml": spec})
    result = CliRunner().invoke(app, ["build"])
    assert result.exit_code == 0, result.output
    data = (project / "generated" / "nb" / "process.bpmn").read_bytes()
    documentation = ET.fromstring(data).find("bpmn:process/bpmn:documentation", NS)
    assert documentation is not None and documentation.text is not None
    assert "answers" in documentation.text and "yjs_age、yjs_today" in documentation.text
    process = parse(data, "nb")
    adult, minor = "430102199001011234", "430102201501011234"
    today = dt.date(2024, 6, 1)
    assert run(process, {"join_mi": True, "mother_id": adult}, today).items == ["a", "b", "c"]
    assert run(process, {"join_mi": True, "mother_id": minor}, today).items == ["a", "b"]
    assert run(process, {"join_mi": True}, today).items == ["a", "b"]  # unanswered: false
