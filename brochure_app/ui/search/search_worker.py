"""Runs searches on a background thread; only the newest answer is handed back to the window."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal, Slot


class _Worker(QObject):
    done = Signal(int, object)      # sequence number, results (or an exception)
    ready = Signal(object)          # the service once opened (or an exception)
    progress = Signal(int, int)     # pages indexed, pages in all, while the index is built

    def __init__(self, factory):
        super().__init__()
        self._factory = factory
        self._service = None

    @Slot()
    def open(self) -> None:
        try:
            self._service = self._factory(progress=self.progress.emit)
            self.ready.emit(self._service)
        except Exception as exc:  # noqa: BLE001 - reported to the window, never fatal
            self.ready.emit(exc)

    @Slot(int, str, object, int)
    def search(self, seq: int, query: str, region, limit: int) -> None:
        try:
            if self._service is None:
                self._service = self._factory(progress=self.progress.emit)
            self.done.emit(seq, self._service.search(query, region=region, limit=limit))
        except Exception as exc:  # noqa: BLE001
            self.done.emit(seq, exc)


class SearchWorker(QObject):
    """Owns the thread. `submit` returns at once; `results` fires for the newest request only."""

    results = Signal(object)
    failed = Signal(str)
    opened = Signal()
    progress = Signal(int, int)     # while the index is built: pages indexed, pages in all (all: writing it out)
    _open = Signal()
    _search = Signal(int, str, object, int)

    def __init__(self, factory, parent=None):
        super().__init__(parent)
        self._factory = factory
        self._thread = None          # started by the first open or search: none for a run that never searches
        self._seq = 0

    def _start(self) -> None:
        if self._thread is not None:
            return
        from PySide6.QtCore import QThread  # here: its Qt type set-up is not needed before the first paint

        self._thread = QThread()
        self._thread.setObjectName("search")
        self._worker = _Worker(self._factory)
        self._worker.moveToThread(self._thread)
        self._open.connect(self._worker.open)
        self._search.connect(self._worker.search)
        self._worker.done.connect(self._on_done)
        self._worker.ready.connect(self._on_ready)
        self._worker.progress.connect(self.progress)
        self._thread.start()

    def open(self) -> None:
        self._start()
        self._open.emit()

    def submit(self, query: str, region: str | None, limit: int = 30) -> int:
        self._start()
        self._seq += 1
        self._search.emit(self._seq, query, region, limit)
        return self._seq

    def _on_ready(self, service) -> None:
        if isinstance(service, Exception):
            self.failed.emit(f"Search is unavailable: {service}")
        else:
            self.opened.emit()

    def _on_done(self, seq: int, results) -> None:
        if seq != self._seq:
            return
        if isinstance(results, Exception):
            self.failed.emit(f"Search failed: {results}")
        else:
            self.results.emit(results)

    def stop(self) -> None:
        # An index being built in a child process holds up the thread: end the child first. None can be running unless
        # the builder was imported (importing it here would cost a start-up run that never searched some 20 ms).
        builder = sys.modules.get("brochure_app.search.builder")
        if builder is not None:
            builder.stop_builds()
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait(5000)
