"""The main window's starting dock layout, shipped as Qt's own record of it.

Placing a dock by code (`addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, ...)`) makes PySide build the Python
types of all of the `Qt` namespace's enums, about 40 ms (see lazy_qt); restoring a recorded layout with
`restoreState` needs none of them. A start-up snapshot records the layout of this machine's window; a start without
one (the first, or after the content changed) restores this record, which `make layout` writes from the layout the
code makes (MainWindow.place_docks_by_code). A test checks that both give the same window. When the record is
missing, damaged or refused by Qt, the docks are placed by code.
"""

from __future__ import annotations

from pathlib import Path

FILE = "main-window-docks.hex"


def layout_path() -> Path:
    from brochure_app.catalogue.paths import resources_dir

    return resources_dir() / "layout" / FILE


def default_state() -> bytes | None:
    """The shipped record, or None when it is missing or not a record (placed by code then)."""
    try:
        with open(layout_path(), encoding="ascii") as fh:
            text = fh.read(4096).strip()
        return bytes.fromhex(text) or None
    except (OSError, ValueError):
        return None


def restore_docks(window, snapshot, dock_record: bool) -> bool:
    """Places the window's docks from a record of their starting layout, which needs none of Qt's enum types before
    the first paint: the snapshot's (this machine's window, the fast way), else the shipped record. False when there
    is none to restore (the caller places them by code)."""
    from PySide6.QtCore import QByteArray

    state = b""
    if snapshot is not None:
        try:
            state = bytes.fromhex(snapshot.window_state)
        except ValueError:
            state = b""
    if not state and dock_record:
        state = default_state() or b""
    return bool(state) and window.restoreState(QByteArray(state))
