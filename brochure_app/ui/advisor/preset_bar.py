"""Saved decision-aid presets as a row of chips above the wizard: one click (or Enter) applies one.

A preset is a name, the wizard's answers and, when it was saved with one, the region ("London · women ·
accommodation" switches to London). The answers are checked against the contract's vocabulary when applied: a
value the app no longer knows is left out and reported, never fatal.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from brochure_app.ui.common.controls import push_button
from brochure_app.ui.common.markup import as_text
from brochure_app.ui.common.theme import mute


class PresetBar(QWidget):
    apply_requested = Signal(str)         # preset name
    save_requested = Signal()
    rename_requested = Signal(str)
    delete_requested = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.compact = False
        self.setAccessibleName("Decision aid presets")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.setSpacing(4)
        top = QHBoxLayout()
        self.label = QLabel("Presets")
        self.label.setToolTip("Saved answers: one click applies them")
        top.addWidget(self.label)
        top.addStretch(1)
        self.save_button = push_button("Save answers as preset…", "Keep these answers under a name (Ctrl+Shift+P)",
                                       self.save_requested, "Save the current answers as a preset", top)
        layout.addLayout(top)
        self.chips = QListWidget()
        self.chips.setAccessibleName("Presets")
        self.chips.setAccessibleDescription("Click or press Enter to apply a preset. F2 renames, Delete removes. "
                                            "Ctrl+1 to Ctrl+9 apply the first nine from anywhere.")
        self.chips.setViewMode(QListView.ViewMode.ListMode)
        self.chips.setFlow(QListView.Flow.LeftToRight)
        self.chips.setWrapping(True)
        self.chips.setResizeMode(QListView.ResizeMode.Adjust)
        self.chips.setSpacing(3)
        self.chips.setUniformItemSizes(False)
        self.chips.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.chips.setStyleSheet("QListWidget { border: none; background: transparent; }"
                                 " QListWidget::item { border: 1px solid palette(link); border-radius: 10px;"
                                 " padding: 2px 8px; color: palette(link); }"
                                 " QListWidget::item:selected { background: palette(highlight);"
                                 " color: palette(highlighted-text); }")   # the theme's colours (see theme)
        self.chips.itemClicked.connect(lambda it: self.apply_requested.emit(it.data(Qt.ItemDataRole.UserRole)))
        self.chips.itemActivated.connect(lambda it: self.apply_requested.emit(it.data(Qt.ItemDataRole.UserRole)))
        self.chips.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.chips.customContextMenuRequested.connect(self._menu)
        layout.addWidget(self.chips)
        self.empty = QLabel("No presets yet: answer the questions below, then “Save answers as preset…”.")
        self.empty.setWordWrap(True)
        mute(self.empty)
        layout.addWidget(self.empty)
        for text, key, signal in (("Rename preset", QKeySequence(Qt.Key.Key_F2), self.rename_requested),
                                  ("Delete preset", QKeySequence(QKeySequence.StandardKey.Delete),
                                   self.delete_requested)):
            act = QAction(text, self.chips)
            act.setShortcut(key)
            act.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            act.triggered.connect(lambda _c=False, s=signal: self._on_current(s))
            self.chips.addAction(act)
        self.set_presets([])

    def set_presets(self, presets: list[tuple[str, str]]) -> None:
        """presets: (name, description) in order."""
        self.chips.clear()
        for n, (name, description) in enumerate(presets):
            entry = QListWidgetItem(name)
            entry.setData(Qt.ItemDataRole.UserRole, name)
            shortcut = f" (Ctrl+{n + 1})" if n < 9 else ""
            entry.setToolTip(as_text(f"Apply: {description}{shortcut}"))    # names typed by a person: text
            entry.setData(Qt.ItemDataRole.AccessibleTextRole, f"Preset {name}{shortcut}")
            self.chips.addItem(entry)
        self._size_chips()
        self.chips.setVisible(bool(presets))
        self.empty.setVisible(not presets and not self.compact)

    def set_compact(self, on: bool) -> None:
        """A short panel (large text, small screen): the hint for when there are no presets is left out, the room
        going to the questions (the button says what to do)."""
        self.compact = on
        self.empty.setVisible(not on and not self.chips.count())

    def _size_chips(self) -> None:
        metrics = self.chips.fontMetrics()
        for i in range(self.chips.count()):
            entry = self.chips.item(i)
            entry.setSizeHint(QSize(metrics.horizontalAdvance(entry.text()) + 30, metrics.height() + 10))
        self.chips.setMaximumHeight(2 * (metrics.height() + 16) + 6)

    def changeEvent(self, event):  # noqa: N802 - larger type (presentation mode) needs larger chips
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._size_chips()
        super().changeEvent(event)

    def names(self) -> list[str]:
        return [self.chips.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.chips.count())]

    def _on_current(self, signal) -> None:
        item = self.chips.currentItem()
        if item is not None:
            signal.emit(item.data(Qt.ItemDataRole.UserRole))

    def _menu(self, pos) -> None:
        item = self.chips.itemAt(pos)
        if item is None:
            return
        name = item.data(Qt.ItemDataRole.UserRole)
        menu = QMenu(self)
        menu.addAction("Apply", lambda: self.apply_requested.emit(name))
        menu.addAction("Rename…", lambda: self.rename_requested.emit(name))
        menu.addAction("Delete…", lambda: self.delete_requested.emit(name))
        menu.exec(self.chips.viewport().mapToGlobal(pos))
