"""The region availability grid (part 3) and the sentencing ladder (part 4)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt

from brochure_app.catalogue.ladder import load_ladder
from brochure_app.ui.bench.region_grid import DASH, FIRST_REGION_COLUMN, TICK, grid_data
from tests.ui.conftest import _activate

REPO = Path(__file__).resolve().parents[3]


# --- region grid ---------------------------------------------------------------------------------------------------
def test_grid_model_seven_regions_kinds_grouped_dlnr_apart(catalogue):
    data = grid_data(catalogue)
    assert data.current == ("north-west", "north-east", "london", "kent-surrey-sussex", "greater-manchester",
                            "east-of-england")
    assert data.historical == ("dlnr",)
    kinds = [k for k, _rows in data.groups]
    assert "information" not in kinds and kinds[0] == "accredited-programme"
    rows = {r.item_id: r for _k, rs in data.groups for r in rs}
    assert data.count_text(rows["bbr"]) == "All 6" and "dlnr" in rows["bbr"].offered
    assert data.count_text(rows["covaid"]) == "DLNR only"
    assert data.count_text(rows["positive-pathways"]) == "1 of 6" and data.varies(rows["positive-pathways"])
    accredited = [r.item_id for r in dict(data.groups)["accredited-programme"]]
    assert accredited.index("covaid") > accredited.index("sexual-offending-programmes")   # DLNR-only after


def test_grid_table_cells_and_click_opens_that_regions_page(make_window, qtbot):
    w = make_window()
    qtbot.keyClick(w, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert w.bench.grid_window.isVisible()
    grid = w.bench.grid
    table = grid.table
    assert table.columnCount() == FIRST_REGION_COLUMN + 7
    assert "historical" in table.horizontalHeaderItem(table.columnCount() - 1).text()
    row = grid.row_of("bbr")
    col = grid.column_of("dlnr")
    assert table.item(row, col).text() == TICK
    assert table.item(grid.row_of("covaid"), grid.column_of("london")).text() == DASH
    with qtbot.waitSignal(grid.item_requested) as blocker:
        rect = table.visualItemRect(table.item(row, col))
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["dlnr", "bbr"]
    assert w.region == "london" and w.tabs.current_key() == "item:bbr@dlnr"      # DLNR's page, marked
    assert "Historical" in w.tabs.current_view().toPlainText()


def test_grid_keyboard_enter_and_not_offered_cell(make_window, qtbot):
    w = make_window()
    w.bench.show_grid()
    _activate(w.bench.grid_window)
    table = w.bench.grid.table
    table.setFocus()
    table.setCurrentCell(w.bench.grid.row_of("positive-pathways"), w.bench.grid.column_of("north-east"))
    with qtbot.waitSignal(w.bench.grid.status_changed) as blocker:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert "not in the North East brochure" in blocker.args[0]
    assert "not in the North East" in w.bench.grid_window.status.text()
    table.setCurrentCell(w.bench.grid.row_of("positive-pathways"), w.bench.grid.column_of("london"))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert w.region == "london" and w.tabs.current_key() == "item:positive-pathways"


def test_grid_opens_on_the_current_page(make_window):
    w = make_window()
    w.open_page("item:crs-accommodation", new_tab=True)
    w.bench.show_grid()
    assert w.bench.grid.table.currentRow() == w.bench.grid.row_of("crs-accommodation")
    assert w.bench.grid.table.currentColumn() == w.bench.grid.column_of("london")
    w.bench.grid_window.close()


def test_grid_exports_png_and_pdf_with_sources(make_window, tmp_path):
    w = make_window()
    body, _css = w.bench.grid.export_html()
    for region in w.catalogue.regions.values():
        assert region.source.title in body and region.source.section.replace("–", "–") in body
    assert "historical" in body
    png, pdf = tmp_path / "grid.png", tmp_path / "grid.pdf"
    w.bench.grid.export_png(png)
    w.bench.grid.export_pdf(pdf)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and pdf.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["grid.pdf", "grid.png"]


# --- sentencing ladder ---------------------------------------------------------------------------------------------
def _sources(catalogue):
    out = {}
    for items in catalogue.region_items.values():
        for item in items:
            for s in item.sources:
                out[s.document] = (s.title, s.historical)
    return out


def test_ladder_file_has_exactly_the_sources_figures(catalogue):
    ladder, problems = load_ladder(REPO / "content" / "ladder.yaml", _sources(catalogue))
    assert problems == [] and ladder is not None
    measures = {m.id: m for m in ladder.measures}
    assert [b.text for b in measures["unpaid-work-hmpps"].bands] == ["40 – 80 hours", "80 – 150 hours",
                                                                     "150 – 300 hours"]
    assert [(b.min, b.max) for b in measures["unpaid-work-dlnr"].bands] == [(40, 80), (80, 150), (150, 300)]
    assert [b.text for b in measures["curfew-dlnr"].bands] == ["A few weeks", "Two to three months",
                                                               "Four to 12 months"]
    assert [(b.min, b.max) for b in measures["rar-days-dlnr"].bands] == [(10, 20), (15, 35), (20, 60)]
    assert [(b.min, b.max) for b in measures["rar-order-dlnr"].bands] == [(6, 12), (9, 18), (12, 36)]
    sac = measures["sac-dlnr"].bands
    assert len(sac) == 1 and sac[0].spans and "12, 24 or 36 hours" in sac[0].text
    for m in ladder.measures:
        for band in m.bands:
            assert band.source.document and band.source.section and band.source.title
            numbers = re.findall(r"\d+", band.text)
            assert all(n in band.says for n in numbers), (m.id, band.text)
    assert not measures["unpaid-work-hmpps"].historical and measures["curfew-dlnr"].historical


def test_ladder_quotes_are_in_the_source_documents(catalogue, seeds):
    ladder, _problems = load_ladder(REPO / "content" / "ladder.yaml", _sources(catalogue))
    for m in ladder.measures:
        for quoted in [(b.says, b.source) for b in m.bands] + ([(m.note.says, m.note.source)] if m.note else []):
            says, source = quoted
            text = " ".join((seeds / source.document).read_text(encoding="utf-8").split())
            assert " ".join(says.split()) in text and source.section in text


@pytest.mark.parametrize("broken, expected", [
    ("measures: [\n", "invalid YAML"),
    ("measures: []\n", "non-empty list"),
    ("measures:\n  - id: x\n    label: X\n    bands:\n      - {level: huge, text: t, says: s,"
     " source: {document: 002_dc0e4aaf1e59e6f0.txt, section: S}}\n", "level"),
    ("measures:\n  - id: x\n    label: X\n    bands:\n      - {level: low, text: t, says: s}\n", "names its source"),
    ("measures:\n  - id: x\n    label: X\n    bands:\n      - {level: low, text: t, says: s,"
     " source: {document: nope.txt, section: S}}\n", "not one of the sources"),
    ("measures:\n  - id: x\n    label: X\n    scale: {min: 0, max: 10}\n    bands:\n      - {level: low, text: t,"
     " says: s, min: 5, max: 50, source: {document: 002_dc0e4aaf1e59e6f0.txt, section: S}}\n", "scale"),
    ("a: &x 1\nb: *x\n", "not allowed"),
])
def test_bad_ladder_files_give_located_problems(tmp_path, catalogue, broken, expected):
    path = tmp_path / "content" / "ladder.yaml"
    path.parent.mkdir()
    path.write_text(broken, encoding="utf-8")
    ladder, problems = load_ladder(path, _sources(catalogue))
    assert ladder is None and problems and expected in " ".join(problems)
    assert re.match(r"content/ladder\.yaml:\d+: ", problems[0])


def test_broken_ladder_shows_problems_not_a_crash(make_window, content_copy):
    from brochure_app.catalogue import load

    (content_copy / "content" / "ladder.yaml").write_text("measures: {not: a list}\n", encoding="utf-8")
    w = make_window(cat=load(content_copy))
    assert w.banner.isHidden()                 # read only when first shown: nothing slows the first paint
    w.bench.show_ladder()
    assert w.bench.ladder.ladder is None and "measures" in w.bench.ladder.text()
    assert "sentencing ladder could not be loaded" in w.banner.label.text() and not w.banner.isHidden()
    w.bench.ladder.repaint()                      # paints the problems instead of bands
    assert not w.bench.ladder.grab().isNull()
    w.bench.ladder_window.close()


def test_ladder_keyboard_and_mouse(make_window, qtbot):
    w = make_window()
    qtbot.keyClick(w, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert w.bench.ladder_window.isVisible()
    _activate(w.bench.ladder_window)
    ladder = w.bench.ladder
    ladder.setFocus()
    with qtbot.waitSignal(ladder.detail_changed) as blocker:
        qtbot.keyClick(ladder, Qt.Key.Key_Right)
    assert "Unpaid Work, medium seriousness: 80 – 150 hours" in blocker.args[0]
    assert "HMPPS Brochure of Probation Interventions (2022-23), section “Unpaid Work”" in blocker.args[0]
    assert "80 – 150 hours" in w.bench.ladder_window.status.text()
    qtbot.keyClick(ladder, Qt.Key.Key_Down)
    measure, band = ladder.current_band()
    assert measure.id == "unpaid-work-dlnr" and band.levels == ("medium",)
    assert "Sentencing ladder: Unpaid Work" in ladder.accessibleName()
    with qtbot.waitSignal(ladder.item_requested) as blocker:
        qtbot.keyClick(ladder, Qt.Key.Key_Return)
    assert blocker.args == ["unpaid-work", True]
    assert w.region == "london" and w.tabs.current_key() == "item:unpaid-work@dlnr"
    # the mouse: the RAR high band opens the DLNR RAR page
    index = next(n for n, m in enumerate(ladder.ladder.measures) if m.id == "rar-days-dlnr")
    rect = ladder.band_rect(index, 2)
    with qtbot.waitSignal(ladder.item_requested) as blocker:
        qtbot.mouseClick(ladder, Qt.MouseButton.LeftButton, pos=QPoint(int(rect.center().x()),
                                                                        int(rect.center().y())))
    assert blocker.args == ["rar", True] and ladder.current == (index, 2)
    assert w.tabs.current_key() == "item:rar@dlnr"
    w.bench.ladder_window.close()


def test_ladder_hmpps_band_opens_the_current_hmpps_region(make_window, qtbot):
    w = make_window(region="north-east")
    assert w.bench.load_ladder()
    w.bench.ladder.select(0, 0)
    w.bench.ladder.activate()
    assert w.region == "north-east" and w.tabs.current_key() == "item:unpaid-work"


def test_ladder_refuses_links_out_and_special_files(tmp_path, catalogue):
    import os

    content = tmp_path / "content"
    content.mkdir()
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text((REPO / "content" / "ladder.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (content / "ladder.yaml").symlink_to(outside)
    ladder, problems = load_ladder(content / "ladder.yaml", _sources(catalogue))
    assert ladder is None and "leaves the content folder" in problems[0]
    (content / "ladder.yaml").unlink()
    os.mkfifo(content / "ladder.yaml")
    ladder, problems = load_ladder(content / "ladder.yaml", _sources(catalogue))
    assert ladder is None and "not a regular file" in problems[0]
    (content / "ladder.yaml").unlink()
    assert "not found" in load_ladder(content / "ladder.yaml", _sources(catalogue))[1][0]


def test_the_chosen_band_is_scrolled_into_view(make_window, qtbot):
    """In a window smaller than the ladder (large text, a small screen) the arrow keys and End bring the chosen band
    into view: the choice had gone out of sight below."""
    w = make_window()
    w.action("bench.ladder").trigger()
    window, ladder = w.bench.ladder_window, w.bench.ladder
    window.resize(700, 360)
    qtbot.waitUntil(lambda: window.isVisible() and ladder.height() > window.height())
    ladder.setFocus()
    qtbot.keyClick(ladder, Qt.Key.Key_End)
    last = len(ladder.ladder.measures) - 1
    rect = ladder.band_rect(last, len(ladder.ladder.measures[last].bands) - 1)
    viewport = ladder.parentWidget()
    shown = QRect(ladder.mapTo(viewport, rect.topLeft().toPoint()), rect.size().toSize())
    assert viewport.rect().contains(shown)
    window.close()


def test_grid_columns_hold_their_names_and_cells_at_large_text(qtbot, catalogue):
    """At 200 % the region columns grow to their names' longest line and their cells ('orth We' was shown for North
    West in a fixed 96 px); the table scrolls sideways instead."""
    from brochure_app.ui.bench.region_grid import RegionGrid

    grid = RegionGrid(catalogue)
    qtbot.addWidget(grid)
    font = grid.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    grid.setFont(font)
    table = grid.table
    header, cells = table.horizontalHeader().fontMetrics(), table.fontMetrics()
    for c in range(1, table.columnCount()):
        label = table.horizontalHeaderItem(c).text()
        texts = [table.item(r, c).text() for r in range(table.rowCount()) if table.item(r, c)]
        needed = max([header.horizontalAdvance(line) for line in label.split("\n")]
                     + [cells.horizontalAdvance(t) for t in texts])
        assert table.columnWidth(c) >= needed, label
    assert "\n" in table.horizontalHeaderItem(2).text()          # North / West: two lines, a narrower column
