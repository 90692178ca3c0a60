"""The main window: composes the tabs, search, wizard dock, banner and status bar, the bench tools (shortlist,
compare, bench card, region grid, sentencing ladder, presets, presentation mode), and wires their signals."""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QSettings, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from brochure_app import __version__
from brochure_app.catalogue.paths import bundled_root
from brochure_app.domain.taxonomy import KINDS, kind_tab
from brochure_app.ui.common import theme
from brochure_app.ui.common.banner import Banner
from brochure_app.ui.common.lazy_qt import Qt
from brochure_app.ui.common.markup import ask, warn
from brochure_app.ui.pages.brochure_tabs import BrochureTabs
from brochure_app.ui.search.search_box import SearchBox

if TYPE_CHECKING:
    from brochure_app.advisor import Profile
    from brochure_app.catalogue.catalogue import Catalogue
    from brochure_app.render.snapshot import Snapshot

# Imported when first needed, after the first paint: the catalogue's data classes, the renderer, the advisor, the
# search panel and the shortlist dock (each costs milliseconds of imports and Qt type set-up at start).

ZOOM_LIMIT = 8
PRESENT_ZOOM = 6            # extra zoom steps in presentation mode (large type)
PRESENT_CSS_SCALE = 1.6     # page headings and tags grow with the text (their sizes are set in pt)
PRESENT_QSS = "font-size: 14pt;"
SAVE_DELAY_MS = 1000        # settings are written this long after the last change (a resize is many changes)


