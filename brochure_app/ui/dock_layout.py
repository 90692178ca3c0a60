"""The main window's starting dock layout, shipped as Qt's own record of it.

Placing a dock by code (`addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, ...)`) makes PySide build the Python
types of all of the `Qt` namespace's enums, about 40 ms (see lazy_qt); restoring a recorded layout with
`restoreState` needs none of them. A start-up snapshot records the layout of this machine's window; a start without
one (the first, or after the content changed) restores this record, which `make layout` writes from the layout the
code makes (MainWindow.place_docks_by_code). A test checks that both give the same window. When the record is
missing, damaged or refused by Qt, the docks are placed by code.
"""

from __future__ import annotations

import os
import sys
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


def write_default_state(path: Path | None = None) -> Path:
    """Writes the record of the layout the code makes (`make layout`); needs a QApplication."""
    from brochure_app.ui.main_window import MainWindow
    from brochure_app.ui.settings import open_settings

    settings, _warning = open_settings()
    window = MainWindow(lambda: None, settings, dock_record=False)
    target = path or layout_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(bytes(window.default_dock_state()).hex() + "\n", encoding="ascii")
    window.deleteLater()
    return target


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    print(f"wrote {write_default_state()}")
