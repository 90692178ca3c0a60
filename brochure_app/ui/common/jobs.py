"""One way to run work off the UI thread: a `Job` runs a task on a lane (a thread pool of one thread per lane, so a
lane's jobs run one at a time, in order) and reports back with signals delivered on the UI thread.

    job = Job(task, "pdf", parent)       # task(report) -> result; report(done, total) is False once cancelled
    job.done.connect(...); job.failed.connect(...); job.start()

A task raises JobError with a message for a person; any other exception is reported with its type. Used by the
search (opening or building the index, each query), the PDF export and the website export."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from brochure_app.ui.common.lazy_qt import Qt

_LANES: dict[str, QThreadPool] = {}


class JobError(Exception):
    """A failure to tell the person, in these words."""


def lane(name: str) -> QThreadPool:
    pool = _LANES.get(name)
    if pool is None:
        pool = _LANES[name] = QThreadPool()
        pool.setMaxThreadCount(1)
        pool.setObjectName(name)
    return pool


class _Run(QRunnable):
    def __init__(self, job: Job):
        super().__init__()
        self.job = job

    def run(self) -> None:  # a lane's thread
        self.job._run()


class Job(QObject):
    progress = Signal(int, int)
    done = Signal(object)        # the task's result
    failed = Signal(str)         # what went wrong, for a person
    ended = Signal()             # after done or failed
    # The lane's thread reports through these; the job (which lives on the UI thread) passes each on from there,
    # when the event loop next runs: a caller that connects just after start() cannot miss an answer.
    _reported = Signal(int, int)
    _finished = Signal(bool, object)

    def __init__(self, task, lane_name: str = "work", parent=None):
        super().__init__(parent)
        self._task, self._lane = task, lane_name
        self._cancel = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        queued = Qt.ConnectionType.QueuedConnection
        self._reported.connect(self.progress, queued)
        self._finished.connect(self._deliver, queued)

    def start(self) -> None:
        self._idle.clear()
        lane(self._lane).start(_Run(self))

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def running(self) -> bool:
        return not self._idle.is_set()

    def wait(self, ms: int) -> bool:
        return self._idle.wait(ms / 1000)

    def _report(self, done: int, total: int) -> bool:
        self._reported.emit(done, total)
        return not self._cancel.is_set()

    def _run(self) -> None:  # the lane's thread
        try:
            answer = (True, self._task(self._report))
        except JobError as exc:
            answer = (False, str(exc))
        except Exception as exc:  # noqa: BLE001 - reported to the person, never a crash in a thread
            answer = (False, f"{type(exc).__name__}: {exc}")
        self._idle.set()
        self._finished.emit(*answer)

    def _deliver(self, ok: bool, answer) -> None:  # the UI thread
        (self.done if ok else self.failed).emit(answer)
        self.ended.emit()


def stop_lane(name: str, ms: int = 5000) -> bool:
    """Waits for a lane's jobs to end (the window closing); True when they did."""
    pool = _LANES.get(name)
    return pool is None or pool.waitForDone(ms)
