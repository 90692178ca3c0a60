"""The tabbed brochure: one PageView per tab; closing remembers the page so Ctrl+Shift+T reopens it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget

from brochure_app.ui.markup import as_text
from brochure_app.ui.page_view import PageView


class BrochureTabs(QTabWidget):
    page_requested = Signal(str, bool)       # key, new tab — a link was followed in a page
    current_page_changed = Signal(str)       # key of the page now shown
    external_link_refused = Signal(str)

    def __init__(self, css: str, parent=None):
        super().__init__(parent)
        self._css = css
        self._closed: list[str] = []
        self.setTabsClosable(True)
        self.setMovable(True)
        self.setDocumentMode(True)
        self.setProperty("elideMode", "ElideNone")     # by name: see lazy_qt
        self.setUsesScrollButtons(True)
        self.setAccessibleName("Brochure tabs")
        self.setAccessibleDescription("Open pages. Ctrl+W closes a tab, Ctrl+Shift+T reopens the last closed tab.")
        self.tabCloseRequested.connect(self.close_tab)
        self.currentChanged.connect(self._on_current_changed)
        self.zoom = 0
        self._closing_all = False     # close_all at work: tabs made current meanwhile are not shown

    def views(self) -> list[PageView]:
        return [self.widget(i) for i in range(self.count())]

    def current_view(self) -> PageView | None:
        return self.currentWidget()

    def current_key(self) -> str:
        view = self.current_view()
        return view.key if view else ""

    def keys(self) -> list[str]:
        return [v.key for v in self.views()]

    def index_of(self, key: str) -> int:
        for i, view in enumerate(self.views()):
            if view.key == key:
                return i
        return -1

    def show_page(self, key: str, title: str, html: str, new_tab: bool, activate: bool = True) -> PageView:
        """Shows the page: switches to its tab when already open, else opens it in a new or the current tab."""
        existing = self.index_of(key)
        if existing >= 0:
            if activate:
                self.setCurrentIndex(existing)
            return self.widget(existing)
        view = self.current_view()
        if new_tab or view is None:
            view = PageView(self._css)
            view.zoomIn(self.zoom) if self.zoom > 0 else view.zoomOut(-self.zoom)
            view.link_activated.connect(self.page_requested)
            view.external_link_refused.connect(self.external_link_refused)
            view.history_changed.connect(lambda v=view: self._retitle(v))
            index = self.addTab(view, title)
            if activate:
                self.setCurrentIndex(index)
        if activate or view is self.current_view():
            view.show_page(key, title, html)
        else:
            view.defer_page(key, title, html)   # laid out only when the tab is first shown
            self._retitle(view)
        return view

    def _on_current_changed(self, _index: int) -> None:
        if self._closing_all:
            return
        view = self.current_view()
        if view is not None:
            view.load_deferred()
        self.current_page_changed.emit(self.current_key())

    def _retitle(self, view: PageView) -> None:
        i = self.indexOf(view)
        if i >= 0:
            self.setTabText(i, view.title if len(view.title) <= 28 else view.title[:26] + "…")
            self.setTabToolTip(i, as_text(view.title))   # tooltips render markup: content is text
            button = self.tabBar().tabButton(i, self.tabBar().ButtonPosition.RightSide)
            if button is not None:
                button.setAccessibleName(f"Close tab: {view.title}")
                button.setToolTip("Close tab (Ctrl+W)")
        if view is self.current_view():
            self.current_page_changed.emit(view.key)

    def close_tab(self, index: int) -> None:
        view = self.widget(index)
        if view is None:
            return
        self._closed.append(view.key)
        self.removeTab(index)
        view.deleteLater()

    def close_current(self) -> None:
        if self.count():
            self.close_tab(self.currentIndex())

    def pop_closed(self) -> str | None:
        return self._closed.pop() if self._closed else None

    def close_all(self) -> None:
        """Closes every tab (a region switch). The tabs that become current as the others close are not shown:
        their deferred pages stay unrendered."""
        self._closing_all = True
        try:
            while self.count():
                view = self.widget(0)
                self.removeTab(0)
                view.deleteLater()
        finally:
            self._closing_all = False
        self._closed.clear()
        self.current_page_changed.emit(self.current_key())

    def set_zoom(self, steps: int) -> None:
        delta = steps - self.zoom
        self.zoom = steps
        for view in self.views():
            view.zoomIn(delta) if delta > 0 else view.zoomOut(-delta)
