"""Presentation running orders: per region, the pages to step through, in order (page keys: 'home',
'section:KIND', 'item:ID'). File: `running_order.json` in data_dir():
`{"version": 1, "regions": {"london": ["home", "item:bbr"]}}`.
"""

from __future__ import annotations

from brochure_app.userdata.store import MAX_ENTRIES, JsonStore, is_id, is_page_key


class RunningOrders(JsonStore):
    FILE = "running_order.json"

    def _parse(self, raw: dict) -> None:
        self._orders: dict[str, list[str]] = self._region_lists(raw, is_page_key, "running-order pages")

    def _merge(self, raw: dict) -> dict:
        raw["regions"] = self._merge_region_lists(raw, self._orders, is_page_key)
        return raw

    def get(self, region: str) -> list[str]:
        return list(self._orders.get(region, ()))

    def set(self, region: str, keys: list[str]) -> None:  # noqa: A003 - the store's verb
        if not is_id(region):
            raise ValueError(f"not a region id: {region!r}")
        kept: list[str] = []
        for key in keys:
            if not is_page_key(key):
                raise ValueError(f"not a page key: {key!r}")
            if key not in kept:
                kept.append(key)

        def change() -> None:
            if kept:
                self._orders[region] = kept[:MAX_ENTRIES]
            else:
                self._orders.pop(region, None)

        self._change(change)
