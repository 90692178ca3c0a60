"""Presentation mode (part 5), saved wizard presets (part 6) and the File ▸ Export PDF menu."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from brochure_app.advisor import Profile
from brochure_app.advisor.presets import profile_from_dict, suggest_name
from brochure_app.userdata.atomic import data_dir
from tests.ui.conftest import _activate


# --- presentation mode ---------------------------------------------------------------------------------------------
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


# --- presets -------------------------------------------------------------------------------------------------------
def test_save_and_apply_preset_in_one_click(make_window, qtbot):
    w = make_window()
    wiz = w.advisor.wizard
    wiz.set_profile(Profile(needs=frozenset({"accommodation"}), sex="female", age=35))
    assert suggest_name("London", wiz.profile()) == "London · women · age 35 · accommodation"
    w.advisor.presets.save("London · women · accommodation")
    assert w.advisor.preset_bar.names() == ["London · women · accommodation"]
    saved = json.loads((data_dir() / "presets.json").read_text())["presets"][0]
    assert saved["region"] == "london" and saved["profile"]["sex"] == "female"
    wiz.reset()
    w.set_region("north-east")
    chip = w.advisor.preset_bar.chips.item(0)
    with qtbot.waitSignal(w.advisor.updated):
        rect = w.advisor.preset_bar.chips.visualItemRect(chip)
        qtbot.mouseClick(w.advisor.preset_bar.chips.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert w.region == "london"
    profile = wiz.profile()
    assert profile.sex == "female" and profile.age == 35 and profile.needs == {"accommodation"}
    assert wiz.need_boxes["accommodation"].isChecked()


def test_presets_menu_shortcuts_and_restart(make_window, qtbot):
    w = make_window()
    w.advisor.wizard.set_profile(Profile(needs=frozenset({"maturity"}), age=19))
    w.advisor.presets.save("Young adults")
    w.advisor.wizard.set_profile(Profile(needs=frozenset({"alcohol"})))
    w.advisor.presets.save("Alcohol")
    texts = [a.text() for a in w.advisor.presets.menu.actions()]
    assert "Young adults" in texts and "Alcohol" in texts
    w.advisor.wizard.reset()
    _activate(w)
    qtbot.keyClick(w, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert w.advisor.wizard.profile().age == 19
    qtbot.keyClick(w, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert w.advisor.wizard.profile().needs == {"alcohol"} and w.advisor.wizard.profile().age is None
    w2 = make_window()
    assert w2.advisor.preset_bar.names() == ["Young adults", "Alcohol"]


def test_preset_rename_delete_and_replace(make_window, monkeypatch):
    from brochure_app.ui.advisor import presets

    w = make_window()
    w.advisor.wizard.set_profile(Profile(sex="male"))
    w.advisor.presets.save("Men")
    monkeypatch.setattr(presets, "ask_text", lambda *a, **k: ("Adult men", True))
    w.advisor.presets.rename_dialog("Men")
    assert w.advisor.preset_bar.names() == ["Adult men"]
    w.advisor.wizard.set_profile(Profile(sex="female"))
    w.advisor.presets.save("adult MEN")                    # same name, any case: replaced in place
    assert w.stores.presets.find("Adult men").profile["sex"] == "female"
    w.advisor.presets.delete_dialog("adult men", confirm=False)
    assert w.advisor.preset_bar.names() == [] and not w.advisor.preset_bar.chips.isVisible()


def test_preset_with_values_the_app_no_longer_knows(make_window):
    profile, left_out = profile_from_dict({"needs": ["alcohol", "gambling"], "sex": "other", "age": 300,
                                           "flags": ["homeless"]})
    assert profile == Profile(needs=frozenset({"alcohol"}), flags=frozenset({"homeless"}))
    assert sorted(left_out) == ["age 300", "need 'gambling'", "sex 'other'"]
    (data_dir()).mkdir(parents=True, exist_ok=True)
    (data_dir() / "presets.json").write_text(json.dumps({"presets": [
        {"name": "Old", "profile": {"needs": ["alcohol", "gambling"]}}, "junk"]}))
    w = make_window()
    assert w.advisor.preset_bar.names() == ["Old"] and "Saved data" in w.banner.label.text()
    assert w.advisor.presets.apply("Old") and "gambling" in w.statusBar().currentMessage()
    assert w.advisor.wizard.profile().needs == {"alcohol"}


# --- File ▸ Export PDF (the brochure PDF on a worker thread) --------------------------------------------------------
def test_export_current_page_pdf_in_the_background(make_window, qtbot, tmp_path):
    w = make_window()
    w.open_page("item:tsp", new_tab=True)
    out = tmp_path / "tsp.pdf"
    job = w.printing.export_pdf("page", out)
    assert job is not None
    with qtbot.waitSignal(job.done, timeout=60000) as blocker:
        pass
    assert blocker.args[0].path == out and blocker.args[0].pages >= 1
    assert out.read_bytes().startswith(b"%PDF")
    qtbot.waitUntil(lambda: not job.running(), timeout=10000)
    assert "Saved" in w.statusBar().currentMessage()
    file_menu = w.menuBar().actions()[0]   # held: PySide 6.9 drops a menu() reached from a temporary action
    texts = [a.text() for a in file_menu.menu().actions()]
    assert "Export PDF" in texts and "Bench card…" in texts


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


def test_export_website_from_the_window_in_the_background(make_window, qtbot, tmp_path):
    w = make_window()
    out = tmp_path / "site"
    job = w.printing.export_website(out)
    with qtbot.waitSignal(job.done, timeout=120000) as blocker:
        pass
    assert blocker.args[0].pages > 10 and (out / "index.html").is_file()
    assert "Saved the website" in w.statusBar().currentMessage()
    file_menu = w.menuBar().actions()[0]   # held: PySide 6.9 drops a menu() reached from a temporary action
    texts = [a.text() for a in file_menu.menu().actions()]
    assert "Export website…" in texts
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("a person's file", encoding="utf-8")
    job = w.printing.export_website(tmp_path / "mine")
    with qtbot.waitSignal(job.failed, timeout=60000) as blocker:
        pass
    assert blocker.args[0].startswith("The website could not be made") and "not empty" in blocker.args[0]
    assert (tmp_path / "mine" / "notes.txt").read_text(encoding="utf-8") == "a person's file"
