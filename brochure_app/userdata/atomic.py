"""Atomic files: write to a temporary file beside the target, fsync, then rename over it.

A reader then sees the old file or the new one, whole, never a torn mix, even if the writer is killed or the
machine loses power mid-write. A file that cannot be parsed is set aside (renamed) rather than lost or fatal.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import tempfile
import time
from pathlib import Path
from typing import Any

from brochure_app import safe_files
from brochure_app.folders import data_dir  # noqa: F401 - where atomic's files go


def write_bytes(path: Path, data: bytes, make_folder: bool = True) -> None:
    """Writes data as path atomically (see the module's text). make_folder: create the folder when it is missing
    (the app's own folders; never for a file the person named, see export.output)."""
    path = Path(path)
    if make_folder:
        path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass


def replace_cache(path: Path, data: bytes, stale: str) -> None:
    """Writes a cache file atomically and removes the older versions beside it (names matching `stale`)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob(stale):
        if old != path:
            old.unlink(missing_ok=True)
    write_bytes(path, data)


def write_json(path: Path, data: Any) -> None:
    write_bytes(path, json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8"))


MAX_BYTES = 16_000_000    # the largest saved file the app reads: far above what its own limits let it write


def read_json(path: Path, default: Any, limit: int = MAX_BYTES) -> tuple[Any, str | None]:
    """(data, warning). A missing file gives the default. A file that is there but is not what it should be (not a
    regular file, a link out of its folder, too big, not UTF-8 JSON, nested too deep, a number too long: see
    safe_files) is set aside with a warning, and the default is given. A file that cannot be read now (no
    permission, an I/O error) raises OSError and is left as it is: it may be fine, and must not be replaced."""
    path = Path(path)
    try:
        return safe_files.read_json(path, limit, root=path.parent), None
    except (FileNotFoundError, NotADirectoryError):      # no such file (its folder may be a file: no such file)
        return default, None
    except safe_files.BadFile as exc:
        aside = set_aside(path)
        if aside is None:
            return default, f"{path.name} could not be read ({exc.reason}); starting empty."
        return default, (f"{path.name} could not be read ({exc.reason}) and has been set aside as {aside.name}; "
                         "starting empty.")


def set_aside(path: Path) -> Path | None:
    """Renames a damaged file (or whatever is in its place) to a new name beside it (see aside_path), so that it is
    kept for a person to look at and the app can start afresh. None when it cannot be renamed."""
    aside = aside_path(path)
    try:
        os.replace(path, aside)
    except OSError:
        return None
    return aside


# write_bytes's temporary files: ".NAME." + mkstemp's eight random characters + ".tmp".
_TEMPORARY = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")
STALE_AFTER = 600.0     # seconds: a write takes milliseconds; a younger file may be another process's write


def clean_stale_temporaries(folder: Path, older_than: float = STALE_AFTER) -> int:
    """Removes the temporary files that writers killed mid-write left in folder (never read, but they pile up).
    Only regular files named as write_bytes names them, and only old ones. Returns how many went; never raises."""
    removed = 0
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        try:
            if (_TEMPORARY.match(entry.name) and entry.is_file(follow_symlinks=False)
                    and now - entry.stat(follow_symlinks=False).st_mtime > older_than):
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    return removed


def aside_path(path: Path) -> Path:
    """A new name beside path for a damaged copy: NAME.corrupt-DATE-TIME[-N].SUFFIX, never an existing file's."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for n in range(1000):
        aside = path.with_name(f"{path.stem}.corrupt-{stamp}{f'-{n}' if n else ''}{path.suffix}")
        if not os.path.lexists(aside):
            return aside
    return path.with_name(f"{path.stem}.corrupt-{stamp}-{os.getpid()}-{time.monotonic_ns()}{path.suffix}")


LOCK_WAIT = 10.0    # seconds: a write takes milliseconds, so a lock held this long belongs to a stuck process


@contextlib.contextmanager
def locked(path: Path, wait: float | None = None):
    """Holds the operating system's exclusive lock on the file path (made when missing) for the `with` block.

    The OS's own lock (flock on POSIX, a byte-range lock on Windows) rather than a library's: it is released by the
    system when the holder dies, so a killed process never leaves a stale lock, it costs nothing to import, and it
    is what Linux maps onto the server's locks on a network home. The lock file stays: removing it while another
    process waits on it would let two writers in. TimeoutError after `wait` seconds (LOCK_WAIT by default); OSError
    when it cannot be made.
    """
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
    try:
        deadline = time.monotonic() + (LOCK_WAIT if wait is None else wait)
        pause = 0.0005
        while not _try_lock(fd):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{Path(path).name} is held by another program")
            time.sleep(pause)
            pause = min(pause * 2, 0.01)
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                _unlock(fd)
    finally:
        os.close(fd)


def _try_lock(fd: int) -> bool:
    try:
        if os.name == "nt":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (BlockingIOError, PermissionError):
        return False
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EDEADLK):
            return False
        if exc.errno in _NO_LOCKS:
            return True     # a file system without locks (some network mounts): saving must still work, unlocked
        raise
    return True


# What a file system that cannot lock answers: the write then goes ahead unlocked (read-merge-write still keeps the
# time in which another process could interleave to a few milliseconds).
_NO_LOCKS = {getattr(errno, name) for name in ("ENOLCK", "EOPNOTSUPP", "ENOTSUP", "ENOSYS") if hasattr(errno, name)}


def _unlock(fd: int) -> None:
    if os.name == "nt":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


