"""What changed in a region between two content editions: items added, removed, and changed, with which facts
changed. Plain data in, plain data out, so the command line prints it and the window can list it ("What's new in
this edition") and tag the changed items "Updated".

Facts are compared as the region presents the item (its own version, sources and note included), so a change made
only for one region shows only there.
"""

from __future__ import annotations

from dataclasses import dataclass

from brochure_app.domain.models import Item

# The facts compared, in the order they are reported, with the item attributes each one reads. "delivery" is the
# sessions, hours, format and duration; "availability" is where in the region, and how the source limits it.
FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "kind": ("kind",),
    "summary": ("summary",),
    "delivery": ("delivery",),
    "eligibility": ("eligibility",),
    "availability": ("availability", "available_in"),
    "need_areas": ("need_areas",),
    "sources": ("sources",),
    "text": ("body", "note"),
    "alternatives": ("alternative_to",),
    "historical": ("historical",),
}


@dataclass(frozen=True)
class ItemRef:
    id: str
    title: str


@dataclass(frozen=True)
class ChangedItem:
    id: str
    title: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class RegionChanges:
    """The differences for one region, from edition `old` to edition `new`."""

    region: str
    old: str
    new: str
    added: tuple[ItemRef, ...]
    removed: tuple[ItemRef, ...]
    changed: tuple[ChangedItem, ...]

    @property
    def updated_ids(self) -> frozenset[str]:
        """The items a person should see marked "Updated": added or changed in the newer edition."""
        return frozenset([i.id for i in self.added] + [i.id for i in self.changed])

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def as_json(self) -> dict:
        return {"region": self.region, "from": self.old, "to": self.new,
                "added": [{"id": i.id, "title": i.title} for i in self.added],
                "removed": [{"id": i.id, "title": i.title} for i in self.removed],
                "changed": [{"id": i.id, "title": i.title, "fields": list(i.fields)} for i in self.changed]}


def changed_fields(old: Item, new: Item) -> tuple[str, ...]:
    """The names (FIELDS) of the facts that differ between two versions of an item."""
    return tuple(name for name, attrs in FIELDS.items()
                 if any(getattr(old, a) != getattr(new, a) for a in attrs))


def compare(old_catalogue, new_catalogue, region: str, old_edition: str, new_edition: str) -> RegionChanges:
    """The region's items added, removed and changed from the old catalogue to the new one, each list in the new
    (for removed: the old) edition's order."""
    before = {i.id: i for i in old_catalogue.items(region)}
    after = {i.id: i for i in new_catalogue.items(region)}
    added = tuple(ItemRef(i.id, i.title) for i in after.values() if i.id not in before)
    removed = tuple(ItemRef(i.id, i.title) for i in before.values() if i.id not in after)
    changed = []
    for item in after.values():
        if item.id in before:
            fields = changed_fields(before[item.id], item)
            if fields:
                changed.append(ChangedItem(item.id, item.title, fields))
    return RegionChanges(region, old_edition, new_edition, added, removed, tuple(changed))
