"""The brochure's pages: the tabs, opening a page (one function, `open`), history, find in page, zoom, the page
style (high contrast, presentation's large type) and the pages' context menus."""

from __future__ import annotations

import re

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from brochure_app.domain.taxonomy import kind_tab
from brochure_app.ui.common import theme
from brochure_app.ui.common.actions import Command
from brochure_app.ui.common.feature import Feature
from brochure_app.ui.common.lazy_qt import Qt
from brochure_app.ui.common.state import split_key
from brochure_app.ui.pages.brochure_tabs import BrochureTabs

# Zoom: the saved setting ("zoom") is a number of steps from actual size, each ZOOM_STEP percent of the window's
# text (pages, panels, lists, dialogs: see text_zoom), from ZOOM_MIN to ZOOM_LIMIT steps (50 % to 250 %).
ZOOM_LIMIT = 15
ZOOM_MIN = -5
ZOOM_STEP = 10


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
    zoom_changed = Signal(int)          # the text size, in percent

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
        self._region_of_tabs = ""                       # the region whose pages the unmarked tabs show
        self.decorators: list = []     # (key, html) → html, for marks the person's own data adds ("Updated" tags)
        self._last_query = ""
        self.zoom_label = QLabel("100 %")       # in the status bar
        self.zoom_label.setAccessibleName("Zoom")
        self.zoom_label.setToolTip("Text size (Ctrl++ larger, Ctrl+- smaller, Ctrl+0 actual size)")

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
        """The rendered page (title, html) of key: in the current region, or in REGION for 'KEY@REGION' (a page of
        another region, opened beside the current one; its title starts with that region's name)."""
        special = self.special_pages.get(key)
        if special is not None:
            return special()
        from brochure_app.render.html import Page, render

        base, region = split_key(key)
        page = render(self.window.catalogue, region or self.state.region, base)
        if region and region != self.state.region:
            page = Page(page.key, f"{self.window.catalogue.regions[region].short_name} · {page.title}", page.html)
        else:
            for decorate in self.decorators:           # the current region's marks (its "Updated" tags)
                page = Page(page.key, page.title, decorate(base, page.html))
        return page

    def _page_source(self, key: str):
        """The page's HTML, made when called: a background tab's content, rendered when the tab is first shown."""
        return lambda: self.page_html(key).html

    # --- opening ---------------------------------------------------------------------------------------------
    def open(self, key: str, new_tab: bool = False, activate: bool = True, region: str = "",
             highlight: tuple | list = ()) -> bool:
        """Opens a page of the current region, or of region when given: another region's page opens in a tab of its
        own, marked with that region, and the app stays in its region. highlight: words to light on the page. False
        (and the status line says why) when the region has no such page."""
        base, keyed = split_key(key)
        region = region or keyed
        key = base if not region or region == self.state.region else f"{base}@{region}"
        try:
            page = self.page_html(key)
        except KeyError:
            known = self.window.catalogue.regions.get(region or self.state.region)
            name = known.name if known else "This content"
            self.window.status(f"{name} has no such page: {base}")
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
        self._region_of_tabs = self.state.region
        self.tabs.close_all()
        for n, (key, title) in enumerate(tab_keys):
            self.tabs.show_page(key, title, html if key == "home" else self._page_source(key), new_tab=True,
                                activate=n == 0)
        self.tabs.setCurrentIndex(0)
        self._update_nav()

    def _show_region(self, region_id: str) -> None:
        """A region switch keeps the reader's place: the region's home page and section tabs, then every open page
        the region also has, re-rendered for it (pages of a third region stay as they are, marked); the others are
        closed, listed in the status bar, and Ctrl+Shift+T reopens them as pages of the region they came from."""
        from brochure_app.render.snapshot import region_tab_keys

        cat = self.window.catalogue
        shown, before = self.tabs.current_key(), self.tabs.keys()
        previous = self._region_of_tabs
        self._region_of_tabs = region_id
        kept, left = [], []
        for key in before:
            base, region = split_key(key)
            region = region or previous
            if (base == "home" or base.startswith("section:")) and region == previous or key in self.special_pages:
                continue
            if region != previous:                        # a marked page of another region: it stays
                kept.append((key, base if region == region_id else key))
            elif base.startswith("item:") and cat.item(region_id, base[5:]):
                kept.append((key, base))
            else:
                left.append(f"{base}@{region}" if region else base)
        self.tabs.close_all()
        self.open("home", new_tab=True)
        for key in region_tab_keys(cat, region_id)[1:]:     # rendered when first shown
            self.tabs.show_page(key, kind_tab(key.partition(":")[2]), self._page_source(key), new_tab=True,
                                activate=False)
        for _old, new in kept:
            self.open(new, new_tab=True, activate=False)
        self.tabs.remember_closed(left)
        now = dict(kept).get(shown, "home")
        self.tabs.setCurrentIndex(max(0, self.tabs.index_of(now)))
        self._say_switched(region_id, left)

    def _say_switched(self, region_id: str, left: list[str]) -> None:
        cat = self.window.catalogue
        name = cat.regions[region_id].short_name
        if not left:
            self.window.statusBar().clearMessage()        # nothing said about the region left behind
            return
        titles = []
        for key in left:
            base, region = split_key(key)
            item = cat.item(region, base[5:]) if base.startswith("item:") and region else None
            titles.append(item.title if item else base)
        self.window.status(f"Showing {name}. Closed {len(left)} page{'s' if len(left) > 1 else ''} its brochure "
                           f"does not have (Ctrl+Shift+T reopens them): {'; '.join(titles)}")

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

    @property
    def zoom_percent(self) -> int:
        """The window's text size, in percent of actual size (shown in the status bar)."""
        return 100 + ZOOM_STEP * self.tabs.zoom

    def zoom(self, step: int | None) -> None:
        """Zooms the window's text (pages, panels, lists, dialogs) by step (None: back to actual size), within
        ZOOM_MIN and ZOOM_LIMIT steps."""
        target = 0 if step is None else max(ZOOM_MIN, min(ZOOM_LIMIT, self.tabs.zoom + step))
        if target == self.tabs.zoom:
            return
        from brochure_app.ui.pages import text_zoom

        self.tabs.set_zoom(target)
        text_zoom.apply(self.zoom_percent)
        css = self.page_css()
        self.tabs.set_css(css)
        for view in self.tabs.made_views():      # pending pages are made with the new style when first shown
            view.restyle(css)
        self.zoom_label.setText(f"{self.zoom_percent} %")
        self.window.schedule_save()
        self.zoom_changed.emit(self.zoom_percent)

    def zoom_in(self) -> None:
        self.zoom(+1)

    def zoom_out(self) -> None:
        self.zoom(-1)

    def zoom_reset(self) -> None:
        self.zoom(None)

    def close(self) -> None:
        """The app's text back at actual size when the window goes (the font is the application's)."""
        if self.tabs.zoom:
            from brochure_app.ui.pages import text_zoom

            text_zoom.apply(100)

    def page_css(self) -> str:
        """The page stylesheet (theme), its sizes (in pt) scaled with the zoom, so that headings, summaries and tags
        grow as the body text does."""
        css = theme.css_for(self.state.high_contrast)
        scale = self.zoom_percent / 100
        if scale != 1:
            css = re.sub(r"(\d+(?:\.\d+)?)pt", lambda m: f"{float(m.group(1)) * scale:g}pt", css)
        return css

    def restyle(self) -> None:
        """The page stylesheet on every open page (contrast, presentation)."""
        css = self.page_css()
        self.tabs.set_css(css)
        for view in self.tabs.made_views():      # pending pages are made with the new style when first shown
            view.document().setDefaultStyleSheet(css)
            page = self.page_html(view.key)
            view.refresh(page.title, page.html)

    def rerender(self, wanted=lambda key: True) -> None:
        """Renders again the open pages whose keys are wanted (the content or the marks on them changed); a page
        the content no longer has keeps what it showed."""
        for view in self.tabs.made_views():
            if wanted(view.key):
                try:
                    page = self.page_html(view.key)
                except KeyError:
                    continue
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
        _base, page_region = split_key(view.key)
        anchor = view.anchorAt(pos)
        base, region = split_key(anchor if anchor.startswith("item:") else view.key)
        if base.startswith("item:"):
            return self.window.item_menu(base[5:], region or page_region or self.state.region, menu)
        return menu

    def _page_menu(self, view, pos) -> None:
        self.page_menu(view, pos).exec(view.viewport().mapToGlobal(pos))

