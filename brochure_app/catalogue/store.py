"""Load the catalogue, reusing a cached copy per content version.

The cache key is a hash of every content file's bytes (cheap: a few hundred small files) plus the schema and app
versions, so a warm start unpickles one file and imports neither pydantic nor yaml. A cache that is missing,
corrupt, unreadable or unwritable is ignored: the content is parsed again, never fatal. The cache is unpickled with
an allow-list (only the catalogue's own data classes), so a planted or damaged file cannot run code; only a regular
file is opened, so a pipe or device put in its place cannot hang the start.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
from pathlib import Path

from brochure_app import __version__
from brochure_app.catalogue.catalogue import Catalogue
from brochure_app.catalogue.paths import bundled_root

CACHE_FORMAT = 2


def cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("brochure-app", appauthor=False))


def fingerprint(root: Path) -> str:
    from brochure_app.catalogue.limits import SCHEMA_VERSION

    digest = hashlib.blake2b(f"{SCHEMA_VERSION}/{CACHE_FORMAT}/{__version__}".encode(), digest_size=16)
    real_root = root.resolve()
    for folder in ("content", "regions"):
        base = root / folder
        for dirpath, dirnames, filenames in os.walk(base, followlinks=False):
            dirnames.sort()
            for name in sorted(filenames):
                path = Path(dirpath) / name
                digest.update(str(path.relative_to(root)).encode() + b"\0")
                try:
                    if path.is_symlink():
                        # Never read through a link that leaves the root (the loader refuses it too).
                        target = path.resolve()
                        digest.update(f"link:{os.readlink(path)}".encode())
                        if target != real_root and real_root not in target.parents:
                            continue
                    # Size, modification and change times (ns) and inode: any write to a file changes its ctime,
                    # which no tool can set back, so the stamp changes with the content without reading it.
                    st = path.stat()
                    digest.update(f"{st.st_size}/{st.st_mtime_ns}/{st.st_ctime_ns}/{st.st_ino}".encode())
                except (OSError, RuntimeError) as exc:
                    digest.update(f"error:{getattr(exc, 'errno', None)}".encode())
    return digest.hexdigest()


def load_catalogue(root: Path | str | None = None, use_cache: bool = True) -> Catalogue:
    root = Path(root or bundled_root()).resolve()
    if not use_cache or os.environ.get("BROCHURE_APP_NO_CACHE"):
        from brochure_app.catalogue.loader import load

        return load(root)
    key = fingerprint(root)
    path = cache_dir() / f"catalogue-{key}.pickle"
    try:
        cat = read_pickle(path, CATALOGUE_MODULES)
        if isinstance(cat, Catalogue) and cat.content_hash == key and cat.root == str(root):
            return cat
    except Exception:  # noqa: BLE001 - any broken cache means: parse again
        pass
    from brochure_app.catalogue.loader import load

    cat = load(root)
    _write_atomic(path, cat)
    return cat


# What a cached catalogue is made of: the Catalogue and the domain's data classes. Nothing else may be unpickled.
CATALOGUE_MODULES = ("brochure_app.catalogue.catalogue", "brochure_app.domain.models")


class _RestrictedUnpickler(pickle.Unpickler):
    """Builds only plain data and classes defined in the allowed modules: a pickle cannot call anything else."""

    def __init__(self, fh, modules: tuple[str, ...]):
        super().__init__(fh)
        self._modules = modules

    def find_class(self, module: str, name: str):
        if module in self._modules and name.isidentifier():
            obj = getattr(sys.modules.get(module) or __import__(module, fromlist=[name]), name, None)
            if isinstance(obj, type) and obj.__module__ == module:
                return obj
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a cache file")


def read_pickle(path: Path, modules: tuple[str, ...] = ()):
    """A cache file's data. Only a regular file is read (a pipe or device in its place cannot hang the start), and
    only plain data and classes of the given modules are built. Raises on anything else."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise OSError(f"{path} is not a regular file")
        return _RestrictedUnpickler(fh, modules).load()


def _write_atomic(path: Path, cat: Catalogue) -> None:
    from brochure_app.userdata.atomic import replace_cache

    try:
        replace_cache(path, pickle.dumps(cat, protocol=pickle.HIGHEST_PROTOCOL), "catalogue-*.pickle")
    except OSError as exc:
        print(f"brochure-app: note: cannot write the content cache ({exc.strerror or exc}); continuing",
              file=sys.stderr)
