"""Presentation mode: full screen, large type, the page beside the decision aid, stepping through a running order
(saved per region; else the shortlist; else the home page and the sections)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QToolBar

from brochure_app.ui.common import theme
from brochure_app.ui.common.actions import Command
from brochure_app.ui.common.feature import Feature
from brochure_app.ui.common.lazy_qt import Qt

PRESENT_ZOOM = 6            # extra zoom steps in presentation mode (large type)
KEYS_WHILE_PRESENTING = ("presentation.next", "presentation.previous", "presentation.exit")


class PresentationFeature(Feature):
    COMMANDS = (
        Command("presentation.toggle", "Presentation mode", "set_presenting", ("F11",), checkable=True,
                tip="Full screen, large type, page and decision aid side by side"),
        # Only while presenting: the keys keep their usual meaning otherwise.
        Command("presentation.next", "Next page", "next", ("Right", "PgDown"), enabled=False),
        Command("presentation.previous", "Previous page", "previous", ("Left", "PgUp"), enabled=False),
        Command("presentation.exit", "Exit presentation", "exit", ("Esc",), enabled=False),
        Command("presentation.order", "Running order…", "edit_running_order", ("Ctrl+Shift+O",),
                tip="Choose the pages presentation mode steps through"),
    )

    def __init__(self, window):
        super().__init__(window)
        self._bar = None
        self.toolbar = None
        self.order: list[str] = []
        self.index = 0
        self._before: dict = {}

    def wire(self) -> None:
        self.state.region_changed.connect(lambda _r: self.state.presenting and self._load_order())

    @property
    def bar(self):
        """The presentation bar (a toolbar at the bottom): made when presentation mode is first used."""
        if self._bar is None:
            from brochure_app.ui.presentation.presentation_bar import PresentationBar

            bar = self._bar = PresentationBar()
            toolbar = self.toolbar = QToolBar("Presentation", self.window)
            toolbar.setObjectName("presentation-toolbar")
            toolbar.setStyleSheet(theme.TOOLBAR_QSS)
            toolbar.setMovable(False)
            toolbar.setFloatable(False)
            toolbar.toggleViewAction().setVisible(False)
            toolbar.addWidget(bar)
            self.window.addToolBar(Qt.ToolBarArea.BottomToolBarArea, toolbar)
            toolbar.hide()
            bar.previous_requested.connect(self.previous)
            bar.next_requested.connect(self.next)
            bar.jump_requested.connect(self.jump)
            bar.order_requested.connect(self.edit_running_order)
            bar.exit_requested.connect(self.exit)
        return self._bar

    def region_pages(self) -> list[tuple[str, str]]:
        from brochure_app.render.outline import region_pages

        return region_pages(self.window.catalogue, self.state.region)

    def running_order(self) -> list[str]:
        """The saved running order; else the shortlist; else the home page and the sections."""
        valid = dict(self.region_pages())
        saved = [k for k in self.window.stores.orders.get(self.state.region) if k in valid]
        if saved:
            return saved
        shortlisted = [f"item:{i}" for i in self.window.bench.shortlisted()]
        return shortlisted or [k for k in valid if not k.startswith("item:")]

    def _load_order(self) -> None:
        self.order = self.running_order()
        key = self.state.page
        self.index = self.order.index(key) if key in self.order else 0
        if self.order:
            self.jump(self.index)

    def set_presenting(self, on: bool) -> None:
        self.enter() if on else self.exit()

    def enter(self) -> None:
        w = self.window
        if self.state.presenting or not self.state.region:
            self.action("presentation.toggle").setChecked(self.state.presenting)
            return
        self._before = {"state": w.windowState(), "zoom": w.pages.zoom_level,
                        "docks": {d: d.isVisible() for d in w.docks()}}
        self.state.set_presenting(True)     # the pages restyle, the decision aid's type grows
        w.set_chrome_visible(False)
        w.pages.hide_find()
        for dock in w.docks():
            dock.setVisible(dock is w.advisor.dock)
        w.pages.zoom(PRESENT_ZOOM)
        self.bar    # noqa: B018 - makes the toolbar
        self.toolbar.show()
        for name in KEYS_WHILE_PRESENTING:
            self.action(name).setEnabled(True)
        self.action("presentation.toggle").setChecked(True)
        w.showFullScreen()
        self._size_docks()
        QTimer.singleShot(0, self._size_docks)     # once the full-screen geometry has arrived
        self._load_order()
        w.pages.focus_page()

    def _size_docks(self) -> None:
        w = self.window
        if self.state.presenting:
            w.resizeDocks([w.advisor.dock], [max(460, int(w.width() * 0.4))], Qt.Orientation.Horizontal)

    def exit(self) -> None:
        w = self.window
        if not self.state.presenting:
            self.action("presentation.toggle").setChecked(False)
            return
        before = self._before
        for name in KEYS_WHILE_PRESENTING:
            self.action(name).setEnabled(False)
        self.action("presentation.toggle").setChecked(False)
        self.toolbar.hide()
        w.pages.zoom(before.get("zoom", 0) - w.pages.zoom_level)
        self.state.set_presenting(False)
        w.set_chrome_visible(True)
        for dock, visible in before.get("docks", {}).items():
            dock.setVisible(visible)
        w.setWindowState(before.get("state", Qt.WindowState.WindowNoState))
        if not w.windowState() & Qt.WindowState.WindowFullScreen:
            w.showNormal() if not w.windowState() & Qt.WindowState.WindowMaximized else w.showMaximized()

    def jump(self, index: int) -> None:
        if not self.order:
            self.bar.set_order([], 0)
            return
        self.index = max(0, min(len(self.order) - 1, index))
        self.window.pages.open(self.order[self.index], new_tab=False)
        titles = dict(self.region_pages())
        self.bar.set_order([titles.get(k, k) for k in self.order], self.index)

    def next(self) -> None:
        if self.state.presenting:
            self.jump(self.index + 1)

    def previous(self) -> None:
        if self.state.presenting:
            self.jump(self.index - 1)

    def edit_running_order(self) -> bool:
        from brochure_app.ui.presentation.running_order_dialog import RunningOrderDialog

        dialog = RunningOrderDialog(self.region_pages(), self.running_order(),
                                    [f"item:{i}" for i in self.window.bench.shortlisted()], self.window)
        if not dialog.exec():
            return False
        return self.set_running_order(dialog.keys())

    def set_running_order(self, keys: list[str]) -> bool:
        try:
            self.window.stores.orders.set(self.state.region, keys)
        except (ValueError, OSError) as exc:
            self.status(f"The running order could not be saved: {exc}")
            return False
        if self.state.presenting:
            self._load_order()
        return True

    def close(self) -> None:
        self.exit()
