"""Which two editions `changes` compares, and the comparison for a region: the window's "What's new" and its
"Updated" tags ask here too."""

from __future__ import annotations

from pathlib import Path

from brochure_app.catalogue.active import BUNDLED
from brochure_app.editions.changes import RegionChanges, compare
from brochure_app.editions.store import EditionError, EditionInfo, active_info, bundled_info, list_editions


def find_edition(name: str) -> EditionInfo:
    """An edition the app has, by its edition line (e.g. 2027.01.1), its folder name, or `bundled`. The bundled
    edition wins a tie with an installed edition of the same line only when asked for as `bundled`."""
    if name == BUNDLED:
        return bundled_info()
    editions = list_editions()
    for info in editions:
        if name == info.folder or (name == info.edition and info.source != BUNDLED):
            return info
    for info in editions:
        if name == info.edition:
            return info
    known = ", ".join(dict.fromkeys([BUNDLED] + [i.edition for i in editions]))
    raise EditionError(f"no edition '{name}' is installed (the editions here: {known})")


def previous_edition() -> EditionInfo:
    """The edition that was active before the active one: the next one kept for rollback, else the bundled one.
    EditionError when the bundled edition is active (there is nothing before it)."""
    active = active_info()
    if active.source == BUNDLED:
        raise EditionError("the bundled edition is active and no earlier edition is installed: there is nothing to "
                           "compare it with (name an edition with --since)")
    earlier = [i for i in list_editions() if i.source != BUNDLED and i.folder != active.folder]
    return earlier[0] if earlier else bundled_info()


def region_changes(region: str, since: str | None = None, root: Path | None = None,
                   root_edition: str | None = None) -> RegionChanges:
    """What changed in the region from one edition to another. To: the content under root (an editor's folder,
    named root_edition) or else the active edition. From: the edition named by since, else, for an editor's folder,
    the active edition, else the edition before the active one."""
    from brochure_app.catalogue.store import load_catalogue

    if root is not None:
        new_root, new_edition = Path(root), root_edition or "unknown"
        old = find_edition(since) if since else active_info()
    else:
        active = active_info()
        new_root, new_edition = active.root, active.edition
        old = find_edition(since) if since else previous_edition()
    return compare(load_catalogue(old.root), load_catalogue(new_root), region, old.edition, new_edition)


def all_updated_ids() -> dict[str, frozenset[str]]:
    """Each region's items added or changed in the active edition since the one before it, the two editions read
    once (empty when the bundled edition is active): the items the window marks "Updated" until they are opened."""
    from brochure_app.catalogue.store import load_catalogue

    try:
        active, old = active_info(), previous_edition()
    except EditionError:
        return {}
    before, after = load_catalogue(old.root), load_catalogue(active.root)
    return {region: compare(before, after, region, old.edition, active.edition).updated_ids
            for region in after.regions}


def updated_ids(region: str) -> frozenset[str]:
    """The region's items added or changed in the active edition (see all_updated_ids)."""
    return all_updated_ids().get(region, frozenset())
