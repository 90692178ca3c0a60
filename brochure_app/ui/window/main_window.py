"""The main window assembles the features (pages, search, decision aid, bench tools, presentation, printing,
editions), lays out their commands in menus and the toolbar (window/menus.py), connects the window's own signals in
one place (_connect_signals), and runs the start-up's phases. What each feature does is in its package."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSettings, QTimer
from PySide6.QtWidgets import QMainWindow, QMenu, QVBoxLayout, QWidget

from brochure_app import __version__
from brochure_app.catalogue.paths import bundled_root
from brochure_app.ui.access.feature import AccessFeature
from brochure_app.ui.advisor.feature import AdvisorFeature
from brochure_app.ui.bench.feature import BenchFeature
from brochure_app.ui.common import theme
from brochure_app.ui.common.actions import Command, make_action
from brochure_app.ui.common.banner import Banner
from brochure_app.ui.common.lazy_qt import Qt
from brochure_app.ui.common.markup import warn
from brochure_app.ui.common.state import WindowState
from brochure_app.ui.common.status_line import StatusLine
from brochure_app.ui.editions.feature import EditionsFeature
from brochure_app.ui.pages.feature import PagesFeature
from brochure_app.ui.presentation.feature import PresentationFeature
from brochure_app.ui.printing.feature import PrintingFeature
from brochure_app.ui.search.feature import SearchFeature
from brochure_app.ui.window import menus
from brochure_app.ui.window.dock_layout import restore_docks
from brochure_app.ui.window.help import guide_page
from brochure_app.ui.window.item_menu import item_menu
from brochure_app.ui.window.persistence import restore_window, save_window
from brochure_app.ui.window.region_box import RegionBox
from brochure_app.ui.window.screen_fit import DockFit
from brochure_app.userdata.stores import Stores

if TYPE_CHECKING:
    from brochure_app.catalogue.catalogue import Catalogue
    from brochure_app.render.snapshot import Snapshot

SAVE_DELAY_MS = 1000        # settings are written this long after the last change (a resize is many changes)


class MainWindow(QMainWindow):
    COMMANDS = (
        Command("window.pick_region", "Choose region…", "pick_region", ("Ctrl+R",)),
        Command("window.guide", "User guide", "show_guide", ("F1",), "HelpContents",
                tip="Getting started, the decision aid's words, the bench tools and every shortcut"),
        Command("window.about", "About", "show_about"),
        Command("window.quit", "Quit", "close", ("Ctrl+Q",), "Quit"),
    )

    def __init__(self, catalogue, settings, search_worker=None, edition: str = "", parent=None,
                 snapshot: Snapshot | None = None, dock_record: bool = True):
        """catalogue: the Catalogue, or a function that loads it. With a function and a snapshot (the start-up's
        fast way), the window paints the snapshot's region and loads the catalogue in finish_startup.
        dock_record: False to place the docks by code rather than from the shipped record (see dock_layout)."""
        super().__init__(parent)
        self._catalogue = None if callable(catalogue) else catalogue
        self._catalogue_loader = catalogue if callable(catalogue) else None
        self.settings, self.edition = settings, edition
        self.save_on_close = True      # False for `gui --screenshot`: a picture of the app changes no preference
        self.pending_tabs = None       # saved tabs to open after the first paint (see persistence.restore_window)
        self.started = False           # True once finish_startup has run
        self.state = WindowState(self)
        self.stores = Stores()
        self.setWindowTitle("Judicial Brochure of Probation Interventions")
        self.setAccessibleName("Judicial Brochure")

        self.banner = Banner()
        self.pages = PagesFeature(self)
        self.tabs = self.pages.tabs
        self.search = SearchFeature(self, search_worker)
        self.advisor = AdvisorFeature(self)
        self.bench = BenchFeature(self)
        self.presentation = PresentationFeature(self)
        self.printing = PrintingFeature(self)
        self.editions = EditionsFeature(self)
        self.access = AccessFeature(self)
        self.features = (self.pages, self.search, self.advisor, self.bench, self.presentation, self.printing,
                         self.editions, self.access)
        central = QWidget()
        box = QVBoxLayout(central)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.banner)
        box.addWidget(self.pages.widget, 1)
        self.setCentralWidget(central)
        if not restore_docks(self, snapshot if self._catalogue is None else None, dock_record):
            self.place_docks_by_code()
        self._default_state = self.saveState()     # the docks as they start, kept in the start-up snapshot

        self.region_box = RegionBox()
        if self._catalogue is not None or snapshot is not None:
            self.region_box.fill(snapshot.regions if self._catalogue is None else self.region_labels())
        self.status_label = StatusLine()       # the region's name, its edition and pages
        self.statusBar().addPermanentWidget(self.status_label)
        self.statusBar().addPermanentWidget(self.editions.status_label)
        self.statusBar().addPermanentWidget(self.pages.zoom_label)
        self.statusBar().setStyleSheet(theme.STATUS_QSS)
        # Settings are written when they change (a moment after the last change), not only on a clean quit: a
        # logout or shutdown ends the app with SIGTERM or a session-end request, and the layout must survive it.
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_now)
        self._actions = {c.id: make_action(c, owner, self) for owner in (*self.features, self)
                         for c in owner.COMMANDS}
        self._build_menus()
        for feature in self.features:
            feature.wire()
        self.pages.special_pages["help:guide"] = lambda: guide_page(self.all_commands(), self.more_keys())
        self._connect_signals()
        self.dock_fit = DockFit(self)      # the docks give way to the page on a narrow window (after first paint)
        # The banner and the presets menu need the catalogue and the saved data: on the fast way, in finish_startup.
        self._late_start = self._catalogue is None
        if not self._late_start:
            self._show_problems()
            self.advisor.presets.refresh()

    # --- assembly --------------------------------------------------------------------------------------------
    FEATURES = (PagesFeature, SearchFeature, AdvisorFeature, BenchFeature, PresentationFeature, PrintingFeature,
                EditionsFeature, AccessFeature)

    @classmethod
    def more_keys(cls) -> list:
        """Keys the features bind outside their commands (the presets' Ctrl+1…9), for the shortcut lists."""
        return [row for feature in cls.FEATURES for row in feature.MORE_KEYS]

    @classmethod
    def all_commands(cls) -> list[Command]:
        """Every command of the features and the window (the README's shortcut table is made from them)."""
        return [c for owner in (*cls.FEATURES, cls) for c in owner.COMMANDS]

    def action(self, command_id: str):
        return self._actions[command_id]

    def _build_menus(self) -> None:
        def fill(menu, entries):
            for entry in entries:
                if entry == "-":
                    menu.addSeparator()
                elif isinstance(entry, tuple):
                    fill(menu.addMenu(entry[0]), entry[1])
                else:
                    menu.addAction(self.action(entry))

        for title, entries in menus.MENUS:
            menu = self.menuBar().addMenu(title)
            if title == "&Presets":
                self.advisor.presets.menu = menu      # filled with the presets when they are read (presets.py)
            else:
                fill(menu, entries)
        widgets = {"region": self.region_box, "search": self.search.box}
        self.toolbar = self._toolbar("Main", "main-toolbar", menus.TOOLBAR, widgets)
        self.tools_toolbar = self._toolbar("Tools", "tools-toolbar", menus.TOOLS_TOOLBAR, widgets)

    def _toolbar(self, title: str, name: str, entries, widgets):
        bar = self.addToolBar(title)
        bar.setObjectName(name)
        bar.setStyleSheet(theme.TOOLBAR_QSS)
        bar.setMovable(False)
        for entry in entries:
            if entry == "-":
                bar.addSeparator()
            elif entry in widgets:
                bar.addWidget(widgets[entry])
            else:
                bar.addAction(self.action(entry))
                bar.widgetForAction(self.action(entry)).setAccessibleName(self.action(entry).text().rstrip("…"))
        return bar

    def toolbar_button(self, command_id: str):
        """The toolbar's button of a command (None when it has none)."""
        for bar in (self.toolbar, self.tools_toolbar):
            button = bar.widgetForAction(self.action(command_id))
            if button is not None:
                return button
        return None

    def _connect_signals(self) -> None:
        self.region_box.currentIndexChanged.connect(lambda i: self.set_region(self.region_box.itemData(i)))
        self.state.region_changed.connect(self._show_region_texts)
        self.state.region_changed.connect(self.schedule_save)
        self.tabs.currentChanged.connect(self.schedule_save)
        self.tabs.tabBar().tabMoved.connect(self.schedule_save)
        for dock in self.docks():
            dock.visibilityChanged.connect(self.schedule_save)
            dock.topLevelChanged.connect(self.schedule_save)

    def _watch_dock_areas(self) -> None:
        """A dock moved to another side is a change to save. Connected after the first paint: the signal carries a
        Qt enum, which PySide cannot pass to Python before Qt's enum types are set up (see lazy_qt); connected at
        construction, every start that placed the docks printed 'Qt::DockWidgetArea cannot be converted'."""
        from PySide6.QtCore import Qt

        Qt.DockWidgetArea     # noqa: B018 - sets up the enum type the signal's argument needs
        for dock in self.docks():
            dock.dockLocationChanged.connect(self.schedule_save)

    def docks(self) -> tuple:
        return self.advisor.dock, self.search.dock, self.bench.dock

    def default_dock_state(self):
        """Qt's record of the docks as the window started (before its toolbar and any change by the person): what
        the start-up snapshot and the shipped record (dock_layout) keep."""
        return self._default_state

    def place_docks_by_code(self) -> None:
        """The docks' starting layout: the decision aid on the right, search results and shortlist on the left,
        hidden. The shipped record of it (dock_layout) is what a start without a snapshot restores."""
        wizard, search, shortlist = self.docks()
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, wizard)
        for dock in (search, shortlist):
            self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
            dock.hide()
        self.resizeDocks([wizard, search, shortlist], [470, 380, 300], Qt.Orientation.Horizontal)

    def set_chrome_visible(self, on: bool) -> None:
        """The menu bar, toolbar, status bar and tab bar (hidden in presentation mode)."""
        for widget in (self.menuBar(), self.toolbar, self.tools_toolbar, self.statusBar(), self.tabs.tabBar()):
            widget.setVisible(on)

    # --- what features share ---------------------------------------------------------------------------------
    @property
    def catalogue(self) -> Catalogue:
        """The content. On the start-up's fast way it is loaded just after the first paint (or when first asked)."""
        if self._catalogue is None:
            self._catalogue = self._catalogue_loader()
            self._catalogue_loader = None
            if self.region_box.count() == 0:        # made before the content arrived (a cold start)
                self.region_box.fill(self.region_labels())
        return self._catalogue

    def replace_catalogue(self, catalogue: Catalogue, edition: str) -> None:
        """New content in place of the old (an installed edition, an editor's saved file): the editions feature
        then renders the open pages again from it (see ui/editions/reload.py)."""
        self._catalogue, self._catalogue_loader, self.edition = catalogue, None, edition
        if self.state.region in catalogue.regions:
            self._show_region_texts(self.state.region)

    def catalogue_loaded(self) -> bool:
        return self._catalogue is not None

    def catalogue_root(self) -> Path:
        return Path(self.catalogue.root) if self.catalogue.root else bundled_root()

    @property
    def region(self) -> str:
        return self.state.region

    def status(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def item_menu(self, item_id: str, region: str, menu: QMenu | None = None) -> QMenu:
        """The item commands (open, shortlist, compare) at the top of menu (or a new one): see window/item_menu."""
        return item_menu(self, item_id, region, menu)

    # --- region ----------------------------------------------------------------------------------------------
    def set_region(self, region_id: str) -> None:
        """Switches to a region the content has; every feature follows the state's region_changed."""
        if not region_id or region_id == self.state.region or region_id not in self.catalogue.regions:
            return
        self.region_box.select(region_id)
        self.state.set_region(region_id)

    def region_labels(self) -> list[tuple[str, str]]:
        from brochure_app.render.snapshot import region_labels

        return region_labels(self.catalogue)

    def _show_region_texts(self, region_id: str) -> None:
        from brochure_app.render.snapshot import region_texts

        title, status = region_texts(self.catalogue, region_id)
        self.setWindowTitle(title)
        self.status_label.setText(status)

    def pick_region(self) -> None:
        self.region_box.showPopup()

    def open_page(self, key: str, new_tab: bool = False, activate: bool = True) -> bool:
        return self.pages.open(key, new_tab=new_tab, activate=activate)

    def open_request(self, request: dict, raise_window: bool = True) -> None:
        """What a launch asked for (`--region`, `--page`; from a second launch too, see single_instance): the region
        and page are opened when the content has them (the status bar says when not), and the window comes to the
        front, restored if it was minimised."""
        region, page = request.get("region"), request.get("page")
        if region and region != self.state.region:
            if region in self.catalogue.regions:
                self.set_region(region)
            else:
                self.status(f"This content has no region '{region}'.")
        if page:
            self.pages.show_key(page)
        if raise_window:
            self.bring_to_front()

    def bring_to_front(self) -> None:
        if self.isMinimized():
            self.setWindowState((self.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive)
        self.show()
        self.raise_()
        self.activateWindow()

    # --- start-up --------------------------------------------------------------------------------------------
    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Paints the snapshot's region (home page shown, section tabs rendered when first opened): the start-up's
        fast way. The catalogue is not needed until a page other than home is shown, or finish_startup."""
        if self.region_box.count() == 0:        # a window made before its snapshot came (a cold start)
            self.region_box.fill(snapshot.regions)
        self.region_box.select(snapshot.region)
        self.state.region = snapshot.region     # set quietly: the features follow when the catalogue is there
        self.pages.show_home(snapshot.home_html, snapshot.tabs)
        self.setWindowTitle(snapshot.title)
        self.status_label.setText(snapshot.status)
        if snapshot.problems:
            self._show_problems(snapshot.problems)

    def save_snapshot(self) -> bool:
        """Keeps the current region's first paint for the next start (once per content version and region)."""
        if self._catalogue is None or not self.state.region:
            return False
        from brochure_app.render.snapshot import build_snapshot, write_snapshot

        cat, region, state = self.catalogue, self.state.region, bytes(self.default_dock_state()).hex()
        return write_snapshot(cat.content_hash or "", region, lambda: build_snapshot(cat, region, state))

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
            self.advisor.presets.refresh()

    def finish_startup(self) -> None:
        """What waits until the first paint: the catalogue (fast way), the saved tabs, then each feature's late
        work (the decision aid, the search index, the edition's status)."""
        self.complete_start()
        pending, self.pending_tabs = self.pending_tabs, None
        if pending:
            self.pages.restore_tabs(*pending)
        for feature in self.features:
            feature.after_first_paint()
        for later in (self.save_snapshot, clean_stale_temporaries, self._watch_dock_areas, self.dock_fit.start):
            QTimer.singleShot(0, later)
        self.started = True

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
        saved = [] if early else self.stores.warnings()
        if saved:
            messages.append("Saved data: " + " ".join(saved))
        if messages:
            self.banner.show_message(" ".join(messages))

    # --- window-wide settings --------------------------------------------------------------------------------
    def set_high_contrast(self, on: bool) -> None:
        self.access.set_high_contrast(on)      # the theme is the access feature's (ui/access)

    def show_guide(self) -> None:
        from brochure_app.render.html import HELP_GUIDE

        self.pages.show_key(HELP_GUIDE)

    def show_about(self) -> None:
        from brochure_app.ui.window.about_dialog import AboutDialog

        sources = sorted({s.title for items in self.catalogue.region_items.values() for i in items
                          for s in i.sources})
        AboutDialog(__version__, self.editions.about_line(), sources, self).exec()

    # --- persistence -----------------------------------------------------------------------------------------
    def schedule_save(self, *_args) -> None:
        """The settings changed: they are written a moment after the last change (see SAVE_DELAY_MS). Not for a
        screenshot (save_on_close False), and not while presenting: the layout kept is the person's own."""
        if self.save_on_close and not self.state.presenting:
            self._save_timer.start()

    def save_now(self) -> bool:
        """Writes what the person would lose if the app ended now (the note being typed, the settings): on the
        debounce timer, at session end, on SIGTERM and on quitting. False when the settings could not be written."""
        self._save_timer.stop()
        for feature in self.features:
            feature.save()
        if not self.save_on_close or self.state.presenting:
            return True
        try:
            save_window(self)
        except Exception:  # noqa: BLE001 - a settings file that cannot be written must not stop the app
            return False
        return self.settings.status() == QSettings.Status.NoError

    def save_state(self) -> None:
        save_window(self)

    def restore_state(self, region: str | None) -> bool:
        return restore_window(self, region)

    def reload_saved_data(self) -> None:
        """Reads the saved files again, when the window is activated: the command line, or a window on another
        machine sharing this home folder, may have changed them meanwhile (each change here reads them anyway)."""
        for feature in self.features:
            feature.save()
        self.stores.reload()
        for feature in self.features:
            feature.reload()
        if self.stores.opened("presets") and not self._late_start:
            self.advisor.presets.refresh()

    def changeEvent(self, event):  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.reload_saved_data()

    def resizeEvent(self, event):  # noqa: N802
        super().resizeEvent(event)
        self.schedule_save()
        self.dock_fit.schedule()

    def moveEvent(self, event):  # noqa: N802
        super().moveEvent(event)
        self.schedule_save()

    def closeEvent(self, event):  # noqa: N802
        self.presentation.exit()
        self._save_timer.stop()
        for feature in self.features:
            feature.save()
            feature.close()
        try:
            if self.save_on_close:
                save_window(self)
        except Exception as exc:  # noqa: BLE001 - never lose the close because settings failed
            warn(self, "Settings not saved", f"Your settings could not be saved: {exc}")
        if self.search.worker is not None:
            self.search.worker.stop()
        super().closeEvent(event)

    @property
    def search_worker(self):
        return self.search.worker


def clean_stale_temporaries() -> int:
    """Removes what writers killed mid-write left in the data and cache folders (see userdata.atomic): once per
    start, after the first paint. Returns how many files went."""
    from brochure_app.folders import cache_dir, data_dir
    from brochure_app.userdata import atomic

    return atomic.clean_stale_temporaries(data_dir()) + atomic.clean_stale_temporaries(cache_dir())
