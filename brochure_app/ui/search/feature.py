"""Search: the toolbar's box, the results dock (made when first needed), the background worker and its index, and
opening a hit in the region whose page it shows, its matched words lit."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDockWidget

from brochure_app.ui.common.actions import Command
from brochure_app.ui.common.feature import Feature
from brochure_app.ui.common.lazy_qt import Qt
from brochure_app.ui.search.search_box import SearchBox


class SearchFeature(Feature):
    COMMANDS = (
        Command("search.focus", "Search", "focus", ("Ctrl+K",)),
        Command("search.results", "Search results", dock="dock"),
    )
    results_shown = Signal(object)

    def __init__(self, window, worker=None):
        super().__init__(window)
        self.worker = worker
        self.box = SearchBox()
        # The results dock exists from the start (its toggle, the layout, the saved state); its panel is made when
        # the first search runs or the dock is first shown.
        self.dock = QDockWidget("Search results", window)
        self.dock.setObjectName("search")
        self._panel = None
        self.busy = None            # the status bar's busy sign while the index is prepared
        self._last_query = ""
        self.tagged = lambda item_id, regions: False     # whether a hit carries the "Updated" tag (editions')

    def wire(self) -> None:
        box = self.box
        box.query_changed.connect(self.run)
        box.navigate.connect(self._navigate)
        box.activate.connect(lambda: self.panel.activate_current())
        box.escape.connect(self.window.pages.focus_page)
        self.dock.visibilityChanged.connect(lambda shown: shown and self.panel)
        # A region switch searches the new region, in the results dock if it is open (it does not open it).
        self.state.region_changed.connect(lambda _r: self.dock.isVisible() and self.box.text()
                                          and self.run(self.box.text()))
        if self.worker is not None:
            self.worker.results.connect(self.show_results)
            self.worker.failed.connect(lambda msg: self.panel.status.setText(msg))
            self.worker.failed.connect(self._index_ready)
            self.worker.opened.connect(self._index_ready)
            self.worker.progress.connect(self._index_progress)

    @property
    def panel(self):
        """The results panel, made when first needed."""
        if self._panel is None:
            from brochure_app.ui.search.search_panel import SearchPanel

            panel = self._panel = SearchPanel()
            self.dock.setWidget(panel)
            panel.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            panel.result_activated.connect(self.open_hit)
            panel.scope_changed.connect(lambda _all: self.run(self.box.text()))
            panel.suggestion_chosen.connect(self._use_suggestion)
            panel.list.customContextMenuRequested.connect(self._menu)
        return self._panel

    # --- the index -------------------------------------------------------------------------------------------
    def after_first_paint(self) -> None:
        self.prepare()

    def prepare(self) -> None:
        """Opens (or, once per content version, builds) the search index in the background, with a busy sign."""
        if self.worker is None:
            return
        from PySide6.QtWidgets import QProgressBar

        busy = self.busy = QProgressBar()
        busy.setRange(0, 0)
        busy.setMaximumWidth(120)
        busy.setAccessibleName("Preparing search")
        busy.setToolTip("Preparing the search index; you can read the brochure meanwhile")
        busy.setTextVisible(False)   # the status line says how far it has got
        bar = self.window.statusBar()
        bar.insertPermanentWidget(0, busy)      # permanent: the status line's messages would hide a normal one
        bar.showMessage("Preparing search…")
        self.worker.open()

    def _index_progress(self, done: int, total: int) -> None:
        """The busy sign becomes a measure while the index is built: pages indexed of all, then writing it out."""
        if self.busy is None:
            return
        if done < total:
            self.busy.setRange(0, total)
            self.busy.setValue(done)
            text = f"Preparing search: {done:,} of {total:,} pages indexed"
        else:
            self.busy.setRange(0, 0)
            text = "Preparing search: saving the index"
        self.busy.setAccessibleDescription(text)
        self.window.statusBar().showMessage(text)

    def _index_ready(self, *_args) -> None:
        if self.busy is not None:
            self.window.statusBar().removeWidget(self.busy)
            self.busy.deleteLater()
            self.busy = None
            self.window.statusBar().showMessage("Search ready", 3000)

    # --- searching -------------------------------------------------------------------------------------------
    def focus(self) -> None:
        """Ctrl+K: the focus in the search box, the window brought forward and the toolbar shown if they were not,
        and the results of what the box holds shown again if their panel was closed."""
        if not self.box.isVisible() and not self.state.presenting:
            self.window.toolbar.show()
        if self.box.text().strip() and not self.dock.isVisible():
            self.run(self.box.text())
        self.window.activateWindow()
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    def focus_in_panel(self) -> bool:
        """The focus in the results list (F6)."""
        self.panel.list.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return True

    def run(self, query: str) -> None:
        self._last_query = query
        if not query.strip():
            self.dock.hide()
            return
        self.dock.show()
        if self.worker is not None:
            scope = None if self.panel.all_regions.isChecked() else self.state.region
            self.worker.submit(query, scope)

    def show_results(self, results) -> None:
        names = {rid: r.name for rid, r in self.window.catalogue.regions.items()}
        self.panel.show_results(results, names, self.tagged)
        self.results_shown.emit(results)

    def _navigate(self, delta: int) -> None:
        self.dock.show()
        self.panel.move(delta)

    def _use_suggestion(self, query: str) -> None:
        self.box.setText(query)
        self.run(query)

    def open_hit(self, item_id: str, region: str, new_tab: bool, terms: tuple = ()) -> None:
        """A hit: a region's home page ("home") or an item, in the region whose page the hit shows; the page lights
        the words the search matched on it (stems, synonyms, corrections), else the typed words."""
        cat = self.window.catalogue
        if not region and item_id != "home":
            region = cat.best_region(item_id, self.state.region) or ""
        key = "home" if item_id == "home" else f"item:{item_id}"
        words = list(terms) or self._last_query.split()
        self.window.pages.open(key, new_tab=key != "home", region=region, highlight=words)

    def _menu(self, pos) -> None:
        entry = self.panel.list.itemAt(pos)
        if entry is None:
            return
        item_id = entry.data(Qt.ItemDataRole.UserRole)
        region = self.window.catalogue.best_region(item_id, self.state.region)
        if region:
            self.window.item_menu(item_id, region).exec(self.panel.list.viewport().mapToGlobal(pos))
