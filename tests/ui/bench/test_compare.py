"""Compare 2-4 items side by side (issue 10, part 1), and the item actions on links and search results."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from brochure_app.advisor import Profile
from brochure_app.render import facts
from brochure_app.ui.bench.compare_view import VERDICT_ROW, compare_rows
from tests.ui.conftest import _activate


def _row(view, label):
    return next(r for r in view.rows() if r.label == label)


def test_add_pages_with_the_keyboard_then_compare(make_window, qtbot):
    w = make_window()
    w.open_page("item:bbr", new_tab=True)
    qtbot.keyClick(w, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert w.bench.compare.entries() == [("london", "bbr")] and not w.bench.compare_window.isVisible()
    w.open_page("item:skills-for-relationships", new_tab=True)
    qtbot.keyClick(w, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert w.bench.compare_window.isVisible()
    table = w.bench.compare.table
    assert table.columnCount() == 2
    assert "Building Better Relationships (BBR)" in table.horizontalHeaderItem(0).text()
    w.bench.compare_window.close()


def test_rows_carry_the_page_figures_and_mark_differences(catalogue):
    rows = {r.label: r for r in compare_rows(catalogue, [("london", "bbr"), ("dlnr", "bbr")], None)}
    assert set(rows) >= {"Kind", "Need areas", "Who it is for", "Who it is not for", "Sessions", "Hours and length",
                         "Format", "Minimum order", "Regions offering it", VERDICT_ROW, "Sources"}
    london, dlnr = catalogue.item("london", "bbr"), catalogue.item("dlnr", "bbr")
    assert rows["Sessions"].cells[0].startswith(str(london.delivery.sessions))
    for label, value, _says in facts.who_for(dlnr.eligibility):
        assert f"{label}: {value}" in rows["Who it is for"].cells[1]
    assert rows["Minimum order"].cells == ("Not stated in the source", "12 months or more")
    assert rows["Minimum order"].differs and not rows["Kind"].differs
    assert "DLNR (historical)" in rows["Regions offering it"].cells[0]
    assert "Historical material" in rows["Sources"].cells[1]


def test_table_highlights_differences_and_shows_the_wizard_verdict(make_window):
    w = make_window()
    w.bench.compare_items([("london", "bbr"), ("london", "skills-for-relationships"), ("london", "stepping-stones")])
    view = w.bench.compare
    table = view.table
    labels = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
    assert "≠ Kind" in labels and "Who it is not for" in labels           # same for all three: not marked
    kind_row = labels.index("≠ Kind")
    assert table.item(kind_row, 0).background().color().name() == "#fff7bf"
    assert "No answers in the decision aid" in _row(view, VERDICT_ROW).cells[0]
    w.advisor.wizard.set_profile(Profile(sex="female", age=30))
    verdict = _row(view, VERDICT_ROW)
    assert verdict.cells[0].startswith("Ruled out") and "male" in verdict.cells[0].lower()
    row = labels.index("≠ " + VERDICT_ROW) if "≠ " + VERDICT_ROW in labels else len(labels) - 2
    assert table.item(row, 0).background().color().name() == "#f4cdc6"
    w.bench.compare_window.close()


def test_remove_open_and_limits_by_keyboard(make_window, qtbot):
    w = make_window()
    w.bench.compare_items([("london", "bbr"), ("london", "tsp")])
    view = w.bench.compare
    for extra in ("crs-accommodation", "unpaid-work"):
        view.add("london", extra)
    assert "up to 4" in view.add("london", "moving-on")
    assert "already" in view.add("london", "bbr")
    _activate(w.bench.compare_window)
    view.table.setFocus()
    view.table.setCurrentCell(0, 1)
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert [i for _r, i in view.entries()] == ["bbr", "crs-accommodation", "unpaid-work"]
    view.table.setCurrentCell(2, 0)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert w.tabs.current_key() == "item:bbr"
    w.bench.compare_window.close()


def test_picker_adds_by_typed_title(make_window, qtbot):
    w = make_window()
    w.bench.show_compare()
    view = w.bench.compare
    assert "Add 2 to 4" in view.hint.text()
    view.picker.setFocus()
    qtbot.keyClicks(view.picker.lineEdit(), "Moving On")
    qtbot.keyClick(view.picker.lineEdit(), Qt.Key.Key_Return)
    assert view.entries() == [("london", "moving-on")]
    view.picker.lineEdit().setText("no such thing")
    view.add_button.click()
    assert view.entries() == [("london", "moving-on")]
    w.bench.compare_window.close()


def test_compare_across_regions_and_switching_region_keeps_columns(make_window):
    w = make_window()
    w.bench.compare_items([("london", "bbr"), ("dlnr", "bbr")])
    assert "DLNR" in w.bench.compare.table.horizontalHeaderItem(1).text()
    w.set_region("north-east")
    assert len(w.bench.compare.entries()) == 2
    assert w.bench.compare.picker.findData("stepwise-emotions") >= 0        # the picker follows the region
    w.bench.compare_window.close()


def test_print_document_and_pdf(make_window, tmp_path):
    w = make_window()
    w.advisor.wizard.set_profile(Profile(sex="male"))
    w.bench.compare_items([("london", "bbr"), ("london", "tsp")])
    doc = w.bench.compare.print_document()
    text = doc.toPlainText()
    assert "Comparison of interventions" in text and "sex: male" in text and "≠" in text
    assert "HMPPS Brochure of Probation Interventions (2022-23)" in text
    out = tmp_path / "compare.pdf"
    assert w.bench.compare.export_pdf(out) >= 1 and out.read_bytes().startswith(b"%PDF")
    w.bench.compare_window.close()


def test_link_context_menu_offers_shortlist_and_compare(make_window):
    w = make_window()
    w.open_page("section:accredited-programme")
    view = w.tabs.current_view()
    assert view.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
    cursor = view.document().find("Building Better Relationships")
    rect = view.cursorRect(cursor)
    menu = w.pages.page_menu(view, QPoint(rect.center().x() - 4, rect.center().y()))
    texts = [a.text() for a in menu.actions()]
    assert "Add to shortlist" in texts and "Add to comparison" in texts
    next(a for a in menu.actions() if a.text() == "Add to shortlist").trigger()
    assert w.bench.shortlist.ids() == ["bbr"]
    next(a for a in menu.actions() if a.text() == "Add to comparison").trigger()
    assert w.bench.compare.entries() == [("london", "bbr")]


def test_wizard_and_search_items_menu(make_window):
    w = make_window()
    menu = w.item_menu("covaid", "dlnr")
    next(a for a in menu.actions() if a.text() == "Add to shortlist").trigger()
    assert w.stores.shortlist.items("dlnr") == ["covaid"] and w.bench.shortlist.ids() == []     # stays in London
    next(a for a in menu.actions() if a.text().startswith("Open")).trigger()
    # Another region's page opens beside London's, in a tab marked with its region; the app stays in London.
    assert w.region == "london" and w.tabs.current_key() == "item:covaid@dlnr"
    assert w.tabs.tabText(w.tabs.currentIndex()).startswith("DLNR · ")
    assert w.bench.shortlist.ids() == []
    _activate(w)


def test_compare_controls_have_accessible_names(make_window):
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QComboBox

    w = make_window()
    w.bench.compare_items([("london", "bbr"), ("london", "tsp")])
    widgets = w.bench.compare.findChildren(QAbstractButton) + w.bench.compare.findChildren(QComboBox) \
        + w.bench.compare.findChildren(QAbstractItemView)
    assert [type(x).__name__ for x in widgets if not x.accessibleName() and x.isVisible()] == []
    assert w.bench.compare_window.close_button.accessibleName()
    w.bench.compare_window.close()
