"""The bench card: the shortlist on one A4 page, to hand to the bench or print for the file.

For each item: its one-line purpose, the criteria that decide who it is for and not for, its length and intensity,
and its source; at the top the region, its source and edition, and the decision-aid answers used (if any); local
notes only when the person ticks them in. The type shrinks (down to 7 pt) until the card fits one sheet.

The preview is a picture of the sheet, paper-white as it prints, drawn at the window's zoom (set_zoom) and set in the
window's theme (set_high_contrast: on black, its rules in ink).
"""

from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QPixmap
from PySide6.QtWidgets import QCheckBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from brochure_app import __version__
from brochure_app.advisor import Profile, evaluate
from brochure_app.catalogue.catalogue import Catalogue
from brochure_app.domain.models import Item
from brochure_app.render import facts
from brochure_app.ui.bench.compare_view import VERDICT_COLOURS, profile_text
from brochure_app.ui.common import theme
from brochure_app.ui.common.controls import push_button
from brochure_app.ui.common.flow_layout import FlowLayout
from brochure_app.ui.common.theme import mute
from brochure_app.ui.printing import paper

NOT_STATED = "not stated in the source; ask the probation court team"
MAX_NOTES = 4   # criteria to confirm in person, listed before "and N more on the page"
# Around the sheet in the preview: the default theme's grey desk, or the high-contrast theme's black.
DESK_QSS = "background: {desk}; padding: 12px;"
DESK, DESK_HIGH_CONTRAST = "#b1b4b6", theme.HC_PAPER
# The card's rules, drawn for the preview in high contrast in ink (the printed grey, #b1b4b6, is 2.1:1 on white).
INK_RULES_CSS = "td, th { border-color: #0b0c0c; } td.item { border-bottom-color: #0b0c0c; }"


def _criteria(item: Item) -> str:
    e = item.eligibility
    fors = [f"{label}: {value}" for label, value, _says in facts.who_for(e)]
    nots = [label for label, _value, _says in facts.who_not_for(e)]
    parts = []
    if fors:
        parts.append("For — " + "; ".join(fors))
    if nots:
        parts.append("Not for — " + "; ".join(nots))
    if e.notes:
        shown = list(e.notes[:MAX_NOTES])
        more = len(e.notes) - len(shown)
        parts.append("To confirm — " + "; ".join(shown) + (f"; and {more} more on the page" if more else ""))
    return ". ".join(parts)


def _length(item: Item) -> str:
    return " · ".join(f"{label}: {text}" for label, text in facts.delivery_lines(item.delivery))


def card_html(catalogue: Catalogue, region_id: str, ids: list[str], profile: Profile | None, notes: dict[str, str],
              content_edition: str, points: float, today: _dt.date | None = None) -> tuple[str, str]:
    """(html, css) of the card at a base type size (templates bench_card.html.j2 and print_sheet.css.j2)."""
    from brochure_app.render.html import render_template

    region = catalogue.regions[region_id]
    cards = []
    for n, item in enumerate(i for i in (catalogue.item(region_id, x) for x in ids) if i is not None):
        verdict = None
        if profile is not None and profile != Profile():
            result = evaluate(item, profile, region)
            verdict = (*VERDICT_COLOURS[result.verdict], result.reasons[0] if result.reasons else "")
        cards.append({"n": n + 1, "item": item, "criteria": _criteria(item), "length": _length(item),
                      "verdict": verdict, "note": notes.get(item.id, "").strip()})
    used = profile_text(profile) if profile is not None else "No decision-aid answers used."
    body = render_template("bench_card.html.j2", region=region, cards=cards, used=used, not_stated=NOT_STATED,
                           content_edition=content_edition, today=today or _dt.date.today(),
                           padding=max(3, int(points * 0.5)))
    return body, render_template("print_sheet.css.j2", points=points)


