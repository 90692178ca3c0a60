"""Paper for the bench tools: A4 layouts, a rich-text document painted page by page onto a printer or a PDF,
fitting a document on one sheet, a PNG of a document, and the save-file question.

Layout is in CSS pixels (96 per inch) whatever the device; painting scales to the device's resolution. PDFs are
written into memory and then to disk through userdata.atomic (temporary file + rename): never a half-written file.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPointF, QRectF, QSizeF, QStandardPaths, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtWidgets import QFileDialog, QWidget

from brochure_app.export.meta import ExportError
from brochure_app.export.output import PNG_SOFTWARE, check_output_file, write_output
from brochure_app.ui.common.safe_document import SafeDocument

CSS_DPI = 96
FOOTER_PX = 22
FONT_FAMILIES = ["DejaVu Sans", "Arial", "Helvetica", "Liberation Sans"]


def a4_layout(landscape: bool = False, margin_mm: float = 14.0) -> QPageLayout:
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation,
                       QMarginsF(margin_mm, margin_mm, margin_mm, margin_mm), QPageLayout.Unit.Millimeter)


def font(points: float, bold: bool = False) -> QFont:
    f = QFont()
    f.setFamilies(FONT_FAMILIES)
    f.setPointSizeF(points)
    f.setBold(bold)
    return f


def body_size(layout: QPageLayout) -> QSizeF:
    """The printable area of one sheet in CSS pixels, less the footer line."""
    rect = layout.paintRectPixels(CSS_DPI)
    return QSizeF(rect.width(), rect.height() - FOOTER_PX)


def make_document(html: str, css: str = "", points: float = 10.0, layout: QPageLayout | None = None) -> QTextDocument:
    doc = SafeDocument()
    doc.setUndoRedoEnabled(False)
    doc.setDefaultFont(font(points))
    doc.setDefaultStyleSheet(css)
    doc.setDocumentMargin(0)
    doc.setHtml(html)
    if layout is not None:
        doc.setPageSize(body_size(layout))
    return doc


def fit_one_page(build, layout: QPageLayout, largest: float = 10.5, smallest: float = 7.0,
                 step: float = 0.5) -> tuple[QTextDocument, float, bool]:
    """Lays out build(points) → (html, css) at falling sizes until it fits one sheet.
    Returns (document, points used, whether it fits)."""
    points = largest
    while True:
        html, css = build(points)
        doc = make_document(html, css, points, layout)
        if doc.pageCount() <= 1 or points - step < smallest - 1e-9:
            return doc, points, doc.pageCount() <= 1
        points -= step


def _draw_page(painter: QPainter, doc: QTextDocument, size: QSizeF, page: int, pages: int, footer: str) -> None:
    """One sheet's body and footer, in CSS pixels from the top-left of the printable area."""
    painter.save()
    painter.translate(0, -page * size.height())
    doc.drawContents(painter, QRectF(0, page * size.height(), size.width(), size.height()))
    painter.restore()
    small = font(7.5)
    metrics = QFontMetricsF(small)
    painter.setFont(small)
    painter.setPen(QColor("#505a5f"))
    number = f"Page {page + 1} of {pages}"
    base = size.height() + FOOTER_PX - metrics.descent()
    painter.drawLine(QPointF(0, size.height() + 4), QPointF(size.width(), size.height() + 4))
    room = size.width() - metrics.horizontalAdvance(number) - 16
    painter.drawText(QPointF(0, base), metrics.elidedText(footer, Qt.TextElideMode.ElideRight, room))
    painter.drawText(QPointF(size.width() - metrics.horizontalAdvance(number), base), number)


def paint_document(doc: QTextDocument, device: QPagedPaintDevice, footer: str = "") -> int:
    """Paints the document onto the device's pages with a small footer (text · page N of M); returns the pages."""
    size = body_size(device.pageLayout())
    doc.setPageSize(size)
    pages = max(1, doc.pageCount())
    scale = device.resolution() / CSS_DPI
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("cannot start drawing on the printer or PDF")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for page in range(pages):
            if page:
                device.newPage()
            painter.save()
            painter.scale(scale, scale)
            _draw_page(painter, doc, size, page, pages, footer)
            painter.restore()
    finally:
        painter.end()
    return pages


