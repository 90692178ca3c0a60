"""Find in page (Ctrl+F, F3 / Shift+F3)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget


class FindBar(QWidget):
    find_requested = Signal(str, bool)   # text, backwards
    closed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        layout.addWidget(QLabel("Find in page:"))
        self.edit = QLineEdit()
        self.edit.setAccessibleName("Find in page")
        self.edit.setPlaceholderText("Text to find")
        self.edit.returnPressed.connect(lambda: self.find_requested.emit(self.edit.text(), False))
        self.edit.textChanged.connect(lambda t: self.find_requested.emit(t, False))
        layout.addWidget(self.edit, 1)
        self.status = QLabel()
        layout.addWidget(self.status)
        for text, name, back in (("▲", "Previous match", True), ("▼", "Next match", False)):
            btn = QToolButton()
            btn.setText(text)
            btn.setAccessibleName(name)
            btn.setToolTip(name)
            btn.clicked.connect(lambda _=False, b=back: self.find_requested.emit(self.edit.text(), b))
            layout.addWidget(btn)
        close = QToolButton()
        close.setText("✕")
        close.setAccessibleName("Close find bar")
        close.clicked.connect(self.close_bar)
        layout.addWidget(close)
        self.hide()

    def open_bar(self) -> None:
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def keyPressEvent(self, event):  # noqa: N802
        from PySide6.QtCore import Qt

        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(event)
