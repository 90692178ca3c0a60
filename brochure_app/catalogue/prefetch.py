"""Start-up work that needs no Qt, done in a second process while the first one starts Qt.

Before the first page is painted the app must know the content's version (its fingerprint: one `stat` per content
file, tens of milliseconds for a large content set) and, on a cold start (no cached catalogue for that version),
parse and validate the content: a few hundred milliseconds of work. Starting Qt and making the window takes about as
long and needs neither. On POSIX the process forks before it imports Qt when there is such work: the child takes the
fingerprint (unless the parent, for small content, has taken it already) and sends it back at once, then, only when
no cached catalogue of that version exists, loads the catalogue, answers one request of the parent (with a function
the parent gave it: the app's is the first paint of the region the window opens on, rendered, so that a cold start
paints the way a warm one does), and sends the catalogue, pickled, which the parent unpickles with the same
allow-list as the cache after its first paint. Last it writes the cache for the next start. A warm start of small
content forks no child (see large_content).

Anything unexpected (no fork, the child fails or dies, a damaged answer) means the parent does the work itself, as
it would have without a child: it takes the fingerprint, and loads the catalogue from the cache or the files.

The child's answers are a sequence of frames on a pipe: one byte naming the frame, eight bytes of length, the bytes.
"K": the fingerprint, then "1" when the child goes on to parse the content, "0" when it does not. "A": the answer to
the parent's request (empty when there is none). "C": the pickled catalogue. The request goes the other way, on a
pipe of its own: one line of text, at most _MAX_REQUEST bytes, or nothing.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_HEADER = 9                 # one byte of kind, eight of length
_MAX_KEY_FRAME = 256
_MAX_REQUEST = 256
MAX_ANSWER = 16_000_000


class Prefetch:
    """The child's answers (see the module's text)."""

    def __init__(self, pid: int, fd: int, root: Path, request_fd: int | None = None):
        self.pid, self.root = pid, root
        self._stream = os.fdopen(fd, "rb")
        self._request_fd = request_fd
        self._answered = False
        self._key: str | None = None
        self._reaper = None        # the thread that collects the child's exit, when it had not ended yet
        self.parsing = False       # known once key() has answered: the child is loading the catalogue

    def key(self) -> str | None:
        """The content's fingerprint as the child took it, or None when it gave none (the caller then takes it).
        Waits for the child's first answer (a few milliseconds of work, done while this process starts Qt)."""
        if self._key is None and self._stream is not None:
            payload = self._frame(b"K", _MAX_KEY_FRAME)
            text = payload.decode("ascii", "replace") if payload else ""
            key, _, parsing = text.partition(" ")
            if key and key.isalnum() and parsing in ("0", "1"):
                self._key, self.parsing = key, parsing == "1"
            if not self.parsing:
                self._close()
        return self._key

    def ask(self, request: str) -> None:
        """Sends the child the request: one line of text ("" for none). At most once; the answer comes by answer()."""
        self._send_request(request)

    def answer(self) -> bytes:
        """The child's answer to the request (waits for it): b"" when it has none. A request not sent yet is sent as
        none. Called at most once, before result()."""
        self._answered = True
        self._send_request("")
        if self.key() is None or not self.parsing:
            return b""
        return self._frame(b"A", MAX_ANSWER, keep_open=True)

    def _send_request(self, request: str) -> None:
        fd, self._request_fd = self._request_fd, None
        if fd is None:
            return
        try:
            line = (request + "\n").encode("utf-8")
            if len(line) <= _MAX_REQUEST:
                os.write(fd, line)          # a short line into an empty pipe: never blocks
        except OSError:
            pass                            # the child has gone: it answers nothing
        finally:
            os.close(fd)

    def result(self):
        """The child's catalogue, or None when it has none to give (the caller then loads it itself). Waits for the
        child's answer (not for it to end: it goes on to write the cache); called once."""
        if not self._answered:
            self.answer()
        if self.key() is None or not self.parsing:
            return None
        from brochure_app.catalogue.catalogue import Catalogue
        from brochure_app.catalogue.store import CATALOGUE_MODULES, unpickle_bytes

        data = self._frame(b"C", None)
        self._close()
        if not data:
            return None
        try:
            cat = unpickle_bytes(data, CATALOGUE_MODULES)
        except Exception:  # noqa: BLE001 - a damaged answer: load it here instead
            return None
        if isinstance(cat, Catalogue) and cat.content_hash == self._key and cat.root == str(self.root):
            return cat
        return None

    def _frame(self, kind: bytes, limit: int | None, keep_open: bool = False) -> bytes:
        """The next frame's bytes when it is of this kind (and within limit), else b"" (and no more frames). An
        empty frame is read as b"": it ends the reading unless keep_open."""
        if self._stream is None:
            return b""
        try:
            header = self._stream.read(_HEADER)
            size = int.from_bytes(header[1:], "big") if len(header) == _HEADER and header[:1] == kind else -1
            data = self._read(size) if 0 <= size and (limit is None or size <= limit) else b""
        except (OSError, ValueError, MemoryError):
            data = b""
        if len(data) != max(size, 0) or not (data or keep_open and size == 0):
            self._close()
            return b""
        return data

    def _read(self, size: int) -> bytes:
        """Up to size bytes, read in pieces: memory follows what the child really sent, not what a header says."""
        parts, left = [], size
        while left:
            piece = self._stream.read(min(left, 1 << 20))
            if not piece:
                break
            parts.append(piece)
            left -= len(piece)
        return b"".join(parts)

    def _close(self) -> None:
        self._send_request("")
        if self._stream is not None:
            try:
                self._stream.close()
            except OSError:
                pass
            self._stream = None
            self._reap()

    def finish(self, timeout: float = 5.0) -> None:
        """Waits (a bounded time) for the child to finish keeping the cache, for a run that ends at once (a
        screenshot): it leaves no process behind. Reading stops first, so a child still sending meets a closed pipe
        and goes straight on to the cache."""
        self._close()
        if self._reaper is not None:
            self._reaper.join(timeout)

    def _reap(self) -> None:
        """Collects the child's exit without waiting for it: it may still be writing the cache."""
        try:
            if os.waitpid(self.pid, os.WNOHANG) != (0, 0):
                return
        except ChildProcessError:
            return
        import threading

        self._reaper = threading.Thread(target=_wait_quietly, args=(self.pid,), name="prefetch-reaper", daemon=True)
        self._reaper.start()


