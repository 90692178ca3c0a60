"""Regenerates the README's main screenshots (home, item page, search results, decision aid) and the court laptops'
(an item page on 1024x600, 1280x720 and 1366x768 screens, at actual size and at 200 %), offscreen.

    PYTHONPATH=. QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make.py
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
    wiz.reset()
    laptops(app, w)
    worker.stop()
    return 0


LAPTOPS = ((1024, 600), (1280, 720), (1366, 768))


def laptops(app, w) -> None:
    """The item page on each laptop screen as a first run lays it out (window/screen_fit.py), at 100 % and 200 %,
    then in high contrast on the largest at 100 % and the smallest at 200 %. The offscreen platform's screen is of its
    own size: the laptop's is given; a drawer (a floating dock) is painted where it floats over the page."""
    w.finish_startup()
    w.dock_fit.start()
    w.open_page("item:bbr", new_tab=True)
    for percent in (100, 200):
        for width, height in LAPTOPS:
            laptop(app, w, width, height, percent, False)
    laptop(app, w, 1366, 768, 100, True)
    laptop(app, w, 1024, 600, 200, True)
    w.set_high_contrast(False)


def laptop(app, w, width: int, height: int, percent: int, high_contrast: bool) -> None:
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QPainter

    from brochure_app.ui.window.screen_fit import place_first_window

    w.set_high_contrast(high_contrast)
    w.pages.zoom((percent - w.pages.zoom_percent) // 10)
    avail = QRect(0, 0, width, height)
    place_first_window(w, restored=False, avail=avail)
    w.setGeometry(avail)
    for _ in range(3):
        app.processEvents()
        w.dock_fit.arrange()
    app.processEvents()
    shot = w.grab()
    painter = QPainter(shot)
    for dock in w.docks():
        if dock.isFloating() and dock.isVisible():
            painter.drawPixmap(dock.geometry().topLeft() - w.geometry().topLeft(), dock.grab())
    painter.end()
    name = (f"laptop-{width}x{height}" + ("" if percent == 100 else f"-zoom{percent}")
            + ("-contrast" if high_contrast else ""))
    shot.save(str(OUT / f"{name}.png"))


if __name__ == "__main__":
    sys.exit(main())