class MainWindow(QMainWindow):
    region_changed = Signal(str)
    search_results_shown = Signal(object)
    wizard_updated = Signal(object)

    def __init__(self, catalogue, settings, search_worker=None, edition: str = "", parent=None,
                 snapshot: Snapshot | None = None, dock_record: bool = True):
        """catalogue: the Catalogue, or a function that loads it. With a function and a snapshot (the start-up's
        fast way), the window paints the snapshot's region and loads the catalogue in finish_startup.
        dock_record: False to place the docks by code rather than from the shipped record (see dock_layout)."""
        super().__init__(parent)
        self._catalogue = None if callable(catalogue) else catalogue
        self._catalogue_loader = catalogue if callable(catalogue) else None
        self._snapshot = snapshot
        self._pending_tabs = None
        self.save_on_close = True      # False for `gui --screenshot`: a picture of the app changes no preference
        self.settings = settings
        self.search_worker = search_worker
        self.edition = edition
        self.region = ""
        self.high_contrast = False
        self.setWindowTitle("Judicial Brochure of Probation Interventions")
        self.setAccessibleName("Judicial Brochure")

        self.banner = Banner()
        self.tabs = BrochureTabs(theme.css_for(False))
        self.tabs.tabBar().setStyleSheet(theme.TABBAR_QSS)
        central = QWidget()
        box = QVBoxLayout(central)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.banner)
        box.addWidget(self.tabs, 1)
        self._central_box = box        # the find bar joins it when first opened (find_bar)
        self.setCentralWidget(central)

        # The decision aid's panel is built just after the first paint (build_wizard); its dock exists from the
        # start so that the toggle, the layout and the saved window state work as usual.
        self._wizard = None
        self._preset_bar = None
        wizard_host = QWidget()
        self._wizard_box = QVBoxLayout(wizard_host)
        self._wizard_box.setContentsMargins(0, 0, 0, 0)
        self._wizard_box.setSpacing(0)
        self._wizard_placeholder = QLabel("Preparing the decision aid…")
        self._wizard_placeholder.setProperty("alignment", "AlignCenter")      # by name: see lazy_qt
        self._wizard_box.addWidget(self._wizard_placeholder, 1)
        self.wizard_dock = QDockWidget("Decision aid", self)
        self.wizard_dock.setObjectName("wizard")
        self.wizard_dock.setWidget(wizard_host)
        # The search results and the shortlist start hidden: their docks exist (toggles, layout, saved state), their
        # panels are made when first shown or used (see search_panel and shortlist below).
        self.search_dock = QDockWidget("Search results", self)
        self.search_dock.setObjectName("search")
        self.shortlist_dock = QDockWidget("Shortlist", self)
        self.shortlist_dock.setObjectName("shortlist")
        if not self._place_docks(snapshot if self._catalogue is None else None, dock_record):
            self.place_docks_by_code()
        self._default_state = self.saveState()     # the docks as they start, kept in the start-up snapshot

        # The bench tools' windows are made the first time they are used (see _tool), not before the first paint.
        self._tools: dict[str, tuple] = {}
        self.presenting = False
        self._present_order: list[str] = []
        self._present_index = 0
        self._before_presenting: dict = {}
        self._pdf_job = None

        self.region_box = QComboBox()
        self.region_box.setAccessibleName("Region")
        self.region_box.setToolTip("Switch region")
        if self._catalogue is not None or snapshot is not None:
            self._fill_region_box(snapshot.regions if self._catalogue is None else self.region_labels())
        self.search_box = SearchBox()
        self.status_label = QLabel()
        self.status_label.setProperty("textFormat", "PlainText")   # the region's name: text, never markup (lazy_qt)
        self.statusBar().addPermanentWidget(self.status_label)
        from brochure_app.ui.editions.editions_feature import EditionsFeature

        self.editions = EditionsFeature(self)
        self.statusBar().addPermanentWidget(self.editions.status)
        self.statusBar().setStyleSheet(theme.STATUS_QSS)
        self._last_query = ""
        # Settings are written when they change (a moment after the last change), not only on a clean quit: a
        # logout or shutdown ends the app with SIGTERM or a session-end request, and the layout must survive it.
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_now)
        self._build_actions()
        self._connect_signals()
        # The banner and the presets menu need the catalogue and the saved data: on the fast way, in finish_startup.
        self._late_start = self._catalogue is None
        if not self._late_start:
            self._show_problems()
            self._refresh_presets()

    # --- what loads after the first paint ----------------------------------------------------------------------
    @property
    def catalogue(self) -> Catalogue:
        """The content. On the start-up's fast way it is loaded just after the first paint (or when first asked)."""
        if self._catalogue is None:
            self._catalogue = self._catalogue_loader()
            self._catalogue_loader = None
            if self.region_box.count() == 0:        # made before the content arrived (a cold start)
                self._fill_region_box(self.region_labels())
        return self._catalogue

    def _fill_region_box(self, labels) -> None:
        """The regions, listed without switching to the first one (a cold start fills the box after its signals are
        connected: the region to show is chosen next)."""
        self.region_box.blockSignals(True)
        for rid, label in labels:
            self.region_box.addItem(label, rid)
        self.region_box.blockSignals(False)

    def region_labels(self) -> list[tuple[str, str]]:
        """(id, label) of every region for the region box; historical guides say so, with their date."""
        from brochure_app.render.snapshot import region_labels

        return region_labels(self.catalogue)

    # What the person keeps on this machine (userdata: atomic JSON files in the data folder), read when first used.
    @cached_property
    def shortlist_store(self):
        from brochure_app.userdata.shortlist import Shortlist

        return Shortlist()

    @cached_property
    def notes_store(self):
        from brochure_app.userdata.notes import Notes

        return Notes()

    @cached_property
    def presets_store(self):
        from brochure_app.userdata.presets import Presets

        return Presets()

    @cached_property
    def orders_store(self):
        from brochure_app.userdata.running_order import RunningOrders

        return RunningOrders()

    @cached_property
    def search_panel(self):
        """The search results panel, made when the first search runs or its dock is first shown."""
        from brochure_app.ui.search.search_panel import SearchPanel

        panel = SearchPanel()
        self.search_dock.setWidget(panel)
        panel.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        panel.result_activated.connect(self.open_result)
        panel.scope_changed.connect(lambda _all: self.run_search(self.search_box.text()))
        panel.suggestion_chosen.connect(self._use_suggestion)
        panel.list.customContextMenuRequested.connect(self._search_menu)
        return panel

    @cached_property
    def shortlist(self):
        """The shortlist panel, made when its dock is first shown or the shortlist is first used."""
        from brochure_app.ui.bench.shortlist_dock import ShortlistDock

        dock = ShortlistDock(self.catalogue, self.shortlist_store, self.notes_store)
        self.shortlist_dock.setWidget(dock)
        dock.open_requested.connect(self.open_in_region)
        dock.compare_requested.connect(self.compare_items)
        dock.bench_card_requested.connect(self.show_bench_card)
        dock.changed.connect(self._refresh_bench_card)
        dock.status_changed.connect(self._status)
        if self.region:
            dock.set_region(self.region)
        return dock

    @cached_property
    def find_bar(self):
        """Find in page, below the tabs: made when first opened."""
        from brochure_app.ui.pages.find_bar import FindBar

        bar = FindBar()
        self._central_box.addWidget(bar)
        bar.find_requested.connect(self.find)
        bar.closed.connect(lambda: self.tabs.current_view() and self.tabs.current_view().setFocus())
        return bar

    @cached_property
    def presentation_bar(self):
        """Presentation mode's bar (a toolbar at the bottom): made when presentation mode is first used."""
        from brochure_app.ui.presentation.presentation_bar import PresentationBar

        bar = PresentationBar()
        toolbar = QToolBar("Presentation", self)
        toolbar.setObjectName("presentation-toolbar")
        toolbar.setStyleSheet(theme.TOOLBAR_QSS)
        toolbar.setMovable(False)
        toolbar.setFloatable(False)
        toolbar.toggleViewAction().setVisible(False)
        toolbar.addWidget(bar)
        self.addToolBar(Qt.ToolBarArea.BottomToolBarArea, toolbar)
        toolbar.hide()
        self._presentation_toolbar = toolbar
        bar.previous_requested.connect(lambda: self.present_step(-1))
        bar.next_requested.connect(lambda: self.present_step(+1))
        bar.jump_requested.connect(self.present_jump)
        bar.order_requested.connect(self.edit_running_order)
        bar.exit_requested.connect(self.exit_presentation)
        return bar

    @property
    def presentation_toolbar(self) -> QToolBar:
        self.presentation_bar      # noqa: B018 - makes both
        return self._presentation_toolbar

    def _place_docks(self, snapshot, dock_record: bool) -> bool:
        """The docks placed from a record of their starting layout, which needs none of Qt's enum types before the
        first paint (see dock_layout): the snapshot's (this machine's window, the fast way), else the app's shipped
        record. False when there is none to restore (the caller places them by code)."""
        state = b""
        if snapshot is not None:
            try:
                state = bytes.fromhex(snapshot.window_state)
            except ValueError:
                state = b""
        if not state and dock_record:
            from brochure_app.ui.window.dock_layout import default_state

            state = default_state() or b""
        return bool(state) and self.restoreState(QByteArray(state))

    def default_dock_state(self):
        """Qt's record of the docks as the window started (before its toolbar and any change by the person): what
        the start-up snapshot and the shipped record (dock_layout) keep."""
        return self._default_state

    def place_docks_by_code(self) -> None:
        """The docks' starting layout: the decision aid on the right, search results and shortlist on the left,
        hidden. The shipped record of it (dock_layout) is what a start without a snapshot restores."""
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.wizard_dock)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.search_dock)
        self.search_dock.hide()
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.shortlist_dock)
        self.shortlist_dock.hide()
        self.resizeDocks([self.wizard_dock, self.search_dock, self.shortlist_dock], [470, 380, 300],
                         Qt.Orientation.Horizontal)

    def _made(self, name: str) -> bool:
        return name in self.__dict__

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Paints the snapshot's region (home page shown, section tabs rendered when first opened): the start-up's
        fast way. The catalogue is not needed until a page other than home is shown, or finish_startup."""
        self.region = snapshot.region
        if self.region_box.count() == 0:        # a window made before its snapshot came (a cold start)
            self._fill_region_box(snapshot.regions)
        self.region_box.blockSignals(True)
        self.region_box.setCurrentIndex(self.region_box.findData(snapshot.region))
        self.region_box.blockSignals(False)
        self.tabs.close_all()
        for n, (key, title) in enumerate(snapshot.tabs):
            html = snapshot.home_html if key == "home" else self._page_source(key)
            self.tabs.show_page(key, title, html, new_tab=True, activate=n == 0)
        self.tabs.setCurrentIndex(0)
        self.setWindowTitle(snapshot.title)
        self.status_label.setText(snapshot.status)
        if snapshot.problems:
            self._show_problems(snapshot.problems)
        self._update_nav()

    def _region_tab_keys(self, region_id: str) -> list[str]:
        from brochure_app.render.snapshot import region_tab_keys

        return region_tab_keys(self.catalogue, region_id)

    def _region_texts(self, region_id: str) -> tuple[str, str]:
        """(window title, status line) for a region."""
        from brochure_app.render.snapshot import region_texts

        return region_texts(self.catalogue, region_id)

    def save_snapshot(self) -> bool:
        """Keeps the current region's first paint for the next start (once per content version and region)."""
        if self._catalogue is None or not self.region:
            return False
        from brochure_app.render.snapshot import build_snapshot, write_snapshot

        cat, region, state = self.catalogue, self.region, bytes(self.default_dock_state()).hex()
        return write_snapshot(cat.content_hash or "", region, lambda: build_snapshot(cat, region, state))

    # --- the decision aid, built after the first paint -------------------------------------------------------
    @property
    def wizard(self):
        if self._wizard is None:
            self.build_wizard()
        return self._wizard

    @property
    def preset_bar(self):
        if self._preset_bar is None:
            self.build_wizard()
        return self._preset_bar

    def build_wizard(self) -> None:
        """Makes the decision aid's panel and preset bar, wires them, and shows the region's results."""
        if self._wizard is not None:
            return
        from brochure_app.ui.advisor.preset_bar import PresetBar
        from brochure_app.ui.advisor.wizard_panel import WizardPanel

        self._wizard, self._preset_bar = WizardPanel(), PresetBar()
        self._wizard_box.removeWidget(self._wizard_placeholder)
        self._wizard_placeholder.deleteLater()
        self._wizard_box.addWidget(self._preset_bar)
        self._wizard_box.addWidget(self._wizard, 1)
        self._wizard.set_high_contrast(self.high_contrast)
        self._wizard.results.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._wire_wizard()
        self._refresh_presets()
        if self.region:
            self._wizard.set_areas(self.catalogue.regions[self.region].areas)
            self.update_wizard(self._wizard.profile())

    def _wire_wizard(self) -> None:
        w, bar = self._wizard, self._preset_bar
        w.profile_changed.connect(self.update_wizard)
        w.item_activated.connect(lambda item_id: self.open_page(f"item:{item_id}", True))
        w.results.customContextMenuRequested.connect(self._wizard_menu)
        w.profile_changed.connect(self._profile_to_compare)
        w.profile_changed.connect(lambda _p: self._refresh_bench_card())
        bar.apply_requested.connect(self.apply_preset)
        bar.save_requested.connect(self.save_preset_dialog)
        bar.rename_requested.connect(self.rename_preset_dialog)
        bar.delete_requested.connect(self.delete_preset_dialog)

    def show_content_problems(self) -> None:
        """Loads the catalogue if it is not yet (a cold start's window is made before it) and shows the content's
        problems in the banner; the saved-data warnings and the presets menu follow in complete_start."""
        if self.catalogue.problems:
            self._show_problems(self.catalogue.problems)

    def complete_start(self) -> None:
        """For a window made before its content: loads the catalogue (on the UI thread, before the search worker
        asks for it), then the banner of problems and the presets menu."""
        self.catalogue       # noqa: B018
        if self._late_start:
            self._late_start = False
            self._show_problems()
            self._refresh_presets()

    def finish_startup(self) -> None:
        """What waits until the first paint: the catalogue (fast way), the decision aid, then the search index."""
        self.complete_start()
        self._snapshot = None
        pending, self._pending_tabs = self._pending_tabs, None
        if pending:
            self._restore_tabs(*pending)
        self.build_wizard()
        self.prepare_search()
        defer(self.save_snapshot)
        defer(clean_stale_temporaries)
        defer(self.editions.refresh)
        defer(self._watch_dock_areas)

    # --- construction ----------------------------------------------------------------------------------------
    def _action(self, text: str, shortcut=None, slot=None, checkable=False, tip: str = "") -> QAction:
        act = QAction(self)     # not QAction(text, self): choosing that overload sets up PySide's QIcon type (~4 ms)
        act.setText(text)
        if shortcut is not None:
            seqs = shortcut if isinstance(shortcut, list) else [shortcut]
            keys: list[QKeySequence] = []
            for s in seqs:
                standard = isinstance(s, QKeySequence.StandardKey)
                for k in (QKeySequence.keyBindings(s) if standard else [QKeySequence(s)]):
                    if not k.isEmpty() and k not in keys:
                        keys.append(k)
            act.setShortcuts(keys)
        act.setCheckable(checkable)
        if tip:
            act.setToolTip(tip)
            act.setStatusTip(tip)
        if slot is not None:
            act.triggered.connect(slot)
        self.addAction(act)
        return act

    def _build_actions(self) -> None:
        K = QKeySequence.StandardKey
        self.act_back = self._action("Back", ["Alt+Left", K.Back], self.go_back, tip="Back (Alt+Left)")
        self.act_forward = self._action("Forward", ["Alt+Right", K.Forward], self.go_forward, tip="Forward (Alt+Right)")
        self.act_home = self._action("Home", "Alt+Home", lambda: self.open_page("home"), tip="Region home page")
        self.act_close_tab = self._action("Close tab", ["Ctrl+W", K.Close], self.tabs.close_current)
        self.act_reopen = self._action("Reopen closed tab", "Ctrl+Shift+T", self.reopen_tab)
        self.act_search = self._action("Search", "Ctrl+K", self.focus_search, tip="Search (Ctrl+K)")
        self.act_find = self._action("Find in page", ["Ctrl+F", K.Find], lambda: self.find_bar.open_bar())
        self.act_find_next = self._action("Find next", ["F3", K.FindNext], lambda: self.find(self.find_bar.edit.text()))
        self.act_find_prev = self._action("Find previous", ["Shift+F3", K.FindPrevious],
                                          lambda: self.find(self.find_bar.edit.text(), backwards=True))
        self.act_zoom_in = self._action("Zoom in", ["Ctrl++", "Ctrl+=", K.ZoomIn], lambda: self.zoom(+1))
        self.act_zoom_out = self._action("Zoom out", ["Ctrl+-", K.ZoomOut], lambda: self.zoom(-1))
        self.act_zoom_reset = self._action("Actual size", "Ctrl+0", lambda: self.zoom(None))
        self.act_contrast = self._action("High contrast", None, self.set_high_contrast, checkable=True)
        self.act_wizard = self.wizard_dock.toggleViewAction()
        self.act_wizard.setText("Decision aid")
        self.act_wizard.setShortcuts([QKeySequence("F9")])   # the list form: see lazy_qt
        self.act_wizard.setToolTip("Show or hide the decision aid (F9)")
        self.act_wizard.triggered.connect(lambda shown: shown and self.wizard.focus_first_question())
        self.addAction(self.act_wizard)      # F9 also while the menu bar is hidden (presentation mode)
        self.act_print = self._action("Print…", ["Ctrl+P", K.Print], self.print_page, tip="Print this page (Ctrl+P)")
        self.act_quit = self._action("Quit", ["Ctrl+Q", K.Quit], self.close)
        self.act_about = self._action("About", None, self.show_about)
        self.act_pick_region = self._action("Choose region…", "Ctrl+R", lambda: self.region_box.showPopup())

        # Bench tools (issue 10)
        self.act_shortlist_add = self._action("Add to shortlist", "Ctrl+D", lambda: self.add_to_shortlist(),
                                              tip="Add this page to the shortlist (Ctrl+D)")
        self.act_shortlist = self.shortlist_dock.toggleViewAction()
        self.act_shortlist.setText("Shortlist")
        self.act_shortlist.setShortcuts([QKeySequence("F8")])
        self.act_shortlist.setToolTip("Show or hide the shortlist (F8)")
        self.addAction(self.act_shortlist)
        self.act_compare_add = self._action("Add page to comparison", "Ctrl+Shift+A", lambda: self.add_to_comparison(),
                                            tip="Add this page to the comparison (Ctrl+Shift+A)")
        self.act_compare = self._action("Compare…", "Ctrl+Shift+C", self.show_compare,
                                        tip="Compare 2 to 4 interventions side by side (Ctrl+Shift+C)")
        self.act_bench_card = self._action("Bench card…", "Ctrl+Shift+B", self.show_bench_card,
                                           tip="The shortlist on one A4 page: print or save as PDF (Ctrl+Shift+B)")
        self.act_grid = self._action("Region availability grid", "Ctrl+Shift+R", self.show_grid,
                                     tip="Which regions deliver which interventions (Ctrl+Shift+R)")
        self.act_ladder = self._action("Sentencing ladder", "Ctrl+Shift+L", self.show_ladder,
                                       tip="What the sources say about low, medium and high seriousness (Ctrl+Shift+L)")
        self.act_present = self._action("Presentation mode", "F11", self.toggle_presentation, checkable=True,
                                        tip="Full screen, large type, page and decision aid side by side (F11)")
        self.act_present_next = self._action("Next page", ["Right", "PgDown"], lambda: self.present_step(+1))
        self.act_present_prev = self._action("Previous page", ["Left", "PgUp"], lambda: self.present_step(-1))
        self.act_present_exit = self._action("Exit presentation", "Esc", self.exit_presentation)
        for act in (self.act_present_next, self.act_present_prev, self.act_present_exit):
            act.setEnabled(False)          # only while presenting: the keys keep their usual meaning otherwise
        self.act_running_order = self._action("Running order…", "Ctrl+Shift+O", self.edit_running_order,
                                              tip="Choose the pages presentation mode steps through (Ctrl+Shift+O)")
        self.act_preset_save = self._action("Save answers as preset…", "Ctrl+Shift+P", self.save_preset_dialog,
                                            tip="Keep the decision aid's answers under a name (Ctrl+Shift+P)")
        self.act_preset_rename = self._action("Rename preset…", None, lambda: self.rename_preset_dialog(None))
        self.act_preset_delete = self._action("Delete preset…", None, lambda: self.delete_preset_dialog(None))
        self.preset_group = QActionGroup(self)
        self.preset_group.setExclusive(False)
        self.preset_actions: list[QAction] = []
        self.act_export_page = self._action("Current page…", "Ctrl+Shift+E", lambda: self.export_pdf("page"),
                                            tip="Save the page you are reading as a PDF (Ctrl+Shift+E)")
        self.act_export_section = self._action("This section…", None, lambda: self.export_pdf("section"),
                                               tip="Save this page's section of the brochure as a PDF")
        self.act_export_region = self._action("Whole region…", None, lambda: self.export_pdf("region"),
                                              tip="Save the region's whole brochure as one PDF")

        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        file_menu.addAction(self.act_print)
        file_menu.addAction(self.editions.act_install)
        export_menu = file_menu.addMenu("Export PDF")
        for a in (self.act_export_page, self.act_export_section, self.act_export_region):
            export_menu.addAction(a)
        for a in (self.act_bench_card, None, self.act_quit):
            file_menu.addSeparator() if a is None else file_menu.addAction(a)
        go = menu.addMenu("&Go")
        for a in (self.act_back, self.act_forward, self.act_home, None, self.act_pick_region, self.act_search,
                  self.act_find, self.act_find_next, self.act_find_prev, None, self.act_close_tab, self.act_reopen):
            go.addSeparator() if a is None else go.addAction(a)
        view = menu.addMenu("&View")
        for a in (self.act_wizard, self.search_dock.toggleViewAction(), self.act_shortlist, None, self.act_zoom_in,
                  self.act_zoom_out, self.act_zoom_reset, self.act_contrast, None, self.act_present):
            view.addSeparator() if a is None else view.addAction(a)
        tools = menu.addMenu("&Tools")
        for a in (self.act_shortlist_add, self.act_compare_add, self.act_compare, self.act_bench_card, None,
                  self.act_grid, self.act_ladder, None, self.act_present, self.act_running_order):
            tools.addSeparator() if a is None else tools.addAction(a)
        self.presets_menu = menu.addMenu("&Presets")
        help_menu = menu.addMenu("&Help")
        help_menu.addAction(self.editions.act_whats_new)
        help_menu.addAction(self.act_about)

        bar = self.addToolBar("Main")
        bar.setObjectName("main-toolbar")
        bar.setStyleSheet(theme.TOOLBAR_QSS)
        bar.setMovable(False)
        self.toolbar = bar
        bar.addWidget(self.region_box)
        bar.addSeparator()
        for a in (self.act_back, self.act_forward, self.act_home):
            bar.addAction(a)
        bar.addSeparator()
        bar.addWidget(self.search_box)
        bar.addSeparator()
        bar.addAction(self.act_wizard)
        bar.addAction(self.act_shortlist_add)
        bar.addAction(self.act_shortlist)
        bar.addAction(self.act_compare)
        bar.addAction(self.act_print)
        for a in (self.act_back, self.act_forward, self.act_home, self.act_wizard, self.act_print,
                  self.act_shortlist_add, self.act_shortlist, self.act_compare):
            w = bar.widgetForAction(a)
            if w is not None:
                w.setAccessibleName(a.text().rstrip("…"))

    def _connect_signals(self) -> None:
        self.region_box.currentIndexChanged.connect(lambda i: self.set_region(self.region_box.itemData(i)))
        self.tabs.page_requested.connect(self.open_page)
        self.tabs.current_page_changed.connect(lambda _k: self._update_nav())
        self.tabs.external_link_refused.connect(
            lambda url: self.statusBar().showMessage(f"Link not opened (not a web address): {url}", 6000))
        self.search_box.query_changed.connect(self.run_search)
        self.search_box.navigate.connect(self._search_navigate)
        self.search_box.activate.connect(self._search_activate)
        self.search_box.escape.connect(lambda: self.tabs.current_view() and self.tabs.current_view().setFocus())
        self.banner.dismissed.connect(lambda: None)
        if self.search_worker is not None:
            self.search_worker.results.connect(self.show_search_results)
            self.search_worker.failed.connect(lambda msg: self.search_panel.status.setText(msg))
            self.search_worker.failed.connect(self._search_index_ready)
            self.search_worker.opened.connect(self._search_index_ready)
            self.search_worker.progress.connect(self._search_index_progress)
        # bench tools
        self.region_changed.connect(self._region_tools)
        self.tabs.currentChanged.connect(lambda _i: self._adopt_current_view())
        self.tabs.current_page_changed.connect(lambda _k: self._update_page_actions())
        self.search_dock.visibilityChanged.connect(lambda shown: shown and self.search_panel)
        self.shortlist_dock.visibilityChanged.connect(lambda shown: shown and self.shortlist)
        self.preset_group.triggered.connect(lambda act: self.apply_preset(act.data()))
        # what the settings keep: the region, the tabs, the docks (zoom, contrast and geometry: where they change)
        self.region_changed.connect(self.schedule_save)
        self.tabs.currentChanged.connect(self.schedule_save)
        self.tabs.tabBar().tabMoved.connect(self.schedule_save)
        for dock in (self.wizard_dock, self.search_dock, self.shortlist_dock):
            dock.visibilityChanged.connect(self.schedule_save)
            dock.topLevelChanged.connect(self.schedule_save)

    def _watch_dock_areas(self) -> None:
        """A dock moved to another side is a change to save. Connected after the first paint: the signal carries a
        Qt enum, which PySide cannot pass to Python before Qt's enum types are set up (see lazy_qt); connected at
        construction, every start that placed the docks printed 'Qt::DockWidgetArea cannot be converted'."""
        from PySide6.QtCore import Qt

        Qt.DockWidgetArea     # noqa: B018 - sets up the enum type the signal's argument needs
        for dock in (self.wizard_dock, self.search_dock, self.shortlist_dock):
            dock.dockLocationChanged.connect(self.schedule_save)

    def _show_problems(self, problems=None) -> None:
        """The banner: content that could not be loaded (from the catalogue, or the snapshot's list of it), then,
        once the catalogue is loaded, saved data that could not be read."""
        messages = []
        early = problems is not None
        problems = problems if early else self.catalogue.problems
        if problems:
            first = "; ".join(str(p) for p in problems[:3])
            more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
            messages.append(f"Some content could not be loaded and was skipped: {first}{more}. "
                            "Run 'brochure-app check' for the full list.")
        saved = [] if early else [w for store in (self.shortlist_store, self.notes_store, self.presets_store,
                                                    self.orders_store) for w in store.warnings]
        if saved:
            messages.append("Saved data: " + " ".join(saved))
        if messages:
            self.banner.show_message(" ".join(messages))

    def catalogue_root(self) -> Path:
        return Path(self.catalogue.root) if self.catalogue.root else bundled_root()

    def _status(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    # --- region and pages ------------------------------------------------------------------------------------
    def set_region(self, region_id: str) -> None:
        if not region_id or region_id == self.region or region_id not in self.catalogue.regions:
            return
        keep = self.tabs.current_key()
        self.region = region_id
        self.region_box.blockSignals(True)
        self.region_box.setCurrentIndex(self.region_box.findData(region_id))
        self.region_box.blockSignals(False)
        self.tabs.close_all()
        self.open_page("home", new_tab=True)
        for key in self._region_tab_keys(region_id)[1:]:     # the section tabs: rendered when first shown
            self.tabs.show_page(key, kind_tab(key.partition(":")[2]), self._page_source(key), new_tab=True,
                                activate=False)
        if keep.startswith("item:") and self.catalogue.item(region_id, keep[5:]):
            self.open_page(keep, new_tab=True)
        else:
            self.tabs.setCurrentIndex(0)
        title, status = self._region_texts(region_id)
        self.setWindowTitle(title)
        self.status_label.setText(status)
        if self._wizard is not None:
            self._wizard.set_areas(self.catalogue.regions[region_id].areas)
            self.update_wizard(self._wizard.profile())
        if self.search_box.text():
            self.run_search(self.search_box.text())
        self.region_changed.emit(region_id)

    def _page_source(self, key: str):
        """The page's HTML, made when called: a background tab's content, rendered when the tab is first shown."""
        return lambda: self.page_html(key).html

    def page_html(self, key: str):
        from brochure_app.render.html import WHATS_NEW, render

        if key == WHATS_NEW:
            return self.editions.whats_new_page()
        return render(self.catalogue, self.region, key)

    def open_page(self, key: str, new_tab: bool = False, activate: bool = True) -> bool:
        try:
            page = self.page_html(key)
        except KeyError:
            self.statusBar().showMessage(f"{self.catalogue.regions[self.region].name} has no such page: {key}", 6000)
            return False
        if key.startswith("section:") and self.tabs.index_of(key) < 0:
            new_tab = True
        self.tabs.show_page(key, page.title, page.html, new_tab=new_tab, activate=activate)
        self._update_nav()
        self.schedule_save()
        return True

    def open_request(self, request: dict, raise_window: bool = True) -> None:
        """What a launch asked for (`--region`, `--page`; from a second launch too, see single_instance): the region
        and page are opened when the content has them (the status bar says when not), and the window comes to the
        front, restored if it was minimised."""
        region, page = request.get("region"), request.get("page")
        if region and region != self.region:
            if region in self.catalogue.regions:
                self.set_region(region)
            else:
                self._status(f"This content has no region '{region}'.")
        if page:
            if self.tabs.index_of(page) >= 0:
                self.tabs.setCurrentIndex(self.tabs.index_of(page))
            else:
                self.open_page(page, new_tab=True)
        if raise_window:
            self.bring_to_front()

    def bring_to_front(self) -> None:
        if self.isMinimized():
            self.setWindowState((self.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive)
        self.show()
        self.raise_()
        self.activateWindow()

    def open_result(self, item_id: str, region: str, new_tab: bool, terms: tuple = ()) -> None:
        """A search hit: a region's home page ("home") or an item, in the region whose page the hit shows; the page
        highlights the words the search matched on it (stems, synonyms, corrections), else the typed words."""
        if region and region != self.region:
            self.set_region(region)
        elif item_id != "home" and not self.catalogue.item(self.region, item_id):
            offering = self.catalogue.regions_offering(item_id)
            if offering:
                self.set_region(offering[0])
        key = "home" if item_id == "home" else f"item:{item_id}"
        if self.open_page(key, new_tab=key != "home"):
            words = list(terms) or [w for w in self._last_query.split() if w]
            view = self.tabs.current_view()
            if view is not None and words:
                view.highlight_words(words)

    def go_back(self) -> None:
        self._step_history(back=True)

    def go_forward(self) -> None:
        self._step_history(back=False)

    def _step_history(self, back: bool) -> None:
        view = self.tabs.current_view()
        key = (view.pop_back() if back else view.pop_forward()) if view else None
        if key:
            page = self.page_html(key)
            view.show_page(key, page.title, page.html, record=False)
        self._update_nav()

    def reopen_tab(self) -> None:
        key = self.tabs.pop_closed()
        if key:
            self.open_page(key, new_tab=True)

    def _update_nav(self) -> None:
        view = self.tabs.current_view()
        self.act_back.setEnabled(bool(view and view.can_go_back()))
        self.act_forward.setEnabled(bool(view and view.can_go_forward()))

    # --- search ----------------------------------------------------------------------------------------------
    def prepare_search(self) -> None:
        """Opens (or, once per content version, builds) the search index in the background, with a busy sign."""
        if self.search_worker is None:
            return
        from PySide6.QtWidgets import QProgressBar

        self._search_busy = QProgressBar()
        self._search_busy.setRange(0, 0)
        self._search_busy.setMaximumWidth(120)
        self._search_busy.setAccessibleName("Preparing search")
        self._search_busy.setToolTip("Preparing the search index; you can read the brochure meanwhile")
        self._search_busy.setTextVisible(False)   # the status line says how far it has got
        # A permanent widget: the status line's messages would hide a normal one.
        self.statusBar().insertPermanentWidget(0, self._search_busy)
        self.statusBar().showMessage("Preparing search…")
        self.search_worker.open()

    def _search_index_progress(self, done: int, total: int) -> None:
        """The busy sign becomes a measure while the index is built: pages indexed of all, then writing it out."""
        busy = getattr(self, "_search_busy", None)
        if busy is None:
            return
        if done < total:
            busy.setRange(0, total)
            busy.setValue(done)
            text = f"Preparing search: {done:,} of {total:,} pages indexed"
        else:
            busy.setRange(0, 0)
            text = "Preparing search: saving the index"
        busy.setAccessibleDescription(text)
        self.statusBar().showMessage(text)

    def _search_index_ready(self, *_args) -> None:
        busy = getattr(self, "_search_busy", None)
        if busy is not None:
            self.statusBar().removeWidget(busy)
            busy.deleteLater()
            self._search_busy = None
            self.statusBar().showMessage("Search ready", 3000)

    def focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def run_search(self, query: str) -> None:
        self._last_query = query
        if not query.strip():
            self.search_dock.hide()
            return
        self.search_dock.show()
        if self.search_worker is not None:
            scope = None if self.search_panel.all_regions.isChecked() else self.region
            self.search_worker.submit(query, scope)

    def show_search_results(self, results) -> None:
        names = {rid: r.name for rid, r in self.catalogue.regions.items()}
        self.search_panel.show_results(results, names)
        self.search_results_shown.emit(results)

    def _search_navigate(self, delta: int) -> None:
        self.search_dock.show()
        self.search_panel.move(delta)

    def _search_activate(self) -> None:
        self.search_panel.activate_current()

    def _use_suggestion(self, query: str) -> None:
        self.search_box.setText(query)
        self.run_search(query)

    # --- wizard ----------------------------------------------------------------------------------------------
    def update_wizard(self, profile: Profile) -> None:
        if not self.region:
            return
        from brochure_app.advisor import recommend

        results = recommend(self.catalogue.items(self.region), profile, self.catalogue.regions.get(self.region))
        self.wizard.show_results(results, profile)
        self.wizard_updated.emit(results)

    # --- find, zoom, theme, print ----------------------------------------------------------------------------
    def find(self, text: str, backwards: bool = False) -> bool:
        from PySide6.QtGui import QTextDocument

        view = self.tabs.current_view()
        if view is None or not text:
            self.find_bar.status.setText("")
            return False
        flags = QTextDocument.FindFlag.FindBackward if backwards else QTextDocument.FindFlag(0)
        found = view.find(text, flags)
        if not found:
            cursor = view.textCursor()
            cursor.movePosition(cursor.MoveOperation.End if backwards else cursor.MoveOperation.Start)
            view.setTextCursor(cursor)
            found = view.find(text, flags)
        self.find_bar.status.setText("" if found else "Not found")
        return found

    def zoom(self, step: int | None) -> None:
        target = 0 if step is None else max(-ZOOM_LIMIT, min(ZOOM_LIMIT, self.tabs.zoom + step))
        self.tabs.set_zoom(target)
        self.schedule_save()

    def set_high_contrast(self, on: bool) -> None:
        self.high_contrast = bool(on)
        self.act_contrast.setChecked(self.high_contrast)
        self.setStyleSheet(theme.HIGH_CONTRAST_QSS if on else "")
        self.banner.setStyleSheet(theme.BANNER_HIGH_CONTRAST_QSS if on else theme.BANNER_QSS)
        if self._wizard is not None:
            self._wizard.set_high_contrast(self.high_contrast)
        self._restyle_pages()
        self.schedule_save()

    def _restyle_pages(self) -> None:
        """Applies the page stylesheet (theme; scaled up in presentation mode) to every open page."""
        css = theme.css_for(self.high_contrast)
        if self.presenting:
            css = re.sub(r"(\d+(?:\.\d+)?)pt", lambda m: f"{float(m.group(1)) * PRESENT_CSS_SCALE:g}pt", css)
        self.tabs._css = css
        for view in self.tabs.made_views():      # pending pages are made with the new style when first shown
            view.document().setDefaultStyleSheet(css)
            page = self.page_html(view.key)
            view.refresh(page.title, page.html)

    def print_page(self) -> None:
        from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

        view = self.tabs.current_view()
        if view is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintPreviewDialog(printer, self)
        dialog.setWindowTitle(f"Print — {view.title}")
        dialog.paintRequested.connect(lambda p: self._print_document(view.key).print_(p))
        dialog.exec()

    def _print_document(self, key: str):
        from brochure_app.ui.common.safe_document import SafeDocument

        doc = SafeDocument(self)
        doc.setDefaultStyleSheet(theme.css_for(False))
        doc.setHtml(self.page_html(key).html)
        return doc

    def show_about(self) -> None:
        from brochure_app.ui.window.about_dialog import AboutDialog

        sources = sorted({s.title for items in self.catalogue.region_items.values() for i in items
                          for s in i.sources})
        AboutDialog(__version__, self.editions.about_line(), sources, self).exec()

    # --- bench tools: shared -------------------------------------------------------------------------------------
    def current_item_id(self) -> str | None:
        key = self.tabs.current_key()
        return key[5:] if key.startswith("item:") else None

    def _update_page_actions(self) -> None:
        on_item = self.current_item_id() is not None
        self.act_shortlist_add.setEnabled(on_item)
        self.act_compare_add.setEnabled(on_item)

    def _region_tools(self, region_id: str) -> None:
        """After a region switch: the shortlist, comparison picker, bench card and running order follow."""
        if self._made("shortlist"):
            self.shortlist.set_region(region_id)
        if "compare" in self._tools:
            self.compare.set_region(region_id)
        self._refresh_bench_card()
        self._update_page_actions()
        if self.presenting:
            self._load_running_order()

    def best_region(self, item_id: str, historical: bool | None = None) -> str | None:
        """The current region when it has the item (and, if asked, is of that era), else the first that does."""
        offering = [r for r in self.catalogue.regions_offering(item_id)
                    if historical is None or self.catalogue.regions[r].historical == historical]
        if self.region in offering:
            return self.region
        return offering[0] if offering else None

    def open_in_region(self, region: str, item_id: str) -> bool:
        """Opens an item as a region presents it (region '' = the best region), switching region if needed."""
        region = region or self.best_region(item_id)
        if not region or self.catalogue.item(region, item_id) is None:
            self._status("No region's brochure has that page.")
            return False
        if region != self.region:
            self.set_region(region)
        opened = self.open_page(f"item:{item_id}", new_tab=True)
        if opened and not self.presenting:
            self.raise_()
            self.activateWindow()
        return opened

    def _open_ladder_item(self, item_id: str, historical: bool) -> None:
        region = self.best_region(item_id, historical)
        if region is None:
            self._status("The page behind this band is not in the content.")
            return
        self.open_in_region(region, item_id)

    # --- context menus on links: open, shortlist, compare --------------------------------------------------------
    def item_menu(self, item_id: str, region: str, menu: QMenu | None = None) -> QMenu:
        """Adds the item actions (open, shortlist, compare) at the top of menu (or a new one) and returns it."""
        menu = menu or QMenu(self)
        item = self.catalogue.item(region, item_id) if region else None
        title = item.title if item else item_id
        first = menu.actions()[0] if menu.actions() else None
        actions = [
            (f"Open “{title}” in a new tab", lambda: self.open_in_region(region, item_id)),
            ("Add to shortlist", lambda: self.add_to_shortlist(item_id, region)),
            ("Add to comparison", lambda: self.add_to_comparison(item_id, region)),
        ]
        for text, slot in actions:
            act = QAction(text, menu)
            act.triggered.connect(slot)
            menu.insertAction(first, act)
        if first is not None:
            menu.insertSeparator(first)
        return menu

    def _adopt_current_view(self) -> None:
        view = self.tabs.current_view()
        if view is not None and not view.property("bench-menu"):
            view.setProperty("bench-menu", True)
            view.setProperty("contextMenuPolicy", "CustomContextMenu")     # by name: see lazy_qt
            view.customContextMenuRequested.connect(lambda pos, v=view: self._page_menu(v, pos))

    def page_menu(self, view, pos) -> QMenu:
        menu = view.createStandardContextMenu(pos)
        anchor = view.anchorAt(pos)
        if anchor.startswith("item:"):
            return self.item_menu(anchor[5:], self.region, menu)
        if view.key.startswith("item:"):
            return self.item_menu(view.key[5:], self.region, menu)
        return menu

    def _page_menu(self, view, pos) -> None:
        self.page_menu(view, pos).exec(view.viewport().mapToGlobal(pos))

    def _wizard_menu(self, pos) -> None:
        browser = self.wizard.results
        anchor = browser.anchorAt(pos)
        menu = browser.createStandardContextMenu(pos)
        if anchor.startswith("item:"):
            menu = self.item_menu(anchor[5:], self.region, menu)
        menu.exec(browser.viewport().mapToGlobal(pos))

    def _search_menu(self, pos) -> None:
        entry = self.search_panel.list.itemAt(pos)
        if entry is None:
            return
        item_id = entry.data(Qt.ItemDataRole.UserRole)
        region = self.best_region(item_id)
        if region:
            self.item_menu(item_id, region).exec(self.search_panel.list.viewport().mapToGlobal(pos))

    # --- shortlist and bench card --------------------------------------------------------------------------------
    def add_to_shortlist(self, item_id: str | None = None, region: str | None = None) -> bool:
        item_id = item_id or self.current_item_id()
        if not item_id:
            self._status("Open an intervention's page first, then add it to the shortlist (Ctrl+D).")
            return False
        region = region or self.best_region(item_id)
        added = self.shortlist.add(item_id, region)
        if added and region == self.region and not self.shortlist_dock.isVisible() and not self.presenting:
            self.shortlist_dock.show()
            self.resizeDocks([self.shortlist_dock], [300], Qt.Orientation.Horizontal)
        return added

    # --- bench tool windows, made on first use ---------------------------------------------------------------------
    def _tool(self, name: str) -> tuple:
        """(widget, window) of a bench tool, made and wired the first time it is needed."""
        made = self._tools.get(name)
        if made is not None:
            return made
        from brochure_app.ui.common.tool_window import ToolWindow

        if name == "compare":
            from brochure_app.ui.bench.compare_view import CompareView

            widget = CompareView(self.catalogue)
            widget.edition = self.edition
            window = ToolWindow("Compare interventions", widget, self, size=(1180, 760))
            widget.open_requested.connect(self.open_in_region)
            widget.status_changed.connect(window.show_status)
            widget.status_changed.connect(self._status)
            if self.region:
                widget.set_region(self.region)
            widget.set_profile(self.wizard.profile())
        elif name == "bench":
            from brochure_app.ui.bench.bench_card import BenchCard

            widget = BenchCard(self.catalogue)
            window = ToolWindow("Bench card", widget, self, size=(880, 960))
            widget.status_changed.connect(window.show_status)
        elif name == "grid":
            from brochure_app.ui.bench.region_grid import RegionGrid

            widget = RegionGrid(self.catalogue, self.edition)
            window = ToolWindow("Which regions deliver which interventions", widget, self, size=(1220, 820))
            widget.item_requested.connect(self.open_in_region)
            widget.status_changed.connect(window.show_status)
        elif name == "ladder":
            from brochure_app.ui.bench.sentencing_ladder import SentencingLadder

            widget = SentencingLadder()
            window = ToolWindow("Sentencing ladder", widget, self, scroll=True, size=(1220, 880))
            widget.item_requested.connect(self._open_ladder_item)
            widget.detail_changed.connect(window.show_status)
        else:
            raise KeyError(name)
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

    def _profile_to_compare(self, profile) -> None:
        if "compare" in self._tools:
            self.compare.set_profile(profile)

    def show_bench_card(self) -> None:
        self._refresh_bench_card(force=True)
        self.bench_window.present()

    def _refresh_bench_card(self, force: bool = False) -> None:
        if self.region and (force or ("bench" in self._tools and self.bench_window.isVisible())):
            self.shortlist.flush_note()
            self.bench_card.set_content(self.region, self.shortlist.ids(), self.wizard.profile(),
                                        self.notes_store.for_region(self.region), self.edition)

    # --- compare -------------------------------------------------------------------------------------------------
    def add_to_comparison(self, item_id: str | None = None, region: str | None = None) -> None:
        item_id = item_id or self.current_item_id()
        if not item_id:
            self._status("Open an intervention's page first, then add it to the comparison (Ctrl+Shift+A).")
            return
        self.compare.set_profile(self.wizard.profile())
        self.compare.add(region or self.best_region(item_id) or self.region, item_id)
        if len(self.compare.entries()) >= 2:
            self.compare_window.present()
        else:
            from brochure_app.ui.bench.compare_view import MAX_ITEMS

            self._status(f"Added to the comparison (1 of {MAX_ITEMS}): add another, then Compare (Ctrl+Shift+C).")

    def compare_items(self, entries: list) -> None:
        self.compare.set_profile(self.wizard.profile())
        self.compare.set_entries([tuple(e) for e in entries])
        self.compare_window.present()

    def show_compare(self) -> None:
        self.compare.set_profile(self.wizard.profile())
        self.compare.refresh()
        self.compare_window.present()

    # --- region grid and sentencing ladder -----------------------------------------------------------------------
    def show_grid(self) -> None:
        row = self.grid.row_of(self.current_item_id() or "")
        if row >= 0:
            self.grid.table.setCurrentCell(row, self.grid.column_of(self.region))
        self.grid_window.present()

    def show_ladder(self) -> None:
        self.load_ladder()
        self.ladder_window.present()

    def load_ladder(self) -> bool:
        """Reads content/ladder.yaml once; a bad file is reported (ladder window and banner), never fatal."""
        if self.ladder.ladder is None and not self.ladder.problems:
            from brochure_app.catalogue.ladder import load_ladder

            path = self.catalogue_root() / "content" / "ladder.yaml"
            ladder, problems = load_ladder(path, self.catalogue.source_titles())
            self.ladder.set_ladder(ladder, problems)
            if problems:
                self.banner.show_message("The sentencing ladder could not be loaded: " + "; ".join(problems[:2])
                                         + (f" (and {len(problems) - 2} more)" if len(problems) > 2 else ""))
        return self.ladder.ladder is not None

    # --- presets -------------------------------------------------------------------------------------------------
    def _refresh_presets(self) -> None:
        names = {rid: r.name for rid, r in self.catalogue.regions.items()}
        presets = self.presets_store.all()
        if presets or self._preset_bar is not None:
            from brochure_app.advisor.presets import describe, profile_from_dict
        if self._preset_bar is not None:
            self._preset_bar.set_presets([(p.name, describe(profile_from_dict(p.profile)[0], names.get(p.region, "")))
                                          for p in presets])
        for act in self.preset_actions:
            self.preset_group.removeAction(act)
            self.removeAction(act)
            act.deleteLater()
        self.preset_actions = []
        self.presets_menu.clear()
        self.presets_menu.addAction(self.act_preset_save)
        self.presets_menu.addSeparator()
        for n, preset in enumerate(presets):
            act = QAction(preset.name, self)
            act.setData(preset.name)
            if n < 9:
                act.setShortcut(QKeySequence(f"Ctrl+{n + 1}"))
            act.setStatusTip(describe(profile_from_dict(preset.profile)[0], names.get(preset.region, "")))
            self.preset_group.addAction(act)
            self.addAction(act)
            self.presets_menu.addAction(act)
            self.preset_actions.append(act)
        if not presets:
            empty = self.presets_menu.addAction("No presets saved yet")
            empty.setEnabled(False)
        self.presets_menu.addSeparator()
        self.presets_menu.addAction(self.act_preset_rename)
        self.presets_menu.addAction(self.act_preset_delete)
        self.act_preset_rename.setEnabled(bool(presets))
        self.act_preset_delete.setEnabled(bool(presets))

    def apply_preset(self, name: str) -> bool:
        from brochure_app.advisor.presets import profile_from_dict

        preset = self.presets_store.find(name or "")
        if preset is None:
            return False
        profile, left_out = profile_from_dict(preset.profile)
        if preset.region and preset.region in self.catalogue.regions and preset.region != self.region:
            self.set_region(preset.region)
        self.wizard.set_profile(profile)
        self.wizard_dock.show()
        note = f" Left out (no longer known): {', '.join(left_out)}." if left_out else ""
        self._status(f"Applied the preset “{preset.name}”.{note}")
        return True

    def save_preset(self, name: str, with_region: bool = True) -> None:
        try:
            self.presets_store.save_preset(name, self.wizard.profile().as_dict(),
                                           self.region if with_region else None)
        except (ValueError, OSError) as exc:
            self._refresh_presets()             # an OSError leaves it in memory for this session
            self._status(f"The preset could not be saved: {exc}")
            return
        self._refresh_presets()
        self._status(f"Saved the preset “{' '.join(name.split())}”.")

    def save_preset_dialog(self) -> None:
        from brochure_app.advisor.presets import suggest_name

        region = self.catalogue.regions[self.region].name if self.region else ""
        from PySide6.QtWidgets import QInputDialog

        name, ok = QInputDialog.getText(self, "Save answers as preset", "Name of the preset:",
                                        text=suggest_name(region, self.wizard.profile()))
        if not ok or not name.strip():
            return
        if self.presets_store.find(name) is not None and not ask(
                self, "Replace preset", f"A preset called “{name.strip()}” exists. Replace it with the current "
                "answers?"):
            return
        self.save_preset(name)

    def _choose_preset(self, title: str) -> str | None:
        from PySide6.QtWidgets import QInputDialog

        names = self.presets_store.names()
        if not names:
            return None
        name, ok = QInputDialog.getItem(self, title, "Preset:", names, 0, False)
        return name if ok else None

    def rename_preset_dialog(self, name: str | None) -> None:
        name = name or self._choose_preset("Rename preset")
        if not name:
            return
        from PySide6.QtWidgets import QInputDialog

        new, ok = QInputDialog.getText(self, "Rename preset", "New name:", text=name)
        if ok and new.strip():
            try:
                self.presets_store.rename(name, new)
            except (ValueError, OSError) as exc:
                self._status(f"The preset could not be renamed: {exc}")
                return
            self._refresh_presets()

    def delete_preset_dialog(self, name: str | None, confirm: bool = True) -> None:
        name = name or self._choose_preset("Delete preset")
        if not name:
            return
        if confirm and not ask(self, "Delete preset", f"Delete the preset “{name}”?"):
            return
        try:
            self.presets_store.remove(name)
        except OSError as exc:
            self._status(f"The preset could not be deleted: {exc.strerror or exc}")
            return
        self._refresh_presets()

    # --- presentation mode ---------------------------------------------------------------------------------------
    def region_pages(self) -> list[tuple[str, str]]:
        """(key, title) of every page of the region: home, the sections, then the items by section."""
        pages = [("home", f"Home — {self.catalogue.regions[self.region].name}")]
        grouped = self.catalogue.items_by_kind(self.region)
        for kind in KINDS:
            if kind in grouped or kind in ("accredited-programme", "structured-intervention"):
                pages.append((f"section:{kind}", f"Section: {kind_tab(kind)}"))
        for kind, items in grouped.items():
            pages += [(f"item:{i.id}", f"{i.title} ({kind_tab(kind)})") for i in items]
        return pages

    def running_order(self) -> list[str]:
        """The saved running order; else the shortlist; else the home page and the sections."""
        valid = dict(self.region_pages())
        saved = [k for k in self.orders_store.get(self.region) if k in valid]
        if saved:
            return saved
        shortlisted = [f"item:{i}" for i in self.shortlist.ids()]
        if shortlisted:
            return shortlisted
        return [k for k in valid if not k.startswith("item:")]

    def _load_running_order(self) -> None:
        self._present_order = self.running_order()
        key = self.tabs.current_key()
        self._present_index = self._present_order.index(key) if key in self._present_order else 0
        if self._present_order:
            self.present_jump(self._present_index)

    def toggle_presentation(self) -> None:
        if self.presenting:
            self.exit_presentation()
        else:
            self.enter_presentation()

    def enter_presentation(self) -> None:
        if self.presenting or not self.region:
            return
        self.presenting = True
        self._before_presenting = {
            "state": self.windowState(), "zoom": self.tabs.zoom,
            "docks": {d: d.isVisible() for d in (self.wizard_dock, self.search_dock, self.shortlist_dock)},
        }
        self.menuBar().hide()
        self.toolbar.hide()
        self.statusBar().hide()
        if self._made("find_bar"):
            self.find_bar.hide()
        self.tabs.tabBar().hide()
        self.search_dock.hide()
        self.shortlist_dock.hide()
        self.wizard_dock.show()
        self.wizard_dock.widget().setStyleSheet(PRESENT_QSS)
        self.zoom(PRESENT_ZOOM)
        self._restyle_pages()
        self.presentation_toolbar.show()
        for act in (self.act_present_next, self.act_present_prev, self.act_present_exit):
            act.setEnabled(True)
        self.act_present.setChecked(True)
        self.showFullScreen()
        self._size_presentation_docks()
        QTimer.singleShot(0, self._size_presentation_docks)     # once the full-screen geometry has arrived
        self._load_running_order()
        view = self.tabs.current_view()
        if view is not None:
            view.setFocus()

    def _size_presentation_docks(self) -> None:
        if self.presenting:
            self.resizeDocks([self.wizard_dock], [max(460, int(self.width() * 0.4))], Qt.Orientation.Horizontal)

    def exit_presentation(self) -> None:
        if not self.presenting:
            return
        self.presenting = False
        before = self._before_presenting
        for act in (self.act_present_next, self.act_present_prev, self.act_present_exit):
            act.setEnabled(False)
        self.act_present.setChecked(False)
        self.presentation_toolbar.hide()
        self.wizard_dock.widget().setStyleSheet("")
        self.zoom(before.get("zoom", 0) - self.tabs.zoom)
        self._restyle_pages()
        self.menuBar().show()
        self.toolbar.show()
        self.statusBar().show()
        self.tabs.tabBar().show()
        for dock, visible in before.get("docks", {}).items():
            dock.setVisible(visible)
        self.setWindowState(before.get("state", Qt.WindowState.WindowNoState))
        if not self.windowState() & Qt.WindowState.WindowFullScreen:
            self.showNormal() if not self.windowState() & Qt.WindowState.WindowMaximized else self.showMaximized()

    def present_jump(self, index: int) -> None:
        if not self._present_order:
            self.presentation_bar.set_order([], 0)
            return
        self._present_index = max(0, min(len(self._present_order) - 1, index))
        key = self._present_order[self._present_index]
        self.open_page(key, new_tab=False)
        titles = dict(self.region_pages())
        self.presentation_bar.set_order([titles.get(k, k) for k in self._present_order], self._present_index)

    def present_step(self, delta: int) -> None:
        if self.presenting:
            self.present_jump(self._present_index + delta)

    def edit_running_order(self) -> bool:
        from brochure_app.ui.presentation.running_order_dialog import RunningOrderDialog

        dialog = RunningOrderDialog(self.region_pages(), self.running_order(),
                                    [f"item:{i}" for i in self.shortlist.ids()], self)
        if not dialog.exec():
            return False
        return self.set_running_order(dialog.keys())

    def set_running_order(self, keys: list[str]) -> bool:
        try:
            self.orders_store.set(self.region, keys)
        except (ValueError, OSError) as exc:
            self._status(f"The running order could not be saved: {exc}")
            return False
        if self.presenting:
            self._load_running_order()
        return True

    # --- PDF export of the brochure (ui.pdf_export on a worker thread) ------------------------------------------
    def pdf_scope(self, what: str) -> str | None:
        key = self.tabs.current_key() or "home"
        if what == "region":
            return "brochure"
        if what == "page":
            return key
        if key.startswith("section:"):
            return key
        if key.startswith("item:"):
            item = self.catalogue.item(self.region, key[5:])
            kind = item.section or item.kind if item else None
            return f"section:{kind}" if kind else None
        return None

    def export_pdf(self, what: str, path=None):
        """Exports the current page, its section or the whole region as a PDF, on a worker thread."""
        from brochure_app.ui.printing.pdf_export_job import PdfExportJob

        if self._pdf_job is not None and self._pdf_job.isRunning():
            self._status("A PDF is already being made.")
            return None
        scope = self.pdf_scope(what)
        if scope is None:
            self._status("Open a section or an intervention's page to export its section.")
            return None
        if path is None:
            suggested = {"brochure": f"brochure-{self.region}.pdf"}.get(
                scope, f"{self.region}-{scope.replace(':', '-')}.pdf")
            from brochure_app.ui.printing import paper

            path = paper.ask_save_path(self, "Export as PDF", suggested, "pdf")
            if path is None:
                return None
        job = PdfExportJob(self.catalogue, self.region, path, scope, self)
        from PySide6.QtWidgets import QProgressDialog

        progress = QProgressDialog("Making the PDF…", "Cancel", 0, 100, self)
        progress.setWindowTitle("Export PDF")
        progress.setAccessibleName("PDF export progress")
        progress.setMinimumDuration(400)
        progress.setAutoClose(True)
        progress.canceled.connect(job.cancel)
        job.progress.connect(lambda done, total: progress.setValue(int(100 * done / max(1, total))))
        job.finished_ok.connect(lambda out, pages: self._status(f"Saved {out} ({pages} pages)."))
        job.failed.connect(self._status)
        job.finished.connect(progress.reset)
        job.finished.connect(progress.deleteLater)
        job.finished.connect(job.deleteLater)
        job.finished.connect(lambda: setattr(self, "_pdf_job", None))
        self._pdf_job = job
        job.start()
        return job

    # --- persistence -----------------------------------------------------------------------------------------
    def schedule_save(self, *_args) -> None:
        """The settings changed: they are written a moment after the last change (see SAVE_DELAY_MS). Not for a
        screenshot (save_on_close False), and not while presenting: the layout kept is the person's own."""
        if self.save_on_close and not self.presenting:
            self._save_timer.start()

    def save_now(self) -> bool:
        """Writes what the person would lose if the app ended now (the note being typed, the settings): on the
        debounce timer, at session end, on SIGTERM and on quitting. False when the settings could not be written."""
        self._save_timer.stop()
        if self._made("shortlist"):
            self.shortlist.flush_note()
        if not self.save_on_close or self.presenting:
            return True
        try:
            self.save_state()
        except Exception:  # noqa: BLE001 - a settings file that cannot be written must not stop the app
            return False
        return self.settings.status() == QSettings.Status.NoError

    def changeEvent(self, event):  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.reload_saved_data()

    def reload_saved_data(self) -> None:
        """Reads the saved files again, when the window is activated: the command line, or a window on another
        machine sharing this home folder, may have changed them meanwhile (each change here reads them anyway)."""
        if self._made("shortlist"):
            self.shortlist.flush_note()
        for name in ("shortlist_store", "notes_store", "presets_store", "orders_store"):
            if self._made(name):
                getattr(self, name).reload()
        if self._made("shortlist"):
            self.shortlist.refresh()
        if self._made("presets_store") and not self._late_start:
            self._refresh_presets()

    def resizeEvent(self, event):  # noqa: N802
        super().resizeEvent(event)
        self.schedule_save()

    def moveEvent(self, event):  # noqa: N802
        super().moveEvent(event)
        self.schedule_save()

    def save_state(self) -> None:
        s = self.settings
        s.setValue("region", self.region)
        s.setValue("tabs", self.tabs.keys())
        s.setValue("current_tab", self.tabs.currentIndex())
        s.setValue("zoom", self.tabs.zoom)
        s.setValue("high_contrast", self.high_contrast)
        s.setValue("geometry", self.saveGeometry())
        s.setValue("window_state", self.saveState())
        s.sync()

    def restore_state(self, region: str | None) -> None:
        s = self.settings
        geometry = s.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = s.value("window_state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        if _as_bool(s.value("high_contrast", False)):
            self.set_high_contrast(True)
        self.set_region(region or "")
        tabs = s.value("tabs") or []
        if isinstance(tabs, str):
            tabs = [tabs]
        if not region or region == s.value("region"):
            keys = [k for k in tabs if isinstance(k, str)]
            try:
                current = int(s.value("current_tab", 0))
            except (TypeError, ValueError):
                current = -1
            shown = keys[current] if 0 <= current < len(keys) else ""
            if self._catalogue is None and self.tabs.index_of(shown) >= 0:
                # The page on top is already painted: the other saved tabs open after the first paint.
                self._pending_tabs = (keys, shown)
            else:
                self._restore_tabs(keys, shown)
        try:
            self.zoom(int(s.value("zoom", 0)) - self.tabs.zoom)
        except (TypeError, ValueError):
            pass

    def _restore_tabs(self, keys: list[str], shown: str) -> None:
        for key in keys:
            if self.tabs.index_of(key) < 0:
                self.open_page(key, new_tab=True, activate=False)
        if self.tabs.index_of(shown) >= 0:
            self.tabs.setCurrentIndex(self.tabs.index_of(shown))

    def closeEvent(self, event):  # noqa: N802
        self.exit_presentation()
        self._save_timer.stop()
        if self._made("shortlist"):
            self.shortlist.flush_note()
        if self._pdf_job is not None and self._pdf_job.isRunning():
            self._pdf_job.cancel()
            self._pdf_job.wait(10000)
        try:
            if self.save_on_close:
                self.save_state()
        except Exception as exc:  # noqa: BLE001 - never lose the close because settings failed
            warn(self, "Settings not saved", f"Your settings could not be saved: {exc}")
        if self.search_worker is not None:
            self.search_worker.stop()
        super().closeEvent(event)


def _as_bool(value) -> bool:
    return value in (True, "true", "1", 1)


def clean_stale_temporaries() -> int:
    """Removes what writers killed mid-write left in the data and cache folders (see userdata.atomic): once per
    start, after the first paint. Returns how many files went."""
    from brochure_app.catalogue.store import cache_dir
    from brochure_app.userdata import atomic

    return atomic.clean_stale_temporaries(atomic.data_dir()) + atomic.clean_stale_temporaries(cache_dir())


def defer(fn) -> None:
    QTimer.singleShot(0, fn)
