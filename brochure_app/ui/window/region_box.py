"""The toolbar's region box: the regions by name (historical guides say so), chosen without side effects."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox


class RegionBox(QComboBox):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Region")
        self.setToolTip("Switch region (Ctrl+R)")

    def fill(self, labels) -> None:
        """The regions, (id, label) each, listed without switching to the first one (a cold start fills the box
        after its signals are connected: the region to show is chosen next)."""
        blocked = self.blockSignals(True)
        for rid, label in labels:
            self.addItem(label, rid)
        self.blockSignals(blocked)

    def select(self, region_id: str) -> None:
        """Shows region_id as chosen, without signalling a choice."""
        blocked = self.blockSignals(True)
        self.setCurrentIndex(self.findData(region_id))
        self.blockSignals(blocked)
