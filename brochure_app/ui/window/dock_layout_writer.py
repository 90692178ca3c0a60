"""`make layout`: rewrites the shipped record of the docks' starting layout from the window the code makes
(kept apart from dock_layout, which the main window reads, so the two never import each other)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from brochure_app.ui.window.dock_layout import layout_path


def write_default_state(path: Path | None = None) -> Path:
    """Writes the record of the layout the code makes (`make layout`); needs a QApplication."""
    from brochure_app.ui.window.main_window import MainWindow
    from brochure_app.ui.window.settings import open_settings

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
