"""The base of the window's features (pages, search, decision aid, bench tools, presentation, printing, editions).

A feature owns its widgets, its commands (COMMANDS, see common/actions.py) and its wiring. It is given the window,
which offers what features share: `state` (region, page, profile, presenting, contrast), `catalogue` (loaded after
the first paint), `stores` (the person's saved data), `pages` (opening a page is `window.pages.open`), `status()`,
`banner` and `item_menu()`. A feature never reaches into another's widgets."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from brochure_app.ui.common.actions import Command


class Feature(QObject):
    COMMANDS: tuple[Command, ...] = ()
    MORE_KEYS: tuple[tuple[str, tuple[str, ...]], ...] = ()   # (action, keys) the feature binds outside COMMANDS

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.state = window.state

    def action(self, name: str):
        """This feature's QAction of the command 'feature.name'."""
        return self.window.action(name)

    def status(self, text: str) -> None:
        self.window.status(text)

    def wire(self) -> None:
        """Connects the feature to the state and to its widgets' signals (once every feature exists)."""

    def after_first_paint(self) -> None:
        """Work that waits until the window has been painted (see MainWindow.finish_startup)."""

    def save(self) -> None:
        """Writes what the person would lose if the app ended now (a note being typed)."""

    def reload(self) -> None:
        """The saved files may have changed (another window, the command line): read them again."""

    def panel_host(self):
        """The widget holding this feature's panel (its dock, the page), for F6 to know where the focus is."""
        return getattr(self, "dock", None)

    def focus_panel(self) -> bool:
        """Puts the focus in this feature's panel if it is shown (F6, and the key that opens it). False if not."""
        host = self.panel_host()
        return host is not None and host.isVisible() and self.focus_in_panel()

    def focus_in_panel(self) -> bool:
        """Puts the focus on the panel's first control (its dock or page is shown). False if it has none."""
        return False

    def focus_if_shown(self, shown: bool) -> None:
        """A dock's menu item (View ▸ Shortlist, Decision aid): the focus in the panel it has just shown."""
        if shown:
            self.focus_panel()

    def panel_key(self) -> None:
        """A dock's key (F8, F9): shows the panel and puts the focus in it; pressed in the panel, hides it and
        gives the focus back to the page."""
        dock = self.panel_host()
        focus = QApplication.focusWidget()
        if dock.isVisible() and focus is not None and dock.isAncestorOf(focus):
            dock.hide()
            self.window.pages.focus_page()
            return
        dock.show()
        dock.raise_()
        if dock.isFloating():
            dock.activateWindow()
        self.focus_panel()

    def close(self) -> None:
        """The window is closing: stop background work."""
