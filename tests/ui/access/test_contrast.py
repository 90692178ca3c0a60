"""High contrast passes WCAG 2.2 AA in the views a person reads (4.5:1 text, 3:1 controls): each view is rendered,
and the colours it paints its text and controls with are measured against the backgrounds they are painted on."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
)

from tests.ui.access import contrast as c

TEXT, CONTROL = 4.5, 3.0


def sample_results():
    from brochure_app.search.model import SearchHit, SearchResults

    hits = (SearchHit("bbr", "Building Better Relationships", "accredited-programme", ("london", "kss"), 3.0,
                      "work on <b>housing</b> and relationships"),
            SearchHit("covaid", "CoVAID", "structured-intervention", ("dlnr",), 2.0, "anger <b>housing</b>", True))
    return SearchResults("housing", None, hits)


@pytest.fixture
def views(make_window, qtbot):
    """The window with an item page, the decision aid with results, search results (a row selected), the shortlist
    and a tool window, all shown."""
    def make(high_contrast: bool):
        w = make_window()
        w.finish_startup()
        w.set_high_contrast(high_contrast)
        highlight = QApplication.palette().color(QPalette.ColorRole.Highlight)
        qtbot.waitUntil(lambda: w.palette().color(QPalette.ColorRole.Highlight) == highlight)   # a posted change
        w.pages.open("item:bbr", new_tab=True)
        w.advisor.wizard.need_boxes["domestic-abuse"].setChecked(True)
        w.search.dock.show()
        w.search.show_results(sample_results())
        w.bench.shortlist.add("bbr", "london")
        w.bench.shortlist.add("tsp", "london")
        w.bench.shortlist.list.setCurrentRow(0)
        w.bench.dock.show()
        w.bench.show_grid()
        qtbot.waitUntil(lambda: w.bench.grid_window.isVisible() and w.bench.dock.isVisible())
        return w

    return make


def _search_rows(results) -> list:
    """The rows' text over the row's background as painted (the first row is selected)."""
    image = c.image_of(results.viewport())
    pairs = []
    for row in range(results.count()):
        label = results.itemWidget(results.item(row))
        pairs += c.label_pairs(label, c.dominant(image, label.geometry()))
    return pairs


def _indicator_contrast(button) -> float:
    """The strongest contrast of an unticked check box's or radio button's indicator against what is around it."""
    option = QStyleOptionButton()
    option.initFrom(button)
    element = (QStyle.SubElement.SE_CheckBoxIndicator if isinstance(button, QCheckBox)
               else QStyle.SubElement.SE_RadioButtonIndicator)
    rect = button.style().subElementRect(element, option, button)
    image = c.image_of(button)
    return c.strongest(image, c.dominant(image), rect)


@pytest.mark.parametrize("high_contrast", [True, False], ids=["high-contrast", "default"])
def test_text_and_controls_meet_wcag_aa(views, high_contrast):
    """Every run of text 4.5:1 on what it is painted on; in both themes every icon button (the tabs' close buttons
    among them: 1.5:1 in the default theme before) and every unticked check box and radio button 3:1 (the decision
    aid's were 1.0:1 in high contrast and 1.7:1 else; those outside it 1.65:1 in the default theme)."""
    w = views(high_contrast)
    wizard = w.advisor.wizard
    widgets = c.widget_pairs(w, (QLabel, QAbstractButton, QLineEdit)) + c.widget_pairs(w.bench.grid_window,
                                                                                        (QLabel, QAbstractButton))
    text = {
        "page": c.document_pairs(w.tabs.current_view()),
        "decision aid results": c.document_pairs(wizard.results),
        "search results": _search_rows(w.search.panel.list),
        "shortlist": c.list_rows(w.bench.shortlist.list),
        "region grid": c.table_cells(w.bench.grid.table),
        "labels and buttons": [p for p in widgets if not p[0].startswith("icon:")],
    }
    icons = [p for p in widgets if p[0].startswith("icon:")]
    unticked = [b for b in (*wizard.need_boxes.values(), *wizard.findChildren(QRadioButton)) if not b.isChecked()]
    elsewhere = [b for root in (w, w.bench.grid_window) for kind in (QCheckBox, QRadioButton)
                 for b in root.findChildren(kind)
                 if b.isVisible() and not b.isChecked() and not wizard.isAncestorOf(b)]
    indicators = {b.text() or b.accessibleName(): _indicator_contrast(b) for b in unticked[:8] + elsewhere}
    assert {k: c.failures(v, TEXT) for k, v in text.items() if c.failures(v, TEXT)} == {}
    assert {name: round(r, 2) for name, r in indicators.items() if r < CONTROL} == {}
    assert c.failures(icons, CONTROL) == []


def test_paper_stays_black_on_white_in_high_contrast(views):
    """The bench card's preview and every printed or exported sheet are paper: their plain text stays dark when the
    app's palette turns white for high contrast (it was white on white: 1.0:1)."""
    from brochure_app.ui.printing.paper import document_image
    from brochure_app.ui.printing.sheet import make_document

    views(True)
    doc = make_document("<p>Plain text with <a href='item:bbr'>a link</a></p>", "")
    image = document_image(doc, 300)
    assert c.strongest(image, QColor("#ffffff")) >= TEXT


def test_disabled_back_and_forward_look_disabled_in_high_contrast(views):
    """Disabled Back and Forward were drawn like Home; now in grey with a dashed border, readable (8.6:1) and plainly
    unlike the white text of the buttons that work."""
    w = views(True)
    bar = w.toolbar
    buttons = {name: bar.widgetForAction(w.action(f"pages.{name}")) for name in ("back", "forward", "home")}
    assert not buttons["back"].isEnabled() and buttons["home"].isEnabled()

    def text_colour(button):
        image = c.image_of(button)
        inside = image.rect().adjusted(6, 6, -6, -6)
        background = c.dominant(image)
        return max((QColor.fromRgb(p) for p in set(c.pixels(image, inside))), key=lambda p: c.ratio(p, background))

    enabled, background = text_colour(buttons["home"]), c.dominant(c.image_of(buttons["home"]))
    for name in ("back", "forward"):
        colour = text_colour(buttons[name])
        assert c.ratio(colour, background) >= TEXT and c.ratio(colour, enabled) >= 2.0, (name, colour.name())
