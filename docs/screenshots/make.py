"""Regenerates the README's main screenshots (home, item page, search results, decision aid), offscreen.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
for name in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
    os.environ[name] = tempfile.mkdtemp()
OUT = Path(__file__).resolve().parent


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from brochure_app.catalogue.store import load_catalogue
    from brochure_app.ui.app import search_factory
    from brochure_app.ui.search.search_worker import SearchWorker
    from brochure_app.ui.window.main_window import MainWindow
    from brochure_app.ui.window.settings import open_settings

    app = QApplication(sys.argv[:1])
    cat = load_catalogue()
    settings, _ = open_settings()
    worker = SearchWorker(search_factory(cat))
    w = MainWindow(cat, settings, search_worker=worker, edition="")
    w.resize(1366, 768)
    w.set_region("london")
    w.show()
    app.processEvents()
    w.grab().save(str(OUT / "home.png"))

    w.open_page("item:bbr", new_tab=True)
    app.processEvents()
    w.grab().save(str(OUT / "item.png"))

    got = []
    worker.results.connect(got.append)
    w.search.box.setText("DV")
    w.search.run("DV")
    while not got:
        app.processEvents()
    app.processEvents()
    w.grab().save(str(OUT / "search.png"))
    w.search.box.clear()
    w.search.run("")

    wiz = w.advisor.wizard
    wiz.need_boxes["domestic-abuse"].setChecked(True)
    wiz.sex.setCurrentIndex(wiz.sex.findData("male"))
    wiz.age.setValue(35)
    wiz.sara.setCurrentIndex(wiz.sara.findData("medium"))
    wiz.circumstances["ipv-offence"].set_value("yes")
    wiz.none_of_the_others()
    app.processEvents()
    w.grab().save(str(OUT / "wizard.png"))
    worker.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
