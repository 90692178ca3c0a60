"""The window while the search index builds: the index is built as the app builds it after its first paint
(through the search worker, with its progress reported: on its thread, or in a process of its own for large
content), while the Qt event loop runs a 10 ms timer; how late each tick fires is how long a keystroke or a repaint
would have waited.

    python -m benchmarks.responsiveness CONTENT_ROOT CACHE_FOLDER     prints one line of JSON

The catalogue is read as the app reads it (and so kept in the user cache, where a build process finds it); the index
is left in CACHE_FOLDER (the caller opens it from there to time searches on it).
"""

from __future__ import annotations

import gc
import json
import statistics
import sys
import time
from pathlib import Path

TICK_MS = 10


def measure(content_root: Path, cache: Path) -> dict:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from benchmarks.__main__ import _pct
    from brochure_app.catalogue.store import load_catalogue
    from brochure_app.ui.app import after_start, search_factory
    from brochure_app.ui.search.search_worker import SearchWorker

    app = QApplication.instance() or QApplication(sys.argv[:1])
    gc.disable()                # as the app's start-up: the catalogue is loaded before the garbage collector resumes
    catalogue = load_catalogue(content_root)
    after_start()
    reports: list[tuple[int, int]] = []
    worker = SearchWorker(search_factory(catalogue, cache))
    worker.progress.connect(lambda done, total: reports.append((done, total)))
    late: list[float] = []
    last = [0.0]

    def tick() -> None:
        now = time.perf_counter()
        late.append(max(0.0, (now - last[0]) * 1000 - TICK_MS))
        last[0] = now

    failed: list[str] = []
    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    worker.opened.connect(app.quit)
    worker.failed.connect(lambda message: (failed.append(message), app.quit()))
    start = last[0] = time.perf_counter()
    timer.start()
    worker.open()
    app.exec()
    seconds = time.perf_counter() - start
    timer.stop()
    worker.stop()
    if failed:
        raise RuntimeError(failed[0])
    late = late or [0.0]
    return {"build_in_background_s": seconds, "ticks": len(late), "progress_reports": len(reports),
            "tick_late_median_ms": statistics.median(late), "tick_late_p95_ms": _pct(late, 0.95),
            "tick_late_max_ms": max(late)}


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]), Path(sys.argv[2]))))
