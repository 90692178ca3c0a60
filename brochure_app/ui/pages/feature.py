"""The brochure's pages: the tabs, opening a page (one function, `open`), history, find in page, zoom, the page
style (high contrast, presentation's large type) and the pages' context menus."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QVBoxLayout, QWidget

from brochure_app.domain.taxonomy import kind_tab
from brochure_app.ui.common import theme
from brochure_app.ui.common.actions import Command
from brochure_app.ui.common.feature import Feature
from brochure_app.ui.common.lazy_qt import Qt
from brochure_app.ui.pages.brochure_tabs import BrochureTabs

ZOOM_LIMIT = 8
PRESENT_CSS_SCALE = 1.6     # in presentation mode the page's headings and tags grow with the text (sizes in pt)


class PagesFeature(Feature):
    COMMANDS = (
        Command("pages.back", "Back", "go_back", ("Alt+Left",), "Back", tip="Back"),
        Command("pages.forward", "Forward", "go_forward", ("Alt+Right",), "Forward", tip="Forward"),
        Command("pages.home", "Home", "go_home", ("Alt+Home",), tip="Region home page"),
        Command("pages.close", "Close tab", "close_tab", ("Ctrl+W",), "Close"),
        Command("pages.reopen", "Reopen closed tab", "reopen_tab", ("Ctrl+Shift+T",)),
        Command("pages.find", "Find in page", "open_find", ("Ctrl+F",), "Find"),
        Command("pages.find_next", "Find next", "find_next", ("F3",), "FindNext"),
        Command("pages.find_previous", "Find previous", "find_previous", ("Shift+F3",), "FindPrevious"),
        Command("pages.zoom_in", "Zoom in", "zoom_in", ("Ctrl++", "Ctrl+="), "ZoomIn"),
        Command("pages.zoom_out", "Zoom out", "zoom_out", ("Ctrl+-",), "ZoomOut"),
        Command("pages.zoom_reset", "Actual size", "zoom_reset", ("Ctrl+0",)),
    )

    def __init__(self, window):
        super().__init__(window)
        self.tabs = BrochureTabs(theme.css_for(False))
        self.tabs.tabBar().setStyleSheet(theme.TABBAR_QSS)
        self.widget = QWidget()
        self._box = QVBoxLayout(self.widget)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSpacing(0)
        self._box.addWidget(self.tabs, 1)
        self._find_bar = None
        self.special_pages: dict[str, object] = {}     # key → a function making that page (editions: What's new)
        self._last_query = ""

    def wire(self) -> None:
        w, tabs = self.window, self.tabs
        tabs.page_requested.connect(self.open)
        tabs.current_page_changed.connect(self.state.set_page)
        tabs.current_page_changed.connect(lambda _k: self._update_nav())
        tabs.currentChanged.connect(lambda _i: self._adopt_current_view())
        tabs.external_link_refused.connect(lambda url: w.status(f"Link not opened (not a web address): {url}"))
        self.state.region_changed.connect(self._show_region)
        self.state.contrast_changed.connect(lambda _on: self.restyle())
        self.state.presenting_changed.connect(lambda _on: self.restyle())

    # --- what a page is ------------------------------------------------------------------------------------------
    def page_html(self, key: str):
        """The rendered page (title, html) of key in the current region."""
        special = self.special_pages.get(key)
        if special is not None:
            return special()
        from brochure_app.render.html import render

        return render(self.window.catalogue, self.state.region, key)

    def _page_source(self, key: str):
        """The page's HTML, made when called: a background tab's content, rendered when the tab is first shown."""
        return lambda: self.page_html(key).html

    # --- opening ---------------------------------------------------------------------------------------------
    def open(self, key: str, new_tab: bool = False, activate: bool = True, region: str = "",
             highlight: tuple | list = ()) -> bool:
        """Opens a page: in region (switching to it) when given, else the current one; highlight: words to light
        on it. False (and the status line says why) when the region has no such page."""
        if region and region != self.state.region:
            self.window.set_region(region)
        try:
            page = self.page_html(key)
        except KeyError:
            name = self.window.catalogue.regions[self.state.region].name
            self.window.status(f"{name} has no such page: {key}")
            return False
        if key.startswith("section:") and self.tabs.index_of(key) < 0:
            new_tab = True
        self.tabs.show_page(key, page.title, page.html, new_tab=new_tab, activate=activate)
        self._update_nav()
        self.window.schedule_save()
        view = self.tabs.current_view()
        if highlight and view is not None and activate:
            view.highlight_words(list(highlight))
        return True

    def open_item(self, item_id: str, region: str = "") -> bool:
        """An intervention's page as a region presents it (region '': the current one if it has it, else the first
        that does), in a new tab."""
        cat = self.window.catalogue
        region = region or cat.best_region(item_id, self.state.region)
        if not region or cat.item(region, item_id) is None:
            self.window.status("No region's brochure has that page.")
            return False
        opened = self.open(f"item:{item_id}", new_tab=True, region=region)
        if opened and not self.state.presenting:     # asked from a tool window: the page comes to the front
            self.window.raise_()
            self.window.activateWindow()
        return opened

    def show_home(self, html: str, tab_keys) -> None:
        """The region's tabs with the home page already rendered (the start-up snapshot's), sections when shown."""
        self.tabs.close_all()
        for n, (key, title) in enumerate(tab_keys):
            self.tabs.show_page(key, title, html if key == "home" else self._page_source(key), new_tab=True,
                                activate=n == 0)
        self.tabs.setCurrentIndex(0)
        self._update_nav()

    def _show_region(self, region_id: str) -> None:
        """A region switch: its home page and section tabs; the intervention on top stays when the region has it."""
        from brochure_app.render.snapshot import region_tab_keys

        keep = self.tabs.current_key()
        self.tabs.close_all()
        self.open("home", new_tab=True)
        for key in region_tab_keys(self.window.catalogue, region_id)[1:]:     # rendered when first shown
            self.tabs.show_page(key, kind_tab(key.partition(":")[2]), self._page_source(key), new_tab=True,
                                activate=False)
        if keep.startswith("item:") and self.window.catalogue.item(region_id, keep[5:]):
            self.open(keep, new_tab=True)
        else:
            self.tabs.setCurrentIndex(0)

    def restore_tabs(self, keys: list[str], shown: str) -> None:
        for key in keys:
            if self.tabs.index_of(key) < 0:
                self.open(key, new_tab=True, activate=False)
        if self.tabs.index_of(shown) >= 0:
            self.tabs.setCurrentIndex(self.tabs.index_of(shown))

    def show_key(self, key: str) -> None:
        """Brings the page to the front: its tab when open, else a new tab."""
        if self.tabs.index_of(key) >= 0:
            self.tabs.setCurrentIndex(self.tabs.index_of(key))
        else:
            self.open(key, new_tab=True)

    # --- history and tabs ------------------------------------------------------------------------------------
    def go_back(self) -> None:
        self._step_history(back=True)

    def go_forward(self) -> None:
        self._step_history(back=False)

    def go_home(self) -> None:
        self.open("home")

    def _step_history(self, back: bool) -> None:
        view = self.tabs.current_view()
        key = (view.pop_back() if back else view.pop_forward()) if view else None
        if key:
            page = self.page_html(key)
            view.show_page(key, page.title, page.html, record=False)
        self._update_nav()

    def close_tab(self) -> None:
        self.tabs.close_current()

    def reopen_tab(self) -> None:
        key = self.tabs.pop_closed()
        if key:
            self.open(key, new_tab=True)

    def _update_nav(self) -> None:
        view = self.tabs.current_view()
        self.action("pages.back").setEnabled(bool(view and view.can_go_back()))
        self.action("pages.forward").setEnabled(bool(view and view.can_go_forward()))

    def focus_page(self) -> None:
        self.focus_panel()

    def panel_host(self):
        return self.widget

    def focus_in_panel(self) -> bool:
        view = self.tabs.current_view()
        if view is None:
            return False
        view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return True

    # --- find in page ----------------------------------------------------------------------------------------
    @property
    def find_bar(self):
        """Find in page, below the tabs: made when first opened."""
        if self._find_bar is None:
            from brochure_app.ui.pages.find_bar import FindBar

            self._find_bar = FindBar()
            self._box.addWidget(self._find_bar)
            self._find_bar.find_requested.connect(self.find)
            self._find_bar.closed.connect(self.focus_page)
        return self._find_bar

    def open_find(self) -> None:
        self.find_bar.open_bar()

    def hide_find(self) -> None:
        if self._find_bar is not None:
            self._find_bar.hide()

    def find_next(self) -> None:
        self.find(self.find_bar.edit.text())

    def find_previous(self) -> None:
        self.find(self.find_bar.edit.text(), backwards=True)

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

    # --- zoom and style --------------------------------------------------------------------------------------
    @property
    def zoom_level(self) -> int:
        return self.tabs.zoom

    def zoom(self, step: int | None) -> None:
        """Zooms the pages by step (None: back to actual size), within ±ZOOM_LIMIT steps."""
        target = 0 if step is None else max(-ZOOM_LIMIT, min(ZOOM_LIMIT, self.tabs.zoom + step))
        self.tabs.set_zoom(target)
        self.window.schedule_save()

    def zoom_in(self) -> None:
        self.zoom(+1)

    def zoom_out(self) -> None:
        self.zoom(-1)

    def zoom_reset(self) -> None:
        self.zoom(None)

    def restyle(self) -> None:
        """The page stylesheet (theme; scaled up in presentation mode) on every open page."""
        css = theme.css_for(self.state.high_contrast)
        if self.state.presenting:
            css = re.sub(r"(\d+(?:\.\d+)?)pt", lambda m: f"{float(m.group(1)) * PRESENT_CSS_SCALE:g}pt", css)
        self.tabs.set_css(css)
        for view in self.tabs.made_views():      # pending pages are made with the new style when first shown
            view.document().setDefaultStyleSheet(css)
            page = self.page_html(view.key)
            view.refresh(page.title, page.html)

    # --- context menus ---------------------------------------------------------------------------------------
    def _adopt_current_view(self) -> None:
        view = self.tabs.current_view()
        if view is not None and not view.property("item-menu"):
            view.setProperty("item-menu", True)
            view.setProperty("contextMenuPolicy", "CustomContextMenu")     # by name: see lazy_qt
            view.customContextMenuRequested.connect(lambda pos, v=view: self._page_menu(v, pos))

    def page_menu(self, view, pos):
        """The page's context menu: the standard one, with the item commands for a link to an item (or the item
        the page shows) at the top."""
        menu = view.createStandardContextMenu(pos)
        anchor = view.anchorAt(pos)
        key = anchor if anchor.startswith("item:") else view.key
        if key.startswith("item:"):
            return self.window.item_menu(key[5:], self.state.region, menu)
        return menu

    def _page_menu(self, view, pos) -> None:
        self.page_menu(view, pos).exec(view.viewport().mapToGlobal(pos))
