"""The shared shape of every file the person saves: one JSON object with a version, read leniently, written atomically.

Reading never fails: a missing file is empty, a damaged one is set aside (atomic.read_json) and entries that do not
have the expected shape are dropped, each with a warning the app can show. Writing raises OSError when the folder
cannot be written; the app tells the person and carries on with what is in memory.

Only plain ids and strings are kept here (region ids, item ids, page keys): this layer imports nothing else from the
package, so which ids exist is decided by the app when it shows them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from brochure_app.userdata.atomic import data_dir, read_json, write_json

FORMAT_VERSION = 1
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
KEY_PATTERN = re.compile(r"^(home|(section|item):[a-z0-9][a-z0-9-]{0,99})$")
MAX_ENTRIES = 500


def is_id(value: Any) -> bool:
    """A region or item id as the content writes them: lowercase letters, digits and hyphens."""
    return isinstance(value, str) and bool(ID_PATTERN.match(value))


def is_page_key(value: Any) -> bool:
    """'home', 'section:KIND' or 'item:ID'."""
    return isinstance(value, str) and bool(KEY_PATTERN.match(value))


class JsonStore:
    """Base: a file name under data_dir(), loaded on construction; subclasses parse and dump their own part."""

    FILE = "store.json"

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path is not None else data_dir() / self.FILE
        self.warnings: list[str] = []
        raw, warning = read_json(self.path, {})
        if warning:
            self.warnings.append(warning)
        if not isinstance(raw, dict):
            self.warnings.append(f"{self.path.name} did not hold what was expected; starting empty.")
            raw = {}
        self._parse(raw)

    def _region_lists(self, raw: dict, valid, what: str) -> dict[str, list[str]]:
        """raw["regions"] as {region id: [unique valid entries]}; anything else is dropped with a warning."""
        out: dict[str, list[str]] = {}
        regions = raw.get("regions", {})
        if not isinstance(regions, dict):
            self._dropped(what, 1)
            return out
        bad = 0
        for region, entries in regions.items():
            if not is_id(region) or not isinstance(entries, list):
                bad += 1
                continue
            kept: list[str] = []
            for entry in entries:
                if valid(entry) and entry not in kept and len(kept) < MAX_ENTRIES:
                    kept.append(entry)
                else:
                    bad += 1
            if kept:
                out[region] = kept
        self._dropped(what, bad)
        return out

    # subclasses -------------------------------------------------------------------------------------------------
    def _parse(self, raw: dict) -> None:
        raise NotImplementedError

    def _dump(self) -> dict:
        raise NotImplementedError

    # shared -----------------------------------------------------------------------------------------------------
    def save(self) -> None:
        """Writes the whole file atomically (temporary file, fsync, rename). Raises OSError when it cannot."""
        data = self._dump()
        data["version"] = FORMAT_VERSION
        write_json(self.path, data)

    def _dropped(self, what: str, count: int) -> None:
        if count:
            verb = "was" if count == 1 else "were"
            self.warnings.append(f"{self.path.name}: {count} {what} could not be read and {verb} left out.")
