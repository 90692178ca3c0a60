"""Where the bundled content lives (beside the package in a checkout, or inside a frozen bundle), and the careful
opening of a file under it."""

from __future__ import annotations

import sys
from pathlib import Path


def bundled_root() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parents[2]


def resources_dir() -> Path:
    return bundled_root() / "resources"


MAX_CACHE_BYTES = 512_000_000    # a cached catalogue of a hundred times the shipped content is tens of megabytes


def open_regular(path: Path, limit: int = MAX_CACHE_BYTES):
    """A file (a cache, or content the loader has read) opened for reading in binary, only if it is a regular file
    (not a link out of its folder) of at most limit bytes: a pipe or device in its place cannot hang the start or
    fill memory. Raises OSError (or safe_files.BadFile) otherwise."""
    from brochure_app import safe_files

    return safe_files.open_regular(path, limit, root=Path(path).parent)
