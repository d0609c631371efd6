"""Plan → process.bpmn: the bundle as an executable BPMN 2.0 process with its diagram.

The process (compiler/emit/bpmn_graph.py) is written with xml.etree, which escapes every text
and attribute: spec text (names, conditions, documentation) is data, so `<script>`, `&` and
`]]>` in a name stay characters. What a platform needs to run it:

* the applicant's answers go into the task data as `answers` (a dict keyed by situation and
  field id, JSON values, dates as ISO text) when 综合窗口受理 completes; gateway conditions are
  Python expressions over it (SpiffWorkflow's default script engine) and call the JsonLogic
  custom operations under the same names (`yjs_age` …), which the engine's globals provide;
* each item is a user task whose id is the item id, in its department's lane, with the
  department id as Flowable's `candidateGroups`;
* the yellow- and red-card timers are non-interrupting boundary events with an ISO 8601
  `timeDuration` written as a Python string (SpiffWorkflow evaluates it); the exact point in
  the platform's working calendar is `yjs:workingDays`, `yjs:workingHours` or
  `yjs:naturalDays` beside it, and `yjs:card` says which card (see compiler/supervision.py).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from compiler.conditions.python_expr import ANSWERS, functions_used
from compiler.durations import TimeUnit
from compiler.emit.bpmn_graph import LABEL_BAND, POOL_X, POOL_Y, Node, Process, build_process
from compiler.plan import Plan
from compiler.version import COMPILER_VERSION, FORMAT_VERSIONS

PROCESS = "process.bpmn"
BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
FLOWABLE = "http://flowable.org/bpmn"
YJS = "urn:yjs:bpmn"  # names yjs's extension attributes; nothing is fetched from it
NAMESPACES = {
    "bpmn": BPMN,
    "bpmndi": BPMNDI,
    "dc": DC,
    "di": DI,
    "xsi": XSI,
    "flowable": FLOWABLE,
    "yjs": YJS,
}
for _prefix, _uri in NAMESPACES.items():
    ET.register_namespace(_prefix, _uri)
ESCALATIONS = {"yellow": "黄牌预警", "red": "红牌（超过承诺时限）"}
# Characters XML 1.0 cannot carry at all; the spec's front-ends refuse control characters, so
# only a stray non-character could remain, and it is shown as U+FFFD rather than break the file.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_POINT_ATTRIBUTE = {
    TimeUnit.WORKING_DAY: "workingDays",
    TimeUnit.HOUR: "workingHours",
    TimeUnit.NATURAL_DAY: "naturalDays",
}


def emit_process(plan: Plan) -> dict[str, bytes]:
    process = build_process(plan)
    root = _element(
        "definitions",
        id=f"Definitions_{process.scenario}",
        targetNamespace=f"urn:yjs:scenario:{process.scenario}",
        exporter="yjs",
        exporterVersion=COMPILER_VERSION,
    )
    root.set(f"{{{YJS}}}formatVersion", FORMAT_VERSIONS[PROCESS])
    collaboration = _sub(root, "collaboration", id=f"Collaboration_{process.scenario}")
    _sub(
        collaboration,
        "participant",
        id=f"Participant_{process.scenario}",
        name=process.name,
        processRef=f"Process_{process.scenario}",
    )
    for card in process.cards:
        _sub(root, "escalation", id=_escalation(card), name=ESCALATIONS[card], escalationCode=card)
    element = _sub(root, "process", id=f"Process_{process.scenario}", name=process.name,
                   isExecutable="true")  # fmt: skip
    _sub(element, "documentation").text = _text(_contract(process))
    _semantics(element, process)
    _diagram(root, process)
    ET.indent(root, space="  ")
    text = ET.tostring(root, encoding="unicode", xml_declaration=False)
    return {PROCESS: ('<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n").encode("utf-8")}


def _contract(process: Process) -> str:
    """What a platform must provide to run the process, in the process's own documentation."""
    conditions = " ".join(f.condition for f in process.flows if f.condition is not None)
    functions = functions_used(conditions)
    needs = f"；条件调用的函数 {'、'.join(functions)} 由脚本引擎的全局变量提供" if functions else ""
    return (
        f"{process.name}（yjs 生成）。综合窗口受理完成时，把申请人的回答放入任务数据 {ANSWERS}"
        "（键为情形和字段标识，值为 JSON，日期为 ISO 文本，与 routing.json 中 JsonLogic 条件读取的数据相同）；"
        f"排他网关的条件是对它求值的 Python 表达式{needs}。"
        "计时边界事件的 timeDuration 是日历上的保守时长（黄牌不晚于、红牌不早于准确时刻），"
        "准确时刻见 yjs:workingDays、yjs:workingHours、yjs:naturalDays 和 supervision.json。"
    )


