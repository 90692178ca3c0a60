"""A region's brochure as an outline of pages: what presentation mode steps through and what a PDF export covers."""

from __future__ import annotations

from brochure_app.domain.taxonomy import kind_tab
from brochure_app.render.snapshot import region_tab_keys


def region_pages(catalogue, region_id: str) -> list[tuple[str, str]]:
    """(key, title) of every page of the region: home, the sections (as its tabs), then the items by section."""
    pages = [("home", f"Home — {catalogue.regions[region_id].name}")]
    pages += [(key, f"Section: {kind_tab(key[8:])}") for key in region_tab_keys(catalogue, region_id)[1:]]
    for kind, items in catalogue.items_by_kind(region_id).items():
        pages += [(f"item:{i.id}", f"{i.title} ({kind_tab(kind)})") for i in items]
    return pages


def pdf_scope(catalogue, region_id: str, page: str, what: str) -> str | None:
    """What a PDF export of 'page' (the page being read), 'section' (its section) or 'region' covers: a page key,
    'section:KIND' or 'brochure'; None when the page has no section (the home page)."""
    page = page or "home"
    if what == "region":
        return "brochure"
    if what == "page" or page.startswith("section:"):
        return page
    if page.startswith("item:"):
        item = catalogue.item(region_id, page[5:])
        kind = (item.section or item.kind) if item else None
        return f"section:{kind}" if kind else None
    return None
