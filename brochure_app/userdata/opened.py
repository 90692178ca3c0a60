"""The pages of changed items a person has opened, per content edition: the window tags an item "Updated" (changed
in the active edition) until it has been opened. File: `opened.json` in data_dir():
`{"version": 1, "editions": {"2027.01.1": {"london": ["aamr"]}}}`.

Only the newest KEEP_EDITIONS editions' entries are kept: an older edition's are of no use once it is gone.
"""

from __future__ import annotations

import re

from brochure_app.userdata.store import MAX_ENTRIES, JsonStore, is_id

EDITION_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$")
KEEP_EDITIONS = 5


def is_edition(value) -> bool:
    return isinstance(value, str) and bool(EDITION_PATTERN.match(value))


class OpenedUpdates(JsonStore):
    FILE = "opened.json"

    def _parse(self, raw: dict) -> None:
        self._editions: dict[str, dict[str, list[str]]] = {}
        editions = raw.get("editions", {})
        if not isinstance(editions, dict):
            self._dropped("opened pages", 1)
            return
        bad = 0
        for edition, regions in editions.items():
            if not is_edition(edition) or not isinstance(regions, dict):
                bad += 1
                continue
            self._editions[edition] = self._region_lists({"regions": regions}, is_id, "opened pages")
        self._dropped("opened pages", bad)

    def _merge(self, raw: dict) -> dict:
        editions = raw.get("editions")
        editions = dict(editions) if isinstance(editions, dict) else {}
        for edition, regions in self._editions.items():
            theirs = editions.get(edition)
            theirs = {"regions": theirs} if isinstance(theirs, dict) else {}
            editions[edition] = self._merge_region_lists(theirs, regions, is_id)
        for edition in list(editions)[:-KEEP_EDITIONS]:      # the oldest first (insertion order): let go
            editions.pop(edition)
        raw["editions"] = editions
        return raw

    # reading ----------------------------------------------------------------------------------------------------
    def opened(self, edition: str, region: str) -> frozenset[str]:
        return frozenset(self._editions.get(edition, {}).get(region, ()))

    # changing (saved at once, see JsonStore._change) ------------------------------------------------------------
    def mark(self, edition: str, region: str, item_id: str) -> bool:
        """Remembers that the item's page was opened in this edition; False when it already was."""
        if not is_edition(edition) or not is_id(region) or not is_id(item_id):
            raise ValueError(f"not an edition, region and item id: {edition!r}, {region!r}, {item_id!r}")

        def change() -> bool:
            ids = self._editions.setdefault(edition, {}).setdefault(region, [])
            if item_id in ids:
                return False
            if len(ids) >= MAX_ENTRIES:
                del ids[0]
            ids.append(item_id)
            return True

        return self._change(change)
