"""The loaded content: immutable, queried by every layer above."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from brochure_app.domain.models import Item, Problem, Region
from brochure_app.domain.taxonomy import KINDS


@dataclass(frozen=True)
class Catalogue:
    regions: dict[str, Region]
    region_items: dict[str, tuple[Item, ...]]
    synonyms: tuple[tuple[str, ...], ...] = ()
    problems: tuple[Problem, ...] = ()
    content_hash: str = ""
    root: str = ""
    _index: dict = field(default_factory=dict, repr=False, compare=False)

    def items(self, region: str, kind: str | None = None) -> tuple[Item, ...]:
        items = self.region_items.get(region, ())
        if kind is not None:
            items = tuple(i for i in items if i.kind == kind)
        return items

    def items_by_kind(self, region: str) -> dict[str, tuple[Item, ...]]:
        """The region's items grouped by kind, in the brochure's tab order, empty kinds left out."""
        items = self.items(region)
        grouped = {k: tuple(i for i in items if i.kind == k) for k in KINDS}
        return {k: v for k, v in grouped.items() if v}

    def item(self, region: str, item_id: str) -> Item | None:
        key = ("by_id", region)
        table = self._index.get(key)
        if table is None:
            table = self._index[key] = {i.id: i for i in self.items(region)}
        return table.get(item_id)

    def memo(self, key: str, make):
        """A value worked out from this content once (the catalogue never changes): make() the first time."""
        if key not in self._index:
            self._index[key] = make()
        return self._index[key]

    def find(self, region: str, text: str) -> Item | None:
        """An item by id or exact title, case-insensitive."""
        wanted = text.strip().casefold()
        for item in self.items(region):
            if item.id == wanted or item.title.casefold() == wanted:
                return item
        return None

    def closest_titles(self, region: str, text: str, n: int = 3) -> list[str]:
        titles = {i.title.casefold(): i.title for i in self.items(region)}
        ids = {i.id: i.title for i in self.items(region)}
        wanted = text.strip().casefold()
        hits = difflib.get_close_matches(wanted, list(titles) + list(ids), n=n, cutoff=0.4)
        out: list[str] = []
        for h in hits:
            title = titles.get(h) or ids.get(h)
            if title and title not in out:
                out.append(title)
        if not out:
            out = [t for k, t in titles.items() if wanted and wanted in k][:n]
        return out

    def regions_offering(self, item_id: str) -> tuple[str, ...]:
        return tuple(rid for rid in self.regions if self.item(rid, item_id) is not None)

    def best_region(self, item_id: str, prefer: str = "", historical: bool | None = None) -> str | None:
        """The region to show an item in: prefer (the one being read) when it has the item and, if asked, is of that
        era (historical or current); else the first region that does."""
        offering = [r for r in self.regions_offering(item_id)
                    if historical is None or self.regions[r].historical == historical]
        if prefer in offering:
            return prefer
        return offering[0] if offering else None

    def source_titles(self) -> dict[str, tuple[str, bool]]:
        """Seed file → (the document's human title with its date, historical), as the loaded content cites them."""
        titles: dict[str, tuple[str, bool]] = {}
        for region in self.regions.values():
            titles[region.source.document] = (region.source.title, region.source.historical)
        for items in self.region_items.values():
            for item in items:
                for src in item.sources:
                    titles.setdefault(src.document, (src.title, src.historical))
        return titles

    def sections(self, region: str, kind: str) -> tuple[Item, ...]:
        """Information pages that introduce a tab (section: kind)."""
        return tuple(i for i in self.items(region) if i.section == kind)
