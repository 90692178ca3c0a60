"""The item commands on every link to an intervention (a page, the decision aid's results, search results): open it in
a new tab, then the bench's (add to shortlist, add to comparison), at the top of the link's context menu."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu


def item_menu(window, item_id: str, region: str, menu: QMenu | None = None) -> QMenu:
    menu = menu or QMenu(window)
    item = window.catalogue.item(region, item_id) if region else None
    commands = [(f"Open “{item.title if item else item_id}” in a new tab",
                 lambda: window.pages.open_item(item_id, region)), *window.bench.item_commands(item_id, region)]
    first = menu.actions()[0] if menu.actions() else None
    for text, slot in commands:
        act = QAction(text, menu)
        act.triggered.connect(slot)
        menu.insertAction(first, act)
    if first is not None:
        menu.insertSeparator(first)
    return menu
