"""Work done within a time budget: run on a thread of its own, waited for so long, then given up and stopped.

Rendering a page's Markdown goes through here (render.html), so a page that takes too long never holds the window's
thread beyond its budget: the caller shows the page another way and the worker is stopped. The worker is stopped by
raising an exception in it (CPython's PyThreadState_SetAsyncExc), which ends pure-Python work such as
Python-Markdown's at its next step; a long step in C runs to its end first, and its result is dropped.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

# The stack of a main thread on Linux. Markdown recurses on nested lists and quotes: with this stack it reaches
# Python's recursion limit (a RecursionError, which the caller handles) before the end of the stack, on every
# system, where macOS and Windows give other threads 0.5-1 MiB.
STACK_BYTES = 8 * 1024 * 1024
_starting = threading.Lock()   # threading.stack_size applies to every thread started while it is set


class _Stop(BaseException):
    """Raised in a worker that ran out of time, to end it (a BaseException: the work's own handlers let it by)."""


class _Worker(threading.Thread):
    def __init__(self, work: Callable[..., Any], args: tuple):
        super().__init__(name="budgeted-work", daemon=True)
        self.work, self.args = work, args
        self.value: Any = None
        self.error: BaseException | None = None
        self.finished = False
        self.lock = threading.Lock()   # between finishing and being stopped: never both

    def run(self) -> None:
        try:
            try:
                value = self.work(*self.args)
            except _Stop:
                raise
            except BaseException as exc:  # noqa: BLE001 - handed to the caller, who raises it
                self.error = exc
                value = None
            with self.lock:
                self.value, self.finished = value, True
        except _Stop:
            pass   # given up: nobody waits for the result

    def stop(self) -> None:
        """Ends the work unless it finished meanwhile. Under the lock, so the exception is only ever raised inside
        run's outer try (at the worst while it waits for the lock to say it finished): never in threading's code."""
        with self.lock:
            if not self.finished and self.ident is not None:
                import ctypes

                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self.ident), ctypes.py_object(_Stop))


def within(seconds: float, work: Callable[..., Any], *args) -> tuple[bool, Any]:
    """(True, work(*args)) when it returns within seconds; (False, None) when it does not (it is then stopped).
    An exception the work raises is raised here."""
    worker = _Worker(work, args)
    with _starting:
        previous = threading.stack_size(STACK_BYTES)
        try:
            worker.start()
        finally:
            threading.stack_size(previous)
    worker.join(seconds)
    if not worker.finished:
        worker.stop()
        if not worker.finished:
            return False, None
    if worker.error is not None:
        raise worker.error
    return True, worker.value
