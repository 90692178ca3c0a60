"""Atomic files: write to a temporary file beside the target, fsync, then rename over it.

A reader then sees the old file or the new one, whole, never a torn mix, even if the writer is killed or the
machine loses power mid-write. A file that cannot be parsed is set aside (renamed) rather than lost or fatal.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any


def write_bytes(path: Path, data: bytes) -> None:
    path = Path(path)
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


def read_json(path: Path, default: Any) -> tuple[Any, str | None]:
    """(data, warning). A missing file gives the default; a corrupt one is set aside with a warning."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return default, None
    except OSError as exc:
        return default, f"{path.name} could not be read ({exc.strerror or exc}); starting empty."
    try:
        return json.loads(raw.decode("utf-8")), None
    except (UnicodeDecodeError, json.JSONDecodeError):
        aside = aside_path(path)
        try:
            os.replace(path, aside)
            return default, f"{path.name} was damaged and has been set aside as {aside.name}; starting empty."
        except OSError:
            return default, f"{path.name} was damaged; starting empty."


def aside_path(path: Path) -> Path:
    """A new name beside path for a damaged copy: NAME.corrupt-DATE-TIME[-N].SUFFIX, never an existing file's."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for n in range(1000):
        aside = path.with_name(f"{path.stem}.corrupt-{stamp}{f'-{n}' if n else ''}{path.suffix}")
        if not os.path.lexists(aside):
            return aside
    return path.with_name(f"{path.stem}.corrupt-{stamp}-{os.getpid()}-{time.monotonic_ns()}{path.suffix}")


def data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("brochure-app", appauthor=False))
