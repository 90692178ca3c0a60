"""The bench tools: the shortlist (a dock), and the compare, bench card, region grid and sentencing ladder windows,
each made the first time it is used; the item commands (open, shortlist, compare) on every link's context menu."""

from __future__ import annotations

from PySide6.QtWidgets import QDockWidget

from brochure_app.ui.common.actions import Command
from brochure_app.ui.common.feature import Feature
from brochure_app.ui.common.lazy_qt import Qt

# (title, size) of each tool's window; ToolWindow fits the size to the screen.
TOOLS = {
    "compare": ("Compare interventions", (1180, 760)),
    "bench": ("Bench card", (880, 960)),
    "grid": ("Which regions deliver which interventions", (1220, 820)),
    "ladder": ("Sentencing ladder", (1220, 880)),
}
# The tools that draw their own text and colours (the ladder, the bench card's preview): they are told the window's
# zoom and theme, when made and whenever either changes. The others are widgets the app's font and style reach.
DRAWN = ("ladder", "bench")


class BenchFeature(Feature):
    COMMANDS = (
        Command("bench.shortlist_add", "Add to shortlist", "add_to_shortlist", ("Ctrl+D",),
                tip="Add this page to the shortlist", enabled=False),
        Command("bench.shortlist", "Shortlist", "focus_if_shown", ("F8",), dock="dock",
                tip="Show or hide the shortlist"),
        Command("bench.compare_add", "Add page to comparison", "add_to_comparison", ("Ctrl+Shift+A",),
                tip="Add this page to the comparison", enabled=False),
        Command("bench.compare", "Compare…", "show_compare", ("Ctrl+Shift+C",),
                tip="Compare 2 to 4 interventions side by side"),
        Command("bench.card", "Bench card…", "show_bench_card", ("Ctrl+Shift+B",),
                tip="The shortlist on one A4 page: print or save as PDF"),
        Command("bench.grid", "Region availability grid", "show_grid", ("Ctrl+Shift+R",),
                tip="Which regions deliver which interventions"),
        Command("bench.ladder", "Sentencing ladder", "show_ladder", ("Ctrl+Shift+L",),
                tip="What the sources say about low, medium and high seriousness"),
    )

    def __init__(self, window):
        super().__init__(window)
        # The shortlist's dock exists from the start (toggle, layout, saved state); its panel is made when first
        # shown or used.
        self.dock = QDockWidget("Shortlist", window)
        self.dock.setObjectName("shortlist")
        self._shortlist = None
        self._tools: dict[str, tuple] = {}

    def wire(self) -> None:
        self.dock.visibilityChanged.connect(lambda shown: shown and self.shortlist)
        self.state.region_changed.connect(self._follow_region)
        self.state.page_changed.connect(self._follow_page)
        self.state.profile_changed.connect(self._follow_profile)
        self.state.contrast_changed.connect(lambda _on: self._follow_look())
        self.window.pages.zoom_changed.connect(lambda _percent: self._follow_look())

    @property
    def shortlist(self):
        """The shortlist panel, made when its dock is first shown or the shortlist is first used."""
        if self._shortlist is None:
            from brochure_app.ui.bench.shortlist_dock import ShortlistDock

            stores = self.window.stores
            dock = self._shortlist = ShortlistDock(self.window.catalogue, stores.shortlist, stores.notes)
            self.dock.setWidget(dock)
            dock.open_requested.connect(lambda region, item_id: self.window.pages.open_item(item_id, region))
            dock.compare_requested.connect(self.compare_items)
            dock.bench_card_requested.connect(self.show_bench_card)
            dock.changed.connect(self._refresh_bench_card)
            dock.status_changed.connect(self.status)
            if self.state.region:
                dock.set_region(self.state.region)
        return self._shortlist

    def focus_in_panel(self) -> bool:
        """The focus in the shortlist (F8 when it opens the panel, F6), on its current or first entry."""
        shortlist = self.shortlist.list
        if shortlist.currentRow() < 0 and shortlist.count():
            shortlist.setCurrentRow(0)
        shortlist.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return True

    def shortlisted(self) -> list[str]:
        """The ids on the current region's shortlist."""
        return self.shortlist.ids()

    def _follow_region(self, region_id: str) -> None:
        if self._shortlist is not None:
            self._shortlist.set_region(region_id)
        if "compare" in self._tools:
            self.compare.set_region(region_id)
        self._refresh_bench_card()
        self._follow_page(self.state.page)

    def _follow_page(self, _key: str) -> None:
        on_item = self.state.item_id() is not None
        self.action("bench.shortlist_add").setEnabled(on_item)
        self.action("bench.compare_add").setEnabled(on_item)

    def _follow_profile(self, profile) -> None:
        if "compare" in self._tools:
            self.compare.set_profile(profile)
        self._refresh_bench_card()

    def _follow_look(self) -> None:
        """The drawn tools made so far at the window's zoom and in its theme."""
        for name in DRAWN:
            if name in self._tools:
                self._look(self._tools[name][0])

    def _look(self, widget) -> None:
        widget.set_high_contrast(self.state.high_contrast)
        widget.set_zoom(self.window.pages.zoom_percent)

    def save(self) -> None:
        if self._shortlist is not None:
            self._shortlist.flush_note()

    def reload(self) -> None:
        if self._shortlist is not None:
            self._shortlist.refresh()

    # --- item commands on links ------------------------------------------------------------------------------
    def item_commands(self, item_id: str, region: str) -> list[tuple[str, object]]:
        return [("Add to shortlist", lambda: self.add_to_shortlist(item_id, region)),
                ("Add to comparison", lambda: self.add_to_comparison(item_id, region))]

    # --- the shortlist and the bench card --------------------------------------------------------------------
    def _on_page(self, item_id: str | None, region: str | None) -> tuple[str | None, str | None]:
        """The item given, else the one on top (in the region whose page it is)."""
        if item_id:
            return item_id, region
        return self.state.item_id(), region or self.state.page_region()

    def add_to_shortlist(self, item_id: str | None = None, region: str | None = None) -> bool:
        item_id, region = self._on_page(item_id, region)
        if not item_id:
            self.status("Open an intervention's page first, then add it to the shortlist (Ctrl+D).")
            return False
        region = region or self.window.catalogue.best_region(item_id, self.state.region)
        added = self.shortlist.add(item_id, region)
        if added and region == self.state.region and not self.dock.isVisible() and not self.state.presenting:
            self.dock.show()
            self.window.resizeDocks([self.dock], [300], Qt.Orientation.Horizontal)
        return added

    def show_bench_card(self) -> None:
        self._refresh_bench_card(force=True)
        self.bench_window.present()

    def _refresh_bench_card(self, force: bool = False) -> None:
        region = self.state.region
        if region and (force or ("bench" in self._tools and self.bench_window.isVisible())):
            self.shortlist.flush_note()
            self.bench_card.set_content(region, self.shortlist.ids(), self.window.advisor.profile(),
                                        self.window.stores.notes.for_region(region), self.window.edition)

    # --- the tool windows, made on first use -----------------------------------------------------------------
    def _tool(self, name: str) -> tuple:
        """(widget, window) of a bench tool, made and wired the first time it is needed."""
        made = self._tools.get(name)
        if made is not None:
            return made
        from brochure_app.ui.common.tool_window import ToolWindow

        cat, title, (width, height) = self.window.catalogue, *TOOLS[name]
        if name == "compare":
            from brochure_app.ui.bench.compare_view import CompareView

            widget = CompareView(cat)
            widget.edition = self.window.edition
            widget.open_requested.connect(lambda region, item_id: self.window.pages.open_item(item_id, region))
            widget.status_changed.connect(self.status)
            if self.state.region:
                widget.set_region(self.state.region)
            widget.set_profile(self.window.advisor.profile())
        elif name == "bench":
            from brochure_app.ui.bench.bench_card import BenchCard

            widget = BenchCard(cat)
        elif name == "grid":
            from brochure_app.ui.bench.region_grid import RegionGrid

            widget = RegionGrid(cat, self.window.edition)
            widget.item_requested.connect(lambda region, item_id: self.window.pages.open_item(item_id, region))
        else:
            from brochure_app.ui.bench.sentencing_ladder import SentencingLadder

            widget = SentencingLadder()
            widget.item_requested.connect(self._open_ladder_item)
        if name in DRAWN:
            self._look(widget)
        window = ToolWindow(title, widget, self.window, scroll=name == "ladder", size=(width, height))
        (widget.detail_changed if name == "ladder" else widget.status_changed).connect(window.show_status)
        self._tools[name] = (widget, window)
        return widget, window

    compare = property(lambda self: self._tool("compare")[0])
    compare_window = property(lambda self: self._tool("compare")[1])
    bench_card = property(lambda self: self._tool("bench")[0])
    bench_window = property(lambda self: self._tool("bench")[1])
    grid = property(lambda self: self._tool("grid")[0])
    grid_window = property(lambda self: self._tool("grid")[1])
    ladder = property(lambda self: self._tool("ladder")[0])
    ladder_window = property(lambda self: self._tool("ladder")[1])

    # --- compare ---------------------------------------------------------------------------------------------
    def add_to_comparison(self, item_id: str | None = None, region: str | None = None) -> None:
        item_id, region = self._on_page(item_id, region)
        if not item_id:
            self.status("Open an intervention's page first, then add it to the comparison (Ctrl+Shift+A).")
            return
        self.compare.set_profile(self.window.advisor.profile())
        self.compare.add(region or self.window.catalogue.best_region(item_id, self.state.region) or self.state.region,
                         item_id)
        if len(self.compare.entries()) >= 2:
            self.compare_window.present()
        else:
            from brochure_app.ui.bench.compare_view import MAX_ITEMS

            self.status(f"Added to the comparison (1 of {MAX_ITEMS}): add another, then Compare (Ctrl+Shift+C).")

    def compare_items(self, entries: list) -> None:
        self.compare.set_profile(self.window.advisor.profile())
        self.compare.set_entries([tuple(e) for e in entries])
        self.compare_window.present()

    def show_compare(self) -> None:
        self.compare.set_profile(self.window.advisor.profile())
        self.compare.refresh()
        self.compare_window.present()

    # --- region grid and sentencing ladder -------------------------------------------------------------------
    def show_grid(self) -> None:
        self.grid.select(self.state.item_id() or "", self.state.region)
        self.grid_window.present()

    def show_ladder(self) -> None:
        self.load_ladder()
        self.ladder_window.present()

    def load_ladder(self) -> bool:
        """Reads content/ladder.yaml once; a bad file is reported (ladder window and banner), never fatal."""
        if self.ladder.ladder is None and not self.ladder.problems:
            from brochure_app.catalogue.ladder import load_ladder

            cat = self.window.catalogue
            ladder, problems = load_ladder(self.window.catalogue_root() / "content" / "ladder.yaml",
                                           cat.source_titles())
            self.ladder.set_ladder(ladder, problems)
            if problems:
                more = f" (and {len(problems) - 2} more)" if len(problems) > 2 else ""
                self.window.banner.show_message("The sentencing ladder could not be loaded: "
                                                + "; ".join(problems[:2]) + more)
        return self.ladder.ladder is not None

    def _open_ladder_item(self, item_id: str, historical: bool) -> None:
        region = self.window.catalogue.best_region(item_id, self.state.region, historical)
        if region is None:
            self.status("The page behind this band is not in the content.")
            return
        self.window.pages.open_item(item_id, region)

