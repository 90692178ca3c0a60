"""A separate, non-modal window for one bench tool (compare, region grid, sentencing ladder, bench card).

It only hosts the tool: a status line for what the tool reports and a Close button (Esc closes too). The main window
keeps one per tool and raises it again when asked twice.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from brochure_app.ui.common.markup import as_text
from brochure_app.ui.common.theme import mute

STATUS_LINES = 2        # the most lines of the status line: the rest of the window is the tool's


class ToolWindow(QDialog):
    def __init__(self, title: str, tool: QWidget, parent=None, scroll: bool = False, size=(1100, 720)):
        super().__init__(parent)
        self._status_text = ""
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setModal(False)
        self.tool = tool
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        # Always in a scroll area: on a small screen (or with large text) the window is smaller than the tool, which
        # then scrolls inside it rather than running off the screen. scroll: a tool of text, which wraps to the
        # width (no horizontal scrolling).
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        if scroll:
            area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setWidget(tool)
        area.setAccessibleName(title)
        area.setFocusProxy(tool)
        layout.addWidget(area, 1)
        bottom = QHBoxLayout()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName("Details")
        mute(self.status)
        bottom.addWidget(self.status, 1)
        self.close_button = QPushButton("Close")
        self.close_button.setAccessibleName(f"Close {title}")
        self.close_button.setToolTip("Close this window (Esc)")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.close)
        bottom.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(bottom)
        self.size_wanted = size
        self.fit_to_screen()

    def fit_to_screen(self, avail=None) -> None:
        """The size asked for, or the screen's available size when smaller (see window.screen_fit)."""
        from brochure_app.ui.common.fit import fit_dialog

        fit_dialog(self, *self.size_wanted, avail=avail)

    def show_status(self, text: str) -> None:
        """The tool's report, in at most STATUS_LINES lines (cut short with '…', whole in its tooltip and for a
        screen reader): at 250 % a band's full source wording took half a 600-pixel window from the tool."""
        self._status_text = text
        self.status.setAccessibleDescription(text)
        self.status.setToolTip(as_text(text))
        self._fit_status()

    def _fit_status(self) -> None:
        if not hasattr(self, "status"):
            return                    # a change while the window is being made
        text = self._status_text
        metrics = self.status.fontMetrics()
        room = max(1, self.status.width())
        # about STATUS_LINES lines: their width, less what word wrapping leaves at each line's end
        budget = STATUS_LINES * (room - 8 * metrics.averageCharWidth())
        if metrics.horizontalAdvance(text) > budget:
            text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(budget, room))
        self.status.setText(text)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_status()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name: larger text, fewer words a line
        super().changeEvent(event)
        if event.type() in (event.Type.FontChange, event.Type.StyleChange):
            self._fit_status()

    def present(self) -> None:
        if not self.isVisible():
            self.fit_to_screen()
        self.show()
        self.raise_()
        self.activateWindow()
        self.tool.setFocus()
