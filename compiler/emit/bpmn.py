"""Plan → process.bpmn: the bundle as an executable BPMN 2.0 process with its diagram.

The process (compiler/emit/bpmn_graph.py) is written line by line (compiler/emit/xml_writer.py,
the bytes ElementTree wrote before), which escapes every text and attribute: spec text (names,
conditions, documentation) is data, so `<script>`, `&` and `]]>` in a name stay characters.
What a platform needs to run it:

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

from compiler.conditions.python_expr import ANSWERS, functions_used
from compiler.durations import TimeUnit
from compiler.emit.bpmn_graph import LABEL_BAND, POOL_X, POOL_Y, Node, Process, build_process
from compiler.emit.xml_writer import XmlDocument, attributes, escape_attribute, escape_text
from compiler.plan import Plan
from compiler.version import COMPILER_VERSION, FORMAT_VERSIONS

PROCESS = "process.bpmn"
NAMESPACES = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "flowable": "http://flowable.org/bpmn",
    "yjs": "urn:yjs:bpmn",  # names yjs's extension attributes; nothing is fetched from it
}
ESCALATIONS = {"yellow": "黄牌预警", "red": "红牌（超过承诺时限）"}
_POINT_ATTRIBUTE = {
    TimeUnit.WORKING_DAY: "workingDays",
    TimeUnit.HOUR: "workingHours",
    TimeUnit.NATURAL_DAY: "naturalDays",
}
_FORMAL = ' xsi:type="bpmn:tFormalExpression"'


def emit_process(plan: Plan) -> dict[str, bytes]:
    doc = XmlDocument(NAMESPACES)
    _write(doc, build_process(plan))  # the process is let go before the file's bytes are joined
    return {PROCESS: doc.to_bytes()}


def _write(doc: XmlDocument, process: Process) -> None:
    sid, name = process.scenario, process.name
    doc.use("yjs")
    doc.start("bpmn:definitions", attributes(
        id=f"Definitions_{sid}", targetNamespace=f"urn:yjs:scenario:{sid}", exporter="yjs",
        exporterVersion=COMPILER_VERSION,
    ) + attributes(("yjs:formatVersion", FORMAT_VERSIONS[PROCESS])))  # fmt: skip
    doc.start("bpmn:collaboration", attributes(id=f"Collaboration_{sid}"))
    participant = attributes(id=f"Participant_{sid}", name=name, processRef=f"Process_{sid}")
    doc.leaf("bpmn:participant", participant)
    doc.end()
    for card in process.cards:
        escalation = attributes(id=_escalation(card), name=ESCALATIONS[card], escalationCode=card)
        doc.leaf("bpmn:escalation", escalation)
    doc.start("bpmn:process", attributes(id=f"Process_{sid}", name=name, isExecutable="true"))
    doc.leaf("bpmn:documentation", "", escape_text(_contract(process)))
    _semantics(doc, process)
    doc.end()
    _diagram(doc, process)
    doc.end()


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


def _semantics(doc: XmlDocument, process: Process) -> None:
    doc.start("bpmn:laneSet", attributes(id=f"LaneSet_{process.scenario}"))
    for lane, nodes in process.lane_nodes():
        doc.start("bpmn:lane", attributes(id=lane.id, name=lane.name))
        for nid in nodes:
            doc.leaf("bpmn:flowNodeRef", "", escape_text(nid))
        doc.end()
    doc.end()
    for node in process.nodes.values():
        _node(doc, node)
    for flow in process.flows:
        attrs = f' id="{escape_attribute(flow.id)}"'
        if flow.name:
            attrs += f' name="{escape_attribute(flow.name)}"'
        source, target = escape_attribute(flow.source), escape_attribute(flow.target)
        attrs += f' sourceRef="{source}" targetRef="{target}"'
        if flow.condition is None:
            doc.leaf("bpmn:sequenceFlow", attrs)
            continue
        doc.use("xsi")
        doc.start("bpmn:sequenceFlow", attrs)
        doc.leaf(
            "bpmn:conditionExpression", ' language="python"' + _FORMAL, escape_text(flow.condition)
        )
        doc.end()


def _node(doc: XmlDocument, node: Node) -> None:
    nid = escape_attribute(node.id)
    attrs = f' id="{nid}"'
    if node.name:
        attrs += f' name="{escape_attribute(node.name)}"'
    if node.default is not None:
        attrs += f' default="{escape_attribute(node.default)}"'
    if node.group is not None:
        doc.use("flowable")
        attrs += f' flowable:candidateGroups="{escape_attribute(node.group)}"'
    if node.attached_to is not None:
        attrs += f' attachedToRef="{escape_attribute(node.attached_to)}" cancelActivity="false"'
    point = node.point if node.card is not None else None
    if point is not None:
        unit, amount = _POINT_ATTRIBUTE[point.limit.unit], escape_attribute(str(point.limit.amount))
        attrs += f' yjs:card="{escape_attribute(node.card or "")}" yjs:{unit}="{amount}"'
    doc.start(f"bpmn:{node.tag}", attrs)
    if node.documentation:
        doc.leaf("bpmn:documentation", "", escape_text(node.documentation))
    for flow in node.incoming:
        doc.leaf("bpmn:incoming", "", escape_text(flow))
    for flow in node.outgoing:
        doc.leaf("bpmn:outgoing", "", escape_text(flow))
    if point is not None:
        doc.use("xsi")
        doc.start("bpmn:timerEventDefinition", f' id="Timer_{nid}"')
        # a Python string: SpiffWorkflow evaluates it
        doc.leaf("bpmn:timeDuration", _FORMAL, escape_text(repr(point.timer)))
        doc.end()
    elif node.tag == "endEvent" and node.card is not None:
        escalation = attributes(id=f"Escalate_{node.id}", escalationRef=_escalation(node.card))
        doc.leaf("bpmn:escalationEventDefinition", escalation)
    doc.end()


def _diagram(doc: XmlDocument, process: Process) -> None:
    sid = process.scenario
    doc.start("bpmndi:BPMNDiagram", attributes(id=f"Diagram_{sid}"))
    doc.start("bpmndi:BPMNPlane", attributes(id=f"Plane_{sid}", bpmnElement=f"Collaboration_{sid}"))
    horizontal = ' isHorizontal="true"'
    pool = escape_attribute(f"Participant_{sid}")
    _shape(doc, pool, horizontal, POOL_X, POOL_Y, process.width, process.height)
    for lane in process.lanes:
        lid = escape_attribute(lane.id)
        _shape(
            doc, lid, horizontal, POOL_X + LABEL_BAND, lane.y, process.width - LABEL_BAND, lane.h
        )
    for node in process.nodes.values():
        marker = ' isMarkerVisible="true"' if node.tag == "exclusiveGateway" else ""
        _shape(doc, escape_attribute(node.id), marker, node.x, node.y, node.w, node.h)
    for flow in process.flows:
        fid = escape_attribute(flow.id)
        doc.start("bpmndi:BPMNEdge", f' id="{fid}_di" bpmnElement="{fid}"')
        for x, y in flow.waypoints:
            doc.leaf("di:waypoint", f' x="{x}" y="{y}"')
        doc.end()
    doc.end()
    doc.end()


def _shape(doc: XmlDocument, ref: str, extra: str, x: int, y: int, w: int, h: int) -> None:
    """A shape's DI: `ref` is the escaped id of the element it draws."""
    doc.start("bpmndi:BPMNShape", f' id="{ref}_di" bpmnElement="{ref}"{extra}')
    doc.leaf("dc:Bounds", f' x="{x}" y="{y}" width="{w}" height="{h}"')
    doc.end()


def _escalation(card: str) -> str:
    return f"Escalation_{card}_card"
