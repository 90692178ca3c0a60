"""One page of the brochure: a QTextBrowser that loads nothing from outside and keeps its own history."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTextBrowser

from brochure_app.ui.common.lazy_qt import Qt
from brochure_app.ui.pages.measure import page_chars

if TYPE_CHECKING:
    from PySide6.QtCore import QUrl

# QUrl and QDesktopServices are imported where a link is followed: PySide sets up a Qt type (and its enums) when it is
# first imported, a few milliseconds of the start-up that no page needs before it is clicked.

APP_SCHEMES = ("item", "section", "home")
WEB_SCHEMES = ("http", "https", "mailto")


class PageView(QTextBrowser):
    """Shows rendered pages by key ('home', 'section:KIND', 'item:ID'); emits link_activated for app links."""

    link_activated = Signal(str, bool)   # page key, open in a new tab
    history_changed = Signal()
    external_link_refused = Signal(str)

    def __init__(self, css: str, parent=None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.document().setDefaultStyleSheet(css)
        self.document().setDocumentMargin(18)
        self.setAccessibleName("Page")
        self.setAccessibleDescription("The brochure page. Tab moves between links; Enter follows a link.")
        # By name, which Qt resolves itself: no Python enum is needed before the first paint (see lazy_qt).
        self.setProperty("textInteractionFlags", "TextBrowserInteraction|TextSelectableByKeyboard")
        self._back: list[str] = []
        self._forward: list[str] = []
        self.key = ""
        self.title = ""
        self._deferred: str | None = None
        self._pending_ctrl = False
        self.html = ""                 # the page as rendered (shown reflowed for the view's width: see reflow)
        self._stacked = False
        self.anchorClicked.connect(self._on_anchor)

    # Resources: only what the page itself carries. Nothing remote, nothing from the file system.
    # Returning None is not enough: Qt then reads local files and data: URLs itself (QTextDocument's fallback and
    # the image handler's direct load). An empty value of the right type is a loaded-but-empty resource.
    def loadResource(self, kind: int, url: QUrl):  # noqa: N802 - Qt's name
        from brochure_app.ui.common.safe_document import empty_resource

        return empty_resource(kind)

    def show_page(self, key: str, title: str, html: str, record: bool = True) -> None:
        self._deferred = None
        if record and self.key and key != self.key:
            self._back.append(self.key)
            self._forward.clear()
        self.key, self.title = key, title
        self._show_html(html)
        self.history_changed.emit()

    def defer_page(self, key: str, title: str, html) -> None:
        """Remember the page without laying it out (tabs opened in the background). html may be a function that
        returns it: called when the tab is first shown (the start-up's background tabs are rendered then)."""
        self.key, self.title = key, title
        self._deferred = html

    def load_deferred(self) -> None:
        html = getattr(self, "_deferred", None)
        if html is not None:
            self._deferred = None
            self._show_html(html() if callable(html) else html)

    def _wants_stacked(self, html: str) -> bool:
        from brochure_app.ui.pages import reflow

        return reflow.has_columns(html) and page_chars(self) < reflow.STACK_BELOW

    def _show_html(self, html: str) -> None:
        """Shows the page, its side-by-side table stacked when the view is narrow (see reflow)."""
        self.html = html
        self._stacked = self._wants_stacked(html)
        if self._stacked:
            from brochure_app.ui.pages.reflow import stacked

            html = stacked(html)
        self.setHtml(html)
        self.document().setDocumentMargin(18)

    def restyle(self, css: str) -> None:
        """The page shown again with a new stylesheet (zoom, contrast), at the same place."""
        self.document().setDefaultStyleSheet(css)
        if self._deferred is None and self.html:
            bar = self.verticalScrollBar()
            fraction = bar.value() / bar.maximum() if bar.maximum() else 0.0
            self._show_html(self.html)
            bar.setValue(round(fraction * bar.maximum()))

    def resizeEvent(self, event):  # noqa: N802
        super().resizeEvent(event)
        if self._deferred is None and self.html and self._wants_stacked(self.html) != self._stacked:
            self.restyle(self.document().defaultStyleSheet())

    def toPlainText(self) -> str:  # noqa: N802 - Qt's name; a deferred page still answers with its text
        self.load_deferred()
        return super().toPlainText()

    def refresh(self, title: str, html: str) -> None:
        if getattr(self, "_deferred", None) is not None:
            self.title, self._deferred = title, html
            return
        bar = self.verticalScrollBar().value()
        self.title = title
        self._show_html(html)
        self.verticalScrollBar().setValue(bar)

    def can_go_back(self) -> bool:
        return bool(self._back)

    def can_go_forward(self) -> bool:
        return bool(self._forward)

    def pop_back(self) -> str | None:
        if not self._back:
            return None
        self._forward.append(self.key)
        return self._back.pop()

    def pop_forward(self) -> str | None:
        if not self._forward:
            return None
        self._back.append(self.key)
        return self._forward.pop()

    def mousePressEvent(self, event):  # noqa: N802
        self._pending_ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if event.button() == Qt.MouseButton.MiddleButton:
            anchor = self.anchorAt(event.position().toPoint())
            if anchor:
                from PySide6.QtCore import QUrl

                self._route(QUrl(anchor), new_tab=True)
                return
        super().mousePressEvent(event)

    def _on_anchor(self, url: QUrl) -> None:
        self._route(url, new_tab=self._pending_ctrl)
        self._pending_ctrl = False

    def _route(self, url: QUrl, new_tab: bool) -> None:
        scheme = url.scheme().lower()
        if scheme in APP_SCHEMES:
            target = url.toString()[len(scheme) + 1:]
            self.link_activated.emit("home" if scheme == "home" else f"{scheme}:{target}", new_tab)
        elif scheme in WEB_SCHEMES:
            from PySide6.QtGui import QDesktopServices

            QDesktopServices.openUrl(url)
        else:
            self.external_link_refused.emit(url.toString())

    def highlight_words(self, words: list[str]) -> int:
        """Marks every word that starts with one of the words (search terms carried over to the page: stems such as
        'drink' light 'drinkers', but not 'control' inside 'uncontrolled'); returns how many."""
        import re

        from PySide6.QtCore import QRegularExpression
        from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor

        selections = []
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#ffdd00"))
        fmt.setForeground(QColor("#0b0c0c"))
        doc = self.document()
        for word in {w for w in words if len(w) >= 2}:
            pattern = QRegularExpression(r"\b" + re.escape(word),
                                         QRegularExpression.PatternOption.CaseInsensitiveOption)
            cursor = QTextCursor(doc)
            while True:
                cursor = doc.find(pattern, cursor)
                if cursor.isNull():
                    break
                sel = QTextBrowser.ExtraSelection()
                sel.cursor = cursor
                sel.format = fmt
                selections.append(sel)
        self.setExtraSelections(selections)
        return len(selections)
