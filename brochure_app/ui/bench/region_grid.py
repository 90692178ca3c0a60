"""Which interventions each region delivers: items as rows (grouped by kind), the seven regions as columns.

The six HMPPS regions (2022-23) come first with a count of how many offer each item, so the items that differ
between regions stand out (shaded count); the historical DLNR guide (February 2017) is set apart in its own column
with its own colour and a rule before it. Clicking an offered cell (or Enter on it) opens that region's page.
Exports: PNG and PDF, both with the sources of every region.
"""

from __future__ import annotations

import datetime as _dt
import html
from dataclasses import dataclass

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from brochure_app import __version__
from brochure_app.catalogue.catalogue import Catalogue
from brochure_app.domain.taxonomy import KINDS, kind_tab
from brochure_app.ui.common.controls import push_button
from brochure_app.ui.common.flow_layout import FlowLayout
from brochure_app.ui.common.markup import as_text
from brochure_app.ui.printing import paper

OFFERED = ("#cce2d8", "#005a30")
OFFERED_HISTORICAL = ("#fcd6c3", "#6e3619")
NOT_OFFERED = ("#ffffff", "#6f777b")
VARIES = "#fff7bf"
GROUP = "#f3f2f1"
INK = "#0b0c0c"       # text on the light shades above, whatever the theme's text colour (19:1 on them)
TICK, DASH = "✓", "—"
FIRST_REGION_COLUMN = 2


@dataclass(frozen=True)
class GridRow:
    kind: str
    item_id: str
    title: str
    offered: frozenset[str]


@dataclass(frozen=True)
class GridData:
    current: tuple[str, ...]         # HMPPS region ids, brochure order
    historical: tuple[str, ...]      # the historical guide(s), set apart
    groups: tuple[tuple[str, tuple[GridRow, ...]], ...]

    @property
    def regions(self) -> tuple[str, ...]:
        return self.current + self.historical

    def count_text(self, row: GridRow) -> str:
        n = len(row.offered.intersection(self.current))
        total = len(self.current)
        if n == total:
            return f"All {total}"
        if n == 0:
            return "DLNR only" if row.offered else "None"
        return f"{n} of {total}"

    def varies(self, row: GridRow) -> bool:
        return 0 < len(row.offered.intersection(self.current)) < len(self.current)


def grid_data(catalogue: Catalogue) -> GridData:
    current = tuple(r for r, reg in catalogue.regions.items() if not reg.historical)
    historical = tuple(r for r, reg in catalogue.regions.items() if reg.historical)
    seen: dict[str, tuple[str, str]] = {}         # id -> (kind, title), from an HMPPS region first
    order: list[str] = []
    for region in current + historical:
        for item in catalogue.items(region):
            if item.kind == "information":
                continue
            if item.id not in seen:
                seen[item.id] = (item.kind, item.title)
                order.append(item.id)
    groups = []
    for kind in KINDS:
        rows = [GridRow(kind, i, seen[i][1], frozenset(catalogue.regions_offering(i)))
                for i in order if seen[i][0] == kind]
        rows.sort(key=lambda r: -len(r.offered.intersection(current)))    # stable: brochure order within a count
        if rows:
            groups.append((kind, tuple(rows)))
    return GridData(current, historical, tuple(groups))


def _header_label(region) -> str:
    """The region's short name on two balanced lines when it has more than one word (the columns stay narrow at
    large text sizes: 'Greater / Manchester')."""
    name = region.short_name
    words = name.split()
    if len(words) == 1:
        return name
    best = min(range(1, len(words)), key=lambda k: abs(len(" ".join(words[:k])) - len(" ".join(words[k:]))))
    return " ".join(words[:best]) + "\n" + " ".join(words[best:])


class _RuleDelegate(QStyledItemDelegate):
    """Draws a rule before the historical column(s): the DLNR guide set apart from today's regions."""

    def __init__(self, first_historical: int, parent=None):
        super().__init__(parent)
        self.first_historical = first_historical

    def paint(self, painter, option, index):
        super().paint(painter, option, index)
        if index.column() == self.first_historical:
            rect: QRect = option.rect
            painter.fillRect(rect.x(), rect.y(), 4, rect.height(), QColor("#6e3619"))


