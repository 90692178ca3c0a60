"""Choose the running order for presentation mode: the region's pages on the left, the chosen order on the right."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from brochure_app.ui.common.fit import fit_dialog


class RunningOrderDialog(QDialog):
    def __init__(self, pages: list[tuple[str, str]], chosen: list[str], shortlist: list[str], parent=None):
        """pages: (key, title) of every page of the region; chosen: the current order (keys); shortlist: item keys."""
        super().__init__(parent)
        self.setWindowTitle("Running order for presentation")
        self.setAccessibleName("Running order for presentation")
        self._titles = dict(pages)
        self._shortlist = [k for k in shortlist if k in self._titles]
        layout = QVBoxLayout(self)
        intro = QLabel("Pick the pages to show, in order. In presentation mode (F11) the arrow keys or Page Up / "
                       "Page Down step through them.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid = QGridLayout()
        left_label = QLabel("&Pages of this region")
        right_label = QLabel("&Running order")
        grid.addWidget(left_label, 0, 0)
        grid.addWidget(right_label, 0, 2)
        self.available = QListWidget()
        self.available.setAccessibleName("Pages of this region")
        self.available.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        for key, title in pages:
            entry = QListWidgetItem(title)
            entry.setData(Qt.ItemDataRole.UserRole, key)
            self.available.addItem(entry)
        self.available.itemActivated.connect(lambda _i: self.add_selected())
        left_label.setBuddy(self.available)
        grid.addWidget(self.available, 1, 0, 6, 1)
        self.order = QListWidget()
        self.order.setAccessibleName("Running order")
        self.order.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        right_label.setBuddy(self.order)
        grid.addWidget(self.order, 1, 2, 6, 1)
        self.add_button = self._button(grid, 1, "Add →", "Add the selected pages (Enter)", self.add_selected,
                                       "Add to the running order")
        self.remove_button = self._button(grid, 2, "← Remove", "Remove the selected page (Delete)",
                                          self.remove_selected, "Remove from the running order")
        self.up_button = self._button(grid, 3, "Up", "Move up (Alt+Up)", lambda: self.move(-1), "Move up")
        self.down_button = self._button(grid, 4, "Down", "Move down (Alt+Down)", lambda: self.move(+1), "Move down")
        self.shortlist_button = self._button(grid, 5, "Use the shortlist", "Replace the order with the shortlist",
                                             self.use_shortlist, "Use the shortlist as the running order")
        self.shortlist_button.setEnabled(bool(self._shortlist))
        layout.addLayout(grid)
        for text, key, slot in (("Remove", QKeySequence.StandardKey.Delete, self.remove_selected),
                                ("Move up", QKeySequence("Alt+Up"), lambda: self.move(-1)),
                                ("Move down", QKeySequence("Alt+Down"), lambda: self.move(+1))):
            act = QAction(text, self.order)
            act.setShortcut(key)
            act.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            act.triggered.connect(slot)
            self.order.addAction(act)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.set_keys(chosen)
        fit_dialog(self, 760, 520)

    def _button(self, grid: QGridLayout, row: int, text: str, tip: str, slot, name: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setToolTip(tip)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        grid.addWidget(button, row, 1)
        return button

    def keys(self) -> list[str]:
        return [self.order.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.order.count())]

    def set_keys(self, keys: list[str]) -> None:
        self.order.clear()
        for key in dict.fromkeys(keys):
            if key in self._titles:
                entry = QListWidgetItem(self._titles[key])
                entry.setData(Qt.ItemDataRole.UserRole, key)
                self.order.addItem(entry)
        if self.order.count():
            self.order.setCurrentRow(0)

    def add_selected(self) -> None:
        keys = self.keys()
        chosen = [i.data(Qt.ItemDataRole.UserRole) for i in self.available.selectedItems()]
        self.set_keys(keys + [k for k in chosen if k not in keys])
        self.order.setCurrentRow(self.order.count() - 1)

    def remove_selected(self) -> None:
        row = self.order.currentRow()
        if row >= 0:
            self.order.takeItem(row)
            self.order.setCurrentRow(min(row, self.order.count() - 1))

    def move(self, delta: int) -> None:
        row = self.order.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.order.count():
            return
        entry = self.order.takeItem(row)
        self.order.insertItem(target, entry)
        self.order.setCurrentRow(target)

    def use_shortlist(self) -> None:
        self.set_keys(self._shortlist)
