"""Court laptops (issue 20): the window, its panels, dialogs and tool windows on 1024x600, 1280x720 and 1366x768
screens, at actual size and at 200 %; what a person sees: sizes, characters a line, text sizes.

The offscreen platform has one screen of its own size, so each laptop's available geometry is given to the fitting
functions (window/screen_fit.py, common/fit.py); one window is shared by the sizes (the suite's time)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect

LAPTOPS = ((1024, 600), (1280, 720), (1366, 768))
TOOLS = {"bench.compare": "compare_window", "bench.card": "bench_window", "bench.grid": "grid_window",
         "bench.ladder": "ladder_window"}


def longest_line(view) -> int:
    """The most characters on one laid-out line of the page (its width in characters, as read)."""
    most, block = 0, view.document().begin()
    while block.isValid():
        layout = block.layout()
        for i in range(layout.lineCount() if layout else 0):
            most = max(most, layout.lineAt(i).textLength())
        block = block.next()
    return most


def text_top(view, text: str) -> int:
    """Where the page shows text (its first occurrence), in the view's coordinates."""
    cursor = view.document().find(text)
    assert not cursor.isNull(), text
    return view.cursorRect(cursor).top()


def fit_to(qtbot, w, avail: QRect) -> None:
    """The window as the start-up places it on a screen whose available geometry is avail (a first run: no saved
    geometry), laid out, with the docks given way."""
    from brochure_app.ui.window.screen_fit import place_first_window

    w.showNormal()
    assert place_first_window(w, restored=False, avail=avail) == (avail.width() <= 1440)
    w.setGeometry(avail)          # what maximising does (the offscreen platform's screen is its own size)
    qtbot.waitUntil(lambda: w.size() == avail.size())
    w.dock_fit.arrange()
    qtbot.waitUntil(lambda: w.tabs.current_view().viewport().width() > 0)


@pytest.fixture
def laptop_window(make_window, qtbot):
    w = make_window()
    w.finish_startup()
    w.dock_fit.start()
    w.open_page("item:bbr", new_tab=True)
    return w


def test_each_laptop_screen_fits_the_window_with_a_readable_page_and_the_decision_aid(laptop_window, qtbot):
    w = laptop_window
    view = w.tabs.current_view()
    for width, height in LAPTOPS:
        for dock in (w.search.dock, w.bench.dock, w.advisor.dock):     # every panel opened, the decision aid last
            dock.hide()
            dock.show()
        avail = QRect(0, 0, width, height - 32)        # a desktop panel takes 32 px
        fit_to(qtbot, w, avail)
        assert avail.contains(w.geometry()), (width, height)
        qtbot.waitUntil(lambda: longest_line(view) >= 60)       # noqa: B023 - the page's width in characters
        # the decision aid, shown last, stays beside the page; the other panels gave way
        assert w.advisor.dock.isVisible() and not w.advisor.dock.isFloating(), (width, height)
        assert not w.search.dock.isVisible() and not w.bench.dock.isVisible(), (width, height)
        # the toolbar's buttons are all in view (none behind the extension button)
        for name in ("bench.shortlist", "bench.compare", "printing.print"):
            button = w.toolbar_button(name)
            qtbot.waitUntil(button.isVisible)          # the toolbar lays itself out after the resize
            assert button.parentWidget().rect().contains(button.geometry()), (width, height, name)


