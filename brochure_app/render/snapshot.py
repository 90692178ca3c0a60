"""What the first paint of a region needs, kept per content version: its home page, ready to show.

Start-up reads one small JSON file (the region list, the region's tab titles, window title and status line, the
rendered home page, the content problems, the docks' starting layout) and paints the window from it; the catalogue,
the other pages, the decision aid and the search index follow just after the first paint. The file is written by
any run that has the catalogue loaded, once per content version and region, atomically.

Keyed by the same content fingerprint as the catalogue cache, so an edited content file makes it stale and the app
starts the long way. Only a regular file is read, as JSON, and checked field by field: anything unexpected means no
snapshot (the long way), never an error. Its HTML is the app's own rendered page (sanitised when it was rendered) and
is shown by the same inert page view as every other page.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from brochure_app.catalogue.paths import bundled_root

FORMAT = 2
MAX_BYTES = 8_000_000      # a home page lists the region's items: large content sets make it large


class Snapshot:
    """The first paint of one region (see the module's text)."""

    __slots__ = ("content_hash", "root", "region", "regions", "tabs", "home_title", "home_html", "title", "status",
                 "problems", "window_state")

    def __init__(self, data: dict):
        for name in self.__slots__:
            setattr(self, name, data[name])

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.__slots__}


def _path(content_hash: str, region: str) -> Path:
    from brochure_app.catalogue.store import cache_dir

    return cache_dir() / f"start-{content_hash}-{region}.json"


def _valid(data) -> bool:
    def strings(value, n=None):
        return isinstance(value, list) and all(
            (isinstance(v, str) if n is None else
             isinstance(v, list) and len(v) == n and all(isinstance(x, str) for x in v)) for v in value)

    return (isinstance(data, dict) and data.get("format") == FORMAT
            and all(isinstance(data.get(k), str) for k in ("content_hash", "root", "region", "home_title",
                                                             "home_html", "title", "status", "window_state"))
            and strings(data.get("regions"), 2) and strings(data.get("tabs"), 2) and strings(data.get("problems"))
            and bool(data["regions"]) and data["region"] in {rid for rid, _ in data["regions"]})


def read_snapshot(root: Path | str | None, region: str, key: str | None = None) -> Snapshot | None:
    """The region's first paint for the content under root as it is now, or None (missing, stale, damaged).
    key: the content's fingerprint when the caller has just taken it."""
    if os.environ.get("BROCHURE_APP_NO_CACHE") or not region or not region.replace("-", "").isalnum():
        return None
    from brochure_app.catalogue.store import fingerprint, open_regular

    root = Path(root or bundled_root()).resolve()
    key = key or fingerprint(root)
    try:
        with open_regular(_path(key, region)) as fh:
            raw = fh.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            return None
        data = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError):
        return None
    if not _valid(data) or data["content_hash"] != key or data["root"] != str(root) or data["region"] != region:
        return None
    return Snapshot(data)


def write_snapshot(content_hash: str, region: str, build) -> bool:
    """Keeps the region's snapshot unless this content version has one; build() makes the Snapshot, only when it is
    needed (it renders the home page). False when it could not be kept."""
    if os.environ.get("BROCHURE_APP_NO_CACHE") or not content_hash:
        return False
    path = _path(content_hash, region)
    if path.is_file():
        return True
    from brochure_app.userdata.atomic import replace_cache

    snapshot = build()
    data = dict(snapshot.as_dict(), format=FORMAT)
    try:
        replace_cache(path, json.dumps(data, ensure_ascii=False).encode("utf-8"), f"start-*-{snapshot.region}.json")
    except OSError:
        return False   # a read-only or full cache folder only costs the long way next time
    return True