def page_image(doc: QTextDocument, layout: QPageLayout, footer: str = "", page: int = 0,
               scale: float = 1.0) -> QImage:
    """One sheet as a picture, margins included: what the printed page looks like."""
    size = body_size(layout)
    doc.setPageSize(size)
    full = layout.fullRectPixels(CSS_DPI)
    paint = layout.paintRectPixels(CSS_DPI)
    image = QImage(int(full.width() * scale), int(full.height() * scale), QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.scale(scale, scale)
    painter.translate(paint.left(), paint.top())
    _draw_page(painter, doc, size, page, max(1, doc.pageCount()), footer)
    painter.end()
    return image


def pdf_bytes(doc: QTextDocument, layout: QPageLayout, title: str, footer: str = "") -> tuple[bytes, int]:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(300)
    writer.setPageLayout(layout)
    writer.setTitle(title)
    writer.setCreator("brochure-app")
    pages = paint_document(doc, writer, footer)
    del writer
    buffer.close()
    return bytes(data.data()), pages


def write_pdf(path: Path | str, doc: QTextDocument, layout: QPageLayout, title: str, footer: str = "",
              force: bool = True) -> int:
    """Writes the PDF atomically; returns the number of pages. force: replace an existing file that is not one of
    the app's own PDFs; True by default because these exports follow the save dialog, which asked the person
    (ask_save_path). The folder must exist (export.output). Raises OSError (ExportError) when it cannot be written."""
    out = _checked(path, "pdf", force)
    data, pages = pdf_bytes(doc, layout, title, footer)
    if not data.startswith(b"%PDF"):
        raise OSError("the PDF could not be drawn")
    write_output(out, data)
    return pages


def _checked(path: Path | str, kind: str, force: bool) -> Path:
    """The path, once export.output allows writing a `kind` there; its refusal as an OSError, as the callers expect
    of a file that cannot be written."""
    try:
        return check_output_file(path, kind, force)
    except ExportError as exc:
        raise OSError(str(exc)) from None


def document_image(doc: QTextDocument, width: float, scale: float = 2.0, background: str = "#ffffff") -> QImage:
    """The whole document as one image, laid out `width` CSS pixels wide, at `scale` device pixels per pixel."""
    doc.setPageSize(QSizeF(-1, -1))
    doc.setTextWidth(width)
    height = doc.size().height()
    image = QImage(int(width * scale), int(height * scale), QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(1.0)
    image.fill(QColor(background))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.scale(scale, scale)
    doc.drawContents(painter)
    painter.end()
    return image


def write_png(path: Path | str, image: QImage, force: bool = True) -> None:
    """Writes the picture atomically, marked as the app's own (so that the next one may replace it); force as for
    write_pdf. A picture that cannot be encoded leaves nothing behind. Raises OSError when it cannot be written."""
    out = _checked(path, "png", force)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image = QImage(image)          # a copy: the caller's picture keeps its own text
    image.setText(*PNG_SOFTWARE)
    if not image.save(buffer, "PNG"):
        raise OSError("the picture could not be encoded")
    buffer.close()
    write_output(out, bytes(data.data()))


def ask_save_path(parent: QWidget | None, caption: str, suggested: str, kind: str) -> Path | None:
    """Asks where to save (kind 'pdf' or 'png'); None when the person cancels. Suggests the Documents folder."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
    filters = {"pdf": "PDF document (*.pdf)", "png": "PNG picture (*.png)"}
    name, _chosen = QFileDialog.getSaveFileName(parent, caption, str(Path(folder) / suggested), filters[kind])
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() != f".{kind}":
        # The dialog asked before replacing the name as typed, not this one: ask about this one.
        path = path.with_name(path.name + f".{kind}")
        if os.path.lexists(path) and not confirm_replace(parent, path):
            return None
    return path


def confirm_replace(parent: QWidget | None, path: Path) -> bool:
    """Asks the person whether to replace an existing file."""
    from brochure_app.ui.common.markup import ask

    return ask(parent, "Replace the file?", f"{path.name} already exists in {path.parent}. Replace it?")


def print_preview(parent: QWidget, title: str, build_document, footer: str = "", landscape: bool = False) -> None:
    """The system print preview (and from it the print dialog) for a document built on demand."""
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(a4_layout(landscape))
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"Print — {title}")
    dialog.paintRequested.connect(lambda p: paint_document(build_document(), p, footer))
    dialog.exec()


def export_pdf_via_dialog(parent, title: str, suggested: str, export, report) -> None:
    """Asks where to save, runs export(path) → pages, and reports the outcome in one line (never raises OSError)."""
    path = ask_save_path(parent, title, suggested, "pdf")
    if path is None:
        return
    try:
        pages = export(path)
        report(f"Saved {path} ({pages} page{'s' if pages != 1 else ''}).")
    except OSError as exc:
        report(f"Could not save {path}: {exc.strerror or exc}")
