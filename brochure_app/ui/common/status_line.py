"""A line of the status bar that gives way on a narrow window: its text is cut short with "…" rather than widening
the window (at 250 % on a 1024-pixel screen the edition line alone made the window wider than the screen, and the
decision aid's drawer, placed at the page's right edge, went off it). The whole text is its tooltip."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QLabel

from brochure_app.ui.common.markup import as_text


class StatusLine(QLabel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setProperty("textFormat", "PlainText")      # a region's or edition's name: text, never markup (lazy_qt)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self.setToolTip(as_text(text))             # a tooltip would read markup in it: shown as text

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self.fontMetrics().horizontalAdvance("x" * 8), super().minimumSizeHint().height())

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        room = self.contentsRect()
        if self.fontMetrics().horizontalAdvance(self.text()) <= room.width():
            super().paintEvent(event)          # the usual way (no enum touched before the first paint: lazy_qt)
            return
        from PySide6.QtCore import Qt

        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, room.width())
        painter = QPainter(self)
        self.style().drawItemText(painter, room, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                                  self.palette(), self.isEnabled(), shown, self.foregroundRole())
