"""Search results: title, tags, regions and the highlighted snippet; scope switch; "did you mean"."""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from brochure_app.domain import taxonomy as tx

UPDATED_TAG = " <span style='color:#0b0c0c;background:#ffdd00'>&nbsp;Updated&nbsp;</span>"
_B_TAG = re.compile(r"&lt;(/?)b&gt;")


def safe_snippet(snippet: str) -> str:
    """Snippets arrive escaped with <b> marks; escape again and restore only <b>, so nothing else can be markup."""
    return _B_TAG.sub(r"<\1b>", html.escape(html.unescape(snippet), quote=False))


_REGION_ROLE = Qt.ItemDataRole.UserRole + 1   # the region of the page the hit shows (first of its regions)
_TERMS_ROLE = Qt.ItemDataRole.UserRole + 2    # the words the search matched on that page


class SearchPanel(QWidget):
    result_activated = Signal(str, str, bool, object)   # page id ("home" or an item id), its region, new tab,
    #                                                     the words the search matched on it (to highlight)
    scope_changed = Signal(bool)                # True = all regions
    suggestion_chosen = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Search results")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        top = QHBoxLayout()
        self.status = QLabel("Type in the search box to find pages.")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)   # it echoes what was typed: never markup
        top.addWidget(self.status, 1)
        self.all_regions = QCheckBox("All regions")
        self.all_regions.setAccessibleName("Search all regions")
        self.all_regions.setToolTip("Search every region instead of the current one")
        self.all_regions.toggled.connect(self.scope_changed)
        top.addWidget(self.all_regions)
        layout.addLayout(top)
        self.suggestion = QLabel()
        self.suggestion.setTextFormat(Qt.TextFormat.RichText)
        self.suggestion.setAccessibleName("Did you mean")
        self.suggestion.linkActivated.connect(lambda q: self.suggestion_chosen.emit(q[8:]))
        self.suggestion.hide()
        layout.addWidget(self.suggestion)
        self.list = QListWidget()
        self.list.setAccessibleName("Results")
        self.list.setAccessibleDescription("Arrow keys move; Enter opens the page; Ctrl+Enter opens it in a new tab.")
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.list.itemActivated.connect(lambda it: self._activate(it, False))
        self.list.itemSelectionChanged.connect(self._mark_selected)
        layout.addWidget(self.list, 1)
        self._region = ""

    def show_results(self, results, region_names: dict[str, str], tagged=lambda item_id, regions: False) -> None:
        """The hits; tagged(id, regions): whether a hit carries the "Updated" tag (changed in this edition)."""
        self.list.clear()
        self._region = results.region or ""
        if not results.query.strip():
            self.status.setText("Type in the search box to find pages.")
        elif results.hits:
            where = region_names.get(results.region, "all regions") if results.region else "all regions"
            self.status.setText(f"{len(results.hits)} result{'s' if len(results.hits) != 1 else ''} in {where}")
        else:
            self.status.setText(f"No page matches “{results.query}”.")
        if results.suggestion:
            q = html.escape(results.suggestion)
            self.suggestion.setText(f"Did you mean <a href='suggest:{q}'>{q}</a>?")
            self.suggestion.show()
        else:
            self.suggestion.hide()
        for hit in results.hits:
            regions = ", ".join(region_names.get(r, r) for r in hit.regions)
            historical = (" <span style='color:#ffffff;background:#0b0c0c'>&nbsp;Historical&nbsp;</span>"
                          if hit.historical else "")
            updated = tagged(hit.id, hit.regions)
            text = (f"<b>{html.escape(hit.title)}</b>{historical}{UPDATED_TAG if updated else ''}<br>"
                    f"<span style='color:#0c2d4a;background:#d2e2f1'>&nbsp;{html.escape(tx.kind_label(hit.kind))}"
                    f"&nbsp;</span> <i>{html.escape(regions)}</i><br>"
                    f"<span>{safe_snippet(hit.snippet)}</span>")
            entry = QListWidgetItem()
            entry.setData(Qt.ItemDataRole.UserRole, hit.id)
            entry.setData(_REGION_ROLE, hit.regions[0] if hit.regions else self._region)
            entry.setData(_TERMS_ROLE, list(hit.terms))
            entry.setData(Qt.ItemDataRole.AccessibleTextRole, f"{hit.title}, {tx.kind_label(hit.kind)}"
                          + (", historical" if hit.historical else "") + (", updated" if updated else ""))
            label = QLabel(text)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            label.setContentsMargins(6, 4, 6, 4)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            self.list.addItem(entry)
            self.list.setItemWidget(entry, label)
        self._fit_labels()
        if self.list.count():
            self.list.setCurrentRow(0)

    def _mark_selected(self) -> None:
        """A row's text in the selection's colour when it is selected (white on the default theme's blue, black on
        high contrast's yellow), the window's text colour otherwise."""
        from PySide6.QtGui import QPalette

        for row in range(self.list.count()):
            entry = self.list.item(row)
            label = self.list.itemWidget(entry)
            if label is None or bool(label.property("selected")) == entry.isSelected():
                continue
            label.setProperty("selected", entry.isSelected())
            label.setForegroundRole(QPalette.ColorRole.HighlightedText if entry.isSelected()
                                    else QPalette.ColorRole.WindowText)
            label.style().unpolish(label)       # the high-contrast style sheet's rule for a selected row's text
            label.style().polish(label)

    def _fit_labels(self) -> None:
        """Wrap every result to the list's width (no sideways scrolling)."""
        width = max(120, self.list.viewport().width() - 2 * self.list.spacing() - 12)
        for row in range(self.list.count()):
            entry = self.list.item(row)
            label = self.list.itemWidget(entry)
            if label is not None:
                label.setFixedWidth(width)
                entry.setSizeHint(QSize(width, label.heightForWidth(width)))

    def resizeEvent(self, event):  # noqa: N802
        super().resizeEvent(event)
        self._fit_labels()

    def move(self, delta: int) -> None:  # noqa: A003 - keyboard navigation from the search box
        if not self.list.count():
            return
        row = max(0, min(self.list.count() - 1, self.list.currentRow() + delta))
        self.list.setCurrentRow(row)

    def activate_current(self, new_tab: bool = False) -> bool:
        item = self.list.currentItem()
        if item is None:
            return False
        self._activate(item, new_tab)
        return True

    def _activate(self, item: QListWidgetItem, new_tab: bool) -> None:
        self.result_activated.emit(item.data(Qt.ItemDataRole.UserRole), item.data(_REGION_ROLE) or self._region,
                                   new_tab, tuple(item.data(_TERMS_ROLE) or ()))

    def keyPressEvent(self, event):  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activate_current(bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier))
            return
        super().keyPressEvent(event)
