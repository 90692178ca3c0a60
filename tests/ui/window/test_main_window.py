"""The desktop app with pytest-qt: regions, tabs, history, wizard, zoom, persistence, banner, screenshot."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl

from brochure_app.advisor import CHECK, UNSUITABLE


def test_region_picker_lists_seven_regions_dlnr_historical(qtbot, catalogue):
    from brochure_app.ui.window.region_picker import RegionPicker

    picker = RegionPicker([(r.id, r.name, r.historical, r.edition) for r in catalogue.regions.values()])
    qtbot.addWidget(picker)
    texts = [picker.list.item(i).text() for i in range(picker.list.count())]
    assert len(texts) == 7
    assert [t for t in texts if "historical guide, February 2017" in t] == [texts[-1]]
    picker.list.setCurrentRow(2)
    assert picker.selected_region() == "london"


def test_region_opens_home_and_sections(make_window, catalogue):
    w = make_window()
    keys = w.tabs.keys()
    assert keys[0] == "home" and "section:accredited-programme" in keys and "section:toolkit" in keys
    assert w.tabs.currentIndex() == 0
    assert "London" in w.tabs.current_view().toPlainText()
    assert f"{len(catalogue.items('london'))} pages" in w.status_label.text()


def test_item_links_open_new_tabs_close_and_reopen(make_window, qtbot):
    w = make_window()
    start = w.tabs.count()
    w.tabs.current_view().link_activated.emit("item:bbr", True)
    assert w.tabs.count() == start + 1 and w.tabs.current_key() == "item:bbr"
    text = w.tabs.current_view().toPlainText()
    assert "24 group and 5 individual sessions" in text and "Sources" in text
    qtbot.keyClick(w, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert w.tabs.count() == start and "item:bbr" not in w.tabs.keys()
    qtbot.keyClick(w, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert w.tabs.current_key() == "item:bbr"


def test_anchor_click_routes_app_links_and_refuses_others(make_window, qtbot):
    w = make_window()
    view = w.tabs.current_view()
    with qtbot.waitSignal(view.link_activated) as blocker:
        view.anchorClicked.emit(QUrl("item:tsp"))
    assert blocker.args == ["item:tsp", False]
    with qtbot.waitSignal(view.external_link_refused):
        view.anchorClicked.emit(QUrl("javascript:alert(1)"))
    with qtbot.waitSignal(view.external_link_refused):
        view.anchorClicked.emit(QUrl("file:///etc/passwd"))


def test_tabs_reorder(make_window):
    w = make_window()
    before = w.tabs.keys()
    w.tabs.tabBar().moveTab(1, 2)
    after = w.tabs.keys()
    assert after[1] == before[2] and after[2] == before[1]


def test_history_back_and_forward(make_window, qtbot):
    w = make_window()
    w.open_page("item:bbr", new_tab=False)
    assert w.tabs.current_key() == "item:bbr"
    qtbot.keyClick(w, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert w.tabs.current_key() == "home"
    qtbot.keyClick(w, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert w.tabs.current_key() == "item:bbr"


def test_switching_region_keeps_place_when_page_exists(make_window):
    w = make_window()
    w.open_page("item:bbr", new_tab=True)
    w.region_box.setCurrentIndex(w.region_box.findData("dlnr"))
    assert w.region == "dlnr" and w.tabs.current_key() == "item:bbr"
    assert "Historical" in w.tabs.current_view().toPlainText()
    assert "30" in w.tabs.current_view().toPlainText()


def test_wizard_need_and_sex_flip_bbr(make_window, qtbot):
    w = make_window()
    wiz = w.advisor.wizard
    with qtbot.waitSignal(w.advisor.updated) as blocker:
        wiz.need_boxes["domestic-abuse"].setChecked(True)
    ids = [r.item.id for r in blocker.args[0]]
    assert "bbr" in ids and all("domestic-abuse" in r.item.need_areas for r in blocker.args[0])
    wiz.circumstances["ipv-offence"].buttons["yes"].click()
    wiz.age.setValue(30)
    with qtbot.waitSignal(w.advisor.updated) as blocker:
        wiz.sex.setCurrentIndex(wiz.sex.findData("female"))
    bbr = next(r for r in blocker.args[0] if r.item.id == "bbr")
    assert bbr.verdict == UNSUITABLE and "male" in bbr.reasons[0].lower()
    assert "Ruled out by the source" in wiz.results.toPlainText()
    with qtbot.waitSignal(w.advisor.updated) as blocker:
        wiz.reset_button.click()
    assert not wiz.profile().needs and wiz.sex.currentData() is None and not wiz.profile().flags
    bbr = next(r for r in blocker.args[0] if r.item.id == "bbr")
    assert bbr.verdict == CHECK


def test_wizard_click_opens_item(make_window, qtbot):
    w = make_window()
    w.advisor.wizard.results.anchorClicked.emit(QUrl("item:bbr"))
    assert w.tabs.current_key() == "item:bbr"


def test_wizard_toggle_f9(make_window, qtbot):
    w = make_window()
    w.show()
    qtbot.waitExposed(w)
    visible = w.advisor.dock.isVisible()
    w.action("advisor.toggle").trigger()
    assert w.advisor.dock.isVisible() != visible


def test_zoom_shortcuts(make_window, qtbot):
    w = make_window()
    view = w.tabs.current_view()
    size = view.font().pointSizeF()
    qtbot.keyClick(w, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert w.tabs.zoom == 1 and view.font().pointSizeF() > size
    qtbot.keyClick(w, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert w.tabs.zoom == 0 and view.font().pointSizeF() == size


def test_zoom_outlives_a_change_of_theme(make_window):
    """High contrast chosen or left at 200 % keeps the panels' text at 200 % (each set the whole application style
    sheet, and the theme's dropped the zoom's font size)."""
    w = make_window()
    w.finish_startup()
    box = w.search.box
    size = box.font().pointSizeF()
    w.pages.zoom(+10)                         # ten steps of 10 %: 200 %
    zoomed = box.font().pointSizeF()
    assert zoomed >= 1.9 * size
    w.set_high_contrast(True)
    assert box.font().pointSizeF() == zoomed
    w.set_high_contrast(False)
    assert box.font().pointSizeF() == zoomed
    w.pages.zoom(None)
    assert box.font().pointSizeF() == size


def test_find_in_page(make_window):
    w = make_window()
    assert w.pages.find("Foreword")
    assert not w.pages.find("no such words anywhere")


def test_state_persists_across_windows(make_window):
    w = make_window()
    w.open_page("item:bbr", new_tab=True)
    w.pages.zoom(+2)
    w.save_state()
    w2 = make_window(region=None)
    w2.restore_state(w2.settings.value("region"))
    assert w2.region == "london" and "item:bbr" in w2.tabs.keys() and w2.tabs.zoom == 2


def test_broken_content_shows_banner_not_crash(make_window, content_copy):
    from brochure_app.catalogue import load

    page = next((content_copy / "content" / "pages").rglob("bbr.md"))
    page.write_text("---\nid: [\n---\n", encoding="utf-8")
    w = make_window(cat=load(content_copy))
    assert not w.banner.isHidden() and "bbr.md" in w.banner.label.text()
    assert w.tabs.count() > 3
    w.banner.close_button.click()
    assert w.banner.isHidden()


def test_every_control_has_an_accessible_name(make_window):
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QSpinBox, QTextBrowser

    w = make_window()
    unnamed = [type(c).__name__ + ":" + (getattr(c, "text", lambda: "")() or "")
               for cls in (QComboBox, QLineEdit, QSpinBox, QTextBrowser) for c in w.findChildren(cls)
               if not c.accessibleName() and c.isVisibleTo(w) and not isinstance(c.parent(), QSpinBox)]
    buttons = [b for b in w.findChildren(QAbstractButton) if b.isVisibleTo(w)]
    unnamed += [b.text() for b in buttons if not (b.accessibleName() or b.text())]
    assert unnamed == []


def test_screenshot_command(tmp_path):
    from brochure_app.cli import main

    shot = tmp_path / "shot.png"
    assert main(["gui", "--region", "london", "--screenshot", str(shot)]) == 0
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20000


def test_decision_aid_is_built_after_the_first_paint(make_window, qtbot):
    w = make_window()
    assert w.advisor.built is False          # the first paint does not wait for it
    with qtbot.waitSignal(w.advisor.updated) as blocker:
        w.advisor.build()
    assert blocker.args[0] and w.advisor.built and w.advisor.wizard.results.toPlainText()


def test_switching_region_renders_only_what_is_shown(make_window, monkeypatch):
    """Closing the old region's tabs makes each in turn current: none of their unrendered pages may be rendered on
    the way out (a region switch used to render every section page of the region being left)."""
    window = make_window(region="london")
    rendered = []
    real = window.pages.page_html
    monkeypatch.setattr(window.pages, "page_html", lambda key: rendered.append((window.region, key)) or real(key))
    window.set_region("north-east")
    assert rendered == [("north-east", "home")]
    window.tabs.setCurrentIndex(1)
    assert rendered[-1] == ("north-east", window.tabs.current_key())
    assert window.tabs.current_view().toPlainText()


def test_a_window_made_before_its_content_lists_the_regions_without_opening_one(qtbot, catalogue):
    """A cold start makes the window while the content loads; filling the region box must not switch to its first
    region (which rendered that region's pages before the chosen one was opened)."""
    from brochure_app.ui.window.main_window import MainWindow
    from brochure_app.ui.window.settings import open_settings

    settings, _warning = open_settings()
    window = MainWindow(lambda: catalogue, settings, edition="test")
    qtbot.addWidget(window)
    window.show_content_problems()
    assert window.region_box.count() == len(catalogue.regions)
    assert window.region == "" and window.tabs.count() == 0
    window.set_region("kent-surrey-sussex")
    assert window.region_box.currentData() == "kent-surrey-sussex" and window.tabs.current_key() == "home"


def test_the_app_names_its_windows_for_the_desktop_and_gives_them_its_icon(qapp):
    from brochure_app.ui.app import APP_ID, ICON_SIZES, set_window_icon

    set_window_icon(qapp)
    icon = qapp.windowIcon()
    assert not icon.isNull()
    assert {s.width() for s in icon.availableSizes()} >= set(ICON_SIZES) or icon.name() == APP_ID
    spec = (Path(__file__).resolve().parents[3] / "packaging" / "brochure_app.spec").read_text(encoding="utf-8")
    assert f'APP_ID = "{APP_ID}"' in spec         # the desktop entry's name is the app id the window gives
