"""Plan → the process behind process.bpmn: nodes, flows, lanes, and where each is drawn.

The flow follows the item graph, not only the stages: an item starts when every item it
waits for (`needs`: for a result, or written `after`) has finished, through a parallel join
when it waits for several, and a parallel fork hands its end to every item waiting for it.
Items waiting for nothing start from the 综合窗口受理 task; items nobody waits for end in
统一出件. A conditional item sits between an exclusive split, whose condition is the item's
`when` as a Python expression (compiler/conditions/python_expr.py), and an exclusive merge;
the split's default flow passes it by. Each item task carries a non-interrupting timer at its
yellow-card and red-card points (compiler/supervision.py), each leading to an escalation end.

Layout (diagram interchange): one pool, one lane per department (the lead's first: it holds the
window, the delivery and the bundle's gateways), stages as columns and, inside a lane, one row
per item of the same stage. Every slot has a fixed size, so no two shapes overlap.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from compiler.conditions.format import format_condition
from compiler.conditions.python_expr import to_python
from compiler.durations import Limit, TimeUnit
from compiler.plan import Plan, PlannedItem
from compiler.supervision import CardPoint, cards

# Shape sizes, as bpmn-js draws them.
TASK_W, TASK_H, GATEWAY, EVENT = 100, 80, 50, 36
POOL_X, POOL_Y, LABEL_BAND = 100, 60, 30  # a pool and each lane keep a band for their name
CONTENT_X = POOL_X + 2 * LABEL_BAND + 30
ROW_H = 220  # bypass channel 40, task 80, timers and their ends 100
# Column slots, from the left of a column: an item's join, split, task, merge and fork.
JOIN, SPLIT, TASK, MERGE, FORK = 0, 90, 180, 320, 410
STAGE_W = 500
INTAKE_W, DELIVERY_W = 310, 310
TASK_TOP = 40  # a task's top, from its row's top
CENTRE = TASK_TOP + TASK_H // 2
CARD_NAMES = {"yellow": "黄牌", "red": "红牌"}
_RAISED = {card: f"亮{name}" for card, name in CARD_NAMES.items()}  # an escalation end's name


@dataclass(slots=True)
class Node:
    id: str
    tag: str  # the BPMN element: userTask, exclusiveGateway, boundaryEvent …
    name: str
    lane: str  # department id
    x: int
    y: int
    w: int
    h: int
    documentation: str | None = None
    group: str | None = None  # user task: flowable:candidateGroups
    attached_to: str | None = None  # boundary event: its task
    card: str | None = None  # boundary event or escalation end: "yellow" or "red"
    point: CardPoint | None = None  # boundary event: when it fires
    default: str | None = None  # exclusive split: its default flow
    incoming: list[str] = field(default_factory=list)
    outgoing: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Flow:
    id: str
    source: str
    target: str
    waypoints: list[tuple[int, int]]
    name: str | None = None
    condition: str | None = None  # a Python expression over the task data


@dataclass(frozen=True, slots=True)
class Lane:
    id: str
    department: str
    name: str
    y: int
    h: int


@dataclass(slots=True)
class Process:
    scenario: str
    name: str
    lanes: list[Lane]
    nodes: dict[str, Node]
    flows: list[Flow]
    width: int  # of the pool
    height: int

    def lane_nodes(self) -> list[tuple[Lane, list[str]]]:
        """Each lane with the ids of its nodes, in node order (one pass: a lane per department
        times every node was quadratic in a bundle with many departments)."""
        nodes: dict[str, list[str]] = {lane.department: [] for lane in self.lanes}
        for node in self.nodes.values():
            nodes[node.lane].append(node.id)
        return [(lane, nodes[lane.department]) for lane in self.lanes]

    @property
    def cards(self) -> list[str]:
        """The escalations the process raises, in a fixed order."""
        used = {n.card for n in self.nodes.values() if n.tag == "endEvent" and n.card}
        return [card for card in CARD_NAMES if card in used]


def build_process(plan: Plan) -> Process:
    return _Builder(plan).build()


class _Builder:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.nodes: dict[str, Node] = {}
        self.flows: list[Flow] = []
        self._marks: dict[tuple[int, TimeUnit], list[tuple[int, str, CardPoint, str, str]]] = {}
        self.lead = plan.lead.id
        order = [self.lead] + [p.department.id for p in plan.items]
        names = {p.department.id: p.department.name for p in plan.items}
        names[self.lead] = plan.lead.name
        self.row: dict[str, int] = {}  # item id → its row in its lane
        rows: dict[str, int] = dict.fromkeys(order, 1)
        used: dict[tuple[int, str], int] = {}  # (stage, lane) → its rows so far
        for planned in plan.items:  # one pass: a pass per stage was quadratic for a long chain
            lane = planned.department.id
            row = used.get((planned.stage, lane), 0)
            self.row[planned.item.id] = row
            used[planned.stage, lane] = row + 1
            rows[lane] = max(rows[lane], row + 1)
        self.lanes: list[Lane] = []
        y = POOL_Y
        for department in dict.fromkeys(order):
            height = rows[department] * ROW_H
            self.lanes.append(Lane(f"Lane_{department}", department, names[department], y, height))
            y += height
        self.lane_y = {lane.department: lane.y for lane in self.lanes}
        self.delivery_x = CONTENT_X + INTAKE_W + len(plan.stages) * STAGE_W

    def build(self) -> Process:
        plan = self.plan
        top = self.lane_y[self.lead]
        start = self.event("Event_start", "提交申请", self.lead, CONTENT_X, top, "startEvent")
        intake = self.task("Intake", "综合窗口受理", self.lead, CONTENT_X + 76, top)
        intake.documentation = "一窗受理、一表申请：收取合并表单和材料，记录申请人对办理情形的回答"
        self.connect(start, intake)
        successors: dict[str, list[str]] = {p.item.id: [] for p in plan.items}
        for planned in plan.items:
            for need in planned.needs:
                successors[need].append(planned.item.id)
        entries, exits = {}, {}
        for planned in plan.items:
            entries[planned.item.id], exits[planned.item.id] = self.item(
                planned, len(successors[planned.item.id])
            )
        first = [p.item.id for p in plan.items if not p.needs]
        self.spread(intake, [entries[i] for i in first], "Fork_intake", CONTENT_X + 216, top)
        for planned in plan.items:
            for succ in successors[planned.item.id]:
                self.connect(exits[planned.item.id], entries[succ])
        x = self.delivery_x
        delivery = self.task("Delivery", "统一出件", self.lead, x + 90, top)
        delivery.documentation = "统一出件、一次送达：办件结果由牵头部门统一送达申请人"
        last = [exits[p.item.id] for p in plan.items if not successors[p.item.id]]
        self.gather(last, delivery, "Join_delivery", x, top)
        end = self.event("Event_end", "办结", self.lead, x + 230, top, "endEvent")
        self.connect(delivery, end)
        width = x + DELIVERY_W - POOL_X
        height = sum(lane.h for lane in self.lanes)
        return Process(
            plan.scenario.scenario,
            plan.scenario.name,
            self.lanes,
            self.nodes,
            self.flows,
            width,
            height,
        )

    def item(self, planned: PlannedItem, successors: int) -> tuple[Node, Node]:
        """The item's nodes; (entry, exit): where its predecessors connect and it leaves."""
        iid, lane = planned.item.id, planned.department.id
        x = CONTENT_X + INTAKE_W + (planned.stage - 1) * STAGE_W
        top = self.lane_y[lane] + self.row[iid] * ROW_H
        task = self.task(iid, planned.item.name, lane, x + TASK, top)
        task.group = lane
        task.documentation = _documentation(planned)
        entry = exit_ = task
        if planned.when is not None:
            split = self.gateway(f"Split_{iid}", "exclusiveGateway", lane, x + SPLIT, top)
            split.name = f"是否办理“{planned.item.name}”"
            merge = self.gateway(f"Merge_{iid}", "exclusiveGateway", lane, x + MERGE, top)
            taken = self.connect(split, task)
            taken.condition = to_python(planned.when, self.plan.env)
            taken.name = format_condition(planned.when)
            self.connect(task, merge)
            high = top + TASK_TOP // 2
            bypass = self.connect(split, merge, _over(split, merge, high))
            bypass.name = "条件不成立，不办理"
            split.default = bypass.id
            entry, exit_ = split, merge
        if len(planned.needs) > 1:
            join = self.gateway(f"Join_{iid}", "parallelGateway", lane, x + JOIN, top)
            self.connect(join, entry)
            entry = join
        if successors > 1:
            fork = self.gateway(f"Fork_{iid}", "parallelGateway", lane, x + FORK, top)
            self.connect(exit_, fork)
            exit_ = fork
        self.timers(task, planned)
        return entry, exit_

    def timers(self, task: Node, planned: PlannedItem) -> None:
        for offset, card, point, title, name in self.marks(planned.item.days.promised):
            cx, bottom = task.x + offset, task.y + task.h
            timer = self.add(
                Node(f"{title}_{task.id}", "boundaryEvent", name,
                     task.lane, cx, bottom - EVENT // 2, EVENT, EVENT,
                     attached_to=task.id, card=card, point=point)
            )  # fmt: skip
            end = self.add(
                Node(f"{title}End_{task.id}", "endEvent", _RAISED[card], task.lane,
                     cx, bottom + 40, EVENT, EVENT, card=card)
            )  # fmt: skip
            below = (cx + EVENT // 2, timer.y + EVENT)
            self.connect(timer, end, [below, (below[0], end.y)])

    def marks(self, promised: Limit) -> list[tuple[int, str, CardPoint, str, str]]:
        """A promised limit's timers: (offset, card, point, id prefix, name), worked out once
        per distinct limit (an item has a handful of them; `cards` hashes the pydantic Limit
        and wording it was half of `timers`, a tenth of build_process at 2,000 items)."""
        key = (promised.amount, promised.unit)
        if (found := self._marks.get(key)) is None:
            limits = cards(promised)
            points = [("yellow", limits.yellow), ("red", limits.red)]
            found = self._marks[key] = [
                (offset, card, point, card.title(), f"{CARD_NAMES[card]}：{point.limit.text()}")
                for offset, (card, point) in zip((12, 52), points, strict=True)
                if point is not None
            ]
        return found

    def spread(self, source: Node, targets: list[Node], fork_id: str, x: int, top: int) -> None:
        """`source` to every target: through a parallel fork when there are several."""
        if len(targets) > 1:
            fork = self.gateway(fork_id, "parallelGateway", source.lane, x, top)
            self.connect(source, fork)
            source = fork
        for target in targets:
            self.connect(source, target)

    def gather(self, sources: list[Node], target: Node, join_id: str, x: int, top: int) -> None:
        """Every source to `target`: through a parallel join when there are several."""
        if len(sources) > 1:
            join = self.gateway(join_id, "parallelGateway", target.lane, x, top)
            self.connect(join, target)
            target = join
        for source in sources:
            self.connect(source, target)

    def add(self, node: Node) -> Node:
        if node.id in self.nodes:
            raise ValueError(f"duplicate BPMN id {node.id}")
        self.nodes[node.id] = node
        return node

    def task(self, nid: str, name: str, lane: str, x: int, top: int) -> Node:
        return self.add(Node(nid, "userTask", name, lane, x, top + TASK_TOP, TASK_W, TASK_H))

    def gateway(self, nid: str, tag: str, lane: str, x: int, top: int) -> Node:
        y = top + CENTRE - GATEWAY // 2
        return self.add(Node(nid, tag, "", lane, x, y, GATEWAY, GATEWAY))

    def event(self, nid: str, name: str, lane: str, x: int, top: int, tag: str) -> Node:
        return self.add(Node(nid, tag, name, lane, x, top + CENTRE - EVENT // 2, EVENT, EVENT))

    def connect(
        self, source: Node, target: Node, waypoints: list[tuple[int, int]] | None = None
    ) -> Flow:
        if not waypoints:  # right, then down or up just before the target, then right into it
            start = (source.x + source.w, source.y + source.h // 2)
            end = (target.x, target.y + target.h // 2)
            turn = end[0] - 20
            waypoints = [start, end] if start[1] == end[1] else [
                start, (turn, start[1]), (turn, end[1]), end
            ]  # fmt: skip
        flow = Flow(f"Flow_{source.id}-{target.id}", source.id, target.id, waypoints)
        source.outgoing.append(flow.id)
        target.incoming.append(flow.id)
        self.flows.append(flow)
        return flow


def _over(source: Node, target: Node, height: int) -> list[tuple[int, int]]:
    """From the top of `source` over the task to the top of `target` (a split's bypass)."""
    a, b = source.x + source.w // 2, target.x + target.w // 2
    return [(a, source.y), (a, height), (b, height), (b, target.y)]


def _documentation(planned: PlannedItem) -> str:
    item = planned.item
    lines: Iterable[str] = [
        f"办理部门：{planned.department.name}",
        f"承诺时限：{item.days.promised.text()}；法定时限：{item.days.legal.text()}",
        *(f"特别程序（不计入时限）：{sp.name}，{sp.days.text()}" for sp in item.special_procedures),
        *([f"办理条件：{format_condition(planned.when)}"] if planned.when is not None else []),
    ]
    return "\n".join(lines)
