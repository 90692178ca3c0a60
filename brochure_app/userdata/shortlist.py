"""The shortlist: the items a person has put aside, per region, in the order they chose.

A region's shortlist is what its bench card prints and what presentation mode runs through by default. File:
`shortlist.json` in data_dir(): `{"version": 1, "regions": {"london": ["bbr", "tsp"]}}`.
"""

from __future__ import annotations

from brochure_app.userdata.store import MAX_ENTRIES, JsonStore, is_id


class Shortlist(JsonStore):
    FILE = "shortlist.json"

    def _parse(self, raw: dict) -> None:
        self._regions: dict[str, list[str]] = self._region_lists(raw, is_id, "shortlist entries")

    def _merge(self, raw: dict) -> dict:
        raw["regions"] = self._merge_region_lists(raw, self._regions, is_id)
        return raw

    # reading ----------------------------------------------------------------------------------------------------
    def items(self, region: str) -> list[str]:
        return list(self._regions.get(region, ()))

    def regions(self) -> list[str]:
        return [r for r, ids in self._regions.items() if ids]

    def contains(self, region: str, item_id: str) -> bool:
        return item_id in self._regions.get(region, ())

    # changing (each change is saved at once, see JsonStore._change) -------------------------------------------
    def add(self, region: str, item_id: str) -> bool:
        """Adds at the end; False (and nothing written) when it is already there."""
        _check(region, item_id)

        def change() -> bool:
            ids = self._regions.setdefault(region, [])
            if item_id in ids:
                return False
            if len(ids) >= MAX_ENTRIES:
                raise ValueError(f"a shortlist holds at most {MAX_ENTRIES} items")
            ids.append(item_id)
            return True

        return self._change(change)

    def remove(self, region: str, item_ids) -> int:
        unwanted = set(item_ids)

        def change() -> int:
            ids = self._regions.get(region, [])
            gone = [i for i in ids if i in unwanted]
            if gone:
                self._regions[region] = [i for i in ids if i not in unwanted]
            return len(gone)

        return self._change(change)

    def move(self, region: str, item_id: str, delta: int) -> int:
        """Moves an item up (negative) or down; returns its new position (unchanged at either end)."""
        def change() -> int:
            ids = self._regions.get(region, [])
            if item_id not in ids:
                return -1
            old = ids.index(item_id)
            new = max(0, min(len(ids) - 1, old + delta))
            ids.insert(new, ids.pop(old))
            return new

        return self._change(change)

    def clear(self, region: str) -> int:
        return self._change(lambda: len(self._regions.pop(region, ())))


def _check(region: str, item_id: str) -> None:
    if not is_id(region) or not is_id(item_id):
        raise ValueError(f"not a region and item id: {region!r}, {item_id!r}")
