"""Where the bundled content lives (beside the package in a checkout, or inside a frozen bundle), and the careful
opening of a file under it."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path


def bundled_root() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parents[2]


def resources_dir() -> Path:
    return bundled_root() / "resources"


def open_regular(path: Path):
    """A file (a cache, or content the loader has read) opened for reading in binary, only if it is a regular
    file (a pipe or device in its place cannot hang the start). Raises OSError otherwise."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    fh = os.fdopen(fd, "rb")
    if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
        fh.close()
        raise OSError(f"{path} is not a regular file")
    return fh
