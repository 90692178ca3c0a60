"""Compare 2-4 interventions side by side: one column per item, one row per fact; rows that differ are marked.

Facts come from the same structured content as the item pages (render.facts), so a figure here never differs from
the page. The verdict row is the decision aid's answer for its current profile. Printable (landscape A4) and
exportable as a PDF.
"""

from __future__ import annotations

import datetime as _dt
import html
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from brochure_app import __version__
from brochure_app.advisor import CHECK, SUITABLE, UNSUITABLE, VERDICT_SHORT, Profile, evaluate
from brochure_app.catalogue.catalogue import Catalogue
from brochure_app.domain.models import Item
from brochure_app.domain.taxonomy import NEEDS, kind_label
from brochure_app.render import facts
from brochure_app.ui.common.controls import push_button
from brochure_app.ui.common.flow_layout import FlowLayout
from brochure_app.ui.common.theme import mute
from brochure_app.ui.printing import paper

MAX_ITEMS = 4
DIFF_BG, DIFF_FG = "#fff7bf", "#0b0c0c"
# Colours and the short words of the decision aid's verdicts (never "Suitable": see advisor.VERDICT_WORDS).
VERDICT_COLOURS = {SUITABLE: ("#cce2d8", "#005a30", VERDICT_SHORT[SUITABLE]),
                   CHECK: ("#fff7bf", "#594d00", VERDICT_SHORT[CHECK]),
                   UNSUITABLE: ("#f4cdc6", "#942514", VERDICT_SHORT[UNSUITABLE])}
NOT_STATED = "Not stated in the source"
VERDICT_ROW = "Verdict (decision aid)"


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[str, ...]
    differs: bool
    verdicts: tuple[str, ...] = ()     # only on the verdict row


def _who_for(item: Item) -> str:
    lines = [f"{label}: {value}" for label, value, _says in facts.who_for(item.eligibility)]
    return "\n".join(lines) or NOT_STATED


def _who_not_for(item: Item) -> str:
    lines = [label for label, _value, _says in facts.who_not_for(item.eligibility)]
    return "\n".join(lines) or "No exclusions stated in the source"


def _sessions(item: Item) -> str:
    d = item.delivery
    if d.sessions is not None:
        return str(d.sessions) + (f" ({d.sessions_detail})" if d.sessions_detail else "")
    return d.sessions_detail or NOT_STATED


def _hours(item: Item) -> str:
    d = item.delivery
    parts = []
    if d.session_length:
        parts.append(f"Session length: {d.session_length}")
    if d.total_hours is not None:
        parts.append(f"Total: {d.total_hours:g} hours")
    if d.duration:
        parts.append(d.duration)
    return "\n".join(parts) or NOT_STATED


def _min_order(item: Item) -> str:
    crits = item.eligibility.order_months
    if not crits:
        return NOT_STATED
    return "\n".join(c.describe(" months") + (f" ({c.only_for_sex}s)" if c.only_for_sex else "") for c in crits)


def compare_rows(catalogue: Catalogue, entries: list[tuple[str, str]], profile: Profile | None) -> list[Row]:
    """The comparison as plain rows (also what is printed)."""
    items = [catalogue.item(r, i) for r, i in entries]
    regions = catalogue.regions
    rows: list[tuple[str, list[str]]] = [
        ("Kind", [kind_label(i.kind) for i in items]),
        ("Need areas", [", ".join(NEEDS[n][0] for n in i.need_areas) or "None stated" for i in items]),
        ("Who it is for", [_who_for(i) for i in items]),
        ("Who it is not for", [_who_not_for(i) for i in items]),
        ("Also to confirm in person", ["\n".join(i.eligibility.notes) or "—" for i in items]),
        ("Sessions", [_sessions(i) for i in items]),
        ("Hours and length", [_hours(i) for i in items]),
        ("Format", [", ".join(f.replace("-", " ") for f in i.delivery.format) or NOT_STATED for i in items]),
        ("Minimum order", [_min_order(i) for i in items]),
        ("Regions offering it", [", ".join(regions[r].short_name + (" (historical)" if regions[r].historical else "")
                                           for r in catalogue.regions_offering(i.id)) for i in items]),
    ]
    out = [Row(label, tuple(cells), len(set(cells)) > 1) for label, cells in rows]
    if profile is not None and profile != Profile():
        results = [evaluate(i, profile, catalogue.regions.get(region))
                   for (region, _id), i in zip(entries, items, strict=True)]
        cells = tuple(f"{VERDICT_COLOURS[r.verdict][2]}: {r.reasons[0]}" if r.reasons
                      else VERDICT_COLOURS[r.verdict][2] for r in results)
        verdicts = tuple(r.verdict for r in results)
        out.append(Row(VERDICT_ROW, cells, len(set(verdicts)) > 1, verdicts))
    else:
        out.append(Row(VERDICT_ROW,
                       tuple("No answers in the decision aid yet (F9)" for _ in items), False))
    out.append(Row("Sources", tuple("\n".join(f"{s.title} — section “{s.section}”" for s in i.sources)
                                    + ("\nHistorical material" if i.historical else "") for i in items),
                   len({tuple(i.sources) for i in items}) > 1))
    return out


