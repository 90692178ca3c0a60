"""The one A4 stack: every sheet the app prints or saves as PDF (the brochure, the bench card, the comparison, the
region grid) is laid out, sized and furnished here.

- Layout is in CSS pixels (96 per inch) on every device: documents are laid out against one 96-dpi paint device
  (layout_device), so point sizes give the same lines on screen, on paper and in a PDF; painting scales to the
  device's resolution.
- A sheet is a QPageLayout (A4, its margins). The body fills the area inside the margins; the running header and
  the footer are drawn in the top and bottom margins, never over the body nor past the right margin.
- Text is set without ligatures (font features 'liga' and 'clig' off), so that a PDF's text extracts as it reads:
  "offending", not "o\ufb00ending".
- Devices are used at full page (no margins of their own): the sheet's margins are drawn here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPen,
    QTextDocument,
    QTextLayout,
)

from brochure_app.ui.common.safe_document import SafeDocument

CSS_DPI = 96
FONT_FAMILIES = ["DejaVu Sans", "Arial", "Helvetica", "Liberation Sans"]
INK, MUTED, HISTORICAL, RULE = QColor("#0b0c0c"), QColor("#505a5f"), QColor("#8a3f12"), QColor("#b1b4b6")
HEADER_POINTS, FOOTER_POINTS = 8.0, 7.5
_NO_LIGATURES = ("liga", "clig", "dlig", "hlig")


def mm(value: float) -> float:
    """Millimetres in layout pixels."""
    return value / 25.4 * CSS_DPI


def a4_layout(landscape: bool = False, margin_mm: float | tuple[float, float, float, float] = 14.0) -> QPageLayout:
    """An A4 sheet with its margins (one value, or left, top, right, bottom) in millimetres."""
    left, top, right, bottom = (margin_mm,) * 4 if isinstance(margin_mm, int | float) else margin_mm
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation, QMarginsF(left, top, right, bottom),
                       QPageLayout.Unit.Millimeter)


def full_page(layout: QPageLayout) -> QPageLayout:
    """The same paper with no margins: what a device is given, since the sheet draws its own margins."""
    return QPageLayout(layout.pageSize(), layout.orientation(), QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)


def without_ligatures(font: QFont) -> QFont:
    """The font set with no ligature glyphs (Qt 6.7+ font features; else no shaping at all for simple text)."""
    if hasattr(font, "setFeature"):
        for tag in _NO_LIGATURES:
            font.setFeature(QFont.Tag(tag), 0)
    else:   # pragma: no cover - Qt before 6.7
        font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
    return font


def font(points: float, bold: bool = False) -> QFont:
    """The print font at a size in points, without ligatures; sizes resolve against layout_device()."""
    f = QFont()
    f.setFamilies(FONT_FAMILIES)
    f.setPointSizeF(points)
    f.setBold(bold)
    return without_ligatures(f)


def layout_device() -> QImage:
    """A paint device of exactly 96 dots per inch: point sizes lay out the same on every screen and printer."""
    image = QImage(1, 1, QImage.Format.Format_ARGB32)
    image.setDotsPerMeterX(round(CSS_DPI / 0.0254))
    image.setDotsPerMeterY(round(CSS_DPI / 0.0254))
    return image


def body_rect(layout: QPageLayout) -> QRectF:
    """The body of a sheet (inside its margins) in layout pixels from the paper's top left corner."""
    return QRectF(layout.paintRectPixels(CSS_DPI))


def body_size(layout: QPageLayout) -> QSizeF:
    return body_rect(layout).size()


def make_document(html: str, css: str = "", points: float = 10.0, layout: QPageLayout | None = None,
                  page_size: QSizeF | None = None, device: QImage | None = None) -> QTextDocument:
    """Rich text laid out for print: the 96-dpi layout device, unhinted advances (the same line breaks on paper as
    in layout), the print font at `points`, the style sheet, no margin; paginated on the sheet's body when a layout
    (or a page size) is given."""
    doc = SafeDocument()
    doc.setUndoRedoEnabled(False)
    doc.documentLayout().setPaintDevice(device or layout_device())
    doc.setUseDesignMetrics(True)
    doc.setDefaultFont(font(points))
    doc.setDefaultStyleSheet(css)
    doc.setDocumentMargin(0)
    doc.setHtml(html)
    if page_size is None and layout is not None:
        page_size = body_size(layout)
    if page_size is not None:
        doc.setPageSize(page_size)
    return doc


@dataclass(frozen=True)
class Furniture:
    """What the margins of a sheet carry: a running header (left, right) above a rule, and below a rule the footer
    lines, the first with "Page N of M" at its right. Empty header and footer: a bare sheet (a title page).
    historical: the header's left side is in the colour the app marks historical material with."""

    header_left: str = ""
    header_right: str = ""
    footer: tuple[str, ...] = ()
    historical: bool = False

    @property
    def bare(self) -> bool:
        return not (self.header_left or self.header_right or self.footer)


