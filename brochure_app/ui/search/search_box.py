"""The toolbar search box: debounced as-you-type queries; arrow keys and Enter drive the results list."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLineEdit

from brochure_app.ui.common.lazy_qt import Qt


class SearchBox(QLineEdit):
    query_changed = Signal(str)     # after a short pause in typing
    navigate = Signal(int)          # +1 / -1: move in the results
    activate = Signal()             # Enter: open the selected result
    escape = Signal()

    DEBOUNCE_MS = 120

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setPlaceholderText("Search the brochure (Ctrl+K) — e.g. DV, housing, stepwise")
        self.setAccessibleName("Search")
        self.setAccessibleDescription("Type to search; results update as you type. Down arrow moves into results; "
                                      "Enter opens the selected result.")
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(320)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DEBOUNCE_MS)
        self._timer.timeout.connect(lambda: self.query_changed.emit(self.text()))
        self.textEdited.connect(lambda _t: self._timer.start())
        self.textChanged.connect(lambda t: self.query_changed.emit("") if not t else None)

    def flush(self) -> None:
        """Emit the pending query now (Enter before the pause ends)."""
        if self._timer.isActive():
            self._timer.stop()
            self.query_changed.emit(self.text())

    def keyPressEvent(self, event):  # noqa: N802
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.navigate.emit(1 if key == Qt.Key.Key_Down else -1)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.flush()
            self.activate.emit()
            return
        if key == Qt.Key.Key_Escape:
            self.escape.emit()
            return
        super().keyPressEvent(event)