def test_at_200_percent_every_text_doubles_the_page_keeps_60_characters_and_its_table_stacks(laptop_window, qtbot):
    w = laptop_window
    view = w.tabs.current_view()
    fit_to(qtbot, w, QRect(0, 0, 1366, 768))
    lead = view.document().find("An accredited group programme").charFormat().fontPointSize()
    heading = view.document().find("Building Better Relationships").charFormat().fontPointSize()
    panels = {"status bar": w.status_label, "search box": w.search.box, "tab bar": w.tabs.tabBar(),
              "decision aid": w.advisor.wizard, "toolbar": w.toolbar_button("pages.home")}
    before = {name: widget.font().pointSizeF() for name, widget in panels.items()}
    body = view.font().pointSizeF()
    assert text_top(view, "Who it is not for") == text_top(view, "Who it is for")     # side by side when wide
    assert w.statusBar().isVisible() and w.pages.zoom_label.text() == "100 %"

    for _ in range(10):
        w.action("pages.zoom_in").trigger()
    assert w.pages.zoom_label.text() == "200 %" and w.pages.zoom_label.isVisible()
    assert view.font().pointSizeF() == pytest.approx(2 * body, abs=0.1)
    assert view.document().find("An accredited group programme").charFormat().fontPointSize() == 2 * lead
    assert view.document().find("Building Better Relationships").charFormat().fontPointSize() == 2 * heading
    for name, widget in panels.items():
        assert widget.font().pointSizeF() == pytest.approx(2 * before[name], abs=0.1), name
    for width, height in LAPTOPS:
        fit_to(qtbot, w, QRect(0, 0, width, height))
        qtbot.waitUntil(lambda: longest_line(view) >= 60)       # noqa: B023
        assert w.advisor.dock.isVisible()              # beside the page, or a drawer over it
        for name in ("pages.home", "advisor.toggle", "bench.shortlist", "bench.compare", "printing.print"):
            button = w.toolbar_button(name)            # every button in view: the tools' row wraps below if need be
            qtbot.waitUntil(button.isVisible)
            assert button.parentWidget().rect().contains(button.geometry()), (width, height, name)
        # narrow: "who it is not for" below "who it is for", not beside it
        assert text_top(view, "Who it is not for") > text_top(view, "Who it is for") + 50, (width, height)
    # 250 % on the smallest screen: the window stays within it (the status bar's lines give way), and the decision
    # aid's drawer within the window, its questions and results as two tabs, each with the whole height
    wizard = w.advisor.wizard
    for _ in range(5):
        w.action("pages.zoom_in").trigger()
    assert w.pages.zoom_label.text() == "250 %"
    fit_to(qtbot, w, QRect(0, 0, 1024, 600))
    assert w.minimumSizeHint().width() <= 1024
    qtbot.waitUntil(lambda: wizard.compact and wizard.tabs.isVisible())
    dock = w.advisor.dock
    assert w.geometry().contains(dock.geometry().translated(w.geometry().topLeft()) if not dock.isFloating()
                                 else dock.frameGeometry())
    wizard.set_profile(wizard.profile().__class__(needs=frozenset({"domestic-abuse"})))
    assert wizard.tabs.tabText(1) == f"&Results ({len(wizard._shown[0])})"
    wizard.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: wizard.results.isVisible())
    summary = wizard.summary
    assert summary.height() <= 5 * summary.fontMetrics().lineSpacing()      # its lines, not six for four
    assert wizard.results.height() >= summary.height()
    w.advisor.panel_key()                                   # F9: the questions' tab and the first need
    qtbot.waitUntil(lambda: wizard.tabs.currentIndex() == 0)
    # the questions fit the drawer's width (the circumstances' answers below their names): no sideways scrolling
    qtbot.waitUntil(lambda: not wizard.form_scroll.horizontalScrollBar().isVisible())
    # the drawer follows the page down when the toolbar grows (high contrast's bordered buttons), not over it
    assert dock.isFloating()
    page = w.pages.widget
    dock.hide()
    w.set_high_contrast(True)
    w.advisor.panel_key()
    qtbot.waitUntil(dock.isVisible)
    qtbot.waitUntil(lambda: dock.geometry().top() == page.mapToGlobal(page.rect().topLeft()).y())
    w.set_high_contrast(False)
    w.action("pages.zoom_reset").trigger()
    assert w.pages.zoom_label.text() == "100 %" and view.font().pointSizeF() == pytest.approx(body)
    assert w.status_label.font().pointSizeF() == pytest.approx(before["status bar"])
    fit_to(qtbot, w, QRect(0, 0, 1366, 768))
    qtbot.waitUntil(lambda: not wizard.compact and wizard.splitter.isVisible())


def test_tool_windows_and_dialogs_fit_each_laptop_screen(laptop_window, qtbot):
    from brochure_app.ui.common.fit import ask_text, fit_dialog
    from brochure_app.ui.window.region_picker import RegionPicker

    w = laptop_window
    screen = w.screen().availableGeometry()
    opened = []
    for name, window in TOOLS.items():
        w.action(name).trigger()
        tool = getattr(w.bench, window)
        qtbot.waitUntil(tool.isVisible)
        opened.append(tool)
        # on this test screen (the offscreen platform's) as opened
        assert tool.width() <= screen.width() and tool.height() <= screen.height(), name
    for width, height in LAPTOPS:
        avail = QRect(0, 0, width, height)
        for tool in opened:
            tool.fit_to_screen(avail)
            assert tool.width() <= width and tool.height() <= height - 32, (tool.windowTitle(), width, height)
            # smaller than its content: it scrolls inside instead of running off the screen
            assert tool.minimumSizeHint().width() <= width and tool.minimumSizeHint().height() <= height
    for tool in opened:
        tool.close()

    picker = RegionPicker([(r.id, r.name, r.historical, r.edition) for r in w.catalogue.regions.values()])
    qtbot.addWidget(picker)
    for width, height in LAPTOPS:
        fit_dialog(picker, picker.width(), picker.height(), QRect(0, 0, width, height))
        assert picker.width() <= width and picker.height() <= height
    picker.show()
    qtbot.waitExposed(picker)
    dlnr = next(picker.list.item(i) for i in range(picker.list.count()) if "DLNR" in picker.list.item(i).text())
    shown = picker.list.visualItemRect(dlnr)
    assert picker.list.viewport().rect().contains(shown)                 # the whole name, no sideways scrolling
    assert not picker.list.horizontalScrollBar().isVisible()
    picker.close()

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit

    suggested = "North West — men, 35, domestic abuse, SARA medium, IPV offence"
    seen = {}

    def look():
        dialog = next(d for d in QApplication.topLevelWidgets() if isinstance(d, QInputDialog) and d.isVisible())
        edit = dialog.findChild(QLineEdit)
        seen["fits"] = edit.fontMetrics().horizontalAdvance(suggested) < edit.contentsRect().width()
        seen["size"] = dialog.size()
        dialog.reject()

    QTimer.singleShot(0, look)
    ask_text(w, "Save answers as preset", "Name of the preset:", suggested)
    assert seen["fits"], "the suggested name is cut off"
    assert seen["size"].width() <= screen.width()


def test_a_saved_geometry_larger_than_the_screen_is_brought_within_it(make_window):
    from brochure_app.ui.window.screen_fit import place_first_window

    w = make_window()
    avail = QRect(0, 0, 1024, 600)
    w.setGeometry(QRect(300, 200, 1600, 1000))        # saved on a large monitor
    assert place_first_window(w, restored=True, avail=avail) is False
    assert avail.contains(w.geometry()) and w.width() == 1024
    inside = QRect(50, 40, 900, 500)
    w.setGeometry(inside)
    place_first_window(w, restored=True, avail=avail)
    assert w.geometry() == inside                      # a geometry that fits is kept as it was
