"""A dismissible message strip above the pages: skipped content files, a settings file set aside."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from brochure_app.ui.common.markup import as_text
from brochure_app.ui.common.theme import BANNER_QSS


class Banner(QFrame):
    dismissed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("banner")
        self.setStyleSheet(BANNER_QSS)
        self.setAccessibleName("Warning")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setProperty("textFormat", "PlainText")      # never markup; by name: see lazy_qt
        layout.addWidget(self.label, 1)
        self.close_button = QPushButton("Dismiss")
        self.close_button.setAccessibleName("Dismiss warning")
        self.close_button.clicked.connect(self._dismiss)
        layout.addWidget(self.close_button)
        self.hide()

    def show_message(self, text: str) -> None:
        self.label.setText(text)
        self.setToolTip(as_text(text))   # tooltips render markup; file names and messages are text
        self.show()

    def _dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()
