"""The window, its docks, dialogs and tool windows fitted to the screen they open on (court laptops: 1366x768,
1280x720, 1024x600).

- The first window takes the available screen: maximised on screens up to MAXIMISE_UP_TO pixels wide, else a large
  window in the middle. A saved geometry that no longer fits the screen (the laptop's, after a large monitor) is
  brought within it.
- On a narrow window (below COMPACT_BELOW), or one whose page would hold fewer than MIN_PAGE_CHARS characters a line
  (large text), the docks give way so the page keeps MIN_PAGE_CHARS:
  one side panel at a time, narrowed to what the page leaves; when even that leaves the page too narrow (a small
  screen, large text), the panel opens as a drawer over the page's right side instead, docked again once the
  window is wide enough.
- Dialogs and tool windows are sized within the available geometry by ui/common/fit.py (their content scrolls).

The functions take the available geometry as an argument where it matters, defaulting to the widget's screen: the
tests check the fit for each laptop size without a screen of that size.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRect, QTimer

from brochure_app.ui.common.fit import available, fit_rect
from brochure_app.ui.pages.measure import chars_width

MAXIMISE_UP_TO = 1440
COMPACT_BELOW = 1280
MIN_PAGE_CHARS = 60
LARGE_WINDOW = (1440, 900)       # the first window on a screen wider than MAXIMISE_UP_TO, at most
DRAWER_SHARE = 0.85              # a drawer takes at most this share of the window's width


def place_first_window(window, restored: bool, avail: QRect | None = None) -> bool:
    """Geometry for the start-up's window: True when it should be shown maximised. A restored geometry is kept,
    brought within the screen when it no longer fits; a first window takes the screen."""
    avail = avail or available(window)
    if window.isMaximized() or window.isFullScreen():
        return False                  # restored as maximised: the screen's size whatever it is
    if restored and window.width() >= 400 and window.height() >= 300:
        if not avail.contains(window.geometry()):
            window.setGeometry(fit_rect(window.geometry(), avail))
        return False
    if avail.width() <= MAXIMISE_UP_TO:
        window.setGeometry(avail)     # also the size where no window manager maximises
        return True
    w, h = min(LARGE_WINDOW[0], avail.width()), min(LARGE_WINDOW[1], avail.height())
    window.setGeometry(QRect(avail.left() + (avail.width() - w) // 2, avail.top() + (avail.height() - h) // 2, w, h))
    return False


class DockFit(QObject):
    """Makes the docks give way to the page on a narrow window (see the module's note). arrange() runs after the
    first paint, then on each resize and when a dock is shown."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.active = False            # arranging follows the window only after the first paint (Qt enums)
        self.drawers: set = set()      # the docks this made drawers (floating over the page), docked again later
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.arrange)
        self._last_shown = None
        for dock in window.docks():
            dock.visibilityChanged.connect(lambda shown, d=dock: self._dock_shown(d, shown))
        window.pages.zoom_changed.connect(self.schedule)     # larger text: the page needs more room
        # A drawer follows the page when the page moves or changes size with the window still (the tools' toolbar
        # wrapping to a row of its own, taller buttons in high contrast): it was left over the toolbar's buttons.
        window.pages.widget.installEventFilter(self)

    def eventFilter(self, _watched, event) -> bool:  # noqa: N802 - Qt's name
        if self.active and self.drawers:
            from PySide6.QtCore import QEvent

            if event.type() in (QEvent.Type.Move, QEvent.Type.Resize):
                self._place_drawers()
        return False

    def start(self) -> None:
        self.active = True
        # A dock the last session left floating over the window was its drawer (restored where it was then): it is
        # one again, placed for this window. One floated elsewhere (a second screen) is the person's choice.
        frame = self.window.frameGeometry()
        self.drawers.update(d for d in self.window.docks() if d.isFloating() and frame.intersects(d.frameGeometry()))
        self.arrange()

    def schedule(self) -> None:
        if self.active:
            self._timer.start()

    def compact(self) -> bool:
        return self.window.width() < COMPACT_BELOW

    def _dock_shown(self, dock, shown: bool) -> None:
        if shown and not dock.isFloating():
            self._last_shown = dock
        self.schedule()

    def _needed(self) -> float:
        view = self.window.pages.tabs.current_view()
        if view is None:
            from brochure_app.ui.pages.page_view import PageView

            view = PageView("")
        return chars_width(view, MIN_PAGE_CHARS)

    def arrange(self) -> None:
        """When the page would hold fewer than MIN_PAGE_CHARS a line (or the window is narrower than COMPACT_BELOW):
        one side panel at a time, narrowed so the page keeps them, or a drawer over the page when it cannot be.
        A drawer docks again once there is room beside the page."""
        if not self.active or self.window.state.presenting:
            return
        from PySide6.QtCore import Qt

        self._fit_toolbar()
        docks, width, needed = self.window.docks(), self.window.width(), self._needed()

        def docked():
            return [d for d in docks if d.isVisible() and not d.isFloating()]

        for dock in list(self.drawers):
            beside = sum(d.width() for d in docked())
            if (not self.compact() or not beside) and width - needed - beside >= dock.minimumSizeHint().width():
                self.drawers.discard(dock)
                dock.setFloating(False)
        if not self.compact() and sum(d.width() for d in docked()) <= width - needed:
            self._place_drawers()       # the page has its room: only the drawers (shown over it) need placing
            return
        shown = docked()
        keep = self._last_shown if self._last_shown in shown else (shown[0] if shown else None)
        for dock in shown:
            if dock is not keep:
                dock.hide()
        room = width - needed
        if keep is not None:
            if room < keep.minimumSizeHint().width():
                self._make_drawer(keep)
            elif keep.width() > room:
                self.window.resizeDocks([keep], [int(room)], Qt.Orientation.Horizontal)
        self._place_drawers()

    def _place_drawers(self) -> None:
        for dock in list(self.drawers):
            if dock.isVisible():
                self._place_drawer(dock)

    def _fit_toolbar(self) -> None:
        """On a narrow window the region and search boxes narrow, so that the toolbar's buttons (Shortlist, Compare,
        Print) stay in view rather than behind its extension button."""
        compact = self.compact()
        w = self.window
        em = w.fontMetrics().averageCharWidth()
        w.region_box.setMaximumWidth(24 * em if compact else 16777215)
        w.search.box.setMinimumWidth(22 * em if compact else 320)
        # The tools' toolbar beside the first when both fit, else on a row of its own below it.
        wrap = w.toolbar.sizeHint().width() + w.tools_toolbar.sizeHint().width() > w.width()
        if wrap != w.toolBarBreak(w.tools_toolbar):
            if wrap:
                w.insertToolBarBreak(w.tools_toolbar)
            else:
                w.removeToolBarBreak(w.tools_toolbar)

    def _make_drawer(self, dock) -> None:
        self.drawers.add(dock)
        dock.setFloating(True)
        self._place_drawer(dock)
        # Again once the window has laid out without the dock: the page is wider then, and the drawer goes to its
        # right edge (placed at once, it sat where the page's edge was while docked, over the middle of the page).
        QTimer.singleShot(0, lambda: dock in self.drawers and dock.isVisible() and self._place_drawer(dock))

    def _place_drawer(self, dock) -> None:
        """The drawer along the right edge of the page, below the toolbar, as tall as the page."""
        page = self.window.pages.widget
        top_left = page.mapToGlobal(page.rect().topLeft())
        width = min(max(dock.minimumSizeHint().width(), 470), int(self.window.width() * DRAWER_SHARE))
        right = top_left.x() + page.width()
        dock.setGeometry(QRect(right - width, top_left.y(), width, page.height()))
