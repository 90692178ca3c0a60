"""The brochure on paper: one PDF of the whole region brochure, one section, or one page.

A4 portrait. A title page (region, source and source edition, date printed, app version and content edition; for
the whole brochure and for a section), a contents page with page numbers (whole brochure), then every page of the
brochure starting on a new sheet: the region's home page, and per kind of item a section page followed by its
pages. Every sheet after the title page has a running header (region | section) and footer (source and edition,
date printed, versions | "Page N of M"), painted here sheet by sheet. Pages are the app's own sanitised HTML
(render.html.render) laid out by QTextDocument with print.css: always light, whatever the app's theme. Links
between pages stay clickable in a PDF reader and gain "(p. N)" for paper; web links keep their address in print.

Entry points:
- export_pdf(catalogue, region, out, scope) writes a PDF file (the command line and the app's "Export PDF").
- print_pages(printer, catalogue, region, scope) paints the same sheets on a QPrinter (print preview, Ctrl+P).
Scopes: "brochure" (the whole region), "home", "section:KIND", "item:ID".

Headless: works under QT_QPA_PLATFORM=offscreen, and creates the Qt application (offscreen unless a platform was
chosen) when none exists. Safe to call from a worker thread once the application exists (QTextDocument, QPdfWriter,
QImage and a QPainter on them are reentrant); `progress(percent, 100)` reports and cancels by returning False.
The file is written beside its destination and renamed over it at the end: never a half-written PDF.
"""

from __future__ import annotations

import html as _html
import os
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup
from PySide6.QtCore import QCoreApplication, QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
)

from brochure_app.catalogue.catalogue import Catalogue
from brochure_app.catalogue.paths import resources_dir
from brochure_app.domain.taxonomy import KINDS, kind_tab
from brochure_app.export.meta import GENERATOR, BuildInfo, ExportError
from brochure_app.export.output import check_output_file
from brochure_app.render.html import environment, render
from brochure_app.ui.common.safe_document import SafeDocument

DPI = 96                                   # layout units: CSS px = 1/96 inch, whatever the screen
A4_MM = (210.0, 297.0)
MARGINS_MM = {"left": 18.0, "right": 18.0, "top": 24.0, "bottom": 22.0}
HEADER_MM, FOOTER_MM = 12.0, 283.0        # baselines of the running header and of the footer's first line
INK, MUTED, HISTORICAL, RULE = QColor("#0b0c0c"), QColor("#505a5f"), QColor("#8a3f12"), QColor("#b1b4b6")
SCOPES = "brochure, home, section:KIND, item:ID"
_PLACEHOLDER = 888                          # as wide as any real page number: pass 2 never needs more room
_LINK = re.compile(r'<a\b[^>]*?\shref="#pdf:(item|section|home):([^"]*)"[^>]*>(.*?)</a>', re.S)
_WEB_LINK = re.compile(r'<a\b[^>]*?\shref="((?:https?://|mailto:)[^"]*)"[^>]*>(.*?)</a>', re.S)
_TAGS = re.compile(r"<[^>]+>")

_APP = None


class ExportCancelled(ExportError):
    """The progress callback asked to stop; nothing was written."""


@dataclass(frozen=True)
class PdfResult:
    path: Path
    pages: int
    starts: dict[str, int] = field(default_factory=dict)   # page key ('home', 'section:KIND', 'item:ID') → sheet


@dataclass
class _Chunk:
    key: str             # 'title', 'contents', 'home', 'section:KIND', 'item:ID'
    title: str           # for the contents page
    header: str          # right-hand running header ('' on the title page: no header or footer there)
    html: str            # with #pdf: links still to resolve
    level: int = 1       # in the contents: 0 for sections, -1 not listed
    doc: QTextDocument | None = None
    laid_out: str = ""


def ensure_app():
    """The running Qt application, or a new offscreen one (a PDF needs fonts, hence a QGuiApplication)."""
    global _APP
    app = QCoreApplication.instance()
    if app is None:
        from PySide6.QtWidgets import QApplication  # a widget app, so the same process can still open windows

        argv = ["brochure-app"]
        if not os.environ.get("QT_QPA_PLATFORM"):
            argv += ["-platform", "offscreen"]      # no window is ever shown: no display needed
        app = _APP = QApplication(argv)
    if not isinstance(app, QGuiApplication):
        raise ExportError("the PDF needs a Qt GUI application, but a non-GUI one is running")
    return app


def _mm(value: float) -> float:
    return value / 25.4 * DPI


def _layout_device() -> QImage:
    """A paint device of exactly DPI dots per inch: point sizes lay out the same on every screen and printer."""
    image = QImage(1, 1, QImage.Format.Format_ARGB32)
    image.setDotsPerMeterX(round(DPI / 0.0254))
    image.setDotsPerMeterY(round(DPI / 0.0254))
    return image


