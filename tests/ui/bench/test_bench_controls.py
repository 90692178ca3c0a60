"""Every bench control has an accessible name, and every tool a menu action."""

from __future__ import annotations


def test_every_bench_control_is_named_and_every_tool_has_a_menu_action(make_window):
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QComboBox, QLineEdit, QMenu, QPlainTextEdit

    from brochure_app.ui.presentation.running_order_dialog import RunningOrderDialog

    w = make_window()
    w.bench.add_to_shortlist("bbr")
    w.bench.add_to_shortlist("tsp")
    w.bench.show_compare()
    w.bench.show_bench_card()
    w.bench.show_grid()
    w.bench.show_ladder()
    w.presentation.enter()
    dialog = RunningOrderDialog(w.presentation.region_pages(), w.presentation.running_order(), [], w)
    hosts = [w.bench.compare_window, w.bench.bench_window, w.bench.grid_window, w.bench.ladder_window,
             w.presentation.bar, w.bench.shortlist, w.advisor.preset_bar, dialog]
    unnamed = []
    for host in hosts:
        for cls in (QAbstractButton, QComboBox, QAbstractItemView, QLineEdit, QPlainTextEdit):
            for c in host.findChildren(cls):
                if isinstance(c.parent(), QComboBox) or not c.isVisibleTo(host):
                    continue
                text = c.text() if isinstance(c, QAbstractButton) else ""
                if not (c.accessibleName() or text):
                    unnamed.append(f"{type(host).__name__}: {type(c).__name__}")
    assert unnamed == []
    assert w.bench.ladder.accessibleName() and w.bench.ladder.accessibleDescription()
    # The menus themselves, not QAction.menu(): PySide 6.9 loses (and here crashes on) a menu reached that way.
    menus = {a.text(): a for m in w.menuBar().findChildren(QMenu) for a in m.actions()}
    for text, key in (("Add to shortlist", "Ctrl+D"), ("Compare…", "Ctrl+Shift+C"), ("Bench card…", "Ctrl+Shift+B"),
                      ("Region availability grid", "Ctrl+Shift+R"), ("Sentencing ladder", "Ctrl+Shift+L"),
                      ("Presentation mode", "F11"), ("Running order…", "Ctrl+Shift+O"),
                      ("Save answers as preset…", "Ctrl+Shift+P"), ("Shortlist", "F8")):
        assert menus[text].shortcut().toString() == key, text
    w.presentation.exit()
    dialog.close()
    for window in (w.bench.compare_window, w.bench.bench_window, w.bench.grid_window, w.bench.ladder_window):
        window.close()
