"""The main window: composes the tabs, search, wizard dock, banner and status bar, and wires their signals."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QTextDocument
from PySide6.QtWidgets import (QComboBox, QDockWidget, QLabel, QMainWindow, QMessageBox, QVBoxLayout, QWidget)

from brochure_app import __version__
from brochure_app.advisor import Profile, recommend
from brochure_app.catalogue.catalogue import Catalogue
from brochure_app.domain.taxonomy import KINDS
from brochure_app.render.html import render
from brochure_app.ui import theme
from brochure_app.ui.banner import Banner
from brochure_app.ui.brochure_tabs import BrochureTabs
from brochure_app.ui.find_bar import FindBar
from brochure_app.ui.search_box import SearchBox
from brochure_app.ui.search_panel import SearchPanel
from brochure_app.ui.wizard_panel import WizardPanel

ZOOM_LIMIT = 8


class MainWindow(QMainWindow):
    region_changed = Signal(str)
    search_results_shown = Signal(object)
    wizard_updated = Signal(object)

    def __init__(self, catalogue: Catalogue, settings, search_worker=None, edition: str = "", parent=None):
        super().__init__(parent)
        self.catalogue = catalogue
        self.settings = settings
        self.search_worker = search_worker
        self.edition = edition
        self.region = ""
        self.high_contrast = False
        self.setWindowTitle("Judicial Brochure of Probation Interventions")
        self.setAccessibleName("Judicial Brochure")

        self.banner = Banner()
        self.tabs = BrochureTabs(theme.css_for(False))
        self.find_bar = FindBar()
        central = QWidget()
        box = QVBoxLayout(central)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.banner)
        box.addWidget(self.tabs, 1)
        box.addWidget(self.find_bar)
        self.setCentralWidget(central)

        self.wizard = WizardPanel()
        self.wizard_dock = QDockWidget("Decision aid", self)
        self.wizard_dock.setObjectName("wizard")
        self.wizard_dock.setWidget(self.wizard)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.wizard_dock)
        self.search_panel = SearchPanel()
        self.search_dock = QDockWidget("Search results", self)
        self.search_dock.setObjectName("search")
        self.search_dock.setWidget(self.search_panel)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.search_dock)
        self.search_dock.hide()
        self.resizeDocks([self.wizard_dock, self.search_dock], [470, 380], Qt.Orientation.Horizontal)

        self.region_box = QComboBox()
        self.region_box.setAccessibleName("Region")
        self.region_box.setToolTip("Switch region")
        for rid, region in catalogue.regions.items():
            label = f"{region.name.split(' (')[0]} (historical, {region.edition})" if region.historical \
                else region.name
            self.region_box.addItem(label, rid)
        self.search_box = SearchBox()
        self.status_label = QLabel()
        self.statusBar().addPermanentWidget(self.status_label)
        self._last_query = ""
        self._build_actions()
        self._connect_signals()
        self._show_problems()

    # --- construction ----------------------------------------------------------------------------------------
    def _action(self, text: str, shortcut=None, slot=None, checkable=False, tip: str = "") -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            seqs = shortcut if isinstance(shortcut, list) else [shortcut]
            keys: list[QKeySequence] = []
            for s in seqs:
                for k in (QKeySequence.keyBindings(s) if isinstance(s, QKeySequence.StandardKey) else [QKeySequence(s)]):
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
        self.act_find = self._action("Find in page", ["Ctrl+F", K.Find], self.find_bar.open_bar)
        self.act_find_next = self._action("Find next", ["F3", K.FindNext], lambda: self.find(self.find_bar.edit.text()))
        self.act_find_prev = self._action("Find previous", ["Shift+F3", K.FindPrevious],
                                          lambda: self.find(self.find_bar.edit.text(), backwards=True))
        self.act_zoom_in = self._action("Zoom in", ["Ctrl++", "Ctrl+=", K.ZoomIn], lambda: self.zoom(+1))
        self.act_zoom_out = self._action("Zoom out", ["Ctrl+-", K.ZoomOut], lambda: self.zoom(-1))
        self.act_zoom_reset = self._action("Actual size", "Ctrl+0", lambda: self.zoom(None))
        self.act_contrast = self._action("High contrast", None, self.set_high_contrast, checkable=True)
        self.act_wizard = self.wizard_dock.toggleViewAction()
        self.act_wizard.setText("Decision aid")
        self.act_wizard.setShortcut(QKeySequence("F9"))
        self.act_wizard.setToolTip("Show or hide the decision aid (F9)")
        self.act_print = self._action("Print…", ["Ctrl+P", K.Print], self.print_page, tip="Print this page (Ctrl+P)")
        self.act_quit = self._action("Quit", ["Ctrl+Q", K.Quit], self.close)
        self.act_about = self._action("About", None, self.show_about)
        self.act_pick_region = self._action("Choose region…", "Ctrl+R", lambda: self.region_box.showPopup())

        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        for a in (self.act_print, None, self.act_quit):
            file_menu.addSeparator() if a is None else file_menu.addAction(a)
        go = menu.addMenu("&Go")
        for a in (self.act_back, self.act_forward, self.act_home, None, self.act_pick_region, self.act_search,
                  self.act_find, self.act_find_next, self.act_find_prev, None, self.act_close_tab, self.act_reopen):
            go.addSeparator() if a is None else go.addAction(a)
        view = menu.addMenu("&View")
        for a in (self.act_wizard, self.search_dock.toggleViewAction(), None, self.act_zoom_in, self.act_zoom_out,
                  self.act_zoom_reset, self.act_contrast):
            view.addSeparator() if a is None else view.addAction(a)
        menu.addMenu("&Help").addAction(self.act_about)

        bar = self.addToolBar("Main")
        bar.setObjectName("main-toolbar")
        bar.setMovable(False)
        bar.addWidget(self.region_box)
        bar.addSeparator()
        for a in (self.act_back, self.act_forward, self.act_home):
            bar.addAction(a)
        bar.addSeparator()
        bar.addWidget(self.search_box)
        bar.addSeparator()
        bar.addAction(self.act_wizard)
        bar.addAction(self.act_print)
        for a in (self.act_back, self.act_forward, self.act_home, self.act_wizard, self.act_print):
            w = bar.widgetForAction(a)
            if w is not None:
                w.setAccessibleName(a.text())

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
        self.search_panel.result_activated.connect(self.open_result)
        self.search_panel.scope_changed.connect(lambda _all: self.run_search(self.search_box.text()))
        self.search_panel.suggestion_chosen.connect(self._use_suggestion)
        self.wizard.profile_changed.connect(self.update_wizard)
        self.wizard.item_activated.connect(lambda item_id: self.open_page(f"item:{item_id}", True))
        self.find_bar.find_requested.connect(self.find)
        self.find_bar.closed.connect(lambda: self.tabs.current_view() and self.tabs.current_view().setFocus())
        self.banner.dismissed.connect(lambda: None)
        if self.search_worker is not None:
            self.search_worker.results.connect(self.show_search_results)
            self.search_worker.failed.connect(lambda msg: self.search_panel.status.setText(msg))

    def _show_problems(self) -> None:
        problems = self.catalogue.problems
        if problems:
            first = "; ".join(str(p) for p in problems[:3])
            more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
            self.banner.show_message(f"Some content could not be loaded and was skipped: {first}{more}. "
                                     "Run 'brochure-app check' for the full list.")

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
        for kind in KINDS:
            if self.catalogue.items(region_id, kind) or kind in ("accredited-programme", "structured-intervention"):
                self.open_page(f"section:{kind}", new_tab=True, activate=False)
        if keep.startswith("item:") and self.catalogue.item(region_id, keep[5:]):
            self.open_page(keep, new_tab=True)
        else:
            self.tabs.setCurrentIndex(0)
        region = self.catalogue.regions[region_id]
        self.setWindowTitle(f"{region.name} — Judicial Brochure of Probation Interventions")
        count = len(self.catalogue.items(region_id))
        self.status_label.setText(f"{region.name} · source edition {region.edition}"
                                  f"{' (historical)' if region.historical else ''} · {count} pages")
        self.update_wizard(self.wizard.profile())
        if self.search_box.text():
            self.run_search(self.search_box.text())
        self.region_changed.emit(region_id)

    def page_html(self, key: str):
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
        return True

    def open_result(self, item_id: str, region: str, new_tab: bool) -> None:
        if region and region != self.region:
            self.set_region(region)
        elif not self.catalogue.item(self.region, item_id):
            offering = self.catalogue.regions_offering(item_id)
            if offering:
                self.set_region(offering[0])
        if self.open_page(f"item:{item_id}", new_tab=True):
            words = [w for w in self._last_query.split() if w]
            view = self.tabs.current_view()
            if view is not None and words:
                view.highlight_words(words)

    def go_back(self) -> None:
        view = self.tabs.current_view()
        key = view.pop_back() if view else None
        if key:
            page = self.page_html(key)
            view.show_page(key, page.title, page.html, record=False)
        self._update_nav()

    def go_forward(self) -> None:
        view = self.tabs.current_view()
        key = view.pop_forward() if view else None
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
        results = recommend(self.catalogue.items(self.region), profile)
        self.wizard.show_results(results, profile)
        self.wizard_updated.emit(results)

    # --- find, zoom, theme, print ----------------------------------------------------------------------------
    def find(self, text: str, backwards: bool = False) -> bool:
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

    def set_high_contrast(self, on: bool) -> None:
        self.high_contrast = bool(on)
        self.act_contrast.setChecked(self.high_contrast)
        self.setStyleSheet(theme.WINDOW_QSS + (theme.HIGH_CONTRAST_QSS if on else ""))
        css = theme.css_for(self.high_contrast)
        self.tabs._css = css
        for view in self.tabs.views():
            view.document().setDefaultStyleSheet(css)
            page = self.page_html(view.key)
            view.refresh(page.title, page.html)

    def print_page(self) -> None:
        from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrinter

        view = self.tabs.current_view()
        if view is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintPreviewDialog(printer, self)
        dialog.setWindowTitle(f"Print — {view.title}")
        dialog.paintRequested.connect(lambda p: self._print_document(view.key).print_(p))
        dialog.exec()

    def _print_document(self, key: str) -> QTextDocument:
        doc = QTextDocument(self)
        doc.setDefaultStyleSheet(theme.css_for(False))
        doc.setHtml(self.page_html(key).html)
        return doc

    def show_about(self) -> None:
        from brochure_app.ui.about_dialog import AboutDialog

        sources = sorted({s.title for items in self.catalogue.region_items.values() for i in items
                          for s in i.sources})
        AboutDialog(__version__, self.edition, sources, self).exec()

    # --- persistence -----------------------------------------------------------------------------------------
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
        self.set_high_contrast(_as_bool(s.value("high_contrast", False)))
        self.set_region(region or "")
        tabs = s.value("tabs") or []
        if isinstance(tabs, str):
            tabs = [tabs]
        if not region or region == s.value("region"):
            for key in tabs:
                if isinstance(key, str) and self.tabs.index_of(key) < 0:
                    self.open_page(key, new_tab=True, activate=False)
            try:
                self.tabs.setCurrentIndex(int(s.value("current_tab", 0)))
            except (TypeError, ValueError):
                pass
        try:
            self.zoom(int(s.value("zoom", 0)) - self.tabs.zoom)
        except (TypeError, ValueError):
            pass

    def closeEvent(self, event):  # noqa: N802
        try:
            self.save_state()
        except Exception as exc:  # noqa: BLE001 - never lose the close because settings failed
            QMessageBox.warning(self, "Settings not saved", f"Your settings could not be saved: {exc}")
        if self.search_worker is not None:
            self.search_worker.stop()
        super().closeEvent(event)


def _as_bool(value) -> bool:
    return value in (True, "true", "1", 1)


def defer(fn) -> None:
    QTimer.singleShot(0, fn)