def _print_css() -> str:
    return (resources_dir() / "styles" / "print.css").read_text(encoding="utf-8")


def _anchor(key: str) -> str:
    """The PDF destination name of a page key: links between pages stay clickable in a PDF reader."""
    return "p-" + re.sub(r"[^A-Za-z0-9-]", "-", key)


def _pdf_link(scheme: str, target: str) -> str:
    return f"#pdf:{scheme}:{target}"


def _resolve_links(html: str, pages: dict[str, int]) -> str:
    """Links between pages → a link to the page's destination plus "(p. N)"; links to pages not in this PDF →
    plain text; web links keep their address in print."""
    def internal(m: re.Match) -> str:
        key = "home" if m.group(1) == "home" else f"{m.group(1)}:{_html.unescape(m.group(2))}"
        number = pages.get(key)
        if not number:
            return m.group(3)
        return f'<a href="#{_anchor(key)}">{m.group(3)}</a> <span class="pageref">(p.&nbsp;{number})</span>'

    def web(m: re.Match) -> str:
        text = _html.unescape(_TAGS.sub("", m.group(2))).strip()
        address = _html.unescape(m.group(1))
        shown = address.removeprefix("mailto:")
        if text in (address, shown):
            return m.group(0)
        return m.group(0) + f' <span class="url">({_html.escape(shown)})</span>'

    return _WEB_LINK.sub(web, _LINK.sub(internal, html))


def _report(progress, percent: int) -> None:
    if progress is not None and progress(percent, 100) is False:
        raise ExportCancelled("the PDF export was cancelled")


def _font(points: float, bold: bool = False) -> QFont:
    """A font sized in layout pixels, so it draws the same size under any painter scale."""
    font = QFont()
    font.setFamilies(["DejaVu Sans", "Arial", "Helvetica", "Liberation Sans"])
    font.setPixelSize(round(points * DPI / 72))
    font.setBold(bold)
    return font


class _Plan:
    """Which pages go into the PDF, in order, as chunks of HTML."""

    def __init__(self, catalogue: Catalogue, region_id: str, scope: str, info: BuildInfo):
        if region_id not in catalogue.regions:
            raise ExportError(f"region '{region_id}' has no manifest in the content")
        self.catalogue, self.region_id, self.info, self.scope = catalogue, region_id, info, scope
        self.region = catalogue.regions[region_id]
        self.chunks: list[_Chunk] = []
        self._build()

    def _page(self, key: str, header: str, level: int = 1) -> None:
        page = render(self.catalogue, self.region_id, key, link=_pdf_link)
        html = f'<a name="{_anchor(key)}"></a>' + page.html
        if key.startswith("section:"):
            html += (f'<p class="page-source">Source: {_html.escape(self.region.source.title)} — '
                     f'source edition {_html.escape(self.region.edition)}</p>')
        title = "Foreword and overview" if key == "home" else page.title
        self.chunks.append(_Chunk(key, title, header, html, level))

    def sections(self) -> list[tuple[str, list[str]]]:
        """(kind, item ids) per section of the brochure, in tab order; every item exactly once."""
        cat, rid = self.catalogue, self.region_id
        grouped = cat.items_by_kind(rid)
        out: list[tuple[str, list[str]]] = []
        placed: set[str] = set()
        for kind in KINDS:
            if kind == "information":
                ids = [i.id for i in cat.items(rid, "information") if i.section in (None, "information")]
            else:
                ids = [i.id for i in cat.sections(rid, kind)]
                ids += [i.id for i in grouped.get(kind, ()) if i.section != kind]
            ids = [i for i in ids if i not in placed]
            if ids or kind in grouped:
                placed.update(ids)
                out.append((kind, ids))
        left = [i.id for i in cat.items(rid) if i.id not in placed]
        if left:   # an information page introducing a section the region does not have
            for n, (kind, ids) in enumerate(out):
                if kind == "information":
                    out[n] = (kind, ids + left)
                    break
            else:
                out.append(("information", left))
        return out

    def _build(self) -> None:
        scope, region = self.scope, self.region
        sections = self.sections()
        if scope == "brochure":
            self._title_page("The whole brochure")
            self.chunks.append(_Chunk("contents", "Contents", "Contents", "", level=-1))
            self._page("home", "Foreword and overview", level=0)
            for kind, ids in sections:
                self._page(f"section:{kind}", kind_tab(kind), level=0)
                for item_id in ids:
                    self._page(f"item:{item_id}", kind_tab(kind))
        elif scope.startswith("section:"):
            kind = scope.partition(":")[2]
            if kind not in KINDS:
                raise ExportError(f"unknown section '{kind}' (valid: {', '.join(KINDS)})")
            self._title_page(f"Section: {kind_tab(kind)}")
            self._page(scope, kind_tab(kind), level=0)
            for item_id in dict(sections).get(kind, []):
                self._page(f"item:{item_id}", kind_tab(kind))
        elif scope == "home":
            self._page("home", "Foreword and overview", level=0)
        elif scope.startswith("item:"):
            item_id = scope.partition(":")[2]
            if self.catalogue.item(self.region_id, item_id) is None:
                raise ExportError(f"{region.name} has no page '{item_id}'")
            kind = next((k for k, ids in sections if item_id in ids), "information")
            self._page(scope, kind_tab(kind))
        else:
            raise ExportError(f"unknown PDF scope '{scope}' (valid: {SCOPES})")

    def _title_page(self, scope_text: str) -> None:
        html = environment().get_template("pdf_title.html.j2").render(
            region=self.region, scope=scope_text, info=self.info, generator=GENERATOR)
        self.chunks.append(_Chunk("title", "Title page", "", html, level=-1))

    def contents_html(self, pages: dict[str, int]) -> str:
        entries = [c for c in self.chunks if c.level >= 0]
        return environment().get_template("pdf_contents.html.j2").render(
            entries=entries, page=lambda key: Markup(str(pages.get(key, ""))))


