"""Search in the background (common/jobs.py, lane "search"): opening or building the index, then each query; only
the newest query's answer is handed back, and a query overtaken before it started is not run."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

from brochure_app.ui.common.jobs import Job, stop_lane

LANE = "search"


class SearchWorker(QObject):
    """`submit` returns at once; `results` fires for the newest request only."""

    results = Signal(object)
    failed = Signal(str)
    opened = Signal()
    progress = Signal(int, int)     # while the index is built: pages indexed, pages in all (all: writing it out)

    def __init__(self, factory, parent=None):
        super().__init__(parent)
        self._factory = factory
        self._service = None          # made on the lane's thread by the first open or search
        self._seq = 0

    def _service_for(self, report):
        if self._service is None:
            self._service = self._factory(progress=report)
        return self._service

    def _job(self, task) -> Job:
        job = Job(task, LANE, self)
        job.progress.connect(self.progress)
        job.ended.connect(job.deleteLater)
        return job

    def open(self, fresh: bool = False) -> None:
        """Opens (or builds) the index; fresh: of new content (the one open is let go, after the searches queued)."""
        def task(report):
            if fresh:
                self._service = None
            return self._service_for(report)

        job = self._job(task)
        job.done.connect(lambda _service: self.opened.emit())
        job.failed.connect(lambda msg: self.failed.emit(f"Search is unavailable: {msg}"))
        job.start()

    def submit(self, query: str, region: str | None, limit: int = 30) -> int:
        self._seq += 1
        seq = self._seq

        def task(report):
            if seq != self._seq:
                return None               # overtaken by a newer query while it waited
            return self._service_for(report).search(query, region=region, limit=limit)

        job = self._job(task)
        job.done.connect(lambda results: seq == self._seq and results is not None and self.results.emit(results))
        job.failed.connect(lambda msg: seq == self._seq and self.failed.emit(f"Search failed: {msg}"))
        job.start()
        return seq

    def stop(self) -> None:
        # An index being built in a child process holds up the lane: end the child first. None can be running unless
        # the builder was imported (importing it here would cost a start-up run that never searched some 20 ms).
        # A SIGTERM may land while the worker thread is still importing it: a module without stop_builds yet has
        # started no build.
        stop_builds = getattr(sys.modules.get("brochure_app.search.builder"), "stop_builds", None)
        if stop_builds is not None:
            stop_builds()
        stop_lane(LANE)
