"""Load the catalogue, reusing a cached copy per content version.

The cache key is a hash of every content file's path and stamp (no file is read) plus the schema and app
versions, so a warm start unpickles one file and imports neither yaml nor a validator. A cache that is missing,
corrupt, unreadable or unwritable is ignored: the content is parsed again, never fatal. The cache is unpickled with
an allow-list (only the catalogue's own data classes), so a planted or damaged file cannot run code; only a regular
file is opened, so a pipe or device put in its place cannot hang the start.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from brochure_app.catalogue.active import default_root
from brochure_app.catalogue.paths import open_regular  # noqa: F401 - re-exported
from brochure_app.catalogue.stamp import fingerprint  # noqa: F401 - re-exported: callers key caches with it
from brochure_app.folders import cache_dir  # noqa: F401 - where store's files go

if TYPE_CHECKING:
    from brochure_app.catalogue.catalogue import Catalogue





def catalogue_cache_path(key: str) -> Path:
    return cache_dir() / f"catalogue-{key}.pickle"


def load_catalogue(root: Path | str | None = None, use_cache: bool = True, key: str | None = None) -> Catalogue:
    """The catalogue of the content under root: from the cache of this content version, else parsed (and cached).
    key: the content's fingerprint when the caller has just taken it (it is not taken twice)."""
    from brochure_app.catalogue.catalogue import Catalogue

    root = Path(root or default_root()).resolve()
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
