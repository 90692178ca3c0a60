"""The keyboard (issue 20, part 4): the keys that open a panel put the focus in it, F6 goes round the panels, a
focus ring shows where the focus is in both themes, and Help lists every command's keys."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from tests.ui.access import contrast as c
from tests.ui.access.test_contrast import sample_results


def _window(make_window, qtbot, high_contrast=False):
    w = make_window()
    w.finish_startup()
    w.set_high_contrast(high_contrast)
    w.bench.shortlist.add("bbr", "london")
    for dock in w.docks():
        dock.hide()
    w.pages.focus_page()
    qtbot.waitUntil(lambda: w.tabs.current_view().hasFocus())
    return w


def _focus(w):
    return QApplication.focusWidget()


def test_f9_f8_and_ctrl_k_put_the_focus_in_the_panel_they_open(make_window, qtbot):
    w = _window(make_window, qtbot)
    qtbot.keyClick(w, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: _focus(w) is w.bench.shortlist.list)
    assert w.bench.dock.isVisible() and w.bench.shortlist.list.currentRow() == 0

    qtbot.keyClick(_focus(w), Qt.Key.Key_F9)
    first = next(iter(w.advisor.wizard.need_boxes.values()))
    qtbot.waitUntil(lambda: _focus(w) is first)

    # Ctrl+K with the results' panel closed: the focus in the box and the results of what it holds shown again.
    w.search.box.setText("housing")
    w.search.dock.hide()
    qtbot.keyClick(_focus(w), Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _focus(w) is w.search.box)
    assert w.search.dock.isVisible() and w.search.box.selectedText() == "housing"

    # With the toolbar hidden too (its context menu): it comes back with the box.
    w.pages.focus_page()
    w.toolbar.hide()
    qtbot.keyClick(_focus(w), Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _focus(w) is w.search.box and w.search.box.isVisible())


def test_a_panels_key_focuses_a_shown_panel_and_hides_it_from_inside(make_window, qtbot):
    """F9 with the decision aid already shown and the focus on the page: the focus goes to it (it is not hidden);
    F9 in the panel hides it and gives the focus back to the page. The View menu's item still toggles."""
    w = _window(make_window, qtbot)
    w.advisor.dock.show()
    page, first = w.tabs.current_view(), next(iter(w.advisor.wizard.need_boxes.values()))
    qtbot.waitUntil(lambda: _focus(w) is page)

    qtbot.keyClick(page, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: _focus(w) is first)
    assert w.advisor.dock.isVisible() and w.action("advisor.toggle").isChecked()

    qtbot.keyClick(first, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: not w.advisor.dock.isVisible() and _focus(w) is page)
    assert not w.action("advisor.toggle").isChecked()

    w.bench.dock.show()
    qtbot.keyClick(page, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: _focus(w) is w.bench.shortlist.list)
    w.action("bench.shortlist").trigger()          # the menu's check item: hides the shown panel
    assert not w.bench.dock.isVisible()


def test_f6_goes_round_the_page_and_the_panels_shown(make_window, qtbot):
    w = _window(make_window, qtbot)
    for dock in w.docks():
        dock.show()
    w.search.show_results(sample_results())
    page, first_need = w.tabs.current_view(), next(iter(w.advisor.wizard.need_boxes.values()))
    round_trip = [first_need, w.search.panel.list, w.bench.shortlist.list, page]
    for expected in round_trip:
        qtbot.keyClick(_focus(w), Qt.Key.Key_F6)
        qtbot.waitUntil(lambda e=expected: _focus(w) is e)
    qtbot.keyClick(_focus(w), Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: _focus(w) is w.bench.shortlist.list)
    w.search.dock.hide()                    # a hidden panel is skipped
    qtbot.keyClick(_focus(w), Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: _focus(w) is first_need)