class BenchCard(QWidget):
    status_changed = Signal(str)

    def __init__(self, catalogue: Catalogue, parent=None):
        super().__init__(parent)
        self.catalogue = catalogue
        self.setAccessibleName("Bench card")
        self.region = ""
        self.ids: list[str] = []
        self.profile: Profile | None = None
        self.notes: dict[str, str] = {}
        self.edition = ""
        self.layout_ = paper.a4_layout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.zoom = 100
        self.high_contrast = False
        self._shown = None            # (document, points, fits) of the card on show
        bar = FlowLayout()            # wraps onto more lines when the window is narrow (large text)
        self.use_profile = QCheckBox("Include the decision aid's answers and verdicts")
        self.use_profile.setAccessibleName("Include the decision aid's answers and verdicts")
        self.use_profile.setChecked(True)
        self.use_profile.toggled.connect(lambda _on: self.refresh())
        self.use_notes = QCheckBox("Include my local notes")
        self.use_notes.setAccessibleName("Include my local notes")
        self.use_notes.setToolTip("Notes are kept on this computer; tick to print them on the card")
        self.use_notes.toggled.connect(lambda _on: self.refresh())
        self.print_button = push_button("Print…", "Print the bench card (Ctrl+P)", self.print_preview,
                                        "Print the bench card")
        self.pdf_button = push_button("Export PDF…", "Save the bench card as a one-page PDF (Ctrl+E)",
                                      self.export_pdf_dialog, "Export the bench card as PDF")
        for control in (self.use_profile, self.use_notes, self.print_button, self.pdf_button):
            bar.addWidget(control)
        layout.addLayout(bar)
        self.fit_label = QLabel()
        self.fit_label.setWordWrap(True)
        mute(self.fit_label)
        layout.addWidget(self.fit_label)
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.preview.setAccessibleName("Preview of the bench card")
        self.preview.setStyleSheet(DESK_QSS.format(desk=DESK))
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.preview)
        self.scroll.setAccessibleName("Bench card preview")
        layout.addWidget(self.scroll, 1)
        for text, key, slot in (("Print bench card", QKeySequence.StandardKey.Print, self.print_preview),
                                ("Export bench card PDF", QKeySequence("Ctrl+E"), self.export_pdf_dialog)):
            act = QAction(text, self)
            act.setShortcut(key)
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(slot)
            self.addAction(act)

    # --- the window's zoom and theme -------------------------------------------------------------------------
    def set_zoom(self, percent: int) -> None:
        """The window's text size in percent: the preview's sheet is drawn at that size (its bar's text is the
        app's, which the zoom reaches already; the bar wraps when its controls no longer fit one line)."""
        if percent != self.zoom:
            self.zoom = percent
            self._show_preview()

    def set_high_contrast(self, on: bool) -> None:
        """The preview in the theme: on black rather than grey, the card's rules in ink; the sheet stays paper."""
        if bool(on) != self.high_contrast:
            self.high_contrast = bool(on)
            self.preview.setStyleSheet(DESK_QSS.format(desk=DESK_HIGH_CONTRAST if on else DESK))
            self.refresh()

    # --- the card ----------------------------------------------------------------------------------------------
    def set_content(self, region: str, ids: list[str], profile: Profile | None, notes: dict[str, str],
                    edition: str) -> None:
        self.region, self.ids, self.profile, self.notes, self.edition = region, list(ids), profile, notes, edition
        has_profile = profile is not None and profile != Profile()
        self.use_profile.setEnabled(has_profile)
        self.use_notes.setEnabled(bool(notes) and any(i in notes for i in ids))
        self.refresh()

    def _build(self, points: float, ink_rules: bool = False) -> tuple[str, str]:
        profile = self.profile if self.use_profile.isChecked() and self.use_profile.isEnabled() else None
        notes = self.notes if self.use_notes.isChecked() and self.use_notes.isEnabled() else {}
        html, css = card_html(self.catalogue, self.region, self.ids, profile, notes, self.edition, points)
        return html, css + ("\n" + INK_RULES_CSS if ink_rules else "")

    def document(self, preview: bool = False):
        """(document, type size, fits one page): the card as it prints, or as the preview shows it (preview: in
        high contrast its rules in ink; the same lines and pages)."""
        ink = preview and self.high_contrast
        return paper.fit_one_page(lambda points: self._build(points, ink), self.layout_)

    def footer(self) -> str:
        name = self.catalogue.regions[self.region].name if self.region in self.catalogue.regions else ""
        return (f"Bench card · {name} · brochure-app {__version__} · content edition {self.edition or 'unknown'}"
                " · local notes stay on this computer unless printed")

    def refresh(self) -> None:
        if not self.region:
            return
        doc, points, fits = self._shown = self.document(preview=True)
        if fits:
            self.fit_label.setText(f"{len(self.ids)} item{'s' if len(self.ids) != 1 else ''} on one A4 page "
                                   f"({points:g} pt type).")
        else:
            self.fit_label.setText(f"Too much for one A4 page even at {points:g} pt: it prints on "
                                   f"{doc.pageCount()} pages. Remove items from the shortlist to fit one.")
        self._show_preview()

    def _show_preview(self) -> None:
        """The sheet as a picture at the zoom, as sharp as the screen's pixels allow."""
        if self._shown is None:
            return
        ratio = self.devicePixelRatioF()
        image = paper.page_image(self._shown[0], self.layout_, self.footer(), scale=self.zoom / 100 * ratio)
        image.setDevicePixelRatio(ratio)
        self.preview.setPixmap(QPixmap.fromImage(image))

    def print_preview(self) -> None:
        if self.region:
            paper.print_preview(self, "Bench card", lambda: self.document()[0], self.footer())

    def export_pdf(self, path) -> int:
        doc, _points, _fits = self.document()
        return paper.write_pdf(path, doc, self.layout_, f"Bench card — {self.catalogue.regions[self.region].name}",
                               self.footer())

    def export_pdf_dialog(self) -> None:
        if not self.region:
            return
        paper.export_pdf_via_dialog(self, "Export the bench card as PDF", f"bench-card-{self.region}.pdf",
                                    self.export_pdf, self.status_changed.emit)