LARGE_CATALOGUE_BYTES = 5_000_000   # about 25 times the shipped content, whose stamp takes 20 ms or more


def large_content() -> bool:
    """Whether the last content version's cached catalogue is large: stamping that content (a stat per file) takes
    tens of milliseconds, which a child does better while this process starts Qt. For small content the stamp takes a
    millisecond or two, less than forking."""
    from brochure_app.catalogue.store import cache_dir

    try:
        return any(entry.stat().st_size > LARGE_CATALOGUE_BYTES for entry in cache_dir().glob("catalogue-*.pickle"))
    except OSError:
        return False


def cold_likely(key: str | None) -> bool:
    """Whether the catalogue will have to be parsed: no cached catalogue of this content version (key), or when the
    version is not known yet (the child is taking it), of any version (a first start, or an emptied cache). Only what
    is prepared meanwhile depends on it."""
    from brochure_app.catalogue.store import cache_dir, catalogue_cache_path

    try:
        return not (catalogue_cache_path(key).exists() if key else any(cache_dir().glob("catalogue-*.pickle")))
    except OSError:
        return True


# What both processes of a cold start need: the catalogue's classes (built by the child, unpickled by the parent after
# its first paint), pickle for the hand-over, and standard modules the child's work loads (dataclasses' inspect, the
# cache writer's tempfile). Imported once before the fork instead of once in each process: the child needs them on its
# way to the first paint anyway, and when this machine gives the two processes one core between them, work done once
# is what counts.
SHARED_MODULES = ("brochure_app.catalogue.catalogue", "pickle", "inspect", "hashlib", "tempfile")


def import_shared() -> None:
    import importlib

    for name in SHARED_MODULES:
        importlib.import_module(name)


