"""A ring around whatever has the keyboard focus, in every window of the app and in both themes.

Styles draw focus faintly or not at all (Fusion's list and check box), so the ring is drawn by the app: a widget
laid over the focused one in its window, transparent to the mouse, moved when the focused widget or any of its
parents moves (a scrolled form) or is resized. Two bands, dark outside and light inside in the default theme, so
one of them contrasts at least 3:1 with any background (WCAG 2.2, 1.4.11)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid

from brochure_app.ui.common.lazy_qt import Qt

BAND = 2                           # each band's width, px
DEFAULT_COLOURS = ("#0b0c0c", "#ffdd00")     # outer, inner: 19:1 on white, 15:1 on black
HIGH_CONTRAST_COLOURS = ("#00ffff", "#000000")
_WATCHED = (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.Hide, QEvent.Type.ParentChange)


class FocusRing(QWidget):
    def __init__(self):
        super().__init__()
        self.setObjectName("focus-ring")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.colours = tuple(QColor(c) for c in DEFAULT_COLOURS)
        self.target: QWidget | None = None
        self._watched: list[QObject] = []
        self._follower = _Follower(self)
        self._passing: FocusRing | None = None     # the ring of the passing dialog the focus was last in

    def set_high_contrast(self, on: bool) -> None:
        self.colours = tuple(QColor(c) for c in (HIGH_CONTRAST_COLOURS if on else DEFAULT_COLOURS))
        self.update()
        if self._passing is not None and isValid(self._passing):
            self._passing.set_high_contrast(on)

    def follow(self, _old, new) -> None:
        """QApplication.focusChanged: the ring goes to the new focus widget (none in a popup, a menu). In a passing
        dialog (a question, a file chooser) a ring of the dialog's own shows it: that one goes when the dialog is
        deleted; this one, which lives as long as the app, never sits in such a dialog."""
        if not isValid(self) or not isValid(self._follower):
            return                      # the focus moves while a window is being deleted with the ring in it
        kind = _kind(new.window()) if new is not None and new is not self and isValid(new) else None
        passing = self._passing if self._passing is not None and isValid(self._passing) else None
        if kind == PASSING:
            self.track(None)
            ring = new.window().findChild(FocusRing, "focus-ring", Qt.FindChildOption.FindDirectChildrenOnly)
            if ring is None:
                ring = FocusRing()
                ring.colours = self.colours
                ring.setParent(new.window())
            if passing is not None and passing is not ring:
                passing.track(None)
            self._passing = ring
            ring.track(new)
            return
        if passing is not None:
            passing.track(None)
        self.track(new if kind == LASTING else None)

    def track(self, new) -> None:
        """Follows new (None: nobody) in its window."""
        for obj in self._watched:
            if isValid(obj):            # a closed dialog's widgets may be gone
                obj.removeEventFilter(self._follower)
        self._watched = []
        self.target = new
        if new is None:
            self.hide()
            return
        widget = new
        while widget is not None:
            widget.installEventFilter(self._follower)
            self._watched.append(widget)
            if widget.isWindow():
                break
            widget = widget.parentWidget()
        if self.parentWidget() is not new.window():
            self.setParent(new.window())
        self.place()

    def place(self) -> None:
        target = self.target
        if target is None or not isValid(target) or not target.isVisible():
            self.hide()
            return
        window = target.window()
        margin = 2 * BAND
        rect = QRect(target.mapTo(window, QPoint(0, 0)), target.size()).adjusted(-margin, -margin, margin, margin)
        parent = target.parentWidget()
        while parent is not None and not parent.isWindow():       # not over what a scrolled area hides
            rect = rect.intersected(QRect(parent.mapTo(window, QPoint(0, 0)), parent.size()))
            parent = parent.parentWidget()
        rect = rect.intersected(window.rect())
        if rect.width() < 2 * margin or rect.height() < 2 * margin:
            self.hide()
            return
        self.setGeometry(rect)
        self.show()
        self.raise_()
        self.update()

    def paintEvent(self, _event):  # noqa: N802 - Qt's name
        painter = QPainter(self)
        for n, colour in enumerate(self.colours):
            pen = QPen(colour)
            pen.setWidth(BAND)
            pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
            painter.setPen(pen)
            inset = n * BAND + BAND // 2
            painter.drawRect(self.rect().adjusted(inset, inset, -inset - 1, -inset - 1))


class _Follower(QObject):
    """Moves the ring when the focused widget or one of its parents moves, is resized, shown or hidden."""

    def __init__(self, ring: FocusRing):
        super().__init__(ring)
        self.ring = ring

    def eventFilter(self, _watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() in _WATCHED:
            self.ring.place()
        return False


LASTING, PASSING = "lasting", "passing"


def _kind(window) -> str | None:
    """LASTING: the main window and the bench's tool windows, which live as long as the app; PASSING: a dialog,
    deleted when it closes (a ring of its own, deleted with it); None: a popup or menu (no ring)."""
    from PySide6.QtWidgets import QDialog

    from brochure_app.ui.common.tool_window import ToolWindow

    if window.windowType() == Qt.WindowType.Popup:
        return None
    return PASSING if isinstance(window, QDialog) and not isinstance(window, ToolWindow) else LASTING


def install(ring: FocusRing) -> None:
    QApplication.instance().focusChanged.connect(ring.follow)
    ring.follow(None, QApplication.focusWidget())


def uninstall(ring: FocusRing) -> None:
    QApplication.instance().focusChanged.disconnect(ring.follow)
    ring.follow(None, None)
