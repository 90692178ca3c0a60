"""Builds the search index in a process of its own, so that a first build leaves the app's own process free.

Building is pure Python and, at scale, holds the interpreter's lock for long stretches: run on a thread of the app
(as whoosh does it), it stalled the window for up to 0.4 s at a time at 100 times the shipped content. A separate
process shares nothing with the window: the app starts it, relays its progress, and then opens the index it
published in the cache as on any later start (verified against its stamp, see index.py).

    python -m brochure_app.search.builder CONTENT_ROOT CACHE_ROOT CONTENT_HASH

prints "done total" lines as the build goes, and exits 0 once the index of that content version is in CACHE_ROOT.
It exits 3 when the content under CONTENT_ROOT is no longer that version (edited since), 4 when the cache could not
be written; the app then builds in its own process, as it does wherever a child cannot be started (a frozen bundle,
a catalogue not read from a content folder).
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

log = logging.getLogger(__name__)

# From this many documents (about 4 times the shipped content) the desktop app builds apart: below it a build on a
# thread is over within a second or two and holds up the window for some tens of milliseconds at most, while a child
# process adds about a second of its own start-up and catalogue loading before the index can be used.
APART_FROM = 500

_running: set[subprocess.Popen] = set()
_stopped: set[subprocess.Popen] = set()
_running_lock = threading.Lock()


class BuildStopped(Exception):
    """The build was stopped (the app is closing): nothing is built in its place."""


def build_apart(catalogue, root: Path, progress=None) -> bool:
    """Runs the build in a child process for this catalogue's content, telling progress(done, total) as it goes.
    True when the child has published the index of this content version in root; False when it could not (the
    caller then builds); raises BuildStopped when stop_builds() ended it."""
    content_root = getattr(catalogue, "root", "")
    if getattr(sys, "frozen", False) or not content_root or not Path(content_root).is_dir() or not _writable(root):
        return False
    cmd = [sys.executable, "-m", "brochure_app.search.builder", str(content_root), str(root), catalogue.content_hash]
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                text=True, encoding="ascii", errors="replace")
    except OSError as exc:
        log.info("search index: no build process (%s)", exc)
        return False
    with _running_lock:
        _running.add(proc)
    try:
        for line in proc.stdout:
            parts = line.split()
            if progress is not None and len(parts) == 2 and parts[0].isdigit() and parts[1].isdigit():
                progress(int(parts[0]), int(parts[1]))
        code = proc.wait()
    finally:
        proc.stdout.close()
        with _running_lock:
            _running.discard(proc)
            stopped = proc in _stopped
            _stopped.discard(proc)
    if stopped:
        raise BuildStopped("the search index build was stopped")
    if code != 0:
        log.info("search index: the build process ended with %s; building here", code)
    return code == 0


def _writable(root: Path) -> bool:
    """Whether the index could be kept under root (the nearest existing folder is writable): otherwise a child would
    build an index it cannot hand over, and the app would build it a second time."""
    folder = Path(root)
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    return os.access(folder, os.W_OK)


@atexit.register
def stop_builds() -> None:
    """Ends the builds under way (the app is closing; the next start builds again): no process outlives the app, and
    the threads waiting on them are free at once."""
    with _running_lock:
        running = list(_running)
        _stopped.update(running)
    for proc in running:
        with contextlib.suppress(OSError):
            proc.kill()
        with contextlib.suppress(Exception):
            proc.wait(5)


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: python -m brochure_app.search.builder CONTENT_ROOT CACHE_ROOT CONTENT_HASH", file=sys.stderr)
        return 2
    content_root, cache_root, expected = argv
    from brochure_app.catalogue.store import load_catalogue
    from brochure_app.search.index import open_index

    catalogue = load_catalogue(content_root)
    if catalogue.content_hash != expected:
        return 3

    def report(done: int, total: int) -> None:
        sys.stdout.write(f"{done} {total}\n")
        sys.stdout.flush()

    opened = open_index(catalogue, Path(cache_root), progress=report)
    return 0 if opened.origin in ("built", "cache") else 4


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
