"""The content's version stamp: a hash of every content file's path and stat, and of the templates and renderer that
make the cached pages. Caches (catalogue, pages, snapshots, search index) are keyed on it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from brochure_app import __version__
from brochure_app.catalogue.paths import resources_dir

CACHE_FORMAT = 2


def fingerprint(root: Path) -> str:
    """The content version: a hash of the path and stamp of every content file, and of the templates and renderer
    that make the cached pages; no file is opened."""
    try:
        from _blake2 import blake2b  # what hashlib.blake2b is, without loading OpenSSL's hashes (ms at start-up)
    except ImportError:
        from hashlib import blake2b

    from brochure_app.catalogue.limits import SCHEMA_VERSION

    digest = blake2b(f"{SCHEMA_VERSION}/{CACHE_FORMAT}/{__version__}".encode(), digest_size=16)
    real_root = os.path.realpath(root)
    for folder in ("content", "regions"):
        _stamp_tree(digest, os.path.join(root, folder), folder, real_root)
    # The cached pages are also made by the app's templates and renderer: an edit to either is a new version too.
    # The templates' sources only: their compiled form is checked against them (render.compiled), and Python may
    # write bytecode beside it at any start.
    templates = os.path.join(resources_dir(), "templates")
    _stamp_tree(digest, templates, "app-templates", os.path.realpath(templates), only=".j2")
    renderer = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "render")
    _stamp_tree(digest, renderer, "app-render", os.path.realpath(renderer), only=".py")
    return digest.hexdigest()


def _stamp_tree(digest, folder: str, rel: str, real_root: str, only: str = "") -> None:
    """Adds each file under folder, in name order: its path, then size, modification and change times (ns) and
    inode. Any write to a file changes its ctime, which no tool can set back, so the stamp changes with the content.
    Links add their target's text; a link that leaves the root is never followed (the loader refuses it too), and
    links to folders are not descended."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if only and not entry.name.endswith(only):
            continue     # e.g. the renderer's source files, not the bytecode Python writes beside them
        name = f"{rel}/{entry.name}"
        try:
            if entry.is_symlink():
                digest.update(f"{name}\0link:{os.readlink(entry.path)}".encode())
                target = os.path.realpath(entry.path)
                if target != real_root and not target.startswith(real_root.rstrip(os.sep) + os.sep):
                    continue
                st = os.stat(entry.path)
                if stat.S_ISDIR(st.st_mode):
                    continue
            elif entry.is_dir(follow_symlinks=False):
                _stamp_tree(digest, entry.path, name, real_root)
                continue
            else:
                st = entry.stat(follow_symlinks=False)
            digest.update(f"{name}\0{st.st_size}/{st.st_mtime_ns}/{st.st_ctime_ns}/{st.st_ino}".encode())
        except (OSError, RuntimeError, ValueError) as exc:
            digest.update(f"{name}\0error:{getattr(exc, 'errno', None)}".encode())
