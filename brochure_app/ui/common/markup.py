"""Text shown where Qt reads markup (tooltips, rich-text labels), escaped so that a title or a message is shown as the
text it is. Not html.escape: its module loads the whole HTML5 entity table, a few milliseconds of the start-up, to
escape three characters."""

from __future__ import annotations

_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def as_text(text: str) -> str:
    return text.translate(_TEXT)


def ask(parent, title: str, text: str) -> bool:
    """A yes/no question whose text is shown as the text it is (QMessageBox guesses, and renders anything that looks
    like markup: a preset's name, a region's, a file's). No is the default: nothing changes by accident."""
    from PySide6.QtWidgets import QMessageBox

    from brochure_app.ui.common.lazy_qt import Qt

    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def warn(parent, title: str, text: str) -> None:
    """A warning shown as plain text (see ask)."""
    _tell(parent, title, text, warning=True)


def inform(parent, title: str, text: str) -> None:
    """A message shown as plain text (see ask)."""
    _tell(parent, title, text, warning=False)


def _tell(parent, title: str, text: str, warning: bool) -> None:
    from PySide6.QtWidgets import QMessageBox

    from brochure_app.ui.common.lazy_qt import Qt

    icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
