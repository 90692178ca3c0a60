"""One window per person: a second `brochure-app` (a double-click on the launcher is enough) hands what it was asked
to open to the window already running, which comes to the front and opens it, and ends at once.

Qt's own means, both kept in the user's data folder (per person, never shared with another account), and named
after the machine: a home folder on the network is shared by the person's machines, and each may have its window
(their saved files are safe from each other: see userdata.store).

    window-HOST.lock   a QLockFile held by the running window for as long as it runs (Qt's lock files know when
                       their holder has died, so a crash leaves nothing stale behind)
    window-HOST.sock   the QLocalServer the window listens on (a Unix socket readable by this user only; a named
                       pipe on Windows); nothing but a local process of the same user can reach it, and it reads one
                       short line of JSON, {"region": ID, "page": KEY}, checked like any other input

A local socket, never a network one: QtNetwork is imported only here, for QLocalServer and QLocalSocket
(tests/test_layers.py holds it to that). `gui --screenshot` and the other commands are batch tools: they never take
part, and run beside a window.

The quick check before Qt is loaded (another_window_running) reads the lock file's process id: the start-up's
child process (catalogue.prefetch) must be forked before Qt is imported, and a second launch should not pay for a
start at all. The lock itself is then taken with QLockFile once Qt is loaded (claim), which settles any race.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from pathlib import Path

REGION = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
PAGE = re.compile(r"^(home|(section|item):[a-z0-9][a-z0-9-]{0,99})$")
MAX_REQUEST = 4096          # bytes: a region id and a page key
HAND_OVER_WAIT = 1.5        # seconds a second launch tries to reach the window before it gives up


def folder() -> Path:
    from brochure_app.userdata.atomic import data_dir

    return data_dir()


def _host() -> str:
    import platform

    return re.sub(r"[^A-Za-z0-9.-]", "_", platform.node() or "this-machine")[:40]


def lock_path() -> Path:
    return folder() / f"window-{_host()}.lock"


def server_name() -> str:
    """The window's local server: a socket file in the data folder, or (where its path would be too long for a Unix
    socket, or on Windows, where these are named pipes) a name made from that folder's path and the machine."""
    path = folder() / f"window-{_host()}.sock"
    if os.name != "nt" and len(os.fsencode(path)) < 100:
        return str(path)
    return "brochure-app-" + hashlib.blake2b(os.fsencode(path), digest_size=8).hexdigest()


def request_of(region: str | None, page: str | None) -> dict:
    """What a launch asks the window to open: only well-formed ids and keys are passed on."""
    out = {}
    if isinstance(region, str) and REGION.match(region):
        out["region"] = region
    if isinstance(page, str) and PAGE.match(page):
        out["page"] = page
    return out


def another_window_running() -> bool:
    """Whether this machine's lock file names a live process (a quick guess, without Qt: claim decides)."""
    from brochure_app import safe_files

    try:
        pid = int(safe_files.read_text(lock_path(), MAX_REQUEST, root=folder()).split("\n")[0])
    except (OSError, ValueError):
        return False
    if pid == os.getpid() or pid <= 0:
        return False
    if os.name == "nt":
        return True       # os.kill there would end the process, not ask about it: claim decides
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def hand_over(request: dict, wait: float = HAND_OVER_WAIT) -> bool:
    """Sends the request to the running window. True once it was delivered (the window reads it as soon as its
    event loop runs, even while it is still starting); False when no window answered within `wait` seconds."""
    from PySide6.QtCore import QByteArray, QCoreApplication
    from PySide6.QtNetwork import QLocalSocket

    if QCoreApplication.instance() is None:
        QCoreApplication(["brochure-app"])          # kept alive by Qt until the process ends
    data = QByteArray((json.dumps(request) + "\n").encode("utf-8"))
    deadline = time.monotonic() + wait
    while True:
        socket = QLocalSocket()
        socket.connectToServer(server_name())
        if socket.waitForConnected(max(1, int((deadline - time.monotonic()) * 1000))):
            socket.write(data)
            if socket.waitForBytesWritten(max(1, int((deadline - time.monotonic()) * 1000))):
                socket.disconnectFromServer()
                return True
        socket.abort()
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)        # the window may be between taking its lock and listening: a moment


class WindowServer:
    """The running window's side: holds the lock from the start, and listens once the window is painted (listen:
    QtNetwork takes some 20 ms to load, which the first paint need not wait for; a later launch meanwhile tries
    again for up to HAND_OVER_WAIT). Requests go to the handlers given to on_request."""

    def __init__(self, lock):
        self._lock = lock
        self._server = None
        self._handlers = []
        self._buffers: dict = {}
        self.listening = False

    def listen(self) -> bool:
        from PySide6.QtNetwork import QLocalServer

        if self._server is None:
            self._server = QLocalServer()
            self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
            self._server.newConnection.connect(self._accept)
            name = server_name()
            QLocalServer.removeServer(name)              # a socket file left by a window that crashed
            self.listening = self._server.listen(name)
        return self.listening

    def on_request(self, handler) -> None:
        self._handlers.append(handler)

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            self._buffers[socket] = b""          # also keeps the socket referenced until it has gone
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._gone(s))
            if socket.bytesAvailable():
                self._read(socket)

    def _gone(self, socket) -> None:
        """The other end has gone, or this end closed it: what it sent is handled and the socket deleted, once. Qt
        may tell of it again, even once the socket is deleted (RuntimeError: 'QLocalSocket already deleted', seen
        in the bundle's hand-over test)."""
        if socket not in self._buffers:
            return
        data = self._buffers.pop(socket)
        from shiboken6 import isValid

        if not isValid(socket):
            return
        if data is not None:
            self._handle(data + bytes(socket.readAll().data()))
        socket.deleteLater()

    def _read(self, socket) -> None:
        data = self._buffers.get(socket)
        if data is None:
            return
        data += bytes(socket.readAll().data())
        if b"\n" not in data and len(data) <= MAX_REQUEST:
            self._buffers[socket] = data
            return
        self._buffers[socket] = None            # answered: the rest is ignored
        socket.disconnectFromServer()
        self._handle(data)

    def _handle(self, data: bytes) -> None:
        line = data.split(b"\n", 1)[0]
        if not line or len(line) > MAX_REQUEST:
            return
        from brochure_app.safe_files import BadFile, parse_json

        try:
            raw = parse_json(line, "request", max_depth=1)
        except BadFile:
            return
        if isinstance(raw, dict):
            from PySide6.QtCore import QTimer

            request = request_of(raw.get("region"), raw.get("page"))
            # Handled once the socket's signal has returned: opening a page may run the event loop, which would
            # delete the socket (deleteLater) while it is still emitting.
            for handler in self._handlers:
                QTimer.singleShot(0, lambda h=handler: h(request))

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
        self._lock.unlock()


def claim() -> WindowServer | None:
    """Takes the window lock (listening for later launches is WindowServer.listen); None when another window holds
    it."""
    from PySide6.QtCore import QLockFile

    try:
        folder().mkdir(parents=True, exist_ok=True)
    except OSError:
        pass
    lock = QLockFile(str(lock_path()))
    lock.setStaleLockTime(0)          # held for as long as the window runs; only a dead holder's lock is stale
    if not lock.tryLock(0):
        if lock.error() == QLockFile.LockError.LockFailedError:
            return None
        return WindowServer(lock)     # the folder cannot be written: no lock to be had, so run as the only one
    return WindowServer(lock)