def start(root: Path | str | None, key: str | None = None, serve=None, prepare=None) -> Prefetch | None:
    """Forks the child (see the module's text) when that is safe: POSIX, caching on, a single-threaded process that
    has not loaded Qt. None otherwise. key: the content's stamp when this process has taken it (the child then sends
    it back rather than taking it again). serve(catalogue, request): the child's answer to this process's request
    (see Prefetch.answer), as (bytes, a function the child calls once the answer is sent) or None; None by default.
    prepare(): work for the answer that needs no request, done by the child while the request has not come."""
    if not hasattr(os, "fork") or os.environ.get("BROCHURE_APP_NO_CACHE") or os.environ.get("BROCHURE_APP_NO_PREFETCH"):
        return None
    if "PySide6.QtCore" in sys.modules or not _single_threaded():
        return None          # fork a small process only: no Qt state in the child, no lock held by another thread
    from brochure_app.catalogue.active import default_root

    root = Path(root or default_root()).resolve()
    sys.stdout.flush()
    sys.stderr.flush()
    read_end, write_end = os.pipe()
    request_read, request_write = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        for fd in (read_end, write_end, request_read, request_write):
            os.close(fd)
        return None
    if pid == 0:             # the child: answer, keep the cache, leave without the parent's exit handlers
        try:
            os.close(read_end)
            os.close(request_write)
            _child(root, write_end, key, request_read, serve, prepare)
        finally:
            os._exit(0)
    os.close(write_end)
    os.close(request_read)
    return Prefetch(pid, read_end, root, request_write)


def _child(root: Path, fd: int, key: str | None, request_fd: int, serve=None, prepare=None) -> None:
    from brochure_app.catalogue.store import catalogue_cache_path, fingerprint, write_cache

    key = key or fingerprint(root)          # taken once, before any content file is read
    try:
        cached = catalogue_cache_path(key).exists()
    except OSError:
        cached = False
    try:
        _send(fd, b"K", f"{key} {'0' if cached else '1'}".encode("ascii"))
    except OSError:
        return
    if cached:
        return                               # a warm start: reading the cache is quicker than a child
    import pickle

    from brochure_app.catalogue.loader import load

    cat = load(root, key)
    if serve is not None and prepare is not None:
        try:
            prepare()
        except Exception:  # noqa: BLE001 - serve() meets the same fault, or does the work itself
            pass
    answer, then = _serve(serve, cat, request_fd)
    try:
        _send(fd, b"A", answer)
    except OSError:
        pass                                 # the parent has gone or stopped reading
    if then is not None:
        try:
            then()
        except Exception:  # noqa: BLE001 - what follows the answer (keeping it) is never worth failing for
            pass
    data = pickle.dumps(cat, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        _send(fd, b"C", data)
    except OSError:
        pass                                 # the parent has gone (a screenshot taken): the cache is still kept
    os.close(fd)
    write_cache(catalogue_cache_path(key), data)    # the answers first, then the cache for the next start


def _serve(serve, cat, request_fd: int) -> tuple[bytes, object]:
    """(answer, what to do once it is sent) to the parent's request: (b"", None) when there is none or it fails."""
    try:
        request = _read_request(request_fd) if serve is not None else ""
    finally:
        os.close(request_fd)
    if not request:
        return b"", None
    try:
        made = serve(cat, request)
    except Exception:  # noqa: BLE001 - the parent then does the work itself
        made = None
    if not made or not isinstance(made[0], bytes) or len(made[0]) > MAX_ANSWER:
        return b"", None
    return made[0], made[1]


def _read_request(fd: int) -> str:
    """The parent's request: one line (waits for it, or for the parent to close its end: no request)."""
    data = b""
    while b"\n" not in data and len(data) <= _MAX_REQUEST:
        try:
            piece = os.read(fd, _MAX_REQUEST)
        except OSError:
            return ""
        if not piece:
            return ""
        data += piece
    line = data.partition(b"\n")[0]
    return line.decode("utf-8", "replace") if b"\n" in data else ""


def _send(fd: int, kind: bytes, payload: bytes) -> None:
    view = memoryview(kind + len(payload).to_bytes(_HEADER - 1, "big") + payload)
    while view:
        view = view[os.write(fd, view):]


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
