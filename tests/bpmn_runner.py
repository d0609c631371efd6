"""Run a generated process.bpmn headless in SpiffWorkflow 3.x, as a platform would.

The file is parsed with SpiffWorkflow's BPMN 2.0 XSD validator; 综合窗口受理 is completed with the
applicant's answers under `answers`, every user task that becomes ready is completed, and the
engine's script globals hold the JsonLogic custom operations the gateway conditions may call.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.parser import BpmnParser, BpmnValidator
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment
from SpiffWorkflow.bpmn.specs.bpmn_process_spec import BpmnProcessSpec
from SpiffWorkflow.util.task import TaskState

from compiler.conditions.jsonlogic import custom_operations

WINDOW_TASKS = ("Intake", "Delivery")  # 综合窗口受理 and 统一出件: not items


@functools.cache
def validator() -> BpmnValidator:
    """SpiffWorkflow's validator over the BPMN 2.0 XSD it ships (built once: it reads the XSD)."""
    return BpmnValidator()


def parse(bpmn: bytes, scenario: str) -> BpmnProcessSpec:
    """The process of `scenario`; raises SpiffWorkflow's ValidationException on an invalid file."""
    parser = BpmnParser(validator=validator())
    parser.add_bpmn_str(bpmn)
    return parser.get_spec(f"Process_{scenario}")


def start(spec: BpmnProcessSpec, answers: dict[str, object], today: dt.date) -> BpmnWorkflow:
    """A new case, 综合窗口受理 completed with `answers`."""
    engine = PythonScriptEngine(environment=TaskDataEnvironment(custom_operations(today)))
    workflow = BpmnWorkflow(spec, script_engine=engine)
    workflow.do_engine_steps()
    intake = workflow.get_next_task(spec_name="Intake", state=TaskState.READY)
    assert intake is not None, "综合窗口受理 is not the first task"
    intake.data["answers"] = answers
    intake.run()
    workflow.do_engine_steps()
    return workflow


@dataclass(frozen=True, slots=True)
class Run:
    items: list[str]  # the item tasks reached, in the order they became ready
    completed: bool


def run(spec: BpmnProcessSpec, answers: dict[str, object], today: dt.date) -> Run:
    """Complete every ready user task until the case ends (or nothing more is ready)."""
    workflow = start(spec, answers, today)
    reached: list[str] = []
    for _ in range(len(spec.task_specs) + 1):  # each round completes at least one task
        ready = workflow.get_tasks(state=TaskState.READY, manual=True)
        if not ready:
            break
        for task in ready:
            if task.task_spec.bpmn_id not in WINDOW_TASKS:
                reached.append(task.task_spec.bpmn_id)
            task.run()
        workflow.do_engine_steps()
    return Run(reached, workflow.is_completed())
