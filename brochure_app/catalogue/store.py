"""Load the catalogue, reusing a cached copy per content version.

The cache key is a hash of every content file's path and stamp (no file is read) plus the schema and app
versions, so a warm start unpickles one file and imports neither yaml nor a validator. A cache that is missing,
corrupt, unreadable or unwritable is ignored: the content is parsed again, never fatal. The cache is unpickled with
an allow-list (only the catalogue's own data classes), so a planted or damaged file cannot run code; only a regular
file is opened, so a pipe or device put in its place cannot hang the start.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from brochure_app import __version__
from brochure_app.catalogue.paths import bundled_root, resources_dir

if TYPE_CHECKING:
    from brochure_app.catalogue.catalogue import Catalogue

CACHE_FORMAT = 2


def cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("brochure-app", appauthor=False))


def catalogue_cache_path(key: str) -> Path:
    return cache_dir() / f"catalogue-{key}.pickle"


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


def load_catalogue(root: Path | str | None = None, use_cache: bool = True, key: str | None = None) -> Catalogue:
    """The catalogue of the content under root: from the cache of this content version, else parsed (and cached).
    key: the content's fingerprint when the caller has just taken it (it is not taken twice)."""
    from brochure_app.catalogue.catalogue import Catalogue

    root = Path(root or bundled_root()).resolve()
    if not use_cache or os.environ.get("BROCHURE_APP_NO_CACHE"):
        from brochure_app.catalogue.loader import load

        return load(root)
    key = key or fingerprint(root)
    path = catalogue_cache_path(key)
    try:
        cat = read_pickle(path, CATALOGUE_MODULES)
        if isinstance(cat, Catalogue) and cat.content_hash == key and cat.root == str(root):
            return cat
    except Exception:  # noqa: BLE001 - any broken cache means: parse again
        pass
    from brochure_app.catalogue.loader import load

    cat = load(root, key)
    import pickle

    write_cache(path, pickle.dumps(cat, protocol=pickle.HIGHEST_PROTOCOL))
    return cat


# What a cached catalogue is made of: the Catalogue and the domain's data classes. Nothing else may be unpickled.
CATALOGUE_MODULES = ("brochure_app.catalogue.catalogue", "brochure_app.domain.models")


def _restricted_unpickler(fh, modules: tuple[str, ...]):
    """An unpickler that builds only plain data and classes defined in the allowed modules: a pickle cannot call
    anything else. (pickle is imported here, not at start-up: the fast start reads no pickle.)"""
    import pickle

    class RestrictedUnpickler(pickle.Unpickler):
        def find_class(self, module: str, name: str):
            if module in modules and name.isidentifier():
                obj = getattr(sys.modules.get(module) or __import__(module, fromlist=[name]), name, None)
                if isinstance(obj, type) and obj.__module__ == module:
                    return obj
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a cache file")

    return RestrictedUnpickler(fh)


def unpickle_bytes(data: bytes, modules: tuple[str, ...]):
    """Pickled data read from elsewhere (a child process's answer), with the same allow-list as the cache files."""
    import io

    return _restricted_unpickler(io.BytesIO(data), modules).load()


MAX_CACHE_BYTES = 512_000_000    # a cached catalogue of a hundred times the shipped content is tens of megabytes


def open_regular(path: Path, limit: int = MAX_CACHE_BYTES):
    """A cache file opened for reading in binary, only if it is a regular file (not a link out of its folder) of at
    most limit bytes: a pipe or device in its place cannot hang the start or fill memory. Raises OSError (or
    safe_files.BadFile) otherwise."""
    from brochure_app import safe_files

    return safe_files.open_regular(path, limit, root=Path(path).parent)


def read_pickle(path: Path, modules: tuple[str, ...] = ()):
    """A cache file's data. Only a regular file is read, and only plain data and classes of the given modules are
    built. Raises on anything else."""
    with open_regular(path) as fh:
        return _restricted_unpickler(fh, modules).load()


def write_cache(path: Path, data: bytes) -> None:
    """Keeps a pickled catalogue as the cache file path (atomically; older versions removed). Never fatal."""
    from brochure_app.userdata.atomic import replace_cache

    try:
        replace_cache(path, data, "catalogue-*.pickle")
    except OSError as exc:
        print(f"brochure-app: note: cannot write the content cache ({exc.strerror or exc}); continuing",
              file=sys.stderr)
