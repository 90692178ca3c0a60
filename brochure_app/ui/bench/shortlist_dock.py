"""The shortlist dock: the current region's shortlisted items, in the person's order, with local notes.

Changes are saved at once (userdata.shortlist, atomically); notes are saved when typing pauses and whenever the
selection or region changes. From here: open a page, compare the selected items, print the bench card.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from brochure_app.catalogue.catalogue import Catalogue
from brochure_app.domain.taxonomy import kind_label
from brochure_app.ui.common.controls import push_button
from brochure_app.ui.common.markup import as_text, ask
from brochure_app.userdata.notes import MAX_NOTE_CHARS, Notes
from brochure_app.userdata.shortlist import Shortlist

NOTE_SAVE_DELAY_MS = 700


class ShortlistDock(QWidget):
    open_requested = Signal(str, str)          # region, item id
    compare_requested = Signal(list)           # [(region, item id)]
    bench_card_requested = Signal()
    changed = Signal()                         # the region's shortlist changed
    status_changed = Signal(str)

    def __init__(self, catalogue: Catalogue, shortlist: Shortlist, notes: Notes, parent=None):
        super().__init__(parent)
        self.catalogue = catalogue
        self.shortlist = shortlist
        self.notes = notes
        self.region = ""
        self._note_for: str | None = None
        self.setAccessibleName("Shortlist")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.RichText)     # always: the region's name in it is escaped (refresh)
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.list = QListWidget()
        self.list.setAccessibleName("Shortlisted interventions")
        self.list.setAccessibleDescription("Enter opens the page. Delete removes. Alt+Up and Alt+Down reorder. "
                                           "Select several with Shift or Ctrl to compare them.")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setWordWrap(True)
        self.list.setSpacing(1)
        self.list.setStyleSheet("QListWidget::item { padding: 4px 2px; border-bottom: 1px solid palette(mid); }"
                                " QListWidget::item:selected { background: palette(highlight);"
                                " color: palette(highlighted-text); }")     # the theme's colours (see theme)
        self.list.itemActivated.connect(self._activate)
        self.list.currentItemChanged.connect(lambda *_a: self._show_note())
        self.list.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.list, 2)

        row1, row2 = QHBoxLayout(), QHBoxLayout()
        self.open_button = push_button("Open", "Open the page (Enter)", self.open_current, layout=row1)
        self.remove_button = push_button("Remove", "Remove the selected items (Delete)", self.remove_selected,
                                         layout=row1)
        self.up_button = push_button("▲", "Move up (Alt+Up)", lambda: self.move_current(-1), "Move up", row1)
        self.down_button = push_button("▼", "Move down (Alt+Down)", lambda: self.move_current(+1), "Move down", row1)
        self.compare_button = push_button("Compare", "Compare the selected items (2 to 4), or the first four",
                                           self.compare_selected, layout=row2)
        self.card_button = push_button("Bench card…", "Print or save a one-page bench card (Ctrl+Shift+B)",
                                        self.bench_card_requested.emit, layout=row2)
        self.clear_button = push_button("Clear…", "Empty this region's shortlist",
                                         lambda: self.clear(confirm=True), layout=row2)
        for button in (self.up_button, self.down_button):
            button.setMaximumWidth(40)
        layout.addLayout(row1)
        layout.addLayout(row2)

        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        layout.addWidget(self.note_label)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setAccessibleName("Local notes")
        self.note_edit.setAccessibleDescription("Notes for the selected item: court contacts, waiting lists. "
                                                "Kept on this computer only.")
        self.note_edit.setPlaceholderText("Court contacts, waiting lists… (kept on this computer only)")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.textChanged.connect(self._note_typed)
        self.note_label.setBuddy(self.note_edit)
        layout.addWidget(self.note_edit, 1)
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(NOTE_SAVE_DELAY_MS)
        self._note_timer.timeout.connect(self.flush_note)

        for text, keys, slot in (("Remove from shortlist", [QKeySequence.StandardKey.Delete], self.remove_selected),
                                 ("Move up", ["Alt+Up"], lambda: self.move_current(-1)),
                                 ("Move down", ["Alt+Down"], lambda: self.move_current(+1))):
            act = QAction(text, self.list)
            act.setShortcuts([QKeySequence(k) if isinstance(k, str) else k for k in keys])
            act.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            act.triggered.connect(slot)
            self.list.addAction(act)
        self.refresh()

    # --- state ---------------------------------------------------------------------------------------------------
    def set_region(self, region: str) -> None:
        self.flush_note()
        self.region = region
        self.refresh()

    def ids(self) -> list[str]:
        """The region's shortlisted items that its content has, in order."""
        return [i for i in self.shortlist.items(self.region) if self.catalogue.item(self.region, i) is not None]

    def selected_ids(self) -> list[str]:
        rows = sorted(self.list.row(i) for i in self.list.selectedItems())
        return [self.list.item(r).data(Qt.ItemDataRole.UserRole) for r in rows]

    def add(self, item_id: str, region: str | None = None) -> bool:
        """Adds the item to the shortlist of region (the current one by default). OSError when it cannot be saved."""
        region = region or self.region
        item = self.catalogue.item(region, item_id)
        if item is None:
            self.status_changed.emit("Only pages of the region can be shortlisted.")
            return False
        try:
            added = self.shortlist.add(region, item_id)
        except OSError as exc:             # kept in memory for this session; the person is told
            self._not_saved(exc)
            if region == self.region:
                self.refresh(select=item_id)
            self.changed.emit()
            return self.shortlist.contains(region, item_id)
        except ValueError as exc:          # an id the store cannot keep, or the shortlist is full
            self.status_changed.emit(f"Not added to the shortlist: {exc}.")
            return False
        if region == self.region:
            self.refresh(select=item_id)
        name = self.catalogue.regions[region].name
        self.status_changed.emit(f"Added {item.title} to the {name} shortlist." if added
                                 else f"{item.title} is already on the {name} shortlist.")
        if added:
            self.changed.emit()
        return added

    def remove_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        row = self.list.currentRow()
        self.flush_note()
        try:
            self.shortlist.remove(self.region, ids)
        except OSError as exc:
            self._not_saved(exc)
        self.refresh()
        if self.list.count():
            self.list.setCurrentRow(min(row, self.list.count() - 1))
        self.status_changed.emit(f"Removed {len(ids)} item{'s' if len(ids) != 1 else ''} from the shortlist.")
        self.changed.emit()

    def move_current(self, delta: int) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        item_id = item.data(Qt.ItemDataRole.UserRole)
        self.flush_note()
        try:
            self.shortlist.move(self.region, item_id, delta)
        except OSError as exc:
            self._not_saved(exc)
        self.refresh(select=item_id)
        self.changed.emit()

    def clear(self, confirm: bool = True) -> None:
        if not self.ids():
            return
        if confirm and not ask(self, "Clear the shortlist", f"Remove all {len(self.ids())} items from the "
                               f"{self.catalogue.regions[self.region].name} shortlist? Notes are kept."):
            return
        self.flush_note()
        try:
            self.shortlist.clear(self.region)
        except OSError as exc:
            self._not_saved(exc)
        self.refresh()
        self.status_changed.emit("The shortlist is empty.")
        self.changed.emit()

    def _not_saved(self, exc: OSError) -> None:
        if getattr(exc, "read_only", False):     # the file could not be read: nothing was changed or written
            self.status_changed.emit(f"Not changed: {exc}")
        else:
            self.status_changed.emit(f"The shortlist could not be saved ({exc.strerror or exc}); the change holds "
                                     "and is saved with the next one that can be.")

    def open_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._activate(item)

    def compare_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) < 2:
            ids = self.ids()
        self.compare_requested.emit([(self.region, i) for i in ids[:4]])

    def _activate(self, item: QListWidgetItem) -> None:
        self.open_requested.emit(self.region, item.data(Qt.ItemDataRole.UserRole))

    # --- showing -------------------------------------------------------------------------------------------------
    def refresh(self, select: str | None = None) -> None:
        keep = select or (self.list.currentItem().data(Qt.ItemDataRole.UserRole) if self.list.currentItem() else None)
        self.list.blockSignals(True)
        self.list.clear()
        ids = self.ids()
        notes = self.notes.for_region(self.region)
        for item_id in ids:
            item = self.catalogue.item(self.region, item_id)
            noted = " ✎" if item_id in notes else ""
            entry = QListWidgetItem(f"{item.title}{noted}\n{kind_label(item.kind)}")
            entry.setData(Qt.ItemDataRole.UserRole, item_id)
            entry.setData(Qt.ItemDataRole.AccessibleTextRole,
                          f"{item.title}, {kind_label(item.kind)}{', has a note' if noted else ''}")
            entry.setToolTip(as_text(item.summary))     # tooltips render markup: content is text
            self.list.addItem(entry)
        self.list.blockSignals(False)
        if ids:
            row = ids.index(keep) if keep in ids else 0
            self.list.setCurrentRow(row)
        name = as_text(self.catalogue.regions[self.region].name) if self.region in self.catalogue.regions else ""
        hidden = len(self.shortlist.items(self.region)) - len(ids)
        text = (f"<b>{len(ids)}</b> item{'s' if len(ids) != 1 else ''} shortlisted for {name}." if ids else
                f"Nothing shortlisted for {name} yet. On any page press Ctrl+D, or right-click a link, "
                "to add it here.")
        if hidden > 0:
            text += f" ({hidden} saved item{'s are' if hidden != 1 else ' is'} not in this region's content.)"
        self.heading.setText(text)
        self._show_note()
        self._update_buttons()

    def _update_buttons(self) -> None:
        count = self.list.count()
        selected = len(self.list.selectedItems())
        self.open_button.setEnabled(self.list.currentItem() is not None)
        self.remove_button.setEnabled(selected > 0)
        self.up_button.setEnabled(count > 1)
        self.down_button.setEnabled(count > 1)
        self.compare_button.setEnabled(count >= 2)
        self.card_button.setEnabled(count >= 1)
        self.clear_button.setEnabled(count >= 1)

    # --- notes ---------------------------------------------------------------------------------------------------
    def _show_note(self) -> None:
        self.flush_note()
        item = self.list.currentItem()
        self._note_for = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        self.note_edit.blockSignals(True)
        self.note_edit.setPlainText(self.notes.get(self.region, self._note_for) if self._note_for else "")
        self.note_edit.blockSignals(False)
        self.note_edit.setEnabled(self._note_for is not None)
        if self._note_for:
            title = self.catalogue.item(self.region, self._note_for).title
            self.note_label.setText(f"&Notes on {title} (this computer only)")
        else:
            self.note_label.setText("&Notes (select an item)")

    def _note_typed(self) -> None:
        if len(self.note_edit.toPlainText()) > MAX_NOTE_CHARS:
            self.status_changed.emit(f"Notes are kept up to {MAX_NOTE_CHARS} characters.")
        self._note_timer.start()

    def flush_note(self) -> bool:
        """Saves the note being typed now (if any); True when something was written."""
        self._note_timer.stop()
        if not self._note_for or not self.region:
            return False
        try:
            changed = self.notes.set(self.region, self._note_for, self.note_edit.toPlainText())
        except OSError as exc:
            self.status_changed.emit(f"The note could not be saved: {exc.strerror or exc}")
            return False
        if changed:
            row = next((r for r in range(self.list.count())
                        if self.list.item(r).data(Qt.ItemDataRole.UserRole) == self._note_for), -1)
            if row >= 0:
                entry = self.list.item(row)
                item = self.catalogue.item(self.region, self._note_for)
                mark = " ✎" if self.notes.get(self.region, self._note_for) else ""
                entry.setText(f"{item.title}{mark}\n{kind_label(item.kind)}")
            self.status_changed.emit("Note saved on this computer.")
        return changed
