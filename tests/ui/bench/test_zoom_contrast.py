"""The sentencing ladder and the bench card's preview draw their own text and colours: they follow the window's zoom
(their text grows with it) and its high-contrast theme (text 4.5:1, lines and controls 3:1, WCAG 2.2 AA, measured on
the rendered picture as tests/ui/access does), live and when opened after the change."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage

from brochure_app.catalogue.ladder import load_ladder
from tests.ui.access import contrast as c

REPO = Path(__file__).resolve().parents[3]
TEXT, LINE = 4.5, 3.0
WIDTH = 960           # the ladder's width in its tool window on a 1024x600 screen


@pytest.fixture
def ladder(qtbot, catalogue):
    from brochure_app.ui.bench.sentencing_ladder import SentencingLadder

    titles = {s.document: (s.title, s.historical) for items in catalogue.region_items.values() for i in items
              for s in i.sources}
    data, problems = load_ladder(REPO / "content" / "ladder.yaml", titles)
    assert problems == []
    widget = SentencingLadder()
    qtbot.addWidget(widget)
    widget.set_ladder(data, [])
    widget.resize(WIDTH, 600)
    return widget


def drawn(ladder) -> tuple[QImage, list]:
    """The whole ladder as painted, and the runs of text that paint drew."""
    ladder.resize(WIDTH, ladder.minimumHeight())
    return c.image_of(ladder), ladder.painted_text()


def box_of(runs, text: str):
    return next(box for words, box in runs if words == text)


@pytest.fixture
def card(qtbot, catalogue):
    from brochure_app.ui.bench.bench_card import BenchCard

    widget = BenchCard(catalogue)
    qtbot.addWidget(widget)
    widget.resize(880, 500)
    widget.set_content("london", ["bbr", "skills-for-relationships"], None, {}, "test")
    return widget


def ink_rows(image: QImage) -> list[int]:
    """The rows of the picture with dark ink in them."""
    values = c.pixels(image)
    width = image.width()
    dark = {p for p in set(values) if c.luminance(QColor.fromRgb(p)) < 0.2}
    return [y for y in range(image.height()) if not dark.isdisjoint(values[y * width:(y + 1) * width])]


def first_line_height(image: QImage) -> int:
    """The height of the sheet's first line of text (its running header), in pixels."""
    rows = ink_rows(image)
    n = 0
    while n + 1 < len(rows) and rows[n + 1] == rows[n] + 1:
        n += 1
    return rows[n] - rows[0] + 1


# --- the ladder ------------------------------------------------------------------------------------------------------
def test_ladder_text_grows_with_the_zoom_and_stays_within_the_window(ladder):
    """At 200 % every run of text is twice as tall; the measures' names go above their bands (beside them the
    columns would be too narrow for a figure) and nothing is drawn past the window's width."""
    _image, at_100 = drawn(ladder)
    assert not ladder.stacked
    ladder.set_zoom(200)
    _image, at_200 = drawn(ladder)
    assert ladder.stacked
    for text in ("What the sources say about seriousness", "Unpaid Work", "40 – 80 hours"):
        assert box_of(at_200, text).height() == pytest.approx(2 * box_of(at_100, text).height(), rel=0.15), text
    assert all(box.right() <= WIDTH for _text, box in at_200)
    ladder.set_zoom(100)
    assert [box for _t, box in drawn(ladder)[1]] == [box for _t, box in at_100]     # back as it was


@pytest.mark.parametrize("zoom", [100, 200])
def test_ladder_in_high_contrast_passes_wcag_aa(ladder, zoom):
    """Every run of text 4.5:1 on what it is painted on; every line (the arrow, the rules under the sources, the
    bands' outlines, the gauges, the chosen band's ring) 3:1 on the ground. The default theme's blue bands have no
    outline (1.3:1 on white for the light one), and its rules were #b1b4b6 (2.1:1): high contrast outlines the bands
    in yellow and draws its lines in white on black."""
    ladder.set_zoom(zoom)
    ladder.set_high_contrast(True)
    image, runs = drawn(ladder)
    text = c.text_boxes(image, runs)
    assert len(text) == len(runs) > 60
    assert c.failures(text, TEXT) == []
    drawn_lines = c.lines(image)
    assert len(drawn_lines) > 20 and {bg.name() for _w, _fg, bg in drawn_lines} == {"#000000"}
    assert c.failures(drawn_lines, LINE) == []
    assert {fg.name() for _w, fg, _bg in drawn_lines} >= {"#ffffff", "#ffff00"}       # the rules, the bands
    ring = QColor("#00ffff")                                   # the chosen band's ring (merged with its outline)
    assert ring.rgb() in c.pixels(image, ladder.band_rect(0, 0).toAlignedRect())
    assert c.ratio(ring, QColor("#000000")) >= LINE


