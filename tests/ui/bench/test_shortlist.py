"""Shortlist dock, local notes and the bench card (issue 10, part 2)."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from brochure_app.advisor import Profile
from brochure_app.userdata.atomic import data_dir
from tests.ui.conftest import _activate


def _shortlist_file() -> dict:
    return json.loads((data_dir() / "shortlist.json").read_text())


def test_ctrl_d_adds_the_page_and_shows_the_dock(make_window, qtbot):
    w = make_window()
    assert not w.action("bench.shortlist_add").isEnabled()          # home page: nothing to add
    w.open_page("item:bbr", new_tab=True)
    assert w.action("bench.shortlist_add").isEnabled()
    qtbot.keyClick(w, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert w.bench.shortlist.ids() == ["bbr"] and w.bench.dock.isVisible()
    assert _shortlist_file()["regions"] == {"london": ["bbr"]}
    qtbot.keyClick(w, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)   # twice: still once
    assert w.bench.shortlist.ids() == ["bbr"] and "already" in w.statusBar().currentMessage()


def test_shortlist_survives_a_restart_and_is_per_region(make_window):
    w = make_window()
    for item in ("bbr", "tsp", "crs-accommodation"):
        assert w.bench.add_to_shortlist(item)
    w.close()
    w2 = make_window()
    assert w2.bench.shortlist.ids() == ["bbr", "tsp", "crs-accommodation"]
    assert w2.bench.shortlist.list.count() == 3
    w2.set_region("dlnr")
    assert w2.bench.shortlist.ids() == [] and "Nothing shortlisted" in w2.bench.shortlist.heading.text()
    w2.set_region("london")
    assert w2.bench.shortlist.list.count() == 3


def test_keyboard_remove_reorder_open(make_window, qtbot):
    w = make_window()
    for item in ("bbr", "tsp", "crs-accommodation"):
        w.bench.add_to_shortlist(item)
    lst = w.bench.shortlist.list
    lst.setFocus()
    lst.setCurrentRow(2)
    qtbot.keyClick(lst, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert w.bench.shortlist.ids() == ["bbr", "crs-accommodation", "tsp"]
    assert w.stores.shortlist.items("london") == ["bbr", "crs-accommodation", "tsp"]
    lst.setCurrentRow(0)
    qtbot.keyClick(lst, Qt.Key.Key_Delete)
    assert w.bench.shortlist.ids() == ["crs-accommodation", "tsp"]
    lst.setCurrentRow(1)
    qtbot.keyClick(lst, Qt.Key.Key_Return)
    assert w.tabs.current_key() == "item:tsp"


def test_clear_needs_confirmation(make_window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    w = make_window()
    w.bench.add_to_shortlist("bbr")
    asked = []

    def answer(button):
        def exec_(box):
            asked.append((box.textFormat(), box.text()))
            return button
        return exec_

    monkeypatch.setattr(QMessageBox, "exec", answer(QMessageBox.StandardButton.No))
    w.bench.shortlist.clear_button.click()
    assert w.bench.shortlist.ids() == ["bbr"]
    assert asked[0][0] == Qt.TextFormat.PlainText and "London" in asked[0][1]    # the region's name as text
    monkeypatch.setattr(QMessageBox, "exec", answer(QMessageBox.StandardButton.Yes))
    w.bench.shortlist.clear_button.click()
    assert w.bench.shortlist.ids() == [] and _shortlist_file()["regions"] == {}


def test_local_notes_saved_when_typing_pauses(make_window, qtbot):
    w = make_window()
    w.bench.add_to_shortlist("bbr")
    w.bench.add_to_shortlist("tsp")
    w.bench.shortlist.list.setCurrentRow(0)
    editor = w.bench.shortlist.note_edit
    editor.setFocus()
    qtbot.keyClicks(editor, "Court contact: room 4")
    qtbot.waitUntil(lambda: w.stores.notes.get("london", "bbr") == "Court contact: room 4", timeout=3000)
    saved = json.loads((data_dir() / "notes.json").read_text())
    assert saved["notes"] == {"london": {"bbr": "Court contact: room 4"}}
    assert "✎" in w.bench.shortlist.list.item(0).text()
    w.bench.shortlist.list.setCurrentRow(1)                       # switching item shows that item's (empty) note
    assert editor.toPlainText() == ""
    w.bench.shortlist.list.setCurrentRow(0)
    assert editor.toPlainText() == "Court contact: room 4"


def test_bench_card_one_page_with_profile_region_edition_and_sources(make_window, qtbot, tmp_path):
    w = make_window()
    for item in ("bbr", "skills-for-relationships", "choices-and-changes", "unpaid-work"):
        w.bench.add_to_shortlist(item)
    w.stores.notes.set("london", "bbr", "Waiting list 6 weeks")
    w.advisor.wizard.set_profile(Profile(needs=frozenset({"domestic-abuse"}), sex="female", age=30))
    qtbot.keyClick(w, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert w.bench.bench_window.isVisible()
    card = w.bench.bench_card
    doc, points, fits = card.document()
    assert fits and doc.pageCount() == 1 and points >= 7
    text = doc.toPlainText()
    assert "Bench card — London" in text and "source edition 2022-23" in text and "content edition test" in text
    assert "Building Better Relationships (BBR)" in text and "29 (24 group and 5 individual sessions)" in text
    assert "HMPPS Brochure of Probation Interventions (2022-23), section “Accredited programmes – London”" in text
    assert "sex: female" in text and "Ruled out" in text and "Suitable" not in text and "For males only" in text
    assert "Waiting list" not in text                       # notes only when ticked
    card.use_notes.setChecked(True)
    assert "Waiting list 6 weeks" in card.document()[0].toPlainText()
    card.use_profile.setChecked(False)
    assert "No decision-aid answers used" in card.document()[0].toPlainText()
    out = tmp_path / "card.pdf"
    assert card.export_pdf(out) == 1
    assert out.read_bytes().startswith(b"%PDF") and out.stat().st_size > 5000
    assert [p.name for p in tmp_path.iterdir()] == ["card.pdf"]


def test_bench_card_follows_the_wizard_while_open(make_window):
    w = make_window()
    w.bench.add_to_shortlist("bbr")
    w.bench.show_bench_card()
    assert "No decision-aid answers" in w.bench.bench_card.document()[0].toPlainText()
    w.advisor.wizard.sex.setCurrentIndex(w.advisor.wizard.sex.findData("male"))
    assert "sex: male" in w.bench.bench_card.document()[0].toPlainText()
    w.bench.bench_window.close()


def test_bench_card_historical_region_says_so(make_window):
    w = make_window(region="dlnr")
    w.bench.add_to_shortlist("covaid")
    w.bench.show_bench_card()
    text = w.bench.bench_card.document()[0].toPlainText()
    assert "Historical guide (February 2017)" in text and "DLNR CRC Probation Service Guide" in text


def test_shortlist_controls_have_accessible_names(make_window):
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QPlainTextEdit

    w = make_window()
    w.bench.add_to_shortlist("bbr")
    w.bench.show_bench_card()
    for host in (w.bench.shortlist, w.bench.bench_card):
        widgets = host.findChildren(QAbstractButton) + host.findChildren(QAbstractItemView) \
            + host.findChildren(QPlainTextEdit)
        assert [type(x).__name__ for x in widgets if not x.accessibleName()] == []
    _activate(w)


def test_unwritable_data_folder_keeps_the_change_and_says_so(make_window, monkeypatch):
    w = make_window()

    def refuse(*_a, **_k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("brochure_app.userdata.store.write_json", refuse)
    assert w.bench.add_to_shortlist("bbr")
    assert w.bench.shortlist.ids() == ["bbr"] and "could not be saved" in w.statusBar().currentMessage()
    w.bench.shortlist.list.setCurrentRow(0)
    w.bench.shortlist.note_edit.setPlainText("note")
    assert not w.bench.shortlist.flush_note() and "could not be saved" in w.statusBar().currentMessage()
    w.advisor.presets.save("Nope")
    assert "could not be saved" in w.statusBar().currentMessage()


def test_the_window_shows_what_another_process_saved_when_it_is_activated(make_window):
    """The command line (or a window on another machine) adds to the shortlist: the window shows it once activated."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from brochure_app.userdata.shortlist import Shortlist

    w = make_window()
    w.bench.add_to_shortlist("bbr")
    Shortlist().add("london", "tsp")              # as `brochure-app` in another process would
    assert w.bench.shortlist.ids() == ["bbr"]
    _activate(w)
    QApplication.sendEvent(w, QEvent(QEvent.Type.ActivationChange))
    assert w.bench.shortlist.ids() == ["bbr", "tsp"] and w.bench.shortlist.list.count() == 2
