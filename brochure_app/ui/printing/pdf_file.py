"""Every PDF the app writes, written one way: the sheets painted by QPdfWriter into memory, then finished for people
and screen readers, then written beside the destination and renamed over it (export.output.write_output): never
a half-written PDF, never an empty one.

Finishing: Qt's PDF writer (6.11) writes the title, creator, author (6.9+) and producer, but no subject, no
document language, no bookmarks (outline) and no tag structure; it has no API for any of them. The first three are
added afterwards with pypdf, as an incremental update (Qt's file is kept byte for byte and the additions follow
it, so the creator mark at the start of the file, by which export.output knows the app's own PDFs, stays). Tag
structure (a tagged PDF for screen readers) needs the marked content that only the writer of the page contents can
make: Qt's cannot, so the PDF stays untagged.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QPageLayout, QPdfWriter

from brochure_app.export.meta import GENERATOR, ExportError
from brochure_app.export.output import check_output_file, write_output
from brochure_app.ui.printing.sheet import CSS_DPI, Sheet, paint_sheets

LANGUAGE = "en-GB"


@dataclass(frozen=True)
class Bookmark:
    """One entry of the PDF's outline: its title, the sheet it opens (1-based) and the entries under it."""

    title: str
    sheet: int
    children: tuple[Bookmark, ...] = ()


@dataclass(frozen=True)
class Properties:
    """The document's properties as a PDF reader shows them."""

    title: str
    creator: str = GENERATOR
    author: str = GENERATOR
    subject: str = ""
    language: str = LANGUAGE
    bookmarks: tuple[Bookmark, ...] = field(default_factory=tuple)


def checked_path(path: Path | str, force: bool, kind: str = "pdf") -> Path:
    """Where a `kind` ('pdf', 'png') may be written (export.output's rules); its refusal as an OSError, like any
    file that cannot be written."""
    try:
        return check_output_file(path, kind, force)
    except ExportError as exc:
        raise OSError(str(exc)) from None


def render(layout: QPageLayout, sheets: Iterable[Sheet], properties: Properties, after_each=None) -> tuple[bytes, int]:
    """The sheets as a finished PDF in memory; (bytes, sheet count). Raises OSError when nothing could be drawn."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(CSS_DPI)
    writer.setTitle(properties.title)
    writer.setCreator(properties.creator)
    if hasattr(writer, "setAuthor"):      # Qt 6.9+; finish() sets it for older ones
        writer.setAuthor(properties.author)
    try:
        count = paint_sheets(writer, layout, sheets, after_each)
    finally:
        del writer                          # ends the document
        buffer.close()
    raw = bytes(data.data())
    if not raw.startswith(b"%PDF"):
        raise OSError("the PDF could not be drawn")
    return finish(raw, properties), count


def finish(raw: bytes, properties: Properties) -> bytes:
    """Adds the subject, author, language, bookmarks and reader preferences to a PDF Qt wrote."""
    from pypdf import PdfWriter
    from pypdf.generic import BooleanObject, DictionaryObject, NameObject, TextStringObject

    pdf = PdfWriter(io.BytesIO(raw), incremental=True)
    pdf.add_metadata({"/Title": properties.title, "/Author": properties.author, "/Subject": properties.subject,
                      "/Creator": properties.creator})
    root = pdf.root_object
    root[NameObject("/Lang")] = TextStringObject(properties.language)
    root[NameObject("/ViewerPreferences")] = DictionaryObject({NameObject("/DisplayDocTitle"): BooleanObject(True)})
    if properties.bookmarks:
        root[NameObject("/PageMode")] = NameObject("/UseOutlines")

    def add(marks: tuple[Bookmark, ...], parent=None) -> None:
        for mark in marks:
            entry = pdf.add_outline_item(title=mark.title, page_number=mark.sheet - 1, parent=parent,
                                         is_open=False)
            add(mark.children, entry)

    add(properties.bookmarks)
    out = io.BytesIO()
    pdf.write(out)
    return out.getvalue()


def write(path: Path | str, layout: QPageLayout, sheets: Iterable[Sheet], properties: Properties,
          force: bool = True, after_each=None) -> int:
    """Draws and writes the PDF atomically; returns the sheet count. The folder must exist (export.output); an
    existing file is replaced only when it is one of the app's own PDFs, or with force. Raises OSError."""
    out = checked_path(path, force)
    data, count = render(layout, sheets, properties, after_each)
    out = checked_path(out, force)          # again: drawing took a while, and what is there may have changed
    write_output(out, data)
    return count
