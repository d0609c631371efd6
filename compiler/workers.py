"""Tasks run in forked worker processes for `-j`, one of them in this process meanwhile.

Each worker runs one task, tells its progress as it goes and sends back its result through a
pipe of its own; nothing else crosses. This process runs one task itself rather than wait: its
result needs no pickling, no pipe and no copied pages (on 300 synthetic bundles, a forked
share cost 0.1-0.2 s of CPU more than the same share compiled here, and receiving one 0.15 s),
and between its own steps it reads what the workers have sent, so progress keeps moving.

Processes are forked (Linux only: `fork` elsewhere is unsafe or missing). A forked worker starts
with everything this process has imported and loaded (the compiler takes 0.3 s to import in a
`spawn` or `forkserver` process) and with its task in memory, monkeypatches included, so the
task is never pickled. The CLI forks before it has any thread. A task that raises is
`failed(err)`; a worker that dies without an answer (killed, out of memory) or whose answer
cannot be read is `lost(number, what)`; neither is a traceback.
"""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Generic, TypeVar

T = TypeVar("T")
Tell = Callable[[str, int], None]  # (phase, count): what a task has done
Task = Callable[[Tell], T]
BATCH_SECONDS = 0.05  # a worker sends its counts at most this often


def run_tasks(
    tasks: Sequence[Task[T]],
    own: int,
    tell: Tell,
    failed: Callable[[Exception], T],
    lost: Callable[[int, str], T],
) -> list[T] | None:
    """Every task's result, in task order: task `own` run here, the others in workers. None
    when no worker could be started (a process or pipe limit reached): then nothing ran."""
    context = multiprocessing.get_context("fork")
    workers: dict[int, tuple[Connection, BaseProcess]] = {}
    try:
        for number, task in enumerate(tasks):
            if number != own:
                workers[number] = _start(context, number, task, failed)
    except OSError:
        _stop(workers)
        return None
    try:
        gather: _Gather[T] = _Gather(workers, tell, lost)

        def tell_here(phase: str, count: int) -> None:
            tell(phase, count)
            gather.drain(block=False)

        try:
            mine = tasks[own](tell_here)
        except Exception as err:
            mine = failed(err)
        gather.drain(block=True)
        return [mine if number == own else gather.results[number] for number in range(len(tasks))]
    finally:
        _stop(workers)


def _start(
    context: multiprocessing.context.BaseContext,
    number: int,
    task: Task[T],
    failed: Callable[[Exception], T],
) -> tuple[Connection, BaseProcess]:
    receive, send = context.Pipe(duplex=False)
    process = context.Process(  # type: ignore[attr-defined]
        target=_work, args=(send, task, failed), name=f"yjs-worker-{number + 1}", daemon=True
    )
    try:
        process.start()
    except OSError:
        receive.close()
        raise
    finally:
        send.close()  # the worker holds the only writing end: its death is an EOF here
    return receive, process


def _work(send: Connection, task: Task[T], failed: Callable[[Exception], T]) -> None:
    tell = _Batched(send)
    try:
        result = task(tell)
    except Exception as err:
        result = failed(err)
    tell.flush()
    try:
        send.send(("done", result))
    except Exception as err:  # it would not pickle: say so rather than die silently
        send.send(("done", failed(err)))
    send.close()


class _Batched:
    """A worker's progress, sent at most every BATCH_SECONDS: this process reads it only
    between the steps of its own task, and a pipe filled with counts would stall the worker."""

    def __init__(self, send: Connection) -> None:
        self.send = send
        self.counts: Counter[str] = Counter()
        self.sent = 0.0

    def __call__(self, phase: str, count: int) -> None:
        self.counts[phase] += count
        if time.monotonic() - self.sent >= BATCH_SECONDS:
            self.flush()

    def flush(self) -> None:
        for phase, count in self.counts.items():
            self.send.send(("tell", (phase, count)))
        self.counts.clear()
        self.sent = time.monotonic()


def _stop(workers: dict[int, tuple[Connection, BaseProcess]]) -> None:
    for receive, process in workers.values():
        if process.is_alive():  # only when this process was interrupted
            process.terminate()
        process.join()
        receive.close()


class _Gather(Generic[T]):
    """What the workers send: their progress, then each its result (or its death)."""

    def __init__(
        self,
        workers: dict[int, tuple[Connection, BaseProcess]],
        tell: Tell,
        lost: Callable[[int, str], T],
    ) -> None:
        self.workers = workers
        self.tell = tell
        self.lost = lost
        self.results: dict[int, T] = {}
        self.waiting = {receive: number for number, (receive, _) in workers.items()}

    def drain(self, *, block: bool) -> None:
        """Read what is there (`block` False), or until every worker has answered."""
        while self.waiting:
            ready = wait(list(self.waiting), None if block else 0)
            if not ready:
                return
            for connection in ready:
                assert isinstance(connection, Connection)
                self._read(connection)

    def _read(self, connection: Connection) -> None:
        number = self.waiting[connection]
        try:
            kind, message = connection.recv()
        except EOFError:  # gone without an answer: killed, out of memory, os._exit
            process = self.workers[number][1]
            process.join()
            self.results[number] = self.lost(number, f"意外退出，退出码 {process.exitcode}")
        except Exception as err:  # an answer this process cannot read
            what = f"送回的结果无法读取（{type(err).__name__}: {err}）"
            self.results[number] = self.lost(number, what)
        else:
            if kind == "tell":
                self.tell(*message)
                return
            self.results[number] = message
        del self.waiting[connection]
