"""Rendered pages cached per content version, so a warm start renders no template and parses no Markdown.

Held in memory while the app runs and written (atomically) to the user cache folder when the process ends. A cache
file that is missing, damaged or from another content version is ignored; one that cannot be written is skipped.
"""

from __future__ import annotations

import atexit
import os
import pickle
from pathlib import Path

FORMAT = 1
_caches: dict[str, PageCache] = {}


class PageCache:
    def __init__(self, content_hash: str, folder: Path):
        self.content_hash = content_hash
        self.path = folder / f"pages-{content_hash}.pickle"
        self.pages: dict[tuple, tuple[str, str]] = {}
        self.dirty = False
        try:
            from brochure_app.catalogue.store import read_pickle

            data = read_pickle(self.path)   # plain data only: a planted file cannot run code
            if isinstance(data, dict) and data.get("format") == FORMAT and data.get("hash") == content_hash:
                self.pages = data["pages"]
        except Exception:  # noqa: BLE001 - any unreadable cache means: render again
            self.pages = {}

    def get(self, key: tuple) -> tuple[str, str] | None:
        return self.pages.get(key)

    def put(self, key: tuple, value: tuple[str, str]) -> None:
        self.pages[key] = value
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        from brochure_app.userdata.atomic import replace_cache

        try:
            data = {"format": FORMAT, "hash": self.content_hash, "pages": self.pages}
            replace_cache(self.path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL), "pages-*.pickle")
            self.dirty = False
        except OSError:
            pass  # a read-only or full cache folder only costs rendering again next time


def for_catalogue(catalogue) -> PageCache | None:
    if not catalogue.content_hash or os.environ.get("BROCHURE_APP_NO_CACHE"):
        return None
    cache = _caches.get(catalogue.content_hash)
    if cache is None:
        from brochure_app.catalogue.store import cache_dir

        cache = _caches[catalogue.content_hash] = PageCache(catalogue.content_hash, cache_dir())
    return cache


@atexit.register
def _save_all() -> None:
    for cache in _caches.values():
        cache.save()
