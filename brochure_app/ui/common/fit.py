"""Sizes within the screen's available geometry: every dialog and tool window opens within it and scrolls inside
(court laptops: 1024x600 and up). The geometry is an argument where it matters, defaulting to the widget's screen."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication

TITLE_BAR = 32      # room for a window manager's title bar above a window

def available(widget=None) -> QRect:
    """The available geometry (without panels and docks of the desktop) of the widget's screen, else the primary."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 600)


def fit_size(width: int, height: int, avail: QRect, margin: int = 16) -> tuple[int, int]:
    """(width, height) shrunk to fit within avail, less a margin each side and a title bar for a window manager's
    frame."""
    return min(width, avail.width() - 2 * margin), min(height, avail.height() - 2 * margin - TITLE_BAR)


def fit_rect(rect: QRect, avail: QRect) -> QRect:
    """rect shrunk to fit avail, then moved within it."""
    w, h = min(rect.width(), avail.width()), min(rect.height(), avail.height())
    x = max(avail.left(), min(rect.left(), avail.right() + 1 - w))
    y = max(avail.top(), min(rect.top(), avail.bottom() + 1 - h))
    return QRect(x, y, w, h)


def fit_dialog(dialog, width: int, height: int, avail: QRect | None = None) -> None:
    """Sizes a dialog to (width, height), or the available screen when that is smaller (its content scrolls)."""
    avail = avail or available(dialog.parentWidget() or dialog)
    dialog.resize(*fit_size(width, height, avail))


def ask_text(parent, title: str, label: str, text: str = "") -> tuple[str, bool]:
    """QInputDialog.getText's question, in a dialog wide enough to show the suggested text whole (the static
    getText's is narrower than a preset's suggested name), within the screen. Returns (text, accepted)."""
    from PySide6.QtWidgets import QInputDialog

    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextValue(text)
    width = dialog.fontMetrics().horizontalAdvance(text) + 8 * dialog.fontMetrics().averageCharWidth() + 48
    fit_dialog(dialog, max(360, width), dialog.sizeHint().height())
    accepted = bool(dialog.exec())
    return dialog.textValue(), accepted
