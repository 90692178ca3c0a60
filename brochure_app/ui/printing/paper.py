"""Paper for the bench tools (bench card, comparison, region grid): a rich-text document on A4 sheets, painted onto
a printer or a PDF through the app's one A4 stack (printing.sheet: layout, fonts, header and footer; printing.pdf_file:
the atomic PDF writer), fitting a document on one sheet, a PNG of a document, and the save-file question.

Each sheet has a running header (the document's title | date printed) and a footer (the caller's line | page N of
M), both in the margins.
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSizeF, QStandardPaths
from PySide6.QtGui import QColor, QImage, QPagedPaintDevice, QPageLayout, QPainter, QTextDocument
from PySide6.QtWidgets import QFileDialog, QWidget

from brochure_app.export.meta import GENERATOR, long_date
from brochure_app.export.output import PNG_SOFTWARE, write_output
from brochure_app.ui.printing import pdf_file
from brochure_app.ui.printing.sheet import (
    CSS_DPI,
    FONT_FAMILIES,
    Furniture,
    a4_layout,
    body_size,
    draw_in_ink,
    draw_sheet,
    font,
    make_document,
    paint_sheets,
    sheet_image,
)

__all__ = ["CSS_DPI", "FONT_FAMILIES", "a4_layout", "body_size", "font", "make_document", "fit_one_page",
           "paint_document", "page_image", "pdf_bytes", "write_pdf", "document_image", "write_png",
           "ask_save_path", "confirm_replace", "print_preview", "export_pdf_via_dialog"]


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


def _furniture(doc: QTextDocument, footer: str, title: str) -> Furniture:
    """The header names the sheet (its title, else the document's first line) and the day it was printed."""
    heading = title or doc.firstBlock().text().strip()
    return Furniture(heading, f"Printed {long_date(_dt.date.today())}", (footer,) if footer else ())


def _sheets(doc: QTextDocument, layout: QPageLayout, footer: str, title: str):
    doc.setPageSize(body_size(layout))
    pages = max(1, doc.pageCount())
    furniture = _furniture(doc, footer, title)
    return pages, [lambda p, n=n: draw_sheet(p, layout, doc, n, furniture, n + 1, pages) for n in range(pages)]


def paint_document(doc: QTextDocument, device: QPagedPaintDevice, footer: str = "", title: str = "",
                   layout: QPageLayout | None = None) -> int:
    """Paints the document on the device's pages (layout: the sheet, by default the device's own page layout, whose
    margins the sheets keep); returns the pages."""
    layout = QPageLayout(layout or device.pageLayout())
    _pages, sheets = _sheets(doc, layout, footer, title)
    return paint_sheets(device, layout, sheets)


def page_image(doc: QTextDocument, layout: QPageLayout, footer: str = "", page: int = 0,
               scale: float = 1.0, title: str = "") -> QImage:
    """One sheet as a picture, margins included: what the printed page looks like."""
    _pages, sheets = _sheets(doc, layout, footer, title)
    return sheet_image(layout, sheets[min(page, len(sheets) - 1)], scale)


def _properties(title: str) -> pdf_file.Properties:
    return pdf_file.Properties(title=title, creator=GENERATOR, subject=title)


def pdf_bytes(doc: QTextDocument, layout: QPageLayout, title: str, footer: str = "") -> tuple[bytes, int]:
    _pages, sheets = _sheets(doc, layout, footer, title)
    return pdf_file.render(layout, sheets, _properties(title))


def write_pdf(path: Path | str, doc: QTextDocument, layout: QPageLayout, title: str, footer: str = "",
              force: bool = True) -> int:
    """Writes the PDF atomically; returns the number of pages. force: replace an existing file that is not one of
    the app's own PDFs; True by default because these exports follow the save dialog, which asked the person
    (ask_save_path). The folder must exist (export.output). Raises OSError when it cannot be written."""
    pdf_file.checked_path(path, force)
    _pages, sheets = _sheets(doc, layout, footer, title)
    return pdf_file.write(path, layout, sheets, _properties(title), force)


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
    draw_in_ink(doc, painter)
    painter.end()
    return image


def write_png(path: Path | str, image: QImage, force: bool = True) -> None:
    """Writes the picture atomically, marked as the app's own (so that the next one may replace it); force as for
    write_pdf. A picture that cannot be encoded leaves nothing behind. Raises OSError when it cannot be written."""
    out = pdf_file.checked_path(path, force, "png")
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
    layout = a4_layout(landscape)
    printer.setPageLayout(layout)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"Print — {title}")
    dialog.paintRequested.connect(lambda p: paint_document(build_document(), p, footer, layout=layout))
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
