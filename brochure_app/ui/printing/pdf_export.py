"""The brochure on paper: one PDF of the whole region brochure, one section, or one page.

A4 portrait. A title page (region, source and source edition, date printed, app version and content edition; for
the whole brochure and for a section), a contents page with page numbers (whole brochure), then every page of the
brochure starting on a new sheet: the region's home page, and per kind of item a section page followed by its
pages. Every sheet after the title page has a running header (region | section) and footer (source and edition,
date printed, versions | "Page N of M"), painted by the app's one A4 stack (printing.sheet), which paper.py's
bench sheets share. Pages are the app's own sanitised HTML (render.html.render) laid out by QTextDocument with
print.css: always light, whatever the app's theme, body text 11 pt, no ligature glyphs. An item's criteria are
printed once: where the page's own text has a "Who it is for" (or "... not for") section, the summary table's
column that says the same is left out of the PDF (the window shows both). Links between pages stay clickable in a
PDF reader and gain "(p. N)" for paper; web links keep their address in print. The PDF has a bookmark per section
and page, its language (en-GB) and its properties (printing.pdf_file).

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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup
from PySide6.QtCore import QCoreApplication, QSizeF
from PySide6.QtGui import QGuiApplication, QPagedPaintDevice, QPainter, QTextDocument

from brochure_app.catalogue.catalogue import Catalogue
from brochure_app.catalogue.paths import resources_dir
from brochure_app.domain.taxonomy import KINDS, kind_tab
from brochure_app.export.meta import GENERATOR, BuildInfo, ExportError
from brochure_app.export.output import check_output_file
from brochure_app.render.html import environment, render
from brochure_app.ui.printing import pdf_file
from brochure_app.ui.printing.sheet import (
    Furniture,
    a4_layout,
    body_size,
    draw_body,
    draw_furniture,
    layout_device,
    make_document,
    paint_sheets,
)

LAYOUT = a4_layout(margin_mm=(18.0, 24.0, 18.0, 22.0))    # A4 portrait; header and footer in the margins
BODY_POINTS = 11.0                        # body text (print.css sets the same): at least 11 pt, for reading
SCOPES = "brochure, home, section:KIND, item:ID"
_PLACEHOLDER = 888                          # as wide as any real page number: pass 2 never needs more room
_LINK = re.compile(r'<a\b[^>]*?\shref="#pdf:(item|section|home):([^"]*)"[^>]*>(.*?)</a>', re.S)
_WEB_LINK = re.compile(r'<a\b[^>]*?\shref="((?:https?://|mailto:)[^"]*)"[^>]*>(.*?)</a>', re.S)
_TAGS = re.compile(r"<[^>]+>")
_FACTS = re.compile(r'<table class="facts"[^>]*>.*?<td valign="top">(.*?)</td><td valign="top">(.*?)</td></tr>'
                    r"</table>", re.S)
_HEADING = re.compile(r"<h[23][^>]*>(.*?)</h[23]>", re.S)
_SAYS_FOR = {"who it is for", "who they are for", "who is suitable"}
_SAYS_NOT_FOR = {"who it is not for", "who is not suitable"}

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


def _criteria_once(html: str) -> str:
    """An item page with the summary table's "Who it is for" / "Who it is not for" columns left out where the
    page's own text has that section: each criterion once in print. A column the text does not cover moves into
    the text beside the other (just after "Who it is for", just before "Who it is not for")."""
    facts = _FACTS.search(html)
    if facts is None:
        return html
    head, body = html[:facts.start()], html[facts.end():]
    headings = [(m, _html.unescape(_TAGS.sub("", m.group(1))).strip().lower()) for m in _HEADING.finditer(body)]
    has_for = next((n for n, (_m, text) in enumerate(headings) if text in _SAYS_FOR), None)
    has_not = next((n for n, (_m, text) in enumerate(headings) if text in _SAYS_NOT_FOR), None)
    if has_for is None and has_not is None:
        return html
    if has_for is not None and has_not is not None:
        return head + body
    if has_for is not None:     # the table's "not for" goes after the text's "for" section
        at = headings[has_for + 1][0].start() if has_for + 1 < len(headings) else len(body)
        moved = f"<h2>Who it is not for</h2>{facts.group(2)}"
    else:                       # the table's "for" goes before the text's "not for" section
        at = headings[has_not][0].start()
        moved = f"<h2>Who it is for</h2>{facts.group(1)}"
    return head + body[:at] + moved + body[at:]


def _report(progress, percent: int) -> None:
    if progress is not None and progress(percent, 100) is False:
        raise ExportCancelled("the PDF export was cancelled")


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
        html = f'<a name="{_anchor(key)}"></a>' + _criteria_once(page.html)
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
    """Lays the chunks out on the sheets' bodies and paints them with running headers and footers."""

    def __init__(self, plan: _Plan):
        self.plan = plan
        self.css = _print_css()
        self.device = layout_device()
        self.size: QSizeF = body_size(LAYOUT)
        self.total = 0
        region, info = plan.region, plan.info
        name = region.short_name
        self.region_name = f"Historical guide ({region.edition}) · {name}" if region.historical else name
        self.footer = (f"Source: {region.source.title} — source edition {region.edition}",
                       f"Printed {info.date_text} · {info.versions}")

    def _layout(self, chunk: _Chunk, html: str) -> QTextDocument:
        if chunk.doc is not None and chunk.laid_out == html:
            return chunk.doc
        doc = make_document(html, self.css, BODY_POINTS, page_size=self.size, device=self.device)
        chunk.doc, chunk.laid_out = doc, html    # paginated: no line is cut by a page edge
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
        """One A4 sheet, in layout units (1/96 inch) from the sheet's top left corner; the title page is bare."""
        draw_body(painter, chunk.doc, LAYOUT, page)
        if chunk.header:
            furniture = Furniture(self.region_name, chunk.header, self.footer, self.plan.region.historical)
            draw_furniture(painter, LAYOUT, furniture, sheet, self.total, self.device)

    def painters(self):
        """One drawing function per sheet, in order (printing.sheet.paint_sheets)."""
        return [lambda p, c=c, n=n, s=s: self.draw(p, c, n, s) for c, n, s in self.sheets()]

    def progress(self, progress):
        return lambda sheet: _report(progress, 50 + 50 * sheet // self.total)

    def bookmarks(self) -> tuple[pdf_file.Bookmark, ...]:
        """The PDF's outline: the home page, then each section with its pages under it."""
        tops: list[tuple[_Chunk, int, list[pdf_file.Bookmark]]] = []
        for chunk, page, sheet in self.sheets():
            if page or chunk.level < 0:
                continue
            if chunk.key.startswith("item:") and tops and tops[-1][0].key.startswith("section:"):
                tops[-1][2].append(pdf_file.Bookmark(chunk.title, sheet))
            else:
                tops.append((chunk, sheet, []))
        return tuple(pdf_file.Bookmark(c.title, s, tuple(children)) for c, s, children in tops)

    def properties(self) -> pdf_file.Properties:
        region, info = self.plan.region, self.plan.info
        scope = {"brochure": "the whole brochure", "home": "foreword and overview"}.get(self.plan.scope, "")
        if not scope:
            scope = next((c.title for c in self.plan.chunks if c.key == self.plan.scope), self.plan.scope)
        return pdf_file.Properties(
            title=f"{region.name} — judicial brochure of probation interventions",
            creator=f"{GENERATOR} {info.app_version} (content edition {info.content_edition})",
            author=f"{GENERATOR}, from {region.source.title}",
            subject=(f"Probation interventions available to courts in {region.name}: {scope}; source edition "
                     f"{region.edition}, printed {info.date_text}"),
            bookmarks=self.bookmarks())


def _prepare(catalogue: Catalogue, region_id: str, scope: str, info: BuildInfo | None, progress) -> _Sheets:
    ensure_app()
    sheets = _Sheets(_Plan(catalogue, region_id, scope, info or BuildInfo.for_catalogue(catalogue)))
    sheets.paginate(progress)
    return sheets


def print_pages(printer: QPagedPaintDevice, catalogue: Catalogue, region_id: str, scope: str = "brochure",
                info: BuildInfo | None = None) -> int:
    """Paint the sheets of scope on a QPrinter (e.g. from QPrintPreviewDialog.paintRequested); returns the sheet
    count. Sets the printer to A4 portrait, full page: the sheets carry their own margins."""
    sheets = _prepare(catalogue, region_id, scope, info, None)
    return paint_sheets(printer, LAYOUT, sheets.painters())


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
    try:
        pdf_file.write(out, LAYOUT, sheets.painters(), sheets.properties(), force, sheets.progress(progress))
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from None
    starts = {c.key: s for c, p, s in sheets.sheets() if p == 0 and c.key not in ("title", "contents")}
    return PdfResult(out, sheets.total, starts)