class _Sheets:
    """Lays the chunks out on A4 body rectangles and paints them with running headers and footers."""

    def __init__(self, plan: _Plan):
        self.plan = plan
        self.css = _print_css()
        self.device = _layout_device()
        self.width = _mm(A4_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"])
        self.height = _mm(A4_MM[1] - MARGINS_MM["top"] - MARGINS_MM["bottom"])
        self.total = 0

    def _layout(self, chunk: _Chunk, html: str) -> QTextDocument:
        if chunk.doc is not None and chunk.laid_out == html:
            return chunk.doc
        doc = SafeDocument()
        doc.documentLayout().setPaintDevice(self.device)
        doc.setUseDesignMetrics(True)       # unhinted advances: the same line breaks on paper as in layout
        doc.setDefaultFont(_font(10))
        doc.setDefaultStyleSheet(self.css)
        doc.setDocumentMargin(0)
        doc.setUndoRedoEnabled(False)
        doc.setHtml(html)
        doc.setPageSize(QSizeF(self.width, self.height))   # paginated: no line is cut by a page edge
        chunk.doc, chunk.laid_out = doc, html
        return doc

    def paginate(self, progress=None) -> dict[str, int]:
        """Lay out until the page numbers are stable: once with placeholders, once with the real numbers."""
        chunks = self.plan.chunks
        pages = {c.key: _PLACEHOLDER for c in chunks}
        for attempt in range(4):
            starts: dict[str, int] = {}
            sheet = 1
            for n, chunk in enumerate(chunks):
                html = self.plan.contents_html(pages) if chunk.key == "contents" else chunk.html
                doc = self._layout(chunk, _resolve_links(html, pages))
                starts[chunk.key] = sheet
                sheet += max(1, doc.pageCount())
                if attempt == 0:
                    _report(progress, 50 * (n + 1) // len(chunks))
            self.total = sheet - 1
            if starts == pages:
                break
            pages = starts
        return pages

    def sheets(self) -> Iterator[tuple[_Chunk, int, int]]:
        """(chunk, page of the chunk, sheet number) for every sheet, in order."""
        sheet = 0
        for chunk in self.plan.chunks:
            for page in range(max(1, chunk.doc.pageCount())):
                sheet += 1
                yield chunk, page, sheet

    def draw(self, painter: QPainter, chunk: _Chunk, page: int, sheet: int) -> None:
        """One A4 sheet, in layout units (1/96 inch) from the sheet's top left corner."""
        painter.save()
        painter.translate(_mm(MARGINS_MM["left"]), _mm(MARGINS_MM["top"]) - page * self.height)
        chunk.doc.drawContents(painter, QRectF(0, page * self.height, self.width, self.height))
        painter.restore()
        if chunk.header:
            self._furniture(painter, chunk.header, sheet)

    def paint(self, device: QPagedPaintDevice, progress=None) -> None:
        """Every sheet on device, whose page must be A4 with no margins (QPdfWriter, or QPrinter at full page)."""
        painter = QPainter()
        if not painter.begin(device):
            raise ExportError("cannot start drawing the PDF (is the folder writable?)")
        try:
            painter.scale(device.logicalDpiX() / DPI, device.logicalDpiY() / DPI)
            for chunk, page, sheet in self.sheets():
                if sheet > 1:
                    device.newPage()
                self.draw(painter, chunk, page, sheet)
                _report(progress, 50 + 50 * sheet // self.total)
        finally:
            painter.end()

    def _furniture(self, painter: QPainter, section: str, sheet: int) -> None:
        """The running header (region | section) and footer (source, date, versions | page N of M)."""
        region, info = self.plan.region, self.plan.info
        left, right = _mm(MARGINS_MM["left"]), _mm(A4_MM[0] - MARGINS_MM["right"])
        width = right - left
        small, bold = _font(7.5), _font(8, bold=True)
        painter.save()
        # header: region (marked when the whole guide is historical) | section
        painter.setFont(bold)
        metrics = QFontMetricsF(bold, self.device)
        base = _mm(HEADER_MM)
        section_width = min(metrics.horizontalAdvance(section), width * 0.45)
        name = region.name.split(" (")[0]   # "DLNR (Derbyshire, ...)" → "DLNR"
        if region.historical:
            name = f"Historical guide ({region.edition}) · {name}"
        painter.setPen(HISTORICAL if region.historical else INK)
        painter.drawText(QPointF(left, base),
                         metrics.elidedText(name, Qt.TextElideMode.ElideRight, width - section_width - 12))
        painter.setPen(INK)
        shown = metrics.elidedText(section, Qt.TextElideMode.ElideRight, section_width)
        painter.drawText(QPointF(right - metrics.horizontalAdvance(shown), base), shown)
        painter.setPen(QPen(RULE, 0.75))
        painter.drawLine(QPointF(left, base + 5), QPointF(right, base + 5))
        # footer: source and edition; date printed and versions | page N of M
        top = _mm(FOOTER_MM)
        painter.drawLine(QPointF(left, top - 12), QPointF(right, top - 12))
        painter.setFont(small)
        metrics = QFontMetricsF(small, self.device)
        number = f"Page {sheet} of {self.total}"
        room = width - metrics.horizontalAdvance(number) - 12
        lines = (f"Source: {region.source.title} — source edition {region.edition}",
                 f"Printed {info.date_text} · {info.versions}")
        painter.setPen(MUTED)
        for n, line in enumerate(lines):
            painter.drawText(QPointF(left, top + n * metrics.lineSpacing()),
                             metrics.elidedText(line, Qt.TextElideMode.ElideRight, room))
        painter.setPen(INK)
        painter.drawText(QPointF(right - metrics.horizontalAdvance(number), top), number)
        painter.restore()


def _a4_layout() -> QPageLayout:
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                       QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)


def _prepare(catalogue: Catalogue, region_id: str, scope: str, info: BuildInfo | None, progress) -> _Sheets:
    ensure_app()
    sheets = _Sheets(_Plan(catalogue, region_id, scope, info or BuildInfo.for_catalogue(catalogue)))
    sheets.paginate(progress)
    return sheets


def print_pages(printer, catalogue: Catalogue, region_id: str, scope: str = "brochure",
                info: BuildInfo | None = None) -> int:
    """Paint the sheets of scope on a QPrinter (e.g. from QPrintPreviewDialog.paintRequested); returns the sheet
    count. Sets the printer to A4 portrait, full page: the sheets carry their own margins."""
    sheets = _prepare(catalogue, region_id, scope, info, None)
    printer.setPageLayout(_a4_layout())
    if hasattr(printer, "setFullPage"):
        printer.setFullPage(True)
    sheets.paint(printer)
    return sheets.total


def export_pdf(catalogue: Catalogue, region_id: str, out: Path | str, scope: str = "brochure",
               info: BuildInfo | None = None,
               progress: Callable[[int, int], bool | None] | None = None, force: bool = False) -> PdfResult:
    """Write the region's brochure ('brochure'), its home page ('home'), one section ('section:KIND') or one page
    ('item:ID') to the PDF file out. An existing file is replaced only when it is a PDF this app made, or with
    force (see export.output); out's folder must exist. Raises ExportError (ExportCancelled) with a message for a
    person."""
    out = check_output_file(out, "pdf", force)
    info = info or BuildInfo.for_catalogue(catalogue)
    sheets = _prepare(catalogue, region_id, scope, info, progress)
    check_output_file(out, "pdf", force)     # again: the pages took a while, and what is there may have changed
    temp = out.parent / f".{out.name}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        writer = QPdfWriter(str(temp))
        writer.setResolution(DPI)
        writer.setPageLayout(_a4_layout())
        writer.setTitle(f"{sheets.plan.region.name} — judicial brochure of probation interventions")
        writer.setCreator(f"{GENERATOR} {info.app_version} (content edition {info.content_edition})")
        sheets.paint(writer, progress)
        del writer   # closes the file before it is renamed (Windows cannot rename an open file)
        if not temp.is_file() or temp.stat().st_size == 0:
            raise ExportError(f"cannot write {out} (is the folder writable?)")
        os.replace(temp, out)
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from None
    finally:
        temp.unlink(missing_ok=True)
    starts = {c.key: s for c, p, s in sheets.sheets() if p == 0 and c.key not in ("title", "contents")}
    return PdfResult(out, sheets.total, starts)