def profile_text(profile: Profile | None) -> str:
    """The decision aid's answers in one line, for print."""
    if profile is None or profile == Profile():
        return "No decision-aid answers used."
    d = profile.as_dict()
    parts = []
    if d.get("needs"):
        parts.append("needs: " + ", ".join(NEEDS[n][0] for n in d["needs"] if n in NEEDS))
    labels = {"sex": "sex", "age": "age", "risk": "likelihood of reoffending", "ogrs": "OGRS", "rosh": "RoSH",
              "sara": "SARA", "order_months": "order months", "consents": "consents"}
    for key, label in labels.items():
        if key in d:
            parts.append(f"{label}: {d[key]}")
    if d.get("flags"):
        parts.append("circumstances: " + ", ".join(f.replace("-", " ") for f in d["flags"]))
    return "Decision-aid answers used — " + "; ".join(parts) + "."


class CompareView(QWidget):
    open_requested = Signal(str, str)        # region, item id
    entries_changed = Signal(list)           # [(region, item id)]
    status_changed = Signal(str)

    def __init__(self, catalogue: Catalogue, parent=None):
        super().__init__(parent)
        self.catalogue = catalogue
        self.setAccessibleName("Compare interventions")
        self._entries: list[tuple[str, str]] = []
        self._profile: Profile | None = None
        self._region = ""
        self.edition = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        bar = FlowLayout()            # wraps onto more lines when the window is narrow (large text)
        self.picker = QComboBox()
        self.picker.setEditable(True)
        self.picker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.picker.setMinimumContentsLength(28)
        self.picker.setAccessibleName("Item to add to the comparison")
        self.picker.setToolTip("Type or choose an intervention of this region, then Add (Enter)")
        self.picker.lineEdit().setPlaceholderText("Add an intervention…")
        self.picker.lineEdit().returnPressed.connect(self._add_picked)
        bar.addWidget(self.picker)
        self.add_button = push_button("Add", "Add the chosen intervention as a column", self._add_picked, layout=bar)
        self.remove_button = push_button("Remove column", "Remove the selected column (Delete)",
                                          self.remove_current, layout=bar)
        self.open_button = push_button("Open page", "Open the selected column's page (Enter)",
                                        self.open_current, layout=bar)
        self.print_button = push_button("Print…", "Print the comparison (Ctrl+P)", self.print_preview, layout=bar)
        self.pdf_button = push_button("Export PDF…", "Save the comparison as a PDF", self.export_pdf_dialog,
                                      layout=bar)
        layout.addLayout(bar)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        mute(self.hint)
        layout.addWidget(self.hint)
        self.table = QTableWidget()
        self.table.setAccessibleName("Comparison table")
        self.table.setAccessibleDescription("One column per intervention, one row per fact. Rows marked ≠ differ. "
                                            "Enter opens the column's page; Delete removes the column.")
        self.table.setWordWrap(True)
        self.table.setStyleSheet("QTableWidget::item { padding: 4px 6px; }")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.activated.connect(lambda index: self.open_column(index.column()))
        self.table.horizontalHeader().sectionDoubleClicked.connect(self.open_column)
        self.table.currentCellChanged.connect(lambda *_a: self._update_buttons())
        self.table.horizontalHeader().setAccessibleName("Interventions compared")
        self.table.verticalHeader().setAccessibleName("Facts compared")
        self.table.setCornerButtonEnabled(False)
        for corner in self.table.findChildren(QAbstractButton):
            corner.setAccessibleName("Corner")
        layout.addWidget(self.table, 1)
        for text, key, slot in (("Remove column", QKeySequence.StandardKey.Delete, self.remove_current),
                                ("Print comparison", QKeySequence.StandardKey.Print, self.print_preview)):
            act = QAction(text, self)
            act.setShortcut(key)
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(slot)
            self.addAction(act)
        self.refresh()

    # --- state ---------------------------------------------------------------------------------------------------
    def entries(self) -> list[tuple[str, str]]:
        return list(self._entries)

    def set_region(self, region: str) -> None:
        """The region whose items the picker offers."""
        self._region = region
        self.picker.blockSignals(True)
        self.picker.clear()
        for item in self.catalogue.items(region):
            if item.kind != "information":
                self.picker.addItem(item.title, item.id)
        self.picker.setCurrentIndex(-1)
        self.picker.blockSignals(False)

    def set_profile(self, profile: Profile | None) -> None:
        self._profile = profile
        self.refresh()

    def add(self, region: str, item_id: str) -> str:
        """Adds a column; returns what happened, in words (also emitted as status)."""
        item = self.catalogue.item(region, item_id)
        if item is None:
            message = "That page is not in this region."
        elif (region, item_id) in self._entries:
            message = f"{item.title} is already in the comparison."
        elif len(self._entries) >= MAX_ITEMS:
            message = f"A comparison holds up to {MAX_ITEMS} items: remove one first."
        else:
            self._entries.append((region, item_id))
            self.refresh()
            self.entries_changed.emit(self.entries())
            message = f"Added {item.title} to the comparison ({len(self._entries)} of {MAX_ITEMS})."
        self.status_changed.emit(message)
        return message

    def set_entries(self, entries: list[tuple[str, str]]) -> None:
        self._entries = [e for e in dict.fromkeys(entries) if self.catalogue.item(*e) is not None][:MAX_ITEMS]
        self.refresh()
        self.entries_changed.emit(self.entries())

    def remove(self, column: int) -> None:
        if 0 <= column < len(self._entries):
            region, item_id = self._entries.pop(column)
            self.refresh()
            self.entries_changed.emit(self.entries())
            self.status_changed.emit(f"Removed {self.catalogue.item(region, item_id).title}.")

    def remove_current(self) -> None:
        self.remove(self.table.currentColumn())

    def open_column(self, column: int) -> None:
        if 0 <= column < len(self._entries):
            self.open_requested.emit(*self._entries[column])

    def open_current(self) -> None:
        self.open_column(self.table.currentColumn())

    def _add_picked(self) -> None:
        text = self.picker.currentText().strip()
        index = self.picker.findText(text, Qt.MatchFlag.MatchFixedString)
        if index < 0:
            index = self.picker.findText(text, Qt.MatchFlag.MatchContains)
        if index < 0 or not text:
            self.status_changed.emit(f"No intervention called “{text}” in this region." if text else
                                     "Choose an intervention to add.")
            return
        self.add(self._region, self.picker.itemData(index))
        self.picker.setCurrentIndex(-1)
        self.picker.clearEditText()

    # --- showing -------------------------------------------------------------------------------------------------
    def rows(self) -> list[Row]:
        return compare_rows(self.catalogue, self._entries, self._profile) if self._entries else []

    def headers(self) -> list[str]:
        regions = self.catalogue.regions
        return [f"{self.catalogue.item(r, i).title}\n{regions[r].short_name}" for r, i in self._entries]

    def refresh(self) -> None:
        rows = self.rows()
        n = len(self._entries)
        current = self.table.currentColumn()
        self.table.clear()
        self.table.setColumnCount(n)
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels(self.headers())
        for c, (region, item_id) in enumerate(self._entries):
            header = self.table.horizontalHeaderItem(c)
            title = html.escape(self.catalogue.item(region, item_id).title)
            header.setToolTip(f"{title} — double-click to open its page")
        for r, row in enumerate(rows):
            label = ("≠ " if row.differs and n > 1 else "") + row.label
            head = QTableWidgetItem(label)
            head.setToolTip("The items differ here" if row.differs and n > 1 else "The same for every item")
            head.setData(Qt.ItemDataRole.AccessibleTextRole, label.replace("≠", "differs:"))
            self.table.setVerticalHeaderItem(r, head)
            for c, text in enumerate(row.cells):
                cell = QTableWidgetItem(text)
                cell.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                if row.verdicts:
                    bg, fg, _word = VERDICT_COLOURS[row.verdicts[c]]
                    cell.setBackground(QBrush(QColor(bg)))
                    cell.setForeground(QBrush(QColor(fg)))
                elif row.differs and n > 1:
                    cell.setBackground(QBrush(QColor(DIFF_BG)))
                    cell.setForeground(QBrush(QColor(DIFF_FG)))
                self.table.setItem(r, c, cell)
        self.table.resizeRowsToContents()
        if n:
            self.table.setCurrentCell(0, max(0, min(current, n - 1)))
        if n == 0:
            self.hint.setText("Add 2 to 4 interventions to compare them side by side: choose one above, use "
                              "“Add to comparison” (Ctrl+Shift+A) on a page, right-click a link, or select items "
                              "in the shortlist and press Compare.")
        elif n == 1:
            self.hint.setText("Add at least one more intervention to compare.")
        else:
            differing = sum(1 for row in rows if row.differs)
            self.hint.setText(f"{n} interventions; {differing} of {len(rows)} rows differ (marked ≠ and shaded).")
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = bool(self._entries)
        for button in (self.remove_button, self.open_button):
            button.setEnabled(has and self.table.currentColumn() >= 0)
        self.print_button.setEnabled(has)
        self.pdf_button.setEnabled(has)

    # --- paper ---------------------------------------------------------------------------------------------------
    def print_html(self, points: float = 9.0) -> tuple[str, str]:
        """(html, css) of the comparison on paper (templates compare.html.j2 and print_sheet.css.j2)."""
        from brochure_app.render.html import render_template

        names = {rid: r.name for rid, r in self.catalogue.regions.items()}
        several = len(self._entries) > 1
        rows = []
        for row in self.rows():
            mark = "≠ " if row.differs and several else ""
            cells = [(text, VERDICT_COLOURS[row.verdicts[c]][0] if row.verdicts else (DIFF_BG if mark else ""))
                     for c, text in enumerate(row.cells)]
            rows.append({"label": row.label, "mark": mark, "cells": cells})
        columns = [(self.catalogue.item(r, i).title, names[r]) for r, i in self._entries]
        text = render_template("compare.html.j2", columns=columns, rows=rows, used=profile_text(self._profile),
                               today=_dt.date.today(), version=__version__, edition=self.edition)
        return text, render_template("print_sheet.css.j2", points=points)

    def print_document(self):
        layout = paper.a4_layout(landscape=True)
        html_text, css = self.print_html()
        return paper.make_document(html_text, css, 9.0, layout)

    def print_preview(self) -> None:
        if self._entries:
            paper.print_preview(self, "Comparison", self.print_document, self._footer(), landscape=True)

    def export_pdf(self, path) -> int:
        return paper.write_pdf(path, self.print_document(), paper.a4_layout(landscape=True),
                               "Comparison of interventions", self._footer())

    def export_pdf_dialog(self) -> None:
        if not self._entries:
            return
        paper.export_pdf_via_dialog(self, "Export the comparison as PDF", "comparison.pdf", self.export_pdf,
                                    self.status_changed.emit)

    def _footer(self) -> str:
        return f"Comparison · brochure-app {__version__}" + (f" · content edition {self.edition}" if self.edition
                                                              else "")
