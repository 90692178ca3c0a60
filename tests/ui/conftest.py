"""UI fixtures: a main window on the bundled content (or a broken copy), settings in a temporary folder."""

from __future__ import annotations

import pytest


def _activate(window) -> None:
    """The offscreen platform never activates windows by itself; shortcuts need an active window."""
    import warnings

    from PySide6.QtWidgets import QApplication

    window.activateWindow()
    if QApplication.activeWindow() is not window:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            QApplication.setActiveWindow(window)


@pytest.fixture
def make_window(qtbot, catalogue):
    from brochure_app.ui.window.main_window import MainWindow
    from brochure_app.ui.window.settings import open_settings

    made = []

    def make(cat=None, region="london", worker=None):
        settings, _warning = open_settings()
        window = MainWindow(cat or catalogue, settings, search_worker=worker, edition="test")
        qtbot.addWidget(window)
        window.resize(1280, 800)
        if region:
            window.set_region(region)
        window.show()
        qtbot.waitExposed(window)
        _activate(window)
        made.append(window)
        return window

    yield make
    for window in made:
        if window.search_worker is not None:
            window.search_worker.stop()
    _delete_closed_widgets(made)


def _delete_closed_widgets(windows) -> None:
    """The test's windows closed and deleted now, with every top-level widget already closed (menus, tool windows,
    dialogs): without an event loop their deleteLater waits, thousands of widgets pile up over the suite, and each
    change of the application's style sheet (zoom, theme) polishes them all again (a test took 8 s, 2 s alone)."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    for window in windows:
        window.close()
        window.deleteLater()
    for widget in QApplication.topLevelWidgets():
        if not widget.isVisible() and widget.parent() is None:
            widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(autouse=True)
def _no_closed_widgets_left():
    """After each window test, the top-level widgets closed by then (or by the test before) deleted."""
    yield
    _delete_closed_widgets(())
