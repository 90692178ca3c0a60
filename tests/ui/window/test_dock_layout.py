"""The shipped record of the docks' starting layout (ui.dock_layout): the same window as the code makes, no Qt enum
types built before a cold start's first paint, and the code's layout whenever the record cannot be used."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def _window(qtbot, **kwargs):
    from brochure_app.ui.window.main_window import MainWindow
    from brochure_app.ui.window.settings import open_settings

    window = MainWindow(lambda: None, open_settings()[0], edition="test", **kwargs)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def _layout(window) -> list:
    return [(dock.objectName(), window.dockWidgetArea(dock), dock.isVisible(), dock.isFloating(), dock.geometry())
            for dock in (window.advisor.dock, window.search.dock, window.bench.dock)]


def test_the_shipped_record_gives_the_layout_the_code_makes(qtbot):
    from brochure_app.ui.window.dock_layout import default_state

    assert default_state(), "resources/layout/main-window-docks.hex is missing: run `make layout`"
    by_code, from_record = _window(qtbot, dock_record=False), _window(qtbot)
    assert _layout(from_record) == _layout(by_code)
    assert [name for name, *_ in _layout(by_code)] == ["wizard", "search", "shortlist"]
    assert _layout(by_code)[0][2] and not _layout(by_code)[1][2]          # the decision aid shows, search does not


@pytest.mark.parametrize("text", ["", "not hex", "00ff00"])
def test_a_missing_damaged_or_refused_record_means_the_code_places_the_docks(qtbot, monkeypatch, tmp_path, text):
    from brochure_app.ui.window import dock_layout

    record = tmp_path / "docks.hex"
    if text:
        record.write_text(text)
    monkeypatch.setattr(dock_layout, "layout_path", lambda: record)
    assert _layout(_window(qtbot)) == _layout(_window(qtbot, dock_record=False))


def test_make_layout_writes_the_record_the_app_reads(qtbot, monkeypatch, tmp_path):
    from brochure_app.ui.window import dock_layout, dock_layout_writer

    target = dock_layout_writer.write_default_state(tmp_path / "docks.hex")
    monkeypatch.setattr(dock_layout, "layout_path", lambda: target)
    assert dock_layout.default_state() == bytes(_window(qtbot, dock_record=False).default_dock_state())


COLD_FIRST_PAINT_PROBE = """
import PySide6.QtCore as QtCore
from PySide6.QtWidgets import QApplication
from brochure_app.catalogue.store import load_catalogue
from brochure_app.render.html import warm_up
from brochure_app.ui.window.main_window import MainWindow
from brochure_app.ui.window.settings import open_settings
warm_up()
catalogue = load_catalogue(use_cache=False)
app = QApplication([])
window = MainWindow(lambda: catalogue, open_settings()[0])   # made before its content, as a cold start does
window.show_content_problems()
window.set_region("london")
window.resize(1280, 800)
window.show()
app.processEvents()
window.grab()
print("Qt" in QtCore.__dict__)
"""


def test_a_cold_start_builds_none_of_qts_enum_types_before_its_first_paint():
    out = subprocess.run([sys.executable, "-c", COLD_FIRST_PAINT_PROBE], capture_output=True, text=True, timeout=120,
                         env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
