"""A region switch keeps the reader's place: pages the other region has stay (re-rendered for it), the others close
with a note and can be reopened, marked with their region; other regions' pages open beside the current one."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import _activate


def _london_only_and_shared(catalogue) -> tuple[str, str]:
    dlnr = {i.id for i in catalogue.items("dlnr")}
    london = [i.id for i in catalogue.items("london")]
    return next(i for i in london if i not in dlnr), next(i for i in london if i in dlnr)


def test_switch_keeps_shared_pages_closes_the_others_with_a_note_and_reopens_them(make_window, qtbot, catalogue):
    only, shared = _london_only_and_shared(catalogue)
    w = make_window()
    w.open_page(f"item:{only}", new_tab=True)
    w.open_page(f"item:{shared}", new_tab=True)
    w.set_region("dlnr")
    keys = w.tabs.keys()
    assert f"item:{shared}" in keys and f"item:{only}" not in keys
    assert w.tabs.current_key() == f"item:{shared}"
    assert "DLNR" in w.tabs.current_view().toPlainText() or "Historical" in w.tabs.current_view().toPlainText()
    note = w.statusBar().currentMessage()
    assert note.startswith("Showing DLNR. Closed 1 page") and catalogue.item("london", only).title in note
    _activate(w)
    qtbot.keyClick(w, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert w.region == "dlnr" and w.tabs.current_key() == f"item:{only}@london"
    assert w.tabs.tabText(w.tabs.currentIndex()).startswith("London · ")
    # back to London: its page is London's own again, unmarked
    w.set_region("london")
    assert f"item:{only}" in w.tabs.keys() and f"item:{only}@london" not in w.tabs.keys()
    assert w.statusBar().currentMessage() == ""


def test_a_marked_page_is_shortlisted_in_its_own_region(make_window):
    w = make_window()
    assert w.pages.open("item:covaid", new_tab=True, region="dlnr")
    assert w.region == "london" and w.tabs.current_key() == "item:covaid@dlnr"
    assert w.bench.add_to_shortlist()
    assert w.stores.shortlist.items("dlnr") == ["covaid"] and w.stores.shortlist.items("london") == []


def test_a_switch_does_not_open_the_closed_search_results(make_window):
    w = make_window()
    w.search.box.setText("housing")
    w.search.dock.hide()
    w.set_region("north-east")
    assert not w.search.dock.isVisible()
