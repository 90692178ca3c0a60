"""The base of the window's features (pages, search, decision aid, bench tools, presentation, printing, editions).

A feature owns its widgets, its commands (COMMANDS, see common/actions.py) and its wiring. It is given the window,
which offers what features share: `state` (region, page, profile, presenting, contrast), `catalogue` (loaded after
the first paint), `stores` (the person's saved data), `pages` (opening a page is `window.pages.open`), `status()`,
`banner` and `item_menu()`. A feature never reaches into another's widgets."""

from __future__ import annotations

from PySide6.QtCore import QObject

from brochure_app.ui.common.actions import Command


class Feature(QObject):
    COMMANDS: tuple[Command, ...] = ()

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

    def close(self) -> None:
        """The window is closing: stop background work."""
