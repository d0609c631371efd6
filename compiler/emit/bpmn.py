"""Plan → process.bpmn: the bundle as an executable BPMN 2.0 process with its diagram.

The process (compiler/emit/bpmn_graph.py) is written element by element, each with its children
as one string of indented lines (compiler/emit/xml_writer.py, `blocks`: the bytes ElementTree
wrote before, which tests/test_process_bpmn.py checks by rewriting every process through it),
with every text and attribute escaped by xml_writer: spec text (names, conditions,
documentation) is data, so `<script>`, `&` and `]]>` in a name stay characters.
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

import re
from collections.abc import Callable
from itertools import chain

from compiler.conditions.python_expr import ANSWERS, functions_used
from compiler.durations import TimeUnit
from compiler.emit.bpmn_graph import (
    LABEL_BAND,
    POOL_X,
    POOL_Y,
    Flow,
    Lane,
    Node,
    Process,
    build_process,
)
from compiler.emit.xml_writer import (
    INDENT,
    XmlDocument,
    attributes,
    escape_attribute,
    escape_text,
)
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
_PLAIN = re.compile(r"[A-Za-z0-9_.\-]*")  # what no XML escape changes: letters, digits, _ . -


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
    # `attr` escapes ids and names for attributes, `text` ids for text (and nothing else)
    attr, text = _Escaped(escape_attribute), _Escaped(escape_text)
    ids = [*process.nodes, *(flow.id for flow in process.flows)]
    if _PLAIN.fullmatch("".join(ids)) is not None:  # nothing in them any escape changes
        attr.update(zip(ids, ids, strict=True))
        text = attr  # one dict of 20,000 ids at 2,000 items, not two (peak memory)
    del ids
    _semantics(doc, process, attr, text)
    doc.end()
    _diagram(doc, process, attr)
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


def _semantics(doc: XmlDocument, process: Process, attr: _Escaped, text: _Escaped) -> None:
    nodes = process.nodes.values()
    if any(node.group is not None for node in nodes):
        doc.use("flowable")
    if any(n.card is not None and n.point is not None for n in nodes) or any(
        flow.condition is not None for flow in process.flows
    ):
        doc.use("xsi")  # xsi:type of the timers' durations and the flows' conditions
    doc.start("bpmn:laneSet", attributes(id=f"LaneSet_{process.scenario}"))
    p = doc.pad
    doc.blocks(_lane(lane, refs, text, p) for lane, refs in process.lane_nodes())
    doc.end()
    p = doc.pad
    q, r = p + INDENT, p + 2 * INDENT
    doc.blocks(_node(node, attr, text, p, q, r) for node in nodes)
    doc.blocks(_flow(flow, attr, p, q) for flow in process.flows)


def _lane(lane: Lane, nodes: list[str], text: _Escaped, p: str) -> str:
    head = f"{p}<bpmn:lane{attributes(id=lane.id, name=lane.name)}"
    if not nodes:
        return head + " />"
    q = p + INDENT
    refs = [f"{q}<bpmn:flowNodeRef>{text[nid]}</bpmn:flowNodeRef>" for nid in nodes]
    return f"{head}>\n" + "\n".join(refs) + f"\n{p}</bpmn:lane>"


def _node(node: Node, attr: _Escaped, text: _Escaped, p: str, q: str, r: str) -> str:
    """The node's element with its children, as lines indented by `p` (children `q`, `r`).

    Built by `+=` (CPython extends the string in place), not by joining lists: a node has one
    to four children, and a join per node and kind of child was a fifth of emit_process."""
    nid = attr[node.id]
    head = f'{p}<bpmn:{node.tag} id="{nid}"'
    if node.name:
        head += f' name="{attr[node.name]}"'
    if node.default is not None:
        head += f' default="{attr[node.default]}"'
    if node.group is not None:
        head += f' flowable:candidateGroups="{attr[node.group]}"'
    if node.attached_to is not None:
        head += f' attachedToRef="{attr[node.attached_to]}" cancelActivity="false"'
    point = node.point if node.card is not None else None
    if point is not None:
        unit, amount = _POINT_ATTRIBUTE[point.limit.unit], attr[str(point.limit.amount)]
        head += f' yjs:card="{attr[node.card or ""]}" yjs:{unit}="{amount}"'
    body = ""
    if node.documentation:
        body = "\n" + _leaf(q, "bpmn:documentation", "", node.documentation)
    for flow in node.incoming:
        body += f"\n{q}<bpmn:incoming>{text[flow]}</bpmn:incoming>"
    for flow in node.outgoing:
        body += f"\n{q}<bpmn:outgoing>{text[flow]}</bpmn:outgoing>"
    if point is not None:
        # a Python string: SpiffWorkflow evaluates it
        duration = escape_text(repr(point.timer))  # a repr: never empty, never `<… />`
        body += f'\n{q}<bpmn:timerEventDefinition id="Timer_{nid}">\n'
        body += f"{r}<bpmn:timeDuration{_FORMAL}>{duration}</bpmn:timeDuration>\n"
        body += f"{q}</bpmn:timerEventDefinition>"
    elif node.tag == "endEvent" and node.card is not None:
        # escaping is per character, so the escaped id inside a prefixed one is that one's
        escalation = f' id="Escalate_{nid}" escalationRef="{attr[_escalation(node.card)]}"'
        body += f"\n{q}<bpmn:escalationEventDefinition{escalation} />"
    return f"{head}>{body}\n{p}</bpmn:{node.tag}>" if body else head + " />"


def _flow(flow: Flow, attr: _Escaped, p: str, q: str) -> str:
    head = f'{p}<bpmn:sequenceFlow id="{attr[flow.id]}"'
    if flow.name:
        head += f' name="{attr[flow.name]}"'
    head += f' sourceRef="{attr[flow.source]}" targetRef="{attr[flow.target]}"'
    if flow.condition is None:
        return head + " />"
    condition = _leaf(q, "bpmn:conditionExpression", ' language="python"' + _FORMAL, flow.condition)
    return f"{head}>\n{condition}\n{p}</bpmn:sequenceFlow>"


def _leaf(pad: str, tag: str, attrs: str, content: str) -> str:
    """An element whose only child is `content`, text escaped here (empty: `<tag />`)."""
    escaped = escape_text(content)
    return f"{pad}<{tag}{attrs}>{escaped}</{tag}>" if escaped else f"{pad}<{tag}{attrs} />"


def _diagram(doc: XmlDocument, process: Process, attr: _Escaped) -> None:
    sid = process.scenario
    doc.start("bpmndi:BPMNDiagram", attributes(id=f"Diagram_{sid}"))
    doc.start("bpmndi:BPMNPlane", attributes(id=f"Plane_{sid}", bpmnElement=f"Collaboration_{sid}"))
    doc.use("dc")
    p = doc.pad
    q = p + INDENT
    horizontal = ' isHorizontal="true"'
    pool = escape_attribute(f"Participant_{sid}")
    shapes = [(pool, horizontal, POOL_X, POOL_Y, process.width, process.height)]
    shapes += [
        (escape_attribute(lane.id), horizontal, POOL_X + LABEL_BAND, lane.y,
         process.width - LABEL_BAND, lane.h)
        for lane in process.lanes
    ]  # fmt: skip
    nodes = process.nodes.values()
    markers = {"exclusiveGateway": ' isMarkerVisible="true"'}
    shapes_of_nodes = ((attr[n.id], markers.get(n.tag, ""), n.x, n.y, n.w, n.h) for n in nodes)
    # `ref` is the escaped id of the element a shape draws
    doc.blocks(
        f'{p}<bpmndi:BPMNShape id="{ref}_di" bpmnElement="{ref}"{extra}>\n'
        f'{q}<dc:Bounds x="{x}" y="{y}" width="{w}" height="{h}" />\n{p}</bpmndi:BPMNShape>'
        for ref, extra, x, y, w, h in chain(shapes, shapes_of_nodes)
    )
    if process.flows:
        doc.use("di")
    doc.blocks(_edge(attr[flow.id], flow.waypoints, p, q) for flow in process.flows)
    doc.end()
    doc.end()


def _edge(fid: str, waypoints: list[tuple[int, int]], p: str, q: str) -> str:
    edge = f'{p}<bpmndi:BPMNEdge id="{fid}_di" bpmnElement="{fid}"'
    if not waypoints:
        return edge + " />"
    edge += ">"
    for x, y in waypoints:
        edge += f'\n{q}<di:waypoint x="{x}" y="{y}" />'
    return f"{edge}\n{p}</bpmndi:BPMNEdge>"


class _Escaped(dict[str, str]):
    """Text → its escaped form, each text escaped once, the first time it is asked for.

    The ids of nodes and flows are each written three to five times (the element, its shape or
    edge, the flows and lanes naming it), and the names of timers, their ends and gateways
    repeat across items: at 2,000 items `escape_attribute` was called 480,000 times, a tenth of
    emit_process. A hit is a plain dict lookup. Ids are spec ids (`[a-z][a-z0-9_]*`) with fixed
    prefixes, which no escape changes: `_write` checks that with one expression over all of
    them and enters them as they are (a first lookup through `__missing__` and an escape per
    id was the largest cost left on the real bundles, about 250 ids each)."""

    def __init__(self, escape: Callable[[str], str]) -> None:
        super().__init__()
        self.escape = escape

    def __missing__(self, key: str) -> str:
        value = self[key] = self.escape(key)
        return value


def _escalation(card: str) -> str:
    return f"Escalation_{card}_card"
