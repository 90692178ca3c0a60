"""Presentation mode: full screen, large type, the running order (Next / Previous, its dialog, kept per
region), and leaving it as the window was."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from brochure_app.userdata.atomic import data_dir


def test_f11_full_screen_large_type_page_and_wizard_then_esc_restores(make_window, qtbot):
    w = make_window()
    w.open_page("item:bbr", new_tab=True)
    tabs_before, zoom_before = w.tabs.count(), w.tabs.zoom
    font_before = w.tabs.current_view().font().pointSizeF()
    w.search.dock.show()
    qtbot.keyClick(w, Qt.Key.Key_F11)
    assert w.state.presenting and w.isFullScreen() and w.action("presentation.toggle").isChecked()
    assert w.advisor.dock.isVisible() and not w.search.dock.isVisible()
    assert not w.toolbar.isVisible() and not w.menuBar().isVisible() and not w.tabs.tabBar().isVisible()
    assert w.presentation.toolbar.isVisible()
    assert w.tabs.current_view().font().pointSizeF() > font_before + 4
    assert "font-size: 14pt" in w.advisor.dock.widget().styleSheet()
    assert "38.4pt" in w.tabs.current_view().document().defaultStyleSheet()   # h1 24pt × 1.6
    qtbot.keyClick(w, Qt.Key.Key_Escape)
    assert not w.state.presenting and not w.isFullScreen() and w.toolbar.isVisible() and w.menuBar().isVisible()
    assert w.search.dock.isVisible() and w.tabs.zoom == zoom_before and w.tabs.count() == tabs_before
    assert w.tabs.current_view().font().pointSizeF() == font_before
    assert "38.4pt" not in w.tabs.current_view().document().defaultStyleSheet()


def test_running_order_next_previous_with_keys_and_buttons(make_window, qtbot):
    w = make_window()
    assert w.presentation.set_running_order(["home", "item:bbr", "section:toolkit", "item:crs-accommodation"])
    w.presentation.enter()
    assert w.tabs.current_key() == "home" and w.presentation.bar.position.text() == "1 of 4"
    view = w.tabs.current_view()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert w.tabs.current_key() == "item:bbr"
    qtbot.keyClick(w, Qt.Key.Key_PageDown)
    assert w.tabs.current_key() == "section:toolkit" and w.presentation.bar.position.text() == "3 of 4"
    w.presentation.bar.next_button.click()
    assert w.tabs.current_key() == "item:crs-accommodation" and not w.presentation.bar.next_button.isEnabled()
    qtbot.keyClick(w, Qt.Key.Key_Right)                     # stays on the last page
    assert w.tabs.current_key() == "item:crs-accommodation"
    qtbot.keyClick(w, Qt.Key.Key_PageUp)
    qtbot.keyClick(w, Qt.Key.Key_Left)
    assert w.tabs.current_key() == "item:bbr"
    w.presentation.bar.pages.activated.emit(0)
    assert w.tabs.current_key() == "home"
    w.presentation.bar.exit_button.click()
    assert not w.state.presenting
    qtbot.keyClick(w, Qt.Key.Key_Right)                     # arrows do nothing special outside presentation
    assert w.tabs.current_key() == "home"


def test_running_order_defaults_and_persistence(make_window):
    w = make_window()
    default = w.presentation.running_order()
    assert default[0] == "home" and all(not k.startswith("item:") for k in default)
    w.bench.add_to_shortlist("bbr")
    w.bench.add_to_shortlist("tsp")
    assert w.presentation.running_order() == ["item:bbr", "item:tsp"]
    w.presentation.set_running_order(["item:tsp", "home"])
    saved = json.loads((data_dir() / "running_order.json").read_text())
    assert saved["regions"]["london"] == ["item:tsp", "home"]
    w2 = make_window()
    assert w2.presentation.running_order() == ["item:tsp", "home"]


def test_running_order_dialog(qtbot):
    from brochure_app.ui.presentation.running_order_dialog import RunningOrderDialog

    pages = [("home", "Home"), ("item:bbr", "BBR"), ("item:tsp", "TSP"), ("section:toolkit", "Toolkits")]
    dialog = RunningOrderDialog(pages, ["home"], ["item:tsp"])
    qtbot.addWidget(dialog)
    dialog.available.setCurrentRow(1)
    dialog.available.item(1).setSelected(True)
    dialog.add_button.click()
    assert dialog.keys() == ["home", "item:bbr"]
    dialog.order.setCurrentRow(1)
    dialog.move(-1)
    assert dialog.keys() == ["item:bbr", "home"]
    dialog.use_shortlist()
    assert dialog.keys() == ["item:tsp"]
    dialog.remove_selected()
    assert dialog.keys() == []


def test_region_switch_while_presenting_reloads_the_order(make_window):
    w = make_window()
    w.presentation.enter()
    w.set_region("dlnr")
    assert w.state.presenting and w.tabs.current_key() == "home" and "DLNR" in w.tabs.current_view().toPlainText()
    w.presentation.exit()


def test_close_while_presenting_saves_a_normal_window(make_window):
    w = make_window()
    w.presentation.enter()
    w.close()
    assert not w.state.presenting and not w.isFullScreen()
