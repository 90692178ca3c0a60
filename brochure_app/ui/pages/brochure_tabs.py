"""The tabbed brochure: one PageView per tab; closing remembers the page so Ctrl+Shift+T reopens it. A tab opened in
the background holds a PendingPage until it is first shown (or its view is asked for): its PageView is made then."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget

from brochure_app.ui.common.markup import as_text
from brochure_app.ui.pages.page_view import PageView
from brochure_app.ui.pages.pending_page import PendingPage


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

    def widget(self, index: int) -> PageView | None:
        """The page view of the tab at index (made now if the tab still holds a PendingPage)."""
        page = super().widget(index)
        return self._made(index, page) if isinstance(page, PendingPage) else page

    def _page_at(self, index: int) -> PageView | PendingPage | None:
        return super().widget(index)

    def views(self) -> list[PageView]:
        """Every tab's page view (pending ones are made)."""
        return [self.widget(i) for i in range(self.count())]

    def made_views(self) -> list[PageView]:
        """The tabs' page views made so far (a pending one is made, with the tabs' style and zoom, when needed)."""
        return [page for page in map(self._page_at, range(self.count())) if isinstance(page, PageView)]

    def current_view(self) -> PageView | None:
        return self.widget(self.currentIndex()) if self.count() else None

    def current_key(self) -> str:
        page = self._page_at(self.currentIndex())
        return page.key if page is not None else ""

    def keys(self) -> list[str]:
        return [self._page_at(i).key for i in range(self.count())]

    def index_of(self, key: str) -> int:
        for i in range(self.count()):
            if self._page_at(i).key == key:
                return i
        return -1

    def show_page(self, key: str, title: str, html, new_tab: bool, activate: bool = True):
        """Shows the page: switches to its tab when already open, else opens it in a new or the current tab. A new
        tab opened in the background holds the page (its HTML, or a function that makes it) until first shown."""
        existing = self.index_of(key)
        if existing >= 0:
            if activate:
                self.setCurrentIndex(existing)
            return self._page_at(existing)
        if new_tab and not activate and self.count():
            pending = PendingPage(key, title, html)
            self._label(self.addTab(pending, title), title)
            return pending
        view = self.current_view()
        if new_tab or view is None:
            view = self._new_view()
            index = self.addTab(view, title)
            if activate:
                self.setCurrentIndex(index)
        if activate or view is self.current_view():
            view.show_page(key, title, html)
        else:
            view.defer_page(key, title, html)   # laid out only when the tab is first shown
            self._retitle(view)
        return view

    def _new_view(self) -> PageView:
        view = PageView(self._css)      # the zoom is in the application's style sheet and the page's (text_zoom)
        view.ensurePolished()           # at the zoom's font now, as the pages shown are
        view.link_activated.connect(self.page_requested)
        view.external_link_refused.connect(self.external_link_refused)
        view.history_changed.connect(lambda v=view: self._retitle(v))
        return view

    def _made(self, index: int, pending: PendingPage) -> PageView:
        """The pending tab's page view, made and put in its place (same position, title and current tab; the
        swap itself emits none of this widget's signals)."""
        view = self._new_view()
        view.defer_page(pending.key, pending.title, pending.html)
        current = self.currentIndex() == index
        blocked = self.blockSignals(True)
        try:
            self.removeTab(index)
            self.insertTab(index, view, pending.title)
            if current:
                self.setCurrentIndex(index)
        finally:
            self.blockSignals(blocked)
        self._label(index, view.title)
        pending.deleteLater()
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
            self._label(i, view.title)
        if view is self._page_at(self.currentIndex()):
            self.current_page_changed.emit(view.key)

    def _label(self, i: int, title: str) -> None:
        self.setTabText(i, title if len(title) <= 28 else title[:26] + "…")
        self.setTabToolTip(i, as_text(title))   # tooltips render markup: content is text
        button = self.tabBar().tabButton(i, self.tabBar().ButtonPosition.RightSide)
        if button is not None:
            button.setAccessibleName(f"Close tab: {title}")
            button.setToolTip("Close tab (Ctrl+W)")

    def close_tab(self, index: int) -> None:
        view = self._page_at(index)
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

    def remember_closed(self, keys: list[str]) -> None:
        """Pages closed by the app (a region switch), for Ctrl+Shift+T to reopen, the last first."""
        self._closed.extend(keys)

    def close_all(self) -> None:
        """Closes every tab (a region switch). The tabs that become current as the others close are not shown:
        their deferred pages stay unrendered."""
        self._closing_all = True
        try:
            while self.count():
                view = self._page_at(0)
                self.removeTab(0)
                view.deleteLater()
        finally:
            self._closing_all = False
        self._closed.clear()
        self.current_page_changed.emit(self.current_key())

    def set_css(self, css: str) -> None:
        """The pages' stylesheet: pages not yet made take it when made; the caller refreshes the made ones."""
        self._css = css

    def set_zoom(self, steps: int) -> None:
        """The zoom level, in steps (see PagesFeature.zoom): the views follow the application's font."""
        self.zoom = steps