def _semantics(element: ET.Element, process: Process) -> None:
    lanes = _sub(element, "laneSet", id=f"LaneSet_{process.scenario}")
    for lane in process.lanes:
        lane_element = _sub(lanes, "lane", id=lane.id, name=lane.name)
        for nid in process.lane_nodes(lane):
            _sub(lane_element, "flowNodeRef").text = nid
    for node in process.nodes.values():
        _node(element, node)
    for flow in process.flows:
        flow_element = _sub(element, "sequenceFlow", id=flow.id)
        if flow.name:
            flow_element.set("name", _text(flow.name))
        flow_element.set("sourceRef", flow.source)
        flow_element.set("targetRef", flow.target)
        if flow.condition is not None:
            expression = _sub(flow_element, "conditionExpression", language="python")
            expression.set(f"{{{XSI}}}type", "bpmn:tFormalExpression")
            expression.text = _text(flow.condition)


def _node(parent: ET.Element, node: Node) -> None:
    element = _sub(parent, node.tag, id=node.id)
    if node.name:
        element.set("name", _text(node.name))
    if node.default is not None:
        element.set("default", node.default)
    if node.group is not None:
        element.set(f"{{{FLOWABLE}}}candidateGroups", node.group)
    if node.attached_to is not None:
        element.set("attachedToRef", node.attached_to)
        element.set("cancelActivity", "false")
    if node.documentation:
        _sub(element, "documentation").text = _text(node.documentation)
    for flow in node.incoming:
        _sub(element, "incoming").text = flow
    for flow in node.outgoing:
        _sub(element, "outgoing").text = flow
    if node.point is not None and node.card is not None:
        limit = node.point.limit
        element.set(f"{{{YJS}}}card", node.card)
        element.set(f"{{{YJS}}}{_POINT_ATTRIBUTE[limit.unit]}", str(limit.amount))
        timer = _sub(element, "timerEventDefinition", id=f"Timer_{node.id}")
        duration = _sub(timer, "timeDuration")
        duration.set(f"{{{XSI}}}type", "bpmn:tFormalExpression")
        duration.text = repr(node.point.timer)  # a Python string: SpiffWorkflow evaluates it
    elif node.tag == "endEvent" and node.card is not None:
        _sub(element, "escalationEventDefinition", id=f"Escalate_{node.id}",
             escalationRef=_escalation(node.card))  # fmt: skip


def _diagram(root: ET.Element, process: Process) -> None:
    diagram = _di(root, BPMNDI, "BPMNDiagram", id=f"Diagram_{process.scenario}")
    plane = _di(diagram, BPMNDI, "BPMNPlane", id=f"Plane_{process.scenario}",
                bpmnElement=f"Collaboration_{process.scenario}")  # fmt: skip
    participant = f"Participant_{process.scenario}"
    _shape(plane, participant, (POOL_X, POOL_Y, process.width, process.height), horizontal=True)
    for lane in process.lanes:
        bounds = (POOL_X + LABEL_BAND, lane.y, process.width - LABEL_BAND, lane.h)
        _shape(plane, lane.id, bounds, horizontal=True)
    for node in process.nodes.values():
        shape = _shape(plane, node.id, (node.x, node.y, node.w, node.h))
        if node.tag == "exclusiveGateway":
            shape.set("isMarkerVisible", "true")
    for flow in process.flows:
        edge = _di(plane, BPMNDI, "BPMNEdge", id=f"{flow.id}_di", bpmnElement=flow.id)
        for x, y in flow.waypoints:
            _di(edge, DI, "waypoint", x=str(x), y=str(y))


def _shape(
    plane: ET.Element, element: str, bounds: tuple[int, int, int, int], horizontal: bool = False
) -> ET.Element:
    shape = _di(plane, BPMNDI, "BPMNShape", id=f"{element}_di", bpmnElement=element)
    if horizontal:
        shape.set("isHorizontal", "true")
    x, y, w, h = bounds
    _di(shape, DC, "Bounds", x=str(x), y=str(y), width=str(w), height=str(h))
    return shape


def _escalation(card: str) -> str:
    return f"Escalation_{card}_card"


def _text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def _element(tag: str, **attributes: str) -> ET.Element:
    return ET.Element(f"{{{BPMN}}}{tag}", {k: _text(v) for k, v in attributes.items()})


def _sub(parent: ET.Element, tag: str, **attributes: str) -> ET.Element:
    return ET.SubElement(parent, f"{{{BPMN}}}{tag}", {k: _text(v) for k, v in attributes.items()})


def _di(parent: ET.Element, namespace: str, tag: str, **attributes: str) -> ET.Element:
    return ET.SubElement(parent, f"{{{namespace}}}{tag}", attributes)
