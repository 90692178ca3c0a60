"""The strip shown in presentation mode: previous / next through the running order, where we are, jump to a page,
edit the running order, leave. Large type, big targets: it is used standing in front of a bench.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QPushButton


class PresentationBar(QFrame):
    previous_requested = Signal()
    next_requested = Signal()
    jump_requested = Signal(int)
    order_requested = Signal()
    exit_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("presentation-bar")
        self.setAccessibleName("Presentation controls")
        self.setStyleSheet("#presentation-bar { background: #0b0c0c; } #presentation-bar QLabel { color: #ffffff; }"
                           " #presentation-bar QPushButton { font-size: 15pt; padding: 6px 18px; }"
                           " #presentation-bar QComboBox { font-size: 13pt; padding: 4px; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        self.previous_button = self._button(layout, "◀  Previous", "Previous page (Left arrow or Page Up)",
                                            self.previous_requested.emit, "Previous page")
        self.position = QLabel()
        self.position.setAccessibleName("Position in the running order")
        self.position.setStyleSheet("font-size: 15pt; font-weight: bold;")
        layout.addWidget(self.position)
        self.pages = QComboBox()
        self.pages.setAccessibleName("Jump to a page of the running order")
        self.pages.setToolTip("Jump to any page of the running order")
        self.pages.setMinimumContentsLength(16)
        self.pages.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.pages.activated.connect(self.jump_requested)
        layout.addWidget(self.pages, 1)
        self.next_button = self._button(layout, "Next  ▶", "Next page (Right arrow or Page Down)",
                                        self.next_requested.emit, "Next page")
        layout.addSpacing(24)
        self.order_button = self._button(layout, "Running order…", "Choose the pages and their order "
                                         "(Ctrl+Shift+O)", self.order_requested.emit, "Edit the running order")
        self.exit_button = self._button(layout, "Exit", "Leave presentation mode (Esc or F11)",
                                        self.exit_requested.emit, "Exit presentation mode")

    def _button(self, layout: QHBoxLayout, text: str, tip: str, slot, name: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        layout.addWidget(button)
        return button

    def set_order(self, titles: list[str], index: int) -> None:
        self.pages.blockSignals(True)
        self.pages.clear()
        for n, title in enumerate(titles, 1):
            self.pages.addItem(f"{n}. {title}")
        self.pages.setCurrentIndex(index)
        self.pages.blockSignals(False)
        total = len(titles)
        self.position.setText(f"{index + 1} of {total}" if total else "No pages")
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < total - 1)
