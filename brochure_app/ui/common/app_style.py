"""The application's style sheet, made of named parts that their features set on their own: the theme's (ui/access)
and the zoom's font size (ui/pages/text_zoom). Setting one part keeps the others (high contrast chosen at 200 % kept
the theme and dropped the zoom when each set the whole sheet)."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QApplication


def _block(name: str) -> re.Pattern:
    return re.compile(rf"/\* {name} \*/.*?/\* end {name} \*/\n?", re.DOTALL)


def set_part(name: str, css: str) -> None:
    """The part called name of the application's style sheet becomes css ('' takes it out), in its place; the
    sheet is set again only when it changes (every widget is polished again then)."""
    app = QApplication.instance()
    if app is None:
        return
    sheet = app.styleSheet()
    block = f"/* {name} */\n{css}\n/* end {name} */\n" if css else ""
    pattern = _block(name)
    if pattern.search(sheet):
        new = pattern.sub(lambda _m: block, sheet, count=1)
    else:
        new = sheet + block
    if new != sheet:
        app.setStyleSheet(new)