def _ring_contrast(w, qtbot, target) -> float:
    """How much what is just outside target changes when it takes the focus: at each point along its top and left
    edges, the best contrast of the 4 pixels outwards with focus against the same pixels without; the lowest of those
    all round (a ring of two bands shows one at 3:1 or more against whatever was there)."""
    window = target.window()
    w.pages.focus_page()
    qtbot.waitUntil(lambda: not target.hasFocus())
    before = c.image_of(window)
    target.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: target.hasFocus() and w.access.ring.isVisible())
    after = c.image_of(window)
    rect = QRect(target.mapTo(window, target.rect().topLeft()), target.size())

    def change(x, y):
        return c.ratio(QColor(before.pixelColor(x, y)), QColor(after.pixelColor(x, y)))

    ratios = sorted([max(change(x, rect.top() - d) for d in range(1, 5)) for x in range(rect.left(), rect.right())]
                    + [max(change(rect.left() - d, y) for d in range(1, 5)) for y in range(rect.top(), rect.bottom())])
    return ratios[len(ratios) // 50]      # all but a corner's few pixels


@pytest.mark.parametrize("high_contrast", [False, True], ids=["default", "high-contrast"])
def test_a_focus_ring_shows_on_lists_buttons_and_check_boxes(make_window, qtbot, high_contrast):
    w = _window(make_window, qtbot, high_contrast)
    w.bench.dock.show()
    w.advisor.dock.show()
    targets = {"shortlist": w.bench.shortlist.list, "button": w.bench.shortlist.open_button,
               "check box": next(iter(w.advisor.wizard.need_boxes.values()))}
    seen = {name: round(_ring_contrast(w, qtbot, target), 2) for name, target in targets.items()}
    assert all(r >= 3.0 for r in seen.values()), seen


def test_help_lists_every_command_with_its_keys(make_window, qtbot):
    w = make_window()
    w.finish_startup()
    w.action("access.shortcuts").trigger()
    dialog = w.access.dialog
    qtbot.waitUntil(dialog.isVisible)
    text = dialog.text.toPlainText()
    missing = [(cmd.text, key) for cmd in w.all_commands() for key in cmd.keys
               if cmd.text.rstrip("…") not in text or key not in text]
    assert not missing
    help_menu = w.menuBar().actions()[-1]   # held: PySide 6.9 drops a menu() reached from a temporary action
    assert "access.shortcuts" in [a.objectName() for a in help_menu.menu().actions()]


def test_high_contrast_has_a_key_and_follows_the_system_until_chosen(make_window, qtbot, monkeypatch):
    w = make_window()
    w.finish_startup()
    qtbot.keyClick(w, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert w.state.high_contrast and w.action("access.contrast").isChecked()
    assert _high_contrast_sheet()
    monkeypatch.setattr(type(w.access), "system_prefers_high_contrast", lambda _self: False)
    w.access.follow_system()
    assert w.state.high_contrast          # chosen by the person: kept
    w.settings.remove("contrast_chosen")
    w.access.follow_system()
    assert not w.state.high_contrast and not _high_contrast_sheet()


def test_a_first_run_takes_the_systems_high_contrast_before_the_first_paint(make_window, qtbot, monkeypatch):
    """No flash of the other theme: a first run reads the system's setting as the window is restored (before it is
    painted); later runs start as last time and follow the system after the first paint if it changed."""
    monkeypatch.setattr(type_of_access(), "system_prefers_high_contrast", lambda _self: True)
    w = make_window(region="")
    w.settings.remove("high_contrast")
    w.restore_state(None)
    assert w.state.high_contrast and _high_contrast_sheet()      # before finish_startup
    w.save_state()
    assert w.settings.value("high_contrast") in (True, "true")

    monkeypatch.setattr(type_of_access(), "system_prefers_high_contrast", lambda _self: False)
    w.restore_state(None)
    assert w.state.high_contrast                     # as last time until the window has been painted
    w.finish_startup()
    assert not w.state.high_contrast and not _high_contrast_sheet()


def type_of_access():
    from brochure_app.ui.access.feature import AccessFeature

    return AccessFeature


def _high_contrast_sheet() -> bool:
    """The application's style sheet is the high-contrast theme's (its yellow for what can be pressed)."""
    from brochure_app.ui.common.theme import HC_ACCENT

    return HC_ACCENT in QApplication.instance().styleSheet()


def test_a_dialog_shows_the_focus_with_a_ring_of_its_own(make_window, qtbot):
    """A passing dialog (here Save preset's question) rings its focused control too, with a ring of its own that
    goes with the dialog; the window's ring, which never sits in such a dialog, carries on after it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    from brochure_app.ui.access.focus_ring import FocusRing
    from brochure_app.ui.common.fit import ask_text

    w = _window(make_window, qtbot)
    seen = {}

    def look():
        dialog = next(d for d in QApplication.topLevelWidgets() if isinstance(d, QInputDialog) and d.isVisible())
        edit = dialog.findChild(QLineEdit)
        qtbot.waitUntil(edit.hasFocus)
        ring = dialog.findChild(FocusRing)
        qtbot.waitUntil(lambda: ring is not None and ring.isVisible())
        seen["around"] = ring.geometry().contains(QRect(edit.mapTo(dialog, edit.rect().topLeft()), edit.size()))
        seen["window's ring shown"] = w.access.ring.isVisible()
        dialog.reject()

    QTimer.singleShot(0, look)
    ask_text(w, "Save answers as preset", "Name of the preset:", "London · women")
    assert seen == {"around": True, "window's ring shown": False}
    from tests.ui.conftest import _activate

    _activate(w)                        # the offscreen platform does not give the window back its activation
    w.bench.dock.show()
    w.bench.shortlist.list.setFocus()
    qtbot.waitUntil(lambda: w.access.ring.isVisible() and w.access.ring.target is w.bench.shortlist.list)