class RegionGrid(QWidget):
    item_requested = Signal(str, str)      # region id ('' = the best region for it), item id
    status_changed = Signal(str)

    def __init__(self, catalogue: Catalogue, edition: str = "", parent=None):
        super().__init__(parent)
        self.catalogue = catalogue
        self.edition = edition
        self.data = grid_data(catalogue)
        self.setAccessibleName("Region availability grid")
        self._rows: list[GridRow | None] = []     # table row -> item row (None for a group heading)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        legend = QLabel(
            f"<span style='background:{OFFERED[0]}; color:{OFFERED[1]}'>&nbsp;{TICK} offered&nbsp;</span> "
            f"<span style='background:{OFFERED_HISTORICAL[0]}; color:{OFFERED_HISTORICAL[1]}'>&nbsp;{TICK} in the "
            f"historical DLNR guide (Feb 2017)&nbsp;</span> "
            f"<span style='background:{NOT_OFFERED[0]}; color:{NOT_OFFERED[1]}'>&nbsp;{DASH} not in the region's "
            f"brochure&nbsp;</span> "
            f"<span style='background:{VARIES}; color:{INK}'>&nbsp;differs between the HMPPS regions&nbsp;</span>")
        legend.setTextFormat(Qt.TextFormat.RichText)
        legend.setWordWrap(True)
        legend.setAccessibleName("Legend")
        layout.addWidget(legend)
        top = FlowLayout()            # the export buttons: on more lines when the window is narrow (large text)
        self.png_button = push_button("Export PNG…", "Save the grid as a picture", lambda: self._export_dialog("png"),
                                      "Export the grid as a PNG picture", top)
        self.pdf_button = push_button("Export PDF…", "Save the grid, with its sources, as a PDF (Ctrl+E)",
                                      lambda: self._export_dialog("pdf"), "Export the grid as PDF", top)
        layout.addLayout(top)

        self.table = QTableWidget()
        self.table.setAccessibleName("Interventions by region")
        self.table.setAccessibleDescription("Rows are interventions grouped by kind; columns are regions. Arrow keys "
                                            "move; Enter or a click on a ticked cell opens that region's page.")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(True)
        self.table.cellClicked.connect(self.open_cell)
        self.table.horizontalHeader().setAccessibleName("Regions")
        self.table.verticalHeader().setAccessibleName("Interventions")
        self.table.setCornerButtonEnabled(False)
        for corner in self.table.findChildren(QAbstractButton):
            corner.setAccessibleName("Corner")
        first_hist = FIRST_REGION_COLUMN + len(self.data.current)
        self.table.setItemDelegate(_RuleDelegate(first_hist, self.table))
        layout.addWidget(self.table, 1)
        enter = QAction("Open the region's page", self.table)
        enter.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        enter.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        enter.triggered.connect(lambda: self.open_cell(self.table.currentRow(), self.table.currentColumn()))
        self.table.addAction(enter)
        export = QAction("Export grid PDF", self)
        export.setShortcut(QKeySequence("Ctrl+E"))
        export.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        export.triggered.connect(lambda: self._export_dialog("pdf"))
        self.addAction(export)
        self._fill()

    # --- the table -----------------------------------------------------------------------------------------------
    def fit_columns(self) -> None:
        """The region columns as wide as their names' longest line and their cells (at least 96 px), the rows as tall
        as their text: at 200 % the fixed 96 px cut 'North West' to 'orth We'. The table scrolls sideways when they
        do not fit."""
        metrics, cells = self.table.horizontalHeader().fontMetrics(), self.table.fontMetrics()
        widths = []
        for c in range(1, self.table.columnCount()):
            label = self.table.horizontalHeaderItem(c).text()
            texts = [self.table.item(r, c).text() for r in range(self.table.rowCount()) if self.table.item(r, c)]
            widest = max([metrics.horizontalAdvance(line) for line in label.split("\n")]
                         + [cells.horizontalAdvance(text) for text in texts])
            widths.append(max(96, widest + 20))
            self.table.setColumnWidth(c, widths[-1])
        self.table.setMinimumWidth(max(300, 24 * self.table.fontMetrics().averageCharWidth()) + sum(widths))
        self.table.resizeRowsToContents()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name: the window's zoom reaches the table's font
        super().changeEvent(event)
        if event.type() in (event.Type.FontChange, event.Type.StyleChange) and self.table.columnCount():
            self.fit_columns()

    def _fill(self) -> None:
        d, cat = self.data, self.catalogue
        regions = d.regions
        columns = ["Intervention", "HMPPS\nregions"] + [
            _header_label(cat.regions[r]) + ("\n(historical)" if cat.regions[r].historical else "")
            for r in regions]
        rows = sum(1 + len(rs) for _k, rs in d.groups)
        self.table.setColumnCount(len(columns))
        self.table.setRowCount(rows)
        self.table.setHorizontalHeaderLabels(columns)
        for c, r in enumerate(regions, FIRST_REGION_COLUMN):
            region = cat.regions[r]
            self.table.horizontalHeaderItem(c).setToolTip(as_text(f"{region.name} — {region.source.title}"))
        self._rows = []
        row = 0
        for kind, items in d.groups:
            head = QTableWidgetItem(f"{kind_tab(kind)} ({len(items)})")
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            head.setBackground(QBrush(QColor(GROUP)))
            head.setForeground(QBrush(QColor(INK)))
            f = head.font()
            f.setBold(True)
            head.setFont(f)
            self.table.setItem(row, 0, head)
            self.table.setSpan(row, 0, 1, len(columns))
            self._rows.append(None)
            row += 1
            for item in items:
                self._rows.append(item)
                title = QTableWidgetItem(item.title)
                title.setToolTip(as_text(f"{item.title} — click to open it"))
                self.table.setItem(row, 0, title)
                count = QTableWidgetItem(d.count_text(item))
                count.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if d.varies(item):
                    count.setBackground(QBrush(QColor(VARIES)))
                    count.setForeground(QBrush(QColor(INK)))
                    count.setToolTip("Not every HMPPS region offers this")
                self.table.setItem(row, 1, count)
                for c, r in enumerate(regions, FIRST_REGION_COLUMN):
                    self.table.setItem(row, c, self._cell(item, r))
                row += 1
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        for c in range(1, len(columns)):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Fixed)
        self.fit_columns()
        if len(self._rows) > 1:
            self.table.setCurrentCell(1, 0)

    def _cell(self, item: GridRow, region: str) -> QTableWidgetItem:
        reg = self.catalogue.regions[region]
        offered = region in item.offered
        bg, fg = (OFFERED_HISTORICAL if reg.historical else OFFERED) if offered else NOT_OFFERED
        cell = QTableWidgetItem(TICK if offered else DASH)
        cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        cell.setBackground(QBrush(QColor(bg)))
        cell.setForeground(QBrush(QColor(fg)))
        words = (f"{item.title}: in the {reg.name} brochure" + (" (historical guide)" if reg.historical else "")
                 if offered else f"{item.title}: not in the {reg.name} brochure")
        cell.setData(Qt.ItemDataRole.AccessibleTextRole, words)
        cell.setToolTip(as_text(words + (" — click to open" if offered else "")))    # tooltips render markup
        return cell

    def row_of(self, item_id: str) -> int:
        return next((n for n, r in enumerate(self._rows) if r is not None and r.item_id == item_id), -1)

    def column_of(self, region: str) -> int:
        return FIRST_REGION_COLUMN + self.data.regions.index(region)

    def select(self, item_id: str, region: str) -> None:
        """Puts the cursor on the item's row (when it has one) in the region's column."""
        row = self.row_of(item_id)
        if row >= 0:
            self.table.setCurrentCell(row, self.column_of(region))

    def open_cell(self, row: int, column: int) -> None:
        if not 0 <= row < len(self._rows) or self._rows[row] is None:
            return
        item = self._rows[row]
        if column < FIRST_REGION_COLUMN:
            self.item_requested.emit("", item.item_id)
            return
        region = self.data.regions[column - FIRST_REGION_COLUMN]
        if region in item.offered:
            self.item_requested.emit(region, item.item_id)
        else:
            self.status_changed.emit(f"{item.title} is not in the {self.catalogue.regions[region].name} brochure.")

    # --- paper ---------------------------------------------------------------------------------------------------
    def export_html(self) -> tuple[str, str]:
        d, cat = self.data, self.catalogue
        today = _dt.date.today()
        heads = "".join(f"<th width='8%'>{html.escape(_header_label(cat.regions[r])).replace(chr(10), '<br>')}"
                        f"</th>" for r in d.current)
        heads += "<th width='1%'></th>" + "".join(
            f"<th width='9%' bgcolor='{OFFERED_HISTORICAL[0]}'>DLNR<br>{html.escape(cat.regions[r].edition)}<br>"
            f"(historical)</th>" for r in d.historical)
        rows = []
        span = 3 + len(d.regions)
        for kind, items in d.groups:
            rows.append(f"<tr><td colspan='{span}' bgcolor='{GROUP}'><b>{html.escape(kind_tab(kind))}</b> "
                        f"({len(items)})</td></tr>")
            for item in items:
                count = d.count_text(item)
                shade = f" bgcolor='{VARIES}'" if d.varies(item) else ""
                cells = []
                for r in d.current:
                    cells.append(f"<td align='center' bgcolor='{OFFERED[0]}'><font color='{OFFERED[1]}'>{TICK}</font>"
                                 f"</td>" if r in item.offered else
                                 f"<td align='center'><font color='{NOT_OFFERED[1]}'>{DASH}</font></td>")
                cells.append("<td></td>")
                for r in d.historical:
                    cells.append(f"<td align='center' bgcolor='{OFFERED_HISTORICAL[0]}'><font color="
                                 f"'{OFFERED_HISTORICAL[1]}'>{TICK}</font></td>" if r in item.offered else
                                 f"<td align='center'><font color='{NOT_OFFERED[1]}'>{DASH}</font></td>")
                rows.append(f"<tr><td>{html.escape(item.title)}</td><td align='center' nowrap{shade}>{count}</td>"
                            f"{''.join(cells)}</tr>")
        sources = "".join(f"<li><b>{html.escape(cat.regions[r].name)}</b>: {html.escape(cat.regions[r].source.title)}"
                          f", section “{html.escape(cat.regions[r].source.section)}”"
                          f"{' — historical: services have changed since' if cat.regions[r].historical else ''}</li>"
                          for r in d.regions)
        body = (f"<h1>Which regions deliver which interventions</h1>"
                f"<p class='muted'>Printed {today.day} {today:%B %Y} · brochure-app {__version__} · content edition "
                f"{html.escape(self.edition or 'unknown')}</p>"
                f"<p>{TICK} = the region's brochure lists it; {DASH} = it does not. “HMPPS regions” counts the six "
                f"regions of today's brochure; shaded counts differ between them. The DLNR column is a historical "
                f"guide, set apart.</p>"
                f"<table width='100%' cellspacing='0' cellpadding='3'><thead><tr><th align='left'>Intervention</th>"
                f"<th width='9%'>HMPPS regions</th>{heads}</tr></thead>{''.join(rows)}</table>"
                f"<h2>Sources</h2><ul>{sources}</ul>")
        css = ("body { color: #0b0c0c; } h1 { font-size: 15pt; margin: 0; } h2 { font-size: 11pt; }"
               " th { background-color: #f3f2f1; font-size: 7.5pt; } td, th { border: 1px solid #b1b4b6; }"
               " .muted { color: #505a5f; }")
        return body, css

    def export_pdf(self, path) -> int:
        body, css = self.export_html()
        layout = paper.a4_layout()
        doc = paper.make_document(body, css, 8.0, layout)
        return paper.write_pdf(path, doc, layout, "Which regions deliver which interventions",
                               f"Region availability grid · brochure-app {__version__} · content edition "
                               f"{self.edition or 'unknown'}")

    def export_png(self, path) -> None:
        body, css = self.export_html()
        doc = paper.make_document(body, css, 9.0)
        doc.setDocumentMargin(24)
        paper.write_png(path, paper.document_image(doc, 1000, scale=1.5))

    def _export_dialog(self, kind: str) -> None:
        path = paper.ask_save_path(self, f"Export the grid as {kind.upper()}", f"region-grid.{kind}", kind)
        if path is None:
            return
        try:
            if kind == "pdf":
                pages = self.export_pdf(path)
                self.status_changed.emit(f"Saved {path} ({pages} page{'s' if pages != 1 else ''}).")
            else:
                self.export_png(path)
                self.status_changed.emit(f"Saved {path}.")
        except OSError as exc:
            self.status_changed.emit(f"Could not save {path}: {exc.strerror or exc}")
