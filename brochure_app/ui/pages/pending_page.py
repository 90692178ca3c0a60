"""A background tab's place until the tab is first shown (see BrochureTabs): its page view, a QTextBrowser that
takes about a millisecond to make, is made then. The start-up opens a region's six section tabs behind its home page
this way, so the first paint makes one page view instead of seven."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


class PendingPage(QWidget):
    """Holds what the page view will show: the page's key and title, and its HTML (or a function that makes it)."""

    def __init__(self, key: str, title: str, html, parent=None):
        super().__init__(parent)
        self.key, self.title, self.html = key, title, html
        self.setAccessibleName("Page")