def test_ladder_default_theme_keeps_its_look_and_its_text_passes(ladder):
    """The default theme is the ladder's own blues on white (its text passes too: the least is the high band's
    caption, 4.5:1), and it comes back as it was after high contrast."""
    image, runs = drawn(ladder)
    assert c.dominant(image) == QColor("#ffffff")
    assert c.failures(c.text_boxes(image, runs), TEXT) == []
    high = box_of(runs, "150 – 300 hours")
    assert c.dominant(image, high.toAlignedRect()) == QColor("#1d70b8")      # the high band's blue
    ladder.set_high_contrast(True)
    ladder.set_high_contrast(False)
    assert c.image_of(ladder) == image


# --- the bench card's preview ----------------------------------------------------------------------------------------
def test_bench_card_preview_grows_with_the_zoom(card):
    """The preview is the sheet at the window's text size: at 200 % twice as wide and its text twice as tall."""
    small = card.preview.pixmap().toImage()
    card.set_zoom(200)
    large = card.preview.pixmap().toImage()
    assert large.width() == pytest.approx(2 * small.width(), abs=2)
    assert first_line_height(large) == pytest.approx(2 * first_line_height(small), abs=2)
    card.set_zoom(100)
    assert card.preview.pixmap().toImage() == small


def test_bench_card_preview_in_high_contrast(card):
    """The sheet stays paper (black on white, as it prints) on the theme's black rather than on a grey desk
    (#b1b4b6: 2.1:1 against the sheet); its text 4.5:1, the rules between its items in ink (19.6:1; the printed grey
    is 2.1:1). The thin rules under the running header and above the footer, in the margins, are the print stack's
    (printing/sheet.py) and are drawn as printed."""
    from brochure_app.ui.printing.paper import page_image
    from brochure_app.ui.printing.sheet import INK, body_rect

    def desk():
        shot = c.image_of(card.preview)
        return c.dominant(shot, QRect(0, 0, 6, shot.height()))     # the strip left of the sheet

    def body_lines(sheet=None):
        sheet = card.preview.pixmap().toImage() if sheet is None else sheet
        return c.lines(sheet.convertToFormat(QImage.Format.Format_RGB32), body_rect(card.layout_).toAlignedRect(),
                       shortest=200)

    card.show()
    assert desk() == QColor("#b1b4b6") and c.ratio(desk(), QColor("#ffffff")) < LINE     # the default, unchanged
    assert c.failures(body_lines(), LINE)                                                 # its grey rules
    card.set_high_contrast(True)
    assert c.ratio(desk(), QColor("#ffffff")) >= LINE
    doc = card.document(preview=True)[0]
    assert c.failures(c.document_runs(doc, INK, QColor("#1d70b8"), QColor("#ffffff")), TEXT) == []
    rules = body_lines()
    assert len(rules) >= 2 and c.failures(rules, LINE) == []
    assert c.failures(body_lines(page_image(card.document()[0], card.layout_)), LINE)   # print keeps its grey


# --- live, and when opened after the change --------------------------------------------------------------------------
def test_ladder_and_bench_card_follow_the_window_live_and_when_opened(make_window):
    w = make_window()
    w.bench.show_ladder()
    ladder = w.bench.ladder
    assert ladder.scale == 1.0 and not w.state.high_contrast
    w.action("pages.zoom_in").trigger()
    w.action("pages.zoom_in").trigger()
    assert ladder.scale == pytest.approx(1.2)                          # live
    w.set_high_contrast(True)
    assert ladder.colours.paper == "#000000"
    w.bench.show_bench_card()                                          # made after both changes
    card = w.bench.bench_card
    assert card.zoom == 120 and card.high_contrast
    w.action("pages.zoom_reset").trigger()
    w.set_high_contrast(False)
    assert ladder.scale == 1.0 and ladder.colours.paper == "#ffffff"
    assert card.zoom == 100 and not card.high_contrast
    w.bench.ladder_window.close()
    w.bench.bench_window.close()
