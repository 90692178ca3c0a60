"""First-run region picker: the seven regions, the DLNR guide marked historical."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout

from brochure_app.ui.common.fit import fit_dialog


class RegionPicker(QDialog):
    def __init__(self, regions: list[tuple[str, str, bool, str]], parent=None):
        """regions: (id, name, historical, edition)."""
        super().__init__(parent)
        self.setWindowTitle("Choose your region")
        self.setAccessibleName("Choose your region")
        layout = QVBoxLayout(self)
        intro = QLabel("Which region's brochure do you want to open? You can switch at any time from the toolbar.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setAccessibleName("Regions")
        for rid, name, historical, edition in regions:
            text = f"{name} — historical guide, {edition}" if historical else f"{name} — {edition}"
            entry = QListWidgetItem(text)
            entry.setData(Qt.ItemDataRole.UserRole, rid)
            self.list.addItem(entry)
        self.list.setWordWrap(True)           # a long name wraps rather than hiding behind a scroll bar
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _i: self.accept())
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        widest = max((self.list.fontMetrics().horizontalAdvance(self.list.item(i).text())
                      for i in range(self.list.count())), default=0)
        fit_dialog(self, max(520, widest + 80), 360 + 4 * self.list.fontMetrics().height())

    def selected_region(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None
