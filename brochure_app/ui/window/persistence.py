"""What the window keeps between runs in QSettings: the region, the open tabs, zoom, contrast, geometry and docks.
Written a moment after each change (see MainWindow.schedule_save), on session end and on quitting."""

from __future__ import annotations

from PySide6.QtCore import QByteArray


def save_window(window) -> None:
    s, pages = window.settings, window.pages
    s.setValue("region", window.state.region)
    s.setValue("tabs", pages.tabs.keys())
    s.setValue("current_tab", pages.tabs.currentIndex())
    s.setValue("zoom", pages.zoom_level)
    s.setValue("high_contrast", window.state.high_contrast)
    s.setValue("geometry", window.saveGeometry())
    s.setValue("window_state", window.saveState())
    s.sync()


def restore_window(window, region: str | None) -> bool:
    """Restores the saved layout, contrast, region (unless region, asked for at launch, differs), tabs and zoom. On
    the start-up's fast way the saved tabs other than the one painted open after the first paint. True when a saved
    geometry was restored (False: a first window, which screen_fit sizes to the screen)."""
    s, pages = window.settings, window.pages
    geometry = s.value("geometry")
    restored = isinstance(geometry, QByteArray) and window.restoreGeometry(geometry)
    state = s.value("window_state")
    if isinstance(state, QByteArray):
        window.restoreState(state)
    saved_contrast = s.value("high_contrast")
    if saved_contrast is None:
        window.access.follow_system()     # a first run: the system's setting before the first paint (~40 ms, once)
    elif as_bool(saved_contrast):
        window.set_high_contrast(True)    # as last time (chosen, or the system's then): no flash of the other theme
    window.set_region(region or "")
    tabs = s.value("tabs") or []
    if isinstance(tabs, str):
        tabs = [tabs]
    if not region or region == s.value("region"):
        keys = [k for k in tabs if isinstance(k, str)]
        try:
            current = int(s.value("current_tab", 0))
        except (TypeError, ValueError):
            current = -1
        shown = keys[current] if 0 <= current < len(keys) else ""
        if not window.catalogue_loaded() and pages.tabs.index_of(shown) >= 0:
            window.pending_tabs = (keys, shown)     # the page on top is painted: the others after the first paint
        else:
            pages.restore_tabs(keys, shown)
    try:
        pages.zoom(int(s.value("zoom", 0)) - pages.zoom_level)
    except (TypeError, ValueError):
        pass
    return restored


def as_bool(value) -> bool:
    return value in (True, "true", "1", 1)
