"""A cold start's content, parsed in a second process while the first one starts Qt.

On a cold start (no cached catalogue for this content version) the catalogue must be parsed and validated before
the first page can be painted: about half a second of work that does not need Qt, while starting Qt and making the
window takes about as long and does not need the catalogue. On POSIX the process forks before it imports Qt; the
child loads the catalogue (which also writes the cache for the next start) and hands it back through a pipe, pickled;
the parent unpickles it with the same allow-list as the cache. Anything unexpected (no fork, the child fails or dies,
a damaged answer) means the parent loads the catalogue itself, as it would have without a child.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


class Prefetch:
    """A catalogue being loaded by a child process (see the module's text)."""

    def __init__(self, pid: int, fd: int, root: Path, key: str):
        self.pid, self.fd, self.root, self.key = pid, fd, root, key

    def result(self):
        """The child's catalogue, or None when it has none to give (the caller then loads it itself). Waits for the
        child's answer (not for it to end: it goes on to write the cache); called once."""
        from brochure_app.catalogue.catalogue import Catalogue
        from brochure_app.catalogue.store import CATALOGUE_MODULES, unpickle_bytes

        try:
            with os.fdopen(self.fd, "rb") as fh:
                data = fh.read()
        except OSError:
            data = b""
        self._reap()
        if not data:
            return None
        try:
            cat = unpickle_bytes(data, CATALOGUE_MODULES)
        except Exception:  # noqa: BLE001 - a damaged answer: load it here instead
            return None
        if isinstance(cat, Catalogue) and cat.content_hash == self.key and cat.root == str(self.root):
            return cat
        return None

    def _reap(self) -> None:
        """Collects the child's exit without waiting for it: it may still be writing the cache."""
        try:
            if os.waitpid(self.pid, os.WNOHANG) != (0, 0):
                return
        except ChildProcessError:
            return
        import threading

        threading.Thread(target=_wait_quietly, args=(self.pid,), name="prefetch-reaper", daemon=True).start()


def start(root: Path | str | None, key: str) -> Prefetch | None:
    """Forks a child that loads the catalogue, when that is worth it and safe: POSIX, caching on, no cached catalogue
    for this content version (key), a single-threaded process that has not loaded Qt. None otherwise."""
    from brochure_app.catalogue.paths import bundled_root
    from brochure_app.catalogue.store import catalogue_cache_path, write_cache

    if not hasattr(os, "fork") or os.environ.get("BROCHURE_APP_NO_CACHE") or os.environ.get("BROCHURE_APP_NO_PREFETCH"):
        return None
    root = Path(root or bundled_root()).resolve()
    try:
        if catalogue_cache_path(key).exists():
            return None      # a warm start: reading the cache is quicker than a child
    except OSError:
        pass
    if "PySide6.QtCore" in sys.modules or not _single_threaded():
        return None          # fork a small process only: no Qt state in the child, no lock held by another thread
    sys.stdout.flush()
    sys.stderr.flush()
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:             # the child: load, answer, keep the cache, leave without the parent's exit handlers
        try:
            os.close(read_end)
            import pickle

            from brochure_app.catalogue.loader import load

            cat = load(root, key)
            data = pickle.dumps(cat, protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as fh:
                fh.write(data)
            write_cache(catalogue_cache_path(key), data)    # the answer first, then the cache for the next start
        finally:
            os._exit(0)
    os.close(write_end)
    return Prefetch(pid, read_end, root, key)


def _single_threaded() -> bool:
    """True when the process has one thread (counted by /proc on Linux; elsewhere, the threads Python knows of)."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        import threading

        return threading.active_count() == 1


def _wait_quietly(pid: int) -> None:
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
