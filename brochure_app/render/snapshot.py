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

from brochure_app.catalogue.active import default_root

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
    if os.environ.get("BROCHURE_APP_NO_CACHE") or not _region_name(region):
        return None
    from brochure_app import safe_files
    from brochure_app.catalogue.store import cache_dir, fingerprint

    root = Path(root or default_root()).resolve()
    key = key or fingerprint(root)
    try:
        raw = safe_files.read_bytes(_path(key, region), MAX_BYTES, root=cache_dir())
    except (OSError, safe_files.BadFile):
        return None
    return parse_snapshot(raw, root, region, key)


def parse_snapshot(raw: bytes, root: Path | str, region: str, key: str) -> Snapshot | None:
    """The snapshot in raw (a file's bytes, or the start-up child's answer) when it is one, of this region of the
    content under root at version key; else None."""
    from brochure_app.safe_files import BadFile, parse_json

    if len(raw) > MAX_BYTES:
        return None
    try:
        data = parse_json(raw, "start-up snapshot", max_depth=8)
    except BadFile:
        return None
    if not _valid(data) or data["content_hash"] != key or data["root"] != str(root) or data["region"] != region:
        return None
    return Snapshot(data)


def _region_name(region) -> bool:
    return isinstance(region, str) and bool(region) and region.replace("-", "").isalnum()


def encode(snapshot: Snapshot) -> bytes:
    return json.dumps(dict(snapshot.as_dict(), format=FORMAT), ensure_ascii=False).encode("utf-8")


def write_snapshot(content_hash: str, region: str, build) -> bool:
    """Keeps the region's snapshot unless this content version has one; build() makes the Snapshot, only when it is
    needed (it renders the home page). False when it could not be kept."""
    if os.environ.get("BROCHURE_APP_NO_CACHE") or not content_hash:
        return False
    path = _path(content_hash, region)
    if path.is_file():
        return True
    return _keep(path, region, encode(build()))


def _keep(path: Path, region: str, data: bytes) -> bool:
    from brochure_app.userdata.atomic import replace_cache

    try:
        replace_cache(path, data, f"start-*-{region}.json")
    except OSError:
        return False   # a read-only or full cache folder only costs the long way next time
    return True


# --- made from the catalogue: by the window, and by the start-up's child (see catalogue.prefetch) -------------------

def region_labels(catalogue) -> list[tuple[str, str]]:
    """(id, label) of every region for the region box; historical guides say so, with their date."""
    return [(rid, f"{r.short_name} (historical, {r.edition})" if r.historical else r.name)
            for rid, r in catalogue.regions.items()]


def region_tab_keys(catalogue, region_id: str) -> list[str]:
    """The region's tabs: home, then a section for each kind it has (the two kinds of programme always)."""
    from brochure_app.domain.taxonomy import KINDS

    keys = ["home"]
    for kind in KINDS:
        if catalogue.items(region_id, kind) or kind in ("accredited-programme", "structured-intervention"):
            keys.append(f"section:{kind}")
    return keys


def region_texts(catalogue, region_id: str) -> tuple[str, str]:
    """(window title, status line) for a region."""
    region = catalogue.regions[region_id]
    count = len(catalogue.items(region_id))
    return (f"{region.name} — Judicial Brochure of Probation Interventions",
            f"{region.name} · source edition {region.edition}{' (historical)' if region.historical else ''}"
            f" · {count} pages")


def build_snapshot(catalogue, region: str, window_state: str = "") -> Snapshot:
    """The region's first paint, its home page rendered. window_state: Qt's record of the docks as the window
    started, in hex; empty when it is not known (the window then places them as the app ships them)."""
    from brochure_app.domain.taxonomy import kind_tab
    from brochure_app.render.html import render

    home = render(catalogue, region, "home")
    title, status = region_texts(catalogue, region)
    return Snapshot({
        "content_hash": catalogue.content_hash, "root": str(catalogue.root or ""), "region": region,
        "regions": [list(pair) for pair in region_labels(catalogue)],
        "tabs": [[key, home.title if key == "home" else kind_tab(key.partition(":")[2])]
                 for key in region_tab_keys(catalogue, region)],
        "home_title": home.title, "home_html": home.html, "title": title, "status": status,
        "window_state": window_state, "problems": [str(p) for p in catalogue.problems]})


def prepare_first_paint() -> None:
    """Loads and compiles what first_paint needs (the renderer and its templates) before the region is known."""
    from brochure_app.render.html import warm_up

    warm_up()


def first_paint(catalogue, region: str):
    """The start-up child's answer to the window's request for a region (see catalogue.prefetch): (the region's
    snapshot, encoded, and a function that keeps it in the cache for the next start), or None when the catalogue has
    no such region or caching is off."""
    if not _region_name(region) or region not in catalogue.regions or os.environ.get("BROCHURE_APP_NO_CACHE"):
        return None
    data = encode(build_snapshot(catalogue, region))
    path = _path(catalogue.content_hash, region)
    return data, lambda: path.is_file() or _keep(path, region, data)
