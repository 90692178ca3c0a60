"""Where the commands go: the menu bar and the toolbar, by command id ('-' a separator, a tuple a submenu). The
commands themselves (text, keys, what they run) are the features' (see common/actions.py)."""

from __future__ import annotations

MENUS = (
    ("&File", ("printing.print", "editions.install",
               ("Export PDF", ("printing.pdf_page", "printing.pdf_section", "printing.pdf_region")),
               "printing.website",
               "-", "bench.card", "-", "window.quit")),
    ("&Go", ("pages.back", "pages.forward", "pages.home", "-", "window.pick_region", "search.focus", "pages.find",
             "pages.find_next", "pages.find_previous", "-", "access.next_panel", "access.previous_panel", "-",
             "pages.close", "pages.reopen")),
    ("&View", ("advisor.toggle", "search.results", "bench.shortlist", "-", "pages.zoom_in", "pages.zoom_out",
               "pages.zoom_reset", "access.contrast", "-", "presentation.toggle")),
    ("&Tools", ("bench.shortlist_add", "bench.compare_add", "bench.compare", "bench.card", "-", "bench.grid",
                "bench.ladder", "-", "presentation.toggle", "presentation.order")),
    ("&Presets", ("advisor.preset_save", "advisor.preset_rename", "advisor.preset_delete")),   # and the presets
    #                                                      themselves, listed by ui/advisor/presets.py
    ("&Help", ("window.guide", "access.shortcuts", "editions.whats_new", "-", "window.about")),
)

# The toolbar: the region box and the search box are widgets; these are the buttons, in order.
TOOLBAR = ("region", "-", "pages.back", "pages.forward", "pages.home", "-", "search")
# The tools' buttons: a toolbar of their own, beside the first, or on a row below it when both do not fit (large
# text, a small screen) rather than behind the toolbar's extension button (screen_fit.DockFit).
TOOLS_TOOLBAR = ("advisor.toggle", "bench.shortlist_add", "bench.shortlist", "bench.compare", "printing.print")


def menu_ids() -> list[str]:
    """Every command id the menus and toolbar name (a test checks each is a command)."""
    ids: list[str] = []

    def walk(entries):
        for entry in entries:
            if isinstance(entry, tuple):
                walk(entry[1])
            elif entry != "-":
                ids.append(entry)

    for _title, entries in MENUS:
        walk(entries)
    return ids + [t for t in TOOLBAR + TOOLS_TOOLBAR if "." in t]
