"""Help ▸ Keyboard shortcuts: every command that has keys, made from the commands themselves (the same table as
the README's), and the keys that work inside the panels."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from brochure_app.ui.common.actions import shortcut_table

PANEL_KEYS = """
In the panels and lists:

| Where | Keys |
|---|---|
| Any list or form | `Tab` and `Shift+Tab` move between controls; `Space` ticks; arrow keys move in a list |
| Search box | `Down` and `Up` move in the results; `Enter` opens the result; `Esc` goes back to the page |
| Search results | `Enter` opens the page; `Ctrl+Enter` opens it in a new tab |
| Shortlist | `Enter` opens; `Delete` removes; `Alt+Up` and `Alt+Down` reorder |
| Presets | `F2` renames; `Delete` deletes |
"""


class ShortcutsDialog(QDialog):
    def __init__(self, commands, more_keys=(), parent=None):
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.setAccessibleName("Keyboard shortcuts")
        layout = QVBoxLayout(self)
        self.text = QTextBrowser()
        self.text.setAccessibleName("Keyboard shortcuts")
        self.text.setOpenLinks(False)
        self.text.setMarkdown(shortcut_table(commands, more_keys) + "\n" + PANEL_KEYS)
        layout.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 640)
        screen = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(min(self.width(), screen.width() - 40), min(self.height(), screen.height() - 80))