class _Text:
    """Single lines of text set like the body's (same fonts, same layout device), elided to fit a width."""

    def __init__(self, device: QImage):
        self.device = device

    def width(self, text: str, f: QFont) -> float:
        return QFontMetricsF(f, self.device).horizontalAdvance(text)

    def elide(self, text: str, f: QFont, room: float) -> str:
        return QFontMetricsF(f, self.device).elidedText(text, Qt.TextElideMode.ElideRight, max(0.0, room))

    def draw(self, painter: QPainter, text: str, f: QFont, x: float, baseline: float, colour: QColor,
             right: bool = False) -> None:
        layout = QTextLayout(text, QFont(f, self.device), self.device)
        layout.beginLayout()
        line = layout.createLine()
        line.setLineWidth(1e6)
        layout.endLayout()
        if right:
            x -= line.naturalTextWidth()
        painter.setPen(colour)
        layout.draw(painter, QPointF(x, baseline - line.ascent()))


def draw_furniture(painter: QPainter, layout: QPageLayout, furniture: Furniture, sheet: int, total: int,
                   device: QImage | None = None) -> None:
    """The header in the top margin and the footer in the bottom margin of one sheet, in layout pixels from the
    paper's top left corner; both stay between the left and right margins."""
    if furniture.bare:
        return
    text = _Text(device or layout_device())
    body = body_rect(layout)
    left, right, width = body.left(), body.right(), body.width()
    bold, small = font(HEADER_POINTS, bold=True), font(FOOTER_POINTS)
    painter.save()
    if furniture.header_left or furniture.header_right:
        base = body.top() * 0.6        # the header's baseline, well inside the top margin
        section_width = min(text.width(furniture.header_right, bold), width * 0.45)
        shown = text.elide(furniture.header_right, bold, section_width)
        text.draw(painter, text.elide(furniture.header_left, bold, width - section_width - 12), bold, left, base,
                  HISTORICAL if furniture.historical else INK)
        text.draw(painter, shown, bold, right, base, INK, right=True)
        painter.setPen(QPen(RULE, 0.75))
        painter.drawLine(QPointF(left, base + 5), QPointF(right, base + 5))
    number = f"Page {sheet} of {total}"
    rule = body.bottom() + min(18.0, (layout.fullRectPixels(CSS_DPI).height() - body.bottom()) * 0.25)
    painter.setPen(QPen(RULE, 0.75))
    painter.drawLine(QPointF(left, rule), QPointF(right, rule))
    spacing = QFontMetricsF(small, text.device).lineSpacing()
    room = width - text.width(number, small) - 12
    for n, line in enumerate(furniture.footer or ("",)):
        text.draw(painter, text.elide(line, small, room), small, left, rule + 12 + n * spacing, MUTED)
    text.draw(painter, number, small, right, rule + 12, INK, right=True)
    painter.restore()


def draw_body(painter: QPainter, doc: QTextDocument, layout: QPageLayout, page: int) -> None:
    """Page `page` of a paginated document in the body of a sheet."""
    body = body_rect(layout)
    height = doc.pageSize().height()
    painter.save()
    painter.translate(body.left(), body.top() - page * height)
    # A hair short of the next page: Qt draws (clipped, unseen, but in the PDF's text) a line that starts exactly on
    # the clip's lower edge, so a heading moved to the next page was read twice.
    draw_in_ink(doc, painter, QRectF(0, page * height, body.width(), height - 0.01))
    painter.restore()


def draw_in_ink(doc: QTextDocument, painter: QPainter, clip: QRectF | None = None) -> None:
    """doc.drawContents, but the text the document gives no colour in ink and its links in blue whatever the app's
    palette (high contrast's is white text, yellow links: on paper they would vanish), as QTextDocument.print_
    does."""
    from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette

    context = QAbstractTextDocumentLayout.PaintContext()
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Text, INK)
    palette.setColor(QPalette.ColorRole.Link, QColor("#1d70b8"))
    context.palette = palette
    painter.save()
    if clip is not None:
        painter.setClipRect(clip)
        context.clip = clip
    doc.documentLayout().draw(painter, context)
    painter.restore()


def draw_sheet(painter: QPainter, layout: QPageLayout, doc: QTextDocument, page: int, furniture: Furniture,
               sheet: int, total: int) -> None:
    draw_body(painter, doc, layout, page)
    draw_furniture(painter, layout, furniture, sheet, total, doc.documentLayout().paintDevice())


Sheet = Callable[[QPainter], None]     # draws one sheet in layout pixels from the paper's top left corner


def paint_sheets(device: QPagedPaintDevice, layout: QPageLayout, sheets: Iterable[Sheet],
                 after_each: Callable[[int], None] | None = None) -> int:
    """Paints the sheets on a printer or PDF writer set to the layout's paper at full page; returns the count.
    after_each(n) runs after sheet n (1-based): progress, and a way to stop by raising."""
    device.setPageLayout(full_page(layout))
    if hasattr(device, "setFullPage"):
        device.setFullPage(True)            # a QPrinter: the origin at the paper's corner, as for a PDF
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("cannot start drawing on the printer or PDF")
    count = 0
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(device.logicalDpiX() / CSS_DPI, device.logicalDpiY() / CSS_DPI)
        for draw in sheets:
            if count:
                device.newPage()
            painter.save()
            draw(painter)
            painter.restore()
            count += 1
            if after_each is not None:
                after_each(count)
    finally:
        painter.end()
    return count


def sheet_image(layout: QPageLayout, draw: Sheet, scale: float = 1.0) -> QImage:
    """One sheet as a picture, margins included: what the printed page looks like."""
    full = layout.fullRectPixels(CSS_DPI)
    image = QImage(int(full.width() * scale), int(full.height() * scale), QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.scale(scale, scale)
    draw(painter)
    painter.end()
    return image
