"""The push button of a panel or tool, made one way: named for a screen reader (its text without "…", unless given a
name of its own), its tip, what it does, and never a dialog's default button (Enter belongs to the list or field
that has the focus; a tool lives in a dialog, see tool_window.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton


def push_button(text: str, tip: str, slot, name: str = "", layout=None) -> QPushButton:
    """The button, added to layout when one is given."""
    button = QPushButton(text)
    button.setAccessibleName(name or text.rstrip("…"))
    button.setToolTip(tip)
    button.setAutoDefault(False)
    button.clicked.connect(slot)
    if layout is not None:
        layout.addWidget(button)
    return button
