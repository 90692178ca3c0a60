"""The window with content that is slow to lay out or has two files with one id (issue 18)."""

from __future__ import annotations

import time

from brochure_app.catalogue import load
from tests import factory


def test_a_page_over_the_render_budget_shows_as_plain_text_without_holding_the_window(make_window, tmp_path,
                                                                                    monkeypatch):
    from tests.test_render_budget import _spin_on

    root = factory.tree(tmp_path)
    factory.page(root, "alpha", factory.item("alpha"), body="SLOW *text* with [a link](item:beta).\n")
    window = make_window(cat=load(root))
    _spin_on("SLOW", monkeypatch)
    started = time.perf_counter()
    assert window.open_page("item:alpha", new_tab=True)
    assert time.perf_counter() - started < 3.0   # the page converts for ever: the window waits its budget only
    text = window.tabs.current_view().toPlainText()
    assert "Shown as plain text." in text and "SLOW *text* with [a link](item:beta)." in text
    assert window.open_page("item:beta", new_tab=True)
    assert "Shown as plain text." not in window.tabs.current_view().toPlainText()


def test_a_duplicate_id_is_a_missing_page_and_the_banner_says_so(make_window, tmp_path):
    root = factory.tree(tmp_path)
    factory.page(root, "alpha-copy", factory.item("alpha", title="Stray copy"), folder="copy")
    window = make_window(cat=load(root))
    banner = window.banner.label.text()
    assert not window.banner.isHidden()
    assert "alpha-copy.md" in banner and "test/alpha.md" in banner and "the page is missing" in banner
    assert "unknown item" not in banner
    assert not window.open_page("item:alpha", new_tab=True)
    assert "no such page" in window.statusBar().currentMessage()


def test_the_page_lights_words_that_start_with_a_search_term_not_words_that_hide_one(qtbot):
    from brochure_app.ui.pages.page_view import PageView

    view = PageView("")
    qtbot.addWidget(view)
    view.show_page("item:x", "X", "<p>Drinkers and drink-driving; uncontrolled anger; Control matters.</p>")
    assert view.highlight_words(["drink", "control"]) == 3          # Drinkers, drink(-driving), Control
    lit = sorted(s.cursor.selectedText().lower() for s in view.extraSelections())
    assert lit == ["control", "drink", "drink"]
